//! Reading and form-editing a document. Server functions take one argument per form field, as the
//! forms post them, hence the allowance below.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::model::DocumentPage;
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_document(id: DocumentId) -> Result<DocumentPage, AppError> {
    let page = async {
        let store = super::context::store()?;
        let access = crate::services::access::readable(&store, super::context::current_user().await?, &id).await?;
        document_page(access, false).await
    };
    super::context::answer(page.await)
}

/// The document page of a caller whose right to read it is checked (`access`), with the live editor's start if
/// `start` and the editor is offered.
#[cfg(feature = "ssr")]
pub(super) async fn document_page(
    access: crate::services::access::Access,
    start: bool,
) -> Result<DocumentPage, AppError> {
    use accord_domain::Action;
    let store = super::context::store()?;
    let editable = access.allows(Action::EditText(access.row.state));
    let manage = access.allows(Action::ManageEvent);
    let (user, caller, mut row) = (access.user, access.caller, access.row);
    let live = user.is_some() && drafts_live(caller.role.is_some(), row.state);
    let (reading, shared) =
        crate::services::current_reading(&super::context::rooms()?, &mut row, live && start).await?;
    let start = match (&user, shared.state) {
        (Some(user), Some(state)) if live => {
            Some(crate::model::LiveStart { state, lineage: shared.lineage, name: user.name.clone() })
        }
        _ => None,
    };
    let event = store.event(&row.event_id).await?;
    let member = caller.role.is_some();
    let reading = (reading != row.document).then_some(reading);
    let header_dates = row.document.header.dates();
    let description = row.state.is_public().then(|| {
        let read = reading.as_ref().unwrap_or(&row.document);
        accord_domain::registry::entries(read)
            .first()
            .map(|e| e.text.chars().take(200).collect::<String>())
            .unwrap_or_else(|| read.header.event_line.clone())
    });
    Ok(DocumentPage { row, reading, event, editable, manage, member, live, start, header_dates, description })
}

/// Whether the workspace offers the live editor: to a member, while the text may be edited.
#[cfg(feature = "ssr")]
fn drafts_live(member: bool, state: accord_domain::State) -> bool {
    member && state.text_is_editable()
}

/// What a save of one part of a document is checked against: the part as its form was rendered, when the
/// form says (`base`: the editor's forms do), else the whole document's revision (`revision`). A revision is
/// enough for a client that writes and reads back; a person typing into one item while others save other
/// items needs the part.
#[cfg(feature = "ssr")]
enum Guard {
    Part(accord_domain::document::Base),
    Revision(i64),
}

#[cfg(feature = "ssr")]
impl Guard {
    fn of(revision: i64, base: &str) -> Result<Guard, AppError> {
        match base.trim() {
            "" => Ok(Guard::Revision(revision)),
            // Only a forged form sends a base that does not read: as if the part had changed.
            base => accord_domain::document::Base::parse(base).map(Guard::Part).ok_or(AppError::Conflict),
        }
    }

    /// The revision the room checks before the change runs, if any.
    fn revision(&self) -> Option<i64> {
        match self {
            Guard::Part(_) => None,
            Guard::Revision(revision) => Some(*revision),
        }
    }

    /// Checks the part as it reads now (`None`: it is gone, which the change itself reports).
    fn check(&self, now: Option<accord_domain::document::Base>) -> Result<(), AppError> {
        match (self, now) {
            (Guard::Part(base), Some(now)) if *base != now => Err(AppError::Conflict),
            _ => Ok(()),
        }
    }
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn update_header(
    id: DocumentId,
    revision: i64,
    #[server(default)] document_kind: String,
    doc_kind: String,
    event_line: String,
    title: String,
    #[server(default)] number: String,
    starts_on: String,
    ends_on: String,
    place: String,
    #[server(default)] base: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::{squash_spaces, Problem};
            use accord_domain::{Date, DocumentKind};
            let date = |field: &str, s: &str| -> Result<Option<Date>, AppError> {
                match s.trim() {
                    "" => Ok(None),
                    s => Date::parse_iso(s).map(Some).ok_or(AppError::invalid(field, Problem::BadDate)),
                }
            };
            let kind = match document_kind.trim() {
                "" => None,
                code => {
                    Some(DocumentKind::from_code(code).ok_or(AppError::invalid("document_kind", Problem::Unknown))?)
                }
            };
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            let (starts_on, ends_on) = (date("starts_on", &starts_on)?, date("ends_on", &ends_on)?);
            if ends_on.is_some() && starts_on.is_none() {
                return Err(AppError::invalid("starts_on", Problem::Empty));
            }
            let guard = Guard::of(revision, &base)?;
            super::context::rooms()?
                .edit(&id, guard.revision(), user.as_ref().map(|u| &u.id), move |mut doc| {
                    guard.check(Some(doc.header.base()))?;
                    let h = &mut doc.header;
                    if let Some(kind) = kind {
                        h.kind = kind;
                    }
                    h.doc_kind = squash_spaces(&doc_kind);
                    h.event_line = squash_spaces(&event_line);
                    h.title = squash_spaces(&title);
                    h.number = squash_spaces(&number);
                    h.set_dates(starts_on, ends_on);
                    h.place = squash_spaces(&place);
                    h.validate()?;
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), AuditAction::Edit, &id).await?;
            Ok(())
        }
        .await,
    )
}

