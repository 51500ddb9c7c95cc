//! What server functions return to pages: plain data shared by the server and the browser.

use crate::ids::{
    AmendmentId, BallotId, CommentId, DocumentId, EventId, ImportId, InvitationId, MemberId, RecommendationId, UserId,
};
use accord_domain::importer::Warning;
use accord_domain::{Document, Event, Profile, Role, State};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub id: EventId,
    pub event: Event,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub event_id: EventId,
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
    pub id: DocumentId,
    pub event_id: EventId,
    pub title: String,
    pub doc_kind: String,
    #[serde(default)]
    pub kind: accord_domain::DocumentKind,
    pub state: State,
    pub imported: bool,
    /// Comments and amendments by others the member has not seen (on the event page).
    #[serde(default)]
    pub unread: u32,
    /// Whether whoever lists it may open it.
    #[serde(default)]
    pub readable: Readable,
}

/// An account of the demo content, offered on the sign-in page with the demo password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoAccount {
    pub email: String,
    pub name: String,
    pub role: accord_domain::Role,
}

/// Whether a listed document opens for the reader, and if not, what would let them read it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Readable {
    #[default]
    Yes,
    /// A draft: members read it, and the reader is not signed in.
    AfterSignIn,
    /// A draft: members read it, and the signed-in reader is not one.
    MembersOnly,
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
    /// The document as readers see it, where it differs from `row.document` (statistics from the register when
    /// chosen): read it through `reading()`. Sent once otherwise, and the page that carries it is that much lighter.
    pub reading: Option<Document>,
    pub event: EventRow,
    /// The caller may change the text now.
    pub editable: bool,
    /// The caller organises the event.
    pub manage: bool,
    /// The caller takes part in the event: they see the discussion.
    pub member: bool,
    /// A draft opened by a member: the page offers the live editor.
    pub live: bool,
    /// What the live editor starts from, where it is offered and was asked for (the workspace's
    /// `Parts::editor`): the shared state costs as much as the text is long.
    pub start: Option<LiveStart>,
    /// The first and last day the stored header's date names, read on the server: the form editor's browser
    /// code reads no dates.
    pub header_dates: Option<(accord_domain::Date, Option<accord_domain::Date>)>,
    /// For a public document, what a link to it says when shared (its first recommendation, else its event
    /// line), made on the server: finding a recommendation's addressee takes the importer's rules.
    pub description: Option<String>,
}

