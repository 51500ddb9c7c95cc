use super::*;
use crate::document::Direction;
use crate::importer::import_with;
use proptest::prelude::*;
use yrs::updates::decoder::Decode;
use yrs::{Array, Map, StateVector, Transact, Update};

fn fixture() -> Document {
    let source = include_str!("../../tests/fixtures/seminar-2021-blagoveshchensk.md");
    import_with(source, &mut fastrand::Rng::with_seed(1)).document
}

fn load(state: &[u8], client: u64) -> Doc {
    let doc = new_doc_with_client(client);
    doc.transact_mut().apply_update(Update::decode_v1(state).unwrap()).unwrap();
    doc
}

fn state_of(doc: &Doc) -> Vec<u8> {
    doc.transact().encode_state_as_update_v1(&StateVector::default())
}

fn sync(a: &Doc, b: &Doc) {
    let ua = a.transact().encode_state_as_update_v1(&b.transact().state_vector());
    let ub = b.transact().encode_state_as_update_v1(&a.transact().state_vector());
    b.transact_mut().apply_update(Update::decode_v1(&ua).unwrap()).unwrap();
    a.transact_mut().apply_update(Update::decode_v1(&ub).unwrap()).unwrap();
}

fn document_of(doc: &Doc) -> Document {
    let roots = Roots::of(doc);
    read(&doc.transact(), &roots)
}

fn change(doc: &Doc, f: impl FnOnce(&mut Document)) {
    let roots = Roots::of(doc);
    let mut target = document_of(doc);
    f(&mut target);
    reconcile(&mut doc.transact_mut(), &roots, &target);
}

#[test]
fn the_fixture_survives_the_shared_form() {
    let doc = fixture();
    let state = encode(&doc, "L1");
    assert_eq!(decode(&state).unwrap(), doc);
    let shared = load(&state, 1);
    let roots = Roots::of(&shared);
    assert_eq!(lineage(&shared.transact(), &roots), "L1");
}

#[test]
fn splices_are_minimal_and_in_utf16_units() {
    assert_eq!(Splice::between("abc", "abc"), None);
    assert_eq!(Splice::between("мир", "миръ"), Some(Splice { at: 3, delete: 0, insert: "ъ".into() }));
    assert_eq!(Splice::between("a😀b", "a😀cb"), Some(Splice { at: 3, delete: 0, insert: "c".into() }));
    assert_eq!(Splice::between("aaa", "aa"), Some(Splice { at: 2, delete: 1, insert: String::new() }));
    assert_eq!(Splice::between("один два", "один три"), Some(Splice { at: 5, delete: 3, insert: "три".into() }));
}

#[test]
fn concurrent_edits_of_one_item_keep_both_contributions() {
    let state = encode(&fixture(), "L");
    let (a, b) = (load(&state, 1), load(&state, 2));
    let id = fixture().sections.iter().find(|s| s.kind == SectionKind::Recommendations).unwrap().items[0].id.clone();
    change(&a, |d| {
        let (_, item) = d.find_item(&id).unwrap();
        let text = format!("АААА {}", item.text);
        let addressee = item.addressee.clone();
        d.set_item(&id, &text, &addressee).unwrap();
    });
    change(&b, |d| {
        let (_, item) = d.find_item(&id).unwrap();
        let text = format!("{} ББББ", item.text);
        let addressee = item.addressee.clone();
        d.set_item(&id, &text, &addressee).unwrap();
    });
    sync(&a, &b);
    let (da, db) = (document_of(&a), document_of(&b));
    assert_eq!(da, db);
    let text = &da.find_item(&id).unwrap().1.text;
    assert!(text.starts_with("АААА ") && text.ends_with(" ББББ"), "{text}");
}

#[test]
fn a_move_and_a_concurrent_edit_elsewhere_both_land() {
    let state = encode(&fixture(), "L");
    let (a, b) = (load(&state, 1), load(&state, 2));
    let rec = fixture().sections.iter().find(|s| s.kind == SectionKind::Recommendations).unwrap().clone();
    let (first, last) = (rec.items[0].id.clone(), rec.items.last().unwrap().id.clone());
    change(&a, |d| d.move_item(&first, Direction::Down).unwrap());
    change(&b, |d| d.set_item(&last, "новый текст", "").unwrap());
    sync(&a, &b);
    let merged = document_of(&a);
    assert_eq!(merged, document_of(&b));
    let items = &merged.sections.iter().find(|s| s.id == rec.id).unwrap().items;
    assert_eq!(items[1].id, first);
    assert_eq!(items.last().unwrap().text, "новый текст");
    assert_eq!(items.len(), rec.items.len());
}

