//! A document's history: its frozen versions, a word-level comparison of any two (or of a version and
//! the text as it stands now), and for members the journal of the draft: who changed what and when.

use crate::error::AppError;
use crate::ids::DocumentId;
use crate::model::History;
use leptos::prelude::*;

/// `from` and `to` are version numbers, `0` the current text; empty picks the last version and now.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn get_history(
    id: DocumentId,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<History, AppError> {
    super::context::answer(
        async move {
            use accord_domain::text::Problem;
            let scope = super::scope::Scope::of(&id).await?;
            let versions = scope.store.versions(&id).await?;
            let last = versions.last().map_or(0, |v| v.number);
            let number = |raw: &str, default: u32, field: &str| -> Result<u32, AppError> {
                match raw.trim() {
                    "" => Ok(default),
                    n => n
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n == 0 || versions.iter().any(|v| v.number == *n))
                        .ok_or(AppError::invalid(field, Problem::Unknown)),
                }
            };
            let (from, to) = (number(&from, last, "from")?, number(&to, 0, "to")?);
            let rooms = super::context::rooms()?;
            let mut row = scope.row.clone();
            let current = crate::services::current_document(&rooms, &mut row).await?;
            let text = |n: u32| {
                let (store, current, id) = (scope.store.clone(), current.clone(), id.clone());
                async move {
                    if n == 0 {
                        Ok(accord_domain::version::freeze(&current, 0).canonical)
                    } else {
                        store.version_text(&id, n).await?.ok_or(AppError::NotFound)
                    }
                }
            };
            let (old, new) = (text(from).await?, text(to).await?);
            let journal = if scope.caller.role.is_some() {
                rooms.close_journal(&id).await;
                Some(journal(scope.store.edits(&id, JOURNAL_ENTRIES).await?, &current))
            } else {
                None
            };
            Ok(History {
                document_id: id.clone(),
                title: current.header.title.clone(),
                versions: crate::services::ballots::version_views(versions),
                from,
                to,
                blocks: accord_domain::comparison::compare(&old, &new),
                journal,
            })
        }
        .await,
    )
}

/// Journal entries shown at most, newest first.
#[cfg(feature = "ssr")]
const JOURNAL_ENTRIES: usize = 200;

#[cfg(feature = "ssr")]
fn journal(
    rows: Vec<crate::store::journal::EditRow>,
    now: &accord_domain::Document,
) -> Vec<crate::model::JournalEntry> {
    use crate::model::{JournalChange, JournalEntry};
    rows.into_iter()
        .map(|row| JournalEntry {
            started: row.started,
            ended: row.ended,
            authors: row.authors,
            changes: row
                .changes
                .iter()
                .filter_map(|c| c.change())
                .map(|c| JournalChange {
                    diff: accord_domain::discussion::word_diff(&c.before, &c.after),
                    anchor: c.anchor_in(now),
                    place: c.place,
                })
                .collect(),
        })
        .collect()
}
