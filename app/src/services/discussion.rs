//! The discussion of a document as a member sees it, and its «сводка предложений» (server only).

use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::{DocumentId, UserId};
use crate::model::{AmendmentView, CommentView, ItemChoice, Summary, SummaryLine, Wording};
use crate::rooms::Reading;
use crate::store::amendments::AmendmentRecord;
use crate::store::comments::CommentRecord;
use crate::store::stances::StanceRecord;
use accord_domain::discussion::{word_diff, Change, Decision, Stance};
use accord_domain::ydoc::{self, anchor, Roots};
use accord_domain::{Document, ItemId};
use yrs::updates::decoder::Decode;
use yrs::{Doc, Transact};

/// The shared text of a reading, loaded to resolve anchors in.
pub fn shared_doc(reading: &Reading) -> Result<Doc, AppError> {
    let doc = ydoc::new_doc();
    let state =
        reading.state.as_deref().ok_or_else(|| AppError::unexpected("a shared text", "read without its state"))?;
    let update = yrs::Update::decode_v1(state).map_err(|e| AppError::unexpected("a stored shared text", e))?;
    doc.transact_mut().apply_update(update).map_err(|e| AppError::unexpected("a stored shared text", e))?;
    Ok(doc)
}

/// Where the words `quote`, found at or nearest `start` in the item's text, stand in the shared text: an
/// anchor that follows them as the text is edited, and the words as stored (`quote` may be them as printed).
pub fn anchor_words(doc: &Doc, item: &ItemId, start: u32, quote: &str) -> Result<(anchor::Anchor, String), AppError> {
    use yrs::GetString;
    let roots = Roots::of(doc);
    let txn = doc.transact();
    let text = anchor::item_text(&txn, &roots, item).ok_or(AppError::ItemGone)?.get_string(&txn);
    let (s, e) = accord_domain::discussion::locate_quote(&text, start, quote).ok_or(AppError::QuoteMoved)?;
    let units: Vec<u16> = text.encode_utf16().collect();
    let stored = String::from_utf16_lossy(&units[s as usize..e as usize]);
    Ok((anchor::anchor(&txn, &roots, item, s, e).ok_or(AppError::QuoteMoved)?, stored))
}

/// "2. Рассмотреть вопрос о создании…": an item's number in its section and its first words.
pub fn item_choices(doc: &Document) -> Vec<ItemChoice> {
    doc.sections
        .iter()
        .flat_map(|s| {
            s.markers().into_iter().zip(s.items.iter()).map(|(marker, item)| {
                let text = item.full_text();
                let words: String = text.chars().take(60).collect();
                let more = if text.chars().count() > 60 { "…" } else { "" };
                ItemChoice {
                    id: item.id.to_string(),
                    label: format!("{marker} {words}{more}").trim().to_string(),
                    amendable: item.cells.is_empty(),
                }
            })
        })
        .collect()
}

fn label_of(items: &[ItemChoice], id: &str, lang: Lang) -> String {
    items
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.label.clone())
        .unwrap_or_else(|| lang.texts().item_deleted().to_string())
}

fn tally(stances: &[StanceRecord], me: Option<&UserId>) -> (u32, u32, Option<Stance>) {
    let count = |s: Stance| stances.iter().filter(|x| x.value == s).count() as u32;
    let mine = me.and_then(|me| stances.iter().find(|x| &x.user == me)).map(|x| x.value);
    (count(Stance::Support), count(Stance::Oppose), mine)
}

pub fn comment_views(
    records: Vec<CommentRecord>,
    shared: &Doc,
    items: &[ItemChoice],
    me: Option<&UserId>,
    organiser: bool,
    lang: Lang,
) -> Vec<CommentView> {
    let roots = Roots::of(shared);
    let txn = shared.transact();
    records
        .into_iter()
        .map(|r| {
            let item = ItemId::parse(&r.item);
            let place = match (&r.anchor, &item) {
                (Some(a), Some(item)) => Some(anchor::resolve(&txn, &roots, item, a)),
                _ => None,
            };
            let item_gone = !items.iter().any(|c| c.id == r.item);
            let (range, removed) = match place {
                Some(anchor::Place::Range { start, end, .. }) => (Some((start, end)), false),
                Some(anchor::Place::Removed) => (None, true),
                None => (None, item_gone),
            };
            let (support, oppose, mine) = tally(&r.stances, me);
            let own = me == Some(&r.author);
            let visible = !r.deleted && !r.hidden;
            CommentView {
                item_label: label_of(items, &r.item, lang),
                id: r.id,
                parent: r.parent,
                amendment: r.amendment,
                item: r.item,
                quote: r.quote,
                range,
                removed,
                anchor: r.anchor,
                author_name: r.author_name,
                body: if visible { r.body } else { String::new() },
                history: if visible {
                    r.history.into_iter().map(|h| Wording { body: h.body, at: h.at }).collect()
                } else {
                    Vec::new()
                },
                created_at: r.created_at,
                edited: r.edited_at.is_some(),
                proposal: r.proposal,
                resolved: r.resolved,
                taken: r.taken,
                note: r.note,
                resolved_name: r.resolved_name,
                deleted: r.deleted,
                hidden: r.hidden,
                support,
                oppose,
                mine,
                own: own && visible,
                can_resolve: (own || organiser) && visible,
            }
        })
        .collect()
}

