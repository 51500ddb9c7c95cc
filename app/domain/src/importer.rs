//! Reads a document of the genre — resolution, recommendations, final document, заключение, protocol —
//! written as plain text or Markdown into a [`Document`].
//!
//! The importer never refuses a text and never drops a line: what it recognises becomes structure (header,
//! sections, items, tables, votes, signatures), everything else stays as narrative text in its place, and
//! whatever looked wrong is reported as a [`Warning`].

mod addressees;
mod corrections;
mod facts;
mod figures;
mod header;
mod kept;
mod lines;
pub(crate) mod tables;
mod votes;

pub use addressees::{implied_addressee, split_addressee};
pub use corrections::{CorrectionFields, Corrections};
pub use facts::{city_of, event_facts, EventFacts, TitleFrom};
pub use figures::sentences;
pub use kept::{lost_words, LostWord};
pub use tables::pipe_row;

use crate::document::{Document, DocumentKind, Header, Item, ItemId, Layout, Section, SectionKind, VoteResult};
use crate::event::EventKind;
use crate::statistics::Statistics;
use crate::text::{squash_spaces, strip_emphasis};
use lines::{list_marker, Marker, MarkerStyle};
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
#[serde(rename_all = "snake_case")]
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
    /// No heading names the kind of document; the kind was guessed from the text (or left «other»).
    NoHeading {
        guessed: crate::document::DocumentKind,
    },
    /// Nothing names the event: no title, subject, heading or words (an empty text).
    NoTitle,
    NoDate,
    NoPlace,
    /// A line that started a vote but whose counts could not be read; kept as text.
    UnreadVote,
    /// A second vote result where one was already read; kept as text.
    SecondVote,
    /// A table whose cells do not fill its last row; the row was completed with empty cells.
    RaggedTable,
}

/// A vote line as someone typed it («Голосовали: за — 25, против — нет»), with the counts it gives; `None`
/// when a line is not part of a vote or it gives no count.
pub fn read_vote(wording: &str) -> Option<VoteResult> {
    let lines: Vec<&str> = wording.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut vote = VoteResult::default();
    for line in &lines {
        vote = votes::merge(vote, &votes::parse_tally(line)?.vote)?;
    }
    (!vote.is_empty()).then(|| VoteResult { wording: lines.join("\n"), ..vote })
}

/// A line without control characters (NUL, backspace: left by a conversion), which are not text. A tab stays.
pub fn without_controls(line: &str) -> String {
    line.chars().filter(|c| !c.is_control() || *c == '\t').collect()
}

/// Reads `source` with fresh random ids.
pub fn import(source: &str) -> Import {
    import_with(source, &mut fastrand::Rng::new())
}

pub fn import_with(source: &str, rng: &mut fastrand::Rng) -> Import {
    let lines: Vec<String> = source
        .trim_start_matches('\u{feff}')
        .lines()
        .map(without_controls)
        .map(|l| strip_emphasis(&l).replace('\u{a0}', " ").trim_end().to_string())
        .collect();
    let read = header::read(&lines);
    let mut reader = Reader {
        lines: &lines,
        rng,
        doc: Document { header: read.header, ..Document::default() },
        warnings: Vec::new(),
        origin: HashMap::new(),
        open: Open::Nothing,
        collecting: false,
        adjacent: false,
        vote: None,
        list_indent: None,
    };
    // A stamp's lines are one paragraph whatever ends them («… «Город Березники»» / «от 12.03.2019 № 5»).
    let (stamp, rest): (Vec<usize>, Vec<usize>) = read.preamble.iter().partition(|&&at| at < read.stamp_end);
    if let Some(&first) = stamp.first() {
        let joined: Vec<&str> = stamp.iter().map(|&at| lines[at].trim()).collect();
        reader.paragraph_line(&joined.join(" "), first + 1);
        reader.open = Open::Nothing;
    }
    for &at in &rest {
        reader.paragraph_line(lines[at].trim(), at + 1);
        reader.open = Open::Nothing;
    }
    reader.read_body(read.body_start);
    reader.finish()
}

/// Where a vote being read goes: the whole document's, or a section's («ГОЛОСОВАЛИ» after «РЕШИЛИ»).
#[derive(Clone, Copy, PartialEq, Eq)]
enum VoteTarget {
    Document,
    Section(usize),
}

