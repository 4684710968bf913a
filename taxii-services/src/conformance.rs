//! The checks every store implementation must pass (feature `conformance`).
//!
//! Each check is an `async fn` generic over the store traits; a store's own tests call
//! them with a store (empty for the collection given) and drive them with any executor.
//! They panic with a message naming what broke. The paging checks take a seed: the
//! property tests of `taxii-services` and of each store run them over many seeds, which
//! draw random windows, page sizes and binding filters.

use taxii_messages::v11::{self, ContentBinding, ContentInstanceBinding, PushParameters};
use taxii_messages::{Message, MessageId, RawXml, Timestamp, Uri};

use crate::config::{MESSAGE_BINDING_11, PROTOCOL_HTTP, STIX_111};
use crate::identity::Identity;
use crate::push::{check_destination, Delivery};
use crate::store::{
    CollectionStore, DeliveryQueue, NewRecord, Record, RecordFilter, RecordKey, ResultSet,
    ResultStore, RetryDecision, Scope, Settlement, Subscription, SubscriptionStore, Window,
};

/// A small deterministic generator (xorshift64*), so failures replay from their seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number below `n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

const OTHER: &str = "urn:example:binding:other";

fn uri(s: &str) -> Uri {
    Uri::new(s).expect("valid URI")
}

/// A block for `collection`: one of three bindings (STIX 1.1.1, another, the other with
/// subtype `s1`), numbered `n` in its content.
pub fn sample_record(collection: &Uri, n: u64) -> NewRecord {
    let mut binding = ContentInstanceBinding::new(uri(if n % 3 == 0 { STIX_111 } else { OTHER }));
    if n % 3 == 2 {
        binding.subtype = Some(uri("urn:example:subtype:s1"));
    }
    NewRecord::new(
        collection.clone(),
        binding,
        RawXml::from_text(&format!("block {n}")),
    )
}

fn random_filter(rng: &mut Rng) -> RecordFilter {
    match rng.below(4) {
        0 => RecordFilter::any(),
        1 => RecordFilter::bindings(vec![ContentBinding::new(uri(STIX_111))]),
        2 => RecordFilter::bindings(vec![ContentBinding::new(uri(OTHER))]),
        _ => {
            let mut b = ContentBinding::new(uri(OTHER));
            b.subtypes = vec![uri("urn:example:subtype:s1")];
            RecordFilter::bindings(vec![b])
        }
    }
}

/// Adds `n` sample blocks in random batches; returns them as stored, in key order.
async fn fill<S: CollectionStore>(store: &S, coll: &Uri, n: u64, rng: &mut Rng) -> Vec<Record> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let size = (1 + rng.below(8)).min(n - i);
        let batch: Vec<NewRecord> = (i..i + size).map(|k| sample_record(coll, k)).collect();
        let keys = store.add_records(batch.clone()).await.expect("add_records");
        assert_eq!(keys.len(), batch.len(), "one key per record");
        out.extend(batch.into_iter().zip(keys).map(|(r, k)| r.into_record(k)));
        i += size;
    }
    out
}

/// Reads `scope` page by page with pages of `size`.
async fn read_all<S: CollectionStore>(store: &S, scope: &Scope, size: usize) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    loop {
        let after = out.last().map(|r| r.key);
        let page = store.page(scope, after, size).await.expect("page");
        assert!(page.len() <= size, "a page holds at most `limit` records");
        let done = page.len() < size;
        out.extend(page);
        if done {
            return out;
        }
    }
}

fn same(got: &[Record], want: &[&Record], what: &str) {
    let keys = |v: Vec<RecordKey>| v;
    assert_eq!(
        keys(got.iter().map(|r| r.key).collect()),
        keys(want.iter().map(|r| r.key).collect()),
        "{what}: keys differ (missing, repeated or out of order)"
    );
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.content.as_str(), w.content.as_str(), "{what}: content");
        assert_eq!(g.binding, w.binding, "{what}: binding");
        assert_eq!(g.collection, w.collection, "{what}: collection");
    }
}

