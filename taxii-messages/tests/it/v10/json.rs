//! With the `serde` feature: TAXII 1.0 and Draft 1 messages survive JSON unchanged.
#![cfg(feature = "serde")]

use taxii_messages::{decode, draft1, Message};

use crate::v10::wire::{testdata, wire_bodies_10};

#[test]
fn v10_wire_bodies_through_json() {
    for (label, body) in wire_bodies_10() {
        let m = decode(&body).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.starts_with(r#"{"version":"1.0""#), "{label}: {json}");
        let back: Message = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(back, m, "{label}");
    }
}

#[test]
fn draft1_figures_through_json() {
    for e in std::fs::read_dir(testdata("draft1")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let m = draft1::decode(&std::fs::read(&p).unwrap()).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        let back: draft1::Message = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m, "{}", p.display());
    }
}
