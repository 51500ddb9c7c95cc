//! Hand-written over zip + quick-xml because docx-rs's `read_docx` decompresses parts without a
//! size limit and unwraps read errors (a corrupt deflate stream panics), and it gives numbering
//! definitions but no list markers, so the counting below would be needed anyway.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::blocks::{render, Block, CellB, Frame, ParaB, RowB, Tree};
use super::markers::{advance, bullet_marker, format_num, is_symbol_font, NumFmt, DECIMAL};
use super::package::Package;
use super::xml::{attr, attr_int, attr_on, drive, drive_auxiliary, XmlSink};
use super::{FileError, MAX_REPEAT};

#[derive(Debug, Clone)]
struct Level {
    start: i64,
    fmt: NumFmt,
    text: String,
    /// `w:lvlRestart`, one-based; 0 = never restart.
    restart: Option<i64>,
    legal: bool,
    p_style: Option<String>,
    symbol_font: bool,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            fmt: DECIMAL,
            text: String::new(),
            restart: None,
            legal: false,
            p_style: None,
            symbol_font: false,
        }
    }
}

#[derive(Debug, Default)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    num_style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Num {
    abs: Option<String>,
    start_overrides: HashMap<u8, i64>,
    level_overrides: HashMap<u8, Level>,
}

#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles {
    map: HashMap<String, Style>,
    default_para: Option<String>,
}

impl Styles {
    /// The numbering a style gives, through its `w:basedOn` chain (nearest setting wins).
    fn numbering_of(&self, style_id: &str) -> (Option<String>, Option<u8>) {
        let (mut num_id, mut ilvl) = (None, None);
        let mut id = Some(style_id.to_owned());
        for _ in 0..32 {
            let Some(style) = id.as_ref().and_then(|i| self.map.get(i)) else { break };
            num_id = num_id.or_else(|| style.num_id.clone());
            ilvl = ilvl.or(style.ilvl);
            id = style.based_on.clone();
        }
        (num_id, ilvl)
    }
}

fn ilvl_of(v: Option<i64>) -> Option<u8> {
    v.map(|v| v.clamp(0, 8) as u8)
}

fn num_fmt(val: &str, format: Option<&str>) -> NumFmt {
    match val {
        "decimal" => DECIMAL,
        "decimalZero" => NumFmt::Decimal { width: 2 },
        "lowerLetter" => NumFmt::Letters { upper: false, cyrillic: false, repeat: true },
        "upperLetter" => NumFmt::Letters { upper: true, cyrillic: false, repeat: true },
        "russianLower" => NumFmt::Letters { upper: false, cyrillic: true, repeat: true },
        "russianUpper" => NumFmt::Letters { upper: true, cyrillic: true, repeat: true },
        "lowerRoman" => NumFmt::Roman { upper: false },
        "upperRoman" => NumFmt::Roman { upper: true },
        "bullet" => NumFmt::Bullet,
        "none" => NumFmt::None,
        // Word 2010's custom formats such as "001, 002, 003, ...".
        "custom" => match format.and_then(|f| f.split(',').next()).map(str::trim) {
            Some(first) if first.len() > 1 && first.bytes().all(|b| b.is_ascii_digit()) => {
                NumFmt::Decimal { width: first.len().min(10) as u8 }
            }
            _ => DECIMAL,
        },
        _ => DECIMAL,
    }
}

// ----- numbering.xml

enum NTag {
    AbstractNum,
    Num,
    Lvl,
    LvlOverride,
    Other,
}

#[derive(Default)]
struct NumberingSink {
    out: Numbering,
    abs: Option<(String, AbstractNum)>,
    num: Option<(String, Num)>,
    lvl: Option<(u8, Level)>,
    override_ilvl: Option<u8>,
}

impl XmlSink for NumberingSink {
    type Tag = NTag;

