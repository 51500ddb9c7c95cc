//! The journal of a draft: what a stretch of editing changed, place by place, so the history can say who
//! changed what and when. Items are matched by their stable ids, so an edited item is one change, not a
//! removal and an addition.

use crate::document::{Document, HeaderField, ItemId, Section, SectionKind};
use crate::typography::typograph;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Where in the document a change is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// A header field: `doc_kind`, `event_line`, `title`, `number`, `dates`, `place`.
    Header(String),
    LeadIn(SectionKind),
    /// An item by its section and its number in it (from 1), as the text stood when it changed.
    Item(SectionKind, u32),
    /// The vote on a section (a protocol's decision).
    SectionVote(SectionKind),
    Vote,
}

impl Place {
    /// The stored form: `header:title`, `lead_in:findings`, `item:recommendations:3`, `vote`.
    pub fn code(&self) -> String {
        match self {
            Place::Header(field) => format!("header:{field}"),
            Place::LeadIn(kind) => format!("lead_in:{}", kind.code()),
            Place::Item(kind, n) => format!("item:{}:{n}", kind.code()),
            Place::SectionVote(kind) => format!("vote:{}", kind.code()),
            Place::Vote => "vote".to_string(),
        }
    }

    pub fn from_code(code: &str) -> Option<Place> {
        let mut parts = code.split(':');
        let place = match (parts.next()?, parts.next(), parts.next()) {
            ("header", Some(field), None) => Place::Header(field.to_string()),
            ("lead_in", Some(kind), None) => Place::LeadIn(SectionKind::from_code(kind)?),
            ("item", Some(kind), Some(n)) => Place::Item(SectionKind::from_code(kind)?, n.parse().ok()?),
            ("vote", Some(kind), None) => Place::SectionVote(SectionKind::from_code(kind)?),
            ("vote", None, None) => Place::Vote,
            _ => return None,
        };
        parts.next().is_none().then_some(place)
    }
}

/// One place's text before and after; an empty side means added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub place: Place,
    pub before: String,
    pub after: String,
    /// The item or section changed (a lead-in's section), by id; none for the header and the vote.
    #[serde(default)]
    pub at: Option<ItemId>,
}

impl Change {
    /// The fragment of the document page where the change stands (the pages give these ids).
    pub fn anchor(&self) -> Option<String> {
        match (&self.place, &self.at) {
            (Place::Header(_), _) => Some("document-header".to_string()),
            (Place::Vote, _) => Some("document-vote".to_string()),
            (Place::LeadIn(_), Some(section)) => Some(format!("section-{section}")),
            (Place::Item(..), Some(item)) => Some(format!("item-{item}")),
            (Place::SectionVote(_), Some(section)) => Some(format!("vote-{section}")),
            _ => None,
        }
    }

    /// The anchor, if `doc` (the text as it stands now) still has the place.
    pub fn anchor_in(&self, doc: &Document) -> Option<String> {
        let stands = match (&self.place, &self.at) {
            (Place::Header(_), _) => true,
            (Place::Vote, _) => doc.vote.is_some(),
            (Place::LeadIn(_), Some(section)) => doc.sections.iter().any(|s| &s.id == section),
            (Place::Item(..), Some(item)) => doc.find_item(item).is_some(),
            (Place::SectionVote(_), Some(section)) => doc.sections.iter().any(|s| &s.id == section && s.vote.is_some()),
            _ => false,
        };
        stands.then(|| self.anchor()).flatten()
    }
}

/// The header's fields by their stored names (the date's was stored as `dates` before `HeaderField` named it),
/// the kind by its heading («РЕКОМЕНДАЦИИ»).
fn header_fields(doc: &Document) -> Vec<(&'static str, String)> {
    let h = &doc.header;
    let mut fields = vec![("kind", h.kind.heading().to_string())];
    fields.extend(HeaderField::ALL.into_iter().map(|f| match f {
        HeaderField::Date => ("dates", h.date.clone()),
        f => (f.code(), f.of(h).to_string()),
    }));
    fields
}

/// Every item with its place and text, by id.
fn items(doc: &Document) -> HashMap<&str, (Place, String)> {
    doc.sections
        .iter()
        .flat_map(|s: &Section| {
            s.items.iter().enumerate().map(move |(n, item)| {
                (item.id.as_str(), (Place::Item(s.kind, n as u32 + 1), typograph(&item.full_text())))
            })
        })
        .collect()
}

