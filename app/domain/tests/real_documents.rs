//! Real documents of the genre, as their publishers put them online (`fixtures/real/`, sources in
//! `SOURCES.md`): each imports with no word lost, and reads as a person reads it.

use accord_domain::document::Layout;
use accord_domain::importer::{self, event_facts, implied_addressee, Import};
use accord_domain::{import, markdown, registry, Date, Document, DocumentKind, EventKind, SectionKind, WarningKind};
use proptest::prelude::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/real/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every word of `source` is in the document's Markdown export, as many times as in the source.
fn assert_no_word_lost(name: &str, source: &str, doc: &Document) {
    if let Some(lost) = importer::lost_words(source, doc).first() {
        panic!("{name}: {lost}\n---\n{}", markdown::export(doc));
    }
}

fn imported(name: &str) -> (String, Import) {
    let source = fixture(name);
    let read = import(&source);
    assert_no_word_lost(name, &source, &read.document);
    (source, read)
}

fn kinds(doc: &Document) -> Vec<SectionKind> {
    doc.sections.iter().map(|s| s.kind).collect()
}

fn has(read: &Import, kind: &WarningKind) -> bool {
    read.warnings.iter().any(|w| &w.kind == kind)
}

#[test]
fn every_fixture_imports_with_no_word_lost_and_exports_back_to_itself() {
    let dir = format!("{}/tests/fixtures/real", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 16, "{names:?}");
    for name in names {
        let (_, read) = imported(&name);
        let again = import(&markdown::export(&read.document)).document;
        assert_eq!(again.without_ids(), read.document.without_ids(), "{name}: the export reads back the same");
    }
}

#[test]
fn milkovo_conclusion_of_public_hearings() {
    let (_, read) = imported("milkovo-zaklyuchenie-o-rezultatah-publichnyh-slushanij.txt");
    let d = &read.document;
    let h = &d.header;
    assert_eq!((h.kind, h.doc_kind.as_str()), (DocumentKind::Conclusion, "Заключение"));
    assert_eq!(h.event_line, "о результатах публичных слушаний по проекту");
    assert_eq!(h.event_kind, Some(EventKind::PublicHearing));
    assert_eq!((h.date.as_str(), h.starts_on()), ("от 28.01.2021", Date::new(2021, 1, 28)));
    assert_eq!(d.statistics.total, Some(29), "«Количество участников … - 29»");
    assert_eq!(d.statistics.speakers, None);
    assert_eq!(d.sections[0].items[0].text, "Новости", "the site's word stays, as text, first");
    assert!(d.sections[0].items.iter().any(|i| i.text.starts_with("Наименование проекта: проект внесения изменений")));
    let conclusions: Vec<_> = d.sections_of(SectionKind::Conclusions).collect();
    assert_eq!(conclusions.len(), 1);
    assert_eq!(conclusions[0].lead_in, "Выводы о результатах публичных слушаний:");
    assert_eq!(conclusions[0].items[0].text, "Рекомендовать главе Мильковского сельского поселения согласиться с");
    let registry = registry::entries(d);
    assert_eq!(registry.len(), 1);
    assert_eq!(registry[0].addressee, "Главе Мильковского сельского поселения");
    let facts = event_facts(d);
    assert!(facts.title.starts_with("проект внесения изменений в генеральный план Мильковского"), "{facts:?}");
    assert_eq!(d.vote, None, "nothing was voted on");
}