#[test]
fn garbage_from_a_stock_client_reads_as_nothing_rather_than_failing() {
    let doc = new_doc();
    let roots = Roots::of(&doc);
    {
        let mut txn = doc.transact_mut();
        roots.sections.push_back(&mut txn, "not a map");
        roots.sections.push_back(&mut txn, MapPrelim::from([("id", "bad id;")]));
        roots.header.insert(&mut txn, "starts_on", 42);
    }
    let read = document_of(&doc);
    assert!(read.sections.is_empty());
    assert_eq!(read.header.starts_on(), None);
}

fn edit(rng: &mut fastrand::Rng, d: &mut Document) {
    let sections: Vec<ItemId> = d.sections.iter().map(|s| s.id.clone()).collect();
    let items: Vec<ItemId> = d.sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.clone())).collect();
    match rng.u8(..6) {
        0 if !sections.is_empty() => {
            let _ = d.add_item(&sections[rng.usize(..sections.len())], "новый пункт", rng);
        }
        1 if !items.is_empty() => {
            let _ = d.remove_item(&items[rng.usize(..items.len())]);
        }
        2 if !items.is_empty() => {
            let dir = if rng.bool() { Direction::Up } else { Direction::Down };
            let _ = d.move_item(&items[rng.usize(..items.len())], dir);
        }
        3 => {
            d.add_section(SectionKind::Other, rng);
        }
        _ if !items.is_empty() => {
            let id = &items[rng.usize(..items.len())];
            let old = d.find_item(id).unwrap().1.text.clone();
            let cut =
                old.char_indices().map(|(i, _)| i).nth(rng.usize(..=old.chars().count().min(5))).unwrap_or(old.len());
            let new = format!("{}ё{}", &old[..cut], &old[cut..]);
            let _ = d.set_item(id, &new, "");
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]
    /// Replicas that edit the document structure and text concurrently converge, and each replica's reading
    /// is a valid document.
    #[test]
    fn replicas_converge(seed in any::<u64>(), rounds in 1usize..6) {
        let state = encode(&fixture(), "L");
        let docs: Vec<Doc> = (1..=3).map(|c| load(&state, c)).collect();
        let mut rng = fastrand::Rng::with_seed(seed);
        for _ in 0..rounds {
            for doc in &docs {
                for _ in 0..rng.usize(1..4) {
                    change(doc, |d| edit(&mut rng, d));
                }
            }
            let (i, j) = (rng.usize(..3), rng.usize(..3));
            sync(&docs[i], &docs[j]);
        }
        sync(&docs[0], &docs[1]);
        sync(&docs[1], &docs[2]);
        sync(&docs[0], &docs[1]);
        let first = document_of(&docs[0]);
        prop_assert_eq!(&first, &document_of(&docs[1]));
        prop_assert_eq!(&first, &document_of(&docs[2]));
        prop_assert_eq!(decode(&state_of(&docs[0])).unwrap(), first);
    }
}

mod anchors {
    use super::*;
    use crate::ydoc::anchor::{anchor, item_text, resolve, Place};

    /// A document with one item "Провести семинар по вопросам ТОС." and the anchor of "семинар".
    fn setup() -> (Doc, ItemId, anchor::Anchor) {
        let mut doc = fixture();
        let id = doc.sections.iter().flat_map(|s| s.items.iter()).next().unwrap().id.clone();
        doc.set_item(&id, "Провести семинар по вопросам ТОС.", "").unwrap();
        let ydoc = load(&encode(&doc, "l"), 1);
        let roots = Roots::of(&ydoc);
        let a = anchor(&ydoc.transact(), &roots, &id, 9, 16).unwrap();
        (ydoc, id, a)
    }

    fn place(doc: &Doc, id: &ItemId, a: &anchor::Anchor) -> Place {
        let roots = Roots::of(doc);
        let txn = doc.transact();
        resolve(&txn, &roots, id, a)
    }

    fn edit(doc: &Doc, id: &ItemId, f: impl FnOnce(&mut TransactionMut, &TextRef)) {
        let roots = Roots::of(doc);
        let text = item_text(&doc.transact(), &roots, id).unwrap();
        f(&mut doc.transact_mut(), &text);
    }

    fn words(p: Place) -> String {
        match p {
            Place::Range { words, .. } => words,
            Place::Removed => "<removed>".into(),
        }
    }

