//! The ballots beside a document in voting and after it: the frozen version and its SHA-256, the form an
//! organiser opens a ballot with, and for each ballot its rules, the voting buttons, the tally (live or
//! at closing), the roll of who is in the room with the show of hands, and the result. Every form is a
//! `ServerForm`, so voting works without JavaScript too.

use crate::components::error_notice::{action_error, ErrorNotice};
use crate::components::result_chart::ResultChart;
use crate::components::server_form::{FormAction, ServerForm};
use crate::error::AppError;
use crate::fetched::Fetched;
use crate::i18n::{category, use_lang, Texts};
use crate::ids::DocumentId;
use crate::model::{BallotView, BallotsPanel, ItemChoice, MyVote, ResultView, RollLine};
use crate::server_fns::ballots::{CastVote, CloseBallot, MarkPresent, OpenBallot, RecordHands};
use accord_domain::ballot::{Choice, Majority, Outcome, Subject, Tally};
use accord_domain::State;
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

pub fn choice_label(t: &Texts, c: Choice) -> &'static str {
    match c {
        Choice::For => t.choice_for,
        Choice::Against => t.choice_against,
        Choice::Abstain => t.choice_abstain,
    }
}

fn majority_label(t: &Texts, m: Majority) -> &'static str {
    match m {
        Majority::OfCast => t.majority_of_cast,
        Majority::OfAll => t.majority_of_all,
        Majority::TwoThirdsOfCast => t.majority_two_thirds,
    }
}

fn subject_label(t: &Texts, s: Subject) -> &'static str {
    match s {
        Subject::Document => t.subject_document,
        Subject::Item => t.subject_item,
        Subject::Amendment => t.subject_amendment,
    }
}

