//! Where role credentials come from, how they are kept between runs (the
//! role-credential cache shared with the AWS CLI), and how they are handed to
//! programs (the environment contract).

pub mod cache;
pub mod contract;
pub mod process;
pub mod resolve;
pub mod sts;
