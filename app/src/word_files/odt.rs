//! Hand-written over zip + quick-xml: there is no maintained Rust crate that reads .odt text
//! with its lists and tables.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::blocks::{render, Block, CellB, Frame, ItemB, ListB, ParaB, RowB, Tree};
use super::markers::{advance, bullet_marker, format_num, is_symbol_font, NumFmt, DECIMAL};
use super::package::Package;
use super::xml::{attr, attr_int, drive, drive_auxiliary, XmlSink};
use super::{FileError, MAX_REPEAT, MAX_SPACES};

#[derive(Debug, Clone)]
enum LevelKind {
    Number(NumFmt),
    Bullet { ch: String, symbol_font: bool },
}

#[derive(Debug, Clone)]
struct LevelStyle {
    kind: LevelKind,
    prefix: String,
    suffix: String,
    display: usize,
    start: i64,
}

#[derive(Debug, Default)]
struct ListStyle {
    levels: HashMap<usize, LevelStyle>,
}

/// Name under which the outline (heading numbering) style is kept.
const OUTLINE: &str = "\u{0}outline";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OTag {
    ListStyle,
    Level(usize),
    Para,
    List,
    Item,
    Table,
    Row,
    Cell,
    Other,
}

/// Content that is not part of the text: notes, comments, drawings and frames, tracked
/// deletions, the pre-rendered `text:number`, index templates, forms, headers and footers.
const SKIP: &[&[u8]] = &[
    b"note",
    b"annotation",
    b"annotation-end",
    b"tracked-changes",
    b"frame",
    b"custom-shape",
    b"rect",
    b"line",
    b"ellipse",
    b"circle",
    b"polygon",
    b"polyline",
    b"path",
    b"connector",
    b"g",
    b"control",
    b"forms",
    b"number",
    b"sequence-decls",
    b"variable-decls",
    b"user-field-decls",
    b"dde-connection-decls",
    b"table-of-content-source",
    b"illustration-index-source",
    b"alphabetical-index-source",
    b"user-index-source",
    b"object-index-source",
    b"table-index-source",
    b"bibliography-source",
    b"ruby-text",
    b"master-styles",
    b"table-columns",
    b"table-column",
    b"table-header-columns",
    b"font-face-decls",
];

fn num_format(format: &str, letter_sync: bool) -> NumFmt {
    let f = format.trim();
    match f.chars().next() {
        None => NumFmt::None,
        Some('1') => DECIMAL,
        Some('0') => NumFmt::Decimal { width: f.split(',').next().map_or(2, |s| s.trim().len().clamp(1, 10)) as u8 },
        Some('a') => NumFmt::Letters { upper: false, cyrillic: false, repeat: letter_sync },
        Some('A') => NumFmt::Letters { upper: true, cyrillic: false, repeat: letter_sync },
        Some('i') => NumFmt::Roman { upper: false },
        Some('I') => NumFmt::Roman { upper: true },
        // LibreOffice writes e.g. "а, б, .., аа, аб, ... (ru)" or "а, б, .., аа, бб, ... (ru)".
        Some(c @ ('а' | 'А')) => NumFmt::Letters {
            upper: c == 'А',
            cyrillic: true,
            repeat: letter_sync || f.contains("аа, бб") || f.contains("АА, ББ") || f.len() <= 2,
        },
        Some(_) => DECIMAL,
    }
}

struct OdtSink {
    lists: HashMap<String, ListStyle>,
    /// Paragraph style → (list style, parent style).
    para_styles: HashMap<String, (Option<String>, Option<String>)>,
    list_style: Option<(String, ListStyle)>,
    /// Counters of each list (a top-level `text:list` and those continuing it).
    instances: Vec<[Option<i64>; 10]>,
    ids: HashMap<String, usize>,
    last_top: Option<(usize, Option<String>)>,
    outline: [Option<i64>; 10],
    tree: Tree,
    /// Parsing styles.xml: nothing there is body text.
    styles_only: bool,
}

impl OdtSink {
    fn list_style_of_para(&self, style: Option<String>) -> Option<String> {
        let mut name = style;
        for _ in 0..32 {
            let (list, parent) = self.para_styles.get(name.as_ref()?)?;
            if let Some(l) = list.as_ref().filter(|l| !l.is_empty()) {
                return Some(l.clone());
            }
            name = parent.clone();
        }
        None
    }

