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

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
mod scope;
