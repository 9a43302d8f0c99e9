//! Edits `~/.aws/config` without disturbing anything else in it: sections are
//! updated or added line by line (every other byte stays as it was, CRLF or LF,
//! final newline or not), generated blocks live between marker comments, and a
//! save re-reads the result with ssoenv's botocore-exact reader and refuses to
//! write what botocore could not read. Writes are atomic, keep the file's mode,
//! go through a symlink to its target, leave a one-time backup, and never
//! replace an edit someone else made up to the moment of the swap.

use super::{FileKind, ini, pystr, shlex};
use crate::error::{Error, Result};
use crate::fsutil;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first line of a generated block: `# BEGIN ssoenv populate: <id> (…)`.
const BEGIN_PREFIX: &str = "# BEGIN ssoenv populate: ";
const BEGIN_SUFFIX: &str = " (generated; edits inside this block are replaced)";
/// The last line of a generated block: `# END ssoenv populate: <id>`.
const END_PREFIX: &str = "# END ssoenv populate: ";
/// Appended to the file's name for the one-time backup.
pub const BACKUP_SUFFIX: &str = ".ssoenv-backup";
/// Appended to the file's name for the lock taken while saving.
pub const LOCK_SUFFIX: &str = ".lock";

/// The config file to write, or an error when `AWS_CONFIG_FILE` is empty.
pub fn config_path(config: &super::Config) -> Result<PathBuf> {
    config
        .paths
        .as_ref()
        .and_then(|p| p.config.clone())
        .ok_or_else(|| Error::Usage {
            message: "no config file to write: AWS_CONFIG_FILE is set to the empty string".into(),
            hint: "unset AWS_CONFIG_FILE or point it at a file".into(),
        })
}

/// One config file being edited: what it held when read, and the text to write.
#[derive(Debug, Clone)]
pub struct ConfigEdit {
    path: PathBuf,
    existed: bool,
    original: String,
    text: String,
    eol: &'static str,
    /// Raw names of the sections an edit may have changed (checked by `save`).
    touched: BTreeSet<String>,
}

