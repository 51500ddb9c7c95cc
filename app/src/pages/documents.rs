//! The document's pages (reading, workspace, editor, summary, history) and the panels beside it: the
//! discussion (`discussion_panel` with its `comment_threads`, `amendments`, `stage_controls`), the ballots,
//! and the page's event stream (`live_updates`).

mod amendments;
pub mod ballot_panel;
mod comment_threads;
pub mod discussion_panel;
pub mod document_page;
pub mod document_reading;
pub mod document_workspace;
pub mod edit_page;
pub mod history_page;
mod live_updates;
mod margin;
mod stage_controls;
pub mod summary_page;
