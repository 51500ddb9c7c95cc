//! Routes beside the Leptos pages: the language switch and document exports.

use crate::cli::Format;
use accord_domain::redirect;
use app::error::{AppError, Refusal};
use app::i18n::Lang;
use app::ids::{DocumentId, UserId};
use app::rooms::Rooms;
use app::store::Store;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LangQuery {
    to: Option<String>,
}

/// Sets the `lang` cookie and goes back to the page the switch was pressed on.
pub async fn switch_lang(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::from_code(&code);
    let to = q.to.as_deref().map_or(redirect::HOME, redirect::same_site_path);
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", app::i18n::LANG_COOKIE, lang.code());
    let mut response = Redirect::to(to).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub async fn render_export(rooms: &Rooms, id: &DocumentId, format: Format) -> Result<Vec<u8>, AppError> {
    let store = rooms.store();
    let mut row = store.document(id).await?;
    let document = app::services::current_document(rooms, &mut row).await?;
    match format {
        Format::Markdown => Ok(accord_domain::markdown::export(&document).into_bytes()),
        Format::Docx => crate::exports::docx(&document),
        Format::Pdf => crate::exports::pdf(&document),
        Format::BallotsCsv => crate::exports::ballots_csv(&named_vote_lines(store, &row).await?),
        Format::Json => {
            let event = store.event(&row.event_id).await?;
            // The event with its id among its fields, as the export has always written it.
            let mut event_fields =
                serde_json::to_value(&event.event).map_err(|e| AppError::unexpected("an event", e))?;
            event_fields["id"] = serde_json::json!(event.id);
            let value = serde_json::json!({
                "id": row.id,
                "event": event_fields,
                "state": row.state,
                "imported": row.imported,
                "revision": row.revision,
                "document": document,
            });
            serde_json::to_string_pretty(&value)
                .map(|s| (s + "\n").into_bytes())
                .map_err(|e| AppError::unexpected("the JSON export", e))
        }
    }
}

/// Every vote of the document's closed named ballots; names only of those who agreed to be named publicly.
async fn named_vote_lines(
    store: &Store,
    row: &app::model::DocumentRow,
) -> Result<Vec<crate::exports::NamedVoteLine>, AppError> {
    use app::store::ballots::Via;
    let lang = Lang::Ru;
    let t = lang.texts();
    let consent: std::collections::HashMap<UserId, bool> =
        store.members_of(&row.event_id).await?.into_iter().map(|m| (m.user_id, m.profile.public_name)).collect();
    let mut lines = Vec::new();
    for ballot in store.ballots_of(&row.id).await? {
        if ballot.rules.secret || ballot.is_open() {
            continue;
        }
        let electors: std::collections::HashMap<UserId, app::store::ballots::ElectorRecord> =
            store.electors(&ballot.id).await?.into_iter().map(|e| (e.user.clone(), e)).collect();
        let mut voters = store.voters(&ballot.id).await?;
        voters.sort_by(|a, b| {
            let name = |u: &UserId| electors.get(u).map(|e| e.name.clone()).unwrap_or_default();
            name(&a.user).cmp(&name(&b.user))
        });
        for v in voters {
            let Some(e) = electors.get(&v.user) else { continue };
            let named = consent.get(&v.user).copied().unwrap_or(false);
            lines.push(crate::exports::NamedVoteLine {
                ballot: ballot.number,
                subject: ballot.subject_text.clone(),
                name: if named { e.name.clone() } else { t.name_hidden().to_string() },
                category: app::i18n::category(lang, e.category).to_string(),
                choice: match (v.via, v.choice) {
                    (Via::Online, Some(c)) => app::pages::documents::ballot_markup::choice_label(t, c).to_string(),
                    _ => t.in_room_hand().to_string(),
                },
            });
        }
    }
    Ok(lines)
}

pub async fn export_md(State(rooms): State<Rooms>, Path(id): Path<DocumentId>, headers: HeaderMap) -> Response {
    export(&rooms, &id, Format::Markdown, &headers).await
}

pub async fn export_json(State(rooms): State<Rooms>, Path(id): Path<DocumentId>, headers: HeaderMap) -> Response {
    export(&rooms, &id, Format::Json, &headers).await
}

#[derive(Deserialize)]
pub struct DocxQuery {
    changes: Option<String>,
}

/// `/documents/{id}/export.docx`, and with `?changes=1` the draft with its undecided amendments as tracked
/// changes and its comments as Word comments.
pub async fn export_docx(
    State(rooms): State<Rooms>,
    Path(id): Path<DocumentId>,
    Query(q): Query<DocxQuery>,
    headers: HeaderMap,
) -> Response {
    if q.changes.as_deref() != Some("1") {
        return export(&rooms, &id, Format::Docx, &headers).await;
    }
    let lang = lang_of(&headers);
    let made = async {
        let row = readable(rooms.store(), &headers, &id).await?;
        crate::exports::docx_with_changes(&review(&rooms, &row, lang).await?)
    };
    match made.await {
        Ok(body) => {
            let disposition = format!("attachment; filename=\"accord-{id}-changes.docx\"");
            let mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            ([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response()
        }
        Err(e) => refusal(lang, &e),
    }
}

/// The document as it stands, its undecided amendments and its visible comments with their replies.
async fn review(rooms: &Rooms, row: &app::model::DocumentRow, lang: Lang) -> Result<crate::exports::Review, AppError> {
    use accord_domain::discussion::Decision;
    use app::services::discussion::{comment_views, item_choices, shared_doc};
    let store = rooms.store();
    let t = lang.texts();
    let reading = rooms.read(&row.id).await?;
    let shared = shared_doc(&reading)?;
    let items = item_choices(&reading.document);
    let amendments = store.amendments_of(&row.id).await?;
    let number_of = |id: &app::ids::AmendmentId| amendments.iter().find(|a| &a.id == id).map(|a| a.number);
    let comments: Vec<_> = comment_views(store.comments_of(&row.id).await?, &shared, &items, None, false, lang)
        .into_iter()
        .filter(|c| !c.deleted && !c.hidden)
        .collect();
    let remark = |c: &app::model::CommentView| {
        let mut body = Vec::new();
        if let Some(n) = c.amendment.as_ref().and_then(number_of) {
            body.push(format!("{} {n}", t.amendment()));
        }
        body.extend(c.body.lines().map(str::to_string));
        if c.resolved {
            body.push(if c.note.is_empty() {
                t.resolved().to_string()
            } else {
                format!("{}: {}", t.resolved(), c.note)
            });
        }
        Some(crate::exports::Remark {
            author: c.author_name.clone(),
            date: c.created_at.clone(),
            item: accord_domain::ItemId::parse(&c.item)?,
            range: c.range,
            body,
            replies: Vec::new(),
        })
    };
    let mut remarks = Vec::new();
    for c in comments.iter().filter(|c| c.parent.is_none()) {
        let Some(mut r) = remark(c) else { continue };
        r.replies = comments.iter().filter(|x| x.parent.as_ref() == Some(&c.id)).filter_map(remark).collect();
        remarks.push(r);
    }
    let proposals = amendments
        .iter()
        .filter(|a| a.status == Decision::Open)
        .map(|a| crate::exports::Proposal {
            number: a.number,
            author: a.author_name.clone(),
            date: a.created_at.clone(),
            change: a.change.clone(),
            justification: a.justification.clone(),
        })
        .collect();
    Ok(crate::exports::Review { document: reading.document.clone(), proposals, remarks, lang })
}

pub async fn export_pdf(State(rooms): State<Rooms>, Path(id): Path<DocumentId>, headers: HeaderMap) -> Response {
    export(&rooms, &id, Format::Pdf, &headers).await
}

pub async fn export_ballots_csv(
    State(rooms): State<Rooms>,
    Path(id): Path<DocumentId>,
    headers: HeaderMap,
) -> Response {
    export(&rooms, &id, Format::BallotsCsv, &headers).await
}

/// The signed-in user behind the request's session cookie.
async fn session_user(store: &Store, headers: &HeaderMap) -> Option<app::model::UserRow> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let token = app::cookies::value(cookies, app::auth::SESSION_COOKIE)?;
    store.session_user(&app::auth::token_hash(token)).await.ok().flatten()
}

/// The document, if the request's user may read it.
async fn readable(store: &Store, headers: &HeaderMap, id: &DocumentId) -> Result<app::model::DocumentRow, AppError> {
    let user = session_user(store, headers).await;
    Ok(app::services::access::readable(store, user, id).await?.row)
}

fn refusal(lang: Lang, e: &AppError) -> Response {
    Refusal { lang, error: e.clone() }.into_response()
}

/// `/documents/{id}/summary.csv` and `.docx`: the «сводка предложений» of a document one may read.
pub async fn summary_csv(State(rooms): State<Rooms>, Path(id): Path<DocumentId>, headers: HeaderMap) -> Response {
    summary_file(rooms, id, "csv", headers).await
}

pub async fn summary_docx(State(rooms): State<Rooms>, Path(id): Path<DocumentId>, headers: HeaderMap) -> Response {
    summary_file(rooms, id, "docx", headers).await
}

async fn summary_file(rooms: Rooms, id: DocumentId, extension: &str, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let made = async {
        let row = readable(rooms.store(), &headers, &id).await?;
        let summary = app::services::discussion::summary_of(rooms.store(), &rooms, &row, lang).await?;
        match extension {
            "csv" => Ok(("text/csv; charset=utf-8", crate::summary::csv(&summary, lang)?)),
            "docx" => Ok((
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                crate::summary::docx(&summary, lang)?,
            )),
            _ => Err(AppError::NotFound),
        }
    };
    match made.await {
        Ok((mime, body)) => {
            let disposition = format!("attachment; filename=\"accord-{id}-summary.{extension}\"");
            ([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response()
        }
        Err(e) => refusal(lang, &e),
    }
}

/// `/documents/{id}/events`: server-sent events naming what changed about a document (comments,
/// amendments, stage), for its open pages. A comment line every 20 s keeps proxies from closing it.
pub async fn document_events(State(rooms): State<Rooms>, Path(id): Path<DocumentId>, headers: HeaderMap) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let lang = lang_of(&headers);
    if let Err(e) = readable(rooms.store(), &headers, &id).await {
        return refusal(lang, &e);
    }
    let receiver = rooms.subscribe(&id);
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let update = match receiver.recv().await {
            Ok(update) => update,
            // A slow page missed some: one event makes it fetch everything again.
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => app::live_update::LiveUpdate::Everything,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok::<_, std::convert::Infallible>(Event::default().data(update.word())), receiver))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(20))).into_response()
}

