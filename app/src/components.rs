//! Components shared by several pages.

pub mod choices;
pub mod document_link;
pub mod error_notice;
pub mod escape;
pub mod layout;
pub mod marks;
pub mod progress_chart;
pub mod resolution;
pub mod result_chart;
pub mod server_form;
pub mod statistics_table;
