//! Importing a document: an uploaded file or pasted text read into a document, corrected by the person, and
//! saved with the event it records (server only).

use super::registry;
use crate::error::{AppError, FileProblem};
use crate::ids::{DocumentId, EventId};
use crate::model::UserRow;
use crate::store::Store;
use crate::word_files::{self, FileError};
use accord_domain::{Corrections, Date, Document, Event, EventKind, State};

/// The largest pasted text, and the most text an uploaded file may give.
pub const TEXT_MAX_BYTES: usize = word_files::MAX_TEXT_BYTES;
/// The largest uploaded file: a Word file carries more than its text.
pub const FILE_MAX_BYTES: usize = 5 * 1024 * 1024;

impl From<FileError> for AppError {
    fn from(e: FileError) -> AppError {
        match e {
            FileError::NotUtf8 => AppError::NotUtf8,
            FileError::Corrupt => AppError::UnreadableFile(FileProblem::Corrupt),
            FileError::Encrypted => AppError::UnreadableFile(FileProblem::Encrypted),
            FileError::LegacyWord => AppError::UnreadableFile(FileProblem::LegacyWord),
            FileError::Unsupported => AppError::UnreadableFile(FileProblem::Unsupported),
            FileError::TooLarge { max_kb } => AppError::TooLarge { max_kb },
            FileError::Empty => AppError::EmptyText,
        }
    }
}

/// The text of an uploaded file (.txt, .md, .docx, .odt) in the importer's form.
pub fn read_upload(file_name: &str, bytes: &[u8]) -> Result<String, AppError> {
    if bytes.len() > FILE_MAX_BYTES {
        return Err(AppError::TooLarge { max_kb: FILE_MAX_BYTES / 1024 });
    }
    let text = word_files::text_of(file_name, bytes)?;
    if text.trim().is_empty() {
        return Err(AppError::EmptyText);
    }
    Ok(text)
}

/// The event an imported document creates when it is not imported into an existing one: what the document
/// says of it (its header, else its labelled lines; see `importer::event_facts`), dated `today` when it gives
/// no date. Never refused: a document without a title names its event after its heading or first words.
pub fn event_from_document(doc: &Document, today: Date) -> Event {
    let facts = accord_domain::importer::event_facts(doc);
    let starts_on = facts.starts_on.unwrap_or(today);
    Event {
        kind: facts.kind.unwrap_or(EventKind::Other),
        title: facts.title,
        starts_on,
        ends_on: facts.ends_on.filter(|end| *end >= starts_on),
        city: facts.city,
        organiser: String::new(),
        description: String::new(),
    }
}

/// Today's date (UTC).
pub fn today() -> Date {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400);
    days.ok().and_then(|d| Date::from_unix_days(d as i64)).unwrap_or_else(|| Date::new(2026, 1, 1).expect("a date"))
}

/// Reads `source`, applies the person's corrections and saves it: adopted (an imported historical record)
/// when its text records a vote, a draft otherwise. Never refused for what the text lacks. Returns the
/// event and document ids.
pub async fn import_document(
    store: &Store,
    source: &str,
    corrections: &Corrections,
    event: Option<&EventId>,
    importer: Option<&UserRow>,
) -> Result<(EventId, DocumentId), AppError> {
    let mut doc = accord_domain::import(source).document;
    corrections.apply(&mut doc)?;
    let doc = doc.clipped();
    let state = if doc.recorded_votes().next().is_some() { State::Adopted } else { State::Drafting };
    let (event, id) = match event {
        Some(event) => {
            let id = store.create_document(event, state, true, &doc, Some(source)).await?;
            (event.clone(), id)
        }
        None => {
            let event = event_from_document(&doc, today());
            store.create_event_with_document(&event, importer, state, true, &doc, Some(source)).await?
        }
    };
    if state == State::Adopted {
        registry::publish_document(store, &id, &store.event(&event).await?, &doc).await?;
    }
    Ok((event, id))
}
