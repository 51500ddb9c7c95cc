use crate::components::error_notice::url_error;
use crate::fetched::fetched;
use crate::i18n::use_lang;
use crate::server_fns::events::list_events;
use crate::server_fns::imports::StageImport;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

/// A plain multipart form: it posts the same way with and without JavaScript, and the server answers with
/// a redirect to the preview (or back here with the error).
#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let events = fetched(|| (), |_| list_events());
    view! {
        <Title text=t.import_title() />
        <h1>{t.import_title()}</h1>
        <p class="muted">{t.import_hint()}</p>
        {url_error(StageImport::PATH)}
        <form class="form" method="post" enctype="multipart/form-data" action=StageImport::url()>
            <label>{t.import_text()}<textarea name="text" rows="14"></textarea></label>
            <label>{t.import_file()}<input type="file" name="file" accept=".txt,.md,.docx,.odt,text/plain,text/markdown,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text" /></label>
            <label>{t.import_event()}
                <select name="event">
                    <option value="">{t.import_new_event()}</option>
                    <Suspense>
                        {move || Suspend::new(async move {
                            events.await.unwrap_or_default().into_iter().map(|e| view! {
                                <option value=e.event.id.clone()>{e.event.event.title.clone()}</option>
                            }).collect_view()
                        })}
                    </Suspense>
                </select>
            </label>
            <button type="submit">{t.import_preview()}</button>
        </form>
    }
}