#[test]
fn verhopole_final_document_with_its_table() {
    let (_, read) = imported("verhopole-itogovyj-dokument-publichnyh-slushanij.txt");
    let d = &read.document;
    assert_eq!(d.header.doc_kind, "", "the text has no heading");
    assert_eq!(d.header.kind, DocumentKind::FinalDocument, "guessed from «Итоговый документ публичных слушаний»");
    assert!(has(&read, &WarningKind::NoHeading { guessed: DocumentKind::FinalDocument }));
    assert_eq!(d.header.event_kind, Some(EventKind::PublicHearing));
    assert_eq!(kinds(d), [SectionKind::Narrative, SectionKind::Table, SectionKind::Signatures]);
    let table = &d.sections[1];
    assert_eq!(table.columns.len(), 6);
    assert_eq!(table.columns[0], "№№ п/п");
    assert_eq!(table.columns[4], "Решение, принятое участниками публичных слушаний");
    assert_eq!(table.items.len(), 1);
    let row = &table.items[0].cells;
    assert_eq!(row[0], "1");
    assert_eq!(row[2], "_");
    assert!(row[4].starts_with("Итоговый документ публичных слушаний открытым голосованием принят единогласно"));
    assert!(row[4].ends_with("Верхопольского сельского поселения."));
    assert_eq!(row[5], "");
    let signatures: Vec<&str> = d.sections[2].items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(signatures, ["Председатель оргкомитета Н.В. Новикова", "Секретарь Н.А. Антонова"]);
    let vote = d.vote.as_ref().expect("«принят единогласно» is the adoption");
    assert!(vote.unanimous && vote.in_favour.is_none());
    assert_eq!(d.statistics.total, None, "«№71/1 от 15.08.2017г.» and «д.2» are not figures");
    let facts = event_facts(d);
    assert_eq!(facts.starts_on, Date::new(2017, 10, 20), "from «Дата и место проведения: 20.10.2017г. …»");
    assert_eq!(facts.city, "Теплое");
    assert_eq!(
        facts.title,
        "Проект по внесению изменений в Правила землепользования и застройки Верхопольского сельского поселения"
    );
}

#[test]
fn a_blank_protocol_of_public_discussions() {
    let (_, read) = imported("obrazec-protokola-obshchestvennyh-obsuzhdenij.txt");
    let d = &read.document;
    assert_eq!((d.header.kind, d.header.doc_kind.as_str()), (DocumentKind::Protocol, "ПРОТОКОЛ"));
    assert_eq!(d.header.event_line, "общественных обсуждений");
    assert_eq!(d.header.event_kind, Some(EventKind::PublicDiscussion));
    assert_eq!(
        kinds(d),
        [
            SectionKind::Narrative,
            SectionKind::Heard,
            SectionKind::Speeches,
            SectionKind::Decisions,
            SectionKind::Narrative
        ]
    );
    assert_eq!(d.sections[3].lead_in, "ПОСТАНОВИЛИ:");
    assert_eq!(d.recorded_votes().count(), 0, "the form's «___» are not counts");
    let unread = read.warnings.iter().find(|w| w.kind == WarningKind::UnreadVote).expect("the vote is flagged");
    assert_eq!(unread.line, Some(39));
    assert!(d.sections[4].items[0].text.starts_with("Голосовали: «за» -"), "and kept as text");
    assert_eq!(d.statistics, Default::default());
}

#[test]
fn a_forum_resolution_with_its_heading_on_one_line() {
    let (_, read) = imported("rezolyuciya-molodezhnogo-foruma-druzhba-narodov.txt");
    let d = &read.document;
    let h = &d.header;
    assert_eq!((h.kind, h.doc_kind.as_str()), (DocumentKind::Resolution, "Резолюция"));
    assert_eq!(h.event_line, "Международного молодёжного форума");
    assert_eq!(h.event_kind, Some(EventKind::Forum));
    assert_eq!(h.title, "Дружба народов");
    assert_eq!((h.place.as_str(), h.date.as_str()), ("Москва", "15 ноября 2022 года"));
    assert_eq!(h.starts_on(), Date::new(2022, 11, 15));
    assert_eq!(d.sections[0].items[0].text, "17 ноября, 2022 - 16:39", "the site's time stamp stays as text");
    let list = &d.sections[1];
    assert!(list.lead_in.ends_with("обсудив актуальные вопросы, относящиеся:"));
    assert_eq!(list.items.len(), 5, "every • item, the indented ones too");
    assert!(list.items.iter().all(|i| i.depth == 0));
    assert!(list.items[0].text.starts_with("к реализации целей и задач"));
    assert_eq!(d.statistics, Default::default());
}

