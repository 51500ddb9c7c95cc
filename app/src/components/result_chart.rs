//! A closed ballot at a glance, drawn as SVG written as HTML (no script): a bar per choice, the turnout
//! against the quorum line, and the turnout of each participant category. It prints in black and white
//! (the choices differ by fill pattern, not colour, and every bar carries its number), and a screen reader
//! reads its title and description; the table beside it holds the same figures.

use crate::i18n::{category, Lang, Texts};
use crate::model::ResultView;
use maud::{html, Markup};

/// Units of the drawing: the labels' column, the bars' full length, one row.
const LABEL_W: u32 = 190;
const BAR_W: u32 = 330;
const ROW_H: u32 = 26;
const WIDTH: u32 = 620;

/// A length or position to a tenth of a unit. Integers, not `f64`: formatting a float is the largest code the
/// chart would bring into the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tenths(u32);

impl Tenths {
    fn of(units: u32) -> Tenths {
        Tenths(units * 10)
    }

    fn plus(self, other: Tenths) -> Tenths {
        Tenths(self.0 + other.0)
    }
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// How long a bar of `part` out of `whole` is, rounded to a tenth.
fn length(part: u32, whole: u32) -> Tenths {
    match whole {
        0 => Tenths(0),
        _ => Tenths((u64::from(BAR_W * 10) * u64::from(part.min(whole)) * 2 / u64::from(whole)).div_ceil(2) as u32),
    }
}

/// What the chart says, in words: its description for a screen reader.
pub fn described(t: Texts, lang: crate::i18n::Lang, r: &ResultView, quorum: u8) -> String {
    let mut out = format!(
        "{} — {}, {} — {}, {} — {}. {}: {} {} {}; {} {}\u{a0}%{}.",
        t.choice_for(),
        r.tally.in_favour,
        t.choice_against(),
        r.tally.against,
        t.choice_abstain(),
        r.tally.abstained,
        t.took_part(),
        r.took_part,
        t.of_word(),
        r.eligible,
        t.quorum_short(),
        quorum,
        if r.quorum_met { format!(" ({})", t.quorum_met()) } else { String::new() },
    );
    for l in &r.breakdown {
        out.push_str(&format!(" {}: {} {} {}.", category(lang, l.category), l.took_part, t.of_word(), l.eligible));
    }
    out
}

/// The chart of ballot `number`'s result.
pub fn result_chart(lang: Lang, r: &ResultView, quorum: u8, number: u32) -> Markup {
    let t = lang.texts();
    let id = format!("result-{number}");
    let (title_id, desc_id, hatch_id, dots_id) =
        (format!("{id}-title"), format!("{id}-desc"), format!("{id}-hatch"), format!("{id}-dots"));
    let cast = r.tally.in_favour + r.tally.against + r.tally.abstained;
    let choices = [
        (t.choice_for(), r.tally.in_favour, "bar-for", "#000".to_string()),
        (t.choice_against(), r.tally.against, "bar-against", format!("url(#{hatch_id})")),
        (t.choice_abstain(), r.tally.abstained, "bar-abstain", format!("url(#{dots_id})")),
    ];
    let mut y = 0;
    let mut rows = Vec::new();
    for (label, count, class, fill) in choices {
        rows.push(bar_row(y, label, &count.to_string(), length(count, cast), class, &fill));
        y += ROW_H;
    }
    y += ROW_H / 2;
    let turnout_y = y;
    let turnout = format!("{} {} {}", r.took_part, t.of_word(), r.eligible);
    rows.push(bar_row(y, t.took_part(), &turnout, length(r.took_part, r.eligible), "bar-turnout", "#555"));
    y += ROW_H;
    for l in &r.breakdown {
        let figure = format!("{} {} {}", l.took_part, t.of_word(), l.eligible);
        let bar = length(l.took_part, l.eligible);
        rows.push(bar_row(y, category(lang, l.category), &figure, bar, "bar-category", "#999"));
        y += ROW_H;
    }
    let quorum_x = Tenths::of(LABEL_W).plus(Tenths(BAR_W * 10 * u32::from(quorum.min(100)) / 100));
    let height = y + ROW_H;
    html! {
        svg.result-chart role="img" aria-labelledby={ (title_id) " " (desc_id) }
            viewBox={ "0 0 " (WIDTH) " " (height) } width="100%" preserveAspectRatio="xMinYMin meet" {
            title id=(title_id) { (t.chart_of_ballot()) " " (number) }
            desc id=(desc_id) { (described(t, lang, r, quorum)) }
            defs {
                pattern id=(hatch_id) patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)" {
                    rect width="6" height="6" fill="#fff" {}
                    line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="3" {}
                }
                pattern id=(dots_id) patternUnits="userSpaceOnUse" width="5" height="5" {
                    rect width="5" height="5" fill="#fff" {}
                    circle cx="2.5" cy="2.5" r="1.2" fill="#000" {}
                }
            }
            @for row in rows { (row) }
            line.quorum-line x1=(quorum_x) x2=(quorum_x) y1=(turnout_y - 4) y2=(height - ROW_H + 4)
                stroke="#000" stroke-width="2" stroke-dasharray="5 3" {}
            text.quorum-label x=(quorum_x) y=(height - 6) text-anchor="middle" font-size="13" {
                (t.quorum_short()) " " (quorum) "\u{a0}%"
            }
        }
    }
}

/// One row: its label, the bar's frame and the bar, and the figure after it.
fn bar_row(y: u32, label: &str, figure: &str, length: Tenths, class: &str, fill: &str) -> Markup {
    let (bar_y, bar_h, text_y) = (y + 4, ROW_H - 8, y + ROW_H - 8);
    html! {
        g class=(class) {
            text x="0" y=(text_y) font-size="14" { (label) }
            rect x=(LABEL_W) y=(bar_y) width=(BAR_W) height=(bar_h) fill="none" stroke="#000" stroke-width="0.5" {}
            rect x=(LABEL_W) y=(bar_y) width=(length) height=(bar_h) fill=(fill) stroke="#000" stroke-width="1" {}
            text x=(LABEL_W + BAR_W + 8) y=(text_y) font-size="14" { (figure) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_their_share_of_the_whole() {
        assert_eq!(length(0, 0), Tenths(0));
        assert_eq!(length(5, 10), Tenths(BAR_W * 5));
        assert_eq!(length(12, 10), Tenths(BAR_W * 10), "never past the frame");
        assert_eq!(length(1, 3).to_string(), "110.0");
        assert_eq!(length(2, 7).to_string(), "94.3", "rounded to a tenth");
        assert_eq!(Tenths::of(LABEL_W).plus(Tenths(5)).to_string(), "190.5");
    }
}
