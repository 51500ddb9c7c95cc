//! Stages into voting, frozen versions, ballots (named, secret, in the room) with every role, 500 voters at
//! once, and the secrecy of the ballot box, against the real server over `mem://`.

use crate::helpers;

use accord_domain::ballot::Choice;
use accord_domain::State;
use app::error::AppError;
use app::model::{BallotView, BallotsPanel, Html, MyVote};
use app::server_fns::ballots::{BallotsHtml, CastVote, CloseBallot, GetBallots, MarkPresent, OpenBallot, RecordHands};
use app::server_fns::documents::{EditSection, GetDocument};
use app::server_fns::stages::ChangeStage;
use helpers::{join_as, spawn, TestApp};
use serde_json::Value;

use helpers::json;

async fn state(app: &TestApp, doc: &str) -> String {
    json(&app.call::<GetDocument>(&[("id", doc)]).await)["row"]["state"].as_str().unwrap().to_string()
}

async fn panel(app: &TestApp, doc: &str) -> BallotsPanel {
    let answer = app.call::<GetBallots>(&[("id", doc)]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.read::<Option<BallotsPanel>>().expect("a panel in voting")
}

/// The panel as the document page fetches it: HTML the server writes.
async fn panel_html(app: &TestApp, doc: &str) -> String {
    let answer = app.call::<BallotsHtml>(&[("id", doc)]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.read::<Option<Html>>().expect("a ballot panel in voting").0
}

async fn ballot(app: &TestApp, doc: &str, number: u32) -> BallotView {
    panel(app, doc).await.ballots.into_iter().find(|b| b.number == number).expect("the ballot")
}

async fn move_to(app: &TestApp, doc: &str, to: &str) -> helpers::Answer {
    app.call::<ChangeStage>(&[("id", doc), ("to", to), ("confirm", "yes")]).await
}

/// A draft with one recommendation, moved through review into voting.
async fn voting_document(organiser: &TestApp) -> (String, String) {
    let (event, doc) = helpers::event_with_draft(organiser).await;
    add_item(organiser, &doc, "Провести семинар по вопросам ТОС.").await;
    assert_eq!(move_to(organiser, &doc, "review").await.status, 200);
    assert_eq!(move_to(organiser, &doc, "voting").await.status, 200);
    (event, doc)
}

async fn add_item(organiser: &TestApp, doc: &str, text: &str) {
    let page = json(&organiser.call::<GetDocument>(&[("id", doc)]).await);
    let section = page["row"]["document"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "recommendations")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let revision = page["row"]["revision"].to_string();
    let added = organiser
        .call::<EditSection>(&[
            ("id", doc),
            ("revision", &revision),
            ("section", &section),
            ("op", "add"),
            ("text", text),
        ])
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
}

/// The id of the item with `text`.
async fn item_id(app: &TestApp, doc: &str, text: &str) -> String {
    let page = json(&app.call::<GetDocument>(&[("id", doc)]).await);
    let sections = page["row"]["document"]["sections"].as_array().unwrap().clone();
    let item = sections.iter().flat_map(|s| s["items"].as_array().unwrap().iter()).find(|i| i["text"] == text);
    item.unwrap()["id"].as_str().unwrap().to_string()
}

async fn open(app: &TestApp, doc: &str, extra: &[(&str, &str)]) -> helpers::Answer {
    let mut form =
        vec![("id", doc), ("subject", "document"), ("quorum", "50"), ("majority", "of_cast"), ("live", "on")];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    app.call::<OpenBallot>(&form).await
}

async fn vote(app: &TestApp, ballot: &str, choice: &str) -> helpers::Answer {
    app.call::<CastVote>(&[("ballot", ballot), ("choice", choice)]).await
}

async fn count(app: &TestApp, table: &str) -> usize {
    app.store.table_rows(table).await.unwrap().len()
}

#[tokio::test]
async fn stages_freeze_a_numbered_version_with_its_digest() {
    let organiser = spawn().await;
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    add_item(&organiser, &doc, "Провести семинар по вопросам ТОС.").await;
    let delegate = join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;

    assert_eq!(move_to(&organiser, &doc, "voting").await.error(), AppError::NotEditable(State::Drafting));
    assert_eq!(move_to(&delegate, &doc, "review").await.error(), AppError::Forbidden);
    assert_eq!(move_to(&organiser, &doc, "review").await.status, 200);
    assert_eq!(move_to(&organiser, &doc, "drafting").await.status, 200, "review returns to drafting");
    assert_eq!(move_to(&organiser, &doc, "review").await.status, 200);
    let unconfirmed = organiser.call::<ChangeStage>(&[("id", &doc), ("to", "voting")]).await;
    assert_eq!(unconfirmed.error(), AppError::NotConfirmed);
    assert_eq!(state(&organiser, &doc).await, "review");
    assert_eq!(
        organiser.call::<GetBallots>(&[("id", &doc)]).await.read::<Option<BallotsPanel>>(),
        None,
        "no ballots before voting"
    );
    assert_eq!(move_to(&delegate, &doc, "voting").await.error(), AppError::Forbidden);
    assert_eq!(move_to(&organiser, &doc, "voting").await.status, 200);
    assert_eq!(state(&organiser, &doc).await, "voting");
    assert_eq!(move_to(&organiser, &doc, "voting").await.error(), AppError::NotEditable(State::Voting));
    assert_eq!(move_to(&organiser, &doc, "adopted").await.error(), AppError::NotEditable(State::Voting));
    assert_eq!(move_to(&organiser, &doc, "drafting").await.error(), AppError::NotEditable(State::Voting));

    let p = panel(&delegate, &doc).await;
    assert_eq!(p.versions.len(), 1);
    assert_eq!(p.versions[0].number, 1);
    assert!(!p.can_run);
    let text = delegate.get(&format!("/documents/{doc}/versions/1")).await;
    assert_eq!(text.status, 200);
    assert!(text.body.contains("Провести семинар по вопросам ТОС."));
    assert_eq!(accord_domain::version::digest(&text.body), p.versions[0].sha256, "the digest is of the download");
    assert_eq!(
        organiser.another_browser().get(&format!("/documents/{doc}/versions/1")).await.status,
        401,
        "a document under review is for members: a visitor is asked to sign in"
    );
    assert_eq!(delegate.get(&format!("/documents/{doc}/versions/2")).await.status, 404);

    // The frozen text cannot be edited any more.
    let page = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
    assert_eq!(page["editable"], false);
}

#[tokio::test]
async fn a_named_ballot_with_a_show_of_hands_adopts_the_document() {
    let organiser = spawn().await;
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    add_item(&organiser, &doc, "Провести семинар по вопросам ТОС.").await;
    let d1 = join_as(&organiser, &event, "delegate", "Борис Первый", "d1@example.org").await;
    let d2 = join_as(&organiser, &event, "delegate", "Вера Вторая", "d2@example.org").await;
    let d3 = join_as(&organiser, &event, "delegate", "Галина Третья", "d3@example.org").await;
    let observer = join_as(&organiser, &event, "observer", "Олег Наблюдатель", "o@example.org").await;
    assert_eq!(move_to(&organiser, &doc, "review").await.status, 200);
    assert_eq!(open(&organiser, &doc, &[]).await.error(), AppError::NotEditable(State::Review));
    assert_eq!(move_to(&organiser, &doc, "voting").await.status, 200);

    // Only organisers open ballots, with valid rules.
    assert_eq!(open(&d1, &doc, &[]).await.error(), AppError::Forbidden);
    assert_eq!(open(&observer, &doc, &[]).await.error(), AppError::Forbidden);
    assert_eq!(open(&organiser.another_browser(), &doc, &[]).await.error(), AppError::MembersOnly { signed_in: false });
    assert!(matches!(open(&organiser, &doc, &[("quorum", "150")]).await.error(), AppError::Invalid(_)));
    let secret_revote = open(&organiser, &doc, &[("secret", "on"), ("revote", "on")]).await;
    assert!(matches!(secret_revote.error(), AppError::Invalid(_)));
    assert_eq!(count(&organiser, "ballot").await, 0, "refused openings store nothing");
    assert_eq!(open(&organiser, &doc, &[]).await.status, 200);
    assert_eq!(open(&organiser, &doc, &[]).await.error(), AppError::BallotOpen);
    let b = ballot(&d1, &doc, 1).await;
    assert_eq!(b.eligible, 4, "the organiser and three delegates, fixed now");
    let id = b.id.clone();

    // A delegate who joins later is not eligible; an observer never votes.
    let late = join_as(&organiser, &event, "delegate", "Дмитрий Поздний", "late@example.org").await;
    assert_eq!(vote(&late, &id, "for").await.error(), AppError::NotEligible);
    assert_eq!(vote(&observer, &id, "for").await.error(), AppError::Forbidden);
    assert!(matches!(vote(&d1, &id, "maybe").await.error(), AppError::Invalid(_)));

    assert_eq!(vote(&d1, &id, "for").await.status, 200);
    assert_eq!(vote(&d1, &id, "against").await.error(), AppError::AlreadyVoted, "no revote in this ballot");
    // Without JavaScript the vote is a plain form post that returns to the page.
    let plain =
        d2.submit_from::<CastVote>(&format!("/documents/{doc}"), &[("ballot", &id), ("choice", "against")]).await;
    assert_eq!(plain.status, 302, "{}", plain.body);
    assert!(!plain.location.unwrap_or_default().contains("__err"), "counted, not refused");
    let seen = ballot(&d3, &doc, 1).await;
    assert_eq!((seen.took_part, seen.tally.unwrap().in_favour, seen.tally.unwrap().against), (2, 1, 1));
    assert_eq!(ballot(&d1, &doc, 1).await.my_vote, Some(MyVote::Named(Choice::For)));
    assert_eq!(seen.named.len(), 2, "a named ballot shows who voted how");
    // The page gets the panel as HTML the server writes: the voter's own vote, forms to the server functions.
    let own = panel_html(&d1, &doc).await;
    let vote_url = <CastVote as leptos::server_fn::ServerFn>::PATH;
    assert!(own.contains("data-ballot=\"1\"") && own.contains("class=\"my-vote\""), "{own}");
    assert!(!own.contains(&format!("action=\"{vote_url}\"")), "no revote, so no voting buttons: {own}");
    let theirs = panel_html(&d3, &doc).await;
    assert!(theirs.contains(&format!("action=\"{vote_url}\"")) && !theirs.contains("my-vote"), "{theirs}");
    assert!(!theirs.contains("open-ballot"), "only an organiser is offered to open one");

    // The organiser marks d3 present in the room; d3 can no longer vote online; the hands are checked.
    let d3_id = seen_user(&organiser, &doc, "Галина Третья").await;
    assert_eq!(d1.call::<MarkPresent>(&[("ballot", &id), ("user", &d3_id)]).await.error(), AppError::Forbidden);
    assert_eq!(observer.call::<CloseBallot>(&[("ballot", &id)]).await.error(), AppError::Forbidden);
    assert_eq!(organiser.call::<MarkPresent>(&[("ballot", &id), ("user", &d3_id)]).await.status, 200);
    assert_eq!(vote(&d3, &id, "for").await.error(), AppError::AlreadyVoted);
    assert_eq!(ballot(&d3, &doc, 1).await.my_vote, Some(MyVote::Room));
    let d1_id = seen_user(&organiser, &doc, "Борис Первый").await;
    let twice = organiser.call::<MarkPresent>(&[("ballot", &id), ("user", &d1_id)]).await;
    assert_eq!(twice.error(), AppError::AlreadyVoted, "who voted online is not counted again in the room");
    let hands = |f: &'static str| {
        [("ballot", id.to_string()), ("in_favour", f.to_string()), ("against", "0".into()), ("abstained", "1".into())]
    };
    let too_many = organiser.call::<RecordHands>(&as_form(&hands("1"))).await;
    assert_eq!(too_many.error(), AppError::TooManyHands { present: 1 });
    assert_eq!(d1.call::<RecordHands>(&as_form(&hands("0"))).await.error(), AppError::Forbidden);
    assert_eq!(ballot(&organiser, &doc, 1).await.hands, None, "refused counts change nothing");
    let ok = organiser
        .call::<RecordHands>(&[("ballot", &id), ("in_favour", "1"), ("against", "0"), ("abstained", "0")])
        .await;
    assert_eq!(ok.status, 200);
    let again = organiser
        .call::<RecordHands>(&[("ballot", &id), ("in_favour", "0"), ("against", "0"), ("abstained", "0")])
        .await;
    assert_eq!(again.error(), AppError::AlreadyDecided);

    // Only organisers close; closing counts, writes the vote line and adopts the document.
    assert_eq!(d1.call::<CloseBallot>(&[("ballot", &id)]).await.error(), AppError::Forbidden);
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.status, 200);
    assert_eq!(state(&organiser, &doc).await, "adopted");
    let closed = ballot(&observer, &doc, 1).await;
    let result = closed.result.expect("a stored result");
    assert_eq!((result.eligible, result.took_part, result.quorum_met), (4, 3, true));
    assert_eq!(result.line, "Голосовали: «ЗА» — 2\u{a0}чел., «Против» — 1\u{a0}чел., «Воздержались» — нет");
    let ngo = result.breakdown.iter().find(|l| l.category == accord_domain::ParticipantCategory::Ngo).unwrap();
    assert_eq!((ngo.eligible, ngo.took_part), (3, 3));
    let listed = organiser.store.recommendations_of(&doc.as_str().into()).await.unwrap();
    assert_eq!(listed.len(), 1, "the adopted recommendation is in the registry");
    assert_eq!(listed[0].text, "Провести семинар по вопросам ТОС.");
    let csv = organiser.another_browser().get(&format!("/documents/{doc}/ballots.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("1;Семинар;участник;НКО и общественные организации;За"),
        "names only with consent: {}",
        csv.body
    );
    assert!(csv.body.contains(";За") && csv.body.contains(";Против") && csv.body.contains(";в зале"), "{}", csv.body);
    let export = organiser.get(&format!("/documents/{doc}/export.md")).await.body;
    assert!(export.contains("«ЗА» — 2"), "{export}");
    // The adopted document is public: anyone sees the ballot's result, no one sees the names.
    let public = panel(&organiser.another_browser(), &doc).await;
    assert!(public.ballots[0].result.is_some());
    assert!(public.ballots[0].named.is_empty());
    // The public page draws the result as SVG, in its HTML: bars, the quorum line, words for a screen reader.
    let html = organiser.another_browser().get(&format!("/documents/{doc}")).await.body;
    let at = html.find("class=\"result-chart\"").expect("a chart of the result");
    let chart = &html[html[..at].rfind("<svg").unwrap()..];
    let chart = chart[..chart.find("</svg>").unwrap()].replace("<!>", "");
    assert!(chart.contains("role=\"img\"") && chart.contains("Итоги голосования № 1</title>"), "{chart}");
    let quorum = closed.rules.quorum;
    let said =
        format!("За — 2, Против — 1, Воздержался — 0. Приняли участие: 3 из 4; кворум {quorum}\u{a0}% (Кворум есть).");
    assert!(chart.contains(&said), "{said} in {chart}");
    assert!(chart.contains("class=\"quorum-line\"") && chart.contains("НКО и общественные организации"), "{chart}");
    assert_eq!(
        chart.matches("class=\"bar-").count(),
        4 + result.breakdown.len(),
        "three choices, the turnout, each category"
    );
    assert_eq!(vote(&d2, &id, "for").await.error(), AppError::BallotClosed);
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.error(), AppError::NotEditable(State::Adopted));
}

