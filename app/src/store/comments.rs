//! Table `comment`: comments and replies on a document's items, their wordings, resolution and tombstones.

use super::stances::StanceRecord;
use super::{Store, TIME};
use crate::error::AppError;
use crate::ids::{AmendmentId, CommentId, DocumentId, UserId};
use crate::model::UserRow;
use accord_domain::ydoc::anchor::Anchor;
use serde::Deserialize;
use serde_json::json;

/// A comment as stored, with the stances taken on it.
#[derive(Clone, Debug, Deserialize)]
pub struct CommentRecord {
    pub id: CommentId,
    pub parent: Option<CommentId>,
    pub item: String,
    #[serde(default)]
    pub amendment: Option<AmendmentId>,
    pub anchor: Option<Anchor>,
    pub quote: String,
    pub author: UserId,
    pub author_name: String,
    pub body: String,
    pub history: Vec<WordingRecord>,
    pub proposal: bool,
    pub resolved: bool,
    pub taken: Option<bool>,
    pub note: String,
    pub resolved_name: String,
    pub deleted: bool,
    pub hidden: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
    #[serde(default)]
    pub stances: Vec<StanceRecord>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct WordingRecord {
    pub body: String,
    pub at: String,
}

/// A new comment or reply.
pub struct NewComment<'a> {
    pub document: &'a DocumentId,
    pub item: &'a str,
    pub parent: Option<&'a CommentId>,
    /// A comment on an amendment (its thread shows under it).
    pub amendment: Option<&'a AmendmentId>,
    pub anchor: Option<&'a Anchor>,
    pub quote: &'a str,
    pub body: &'a str,
    pub proposal: bool,
}

fn comment_fields() -> String {
    format!(
        "record::id(id) AS id, IF parent THEN record::id(parent) END AS parent, item, \
         IF amendment THEN record::id(amendment) END AS amendment, anchor, quote, \
         record::id(author) AS author, author_name, body, \
         history.map(|$h| {{ body: $h.body, at: time::format($h.at, {TIME}) }}) AS history, proposal, resolved, \
         taken, note, resolved_name, deleted, hidden, time::format(created_at, {TIME}) AS created_at, \
         IF edited_at THEN time::format(edited_at, {TIME}) END AS edited_at, \
         (SELECT record::id(user) AS user, value FROM stance WHERE subject = $parent.id) AS stances"
    )
}

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_comment(&self, new: NewComment<'_>, author: &UserRow) -> Result<CommentId, AppError> {
        let key = super::new_key();
        self.run(
            "CREATE type::record('comment', $key) SET document = type::record('document', $document), item = $item,
               parent = IF $parent THEN type::record('comment', $parent) END,
               amendment = IF $amendment THEN type::record('amendment', $amendment) END, anchor = $anchor, quote = $quote,
               author = type::record('user', $author), author_name = $author_name, body = $body,
               proposal = $proposal RETURN NONE",
            json!({
                "key": key, "document": new.document, "item": new.item, "parent": new.parent, "amendment": new.amendment,
                "anchor": new.anchor, "quote": new.quote, "author": author.id, "author_name": author.name,
                "body": new.body, "proposal": new.proposal,
            }),
        )
        .await?;
        Ok(key.into())
    }

    #[tracing::instrument(level = "debug", skip_all, fields(document = %document))]
    pub async fn comments_of(&self, document: &DocumentId) -> Result<Vec<CommentRecord>, AppError> {
        let sql = format!(
            "SELECT {} FROM comment WHERE document = type::record('document', $document) ORDER BY created_at",
            comment_fields()
        );
        self.rows(&sql, json!({ "document": document })).await
    }

    /// A comment with the document it belongs to.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn comment(&self, key: &CommentId) -> Result<(DocumentId, CommentRecord), AppError> {
        self.with_document("comment", key.as_str(), &comment_fields()).await
    }

    /// New wording of a comment; the earlier one goes into its history.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn edit_comment(&self, key: &CommentId, body: &str) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('comment', $key) SET
               history += { body: body, at: edited_at ?? created_at }, body = $body, edited_at = time::now()
             RETURN NONE",
            json!({ "key": key, "body": body }),
        )
        .await
    }

    /// Deleting leaves a tombstone in the thread; the words stay in the store for the audit.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn delete_comment(&self, key: &CommentId) -> Result<(), AppError> {
        self.run("UPDATE type::record('comment', $key) SET deleted = true RETURN NONE", json!({ "key": key })).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn hide_comment(&self, key: &CommentId) -> Result<(), AppError> {
        self.run("UPDATE type::record('comment', $key) SET hidden = true RETURN NONE", json!({ "key": key })).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn resolve_comment(
        &self,
        key: &CommentId,
        resolved: bool,
        taken: Option<bool>,
        note: &str,
        by: &str,
    ) -> Result<(), AppError> {
        self.run(
            "UPDATE type::record('comment', $key) SET resolved = $resolved, taken = $taken, note = $note,
               resolved_name = $by RETURN NONE",
            json!({ "key": key, "resolved": resolved, "taken": taken, "note": note, "by": by }),
        )
        .await
    }
}
