//! The server's configuration file (TOML): listen address, data directory, services,
//! collections, accounts, limits and TLS. Every field has a default, so an empty file (or
//! none) gives the out-of-the-box server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use crate::server::advertise::AdvertisedService;
pub use crate::server::ops::OpsSettings;
pub use crate::server::push::PushSettings;
pub use crate::server::query::QuerySettings;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Directory holding the SQLite store.
    pub data: PathBuf,
    /// Base URL advertised in discovery and collection answers (default: from `listen`).
    pub public_url: Option<String>,
    /// Paths of the four services.
    pub services: Services,
    /// Resource limits and timeouts.
    pub limits: ServerLimits,
    /// TLS (HTTPS) settings; plain HTTP when absent.
    pub tls: Option<Tls>,
    /// The collections served.
    #[serde(rename = "collection")]
    pub collections: Vec<Collection>,
    /// Accounts allowed in; with none, the server is open and refuses non-loopback addresses.
    #[serde(rename = "account")]
    pub accounts: Vec<Account>,
    /// Copy every request and response body into this directory (debugging).
    pub dump_dir: Option<PathBuf>,
    /// Push delivery to subscribers (off by default).
    pub push: PushSettings,
    /// Services hosted elsewhere that discovery lists too.
    #[serde(rename = "advertise")]
    pub advertised: Vec<AdvertisedService>,
    /// A shared PostgreSQL database instead of SQLite in `data`.
    pub database: Database,
    /// Paths of the operations endpoints (`/healthz`, `/readyz`, `/metrics`).
    pub ops: OpsSettings,
    /// Default Query support (on by default).
    pub query: QuerySettings,
}

/// The `[database]` section: where the store lives when not in SQLite under `data`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Database {
    /// `postgres://USER[:PASSWORD]@HOST:PORT/DB`; several servers may share it.
    pub url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 9000)),
            data: PathBuf::from("taxii-data"),
            public_url: None,
            services: Services::default(),
            limits: ServerLimits::default(),
            tls: None,
            collections: vec![Collection::named("default")],
            accounts: Vec::new(),
            dump_dir: None,
            push: PushSettings::default(),
            advertised: Vec::new(),
            database: Database::default(),
            ops: OpsSettings::default(),
            query: QuerySettings::default(),
        }
    }
}

/// The URL paths of the services.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Services {
    /// Discovery service path.
    pub discovery: String,
    /// Collection management service path (collection information and subscriptions).
    pub collection_management: String,
    /// Poll service path (polls and fulfillment).
    pub poll: String,
    /// Inbox service path.
    pub inbox: String,
}

impl Default for Services {
    fn default() -> Self {
        Services {
            discovery: "/services/discovery".into(),
            collection_management: "/services/collection-management".into(),
            poll: "/services/poll".into(),
            inbox: "/services/inbox".into(),
        }
    }
}

/// Limits protecting the server from large or slow clients.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerLimits {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Seconds a client has to send the request headers.
    pub header_timeout_secs: u64,
    /// Seconds a client has to send the whole request body.
    pub body_timeout_secs: u64,
    /// Connections served at once; more are closed on accept.
    pub max_connections: usize,
    /// Connections served at once from one client address; more are closed on accept.
    pub max_connections_per_ip: usize,
    /// Content blocks per poll response part (multi-part results beyond that).
    pub poll_page_size: usize,
    /// Polls that allow an asynchronous answer and select more blocks than this are
    /// answered PENDING, to be fetched later with Poll_Fulfillment (default: never).
    pub poll_async_above: Option<usize>,
    /// Seconds a PENDING answer asks the client to wait.
    pub poll_async_wait_secs: u64,
    /// Seconds graceful shutdown waits for open exchanges.
    pub shutdown_grace_secs: u64,
    /// Unexpired poll result sets (multi-part, asynchronous) one account may hold; more
    /// polls needing one are answered DENIED, never by evicting another account's.
    pub result_sets_per_account: u64,
    /// Of those, asynchronous ones.
    pub async_results_per_account: u64,
    /// Subscriptions one account may hold; more are answered DENIED.
    pub subscriptions_per_account: u64,
    /// Largest subscription request (encoded, parameters and query) accepted, in bytes.
    pub subscription_parameter_bytes: usize,
}

