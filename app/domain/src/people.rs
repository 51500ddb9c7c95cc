//! People in an event: roles, participant profiles, e-mail addresses and passwords as they are accepted,
//! and the statistics the register of participants yields.

use crate::event::ParticipantCategory;
use crate::statistics::{CategoryCount, Statistics};
use crate::text::{self, FieldError, Problem};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Organiser,
    Delegate,
    Observer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Organiser, Role::Delegate, Role::Observer];

    pub fn code(self) -> &'static str {
        match self {
            Role::Organiser => "organiser",
            Role::Delegate => "delegate",
            Role::Observer => "observer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

pub const NAME_MAX: usize = 200;
pub const ORGANISATION_MAX: usize = 300;
pub const REGION_MAX: usize = 200;
pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// A participant's profile for one event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    pub organisation: String,
    pub category: ParticipantCategory,
    pub region: String,
    #[serde(default)]
    pub speaker: bool,
    #[serde(default)]
    pub discussion: bool,
    /// The participant agreed that their name appears on public pages (152-ФЗ).
    #[serde(default)]
    pub public_name: bool,
}

impl Profile {
    pub fn validate(&self) -> Result<(), FieldError> {
        text::required("full_name", &self.full_name, NAME_MAX)?;
        text::optional("organisation", &self.organisation, ORGANISATION_MAX)?;
        text::optional("region", &self.region, REGION_MAX)
    }
}

/// An e-mail address, trimmed and lower-cased; accepted when it has one `@` with text on both sides and a
/// dot in the domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(FieldError::new("email", Problem::Empty));
        }
        if email.chars().count() > EMAIL_MAX {
            return Err(FieldError::new("email", Problem::TooLong { max: EMAIL_MAX }));
        }
        let ok = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if ok {
            Ok(Email(email))
        } else {
            Err(FieldError::new("email", Problem::Unknown))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub fn check_password(field: &str, password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(FieldError::new(field, Problem::TooShort { min: PASSWORD_MIN }));
    }
    text::optional(field, password, PASSWORD_MAX)
}

/// The figures of the statistics paragraph, counted from the register: everyone, by category (in the
/// order DESIGN lists them), speakers and discussion participants. Questions are not in the register.
pub fn statistics_from<'a>(profiles: impl IntoIterator<Item = &'a Profile>) -> Statistics {
    let profiles: Vec<&Profile> = profiles.into_iter().collect();
    let count = |f: &dyn Fn(&Profile) -> bool| profiles.iter().filter(|p| f(p)).count() as u32;
    let categories = ParticipantCategory::ALL
        .into_iter()
        .map(|category| CategoryCount { category, count: count(&|p| p.category == category), note: String::new() })
        .filter(|c| c.count > 0)
        .collect();
    Statistics {
        total: Some(profiles.len() as u32),
        categories,
        speakers: Some(count(&|p| p.speaker)),
        discussion: Some(count(&|p| p.discussion)),
        questions: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ParticipantCategory::*;

    fn profile(category: ParticipantCategory, speaker: bool) -> Profile {
        Profile {
            full_name: "Иванова Анна".into(),
            organisation: String::new(),
            category,
            region: String::new(),
            speaker,
            discussion: !speaker,
            public_name: false,
        }
    }

    #[test]
    fn register_statistics_count_by_category_in_design_order() {
        let people = [profile(Guest, false), profile(StateBody, true), profile(Ngo, true), profile(Ngo, false)];
        let s = statistics_from(&people);
        assert_eq!(s.total, Some(4));
        let cats: Vec<_> = s.categories.iter().map(|c| (c.category, c.count)).collect();
        assert_eq!(cats, [(StateBody, 1), (Ngo, 2), (Guest, 1)]);
        assert_eq!((s.speakers, s.discussion, s.questions), (Some(2), Some(2), None));
        assert_eq!(s.category_sum(), 4);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Anna@Example.ORG ").unwrap().as_str(), "anna@example.org");
        for bad in ["", "anna", "anna@", "@example.org", "anna@example", "an na@example.org", "a@b@c.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_length_range() {
        assert!(check_password("password", "короткий").is_ok());
        assert_eq!(check_password("password", "1234567").unwrap_err().problem, Problem::TooShort { min: 8 });
        assert!(check_password("password", &"x".repeat(129)).is_err());
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }
}
