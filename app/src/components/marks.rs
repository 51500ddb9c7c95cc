//! A text with the words of open comments highlighted.

use leptos::prelude::*;

/// Splits `text` at the (UTF-16) `ranges`, merged where they overlap, wrapping the ranges in `<mark>`.
pub fn marked_text(text: &str, ranges: &[(u32, u32)]) -> Vec<AnyView> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut ranges: Vec<(usize, usize)> = ranges
        .iter()
        .map(|&(s, e)| ((s as usize).min(units.len()), (e as usize).min(units.len())))
        .filter(|(s, e)| s < e)
        .collect();
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let piece = |a: usize, b: usize| String::from_utf16_lossy(&units[a..b]);
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in merged {
        if at < s {
            out.push(piece(at, s).into_any());
        }
        out.push(view! { <mark class="comment-mark">{piece(s, e)}</mark> }.into_any());
        at = e;
    }
    if at < units.len() || out.is_empty() {
        out.push(piece(at, units.len()).into_any());
    }
    out
}
