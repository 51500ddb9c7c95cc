//! The header at the top of a document: the kind word, the body or event, the title, the number, the date
//! and the place, in any order, several on one line or each on its own, any of them absent. Every part keeps
//! its words as written, so nothing the header said is lost.

use super::lines::{self, is_caps_line, is_quoted, list_marker, quoted_part, unquote, QUOTES};
use crate::date::Date;
use crate::document::{DocumentKind, Header};
use crate::event::EventKind;
use crate::text::squash_spaces;

pub(super) struct HeaderRead {
    pub header: Header,
    /// Lines before the heading that are not part of it («Новости», a site's section name): kept as text.
    pub preamble: Vec<usize>,
    /// The line after an appendix's or approval's stamp above the heading (`stamp_end`): its lines are one
    /// paragraph. 0 without one, or when no heading was read below it.
    pub stamp_end: usize,
    pub body_start: usize,
}

/// The heading line among the first lines: «РЕКОМЕНДАЦИИ», «Резолюция Международного молодёжного форума …»,
/// «Заключение о результатах публичных слушаний по проекту».
fn heading(line: &str) -> Option<(DocumentKind, usize)> {
    // Measured as its parts are kept (`Reading::set`): without a comma or semicolon at the end.
    let line = line.trim().trim_start_matches('#').trim().trim_end_matches([',', ';']).trim_end();
    let long = line.chars().count() > 300;
    let prose = line.ends_with('.') && !line.ends_with("г.") && Date::find_in(line).is_none();
    if long || prose || line.ends_with(':') || list_marker(line).is_some() {
        return None;
    }
    if let Some(found) = DocumentKind::opening(line) {
        return Some(found);
    }
    if lines::cue(line).is_some() {
        return None;
    }
    let body_like = lines::lead_in_kind(line, false).is_some() || super::votes::parse_tally(line).is_some();
    (is_caps_line(line) && !body_like).then_some((DocumentKind::Other, line.len()))
}

const SETTLEMENTS: [&str; 22] = [
    "г.",
    "г ",
    "гор.",
    "город ",
    "с.",
    "село ",
    "п.",
    "пос.",
    "посёлок ",
    "поселок ",
    "пгт",
    "рп ",
    "р.п.",
    "д.",
    "дер.",
    "деревня ",
    "ст-ца",
    "станица ",
    "х.",
    "хутор ",
    "аул ",
    "сл.",
];

/// A segment that names a settlement first: «г. Благовещенск», «с. Бутырки», «город Серов», «р.п. Лысые Горы».
pub(super) fn is_settlement(segment: &str) -> bool {
    let lower = segment.trim().to_lowercase();
    SETTLEMENTS
        .iter()
        .any(|p| lower.strip_prefix(p).is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_alphabetic())))
        && settlement_name(segment).starts_with(|c: char| c.is_uppercase())
}

/// The name of a settlement without the word for its kind: «г. Благовещенск» → «Благовещенск».
pub(super) fn settlement_name(segment: &str) -> &str {
    let segment = segment.trim();
    let Some(lower) = crate::text::lowercase_in_place(segment) else { return segment.trim() };
    let prefix = SETTLEMENTS.iter().find(|p| lower.starts_with(*p)).map_or(0, |p| p.len());
    segment[prefix..].trim()
}

/// A short capitalised name standing beside a date («Москва», «София, Болгария»).
fn is_short_name(segment: &str) -> bool {
    let s = segment.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    !s.is_empty()
        && words.len() <= 6
        && s.chars().count() <= 80
        && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic()))
        && !s.ends_with([':', '.'])
        && !s.chars().any(|c| c.is_ascii_digit())
}

