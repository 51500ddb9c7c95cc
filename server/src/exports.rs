//! A document as a Word file in the genre's layout (Times New Roman 14 pt, ГОСТ Р 7.0.97 margins), and the
//! named ballots of a document as CSV. Both from the document page and from `accord export`.

use accord_domain::typography::typograph;
use accord_domain::{Document, SectionKind};
use app::error::AppError;
use docx_rs::{AlignmentType, Docx, PageMargin, Paragraph, Run, RunFonts};

const FONT: &str = "Times New Roman";
/// Half-points: 14 pt.
const SIZE: usize = 28;

fn run(text: &str) -> Run {
    Run::new().add_text(text).fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT)).size(SIZE)
}

fn centred(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

fn justified(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Both)
}

pub fn docx(doc: &Document) -> Result<Vec<u8>, AppError> {
    let h = &doc.header;
    // Twips: 20 mm = 1134, 10 mm = 567, 25 mm = 1417.
    let mut out = Docx::new().page_margin(PageMargin::new().top(1134).bottom(1134).left(1417).right(567));
    if !h.doc_kind.is_empty() {
        out = out.add_paragraph(centred(run(&h.doc_kind).bold()));
    }
    if !h.event_line.is_empty() {
        out = out.add_paragraph(centred(run(&h.event_line)));
    }
    if !h.title.is_empty() {
        out = out.add_paragraph(centred(run(&format!("«{}»", typograph(&h.title))).bold()));
    }
    let dates = match (h.starts_on, h.ends_on) {
        (Some(s), Some(e)) => Some(format!("{} — {}", s.russian(), e.russian())),
        (Some(s), None) => Some(s.russian()),
        _ => None,
    };
    if let Some(d) = dates {
        out = out.add_paragraph(centred(run(&d).italic()));
    }
    if !h.city.is_empty() {
        out = out.add_paragraph(centred(run(&format!("г.\u{a0}{}", h.city))));
    }
    for section in &doc.sections {
        if !section.kind.is_list() {
            for item in &section.items {
                out = out.add_paragraph(justified(run(&typograph(&item.text))).indent(Some(709), None, None, None));
            }
            continue;
        }
        if !section.lead_in.is_empty() {
            out = out.add_paragraph(justified(run(&typograph(&section.lead_in))).indent(Some(709), None, None, None));
        }
        for (item, marker) in section.items.iter().zip(section.markers()) {
            let text = typograph(&item.full_text());
            let indent = 709 * (item.depth as i32 + 1);
            out = out.add_paragraph(justified(run(&format!("{marker}\u{a0}{text}"))).indent(
                Some(indent),
                None,
                None,
                None,
            ));
        }
        if section.kind == SectionKind::Recommendations {
            out = out.add_paragraph(Paragraph::new());
        }
    }
    if let Some(vote) = doc.vote.filter(|v| !v.is_empty()) {
        out = out.add_paragraph(justified(run(&vote.line())));
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
