//! The draft as its reviewers get it back in Word (`export.docx?changes=1`): every undecided amendment as a
//! tracked change in its author's name, and every comment as a Word comment on its words. Accepting all
//! changes gives the text with the amendments applied; rejecting them, the draft.
//!
//! The text with the amendments applied is laid out as printed, beside the draft, and the two are compared
//! paragraph by paragraph (an item's paragraph with the same item's): so a renumbered item is a change too,
//! and what Word shows after accepting is what Accord would print. Worked out here as marked blocks, which
//! `docx::docx_with_changes` writes.

use super::{layout, Block, Para, Table};
use accord_domain::discussion::{word_diff, Change, Piece};
use accord_domain::{Document, ItemId};
use app::i18n::Lang;
use std::collections::{HashMap, HashSet};

/// An undecided amendment.
pub struct Proposal {
    pub number: i64,
    pub author: String,
    /// `YYYY-MM-DDTHH:MM:SSZ`, as Word dates a revision.
    pub date: String,
    pub change: Change,
    pub justification: String,
}

/// A comment on words of an item (`range`: UTF-16 offsets in the item's words), or on a whole item, with its
/// replies. Its body is given as paragraphs.
pub struct Remark {
    pub author: String,
    pub date: String,
    pub item: ItemId,
    pub range: Option<(u32, u32)>,
    pub body: Vec<String>,
    pub replies: Vec<Remark>,
}

pub struct Review {
    pub document: Document,
    pub proposals: Vec<Proposal>,
    pub remarks: Vec<Remark>,
    pub lang: Lang,
}

/// Who made a change, and when.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Author {
    pub name: String,
    pub date: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Edit {
    Inserted,
    Deleted,
}

