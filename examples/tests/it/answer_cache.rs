//! Kept answers (issue 18): repeated Discovery and Collection Information requests get the
//! same answer, each with its own message id and the request's id in `in_response_to`
//! (MID-1, MID-2).

use taxii::client::Auth;
use taxii_messages::{v11, MessageId};

use crate::serve_support::{client, config, start};

#[tokio::test]
async fn repeated_answers_carry_fresh_ids_and_the_requests_id() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    let c = client(Auth::None);
    let mut seen = Vec::new();
    let mut first = None;
    for (n, id) in ["one", "urn:x?a=1&b=\"2\"<3", "three"].iter().enumerate() {
        let d = c
            .exchange11(
                &s.url("/services/discovery"),
                v11::DiscoveryRequest::new(MessageId::new(*id).unwrap()).into(),
            )
            .await
            .unwrap();
        let v11::Message::DiscoveryResponse(d) = d else {
            panic!("{d:?}")
        };
        assert_eq!(d.in_response_to.as_str(), *id, "answer {n}");
        assert!(!seen.contains(&d.message_id), "answer {n} repeats an id");
        seen.push(d.message_id.clone());
        let services = d.service_instances;
        assert_eq!(services.len(), 4);
        match &first {
            None => first = Some(services),
            Some(f) => assert_eq!(&services, f, "answer {n}"),
        }
    }
    let mut collections = Vec::new();
    for id in ["c1", "c2"] {
        let a = c
            .exchange11(
                &s.url("/services/collection-management"),
                v11::CollectionInformationRequest::new(MessageId::new(id).unwrap()).into(),
            )
            .await
            .unwrap();
        let v11::Message::CollectionInformationResponse(a) = a else {
            panic!("{a:?}")
        };
        assert_eq!(a.in_response_to.as_str(), id);
        assert!(!seen.contains(&a.message_id));
        seen.push(a.message_id.clone());
        collections.push(a.collections);
    }
    assert!(!collections[0].is_empty());
    assert_eq!(collections[0], collections[1]);
    s.stop().await;
}
