//! Many `yrs` clients edit one document through the real `accord` binary on the on-disk engine, with random
//! concurrent edits, disconnects and reconnects, and the server killed (SIGKILL) and restarted mid-run.
//! Every client ends with the same text, and every edit any client made is in it: nothing acknowledged
//! or held by a client is lost.

use crate::process;
use crate::yclient;

use process::accord;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use yclient::YClient;
use yrs::{GetString, Text, Transact};

fn run(db: &str, args: &[&str], stdin: Option<&str>) -> String {
    let mut child =
        accord(db).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "accord {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn serve(db: &str, port: u16) -> Child {
    let child = accord(db)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("ACCORD_ROOM_IDLE_SECS", "1")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// A draft with recommendations, a delegate, and an access token for them.
fn prepare(db: &str, dir: &std::path::Path) -> (String, String) {
    let source: String =
        helpers_fixture().lines().filter(|l| !l.starts_with("Голосовали")).collect::<Vec<_>>().join("\n");
    let file = dir.join("draft.md");
    std::fs::write(&file, source).unwrap();
    let out = run(db, &["import", file.to_str().unwrap()], None);
    let doc = out.lines().next().unwrap().trim().to_string();
    let event = out.lines().find_map(|l| l.strip_prefix("event: ")).unwrap().trim().to_string();
    assert!(out.contains("state: drafting"), "{out}");
    run(db, &["user", "add", "--email", "d@example.org", "--name", "Делегат"], Some("пароль-длинный-1\n"));
    run(db, &["member", "add", "--event", &event, "--email", "d@example.org", "--role", "delegate"], None);
    let token = run(db, &["token", "--email", "d@example.org", "--document", &doc], None).trim().to_string();
    (doc, token)
}

/// A draft prepared on the on-disk engine and served: its directory (removed when dropped), store, port, the
/// delegate's socket address, and the server process.
struct Served {
    _dir: tempfile::TempDir,
    db: String,
    port: u16,
    url: String,
    server: Child,
}

fn served_draft() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let (doc, token) = prepare(&db, dir.path());
    let port = process::free_port();
    let url = format!("ws://127.0.0.1:{port}/ws/doc/{doc}?token={token}");
    let server = serve(&db, port);
    Served { _dir: dir, db, port, url, server }
}

fn helpers_fixture() -> &'static str {
    server::demo::FIXTURE
}

fn utf16(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// Inserts a marker at a marker boundary of a random item, or deletes one of this client's markers.
fn edit(
    client: &YClient,
    me: usize,
    n: usize,
    rng: &mut fastrand::Rng,
    mine: &mut Vec<String>,
    gone: &mut Vec<String>,
) {
    let all = client.item_texts();
    let text = &all[rng.usize(..all.len())];
    if rng.u8(..10) < 2 && !mine.is_empty() {
        let marker = mine.swap_remove(rng.usize(..mine.len()));
        for t in &all {
            let s = t.get_string(&client.doc.transact());
            if let Some(at) = s.find(&marker) {
                client.change(|txn| t.remove_range(txn, utf16(&s[..at]), utf16(&marker)));
                gone.push(marker);
                return;
            }
        }
        panic!("client {me} lost its own marker {marker}");
    }
    let s = text.get_string(&client.doc.transact());
    let boundaries: Vec<usize> =
        std::iter::once(0).chain(s.match_indices('⟩').map(|(i, _)| i + '⟩'.len_utf8())).collect();
    let at = boundaries[rng.usize(..boundaries.len())];
    let marker = format!("⟨{me}:{n}⟩");
    client.change(|txn| text.insert(txn, utf16(&s[..at]), &marker));
    mine.push(marker);
}

fn markers(doc: &accord_domain::Document) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for item in doc.sections.iter().flat_map(|s| &s.items) {
        for part in item.text.split('⟨').skip(1) {
            if let Some(end) = part.find('⟩') {
                found.insert(format!("⟨{}⟩", &part[..end]));
            }
        }
    }
    found
}

