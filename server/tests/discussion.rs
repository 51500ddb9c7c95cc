//! Comments, amendments, the stage change, the summary and the server-pushed events, with the permissions
//! of each role, against the real server over `mem://`.

use crate::helpers;

use accord_domain::text::Problem;
use accord_domain::{Mover, State};
use app::error::AppError;
use app::model::{DecideOutcome, Discussion, DiscussionPage, Html, Parts, Workspace, WorkspaceAsk};
use app::server_fns::amendments::{DecideAmendment, ProposeAmendment};
use app::server_fns::comments::{AddComment, DeleteComment, EditComment, HideComment, ResolveComment};
use app::server_fns::discussion::GetDiscussion;
use app::server_fns::documents::{EditItem, EditSection, GetDocument};
use app::server_fns::events::SetObserversComment;
use app::server_fns::members::EventPage;
use app::server_fns::stages::ChangeStage;
use app::server_fns::stances::SetStance;
use app::server_fns::workspace::WorkspaceHtml;
use helpers::{join_as, spawn, TestApp};
use serde_json::Value;

struct Setup {
    organiser: TestApp,
    delegate: TestApp,
    observer: TestApp,
    event: String,
    doc: String,
    /// Two recommendations: "Провести семинар по вопросам ТОС." and "Создать совет НКО."
    items: Vec<String>,
}

use helpers::json;

async fn page(app: &TestApp, doc: &str) -> Value {
    json(&app.call::<GetDocument>(&[("id", doc)]).await)
}

async fn setup() -> Setup {
    let organiser = spawn().await;
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    for text in ["Провести семинар по вопросам ТОС.", "Создать совет НКО."] {
        let p = page(&organiser, &doc).await;
        let rec = p["row"]["document"]["sections"][2]["id"].as_str().unwrap().to_string();
        let revision = p["row"]["revision"].to_string();
        let added = organiser
            .call::<EditSection>(&[
                ("id", &doc),
                ("revision", &revision),
                ("section", &rec),
                ("op", "add"),
                ("text", text),
            ])
            .await;
        assert_eq!(added.status, 200, "{}", added.body);
    }
    let p = page(&organiser, &doc).await;
    let items = p["row"]["document"]["sections"][2]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let delegate = join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    let observer = join_as(&organiser, &event, "observer", "Вера Наблюдатель", "vera@example.org").await;
    Setup { organiser, delegate, observer, event, doc, items }
}

async fn discussion(app: &TestApp, doc: &str) -> Discussion {
    let answer = app.call::<GetDiscussion>(&[("id", doc)]).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.read::<Option<Discussion>>().expect("a member sees the discussion")
}

/// Parts of the document page as the workspace fetches them.
async fn workspace(app: &TestApp, doc: &str, ask: WorkspaceAsk) -> Workspace {
    let answer = app.call_postcard(&WorkspaceHtml { id: app::ids::DocumentId::new(doc), ask }).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.read::<Workspace>()
}

/// The discussion as the page fetches it again, with what was unread when it opened.
async fn discussion_page(app: &TestApp, doc: &str, unread: Option<u32>) -> DiscussionPage {
    let ask = WorkspaceAsk { parts: Parts::DISCUSSION, unread, ..WorkspaceAsk::default() };
    workspace(app, doc, ask).await.discussion.expect("read").expect("a member sees the discussion")
}

/// The text as the workspace reads it, with the answer of an «accept».
async fn reading_page(app: &TestApp, doc: &str, confirm: Option<DecideOutcome>) -> Option<Html> {
    let ask = WorkspaceAsk { parts: Parts { text: true, ..Parts::default() }, confirm, ..WorkspaceAsk::default() };
    workspace(app, doc, ask).await.text
}

async fn set_item(app: &TestApp, doc: &str, item: &str, text: &str) {
    let revision = page(app, doc).await["row"]["revision"].to_string();
    let saved = app
        .call::<EditItem>(&[("id", doc), ("revision", &revision), ("item", item), ("op", "save"), ("text", text)])
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
}

