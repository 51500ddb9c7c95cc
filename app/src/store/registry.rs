//! The registry of recommendations: one row per recommendation of an adopted document, searched with the
//! Russian full-text index, and its implementation status with dated notes.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::{DocumentId, EventId, RecommendationId};
use crate::model::Recommendation;
use accord_domain::registry::{Entry, Status};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryFilter {
    /// Words to find in any of their forms («муниципальный» finds «муниципальным»).
    pub q: String,
    pub addressee: String,
    pub region: String,
    pub year: Option<i64>,
}

/// The values the registry can be filtered by, as they occur.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub addressees: Vec<String>,
    pub regions: Vec<String>,
    pub years: Vec<i64>,
}

const FIELDS: &str = "record::id(id) AS id, record::id(document) AS document, record::id(event) AS event, number, \
    text, addressee, title, region, year, status, \
    notes.map(|$n| { at: <string> $n.at, status: $n.status, text: $n.text, author: $n.author }) AS notes";

/// The conditions of a filter; the words condition only when there are words, since `@@` needs the index.
fn conditions(filter: &RegistryFilter) -> String {
    let mut c = vec!["true"];
    if !filter.q.trim().is_empty() {
        c.push("text @@ $q");
    }
    if !filter.addressee.is_empty() {
        c.push("addressee = $addressee");
    }
    if !filter.region.is_empty() {
        c.push("region = $region");
    }
    if filter.year.is_some() {
        c.push("year = $year");
    }
    c.join(" AND ")
}

