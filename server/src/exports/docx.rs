//! The printed document as a Word file (`docx-rs`): A4, margins 20/10/20/25 mm, Times New Roman 14 pt (Word's
//! own, or its metric twin Liberation Serif in LibreOffice), page numbers centred at the top from page 2, and
//! tables as real `w:tbl`s with borders, fixed column widths (the PDF's) and the heading row repeated on each
//! page.

use super::changes::{self, Bit, Edit, Marked, Review};
use super::fonts::faces;
use super::{layout, pdf, table, Align, Block, Para, Style, Table};
use accord_domain::Document;
use app::error::AppError;
use docx_rs::{
    AlignmentType, BorderType, BreakType, Comment, Delete, Docx, Header, Insert, LineSpacing, PageMargin, PageNum,
    Paragraph, Run, RunFonts, SpecialIndentType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, WidthType, XMLDocx,
};

const FONT: &str = "Times New Roman";
/// Half-points: 14 pt, and 12 pt in tables.
const SIZE: usize = 28;
const TABLE_SIZE: usize = 24;
/// Twips: 12.5 mm.
const INDENT_STEP: i32 = 709;
/// Twips: A4, and the width of the text between the margins (210 − 25 − 10 mm).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const LEFT: i32 = 1417;
const RIGHT: i32 = 567;
const TEXT_W: usize = (PAGE_W as i32 - LEFT - RIGHT) as usize;
/// A heading row is built with `cantSplit` only, and then marked as a header row here (`docx-rs` 0.4 does
/// not write `w:tblHeader`): no other row is built with exactly these properties.
/// Word numbers comments and revisions from one pool (ECMA-376 §17.13.4.2; LibreOffice fails to open a file
/// where they meet), and `docx-rs` numbers revisions from 0 up: comments are numbered from here.
const FIRST_COMMENT: usize = 1 << 30;
const HEADING_ROW: &str = "<w:trPr><w:cantSplit /></w:trPr>";
const REPEATED_HEADING_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT)
}

fn twips(points: f32) -> u32 {
    (points * 20.0).round().max(0.0) as u32
}

pub fn docx(doc: &Document) -> Result<Vec<u8>, AppError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    build(doc)?.pack(&mut bytes).map_err(|e| {
        tracing::error!("docx: {e}");
        AppError::Unexpected
    })?;
    Ok(bytes.into_inner())
}

/// The file's parts before they are zipped.
fn build(doc: &Document) -> Result<XMLDocx, AppError> {
    let mut out = page();
    for block in layout(doc) {
        out = match block {
            Block::Para(para) => out.add_paragraph(paragraph(&para)),
            Block::Table(t) => out.add_table(word_table(&t)?),
        };
    }
    finish(out)
}

/// The draft with its undecided amendments as tracked changes and its comments as Word comments.
pub fn docx_with_changes(review: &Review) -> Result<Vec<u8>, AppError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    build_with_changes(review)?.pack(&mut bytes).map_err(|e| AppError::unexpected("docx", e))?;
    Ok(bytes.into_inner())
}

fn build_with_changes(review: &Review) -> Result<XMLDocx, AppError> {
    let marks = changes::mark(review);
    let comment = |k: usize| {
        let note = &marks.notes[k];
        // One paragraph, its lines broken: `docx-rs` 0.4 writes a comment once for each of its paragraphs.
        let mut lines = Run::new();
        for (n, text) in note.paragraphs.iter().enumerate() {
            if n > 0 {
                lines = lines.add_break(BreakType::TextWrapping);
            }
            lines = lines.add_text(text);
        }
        let body = Comment::new(FIRST_COMMENT + k).add_paragraph(Paragraph::new().add_run(lines));
        let body = body.author(&note.author.name).date(&note.author.date);
        match note.parent {
            Some(parent) => body.parent_comment_id(FIRST_COMMENT + parent),
            None => body,
        }
    };
    let mut out = page();
    for block in marks.blocks {
        let m = match block {
            Marked::Table(t) => {
                out = out.add_table(word_table(&t)?);
                continue;
            }
            Marked::Para(m) => m,
        };
        let mut p = shaped(&m.para);
        if let Some((edit, by)) = m.whole {
            let a = &marks.authors[by];
            p = match edit {
                Edit::Inserted => p.insert(&a.name, &a.date),
                Edit::Deleted => p.delete(&a.name, &a.date),
            };
        }
        for bit in m.bits {
            p = match bit {
                Bit::Text(text, None) => p.add_run(run(&text, m.para.style, SIZE)),
                Bit::Text(text, Some((Edit::Inserted, by))) => {
                    let a = &marks.authors[by];
                    p.add_insert(Insert::new(run(&text, m.para.style, SIZE)).author(&a.name).date(&a.date))
                }
                Bit::Text(text, Some((Edit::Deleted, by))) => {
                    let a = &marks.authors[by];
                    let gone = styled(Run::new().add_delete_text(text).fonts(fonts()).size(SIZE), m.para.style);
                    p.add_delete(Delete::new().add_run(gone).author(&a.name).date(&a.date))
                }
                Bit::Open(k) => p.add_comment_start(comment(k)),
                Bit::Close(k) => p.add_comment_end(FIRST_COMMENT + k),
            };
        }
        out = out.add_paragraph(p);
    }
    finish(out)
}

