//! JSON text exactly as Python's `json.dumps` writes it (ASCII only, `\uXXXX`
//! escapes, its separators), for the places where the AWS CLI hashes or writes
//! JSON and ssoenv must produce the same bytes: cache keys and cache files.

use serde_json::Value;

/// The separators of `json.dumps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Separators {
    /// Python's default `(", ", ": ")`.
    Default,
    /// `separators=(",", ":")`.
    Minified,
}

/// `json.dumps(value, sort_keys=sort_keys, separators=…)` with the default
/// `ensure_ascii=True`. Objects keep their insertion order unless `sort_keys`.
/// Integers print as Python prints them; floats (which no caller writes) use
/// Rust's formatting, which can differ from Python's `repr`.
pub(crate) fn dumps(value: &Value, sort_keys: bool, separators: Separators) -> String {
    let mut out = String::new();
    write_value(&mut out, value, sort_keys, separators);
    out
}

fn write_value(out: &mut String, value: &Value, sort_keys: bool, separators: Separators) {
    let (item_sep, key_sep) = match separators {
        Separators::Default => (", ", ": "),
        Separators::Minified => (",", ":"),
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&py_json_str(s)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                write_value(out, item, sort_keys, separators);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if sort_keys {
                // Python compares str by code point; UTF-8 byte order is the same.
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(item_sep);
                }
                out.push_str(&py_json_str(key));
                out.push_str(key_sep);
                write_value(out, item, sort_keys, separators);
            }
            out.push('}');
        }
    }
}

/// A string as Python's `json.dumps` writes it (ASCII only, `\uXXXX` escapes).
pub(crate) fn py_json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7E => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn python_json_strings() {
        assert_eq!(py_json_str("a\"b\\é😀"), r#""a\"b\\\u00e9\ud83d\ude00""#);
        assert_eq!(py_json_str("\u{7f}\u{1}/"), r#""\u007f\u0001/""#);
    }

    #[test]
    fn python_separators_and_key_order() {
        let v = json!({"b": [1, null, true], "a": {"y": "é", "x": -2}});
        assert_eq!(
            dumps(&v, false, Separators::Default),
            r#"{"b": [1, null, true], "a": {"y": "\u00e9", "x": -2}}"#
        );
        assert_eq!(
            dumps(&v, true, Separators::Minified),
            r#"{"a":{"x":-2,"y":"\u00e9"},"b":[1,null,true]}"#
        );
    }
}
