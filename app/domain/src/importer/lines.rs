//! What a single line of a document is: a list item, a lead-in or a protocol's cue word, an addressee
//! heading, a signature, a quoted title. Each test looks at the line alone (and at most at the next one).

use crate::document::SectionKind;

pub(super) const QUOTES: [char; 7] = ['"', '«', '»', '„', '“', '”', '\''];

/// Letters of a line, upper case only, at least four of them: «РЕКОМЕНДАЦИИ», «ПОВЕСТКА ДНЯ».
pub(super) fn is_caps_line(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && line.chars().count() <= 80 && letters.iter().all(|c| c.is_uppercase())
}

pub(super) fn is_quoted(line: &str) -> bool {
    line.chars().count() >= 3 && line.starts_with(QUOTES) && line.ends_with(QUOTES)
}

pub(super) fn unquote(line: &str) -> &str {
    let mut chars = line.chars();
    chars.next();
    chars.next_back();
    chars.as_str().trim()
}

/// Splits «семинара "Формы и методы", Москва» into the words before the quote, the quoted title and the
/// words after it. Nested quotes («… «…» …») stay inside the title.
pub(super) fn quoted_part(line: &str) -> Option<(&str, &str, &str)> {
    let start = line.find(QUOTES)?;
    let open = line[start..].chars().next()?;
    let close = match open {
        '«' => '»',
        '„' => '“',
        '“' => '”',
        c => c,
    };
    let inner_start = start + open.len_utf8();
    let mut depth = 0;
    let mut end = None;
    for (at, c) in line[inner_start..].char_indices() {
        if c == open && open != close {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                end = Some(inner_start + at);
                break;
            }
            depth -= 1;
        }
    }
    let end = end?;
    let title = line[inner_start..end].trim();
    (!title.is_empty()).then(|| (line[..start].trim(), title, line[end + close.len_utf8()..].trim()))
}

pub(super) fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', ':', ';', '»', '"', '…'])
}

/// «Дата проведения: 21 сентября 2020 года», «Председательствующий: Хачатурян Р.П.»: a short capitalised
/// label, a colon, and its value.
pub(super) fn is_label(line: &str) -> bool {
    let Some((label, value)) = line.split_once(':') else { return false };
    let words = label.split_whitespace().count();
    (1..=6).contains(&words)
        && label.chars().count() <= 60
        && label.starts_with(|c: char| c.is_uppercase())
        && !label.chars().any(|c| c.is_ascii_digit())
        && !value.trim().is_empty()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum MarkerStyle {
    Bullet,
    Number,
    Nested,
    Letter,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Marker {
    pub style: MarkerStyle,
    /// Leading spaces (a tab counts four): deeper than the list's first item means a sub-item.
    pub indent: usize,
    pub rest: String,
}

/// Recognises `-`, `–`, `—`, `•`, `*`, `·`, `▪`, `o` (Word's bullet of the second level), `1.`, `1)`, `а)`, `1.1.`
/// at the start of a line.
pub(super) fn list_marker(line: &str) -> Option<Marker> {
    let indent = line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let line = line.trim();
    let mut chars = line.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '–' | '—' | '•' | '*' | '·' | '▪' | '●' | '◦' | 'o' | '\u{f0b7}') {
        let rest = chars.as_str();
        if rest.starts_with([' ', '\t', '\u{a0}']) && !rest.trim().is_empty() {
            return Some(Marker { style: MarkerStyle::Bullet, indent, rest: rest.trim().to_string() });
        }
        return None;
    }
    if first.is_ascii_digit() {
        let digits_end = line.find(|c: char| !c.is_ascii_digit())?;
        let after = &line[digits_end..];
        if let Some(rest) = after.strip_prefix(')') {
            return marker_rest(rest, MarkerStyle::Number, indent);
        }
        let rest = after.strip_prefix('.')?;
        let nested_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if nested_end > 0 {
            let rest = &rest[nested_end..];
            let rest = rest.strip_prefix(['.', ')']).unwrap_or(rest);
            return marker_rest(rest, MarkerStyle::Nested, indent);
        }
        if digits_end > 3 {
            return None;
        }
        return marker_rest(rest, MarkerStyle::Number, indent);
    }
    if first.is_lowercase() && matches!(first, 'а'..='я' | 'a'..='z') {
        if let Some(rest) = chars.as_str().strip_prefix(')') {
            return marker_rest(rest, MarkerStyle::Letter, indent);
        }
    }
    None
}

/// «  a. …», «  б. …»: a nested level of a Word list, read only right under a list's item — elsewhere «г.
/// Москва» and «с. Бутырки» are places.
pub(super) fn nested_letter(line: &str) -> Option<Marker> {
    let indent = line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let mut chars = line.trim().chars();
    let first = chars.next()?;
    let rest = chars.as_str().strip_prefix('.')?;
    (indent > 0 && matches!(first, 'а'..='я' | 'a'..='z') && rest.starts_with(' '))
        .then(|| marker_rest(rest, MarkerStyle::Letter, indent))
        .flatten()
}

fn marker_rest(rest: &str, style: MarkerStyle, indent: usize) -> Option<Marker> {
    let starts_well = rest.starts_with([' ', '\t', '\u{a0}']) || rest.starts_with(|c: char| c.is_alphabetic());
    (starts_well && !rest.trim().is_empty()).then(|| Marker { style, indent, rest: rest.trim().to_string() })
}

/// The operative word of a body's act, which its points follow: «Собрание … РЕШИЛО:», «ПОСТАНОВЛЯЮ:». Read
/// only in capitals, as acts set it: in prose («суд решил: отказать») it is a sentence's verb.
const ACT_WORDS: [&str; 9] =
    ["решило", "решил", "решила", "решает", "постановило", "постановил", "постановила", "постановляет", "постановляю"];

fn is_act_word(word: &str) -> bool {
    word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) && ACT_WORDS.contains(&word.to_lowercase().as_str())
}