/// A4 with the document's margins, font and page numbers.
fn page() -> Docx {
    // Twips: 20 mm = 1134, 10 mm = 567, 25 mm = 1417.
    let margins = PageMargin::new().top(1134).bottom(1134).left(LEFT).right(RIGHT).header(567);
    let folio = Paragraph::new().add_page_num(PageNum::new()).align(AlignmentType::Center);
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(margins)
        .default_fonts(fonts())
        .default_size(SIZE)
        .header(Header::new().add_paragraph(folio))
        // A header holds a paragraph at least (ECMA-376 CT_HdrFtr): the first page's is empty.
        .first_header(Header::new().add_paragraph(Paragraph::new()))
}

fn finish(out: Docx) -> Result<XMLDocx, AppError> {
    let mut xml = out.build();
    let document =
        String::from_utf8(std::mem::take(&mut xml.document)).map_err(|e| AppError::unexpected("docx: not UTF-8", e))?;
    xml.document = document.replace(HEADING_ROW, REPEATED_HEADING_ROW).into_bytes();
    Ok(xml)
}

fn run(text: &str, style: Style, size: usize) -> Run {
    styled(Run::new().add_text(text).fonts(fonts()).size(size), style)
}

fn styled(run: Run, style: Style) -> Run {
    match style {
        Style::Plain => run,
        Style::Bold => run.bold(),
        Style::Italic => run.italic(),
    }
}

fn paragraph(para: &Para) -> Paragraph {
    let p = shaped(para);
    if para.text.is_empty() {
        p
    } else {
        p.add_run(run(&para.text, para.style, SIZE))
    }
}

/// A paragraph set as `para` is, without its text.
fn shaped(para: &Para) -> Paragraph {
    let mut p = Paragraph::new().align(match para.align {
        Align::Centre => AlignmentType::Center,
        Align::Justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
    });
    if para.indent > 0 {
        p = p.indent(None, Some(SpecialIndentType::FirstLine(INDENT_STEP * i32::from(para.indent))), None, None);
    }
    if para.space_before > 0.0 {
        p = p.line_spacing(LineSpacing::new().before(twips(para.space_before)).after(0));
    }
    if para.keep_next {
        p = p.keep_next(true);
    }
    // As the PDF: no line of a paragraph alone at a page turn.
    p.widow_control(true)
}

