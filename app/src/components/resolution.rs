//! The reading view: a document of the genre laid out as it is printed — the centred header, then each part
//! in its own form (paragraphs, numbered recommendations under their addressee headings, a protocol's
//! «СЛУШАЛИ:» / «РЕШИЛИ:» with their votes, tables, signatures), with Russian typography.

use crate::components::marks::marked_text;
use crate::model::Mark;
use accord_domain::document::Layout;
use accord_domain::typography::typograph;
use accord_domain::{Document, Item, Section, SectionKind, VoteResult};
use leptos::prelude::*;

/// `marks`: words of open comments to highlight (typography keeps the length of a text, so the offsets of
/// the stored text fit the printed one). `addressee`: show only the recommendations to this addressee, with
/// the numbers they are printed with.
#[component]
pub fn Resolution(
    document: Document,
    #[prop(optional)] marks: Option<RwSignal<Vec<Mark>>>,
    #[prop(optional)] addressee: Option<String>,
    /// What the workspace shows in the text under an item (its open amendments), by the item's id.
    #[prop(default = None)]
    aside: Option<Callback<String, AnyView>>,
) -> impl IntoView {
    let h = document.header.clone();
    let line =
        |class: &'static str, text: &str| (!text.is_empty()).then(|| view! { <p class=class>{typograph(text)}</p> });
    let title = (!h.title.is_empty()).then(|| accord_domain::importer::title_line(&h.title));
    let sections = document
        .sections
        .into_iter()
        .map(|s| view! { <ResolutionSection section=s marks addressee=addressee.clone() aside /> })
        .collect_view();
    let vote = document.vote.filter(|v| !v.is_empty()).map(|v| vote_lines(&v, "document-vote".to_string()));
    view! {
        <article class="resolution" lang="ru" data-kind=h.kind.code()>
            <header class="resolution-header" id="document-header">
                {(!h.doc_kind.is_empty()).then(|| view! { <h1 class="doc-kind">{h.doc_kind.clone()}</h1> })}
                {line("event-line", &h.event_line)}
                {title.map(|t| view! { <p class="event-title">{typograph(&t)}</p> })}
                {line("doc-number", &h.number)}
                {line("event-date", &h.date)}
                {line("event-city", &h.place)}
            </header>
            {sections}
            {vote}
        </article>
    }
}

/// The reading view as HTML, rendered on the server for a page that shows a document without marks or live
/// parts (the import preview), so that the page's browser code does not carry this component.
#[cfg(feature = "ssr")]
pub fn reading_html(document: &Document) -> String {
    use leptos::tachys::view::RenderHtml;
    Owner::new().with(|| view! { <Resolution document=document.clone() /> }.to_html())
}

/// A vote as the document words it, a line of the source per line.
fn vote_lines(vote: &VoteResult, id: String) -> impl IntoView {
    let lines = vote.line().lines().map(|l| view! { <span class="vote-wording">{typograph(l)}</span> }).collect_view();
    view! { <p class="vote" id=id>{lines}</p> }
}

/// An item's printed words, with the marks on it (the marks' offsets are into the item's `text`).
fn item_words(item: &Item, marks: Option<RwSignal<Vec<Mark>>>) -> impl IntoView {
    let (id, text) = (item.id.to_string(), typograph(&item.text));
    move || {
        let ranges: Vec<(u32, u32, _)> = marks
            .and_then(|marks| {
                marks.try_with(|m| {
                    m.iter()
                        .filter(|m| m.item == id)
                        .filter_map(|m| m.range.map(|(s, e)| (s, e, m.comment.clone())))
                        .collect()
                })
            })
            .unwrap_or_default();
        marked_text(&text, &ranges)
    }
}

