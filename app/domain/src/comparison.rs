//! Two canonical texts (a version's Markdown, see [`crate::version`]) compared block by block, so that the
//! history shows the change as the document reads — heading, header lines, paragraphs, numbered items,
//! table rows — with the changed words marked inside each block, never as Markdown.

use crate::discussion::{word_diff, Piece};
use serde::{Deserialize, Serialize};

/// What a block is in the document, read from the canonical text's own syntax.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The name of the kind («РЕКОМЕНДАЦИИ»).
    KindHeading,
    /// The lines under it: the event, its title, number, date and place.
    HeaderLine,
    Heading,
    Paragraph,
    /// A numbered or dashed item, with its number or dash.
    Item {
        marker: String,
    },
    /// A row of a table, its cells in order.
    TableRow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Added,
    Removed,
    /// The block is in both texts with some words changed.
    Changed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub role: Role,
    pub change: Change,
    pub pieces: Vec<Piece>,
}

impl Block {
    /// The pieces of its words, one piece for an unchanged, added or removed block.
    fn whole(role: Role, change: Change, text: &str) -> Block {
        let piece = match change {
            Change::Added => Piece::Added(text.to_string()),
            Change::Removed => Piece::Removed(text.to_string()),
            Change::Same | Change::Changed => Piece::Same(text.to_string()),
        };
        Block { role, change, pieces: vec![piece] }
    }
}

/// The blocks of `new`, with those of `old` it no longer has, in reading order. Blocks are matched by what
/// they are and say, not by their number: an item added at the top renumbers the others without changing them.
pub fn compare(old: &str, new: &str) -> Vec<Block> {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    let (before, after) = (blocks(old), blocks(new));
    let key = |blocks: &[(Role, String)]| -> Vec<(u8, String)> {
        blocks.iter().map(|(role, text)| (role.rank(), text.clone())).collect()
    };
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &key(&before), &key(&after)) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                for (role, text) in &after[new_index..new_index + len] {
                    out.push(Block::whole(role.clone(), Change::Same, text));
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                for (role, text) in &before[old_index..old_index + old_len] {
                    out.push(Block::whole(role.clone(), Change::Removed, text));
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for (role, text) in &after[new_index..new_index + new_len] {
                    out.push(Block::whole(role.clone(), Change::Added, text));
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let (was, is) = (&before[old_index..old_index + old_len], &after[new_index..new_index + new_len]);
                // Blocks replaced in turn are the same blocks reworded: the first with the first, and so on.
                for k in 0..old_len.max(new_len) {
                    match (was.get(k), is.get(k)) {
                        (Some((_, a)), Some((role, b))) => {
                            out.push(Block { role: role.clone(), change: Change::Changed, pieces: word_diff(a, b) })
                        }
                        (Some((role, a)), None) => out.push(Block::whole(role.clone(), Change::Removed, a)),
                        (None, Some((role, b))) => out.push(Block::whole(role.clone(), Change::Added, b)),
                        (None, None) => {}
                    }
                }
            }
        }
    }
    out
}

impl Role {
    /// What the block is, without its number.
    fn rank(&self) -> u8 {
        match self {
            Role::KindHeading => 0,
            Role::HeaderLine => 1,
            Role::Heading => 2,
            Role::Paragraph => 3,
            Role::Item { .. } => 4,
            Role::TableRow => 5,
        }
    }
}

/// The canonical text as blocks: each non-empty line (an item and a table row are a line each), its role
/// read from its syntax, its text without the syntax. The header's lines are those the importer reads as
/// the header (the canonical text is the exporter's, which the importer reads back).
fn blocks(text: &str) -> Vec<(Role, String)> {
    let h = crate::import(text).document.header;
    let title = if h.title.is_empty() { String::new() } else { crate::importer::title_line(&h.title) };
    let mut header = [h.event_line, title, h.number, h.date, h.place].into_iter().filter(|l| !l.is_empty()).peekable();
    let mut out: Vec<(Role, String)> = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        if is_table_rule(line) {
            continue;
        }
        let (role, words) = role_of(line);
        let in_header = out.iter().all(|(r, _)| matches!(r, Role::KindHeading | Role::HeaderLine));
        if in_header && role == Role::Paragraph && header.peek().is_some_and(|h| same_words(h, &words)) {
            header.next();
            out.push((Role::HeaderLine, words));
        } else {
            out.push((role, words));
        }
    }
    out
}

fn role_of(line: &str) -> (Role, String) {
    if let Some(rest) = line.strip_prefix("# ") {
        return (Role::KindHeading, rest.trim().to_string());
    }
    if let Some(rest) = line.strip_prefix("### ").or_else(|| line.strip_prefix("## ")) {
        return (Role::Heading, rest.trim().to_string());
    }
    // A sub-item is written indented.
    let item = line.trim_start();
    if let Some(rest) = item.strip_prefix("- ") {
        return (Role::Item { marker: "—".to_string() }, rest.trim().to_string());
    }
    if let Some(cells) = crate::importer::tables::row_cells(line) {
        return (Role::TableRow, cells.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" │ "));
    }
    if let Some((marker, rest)) = numbered(item) {
        return (Role::Item { marker: marker.to_string() }, rest.trim().to_string());
    }
    // A paragraph that would read as syntax is written after a backslash.
    (Role::Paragraph, line.strip_prefix('\\').unwrap_or(line).trim().to_string())
}