/// The first word (past a Roman ordinal: «II Северо-Кавказского …») looks like a genitive.
fn genitive_start(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .find(|w| !w.is_empty() && !w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')))
        .unwrap_or("")
        .to_lowercase();
    ["ого", "его", "ых", "их", "ой", "ей", "ии", "ния", "ний", "ара", "ума", "ола", "ета"]
        .iter()
        .any(|e| first.ends_with(e))
        && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// The words naming the event or the body, in the genitive: «семинара по обмену опытом», «Международного
/// молодёжного форума», «о результатах публичных слушаний», «по итогам круглого стола».
fn event_like(text: &str) -> bool {
    // As `Reading::set` keeps it: a line that ends in «.,» is kept ending in «.».
    let t = text.trim().trim_matches([',', ';']).trim();
    // «О РЕЗУЛЬТАТАХ ПУБЛИЧНЫХ СЛУШАНИЙ», «по итогам круглого стола»: a preposition, then the event.
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let genitive =
        genitive_start(t) || (["о", "об", "по", "на"].contains(&first.as_str()) && EventKind::named_in(t).is_some());
    !t.is_empty()
        && t.chars().count() <= 300
        && Date::find_span(t).is_none()
        && !t.ends_with(['.', ':'])
        && !is_settlement(t)
        && lines::lead_in_kind(t, false).is_none()
        && super::votes::parse_tally(t).is_none()
        && (t.starts_with(|c: char| c.is_lowercase()) || (genitive && EventKind::named_in(t).is_some()))
}

struct Reading<'a> {
    header: &'a mut Header,
}

impl Reading<'_> {
    fn set(field: &mut String, value: &str) -> bool {
        let value = squash_spaces(value.trim().trim_matches([',', ';']).trim());
        if value.is_empty() {
            return true;
        }
        // A part of the header names something: punctuation alone («.», «…») is not one.
        if !field.is_empty() || !value.chars().any(char::is_alphanumeric) {
            return false;
        }
        *field = value;
        true
    }

    /// Reads date, place and number from what stands beside a title or alone on a line; false when some of
    /// it is none of these.
    fn details(&mut self, text: &str) -> bool {
        let text = text.trim().trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
        if text.is_empty() {
            return true;
        }
        if let Some(rest) = text.strip_prefix('№') {
            let end = rest
                .trim_start()
                .find(char::is_whitespace)
                .map_or(rest.len(), |e| e + rest.len() - rest.trim_start().len());
            let (number, after) = rest.split_at(end);
            if !number.trim().starts_with(|c: char| c.is_ascii_digit())
                || !Self::set(&mut self.header.number, &format!("№{number}"))
            {
                return false;
            }
            return self.details(after);
        }
        if let Some((from, to)) = Date::find_span(text) {
            if !self.header.date.is_empty() {
                return false;
            }
            let (before, date, after) = (&text[..from], &text[from..to], &text[to..]);
            self.header.date = squash_spaces(date);
            let rest: Vec<&str> = [before, after]
                .into_iter()
                .map(|p| {
                    p.trim().trim_matches(|c: char| {
                        matches!(c, ',' | ';' | '(' | ')' | '-' | '–' | '—') || c.is_whitespace()
                    })
                })
                .filter(|p| !p.is_empty())
                .collect();
            // «от 28 сентября 2012 года № 18/114»: an act's number after its date.
            return rest.into_iter().all(|p| (p.starts_with('№') && self.details(p)) || self.place(p) || self.event(p));
        }
        self.place(text)
    }

    /// The event's words beside a date («публичных слушаний 04.07.2016г.»). A quoted part closing them is the
    /// title, as it is when the event has a line of its own (`after_heading`): «Всемирного форума «Молодежь
    /// строит будущее» (28-30.09.2019 г.)» (found by fuzzing the Markdown round trip).
    fn event(&mut self, text: &str) -> bool {
        if !self.header.event_line.is_empty() || !self.header.title.is_empty() {
            return false;
        }
        let titled = quoted_part(text).filter(|(before, title, after)| {
            after.trim().is_empty() && event_like(before) && title.chars().any(char::is_alphabetic)
        });
        if let Some((before, title, _)) = titled {
            self.header.event_line = squash_spaces(before);
            self.header.title = squash_spaces(title);
            return true;
        }
        event_like(text) && {
            self.header.event_line = squash_spaces(text);
            true
        }
    }

    fn place(&mut self, text: &str) -> bool {
        let text = text.trim_matches(|c: char| matches!(c, '(' | ')') || c.is_whitespace());
        !lines::is_signature(text)
            && (is_settlement(text)
                || (!self.header.date.is_empty() || !self.header.title.is_empty()) && is_short_name(text)
                || text.split(',').all(|p| is_settlement(p) || is_short_name(p)) && text.contains(','))
            && Self::set(&mut self.header.place, text)
    }

    /// One line of the header; false when the line is not (wholly) a part of it.
    fn line(&mut self, line: &str, first: bool) -> bool {
        // A bulleted line is a list's item, and a line in bars a table's row, whatever they name
        // («- г. Зея, ул. Мира», «| Зея | Мира |»).
        if list_marker(line).is_some_and(|m| m.style == lines::MarkerStyle::Bullet) || line.trim().starts_with('|') {
            return false;
        }
        let mut rest = line.trim().trim_start_matches('#').trim();
        if first {
            if let Some((kind, len)) = heading(rest) {
                self.header.kind = kind;
                self.header.doc_kind = squash_spaces(&rest[..len]);
                // Read as the part it becomes is kept (`Reading::set`): without a comma or semicolon at the end.
                rest = rest[len..]
                    .trim_start_matches([',', ' ', '\u{a0}'])
                    .trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
                if rest.is_empty() {
                    return true;
                }
                return self.after_heading(rest) || Self::set(&mut self.header.event_line, rest);
            }
        }
        self.after_heading(rest)
    }

    fn after_heading(&mut self, rest: &str) -> bool {
        if rest.starts_with('№') {
            return self.details(rest);
        }
        // «… по обсуждению проекта: «О бюджете …» 07 декабря 2023 г.»: a colon may stand before the title.
        let quoted =
            quoted_part(rest).map(|(before, title, after)| (before.trim_end_matches(':').trim_end(), title, after));
        let quoted = quoted.filter(|(before, title, _)| {
            let h = &*self.header;
            !title.chars().all(|c| c.is_ascii_digit())
                && title.chars().any(char::is_alphanumeric)
                && h.title.is_empty()
                && (before.is_empty() || (event_like(before) && h.event_line.is_empty()))
        });
        if let Some((before, title, after)) = quoted {
            let mut attempt = self.header.clone();
            let mut reading = Reading { header: &mut attempt };
            if !before.is_empty() {
                reading.header.event_line = squash_spaces(before);
            }
            reading.header.title = squash_spaces(title);
            if reading.details(after) {
                *self.header = attempt;
                return true;
            }
        }
        let h = &*self.header;
        let named = event_like(rest) && (!h.doc_kind.is_empty() || rest.starts_with(|c: char| c.is_lowercase()));
        if h.event_line.is_empty() && h.title.is_empty() && named && Date::find_span(rest).is_none() {
            return Self::set(&mut self.header.event_line, rest);
        }
        if Date::find_span(rest).is_some() && rest.chars().count() <= 160 {
            let mut header = self.header.clone();
            if (Reading { header: &mut header }).details(rest) {
                *self.header = header;
                return true;
            }
            return false;
        }
        if self.place(rest) {
            return true;
        }
        let h = &*self.header;
        let plain = rest.chars().count() <= 300 && !rest.ends_with(['.', ':', ';']) && !rest.starts_with('|');
        // «ЗАКЛЮЧЕНИЕ О РЕЗУЛЬТАТАХ ПУБЛИЧНЫХ СЛУШАНИЙ» / «Бутырского сельского поселения …»: the body whose
        // event it was goes on the event's line.
        let joined = squash_spaces(&format!("{} {rest}", h.event_line));
        // Read back from one line, it must still be an event line: not too long (`event_like`), no date in it,
        // and, unless it reads as an event on its own, short enough to stand on the heading's line.
        let fits = joined.chars().count() <= 300
            && Date::find_span(&joined).is_none()
            && (event_like(&joined) || heading(&format!("{} {joined}", h.doc_kind)).is_some());
        if plain && fits && !h.event_line.is_empty() && h.title.is_empty() && h.date.is_empty() && genitive_start(rest)
        {
            // A quoted part is the title, as it is when the event is on one line.
            if let Some((before, title, after)) =
                quoted_part(&joined).filter(|(_, title, _)| title.chars().any(char::is_alphanumeric))
            {
                let mut attempt = Header { event_line: squash_spaces(before), ..self.header.clone() };
                attempt.title = squash_spaces(title);
                if !before.is_empty() && (Reading { header: &mut attempt }).details(after) {
                    *self.header = attempt;
                    return true;
                }
            }
            self.header.event_line = joined;
            return true;
        }
        // «О проекте приказа … «О внесении изменений …»»: the subject of a hearing is its title, and so is an
        // act's under its kind word, number and date («РЕШЕНИЕ / от … № … / Об утверждении Положения …»).
        // One whose quote does not close here is cut short: not a title.
        let cut = rest.contains(['«', '„', '“']) && quoted_part(rest).is_none();
        if plain
            && h.title.is_empty()
            && (!h.event_line.is_empty() || !h.doc_kind.is_empty())
            && is_subject(rest)
            && !cut
        {
            self.header.title = squash_spaces(rest);
            return true;
        }
        let unquoted_title = h.title.is_empty()
            && !cut
            && rest.chars().any(char::is_alphanumeric)
            && (!h.event_line.is_empty() || !h.doc_kind.is_empty())
            && h.date.is_empty()
            && rest.chars().count() <= 200
            && !rest.ends_with(['.', ':'])
            && !rest.starts_with('|')
            && list_marker(rest).is_none()
            && lines::cue(rest).is_none()
            && super::votes::parse_tally(rest).is_none()
            && lines::lead_in_kind(rest, false).is_none()
            && !lines::is_signature(rest)
            && heading(rest).is_none();
        if unquoted_title && !h.event_line.is_empty() {
            self.header.title = squash_spaces(rest);
            return true;
        }
        false
    }
}

