//! The layout every kind is printed in, shared by the Word file and the PDF.

use super::*;
use std::collections::BTreeSet;

/// The real documents of `app/domain/tests/fixtures/real/` (every one there, read when the tests run), and
/// the seminar's recommendations.
pub(crate) fn real() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/domain/tests/fixtures/real");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the real fixtures")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_stem().expect("a name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("a fixture's text"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 16, "{} real fixtures", out.len());
    out.push(("seminar-2021-blagoveshchensk".to_string(), crate::demo::FIXTURE.to_string()));
    out
}

/// A real document by the first word of its file name.
pub(crate) fn fixture(start: &str) -> String {
    real().into_iter().find(|(name, _)| name.starts_with(start)).map(|(_, source)| source).expect("a fixture")
}

/// The words of a text: runs of letters and digits.
pub(crate) fn words_of(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The words of a document's Markdown export: what no printed form may lose.
pub(crate) fn markdown_words(doc: &Document) -> BTreeSet<String> {
    words_of(&accord_domain::markdown::export(doc))
}

fn paras(blocks: &[Block]) -> Vec<&Para> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect()
}

fn find<'a>(blocks: &'a [Block], start: &str) -> &'a Para {
    paras(blocks).into_iter().find(|p| p.text.starts_with(start)).unwrap_or_else(|| panic!("«{start}» in {blocks:#?}"))
}

fn text_of(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Para(p) => out.push(p.text.clone()),
            Block::Table(t) => {
                out.extend(t.columns.iter().cloned());
                out.extend(t.rows.iter().flatten().cloned());
            }
        }
    }
    out.join("\n")
}

#[test]
fn no_word_of_a_real_document_is_lost_in_the_layout() {
    for (name, source) in real() {
        let doc = accord_domain::import(&source).document;
        let laid = words_of(&text_of(&layout(&doc)));
        let missing: Vec<_> = markdown_words(&doc).difference(&laid).cloned().collect();
        assert!(missing.is_empty(), "{name}: {missing:?}");
    }
}

#[test]
fn a_protocol_has_its_cues_decisions_vote_and_signatures() {
    let doc = accord_domain::import(&fixture("serov")).document;
    let blocks = layout(&doc);
    let head = find(&blocks, "ВЫПИСКА ИЗ ПРОТОКОЛА");
    assert_eq!((head.style, head.align), (Style::Bold, Align::Centre));
    assert_eq!(find(&blocks, "ПУБЛИЧНЫХ СЛУШАНИЙ").align, Align::Centre);
    let date = find(&blocks, "04 июля 2016 года");
    assert_eq!((date.style, date.align), (Style::Italic, Align::Centre));
    for cue in ["СЛУШАЛИ:", "РЕШИЛИ:"] {
        let p = find(&blocks, cue);
        assert_eq!((p.style, p.indent, p.keep_next), (Style::Bold, 0, true), "{cue}");
        assert!(p.space_before >= SPACE_CUE, "{cue}");
    }
    let heard = find(&blocks, "О проекте решения Думы");
    assert_eq!((heard.style, heard.align, heard.indent), (Style::Plain, Align::Justify, 1));
    let decided = find(&blocks, "1.\u{a0}Одобрить проект");
    assert_eq!(decided.indent, 1);
    assert!(find(&blocks, "2.\u{a0}Опубликовать").text.ends_with("в сети Интернет."));
    let texts: Vec<&str> = paras(&blocks).iter().map(|p| p.text.as_str()).collect();
    let vote = texts.iter().position(|t| t.starts_with("(Результаты голосования")).expect("the vote");
    assert_eq!(texts[vote], "(Результаты голосования: «за»\u{a0}— 37, «против»\u{a0}— 1)", "typographed as written");
    assert!(texts[vote - 1].starts_with("2.\u{a0}Опубликовать"), "the vote follows the decisions it is on");
    let chair = find(&blocks, "Председательствующий");
    assert_eq!((chair.align, chair.indent, chair.style), (Align::Left, 0, Style::Plain));
    assert!(chair.space_before >= SPACE_SIGNATURES);
    let secretary = find(&blocks, "Секретарь");
    assert_eq!((secretary.align, secretary.space_before), (Align::Left, 0.0));
    assert!(texts.iter().position(|t| t.starts_with("Секретарь")) > Some(vote));
}