struct Reader<'a> {
    lines: &'a [String],
    rng: &'a mut fastrand::Rng,
    doc: Document,
    warnings: Vec<Warning>,
    /// The source line each item started on, for warnings found later.
    origin: HashMap<ItemId, usize>,
    open: Open,
    /// The last section takes the paragraphs after it as its items (a protocol's «СЛУШАЛИ:», a lead-in
    /// with its first item on the next line).
    collecting: bool,
    /// No blank line since the lead-in or the item before: a lead-in of the resolution genre takes the
    /// paragraphs that follow it at once.
    adjacent: bool,
    /// The vote being read over several lines, and where it goes.
    vote: Option<(VoteTarget, VoteResult)>,
    /// The indentation of the current list's first item: deeper items are sub-items.
    list_indent: Option<usize>,
}

/// What the last line left open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Paragraph,
    ListItem,
    /// A «Голосовали:» line whose counts are expected on the next lines, with its line number.
    PendingVote(usize),
    /// A line of a vote.
    Vote,
}

impl Reader<'_> {
    fn warn(&mut self, line: Option<usize>, kind: WarningKind) {
        self.warnings.push(Warning { line, kind });
    }

    fn next_filled(&self, from: usize) -> Option<&str> {
        self.lines[from..].iter().map(|l| l.as_str()).find(|l| !l.trim().is_empty())
    }

    fn read_body(&mut self, start: usize) {
        let mut i = start;
        while i < self.lines.len() {
            let number = i + 1;
            let raw = self.lines[i].as_str();
            let line = raw.trim();
            i += 1;
            // A backslash escapes what follows it; alone, it escapes nothing and is, in the body, a blank line
            // (found by the Markdown round trip on lines of the genre: it read as an empty paragraph, which exports
            // as nothing).
            if line.is_empty() || line == "\\" {
                if !matches!(self.open, Open::PendingVote(_)) {
                    self.open = Open::Nothing;
                }
                self.adjacent = false;
                continue;
            }
            if let Some(literal) = line.strip_prefix('\\') {
                self.close_vote();
                self.paragraph_line(literal, number);
                continue;
            }
            if let Some(table) = tables::pipe_table(self.lines, i - 1)
                .or_else(|| (self.open != Open::ListItem).then(|| tables::flat_table(self.lines, i - 1)).flatten())
            {
                self.close_vote();
                i = self.table(table, number);
                continue;
            }
            if self.vote_line(line, number) {
                continue;
            }
            self.close_vote();
            if votes::looks_like_vote_opening(line) && votes::parse_tally(line).is_none() {
                self.warn(Some(number), WarningKind::UnreadVote);
                self.collecting = false;
                self.paragraph_line(line, number);
                self.open = Open::Nothing;
                continue;
            }
            if lines::is_signature(line) {
                self.signature(line, number);
                continue;
            }
            if let Some((kind, lead_in, inline)) = lines::cue(line) {
                self.start_section(kind, lead_in);
                self.first_item(&inline, number);
                continue;
            }
            // «Решение по …:» opens decisions, even among recommendations.
            let decisions = lines::lead_in_kind(line, true) == Some(SectionKind::Decisions);
            if let Some(addressee) = self.addressee_heading(line).filter(|_| !decisions) {
                self.addressee_section(addressee);
                continue;
            }
            let next_is_list =
                self.next_filled(i).is_some_and(|l| list_marker(l).is_some() || tables::pipe_cells(l).is_some());
            if let Some(kind) = lines::lead_in_kind(line, next_is_list) {
                self.start_section(kind, line.to_string());
                continue;
            }
            if let Some((kind, lead_in, inline)) = lines::inline_lead_in(line) {
                self.start_section(kind, lead_in);
                self.first_item(&inline, number);
                continue;
            }
            let nested = (self.open == Open::ListItem).then(|| lines::nested_letter(raw)).flatten();
            if let Some(marker) = list_marker(raw).or(nested) {
                self.list_item(marker, number);
                continue;
            }
            self.paragraph_line(line, number);
        }
        self.close_vote();
    }

    // ------------------------------------------------------------ sections and items

    fn start_section(&mut self, kind: SectionKind, lead_in: String) {
        self.doc.sections.push(Section::new(kind, squash_spaces(&lead_in), self.rng));
        self.open = Open::Nothing;
        self.collecting = true;
        self.adjacent = true;
        self.list_indent = None;
    }

    /// The words after a cue or lead-in on its own line: the section's first item.
    fn first_item(&mut self, inline: &str, number: usize) {
        if inline.is_empty() {
            return;
        }
        match list_marker(inline) {
            Some(marker) => self.list_item(marker, number),
            None => self.push_item(squash_spaces(inline), 0, number, Open::Paragraph),
        }
    }

    fn push_item(&mut self, text: String, depth: u8, number: usize, open: Open) {
        let mut item = Item::new(text, self.rng);
        item.depth = depth;
        self.origin.insert(item.id.clone(), number);
        self.doc.sections.last_mut().expect("a section is open").items.push(item);
        self.open = open;
        self.adjacent = true;
    }

    /// A section that takes marked items: any but narrative, tables and signatures.
    fn list_section_open(&self) -> bool {
        self.doc.sections.last().is_some_and(|s| {
            !matches!(s.kind, SectionKind::Narrative | SectionKind::Table | SectionKind::Signatures) && s.vote.is_none()
        })
    }

    fn list_item(&mut self, marker: Marker, number: usize) {
        if !self.list_section_open() {
            self.doc.sections.push(Section::new(SectionKind::Other, String::new(), self.rng));
            self.list_indent = None;
        }
        let base = *self.list_indent.get_or_insert(marker.indent);
        let section = self.doc.sections.last().expect("a list section is open");
        let has_top = section.items.iter().any(|i| i.depth == 0);
        let depth = match marker.style {
            // Paragraphs do not nest: a marked line among them is one more paragraph.
            _ if section.kind.layout() == Layout::Paragraphs => 0,
            MarkerStyle::Nested if has_top => 1,
            MarkerStyle::Letter if has_top && section.kind.is_numbered() => 1,
            _ if marker.indent > base && has_top => 1,
            _ => 0,
        };
        // A list ends what its lead-in was collecting; paragraphs after it are narrative again.
        self.collecting = false;
        self.push_item(squash_spaces(&marker.rest), depth, number, Open::ListItem);
    }

    /// Whether the last section takes a new paragraph as its next item.
    fn takes_paragraphs(&self) -> bool {
        let Some(section) = self.doc.sections.last() else { return false };
        if section.vote.is_some() || matches!(section.kind, SectionKind::Narrative | SectionKind::Table) {
            return false;
        }
        let protocol_part = section.kind.takes_following_paragraphs();
        match section.kind.layout() {
            Layout::Paragraphs => section.kind != SectionKind::Signatures,
            _ if protocol_part => self.collecting,
            // A lead-in of the resolution genre takes unmarked items only when they follow it at once.
            _ => self.collecting && self.adjacent,
        }
    }

    fn paragraph_line(&mut self, line: &str, number: usize) {
        let text = squash_spaces(line);
        match self.open {
            Open::ListItem => {
                let item = self.doc.sections.last_mut().and_then(|s| s.items.last_mut()).expect("an item is open");
                item.text = format!("{} {}", item.text, text);
                return;
            }
            Open::Paragraph => {
                let item = self.doc.sections.last_mut().and_then(|s| s.items.last_mut()).expect("a paragraph is open");
                // A label and its value («Наименование проекта:» / «проект внесения изменений …») make one
                // paragraph, as do the lines of a paragraph wrapped by its source.
                let after_label = item.text.ends_with(':')
                    && (text.starts_with(|c: char| c.is_lowercase()) || item.text.chars().count() <= 60);
                // A new label («Дата проведения: …») starts a paragraph of its own.
                if (after_label || !lines::ends_sentence(&item.text)) && !lines::is_label(&text) {
                    item.text = format!("{} {}", item.text, text);
                    return;
                }
            }
            Open::Nothing | Open::PendingVote(_) | Open::Vote => {}
        }
        if !self.takes_paragraphs() {
            self.collecting = false;
            if self.doc.sections.last().is_none_or(|s| s.kind != SectionKind::Narrative) {
                self.doc.sections.push(Section::new(SectionKind::Narrative, String::new(), self.rng));
            }
        }
        self.push_item(text, 0, number, Open::Paragraph);
    }

    fn signature(&mut self, line: &str, number: usize) {
        self.close_vote();
        if self.doc.sections.last().is_none_or(|s| s.kind != SectionKind::Signatures) {
            self.doc.sections.push(Section::new(SectionKind::Signatures, String::new(), self.rng));
        }
        self.collecting = false;
        self.push_item(squash_spaces(line), 0, number, Open::Nothing);
    }

    /// «Правительству Российской Федерации:» among recommendations: the items after it are addressed to it.
    fn addressee_heading(&self, line: &str) -> Option<String> {
        let recommending = self
            .doc
            .sections
            .iter()
            .rev()
            .find(|s| s.kind != SectionKind::Narrative)
            .is_some_and(|s| s.kind == SectionKind::Recommendations)
            || matches!(self.doc.header.kind, DocumentKind::Recommendations | DocumentKind::Resolution);
        recommending.then(|| lines::addressee_heading(line)).flatten()
    }

    fn addressee_section(&mut self, addressee: String) {
        match self.doc.sections.last_mut() {
            Some(s) if s.kind == SectionKind::Recommendations && s.items.is_empty() && s.addressee.is_empty() => {
                s.addressee = addressee;
            }
            _ => {
                self.start_section(SectionKind::Recommendations, String::new());
                self.doc.sections.last_mut().expect("a section was started").addressee = addressee;
            }
        }
        self.open = Open::Nothing;
        self.collecting = true;
    }

    /// Adds a table; returns the index of the line after it.
    fn table(&mut self, table: tables::Table, number: usize) -> usize {
        if table.ragged {
            self.warn(Some(number), WarningKind::RaggedTable);
        }
        // A lead-in with nothing under it yet («Предложения участников:») heads the table.
        let lead_in = match self.doc.sections.last() {
            Some(s)
                if s.items.is_empty()
                    && s.addressee.is_empty()
                    && s.vote.is_none()
                    && !s.lead_in.is_empty()
                    && !matches!(s.kind, SectionKind::Narrative | SectionKind::Table | SectionKind::Signatures) =>
            {
                self.doc.sections.pop().map(|s| s.lead_in).unwrap_or_default()
            }
            _ => String::new(),
        };
        let mut section = Section::new(SectionKind::Table, lead_in, self.rng);
        section.columns = table.columns;
        for row in table.rows {
            let item = Item::row(row, self.rng);
            self.origin.insert(item.id.clone(), number);
            section.items.push(item);
        }
        self.doc.sections.push(section);
        self.open = Open::Nothing;
        self.collecting = false;
        table.end
    }

    // ------------------------------------------------------------ votes

    /// Where a vote read now goes: the decisions it follows, else the document.
    fn vote_target(&self) -> VoteTarget {
        match self.doc.sections.iter().rposition(|s| s.kind != SectionKind::Narrative) {
            Some(at)
                if self.doc.sections[at].kind == SectionKind::Decisions
                    && at + 1 == self.doc.sections.len()
                    && self.doc.sections[at].vote.is_none() =>
            {
                VoteTarget::Section(at)
            }
            _ => VoteTarget::Document,
        }
    }

    fn vote_at(&self, target: VoteTarget) -> Option<&VoteResult> {
        match target {
            VoteTarget::Document => self.doc.vote.as_ref(),
            VoteTarget::Section(at) => self.doc.sections[at].vote.as_ref(),
        }
    }

    /// Reads a line of a vote; true when the line was one.
    fn vote_line(&mut self, line: &str, number: usize) -> bool {
        let Some(tally) = votes::parse_tally(line) else { return false };
        // A new «Голосовали: …», or a whole count after a blank line, after a vote that has its counts starts
        // another vote; a single count goes on the vote before («"Против" нет»).
        let whole = tally.opening || (self.open != Open::Vote && tally.counts() >= 2);
        if whole && !tally.vote.is_empty() && self.vote.as_ref().is_some_and(|(_, v)| !v.is_empty()) {
            self.close_vote();
        }
        let continues = self.vote.is_some() || matches!(self.open, Open::PendingVote(_));
        let target = self.vote.as_ref().map(|(t, _)| *t).unwrap_or_else(|| self.vote_target());
        let short = line.split_whitespace().count() <= 3;
        if !(continues || tally.opening || tally.counts() >= 2 || (tally.vote.unanimous && short)) {
            return false;
        }
        if !continues && self.vote_at(target).is_some() {
            self.warn(Some(number), WarningKind::SecondVote);
            self.paragraph_line(line, number);
            self.open = Open::Nothing;
            return true;
        }
        if tally.vote.is_empty() && !continues {
            self.open = Open::PendingVote(number);
            self.vote = Some((target, VoteResult { wording: line.to_string(), ..VoteResult::default() }));
            return true;
        }
        let (target, vote) = self.vote.take().unwrap_or((target, VoteResult::default()));
        match votes::merge(vote.clone(), &tally.vote) {
            Some(mut merged) => {
                merged.wording =
                    if vote.wording.is_empty() { line.to_string() } else { format!("{}\n{line}", vote.wording) };
                self.vote = Some((target, merged));
                self.open = Open::Vote;
            }
            None => {
                self.vote = Some((target, vote));
                self.close_vote();
                self.warn(Some(number), WarningKind::SecondVote);
                self.paragraph_line(line, number);
                self.open = Open::Nothing;
            }
        }
        true
    }

    /// Stores the vote read so far where it goes; a «Голосовали:» whose counts never came stays as text.
    fn close_vote(&mut self) {
        let Some((target, mut vote)) = self.vote.take() else { return };
        if vote.is_empty() {
            let at = match self.open {
                Open::PendingVote(at) => at,
                _ => 0,
            };
            self.warn(Some(at).filter(|&n| n > 0), WarningKind::UnreadVote);
            self.collecting = false;
            self.open = Open::Nothing;
            self.paragraph_line(&vote.wording, at);
            self.open = Open::Nothing;
            return;
        }
        // Worded as the genre words it, the vote prints the same without its own wording.
        if squash_spaces(&vote.wording) == squash_spaces(&vote.genre_line()) {
            vote.wording.clear();
        }
        match target {
            VoteTarget::Document => self.doc.vote = Some(vote),
            VoteTarget::Section(at) => self.doc.sections[at].vote = Some(vote),
        }
        self.collecting = false;
    }

    // ------------------------------------------------------------ what the whole text says

    fn finish(mut self) -> Import {
        for section in &mut self.doc.sections {
            if section.kind.recommends() {
                for item in &mut section.items {
                    if let Some((addressee, rest)) = split_addressee(&item.text) {
                        item.addressee = addressee;
                        item.text = rest;
                    }
                }
            }
        }
        self.statistics();
        self.inline_vote();
        self.kinds();
        let facts = event_facts(&self.doc);
        if facts.title_from == TitleFrom::Nothing {
            self.warn(None, WarningKind::NoTitle);
        }
        if facts.starts_on.is_none() {
            self.warn(None, WarningKind::NoDate);
        }
        if facts.place.is_empty() {
            self.warn(None, WarningKind::NoPlace);
        }
        self.warnings.sort_by_key(|w| w.line.unwrap_or(0));
        Import { document: self.doc, warnings: self.warnings }
    }

    /// Figures from the statistics paragraph (and any lead-in) and from tables that count participants.
    fn statistics(&mut self) {
        let mut texts: Vec<(String, Option<usize>)> = Vec::new();
        for s in &self.doc.sections {
            if !s.lead_in.is_empty() {
                texts.push((s.lead_in.clone(), None));
            }
            if s.kind == SectionKind::Narrative {
                texts.extend(s.items.iter().map(|i| (i.text.clone(), self.origin.get(&i.id).copied())));
            }
        }
        let mut stats = Statistics::default();
        for (text, line) in texts {
            for sentence in sentences(&text) {
                figures::read_statistics(sentence, line, &mut stats, &mut self.warnings);
            }
        }
        for s in self.doc.sections.iter().filter(|s| s.kind == SectionKind::Table) {
            let rows: Vec<Vec<String>> = s.items.iter().map(|i| i.cells.clone()).collect();
            figures::read_table(&s.columns, &rows, &mut stats, &mut self.warnings);
        }
        if let Some(total) = stats.total {
            let sum = stats.category_sum();
            if !stats.categories.is_empty() && sum != total {
                self.warn(None, WarningKind::CategorySumMismatch { total, sum });
            }
        }
        self.doc.statistics = stats;
    }

    /// «… открытым голосованием принят единогласно …» in a paragraph or a table's cell, where no vote line
    /// says how the document was adopted.
    fn inline_vote(&mut self) {
        if self.doc.recorded_votes().next().is_some() {
            return;
        }
        let said = self.doc.sections.iter().flat_map(|s| &s.items).any(|i| votes::unanimous_in(&i.full_text()));
        if said {
            self.doc.vote = Some(VoteResult { unanimous: true, ..VoteResult::default() });
        }
    }

    /// The kind of document and of event, when the heading does not say.
    fn kinds(&mut self) {
        let protocol = self
            .doc
            .sections
            .iter()
            .any(|s| matches!(s.kind, SectionKind::Heard | SectionKind::Speeches | SectionKind::Agenda));
        if self.doc.header.doc_kind.is_empty() {
            let texts: Vec<String> = self
                .doc
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .take(12)
                .map(|i| i.full_text().to_lowercase())
                .collect();
            let named = |words: &str| texts.iter().any(|t| t.contains(words));
            let guessed = if protocol || named("протокол") {
                DocumentKind::Protocol
            } else if named("итоговый документ") {
                DocumentKind::FinalDocument
            } else if named("заключение о результатах") {
                DocumentKind::Conclusion
            } else if named("резолюци") {
                DocumentKind::Resolution
            } else if self.doc.sections.iter().any(|s| s.kind == SectionKind::Recommendations) {
                DocumentKind::Recommendations
            } else {
                DocumentKind::Other
            };
            self.doc.header.kind = guessed;
            self.warn(None, WarningKind::NoHeading { guessed });
        }
        if self.doc.header.event_kind.is_none() {
            self.doc.header.event_kind = event_facts(&self.doc)
                .kind
                .or_else(|| (self.doc.header.kind == DocumentKind::Protocol).then_some(EventKind::Meeting));
        }
    }
}

