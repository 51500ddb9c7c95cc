//! What a room remembers of the editing since its last journal entry: the text as it stood then, who has
//! changed it since, and when. A stretch closes after a quiet minute, after ten minutes at most, when the
//! text stops being editable, when the room unloads, when someone opens the history, or, with other servers on
//! the same store, before their edits come in (each server's journal names only its own connections' authors).

use accord_domain::journal::{changes, Change};
use accord_domain::Document;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const QUIET: Duration = Duration::from_secs(60);
const LONGEST: Duration = Duration::from_secs(600);

pub(super) struct Journal {
    base: Document,
    authors: BTreeSet<String>,
    /// When the open stretch began and last changed the text; none while nobody edits.
    open: Option<(Instant, Instant)>,
}

/// A closed stretch, for the writer to store.
#[derive(Debug)]
pub(super) struct Entry {
    pub authors: Vec<String>,
    pub started: Instant,
    pub ended: Instant,
    pub changes: Vec<Change>,
}

impl Journal {
    pub fn new(base: Document) -> Journal {
        Journal { base, authors: BTreeSet::new(), open: None }
    }

    /// A batch changed the text; `authors` are the users whose edits were in it.
    pub fn touch(&mut self, authors: impl IntoIterator<Item = String>, now: Instant) {
        self.authors.extend(authors);
        let started = self.open.map_or(now, |(s, _)| s);
        self.open = Some((started, now));
    }

    /// When the open stretch is to close.
    pub fn due(&self) -> Option<Instant> {
        self.open.map(|(started, last)| (last + QUIET).min(started + LONGEST))
    }

    /// The text changed by edits made on another server, with no stretch open here: what this server's next
    /// stretch is measured from.
    pub fn rebase(&mut self, now: Document) {
        debug_assert!(self.open.is_none(), "a stretch is closed before another server's edits come in");
        self.base = now;
    }

    /// Ends the open stretch at `now`, the text as it stands; nothing if nobody edited or the edits cancelled out.
    pub fn close(&mut self, now: &Document) -> Option<Entry> {
        let (started, ended) = self.open.take()?;
        let found = changes(&self.base, now);
        self.base = now.clone();
        let authors = std::mem::take(&mut self.authors).into_iter().collect();
        (!found.is_empty()).then_some(Entry { authors, started, ended, changes: found })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_gathers_its_authors_and_closes_when_quiet_or_long() {
        let before = Document::default();
        let mut after = before.clone();
        after.header.title = "Новое название".into();
        let mut journal = Journal::new(before);
        assert!(journal.due().is_none());
        let t0 = Instant::now();
        journal.touch(["anna".to_string()], t0);
        journal.touch(["boris".to_string(), "anna".to_string()], t0 + Duration::from_secs(30));
        assert_eq!(journal.due(), Some(t0 + Duration::from_secs(90)));
        for minute in 1..12 {
            journal.touch([], t0 + Duration::from_secs(60 * minute));
        }
        assert_eq!(journal.due(), Some(t0 + LONGEST), "ten minutes at most");
        let entry = journal.close(&after).unwrap();
        assert_eq!(entry.authors, ["anna", "boris"]);
        assert_eq!((entry.started, entry.ended), (t0, t0 + Duration::from_secs(660)));
        assert_eq!(entry.changes.len(), 1);
        assert!(journal.due().is_none() && journal.close(&after).is_none(), "closed once");
        journal.touch(["anna".to_string()], t0);
        assert!(journal.close(&after).is_none(), "no entry for edits that changed nothing in the end");
    }
}
