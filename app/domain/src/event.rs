//! Events (seminars, round tables, conferences, hearings) and the categories of their participants.

use crate::date::Date;
use crate::text::{self, FieldError};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Seminar,
    RoundTable,
    Conference,
    PublicHearing,
    Forum,
    Meeting,
    /// Общественные обсуждения.
    PublicDiscussion,
    ParliamentaryHearing,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 9] = [
        EventKind::Seminar,
        EventKind::RoundTable,
        EventKind::Conference,
        EventKind::PublicHearing,
        EventKind::Forum,
        EventKind::Meeting,
        EventKind::PublicDiscussion,
        EventKind::ParliamentaryHearing,
        EventKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::Seminar => "seminar",
            EventKind::RoundTable => "round_table",
            EventKind::Conference => "conference",
            EventKind::PublicHearing => "public_hearing",
            EventKind::Forum => "forum",
            EventKind::Meeting => "meeting",
            EventKind::PublicDiscussion => "public_discussion",
            EventKind::ParliamentaryHearing => "parliamentary_hearing",
            EventKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The genitive the genre uses after the document kind: «РЕКОМЕНДАЦИИ семинара …».
    pub fn genitive(self) -> &'static str {
        match self {
            EventKind::Seminar => "семинара",
            EventKind::RoundTable => "круглого стола",
            EventKind::Conference => "конференции",
            EventKind::PublicHearing => "публичных слушаний",
            EventKind::Forum => "форума",
            EventKind::Meeting => "совещания",
            EventKind::PublicDiscussion => "общественных обсуждений",
            EventKind::ParliamentaryHearing => "парламентских слушаний",
            EventKind::Other => "мероприятия",
        }
    }

    /// Word stems that name each kind in any case («публичных слушаний», «Публичные слушания»,
    /// «Международного молодёжного форума»); the more specific first.
    const CUES: [(&'static str, EventKind); 13] = [
        ("парламентск", EventKind::ParliamentaryHearing),
        ("публичн", EventKind::PublicHearing),
        ("общественных обсуждени", EventKind::PublicDiscussion),
        ("общественные обсуждени", EventKind::PublicDiscussion),
        ("круглого стола", EventKind::RoundTable),
        ("круглый стол", EventKind::RoundTable),
        ("семинар", EventKind::Seminar),
        ("конференци", EventKind::Conference),
        ("форум", EventKind::Forum),
        ("совещани", EventKind::Meeting),
        ("заседани", EventKind::Meeting),
        ("собрани", EventKind::Meeting),
        ("сход", EventKind::Meeting),
    ];

    /// The kind of event a phrase names, wherever in it («Международного молодёжного форума …»). The stem
    /// must start a word, and «публичн» needs «слушани» after it.
    pub fn named_in(phrase: &str) -> Option<EventKind> {
        let lower = phrase.to_lowercase();
        let starts_word = |at: usize| lower[..at].chars().next_back().is_none_or(|c| !c.is_alphabetic());
        let fits = |kind: EventKind, at: usize| match kind {
            EventKind::PublicHearing | EventKind::ParliamentaryHearing => {
                lower[at..].split_whitespace().nth(1).is_some_and(|w| w.starts_with("слушани"))
            }
            _ => true,
        };
        EventKind::CUES.into_iter().find_map(|(cue, kind)| {
            lower.match_indices(cue).map(|(at, _)| at).any(|at| starts_word(at) && fits(kind, at)).then_some(kind)
        })
    }
}

/// Categories of participants, as DESIGN's people section lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantCategory {
    StateBody,
    MunicipalAuthority,
    MunicipalInstitution,
    Ngo,
    Business,
    ScienceEducation,
    Guest,
    Other,
}