    fn marker(&self, style: &str, counters: &[Option<i64>; 10], level: usize) -> String {
        let Some(ls) = self.lists.get(style) else { return String::new() };
        let Some(lvl) = ls.levels.get(&(level + 1)) else { return String::new() };
        match &lvl.kind {
            // LibreOffice shows no prefix or suffix around a bullet.
            LevelKind::Bullet { ch, symbol_font } => bullet_marker(ch, *symbol_font),
            LevelKind::Number(fmt) => {
                let display = lvl.display.clamp(1, level + 1);
                let mut parts = Vec::new();
                for (j, counter) in counters.iter().enumerate().take(level + 1).skip(level + 1 - display) {
                    let style_j = ls.levels.get(&(j + 1));
                    let fmt_j = if j == level {
                        *fmt
                    } else {
                        match style_j.map(|s| &s.kind) {
                            Some(LevelKind::Number(f)) => *f,
                            _ => DECIMAL,
                        }
                    };
                    let value = counter.unwrap_or_else(|| style_j.map_or(1, |s| s.start));
                    let part = format_num(value, fmt_j);
                    if !part.is_empty() {
                        parts.push(part);
                    }
                }
                format!("{}{}{}", lvl.prefix, parts.join("."), lvl.suffix).trim().to_owned()
            }
        }
    }

    fn level_start(&self, style: &str, level: usize) -> i64 {
        self.lists.get(style).and_then(|s| s.levels.get(&(level + 1))).map_or(1, |l| l.start)
    }

    fn start_list(&mut self, e: &BytesStart<'_>) {
        let own_style = attr(e, b"style-name");
        // A list directly inside a list item is that list's next level.
        let parent = match self.tree.frames.len().checked_sub(2).and_then(|i| self.tree.frames.get(i..)) {
            Some([Frame::List(l), Frame::Item(_)]) => Some((l.instance, l.level, l.style.clone())),
            _ => None,
        };
        let list = match parent {
            Some((instance, level, style)) => ListB { instance, level: (level + 1).min(9), style: style.or(own_style) },
            None => {
                let continued = attr(e, b"continue-list").and_then(|id| self.ids.get(&id).copied()).or_else(|| {
                    let continues = attr(e, b"continue-numbering").is_some_and(|v| v == "true");
                    continues.then(|| self.last_top.as_ref().map(|(i, _)| *i)).flatten()
                });
                let instance = continued.unwrap_or_else(|| {
                    self.instances.push([None; 10]);
                    self.instances.len() - 1
                });
                self.last_top = Some((instance, own_style.clone()));
                ListB { instance, level: 0, style: own_style }
            }
        };
        if let Some(id) = attr(e, b"id") {
            self.ids.insert(id, list.instance);
        }
        self.tree.frames.push(Frame::List(list));
    }

    fn start_para(&mut self, heading: bool, e: &BytesStart<'_>) {
        let mut para = ParaB { prev_space: true, ..ParaB::default() };
        let n = self.tree.frames.len();
        let in_item = match n.checked_sub(2).and_then(|i| self.tree.frames.get_mut(i..)) {
            Some([Frame::List(list), Frame::Item(item)]) => {
                // Only the item's first paragraph carries the number.
                let numbered = !item.header && !item.seen_child;
                item.seen_child = true;
                Some((list.instance, list.level, list.style.clone(), numbered, item.start_value.take()))
            }
            _ => None,
        };
        if let Some((instance, level, style, numbered, start_value)) = in_item {
            para.level = level;
            let style = style.or_else(|| self.list_style_of_para(attr(e, b"style-name")));
            if let (true, Some(style)) = (numbered, style) {
                let start = start_value.unwrap_or_else(|| self.level_start(&style, level));
                if let Some(counters) = self.instances.get_mut(instance) {
                    if start_value.is_some() {
                        counters[level] = None;
                    }
                    advance(counters, level, start, |_| true);
                    let counters = *counters;
                    para.marker = self.marker(&style, &counters, level);
                }
            }
        } else if heading && self.lists.contains_key(OUTLINE) && attr(e, b"is-list-header").is_none_or(|v| v != "true")
        {
            let level = (attr_int(e, b"outline-level").unwrap_or(1).clamp(1, 10) - 1) as usize;
            let numbered = matches!(
                self.lists.get(OUTLINE).and_then(|s| s.levels.get(&(level + 1))),
                Some(LevelStyle { kind: LevelKind::Number(f), .. }) if *f != NumFmt::None
            );
            if numbered {
                let restart = attr(e, b"restart-numbering").is_some_and(|v| v == "true");
                let start = attr_int(e, b"start-value").filter(|_| restart);
                if restart {
                    self.outline[level] = None;
                }
                let start = start.unwrap_or_else(|| self.level_start(OUTLINE, level));
                advance(&mut self.outline, level, start, |_| true);
                para.marker = self.marker(OUTLINE, &self.outline, level);
                para.level = level;
            }
        }
        self.tree.frames.push(Frame::Para(para));
    }

