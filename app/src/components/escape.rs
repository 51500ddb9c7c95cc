//! Escaping for text Leptos does not escape itself.

/// Leptos writes a `<textarea>`'s children into the server's HTML unescaped, where `</textarea>` in user
/// text would end the element; the text goes in as escaped inner HTML instead.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