/// A piece of a marked paragraph: text (as it stands, or inserted or deleted by a change of the author at
/// that index), or where a comment (by index) begins or ends.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Bit {
    Text(String, Option<(Edit, usize)>),
    Open(usize),
    Close(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct MarkedPara {
    /// How the paragraph is set; its text is in `bits`.
    pub para: Para,
    /// The whole paragraph is new or removed (its paragraph mark too).
    pub whole: Option<(Edit, usize)>,
    pub bits: Vec<Bit>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Marked {
    Para(MarkedPara),
    Table(Table),
}

/// A Word comment: its author, date, paragraphs and the comment it answers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Note {
    pub author: Author,
    pub paragraphs: Vec<String>,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Marks {
    pub blocks: Vec<Marked>,
    pub authors: Vec<Author>,
    pub notes: Vec<Note>,
}

/// Where a note stands in a draft paragraph: from `start` to `end`, in characters of its text.
struct Spot {
    start: usize,
    end: usize,
    note: usize,
}

pub(super) fn mark(review: &Review) -> Marks {
    let t = review.lang.texts();
    let draft = &review.document;
    let mut proposals: Vec<&Proposal> = review.proposals.iter().collect();
    proposals.sort_by_key(|p| p.number);
    let authors = proposals.iter().map(|p| Author { name: p.author.clone(), date: p.date.clone() }).collect();

    // Word holds one wording of an item: the first amendment to reword or remove an item is a change, a
    // later one to the same item a comment on it. Replacements first, then insertions (the latest first, so
    // that several after one item stand in their numbers' order), then removals.
    let mut applied = draft.clone();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut owner: HashMap<ItemId, usize> = HashMap::new();
    let mut untracked: Vec<usize> = Vec::new();
    let mut order: Vec<usize> = (0..proposals.len()).collect();
    let rank = |c: &Change| match c {
        Change::Replace { .. } => 0,
        Change::Insert { .. } => 1,
        Change::Delete { .. } => 2,
    };
    order.sort_by_key(|&k| {
        let c = &proposals[k].change;
        (rank(c), if rank(c) == 1 { -proposals[k].number } else { proposals[k].number })
    });
    let mut reworded: HashSet<ItemId> = HashSet::new();
    for k in order {
        let change = &proposals[k].change;
        let rewording = !matches!(change, Change::Insert { .. });
        if draft.find_item(change.item()).is_none() || (rewording && reworded.contains(change.item())) {
            untracked.push(k);
            continue;
        }
        let before = item_ids(&applied);
        match change.apply(applied.clone(), None, &mut rng) {
            Ok(next) => {
                if rewording {
                    reworded.insert(change.item().clone());
                    owner.insert(change.item().clone(), k);
                } else if let Some(new) = item_ids(&next).difference(&before).next() {
                    owner.insert(new.clone(), k);
                }
                applied = next;
            }
            Err(_) => untracked.push(k),
        }
    }

    let mut notes = Vec::new();
    let mut spots: HashMap<usize, Vec<Spot>> = HashMap::new();
    let was = layout(draft);
    let top = was.iter().position(|b| matches!(b, Block::Para(p) if !p.text.is_empty()));
    let mut place = |notes: &mut Vec<Note>, item: Option<&ItemId>, range: Option<(u32, u32)>, note: Note| {
        let found = item.and_then(|id| {
            was.iter().enumerate().find_map(|(k, b)| match b {
                Block::Para(p) if p.item.as_ref().is_some_and(|(i, _)| i == id) => Some((k, p)),
                _ => None,
            })
        });
        let (k, start, end) = match found {
            Some((k, p)) => {
                let at = p.item.as_ref().map_or(0, |(_, at)| *at);
                let len = p.text.chars().count();
                let words: String = p.text.chars().skip(at).collect();
                match range.map(|(s, e)| (chars_at(&words, s) + at, chars_at(&words, e) + at)) {
                    Some((s, e)) if s < e && e <= len => (k, s, e),
                    _ => (k, at.min(len.saturating_sub(1)), len),
                }
            }
            None => match top {
                Some(k) => (k, 0, block_len(&was[k])),
                None => return,
            },
        };
        notes.push(note);
        spots.entry(k).or_default().push(Spot { start, end, note: notes.len() - 1 });
    };
    for remark in &review.remarks {
        let parent = notes.len();
        let note = |r: &Remark, parent| Note {
            author: Author { name: r.author.clone(), date: r.date.clone() },
            paragraphs: r.body.clone(),
            parent,
        };
        place(&mut notes, Some(&remark.item), remark.range, note(remark, None));
        if notes.len() == parent {
            continue;
        }
        for reply in &remark.replies {
            place(&mut notes, Some(&remark.item), remark.range, note(reply, Some(parent)));
        }
    }
    // Each amendment's justification beside its change; one that is not a change in full.
    for (k, p) in proposals.iter().enumerate() {
        let mut paragraphs = vec![format!("{} {}", t.amendment(), p.number)];
        if untracked.contains(&k) {
            paragraphs.push(match &p.change {
                Change::Replace { text, .. } => text.clone(),
                Change::Insert { text, .. } => format!("{}: {text}", t.amend_insert()),
                Change::Delete { .. } => t.amend_delete().to_string(),
            });
        }
        if !p.justification.is_empty() {
            paragraphs.push(format!("{}: {}", t.justification(), p.justification));
        }
        let note = Note { author: Author { name: p.author.clone(), date: p.date.clone() }, paragraphs, parent: None };
        place(&mut notes, Some(p.change.item()), None, note);
    }

    let now = layout(&applied);
    let blocks = merge(was, now, &owner, &mut spots);
    Marks { blocks, authors, notes }
}

fn item_ids(doc: &Document) -> HashSet<ItemId> {
    doc.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.clone())).collect()
}

fn item_of(block: &Block) -> Option<&ItemId> {
    match block {
        Block::Para(p) => p.item.as_ref().map(|(id, _)| id),
        Block::Table(_) => None,
    }
}