/// A whole line that is one decision word: «РЕШИЛИ:», «РЕКОМЕНДОВАТЬ», «РЕШИЛО:».
fn decision_word(line: &str) -> Option<SectionKind> {
    let written = line.trim().trim_end_matches([':', '.']).trim();
    let word = written.to_lowercase();
    if is_act_word(written) {
        return Some(SectionKind::Decisions);
    }
    match word.as_str() {
        "решили" | "постановили" | "решение" | "решено" => Some(SectionKind::Decisions),
        "рекомендовать" | "рекомендуем" | "предлагаем" | "рекомендуют" | "рекомендуется" => {
            Some(SectionKind::Recommendations)
        }
        _ => None,
    }
}

/// The cue words of a protocol (and of the conclusions of a заключение), with the kind of section each opens.
const CUES: [(&str, SectionKind); 11] = [
    ("повестка дня", SectionKind::Agenda),
    ("повестка", SectionKind::Agenda),
    ("слушали", SectionKind::Heard),
    ("выступили", SectionKind::Speeches),
    ("выступил", SectionKind::Speeches),
    ("выступила", SectionKind::Speeches),
    ("решили", SectionKind::Decisions),
    ("постановили", SectionKind::Decisions),
    ("решение", SectionKind::Decisions),
    ("выводы", SectionKind::Conclusions),
    ("заключение", SectionKind::Conclusions),
];

