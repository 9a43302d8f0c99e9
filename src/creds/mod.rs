//! Where role credentials come from and where they are kept between runs
//! (starting with the role-credential cache shared with the AWS CLI).

pub mod cache;
