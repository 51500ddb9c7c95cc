//! The document page's event stream in the browser: what the server announces about a document (a comment,
//! an amendment, a vote, a new stage) becomes a signal that makes the page fetch again.

use crate::ids::DocumentId;
use leptos::prelude::*;

/// Opens the document's event stream in the browser: a change bumps `discussion` (the panel fetches again), a
/// decided amendment also `text` (the reading view fetches again), a vote `tallies` (at most four times a
/// second, however many votes arrive), typing in a draft `typed`; a new stage reloads the page, whose editor or
/// reading view depends on it.
pub(super) fn live_updates(doc_id: Memo<DocumentId>, announced: super::document_workspace::Announced) {
    let super::document_workspace::Announced { discussion: live, text, tallies: ballots, typed } = announced;
    #[cfg(feature = "hydrate")]
    {
        use crate::live_update::LiveUpdate;
        use wasm_bindgen::prelude::*;
        use wasm_bindgen::JsCast;
        type Open = (web_sys::EventSource, Closure<dyn FnMut(web_sys::MessageEvent)>, Closure<dyn FnMut(JsValue)>);
        let current: StoredValue<Option<Open>, LocalStorage> = StoredValue::new_local(None);
        let tally_pending = StoredValue::new(false);
        let close = move || {
            if let Some((source, _, _)) = current.try_update_value(|c| c.take()).flatten() {
                source.close();
            }
        };
        Effect::new(move |_| {
            let id = doc_id.get();
            close();
            let Ok(source) = web_sys::EventSource::new(&format!("/documents/{id}/events")) else { return };
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(update) = e.data().as_string().as_deref().and_then(LiveUpdate::from_word) else { return };
                if update == LiveUpdate::Stage {
                    let _ = window().location().reload();
                    return;
                }
                if update == LiveUpdate::Text {
                    typed.update(|n| *n += 1);
                    return;
                }
                if update.touches_ballots() && !tally_pending.get_value() {
                    tally_pending.set_value(true);
                    set_timeout(
                        move || {
                            tally_pending.set_value(false);
                            ballots.update(|n| *n += 1);
                        },
                        std::time::Duration::from_millis(250),
                    );
                }
                if update.touches_text() {
                    text.update(|n| *n += 1);
                }
                if !update.touches_discussion() {
                    return;
                }
                live.update(|n| *n += 1);
            });
            source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            // After a dropped connection the browser reconnects by itself; what was missed is fetched once.
            let mut first = true;
            let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if !std::mem::take(&mut first) {
                    live.update(|n| *n += 1);
                    ballots.update(|n| *n += 1);
                }
            });
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            current.set_value(Some((source, on_message, on_open)));
        });
        on_cleanup(close);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (doc_id, live, text, ballots, typed);
}