    fn start(&mut self, _: &[NTag], name: &[u8], e: &BytesStart<'_>) -> Result<Option<NTag>, FileError> {
        let val = || attr(e, b"val");
        Ok(Some(match name {
            // Word 2010+ custom formats come in mc:Choice with a plain fallback; Word shows the
            // choice, and so do we.
            b"Fallback" | b"numPicBullet" | b"numberingChange" => return Ok(None),
            b"abstractNum" => {
                self.abs = Some((attr(e, b"abstractNumId").unwrap_or_default(), AbstractNum::default()));
                NTag::AbstractNum
            }
            b"num" => {
                self.num = Some((attr(e, b"numId").unwrap_or_default(), Num::default()));
                NTag::Num
            }
            b"lvl" => {
                let ilvl = ilvl_of(attr_int(e, b"ilvl")).unwrap_or(0);
                self.lvl = Some((ilvl, Level::default()));
                NTag::Lvl
            }
            b"lvlOverride" => {
                self.override_ilvl = Some(ilvl_of(attr_int(e, b"ilvl")).unwrap_or(0));
                NTag::LvlOverride
            }
            b"abstractNumId" => {
                if let Some((_, num)) = &mut self.num {
                    num.abs = val();
                }
                NTag::Other
            }
            b"startOverride" => {
                if let (Some((_, num)), Some(ilvl), Some(v)) = (&mut self.num, self.override_ilvl, attr_int(e, b"val"))
                {
                    num.start_overrides.insert(ilvl, v);
                }
                NTag::Other
            }
            b"numStyleLink" => {
                if let Some((_, abs)) = &mut self.abs {
                    abs.num_style_link = val();
                }
                NTag::Other
            }
            _ => {
                if let Some((_, lvl)) = &mut self.lvl {
                    match name {
                        b"start" => lvl.start = attr_int(e, b"val").unwrap_or(0),
                        b"numFmt" => lvl.fmt = num_fmt(&val().unwrap_or_default(), attr(e, b"format").as_deref()),
                        b"lvlText" => lvl.text = val().unwrap_or_default(),
                        b"lvlRestart" => lvl.restart = attr_int(e, b"val"),
                        b"isLgl" => lvl.legal = attr_on(e, b"val"),
                        b"pStyle" => lvl.p_style = val(),
                        b"rFonts" => {
                            const KEYS: [&[u8]; 3] = [b"ascii", b"hAnsi", b"cs"];
                            lvl.symbol_font |= KEYS.iter().filter_map(|k| attr(e, k)).any(|f| is_symbol_font(&f));
                        }
                        _ => {}
                    }
                }
                NTag::Other
            }
        }))
    }

    fn end(&mut self, tag: NTag, _: &[NTag]) -> Result<(), FileError> {
        match tag {
            NTag::AbstractNum => {
                if let Some((id, abs)) = self.abs.take() {
                    self.out.abstracts.entry(id).or_insert(abs);
                }
            }
            NTag::Num => {
                if let Some((id, num)) = self.num.take() {
                    self.out.nums.entry(id).or_insert(num);
                }
            }
            NTag::Lvl => {
                if let Some((ilvl, lvl)) = self.lvl.take() {
                    match (self.override_ilvl, &mut self.num, &mut self.abs) {
                        (Some(_), Some((_, num)), _) => {
                            num.level_overrides.insert(ilvl, lvl);
                        }
                        (None, _, Some((_, abs))) => {
                            abs.levels.entry(ilvl).or_insert(lvl);
                        }
                        _ => {}
                    }
                }
            }
            NTag::LvlOverride => self.override_ilvl = None,
            NTag::Other => {}
        }
        Ok(())
    }

    fn text(&mut self, _: &[NTag], _: &str) -> Result<(), FileError> {
        Ok(())
    }
}

// ----- styles.xml

#[derive(PartialEq)]
enum STag {
    Style,
    PPr,
    NumPr,
    Other,
}

