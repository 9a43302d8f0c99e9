//! Reads one INI file exactly as botocore does: Python's `RawConfigParser`
//! (strict, `=`/`:` delimiters, whole-line `#`/`;` comments, indented
//! continuation lines, a `[DEFAULT]` section merged into every other section)
//! followed by botocore's one-level nested sub-sections (`s3 =` + indented
//! `key = value` lines). rust-ini flattens sub-sections and forgives duplicates,
//! so the rules live here, each one checked against botocore by the fixture tests.

use super::pystr;
use indexmap::IndexMap;

/// An insertion-ordered map keyed by name (botocore keeps file order), with a
/// fast hasher: these maps hold untrusted-but-local keys and are hashed a lot.
pub type Map<V> = IndexMap<String, V, foldhash::fast::RandomState>;
use std::collections::HashMap;

/// A value as botocore hands it on: text, or a nested sub-section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Nested(Map<String>),
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

/// Which of the two files a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Config,
    Credentials,
}

/// One key of a section, with the file and line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    pub file: FileKind,
    pub line: usize,
    /// The lines of continuation pieces, while reading (one per `\n` in the text).
    continued_on: Vec<usize>,
}

impl Entry {
    /// A single-line entry (for callers that build sections by hand).
    pub fn new(value: Value, file: FileKind, line: usize) -> Self {
        Entry {
            value,
            file,
            line,
            continued_on: Vec::new(),
        }
    }
}

/// A section as botocore sees it: its own keys, then any `[DEFAULT]` keys it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub line: usize,
    pub entries: Map<Entry>,
}

/// Why a file was refused, and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
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
/// caller reports undecodable bytes with their line). Each key is hashed once:
/// values are joined as they are read and finished in place.
pub fn parse(text: &str, file: FileKind) -> Result<Vec<Section>, SyntaxError> {
    let (defaults, mut sections) = read_raw(text, file)?;
    // botocore parses `[DEFAULT]` values only through the sections that inherit them,
    // so a bad one is an error only where a section does not override it.
    let defaults: Vec<(String, Result<Entry, SyntaxError>)> = defaults
        .into_iter()
        .map(|(key, mut entry)| {
            let finished = finish_value(&mut entry).map(|()| entry);
            (key, finished)
        })
        .collect();
    for section in &mut sections {
        section.entries.values_mut().try_for_each(finish_value)?;
        for (key, entry) in &defaults {
            if !section.entries.contains_key(key) {
                section.entries.insert(key.clone(), entry.clone()?);
            }
        }
    }
    Ok(sections)
}

/// Python's `RawConfigParser._read` with `strict=True` and `empty_lines_in_values=True`.
fn read_raw(text: &str, file: FileKind) -> Result<(Map<Entry>, Vec<Section>), SyntaxError> {
    let mut defaults: Map<Entry> = Map::default();
    let mut sections: Vec<Section> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut target = Target::None;
    let mut option: Option<String> = None;
    let mut indent_level = 0usize;
    let mut deferred: Option<SyntaxError> = None;

    for (i, line) in pystr::file_lines(text).into_iter().enumerate() {
        let lineno = i + 1;
        let stripped = pystr::strip(line);
        let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
        let value = if is_comment { "" } else { stripped };
        if value.is_empty() {
            // An empty line (not a comment) belongs to the value being read.
            if !is_comment
                && let Some(opt) = option.as_deref().filter(|o| !o.is_empty())
                && let Some(entry) = entry_mut(&mut defaults, &mut sections, target, opt)
            {
                append(entry, "", lineno);
            }
            continue;
        }
        let indent = line
            .char_indices()
            .find(|(_, c)| !pystr::is_space(*c))
            .map_or(0, |(idx, _)| line[..idx].chars().count());
        if target != Target::None
            && indent > indent_level
            && let Some(opt) = option.as_deref().filter(|o| !o.is_empty())
        {
            if let Some(entry) = entry_mut(&mut defaults, &mut sections, target, opt) {
                append(entry, value, lineno);
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
                index.insert(header, sections.len());
                target = Target::Section(sections.len());
                sections.push(Section {
                    name: header.to_string(),
                    line: lineno,
                    entries: Map::default(),
                });
            }
            option = None;
            continue;
        }
        let options = match target {
            Target::None => {
                return Err(SyntaxError {
                    line: lineno,
                    message: format!("{} comes before any [section] header", quote_line(value)),
                });
            }
            Target::Defaults => &mut defaults,
            Target::Section(idx) => &mut sections[idx].entries,
        };
        let Some((key, val)) = split_option(value) else {
            deferred.get_or_insert_with(|| SyntaxError {
                line: lineno,
                message: format!(
                    "{} is neither `key = value`, a [section] header nor a comment",
                    quote_line(value)
                ),
            });
            continue;
        };
        if key.is_empty() {
            deferred.get_or_insert_with(|| SyntaxError {
                line: lineno,
                message: format!("{} has no key before the separator", quote_line(value)),
            });
        }
        let key = pystr::rstrip(key).to_lowercase();
        if options.contains_key(&key) {
            let section = match target {
                Target::Section(idx) => sections[idx].name.as_str(),
                _ => DEFAULT_SECTION,
            };
            return Err(SyntaxError {
                line: lineno,
                message: format!("key {key:?} appears twice in section [{section}]; keep one"),
            });
        }
        let entry = Entry::new(Value::Text(pystr::strip(val).to_string()), file, lineno);
        options.insert(key.clone(), entry);
        option = Some(key);
    }
    match deferred {
        Some(err) => Err(err),
        None => Ok((defaults, sections)),
    }
}

