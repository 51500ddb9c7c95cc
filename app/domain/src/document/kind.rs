//! What a document is (резолюция, протокол, заключение …) and what each of its sections is.

use crate::event::EventKind;
use serde::{Deserialize, Serialize};

/// The kinds of the genre's family. The printed heading stays as its authors wrote it (`Header::doc_kind`);
/// this is what the heading means, and what a new document of the kind starts with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Resolution,
    Recommendations,
    Decision,
    FinalDocument,
    /// Заключение о результатах публичных слушаний.
    Conclusion,
    Protocol,
    #[default]
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 7] = [
        DocumentKind::Resolution,
        DocumentKind::Recommendations,
        DocumentKind::Decision,
        DocumentKind::FinalDocument,
        DocumentKind::Conclusion,
        DocumentKind::Protocol,
        DocumentKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Resolution => "resolution",
            DocumentKind::Recommendations => "recommendations",
            DocumentKind::Decision => "decision",
            DocumentKind::FinalDocument => "final_document",
            DocumentKind::Conclusion => "conclusion",
            DocumentKind::Protocol => "protocol",
            DocumentKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The heading a new document of this kind is printed with.
    pub fn heading(self) -> &'static str {
        match self {
            DocumentKind::Resolution => "РЕЗОЛЮЦИЯ",
            DocumentKind::Recommendations => "РЕКОМЕНДАЦИИ",
            DocumentKind::Decision => "РЕШЕНИЕ",
            DocumentKind::FinalDocument => "ИТОГОВЫЙ ДОКУМЕНТ",
            DocumentKind::Conclusion => "ЗАКЛЮЧЕНИЕ",
            DocumentKind::Protocol => "ПРОТОКОЛ",
            DocumentKind::Other => "",
        }
    }

    /// The words that name the kind at the start of a heading, lower case; a longer phrase stands before any
    /// shorter one it starts with.
    const WORDS: [(&'static str, DocumentKind); 10] = [
        ("итоговый документ", DocumentKind::FinalDocument),
        ("проект итоговой резолюции", DocumentKind::Resolution),
        ("итоговая резолюция", DocumentKind::Resolution),
        ("проект резолюции", DocumentKind::Resolution),
        ("резолюция", DocumentKind::Resolution),
        ("рекомендации", DocumentKind::Recommendations),
        ("решение", DocumentKind::Decision),
        ("заключение", DocumentKind::Conclusion),
        ("протокол", DocumentKind::Protocol),
        ("выписка из протокола", DocumentKind::Protocol),
    ];

    /// The kind a heading opens with, and how many bytes of `line` its words take: «ПРОТОКОЛ № 3» →
    /// (Protocol, 16). The kind words must be whole words («Решением» is not «Решение»).
    pub fn opening(line: &str) -> Option<(DocumentKind, usize)> {
        let lower = crate::text::lowercase_in_place(line)?;
        DocumentKind::WORDS.into_iter().find_map(|(words, kind)| {
            let rest = lower.strip_prefix(words)?;
            rest.chars().next().is_none_or(|c| !c.is_alphanumeric()).then_some((kind, words.len()))
        })
    }

    /// The section kinds a blank document of this kind starts with.
    pub fn blank_sections(self) -> &'static [SectionKind] {
        match self {
            DocumentKind::Protocol => {
                &[SectionKind::Agenda, SectionKind::Heard, SectionKind::Speeches, SectionKind::Decisions]
            }
            DocumentKind::Conclusion => &[SectionKind::Narrative, SectionKind::Table, SectionKind::Conclusions],
            DocumentKind::Decision => &[SectionKind::Decisions],
            _ => &[SectionKind::Findings, SectionKind::Problems, SectionKind::Recommendations],
        }
    }
}

/// How a section's items are laid out on the page and in the Markdown text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Paragraphs,
    Bullets,
    Numbers,
    /// A table: the section's columns, an item per row.
    Rows,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Narrative,
    Findings,
    Problems,
    Recommendations,
    /// ПОВЕСТКА ДНЯ.
    Agenda,
    /// СЛУШАЛИ: who reported on a question.
    Heard,
    /// ВЫСТУПИЛИ: who spoke and what they said.
    Speeches,
    /// РЕШИЛИ / ПОСТАНОВИЛИ, with the vote on them when the text records one.
    Decisions,
    /// «Выводы по результатам публичных слушаний:».
    Conclusions,
    /// A table, such as the proposals of a заключение (№, proposal, who made it, decision, reason).
    Table,
    /// «Председатель … / Секретарь …».
    Signatures,
    Other,
}

