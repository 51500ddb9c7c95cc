//! Markdown export in the genre's layout. The importer reads it back to the same document: lines that the
//! importer would take for structure are escaped with a backslash, as Markdown does.

use crate::document::{Document, Header, Layout, Section, SectionKind};
use crate::importer;

pub fn export(doc: &Document) -> String {
    let mut blocks = header_blocks(&doc.header);
    // A paragraph among the first lines of a text without a header could be read as its heading.
    let header_lines = blocks.len();
    for section in &doc.sections {
        let near_top = blocks.len() < header_lines + 3;
        blocks.extend(section_blocks(section, near_top));
    }
    let mut vote_on_top = false;
    if let Some(vote) = doc.vote.as_ref().filter(|v| !v.is_empty()) {
        // At the end it would be read as the vote of decisions that have none: it goes under the header then.
        vote_on_top = doc.sections.last().is_some_and(|s| s.kind == SectionKind::Decisions && s.vote.is_none());
        if vote_on_top {
            blocks.insert(header_lines, vote.line());
        } else {
            blocks.push(vote.line());
        }
    }
    // A first paragraph that the header's last line would take in (its quote closing there, or a subject going
    // on) is escaped; only a paragraph can be taken in (`header::closing_quote`, `header::wraps_subject`).
    let first_is_text = doc.sections.first().is_some_and(|s| {
        let bare = s.lead_in.is_empty() && s.addressee.is_empty() && !s.items.is_empty();
        s.kind.layout() == Layout::Paragraphs && s.kind != SectionKind::Signatures && bare
    });
    if header_lines > 0 && first_is_text && !vote_on_top && !importer::header_ends_with(&blocks, header_lines) {
        if let Some(first) = blocks.get_mut(header_lines).filter(|b| !b.starts_with('\\')) {
            *first = format!("\\{first}");
        }
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// The header, a part to a line; where that would not read back as the same header, the way the importer
/// reads it from fewer lines: the event on the heading's line («Резолюция Пятого съезда»), the title on the
/// event's line («форума соотечественников «Молодёжь строит будущее»»), the number, date and place on the line
/// above them («Рого форум -3.9.20»), on one line of their own, or above the heading.
fn header_blocks(h: &Header) -> Vec<String> {
    let heading = (!h.doc_kind.is_empty()).then(|| format!("# {}", h.doc_kind));
    let event = (!h.event_line.is_empty()).then(|| h.event_line.clone());
    let title = (!h.title.is_empty()).then(|| importer::title_line(&h.title));
    let details: Vec<String> = [&h.number, &h.date, &h.place].into_iter().filter(|p| !p.is_empty()).cloned().collect();
    let joined = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        _ => None,
    };
    let apart = [heading.clone(), event.clone(), title.clone()];
    let top = [
        apart.clone(),
        [joined(&heading, &event), None, title.clone()],
        [heading.clone(), joined(&event, &title), None],
        [joined(&heading, &joined(&event, &title)), None, None],
    ];
    // The details on lines of their own, on one line after the line above (or alone), in brackets after it
    // («(28.09.2019 г., София)»), or above the heading, where an event line that holds a date of its own leaves
    // them («03.12.2019»).
    let blocks = |lines: &[Option<String>; 3], details_as: usize| -> Vec<String> {
        let mut blocks: Vec<String> = lines.iter().flatten().cloned().collect();
        match (blocks.last_mut(), details_as) {
            _ if details.is_empty() => {}
            (Some(last), 1) => *last = format!("{last} {}", details.join(" ")),
            (Some(last), 2) => *last = format!("{last} ({})", details.join(", ")),
            (_, 3) => blocks.splice(0..0, details.iter().cloned()).for_each(drop),
            (_, 1 | 4) => blocks.push(details.join(" ")),
            _ => blocks.extend(details.iter().cloned()),
        }
        blocks
    };
    // The first of `top` even when it is empty: the details may be all the header has.
    top.iter()
        .enumerate()
        .filter(|(k, lines)| *k == 0 || lines.iter().any(Option::is_some))
        .map(|(_, lines)| lines)
        .flat_map(|lines| (0..5).map(|details_as| blocks(lines, details_as)))
        .find(|b| importer::reads_back_as(b, h))
        .unwrap_or_else(|| blocks(&apart, 0))
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
