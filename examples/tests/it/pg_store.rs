//! The PostgreSQL store against a throwaway cluster: labels unique and in commit order
//! across two store handles (two instances), snapshot bounds, keyset pages with the scope
//! pushed down, subscriptions and result sets shared between instances.

use taxii::store_pg::PgStore;
use taxii_messages::v11::{
    ContentBinding, ContentInstanceBinding, PushParameters, QueryParameters,
};
use taxii_messages::{NamespaceBinding, RawXml, Timestamp, Uri};
use taxii_services::store::{
    CollectionStore, NewRecord, RecordFilter, ResultSet, ResultStore, Scope, Subscription,
    SubscriptionState, SubscriptionStore, Window,
};
use taxii_services::Identity;

use super::pg_cluster::PgCluster;

fn uri(s: &str) -> Uri {
    Uri::new(s).unwrap()
}

fn block(collection: &str, binding: &str, subtype: Option<&str>, n: usize) -> NewRecord {
    let mut b = ContentInstanceBinding::new(uri(binding));
    b.subtype = subtype.map(uri);
    NewRecord::new(
        uri(collection),
        b,
        RawXml::new(
            format!("<x:b n=\"{n}\"/>"),
            vec![NamespaceBinding::new("x", "urn:x")],
        )
        .unwrap(),
    )
}