/// The place a document of an event in `city` is headed with: «г. Благовещенск», as the genre writes it;
/// a place already named as a settlement («с. Бутырки») or as more than a town («Амурская область») as given.
pub fn place_of_city(city: &str) -> String {
    let city = squash_spaces(city);
    let plain_name = city.split_whitespace().count() == 1 && city.starts_with(|c: char| c.is_uppercase());
    if plain_name && !header::is_settlement(&city) {
        format!("г.\u{a0}{city}")
    } else {
        city
    }
}

/// Whether the header `blocks` (one part each, as the Markdown export writes them) read back as exactly `header`.
pub fn reads_back_as(blocks: &[String], header: &Header) -> bool {
    let lines: Vec<String> = blocks.join("\n\n").lines().map(str::to_string).collect();
    let read = header::read(&lines);
    // The kind of event is found in the whole text (`event_facts`), not in the header's lines; so is the
    // document's kind when no heading names it.
    let parts = |h: &Header| Header {
        event_kind: None,
        kind: if h.doc_kind.is_empty() { DocumentKind::Other } else { h.kind },
        ..h.clone()
    };
    parts(&read.header) == parts(header) && read.preamble.is_empty() && read.body_start >= lines.len()
}

/// Whether the header read from Markdown `blocks` ends with the first `header` of them. A header line whose
/// quote a paragraph below closes, or a subject that a paragraph below starting in lower case goes on, takes
/// that paragraph in.
pub fn header_ends_with(blocks: &[String], header: usize) -> bool {
    let head_lines = blocks[..header].join("\n\n").lines().count();
    let near = blocks.len().min(header + 4);
    let lines: Vec<String> = blocks[..near].join("\n\n").lines().map(str::to_string).collect();
    // The line after the header's is the blank line between blocks.
    header::read(&lines).body_start <= head_lines + 1
}

