use super::*;
use crate::document::{Header, SectionKind};

fn doc() -> (Document, ItemId, ItemId) {
    let mut rng = fastrand::Rng::with_seed(5);
    let mut doc = Document::blank(Header { title: "T".into(), ..Default::default() }, &mut rng);
    let rec = doc.sections.iter().find(|s| s.kind == SectionKind::Recommendations).unwrap().id.clone();
    let a = doc.add_item(&rec, "Рассмотреть вопрос о создании совета.", &mut rng).unwrap();
    let b = doc.add_item(&rec, "Провести семинар в 2022 году.", &mut rng).unwrap();
    (doc, a, b)
}

#[test]
fn comment_bodies_are_trimmed_and_bounded() {
    assert_eq!(comment_body("  да\r\nнет \n").unwrap(), "да\nнет");
    assert_eq!(comment_body(" \n ").unwrap_err().problem, text::Problem::Empty);
    assert!(comment_body(&"я".repeat(COMMENT_MAX)).is_ok());
    assert_eq!(
        comment_body(&"я".repeat(COMMENT_MAX + 1)).unwrap_err().problem,
        text::Problem::TooLong { max: COMMENT_MAX }
    );
}

#[test]
fn a_replacement_is_checked_and_applied() {
    let (doc, a, _) = doc();
    let (change, base) =
        Change::Replace { item: a.clone(), text: "  Создать   совет. ".into() }.validate(&doc).unwrap();
    assert_eq!(change.text(), "Создать совет.");
    assert_eq!(base, "Рассмотреть вопрос о создании совета.");
    assert_eq!(change.check(&doc, &base), Fit::Same);
    let after = change.apply(doc.clone(), None, &mut fastrand::Rng::with_seed(1)).unwrap();
    assert_eq!(after.find_item(&a).unwrap().1.text, "Создать совет.");
    let same = Change::Replace { item: a.clone(), text: base.clone() }.validate(&doc);
    assert_eq!(same.unwrap_err(), AmendError::NoChange);
    let nowhere = Change::Delete { item: ItemId::parse("nothere").unwrap() }.validate(&doc);
    assert_eq!(nowhere.unwrap_err(), AmendError::NoItem);
}

#[test]
fn a_table_row_is_not_amended() {
    let (mut doc, _, _) = doc();
    let mut rng = fastrand::Rng::with_seed(2);
    let table = doc.add_section(SectionKind::Table, &mut rng);
    let row = doc.insert_blank_item(&table, None, &mut rng).unwrap();
    doc.set_cells(&row, &["1".into(), "Изменить зону".into()]).unwrap();
    let amended = Change::Replace { item: row, text: "Сохранить зону".into() }.validate(&doc);
    assert_eq!(amended.unwrap_err(), AmendError::TableRow);
}

#[test]
fn three_way_check_sees_a_changed_or_deleted_item() {
    let (mut doc, a, b) = doc();
    let (change, base) = Change::Replace { item: a.clone(), text: "Создать совет.".into() }.validate(&doc).unwrap();
    doc.set_item(&a, "Рассмотреть вопрос о создании общественного совета.", "").unwrap();
    assert_eq!(
        change.check(&doc, &base),
        Fit::Changed {
            current: "Рассмотреть вопрос о создании общественного совета.".into()
        }
    );
    let merged = change.apply(doc.clone(), Some("Создать общественный совет."), &mut fastrand::Rng::with_seed(1));
    assert_eq!(merged.unwrap().find_item(&a).unwrap().1.text, "Создать общественный совет.");
    doc.remove_item(&a).unwrap();
    assert_eq!(change.check(&doc, &base), Fit::Gone);
    let (insert, base) =
        Change::Insert {
            after: b.clone(), text: "Новый пункт.".into(), addressee: "Минобрнауки".into()
        }
        .validate(&doc)
        .unwrap();
    assert_eq!(base, "");
    doc.set_item(&b, "Другие слова.", "").unwrap();
    assert_eq!(insert.check(&doc, &base), Fit::Same, "an insertion does not depend on the words before it");
}