/// Keys are assigned at commit: strictly increasing in commit order, labels unique, and
/// the snapshot is the last key.
pub async fn keys_follow_commit_order<S: CollectionStore>(store: &S, coll: &Uri) {
    let mut rng = Rng::new(7);
    let stored = fill(store, coll, 20, &mut rng).await;
    for w in stored.windows(2) {
        assert!(w[0].key < w[1].key, "keys increase in commit order");
        assert!(w[0].key.label < w[1].key.label, "labels are unique");
        assert_ne!(w[0].key.seq, w[1].key.seq, "sequence numbers are unique");
    }
    let snap = store.snapshot().await.expect("snapshot");
    assert_eq!(
        snap,
        stored.last().map(|r| r.key),
        "snapshot is the last key"
    );
}

/// Property: for random windows, page sizes and binding filters, the pages of a scope
/// concatenate to exactly its records (none missing, none twice, in key order), and
/// `count` counts them; `keys` gives the pages' keys.
pub async fn pages_partition_scopes<S: CollectionStore>(store: &S, coll: &Uri, seed: u64) {
    let mut rng = Rng::new(seed);
    let n = 10 + rng.below(50);
    let stored = fill(store, coll, n, &mut rng).await;
    let label = |rng: &mut Rng| -> Option<Timestamp> {
        match rng.below(4) {
            0 => None,
            _ => Some(stored[rng.below(stored.len() as u64) as usize].key.label),
        }
    };
    for case in 0..12 {
        let window = Window::new(label(&mut rng), label(&mut rng));
        let snap = if rng.below(2) == 0 {
            store.snapshot().await.expect("snapshot")
        } else {
            Some(stored[rng.below(stored.len() as u64) as usize].key)
        };
        let scope = Scope::new(coll.clone(), window)
            .with_filter(random_filter(&mut rng))
            .upto(snap);
        let want: Vec<&Record> = stored.iter().filter(|r| scope.contains(r)).collect();
        let size = 1 + rng.below(10) as usize;
        let got = read_all(store, &scope, size).await;
        same(
            &got,
            &want,
            &format!("seed {seed} case {case} page size {size}"),
        );
        let count = store.count(&scope).await.expect("count");
        assert_eq!(count, want.len() as u64, "seed {seed} case {case}: count");
        let keys = store.keys(&scope, None, size).await.expect("keys");
        let first: Vec<RecordKey> = want.iter().take(size).map(|r| r.key).collect();
        assert_eq!(
            keys, first,
            "seed {seed} case {case}: keys match the page's"
        );
    }
}

/// Property: a scope bounded by a snapshot reads the same records while other blocks
/// are committed between its page reads; later blocks never appear.
pub async fn snapshot_holds_while_inserting<S: CollectionStore>(store: &S, coll: &Uri, seed: u64) {
    let mut rng = Rng::new(seed);
    let stored = fill(store, coll, 10 + rng.below(30), &mut rng).await;
    let snap = store.snapshot().await.expect("snapshot");
    let scope = Scope::new(coll.clone(), Window::all())
        .with_filter(random_filter(&mut rng))
        .upto(snap);
    let want: Vec<&Record> = stored.iter().filter(|r| scope.contains(r)).collect();
    let size = 1 + rng.below(6) as usize;
    let mut got: Vec<Record> = Vec::new();
    let mut later = 1_000_000;
    loop {
        let after = got.last().map(|r| r.key);
        let page = store.page(&scope, after, size).await.expect("page");
        let done = page.len() < size;
        got.extend(page);
        let batch = vec![sample_record(coll, later), sample_record(coll, later + 1)];
        later += 2;
        let keys = store.add_records(batch).await.expect("add_records");
        assert!(
            keys.iter().all(|k| Some(*k) > snap),
            "later keys exceed the snapshot"
        );
        if done {
            break;
        }
    }
    same(
        &got,
        &want,
        &format!("seed {seed}: snapshot read while inserting"),
    );
    assert_eq!(
        store.count(&scope).await.expect("count"),
        want.len() as u64,
        "seed {seed}: count at the snapshot"
    );
}

