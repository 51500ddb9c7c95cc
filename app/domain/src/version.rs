//! Frozen versions (DESIGN, "Lifecycle"): when voting opens, the text is fixed as version N in its canonical
//! form, the Markdown export, and identified by the SHA-256 of that form. Anyone can download the canonical
//! text and check the digest with `sha256sum`.

use crate::document::Document;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frozen {
    pub number: u32,
    pub canonical: String,
    pub sha256: String,
}

/// The canonical form leaves out the vote result: the version is what is voted on, not its outcome.
pub fn freeze(doc: &Document, number: u32) -> Frozen {
    let mut text = doc.clone();
    text.vote = None;
    let canonical = crate::markdown::export(&text);
    let sha256 = digest(&canonical);
    Frozen { number, canonical, sha256 }
}

pub fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::VoteResult;

    #[test]
    fn the_digest_is_the_sha256_of_the_canonical_text() {
        assert_eq!(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let doc = crate::import(include_str!("../tests/fixtures/seminar-2021-blagoveshchensk.md")).document;
        let v = freeze(&doc, 3);
        assert_eq!(v.number, 3);
        assert_eq!(v.sha256, digest(&v.canonical));
        assert_eq!(v.sha256.len(), 64);
        let mut voted = doc.clone();
        voted.vote = Some(VoteResult { in_favour: Some(1), ..Default::default() });
        assert_eq!(freeze(&voted, 3), v, "the result is not part of what was voted on");
        let mut changed = doc;
        let item = changed.sections.iter_mut().find(|s| !s.items.is_empty()).unwrap();
        item.items[0].text.push('!');
        assert_ne!(freeze(&changed, 3).sha256, v.sha256);
    }
}
