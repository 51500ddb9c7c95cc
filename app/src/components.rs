//! Components shared by several pages.

pub mod error_notice;
pub mod escape;
#[cfg(not(feature = "ssr"))]
pub mod form_fields;
pub mod layout;
pub mod marks;
pub mod markup;
pub mod morph;
pub mod progress_chart;
pub mod resolution;
pub mod result_chart;
pub mod server_form;
