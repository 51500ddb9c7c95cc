//! HTML in an element that, when it changes, is brought up to date node by node instead of replaced: text and
//! attributes that changed are set, nodes that are new are added, nodes that are gone are removed, and the
//! nodes that stay are the same nodes — so what someone typed into a form is still there, and so is the focus.
//!
//! Elements of a list that can be added, removed or moved carry a `data-key`; other elements are paired with
//! one of the same tag and classes.
//!
//! Hand-written rather than a crate: the DOM-diffing crates for Rust are virtual DOMs of their own, and this is
//! the one walk over two trees that markup written as HTML (`components::markup`) needs, in a few dozen lines.
//! A field keeps what was typed into it by the browser's own rule: changing an `<input>`'s `value` or
//! `checked`, or a `<textarea>`'s text, changes what the field shows only while nobody has edited it (its dirty
//! flag, cleared when its form is reset: `form_fields::settle`). A `<select>` has no such flag: a new
//! `selected` option is shown even over someone's pick.
//!
//! Whether a `<details>` is open stays as the reader left it, and an inline style as a script set it (the
//! margin's alignment of threads), and so do the classes `lit` and `sheet` (a thread lit with its words:
//! `components::marks`), which the server's HTML never writes.
//!
//! A hidden field marked `data-keep` keeps its value while its form has changes not yet posted: it says what
//! the form was started from (the editor's `base`), and must not move on under what someone is typing.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use maud::Markup;

