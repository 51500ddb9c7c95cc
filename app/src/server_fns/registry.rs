//! The registry of recommendations: search across adopted documents, and progress kept by organisers.

use crate::error::AppError;
use crate::ids::RecommendationId;
use crate::model::{RegistryPage, RegistryProgress};
#[cfg(feature = "ssr")]
use accord_domain::audit::AuditAction;
use leptos::prelude::*;

pub const PER_PAGE: u32 = 20;

/// Anyone may search; `year` and `page` come from a GET form, so they arrive as text.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn search_registry(
    #[server(default)] q: String,
    #[server(default)] addressee: String,
    #[server(default)] region: String,
    #[server(default)] year: String,
    #[server(default)] page: String,
) -> Result<RegistryPage, AppError> {
    super::context::answer(
        async move {
            let filter = filter_of(q, addressee, region, &year)?;
            let page = page_of(&page)?;
            let store = super::context::store()?;
            let organises: Vec<crate::ids::EventId> = match super::context::current_user().await? {
                Some(u) => store
                    .roles_of(&u.id)
                    .await?
                    .into_iter()
                    .filter(|(_, r)| *r == accord_domain::Role::Organiser)
                    .map(|(e, _)| e)
                    .collect(),
                None => Vec::new(),
            };
            let (rows, total) = store.search_registry(&filter, page, PER_PAGE).await?;
            let facets = store.registry_facets().await?;
            Ok(RegistryPage {
                items: rows,
                editable_events: organises,
                total,
                page,
                per_page: PER_PAGE,
                addressees: facets.addressees,
                regions: facets.regions,
                years: facets.years,
            })
        }
        .await,
    )
}

/// How the recommendations a search finds stand, by addressee (anyone may see it, as the registry).
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_registry_progress(
    #[server(default)] q: String,
    #[server(default)] addressee: String,
    #[server(default)] region: String,
    #[server(default)] year: String,
) -> Result<RegistryProgress, AppError> {
    super::context::answer(
        async move {
            let filter = filter_of(q, addressee, region, &year)?;
            let store = super::context::store()?;
            let facets = store.registry_facets().await?;
            Ok(RegistryProgress {
                addressees: store.registry_progress(&filter).await?,
                regions: facets.regions,
                years: facets.years,
            })
        }
        .await,
    )
}

/// The years a registry search may name, first and last.
pub const YEARS: (i64, i64) = (1900, 2200);
/// The longest search, in characters.
pub const Q_MAX: usize = 200;

#[cfg(feature = "ssr")]
pub fn filter_of(
    q: String,
    addressee: String,
    region: String,
    year: &str,
) -> Result<crate::store::registry::RegistryFilter, AppError> {
    use accord_domain::text::Problem;
    let year = match year.trim() {
        "" => None,
        y => Some(
            y.parse::<i64>()
                .ok()
                .filter(|y| (YEARS.0..=YEARS.1).contains(y))
                .ok_or(AppError::invalid("year", Problem::Unknown))?,
        ),
    };
    if q.chars().count() > Q_MAX {
        return Err(AppError::invalid("q", Problem::TooLong { max: Q_MAX }));
    }
    Ok(crate::store::registry::RegistryFilter { q, addressee, region, year })
}

#[cfg(feature = "ssr")]
pub fn page_of(page: &str) -> Result<u32, AppError> {
    match page.trim() {
        "" => Ok(1),
        p => p
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .ok_or(AppError::invalid("page", accord_domain::text::Problem::Unknown)),
    }
}

/// Records progress on a recommendation: organisers of its event only.
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn set_recommendation_status(
    id: RecommendationId,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::registry::{self, Status};
            use accord_domain::text::Problem;
            use accord_domain::Action;
            let store = super::context::store()?;
            let rec = store.recommendation(&id).await?;
            let user =
                super::context::authorize(&rec.event, Action::ManageEvent).await?.ok_or(AppError::Unauthenticated)?;
            let status = Status::from_code(&status).ok_or(AppError::invalid("status", Problem::Unknown))?;
            let note = registry::note(&note)?;
            store.set_recommendation_status(&id, status, &note, &user.name).await?;
            store
                .record(
                    Some(&user),
                    Some(&rec.event),
                    AuditAction::RecommendationStatus,
                    &format!("{id}: {}", status.code()),
                )
                .await
        }
        .await,
    )
}
