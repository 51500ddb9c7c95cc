//! The demo content of a first start tells the whole path: an adopted document, a draft with its members
//! and comments, recommendations under review with an open amendment, a resolution being voted on, and the
//! demo's accounts listed on the sign-in page.

use crate::helpers;

use app::model::{BallotsPanel, Discussion, EventWithDocuments};
use app::server_fns::ballots::GetBallots;
use app::server_fns::discussion::GetDiscussion;
use app::server_fns::events::ListEvents;
use helpers::{spawn, spawn_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_tells_the_whole_story() {
    let config = server::config::Config { demo: true, ..server::config::Config::for_tests() };
    let visitor = spawn_with(config).await;
    let page = visitor.get("/signin").await.body;
    for (email, _, _) in server::demo::DEMO_ACCOUNTS {
        assert!(page.contains(email), "{email} is offered on the sign-in page");
    }
    assert!(page.contains(server::demo::DEMO_PASSWORD));

    let delegate = visitor.another_browser();
    let signed_in = delegate
        .call::<app::server_fns::accounts::SignIn>(&[
            ("email", "delegate@accord.local"),
            ("password", server::demo::DEMO_PASSWORD),
            ("next", "/"),
        ])
        .await;
    assert!(signed_in.status < 400, "{}", signed_in.body);
    let events: Vec<EventWithDocuments> = delegate.call::<ListEvents>(&[]).await.read();
    assert_eq!(events.len(), 3, "{:?}", events.iter().map(|e| &e.event.event.title).collect::<Vec<_>>());
    let states: Vec<&str> = events.iter().flat_map(|e| e.documents.iter().map(|d| d.state.code())).collect();
    for state in ["adopted", "drafting", "review", "voting"] {
        assert!(states.contains(&state), "a document {state}: {states:?}");
    }
    let find = |state: &str| {
        events.iter().flat_map(|e| e.documents.iter()).find(|d| d.state.code() == state).unwrap().id.to_string()
    };
    let discussion = |doc: String| {
        let delegate = &delegate;
        async move {
            let answer = delegate.call::<GetDiscussion>(&[("id", &doc)]).await;
            answer.read::<Option<Discussion>>().expect("a member's discussion")
        }
    };
    let draft = discussion(find("drafting")).await;
    assert_eq!(draft.comments.iter().filter(|c| c.parent.is_none()).count(), 2, "two threads on the draft");
    assert!(draft.comments.iter().any(|c| c.parent.is_some()), "one with a reply");
    let marks = draft.marks();
    assert_eq!(marks.len(), 2, "both threads are about words highlighted in the text");
    assert!(marks.iter().all(|m| m.range.is_some()), "the words are found in the text: {marks:?}");
    assert!(draft.comments.iter().any(|c| c.quote == "конкурс грантов"), "{:?}", draft.comments);
    let review = discussion(find("review")).await;
    assert_eq!(review.amendments.len(), 1, "an open amendment");
    assert!(review.can_amend, "the demo delegate may propose amendments there");
    let ballots = delegate.call::<GetBallots>(&[("id", &find("voting"))]).await;
    let ballots: Option<BallotsPanel> = ballots.read();
    let ballot = &ballots.expect("a member sees the ballots").ballots[0];
    assert!(ballot.open, "a ballot is running");
    assert_eq!(ballot.took_part, 5, "some have voted");
    assert_eq!(ballot.eligible, 9, "the electors are the event's organisers and delegates");

    let empty = spawn().await.get("/signin").await.body;
    assert!(!empty.contains("delegate@accord.local"), "a store without the demo offers no demo accounts");
}