fn block_len(block: &Block) -> usize {
    match block {
        Block::Para(p) => p.text.chars().count(),
        Block::Table(_) => 0,
    }
}

/// The character offset of a UTF-16 offset in `text`.
fn chars_at(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (k, c) in text.chars().enumerate() {
        if units >= utf16 {
            return k;
        }
        units += c.len_utf16() as u32;
    }
    text.chars().count()
}

/// The draft's blocks beside the amended text's: an item's paragraph is compared with the same item's, an
/// item only in the draft is removed, one only in the amended text is new; the rest stand in the same order.
fn merge(
    was: Vec<Block>,
    now: Vec<Block>,
    owner: &HashMap<ItemId, usize>,
    spots: &mut HashMap<usize, Vec<Spot>>,
) -> Vec<Marked> {
    let kept: HashSet<ItemId> = now.iter().filter_map(item_of).cloned().collect();
    let old: HashSet<ItemId> = was.iter().filter_map(item_of).cloned().collect();
    let mut out = Vec::new();
    let (mut was, mut now) = (was.into_iter().enumerate().peekable(), now.into_iter().peekable());
    // A renumbering is put down to the insertion or removal above it.
    let mut last_move: Option<usize> = owner.values().min().copied();
    loop {
        let removed = was.peek().and_then(|(_, b)| item_of(b)).is_some_and(|id| !kept.contains(id));
        let added = now.peek().and_then(item_of).is_some_and(|id| !old.contains(id));
        if removed {
            let Some((k, Block::Para(p))) = was.next() else { continue };
            let by = p.item.as_ref().and_then(|(id, _)| owner.get(id)).copied().unwrap_or(0);
            last_move = Some(by);
            let pieces = vec![(p.text.clone(), Some((Edit::Deleted, by)))];
            let bits = weave(pieces, spots.remove(&k).unwrap_or_default());
            out.push(Marked::Para(MarkedPara { para: p, whole: Some((Edit::Deleted, by)), bits }));
        } else if added {
            let Some(Block::Para(p)) = now.next() else { continue };
            let by = p.item.as_ref().and_then(|(id, _)| owner.get(id)).copied().unwrap_or(0);
            last_move = Some(by);
            let bits = vec![Bit::Text(p.text.clone(), Some((Edit::Inserted, by)))];
            out.push(Marked::Para(MarkedPara { para: p, whole: Some((Edit::Inserted, by)), bits }));
        } else {
            match (was.next(), now.next()) {
                (Some((k, Block::Para(p))), Some(Block::Para(q))) => {
                    let here = spots.remove(&k).unwrap_or_default();
                    let by = p.item.as_ref().and_then(|(id, _)| owner.get(id)).copied().or(last_move).unwrap_or(0);
                    let pieces = if p.text == q.text {
                        vec![(p.text.clone(), None)]
                    } else {
                        word_diff(&p.text, &q.text)
                            .into_iter()
                            .map(|piece| match piece {
                                Piece::Same(s) => (s, None),
                                Piece::Added(s) => (s, Some((Edit::Inserted, by))),
                                Piece::Removed(s) => (s, Some((Edit::Deleted, by))),
                            })
                            .collect()
                    };
                    out.push(Marked::Para(MarkedPara { para: p, whole: None, bits: weave(pieces, here) }));
                }
                (Some((_, Block::Table(t))), Some(Block::Table(_))) => out.push(Marked::Table(t)),
                // The two layouts differ where no item does (not expected): the draft's block is kept.
                (Some((k, block)), _) => out.push(unmarked(block, spots.remove(&k).unwrap_or_default())),
                (None, Some(block)) => out.push(unmarked(block, Vec::new())),
                (None, None) => break,
            }
        }
    }
    end_marks(&mut out);
    out
}

