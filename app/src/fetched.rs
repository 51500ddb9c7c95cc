//! Data a page fetches from a server function, rendered on the server and carried to the browser in the page.
//!
//! Leptos's `Resource::new` reads that copy back with `serde_json::from_str`, while a server function's answer
//! is read with `serde_json::from_slice`. Each is compiled for every type a page fetches, so the browser bundle
//! held every type's JSON reading twice. `fetched` reads both with `from_slice`.

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON, read with the reader server functions use.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// What a page fetched: a resource that goes in the page's markup as JSON.
pub type Fetched<T> = Resource<T, Json>;

/// `Resource::new` with the same reader as server functions' answers.
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
        let text = <Json as Encoder<_>>::encode(&value).unwrap();
        let back: Result<Vec<(String, Option<u32>)>, String> = <Json as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
    }
}
