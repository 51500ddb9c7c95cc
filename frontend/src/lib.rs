//! The WASM entry point: re-exports `app::hydrate`, which hydrates the server-rendered pages.

pub use app::hydrate;