fn as_form<'a>(pairs: &'a [(&'static str, String); 4]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn seen_user(organiser: &TestApp, doc: &str, name: &str) -> String {
    let b = panel(organiser, doc).await.ballots.into_iter().find(|b| b.open).unwrap();
    b.roll.into_iter().find(|r| r.name == name).unwrap().user.to_string()
}

#[tokio::test]
async fn item_ballots_revotes_hidden_tallies_and_no_quorum() {
    let organiser = spawn().await;
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    add_item(&organiser, &doc, "Провести семинар по вопросам ТОС.").await;
    let d1 = join_as(&organiser, &event, "delegate", "Борис Первый", "d1@example.org").await;
    let _d2 = join_as(&organiser, &event, "delegate", "Вера Вторая", "d2@example.org").await;
    assert_eq!(move_to(&organiser, &doc, "review").await.status, 200);
    assert_eq!(move_to(&organiser, &doc, "voting").await.status, 200);
    let item = item_id(&organiser, &doc, "Провести семинар по вопросам ТОС.").await;
    let opened = open(&organiser, &doc, &[("subject", "item"), ("item", &item), ("revote", "on"), ("live", "")]).await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let b = ballot(&d1, &doc, 1).await;
    assert_eq!(b.subject_text, "Провести семинар по вопросам ТОС.");
    let id = b.id;
    assert_eq!(vote(&d1, &id, "against").await.status, 200);
    assert_eq!(vote(&d1, &id, "for").await.status, 200, "this ballot allows a change");
    let hidden = ballot(&d1, &doc, 1).await;
    assert_eq!(hidden.tally, None, "the organiser chose to hide the tally until closing");
    assert!(hidden.named.is_empty());
    assert_eq!(hidden.my_vote, Some(MyVote::Named(Choice::For)));
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.status, 200);
    let closed = ballot(&d1, &doc, 1).await;
    let result = closed.result.unwrap();
    assert_eq!(result.took_part, 1);
    assert_eq!(result.outcome, accord_domain::ballot::Outcome::NoQuorum, "1 of 3 is under half");
    assert_eq!(closed.tally.unwrap().in_favour, 1, "the changed vote counts once");
    assert_eq!(vote(&d1, &id, "for").await.error(), AppError::BallotClosed);
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.error(), AppError::BallotClosed);
    assert_eq!(state(&organiser, &doc).await, "voting", "an item ballot does not decide the document");

    // The organiser of another event cannot close this event's ballot.
    let stranger = organiser.another_browser();
    let _ = helpers::event_with_draft_as(&stranger, "Чужой Организатор", "other@example.org").await;
    assert_eq!(open(&organiser, &doc, &[]).await.status, 200);
    let second = ballot(&organiser, &doc, 2).await.id;
    assert_eq!(
        stranger.call::<CloseBallot>(&[("ballot", &second)]).await.error(),
        AppError::MembersOnly { signed_in: true }
    );
    assert!(ballot(&organiser, &doc, 2).await.open, "nothing changed");
}

