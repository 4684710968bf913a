//! The server's counters and histograms, rendered in the Prometheus text format
//! (version 0.0.4) by `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// One latency histogram: counts per bucket (cumulative on output), sum and count.
#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, d: Duration) {
        let s = d.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| s <= *b) {
            self.buckets[i] += 1;
        }
        self.sum += s;
        self.count += 1;
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (b, n) in BUCKETS.iter().zip(self.buckets) {
            cumulative += n;
            let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{b}\"}} {cumulative}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {}", self.count);
        let _ = writeln!(out, "{name}_sum{{{labels}}} {}", self.sum);
        let _ = writeln!(out, "{name}_count{{{labels}}} {}", self.count);
    }
}

/// Key of one exchange counter: service, request message type, answer status.
type ExchangeKey = (String, String, String);

/// Everything `/metrics` reports; shared by the whole server.
#[derive(Debug, Default)]
pub struct Metrics {
    exchanges: Mutex<BTreeMap<ExchangeKey, u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    store_ops: Mutex<BTreeMap<&'static str, Histogram>>,
    inbox_blocks: AtomicU64,
    poll_blocks: AtomicU64,
    open_connections: AtomicI64,
    deliveries_sent: AtomicU64,
    deliveries_retried: AtomicU64,
    deliveries_failed: AtomicU64,
}

/// A connection counted open until dropped.
#[derive(Debug)]
pub struct OpenConnection(Arc<Metrics>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    /// Counts one answered exchange and its latency.
    pub fn exchange(&self, service: &str, message: &str, status: &str, took: Duration) {
        let key = (service.to_owned(), message.to_owned(), status.to_owned());
        *lock(&self.exchanges).entry(key).or_default() += 1;
        lock(&self.latency)
            .entry(service.to_owned())
            .or_default()
            .observe(took);
    }

    /// Records the time one store operation took.
    pub fn store_op(&self, op: &'static str, took: Duration) {
        lock(&self.store_ops).entry(op).or_default().observe(took);
    }

    /// Counts content blocks received by inbox exchanges.
    pub fn inbox_blocks(&self, n: usize) {
        self.inbox_blocks.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// Counts content blocks sent in poll answers.
    pub fn poll_blocks(&self, n: usize) {
        self.poll_blocks.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// Counts a connection as open until the guard is dropped.
    pub fn connection(self: &Arc<Self>) -> OpenConnection {
        self.open_connections.fetch_add(1, Ordering::Relaxed);
        OpenConnection(self.clone())
    }

    /// Counts a push delivery the subscriber accepted.
    pub fn delivery_sent(&self) {
        self.deliveries_sent.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a push delivery attempt that will be tried again.
    pub fn delivery_retried(&self) {
        self.deliveries_retried.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a push delivery that finally failed (kept in the store's queue).
    pub fn delivery_failed(&self) {
        self.deliveries_failed.fetch_add(1, Ordering::Relaxed);
    }

    /// Push deliveries that finally failed so far.
    pub fn failed_deliveries(&self) -> u64 {
        self.deliveries_failed.load(Ordering::Relaxed)
    }

    /// Everything in the Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP taxii_exchanges_total TAXII exchanges answered, by service, request and status.\n\
             # TYPE taxii_exchanges_total counter\n",
        );
        for ((service, message, status), n) in lock(&self.exchanges).iter() {
            let _ = writeln!(
                out,
                "taxii_exchanges_total{{service=\"{}\",message=\"{}\",status=\"{}\"}} {n}",
                escape(service),
                escape(message),
                escape(status)
            );
        }
        out.push_str(
            "# HELP taxii_exchange_seconds Time from request to answer, by service.\n\
             # TYPE taxii_exchange_seconds histogram\n",
        );
        for (service, h) in lock(&self.latency).iter() {
            h.render(
                &mut out,
                "taxii_exchange_seconds",
                &format!("service=\"{}\"", escape(service)),
            );
        }
        out.push_str(
            "# HELP taxii_store_operation_seconds Time of store operations, by operation.\n\
             # TYPE taxii_store_operation_seconds histogram\n",
        );
        for (op, h) in lock(&self.store_ops).iter() {
            h.render(
                &mut out,
                "taxii_store_operation_seconds",
                &format!("op=\"{op}\""),
            );
        }
        let gauges: [(&str, &str, &str, i64); 6] = [
            (
                "taxii_inbox_blocks_total",
                "counter",
                "Content blocks received by inbox exchanges.",
                self.inbox_blocks.load(Ordering::Relaxed) as i64,
            ),
            (
                "taxii_poll_blocks_total",
                "counter",
                "Content blocks sent in poll answers.",
                self.poll_blocks.load(Ordering::Relaxed) as i64,
            ),
            (
                "taxii_open_connections",
                "gauge",
                "Client connections open now.",
                self.open_connections.load(Ordering::Relaxed),
            ),
            (
                "taxii_push_deliveries_sent_total",
                "counter",
                "Push deliveries a subscriber accepted.",
                self.deliveries_sent.load(Ordering::Relaxed) as i64,
            ),
            (
                "taxii_push_delivery_retries_total",
                "counter",
                "Push delivery attempts that will be tried again.",
                self.deliveries_retried.load(Ordering::Relaxed) as i64,
            ),
            (
                "taxii_push_deliveries_failed_total",
                "counter",
                "Push deliveries that finally failed (kept, not dropped).",
                self.deliveries_failed.load(Ordering::Relaxed) as i64,
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_histograms_render_in_text_format() {
        let m = Arc::new(Metrics::default());
        m.exchange(
            "poll",
            "Poll_Request",
            "Poll_Response",
            Duration::from_millis(3),
        );
        m.exchange(
            "poll",
            "Poll_Request",
            "Poll_Response",
            Duration::from_secs(9),
        );
        m.store_op("page", Duration::from_micros(500));
        m.inbox_blocks(5);
        m.delivery_failed();
        let open = m.connection();
        let text = m.render();
        assert!(text.contains(
            "taxii_exchanges_total{service=\"poll\",message=\"Poll_Request\",status=\"Poll_Response\"} 2"
        ));
        assert!(text.contains("taxii_exchange_seconds_bucket{service=\"poll\",le=\"0.005\"} 1"));
        assert!(text.contains("taxii_exchange_seconds_bucket{service=\"poll\",le=\"+Inf\"} 2"));
        assert!(text.contains("taxii_store_operation_seconds_count{op=\"page\"} 1"));
        assert!(text.contains("taxii_inbox_blocks_total 5"));
        assert!(text.contains("taxii_open_connections 1"));
        assert!(text.contains("taxii_push_deliveries_failed_total 1"));
        drop(open);
        assert!(m.render().contains("taxii_open_connections 0"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
