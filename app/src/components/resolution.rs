//! The reading view: a resolution laid out as the genre prints it, with Russian typography.

use accord_domain::typography::typograph;
use accord_domain::{Document, Section};
use leptos::prelude::*;

#[component]
pub fn Resolution(document: Document) -> impl IntoView {
    let h = document.header.clone();
    let dates = match (h.starts_on, h.ends_on) {
        (Some(s), Some(e)) => Some(format!("{} — {}", s.russian(), e.russian())),
        (Some(s), None) => Some(s.russian()),
        _ => None,
    };
    let sections = document.sections.into_iter().map(|s| view! { <ResolutionSection section=s /> }).collect_view();
    let vote = document.vote.filter(|v| !v.is_empty()).map(|v| view! { <p class="vote">{v.line()}</p> });
    view! {
        <article class="resolution" lang="ru">
            <header class="resolution-header">
                {(!h.doc_kind.is_empty()).then(|| view! { <h1 class="doc-kind">{h.doc_kind.clone()}</h1> })}
                {(!h.event_line.is_empty()).then(|| view! { <p class="event-line">{h.event_line.clone()}</p> })}
                {(!h.title.is_empty()).then(|| view! { <p class="event-title">{format!("«{}»", typograph(&h.title))}</p> })}
                {dates.map(|d| view! { <p class="event-date">{d}</p> })}
                {(!h.city.is_empty()).then(|| view! { <p class="event-city">{format!("г.\u{a0}{}", h.city)}</p> })}
            </header>
            {sections}
            {vote}
        </article>
    }
}

#[component]
fn ResolutionSection(section: Section) -> impl IntoView {
    let kind = section.kind.code();
    if !section.kind.is_list() {
        let paragraphs = section
            .items
            .into_iter()
            .map(|i| view! { <p id=format!("item-{}", i.id) class="paragraph">{typograph(&i.text)}</p> })
            .collect_view();
        return view! { <section class=format!("section section-{kind}")>{paragraphs}</section> }.into_any();
    }
    let numbered = section.kind.is_numbered();
    let markers = section.markers();
    let items = section
        .items
        .into_iter()
        .zip(markers)
        .map(|(item, marker)| {
            let addressee = (!item.addressee.is_empty())
                .then(|| view! { <span class="addressee">{typograph(&item.addressee)}</span> " " });
            view! {
                <li id=format!("item-{}", item.id) class=format!("item depth-{}", item.depth)>
                    <span class="marker" aria-hidden="true">{marker}</span>
                    <span class="item-text">{addressee}{typograph(&item.text)}</span>
                </li>
            }
        })
        .collect_view();
    let lead_in = (!section.lead_in.is_empty()).then(|| view! { <p class="lead-in">{typograph(&section.lead_in)}</p> });
    let list = if numbered {
        view! { <ol class="items">{items}</ol> }.into_any()
    } else {
        view! { <ul class="items">{items}</ul> }.into_any()
    };
    view! { <section class=format!("section section-{kind}")>{lead_in}{list}</section> }.into_any()
}