fn result_set(coll: &Uri, id: &str, owner: &str, expires: Timestamp) -> ResultSet {
    let now = Timestamp::parse("2026-01-01T00:00:00Z").expect("valid");
    let scope = Scope::new(coll.clone(), Window::all()).with_filter(RecordFilter::bindings(vec![
        ContentBinding::new(uri(STIX_111)),
    ]));
    let mut set = ResultSet::new(uri(id), Identity::user(owner), scope, now, expires);
    set.per_part = 3;
    set.record_count = 7;
    set.part_starts = vec![None, Some(RecordKey::new(now, 42))];
    set
}

/// Result sets round-trip whole, are replaced by id, expire, and are counted per owner.
pub async fn result_sets_round_trip<S: ResultStore>(store: &S, coll: &Uri) {
    let t = |s: &str| Timestamp::parse(s).expect("valid");
    let now = t("2026-01-01T00:10:00Z");
    let a = result_set(coll, "urn:r:a", "alice", t("2026-01-01T01:00:00Z"));
    let mut b = result_set(coll, "urn:r:b", "bob", t("2026-01-01T00:05:00Z"));
    b.asynchronous = true;
    store.put_result(&a).await.expect("put");
    store.put_result(&b).await.expect("put");
    let got = store.result(coll, &a.id).await.expect("get");
    assert_eq!(got.as_ref(), Some(&a), "a result set reads back as stored");
    let mut a2 = a.clone();
    a2.part_starts.push(Some(RecordKey::new(now, 99)));
    store.put_result(&a2).await.expect("replace");
    assert_eq!(store.result(coll, &a.id).await.expect("get"), Some(a2));
    let alice = Identity::user("alice");
    assert_eq!(
        store
            .results_owned(&alice, false, &now)
            .await
            .expect("owned"),
        1
    );
    assert_eq!(
        store
            .results_owned(&alice, true, &now)
            .await
            .expect("owned"),
        0
    );
    let bob = Identity::user("bob");
    let early = t("2026-01-01T00:01:00Z");
    assert_eq!(
        store
            .results_owned(&bob, true, &early)
            .await
            .expect("owned"),
        1
    );
    let at_expiry = t("2026-01-01T00:05:00Z");
    let owned = store.results_owned(&bob, true, &at_expiry).await;
    assert_eq!(owned.expect("owned"), 0, "a result set ends at its expiry");
    assert_eq!(store.remove_expired_results(&now).await.expect("expire"), 1);
    assert_eq!(store.result(coll, &b.id).await.expect("get"), None);
    store.remove_result(coll, &a.id).await.expect("remove");
    store
        .remove_result(coll, &a.id)
        .await
        .expect("removing twice is fine");
    assert_eq!(store.result(coll, &a.id).await.expect("get"), None);
}

fn push() -> PushParameters {
    PushParameters::new(
        uri(PROTOCOL_HTTP),
        "http://push.example.org/inbox",
        uri(MESSAGE_BINDING_11),
    )
}

/// Subscriptions: by id, by owner, counted per owner, and only active pushing ones on
/// the inbox path.
pub async fn subscriptions_by_owner_and_push<S: SubscriptionStore>(store: &S, coll: &Uri) {
    let now = Timestamp::parse("2026-01-01T00:00:00Z").expect("valid");
    let alice = Identity::user("alice");
    let sub = |id: &str, who: &Identity| {
        Subscription::new(uri(id), coll.clone(), who.clone(), Default::default(), now)
    };
    let poll_only = sub("urn:s:1", &alice);
    let pushing = sub("urn:s:2", &alice).with_push(push());
    let paused = sub("urn:s:3", &Identity::user("bob"))
        .with_push(push())
        .with_state(crate::store::SubscriptionState::Paused { since: now });
    for s in [&poll_only, &pushing, &paused] {
        store.put_subscription(s).await.expect("put");
    }
    let got = store.subscription(&pushing.id).await.expect("get");
    assert_eq!(got.as_ref(), Some(&pushing), "reads back as stored");
    let pushes = store.push_subscriptions(coll).await.expect("push subs");
    assert_eq!(
        pushes,
        vec![pushing.clone()],
        "only active pushing subscriptions"
    );
    assert_eq!(store.subscriptions(coll).await.expect("all").len(), 3);
    let mine = store.subscriptions_of(coll, &alice).await.expect("mine");
    assert_eq!(mine.len(), 2, "alice's subscriptions");
    assert_eq!(store.subscriptions_owned(&alice).await.expect("owned"), 2);
    store
        .remove_subscription(&pushing.id)
        .await
        .expect("remove");
    store
        .remove_subscription(&pushing.id)
        .await
        .expect("removing twice is fine");
    assert_eq!(store.subscriptions_owned(&alice).await.expect("owned"), 1);
}

