//! Participant statistics, read only where a document states them: a number counts people when its noun
//! says so («25 человек», «18 чел.», «5 участников») or when it is the value of a count («Количество
//! участников – 29», «Присутствовали: 45»). Article and item numbers, dates, house numbers and years are
//! never figures («п. 1.21 ст. 7», «от 12.01.1996», «д. 2», «2021 года»).

use super::{Warning, WarningKind};
use crate::event::ParticipantCategory;
use crate::statistics::{CategoryCount, Statistics};

const ABBREVIATIONS: [&str; 16] =
    ["г", "гг", "ст", "им", "т", "д", "др", "чел", "руб", "тыс", "млн", "ул", "пр", "см", "п", "ч"];

/// Splits a paragraph into sentences, not at «г. Благовещенск» or «ст. 31».
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(pos, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_space = chars.get(k + 1).is_some_and(|&(_, n)| n == ' ');
        let after_is_upper = chars.get(k + 2).is_some_and(|&(_, n)| n.is_uppercase());
        if !(next_is_space && after_is_upper) {
            continue;
        }
        let word_before = text[start..pos].rsplit(' ').next().unwrap_or("").to_lowercase();
        if c == '.' && ABBREVIATIONS.contains(&word_before.trim_start_matches(|ch: char| !ch.is_alphabetic())) {
            continue;
        }
        out.push(text[start..=pos].trim());
        start = pos + 1;
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// What a number stands before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Noun {
    People,
    Questions,
    /// Nothing that says what it counts: a figure only as the value of a count («участников – 29»).
    Bare,
}

#[derive(Clone, Copy, Debug)]
struct Figure {
    at: usize,
    value: i64,
    noun: Noun,
    /// Right after a colon or a dash: stated as the value of what comes before.
    stated: bool,
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// Words after which a number is a reference, not a count.
fn refers(word: &str) -> bool {
    let w = word.to_lowercase();
    let w = w.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '№');
    matches!(
        w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '№'),
        "ст."
            | "ст"
            | "статьи"
            | "статья"
            | "статьей"
            | "статье"
            | "п."
            | "пп."
            | "п"
            | "пункт"
            | "пункта"
            | "пункте"
            | "ч."
            | "часть"
            | "части"
            | "№"
            | "№№"
            | "n"
            | "от"
            | "гл."
            | "главы"
            | "глава"
            | "раздел"
            | "раздела"
            | "приложение"
            | "приложения"
            | "д."
            | "дом"
            | "кв."
            | "корп."
            | "стр."
            | "с."
            | "год"
            | "года"
            | "г."
            | "до"
            | "с"
            | "по"
            | "в"
            | "на"
            | "ул."
            | "тел."
            | "каб."
            | "кабинет"
            | "кабинете"
    )
}

/// Words after a number that make it a date, a year, a time, a law or an amount.
fn qualifies_otherwise(word: &str) -> bool {
    let w = bare(word);
    crate::date::MONTHS_GENITIVE.contains(&w.as_str())
        || w.starts_with("год")
        || w == "г"
        || w.starts_with("час")
        || w.starts_with("мин")
        || w.starts_with("фз")
        || w.starts_with("руб")
        || w.starts_with("процент")
        || word.starts_with('%')
        || word.starts_with("-ФЗ")
}

fn noun_of(word: &str) -> Noun {
    let w = bare(word);
    if [
        "человек",
        "чел",
        "участник",
        "представител",
        "жител",
        "депутат",
        "гражданин",
        "граждан",
        "докладчик",
        "выступающ",
    ]
    .iter()
    .any(|n| w.starts_with(n))
    {
        Noun::People
    } else if w.starts_with("вопрос") {
        Noun::Questions
    } else {
        Noun::Bare
    }
}

/// The counts of a sentence, with their word positions: «-11» is −11.
fn figures(words: &[&str]) -> Vec<Figure> {
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let token = w.trim_end_matches([',', '.', ';', ')', ':']).trim_start_matches(['(', ':']);
        // «участников:18» keeps its number after the colon.
        let (token, glued_colon) = match token.rsplit_once(':') {
            Some((_, n)) if !n.is_empty() => (n, true),
            _ => (token, false),
        };
        let digits = token.strip_prefix('-').unwrap_or(token);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 6 {
            continue;
        }
        let Ok(n) = digits.parse::<i64>() else { continue };
        if !glued_colon && k > 0 && refers(words[k - 1]) {
            continue;
        }
        if words.get(k + 1).is_some_and(|n| qualifies_otherwise(n)) {
            continue;
        }
        let stated = glued_colon || k > 0 && (words[k - 1].ends_with(':') || matches!(words[k - 1], "-" | "–" | "—"));
        let noun = words.get(k + 1).map_or(Noun::Bare, |n| noun_of(n));
        out.push(Figure { at: k, value: if token.starts_with('-') { -n } else { n }, noun, stated });
    }
    out
}

