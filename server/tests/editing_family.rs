//! Editing every kind of document of the family, in forms and live: a table's columns, rows and cells, a
//! section's addressee heading, two people typing in one cell, a protocol's sections.

use crate::helpers;
use crate::yclient;

use accord_domain::text::Problem;
use app::error::AppError;
use app::server_fns::documents::{AddSection, EditItem, EditSection, GetDocument, UpdateHeader};
use app::server_fns::events::{CreateEvent, StartDraft};
use helpers::{eventually, session_cookie, spawn, TestApp};
use leptos::server_fn::ServerFn;
use serde_json::Value;
use std::time::Duration;
use yclient::YClient;
use yrs::{GetString, Text, Transact};

/// The document page as its editor reads it.
async fn page(app: &TestApp, doc: &str) -> Value {
    let answer = app.call::<GetDocument>(&[("id", doc)]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    helpers::json(&answer)
}

/// Posts a form of the draft's editor with the revision the draft has now.
async fn post<F: ServerFn<Output: serde::Serialize + serde::de::DeserializeOwned>>(
    app: &TestApp,
    doc: &str,
    fields: &[(&str, &str)],
) -> helpers::Answer {
    let revision = page(app, doc).await["row"]["revision"].to_string();
    let mut form = vec![("id", doc), ("revision", revision.as_str())];
    form.extend_from_slice(fields);
    app.call::<F>(&form).await
}

async fn ok<F: ServerFn<Output: serde::Serialize + serde::de::DeserializeOwned>>(
    app: &TestApp,
    doc: &str,
    fields: &[(&str, &str)],
) {
    let answer = post::<F>(app, doc, fields).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

/// Adds a table at the end of the draft and returns its id.
async fn add_table(app: &TestApp, doc: &str) -> String {
    ok::<AddSection>(app, doc, &[("kind", "table")]).await;
    let page = page(app, doc).await;
    let table = page["row"]["document"]["sections"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(table["kind"], "table");
    assert_eq!(strings(&table["columns"]), ["№", "Предложение", "Кем внесено", "Решение"], "a new table's columns");
    table["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_and_an_addressee_heading_are_edited_with_forms() {
    let app = spawn().await;
    let (_, doc) = helpers::event_with_draft(&app).await;
    let table = add_table(&app, &doc).await;

    // The headings: one renamed, one added; indexed names as the form posts them.
    let save_table = |columns: [&'static str; 4], new_column: &'static str| {
        let mut form = vec![("section", table.as_str()), ("op", "save"), ("kind", "table")];
        form.push(("lead_in", "Предложения  и замечания участников:"));
        form.extend([("columns[0]", columns[0]), ("columns[1]", columns[1])]);
        form.extend([("columns[2]", columns[2]), ("columns[3]", columns[3]), ("new_column", new_column)]);
        form
    };
    ok::<EditSection>(&app, &doc, &save_table(["№", "Предложение", "Кем внесено", "Рекомендации"], "Обоснование"))
        .await;

    // A row added with its cells, then its cells changed in its own form.
    ok::<EditSection>(
        &app,
        &doc,
        &[("section", &table), ("op", "add"), ("cells[0]", "1"), ("cells[1]", "Изменить  зону")],
    )
    .await;
    let row = {
        let page = page(&app, &doc).await;
        let section = &page["row"]["document"]["sections"][3];
        assert_eq!(section["lead_in"], "Предложения и замечания участников:");
        assert_eq!(strings(&section["columns"]), ["№", "Предложение", "Кем внесено", "Рекомендации", "Обоснование"]);
        assert_eq!(strings(&section["items"][0]["cells"]), ["1", "Изменить зону", "", "", ""], "one cell per column");
        section["items"][0]["id"].as_str().unwrap().to_string()
    };
    let cells = ["1", "Изменить границы зоны Ж-1", "Жители с. Ивановка", "Учесть", "Соответствует генплану"];
    let mut form = vec![("item", row.as_str()), ("op", "save")];
    let names: Vec<String> = (0..cells.len()).map(|k| format!("cells[{k}]")).collect();
    form.extend(names.iter().map(String::as_str).zip(cells));
    ok::<EditItem>(&app, &doc, &form).await;

    // A row that says nothing is refused, naming the field as the form labels it.
    let empty =
        post::<EditItem>(&app, &doc, &[("item", &row), ("op", "save"), ("cells[0]", " "), ("cells[1]", "")]).await;
    assert_eq!(empty.status, 400, "{}", empty.body);
    assert_eq!(empty.error(), AppError::invalid("cells", Problem::Empty));

    // A recommending section's addressee heading; headings posted for anything but a table change nothing.
    let recommendations = page(&app, &doc).await["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    let form = [
        ("section", recommendations.as_str()),
        ("op", "save"),
        ("kind", "recommendations"),
        ("lead_in", "Участники семинара рекомендуют:"),
        ("addressee", "Правительству  Амурской области"),
        ("columns[0]", "Лишний столбец"),
    ];
    ok::<EditSection>(&app, &doc, &form).await;
    ok::<EditSection>(&app, &doc, &[("section", &recommendations), ("op", "add"), ("text", "Рассмотреть предложения")])
        .await;
    let too_long = "я".repeat(accord_domain::document::ADDRESSEE_MAX + 1);
    let refused = post::<EditSection>(
        &app,
        &doc,
        &[("section", &recommendations), ("op", "save"), ("kind", "recommendations"), ("addressee", &too_long)],
    )
    .await;
    assert_eq!(
        refused.error(),
        AppError::invalid("addressee", Problem::TooLong { max: accord_domain::document::ADDRESSEE_MAX })
    );

    let page = page(&app, &doc).await;
    for document in [&page["row"]["document"], helpers::reading(&page)] {
        let table = &document["sections"][3];
        assert_eq!(strings(&table["items"][0]["cells"]), cells);
        assert_eq!(table["items"].as_array().unwrap().len(), 1);
        let recommendations = &document["sections"][2];
        assert_eq!(recommendations["addressee"], "Правительству Амурской области");
        assert_eq!(recommendations["columns"], serde_json::json!([]));
        assert_eq!(recommendations["items"][0]["text"], "Рассмотреть предложения");
        assert_eq!(recommendations["items"][0]["cells"], serde_json::json!([]));
    }

    // A form that knows nothing of cells or columns (as posted before they existed) still edits a text item.
    let item = page["row"]["document"]["sections"][2]["items"][0]["id"].as_str().unwrap().to_string();
    ok::<EditItem>(
        &app,
        &doc,
        &[("item", &item), ("op", "save"), ("text", "Рассмотреть все предложения"), ("addressee", "")],
    )
    .await;

    // Both editors show the table as a table: a field per heading and per cell.
    let forms = app.get(&format!("/documents/{doc}/edit")).await.body;
    for name in ["columns[0]", "columns[4]", "new_column", "cells[4]"] {
        assert!(forms.contains(&format!("name=\"{name}\"")), "the form editor has {name}");
    }
    assert!(forms.contains("Правительству Амурской области"), "the form editor shows the addressee heading");
    let live = live_editor(&app, &doc).await;
    assert!(live.contains("class=\"live-table\""), "the live editor lays a table out as one");
    assert_eq!(live.matches("class=\"cell field\"").count(), 5, "a field per cell");
    assert!(live.contains("Соответствует генплану") && live.contains("value=\"Обоснование\""));
    assert!(live.contains("class=\"section-addressee field\""));
}

/// The live editor of a draft as it is drawn once opened, from the start the page fetches for it.
async fn live_editor(app: &TestApp, doc: &str) -> String {
    use app::model::{EditorStart, Parts, Workspace, WorkspaceAsk};
    use leptos::prelude::*;
    let ask = WorkspaceAsk { parts: Parts::EDITOR, ..WorkspaceAsk::default() };
    let answer = app.call_postcard(&app::server_fns::workspace::WorkspaceHtml { id: doc.into(), ask }).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let start = answer.read::<Workspace>().editor.expect("a draft's editor start");
    let EditorStart { doc_id, start, document, can_edit } = postcard::from_bytes(&start).unwrap();
    Owner::new().with(|| view! { <app::editor::LiveEditor doc_id start document can_edit /> }.to_html())
}

/// What the form editor's form for `part` (an item's or a section's id, or "header") was rendered from: its
/// hidden `base` field.
fn rendered_base(editor: &str, part: &str) -> String {
    let from = if part == "header" { 0 } else { editor.find(&format!("value=\"{part}\"")).expect("the part's form") };
    let field = "name=\"base\" value=\"";
    let at = from + editor[from..].find(field).expect("a base field") + field.len();
    editor[at..at + 16].to_string()
}

/// A save carries what its part was when the form was rendered: saves of other parts meanwhile (someone
/// else's, or the same person's in another form of the page) do not stand in its way, a newer save of the
/// same part does. Without a base (an API client), the document's revision decides, as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_is_refused_only_when_its_own_part_changed() {
    let app = spawn().await;
    let (_, doc) = helpers::event_with_draft(&app).await;
    let recommendations = page(&app, &doc).await["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
    for text in ["Провести обучение", "Издать сборник"] {
        ok::<EditSection>(&app, &doc, &[("section", &recommendations), ("op", "add"), ("text", text)]).await;
    }
    let opened = page(&app, &doc).await;
    let revision = opened["row"]["revision"].to_string();
    let items = &opened["row"]["document"]["sections"][2]["items"];
    let (first, second) = (items[0]["id"].as_str().unwrap(), items[1]["id"].as_str().unwrap());
    let editor = app.get(&format!("/documents/{doc}/edit")).await.body;
    let (first_base, second_base) = (rendered_base(&editor, first), rendered_base(&editor, second));
    let save = |item: &str, text: &str, base: &str| {
        let (doc, revision) = (doc.as_str(), revision.as_str());
        let form =
            [("id", doc), ("revision", revision), ("item", item), ("op", "save"), ("text", text), ("base", base)];
        let form = form.map(|(name, value)| (name, value.to_string()));
        let app = &app;
        async move { app.call::<EditItem>(&form.each_ref().map(|(name, value)| (*name, value.as_str()))).await }
    };

    assert_eq!(save(first, "Провести обучение специалистов", &first_base).await.status, 200);
    let other = save(second, "Издать сборник материалов", &second_base).await;
    assert_eq!(other.status, 200, "another item's save meanwhile does not matter: {}", other.body);
    let late = save(second, "Издать брошюру", &second_base).await;
    assert_eq!(late.error(), AppError::Conflict, "a newer save of the same item does");
    let now = page(&app, &doc).await;
    assert_eq!(now["row"]["document"]["sections"][2]["items"][1]["text"], "Издать сборник материалов");
    let forged = save(first, "Что угодно", "не основа").await;
    assert_eq!(forged.error(), AppError::Conflict, "a base that does not read is taken for a changed part");

    let without_base = app
        .call::<EditItem>(&[("id", &doc), ("revision", &revision), ("item", first), ("op", "save"), ("text", "X")])
        .await;
    assert_eq!(without_base.error(), AppError::Conflict, "without a base, the revision decides");

    // The header's form and a section's form carry theirs too.
    let header = [
        ("id", doc.as_str()),
        ("revision", revision.as_str()),
        ("base", &rendered_base(&editor, "header")),
        ("doc_kind", "РЕКОМЕНДАЦИИ"),
        ("event_line", "семинара"),
        ("title", "Новое название"),
        ("starts_on", "2026-06-01"),
        ("ends_on", ""),
        ("place", "г. Зея"),
    ];
    let saved = app.call::<UpdateHeader>(&header).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let section = [
        ("id", doc.as_str()),
        ("revision", revision.as_str()),
        ("base", &rendered_base(&editor, &recommendations)),
        ("section", &recommendations),
        ("op", "save"),
        ("kind", "recommendations"),
        ("lead_in", "Участники рекомендуют:"),
    ];
    let saved = app.call::<EditSection>(&section).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(app.call::<EditSection>(&section).await.error(), AppError::Conflict, "its lead-in changed since");
}

/// The shared text the editor binds to a field key, in a client's copy of the document.
fn field(client: &YClient, key: &str) -> yrs::TextRef {
    let roots = accord_domain::ydoc::Roots::of(&client.doc);
    let txn = client.doc.transact();
    accord_domain::ydoc::field_text(&txn, &roots, key).unwrap_or_else(|| panic!("no shared text for {key}"))
}

fn text_of(client: &YClient, key: &str) -> String {
    let text = field(client, key);
    let txn = client.doc.transact();
    text.get_string(&txn)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_typing_in_one_cell_merge() {
    let app = spawn().await;
    let (event, doc) = helpers::event_with_draft(&app).await;
    let table = add_table(&app, &doc).await;
    ok::<EditSection>(
        &app,
        &doc,
        &[("section", &table), ("op", "add"), ("cells[0]", "1"), ("cells[1]", "Изменить зону")],
    )
    .await;
    let row = page(&app, &doc).await["row"]["document"]["sections"][3]["items"][0]["id"].as_str().unwrap().to_string();
    let key = format!("item:{row}:cell1");

    helpers::join_as(&app, &event, "delegate", "Борис Делегатов", "boris@example.org").await;
    let ws = format!("{}/ws/doc/{doc}", app.base.replace("http://", "ws://"));
    let client = |cookie: &str, id: u64| YClient::new(&ws, id).header("Cookie", cookie).header("Origin", &app.base);
    let mut a = client(&session_cookie(&app.base, "anna@example.org").await, 51);
    let mut b = client(&session_cookie(&app.base, "boris@example.org").await, 52);
    a.connect().await.unwrap();
    b.connect().await.unwrap();
    assert_eq!(text_of(&a, &key), "Изменить зону", "the form's row arrives with a text per cell");

    // One types at the start of the cell, the other at its end, at the same moment.
    let (at_a, at_b) = (field(&a, &key), field(&b, &key));
    a.change(|txn| at_a.insert(txn, 0, "Срочно "));
    b.change(|txn| at_b.push(txn, " Ж-1"));
    let merged = "Срочно Изменить зону Ж-1";
    eventually("both edits reaching both", || text_of(&a, &key) == merged && text_of(&b, &key) == merged).await;

    // While one is offline, both type at the same place: each keeps the other's words on reconnecting.
    b.disconnect();
    eventually("the delegate going offline", || !b.is_connected()).await;
    a.change(|txn| at_a.insert(txn, 0, "[А]"));
    b.change(|txn| at_b.insert(txn, 0, "[Б]"));
    b.connect().await.unwrap();
    eventually("the two copies converging", || {
        let (ta, tb) = (text_of(&a, &key), text_of(&b, &key));
        ta == tb && ta.contains("[А]") && ta.contains("[Б]") && ta.ends_with(merged)
    })
    .await;
    let converged = text_of(&a, &key);

    // The server's reading of the document holds the merged cell, the other cells untouched.
    for _ in 0..300 {
        let page = page(&app, &doc).await;
        let cells = strings(&helpers::reading(&page)["sections"][3]["items"][0]["cells"]);
        if cells[1] == converged {
            assert_eq!(cells, ["1", converged.as_str(), "", ""]);
            assert_eq!(strings(&page["row"]["document"]["sections"][3]["items"][0]["cells"]), cells);
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the server's reading never held «{converged}»");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_protocol_is_drafted_with_its_own_sections() {
    let app = spawn().await;
    app.sign_up("Анна Организатор", "anna@example.org").await;
    let created = app
        .submit::<CreateEvent>(&[
            ("kind", "public_hearing"),
            ("title", "О проекте планировки территории"),
            ("starts_on", "2026-09-15"),
            ("ends_on", ""),
            ("city", "Ивановка"),
            ("organiser", "Администрация Ивановского сельсовета"),
            ("description", ""),
        ])
        .await;
    let event = created.location.unwrap().trim_start_matches("/events/").to_string();
    let started = app.submit::<StartDraft>(&[("event_id", &event)]).await;
    let doc = started.location.unwrap().trim_start_matches("/documents/").trim_end_matches("/edit").to_string();

    ok::<UpdateHeader>(
        &app,
        &doc,
        &[
            ("document_kind", "protocol"),
            ("doc_kind", "ПРОТОКОЛ"),
            ("event_line", "публичных слушаний по проекту"),
            ("title", "О проекте планировки территории"),
            ("number", "№ 3"),
            ("starts_on", "2026-09-15"),
            ("ends_on", ""),
            ("place", "с. Ивановка, ул. Школьная, д. 2"),
        ],
    )
    .await;
    let blank = page(&app, &doc).await["row"]["document"]["sections"].as_array().unwrap().len();
    for kind in ["agenda", "heard", "decisions"] {
        ok::<AddSection>(&app, &doc, &[("kind", kind)]).await;
    }
    let unknown = post::<AddSection>(&app, &doc, &[("kind", "minutes")]).await;
    assert_eq!(unknown.error(), AppError::invalid("section_kind", Problem::Unknown));

    let sections = page(&app, &doc).await["row"]["document"]["sections"].clone();
    let id = |at: usize| sections[blank + at]["id"].as_str().unwrap().to_string();
    let (agenda, heard, decisions) = (id(0), id(1), id(2));
    let items = [
        (&agenda, "О проекте планировки территории с. Ивановка."),
        (&heard, "Петрову И. И., главу сельсовета, — о проекте планировки."),
        (&decisions, "Одобрить проект планировки территории."),
    ];
    for (section, text) in items {
        ok::<EditSection>(&app, &doc, &[("section", section), ("op", "add"), ("text", text)]).await;
    }
    let form = [
        ("section", decisions.as_str()),
        ("op", "save"),
        ("kind", "decisions"),
        ("lead_in", "РЕШИЛИ:"),
        ("addressee", "Главе Ивановского сельсовета"),
    ];
    ok::<EditSection>(&app, &doc, &form).await;

    let page = page(&app, &doc).await;
    for document in [&page["row"]["document"], helpers::reading(&page)] {
        let header = &document["header"];
        assert_eq!((header["kind"].as_str(), header["doc_kind"].as_str()), (Some("protocol"), Some("ПРОТОКОЛ")));
        assert_eq!(
            (header["number"].as_str(), header["place"].as_str()),
            (Some("№ 3"), Some("с. Ивановка, ул. Школьная, д. 2"))
        );
        let sections = &document["sections"];
        let read: Vec<(&str, &str, &str)> = (blank..blank + 3)
            .map(|at| {
                let s = &sections[at];
                (s["kind"].as_str().unwrap(), s["lead_in"].as_str().unwrap(), s["items"][0]["text"].as_str().unwrap())
            })
            .collect();
        assert_eq!(
            read,
            [
                ("agenda", "ПОВЕСТКА ДНЯ:", items[0].1),
                ("heard", "СЛУШАЛИ:", items[1].1),
                ("decisions", "РЕШИЛИ:", items[2].1),
            ]
        );
        assert_eq!(sections[blank + 2]["addressee"], "Главе Ивановского сельсовета");
    }
}
