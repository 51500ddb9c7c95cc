//! Vote lines in their many forms: «Голосовали: "ЗА" - 25 чел.», «"Против" нет», «единогласно»,
//! «открытым голосованием принят единогласно», «За – 45, против – 0, воздержались – 2».

use super::lines::QUOTES;
use crate::document::VoteResult;

#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Tally {
    /// The line says it is a vote («Голосовали», «Принято»), not only a count.
    pub opening: bool,
    pub vote: VoteResult,
}

impl Tally {
    pub fn counts(&self) -> usize {
        [self.vote.in_favour, self.vote.against, self.vote.abstained].iter().flatten().count()
    }
}

fn tally_tokens(line: &str) -> Vec<String> {
    let lower: String = line
        .to_lowercase()
        .chars()
        .map(|c| {
            if QUOTES.contains(&c) || matches!(c, ':' | '—' | '–' | '-' | ',' | ';' | '(' | ')') {
                ' '
            } else {
                c
            }
        })
        .collect();
    lower.split_whitespace().map(|t| t.trim_end_matches('.').to_string()).filter(|t| !t.is_empty()).collect()
}

const OPENERS: [&str; 12] = [
    "голосовали",
    "голосование",
    "голосованием",
    "голосования",
    "итоги",
    "результаты",
    "принято",
    "принят",
    "принята",
    "приняты",
    "решение",
    "проголосовали",
];
const FILLER: [&str; 12] = [
    "чел",
    "человек",
    "человека",
    "голосов",
    "голос",
    "по",
    "вопросу",
    "открытым",
    "тайным",
    "всего",
    "участников",
    "членов",
];

/// Reads one line of a vote; `None` when any word is not part of a vote.
pub(super) fn parse_tally(line: &str) -> Option<Tally> {
    let tokens = tally_tokens(line);
    let mut tally = Tally { opening: tokens.iter().any(|t| OPENERS.contains(&t.as_str())), ..Tally::default() };
    let mut found = false;
    let mut k = 0;
    while k < tokens.len() {
        let t = tokens[k].as_str();
        let slot = match t {
            "за" => Some(&mut tally.vote.in_favour),
            "против" => Some(&mut tally.vote.against),
            _ if t.starts_with("воздерж") => Some(&mut tally.vote.abstained),
            _ => None,
        };
        if let Some(slot) = slot {
            let count = tokens.get(k + 1).and_then(|n| count_word(n))?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(count);
            found = true;
            k += 2;
            continue;
        }
        if t == "единогласно" {
            tally.vote.unanimous = true;
            found = true;
        } else if !(OPENERS.contains(&t) || FILLER.contains(&t)) {
            return None;
        }
        k += 1;
    }
    (found || (tally.opening && tokens.len() == 1 && tokens[0] == "голосовали")).then_some(tally)
}

fn count_word(word: &str) -> Option<u32> {
    match word {
        "нет" | "ноль" | "0" => Some(0),
        _ if word.len() <= 6 => word.parse().ok(),
        _ => None,
    }
}

/// Adds a tally line to the vote read so far; `None` when it would write a count twice.
pub(super) fn merge(mut vote: VoteResult, new: &VoteResult) -> Option<VoteResult> {
    for (slot, count) in
        [(&mut vote.in_favour, new.in_favour), (&mut vote.against, new.against), (&mut vote.abstained, new.abstained)]
    {
        if count.is_some() {
            if slot.is_some() {
                return None;
            }
            *slot = count;
        }
    }
    vote.unanimous |= new.unanimous;
    Some(vote)
}

pub(super) fn looks_like_vote_opening(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    ["голосовали", "результаты голосования", "итоги голосования"].iter().any(|o| lower.starts_with(o))
}

/// «… открытым голосованием принят единогласно …» inside running text or a table's cell: the document was
/// adopted unanimously, though no vote line says so.
pub(super) fn unanimous_in(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|w| {
        let adopted = |x: &str| matches!(x, "принят" | "принята" | "принято" | "приняты" | "одобрен" | "одобрено");
        (adopted(w[0]) && w[1] == "единогласно") || (w[0] == "единогласно" && adopted(w[1]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(in_favour: Option<u32>, against: Option<u32>, abstained: Option<u32>) -> VoteResult {
        VoteResult { in_favour, against, abstained, ..VoteResult::default() }
    }

    #[test]
    fn every_form_of_a_vote_line() {
        for (line, expected) in [
            ("Голосовали : \"ЗА\" - 25 чел.", vote(Some(25), None, None)),
            ("За – 45, против – 0, воздержались – 2", vote(Some(45), Some(0), Some(2))),
            ("ГОЛОСОВАЛИ: «за» – 45 чел., «против» – нет, «воздержался» – 2 чел.", vote(Some(45), Some(0), Some(2))),
            ("Итоги голосования: «за» — 12, «против» — 0", vote(Some(12), Some(0), None)),
            ("(Результаты голосования: «за» - 37, «против» - 1)", vote(Some(37), Some(1), None)),
            ("открытым голосованием принят единогласно", VoteResult { unanimous: true, ..VoteResult::default() }),
            ("Принято единогласно.", VoteResult { unanimous: true, ..VoteResult::default() }),
        ] {
            assert_eq!(parse_tally(line).map(|t| t.vote), Some(expected), "{line}");
        }
        assert_eq!(parse_tally("Голосовали: «за» - _, «против» - _"), None, "a blank form is not a count");
        assert_eq!(parse_tally("За период работы выступили 5 человек"), None);
    }

    #[test]
    fn unanimity_in_running_text() {
        assert!(unanimous_in(
            "Итоговый документ публичных слушаний открытым голосованием принят единогласно Рекомендовать"
        ));
        assert!(!unanimous_in("Секретарем заседания единогласно избрана Козаченко О.А."));
    }
}
