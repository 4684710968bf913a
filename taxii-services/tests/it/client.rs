//! Client exchange helpers: in_response_to (MID-1, MID-4), response type (EX-1), typed
//! statuses, and SV-4 / SV-5 reply rules.

use taxii_messages::v11::{
    CollectionInformationResponse, DiscoveryResponse, PollResponse, StatusMessage,
};
use taxii_messages::{Message, MessageId, StatusType};
use taxii_services::client::{read_poll, read_reply, read_success, ExchangeError, PollReply};

use crate::support::*;

fn id(s: &str) -> MessageId {
    MessageId::new(s).unwrap()
}

fn msg(m: impl Into<taxii_messages::v11::Message>) -> Message {
    m.into().into()
}

#[test]
fn mid1_response_to_another_request_is_refused() {
    let resp = msg(DiscoveryResponse::new(id("9"), id("other")));
    let e = read_reply::<DiscoveryResponse>(&id("1"), resp).unwrap_err();
    assert!(matches!(e, ExchangeError::InResponseTo { .. }));
}

#[test]
fn ex1_wrong_response_type_is_refused() {
    let resp = msg(CollectionInformationResponse::new(id("9"), id("1")));
    let e = read_reply::<DiscoveryResponse>(&id("1"), resp).unwrap_err();
    assert_eq!(
        e,
        ExchangeError::UnexpectedResponse {
            expected: "DiscoveryResponse",
            got: "Collection_Information_Response"
        }
    );
    // a request is never a response
    let e = read_reply::<DiscoveryResponse>(&id("1"), msg(requests().discovery())).unwrap_err();
    assert!(matches!(e, ExchangeError::UnexpectedResponse { .. }));
}

#[test]
fn status_becomes_a_typed_error_and_mid4_zero_is_accepted_for_statuses() {
    let s =
        StatusMessage::new(id("9"), id("0"), StatusType::Unauthorized).with_message("who are you");
    let e = read_reply::<DiscoveryResponse>(&id("1"), msg(s)).unwrap_err();
    assert_eq!(e.status_type(), Some(&StatusType::Unauthorized));
    assert!(e.to_string().contains("who are you"));
}

#[test]
fn mid4_zero_is_refused_on_answers_other_than_status() {
    // Only a Status Message may answer "0" (the server could not read our id); any other
    // answer claiming "0" answers some other request.
    let e =
        read_reply::<DiscoveryResponse>(&id("1"), msg(DiscoveryResponse::new(id("9"), id("0"))))
            .unwrap_err();
    assert_eq!(
        e,
        ExchangeError::InResponseTo {
            expected: "1".into(),
            got: "0".into()
        }
    );
    let poll = PollResponse::new(id("9"), id("0"), uri("collection-a"));
    assert!(matches!(
        read_poll(&id("1"), msg(poll)),
        Err(ExchangeError::InResponseTo { .. })
    ));
}

#[test]
fn sv4_inbox_only_success_is_ok() {
    let ok = StatusMessage::new(id("9"), id("1"), StatusType::Success);
    assert!(read_success(&id("1"), msg(ok)).is_ok());
    let bad = StatusMessage::new(id("9"), id("1"), StatusType::DestinationCollectionError);
    assert_eq!(
        read_success(&id("1"), msg(bad)).unwrap_err().status_type(),
        Some(&StatusType::DestinationCollectionError)
    );
}

#[test]
fn sv5_poll_replies_are_responses_or_pending() {
    let r = PollResponse::new(id("9"), id("1"), coll_a());
    assert!(matches!(
        read_poll(&id("1"), msg(r)),
        Ok(PollReply::Response(_))
    ));
    let p = StatusMessage::pending(id("9"), id("1"), 12, &uri("r1"), true);
    assert_eq!(
        read_poll(&id("1"), msg(p)).unwrap(),
        PollReply::Pending {
            result_id: uri("r1"),
            estimated_wait: 12,
            will_push: true
        }
    );
    // SUCCESS is never a valid poll answer
    let s = StatusMessage::new(id("9"), id("1"), StatusType::Success);
    assert!(read_poll(&id("1"), msg(s)).is_err());
    // PENDING without its required details is an error, not a hang
    let s = StatusMessage::new(id("9"), id("1"), StatusType::Pending);
    assert!(read_poll(&id("1"), msg(s)).is_err());
}

#[test]
fn sv5_only_pending_is_read_as_pending() {
    // A FAILURE carrying PENDING's details stays a FAILURE.
    let mut s = StatusMessage::pending(id("9"), id("1"), 12, &uri("r1"), true);
    s.status_type = StatusType::Failure;
    let e = read_poll(&id("1"), msg(s)).unwrap_err();
    assert_eq!(e.status_type(), Some(&StatusType::Failure));
}

#[test]
fn sv4_taxii_10_inbox_only_success_is_ok() {
    use taxii_messages::v10;
    let answer = |t: StatusType| Message::V10(v10::StatusMessage::new(id("9"), id("1"), t).into());
    assert_eq!(read_success(&id("1"), answer(StatusType::Success)), Ok(()));
    let e = read_success(&id("1"), answer(StatusType::Failure)).unwrap_err();
    assert_eq!(e.status_type(), Some(&StatusType::Failure));
}

#[test]
fn requests_get_fresh_ids() {
    let mut r = requests();
    let a = r.discovery().message_id;
    let b = r.collection_information().message_id;
    let c = r.poll(&coll_a(), Default::default(), None, None).message_id;
    assert!(a != b && b != c && a != c);
}
