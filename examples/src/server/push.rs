//! Push delivery of taxii serve: the library's [`Courier`] runs the delivery cycle
//! (destination re-checked, `SUCCESS` required, unanswered attempts repeated after 1 s and
//! 4 s, outcomes settled in the store) and its [`Lanes`] keep destinations fair; this
//! module supplies what needs the runtime: the HTTP(S) sender and the tasks.
//!
//! The sender resolves a host name once, checks every address it resolves to (security
//! note S8) and connects to the checked address without resolving again (see
//! [`super::destination`]); it follows no redirects and bounds each attempt in time and
//! answer size. Each destination (scheme, host, port) has its own few slots (#19.6), so a
//! slow or dead subscriber delays only its own deliveries. Every outcome is logged and
//! counted in the metrics.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use taxii_messages::v11::PushMethod;
use taxii_messages::{Message, Timestamp, Uri};
use taxii_services::config::{
    MESSAGE_BINDING_10, MESSAGE_BINDING_11, PROTOCOL_HTTP, PROTOCOL_HTTPS,
};
use taxii_services::push::{
    Admission, Attempts, Courier, Delivery, Lanes, Outcome, PushSender, SendError,
};
use taxii_services::store::{DeliveryId, LeaseToken, QueuedDelivery};
use tokio::sync::mpsc;

use super::destination::{resolve, ResolveError};
use super::metrics::Metrics;
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

/// The sender of the server: the TAXII client over HTTP(S), with the address filter.
pub struct HttpSender {
    client: Client,
    allow_private: bool,
    attempt_timeout: Duration,
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
            attempt_timeout: Duration::from_secs(settings.timeout_secs.max(1)),
        })
    }

    /// One attempt, resolution included, without the time limit.
    async fn attempt(&self, d: &Delivery) -> Result<Message, SendError> {
        let addr = resolve(&d.destination, self.allow_private)
            .await
            .map_err(|e| match e {
                ResolveError::Lookup { .. } => SendError::Unanswered(e.to_string()),
                _ => SendError::Refused(e.to_string()),
            })?;
        self.client
            .connecting_to(addr)
            .exchange(&d.destination.url(), &d.message)
            .await
            .map_err(|e| SendError::Unanswered(e.to_string()))
    }
}

impl PushSender for HttpSender {
    async fn send(&self, d: &Delivery) -> Result<Message, SendError> {
        match tokio::time::timeout(self.attempt_timeout, self.attempt(d)).await {
            Ok(answer) => answer,
            Err(_) => Err(SendError::Unanswered("no answer in time".into())),
        }
    }

    fn wait(&self, pause: Duration) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(pause)
    }
}

/// Push deliveries of this instance: admitted to the [`Lanes`], each started on its own
/// task, its outcome counted, logged and reported once to the worker that settles it.
pub struct Pusher<S: PushSender + 'static = HttpSender> {
    inner: Arc<Inner<S>>,
}

impl<S: PushSender + 'static> Clone for Pusher<S> {
    fn clone(&self) -> Self {
        Pusher {
            inner: self.inner.clone(),
        }
    }
}

impl<S: PushSender + 'static> std::fmt::Debug for Pusher<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pusher")
            .field("held", &self.held())
            .finish()
    }
}

/// What became of a delivery, under which claim.
pub type Report = (DeliveryId, LeaseToken, Outcome);

struct Inner<S> {
    courier: Courier<S>,
    lanes: Mutex<Lanes>,
    reports: mpsc::UnboundedSender<Report>,
    report_rx: Mutex<Option<mpsc::UnboundedReceiver<Report>>>,
    /// The claim of each delivery held here, until its outcome is reported.
    leases: Mutex<HashMap<DeliveryId, LeaseToken>>,
    /// Held deliveries whose claim was lost: not sent, not reported.
    lost: Mutex<HashSet<DeliveryId>>,
    metrics: Arc<Metrics>,
}

