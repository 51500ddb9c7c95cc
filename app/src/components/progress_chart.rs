//! How the recommendations to each addressee stand, drawn on the server as SVG: a bar per addressee split
//! by status, the statuses told apart by fill pattern (it prints in black and white), the total after each
//! bar. A screen reader reads its title and description; the table below it on the page holds the figures.

use crate::i18n::use_lang;
use crate::model::AddresseeProgress;
use crate::pages::registry_page::status_label;
use accord_domain::registry::Status;
use leptos::prelude::*;

const LABEL_W: f64 = 300.0;
const BAR_W: f64 = 380.0;
const ROW_H: f64 = 24.0;
const LEGEND_H: f64 = 30.0;
const WIDTH: f64 = 760.0;
/// Characters of an addressee's name that fit before its bar; the whole name is the row's title.
const LABEL_CHARS: usize = 38;

/// The fill of each status, in the order of `Status::ALL`: blank, dotted, black, hatched.
fn fill(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "#fff",
        Status::InProgress => "url(#progress-dots)",
        Status::Done => "#000",
        Status::Declined => "url(#progress-hatch)",
    }
}

/// The segments of one bar: where each status's part starts and how long it is, for `scale` units a
/// recommendation.
fn segments(counts: &[u64; 4], scale: f64) -> Vec<(Status, f64, f64)> {
    let mut x = LABEL_W;
    Status::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, &n)| n > 0)
        .map(|(s, &n)| {
            let w = n as f64 * scale;
            x += w;
            (s, x - w, w)
        })
        .collect()
}

fn short(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(LABEL_CHARS - 1).collect::<String>().trim_end())
    }
}

#[component]
pub fn ProgressChart(rows: Vec<AddresseeProgress>, no_addressee: &'static str) -> impl IntoView {
    let t = use_lang().texts();
    let most = rows.iter().map(AddresseeProgress::total).max().unwrap_or(1).max(1);
    let scale = BAR_W / most as f64;
    let name =
        |r: &AddresseeProgress| if r.addressee.is_empty() { no_addressee.to_string() } else { r.addressee.clone() };
    let description = rows
        .iter()
        .map(|r| {
            let parts: Vec<String> =
                Status::ALL.into_iter().zip(r.counts).map(|(s, n)| format!("{} {n}", status_label(t, s))).collect();
            format!("{}: {}.", name(r), parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let legend = Status::ALL
        .into_iter()
        .enumerate()
        .map(|(k, s)| {
            let x = k as f64 * 180.0;
            view! {
                <rect x=x y="4" width="16" height="16" fill=fill(s) stroke="#000" />
                <text x=x + 22.0 y="17" font-size="13">{status_label(t, s)}</text>
            }
        })
        .collect_view();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let y = LEGEND_H + k as f64 * ROW_H;
            let parts = segments(&r.counts, scale)
                .into_iter()
                .map(|(s, x, w)| {
                    view! { <rect class=format!("part-{}", s.code()) x=x y=y + 4.0 width=w height=ROW_H - 8.0 fill=fill(s) stroke="#000" /> }
                })
                .collect_view();
            let end = LABEL_W + r.total() as f64 * scale;
            view! {
                <g class="addressee-bar">
                    <title>{name(r)}</title>
                    <text x="0" y=y + ROW_H - 8.0 font-size="13">{short(&name(r))}</text>
                    {parts}
                    <text x=end + 6.0 y=y + ROW_H - 8.0 font-size="13">{r.total()}</text>
                </g>
            }
        })
        .collect_view();
    let height = LEGEND_H + rows.len() as f64 * ROW_H + 4.0;
    view! {
        <svg class="progress-chart" role="img" aria-labelledby="progress-title progress-desc"
            viewBox=format!("0 0 {WIDTH} {height}") width="100%" preserveAspectRatio="xMinYMin meet">
            <title id="progress-title">{t.progress_title()}</title>
            <desc id="progress-desc">{description}</desc>
            <defs>
                <pattern id="progress-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
                    <rect width="6" height="6" fill="#fff" />
                    <line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="3" />
                </pattern>
                <pattern id="progress-dots" patternUnits="userSpaceOnUse" width="5" height="5">
                    <rect width="5" height="5" fill="#fff" />
                    <circle cx="2.5" cy="2.5" r="1.2" fill="#000" />
                </pattern>
            </defs>
            <g class="legend">{legend}</g>
            {bars}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_its_statuses_side_by_side() {
        let parts = segments(&[2, 0, 3, 1], 10.0);
        assert_eq!(
            parts,
            vec![
                (Status::NotStarted, LABEL_W, 20.0),
                (Status::Done, LABEL_W + 20.0, 30.0),
                (Status::Declined, LABEL_W + 50.0, 10.0)
            ]
        );
        assert_eq!(short("Министерству экономики и внешних связей Амурской области").chars().count(), LABEL_CHARS);
    }
}
