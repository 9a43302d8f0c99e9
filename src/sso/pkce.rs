//! PKCE (RFC 7636) for the authorization-code flow: a random verifier, its
//! S256 challenge, and a random `state`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

const VERIFIER_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

/// `n` random characters from the verifier alphabet.
pub fn random_string(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // The OS random source failing is not something to recover from quietly:
    // fall back to nothing predictable by refusing (callers treat it as fatal).
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
        .iter()
        .map(|b| VERIFIER_CHARS[(*b as usize) % VERIFIER_CHARS.len()] as char)
        .collect()
}

/// A fresh 64-character verifier.
pub fn verifier() -> String {
    random_string(64)
}

/// base64url(SHA-256(verifier)) without padding.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_vector() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let v = verifier();
        assert_eq!(v.len(), 64);
        assert!(v.bytes().all(|b| VERIFIER_CHARS.contains(&b)));
        assert_ne!(verifier(), v);
    }
}