/// One form per item: `op` is the button pressed (save, up, down, delete). A table row's form posts its cells
/// (`cells[0]`, `cells[1]`, …) instead of a text and an addressee.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn edit_item(
    id: DocumentId,
    revision: i64,
    item: String,
    op: String,
    #[server(default)] text: String,
    #[server(default)] addressee: String,
    #[server(default)] cells: Vec<String>,
    #[server(default)] base: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use crate::model::FormOp;
            use accord_domain::document::Direction;
            use accord_domain::ItemId;
            let op = FormOp::parse(&op)?;
            let item = ItemId::parse(&item).ok_or(AppError::NotFound)?;
            let guard = if op == FormOp::Save { Guard::of(revision, &base)? } else { Guard::Revision(revision) };
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            super::context::rooms()?
                .edit(&id, guard.revision(), user.as_ref().map(|u| &u.id), move |mut doc| {
                    guard.check(doc.find_item(&item).map(|(_, item)| item.base()))?;
                    match op {
                        FormOp::Save if !cells.is_empty() => doc.set_cells(&item, &cells)?,
                        FormOp::Save => doc.set_item(&item, &text, &addressee)?,
                        FormOp::Up => doc.move_item(&item, Direction::Up)?,
                        FormOp::Down => doc.move_item(&item, Direction::Down)?,
                        FormOp::Delete => doc.remove_item(&item)?,
                        FormOp::Add => return Err(AppError::invalid("op", accord_domain::text::Problem::Unknown)),
                    }
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), AuditAction::Edit, &id).await?;
            Ok(())
        }
        .await,
    )
}

/// One form per section: `op` is save (kind, lead-in, the addressee heading, a table's columns), add (an item,
/// or a row of `cells`), up, down or delete. A table's form posts its headings as `columns[0]`, `columns[1]`,
/// … and a heading to add as `new_column`.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn edit_section(
    id: DocumentId,
    revision: i64,
    section: String,
    op: String,
    #[server(default)] kind: String,
    #[server(default)] lead_in: String,
    #[server(default)] text: String,
    #[server(default)] addressee: String,
    #[server(default)] columns: Vec<String>,
    #[server(default)] new_column: String,
    #[server(default)] cells: Vec<String>,
    #[server(default)] base: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use crate::model::FormOp;
            use accord_domain::document::Direction;
            use accord_domain::text::Problem;
            use accord_domain::{ItemId, SectionKind};
            let op = FormOp::parse(&op)?;
            let section = ItemId::parse(&section).ok_or(AppError::NotFound)?;
            let guard = if op == FormOp::Save { Guard::of(revision, &base)? } else { Guard::Revision(revision) };
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            super::context::rooms()?
                .edit(&id, guard.revision(), user.as_ref().map(|u| &u.id), move |mut doc| {
                    guard.check(doc.sections.iter().find(|s| s.id == section).map(|s| s.base()))?;
                    match op {
                        FormOp::Save => {
                            let kind = SectionKind::from_code(&kind)
                                .ok_or(AppError::invalid("section_kind", Problem::Unknown))?;
                            doc.set_section(&section, kind, &lead_in)?;
                            doc.set_section_addressee(&section, &addressee)?;
                            // Headings posted by a table's form; a section just made a table has the default ones.
                            if kind == SectionKind::Table && !columns.is_empty() {
                                let mut columns = columns;
                                columns.extend(Some(new_column).filter(|c| !c.trim().is_empty()));
                                doc.set_columns(&section, &columns)?;
                            }
                        }
                        FormOp::Add if !cells.is_empty() => {
                            let row = doc.insert_blank_item(&section, None, &mut fastrand::Rng::new())?;
                            doc.set_cells(&row, &cells)?;
                        }
                        FormOp::Add => {
                            doc.add_item(&section, &text, &mut fastrand::Rng::new())?;
                        }
                        FormOp::Up => doc.move_section(&section, Direction::Up)?,
                        FormOp::Down => doc.move_section(&section, Direction::Down)?,
                        FormOp::Delete => doc.remove_section(&section)?,
                    }
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), AuditAction::Edit, &id).await?;
            Ok(())
        }
        .await,
    )
}

#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn add_section(id: DocumentId, revision: i64, kind: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            use accord_domain::SectionKind;
            let kind = SectionKind::from_code(&kind).ok_or(AppError::invalid("section_kind", Problem::Unknown))?;
            let store = super::context::store()?;
            let (user, event) = super::context::editable_draft(&store, &id).await?;
            super::context::rooms()?
                .edit(&id, Some(revision), user.as_ref().map(|u| &u.id), move |mut doc| {
                    doc.add_section(kind, &mut fastrand::Rng::new());
                    Ok(doc)
                })
                .await?;
            store.record(user.as_ref(), Some(&event), AuditAction::Edit, &id).await?;
            Ok(())
        }
        .await,
    )
}