impl ConfigEdit {
    /// Reads the file (a missing one is empty), keeping its exact text. Only
    /// a regular file (or a link to one) is edited: a device such as
    /// /dev/null would be replaced by the save, and reading a FIFO would
    /// wait for a writer that may never come.
    pub fn open(path: &Path) -> Result<ConfigEdit> {
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
        {
            return Err(Error::ConfigRead {
                path: path.to_path_buf(),
                source: std::io::Error::other(format!(
                    "it is {}, not a regular file, so ssoenv will not edit it",
                    file_kind(&meta)
                )),
            });
        }
        let (existed, bytes) = match std::fs::read(path) {
            Ok(bytes) => (true, bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (false, Vec::new()),
            Err(source) => {
                return Err(Error::ConfigRead {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let original = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                // The reader's own error names the line with the bad bytes.
                super::parse_file(path, e.as_bytes(), FileKind::Config)?;
                return Err(Error::ConfigSyntax {
                    path: path.to_path_buf(),
                    line: 1,
                    message: "this file is not valid UTF-8; save it as UTF-8".into(),
                });
            }
        };
        Ok(ConfigEdit {
            path: path.to_path_buf(),
            existed,
            eol: line_ending(&original),
            text: original.clone(),
            original,
            touched: BTreeSet::new(),
        })
    }

    /// The file being edited, as named to [`ConfigEdit::open`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text as it would be written now.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text differs from what the file held.
    pub fn changed(&self) -> bool {
        self.text != self.original
    }

    /// Whether botocore would see a section for `header` (`profile dev`,
    /// `sso-session corp`, `default`, ...): `[profile  dev ]` and
    /// `[profile "dev"]` count as `profile dev`, and `[default]` as `profile default`.
    pub fn has_section(&self, header: &str) -> bool {
        let want = identity(header);
        layout(&self.text)
            .sections
            .iter()
            .any(|s| identity(&s.raw) == want)
    }

    /// Inserts or updates the section `header` (written as `[header]`).
    ///
    /// In an existing section (the last one botocore would use for that name)
    /// each key is updated in place, keeping the line's indent, key spelling and
    /// separator; a key that is missing is added after the section's last key,
    /// with the same indent. Other keys, comments and blank lines stay. A new
    /// section is appended at the end of the file, after one blank line.
    ///
    /// Refuses names and values botocore could not read back: newlines, `]` or
    /// surrounding whitespace in a section name, a `profile`/`sso-session`/
    /// `services` header that is not exactly two shell words, keys other than
    /// letters, digits and `_.-`, values with surrounding whitespace.
    pub fn upsert_section(&mut self, header: &str, keys: &[(&str, &str)]) -> Result<()> {
        check_header(header)?;
        for (key, value) in keys {
            check_key(key)?;
            check_value(key, value)?;
        }
        let want = identity(header);
        let found = |text: &str| {
            let layout = layout(text);
            layout
                .sections
                .iter()
                .rposition(|s| identity(&s.raw) == want)
                .map(|i| (layout.sections[i].raw.clone(), i))
        };
        if let Some((_, index)) = found(&self.text) {
            let layout = layout(&self.text);
            if let Some(id) = enclosing_block(&self.text, &layout, layout.sections[index].header) {
                // The next populate would put its own text back over the edit.
                return Err(Error::Usage {
                    message: format!(
                        "[{header}] is in the block `ssoenv populate` writes for {id:?}, \
                         where edits are replaced by the next populate"
                    ),
                    hint: "choose another profile name (--profile NAME), or change the \
                           generated names with `ssoenv populate --template`"
                        .into(),
                });
            }
        }
        let Some((raw, _)) = found(&self.text) else {
            let mut lines = vec![format!("[{header}]")];
            lines.extend(keys.iter().map(|(k, v)| key_line("", k, v)));
            self.append_chunk(&lines);
            self.touched.insert(header.to_string());
            return Ok(());
        };
        self.touched.insert(raw);
        for (key, value) in keys {
            // Each change moves lines, so the layout is read again for every key.
            let layout = layout(&self.text);
            let Some((_, index)) = found(&self.text) else {
                break;
            };
            self.set_key(&layout, index, key, value);
        }
        Ok(())
    }

    /// The text between the marker lines of block `id` (with the file's line
    /// endings), or `None` when there is no such block (or its markers are broken).
    pub fn block(&self, id: &str) -> Option<&str> {
        let lines = layout(&self.text).lines;
        let (begin, end) = find_block(&self.text, &lines, id).ok()??;
        Some(&self.text[lines[begin].span.next..lines[end].span.start])
    }

    /// Replaces the body of block `id` with `body` (lines ending in `\n` or
    /// `\r\n`; written with the file's line endings), in place when the block
    /// exists, else appended at the end after one blank line. An empty body
    /// removes the block, markers and all (and the blank line before it).
    ///
    /// The body must start with a section header (at the start of its line) and
    /// hold no marker lines. Refused when the markers of `id` are broken (a
    /// BEGIN without its END, or twice), or when keys follow the END marker
    /// without a header of their own (they would belong to the block).
    pub fn set_block(&mut self, id: &str, body: &str) -> Result<()> {
        check_block_id(id)?;
        let body_lines: Vec<&str> = pystr::file_lines(body);
        let remove = body_lines.iter().all(|l| pystr::strip(l).is_empty());
        let body_layout = layout(body);
        if !remove {
            if let Some(line) = body_lines.iter().find(|l| marker_of(l).is_some()) {
                return Err(usage(format!(
                    "a generated block cannot hold the marker line {line:?}"
                )));
            }
            let first = body_layout
                .lines
                .iter()
                .find(|l| !matches!(l.kind, Kind::Blank | Kind::Comment));
            if !matches!(
                first,
                Some(Line {
                    kind: Kind::Header(_),
                    indent: 0,
                    ..
                })
            ) {
                return Err(usage(
                    "a generated block must start with a [section] header".into(),
                ));
            }
        }
        let current = layout(&self.text);
        let found = find_block(&self.text, &current.lines, id)?;
        let Some((begin, end)) = found else {
            if !remove {
                let mut lines = vec![format!("{BEGIN_PREFIX}{id}{BEGIN_SUFFIX}")];
                lines.extend(body_lines.iter().map(|l| l.to_string()));
                lines.push(format!("{END_PREFIX}{id}"));
                self.append_chunk(&lines);
                self.touched.extend(section_names(&body_layout));
            }
            return Ok(());
        };
        // Keys after the END marker (before any header) belong to the block's
        // last section: replacing the block would move them somewhere else.
        if let Some((i, next)) = current.lines[end + 1..]
            .iter()
            .enumerate()
            .find(|(_, l)| !matches!(l.kind, Kind::Blank | Kind::Comment))
            && !matches!(next.kind, Kind::Header(_))
        {
            return Err(Error::ConfigSyntax {
                path: self.path.clone(),
                line: end + 2 + i,
                message: format!(
                    "this line follows the END marker of the ssoenv block {id:?} but is not a \
                     [section] header, so it belongs to the block's last section; \
                     move it into a section of its own"
                ),
            });
        }
        let old_body = &self.text[current.lines[begin].span.next..current.lines[end].span.start];
        self.touched.extend(section_names(&layout(old_body)));
        self.touched.extend(section_names(&body_layout));
        if remove {
            let mut start = current.lines[begin].span.start;
            if begin > 0 && current.lines[begin - 1].kind == Kind::Blank {
                start = current.lines[begin - 1].span.start;
            }
            let end_span = current.lines[end].span;
            self.text.replace_range(start..end_span.next, "");
            // The block was the end of a file without a final newline: so is the rest.
            if end_span.next == end_span.end {
                let trimmed = self
                    .text
                    .strip_suffix("\r\n")
                    .or_else(|| self.text.strip_suffix('\n'))
                    .or_else(|| self.text.strip_suffix('\r'))
                    .map(str::len);
                if let Some(len) = trimmed {
                    self.text.truncate(len);
                }
            }
        } else {
            let mut new_body = String::new();
            for line in &body_lines {
                new_body.push_str(line);
                new_body.push_str(self.eol);
            }
            let range = current.lines[begin].span.next..current.lines[end].span.start;
            if self.text[range.clone()] != new_body {
                self.text.replace_range(range, &new_body);
            }
        }
        Ok(())
    }

    /// The text with block `id` removed (as [`ConfigEdit::set_block`] with an
    /// empty body would leave it): what the rest of the file defines.
    pub fn text_without_block(&self, id: &str) -> Result<String> {
        let mut copy = self.clone();
        copy.set_block(id, "")?;
        Ok(copy.text)
    }

    /// A unified diff of the file as it is and as it would be written.
    pub fn diff(&self) -> String {
        let name = self.path.display().to_string();
        similar::TextDiff::from_lines(&self.original, &self.text)
            .unified_diff()
            .context_radius(3)
            .header(&name, &name)
            .to_string()
    }

    /// Writes the new text, if it changed; returns whether it wrote.
    ///
    /// The text must read (with ssoenv's reader, which matches botocore) and
    /// leave every section outside the edits as botocore saw it, else nothing is
    /// written and the error names `file:line`. Under a lock (`<file>.lock`),
    /// the file must still be as it was read. The first time, the old file is
    /// copied to `<file>.ssoenv-backup` (0600). The new text goes to a temp file
    /// in the same folder with the old file's mode (a new file: 0600), then
    /// takes its place (for a symlink, its target's), unless someone wrote to
    /// the file up to that moment (see [`replace_checked`]). Temp files that a
    /// killed save left in that folder are removed once they are stale.
    pub fn save(&self) -> Result<bool> {
        if !self.changed() {
            return Ok(false);
        }
        self.validate()?;
        let io = |action: &'static str, path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::CacheIo {
                action,
                path,
                source,
            }
        };
        let real = real_path(&self.path).map_err(io("resolve", &self.path))?;
        let dir = match real.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        crate::fsutil::ensure_private_dir(&dir).map_err(io("create", &dir))?;
        let lock_path = suffixed(&real, LOCK_SUFFIX);
        let _lock = lock(&lock_path).map_err(io("lock", &lock_path))?;

        // Someone else may have written the file since it was read.
        let now = match std::fs::read(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io("read", &self.path)(e)),
        };
        let unchanged = match &now {
            Some(bytes) => self.existed && bytes == self.original.as_bytes(),
            None => !self.existed,
        };
        if !unchanged {
            return Err(Error::Changed {
                path: self.path.clone(),
                kept: None,
            });
        }
        let mode = file_mode(&real).unwrap_or(0o600);
        if self.existed && mode & 0o200 == 0 {
            // Someone made the file read-only on purpose: do not replace it.
            return Err(io("write", &real)(std::io::Error::from(
                std::io::ErrorKind::PermissionDenied,
            )));
        }
        if self.existed {
            let backup = suffixed(&real, BACKUP_SUFFIX);
            write_backup(&backup, &dir, self.original.as_bytes()).map_err(io("write", &backup))?;
        }
        let expected = self.existed.then_some(self.original.as_bytes());
        let replaced = replace_checked(&real, &dir, expected, self.text.as_bytes(), mode);
        fsutil::remove_stale_temps(&dir);
        match replaced {
            Ok(()) => Ok(true),
            Err(ReplaceError::Io(e)) => Err(io("write", &real)(e)),
            Err(ReplaceError::Changed(kept)) => Err(Error::Changed {
                path: self.path.clone(),
                kept,
            }),
        }
    }

