//! `accord`: serves the application, or runs an administrator's command (import, export, accounts, members, tokens,
//! backups).

use server::cli::{self, Command};
use server::config::Config;

/// The stack of each worker. yrs deletes a shared type and what it holds by recursion, a call per level, and one
/// update may create types nested as deep as its frame holds (4 MiB: about 470 000 levels) and delete them at
/// once; the room measures such an update by applying it to a copy (`ydoc::nesting`, found by a second read). Measured, release build: 400 000
/// levels deleted on a 128 MiB stack; 10 000 overflowed 2 MiB. Reserved, touched only as deep as a deletion goes.
const WORKER_STACK: usize = 256 << 20;

fn main() -> std::process::ExitCode {
    // SurrealDB makes `anyhow` errors on its ordinary write path (under `Transaction::put_key`, in a profile of
    // co-drafting), and each captures a backtrace when `RUST_BACKTRACE` is set: 2.3 % of the server's CPU there.
    // A panic's backtrace still follows `RUST_BACKTRACE`. Set before any thread starts.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(WORKER_STACK)
        .build()
        .expect("the async runtime starts");
    runtime.block_on(run())
}

async fn run() -> std::process::ExitCode {
    // A mistake is answered as a shell command's: the usage and the message on standard error, exit code 2.
    let command = cli::parse(std::env::args_os().skip(1)).unwrap_or_else(|e| e.exit());
    let telemetry = server::telemetry::init(command == Command::Serve);
    let config = Config::from_env();
    let result = match command {
        Command::Serve => {
            server::application::serve(config).await.map_err(|e| cli::Failure::Unavailable(format!("{e:#}")))
        }
        Command::Import { file, event, copies, corrections } => {
            cli::import(&config, &file, event.as_deref(), copies, &corrections).await
        }
        Command::Export { id, format } => cli::export(&config, &id.into(), format).await,
        Command::UserAdd { email, name } => cli::user_add(&config, &email, &name).await,
        Command::MemberAdd { event, email, role } => cli::member_add(&config, &event, &email, role).await,
        Command::Token { email, document } => cli::token(&config, &email, &document).await,
        Command::EventToken { email, event, minutes } => cli::event_token(&config, &email, &event, minutes).await,
        Command::Backup { file } => cli::backup(&config, &file).await,
        Command::Restore { file } => cli::restore(&config, &file).await,
    };
    telemetry.exiting();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("accord: {failure}");
            std::process::ExitCode::from(failure.exit_code())
        }
    }
}
