//! A refusal as an HTTP answer outside server functions (files, streams, the personal-data download): the
//! status of [`AppError::status`] and the message in the person's language (server only).

use super::AppError;
use crate::i18n::Lang;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub struct Refusal {
    pub lang: Lang,
    pub error: AppError,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, crate::i18n::error_message(self.lang, &self.error)).into_response()
    }
}
