//! `/api/v1/`: a read-only JSON API over what is public — adopted and rejected documents, their frozen
//! versions and ballot results, and the registry of recommendations — with paging, stable ids (the same as in
//! page URLs), JSON errors, and its OpenAPI description at `/api/v1/openapi.json`. No session is read: the API
//! serves the public record only, to everyone alike.

use crate::application::Shared;
use app::error::AppError;
use app::i18n::Lang;
use app::ids::DocumentId;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub const MAX_PER_PAGE: u32 = 100;
/// The highest page number asked for that is read as one.
pub const MAX_PAGE: u32 = 1_000_000;

/// Mounted under `/api/v1`.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/documents", get(documents))
        .route("/documents/{id}", get(document))
        .route("/documents/{id}/ballots", get(ballots))
        .route("/recommendations", get(recommendations))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "no such endpoint") })
}

fn failure(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": { "status": status.as_u16(), "message": message } }))).into_response()
}

fn refused(e: AppError) -> Response {
    let status = match e {
        AppError::NotFound | AppError::Unauthenticated | AppError::Forbidden => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    };
    failure(status, &app::i18n::error_message(Lang::En, &e))
}

#[derive(Deserialize)]
pub struct Paging {
    page: Option<String>,
    per_page: Option<String>,
}

impl Paging {
    /// The page and page size asked for, or what is wrong with them.
    fn read(&self) -> Result<(u32, u32), String> {
        let number = |raw: &Option<String>, default: u32, max: u32, what: &str| match raw.as_deref() {
            None => Ok(default),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| format!("{what} must be a whole number from 1 to {max}")),
        };
        Ok((number(&self.page, 1, MAX_PAGE, "page")?, number(&self.per_page, 20, MAX_PER_PAGE, "per_page")?))
    }
}

/// A page past the end is an error, so a client walking the pages knows it went too far.
fn past_the_end(page: u32, per_page: u32, total: u64) -> Option<Response> {
    let last = total.div_ceil(u64::from(per_page)).max(1);
    (u64::from(page) > last)
        .then(|| failure(StatusCode::NOT_FOUND, &format!("page {page} is past the last page, {last}")))
}

/// A query string that is not the handler's type (a repeated or malformed parameter), answered with the
/// documented JSON error rather than axum's plain text.
fn bad_query(e: QueryRejection) -> Response {
    failure(StatusCode::BAD_REQUEST, &e.body_text())
}

async fn documents(State(shared): State<Shared>, query: Result<Query<Paging>, QueryRejection>) -> Response {
    let paging = match query {
        Ok(Query(p)) => p,
        Err(e) => return bad_query(e),
    };
    let (page, per_page) = match paging.read() {
        Ok(p) => p,
        Err(m) => return failure(StatusCode::BAD_REQUEST, &m),
    };
    match shared.store.public_documents(page, per_page).await {
        Ok((rows, total)) => {
            if let Some(r) = past_the_end(page, per_page, total) {
                return r;
            }
            let items: Vec<Value> = rows
                .into_iter()
                .map(|d| {
                    json!({
                        "id": d.id, "event_id": d.event_id, "title": d.title, "kind": d.doc_kind,
                        "document_kind": d.kind.code(), "state": d.state,
                        "imported": d.imported, "url": format!("/api/v1/documents/{}", d.id),
                    })
                })
                .collect();
            Json(json!({ "items": items, "page": page, "per_page": per_page, "total": total })).into_response()
        }
        Err(e) => refused(e),
    }
}

/// A public document; anything else is not found (a draft is not there for the API).
async fn public_row(shared: &Shared, id: &DocumentId) -> Result<app::model::DocumentRow, AppError> {
    match shared.store.document(id).await? {
        row if row.state.is_public() => Ok(row),
        _ => Err(AppError::NotFound),
    }
}

fn ballot_json(b: &app::store::ballots::BallotRecord) -> Value {
    json!({
        "number": b.number, "version": b.version, "subject": b.subject, "subject_text": b.subject_text,
        "secret": b.rules.secret, "quorum_percent": b.rules.quorum, "majority": b.rules.majority,
        "status": b.status, "result": b.result.as_ref().map(|r| json!({
            "in_favour": r.tally.in_favour, "against": r.tally.against, "abstained": r.tally.abstained,
            "eligible": r.eligible, "took_part": r.took_part, "quorum_met": r.quorum_met, "outcome": r.outcome,
            "line": r.tally.vote_result().line(), "by_category": r.breakdown,
        })),
    })
}

