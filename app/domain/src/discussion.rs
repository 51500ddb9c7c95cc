//! Comments and amendments (DESIGN, "Lifecycle"): what a comment may say, what an amendment changes, whether
//! it still fits the text, and how it is applied. No I/O.

use crate::document::{Document, EditError, ItemId, ADDRESSEE_MAX, ITEM_MAX};
use crate::text::{self, FieldError};
use serde::{Deserialize, Serialize};

pub const COMMENT_MAX: usize = 4_000;
pub const REASON_MAX: usize = 2_000;

/// «Поддерживаю» / «не поддерживаю», on a comment or an amendment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Support,
    Oppose,
}

impl Stance {
    pub fn code(self) -> &'static str {
        match self {
            Stance::Support => "support",
            Stance::Oppose => "oppose",
        }
    }

    pub fn from_code(code: &str) -> Option<Stance> {
        [Stance::Support, Stance::Oppose].into_iter().find(|s| s.code() == code)
    }
}

/// A comment's words as stored: trimmed, line breaks kept, not empty, not over `COMMENT_MAX` characters.
pub fn comment_body(raw: &str) -> Result<String, FieldError> {
    let body = raw.replace("\r\n", "\n").trim().to_string();
    text::required("comment", &body, COMMENT_MAX)?;
    Ok(body)
}

/// A justification or a reason for a decision: required, up to `REASON_MAX` characters.
pub fn reason(field: &str, raw: &str) -> Result<String, FieldError> {
    let reason = raw.replace("\r\n", "\n").trim().to_string();
    text::required(field, &reason, REASON_MAX)?;
    Ok(reason)
}

/// What an amendment does to the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// New wording of an item.
    Replace { item: ItemId, text: String },
    /// A new item after a given one, in the same section.
    Insert { after: ItemId, text: String, addressee: String },
    /// Removal of an item.
    Delete { item: ItemId },
}

/// As JSON (stored, exported), a change names its kind inside it: `{"kind": "replace", "item": …}`. A binary
/// format (postcard, what server functions answer) cannot look inside an object for its tag, so there it is the
/// variant's number, as serde writes an enum by default.
mod change_forms {
    use super::{Change, ItemId};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(remote = "Change", tag = "kind", rename_all = "snake_case")]
    enum Tagged {
        Replace { item: ItemId, text: String },
        Insert { after: ItemId, text: String, addressee: String },
        Delete { item: ItemId },
    }

    #[derive(Serialize, Deserialize)]
    #[serde(remote = "Change")]
    enum Numbered {
        Replace { item: ItemId, text: String },
        Insert { after: ItemId, text: String, addressee: String },
        Delete { item: ItemId },
    }

    impl Serialize for Change {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if serializer.is_human_readable() {
                Tagged::serialize(self, serializer)
            } else {
                Numbered::serialize(self, serializer)
            }
        }
    }

    impl<'de> Deserialize<'de> for Change {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            if deserializer.is_human_readable() {
                Tagged::deserialize(deserializer)
            } else {
                Numbered::deserialize(deserializer)
            }
        }
    }
}