pub fn amendment_views(
    records: Vec<AmendmentRecord>,
    current: &Document,
    items: &[ItemChoice],
    me: Option<&UserId>,
    lang: Lang,
) -> Vec<AmendmentView> {
    records
        .into_iter()
        .map(|r| {
            let (support, oppose, mine) = tally(&r.stances, me);
            let fit = (r.status == Decision::Open).then(|| r.change.check(current, &r.base));
            AmendmentView {
                item_label: label_of(items, r.change.item().as_str(), lang),
                diff: word_diff(&r.base, r.change.text()),
                id: r.id,
                number: r.number,
                change: r.change,
                base: r.base,
                justification: r.justification,
                author_name: r.author_name,
                status: r.status,
                reason: r.reason,
                decided_name: r.decided_name,
                result: r.result,
                created_at: r.created_at,
                support,
                oppose,
                mine,
                fit,
            }
        })
        .collect()
}

/// Every amendment and every resolved proposal, in the order they were made.
pub fn summary(
    document_id: &DocumentId,
    doc: &Document,
    comments: &[CommentView],
    amendments: &[AmendmentView],
    lang: Lang,
) -> Summary {
    let t = lang.texts();
    let mut lines: Vec<(String, SummaryLine)> = amendments
        .iter()
        .map(|a| {
            let text = match &a.change {
                Change::Replace { text, .. } => text.clone(),
                Change::Insert { text, addressee, .. } if addressee.is_empty() => {
                    format!("{}: {text}", t.amend_insert())
                }
                Change::Insert { text, addressee, .. } => format!("{}: {text} ({addressee})", t.amend_insert()),
                Change::Delete { .. } => t.amend_delete().to_string(),
            };
            let decision = match a.status {
                Decision::Open => t.under_review(),
                Decision::Accepted => t.accepted(),
                Decision::Rejected => t.rejected(),
            };
            let line = SummaryLine {
                number: format!("{} {}", t.amendment(), a.number),
                item: a.item_label.clone(),
                author: a.author_name.clone(),
                text: format!("{text}\n{}: {}", t.justification(), a.justification),
                decision: decision.to_string(),
                reason: a.reason.clone(),
            };
            (a.created_at.clone(), line)
        })
        .collect();
    lines.extend(
        comments.iter().filter(|c| c.proposal && c.resolved && c.parent.is_none() && !c.hidden && !c.deleted).map(
            |c| {
                let decision = match c.taken {
                    Some(true) => t.taken(),
                    Some(false) => t.not_taken(),
                    None => t.resolved(),
                };
                let line = SummaryLine {
                    number: t.proposal().to_string(),
                    item: c.item_label.clone(),
                    author: c.author_name.clone(),
                    text: c.body.clone(),
                    decision: decision.to_string(),
                    reason: c.note.clone(),
                };
                (c.created_at.clone(), line)
            },
        ),
    );
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    Summary {
        document_id: document_id.clone(),
        title: doc.header.title.clone(),
        lines: lines.into_iter().map(|(_, l)| l).collect(),
    }
}

/// The summary of a document the caller may read (checked by the caller of this function).
pub async fn summary_of(
    store: &crate::store::Store,
    rooms: &crate::rooms::Rooms,
    row: &crate::model::DocumentRow,
    lang: Lang,
) -> Result<Summary, AppError> {
    let reading = rooms.read(&row.id).await?;
    let shared = shared_doc(&reading)?;
    let items = item_choices(&reading.document);
    let comments = comment_views(store.comments_of(&row.id).await?, &shared, &items, None, false, lang);
    let amendments = amendment_views(store.amendments_of(&row.id).await?, &reading.document, &items, None, lang);
    Ok(summary(&row.id, &reading.document, &comments, &amendments, lang))
}