#[test]
fn a_resolution_whose_article_numbers_are_not_figures() {
    let (_, read) = imported("motygino-rezolyuciya-publichnyh-slushanij.txt");
    let d = &read.document;
    assert_eq!(d.header.event_line, "публичных слушаний по вопросу");
    assert_eq!(d.header.title, "О внесении изменений в правила землепользования и застройки п. Мотыгино");
    assert_eq!(d.statistics, Default::default(), "«п. 1.21 ст. 7», «№ 4 (11183)», «до 6 февраля» are not figures");
    let recs: Vec<_> = d.sections_of(SectionKind::Recommendations).collect();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].lead_in, "Участники публичных слушаний РЕКОМЕНДУЮТ:", "the inline recommendation is found");
    assert_eq!(recs[0].items.len(), 1);
    assert!(recs[0].items[0].text.starts_with("Рекомендовать администрации поселка Мотыгино принять изменение"));
    assert_eq!(registry::entries(d)[0].addressee, "Администрации поселка Мотыгино");
}

#[test]
fn an_extract_from_a_protocol_with_its_vote_and_signatures() {
    let (_, read) = imported("serov-vypiska-iz-protokola-publichnyh-slushanij.txt");
    let d = &read.document;
    let h = &d.header;
    assert_eq!((h.kind, h.doc_kind.as_str()), (DocumentKind::Protocol, "ВЫПИСКА ИЗ ПРОТОКОЛА"));
    assert_eq!(h.event_line, "ПУБЛИЧНЫХ СЛУШАНИЙ");
    assert_eq!((h.date.as_str(), h.place.as_str()), ("04 июля 2016 года", "город Серов"));
    assert_eq!(d.statistics.total, Some(38), "«Присутствовало: 38 человек»");
    assert_eq!(kinds(d), [SectionKind::Narrative, SectionKind::Heard, SectionKind::Decisions, SectionKind::Signatures]);
    let decisions = &d.sections[2];
    assert_eq!(decisions.items.len(), 2);
    let vote = decisions.vote.as_ref().expect("the vote on the decisions");
    assert_eq!((vote.in_favour, vote.against, vote.abstained), (Some(37), Some(1), None));
    assert_eq!(vote.wording, "(Результаты голосования: «за» - 37, «против» - 1)");
    assert_eq!(d.vote, None);
    assert_eq!(d.sections[3].items.len(), 2);
}

#[test]
fn a_protocol_of_public_discussions_with_agenda_and_labelled_details() {
    let (_, read) = imported("pogorelovka-protokol-obshchestvennyh-obsuzhdenij.txt");
    let d = &read.document;
    assert_eq!(d.header.kind, DocumentKind::Protocol);
    assert_eq!(d.statistics.total, Some(15), "«(15 человек)» under «Участники публичных слушаний:»");
    let agenda: Vec<_> = d.sections_of(SectionKind::Agenda).collect();
    assert_eq!(agenda.len(), 1);
    assert_eq!(agenda[0].items.len(), 1);
    assert!(d.sections_of(SectionKind::Heard).next().unwrap().items[0].text.starts_with("Главу администрации"));
    let facts = event_facts(d);
    assert_eq!(facts.starts_on, Date::new(2020, 9, 21), "«Дата проведения: 21 сентября 2020 года»");
    assert_eq!(facts.city, "Погореловка");
}

#[test]
fn a_conclusion_whose_table_has_no_number_column() {
    let (_, read) = imported("butyrki-zaklyuchenie-o-rezultatah-publichnyh-slushanij.txt");
    let d = &read.document;
    let h = &d.header;
    assert_eq!((h.kind, h.doc_kind.as_str()), (DocumentKind::Conclusion, "ЗАКЛЮЧЕНИЕ"));
    assert_eq!((h.date.as_str(), h.place.as_str()), ("\"18\" января 2024 г.", "с. Бутырки"));
    assert!(h.title.starts_with("О проекте приказа Департамента архитектуры"));
    assert_eq!(d.statistics.total, Some(25), "«приняли участие 25 чел.», not the table's «25»");
    let table = d.sections_of(SectionKind::Table).next().unwrap();
    assert_eq!(table.columns.len(), 3);
    assert_eq!(table.columns[1], "Количество");
    assert_eq!(table.items[0].cells[..2], ["Отсутствуют".to_string(), "25".to_string()]);
}