/// Reads the header from the top of `lines`.
pub(super) fn read(lines: &[String]) -> HeaderRead {
    // Every part of the header is kept with its spaces squashed; a line is measured the same way, so that it
    // reads the same as it is exported (a place padded with spaces to 200 characters is a short line).
    let squashed: Vec<String> = lines.iter().map(|l| squash_spaces(l)).collect();
    let lines = &squashed[..];
    // The heading is the last of the first three lines (after a stamp) that is one, when the lines before it
    // are short or headings too: a page's title or section name often stands above the document's own heading.
    let stamp = stamp_end(lines);
    let filled: Vec<usize> = (stamp..lines.len()).filter(|&i| !lines[i].trim().is_empty()).take(3).collect();
    let short = |i: usize| lines[i].trim().chars().count() <= 120 || heading(&lines[i]).is_some();
    let named = |i: usize| heading(&lines[i]).is_some_and(|(kind, _)| kind != DocumentKind::Other);
    // A line escaped with a backslash is text (the Markdown export escapes what would read as structure).
    let escaped = |i: usize| lines[i].trim_start().starts_with('\\');
    let candidates: Vec<usize> = (0..filled.len())
        .filter(|&p| {
            !escaped(filled[p]) && heading(&lines[filled[p]]).is_some() && filled[..p].iter().all(|&i| short(i))
        })
        .collect();
    // A heading that names its kind wins over a line that is only in capitals («ПУБЛИЧНЫХ СЛУШАНИЙ»).
    let heading_at = candidates.iter().rev().find(|&&p| named(filled[p])).or(candidates.first()).map(|&p| filled[p]);
    let preamble = |h: usize| (0..h).filter(|&i| !lines[i].trim().is_empty()).collect();
    if let (true, Some(h)) = (stamp > 0, heading_at) {
        let from_heading = read_from(lines, h, heading_at);
        if from_heading.header != Header::default() {
            return HeaderRead { preamble: preamble(h), stamp_end: stamp, ..from_heading };
        }
    }
    let read = read_from(lines, 0, heading_at);
    match heading_at {
        // The heading did not join the lines read above it (they took the parts its line names): those lines
        // are text, and the header starts at the heading.
        Some(h) if read.body_start == h && read.header != Header::default() => {
            let from_heading = read_from(lines, h, heading_at);
            if from_heading.header == Header::default() {
                return read;
            }
            HeaderRead { preamble: preamble(h), ..from_heading }
        }
        _ => read,
    }
}

