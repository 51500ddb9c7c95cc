//! Form-based editing of a draft: the header, each section, each item. Every form carries the revision it
//! was rendered from, so a save over someone else's newer save is refused rather than lost.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::escape::escape_html;
use crate::components::server_form::{FormAction, ServerForm};
use crate::fetched::fetched;
use crate::i18n::{document_kind, section_kind, use_lang};
use crate::ids::DocumentId;
use crate::model::DocumentRow;
use crate::model::FormOp;
use crate::pages::route_id;
use crate::server_fns::documents::{get_document, AddSection, EditItem, EditSection, UpdateHeader};
use accord_domain::document::Layout;
use accord_domain::document::{ADDRESSEE_MAX, HEADER_FIELD_MAX, ITEM_MAX, LEAD_IN_MAX};
use accord_domain::{Item, Section, SectionKind};
use leptos::prelude::*;
use leptos_meta::Title;

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
        <Title text=t.edit_title />
        <h1>{t.edit_title}</h1>
        {action_error(actions.header.value())}
        {action_error(actions.item.value())}
        {action_error(actions.section.value())}
        {action_error(actions.add_section.value())}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) if !p.row.state.text_is_editable() => view! {
                        <p class="error" role="alert">{t.not_editable}</p>
                        <p><a href=format!("/documents/{}", p.row.id)>{t.back_to_document}</a></p>
                    }.into_any(),
                    Ok(p) => view! { <Editor row=p.row actions /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(row: DocumentRow, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let h = row.document.header.clone();
    let (id, revision) = (row.id.clone(), row.revision);
    let iso = |d: Option<accord_domain::Date>| d.map(|d| d.iso()).unwrap_or_default();
    let document_kinds = accord_domain::DocumentKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == h.kind>{document_kind(lang, k)}</option> })
        .collect_view();
    let kinds = SectionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code()>{section_kind(lang, k)}</option> })
        .collect_view();
    let sections = row
        .document
        .sections
        .into_iter()
        .map(|s| view! { <SectionEditor doc=id.clone() revision section=s actions /> })
        .collect_view();
    let (id2, id3) = (id.clone(), id.clone());
    view! {
        <p><a href=format!("/documents/{id3}")>{t.back_to_document}</a></p>
        <section class="card">
            <h2>{t.header}</h2>
            <ServerForm action=actions.header attr:class="form">
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="revision" value=revision />
                <label>{t.document_kind_label}<select name="document_kind">{document_kinds}</select></label>
                <label>{t.doc_kind}<input name="doc_kind" value=h.doc_kind.clone() maxlength=HEADER_FIELD_MAX /></label>
                <label>{t.event_line}<input name="event_line" value=h.event_line.clone() maxlength=HEADER_FIELD_MAX /></label>
                <label>{t.title}<input name="title" value=h.title.clone() maxlength=HEADER_FIELD_MAX /></label>
                <label>{t.doc_number}<input name="number" value=h.number.clone() maxlength=HEADER_FIELD_MAX /></label>
                <div class="row">
                    <label>{t.starts_on}<input type="date" name="starts_on" value=iso(h.starts_on()) /></label>
                    <label>{t.ends_on}<input type="date" name="ends_on" value=iso(h.ends_on()) /></label>
                </div>
                <label>{t.place}<input name="place" value=h.place.clone() maxlength=HEADER_FIELD_MAX /></label>
                <button type="submit">{t.save}</button>
            </ServerForm>
        </section>
        {sections}
        <section class="card">
            <ServerForm action=actions.add_section attr:class="inline">
                <input type="hidden" name="id" value=id2 />
                <input type="hidden" name="revision" value=revision />
                <label>{t.section_kind}<select name="kind">{kinds}</select></label>
                <button type="submit">{t.add_section}</button>
            </ServerForm>
        </section>
    }
}