    fn add_text(&mut self, text: &str) -> Result<(), FileError> {
        let Some(p) = self.tree.para() else { return Ok(()) };
        let before = p.text.len();
        // ODF white space: tabs and line ends are spaces, runs of spaces count once, and
        // leading spaces of a paragraph are dropped (real spaces are `text:s`).
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !p.prev_space {
                    p.text.push(' ');
                    p.prev_space = true;
                }
            } else {
                p.text.push(c);
                p.prev_space = false;
            }
        }
        let added = p.text.len() - before;
        self.tree.count(added)
    }

    fn add_literal(&mut self, text: &str, prev_space: bool) -> Result<(), FileError> {
        if let Some(p) = self.tree.para() {
            p.prev_space = prev_space;
        }
        self.tree.add(text)
    }
}

impl XmlSink for OdtSink {
    type Tag = OTag;

    fn start(&mut self, parents: &[OTag], name: &[u8], e: &BytesStart<'_>) -> Result<Option<OTag>, FileError> {
        if SKIP.contains(&name) {
            return Ok(None);
        }
        // Styles.
        match name {
            b"list-style" | b"outline-style" => {
                let style_name = if name == b"outline-style" { Some(OUTLINE.to_owned()) } else { attr(e, b"name") };
                self.list_style = Some((style_name.unwrap_or_default(), ListStyle::default()));
                return Ok(Some(OTag::ListStyle));
            }
            b"list-level-style-number"
            | b"outline-level-style"
            | b"list-level-style-bullet"
            | b"list-level-style-image" => {
                if let Some((_, ls)) = &mut self.list_style {
                    let level = attr_int(e, b"level").unwrap_or(1).clamp(1, 10) as usize;
                    let kind = match name {
                        b"list-level-style-bullet" => LevelKind::Bullet {
                            ch: attr(e, b"bullet-char").unwrap_or_else(|| "•".into()),
                            symbol_font: false,
                        },
                        b"list-level-style-image" => LevelKind::Bullet { ch: "•".into(), symbol_font: false },
                        _ => LevelKind::Number(num_format(
                            &attr(e, b"num-format").unwrap_or_default(),
                            attr(e, b"num-letter-sync").is_some_and(|v| v == "true"),
                        )),
                    };
                    let style = LevelStyle {
                        kind,
                        prefix: attr(e, b"num-prefix").unwrap_or_default(),
                        suffix: attr(e, b"num-suffix").unwrap_or_default(),
                        display: attr_int(e, b"display-levels").unwrap_or(1).clamp(1, 10) as usize,
                        start: attr_int(e, b"start-value").unwrap_or(1),
                    };
                    ls.levels.insert(level, style);
                    return Ok(Some(OTag::Level(level)));
                }
                return Ok(Some(OTag::Other));
            }
            b"text-properties" => {
                if let (Some(OTag::Level(level)), Some((_, ls))) = (parents.last(), &mut self.list_style) {
                    let symbol = [b"font-name".as_slice(), b"font-family"]
                        .iter()
                        .filter_map(|k| attr(e, k))
                        .any(|f| is_symbol_font(&f));
                    if let Some(LevelStyle { kind: LevelKind::Bullet { symbol_font, .. }, .. }) =
                        ls.levels.get_mut(level)
                    {
                        *symbol_font |= symbol;
                    }
                }
                return Ok(Some(OTag::Other));
            }
            b"style" => {
                if let Some(style_name) = attr(e, b"name") {
                    self.para_styles.insert(style_name, (attr(e, b"list-style-name"), attr(e, b"parent-style-name")));
                }
                return Ok(Some(OTag::Other));
            }
            _ => {}
        }
        if self.styles_only {
            return Ok(Some(OTag::Other));
        }
        // A list item's first child decides whether its first paragraph is numbered.
        if parents.last() == Some(&OTag::Item) && !matches!(name, b"p" | b"h" | b"soft-page-break") {
            if let Some(Frame::Item(item)) = self.tree.frames.last_mut() {
                item.seen_child = true;
            }
        }
        Ok(Some(match name {
            b"p" | b"h" => {
                self.start_para(name == b"h", e);
                OTag::Para
            }
            b"s" => {
                let n = attr_int(e, b"c").unwrap_or(1).clamp(1, MAX_SPACES as i64) as usize;
                self.add_literal(&" ".repeat(n), false)?;
                OTag::Other
            }
            b"tab" => {
                self.add_literal(" ", false)?;
                OTag::Other
            }
            b"line-break" => {
                self.add_literal("\n", true)?;
                OTag::Other
            }
            b"list" => {
                self.start_list(e);
                OTag::List
            }
            b"list-item" | b"list-header" => {
                let start_value = attr_int(e, b"start-value");
                self.tree.frames.push(Frame::Item(ItemB {
                    start_value,
                    header: name == b"list-header",
                    seen_child: false,
                }));
                OTag::Item
            }
            b"table" => {
                self.tree.frames.push(Frame::Table(Vec::new()));
                OTag::Table
            }
            b"table-row" => {
                let repeat = attr_int(e, b"number-rows-repeated").unwrap_or(1).clamp(1, MAX_REPEAT as i64) as usize;
                self.tree.frames.push(Frame::Row(RowB { repeat, ..RowB::default() }));
                OTag::Row
            }
            b"table-cell" | b"covered-table-cell" => {
                let repeat = attr_int(e, b"number-columns-repeated").unwrap_or(1).clamp(1, MAX_REPEAT as i64) as usize;
                // Spanned columns are written as covered cells, so no padding is added here.
                let hidden = name == b"covered-table-cell";
                self.tree.frames.push(Frame::Cell(CellB { repeat, hidden, ..CellB::default() }));
                OTag::Cell
            }
            _ => OTag::Other,
        }))
    }

