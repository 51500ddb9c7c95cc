//! The text of a document as read (not live-edited), as HTML the server writes: the addressee filter of a
//! public document, and the text with the words of open comments marked and the open amendments under their
//! items (`discussion_markup::in_text`), for the workspace (`server_fns::workspace::workspace_html`) and for the
//! reading page of a visitor.

use crate::components::resolution::{resolution, Reading};
use crate::i18n::Texts;
use crate::ids::DocumentId;
use crate::model::{DocumentPage, Html, Mark};
use maud::{html, Markup};

/// What is written in and beside the text: the marks of open comments, the open amendments by item.
#[derive(Default)]
pub struct Beside<'a> {
    pub marks: &'a [Mark],
    pub in_text: &'a [(String, Html)],
}

/// The addressee filter (where it applies) and the text of `p`, showing only the recommendations to
/// `addressee` when one is chosen.
pub fn reading_markup(t: Texts, p: &DocumentPage, addressee: Option<&str>, beside: &Beside) -> Markup {
    let addressees = recommendation_addressees(p.reading());
    let aside =
        |item: &str| beside.in_text.iter().find(|(i, _)| i == item).map(|(_, html)| html.markup()).unwrap_or_default();
    let reading = Reading {
        marks: beside.marks,
        addressee,
        aside: (!beside.in_text.is_empty()).then_some(&aside as &dyn Fn(&str) -> Markup),
    };
    html! {
        @if p.row.state.is_public() && addressees.len() > 1 {
            (addressee_filter(t, &p.row.id, &addressees, addressee.unwrap_or_default()))
        }
        div.reading { (resolution(p.reading(), &reading)) }
    }
}

fn recommendation_addressees(doc: &accord_domain::Document) -> Vec<String> {
    let mut all: Vec<String> = doc
        .items_of(accord_domain::SectionKind::Recommendations)
        .map(|i| i.addressee.clone())
        .filter(|a| !a.is_empty())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// A plain GET form: `?addressee=` shows only the recommendations to one addressee.
fn addressee_filter(t: Texts, doc_id: &DocumentId, addressees: &[String], chosen: &str) -> Markup {
    html! {
        form.addressee-filter method="get" action={ "/documents/" (doc_id) } {
            label {
                (t.addressee())
                select name="addressee" {
                    option value="" { (t.any_value()) }
                    @for a in addressees { option value=(a) selected[a == chosen] { (a) } }
                }
            }
            button.secondary type="submit" { (t.find()) }
        }
    }
}