    /// The new text reads, and sections no edit touched read as they did.
    fn validate(&self) -> Result<()> {
        let before = super::parse_file(&self.path, self.original.as_bytes(), FileKind::Config)?;
        let after = ini::parse(&self.text, FileKind::Config).map_err(|e| Error::ConfigSyntax {
            path: self.path.clone(),
            line: e.line,
            message: format!(
                "{} (in the text ssoenv would write; the file was left as it was)",
                e.message
            ),
        })?;
        let values = |s: &ini::Section| -> Vec<(String, ini::Value)> {
            s.entries
                .iter()
                .map(|(k, e)| (k.clone(), e.value.clone()))
                .collect()
        };
        let bug = |name: &str| Error::Usage {
            message: format!(
                "refusing to write {}: the edit would also change section [{name}], which it \
                 should not touch (a bug in ssoenv); nothing was written",
                self.path.display()
            ),
            hint: "please report this; the file is unchanged".into(),
        };
        for old in before.iter().filter(|s| !self.touched.contains(&s.name)) {
            match after.iter().find(|s| s.name == old.name) {
                Some(new) if values(new) == values(old) => {}
                _ => return Err(bug(&old.name)),
            }
        }
        for new in after.iter().filter(|s| !self.touched.contains(&s.name)) {
            if !before.iter().any(|s| s.name == new.name) {
                return Err(bug(&new.name));
            }
        }
        Ok(())
    }

    /// Sets `key` in section `index` of `layout` (the layout of `self.text`).
    fn set_key(&mut self, layout: &Layout, index: usize, key: &str, value: &str) {
        let section = &layout.sections[index];
        let lines = &layout.lines;
        let range = section.header + 1..section.end;
        let lower = key.to_lowercase();
        let existing = range
            .clone()
            .find(|&i| matches!(&lines[i].kind, Kind::Key(k) if *k == lower));
        if let Some(i) = existing {
            let span = lines[i].span;
            let line = self.text[span.start..span.end].to_string();
            let sep = line.find(['=', ':']).unwrap_or(line.len());
            let after = &line[(sep + 1).min(line.len())..];
            let continues = lines[i + 1..section.end]
                .iter()
                .take_while(|l| matches!(l.kind, Kind::Continuation | Kind::Blank | Kind::Comment))
                .any(|l| l.kind == Kind::Continuation);
            if pystr::strip(after) == value && !continues {
                return;
            }
            let value_start = line.len() - after.trim_start_matches(pystr::is_space).len();
            let mut new_line = line[..value_start].to_string();
            // `k =` had no value: `k = v`, spaced like the separator.
            let spaced = line[..sep].ends_with(pystr::is_space);
            if value_start == line.len() && !new_line.ends_with(pystr::is_space) && spaced {
                new_line.push(' ');
            }
            new_line.push_str(value);
            let new_line = if value.is_empty() {
                new_line.trim_end_matches(' ').to_string()
            } else {
                new_line
            };
            // The old value's continuation lines go (comments between them stay).
            let continued: Vec<Span> = lines[i + 1..section.end]
                .iter()
                .take_while(|l| matches!(l.kind, Kind::Continuation | Kind::Blank | Kind::Comment))
                .filter(|l| l.kind == Kind::Continuation)
                .map(|l| l.span)
                .collect();
            for c in continued.iter().rev() {
                self.text.replace_range(c.start..c.next, "");
            }
            if new_line != *line {
                self.text.replace_range(span.start..span.end, &new_line);
            }
            return;
        }
        // A new key goes after the last key (or the header), indented like the
        // key before it, so the lines around it read exactly as before.
        let last = range
            .clone()
            .rev()
            .find(|&i| matches!(lines[i].kind, Kind::Key(_) | Kind::Continuation));
        let (after, indent) = match last {
            Some(i) => {
                let owner = (section.header + 1..=i)
                    .rev()
                    .find(|&j| matches!(lines[j].kind, Kind::Key(_)))
                    .unwrap_or(i);
                (i, leading_space(&self.text, lines[owner].span))
            }
            None => {
                let next = lines[section.header + 1..]
                    .iter()
                    .find(|l| !matches!(l.kind, Kind::Blank | Kind::Comment));
                let indent = next.map_or("", |l| leading_space(&self.text, l.span));
                (section.header, indent)
            }
        };
        let new_line = key_line(indent, key, value);
        let span = lines[after].span;
        if span.next == span.end {
            // The last line of a file without a final newline: it stays without one.
            self.text
                .insert_str(span.end, &format!("{}{new_line}", self.eol));
        } else {
            self.text
                .insert_str(span.next, &format!("{new_line}{}", self.eol));
        }
    }

