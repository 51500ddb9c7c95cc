use std::io::{Cursor, Write};

use super::*;

/// A zip with the given parts, the first one stored (as ODF wants its `mimetype`).
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (i, (name, body)) in parts.iter().enumerate() {
        let method = if i == 0 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;

fn raw_docx(body: &str, numbering: &str, styles: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let numbering = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W_NS}>{numbering}</w:numbering>"#);
    let styles = format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W_NS}>{styles}</w:styles>"#);
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="/word/numbering.xml"/></Relationships>"#;
    zip_of(&[
        ("[Content_Types].xml", types),
        ("_rels/.rels", rels),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/document.xml", &document),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
    ])
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn np(num: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn lvl(ilvl: u32, fmt: &str, text: &str, extra: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}<w:lvlText w:val="{text}"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="720"/></w:tabs></w:pPr></w:lvl>"#
    )
}

// ----- .docx written by docx-rs

fn docx_rs_document() -> Vec<u8> {
    use docx_rs::*;
    let numbered = AbstractNumbering::new(2)
        .add_level(Level::new(
            0,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        ))
        .add_level(Level::new(
            1,
            Start::new(1),
            NumberFormat::new("russianLower"),
            LevelText::new("%2)"),
            LevelJc::new("left"),
        ))
        .add_level(Level::new(
            2,
            Start::new(1),
            NumberFormat::new("lowerLetter"),
            LevelText::new("%3)"),
            LevelJc::new("left"),
        ));
    let bullets = AbstractNumbering::new(3)
        .add_level(
            Level::new(0, Start::new(1), NumberFormat::new("bullet"), LevelText::new("\u{F0B7}"), LevelJc::new("left"))
                .fonts(RunFonts::new().ascii("Symbol").hi_ansi("Symbol")),
        )
        .add_level(Level::new(
            1,
            Start::new(1),
            NumberFormat::new("bullet"),
            LevelText::new("–"),
            LevelJc::new("left"),
        ));
    let item = |num: usize, level: usize, text: &str| {
        Paragraph::new().add_run(Run::new().add_text(text)).numbering(NumberingId::new(num), IndentLevel::new(level))
    };
    let cell = |text: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
    let table = Table::new(vec![
        TableRow::new(vec![cell("№"), cell("Вопрос"), cell("Решение")]),
        TableRow::new(vec![
            cell("1").vertical_merge(VMergeType::Restart),
            TableCell::new()
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Бюджет | смета")))
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text("на   2025 год"))),
            cell("Принять"),
        ]),
        TableRow::new(vec![
            TableCell::new().add_paragraph(Paragraph::new()).vertical_merge(VMergeType::Continue),
            cell("Итого: единогласно").grid_span(2),
        ]),
    ]);
    let docx = Docx::new()
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("Heading 1").bold())
        .add_abstract_numbering(numbered)
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(2, 2))
        .add_numbering(Numbering::new(3, 3))
        .add_paragraph(Paragraph::new().style("Heading1").add_run(Run::new().add_text("ПРОТОКОЛ № 5")))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Присутствовали: "))
                .add_run(Run::new().add_text("Иванов").bold())
                .add_run(Run::new().add_text(" и "))
                .add_run(Run::new().add_text("Петров").italic())
                .add_hyperlink(
                    Hyperlink::new("https://example.org", HyperlinkType::External)
                        .add_run(Run::new().add_text(" (ссылка)")),
                ),
        )
        .add_paragraph(Paragraph::new())
        .add_paragraph(item(2, 0, "Первый вопрос"))
        .add_paragraph(item(2, 1, "подпункт один"))
        .add_paragraph(item(2, 1, "подпункт два"))
        .add_paragraph(item(2, 2, "глубже"))
        .add_paragraph(item(2, 0, "Второй вопрос"))
        .add_paragraph(item(2, 1, "снова с начала"))
        .add_paragraph(item(3, 0, "пункт списка"))
        .add_paragraph(item(3, 1, "тире"))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Строка один").add_break(BreakType::TextWrapping).add_text("строка два")),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Дата:").add_tab().add_text("12.03.2024  ")))
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("После таблицы")));
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).unwrap();
    out.into_inner()
}

const DOCX_RS_EXPECTED: &str = "ПРОТОКОЛ № 5
Присутствовали: Иванов и Петров (ссылка)