#[derive(Default)]
struct StylesSink {
    out: Styles,
    style: Option<(String, Style)>,
}

impl XmlSink for StylesSink {
    type Tag = STag;

    fn start(&mut self, parents: &[STag], name: &[u8], e: &BytesStart<'_>) -> Result<Option<STag>, FileError> {
        let parent = parents.last();
        Ok(Some(match name {
            b"docDefaults" | b"latentStyles" | b"pPrChange" | b"tblStylePr" | b"rPr" | b"Fallback" => return Ok(None),
            b"style" => {
                let id = attr(e, b"styleId").unwrap_or_default();
                if attr(e, b"type").as_deref() == Some("paragraph")
                    && attr(e, b"default").is_some_and(|d| d == "1" || d == "true")
                {
                    self.out.default_para = Some(id.clone());
                }
                self.style = Some((id, Style::default()));
                STag::Style
            }
            b"basedOn" if parent == Some(&STag::Style) => {
                if let Some((_, s)) = &mut self.style {
                    s.based_on = attr(e, b"val");
                }
                STag::Other
            }
            b"pPr" if parent == Some(&STag::Style) => STag::PPr,
            b"numPr" if parent == Some(&STag::PPr) => STag::NumPr,
            b"numId" | b"ilvl" if parent == Some(&STag::NumPr) => {
                if let Some((_, s)) = &mut self.style {
                    if name == b"numId" {
                        s.num_id = attr(e, b"val");
                    } else {
                        s.ilvl = ilvl_of(attr_int(e, b"val"));
                    }
                }
                STag::Other
            }
            _ => STag::Other,
        }))
    }

    fn end(&mut self, tag: STag, _: &[STag]) -> Result<(), FileError> {
        if tag == STag::Style {
            if let Some((id, style)) = self.style.take() {
                self.out.map.entry(id).or_insert(style);
            }
        }
        Ok(())
    }

    fn text(&mut self, _: &[STag], _: &str) -> Result<(), FileError> {
        Ok(())
    }
}

// ----- document.xml

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DTag {
    Para,
    PPr,
    NumPr,
    PPrRPr,
    T,
    Table,
    Row,
    TrPr,
    Cell,
    TcPr,
    Other,
}

/// Elements whose content is not part of the text: deleted revisions, field codes, drawings
/// and text boxes, earlier formatting in revisions, section and run properties, content-control
/// properties, alternate-content fallbacks (the preferred choice is read).
const SKIP: &[&[u8]] = &[
    b"del",
    b"moveFrom",
    b"delText",
    b"instrText",
    b"delInstrText",
    b"drawing",
    b"pict",
    b"object",
    b"Fallback",
    b"txbxContent",
    b"pPrChange",
    b"rPrChange",
    b"sectPrChange",
    b"tblPrChange",
    b"tblPrExChange",
    b"trPrChange",
    b"tcPrChange",
    b"tblGridChange",
    b"numberingChange",
    b"sectPr",
    b"rPr",
    b"tblPr",
    b"tblGrid",
    b"sdtPr",
    b"sdtEndPr",
    b"customXmlPr",
    b"smartTagPr",
    b"fldData",
    b"ffData",
    b"background",
];

struct DocSink<'a> {
    numbering: &'a Numbering,
    styles: &'a Styles,
    /// Counters per abstract numbering: Word counts on the abstract definition, so w:num
    /// instances sharing one continue each other.
    counters: HashMap<String, [Option<i64>; 9]>,
    /// (numId, level) pairs already seen: an instance's start override restarts the count
    /// only where that instance first appears (how Word stores "restart numbering").
    seen: std::collections::HashSet<(String, u8)>,
    tree: Tree,
    in_ppr: usize,
    /// Text of paragraphs whose paragraph mark was deleted (tracked): it joins the next one.
    carry: String,
}

