//! Reads a resolution written as plain text or Markdown into a [`Document`].
//!
//! The importer never drops a line: what it recognises becomes structure (header, sections, items, the vote),
//! everything else stays as narrative text, and whatever looked wrong is reported as a [`Warning`].

use crate::date::Date;
use crate::document::{Document, Header, Item, ItemId, Section, SectionKind, VoteResult};
use crate::event::{EventKind, ParticipantCategory};
use crate::statistics::{CategoryCount, Statistics};
use crate::text::{squash_spaces, strip_emphasis};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// 1-based line of the source the warning is about, when there is one.
    pub line: Option<usize>,
    pub kind: WarningKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum WarningKind {
    /// A count written with a minus sign («-11 человек»); read as its absolute value.
    NegativeNumber {
        value: i64,
    },
    /// The counts by category do not add up to the total.
    CategorySumMismatch {
        total: u32,
        sum: u32,
    },
    /// A category's wording seems to lack a word («органов государственной 1»).
    IncompleteWording {
        phrase: String,
    },
    /// A category that matches none of the known ones; counted as «other».
    UnknownCategory {
        phrase: String,
    },
    NoTitle,
    NoDate,
    NoCity,
    /// A line that started a vote but whose counts could not be read; kept as text.
    UnreadVote,
    /// A second vote result; the first one is kept as the result, this one as text.
    SecondVote,
}

/// Reads `source` with fresh random ids.
pub fn import(source: &str) -> Import {
    import_with(source, &mut fastrand::Rng::new())
}

pub fn import_with(source: &str, rng: &mut fastrand::Rng) -> Import {
    let lines: Vec<String> =
        source.trim_start_matches('\u{feff}').lines().map(|l| strip_emphasis(l).trim_end().to_string()).collect();
    let mut reader =
        Reader { lines: &lines, rng, doc: Document::default(), warnings: Vec::new(), origin: HashMap::new() };
    let body_start = reader.read_header();
    reader.read_body(body_start);
    reader.finish()
}

struct Reader<'a> {
    lines: &'a [String],
    rng: &'a mut fastrand::Rng,
    doc: Document,
    warnings: Vec<Warning>,
    /// The source line each item started on, for warnings found later.
    origin: HashMap<ItemId, usize>,
}

/// What a paragraph or list is currently collecting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Paragraph,
    ListItem,
    Vote,
}

