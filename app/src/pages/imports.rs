pub mod import_page;
pub mod preview_page;
