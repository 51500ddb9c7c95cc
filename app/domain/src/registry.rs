//! The registry of recommendations: what a public document recommends, item by item, and how far each
//! recommendation has got (kept by the event's organisers, with dated notes).

use crate::document::{Document, SectionKind};
use crate::text::{self, FieldError};
use serde::{Deserialize, Serialize};

pub const NOTE_MAX: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
    Declined,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::NotStarted, Status::InProgress, Status::Done, Status::Declined];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One recommendation as the registry lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub item: String,
    /// Its number in the document's recommendations, from 1.
    pub number: u32,
    /// The whole sentence, addressee first, as the document reads.
    pub text: String,
    pub addressee: String,
}

/// The recommendations of a document in order, numbered as the reading view numbers them.
pub fn entries(doc: &Document) -> Vec<Entry> {
    doc.items_of(SectionKind::Recommendations)
        .filter(|i| !i.full_text().trim().is_empty())
        .enumerate()
        .map(|(n, i)| Entry {
            item: i.id.to_string(),
            number: n as u32 + 1,
            text: i.full_text(),
            addressee: i.addressee.clone(),
        })
        .collect()
}

/// A note on progress: trimmed, at most `NOTE_MAX` characters, may be empty when only the status changes.
pub fn note(raw: &str) -> Result<String, FieldError> {
    text::optional("note", raw, NOTE_MAX)?;
    Ok(raw.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_has_nine_recommendations_in_order() {
        let doc = crate::import(include_str!("../tests/fixtures/seminar-2021-blagoveshchensk.md")).document;
        let e = entries(&doc);
        assert_eq!(e.len(), 9);
        assert_eq!(e.iter().map(|e| e.number).collect::<Vec<_>>(), (1..=9).collect::<Vec<_>>());
        assert_eq!(e[0].addressee, "Министерству экономики и внешних связей");
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert!(note(&"я".repeat(NOTE_MAX + 1)).is_err());
        assert_eq!(note("  ответ получен  ").unwrap(), "ответ получен");
    }
}
