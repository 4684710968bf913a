//! A collection with `writable = false` takes no content: a push naming it is refused
//! (ERR-15, DESTINATION_COLLECTION_ERROR) and a push without destinations skips it.

use taxii::client::Auth;
use taxii::config::Collection;
use taxii_messages::v11::{self, ContentBlock, PollParameters, PollRequest, PollSelection};
use taxii_messages::{RawXml, StatusType, Uri};

use crate::serve_support::{client, config, id, start};

fn push(dest: &[&str]) -> v11::Message {
    let mut m = v11::InboxMessage::new(id());
    m.destination_collection_names = dest.iter().map(|d| Uri::new(*d).unwrap()).collect();
    m.content_blocks.push(ContentBlock::new(
        Uri::new("urn:stix.mitre.org:xml:1.1.1").unwrap(),
        RawXml::new(&b"<x/>"[..], vec![]).unwrap(),
    ));
    m.into()
}

fn status(m: &v11::Message) -> StatusType {
    match m {
        v11::Message::StatusMessage(s) => s.status_type.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn err15_a_push_to_a_read_only_collection_is_refused_and_stores_nothing() {
    let (mut cfg, dir) = config();
    let mut quiet = Collection::named("quiet");
    quiet.writable = false;
    cfg.collections.push(quiet);
    let s = start(cfg, Some(dir)).await;
    let c = client(Auth::None);
    let inbox = s.url("/services/inbox");

    let named = c.exchange11(&inbox, push(&["quiet"])).await.unwrap();
    assert_eq!(status(&named), StatusType::DestinationCollectionError);
    let anywhere = c.exchange11(&inbox, push(&[])).await.unwrap();
    assert_eq!(status(&anywhere), StatusType::Success);

    let count = |name: &str| {
        let req = PollRequest::new(
            id(),
            Uri::new(name).unwrap(),
            PollSelection::PollParameters(PollParameters::default()),
        );
        let (c, url) = (c.clone(), s.url("/services/poll"));
        async move {
            match c.exchange11(&url, req.into()).await.unwrap() {
                v11::Message::PollResponse(r) => r.content_blocks.len(),
                other => panic!("{other:?}"),
            }
        }
    };
    assert_eq!(
        count("quiet").await,
        0,
        "the read-only collection got nothing"
    );
    assert_eq!(count("default").await, 1);
    assert_eq!(count("second").await, 1);
    s.stop().await;
}