/// Word keeps the last paragraph's mark whatever is done: where the document ends with new (or removed)
/// paragraphs, the marks of the paragraphs from the one before them on are the new (or removed) ones, so
/// that rejecting (or accepting) leaves no empty paragraph behind.
fn end_marks(out: &mut [Marked]) {
    let whole = |m: &Marked| match m {
        Marked::Para(p) => p.whole,
        Marked::Table(_) => None,
    };
    let Some(last) = out.last().and_then(whole) else { return };
    let group = out.iter().rev().take_while(|m| whole(m).is_some_and(|(e, _)| e == last.0)).count();
    let before = out.len() - group;
    if before == 0 || whole(&out[before - 1]).is_some() || matches!(out[before - 1], Marked::Table(_)) {
        return;
    }
    let marks: Vec<Option<(Edit, usize)>> = out[before..].iter().map(whole).collect();
    for (k, m) in out[before - 1..].iter_mut().enumerate() {
        if let Marked::Para(p) = m {
            p.whole = marks.get(k).copied().flatten();
        }
    }
}

fn unmarked(block: Block, spots: Vec<Spot>) -> Marked {
    match block {
        Block::Para(p) => {
            let bits = weave(vec![(p.text.clone(), None)], spots);
            Marked::Para(MarkedPara { para: p, whole: None, bits })
        }
        Block::Table(t) => Marked::Table(t),
    }
}

