use crate::error::AppError;
use crate::model::ImportPreview;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

/// The largest text accepted for import.
pub const IMPORT_MAX_BYTES: usize = 512 * 1024;

/// Takes the pasted text or the uploaded file, keeps it as a pending import and opens its preview.
#[server(input = MultipartFormData)]
pub async fn stage_import(data: MultipartData) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let mut form = data.into_inner().ok_or(AppError::Unexpected)?;
            let (mut pasted, mut file, mut file_name, mut event) =
                (Vec::new(), Vec::new(), String::new(), String::new());
            while let Some(mut field) = form.next_field().await.map_err(|_| AppError::Transport("multipart".into()))? {
                let name = field.name().unwrap_or_default().to_string();
                if name == "file" {
                    file_name = field.file_name().unwrap_or_default().chars().take(255).collect();
                }
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|_| AppError::Transport("multipart".into()))? {
                    if bytes.len() + chunk.len() > IMPORT_MAX_BYTES {
                        return Err(AppError::TooLarge { max_kb: IMPORT_MAX_BYTES / 1024 });
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
            let bytes = if file.is_empty() { pasted } else { file };
            let source = String::from_utf8(bytes).map_err(|_| AppError::NotUtf8)?;
            if source.trim().is_empty() {
                return Err(AppError::EmptyText);
            }
            let user = super::context::require_user().await?;
            let store = super::context::store()?;
            let event = if event.is_empty() { None } else { Some(store.event(&event).await?.id) };
            if let Some(event) = &event {
                super::context::authorize(event, accord_domain::Action::ManageEvent).await?;
            }
            let id = store.stage_import(&source, &file_name, event.as_deref(), &user.id).await?;
            leptos_axum::redirect(&format!("/import/{id}"));
            Ok(())
        }
        .await,
    )
}

#[server]
pub async fn get_import_preview(id: String) -> Result<ImportPreview, AppError> {
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
            Ok(ImportPreview { id, file_name, event, document: read.document, warnings: read.warnings })
        }
        .await,
    )
}

#[server]
pub async fn confirm_import(id: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            let store = super::context::store()?;
            let pending = super::context::own_import(&store, &id).await?;
            let user = super::context::require_user().await?;
            if let Some(event) = &pending.event {
                super::context::authorize(event, accord_domain::Action::ManageEvent).await?;
            }
            let (event, doc_id) =
                crate::services::import_document(&store, &pending.source, pending.event.as_deref(), Some(&user))
                    .await?;
            store.record(Some(&user), Some(&event), "import", &doc_id).await?;
            store.forget_import(&id).await?;
            leptos_axum::redirect(&format!("/documents/{doc_id}"));
            Ok(())
        }
        .await,
    )
}