/// The shared text as the page was rendered, so the editor works at once and offline.
impl DocumentPage {
    /// The document as readers see it.
    pub fn reading(&self) -> &Document {
        self.reading.as_ref().unwrap_or(&self.row.document)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveStart {
    /// The `yrs` state, its v1 update encoding (bytes: the page's copy is base64 once, not twice).
    pub state: Vec<u8>,
    /// Fixed when the document was created: a copy saved in the browser is merged only into the same lineage.
    pub lineage: String,
    /// The caller's name, shown to the others present.
    pub name: String,
}

/// A pending import as read, with what the event it creates will be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: ImportId,
    pub file_name: String,
    /// The event it goes into, when the person chose one.
    pub event: Option<EventRow>,
    pub document: Document,
    pub warnings: Vec<Warning>,
    /// The new event's title, dates and place, as the document gives them (its header, else its text).
    pub event_title: String,
    pub event_starts_on: Option<accord_domain::Date>,
    pub event_ends_on: Option<accord_domain::Date>,
    pub event_place: String,
    /// Lines of the source.
    pub lines: usize,
    /// The first and last day the header's date names.
    pub header_dates: Option<(accord_domain::Date, Option<accord_domain::Date>)>,
    /// The document as it will read, rendered on the server (`resolution::reading_html`): the preview page's
    /// browser code holds no reading view.
    pub reading: String,
}

impl ImportPreview {
    pub fn new(
        id: ImportId,
        file_name: String,
        event: Option<EventRow>,
        read: accord_domain::Import,
        facts: &accord_domain::importer::EventFacts,
        lines: usize,
        reading: String,
    ) -> ImportPreview {
        ImportPreview {
            header_dates: read.document.header.dates(),
            reading,
            id,
            file_name,
            event,
            document: read.document,
            warnings: read.warnings,
            event_title: facts.title.clone(),
            event_starts_on: facts.starts_on,
            event_ends_on: facts.ends_on,
            event_place: facts.place.clone(),
            lines,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub user_id: UserId,
    pub role: Role,
    pub profile: Profile,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: InvitationId,
    pub role: Role,
    pub expires_at: String,
    pub revoked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor_name: String,
    pub action: accord_domain::audit::AuditAction,
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

/// Comments and amendments of a document as one member sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discussion {
    pub state: State,
    pub comments: Vec<CommentView>,
    pub amendments: Vec<AmendmentView>,
    /// The items one may comment on or amend, in document order.
    pub items: Vec<ItemChoice>,
    pub can_comment: bool,
    pub can_amend: bool,
    /// Organiser: decides amendments, resolves and hides comments, changes the stage.
    pub can_decide: bool,
    pub manage: bool,
    pub observers_comment: bool,
    /// Comments and amendments by others since this member last looked.
    pub unread: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemChoice {
    pub id: String,
    /// Its number and first words: "2. Рассмотреть вопрос о…".
    pub label: String,
    /// Its words can be amended (a table's row is edited in the editor, not by an amendment).
    #[serde(default)]
    pub amendable: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Wording {
    pub body: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: CommentId,
    pub parent: Option<CommentId>,
    pub item: String,
    pub item_label: String,
    /// The amendment this thread is about, if it is about one rather than the text.
    pub amendment: Option<AmendmentId>,
    /// The words commented on, as they were when the comment was written ("" for the whole item).
    pub quote: String,
    /// Where those words stand now (UTF-16 offsets in the item's text); None when deleted.
    pub range: Option<(u32, u32)>,
    /// The words were deleted from the text (or the whole item was).
    pub removed: bool,
    pub anchor: Option<accord_domain::ydoc::anchor::Anchor>,
    pub author_name: String,
    /// Empty for a deleted or hidden comment.
    pub body: String,
    pub history: Vec<Wording>,
    pub created_at: String,
    pub edited: bool,
    pub proposal: bool,
    pub resolved: bool,
    pub taken: Option<bool>,
    pub note: String,
    pub resolved_name: String,
    pub deleted: bool,
    pub hidden: bool,
    pub support: u32,
    pub oppose: u32,
    pub mine: Option<accord_domain::discussion::Stance>,
    /// Written by the caller: they may edit and delete it.
    pub own: bool,
    /// The caller may resolve or reopen it (its author or an organiser).
    pub can_resolve: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AmendmentView {
    pub id: AmendmentId,
    pub number: i64,
    pub change: accord_domain::discussion::Change,
    pub item_label: String,
    pub base: String,
    /// Word by word from the base to the proposal.
    pub diff: Vec<accord_domain::discussion::Piece>,
    pub justification: String,
    pub author_name: String,
    pub status: accord_domain::discussion::Decision,
    pub reason: String,
    pub decided_name: String,
    pub result: Option<String>,
    pub created_at: String,
    pub support: u32,
    pub oppose: u32,
    pub mine: Option<accord_domain::discussion::Stance>,
    /// For an open amendment: whether it still fits the text.
    pub fit: Option<accord_domain::discussion::Fit>,
}

/// What accepting an amendment did: applied, or it needs the organiser to confirm the wording of `amendment`
/// because the item changed since the amendment was written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DecideOutcome {
    Done,
    Confirm { amendment: AmendmentId, base: String, current: String, proposed: String },
}

/// One line of the «сводка предложений».
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryLine {
    /// "Поправка 3" or "Предложение".
    pub number: String,
    pub item: String,
    pub author: String,
    pub text: String,
    pub decision: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub document_id: DocumentId,
    pub title: String,
    pub lines: Vec<SummaryLine>,
}

/// Words of an open comment to highlight in the text: the sticky anchor (the live editor resolves it as the
/// text changes) and where the server found them when the page loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub comment: CommentId,
    pub item: String,
    pub anchor: Option<accord_domain::ydoc::anchor::Anchor>,
    pub range: Option<(u32, u32)>,
}

impl Discussion {
    /// The words of every open, visible comment that still stand in the text.
    pub fn marks(&self) -> Vec<Mark> {
        self.comments
            .iter()
            .filter(|c| c.parent.is_none() && !c.resolved && !c.deleted && !c.hidden && c.anchor.is_some())
            .map(|c| Mark { comment: c.id.clone(), item: c.item.clone(), anchor: c.anchor.clone(), range: c.range })
            .collect()
    }
}

/// Words a member selected in the text, offered to the comment form (in the browser only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picked {
    pub item: String,
    /// UTF-16 offset of the first selected character in the item's text.
    pub start: u32,
    pub quote: String,
}

/// The ballots beside a document in voting or decided: its frozen versions, every ballot, and what the
/// caller may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BallotsPanel {
    pub state: State,
    pub versions: Vec<VersionView>,
    pub ballots: Vec<BallotView>,
    pub can_run: bool,
    /// What a ballot may be opened on besides the whole document.
    pub items: Vec<ItemChoice>,
    pub amendments: Vec<ItemChoice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionView {
    pub number: u32,
    pub sha256: String,
    pub frozen_by: String,
    pub created_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BallotView {
    pub id: BallotId,
    pub number: u32,
    pub version: u32,
    pub subject: accord_domain::ballot::Subject,
    pub subject_text: String,
    pub rules: accord_domain::ballot::Rules,
    pub open: bool,
    pub closes_at: Option<String>,
    pub closes_in_minutes: Option<i64>,
    pub eligible: u32,
    pub took_part: u32,
    pub present: u32,
    /// Online votes and hands together; None while the organiser keeps the tally hidden.
    pub tally: Option<accord_domain::ballot::Tally>,
    pub hands: Option<accord_domain::ballot::Tally>,
    pub my_vote: Option<MyVote>,
    pub can_vote: bool,
    /// Who voted how in a named ballot, shown to members when the tally is.
    pub named: Vec<NamedVote>,
    /// For organisers while open: every elector and how they take part, to mark those in the room.
    pub roll: Vec<RollLine>,
    pub result: Option<ResultView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MyVote {
    /// Voted in a secret ballot: what is not shown, even to the voter.
    Secret,
    Named(accord_domain::ballot::Choice),
    Room,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedVote {
    pub name: String,
    /// None: counted in the room by a show of hands.
    pub choice: Option<accord_domain::ballot::Choice>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollLine {
    pub user: UserId,
    pub name: String,
    /// "online", "room", or empty when not yet.
    pub via: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub tally: accord_domain::ballot::Tally,
    pub eligible: u32,
    pub took_part: u32,
    pub quorum_met: bool,
    pub outcome: accord_domain::ballot::Outcome,
    /// «Голосовали: «ЗА» — 25 чел., «Против» — нет, «Воздержались» — нет».
    pub line: String,
    pub breakdown: Vec<accord_domain::ballot::CategoryLine>,
}

/// One page of the registry of recommendations, with what it can be filtered by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistryPage {
    pub items: Vec<Recommendation>,
    /// The events whose organisers the caller is: they record progress on those recommendations.
    pub editable_events: Vec<EventId>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub addressees: Vec<String>,
    pub regions: Vec<String>,
    pub years: Vec<i64>,
}

/// A notice under the bell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub subject: String,
    pub body: String,
    pub link: String,
    pub created_at: String,
    /// Not read before this reading.
    pub unread: bool,
}

/// How many recommendations to one addressee stand at each status (in the order of `Status::ALL`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddresseeProgress {
    /// "" for recommendations addressed to no one in particular.
    pub addressee: String,
    pub counts: [u64; 4],
}

/// The registry's progress page: each addressee's counts, and the regions and years it can be narrowed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryProgress {
    pub addressees: Vec<AddresseeProgress>,
    pub regions: Vec<String>,
    pub years: Vec<i64>,
}

impl AddresseeProgress {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// A recommendation of an adopted document, as the registry and the API list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub id: RecommendationId,
    pub document: DocumentId,
    pub event: EventId,
    pub number: u32,
    pub text: String,
    pub addressee: String,
    pub title: String,
    pub region: String,
    pub year: Option<i64>,
    pub status: accord_domain::registry::Status,
    pub notes: Vec<RegistryNote>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegistryNote {
    pub at: String,
    pub status: accord_domain::registry::Status,
    pub text: String,
    pub author: String,
}

/// A document's frozen versions and the word-level changes between two of them (or a version and the text
/// as it stands now, `0`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub document_id: DocumentId,
    pub title: String,
    pub versions: Vec<VersionView>,
    pub from: u32,
    pub to: u32,
    /// The text of `to` as it reads, with what changed since `from` marked in each block.
    pub blocks: Vec<accord_domain::comparison::Block>,
    /// Who changed what and when while it was a draft, newest first; none for those not in the event.
    pub journal: Option<Vec<JournalEntry>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// RFC 3339, UTC.
    pub started: String,
    pub ended: String,
    pub authors: Vec<String>,
    pub changes: Vec<JournalChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalChange {
    pub place: accord_domain::journal::Place,
    pub diff: Vec<accord_domain::discussion::Piece>,
    /// Where the place stands on the document page now (`item-…`), if it still does.
    pub anchor: Option<String>,
}

/// The button pressed in an item's or a section's form on the edit page (its `op` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormOp {
    Save,
    /// A section's form: add an item or a row.
    Add,
    Up,
    Down,
    Delete,
}

impl FormOp {
    pub const ALL: [FormOp; 5] = [FormOp::Save, FormOp::Add, FormOp::Up, FormOp::Down, FormOp::Delete];

    pub fn code(self) -> &'static str {
        match self {
            FormOp::Save => "save",
            FormOp::Add => "add",
            FormOp::Up => "up",
            FormOp::Down => "down",
            FormOp::Delete => "delete",
        }
    }

    /// The button named by a posted `op`; anything else is refused as an invalid field.
    pub fn parse(code: &str) -> Result<FormOp, crate::error::AppError> {
        FormOp::ALL
            .into_iter()
            .find(|op| op.code() == code)
            .ok_or(crate::error::AppError::invalid("op", accord_domain::text::Problem::Unknown))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_button_reads_back_and_nothing_else_does() {
        for op in FormOp::ALL {
            assert_eq!(FormOp::parse(op.code()), Ok(op));
        }
        assert!(matches!(FormOp::parse("drop"), Err(crate::error::AppError::Invalid(_))));
    }

    /// Pages carry what they fetched as postcard (`fetched.rs`), which reads by position: no type a page fetches
    /// may ask the format what comes next (a tag inside an object, flattened fields).
    #[test]
    fn a_preview_with_warnings_and_rows_with_their_event_and_profile_read_back_from_postcard() {
        use crate::fetched::Postcard;
        use accord_domain::importer::WarningKind;
        use codee::{Decoder, Encoder};
        fn round_trip<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: T) {
            let bytes = <Postcard as Encoder<T>>::encode(&value).unwrap();
            assert_eq!(<Postcard as Decoder<T>>::decode(&bytes).unwrap(), value);
        }
        let read = accord_domain::import(
            "РЕКОМЕНДАЦИИ\n\nкруглого стола\n\nУчастники рекомендуют:\n\n1. Провести обучение.\n",
        );
        let facts = accord_domain::importer::event_facts(&read.document);
        let mut preview =
            ImportPreview::new("p1".into(), "a.txt".into(), None, read, &facts, 7, "<article>«»</article>".into());
        preview.warnings.push(Warning { line: Some(3), kind: WarningKind::NegativeNumber { value: -11 } });
        preview.warnings.push(Warning { line: None, kind: WarningKind::NoTitle });
        let event = Event {
            kind: accord_domain::EventKind::RoundTable,
            title: "Круглый стол".into(),
            starts_on: accord_domain::Date::new(2026, 12, 4).unwrap(),
            ends_on: None,
            city: "Зея".into(),
            organiser: String::new(),
            description: String::new(),
        };
        preview.event = Some(EventRow { id: "e1".into(), event });
        round_trip(preview);
        let profile = Profile {
            full_name: "Анна Петрова".into(),
            organisation: "НКО".into(),
            category: accord_domain::ParticipantCategory::Ngo,
            region: String::new(),
            speaker: true,
            discussion: false,
            public_name: true,
        };
        round_trip(MemberRow { id: "m1".into(), user_id: "u1".into(), role: Role::Delegate, profile });
    }
}

/// A part of a page as HTML, written by the server (`maud`) where it has the data: the browser brings its
/// element up to it in place (`components::morph`) and holds none of the code that writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Html(pub String);

impl Html {
    pub fn markup(&self) -> maud::Markup {
        maud::PreEscaped(self.0.clone())
    }
}

impl From<maud::Markup> for Html {
    fn from(markup: maud::Markup) -> Html {
        Html(markup.into_string())
    }
}

/// What the workspace asks of the server (`server_fns::workspace::workspace_html`): which of its parts, and
/// what only the browser knows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceAsk {
    pub parts: Parts,
    /// Only the recommendations to this addressee (the page's `?addressee=`).
    pub addressee: Option<String>,
    /// What was unread when the page opened, which stays shown (fetching the discussion marks everything read).
    pub unread: Option<u32>,
    /// The answer of the last «accept», which may ask to confirm a wording under its item and in the panel.
    pub confirm: Option<DecideOutcome>,
}

/// The parts of the workspace the server writes, each fetched again only when what it shows has changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parts {
    pub frame: bool,
    pub text: bool,
    pub discussion: bool,
    pub ballots: bool,
    /// What the live editor starts from, while the text is drafted live (`Workspace::editor`): asked once, when
    /// the editor is opened.
    pub editor: bool,
}