impl ServerLimits {
    /// The per-account store quotas these limits set.
    pub fn quotas(&self) -> taxii_services::store::Quotas {
        taxii_services::store::Quotas::new(
            self.result_sets_per_account,
            self.async_results_per_account,
            self.subscriptions_per_account,
            self.subscription_parameter_bytes,
        )
    }
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_body_bytes: 16 * 1024 * 1024,
            header_timeout_secs: 10,
            body_timeout_secs: 30,
            max_connections: 1024,
            max_connections_per_ip: 256,
            poll_page_size: 100,
            poll_async_above: None,
            poll_async_wait_secs: 5,
            shutdown_grace_secs: 10,
            result_sets_per_account: 64,
            async_results_per_account: 16,
            subscriptions_per_account: 100,
            subscription_parameter_bytes: 64 * 1024,
        }
    }
}

/// TLS settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// PEM certificate chain of the server.
    pub cert: PathBuf,
    /// PEM private key of the server.
    pub key: PathBuf,
    /// PEM CA bundle: when set, clients may authenticate with certificates it signed.
    pub client_ca: Option<PathBuf>,
    /// Refuse clients without a certificate (requires `client_ca`).
    #[serde(default)]
    pub require_client_cert: bool,
}

/// A collection (data feed or data set).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Collection name.
    pub name: String,
    /// Human-readable description.
    #[serde(default)]
    pub description: String,
    /// `DATA_FEED` (default) or `DATA_SET`.
    #[serde(default = "data_feed")]
    pub kind: String,
    /// Accepted content binding ids; empty accepts any.
    #[serde(default)]
    pub content_bindings: Vec<String>,
    /// Whether inbox messages may add content to it.
    #[serde(default = "yes")]
    pub writable: bool,
}

fn data_feed() -> String {
    "DATA_FEED".into()
}

fn yes() -> bool {
    true
}

impl Collection {
    /// A writable data feed accepting any content.
    pub fn named(name: &str) -> Self {
        Collection {
            name: name.into(),
            description: format!("The {name} collection"),
            kind: data_feed(),
            content_bindings: Vec::new(),
            writable: true,
        }
    }
}

/// An account: a name plus the credentials that authenticate it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// User name (HTTP Basic).
    pub username: String,
    /// Password hash made by `taxii hash-password` (PBKDF2-SHA256); no plaintext.
    pub password_hash: Option<String>,
    /// SHA-256 (hex) of a bearer token this account may present.
    pub token_sha256: Option<String>,
    /// SHA-256 fingerprint (hex) of a client certificate that authenticates this account.
    pub cert_sha256: Option<String>,
    /// Collections it may poll and subscribe to (`*` for all).
    #[serde(default = "everything")]
    pub read: Vec<String>,
    /// Collections it may push to (`*` for all).
    #[serde(default = "everything")]
    pub write: Vec<String>,
}

fn everything() -> Vec<String> {
    vec!["*".into()]
}

impl Account {
    /// Whether the account may read `collection`.
    pub fn may_read(&self, collection: &str) -> bool {
        self.read.iter().any(|c| c == "*" || c == collection)
    }

    /// Whether the account may write to `collection`.
    pub fn may_write(&self, collection: &str) -> bool {
        self.write.iter().any(|c| c == "*" || c == collection)
    }
}