fn entry_mut<'a>(
    defaults: &'a mut Map<Entry>,
    sections: &'a mut [Section],
    target: Target,
    option: &str,
) -> Option<&'a mut Entry> {
    match target {
        Target::None => None,
        Target::Defaults => defaults.get_mut(option),
        Target::Section(idx) => sections[idx].entries.get_mut(option),
    }
}

/// Adds one continuation piece (configparser joins pieces with `\n`).
fn append(entry: &mut Entry, piece: &str, line: usize) {
    if let Value::Text(text) = &mut entry.value {
        text.push('\n');
        text.push_str(piece);
        entry.continued_on.push(line);
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

/// Finishes a value as configparser does (`rstrip` of the joined pieces), then
/// applies botocore's nested sub-section rule to values that start with a newline.
fn finish_value(entry: &mut Entry) -> Result<(), SyntaxError> {
    if entry.continued_on.is_empty() {
        return Ok(());
    }
    let lines = std::mem::take(&mut entry.continued_on);
    let Value::Text(text) = &mut entry.value else {
        return Ok(());
    };
    // Pieces are stripped, so only empty trailing pieces end in whitespace.
    let kept = text.trim_end_matches('\n').len();
    text.truncate(kept);
    if !text.starts_with('\n') {
        return Ok(());
    }
    let mut map = Map::default();
    // Piece 0 is the empty text after `key =`; piece n was read on lines[n - 1].
    for (piece, line) in text.split('\n').skip(1).zip(lines) {
        for sub in pystr::splitlines(piece) {
            let sub = pystr::strip(sub);
            if sub.is_empty() {
                continue;
            }
            let Some((k, v)) = sub.split_once('=') else {
                return Err(SyntaxError {
                    line,
                    message: format!(
                        "{} in an indented sub-section is not `key = value` (only `=` works here)",
                        quote_line(sub)
                    ),
                });
            };
            map.insert(pystr::strip(k).to_string(), pystr::strip(v).to_string());
        }
    }
    entry.value = Value::Nested(map);
    Ok(())
}

/// A line as a message shows it, without what may be a secret: cut after its
/// first `=` or `:` (`aws_secret_access_key = …`), or after its first word
/// when it has neither (its `=` forgotten), and only when what is left is
/// key-shaped (lower-case letters, digits, `_-.[]` and spaces, as keys and
/// section headers are); otherwise "this line" (a pasted key, the wrapped
/// tail of a token).
fn quote_line(line: &str) -> String {
    let line = pystr::strip(line);
    let cut = line
        .find(['=', ':'])
        .map(|pos| pos + 1)
        .or_else(|| line.find(pystr::is_space));
    let (head, more) = match cut {
        Some(at) => (
            pystr::rstrip(&line[..at]),
            !pystr::strip(&line[at..]).is_empty(),
        ),
        None => (line, false),
    };
    let key = pystr::strip(head.trim_end_matches(['=', ':']));
    let key_shaped = key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.[] ".contains(c));
    if !key_shaped {
        return "this line".to_string();
    }
    let shown = if more {
        format!("{head} …")
    } else {
        head.to_string()
    };
    format!("{:?}", truncate(&shown))
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

    #[test]
    fn a_bad_line_is_named_without_what_may_be_a_secret() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==";
        for (text, at) in [
            (format!("[default]\nregion = x\n{secret}\n"), 3),
            (format!("{token} = x\n[default]\n"), 1),
            (format!("[default]\naws_secret_access_key {secret}\n"), 2),
            (format!("[default]\n= {secret}\n"), 2),
            (format!("aws_session_token = {token}\n[default]\n"), 1),
        ] {
            let err = parse(&text, FileKind::Credentials).unwrap_err();
            assert_eq!(err.line, at, "{text}");
            assert!(!err.message.contains(&secret[..12]), "{}", err.message);
            assert!(!err.message.contains(&token[..12]), "{}", err.message);
        }
        assert_eq!(
            quote_line("aws_secret_access_key AKIA"),
            "\"aws_secret_access_key …\""
        );
        assert_eq!(quote_line(secret), "this line");
        assert_eq!(quote_line("[profile a"), "\"[profile …\"");
        assert_eq!(
            quote_line("[aws_secret_access_key = wJalrXUtnFEMI/K7MDENG"),
            "\"[aws_secret_access_key = …\""
        );
    }

    fn text(v: &Value) -> &str {
        v.as_text().expect("text value")
    }

    #[test]
    fn reads_keys_with_both_separators_and_keeps_inline_comments() {
        let s = parse(
            "[profile a]\nRegion: us-east-1 # x\nk=a=b\n",
            FileKind::Config,
        )
        .unwrap();
        assert_eq!(s[0].name, "profile a");
        assert_eq!(text(&s[0].entries["region"].value), "us-east-1 # x");
        assert_eq!(text(&s[0].entries["k"].value), "a=b");
    }

    #[test]
    fn nested_sub_sections_and_continuations() {
        let s = parse(
            "[x]\ns3 =\n  Max = 1\n\n  # c\n  b=2\nmulti = a\n  b\n\nafter = 1\n",
            FileKind::Config,
        )
        .unwrap();
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
        let s = parse("[x]\nregion =\n\n\nk = v\n", FileKind::Config).unwrap();
        assert_eq!(text(&s[0].entries["region"].value), "");
    }

    #[test]
    fn default_section_is_merged_into_every_section() {
        let s = parse(
            "[DEFAULT]\nregion = r\n[a]\nk = v\n[b]\nregion = mine\n",
            FileKind::Config,
        )
        .unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(text(&s[0].entries["region"].value), "r");
        assert_eq!(text(&s[1].entries["region"].value), "mine");
    }

    #[test]
    fn rejects_what_configparser_rejects() {
        assert_eq!(parse("k = v\n", FileKind::Config).unwrap_err().line, 1);
        assert_eq!(
            parse("[a]\n[b]\n[a]\n", FileKind::Config).unwrap_err().line,
            3
        );
        assert_eq!(
            parse("[a]\nK = 1\nk = 2\n", FileKind::Config)
                .unwrap_err()
                .line,
            3
        );
        assert_eq!(
            parse("[a]\nnoseparator\nk = 1\n", FileKind::Config)
                .unwrap_err()
                .line,
            2
        );
        assert_eq!(parse("[a]\n= 1\n", FileKind::Config).unwrap_err().line, 2);
        assert_eq!(
            parse("[a]\ns3 =\n  x: 1\n", FileKind::Config)
                .unwrap_err()
                .line,
            3
        );
    }

    #[test]
    fn a_bad_default_value_matters_only_where_it_is_inherited() {
        let text = "[DEFAULT]\ns3 =\n  bad: 1\n[a]\ns3 = mine\n";
        assert!(parse(text, FileKind::Config).is_ok());
        let text = "[DEFAULT]\ns3 =\n  bad: 1\n[a]\nk = v\n";
        assert_eq!(parse(text, FileKind::Config).unwrap_err().line, 3);
    }

    #[test]
    fn header_runs_to_the_last_bracket() {
        let s = parse("[a]b] trailing\nk=v\n", FileKind::Config).unwrap();
        assert_eq!(s[0].name, "a]b");
    }
}
