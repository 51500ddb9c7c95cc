//! Components shared by several pages.

pub mod error_notice;
pub mod layout;
pub mod resolution;
pub mod statistics_table;