async fn two_instances(cluster: &PgCluster, db: &str) -> (PgStore, PgStore) {
    let url = cluster.database(db);
    let a = PgStore::open(&url, Vec::new()).await.unwrap();
    let b = PgStore::open(&url, Vec::new()).await.unwrap();
    (a, b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn labels_are_unique_and_ordered_across_instances_and_pages_see_them_all() {
    let cluster = PgCluster::start();
    let (a, b) = two_instances(&cluster, "labels").await;
    let mut writers = Vec::new();
    for w in 0..8 {
        let store = if w % 2 == 0 { a.clone() } else { b.clone() };
        writers.push(tokio::spawn(async move {
            let mut keys = Vec::new();
            for i in 0..25 {
                let batch = vec![block("c", "urn:b", None, w * 100 + i); 1 + i % 3];
                keys.extend(store.add_records(batch).await.unwrap());
            }
            keys
        }));
    }
    let mut all = Vec::new();
    for w in writers {
        let keys = w.await.unwrap();
        // One writer's keys increase in its commit order.
        assert!(keys.windows(2).all(|k| k[0] < k[1]), "{keys:?}");
        all.extend(keys);
    }
    let n = all.len();
    all.sort();
    all.dedup_by_key(|k| k.label);
    assert_eq!(all.len(), n, "labels unique across instances");

    let snap = b.snapshot().await.unwrap().unwrap();
    assert_eq!(
        &snap,
        all.last().unwrap(),
        "B's snapshot includes A's commits"
    );
    let scope = Scope::new(uri("c"), Window::all()).upto(Some(snap));
    assert_eq!(a.count(&scope).await.unwrap(), n as u64);
    let mut after = None;
    let mut seen = Vec::new();
    loop {
        let page = b.page(&scope, after, 7).await.unwrap();
        seen.extend(page.iter().map(|r| r.key));
        if page.len() < 7 {
            break;
        }
        after = page.last().map(|r| r.key);
    }
    assert_eq!(seen, all, "keyset pages return every key once, in order");
    let later = a
        .add_records(vec![block("c", "urn:b", None, 0)])
        .await
        .unwrap();
    assert!(later[0] > snap);
    assert_eq!(
        b.count(&scope).await.unwrap(),
        n as u64,
        "snapshot bound holds"
    );
}

#[tokio::test]
async fn windows_filters_and_content_round_trip() {
    let cluster = PgCluster::start();
    let (a, b) = two_instances(&cluster, "filters").await;
    let keys = a
        .add_records(vec![
            block("c", "urn:stix", Some("urn:t1"), 1),
            block("c", "urn:stix", Some("urn:t2"), 2),
            block("c", "urn:stix|urn:inner", None, 3),
            block("c", "urn:other", None, 4),
            block("d", "urn:stix", None, 5),
        ])
        .await
        .unwrap();
    let all = Scope::new(uri("c"), Window::all());
    assert_eq!(b.count(&all).await.unwrap(), 4);
    let mut stix_t1 = ContentBinding::new(uri("urn:stix"));
    stix_t1.subtypes.push(uri("urn:t1"));
    let filtered = all
        .clone()
        .with_filter(RecordFilter::bindings(vec![stix_t1]));
    let page = b.page(&filtered, None, 10).await.unwrap();
    let got: Vec<_> = page.iter().map(|r| r.key).collect();
    assert_eq!(
        got,
        vec![keys[0], keys[2]],
        "subtype t1, and the nested id without subtype"
    );
    assert!(page.iter().all(|r| filtered.contains(r)));
    let first = &page[0];
    assert_eq!(first.content.as_str(), "<x:b n=\"1\"/>");
    assert_eq!(
        first.content.namespaces(),
        &[NamespaceBinding::new("x", "urn:x")]
    );
    assert_eq!(first.binding.subtype, Some(uri("urn:t1")));

    let window = Scope::new(
        uri("c"),
        Window::new(Some(keys[0].label), Some(keys[2].label)),
    );
    let got: Vec<_> = b
        .page(&window, None, 10)
        .await
        .unwrap()
        .iter()
        .map(|r| r.key)
        .collect();
    assert_eq!(
        got,
        vec![keys[1], keys[2]],
        "exclusive begin, inclusive end"
    );
}

#[tokio::test]
async fn subscriptions_and_results_made_on_one_instance_are_served_by_the_other() {
    let cluster = PgCluster::start();
    let (a, b) = two_instances(&cluster, "shared").await;
    let now = Timestamp::now();
    let alice = Identity::user("alice");
    let plain = Subscription::new(
        uri("s1"),
        uri("c"),
        alice.clone(),
        QueryParameters::default(),
        now,
    );
    let push = Subscription::new(
        uri("s2"),
        uri("c"),
        Identity::Anonymous,
        QueryParameters::default(),
        now,
    )
    .with_push(PushParameters::new(
        uri("urn:p"),
        "http://example.org/inbox",
        uri("urn:m"),
    ));
    a.put_subscription(&plain).await.unwrap();
    a.put_subscription(&push).await.unwrap();
    assert_eq!(
        b.subscription(&uri("s2")).await.unwrap(),
        Some(push.clone())
    );
    assert_eq!(
        b.push_subscriptions(&uri("c")).await.unwrap(),
        vec![push.clone()]
    );
    let paused = push
        .clone()
        .with_state(SubscriptionState::Paused { since: now });
    b.put_subscription(&paused).await.unwrap();
    assert!(a.push_subscriptions(&uri("c")).await.unwrap().is_empty());
    assert_eq!(a.subscriptions(&uri("c")).await.unwrap().len(), 2);
    assert_eq!(a.subscriptions_owned(&alice).await.unwrap(), 1);
    assert_eq!(
        a.subscriptions_of(&uri("c"), &alice).await.unwrap(),
        vec![plain]
    );
    b.remove_subscription(&uri("s1")).await.unwrap();
    assert_eq!(a.subscriptions_owned(&alice).await.unwrap(), 0);

    let keys = a
        .add_records(vec![block("c", "urn:b", None, 1)])
        .await
        .unwrap();
    let later = Timestamp::new(now.value() + chrono::Duration::hours(1));
    let scope = Scope::new(uri("c"), Window::all()).upto(Some(keys[0]));
    let mut r = ResultSet::new(uri("r1"), alice.clone(), scope, now, later);
    r.asynchronous = true;
    r.per_part = 1;
    r.record_count = 1;
    r.part_starts = vec![None, Some(keys[0])];
    a.put_result(&r).await.unwrap();
    assert_eq!(
        b.result(&uri("c"), &uri("r1")).await.unwrap(),
        Some(r.clone())
    );
    assert_eq!(b.results_owned(&alice, true, &now).await.unwrap(), 1);
    assert_eq!(
        b.results_owned(&alice, false, &later).await.unwrap(),
        0,
        "expired"
    );
    assert_eq!(b.remove_expired_results(&later).await.unwrap(), 1);
    assert_eq!(a.result(&uri("c"), &uri("r1")).await.unwrap(), None);
}
