//! A text with the words of open comments highlighted, and the thread «lit» together with its words.

use crate::ids::CommentId;
use leptos::prelude::*;

/// The thread lit now, and whether the text lit it (its words clicked, or the caret put in them): then a
/// phone shows the thread as a sheet. Pointing at a thread lights it without moving it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lit {
    pub comment: CommentId,
    pub from_text: bool,
}

/// Provided by the workspace; absent elsewhere (the public reading has no threads to light).
#[derive(Clone, Copy)]
pub struct LitThread(pub RwSignal<Option<Lit>>);

impl LitThread {
    /// Also lights, on the page, the thread and the words of the one lit whenever it changes (`show`).
    pub fn provide() -> LitThread {
        let lit = LitThread(RwSignal::new(None));
        provide_context(lit);
        #[cfg(feature = "hydrate")]
        Effect::new(move || lit.0.with(|l| show(l.as_ref())));
        lit
    }

    /// Lights again, on the page, the thread lit now (after its HTML was brought up to date).
    pub fn show_again() {
        #[cfg(feature = "hydrate")]
        if let Some(lit) = Self::from_context() {
            lit.0.with_untracked(|l| show(l.as_ref()));
        }
    }

    pub fn from_context() -> Option<LitThread> {
        use_context::<LitThread>()
    }

    pub fn is(&self, comment: &str) -> bool {
        self.0.with(|l| l.as_ref().is_some_and(|l| l.comment.as_str() == comment))
    }

    pub fn from_text(&self, comment: &str) -> bool {
        self.0.with(|l| l.as_ref().is_some_and(|l| l.from_text && l.comment.as_str() == comment))
    }

    pub fn light(&self, comment: CommentId, from_text: bool) {
        let next = Some(Lit { comment, from_text });
        if self.0.with_untracked(|l| *l != next) {
            self.0.set(next);
        }
    }

    pub fn clear(&self) {
        self.0.set(None);
    }
}

/// Gives the thread of `lit` and its words in the reading view the class `lit` (and the thread `sheet`, when
/// the text lit it) and takes them from every other. The HTML of the threads and of the reading comes from the
/// server, which knows nothing of what is lit; `components::morph` keeps these two classes where they are.
#[cfg(feature = "hydrate")]
fn show(lit: Option<&Lit>) {
    let selector = "article.thread[data-comment], .reading mark.comment-mark[data-comments]";
    let Ok(found) = document().query_selector_all(selector) else { return };
    for node in (0..found.length()).filter_map(|i| found.item(i)) {
        use leptos::wasm_bindgen::JsCast;
        let Ok(element) = node.dyn_into::<leptos::web_sys::Element>() else { continue };
        let thread = element.get_attribute("data-comment");
        let names = thread.clone().or_else(|| element.get_attribute("data-comments")).unwrap_or_default();
        let on = lit.is_some_and(|l| names.split(' ').any(|n| n == l.comment.as_str()));
        let classes = element.class_list();
        let _ = classes.toggle_with_force("lit", on);
        if thread.is_some() {
            let _ = classes.toggle_with_force("sheet", on && lit.is_some_and(|l| l.from_text));
        }
    }
}

/// A run of a text: words no comment is about (`comments` empty), or words of the comments named.
pub struct Run {
    pub text: String,
    pub comments: Vec<CommentId>,
}

/// Splits `text` at the (UTF-16) ranges of comments, merged where they overlap.
pub fn runs(text: &str, ranges: &[(u32, u32, CommentId)]) -> Vec<Run> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut ranges: Vec<(usize, usize, CommentId)> = ranges
        .iter()
        .map(|(s, e, c)| ((*s as usize).min(units.len()), (*e as usize).min(units.len()), c.clone()))
        .filter(|(s, e, _)| s < e)
        .collect();
    ranges.sort_by_key(|(s, e, _)| (*s, *e));
    let mut merged: Vec<(usize, usize, Vec<CommentId>)> = Vec::new();
    for (s, e, c) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => {
                last.1 = last.1.max(e);
                last.2.push(c);
            }
            _ => merged.push((s, e, vec![c])),
        }
    }
    let piece = |a: usize, b: usize| String::from_utf16_lossy(&units[a..b]);
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, comments) in merged {
        if at < s {
            out.push(Run { text: piece(at, s), comments: Vec::new() });
        }
        out.push(Run { text: piece(s, e), comments });
        at = e;
    }
    if at < units.len() || out.is_empty() {
        out.push(Run { text: piece(at, units.len()), comments: Vec::new() });
    }
    out
}

/// The names of a mark's comments, as its `data-comments` holds them.
fn names(comments: &[CommentId]) -> String {
    comments.iter().map(CommentId::as_str).collect::<Vec<_>>().join(" ")
}

/// `text` with the words of comments wrapped in `<mark>`s that name their comments and light up with their
/// thread (the live editor's view of an item).
pub fn marked_text(text: &str, ranges: &[(u32, u32, CommentId)]) -> Vec<AnyView> {
    let lit = LitThread::from_context();
    runs(text, ranges)
        .into_iter()
        .map(|run| {
            if run.comments.is_empty() {
                return run.text.into_any();
            }
            let names = names(&run.comments);
            let first = run.comments[0].clone();
            let comments = run.comments;
            let click = move |_| {
                if let Some(lit) = lit {
                    lit.light(first.clone(), true)
                }
            };
            let class = move || {
                let on = lit.is_some_and(|lit| comments.iter().any(|c| lit.is(c.as_str())));
                if on {
                    "comment-mark lit"
                } else {
                    "comment-mark"
                }
            };
            view! { <mark class=class data-comments=names on:click=click>{run.text}</mark> }.into_any()
        })
        .collect()
}

/// The same as HTML (the reading view's): which is lit is the browser's (`show`), and a click on a mark is
/// handled where the HTML stands (`document_workspace::ReadingText`).
pub fn marked_markup(text: &str, ranges: &[(u32, u32, CommentId)]) -> maud::Markup {
    maud::html! {
        @for run in runs(text, ranges) {
            @if run.comments.is_empty() {
                (run.text)
            } @else {
                mark.comment-mark data-comments=(names(&run.comments)) { (run.text) }
            }
        }
    }
}
