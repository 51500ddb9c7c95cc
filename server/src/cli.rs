//! The command line, read by clap: `accord [serve]`, `accord import FILE`, `accord export ID`, `accord user add`,
//! `accord member add`, `accord token`, `accord backup FILE`, `accord restore FILE`; `accord help [COMMAND]` or
//! `--help` after any of them says more.

use crate::config::Config;
use accord_domain::audit::AuditAction;
use accord_domain::Role;
use app::ids::{DocumentId, EventId};
use app::store::Store;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// What `accord --help` adds after the commands: the settings, which come from the environment.
const SETTINGS: &str = "\
Settings (environment):
  ACCORD_DB          the store: surrealkv://PATH (default surrealkv://data/accord), mem://, ws://HOST:PORT
  ACCORD_DB_USER     with ACCORD_DB_PASS: the SurrealDB server's root user (ws:// only)
  LEPTOS_SITE_ADDR   the address to serve on (default 127.0.0.1:3000)
  LEPTOS_SITE_ROOT   the folder of the compiled site (default target/site)
  ACCORD_DEMO        1 (default): fill an empty store with demo content; 0: leave it empty
  ACCORD_LOG         log filter, e.g. info or debug (default info serving, warn for the other commands)

Exit codes: 0 done; 1 refused (the message says why); 2 a mistake in the command; 3 the store, a file or
the server's address cannot be opened.";

/// The words `accord` is run with, as clap reads them; [`parse`] turns them into a [`Command`].
#[derive(Debug, Parser)]
#[command(
    name = "accord",
    version,
    about = "accord — drafting, discussing and adopting recommendations together",
    long_about = "accord — drafting, discussing and adopting recommendations together.\n\n\
                  Without a command, serves the application.",
    after_help = SETTINGS
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Words>,
}

#[derive(Debug, Subcommand)]
enum Words {
    /// Serve the application (the default)
    Serve,
    /// Import a document (.txt, .md, .docx, .odt) into a new event, or into --event
    ///
    /// Prints the new document ids first, then what was read and every warning. The flags --kind to --sections
    /// correct what was read, as the import page's preview does.
    #[command(args_override_self = true)]
    Import(ImportArgs),
    /// Print a document (or its named votes) to standard output
    #[command(args_override_self = true)]
    Export {
        /// The document's id
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Accounts: `accord user add`
    #[command(subcommand)]
    User(UserWords),
    /// Members of an event: `accord member add`
    #[command(subcommand)]
    Member(MemberWords),
    /// Print an access token of a member: for one document (15 minutes), or for every document of an event
    #[command(args_override_self = true)]
    Token(TokenArgs),
    /// Write the whole store (schema and records, as SurrealQL) to FILE; while the server runs, it is asked
    Backup {
        /// The file to write (written beside it first, then renamed)
        file: String,
    },
    /// Restore a backup into an empty store (the server must not be running on it)
    Restore {
        /// A file `accord backup` wrote
        file: String,
    },
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The file to import
    file: String,
    /// The id of the event to import into (default: a new event)
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    event: Option<String>,
    /// How many copies to import, for load tests
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    copies: u32,
    /// The kind of document: resolution, recommendations, decision, final_document, conclusion, protocol, other
    #[arg(long, value_name = "K", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    kind: String,
    /// The title of the event
    #[arg(long, value_name = "T", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    title: String,
    /// The day the event started, as 2021-01-27 or 27.01.2021
    #[arg(long, value_name = "D", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    date: String,
    /// The day the event ended, as --date
    #[arg(long, value_name = "D", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    ends: String,
    /// Where the event took place
    #[arg(long, value_name = "P", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    place: String,
    /// The kind of event: seminar, round_table, conference, public_hearing, forum, meeting, public_discussion,
    /// parliamentary_hearing, other
    #[arg(long, value_name = "E", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    event_kind: String,
    /// A kind per section, in order, separated by commas: narrative, findings, problems, recommendations,
    /// agenda, heard, speeches, decisions, conclusions, table, signatures, other; - keeps one
    #[arg(long, value_name = "S,S,…", default_value = "", hide_default_value = true, allow_hyphen_values = true)]
    sections: String,
}

#[derive(Debug, Subcommand)]
enum UserWords {
    /// Create an account; the password is read from standard input
    #[command(args_override_self = true)]
    Add {
        #[arg(long, value_name = "E", allow_hyphen_values = true)]
        email: String,
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum MemberWords {
    /// Add an account to an event
    #[command(args_override_self = true)]
    Add {
        /// The event's id
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        event: String,
        /// The account's e-mail
        #[arg(long, value_name = "E", allow_hyphen_values = true)]
        email: String,
        #[arg(long, value_parser = role())]
        role: Role,
    },
}

#[derive(Debug, Args)]
struct TokenArgs {
    /// The member's e-mail
    #[arg(long, value_name = "E", allow_hyphen_values = true)]
    email: String,
    #[command(flatten)]
    target: TokenTarget,
    /// How long the token of an event lasts, in minutes
    #[arg(long, value_name = "M", default_value_t = 15, value_parser = clap::value_parser!(u32).range(1..=1440))]
    #[arg(conflicts_with = "document")]
    minutes: u32,
}

/// A token is for one document or for a whole event: one of the two.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
struct TokenTarget {
    /// The document's id: a 15-minute token for it
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    document: Option<String>,
    /// The event's id: a token for every document of the event
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    event: Option<String>,
}

/// The roles by their codes, read by the domain's own `Role::from_code`.
fn role() -> impl TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::ALL.map(Role::code))
        .try_map(|code| Role::from_code(&code).ok_or_else(|| format!("unknown role «{code}»")))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[value(name = "md", alias = "markdown")]
    Markdown,
    Json,
    Docx,
    Pdf,
    /// The votes of the document's named ballots.
    BallotsCsv,
}

/// What `accord import` is told to correct, as written on the command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportFlags {
    pub kind: String,
    pub event_kind: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub sections: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Import { file: String, event: Option<String>, copies: u32, corrections: ImportFlags },
    Export { id: String, format: Format },
    UserAdd { email: String, name: String },
    MemberAdd { event: String, email: String, role: Role },
    Token { email: String, document: String },
    EventToken { email: String, event: String, minutes: u32 },
    Backup { file: String },
    Restore { file: String },
}