/// The stamp of the appendix it was published as stands above the heading: kept as text, and the heading read
/// below it (before, the stamp and the heading were read as one title, the kind guessed as a protocol).
#[test]
fn a_form_under_the_stamp_of_its_appendix() {
    let (_, read) = imported("irkutsk-forma-zaklyucheniya-o-rezultatah-publichnyh-slushanij.txt");
    let d = &read.document;
    let h = &d.header;
    assert_eq!((h.kind, h.doc_kind.as_str()), (DocumentKind::Conclusion, "Заключение"));
    assert_eq!((h.event_line.as_str(), h.title.as_str()), ("о результатах публичных слушаний", ""));
    assert!(!read.warnings.iter().any(|w| matches!(w.kind, WarningKind::NoHeading { .. })), "{:?}", read.warnings);
    let first = &d.sections[0].items[0].text;
    assert!(first.starts_with("Приложение 3") && first.contains("от 31.05.2018 г. N 48-503/рд"), "{first}");
    assert!(!d.sections[0].items[1].text.contains("48-503/рд"), "the stamp is one paragraph");
}

#[test]
fn final_documents_read_their_figures_from_labels() {
    for (name, total, date) in [
        ("shchekino-itogovyj-dokument-publichnyh-slushanij.txt", 20, Date::new(2017, 4, 17)),
        ("sysert-itogovyj-dokument-publichnyh-slushanij.txt", 5, Date::new(2021, 3, 23)),
        ("chekalin-itogovyj-dokument-publichnyh-slushanij.txt", 18, Date::new(2019, 12, 23)),
    ] {
        let (_, found) = imported(name);
        assert_eq!(found.document.header.kind, DocumentKind::FinalDocument, "{name}");
        assert_eq!(found.document.statistics.total, Some(total), "{name}");
        assert_eq!(found.document.statistics.speakers, None, "{name}");
        assert_eq!(event_facts(&found.document).starts_on, date, "{name}");
    }
    let (_, shchekino) = imported("shchekino-itogovyj-dokument-publichnyh-slushanij.txt");
    let decisions =
        shchekino.document.sections_of(SectionKind::Decisions).next().expect("«принято следующее решение:»");
    assert_eq!(decisions.items.len(), 2);
    assert_eq!(
        implied_addressee(&decisions.items[1].text).as_deref(),
        Some("Собранию депутатов муниципального образования город Щекино Щекинского района, Главе муниципального образования город Щекино Щекинского района")
    );
}

#[test]
fn headings_under_a_page_title() {
    let (_, read) = imported("obshchestvennaya-palata-rezolyuciya-kruglogo-stola-rossiya-balkany.txt");
    let h = &read.document.header;
    assert_eq!((h.doc_kind.as_str(), h.event_line.as_str()), ("Резолюция", "круглого стола"));
    assert_eq!(h.title, "Общественная дипломатия: Россия-Балканы. Вектор дружбы");
    assert_eq!(h.date, "10 марта 2020 г.");
    assert_eq!(event_facts(&read.document).city, "Москва");
    assert_eq!(kinds(&read.document)[1], SectionKind::Findings, "«констатировали следующее:»");

    let (_, read) = imported("sootechestvenniki-rezolyuciya-molodezhnogo-foruma-sofiya.txt");
    let h = &read.document.header;
    assert_eq!(h.title, "Молодежь строит будущее");
    assert_eq!((h.starts_on(), h.ends_on()), (Date::new(2019, 9, 28), Date::new(2019, 9, 30)));
    assert_eq!(h.place, "София, Болгария");
    assert_eq!(read.document.statistics.total, None, "«из 42 стран мира» counts countries");

    let (_, read) = imported("krutoyar-protokol-publichnyh-slushanij.txt");
    let h = &read.document.header;
    assert_eq!((h.date.as_str(), h.place.as_str()), ("18 декабря 2016 года", "с. Крутояр"));
    assert_eq!(read.document.statistics.total, Some(18));
    assert_eq!(read.document.recorded_votes().count(), 0, "«единогласно избрана» is no vote on the document");
}

