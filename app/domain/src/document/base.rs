//! What a form that writes one part of a document (its header, a section, an item) was rendered from. The
//! write is refused when the part reads otherwise by then, so a save over someone else's newer save of the
//! same part is refused, while saves of other parts meanwhile do not stand in its way.

use super::{Header, Item, Section};
use std::fmt;

/// A fingerprint of a part's fields: FNV-1a over each field's bytes, each followed by 0xFF (never a byte of
/// UTF-8). Written out rather than taken from `std::hash`: the browser (wasm32) and the server must compute
/// the same number, and std's hashers promise neither that nor stability across releases; a cryptographic
/// digest would bring its code into the page for a check against accidents, not attacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Base(u64);

impl Base {
    fn of<'a>(fields: impl IntoIterator<Item = &'a str>) -> Base {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in fields.into_iter().flat_map(|f| f.bytes().chain([0xff])) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Base(hash)
    }

    /// Reads what `Display` wrote.
    pub fn parse(s: &str) -> Option<Base> {
        (s.len() == 16).then(|| u64::from_str_radix(s, 16).ok().map(Base)).flatten()
    }
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Header {
    /// The fields the header's form writes.
    pub fn base(&self) -> Base {
        let h = self;
        Base::of([h.kind.code(), &h.doc_kind, &h.event_line, &h.title, &h.number, &h.date, &h.place])
    }
}

impl Section {
    /// The fields the section's own form writes (its items have forms of their own).
    pub fn base(&self) -> Base {
        let columns = self.columns.iter().map(String::as_str);
        Base::of([self.kind.code(), &self.lead_in, &self.addressee].into_iter().chain(columns))
    }
}

impl Item {
    /// The fields the item's form writes.
    pub fn base(&self) -> Base {
        Base::of([self.text.as_str(), &self.addressee].into_iter().chain(self.cells.iter().map(String::as_str)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_reads_back_and_tells_fields_apart() {
        let base = Base::of(["ab", "c"]);
        assert_eq!(Base::parse(&base.to_string()), Some(base));
        assert_ne!(base, Base::of(["a", "bc"]), "where one field ends counts");
        assert_ne!(base, Base::of(["ab", "c", ""]), "and how many there are");
        assert_eq!(Base::of([]).to_string(), "cbf29ce484222325", "FNV-1a's offset basis: nothing hashed");
        assert_eq!(Base::parse("xyz"), None);
        assert_eq!(Base::parse("cbf29ce48422232g"), None);
    }

    #[test]
    fn an_item_base_changes_with_what_its_form_writes() {
        let item = Item::new("Провести семинар".into(), &mut fastrand::Rng::with_seed(1));
        let other = Item { text: "Провести семинары".into(), ..item.clone() };
        assert_ne!(item.base(), other.base());
        let moved = Item { depth: 1, ..item.clone() };
        assert_eq!(item.base(), moved.base(), "depth is not written by the form");
    }
}
