//! Parts of pages that only show data and hold plain forms, written as HTML (maud) rather than as Leptos views.
//! Rendered into an element's `inner_html`, the same string on the server and in the browser; hydration keeps
//! the server's nodes. Their forms post through `server_form::submit_forms` on the element.

use crate::i18n::{category, document_kind, role, state, Lang};
use crate::model::{DocumentSummary, Readable};
use accord_domain::{ParticipantCategory, Role, Statistics};
use maud::{html, Markup};

pub fn statistics_table(lang: Lang, statistics: &Statistics) -> Markup {
    let t = lang.texts();
    if statistics.is_empty() {
        return html! { p.muted { (t.no_statistics()) } };
    }
    let row = |label: &str, value: Option<u32>| {
        html! { @if let Some(v) = value { tr { th scope="row" { (label) } td { (v) } } } }
    };
    html! {
        table.statistics {
            caption { (t.statistics()) }
            tbody {
                (row(t.stat_total(), statistics.total))
                @for c in &statistics.categories {
                    tr.category {
                        th scope="row" { (category(lang, c.category)) @if !c.note.is_empty() { " (" (c.note) ")" } }
                        td { (c.count) }
                    }
                }
                (row(t.stat_speakers(), statistics.speakers))
                (row(t.stat_discussion(), statistics.discussion))
                (row(t.stat_questions(), statistics.questions))
            }
        }
    }
}

/// A document in a list: its heading (else its title, else the name of its kind) linking to it, and its stage.
/// A draft the reader may not open is named without a link, with what would let them read it.
pub fn document_link(lang: Lang, document: &DocumentSummary) -> Markup {
    let t = lang.texts();
    let label = [&document.doc_kind, &document.title]
        .into_iter()
        .find(|l| !l.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| document_kind(lang, document.kind).to_string());
    let href = format!("/documents/{}", document.id);
    html! {
        li {
            @if document.readable == Readable::Yes { a href=(href) { (label) } } @else { span.doc-name { (label) } }
            " "
            span class={ "badge state-" (document.state.code()) } { (state(lang, document.state)) }
            @if document.imported { " " span.badge { (t.imported_mark()) } }
            @if document.unread > 0 { " " span.badge.unread { (document.unread) " " (t.unread()) } }
            @match document.readable {
                Readable::Yes => {},
                Readable::AfterSignIn => {
                    " " span.muted { (t.draft_for_members()) } " · "
                    a href={ "/signin?next=" (crate::urls::path_in_query(&href)) } { (t.sign_in_to_take_part()) }
                },
                Readable::MembersOnly => { " " span.muted { (t.draft_for_members()) } },
            }
        }
    }
}

pub fn category_options(lang: Lang, selected: Option<ParticipantCategory>) -> Markup {
    html! {
        @for c in ParticipantCategory::ALL {
            option value=(c.code()) selected[Some(c) == selected] { (category(lang, c)) }
        }
    }
}

pub fn role_options(lang: Lang, selected: Role) -> Markup {
    html! {
        @for r in Role::ALL { option value=(r.code()) selected[r == selected] { (role(lang, r)) } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_in_content_and_attributes() {
        let statistics = Statistics {
            total: Some(3),
            categories: vec![accord_domain::statistics::CategoryCount {
                category: ParticipantCategory::Ngo,
                count: 2,
                note: "<b>\"x\"</b>".into(),
            }],
            ..Statistics::default()
        };
        let html = statistics_table(Lang::Ru, &statistics).into_string();
        assert!(html.contains("(&lt;b&gt;&quot;x&quot;&lt;/b&gt;)"), "{html}");
        assert!(!html.contains("<b>"));
    }
}
