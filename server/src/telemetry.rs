//! The log on standard error: `ACCORD_LOG` filters it (default: `info` for the server, `warn` for the other
//! commands, whose output is their answer), colours only on a terminal.

use std::io::IsTerminal;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{reload, EnvFilter, Registry};

const SERVER_FILTER: &str = "info,surrealdb=warn,surrealkv=warn";
/// SurrealKV's tree warns that it cannot close when it is dropped on a thread without the runtime, which happens
/// as a command ends: every commit was already synced to its log (`sync=every`), so nothing acknowledged is at
/// stake, and a command's output is its answer. A store dropped before the command ends (`restore` refusing a
/// store that holds data) cancels its background tasks, which SurrealKV reports as errors of shutting them
/// down (`surrealkv::task`, seen once in CI on a busy machine).
const COMMAND_FILTER: &str = "warn,surrealkv::lsm=error,surrealkv::task=off";

/// The store's maintenance tasks (heartbeat, compaction, clean-up), which the runtime cancels when the
/// process ends: the store reports each as an error, and a transaction such a task had open as «dropped
/// without being committed or cancelled» (`surrealdb_datastore::tr`, seen once in CI after `import
/// --copies 12`), though none of them holds a write anybody was told of. SurrealKV's tree, dropped then, warns
/// that it cannot close (see `COMMAND_FILTER`).
const STORE_TASKS_ON_EXIT: &str = "surrealdb_core::kvs::tasks=off,surrealdb_datastore::tr=off,surrealkv::lsm=error";

/// The installed log, kept to quieten it once the work is done.
pub struct Telemetry {
    filter: Option<(reload::Handle<EnvFilter, Registry>, String)>,
}

/// `serving`: the server's log, which reports its work; otherwise a command's, which reports only problems.
pub fn init(serving: bool) -> Telemetry {
    let directives = std::env::var("ACCORD_LOG").ok().filter(|d| EnvFilter::try_new(d).is_ok());
    let default = if serving { SERVER_FILTER } else { COMMAND_FILTER };
    let directives = directives.unwrap_or_else(|| default.to_string());
    let (filter, handle) = reload::Layer::new(EnvFilter::new(&directives));
    let colours = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let output = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_ansi(colours);
    let installed = tracing_subscriber::registry().with(filter).with(output).try_init().is_ok();
    Telemetry { filter: installed.then_some((handle, directives)) }
}

impl Telemetry {
    /// Called once the command has finished, before the runtime stops the store's tasks.
    pub fn exiting(&self) {
        if let Some((handle, directives)) = &self.filter {
            let _ = handle.reload(EnvFilter::new(format!("{directives},{STORE_TASKS_ON_EXIT}")));
        }
    }
}
