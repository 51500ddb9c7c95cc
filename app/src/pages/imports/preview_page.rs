//! The import preview: how a document was read, its warnings, and a form to correct its kind, title, date,
//! place, event and each section's kind before it is saved. A plain form: it works without JavaScript.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::markup::statistics_table;
use crate::components::server_form::{submit_forms, FormAction};
use crate::fetched::fetched;
use crate::i18n::{document_kind, event_kind, format_dates, section_kind, use_lang, warning_message, Lang};
use crate::model::ImportPreview;
use crate::pages::route_id;
use crate::server_fns::imports::{get_import_preview, ConfirmImport};
use accord_domain::document::HEADER_FIELD_MAX;
use accord_domain::{DocumentKind, EventKind, Section, SectionKind};
use leptos::prelude::*;
use leptos_meta::Title;
use maud::{html, Markup, PreEscaped};

#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id::<crate::ids::ImportId>();
    let preview = fetched(move || id.get(), get_import_preview);
    let confirm = FormAction::<ConfirmImport>::new();
    view! {
        <Title text=t.preview_title() />
        <h1>{t.preview_title()}</h1>
        {action_error(confirm.value())}
        <Suspense fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(p) => view! { <Preview p confirm /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// How the document was read and the form that corrects it: HTML with a plain form, posted through `confirm`.
#[component]
fn Preview(p: ImportPreview, confirm: FormAction<ConfirmImport>) -> impl IntoView {
    let lang = use_lang();
    let on_submit = submit_forms([confirm.target()]);
    view! { <div class="import-preview" on:submit=on_submit inner_html=preview_markup(lang, &p, &confirm).into_string() /> }
}

fn preview_markup(lang: Lang, p: &ImportPreview, confirm: &FormAction<ConfirmImport>) -> Markup {
    let t = lang.texts();
    let d = &p.document;
    let h = &d.header;
    let recorded = d.recorded_votes().next().is_some();
    let destination = match &p.event {
        Some(e) => format!("{}: «{}»", t.import_event(), e.event.title),
        None => {
            let when = format_dates(lang, p.event_starts_on, p.event_ends_on);
            let when = if when.is_empty() { t.preview_today().to_string() } else { when };
            let place = if p.event_place.is_empty() { String::new() } else { format!(", {}", p.event_place) };
            format!("{} «{}», {when}{place}", t.preview_new_event(), p.event_title)
        }
    };
    let (starts_on, ends_on) = p
        .header_dates
        .map_or((String::new(), String::new()), |(s, e)| (s.iso(), e.map(|e| e.iso()).unwrap_or_default()));
    let event_kind_now = h.event_kind.unwrap_or(EventKind::Other);
    html! {
        section.card.warnings aria-labelledby="warnings-title" {
            h2 #warnings-title { (t.preview_warnings()) }
            @if p.warnings.is_empty() {
                p { (t.preview_no_warnings()) }
            } @else {
                ul.warning-list {
                    @for w in &p.warnings {
                        li { @if let Some(l) = w.line { (t.line()) " " (l) ": " } (warning_message(lang, &w.kind)) }
                    }
                }
            }
            p.counts {
                (t.document_kind_label()) ": " (document_kind(lang, h.kind)) " · "
                (t.sections_word()) ": " (d.sections.len()) " · " (t.preview_lines()) ": " (p.lines)
            }
            p.outcome { @if recorded { (t.preview_will_be_adopted()) } @else { (t.preview_will_be_draft()) } }
            p.destination { (destination) }
        }
        section.card.corrections aria-labelledby="corrections-title" {
            h2 #corrections-title { (t.preview_correct()) }
            p.muted { (t.preview_correct_hint()) }
            form.form #import-corrections action=(confirm.url()) method="post" {
                input type="hidden" name="id" value=(p.id);
                div.row {
                    label {
                        (t.document_kind_label())
                        select name="document_kind" {
                            @for k in DocumentKind::ALL { option value=(k.code()) selected[k == h.kind] { (document_kind(lang, k)) } }
                        }
                    }
                    label {
                        (t.event_kind())
                        select name="event_kind" {
                            @for k in EventKind::ALL { option value=(k.code()) selected[k == event_kind_now] { (event_kind(lang, k)) } }
                        }
                    }
                }
                label {
                    (t.title())
                    input name="title" value=(h.title) maxlength=(HEADER_FIELD_MAX) placeholder=(p.event_title);
                }
                div.row {
                    label { (t.starts_on()) input type="date" name="starts_on" value=(starts_on); }
                    label { (t.ends_on()) input type="date" name="ends_on" value=(ends_on); }
                }
                label {
                    (t.place())
                    input name="place" value=(h.place) maxlength=(HEADER_FIELD_MAX) placeholder=(p.event_place);
                }
                @if !d.sections.is_empty() {
                    fieldset.section-kinds {
                        legend { (t.preview_section_kinds()) }
                        ol.section-choices { @for (n, s) in d.sections.iter().enumerate() { (section_choice(lang, n, s)) } }
                    }
                }
                div.buttons {
                    button type="submit" { (t.save()) }
                    a href="/import" { (t.cancel()) }
                }
            }
        }
        (statistics_table(lang, &d.statistics))
        (PreEscaped(&p.reading))
    }
}

/// A section's kind, chosen by its position; labelled with the words it opens with.
fn section_choice(lang: Lang, n: usize, section: &Section) -> Markup {
    let opening = if !section.lead_in.is_empty() {
        section.lead_in.clone()
    } else if !section.addressee.is_empty() {
        format!("{}:", section.addressee)
    } else if !section.columns.is_empty() {
        section.columns.join(" | ")
    } else {
        section.items.first().map(|i| i.full_text()).unwrap_or_default()
    };
    let opening: String = match opening.char_indices().nth(90) {
        Some((at, _)) => format!("{}…", &opening[..at]),
        None => opening,
    };
    let field = format!("section-kind-{n}");
    html! {
        li.section-choice {
            label for=(field) {
                span.section-opening { (opening) }
                span.muted { " (" (section.items.len()) ")" }
            }
            select id=(field) name={ "sections[" (n) "]" } {
                @for k in SectionKind::ALL { option value=(k.code()) selected[k == section.kind] { (section_kind(lang, k)) } }
            }
        }
    }
}