#[tokio::test]
async fn a_secret_ballot_keeps_no_link_between_voter_and_choice() {
    let organiser = spawn().await;
    let (event, doc) = voting_document(&organiser).await;
    let people = helpers::seeded_delegates(&organiser, &event, 6).await;
    assert_eq!(open(&organiser, &doc, &[("secret", "on"), ("quorum", "0")]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    for (i, person) in people.iter().enumerate() {
        let choice = ["for", "against", "abstain"][i % 3];
        assert_eq!(vote(person, &id, choice).await.status, 200);
    }
    assert_eq!(vote(&people[0], &id, "against").await.error(), AppError::AlreadyVoted);
    let mine = ballot(&people[0], &doc, 1).await;
    assert_eq!(mine.my_vote, Some(MyVote::Secret), "not even the voter is shown the choice");
    assert!(mine.named.is_empty());
    assert_eq!(mine.tally.unwrap().cast(), 6);

    let voters = organiser.store.table_rows("voter").await.unwrap();
    let choices = organiser.store.table_rows("ballot_box").await.unwrap();
    assert_eq!((voters.len(), choices.len()), (6, 6));
    let field_names = |row: &Value| row.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    for v in &voters {
        let mut names = field_names(v);
        names.sort();
        assert_eq!(names, ["ballot", "id", "user", "via"], "the roll holds no choice and no time: {v}");
    }
    for c in &choices {
        let mut names = field_names(c);
        names.sort();
        assert_eq!(names, ["ballot", "choice", "id"], "the box holds no voter and no time: {c}");
    }
    // Their ids are unrelated: no id, or part of one, of the roll appears in the box.
    let key = |row: &Value| {
        row["id"]
            .to_string()
            .split(':')
            .nth(1)
            .unwrap()
            .trim_matches(|c| c == '"' || c == '`' || c == '⟩' || c == '⟨')
            .to_string()
    };
    let roll_ids: Vec<String> = voters.iter().map(key).collect();
    for c in &choices {
        let text = c.to_string();
        assert!(roll_ids.iter().all(|r| !text.contains(r.as_str())), "{text}");
    }
    // And the box's order says nothing about the order of voting: its ids are random, not sequential.
    let box_ids: Vec<String> = choices.iter().map(key).collect();
    assert!(box_ids.iter().all(|k| k.len() >= 16), "random ids: {box_ids:?}");

    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.status, 200);
    let result = ballot(&organiser, &doc, 1).await.result.unwrap();
    assert_eq!((result.tally.in_favour, result.tally.against, result.tally.abstained), (2, 2, 2));
    assert!(result.breakdown.iter().all(|l| l.tally.is_none()), "a secret breakdown tells only turnout");
    assert_eq!(state(&organiser, &doc).await, "rejected", "2 of 6 is not a majority of votes cast");
}

/// Storage keeps the order of commits; the store's change feed shows it. Secret votes cast together are
/// committed together, each commit holding as many box rows as roll rows, so no commit pairs one voter with
/// one choice.
#[tokio::test]
async fn secret_votes_cast_together_are_committed_together() {
    let organiser = spawn().await;
    let (event, doc) = voting_document(&organiser).await;
    let mut people = helpers::seeded_delegates(&organiser, &event, 13).await;
    people.pop();
    organiser.store.inspect("ALTER TABLE voter CHANGEFEED 1h; ALTER TABLE ballot_box CHANGEFEED 1h;").await.unwrap();
    assert_eq!(open(&organiser, &doc, &[("secret", "on"), ("quorum", "0")]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(people.len()));
    let tasks: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(i, person)| {
            let (start, id) = (start.clone(), id.clone());
            tokio::spawn(async move {
                start.wait().await;
                vote(&person, &id, ["for", "against", "abstain"][i % 3]).await.status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let commits = |table: &'static str| {
        let store = organiser.store.clone();
        async move {
            let feed = store.inspect(&format!("SHOW CHANGES FOR TABLE {table} SINCE 0 LIMIT 1000")).await.unwrap();
            let mut created = std::collections::BTreeMap::new();
            for commit in feed {
                let n = commit["changes"].as_array().unwrap().len();
                if n > 0 {
                    created.insert(commit["versionstamp"].to_string(), n);
                }
            }
            created
        }
    };
    let (roll, ballot_box) = (commits("voter").await, commits("ballot_box").await);
    assert_eq!(roll.values().sum::<usize>(), 12, "{roll:?}");
    assert_eq!(roll, ballot_box, "each commit holds as many choices as voters");
    assert!(roll.len() < 12, "votes cast at once share commits: {roll:?}");

    // A batch holding someone already on the roll (another server recorded them) records the others.
    let user = |i: usize| {
        let store = organiser.store.clone();
        async move {
            let sql = format!("SELECT record::id(id) AS id FROM user WHERE email = 'd{i}@example.org'");
            app::ids::UserId::new(store.inspect(&sql).await.unwrap()[0]["id"].as_str().unwrap())
        }
    };
    let (voted, fresh) = (user(0).await, user(12).await);
    let batch = [(voted.clone(), Choice::Against), (fresh, Choice::For)];
    let refused = organiser.store.cast_secret(&id.as_str().into(), &batch, &mut fastrand::Rng::with_seed(1)).await;
    assert_eq!(refused.unwrap(), [voted]);
    assert_eq!((count(&organiser, "voter").await, count(&organiser, "ballot_box").await), (13, 13));
}

#[tokio::test]
async fn five_hundred_delegates_vote_at_the_same_moment() {
    let organiser = spawn().await;
    let (event, doc) = voting_document(&organiser).await;
    let people = helpers::seeded_delegates(&organiser, &event, 500).await;
    assert_eq!(open(&organiser, &doc, &[("quorum", "50")]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    // Everyone presses twice at once: each vote is counted exactly once.
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(people.len()));
    let tasks: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(i, person)| {
            let (start, id) = (start.clone(), id.clone());
            tokio::spawn(async move {
                let choice = if i % 5 == 0 { "against" } else { "for" };
                start.wait().await;
                let (a, b) = tokio::join!(vote(&person, &id, choice), vote(&person, &id, choice));
                (a.status, b.status)
            })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        let (a, b) = task.await.unwrap();
        let statuses = [a, b];
        assert!(statuses.contains(&200) && statuses.contains(&409), "one of two accepted: {statuses:?}");
        accepted += 1;
    }
    assert_eq!(accepted, 500);
    assert_eq!(count(&organiser, "voter").await, 500);
    let live = ballot(&organiser, &doc, 1).await;
    assert_eq!((live.took_part, live.tally.unwrap().in_favour, live.tally.unwrap().against), (500, 400, 100));
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.status, 200);
    let result = ballot(&organiser, &doc, 1).await.result.unwrap();
    assert_eq!((result.eligible, result.took_part, result.tally.in_favour, result.tally.against), (501, 500, 400, 100));
    assert_eq!(state(&organiser, &doc).await, "adopted");
}

#[tokio::test]
async fn votes_reach_open_pages_as_events() {
    let organiser = spawn().await;
    let (event, doc) = voting_document(&organiser).await;
    let delegate = join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    assert_eq!(open(&organiser, &doc, &[]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    let mut stream = organiser.client.get(format!("{}/documents/{doc}/events", organiser.base)).send().await.unwrap();
    assert_eq!(vote(&delegate, &id, "for").await.status, 200);
    let chunk =
        tokio::time::timeout(std::time::Duration::from_secs(1), stream.chunk()).await.unwrap().unwrap().unwrap();
    assert!(String::from_utf8_lossy(&chunk).contains("ballots"));
}

#[tokio::test]
async fn every_role_for_every_ballot_action() {
    let organiser = spawn().await;
    let (event, doc) = voting_document(&organiser).await;
    let delegate = join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    let observer = join_as(&organiser, &event, "observer", "Олег Наблюдатель", "o@example.org").await;
    let anonymous = organiser.another_browser();
    let outsider = organiser.another_browser();
    outsider.sign_up("Посторонний", "outsider@example.org").await;
    assert_eq!(open(&organiser, &doc, &[]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    let delegate_id = seen_user(&organiser, &doc, "Борис Делегат").await;

    use AppError::{Forbidden, MembersOnly};
    let refusals = [
        (&anonymous, MembersOnly { signed_in: false }),
        (&outsider, MembersOnly { signed_in: true }),
        (&observer, Forbidden),
    ];
    for (who, refusal) in &refusals {
        let read = who.call::<GetBallots>(&[("id", &doc)]).await;
        if *refusal == Forbidden {
            assert_eq!(read.status, 200, "an observer reads the ballots");
        } else {
            assert_eq!(read.error(), *refusal);
        }
        assert_eq!(open(who, &doc, &[("subject", "item")]).await.error(), *refusal);
        assert_eq!(vote(who, &id, "for").await.error(), *refusal);
        assert_eq!(who.call::<MarkPresent>(&[("ballot", &id), ("user", &delegate_id)]).await.error(), *refusal);
        let hands = [("ballot", id.as_str()), ("in_favour", "0"), ("against", "0"), ("abstained", "0")];
        assert_eq!(who.call::<RecordHands>(&hands).await.error(), *refusal);
        assert_eq!(who.call::<CloseBallot>(&[("ballot", &id)]).await.error(), *refusal);
        assert_eq!(move_to(who, &doc, "drafting").await.error(), *refusal);
    }
    assert_eq!(delegate.call::<MarkPresent>(&[("ballot", &id), ("user", &delegate_id)]).await.error(), Forbidden);
    let hands = [("ballot", id.as_str()), ("in_favour", "0"), ("against", "0"), ("abstained", "0")];
    assert_eq!(delegate.call::<RecordHands>(&hands).await.error(), Forbidden);
    assert_eq!(delegate.call::<CloseBallot>(&[("ballot", &id)]).await.error(), Forbidden);
    assert_eq!(count(&organiser, "voter").await, 0, "every refusal left the roll empty");
    assert!(ballot(&organiser, &doc, 1).await.open && ballot(&organiser, &doc, 1).await.hands.is_none());
    assert_eq!(vote(&delegate, &id, "abstain").await.status, 200);
    assert_eq!(vote(&organiser, &id, "for").await.status, 200);
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.status, 200);
    assert_eq!(state(&organiser, &doc).await, "rejected", "1 for and 1 abstention is not more than half of votes cast");
}

#[tokio::test]
async fn a_text_withdrawn_from_the_vote_is_frozen_again_as_the_next_version() {
    use app::model::{DecideOutcome, History};
    use app::server_fns::amendments::{DecideAmendment, ProposeAmendment};
    use app::server_fns::discussion::GetDiscussion;
    use app::server_fns::history::GetHistory;
    let organiser = spawn().await;
    let (_, doc) = voting_document(&organiser).await;
    assert_eq!(open(&organiser, &doc, &[]).await.status, 200);
    assert_eq!(move_to(&organiser, &doc, "review").await.error(), AppError::BallotOpen);
    let id = ballot(&organiser, &doc, 1).await.id;
    assert_eq!(organiser.call::<CloseBallot>(&[("ballot", &id)]).await.status, 200);
    assert_eq!(state(&organiser, &doc).await, "voting", "no quorum decides nothing");
    assert_eq!(move_to(&organiser, &doc, "review").await.status, 200, "withdrawn from the vote");

    let item = item_id(&organiser, &doc, "Провести семинар по вопросам ТОС.").await;
    let proposed = organiser
        .call::<ProposeAmendment>(&[
            ("id", &doc),
            ("kind", "replace"),
            ("item", &item),
            ("text", "Провести два семинара по вопросам ТОС."),
            ("justification", "Одного мало"),
        ])
        .await;
    assert_eq!(proposed.status, 200, "{}", proposed.body);
    let discussion = organiser.call::<GetDiscussion>(&[("id", &doc)]).await;
    let discussion: Option<app::model::Discussion> = discussion.read();
    let amendment = discussion.unwrap().amendments[0].id.clone();
    let decided = organiser.call::<DecideAmendment>(&[("amendment", &amendment), ("accept", "true")]).await;
    assert_eq!(decided.read::<DecideOutcome>(), DecideOutcome::Done);
    assert_eq!(move_to(&organiser, &doc, "voting").await.status, 200);

    let p = panel(&organiser, &doc).await;
    assert_eq!(p.versions.iter().map(|v| v.number).collect::<Vec<_>>(), [1, 2]);
    assert_ne!(p.versions[0].sha256, p.versions[1].sha256);
    assert!(organiser.get(&format!("/documents/{doc}/versions/2")).await.body.contains("Провести два семинара"));
    let history = |from: &'static str, to: &'static str| {
        let (organiser, doc) = (&organiser, doc.clone());
        async move {
            let answer = organiser.call::<GetHistory>(&[("id", &doc), ("from", from), ("to", to)]).await;
            assert_eq!(answer.status, 200, "{}", answer.body);
            answer.read::<History>()
        }
    };
    use accord_domain::comparison::{Change, Role};
    use accord_domain::discussion::Piece;
    let h = history("1", "2").await;
    let changed: Vec<_> = h.blocks.iter().filter(|b| b.change != Change::Same).collect();
    assert_eq!(changed.len(), 1, "one item reworded: {changed:?}");
    assert!(matches!(&changed[0].role, Role::Item { marker } if marker == "1."), "{changed:?}");
    assert!(changed[0].pieces.contains(&Piece::Removed("семинар".into())), "{:?}", changed[0].pieces);
    assert!(changed[0].pieces.iter().any(|p| matches!(p, Piece::Added(s) if s.contains("два"))));
    let page = organiser.get(&format!("/documents/{doc}/history?from=1&to=2")).await.body;
    assert!(
        page.contains("<del>семинар<") && page.contains("class=\"marker\">1.<"),
        "the change as the document reads: {}",
        page.find("compared-text").map_or("", |at| &page[at..])
    );
    assert!(!page.contains("# ") && !page.contains("<pre"), "no Markdown on the page");
    let now = history("", "").await;
    assert_eq!((now.from, now.to), (2, 0), "by default the last version against the text now");
    assert!(now.blocks.iter().all(|b| b.change == Change::Same), "a frozen text has not moved");
    let bad = organiser.call::<GetHistory>(&[("id", &doc), ("from", "7"), ("to", "")]).await;
    assert!(matches!(bad.error(), AppError::Invalid(_)));
    let page = organiser.get(&format!("/documents/{doc}/history?from=1&to=2")).await;
    assert!(page.body.contains("<ins>") && page.body.contains("<del>"), "the history page shows the change");
}

/// A close cut short after the result was stored (a crash before the vote line and the stage) is finished
/// when the ballots start again: the document is adopted with the vote in its text, and finishing twice
/// changes nothing.
#[tokio::test]
async fn a_decision_cut_short_is_finished_at_start_up() {
    let application = {
        let _one_at_a_time = helpers::OPENING.lock().await;
        server::application::Application::build(server::config::Config::for_tests()).await.unwrap()
    };
    let (store, rooms) = (application.store(), application.rooms());
    let base = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let organiser = TestApp::browser(&base, store.clone());
    let (event, doc) = voting_document(&organiser).await;
    let delegate = join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    assert_eq!(open(&organiser, &doc, &[]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    for app in [&organiser, &delegate] {
        assert_eq!(vote(app, &id, "for").await.status, 200);
    }
    // Closing alone, not what follows it: the result is stored, the document is still in voting.
    let counted = app::ballots::Snapshot::load(&store, &id).await.unwrap();
    assert!(store.begin_closing(&id, "тест").await.unwrap());
    assert!(store.close_ballot(&id, &counted.result()).await.unwrap());
    assert_eq!(state(&organiser, &doc).await, "voting");

    let restarted = app::ballots::Ballots::new(store.clone(), rooms.clone());
    restarted.finish_decisions().await.unwrap();
    assert_eq!(state(&organiser, &doc).await, "adopted");
    let page = json(&organiser.call::<GetDocument>(&[("id", &doc)]).await);
    assert_eq!(helpers::reading(&page)["vote"]["in_favour"], 2, "{}", helpers::reading(&page));
    restarted.finish_decisions().await.unwrap();
    assert_eq!(count(&organiser, "recommendation").await, 1, "published to the registry once");
}

/// A close begun and not finished (its server stopped between the two steps): no vote is taken meanwhile, even
/// through a gate that still has the ballot open, and ten seconds on a deadline task finishes it with the
/// votes stored before it began.
#[tokio::test]
async fn a_close_begun_and_not_finished_is_finished_by_a_deadline_task() {
    let application = {
        let _one_at_a_time = helpers::OPENING.lock().await;
        server::application::Application::build(server::config::Config::for_tests()).await.unwrap()
    };
    let (store, rooms) = (application.store(), application.rooms());
    let base = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let organiser = TestApp::browser(&base, store.clone());
    let (event, doc) = voting_document(&organiser).await;
    let delegate = join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    assert_eq!(open(&organiser, &doc, &[("quorum", "0")]).await.status, 200);
    let id = ballot(&organiser, &doc, 1).await.id;
    assert_eq!(vote(&organiser, &id, "for").await.status, 200);
    assert!(store.begin_closing(&id, "Анна Организатор").await.unwrap());
    let late = vote(&delegate, &id, "against").await;
    assert_eq!(late.error(), AppError::BallotClosed, "the server's gate had the ballot open; the store refuses");
    assert_eq!(count(&organiser, "voter").await, 1);

    tokio::time::sleep(std::time::Duration::from_secs(11)).await;
    app::ballots::Ballots::new(store.clone(), rooms.clone()).watch_deadlines();
    for _ in 0..100 {
        if state(&organiser, &doc).await == "adopted" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(state(&organiser, &doc).await, "adopted");
    let result = ballot(&organiser, &doc, 1).await.result.unwrap();
    assert_eq!((result.took_part, result.tally.in_favour, result.tally.against), (1, 1, 0));
    let closed_by = store.inspect(&format!("SELECT VALUE closed_by FROM ballot:{id}")).await.unwrap();
    assert_eq!(closed_by[0], "Анна Организатор", "named as who began the close");
}