/// «СЛУШАЛИ:», «1. СЛУШАЛИ: Иванову И.И. …», «По первому вопросу слушали:», «ПОВЕСТКА ДНЯ», «Выводы по
/// результатам публичных слушаний:». Returns the kind, the lead-in (up to the colon) and the words after
/// it on the same line.
pub(super) fn cue(line: &str) -> Option<(SectionKind, String, String)> {
    let line = line.trim();
    let lower = crate::text::lowercase_in_place(line)?;
    // The cue may follow a question's number or «По первому вопросу (повестки дня)».
    let mut start = 0;
    if let Some(m) = list_marker(line).filter(|m| m.style == MarkerStyle::Number) {
        start = line.len() - m.rest.len();
    }
    let mut candidates = vec![start];
    if lower[start..].starts_with("по ") {
        if let Some(at) = lower[start..].find("вопрос") {
            let after = start + at;
            let skip = lower[after..].find(' ').map_or(lower.len(), |s| after + s + 1);
            candidates.push(skip);
            if lower[skip..].starts_with("повестки дня ") {
                candidates.push(skip + "повестки дня ".len());
            }
        }
    }
    for at in candidates {
        for (word, kind) in CUES {
            let Some(rest) = lower[at..].strip_prefix(word) else { continue };
            let shouts = line[at..at + word.len()].chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
            let rest_at = at + word.len();
            let (lead_end, inline) = match rest.trim_start().chars().next() {
                None => (line.len(), ""),
                Some(':') => {
                    let colon = rest_at + rest.find(':').expect("a colon");
                    (colon + 1, line[colon + 1..].trim())
                }
                // «Выводы по результатам публичных слушаний:», «Заключение о результатах …:».
                Some(c) if c.is_alphabetic() && kind == SectionKind::Conclusions && line.ends_with(':') => {
                    (line.len(), "")
                }
                Some('-' | '–' | '—') if shouts => {
                    let dash = rest_at + rest.find(['-', '–', '—']).expect("a dash");
                    let dash_len = line[dash..].chars().next().map_or(1, char::len_utf8);
                    (dash + dash_len, line[dash + dash_len..].trim())
                }
                Some(_)
                    if shouts
                        && rest.starts_with(' ')
                        && matches!(word, "слушали" | "выступили" | "решили" | "постановили") =>
                {
                    (rest_at, line[rest_at..].trim())
                }
                _ => continue,
            };
            // «Решение, принятое участниками» and «Заключение о результатах …» in running text are not cues:
            // the weaker words need a colon or capitals.
            let weak = matches!(word, "решение" | "заключение" | "повестка" | "выступил" | "выступила");
            if weak && !shouts && !line[..lead_end].ends_with(':') {
                continue;
            }
            return Some((kind, line[..lead_end].trim().to_string(), inline.to_string()));
        }
    }
    None
}

/// A line that opens a list of the resolution genre: «Участники семинара рекомендуют:», «РЕШИЛИ:».
pub(super) fn lead_in_kind(line: &str, next_is_list: bool) -> Option<SectionKind> {
    if let Some(kind) = decision_word(line) {
        return Some(kind);
    }
    // «Руководствуясь …, Совет депутатов РЕШИЛ:»: an act's preamble, however long, ends in its operative word.
    let last_word = line.strip_suffix(':').and_then(|l| l.split_whitespace().last());
    if last_word.is_some_and(is_act_word) && list_marker(line).is_none() {
        return Some(SectionKind::Decisions);
    }
    let table_heading = line.starts_with('№') || line.starts_with('|');
    if table_heading
        || list_marker(line).is_some()
        || line.chars().count() > 300
        || !(line.ends_with(':') || next_is_list)
    {
        return None;
    }
    let lower = line.to_lowercase();
    // «принято следующее решение:», and a hearing's «вынесено следующее заключение:» before its list (not «Дата
    // оформления заключения: …», «В заключение председатель отметил:», nor a protocol's cue «Заключение:»).
    let concluded = next_is_list && {
        let t = lower.trim_end_matches(':').trim_end();
        t.ends_with(" заключение") && !t.starts_with("в заключение")
    };
    let decided = lower.contains("решени") || concluded;
    let kind = if decided && line.ends_with(':') && !lower.contains("рекоменд") {
        SectionKind::Decisions
    } else if ["отметил", "отмечают", "констатировал", "констатируют"].iter().any(|c| lower.contains(c))
    {
        SectionKind::Findings
    } else if lower.contains("выявил") || lower.contains("проблем") {
        SectionKind::Problems
    } else if [
        "рекоменд",
        "предлага",
        "считают необходимым",
        "считают целесообразным",
        "просят",
        "решили",
        "постановили",
    ]
    .iter()
    .any(|cue| lower.contains(cue))
    {
        SectionKind::Recommendations
    } else if line.ends_with(':') && next_is_list {
        SectionKind::Other
    } else {
        return None;
    };
    Some(kind)
}

