//! The reading view: a resolution laid out as the genre prints it, with Russian typography.

use crate::components::marks::marked_text;
use crate::model::Mark;
use accord_domain::typography::typograph;
use accord_domain::{Document, Item, Section};
use leptos::prelude::*;

/// `marks`: words of open comments to highlight (typography keeps the length of a text, so the offsets of
/// the stored text fit the printed one). `addressee`: show only the recommendations to this addressee, with
/// their numbers in the whole document.
#[component]
pub fn Resolution(
    document: Document,
    #[prop(optional)] marks: Option<RwSignal<Vec<Mark>>>,
    #[prop(optional)] addressee: Option<String>,
) -> impl IntoView {
    let h = document.header.clone();
    let dates = match (h.starts_on, h.ends_on) {
        (Some(s), Some(e)) => Some(format!("{} — {}", s.russian(), e.russian())),
        (Some(s), None) => Some(s.russian()),
        _ => None,
    };
    let sections = document
        .sections
        .into_iter()
        .map(|s| view! { <ResolutionSection section=s marks addressee=addressee.clone() /> })
        .collect_view();
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

/// An item's printed words, with the marks on it.
fn item_words(item: &Item, marks: Option<RwSignal<Vec<Mark>>>) -> impl IntoView {
    let (id, text) = (item.id.to_string(), typograph(&item.text));
    move || {
        let ranges: Vec<(u32, u32)> = marks
            .and_then(|marks| marks.try_with(|m| m.iter().filter(|m| m.item == id).filter_map(|m| m.range).collect()))
            .unwrap_or_default();
        marked_text(&text, &ranges)
    }
}

#[component]
fn ResolutionSection(section: Section, marks: Option<RwSignal<Vec<Mark>>>, addressee: Option<String>) -> impl IntoView {
    let kind = section.kind.code();
    if !section.kind.is_list() {
        let paragraphs = section
            .items
            .into_iter()
            .map(|i| view! { <p id=format!("item-{}", i.id) class="paragraph" data-item=i.id.to_string()>{item_words(&i, marks)}</p> })
            .collect_view();
        return view! { <section class=format!("section section-{kind}")>{paragraphs}</section> }.into_any();
    }
    let numbered = section.kind.is_numbered();
    let markers = section.markers();
    let only = addressee.filter(|a| !a.is_empty() && section.kind == accord_domain::SectionKind::Recommendations);
    let items = section
        .items
        .into_iter()
        .zip(markers)
        .filter(|(item, _)| only.as_ref().is_none_or(|a| &item.addressee == a))
        .map(|(item, marker)| {
            let addressee = (!item.addressee.is_empty())
                .then(|| view! { <span class="addressee">{typograph(&item.addressee)}</span> " " });
            view! {
                <li id=format!("item-{}", item.id) class=format!("item depth-{}", item.depth)>
                    <span class="marker" aria-hidden="true">{marker}</span>
                    <span class="item-text">{addressee}<span class="words" data-item=item.id.to_string()>{item_words(&item, marks)}</span></span>
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
