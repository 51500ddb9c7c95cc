//! The id of each kind of record, as its own type: a document's id cannot be passed where a user's is
//! expected. Each is the record's key as stored and as it appears in URLs and forms (serialised as the bare
//! string, also in a page's forms), in both the server and the browser build.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident,)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(key: impl Into<String>) -> $name {
                $name(key.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Reads as its key wherever a plain string is taken (a form field, a URL); it still cannot be passed
        /// where another kind of id is expected.
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// A form's hidden field or a `data-` attribute holds the bare key.
        impl leptos::attr::IntoAttributeValue for $name {
            type Output = String;

            fn into_attribute_value(self) -> String {
                self.0
            }
        }

        impl From<String> for $name {
            fn from(key: String) -> $name {
                $name(key)
            }
        }

        impl From<&str> for $name {
            fn from(key: &str) -> $name {
                $name(key.to_string())
            }
        }
    )*};
}

ids! {
    /// An event (a seminar, hearing, round table or forum).
    EventId,
    /// A document of an event.
    DocumentId,
    /// A person's account.
    UserId,
    /// A person's membership of an event.
    MemberId,
    /// An invitation to an event.
    InvitationId,
    /// A comment on a document.
    CommentId,
    /// An amendment to a document.
    AmendmentId,
    /// A ballot on a document, an item or an amendment.
    BallotId,
    /// A recommendation in the registry.
    RecommendationId,
    /// A text staged for import, before it is saved.
    ImportId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_stored_and_posted_as_its_bare_key() {
        let id = DocumentId::new("abc123");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"abc123\"");
        assert_eq!(serde_json::from_str::<DocumentId>("\"abc123\"").unwrap(), id);
        assert_eq!(id.to_string(), "abc123");
    }
}
