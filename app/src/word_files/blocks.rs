//! The document model both readers fill — paragraphs with their list markers, and tables — and its
//! rendering as lines of text, tables as `| a | b |` rows.

use super::{text_too_large, FileError, MAX_RAW_TEXT, MAX_REPEAT, MAX_TEXT_BYTES};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    /// A paragraph; `text` may hold `\n` from soft line breaks.
    Para { level: usize, marker: String, text: String },
    /// Rows of cells of blocks; merged and covered cells are already empty cells.
    Table(Vec<Vec<Vec<Block>>>),
}

pub(super) fn render(blocks: &[Block]) -> Result<String, FileError> {
    let mut out = Lines::default();
    for block in blocks {
        match block {
            Block::Para { level, marker, text } => {
                // Only a visible marker indents: continuation paragraphs of list items and
                // levels numbered "none" read as plain paragraphs, in .docx and .odt alike.
                let mut line = String::new();
                if !marker.is_empty() {
                    line.push_str(&"  ".repeat(*level));
                    line.push_str(marker);
                    line.push(' ');
                }
                line.push_str(text);
                for part in line.split('\n') {
                    out.push(part)?;
                }
            }
            Block::Table(rows) => {
                out.blank_before_table()?;
                for row in rows {
                    let mut line = String::from("|");
                    for cell in row {
                        let text = cell_text(cell);
                        if !text.is_empty() {
                            line.push(' ');
                            line.push_str(&text);
                        }
                        line.push_str(" |");
                    }
                    out.push(&line)?;
                }
                out.pending_blank = true;
            }
        }
    }
    Ok(out.lines.join("\n"))
}

#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    bytes: usize,
    pending_blank: bool,
}

impl Lines {
    fn push(&mut self, line: &str) -> Result<(), FileError> {
        let line = line.trim_end();
        if std::mem::take(&mut self.pending_blank) && !line.is_empty() {
            self.push_raw("")?;
        }
        self.push_raw(line)
    }

    fn blank_before_table(&mut self) -> Result<(), FileError> {
        self.pending_blank = false;
        match self.lines.last() {
            Some(last) if !last.is_empty() => self.push_raw(""),
            _ => Ok(()),
        }
    }

    fn push_raw(&mut self, line: &str) -> Result<(), FileError> {
        self.bytes += line.len() + 1;
        if self.bytes > MAX_TEXT_BYTES + 1 {
            return Err(text_too_large());
        }
        self.lines.push(line.to_owned());
        Ok(())
    }
}

/// A cell's text on one line: paragraphs (with markers) joined with a space, whitespace squashed,
/// `|` escaped.
fn cell_text(blocks: &[Block]) -> String {
    let mut raw = String::new();
    flatten_blocks(blocks, &mut raw);
    let squashed: Vec<&str> = raw.split(|c: char| c.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect();
    squashed.join(" ").replace('|', "\\|")
}

fn flatten_blocks(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Para { marker, text, .. } => {
                out.push(' ');
                out.push_str(marker);
                out.push(' ');
                out.push_str(text);
            }
            Block::Table(rows) => {
                for cell in rows.iter().flatten() {
                    flatten_blocks(cell, out);
                }
            }
        }
    }
}

fn block_len(block: &Block) -> usize {
    match block {
        Block::Para { marker, text, .. } => marker.len() + text.len() + 1,
        Block::Table(rows) => rows.iter().flatten().flatten().map(block_len).sum::<usize>() + 1,
    }
}

/// The open structures while reading a document body.
#[derive(Debug)]
pub(super) enum Frame {
    Para(ParaB),
    Table(Vec<Vec<Vec<Block>>>),
    Row(RowB),
    Cell(CellB),
    /// ODT `text:list`.
    List(ListB),
    /// ODT `text:list-item` / `text:list-header`.
    Item(ItemB),
}

#[derive(Debug, Default)]
pub(super) struct ParaB {
    pub(super) text: String,
    pub(super) level: usize,
    pub(super) marker: String,
    /// ODT: the last character came from collapsible white space.
    pub(super) prev_space: bool,
    /// DOCX: a page or column break waits for more text before it ends the line.
    pub(super) break_pending: bool,
    pub(super) style: Option<String>,
    pub(super) num_id: Option<String>,
    pub(super) ilvl: Option<u8>,
    pub(super) mark_deleted: bool,
}

#[derive(Debug)]
pub(super) struct RowB {
    pub(super) cells: Vec<Vec<Block>>,
    pub(super) before: usize,
    pub(super) after: usize,
    pub(super) deleted: bool,
    pub(super) repeat: usize,
}