impl Reader<'_> {
    fn warn(&mut self, line: Option<usize>, kind: WarningKind) {
        self.warnings.push(Warning { line, kind });
    }

    /// Reads the header lines at the top and returns the index of the first body line.
    fn read_header(&mut self) -> usize {
        let mut h = Header::default();
        let mut i = 0;
        while i < self.lines.len() {
            let raw = self.lines[i].trim();
            if raw.is_empty() {
                i += 1;
                continue;
            }
            if raw.starts_with('\\') {
                break;
            }
            let line = raw.trim_start_matches('#').trim();
            let nothing_yet = h == Header::default();
            if h.doc_kind.is_empty() && nothing_yet && is_caps_line(line) {
                h.doc_kind = squash_spaces(line);
            } else if h.event_line.is_empty() && h.title.is_empty() && EventKind::from_genitive_line(line).is_some() {
                h.event_kind = EventKind::from_genitive_line(line);
                match quoted_part(line) {
                    Some((before, title)) => {
                        h.event_line = squash_spaces(before);
                        h.title = squash_spaces(&title);
                    }
                    None => h.event_line = squash_spaces(line),
                }
            } else if h.title.is_empty() && is_quoted(line) {
                h.title = squash_spaces(unquote(line));
            } else if h.starts_on.is_none() && line.chars().count() <= 80 && Date::find_in(line).is_some() {
                let (start, end) = Date::find_range_in(line).expect("a date was found");
                h.starts_on = Some(start);
                h.ends_on = end;
                if h.city.is_empty() {
                    if let Some(city) = city_of(line) {
                        h.city = city;
                    }
                }
            } else if h.city.is_empty() && city_of(line).is_some() && line.chars().count() <= 80 {
                h.city = city_of(line).unwrap_or_default();
            } else if h.title.is_empty()
                && !h.event_line.is_empty()
                && line.chars().count() <= 200
                && !line.ends_with(['.', ':'])
                && list_marker(line).is_none()
            {
                h.title = squash_spaces(line);
            } else {
                break;
            }
            i += 1;
        }
        if h.title.is_empty() {
            self.warn(None, WarningKind::NoTitle);
        }
        if h.starts_on.is_none() {
            self.warn(None, WarningKind::NoDate);
        }
        if h.city.is_empty() {
            self.warn(None, WarningKind::NoCity);
        }
        self.doc.header = h;
        i
    }

    fn read_body(&mut self, start: usize) {
        let mut open = Open::Nothing;
        // A «Голосовали:» line whose counts are expected on the next lines.
        let mut pending_vote: Option<(String, usize)> = None;
        let mut i = start;
        while i < self.lines.len() {
            let number = i + 1;
            let line = self.lines[i].trim();
            i += 1;
            if line.is_empty() {
                if open != Open::Vote {
                    open = Open::Nothing;
                }
                continue;
            }
            if let Some(literal) = line.strip_prefix('\\') {
                self.paragraph_line(literal, number, &mut open);
                continue;
            }
            if let Some(tally) = parse_tally(line) {
                let continues = open == Open::Vote;
                let counts = [tally.vote.in_favour, tally.vote.against, tally.vote.abstained].iter().flatten().count();
                if continues || tally.opening || (self.doc.vote.is_none() && counts >= 2) {
                    if tally.vote.is_empty() && self.doc.vote.is_none() {
                        pending_vote = Some((line.to_string(), number));
                        open = Open::Vote;
                        continue;
                    }
                    match merge_vote(self.doc.vote, tally.vote, continues) {
                        Some(vote) => {
                            self.doc.vote = Some(vote);
                            pending_vote = None;
                            open = Open::Vote;
                        }
                        None => {
                            self.warn(Some(number), WarningKind::SecondVote);
                            self.paragraph_line(line, number, &mut open);
                        }
                    }
                    continue;
                }
            }
            if open == Open::Vote {
                open = Open::Nothing;
            }
            if let Some((text, at)) = pending_vote.take() {
                self.warn(Some(at), WarningKind::UnreadVote);
                self.paragraph_line(&text, at, &mut open);
                open = Open::Nothing;
            }
            if looks_like_vote_opening(line) {
                self.warn(Some(number), WarningKind::UnreadVote);
                self.paragraph_line(line, number, &mut open);
                continue;
            }
            let next_is_list =
                self.lines[i..].iter().find(|l| !l.trim().is_empty()).is_some_and(|l| list_marker(l).is_some());
            if let Some(kind) = lead_in_kind(line, next_is_list) {
                let id = ItemId::random(self.rng);
                self.doc.sections.push(Section { id, kind, lead_in: squash_spaces(line), items: Vec::new() });
                open = Open::Nothing;
                continue;
            }
            if let Some(marker) = list_marker(&self.lines[i - 1]) {
                self.list_item(marker, number);
                open = Open::ListItem;
                continue;
            }
            self.paragraph_line(line, number, &mut open);
        }
        if let Some((text, at)) = pending_vote {
            self.warn(Some(at), WarningKind::UnreadVote);
            self.paragraph_line(&text, at, &mut Open::Nothing);
        }
    }

    fn list_item(&mut self, marker: Marker, number: usize) {
        let in_list = self.doc.sections.last().is_some_and(|s| s.kind.is_list());
        if !in_list {
            let id = ItemId::random(self.rng);
            self.doc.sections.push(Section { id, kind: SectionKind::Other, lead_in: String::new(), items: Vec::new() });
        }
        let section = self.doc.sections.last_mut().expect("a list section is open");
        let depth = match marker.style {
            MarkerStyle::Nested => 1,
            MarkerStyle::Letter if section.items.iter().any(|i| i.depth == 0) => 1,
            MarkerStyle::Indented => 1,
            _ => 0,
        };
        let id = ItemId::random(self.rng);
        self.origin.insert(id.clone(), number);
        section.items.push(Item { id, text: squash_spaces(&marker.rest), addressee: String::new(), depth });
    }

    fn paragraph_line(&mut self, line: &str, number: usize, open: &mut Open) {
        let text = squash_spaces(line);
        match *open {
            Open::ListItem => {
                let item = self.doc.sections.last_mut().and_then(|s| s.items.last_mut()).expect("an item is open");
                item.text = format!("{} {}", item.text, text);
                return;
            }
            Open::Paragraph => {
                let item = self.doc.sections.last_mut().and_then(|s| s.items.last_mut()).expect("a paragraph is open");
                if !item.text.ends_with(['.', '!', '?', ':', ';', '»', '"', '…']) {
                    item.text = format!("{} {}", item.text, text);
                    return;
                }
            }
            Open::Nothing | Open::Vote => {}
        }
        if self.doc.sections.last().is_none_or(|s| s.kind != SectionKind::Narrative) {
            let id = ItemId::random(self.rng);
            self.doc.sections.push(Section {
                id,
                kind: SectionKind::Narrative,
                lead_in: String::new(),
                items: Vec::new(),
            });
        }
        let id = ItemId::random(self.rng);
        self.origin.insert(id.clone(), number);
        let section = self.doc.sections.last_mut().expect("a narrative section is open");
        section.items.push(Item { id, text, addressee: String::new(), depth: 0 });
        *open = Open::Paragraph;
    }

    fn finish(mut self) -> Import {
        for section in &mut self.doc.sections {
            if section.kind == SectionKind::Recommendations {
                for item in &mut section.items {
                    if let Some((addressee, rest)) = split_addressee(&item.text) {
                        item.addressee = addressee;
                        item.text = rest;
                    }
                }
            }
        }
        let narrative: Vec<(String, Option<usize>)> = self
            .doc
            .items_of(SectionKind::Narrative)
            .map(|i| (i.text.clone(), self.origin.get(&i.id).copied()))
            .collect();
        let mut stats = Statistics::default();
        for (text, line) in narrative {
            for sentence in sentences(&text) {
                read_statistics(sentence, line, &mut stats, &mut self.warnings);
            }
        }
        if let Some(total) = stats.total {
            let sum = stats.category_sum();
            if !stats.categories.is_empty() && sum != total {
                self.warn(None, WarningKind::CategorySumMismatch { total, sum });
            }
        }
        self.doc.statistics = stats;
        self.warnings.sort_by_key(|w| w.line.unwrap_or(0));
        Import { document: self.doc, warnings: self.warnings }
    }
}

