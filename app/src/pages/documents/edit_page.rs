//! Form-based editing of a draft: the header, each section, each item. A form that saves a part carries
//! what that part was when rendered (`base`, kept while the form is being edited: `components::morph`), so a
//! save over someone else's newer save of the same part is refused rather than lost, and saves of other parts
//! meanwhile do not stand in its way; moves, deletions and additions carry the document's revision.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction};
use crate::fetched::fetched;
use crate::i18n::{document_kind, section_kind, use_lang, Lang};
use crate::ids::DocumentId;
use crate::model::DocumentRow;
use crate::model::FormOp;
use crate::pages::route_id;
use crate::server_fns::documents::{get_document, AddSection, EditItem, EditSection, UpdateHeader};
use accord_domain::document::Layout;
use accord_domain::document::{ADDRESSEE_MAX, HEADER_FIELD_MAX, ITEM_MAX, LEAD_IN_MAX};
use accord_domain::{Date, Item, Section, SectionKind};
use leptos::prelude::*;
use leptos_meta::Title;
use maud::{html, Markup};

#[derive(Clone, Copy)]
struct Actions {
    header: FormAction<UpdateHeader>,
    item: FormAction<EditItem>,
    section: FormAction<EditSection>,
    add_section: FormAction<AddSection>,
}

