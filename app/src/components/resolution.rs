//! The reading view: a document of the genre laid out as it is printed — the centred header, then each part
//! in its own form (paragraphs, numbered recommendations under their addressee headings, a protocol's
//! «СЛУШАЛИ:» / «РЕШИЛИ:» with their votes, tables, signatures), with Russian typography. Written as HTML
//! (`components::markup`), by the server only: the reading page and the workspace's text
//! (`pages::documents::reading_markup`), and the import preview's data.

use crate::components::marks::marked_markup;
use crate::model::Mark;
use accord_domain::document::Layout;
use accord_domain::typography::typograph;
use accord_domain::{Document, Item, Section, SectionKind, VoteResult};
use maud::{html, Markup};

/// How a document is read: which comments' words are marked, the addressee whose
/// recommendations alone are shown (with the numbers they are printed with), and what stands in the text
/// under an item (the workspace's open amendments, by the item's id).
#[derive(Default)]
pub struct Reading<'a> {
    /// Words of open comments (typography keeps the length of a text, so the offsets of the stored text fit
    /// the printed one).
    pub marks: &'a [Mark],
    pub addressee: Option<&'a str>,
    pub aside: Option<&'a dyn Fn(&str) -> Markup>,
}

pub fn resolution(document: &Document, reading: &Reading) -> Markup {
    let h = &document.header;
    let line = |class: &str, text: &str| html! { @if !text.is_empty() { p class=(class) { (typograph(text)) } } };
    html! {
        article.resolution lang="ru" data-kind=(h.kind.code()) {
            header.resolution-header id="document-header" {
                @if !h.doc_kind.is_empty() { h1.doc-kind { (h.doc_kind) } }
                (line("event-line", &h.event_line))
                @if !h.title.is_empty() { p.event-title { (typograph(&accord_domain::importer::title_line(&h.title))) } }
                (line("doc-number", &h.number))
                (line("event-date", &h.date))
                (line("event-city", &h.place))
            }
            @for section in &document.sections { (resolution_section(section, reading)) }
            @if let Some(vote) = document.vote.as_ref().filter(|v| !v.is_empty()) { (vote_lines(vote, "document-vote")) }
        }
    }
}

/// The reading view as HTML, for a page that shows a document without marks or live parts (the import
/// preview, whose data carry it).
#[cfg(feature = "ssr")]
pub fn reading_html(document: &Document) -> String {
    resolution(document, &Reading::default()).into_string()
}

/// A vote as the document words it, a line of the source per line.
fn vote_lines(vote: &VoteResult, id: &str) -> Markup {
    html! { p.vote id=(id) { @for l in vote.line().lines() { span.vote-wording { (typograph(l)) } } } }
}

/// An item's printed words, with the marks on it (the marks' offsets are into the item's `text`).
fn item_words(item: &Item, reading: &Reading) -> Markup {
    let ranges: Vec<_> = reading
        .marks
        .iter()
        .filter(|m| m.item == item.id.as_str())
        .filter_map(|m| m.range.map(|(s, e)| (s, e, m.comment.clone())))
        .collect();
    marked_markup(&typograph(&item.text), &ranges)
}

fn aside(item: &Item, reading: &Reading) -> Markup {
    html! { @if let Some(aside) = reading.aside { (aside(item.id.as_str())) } }
}

fn resolution_section(section: &Section, reading: &Reading) -> Markup {
    let kind = section.kind.code();
    let lead_in = if section.kind.heading_style() { "lead-in cue" } else { "lead-in" };
    html! {
        section class={ "section section-" (kind) } id={ "section-" (section.id) } {
            @if !section.lead_in.is_empty() { p class=(lead_in) { (typograph(&section.lead_in)) } }
            @if !section.addressee.is_empty() { p.addressee-heading { (typograph(&format!("{}:", section.addressee))) } }
            @match section.kind.layout() {
                Layout::Paragraphs => {
                    @let class = if section.kind == SectionKind::Signatures { "signature" } else { "paragraph" };
                    @for i in &section.items {
                        p id={ "item-" (i.id) } class=(class) data-item=(i.id) {
                            // An addressee left on a paragraph (a section whose kind changed) is printed before it.
                            @if !i.addressee.is_empty() { (typograph(&i.addressee)) " " }
                            (item_words(i, reading))
                        }
                        (aside(i, reading))
                    }
                },
                Layout::Rows => (table(section)),
                Layout::Numbers | Layout::Bullets => (list(section, reading)),
            }
            @if let Some(vote) = section.vote.as_ref().filter(|v| !v.is_empty()) {
                (vote_lines(vote, &format!("vote-{}", section.id)))
            }
        }
    }
}

fn list(section: &Section, reading: &Reading) -> Markup {
    let only = reading.addressee.filter(|a| !a.is_empty() && section.kind.recommends());
    let items = html! {
        @for (item, marker) in section.items.iter().zip(section.markers()) {
            @if only.is_none_or(|a| section.addressee_of(item) == a) {
                li id={ "item-" (item.id) } class={ "item depth-" (item.depth) } {
                    span.marker aria-hidden="true" { (marker) }
                    span.item-text {
                        @if !item.addressee.is_empty() { span.addressee { (typograph(&item.addressee)) } " " }
                        span.words data-item=(item.id) { (item_words(item, reading)) }
                    }
                    (aside(item, reading))
                }
            }
        }
    };
    html! {
        @if section.kind.is_numbered() { ol.items { (items) } } @else { ul.items { (items) } }
    }
}

/// A table with its column headings, as `Section::printed_table` lays it out for every printed form.
fn table(section: &Section) -> Markup {
    let (columns, rows) = section.printed_table();
    html! {
        div.table-wrap {
            table.doc-table {
                thead { tr { @for c in &columns { th scope="col" { (typograph(c)) } } } }
                tbody {
                    @for (row, cells) in rows {
                        tr id={ "item-" (row.id) } data-item=(row.id) { @for c in &cells { td { (typograph(c)) } } }
                    }
                }
            }
        }
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
