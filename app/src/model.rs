//! What server functions return to pages: plain data shared by the server and the browser.

use accord_domain::importer::Warning;
use accord_domain::{Document, Event, State};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: String,
    #[serde(flatten)]
    pub event: Event,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: String,
    pub event_id: String,
    pub state: State,
    pub imported: bool,
    pub revision: i64,
    pub document: Document,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub id: String,
    pub event_id: String,
    pub title: String,
    pub doc_kind: String,
    pub state: State,
    pub imported: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventWithDocuments {
    pub event: EventRow,
    pub documents: Vec<DocumentSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentPage {
    pub row: DocumentRow,
    pub event: EventRow,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: String,
    pub file_name: String,
    pub event: Option<EventRow>,
    pub document: Document,
    pub warnings: Vec<Warning>,
}