/// A `<div class=…>` holding `markup`, with the submit handler of its forms (`server_form::submit_forms`).
/// The server writes the markup into it; in the browser an effect brings the element's content up to it
/// whenever it changes, and when the component is rendered again with new data, and then runs `after`: what
/// the page's scripts put on elements the server writes otherwise, put back (a lit thread, picked words).
///
/// Not `inner_html`: with `--cfg erase_components` (.cargo/config.toml) an element's attributes are kept as a
/// list that is rebuilt by unsetting them all and setting them again, so `inner_html` replaces the content
/// each time the page renders, whatever its value's type does.
pub fn morphed(
    class: &'static str,
    markup: impl Fn() -> Markup + Send + Sync + 'static,
    on_submit: impl Fn(SubmitEvent) + Clone + 'static,
    after: fn(),
) -> impl IntoView {
    let element = leptos::html::div().class(class).on(leptos::ev::submit, on_submit);
    #[cfg(feature = "ssr")]
    {
        let _ = after;
        element.inner_html(markup().into_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let node = NodeRef::<leptos::html::Div>::new();
        Effect::new(move || {
            if let Some(element) = node.get() {
                morph(&element, &markup().into_string());
                after();
            }
        });
        element.node_ref(node)
    }
}

#[cfg(not(feature = "ssr"))]
use dom::morph;

#[cfg(not(feature = "ssr"))]
mod dom {
    use leptos::prelude::document;
    use leptos::{wasm_bindgen, web_sys};

    /// The attribute that pairs an element of the old HTML with the one of the new HTML it has become, where
    /// elements of a list can be added, removed or moved (a section's items, an event's members).
    const KEY: &str = "data-key";

    /// The attribute of a hidden field that stays as it is while its form is being edited (module comment).
    const KEEP: &str = "data-keep";

    /// The classes the page's scripts give (module comment).
    const SCRIPTS_CLASSES: [&str; 2] = ["lit", "sheet"];

    /// An element's classes without the scripts' ones.
    fn markup_classes(class: &str) -> String {
        class.split_whitespace().filter(|c| !SCRIPTS_CLASSES.contains(c)).collect::<Vec<_>>().join(" ")
    }

    /// Brings `target`'s content up to `html`.
    pub fn morph(target: &web_sys::Element, html: &str) {
        use wasm_bindgen::JsCast;
        let Ok(template) = document().create_element("template") else {
            return target.set_inner_html(html);
        };
        let template: web_sys::HtmlTemplateElement = template.unchecked_into();
        template.set_inner_html(html);
        children(target, &template.content());
    }

    /// Makes `old`'s children like `new`'s, taking from `new` the nodes it adds. An old node that none of the
    /// new ones left to place can become is removed first, so the nodes after it are matched where they stand
    /// rather than moved (a move takes the focus away) or made anew (which loses what was typed into them).
    fn children(old: &web_sys::Node, new: &web_sys::Node) {
        let mut here = old.first_child();
        while let Some(incoming) = new.first_child() {
            while let Some(current) = here.clone().filter(|c| !wanted(c, &incoming)) {
                here = current.next_sibling();
                let _ = old.remove_child(&current);
            }
            if let Some(wanted) = key(&incoming) {
                let mut candidate = here.clone();
                while let Some(c) = candidate.clone().filter(|c| key(c).as_deref() != Some(wanted.as_str())) {
                    candidate = c.next_sibling();
                }
                if let Some(found) = candidate {
                    if Some(&found) != here.as_ref() {
                        let _ = old.insert_before(&found, here.as_ref());
                    }
                    here = Some(found);
                }
            }
            match here {
                Some(current) if alike(&current, &incoming) => {
                    update(&current, &incoming);
                    let _ = new.remove_child(&incoming);
                    here = current.next_sibling();
                }
                _ => {
                    let _ = old.insert_before(&incoming, here.as_ref());
                }
            }
        }
        while let Some(gone) = here {
            here = gone.next_sibling();
            let _ = old.remove_child(&gone);
        }
    }

    /// Whether `node` can become `first` or one of the new nodes after it.
    fn wanted(node: &web_sys::Node, first: &web_sys::Node) -> bool {
        let mut next = Some(first.clone());
        while let Some(n) = next {
            if alike(node, &n) {
                return true;
            }
            next = n.next_sibling();
        }
        false
    }

    fn key(node: &web_sys::Node) -> Option<String> {
        use wasm_bindgen::JsCast;
        node.dyn_ref::<web_sys::Element>()?.get_attribute(KEY)
    }

    /// Whether `a` can become `b`: the same kind of node with the same key or, unkeyed, the same classes (so
    /// that a `details.room` is not made into a `details.named-votes` put before it).
    fn alike(a: &web_sys::Node, b: &web_sys::Node) -> bool {
        use wasm_bindgen::JsCast;
        let class = |n: &web_sys::Node| {
            n.dyn_ref::<web_sys::Element>().and_then(|e| e.get_attribute("class")).map(|c| markup_classes(&c))
        };
        a.node_type() == b.node_type()
            && a.node_name() == b.node_name()
            && match (key(a), key(b)) {
                (None, None) => class(a) == class(b),
                (a, b) => a == b,
            }
    }

    fn update(old: &web_sys::Node, new: &web_sys::Node) {
        use wasm_bindgen::JsCast;
        let (Some(old_el), Some(new_el)) = (old.dyn_ref::<web_sys::Element>(), new.dyn_ref::<web_sys::Element>())
        else {
            if old.node_value() != new.node_value() {
                old.set_node_value(new.node_value().as_deref());
            }
            return;
        };
        if old_el.has_attribute(KEEP)
            && old_el.closest("form").ok().flatten().is_some_and(|form| crate::components::form_fields::edited(&form))
        {
            return;
        }
        // Whether a `<details>` is open is the reader's, like what a field shows; an inline style is the page's
        // scripts' (the markup writes none: the content security policy allows no inline styles).
        let readers = |name: &str| name == "style" || (name == "open" && old_el.tag_name() == "DETAILS");
        for name in old_el.get_attribute_names().iter().filter_map(|n| n.as_string()) {
            if !new_el.has_attribute(&name) && !readers(&name) {
                let _ = old_el.remove_attribute(&name);
            }
        }
        for name in new_el.get_attribute_names().iter().filter_map(|n| n.as_string()) {
            let mut value = new_el.get_attribute(&name).unwrap_or_default();
            if name == "class" {
                let classes = old_el.class_list();
                for kept in SCRIPTS_CLASSES.iter().filter(|c| classes.contains(c)) {
                    value.push(' ');
                    value.push_str(kept);
                }
            }
            if old_el.get_attribute(&name).as_deref() != Some(value.as_str()) {
                let _ = old_el.set_attribute(&name, &value);
            }
        }
        children(old, new);
    }
}