    #[test]
    fn stays_on_its_words_through_edits_around_it() {
        let (doc, id, a) = setup();
        assert_eq!(place(&doc, &id, &a), Place::Range { start: 9, end: 16, words: "семинар".into() });
        edit(&doc, &id, |t, text| text.insert(t, 0, "Срочно "));
        assert_eq!(words(place(&doc, &id, &a)), "семинар", "insert before");
        edit(&doc, &id, |t, text| text.insert(t, 16, "ский"));
        assert_eq!(words(place(&doc, &id, &a)), "семинар", "insert at the start edge stays outside");
        edit(&doc, &id, |t, text| text.insert(t, 27, " большой"));
        assert_eq!(words(place(&doc, &id, &a)), "семинар", "insert at the end edge stays outside");
        edit(&doc, &id, |t, text| text.insert(t, 24, "--"));
        assert_eq!(words(place(&doc, &id, &a)), "семи--нар", "insert inside grows the range");
    }

    #[test]
    fn concurrent_edits_from_another_replica_keep_it() {
        let (doc, id, a) = setup();
        let other = load(&state_of(&doc), 2);
        edit(&other, &id, |t, text| text.insert(t, 0, "Ещё раз: "));
        edit(&doc, &id, |t, text| text.insert(t, 33, " и СО НКО"));
        sync(&doc, &other);
        assert_eq!(words(place(&other, &id, &a)), "семинар");
        assert_eq!(words(place(&doc, &id, &a)), "семинар");
    }

    #[test]
    fn deleting_the_words_or_the_item_marks_it_removed() {
        let (doc, id, a) = setup();
        edit(&doc, &id, |t, text| text.remove_range(t, 10, 3));
        assert_eq!(words(place(&doc, &id, &a)), "снар", "a partial deletion shrinks the range");
        edit(&doc, &id, |t, text| text.remove_range(t, 5, 15));
        assert_eq!(place(&doc, &id, &a), Place::Removed);
        let (doc, id, a) = setup();
        change(&doc, |d| d.remove_item(&id).unwrap());
        assert_eq!(place(&doc, &id, &a), Place::Removed);
    }

    #[test]
    fn empty_or_outside_ranges_are_not_anchored() {
        let (doc, id, _) = setup();
        let roots = Roots::of(&doc);
        let txn = doc.transact();
        assert!(anchor(&txn, &roots, &id, 3, 3).is_none());
        assert!(anchor(&txn, &roots, &id, 3, 400).is_none());
        assert!(anchor(&txn, &roots, &ItemId::parse("nothere").unwrap(), 0, 1).is_none());
    }
}

#[test]
fn field_keys_name_the_texts_of_every_part() {
    let mut rng = fastrand::Rng::with_seed(11);
    let mut d = Document::blank(Header { title: "T".into(), ..Default::default() }, &mut rng);
    let table = d.add_section(SectionKind::Table, &mut rng);
    let row = d.insert_blank_item(&table, None, &mut rng).unwrap();
    d.set_cells(&row, &["1".into(), "Изменить зону".into()]).unwrap();
    d.set_section_addressee(&d.sections[2].id.clone(), "Правительству").unwrap();
    let doc = new_doc();
    let roots = Roots::of(&doc);
    reconcile(&mut doc.transact_mut(), &roots, &d);
    let txn = doc.transact();
    let text = |key: &str| field_text(&txn, &roots, key).map(|t| t.get_string(&txn));
    assert_eq!(text(&Field::Cell(row.clone(), 1).key()).as_deref(), Some("Изменить зону"));
    assert_eq!(text(&Field::SectionAddressee(d.sections[2].id.clone()).key()).as_deref(), Some("Правительству"));
    assert_eq!(text(&Field::LeadIn(d.sections[0].id.clone()).key()), Some(d.sections[0].lead_in.clone()));
    assert_eq!(text(&Field::Cell(row.clone(), 9).key()), None);
    assert_eq!(text("nonsense"), None);
    for field in [
        Field::LeadIn(row.clone()),
        Field::SectionAddressee(row.clone()),
        Field::Text(row.clone()),
        Field::Addressee(row.clone()),
        Field::Cell(row.clone(), 3),
    ] {
        assert_eq!(Field::parse(&field.key()), Some(field));
    }
    assert_eq!(Field::parse(&format!("item:{row}:cell{}", crate::document::COLUMNS_MAX)), None);
}
