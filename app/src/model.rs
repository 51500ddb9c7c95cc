//! What server functions return to pages: plain data shared by the server and the browser.

use accord_domain::importer::Warning;
use accord_domain::{Document, Event, Profile, Role, State};
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
    /// The statistics come from the register of participants rather than the imported text.
    #[serde(default)]
    pub register_statistics: bool,
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
    /// The document as stored: what the editor edits.
    pub row: DocumentRow,
    /// The document as readers see it (statistics from the register when chosen).
    pub reading: Document,
    pub event: EventRow,
    /// The caller may change the text now.
    pub editable: bool,
    /// The caller organises the event.
    pub manage: bool,
    /// For a draft opened by a member: what the live editor starts from.
    pub live: Option<LiveStart>,
}

/// The shared text as the page was rendered, so the editor works at once and offline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveStart {
    /// The `yrs` state, base64 of the v1 update encoding.
    pub state: String,
    /// Fixed when the document was created: a copy saved in the browser is merged only into the same lineage.
    pub lineage: String,
    /// The caller's name, shown to the others present.
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: String,
    pub file_name: String,
    pub event: Option<EventRow>,
    pub document: Document,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: String,
    pub user_id: String,
    pub role: Role,
    #[serde(flatten)]
    pub profile: Profile,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: String,
    pub role: Role,
    pub expires_at: String,
    pub revoked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor_name: String,
    pub action: String,
    pub detail: String,
}

/// What the event page shows: the event, its documents, and the register when the caller may see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPageData {
    pub entry: EventWithDocuments,
    pub role: Option<Role>,
    pub members: Vec<MemberRow>,
    pub invitations: Vec<InvitationRow>,
    pub statistics: accord_domain::Statistics,
}
