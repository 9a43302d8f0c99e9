//! Reads one INI file exactly as botocore does: Python's `RawConfigParser`
//! (strict, `=`/`:` delimiters, whole-line `#`/`;` comments, indented
//! continuation lines, a `[DEFAULT]` section merged into every other section)
//! followed by botocore's one-level nested sub-sections (`s3 =` + indented
//! `key = value` lines). rust-ini flattens sub-sections and forgives duplicates,
//! so the rules live here, each one checked against botocore by the fixture tests.

use super::pystr;
use indexmap::IndexMap;
use std::collections::HashSet;

/// A value as botocore hands it on: text, or a nested sub-section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Nested(IndexMap<String, String>),
}

impl Value {
    /// The text of a plain value; `None` for a sub-section.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            Value::Nested(_) => None,
        }
    }
}

/// One key of a section, with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    pub line: usize,
}

/// A section as botocore sees it: its own keys, then any `[DEFAULT]` keys it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub line: usize,
    pub entries: IndexMap<String, Entry>,
}

/// Why a file was refused, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

/// A raw value while reading: its pieces (one per physical line) and their lines.
#[derive(Debug, Clone)]
struct RawValue {
    pieces: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
struct RawSection {
    name: String,
    line: usize,
    options: IndexMap<String, RawValue>,
}

/// Where the reader is appending keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    None,
    Defaults,
    Section(usize),
}

const DEFAULT_SECTION: &str = "DEFAULT";

/// Parses the text of one file. `text` must already be valid UTF-8 (the
/// caller reports undecodable bytes with their line).
pub fn parse(text: &str) -> Result<Vec<Section>, SyntaxError> {
    let (defaults, sections) = read_raw(text)?;
    let mut out = Vec::with_capacity(sections.len());
    for raw in sections {
        let mut entries = IndexMap::with_capacity(raw.options.len() + defaults.len());
        let merged = raw.options.iter().chain(
            defaults
                .iter()
                .filter(|(k, _)| !raw.options.contains_key(*k)),
        );
        for (key, value) in merged {
            let line = value.pieces.first().map_or(raw.line, |p| p.1);
            entries.insert(
                key.clone(),
                Entry {
                    value: finish_value(value)?,
                    line,
                },
            );
        }
        out.push(Section {
            name: raw.name,
            line: raw.line,
            entries,
        });
    }
    Ok(out)
}

/// Python's `RawConfigParser._read` with `strict=True` and `empty_lines_in_values=True`.
fn read_raw(text: &str) -> Result<(IndexMap<String, RawValue>, Vec<RawSection>), SyntaxError> {
    let mut defaults: IndexMap<String, RawValue> = IndexMap::new();
    let mut sections: Vec<RawSection> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut added_options: HashSet<(String, String)> = HashSet::new();
    let mut target = Target::None;
    let mut section_name = String::new();
    let mut option: Option<String> = None;
    let mut indent_level = 0usize;
    let mut deferred: Option<SyntaxError> = None;

    for (i, line) in pystr::file_lines(text).into_iter().enumerate() {
        let lineno = i + 1;
        let is_comment = {
            let t = pystr::strip(line);
            t.starts_with('#') || t.starts_with(';')
        };
        let value = if is_comment { "" } else { pystr::strip(line) };
        if value.is_empty() {
            // An empty line (not a comment) belongs to the value being read.
            if !is_comment
                && let Some(opt) = option.as_deref().filter(|o| !o.is_empty())
                && let Some(raw) = options_mut(&mut defaults, &mut sections, target, opt)
            {
                raw.pieces.push((String::new(), lineno));
            }
            continue;
        }
        let indent = line
            .char_indices()
            .find(|(_, c)| !pystr::is_space(*c))
            .map_or(0, |(idx, _)| line[..idx].chars().count());
        let continuing = target != Target::None
            && option.as_deref().is_some_and(|o| !o.is_empty())
            && indent > indent_level;
        if continuing {
            let opt = option.as_deref().unwrap_or_default();
            if let Some(raw) = options_mut(&mut defaults, &mut sections, target, opt) {
                raw.pieces.push((value.to_string(), lineno));
            }
            continue;
        }
        indent_level = indent;
        if let Some(header) = section_header(value) {
            if let Some(&idx) = index.get(header) {
                return Err(SyntaxError {
                    line: lineno,
                    message: format!(
                        "section [{header}] appears twice (first on line {}); merge the two",
                        sections[idx].line
                    ),
                });
            } else if header == DEFAULT_SECTION {
                target = Target::Defaults;
            } else {
                index.insert(header.to_string(), sections.len());
                target = Target::Section(sections.len());
                sections.push(RawSection {
                    name: header.to_string(),
                    line: lineno,
                    options: IndexMap::new(),
                });
            }
            section_name = header.to_string();
            option = None;
            continue;
        }
        if target == Target::None {
            return Err(SyntaxError {
                line: lineno,
                message: format!("{:?} comes before any [section] header", truncate(value)),
            });
        }
        match split_option(value) {
            Some((key, val)) => {
                if key.is_empty() && deferred.is_none() {
                    deferred = Some(SyntaxError {
                        line: lineno,
                        message: format!("{:?} has no key before the separator", truncate(value)),
                    });
                }
                let key = pystr::rstrip(key).to_lowercase();
                if !added_options.insert((section_name.clone(), key.clone())) {
                    return Err(SyntaxError {
                        line: lineno,
                        message: format!(
                            "key {key:?} appears twice in section [{section_name}]; keep one"
                        ),
                    });
                }
                let raw = RawValue {
                    pieces: vec![(pystr::strip(val).to_string(), lineno)],
                };
                match target {
                    Target::Defaults => {
                        defaults.insert(key.clone(), raw);
                    }
                    Target::Section(idx) => {
                        sections[idx].options.insert(key.clone(), raw);
                    }
                    Target::None => {}
                }
                option = Some(key);
            }
            None => {
                if deferred.is_none() {
                    deferred = Some(SyntaxError {
                        line: lineno,
                        message: format!(
                            "{:?} is neither `key = value`, a [section] header nor a comment",
                            truncate(value)
                        ),
                    });
                }
            }
        }
    }
    match deferred {
        Some(err) => Err(err),
        None => Ok((defaults, sections)),
    }
}