#[test]
fn a_conclusion_prints_its_table_with_headings_and_rows() {
    let doc = accord_domain::import(&fixture("butyrki")).document;
    let blocks = layout(&doc);
    let tables: Vec<&Table> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Para(_) => None,
        })
        .collect();
    assert_eq!(tables.len(), 1);
    let table = tables[0];
    assert!(table.has_heading());
    assert_eq!(table.columns.len(), 3);
    assert_eq!(table.columns[1], "Количество");
    assert_eq!(table.rows, [["Отсутствуют".to_string(), "25".to_string(), String::new()]]);
    assert_eq!(find(&blocks, "ЗАКЛЮЧЕНИЕ").style, Style::Bold);
    assert!(blocks.iter().position(|b| matches!(b, Block::Table(_))) < Some(blocks.len() - 1), "text follows it");
    // The milkovo заключение: its conclusions under their heading, bulleted.
    let doc = accord_domain::import(&fixture("milkovo")).document;
    let blocks = layout(&doc);
    let heading = find(&blocks, "Выводы о результатах публичных слушаний:");
    assert_eq!((heading.style, heading.indent), (Style::Bold, 0));
    assert_eq!(find(&blocks, "—\u{a0}Рекомендовать главе").indent, 1);
    assert!(blocks.iter().all(|b| matches!(b, Block::Para(_))));
}

#[test]
fn rows_are_filled_out_to_the_widest_and_headings_may_be_missing() {
    let mut rng = fastrand::Rng::with_seed(3);
    let mut s = Section::new(SectionKind::Table, String::new(), &mut rng);
    s.columns = vec!["№".into(), "Предложение".into()];
    s.items.push(accord_domain::Item::row(vec!["1".into(), "Учесть \"замечание\"".into(), "лишнее".into()], &mut rng));
    s.items.push(accord_domain::Item::row(vec!["2".into()], &mut rng));
    let t = table(&s);
    assert_eq!(t.columns, ["№", "Предложение", ""]);
    assert_eq!(t.rows, [vec!["1", "Учесть «замечание»", "лишнее"], vec!["2", "", ""]]);
    s.columns.clear();
    assert!(!table(&s).has_heading());
}

#[test]
fn recommendations_stand_under_their_addressee_and_the_vote_ends_the_document() {
    let mut doc = accord_domain::import(&fixture("seminar")).document;
    let recs = doc.sections.iter_mut().find(|s| s.kind == SectionKind::Recommendations).unwrap();
    recs.addressee = "Правительству Амурской области".into();
    let blocks = layout(&doc);
    let heading = find(&blocks, "Правительству Амурской области:");
    assert_eq!((heading.style, heading.indent, heading.keep_next), (Style::Bold, 1, true));
    let lead_in = find(&blocks, "Участники семинара рекомендуют");
    assert_eq!((lead_in.style, lead_in.indent), (Style::Plain, 1), "a sentence, not a cue");
    assert_eq!(find(&blocks, "1.\u{a0}Министерству экономики").indent, 1);
    // The vote, a paragraph per line as the text words it, ends the document.
    let texts: Vec<&str> = paras(&blocks).iter().map(|p| p.text.as_str()).collect();
    let vote = texts.iter().position(|t| t.starts_with("Голосовали")).expect("the vote");
    assert!(find(&blocks, "Голосовали").space_before >= SPACE_VOTE);
    assert_eq!(texts[vote..], ["Голосовали : «ЗА»\u{a0}— 25\u{a0}чел.", "«Против» нет", "«Воздержались» нет"]);
    let title = find(&blocks, "«Формы и методы");
    assert_eq!((title.style, title.align), (Style::Bold, Align::Centre));
    assert_eq!(find(&blocks, "г.\u{a0}Благовещенск").align, Align::Centre);
}
