//! The printed document as a PDF: A4, margins 25/10/20/20 mm, Liberation Serif 14 pt (embedded and subset by
//! `krilla`), justified paragraphs with a first-line indent, ruled tables (in 12 pt), page numbers from page 2.
//!
//! Lines are broken here by measuring the words with the font's own advances (`fonts`). A table row that
//! does not fit on what is left of a page moves to the next one, under the column headings repeated; a row
//! taller than a whole page is split between pages at a line, so nothing of it is clipped.

use super::fonts::{self, faces, unexpected, Faces, SIZE};
use super::table::{self, PAD_X, PAD_Y};
use super::{layout, Align, Block, Para, Style, Table};
use accord_domain::Document;
use app::error::AppError;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::TextDirection;
use table::{LEADING as CELL_LEADING, SIZE as CELL_SIZE};

const MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 210.0 * MM;
const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 25.0 * MM;
const RIGHT: f32 = 10.0 * MM;
const TOP: f32 = 20.0 * MM;
const BOTTOM: f32 = 20.0 * MM;
/// The width of the text, which tables span.
pub(super) const TEXT_W: f32 = PAGE_W - LEFT - RIGHT;
const INDENT_STEP: f32 = 12.5 * MM;
const LEADING: f32 = SIZE * 1.2;
/// From the top of a line in a table cell to its baseline.
const CELL_ASCENT: f32 = CELL_SIZE * 0.9;
const FOLIO_SIZE: f32 = 12.0;
/// The width of a table's rules.
const RULE: f32 = 0.5;

/// A word placed on a page: baseline origin and text.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    x: f32,
    y: f32,
    style: Style,
    size: f32,
    text: String,
}

/// A straight rule of a table, from one point to another.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rule {
    from: (f32, f32),
    to: (f32, f32),
}

#[derive(Debug, Default)]
struct Page {
    words: Vec<Placed>,
    rules: Vec<Rule>,
}

/// A table row broken into lines: per cell, its lines.
struct Row {
    cells: Vec<Vec<Vec<String>>>,
    style: Style,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }

    fn height(&self) -> f32 {
        2.0 * PAD_Y + self.lines() as f32 * CELL_LEADING
    }
}

/// Where the next block goes: the pages so far and the top of the free space on the last one.
struct Pages<'a> {
    faces: &'a Faces,
    pages: Vec<Page>,
    top: f32,
}

impl<'a> Pages<'a> {
    fn new(faces: &'a Faces) -> Self {
        Pages { faces, pages: vec![Page::default()], top: TOP }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("one page at least")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.top = TOP;
    }

    fn at_page_top(&self) -> bool {
        self.top <= TOP
    }

    /// Space above a block, but none at the top of a page.
    fn space(&mut self, points: f32) {
        if !self.at_page_top() {
            self.top += points;
        }
    }

    /// Whether `height` more points fit on this page.
    fn fits(&self, height: f32) -> bool {
        self.top + height <= PAGE_H - BOTTOM + (LEADING - SIZE)
    }

    /// How many lines of body text fit on this page below the free space's top.
    fn lines_left(&self) -> usize {
        let room = PAGE_H - BOTTOM - SIZE - self.top;
        if room < 0.0 {
            0
        } else {
            (room / LEADING + 1e-3).floor() as usize + 1
        }
    }

