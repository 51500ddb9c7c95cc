//! Markdown export in the genre's layout. The importer reads it back to the same document: lines that the
//! importer would take for structure are escaped with a backslash, as Markdown does.

use crate::document::{Document, Section, SectionKind};
use crate::importer;

pub fn export(doc: &Document) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let h = &doc.header;
    if !h.doc_kind.is_empty() {
        blocks.push(format!("# {}", h.doc_kind));
    }
    if !h.event_line.is_empty() {
        blocks.push(h.event_line.clone());
    }
    if !h.title.is_empty() {
        blocks.push(format!("«{}»", h.title));
    }
    match (h.starts_on, h.ends_on) {
        (Some(start), Some(end)) => blocks.push(format!("{} — {}", start.russian(), end.russian())),
        (Some(start), None) => blocks.push(start.russian()),
        _ => {}
    }
    if !h.city.is_empty() {
        blocks.push(format!("г. {}", h.city));
    }
    let mut first_body = true;
    for section in &doc.sections {
        if section.kind == SectionKind::Narrative {
            for item in &section.items {
                blocks.push(escape(&item.text, first_body));
                first_body = false;
            }
        } else {
            blocks.push(list(section, first_body));
            first_body = false;
        }
    }
    if let Some(vote) = doc.vote.filter(|v| !v.is_empty()) {
        blocks.push(vote.line());
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn list(section: &Section, first_body: bool) -> String {
    let mut lines = Vec::new();
    if !section.lead_in.is_empty() {
        let _ = first_body;
        lines.push(section.lead_in.clone());
        lines.push(String::new());
    }
    for (item, marker) in section.items.iter().zip(section.markers()) {
        let text = item.full_text();
        let marker = if section.kind.is_numbered() { marker } else { "-".to_string() };
        let indent = if item.depth > 0 && !section.kind.is_numbered() { "  " } else { "" };
        lines.push(format!("{indent}{marker} {text}"));
    }
    lines.join("\n")
}

/// Prefixes a backslash when the importer would read the text as something other than a paragraph.
fn escape(text: &str, first_body: bool) -> String {
    if importer::is_structural(text, first_body) {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests;