#[derive(Deserialize)]
pub struct UnsubscribeQuery {
    #[serde(default)]
    u: String,
    #[serde(default)]
    k: String,
    #[serde(default)]
    s: String,
}

/// RFC 8058's one-click unsubscribe: a mail client posts to the message's `List-Unsubscribe` address.
pub async fn unsubscribe_post(
    State(store): State<Store>,
    Query(q): Query<UnsubscribeQuery>,
    headers: HeaderMap,
) -> Response {
    match app::services::notices::unsubscribe(&store, &q.u, &q.k, &q.s).await {
        Ok(()) => (axum::http::StatusCode::OK, "ok").into_response(),
        Err(e) => refusal(lang_of(&headers), &e),
    }
}

/// Everything the store holds about the signed-in person, as a JSON download.
pub async fn personal_data(State(store): State<Store>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let Some(user) = session_user(&store, &headers).await else {
        return refusal(lang, &AppError::Unauthenticated);
    };
    match store.personal_data(&user.id).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"accord-my-data.json\"".to_string()),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => refusal(lang, &e),
    }
}

fn lang_of(headers: &HeaderMap) -> Lang {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header).unwrap_or_default()
}

async fn export(rooms: &Rooms, id: &DocumentId, format: Format, headers: &HeaderMap) -> Response {
    let lang = lang_of(headers);
    if let Err(e) = readable(rooms.store(), headers, id).await {
        return refusal(lang, &e);
    }
    let (mime, extension) = match format {
        Format::Markdown => ("text/markdown; charset=utf-8", "md"),
        Format::Json => ("application/json", "json"),
        Format::Docx => ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        Format::Pdf => ("application/pdf", "pdf"),
        Format::BallotsCsv => ("text/csv; charset=utf-8", "ballots.csv"),
    };
    match render_export(rooms, id, format).await {
        Ok(body) => {
            let disposition = format!("attachment; filename=\"accord-{id}.{extension}\"");
            ([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response()
        }
        Err(e) => refusal(lang, &e),
    }
}

/// `/documents/{id}/versions/{n}`: the canonical text of a frozen version, whose SHA-256 the page shows
/// (`sha256sum` of the download gives the same digest).
pub async fn version_text(
    State(store): State<Store>,
    Path((id, number)): Path<(DocumentId, String)>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    let found = async {
        readable(&store, &headers, &id).await?;
        let number: u32 = number.trim_end_matches(".md").parse().map_err(|_| AppError::NotFound)?;
        store.version_text(&id, number).await?.ok_or(AppError::NotFound).map(|text| (number, text))
    };
    match found.await {
        Ok((number, text)) => {
            let disposition = format!("inline; filename=\"accord-{id}-v{number}.md\"");
            (
                [
                    (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                text,
            )
                .into_response()
        }
        Err(e) => refusal(lang, &e),
    }
}