// ---------------------------------------------------------------- header

fn is_caps_line(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4
        && line.chars().count() <= 80
        && letters.iter().all(|c| c.is_uppercase())
        && !is_decision_word(line)
        && list_marker(line).is_none()
}

const QUOTES: [char; 7] = ['"', '«', '»', '„', '“', '”', '\''];

fn is_quoted(line: &str) -> bool {
    line.chars().count() >= 3 && line.starts_with(QUOTES) && line.ends_with(QUOTES)
}

fn unquote(line: &str) -> &str {
    let mut chars = line.chars();
    chars.next();
    chars.next_back();
    chars.as_str().trim()
}

/// Splits «семинара "Формы и методы"» into the words before the quote and the quoted title.
fn quoted_part(line: &str) -> Option<(&str, String)> {
    let start = line.find(QUOTES)?;
    let (before, quoted) = line.split_at(start);
    let title = quoted.trim().trim_start_matches(QUOTES).trim_end_matches(['.', ',']).trim_end_matches(QUOTES);
    (!title.trim().is_empty()).then(|| (before.trim(), title.trim().to_string()))
}

/// «г. Благовещенск», «город Благовещенск», «г.Благовещенск, 27 января 2021 г.» → «Благовещенск».
fn city_of(line: &str) -> Option<String> {
    let rest =
        line.strip_prefix("г.").or_else(|| line.strip_prefix("город ")).or_else(|| line.strip_prefix("Город "))?;
    let city = rest.split(',').next()?.trim();
    let city = city.trim_end_matches('.');
    (city.starts_with(|c: char| c.is_uppercase()) && !city.is_empty()).then(|| squash_spaces(city))
}

// ---------------------------------------------------------------- sections and lists