impl SectionKind {
    pub const ALL: [SectionKind; 12] = [
        SectionKind::Narrative,
        SectionKind::Findings,
        SectionKind::Problems,
        SectionKind::Recommendations,
        SectionKind::Agenda,
        SectionKind::Heard,
        SectionKind::Speeches,
        SectionKind::Decisions,
        SectionKind::Conclusions,
        SectionKind::Table,
        SectionKind::Signatures,
        SectionKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SectionKind::Narrative => "narrative",
            SectionKind::Findings => "findings",
            SectionKind::Problems => "problems",
            SectionKind::Recommendations => "recommendations",
            SectionKind::Agenda => "agenda",
            SectionKind::Heard => "heard",
            SectionKind::Speeches => "speeches",
            SectionKind::Decisions => "decisions",
            SectionKind::Conclusions => "conclusions",
            SectionKind::Table => "table",
            SectionKind::Signatures => "signatures",
            SectionKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn layout(self) -> Layout {
        match self {
            SectionKind::Narrative | SectionKind::Heard | SectionKind::Speeches | SectionKind::Signatures => {
                Layout::Paragraphs
            }
            SectionKind::Recommendations | SectionKind::Agenda | SectionKind::Decisions => Layout::Numbers,
            SectionKind::Table => Layout::Rows,
            SectionKind::Findings | SectionKind::Problems | SectionKind::Conclusions | SectionKind::Other => {
                Layout::Bullets
            }
        }
    }

    pub fn is_numbered(self) -> bool {
        self.layout() == Layout::Numbers
    }

    /// Items with a marker (numbered or bulleted).
    pub fn is_list(self) -> bool {
        matches!(self.layout(), Layout::Numbers | Layout::Bullets)
    }

    /// The lead-in is a heading of its own (a protocol's «СЛУШАЛИ:», «ПОВЕСТКА ДНЯ») rather than a sentence.
    pub fn heading_style(self) -> bool {
        matches!(
            self,
            SectionKind::Agenda
                | SectionKind::Heard
                | SectionKind::Speeches
                | SectionKind::Decisions
                | SectionKind::Conclusions
        )
    }

    /// A protocol's part takes the paragraphs after it as its items until the next part: plain text cannot
    /// tell a paragraph of «СЛУШАЛИ:» from narrative after it, so the importer reads it as the part's.
    pub fn takes_following_paragraphs(self) -> bool {
        self.heading_style()
    }

    /// Sections whose items say what somebody should do: they go to the registry, with addressees.
    pub fn recommends(self) -> bool {
        matches!(self, SectionKind::Recommendations | SectionKind::Decisions | SectionKind::Conclusions)
    }

    /// The lead-in a new section of this kind starts with.
    pub fn default_lead_in(self, event: Option<EventKind>) -> String {
        let who = match event {
            Some(kind) => format!("Участники {}", kind.genitive()),
            None => "Участники".to_string(),
        };
        match self {
            SectionKind::Findings => format!("{who} отметили:"),
            SectionKind::Problems => format!("{who} выявили ряд проблем:"),
            SectionKind::Recommendations => format!("{who} рекомендуют:"),
            SectionKind::Agenda => "ПОВЕСТКА ДНЯ:".to_string(),
            SectionKind::Heard => "СЛУШАЛИ:".to_string(),
            SectionKind::Speeches => "ВЫСТУПИЛИ:".to_string(),
            SectionKind::Decisions => "РЕШИЛИ:".to_string(),
            SectionKind::Conclusions => "Выводы:".to_string(),
            SectionKind::Narrative | SectionKind::Table | SectionKind::Signatures | SectionKind::Other => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for k in SectionKind::ALL {
            assert_eq!(SectionKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::from_code(k.code()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        }
    }

    #[test]
    fn headings_open_with_their_kind() {
        assert_eq!(DocumentKind::opening("ПРОТОКОЛ № 3"), Some((DocumentKind::Protocol, "ПРОТОКОЛ".len())));
        assert_eq!(
            DocumentKind::opening("Итоговый документ публичных слушаний").map(|k| k.0),
            Some(DocumentKind::FinalDocument)
        );
        assert_eq!(DocumentKind::opening("Решением Совета"), None);
        assert_eq!(DocumentKind::opening("Резолюция, принятая"), Some((DocumentKind::Resolution, "Резолюция".len())));
    }

    #[test]
    fn the_participants_of_each_event_recommend() {
        assert_eq!(
            SectionKind::Recommendations.default_lead_in(Some(EventKind::RoundTable)),
            "Участники круглого стола рекомендуют:"
        );
    }
}
