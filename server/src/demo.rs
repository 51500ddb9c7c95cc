//! Demo content for a first start: the fixture seminar as an adopted public document, and a round table
//! whose draft is in progress.

use accord_domain::{Date, Document, DocumentKind, Event, EventKind, Header, SectionKind, State};
use app::model::UserRow;
use app::store::Store;

/// The demo organiser's account, for trying Accord locally; printed in the README.
pub const DEMO_EMAIL: &str = "demo@accord.local";
pub const DEMO_PASSWORD: &str = "accord-demo";

pub const FIXTURE: &str = include_str!("../../app/domain/tests/fixtures/seminar-2021-blagoveshchensk.md");

pub async fn seed_if_empty(store: &Store) -> anyhow::Result<()> {
    let empty = store.is_empty().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if !empty {
        return Ok(());
    }
    let hash = app::auth::hash_password(DEMO_PASSWORD)?;
    let id = store.create_user(DEMO_EMAIL, "Организатор (демо)", &hash).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let organiser = UserRow { id, email: DEMO_EMAIL.into(), name: "Организатор (демо)".into() };
    app::services::imports::import_document(store, FIXTURE, &Default::default(), None, Some(&organiser))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let event = Event {
        kind: EventKind::RoundTable,
        title: "Поддержка территориального общественного самоуправления в Амурской области".into(),
        starts_on: Date::new(2026, 12, 10).expect("a valid date"),
        ends_on: None,
        city: "Благовещенск".into(),
        organiser: "Ресурсный центр поддержки НКО Амурской области".into(),
        description: "Обсуждение проекта рекомендаций по поддержке ТОС: финансирование, обучение актива, \
                      взаимодействие с органами местного самоуправления."
            .into(),
    };
    let mut rng = fastrand::Rng::new();
    let header = Header::for_event(&event, DocumentKind::Recommendations);
    let mut doc = Document::blank(header, &mut rng);
    let ids: Vec<_> = doc.sections.iter().map(|s| (s.kind, s.id.clone())).collect();
    for (kind, id) in ids {
        let texts: &[&str] = match kind {
            SectionKind::Findings => &["в области действует более 300 органов ТОС;"],
            SectionKind::Problems => &["недостаточное финансирование проектов ТОС;", "нехватка обученного актива."],
            _ => &[
                "Министерству экономики и внешних связей предусмотреть конкурс грантов для ТОС.",
                "Органам местного самоуправления провести обучающие семинары для актива ТОС.",
            ],
        };
        for text in texts {
            let item = doc.add_item(&id, text, &mut rng).map_err(|e| anyhow::anyhow!("{e}"))?;
            if let Some((addressee, rest)) = accord_domain::importer::split_addressee(text) {
                doc.set_item(&item, &rest, &addressee).map_err(|e| anyhow::anyhow!("{e}"))?;
            }
        }
    }
    store
        .create_event_with_document(&event, Some(&organiser), State::Drafting, false, &doc, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tracing::info!("the store was empty: demo content added");
    Ok(())
}
