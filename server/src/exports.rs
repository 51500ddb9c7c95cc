//! A document as a Word or PDF file in its kind's printed form (Times New Roman or its metric twin 14 pt, ГОСТ Р
//! 7.0.97 margins), and the named ballots of a document as CSV. All from the document page and `accord export`.
//!
//! The form is decided once for both files, here, as [`Block`]s — paragraphs and tables — that both writers
//! print: the centred header, narrative paragraphs with a first-line indent, a protocol's «СЛУШАЛИ:» /
//! «РЕШИЛИ:» as bold headings, numbered and bulleted items, addressee headings, real tables, signatures, and
//! the votes. The reading view (`app::components::resolution`) lays out each kind the same way in HTML; both
//! take a table's cells from `Section::printed_table`.

use accord_domain::document::{ItemId, Layout};
use accord_domain::typography::typograph;
use accord_domain::{Document, Section, SectionKind, VoteResult};
use app::error::AppError;

mod changes;
mod docx;
mod fonts;
mod pdf;
mod table;

pub use changes::{Proposal, Remark, Review};
pub use docx::{docx, docx_with_changes};
pub use pdf::pdf;

/// One block of the printed document.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Para(Para),
    Table(Table),
}

/// One paragraph of the printed document.
#[derive(Debug, Clone, PartialEq)]
struct Para {
    text: String,
    style: Style,
    align: Align,
    /// First-line indent in steps of 12.5 mm (ГОСТ Р 7.0.97's paragraph indent; deeper list items, more).
    indent: u8,
    /// Points of space above the paragraph (dropped at the top of a page).
    space_before: f32,
    /// A heading stays on the page of what it heads.
    keep_next: bool,
    /// The item the paragraph prints, and where its words (after marker and addressee) begin, in characters
    /// of `text`: what amendments and comments are placed by.
    item: Option<(ItemId, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Bold,
    Italic,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Centre,
    Justify,
    Left,
}

/// A table as printed: its column headings (bold, repeated on each page) and its rows, every row with one
/// cell per column. Texts are typographed.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    space_before: f32,
}

impl Table {
    /// The column headings are printed as a row when there are any.
    fn has_heading(&self) -> bool {
        self.columns.iter().any(|c| !c.trim().is_empty())
    }

    fn width(&self) -> usize {
        self.columns.len()
    }
}

impl Para {
    fn new(text: String, style: Style, align: Align, indent: u8) -> Self {
        Para { text, style, align, indent, space_before: 0.0, keep_next: false, item: None }
    }

    /// The paragraph of an item, printed as `prefix` (its marker and a space, or nothing) then its words.
    /// Typography keeps the count of characters, so the item's own offsets hold in the printed text.
    fn of_item(item: &accord_domain::Item, prefix: &str, align: Align, indent: u8) -> Self {
        let text = typograph(&item.full_text());
        let addressee =
            if item.addressee.is_empty() || !item.cells.is_empty() { 0 } else { item.addressee.chars().count() + 1 };
        let mut para = Para::new(format!("{prefix}{text}"), Style::Plain, align, indent);
        para.item = Some((item.id.clone(), prefix.chars().count() + addressee));
        para
    }

    fn centred(text: String, style: Style) -> Self {
        Para::new(text, style, Align::Centre, 0)
    }

    fn body(text: String, indent: u8) -> Self {
        Para::new(text, Style::Plain, Align::Justify, indent)
    }

    fn heading(mut self) -> Self {
        self.keep_next = true;
        self
    }
}

// Points of space above a section, above a protocol's cue heading, above the signatures, above the document's
// vote: the reading view's margins, in print.
const SPACE_SECTION: f32 = 6.0;
const SPACE_CUE: f32 = 12.0;
const SPACE_SIGNATURES: f32 = 24.0;
const SPACE_VOTE: f32 = 12.0;

/// Collects blocks, carrying the space asked for above the next one.
#[derive(Default)]
struct Blocks {
    blocks: Vec<Block>,
    space: f32,
}

impl Blocks {
    /// At least `points` above the next block.
    fn space(&mut self, points: f32) {
        self.space = self.space.max(points);
    }

    fn para(&mut self, mut para: Para) {
        para.space_before = para.space_before.max(std::mem::take(&mut self.space));
        self.blocks.push(Block::Para(para));
    }

    fn table(&mut self, mut table: Table) {
        table.space_before = table.space_before.max(std::mem::take(&mut self.space));
        self.blocks.push(Block::Table(table));
        self.space(SPACE_SECTION);
    }
}

