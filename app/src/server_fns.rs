//! Server functions, grouped by the resource they act on. Each is a thin adapter: read the input, call the
//! store and the domain, map the error. Server-only helpers live in `server_fns::context`.

pub mod accounts;
pub mod amendments;
pub mod ballots;
pub mod comments;
pub mod discussion;
pub mod documents;
pub mod events;
pub mod history;
pub mod imports;
pub mod members;
pub mod notices;
pub mod registry;
pub mod stages;
pub mod stances;
pub mod workspace;

/// How every server function answers (`#[server(output = Answer)]`): postcard, the same codec the pages carry
/// their fetched data in (`fetched.rs`). It reads by position, not field name, so the browser bundle holds one
/// small reader per type instead of JSON's. Refusals are postcard too (`error::RefusalEncoding`).
pub type Answer = server_fn::codec::Postcard;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
mod scope;
