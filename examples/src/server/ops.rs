//! Operations endpoints beside the TAXII services: `GET /healthz` (the process answers),
//! `GET /readyz` (the store answers) and `GET /metrics` (Prometheus text). Their paths
//! are set in the `[ops]` section; an empty path turns one off.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::{header, HeaderValue, Method, Response, StatusCode};
use http_body_util::Full;
use serde::Deserialize;

use super::state::State;

/// The `[ops]` section of the configuration: where the operations endpoints answer.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct OpsSettings {
    /// Liveness path (empty: off).
    pub healthz: String,
    /// Readiness path: 200 when the store answers, 503 otherwise (empty: off).
    pub readyz: String,
    /// Prometheus metrics path (empty: off).
    pub metrics: String,
}

impl Default for OpsSettings {
    fn default() -> Self {
        OpsSettings {
            healthz: "/healthz".into(),
            readyz: "/readyz".into(),
            metrics: "/metrics".into(),
        }
    }
}

impl OpsSettings {
    /// The paths in use (non-empty ones).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        [&self.healthz, &self.readyz, &self.metrics]
            .into_iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
    }

    /// Checks that each path in use starts with `/` and appears once.
    pub fn check(&self) -> Result<(), String> {
        let paths: Vec<&str> = self.paths().collect();
        for (i, p) in paths.iter().enumerate() {
            if !p.starts_with('/') {
                return Err(format!("ops path {p:?} must start with '/'"));
            }
            if paths[..i].contains(p) {
                return Err(format!("ops path {p} is used twice"));
            }
        }
        Ok(())
    }
}

/// The answer to an operations request, or `None` when `path` is not one.
pub async fn answer(
    state: &Arc<State>,
    method: &Method,
    path: &str,
) -> Option<Response<Full<Bytes>>> {
    let ops = &state.config.ops;
    if path.is_empty() || !ops.paths().any(|p| p == path) {
        return None;
    }
    if method != Method::GET && method != Method::HEAD {
        return Some(text(StatusCode::METHOD_NOT_ALLOWED, "use GET\n".into()));
    }
    Some(if path == ops.healthz {
        text(StatusCode::OK, "ok\n".into())
    } else if path == ops.readyz {
        let started = Instant::now();
        let ready = state.ready().await;
        state.metrics.store_op("ready", started.elapsed());
        match ready {
            Ok(()) => text(StatusCode::OK, "ready\n".into()),
            Err(e) => {
                tracing::warn!(error = %e, "readiness check failed");
                text(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!("store unavailable: {e}\n"),
                )
            }
        }
    } else {
        let mut r = text(StatusCode::OK, state.metrics.render());
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        );
        r
    })
}

fn text(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_be_absolute_and_distinct() {
        assert!(OpsSettings::default().check().is_ok());
        let off = OpsSettings {
            metrics: String::new(),
            ..OpsSettings::default()
        };
        assert_eq!(off.paths().count(), 2);
        let twice = OpsSettings {
            readyz: "/healthz".into(),
            ..OpsSettings::default()
        };
        assert!(twice.check().unwrap_err().contains("used twice"));
        let relative = OpsSettings {
            healthz: "healthz".into(),
            ..OpsSettings::default()
        };
        assert!(relative.check().unwrap_err().contains("start with '/'"));
    }
}
