//! `surreal`, as SurrealDB builds it: `accord-surreal start --bind 127.0.0.1:8000 --user root --pass root memory`.
// The optimised build computes the layout of SurrealDB's deeply nested async functions past the default limit.
#![recursion_limit = "256"]
fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