    fn para(&mut self, para: &Para) {
        let face = self.faces.of(para.style);
        let indent = f32::from(para.indent) * INDENT_STEP;
        let broken = fonts::lines(face, SIZE, &para.text, TEXT_W - indent, TEXT_W);
        self.space(para.space_before);
        // A heading goes to the next page rather than stand alone at the foot of this one.
        if para.keep_next && !self.at_page_top() && !self.fits((broken.len() + 1) as f32 * LEADING + 2.0 * PAD_Y) {
            self.new_page();
        }
        if broken.is_empty() {
            self.top += LEADING;
            return;
        }
        let space = face.width(" ", SIZE);
        let last = broken.len() - 1;
        let turn = page_turn(self.lines_left(), broken.len());
        for (n, words) in broken.into_iter().enumerate() {
            if Some(n) == turn && !self.at_page_top() || !self.fits(LEADING) {
                self.new_page();
            }
            let y = self.top + SIZE;
            let widths: Vec<f32> = words.iter().map(|w| face.width(w, SIZE)).collect();
            let natural = widths.iter().sum::<f32>() + space * (words.len() - 1) as f32;
            let (left, width) = if n == 0 { (LEFT + indent, TEXT_W - indent) } else { (LEFT, TEXT_W) };
            let (mut x, gap) = match para.align {
                Align::Centre => (left + (width - natural).max(0.0) / 2.0, space),
                Align::Justify if n < last && words.len() > 1 => {
                    (left, (width - widths.iter().sum::<f32>()) / (words.len() - 1) as f32)
                }
                Align::Justify | Align::Left => (left, space),
            };
            let page = self.page();
            for (word, w) in words.into_iter().zip(widths) {
                page.words.push(Placed { x, y, style: para.style, size: SIZE, text: word });
                x += w + gap;
            }
            self.top += LEADING;
        }
    }

    fn table(&mut self, table: &Table) {
        let widths = table::widths(table, self.faces, TEXT_W);
        let xs: Vec<f32> = widths.iter().scan(LEFT, |x, w| Some(std::mem::replace(x, *x + w))).collect();
        let row = |cells: &[String], style: Style| Row {
            cells: cells.iter().zip(&widths).map(|(c, &w)| table::cell_lines(self.faces.of(style), c, w)).collect(),
            style,
        };
        let heading = table.has_heading().then(|| row(&table.columns, Style::Bold));
        let rows: Vec<Row> = table.rows.iter().map(|r| row(r, Style::Plain)).collect();
        // Repeated on a new page only if it leaves room there for a line of a row.
        let repeat = heading.as_ref().filter(|h| h.height() + CELL_LEADING + 2.0 * PAD_Y <= PAGE_H - BOTTOM - TOP);
        self.space(table.space_before);
        if let Some(h) = &heading {
            let first = rows.first().map_or(0.0, |r| CELL_LEADING.min(r.height()) + 2.0 * PAD_Y);
            if !self.at_page_top() && !self.fits(h.height() + first) {
                self.new_page();
            }
            self.row(h, &xs, &widths, None);
        }
        for r in &rows {
            self.row(r, &xs, &widths, repeat);
        }
    }

    /// Places a row: whole on this page if it fits, else whole on the next (under the headings), else —
    /// taller than a page — line by line over as many pages as it takes.
    fn row(&mut self, row: &Row, xs: &[f32], widths: &[f32], heading: Option<&Row>) {
        let total = row.lines();
        let page_room =
            |top: f32| ((PAGE_H - BOTTOM - top - 2.0 * PAD_Y) / CELL_LEADING + 1e-3).floor().max(0.0) as usize;
        let fresh_top = TOP + heading.map_or(0.0, Row::height);
        let mut from = 0;
        while from < total {
            let room = page_room(self.top);
            let rest = total - from;
            let fits_a_fresh_page = rest <= page_room(fresh_top);
            if rest > room && (room == 0 || (from == 0 && fits_a_fresh_page)) && !self.at_page_top() {
                self.new_page();
                if let Some(h) = heading {
                    self.row(h, xs, widths, None);
                }
                continue;
            }
            let to = from + rest.min(room.max(1));
            self.row_part(row, xs, widths, from..to);
            from = to;
            if from < total {
                self.new_page();
                if let Some(h) = heading {
                    self.row(h, xs, widths, None);
                }
            }
        }
    }

