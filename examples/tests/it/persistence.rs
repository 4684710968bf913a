//! Subscriptions and multi-part poll results survive a restart of `taxii serve` (same
//! data directory), and an older data file is migrated while a newer one is refused.

use taxii::client::Auth;
use taxii::config::Config;
use taxii::store::{Store, SCHEMA_VERSION};
use taxii_messages::v11::{
    self, ContentBlock, PollParameters, QueryParameters, SubscriptionAction, SubscriptionStatus,
};
use taxii_messages::{RawXml, StatusType, Uri, UuidGenerator};
use taxii_services::client::Requests;

use crate::serve_support::{client, config, start, Running};

const STIX: &str = "urn:stix.mitre.org:xml:1.1.1";

fn default() -> Uri {
    Uri::new("default").unwrap()
}

fn blocks(bodies: &[&str]) -> Vec<ContentBlock> {
    bodies
        .iter()
        .map(|b| {
            ContentBlock::new(
                Uri::new(STIX).unwrap(),
                RawXml::new(b.as_bytes().to_vec(), vec![]).expect("well-formed XML"),
            )
        })
        .collect()
}

/// Starts a server over `cfg`'s data directory on a fresh port.
async fn restart(cfg: &Config) -> Running {
    let mut c = cfg.clone();
    c.listen = "127.0.0.1:0".parse().unwrap();
    start(c, None).await
}

struct Talk {
    c: taxii::client::Client,
    r: Requests<UuidGenerator>,
}

impl Talk {
    fn new() -> Self {
        Talk {
            c: client(Auth::None),
            r: Requests::new(UuidGenerator),
        }
    }

    async fn send(&self, s: &Running, path: &str, m: impl Into<v11::Message>) -> v11::Message {
        self.c.exchange11(&s.url(path), m.into()).await.unwrap()
    }

    async fn publish(&mut self, s: &Running, bodies: &[&str]) {
        let m = self.r.inbox(blocks(bodies), vec![default()]);
        let a = self.send(s, "/services/inbox", m).await;
        assert!(
            matches!(&a, v11::Message::StatusMessage(m) if m.status_type == StatusType::Success),
            "{a:?}"
        );
    }

    async fn manage(&mut self, s: &Running, action: SubscriptionAction, id: &Uri) -> v11::Message {
        let m = self.r.manage(action, &default(), Some(id));
        self.send(s, "/services/collection-management", m).await
    }
}

fn status_of(m: &v11::Message) -> Option<SubscriptionStatus> {
    match m {
        v11::Message::ManageCollectionSubscriptionResponse(r) => {
            r.subscriptions.first().and_then(|s| s.status)
        }
        _ => None,
    }
}

fn poll_part(m: &v11::Message) -> (Vec<String>, Option<bool>, Option<Uri>, Option<u64>) {
    let v11::Message::PollResponse(p) = m else {
        panic!("not a poll response: {m:?}");
    };
    (
        p.content_blocks
            .iter()
            .map(|b| b.content.as_str().to_owned())
            .collect(),
        p.more,
        p.result_id.clone(),
        p.result_part_number,
    )
}

// SUB-1..SUB-8, POLL by subscription id (PR-3): every subscription action works after
// restarts, and the paused state (with its time) is kept across one.
#[tokio::test]
async fn subscription_survives_restarts_status_pause_resume_unsubscribe_poll() {
    let (cfg, dir) = config();
    let mut t = Talk::new();
    let s = restart(&cfg).await;
    let sub = t.r.subscribe(&default(), QueryParameters::default(), None);
    let a = t.send(&s, "/services/collection-management", sub).await;
    let v11::Message::ManageCollectionSubscriptionResponse(r) = &a else {
        panic!("{a:?}");
    };
    let id = r.subscriptions[0].subscription_id.clone();
    t.publish(&s, &["<a/>", "<b/>", "<c/>"]).await;
    s.stop().await;

    let s = restart(&cfg).await;
    let st = t.manage(&s, SubscriptionAction::Status, &id).await;
    assert_eq!(status_of(&st), Some(SubscriptionStatus::Active), "{st:?}");
    // Poll through the subscription: page size 2, so a first part of two blocks.
    let p = t.r.poll_subscription(&default(), &id);
    let first = t.send(&s, "/services/poll", p).await;
    let (got, more, _, _) = poll_part(&first);
    assert_eq!(got, ["<a/>", "<b/>"]);
    assert_eq!(more, Some(true));
    let paused = t.manage(&s, SubscriptionAction::Pause, &id).await;
    assert_eq!(status_of(&paused), Some(SubscriptionStatus::Paused));
    s.stop().await;

    let s = restart(&cfg).await;
    let st = t.manage(&s, SubscriptionAction::Status, &id).await;
    assert_eq!(status_of(&st), Some(SubscriptionStatus::Paused), "{st:?}");
    let resumed = t.manage(&s, SubscriptionAction::Resume, &id).await;
    assert_eq!(status_of(&resumed), Some(SubscriptionStatus::Active));
    s.stop().await;

    let s = restart(&cfg).await;
    let gone = t.manage(&s, SubscriptionAction::Unsubscribe, &id).await;
    assert_eq!(
        status_of(&gone),
        Some(SubscriptionStatus::Unsubscribed),
        "{gone:?}"
    );
    s.stop().await;

    // After a restart the unsubscribed id is unknown.
    let s = restart(&cfg).await;
    let st = t.manage(&s, SubscriptionAction::Status, &id).await;
    assert_ne!(status_of(&st), Some(SubscriptionStatus::Active), "{st:?}");
    let p = t.r.poll_subscription(&default(), &id);
    let after = t.send(&s, "/services/poll", p).await;
    assert!(
        matches!(&after, v11::Message::StatusMessage(_)),
        "{after:?}"
    );
    s.stop().await;
    drop(dir);
}

