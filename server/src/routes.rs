//! Routes beside the Leptos pages: the language switch and document exports.

use crate::cli::Format;
use app::error::AppError;
use app::store::Store;
use axum::extract::{Path, Query, State};
use app::i18n::Lang;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LangQuery {
    to: Option<String>,
}

/// Sets the `lang` cookie and goes back to the page the switch was pressed on.
pub async fn switch_lang(Path(code): Path<String>, Query(q): Query<LangQuery>) -> Response {
    let lang = Lang::from_code(&code);
    let to = q.to.filter(|t| t.starts_with('/') && !t.starts_with("//")).unwrap_or_else(|| "/".into());
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    let mut response = Redirect::to(&to).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

pub async fn render_export(store: &Store, id: &str, format: Format) -> Result<String, AppError> {
    let row = store.document(id).await?;
    match format {
        Format::Markdown => Ok(accord_domain::markdown::export(&row.document)),
        Format::Json => {
            let event = store.event(&row.event_id).await?;
            let value = serde_json::json!({
                "id": row.id,
                "event": event,
                "state": row.state,
                "imported": row.imported,
                "revision": row.revision,
                "document": row.document,
            });
            serde_json::to_string_pretty(&value).map(|s| s + "\n").map_err(|_| AppError::Unexpected)
        }
    }
}

pub async fn export_md(State(store): State<Store>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    export(&store, &id, Format::Markdown, lang_of(&headers)).await
}

pub async fn export_json(State(store): State<Store>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    export(&store, &id, Format::Json, lang_of(&headers)).await
}

fn lang_of(headers: &HeaderMap) -> Lang {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).map(Lang::from_cookie_header).unwrap_or_default()
}

async fn export(store: &Store, id: &str, format: Format, lang: Lang) -> Response {
    let (mime, extension) = match format {
        Format::Markdown => ("text/markdown; charset=utf-8", "md"),
        Format::Json => ("application/json", "json"),
    };
    match render_export(store, id, format).await {
        Ok(body) => {
            let disposition = format!("attachment; filename=\"accord-{id}.{extension}\"");
            ([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
                .into_response()
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, app::i18n::error_message(lang, &e)).into_response()
        }
    }
}
