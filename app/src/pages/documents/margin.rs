//! The discussion in the margin of the workspace: on a wide screen each thread moved down to stand beside the
//! item it is about, as in a word processor. (The thread lit with its words is `components::marks::LitThread`.)

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// Lays the threads out beside their items whenever the page or the window changes size (the text grew, a
/// thread opened). Browser only.
pub fn keep_threads_beside_items() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        // Aligned on the next frame: moving threads inside the observer's own callback could resize what it
        // observes and make the browser report a loop.
        let align = Closure::<dyn Fn()>::new(|| request_animation_frame(align_threads));
        let observer = web_sys::ResizeObserver::new(align.as_ref().unchecked_ref()).ok();
        if let (Some(observer), Some(text)) = (&observer, document().query_selector(".document-page").ok().flatten()) {
            observer.observe(&text);
        }
        let _ = window().add_event_listener_with_callback("resize", align.as_ref().unchecked_ref());
        let kept = StoredValue::new_local(Some((align, observer)));
        on_cleanup(move || {
            if let Some((align, observer)) = kept.try_update_value(Option::take).flatten() {
                let _ = window().remove_event_listener_with_callback("resize", align.as_ref().unchecked_ref());
                if let Some(observer) = observer {
                    observer.disconnect();
                }
            }
        });
    }
}

/// Moves each thread of the margin down to the height of its item, never above the thread before it; on a
/// narrow screen (the discussion under the text) every thread keeps its place in the list.
#[cfg(feature = "hydrate")]
pub fn align_threads() {
    use wasm_bindgen::JsCast;
    let Ok(threads) = document().query_selector_all(".discussion .threads > .thread") else { return };
    let threads: Vec<web_sys::HtmlElement> =
        (0..threads.length()).filter_map(|k| threads.item(k)?.dyn_into::<web_sys::HtmlElement>().ok()).collect();
    for thread in &threads {
        let _ = thread.style().remove_property("margin-top");
    }
    let wide = window().match_media("(min-width: 75rem)").ok().flatten().is_some_and(|m| m.matches());
    if !wide {
        return;
    }
    for thread in &threads {
        let Some(item) = thread.get_attribute("data-item").filter(|i| !i.is_empty()) else { continue };
        let Some(place) = document().get_element_by_id(&format!("item-{item}")) else { continue };
        let (want, now) = (place.get_bounding_client_rect().top(), thread.get_bounding_client_rect().top());
        if want > now + 1.0 {
            // Whole pixels, written as an integer: formatting a float would bring its code into the page.
            let _ = thread.style().set_property("margin-top", &format!("{}px", (want - now).round() as i32 + 10));
        }
    }
}

/// Aligns again once the page has drawn what changed (a thread added, the discussion fetched again).
pub fn align_after_render() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(align_threads);
}
