//! The document's pages (reading, workspace, editor, summary, history) and the panels beside it: the
//! discussion (`discussion_panel`; its HTML, written by the server, in `discussion_markup` with
//! `comment_threads`, `amendments`, `stage_controls`), the ballots (`ballot_panel`, `ballot_markup`), and the
//! page's event stream (`live_updates`).

#[cfg(feature = "ssr")]
mod amendments;
#[cfg(feature = "ssr")]
pub mod ballot_markup;
pub mod ballot_panel;
#[cfg(feature = "ssr")]
mod comment_threads;
#[cfg(feature = "ssr")]
pub mod discussion_markup;
pub mod discussion_panel;
pub mod document_page;
#[cfg(not(feature = "hydrate"))]
pub mod document_reading;
pub mod document_workspace;
pub mod edit_page;
pub mod history_page;
mod live_updates;
mod margin;
#[cfg(not(feature = "hydrate"))]
pub mod reading_markup;
#[cfg(feature = "ssr")]
mod stage_controls;
pub mod summary_page;
