//! One line of text typed at a prompt on the terminal, with the editing
//! keys a shell user's fingers know (inquire's text prompt types a "u" for
//! Ctrl-U): Ctrl-U and Ctrl-W erase to the start and the word before the
//! cursor, Ctrl-K to the end, Ctrl-A / Ctrl-E and Home / End move to the
//! ends, Ctrl-B / Ctrl-F and the arrows by a character, Alt-Backspace erases
//! a word. Enter takes the line, Esc / Ctrl-C / Ctrl-D on an empty line
//! cancel. Drawn on stderr, so stdout stays the command's.

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, style, terminal};
use std::io::Write;

/// How a prompt ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Line(String),
    Cancelled,
}

/// The text being typed and where the cursor is (in characters).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Editor {
    chars: Vec<char>,
    at: usize,
}

/// What a key did.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Edited,
    Done,
    Cancel,
}

impl Editor {
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// Applies one key.
    pub fn key(&mut self, key: KeyEvent) -> Step {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Enter => return Step::Done,
            KeyCode::Esc => return Step::Cancel,
            KeyCode::Char('c') if ctrl => return Step::Cancel,
            KeyCode::Char('d') if ctrl && self.chars.is_empty() => return Step::Cancel,
            KeyCode::Char('d') if ctrl => self.delete_right(),
            KeyCode::Char('u') if ctrl => {
                self.chars.drain(..self.at);
                self.at = 0;
            }
            KeyCode::Char('k') if ctrl => self.chars.truncate(self.at),
            KeyCode::Char('w') if ctrl => self.delete_word_left(),
            KeyCode::Backspace if alt || ctrl => self.delete_word_left(),
            KeyCode::Char('h') if ctrl => self.delete_left(),
            KeyCode::Backspace => self.delete_left(),
            KeyCode::Delete => self.delete_right(),
            KeyCode::Char('a') if ctrl => self.at = 0,
            KeyCode::Home => self.at = 0,
            KeyCode::Char('e') if ctrl => self.at = self.chars.len(),
            KeyCode::End => self.at = self.chars.len(),
            KeyCode::Char('b') if ctrl => self.at = self.at.saturating_sub(1),
            KeyCode::Left => self.at = self.at.saturating_sub(1),
            KeyCode::Char('f') if ctrl => self.at = (self.at + 1).min(self.chars.len()),
            KeyCode::Right => self.at = (self.at + 1).min(self.chars.len()),
            KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => {
                self.chars.insert(self.at, c);
                self.at += 1;
            }
            _ => {}
        }
        Step::Edited
    }

    fn delete_left(&mut self) {
        if self.at > 0 {
            self.at -= 1;
            self.chars.remove(self.at);
        }
    }

    fn delete_right(&mut self) {
        if self.at < self.chars.len() {
            self.chars.remove(self.at);
        }
    }

    /// As a shell's Ctrl-W: the spaces before the cursor, then the word.
    fn delete_word_left(&mut self) {
        let mut start = self.at;
        while start > 0 && self.chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !self.chars[start - 1].is_whitespace() {
            start -= 1;
        }
        self.chars.drain(start..self.at);
        self.at = start;
    }
}

/// Asks `question` on the terminal (with `default` shown, taken by an empty
/// line) and reads a line; `check` refuses answers with a reason, which is
/// shown under the line until the answer is fixed.
pub fn read(
    question: &str,
    default: Option<&str>,
    check: &dyn Fn(&str) -> std::result::Result<(), String>,
) -> std::io::Result<Outcome> {
    terminal::enable_raw_mode()?;
    let result = read_raw(question, default, check);
    let _ = terminal::disable_raw_mode();
    let mut err = std::io::stderr();
    let _ = write!(err, "\r\n");
    let _ = err.flush();
    result
}

fn read_raw(
    question: &str,
    default: Option<&str>,
    check: &dyn Fn(&str) -> std::result::Result<(), String>,
) -> std::io::Result<Outcome> {
    let mut ed = Editor::default();
    let mut problem: Option<String> = None;
    let hint = default.map(|d| format!("({d}) ")).unwrap_or_default();
    loop {
        draw(question, &hint, &ed, problem.as_deref())?;
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match ed.key(key) {
            Step::Edited => {}
            Step::Cancel => return Ok(Outcome::Cancelled),
            Step::Done => {
                let typed = ed.text();
                let answer = match (typed.trim(), default) {
                    ("", Some(d)) => d.to_string(),
                    (t, _) => t.to_string(),
                };
                match check(&answer) {
                    Ok(()) => {
                        draw(question, "", &Editor::from(answer.as_str()), None)?;
                        return Ok(Outcome::Line(answer));
                    }
                    Err(why) => problem = Some(why),
                }
            }
        }
    }
}

impl From<&str> for Editor {
    fn from(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        Editor {
            at: chars.len(),
            chars,
        }
    }
}

/// The prompt line (and a problem under it), with the cursor in place.
fn draw(question: &str, hint: &str, ed: &Editor, problem: Option<&str>) -> std::io::Result<()> {
    let mut err = std::io::stderr();
    let head = format!("? {question} {hint}");
    queue!(
        err,
        cursor::MoveToColumn(0),
        terminal::Clear(terminal::ClearType::FromCursorDown),
        style::Print(&head),
        style::Print(ed.text()),
    )?;
    if let Some(p) = problem {
        queue!(
            err,
            style::Print("\r\n"),
            style::Print(format!("  {p}")),
            cursor::MoveUp(1),
        )?;
    }
    let column = head.chars().count() + ed.at;
    queue!(
        err,
        cursor::MoveToColumn(column.min(u16::MAX as usize) as u16)
    )?;
    err.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[KeyEvent]) -> (String, usize) {
        let mut ed = Editor::default();
        for k in keys {
            ed.key(*k);
        }
        (ed.text(), ed.at)
    }

    fn chars(s: &str) -> Vec<KeyEvent> {
        s.chars()
            .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            .collect()
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn shell_editing_keys() {
        let mut keys = chars("https://old.example/start");
        keys.push(ctrl('u'));
        keys.extend(chars("https://d-abc.awsapps.com/start"));
        assert_eq!(typed(&keys).0, "https://d-abc.awsapps.com/start");
        let mut keys = chars("eu-west-1 us-east-1  ");
        keys.push(ctrl('w'));
        assert_eq!(typed(&keys).0, "eu-west-1 ");
        let mut keys = chars("west");
        keys.push(ctrl('a'));
        keys.extend(chars("eu-"));
        keys.push(ctrl('e'));
        keys.extend(chars("-1"));
        assert_eq!(typed(&keys), ("eu-west-1".into(), 9));
        let mut keys = chars("abcdef");
        keys.extend([ctrl('b'), ctrl('b'), ctrl('k')]);
        assert_eq!(typed(&keys), ("abcd".into(), 4));
        let mut ed = Editor::default();
        assert_eq!(ed.key(ctrl('d')), Step::Cancel);
        assert_eq!(ed.key(ctrl('c')), Step::Cancel);
    }
}
