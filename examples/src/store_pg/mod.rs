//! The PostgreSQL store: one database shared by any number of `taxii serve` instances.
//!
//! Built on tokio-postgres with a deadpool-postgres connection pool. Why these rather than
//! sqlx: the store is a dozen hand-written statements, so sqlx's compile-time query
//! checking (which needs a live database or checked-in query metadata at build time) and
//! its multi-database layer bring cost without use; tokio-postgres is the maintained
//! native-protocol driver sqlx's PostgreSQL support grew beside, and deadpool adds only
//! pooling with health checks. Both run on the tokio runtime the server already uses.
//!
//! What the database guarantees across instances (see `schema` for the tables): labels
//! come from one row-locked clock row in the inserting transaction (database time, never
//! an instance's clock) so they are unique and increase in commit order; an insert is
//! acknowledged only after COMMIT, which concurrent inserts of one instance share (group
//! commit); each push delivery is claimed by one instance with
//! `FOR UPDATE SKIP LOCKED` under a lease; expiry and lease sweeps are single statements,
//! safe to run on every instance at once.

pub mod clock;
mod codec;
mod deliveries;
mod group;
mod records;
mod results;
pub mod schema;
mod subscriptions;
pub mod url;

use std::sync::Arc;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use taxii_services::store::{CollectionDefinition, StoreError};
use tokio_postgres::error::SqlState;
use tokio_postgres::NoTls;

pub use url::DatabaseUrl;

/// Connections kept per instance.
const POOL_SIZE: usize = 16;

/// A PostgreSQL store.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
    url: DatabaseUrl,
    collections: Arc<Vec<CollectionDefinition>>,
    group: Arc<group::Group>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.url).finish()
    }
}

/// Why the store cannot be opened: each says which database and what failed, on one line.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The URL is malformed.
    #[error("{0}")]
    Url(String),
    /// No connection could be made.
    #[error("cannot connect to {url}: {reason}")]
    Connect {
        /// The database (password hidden).
        url: String,
        /// What the driver said.
        reason: String,
    },
    /// The schema is newer or cannot be migrated.
    #[error("database {url}: {source}")]
    Schema {
        /// The database (password hidden).
        url: String,
        /// What is wrong.
        source: schema::SchemaError,
    },
}

impl PgStore {
    /// Connects to `url`, checks the connection and migrates the schema; fails without
    /// side effects on the server when any of that fails. `collections` come from the
    /// configuration (the same on every instance).
    pub async fn open(
        url: &str,
        collections: Vec<CollectionDefinition>,
    ) -> Result<PgStore, OpenError> {
        let url = url::parse(url).map_err(OpenError::Url)?;
        let manager = Manager::from_config(
            url.driver_config(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| OpenError::Connect {
                url: url.to_string(),
                reason: e.to_string(),
            })?;
        let mut client = pool.get().await.map_err(|e| OpenError::Connect {
            url: url.to_string(),
            reason: one_line(&e),
        })?;
        schema::migrate(&mut client)
            .await
            .map_err(|source| OpenError::Schema {
                url: url.to_string(),
                source,
            })?;
        drop(client);
        Ok(PgStore {
            pool,
            url,
            collections: Arc::new(collections),
            group: Arc::default(),
        })
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), String> {
        let client = self.pool.get().await.map_err(|e| one_line(&e))?;
        client
            .simple_query("SELECT 1")
            .await
            .map(drop)
            .map_err(|e| one_line(&e))
    }
}

impl PgStore {
    /// A pooled connection.
    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|e| {
            tracing::warn!(error = %one_line(&e), "no database connection");
            StoreError::Busy {
                retry_after_secs: 1,
            }
        })
    }
}

/// A driver error as the store reports it: conflicts and overload are `Busy` (the client
/// may retry), anything else a failure.
fn failed(e: tokio_postgres::Error) -> StoreError {
    if is_transient(e.code(), e.is_closed()) {
        StoreError::Busy {
            retry_after_secs: 1,
        }
    } else {
        StoreError::Failed(one_line(&e))
    }
}

/// Whether an error of SQLSTATE `code`, or on a `closed` connection, may pass when
/// retried: a conflict, overload or a server shutting down.
fn is_transient(code: Option<&SqlState>, closed: bool) -> bool {
    const TRANSIENT: [SqlState; 5] = [
        SqlState::T_R_SERIALIZATION_FAILURE,
        SqlState::T_R_DEADLOCK_DETECTED,
        SqlState::TOO_MANY_CONNECTIONS,
        SqlState::LOCK_NOT_AVAILABLE,
        SqlState::ADMIN_SHUTDOWN,
    ];
    closed || code.is_some_and(|c| TRANSIENT.contains(c))
}

/// An error and its causes on one line.
fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_overload_and_lost_connections_are_worth_a_retry() {
        for code in [
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
            SqlState::TOO_MANY_CONNECTIONS,
            SqlState::LOCK_NOT_AVAILABLE,
            SqlState::ADMIN_SHUTDOWN,
        ] {
            assert!(is_transient(Some(&code), false), "{code:?}");
        }
        assert!(is_transient(None, true));
        assert!(is_transient(Some(&SqlState::UNIQUE_VIOLATION), true));
        assert!(!is_transient(Some(&SqlState::UNIQUE_VIOLATION), false));
        assert!(!is_transient(Some(&SqlState::UNDEFINED_TABLE), false));
        assert!(!is_transient(None, false));
    }
}