    /// Appends lines at the end, after one blank line (none in an empty file).
    fn append_chunk(&mut self, lines: &[String]) {
        let body = lines.join(self.eol);
        if self.text.is_empty() {
            self.text = format!("{body}{}", self.eol);
        } else if self.text.ends_with(['\n', '\r']) {
            let last_blank = layout(&self.text)
                .lines
                .last()
                .is_some_and(|l| l.kind == Kind::Blank);
            if !last_blank {
                self.text.push_str(self.eol);
            }
            self.text.push_str(&body);
            self.text.push_str(self.eol);
        } else {
            // No final newline before: none after either.
            self.text.push_str(self.eol);
            self.text.push_str(self.eol);
            self.text.push_str(&body);
        }
    }
}

/// A name made safe for a profile: characters other than ASCII letters, digits
/// and `._-@+=,` become `-`, runs of `-` collapse to one, and `-` is trimmed
/// from both ends (an empty result stays empty).
pub fn sanitize_profile_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let safe = c.is_ascii_alphanumeric() || "._-@+=,".contains(c);
        let c = if safe { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches('-').to_string()
}

/// `key = value` (`key =` for an empty value), indented.
fn key_line(indent: &str, key: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{indent}{key} =")
    } else {
        format!("{indent}{key} = {value}")
    }
}

fn usage(message: String) -> Error {
    Error::Usage {
        message,
        hint: String::new(),
    }
}

/// The line ending the file uses (its first one), `\n` for a file without any.
fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// Where one line is: `start..end` is its text, `next` where the following line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    next: usize,
}

/// What botocore's reader makes of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    /// `[name]`, with the raw name.
    Header(String),
    /// `key = value`, with the key as read (lower-cased).
    Key(String),
    /// An indented line that continues the previous key's value.
    Continuation,
    /// Anything the reader refuses.
    Other,
}

#[derive(Debug, Clone)]
struct Line {
    span: Span,
    kind: Kind,
    /// Leading whitespace, in characters (as configparser counts it).
    indent: usize,
}

#[derive(Debug, Clone)]
struct SectionLines {
    raw: String,
    /// Index of the header line.
    header: usize,
    /// Index of the line after the section (the next header, or the end).
    end: usize,
}

struct Layout {
    lines: Vec<Line>,
    sections: Vec<SectionLines>,
}

/// The lines of `text` (universal newlines, as Python reads files).
fn spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Span {
                    start,
                    end: i,
                    next: i + 1,
                });
                i += 1;
                start = i;
            }
            b'\r' => {
                let next = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push(Span {
                    start,
                    end: i,
                    next,
                });
                i = next;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push(Span {
            start,
            end: bytes.len(),
            next: bytes.len(),
        });
    }
    out
}

/// Classifies every line the way `ini::parse` reads it (RawConfigParser's
/// state machine: comments and blank lines first, then continuation by indent,
/// then headers and keys).
fn layout(text: &str) -> Layout {
    let mut lines = Vec::new();
    let mut sections: Vec<SectionLines> = Vec::new();
    let mut in_section = false;
    let mut option = false;
    let mut indent_level = 0usize;
    for span in spans(text) {
        let line = &text[span.start..span.end];
        let stripped = pystr::strip(line);
        let indent = line
            .char_indices()
            .find(|(_, c)| !pystr::is_space(*c))
            .map_or(0, |(idx, _)| line[..idx].chars().count());
        let kind = if stripped.starts_with('#') || stripped.starts_with(';') {
            Kind::Comment
        } else if stripped.is_empty() {
            Kind::Blank
        } else if in_section && option && indent > indent_level {
            Kind::Continuation
        } else {
            indent_level = indent;
            if let Some(name) = section_header(stripped) {
                in_section = true;
                option = false;
                if let Some(last) = sections.last_mut() {
                    last.end = lines.len();
                }
                sections.push(SectionLines {
                    raw: name.to_string(),
                    header: lines.len(),
                    end: 0,
                });
                Kind::Header(name.to_string())
            } else if !in_section {
                Kind::Other
            } else if let Some(pos) = stripped.find(['=', ':']) {
                let key = pystr::rstrip(&stripped[..pos]).to_lowercase();
                option = !key.is_empty();
                Kind::Key(key)
            } else {
                Kind::Other
            }
        };
        lines.push(Line { span, kind, indent });
    }
    if let Some(last) = sections.last_mut() {
        last.end = lines.len();
    }
    Layout { lines, sections }
}

