//! Participant statistics: the figures the genre reports, and the paragraph it reports them in.

use crate::event::{EventKind, ParticipantCategory};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub total: Option<u32>,
    pub categories: Vec<CategoryCount>,
    pub speakers: Option<u32>,
    pub discussion: Option<u32>,
    pub questions: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub category: ParticipantCategory,
    pub count: u32,
    /// What the text adds after the figure, such as «из Хабаровска и Биробиджана».
    #[serde(default)]
    pub note: String,
}

impl Statistics {
    pub fn is_empty(&self) -> bool {
        *self == Statistics::default()
    }

    pub fn category_sum(&self) -> u32 {
        self.categories.iter().map(|c| c.count).sum()
    }

    pub fn count(&self, category: ParticipantCategory) -> Option<u32> {
        self.categories.iter().find(|c| c.category == category).map(|c| c.count)
    }

    /// The statistics paragraph in the genre's words: «В семинаре приняли участие 25 человек, из них …».
    pub fn paragraph(&self, kind: EventKind) -> String {
        let mut sentences = Vec::new();
        if let Some(total) = self.total {
            let mut s = format!("В {} приняли участие {} {}", prepositional(kind), total, people(total));
            if !self.categories.is_empty() {
                let parts: Vec<String> = self
                    .categories
                    .iter()
                    .map(|c| {
                        let mut part = format!("{} {}", c.category.statistics_phrase(), c.count);
                        if !c.note.is_empty() {
                            part.push(' ');
                            part.push_str(&c.note);
                        }
                        part
                    })
                    .collect();
                s.push_str(", из них ");
                s.push_str(&join_with_and(&parts));
            }
            s.push('.');
            sentences.push(s);
        }
        if let Some(n) = self.speakers {
            sentences.push(format!("Выступило с докладами и презентациями {n} {}.", people(n)));
        }
        if let Some(n) = self.discussion {
            sentences.push(format!("В обсуждении приняло участие {n} {}.", people(n)));
        }
        if let Some(n) = self.questions {
            sentences.push(format!("Задано {n} {}.", questions(n)));
        }
        sentences.join(" ")
    }
}

fn prepositional(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Seminar => "семинаре",
        EventKind::RoundTable => "круглом столе",
        EventKind::Conference => "конференции",
        EventKind::PublicHearing => "публичных слушаниях",
        EventKind::Forum => "форуме",
        EventKind::Meeting => "совещании",
        EventKind::PublicDiscussion => "общественных обсуждениях",
        EventKind::ParliamentaryHearing => "парламентских слушаниях",
        EventKind::Other => "мероприятии",
    }
}

/// «человек» is the counted form after every number but those ending in 2–4 outside the teens («человека»).
fn people(n: u32) -> &'static str {
    if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        "человека"
    } else {
        "человек"
    }
}

fn questions(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=14) => "вопросов",
        (1, _) => "вопрос",
        (2..=4, _) => "вопроса",
        _ => "вопросов",
    }
}

fn join_with_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} и {}", init.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_uses_the_genre_wording() {
        let stats = Statistics {
            total: Some(25),
            categories: vec![
                CategoryCount { category: ParticipantCategory::StateBody, count: 1, note: String::new() },
                CategoryCount {
                    category: ParticipantCategory::Guest,
                    count: 2,
                    note: "из Хабаровска и Биробиджана".into(),
                },
            ],
            speakers: Some(13),
            discussion: Some(11),
            questions: Some(12),
        };
        assert_eq!(
            stats.paragraph(EventKind::Seminar),
            "В семинаре приняли участие 25 человек, из них представителей органов государственной власти 1 и \
             гостей 2 из Хабаровска и Биробиджана. Выступило с докладами и презентациями 13 человек. \
             В обсуждении приняло участие 11 человек. Задано 12 вопросов."
        );
    }

    #[test]
    fn counted_forms() {
        assert_eq!((people(2), people(12), people(22), people(25)), ("человека", "человек", "человека", "человек"));
        assert_eq!(
            (questions(1), questions(3), questions(11), questions(21)),
            ("вопрос", "вопроса", "вопросов", "вопрос")
        );
    }
}
