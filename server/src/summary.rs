//! The «сводка предложений» as files: CSV for spreadsheets (semicolons and a byte-order mark, as Excel in
//! a Russian locale expects) and DOCX for Word (a heading and one table).

use app::error::AppError;
use app::i18n::Lang;
use app::model::Summary;
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

fn headings(lang: Lang) -> [&'static str; 6] {
    let t = lang.texts();
    [t.number_col(), t.item_col(), t.author(), t.text_col(), t.decision(), t.reason()]
}

pub fn csv(summary: &Summary, lang: Lang) -> Result<Vec<u8>, AppError> {
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer("\u{feff}".as_bytes().to_vec());
    let fail = |e: csv::Error| {
        tracing::error!("csv: {e}");
        AppError::Unexpected
    };
    out.write_record(headings(lang)).map_err(fail)?;
    for l in &summary.lines {
        out.write_record([&l.number, &l.item, &l.author, &l.text, &l.decision, &l.reason]).map_err(fail)?;
    }
    out.into_inner().map_err(|e| {
        tracing::error!("csv: {e}");
        AppError::Unexpected
    })
}

fn cell(text: &str, bold: bool) -> TableCell {
    // Line breaks inside a cell become separate paragraphs, as Word keeps them.
    text.split('\n').fold(TableCell::new(), |cell, line| {
        let run = Run::new().add_text(line);
        cell.add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
    })
}

pub fn docx(summary: &Summary, lang: Lang) -> Result<Vec<u8>, AppError> {
    let t = lang.texts();
    let mut rows = vec![TableRow::new(headings(lang).iter().map(|h| cell(h, true)).collect())];
    for l in &summary.lines {
        rows.push(TableRow::new(
            [&l.number, &l.item, &l.author, &l.text, &l.decision, &l.reason].iter().map(|v| cell(v, false)).collect(),
        ));
    }
    let mut doc = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(t.summary()).bold().size(32)))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&summary.title).size(24)));
    doc = if summary.lines.is_empty() {
        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(t.summary_empty())))
    } else {
        doc.add_table(Table::new(rows))
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| {
        tracing::error!("docx: {e}");
        AppError::Unexpected
    })?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::SummaryLine;

    fn sample() -> Summary {
        Summary {
            document_id: "d".into(),
            title: "Резолюция".into(),
            lines: vec![SummaryLine {
                number: "Поправка 1".into(),
                item: "1. Рассмотреть".into(),
                author: "Иванова И. И.".into(),
                text: "Новая редакция; с точкой с запятой\nОбоснование: «так точнее»".into(),
                decision: "Принята".into(),
                reason: String::new(),
            }],
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let bytes = csv(&sample(), Lang::Ru).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next().unwrap(), "№;Пункт;Автор;Текст;Решение;Причина");
        assert!(text.contains("\"Новая редакция; с точкой с запятой\nОбоснование: «так точнее»\""));
    }

    #[test]
    fn docx_is_a_zip_with_the_words() {
        let bytes = docx(&sample(), Lang::Ru).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}