/// `SECTCRE` as in `ini.rs`: `[`, then everything up to the last `]`.
fn section_header(stripped: &str) -> Option<&str> {
    let rest = stripped.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    let header = &rest[..end];
    (!header.is_empty()).then_some(header)
}

/// The raw names of the sections a text defines.
fn section_names(layout: &Layout) -> Vec<String> {
    layout.sections.iter().map(|s| s.raw.clone()).collect()
}

/// The leading whitespace of a line, exactly as written.
fn leading_space(text: &str, span: Span) -> &str {
    let line = &text[span.start..span.end];
    &line[..line.len() - line.trim_start_matches(pystr::is_space).len()]
}

/// Which profile, sso-session or services section botocore makes of a header
/// (`build_profile_map`): kind-prefixed headers split shell-style into two words.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    Named(&'static str, String),
    Raw(String),
}

fn kind_of(header: &str) -> Option<&'static str> {
    ["profile", "sso-session", "services"]
        .into_iter()
        .find(|k| header.starts_with(k))
}

fn identity(header: &str) -> Identity {
    if header == "default" {
        return Identity::Named("profile", "default".into());
    }
    if let Some(kind) = kind_of(header)
        && let Ok(words) = shlex::split(header)
        && let [_, name] = words.as_slice()
    {
        return Identity::Named(kind, name.clone());
    }
    Identity::Raw(header.to_string())
}

fn check_header(header: &str) -> Result<()> {
    let refuse = |why: &str| Err(usage(format!("cannot write the section [{header}]: {why}")));
    if header.is_empty() {
        return refuse("the name is empty");
    }
    if header.contains(['\n', '\r']) {
        return refuse("section names cannot hold line breaks");
    }
    if header.contains(']') {
        return refuse("botocore cannot read `]` in a section name");
    }
    if header.starts_with(pystr::is_space) || header.ends_with(pystr::is_space) {
        return refuse("botocore drops whitespace around a section name");
    }
    if header == "DEFAULT" {
        return refuse("ssoenv does not write [DEFAULT] (its keys would go into every section)");
    }
    if kind_of(header).is_some() {
        match identity(header) {
            Identity::Named(_, name)
                if !name.is_empty()
                    && !name.starts_with(pystr::is_space)
                    && !name.ends_with(pystr::is_space) => {}
            _ => {
                return refuse(
                    "botocore needs exactly two shell words here, like `profile NAME` \
                     (quote a name with spaces), and a name without surrounding whitespace",
                );
            }
        }
    }
    Ok(())
}

fn check_key(key: &str) -> Result<()> {
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !key.starts_with(['-', '.']);
    if ok {
        Ok(())
    } else {
        Err(usage(format!(
            "cannot write the key {key:?}: keys are letters, digits, `_`, `-` and `.`"
        )))
    }
}

fn check_value(key: &str, value: &str) -> Result<()> {
    if value.contains(['\n', '\r']) {
        return Err(usage(format!(
            "cannot write {key}: its value holds a line break, which botocore cannot read back"
        )));
    }
    if pystr::strip(value) != value {
        return Err(usage(format!(
            "cannot write {key}: botocore drops the whitespace around its value {value:?}"
        )));
    }
    Ok(())
}

fn check_block_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && !id.contains(['\n', '\r'])
        && pystr::strip(id) == id
        && !id.ends_with(BEGIN_SUFFIX.trim_start());
    if ok {
        Ok(())
    } else {
        Err(usage(format!("{id:?} cannot name a generated block")))
    }
}

/// The id of the generated block line `index` lies in, if any.
fn enclosing_block(text: &str, layout: &Layout, index: usize) -> Option<String> {
    let mut open: Option<&str> = None;
    for line in layout.lines.iter().take(index) {
        if line.kind != Kind::Comment {
            continue;
        }
        match marker_of(&text[line.span.start..line.span.end]) {
            Some((true, id)) => open = Some(id),
            Some((false, _)) => open = None,
            None => {}
        }
    }
    open.map(str::to_string)
}

/// `(true, id)` for a BEGIN marker line, `(false, id)` for an END marker line.
fn marker_of(line: &str) -> Option<(bool, &str)> {
    let stripped = pystr::strip(line);
    if let Some(rest) = stripped.strip_prefix(BEGIN_PREFIX) {
        let id = rest.strip_suffix(BEGIN_SUFFIX).unwrap_or(rest);
        return Some((true, pystr::strip(id)));
    }
    let rest = stripped.strip_prefix(END_PREFIX)?;
    Some((false, pystr::strip(rest)))
}

/// The line indexes of block `id`'s BEGIN and END markers; an error naming the
/// line when they are broken.
fn find_block(text: &str, lines: &[Line], id: &str) -> Result<Option<(usize, usize)>> {
    let broken = |line: usize, why: &str| Error::Usage {
        message: format!("line {}: the ssoenv block {id:?} {why}", line + 1),
        hint: "fix the marker lines by hand (or delete the whole block); ssoenv writes it anew"
            .into(),
    };
    let mut begin: Option<usize> = None;
    let mut found: Option<(usize, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.kind != Kind::Comment {
            continue;
        }
        match marker_of(&text[line.span.start..line.span.end]) {
            Some((true, m)) if m == id => {
                if begin.is_some() || found.is_some() {
                    return Err(broken(i, "begins a second time here"));
                }
                begin = Some(i);
            }
            Some((false, m)) if m == id => match begin.take() {
                Some(b) => found = Some((b, i)),
                None => return Err(broken(i, "ends here but never began")),
            },
            _ => {}
        }
    }
    match begin {
        Some(b) => Err(broken(b, "begins here but has no END marker")),
        None => Ok(found),
    }
}

