//! The registry of recommendations: what a public document recommends, item by item, and how far each
//! recommendation has got (kept by the event's organisers, with dated notes).

use crate::document::Document;
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

/// What a document recommends or decides, in order and numbered from 1 across its sections of
/// recommendations, decisions and conclusions, each with its addressee: its own, the heading it stands
/// under, or the one its verb names («Рекомендовать администрации поселка …»).
pub fn entries(doc: &Document) -> Vec<Entry> {
    doc.sections
        .iter()
        .filter(|s| s.kind.recommends())
        .flat_map(|s| s.items.iter().map(move |i| (s, i)))
        .filter(|(_, i)| !i.full_text().trim().is_empty())
        .enumerate()
        .map(|(n, (s, i))| {
            let addressee = match s.addressee_of(i) {
                "" => crate::importer::implied_addressee(&i.text).unwrap_or_default(),
                a => a.to_string(),
            };
            let text = match (i.addressee.is_empty(), s.addressee.is_empty()) {
                (true, false) => format!("{} {}", s.addressee, i.text),
                _ => i.full_text(),
            };
            Entry { item: i.id.to_string(), number: n as u32 + 1, text, addressee }
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

    #[test]
    fn addressees_from_headings_and_verbs() {
        let doc = crate::import(
            "РЕКОМЕНДАЦИИ\n\nУчастники рекомендуют:\n\nПравительству Российской Федерации:\n1) разработать программу;\n2) \
             обеспечить финансирование.\n\nРЕШИЛИ:\n1. Рекомендовать администрации поселка утвердить проект.",
        )
        .document;
        let e = entries(&doc);
        let found: Vec<(&str, &str)> = e.iter().map(|e| (e.addressee.as_str(), e.text.as_str())).collect();
        assert_eq!(
            found,
            [
                ("Правительству Российской Федерации", "Правительству Российской Федерации разработать программу;"),
                ("Правительству Российской Федерации", "Правительству Российской Федерации обеспечить финансирование."),
                ("Администрации поселка", "Рекомендовать администрации поселка утвердить проект."),
            ]
        );
    }
}