/// Reads the words after `accord`. An error (or `--help`, `--version`) is clap's: `error.exit()` prints it
/// with the usage and exits with 2 (0 for help and version).
pub fn parse<I, T>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(std::iter::once("accord".into()).chain(args.into_iter().map(Into::into)))?;
    Ok(match cli.command {
        None | Some(Words::Serve) => Command::Serve,
        Some(Words::Import(a)) => {
            let sections = match a.sections.as_str() {
                "" => Vec::new(),
                s => s.split(',').map(|k| k.trim().trim_matches('-').to_string()).collect(),
            };
            let corrections = ImportFlags {
                kind: a.kind,
                event_kind: a.event_kind,
                title: a.title,
                starts_on: a.date,
                ends_on: a.ends,
                place: a.place,
                sections,
            };
            Command::Import { file: a.file, event: a.event, copies: a.copies, corrections }
        }
        Some(Words::Export { id, format }) => Command::Export { id, format },
        Some(Words::User(UserWords::Add { email, name })) => Command::UserAdd { email, name },
        Some(Words::Member(MemberWords::Add { event, email, role })) => Command::MemberAdd { event, email, role },
        Some(Words::Token(TokenArgs { email, target, minutes })) => match target {
            TokenTarget { event: Some(event), .. } => Command::EventToken { email, event, minutes },
            TokenTarget { document, .. } => Command::Token { email, document: document.unwrap_or_default() },
        },
        Some(Words::Backup { file }) => Command::Backup { file },
        Some(Words::Restore { file }) => Command::Restore { file },
    })
}

