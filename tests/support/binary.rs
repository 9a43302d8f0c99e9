//! The ssoenv binary the tests run: the one cargo built for this test run,
//! or the one `SSOENV_TEST_BIN` names. CI runs the suite a second time with
//! it set to the static release build (`cargo build-static`), so the binary
//! users install is tested too, not only the debug build.

#![allow(dead_code)]

use std::sync::OnceLock;

/// The path of the binary under test.
pub fn ssoenv_bin() -> &'static str {
    static BIN: OnceLock<String> = OnceLock::new();
    BIN.get_or_init(|| match std::env::var("SSOENV_TEST_BIN") {
        Ok(bin) if !bin.is_empty() => {
            assert!(
                std::path::Path::new(&bin).is_file(),
                "SSOENV_TEST_BIN={bin} is not a file: build it (cargo build-static) or unset it"
            );
            bin
        }
        _ => env!("CARGO_BIN_EXE_ssoenv").to_string(),
    })
}
