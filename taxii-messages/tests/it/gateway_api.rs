//! What a gateway needs from the message types: constant ids, renumbering a message in
//! place, digit ids for TAXII 1.0.

use taxii_messages::{decode, v10, v11, DigitIds, Message, MessageId, Uri};

#[test]
fn uri_from_static_accepts_a_binding_id() {
    let id = Uri::from_static("urn:stix.mitre.org:xml:1.1.1");
    assert_eq!(id, Uri::new("urn:stix.mitre.org:xml:1.1.1").unwrap());
}

#[test]
#[should_panic(expected = "invalid identifier")]
fn uri_from_static_panics_on_whitespace() {
    let _ = Uri::from_static("not a uri");
}

#[test]
fn set_ids_renumbers_a_v11_response_and_it_encodes() {
    let mut m = Message::V11(
        v11::DiscoveryResponse::new(MessageId::new("a").unwrap(), MessageId::new("b").unwrap())
            .into(),
    );
    m.set_message_id(MessageId::new("10").unwrap());
    assert!(m.set_in_response_to(MessageId::new("20").unwrap()));
    let back = decode(m.to_xml().as_bytes()).unwrap();
    assert_eq!(back.message_id().as_str(), "10");
    assert_eq!(back.in_response_to().map(MessageId::as_str), Some("20"));
}

#[test]
fn set_in_response_to_leaves_a_v10_request_alone() {
    let mut m = Message::V10(v10::DiscoveryRequest::new(MessageId::new("1").unwrap()).into());
    assert!(!m.set_in_response_to(MessageId::new("2").unwrap()));
    m.set_message_id(MessageId::new("3").unwrap());
    assert_eq!(m.message_id().as_str(), "3");
    assert_eq!(m.in_response_to(), None);
}

#[test]
fn digit_ids_are_digits_and_distinct_across_threads() {
    let ids = DigitIds::new();
    let mut all: Vec<String> = std::thread::scope(|s| {
        let a = s.spawn(|| {
            (0..100)
                .map(|_| ids.next().into_string())
                .collect::<Vec<_>>()
        });
        let b = s.spawn(|| {
            (0..100)
                .map(|_| ids.next().into_string())
                .collect::<Vec<_>>()
        });
        let mut v = a.join().unwrap();
        v.extend(b.join().unwrap());
        v
    });
    assert!(all.iter().all(|id| id.bytes().all(|b| b.is_ascii_digit())));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 200);
    assert_eq!(DigitIds::starting_at(7).next().as_str(), "7");
}

#[test]
fn encode_into_appends_the_encoding_of_either_version() {
    let v11 = Message::V11(v11::DiscoveryRequest::new(MessageId::new("1").unwrap()).into());
    let v10 = Message::V10(v10::DiscoveryRequest::new(MessageId::new("2").unwrap()).into());
    for m in [v11, v10] {
        let mut out = b"<!-- kept -->".to_vec();
        m.encode_into(&mut out);
        assert_eq!(
            out,
            [b"<!-- kept -->".as_slice(), m.to_xml().as_bytes()].concat()
        );
        assert_eq!(decode(&out[13..]).unwrap(), m);
    }
}