#[component]
fn ResolutionSection(
    section: Section,
    marks: Option<RwSignal<Vec<Mark>>>,
    addressee: Option<String>,
    aside: Option<Callback<String, AnyView>>,
) -> impl IntoView {
    let kind = section.kind.code();
    let heading = section.kind.heading_style();
    let lead_in = (!section.lead_in.is_empty()).then(|| {
        let class = if heading { "lead-in cue" } else { "lead-in" };
        view! { <p class=class>{typograph(&section.lead_in)}</p> }
    });
    let group = (!section.addressee.is_empty())
        .then(|| view! { <p class="addressee-heading">{typograph(&format!("{}:", section.addressee))}</p> });
    let vote = section.vote.as_ref().filter(|v| !v.is_empty()).map(|v| vote_lines(v, format!("vote-{}", section.id)));
    let body = match section.kind.layout() {
        Layout::Paragraphs => {
            let class = if section.kind == SectionKind::Signatures { "signature" } else { "paragraph" };
            section
                .items
                .iter()
                .map(|i| {
                    // An addressee left on a paragraph (a section whose kind changed) is printed before it.
                    let addressee = (!i.addressee.is_empty()).then(|| view! { {typograph(&i.addressee)} " " });
                    view! {
                        <p id=format!("item-{}", i.id) class=class data-item=i.id.to_string()>{addressee}{item_words(i, marks)}</p>
                        {aside.map(|a| a.run(i.id.to_string()))}
                    }
                })
                .collect_view()
                .into_any()
        }
        Layout::Rows => table(&section).into_any(),
        Layout::Numbers | Layout::Bullets => list(&section, marks, addressee, aside).into_any(),
    };
    view! { <section class=format!("section section-{kind}") id=format!("section-{}", section.id)>{lead_in}{group}{body}{vote}</section> }
}

fn list(
    section: &Section,
    marks: Option<RwSignal<Vec<Mark>>>,
    addressee: Option<String>,
    aside: Option<Callback<String, AnyView>>,
) -> impl IntoView {
    let only = addressee.filter(|a| !a.is_empty() && section.kind.recommends());
    let items = section
        .items
        .iter()
        .zip(section.markers())
        .filter(|(item, _)| only.as_ref().is_none_or(|a| section.addressee_of(item) == a))
        .map(|(item, marker)| {
            let addressee = (!item.addressee.is_empty())
                .then(|| view! { <span class="addressee">{typograph(&item.addressee)}</span> " " });
            view! {
                <li id=format!("item-{}", item.id) class=format!("item depth-{}", item.depth)>
                    <span class="marker" aria-hidden="true">{marker}</span>
                    <span class="item-text">{addressee}<span class="words" data-item=item.id.to_string()>{item_words(item, marks)}</span></span>
                    {aside.map(|a| a.run(item.id.to_string()))}
                </li>
            }
        })
        .collect_view();
    if section.kind.is_numbered() {
        view! { <ol class="items">{items}</ol> }.into_any()
    } else {
        view! { <ul class="items">{items}</ul> }.into_any()
    }
}

/// A table with its column headings, as `Section::printed_table` lays it out for every printed form.
fn table(section: &Section) -> impl IntoView {
    let (columns, rows) = section.printed_table();
    let head = columns.iter().map(|c| view! { <th scope="col">{typograph(c)}</th> }).collect_view();
    let rows = rows
        .into_iter()
        .map(|(row, cells)| {
            let cells = cells.iter().map(|c| view! { <td>{typograph(c)}</td> }).collect_view();
            view! { <tr id=format!("item-{}", row.id) data-item=row.id.to_string()>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="doc-table">
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn the_reading_rendered_on_the_server_holds_the_text_escaped() {
        let read = accord_domain::import(
            "РЕКОМЕНДАЦИИ\n\nкруглого стола\n\nУчастники рекомендуют:\n\n1. Провести <script>обучение</script>.\n",
        );
        let html = super::reading_html(&read.document);
        assert!(html.starts_with("<article ") && html.contains("class=\"resolution\""), "{html}");
        assert!(html.contains("&lt;script&gt;обучение&lt;/script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
    }
}