impl Parts {
    /// The page as it opens: everything but the live editor's start.
    pub const PAGE: Parts = Parts { frame: true, text: true, discussion: true, ballots: true, editor: false };
    pub const EDITOR: Parts = Parts { frame: false, text: false, discussion: false, ballots: false, editor: true };
    /// What a change to the discussion or the text touches: the words marked and the amendments in the text.
    pub const READING: Parts = Parts { frame: true, text: true, discussion: true, ballots: false, editor: false };
    pub const DISCUSSION: Parts = Parts { frame: false, text: false, discussion: true, ballots: false, editor: false };
    pub const BALLOTS: Parts = Parts { frame: false, text: false, discussion: false, ballots: true, editor: false };

    /// These parts and `other`'s.
    pub fn with(self, other: Parts) -> Parts {
        Parts {
            frame: self.frame || other.frame,
            text: self.text || other.text,
            discussion: self.discussion || other.discussion,
            ballots: self.ballots || other.ballots,
            editor: self.editor || other.editor,
        }
    }
}

/// The document page of someone signed in, as the server writes it: the parts asked for (`WorkspaceAsk`). The
/// discussion and the ballots each carry their own refusal, so that one of them failing leaves the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub frame: Option<Frame>,
    /// The text as read, also of a draft drafted live (until the live editor is opened over it).
    pub text: Option<Html>,
    /// `None` for a reader who takes no part in the event.
    pub discussion: Result<Option<DiscussionPage>, crate::error::AppError>,
    /// `None` before voting.
    pub ballots: Result<Option<Html>, crate::error::AppError>,
    /// An `EditorStart` in postcard, read only by the live editor's chunk.
    pub editor: Option<Vec<u8>>,
}

/// What the live editor starts from. The workspace carries it as bytes (`Workspace::editor`), so that the
/// reader of a document is in the editor's chunk of the browser bundle and not in the page's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditorStart {
    pub doc_id: DocumentId,
    pub start: LiveStart,
    pub document: Document,
    pub can_edit: bool,
}

/// Around the text: the page's title, the bar and the register's form above it, the vote line's absence and
/// the statistics below it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    pub title: String,
    /// The caller takes part in the document's event: the discussion stands beside the text.
    pub member: bool,
    /// The text is drafted live: the head offers to open the live editor over the text as read.
    pub live: bool,
    pub head: Html,
    pub foot: Html,
}

/// The discussion as the document page shows it: the panel's body, the words to mark in the live editor's
/// text, and what was unread when this was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiscussionPage {
    pub body: Html,
    pub marks: Vec<Mark>,
    pub unread: u32,
}