fn is_decision_word(line: &str) -> bool {
    let word = line.trim().trim_end_matches([':', '.']).trim();
    matches!(word, "РЕШИЛИ" | "ПОСТАНОВИЛИ" | "РЕКОМЕНДОВАТЬ" | "РЕКОМЕНДУЕМ" | "ПРЕДЛАГАЕМ" | "РЕКОМЕНДУЮТ")
}

/// A line that opens a list: «Участники семинара рекомендуют:», «РЕШИЛИ:».
fn lead_in_kind(line: &str, next_is_list: bool) -> Option<SectionKind> {
    if is_decision_word(line) {
        return Some(SectionKind::Recommendations);
    }
    if list_marker(line).is_some() || line.chars().count() > 300 || !(line.ends_with(':') || next_is_list) {
        return None;
    }
    let lower = line.to_lowercase();
    let kind = if lower.contains("отметил") {
        SectionKind::Findings
    } else if lower.contains("выявил") || lower.contains("проблем") {
        SectionKind::Problems
    } else if ["рекоменд", "предлага", "считают необходимым", "просят", "решили", "постановили"]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MarkerStyle {
    Bullet,
    Number,
    Nested,
    Letter,
    Indented,
}

#[derive(Debug, PartialEq, Eq)]
struct Marker {
    style: MarkerStyle,
    rest: String,
}

/// Recognises `-`, `–`, `—`, `•`, `*`, `1.`, `1)`, `а)`, `1.1.` at the start of a line.
fn list_marker(line: &str) -> Option<Marker> {
    let indented = line.starts_with("  ") || line.starts_with('\t');
    let line = line.trim();
    let mut chars = line.chars();
    let first = chars.next()?;
    if matches!(first, '-' | '–' | '—' | '•' | '*' | '·') {
        let rest = chars.as_str();
        if rest.starts_with(' ') && !rest.trim().is_empty() {
            let style = if indented { MarkerStyle::Indented } else { MarkerStyle::Bullet };
            return Some(Marker { style, rest: rest.trim().to_string() });
        }
        return None;
    }
    if first.is_ascii_digit() {
        let digits_end = line.find(|c: char| !c.is_ascii_digit())?;
        let after = &line[digits_end..];
        if let Some(rest) = after.strip_prefix(')') {
            return marker_rest(rest, MarkerStyle::Number);
        }
        let rest = after.strip_prefix('.')?;
        let nested_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if nested_end > 0 {
            let rest = &rest[nested_end..];
            let rest = rest.strip_prefix(['.', ')']).unwrap_or(rest);
            return marker_rest(rest, MarkerStyle::Nested);
        }
        if digits_end > 3 {
            return None;
        }
        return marker_rest(rest, MarkerStyle::Number);
    }
    if first.is_lowercase() && matches!(first, 'а'..='я' | 'a'..='z') {
        if let Some(rest) = chars.as_str().strip_prefix(')') {
            return marker_rest(rest, MarkerStyle::Letter);
        }
    }
    None
}

fn marker_rest(rest: &str, style: MarkerStyle) -> Option<Marker> {
    let starts_well = rest.starts_with(' ') || rest.starts_with(|c: char| c.is_alphabetic());
    (starts_well && !rest.trim().is_empty()).then(|| Marker { style, rest: rest.trim().to_string() })
}

// ---------------------------------------------------------------- addressees

/// «Министерству экономики и внешних связей проанализировать …» → the addressee and the rest.
pub fn split_addressee(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split(' ').collect();
    let first = *words.first()?;
    if !first.starts_with(|c: char| c.is_uppercase()) || is_infinitive(first) || !looks_dative(first) {
        return None;
    }
    let mut verb = (1..words.len().min(20))
        .find(|&k| words[k].starts_with(|c: char| c.is_lowercase()) && is_infinitive(words[k]))?;
    while verb > 1 && is_adverb(words[verb - 1]) {
        verb -= 1;
    }
    Some((words[..verb].join(" "), words[verb..].join(" ")))
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase()
}

fn looks_dative(word: &str) -> bool {
    let w = bare(word);
    if w.chars().count() < 3 {
        return false;
    }
    ["у", "ю", "ам", "ям", "ым", "им", "ому", "ему", "ии", "ой"].iter().any(|e| w.ends_with(e))
        || (w.ends_with('е') && !["ие", "ое", "ые", "ее"].iter().any(|e| w.ends_with(e)))
}

fn is_infinitive(word: &str) -> bool {
    const TI_VERBS: [&str; 14] = [
        "провести",
        "внести",
        "ввести",
        "привести",
        "перевести",
        "найти",
        "перейти",
        "вести",
        "нести",
        "обрести",
        "произвести",
        "изыскать",
        "расти",
        "соблюсти",
    ];
    const NOUNS: [&str; 8] = ["сеть", "треть", "суть", "путь", "нить", "мать", "честь", "весть"];
    let w = bare(word);
    if NOUNS.contains(&w.as_str()) {
        return false;
    }
    if TI_VERBS.contains(&w.as_str()) || w.ends_with("ться") || w.ends_with("чь") || w.ends_with("тись") {
        return true;
    }
    if w.ends_with("ость")
        || w.ends_with("асть")
        || (w.ends_with("есть") && !["учесть", "прочесть"].contains(&w.as_str()))
    {
        return false;
    }
    w.ends_with("ть") && w.chars().count() > 3
}

fn is_adverb(word: &str) -> bool {
    const ADVERBS: [&str; 12] = [
        "активно",
        "совместно",
        "ежегодно",
        "незамедлительно",
        "своевременно",
        "регулярно",
        "также",
        "ещё",
        "еще",
        "более",
        "необходимо",
        "постоянно",
    ];
    let w = bare(word);
    ADVERBS.contains(&w.as_str()) || (w.ends_with("ее") && w.chars().count() > 4)
}

// ---------------------------------------------------------------- vote

#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    /// The line starts like a vote («Голосовали», «Принято»), not with a bare count.
    opening: bool,
    vote: VoteResult,
}

