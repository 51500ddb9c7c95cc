use super::*;
use crate::document::{DocumentKind, Header, Item, ItemId, Layout, SectionKind, VoteResult};
use crate::event::{EventKind, ParticipantCategory};
use crate::importer::import_with;
use crate::statistics::{CategoryCount, Statistics};
use proptest::prelude::*;

fn reimport(doc: &Document) -> Document {
    import_with(&export(doc), &mut fastrand::Rng::with_seed(3)).document
}

#[test]
fn fixture_round_trips() {
    let source = include_str!("../../tests/fixtures/seminar-2021-blagoveshchensk.md");
    let first = import_with(source, &mut fastrand::Rng::with_seed(1)).document;
    let md = export(&first);
    assert!(
        md.starts_with("# РЕКОМЕНДАЦИИ\n\nсеминара по обмену опытом\n\n«Формы и методы межсекторного взаимодействия»")
    );
    assert!(md.contains("\n1. Министерству экономики и внешних связей проанализировать"));
    assert!(md.trim_end().ends_with("Голосовали : \"ЗА\" - 25 чел.\n\"Против\" нет\n\"Воздержались\" нет"), "{md}");
    assert_eq!(reimport(&first).without_ids(), first.without_ids());
}

#[test]
fn structural_looking_paragraphs_are_escaped() {
    let mut rng = fastrand::Rng::with_seed(5);
    let mut doc = Document::default();
    doc.header.title = "Тема".into();
    let mut section = Section::new(SectionKind::Narrative, String::new(), &mut rng);
    section.items = [
        "Вступление.",
        "- похоже на пункт",
        "Голосовали: за – 3",
        "Участники рекомендуют:",
        "СЛУШАЛИ: Иванову",
        "Секретарь И.И. Петрова",
        "| не | таблица |",
        "Правительству Российской Федерации:",
    ]
    .iter()
    .map(|t| Item::new(t.to_string(), &mut rng))
    .collect();
    doc.sections.push(section);
    let md = export(&doc);
    assert!(md.contains("\n\\- похоже на пункт\n"), "{md}");
    assert_eq!(reimport(&doc).without_ids(), doc.without_ids(), "{md}");
}

const WORDS: [&str; 12] = [
    "опыт",
    "взаимодействия",
    "территорий",
    "поддержка",
    "проектов",
    "развитие",
    "общественности",
    "программ",
    "муниципальных",
    "практика",
    "партнёрства",
    "населения",
];
const ADDRESSEES: [&str; 5] = [
    "Министерству экономики и внешних связей",
    "Муниципальным образованиям",
    "Правительству Амурской области",
    "Органам местного самоуправления",
    "Администрации города",
];
const VERBS: [&str; 5] = ["проанализировать", "обеспечить", "провести", "учесть", "развивать"];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(&WORDS[..]), n).prop_map(|w| w.join(" "))
}

fn sentence() -> impl Strategy<Value = String> {
    words(2..8).prop_map(|w| {
        let mut c = w.chars();
        let first = c.next().unwrap().to_uppercase().collect::<String>();
        format!("{first}{}.", c.as_str())
    })
}

const HEADINGS: [&str; 8] = [
    "РЕКОМЕНДАЦИИ",
    "РЕЗОЛЮЦИЯ",
    "ИТОГОВЫЙ ДОКУМЕНТ",
    "Решение",
    "ЗАКЛЮЧЕНИЕ",
    "ПРОТОКОЛ",
    "Резолюция",
    "Итоговый документ",
];
const DATES: [&str; 6] = [
    "27 января 2021 г.",
    "от 28.01.2021",
    "20.10.2017г.",
    "15 ноября 2022 года",
    "\"24\" ноября 2021 г.",
    "26–27 мая 2022 г.",
];
const PLACES: [&str; 5] = ["г. Благовещенск", "с. Бутырки", "город Серов", "Москва", "п. Теплое"];
const COLUMNS: [&str; 5] = ["№", "Предложение", "Кем внесено", "Решение", "Обоснование"];
const SIGNATURES: [&str; 3] =
    ["Председатель И.И. Иванов", "Секретарь Н.А. Антонова", "Председатель оргкомитета Н.В. Новикова"];

