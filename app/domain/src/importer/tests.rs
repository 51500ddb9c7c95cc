use super::*;
use crate::date::Date;
use crate::event::ParticipantCategory;
use crate::text::squash_spaces;

const FIXTURE: &str = include_str!("../../tests/fixtures/seminar-2021-blagoveshchensk.md");

fn read(source: &str) -> Import {
    import_with(source, &mut fastrand::Rng::with_seed(1))
}

fn has(warnings: &[Warning], pred: impl Fn(&WarningKind) -> bool) -> bool {
    warnings.iter().any(|w| pred(&w.kind))
}

#[test]
fn fixture_reads_exactly() {
    let Import { document: d, warnings } = read(FIXTURE);
    let h = &d.header;
    assert_eq!(h.doc_kind, "РЕКОМЕНДАЦИИ");
    assert_eq!(h.event_kind, Some(EventKind::Seminar));
    assert_eq!(h.event_line, "семинара по обмену опытом");
    assert_eq!(h.title, "Формы и методы межсекторного взаимодействия");
    assert_eq!(h.kind, DocumentKind::Recommendations);
    assert_eq!(h.date, "27 января 2021 г.");
    assert_eq!(h.starts_on(), Date::new(2021, 1, 27));
    assert_eq!(h.ends_on(), None);
    assert_eq!(h.place, "г. Благовещенск");

    let s = &d.statistics;
    assert_eq!(s.total, Some(25));
    use ParticipantCategory::*;
    let cats: Vec<_> = s.categories.iter().map(|c| (c.category, c.count)).collect();
    assert_eq!(cats, [(StateBody, 1), (MunicipalAuthority, 10), (MunicipalInstitution, 5), (Ngo, 7), (Guest, 2)]);
    assert_eq!(s.categories[4].note, "из Хабаровска и Биробиджана");
    assert_eq!(s.speakers, Some(13));
    assert_eq!(s.discussion, Some(11));
    assert_eq!(s.questions, Some(12));

    assert_eq!(d.items_of(SectionKind::Findings).count(), 4);
    assert_eq!(d.items_of(SectionKind::Problems).count(), 3);
    let recs: Vec<&Item> = d.items_of(SectionKind::Recommendations).collect();
    assert_eq!(recs.len(), 9);
    assert_eq!(recs[0].addressee, "Министерству экономики и внешних связей");
    assert!(recs[0].text.starts_with("проанализировать опыт Хабаровского края"));
    assert_eq!(recs[1].addressee, "Муниципальным образованиям (муниципальным округам, районам, МКУ и поселениям)");
    assert!(recs[2].addressee.is_empty(), "«Откорректировать …» has no addressee");
    assert_eq!(d.items_of(SectionKind::Narrative).count(), 3);

    let vote = d.vote.clone().unwrap();
    assert_eq!((vote.in_favour, vote.against, vote.abstained, vote.unanimous), (Some(25), Some(0), Some(0), false));
    assert_eq!(vote.wording, "Голосовали : \"ЗА\" - 25 чел.\n\"Против\" нет\n\"Воздержались\" нет");

    assert!(has(&warnings, |k| *k == WarningKind::NegativeNumber { value: -11 }), "{warnings:?}");
    assert!(has(
        &warnings,
        |k| matches!(k, WarningKind::IncompleteWording { phrase } if phrase.contains("государственной"))
    ));
    assert!(!has(&warnings, |k| matches!(k, WarningKind::CategorySumMismatch { .. })));
    let negative = warnings.iter().find(|w| matches!(w.kind, WarningKind::NegativeNumber { .. })).unwrap();
    assert_eq!(negative.line, Some(13), "the warning points at the statistics paragraph");
}

#[test]
fn fixture_keeps_every_word() {
    let d = read(FIXTURE).document;
    let mut kept = String::new();
    for s in &d.sections {
        kept.push_str(&s.lead_in);
        for i in &s.items {
            kept.push(' ');
            kept.push_str(&i.full_text());
        }
    }
    for line in FIXTURE.lines().skip(12).filter(|l| {
        !l.trim().is_empty() && !l.contains("Голосовали") && !l.contains("\"Против\"") && !l.contains("Воздержались")
    }) {
        let clean = squash_spaces(&strip_emphasis(line));
        let clean =
            clean.trim_start_matches(['-', ' ']).trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim();
        assert!(kept.contains(clean), "lost: {clean}");
    }
}

