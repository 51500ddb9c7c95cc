//! The command line: `accord [serve]`, `accord import FILE`, `accord export ID --format md|json|docx|pdf|ballots-csv`.

use crate::config::Config;
use accord_domain::audit::AuditAction;
use anyhow::Context;
use app::store::Store;

pub const HELP: &str = "\
accord — drafting, discussing and adopting recommendations together

USAGE:
    accord [serve]                       serve the application
    accord import FILE [--event ID] [--copies N] [--kind K] [--title T] [--date D] [--ends D] [--place P]
                 [--event-kind E] [--sections S,S,…]
                                         import a document (.txt, .md, .docx, .odt) into a new event, or into
                                         ID; N copies for load tests. The flags correct what was read: K one
                                         of resolution, recommendations, decision, final_document, conclusion,
                                         protocol, other; D as 2021-01-27 or 27.01.2021; E an event kind
                                         (seminar, round_table, conference, public_hearing, forum, meeting,
                                         public_discussion, parliamentary_hearing, other); S a section kind
                                         per section, in order (narrative, findings, problems,
                                         recommendations, agenda, heard, speeches, decisions, conclusions,
                                         table, signatures, other; - keeps one). Prints the new document
                                         ids first, then what was read and every warning
    accord export ID --format md|json|docx|pdf|ballots-csv
                                         print a document (or its named votes) to standard output
    accord user add --email E --name N   create an account; the password is read from standard input
    accord member add --event ID --email E --role delegate|observer|organiser
                                         add an account to an event
    accord token --email E --document ID print a 15-minute access token of that member for that document
    accord token --email E --event ID [--minutes M]
                                         print a token for every document of the event (M minutes, default 15)
    accord --help                        this text

SETTINGS (environment):
    ACCORD_DB          the store: surrealkv://PATH (default surrealkv://data/accord), mem://, ws://HOST:PORT
    LEPTOS_SITE_ADDR   the address to serve on (default 127.0.0.1:3000)
    LEPTOS_SITE_ROOT   the folder of the compiled site (default target/site)
    ACCORD_DEMO        1 (default): fill an empty store with demo content; 0: leave it empty
    ACCORD_LOG         log filter, e.g. info or debug (default info)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
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
    Help,
    Import { file: String, event: Option<String>, copies: u32, corrections: ImportFlags },
    Export { id: String, format: Format },
    UserAdd { email: String, name: String },
    MemberAdd { event: String, email: String, role: String },
    Token { email: String, document: String },
    EventToken { email: String, event: String, minutes: u32 },
}

/// `--flag value` pairs after a command's words, in any order.
fn flags(words: &[&str]) -> Result<std::collections::HashMap<String, String>, String> {
    let mut out = std::collections::HashMap::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let name = w.strip_prefix("--").ok_or_else(|| format!("unexpected «{w}»"))?;
        let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
        out.insert(name.to_string(), value.to_string());
    }
    Ok(out)
}

fn take(flags: &mut std::collections::HashMap<String, String>, name: &str) -> Result<String, String> {
    flags.remove(name).ok_or_else(|| format!("--{name} is required"))
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let args: Vec<String> = args.into_iter().collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["--help" | "-h" | "help"] => Ok(Command::Help),
        ["import", file, rest @ ..] => {
            let mut f = flags(rest)?;
            let copies = match f.remove("copies") {
                Some(n) => n.parse().ok().filter(|n| (1..=10_000).contains(n)).ok_or("--copies: 1 to 10000")?,
                None => 1,
            };
            let mut take = |name: &str| f.remove(name).unwrap_or_default();
            let corrections = ImportFlags {
                kind: take("kind"),
                event_kind: take("event-kind"),
                title: take("title"),
                starts_on: take("date"),
                ends_on: take("ends"),
                place: take("place"),
                sections: match take("sections") {
                    s if s.is_empty() => Vec::new(),
                    s => s.split(',').map(|k| k.trim().trim_matches('-').to_string()).collect(),
                },
            };
            let event = f.remove("event");
            if let Some(unknown) = f.keys().next() {
                return Err(format!("unknown flag --{unknown}"));
            }
            Ok(Command::Import { file: file.to_string(), event, copies, corrections })
        }
        ["export", id, "--format", format] | ["export", "--format", format, id] => {
            let format = match *format {
                "md" | "markdown" => Format::Markdown,
                "json" => Format::Json,
                "docx" => Format::Docx,
                "pdf" => Format::Pdf,
                "ballots-csv" => Format::BallotsCsv,
                other => return Err(format!("unknown format «{other}»: use md, json, docx, pdf or ballots-csv")),
            };
            Ok(Command::Export { id: id.to_string(), format })
        }
        ["export", id] => Ok(Command::Export { id: id.to_string(), format: Format::Markdown }),
        ["user", "add", rest @ ..] => {
            let mut f = flags(rest)?;
            Ok(Command::UserAdd { email: take(&mut f, "email")?, name: take(&mut f, "name")? })
        }
        ["member", "add", rest @ ..] => {
            let mut f = flags(rest)?;
            Ok(Command::MemberAdd {
                event: take(&mut f, "event")?,
                email: take(&mut f, "email")?,
                role: take(&mut f, "role")?,
            })
        }
        ["token", rest @ ..] => {
            let mut f = flags(rest)?;
            let email = take(&mut f, "email")?;
            if f.contains_key("event") {
                let minutes = match f.remove("minutes") {
                    Some(m) => m.parse().ok().filter(|m| (1..=1440).contains(m)).ok_or("--minutes: 1 to 1440")?,
                    None => 15,
                };
                return Ok(Command::EventToken { email, event: take(&mut f, "event")?, minutes });
            }
            Ok(Command::Token { email, document: take(&mut f, "document")? })
        }
        _ => Err(format!("unknown command: {}", args.join(" "))),
    }
}

