//! What every exchange shares: configuration, accounts, the engine over the store, and
//! the HTTP binding's rules.

use std::sync::Arc;

use taxii_http_binding::{ServerPolicy, Transport};
use taxii_messages::v11::ServiceType;
use taxii_messages::{Uri, UuidGenerator};
use taxii_services::config::{InboxSettings, ServerConfig, ServiceDefinition};
use taxii_services::Engine;

use super::auth::Accounts;
use super::dump::Dump;
use super::policy::AccountPolicy;
use crate::config::Config;
use crate::store::engine::EngineStore;
use crate::store::Store;

/// The protocol binding id of HTTPS.
const HTTPS_BINDING: &str = "urn:taxii.mitre.org:protocol:https:1.0";

/// The engine this server runs.
pub type TaxiiEngine = Engine<EngineStore, AccountPolicy>;

/// The server's shared state.
#[derive(Debug)]
pub struct State {
    /// The configuration it runs with.
    pub config: Config,
    /// Accounts and the password cache.
    pub accounts: Accounts,
    /// The TAXII services over the store.
    pub engine: TaxiiEngine,
    /// What the HTTP binding accepts.
    pub http: ServerPolicy,
    /// Where bodies are copied, if anywhere.
    pub dump: Option<Dump>,
}

impl State {
    /// State for `config`, opening the store under `config.data`.
    pub fn open(config: Config) -> Result<Arc<State>, Box<dyn std::error::Error + Send + Sync>> {
        config.check()?;
        let mut accounts = Accounts::new(&config.accounts)?;
        if config.login.enabled && !config.accounts.is_empty() {
            let key = super::login::TokenKey::from_settings(&config.login, &config.data)?;
            accounts = accounts.with_token_key(key);
        }
        let store = Arc::new(Store::open(&config.data)?);
        let clock = store.clock();
        let mut services = ServerConfig::new(service_definitions(&config));
        services.poll.max_records_per_part = config.limits.poll_page_size;
        let engine = Engine::new(
            services,
            EngineStore::new(&config, store),
            AccountPolicy::new(&config.accounts)
                .with_private_destinations(config.push.allow_private_destinations)
                .with_quotas(config.limits.quotas()),
            clock,
            UuidGenerator,
        );
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
        Ok(Arc::new(State {
            config,
            accounts,
            engine,
            http,
            dump,
        }))
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
