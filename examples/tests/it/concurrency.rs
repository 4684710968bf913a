//! Many clients pushing and polling at once (issue 9): every acknowledged block is polled
//! back exactly once, no exchange fails, and a poller never sees a block disappear.

use std::collections::HashMap;

use taxii::store::Store;

use crate::hostile_clients::{post, small_limits, start_limited};

const PUSHERS: usize = 8;
const BLOCKS_EACH: usize = 12;
const POLLERS: usize = 4;

/// An Inbox_Message to `default` carrying one STIX package with id `id` (IM11-4, IM11-12).
fn inbox(id: &str) -> String {
    format!(
        r#"<taxii_11:Inbox_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="{id}">
  <taxii_11:Destination_Collection_Name>default</taxii_11:Destination_Collection_Name>
  <taxii_11:Content_Block>
    <taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
    <taxii_11:Content><stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" id="{id}" version="1.1.1"/></taxii_11:Content>
  </taxii_11:Content_Block>
</taxii_11:Inbox_Message>"#
    )
}

/// A full Poll_Request of `default` with no time window (PRq11-4, PRq11-5, PRq11-9).
const POLL: &str = r#"<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="p" collection_name="default">
  <taxii_11:Poll_Parameters allow_asynch="false">
    <taxii_11:Response_Type>FULL</taxii_11:Response_Type>
  </taxii_11:Poll_Parameters>
</taxii_11:Poll_Request>"#;

/// The ids of the packages in a Poll_Response body, with how often each appears.
fn package_ids(body: &str) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for part in body.split("id=\"example:load-").skip(1) {
        let id = part.split('"').next().unwrap_or_default().to_owned();
        *ids.entry(id).or_default() += 1;
    }
    ids
}

/// The number in the Record_Count element (PRs11-10, C11-6).
fn record_count(body: &str) -> Option<usize> {
    let after = body.split("<taxii_11:Record_Count").nth(1)?;
    let value = after.split_once('>')?.1.split('<').next()?;
    value.trim().parse().ok()
}

async fn poll(addr: std::net::SocketAddr) -> HashMap<String, usize> {
    let (status, body) = post(addr, "/services/poll", POLL).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Poll_Response"), "{body}");
    assert!(
        !body.contains(r#"more="true""#),
        "one part expected: {body}"
    );
    let ids = package_ids(&body);
    let count: usize = ids.values().sum();
    if count > 0 {
        assert_eq!(record_count(&body), Some(count), "{body}");
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_pushes_and_polls_lose_nothing() {
    let mut server = start_limited(small_limits()).await;
    let addr = server.addr;
    let pushing = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(PUSHERS));

    let mut pushers = tokio::task::JoinSet::new();
    for c in 0..PUSHERS {
        let pushing = pushing.clone();
        pushers.spawn(async move {
            for b in 0..BLOCKS_EACH {
                let id = format!("example:load-{c}-{b}");
                let (status, body) = post(addr, "/services/inbox", &inbox(&id)).await;
                assert_eq!(status, 200, "{id}: {body}");
                assert!(body.contains(r#"status_type="SUCCESS""#), "{id}: {body}");
            }
            pushing.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        });
    }
    let mut pollers = tokio::task::JoinSet::new();
    for _ in 0..POLLERS {
        let pushing = pushing.clone();
        pollers.spawn(async move {
            let mut seen = HashMap::new();
            let mut polls = 0;
            while pushing.load(std::sync::atomic::Ordering::SeqCst) > 0 || polls == 0 {
                let now = poll(addr).await;
                assert!(now.values().all(|&n| n == 1), "a block twice: {now:?}");
                for id in seen.keys() {
                    assert!(now.contains_key(id), "{id} disappeared");
                }
                seen = now;
                polls += 1;
            }
            polls
        });
    }
    while let Some(r) = pushers.join_next().await {
        r.expect("a pusher failed");
    }
    while let Some(r) = pollers.join_next().await {
        assert!(r.expect("a poller failed") >= 1);
    }

    let all = poll(addr).await;
    assert_eq!(all.len(), PUSHERS * BLOCKS_EACH, "{all:?}");
    for c in 0..PUSHERS {
        for b in 0..BLOCKS_EACH {
            assert_eq!(all.get(&format!("{c}-{b}")), Some(&1), "block {c}-{b}");
        }
    }
    // And all of it is in the store once the server is down.
    let dir = server._dir.take().expect("the server's data directory");
    server.stop().await;
    let stored = Store::open(&dir.path().join("data"))
        .expect("reopen the store")
        .records("default", None, None)
        .expect("read the store");
    assert_eq!(stored.len(), PUSHERS * BLOCKS_EACH);
}
