//! What someone has done to a form's fields in the browser, read from the fields themselves: each keeps what it
//! was rendered with (`defaultValue`, `defaultChecked`, `defaultSelected`) beside what it shows.

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlFormElement, HtmlInputElement, HtmlOptionElement, HtmlTextAreaElement};

/// Whether a field of `form` shows something other than what it was rendered with.
pub fn edited(form: &Element) -> bool {
    fields(form).any(|field| {
        if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "checkbox" | "radio" => input.checked() != input.default_checked(),
                "hidden" | "submit" | "button" | "reset" | "image" => false,
                _ => input.value() != input.default_value(),
            }
        } else if let Some(text) = field.dyn_ref::<HtmlTextAreaElement>() {
            text.value() != text.default_value().unwrap_or_default()
        } else {
            options(&field).any(|o| o.selected() != o.default_selected())
        }
    })
}

/// Makes what `form`'s fields show what they were rendered with, and clears the browser's record that someone
/// changed them, so that the next rendering (`components::morph`) shows in them. For a form whose post was
/// accepted: its fields hold what is now stored, and keep showing it until the page has fetched it back.
pub fn settle(form: &HtmlFormElement) {
    for field in fields(form) {
        if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "checkbox" | "radio" => input.set_default_checked(input.checked()),
                "hidden" | "submit" | "button" | "reset" | "image" | "file" => {}
                _ => input.set_default_value(&input.value()),
            }
        } else if let Some(text) = field.dyn_ref::<HtmlTextAreaElement>() {
            let _ = text.set_default_value(&text.value());
        } else {
            options(&field).for_each(|o| o.set_default_selected(o.selected()));
        }
    }
    form.reset();
}

fn fields(form: &Element) -> impl Iterator<Item = Element> {
    all(form, "input, textarea, select")
}

fn options(select: &Element) -> impl Iterator<Item = HtmlOptionElement> {
    all(select, "option").filter_map(|o| o.dyn_into().ok())
}

fn all(root: &Element, selector: &str) -> impl Iterator<Item = Element> {
    let list = root.query_selector_all(selector).ok();
    let count = list.as_ref().map_or(0, |l| l.length());
    (0..count).filter_map(move |k| list.as_ref()?.item(k)?.dyn_into().ok())
}
