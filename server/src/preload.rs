//! Announces in a page's head the chunks of the split browser bundle the page needs (`app::chunks`), read from the
//! split build's manifest, so that a first visit fetches them beside the main module rather than once the main
//! module runs and asks for them: one round trip instead of two before hydration.
//!
//! The links go into the HTML as it streams out (the head is in its first part), not through `leptos_meta`: the
//! browser's render does not know the chunks' names, and head tags that only the server renders would put
//! `leptos_meta`'s hydration out of step.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The split build's loader, imported by `accord.js` (cargo-leptos names it so).
const LOADER: &str = "__wasm_split.______________________.js";
const MANIFEST: &str = "__wasm_split_manifest.json";

/// Each lazy function's chunks, by its name without the build's hash (`workspace`, `home_route_view`).
#[derive(Clone, Default)]
pub struct Chunks {
    pkg: String,
    by_lazy: Arc<HashMap<String, Vec<String>>>,
}

impl Chunks {
    /// Reads the manifest of the split build in `site_root/pkg_dir`; none (a build without `--split`, or no
    /// build) announces nothing.
    pub fn load(site_root: &Path, pkg_dir: &str) -> Chunks {
        let text = std::fs::read_to_string(site_root.join(pkg_dir).join(MANIFEST)).unwrap_or_default();
        let manifest: HashMap<String, Vec<String>> = serde_json::from_str(&text).unwrap_or_default();
        let safe =
            |name: &String| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        let by_lazy = manifest
            .into_iter()
            .map(|(entry, chunks)| (lazy_name(&entry).to_string(), chunks.into_iter().filter(safe).collect()))
            .collect();
        Chunks { pkg: format!("/{}", pkg_dir.trim_matches('/')), by_lazy: Arc::new(by_lazy) }
    }

    /// The head's links for these lazy functions: the loader, then every chunk once; none if no chunk is known.
    fn links(&self, lazies: &[String]) -> String {
        let mut seen = std::collections::HashSet::new();
        let chunks: Vec<&String> =
            lazies.iter().filter_map(|l| self.by_lazy.get(l)).flatten().filter(|c| seen.insert(*c)).collect();
        if chunks.is_empty() {
            return String::new();
        }
        let mut links = format!(r#"<link rel="modulepreload" href="{}/{LOADER}">"#, self.pkg);
        for chunk in chunks {
            links.push_str(&format!(r#"<link rel="preload" as="fetch" crossorigin href="{}/{chunk}.wasm">"#, self.pkg));
        }
        links
    }
}

/// `__home_route_view_16689195006489319374` → `home_route_view`; `workspace_8499510874994731729` → `workspace`.
fn lazy_name(entry: &str) -> &str {
    let entry = entry.trim_start_matches('_');
    match entry.rsplit_once('_') {
        Some((name, hash)) if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => entry,
    }
}

pub async fn announce(State(chunks): State<Chunks>, mut request: Request, next: Next) -> Response {
    if chunks.by_lazy.is_empty() {
        return next.run(request).await;
    }
    let slot = app::chunks::PageChunks::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let html = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The links lengthen the page; a length set for it (none for Leptos's streamed pages) would cut it short.
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut pending = true;
    let body = body.into_data_stream().map(move |part| {
        let part = part?;
        if !pending {
            return Ok(part);
        }
        // Leptos sends the whole head in the page's first part: later parts are the body's and are left alone.
        pending = false;
        let Some(at) = head_end(&part) else { return Ok(part) };
        let lazies = slot.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if lazies.is_empty() {
            return Ok(part);
        }
        let mut joined = Vec::with_capacity(part.len() + 64 * 32);
        joined.extend_from_slice(&part[..at]);
        joined.extend_from_slice(chunks.links(&lazies).as_bytes());
        joined.extend_from_slice(&part[at..]);
        Ok::<_, axum::Error>(bytes::Bytes::from(joined))
    });
    Response::from_parts(parts, Body::from_stream(body))
}

/// Where `</head>` starts in this part of the page.
fn head_end(part: &[u8]) -> Option<usize> {
    part.windows(7).position(|w| w == b"</head>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_named_without_the_build_hash() {
        assert_eq!(lazy_name("__home_route_view_16689195006489319374"), "home_route_view");
        assert_eq!(lazy_name("workspace_8499510874994731729"), "workspace");
        assert_eq!(lazy_name("live_editor_10399965509905975503"), "live_editor");
    }

    #[test]
    fn each_chunk_is_announced_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
        let manifest = r#"{"__home_route_view_1": ["chunk_1", "split_home"], "workspace_2": ["chunk_1", "chunk_2"]}"#;
        std::fs::write(dir.path().join("pkg").join(MANIFEST), manifest).unwrap();
        let chunks = Chunks::load(dir.path(), "pkg");
        let links = chunks.links(&["home_route_view".into(), "workspace".into(), "unknown".into()]);
        assert!(links.starts_with(r#"<link rel="modulepreload" href="/pkg/__wasm_split"#), "{links}");
        for chunk in ["chunk_1", "split_home", "chunk_2"] {
            assert_eq!(links.matches(&format!("/pkg/{chunk}.wasm")).count(), 1, "{links}");
        }
        assert!(chunks.links(&["unknown".into()]).is_empty(), "nothing to announce");
        assert!(Chunks::load(&dir.path().join("none"), "pkg").by_lazy.is_empty());
        std::fs::write(dir.path().join("pkg").join(MANIFEST), r#"{"x_1": ["chunk_1", "a\"><script>"]}"#).unwrap();
        assert_eq!(Chunks::load(dir.path(), "pkg").by_lazy["x"], vec!["chunk_1".to_string()], "odd names are left out");
    }
}
