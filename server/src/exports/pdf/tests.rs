use super::*;
use crate::exports::tests::{fixture, markdown_words, real, words_of};
use std::collections::BTreeSet;

fn words_on(pages: &[Page]) -> BTreeSet<String> {
    let text: Vec<&str> = pages.iter().flat_map(|p| &p.words).map(|w| w.text.as_str()).collect();
    words_of(&text.join(" "))
}

#[test]
fn the_fixture_fills_numbered_a4_pages() {
    let doc = accord_domain::import(crate::demo::FIXTURE).document;
    let pages = paginate(&layout(&doc), faces().unwrap());
    assert!(pages.len() >= 2);
    for page in &pages {
        assert!(page.words.iter().all(|w| w.x >= LEFT && w.y <= PAGE_H - BOTTOM + SIZE && w.y >= TOP));
    }
    let bytes = pdf(&doc).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
}

/// Every word of each real document's Markdown export is placed on a page, whole.
#[test]
fn no_word_of_a_real_document_is_lost() {
    for (name, source) in real() {
        let doc = accord_domain::import(&source).document;
        let pages = paginate(&layout(&doc), faces().unwrap());
        let placed = words_on(&pages);
        let missing: Vec<_> = markdown_words(&doc).difference(&placed).cloned().collect();
        assert!(missing.is_empty(), "{name}: {missing:?}");
        assert!(pdf(&doc).unwrap().starts_with(b"%PDF-"), "{name}");
    }
}

fn long_table(rows: usize, tall: Option<usize>) -> Table {
    let columns = vec!["№".to_string(), "Предложение".into(), "Кем внесено".into(), "Решение".into()];
    let rows = (1..=rows)
        .map(|n| {
            let proposal = if Some(n) == tall {
                format!("{n}-е предложение ").repeat(300)
            } else {
                format!("Изменить зону {n} в правилах землепользования и застройки поселения")
            };
            vec![n.to_string(), proposal, format!("Житель {n}"), "Учесть/не учитывать".into()]
        })
        .collect();
    Table { columns, rows, space_before: 0.0 }
}

/// The inner boxes of a table's columns: from the left padding to the right one.
fn column_boxes(table: &Table) -> Vec<(f32, f32)> {
    let widths = table::widths(table, faces().unwrap(), TEXT_W);
    let mut x = LEFT;
    widths
        .iter()
        .map(|w| {
            let inner = (x + PAD_X, x + w - PAD_X);
            x += w;
            inner
        })
        .collect()
}

#[test]
fn a_long_table_goes_on_over_pages_under_its_headings() {
    let faces = faces().unwrap();
    let table = long_table(60, None);
    let pages = paginate(&[Block::Table(table.clone())], faces);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let first = page.words.iter().min_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
        assert_eq!((first.style, first.text.as_str()), (Style::Bold, "№"), "page {}: the headings first", n + 1);
        assert!(page.words.iter().all(|w| w.y <= PAGE_H - BOTTOM && w.y >= TOP), "page {}", n + 1);
        assert!(page.rules.iter().all(|r| r.to.1 <= PAGE_H - BOTTOM + 0.01 && r.from.1 >= TOP - 0.01));
    }
    // Rows are not split: a row's number (in its three cells) stands on one page only.
    for n in 1..=table.rows.len() {
        let n = n.to_string();
        let on: Vec<usize> = (0..pages.len()).filter(|&p| pages[p].words.iter().any(|w| w.text == n)).collect();
        assert_eq!(on.len(), 1, "row {n} on pages {on:?}");
        assert_eq!(pages[on[0]].words.iter().filter(|w| w.text == n).count(), 3, "row {n} whole");
    }
    assert_eq!(words_on(&pages), words_of(&[table.columns.join(" "), table.rows.concat().join(" ")].join(" ")));
}

#[test]
fn every_word_of_a_cell_stays_inside_its_column() {
    let faces = faces().unwrap();
    let mut table = long_table(5, None);
    table.columns.push("Целесообразность/нецелесообразность учёта".into());
    for row in &mut table.rows {
        row.push("Рекомендовано к учету при подготовке проекта".into());
    }
    let boxes = column_boxes(&table);
    let pages = paginate(&[Block::Table(table)], faces);
    for w in pages.iter().flat_map(|p| &p.words) {
        let width = faces.of(w.style).width(&w.text, w.size);
        assert!(
            boxes.iter().any(|&(l, r)| w.x >= l - 0.01 && w.x + width <= r + 0.01),
            "«{}» at {}..{} outside every column {boxes:?}",
            w.text,
            w.x,
            w.x + width
        );
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_between_pages() {
    let table = long_table(3, Some(2));
    let pages = paginate(&[Block::Table(table.clone())], faces().unwrap());
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert!(pages.iter().all(|p| p.words.iter().all(|w| w.y <= PAGE_H - BOTTOM)));
    assert!(pages.iter().skip(1).all(|p| p.words.iter().any(|w| w.style == Style::Bold)), "headings repeated");
    let placed: usize = pages.iter().flat_map(|p| &p.words).filter(|w| w.text == "2-е").count();
    assert_eq!(placed, 300, "nothing of the tall row clipped");
}

#[test]
fn the_pdf_of_a_table_draws_its_rules() {
    let doc = accord_domain::import(&fixture("verhopole")).document;
    let pages = paginate(&layout(&doc), faces().unwrap());
    let rules: usize = pages.iter().map(|p| p.rules.len()).sum();
    // Two rows (headings and one row), each boxed: top, bottom and seven verticals for six columns.
    assert_eq!(rules, 2 * (2 + 7));
    assert!(pdf(&doc).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_paragraph_leaves_no_line_alone_at_a_page_turn() {
    assert_eq!(page_turn(10, 4), None, "it fits");
    assert_eq!(page_turn(1, 5), Some(0), "the first line alone at the foot: the paragraph moves on");
    assert_eq!(page_turn(2, 3), Some(0), "one line would be left alone either way");
    assert_eq!(page_turn(3, 4), Some(2), "the last line alone at the head: one more goes with it");
    assert_eq!(page_turn(5, 9), Some(5));
}
