//! The Word and PDF files of real documents of every kind of the genre (final documents with their tables,
//! заключения, protocols with their cues, votes and signatures), imported through the app, downloaded as a
//! reader downloads them, and read back by LibreOffice and poppler: not a word of the Markdown export lost,
//! tables as tables.

use crate::helpers;

use helpers::{spawn, TestApp};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

macro_rules! real {
    ($name:literal) => {
        ($name, include_str!(concat!("../../app/domain/tests/fixtures/real/", $name, ".txt")))
    };
}

const VERHOPOLE: (&str, &str) = real!("verhopole-itogovyj-dokument-publichnyh-slushanij");
const BUTYRKI: (&str, &str) = real!("butyrki-zaklyuchenie-o-rezultatah-publichnyh-slushanij");
const SEROV: (&str, &str) = real!("serov-vypiska-iz-protokola-publichnyh-slushanij");
const MILKOVO: (&str, &str) = real!("milkovo-zaklyuchenie-o-rezultatah-publichnyh-slushanij");

const ALL: [(&str, &str); 16] = [
    real!("arhyz-proekt-itogovoj-rezolyucii-grazhdanskogo-foruma"),
    BUTYRKI,
    real!("chekalin-itogovyj-dokument-publichnyh-slushanij"),
    real!("krutoyar-protokol-publichnyh-slushanij"),
    MILKOVO,
    real!("motygino-rezolyuciya-publichnyh-slushanij"),
    real!("obrazec-protokola-obshchestvennyh-obsuzhdenij"),
    real!("obshchestvennaya-palata-rezolyuciya-kruglogo-stola-rossiya-balkany"),
    real!("pogorelovka-protokol-obshchestvennyh-obsuzhdenij"),
    real!("rezolyuciya-molodezhnogo-foruma-druzhba-narodov"),
    SEROV,
    real!("shchekino-itogovyj-dokument-publichnyh-slushanij"),
    real!("sootechestvenniki-rezolyuciya-molodezhnogo-foruma-sofiya"),
    real!("sovfed-rekomendacii-parlamentskih-slushanij-transfertnoe-cenoobrazovanie"),
    real!("sysert-itogovyj-dokument-publichnyh-slushanij"),
    VERHOPOLE,
];

/// The words of a text: runs of letters and digits, in order.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether `text` says `phrase`, word for word, whatever the lines and spaces between the words.
fn says(text: &str, phrase: &str) -> bool {
    words(text).join(" ").contains(&words(phrase).join(" "))
}

/// A document as the app exports it.
struct Exported {
    name: String,
    markdown: String,
    document: Value,
    docx: PathBuf,
    pdf: PathBuf,
}

