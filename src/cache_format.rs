//! The formats AWS tools share across their caches: timestamps as the AWS
//! CLI writes them (and the spellings other tools write, read leniently),
//! and the lowercase SHA-1 that names cache files. A bottom layer: the token
//! cache (`sso/`) and the role-credential cache (`creds/`) both use it.

use sha1::{Digest, Sha1};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Lowercase hex SHA-1.
pub fn sha1_hex(text: &str) -> String {
    hex::encode(Sha1::digest(text.as_bytes()))
}

/// `YYYY-MM-DDTHH:MM:SSZ`, the AWS CLI's format.
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Parses the timestamp spellings tools write: RFC 3339 with `Z` or an
/// offset, with or without fractions, a trailing `UTC`, a space for `T`, or
/// no zone at all (taken as UTC). The result is in UTC, and only times whose
/// UTC year has four digits are accepted, so that [`format_time`] can write
/// back every time read here.
pub fn parse_time(raw: &str) -> Option<OffsetDateTime> {
    let mut s = raw.trim().to_string();
    if s.len() > 10 && s.as_bytes()[10] == b' ' {
        s.replace_range(10..11, "T");
    }
    if let Some(stripped) = s.strip_suffix("UTC") {
        s = format!("{}Z", stripped.trim_end());
    }
    if s.ends_with(|c: char| c.is_ascii_digit()) && !has_offset(&s) {
        s.push('Z');
    }
    OffsetDateTime::parse(&s, &Rfc3339)
        .ok()
        // An offset can move 9999-12-31 or 0000-01-01 out of those years.
        .and_then(|t| t.checked_to_offset(time::UtcOffset::UTC))
        .filter(|t| (0..=9999).contains(&t.year()))
}

fn has_offset(s: &str) -> bool {
    // An offset looks like +HH:MM or -HH:MM after the time part. (`get`: byte
    // 19 may fall inside a non-ASCII character of a malformed timestamp.)
    s.get(19..).is_some_and(|rest| rest.contains(['+', '-']))
}
