//! What a person corrects on the import preview (or with the command line's flags) before saving: the
//! document's kind, its title, dates and place, the kind of event, and each section's kind.

use crate::date::Date;
use crate::document::{Document, DocumentKind, SectionKind, HEADER_FIELD_MAX};
use crate::event::EventKind;
use crate::text::{self, squash_spaces, FieldError, Problem};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    pub kind: Option<DocumentKind>,
    pub event_kind: Option<EventKind>,
    /// An empty title leaves the header as read.
    #[serde(default)]
    pub title: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    /// An empty place leaves the header as read.
    #[serde(default)]
    pub place: String,
    /// The kind of each section, by its position; `None` keeps the kind read.
    #[serde(default)]
    pub sections: Vec<Option<SectionKind>>,
}

/// The corrections as a form or the command line gives them: words, all optional.
#[derive(Clone, Debug, Default)]
pub struct CorrectionFields<'a> {
    pub kind: &'a str,
    pub event_kind: &'a str,
    pub title: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub place: &'a str,
    /// A section kind's code per section, "" to keep the kind read.
    pub sections: &'a [String],
}

impl Corrections {
    /// Reads the fields: kinds by their codes, dates as `2017-10-20` (a date field) or in any form the
    /// importer reads («20.10.2017», «20 октября 2017 г.»). Empty fields correct nothing.
    pub fn from_fields(f: &CorrectionFields) -> Result<Corrections, FieldError> {
        fn code<T>(field: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, FieldError> {
            match value.trim() {
                "" => Ok(None),
                v => parse(v).map(Some).ok_or_else(|| FieldError::new(field, Problem::Unknown)),
            }
        }
        let date = |field: &str, value: &str| match value.trim() {
            "" => Ok(None),
            v => Date::parse_iso(v)
                .or_else(|| Date::find_in(v))
                .map(Some)
                .ok_or_else(|| FieldError::new(field, Problem::BadDate)),
        };
        let sections =
            f.sections.iter().map(|c| code("sections", c, SectionKind::from_code)).collect::<Result<_, _>>()?;
        let corrections = Corrections {
            kind: code("document_kind", f.kind, DocumentKind::from_code)?,
            event_kind: code("event_kind", f.event_kind, EventKind::from_code)?,
            title: f.title.trim().to_string(),
            starts_on: date("starts_on", f.starts_on)?,
            ends_on: date("ends_on", f.ends_on)?,
            place: f.place.trim().to_string(),
            sections,
        };
        if corrections.ends_on.is_some() && corrections.starts_on.is_none() {
            return Err(FieldError::new("starts_on", Problem::Empty));
        }
        Ok(corrections)
    }

    /// Whether the corrections settle what a warning says is missing (a title, a date, a place, a heading's
    /// kind), so that it need not be repeated after them.
    pub fn settle(&self, warning: &crate::importer::WarningKind) -> bool {
        use crate::importer::WarningKind::*;
        match warning {
            NoHeading { .. } => self.kind.is_some(),
            NoTitle => !self.title.trim().is_empty(),
            NoDate => self.starts_on.is_some(),
            NoPlace => !self.place.trim().is_empty(),
            _ => false,
        }
    }

    /// Applies every correction, or none when one is invalid.
    pub fn apply(&self, doc: &mut Document) -> Result<(), FieldError> {
        let mut fixed = doc.clone();
        let h = &mut fixed.header;
        // The kind is what the heading means; the heading itself stays as written (or absent).
        if let Some(kind) = self.kind {
            h.kind = kind;
        }
        // «Other» on a form says nothing more than a header that names no event.
        match self.event_kind {
            Some(EventKind::Other) if h.event_kind.is_none() => {}
            Some(kind) => h.event_kind = Some(kind),
            None => {}
        }
        let title = squash_spaces(&self.title);
        text::optional("title", &title, HEADER_FIELD_MAX)?;
        if !title.is_empty() {
            h.title = title;
        }
        let place = squash_spaces(&self.place);
        text::optional("place", &place, HEADER_FIELD_MAX)?;
        if !place.is_empty() {
            h.place = place;
        }
        if let (Some(start), Some(end)) = (self.starts_on, self.ends_on) {
            if end < start {
                return Err(FieldError::new("ends_on", Problem::EndsBeforeStart));
            }
        }
        if self.starts_on.is_some() {
            h.set_dates(self.starts_on, self.ends_on);
        }
        if self.sections.len() > fixed.sections.len() {
            return Err(FieldError::new("sections", Problem::Unknown));
        }
        for (at, kind) in self.sections.iter().enumerate() {
            let Some(kind) = *kind else { continue };
            let section = &fixed.sections[at];
            if section.kind != kind {
                let (id, lead_in) = (section.id.clone(), section.lead_in.clone());
                fixed.set_section(&id, kind, &lead_in).map_err(|_| FieldError::new("sections", Problem::Unknown))?;
            }
        }
        *doc = fixed;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_or_refused_by_name() {
        let sections = vec![String::new(), "decisions".to_string()];
        let fields = CorrectionFields {
            kind: "protocol",
            starts_on: "20.10.2017",
            ends_on: "2017-10-21",
            sections: &sections,
            ..CorrectionFields::default()
        };
        let c = Corrections::from_fields(&fields).unwrap();
        assert_eq!(c.kind, Some(DocumentKind::Protocol));
        assert_eq!((c.starts_on, c.ends_on), (Date::new(2017, 10, 20), Date::new(2017, 10, 21)));
        assert_eq!(c.sections, [None, Some(SectionKind::Decisions)]);
        for (fields, field) in [
            (CorrectionFields { kind: "memo", ..CorrectionFields::default() }, "document_kind"),
            (CorrectionFields { starts_on: "вчера", ..CorrectionFields::default() }, "starts_on"),
            (CorrectionFields { ends_on: "2017-10-21", ..CorrectionFields::default() }, "starts_on"),
            (CorrectionFields { event_kind: "party", ..CorrectionFields::default() }, "event_kind"),
        ] {
            assert_eq!(Corrections::from_fields(&fields).unwrap_err().field, field);
        }
    }

    #[test]
    fn corrections_change_what_they_name_and_nothing_else() {
        let mut doc =
            crate::import("Публичные слушания состоялись.\n\nУчастники рекомендуют:\n1. Утвердить проект.").document;
        let before = doc.clone();
        let c = Corrections {
            kind: Some(DocumentKind::FinalDocument),
            event_kind: Some(EventKind::PublicHearing),
            title: "О проекте правил".into(),
            starts_on: Date::new(2017, 10, 20),
            place: "п. Теплое".into(),
            sections: vec![None, Some(SectionKind::Decisions)],
            ..Corrections::default()
        };
        c.apply(&mut doc).unwrap();
        assert_eq!(
            (doc.header.kind, doc.header.doc_kind.as_str()),
            (DocumentKind::FinalDocument, ""),
            "no heading added"
        );
        assert_eq!(doc.header.title, "О проекте правил");
        assert_eq!(doc.header.starts_on(), Date::new(2017, 10, 20));
        assert_eq!(doc.header.place, "п. Теплое");
        assert_eq!(doc.sections[1].kind, SectionKind::Decisions);
        assert_eq!(doc.sections[0], before.sections[0]);

        // A form sent as it was shown changes nothing; «other» where the header names no event neither.
        let mut same = before.clone();
        let shown = Corrections {
            kind: Some(before.header.kind),
            event_kind: before.header.event_kind,
            ..Corrections::default()
        };
        shown.apply(&mut same).unwrap();
        assert_eq!(same, before);
        let mut nameless = crate::import("Текст без мероприятия.").document;
        let was = nameless.clone();
        Corrections { event_kind: Some(EventKind::Other), ..Corrections::default() }.apply(&mut nameless).unwrap();
        assert_eq!(nameless, was);

        let mut bad = before.clone();
        let c = Corrections {
            title: "я".repeat(HEADER_FIELD_MAX + 1),
            kind: Some(DocumentKind::Protocol),
            ..Corrections::default()
        };
        assert_eq!(c.apply(&mut bad).unwrap_err().field, "title");
        assert_eq!(bad, before, "a refused correction changes nothing");
    }
}