/// What changed from `before` to `after`, in the order of the text: header, then sections (lead-ins, items,
/// with removed items where they stood), then the sections' vote lines, then the document's. Moving an item without changing it is not a change.
pub fn changes(before: &Document, after: &Document) -> Vec<Change> {
    let mut out = Vec::new();
    for ((field, old), (_, new)) in header_fields(before).into_iter().zip(header_fields(after)) {
        if old != new {
            out.push(Change { place: Place::Header(field.to_string()), before: old, after: new, at: None });
        }
    }
    let old_items = items(before);
    let new_items = items(after);
    let old_lead_ins: HashMap<&str, &str> =
        before.sections.iter().map(|s| (s.id.as_str(), s.lead_in.as_str())).collect();
    for section in &after.sections {
        let old_lead = old_lead_ins.get(section.id.as_str()).copied().unwrap_or_default();
        if old_lead != section.lead_in {
            out.push(Change {
                place: Place::LeadIn(section.kind),
                before: typograph(old_lead),
                after: typograph(&section.lead_in),
                at: Some(section.id.clone()),
            });
        }
        for item in &section.items {
            let (place, text) = &new_items[item.id.as_str()];
            let at = Some(item.id.clone());
            match old_items.get(item.id.as_str()) {
                Some((_, old)) if old == text => {}
                Some((_, old)) => {
                    out.push(Change { place: place.clone(), before: old.clone(), after: text.clone(), at })
                }
                None => out.push(Change { place: place.clone(), before: String::new(), after: text.clone(), at }),
            }
        }
    }
    let mut removed: Vec<(usize, Change)> = before
        .sections
        .iter()
        .flat_map(|s| &s.items)
        .enumerate()
        .filter(|(_, item)| !new_items.contains_key(item.id.as_str()))
        .map(|(order, item)| {
            let (place, text) = old_items[item.id.as_str()].clone();
            (order, Change { place, before: text, after: String::new(), at: Some(item.id.clone()) })
        })
        .collect();
    removed.sort_by_key(|(order, _)| *order);
    out.extend(removed.into_iter().map(|(_, c)| c));
    let line = |vote: Option<&crate::document::VoteResult>| {
        vote.filter(|v| !v.is_empty()).map(|v| v.line()).unwrap_or_default()
    };
    let old_votes: HashMap<&str, String> =
        before.sections.iter().map(|s| (s.id.as_str(), line(s.vote.as_ref()))).collect();
    for section in &after.sections {
        let (old, new) = (old_votes.get(section.id.as_str()).cloned().unwrap_or_default(), line(section.vote.as_ref()));
        if old != new {
            out.push(Change {
                place: Place::SectionVote(section.kind),
                before: old,
                after: new,
                at: Some(section.id.clone()),
            });
        }
    }
    let line = |d: &Document| line(d.vote.as_ref());
    if line(before) != line(after) {
        out.push(Change { place: Place::Vote, before: line(before), after: line(after), at: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Document {
        crate::import(include_str!("../tests/fixtures/seminar-2021-blagoveshchensk.md")).document
    }

    fn recommendations(doc: &mut Document) -> &mut Section {
        doc.sections.iter_mut().find(|s| s.kind == SectionKind::Recommendations).unwrap()
    }

    #[test]
    fn the_same_text_has_no_changes() {
        let doc = fixture();
        assert!(changes(&doc, &doc.clone()).is_empty());
    }

    #[test]
    fn an_edited_item_is_one_change_at_its_number() {
        let before = fixture();
        let mut after = before.clone();
        recommendations(&mut after).items[2].text.push_str(" в 2022 году");
        let found = changes(&before, &after);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].place, Place::Item(SectionKind::Recommendations, 3));
        assert!(found[0].after.ends_with("в 2022 году") && !found[0].before.ends_with("в 2022 году"));
    }

    #[test]
    fn added_removed_header_and_vote_changes_are_found_and_moves_are_not() {
        let before = fixture();
        let mut after = before.clone();
        after.header.place = "г. Хабаровск".into();
        let section = recommendations(&mut after);
        let gone = section.items.remove(0);
        section.items.swap(0, 1);
        let mut added = section.items[0].clone();
        added.id = crate::document::ItemId::random(&mut fastrand::Rng::with_seed(7));
        added.text = "Новый пункт".into();
        added.addressee.clear();
        section.items.push(added);
        after.vote = None;
        let found = changes(&before, &after);
        let places: Vec<String> = found.iter().map(|c| c.place.code()).collect();
        assert_eq!(places, ["header:place", "item:recommendations:9", "item:recommendations:1", "vote"], "{found:?}");
        assert_eq!(found[1].after, "Новый пункт");
        assert_eq!(found[0].anchor().as_deref(), Some("document-header"));
        assert_eq!(found[1].anchor(), Some(format!("item-{}", found[1].at.clone().unwrap())));
        assert_eq!(
            found[2].at.as_ref(),
            Some(&gone.id),
            "a removed item keeps its id (the page may no longer have it)"
        );
        assert_eq!(found[3].anchor().as_deref(), Some("document-vote"));
        assert_eq!(found[1].anchor_in(&after), found[1].anchor());
        assert_eq!(found[2].anchor_in(&after), None, "the removed item is not on the page");
        assert_eq!(found[3].anchor_in(&after), None, "nor is the removed vote");
        assert_eq!((found[2].before.as_str(), found[2].after.as_str()), (typograph(&gone.full_text()).as_str(), ""));
        assert!(found[3].before.starts_with("Голосовали") && found[3].after.is_empty());
    }

    #[test]
    fn the_kind_and_a_decision_s_vote_line_are_changes() {
        let before = fixture();
        let mut after = before.clone();
        after.header.kind = crate::document::DocumentKind::Protocol;
        let decisions = after.sections[0].id.clone();
        after.sections[0].vote = crate::importer::read_vote("Голосовали: за — 12");
        let found = changes(&before, &after);
        let places: Vec<String> = found.iter().map(|c| c.place.code()).collect();
        assert_eq!(places[0], "header:kind");
        assert_eq!((found[0].before.as_str(), found[0].after.as_str()), ("РЕКОМЕНДАЦИИ", "ПРОТОКОЛ"));
        let vote = found.iter().find(|c| matches!(c.place, Place::SectionVote(_))).expect("the section's vote");
        assert_eq!(vote.after, "Голосовали: за — 12");
        assert_eq!(vote.anchor_in(&after), Some(format!("vote-{decisions}")));
    }

    #[test]
    fn places_keep_their_codes() {
        for place in [
            Place::Header("title".into()),
            Place::LeadIn(SectionKind::Findings),
            Place::Item(SectionKind::Recommendations, 12),
            Place::SectionVote(SectionKind::Decisions),
            Place::Vote,
        ] {
            assert_eq!(Place::from_code(&place.code()), Some(place));
        }
        assert_eq!(Place::from_code("item:nowhere:1"), None);
        assert_eq!(Place::from_code("vote:1"), None);
    }
}
