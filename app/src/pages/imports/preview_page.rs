//! The import preview: how a document was read, its warnings, and a form to correct its kind, title, date,
//! place, event and each section's kind before it is saved. A plain form: it works without JavaScript.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::resolution::Resolution;
use crate::components::server_form::{FormAction, ServerForm};
use crate::components::statistics_table::StatisticsTable;
use crate::fetched::fetched;
use crate::i18n::{document_kind, event_kind, format_dates, section_kind, use_lang, warning_message, Lang};
use crate::model::ImportPreview;
use crate::pages::route_id;
use crate::server_fns::imports::{get_import_preview, ConfirmImport};
use accord_domain::document::HEADER_FIELD_MAX;
use accord_domain::{DocumentKind, EventKind, Section, SectionKind};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PreviewPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id::<crate::ids::ImportId>();
    let preview = fetched(move || id.get(), get_import_preview);
    let confirm = FormAction::<ConfirmImport>::new();
    view! {
        <Title text=t.preview_title />
        <h1>{t.preview_title}</h1>
        {action_error(confirm.value())}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(p) => view! { <Preview p confirm /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Preview(p: ImportPreview, confirm: FormAction<ConfirmImport>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let warnings = p
        .warnings
        .iter()
        .map(|w| {
            let line = w.line.map(|l| format!("{} {l}: ", t.line));
            view! { <li>{line}{warning_message(lang, &w.kind)}</li> }
        })
        .collect_view();
    let has_warnings = !p.warnings.is_empty();
    let d = p.document.clone();
    let recorded = d.recorded_votes().next().is_some();
    let outcome = if recorded { t.preview_will_be_adopted } else { t.preview_will_be_draft };
    let read = format!(
        "{}: {} · {}: {} · {}: {}",
        t.document_kind_label,
        document_kind(lang, d.header.kind),
        t.sections_word,
        d.sections.len(),
        t.preview_lines,
        p.lines
    );
    let destination = match &p.event {
        Some(e) => format!("{}: «{}»", t.import_event, e.event.title),
        None => {
            let when = format_dates(lang, p.event_starts_on, p.event_ends_on);
            let when = if when.is_empty() { t.preview_today.to_string() } else { when };
            let place = if p.event_place.is_empty() { String::new() } else { format!(", {}", p.event_place) };
            format!("{} «{}», {when}{place}", t.preview_new_event, p.event_title)
        }
    };
    let h = d.header.clone();
    let (starts_on, ends_on) =
        h.dates().map_or((String::new(), String::new()), |(s, e)| (s.iso(), e.map(|e| e.iso()).unwrap_or_default()));
    let document_kinds = DocumentKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == h.kind>{document_kind(lang, k)}</option> })
        .collect_view();
    let event_kind_now = h.event_kind.unwrap_or(EventKind::Other);
    let event_kinds = EventKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == event_kind_now>{event_kind(lang, k)}</option> })
        .collect_view();
    let has_sections = !d.sections.is_empty();
    let sections = d.sections.iter().enumerate().map(|(n, s)| section_choice(lang, n, s)).collect_view();
    view! {
        <section class="card warnings" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{t.preview_warnings}</h2>
            {if has_warnings {
                view! { <ul class="warning-list">{warnings}</ul> }.into_any()
            } else {
                view! { <p>{t.preview_no_warnings}</p> }.into_any()
            }}
            <p class="counts">{read}</p>
            <p class="outcome">{outcome}</p>
            <p class="destination">{destination}</p>
        </section>
        <section class="card corrections" aria-labelledby="corrections-title">
            <h2 id="corrections-title">{t.preview_correct}</h2>
            <p class="muted">{t.preview_correct_hint}</p>
            <ServerForm action=confirm attr:class="form" attr:id="import-corrections">
                <input type="hidden" name="id" value=p.id.clone() />
                <div class="row">
                    <label>{t.document_kind_label}<select name="document_kind">{document_kinds}</select></label>
                    <label>{t.event_kind}<select name="event_kind">{event_kinds}</select></label>
                </div>
                <label>{t.title}
                    <input name="title" value=h.title.clone() maxlength=HEADER_FIELD_MAX placeholder=p.event_title.clone() />
                </label>
                <div class="row">
                    <label>{t.starts_on}<input type="date" name="starts_on" value=starts_on /></label>
                    <label>{t.ends_on}<input type="date" name="ends_on" value=ends_on /></label>
                </div>
                <label>{t.place}
                    <input name="place" value=h.place.clone() maxlength=HEADER_FIELD_MAX placeholder=p.event_place.clone() />
                </label>
                {has_sections.then(|| view! {
                    <fieldset class="section-kinds">
                        <legend>{t.preview_section_kinds}</legend>
                        <ol class="section-choices">{sections}</ol>
                    </fieldset>
                })}
                <div class="buttons">
                    <button type="submit">{t.save}</button>
                    <a href="/import">{t.cancel}</a>
                </div>
            </ServerForm>
        </section>
        <StatisticsTable statistics=p.document.statistics.clone() />
        <Resolution document=p.document />
    }
}

/// A section's kind, chosen by its position; labelled with the words it opens with.
fn section_choice(lang: Lang, n: usize, section: &Section) -> impl IntoView {
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
    let kinds = SectionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == section.kind>{section_kind(lang, k)}</option> })
        .collect_view();
    let field = format!("section-kind-{n}");
    view! {
        <li class="section-choice">
            <label for=field.clone()>
                <span class="section-opening">{opening}</span>
                <span class="muted">{format!(" ({})", section.items.len())}</span>
            </label>
            <select id=field name=format!("sections[{n}]")>{kinds}</select>
        </li>
    }
}