impl Default for RowB {
    fn default() -> Self {
        RowB { cells: Vec::new(), before: 0, after: 0, deleted: false, repeat: 1 }
    }
}

#[derive(Debug)]
pub(super) struct CellB {
    pub(super) blocks: Vec<Block>,
    pub(super) span: usize,
    /// A vertically merged continuation or covered cell: output empty.
    pub(super) hidden: bool,
    pub(super) repeat: usize,
}

impl Default for CellB {
    fn default() -> Self {
        CellB { blocks: Vec::new(), span: 1, hidden: false, repeat: 1 }
    }
}

#[derive(Debug)]
pub(super) struct ListB {
    pub(super) instance: usize,
    pub(super) level: usize,
    pub(super) style: Option<String>,
}

#[derive(Debug)]
pub(super) struct ItemB {
    pub(super) start_value: Option<i64>,
    pub(super) header: bool,
    pub(super) seen_child: bool,
}

/// Blocks being built: a stack of open frames over the finished body.
#[derive(Default)]
pub(super) struct Tree {
    pub(super) frames: Vec<Frame>,
    pub(super) body: Vec<Block>,
    raw: usize,
}

impl Tree {
    pub(super) fn count(&mut self, n: usize) -> Result<(), FileError> {
        self.raw = self.raw.saturating_add(n);
        if self.raw > MAX_RAW_TEXT {
            return Err(text_too_large());
        }
        Ok(())
    }

    pub(super) fn para(&mut self) -> Option<&mut ParaB> {
        match self.frames.last_mut() {
            Some(Frame::Para(p)) => Some(p),
            _ => None,
        }
    }

    /// Appends literal text to the open paragraph (text outside paragraphs is dropped).
    pub(super) fn add(&mut self, s: &str) -> Result<(), FileError> {
        let Some(p) = self.para() else { return Ok(()) };
        if std::mem::take(&mut p.break_pending) && !s.is_empty() {
            p.text.push('\n');
        }
        p.text.push_str(s);
        self.count(s.len())
    }

    /// Puts a finished block where it belongs: the innermost cell, paragraph or the body.
    pub(super) fn deliver(&mut self, block: Block) -> Result<(), FileError> {
        self.count(block_len(&block))?;
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Cell(c) => {
                    c.blocks.push(block);
                    return Ok(());
                }
                Frame::Para(p) => {
                    let mut s = String::new();
                    flatten_blocks(std::slice::from_ref(&block), &mut s);
                    p.text.push_str(&s);
                    return Ok(());
                }
                Frame::List(_) | Frame::Item(_) => continue,
                // Content directly in a table or row (malformed): dropped.
                Frame::Table(_) | Frame::Row(_) => return Ok(()),
            }
        }
        self.body.push(block);
        Ok(())
    }

    pub(super) fn end_table(&mut self) -> Result<(), FileError> {
        if let Some(Frame::Table(rows)) = self.frames.pop() {
            if !rows.is_empty() {
                self.deliver(Block::Table(rows))?;
            }
        }
        Ok(())
    }

    pub(super) fn end_row(&mut self) -> Result<(), FileError> {
        let Some(Frame::Row(row)) = self.frames.pop() else { return Ok(()) };
        if row.deleted || (row.cells.is_empty() && row.before == 0 && row.after == 0) {
            return Ok(());
        }
        let mut cells = vec![Vec::new(); row.before.min(MAX_REPEAT)];
        cells.extend(row.cells);
        cells.extend(vec![Vec::new(); row.after.min(MAX_REPEAT)]);
        let repeat = row.repeat.clamp(1, MAX_REPEAT);
        let size: usize = cells.iter().flatten().map(block_len).sum::<usize>() + cells.len();
        self.count(size.saturating_mul(repeat - 1))?;
        if let Some(Frame::Table(rows)) = self.frames.last_mut() {
            for _ in 1..repeat {
                rows.push(cells.clone());
            }
            rows.push(cells);
        }
        Ok(())
    }

    pub(super) fn end_cell(&mut self) -> Result<(), FileError> {
        let Some(Frame::Cell(cell)) = self.frames.pop() else { return Ok(()) };
        let blocks = if cell.hidden { Vec::new() } else { cell.blocks };
        let repeat = cell.repeat.clamp(1, MAX_REPEAT);
        let size: usize = blocks.iter().map(block_len).sum();
        self.count(size.saturating_mul(repeat - 1))?;
        if let Some(Frame::Row(row)) = self.frames.last_mut() {
            for _ in 1..repeat {
                row.cells.push(blocks.clone());
            }
            row.cells.push(blocks);
            for _ in 1..cell.span.clamp(1, MAX_REPEAT) {
                row.cells.push(Vec::new());
            }
        }
        Ok(())
    }
}
