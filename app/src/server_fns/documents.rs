//! Reading and form-editing a document. Server functions take one argument per form field, as the
//! forms post them, hence the allowance below.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::model::DocumentPage;
use leptos::prelude::*;

#[server]
pub async fn get_document(id: String) -> Result<DocumentPage, AppError> {
    super::context::answer(
        async move {
            use accord_domain::{allows, Action};
            let store = super::context::store()?;
            let mut row = store.document(&id).await?;
            let (user, caller) = super::context::caller_in(&row.event_id).await?;
            if !allows(caller, Action::ReadDocument(row.state)) {
                return Err(AppError::NotFound);
            }
            let editable = allows(caller, Action::EditText(row.state));
            let manage = allows(caller, Action::ManageEvent);
            let (reading, shared) = crate::services::current_reading(&super::context::rooms()?, &mut row).await?;
            let live = match (&user, caller.role) {
                (Some(user), Some(_)) if row.state.text_is_editable() => {
                    use base64::Engine;
                    Some(crate::model::LiveStart {
                        state: base64::engine::general_purpose::STANDARD.encode(&shared.state),
                        lineage: shared.lineage,
                        name: user.name.clone(),
                    })
                }
                _ => None,
            };
            let event = store.event(&row.event_id).await?;
            let member = caller.role.is_some();
            Ok(DocumentPage { row, reading, event, editable, manage, member, live })
        }
        .await,
    )
}

#[server]
pub async fn update_header(
    id: String,
    revision: i64,
    doc_kind: String,
    event_line: String,
    title: String,
    starts_on: String,
    ends_on: String,
    city: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::{squash_spaces, Problem};
            use accord_domain::Date;
            let date = |field: &str, s: &str| -> Result<Option<Date>, AppError> {
                match s.trim() {
                    "" => Ok(None),
                    s => Date::parse_iso(s).map(Some).ok_or(AppError::invalid(field, Problem::BadDate)),
                }
            };
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            let (starts_on, ends_on) = (date("starts_on", &starts_on)?, date("ends_on", &ends_on)?);
            super::context::rooms()?
                .edit(&id, Some(revision), user.as_ref().map(|u| u.id.as_str()), move |mut doc| {
                    doc.header.doc_kind = squash_spaces(&doc_kind);
                    doc.header.event_line = squash_spaces(&event_line);
                    doc.header.title = squash_spaces(&title);
                    doc.header.starts_on = starts_on;
                    doc.header.ends_on = ends_on;
                    doc.header.city = squash_spaces(&city);
                    doc.header.validate()?;
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), "edit", &id).await?;
            Ok(())
        }
        .await,
    )
}

/// One form per item: `op` is the button pressed (save, up, down, delete).
#[server]
pub async fn edit_item(
    id: String,
    revision: i64,
    item: String,
    op: String,
    #[server(default)] text: String,
    #[server(default)] addressee: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::document::Direction;
            use accord_domain::ItemId;
            let item = ItemId::parse(&item).ok_or(AppError::NotFound)?;
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            super::context::rooms()?
                .edit(&id, Some(revision), user.as_ref().map(|u| u.id.as_str()), move |mut doc| {
                    match op.as_str() {
                        "save" => doc.set_item(&item, &text, &addressee)?,
                        "up" => doc.move_item(&item, Direction::Up)?,
                        "down" => doc.move_item(&item, Direction::Down)?,
                        "delete" => doc.remove_item(&item)?,
                        _ => return Err(AppError::invalid("op", accord_domain::text::Problem::Unknown)),
                    }
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), "edit", &id).await?;
            Ok(())
        }
        .await,
    )
}

/// One form per section: `op` is save (kind and lead-in), add (an item), up, down or delete.
#[server]
pub async fn edit_section(
    id: String,
    revision: i64,
    section: String,
    op: String,
    #[server(default)] kind: String,
    #[server(default)] lead_in: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::document::Direction;
            use accord_domain::text::Problem;
            use accord_domain::{ItemId, SectionKind};
            let section = ItemId::parse(&section).ok_or(AppError::NotFound)?;
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            super::context::rooms()?
                .edit(&id, Some(revision), user.as_ref().map(|u| u.id.as_str()), move |mut doc| {
                    match op.as_str() {
                        "save" => {
                            let kind =
                                SectionKind::from_code(&kind).ok_or(AppError::invalid("kind", Problem::Unknown))?;
                            doc.set_section(&section, kind, &lead_in)?;
                        }
                        "add" => {
                            doc.add_item(&section, &text, &mut fastrand::Rng::new())?;
                        }
                        "up" => doc.move_section(&section, Direction::Up)?,
                        "down" => doc.move_section(&section, Direction::Down)?,
                        "delete" => doc.remove_section(&section)?,
                        _ => return Err(AppError::invalid("op", Problem::Unknown)),
                    }
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), "edit", &id).await?;
            Ok(())
        }
        .await,
    )
}

#[server]
pub async fn add_section(id: String, revision: i64, kind: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            use accord_domain::SectionKind;
            let kind = SectionKind::from_code(&kind).ok_or(AppError::invalid("kind", Problem::Unknown))?;
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            super::context::rooms()?
                .edit(&id, Some(revision), user.as_ref().map(|u| u.id.as_str()), move |mut doc| {
                    doc.add_section(kind, &mut fastrand::Rng::new());
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), "edit", &id).await?;
            Ok(())
        }
        .await,
    )
}
