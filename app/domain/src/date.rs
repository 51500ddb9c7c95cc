//! Calendar dates as the genre writes them, and the forms the importer reads.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date without time zone; serialised as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

pub const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// A valid date between 1900 and 2200, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// The day `days` days after 1 January 1970 (the civil calendar's days from the Unix epoch).
    pub fn from_unix_days(days: i64) -> Option<Date> {
        // Howard Hinnant's `civil_from_days`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, month, day)
    }

    /// `2021-01-27`, the form used in storage and in `<input type=date>`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// «27 января 2021 г.» with the non-breaking spaces the genre wants.
    pub fn russian(self) -> String {
        format!("{}\u{a0}{} {}\u{a0}г.", self.day, MONTHS_GENITIVE[self.month as usize - 1], self.year)
    }

    /// «27 January 2021».
    pub fn english(self) -> String {
        format!("{} {} {}", self.day, MONTHS_EN[self.month as usize - 1], self.year)
    }

    /// Finds a date written in one of the genre's forms anywhere in `line`:
    /// «27 января 2021 г.», «"24" ноября 2021 г.», «27.01.2021г.», «27.01.21».
    pub fn find_in(line: &str) -> Option<Date> {
        let words: Vec<&str> = line.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect();
        for (i, word) in words.iter().enumerate() {
            if let Some(date) = Self::numeric(word) {
                return Some(date);
            }
            let tail = word.rsplit(['-', '–', '—']).next().unwrap_or(word);
            let day_word = tail.trim_matches(|c: char| !c.is_ascii_digit());
            if day_word.is_empty() || day_word.len() > 2 || !word.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            // «26–27 января» names a range; its first day is taken by `find_range_in`.
            let Ok(day) = day_word.parse::<u8>() else { continue };
            let (Some(month_word), Some(year_word)) = (words.get(i + 1), words.get(i + 2)) else { continue };
            let month_word = month_word.to_lowercase();
            let Some(month) = MONTHS_GENITIVE.iter().position(|m| month_word.trim_end_matches([',', '.']) == *m) else {
                continue;
            };
            let year_digits: String = year_word.chars().take_while(|c| c.is_ascii_digit()).collect();
            if year_digits.len() != 4 {
                continue;
            }
            if let Some(date) = Date::new(year_digits.parse().ok()?, month as u8 + 1, day) {
                return Some(date);
            }
        }
        None
    }

    /// A range «26–27 января 2021 г.» or «26-27.01.2021»: the first and the last day.
    pub fn find_range_in(line: &str) -> Option<(Date, Option<Date>)> {
        let first = Self::find_in(line)?;
        let second_half = line.split_once(['—', '–']).or_else(|| line.split_once(" по ")).map(|(_, rest)| rest);
        if let Some(last) = second_half.and_then(Self::find_in) {
            if first < last {
                return Some((first, Some(last)));
            }
        }
        let end = first;
        let words: Vec<&str> = line.split_whitespace().collect();
        for w in words.windows(3) {
            let spaced_dash = matches!(w[1], "—" | "–" | "-") && w[2].starts_with(|c: char| c.is_ascii_digit());
            if let (true, Ok(first_day)) = (spaced_dash, w[0].parse::<u8>()) {
                if let Some(start) = Date::new(end.year, end.month, first_day).filter(|s| *s < end) {
                    return Some((start, Some(end)));
                }
            }
        }
        for word in line.split_whitespace() {
            let cleaned = word.trim_matches(|c: char| matches!(c, '"' | '«' | '»' | '(' | ')'));
            let Some((first, second)) = cleaned.split_once(['-', '–', '—']) else { continue };
            let (Ok(first_day), true) = (first.parse::<u8>(), second.starts_with(|c: char| c.is_ascii_digit())) else {
                continue;
            };
            if let Some(start) = Date::new(end.year, end.month, first_day) {
                if start < end {
                    return Some((start, Some(end)));
                }
            }
        }
        Some((end, None))
    }

    /// The bytes of `line` that write its first date (or range), with «от» or «с» before it and «г.» or
    /// «года» after: «Москва, 15 ноября 2022 года» → the span of «15 ноября 2022 года».
    pub fn find_span(line: &str) -> Option<(usize, usize)> {
        let words: Vec<(usize, &str)> =
            line.split_whitespace().map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w)).collect();
        let date_at = |i: usize| -> Option<usize> {
            let (_, word) = words.get(i)?;
            if Self::numeric(word).is_some() {
                return Some(i);
            }
            let joined: Vec<&str> = words[i..words.len().min(i + 3)].iter().map(|(_, w)| *w).collect();
            let head = word.trim_matches(|c: char| !c.is_ascii_digit());
            (joined.len() == 3
                && !head.is_empty()
                && head.chars().count() <= 5
                && Self::find_in(&joined.join(" ")).is_some()
                && Self::find_in(&joined[1..].join(" ")).is_none())
            .then_some(i + 2)
        };
        let suffix = |end: usize| {
            let next = words.get(end + 1).map(|(_, w)| w.trim_end_matches([',', ';', ')']));
            if matches!(next, Some("г." | "г" | "года" | "год" | "гг." | "года." | "г.,")) {
                end + 1
            } else {
                end
            }
        };
        let (start, end) = (0..words.len()).find_map(|i| date_at(i).map(|end| (i, end)))?;
        let mut end = suffix(end);
        if let Some((_, link)) = words.get(end + 1) {
            if matches!(*link, "—" | "–" | "-" | "по" | "до") {
                if let Some(last) = date_at(end + 2) {
                    end = suffix(last);
                }
            }
        }
        let is_day =
            |k: usize| words.get(k).is_some_and(|(_, w)| w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()));
        let start = match start.checked_sub(1).map(|k| words[k].1.to_lowercase()) {
            Some(w) if matches!(w.as_str(), "—" | "–" | "-") && start >= 2 && is_day(start - 2) => start - 2,
            _ => start,
        };
        let start = match start.checked_sub(1).map(|k| words[k].1.to_lowercase()) {
            Some(w) if w == "от" || w == "с" => start - 1,
            _ => start,
        };
        let (from, first) = words[start];
        let from = from + first.len() - first.trim_start_matches(['(', '[']).len();
        let (at, last) = words[end];
        let to = at + last.trim_end_matches([',', ';', ')']).len();
        Some((from, to))
    }

    fn numeric(word: &str) -> Option<Date> {
        // Brackets and quotes may open the word («(28.09.2019»), a letter may not: ««Љ»8.9.20» is no date.
        let start = word.find(|c: char| c.is_ascii_digit())?;
        if word[..start].chars().any(char::is_alphabetic) {
            return None;
        }
        let trimmed = word[start..].trim_end_matches(|c: char| !c.is_ascii_digit());
        // «28-30.09.2019»: the last day; `find_range_in` takes the first.
        let trimmed = trimmed.rsplit(['-', '–', '—']).next().unwrap_or(trimmed);
        let parts: Vec<&str> = trimmed.split('.').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
            return None;
        }
        let day = parts[0].parse().ok()?;
        let month = parts[1].parse().ok()?;
        let year: u16 = match parts[2].len() {
            4 => parts[2].parse().ok()?,
            2 => 2000 + parts[2].parse::<u16>().ok()?,
            _ => return None,
        };
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Option<Date> {
        Date::new(y, m, day)
    }

    #[test]
    fn reads_the_genre_forms() {
        assert_eq!(Date::find_in("27 января 2021 г."), d(2021, 1, 27));
        assert_eq!(Date::find_in("27.01.2021г."), d(2021, 1, 27));
        assert_eq!(Date::find_in("\"24\" ноября 2021 г."), d(2021, 11, 24));
        assert_eq!(Date::find_in("«24» ноября 2021 года"), d(2021, 11, 24));
        assert_eq!(Date::find_in("г. Благовещенск, 3 марта 2022 г."), d(2022, 3, 3));
        assert_eq!(Date::find_in("05.06.22"), d(2022, 6, 5));
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(Date::find_in("30 февраля 2021 г."), None);
        assert_eq!(Date::find_in("31.04.2021"), None);
        assert_eq!(Date::find_in("Задано 12 вопросов"), None);
        assert_eq!(Date::new(2024, 2, 29).map(|d| d.iso()), Some("2024-02-29".into()));
        assert_eq!(Date::new(2023, 2, 29), None);
    }

    #[test]
    fn reads_ranges() {
        let (start, end) = Date::find_range_in("26–27 января 2021 г.").unwrap();
        assert_eq!((Some(start), end), (d(2021, 1, 26), d(2021, 1, 27)));
        let (start, end) = Date::find_range_in("30 января 2021 г. — 2 февраля 2021 г.").unwrap();
        assert_eq!((Some(start), end), (d(2021, 1, 30), d(2021, 2, 2)));
        let (start, end) = Date::find_range_in("27 января 2021 г.").unwrap();
        assert_eq!((Some(start), end), (d(2021, 1, 27), None));
        let (start, end) = Date::find_range_in("26 – 27 мая 2022 г.").unwrap();
        assert_eq!((Some(start), end), (d(2022, 5, 26), d(2022, 5, 27)));
        let (start, end) = Date::find_range_in("(28-30.09.2019 г., София, Болгария)").unwrap();
        assert_eq!((Some(start), end), (d(2019, 9, 28), d(2019, 9, 30)));
        let (start, end) =
            Date::find_range_in("Сроки проведения публичных слушаний с 11.12.2020 по 29.01.2021").unwrap();
        assert_eq!((Some(start), end), (d(2020, 12, 11), d(2021, 1, 29)));
    }

    #[test]
    fn spans_of_dates_in_their_lines() {
        let span = |l: &'static str| Date::find_span(l).map(|(a, b)| &l[a..b]);
        assert_eq!(span("Москва, 15 ноября 2022 года"), Some("15 ноября 2022 года"));
        assert_eq!(span("от 28.01.2021"), Some("от 28.01.2021"));
        assert_eq!(span("04 июля 2016 года город Серов"), Some("04 июля 2016 года"));
        assert_eq!(span("\"18\" января 2024 г. с. Бутырки"), Some("\"18\" января 2024 г."));
        assert_eq!(span("с 11.12.2020 по 29.01.2021"), Some("с 11.12.2020 по 29.01.2021"));
        assert_eq!(span("26 – 27 мая 2022 г., г. Тында"), Some("26 – 27 мая 2022 г."));
        assert_eq!(span("(28-30.09.2019 г., София, Болгария)"), Some("28-30.09.2019 г."));
        assert_eq!(span("Задано 12 вопросов"), None);
        assert_eq!(span("«28.01.2021»"), Some("«28.01.2021»"));
        // A word a letter opens is no date (found by fuzzing the Markdown round trip).
        assert_eq!(span(") «Љ»8.9.20"), None);
        assert_eq!(span("№28.01.2021"), Some("№28.01.2021"));
    }

    #[test]
    fn days_from_the_epoch() {
        assert_eq!(Date::from_unix_days(0), d(1970, 1, 1));
        assert_eq!(Date::from_unix_days(18_654), d(2021, 1, 27));
        assert_eq!(Date::from_unix_days(20_787), d(2026, 11, 30));
    }

    #[test]
    fn writes_russian_with_nbsp() {
        assert_eq!(d(2021, 1, 27).unwrap().russian(), "27\u{a0}января 2021\u{a0}г.");
        assert_eq!(serde_json::to_string(&d(2021, 1, 27)).unwrap(), "\"2021-01-27\"");
    }
}
