//! A deployment like the OpenTAXII peer of testdata/wire (interop/data.yml), in memory.

use taxii_messages::query::{DefaultQueryInfo, TargetingExpressionInfo};
use taxii_messages::v11::{
    self, CollectionType, ContentBinding, ContentBlock, PushMethod, ServiceType, StatusMessage,
    SupportedQuery,
};
use taxii_messages::{Message, RawXml, SequentialGenerator, StatusType, Timestamp, Uri};
use taxii_services::client::Requests;
use taxii_services::config::{
    DestinationRule, InboxSettings, ServerConfig, ServiceDefinition, MESSAGE_BINDING_11,
    PROTOCOL_HTTP, STIX_111,
};
use taxii_services::memory::{GrantPolicy, ManualClock, MemoryStore};
use taxii_services::query::{CORE, REGEX, TIMESTAMP};
use taxii_services::store::{CollectionDefinition, CollectionStore, NewRecord, Operation};
use taxii_services::{Engine, Identity, Outcome};

pub use pollster::block_on;

pub const BASE: &str = "http://127.0.0.1:9000/services/";

pub fn uri(s: &str) -> Uri {
    Uri::new(s).unwrap()
}

pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

pub fn test_user() -> Identity {
    Identity::user("test")
}

pub fn reader() -> Identity {
    Identity::user("reader")
}

pub fn coll_a() -> Uri {
    uri("collection-a")
}

pub fn coll_b() -> Uri {
    uri("collection-b")
}

/// Request builders numbering from 1000.
pub fn requests() -> Requests<SequentialGenerator> {
    Requests::new(SequentialGenerator::starting_at(1000))
}

pub fn query_info() -> SupportedQuery {
    SupportedQuery::Default(DefaultQueryInfo::new(
        vec![TargetingExpressionInfo::new(
            uri(STIX_111),
            vec!["STIX_Package/Indicators/**".into()],
            vec!["**".into()],
        )],
        vec![uri(CORE), uri(REGEX), uri(TIMESTAMP)],
    ))
}

pub fn services() -> Vec<ServiceDefinition> {
    services_at(BASE)
}

pub fn services_at(base: &str) -> Vec<ServiceDefinition> {
    let mut inbox = InboxSettings::feeding(vec![coll_a(), coll_b()]);
    inbox.destination_rule = DestinationRule::Required;
    vec![
        ServiceDefinition::new(
            "discovery-a",
            ServiceType::Discovery,
            &format!("{base}discovery-a"),
        )
        .with_message("Discovery service A"),
        ServiceDefinition::new(
            "collection-management-a",
            ServiceType::CollectionManagement,
            &format!("{base}collection-management-a"),
        ),
        ServiceDefinition::new("inbox-a", ServiceType::Inbox, &format!("{base}inbox-a"))
            .with_inbox(inbox),
        ServiceDefinition::new("poll-a", ServiceType::Poll, &format!("{base}poll-a"))
            .with_part_size(10)
            .with_queries(vec![query_info()]),
        ServiceDefinition::new("poll-b", ServiceType::Poll, &format!("{base}poll-b"))
            .with_part_size(1),
    ]
}

pub fn collections() -> Vec<CollectionDefinition> {
    let mut a = CollectionDefinition::feed(coll_a(), "Feed collection A (all content)");
    a.push_methods = vec![PushMethod::new(uri(PROTOCOL_HTTP), uri(MESSAGE_BINDING_11))];
    let mut b = CollectionDefinition::feed(coll_b(), "Set collection B (STIX 1.1.1 only)");
    b.kind = CollectionType::DataSet;
    b.content_bindings = vec![ContentBinding::new(uri(STIX_111))];
    vec![a, b]
}

pub fn policy() -> GrantPolicy {
    use Operation::*;
    GrantPolicy::new()
        .grant(test_user(), &coll_a(), &[Read, Write, Subscribe])
        .grant(test_user(), &coll_b(), &[Read, Subscribe])
        .grant(reader(), &coll_a(), &[Read])
}

pub type TestEngine = Engine<MemoryStore, GrantPolicy>;

pub struct Fixture {
    pub engine: TestEngine,
    pub clock: ManualClock,
}

pub const START: &str = "2026-01-01T00:00:00Z";

impl Fixture {
    pub fn new() -> Self {
        Fixture::with(ServerConfig::new(services()), policy())
    }

    pub fn with(config: ServerConfig, policy: GrantPolicy) -> Self {
        let clock = ManualClock::new(ts(START));
        let store = MemoryStore::new().with_clock(clock.clone());
        for c in collections() {
            store.add_collection(c);
        }
        let engine = Engine::new(
            config,
            store,
            policy,
            clock.clone(),
            SequentialGenerator::starting_at(1),
        );
        Fixture { engine, clock }
    }

