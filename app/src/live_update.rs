//! What the server announces about a document on its event stream (`/documents/{id}/events`): only what
//! changed, never the content; a page fetches the rest through server functions, which check permissions.

/// One announcement, sent as its word in an event's `data`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveUpdate {
    Comments,
    /// An amendment was proposed or decided: a decided one also changed the text.
    Amendments,
    /// The document moved to another stage: the page reloads, as its editor or reading view depends on it.
    Stage,
    /// A vote was cast or a ballot opened or closed.
    Ballots,
    /// Someone typed in a draft (at most once a second a room, `rooms::room`): a page showing it as read, not
    /// in the live editor, fetches it again.
    Text,
    /// The page missed some announcements and fetches everything again.
    Everything,
}

impl LiveUpdate {
    pub const ALL: [LiveUpdate; 6] = [
        LiveUpdate::Comments,
        LiveUpdate::Amendments,
        LiveUpdate::Stage,
        LiveUpdate::Ballots,
        LiveUpdate::Text,
        LiveUpdate::Everything,
    ];

    pub fn word(self) -> &'static str {
        match self {
            LiveUpdate::Comments => "comments",
            LiveUpdate::Amendments => "amendments",
            LiveUpdate::Stage => "stage",
            LiveUpdate::Ballots => "ballots",
            LiveUpdate::Text => "text",
            LiveUpdate::Everything => "all",
        }
    }

    pub fn from_word(word: &str) -> Option<LiveUpdate> {
        LiveUpdate::ALL.into_iter().find(|u| u.word() == word)
    }

    /// Does the page fetch the ballots again?
    pub fn touches_ballots(self) -> bool {
        matches!(self, LiveUpdate::Ballots | LiveUpdate::Everything)
    }

    /// Does the page fetch the discussion again?
    pub fn touches_discussion(self) -> bool {
        matches!(self, LiveUpdate::Comments | LiveUpdate::Amendments | LiveUpdate::Everything)
    }

    /// Does the page fetch the text again (an accepted amendment changed it)?
    pub fn touches_text(self) -> bool {
        matches!(self, LiveUpdate::Amendments | LiveUpdate::Everything)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_update_reads_back_from_its_word() {
        for update in LiveUpdate::ALL {
            assert_eq!(LiveUpdate::from_word(update.word()), Some(update));
        }
        assert_eq!(LiveUpdate::from_word("nonsense"), None);
    }
}