#[test]
fn parliamentary_recommendations_grouped_by_addressee() {
    // The shape of recommendations of parliamentary hearings (the stored real copy stops before them).
    let source = "РЕКОМЕНДАЦИИ\nпарламентских слушаний на тему \"О развитии местного самоуправления\"\n\nг. Москва, 15 мая 2019 года\n\n\
                  Участники парламентских слушаний рекомендуют:\n\nПравительству Российской Федерации:\n\n1) разработать \
                  программу поддержки;\n2) предусмотреть средства в федеральном бюджете.\n\nФедеральному Собранию \
                  Российской Федерации:\n\n1) рассмотреть проект федерального закона;\n\nЗа – 45, против – 0, воздержались – 2";
    let read = import(source);
    assert_no_word_lost("parliamentary", source, &read.document);
    let d = &read.document;
    assert_eq!(d.header.event_kind, Some(EventKind::ParliamentaryHearing));
    assert_eq!(d.header.title, "О развитии местного самоуправления");
    let groups: Vec<(&str, usize)> =
        d.sections_of(SectionKind::Recommendations).map(|s| (s.addressee.as_str(), s.items.len())).collect();
    assert_eq!(groups, [("Правительству Российской Федерации", 2), ("Федеральному Собранию Российской Федерации", 1)]);
    assert_eq!(d.sections[0].lead_in, "Участники парламентских слушаний рекомендуют:");
    assert_eq!(d.sections[0].kind.layout(), Layout::Numbers);
    let e = registry::entries(d);
    assert_eq!(
        e.iter().map(|e| e.addressee.as_str()).collect::<Vec<_>>()[1..],
        ["Правительству Российской Федерации", "Федеральному Собранию Российской Федерации"]
    );
    let vote = d.vote.as_ref().unwrap();
    assert_eq!((vote.in_favour, vote.against, vote.abstained), (Some(45), Some(0), Some(2)));
    assert_eq!(vote.line(), "За – 45, против – 0, воздержались – 2");
}

#[test]
fn a_protocol_with_two_questions_and_a_vote_on_each() {
    let source = "ПРОТОКОЛ № 3\nзаседания общественного совета\n12.03.2024\nг. Тында\n\nПрисутствовали: 45 человек.\n\n\
                  ПОВЕСТКА ДНЯ:\n1. О проекте бюджета.\n2. О благоустройстве.\n\n1. СЛУШАЛИ: Иванову И.И. — о проекте \
                  бюджета.\n\nВЫСТУПИЛИ:\nПетров П.П. — поддержал проект.\nСидорова С.С. — предложила поправку.\n\nРЕШИЛИ:\n\
                  1. Одобрить проект бюджета.\n2. Администрации города учесть поправку.\n\nГОЛОСОВАЛИ: «за» – 43, «против» – 0, \
                  «воздержались» – 2.\n\n2. СЛУШАЛИ: Петрова П.П. — о благоустройстве.\n\nПОСТАНОВИЛИ: Принять к сведению.\n\n\
                  Голосовали: единогласно.\n\nПредседатель И.И. Иванова\nСекретарь С.С. Сидорова";
    let read = import(source);
    assert_no_word_lost("protocol", source, &read.document);
    let d = &read.document;
    assert_eq!((d.header.kind, d.header.number.as_str()), (DocumentKind::Protocol, "№ 3"));
    assert_eq!(d.header.event_kind, Some(EventKind::Meeting));
    assert_eq!((d.header.date.as_str(), d.header.place.as_str()), ("12.03.2024", "г. Тында"));
    assert_eq!(d.statistics.total, Some(45));
    assert_eq!(
        kinds(d),
        [
            SectionKind::Narrative,
            SectionKind::Agenda,
            SectionKind::Heard,
            SectionKind::Speeches,
            SectionKind::Decisions,
            SectionKind::Heard,
            SectionKind::Decisions,
            SectionKind::Signatures
        ]
    );
    assert_eq!(d.sections[1].items.len(), 2);
    assert_eq!(d.sections[2].lead_in, "1. СЛУШАЛИ:");
    assert_eq!(d.sections[3].items.len(), 2);
    let first = d.sections[4].vote.as_ref().unwrap();
    assert_eq!((first.in_favour, first.against, first.abstained), (Some(43), Some(0), Some(2)));
    assert_eq!(d.sections[4].items[1].addressee, "Администрации города");
    assert!(d.sections[6].vote.as_ref().unwrap().unanimous);
    assert_eq!(d.sections[6].items[0].text, "Принять к сведению.");
    assert_eq!(d.vote, None);
}