/// The workspace's discussion comes as HTML the server writes, with what only the browser knows: what was
/// unread when the page opened, the answer of an «accept» (below, in the amendments' test); which thread is
/// lit and which words are picked are the browser's alone (the form's place for them comes empty).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_reads_the_discussion_as_html() {
    let s = setup().await;
    let (doc, item) = (s.doc.as_str(), s.items[0].as_str());
    let added = s
        .delegate
        .call::<AddComment>(&[
            ("id", doc),
            ("item", item),
            ("body", "Уточнить тему"),
            ("quote", "семинар"),
            ("start", "9"),
        ])
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let comment = discussion(&s.delegate, doc).await.comments[0].id.to_string();

    let first = discussion_page(&s.organiser, doc, None).await;
    assert!(first.unread >= 1, "the delegate's comment is new to the organiser");
    assert!(first.body.0.contains(&format!("class=\"badge unread\">{} ", first.unread)), "{}", first.body.0);
    let read = discussion_page(&s.organiser, doc, None).await;
    assert_eq!(read.unread, 0, "reading it marked it read");
    let shown = discussion_page(&s.organiser, doc, Some(first.unread)).await;
    let body = &shown.body.0;
    assert_eq!(shown.unread, first.unread, "what was unread when the page opened stays shown");
    assert!(body.contains(&format!("class=\"badge unread\">{} ", first.unread)), "{body}");
    let empty = ["name=\"quote\" value=\"\"", "name=\"start\" value=\"\"", "<p class=\"picked\" hidden>", "<q></q>"];
    assert!(empty.iter().all(|e| body.contains(e)) && !body.contains(" selected"), "{body}");
    assert!(body.contains(&format!("data-comment=\"{comment}\"")) && body.contains("Уточнить тему"), "{body}");
    let add_url = <AddComment as leptos::server_fn::ServerFn>::PATH;
    assert!(body.contains(&format!("action=\"{add_url}\"")), "forms post to the server functions: {body}");
    assert!(!body.contains(" lit\"") && !body.contains(" sheet\""), "lighting is the browser's: {body}");
    assert_eq!(shown.marks.len(), 1, "the comment's words are marked");
    assert_eq!((shown.marks[0].item.as_str(), shown.marks[0].range), (item, Some((9, 16))));
    let text = reading_page(&s.organiser, doc, None).await.expect("a draft's text as read");
    assert!(text.0.contains("data-comments=") && text.0.contains("семинар"), "its words marked: {}", text.0);

    // The whole page, as it opens: the frame with the button that opens the live editor, the text as read, the
    // discussion, no ballots yet, and not the editor's start, which opening it asks for.
    let whole = workspace(&s.organiser, doc, WorkspaceAsk { parts: Parts::PAGE, ..WorkspaceAsk::default() }).await;
    let frame = whole.frame.expect("the frame");
    assert!(frame.member && frame.live, "{frame:?}");
    assert!(frame.title.contains(" — "), "{}", frame.title);
    let register_url = <app::server_fns::members::UseRegister as leptos::server_fn::ServerFn>::PATH;
    assert!(frame.head.0.contains("doc-bar") && frame.head.0.contains(register_url), "{}", frame.head.0);
    assert!(frame.head.0.contains("data-open-editor>Править текст вместе с другими<"), "{}", frame.head.0);
    assert!(frame.foot.0.contains("statistics-box"), "{}", frame.foot.0);
    assert!(whole.text.is_some_and(|t| t.0.contains("семинар")));
    assert_eq!((whole.ballots, whole.editor), (Ok(None), None));
    assert!(whole.discussion.unwrap().expect("a member's").body.0.contains("Уточнить тему"));
    let opened = workspace(&s.organiser, doc, WorkspaceAsk { parts: Parts::EDITOR, ..WorkspaceAsk::default() }).await;
    let editor: app::model::EditorStart = postcard::from_bytes(&opened.editor.expect("the editor's start")).unwrap();
    assert!(editor.can_edit && editor.doc_id.to_string() == doc && !editor.start.state.is_empty());
    assert_eq!((opened.frame, opened.text), (None, None));
    // Only what is asked for; nothing at all is still asked as someone who may read the document.
    let ballots = workspace(&s.organiser, doc, WorkspaceAsk { parts: Parts::BALLOTS, ..WorkspaceAsk::default() }).await;
    assert_eq!((ballots.frame, ballots.text, ballots.discussion, ballots.ballots), (None, None, Ok(None), Ok(None)));
    assert_eq!(ballots.editor, None);
    let nothing = WorkspaceAsk::default();
    let refused = s
        .organiser
        .another_browser()
        .call_postcard(&WorkspaceHtml { id: app::ids::DocumentId::new(doc), ask: nothing })
        .await;
    assert!((400..500).contains(&refused.status), "{} {}", refused.status, refused.body);

    // Words picked in the text as read come as printed (typography): they are found, and kept as stored.
    set_item(&s.organiser, doc, item, "Провести семинар \"Право - всем\" в мае.").await;
    let printed =
        [("id", doc), ("item", item), ("body", "Название?"), ("quote", "«Право\u{a0}— всем»"), ("start", "17")];
    assert_eq!(s.delegate.call::<AddComment>(&printed).await.status, 200);
    let on_printed = discussion(&s.delegate, doc).await.comments.into_iter().find(|c| c.body == "Название?").unwrap();
    assert_eq!(on_printed.quote, "\"Право - всем\"");

    // Not a member: nothing to show. A form body, or bytes that are not the arguments: refused, not a 5xx.
    let visitor = s.organiser.another_browser();
    let ask = WorkspaceAsk { parts: Parts::DISCUSSION, ..WorkspaceAsk::default() };
    let refused = visitor.call_postcard(&WorkspaceHtml { id: app::ids::DocumentId::new(doc), ask }).await;
    assert!((400..500).contains(&refused.status), "{} {}", refused.status, refused.body);
    let form = s.organiser.call::<WorkspaceHtml>(&[("id", doc)]).await;
    assert_eq!(form.status, 400, "{}", form.body);
    assert!(matches!(form.error(), AppError::Unreadable(_)), "{}", form.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comments_threads_and_who_may_do_what() {
    let s = setup().await;
    let (doc, item) = (s.doc.as_str(), s.items[0].as_str());

    // A comment on the words «семинар» (offset 9) stays on them when text is typed before them.
    let added = s
        .delegate
        .call::<AddComment>(&[
            ("id", doc),
            ("item", item),
            ("body", "Уточнить тему"),
            ("quote", "семинар"),
            ("start", "9"),
        ])
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let d = discussion(&s.organiser, doc).await;
    assert_eq!(d.comments.len(), 1);
    assert_eq!(d.comments[0].range, Some((9, 16)));
    set_item(&s.organiser, doc, item, "Срочно провести семинар по вопросам ТОС.").await;
    let d = discussion(&s.organiser, doc).await;
    let c = &d.comments[0];
    assert_eq!((c.range, c.quote.as_str(), c.removed), (Some((16, 23)), "семинар", false));
    assert_eq!(d.marks().len(), 1, "an open comment is highlighted");

    // Bad input changes nothing and says why.
    // As the form posts it without a selection (and without JavaScript): empty quote and offset.
    let whole = s
        .delegate
        .submit_from::<AddComment>(
            &format!("/documents/{doc}"),
            &[("id", doc), ("item", item), ("body", "Весь пункт"), ("quote", ""), ("start", "")],
        )
        .await;
    assert_eq!(whole.status, 302, "{}", whole.body);
    assert!(!whole.location.unwrap_or_default().contains("__err"), "saved, not refused");
    let empty = s.delegate.call::<AddComment>(&[("id", doc), ("item", item), ("body", "  ")]).await;
    assert_eq!(empty.error(), AppError::invalid("comment", Problem::Empty));
    let long = "я".repeat(4001);
    let too_long = s.delegate.call::<AddComment>(&[("id", doc), ("item", item), ("body", &long)]).await;
    assert_eq!(too_long.error(), AppError::invalid("comment", Problem::TooLong { max: 4000 }));
    let moved = s
        .delegate
        .call::<AddComment>(&[("id", doc), ("item", item), ("body", "x"), ("quote", "конференцию"), ("start", "0")])
        .await;
    assert_eq!(moved.error(), AppError::QuoteMoved);
    let nowhere = s.delegate.call::<AddComment>(&[("id", doc), ("item", "nothere"), ("body", "x")]).await;
    assert_eq!(nowhere.error(), AppError::ItemGone);
    assert_eq!(discussion(&s.organiser, doc).await.comments.len(), 2);

    // Observers comment only where the organiser allows.
    let observer_try = s.observer.call::<AddComment>(&[("id", doc), ("item", item), ("body", "Можно?")]).await;
    assert_eq!(observer_try.error(), AppError::Forbidden);
    let not_theirs = s.delegate.call::<SetObserversComment>(&[("event", &s.event), ("allowed", "on")]).await;
    assert_eq!(not_theirs.error(), AppError::Forbidden);
    let allowed = s.organiser.call::<SetObserversComment>(&[("event", &s.event), ("allowed", "on")]).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    let observer_ok = s.observer.call::<AddComment>(&[("id", doc), ("item", item), ("body", "Можно?")]).await;
    assert_eq!(observer_ok.status, 200, "{}", observer_ok.body);

    // Replies, edits with history, tombstones.
    let root = discussion(&s.organiser, doc).await.comments[0].id.clone();
    let reply =
        s.organiser.call::<AddComment>(&[("id", doc), ("item", item), ("body", "Согласна"), ("parent", &root)]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let foreign_edit = s.organiser.call::<EditComment>(&[("comment", &root), ("body", "Чужая правка")]).await;
    assert_eq!(foreign_edit.error(), AppError::Forbidden);
    let edited = s.delegate.call::<EditComment>(&[("comment", &root), ("body", "Уточнить тему семинара")]).await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    let d = discussion(&s.observer, doc).await;
    let c = d.comments.iter().find(|c| c.id == root).unwrap();
    assert_eq!(c.body, "Уточнить тему семинара");
    assert!(c.edited);
    assert_eq!(c.history.iter().map(|h| h.body.as_str()).collect::<Vec<_>>(), ["Уточнить тему"]);
    let reply_id = d.comments.iter().find(|c| c.parent.as_deref() == Some(root.as_str())).unwrap().id.clone();
    let foreign_delete = s.delegate.call::<DeleteComment>(&[("comment", &reply_id)]).await;
    assert_eq!(foreign_delete.error(), AppError::Forbidden);
    assert_eq!(s.organiser.call::<DeleteComment>(&[("comment", &reply_id)]).await.status, 200);
    let d = discussion(&s.delegate, doc).await;
    let tomb = d.comments.iter().find(|c| c.id == reply_id).unwrap();
    assert!(tomb.deleted && tomb.body.is_empty(), "a tombstone stays in the thread");

    // Stances: one per person, withdrawn by sending none.
    for (who, stance) in [(&s.delegate, "support"), (&s.organiser, "support"), (&s.observer, "oppose")] {
        let set = who.call::<SetStance>(&[("kind", "comment"), ("subject", &root), ("stance", stance)]).await;
        assert_eq!(set.status, 200, "{}", set.body);
    }
    s.organiser.call::<SetStance>(&[("kind", "comment"), ("subject", &root), ("stance", "oppose")]).await;
    let c = discussion(&s.organiser, doc).await.comments.into_iter().find(|c| c.id == root).unwrap();
    assert_eq!((c.support, c.oppose), (1, 2));
    s.organiser.call::<SetStance>(&[("kind", "comment"), ("subject", &root), ("stance", "none")]).await;
    let c = discussion(&s.organiser, doc).await.comments.into_iter().find(|c| c.id == root).unwrap();
    assert_eq!((c.support, c.oppose, c.mine), (1, 1, None));

    // Resolve and reopen: the author or an organiser, nobody else.
    let by_observer = s.observer.call::<ResolveComment>(&[("comment", &root), ("resolved", "true")]).await;
    assert_eq!(by_observer.error(), AppError::Forbidden);
    let resolved = s
        .organiser
        .call::<ResolveComment>(&[
            ("comment", &root),
            ("resolved", "true"),
            ("taken", "yes"),
            ("note", "Тема уточнена"),
        ])
        .await;
    assert_eq!(resolved.status, 200, "{}", resolved.body);
    let c = discussion(&s.delegate, doc).await.comments.into_iter().find(|c| c.id == root).unwrap();
    assert!(c.resolved);
    assert_eq!((c.taken, c.note.as_str()), (Some(true), "Тема уточнена"));
    let reopened = s.delegate.call::<ResolveComment>(&[("comment", &root), ("resolved", "false")]).await;
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    assert!(!discussion(&s.delegate, doc).await.comments.iter().find(|c| c.id == root).unwrap().resolved);

    // Hiding: organisers only; the words are gone from the page but kept in the audit log.
    let observer_comment =
        discussion(&s.organiser, doc).await.comments.iter().find(|c| c.body == "Можно?").unwrap().id.clone();
    assert_eq!(s.delegate.call::<HideComment>(&[("comment", &observer_comment)]).await.error(), AppError::Forbidden);
    assert_eq!(s.organiser.call::<HideComment>(&[("comment", &observer_comment)]).await.status, 200);
    let hidden = discussion(&s.delegate, doc).await.comments.into_iter().find(|c| c.id == observer_comment).unwrap();
    assert!(hidden.hidden && hidden.body.is_empty());

    // Deleting the words marks the comment as about removed text.
    set_item(&s.organiser, doc, item, "Срочно провести встречу по вопросам ТОС.").await;
    let c = discussion(&s.organiser, doc).await.comments.into_iter().find(|c| c.id == root).unwrap();
    assert!(c.removed && c.range.is_none(), "{c:?}");

    // Outsiders and anonymous readers see nothing of the discussion of a draft, and are told why.
    let anonymous = s.organiser.another_browser();
    assert_eq!(
        anonymous.call::<GetDiscussion>(&[("id", doc)]).await.error(),
        AppError::MembersOnly { signed_in: false }
    );
    let outsider = s.organiser.another_browser();
    outsider.sign_up("Гость", "guest@example.org").await;
    assert_eq!(outsider.call::<GetDiscussion>(&[("id", doc)]).await.error(), AppError::MembersOnly { signed_in: true });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amendments_from_proposal_to_decision() {
    let s = setup().await;
    let (doc, first, second) = (s.doc.as_str(), s.items[0].as_str(), s.items[1].as_str());
    // While drafting, the text is edited, not amended.
    let early = s
        .delegate
        .call::<ProposeAmendment>(&[
            ("id", doc),
            ("kind", "replace"),
            ("item", first),
            ("text", "X."),
            ("justification", "Y"),
        ])
        .await;
    assert_eq!(early.error(), AppError::NotEditable(State::Drafting));
    let to_review = [("id", doc), ("to", "review"), ("confirm", "yes")];
    assert_eq!(s.delegate.call::<ChangeStage>(&to_review).await.error(), AppError::Forbidden);
    let unconfirmed = s.organiser.call::<ChangeStage>(&[("id", doc), ("to", "review")]).await;
    assert_eq!(unconfirmed.error(), AppError::NotConfirmed);
    assert_eq!(page(&s.organiser, doc).await["row"]["state"], "drafting", "an unconfirmed move changes nothing");
    assert_eq!(s.organiser.call::<ChangeStage>(&to_review).await.status, 200);
    assert_eq!(page(&s.organiser, doc).await["row"]["state"], "review");

    let propose = |app: &TestApp, kind: &str, item: &str, text: &str, why: &str| {
        let form: Vec<(String, String)> = vec![
            ("id".into(), doc.into()),
            ("kind".into(), kind.into()),
            ("item".into(), item.into()),
            ("text".into(), text.into()),
            ("justification".into(), why.into()),
        ];
        let app = TestApp { base: app.base.clone(), client: app.client.clone(), store: app.store.clone() };
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call::<ProposeAmendment>(&form).await
        }
    };
    let no_reason = propose(&s.delegate, "replace", first, "Провести два семинара.", " ").await;
    assert_eq!(no_reason.error(), AppError::invalid("justification", Problem::Empty));
    let same = propose(&s.delegate, "replace", first, "Провести семинар по вопросам ТОС.", "так").await;
    assert_eq!(same.error(), AppError::NoChange);
    let observer = propose(&s.observer, "replace", first, "Другое.", "так").await;
    assert_eq!(observer.error(), AppError::Forbidden);
    for (kind, item, text) in [
        ("replace", first, "Провести два семинара по вопросам ТОС."),
        ("replace", first, "Провести семинар по вопросам ТОС в 2027 году."),
        ("insert", second, "Издать сборник практик."),
        ("delete", second, ""),
    ] {
        let answer = propose(&s.delegate, kind, item, text, "Обоснование").await;
        assert_eq!(answer.status, 200, "{kind}: {}", answer.body);
    }
    let d = discussion(&s.organiser, doc).await;
    assert_eq!(d.amendments.iter().map(|a| a.number).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let ids: Vec<String> = d.amendments.iter().map(|a| a.id.to_string()).collect();
    assert!(d.amendments[0]
        .diff
        .iter()
        .any(|p| matches!(p, accord_domain::discussion::Piece::Added(w) if w.contains("два"))));

    let support =
        s.observer.call::<SetStance>(&[("kind", "amendment"), ("subject", &ids[0]), ("stance", "support")]).await;
    assert_eq!(support.error(), AppError::Forbidden, "observers neither amend nor take sides on amendments");
    assert_eq!(
        s.delegate
            .call::<SetStance>(&[("kind", "amendment"), ("subject", &ids[0]), ("stance", "support")])
            .await
            .status,
        200
    );

    // Others comment on an amendment; the thread belongs to it, not to the text.
    let on_amendment = s
        .organiser
        .call::<AddComment>(&[("id", doc), ("item", ""), ("body", "Два семинара — не много?"), ("amendment", &ids[0])])
        .await;
    assert_eq!(on_amendment.status, 200, "{}", on_amendment.body);
    let d = discussion(&s.delegate, doc).await;
    let thread = d.comments.iter().find(|c| c.amendment.as_deref() == Some(ids[0].as_str())).unwrap();
    assert_eq!(thread.item, first, "filed under the amendment's item");
    let answered = s
        .delegate
        .call::<AddComment>(&[("id", doc), ("item", first), ("body", "Нет, в самый раз"), ("parent", &thread.id)])
        .await;
    assert_eq!(answered.status, 200, "{}", answered.body);
    let foreign =
        s.delegate.call::<AddComment>(&[("id", doc), ("item", first), ("body", "x"), ("amendment", "nothere")]).await;
    assert_eq!(foreign.error(), AppError::NotFound);

    // Only organisers decide; accepting applies the change to the text in one step.
    let by_delegate = s.delegate.call::<DecideAmendment>(&[("amendment", &ids[0]), ("accept", "true")]).await;
    assert_eq!(by_delegate.error(), AppError::Forbidden);
    let accepted = s.organiser.call::<DecideAmendment>(&[("amendment", &ids[0]), ("accept", "true")]).await;
    assert_eq!(accepted.read::<DecideOutcome>(), DecideOutcome::Done);
    let text =
        |p: &Value, i: usize| p["row"]["document"]["sections"][2]["items"][i]["text"].as_str().unwrap().to_string();
    assert_eq!(text(&page(&s.delegate, doc).await, 0), "Провести два семинара по вопросам ТОС.");
    let again = s.organiser.call::<DecideAmendment>(&[("amendment", &ids[0]), ("accept", "true")]).await;
    assert_eq!(again.error(), AppError::AlreadyDecided);

    // The second replacement was written against the old words: accepting shows the three texts first.
    let first_try = s.organiser.call::<DecideAmendment>(&[("amendment", &ids[1]), ("accept", "true")]).await;
    let outcome: DecideOutcome = first_try.read();
    let DecideOutcome::Confirm { amendment, base, current, proposed } = outcome else { panic!("{outcome:?}") };
    assert_eq!(amendment.to_string(), ids[1], "the answer names the amendment it asks about");
    assert_eq!(base, "Провести семинар по вопросам ТОС.");
    assert_eq!(current, "Провести два семинара по вопросам ТОС.");
    assert_eq!(proposed, "Провести семинар по вопросам ТОС в 2027 году.");
    assert_eq!(text(&page(&s.delegate, doc).await, 0), current, "nothing applied blindly");
    // The page shows the three texts with the answer it got, under the item in the text.
    let shown = reading_page(&s.organiser, doc, Some(first_try.read())).await.expect("read, not drafted").0;
    let under_item = &shown[shown.find(&format!("data-item=\"{}\"", s.items[0])).expect("the item")..];
    assert!(under_item.contains("class=\"three-way\"") && under_item.contains(&current), "{shown}");
    let without = reading_page(&s.organiser, doc, None).await.expect("read").0;
    assert!(without.contains("amendment-in-text") && !without.contains("three-way"), "asked only with the answer");
    // Reading the text marks nothing read (the panel does).
    discussion(&s.delegate, doc).await;
    let note = [("id", doc), ("item", s.items[0].as_str()), ("body", "Посмотрите поправку")];
    assert_eq!(s.organiser.call::<AddComment>(&note).await.status, 200);
    assert!(reading_page(&s.delegate, doc, None).await.is_some());
    assert_eq!(discussion(&s.delegate, doc).await.unread, 1, "reading the text marks nothing read");
    let merged = "Провести два семинара по вопросам ТОС в 2027 году.";
    let stale = s
        .organiser
        .call::<DecideAmendment>(&[
            ("amendment", &ids[1]),
            ("accept", "true"),
            ("wording", merged),
            ("seen", "старый текст"),
        ])
        .await;
    assert!(matches!(stale.read::<DecideOutcome>(), DecideOutcome::Confirm { .. }));
    let confirmed = s
        .organiser
        .call::<DecideAmendment>(&[("amendment", &ids[1]), ("accept", "true"), ("wording", merged), ("seen", &current)])
        .await;
    assert_eq!(confirmed.read::<DecideOutcome>(), DecideOutcome::Done);
    assert_eq!(text(&page(&s.delegate, doc).await, 0), merged);

    // Insertion after the second item; rejection needs a reason.
    assert_eq!(s.organiser.call::<DecideAmendment>(&[("amendment", &ids[2]), ("accept", "true")]).await.status, 200);
    assert_eq!(text(&page(&s.delegate, doc).await, 2), "Издать сборник практик.");
    let bare = s.organiser.call::<DecideAmendment>(&[("amendment", &ids[3]), ("accept", "false")]).await;
    assert_eq!(bare.error(), AppError::invalid("reason", Problem::Empty));
    let rejected = s
        .organiser
        .call::<DecideAmendment>(&[("amendment", &ids[3]), ("accept", "false"), ("reason", "Пункт нужен")])
        .await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);
    let d = discussion(&s.delegate, doc).await;
    assert_eq!(d.amendments[3].status, accord_domain::discussion::Decision::Rejected);
    assert_eq!(d.amendments[3].reason, "Пункт нужен");
    assert_eq!(page(&s.delegate, doc).await["row"]["document"]["sections"][2]["items"].as_array().unwrap().len(), 3);

    // A resolved proposal-comment and every amendment make the summary, in CSV and DOCX.
    s.delegate
        .call::<AddComment>(&[("id", doc), ("item", second), ("body", "Добавить сроки"), ("proposal", "on")])
        .await;
    let proposal = discussion(&s.organiser, doc).await.comments.iter().find(|c| c.proposal).unwrap().id.clone();
    s.organiser
        .call::<ResolveComment>(&[
            ("comment", &proposal),
            ("resolved", "true"),
            ("taken", "no"),
            ("note", "Сроки в плане"),
        ])
        .await;
    let csv = s.delegate.get(&format!("/documents/{doc}/summary.csv")).await;
    assert_eq!(csv.status, 200);
    for words in ["Поправка 1", "Поправка 4", "Пункт нужен", "Добавить сроки", "Не учтено", "Сроки в плане", "Принята"]
    {
        assert!(csv.body.contains(words), "{words} missing from {}", csv.body);
    }
    let docx = s.delegate.client.get(format!("{}/documents/{doc}/summary.docx", s.delegate.base)).send().await.unwrap();
    assert_eq!(docx.status(), 200);
    assert_eq!(&docx.bytes().await.unwrap()[..2], b"PK");
    let outsider = s.organiser.another_browser();
    assert_eq!(outsider.get(&format!("/documents/{doc}/summary.csv")).await.status, 401);

    let stranger = s.organiser.another_browser();
    let to_voting = State::Review.move_to(State::Voting, Mover::Organiser).unwrap();
    assert!(s.organiser.store.set_state(&doc.into(), to_voting).await.unwrap());
    let adopted = State::Voting.move_to(State::Adopted, Mover::Ballot).unwrap();
    assert!(s.organiser.store.set_state(&doc.into(), adopted).await.unwrap());
    assert_eq!(
        stranger.call::<GetDiscussion>(&[("id", doc)]).await.read::<Option<Discussion>>(),
        None,
        "public text, members' discussion"
    );

    // Once adopted, nothing is amended or decided any more.
    let late = propose(&s.delegate, "replace", first, "Поздно.", "так").await;
    assert_eq!(late.error(), AppError::NotEditable(State::Adopted));
    let late_comment = s.delegate.call::<AddComment>(&[("id", doc), ("item", first), ("body", "Поздно")]).await;
    assert_eq!(late_comment.error(), AppError::NotEditable(State::Adopted));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_pages_hear_of_changes_and_unread_counts() {
    use futures_util::StreamExt;
    let s = setup().await;
    let doc = s.doc.as_str();
    let response = s.delegate.client.get(format!("{}/documents/{doc}/events", s.delegate.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut events = response.bytes_stream();
    assert_eq!(discussion(&s.delegate, doc).await.unread, 0);
    let added = s.organiser.call::<AddComment>(&[("id", doc), ("item", &s.items[1]), ("body", "Новое")]).await;
    assert_eq!(added.status, 200, "{}", added.body);
    helpers::heard_until(&mut events, "data: comments", std::time::Duration::from_secs(1)).await;
    let event_page = json(&s.delegate.call::<EventPage>(&[("id", &s.event)]).await);
    assert_eq!(event_page["entry"]["documents"][0]["unread"], 1, "the event page counts it per document");
    assert_eq!(discussion(&s.delegate, doc).await.unread, 1, "the organiser's comment is new to the delegate");
    assert_eq!(discussion(&s.delegate, doc).await.unread, 0, "and read once seen");
    assert_eq!(discussion(&s.organiser, doc).await.unread, 0, "one's own comments are not news");

    // Typing in the draft is announced, at most once a second, and the text as read follows it.
    let started = std::time::Instant::now();
    for n in 1..=5 {
        set_item(&s.organiser, doc, &s.items[1], &format!("Провести выездных семинаров: {n}.")).await;
    }
    let edited = started.elapsed();
    let mut heard = String::new();
    let until = tokio::time::Instant::now() + std::time::Duration::from_millis(2500);
    while let Ok(Some(Ok(chunk))) = tokio::time::timeout_at(until, events.next()).await {
        heard.push_str(&String::from_utf8_lossy(&chunk));
    }
    let announced = heard.matches("data: text").count() as u128;
    let most = edited.as_millis() / 1000 + 2;
    assert!((1..=most.min(4)).contains(&announced), "five edits in {edited:?}, {announced} announcements: {heard}");
    assert!(reading_page(&s.delegate, doc, None).await.is_some_and(|t| t.0.contains("семинаров: 5")));

    let anonymous = s.organiser.another_browser();
    assert_eq!(anonymous.get(&format!("/documents/{doc}/events")).await.status, 401);
}

/// What LibreOffice reads in a Word file: its tracked changes and comments, and its paragraphs with every
/// change accepted and with every change rejected (`libreoffice_changes.py`).
fn libreoffice_reads(docx: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("document.docx");
    std::fs::write(&file, docx).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/libreoffice_changes.py");
    let out = std::process::Command::new("/usr/bin/python3")
        .arg(script)
        .arg(&file)
        .arg(dir.path().join("work"))
        .output()
        .expect("Debian's python3 (make test installs python3-uno and LibreOffice)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn bytes(app: &TestApp, path: &str) -> Vec<u8> {
    let answer = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(answer.status(), 200, "{path}");
    answer.bytes().await.unwrap().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecided_amendments_go_back_to_word_as_tracked_changes() {
    let s = setup().await;
    let (doc, first, second) = (s.doc.as_str(), s.items[0].as_str(), s.items[1].as_str());
    let comment = [("id", doc), ("item", second), ("body", "Какой совет?"), ("quote", "совет"), ("start", "8")];
    assert_eq!(s.delegate.call::<AddComment>(&comment).await.status, 200);
    let thread = discussion(&s.organiser, doc).await.comments[0].id.clone();
    let reply = [("id", doc), ("item", second), ("body", "Общественный"), ("parent", thread.as_str())];
    assert_eq!(s.organiser.call::<AddComment>(&reply).await.status, 200);
    let to_review = [("id", doc), ("to", "review"), ("confirm", "yes")];
    assert_eq!(s.organiser.call::<ChangeStage>(&to_review).await.status, 200);
    for (kind, item, text) in [
        ("replace", first, "Провести два семинара по вопросам ТОС."),
        ("insert", second, "Издать сборник практик."),
        ("replace", first, "Провести конференцию."),
    ] {
        let form = [("id", doc), ("kind", kind), ("item", item), ("text", text), ("justification", "Так лучше")];
        let answer = s.delegate.call::<ProposeAmendment>(&form).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let path = format!("/documents/{doc}/export.docx?changes=1");
    assert_eq!(s.organiser.another_browser().get(&path).await.status, 401);
    let draft = libreoffice_reads(&bytes(&s.organiser, &format!("/documents/{doc}/export.docx")).await);
    let review = libreoffice_reads(&bytes(&s.delegate, &path).await);

    let changes = review["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c["author"] == "Борис Делегат"), "{changes:?}");
    for kind in ["insertion", "deletion"] {
        assert!(changes.iter().any(|c| c["kind"] == kind), "{kind}: {changes:?}");
    }
    let comments = review["comments"].as_array().unwrap();
    let said = |author: &str, words: &str| {
        comments.iter().find(|c| c["author"] == author && c["paragraphs"].to_string().contains(words))
    };
    assert_eq!(said("Борис Делегат", "Какой совет?").expect("the comment")["on"], "совет", "{comments:?}");
    assert!(said("Анна Организатор", "Общественный").is_some(), "the reply: {comments:?}");
    let third = said("Борис Делегат", "Провести конференцию.").expect("a second rewording of one item, as a note");
    assert!(third["paragraphs"].to_string().contains("Поправка 3"), "{third}");
    assert!(said("Борис Делегат", "Обоснование: Так лучше").is_some(), "justifications: {comments:?}");

    // Rejecting every change gives the draft as exported; accepting them, the text once the organiser
    // accepts the same amendments in Accord.
    assert_eq!(review["rejected"], draft["accepted"]);
    let ids: Vec<String> = discussion(&s.organiser, doc).await.amendments.iter().map(|a| a.id.to_string()).collect();
    for id in &ids[..2] {
        let accepted = s.organiser.call::<DecideAmendment>(&[("amendment", id.as_str()), ("accept", "true")]).await;
        assert_eq!(accepted.read::<DecideOutcome>(), DecideOutcome::Done);
    }
    let amended = libreoffice_reads(&bytes(&s.organiser, &format!("/documents/{doc}/export.docx")).await);
    assert_eq!(review["accepted"], amended["accepted"]);
    assert_ne!(review["accepted"], review["rejected"]);
}
