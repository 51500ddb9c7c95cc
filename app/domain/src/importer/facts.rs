//! What a document says about its event — title, dates, place, kind — from its header, else from the
//! labelled lines of its body («Дата и место проведения: …», «Тема публичных слушаний: …»). The event an
//! import creates is made from these; the document itself keeps only what its header said.

use super::lines::{is_quoted, unquote};
use crate::date::Date;
use crate::document::{Document, SectionKind};
use crate::event::EventKind;
use crate::text::squash_spaces;

/// Where an event's title was found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TitleFrom {
    /// The header's title.
    Header,
    /// A labelled or quoted subject in the text («Тема публичных слушаний: …»).
    Text,
    /// The heading and the event's words («Заключение о результатах публичных слушаний»).
    Heading,
    /// The document's first words.
    FirstWords,
    /// Nothing: the text is empty.
    #[default]
    Nothing,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFacts {
    pub kind: Option<EventKind>,
    /// Never empty: see `title_from`.
    pub title: String,
    pub title_from: TitleFrom,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub place: String,
    /// The settlement the place names («п. Теплое» in «Брянская область, …, п. Теплое, ул. Школьная»).
    pub city: String,
}

/// The texts of the body a reader looks at for facts: narrative paragraphs and lead-ins, in order.
fn paragraphs(doc: &Document) -> impl Iterator<Item = &str> {
    doc.sections.iter().flat_map(|s| {
        let items = s.items.iter().filter(move |_| s.kind == SectionKind::Narrative).map(|i| i.text.as_str());
        std::iter::once(s.lead_in.as_str()).filter(|l| !l.is_empty()).chain(items)
    })
}

/// The words after a label: «Тема публичных слушаний: О бюджете» → «О бюджете» for the label «тема».
fn labelled<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    let colon = text.find(':')?;
    let label = text[..colon].to_lowercase();
    let named = |l: &&str| {
        if l.contains(' ') {
            label.contains(*l)
        } else {
            label.split(|c: char| !c.is_alphabetic()).any(|w| w.starts_with(*l))
        }
    };
    (colon <= 120 && labels.iter().any(named)).then(|| text[colon + 1..].trim()).filter(|v| !v.is_empty())
}

/// The words after «по адресу:» wherever it stands: «Слушания проведены: 05 декабря 2023 с 18:00 по адресу: г.
/// Арамиль, ул. Рабочая, д. 120а» → «г. Арамиль, ул. Рабочая, д. 120а».
/// Only in a sentence that says the event was held there: not «проект размещён на сайте по адресу: https://…»
/// nor «предложения принимались по адресу: …».
fn after_address_label(text: &str) -> Option<&str> {
    let lower = crate::text::lowercase_in_place(text)?;
    if !held(&lower) {
        return None;
    }
    let at = lower.find("по адресу")?;
    let rest = text.get(at + "по адресу".len()..)?.trim_start().strip_prefix(':')?.trim();
    let web = rest.contains("://") || rest.starts_with("www.") || rest.contains('@');
    (!rest.is_empty() && !web).then_some(rest)
}

/// «Публичные слушания проведены …», «проведено …»: the verb, not «о проведении слушаний» (the act that called
/// them).
fn held(lower: &str) -> bool {
    lower.split(|c: char| !c.is_alphabetic()).any(|w| ["проведен", "проведены", "проведено", "проведена"].contains(&w))
}

/// The dates right after the verb of a sentence saying when the event was held: «Публичные слушания проведены: 05
/// декабря 2023 с 18:00 …», not «проведены в соответствии с постановлением … от 14.11.2023».
fn held_on(text: &str) -> Option<(Date, Option<Date>)> {
    let lower = crate::text::lowercase_in_place(text)?;
    let verb = ["проведены", "проведено", "проведена", "проведен"].iter().find_map(|v| {
        lower.match_indices(v).map(|(at, _)| at + v.len()).find(|&end| !lower[end..].starts_with(char::is_alphabetic))
    })?;
    let after = text.get(verb..)?.trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    (Date::find_span(after)?.0 == 0).then(|| Date::find_range_in(after)).flatten()
}

fn clip(text: &str, max: usize) -> String {
    let text = squash_spaces(text.trim().trim_end_matches(['.', ',', ';']));
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(at) if at > max / 2 => format!("{}…", &cut[..at]),
        _ => format!("{cut}…"),
    }
}

/// The settlement a place names, without the word for its kind («г. Благовещенск» → «Благовещенск»), else
/// the place's first part.
pub fn city_of(place: &str) -> String {
    let parts: Vec<&str> = place.split([',', '(', ')']).map(str::trim).filter(|p| !p.is_empty()).collect();
    // A settlement may stand inside a part: «зал заседаний … по адресу: город Сысерть».
    let settlement = parts.iter().find_map(|p| {
        let starts = std::iter::once(0).chain(p.match_indices(' ').map(|(at, _)| at + 1));
        starts.map(|at| &p[at..]).find(|rest| super::header::is_settlement(rest))
    });
    let name = settlement.map(super::header::settlement_name);
    name.or(parts.first().copied()).map(|p| clip(p, crate::event::CITY_MAX - 1)).unwrap_or_default()
}

