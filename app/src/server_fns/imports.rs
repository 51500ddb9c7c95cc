//! Importing a document: staging the pasted text or uploaded file, its preview, and saving it with the
//! person's corrections. Server functions take one argument per form field, as the forms post them, hence the
//! allowance below.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ids::EventId;
use crate::ids::ImportId;
use crate::model::ImportPreview;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// Takes the pasted text or the uploaded file (.txt, .md, .docx, .odt), keeps its text as a pending import
/// and opens its preview.
#[server(input = MultipartFormData, output = super::Answer)]
pub async fn stage_import(data: MultipartData) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use crate::services::imports::{read_upload, FILE_MAX_BYTES, TEXT_MAX_BYTES};
            // Who asks, before anything of the upload is read.
            let user = super::context::require_user().await?;
            let mut form = data.into_inner().ok_or(AppError::Unexpected)?;
            let (mut pasted, mut file, mut file_name, mut event) =
                (Vec::new(), Vec::new(), String::new(), String::new());
            while let Some(mut field) =
                form.next_field().await.map_err(|e| AppError::Transport(format!("multipart: {e}")))?
            {
                let name = field.name().unwrap_or_default().to_string();
                if name == "file" {
                    file_name = field.file_name().unwrap_or_default().chars().take(255).collect();
                }
                let max = if name == "file" { FILE_MAX_BYTES } else { TEXT_MAX_BYTES };
                let mut bytes = Vec::new();
                while let Some(chunk) =
                    field.chunk().await.map_err(|e| AppError::Transport(format!("multipart: {e}")))?
                {
                    if bytes.len() + chunk.len() > max {
                        return Err(AppError::TooLarge { max_kb: max / 1024 });
                    }
                    bytes.extend_from_slice(&chunk);
                }
                match name.as_str() {
                    "text" => pasted = bytes,
                    "file" => file = bytes,
                    "event" => event = String::from_utf8_lossy(&bytes).trim().to_string(),
                    _ => {}
                }
            }
            let source = if file.is_empty() {
                String::from_utf8(pasted).map_err(|_| AppError::NotUtf8)?
            } else {
                // Unpacking a Word file takes a while: off the threads that serve requests.
                let name = file_name.clone();
                tokio::task::spawn_blocking(move || read_upload(&name, &file)).await.map_err(|e| {
                    tracing::error!("reading an upload: {e}");
                    AppError::Unexpected
                })??
            };
            if source.trim().is_empty() {
                return Err(AppError::EmptyText);
            }
            if source.len() > TEXT_MAX_BYTES {
                return Err(AppError::TooLarge { max_kb: TEXT_MAX_BYTES / 1024 });
            }
            let store = super::context::store()?;
            let event =
                if event.is_empty() { None } else { Some(store.event(&EventId::from(event.clone())).await?.id) };
            if let Some(event) = &event {
                super::context::authorize(event, accord_domain::Action::ManageEvent).await?;
            }
            let id = store.stage_import(&source, &file_name, event.as_ref(), &user.id).await?;
            leptos_axum::redirect(&format!("/import/{id}"));
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_import_preview(id: ImportId) -> Result<ImportPreview, AppError> {
    super::context::answer(
        async move {
            let store = super::context::store()?;
            let pending = super::context::own_import(&store, &id).await?;
            let (source, file_name) = (pending.source, pending.file_name);
            let event = match pending.event {
                Some(e) => Some(store.event(&e).await?),
                None => None,
            };
            let read = accord_domain::import(&source);
            let facts = accord_domain::importer::event_facts(&read.document);
            let lines = source.lines().count();
            let reading = crate::components::resolution::reading_html(&read.document);
            Ok(ImportPreview::new(id, file_name, event, read, &facts, lines, reading))
        }
        .await,
    )
}

/// Saves the pending import with the person's corrections (every field may be left as read).
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn confirm_import(
    id: ImportId,
    #[server(default)] document_kind: String,
    #[server(default)] event_kind: String,
    #[server(default)] title: String,
    #[server(default)] starts_on: String,
    #[server(default)] ends_on: String,
    #[server(default)] place: String,
    #[server(default)] sections: Vec<String>,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::importer::{CorrectionFields, Corrections};
            let fields = CorrectionFields {
                kind: &document_kind,
                event_kind: &event_kind,
                title: &title,
                starts_on: &starts_on,
                ends_on: &ends_on,
                place: &place,
                sections: &sections,
            };
            let corrections = Corrections::from_fields(&fields)?;
            let store = super::context::store()?;
            let pending = super::context::own_import(&store, &id).await?;
            let user = super::context::require_user().await?;
            if let Some(event) = &pending.event {
                super::context::authorize(event, accord_domain::Action::ManageEvent).await?;
            }
            let (event, doc_id) = crate::services::imports::import_document(
                &store,
                &pending.source,
                &corrections,
                pending.event.as_ref(),
                Some(&user),
            )
            .await?;
            store.record(Some(&user), Some(&event), AuditAction::Import, &doc_id).await?;
            store.forget_import(&id).await?;
            leptos_axum::redirect(&format!("/documents/{doc_id}"));
            Ok(())
        }
        .await,
    )
}
