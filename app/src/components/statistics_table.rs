use crate::i18n::{category, use_lang};
use accord_domain::Statistics;
use leptos::prelude::*;

#[component]
pub fn StatisticsTable(statistics: Statistics) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    if statistics.is_empty() {
        return view! { <p class="muted">{t.no_statistics}</p> }.into_any();
    }
    let row = |label: &'static str, value: Option<u32>| {
        value.map(|v| view! { <tr><th scope="row">{label}</th><td>{v}</td></tr> })
    };
    let categories = statistics
        .categories
        .iter()
        .map(|c| {
            let note = (!c.note.is_empty()).then(|| format!(" ({})", c.note));
            view! { <tr class="category"><th scope="row">{category(lang, c.category)}{note}</th><td>{c.count}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="statistics">
            <caption>{t.statistics}</caption>
            <tbody>
                {row(t.stat_total, statistics.total)}
                {categories}
                {row(t.stat_speakers, statistics.speakers)}
                {row(t.stat_discussion, statistics.discussion)}
                {row(t.stat_questions, statistics.questions)}
            </tbody>
        </table>
    }
    .into_any()
}
