//! The registry of recommendations: one row per recommendation of an adopted document, searched with the
//! Russian full-text index, and its implementation status with dated notes.

use super::{valid_key, Store};
use crate::error::AppError;
use crate::ids::{DocumentId, EventId, RecommendationId};
use crate::model::Recommendation;
use accord_domain::registry::{Entry, Status};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegistryFilter {
    /// Words to find in any of their forms («муниципальный» finds «муниципальным»), all of them.
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

/// The most words a search matches on; the rest are ignored.
const MAX_WORDS: usize = 12;

/// The words of a search as the index's analyzer cuts them (tokenizers `blank, class, punct`): runs of letters
/// and runs of digits, lowercased as the analyzer does (so «Муниципальный» is the same search, kept once). Each is
/// matched on its own, `text @@ 'word'`, because SurrealDB checks one `@@` against a row by any of its terms, and
/// only its index scan requires them all. Being letters and digits only, a word is written into the query as it is.
fn words(q: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut last: Option<bool> = None;
    for c in q.chars() {
        let class = c.is_alphanumeric().then(|| c.is_numeric());
        match class {
            Some(digit) if last == Some(digit) => words.last_mut().expect("a word is open").extend(c.to_lowercase()),
            Some(_) => words.push(c.to_lowercase().collect()),
            None => {}
        }
        last = class;
    }
    words.truncate(MAX_WORDS);
    words
}

/// The `WHERE` clause of a filter, if it has one: its words written in (see `words`), the rest as parameters.
fn conditions(filter: &RegistryFilter) -> String {
    let mut c: Vec<String> = words(&filter.q).iter().map(|w| format!("text @@ '{w}'")).collect();
    if !filter.addressee.is_empty() {
        c.push("addressee = $addressee".into());
    }
    if !filter.region.is_empty() {
        c.push("region = $region".into());
    }
    if filter.year.is_some() {
        c.push("year_order = 0 - $year".into());
    }
    if c.is_empty() {
        return String::new();
    }
    format!("WHERE {}", c.join(" AND "))
}

/// Registry searches answered lately: each filter's matches in the registry's order, with the registry's size
/// when they were read. The registry only grows (a published recommendation keeps its words, addressee, region,
/// year, title and number; only its status changes), so while its size is the same the matches are too, on every
/// server. Reading every match of a common word costs about as much as SurrealDB reading half the table (the
/// full-text index yields record ids without an order, and SurrealDB 3.3.5 walks an ordered index in batches of a
/// thousand rows); kept, the next page and the next person's same search read one page of records.
#[derive(Debug, Default)]
pub struct Found {
    searches: std::sync::Mutex<std::collections::HashMap<RegistryFilter, Matches>>,
    /// The filters' values, with the registry's size when they were read.
    facets: std::sync::Mutex<Option<(u64, std::time::Instant, Facets)>>,
}

#[derive(Debug, Clone)]
struct Matches {
    /// How many recommendations the registry held when they were read.
    registry: u64,
    at: std::time::Instant,
    keys: std::sync::Arc<[String]>,
}

impl Found {
    /// Searches kept at most, and matches kept in all (about 56 bytes each); the oldest search goes first. A
    /// hand-written map of a few dozen entries, which an LRU crate would not make shorter.
    const KEPT: usize = 64;
    const KEPT_MATCHES: usize = 100_000;
    /// However unchanged the registry's size, a search is read again after this long (a store restored from a
    /// backup of the same size while the server runs).
    const FRESH: std::time::Duration = std::time::Duration::from_secs(60);

    fn get(&self, filter: &RegistryFilter, registry: u64) -> Option<std::sync::Arc<[String]>> {
        let kept = self.searches.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(filter).filter(|m| m.registry == registry && m.at.elapsed() < Self::FRESH).map(|m| m.keys.clone())
    }

    fn keep(&self, filter: RegistryFilter, registry: u64, keys: std::sync::Arc<[String]>) {
        let mut kept = self.searches.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A search that read the registry before it grew, answered after one that read it since, is not kept.
        if kept.values().any(|m| m.registry > registry) || keys.len() > Self::KEPT_MATCHES {
            return;
        }
        kept.retain(|_, m| m.registry == registry && m.at.elapsed() < Self::FRESH);
        let matches = |kept: &std::collections::HashMap<RegistryFilter, Matches>| {
            kept.values().map(|m| m.keys.len()).sum::<usize>()
        };
        while kept.len() >= Self::KEPT || matches(&kept) + keys.len() > Self::KEPT_MATCHES {
            let Some(oldest) = kept.iter().min_by_key(|(_, m)| m.at).map(|(f, _)| f.clone()) else { break };
            kept.remove(&oldest);
        }
        kept.insert(filter, Matches { registry, at: std::time::Instant::now(), keys });
    }

    fn facets(&self, registry: u64) -> Option<Facets> {
        let kept = self.facets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.as_ref().filter(|(r, at, _)| *r == registry && at.elapsed() < Self::FRESH).map(|(_, _, f)| f.clone())
    }

    fn keep_facets(&self, registry: u64, facets: Facets) {
        *self.facets.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((registry, std::time::Instant::now(), facets));
    }
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

    /// One page of the registry (pages from 1) and how many match in all: the matches' keys in the registry's
    /// order, read once and kept while the registry's size (SurrealDB's count index) is unchanged (`Found`), and
    /// the page's records by key.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn search_registry(
        &self,
        filter: &RegistryFilter,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<Recommendation>, u64), AppError> {
        let registry = self.registry_size().await?;
        let filter = RegistryFilter { q: words(&filter.q).join(" "), ..filter.clone() };
        let keys = match self.found.get(&filter, registry) {
            Some(keys) => keys,
            None => {
                let sql = format!(
                    "SELECT VALUE record::id(id) FROM recommendation {} ORDER BY year_order, title, number",
                    conditions(&filter)
                );
                let vars = json!({ "addressee": filter.addressee, "region": filter.region, "year": filter.year });
                let keys: std::sync::Arc<[String]> = self.rows::<String>(&sql, vars).await?.into();
                self.found.keep(filter, registry, keys.clone());
                keys
            }
        };
        let start = (page.max(1) as usize - 1).saturating_mul(per_page as usize);
        let on_page = keys.get(start..).unwrap_or_default().iter().take(per_page as usize).collect::<Vec<_>>();
        let rows = if on_page.is_empty() {
            Vec::new()
        } else {
            let sql = format!("SELECT {FIELDS} FROM $keys.map(|$k| type::record('recommendation', $k))");
            self.rows(&sql, json!({ "keys": on_page })).await?
        };
        Ok((rows, keys.len() as u64))
    }

    /// How the filter's recommendations stand, by addressee: the addressees with the most first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn registry_progress(
        &self,
        filter: &RegistryFilter,
    ) -> Result<Vec<crate::model::AddresseeProgress>, AppError> {
        let cond = conditions(filter);
        let sql =
            format!("SELECT addressee, status, count() AS n FROM recommendation {cond} GROUP BY addressee, status;");
        let vars = json!({ "addressee": filter.addressee, "region": filter.region, "year": filter.year });
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

    /// How many recommendations the registry holds, from SurrealDB's count index.
    async fn registry_size(&self) -> Result<u64, AppError> {
        let size: Option<Value> = self.one("SELECT count() AS n FROM recommendation GROUP ALL", json!({})).await?;
        Ok(size.and_then(|v| v["n"].as_u64()).unwrap_or(0))
    }

    /// The values the registry can be filtered by, read again only when it grew (`Found`).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn registry_facets(&self) -> Result<Facets, AppError> {
        let registry = self.registry_size().await?;
        if let Some(facets) = self.found.facets(registry) {
            return Ok(facets);
        }
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
        let facets = Facets { addressees, regions, years };
        self.found.keep_facets(registry, facets.clone());
        Ok(facets)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_cut_into_the_words_the_index_holds() {
        assert_eq!(words("  ресурсный центр "), ["ресурсный", "центр"]);
        assert_eq!(words("социально-ориентированных НКО"), ["социально", "ориентированных", "нко"]);
        assert_eq!(words("№5 2021г. 'x' OR 1=1 --"), ["5", "2021", "г", "x", "or", "1", "1"]);
        assert!(words("!!! ' \\ «»").is_empty());
        assert_eq!(words(&"слово ".repeat(40)).len(), MAX_WORDS);
    }

    #[test]
    fn kept_searches_follow_the_registry_and_stay_bounded() {
        let found = Found::default();
        let f = |q: &str| RegistryFilter { q: q.into(), ..Default::default() };
        let keys = |n: usize| -> std::sync::Arc<[String]> { (0..n).map(|i| i.to_string()).collect::<Vec<_>>().into() };
        found.keep(f("a"), 10, keys(3));
        assert!(found.get(&f("a"), 10).is_some());
        assert!(found.get(&f("a"), 11).is_none(), "the registry grew");
        found.keep(f("b"), 11, keys(3));
        found.keep(f("c"), 10, keys(3));
        assert!(found.get(&f("c"), 10).is_none(), "read before the registry grew, answered after: not kept");
        assert!(found.get(&f("b"), 11).is_some(), "and the newer search stays");
        found.keep(f("big"), 11, keys(Found::KEPT_MATCHES - 2));
        assert!(found.get(&f("b"), 11).is_none(), "the oldest made room for the matches");
        assert!(found.get(&f("big"), 11).is_some());
        found.keep(f("huge"), 11, keys(Found::KEPT_MATCHES + 1));
        assert!(found.get(&f("huge"), 11).is_none() && found.get(&f("big"), 11).is_some(), "too many to keep");
    }

    /// Every search answers what sorting and filtering all rows would: a common word, a rare one, several words
    /// (all must occur), with filters, on every page; and a recommendation published meanwhile is found at once.
    #[tokio::test]
    async fn a_search_answers_as_reading_every_row_would() {
        let store = Store::connect("mem://").await.unwrap();
        let mut rows = Vec::new();
        for i in 0..400u32 {
            let common = if i % 3 == 0 { "муниципальных" } else { "региональных" };
            let rare = if i % 97 == 5 {
                " ресурсного центра"
            } else if i % 89 == 1 {
                " центра"
            } else {
                ""
            };
            let text = format!("Поддержать развитие {common} программ{rare} № {i}");
            let year = (i % 7 != 3).then_some(2015 + i64::from(i % 5));
            let title = format!("Документ {}", i % 11);
            let addressee = if i % 4 == 0 { "Правительству" } else { "Министерству" };
            rows.push(json!({ "key": format!("r{i}"), "number": i % 13 + 1, "item": format!("i{i}"), "text": text,
                "year": year, "title": title, "addressee": addressee, "region": if i % 2 == 0 { "Амурская область" } else { "" } }));
        }
        store
            .run(
                "FOR $r IN $rows {
                   CREATE type::record('recommendation', $r.key) SET document = document:d, event = event:e,
                     item = $r.item, number = $r.number, text = $r.text, addressee = $r.addressee, title = $r.title,
                     region = $r.region, year = $r.year RETURN NONE;
                 };",
                json!({ "rows": rows }),
            )
            .await
            .unwrap();
        let order = |r: &&Value| {
            (-r["year"].as_i64().unwrap_or(0), r["title"].as_str().unwrap().to_string(), r["number"].as_u64())
        };
        let filters = [
            RegistryFilter { q: "муниципальный".into(), ..Default::default() },
            RegistryFilter { q: "ресурсный центр".into(), ..Default::default() },
            RegistryFilter { q: "центр".into(), ..Default::default() },
            RegistryFilter {
                q: "программа".into(), addressee: "Правительству".into(), ..Default::default()
            },
            RegistryFilter { q: "региональный".into(), year: Some(2017), ..Default::default() },
            RegistryFilter { region: "Амурская область".into(), ..Default::default() },
            RegistryFilter::default(),
        ];
        assert!(!store.registry_facets().await.unwrap().years.contains(&2030));
        for filter in filters {
            let wanted = |r: &&Value| {
                let text = r["text"].as_str().unwrap();
                let has = |stem: &str| text.contains(stem);
                let words_ok = match filter.q.as_str() {
                    "муниципальный" => has("муниципальн"),
                    "ресурсный центр" => has("ресурсн") && has("центр"),
                    "центр" => has("центр"),
                    "программа" => has("программ"),
                    "региональный" => has("региональн"),
                    _ => true,
                };
                words_ok
                    && (filter.addressee.is_empty() || r["addressee"] == filter.addressee.as_str())
                    && (filter.region.is_empty() || r["region"] == filter.region.as_str())
                    && filter.year.is_none_or(|y| r["year"].as_i64() == Some(y))
            };
            let mut expected: Vec<&Value> = rows.iter().filter(wanted).collect();
            expected.sort_by_key(order);
            let expected: Vec<String> = expected.iter().map(|r| r["key"].as_str().unwrap().to_string()).collect();
            assert!(!expected.is_empty(), "{filter:?} finds something");
            for per_page in [7, 20] {
                let mut found = Vec::new();
                for page in 1.. {
                    let (items, total) = store.search_registry(&filter, page, per_page).await.unwrap();
                    assert_eq!(total as usize, expected.len(), "{filter:?}");
                    if items.is_empty() {
                        break;
                    }
                    found.extend(items.into_iter().map(|r| r.id.to_string()));
                }
                assert_eq!(found, expected, "{filter:?}, {per_page} a page");
            }
        }
        let common = RegistryFilter { q: "муниципальных".into(), ..Default::default() };
        let (_, before) = store.search_registry(&common, 1, 20).await.unwrap();
        store
            .run(
                "CREATE recommendation:late SET document = document:d, event = event:e, item = 'late', number = 1,
                   text = 'Муниципальным образованиям', addressee = '', title = 'А', region = '', year = 2030",
                json!({}),
            )
            .await
            .unwrap();
        let (first, after) = store.search_registry(&common, 1, 20).await.unwrap();
        assert_eq!(
            (after, first[0].id.to_string().as_str()),
            (before + 1, "late"),
            "published meanwhile, found at once"
        );
    }
}