#[test]
fn each_list_style() {
    for (source, depth) in [
        ("  • пункт", 0),
        ("o пункт", 0),
        ("- пункт", 0),
        ("– пункт", 0),
        ("— пункт", 0),
        ("• пункт", 0),
        ("* пункт", 0),
        ("1. пункт", 0),
        ("1) пункт", 0),
        ("а) пункт", 0),
        ("1.1. пункт", 1),
        ("12.3 пункт", 1),
    ] {
        let text = format!("Участники отметили:\n{source}\n{source}");
        let d = read(&text).document;
        let items: Vec<_> = d.items_of(SectionKind::Findings).collect();
        assert_eq!(items.len(), 2, "{source}");
        assert_eq!(items[0].text, "пункт", "{source}");
        assert_eq!(items[0].depth, 0, "{source}: the first item stands under nothing");
        assert_eq!(items[1].depth, depth, "{source}");
    }
    let nested = read("РЕШИЛИ:\n1. Первое.\nа) подпункт;\nб) подпункт.\n2. Второе.").document;
    let depths: Vec<u8> = nested.items_of(SectionKind::Decisions).map(|i| i.depth).collect();
    assert_eq!(depths, [0, 1, 1, 0]);
    let word = read("РЕШИЛИ:\n1. Первое:\n  a. подпункт;\n  b. подпункт.\nг. Москва").document;
    let depths: Vec<u8> = word.items_of(SectionKind::Decisions).map(|i| i.depth).collect();
    assert_eq!(depths, [0, 1, 1], "a nested Word list writes «a.»; «г. Москва» is no marker");
    let indented = read("Участники отметили:\n  • первое;\n  • второе;\n      – вложенное.").document;
    let depths: Vec<u8> = indented.items_of(SectionKind::Findings).map(|i| i.depth).collect();
    assert_eq!(depths, [0, 0, 1], "indentation counts from the list's first item");
}

#[test]
fn numbers_and_dates_are_not_list_markers() {
    assert_eq!(list_marker("27.01.2021г. состоялся семинар"), None);
    assert_eq!(list_marker("2021 год"), None);
    assert_eq!(list_marker("-11 человек"), None);
    assert_eq!(list_marker("1.Министерству").map(|m| m.rest), Some("Министерству".into()));
}

#[test]
fn each_tally_form() {
    let counts =
        |f, a, b, u| VoteResult { in_favour: f, against: a, abstained: b, unanimous: u, wording: String::new() };
    let cases: [(&str, VoteResult); 9] = [
        (
            "Голосовали : \"ЗА\" - 25 чел.\n\n\"Против\" нет\n\n\"Воздержались\" нет",
            counts(Some(25), Some(0), Some(0), false),
        ),
        ("Голосовали: за – 15, против – 2, воздержались – 1", counts(Some(15), Some(2), Some(1), false)),
        ("за – 15, против – 2, воздержались – 1", counts(Some(15), Some(2), Some(1), false)),
        ("За – 45, против – 0, воздержались – 2", counts(Some(45), Some(0), Some(2), false)),
        ("Принято единогласно.", counts(None, None, None, true)),
        ("Единогласно.", counts(None, None, None, true)),
        ("открытым голосованием принят единогласно", counts(None, None, None, true)),
        ("Голосовали: единогласно", counts(None, None, None, true)),
        ("Голосовали:\n«ЗА» — 10 чел.\n«Против» — 0\n«Воздержались» — нет", counts(Some(10), Some(0), Some(0), false)),
    ];
    for (source, expected) in cases {
        let text = format!("РЕЗОЛЮЦИЯ\n\nУчастники рекомендуют:\n1. Сделать.\n\n{source}");
        let Import { document, warnings } = read(&text);
        let mut vote = document.vote.clone().unwrap_or_default();
        assert_eq!(squash_spaces(&vote.line()), squash_spaces(source), "the vote prints as written");
        vote.wording.clear();
        assert_eq!(Some(vote), Some(expected), "{source}");
        assert!(!has(&warnings, |k| matches!(k, WarningKind::UnreadVote | WarningKind::SecondVote)), "{source}");
    }
}

#[test]
fn unreadable_or_second_votes_stay_as_text() {
    let Import { document, warnings } = read("Голосовали:\nпо итогам обсуждения\n");
    assert_eq!(document.vote, None);
    assert!(has(&warnings, |k| *k == WarningKind::UnreadVote));
    assert_eq!(document.items_of(SectionKind::Narrative).count(), 2);

    let Import { document, warnings } = read("Голосовали: за – 3\n\nтекст\n\nГолосовали: за – 4");
    assert_eq!(document.vote.as_ref().unwrap().in_favour, Some(3));
    assert!(has(&warnings, |k| *k == WarningKind::SecondVote));
    assert!(document.items_of(SectionKind::Narrative).any(|i| i.text.contains("за – 4")));
}

#[test]
fn narrative_mentioning_za_is_not_a_vote() {
    let d = read("За период работы семинара выступили 5 человек.").document;
    assert_eq!(d.vote, None);
    assert_eq!(d.statistics.speakers, Some(5));
}

