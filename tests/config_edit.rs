//! The config editor (`ssoenv::config::edit`): every byte outside the touched
//! section or block stays as it was (property test over generated configs full
//! of comments, odd spacing, CRLF, other tools' sections and nested values),
//! botocore reads every edited file as `ssoenv list --json` does, and saving
//! keeps the mode, writes one backup, writes through symlinks, and refuses a
//! file that would not read, leaving it byte-identical.

#[path = "support/binary.rs"]
mod binary;
use binary::ssoenv_bin;

#[path = "support/python.rs"]
mod python;
use proptest::prelude::*;
use serde_json::Value;
use ssoenv::config::edit::{BACKUP_SUFFIX, ConfigEdit};
use ssoenv::config::ini::{self, FileKind};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ----- the generator -----

/// One line of a generated section body.
#[derive(Debug, Clone)]
enum Body {
    /// `key<sep>value`, maybe indented, maybe continued on indented lines.
    Key {
        indent: &'static str,
        sep: &'static str,
        value: &'static str,
        continued: bool,
    },
    /// `s3 =` and indented `k = v` lines (with a comment among them).
    Nested,
    Comment(&'static str),
    Blank(&'static str),
}

#[derive(Debug, Clone)]
struct SectionSpec {
    header: usize,
    body: Vec<Body>,
}

#[derive(Debug, Clone)]
struct Spec {
    preamble: Vec<Body>,
    sections: Vec<SectionSpec>,
    crlf: bool,
    final_newline: bool,
}

const KEY_NAMES: &[&str] = &["region", "output", "Sso_Role_Name", "k3", "k4", "k5", "k6"];
const SEPS: &[&str] = &[" = ", "=", ": ", " =  ", "\t=\t", ":"];
const VALUES: &[&str] = &[
    "us-east-1",
    "a # not a comment",
    "x=y:z",
    "ünïcødé",
    "$(rm -rf /)",
    "'q' \"dq\"",
    "back\\",
];
const COMMENTS: &[&str] = &[
    "# comment",
    "; other tool's comment",
    "   # indented comment",
    "#",
    "## [profile commented-out]",
];
const BLANKS: &[&str] = &["", "   ", "\t"];

fn body_line() -> impl Strategy<Value = Body> {
    prop_oneof![
        6 => (
            prop::sample::select(vec!["", "", "", "  "]),
            prop::sample::select(SEPS.to_vec()),
            prop::sample::select(VALUES.to_vec()),
            prop::bool::weighted(0.15),
        )
            .prop_map(|(indent, sep, value, continued)| Body::Key {
                indent,
                sep,
                value,
                continued
            }),
        1 => Just(Body::Nested),
        2 => prop::sample::select(COMMENTS.to_vec()).prop_map(Body::Comment),
        2 => prop::sample::select(BLANKS.to_vec()).prop_map(Body::Blank),
    ]
}

fn trivia() -> impl Strategy<Value = Body> {
    prop_oneof![
        prop::sample::select(COMMENTS.to_vec()).prop_map(Body::Comment),
        prop::sample::select(BLANKS.to_vec()).prop_map(Body::Blank),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    let section = (0..8usize, prop::collection::vec(body_line(), 0..7))
        .prop_map(|(header, body)| SectionSpec { header, body });
    (
        prop::collection::vec(trivia(), 0..3),
        prop::collection::vec(section, 1..7),
        any::<bool>(),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(preamble, sections, crlf, final_newline)| Spec {
            preamble,
            sections,
            crlf,
            final_newline,
        })
}

/// The header line of section `i` (names are unique per file).
fn header_line(kind: usize, i: usize) -> (String, String) {
    let name = format!("s{i}");
    let (line, botocore) = match kind {
        0 => (format!("[profile {name}]"), format!("profile {name}")),
        1 => (format!("[profile  {name} ]"), format!("profile {name}")),
        2 => (
            format!("[sso-session {name}]"),
            format!("sso-session {name}"),
        ),
        3 => (format!("[plugins-{name}]"), format!("plugins-{name}")),
        4 => (format!("[services {name}]"), format!("services {name}")),
        5 => (format!("[profile \"{name}\"]"), format!("profile {name}")),
        6 => (format!("  [profile {name}]  "), format!("profile {name}")),
        _ => (
            format!("[profile {name}] ; trailing"),
            format!("profile {name}"),
        ),
    };
    (line, botocore)
}

/// The lines of a body (without line endings).
fn body_lines(body: &[Body]) -> Vec<String> {
    let mut out = Vec::new();
    for (j, line) in body.iter().enumerate() {
        match line {
            Body::Key {
                indent,
                sep,
                value,
                continued,
            } => {
                // Distinct keys per section: a repeated key is a parse error.
                out.push(format!(
                    "{indent}{}{sep}{value}",
                    KEY_NAMES[j % KEY_NAMES.len()]
                ));
                if *continued {
                    out.push(format!("{indent}      more text"));
                }
            }
            Body::Nested => {
                out.push(format!("s3_{j} ="));
                out.push("  max_concurrent_requests = 10".into());
                out.push("  # a comment among them".into());
                out.push("  addressing_style=path".into());
            }
            Body::Comment(c) => out.push(c.to_string()),
            Body::Blank(b) => out.push(b.to_string()),
        }
    }
    out
}

/// The file's text, and each chunk (preamble, then one per section) as text.
struct Rendered {
    text: String,
    chunks: Vec<String>,
    /// botocore's header (`profile s1`...) of each section chunk.
    headers: Vec<String>,
    /// The line ending an edit uses: the file's, `\n` when it has none.
    eol: &'static str,
}

fn render(spec: &Spec) -> Rendered {
    let eol = if spec.crlf { "\r\n" } else { "\n" };
    let mut groups = vec![body_lines(&spec.preamble)];
    let mut headers = Vec::new();
    for (i, s) in spec.sections.iter().enumerate() {
        let (line, botocore) = header_line(s.header, i);
        let mut lines = vec![line];
        lines.extend(body_lines(&s.body));
        groups.push(lines);
        headers.push(botocore);
    }
    let total: usize = groups.iter().map(Vec::len).sum();
    let mut seen = 0;
    let mut chunks = Vec::new();
    for group in &groups {
        let mut chunk = String::new();
        for line in group {
            seen += 1;
            chunk.push_str(line);
            if seen < total || spec.final_newline {
                chunk.push_str(eol);
            }
        }
        chunks.push(chunk);
    }
    let text = chunks.concat();
    Rendered {
        eol: if text.contains('\n') { eol } else { "\n" },
        text,
        chunks,
        headers,
    }
}

/// Each section's keys and values as the reader sees them, by raw name.
fn sections(text: &str) -> BTreeMap<String, Vec<(String, ini::Value)>> {
    ini::parse(text, FileKind::Config)
        .expect("the text reads")
        .into_iter()
        .map(|s| {
            let values = s.entries.into_iter().map(|(k, e)| (k, e.value)).collect();
            (s.name, values)
        })
        .collect()
}

fn value_of(text: &str, raw: &str, key: &str) -> Option<ini::Value> {
    sections(text)
        .remove(raw)?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Saves `edit` to a fresh file holding `original` and checks the bytes written.
fn save_copy(original: &str, edit_text: impl Fn(&mut ConfigEdit)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, original).unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit_text(&mut edit);
    let wrote = edit.save().unwrap();
    assert_eq!(wrote, edit.changed());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, edit.text());
    written
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        max_global_rejects: 20_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn upserting_a_section_touches_only_that_section(spec in spec(), pick in any::<prop::sample::Index>(), existing_region in any::<bool>()) {
        let r = render(&spec);
        // Every generated header must be a section (an indented one can be a continuation).
        prop_assume!(ini::parse(&r.text, FileKind::Config).is_ok_and(|s| s.len() == r.headers.len()));
        let t = pick.index(r.headers.len());
        let raw_sections = ini::parse(&r.text, FileKind::Config).unwrap();
        // The raw name of section t, as the reader keeps it.
        let raw = raw_sections[t].name.clone();
        let before = sections(&r.text);
        let keys: Vec<(&str, &str)> = if existing_region {
            vec![("region", "eu-central-1"), ("sso_account_id", "123456789012")]
        } else {
            vec![("sso_account_id", "123456789012"), ("sso_role_name", "Admin")]
        };
        let had_any = before[&raw].iter().any(|(k, _)| keys.iter().any(|(key, _)| key == k));
        let header = r.headers[t].clone();
        let written = save_copy(&r.text, |e| e.upsert_section(&header, &keys).unwrap());

        // Every chunk but section t's is byte-identical, in place.
        let prefix: String = r.chunks[..t + 1].concat();
        let suffix: String = r.chunks[t + 2..].concat();
        prop_assert!(written.starts_with(&prefix), "prefix changed:\n{written:?}");
        prop_assert!(written[prefix.len()..].ends_with(&suffix), "suffix changed:\n{written:?}");

        // The section has the keys; everything else reads as before.
        let after = sections(&written);
        for (k, v) in &keys {
            prop_assert_eq!(value_of(&written, &raw, k), Some(ini::Value::Text(v.to_string())));
        }
        for (name, values) in &before {
            if name == &raw {
                for (k, v) in values {
                    if !keys.iter().any(|(key, _)| key == k) {
                        prop_assert!(after[name].contains(&(k.clone(), v.clone())), "{k} changed");
                    }
                }
            } else {
                prop_assert_eq!(&after[name], values);
            }
        }
        prop_assert_eq!(after.len(), before.len());

        // Only new keys: removing the inserted lines gives back the original.
        if !had_any {
            let diff = similar::TextDiff::from_lines(&r.text, &written);
            let mut inserted = Vec::new();
            for change in diff.iter_all_changes() {
                match change.tag() {
                    similar::ChangeTag::Delete => {
                        // A line that lost only its (missing) final newline to an insertion is fine.
                        prop_assert!(!r.text.ends_with(r.eol) && change.value().trim_end() == r.text.lines().last().unwrap_or("").trim_end(),
                            "deleted {:?}", change.value());
                    }
                    similar::ChangeTag::Insert => inserted.push(change.value().trim_end().trim_start().to_string()),
                    similar::ChangeTag::Equal => {}
                }
            }
            let wanted: Vec<String> = keys.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            for w in &wanted {
                prop_assert!(inserted.contains(w), "{w} not inserted: {inserted:?}");
            }
        }

        // A second identical upsert changes nothing.
        let again = save_copy(&written, |e| e.upsert_section(&header, &keys).unwrap());
        prop_assert_eq!(again, written);
    }

    #[test]
    fn a_new_section_is_appended_after_everything(spec in spec()) {
        let r = render(&spec);
        prop_assume!(ini::parse(&r.text, FileKind::Config).is_ok());
        let written = save_copy(&r.text, |e| {
            e.upsert_section("profile brand-new", &[("sso_session", "corp"), ("region", "us-west-2")]).unwrap();
        });
        let eol = r.eol;
        let tail = format!("[profile brand-new]{eol}sso_session = corp{eol}region = us-west-2");
        let expected = if r.text.ends_with(eol) {
            let sep = if r.text.lines().last().is_some_and(|l| l.trim().is_empty()) { "" } else { eol };
            format!("{}{sep}{tail}{eol}", r.text)
        } else {
            format!("{}{eol}{eol}{tail}", r.text)
        };
        prop_assert_eq!(&written, &expected);
        let before = sections(&r.text);
        let mut after = sections(&written);
        prop_assert!(after.remove("profile brand-new").is_some());
        prop_assert_eq!(after, before);
    }

    #[test]
    fn blocks_keep_the_rest_byte_identical(spec in spec()) {
        let r = render(&spec);
        prop_assume!(ini::parse(&r.text, FileKind::Config).is_ok());
        let eol = r.eol;
        let one = "[profile gen-a]\nsso_session = corp\nsso_account_id = 111111111111\n\n[profile gen-b]\nsso_session = corp\n";
        let two = "[profile gen-c]\nsso_session = corp\n";
        let first = save_copy(&r.text, |e| e.set_block("corp", one).unwrap());
        let base = if r.text.ends_with(eol) || r.text.is_empty() { r.text.clone() } else { format!("{}{eol}", r.text) };
        prop_assert!(first.starts_with(&base));
        let edit = ConfigEdit::open_text_for_test(&first);
        prop_assert_eq!(edit.block("corp").map(str::to_string), Some(one.replace('\n', eol)));

        // Replacing the block changes only its body.
        let second = save_copy(&first, |e| e.set_block("corp", two).unwrap());
        let body_at = first.find("[profile gen-a]").unwrap();
        let end_at = first.find("# END ssoenv populate: corp").unwrap();
        prop_assert_eq!(&second[..body_at], &first[..body_at]);
        prop_assert_eq!(&second[body_at + two.replace('\n', eol).len()..], &first[end_at..]);

        // Other sections read as before; removing the block gives the original back
        // (less the final blank line, when the original ended with one).
        let mut after = sections(&second);
        prop_assert!(after.remove("profile gen-c").is_some());
        prop_assert_eq!(after, sections(&r.text));
        let removed = save_copy(&second, |e| e.set_block("corp", "").unwrap());
        let ends_blank = r.text.ends_with(eol) && r.text.lines().last().is_some_and(|l| l.trim().is_empty());
        if ends_blank {
            let last_len = r.text.lines().last().unwrap().len() + eol.len();
            prop_assert_eq!(&removed, &r.text[..r.text.len() - last_len]);
        } else {
            prop_assert_eq!(&removed, &r.text);
        }
    }
}

/// A `ConfigEdit` of `text` without a file (through a temp file).
trait OpenText {
    fn open_text_for_test(text: &str) -> ConfigEdit;
}

impl OpenText for ConfigEdit {
    fn open_text_for_test(text: &str) -> ConfigEdit {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, text).unwrap();
        ConfigEdit::open(&path).unwrap()
    }
}

// ----- botocore reads what ssoenv wrote -----

/// botocore's profiles for a HOME (tests/py/botocore_view.py), or its error.
fn botocore_view(home: &Path) -> Value {
    let out = Command::new(python::python3())
        .arg(manifest_dir().join("tests/py/botocore_view.py"))
        .env_clear()
        .env("HOME", home)
        .env("PATH", python::path())
        .env("LANG", "C.UTF-8")
        .output()
        .expect("python3 with botocore in .venv (see .ci/run)");
    assert!(
        out.status.success(),
        "botocore_view.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ssoenv_list(home: &Path) -> Option<BTreeMap<String, Value>> {
    let out = Command::new(ssoenv_bin())
        .args(["list", "--json"])
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    if !out.status.success() {
        return None;
    }
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    Some(
        items
            .into_iter()
            .map(|item| {
                (
                    item["name"].as_str().unwrap().to_string(),
                    item["settings"].clone(),
                )
            })
            .collect(),
    )
}

/// The edits every corpus file gets: an existing profile updated, a new one, a block.
fn edit_like_ssoenv(edit: &mut ConfigEdit) -> ssoenv::error::Result<()> {
    let first_profile = ini::parse(edit.text(), FileKind::Config)
        .ok()
        .and_then(|s| s.into_iter().find(|s| s.name.starts_with("profile ")))
        .map(|s| s.name);
    if let Some(header) = first_profile
        && !header.contains(']')
        && !header.trim().contains("  ")
    {
        // Not every header in the corpus is one ssoenv would write; skip those.
        let _ = edit.upsert_section(header.trim(), &[("region", "eu-north-1")]);
    }
    edit.upsert_section(
        "profile ssoenv-edited",
        &[("sso_session", "corp-edit"), ("region", "us-west-2")],
    )?;
    edit.upsert_section(
        "sso-session corp-edit",
        &[
            ("sso_start_url", "https://d-abc123.awsapps.com/start"),
            ("sso_region", "us-east-1"),
        ],
    )?;
    edit.set_block(
        "corp-edit",
        "[profile gen.one]\nsso_session = corp-edit\nsso_account_id = 111111111111\nsso_role_name = Admin\n\n\
         [profile gen.two]\nsso_session = corp-edit\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = eu-west-1\n",
    )
}

#[test]
fn botocore_reads_every_edited_corpus_file_as_ssoenv_does() {
    let root = manifest_dir().join("tests/fixtures/configs");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("config").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus shrank");
    let mut compared = 0;
    let mut refused = 0;
    let mut problems = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let home = tempfile::tempdir().unwrap();
        let aws = home.path().join(".aws");
        std::fs::create_dir(&aws).unwrap();
        let config = aws.join("config");
        std::fs::copy(case.join("config"), &config).unwrap();
        if case.join("credentials").is_file() {
            std::fs::copy(case.join("credentials"), aws.join("credentials")).unwrap();
        }
        let before = std::fs::read(&config).unwrap();
        let botocore_before = botocore_view(home.path());
        if botocore_before.pointer("/error/file") == Some(&Value::from("credentials")) {
            continue; // the config file is fine; botocore's complaint is elsewhere
        }
        let saved = ConfigEdit::open(&config).and_then(|mut e| {
            edit_like_ssoenv(&mut e)?;
            e.save()
        });
        match saved {
            Ok(_) => {
                let view = botocore_view(home.path());
                let Some(profiles) = view.get("profiles").and_then(Value::as_object) else {
                    problems.push(format!(
                        "{name}: ssoenv wrote a file botocore rejects: {view}"
                    ));
                    continue;
                };
                let want: BTreeMap<String, Value> = profiles
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                match ssoenv_list(home.path()) {
                    Some(got) if got == want => {}
                    got => problems.push(format!("{name}: botocore {want:?}\n  ssoenv {got:?}")),
                }
                for p in ["ssoenv-edited", "gen.one", "gen.two"] {
                    if !want.contains_key(p) {
                        problems.push(format!("{name}: botocore does not see profile {p}"));
                    }
                }
                if want["gen.two"]["region"] != "eu-west-1" {
                    problems.push(format!("{name}: gen.two reads {:?}", want["gen.two"]));
                }
                compared += 1;
            }
            Err(e) => {
                // Refused: the file is untouched, and botocore rejects it (or the
                // edited text) too.
                refused += 1;
                let text = e.to_string();
                if std::fs::read(&config).unwrap() != before {
                    problems.push(format!("{name}: refused ({text}) but the file changed"));
                }
                if !text.contains(&config.display().to_string()) {
                    problems.push(format!("{name}: the error does not name the file: {text}"));
                }
                if botocore_before.get("profiles").is_some() {
                    // botocore read the original: it must reject what ssoenv refused to write.
                    let mut edit = ConfigEdit::open(&config).unwrap();
                    edit_like_ssoenv(&mut edit).unwrap();
                    std::fs::write(&config, edit.text()).unwrap();
                    if botocore_view(home.path()).get("profiles").is_some() {
                        problems.push(format!("{name}: refused ({text}) a text botocore reads"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(compared >= 30, "only {compared} corpus files were edited");
    assert!(refused >= 10, "only {refused} corpus files were refused");
}

// ----- saving -----

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn save_keeps_the_mode_and_a_new_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\nregion = x\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.upsert_section("profile a", &[("region", "y")])
        .unwrap();
    assert!(edit.save().unwrap());
    assert_eq!(mode(&path), 0o644);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "[profile a]\nregion = y\n"
    );

    let new = dir.path().join("sub/.aws/config");
    let mut edit = ConfigEdit::open(&new).unwrap();
    assert_eq!(edit.text(), "");
    edit.upsert_section("profile b", &[("region", "z")])
        .unwrap();
    assert!(edit.save().unwrap());
    assert_eq!(mode(&new), 0o600);
    assert_eq!(
        std::fs::read_to_string(&new).unwrap(),
        "[profile b]\nregion = z\n"
    );
    assert!(
        !dir.path()
            .join(format!("sub/.aws/config{BACKUP_SUFFIX}"))
            .exists(),
        "no backup of a file that did not exist"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("sub/.aws"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_read_only_file_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.upsert_section("profile a", &[("region", "x")])
        .unwrap();
    let err = edit.save().unwrap_err().to_string();
    assert!(
        err.contains(&format!("cannot write {}", path.display())),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "[profile a]\n");
}

#[test]
fn nothing_changed_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\nregion=x\r\n").unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.upsert_section("profile a", &[("region", "x")])
        .unwrap();
    assert!(!edit.changed());
    assert!(!edit.save().unwrap());
    assert!(edit.diff().is_empty());
    assert!(!dir.path().join(format!("config{BACKUP_SUFFIX}")).exists());
}

#[test]
fn the_backup_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    let backup = dir.path().join(format!("config{BACKUP_SUFFIX}"));
    std::fs::write(&path, "# first\n[profile a]\n").unwrap();
    for value in ["1", "2"] {
        let mut edit = ConfigEdit::open(&path).unwrap();
        edit.upsert_section("profile a", &[("k", value)]).unwrap();
        assert!(edit.save().unwrap());
    }
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap(),
        "# first\n[profile a]\n"
    );
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# first\n[profile a]\nk = 2\n"
    );
}

#[test]
fn a_symlinked_config_stays_a_symlink_and_its_target_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dotfiles = dir.path().join("dotfiles");
    let aws = dir.path().join(".aws");
    std::fs::create_dir_all(&dotfiles).unwrap();
    std::fs::create_dir_all(&aws).unwrap();
    let target = dotfiles.join("aws-config");
    std::fs::write(&target, "[profile a]\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = aws.join("config");
    std::os::unix::fs::symlink("../dotfiles/aws-config", &link).unwrap();

    let mut edit = ConfigEdit::open(&link).unwrap();
    edit.upsert_section("profile a", &[("region", "x")])
        .unwrap();
    assert!(edit.save().unwrap());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        PathBuf::from("../dotfiles/aws-config")
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "[profile a]\nregion = x\n"
    );
    assert_eq!(mode(&target), 0o640);
    assert!(dotfiles.join(format!("aws-config{BACKUP_SUFFIX}")).exists());
}

#[test]
fn a_file_that_would_not_read_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");

    // The edit itself would break it: the block repeats a section of the file.
    let original = "# mine\r\n[profile a]\r\nregion = x\r\n";
    std::fs::write(&path, original).unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.set_block("corp", "[profile a]\nregion = y\n").unwrap();
    let err = edit.save().unwrap_err().to_string();
    assert!(err.contains(&format!("{}:6:", path.display())), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert!(!dir.path().join(format!("config{BACKUP_SUFFIX}")).exists());

    // The file was broken before: its own error, file:line, and nothing written.
    let broken = "[profile a]\nregion = x\nregion = y\n";
    std::fs::write(&path, broken).unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.upsert_section("profile b", &[("region", "z")])
        .unwrap();
    let err = edit.save().unwrap_err().to_string();
    assert!(err.contains(&format!("{}:3:", path.display())), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);

    // Not UTF-8: refused at open, naming the line.
    std::fs::write(&path, b"[profile a]\nregion = \xff\n").unwrap();
    let err = ConfigEdit::open(&path).unwrap_err().to_string();
    assert!(err.contains(&format!("{}:2:", path.display())), "{err}");
}

#[test]
fn a_file_changed_meanwhile_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\n").unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.upsert_section("profile a", &[("region", "x")])
        .unwrap();
    std::fs::write(&path, "[profile a]\n[profile other-writer]\n").unwrap();
    let err = edit.save().unwrap_err();
    // A moment's race, not a wrong request: try again (75), not usage (64).
    assert_eq!(err.exit_code(), 75);
    let err = err.to_string();
    assert!(err.contains("changed while ssoenv was working"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "[profile a]\n[profile other-writer]\n"
    );
}

#[test]
fn the_diff_names_the_file_and_shows_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, "[profile a]\nregion = x\n").unwrap();
    let mut edit = ConfigEdit::open(&path).unwrap();
    edit.upsert_section("profile a", &[("region", "y")])
        .unwrap();
    let diff = edit.diff();
    let name = path.display().to_string();
    assert!(
        diff.starts_with(&format!("--- {name}\n+++ {name}\n@@")),
        "{diff}"
    );
    assert!(diff.contains("\n-region = x\n+region = y\n"), "{diff}");
}