#[component]
pub fn BallotPanel(
    doc_id: DocumentId,
    ballots: Fetched<Result<Option<BallotsPanel>, AppError>>,
    actions: BallotActions,
) -> impl IntoView {
    let t = use_lang().texts();
    view! {
        <Transition fallback=move || ()>
            {move || {
                let doc_id = doc_id.clone();
                Suspend::new(async move {
                    match ballots.await {
                        Ok(Some(p)) => view! {
                            <section class="ballots" aria-labelledby="ballots-title">
                                <h2 id="ballots-title">{t.ballots_title}</h2>
                                {actions.errors()}
                                <PanelBody p doc_id actions />
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
fn PanelBody(p: BallotsPanel, doc_id: DocumentId, actions: BallotActions) -> impl IntoView {
    let t = use_lang().texts();
    let versions = p
        .versions
        .iter()
        .map(|v| {
            view! {
                <p class="version">
                    {t.version_word} " " {v.number} " · SHA-256 " <code class="sha256">{v.sha256.clone()}</code>
                    " · " <a rel="external" href=format!("/documents/{doc_id}/versions/{}", v.number)>{t.canonical_text}</a>
                    <span class="muted">" · " {t.frozen_by_word} " " {v.frozen_by.clone()}</span>
                </p>
            }
        })
        .collect_view();
    let none = p.ballots.is_empty().then(|| view! { <p class="muted">{t.no_ballots}</p> });
    let named_closed = p.ballots.iter().any(|b| !b.open && !b.rules.secret);
    let csv = named_closed.then(|| {
        view! { <p><a rel="external" download href=format!("/documents/{doc_id}/ballots.csv")>{t.named_votes_csv}</a></p> }
    });
    let open_form = (p.can_run && p.state == State::Voting)
        .then(|| view! { <OpenBallotForm doc_id=doc_id.clone() items=p.items.clone() amendments=p.amendments.clone() actions /> });
    let cards = p.ballots.into_iter().rev().map(|b| view! { <BallotCard b actions /> }).collect_view();
    view! {
        {versions}
        {open_form}
        {none}
        <div class="ballot-list">{cards}</div>
        {csv}
    }
}

#[component]
fn OpenBallotForm(
    doc_id: DocumentId,
    items: Vec<ItemChoice>,
    amendments: Vec<ItemChoice>,
    actions: BallotActions,
) -> impl IntoView {
    let t = use_lang().texts();
    let options = |list: &[ItemChoice]| {
        list.iter().map(|c| view! { <option value=c.id.clone()>{c.label.clone()}</option> }).collect_view()
    };
    let has_amendments = !amendments.is_empty();
    view! {
        <details class="open-ballot">
            <summary>{t.open_ballot}</summary>
            <ServerForm action=actions.open attr:class="stack">
                <input type="hidden" name="id" value=doc_id />
                <label>{t.ballot_subject}
                    <select name="subject">
                        <option value="document">{t.subject_document}</option>
                        <option value="item">{t.subject_item}</option>
                        {has_amendments.then(|| view! { <option value="amendment">{t.subject_amendment}</option> })}
                    </select>
                </label>
                <label>{t.subject_item}
                    <select name="item">{options(&items)}</select>
                </label>
                {has_amendments.then(|| view! {
                    <label>{t.subject_amendment}
                        <select name="amendment">{options(&amendments)}</select>
                    </label>
                })}
                <label class="check"><input type="checkbox" name="secret" value="on" />{t.secret_ballot}</label>
                <label>{t.quorum}
                    <input type="number" name="quorum" min="0" max="100" value="50" required />
                </label>
                <label>{t.majority}
                    <select name="majority">
                        {Majority::ALL.into_iter().map(|m| view! { <option value=m.code()>{majority_label(t, m)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="revote" value="on" />{t.revote_allowed}</label>
                <label class="check"><input type="checkbox" name="live" value="on" checked />{t.live_tally}</label>
                <label>{t.closes_in}
                    <input type="number" name="minutes" min="1" max="10080" />
                </label>
                <button type="submit">{t.open_ballot}</button>
            </ServerForm>
        </details>
    }
}

fn tally_view(t: &'static Texts, tally: &Tally) -> impl IntoView {
    view! {
        <dl class="tally">
            <div class="for"><dt>{t.choice_for}</dt><dd>{tally.in_favour}</dd></div>
            <div class="against"><dt>{t.choice_against}</dt><dd>{tally.against}</dd></div>
            <div class="abstain"><dt>{t.choice_abstain}</dt><dd>{tally.abstained}</dd></div>
        </dl>
    }
}

#[component]
fn BallotCard(b: BallotView, actions: BallotActions) -> impl IntoView {
    let t = use_lang().texts();
    let status = if b.open { t.ballot_running } else { t.ballot_closed };
    let kind = if b.rules.secret { t.secret_ballot } else { t.named_ballot };
    let deadline = b.closes_in_minutes.map(|m| {
        view! { <p class="deadline">{t.closes_in_left} " " <time datetime=b.closes_at.clone().unwrap_or_default()>{m} " " {t.minutes_short}</time></p> }
    });
    let tally = match &b.tally {
        Some(tally) => tally_view(t, tally).into_any(),
        None => view! { <p class="muted tally-hidden">{t.tally_hidden}</p> }.into_any(),
    };
    let mine = b.my_vote.map(|v| match v {
        MyVote::Named(c) => {
            view! { <p class="my-vote">{t.you_voted} " " <strong>{choice_label(t, c)}</strong></p> }.into_any()
        }
        MyVote::Secret => view! { <p class="my-vote">{t.you_voted_secret}</p> }.into_any(),
        MyVote::Room => view! { <p class="my-vote">{t.you_in_room}</p> }.into_any(),
    });
    let voting = b.can_vote.then(|| {
        let id = b.id.clone();
        let buttons = Choice::ALL
            .into_iter()
            .map(|c| {
                let id = id.clone();
                view! {
                    <ServerForm action=actions.vote attr:class="inline">
                        <input type="hidden" name="ballot" value=id />
                        <input type="hidden" name="choice" value=c.code() />
                        <button type="submit" class=format!("vote vote-{}", c.code())>{choice_label(t, c)}</button>
                    </ServerForm>
                }
            })
            .collect_view();
        let lead = matches!(b.my_vote, Some(MyVote::Named(_))).then_some(t.change_vote);
        view! { <div class="vote-buttons">{lead.map(|l| view! { <span>{l}</span> })}{buttons}</div> }
    });
    let named = (!b.named.is_empty()).then(|| {
        let rows = b
            .named
            .iter()
            .map(|n| {
                let choice = n.choice.map_or(t.in_room_hand, |c| choice_label(t, c));
                view! { <tr><td>{n.name.clone()}</td><td>{choice}</td></tr> }
            })
            .collect_view();
        view! {
            <details class="named-votes">
                <summary>{t.who_voted}</summary>
                <table><tbody>{rows}</tbody></table>
            </details>
        }
    });
    let room = (!b.roll.is_empty()).then(|| view! { <RoomControls b=b.clone() actions /> });
    let close = (b.open && !b.roll.is_empty()).then(|| {
        view! {
            <ServerForm action=actions.close attr:class="inline">
                <input type="hidden" name="ballot" value=b.id.clone() />
                <button type="submit" class="close-ballot">{t.close_ballot}</button>
            </ServerForm>
        }
    });
    let result = b.result.clone().map(|r| view! { <ResultBlock r quorum=b.rules.quorum number=b.number /> });
    view! {
        <article class=if b.open { "ballot open" } else { "ballot closed" } data-ballot=b.number>
            <h3>
                {t.ballot_no} {b.number} " — " {subject_label(t, b.subject)}
                " " <span class="badge">{status}</span>
            </h3>
            <p class="subject-text">{b.subject_text.clone()}</p>
            <p class="rules muted">
                {kind} " · " {t.version_word} " " {b.version} " · " {t.quorum_short} " " {b.rules.quorum} "\u{a0}% · "
                {majority_label(t, b.rules.majority)}
            </p>
            {deadline}
            <p class="turnout">{t.took_part} ": " <span class="took-part">{b.took_part}</span> " " {t.of_word} " " {b.eligible}</p>
            {tally}
            {b.hands.map(|h| view! { <p class="muted">{t.hands_recorded} ": " {h.in_favour} " / " {h.against} " / " {h.abstained}</p> })}
            {mine}
            {voting}
            {named}
            {room}
            {close}
            {result}
        </article>
    }
}

#[component]
fn RoomControls(b: BallotView, actions: BallotActions) -> impl IntoView {
    let t = use_lang().texts();
    let id = b.id.clone();
    let marking = b.hands.is_none();
    let line = move |r: RollLine| {
        let id = id.clone();
        let action = match r.via.as_str() {
            "online" => view! { <span class="muted">{t.voted_online}</span> }.into_any(),
            "room" if marking => view! {
                <ServerForm action=actions.mark attr:class="inline">
                    <input type="hidden" name="ballot" value=id />
                    <input type="hidden" name="user" value=r.user.clone() />
                    <input type="hidden" name="present" value="no" />
                    <button type="submit" class="secondary">{t.unmark_present}</button>
                </ServerForm>
            }
            .into_any(),
            "room" => view! { <span>{t.in_room_hand}</span> }.into_any(),
            _ if marking => view! {
                <ServerForm action=actions.mark attr:class="inline">
                    <input type="hidden" name="ballot" value=id />
                    <input type="hidden" name="user" value=r.user.clone() />
                    <button type="submit" class="secondary">{t.mark_present}</button>
                </ServerForm>
            }
            .into_any(),
            _ => ().into_any(),
        };
        view! { <li><span class="name">{r.name.clone()}</span> " " {action}</li> }
    };
    let roll = b.roll.iter().cloned().map(line).collect_view();
    let ballot_id = b.id.clone();
    let all = marking.then(|| {
        view! {
            <ServerForm action=actions.mark attr:class="inline">
                <input type="hidden" name="ballot" value=ballot_id />
                <button type="submit" class="secondary mark-all">{t.mark_all_present}</button>
            </ServerForm>
        }
    });
    let hands = (marking && b.present > 0).then(|| {
        view! {
            <ServerForm action=actions.hands attr:class="hands">
                <input type="hidden" name="ballot" value=b.id.clone() />
                <label>{t.choice_for}<input type="number" name="in_favour" min="0" max=b.present value="0" /></label>
                <label>{t.choice_against}<input type="number" name="against" min="0" max=b.present value="0" /></label>
                <label>{t.choice_abstain}<input type="number" name="abstained" min="0" max=b.present value="0" /></label>
                <button type="submit">{t.record_hands}</button>
            </ServerForm>
        }
    });
    view! {
        <details class="room">
            <summary>{t.in_room} " · " {t.present_count} ": " {b.present}</summary>
            {all}
            <ul class="roll">{roll}</ul>
            {hands}
        </details>
    }
}

#[component]
fn ResultBlock(r: ResultView, quorum: u8, number: u32) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let outcome = match r.outcome {
        Outcome::Adopted => t.outcome_adopted,
        Outcome::Rejected => t.outcome_rejected,
        Outcome::NoQuorum => t.quorum_missing,
    };
    let rows = r
        .breakdown
        .iter()
        .map(|l| {
            let tally = l.tally.map(|t| format!("{} / {} / {}", t.in_favour, t.against, t.abstained)).unwrap_or_default();
            view! {
                <tr><td>{category(lang, l.category)}</td><td>{l.eligible}</td><td>{l.took_part}</td><td>{tally}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class=format!("result outcome-{}", match r.outcome { Outcome::Adopted => "adopted", Outcome::Rejected => "rejected", Outcome::NoQuorum => "no-quorum" })>
            <p class="outcome"><strong>{outcome}</strong>
                {r.quorum_met.then(|| view! { " · " {t.quorum_met} })}
            </p>
            <p class="vote-line">{r.line.clone()}</p>
            <ResultChart r=r.clone() quorum number />
            <table class="breakdown">
                <caption>{t.breakdown}</caption>
                <thead><tr>
                    <th scope="col">{t.category}</th>
                    <th scope="col">{t.eligible_word}</th>
                    <th scope="col">{t.took_part}</th>
                    <th scope="col">{t.choice_for} " / " {t.choice_against} " / " {t.choice_abstain}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