pub fn event_facts(doc: &Document) -> EventFacts {
    let h = &doc.header;
    let body: Vec<&str> = paragraphs(doc).take(40).flat_map(super::figures::sentences).collect();
    let labelled_title = || {
        body.iter()
            .find_map(|t| labelled(t, &["тем", "наименование проекта", "наименование", "вопрос", "предмет"]))
            .map(|t| t.trim_matches(['«', '»', '"']).to_string())
            .or_else(|| {
                let quoted = body.iter().take(12).map(|t| t.trim_end_matches('.')).find(|t| is_quoted(t));
                quoted.map(|t| unquote(t).to_string())
            })
    };
    let heading = || Some(squash_spaces(&format!("{} {}", h.doc_kind, h.event_line))).filter(|t| !t.is_empty());
    let first_words =
        || doc.sections.iter().flat_map(|s| &s.items).map(|i| i.full_text()).find(|t| !t.trim().is_empty());
    let (title, title_from) = match Some(h.title.clone()).filter(|t| !t.is_empty()) {
        Some(title) => (title, TitleFrom::Header),
        None => labelled_title()
            .map(|t| (t, TitleFrom::Text))
            .or_else(|| heading().map(|t| (t, TitleFrom::Heading)))
            .or_else(|| first_words().map(|t| (t, TitleFrom::FirstWords)))
            .unwrap_or_else(|| ("Документ без названия".to_string(), TitleFrom::Nothing)),
    };
    let title = clip(&title, crate::event::TITLE_MAX - 1);
    let (starts_on, ends_on) = match h.dates() {
        Some((start, end)) => (Some(start), end),
        None => body
            .iter()
            .find_map(|t| {
                let lower = t.to_lowercase();
                // «Дата проведения: …», «Слушания состоялись …»; else «Публичные слушания проведены: 05 декабря …».
                let named = (lower.contains("дата") || lower.contains("сроки") || lower.contains("состоял"))
                    && (lower.contains("проведени") || lower.contains("слушани") || lower.contains("обсуждени"));
                match named {
                    true => Date::find_range_in(t),
                    false => held_on(t),
                }
            })
            .map_or((None, None), |(s, e)| (Some(s), e)),
    };
    let place = if !h.place.is_empty() {
        h.place.clone()
    } else {
        body.iter()
            .find_map(|t| labelled(t, &["место проведения", "место"]).or_else(|| after_address_label(t)))
            .map(|value| match Date::find_span(value) {
                Some((from, to)) => format!("{} {}", &value[..from], &value[to..]),
                None => value.to_string(),
            })
            .map(|p| clip(p.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '.'), 300))
            // Else a short line near the top that names a settlement beside a date.
            .or_else(|| {
                body.iter().take(8).find(|t| t.chars().count() <= 150 && Date::find_span(t).is_some()).and_then(|t| {
                    let (from, to) = Date::find_span(t)?;
                    let rest = format!("{} {}", &t[..from], &t[to..]);
                    let settled = rest.split([',', ' ']).enumerate().any(|(k, _)| {
                        let tail: String = rest.split_inclusive([',', ' ']).skip(k).collect();
                        super::header::is_settlement(&tail)
                    });
                    settled.then(|| clip(&rest, 300))
                })
            })
            .unwrap_or_default()
    };
    let kind = h.event_kind.or_else(|| {
        EventKind::named_in(&h.event_line)
            .or_else(|| EventKind::named_in(&h.doc_kind))
            .or_else(|| body.iter().take(6).find_map(|t| EventKind::named_in(t)))
    });
    EventFacts { kind, title, title_from, starts_on, ends_on, city: city_of(&place), place }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settlements_in_places() {
        assert_eq!(city_of("Брянская область, Карачевский район, п. Теплое, ул. Школьная, д.2"), "Теплое");
        assert_eq!(city_of("Москва"), "Москва");
        assert_eq!(city_of("г. Благовещенск"), "Благовещенск");
        assert_eq!(city_of("г.Москва"), "Москва");
        assert_eq!(city_of(""), "");
        assert_eq!(city_of("зал заседаний Администрации по адресу: город Сысерть, улица Ленина, 35"), "Сысерть");
    }

    /// As a municipality published it (Арамильский городской округ, 2023): the date and the address in one
    /// sentence, neither labelled first.
    #[test]
    fn the_date_and_the_address_of_a_hearing_in_one_sentence() {
        let text = "ЗАКЛЮЧЕНИЕ\nПубличные слушания проведены: 05 декабря 2023 с 18:00 до 19:00 по адресу: г. Арамиль, ул. Рабочая, д. 120а, малый зал.\nВ публичных слушаниях приняло участие 5 человек.";
        let facts = event_facts(&crate::import(text).document);
        assert_eq!(facts.starts_on, Date::new(2023, 12, 5));
        assert_eq!(facts.place, "г. Арамиль, ул. Рабочая, д. 120а, малый зал");
        assert_eq!(facts.city, "Арамиль");
        assert_eq!(after_address_label("Слушания проведены по адресу: г. Зея"), Some("г. Зея"));
        assert_eq!(after_address_label("Слушания проведены по адресу"), None);
        assert_eq!(after_address_label("Проект размещён и проведено обсуждение по адресу: https://zeya.ru"), None);
        assert_eq!(after_address_label("Предложения принимались по адресу: г. Зея"), None);
        let called = "Публичные слушания проведены в соответствии с постановлением главы от 14.11.2023 № 567.";
        assert_eq!(held_on(called), None);
        assert_eq!(held_on("Слушания проведены 5 декабря 2023 года."), Date::new(2023, 12, 5).map(|d| (d, None)));
    }

    #[test]
    fn labels() {
        assert_eq!(labelled("Тема публичных слушаний: О бюджете.", &["тем"]), Some("О бюджете."));
        assert_eq!(labelled("Темы публичных слушаний: О бюджете", &["тем"]), Some("О бюджете"));
        assert_eq!(labelled("Системы: нет", &["тем"]), None);
        assert_eq!(labelled("Тема:", &["тем"]), None);
    }
}
