//! ssoenv as a library: the binary in `main.rs` is a thin shell around these
//! modules, which fuzzers, benchmarks and tests can reach directly.

pub mod cache_format;
pub mod child_wait;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod creds;
pub mod endpoints;
pub mod env;
pub mod error;
pub mod fsutil;
pub mod net;
pub mod output;
pub(crate) mod pyjson;
pub mod shell;
pub mod sso;
