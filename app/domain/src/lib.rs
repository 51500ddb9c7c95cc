//! The documents of the genre and their events, free of I/O and of any framework: the document model, the
//! importer of plain text and Markdown, the Markdown exporter, Russian typography and the lifecycle rules. Compiled into the server
//! and into the browser, tested with plain `cargo test`.

pub mod audit;
pub mod ballot;
pub mod comparison;
pub mod date;
pub mod discussion;
pub mod document;
pub mod event;
pub mod importer;
pub mod journal;
pub mod lifecycle;
pub mod markdown;
pub mod notices;
pub mod people;
pub mod permissions;
#[cfg(not(target_arch = "wasm32"))]
pub mod properties;
pub mod redirect;
pub mod registry;
pub mod statistics;
pub mod text;
pub mod typography;
pub mod version;
pub mod ydoc;

pub use date::Date;
pub use document::{Document, DocumentKind, Header, Item, ItemId, Section, SectionKind, VoteResult};
pub use event::{Event, EventKind, ParticipantCategory};
pub use importer::{import, Corrections, Import, Warning, WarningKind};
pub use lifecycle::{Move, Mover, State};
pub use people::{Email, Profile, Role};
pub use permissions::{allows, Action, Caller};
pub use statistics::{CategoryCount, Statistics};