#[test]
fn each_date_form_in_the_header() {
    for (line, expected) in [
        ("27 января 2021 г.", Date::new(2021, 1, 27)),
        ("27.01.2021г.", Date::new(2021, 1, 27)),
        ("20.10.2017г.", Date::new(2017, 10, 20)),
        ("\"24\" ноября 2021 г.", Date::new(2021, 11, 24)),
        ("от 28.01.2021", Date::new(2021, 1, 28)),
        ("15 ноября 2022 года", Date::new(2022, 11, 15)),
    ] {
        let d = read(&format!("РЕЗОЛЮЦИЯ\nкруглого стола «Тема»\n{line}\nг. Амурск\n\nТекст.")).document;
        assert_eq!(d.header.starts_on(), expected, "{line}");
        assert_eq!(d.header.date, line);
        assert_eq!(d.header.event_kind, Some(EventKind::RoundTable));
        assert_eq!(d.header.title, "Тема");
        assert_eq!(d.header.place, "г. Амурск");
    }
    let d = read("РЕЗОЛЮЦИЯ\nконференции\n\"Город\"\nг. Тында, 26–27 мая 2022 г.\n\nТекст.").document;
    assert_eq!((d.header.starts_on(), d.header.ends_on()), (Date::new(2022, 5, 26), Date::new(2022, 5, 27)));
    assert_eq!(d.header.place, "г. Тында");
}

#[test]
fn missing_header_parts_are_warned_about() {
    let Import { document, warnings } = read("Просто текст без заголовка.");
    assert_eq!(document.items_of(SectionKind::Narrative).count(), 1);
    for kind in [WarningKind::NoDate, WarningKind::NoPlace, WarningKind::NoHeading { guessed: DocumentKind::Other }] {
        assert!(has(&warnings, |k| *k == kind));
    }
}

#[test]
fn sum_mismatch_is_warned() {
    let Import { document, warnings } =
        read("В семинаре приняли участие 10 человек, из них муниципальной власти 3 и гостей 2.");
    assert_eq!(document.statistics.total, Some(10));
    assert!(has(&warnings, |k| *k == WarningKind::CategorySumMismatch { total: 10, sum: 5 }));
}

#[test]
fn addressees_in_the_dative() {
    for (text, addressee) in [
        ("Правительству Амурской области предусмотреть средства", "Правительству Амурской области"),
        ("Органам местного самоуправления совместно провести семинары", "Органам местного самоуправления"),
        ("Администрации города обеспечить доступ", "Администрации города"),
        ("Законодательному Собранию Амурской области учесть опыт", "Законодательному Собранию Амурской области"),
        ("Органам исполнительной власти области внести изменения", "Органам исполнительной власти области"),
        ("Развивать кадровый потенциал", ""),
        ("Проведение семинаров считать приоритетом", ""),
    ] {
        let got = split_addressee(text).map(|(a, _)| a).unwrap_or_default();
        assert_eq!(got, addressee, "{text}");
    }
}

#[test]
fn paragraphs_join_wrapped_lines_and_split_on_sentence_ends() {
    let d = read("Первая строка абзаца\nпродолжение абзаца.\nНовый абзац.\n\nТретий.").document;
    let texts: Vec<_> = d.items_of(SectionKind::Narrative).map(|i| i.text.clone()).collect();
    assert_eq!(texts, ["Первая строка абзаца продолжение абзаца.", "Новый абзац.", "Третий."]);
}

#[test]
fn escaped_lines_stay_text() {
    let d = read("\\- не пункт\n\n\\Голосовали: за – 1").document;
    assert_eq!(d.vote, None);
    assert_eq!(d.items_of(SectionKind::Narrative).count(), 2);
}

#[test]
fn letters_whose_lower_case_is_longer_or_shorter_do_not_break_the_reader() {
    for source in ["по Ⱥ вопросу слушали: ẞ", "ẞ РЕЗОЛЮЦИЯ ⱥ", "İİİ СЛУШАЛИ:", "ПРОТОКОЛ İ\nг. İstanbul"]
    {
        let d = read(source).document;
        let md = crate::markdown::export(&d);
        for word in source.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            assert!(md.contains(word), "{source}: «{word}» in\n{md}");
        }
    }
}

#[test]
fn a_typed_vote_line_gives_its_counts_or_nothing() {
    let vote = read_vote("Голосовали: «ЗА» — 25 чел.,\n «Против» — нет, «Воздержались» — 2").unwrap();
    assert_eq!((vote.in_favour, vote.against, vote.abstained), (Some(25), Some(0), Some(2)));
    assert_eq!(vote.wording, "Голосовали: «ЗА» — 25 чел.,\n«Против» — нет, «Воздержались» — 2");
    assert!(read_vote("Принято единогласно").unwrap().unanimous);
    assert_eq!(read_vote("Голосовали: за — 3, за — 4"), None, "a count said twice");
    assert_eq!(read_vote("Голосовали все, кто пришёл"), None, "words that are not a vote");
    assert_eq!(read_vote("Голосовали:"), None, "no count");
    assert_eq!(read_vote(""), None);
}