/// The line after the stamp of an appendix or an approval that stands above a document's heading when it was
/// published with an act: «Приложение 3 / к Положению о публичных слушаниях, … / от 31.05.2018 г. N 48-503/рд»,
/// «УТВЕРЖДЕНО / решением Думы … / от … № …», «УТВЕРЖДАЮ / Глава … / «__» ____ 2020 г.»; 0 when there is none.
/// It ends with its date and the notes in brackets after it («(в редакции решения от …)»), or before a heading
/// that names a kind. Its lines are short, as a stamp set in a corner is, unless it is one line with its date
/// (a word processor's paragraph).
fn stamp_end(lines: &[String]) -> usize {
    const OPENINGS: [&str; 5] = ["приложение", "утвержден", "утверждён", "утверждаю", "согласовано"];
    const SHORT: usize = 80;
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].trim().is_empty()).take(12).collect();
    let Some(&first) = filled.first() else { return 0 };
    let opening = lines[first].trim().to_lowercase();
    let dated = |i: usize| Date::find_in(&lines[i]).is_some();
    let long = |i: usize| lines[i].trim().chars().count() > SHORT;
    let one_dated_line = dated(first) && opening.chars().count() <= 3 * SHORT;
    if !OPENINGS.iter().any(|o| opening.starts_with(o)) || (long(first) && !one_dated_line) {
        return 0;
    }
    // After its date, the notes in brackets, which may run over several lines.
    let notes_after = |k: usize| {
        let (mut end, mut open) = (filled[k], 0i32);
        for &i in &filled[k + 1..] {
            let line = lines[i].trim();
            if (open == 0 && !line.starts_with('(')) || long(i) {
                break;
            }
            open += line.matches('(').count() as i32 - line.matches(')').count() as i32;
            end = i;
        }
        end + 1
    };
    if dated(first) {
        return notes_after(0);
    }
    for k in 1..filled.len() {
        let i = filled[k];
        let line = lines[i].trim();
        if heading(line).is_some_and(|(kind, _)| kind != DocumentKind::Other) {
            return filled[k - 1] + 1;
        }
        if long(i) {
            return 0;
        }
        if dated(i) {
            return notes_after(k);
        }
    }
    0
}

