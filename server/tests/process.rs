//! The `accord` binary as the tests run it: a command on a store, a free port, an import.
// Each test file uses a part of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_accord");

/// `accord` on the store `db`, without demo content, logging errors only.
pub fn accord(db: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("ACCORD_DB", db).env("ACCORD_DEMO", "0").env("ACCORD_LOG", "error");
    cmd
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `accord import FILE`: the new event's id and the document's.
pub fn import(db: &str, file: &Path) -> (String, String) {
    let out = accord(db).arg("import").arg(file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    let doc = out.lines().next().unwrap().trim().to_string();
    let event = out.lines().find_map(|l| l.strip_prefix("event: ")).unwrap().trim().to_string();
    (event, doc)
}
