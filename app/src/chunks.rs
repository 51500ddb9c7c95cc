//! Which parts of a split browser bundle a page needs. Each page's code is a chunk that the main module fetches
//! only once it runs; the server's middleware (`server/src/preload.rs`) announces a page's chunks in its head, so a
//! first visit fetches them beside the main module instead of after it.

/// Where a page's lazy code writes, while rendering on the server, the lazy functions it needs. The middleware puts
/// one in every request's extensions, as it does a `PageNonce`.
#[cfg(feature = "ssr")]
#[derive(Clone, Default)]
pub struct PageChunks(pub std::sync::Arc<std::sync::Mutex<Vec<String>>>);

/// Tells the server, when it renders the page, that the page needs the lazy function `name`'s chunks (the name as
/// `#[lazy]` and `#[lazy_route]` give it: `workspace`, `home_route_view`).
pub fn needs(name: &str) {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        if !crate::pages::documents::document_page::needs_scripts() {
            return;
        }
        let slot = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<PageChunks>().cloned());
        if let Some(slot) = slot {
            slot.0.lock().unwrap_or_else(|e| e.into_inner()).push(name.to_string());
        }
    }
    let _ = name;
}

/// The lazy function `#[lazy_route]` makes of a route type's view: `HomeRoute` → `home_route_view`.
pub fn route_view(route: &str) -> String {
    let mut name = String::new();
    for c in route.chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name + "_view"
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_route_names_its_view_as_the_split_build_does() {
        assert_eq!(super::route_view("HomeRoute"), "home_route_view");
        assert_eq!(super::route_view("RegistryProgressRoute"), "registry_progress_route_view");
    }
}
