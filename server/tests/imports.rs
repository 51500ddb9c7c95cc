//! Documents brought as Word and OpenDocument files: every real fixture, saved by LibreOffice as .docx and
//! .odt, imports to the same document as its text; Word's automatic numbering and tables, made by
//! LibreOffice from a page with lists and a table, read as the numbered items and the table they are; and
//! `accord import` takes a Word file with the preview's corrections as flags.

use accord_domain::{Document, DocumentKind, SectionKind};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process;

use process::BIN;

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/domain/tests/fixtures");
    let mut out = vec![("seminar.md".to_string(), server::demo::FIXTURE.to_string())];
    let mut real: Vec<PathBuf> = std::fs::read_dir(dir.join("real"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    real.sort();
    for path in real {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    out
}

/// Converts `file` with LibreOffice into `format` ("docx", "odt") in `dir`; returns the new file's bytes.
fn convert(dir: &Path, file: &Path, format: &str) -> Vec<u8> {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .expect("LibreOffice's soffice is on PATH (make test installs libreoffice-writer-nogui)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let extension = format.split(':').next().unwrap();
    let made = dir.join(file.with_extension(extension).file_name().unwrap());
    std::fs::read(&made).unwrap_or_else(|e| panic!("{}: {e}", made.display()))
}

fn read(name: &str, bytes: &[u8]) -> Document {
    let text = app::services::imports::read_upload(name, bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    accord_domain::import(&text).document
}

#[test]
fn every_real_fixture_saved_as_word_or_opendocument_imports_as_its_text() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in fixtures() {
        let source = dir.path().join(Path::new(&name).with_extension("txt"));
        std::fs::write(&source, &text).unwrap();
        let expected = accord_domain::import(&text).document.without_ids();
        for format in ["docx", "odt"] {
            let bytes = convert(dir.path(), &source, format);
            let got = read(&format!("{name}.{format}"), &bytes).without_ids();
            assert_eq!(got, expected, "{name} as .{format}");
        }
    }
}

/// A page with a numbered list, a bulleted one, a nested level and a table, as a person would have it in
/// Word: LibreOffice turns the lists into automatic numbering (the numbers live in the numbering
/// definitions, not in the text) and the table into a Word table.
const PAGE: &str = "<html><head><meta charset=\"utf-8\"></head><body>\
<p>ИТОГОВЫЙ ДОКУМЕНТ</p>\
<p>публичных слушаний по вопросу «О правилах землепользования»</p>\
<p>20.10.2017</p><p>п. Теплое</p>\
<p>В публичных слушаниях приняли участие 45 человек.</p>\
<p>Участники публичных слушаний отметили:</p>\
<ul><li>проект подготовлен в срок;</li><li>замечаний не поступило.</li></ul>\
<p>Участники публичных слушаний рекомендуют:</p>\
<ol><li>Администрации поселка утвердить проект правил.</li>\
<li>Совету депутатов учесть предложения жителей:<ol type=\"a\"><li>о зонах застройки;</li><li>о парковках.</li></ol></li>\
<li>Опубликовать итоговый документ.</li></ol>\
<table border=\"1\"><tr><td>№</td><td>Предложение</td><td>Кем внесено</td><td>Решение</td></tr>\
<tr><td>1</td><td>Изменить зону Ж-1</td><td>Иванов И.И.</td><td>Учесть</td></tr>\
<tr><td>2</td><td>Сохранить сквер</td><td>Жители ул. Школьной</td><td>Отклонить</td></tr></table>\
<p>Голосовали: «за» – 43, «против» – 0, «воздержались» – 2.</p>\
<p>Председатель Н.В. Новикова</p><p>Секретарь Н.А. Антонова</p>\
</body></html>";

#[test]
fn word_numbering_and_tables_read_as_items_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("hearing.html");
    std::fs::write(&page, PAGE).unwrap();
    for format in ["docx:MS Word 2007 XML", "odt"] {
        let bytes = convert(dir.path(), &page, format);
        let extension = format.split(':').next().unwrap();
        let d = read(&format!("hearing.{extension}"), &bytes);
        let h = &d.header;
        assert_eq!(
            (h.kind, h.title.as_str()),
            (DocumentKind::FinalDocument, "О правилах землепользования"),
            "{format}"
        );
        assert_eq!((h.date.as_str(), h.place.as_str()), ("20.10.2017", "п. Теплое"), "{format}");
        assert_eq!(d.statistics.total, Some(45), "{format}");
        assert_eq!(d.items_of(SectionKind::Findings).count(), 2, "{format}");
        let recommendations: Vec<(u8, &str, &str)> = d
            .items_of(SectionKind::Recommendations)
            .map(|i| (i.depth, i.addressee.as_str(), i.text.as_str()))
            .collect();
        assert_eq!(
            recommendations,
            [
                (0, "Администрации поселка", "утвердить проект правил."),
                (0, "Совету депутатов", "учесть предложения жителей:"),
                (1, "", "о зонах застройки;"),
                (1, "", "о парковках."),
                (0, "", "Опубликовать итоговый документ."),
            ],
            "{format}: Word's numbers are markers, not words"
        );
        let table = d.sections_of(SectionKind::Table).next().unwrap_or_else(|| panic!("{format}: a table"));
        assert_eq!(table.columns, ["№", "Предложение", "Кем внесено", "Решение"], "{format}");
        let rows: Vec<Vec<String>> = table.items.iter().map(|i| i.cells.clone()).collect();
        assert_eq!(rows[1], ["2", "Сохранить сквер", "Жители ул. Школьной", "Отклонить"], "{format}");
        let vote = d.vote.as_ref().unwrap_or_else(|| panic!("{format}: the vote"));
        assert_eq!((vote.in_favour, vote.against, vote.abstained), (Some(43), Some(0), Some(2)), "{format}");
        assert_eq!(d.items_of(SectionKind::Signatures).count(), 2, "{format}");
    }
}

#[test]
fn the_command_line_imports_a_word_file_with_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let source = dir.path().join("verhopole.txt");
    std::fs::write(&source, fixtures().iter().find(|(n, _)| n.starts_with("verhopole")).unwrap().1.as_str()).unwrap();
    convert(dir.path(), &source, "docx");
    let word = dir.path().join("verhopole.docx");
    let accord = || {
        let mut cmd = Command::new(BIN);
        cmd.env("ACCORD_DB", &db).env("ACCORD_DEMO", "0").env("ACCORD_LOG", "warn");
        cmd
    };
    let out = accord()
        .arg("import")
        .arg(&word)
        .args(["--kind", "final_document", "--title", "О правилах землепользования", "--date", "20.10.2017"])
        .args(["--place", "п. Теплое", "--sections", "-,-,narrative"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let id = stdout.lines().next().unwrap().trim().to_string();
    for line in ["kind: final_document", "heading: \n", "title: О правилах землепользования", "date: 2017-10-20"]
    {
        assert!(stdout.contains(line), "{line} in:\n{stdout}");
    }
    assert!(
        stdout.contains("sections: narrative (4), table (1), narrative (2)"),
        "the signatures made text:\n{stdout}"
    );
    assert!(!stdout.contains("no heading"), "a warning the flags settle is not repeated:\n{stdout}");
    assert!(stdout.contains("state: adopted"), "«принят единогласно» adopts it:\n{stdout}");
    let md = accord().args(["export", &id, "--format", "md"]).output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.starts_with(
            // The kind is what the text is; the text had no heading and gets none.
            "«О правилах землепользования»\n\n20\u{a0}октября 2017\u{a0}г.\n\nп. Теплое\n"
        ),
        "{md}"
    );
    assert!(md.contains("| 1 | «Проект по внесению изменений"), "the table, as a table:\n{md}");

    let refused = accord().arg("import").arg(&word).args(["--kind", "memo"]).output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Kind of document"), "the flag is named");
    let pdf = dir.path().join("resolution.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n").unwrap();
    let refused = accord().arg("import").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Word (.docx)"), "a clear refusal of a PDF");
}
