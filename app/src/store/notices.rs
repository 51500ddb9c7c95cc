//! Table `notice`: what a person is told (under the bell, and by e-mail as they chose), written once per thing
//! told (`key`), claimed by one server at a time for sending; each person's choices and the shared secret that
//! signs unsubscribe links.

use super::{valid_key, Store, TIME};
use crate::error::AppError;
use crate::ids::UserId;
use accord_domain::notices::{Kind, Preferences};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What to tell one person (by their account) or one address (an invitation), in both languages: each
/// person is told in the language they chose for their messages.
#[derive(Clone, Debug)]
pub struct NewNotice {
    pub kind: Kind,
    /// The thing told, e.g. `ballot_opened:<ballot>`: the same key is told once to each address.
    pub key: String,
    pub ru: Words,
    pub en: Words,
    /// A path on this site, e.g. `/documents/…`.
    pub link: String,
}

/// A notice's subject and text in one language.
#[derive(Clone, Debug)]
pub struct Words {
    pub subject: String,
    pub body: String,
}

impl Words {
    /// Within the table's limits (a title may be as long as a subject): a long subject or text is cut.
    fn fitted(&self) -> Words {
        let cut = |s: &str, max: usize| s.chars().take(max).collect::<String>();
        Words { subject: cut(&self.subject, 300), body: cut(&self.body, 8000) }
    }
}

impl NewNotice {
    fn words(&self, lang: &str) -> &Words {
        if lang == "en" {
            &self.en
        } else {
            &self.ru
        }
    }
}

/// A notice as the bell's page and the sender read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoticeRecord {
    pub id: String,
    pub user: Option<UserId>,
    pub email: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub created_at: String,
    pub read: bool,
    /// `ru` or `en`.
    pub lang: String,
}

const FIELDS: &str = "record::id(id) AS id, (IF user = NONE { NONE } ELSE { record::id(user) }) AS user, email, kind, \
    subject, body, link, lang, \
    read_at != NONE AS read";

