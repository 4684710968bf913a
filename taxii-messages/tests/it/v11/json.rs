//! The `serde` feature: every message to JSON and back unchanged.

use taxii_messages::{decode, Message};

use crate::support::files::{files, read};

#[test]
fn every_vector_round_trips_through_json() {
    let mut n = 0;
    for dir in ["seed-samples", "wire/bodies", "samples"] {
        for p in files(dir, ".xml") {
            let Ok(m) = decode(&read(&p)) else { continue };
            let json = serde_json::to_string(&m).unwrap();
            let back: Message = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{}: {e}\n{json}", p.display()));
            assert_eq!(back, m, "{}", p.display());
            n += 1;
        }
    }
    assert!(n > 50, "{n} vectors");
}

#[test]
fn json_goes_through_validation() {
    let m = decode(br#"<Discovery_Request xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="7"/>"#).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert!(json.contains(r#""message_id":"7""#), "{json}");
    let bad = json.replace(r#""message_id":"7""#, r#""message_id":"a b""#);
    assert!(serde_json::from_str::<Message>(&bad).is_err());
}