/// A lead-in with the first item on the same line: «Участники публичных слушаний РЕКОМЕНДУЮТ: Рекомендовать
/// администрации …». Returns the kind, the lead-in and the item's words.
pub(super) fn inline_lead_in(line: &str) -> Option<(SectionKind, String, String)> {
    let colon = line.find(':')?;
    let (head, rest) = (&line[..=colon], line[colon + 1..].trim());
    if rest.is_empty() || head.chars().count() > 200 || list_marker(line).is_some() {
        return None;
    }
    let kind = lead_in_kind(head, false)?;
    (kind != SectionKind::Other).then(|| (kind, head.trim().to_string(), rest.to_string()))
}

/// Initials as signatures write them: «Н.В. Новикова», «Новикова Н.В.», «Н. В. Новикова».
fn has_initials(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    chars.windows(4).any(|w| {
        w[0].is_uppercase()
            && w[1] == '.'
            && ((w[2].is_uppercase() && w[3] == '.') || (w[2] == ' ' && w[3].is_uppercase()))
    })
}

/// «Председатель оргкомитета Н.В. Новикова», «Секретарь: Иванова И.И.».
pub(super) fn is_signature(line: &str) -> bool {
    const ROLES: [&str; 8] = [
        "председатель",
        "председательствующий",
        "секретарь",
        "глава",
        "заместитель председателя",
        "члены комиссии",
        "член комиссии",
        "подпись",
    ];
    let lower = line.trim().to_lowercase();
    line.chars().count() <= 150
        && !line.trim_end().ends_with(':')
        && ROLES.iter().any(|r| lower.starts_with(r))
        && has_initials(line)
}

