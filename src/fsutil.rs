//! Cache files of secrets: written safely (private folders 0700, private files
//! 0600, atomic replacement: a temp file in the same folder, synced, then
//! renamed, so a crash never leaves a half-written cache where a reader looks;
//! temp files a killed process left are removed once they are stale),
//! and read with one set of errors (missing is `None`, unusable is corrupt)
//! and one warning (a cache file other users can read).

use crate::error::{Error, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Creates `dir` (and parents) if needed; a folder ssoenv creates is 0700.
pub fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Opens (creating it 0600) the lock file `path` without following a
/// symbolic link: in a folder others can write, a planted `….lock` link
/// must not make ssoenv truncate the file it points to. Warns once per
/// process when the folder is writable by the group or others (botocore's
/// own cache folders are 0700).
pub fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).truncate(false).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    if let Some(dir) = path.parent() {
        warn_writable_folder(dir);
    }
    opts.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            std::io::Error::other(
                "it is a symbolic link, which ssoenv never makes: remove it if you did not \
                 put it there",
            )
        } else {
            e
        }
    })
}

/// Warns (once per folder and process) when `dir` may be written by the
/// group or others: anyone could plant files or links there.
fn warn_writable_folder(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        static WARNED: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
            std::sync::Mutex::new(std::collections::BTreeSet::new());
        let Ok(meta) = std::fs::metadata(dir) else {
            return;
        };
        if meta.permissions().mode() & 0o022 == 0 {
            return;
        }
        let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
        if warned.insert(dir.to_path_buf()) {
            eprintln!(
                "ssoenv: warning: {} can be written by other users, who could plant files \
                 there; run: chmod 700 {}",
                dir.display(),
                crate::shell::hint_word(&dir.display().to_string())
            );
        }
    }
}

/// Replaces `path` with `contents` atomically, as a 0600 file.
pub fn write_private_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    ensure_private_dir(dir)?;
    // tempfile creates the file 0600 on Unix.
    let mut tmp = temp_file_in(dir)?;
    tmp.as_file_mut().write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    remove_stale_temps(dir);
    Ok(())
}

/// A private temp file beside `path`, filled with `size` spaces and synced
/// before the caller does what cannot be undone (a token refresh, after which
/// AWS no longer takes the refresh token the cache holds): the disk space the
/// new file needs is held, and a full disk, a quota, a file size limit or a
/// folder that cannot be written shows here, while nothing is lost yet.
pub struct Reserved {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// See [`Reserved`]. The folder is created 0700 if needed.
pub fn reserve_private(path: &Path, size: usize) -> std::io::Result<Reserved> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    ensure_private_dir(dir)?;
    // Stale temps a killed process left give their space back first.
    remove_stale_temps(dir);
    let mut tmp = temp_file_in(dir)?;
    tmp.as_file_mut().write_all(&vec![b' '; size])?;
    tmp.as_file().sync_all()?;
    Ok(Reserved {
        tmp,
        path: path.to_path_buf(),
    })
}

impl Reserved {
    /// Writes `contents` over the reserved bytes (which needs no new space on
    /// most file systems when it fits), syncs, and renames the file to its
    /// path. If that fails, the reservation is let go and the write is tried
    /// once more into the same folder; the error is the last attempt's.
    pub fn commit(self, contents: &[u8]) -> std::io::Result<()> {
        let Reserved { mut tmp, path } = self;
        let first = (|| {
            use std::io::Seek;
            tmp.as_file_mut().rewind()?;
            tmp.as_file_mut().write_all(contents)?;
            tmp.as_file().set_len(contents.len() as u64)?;
            tmp.as_file().sync_all()?;
            tmp.persist(&path).map(drop).map_err(|e| e.error)
        })();
        match first {
            Ok(()) => Ok(()),
            Err(_) => write_private_atomic(&path, contents),
        }
    }
}

/// The name prefix and suffix of the temp files ssoenv writes before a rename.
const TEMP_PREFIX: &str = ".ssoenv-";
const TEMP_SUFFIX: &str = ".tmp";
/// A temp file this old was left by a process killed between creating and
/// renaming it (a write takes milliseconds).
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// A new temp file in `dir` (0600 on Unix), named so that
/// [`remove_stale_temps`] can recognise it.
pub fn temp_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
}

/// Removes ssoenv's temp files in `dir` that are [`STALE_TEMP`] old: a killed
/// process left them, and in a cache folder they hold secrets. Best effort: a
/// file that cannot be checked or removed is left.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry.metadata().is_ok_and(|m| {
            m.is_file()
                && m.modified()
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_TEMP))
        });
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Reads the cache file `path` (a `what`, for messages) and parses it:
/// `Ok(None)` when it is missing, [`Error::CacheCorrupt`] when it is not UTF-8
/// or `parse` refuses it, [`Error::CacheIo`] when it cannot be read.
///
/// A file that other users can read gets a warning on stderr, once per file
/// and process (see [`shared_cache_warning`]). The mode comes from the opened
/// handle (fstat), so a cached `export` pays no extra path lookup.
pub fn read_cache<T>(
    path: &Path,
    what: &str,
    parse: impl FnOnce(&str) -> std::result::Result<T, String>,
) -> Result<Option<T>> {
    let corrupt = |message: String| Error::CacheCorrupt {
        path: path.to_path_buf(),
        message,
    };
    let io = |source| Error::CacheIo {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    // One fstat on the open handle serves both the permission check and the
    // buffer size (`read_to_string` on a `File` would fstat again).
    let meta = file.metadata().map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        warn_once(path, meta.permissions().mode());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // `Take` reads to the end without asking for the size again.
    (&file).read_to_end(&mut bytes).map_err(io)?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(corrupt(format!("{what} is not UTF-8 text")));
    };
    parse(&text)
        .map(Some)
        .map_err(|message| corrupt(format!("unusable {what}: {message}")))
}