#[test]
fn insertion_and_deletion_change_the_items() {
    let (doc, a, b) = doc();
    let (insert, _) =
        Change::Insert { after: a.clone(), text: "Между.".into(), addressee: String::new() }.validate(&doc).unwrap();
    let after = insert.apply(doc.clone(), None, &mut fastrand::Rng::with_seed(9)).unwrap();
    let texts: Vec<&str> = after.items_of(SectionKind::Recommendations).map(|i| i.text.as_str()).collect();
    assert_eq!(texts, ["Рассмотреть вопрос о создании совета.", "Между.", "Провести семинар в 2022 году."]);
    let (delete, _) = Change::Delete { item: b.clone() }.validate(&doc).unwrap();
    let after = delete.apply(doc, None, &mut fastrand::Rng::with_seed(9)).unwrap();
    assert!(after.find_item(&b).is_none());
}

#[test]
fn word_diff_marks_words() {
    let pieces = word_diff("Провести семинар в 2022 году.", "Провести два семинара в 2022 году.");
    let added: String =
        pieces.iter().filter_map(|p| if let Piece::Added(s) = p { Some(s.as_str()) } else { None }).collect();
    let removed: String =
        pieces.iter().filter_map(|p| if let Piece::Removed(s) = p { Some(s.as_str()) } else { None }).collect();
    assert!(added.contains("два") && added.contains("семинара"), "{pieces:?}");
    assert!(removed.contains("семинар"), "{pieces:?}");
    let rebuilt_new: String = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Same(s) | Piece::Added(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(rebuilt_new, "Провести два семинара в 2022 году.");
}

#[test]
fn quotes_are_found_nearest_to_where_they_were_seen() {
    let text = "совет и ещё совет";
    assert_eq!(locate_quote(text, 0, "совет"), Some((0, 5)));
    assert_eq!(locate_quote(text, 11, "совет"), Some((12, 17)));
    assert_eq!(locate_quote(text, 0, "семинар"), None);
    assert_eq!(locate_quote(text, 0, ""), None);
    assert_eq!(locate_quote("😀 совет", 0, "совет"), Some((3, 8)), "UTF-16 offsets");
}

/// The text as read is printed with typography: words selected there are found in the stored text.
#[test]
fn quotes_selected_in_the_printed_text_are_found_in_the_stored_one() {
    let text = "Создать совет \"Молодёжь - 2026\" при главе";
    let printed = "Создать совет «Молодёжь\u{a0}— 2026» при главе";
    assert_eq!(crate::typography::typograph(text), printed);
    let at = |s: &str| text.encode_utf16().count() as u32 - s.encode_utf16().count() as u32;
    let (s, e) = locate_quote(text, 14, "«Молодёжь\u{a0}— 2026»").expect("the printed words");
    let stored: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&stored[s as usize..e as usize]), "\"Молодёжь - 2026\"");
    assert_eq!((s, e), (14, at(" при главе")));
    assert_eq!(locate_quote(text, 14, "\"Молодёжь - 2026\""), Some((s, e)), "as stored, too");
    assert_eq!(locate_quote(text, 14, "«Молодёжь – 2026»"), None, "another dash is other words");
}

#[test]
fn a_change_names_its_kind_in_json_and_is_numbered_in_postcard() {
    let changes = [
        Change::Replace { item: ItemId::parse("i1").unwrap(), text: "Провести семинар.".into() },
        Change::Insert {
            after: ItemId::parse("i2").unwrap(),
            text: "Издать сборник.".into(),
            addressee: "Минобр".into(),
        },
        Change::Delete { item: ItemId::parse("i3").unwrap() },
    ];
    let json = serde_json::to_value(&changes[0]).unwrap();
    assert_eq!(json, serde_json::json!({ "kind": "replace", "item": "i1", "text": "Провести семинар." }));
    for change in changes {
        let json = serde_json::to_string(&change).unwrap();
        assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), change);
        let bytes = postcard::to_allocvec(&change).unwrap();
        assert_eq!(postcard::from_bytes::<Change>(&bytes).unwrap(), change, "{json}");
    }
}