/// The document as printed: the centred header, then each section in its layout, then the document's vote.
fn layout(doc: &Document) -> Vec<Block> {
    let h = &doc.header;
    let mut out = Blocks::default();
    let title = if h.title.is_empty() { String::new() } else { accord_domain::importer::title_line(&h.title) };
    for (text, style) in [
        (&h.doc_kind, Style::Bold),
        (&h.event_line, Style::Plain),
        (&title, Style::Bold),
        (&h.number, Style::Bold),
        (&h.date, Style::Italic),
        (&h.place, Style::Italic),
    ] {
        if !text.is_empty() {
            out.para(Para::centred(typograph(text), style));
        }
    }
    if !out.blocks.is_empty() {
        out.space(SPACE_CUE);
    }
    for s in &doc.sections {
        section(s, &mut out);
    }
    if let Some(vote) = doc.vote.as_ref().filter(|v| !v.is_empty()) {
        out.space(SPACE_VOTE);
        vote_lines(vote, &mut out);
    }
    out.blocks
}

fn section(s: &Section, out: &mut Blocks) {
    let signatures = s.kind == SectionKind::Signatures;
    out.space(if signatures { SPACE_SIGNATURES } else { SPACE_SECTION });
    if !s.lead_in.is_empty() {
        let text = typograph(&s.lead_in);
        if s.kind.heading_style() {
            out.space(SPACE_CUE);
            out.para(Para::new(text, Style::Bold, Align::Justify, 0).heading());
        } else {
            out.para(Para::body(text, 1).heading());
        }
    }
    if !s.addressee.is_empty() {
        out.para(Para::new(typograph(&format!("{}:", s.addressee)), Style::Bold, Align::Justify, 1).heading());
    }
    match s.kind.layout() {
        Layout::Paragraphs if signatures => {
            for item in &s.items {
                out.para(Para::of_item(item, "", Align::Left, 0));
            }
        }
        Layout::Paragraphs => {
            for item in &s.items {
                out.para(Para::of_item(item, "", Align::Justify, 1));
            }
        }
        Layout::Numbers | Layout::Bullets => {
            for (item, marker) in s.items.iter().zip(s.markers()) {
                out.para(Para::of_item(item, &format!("{marker}\u{a0}"), Align::Justify, item.depth.saturating_add(1)));
            }
        }
        Layout::Rows => out.table(table(s)),
    }
    if let Some(vote) = s.vote.as_ref().filter(|v| !v.is_empty()) {
        out.space(SPACE_SECTION);
        vote_lines(vote, out);
    }
}

/// A table section as printed (`Section::printed_table`, the reading view's too), typographed.
fn table(s: &Section) -> Table {
    let (columns, rows) = s.printed_table();
    let typographed = |cells: &[String]| cells.iter().map(|c| typograph(c)).collect::<Vec<_>>();
    let rows = rows.iter().map(|(_, cells)| typographed(cells)).collect();
    Table { columns: typographed(&columns), rows, space_before: 0.0 }
}

/// A vote as the document words it: a paragraph per line.
fn vote_lines(vote: &VoteResult, out: &mut Blocks) {
    for line in vote.line().lines().filter(|l| !l.trim().is_empty()) {
        out.para(Para::body(typograph(line.trim()), 0));
    }
}

/// One line per vote of every named ballot: the ballot, its subject, the voter, their category and choice.
/// A voter who did not agree to be named publicly (152-ФЗ) appears as «участник».
pub struct NamedVoteLine {
    pub ballot: u32,
    pub subject: String,
    pub name: String,
    pub category: String,
    pub choice: String,
}

pub fn ballots_csv(lines: &[NamedVoteLine]) -> Result<Vec<u8>, AppError> {
    let fail = |e: csv::Error| {
        tracing::error!("csv: {e}");
        AppError::Unexpected
    };
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer("\u{feff}".as_bytes().to_vec());
    out.write_record(["Голосование", "Предмет", "Участник", "Категория", "Голос"]).map_err(fail)?;
    for l in lines {
        out.write_record([&l.ballot.to_string(), &l.subject, &l.name, &l.category, &l.choice]).map_err(fail)?;
    }
    out.into_inner().map_err(|e| {
        tracing::error!("csv: {e}");
        AppError::Unexpected
    })
}

#[cfg(test)]
mod tests;