/// An item of a kind of section: (text, addressee, depth), or a row's cells for a table.
fn item(kind: SectionKind) -> BoxedStrategy<(String, String, u8, Vec<String>)> {
    match kind {
        SectionKind::Table => proptest::collection::vec(
            prop_oneof![words(0..4), Just("_".to_string()), words(1..3).prop_map(|w| format!("{w} | да"))],
            COLUMNS.len(),
        )
        .prop_filter("a row says something", |cells| cells.iter().any(|c| !c.is_empty()))
        .prop_map(|cells| (String::new(), String::new(), 0, cells))
        .boxed(),
        SectionKind::Signatures => proptest::sample::select(&SIGNATURES[..])
            .prop_map(|s| (s.to_string(), String::new(), 0, Vec::new()))
            .boxed(),
        SectionKind::Narrative | SectionKind::Heard | SectionKind::Speeches => {
            // Also a paragraph that would go on a subject above it, or close a quote opened there.
            prop_oneof![4 => sentence(), 1 => words(1..5), 1 => words(1..4).prop_map(|w| format!("{w}»"))]
                .prop_map(|s| (s, String::new(), 0, Vec::new()))
                .boxed()
        }
        _ => (
            words(1..6),
            proptest::option::of(proptest::sample::select(&ADDRESSEES[..])),
            proptest::sample::select(&VERBS[..]),
            0u8..2,
        )
            .prop_map(move |(text, addressee, verb, depth)| {
                let depth = if kind.layout() == Layout::Paragraphs { 0 } else { depth };
                match (kind.recommends(), addressee) {
                    (true, Some(a)) => (format!("{verb} {text}."), a.to_string(), depth, Vec::new()),
                    (true, None) => {
                        let mut c = verb.chars();
                        (
                            format!("{}{} {text}.", c.next().unwrap().to_uppercase(), c.as_str()),
                            String::new(),
                            depth,
                            Vec::new(),
                        )
                    }
                    _ => (format!("{text};"), String::new(), depth, Vec::new()),
                }
            })
            .boxed(),
    }
}

type Items = Vec<(String, String, u8, Vec<String>)>;

/// A section: its kind, items, whether it stands under an addressee heading, and a vote on it.
fn section() -> impl Strategy<Value = (SectionKind, Items, bool, Option<VoteResult>)> {
    proptest::sample::select(&SectionKind::ALL[..]).prop_flat_map(|kind| {
        let min = match kind {
            SectionKind::Narrative | SectionKind::Other | SectionKind::Signatures => 1,
            _ => 0,
        };
        let vote = if kind == SectionKind::Decisions { vote().boxed() } else { Just(None).boxed() };
        (Just(kind), proptest::collection::vec(item(kind), min..4), any::<bool>(), vote)
    })
}

fn statistics() -> impl Strategy<Value = Statistics> {
    let category = (proptest::sample::select(&ParticipantCategory::ALL[..]), 1u32..40, any::<bool>());
    (
        proptest::option::of(1u32..500),
        proptest::collection::vec(category, 0..4),
        proptest::option::of(0u32..50),
        proptest::option::of(0u32..50),
        proptest::option::of(0u32..50),
    )
        .prop_map(|(total, cats, speakers, discussion, questions)| {
            let mut seen = Vec::new();
            let categories = if total.is_some() { cats } else { Vec::new() }
                .into_iter()
                .filter(|(c, _, _)| {
                    let fresh = !seen.contains(c);
                    seen.push(*c);
                    fresh
                })
                .map(|(category, count, with_note)| CategoryCount {
                    category,
                    count,
                    note: if with_note && category == ParticipantCategory::Guest {
                        "из Хабаровска".into()
                    } else {
                        String::new()
                    },
                })
                .collect();
            Statistics { total, categories, speakers, discussion, questions }
        })
}

fn vote() -> impl Strategy<Value = Option<VoteResult>> {
    proptest::option::of(
        (
            proptest::option::of(0u32..100),
            proptest::option::of(0u32..10),
            proptest::option::of(0u32..10),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(in_favour, against, abstained, unanimous, worded)| {
                let mut vote = VoteResult { in_favour, against, abstained, unanimous, wording: String::new() };
                if let (true, Some(f), Some(a)) = (worded, in_favour, against) {
                    vote.wording = format!("За – {f}, против – {a}");
                    vote.abstained = None;
                    vote.unanimous = false;
                }
                vote
            })
            .prop_filter("a vote says something", |v| !v.is_empty()),
    )
}

/// Whether the importer reads the paragraphs after a section as its own (a protocol's part without its vote).
fn takes_what_follows(section: &Section) -> bool {
    section.vote.is_none() && section.kind.takes_following_paragraphs()
}