/// `path` with `suffix` appended to its file name.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The file a chain of symlinks ends at (which may not exist yet).
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

/// What a file that is not a regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// An exclusive lock, held until the file is dropped (or the process ends).
fn lock(path: &Path) -> std::io::Result<std::fs::File> {
    let file = fsutil::open_lock_file(path)?;
    file.lock()?;
    Ok(file)
}

/// Writes the backup unless one exists already. The text goes to a temp file,
/// synced, then takes the backup's name only if that is still free, so a
/// process killed midway leaves no backup rather than a partial one (which,
/// existing, would be kept for good in place of the real one).
fn write_backup(path: &Path, dir: &Path, contents: &[u8]) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    // A temp file is created 0600 on Unix.
    let mut tmp = fsutil::temp_file_in(dir)?;
    tmp.as_file_mut().write_all(contents)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.error),
    }
}

/// How long a save waits, after putting the new file in place, before it
/// looks once more at the file it replaced: a writer that opened the old file
/// just before the swap (`echo >> config`, an editor writing in place) has
/// written by then, and its edit is put back rather than lost.
const LATE_WRITER_GRACE: std::time::Duration = std::time::Duration::from_millis(25);

/// Appended to the file's name for a version ssoenv could not put back.
pub const CONFLICT_SUFFIX: &str = ".ssoenv-conflict";

/// Why a replace did not happen.
enum ReplaceError {
    Io(std::io::Error),
    /// The file was not `expected` at the last look, or someone wrote to it
    /// while it was being replaced (then their version is back in place, or,
    /// when that could not be done safely, kept in the named file).
    Changed(Option<PathBuf>),
}

impl From<std::io::Error> for ReplaceError {
    fn from(e: std::io::Error) -> Self {
        ReplaceError::Io(e)
    }
}

