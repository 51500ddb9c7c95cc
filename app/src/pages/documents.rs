pub mod document_page;
pub mod edit_page;