fn tally_tokens(line: &str) -> Vec<String> {
    let lower: String = line
        .to_lowercase()
        .chars()
        .map(|c| {
            if QUOTES.contains(&c) || matches!(c, ':' | '—' | '–' | '-' | ',' | ';' | '(' | ')') {
                ' '
            } else {
                c
            }
        })
        .collect();
    lower.split_whitespace().map(|t| t.trim_end_matches('.').to_string()).filter(|t| !t.is_empty()).collect()
}

/// Reads «Голосовали: "ЗА" - 25 чел.», «"Против" нет», «единогласно», «за – 15, против – 2, воздержались – 1».
fn parse_tally(line: &str) -> Option<Tally> {
    const OPENERS: [&str; 6] = ["голосовали", "голосование", "итоги", "результаты", "принято", "решение"];
    const FILLER: [&str; 8] = ["чел", "человек", "человека", "голосов", "голосования", "голос", "принято", "итоги"];
    let tokens = tally_tokens(line);
    let mut tally =
        Tally { opening: tokens.first().is_some_and(|t| OPENERS.contains(&t.as_str())), ..Tally::default() };
    let mut found = false;
    let mut k = 0;
    while k < tokens.len() {
        let t = tokens[k].as_str();
        let slot = match t {
            "за" => Some(&mut tally.vote.in_favour),
            "против" => Some(&mut tally.vote.against),
            _ if t.starts_with("воздерж") => Some(&mut tally.vote.abstained),
            _ => None,
        };
        if let Some(slot) = slot {
            let count = tokens.get(k + 1).and_then(|n| count_word(n))?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(count);
            found = true;
            k += 2;
            continue;
        }
        if t == "единогласно" {
            tally.vote.unanimous = true;
            found = true;
        } else if !(OPENERS.contains(&t) || FILLER.contains(&t) || t == "по" || t == "вопросу") {
            return None;
        }
        k += 1;
    }
    (found || (tally.opening && tokens.len() == 1 && tokens[0] == "голосовали")).then_some(tally)
}

fn count_word(word: &str) -> Option<u32> {
    match word {
        "нет" | "ноль" => Some(0),
        _ => word.parse().ok(),
    }
}

