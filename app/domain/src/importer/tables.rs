//! Tables, in the two forms text carries them: Markdown's pipe rows (`| № | Предложение | … |`, what the
//! Word and OpenDocument readers and the Markdown export write), and the flattened form of pages copied
//! from the web, each cell's text on its own lines and a line holding only `|` after every cell.

use crate::text::squash_spaces;

/// A table read from the text: its first row as column headings, and the rows after it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Cells left over by a flattened table whose cells do not fill its last row: filled with empty cells.
    pub ragged: bool,
    /// The index of the first line after the table.
    pub end: usize,
}

/// A pipe row of at least two cells: starts and ends with `|`, with a `|` between (`\|` is a `|` in a cell).
pub(super) fn pipe_cells(line: &str) -> Option<Vec<String>> {
    row_cells(line).filter(|cells| cells.len() >= 2)
}

/// A pipe row of any width (`| x |` too).
pub(crate) fn row_cells(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    if inner.is_empty() || line.ends_with("\\|") {
        return None;
    }
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cells.last_mut().expect("a cell").push('|');
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().expect("a cell").push(c),
        }
    }
    Some(cells.iter().map(|c| squash_spaces(c)).collect())
}

fn is_rule(cells: &[String]) -> bool {
    cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Writes a row as the importer reads it back.
pub fn pipe_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
    format!("| {} |", cells.join(" | "))
}

/// Consecutive pipe rows from `start`; a rule row (`|---|---|`) under the headings is skipped. A table of
/// one column (`| x |`) is one only with its rule row under the headings.
pub(super) fn pipe_table(lines: &[String], start: usize) -> Option<Table> {
    let columns = row_cells(&lines[start])?;
    let ruled = lines.get(start + 1).and_then(|l| row_cells(l)).is_some_and(|cells| is_rule(&cells));
    if columns.len() < 2 && !ruled {
        return None;
    }
    let mut rows = Vec::new();
    let mut end = start + 1;
    while let Some(cells) = lines.get(end).and_then(|l| row_cells(l)) {
        if !(rows.is_empty() && is_rule(&cells)) {
            rows.push(cells);
        }
        end += 1;
    }
    let width = columns.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let mut columns = columns;
    columns.resize(width, String::new());
    for row in &mut rows {
        row.resize(width, String::new());
    }
    Some(Table { columns, rows, ragged: false, end })
}

fn is_bar(line: &str) -> bool {
    line.trim() == "|"
}

fn row_number(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches(['.', ')']);
    !c.is_empty() && c.len() <= 3 && c.chars().all(|ch| ch.is_ascii_digit())
}

/// A flattened table starting at `start`: its first cell takes at most three lines, none of which but the
/// last ends a sentence, before the first `|` line. Rows are told apart by their numbers: the cells before
/// the first cell that holds only a number («1», «1.») are the headings, and each row has as many cells.
pub(super) fn flat_table(lines: &[String], start: usize) -> Option<Table> {
    let first_bar = (start..lines.len().min(start + 4)).find(|&j| is_bar(&lines[j]))?;
    if first_bar == start
        || lines[start..first_bar].iter().any(|l| l.trim().is_empty())
        || lines[start..first_bar - 1].iter().any(|l| super::lines::ends_sentence(l.trim()))
    {
        return None;
    }
    let mut cells: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut end = start;
    let mut k = start;
    while k < lines.len() {
        let line = &lines[k];
        if is_bar(line) {
            cells.push(squash_spaces(&current.join(" ")));
            current.clear();
            end = k + 1;
            // The table goes on while another `|` line comes within a few lines.
            let next_bar = (k + 1..lines.len().min(k + 9)).find(|&j| is_bar(&lines[j]));
            match next_bar {
                Some(_) => {}
                None => break,
            }
        } else {
            current.push(line.trim());
        }
        k += 1;
    }
    if cells.len() < 2 {
        return None;
    }
    // With a «№» column, rows start at their numbers; without one, a number stands in the column whose
    // heading counts («Количество»), so its row starts that many cells before it.
    let numbered = cells[0].trim_start().starts_with('№');
    let first_number = (2..cells.len()).find(|&k| row_number(&cells[k]));
    let counting = cells.iter().position(|c| {
        let c = c.to_lowercase();
        ["количество", "кол-во", "число", "всего"].iter().any(|w| c.starts_with(w))
    });
    let split = match (numbered, first_number, counting) {
        (false, Some(k), Some(column)) if k > column && k - column >= 2 => k - column,
        (_, Some(k), _) => k,
        (_, None, _) => cells.len(),
    };
    let columns: Vec<String> = cells[..split].to_vec();
    let width = columns.len();
    let body = &cells[split..];
    let ragged = !body.len().is_multiple_of(width);
    let rows = body
        .chunks(width)
        .map(|chunk| {
            let mut row = chunk.to_vec();
            row.resize(width, String::new());
            row
        })
        .collect();
    Some(Table { columns, rows, ragged, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn pipe_tables_with_escaped_bars() {
        let t = pipe_table(&lines("| № | Предложение |\n|---|---|\n| 1 | А \\| Б |\n| 2 |  В  |\nтекст"), 0).unwrap();
        assert_eq!(t.columns, ["№", "Предложение"]);
        assert_eq!(t.rows, [vec!["1".to_string(), "А | Б".into()], vec!["2".into(), "В".into()]]);
        assert_eq!(t.end, 4);
        assert_eq!(pipe_row(&["А | Б".into(), "В".into()]), "| А \\| Б | В |");
        assert_eq!(pipe_cells("|"), None);
        assert_eq!(pipe_cells("| одна |"), None);
        let single = pipe_table(&lines("| Решение |\n|---|\n| Одобрить |\nтекст"), 0).unwrap();
        assert_eq!((single.columns, single.rows.len(), single.end), (vec!["Решение".to_string()], 1, 3));
        assert_eq!(pipe_table(&lines("| не таблица |\nтекст"), 0), None);
    }

    #[test]
    fn a_flattened_table_splits_into_rows_at_its_numbers() {
        let text = "Перед таблицей.\n№№\nп/п\n|\nВопросы\n|\nРешение\n|\n1\n|\nПроект\n|\nРекомендовать\nутвердить:\nПроект.\n|\n2\n|\nДругое\n|\n|\nПодпись";
        let l = lines(text);
        assert_eq!(flat_table(&l, 0), None, "a first cell does not begin with a sentence");
        let t = flat_table(&l, 1).unwrap();
        assert_eq!(t.columns, ["№№ п/п", "Вопросы", "Решение"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0], ["1", "Проект", "Рекомендовать утвердить: Проект."]);
        assert_eq!(t.rows[1], ["2", "Другое", ""]);
        assert!(!t.ragged);
        assert_eq!(l[t.end], "Подпись");
        let counted = lines("Предложения\n|\nКоличество\n|\nРекомендации\n|\nОтсутствуют\n|\n25\n|\nОдобрить\n|");
        let t = flat_table(&counted, 0).unwrap();
        assert_eq!(t.columns, ["Предложения", "Количество", "Рекомендации"]);
        assert_eq!(t.rows, [vec!["Отсутствуют".to_string(), "25".into(), "Одобрить".into()]]);
    }
}
