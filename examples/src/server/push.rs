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
//!
//! Fairness (#19.6): deliveries queue per destination (scheme, host, port), each
//! destination with its own small number of slots and every attempt bounded in time, so a
//! slow or dead subscriber delays only its own deliveries.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use taxii_messages::v11::PushMethod;
use taxii_messages::Uri;
use taxii_services::client::read_success;
use taxii_services::config::{
    MESSAGE_BINDING_10, MESSAGE_BINDING_11, PROTOCOL_HTTP, PROTOCOL_HTTPS,
};
use taxii_services::push::{Delivery, Host, Scheme};
use taxii_services::store::DeliveryId;
use tokio::sync::mpsc;

use super::destination::{resolve, ResolveError};
use crate::client::{Client, ClientOptions};

use super::metrics::Metrics;

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
    /// Seconds one delivery attempt may take, connection included.
    pub timeout_secs: u64,
    /// Deliveries in flight at once to one destination (scheme, host and port).
    pub per_destination: usize,
}

impl Default for PushSettings {
    fn default() -> Self {
        PushSettings {
            enabled: false,
            allow_private_destinations: false,
            timeout_secs: 30,
            per_destination: 2,
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

/// Claimed deliveries waiting here for one destination; beyond that a claimed one is
/// handed back to the store's queue for later, so a subscriber that does not keep up holds
/// only a few of this instance's slots.
const MAX_WAITING_PER_DESTINATION: usize = 16;

/// Where a delivery goes, as far as fairness is concerned: scheme, host and port.
type LaneKey = (Scheme, Host, u16);

/// One destination's deliveries: waiting in arrival order, and how many are being sent.
#[derive(Default)]
struct Lane {
    waiting: VecDeque<Job>,
    running: usize,
}

/// A delivery claimed from the store's queue.
#[derive(Debug)]
pub struct Job {
    /// Its id in the queue.
    pub id: DeliveryId,
    /// What to send, and where.
    pub delivery: Delivery,
}

/// What became of a job, for the store's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The subscriber answered SUCCESS.
    Delivered,
    /// Refused, or unanswered after every attempt: kept as failed.
    Failed,
    /// Not tried: its destination already has enough waiting here; claim it again later.
    Deferred,
}

/// Sends one delivery; `Failure::Unanswered` is worth another attempt.
pub trait Sender: Send + Sync + 'static {
    /// One attempt at `d`, to `url`.
    fn send(&self, d: &Delivery, url: &str) -> impl Future<Output = Result<(), Failure>> + Send;
}

/// The sender of the server: the TAXII client over HTTP(S), with the address filter.
pub struct HttpSender {
    client: Client,
    allow_private: bool,
}

impl HttpSender {
    /// A sender for `settings`.
    pub fn new(settings: &PushSettings) -> Result<HttpSender, String> {
        let client = Client::new(ClientOptions {
            timeout: Duration::from_secs(settings.timeout_secs),
            max_response_bytes: MAX_ANSWER_BYTES,
            ..ClientOptions::default()
        })
        .map_err(|e| format!("push client setup failed: {e}"))?;
        Ok(HttpSender {
            client,
            allow_private: settings.allow_private_destinations,
        })
    }
}

impl Sender for HttpSender {
    fn send(&self, d: &Delivery, url: &str) -> impl Future<Output = Result<(), Failure>> + Send {
        attempt(&self.client, d, url, self.allow_private)
    }
}

/// Push deliveries, fair between destinations: each destination has its own queue and at
/// most `per_destination` deliveries in flight, each attempt bounded in time, so a slow or
/// dead subscriber delays only its own deliveries. Every outcome is logged and counted in
/// the metrics; a delivery that finally fails is counted, never dropped unseen.
pub struct Pusher<S: Sender = HttpSender> {
    inner: Arc<Inner<S>>,
}

impl<S: Sender> Clone for Pusher<S> {
    fn clone(&self) -> Self {
        Pusher {
            inner: self.inner.clone(),
        }
    }
}

impl<S: Sender> std::fmt::Debug for Pusher<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pusher")
            .field("per_destination", &self.inner.per_destination)
            .finish()
    }
}

struct Inner<S> {
    sender: S,
    held: AtomicUsize,
    reports: mpsc::UnboundedSender<(DeliveryId, Outcome)>,
    report_rx: Mutex<Option<mpsc::UnboundedReceiver<(DeliveryId, Outcome)>>>,
    lanes: Mutex<HashMap<LaneKey, Lane>>,
    per_destination: usize,
    attempt_timeout: Duration,
    retry_after: Vec<Duration>,
    metrics: Arc<Metrics>,
}