/// What `path` holds now (`None`: it does not exist).
fn read_now(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Replaces `path`, which must still hold `expected` (`None`: must not
/// exist), with `contents`, so that the file stays what it was: a new file
/// with the old file's mode, owner and group (given back to its owner when
/// ssoenv runs as root, as under `sudo -E`) takes its place. Where that would
/// change what the file is or cannot work, the file is rewritten in place
/// instead (the backup is already taken): a file with other hard links, one
/// whose owner cannot be kept, and a file the folder will not let be replaced
/// (a bind mount answers EBUSY, as with `docker -v ~/.aws/config:…`).
///
/// An edit made by someone else is never silently replaced. The temp file is
/// complete and synced before the last look at `path`, so only microseconds
/// pass between that look and the swap. On Linux the swap is an exchange
/// (`renameat2(RENAME_EXCHANGE)`): the old file comes back under the temp
/// name, and is read once more after [`LATE_WRITER_GRACE`]. If it is no longer
/// `expected`, someone wrote in that window, by rename or in place: their file
/// is swapped back and the save reports [`ReplaceError::Changed`].
fn replace_checked(
    path: &Path,
    dir: &Path,
    expected: Option<&[u8]>,
    contents: &[u8],
    mode: u32,
) -> Result<(), ReplaceError> {
    #[cfg(unix)]
    let old = std::fs::metadata(path).ok();
    #[cfg(unix)]
    if old.as_ref().is_some_and(|m| {
        use std::os::unix::fs::MetadataExt;
        m.nlink() > 1
    }) {
        return write_in_place(path, expected, contents);
    }
    let mut tmp = match fsutil::temp_file_in(dir) {
        Ok(t) => t,
        // No temp file in the folder: an existing file can still be rewritten.
        Err(_) if expected.is_some() => return write_in_place(path, expected, contents),
        Err(e) => return Err(e.into()),
    };
    tmp.as_file_mut().write_all(contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
        if let Some(old) = &old {
            let mine = tmp.as_file().metadata()?;
            if (mine.uid(), mine.gid()) != (old.uid(), old.gid())
                && std::os::unix::fs::fchown(tmp.as_file(), Some(old.uid()), Some(old.gid()))
                    .is_err()
            {
                // The owner cannot be kept through a new file: keep the old one.
                drop(tmp);
                return write_in_place(path, expected, contents);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.as_file().sync_all()?;

    let Some(expected) = expected else {
        // A new file takes the name only while it is free.
        return match tmp.persist_noclobber(path) {
            Ok(_) => {
                sync_dir(dir);
                Ok(())
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(ReplaceError::Changed(None))
            }
            Err(e) => Err(e.error.into()),
        };
    };
    // The file as it is now, through a handle that still reads it after the
    // swap; the last look goes through the same handle.
    let mut before = std::fs::File::open(path)?;
    if read_all(&mut before)? != expected {
        return Err(ReplaceError::Changed(None));
    }
    let tmp_path = tmp.path().to_path_buf();
    if exchange(&tmp_path, path)? {
        // `tmp` now names the old file; dropping it removes that.
        sync_dir(dir);
        std::thread::sleep(LATE_WRITER_GRACE);
        if read_now(&tmp_path)?.as_deref() == Some(expected) {
            return Ok(());
        }
        // Someone wrote in the window: give them their file back.
        exchange(&tmp_path, path)?;
        sync_dir(dir);
        if read_now(&tmp_path)?.as_deref() == Some(contents) {
            return Err(ReplaceError::Changed(None));
        }
        // ssoenv's file was written to as well: keep that too.
        let kept = keep_conflict(path, tmp)?;
        return Err(ReplaceError::Changed(Some(kept)));
    }
    // No exchange here: rename, then read the old file through the handle.
    if let Err(e) = tmp.persist(path) {
        let busy = matches!(
            e.error.kind(),
            std::io::ErrorKind::ResourceBusy | std::io::ErrorKind::CrossesDevices
        );
        if busy {
            drop(e.file);
            return write_in_place(path, Some(expected), contents);
        }
        return Err(e.error.into());
    }
    sync_dir(dir);
    std::thread::sleep(LATE_WRITER_GRACE);
    let theirs = read_all(&mut before)?;
    if theirs == expected {
        return Ok(());
    }
    // Someone wrote to the old file in the window: put their bytes back
    // while the file is still ssoenv's, else keep them beside it.
    if read_now(path)?.as_deref() == Some(contents) {
        let mut back = fsutil::temp_file_in(dir)?;
        back.as_file_mut().write_all(&theirs)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            back.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        back.as_file().sync_all()?;
        back.persist(path).map_err(|e| e.error)?;
        sync_dir(dir);
        return Err(ReplaceError::Changed(None));
    }
    let mut conflict = fsutil::temp_file_in(dir)?;
    conflict.as_file_mut().write_all(&theirs)?;
    conflict.as_file().sync_all()?;
    let kept = keep_conflict(path, conflict)?;
    Err(ReplaceError::Changed(Some(kept)))
}

/// Everything `file` holds, from its start.
fn read_all(file: &mut std::fs::File) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek};
    file.rewind()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Moves `file` to `<path>.ssoenv-conflict` (or `…-conflict.2`, …) and
/// returns that name: a version ssoenv could not put back is never deleted.
fn keep_conflict(path: &Path, file: tempfile::NamedTempFile) -> std::io::Result<PathBuf> {
    let mut file = file;
    for n in 1..100 {
        let name = if n == 1 {
            suffixed(path, CONFLICT_SUFFIX)
        } else {
            suffixed(path, &format!("{CONFLICT_SUFFIX}.{n}"))
        };
        match file.persist_noclobber(&name) {
            Ok(_) => return Ok(name),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => file = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(std::io::Error::other(
        "too many conflict copies beside the file",
    ))
}

/// Swaps the files at `a` and `b` in one step where the system can; `false`
/// where it cannot (another system, or a file system without the exchange).
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(all(target_os = "linux", any(target_env = "gnu", target_env = "musl")))]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
        };
        let (a, b) = (c(a)?, c(b)?);
        // SAFETY: both are valid NUL-terminated paths, relative to the cwd.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        return match e.raw_os_error() {
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
            _ => Err(e),
        };
    }
    #[allow(unreachable_code)]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Makes a rename in `dir` durable (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Rewrites `path` in place, keeping the file itself (its owner, group,
/// mode, links and mount): not atomic, which is why the backup comes first.
/// The last look at the file and the write go through one handle.
fn write_in_place(
    path: &Path,
    expected: Option<&[u8]>,
    contents: &[u8],
) -> Result<(), ReplaceError> {
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?;
    match expected {
        Some(expected) if read_all(&mut file)? == expected => {}
        _ => return Err(ReplaceError::Changed(None)),
    }
    use std::io::Seek;
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(contents)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str) -> ConfigEdit {
        ConfigEdit {
            path: PathBuf::from("config"),
            existed: true,
            original: text.to_string(),
            text: text.to_string(),
            eol: line_ending(text),
            touched: BTreeSet::new(),
        }
    }

    fn upserted(text: &str, header: &str, keys: &[(&str, &str)]) -> String {
        let mut e = edit(text);
        e.upsert_section(header, keys).unwrap();
        e.validate().unwrap();
        e.text
    }

    #[test]
    fn updates_keys_in_place_and_appends_missing_ones() {
        let text =
            "# top\n[profile dev]\n  Region:us-east-1\n# note\noutput = json\n\n[other]\nk = v\n";
        let got = upserted(
            text,
            "profile dev",
            &[("region", "eu-west-1"), ("sso_session", "corp")],
        );
        assert_eq!(
            got,
            "# top\n[profile dev]\n  Region:eu-west-1\n# note\noutput = json\nsso_session = corp\n\n[other]\nk = v\n"
        );
    }

    #[test]
    fn finds_sections_as_botocore_names_them() {
        let text = "[profile  dev ]\nregion = a\n[profile \"x\"]\n";
        let e = edit(text);
        assert!(e.has_section("profile dev"));
        assert!(e.has_section("profile x"));
        assert!(!e.has_section("profile y"));
        let got = upserted(text, "profile dev", &[("region", "b")]);
        assert_eq!(got, "[profile  dev ]\nregion = b\n[profile \"x\"]\n");
        assert!(edit("[default]\n").has_section("profile default"));
    }

    #[test]
    fn new_sections_go_at_the_end_after_one_blank_line() {
        assert_eq!(
            upserted("", "profile a", &[("k", "v")]),
            "[profile a]\nk = v\n"
        );
        assert_eq!(
            upserted("[x]\r\ny = 1\r\n", "profile a", &[("k", "v")]),
            "[x]\r\ny = 1\r\n\r\n[profile a]\r\nk = v\r\n"
        );
        assert_eq!(
            upserted("[x]\ny = 1\n\n", "profile a", &[("k", "v")]),
            "[x]\ny = 1\n\n[profile a]\nk = v\n"
        );
        assert_eq!(
            upserted("[x]\ny = 1", "profile a", &[("k", "v")]),
            "[x]\ny = 1\n\n[profile a]\nk = v"
        );
    }

    #[test]
    fn a_new_key_never_swallows_the_next_lines() {
        // The next header is indented: a key with less indent would make it a continuation.
        let got = upserted("[a]\n  [b]\nk = 1\n", "a", &[("x", "1")]);
        assert_eq!(got, "[a]\n  x = 1\n  [b]\nk = 1\n");
        let got = upserted("[a]\n  k = 1\n    more\n  [b]\n", "a", &[("x", "1")]);
        assert_eq!(got, "[a]\n  k = 1\n    more\n  x = 1\n  [b]\n");
        // Without a final newline, the file stays without one.
        assert_eq!(
            upserted("[a]\nk = 1", "a", &[("x", "2")]),
            "[a]\nk = 1\nx = 2"
        );
    }

    #[test]
    fn replacing_a_nested_value_drops_its_sub_lines_only() {
        let got = upserted(
            "[a]\ns3 =\n  x = 1\n  # c\n  y = 2\nz = 3\n",
            "a",
            &[("s3", "plain")],
        );
        assert_eq!(got, "[a]\ns3 = plain\n  # c\nz = 3\n");
    }

    #[test]
    fn refuses_what_botocore_cannot_read_back() {
        let mut e = edit("");
        assert!(e.upsert_section("profile a]b", &[]).is_err());
        assert!(e.upsert_section("profile a b", &[]).is_err());
        assert!(e.upsert_section("profile \" a\"", &[]).is_err());
        assert!(e.upsert_section(" x", &[]).is_err());
        assert!(e.upsert_section("DEFAULT", &[]).is_err());
        assert!(e.upsert_section("profile a", &[("k", "a\nb")]).is_err());
        assert!(e.upsert_section("profile a", &[("k", " a")]).is_err());
        assert!(e.upsert_section("profile a", &[("k=x", "a")]).is_err());
        assert!(e.upsert_section("profile a", &[("#k", "a")]).is_err());
        assert!(!e.changed());
        e.upsert_section("profile \"a b\"", &[("k", "")]).unwrap();
        assert!(e.has_section("profile 'a b'"));
        assert_eq!(e.text(), "[profile \"a b\"]\nk =\n");
    }

    #[test]
    fn blocks_are_added_replaced_and_removed() {
        let text = "[x]\r\ny = 1";
        let mut e = edit(text);
        assert_eq!(e.block("corp"), None);
        e.set_block("corp", "[profile a]\nk = v\n").unwrap();
        assert_eq!(
            e.text(),
            "[x]\r\ny = 1\r\n\r\n# BEGIN ssoenv populate: corp (generated; edits inside this block are replaced)\r\n[profile a]\r\nk = v\r\n# END ssoenv populate: corp"
        );
        assert_eq!(e.block("corp"), Some("[profile a]\r\nk = v\r\n"));
        e.validate().unwrap();
        e.set_block("corp", "[profile b]\nk = w\n").unwrap();
        assert_eq!(e.block("corp"), Some("[profile b]\r\nk = w\r\n"));
        assert_eq!(e.text_without_block("corp").unwrap(), text);
        e.set_block("corp", "").unwrap();
        assert_eq!(e.text(), text);
        assert!(!e.changed());
    }

    #[test]
    fn a_block_in_the_middle_is_replaced_in_place() {
        let text = "[a]\nk = 1\n\n# BEGIN ssoenv populate: s (generated; edits inside this block are replaced)\n[profile p]\nx = 1\n# END ssoenv populate: s\n\n[b]\nk = 2\n";
        let mut e = edit(text);
        e.set_block("s", "[profile q]\nx = 2\n").unwrap();
        assert_eq!(
            e.text(),
            text.replace("[profile p]\nx = 1", "[profile q]\nx = 2")
        );
        e.validate().unwrap();
        e.set_block("s", "").unwrap();
        assert_eq!(e.text(), "[a]\nk = 1\n\n[b]\nk = 2\n");
    }

    #[test]
    fn broken_markers_and_bad_bodies_are_refused() {
        let mut e = edit("[a]\n# BEGIN ssoenv populate: s\n[p]\n");
        assert!(e.set_block("s", "[p]\nk = v\n").is_err());
        assert_eq!(e.block("s"), None);
        let mut e = edit("# BEGIN ssoenv populate: s\n[p]\n# END ssoenv populate: s\nk = v\n");
        assert!(e.set_block("s", "[p]\nk = v\n").is_err());
        let mut e = edit("");
        assert!(e.set_block("s", "k = v\n").is_err());
        assert!(e.set_block("s", "[p]\n# END ssoenv populate: s\n").is_err());
        assert!(e.set_block(" s", "[p]\n").is_err());
        assert!(!e.changed());
    }

    #[test]
    fn validation_refuses_text_that_would_not_read() {
        let mut e = edit("[profile a]\nk = 1\n");
        e.set_block("s", "[profile a]\nk = 2\n").unwrap();
        let err = e.validate().unwrap_err().to_string();
        assert!(err.starts_with("config:5:"), "{err}");
    }

    #[test]
    fn sanitizes_profile_names() {
        assert_eq!(
            sanitize_profile_name("My Account (prod).Admin"),
            "My-Account-prod-.Admin"
        );
        assert_eq!(sanitize_profile_name("  a//b  "), "a-b");
        assert_eq!(sanitize_profile_name("x@y+z=1,2_3"), "x@y+z=1,2_3");
        assert_eq!(sanitize_profile_name("ünï--cöde"), "n-c-de");
        assert_eq!(sanitize_profile_name("]["), "");
    }

    #[test]
    fn layout_matches_the_reader() {
        let text = "[a]\nk =\n  x = 1\n\n  ; c\n  y = 2\nz: 3\n  [b]\n[c]\n";
        let kinds: Vec<Kind> = layout(text).lines.into_iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Header("a".into()),
                Kind::Key("k".into()),
                Kind::Continuation,
                Kind::Blank,
                Kind::Comment,
                Kind::Continuation,
                Kind::Key("z".into()),
                Kind::Continuation,
                Kind::Header("c".into()),
            ]
        );
    }
}