fn options_mut<'a>(
    defaults: &'a mut IndexMap<String, RawValue>,
    sections: &'a mut [RawSection],
    target: Target,
    option: &str,
) -> Option<&'a mut RawValue> {
    match target {
        Target::None => None,
        Target::Defaults => defaults.get_mut(option),
        Target::Section(idx) => sections[idx].options.get_mut(option),
    }
}

/// `SECTCRE`: `\[(?P<header>.+)\]` matched at the start of the stripped line;
/// the greedy `.+` runs to the last `]` on the line.
fn section_header(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    let header = &rest[..end];
    (!header.is_empty()).then_some(header)
}

/// `OPTCRE`: the key is everything before the first `=` or `:`.
fn split_option(value: &str) -> Option<(&str, &str)> {
    let pos = value.find(['=', ':'])?;
    Some((&value[..pos], &value[pos + 1..]))
}

/// Joins the pieces as configparser does, then applies botocore's nested
/// sub-section rule to values that start with a newline.
fn finish_value(raw: &RawValue) -> Result<Value, SyntaxError> {
    let mut pieces: &[(String, usize)] = &raw.pieces;
    while let Some((last, rest)) = pieces.split_last() {
        if last.0.is_empty() && !rest.is_empty() {
            pieces = rest;
        } else {
            break;
        }
    }
    let nested = pieces.len() > 1 && pieces[0].0.is_empty();
    if !nested {
        let text: Vec<&str> = pieces.iter().map(|p| p.0.as_str()).collect();
        return Ok(Value::Text(text.join("\n")));
    }
    let mut map = IndexMap::new();
    for (piece, line) in &pieces[1..] {
        for sub in pystr::splitlines(piece) {
            let sub = pystr::strip(sub);
            if sub.is_empty() {
                continue;
            }
            let Some((k, v)) = sub.split_once('=') else {
                return Err(SyntaxError {
                    line: *line,
                    message: format!(
                        "{:?} in an indented sub-section is not `key = value` (only `=` works here)",
                        truncate(sub)
                    ),
                });
            };
            map.insert(pystr::strip(k).to_string(), pystr::strip(v).to_string());
        }
    }
    Ok(Value::Nested(map))
}

fn truncate(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: &Value) -> &str {
        v.as_text().expect("text value")
    }

    #[test]
    fn reads_keys_with_both_separators_and_keeps_inline_comments() {
        let s = parse("[profile a]\nRegion: us-east-1 # x\nk=a=b\n").unwrap();
        assert_eq!(s[0].name, "profile a");
        assert_eq!(text(&s[0].entries["region"].value), "us-east-1 # x");
        assert_eq!(text(&s[0].entries["k"].value), "a=b");
    }

    #[test]
    fn nested_sub_sections_and_continuations() {
        let s =
            parse("[x]\ns3 =\n  Max = 1\n\n  # c\n  b=2\nmulti = a\n  b\n\nafter = 1\n").unwrap();
        let Value::Nested(m) = &s[0].entries["s3"].value else {
            panic!("not nested")
        };
        assert_eq!(m["Max"], "1");
        assert_eq!(m["b"], "2");
        assert_eq!(text(&s[0].entries["multi"].value), "a\nb");
        assert_eq!(text(&s[0].entries["after"].value), "1");
    }

    #[test]
    fn empty_value_followed_by_blank_lines_stays_text() {
        let s = parse("[x]\nregion =\n\n\nk = v\n").unwrap();
        assert_eq!(text(&s[0].entries["region"].value), "");
    }

    #[test]
    fn default_section_is_merged_into_every_section() {
        let s = parse("[DEFAULT]\nregion = r\n[a]\nk = v\n[b]\nregion = mine\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(text(&s[0].entries["region"].value), "r");
        assert_eq!(text(&s[1].entries["region"].value), "mine");
    }

    #[test]
    fn rejects_what_configparser_rejects() {
        assert_eq!(parse("k = v\n").unwrap_err().line, 1);
        assert_eq!(parse("[a]\n[b]\n[a]\n").unwrap_err().line, 3);
        assert_eq!(parse("[a]\nK = 1\nk = 2\n").unwrap_err().line, 3);
        assert_eq!(parse("[a]\nnoseparator\nk = 1\n").unwrap_err().line, 2);
        assert_eq!(parse("[a]\n= 1\n").unwrap_err().line, 2);
        assert_eq!(parse("[a]\ns3 =\n  x: 1\n").unwrap_err().line, 3);
    }

    #[test]
    fn header_runs_to_the_last_bracket() {
        let s = parse("[a]b] trailing\nk=v\n").unwrap();
        assert_eq!(s[0].name, "a]b");
    }
}