fn checked(value: i64, line: Option<usize>, warnings: &mut Vec<Warning>) -> u32 {
    if value < 0 {
        warnings.push(Warning { line, kind: WarningKind::NegativeNumber { value } });
    }
    value.unsigned_abs().min(u32::MAX as u64) as u32
}

/// Reads the figures one sentence states into `stats`; the first statement of each figure wins.
pub(super) fn read_statistics(
    sentence: &str,
    line: Option<usize>,
    stats: &mut Statistics,
    warnings: &mut Vec<Warning>,
) {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let found = figures(&words);
    let people = found.iter().find(|f| f.noun == Noun::People);
    let counted = |cues: &[&str]| cues.iter().any(|c| lower.contains(c));
    // «В обсуждении приняло участие …»; «В общественных обсуждениях приняли участие …» names the event.
    if counted(&["обсуждении"]) && counted(&["участ", "выступ"]) {
        if let (None, Some(f)) = (stats.discussion, people) {
            stats.discussion = Some(checked(f.value, line, warnings));
        }
    } else if counted(&["выступил", "выступали", "выступило", "доклад"]) {
        if let (None, Some(f)) = (stats.speakers, people) {
            stats.speakers = Some(checked(f.value, line, warnings));
        }
    } else if counted(&["вопрос"]) && counted(&["задан", "поступил", "прозвучал"]) {
        if let (None, Some(f)) = (stats.questions, found.iter().find(|f| f.noun == Noun::Questions)) {
            stats.questions = Some(checked(f.value, line, warnings));
        }
    } else if (counted(&[
        "приняли участие",
        "приняло участие",
        "приняли участия",
        "участвовали",
        "участвовало",
        "присутствовали",
        "присутствовало",
        "количество участников",
        "число участников",
        "всего участников",
        "зарегистрировано",
    ]) || (lower.starts_with("участники") && lower.contains(':')))
        && stats.total.is_none()
    {
        let Some(f) = people.or_else(|| found.iter().find(|f| f.stated && f.noun == Noun::Bare)) else { return };
        stats.total = Some(checked(f.value, line, warnings));
        let from = f.at + 1;
        if let Some(k) = words[from..].iter().position(|w| w.to_lowercase() == "них") {
            let k = from + k;
            if k > 0 && words[k - 1].to_lowercase() == "из" {
                stats.categories = read_categories(&words[k + 1..], line, warnings);
            }
        }
    }
}

/// The figures of a table: a row whose first cell names who and whose number cell counts them («Всего
/// участников | 45», «Представители НКО | 7»), in a table whose columns speak of participants.
pub(super) fn read_table(
    columns: &[String],
    rows: &[Vec<String>],
    stats: &mut Statistics,
    warnings: &mut Vec<Warning>,
) {
    let first = columns.first().map(|c| c.to_lowercase()).unwrap_or_default();
    if !["категори", "участник", "представител", "состав"].iter().any(|c| first.starts_with(c))
    {
        return;
    }
    for row in rows {
        let numbers: Vec<u32> = row.iter().filter_map(|c| c.trim().parse().ok()).collect();
        let words: Vec<&String> =
            row.iter().filter(|c| c.trim().parse::<u32>().is_err() && !c.trim().is_empty()).collect();
        let ([count], [what]) = (numbers.as_slice(), words.as_slice()) else { continue };
        let what = what.to_lowercase();
        if what.contains("всего") || what.contains("итого") {
            stats.total.get_or_insert(*count);
        } else {
            let category = category_of(&what);
            if category != ParticipantCategory::Other && stats.count(category).is_none() {
                stats.categories.push(CategoryCount { category, count: *count, note: String::new() });
            } else if category == ParticipantCategory::Other {
                warnings.push(Warning { line: None, kind: WarningKind::UnknownCategory { phrase: what.clone() } });
            }
        }
    }
}