fn delivery(n: u64, not_before: Timestamp) -> Delivery {
    let msg = v11::InboxMessage::new(MessageId::new(n.to_string()).expect("valid"));
    Delivery {
        push: push(),
        destination: check_destination("http://push.example.org/inbox", false).expect("public"),
        not_before,
        subscription_id: None,
        result_id: None,
        message: Message::V11(msg.into()),
    }
}

/// The delivery queue leases each delivery to one claimant, honours `not_before`,
/// retries, keeps and counts deliveries that finally failed, and sweeps dead leases.
pub async fn delivery_queue_claims_once<S: DeliveryQueue>(store: &S) {
    let t = |s: &str| Timestamp::parse(s).expect("valid");
    let now = t("2026-01-01T00:00:00Z");
    let lease = t("2026-01-01T00:01:00Z");
    assert_eq!(
        store.sweep(&now).await.expect("sweep"),
        0,
        "nothing is leased"
    );
    let ids = store
        .enqueue(vec![
            delivery(1, now),
            delivery(2, now),
            delivery(3, t("2026-01-01T00:30:00Z")),
        ])
        .await
        .expect("enqueue");
    assert_eq!(ids.len(), 3);
    let first = store.claim("w1", 10, &now, &lease).await.expect("claim");
    assert_eq!(first.len(), 2, "due deliveries only");
    assert_eq!(first[0].delivery, delivery(1, now), "delivery reads back");
    let second = store.claim("w2", 10, &now, &lease).await.expect("claim");
    assert!(second.is_empty(), "a leased delivery is claimed once");
    let settled = store.settle(first[0].id, first[0].lease, Settlement::Delivered);
    assert!(settled.await.expect("settle"), "delivered under its claim");
    let retry = t("2026-01-01T00:02:00Z");
    let failed = Settlement::Failed(RetryDecision::RetryAt(retry));
    let settled = store.settle(first[1].id, first[1].lease, failed);
    assert!(settled.await.expect("settle"), "failed under its claim");
    let again = store
        .claim("w2", 10, &retry, &t("2026-01-01T00:03:00Z"))
        .await;
    let again = again.expect("claim");
    assert_eq!(again.len(), 1, "retried after its time");
    assert_eq!(again[0].attempts, 1, "attempts counted");
    // w2 dies: its lease expires and a sweep frees the delivery.
    let late = t("2026-01-01T00:04:00Z");
    assert_eq!(store.sweep(&late).await.expect("sweep"), 1);
    let third = store
        .claim("w3", 10, &late, &t("2026-01-01T00:05:00Z"))
        .await;
    let third = third.expect("claim");
    assert_eq!(third.len(), 1);
    let gave_up = Settlement::Failed(RetryDecision::GiveUp);
    let settled = store.settle(third[0].id, third[0].lease, gave_up);
    assert!(settled.await.expect("give up"), "given up under its claim");
    assert_eq!(
        store.failed_count().await.expect("failed"),
        1,
        "kept and counted"
    );
    let end = t("2026-01-01T01:00:00Z");
    let last = store
        .claim("w3", 10, &end, &t("2026-01-01T01:01:00Z"))
        .await;
    assert_eq!(
        last.expect("claim").len(),
        1,
        "only the not-yet-due one is left"
    );
    assert_eq!(store.pending_count().await.expect("pending"), 1);
}

