//! Russian typography for display: «ёлочки» with „лапки“ inside, the long dash, and non-breaking spaces
//! after № and between a number and «г.». Applied when rendering; stored text stays as its authors wrote it.

const NBSP: char = '\u{a0}';

pub fn typograph(text: &str) -> String {
    let text = quotes(text);
    let text = dashes(&text);
    non_breaking(&text)
}

/// Straight double quotes become «» at the outer level and „“ inside. A quote opens after a space or an
/// opening bracket when a word follows it; otherwise it closes (so «самоуправления " и» closes).
fn quotes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut depth = 0usize;
    for (k, &c) in chars.iter().enumerate() {
        if c != '"' {
            if c == '«' {
                depth += 1;
            } else if c == '»' {
                depth = depth.saturating_sub(1);
            }
            out.push(c);
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(k + 1).copied();
        let after_gap = prev.is_none_or(|p| p.is_whitespace() || "([{«„-—–/".contains(p));
        let before_word = next.is_some_and(|n| !n.is_whitespace() && !",.;:!?)]»".contains(n));
        if after_gap && before_word {
            out.push(if depth == 0 { '«' } else { '„' });
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            out.push(if depth == 0 { '»' } else { '“' });
        }
    }
    out
}

/// « - » and « – » between words become « — » with a non-breaking space before the dash.
fn dashes(text: &str) -> String {
    text.replace(" - ", "\u{a0}— ").replace(" – ", "\u{a0}— ").replace(" — ", "\u{a0}— ")
}

fn non_breaking(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (k, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = k.checked_sub(1).map(|p| chars[p]);
            let after_word: String = chars[k + 1..].iter().take_while(|c| !c.is_whitespace()).collect();
            let after_number_sign = before == Some('№');
            // «г. Москва», «ул. Ленина», «д. 2»: an abbreviation stays with the name or number after it.
            let word_before: String = {
                let mut w: Vec<char> = chars[..k].iter().rev().take_while(|c| !c.is_whitespace()).copied().collect();
                w.reverse();
                w.into_iter().collect()
            };
            let abbreviation = ["г.", "гор.", "ул.", "д.", "с.", "п.", "пос.", "пр.", "им."]
                .contains(&word_before.as_str())
                && after_word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            let before_year = before.is_some_and(|b| b.is_ascii_digit())
                && (after_word.starts_with("г.")
                    || after_word.starts_with("гг.")
                    || after_word == "г"
                    || after_word.starts_with("чел."));
            if after_number_sign || before_year || abbreviation {
                out.push(NBSP);
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Words selected in the printed text are found in the stored one by their offsets
        /// (`discussion::locate_quote`): every character keeps its place and its UTF-16 width.
        #[test]
        fn every_character_keeps_its_place_and_width(text in "[ \"«»a-я0-9№г.\\-–—😀]{0,40}") {
            let printed = typograph(&text);
            proptest::prop_assert_eq!(printed.chars().count(), text.chars().count());
            for (stored, shown) in text.chars().zip(printed.chars()) {
                proptest::prop_assert_eq!(stored.len_utf16(), shown.len_utf16(), "{:?} in {:?}", stored, text);
            }
        }
    }

    #[test]
    fn quotes_nest() {
        assert_eq!(typograph("проект \"Культура\""), "проект «Культура»");
        assert_eq!(typograph("\"Фонд \"Радуга\" и другие\""), "«Фонд „Радуга“ и другие»");
        assert_eq!(typograph("«Фонд \"Радуга\"»"), "«Фонд „Радуга“»");
        assert_eq!(typograph("\"Практики самоуправления \" и \"Формы\""), "«Практики самоуправления » и «Формы»");
    }

    #[test]
    fn dashes_and_spaces() {
        assert_eq!(typograph("участники - это"), "участники\u{a0}— это");
        assert_eq!(typograph("№ 7-ФЗ от 2021 г."), "№\u{a0}7-ФЗ от 2021\u{a0}г.");
        assert_eq!(typograph("г. Благовещенск, ул. Ленина, д. 2"), "г.\u{a0}Благовещенск, ул.\u{a0}Ленина, д.\u{a0}2");
        assert_eq!(typograph("25 чел."), "25\u{a0}чел.");
    }

    #[test]
    fn is_idempotent() {
        for s in ["\"а\" - \"б\"", "№ 5, 2020 г.", "«x» — y"] {
            assert_eq!(typograph(&typograph(s)), typograph(s));
        }
    }
}
