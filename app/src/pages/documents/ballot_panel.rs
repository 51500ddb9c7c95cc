//! The ballots beside a document in voting and after it: the panel and its five actions. Its body is HTML the
//! server writes (`ballot_markup`, fetched by `server_fns::ballots::ballots_html`), brought up to date in place
//! when it is fetched again (`components::morph`); its forms post without JavaScript too.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::morph::morphed;
use crate::components::server_form::{submit_forms, FormAction};
use crate::error::AppError;
use crate::fetched::Fetched;
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

#[component]
pub fn BallotPanel(ballots: Fetched<Result<Option<Html>, AppError>>, actions: BallotActions) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <Transition fallback=move || ()>
            {move || {
                Suspend::new(async move {
                    match ballots.await {
                        Ok(Some(html)) => view! {
                            <section class="ballots" aria-labelledby="ballots-title">
                                <h2 id="ballots-title">{t.ballots_title}</h2>
                                {actions.errors()}
                                <PanelBody html actions />
                            </section>
                        }
                        .into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn PanelBody(html: Html, actions: BallotActions) -> impl IntoView {
    let on_submit = submit_forms([
        actions.open.target(),
        actions.vote.target(),
        actions.mark.target(),
        actions.hands.target(),
        actions.close.target(),
    ]);
    morphed("ballots-body", move || html.markup(), on_submit, || ())
}
