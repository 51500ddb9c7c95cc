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

/// Removes Markdown emphasis (`**25**`, `__x__`) the way documents pasted from editors carry it.
pub fn strip_emphasis(line: &str) -> String {
    line.replace("**", "").replace("__", "")
}

/// Collapses runs of whitespace into one space and trims.
pub fn squash_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_characters_not_bytes() {
        assert!(optional("t", &"я".repeat(10), 10).is_ok());
        assert_eq!(optional("t", &"я".repeat(11), 10).unwrap_err().problem, Problem::TooLong { max: 10 });
        assert_eq!(required("t", " \n", 10).unwrap_err().problem, Problem::Empty);
    }
}