async fn reconnect(client: &mut YClient) {
    let start = Instant::now();
    while client.connect().await.is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "cannot reconnect");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn scenario(seed: u64, clients: usize, steps: usize) {
    let Served { _dir, db, port, url, mut server } = served_draft();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut ys: Vec<YClient> = (0..clients).map(|i| YClient::new(&url, 1000 + i as u64)).collect();
    for y in &mut ys {
        reconnect(y).await;
    }
    let (mut mine, mut gone) = (vec![Vec::new(); clients], Vec::new());
    let mut inserted = BTreeSet::new();
    let crash_at = steps / 2 + rng.usize(..steps / 4);
    for step in 0..steps {
        if step == crash_at {
            server.kill().unwrap();
            server.wait().unwrap();
            server = serve(&db, port);
        }
        let c = rng.usize(..clients);
        match rng.u8(..20) {
            0 if ys[c].is_connected() => ys[c].disconnect(),
            1 if !ys[c].is_connected() => reconnect(&mut ys[c]).await,
            _ => {
                let before = mine[c].len();
                edit(&ys[c], c, step, &mut rng, &mut mine[c], &mut gone);
                if mine[c].len() > before {
                    inserted.insert(mine[c].last().unwrap().clone());
                }
            }
        }
        if rng.u8(..4) == 0 {
            tokio::time::sleep(Duration::from_millis(rng.u64(1..15))).await;
        }
    }
    for y in &mut ys {
        if !y.is_connected() {
            reconnect(y).await;
        }
    }
    let expected: BTreeSet<String> = inserted.iter().filter(|m| !gone.contains(m)).cloned().collect();
    let start = Instant::now();
    loop {
        let docs: Vec<_> = ys.iter().map(|y| y.document()).collect();
        if docs.iter().all(|d| d == &docs[0]) && markers(&docs[0]) == expected {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no convergence (seed {seed}): missing {:?}",
            expected.difference(&markers(&docs[0])).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Everyone leaves; a newcomer loads the room from the store alone, after the server restarts once more.
    let settled = ys[0].document();
    drop(ys);
    // Nobody is left to give back what a crash takes back, and a writer may still be gathering (250 ms): wait
    // until the room unloads, a second after the last one leaves (`ACCORD_ROOM_IDLE_SECS`), storing all it holds.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    let mut server = serve(&db, port);
    let mut fresh = YClient::new(&url, 9999);
    reconnect(&mut fresh).await;
    assert_eq!(fresh.document(), settled, "the store holds the converged text (seed {seed})");
    server.kill().unwrap();
    server.wait().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn clients_converge_through_disconnects_and_a_crash(seed in any::<u64>()) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(scenario(seed, 5, 300));
    }
}

/// A value nested 10 000 levels deep in one 20 kB frame overflowed the stack of the worker that decoded it and
/// aborted the server (a second read found it). The server refuses a value nested deeper than a draft's may be
/// (`ydoc::frame::MAX_VALUE_DEPTH`), unread, closing only the sender's connection, and goes on serving a
/// bystander, who never receives it (yrs would recurse for it too).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_nested_deeper_than_a_stack_leaves_the_server_serving() {
    use yrs::updates::encoder::Encode;
    use yrs::{Array, ReadTxn};
    let Served { _dir, url, mut server, .. } = served_draft();
    let mut bystander = YClient::new(&url, 1001);
    reconnect(&mut bystander).await;

    // An update pushing null (126) to a root array, with a value nested `depth` levels in its place.
    let source = yrs::Doc::with_client_id(7);
    let array = source.get_or_insert_array("a");
    array.push_back(&mut source.transact_mut(), yrs::Any::Null);
    let update = source.transact().encode_state_as_update_v1(&yrs::StateVector::default());
    let at = update.iter().rposition(|&b| b == 126).unwrap();
    let frame = |depth: usize| {
        let value = [[117u8, 1].repeat(depth), vec![126]].concat();
        let forged = [&update[..at], &value[..], &update[at + 1..]].concat();
        yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(forged)).encode_v1()
    };
    for depth in [10_000, 20_000] {
        let mut sender = YClient::new(&url, 2000 + depth as u64);
        reconnect(&mut sender).await;
        sender.send_raw(frame(depth));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(!sender.is_connected(), "a frame nested {depth} levels was taken");
        assert!(server.try_wait().unwrap().is_none(), "the server ended on a frame nested {depth} levels");
        assert!(bystander.is_connected(), "the bystander's connection ended on a frame nested {depth} levels");
    }
    let mut newcomer = YClient::new(&url, 3001);
    reconnect(&mut newcomer).await;
    assert!(!newcomer.item_texts().is_empty(), "a newcomer syncs the draft");
    server.kill().unwrap();
    server.wait().unwrap();
}