/// A numbering instance and its abstract definition (with its id).
fn resolve<'n>(numbering: &'n Numbering, styles: &Styles, num_id: &str) -> Option<(&'n Num, &'n AbstractNum, String)> {
    let num = numbering.nums.get(num_id)?;
    let mut abs_id = num.abs.clone()?;
    let mut abs = numbering.abstracts.get(&abs_id)?;
    // A list style's definition points at the numbering that defines it.
    if let Some(link) = &abs.num_style_link {
        let linked = styles.numbering_of(link).0.and_then(|n| numbering.nums.get(&n)).and_then(|n| n.abs.clone());
        if let Some((id, a)) = linked.and_then(|id| numbering.abstracts.get(&id).map(|a| (id, a))) {
            abs_id = id;
            abs = a;
        }
    }
    Some((num, abs, abs_id))
}

impl DocSink<'_> {
    fn finish_para(&mut self, mut p: ParaB) -> Result<(), FileError> {
        if p.mark_deleted {
            self.carry = p.text;
            return Ok(());
        }
        if let Some((num_id, ilvl)) = self.effective_numbering(&p) {
            if let Some(marker) = self.marker(&num_id, ilvl) {
                p.level = usize::from(ilvl);
                p.marker = marker;
            }
        }
        self.tree.deliver(Block::Para { level: p.level, marker: p.marker, text: p.text })
    }

    fn effective_numbering(&self, p: &ParaB) -> Option<(String, u8)> {
        let style = p.style.clone().or_else(|| self.styles.default_para.clone());
        let (style_num, style_ilvl) = style.as_deref().map(|s| self.styles.numbering_of(s)).unwrap_or_default();
        let num_id = p.num_id.clone().or(style_num)?;
        if num_id.trim() == "0" {
            return None;
        }
        let ilvl = p.ilvl.or(style_ilvl).or_else(|| self.level_for_style(&num_id, style.as_deref()?)).unwrap_or(0);
        Some((num_id, ilvl))
    }

    /// The level whose `w:pStyle` names the paragraph's style.
    fn level_for_style(&self, num_id: &str, style: &str) -> Option<u8> {
        let (_, abs, _) = resolve(self.numbering, self.styles, num_id)?;
        abs.levels.iter().find(|(_, l)| l.p_style.as_deref() == Some(style)).map(|(i, _)| *i)
    }

    fn marker(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let (num, abs, abs_id) = resolve(self.numbering, self.styles, num_id)?;
        let level_of = |l: u8| num.level_overrides.get(&l).or_else(|| abs.levels.get(&l));
        let start_of =
            |l: u8| num.start_overrides.get(&l).copied().or_else(|| level_of(l).map(|x| x.start)).unwrap_or(0);
        let lvl = level_of(ilvl)?;
        let restart = num
            .start_overrides
            .get(&ilvl)
            .copied()
            .or_else(|| num.level_overrides.get(&ilvl).map(|l| l.start))
            .filter(|_| self.seen.insert((num_id.to_owned(), ilvl)));
        let counters = self.counters.entry(abs_id).or_insert([None; 9]);
        let i = usize::from(ilvl);
        if restart.is_some() {
            counters[i] = None;
        }
        advance(counters, i, restart.unwrap_or_else(|| start_of(ilvl)), |k| {
            match level_of(k as u8).and_then(|l| l.restart) {
                None => true,
                Some(r) => r > 0 && (i as i64) < r,
            }
        });
        if lvl.fmt == NumFmt::Bullet {
            return Some(bullet_marker(&lvl.text, lvl.symbol_font));
        }
        let mut marker = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            let level_ref = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
            match (c, level_ref) {
                ('%', Some(d)) => {
                    chars.next();
                    let j = (d - 1) as u8;
                    let value = counters[usize::from(j)].unwrap_or_else(|| start_of(j));
                    let fmt = if lvl.legal { DECIMAL } else { level_of(j).map_or(DECIMAL, |l| l.fmt) };
                    marker.push_str(&format_num(value, fmt));
                }
                _ => marker.push(c),
            }
        }
        Some(marker.trim().to_owned())
    }
}

