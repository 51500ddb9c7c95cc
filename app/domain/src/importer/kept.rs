//! The importer's promise: no word of the source is lost. The tests on real documents and the fuzzers hold
//! every import to it.

use crate::document::Document;
use crate::markdown;
use crate::text::strip_emphasis;
use std::collections::HashMap;

/// A word of the source that the document's Markdown export has fewer times than the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostWord {
    pub word: String,
    /// The first source line (from 1) that has it, and that line.
    pub line: usize,
    pub text: String,
    pub in_source: usize,
    pub exported: usize,
}

impl std::fmt::Display for LostWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let LostWord { word, line, text, in_source, exported } = self;
        write!(f, "line {line}: «{word}» of «{text}» is there {in_source} times, exported {exported}")
    }
}

/// The words of `source` missing from `document`'s Markdown export, in the order of the source.
pub fn lost_words(source: &str, document: &Document) -> Vec<LostWord> {
    let exported = markdown::export(document);
    let mut kept: HashMap<String, usize> = HashMap::new();
    for word in words(&exported) {
        *kept.entry(word).or_default() += 1;
    }
    let mut needed: HashMap<String, (usize, usize, String)> = HashMap::new();
    for (n, line) in source.lines().enumerate() {
        for word in line_words(&strip_emphasis(&super::without_controls(line))) {
            needed.entry(word).or_insert((0, n + 1, line.to_string())).0 += 1;
        }
    }
    let mut lost: Vec<LostWord> = needed
        .into_iter()
        .filter_map(|(word, (in_source, line, text))| {
            let exported = kept.get(&word).copied().unwrap_or(0);
            (exported < in_source).then_some(LostWord { word, line, text, in_source, exported })
        })
        .collect();
    lost.sort_by(|a, b| (a.line, &a.word).cmp(&(b.line, &b.word)));
    lost
}

/// The words of a text: runs of letters, and runs of digits. Digits glued to letters count apart, so a list
/// marker glued to its text («2..9О») is compared the same way whether the importer read it as a marker or not.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if !c.is_alphanumeric() || word.chars().last().is_some_and(|last| last.is_numeric() != c.is_numeric()) {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
        }
        if c.is_alphanumeric() {
            word.push(c);
        }
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// The words of a source line that are words of the text, not its list marker («1.», «а)»).
fn line_words(line: &str) -> Vec<String> {
    let trimmed = line.trim_start();
    let mut chars = trimmed.char_indices();
    let marker_end = match chars.next() {
        Some((_, c)) if c.is_ascii_digit() => {
            let end = trimmed.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(trimmed.len());
            let rest = &trimmed[end..];
            let dotted = trimmed[..end].contains('.');
            if rest.starts_with(')')
                || dotted && (rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c.is_alphabetic()))
            {
                end
            } else {
                0
            }
        }
        Some((_, c)) if c.is_lowercase() && trimmed[c.len_utf8()..].starts_with(')') => c.len_utf8(),
        Some((_, 'o')) if trimmed[1..].starts_with([' ', '\t', '\u{a0}']) => 1,
        Some((_, c))
            if c.is_lowercase()
                && line.starts_with(char::is_whitespace)
                && trimmed[c.len_utf8()..].starts_with(". ") =>
        {
            c.len_utf8()
        }
        _ => 0,
    };
    words(&trimmed[marker_end..])
}