impl<S: PushSender + 'static> Pusher<S> {
    /// A pusher sending with `sender` under `settings`, counting into `metrics`.
    pub fn new(sender: S, settings: &PushSettings, metrics: Arc<Metrics>) -> Self {
        let (reports, report_rx) = mpsc::unbounded_channel();
        let courier = Courier::new(sender).allow_internal(settings.allow_private_destinations);
        Pusher {
            inner: Arc::new(Inner {
                courier,
                lanes: Mutex::new(Lanes::new(
                    settings.per_destination,
                    MAX_WAITING_PER_DESTINATION,
                )),
                reports,
                report_rx: Mutex::new(Some(report_rx)),
                leases: Mutex::new(HashMap::new()),
                lost: Mutex::new(HashSet::new()),
                metrics,
            }),
        }
    }

    /// The delivery cycle (claim and settle).
    pub fn courier(&self) -> &Courier<S> {
        &self.inner.courier
    }

    /// Deliveries taken and not yet finished.
    pub fn held(&self) -> usize {
        lock(&self.inner.lanes).held()
    }

    /// The outcomes of deliveries, once: for the worker that settles them in the store.
    pub fn take_reports(&self) -> Option<mpsc::UnboundedReceiver<Report>> {
        lock(&self.inner.report_rx).take()
    }

    /// The claims of the deliveries held here, for renewal.
    pub fn held_leases(&self) -> Vec<(DeliveryId, LeaseToken)> {
        lock(&self.inner.leases)
            .iter()
            .map(|(i, l)| (*i, *l))
            .collect()
    }

    /// Drops held delivery `id` whose claim was lost: it is not sent if it has not started.
    pub fn forget(&self, id: DeliveryId) {
        if lock(&self.inner.leases).remove(&id).is_some() {
            lock(&self.inner.lost).insert(id);
        }
    }

    /// Takes claimed deliveries, each behind earlier ones to the same destination only;
    /// each one's outcome is reported once.
    pub fn submit(&self, claimed: Vec<QueuedDelivery>) {
        for job in claimed {
            lock(&self.inner.leases).insert(job.id, job.lease);
            let admission = lock(&self.inner.lanes).admit(job);
            match admission {
                Admission::Start(job) => self.start(job),
                Admission::Deferred(job) => {
                    tracing::debug!(url = %job.delivery.destination.url(), "push deferred: destination busy");
                    self.report(&job, Outcome::Deferred);
                }
                _ => {}
            }
        }
    }

    fn report(&self, job: &QueuedDelivery, outcome: Outcome) {
        lock(&self.inner.leases).remove(&job.id);
        let _ = self.inner.reports.send((job.id, job.lease, outcome));
    }

    /// Sends `job` on a task of its own; then starts the next one waiting for its
    /// destination.
    fn start(&self, job: QueuedDelivery) {
        let this = self.clone();
        tokio::spawn(async move {
            let d = &job.delivery;
            if lock(&this.inner.lost).remove(&job.id) {
                tracing::debug!(url = %d.destination.url(), "push claim lost; not sent");
            } else {
                let attempts = this.inner.courier.deliver(d, &Timestamp::now()).await;
                this.count(d, &attempts);
                this.report(&job, attempts.outcome);
            }
            let next = lock(&this.inner.lanes).finish(&d.destination);
            if let Some(next) = next {
                this.start(next);
            }
        });
    }

    /// Logs and counts what became of `d`.
    fn count(&self, d: &Delivery, attempts: &Attempts) {
        let metrics = &self.inner.metrics;
        let url = d.destination.url();
        let subscription = d.subscription_id.as_ref().map(|s| s.as_str().to_owned());
        for _ in 0..attempts.retries {
            metrics.delivery_retried();
        }
        if attempts.retries > 0 {
            tracing::debug!(%url, retries = attempts.retries, "push unanswered; tried again");
        }
        match &attempts.outcome {
            Outcome::Delivered => {
                metrics.delivery_sent();
                tracing::info!(%url, ?subscription, "push delivered");
            }
            Outcome::Failed(error) => {
                metrics.delivery_failed();
                tracing::warn!(%url, ?subscription, %error, "push failed");
            }
            _ => {}
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
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