pub async fn import(config: &Config, file: &str, event: Option<&str>, copies: u32, flags: &ImportFlags) -> Outcome {
    use accord_domain::importer::{CorrectionFields, Corrections};
    let bytes = std::fs::read(file).map_err(|e| unreadable(file, e))?;
    let source = app::services::imports::read_upload(file, &bytes).map_err(refused)?;
    let fields = CorrectionFields {
        kind: &flags.kind,
        event_kind: &flags.event_kind,
        title: &flags.title,
        starts_on: &flags.starts_on,
        ends_on: &flags.ends_on,
        place: &flags.place,
        sections: &flags.sections,
    };
    let corrections = Corrections::from_fields(&fields).map_err(|e| refused(e.into()))?;
    let read = accord_domain::import(&source);
    let mut doc = read.document.clone();
    corrections.apply(&mut doc).map_err(|e| refused(e.into()))?;
    let store = connect(config).await?;
    let event = match event {
        Some(e) => Some(store.event(&EventId::from(e)).await.map_err(missing("event", e))?.id),
        None => None,
    };
    let import = |event: Option<EventId>| {
        let (store, source, corrections) = (&store, &source, &corrections);
        async move {
            app::services::imports::import_document(store, source, corrections, event.as_ref(), None)
                .await
                .map_err(refused)
        }
    };
    let (event, id) = import(event).await?;
    let mut ids = vec![id];
    let mut progress = Progress::new(copies);
    for _ in 1..copies {
        ids.push(import(Some(event.clone())).await?.1);
        progress.show(ids.len() as u32);
    }
    drop(progress);
    for id in &ids {
        println!("{id}");
    }
    let facts = accord_domain::importer::event_facts(&doc);
    let h = &doc.header;
    println!("event: {event}");
    println!("kind: {}", h.kind.code());
    println!("heading: {}", h.doc_kind);
    println!("title: {}", facts.title);
    println!("date: {}", facts.starts_on.map(|x| x.iso()).unwrap_or_default());
    println!("place: {}", facts.place);
    println!("participants: {}", doc.statistics.total.map(|n| n.to_string()).unwrap_or_else(|| "-".into()));
    let sections: Vec<String> = doc.sections.iter().map(|s| format!("{} ({})", s.kind.code(), s.items.len())).collect();
    println!("sections: {}", sections.join(", "));
    println!("recommendations: {}", accord_domain::registry::entries(&doc).len());
    println!("state: {}", if doc.recorded_votes().next().is_some() { "adopted" } else { "drafting" });
    for w in read.warnings.iter().filter(|w| !corrections.settle(&w.kind)) {
        let line = w.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        println!("warning: {line}{}", app::i18n::warning_message(app::i18n::Lang::En, &w.kind));
    }
    Ok(())
}

/// How far `import --copies` has gone, on standard error (the ids go to standard output): one line kept up to
/// date on a terminal, a line per tenth otherwise.
struct Progress {
    total: u32,
    terminal: bool,
    shown: u32,
}

impl Progress {
    fn new(total: u32) -> Progress {
        use std::io::IsTerminal;
        Progress { total, terminal: std::io::stderr().is_terminal(), shown: 0 }
    }

    fn show(&mut self, done: u32) {
        let step = if self.terminal { 1 } else { self.total.div_ceil(10).max(1) };
        if done - self.shown >= step || done == self.total {
            self.shown = done;
            let line = format!("imported {done} of {} copies", self.total);
            if self.terminal {
                eprint!("\r{line}");
            } else {
                eprintln!("{line}");
            }
        }
    }
}

/// A line kept up to date on a terminal is ended, however the import ends, so what follows starts a line.
impl Drop for Progress {
    fn drop(&mut self) {
        if self.terminal && self.shown > 0 {
            eprintln!();
        }
    }
}

/// Why a command did not do what it was asked: one sentence, and an exit code that tells a script which.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// What was asked cannot be done: an unknown id, a field the importer refuses, no access.
    Refused(String),
    /// The store or a file cannot be opened or read.
    Unavailable(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Refused(_) => 1,
            Failure::Unavailable(_) => 3,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (Failure::Refused(sentence) | Failure::Unavailable(sentence)) = self;
        f.write_str(sentence)
    }
}

pub type Outcome = Result<(), Failure>;

fn refused(e: app::error::AppError) -> Failure {
    Failure::Refused(app::i18n::error_message(app::i18n::Lang::En, &e).to_string())
}

/// `refused`, naming what a command line gave that the store has not got.
fn missing<'a>(what: &'static str, id: &'a str) -> impl Fn(app::error::AppError) -> Failure + 'a {
    move |e| match e {
        app::error::AppError::NotFound => Failure::Refused(format!("there is no {what} with the id «{id}»")),
        e => refused(e),
    }
}

