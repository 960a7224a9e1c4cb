//! Outgoing email over SMTP (lettre). Configured by `ATTAIN_SMTP_URL`
//! (`smtp://host:25`, `smtps://user:pass@host`, `smtp://host:587?tls=required`);
//! without it Attain sends no email at all.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{SmtpTransport, Transport};

/// The default sender when `ATTAIN_MAIL_FROM` is not set.
pub const DEFAULT_FROM: &str = "Attain <attain@localhost>";

/// Where links in emails point when `ATTAIN_PUBLIC_URL` is not set.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// The address people open Attain at, without a trailing slash.
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    // The URL may hold credentials: never print the transport.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// A mailer for an SMTP URL, or `None` when no URL is configured.
    pub fn configured(url: Option<&str>, from: &str) -> anyhow::Result<Option<Mailer>> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Ok(None),
            Some(url) => Mailer::new(url, from).map(Some),
        }
    }

    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = SmtpTransport::from_url(url)
            .context("ATTAIN_SMTP_URL is not a valid SMTP URL")?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        let from = from
            .parse()
            .with_context(|| format!("ATTAIN_MAIL_FROM is not an address: {from}"))?;
        Ok(Mailer {
            transport,
            from,
            public_url: DEFAULT_PUBLIC_URL.into(),
        })
    }

    /// The same mailer with links pointing at `url` (`https://attain.example.com`).
    pub fn with_public_url(mut self, url: &str) -> Mailer {
        self.public_url = url.trim().trim_end_matches('/').to_string();
        self
    }

    /// The absolute address of a page, for an email: `/dashboard` →
    /// `https://attain.example.com/dashboard`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Sends one plain-text message.
    pub fn send(
        &self,
        to_name: &str,
        to_email: &str,
        subject: &str,
        body: &str,
    ) -> anyhow::Result<()> {
        let to = Mailbox::new(
            Some(to_name.to_string()),
            to_email
                .parse()
                .with_context(|| format!("not an email address: {to_email}"))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())?;
        self.transport
            .send(&message)
            .with_context(|| format!("sending to {to_email}"))?;
        Ok(())
    }
}
