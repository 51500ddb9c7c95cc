//! Addressees: whom a recommendation is addressed to, in the dative, as the genre writes it first
//! («Министерству экономики … проанализировать …») or after the verb of recommending («Рекомендовать
//! администрации поселка …»).

/// «Министерству экономики и внешних связей проанализировать …» → the addressee and the rest.
pub fn split_addressee(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split(' ').collect();
    let first = *words.first()?;
    if !first.starts_with(|c: char| c.is_uppercase()) || is_infinitive(first) || !looks_dative(first) {
        return None;
    }
    let verb = verb_after(&words, 1)?;
    Some((words[..verb].join(" "), words[verb..].join(" ")))
}

/// The addressee a recommendation names after its verb: «Рекомендовать главе Мильковского сельского
/// поселения согласиться с …» → «Главе Мильковского сельского поселения». The text itself is not split: the
/// verb belongs to it.
pub fn implied_addressee(text: &str) -> Option<String> {
    const VERBS: [&str; 6] = ["рекомендовать", "предложить", "поручить", "просить", "обратиться", "направить"];
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = bare(words.first()?);
    if !VERBS.contains(&first.as_str()) {
        return None;
    }
    let mut start = 1;
    if words.get(1).is_some_and(|w| bare(w) == "к" || bare(w) == "в") {
        start = 2;
    }
    let head = words.get(start)?;
    if !looks_dative(head) || is_infinitive(head) {
        return None;
    }
    let verb = verb_after(&words, start + 1)?;
    // «… района при доработке проекта учесть»: the addressee ends where a circumstance begins.
    let end =
        (start + 1..verb).find(|&k| ["при", "в", "во", "до", "для", "совместно"].contains(&bare(words[k]).as_str()));
    let phrase = words[start..end.unwrap_or(verb)].join(" ");
    let phrase = phrase.trim_end_matches([',', ';']);
    let mut chars = phrase.chars();
    let first = chars.next()?.to_uppercase().collect::<String>();
    Some(format!("{first}{}", chars.as_str()))
}

/// The first infinitive at or after `from` within thirty words, with the adverbs before it.
fn verb_after(words: &[&str], from: usize) -> Option<usize> {
    let mut verb = (from..words.len().min(30))
        .find(|&k| words[k].starts_with(|c: char| c.is_lowercase()) && is_infinitive(words[k]))?;
    while verb > from && is_adverb(words[verb - 1]) {
        verb -= 1;
    }
    Some(verb)
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase()
}

pub(super) fn looks_dative(word: &str) -> bool {
    let w = bare(word);
    if w.chars().count() < 3 {
        return false;
    }
    ["у", "ю", "ам", "ям", "ым", "им", "ому", "ему", "ии", "ой"].iter().any(|e| w.ends_with(e))
        || (w.ends_with('е') && !["ие", "ое", "ые", "ее"].iter().any(|e| w.ends_with(e)))
}

pub(super) fn is_infinitive(word: &str) -> bool {
    const TI_VERBS: [&str; 14] = [
        "провести",
        "внести",
        "ввести",
        "привести",
        "перевести",
        "найти",
        "перейти",
        "вести",
        "нести",
        "обрести",
        "произвести",
        "изыскать",
        "расти",
        "соблюсти",
    ];
    const NOUNS: [&str; 8] = ["сеть", "треть", "суть", "путь", "нить", "мать", "честь", "весть"];
    let w = bare(word);
    if NOUNS.contains(&w.as_str()) {
        return false;
    }
    if TI_VERBS.contains(&w.as_str()) || w.ends_with("ться") || w.ends_with("чь") || w.ends_with("тись") {
        return true;
    }
    if w.ends_with("ость")
        || w.ends_with("асть")
        || (w.ends_with("есть") && !["учесть", "прочесть"].contains(&w.as_str()))
    {
        return false;
    }
    w.ends_with("ть") && w.chars().count() > 3
}

fn is_adverb(word: &str) -> bool {
    const ADVERBS: [&str; 12] = [
        "активно",
        "совместно",
        "ежегодно",
        "незамедлительно",
        "своевременно",
        "регулярно",
        "также",
        "ещё",
        "еще",
        "более",
        "необходимо",
        "постоянно",
    ];
    let w = bare(word);
    ADVERBS.contains(&w.as_str()) || (w.ends_with("ее") && w.chars().count() > 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addressees_after_the_verb_of_recommending() {
        for (text, addressee) in [
            (
                "Рекомендовать главе Мильковского сельского поселения согласиться с проектом",
                Some("Главе Мильковского сельского поселения"),
            ),
            ("Рекомендовать администрации поселка Мотыгино принять изменение", Some("Администрации поселка Мотыгино")),
            (
                "Предложить Правительству Амурской области предусмотреть средства",
                Some("Правительству Амурской области"),
            ),
            ("Рекомендовать утвердить проект", None),
            ("Одобрить проект решения", None),
        ] {
            assert_eq!(implied_addressee(text).as_deref(), addressee, "{text}");
        }
    }
}