/// The store cannot be opened: its address and the store's own words.
fn unavailable(e: anyhow::Error) -> Failure {
    Failure::Unavailable(format!("{e:#}"))
}

fn unreadable(what: &str, e: std::io::Error) -> Failure {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Failure::Unavailable(format!("cannot read {what}: {why}"))
}

/// The store's lock is held by another process: a server is running on it.
fn in_use(e: &anyhow::Error) -> bool {
    format!("{e:#}").contains("already locked")
}

/// `accord backup FILE`: the store's export, from the store itself or, while a server holds it, from the server.
pub async fn backup(config: &Config, file: &str) -> Outcome {
    let to = std::path::Path::new(file);
    // Opening a store makes one where there is none: a mistyped ACCORD_DB would back up nothing and succeed.
    if config.db.starts_with("mem:") {
        return Err(Failure::Refused(
            "a store in memory lives and dies with its server: there is nothing to back up".into(),
        ));
    }
    if let Some(path) = config.db.strip_prefix("surrealkv://").map(|p| p.split('?').next().unwrap_or(p)) {
        if !std::path::Path::new(path).exists() {
            return Err(Failure::Unavailable(format!("there is no store at {path} (ACCORD_DB={})", config.db)));
        }
    }
    let written = match config.open_store().await {
        Ok(store) => {
            let part = crate::backup::part_of(to);
            let done = match store.backup(&part).await {
                Ok(()) => crate::backup::put_in_place(&part, to),
                Err(e) => {
                    let _ = std::fs::remove_file(&part);
                    Err(e)
                }
            };
            done.map_err(unavailable)?;
            std::fs::metadata(to).map(|m| m.len()).unwrap_or(0)
        }
        Err(e) if in_use(&e) => crate::backup::from_running_server(&config.db, to).await.map_err(unavailable)?,
        Err(e) => return Err(unavailable(e)),
    };
    println!("{file}: {written} bytes");
    Ok(())
}

/// `accord restore FILE`: a backup into an empty store.
pub async fn restore(config: &Config, file: &str) -> Outcome {
    use app::store::Restore;
    let from = std::path::Path::new(file);
    std::fs::File::open(from).map_err(|e| unreadable(file, e))?;
    let store = match Store::restore(&config.db, from, config.db_caches).await {
        Ok(store) => store,
        Err(Restore::NotEmpty) => return Err(Failure::Refused(Restore::NotEmpty.to_string())),
        Err(Restore::Failed(e)) if in_use(&e) => {
            return Err(Failure::Unavailable(format!(
                "a server is running on {}: stop it first (a backup is restored into an empty store)",
                config.db
            )))
        }
        Err(Restore::Failed(e)) => {
            return Err(Failure::Unavailable(format!(
                "{e:#}; the store may hold part of the backup now: remove it before restoring again"
            )))
        }
    };
    let documents = store.documents().await.map_err(refused)?;
    println!("restored {file}: {} documents", documents.len());
    Ok(())
}

async fn connect(config: &Config) -> Result<Store, Failure> {
    config.open_store().await.map_err(unavailable)
}

pub async fn user_add(config: &Config, email: &str, name: &str) -> Outcome {
    use accord_domain::people::{check_password, NAME_MAX};
    let email = accord_domain::Email::parse(email).map_err(|e| refused(e.into()))?;
    accord_domain::text::required("name", name, NAME_MAX).map_err(|e| refused(e.into()))?;
    let mut password = String::new();
    std::io::stdin().read_line(&mut password).map_err(|e| unreadable("the password from standard input", e))?;
    let password = password.trim_end_matches(['\n', '\r']);
    check_password("password", password).map_err(|e| refused(e.into()))?;
    let store = connect(config).await?;
    let hash = app::auth::hash_password(password)
        .map_err(|e| refused(app::error::AppError::unexpected("hashing a password", e)))?;
    let id = store.create_user(email.as_str(), name.trim(), &hash).await.map_err(refused)?;
    println!("{id}");
    Ok(())
}

