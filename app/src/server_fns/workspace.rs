//! The document page of someone signed in (`pages::documents::document_workspace`) as the server writes it:
//! the parts the page asks for, as HTML, so that the browser holds none of the code that writes them.

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::model::{Workspace, WorkspaceAsk};
use leptos::prelude::*;

/// The parts of the workspace in `ask`: the frame around the text, the text as read (a draft's too: the live
/// editor, opened on request, starts from `Parts::editor`), the discussion (`None` to a reader who takes no
/// part in the event; fetching it marks it read) and the ballots (`None` before voting). Refused whole only
/// when the caller may not read the document or its frame and text cannot be read; the discussion or the
/// ballots failing are refused in their place.
#[server(input = server_fn::codec::Postcard, output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn workspace_html(id: DocumentId, ask: WorkspaceAsk) -> Result<Workspace, AppError> {
    super::context::answer(workspace(id, ask).await)
}

#[cfg(feature = "ssr")]
async fn workspace(id: DocumentId, ask: WorkspaceAsk) -> Result<Workspace, AppError> {
    use crate::model::{DiscussionPage, EditorStart, Frame};
    use crate::pages::documents::discussion_markup::{body_markup, in_text, Page};
    use crate::pages::documents::document_page::{footer_markup, title, workspace_head};
    use crate::pages::documents::reading_markup::{reading_markup, Beside};
    let (lang, parts) = (super::context::lang(), ask.parts);
    let t = lang.texts();
    // Whatever is asked, and before any part: the caller may read the document.
    let store = super::context::store()?;
    let access = crate::services::access::readable(&store, super::context::current_user().await?, &id).await?;
    let page = match parts.frame || parts.text || parts.editor {
        true => Some(super::documents::document_page(access, parts.editor).await?),
        false => None,
    };
    let live = page.as_ref().is_some_and(|p| p.live);
    let reading = page.as_ref().filter(|_| parts.text);
    // The text marks the words of the discussion: it is read once for both, and marked read only when the
    // panel shows it.
    let found = match parts.discussion || reading.is_some_and(|p| p.member) {
        true => super::discussion::discussion(&id, parts.discussion).await,
        false => Ok(None),
    };
    let confirm = ask.confirm.as_ref();
    let read = found.as_ref().ok().and_then(Option::as_ref);
    let text = reading.map(|p| {
        let marks = read.map(|(d, _)| d.marks()).unwrap_or_default();
        let in_text = read.map(|(d, _)| in_text(t, d, confirm)).unwrap_or_default();
        reading_markup(t, p, ask.addressee.as_deref(), &Beside { marks: &marks, in_text: &in_text }).into()
    });
    let discussion = match parts.discussion {
        true => found.map(|found| {
            found.map(|(d, event_id)| {
                let unread = ask.unread.unwrap_or(d.unread);
                let page = Page { d: &d, doc_id: &id, event_id: &event_id, unread, confirm };
                DiscussionPage { body: body_markup(t, &page).into(), marks: d.marks(), unread }
            })
        }),
        false => Ok(None),
    };
    let ballots = match parts.ballots {
        true => super::ballots::ballots_markup(lang, &id).await,
        false => Ok(None),
    };
    let editor = match (&page, parts.editor) {
        (Some(p), true) => match &p.start {
            Some(start) => {
                let start = EditorStart {
                    doc_id: p.row.id.clone(),
                    start: start.clone(),
                    document: p.row.document.clone(),
                    can_edit: p.editable,
                };
                Some(postcard::to_allocvec(&start).map_err(|e| AppError::unexpected("the editor's start", e))?)
            }
            None => None,
        },
        _ => None,
    };
    let frame = page.filter(|_| parts.frame).map(|p| Frame {
        title: title(&p),
        member: p.member,
        live,
        head: workspace_head(lang, &p).into(),
        foot: footer_markup(lang, &p).into(),
    });
    Ok(Workspace { frame, text, discussion, ballots, editor })
}