    fn end(&mut self, tag: OTag, _: &[OTag]) -> Result<(), FileError> {
        match tag {
            OTag::ListStyle => {
                if let Some((style_name, ls)) = self.list_style.take() {
                    self.lists.insert(style_name, ls);
                }
            }
            OTag::Para => {
                if let Some(Frame::Para(p)) = self.tree.frames.pop() {
                    self.tree.deliver(Block::Para { level: p.level, marker: p.marker, text: p.text })?;
                }
            }
            OTag::List | OTag::Item => {
                self.tree.frames.pop();
            }
            OTag::Table => self.tree.end_table()?,
            OTag::Row => self.tree.end_row()?,
            OTag::Cell => self.tree.end_cell()?,
            OTag::Level(_) | OTag::Other => {}
        }
        Ok(())
    }

    fn text(&mut self, _: &[OTag], text: &str) -> Result<(), FileError> {
        self.add_text(text)
    }
}

pub(super) fn read(pkg: &mut Package<'_>) -> Result<String, FileError> {
    let content = pkg.read_xml("content.xml")?.ok_or(FileError::Corrupt)?;
    let mut sink = OdtSink {
        lists: HashMap::new(),
        para_styles: HashMap::new(),
        list_style: None,
        instances: Vec::new(),
        ids: HashMap::new(),
        last_top: None,
        outline: [None; 10],
        tree: Tree::default(),
        styles_only: true,
    };
    if let Some(styles) = pkg.read_xml("styles.xml")? {
        drive_auxiliary(&styles, &mut sink)?;
    }
    sink.styles_only = false;
    sink.tree = Tree::default();
    drive(&content, &mut sink)?;
    render(&sink.tree.body)
}