async fn account(store: &Store, email: &str) -> Result<app::model::UserRow, Failure> {
    let found = store.user_by_email(email).await.map_err(refused)?;
    found.map(|(user, _)| user).ok_or_else(|| refused(app::error::AppError::NoSuchAccount))
}

pub async fn member_add(config: &Config, event: &str, email: &str, role: Role) -> Outcome {
    let store = connect(config).await?;
    let event = store.event(&EventId::from(event)).await.map_err(missing("event", event))?;
    let email = accord_domain::Email::parse(email).map_err(|e| refused(e.into()))?;
    let user = account(&store, email.as_str()).await?;
    let profile = accord_domain::Profile {
        full_name: user.name.clone(),
        organisation: String::new(),
        category: accord_domain::ParticipantCategory::Other,
        region: String::new(),
        speaker: false,
        discussion: false,
        public_name: false,
    };
    let id = store.add_member(&event.id, &user.id, role, &profile).await.map_err(refused)?;
    store
        .record(None, Some(&event.id), AuditAction::AddMember, &format!("{} {} (command line)", user.name, role.code()))
        .await
        .map_err(refused)?;
    println!("{id}");
    Ok(())
}

pub async fn token(config: &Config, email: &str, document: &str) -> Outcome {
    let store = connect(config).await?;
    let email = accord_domain::Email::parse(email).map_err(|e| refused(e.into()))?;
    let user = account(&store, email.as_str()).await?;
    let access = app::services::access::authorize(
        &store,
        Some(user),
        &DocumentId::from(document),
        accord_domain::Action::ReadDocument,
    )
    .await
    .map_err(missing("document", document))?;
    // A link to a document is handed only to the members of its event.
    let (Some(user), Some(_)) = (access.user, access.caller.role) else {
        return Err(refused(app::error::AppError::Forbidden));
    };
    let row = access.row;
    let token = app::auth::new_token();
    store.create_access_token(&user.id, &row.id, &app::auth::token_hash(&token)).await.map_err(refused)?;
    println!("{token}");
    Ok(())
}

pub async fn event_token(config: &Config, email: &str, event: &str, minutes: u32) -> Outcome {
    let store = connect(config).await?;
    let event = store.event(&EventId::from(event)).await.map_err(missing("event", event))?;
    let email = accord_domain::Email::parse(email).map_err(|e| refused(e.into()))?;
    let user = account(&store, email.as_str()).await?;
    if store.role_in(&event.id, &user.id).await.map_err(refused)?.is_none() {
        return Err(refused(app::error::AppError::Forbidden));
    }
    let token = app::auth::new_token();
    store.create_event_token(&user.id, &event.id, &app::auth::token_hash(&token), minutes).await.map_err(refused)?;
    println!("{token}");
    Ok(())
}

