//! «Поддерживаю» / «не поддерживаю»: a member's stance on a comment or an amendment, announced to the
//! document's open pages.

#[cfg(feature = "ssr")]
use super::scope;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::live_update::LiveUpdate;
use leptos::prelude::*;

/// «Поддерживаю» / «не поддерживаю» (`stance`: support, oppose, or none to withdraw) on a comment or an
/// amendment (`kind`).
#[server(output = super::Answer)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_stance(kind: String, subject: String, stance: String) -> Result<(), AppError> {
    super::context::answer(
        async move {
            use accord_domain::discussion::Stance;
            use accord_domain::Action;
            let store = super::context::store()?;
            let document = match kind.as_str() {
                "comment" => store.comment(&subject.as_str().into()).await?.0,
                "amendment" => store.amendment(&subject.as_str().into()).await?.0,
                _ => return Err(AppError::NotFound),
            };
            let scope = scope::Scope::of(&document).await?;
            let action = if kind == "comment" { scope.comment() } else { Action::Amend(scope.row.state) };
            let user = scope.require(action)?;
            let stance = match stance.as_str() {
                "none" => None,
                code => Some(
                    Stance::from_code(code)
                        .ok_or(AppError::invalid("stance", accord_domain::text::Problem::Unknown))?,
                ),
            };
            scope.store.set_stance(&kind, &subject, &user.id, stance).await?;
            scope.announce(if kind == "comment" { LiveUpdate::Comments } else { LiveUpdate::Amendments })
        }
        .await,
    )
}