#[component]
pub fn EditPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let id = route_id::<crate::ids::DocumentId>();
    let actions = Actions {
        header: FormAction::new(),
        item: FormAction::new(),
        section: FormAction::new(),
        add_section: FormAction::new(),
    };
    let versions = move || {
        (
            actions.header.version().get(),
            actions.item.version().get(),
            actions.section.version().get(),
            actions.add_section.version().get(),
        )
    };
    let page = fetched(move || (id.get(), versions()), |(id, _)| get_document(id));
    view! {
        <Title text=t.edit_title() />
        <h1>{t.edit_title()}</h1>
        {action_error(actions.header.value())}
        {action_error(actions.item.value())}
        {action_error(actions.section.value())}
        {action_error(actions.add_section.value())}
        // Not `Suspense`: while the page fetches again after a post, it keeps showing (and morphs) its forms.
        <Transition fallback=move || view! { <p>{t.loading()}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if !p.row.state.text_is_editable() => view! {
                        <p class="error" role="alert">{t.not_editable()}</p>
                        <p><a href=format!("/documents/{}", p.row.id)>{t.back_to_document()}</a></p>
                    }.into_any(),
                    Ok(p) => view! { <Editor row=p.row dates=p.header_dates actions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The forms of the draft: HTML with plain forms, posted through `actions`.
#[component]
fn Editor(row: DocumentRow, dates: Option<(Date, Option<Date>)>, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let on_submit = submit_forms([
        actions.header.target(),
        actions.item.target(),
        actions.section.target(),
        actions.add_section.target(),
    ]);
    morphed("editor", move || editor_markup(lang, &row, dates, &actions), on_submit, || ())
}

fn editor_markup(lang: Lang, row: &DocumentRow, dates: Option<(Date, Option<Date>)>, actions: &Actions) -> Markup {
    let t = lang.texts();
    let h = &row.document.header;
    let (id, revision) = (&row.id, row.revision);
    let iso = |d: Option<Date>| d.map(|d| d.iso()).unwrap_or_default();
    let (starts_on, ends_on) = dates.map_or((None, None), |(s, e)| (Some(s), e));
    html! {
        p { a href={ "/documents/" (id) } { (t.back_to_document()) } }
        section.card {
            h2 { (t.header()) }
            form.form action=(actions.header.url()) method="post" {
                input type="hidden" name="id" value=(id);
                input type="hidden" name="revision" value=(revision);
                input type="hidden" name="base" value=(h.base()) data-keep;
                label {
                    (t.document_kind_label())
                    select name="document_kind" {
                        @for k in accord_domain::DocumentKind::ALL {
                            option value=(k.code()) selected[k == h.kind] { (document_kind(lang, k)) }
                        }
                    }
                }
                label { (t.doc_kind()) input name="doc_kind" value=(h.doc_kind) maxlength=(HEADER_FIELD_MAX); }
                label { (t.event_line()) input name="event_line" value=(h.event_line) maxlength=(HEADER_FIELD_MAX); }
                label { (t.title()) input name="title" value=(h.title) maxlength=(HEADER_FIELD_MAX); }
                label { (t.doc_number()) input name="number" value=(h.number) maxlength=(HEADER_FIELD_MAX); }
                div.row {
                    label { (t.starts_on()) input type="date" name="starts_on" value=(iso(starts_on)); }
                    label { (t.ends_on()) input type="date" name="ends_on" value=(iso(ends_on)); }
                }
                label { (t.place()) input name="place" value=(h.place) maxlength=(HEADER_FIELD_MAX); }
                button type="submit" { (t.save()) }
            }
        }
        @for section in &row.document.sections { (section_editor(lang, id, revision, section, actions)) }
        section.card {
            form.inline action=(actions.add_section.url()) method="post" {
                input type="hidden" name="id" value=(id);
                input type="hidden" name="revision" value=(revision);
                label {
                    (t.section_kind())
                    select name="kind" { @for k in SectionKind::ALL { option value=(k.code()) { (section_kind(lang, k)) } } }
                }
                button type="submit" { (t.add_section()) }
            }
        }
    }
}

/// Save, move up, move down, delete: the buttons of a section's or an item's form.
fn form_ops(lang: Lang, delete_without_checks: bool) -> Markup {
    let t = lang.texts();
    html! {
        div.buttons {
            button type="submit" name="op" value=(FormOp::Save.code()) { (t.save()) }
            button.secondary type="submit" name="op" value=(FormOp::Up.code()) { (t.move_up()) }
            button.secondary type="submit" name="op" value=(FormOp::Down.code()) { (t.move_down()) }
            button.danger type="submit" name="op" value=(FormOp::Delete.code()) formnovalidate[delete_without_checks] { (t.delete()) }
        }
    }
}

fn section_editor(lang: Lang, doc: &DocumentId, revision: i64, section: &Section, actions: &Actions) -> Markup {
    let t = lang.texts();
    let recommends = section.kind.recommends();
    // A table's rows are edited cell by cell under its headings; other items as a text (and an addressee).
    let columns = (section.kind.layout() == Layout::Rows).then_some(&section.columns);
    let section_form = actions.section.url();
    html! {
        section.card.section-editor data-key=(section.id) {
            h2 { (section_kind(lang, section.kind)) }
            form.form action=(section_form) method="post" {
                input type="hidden" name="id" value=(doc);
                input type="hidden" name="revision" value=(revision);
                input type="hidden" name="section" value=(section.id);
                input type="hidden" name="base" value=(section.base()) data-keep;
                div.row {
                    label {
                        (t.section_kind())
                        select name="kind" {
                            @for k in SectionKind::ALL {
                                option value=(k.code()) selected[k == section.kind] { (section_kind(lang, k)) }
                            }
                        }
                    }
                    label.grow { (t.lead_in()) input name="lead_in" value=(section.lead_in) maxlength=(LEAD_IN_MAX); }
                }
                @if recommends {
                    label { (t.addressee()) input name="addressee" value=(section.addressee) maxlength=(ADDRESSEE_MAX); }
                } @else {
                    input type="hidden" name="addressee" value=(section.addressee);
                }
                @if let Some(columns) = columns {
                    fieldset.columns {
                        legend { (t.table_columns()) }
                        div.column-inputs {
                            @for (k, c) in columns.iter().enumerate() {
                                input name={ "columns[" (k) "]" } value=(c) maxlength=(HEADER_FIELD_MAX)
                                    aria-label={ (t.column()) " " (k + 1) };
                            }
                        }
                        label { (t.new_column()) input name="new_column" maxlength=(HEADER_FIELD_MAX); }
                    }
                }
                (form_ops(lang, false))
            }
            ol.item-editors {
                @for item in &section.items { (item_editor(lang, doc, revision, item, recommends, columns, actions)) }
            }
            form.form.add-item action=(section_form) method="post" {
                input type="hidden" name="id" value=(doc);
                input type="hidden" name="revision" value=(revision);
                input type="hidden" name="section" value=(section.id);
                input type="hidden" name="op" value=(FormOp::Add.code());
                @if let Some(columns) = columns {
                    fieldset.cells { legend { (t.row_cells()) } (cell_fields(lang, columns, &[])) }
                    button type="submit" { (t.add_row()) }
                } @else {
                    label {
                        (t.add_item())
                        textarea name="text" rows="2" required maxlength=(ITEM_MAX) placeholder=(t.new_item_placeholder()) {}
                    }
                    button type="submit" { (t.add_item()) }
                }
            }
        }
    }
}

/// A row's cells as form fields `cells[0]`, `cells[1]`, …, each labelled with its column's heading.
fn cell_fields(lang: Lang, columns: &[String], cells: &[String]) -> Markup {
    let t = lang.texts();
    html! {
        div.cell-inputs {
            @for (k, heading) in columns.iter().enumerate() {
                label {
                    @if heading.trim().is_empty() { (t.column()) " " (k + 1) } @else { (heading) }
                    textarea name={ "cells[" (k) "]" } rows="2" maxlength=(ITEM_MAX) {
                        (cells.get(k).map(String::as_str).unwrap_or_default())
                    }
                }
            }
        }
    }
}

fn item_editor(
    lang: Lang,
    doc: &DocumentId,
    revision: i64,
    item: &Item,
    with_addressee: bool,
    // The table's headings, for a row.
    columns: Option<&Vec<String>>,
    actions: &Actions,
) -> Markup {
    let t = lang.texts();
    html! {
        li.item-editor data-key=(item.id) {
            form.form action=(actions.item.url()) method="post" {
                input type="hidden" name="id" value=(doc);
                input type="hidden" name="revision" value=(revision);
                input type="hidden" name="item" value=(item.id);
                input type="hidden" name="base" value=(item.base()) data-keep;
                @if let Some(columns) = columns {
                    fieldset.cells { legend { (t.row_cells()) } (cell_fields(lang, columns, &item.cells)) }
                } @else {
                    @if with_addressee {
                        label { (t.addressee()) input name="addressee" value=(item.addressee) maxlength=(ADDRESSEE_MAX); }
                    } @else {
                        input type="hidden" name="addressee" value=(item.addressee);
                    }
                    label { (t.item_text()) textarea name="text" rows="3" required maxlength=(ITEM_MAX) { (item.text) } }
                }
                (form_ops(lang, true))
            }
        }
    }
}