impl Change {
    pub fn code(&self) -> &'static str {
        match self {
            Change::Replace { .. } => "replace",
            Change::Insert { .. } => "insert",
            Change::Delete { .. } => "delete",
        }
    }

    /// The item the amendment is about (for an insertion, the one it follows).
    pub fn item(&self) -> &ItemId {
        match self {
            Change::Replace { item, .. } | Change::Delete { item } => item,
            Change::Insert { after, .. } => after,
        }
    }

    /// The proposed words ("" for a deletion).
    pub fn text(&self) -> &str {
        match self {
            Change::Replace { text, .. } | Change::Insert { text, .. } => text,
            Change::Delete { .. } => "",
        }
    }

    /// Checks the proposal against the text as it stands and returns it normalised, with the item's current
    /// words (the base the amendment was written against; "" for an insertion).
    pub fn validate(self, doc: &Document) -> Result<(Change, String), AmendError> {
        let (_, item) = doc.find_item(self.item()).ok_or(AmendError::NoItem)?;
        if !item.cells.is_empty() {
            return Err(AmendError::TableRow);
        }
        let current = item.text.clone();
        match self {
            Change::Replace { item, text } => {
                let text = text::squash_spaces(&text);
                text::required("text", &text, ITEM_MAX)?;
                if text == current {
                    return Err(AmendError::NoChange);
                }
                Ok((Change::Replace { item, text }, current))
            }
            Change::Insert { after, text, addressee } => {
                let (text, addressee) = (text::squash_spaces(&text), text::squash_spaces(&addressee));
                text::required("text", &text, ITEM_MAX)?;
                text::optional("addressee", &addressee, ADDRESSEE_MAX)?;
                Ok((Change::Insert { after, text, addressee }, String::new()))
            }
            Change::Delete { item } => Ok((Change::Delete { item }, current)),
        }
    }

    /// Whether the text still is what the amendment was written against.
    pub fn check(&self, doc: &Document, base: &str) -> Fit {
        match doc.find_item(self.item()) {
            None => Fit::Gone,
            Some(_) if matches!(self, Change::Insert { .. }) => Fit::Same,
            Some((_, item)) if item.text == base => Fit::Same,
            Some((_, item)) => Fit::Changed { current: item.text.clone() },
        }
    }

    /// The document with the amendment applied; `wording` replaces the proposed words (the organiser's
    /// merge of a replacement whose item changed meanwhile).
    pub fn apply(
        &self,
        mut doc: Document,
        wording: Option<&str>,
        rng: &mut fastrand::Rng,
    ) -> Result<Document, EditError> {
        match self {
            Change::Replace { item, text } => {
                let addressee = doc.find_item(item).map(|(_, i)| i.addressee.clone()).unwrap_or_default();
                doc.set_item(item, wording.unwrap_or(text), &addressee)?;
            }
            Change::Insert { after, text, addressee } => {
                let section =
                    doc.find_item(after).map(|(s, _)| s.id.clone()).ok_or(EditError::UnknownId(after.to_string()))?;
                let id = doc.insert_blank_item(&section, Some(after), rng)?;
                doc.set_item(&id, wording.unwrap_or(text), addressee)?;
            }
            Change::Delete { item } => doc.remove_item(item)?,
        }
        Ok(doc)
    }
}

/// How an amendment fits the text when it is decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fit {
    Same,
    /// The item's words changed since the amendment was written: the organiser sees base, current and
    /// proposed and confirms the result.
    Changed {
        current: String,
    },
    /// The item is gone; the amendment can only be rejected.
    Gone,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AmendError {
    #[error("no such item")]
    NoItem,
    #[error("the proposal does not change the text")]
    NoChange,
    /// A table's row is edited in the editor; an amendment proposes words.
    #[error("a table's row is not amended")]
    TableRow,
    #[error("invalid field")]
    Invalid(FieldError),
}

impl From<FieldError> for AmendError {
    fn from(e: FieldError) -> AmendError {
        AmendError::Invalid(e)
    }
}

/// Where an amendment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Open,
    Accepted,
    Rejected,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Open => "open",
            Decision::Accepted => "accepted",
            Decision::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Decision> {
        [Decision::Open, Decision::Accepted, Decision::Rejected].into_iter().find(|d| d.code() == code)
    }
}

/// A piece of a word-level comparison of two wordings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// The change from `old` to `new` word by word (spaces travel with the words), as an amendment is shown.
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match (change.tag(), pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(s)))
            | (ChangeTag::Insert, Some(Piece::Added(s)))
            | (ChangeTag::Delete, Some(Piece::Removed(s))) => s.push_str(value),
            (ChangeTag::Equal, _) => pieces.push(Piece::Same(value.to_string())),
            (ChangeTag::Insert, _) => pieces.push(Piece::Added(value.to_string())),
            (ChangeTag::Delete, _) => pieces.push(Piece::Removed(value.to_string())),
        }
    }
    pieces
}

/// The checks of a range a comment is about, given in UTF-16 offsets of the item's text as the browser saw
/// it: the quoted words must be there, else the text moved on and the user selects again. They may be quoted
/// as stored (the live editor) or as printed (the text as read: `typography`, which keeps every character's
/// length, so the offsets hold for both).
pub fn locate_quote(text: &str, start: u32, quote: &str) -> Option<(u32, u32)> {
    if quote.is_empty() {
        return None;
    }
    let units: Vec<u16> = text.encode_utf16().collect();
    let printed: Vec<u16> = crate::typography::typograph(text).encode_utf16().collect();
    let wanted: Vec<u16> = quote.encode_utf16().collect();
    let found_in = |units: &[u16], at: usize| units.get(at..at + wanted.len()) == Some(&wanted[..]);
    let fits = |at: usize| found_in(&units, at) || (printed.len() == units.len() && found_in(&printed, at));
    let start = start as usize;
    // The nearest occurrence to where the browser saw it: others may have typed before it since.
    let found =
        (0..=units.len().saturating_sub(wanted.len())).filter(|&at| fits(at)).min_by_key(|&at| at.abs_diff(start))?;
    Some((found as u32, (found + wanted.len()) as u32))
}

#[cfg(test)]
mod tests;
