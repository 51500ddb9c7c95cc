//! `surreal`, as SurrealDB builds it: `accord-surreal start --bind 127.0.0.1:8000 --user root --pass root memory`.
fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