impl<S: Sender> Pusher<S> {
    /// A pusher sending with `sender` under `settings`, counting into `metrics`.
    pub fn new(sender: S, settings: &PushSettings, metrics: Arc<Metrics>) -> Self {
        let (reports, report_rx) = mpsc::unbounded_channel();
        Pusher {
            inner: Arc::new(Inner {
                sender,
                held: AtomicUsize::new(0),
                reports,
                report_rx: Mutex::new(Some(report_rx)),
                lanes: Mutex::default(),
                per_destination: settings.per_destination.max(1),
                attempt_timeout: Duration::from_secs(settings.timeout_secs.max(1)),
                retry_after: RETRY_AFTER.to_vec(),
                metrics,
            }),
        }
    }

    /// Jobs taken and not yet reported.
    pub fn held(&self) -> usize {
        self.inner.held.load(Ordering::Relaxed)
    }

    /// The outcomes of jobs, once: for the worker that settles them in the store.
    pub fn take_reports(&self) -> Option<mpsc::UnboundedReceiver<(DeliveryId, Outcome)>> {
        lock(&self.inner.report_rx).take()
    }

    /// Takes `jobs`, each behind earlier ones to the same destination only; each one's
    /// outcome is reported once.
    pub fn submit(&self, jobs: Vec<Job>) {
        for job in jobs {
            let d = &job.delivery;
            let key = (
                d.destination.scheme,
                d.destination.host.clone(),
                d.destination.port,
            );
            self.inner.held.fetch_add(1, Ordering::Relaxed);
            let mut lanes = lock(&self.inner.lanes);
            let lane = lanes.entry(key.clone()).or_default();
            if lane.waiting.len() >= MAX_WAITING_PER_DESTINATION {
                drop(lanes);
                tracing::debug!(url = %push_url(d), "push deferred: destination busy");
                self.report(job.id, Outcome::Deferred);
                continue;
            }
            lane.waiting.push_back(job);
            drop(lanes);
            self.pump(&key);
        }
    }

    fn report(&self, id: DeliveryId, outcome: Outcome) {
        self.inner.held.fetch_sub(1, Ordering::Relaxed);
        let _ = self.inner.reports.send((id, outcome));
    }

    /// Starts waiting deliveries of `key` while the destination has free slots.
    fn pump(&self, key: &LaneKey) {
        let mut lanes = lock(&self.inner.lanes);
        let Some(lane) = lanes.get_mut(key) else {
            return;
        };
        while lane.running < self.inner.per_destination {
            let Some(job) = lane.waiting.pop_front() else {
                break;
            };
            lane.running += 1;
            let this = self.clone();
            let key = key.clone();
            tokio::spawn(async move {
                let outcome = this.run(&job.delivery).await;
                this.report(job.id, outcome);
                {
                    let mut lanes = lock(&this.inner.lanes);
                    if let Some(lane) = lanes.get_mut(&key) {
                        lane.running -= 1;
                        if lane.running == 0 && lane.waiting.is_empty() {
                            lanes.remove(&key);
                        }
                    }
                }
                this.pump(&key);
            });
        }
    }

    /// Sends `d` once its time has come, again while unanswered; counts the outcome.
    async fn run(&self, d: &Delivery) -> Outcome {
        let url = push_url(d);
        let subscription = d.subscription_id.as_ref().map(|s| s.as_str().to_owned());
        let wait = (d.not_before.to_utc() - chrono::Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        tokio::time::sleep(wait.min(MAX_DELAY)).await;
        let metrics = &self.inner.metrics;
        let mut pauses = self.inner.retry_after.iter();
        loop {
            let outcome = match tokio::time::timeout(
                self.inner.attempt_timeout,
                self.inner.sender.send(d, &url),
            )
            .await
            {
                Ok(o) => o,
                Err(_) => Err(Failure::Unanswered("no answer in time".into())),
            };
            let error = match outcome {
                Ok(()) => {
                    metrics.delivery_sent();
                    tracing::info!(%url, ?subscription, "push delivered");
                    return Outcome::Delivered;
                }
                Err(Failure::Final(e)) => e,
                Err(Failure::Unanswered(e)) => match pauses.next() {
                    Some(p) => {
                        metrics.delivery_retried();
                        tracing::debug!(%url, error = %e, "push unanswered; trying again");
                        tokio::time::sleep(*p).await;
                        continue;
                    }
                    None => e,
                },
            };
            metrics.delivery_failed();
            tracing::warn!(%url, ?subscription, error = %error, "push failed");
            return Outcome::Failed;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
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

/// Why a delivery attempt failed.
#[derive(Debug)]
pub enum Failure {
    /// No TAXII answer: worth another attempt.
    Unanswered(String),
    /// Refused by policy or answered with something other than SUCCESS: final.
    Final(String),
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