/// Claims are fenced: a claim's token settles or renews the delivery only while no later
/// claim holds it, so a worker whose lease ran out cannot ack or fail a delivery another
/// worker now holds; a renewed lease keeps other claimants out; a token settles once.
pub async fn delivery_leases_are_fenced<S: DeliveryQueue>(store: &S) {
    let t = |s: &str| Timestamp::parse(s).expect("valid");
    let start = t("2026-01-01T00:00:00Z");
    store
        .enqueue(vec![delivery(1, start), delivery(2, start)])
        .await
        .expect("enqueue");
    let a = store
        .claim("a", 1, &start, &t("2026-01-01T00:01:00Z"))
        .await
        .expect("claim");
    let a = &a[0];
    // Renewed before it ran out, the lease keeps b out past its first end.
    let renewed = store
        .renew(a.id, a.lease, &t("2026-01-01T00:03:00Z"))
        .await
        .expect("renew");
    assert!(renewed, "the holder renews its lease");
    let b = store
        .claim(
            "b",
            1,
            &t("2026-01-01T00:02:00Z"),
            &t("2026-01-01T00:04:00Z"),
        )
        .await
        .expect("claim");
    assert_eq!(b.len(), 1, "b gets the other delivery only");
    assert_ne!(b[0].id, a.id, "a renewed lease is not claimed again");
    // a stalls past its renewed lease: c claims the delivery again, and b's, whose lease
    // ends at that very instant.
    let late = t("2026-01-01T00:04:00Z");
    let c = store
        .claim("c", 10, &late, &t("2026-01-01T00:06:00Z"))
        .await
        .expect("claim");
    assert_eq!(c.len(), 2, "a lease ending now has ended");
    let c = c
        .iter()
        .find(|q| q.id == a.id)
        .expect("re-claimed after expiry");
    assert_ne!(c.lease, a.lease, "a new claim has a new token");
    let stale = store
        .settle(a.id, a.lease, Settlement::Delivered)
        .await
        .expect("settle");
    assert!(!stale, "the stale holder's ack is refused");
    let stale = store
        .renew(a.id, a.lease, &t("2026-01-01T00:09:00Z"))
        .await
        .expect("renew");
    assert!(!stale, "the stale holder cannot take the lease back");
    let stale = store
        .settle(a.id, a.lease, Settlement::Failed(RetryDecision::GiveUp))
        .await
        .expect("settle");
    assert!(!stale, "the stale holder's failure is refused");
    assert_eq!(store.failed_count().await.expect("failed"), 0);
    assert_eq!(store.pending_count().await.expect("pending"), 2);
    // The current holder settles, once.
    let retry = t("2026-01-01T00:07:00Z");
    let done = store
        .settle(
            c.id,
            c.lease,
            Settlement::Failed(RetryDecision::RetryAt(retry)),
        )
        .await
        .expect("settle");
    assert!(done, "the holder's failure counts");
    let twice = store
        .settle(c.id, c.lease, Settlement::Delivered)
        .await
        .expect("settle");
    assert!(!twice, "a token settles once");
    let d = store
        .claim("d", 10, &retry, &t("2026-01-01T00:08:00Z"))
        .await
        .expect("claim");
    let d = d.iter().find(|q| q.id == a.id).expect("due again");
    assert_eq!(d.attempts, 1, "one attempt counted");
    assert_ne!(d.lease, c.lease, "a claim after a failure has a new token");
    let stale = store.settle(c.id, c.lease, Settlement::Delivered).await;
    assert!(
        !stale.expect("settle"),
        "the failed claim's token cannot ack the next claim"
    );
    // A lease that ran out and was swept but not claimed again still settles: nobody else
    // holds the delivery, and refusing would send it twice.
    let swept = store.sweep(&t("2026-01-01T00:09:00Z")).await;
    assert_eq!(swept.expect("sweep"), 2, "d's two leases ran out");
    let done = store
        .settle(d.id, d.lease, Settlement::Delivered)
        .await
        .expect("settle");
    assert!(done, "an expired, unclaimed lease settles");
    assert_eq!(store.pending_count().await.expect("pending"), 1);
    // A settled or unknown delivery neither renews nor settles.
    let gone = store
        .renew(d.id, d.lease, &t("2026-01-01T00:10:00Z"))
        .await
        .expect("renew");
    assert!(!gone, "a settled delivery is not renewed");
}
