//! The command line: `accord [serve]`, `accord import FILE`, `accord export ID --format md|json`.

use crate::config::Config;
use anyhow::{bail, Context};
use app::store::Store;

pub const HELP: &str = "\
accord — drafting, discussing and adopting recommendations together

USAGE:
    accord [serve]                       serve the application
    accord import FILE                   import a .txt/.md resolution; prints the new document id first
    accord export ID --format md|json    print a document to standard output
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
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Help,
    Import { file: String },
    Export { id: String, format: Format },
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let args: Vec<String> = args.into_iter().collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["serve"] => Ok(Command::Serve),
        ["--help" | "-h" | "help"] => Ok(Command::Help),
        ["import", file] => Ok(Command::Import { file: file.to_string() }),
        ["export", id, "--format", format] | ["export", "--format", format, id] => {
            let format = match *format {
                "md" | "markdown" => Format::Markdown,
                "json" => Format::Json,
                other => return Err(format!("unknown format «{other}»: use md or json")),
            };
            Ok(Command::Export { id: id.to_string(), format })
        }
        ["export", id] => Ok(Command::Export { id: id.to_string(), format: Format::Markdown }),
        _ => Err(format!("unknown command: {}", args.join(" "))),
    }
}

pub async fn import(config: &Config, file: &str) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
    if bytes.len() > app::server_fns::imports::IMPORT_MAX_BYTES {
        bail!("{file} is larger than {} KB", app::server_fns::imports::IMPORT_MAX_BYTES / 1024);
    }
    let source = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{file} is not UTF-8 text"))?;
    if source.trim().is_empty() {
        bail!("{file} is empty");
    }
    let store = Store::connect(&config.db).await?;
    let read = accord_domain::import(&source);
    let (event, id) =
        app::services::import_document(&store, &source, None).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let d = &read.document;
    let count = |k| d.items_of(k).count();
    use accord_domain::SectionKind::*;
    println!("{id}");
    println!("event: {event}");
    println!("title: {}", d.header.title);
    println!("date: {}", d.header.starts_on.map(|x| x.iso()).unwrap_or_default());
    println!("city: {}", d.header.city);
    println!("participants: {}", d.statistics.total.map(|n| n.to_string()).unwrap_or_else(|| "-".into()));
    println!(
        "findings: {}, problems: {}, recommendations: {}",
        count(Findings),
        count(Problems),
        count(Recommendations)
    );
    println!("state: {}", if d.vote.is_some() { "adopted" } else { "drafting" });
    for w in &read.warnings {
        let line = w.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        println!("warning: {line}{}", app::i18n::warning_message(app::i18n::Lang::En, &w.kind));
    }
    Ok(())
}

pub async fn export(config: &Config, id: &str, format: Format) -> anyhow::Result<()> {
    let store = Store::connect(&config.db).await?;
    let text = crate::routes::render_export(&store, id, format).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("{text}");
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
        assert_eq!(p("import a.md"), Ok(Command::Import { file: "a.md".into() }));
        assert_eq!(p("export x1 --format json"), Ok(Command::Export { id: "x1".into(), format: Format::Json }));
        assert!(p("export x1 --format pdf").is_err());
        assert!(p("frobnicate").is_err());
    }
}