/// Waits until the server has closed `client`'s connection.
async fn closed(client: &YClient, what: &str) {
    let start = Instant::now();
    while client.is_connected() {
        assert!(start.elapsed() < Duration::from_secs(10), "{what} was taken");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An update putting text into the draft's list of sections made every reading of the list by yrs spin for
/// good (found by a second read). The room withdraws it and closes its sender's connection, and only that: a
/// bystander stays connected and reads the list, and a newcomer's copy holds what the bystander typed and no
/// such text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_forged_into_a_list_is_withdrawn_and_the_room_serves() {
    use yrs::updates::encoder::Encode;
    use yrs::ReadTxn;
    let Served { _dir, url, mut server, .. } = served_draft();
    let mut bystander = YClient::new(&url, 1001);
    reconnect(&mut bystander).await;
    let text = bystander.item_texts()[0].clone();
    bystander.change(|txn| text.insert(txn, 0, "⟨до⟩"));
    let forger = accord_domain::ydoc::new_doc_with_client(7001);
    forger.get_or_insert_text(accord_domain::ydoc::SECTIONS).insert(&mut forger.transact_mut(), 0, "😀");
    let forged = forger.transact().encode_state_as_update_v1(&yrs::StateVector::default());
    let mut sender = YClient::new(&url, 2001);
    reconnect(&mut sender).await;
    sender.send_raw(yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(forged)).encode_v1());
    closed(&sender, "text in the list of sections").await;
    bystander.change(|txn| text.insert(txn, 0, "⟨после⟩"));
    let mut newcomer = YClient::new(&url, 3001);
    reconnect(&mut newcomer).await;
    let start = Instant::now();
    while !markers(&newcomer.document()).contains("⟨после⟩") {
        assert!(start.elapsed() < Duration::from_secs(10), "what the bystander typed after was not sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(bystander.is_connected(), "the bystander's connection closed");
    assert!(server.try_wait().unwrap().is_none(), "the server ended");
    for (who, client) in [("bystander", &bystander), ("newcomer", &newcomer)] {
        let roots = accord_domain::ydoc::Roots::of(&client.doc);
        assert!(accord_domain::ydoc::lists_hold_only_maps(&client.doc.transact(), &roots), "the {who} has the text");
    }
    assert!(markers(&newcomer.document()).contains("⟨до⟩"), "what the bystander typed before was lost");
    server.kill().unwrap();
    server.wait().unwrap();
}

/// yrs deletes nested types by recursion: maps nested 10 000 deep, then deleted, overflowed a 2 MiB stack and
/// aborted the process. An editor nesting maps 40 at a time has the first frame taken and the second refused;
/// one frame nesting 20 000 is refused, and deleting what it would have made leaves the server serving; one
/// frame that nests 20 000 and deletes them at once is refused too (every editor it reached would delete them by
/// recursion). The test's own clients delete by recursion too, hence its deep stacks.
#[test]
fn types_nested_too_deep_are_refused_and_the_server_serves() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(512 << 20)
        .enable_all()
        .build()
        .unwrap()
        .block_on(types_nested_too_deep());
}

async fn types_nested_too_deep() {
    use yrs::updates::encoder::Encode;
    use yrs::{Map, MapPrelim, ReadTxn};
    let Served { _dir, url, mut server, .. } = served_draft();
    let mut bystander = YClient::new(&url, 1001);
    reconnect(&mut bystander).await;
    let frame = |update: Vec<u8>| yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(update)).encode_v1();
    // Updates of `levels` maps, each in the one before, under root `m`'s innermost map; with a deep stack, as
    // the forger's own copy deletes by recursion too.
    let chains = |client: u64, rounds: Vec<usize>| {
        std::thread::Builder::new()
            .stack_size(512 << 20)
            .spawn(move || {
                let doc = accord_domain::ydoc::new_doc_with_client(client);
                let root = doc.get_or_insert_map("m");
                let mut updates = Vec::new();
                for levels in rounds {
                    let before = doc.transact().state_vector();
                    let mut txn = doc.transact_mut();
                    let mut at = root.clone();
                    while let Some(yrs::Out::YMap(inner)) = at.get(&txn, "k") {
                        at = inner;
                    }
                    for _ in 0..levels {
                        at = at.insert(&mut txn, "k", MapPrelim::default());
                    }
                    drop(txn);
                    updates.push(doc.transact().encode_state_as_update_v1(&before));
                }
                let before = doc.transact().state_vector();
                root.remove(&mut doc.transact_mut(), "k");
                updates.push(doc.transact().encode_state_as_update_v1(&before));
                updates
            })
            .unwrap()
            .join()
            .unwrap()
    };
    let forty = chains(7001, vec![40, 40]);
    let mut sender = YClient::new(&url, 2001);
    reconnect(&mut sender).await;
    sender.send_raw(frame(forty[0].clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sender.is_connected(), "40 levels were refused");
    sender.send_raw(frame(forty[1].clone()));
    closed(&sender, "80 levels").await;

    let deep = chains(7002, vec![20_000]);
    let mut sender = YClient::new(&url, 2002);
    reconnect(&mut sender).await;
    sender.send_raw(frame(deep[0].clone()));
    closed(&sender, "20 000 levels").await;
    let mut deleter = YClient::new(&url, 2003);
    reconnect(&mut deleter).await;
    deleter.send_raw(frame(deep[1].clone()));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(server.try_wait().unwrap().is_none(), "the server ended");
    let at_once = chains(7003, vec![20_000]);
    deleter.send_raw(frame(yrs::merge_updates_v1(at_once).unwrap()));
    closed(&deleter, "20 000 levels made and deleted at once").await;
    assert!(server.try_wait().unwrap().is_none(), "the server ended on 20 000 levels made and deleted at once");
    assert!(bystander.is_connected(), "the bystander's connection ended");
    let mut newcomer = YClient::new(&url, 3001);
    reconnect(&mut newcomer).await;
    assert!(!newcomer.item_texts().is_empty(), "a newcomer syncs the draft");
    server.kill().unwrap();
    server.wait().unwrap();
}

/// yrs 0.28 takes these forged updates (found by fuzzing, on the fuzzer's seed draft), then encodes the
/// transaction into bytes its own decoder refuses or cannot apply, or panics when a later sync merges what it
/// holds pending. The room refuses each (`ydoc::frame::admit`): the sender's connection closes, a bystander's
/// stays, and the draft, before and after a restart, holds what the bystander typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_updates_yrs_would_not_read_back_are_refused() {
    use yrs::updates::encoder::Encode;
    let Served { _dir, db, port, url, mut server } = served_draft();
    let forged: [&[u8]; 3] = [
        include_bytes!("../../app/domain/fuzz/corpus/frame/regression-a-stored-update-that-does-not-read-back"),
        include_bytes!("../../app/domain/fuzz/corpus/frame/regression-a-pending-update-that-does-not-read-back"),
        include_bytes!("../../app/domain/fuzz/corpus/frame/regression-a-stored-update-that-does-not-apply"),
    ];
    let mut bystander = YClient::new(&url, 1001);
    reconnect(&mut bystander).await;
    for (k, frame) in forged.into_iter().enumerate() {
        let text = bystander.item_texts()[0].clone();
        let marker = format!("⟨до:{k}⟩");
        bystander.change(|txn| text.insert(txn, 0, &marker));
        let mut sender = YClient::new(&url, 2001 + k as u64);
        reconnect(&mut sender).await;
        let seed = accord_domain::properties::seed_state().to_vec();
        sender.send_raw(yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(seed)).encode_v1());
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(sender.is_connected(), "frame {k}: the seed was refused");
        sender.send_raw(frame.to_vec());
        closed(&sender, &format!("frame {k}")).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(bystander.is_connected(), "frame {k}: the bystander's connection ended");
        assert!(server.try_wait().unwrap().is_none(), "frame {k}: the server ended");
    }
    for restarted in [false, true] {
        if restarted {
            server.kill().unwrap();
            server.wait().unwrap();
            server = serve(&db, port);
        }
        let mut newcomer = YClient::new(&url, 3001 + restarted as u64);
        reconnect(&mut newcomer).await;
        let found = markers(&newcomer.document());
        assert!((0..3).all(|k| found.contains(&format!("⟨до:{k}⟩"))), "restarted: {restarted}: {found:?}");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}