prop_compose! {
    fn document()(
        heading in proptest::sample::select(&HEADINGS[..]),
        kind in proptest::sample::select(&EventKind::ALL[..]),
        topic in words(0..3),
        title in proptest::option::of(prop_oneof![
            3 => words(1..5),
            1 => words(1..4).prop_map(|w| format!("Об утверждении {w}")),
            1 => words(1..3).prop_map(|w| format!("О {w} «{w}")),
        ]),
        number in proptest::option::of(1u32..300),
        date in proptest::option::of(proptest::sample::select(&DATES[..])),
        place in proptest::option::of(proptest::sample::select(&PLACES[..])),
        stats in statistics(),
        sections in proptest::collection::vec(section(), 0..7),
        vote in vote(),
        seed in any::<u64>(),
    ) -> Document {
        let mut rng = fastrand::Rng::with_seed(seed);
        let event_line = if topic.is_empty() { kind.genitive().to_string() } else { format!("{} по {topic}", kind.genitive()) };
        let header = Header {
            kind: DocumentKind::opening(heading).map(|(k, _)| k).unwrap_or_default(),
            doc_kind: heading.to_string(),
            event_kind: EventKind::named_in(&event_line).or(Some(kind)).filter(|_| kind != EventKind::Other),
            event_line: if kind == EventKind::Other { String::new() } else { event_line },
            title: title.map(|t| { let mut c = t.chars(); format!("{}{}", c.next().unwrap().to_uppercase(), c.as_str()) }).unwrap_or_default(),
            number: number.map(|n| format!("№ {n}")).unwrap_or_default(),
            // A place without a settlement word is read only beside a date or a title.
            place: place.filter(|p| *p != "Москва" || date.is_some()).unwrap_or_default().to_string(),
            date: date.unwrap_or_default().to_string(),
        };
        let mut header = header;
        // A protocol says it records a meeting when nothing names the event.
        if header.event_kind.is_none() && header.kind == DocumentKind::Protocol {
            header.event_kind = Some(EventKind::Meeting);
        }
        let mut doc = Document { header, statistics: stats.clone(), sections: Vec::new(), vote };
        let stats_paragraph = stats.paragraph(doc.header.event_kind.unwrap_or(EventKind::Other));
        let mut all = sections;
        if !stats_paragraph.is_empty() {
            all.insert(0, (SectionKind::Narrative, vec![(stats_paragraph, String::new(), 0, Vec::new())], false, None));
        }
        for (kind, items, under_addressee, section_vote) in all {
            let mut top = false;
            let items: Vec<Item> = items.into_iter().map(|(text, addressee, depth, cells)| {
                // A sub-item stands under an item.
                let depth = if top { depth } else { 0 };
                top |= depth == 0;
                Item { id: ItemId::random(&mut rng), text, addressee, depth, cells }
            }).collect();
            let last = doc.sections.last();
            if last.is_some_and(takes_what_follows) && kind == SectionKind::Narrative {
                continue;
            }
            // A table right after a lead-in with nothing under it takes that lead-in as its own.
            if kind == SectionKind::Table && last.is_some_and(|s| s.items.is_empty() && s.kind != SectionKind::Narrative) {
                continue;
            }
            match doc.sections.last_mut() {
                Some(last) if last.kind == SectionKind::Narrative && kind == SectionKind::Narrative => last.items.extend(items),
                Some(last) if last.kind == SectionKind::Signatures && kind == SectionKind::Signatures => last.items.extend(items),
                // An addressee heading right under a lead-in with nothing after it belongs to that lead-in.
                Some(last) if kind == SectionKind::Recommendations && under_addressee && last.kind == kind
                    && last.items.is_empty() && last.addressee.is_empty() && last.vote.is_none() => {
                    last.addressee = "Правительству Российской Федерации".into();
                    last.items = items;
                }
                _ => {
                    let lead_in = match kind {
                        SectionKind::Other => "Дополнительно участники обсудили:".to_string(),
                        SectionKind::Table if under_addressee => "Предложения и замечания участников:".to_string(),
                        _ => kind.default_lead_in(doc.header.event_kind),
                    };
                    let follows_recommendations = doc.sections.iter().rev().find(|s| s.kind != SectionKind::Narrative)
                        .is_some_and(|s| s.kind == SectionKind::Recommendations);
                    let mut section = Section::new(kind, lead_in, &mut rng);
                    if kind == SectionKind::Recommendations && under_addressee && follows_recommendations {
                        section.lead_in.clear();
                        section.addressee = "Правительству Российской Федерации".into();
                    }
                    if kind == SectionKind::Table {
                        section.columns = COLUMNS.iter().map(|c| c.to_string()).collect();
                    }
                    section.items = items;
                    section.vote = section_vote;
                    doc.sections.push(section);
                }
            }
        }
        // A vote after decisions that have none is read as theirs.
        if doc.sections.last().is_some_and(|s| s.kind == SectionKind::Decisions && s.vote.is_none()) {
            doc.vote = None;
        }
        doc
    }
}

proptest! {
    // `make fuzz` runs more cases (`FUZZ_CASES`).
    #![proptest_config(ProptestConfig::with_cases(std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)))]
    #[test]
    fn export_imports_back_to_the_same_document(doc in document()) {
        let back = reimport(&doc);
        prop_assert_eq!(back.without_ids(), doc.without_ids(), "markdown:\n{}", export(&doc));
    }
}

#[test]
fn a_table_of_one_column_reads_back_as_one() {
    let mut rng = fastrand::Rng::with_seed(8);
    let mut doc = Document::default();
    doc.header.doc_kind = "ЗАКЛЮЧЕНИЕ".into();
    doc.header.kind = DocumentKind::Conclusion;
    let table = doc.add_section(SectionKind::Table, &mut rng);
    doc.set_columns(&table, &["Решение".into()]).unwrap();
    let row = doc.insert_blank_item(&table, None, &mut rng).unwrap();
    doc.set_cells(&row, &["Одобрить | с оговорками".into()]).unwrap();
    let md = export(&doc);
    assert!(md.contains("| Решение |\n|---|\n| Одобрить \\| с оговорками |"), "{md}");
    assert_eq!(reimport(&doc).without_ids(), doc.without_ids(), "{md}");
}
