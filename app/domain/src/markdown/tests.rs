use super::*;
use crate::date::Date;
use crate::document::{Header, Item, ItemId, VoteResult};
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
    assert!(md.trim_end().ends_with("Голосовали: «ЗА» — 25\u{a0}чел., «Против» — нет, «Воздержались» — нет"));
    assert_eq!(reimport(&first).without_ids(), first.without_ids());
}

#[test]
fn structural_looking_paragraphs_are_escaped() {
    let mut rng = fastrand::Rng::with_seed(5);
    let mut doc = Document::default();
    doc.header.title = "Тема".into();
    doc.sections.push(Section {
        id: ItemId::random(&mut rng),
        kind: SectionKind::Narrative,
        lead_in: String::new(),
        items: ["Вступление.", "- похоже на пункт", "Голосовали: за – 3", "Участники рекомендуют:"]
            .iter()
            .map(|t| Item { id: ItemId::random(&mut rng), text: t.to_string(), addressee: String::new(), depth: 0 })
            .collect(),
    });
    let md = export(&doc);
    assert!(md.contains("\n\\- похоже на пункт\n"), "{md}");
    assert_eq!(reimport(&doc).without_ids(), doc.without_ids());
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
const CITIES: [&str; 4] = ["Благовещенск", "Тында", "Белогорск", "Свободный"];

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

fn item(kind: SectionKind) -> impl Strategy<Value = (String, String, u8)> {
    (
        words(1..6),
        proptest::option::of(proptest::sample::select(&ADDRESSEES[..])),
        proptest::sample::select(&VERBS[..]),
        0u8..2,
    )
        .prop_map(move |(text, addressee, verb, depth)| match (kind, addressee) {
            (SectionKind::Recommendations, Some(a)) => (format!("{verb} {text}."), a.to_string(), depth),
            (SectionKind::Recommendations, None) => {
                let mut c = verb.chars();
                (format!("{}{} {text}.", c.next().unwrap().to_uppercase(), c.as_str()), String::new(), depth)
            }
            _ => (format!("{text};"), String::new(), depth),
        })
}

fn section() -> impl Strategy<Value = (SectionKind, Vec<(String, String, u8)>)> {
    proptest::sample::select(&SectionKind::ALL[..]).prop_flat_map(|kind| {
        let min = if matches!(kind, SectionKind::Narrative | SectionKind::Other) { 1 } else { 0 };
        let items = if kind == SectionKind::Narrative {
            proptest::collection::vec(sentence().prop_map(|s| (s, String::new(), 0u8)), min..4).boxed()
        } else {
            proptest::collection::vec(item(kind), min..5).boxed()
        };
        (Just(kind), items)
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
        )
            .prop_map(|(in_favour, against, abstained, unanimous)| VoteResult {
                in_favour,
                against,
                abstained,
                unanimous,
            })
            .prop_filter("a vote says something", |v| !v.is_empty()),
    )
}

prop_compose! {
    fn document()(
        doc_kind in proptest::sample::select(&["РЕКОМЕНДАЦИИ", "РЕЗОЛЮЦИЯ", "ИТОГОВЫЙ ДОКУМЕНТ"][..]),
        kind in proptest::sample::select(&EventKind::ALL[..]),
        topic in words(0..3),
        title in words(1..5),
        day in 1u8..28, month in 1u8..13, year in 2000u16..2030, span in proptest::option::of(1u8..3),
        city in proptest::option::of(proptest::sample::select(&CITIES[..])),
        stats in statistics(),
        sections in proptest::collection::vec(section(), 0..6),
        vote in vote(),
        seed in any::<u64>(),
    ) -> Document {
        let mut rng = fastrand::Rng::with_seed(seed);
        let starts_on = Date::new(year, month, day);
        let header = Header {
            doc_kind: doc_kind.to_string(),
            event_kind: Some(kind),
            event_line: if topic.is_empty() { kind.genitive().to_string() } else { format!("{} по {topic}", kind.genitive()) },
            title: { let mut c = title.chars(); format!("{}{}", c.next().unwrap().to_uppercase(), c.as_str()) },
            starts_on,
            ends_on: span.and_then(|s| Date::new(year, month, day + s)),
            city: city.unwrap_or_default().to_string(),
        };
        let mut doc = Document { header, statistics: stats.clone(), sections: Vec::new(), vote };
        let stats_paragraph = stats.paragraph(kind);
        let mut all = sections;
        if !stats_paragraph.is_empty() {
            all.insert(0, (SectionKind::Narrative, vec![(stats_paragraph, String::new(), 0)]));
        }
        for (kind, items) in all {
            let items: Vec<Item> = items.into_iter().map(|(text, addressee, depth)| Item {
                id: ItemId::random(&mut rng),
                text,
                addressee,
                depth: if kind == SectionKind::Narrative { 0 } else { depth },
            }).collect();
            match doc.sections.last_mut() {
                Some(last) if last.kind == SectionKind::Narrative && kind == SectionKind::Narrative => last.items.extend(items),
                _ => {
                    let lead_in = match kind {
                        SectionKind::Other => "Дополнительно участники обсудили:".to_string(),
                        _ => kind.default_lead_in(doc.header.event_kind),
                    };
                    doc.sections.push(Section { id: ItemId::random(&mut rng), kind, lead_in, items });
                }
            }
        }
        doc
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn export_imports_back_to_the_same_document(doc in document()) {
        let back = reimport(&doc);
        prop_assert_eq!(back.without_ids(), doc.without_ids(), "markdown:\n{}", export(&doc));
    }
}