/// A municipal assembly's decision (Лысогорский район, Саратовская область, 2012): the body's name above the
/// kind word, the date and number on one line, the settlement, the subject over two lines with its quote
/// closing on the second, and the points after «РЕШИЛО:».
#[test]
fn a_decision_of_a_district_assembly() {
    let (_, read) = imported("lysye-gory-reshenie-sobraniya-ob-obshchestvennom-sovete.txt");
    let d = &read.document;
    let h = &d.header;
    assert_eq!((h.kind, h.doc_kind.as_str()), (DocumentKind::Decision, "РЕШЕНИЕ"));
    assert_eq!((h.date.as_str(), h.number.as_str()), ("от 28 сентября 2012 года", "№ 18/114"));
    assert_eq!(h.starts_on(), Date::new(2012, 9, 28));
    assert_eq!(h.place, "р.п. Лысые Горы");
    assert_eq!(h.title, "Об утверждении Положения «Об общественном совете Лысогорского муниципального района»");
    assert!(d.sections[0].items[0].text.starts_with("СОБРАНИЕ ЛЫСОГОРСКОГО"), "the body's name is kept as text");
    let points: Vec<&str> = d.items_of(SectionKind::Decisions).map(|i| i.text.as_str()).collect();
    assert_eq!(points.len(), 2, "{points:?}");
    assert!(points[0].starts_with("Утвердить Положение") && points[1].starts_with("Настоящее решение"));
    assert!(!has(&read, &WarningKind::NoDate) && !has(&read, &WarningKind::NoPlace), "{:?}", read.warnings);
}

/// Lines a document of the genre is made of, and lines of anything at all.
fn any_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,60}",
        1 => proptest::sample::select(vec![
            "РЕЗОЛЮЦИЯ", "ПРОТОКОЛ № 1", "Заключение о результатах публичных слушаний", "СЛУШАЛИ:", "ВЫСТУПИЛИ:",
            "РЕШИЛИ:", "ПОВЕСТКА ДНЯ", "Голосовали:", "За – 3, против – 0", "\"Против\" нет", "единогласно", "|",
            "| а | б |", "|---|---|", "Председатель И.И. Иванов", "Правительству Российской Федерации:",
            "Участники рекомендуют:", "Участники РЕКОМЕНДУЮТ: Рекомендовать администрации учесть", "1. пункт",
            "а) подпункт", "  • пункт", "г. Москва", "15 ноября 2022 года", "«Тема»", "№ 5", "\\- экранировано",
            "Присутствовали: 12 человек", "Руководствуясь п. 1.21 ст. 7 выступил", "", "#", "1.", "**25**",
            "РЕШЕНИЕ", "от 28 сентября 2012 года № 18/114", "р.п. Лысые Горы", "Об утверждении Положения «Об общественном",
            "совете района»", "О бюджете района", "на 2013 год", "Совет депутатов РЕШИЛ:", "ПОСТАНОВЛЯЮ:",
        ]).prop_map(str::to_string),
    ]
}

proptest! {
    // `make fuzz` runs more cases (`FUZZ_CASES`).
    #![proptest_config(ProptestConfig::with_cases(std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(400)))]
    #[test]
    fn any_text_imports_and_loses_no_line(lines in proptest::collection::vec(any_line(), 0..40)) {
        let source = lines.join("\n");
        let read = import(&source);
        let lost = importer::lost_words(&source, &read.document);
        prop_assert!(lost.is_empty(), "{}\n---\n{}", lost[0], markdown::export(&read.document));
    }
}