/// «1. », «2.3. », «4) »: the marker and what follows it.
fn numbered(line: &str) -> Option<(&str, &str)> {
    let end = line.find(' ')?;
    let marker = &line[..end];
    let digits_and_dots = marker.trim_end_matches(['.', ')']);
    let numbered = !digits_and_dots.is_empty()
        && marker.len() > digits_and_dots.len()
        && digits_and_dots.chars().all(|c| c.is_ascii_digit() || c == '.');
    numbered.then(|| (marker, &line[end + 1..]))
}

/// The importer reads a no-break space as a space.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn is_table_rule(line: &str) -> bool {
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str =
        "# РЕКОМЕНДАЦИИ\n\nсеминара\n\n«Формы»\n\n27\u{a0}января 2021\u{a0}г.\n\nВ семинаре приняли участие 25 человек.\n\n\
                       Участники рекомендуют:\n\n1. Министерству провести семинар.\n2. Районам участвовать.\n\n\
                       | № | Предложение |\n|---|---|\n| 1 | Дорога |\n";

    #[test]
    fn roles_come_from_the_canonical_syntax() {
        let roles: Vec<Role> = blocks(OLD).into_iter().map(|(r, _)| r).collect();
        assert_eq!(
            roles,
            [
                Role::KindHeading,
                Role::HeaderLine,
                Role::HeaderLine,
                Role::HeaderLine,
                Role::Paragraph,
                Role::Paragraph,
                Role::Item { marker: "1.".into() },
                Role::Item { marker: "2.".into() },
                Role::TableRow,
                Role::TableRow,
            ]
        );
        let texts: Vec<String> = blocks(OLD).into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts[6], "Министерству провести семинар.", "the number is the marker, not the text");
        assert_eq!(texts[9], "1 │ Дорога");
        assert!(!texts.iter().any(|t| t.starts_with('#') || t.starts_with('|')), "no Markdown is shown");
    }

    #[test]
    fn a_reworded_item_shows_its_words_and_an_added_one_whole() {
        let new = OLD
            .replace("провести семинар", "провести два семинара")
            .replace("2. Районам участвовать.", "2. Районам участвовать.\n3. Городам помогать.");
        let blocks = compare(OLD, &new);
        let changed: Vec<&Block> = blocks.iter().filter(|b| b.change != Change::Same).collect();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert_eq!(changed[0].change, Change::Changed);
        assert_eq!(changed[0].role, Role::Item { marker: "1.".into() });
        assert!(
            changed[0].pieces.iter().any(|p| matches!(p, Piece::Added(s) if s.contains("два"))),
            "{:?}",
            changed[0].pieces
        );
        assert!(changed[0].pieces.iter().any(|p| matches!(p, Piece::Removed(s) if s.contains("семинар"))));
        assert_eq!(changed[1].change, Change::Added);
        assert_eq!(changed[1].pieces, [Piece::Added("Городам помогать.".into())]);
        assert!(compare(OLD, OLD).iter().all(|b| b.change == Change::Same));
        let removed = compare(&new, OLD);
        assert!(removed
            .iter()
            .any(|b| b.change == Change::Removed && b.pieces == [Piece::Removed("Городам помогать.".into())]));
    }

    #[test]
    fn an_item_added_at_the_top_leaves_the_others_unchanged() {
        let new = OLD.replace(
            "1. Министерству провести семинар.\n2. Районам участвовать.",
            "1. Городам помогать.\n2. Министерству провести семинар.\n3. Районам участвовать.",
        );
        let changed: Vec<Block> = compare(OLD, &new).into_iter().filter(|b| b.change != Change::Same).collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(changed[0].change, Change::Added);
        assert_eq!(changed[0].role, Role::Item { marker: "1.".into() });
    }

    #[test]
    fn sub_items_and_escaped_pipes_read_as_the_document() {
        let read = blocks("Текст:\n\n1. Пункт.\n  - подпункт;\n   1.1. ещё.\n\n| А | Б \\| В |\n|---|---|\n");
        assert_eq!(read[2], (Role::Item { marker: "—".into() }, "подпункт;".into()));
        assert_eq!(read[3], (Role::Item { marker: "1.1.".into() }, "ещё.".into()));
        assert_eq!(read[4], (Role::TableRow, "А │ Б | В".into()));
    }

    #[test]
    fn the_fixture_reads_back_in_its_blocks() {
        let doc = crate::import(include_str!("../tests/fixtures/seminar-2021-blagoveshchensk.md")).document;
        let text = crate::version::freeze(&doc, 1).canonical;
        let read = blocks(&text);
        assert_eq!(read[0], (Role::KindHeading, "РЕКОМЕНДАЦИИ".to_string()));
        assert_eq!(read.iter().filter(|(r, _)| *r == Role::HeaderLine).count(), 4, "{:?}", &read[..6]);
        let numbered = read.iter().filter(|(r, _)| matches!(r, Role::Item { marker } if marker != "—")).count();
        assert_eq!(numbered, 9, "the nine recommendations");
    }
}