impl XmlSink for DocSink<'_> {
    type Tag = DTag;

    fn start(&mut self, parents: &[DTag], name: &[u8], e: &BytesStart<'_>) -> Result<Option<DTag>, FileError> {
        let parent = parents.last().copied();
        // Context-dependent elements first: properties that matter.
        match (parent, name) {
            (Some(DTag::Para), b"pPr") => {
                self.in_ppr += 1;
                return Ok(Some(DTag::PPr));
            }
            (Some(DTag::PPr), b"pStyle") => {
                if let Some(p) = self.tree.para() {
                    p.style = attr(e, b"val");
                }
                return Ok(Some(DTag::Other));
            }
            (Some(DTag::PPr), b"numPr") => return Ok(Some(DTag::NumPr)),
            (Some(DTag::NumPr), b"ilvl") => {
                let v = ilvl_of(attr_int(e, b"val"));
                if let Some(p) = self.tree.para() {
                    p.ilvl = v;
                }
                return Ok(Some(DTag::Other));
            }
            (Some(DTag::NumPr), b"numId") => {
                if let Some(p) = self.tree.para() {
                    p.num_id = attr(e, b"val");
                }
                return Ok(Some(DTag::Other));
            }
            (Some(DTag::PPr), b"rPr") => return Ok(Some(DTag::PPrRPr)),
            (Some(DTag::PPrRPr), b"del" | b"moveFrom") => {
                if let Some(p) = self.tree.para() {
                    p.mark_deleted = true;
                }
                return Ok(Some(DTag::Other));
            }
            (Some(DTag::Row), b"trPr") => return Ok(Some(DTag::TrPr)),
            (Some(DTag::TrPr), _) => {
                if let Some(Frame::Row(row)) = self.tree.frames.last_mut() {
                    let n = || attr_int(e, b"val").unwrap_or(0).clamp(0, MAX_REPEAT as i64) as usize;
                    match name {
                        b"gridBefore" => row.before = n(),
                        b"gridAfter" => row.after = n(),
                        b"del" => row.deleted = true,
                        _ => {}
                    }
                }
                return Ok(None);
            }
            (Some(DTag::Cell), b"tcPr") => return Ok(Some(DTag::TcPr)),
            (Some(DTag::TcPr), _) => {
                if let Some(Frame::Cell(cell)) = self.tree.frames.last_mut() {
                    match name {
                        b"gridSpan" => {
                            cell.span = attr_int(e, b"val").unwrap_or(1).clamp(1, MAX_REPEAT as i64) as usize
                        }
                        b"vMerge" => cell.hidden = attr(e, b"val").is_none_or(|v| v != "restart"),
                        _ => {}
                    }
                }
                return Ok(None);
            }
            _ => {}
        }
        if SKIP.contains(&name) {
            return Ok(None);
        }
        if self.in_ppr > 0 {
            return Ok(Some(DTag::Other));
        }
        Ok(Some(match name {
            b"p" => {
                let text = std::mem::take(&mut self.carry);
                self.tree.frames.push(Frame::Para(ParaB { text, ..ParaB::default() }));
                DTag::Para
            }
            b"t" => DTag::T,
            b"tab" | b"ptab" => {
                self.tree.add(" ")?;
                DTag::Other
            }
            b"br" | b"cr" => {
                let page = name == b"br" && matches!(attr(e, b"type").as_deref(), Some("page" | "column"));
                if let Some(p) = self.tree.para() {
                    if !page {
                        p.break_pending = false;
                        p.text.push('\n');
                    } else if !p.text.is_empty() && !p.text.ends_with('\n') {
                        p.break_pending = true;
                    }
                }
                self.tree.count(1)?;
                DTag::Other
            }
            b"noBreakHyphen" => {
                self.tree.add("-")?;
                DTag::Other
            }
            b"tbl" => {
                self.tree.frames.push(Frame::Table(Vec::new()));
                DTag::Table
            }
            b"tr" => {
                self.tree.frames.push(Frame::Row(RowB::default()));
                DTag::Row
            }
            b"tc" => {
                self.tree.frames.push(Frame::Cell(CellB::default()));
                DTag::Cell
            }
            _ => DTag::Other,
        }))
    }

    fn end(&mut self, tag: DTag, _: &[DTag]) -> Result<(), FileError> {
        match tag {
            DTag::Para => {
                if let Some(Frame::Para(p)) = self.tree.frames.pop() {
                    self.finish_para(p)?;
                }
            }
            DTag::PPr => self.in_ppr = self.in_ppr.saturating_sub(1),
            DTag::Table => self.tree.end_table()?,
            DTag::Row => self.tree.end_row()?,
            DTag::Cell => self.tree.end_cell()?,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, parents: &[DTag], text: &str) -> Result<(), FileError> {
        if parents.last() == Some(&DTag::T) {
            let text: String = text.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
            self.tree.add(&text)?;
        }
        Ok(())
    }
}

