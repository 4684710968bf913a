//! Property: any Draft 1 message encodes to XML that decodes to the same message; cut
//! figures fail cleanly.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use taxii_messages::draft1::{self, *};
use taxii_messages::RawXml;

use crate::v10::props::text;

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.:/ -]{1,16}".prop_filter("non-blank", |s| !s.trim().is_empty())
}

fn time() -> impl Strategy<Value = String> {
    (
        2000u32..2030,
        1u32..13,
        1u32..29,
        0u32..24,
        prop_oneof![Just(""), Just("Z"), Just("+02:00")],
    )
        .prop_map(|(y, mo, d, h, z)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:00:00{z}"))
}

fn header() -> impl Strategy<Value = Header> {
    (word(), option::of(word()), any::<bool>()).prop_map(|(id, irt, eh)| {
        let mut h = Header::new(id);
        h.in_response_to = irt;
        if eh {
            h.extended_headers = Some(
                RawXml::new(&b"<x:h xmlns:x=\"urn:x\">v</x:h>"[..], Vec::new())
                    .expect("well-formed XML"),
            );
        }
        h
    })
}

fn record() -> impl Strategy<Value = SubscriptionRecord> {
    (option::of(any::<bool>()), word(), word(), word(), text()).prop_map(|(p, d, m, c, s)| {
        let mut r = SubscriptionRecord::new(d, m, c, s);
        r.protect = p;
        r
    })
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Subscribe),
        Just(Action::Unsubscribe),
        Just(Action::Pause),
        Just(Action::Resume),
        Just(Action::Modify),
        Just(Action::Status),
        Just(Action::Query),
    ]
}

fn stix() -> impl Strategy<Value = Vec<RawXml>> {
    vec(
        text().prop_map(|t| {
            let body = RawXml::from_text(&t).to_string();
            RawXml::new(
                format!("<STIX xmlns=\"http://stix.mitre.org\">{body}</STIX>").into_bytes(),
                Vec::new(),
            )
            .expect("well-formed XML")
        }),
        1..3,
    )
}

fn message() -> impl Strategy<Value = draft1::Message> {
    prop_oneof![
        (header(), word(), option::of(text()), option::of(text())).prop_map(|(h, t, d, m)| {
            let mut e = ErrorMessage::new(h, t);
            e.error_detail = d;
            e.message = m;
            e.into()
        }),
        header().prop_map(|h| DiscoveryRequest::new(h).into()),
        header().prop_map(|h| FeedInformationRequest::new(h).into()),
        (
            header(),
            vec(
                (
                    word(),
                    option::of(any::<bool>()),
                    vec(word(), 1..3),
                    vec(word(), 0..2),
                    text()
                ),
                0..3
            )
        )
            .prop_map(|(h, list)| {
                let mut r = DiscoveryResponse::new(h);
                for (p, a, mb, cb, addr) in list {
                    let mut s = ServiceRecord::new(draft1::ServiceType::Inbox, p, addr);
                    s.available = a;
                    s.message_bindings = mb;
                    s.content_bindings = cb;
                    r.service_instances.push(s);
                }
                r.into()
            }),
        (header(), vec((word(), text(), vec(word(), 1..3)), 0..3)).prop_map(|(h, feeds)| {
            let mut r = FeedInformationResponse::new(h);
            for (n, d, dm) in feeds {
                let mut f = FeedRecord::new(n, d, "x", "STIX_XML_1.0");
                f.delivery_methods = dm;
                r.feeds.push(f);
            }
            r.into()
        }),
        (
            header(),
            word(),
            action(),
            option::of(word()),
            option::of(record())
        )
            .prop_map(|(h, f, a, s, r)| {
                let mut m = SubscriptionManagementRequest::new(h, f, a);
                m.subscription_id = s;
                m.subscription = r;
                m.into()
            }),
        (
            header(),
            word(),
            option::of(text()),
            vec((word(), record()), 0..3)
        )
            .prop_map(|(h, f, msg, subs)| {
                let mut m = SubscriptionManagementResponse::new(h, f);
                m.message = msg;
                m.subscriptions = subs
                    .into_iter()
                    .map(|(id, r)| Subscription::new(id, r))
                    .collect();
                m.into()
            }),
        (
            header(),
            word(),
            option::of(time()),
            option::of(time()),
            any::<bool>(),
            word()
        )
            .prop_map(|(h, f, b, e, by_sub, v)| {
                let sel = if by_sub {
                    PollSelection::SubscriptionId(v)
                } else {
                    PollSelection::ContentBinding(v)
                };
                let mut p = PollRequest::new(h, f, sel);
                p.begin_timestamp = b;
                p.end_timestamp = e;
                p.into()
            }),
        (
            header(),
            option::of(time()),
            time(),
            option::of(word()),
            option::of(text()),
            word(),
            stix()
        )
            .prop_map(|(h, b, e, s, m, cb, stix)| {
                let mut r = PollResponse::new(h, e, cb);
                r.begin_timestamp = b;
                r.subscription_id = s;
                r.message = m;
                r.stix = stix;
                r.into()
            }),
        (
            header(),
            option::of(word()),
            option::of(text()),
            word(),
            stix()
        )
            .prop_map(|(h, s, m, cb, stix)| {
                let mut r = StixMessage::new(h, cb, stix);
                r.subscription_id = s;
                r.message = m;
                r.into()
            }),
        (
            header(),
            word(),
            action(),
            time(),
            word(),
            option::of(word())
        )
            .prop_map(|(h, f, a, t, s, e)| {
                let mut al = SubscriptionAlert::new(h, f, a, t, s);
                al.error_type = e;
                al.into()
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn draft1_encode_decode_identity(m in message()) {
        let xml = m.to_xml();
        let back = draft1::decode(xml.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(back, m);
    }
}

/// Every cut of every figure is refused with an error, never a panic.
#[test]
fn truncated_figures_fail_cleanly() {
    for e in std::fs::read_dir(crate::v10::wire::testdata("draft1")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        for cut in 0..bytes.len() - 1 {
            assert!(
                draft1::decode(&bytes[..cut]).is_err(),
                "{} cut at {cut}",
                p.display()
            );
        }
    }
}
