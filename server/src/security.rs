//! Response headers, the same-origin check on state-changing requests, and request limits.

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn layers(router: Router, body_limit: usize) -> Router {
    let set = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(middleware::from_fn(uploads_are_multipart))
        .layer(middleware::from_fn(malformed_is_a_bad_request))
        .layer(middleware::from_fn(page_policy))
        .layer(middleware::from_fn(same_origin_request))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::CONTENT_SECURITY_POLICY, FALLBACK_CSP))
}

/// The server function that takes a file reads its body as multipart, and that reader panics on a request whose
/// content type names no boundary (`server_fn`'s `codec/multipart.rs`), dropping the connection. Such a request
/// is answered 415 here, the content type read as that reader reads it (`multer::parse_boundary`).
async fn uploads_are_multipart(request: Request, next: Next) -> Response {
    use leptos::server_fn::ServerFn;
    if request.uri().path() != <app::server_fns::imports::StageImport as ServerFn>::PATH {
        return next.run(request).await;
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let multipart = content_type.and_then(|c| c.parse::<mime::Mime>().ok()).is_some_and(|m| {
        m.type_() == mime::MULTIPART && m.subtype() == mime::FORM_DATA && m.get_param(mime::BOUNDARY).is_some()
    });
    if multipart {
        next.run(request).await
    } else {
        use leptos::server_fn::{error::FromServerFnError, ContentType};
        let refusal = app::error::AppError::Malformed("a file is sent as multipart/form-data".into());
        let body = app::error::AppError::ser(&refusal);
        let content_type = [(header::CONTENT_TYPE, app::error::RefusalEncoding::CONTENT_TYPE)];
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, content_type, body).into_response()
    }
}

/// A server function whose request's fields do not read never runs, and the integration answers 500 with the
/// error; that is the client's mistake (`AppError::Malformed`, «форма не прочитана», or for arguments sent as
/// postcard `AppError::Unreadable`), so it is answered 400.
async fn malformed_is_a_bad_request(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let from_server_fn = response.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER);
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !from_server_fn {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "the error could not be read").into_response();
    };
    use app::error::AppError;
    use leptos::server_fn::Decodes;
    if matches!(
        app::error::RefusalEncoding::decode(bytes.clone()),
        Ok(AppError::Malformed(_) | AppError::Unreadable(_))
    ) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// For responses that are not pages (pages set their own policy, with the nonce of their inline scripts).
const FALLBACK_CSP: &str = "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// A page gets the policy with the nonce its render used (see `app::PageNonce`); other responses keep
/// the fallback.
async fn page_policy(mut request: Request, next: Next) -> Response {
    let slot = app::PageNonce::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let nonce = slot.0.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(value) = nonce.and_then(|n| HeaderValue::from_str(&app::page_policy(&n)).ok()) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The host[:port] a URL names, if it is an http(s) URL.
fn authority(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// Refuses a state-changing request whose Origin (or, without one, Referer) is another site: a form on a
/// foreign page cannot act with a visitor's session cookie. Only the methods a handler changes state with are
/// checked; any other (TRACE, a made-up one) reaches no such handler and is answered 405 by the router. The
/// public API (`/api/v1/`) only reads, so any method but its GETs is answered 405 there too. (Server
/// functions live under `/api/` too, and are checked.)
async fn same_origin_request(request: Request, next: Next) -> Response {
    let changing = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    // A mail provider posts the one-click unsubscribe (RFC 8058) from its own servers; it acts by the link's
    // signature, not by a cookie, so no page of another site can use it against a visitor.
    let one_click = request.uri().path() == "/unsubscribe";
    if !changing || one_click || request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|h| h.to_str().ok())
        .and_then(authority);
    match (host, source) {
        (Some(host), Some(source)) if host.eq_ignore_ascii_case(source) => next.run(request).await,
        _ => (StatusCode::FORBIDDEN, "Запрос отклонён: он отправлен не со страницы Аккорда. / Request refused: it did not come from an Accord page.")
            .into_response(),
    }
}

/// For a WebSocket upgrade, which browsers always send with an Origin: a cookie is only honoured from this
/// site's pages. A client that sends no Origin is not a browser and carries no visitor's cookie.
pub fn same_origin(headers: &axum::http::HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match headers.get(header::ORIGIN).map(|o| o.to_str().ok().and_then(authority)) {
        None => true,
        Some(origin) => matches!((host, origin), (Some(h), Some(o)) if h.eq_ignore_ascii_case(o)),
    }
}

#[cfg(test)]
mod tests {
    use super::authority;

    #[test]
    fn authorities() {
        assert_eq!(authority("http://127.0.0.1:3000/import?x"), Some("127.0.0.1:3000"));
        assert_eq!(authority("https://accord.example/"), Some("accord.example"));
        assert_eq!(authority("null"), None);
    }
}