1. Первый вопрос
  а) подпункт один
  б) подпункт два
    a) глубже
2. Второй вопрос
  а) снова с начала
• пункт списка
  – тире
Строка один
строка два
Дата: 12.03.2024

| № | Вопрос | Решение |
| 1 | Бюджет \\| смета на 2025 год | Принять |
| | Итого: единогласно | |

После таблицы";

#[test]
fn docx_written_by_docx_rs() {
    let bytes = docx_rs_document();
    assert_eq!(kind_of("protocol.docx", &bytes), FileKind::Docx);
    assert_eq!(text_of("protocol.docx", &bytes).unwrap(), DOCX_RS_EXPECTED);
}

// ----- .docx written by hand: numbering details, revisions, fields, content controls

#[test]
fn docx_numbering_details() {
    let numbering = [
        format!(
            r#"<w:abstractNum w:abstractNumId="10">{}{}{}</w:abstractNum>"#,
            lvl(0, "decimal", "%1.", ""),
            lvl(1, "decimal", "%1.%2.", ""),
            lvl(2, "russianUpper", "%3.", "")
        ),
        format!(r#"<w:abstractNum w:abstractNumId="11">{}{}</w:abstractNum>"#, lvl(0, "upperRoman", "%1.", ""), lvl(1, "russianLower", "%2)", r#"<w:lvlRestart w:val="0"/>"#)),
        format!(r#"<w:abstractNum w:abstractNumId="12">{}</w:abstractNum>"#, lvl(0, "decimal", "Статья %1.", r#"<w:pStyle w:val="Article"/>"#)),
        format!(r#"<w:abstractNum w:abstractNumId="13">{}</w:abstractNum>"#, lvl(0, "upperLetter", "%1)", "")),
        format!(r#"<w:abstractNum w:abstractNumId="14">{}</w:abstractNum>"#, lvl(0, "decimalZero", "%1", "")),
        r#"<w:abstractNum w:abstractNumId="15"><w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#.to_owned(),
        format!(r#"<w:abstractNum w:abstractNumId="16">{}</w:abstractNum>"#, lvl(0, "bullet", "o", r#"<w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/></w:rPr>"#)),
        format!(r#"<w:abstractNum w:abstractNumId="17">{}</w:abstractNum>"#, lvl(0, "bullet", "§", r#"<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:hint="default"/></w:rPr>"#)),
        format!(r#"<w:abstractNum w:abstractNumId="18">{}{}</w:abstractNum>"#, lvl(0, "upperRoman", "%1.", ""), lvl(1, "decimal", "%1.%2.", "<w:isLgl/>")),
        r#"<w:num w:numId="10"><w:abstractNumId w:val="18"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="2"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#.to_owned(),
        r#"<w:num w:numId="3"><w:abstractNumId w:val="11"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="4"><w:abstractNumId w:val="12"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="5"><w:abstractNumId w:val="13"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#.to_owned(),
        r#"<w:num w:numId="6"><w:abstractNumId w:val="14"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="7"><w:abstractNumId w:val="15"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="8"><w:abstractNumId w:val="16"/></w:num>"#.to_owned(),
        r#"<w:num w:numId="9"><w:abstractNumId w:val="17"/></w:num>"#.to_owned(),
    ]
    .concat();
    let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
            <w:style w:type="paragraph" w:styleId="ArticleBase"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Article"><w:basedOn w:val="ArticleBase"/><w:pPr><w:pPrChange w:id="1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr></w:style>"#;
    let article =
        |text: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="Article"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#);
    let body = [
        article("Общие положения"),
        np(1, 0, "один"),
        np(1, 1, "один-один"),
        np(1, 2, "буква"),
        np(1, 2, "буква"),
        np(1, 1, "один-два"),
        np(1, 2, "снова буква"),
        np(1, 0, "два"),
        np(2, 0, "заново"),
        np(1, 0, "продолжение первого"),
        np(3, 0, "римская"),
        np(3, 1, "без сброса"),
        np(3, 0, "римская"),
        np(3, 1, "без сброса"),
        article("Заключение"),
        r#"<w:p><w:pPr><w:pStyle w:val="Article"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Без номера</w:t></w:r></w:p>"#.to_owned(),
        np(5, 0, "с трёх"),
        np(5, 0, "дальше"),
        np(6, 0, "ноль"),
        np(7, 0, "запасной формат"),
        np(8, 0, "кружок"),
        np(9, 0, "квадрат"),
        np(99, 0, "неизвестный список"),
        np(10, 0, "раздел"),
        np(10, 1, "по-юридически"),
    ]
    .concat();
    let text = text_of("x.docx", &raw_docx(&body, &numbering, styles)).unwrap();
    let expected = "Статья 1. Общие положения
1. один
  1.1. один-один
    А. буква
    Б. буква
  1.2. один-два
    А. снова буква
2. два
1. заново
2. продолжение первого
I. римская
  а) без сброса
II. римская
  б) без сброса
Статья 2. Заключение
Без номера
C) с трёх
D) дальше
01 ноль
001. запасной формат
o кружок
• квадрат
неизвестный список
I. раздел
  1.1. по-юридически";
    assert_eq!(text, expected);
}

#[test]
fn docx_revisions_fields_and_controls() {
    let body = [
        // Tracked changes: deletions dropped, insertions kept.
        r#"<w:p><w:r><w:t>Решили </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>отклонить</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>принять</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>"#,
        // A paragraph deleted whole (its mark too) disappears.
        r#"<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr><w:del w:id="4" w:author="A"><w:r><w:delText>Удалённый абзац</w:delText></w:r></w:del></w:p>"#,
        // Fields: the result stays, the code goes; a simple field; a content control; a smart tag.
        r#"<w:p><w:r><w:t xml:space="preserve">Стр. </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> из </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>"#,
        r#"<w:sdt><w:sdtPr><w:alias w:val="Город"/><w:placeholder><w:docPart w:val="X"/></w:placeholder></w:sdtPr><w:sdtContent><w:p><w:smartTag w:uri="u" w:element="City"><w:r><w:t>г. Москва</w:t></w:r></w:smartTag><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p></w:sdtContent></w:sdt>"#,
        // A text box (drawing) is not body text; the pre-rendered fallback is not read twice.
        r#"<w:p><w:r><w:t>До</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>НАДПИСЬ</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>НАДПИСЬ</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>после</w:t></w:r></w:p>"#,
        // Page break before text does not make an empty line; a tab stop definition is no tab.
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="100"/></w:tabs></w:pPr><w:r><w:br w:type="page"/></w:r><w:r><w:t>Раздел&#160;2 &amp; «итоги»</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t>.</w:t><w:noBreakHyphen/><w:t>x</w:t><w:cr/><w:t>y</w:t></w:r></w:p>"#,
        // Vertically merged cells and a nested table; gridBefore pads the row; a deleted row is gone.
        r#"<w:tbl><w:tblPr><w:tblW w:w="0"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
               <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>пункт</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>in2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>
               <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>скрыто</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:t>удалено</w:t></w:r></w:p></w:tc></w:tr>
               <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>"#,
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>вторая таблица</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        "<w:p/>",
        r#"<w:p><w:r><w:t>Конец</w:t></w:r></w:p>"#,
    ]
    .concat();
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(0, "decimal", "%1.", "")
    );
    let text = text_of("x.docx", &raw_docx(&body, &numbering, "")).unwrap();
    let expected = "Решили принять.
Стр. 7 из 9
г. Москва
Допосле
Раздел\u{a0}2 & «итоги».-x
y

| A | 1. пункт in1 in2 |
| | B |
| | C |

| вторая таблица |

Конец";
    assert_eq!(text, expected);
}

#[test]
fn broken_styles_or_numbering_do_not_lose_the_text() {
    let bytes = raw_docx(&np(1, 0, "текст"), "<w:abstractNum><w:lvl>", "<w:style></w:styles>");
    assert_eq!(text_of("a.docx", &bytes).unwrap(), "текст");
}

#[test]
fn docx_without_numbering_or_styles_parts() {
    let document = format!(
        r#"<w:document {W_NS}><w:body>{}{}</w:body></w:document>"#,
        p("  отступ сохранён  "),
        np(1, 0, "нет numbering.xml")
    );
    let bytes = zip_of(&[("word/document.xml", &document)]);
    assert_eq!(text_of("a.docx", &bytes).unwrap(), "  отступ сохранён\nнет numbering.xml");
}

// ----- .odt written by hand

const ODT_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3""#;

fn odt(automatic_styles: &str, body: &str, styles: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}><office:automatic-styles>{automatic_styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS}><office:styles>{styles}</office:styles><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>КОЛОНТИТУЛ</text:p></style:header></style:master-page></office:master-styles></office:document-styles>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        ("mimetype", ODT_MIME),
        ("content.xml", &content),
        ("styles.xml", &styles),
        ("META-INF/manifest.xml", manifest),
    ])
}

