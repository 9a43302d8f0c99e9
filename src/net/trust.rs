//! Which certificate authorities ssoenv trusts for HTTPS, decided as the AWS
//! CLI and OpenSSL-based tools decide: a CA bundle named by `AWS_CA_BUNDLE`
//! (environment) or `ca_bundle` (profile) replaces everything else, as it
//! does for the AWS CLI; otherwise the Mozilla roots built into ssoenv and
//! the operating system's store (or what `SSL_CERT_FILE` / `SSL_CERT_DIR`
//! name, as OpenSSL reads them) are trusted together, so a company CA
//! installed in the OS works without any setting.

use crate::error::{Error, Result};
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::{Path, PathBuf};

/// Where trust comes from; deciding it reads no file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// A PEM bundle that replaces every other root, and the setting that named it.
    Bundle { path: PathBuf, setting: String },
    /// The bundled Mozilla roots and the OS store; `SSL_CERT_FILE` and
    /// `SSL_CERT_DIR`, when set, stand for the OS store as they do for OpenSSL.
    Default {
        cert_file: Option<PathBuf>,
        cert_dir: Option<PathBuf>,
    },
}

/// Roots ready for a TLS client, and a line saying what they are.
pub struct Loaded {
    pub store: RootCertStore,
    pub description: String,
}

impl Roots {
    /// Reads the roots. A named bundle that cannot be read or holds no usable
    /// certificate is an error naming the file and the setting. `SSL_CERT_FILE`
    /// / `SSL_CERT_DIR` problems are not (OpenSSL passes over them too, and
    /// the built-in roots remain): they are told in the description, which
    /// `-v` and certificate errors show.
    pub fn load(&self) -> Result<Loaded> {
        match self {
            Roots::Bundle { path, setting } => {
                let certs = read_pem_file(path).map_err(|problem| Error::CaBundle {
                    path: path.clone(),
                    setting: setting.clone(),
                    problem,
                })?;
                let mut store = RootCertStore::empty();
                let (added, ignored) = store.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(Error::CaBundle {
                        path: path.clone(),
                        setting: setting.clone(),
                        problem: format!(
                            "none of its {ignored} certificates can be used as a root"
                        ),
                    });
                }
                Ok(Loaded {
                    store,
                    description: format!(
                        "only {} ({added} certificates, from {setting})",
                        path.display()
                    ),
                })
            }
            Roots::Default {
                cert_file,
                cert_dir,
            } => {
                let mut store = RootCertStore::empty();
                store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                let builtin = store.len();
                let os = if cert_file.is_some() || cert_dir.is_some() {
                    openssl_locations(&mut store, cert_file.as_deref(), cert_dir.as_deref())
                } else {
                    os_store(&mut store)
                };
                Ok(Loaded {
                    store,
                    description: format!("the built-in Mozilla roots ({builtin}) and {os}"),
                })
            }
        }
    }
}

/// The certificates of a PEM file, or why there are none.
fn read_pem_file(path: &Path) -> std::result::Result<Vec<CertificateDer<'static>>, String> {
    // A FIFO or device would block or never end: only regular files are read.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err("it is not a regular file".into()),
        Err(e) => return Err(format!("cannot read it: {e}")),
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .filter_map(|c| c.ok())
        .collect();
    if certs.is_empty() {
        return Err("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)".into());
    }
    Ok(certs)
}

/// Adds the OS trust store; says how many roots it gave.
fn os_store(store: &mut RootCertStore) -> String {
    let found = rustls_native_certs::load_native_certs();
    let (added, _) = store.add_parsable_certificates(found.certs);
    if added == 0 && !found.errors.is_empty() {
        format!(
            "no roots from the OS store ({})",
            found.errors[0].to_string().replace('\n', " ")
        )
    } else {
        format!("the OS store ({added})")
    }
}

/// Adds what `SSL_CERT_FILE` and `SSL_CERT_DIR` name, in place of the OS
/// store; says what each gave.
fn openssl_locations(store: &mut RootCertStore, file: Option<&Path>, dir: Option<&Path>) -> String {
    let mut parts = Vec::new();
    if let Some(file) = file {
        parts.push(match read_pem_file(file) {
            Ok(certs) => {
                let (added, _) = store.add_parsable_certificates(certs);
                format!("SSL_CERT_FILE {} ({added})", file.display())
            }
            Err(problem) => format!("not SSL_CERT_FILE {}: {problem}", file.display()),
        });
    }
    // A `:`-separated list of folders, as OpenSSL reads it. Like
    // rustls-native-certs, every file of a folder that holds PEM certificates
    // counts (OpenSSL finds them by hashed names; c_rehash makes those links
    // to the same files).
    for dir in dir.map(std::env::split_paths).into_iter().flatten() {
        let dir = dir.as_path();
        parts.push(match std::fs::read_dir(dir) {
            Ok(entries) => {
                let mut added = 0;
                for entry in entries.flatten() {
                    if let Ok(certs) = read_pem_file(&entry.path()) {
                        added += store.add_parsable_certificates(certs).0;
                    }
                }
                format!("SSL_CERT_DIR {} ({added})", dir.display())
            }
            Err(e) => format!("not SSL_CERT_DIR {}: cannot read it: {e}", dir.display()),
        });
    }
    parts.join(" and ")
}
