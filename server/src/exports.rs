//! A document as a Word or PDF file in the genre's layout (Times New Roman or its metric twin 14 pt, ГОСТ Р
//! 7.0.97 margins), and the named ballots of a document as CSV. All from the document page and `accord export`.

use accord_domain::typography::typograph;
use accord_domain::{Document, SectionKind};
use app::error::AppError;
use docx_rs::{AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType};

mod pdf;
pub use pdf::pdf;

/// One paragraph of the genre's layout, shared by the Word and the PDF file.
#[derive(Debug, Clone, PartialEq)]
struct Para {
    text: String,
    style: Style,
    centred: bool,
    /// First-line indent in steps of 12.5 mm (ГОСТ Р 7.0.97's paragraph indent; deeper list items, more).
    indent: u8,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Bold,
    Italic,
}

impl Para {
    fn centred(text: String, style: Style) -> Self {
        Para { text, style, centred: true, indent: 0 }
    }

    fn body(text: String, indent: u8) -> Self {
        Para { text, style: Style::Plain, centred: false, indent }
    }
}

/// The document as the paragraphs of a printed resolution: the centred header, then sections with their
/// numbered items, then the vote line. An empty paragraph stands for a blank line.
fn layout(doc: &Document) -> Vec<Para> {
    let h = &doc.header;
    let mut out = Vec::new();
    if !h.doc_kind.is_empty() {
        out.push(Para::centred(h.doc_kind.clone(), Style::Bold));
    }
    if !h.event_line.is_empty() {
        out.push(Para::centred(h.event_line.clone(), Style::Plain));
    }
    if !h.title.is_empty() {
        out.push(Para::centred(format!("«{}»", typograph(&h.title)), Style::Bold));
    }
    let dates = match (h.starts_on, h.ends_on) {
        (Some(s), Some(e)) => Some(format!("{} — {}", s.russian(), e.russian())),
        (Some(s), None) => Some(s.russian()),
        _ => None,
    };
    if let Some(d) = dates {
        out.push(Para::centred(d, Style::Italic));
    }
    if !h.city.is_empty() {
        out.push(Para::centred(format!("г.\u{a0}{}", h.city), Style::Plain));
    }
    for section in &doc.sections {
        if !section.kind.is_list() {
            out.extend(section.items.iter().map(|item| Para::body(typograph(&item.text), 1)));
            continue;
        }
        if !section.lead_in.is_empty() {
            out.push(Para::body(typograph(&section.lead_in), 1));
        }
        for (item, marker) in section.items.iter().zip(section.markers()) {
            let text = typograph(&item.full_text());
            out.push(Para::body(format!("{marker}\u{a0}{text}"), item.depth + 1));
        }
        if section.kind == SectionKind::Recommendations {
            out.push(Para::body(String::new(), 0));
        }
    }
    if let Some(vote) = doc.vote.filter(|v| !v.is_empty()) {
        out.push(Para::body(vote.line(), 0));
    }
    out
}

const FONT: &str = "Times New Roman";
/// Half-points: 14 pt.
const SIZE: usize = 28;
/// Twips: 12.5 mm.
const INDENT_STEP: i32 = 709;

pub fn docx(doc: &Document) -> Result<Vec<u8>, AppError> {
    // Twips: 20 mm = 1134, 10 mm = 567, 25 mm = 1417.
    let mut out = Docx::new().page_margin(PageMargin::new().top(1134).bottom(1134).left(1417).right(567));
    for para in layout(doc) {
        let mut run = Run::new()
            .add_text(&para.text)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
            .size(SIZE);
        run = match para.style {
            Style::Plain => run,
            Style::Bold => run.bold(),
            Style::Italic => run.italic(),
        };
        let mut p = Paragraph::new();
        if !para.text.is_empty() {
            p = p.add_run(run);
        }
        p = p.align(if para.centred { AlignmentType::Center } else { AlignmentType::Both });
        if para.indent > 0 {
            p = p.indent(None, Some(SpecialIndentType::FirstLine(INDENT_STEP * i32::from(para.indent))), None, None);
        }
        out = out.add_paragraph(p);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    out.build().pack(&mut bytes).map_err(|e| {
        tracing::error!("docx: {e}");
        AppError::Unexpected
    })?;
    Ok(bytes.into_inner())
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
mod tests {
    use super::*;

    #[test]
    fn the_fixture_as_a_word_file() {
        let doc = accord_domain::import(crate::demo::FIXTURE).document;
        let bytes = docx(&doc).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let lines = [NamedVoteLine {
            ballot: 1,
            subject: "Документ в целом".into(),
            name: "Иванова; И.".into(),
            category: "НКО".into(),
            choice: "За".into(),
        }];
        let csv = String::from_utf8(ballots_csv(&lines).unwrap()).unwrap();
        assert!(csv.contains("1;Документ в целом;\"Иванова; И.\";НКО;За"), "{csv}");
    }
}
