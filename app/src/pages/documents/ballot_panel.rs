//! The ballots beside a document in voting and after it: the panel and its five actions. Its body is HTML the
//! server writes (`ballot_markup`, with the workspace's other parts: `server_fns::workspace`), brought up to
//! date in place when it is fetched again (`components::morph`); its forms post without JavaScript too.

use crate::components::error_notice::action_error;
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction};
use crate::i18n::use_lang;
use crate::model::Html;
use crate::server_fns::ballots::{CastVote, CloseBallot, MarkPresent, OpenBallot, RecordHands};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct BallotActions {
    pub open: FormAction<OpenBallot>,
    pub vote: FormAction<CastVote>,
    pub mark: FormAction<MarkPresent>,
    pub hands: FormAction<RecordHands>,
    pub close: FormAction<CloseBallot>,
}

impl BallotActions {
    pub fn new() -> BallotActions {
        BallotActions {
            open: FormAction::new(),
            vote: FormAction::new(),
            mark: FormAction::new(),
            hands: FormAction::new(),
            close: FormAction::new(),
        }
    }

    pub fn version(&self) -> usize {
        self.open.version().get()
            + self.vote.version().get()
            + self.mark.version().get()
            + self.hands.version().get()
            + self.close.version().get()
    }

    fn errors(&self) -> impl IntoView {
        view! {
            {action_error(self.open.value())}
            {action_error(self.vote.value())}
            {action_error(self.mark.value())}
            {action_error(self.hands.value())}
            {action_error(self.close.value())}
        }
    }
}

impl Default for BallotActions {
    fn default() -> Self {
        Self::new()
    }
}

/// The ballots' section while `ballots` holds their HTML (from voting on); the page fetches it again when a
/// form's post succeeds and when a vote is announced.
#[component]
pub fn BallotPanel(ballots: RwSignal<Option<Html>>, actions: BallotActions) -> impl IntoView {
    let t = use_lang().texts();
    let on_submit = submit_forms([
        actions.open.target(),
        actions.vote.target(),
        actions.mark.target(),
        actions.hands.target(),
        actions.close.target(),
    ]);
    ballots.with_untracked(Option::is_some).then(|| {
        view! {
            <section class="ballots" aria-labelledby="ballots-title">
                <h2 id="ballots-title">{t.ballots_title()}</h2>
                {actions.errors()}
                {morphed(
                    "ballots-body",
                    move || ballots.with(|b| b.as_ref().map(Html::markup).unwrap_or_default()),
                    on_submit,
                    || (),
                )}
            </section>
        }
    })
}