/// An addressee heading that the items after it are addressed to: «Правительству Российской Федерации:».
pub(super) fn addressee_heading(line: &str) -> Option<String> {
    let head = line.trim().strip_suffix(':')?.trim();
    if head.is_empty() || head.chars().count() > 200 || list_marker(line).is_some() || head.contains(':') {
        return None;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let first = words.first()?;
    let lower = head.to_lowercase();
    let verbish = words.iter().any(|w| super::addressees::is_infinitive(w))
        || ["рекоменд", "отмет", "выявил", "предлага", "считают", "просят", "решили", "постановили", "участник"]
            .iter()
            .any(|c| lower.contains(c));
    (first.starts_with(|c: char| c.is_uppercase()) && super::addressees::looks_dative(first) && !verbish)
        .then(|| head.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_of_a_protocol() {
        let c = cue;
        assert_eq!(c("СЛУШАЛИ:"), Some((SectionKind::Heard, "СЛУШАЛИ:".into(), String::new())));
        assert_eq!(
            c("1. СЛУШАЛИ: Иванову И.И. — о проекте"),
            Some((SectionKind::Heard, "1. СЛУШАЛИ:".into(), "Иванову И.И. — о проекте".into()))
        );
        assert_eq!(
            c("По первому вопросу повестки дня слушали: главу поселения"),
            Some((SectionKind::Heard, "По первому вопросу повестки дня слушали:".into(), "главу поселения".into()))
        );
        assert_eq!(c("ПОВЕСТКА ДНЯ").map(|x| x.0), Some(SectionKind::Agenda));
        assert_eq!(c("Повестка дня:").map(|x| x.0), Some(SectionKind::Agenda));
        assert_eq!(c("ПОСТАНОВИЛИ:").map(|x| x.0), Some(SectionKind::Decisions));
        assert_eq!(c("РЕШИЛИ – одобрить проект").map(|x| x.2), Some("одобрить проект".into()));
        assert_eq!(c("Выводы о результатах публичных слушаний:").map(|x| x.0), Some(SectionKind::Conclusions));
        assert_eq!(c("Решение, принятое участниками публичных слушаний"), None);
        assert_eq!(c("Выступили с докладами 13 человек."), None);
        assert_eq!(c("Слушали внимательно и задавали вопросы."), None);
        assert_eq!(c("Повесткой дня стали"), None);
        assert_eq!(c("по Ⱥ вопросу слушали: ẞ"), None, "offsets in the lower case would not be offsets in the line");
    }

    #[test]
    fn signatures_and_addressee_headings() {
        assert!(is_signature("Председатель оргкомитета Н.В. Новикова"));
        assert!(is_signature("Секретарь Н.А. Антонова"));
        assert!(is_signature("Секретарь: Иванова И.И."));
        assert!(!is_signature("Председательствующий на общественных обсуждениях:"));
        assert!(!is_signature("Глава администрации обеспечит выполнение решения."));
        assert_eq!(
            addressee_heading("Правительству Российской Федерации:"),
            Some("Правительству Российской Федерации".into())
        );
        assert_eq!(
            addressee_heading("Органам местного самоуправления:"),
            Some("Органам местного самоуправления".into())
        );
        assert_eq!(addressee_heading("Участники семинара рекомендуют:"), None);
        assert_eq!(addressee_heading("Наименование проекта:"), None);
        assert_eq!(addressee_heading("Министерству рекомендовать:"), None);
    }

    #[test]
    fn inline_lead_ins() {
        assert_eq!(
            inline_lead_in("Участники публичных слушаний РЕКОМЕНДУЮТ: Рекомендовать администрации поселка утвердить"),
            Some((
                SectionKind::Recommendations,
                "Участники публичных слушаний РЕКОМЕНДУЮТ:".into(),
                "Рекомендовать администрации поселка утвердить".into()
            ))
        );
        assert_eq!(inline_lead_in("Дата и место проведения: 20.10.2017г. п. Теплое"), None);
        assert_eq!(inline_lead_in("Наименование проекта: проект изменений"), None);
        // What a hearing concluded is what it decided (Арамильский городской округ, 2023).
        let concluded = "На основании результатов проведенных публичных слушаний вынесено следующее заключение:";
        assert_eq!(lead_in_kind(concluded, true), Some(SectionKind::Decisions));
        assert_eq!(inline_lead_in("Дата оформления заключения: 07.12.2023"), None);
        assert_eq!(lead_in_kind("В заключение председатель отметил:", true), Some(SectionKind::Findings));
        assert_ne!(lead_in_kind("О заключении договора аренды:", true), Some(SectionKind::Decisions));
        // The operative word of a body's act, on a line of its own or closing the act's preamble.
        for line in [
            "РЕШИЛО:",
            "РЕШИЛА",
            "ПОСТАНОВЛЯЮ:",
            "Руководствуясь Уставом, Совет депутатов РЕШИЛ:",
            "Дума ПОСТАНОВЛЯЕТ:",
        ] {
            assert_eq!(lead_in_kind(line, false), Some(SectionKind::Decisions), "{line}");
        }
        assert_eq!(lead_in_kind("Решила Иванова", false), None);
        // In prose it is a sentence's verb.
        assert_eq!(lead_in_kind("Иванова И.И. напомнила, что в 2019 году суд решил:", false), None);
        assert_eq!(lead_in_kind("решил:", false), None);
        assert_eq!(lead_in_kind("Участники слушаний решили:", false), Some(SectionKind::Recommendations));
    }

    #[test]
    fn quoted_parts() {
        assert_eq!(
            quoted_part("Международного форума «Дружба народов», Москва"),
            Some(("Международного форума", "Дружба народов", ", Москва"))
        );
        assert_eq!(quoted_part("по вопросу «О проекте «Парк»»"), Some(("по вопросу", "О проекте «Парк»", "")));
        assert_eq!(quoted_part("на тему \"Город\" 2021"), Some(("на тему", "Город", "2021")));
    }
}
