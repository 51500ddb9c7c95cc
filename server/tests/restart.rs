//! The `accord` binary on the on-disk engine: import from the command line, serve, restart, and the
//! document is still there.

use crate::process;

use process::{accord, free_port, BIN};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn serve(db: &str, port: u16) -> Child {
    accord(db).env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")).stdout(Stdio::null()).spawn().unwrap()
}

fn wait_for(url: &str) -> reqwest::blocking::Response {
    let start = Instant::now();
    loop {
        if let Ok(r) = reqwest::blocking::get(url) {
            return r;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stop(mut child: Child) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(30), "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn imported_document_survives_a_restart_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let fixture = dir.path().join("seminar.md");
    std::fs::write(&fixture, server::demo::FIXTURE).unwrap();

    let out = accord(&db).arg("import").arg(&fixture).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let id = stdout.lines().next().unwrap().trim().to_string();
    assert!(stdout.contains("recommendations: 9"), "{stdout}");
    assert!(stdout.contains("warning: line 13"), "{stdout}");

    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/documents/{id}");
    let first = serve(&db, port);
    let page = wait_for(&url).text().unwrap();
    assert!(page.contains("«ЗА»\u{a0}— 25\u{a0}чел."), "the vote as the document words it");
    stop(first);

    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/documents/{id}");
    let second = serve(&db, port);
    let page = wait_for(&url).text().unwrap();
    assert!(page.contains("Министерству экономики и внешних связей"), "the document survived the restart");
    stop(second);

    let out = accord(&db).args(["export", &id, "--format", "md"]).output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        accord_domain::import(&md).document.without_ids(),
        accord_domain::import(server::demo::FIXTURE).document.without_ids()
    );
    let out = accord(&db).args(["export", &id, "--format", "docx"]).output().unwrap();
    assert!(out.status.success() && out.stdout.starts_with(b"PK"), "a Word file on standard output");
    let out = accord(&db).args(["export", &id, "--format", "pdf"]).output().unwrap();
    assert!(out.status.success() && out.stdout.starts_with(b"%PDF-"), "a PDF on standard output");
    let out = accord(&db).args(["export", &id, "--format", "ballots-csv"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("\u{feff}Голосование;"), "a CSV with its header");
    let out = accord(&db).args(["export", &id, "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["state"], "adopted");
}

/// A crash in the middle of a write of several blocks leaves its first fragment at the end of the store's log
/// (here written by hand, as SurrealKV frames it: a checksum, a length, type 2 = first fragment, filling the
/// block). What the next session writes after it must survive the start after that (app/src/store/wal_tail.rs);
/// SurrealKV alone drops it, calling the log corrupt where the cut record was.
#[test]
fn what_is_written_after_a_write_cut_short_by_a_crash_survives_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let db = format!("surrealkv://{}", store.display());
    let fixture = dir.path().join("seminar.md");
    std::fs::write(&fixture, server::demo::FIXTURE).unwrap();
    // A command's store is dropped as the process ends, nearly always without the runtime that would close it,
    // and its log stays. A clean close folds the log into the tables and removes it (SurrealKV's `close`), which
    // is the likeliest reading of one run on a busy machine that found no log: then the next import leaves one.
    let last_segment = || {
        let mut segments: Vec<_> = std::fs::read_dir(store.join("wal")).unwrap().map(|e| e.unwrap().path()).collect();
        segments.sort();
        segments.pop()
    };
    let mut before = String::new();
    let log = (0..5)
        .find_map(|_| {
            before = process::import(&db, &fixture).1;
            last_segment()
        })
        .expect("a log segment");
    let log = &log;
    let mut tail = Vec::new();
    let mut at = std::fs::metadata(log).unwrap().len() as usize % 32_768;
    if 32_768 - at < 7 {
        tail.resize(32_768 - at, 0);
        at = 0;
    }
    let data = vec![0x5a_u8; 32_768 - at - 7];
    let mut crc = crc32fast::Hasher::new();
    crc.update(&[2]);
    crc.update(&data);
    tail.extend_from_slice(&crc.finalize().to_be_bytes());
    tail.extend_from_slice(&(data.len() as u16).to_be_bytes());
    tail.push(2);
    tail.extend_from_slice(&data);
    std::io::Write::write_all(&mut std::fs::OpenOptions::new().append(true).open(log).unwrap(), &tail).unwrap();

    let (_, after) = process::import(&db, &fixture);
    for id in [before, after] {
        let out = accord(&db).args(["export", &id, "--format", "md"]).output().unwrap();
        assert!(out.status.success(), "document {id} lost: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8(out.stdout).unwrap().contains("Министерству экономики"), "document {id}");
    }
}

/// A command's standard error, as a person reading it in a terminal log sees it.
fn plain(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    assert!(!text.contains('\u{1b}'), "no colour codes when standard error is not a terminal:\n{text}");
    assert!(
        !text.contains("ERROR") && !text.contains("INFO"),
        "no log lines from a command that went well or was refused:\n{text}"
    );
    text
}

#[test]
fn the_command_line_answers_in_one_sentence_with_an_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let fixture = dir.path().join("seminar.md");
    std::fs::write(&fixture, server::demo::FIXTURE).unwrap();
    let run = |args: &[&str]| accord(&db).env_remove("ACCORD_LOG").args(args).output().unwrap();

    let out = run(&["import", fixture.to_str().unwrap(), "--copies", "12"]);
    assert_eq!(out.status.code(), Some(0));
    let ids: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().take(12).map(str::to_string).collect();
    assert!(ids.iter().all(|id| !id.contains(' ') && !id.is_empty()), "{ids:?}");
    let progress = plain(&out.stderr);
    let lines: Vec<&str> = progress.lines().collect();
    assert_eq!(lines.last(), Some(&"imported 12 of 12 copies"), "{progress}");
    assert!(lines.len() >= 2 && lines.len() <= 11, "a line per tenth, not per copy: {progress}");

    for _ in 0..3 {
        let out = run(&["export", &ids[0]]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(plain(&out.stderr), "", "a store that closes says nothing");
    }

    let cases: [(&[&str], i32, &str); 4] = [
        (&["export", "nosuch"], 1, "accord: there is no document with the id «nosuch»\n"),
        (
            &["member", "add", "--event", "nosuch", "--email", "a@b.org", "--role", "delegate"],
            1,
            "accord: there is no event with the id «nosuch»\n",
        ),
        (
            &["import", "/nonexistent/resolution.md"],
            3,
            "accord: cannot read /nonexistent/resolution.md: there is no such file\n",
        ),
        (&["import", fixture.to_str().unwrap(), "--kind", "memo"], 1, "accord: "),
    ];
    for (args, code, said) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        let text = plain(&out.stderr);
        assert!(text.starts_with(said), "{args:?}: {text}");
        assert_eq!(text.lines().count(), 1, "one sentence: {text}");
    }
    let out = run(&["export"]);
    assert_eq!(out.status.code(), Some(2), "a mistake in the command");
}

#[test]
fn help_lists_every_setting() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for setting in ["ACCORD_DB", "LEPTOS_SITE_ADDR", "LEPTOS_SITE_ROOT", "ACCORD_DEMO", "ACCORD_LOG", "Exit codes"] {
        assert!(text.contains(setting), "{setting}");
    }
}

#[test]
fn administrators_add_users_members_and_tokens_from_the_command_line() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let fixture = dir.path().join("seminar.md");
    std::fs::write(&fixture, server::demo::FIXTURE).unwrap();
    let out = accord(&db).arg("import").arg(&fixture).output().unwrap();
    let document = String::from_utf8(out.stdout).unwrap().lines().next().unwrap().to_string();
    let event = accord(&db).args(["export", &document, "--format", "json"]).output().unwrap();
    let event: serde_json::Value = serde_json::from_slice(&event.stdout).unwrap();
    let event = event["event"]["id"].as_str().unwrap().to_string();

    let add_user = |email: &str, password: &str| {
        let mut child = accord(&db)
            .args(["user", "add", "--email", email, "--name", "Анна Петрова"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = add_user("anna@example.org", "длинный-пароль");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = add_user("anna@example.org", "длинный-пароль");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has an account"));
    assert!(!add_user("boris@example.org", "short").status.success(), "a short password is refused");

    let token = accord(&db).args(["token", "--email", "anna@example.org", "--document", &document]).output().unwrap();
    assert!(!token.status.success(), "not a member yet");
    let member = accord(&db)
        .args(["member", "add", "--event", &event, "--email", "anna@example.org", "--role", "delegate"])
        .output()
        .unwrap();
    assert!(member.status.success(), "{}", String::from_utf8_lossy(&member.stderr));
    let twice = accord(&db)
        .args(["member", "add", "--event", &event, "--email", "anna@example.org", "--role", "delegate"])
        .output()
        .unwrap();
    assert!(!twice.status.success());
    let token = accord(&db).args(["token", "--email", "anna@example.org", "--document", &document]).output().unwrap();
    assert!(token.status.success(), "{}", String::from_utf8_lossy(&token.stderr));
    assert_eq!(String::from_utf8(token.stdout).unwrap().trim().len(), 43);
}

use crate::helpers;

/// A ballot survives a crash: the server is killed mid-ballot, restarted, and every acknowledged vote is
/// still counted; the deadline set before the crash closes the ballot afterwards.
#[tokio::test]
async fn a_ballot_survives_a_crash_and_closes_at_its_deadline() {
    use app::model::BallotsPanel;
    use app::server_fns::ballots::{CastVote, GetBallots, OpenBallot};
    use app::server_fns::stages::ChangeStage;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("store").display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = serve(&db, port);
    let ready = |base: String| async move {
        let start = Instant::now();
        while reqwest::get(&base).await.is_err() {
            assert!(start.elapsed() < Duration::from_secs(60), "the server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    ready(base.clone()).await;
    // The store handle is unused here: everything goes through the running binary.
    let unused = app::store::Store::connect("mem://").await.unwrap();
    let organiser = helpers::TestApp::browser(&base, unused);
    let (event, doc) = helpers::event_with_draft(&organiser).await;
    let delegate = helpers::join_as(&organiser, &event, "delegate", "Борис Делегат", "boris@example.org").await;
    for to in ["review", "voting"] {
        assert_eq!(organiser.call::<ChangeStage>(&[("id", &doc), ("to", to), ("confirm", "yes")]).await.status, 200);
    }
    let opened = organiser
        .call::<OpenBallot>(&[
            ("id", &doc),
            ("subject", "document"),
            ("quorum", "50"),
            ("majority", "of_cast"),
            ("live", "on"),
            ("minutes", "1"),
        ])
        .await;
    assert_eq!(opened.status, 200, "{}", opened.body);
    let opened_at = Instant::now();
    // The organiser's browser, against the server wherever it listens (its cookie is for the host, any port).
    let panel = |app: &helpers::TestApp, base: &str| {
        let doc = doc.clone();
        let client = app.client.clone();
        let base = base.to_string();
        async move {
            let body = client
                .post(format!("{base}{}", <GetBallots as leptos::server_fn::ServerFn>::PATH))
                .header(reqwest::header::ORIGIN, &base)
                .header(reqwest::header::ACCEPT, "application/json")
                .form(&[("id", doc.as_str())])
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            postcard::from_bytes::<Option<BallotsPanel>>(&body).unwrap().unwrap()
        }
    };
    let id = panel(&organiser, &base).await.ballots[0].id.clone();
    for app in [&organiser, &delegate] {
        assert_eq!(app.call::<CastVote>(&[("ballot", &id), ("choice", "for")]).await.status, 200);
    }

    // SIGKILL: no shutdown, no flush beyond what each acknowledged vote already wrote.
    server.kill().unwrap();
    server.wait().unwrap();
    // Another port: the old one may have been taken by a parallel test in between.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    server = serve(&db, port);
    ready(base.clone()).await;
    let after = panel(&organiser, &base).await.ballots.remove(0);
    assert!(after.open, "still open after the restart");
    assert_eq!(after.took_part, 2, "no vote lost");
    assert!(after.closes_in_minutes.is_some_and(|m| m <= 1), "the deadline kept: {:?}", after.closes_in_minutes);

    let closed = loop {
        let b = panel(&organiser, &base).await.ballots.remove(0);
        if !b.open {
            break b;
        }
        assert!(opened_at.elapsed() < Duration::from_secs(75), "the deadline did not close the ballot");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(opened_at.elapsed() >= Duration::from_secs(59), "not before the deadline");
    let result = closed.result.unwrap();
    assert_eq!((result.took_part, result.tally.in_favour), (2, 2));
    // The result is stored first; the vote line and the stage follow within moments.
    let decided = Instant::now();
    while panel(&organiser, &base).await.state != accord_domain::State::Adopted {
        assert!(decided.elapsed() < Duration::from_secs(5), "the closed ballot did not adopt the document");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop(server);
}

/// `accord backup` while the server runs (it asks the server, which holds the store), `accord restore` into an
/// empty store: the restored store backs up to the very same file — every table's schema and every record, the
/// events, documents, versions with their SHA-256, comments, amendments, ballots, rolls and the audit log —
/// and a server on it answers the API and the exports as the first did.
#[test]
fn a_backup_taken_while_serving_restores_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let (first_db, second_db) = (
        format!("surrealkv://{}", dir.path().join("first").display()),
        format!("surrealkv://{}", dir.path().join("second").display()),
    );
    let (backup, again) = (dir.path().join("accord.surql"), dir.path().join("again.surql"));
    let public_record = |port: u16| {
        let base = format!("http://127.0.0.1:{port}");
        let list: serde_json::Value = wait_for(&format!("{base}/api/v1/documents")).json().unwrap();
        let ids: Vec<String> =
            list["items"].as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap().to_string()).collect();
        assert!(!ids.is_empty(), "the demo has a public document");
        let mut record = vec![list.to_string()];
        for id in &ids {
            for path in [format!("/api/v1/documents/{id}"), format!("/documents/{id}/export.md")] {
                let answer = reqwest::blocking::get(format!("{base}{path}")).unwrap();
                assert_eq!(answer.status(), 200, "{path}");
                record.push(answer.text().unwrap());
            }
        }
        record
    };

    let port = free_port();
    let first = accord(&first_db)
        .env("ACCORD_DEMO", "1")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let before = public_record(port);
    let out = accord(&first_db).arg("backup").arg(&backup).output().unwrap();
    assert!(out.status.success(), "a backup while the server runs: {}", plain(&out.stderr));
    assert!(!dir.path().join("accord.surql.part").exists(), "the partial file is renamed into place");
    stop(first);

    let out = accord(&second_db).arg("restore").arg(&backup).output().unwrap();
    assert!(out.status.success(), "{}", plain(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("documents"), "it says what it restored");
    let out = accord(&second_db).arg("restore").arg(&backup).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a store that holds data is not restored into");
    assert!(plain(&out.stderr).contains("empty store"));

    let port = free_port();
    let second = serve(&second_db, port);
    assert_eq!(public_record(port), before, "the restored server answers as the first did");
    stop(second);

    let out = accord(&second_db).arg("backup").arg(&again).output().unwrap();
    assert!(out.status.success(), "a backup of a store no server holds: {}", plain(&out.stderr));
    let (original, restored) = (std::fs::read_to_string(&backup).unwrap(), std::fs::read_to_string(&again).unwrap());
    for table in ["event", "document", "version", "comment", "amendment", "ballot", "voter", "audit"] {
        assert!(original.contains(&format!("-- TABLE DATA: {table}\n")), "the backup holds the records of {table}");
    }
    assert!(original == restored, "the restored store backs up to the same file");
}