pub async fn import(
    config: &Config,
    file: &str,
    event: Option<&str>,
    copies: u32,
    flags: &ImportFlags,
) -> anyhow::Result<()> {
    use accord_domain::importer::{CorrectionFields, Corrections};
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
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
    let store = Store::connect(&config.db).await?;
    let event = match event {
        Some(e) => Some(store.event(e).await.map_err(refused)?.id),
        None => None,
    };
    let import = |event: Option<String>| {
        let (store, source, corrections) = (&store, &source, &corrections);
        async move {
            app::services::imports::import_document(store, source, corrections, event.as_deref(), None)
                .await
                .map_err(refused)
        }
    };
    let (event, id) = import(event).await?;
    let mut ids = vec![id];
    for _ in 1..copies {
        ids.push(import(Some(event.clone())).await?.1);
    }
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

fn refused(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{}", app::i18n::error_message(app::i18n::Lang::En, &e))
}

pub async fn user_add(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    use accord_domain::people::{check_password, NAME_MAX};
    let email = accord_domain::Email::parse(email).map_err(|e| refused(e.into()))?;
    accord_domain::text::required("name", name, NAME_MAX).map_err(|e| refused(e.into()))?;
    let mut password = String::new();
    std::io::stdin().read_line(&mut password).context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\n', '\r']);
    check_password("password", password).map_err(|e| refused(e.into()))?;
    let store = Store::connect(&config.db).await?;
    let hash = app::auth::hash_password(password)?;
    let id = store.create_user(email.as_str(), name.trim(), &hash).await.map_err(refused)?;
    println!("{id}");
    Ok(())
}

async fn account(store: &Store, email: &str) -> anyhow::Result<app::model::UserRow> {
    let found = store.user_by_email(email).await.map_err(refused)?;
    found.map(|(user, _)| user).ok_or_else(|| refused(app::error::AppError::NoSuchAccount))
}

pub async fn member_add(config: &Config, event: &str, email: &str, role: &str) -> anyhow::Result<()> {
    let role = accord_domain::Role::from_code(role).ok_or_else(|| anyhow::anyhow!("unknown role «{role}»"))?;
    let store = Store::connect(&config.db).await?;
    let event = store.event(event).await.map_err(refused)?;
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

pub async fn token(config: &Config, email: &str, document: &str) -> anyhow::Result<()> {
    let store = Store::connect(&config.db).await?;
    let email = accord_domain::Email::parse(email).map_err(|e| refused(e.into()))?;
    let user = account(&store, email.as_str()).await?;
    let access = app::services::access::authorize(&store, Some(user), document, accord_domain::Action::ReadDocument)
        .await
        .map_err(refused)?;
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

pub async fn event_token(config: &Config, email: &str, event: &str, minutes: u32) -> anyhow::Result<()> {
    let store = Store::connect(&config.db).await?;
    let event = store.event(event).await.map_err(refused)?;
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

pub async fn export(config: &Config, id: &str, format: Format) -> anyhow::Result<()> {
    let store = Store::connect(&config.db).await?;
    let rooms = app::rooms::Rooms::new(store.clone(), Default::default());
    let bytes = crate::routes::render_export(&rooms, id, format).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Command, String> {
        parse(s.split_whitespace().map(String::from))
    }

    #[test]
    fn commands() {
        assert_eq!(p(""), Ok(Command::Serve));
        assert_eq!(p("serve"), Ok(Command::Serve));
        assert_eq!(p("--help"), Ok(Command::Help));
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
        assert!(p("import a.md --colour red").is_err(), "an unknown flag is refused");
        assert!(p("import a.md --copies 0").is_err());
        assert_eq!(
            p("token --email a@b.ru --event e1 --minutes 90"),
            Ok(Command::EventToken { email: "a@b.ru".into(), event: "e1".into(), minutes: 90 })
        );
        assert_eq!(p("export x1 --format json"), Ok(Command::Export { id: "x1".into(), format: Format::Json }));
        assert_eq!(p("export x1 --format pdf"), Ok(Command::Export { id: "x1".into(), format: Format::Pdf }));
        assert!(p("export x1 --format odt").is_err());
        assert!(p("frobnicate").is_err());
        assert_eq!(
            p("user add --name Анна --email a@b.ru"),
            Ok(Command::UserAdd { email: "a@b.ru".into(), name: "Анна".into() })
        );
        assert!(p("user add --email a@b.ru").is_err());
        assert_eq!(
            p("member add --event e1 --email a@b.ru --role delegate"),
            Ok(Command::MemberAdd { event: "e1".into(), email: "a@b.ru".into(), role: "delegate".into() })
        );
        assert_eq!(
            p("token --email a@b.ru --document d1"),
            Ok(Command::Token { email: "a@b.ru".into(), document: "d1".into() })
        );
    }
}