async fn document(State(shared): State<Shared>, Path(id): Path<DocumentId>) -> Response {
    let mut row = match public_row(&shared, &id).await {
        Ok(row) => row,
        Err(e) => return refused(e),
    };
    let made = async {
        let document = app::services::current_document(&shared.rooms, &mut row).await?;
        let event = shared.store.event(&row.event_id).await?;
        let versions = shared.store.versions(&id).await?;
        let ballots = shared.store.ballots_of(&id).await?;
        let recommendations = shared.store.recommendations_of(&id).await?;
        Ok::<_, AppError>(json!({
            "id": row.id, "state": row.state, "imported": row.imported,
            "event": { "id": event.id, "title": event.event.title, "kind": event.event.kind, "city": event.event.city,
                       "starts_on": event.event.starts_on, "ends_on": event.event.ends_on },
            "document": document,
            "versions": versions.iter().map(|v| json!({ "number": v.number, "sha256": v.sha256, "frozen_at": v.created_at,
                "text_url": format!("/documents/{id}/versions/{}", v.number) })).collect::<Vec<_>>(),
            "ballots": ballots.iter().map(ballot_json).collect::<Vec<_>>(),
            "recommendations": recommendations.iter().map(|r| json!({ "id": r.id, "number": r.number, "text": r.text,
                "addressee": r.addressee, "status": r.status })).collect::<Vec<_>>(),
        }))
    };
    match made.await {
        Ok(v) => Json(v).into_response(),
        Err(e) => refused(e),
    }
}

async fn ballots(State(shared): State<Shared>, Path(id): Path<DocumentId>) -> Response {
    if let Err(e) = public_row(&shared, &id).await {
        return refused(e);
    }
    match shared.store.ballots_of(&id).await {
        Ok(list) => Json(json!({ "items": list.iter().map(ballot_json).collect::<Vec<_>>() })).into_response(),
        Err(e) => refused(e),
    }
}

#[derive(Deserialize)]
pub struct RegistryQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    addressee: String,
    #[serde(default)]
    region: String,
    /// Absent for any year; a year given must be one (an empty value is refused, as the description says).
    year: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

async fn recommendations(
    State(shared): State<Shared>,
    query: Result<Query<RegistryQuery>, QueryRejection>,
) -> Response {
    let query = match query {
        Ok(Query(q)) => q,
        Err(e) => return bad_query(e),
    };
    let (page, per_page) = match query.paging.read() {
        Ok(p) => p,
        Err(m) => return failure(StatusCode::BAD_REQUEST, &m),
    };
    if query.year.as_deref().is_some_and(|y| y.trim().is_empty()) {
        return refused(AppError::invalid("year", accord_domain::text::Problem::Unknown));
    }
    let year = query.year.unwrap_or_default();
    let filter = match app::server_fns::registry::filter_of(query.q, query.addressee, query.region, &year) {
        Ok(f) => f,
        Err(e) => return refused(e),
    };
    match shared.store.search_registry(&filter, page, per_page).await {
        Ok((rows, total)) => {
            if let Some(r) = past_the_end(page, per_page, total) {
                return r;
            }
            Json(json!({ "items": rows, "page": page, "per_page": per_page, "total": total })).into_response()
        }
        Err(e) => refused(e),
    }
}

async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