fn odt_level(level: u32, format: &str, suffix: &str, display: u32) -> String {
    format!(
        r#"<text:list-level-style-number text:level="{level}" style:num-suffix="{suffix}" style:num-format="{format}" text:display-levels="{display}"><style:list-level-properties/></text:list-level-style-number>"#
    )
}

#[test]
fn odt_lists_and_tables() {
    let automatic = [
        format!(r#"<text:list-style style:name="L1">{}{}{}</text:list-style>"#, odt_level(1, "1", ".", 1), odt_level(2, "а, б, .., аа, аб, ... (ru)", ")", 1), odt_level(3, "1", ".", 3)),
        r#"<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/><text:list-level-style-bullet text:level="2" text:bullet-char="&#xF0B7;"/></text:list-style>"#.to_owned(),
"<text:list-style style:name=\"L3\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"l\"><style:text-properties style:font-name=\"Wingdings\"/></text:list-level-style-bullet></text:list-style>".to_owned(),
        r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard" style:list-style-name="L1"/>"#.to_owned(),
    ]
    .concat();
    let styles = r#"<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format="I" style:num-suffix="."/><text:outline-level-style text:level="2" style:num-format=""/></text:outline-style>"#;
    let body = r#"<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>A</dc:creator><dc:date>2024-01-01T10:00:00</dc:date></office:change-info><text:p>УДАЛЕНО</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Протокол <text:span>заседания</text:span></text:h>
<text:h text:outline-level="2">Без номера</text:h>
<text:p>  Присутствовали:   <text:span text:style-name="T1">Иванов</text:span><text:s text:c="3"/>и<text:tab/>Петров<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>СНОСКА</text:p></text:note-body></text:note><office:annotation><dc:creator>A</dc:creator><text:p>КОММЕНТАРИЙ</text:p></office:annotation></text:p>
<text:p/>
<text:p>Первая строка<text:change text:change-id="c1"/><text:line-break/>вторая строка<text:soft-page-break/></text:p>
<text:list xml:id="list1" text:style-name="L1">
 <text:list-item><text:p>Первый вопрос</text:p>
  <text:list><text:list-item><text:p>подпункт</text:p><text:p>продолжение подпункта</text:p></text:list-item>
   <text:list-item><text:p>ещё подпункт</text:p>
    <text:list><text:list-item><text:p>третий уровень</text:p></text:list-item></text:list></text:list-item></text:list>
 </text:list-item>
 <text:list-item><text:p>Второй вопрос</text:p></text:list-item>
</text:list>
<text:p>Между списками</text:p>
<text:list text:continue-numbering="true" text:style-name="L1"><text:list-item><text:p>Третий вопрос</text:p></text:list-item></text:list>
<text:list text:style-name="L1"><text:list-item text:start-value="5"><text:soft-page-break/><text:p>с пяти</text:p></text:list-item><text:list-header><text:p>заголовок без номера</text:p></text:list-header><text:list-item><text:p>шесть</text:p></text:list-item></text:list>
<text:list text:continue-list="list1"><text:list-item><text:p text:style-name="P1">по xml:id</text:p></text:list-item></text:list>
<text:list text:style-name="L2"><text:list-item><text:p>пункт</text:p><text:list><text:list-item><text:p>вложенный</text:p></text:list-item></text:list></text:list-item></text:list>
<text:list text:style-name="L3"><text:list-item><text:p>wingdings</text:p></text:list-item></text:list>
<text:p>Рис.<draw:frame draw:name="f"><draw:text-box><text:p>НАДПИСЬ</text:p></draw:text-box></draw:frame> 1</text:p>
<table:table table:name="T1"><table:table-column table:number-columns-repeated="3"/>
 <table:table-header-rows><table:table-row><table:table-cell><text:p>№</text:p></table:table-cell><table:table-cell><text:p>Вопрос</text:p></table:table-cell><table:table-cell><text:p>Решение</text:p></table:table-cell></table:table-row></table:table-header-rows>
 <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>1</text:p></table:table-cell><table:table-cell><text:p>a | b</text:p><text:list text:style-name="L2"><text:list-item><text:p>пункт</text:p></text:list-item></text:list></table:table-cell><table:table-cell><text:p>Принять</text:p></table:table-cell></table:table-row>
 <table:table-row><table:covered-table-cell/><table:table-cell table:number-columns-spanned="2"><text:p>Итого</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
 <table:table-row><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell><table:table-cell/></table:table-row>
</table:table>
<text:p>После таблицы</text:p>"#;
    let bytes = odt(&automatic, body, styles);
    assert_eq!(kind_of("a.odt", &bytes), FileKind::Odt);
    let expected = "I. Протокол заседания
Без номера
Присутствовали: Иванов   и Петров

Первая строка
вторая строка
1. Первый вопрос
  а) подпункт
продолжение подпункта
  б) ещё подпункт
    1.б.1. третий уровень