impl Store {
    /// Lists an adopted document's recommendations in the registry, once: a final document does not change.
    #[tracing::instrument(level = "debug", skip_all, fields(document = %document, event = %event))]
    pub async fn publish_recommendations(
        &self,
        document: &DocumentId,
        event: &EventId,
        title: &str,
        region: &str,
        year: Option<i64>,
        entries: &[Entry],
    ) -> Result<(), AppError> {
        let rows: Vec<Value> = entries
            .iter()
            .map(|e| json!({ "item": e.item, "number": e.number, "text": e.text, "addressee": e.addressee }))
            .collect();
        self.run(
            "BEGIN TRANSACTION;
             IF count(SELECT id FROM recommendation WHERE document = type::record('document', $document)) = 0 {
               FOR $e IN $rows {
                 CREATE recommendation SET document = type::record('document', $document),
                   event = type::record('event', $event), item = $e.item, number = $e.number, text = $e.text,
                   addressee = $e.addressee, title = $title, region = $region, year = $year RETURN NONE;
               };
             };
             COMMIT TRANSACTION;",
            json!({ "document": document, "event": event, "rows": rows, "title": title, "region": region, "year": year }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn has_recommendations(&self, document: &DocumentId) -> Result<bool, AppError> {
        let n: Option<Value> = self
            .one(
                "SELECT count() AS n FROM recommendation WHERE document = type::record('document', $document)
                 GROUP ALL",
                json!({ "document": document }),
            )
            .await?;
        Ok(n.and_then(|v| v["n"].as_u64()).unwrap_or(0) > 0)
    }

    /// One page of the registry (pages from 1) and how many match in all.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn search_registry(
        &self,
        filter: &RegistryFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<Recommendation>, u64), AppError> {
        let cond = conditions(filter);
        let sql = format!(
            "SELECT {FIELDS} FROM recommendation WHERE {cond} ORDER BY year DESC, title, number
               LIMIT $limit START $start;
             SELECT count() AS n FROM recommendation WHERE {cond} GROUP ALL;"
        );
        let vars = json!({
            "q": filter.q.trim(), "addressee": filter.addressee, "region": filter.region, "year": filter.year,
            "limit": per_page, "start": (page.max(1) - 1) as u64 * per_page as u64,
        });
        let mut response = self.query(&sql, vars).await?;
        let rows = Self::take(&sql, &mut response, 0)?;
        let count: Vec<Value> = Self::take(&sql, &mut response, 1)?;
        let total = count.first().and_then(|v| v["n"].as_u64()).unwrap_or(0);
        Ok((rows, total))
    }

    /// How the filter's recommendations stand, by addressee: the addressees with the most first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn registry_progress(
        &self,
        filter: &RegistryFilter,
    ) -> Result<Vec<crate::model::AddresseeProgress>, AppError> {
        let cond = conditions(filter);
        let sql = format!(
            "SELECT addressee, status, count() AS n FROM recommendation WHERE {cond} GROUP BY addressee, status;"
        );
        let vars = json!({ "q": filter.q.trim(), "addressee": filter.addressee, "region": filter.region, "year": filter.year });
        let mut response = self.query(&sql, vars).await?;
        let groups: Vec<Value> = Self::take(&sql, &mut response, 0)?;
        let mut by: std::collections::BTreeMap<String, [u64; 4]> = Default::default();
        for g in groups {
            let status = g["status"].as_str().and_then(accord_domain::registry::Status::from_code);
            let Some(k) = status.and_then(|s| accord_domain::registry::Status::ALL.iter().position(|x| *x == s)) else {
                continue;
            };
            let counts = by.entry(g["addressee"].as_str().unwrap_or_default().to_string()).or_default();
            counts[k] += g["n"].as_u64().unwrap_or(0);
        }
        let mut out: Vec<crate::model::AddresseeProgress> =
            by.into_iter().map(|(addressee, counts)| crate::model::AddresseeProgress { addressee, counts }).collect();
        out.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.addressee.cmp(&b.addressee)));
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn registry_facets(&self) -> Result<Facets, AppError> {
        let sql = "SELECT VALUE addressee FROM recommendation WHERE addressee != '' GROUP BY addressee;
             SELECT VALUE region FROM recommendation WHERE region != '' GROUP BY region;
             SELECT VALUE year FROM recommendation WHERE year != NONE GROUP BY year;";
        let mut response = self.query(sql, json!({})).await?;
        let mut addressees: Vec<String> = Self::take(sql, &mut response, 0)?;
        let mut regions: Vec<String> = Self::take(sql, &mut response, 1)?;
        let mut years: Vec<i64> = Self::take(sql, &mut response, 2)?;
        addressees.sort();
        regions.sort();
        years.sort_unstable_by(|a, b| b.cmp(a));
        Ok(Facets { addressees, regions, years })
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn recommendation(&self, key: &RecommendationId) -> Result<Recommendation, AppError> {
        if !valid_key(key) {
            return Err(AppError::NotFound);
        }
        let sql = format!("SELECT {FIELDS} FROM type::record('recommendation', $key)");
        self.one(&sql, json!({ "key": key })).await?.ok_or(AppError::NotFound)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn recommendations_of(&self, document: &DocumentId) -> Result<Vec<Recommendation>, AppError> {
        let sql = format!(
            "SELECT {FIELDS} FROM recommendation WHERE document = type::record('document', $document) ORDER BY number"
        );
        self.rows(&sql, json!({ "document": document })).await
    }

    /// A new status with a dated note on what happened.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn set_recommendation_status(
        &self,
        key: &RecommendationId,
        status: Status,
        note: &str,
        author: &str,
    ) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('recommendation', $key) SET status = $status,
               notes += { at: time::now(), status: $status, text: $note, author: $author } RETURN NONE",
            json!({ "key": key, "status": status, "note": note, "author": author }),
        )
        .await
    }

    /// Adopted documents whose recommendations are not yet in the registry (stores from before it existed).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn adopted_without_registry(&self) -> Result<Vec<DocumentId>, AppError> {
        let rows: Vec<Value> = self
            .rows(
                "SELECT record::id(id) AS id FROM document WHERE state = 'adopted'
                   AND count(SELECT id FROM recommendation WHERE document = $parent.id) = 0",
                json!({}),
            )
            .await?;
        Ok(rows.into_iter().filter_map(|r| r["id"].as_str().map(DocumentId::from)).collect())
    }
}