impl Exported {
    fn word_xml(&self) -> String {
        let file = std::fs::File::open(&self.docx).unwrap();
        let mut archive = zip::ZipArchive::new(file).expect("a Word file is a zip archive");
        let mut xml = String::new();
        archive.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    /// The PDF as poppler reads it: in reading order, or (`raw`) in the order it was drawn.
    fn pdf_text(&self, raw: bool) -> String {
        let mut command = std::process::Command::new("pdftotext");
        if raw {
            command.arg("-raw");
        }
        let out = command
            .args(["-enc", "UTF-8"])
            .arg(&self.pdf)
            .arg("-")
            .output()
            .expect("poppler's pdftotext is on PATH (make test installs poppler-utils)");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn pdf_pages(&self) -> u32 {
        let out = std::process::Command::new("pdfinfo").arg(&self.pdf).output().expect("poppler's pdfinfo");
        let info = String::from_utf8_lossy(&out.stdout).into_owned();
        let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).expect("a page count");
        pages.trim().parse().unwrap()
    }

    /// The table sections of the document: per table, its column headings and then its rows.
    fn tables(&self) -> Vec<Vec<Vec<String>>> {
        let strings =
            |v: &Value| v.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect::<Vec<_>>();
        self.document["sections"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "table")
            .map(|s| {
                let rows = s["items"].as_array().unwrap().iter().map(|i| strings(&i["cells"]));
                std::iter::once(strings(&s["columns"])).chain(rows).collect()
            })
            .collect()
    }
}

async fn download(app: &TestApp, doc: &str, extension: &str) -> bytes::Bytes {
    let response = app.client.get(format!("{}/documents/{doc}/export.{extension}", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 200, "export.{extension}");
    response.bytes().await.unwrap()
}

/// Imports each fixture as a signed-up organiser and downloads its exports into `dir`.
async fn export_all(dir: &Path, fixtures: &[(&str, &str)]) -> Vec<Exported> {
    let organiser = spawn().await;
    organiser.sign_up("Анна Организатор", "anna@example.org").await;
    let (user, _) = organiser.store.user_by_email("anna@example.org").await.unwrap().unwrap();
    let mut out = Vec::new();
    for (name, source) in fixtures {
        let (_, doc) =
            app::services::imports::import_document(&organiser.store, source, &Default::default(), None, Some(&user))
                .await
                .unwrap();
        let markdown = String::from_utf8(download(&organiser, &doc, "md").await.to_vec()).unwrap();
        let json: Value = serde_json::from_slice(&download(&organiser, &doc, "json").await).unwrap();
        let (docx, pdf) = (dir.join(format!("{name}.docx")), dir.join(format!("{name}.pdf")));
        std::fs::write(&docx, download(&organiser, &doc, "docx").await).unwrap();
        std::fs::write(&pdf, download(&organiser, &doc, "pdf").await).unwrap();
        out.push(Exported { name: name.to_string(), markdown, document: json["document"].clone(), docx, pdf });
    }
    out
}

/// The Word files as LibreOffice reads them (one headless run, with a profile of its own), as text.
async fn word_texts(dir: &Path, exported: &[Exported]) -> Vec<String> {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = tokio::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir"])
        .arg(dir)
        .args(exported.iter().map(|e| &e.docx))
        .output()
        .await
        .expect("LibreOffice's soffice is on PATH (make test installs libreoffice-writer-nogui)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    exported
        .iter()
        .map(|e| {
            let txt = e.docx.with_extension("txt");
            std::fs::read_to_string(&txt).unwrap_or_else(|err| panic!("{}: {err}", txt.display()))
        })
        .collect()
}

/// Every word of the Markdown export is in `text`.
fn assert_every_word(exported: &Exported, text: &str, what: &str) {
    let have: BTreeSet<String> = words(text).into_iter().collect();
    let missing: Vec<String> = words(&exported.markdown).into_iter().filter(|w| !have.contains(w)).collect();
    assert!(missing.is_empty(), "{} ({what}): {missing:?} missing from\n{text}", exported.name);
}

/// The cells of each table, headings first, appear in `text` in their order, each cell's words together.
fn assert_cells_in_order(exported: &Exported, text: &str, what: &str) {
    let text = words(text);
    let mut at = 0;
    for table in exported.tables() {
        for cell in table.iter().flatten() {
            let cell = words(cell);
            if cell.is_empty() {
                continue;
            }
            let found = (at..=text.len().saturating_sub(cell.len())).find(|&k| text[k..k + cell.len()] == cell[..]);
            let Some(k) = found else {
                panic!("{} ({what}): the cell {cell:?} is not next, after word {at} of {text:?}", exported.name)
            };
            at = k + cell.len();
        }
    }
}

fn assert_one_word_table_per_table(exported: &Exported) {
    let xml = exported.word_xml();
    let tables = exported.tables();
    assert_eq!(xml.matches("<w:tbl>").count(), tables.len(), "{}", exported.name);
    let rows: usize = tables.iter().map(Vec::len).sum();
    assert_eq!(
        xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count(),
        rows,
        "{}: rows + headings",
        exported.name
    );
    assert_eq!(xml.matches("<w:tblHeader />").count(), tables.len(), "{}: a repeated heading row", exported.name);
}

fn report(exported: &Exported) {
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    println!(
        "{}: docx {} bytes; pdf {} bytes, {} page(s)",
        exported.name,
        size(&exported.docx),
        size(&exported.pdf),
        exported.pdf_pages()
    );
}

/// Checks every printed form of one fixture: the words, and the tables. The files live as long as the
/// directory returned.
async fn check(fixture: (&str, &str)) -> (tempfile::TempDir, Exported, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let exported = export_all(dir.path(), &[fixture]).await.pop().unwrap();
    let word = word_texts(dir.path(), std::slice::from_ref(&exported)).await.pop().unwrap();
    let pdf = exported.pdf_text(false);
    assert_every_word(&exported, &word, "Word");
    assert_every_word(&exported, &pdf, "PDF");
    assert_cells_in_order(&exported, &word, "Word");
    assert_cells_in_order(&exported, &exported.pdf_text(true), "PDF");
    assert_one_word_table_per_table(&exported);
    report(&exported);
    (dir, exported, word, pdf)
}

#[tokio::test]
async fn a_final_document_with_a_table_of_six_columns() {
    let (_dir, exported, word, pdf) = check(VERHOPOLE).await;
    assert_eq!(exported.tables().len(), 1);
    assert_eq!(exported.tables()[0].len(), 2, "the headings and one row");
    assert!(word.contains("Решение, принятое участниками публичных слушаний"), "{word}");
    assert!(says(&exported.pdf_text(true), "Решение, принятое участниками публичных слушаний"), "{pdf}");
    for text in [&word, &pdf] {
        assert!(text.contains("Секретарь Н.А. Антонова"), "{text}");
    }
    assert_eq!(exported.pdf_pages(), 1);
}

#[tokio::test]
async fn a_conclusion_with_its_table() {
    let (_dir, exported, word, _) = check(BUTYRKI).await;
    assert_eq!(exported.tables()[0][0].len(), 3);
    assert!(word.contains("Количество"));
}

#[tokio::test]
async fn a_protocol_with_its_cues_vote_and_signatures() {
    let (_dir, exported, word, pdf) = check(SEROV).await;
    assert!(exported.tables().is_empty());
    for text in [word.replace('\u{a0}', " "), pdf.replace('\u{a0}', " ")] {
        let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in\n{text}"));
        let order = [
            at("ВЫПИСКА ИЗ ПРОТОКОЛА"),
            at("СЛУШАЛИ:"),
            at("РЕШИЛИ:"),
            at("1. Одобрить проект"),
            at("«за"),
            at("Председательствующий Н.Ю. Астафьев"),
            at("Секретарь Т.В. Моисеева"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?} in\n{text}");
    }
    assert!(!exported.word_xml().contains("<w:tbl>"));
}

#[tokio::test]
async fn a_conclusion_with_its_findings() {
    let (_dir, _, word, pdf) = check(MILKOVO).await;
    for text in [&word, &pdf] {
        assert!(says(text, "Выводы о результатах публичных слушаний:"), "{text}");
        assert!(says(text, "Рекомендовать главе Мильковского"), "{text}");
    }
}

/// Every real document, in both files: not a word of its Markdown export lost.
#[tokio::test]
async fn every_real_document_keeps_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let exported = export_all(dir.path(), &ALL).await;
    let word = word_texts(dir.path(), &exported).await;
    for (e, word) in exported.iter().zip(&word) {
        assert_every_word(e, word, "Word");
        assert_every_word(e, &e.pdf_text(false), "PDF");
        assert_cells_in_order(e, word, "Word");
        assert_one_word_table_per_table(e);
        report(e);
    }
}
