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
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::Seminar,
        EventKind::RoundTable,
        EventKind::Conference,
        EventKind::PublicHearing,
        EventKind::Forum,
        EventKind::Meeting,
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
            EventKind::Other => "мероприятия",
        }
    }

    /// Reads the kind from the line after the document kind («семинара по обмену опытом»).
    pub fn from_genitive_line(line: &str) -> Option<EventKind> {
        let lower = line.trim().to_lowercase();
        EventKind::ALL.into_iter().find(|k| lower.starts_with(k.genitive()))
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
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
            assert_eq!(EventKind::from_genitive_line(&format!("{} по теме", kind.genitive())), Some(kind));
        }
        assert_eq!(EventKind::from_genitive_line("семинара по обмену опытом"), Some(EventKind::Seminar));
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
