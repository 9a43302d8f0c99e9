//! Cache files of secrets: written safely (private folders 0700, private files
//! 0600, atomic replacement: a temp file in the same folder, synced, then
//! renamed, so a crash never leaves a half-written cache where a reader looks),
//! and read with one set of errors (missing is `None`, unusable is corrupt).

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

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

/// Replaces `path` with `contents` atomically, as a 0600 file.
pub fn write_private_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    ensure_private_dir(dir)?;
    // tempfile creates the file 0600 on Unix.
    let mut tmp = tempfile::Builder::new()
        .prefix(".ssoenv-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads the cache file `path` (a `what`, for messages) and parses it:
/// `Ok(None)` when it is missing, [`Error::CacheCorrupt`] when it is not UTF-8
/// or `parse` refuses it, [`Error::CacheIo`] when it cannot be read.
pub fn read_cache<T>(
    path: &Path,
    what: &str,
    parse: impl FnOnce(&str) -> std::result::Result<T, String>,
) -> Result<Option<T>> {
    let corrupt = |message: String| Error::CacheCorrupt {
        path: path.to_path_buf(),
        message,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(corrupt(format!("{what} is not UTF-8 text")));
        }
        Err(source) => {
            return Err(Error::CacheIo {
                action: "read",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    parse(&text)
        .map(Some)
        .map_err(|message| corrupt(format!("unusable {what}: {message}")))
}

/// [`write_private_atomic`] with the error naming the cache file.
pub fn write_cache(path: &Path, contents: &[u8]) -> Result<()> {
    write_private_atomic(path, contents).map_err(|source| Error::CacheIo {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

/// Whether a file can be read by other users (group or world bits set).
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o044 != 0)
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
        assert!(!readable_by_others(&path));
        let leftovers = std::fs::read_dir(root.path().join("a/b")).unwrap().count();
        assert_eq!(leftovers, 1, "no temp files left behind");
    }
}