/// Adds a tally line to the vote read so far; `None` when it would be a second vote or write a count twice.
fn merge_vote(current: Option<VoteResult>, new: VoteResult, continues: bool) -> Option<VoteResult> {
    let Some(mut vote) = current else { return Some(new) };
    if !continues {
        return None;
    }
    for (slot, count) in
        [(&mut vote.in_favour, new.in_favour), (&mut vote.against, new.against), (&mut vote.abstained, new.abstained)]
    {
        if count.is_some() {
            if slot.is_some() {
                return None;
            }
            *slot = count;
        }
    }
    vote.unanimous |= new.unanimous;
    Some(vote)
}

fn looks_like_vote_opening(line: &str) -> bool {
    line.to_lowercase().starts_with("голосовали")
}

// ---------------------------------------------------------------- statistics

const ABBREVIATIONS: [&str; 14] = ["г", "гг", "ст", "им", "т", "д", "др", "чел", "руб", "тыс", "млн", "ул", "пр", "см"];

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

/// The numbers of a sentence, with their word positions: «-11» is −11.
fn numbers(words: &[&str]) -> Vec<(usize, i64)> {
    words
        .iter()
        .enumerate()
        .filter_map(|(k, w)| {
            let w = w.trim_end_matches([',', '.', ';', ')']).trim_start_matches('(');
            let digits = w.strip_prefix('-').unwrap_or(w);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 6 {
                return None;
            }
            let n: i64 = digits.parse().ok()?;
            Some((k, if w.starts_with('-') { -n } else { n }))
        })
        .collect()
}

fn checked(value: i64, line: Option<usize>, warnings: &mut Vec<Warning>) -> u32 {
    if value < 0 {
        warnings.push(Warning { line, kind: WarningKind::NegativeNumber { value } });
    }
    value.unsigned_abs().min(u32::MAX as u64) as u32
}

fn read_statistics(sentence: &str, line: Option<usize>, stats: &mut Statistics, warnings: &mut Vec<Warning>) {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let nums = numbers(&words);
    let Some(&(_, first)) = nums.first() else { return };
    if lower.contains("обсужден") && (lower.contains("участ") || lower.contains("выступ")) {
        if stats.discussion.is_none() {
            stats.discussion = Some(checked(first, line, warnings));
        }
    } else if lower.contains("выступил") || lower.contains("выступали") || lower.contains("доклад")
    {
        if stats.speakers.is_none() {
            stats.speakers = Some(checked(first, line, warnings));
        }
    } else if lower.contains("вопрос") && ["задан", "поступил", "прозвучал"].iter().any(|c| lower.contains(c))
    {
        if stats.questions.is_none() {
            stats.questions = Some(checked(first, line, warnings));
        }
    } else if ["приняли участие", "приняло участие", "участвовали", "присутствовали"].iter().any(|c| lower.contains(c))
        && stats.total.is_none()
    {
        stats.total = Some(checked(first, line, warnings));
        if let Some(k) = words.iter().position(|w| w.to_lowercase() == "них") {
            if k > 0 && words[k - 1].to_lowercase() == "из" {
                stats.categories = read_categories(&words[k + 1..], line, warnings);
            }
        }
    }
}

/// «представителей органов государственной 1, муниципальной власти 10, … и гостей 2 из Хабаровска и Биробиджана».
fn read_categories(words: &[&str], line: Option<usize>, warnings: &mut Vec<Warning>) -> Vec<CategoryCount> {
    let nums = numbers(words);
    let mut out = Vec::new();
    let mut phrase_start = 0;
    for (n, &(at, value)) in nums.iter().enumerate() {
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
        out.push(CategoryCount { category, count: checked(value, line, warnings), note: note.join(" ") });
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
mod tests;

/// Whether the importer would read `line` as anything but paragraph text (in the header too, when it would
/// stand right after the header). The Markdown export escapes such lines.
pub fn is_structural(line: &str, right_after_header: bool) -> bool {
    let line = line.trim();
    let header_like = right_after_header
        && (is_caps_line(line)
            || is_quoted(line)
            || EventKind::from_genitive_line(line).is_some()
            || city_of(line).is_some()
            || (line.chars().count() <= 200 && !line.ends_with(['.', ':']))
            || (line.chars().count() <= 80 && Date::find_in(line).is_some()));
    header_like
        || line.starts_with(['\\', '#'])
        || list_marker(line).is_some()
        || parse_tally(line).is_some()
        || looks_like_vote_opening(line)
        || lead_in_kind(line, true).is_some()
}