/// The OpenAPI 3.1 description of this API.
pub fn openapi_document() -> Value {
    let paging = json!([
        { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1 } },
        { "name": "per_page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20 } },
    ]);
    let id = json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } });
    let error = json!({ "description": "error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let ok = |schema: &str| json!({ "description": "OK", "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
    let mut registry_params = paging.as_array().cloned().unwrap_or_default();
    let (first, last) = app::server_fns::registry::YEARS;
    for (name, description, schema) in [
        (
            "q",
            "words, each matched in any Russian word form; all must occur",
            json!({ "type": "string", "maxLength": app::server_fns::registry::Q_MAX }),
        ),
        ("addressee", "exact addressee", json!({ "type": "string" })),
        ("region", "city or region of the event", json!({ "type": "string" })),
        ("year", "year of the event", json!({ "type": "integer", "minimum": first, "maximum": last })),
    ] {
        registry_params.push(json!({ "name": name, "in": "query", "description": description, "schema": schema }));
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Accord public API", "version": "1",
                  "description": "Read-only: adopted and rejected documents, their versions and ballot results, and the registry of recommendations." },
        "paths": {
            "/api/v1/documents": { "get": { "summary": "Public documents, newest first", "parameters": paging,
                "responses": { "200": ok("DocumentList"), "400": error, "404": error, "503": error, "504": error } } },
            "/api/v1/documents/{id}": { "get": { "summary": "One public document with its versions, ballots and recommendations",
                "parameters": [id], "responses": { "200": ok("Document"), "404": error, "503": error, "504": error } } },
            "/api/v1/documents/{id}/ballots": { "get": { "summary": "The ballots of a public document and their results",
                "parameters": [id], "responses": { "200": ok("BallotList"), "404": error, "503": error, "504": error } } },
            "/api/v1/recommendations": { "get": { "summary": "The registry of recommendations", "parameters": registry_params,
                "responses": { "200": ok("RecommendationList"), "400": error, "404": error, "503": error, "504": error } } },
        },
        "components": { "schemas": {
            "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object",
                "properties": { "status": { "type": "integer" }, "message": { "type": "string" } } } } },
            "DocumentList": { "type": "object", "required": ["items", "page", "per_page", "total"], "properties": {
                "items": { "type": "array", "items": { "type": "object", "properties": {
                    "id": { "type": "string" }, "event_id": { "type": "string" }, "title": { "type": "string" },
                    "kind": { "type": "string", "description": "the heading as the document prints it" },
                    "document_kind": { "enum": ["resolution", "recommendations", "decision", "final_document",
                        "conclusion", "protocol", "other"] },
                    "state": { "enum": ["adopted", "rejected"] },
                    "imported": { "type": "boolean" }, "url": { "type": "string" } } } },
                "page": { "type": "integer" }, "per_page": { "type": "integer" }, "total": { "type": "integer" } } },
            "Document": { "type": "object", "required": ["id", "state", "event", "document", "versions", "ballots", "recommendations"],
                "properties": { "id": { "type": "string" }, "state": { "type": "string" }, "event": { "type": "object" },
                    "document": { "type": "object", "description": "header, statistics, sections with items, vote" },
                    "versions": { "type": "array", "items": { "type": "object", "properties": { "number": { "type": "integer" },
                        "sha256": { "type": "string" }, "frozen_at": { "type": "string" }, "text_url": { "type": "string" } } } },
                    "ballots": { "type": "array", "items": { "$ref": "#/components/schemas/Ballot" } },
                    "recommendations": { "type": "array", "items": { "type": "object" } } } },
            "Ballot": { "type": "object", "properties": { "number": { "type": "integer" }, "version": { "type": "integer" },
                "subject": { "enum": ["document", "item", "amendment"] }, "subject_text": { "type": "string" },
                "secret": { "type": "boolean" }, "quorum_percent": { "type": "integer" },
                "majority": { "enum": ["of_cast", "of_all", "two_thirds_of_cast"] }, "status": { "enum": ["open", "closed"] },
                "result": { "type": ["object", "null"] } } },
            "BallotList": { "type": "object", "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Ballot" } } } },
            "RecommendationList": { "type": "object", "required": ["items", "page", "per_page", "total"], "properties": {
                "items": { "type": "array", "items": { "type": "object", "properties": {
                    "id": { "type": "string" }, "document": { "type": "string" }, "event": { "type": "string" },
                    "number": { "type": "integer" }, "text": { "type": "string" }, "addressee": { "type": "string" },
                    "title": { "type": "string" }, "region": { "type": "string" }, "year": { "type": ["integer", "null"] },
                    "status": { "enum": ["not_started", "in_progress", "done", "declined"] },
                    "notes": { "type": "array", "items": { "type": "object" } } } } },
                "page": { "type": "integer" }, "per_page": { "type": "integer" }, "total": { "type": "integer" } } },
        } },
    })
}