#[component]
fn SectionEditor(doc: DocumentId, revision: i64, section: Section, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let sid = section.id.to_string();
    let recommends = section.kind.recommends();
    // A table's rows are edited cell by cell under its headings; other items as a text (and an addressee).
    let columns = (section.kind.layout() == Layout::Rows).then(|| section.columns.clone());
    let heading = section_kind(lang, section.kind);
    let kinds = SectionKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.code() selected=k == section.kind>{section_kind(lang, k)}</option> })
        .collect_view();
    let addressee = if recommends {
        view! { <label>{t.addressee}<input name="addressee" value=section.addressee maxlength=ADDRESSEE_MAX /></label> }
            .into_any()
    } else {
        view! { <input type="hidden" name="addressee" value=section.addressee /> }.into_any()
    };
    let column_fields = columns.clone().map(|columns| {
        let inputs = columns
            .into_iter()
            .enumerate()
            .map(|(k, c)| {
                view! {
                    <input name=format!("columns[{k}]") value=c maxlength=HEADER_FIELD_MAX
                        aria-label=format!("{} {}", t.column, k + 1) />
                }
            })
            .collect_view();
        view! {
            <fieldset class="columns">
                <legend>{t.table_columns}</legend>
                <div class="column-inputs">{inputs}</div>
                <label>{t.new_column}<input name="new_column" maxlength=HEADER_FIELD_MAX /></label>
            </fieldset>
        }
    });
    let items = section
        .items
        .into_iter()
        .map(|i| view! { <ItemEditor doc=doc.clone() revision item=i with_addressee=recommends columns=columns.clone() actions /> })
        .collect_view();
    let new_item = match &columns {
        Some(columns) => view! {
            <fieldset class="cells">
                <legend>{t.row_cells}</legend>
                {cell_fields(columns, &[])}
            </fieldset>
            <button type="submit">{t.add_row}</button>
        }
        .into_any(),
        None => view! {
            <label>{t.add_item}<textarea name="text" rows="2" required maxlength=ITEM_MAX placeholder=t.new_item_placeholder></textarea></label>
            <button type="submit">{t.add_item}</button>
        }
        .into_any(),
    };
    let (doc2, sid2) = (doc.clone(), sid.clone());
    view! {
        <section class="card section-editor">
            <h2>{heading}</h2>
            <ServerForm action=actions.section attr:class="form">
                <input type="hidden" name="id" value=doc2 />
                <input type="hidden" name="revision" value=revision />
                <input type="hidden" name="section" value=sid2 />
                <div class="row">
                    <label>{t.section_kind}<select name="kind">{kinds}</select></label>
                    <label class="grow">{t.lead_in}<input name="lead_in" value=section.lead_in maxlength=LEAD_IN_MAX /></label>
                </div>
                {addressee}
                {column_fields}
                <div class="buttons">
                    <button type="submit" name="op" value=FormOp::Save.code()>{t.save}</button>
                    <button type="submit" name="op" value=FormOp::Up.code() class="secondary">{t.move_up}</button>
                    <button type="submit" name="op" value=FormOp::Down.code() class="secondary">{t.move_down}</button>
                    <button type="submit" name="op" value=FormOp::Delete.code() class="danger">{t.delete}</button>
                </div>
            </ServerForm>
            <ol class="item-editors">{items}</ol>
            <ServerForm action=actions.section attr:class="form add-item">
                <input type="hidden" name="id" value=doc />
                <input type="hidden" name="revision" value=revision />
                <input type="hidden" name="section" value=sid />
                <input type="hidden" name="op" value=FormOp::Add.code() />
                {new_item}
            </ServerForm>
        </section>
    }
}

/// A row's cells as form fields `cells[0]`, `cells[1]`, …, each labelled with its column's heading.
fn cell_fields(columns: &[String], cells: &[String]) -> impl IntoView {
    let t = use_lang().texts();
    let fields = columns
        .iter()
        .enumerate()
        .map(|(k, heading)| {
            let label = if heading.trim().is_empty() { format!("{} {}", t.column, k + 1) } else { heading.clone() };
            let value = cells.get(k).map(String::as_str).unwrap_or_default();
            view! {
                <label>{label}<textarea name=format!("cells[{k}]") rows="2" maxlength=ITEM_MAX inner_html=escape_html(value)></textarea></label>
            }
        })
        .collect_view();
    view! { <div class="cell-inputs">{fields}</div> }
}

#[component]
fn ItemEditor(
    doc: DocumentId,
    revision: i64,
    item: Item,
    with_addressee: bool,
    /// The table's headings, for a row.
    columns: Option<Vec<String>>,
    actions: Actions,
) -> impl IntoView {
    let t = use_lang().texts();
    let fields = match columns {
        Some(columns) => view! {
            <fieldset class="cells">
                <legend>{t.row_cells}</legend>
                {cell_fields(&columns, &item.cells)}
            </fieldset>
        }
        .into_any(),
        None => view! {
            {if with_addressee {
                view! { <label>{t.addressee}<input name="addressee" value=item.addressee maxlength=ADDRESSEE_MAX /></label> }.into_any()
            } else {
                view! { <input type="hidden" name="addressee" value=item.addressee /> }.into_any()
            }}
            <label>{t.item_text}<textarea name="text" rows="3" required maxlength=ITEM_MAX inner_html=escape_html(&item.text)></textarea></label>
        }
        .into_any(),
    };
    view! {
        <li class="item-editor">
            <ServerForm action=actions.item attr:class="form">
                <input type="hidden" name="id" value=doc />
                <input type="hidden" name="revision" value=revision />
                <input type="hidden" name="item" value=item.id.to_string() />
                {fields}
                <div class="buttons">
                    <button type="submit" name="op" value=FormOp::Save.code()>{t.save}</button>
                    <button type="submit" name="op" value=FormOp::Up.code() class="secondary">{t.move_up}</button>
                    <button type="submit" name="op" value=FormOp::Down.code() class="secondary">{t.move_down}</button>
                    <button type="submit" name="op" value=FormOp::Delete.code() class="danger" formnovalidate>{t.delete}</button>
                </div>
            </ServerForm>
        </li>
    }
}
