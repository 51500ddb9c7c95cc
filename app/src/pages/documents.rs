pub mod ballot_panel;
pub mod discussion_panel;
pub mod document_page;
pub mod document_reading;
pub mod document_workspace;
pub mod edit_page;
pub mod history_page;
pub mod summary_page;