/// The warning for a cache file with permission bits `mode`, when the group
/// or others may read it.
///
/// Only the file is checked, not its folder: the file names in a cache
/// folder are SHA-1 digests of session and role names, not secrets, and the
/// AWS CLI leaves its cache folders 0755, so a folder warning would fire for
/// most users without protecting anything.
pub fn shared_cache_warning(path: &Path, mode: u32) -> Option<String> {
    (mode & 0o044 != 0).then(|| {
        let shown = path.display().to_string();
        // Ordinary paths stay bare; one with spaces, quotes or other shell
        // syntax is quoted, so the command can be pasted as it is.
        let word = crate::shell::hint_word(&shown);
        format!("{shown} can be read by other users; run: chmod 600 {word}")
    })
}

/// Prints [`shared_cache_warning`] for `path` unless this process already did.
fn warn_once(path: &Path, mode: u32) {
    static WARNED: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let Some(warning) = shared_cache_warning(path, mode) else {
        return;
    };
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if warned.insert(path.to_path_buf()) {
        eprintln!("ssoenv: warning: {warning}");
    }
}

/// [`write_private_atomic`] with the error naming the cache file.
pub fn write_cache(path: &Path, contents: &[u8]) -> Result<()> {
    write_private_atomic(path, contents).map_err(|source| Error::CacheIo {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn writes_private_files_in_private_folders() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("a/b/file.json");
        write_private_atomic(&path, b"one").unwrap();
        write_private_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&root.path().join("a/b")), 0o700);
        let file_mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(shared_cache_warning(&path, file_mode), None);
        let leftovers = std::fs::read_dir(root.path().join("a/b")).unwrap().count();
        assert_eq!(leftovers, 1, "no temp files left behind");
    }

    #[test]
    fn a_write_removes_temp_files_killed_writers_left_long_ago() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".ssoenv-killed.tmp");
        let fresh = dir.path().join(".ssoenv-writing.tmp");
        let other = dir.path().join("someone-elses.tmp");
        for p in [&old, &fresh, &other] {
            std::fs::write(p, "secret").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - STALE_TEMP * 2;
        for p in [&old, &other] {
            let f = std::fs::File::options().write(true).open(p).unwrap();
            f.set_modified(long_ago).unwrap();
        }
        write_private_atomic(&dir.path().join("token.json"), b"{}").unwrap();
        assert!(!old.exists(), "a stale temp file of ssoenv is removed");
        assert!(fresh.exists(), "a temp file being written is kept");
        assert!(other.exists(), "other programs' files are kept");
    }

    #[test]
    fn warns_about_files_the_group_or_others_can_read() {
        let path = Path::new("/home/me/.aws/sso/cache/ab.json");
        for private in [0o100600, 0o600, 0o400, 0o700, 0o711, 0o622] {
            assert_eq!(shared_cache_warning(path, private), None, "{private:o}");
        }
        for shared in [0o644, 0o640, 0o604, 0o100644, 0o666, 0o755] {
            assert_eq!(
                shared_cache_warning(path, shared).as_deref(),
                Some(
                    "/home/me/.aws/sso/cache/ab.json can be read by other users; \
                     run: chmod 600 /home/me/.aws/sso/cache/ab.json"
                ),
                "{shared:o}"
            );
        }
        let spaced = Path::new("/home/my user/it's.json");
        assert_eq!(
            shared_cache_warning(spaced, 0o644).as_deref(),
            Some(
                "/home/my user/it's.json can be read by other users; \
                 run: chmod 600 '/home/my user/it'\\''s.json'"
            )
        );
    }

    #[test]
    fn reads_missing_corrupt_and_shared_files() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("c.json");
        let parse = |t: &str| Ok::<_, String>(t.to_string());
        assert!(read_cache(&path, "test cache", parse).unwrap().is_none());
        std::fs::write(&path, "text").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        // A shared file is still read (the warning goes to stderr).
        assert_eq!(
            read_cache(&path, "test cache", parse).unwrap().as_deref(),
            Some("text")
        );
        std::fs::write(&path, b"\xff").unwrap();
        let err = read_cache(&path, "test cache", parse).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        std::fs::write(&path, "x").unwrap();
        let err = read_cache(&path, "test cache", |_| Err::<(), _>("no".into())).unwrap_err();
        assert!(
            err.to_string().ends_with("unusable test cache: no"),
            "{err}"
        );
    }
}
