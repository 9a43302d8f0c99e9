//! A snapshot of the process environment, taken once in `main` and passed down,
//! so lower layers never read globals and tests can hand them any environment.

use std::collections::HashMap;
use std::path::PathBuf;

/// Environment variables by name (values that are not UTF-8 are converted
/// lossily for [`Env::get`]; paths keep their bytes, see [`Env::get_os`]).
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
    /// The exact bytes of values that are not UTF-8 (paths are bytes).
    raw: HashMap<String, std::ffi::OsString>,
}

impl Env {
    /// The environment of this process.
    pub fn from_process() -> Self {
        Env::from_os_pairs(std::env::vars_os())
    }

    /// An environment of these variables, values kept exactly as bytes.
    pub fn from_os_pairs(
        pairs: impl IntoIterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
    ) -> Self {
        let mut env = Env::default();
        for (k, v) in pairs {
            let key = k.to_string_lossy().into_owned();
            if v.to_str().is_none() {
                env.raw.insert(key.clone(), v.clone());
            }
            env.vars.insert(key, v.to_string_lossy().into_owned());
        }
        env
    }

    /// An environment holding exactly these variables.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Env {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            raw: HashMap::new(),
        }
    }

    /// The value of `name`, if set (possibly empty).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// Every variable, in no particular order (e.g. to hand to a child process).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of `name` if set and not empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// The value of `name` as the exact bytes it was set to, if set and not
    /// empty: for paths, which need not be UTF-8.
    pub fn non_empty_os(&self, name: &str) -> Option<&std::ffi::OsStr> {
        match self.raw.get(name) {
            Some(raw) => Some(raw.as_os_str()),
            None => self.non_empty(name).map(std::ffi::OsStr::new),
        }
    }

    /// The user's home folder: `$HOME`, else the platform's idea of it.
    pub fn home(&self) -> Option<PathBuf> {
        self.non_empty_os("HOME")
            .map(PathBuf::from)
            .or_else(home_of_user)
    }

    /// Expands a path the way botocore does (`os.path.expandvars`, then
    /// `os.path.expanduser`): `$NAME` and `${NAME}` when set, then a leading `~`.
    pub fn expand_path(&self, raw: &str) -> PathBuf {
        let vars = self.expand_vars(raw);
        if (vars == "~" || vars.starts_with("~/"))
            && let Some(home) = self.home()
        {
            // The home folder keeps its bytes (it need not be UTF-8).
            use std::os::unix::ffi::{OsStrExt, OsStringExt};
            let mut bytes = home.into_os_string().into_vec();
            while bytes.len() > 1 && bytes.ends_with(b"/") {
                bytes.pop();
            }
            if bytes == b"/" {
                bytes.clear();
            }
            bytes.extend_from_slice(std::ffi::OsStr::new(&vars[1..]).as_bytes());
            if bytes.is_empty() {
                bytes.push(b'/');
            }
            return PathBuf::from(std::ffi::OsString::from_vec(bytes));
        }
        // A whole value that is not UTF-8 (AWS_CONFIG_FILE, say) keeps its bytes.
        if let Some((_, raw)) = self.raw.iter().find(|(_, r)| r.to_string_lossy() == raw) {
            return PathBuf::from(raw);
        }
        PathBuf::from(vars)
    }

    fn expand_vars(&self, raw: &str) -> String {
        if !raw.contains('$') {
            return raw.to_string();
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(pos) = rest.find('$') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            let (name, consumed) = if let Some(braced) = after.strip_prefix('{') {
                match braced.find('}') {
                    Some(end) => (&braced[..end], end + 2),
                    None => ("", 0),
                }
            } else {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            };
            match self.get(name).filter(|_| consumed > 0 && !name.is_empty()) {
                Some(value) => out.push_str(value),
                None => out.push_str(&rest[pos..pos + 1 + consumed]),
            }
            rest = &after[consumed..];
        }
        out.push_str(rest);
        out
    }
}

/// The home folder of the user running ssoenv, from the system's user
/// database (when HOME is not set).
#[cfg(not(target_feature = "crt-static"))]
fn home_of_user() -> Option<PathBuf> {
    dirs::home_dir()
}

/// The static build's: this user's entry in /etc/passwd. The glibc linked
/// into it cannot safely load the system's other user databases (sssd,
/// systemd; see Cargo.toml), so a user known only there must set HOME.
#[cfg(target_feature = "crt-static")]
fn home_of_user() -> Option<PathBuf> {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    home_in_passwd(&std::fs::read("/etc/passwd").ok()?, uid)
}

/// The home folder of `uid` in the text of an /etc/passwd file.
#[cfg_attr(not(target_feature = "crt-static"), allow(dead_code))]
fn home_in_passwd(passwd: &[u8], uid: u32) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let uid = uid.to_string();
    passwd.split(|b| *b == b'\n').find_map(|line| {
        let fields: Vec<&[u8]> = line.split(|b| *b == b':').collect();
        (fields.len() == 7 && fields[2] == uid.as_bytes() && !fields[5].is_empty())
            .then(|| PathBuf::from(std::ffi::OsStr::from_bytes(fields[5])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_home_in_passwd_is_the_users_own_entry() {
        let passwd = b"root:x:0:0:root:/root:/bin/bash\n\
            +::::::\n\
            nohome:x:1001:1001:::/bin/sh\n\
            alice:x:1000:1000:Alice,,,:/home/al:ice:/bin/zsh\n\
            bob:x:1002:1002:Bob:/home/b\xffob:/usr/bin/fish";
        assert_eq!(home_in_passwd(passwd, 0), Some(PathBuf::from("/root")));
        assert_eq!(home_in_passwd(passwd, 1001), None, "an empty home");
        assert_eq!(home_in_passwd(passwd, 1000), None, "eight fields");
        assert_eq!(home_in_passwd(passwd, 4242), None, "no entry");
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(
            home_in_passwd(passwd, 1002).unwrap().as_os_str().as_bytes(),
            b"/home/b\xffob"
        );
    }

    #[test]
    fn expands_like_python_os_path() {
        let env = Env::from_pairs([("HOME", "/home/u/"), ("X", "x1")]);
        assert_eq!(
            env.expand_path("~/.aws/config"),
            PathBuf::from("/home/u/.aws/config")
        );
        assert_eq!(
            env.expand_path("$X/a/${X}/$NOPE/${}"),
            PathBuf::from("x1/a/x1/$NOPE/${}")
        );
        assert_eq!(env.expand_path("~other/x"), PathBuf::from("~other/x"));
        assert_eq!(env.expand_path("a$"), PathBuf::from("a$"));
    }
}