/// The header read from line `start` on; `heading_at` is the line read as the heading.
fn read_from(lines: &[String], start: usize, heading_at: Option<usize>) -> HeaderRead {
    let mut header = Header::default();
    let mut preamble = Vec::new();
    let mut i = start;
    // The line before set the title to a subject («О …»), which the next line may go on (not past a blank line).
    let mut subject_last = false;
    while i < lines.len() {
        let raw = lines[i].trim();
        if raw.is_empty() {
            subject_last = false;
            i += 1;
            continue;
        }
        if raw.starts_with('\\') {
            break;
        }
        // «О бюджете Лысогорского муниципального / района на 2013 год»: a subject wrapped onto the next line.
        if subject_last && wraps_subject(&header.title, raw) {
            header.title = squash_spaces(&format!("{} {raw}", header.title));
            i += 1;
            continue;
        }
        // Joined with the lines that close its quote first, and alone when joined they are no part of the header.
        let mut tries: Vec<(String, usize)> = closing_quote(lines, i, heading_at).into_iter().collect();
        tries.push((raw.to_string(), 1));
        let read = tries.into_iter().find_map(|(line, taken)| {
            let mut attempt = header.clone();
            let ok = if whole_quote(&line) {
                attempt.title.is_empty() && unquote(&line).chars().any(char::is_alphanumeric) && {
                    attempt.title = squash_spaces(unquote(&line));
                    true
                }
            } else {
                Reading { header: &mut attempt }.line(&line, heading_at == Some(i))
            };
            ok.then_some((attempt, taken, line))
        });
        let taken = match read {
            Some((attempt, taken, line)) => {
                // A subject that is the whole line, not one in quotes beside other parts.
                subject_last = attempt.title != header.title && is_subject(&line) && attempt.title == line;
                header = attempt;
                taken
            }
            None if heading_at.is_some_and(|h| i < h) => {
                preamble.push(i);
                1
            }
            None => break,
        };
        i += taken;
    }
    if header == Header::default() {
        return HeaderRead { header, preamble: Vec::new(), stamp_end: 0, body_start: 0 };
    }
    HeaderRead { header, preamble, stamp_end: 0, body_start: i }
}