// MP-4 / MP-7: the later parts of a multi-part result are fulfilled after a restart,
// rebuilt from the stored window and record labels.
#[tokio::test]
async fn later_parts_are_fulfilled_after_a_restart() {
    let (cfg, dir) = config();
    let mut t = Talk::new();
    let s = restart(&cfg).await;
    t.publish(&s, &["<p1/>", "<p2/>", "<p3/>", "<p4/>", "<p5/>"])
        .await;
    let p = t.r.poll(&default(), PollParameters::default(), None, None);
    let first = t.send(&s, "/services/poll", p).await;
    let (got, more, rid, n) = poll_part(&first);
    assert_eq!((got.len(), more, n), (2, Some(true), Some(1)));
    let rid = rid.expect("a result id");
    s.stop().await;

    let s = restart(&cfg).await;
    let mut all = got;
    for part in 2..=3 {
        let f = t.r.fulfillment(&default(), &rid, part);
        let answer = t.send(&s, "/services/poll", f).await;
        let (got, _, _, n) = poll_part(&answer);
        assert_eq!(n, Some(part));
        all.extend(got);
    }
    assert_eq!(all, ["<p1/>", "<p2/>", "<p3/>", "<p4/>", "<p5/>"]);
    // A part past the end is still refused precisely.
    let f = t.r.fulfillment(&default(), &rid, 4);
    let answer = t.send(&s, "/services/poll", f).await;
    assert!(
        matches!(&answer, v11::Message::StatusMessage(m) if m.status_type != StatusType::Success),
        "{answer:?}"
    );
    s.stop().await;
    drop(dir);
}

// A data file of the first schema (content only, user_version 0) is migrated in place
// and keeps its content; a newer schema version is refused with a clear error.
#[test]
fn old_schema_is_migrated_and_newer_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taxii.sqlite3");
    {
        let c = rusqlite::Connection::open(&file).unwrap();
        c.execute_batch(
            "CREATE TABLE content (id INTEGER PRIMARY KEY, collection TEXT NOT NULL,
             ts INTEGER NOT NULL, binding TEXT NOT NULL, subtype TEXT, message TEXT,
             namespaces TEXT NOT NULL, body BLOB NOT NULL);
             INSERT INTO content (collection, ts, binding, namespaces, body)
             VALUES ('default', 5, 'urn:x', '[]', X'3C6F6C642F3E');",
        )
        .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let rows = store.records("default", None, None).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].block.body, b"<old/>");
    assert!(store.subscriptions("default").unwrap().is_empty());
    drop(store);
    let c = rusqlite::Connection::open(&file).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    c.pragma_update(None, "user_version", SCHEMA_VERSION + 7)
        .unwrap();
    drop(c);
    let err = Store::open(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains(&format!("schema version {}", SCHEMA_VERSION + 7)) && err.contains("newer"),
        "{err}"
    );
}

// SUB-5 / EX-7: every field of a paused push subscription (query parameters, push
// parameters, paused-since time for the resume backfill) is read back after reopening.
#[test]
fn a_paused_push_subscription_round_trips_every_field() {
    use taxii_messages::v11::{ContentBinding, PushParameters, ResponseType};
    use taxii_messages::Timestamp;
    use taxii_services::store::{Subscription, SubscriptionState};
    use taxii_services::Identity;

    let dir = tempfile::tempdir().unwrap();
    let mut params = QueryParameters::default();
    params.response_type = Some(ResponseType::CountOnly);
    params
        .content_bindings
        .push(ContentBinding::new(Uri::new(STIX).unwrap()));
    let sub = Subscription::new(
        Uri::new("urn:sub:kept").unwrap(),
        default(),
        Identity::user("alice"),
        params,
        Timestamp::parse("2026-01-01T00:00:00.123456Z").unwrap(),
    )
    .with_push(PushParameters::new(
        Uri::new("urn:taxii.mitre.org:protocol:http:1.0").unwrap(),
        "http://192.0.2.7/services/inbox",
        Uri::new("urn:taxii.mitre.org:message:xml:1.1").unwrap(),
    ))
    .with_state(SubscriptionState::Paused {
        since: Timestamp::parse("2026-01-02T03:04:05.000006Z").unwrap(),
    });
    Store::open(dir.path())
        .unwrap()
        .put_subscription(&sub)
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.subscription("urn:sub:kept").unwrap(),
        Some(sub.clone())
    );
    assert_eq!(store.subscriptions("default").unwrap(), vec![sub]);
    store.remove_subscription("urn:sub:kept").unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.subscription("urn:sub:kept").unwrap(), None);
}