/// Where the document's styles and numbering parts are, from its relationships.
fn related_parts(pkg: &mut Package<'_>) -> Result<(String, String), FileError> {
    let mut styles = "word/styles.xml".to_owned();
    let mut numbering = "word/numbering.xml".to_owned();
    if let Some(rels) = pkg.read_xml("word/_rels/document.xml.rels")? {
        struct RelSink(Vec<(String, String)>);
        impl XmlSink for RelSink {
            type Tag = ();
            fn start(&mut self, _: &[()], name: &[u8], e: &BytesStart<'_>) -> Result<Option<()>, FileError> {
                if name == b"Relationship" {
                    if let (Some(t), Some(target)) = (attr(e, b"Type"), attr(e, b"Target")) {
                        self.0.push((t, target));
                    }
                }
                Ok(Some(()))
            }
            fn end(&mut self, _: (), _: &[()]) -> Result<(), FileError> {
                Ok(())
            }
            fn text(&mut self, _: &[()], _: &str) -> Result<(), FileError> {
                Ok(())
            }
        }
        let mut sink = RelSink(Vec::new());
        // Broken relationships only cost the defaults.
        if drive(&rels, &mut sink).is_ok() {
            for (kind, target) in sink.0 {
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_owned(),
                    None => format!("word/{target}"),
                };
                if kind.ends_with("/styles") {
                    styles = path;
                } else if kind.ends_with("/numbering") {
                    numbering = path;
                }
            }
        }
    }
    Ok((styles, numbering))
}

pub(super) fn read(pkg: &mut Package<'_>) -> Result<String, FileError> {
    let document = pkg.read_xml("word/document.xml")?.ok_or(FileError::Corrupt)?;
    let (styles_part, numbering_part) = related_parts(pkg)?;
    let mut styles = StylesSink::default();
    if let Some(xml) = pkg.read_xml(&styles_part)? {
        drive_auxiliary(&xml, &mut styles)?;
    }
    let mut numbering = NumberingSink::default();
    if let Some(xml) = pkg.read_xml(&numbering_part)? {
        drive_auxiliary(&xml, &mut numbering)?;
    }
    let mut sink = DocSink {
        numbering: &numbering.out,
        styles: &styles.out,
        counters: HashMap::new(),
        seen: Default::default(),
        tree: Tree::default(),
        in_ppr: 0,
        carry: String::new(),
    };
    drive(&document, &mut sink)?;
    let mut body = std::mem::take(&mut sink.tree.body);
    if !sink.carry.is_empty() {
        body.push(Block::Para { level: 0, marker: String::new(), text: std::mem::take(&mut sink.carry) });
    }
    render(&body)
}