/// Line `i` with the lines that close a quote it opens: a title in quotes may run over several lines, and so
/// may a subject whose «…» closes lines below («Об утверждении Положения «Об общественном совете / … района»»).
/// Up to three more lines, past the blank lines a page puts between paragraphs; never the heading, an escaped
/// line or one that reads as structure. Returns the joined line and how many lines it takes.
fn closing_quote(lines: &[String], i: usize, heading_at: Option<usize>) -> Option<(String, usize)> {
    let raw = lines[i].trim();
    let opens = raw.starts_with(QUOTES) || raw.contains(['«', '„', '“']);
    if !opens || quoted_part(raw).is_some() {
        return None;
    }
    let mut joined = raw.to_string();
    let mut filled = 0;
    for k in 1..8 {
        let next = lines.get(i + k)?.trim();
        if next.is_empty() {
            continue;
        }
        filled += 1;
        let past_heading = heading_at.is_some_and(|h| i < h && i + k >= h);
        if filled > 3 || past_heading || next.starts_with('\\') || super::is_structural(next, false) {
            return None;
        }
        joined = format!("{joined} {next}");
        if joined.chars().count() > 300 {
            return None;
        }
        let closed = if raw.starts_with(QUOTES) { whole_quote(&joined) } else { quoted_part(&joined).is_some() };
        if closed {
            return Some((joined, k + 1));
        }
    }
    None
}

/// The subject of an act or a hearing: «О проекте …», «Об утверждении …».
fn is_subject(text: &str) -> bool {
    text.starts_with("О ") || text.starts_with("Об ")
}

/// `line` goes on the subject `title` (a line's end fell inside it): it starts in lower case, ends as a subject
/// does (no full stop or colon), and names no date or place and reads as nothing else.
fn wraps_subject(title: &str, line: &str) -> bool {
    // «пгт. Ильинский», «г.о. Самара»: an abbreviated place, not the subject's words.
    let mut words = line.split_whitespace();
    let abbreviated = words.next().is_some_and(|w| w.ends_with('.') && w.chars().count() <= 5)
        && words.next().is_some_and(|w| w.starts_with(char::is_uppercase));
    line.starts_with(|c: char| c.is_lowercase())
        && !abbreviated
        && !line.ends_with(['.', ':', ';'])
        && Date::find_span(line).is_none()
        && !line.split(',').any(is_settlement)
        && title.chars().count() + line.chars().count() < 300
        && !super::is_structural(line, false)
}

/// Whether the header reader could take `line` for a part of some header, were it to stand there.
pub(super) fn could_be_header(line: &str) -> bool {
    let samples = [
        Header::default(),
        Header { doc_kind: "X".into(), ..Header::default() },
        Header { doc_kind: "X".into(), event_line: "x".into(), ..Header::default() },
        Header { doc_kind: "X".into(), title: "X".into(), date: "1.01.2000".into(), ..Header::default() },
    ];
    heading(line).is_some()
        || whole_quote(line)
        || samples.into_iter().any(|mut h| Reading { header: &mut h }.line(line, false))
}

