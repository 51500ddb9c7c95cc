//! Validation of user text: required or optional, within a limit counted in characters.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Empty,
    TooLong { max: usize },
    TooShort { min: usize },
    EndsBeforeStart,
    BadDate,
    Unknown,
}

/// A problem with one named field of a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> FieldError {
        FieldError { field: field.to_string(), problem }
    }
}

pub fn required(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, Problem::Empty));
    }
    optional(field, value, max)
}

pub fn optional(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong { max }));
    }
    Ok(())
}

/// Removes Markdown emphasis (`**25**`, `__x__`) the way documents pasted from editors carry it: runs of
/// exactly two `*` or `_`. A form's blank «___» stays.
pub fn strip_emphasis(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        let run = chars[k..].iter().take_while(|&&x| x == c).count();
        if !(matches!(c, '*' | '_') && run == 2) {
            out.extend(&chars[k..k + run]);
        }
        k += run;
    }
    out
}

/// The text in lower case, when lowering keeps every character's length in bytes (Cyrillic and Latin do), so
/// that an offset found in it is an offset in `text`; `None` otherwise («ẞ», «Ⱥ»).
pub fn lowercase_in_place(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let before = out.len();
        out.extend(c.to_lowercase());
        if out.len() - before != c.len_utf8() {
            return None;
        }
    }
    Some(out)
}

/// Collapses runs of whitespace into one space and trims.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_goes_and_blanks_stay() {
        assert_eq!(strip_emphasis("приняли участие **25** человек"), "приняли участие 25 человек");
        assert_eq!(strip_emphasis("«за» - ___, __x__"), "«за» - ___, x");
        assert_eq!(lowercase_in_place("СЛУШАЛИ: Иванову"), Some("слушали: иванову".into()));
        assert_eq!(lowercase_in_place("по Ⱥ вопросу слушали: ẞ"), None);
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(optional("t", &"я".repeat(10), 10).is_ok());
        assert_eq!(optional("t", &"я".repeat(11), 10).unwrap_err().problem, Problem::TooLong { max: 10 });
        assert_eq!(required("t", " \n", 10).unwrap_err().problem, Problem::Empty);
    }
}