/// «представителей органов государственной 1, муниципальной власти 10, … и гостей 2 из Хабаровска и Биробиджана».
fn read_categories(words: &[&str], line: Option<usize>, warnings: &mut Vec<Warning>) -> Vec<CategoryCount> {
    let nums: Vec<Figure> = figures(words);
    let mut out = Vec::new();
    let mut phrase_start = 0;
    for (n, figure) in nums.iter().enumerate() {
        let at = figure.at;
        if at < phrase_start {
            continue;
        }
        let phrase_words: Vec<&str> = words[phrase_start..at]
            .iter()
            .map(|w| w.trim_matches(','))
            .skip_while(|w| *w == "и" || w.is_empty())
            .collect();
        let phrase = phrase_words.join(" ");
        let last_number = n + 1 == nums.len();
        let mut note_end = at + 1;
        let mut note = Vec::new();
        if words.get(at + 1).is_some_and(|w| *w == "из") {
            while note_end < words.len() {
                let w = words[note_end];
                if !last_number && w == "и" {
                    break;
                }
                note.push(w.trim_end_matches([',', '.']));
                note_end += 1;
                if !last_number && w.ends_with(',') {
                    break;
                }
            }
        }
        phrase_start = note_end;
        let category = category_of(&phrase);
        if category == ParticipantCategory::Other {
            warnings.push(Warning { line, kind: WarningKind::UnknownCategory { phrase: phrase.clone() } });
        } else if phrase_words.last().is_some_and(|w| ["ой", "ый", "ых", "их", "ого"].iter().any(|e| w.ends_with(e)))
        {
            warnings.push(Warning { line, kind: WarningKind::IncompleteWording { phrase: phrase.clone() } });
        }
        out.push(CategoryCount { category, count: checked(figure.value, line, warnings), note: note.join(" ") });
    }
    out
}

fn category_of(phrase: &str) -> ParticipantCategory {
    let p = phrase.to_lowercase();
    let has = |cues: &[&str]| cues.iter().any(|c| p.contains(c));
    if has(&["гост"]) {
        ParticipantCategory::Guest
    } else if has(&["некоммерч", "общественн", "нко"]) {
        ParticipantCategory::Ngo
    } else if has(&["учрежден"]) && has(&["муниципальн"]) {
        ParticipantCategory::MunicipalInstitution
    } else if has(&["муниципальн", "местного самоуправления"]) {
        ParticipantCategory::MunicipalAuthority
    } else if has(&["государствен", "федеральн", "региональн", "министерств"])
    {
        ParticipantCategory::StateBody
    } else if has(&["бизнес", "предприним", "коммерческ"]) {
        ParticipantCategory::Business
    } else if has(&["наук", "образован", "вуз", "университет"]) {
        ParticipantCategory::ScienceEducation
    } else {
        ParticipantCategory::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Statistics {
        let mut stats = Statistics::default();
        let mut warnings = Vec::new();
        for s in sentences(text) {
            read_statistics(s, None, &mut stats, &mut warnings);
        }
        stats
    }

    #[test]
    fn figures_come_only_from_where_they_are_stated() {
        for text in [
            "Руководствуясь п. 1.21 ст. 7, Устава поселка Мотыгино, и.о главы поселка выступил с инициативой о проведении публичных слушаний.",
            "Выступил глава поселения со ст. 28 Федерального закона от 06.10.2003 № 131-ФЗ.",
            "В слушаниях приняли участие жители д. 5 по ул. Ленина.",
            "Публичные слушания, в которых приняли участие жители, прошли 12 марта 2021 года.",
            "Выступили представители 3 районов.",
            "Участвовали российские соотечественники из 42 стран мира.",
            "Присутствовали члены комиссии по ст. 31.1 закона.",
            "Доклад был сделан в 17 часов 00 минут.",
            "В обсуждении приняли участие жители дома 31.",
            "Задан вопрос о статье 12.",
        ] {
            assert_eq!(read(text), Statistics::default(), "{text}");
        }
    }

    #[test]
    fn figures_in_the_forms_documents_state_them() {
        assert_eq!(read("Присутствовали: 45 человек.").total, Some(45));
        assert_eq!(read("Присутствовало: 38 человек").total, Some(38));
        assert_eq!(
            read("Количество участников публичных слушаний, которые приняли участие в публичных слушаниях - 29.").total,
            Some(29)
        );
        assert_eq!(read("Количество участников:18 человек.").total, Some(18));
        assert_eq!(read("Количество участников 5 человек").total, Some(5));
        assert_eq!(read("В публичных слушаниях приняли участие 25 чел.").total, Some(25));
        assert_eq!(read("Выступило с докладами и презентациями 13 человек.").speakers, Some(13));
        assert_eq!(read("Задано 12 вопросов, на которые получены ответы.").questions, Some(12));
        let s = read("В семинаре приняли участие 25 человек, из них представителей органов государственной 1, муниципальной власти 10 и гостей 2 из Хабаровска.");
        assert_eq!(s.total, Some(25));
        assert_eq!(s.categories.iter().map(|c| c.count).collect::<Vec<_>>(), [1, 10, 2]);
    }
}
