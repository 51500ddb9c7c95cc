//! The ballots panel's body as HTML, written by the server (`server_fns::ballots::ballots_html`) from the
//! ballots it reads: the frozen versions and their SHA-256, the form an organiser opens a ballot with, and for
//! each ballot its rules, the voting buttons, the tally (live or at closing), the roll of who is in the room with
//! the show of hands, and the result. Plain forms to the server functions' URLs: they post without JavaScript,
//! and through the panel's actions once the page is hydrated (`ballot_panel`).

use crate::components::result_chart::result_chart;
use crate::i18n::{category, Lang, Texts};
use crate::ids::DocumentId;
use crate::model::{BallotView, BallotsPanel, ItemChoice, MyVote, ResultView};
use crate::server_fns::ballots::{CastVote, CloseBallot, MarkPresent, OpenBallot, RecordHands};
use accord_domain::ballot::{Choice, Majority, Outcome, Subject, Tally};
use accord_domain::State;
use maud::{html, Markup};
use server_fn::ServerFn;

pub fn choice_label(t: Texts, c: Choice) -> &'static str {
    match c {
        Choice::For => t.choice_for(),
        Choice::Against => t.choice_against(),
        Choice::Abstain => t.choice_abstain(),
    }
}

fn majority_label(t: Texts, m: Majority) -> &'static str {
    match m {
        Majority::OfCast => t.majority_of_cast(),
        Majority::OfAll => t.majority_of_all(),
        Majority::TwoThirdsOfCast => t.majority_two_thirds(),
    }
}

fn subject_label(t: Texts, s: Subject) -> &'static str {
    match s {
        Subject::Document => t.subject_document(),
        Subject::Item => t.subject_item(),
        Subject::Amendment => t.subject_amendment(),
    }
}

/// The panel's body: written by the server (`server_fns::ballots::ballots_html`), the browser holds none of it.
pub fn panel_markup(lang: Lang, p: &BallotsPanel, doc_id: &DocumentId) -> Markup {
    let t = lang.texts();
    let named_closed = p.ballots.iter().any(|b| !b.open && !b.rules.secret);
    html! {
        @for v in &p.versions {
            p.version {
                (t.version_word()) " " (v.number) " · SHA-256 " code.sha256 { (v.sha256) }
                " · " a rel="external" href={ "/documents/" (doc_id) "/versions/" (v.number) } { (t.canonical_text()) }
                span.muted { " · " (t.frozen_by_word()) " " (v.frozen_by) }
            }
        }
        @if p.can_run && p.state == State::Voting { (open_ballot_form(t, doc_id, &p.items, &p.amendments)) }
        @if p.ballots.is_empty() { p.muted { (t.no_ballots()) } }
        div.ballot-list { @for b in p.ballots.iter().rev() { (ballot_card(lang, b)) } }
        @if named_closed {
            p { a rel="external" download href={ "/documents/" (doc_id) "/ballots.csv" } { (t.named_votes_csv()) } }
        }
    }
}

fn open_ballot_form(t: Texts, doc_id: &DocumentId, items: &[ItemChoice], amendments: &[ItemChoice]) -> Markup {
    let options = |list: &[ItemChoice]| html! { @for c in list { option value=(c.id) { (c.label) } } };
    let has_amendments = !amendments.is_empty();
    html! {
        details.open-ballot {
            summary { (t.open_ballot()) }
            form.stack action=(OpenBallot::url()) method="post" {
                input type="hidden" name="id" value=(doc_id);
                label { (t.ballot_subject())
                    select name="subject" {
                        option value="document" { (t.subject_document()) }
                        option value="item" { (t.subject_item()) }
                        @if has_amendments { option value="amendment" { (t.subject_amendment()) } }
                    }
                }
                label { (t.subject_item()) select name="item" { (options(items)) } }
                @if has_amendments {
                    label { (t.subject_amendment()) select name="amendment" { (options(amendments)) } }
                }
                label.check { input type="checkbox" name="secret" value="on"; (t.secret_ballot()) }
                label { (t.quorum()) input type="number" name="quorum" min="0" max="100" value="50" required; }
                label { (t.majority())
                    select name="majority" {
                        @for m in Majority::ALL { option value=(m.code()) { (majority_label(t, m)) } }
                    }
                }
                label.check { input type="checkbox" name="revote" value="on"; (t.revote_allowed()) }
                label.check { input type="checkbox" name="live" value="on" checked; (t.live_tally()) }
                label { (t.closes_in()) input type="number" name="minutes" min="1" max="10080"; }
                button type="submit" { (t.open_ballot()) }
            }
        }
    }
}

fn tally_markup(t: Texts, tally: &Tally) -> Markup {
    html! {
        dl.tally {
            div.for { dt { (t.choice_for()) } dd { (tally.in_favour) } }
            div.against { dt { (t.choice_against()) } dd { (tally.against) } }
            div.abstain { dt { (t.choice_abstain()) } dd { (tally.abstained) } }
        }
    }
}