/// The line a header's title is written as so that the importer reads it back: in «», or in other quotes where
/// its own would not pair with those, or bare where none read it back whole.
pub fn title_line(title: &str) -> String {
    // «…» first; a title holding quotes of its own may need others to read back whole. Digits in quotes are not
    // read as a title (`header::whole_quote`): a number stays bare.
    let pairs = lines::QUOTES.iter().flat_map(|&open| lines::QUOTES.iter().map(move |&close| (open, close)));
    std::iter::once(('«', '»'))
        .chain(pairs)
        .map(|(open, close)| format!("{open}{title}{close}"))
        .find(|line| header::whole_quote(line) && lines::unquote(line) == title)
        .unwrap_or_else(|| title.to_string())
}

/// Whether the importer would read `line` as anything but paragraph text (in the header too, when it would
/// stand right after the header). The Markdown export escapes such lines.
pub fn is_structural(line: &str, right_after_header: bool) -> bool {
    let line = line.trim();
    let header_like = right_after_header && header::could_be_header(line);
    header_like
        || line.starts_with(['\\', '#', '|'])
        || list_marker(line).is_some()
        || votes::parse_tally(line).is_some()
        || votes::looks_like_vote_opening(line)
        || lines::lead_in_kind(line, true).is_some()
        || lines::inline_lead_in(line).is_some()
        || lines::cue(line).is_some()
        || lines::is_signature(line)
        || lines::addressee_heading(line).is_some()
}

#[cfg(test)]
mod tests;
