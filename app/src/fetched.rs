//! Data a page fetches from a server function, rendered on the server and carried to the browser in the page.
//!
//! It travels as postcard, as server functions answer (`server_fns::Answer`), in base64 inside the page: one
//! reader per type in the browser bundle, and one that reads fields by position rather than by name, so the
//! bundle holds no JSON reading at all for fetched data (before, Leptos's `Resource::new` read the page's copy with
//! `serde_json::from_str` and server functions' answers with `from_slice`: every type's JSON reading twice).

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// Postcard: the codec of server functions' answers, for the copy in the page.
pub struct Postcard;

impl<T: Serialize> Encoder<T> for Postcard {
    type Error = postcard::Error;
    type Encoded = Vec<u8>;

    fn encode(value: &T) -> Result<Vec<u8>, Self::Error> {
        postcard::to_allocvec(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Postcard {
    type Error = postcard::Error;
    type Encoded = [u8];

    fn decode(bytes: &[u8]) -> Result<T, Self::Error> {
        postcard::from_bytes(bytes)
    }
}

/// What a page fetched: a resource that goes in the page's markup as postcard.
pub type Fetched<T> = Resource<T, Postcard>;

/// `Resource::new` with the codec of server functions' answers.
#[track_caller]
pub fn fetched<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Fetched<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let value: Result<Vec<(String, Option<u32>)>, String> = Ok(vec![("Зея".into(), Some(3)), ("«".into(), None)]);
        let bytes = <Postcard as Encoder<_>>::encode(&value).unwrap();
        let back: Result<Vec<(String, Option<u32>)>, String> = <Postcard as Decoder<_>>::decode(&bytes).unwrap();
        assert_eq!(back, value);
    }
}