2. Второй вопрос
Между списками
3. Третий вопрос
5. с пяти
заголовок без номера
6. шесть
4. по xml:id
• пункт
  • вложенный
• wingdings
Рис. 1

| № | Вопрос | Решение |
| 1 | a \\| b • пункт | Принять |
| | Итого | |
| x | x | |

После таблицы";
    assert_eq!(text_of("a.odt", &bytes).unwrap(), expected);
}

// ----- recognising files and refusing what cannot be read

#[test]
fn kinds_and_refusals() {
    let docx = docx_rs_document();
    let odt = odt("", "<text:p>x</text:p>", "");
    assert_eq!(kind_of("a.txt", b"hello"), FileKind::Text);
    assert_eq!(kind_of("misnamed.txt", &docx), FileKind::Docx);
    assert_eq!(kind_of("misnamed.docx", &odt), FileKind::Odt);

    let mut ole = OLE_MAGIC.to_vec();
    ole.extend_from_slice(&[0; 600]);
    assert_eq!(text_of("old.doc", &ole), Err(FileError::LegacyWord));
    let mut encrypted = ole.clone();
    encrypted.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    encrypted.extend_from_slice(&[0; 64]);
    assert_eq!(text_of("secret.docx", &encrypted), Err(FileError::Encrypted));
    assert_eq!(kind_of("secret.docx", &encrypted), FileKind::Docx);

    assert_eq!(text_of("a.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), Err(FileError::Unsupported));
    assert_eq!(text_of("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(FileError::Unsupported));
    let other_zip = zip_of(&[("readme.txt", "hi"), ("xl/workbook.xml", "<x/>")]);
    assert_eq!(text_of("a.zip", &other_zip), Err(FileError::Unsupported));
    let ods = zip_of(&[("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")]);
    assert_eq!(text_of("a.ods", &ods), Err(FileError::Unsupported));

    let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry></manifest:manifest>"#;
    let encrypted_odt =
        zip_of(&[("mimetype", ODT_MIME), ("content.xml", "\u{1}\u{2}garbage"), ("META-INF/manifest.xml", manifest)]);
    assert_eq!(text_of("secret.odt", &encrypted_odt), Err(FileError::Encrypted));
    assert_eq!(kind_of("secret.odt", &encrypted_odt), FileKind::Odt);

    assert_eq!(text_of("a.txt", b""), Err(FileError::Empty));
    assert_eq!(text_of("a.txt", b" \r\n\t\n"), Err(FileError::Empty));
    let empty_docx = raw_docx("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>", "", "");
    assert_eq!(text_of("a.docx", &empty_docx), Err(FileError::Empty));
    assert_eq!(text_of("a.docx", b"not a zip at all"), Err(FileError::Corrupt));
}

#[test]
fn corrupt_and_truncated_packages() {
    let docx = docx_rs_document();
    // A truncated file loses its central directory.
    assert_eq!(text_of("a.docx", &docx[..docx.len() / 2]), Err(FileError::Corrupt));
    // Damage inside the compressed document part: the checksum or inflate fails, no panic.
    let (start, size) = {
        let mut zip = zip::ZipArchive::new(Cursor::new(&docx[..])).unwrap();
        let part = zip.by_name("word/document.xml").unwrap();
        (part.data_start().unwrap() as usize, part.compressed_size() as usize)
    };
    let mut damaged = docx.clone();
    for b in &mut damaged[start + size / 3..start + size / 3 + 40] {
        *b ^= 0x5A;
    }
    assert_eq!(text_of("a.docx", &damaged), Err(FileError::Corrupt));
    // Well-formed zip, malformed XML.
    let bad_xml = zip_of(&[("word/document.xml", "<w:document><w:body><w:p></w:body></w:document>")]);
    assert_eq!(text_of("a.docx", &bad_xml), Err(FileError::Corrupt));
    let unclosed = zip_of(&[("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>x")]);
    assert_eq!(text_of("a.docx", &unclosed), Err(FileError::Corrupt));
    let odt_bad = zip_of(&[
        ("mimetype", ODT_MIME),
        ("content.xml", "<office:document-content><text:p>x</office:document-content>"),
    ]);
    assert_eq!(text_of("a.odt", &odt_bad), Err(FileError::Corrupt));
    let odt_missing = zip_of(&[("mimetype", ODT_MIME), ("styles.xml", "<x/>")]);
    assert_eq!(text_of("a.odt", &odt_missing), Err(FileError::Corrupt));
}

#[test]
fn size_limits() {
    // A part that inflates past 50 MB is refused while reading (a zip bomb).
    let zeros = "0".repeat(MAX_PART_BYTES as usize + 10);
    let bomb = zip_of(&[("[Content_Types].xml", "<Types/>"), ("word/document.xml", &zeros)]);
    assert!(bomb.len() < 1_000_000, "{}", bomb.len());
    assert_eq!(text_of("bomb.docx", &bomb), Err(FileError::Corrupt));
    // More than 512 KiB of text.
    let line = "Слушали: доклад о ходе работ.\n";
    let long = line.repeat(MAX_TEXT_BYTES / line.len() + 1);
    assert_eq!(text_of("a.txt", long.as_bytes()), Err(FileError::TooLarge { max_kb: 512 }));
    let paragraphs = p(line.trim()).repeat(MAX_TEXT_BYTES / line.len() + 10);
    assert_eq!(text_of("a.docx", &raw_docx(&paragraphs, "", "")), Err(FileError::TooLarge { max_kb: 512 }));
    // Huge repeat counts in an .odt are capped, then refused by size, not by memory.
    let spaces = r#"<text:p>a<text:s text:c="2000000000"/>b</text:p>"#.repeat(10);
    assert_eq!(text_of("a.odt", &odt("", &spaces, "")).unwrap().len(), 10 * 1002 + 9);
    let cells = r#"<table:table><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"><text:p>ячейка таблицы с довольно длинным текстом</text:p></table:table-cell></table:table-row></table:table>"#;
    let result = text_of("a.odt", &odt("", cells, ""));
    assert!(result == Err(FileError::TooLarge { max_kb: 512 }), "{:?}", result.map(|t| t.len()));
}

// ----- plain text

#[test]
fn plain_text_encodings() {
    let text = "Протокол № 1\r\nЗаседание  \r\n\r\n1. Слушали: «доклад» — принять.\n";
    let expected = "Протокол № 1\nЗаседание\n\n1. Слушали: «доклад» — принять.";
    assert_eq!(text_of("a.txt", text.as_bytes()).unwrap(), expected);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(text_of("a.txt", &bom).unwrap(), expected);
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    assert_eq!(kind_of("a.txt", &cp1251), FileKind::Text);
    assert_eq!(text_of("a.txt", &cp1251).unwrap(), expected);
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(text_of("a.txt", &utf16le).unwrap(), expected);
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(text_of("a.txt", &utf16be).unwrap(), expected);
    // Lone CR line ends (old Mac) and a BOM are handled too.
    assert_eq!(text_of("a.txt", "\u{FEFF}a\rb".as_bytes()).unwrap(), "a\nb");
    // Latin-1 text is not taken for Windows-1251.
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode("Müller und Söhne, Straße");
    assert_eq!(text_of("a.txt", &latin1), Err(FileError::NotUtf8));
    assert_eq!(text_of("a.txt", &[0x41, 0xFF, 0xFE, 0x00, 0x81, 0x42]), Err(FileError::NotUtf8));
    // Valid UTF-8 that is binary.
    assert_eq!(text_of("a.bin", b"abc\0\0\0def"), Err(FileError::Unsupported));
    assert_eq!(text_of("a.txt", &[0xFF, 0xFE, 0x00, 0xD8]), Err(FileError::NotUtf8));
}

// ----- never panicking

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Calls the reader without the panic guard of `text_of`, so a panic fails the test.
fn must_not_panic(name: &str, bytes: &[u8]) {
    let _ = kind_of(name, bytes);
    let _ = read_text(name, bytes);
}

#[test]
fn random_and_damaged_input_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let prefixes: [&[u8]; 5] = [b"", b"PK\x03\x04", OLE_MAGIC, b"%PDF", b"\xFF\xFE"];
    for i in 0..3000 {
        let len = rng.below(600);
        let mut bytes: Vec<u8> = prefixes[i % prefixes.len()].to_vec();
        bytes.extend((0..len).map(|_| rng.next() as u8));
        must_not_panic(if i % 2 == 0 { "a.docx" } else { "a.txt" }, &bytes);
    }
    let samples = [
        docx_rs_document(),
        raw_docx(
            &np(1, 0, "x"),
            &format!(
                r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
                lvl(0, "decimal", "%1.%9.", "")
            ),
            "",
        ),
        odt(
            "",
            r#"<text:list><text:list-item><text:p>a<text:s/>b</text:p></text:list-item></text:list><table:table><table:table-row><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>"#,
            "",
        ),
    ];
    for sample in &samples {
        let step = (sample.len() / 300).max(1);
        for cut in (0..sample.len()).step_by(step) {
            must_not_panic("a.docx", &sample[..cut]);
        }
        for _ in 0..400 {
            let mut damaged = sample.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(damaged.len());
                damaged[at] = rng.next() as u8;
            }
            must_not_panic("a.docx", &damaged);
        }
    }
}

#[test]
fn xml_that_is_valid_but_unexpected_never_panics() {
    let mut rng = Rng(42);
    let pieces = [
        "<w:p>",
        "</w:p>",
        "<w:tbl>",
        "</w:tbl>",
        "<w:tr>",
        "</w:tr>",
        "<w:tc>",
        "</w:tc>",
        "<w:t>",
        "</w:t>",
        "<w:pPr>",
        "</w:pPr>",
        "<w:numPr>",
        "</w:numPr>",
        r#"<w:numId w:val="1"/>"#,
        r#"<w:ilvl w:val="99"/>"#,
        r#"<w:gridSpan w:val="-5"/>"#,
        "<w:vMerge/>",
        "<w:br/>",
        "<w:tab/>",
        "x|y",
        "&amp;",
        "<w:del>",
        "</w:del>",
        "<w:rPr>",
        "</w:rPr>",
        "<w:tcPr>",
        "</w:tcPr>",
        "<w:trPr>",
        "</w:trPr>",
    ];
    let numbering = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="8"><w:startOverride w:val="-9223372036854775808"/></w:lvlOverride></w:num>"#,
        lvl(0, "upperRoman", "%1%2%3%4%5%6%7%8%9%", ""),
        lvl(8, "lowerLetter", "%9", r#"<w:start w:val="9223372036854775807"/>"#)
    );
    for _ in 0..800 {
        let body: String = (0..rng.below(40)).map(|_| pieces[rng.below(pieces.len())]).collect();
        must_not_panic("a.docx", &raw_docx(&body, &numbering, ""));
    }
    let odt_pieces = [
        "<text:p>",
        "</text:p>",
        "<text:h>",
        "</text:h>",
        "<text:list>",
        "</text:list>",
        "<text:list-item>",
        "</text:list-item>",
        r#"<text:list text:style-name="L" text:continue-list="nope" text:continue-numbering="true">"#,
        r#"<text:list-item text:start-value="-3">"#,
        "<table:table>",
        "</table:table>",
        "<table:table-row>",
        "</table:table-row>",
        "<table:table-cell>",
        "</table:table-cell>",
        "<table:covered-table-cell/>",
        r#"<text:s text:c="-1"/>"#,
        "<text:tab/>",
        "<text:line-break/>",
        "a b",
        "<text:span>",
        "</text:span>",
    ];
    let auto = format!(
        r#"<text:list-style style:name="L">{}{}</text:list-style>"#,
        odt_level(1, "i", ")", 10),
        odt_level(10, "a", ".", 10)
    );
    for _ in 0..800 {
        let body: String = (0..rng.below(40)).map(|_| odt_pieces[rng.below(odt_pieces.len())]).collect();
        must_not_panic("a.odt", &odt(&auto, &body, ""));
    }
}

// ----- LibreOffice conversions (skipped when soffice is not installed)

/// Converts `input` in `dir` with LibreOffice; `None` (with a note) when soffice is missing,
/// fails or hangs: the test is about our reader, not about the converter.
fn soffice_convert(dir: &std::path::Path, input: &str, infilter: &str, format: &str) -> Option<Vec<u8>> {
    let installed = |c: &str| {
        let probe = std::process::Command::new("sh").arg("-c").arg(format!("command -v {c}")).output();
        probe.is_ok_and(|o| o.status.success())
    };
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|c| installed(c)) else {
        eprintln!("note: soffice is not installed; LibreOffice conversion test skipped");
        return None;
    };
    let mut child = std::process::Command::new(soffice)
        .args(["--headless", "--norestore", &format!("--infilter={infilter}"), "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(dir.join(input))
        .env("HOME", dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let started = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() < std::time::Duration::from_secs(180) => {
                std::thread::sleep(std::time::Duration::from_millis(100))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                eprintln!("note: soffice did not finish; LibreOffice conversion test skipped");
                return None;
            }
        }
    }
    let stem = input.rsplit_once('.').map_or(input, |(stem, _)| stem);
    let out = std::fs::read(dir.join(format!("{stem}.{}", format.split(':').next().unwrap_or(format))));
    if out.is_err() {
        eprintln!("note: soffice produced no {format}; LibreOffice conversion test skipped");
    }
    out.ok()
}

#[test]
fn libreoffice_conversions_keep_the_lines() {
    let dir = std::env::temp_dir().join(format!("word_files_lo_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A .txt made into .docx/.odt must give back its lines exactly.
    let text = "ПРОТОКОЛ № 7\nзаседания правления\n\n1. Слушали: доклад председателя о ходе работ,\n   продолжение строки с отступом\n2. Решили:   принять к сведению.\n\t«Кавычки» — тире, | черта\n\nПредседатель            И. И. Иванов\n";
    std::fs::write(dir.join("protocol.txt"), text).unwrap();
    let expected: Vec<String> = text.lines().map(|l| l.replace('\t', " ").trim_end().to_owned()).collect();
    for format in ["docx", "odt"] {
        let Some(bytes) = soffice_convert(&dir, "protocol.txt", "Text (encoded):UTF8,LF,,,", format) else {
            return;
        };
        let got = text_of(&format!("protocol.{format}"), &bytes).unwrap();
        assert_eq!(got.lines().collect::<Vec<_>>(), expected, "{format}");
    }
    // Lists and a table written by LibreOffice read the same from .docx and .odt.
    let html = "<html><head><meta charset=\"utf-8\"></head><body><h1>Протокол № 3</h1>\
            <p>Присутствовали: <b>Иванов</b>, <i>Петров</i>.</p>\
            <ol><li>Первый вопрос<ol type=\"a\"><li>подпункт а</li><li>подпункт б</li></ol></li><li>Второй вопрос</li></ol>\
            <p>Текст между</p><ol start=\"5\"><li>пятый</li><li>шестой</li></ol>\
            <ul><li>маркер один</li><li>маркер два<ul><li>вложенный</li></ul></li></ul>\
            <table border=\"1\"><tr><th>№</th><th>Вопрос</th><th>Решение</th></tr>\
            <tr><td rowspan=\"2\">1</td><td>Бюджет | смета</td><td>Принять</td></tr><tr><td colspan=\"2\">Итого</td></tr></table>\
            <p>Конец<br>вторая строка</p></body></html>";
    std::fs::write(dir.join("lists.html"), html).unwrap();
    let mut texts = Vec::new();
    for format in ["docx:MS Word 2007 XML", "odt"] {
        let Some(bytes) = soffice_convert(&dir, "lists.html", "HTML (StarWriter)", format) else { return };
        texts.push(text_of("lists", &bytes).unwrap());
    }
    assert_eq!(texts[0], texts[1]);
    for line in ["1. Первый вопрос", "  a. подпункт а", "2. Второй вопрос", "5. пятый", "6. шестой", "  • вложенный"]
    {
        assert!(texts[0].lines().any(|l| l == line), "{line:?} missing in:\n{}", texts[0]);
    }
    assert!(texts[0].contains(
        "\n\n| № | Вопрос | Решение |\n| 1 | Бюджет \\| смета | Принять |\n| | Итого | |\n\nКонец\nвторая строка"
    ));
    let _ = std::fs::remove_dir_all(&dir);
}
