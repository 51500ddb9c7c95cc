//! `/documents/{id}/history`: the frozen versions of a document with their SHA-256, and what changed word by
//! word between any two of them or between a version and the text as it stands now (a plain GET form).

use crate::components::error_notice::ErrorNotice;
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::model::{History, JournalEntry};
use crate::pages::route_id;
use crate::server_fns::history::get_history;
use accord_domain::comparison::{Block, Change, Role};
use accord_domain::discussion::Piece;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryPage() -> impl IntoView {
    let t = use_lang().texts();
    let id = route_id::<crate::ids::DocumentId>();
    let query = use_query_map();
    let history = fetched(
        move || (id.get(), query.read().get("from").unwrap_or_default(), query.read().get("to").unwrap_or_default()),
        |(id, from, to)| get_history(id, from, to),
    );
    view! {
        <Title text=t.history() />
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(h) => view! { <HistoryBody h /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HistoryBody(h: History) -> impl IntoView {
    let t = use_lang().texts();
    let choices = |selected: u32| {
        let mut list: Vec<(u32, String)> =
            h.versions.iter().map(|v| (v.number, format!("{} {}", t.version_word(), v.number))).collect();
        list.push((0, t.text_now().to_string()));
        list.into_iter()
            .map(|(n, label)| view! { <option value=n.to_string() selected=n == selected>{label}</option> })
            .collect_view()
    };
    let versions = h
        .versions
        .iter()
        .map(|v| {
            view! {
                <tr>
                    <td>{v.number}</td>
                    <td>{v.created_at.get(..10).unwrap_or_default().to_string()}</td>
                    <td>{v.frozen_by.clone()}</td>
                    <td><code class="sha256">{v.sha256.clone()}</code></td>
                    <td><a rel="external" href=format!("/documents/{}/versions/{}", h.document_id, v.number)>{t.canonical_text()}</a></td>
                </tr>
            }
        })
        .collect_view();
    let changed = h.blocks.iter().any(|b| b.change != Change::Same);
    let text = compared_text(&h.blocks);
    let journal = h.journal.clone();
    view! {
        <nav class="doc-bar"><a href=format!("/documents/{}", h.document_id)>{h.title.clone()}</a></nav>
        <h1>{t.history()}</h1>
        {h.versions.is_empty().then(|| view! { <p class="muted">{t.no_versions()}</p> })}
        {(!h.versions.is_empty()).then(|| view! {
            <table class="versions">
                <thead><tr>
                    <th scope="col">{t.version_word()}</th><th scope="col">{t.date_word()}</th>
                    <th scope="col">{t.frozen_by_word()}</th><th scope="col">"SHA-256"</th><th scope="col">{t.canonical_text()}</th>
                </tr></thead>
                <tbody>{versions}</tbody>
            </table>
        })}
        <form method="get" action=format!("/documents/{}/history", h.document_id) class="compare">
            <label>{t.compare_from()}<select name="from">{choices(h.from)}</select></label>
            <label>{t.compare_to()}<select name="to">{choices(h.to)}</select></label>
            <button type="submit" class="secondary">{t.compare()}</button>
        </form>
        {(!changed).then(|| view! { <p class="muted no-changes">{t.no_changes()}</p> })}
        {text}
        {journal.map(|entries| view! { <Journal entries document_id=h.document_id.clone() /> })}
    }
}

/// The compared text laid out as the reading view lays out a document: the header centred, paragraphs,
/// numbered items with their numbers, table rows; an added block underlined whole, a removed one struck out.
fn compared_text(blocks: &[Block]) -> impl IntoView {
    let t = use_lang().texts();
    let class = |change: Change| match change {
        Change::Same => "",
        Change::Changed => " block-changed",
        Change::Added => " block-added",
        Change::Removed => " block-removed",
    };
    let header: Vec<&Block> =
        blocks.iter().take_while(|b| matches!(b.role, Role::KindHeading | Role::HeaderLine)).collect();
    let header_view = header
        .iter()
        .map(|b| match b.role {
            Role::KindHeading => {
                view! { <h2 class=format!("doc-kind{}", class(b.change))>{pieces(&b.pieces)}</h2> }.into_any()
            }
            _ => view! { <p class=format!("header-line{}", class(b.change))>{pieces(&b.pieces)}</p> }.into_any(),
        })
        .collect_view();
    let body = blocks[header.len()..]
        .iter()
        .map(|b| match &b.role {
            Role::Item { marker } => view! {
                <p class=format!("item{}", class(b.change))><span class="marker">{marker.clone()}</span><span>{pieces(&b.pieces)}</span></p>
            }
            .into_any(),
            Role::Heading => view! { <h3 class=class(b.change).trim().to_string()>{pieces(&b.pieces)}</h3> }.into_any(),
            Role::TableRow => view! { <p class=format!("table-row{}", class(b.change))>{pieces(&b.pieces)}</p> }.into_any(),
            Role::KindHeading | Role::HeaderLine | Role::Paragraph => {
                view! { <p class=format!("paragraph{}", class(b.change))>{pieces(&b.pieces)}</p> }.into_any()
            }
        })
        .collect_view();
    view! {
        <article class="resolution compared-text" lang="ru" aria-label=t.history()>
            <header class="resolution-header">{header_view}</header>
            {body}
        </article>
    }
}

fn pieces(diff: &[Piece]) -> impl IntoView {
    diff.iter()
        .map(|p| match p {
            Piece::Same(s) => view! { <span>{s.clone()}</span> }.into_any(),
            Piece::Added(s) => view! { <ins>{s.clone()}</ins> }.into_any(),
            Piece::Removed(s) => view! { <del>{s.clone()}</del> }.into_any(),
        })
        .collect_view()
}

/// «2026-11-28T09:05:41.5Z» as «2026-11-28 09:05».
fn minute(at: &str) -> String {
    at.get(..16).unwrap_or(at).replace('T', " ")
}

/// The draft's journal (members only; the server sends nothing to others): each stretch of editing with its
/// time, its authors and its changes word by word.
#[component]
fn Journal(entries: Vec<JournalEntry>, document_id: crate::ids::DocumentId) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let empty = entries.is_empty();
    let list = entries
        .into_iter()
        .map(|e| {
            let until = e.ended.get(11..16).unwrap_or_default().to_string();
            let authors = if e.authors.is_empty() { t.journal_nobody().to_string() } else { e.authors.join(", ") };
            let changes = e
                .changes
                .iter()
                .map(|c| {
                    let place = crate::i18n::place(lang, &c.place);
                    // A place still in the text links to it (a page load, so the browser marks it as the target); a
                    // removed one is named only.
                    let place = match &c.anchor {
                        Some(anchor) => view! {
                            <a class="place" rel="external" href=format!("/documents/{document_id}#{anchor}")>{place}</a>
                        }
                        .into_any(),
                        None => view! { <span class="place">{place}</span> }.into_any(),
                    };
                    view! { <li>{place} " " {pieces(&c.diff)}</li> }
                })
                .collect_view();
            view! {
                <li class="journal-entry">
                    <p><time datetime=e.started.clone()>{minute(&e.started)}</time> "–" {until} " UTC · " <strong>{authors}</strong></p>
                    <ul class="journal-changes">{changes}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="journal" aria-labelledby="journal-title">
            <h2 id="journal-title">{t.journal_title()}</h2>
            {empty.then(|| view! { <p class="muted">{t.journal_empty()}</p> })}
            <ol class="journal-entries">{list}</ol>
        </section>
    }
}