/// A line that is one quoted title and nothing else: «"Формы и методы"».
pub(super) fn whole_quote(line: &str) -> bool {
    is_quoted(line)
        && quoted_part(line)
            .is_some_and(|(b, t, a)| b.is_empty() && a.is_empty() && !t.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> (Header, usize) {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let read = read(&lines);
        (read.header, read.body_start)
    }

    #[test]
    fn a_heading_on_one_line() {
        let (h, start) = header(
            "Резолюция Международного молодёжного форума «Дружба народов», Москва, 15 ноября 2022 года\n\n17 ноября, 2022 - 16:39",
        );
        assert_eq!(h.kind, DocumentKind::Resolution);
        assert_eq!(h.doc_kind, "Резолюция");
        assert_eq!(h.event_line, "Международного молодёжного форума");
        assert_eq!(h.title, "Дружба народов");
        assert_eq!(h.place, "Москва");
        assert_eq!(h.date, "15 ноября 2022 года");
        assert_eq!(start, 2, "the site's time stamp is text");
    }

    /// Before a date, a quoted part closing the event's words is the title whatever opens the line: read so,
    /// the header reads back the same from the event's line of its own (found by fuzzing the Markdown round trip).
    #[test]
    fn a_quoted_title_beside_a_date() {
        for line in [
            "Резолюция V Всемирного форума соотечественников «Молодежь строит будущее» (28-30.09.2019 г., София)",
            "Резолюция )V Всемирного форума соотечественников «Молодежь строит будущее» (28-30.09.2019 г., София)",
        ] {
            let (h, _) = header(line);
            assert_eq!(h.event_line, "V Всемирного форума соотечественников", "{line}");
            assert_eq!(h.title, "Молодежь строит будущее", "{line}");
            assert_eq!((h.date.as_str(), h.place.as_str()), ("28-30.09.2019 г.", "София"), "{line}");
        }
    }

    #[test]
    fn a_heading_over_several_lines() {
        let (h, start) = header(
            "РЕКОМЕНДАЦИИ\n\nсеминара по обмену опытом\n\n\"Формы и методы межсекторного взаимодействия\"\n\n27 января 2021 г.\n\nг. Благовещенск\n\nВ семинаре приняли участие 25 человек.",
        );
        assert_eq!(
            (h.doc_kind.as_str(), h.event_line.as_str(), h.title.as_str(), h.date.as_str(), h.place.as_str()),
            (
                "РЕКОМЕНДАЦИИ",
                "семинара по обмену опытом",
                "Формы и методы межсекторного взаимодействия",
                "27 января 2021 г.",
                "г. Благовещенск"
            )
        );
        assert_eq!(h.event_kind, None, "the event kind is the importer's to infer");
        assert_eq!(start, 10);
    }

    #[test]
    fn a_conclusion_after_a_site_word() {
        let text = "Новости\nЗаключение о результатах публичных слушаний по проекту\nот 28.01.2021\nНаименование проекта:\nпроект";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let read = read(&lines);
        assert_eq!(read.preamble, [0]);
        assert_eq!(read.header.kind, DocumentKind::Conclusion);
        assert_eq!(read.header.doc_kind, "Заключение");
        assert_eq!(read.header.event_line, "о результатах публичных слушаний по проекту");
        assert_eq!(read.header.date, "от 28.01.2021");
        assert_eq!(read.body_start, 3);
    }

    /// A conclusion of a hearing as a municipality published it (Арамильский городской округ, 2023): the
    /// subject after a colon, the date closing the line.
    #[test]
    fn a_quoted_subject_after_a_colon() {
        let (h, start) = header(
            "Заключение о результатах публичных слушаний по обсуждению проекта: «О бюджете Арамильского городского округа на 2024 год» 07 декабря 2023 г.\nПубличные слушания проведены: 05 декабря 2023 с 18:00 до 19:00.",
        );
        assert_eq!(
            (h.kind, h.event_line.as_str()),
            (DocumentKind::Conclusion, "о результатах публичных слушаний по обсуждению проекта")
        );
        assert_eq!(
            (h.title.as_str(), h.date.as_str()),
            ("О бюджете Арамильского городского округа на 2024 год", "07 декабря 2023 г.")
        );
        assert_eq!(start, 1);
    }

    #[test]
    fn protocols_numbers_and_places() {
        let (h, _) =
            header("ПРОТОКОЛ № 3\nпубличных слушаний\n04 июля 2016 года город Серов\n\nПрисутствовало: 38 человек");
        assert_eq!((h.kind, h.number.as_str()), (DocumentKind::Protocol, "№ 3"));
        assert_eq!((h.date.as_str(), h.place.as_str()), ("04 июля 2016 года", "город Серов"));
        let (h, _) = header("ЗАКЛЮЧЕНИЕ О РЕЗУЛЬТАТАХ ПУБЛИЧНЫХ СЛУШАНИЙ\n\"18\" января 2024 г. с. Бутырки\nТекст.");
        assert_eq!((h.date.as_str(), h.place.as_str()), ("\"18\" января 2024 г.", "с. Бутырки"));
        assert_eq!(h.event_line, "О РЕЗУЛЬТАТАХ ПУБЛИЧНЫХ СЛУШАНИЙ");
    }

    /// A form of conclusion as an appendix to a district's regulation published it (Иркутский район, 2018):
    /// the appendix's stamp above the heading is kept as text, and the heading read below it.
    #[test]
    fn a_heading_under_an_appendix_stamp() {
        let text = "Приложение 3\nк Положению о публичных слушаниях,\nобщественных обсуждениях в Иркутском районном\n\
                    муниципальном образовании в редакции решения\nДумы Иркутского района\nот 31.05.2018 г. N 48-503/рд\n\
                    Заключение о результатах публичных слушаний\n\"____\"_____________20___ г.\n\
                    Публичные слушания в форме собрания участников по проекту __________";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let found = read(&lines);
        assert_eq!(found.preamble, [0, 1, 2, 3, 4, 5]);
        assert_eq!(found.header.kind, DocumentKind::Conclusion);
        assert_eq!(found.header.event_line, "о результатах публичных слушаний");
        // The blank date line is no date: it stays text.
        assert_eq!(found.body_start, 7);
        // A stamp of one line; one with its date on its first line, as a word processor's paragraph; one with a
        // note in brackets after its date; an approval signed by an official.
        for (text, stamp) in [
            ("Приложение 1\nПРОТОКОЛ № 3\nпубличных слушаний", 1),
            ("Приложение к решению от 20.03.2017 № 40-134\nПРОТОКОЛ № 3", 1),
            ("Приложение № 1 к постановлению администрации города Иркутска от 12.03.2019 № 031-06-123/9\nПРОТОКОЛ № 3", 1),
            ("Приложение 2\nк решению Думы\nот 10.04.2017 № 7\n(в редакции решения\nот 31.05.2018 № 48)\nПРОТОКОЛ № 3", 5),
            ("УТВЕРЖДАЮ\nГлава поселения\n________ И. И. Иванов\n«__» ________ 2020 г.\nПРОТОКОЛ № 3", 4),
        ] {
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            let found = read(&lines);
            assert_eq!(found.preamble, (0..stamp).collect::<Vec<_>>(), "{text}");
            assert_eq!((found.stamp_end, found.header.kind), (stamp, DocumentKind::Protocol), "{text}");
        }
        // Without a heading below, the words are the document's own.
        let (h, start) = header("Приложение 3\nк протоколу заседания\nТекст без заголовка.");
        assert_eq!((h.kind, start), (DocumentKind::default(), 0));
    }

    /// A municipal act under its kind word (Лысогорский район, 2012): the number after the date, a settlement
    /// named with a two-part abbreviation, and the subject whose quote closes two lines down.
    #[test]
    fn an_acts_number_place_and_subject() {
        let (h, start) = header(
            "РЕШЕНИЕ\nот 28 сентября 2012 года № 18/114\nр.п. Лысые Горы\n\nОб утверждении Положения «Об общественном\n\n\
             совете района»\n\nРуководствуясь законом, Собрание района РЕШИЛО:",
        );
        assert_eq!((h.date.as_str(), h.number.as_str()), ("от 28 сентября 2012 года", "№ 18/114"));
        assert_eq!(h.place, "р.п. Лысые Горы");
        assert_eq!(h.title, "Об утверждении Положения «Об общественном совете района»");
        assert_eq!(start, 8);
        for place in ["р.п. Лысые Горы", "ст-ца Каневская", "г.Москва", " г. Зея"] {
            assert!(is_settlement(place), "{place}");
        }
        assert!(!is_settlement("г. и т. д."));
        // Joined, the lines are no part of a header, and the first alone is a subject cut short: text.
        let (h, start) = header("РЕШЕНИЕ\nот 28 сентября 2012 года\nОб утверждении «Положения\nо совете». Принято.");
        assert_eq!((h.title.as_str(), start), ("", 2));
        // A subject without quotes wrapped onto the next line; not onto a place, nor past a blank line.
        let (h, start) = header(
            "РЕШЕНИЕ\nот 28.09.2012 № 18/114\nО бюджете Лысогорского муниципального\nрайона на 2013 год\n\nТекст.",
        );
        assert_eq!((h.title.as_str(), start), ("О бюджете Лысогорского муниципального района на 2013 год", 5));
        for after in ["пгт. Ильинский", "г.о. Самара", "г. Москва", "\nв соответствии с Уставом района"]
        {
            let (h, _) = header(&format!("РЕШЕНИЕ\nот 28.09.2012 № 18\nО бюджете района\n{after}\n\nТекст."));
            assert_eq!(h.title, "О бюджете района", "{after}");
        }
        // A subject cut inside its quote is no title, whatever stands above it.
        let (h, _) =
            header("ПРОТОКОЛ\nпубличных слушаний\nО проекте «Правил землепользования\n\nПрисутствовали 20 человек.");
        assert_eq!(h.title, "");
    }

    #[test]
    fn no_heading_no_header() {
        let (h, start) = header("Публичные слушания назначены Решением Верхопольского сельского Совета\nнародных депутатов №71/1 от 15.08.2017г.");
        assert_eq!((h, start), (Header::default(), 0));
        let (h, start) = header("Просто текст без заголовка.");
        assert_eq!((h, start), (Header::default(), 0));
    }
}
