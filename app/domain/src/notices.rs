//! What Accord tells people when they are not looking (issue 20): the kinds of notice, how each person wants
//! each kind delivered by e-mail (at once, in the daily digest, or not at all: the notice still waits under
//! the bell), and the signed one-click unsubscribe link. No I/O.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A ballot the person may vote in was opened.
    BallotOpened,
    /// An hour before a ballot's deadline, to an elector who has not voted.
    DeadlineSoon,
    /// A document of an event the person is a member of was adopted or rejected.
    Decided,
    /// Someone answered the person's comment.
    Reply,
    /// New comments and amendments on a draft the person takes part in.
    Activity,
    /// An invitation to an event, sent to an address (the person may have no account yet).
    Invitation,
}

impl Kind {
    /// The kinds a person chooses the delivery of (an invitation is sent once, to whom it names).
    pub const CHOSEN: [Kind; 5] = [Kind::BallotOpened, Kind::DeadlineSoon, Kind::Decided, Kind::Reply, Kind::Activity];

    pub fn code(self) -> &'static str {
        match self {
            Kind::BallotOpened => "ballot_opened",
            Kind::DeadlineSoon => "deadline_soon",
            Kind::Decided => "decided",
            Kind::Reply => "reply",
            Kind::Activity => "activity",
            Kind::Invitation => "invitation",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::CHOSEN.into_iter().chain([Kind::Invitation]).find(|k| k.code() == code)
    }

    /// How a kind is delivered until the person chooses: what needs acting on at once, the rest in the digest.
    pub fn default_delivery(self) -> Delivery {
        match self {
            Kind::Activity => Delivery::Digest,
            _ => Delivery::Now,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    Now,
    Digest,
    /// Not by e-mail: the notice is under the bell only.
    Off,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Now, Delivery::Digest, Delivery::Off];

    pub fn code(self) -> &'static str {
        match self {
            Delivery::Now => "now",
            Delivery::Digest => "digest",
            Delivery::Off => "off",
        }
    }

    pub fn from_code(code: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// A person's choices, as stored: kind code → delivery code. Unknown entries are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences(pub BTreeMap<String, String>);

impl Preferences {
    pub fn delivery(&self, kind: Kind) -> Delivery {
        if kind == Kind::Invitation {
            return Delivery::Now;
        }
        self.0.get(kind.code()).and_then(|d| Delivery::from_code(d)).unwrap_or(kind.default_delivery())
    }

    pub fn set(&mut self, kind: Kind, delivery: Delivery) {
        self.0.insert(kind.code().to_string(), delivery.code().to_string());
    }

    /// The language the person's messages are written in: `ru` (the default) or `en`.
    pub fn lang(&self) -> &'static str {
        match self.0.get(LANG).map(String::as_str) {
            Some("en") => "en",
            _ => "ru",
        }
    }

    /// Sets the messages' language; false (and nothing set) for a code other than `ru` or `en`.
    pub fn set_lang(&mut self, code: &str) -> bool {
        let known = matches!(code, "ru" | "en");
        if known {
            self.0.insert(LANG.to_string(), code.to_string());
        }
        known
    }

    /// What an unsubscribe link stops: one kind, or (`DIGEST`) every kind that goes into the digest.
    /// False when `what` names nothing.
    pub fn stop(&mut self, what: &str) -> bool {
        if what == DIGEST {
            let digested: Vec<Kind> =
                Kind::CHOSEN.into_iter().filter(|k| self.delivery(*k) == Delivery::Digest).collect();
            for kind in digested {
                self.set(kind, Delivery::Off);
            }
            return true;
        }
        match Kind::from_code(what).filter(|k| *k != Kind::Invitation) {
            Some(kind) => {
                self.set(kind, Delivery::Off);
                true
            }
            None => false,
        }
    }
}

/// What a digest's unsubscribe link names.
pub const DIGEST: &str = "digest";
/// The entry of `Preferences` that holds the messages' language.
const LANG: &str = "lang";

/// The signature of «unsubscribe `user` from `what`» (a kind's code, or `DIGEST`) under the server's secret:
/// base64url, 22 characters (128 bits of HMAC-SHA256).
pub fn unsubscribe_signature(secret: &[u8], user: &str, what: &str) -> String {
    use base64::Engine;
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(format!("unsubscribe:{user}:{what}").as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&mac.finalize().into_bytes()[..16])
}

/// Whether `signature` is the one for `user` and `what` (compared in constant time).
pub fn unsubscribe_signed(secret: &[u8], user: &str, what: &str, signature: &str) -> bool {
    let expected = unsubscribe_signature(secret, user, what);
    expected.len() == signature.len()
        && expected.bytes().zip(signature.bytes()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_fall_back_to_each_kinds_default() {
        let mut p = Preferences::default();
        assert_eq!(p.delivery(Kind::Reply), Delivery::Now);
        assert_eq!(p.delivery(Kind::Activity), Delivery::Digest);
        p.set(Kind::Reply, Delivery::Off);
        p.0.insert("activity".into(), "sometimes".into());
        assert_eq!(p.delivery(Kind::Reply), Delivery::Off);
        assert_eq!(p.delivery(Kind::Activity), Delivery::Digest, "an unknown choice is the default");
        p.set(Kind::Invitation, Delivery::Off);
        assert_eq!(p.delivery(Kind::Invitation), Delivery::Now, "an invitation is not chosen");
        for k in Kind::CHOSEN {
            assert_eq!(Kind::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn an_unsubscribe_link_is_signed_for_one_person_and_kind() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let s = unsubscribe_signature(secret, "user1", "reply");
        assert_eq!(s.len(), 22);
        assert!(unsubscribe_signed(secret, "user1", "reply", &s));
        assert!(!unsubscribe_signed(secret, "user2", "reply", &s));
        assert!(!unsubscribe_signed(secret, "user1", "activity", &s));
        assert!(!unsubscribe_signed(b"another secret", "user1", "reply", &s));
        assert!(!unsubscribe_signed(secret, "user1", "reply", &s[..21]));
    }

    #[test]
    fn messages_are_russian_unless_english_is_chosen() {
        let mut p = Preferences::default();
        assert_eq!(p.lang(), "ru");
        assert!(p.set_lang("en"));
        assert_eq!(p.lang(), "en");
        assert!(!p.set_lang("de"));
        assert_eq!(p.lang(), "en", "an unknown code changes nothing");
        assert_eq!(p.delivery(Kind::Reply), Delivery::Now, "the language is not a kind");
    }

    #[test]
    fn a_digest_link_stops_every_kind_in_the_digest() {
        let mut p = Preferences::default();
        p.set(Kind::Decided, Delivery::Digest);
        assert!(p.stop(DIGEST));
        assert_eq!((p.delivery(Kind::Decided), p.delivery(Kind::Activity)), (Delivery::Off, Delivery::Off));
        assert_eq!(p.delivery(Kind::Reply), Delivery::Now, "kinds mailed at once stay");
        assert!(p.stop("reply") && p.delivery(Kind::Reply) == Delivery::Off);
        assert!(!p.stop("invitation") && !p.stop("everything"));
    }
}
