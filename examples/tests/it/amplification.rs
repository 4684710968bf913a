//! Security finding 1 (namespace amplification): an Inbox_Message whose root declares
//! 20 namespaces of 10 KB each and carries 500 blocks used to store every declaration
//! with every block (710× the body on disk). Stored size must now stay within a small
//! constant factor of the body, and payloads must still read as the same XML.

use std::sync::Arc;

use pollster::block_on;
use taxii::config::Config;
use taxii::store::engine::EngineStore;
use taxii::store::Store;
use taxii_messages::v11::ServiceType;
use taxii_messages::{SequentialGenerator, StatusType, Uri};
use taxii_services::config::{InboxSettings, ServerConfig, ServiceDefinition};
use taxii_services::memory::{AllowAll, SystemClock};
use taxii_services::store::{CollectionStore, Scope, Window};
use taxii_services::{Engine, Identity};

const DECLARATIONS: usize = 20;
const DECLARATION_BYTES: usize = 10 * 1024;
const BLOCKS: usize = 500;
/// Stored bytes per body byte allowed (the old store took 710).
const MAX_RATIO: f64 = 3.0;

/// The attack message; each block's content is `content(i)`.
fn message(content: impl Fn(usize) -> String) -> String {
    let mut xml = String::from(
        r#"<taxii_11:Inbox_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1""#,
    );
    for d in 0..DECLARATIONS {
        let uri = format!("urn:big:{d}:{}", "x".repeat(DECLARATION_BYTES));
        xml.push_str(&format!(r#" xmlns:n{d}="{uri}""#));
    }
    xml.push('>');
    for i in 0..BLOCKS {
        xml.push_str(&format!(
            r#"<taxii_11:Content_Block><taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/><taxii_11:Content>{}</taxii_11:Content></taxii_11:Content_Block>"#,
            content(i)
        ));
    }
    xml.push_str("</taxii_11:Inbox_Message>");
    xml
}

fn dir_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

/// Sends `body` to an inbox over a fresh SQLite store; returns stored bytes per body
/// byte and the engine (to read back).
fn stored_ratio(body: &str) -> (f64, Engine<EngineStore, AllowAll>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path()).unwrap());
    let store = EngineStore::new(&Config::default(), db);
    let inbox = ServiceDefinition::new("inbox", ServiceType::Inbox, "http://h/inbox")
        .with_inbox(InboxSettings::feeding(vec![Uri::new("default").unwrap()]));
    let engine = Engine::new(
        ServerConfig::new(vec![inbox]),
        store,
        AllowAll,
        SystemClock,
        SequentialGenerator::starting_at(1),
    );
    let before = dir_bytes(dir.path());
    let msg = taxii_messages::decode(body.as_bytes()).expect("the attack message decodes");
    let out = block_on(engine.handle(&msg, &"inbox".into(), &Identity::user("w")));
    assert_eq!(out.status_type(), Some(&StatusType::Success));
    let grown = dir_bytes(dir.path()).saturating_sub(before);
    (grown as f64 / body.len() as f64, engine, dir)
}

#[test]
fn root_declarations_times_empty_blocks_stay_within_a_constant_factor() {
    let body = message(|_| String::new());
    let (ratio, engine, _dir) = stored_ratio(&body);
    eprintln!("body {} bytes, stored/body = {ratio:.2}", body.len());
    assert!(ratio <= MAX_RATIO, "stored {ratio:.1}× the body");
    let scope = Scope::new(Uri::new("default").unwrap(), Window::all());
    assert_eq!(
        block_on(engine.store().count(&scope)).unwrap(),
        BLOCKS as u64
    );
}

#[test]
fn blocks_using_the_declarations_keep_them_and_stay_within_a_constant_factor() {
    let body = message(|i| {
        format!(
            "<n{0}:x n{1}:a=\"1\" />",
            i % DECLARATIONS,
            (i + 1) % DECLARATIONS
        )
    });
    let (ratio, engine, _dir) = stored_ratio(&body);
    eprintln!("body {} bytes, stored/body = {ratio:.2}", body.len());
    assert!(ratio <= MAX_RATIO, "stored {ratio:.1}× the body");
    // The payload reads as the same XML: its prefixes still resolve, and no more.
    let scope = Scope::new(Uri::new("default").unwrap(), Window::all());
    let page = block_on(engine.store().page(&scope, None, 3)).unwrap();
    for (i, r) in page.iter().enumerate() {
        let mut prefixes: Vec<&str> = r
            .content
            .namespaces()
            .iter()
            .map(|b| b.prefix.as_str())
            .collect();
        prefixes.sort();
        let mut want = vec![
            format!("n{}", i % DECLARATIONS),
            format!("n{}", (i + 1) % DECLARATIONS),
        ];
        want.sort();
        assert_eq!(prefixes, want, "block {i}");
        let standalone = r.content.to_standalone();
        assert!(standalone.contains(&format!(
            "xmlns:n{}=\"urn:big:{}:",
            i % DECLARATIONS,
            i % DECLARATIONS
        )));
        assert!(standalone.starts_with(&format!("<n{}:x", i % DECLARATIONS)));
    }
}