/// A configuration error: which file and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid configuration.
    #[error("{path}: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why (with line and column).
        source: toml::de::Error,
    },
    /// A rule spanning several fields is broken.
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.into(),
            source,
        })?;
        let config: Config = toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.into(),
            source,
        })?;
        config.check()?;
        Ok(config)
    }

    /// Checks the rules the file format cannot express.
    pub fn check(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        if self.collections.is_empty() {
            return bad("at least one [[collection]] is required".into());
        }
        for (i, c) in self.collections.iter().enumerate() {
            if taxii_messages::Uri::new(c.name.as_str()).is_err() {
                return bad(format!("collection name {:?} is not a valid URI", c.name));
            }
            if !matches!(c.kind.as_str(), "DATA_FEED" | "DATA_SET") {
                return bad(format!(
                    "collection {}: kind must be DATA_FEED or DATA_SET",
                    c.name
                ));
            }
            if self.collections[..i].iter().any(|o| o.name == c.name) {
                return bad(format!("collection {} is defined twice", c.name));
            }
        }
        for (i, a) in self.accounts.iter().enumerate() {
            if a.password_hash.is_none() && a.token_sha256.is_none() && a.cert_sha256.is_none() {
                return bad(format!("account {} has no credential", a.username));
            }
            if a.username.contains(':') || a.username.is_empty() {
                return bad(format!(
                    "account name {:?} is empty or has a ':'",
                    a.username
                ));
            }
            if self.accounts[..i].iter().any(|o| o.username == a.username) {
                return bad(format!("account {} is defined twice", a.username));
            }
        }
        let s = &self.services;
        let paths = [&s.discovery, &s.collection_management, &s.poll, &s.inbox];
        for (i, p) in paths.iter().enumerate() {
            if !p.starts_with('/') {
                return bad(format!("service path {p:?} must start with '/'"));
            }
            if paths[..i].contains(p) {
                return bad(format!("service path {p} is used twice"));
            }
        }
        if let Some(tls) = &self.tls {
            if tls.require_client_cert && tls.client_ca.is_none() {
                return bad("tls.require_client_cert needs tls.client_ca".into());
            }
        }
        if let Some(e) = self.advertised.iter().find_map(|a| a.check().err()) {
            return bad(e);
        }
        if let Some(url) = &self.database.url {
            crate::store_pg::url::parse(url).map_err(ConfigError::Invalid)?;
        }
        self.ops.check().map_err(ConfigError::Invalid)?;
        if let Some(p) = self
            .ops
            .paths()
            .find(|p| paths.iter().any(|q| q.as_str() == *p))
        {
            return bad(format!("ops path {p} is also a service path"));
        }
        self.query.check().or_else(bad)?;
        let l = &self.limits;
        if l.poll_page_size == 0 || l.max_connections == 0 || l.max_connections_per_ip == 0 {
            return bad("limits.poll_page_size, limits.max_connections and \
                 limits.max_connections_per_ip must be > 0"
                .into());
        }
        Ok(())
    }

    /// The collection named `name`.
    pub fn collection(&self, name: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// The base URL advertised to clients.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => {
                let scheme = if self.tls.is_some() { "https" } else { "http" };
                format!("{scheme}://{}", self.listen)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_is_valid() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/taxii.example.toml"));
        let c = Config::load(path).unwrap();
        assert_eq!(c.collections.len(), 2);
        assert!(!c.collections[1].writable);
        assert_eq!(c.accounts[0].write, ["default"]);
        crate::server::auth::Accounts::new(&c.accounts).unwrap();
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(&p, "listen = \"127.0.0.1:9000\"\nlimts = {}\n").unwrap();
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(
            e.contains("bad.toml") && e.contains("limts") && e.contains("line 2"),
            "{e}"
        );
        std::fs::write(&p, "[[account]]\nusername = \"a\"\n").unwrap();
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("account a has no credential"), "{e}");
        std::fs::write(&p, "[[collection]]\nname = \"x\"\nkind = \"FEED\"\n").unwrap();
        let e = Config::load(&p).unwrap_err().to_string();
        assert!(e.contains("DATA_FEED or DATA_SET"), "{e}");
    }
}
