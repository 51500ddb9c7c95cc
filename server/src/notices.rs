//! The notices' sender: every few seconds each server writes the reminders of deadlines an hour away, then
//! claims the notices to mail now and the digests that are due, and mails them over SMTP (`lettre`). Without
//! `ACCORD_SMTP_URL` nothing is mailed: notices wait under the bell. The outbox row is the truth: a notice is
//! claimed by one server at a time (`Store::claim_notices`) and marked mailed once sent, so it goes out once
//! whichever servers run and restart (a server that dies between sending and marking lets it go again after
//! its hold, so that case sends twice rather than never).

use accord_domain::notices::{unsubscribe_signature, Kind, DIGEST};
use app::store::notices::NoticeRecord;
use app::store::Store;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// `ACCORD_SMTP_URL`, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example.org`.
    pub smtp: Option<String>,
    /// `ACCORD_SMTP_FROM`: the sender's address.
    pub from: String,
    /// `ACCORD_PUBLIC_URL`: where people reach this Accord, for the links in messages.
    pub public_url: String,
    /// How often a server looks for notices to send.
    pub every: Duration,
    /// How long between two digests to one person (`ACCORD_DIGEST_HOURS`, 24 by default).
    pub digest_every: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            smtp: None,
            from: "Аккорд <accord@localhost>".into(),
            public_url: "http://127.0.0.1:3000".into(),
            every: Duration::from_secs(5),
            digest_every: Duration::from_secs(24 * 3600),
        }
    }
}

/// How long a claimed notice is held for the server that claimed it.
const HOLD: Duration = Duration::from_secs(120);
/// The most notices one server sends in one turn.
const PER_TICK: usize = 50;
/// Reminders go this long before a deadline.
const REMIND_BEFORE: i64 = 3600;

struct Sender {
    store: Store,
    settings: Settings,
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    /// This server, in the claims it makes.
    origin: String,
}

/// Starts the sender; a bad SMTP setting is reported and leaves notices under the bell.
pub fn spawn(store: Store, settings: Settings) {
    let transport =
        settings.smtp.as_deref().and_then(|url| match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
            Ok(builder) => Some(builder.build()),
            Err(e) => {
                tracing::error!("ACCORD_SMTP_URL is not a usable SMTP address ({e}): notices are not mailed");
                None
            }
        });
    let from = settings.from.parse().unwrap_or_else(|e| {
        tracing::error!("ACCORD_SMTP_FROM is not an address ({e}); using accord@localhost");
        Mailbox::new(Some("Аккорд".into()), "accord@localhost".parse().expect("a valid address"))
    });
    let sender = Sender { store, settings, transport, from, origin: app::auth::new_token()[..12].to_string() };
    tokio::spawn(async move {
        loop {
            if let Err(e) = sender.tick().await {
                tracing::warn!("sending notices: {e}");
            }
            tokio::time::sleep(sender.settings.every).await;
        }
    });
}

impl Sender {
    async fn tick(&self) -> anyhow::Result<()> {
        for ballot in self.store.ballots_closing_within(REMIND_BEFORE).await? {
            app::services::notices::logged(app::services::notices::deadline_soon(&self.store, &ballot).await);
        }
        let Some(transport) = &self.transport else { return Ok(()) };
        let secret = self.store.notice_secret().await?;
        // One at a time, each claimed just before it is sent, so a slow mail server never lets a hold run
        // out on notices still waiting here; what fails is logged and tried again after its hold.
        for _ in 0..PER_TICK {
            let Some(notice) = self.store.claim_notices(&self.origin, HOLD, 1).await?.into_iter().next() else {
                break;
            };
            if let Err(e) = self.send(transport, &notice, &secret).await {
                tracing::warn!("mailing a notice to {}: {e}", notice.email);
            }
        }
        for (user, notices) in self.store.claim_digests(&self.origin, self.settings.digest_every).await? {
            if let Err(e) = self.send_digest(transport, &user, &notices, &secret).await {
                tracing::warn!("mailing a digest: {e}");
            }
        }
        Ok(())
    }

    async fn send(
        &self,
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        notice: &NoticeRecord,
        secret: &[u8],
    ) -> anyhow::Result<()> {
        let text = self.text(notice);
        let message = self.message(&notice.email, &notice.lang, &notice.subject, &text, secret, Some(notice), None)?;
        transport.send(message).await?;
        Ok(self.store.notice_mailed(&notice.id, &self.origin).await?)
    }

    async fn send_digest(
        &self,
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        user: &app::ids::UserId,
        notices: &[NoticeRecord],
        secret: &[u8],
    ) -> anyhow::Result<()> {
        let Some(first) = notices.first() else { return Ok(()) };
        let subject = match first.lang.as_str() {
            "en" => format!("Accord: new today ({})", notices.len()),
            _ => format!("Аккорд: новое за день ({})", notices.len()),
        };
        let body = notices.iter().map(|n| self.text(n)).collect::<Vec<_>>().join("\n\n");
        let message = self.message(&first.email, &first.lang, &subject, &body, secret, None, Some(user))?;
        transport.send(message).await?;
        for n in notices {
            self.store.notice_mailed(&n.id, &self.origin).await?;
        }
        Ok(())
    }

    /// A notice in words: its subject (in a digest), its text and its link.
    fn text(&self, n: &NoticeRecord) -> String {
        format!("{}\n{}\n{}{}", n.subject, n.body, self.settings.public_url, n.link)
    }

    /// The message to `to`, with the links that stop this kind of message (a digest: every digest kind).
    #[allow(clippy::too_many_arguments)]
    fn message(
        &self,
        to: &str,
        lang: &str,
        subject: &str,
        body: &str,
        secret: &[u8],
        notice: Option<&NoticeRecord>,
        digest_of: Option<&app::ids::UserId>,
    ) -> anyhow::Result<Message> {
        let base = &self.settings.public_url;
        // What the message's unsubscribe link stops: its kind, or for a digest every kind in digests.
        let stops = match notice {
            Some(n) => n.user.clone().zip(Kind::from_code(&n.kind).filter(|k| *k != Kind::Invitation).map(Kind::code)),
            None => digest_of.cloned().map(|u| (u, DIGEST)),
        };
        let mut builder = Message::builder().from(self.from.clone()).to(to.parse()?).subject(subject);
        let footer = match stops {
            Some((user, what)) => {
                let link = format!(
                    "{base}/unsubscribe?u={user}&k={what}&s={}",
                    unsubscribe_signature(secret, user.as_str(), what)
                );
                builder = builder
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe"),
                        format!("<{link}>"),
                    ))
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                        "List-Unsubscribe=One-Click".into(),
                    ));
                match lang {
                    "en" => format!("No more such e-mails: {link}\nNotice settings: {base}/account"),
                    _ => format!("Больше не получать такие письма: {link}\nНастроить уведомления: {base}/account"),
                }
            }
            None => String::new(),
        };
        let text = if footer.is_empty() { body.to_string() } else { format!("{body}\n\n—\n{footer}\n") };
        Ok(builder.header(ContentType::TEXT_PLAIN).body(text)?)
    }
}