    /// The engine's outcome for `msg`, with any backlog turned into deliveries (as a
    /// runtime would) after the others.
    pub fn send(&self, service: &str, who: &Identity, msg: impl Into<v11::Message>) -> Outcome {
        let mut out = self.answer(service, who, msg);
        if let Some(mut backlog) = out.backlog.take() {
            while let Some(d) = block_on(self.engine.backlog_page(&mut backlog)).unwrap() {
                out.deliveries.push(d);
            }
        }
        out
    }

    /// The engine's outcome for `msg` as it comes, backlog untouched.
    pub fn answer(&self, service: &str, who: &Identity, msg: impl Into<v11::Message>) -> Outcome {
        let msg: Message = msg.into().into();
        let out = block_on(self.engine.handle(&msg, &service.into(), who));
        assert_sendable(&out.response, Some(msg.message_id()));
        for d in &out.deliveries {
            assert_sendable(&d.message, None);
        }
        out
    }

    /// Stores `block` in `collection` without moving the clock; returns its label (the
    /// store's: now, or just after the previous label).
    pub fn add_block(&self, collection: &Uri, block: ContentBlock) -> Timestamp {
        let r = NewRecord::new(collection.clone(), block.content_binding, block.content);
        block_on(self.engine.store().add_records(vec![r])).unwrap()[0].label
    }

    /// Adds a STIX record to `collection` (the store labels it now), then moves the
    /// clock 1 s on; returns its label.
    pub fn add(&self, collection: &Uri, title: &str) -> Timestamp {
        let block = stix_block(title);
        let r = NewRecord::new(collection.clone(), block.content_binding, block.content);
        let keys = block_on(self.engine.store().add_records(vec![r])).unwrap();
        self.clock.advance_secs(1);
        keys[0].label
    }
}

pub fn stix(title: &str) -> String {
    format!(
        r#"<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:indicator="http://stix.mitre.org/Indicator-2" id="example:Package-{title}" version="1.1.1" timestamp="2024-01-15T10:20:30Z"><stix:STIX_Header><stix:Title>{title}</stix:Title></stix:STIX_Header><stix:Indicators><stix:Indicator id="example:indicator-{title}" timestamp="2024-01-15T10:20:30Z"><indicator:Title>{title} indicator</indicator:Title><indicator:Confidence>42</indicator:Confidence></stix:Indicator></stix:Indicators></stix:STIX_Package>"#
    )
}

pub fn stix_block(title: &str) -> ContentBlock {
    ContentBlock::new(
        uri(STIX_111),
        RawXml::new(stix(title).into_bytes(), Vec::new()).expect("well-formed XML"),
    )
}

pub fn other_block() -> ContentBlock {
    ContentBlock::new(uri("urn:example:text"), RawXml::from_text("plain text"))
}

pub fn status(o: &Outcome) -> &StatusMessage {
    match &o.response {
        Message::V11(v11::Message::StatusMessage(s)) => s,
        other => panic!("expected a Status_Message, got {}", other.root_element()),
    }
}

pub fn assert_status(o: &Outcome, t: StatusType) -> &StatusMessage {
    let s = status(o);
    assert_eq!(s.status_type, t, "message: {:?}", s.message);
    s
}

pub fn poll_response(o: &Outcome) -> &v11::PollResponse {
    match &o.response {
        Message::V11(v11::Message::PollResponse(r)) => r,
        other => panic!("expected a Poll_Response, got {}", other.to_xml()),
    }
}

pub fn titles(r: &v11::PollResponse) -> Vec<String> {
    r.content_blocks
        .iter()
        .map(|b| {
            let s = b.content.as_str();
            let start = s.find("<stix:Title>").unwrap() + "<stix:Title>".len();
            let end = s.find("</stix:Title>").unwrap();
            s[start..end].to_owned()
        })
        .collect()
}

/// Self-check over everything the suites make the engine send (issue 14): it decodes
/// strictly (schema-valid, no MUST rule of `validate()` broken) for its version, and a
/// response answers
/// `request_id` (G11-6).
pub fn assert_sendable(m: &Message, request_id: Option<&taxii_messages::MessageId>) {
    let xml = m.to_xml();
    // Strict: schema-valid to the letter and no MUST diagnostic.
    let strict = taxii_messages::DecodeOptions::strict();
    let again = taxii_messages::decode_with(xml.clone().into_bytes().into(), &strict)
        .unwrap_or_else(|e| panic!("the engine sent what strict decoding refuses: {e}\n{xml}"));
    if let (Some(id), Some(irt)) = (request_id, again.in_response_to()) {
        assert_eq!(irt, id, "in_response_to of {xml}");
    }
}

/// Encodes and decodes again: what goes on the wire must be valid.
pub fn wire_roundtrip(m: &Message) -> Message {
    assert_sendable(m, None);
    taxii_messages::decode(m.to_xml().as_bytes()).expect("engine output decodes")
}