/// A ruled table across the text width: the column headings as a bold first row repeated on each page,
/// then a row per item; the columns as wide as the PDF's.
fn word_table(t: &Table) -> Result<docx_rs::Table, AppError> {
    let widths = table::widths(t, faces()?, pdf::TEXT_W);
    let mut grid: Vec<usize> = widths.iter().map(|&w| twips(w) as usize).collect();
    // Rounding to twips may leave the sum a few twips off the text width: the widest column takes them.
    if let Some(widest) = (0..grid.len()).max_by_key(|&j| grid[j]) {
        let others: usize = grid.iter().sum::<usize>() - grid[widest];
        grid[widest] = TEXT_W.saturating_sub(others).max(1);
    }
    let row = |cells: &[String], style: Style| {
        let cells = cells
            .iter()
            .zip(&grid)
            .map(|(text, &w)| {
                let cell = TableCell::new().width(w, WidthType::Dxa);
                text.split('\n').fold(cell, |cell, line| {
                    let p = Paragraph::new().align(AlignmentType::Left).size(TABLE_SIZE);
                    cell.add_paragraph(if line.is_empty() { p } else { p.add_run(run(line, style, TABLE_SIZE)) })
                })
            })
            .collect();
        TableRow::new(cells)
    };
    let mut rows = Vec::with_capacity(t.rows.len() + 1);
    if t.has_heading() {
        rows.push(row(&t.columns, Style::Bold).cant_split());
    }
    rows.extend(t.rows.iter().map(|r| row(r, Style::Plain)));
    let border = |position| TableBorder::new(position).border_type(BorderType::Single).size(4).color("000000");
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |borders, position| borders.set(border(position)));
    let (pad_x, pad_y) = (twips(table::PAD_X) as usize, twips(table::PAD_Y) as usize);
    Ok(docx_rs::Table::new(rows)
        .set_grid(grid)
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
        .set_borders(borders))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exports::tests::{fixture, markdown_words, real, words_of};

    fn document_xml(doc: &Document) -> String {
        String::from_utf8(build(doc).unwrap().document).unwrap()
    }

    /// The text of a WordprocessingML part: what its `w:t` elements hold, unescaped.
    fn xml_text(xml: &str) -> String {
        let mut out = String::new();
        for piece in xml.split("<w:t").skip(1) {
            let Some(open) = piece.find('>') else { continue };
            if piece[..open].ends_with('/') {
                continue;
            }
            let body = &piece[open + 1..];
            let text = &body[..body.find("</w:t>").unwrap_or(body.len())];
            out.push_str(
                &text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'"),
            );
            out.push(' ');
        }
        out.replace("&amp;", "&")
    }

    #[test]
    fn the_fixture_as_a_word_file() {
        let doc = accord_domain::import(crate::demo::FIXTURE).document;
        let bytes = docx(&doc).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let xml = document_xml(&doc);
        assert!(xml.contains("<w:titlePg"), "no number on the first page");
        let lines = [crate::exports::NamedVoteLine {
            ballot: 1,
            subject: "Документ в целом".into(),
            name: "Иванова; И.".into(),
            category: "НКО".into(),
            choice: "За".into(),
        }];
        let csv = String::from_utf8(crate::exports::ballots_csv(&lines).unwrap()).unwrap();
        assert!(csv.contains("1;Документ в целом;\"Иванова; И.\";НКО;За"), "{csv}");
    }

    #[test]
    fn no_word_of_a_real_document_is_lost_in_the_word_file() {
        for (name, source) in real() {
            let doc = accord_domain::import(&source).document;
            let written = words_of(&xml_text(&document_xml(&doc)));
            let missing: Vec<_> = markdown_words(&doc).difference(&written).cloned().collect();
            assert!(missing.is_empty(), "{name}: {missing:?}");
        }
    }

    #[test]
    fn a_table_is_a_ruled_w_tbl_with_a_repeated_heading_row() {
        let doc = accord_domain::import(&fixture("verhopole")).document;
        let xml = document_xml(&doc);
        assert_eq!(xml.matches("<w:tbl>").count(), 1, "{xml}");
        assert_eq!(xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count(), 2, "headings and one row");
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        assert!(xml.contains("<w:insideV w:val=\"single\""), "ruled");
        let grid: Vec<usize> =
            xml.split("<w:gridCol w:w=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse().unwrap()).collect();
        assert_eq!(grid.len(), 6);
        assert_eq!(grid.iter().sum::<usize>(), TEXT_W, "the table spans the text width: {grid:?}");
        assert!(grid.iter().all(|&w| w as f32 >= twips(table::MIN_COLUMN) as f32 - 1.0), "{grid:?}");
        let heading = xml.find("п/п").unwrap();
        let row = xml.find("Краткое содержание").unwrap();
        assert!(heading < row && xml[heading..row].contains("<w:b />"), "the headings are bold");
        // A protocol's cue headings keep with what they head.
        let xml = document_xml(&accord_domain::import(&fixture("serov")).document);
        let cue = xml.find("СЛУШАЛИ:").unwrap();
        let paragraph = xml[..cue].rfind("<w:pPr").unwrap();
        assert!(xml[paragraph..cue].contains("<w:keepNext"), "{}", &xml[paragraph..cue]);
    }
}
