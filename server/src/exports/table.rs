//! A table's geometry, the same in the Word file and the PDF: columns sharing the text width in proportion
//! to how much they hold, none narrower than a sensible minimum nor (where the width allows) than its
//! longest word; and each cell's text broken into lines inside its column.

pub(super) use super::fonts::TABLE_SIZE as SIZE;
use super::fonts::{self, Face, Faces};
use super::{Style, Table};

/// The narrowest column, in points (15 mm), unless there are so many columns that they cannot all be as wide.
pub(super) const MIN_COLUMN: f32 = 15.0 * 72.0 / 25.4;
/// A cell's padding, in points: left and right, top and bottom.
pub(super) const PAD_X: f32 = 4.0;
pub(super) const PAD_Y: f32 = 2.0;
/// Room a column leaves beside its longest word for the rules and for a word processor's own measures
/// (LibreOffice breaks a word that fills a cell exactly).
const SLACK: f32 = 2.0;
/// The distance between the baselines of a cell's lines.
pub(super) const LEADING: f32 = SIZE * 1.2;

/// The narrowest any column of an `n`-column table over `total` points may be.
pub(super) fn least(n: usize, total: f32) -> f32 {
    MIN_COLUMN.min(total / n.max(1) as f32)
}

/// Widths that sum to `total`: each column's share is in proportion to its `content` (the length of its
/// text), but never below its `floor` (its longest word) nor below [`least`]. When the floors together are
/// wider than `total`, what they ask above the least width is scaled down to fit.
pub(super) fn column_widths(content: &[f32], floor: &[f32], total: f32) -> Vec<f32> {
    let n = content.len();
    if n == 0 {
        return Vec::new();
    }
    let least = least(n, total);
    let mut floor: Vec<f32> = (0..n).map(|j| floor.get(j).copied().unwrap_or(0.0).max(least)).collect();
    let asked: f32 = floor.iter().sum();
    if asked > total {
        let room = (total - least * n as f32).max(0.0);
        let over = asked - least * n as f32;
        for f in &mut floor {
            *f = least + (*f - least) * room / over;
        }
    }
    let weight: Vec<f32> = content.iter().map(|c| c.max(1.0)).collect();
    // Water-filling: a column whose proportional share is below its floor gets its floor; the others share
    // what is left, in proportion again, until every share is at least its floor.
    let mut fixed = vec![false; n];
    loop {
        let free = total - (0..n).filter(|&j| fixed[j]).map(|j| floor[j]).sum::<f32>();
        let weights: f32 = (0..n).filter(|&j| !fixed[j]).map(|j| weight[j]).sum();
        let short: Vec<usize> = (0..n).filter(|&j| !fixed[j] && free * weight[j] / weights < floor[j]).collect();
        if short.is_empty() || short.len() == (0..n).filter(|&j| !fixed[j]).count() {
            let mut widths: Vec<f32> =
                (0..n).map(|j| if fixed[j] { floor[j] } else { (free * weight[j] / weights).max(floor[j]) }).collect();
            // Rounding (or every column at its floor) may leave the sum a hair off: the widest column takes it.
            let error = total - widths.iter().sum::<f32>();
            let widest = (0..n).max_by(|&a, &b| widths[a].total_cmp(&widths[b])).unwrap_or(0);
            widths[widest] += error;
            return widths;
        }
        for j in short {
            fixed[j] = true;
        }
    }
}

/// The widths of a table's columns over `total` points, measured in the faces the cells are printed in.
pub(super) fn widths(table: &Table, faces: &Faces, total: f32) -> Vec<f32> {
    let n = table.width();
    let (regular, bold) = (faces.of(Style::Plain), faces.of(Style::Bold));
    let mut content = vec![0.0; n];
    let mut floor = vec![0.0_f32; n];
    let mut measure = |face: &Face, cells: &[String]| {
        for (j, cell) in cells.iter().enumerate().take(n) {
            content[j] += face.width(cell, SIZE);
            floor[j] = floor[j].max(fonts::widest_word(face, SIZE, cell) + 2.0 * PAD_X + SLACK);
        }
    };
    if table.has_heading() {
        measure(bold, &table.columns);
    }
    for row in &table.rows {
        measure(regular, row);
    }
    column_widths(&content, &floor, total)
}

/// A cell's text, printed [`SIZE`] points high, as lines inside a column `width` points wide (its padding taken off); a line break of the
/// text starts a new line.
pub(super) fn cell_lines(face: &Face, text: &str, width: f32) -> Vec<Vec<String>> {
    let inner = (width - 2.0 * PAD_X).max(1.0);
    text.split('\n').flat_map(|part| fonts::lines(face, SIZE, part, inner, inner)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOTAL: f32 = 496.0;

    #[test]
    fn columns_share_the_width_by_content_above_their_floors() {
        let widths = column_widths(&[10.0, 1000.0, 3000.0, 10.0], &[20.0, 90.0, 90.0, 60.0], TOTAL);
        assert!((widths.iter().sum::<f32>() - TOTAL).abs() < 0.01, "{widths:?}");
        assert!((widths[0] - MIN_COLUMN).abs() < 0.01, "a number column stays narrow: {widths:?}");
        assert!((widths[3] - 60.0).abs() < 0.01, "a long word keeps its column wide enough: {widths:?}");
        assert!(widths[2] > 2.5 * widths[1] && widths[2] < 3.5 * widths[1], "in proportion: {widths:?}");
        // Longest words wider together than the page: each keeps the least width and a share of the rest.
        let widths = column_widths(&[1.0; 3], &[400.0, 400.0, 40.0], TOTAL);
        assert!((widths.iter().sum::<f32>() - TOTAL).abs() < 0.01, "{widths:?}");
        assert!(widths[2] >= MIN_COLUMN - 0.01 && widths[0] > widths[2], "{widths:?}");
        // Twenty columns cannot all be 15 mm wide: they share the width equally at least.
        let widths = column_widths(&[1.0; 20], &[0.0; 20], TOTAL);
        assert!(widths.iter().all(|w| (w - TOTAL / 20.0).abs() < 0.01), "{widths:?}");
    }

    proptest! {
        #[test]
        fn widths_never_below_the_minimum_and_sum_to_the_text_width(
            columns in prop::collection::vec((0.0f32..5000.0, 0.0f32..600.0), 1..21),
        ) {
            let (content, floor): (Vec<f32>, Vec<f32>) = columns.into_iter().unzip();
            let widths = column_widths(&content, &floor, TOTAL);
            prop_assert_eq!(widths.len(), content.len());
            prop_assert!((widths.iter().sum::<f32>() - TOTAL).abs() < 0.05, "{:?}", widths);
            let least = least(content.len(), TOTAL);
            for (w, f) in widths.iter().zip(&floor) {
                prop_assert!(*w >= least - 0.01, "{:?}", widths);
                if floor.iter().map(|f| f.max(least)).sum::<f32>() <= TOTAL {
                    prop_assert!(*w >= f - 0.01, "every floor kept when they fit: {:?}", widths);
                }
            }
        }

        #[test]
        fn a_cells_lines_never_wider_than_its_column(
            text in "[а-яА-Я0-9/ -]{0,300}",
            width in 30.0f32..300.0,
        ) {
            let face = fonts::faces().unwrap().of(Style::Plain);
            let lines = cell_lines(face, &text, width);
            for line in &lines {
                prop_assert!(face.width(&line.join(" "), SIZE) <= width - 2.0 * PAD_X, "{:?}", line);
            }
            let kept: String = lines.concat().concat();
            let written: String = text.split_whitespace().collect();
            prop_assert_eq!(kept, written, "nothing lost");
        }
    }
}
