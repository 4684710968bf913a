//! Push delivery: the server's side of subscriptions with push parameters. The engine
//! hands back delivery work items (an Inbox_Message and a checked destination); this
//! module sends them with the TAXII client, off the request path, bounded in time.
//!
//! Destinations were checked literally by the engine (no loopback, private or link-local
//! addresses unless allowed, security note S8); a host name is resolved once here, every
//! address it resolves to is checked the same way, and the client connects to the checked
//! address without resolving again (see [`super::destination`]). No redirects are
//! followed; an unanswered delivery is tried twice more (after 1 s and 4 s); the outcome
//! is logged.

use std::time::Duration;

use serde::Deserialize;
use taxii_messages::v11::PushMethod;
use taxii_messages::Uri;
use taxii_services::client::read_success;
use taxii_services::config::{
    MESSAGE_BINDING_10, MESSAGE_BINDING_11, PROTOCOL_HTTP, PROTOCOL_HTTPS,
};
use taxii_services::push::{Delivery, Host, Scheme};

use tokio::sync::Semaphore;

use super::destination::{resolve, ResolveError};
use crate::client::{Client, ClientOptions};

/// The `[push]` section of the configuration: whether collections offer push delivery to
/// subscribers, and where it may go.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PushSettings {
    /// Whether subscriptions may ask for push delivery (off by default).
    pub enabled: bool,
    /// Whether pushes may go to loopback, private or link-local addresses (off by
    /// default; turn on only when every account is trusted).
    pub allow_private_destinations: bool,
    /// Seconds one delivery may take, connection included.
    pub timeout_secs: u64,
}

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            enabled: false,
            allow_private_destinations: false,
            timeout_secs: 30,
        }
    }
}

/// Largest answer read from a subscriber's inbox, in bytes.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Longest a delivery waits for its `not_before` time.
const MAX_DELAY: Duration = Duration::from_secs(300);

impl PushSettings {
    /// The push methods collections advertise: HTTP and HTTPS with the TAXII 1.1 and 1.0
    /// XML message bindings, or none when push is off.
    pub fn methods(&self) -> Vec<PushMethod> {
        if !self.enabled {
            return Vec::new();
        }
        [PROTOCOL_HTTP, PROTOCOL_HTTPS]
            .into_iter()
            .map(|p| {
                let uri = |s: &str| Uri::new(s).expect("constant URI");
                let mut m = PushMethod::new(uri(p), uri(MESSAGE_BINDING_11));
                m.message_bindings.push(uri(MESSAGE_BINDING_10));
                m
            })
            .collect()
    }
}

/// Most delivery batches in flight at once; beyond that new ones are dropped (and logged)
/// rather than queued without bound.
const MAX_IN_FLIGHT: usize = 64;

static IN_FLIGHT: Semaphore = Semaphore::const_new(MAX_IN_FLIGHT);

/// Sends `deliveries` in the background, in order; each outcome is logged.
pub fn spawn(deliveries: Vec<Delivery>, settings: &PushSettings) {
    if deliveries.is_empty() {
        return;
    }
    let Ok(permit) = IN_FLIGHT.try_acquire() else {
        tracing::warn!(
            count = deliveries.len(),
            "push dropped: {MAX_IN_FLIGHT} deliveries already in flight"
        );
        return;
    };
    let settings = settings.clone();
    tokio::spawn(async move {
        let _permit = permit;
        let client = match Client::new(ClientOptions {
            timeout: Duration::from_secs(settings.timeout_secs),
            max_response_bytes: MAX_ANSWER_BYTES,
            ..ClientOptions::default()
        }) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "push client setup failed");
                return;
            }
        };
        for d in deliveries {
            let url = push_url(&d);
            let subscription = d.subscription_id.as_ref().map(|s| s.as_str().to_owned());
            match deliver(&client, &d, &url, settings.allow_private_destinations).await {
                Ok(()) => tracing::info!(%url, ?subscription, "push delivered"),
                Err(e) => tracing::warn!(%url, ?subscription, error = %e, "push failed"),
            }
        }
    });
}

/// The URL a delivery goes to, rebuilt from its checked parts.
fn push_url(d: &Delivery) -> String {
    let dest = &d.destination;
    let scheme = match dest.scheme {
        Scheme::Http => "http",
        Scheme::Https => "https",
    };
    let host = match &dest.host {
        Host::Ip(std::net::IpAddr::V6(ip)) => format!("[{ip}]"),
        Host::Ip(ip) => ip.to_string(),
        Host::Name(n) => n.clone(),
    };
    format!("{scheme}://{host}:{}{}", dest.port, dest.path)
}

/// Pauses before the second and third attempts of a delivery the subscriber did not
/// answer (a TAXII answer other than SUCCESS is final).
const RETRY_AFTER: [Duration; 2] = [Duration::from_secs(1), Duration::from_secs(4)];

/// Why a delivery failed.
enum Failure {
    /// No TAXII answer: worth another attempt.
    Unanswered(String),
    /// Refused by policy or answered with something other than SUCCESS: final.
    Final(String),
}

/// Sends one delivery once its time has come, again if unanswered; `Ok` only on a
/// SUCCESS answer.
async fn deliver(
    client: &Client,
    d: &Delivery,
    url: &str,
    allow_private: bool,
) -> Result<(), String> {
    let wait = (d.not_before.to_utc() - chrono::Utc::now())
        .to_std()
        .unwrap_or(Duration::ZERO);
    tokio::time::sleep(wait.min(MAX_DELAY)).await;
    let mut pauses = RETRY_AFTER.iter();
    loop {
        match attempt(client, d, url, allow_private).await {
            Ok(()) => return Ok(()),
            Err(Failure::Final(e)) => return Err(e),
            Err(Failure::Unanswered(e)) => match pauses.next() {
                Some(p) => {
                    tracing::debug!(%url, error = %e, "push unanswered; trying again");
                    tokio::time::sleep(*p).await;
                }
                None => return Err(e),
            },
        }
    }
}

async fn attempt(
    client: &Client,
    d: &Delivery,
    url: &str,
    allow_private: bool,
) -> Result<(), Failure> {
    let addr = resolve(&d.destination, allow_private)
        .await
        .map_err(|e| match e {
            ResolveError::Lookup { .. } => Failure::Unanswered(e.to_string()),
            _ => Failure::Final(e.to_string()),
        })?;
    let answer = client
        .connecting_to(addr)
        .exchange(url, &d.message)
        .await
        .map_err(|e| Failure::Unanswered(e.to_string()))?;
    read_success(d.message.message_id(), answer).map_err(|e| Failure::Final(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_is_off_unless_enabled() {
        assert!(PushSettings::default().methods().is_empty());
        let on = PushSettings {
            enabled: true,
            ..PushSettings::default()
        };
        let methods = on.methods();
        assert_eq!(methods.len(), 2);
        assert_eq!(methods[0].protocol_binding.as_str(), PROTOCOL_HTTP);
        assert_eq!(methods[1].message_bindings.len(), 2);
    }
}
