//! What every exchange shares: configuration, accounts, the engine over the store, and
//! the HTTP binding's rules.

use std::sync::Arc;

use taxii_http_binding::{ServerPolicy, Transport};
use taxii_messages::v11::ServiceType;
use taxii_messages::Uri;
use taxii_services::config::{InboxSettings, ServerConfig, ServiceDefinition};
use taxii_services::store::CollectionStore;
use taxii_services::Engine;

use super::answer_cache::AnswerCache;
use super::auth::Accounts;
use super::backend::{Backend, Database};
use super::dump::Dump;
use super::ids::Ids;
use super::metrics::Metrics;
use super::policy::AccountPolicy;
use super::push::{HttpSender, Pusher};
use crate::config::Config;
use crate::store::engine::{definitions, EngineStore};
use crate::store::Store;
use crate::store_pg::clock::DbClock;
use crate::store_pg::PgStore;

/// The protocol binding id of HTTPS.
const HTTPS_BINDING: &str = "urn:taxii.mitre.org:protocol:https:1.0";

/// The engine this server runs.
pub type TaxiiEngine = Engine<Backend, AccountPolicy>;

/// The server's shared state.
#[derive(Debug)]
pub struct State {
    /// The configuration it runs with.
    pub config: Config,
    /// Accounts and the password cache.
    pub accounts: Accounts,
    /// The TAXII services over the store (shared with the answers streamed from it).
    pub engine: Arc<TaxiiEngine>,
    /// What the HTTP binding accepts.
    pub http: ServerPolicy,
    /// Where bodies are copied, if anywhere.
    pub dump: Option<Dump>,
    /// Message ids of the answers.
    pub ids: Arc<Ids>,
    /// Answers that depend only on the configuration and the caller.
    pub answers: AnswerCache,
    /// What `/metrics` reports.
    pub metrics: Arc<Metrics>,
    /// Push deliveries, queued per destination.
    pub pusher: Pusher,
    /// Wakes the push worker when deliveries are queued.
    pub push_wake: super::push_worker::Wake,
}

impl State {
    /// State for `config`, opening the SQLite store under `config.data` (the database
    /// URL, if any, is not used: see [`State::open_configured`]).
    pub fn open(config: Config) -> Result<Arc<State>, Box<dyn std::error::Error + Send + Sync>> {
        config.check()?;
        let store = Arc::new(Store::open(&config.data)?);
        let clock = store.clock();
        let db = Database::Sqlite(EngineStore::new(&config, store));
        State::assemble(config, db, clock)
    }

    /// State for `config`: the PostgreSQL database of `[database] url` when set (connected,
    /// its schema checked and migrated, before anything listens), else SQLite.
    pub async fn open_configured(
        config: Config,
    ) -> Result<Arc<State>, Box<dyn std::error::Error + Send + Sync>> {
        let Some(url) = config.database.url.clone() else {
            return State::open(config);
        };
        config.check()?;
        let pg = PgStore::open(&url, definitions(&config)).await?;
        let clock = DbClock::default();
        pg.sync_clock(&clock).await?;
        pg.keep_clock(clock.clone(), crate::store_pg::clock::RESYNC_EVERY);
        State::assemble(config, Database::Postgres(pg), clock)
    }

    fn assemble(
        config: Config,
        db: Database,
        clock: impl taxii_services::store::Clock + Send + Sync + 'static,
    ) -> Result<Arc<State>, Box<dyn std::error::Error + Send + Sync>> {
        let mut accounts = Accounts::new(&config.accounts)?;
        if config.login.enabled && !config.accounts.is_empty() {
            let key = super::login::TokenKey::from_settings(&config.login, &config.data)?;
            accounts = accounts.with_token_key(key);
        }
        let metrics = Arc::<Metrics>::default();
        let ids = Arc::new(Ids::new()?);
        let engine_ids = ids.clone();
        let mut services = ServerConfig::new(service_definitions(&config));
        services.poll.max_records_per_part = config.limits.poll_page_size;
        services.poll.defer_above_records = config.limits.poll_async_above;
        services.poll.estimated_wait_secs = config.limits.poll_async_wait_secs;
        let engine = Arc::new(Engine::new(
            services,
            Backend::new(db, metrics.clone()),
            AccountPolicy::new(&config.accounts)
                .with_private_destinations(config.push.allow_private_destinations)
                .with_quotas(config.limits.quotas()),
            clock,
            move || engine_ids.next_id(),
        ));
        let transport = if config.tls.is_some() {
            Transport::Https
        } else {
            Transport::Http
        };
        let mut http = ServerPolicy::new(transport);
        http.body = taxii_http_binding::BodyLimits::with_max(config.limits.max_body_bytes);
        http.decode.limits.max_input_bytes = config.limits.max_body_bytes;
        // Some peers omit X-TAXII-Protocol; OpenTAXII waives it too (HI-3).
        http.require_protocol_header = false;
        let dump = config.dump_dir.clone().map(Dump::new).transpose()?;
        let pusher = Pusher::new(
            HttpSender::new(&config.push)?,
            &config.push,
            metrics.clone(),
        );
        Ok(Arc::new(State {
            config,
            accounts,
            engine,
            http,
            dump,
            ids,
            answers: AnswerCache::default(),
            metrics,
            pusher,
            push_wake: Default::default(),
        }))
    }

    /// Whether the store answers (for `/readyz`).
    pub async fn ready(self: &Arc<Self>) -> Result<(), String> {
        match self.engine.store().database() {
            Database::Postgres(pg) => pg.ping().await,
            Database::Sqlite(s) => s.snapshot().await.map(drop).map_err(|e| e.to_string()),
        }
    }

    /// The address (as advertised) of the service at `path`.
    pub fn address_of(&self, path: &str) -> String {
        format!("{}{}", self.config.base_url(), path)
    }
}

fn service_definitions(config: &Config) -> Vec<ServiceDefinition> {
    let s = &config.services;
    let base = config.base_url();
    let writable: Vec<Uri> = config
        .collections
        .iter()
        .filter(|c| c.writable)
        .filter_map(|c| Uri::new(c.name.as_str()).ok())
        .collect();
    let mut defs = vec![
        ServiceDefinition::new(
            "discovery",
            ServiceType::Discovery,
            &format!("{base}{}", s.discovery),
        )
        .with_message("Discovery service"),
        ServiceDefinition::new(
            "collection-management",
            ServiceType::CollectionManagement,
            &format!("{base}{}", s.collection_management),
        )
        .with_message("Collection management service"),
        ServiceDefinition::new("poll", ServiceType::Poll, &format!("{base}{}", s.poll))
            .with_message("Poll service"),
    ];
    // Default Query on the poll service, and on collection management for subscriptions.
    let queries: Vec<_> = config.query.supported_query().into_iter().collect();
    for d in &mut defs[1..] {
        d.supported_queries = queries.clone();
    }
    // An inbox feeding no collection would feed all of them ("empty means every
    // collection"), so with nothing writable there is no inbox at all.
    if !writable.is_empty() {
        defs.push(
            ServiceDefinition::new("inbox", ServiceType::Inbox, &format!("{base}{}", s.inbox))
                .with_message("Inbox service")
                .with_inbox(InboxSettings::feeding(writable)),
        );
    }
    if config.tls.is_some() {
        for d in &mut defs {
            d.contact.protocol_binding = Uri::new(HTTPS_BINDING).expect("constant URI");
        }
    }
    defs.extend(super::advertise::definitions(&config.advertised));
    defs
}