fn ballot_card(lang: Lang, b: &BallotView) -> Markup {
    let t = lang.texts();
    let status = if b.open { t.ballot_running() } else { t.ballot_closed() };
    let kind = if b.rules.secret { t.secret_ballot() } else { t.named_ballot() };
    html! {
        article class=(if b.open { "ballot open" } else { "ballot closed" }) data-ballot=(b.number) data-key=(b.id) {
            h3 { (t.ballot_no()) (b.number) " — " (subject_label(t, b.subject)) " " span.badge { (status) } }
            p.subject-text { (b.subject_text) }
            p.rules.muted {
                (kind) " · " (t.version_word()) " " (b.version) " · " (t.quorum_short()) " " (b.rules.quorum) "\u{a0}% · "
                (majority_label(t, b.rules.majority))
            }
            @if let Some(m) = b.closes_in_minutes {
                p.deadline {
                    (t.closes_in_left()) " "
                    time datetime=(b.closes_at.clone().unwrap_or_default()) { (m) " " (t.minutes_short()) }
                }
            }
            p.turnout { (t.took_part()) ": " span.took-part { (b.took_part) } " " (t.of_word()) " " (b.eligible) }
            @match &b.tally {
                Some(tally) => (tally_markup(t, tally)),
                None => p.muted.tally-hidden { (t.tally_hidden()) },
            }
            @if let Some(h) = b.hands {
                p.muted { (t.hands_recorded()) ": " (h.in_favour) " / " (h.against) " / " (h.abstained) }
            }
            @match b.my_vote {
                Some(MyVote::Named(c)) => p.my-vote { (t.you_voted()) " " strong { (choice_label(t, c)) } },
                Some(MyVote::Secret) => p.my-vote { (t.you_voted_secret()) },
                Some(MyVote::Room) => p.my-vote { (t.you_in_room()) },
                None => {},
            }
            @if b.can_vote {
                div.vote-buttons {
                    @if matches!(b.my_vote, Some(MyVote::Named(_))) { span { (t.change_vote()) } }
                    @for c in Choice::ALL {
                        form.inline action=(CastVote::url()) method="post" {
                            input type="hidden" name="ballot" value=(b.id);
                            input type="hidden" name="choice" value=(c.code());
                            button type="submit" class={ "vote vote-" (c.code()) } { (choice_label(t, c)) }
                        }
                    }
                }
            }
            @if !b.named.is_empty() {
                details.named-votes {
                    summary { (t.who_voted()) }
                    table { tbody {
                        @for n in &b.named {
                            tr { td { (n.name) } td { (n.choice.map_or(t.in_room_hand(), |c| choice_label(t, c))) } }
                        }
                    } }
                }
            }
            @if !b.roll.is_empty() { (room_controls(t, b)) }
            @if b.open && !b.roll.is_empty() {
                form.inline action=(CloseBallot::url()) method="post" {
                    input type="hidden" name="ballot" value=(b.id);
                    button.close-ballot type="submit" { (t.close_ballot()) }
                }
            }
            @if let Some(r) = &b.result { (result_block(lang, r, b.rules.quorum, b.number)) }
        }
    }
}

fn room_controls(t: Texts, b: &BallotView) -> Markup {
    let marking = b.hands.is_none();
    let mark = |user: Option<&str>, present: bool, class: &str, label: &str| {
        html! {
            form.inline action=(MarkPresent::url()) method="post" {
                input type="hidden" name="ballot" value=(b.id);
                @if let Some(user) = user { input type="hidden" name="user" value=(user); }
                @if !present { input type="hidden" name="present" value="no"; }
                button type="submit" class=(class) { (label) }
            }
        }
    };
    html! {
        details.room {
            summary { (t.in_room()) " · " (t.present_count()) ": " (b.present) }
            @if marking { (mark(None, true, "secondary mark-all", t.mark_all_present())) }
            ul.roll {
                @for r in &b.roll {
                    li data-key=(r.user) {
                        span.name { (r.name) } " "
                        @match r.via.as_str() {
                            "online" => span.muted { (t.voted_online()) },
                            "room" if marking => (mark(Some(r.user.as_str()), false, "secondary", t.unmark_present())),
                            "room" => span { (t.in_room_hand()) },
                            _ if marking => (mark(Some(r.user.as_str()), true, "secondary", t.mark_present())),
                            _ => {},
                        }
                    }
                }
            }
            @if marking && b.present > 0 {
                form.hands action=(RecordHands::url()) method="post" {
                    input type="hidden" name="ballot" value=(b.id);
                    label { (t.choice_for()) input type="number" name="in_favour" min="0" max=(b.present) value="0"; }
                    label { (t.choice_against()) input type="number" name="against" min="0" max=(b.present) value="0"; }
                    label { (t.choice_abstain()) input type="number" name="abstained" min="0" max=(b.present) value="0"; }
                    button type="submit" { (t.record_hands()) }
                }
            }
        }
    }
}

fn result_block(lang: Lang, r: &ResultView, quorum: u8, number: u32) -> Markup {
    let t = lang.texts();
    let (outcome, class) = match r.outcome {
        Outcome::Adopted => (t.outcome_adopted(), "adopted"),
        Outcome::Rejected => (t.outcome_rejected(), "rejected"),
        Outcome::NoQuorum => (t.quorum_missing(), "no-quorum"),
    };
    html! {
        div class={ "result outcome-" (class) } {
            p.outcome { strong { (outcome) } @if r.quorum_met { " · " (t.quorum_met()) } }
            p.vote-line { (r.line) }
            (result_chart(lang, r, quorum, number))
            table.breakdown {
                caption { (t.breakdown()) }
                thead { tr {
                    th scope="col" { (t.category()) }
                    th scope="col" { (t.eligible_word()) }
                    th scope="col" { (t.took_part()) }
                    th scope="col" { (t.choice_for()) " / " (t.choice_against()) " / " (t.choice_abstain()) }
                } }
                tbody {
                    @for l in &r.breakdown {
                        tr {
                            td { (category(lang, l.category)) }
                            td { (l.eligible) }
                            td { (l.took_part) }
                            td { @if let Some(t) = l.tally { (t.in_favour) " / " (t.against) " / " (t.abstained) } }
                        }
                    }
                }
            }
        }
    }
}