pub async fn export(config: &Config, id: &DocumentId, format: Format) -> Outcome {
    let store = connect(config).await?;
    let rooms = app::rooms::Rooms::new(store.clone(), Default::default());
    let bytes = crate::routes::render_export(&rooms, id, format).await.map_err(missing("document", id))?;
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = out.write_all(&bytes).and_then(|()| out.flush());
    written.map_err(|e| Failure::Unavailable(format!("cannot write the export: {e}")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use clap::CommandFactory;

    fn p(s: &str) -> Result<Command, ErrorKind> {
        parse(s.split_whitespace()).map_err(|e| e.kind())
    }

    #[test]
    fn commands() {
        assert_eq!(p(""), Ok(Command::Serve));
        assert_eq!(p("serve"), Ok(Command::Serve));
        assert_eq!(p("--help"), Err(ErrorKind::DisplayHelp));
        assert_eq!(p("-h"), Err(ErrorKind::DisplayHelp));
        assert_eq!(p("help"), Err(ErrorKind::DisplayHelp));
        assert_eq!(p("import --help"), Err(ErrorKind::DisplayHelp));
        assert_eq!(
            p("import a.md"),
            Ok(Command::Import { file: "a.md".into(), event: None, copies: 1, corrections: ImportFlags::default() })
        );
        assert_eq!(
            p("import a.md --event e1 --copies 3"),
            Ok(Command::Import {
                file: "a.md".into(),
                event: Some("e1".into()),
                copies: 3,
                corrections: ImportFlags::default()
            })
        );
        let Ok(Command::Import { corrections, .. }) =
            p("import p.docx --kind protocol --date 20.10.2017 --place Москва --sections -,decisions")
        else {
            panic!("an import")
        };
        assert_eq!(corrections.kind, "protocol");
        assert_eq!(corrections.starts_on, "20.10.2017");
        assert_eq!(corrections.sections, ["", "decisions"]);
        let Ok(Command::Import { corrections, .. }) = p("import p.docx --event-kind forum --sections -,-,narrative")
        else {
            panic!("an import")
        };
        assert_eq!(corrections.event_kind, "forum");
        assert_eq!(corrections.sections, ["", "", "narrative"]);
        let Ok(Command::Import { corrections, .. }) = p("import p.docx --title A --title B") else {
            panic!("an import")
        };
        assert_eq!(corrections.title, "B", "the last of a repeated flag counts");
        assert_eq!(p("import a.md --colour red"), Err(ErrorKind::UnknownArgument), "an unknown flag is refused");
        assert_eq!(p("import a.md --copies 0"), Err(ErrorKind::ValueValidation));
        assert_eq!(p("import a.md --copies 10001"), Err(ErrorKind::ValueValidation));
        assert_eq!(p("import"), Err(ErrorKind::MissingRequiredArgument));
        assert_eq!(
            p("token --email a@b.ru --event e1 --minutes 90"),
            Ok(Command::EventToken { email: "a@b.ru".into(), event: "e1".into(), minutes: 90 })
        );
        assert_eq!(
            p("token --email a@b.ru --event e1"),
            Ok(Command::EventToken { email: "a@b.ru".into(), event: "e1".into(), minutes: 15 })
        );
        assert_eq!(p("token --email a@b.ru --event e1 --minutes 1441"), Err(ErrorKind::ValueValidation));
        assert_eq!(p("export x1"), Ok(Command::Export { id: "x1".into(), format: Format::Markdown }));
        assert_eq!(p("export x1 --format json"), Ok(Command::Export { id: "x1".into(), format: Format::Json }));
        assert_eq!(p("export --format pdf x1"), Ok(Command::Export { id: "x1".into(), format: Format::Pdf }));
        assert_eq!(p("export x1 --format markdown"), Ok(Command::Export { id: "x1".into(), format: Format::Markdown }));
        assert_eq!(
            p("export x1 --format ballots-csv"),
            Ok(Command::Export { id: "x1".into(), format: Format::BallotsCsv })
        );
        assert_eq!(p("export x1 --format odt"), Err(ErrorKind::InvalidValue));
        assert_eq!(p("frobnicate"), Err(ErrorKind::InvalidSubcommand));
        assert_eq!(
            p("user add --name Анна --email a@b.ru"),
            Ok(Command::UserAdd { email: "a@b.ru".into(), name: "Анна".into() })
        );
        assert_eq!(p("user add --email a@b.ru"), Err(ErrorKind::MissingRequiredArgument));
        assert_eq!(
            p("member add --event e1 --email a@b.ru --role delegate"),
            Ok(Command::MemberAdd { event: "e1".into(), email: "a@b.ru".into(), role: Role::Delegate })
        );
        assert_eq!(p("member add --event e1 --email a@b.ru --role chair"), Err(ErrorKind::InvalidValue));
        assert_eq!(
            p("token --email a@b.ru --document d1"),
            Ok(Command::Token { email: "a@b.ru".into(), document: "d1".into() })
        );
        assert_eq!(p("token --email a@b.ru"), Err(ErrorKind::MissingRequiredArgument));
        assert_eq!(p("token --email a@b.ru --document d1 --event e1"), Err(ErrorKind::ArgumentConflict));
        assert_eq!(p("token --email a@b.ru --document d1 --minutes 5"), Err(ErrorKind::ArgumentConflict));
    }

    #[test]
    fn the_help_is_consistent() {
        Cli::command().debug_assert();
        let help = Cli::command().render_long_help().to_string();
        for word in ["import", "export", "user", "member", "token", "ACCORD_DB", "ACCORD_LOG"] {
            assert!(help.contains(word), "{word}:\n{help}");
        }
    }
}