/// Text pieces with the comments' beginnings and ends put in, at characters of the draft's text (which
/// inserted pieces are not part of). A comment on words that are replaced ends before the new words.
fn weave(pieces: Vec<(String, Option<(Edit, usize)>)>, spots: Vec<Spot>) -> Vec<Bit> {
    let mut bits = Vec::new();
    let mut pos = 0usize;
    let mut closed = HashSet::new();
    let mut close = |pos: usize, bits: &mut Vec<Bit>| {
        for s in spots.iter().filter(|s| s.end == pos && s.start < pos) {
            if closed.insert(s.note) {
                bits.push(Bit::Close(s.note));
            }
        }
    };
    let open = |pos: usize, bits: &mut Vec<Bit>| {
        bits.extend(spots.iter().filter(|s| s.start == pos).map(|s| Bit::Open(s.note)));
    };
    for (text, edit) in pieces {
        if matches!(edit, Some((Edit::Inserted, _))) {
            close(pos, &mut bits);
            bits.push(Bit::Text(text, edit));
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut from = 0;
        for k in 0..chars.len() {
            if spots.iter().any(|s| s.start == pos + k || s.end == pos + k) {
                if k > from {
                    bits.push(Bit::Text(chars[from..k].iter().collect(), edit));
                }
                close(pos + k, &mut bits);
                open(pos + k, &mut bits);
                from = k;
            }
        }
        if chars.len() > from {
            bits.push(Bit::Text(chars[from..].iter().collect(), edit));
        }
        pos += chars.len();
    }
    close(pos, &mut bits);
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bits: &[Bit], keep: Edit) -> String {
        bits.iter()
            .filter_map(|b| match b {
                Bit::Text(s, None) => Some(s.as_str()),
                Bit::Text(s, Some((e, _))) if *e == keep => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn comments_open_and_close_around_their_words() {
        let spots = vec![Spot { start: 2, end: 5, note: 0 }];
        let bits = weave(
            vec![
                ("ab".into(), None),
                ("cdef".into(), Some((Edit::Deleted, 0))),
                ("XY".into(), Some((Edit::Inserted, 0))),
            ],
            spots,
        );
        assert_eq!(
            bits,
            vec![
                Bit::Text("ab".into(), None),
                Bit::Open(0),
                Bit::Text("cde".into(), Some((Edit::Deleted, 0))),
                Bit::Close(0),
                Bit::Text("f".into(), Some((Edit::Deleted, 0))),
                Bit::Text("XY".into(), Some((Edit::Inserted, 0))),
            ]
        );
        // Replaced words: the comment on them ends before the new ones.
        let spots = vec![Spot { start: 2, end: 4, note: 0 }];
        let replaced = weave(
            vec![
                ("ab".into(), None),
                ("cd".into(), Some((Edit::Deleted, 0))),
                ("XY".into(), Some((Edit::Inserted, 0))),
                ("e".into(), None),
            ],
            spots,
        );
        let close = replaced.iter().position(|b| *b == Bit::Close(0)).unwrap();
        assert_eq!(replaced[close + 1], Bit::Text("XY".into(), Some((Edit::Inserted, 0))));
        assert_eq!(replaced.iter().filter(|b| **b == Bit::Close(0)).count(), 1);
        assert_eq!(text_of(&bits, Edit::Inserted), "abXY");
        assert_eq!(text_of(&bits, Edit::Deleted), "abcdef");
    }

    /// The document's paragraphs as Word shows them once every change is accepted, or rejected: a
    /// paragraph whose mark goes joins the next one.
    fn paragraphs(marks: &Marks, accept: bool) -> Vec<String> {
        let (keep, drop) = if accept { (Edit::Inserted, Edit::Deleted) } else { (Edit::Deleted, Edit::Inserted) };
        let mut out = Vec::new();
        let mut carried = String::new();
        for block in &marks.blocks {
            let Marked::Para(m) = block else { continue };
            carried.push_str(&text_of(&m.bits, keep));
            if !m.whole.is_some_and(|(e, _)| e == drop) {
                out.push(std::mem::take(&mut carried));
            }
        }
        if !carried.is_empty() {
            out.push(carried);
        }
        out
    }

    fn printed(doc: &Document) -> Vec<String> {
        layout(doc)
            .into_iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.text),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn accepting_every_change_gives_the_amended_text_and_rejecting_them_the_draft() {
        let draft = accord_domain::import(crate::demo::FIXTURE).document;
        let numbered = draft.sections.iter().find(|s| s.items.len() > 3).expect("a numbered section");
        let ids: Vec<ItemId> = numbered.items.iter().map(|i| i.id.clone()).collect();
        let proposal = |number, author: &str, change| Proposal {
            number,
            author: author.into(),
            date: format!("2026-12-0{number}T10:00:00Z"),
            change,
            justification: format!("Обоснование {number}"),
        };
        let proposals = vec![
            proposal(
                1,
                "Иванова И. И.",
                Change::Replace {
                    item: ids[0].clone(), text: "Провести обучение специалистов НКО.".into()
                },
            ),
            proposal(
                2,
                "Петров П. П.",
                Change::Insert {
                    after: ids[0].clone(),
                    text: "Создать ресурсный центр.".into(),
                    addressee: String::new(),
                },
            ),
            proposal(3, "Сидоров С. С.", Change::Delete { item: ids[2].clone() }),
            proposal(4, "Козлова К. К.", Change::Replace { item: ids[0].clone(), text: "Иная редакция.".into() }),
        ];
        let words = numbered.items[1].text.clone();
        let quote_at = words.encode_utf16().count() as u32 / 2;
        let remarks = vec![Remark {
            author: "Орлов О. О.".into(),
            date: "2026-12-01T09:00:00Z".into(),
            item: ids[1].clone(),
            range: Some((quote_at, quote_at + 4)),
            body: vec!["Уточнить срок".into()],
            replies: vec![Remark {
                author: "Иванова И. И.".into(),
                date: "2026-12-01T09:30:00Z".into(),
                item: ids[1].clone(),
                range: None,
                body: vec!["Согласна".into()],
                replies: Vec::new(),
            }],
        }];
        let review = Review { document: draft.clone(), proposals, remarks, lang: Lang::Ru };
        let marks = mark(&review);

        let mut amended = draft.clone();
        let mut rng = fastrand::Rng::with_seed(1);
        for change in [&review.proposals[0].change, &review.proposals[1].change, &review.proposals[2].change] {
            amended = change.apply(amended, None, &mut rng).unwrap();
        }
        assert_eq!(paragraphs(&marks, true), printed(&amended));
        assert_eq!(paragraphs(&marks, false), printed(&draft));

        let authors: Vec<&str> = marks.authors.iter().map(|a| a.name.as_str()).collect();
        let by = |edit: Edit| -> HashSet<&str> {
            marks
                .blocks
                .iter()
                .flat_map(|b| match b {
                    Marked::Para(m) => m.bits.clone(),
                    Marked::Table(_) => Vec::new(),
                })
                .filter_map(|bit| match bit {
                    Bit::Text(_, Some((e, k))) if e == edit => Some(authors[k]),
                    _ => None,
                })
                .collect()
        };
        assert!(by(Edit::Inserted).contains("Иванова И. И.") && by(Edit::Inserted).contains("Петров П. П."));
        assert!(by(Edit::Deleted).contains("Сидоров С. С."));
        assert!(!by(Edit::Inserted).contains("Козлова К. К."), "a second rewording of one item is a comment");
        let notes: Vec<String> = marks.notes.iter().map(|n| n.paragraphs.join(" / ")).collect();
        assert!(notes.iter().any(|n| n == "Поправка 4 / Иная редакция. / Обоснование: Обоснование 4"), "{notes:?}");
        assert!(notes.iter().any(|n| n == "Поправка 2 / Обоснование: Обоснование 2"), "{notes:?}");
        let reply = marks.notes.iter().position(|n| n.paragraphs == ["Согласна"]).unwrap();
        assert_eq!(marks.notes[reply].parent, marks.notes.iter().position(|n| n.paragraphs == ["Уточнить срок"]));

        // The comment opens and closes around the four characters it was made on, in the second item.
        let second = marks
            .blocks
            .iter()
            .find_map(|b| match b {
                Marked::Para(m) if m.para.item.as_ref().is_some_and(|(id, _)| id == &ids[1]) => Some(m),
                _ => None,
            })
            .unwrap();
        let note = marks.notes.iter().position(|n| n.paragraphs == ["Уточнить срок"]).unwrap();
        let inside: String = second
            .bits
            .iter()
            .skip_while(|b| **b != Bit::Open(note))
            .take_while(|b| **b != Bit::Close(note))
            .filter_map(|b| match b {
                Bit::Text(s, None) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        let start = chars_at(&words, quote_at);
        assert_eq!(inside, words.chars().skip(start).take(4).collect::<String>());
    }

    #[test]
    fn a_document_ending_with_a_new_item_leaves_no_empty_paragraph() {
        let draft = accord_domain::import("Участники рекомендуют:\n\n1. Первый.\n2. Второй.\n").document;
        let items: Vec<ItemId> = draft.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.clone())).collect();
        for change in [
            Change::Insert { after: items[1].clone(), text: "Третий.".into(), addressee: String::new() },
            Change::Delete { item: items[1].clone() },
        ] {
            let proposals = vec![Proposal {
                number: 1,
                author: "Петров П. П.".into(),
                date: "2026-12-01T10:00:00Z".into(),
                change: change.clone(),
                justification: String::new(),
            }];
            let marks = mark(&Review { document: draft.clone(), proposals, remarks: Vec::new(), lang: Lang::Ru });
            let amended = change.apply(draft.clone(), None, &mut fastrand::Rng::with_seed(1)).unwrap();
            assert_eq!(paragraphs(&marks, true), printed(&amended), "{change:?}");
            assert_eq!(paragraphs(&marks, false), printed(&draft), "{change:?}");
            let Some(Marked::Para(last)) = marks.blocks.last() else { panic!() };
            assert_eq!(last.whole, None, "the last paragraph's mark stays: {change:?}");
        }
    }

    #[test]
    fn utf16_offsets_become_characters() {
        assert_eq!(chars_at("a😀b", 3), 2);
        assert_eq!(chars_at("абв", 2), 2);
        assert_eq!(chars_at("аб", 9), 2);
    }
}