    /// Draws lines `range` of a row's cells as one ruled band at the top of the free space.
    fn row_part(&mut self, row: &Row, xs: &[f32], widths: &[f32], range: std::ops::Range<usize>) {
        let (top, bottom) = (self.top, self.top + 2.0 * PAD_Y + range.len() as f32 * CELL_LEADING);
        let face = self.faces.of(row.style);
        let space = face.width(" ", CELL_SIZE);
        let right = LEFT + widths.iter().sum::<f32>();
        let page = self.pages.last_mut().expect("one page at least");
        for (cell, &x0) in row.cells.iter().zip(xs) {
            for (k, line) in cell.iter().enumerate().take(range.end).skip(range.start) {
                let y = top + PAD_Y + CELL_ASCENT + (k - range.start) as f32 * CELL_LEADING;
                let mut x = x0 + PAD_X;
                for word in line {
                    page.words.push(Placed { x, y, style: row.style, size: CELL_SIZE, text: word.clone() });
                    x += face.width(word, CELL_SIZE) + space;
                }
            }
        }
        page.rules.push(Rule { from: (LEFT, top), to: (right, top) });
        page.rules.push(Rule { from: (LEFT, bottom), to: (right, bottom) });
        for x in xs.iter().copied().chain([right]) {
            page.rules.push(Rule { from: (x, top), to: (x, bottom) });
        }
        self.top = bottom;
    }
}

/// The line of a paragraph of `lines` lines that starts the next page when `left` lines fit on this one,
/// as Word's widow and orphan control would have it: never a paragraph's first line alone at the foot of a
/// page, nor its last line alone at the head of the next. `Some(0)`: the whole paragraph moves on.
fn page_turn(left: usize, lines: usize) -> Option<usize> {
    if left >= lines {
        return None;
    }
    let turn = if lines - left == 1 { left.saturating_sub(1) } else { left };
    Some(if turn < 2 { 0 } else { turn })
}

/// Lays the blocks out on A4 pages.
fn paginate(blocks: &[Block], faces: &Faces) -> Vec<Page> {
    let mut pages = Pages::new(faces);
    for block in blocks {
        match block {
            Block::Para(para) => pages.para(para),
            Block::Table(table) => pages.table(table),
        }
    }
    pages.pages
}

pub fn pdf(doc: &Document) -> Result<Vec<u8>, AppError> {
    let faces = faces()?;
    let pages = paginate(&layout(doc), faces);
    let mut pdf = krilla::Document::new();
    let title = [doc.header.doc_kind.as_str(), doc.header.title.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" — ");
    pdf.set_metadata(Metadata::new().title(title).language("ru".into()).creator("Accord".into()));
    for (n, content) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| unexpected("page size"))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        let regular = faces.of(Style::Plain);
        if n > 0 {
            let folio = (n + 1).to_string();
            let w = regular.width(&folio, FOLIO_SIZE);
            let x = LEFT + (TEXT_W - w) / 2.0;
            let at = Point::from_xy(x, TOP / 2.0 + FOLIO_SIZE / 2.0);
            surface.draw_text(at, regular.font.clone(), FOLIO_SIZE, &folio, false, TextDirection::Auto);
        }
        for w in content.words {
            let font = faces.of(w.style).font.clone();
            surface.draw_text(Point::from_xy(w.x, w.y), font, w.size, &w.text, false, TextDirection::Auto);
        }
        if !content.rules.is_empty() {
            let mut path = PathBuilder::new();
            for rule in &content.rules {
                path.move_to(rule.from.0, rule.from.1);
                path.line_to(rule.to.0, rule.to.1);
            }
            let path = path.finish().ok_or_else(|| unexpected("table rules"))?;
            surface.set_stroke(Some(Stroke { width: RULE, ..Stroke::default() }));
            surface.draw_path(&path);
            // Text drawn after this would be outlined too.
            surface.set_stroke(None);
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| unexpected(&format!("{e:?}")))
}

#[cfg(test)]
mod tests;