impl ParticipantCategory {
    pub const ALL: [ParticipantCategory; 8] = [
        ParticipantCategory::StateBody,
        ParticipantCategory::MunicipalAuthority,
        ParticipantCategory::MunicipalInstitution,
        ParticipantCategory::Ngo,
        ParticipantCategory::Business,
        ParticipantCategory::ScienceEducation,
        ParticipantCategory::Guest,
        ParticipantCategory::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ParticipantCategory::StateBody => "state_body",
            ParticipantCategory::MunicipalAuthority => "municipal_authority",
            ParticipantCategory::MunicipalInstitution => "municipal_institution",
            ParticipantCategory::Ngo => "ngo",
            ParticipantCategory::Business => "business",
            ParticipantCategory::ScienceEducation => "science_education",
            ParticipantCategory::Guest => "guest",
            ParticipantCategory::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<ParticipantCategory> {
        ParticipantCategory::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The genitive plural the statistics paragraph uses: «представителей органов государственной власти 1».
    pub fn statistics_phrase(self) -> &'static str {
        match self {
            ParticipantCategory::StateBody => "представителей органов государственной власти",
            ParticipantCategory::MunicipalAuthority => "муниципальной власти",
            ParticipantCategory::MunicipalInstitution => "муниципальных учреждений",
            ParticipantCategory::Ngo => "некоммерческих и общественных организаций",
            ParticipantCategory::Business => "бизнеса",
            ParticipantCategory::ScienceEducation => "науки и образования",
            ParticipantCategory::Guest => "гостей",
            ParticipantCategory::Other => "других участников",
        }
    }
}

/// Limits shared by the forms, the server and the store's asserts.
pub const TITLE_MAX: usize = 300;
pub const CITY_MAX: usize = 100;
pub const ORGANISER_MAX: usize = 300;
pub const DESCRIPTION_MAX: usize = 5000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    pub title: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub city: String,
    pub organiser: String,
    pub description: String,
}

impl Event {
    /// Checks every field; the first problem found is returned with the field it concerns.
    pub fn validate(&self) -> Result<(), FieldError> {
        text::required("title", &self.title, TITLE_MAX)?;
        text::optional("city", &self.city, CITY_MAX)?;
        text::optional("organiser", &self.organiser, ORGANISER_MAX)?;
        text::optional("description", &self.description, DESCRIPTION_MAX)?;
        if let Some(end) = self.ends_on {
            if end < self.starts_on {
                return Err(FieldError::new("ends_on", crate::text::Problem::EndsBeforeStart));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_codes_and_genitives() {
        for kind in EventKind::ALL.into_iter().filter(|k| *k != EventKind::Other) {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
            assert_eq!(EventKind::named_in(&format!("{} по теме", kind.genitive())), Some(kind));
        }
        assert_eq!(EventKind::named_in("О публичной власти и публичных слушаниях"), Some(EventKind::PublicHearing));
        for (phrase, kind) in [
            ("Международного молодёжного форума", Some(EventKind::Forum)),
            ("парламентских слушаний на тему", Some(EventKind::ParliamentaryHearing)),
            ("о результатах публичных слушаний по проекту", Some(EventKind::PublicHearing)),
            ("Публичные слушания назначены", Some(EventKind::PublicHearing)),
            ("общественных обсуждений", Some(EventKind::PublicDiscussion)),
            ("публичной власти", None),
            ("Обеспечить переход", None),
        ] {
            assert_eq!(EventKind::named_in(phrase), kind, "{phrase}");
        }
    }

    #[test]
    fn category_codes_match_their_serde_names() {
        for c in ParticipantCategory::ALL {
            assert_eq!(ParticipantCategory::from_code(c.code()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
    }

    #[test]
    fn validation_names_the_field() {
        let mut event = Event {
            kind: EventKind::Seminar,
            title: "  ".into(),
            starts_on: Date::new(2021, 1, 27).unwrap(),
            ends_on: None,
            city: "Благовещенск".into(),
            organiser: String::new(),
            description: String::new(),
        };
        assert_eq!(event.validate().unwrap_err().field, "title");
        event.title = "Семинар".into();
        assert!(event.validate().is_ok());
        event.ends_on = Date::new(2021, 1, 26);
        assert_eq!(event.validate().unwrap_err().field, "ends_on");
        event.ends_on = None;
        event.city = "ы".repeat(CITY_MAX + 1);
        assert_eq!(event.validate().unwrap_err().field, "city");
    }
}
