//! Markdown export in the genre's layout. The importer reads it back to the same document: lines that the
//! importer would take for structure are escaped with a backslash, as Markdown does.

use crate::document::{Document, Layout, Section, SectionKind};
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
        blocks.push(importer::title_line(&h.title));
    }
    for part in [&h.number, &h.date, &h.place] {
        if !part.is_empty() {
            blocks.push(part.clone());
        }
    }
    // A paragraph among the first lines of a text without a header could be read as its heading.
    let header_lines = blocks.len();
    for section in &doc.sections {
        let near_top = blocks.len() < header_lines + 3;
        blocks.extend(section_blocks(section, near_top));
    }
    if let Some(vote) = doc.vote.as_ref().filter(|v| !v.is_empty()) {
        blocks.push(vote.line());
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn section_blocks(section: &Section, near_top: bool) -> Vec<String> {
    let mut blocks = Vec::new();
    if !section.lead_in.is_empty() {
        blocks.push(section.lead_in.clone());
    }
    if !section.addressee.is_empty() {
        blocks.push(format!("{}:", section.addressee));
    }
    match section.kind.layout() {
        Layout::Paragraphs => {
            for (k, item) in section.items.iter().enumerate() {
                let first = near_top && k < 3 && section.lead_in.is_empty();
                // A signature is read as one because it looks like one: escaping it would make it text.
                let text = item.full_text();
                blocks.push(if section.kind == SectionKind::Signatures { text } else { escape(&text, first) });
            }
        }
        Layout::Rows => {
            let mut rows = vec![importer::pipe_row(&section.columns)];
            rows.push(format!("|{}", "---|".repeat(section.columns.len().max(1))));
            rows.extend(section.items.iter().map(|i| importer::pipe_row(&i.cells)));
            blocks.push(rows.join("\n"));
        }
        Layout::Numbers | Layout::Bullets => {
            if !section.items.is_empty() {
                blocks.push(list(section));
            }
        }
    }
    if let Some(vote) = section.vote.as_ref().filter(|v| !v.is_empty()) {
        blocks.push(vote.line());
    }
    blocks
}

fn list(section: &Section) -> String {
    let numbered = section.kind.is_numbered();
    section
        .items
        .iter()
        .zip(section.markers())
        .map(|(item, marker)| {
            let marker = if numbered { marker } else { "-".to_string() };
            let indent = if item.depth > 0 && !numbered { "  " } else { "" };
            format!("{indent}{marker} {}", item.full_text())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prefixes a backslash when the importer would read the text as something other than a paragraph.
fn escape(text: &str, near_top: bool) -> String {
    if importer::is_structural(text, near_top) {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests;