/// A notice's record key: the same for the same address and thing told, so telling it again changes nothing.
fn notice_key(email: &str, key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{email}\n{key}").as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// Tells each of `users` (deleted accounts are skipped) `notice`, delivered as each chose.
    #[tracing::instrument(level = "debug", skip_all, fields(kind = notice.kind.code(), n = users.len()))]
    pub async fn tell(&self, users: &[UserId], notice: &NewNotice) -> Result<(), AppError> {
        if users.is_empty() {
            return Ok(());
        }
        let people: Vec<Value> = self
            .rows(
                "SELECT record::id(id) AS id, email, notify FROM $users.map(|$u| type::record('user', $u))
                   WHERE deleted = false",
                json!({ "users": users }),
            )
            .await?;
        let rows: Vec<Value> = people
            .iter()
            .map(|p| {
                let email = p["email"].as_str().unwrap_or_default();
                let prefs: Preferences = serde_json::from_str(p["notify"].as_str().unwrap_or("{}")).unwrap_or_default();
                let words = notice.words(prefs.lang()).fitted();
                json!({
                    "id": notice_key(email, &notice.key),
                    "user": p["id"],
                    "email": email,
                    "delivery": prefs.delivery(notice.kind).code(),
                    "lang": prefs.lang(),
                    "subject": words.subject,
                    "body": words.body,
                })
            })
            .collect();
        self.insert_notices(rows, notice).await
    }

    /// Tells an address that may have no account (an invitation) in `lang` (`ru` or `en`): mailed at once.
    pub async fn tell_address(&self, email: &str, lang: &str, notice: &NewNotice) -> Result<(), AppError> {
        let lang = if lang == "en" { "en" } else { "ru" };
        let words = notice.words(lang).fitted();
        let row = json!({
            "id": notice_key(email, &notice.key), "user": Value::Null, "email": email, "delivery": "now",
            "lang": lang, "subject": words.subject, "body": words.body,
        });
        self.insert_notices(vec![row], notice).await
    }

    async fn insert_notices(&self, rows: Vec<Value>, notice: &NewNotice) -> Result<(), AppError> {
        self.run(
            "FOR $r IN $rows {
               IF record::exists(type::record('notice', $r.id)) = false {
                 CREATE type::record('notice', $r.id) SET
                   user = IF $r.user = NONE OR $r.user = NULL { NONE } ELSE { type::record('user', $r.user) },
                   email = $r.email, delivery = $r.delivery, lang = $r.lang, subject = $r.subject, body = $r.body,
                   kind = $kind, key = $key, link = $link
                 RETURN NONE;
               };
             };",
            json!({ "rows": rows, "kind": notice.kind.code(), "key": notice.key, "link": notice.link }),
        )
        .await
    }

    /// Whether the thing `key` names has been told (to anyone): what is told once need not be worked out again.
    pub async fn told(&self, key: &str) -> Result<bool, AppError> {
        let found: Option<Value> =
            self.one("SELECT VALUE id FROM notice WHERE key = $key LIMIT 1", json!({ "key": key })).await?;
        Ok(found.is_some())
    }

    /// The person's latest notices, newest first.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn notices_of(&self, user: &UserId, limit: u32) -> Result<Vec<NoticeRecord>, AppError> {
        self.rows(
            &format!(
                "SELECT {FIELDS}, time::format(created_at, {TIME}) AS created_at, created_at AS at FROM notice
                   WHERE user = type::record('user', $user) ORDER BY at DESC LIMIT $limit"
            ),
            json!({ "user": user, "limit": limit }),
        )
        .await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn unread_notices(&self, user: &UserId) -> Result<u64, AppError> {
        let n: Option<Value> = self
            .one(
                "SELECT count() AS n FROM notice WHERE user = type::record('user', $user) AND read_at = NONE GROUP ALL",
                json!({ "user": user }),
            )
            .await?;
        Ok(n.and_then(|v| v["n"].as_u64()).unwrap_or(0))
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn mark_notices_read(&self, user: &UserId) -> Result<(), AppError> {
        self.run(
            "UPDATE notice SET read_at = time::now() WHERE user = type::record('user', $user) AND read_at = NONE
               RETURN NONE",
            json!({ "user": user }),
        )
        .await
    }

    /// Claims up to `limit` notices to mail now for `by` (a server) for `hold`; a notice another server holds
    /// is left to it until its hold runs out. Each claim is its own compare-and-set, so no two servers hold one.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_notices(
        &self,
        by: &str,
        hold: std::time::Duration,
        limit: u32,
    ) -> Result<Vec<NoticeRecord>, AppError> {
        let due: Vec<Value> = self
            .rows(
                "SELECT record::id(id) AS id FROM notice WHERE delivery = 'now' AND mailed_at = NONE
                   AND (claim_until = NONE OR claim_until < time::now()) LIMIT $limit",
                json!({ "limit": limit }),
            )
            .await?;
        let mut claimed = Vec::new();
        for id in due.iter().filter_map(|r| r["id"].as_str()) {
            // Another server claiming the same notice at once makes one of the two fail: that one moves on.
            let got: Result<Option<NoticeRecord>, AppError> = self
                .one(
                    &format!(
                        "UPDATE type::record('notice', $id) SET claim_by = $by, claim_until = time::now() + <duration> $hold
                           WHERE mailed_at = NONE AND (claim_until = NONE OR claim_until < time::now())
                           RETURN {FIELDS}, time::format(created_at, {TIME}) AS created_at"
                    ),
                    json!({ "id": id, "by": by, "hold": format!("{}s", hold.as_secs().max(1)) }),
                )
                .await;
            match got {
                Ok(got) => claimed.extend(got),
                Err(AppError::StoreUnavailable) => return Err(AppError::StoreUnavailable),
                Err(e) => tracing::debug!("a notice claimed elsewhere: {e}"),
            }
        }
        Ok(claimed)
    }

    /// The notice went out: it is not sent again. An invitation's link holds its token, which the store
    /// otherwise keeps only hashed: it is dropped once mailed.
    pub async fn notice_mailed(&self, id: &str, by: &str) -> Result<(), AppError> {
        if !valid_key(id) {
            return Err(AppError::NotFound);
        }
        self.run(
            "UPDATE type::record('notice', $id) SET mailed_at = time::now(),
               link = IF kind = 'invitation' { '' } ELSE { link } WHERE claim_by = $by RETURN NONE",
            json!({ "id": id, "by": by }),
        )
        .await
    }

    /// People with digest notices not yet mailed whose last digest is `every` old or more (or, before their
    /// first, whose oldest such notice is), claimed for `by`: the claim moves their `digest_at` on, so one
    /// server sends each digest.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_digests(
        &self,
        by: &str,
        every: std::time::Duration,
    ) -> Result<Vec<(UserId, Vec<NoticeRecord>)>, AppError> {
        let every = format!("{}s", every.as_secs().max(1));
        let users: Vec<Value> = self
            .rows(
                "SELECT record::id(user) AS u FROM notice WHERE delivery = 'digest' AND mailed_at = NONE
                   AND user != NONE GROUP BY u",
                json!({}),
            )
            .await?;
        let mut out = Vec::new();
        for user in users.iter().filter_map(|r| r["u"].as_str()) {
            // Due a day after the last digest, or for a first digest a day after the oldest thing in it.
            let sql = "LET $oldest = (SELECT VALUE created_at FROM notice WHERE user = type::record('user', $user)
                   AND delivery = 'digest' AND mailed_at = NONE ORDER BY created_at LIMIT 1)[0];
                 UPDATE type::record('user', $user) SET digest_at = time::now()
                   WHERE (digest_at ?? $oldest) < time::now() - <duration> $every RETURN digest_at;";
            let mut response = self.query(sql, json!({ "user": user, "every": every })).await?;
            let claimed: Option<Value> = Self::take(sql, &mut response, 1)?.into_iter().next();
            if claimed.is_none() {
                continue;
            }
            let rows: Vec<NoticeRecord> = self
                .rows(
                    &format!(
                        "UPDATE notice SET claim_by = $by, claim_until = time::now() + 10m
                           WHERE user = type::record('user', $user) AND delivery = 'digest' AND mailed_at = NONE
                           RETURN {FIELDS}, time::format(created_at, {TIME}) AS created_at"
                    ),
                    json!({ "user": user, "by": by }),
                )
                .await?;
            if !rows.is_empty() {
                out.push((UserId::from(user), rows));
            }
        }
        Ok(out)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn notice_preferences(&self, user: &UserId) -> Result<Preferences, AppError> {
        let row: Option<Value> =
            self.one("SELECT notify FROM ONLY type::record('user', $user)", json!({ "user": user })).await?;
        Ok(row.and_then(|r| serde_json::from_str(r["notify"].as_str()?).ok()).unwrap_or_default())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = %user))]
    pub async fn set_notice_preferences(&self, user: &UserId, prefs: &Preferences) -> Result<(), AppError> {
        let text = serde_json::to_string(prefs).map_err(|e| AppError::unexpected("notice preferences", e))?;
        self.run(
            "UPDATE type::record('user', $user) SET notify = $text RETURN NONE",
            json!({ "user": user, "text": text }),
        )
        .await
    }

    /// What an unsubscribe link names (a kind, or the digest) is no longer mailed to the person.
    pub async fn stop_mailing(&self, user: &UserId, what: &str) -> Result<(), AppError> {
        let mut prefs = self.notice_preferences(user).await?;
        if !prefs.stop(what) {
            return Err(AppError::NotFound);
        }
        self.set_notice_preferences(user, &prefs).await
    }

    /// The key that signs unsubscribe links: made by the first server that asks, then the same for all.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn notice_secret(&self) -> Result<Vec<u8>, AppError> {
        let read = || self.one::<Value>("SELECT token FROM ONLY secret:unsubscribe", json!({}));
        if let Some(v) = read().await?.and_then(|r| r["token"].as_str().map(str::to_string)) {
            return Ok(v.into_bytes());
        }
        // Two servers may both make one: the record exists once, and both read back the one that stayed.
        let created = self
            .run(
                "CREATE secret:unsubscribe SET token = $fresh RETURN NONE",
                json!({ "fresh": crate::auth::new_token() }),
            )
            .await;
        if let Err(e) = created {
            tracing::debug!("the unsubscribe secret was made elsewhere: {e}");
        }
        read().await?.and_then(|r| r["token"].as_str().map(|s| s.as_bytes().to_vec())).ok_or(AppError::Unexpected)
    }
}
