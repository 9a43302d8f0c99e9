//! A reader of the PowerShell that `ssoenv export --format powershell`
//! writes, following PowerShell's own quoting rules (pwsh is not installed
//! where the tests run). Include it with
//! `#[path = "support/powershell.rs"] mod powershell;`.

use ssoenv::shell::Op;

/// The characters PowerShell's tokenizer treats as single quotes.
pub fn ps_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Reads a script made only of the two statements ssoenv writes for
/// PowerShell, one per line, the way PowerShell's tokenizer reads a verbatim
/// string: it opens at any single-quote character, and inside it a quote
/// character followed by another one stands for that one character; a quote
/// character followed by anything else ends it. Nothing else is special.
pub fn parse_powershell(script: &str) -> Result<Vec<Op>, String> {
    fn name(s: &str) -> (&str, &str) {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        s.split_at(end)
    }
    let mut ops = Vec::new();
    let mut rest = script;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("$env:") {
            let (name, r) = name(r);
            let r = r
                .strip_prefix(" = ")
                .ok_or_else(|| format!("no ` = ` after $env:{name}"))?;
            let mut chars = r.char_indices().peekable();
            match chars.next() {
                Some((_, c)) if ps_quote(c) => {}
                other => return Err(format!("$env:{name}: not a verbatim string: {other:?}")),
            }
            let mut value = String::new();
            let end = loop {
                let (i, c) = chars
                    .next()
                    .ok_or_else(|| format!("$env:{name}: unterminated string"))?;
                if ps_quote(c) {
                    match chars.peek() {
                        Some(&(_, q)) if ps_quote(q) => {
                            value.push(q);
                            chars.next();
                        }
                        _ => break i + c.len_utf8(),
                    }
                } else {
                    value.push(c);
                }
            };
            rest = r[end..]
                .strip_prefix('\n')
                .ok_or_else(|| format!("$env:{name}: text after the string"))?;
            ops.push(Op::Set(name.to_string(), value));
        } else if let Some(r) = rest.strip_prefix("Remove-Item Env:") {
            let (name, r) = name(r);
            rest = r
                .strip_prefix(" -ErrorAction SilentlyContinue\n")
                .ok_or_else(|| format!("Remove-Item Env:{name}: unexpected text"))?;
            ops.push(Op::Unset(name.to_string()));
        } else {
            return Err(format!(
                "unexpected statement: {:?}",
                &rest[..rest.len().min(40)]
            ));
        }
    }
    Ok(ops)
}
