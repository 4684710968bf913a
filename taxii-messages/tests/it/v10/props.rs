//! Property: any TAXII 1.0 message encodes to XML that decodes to the same message.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use taxii_messages::v10::{self, *};
use taxii_messages::{
    decode, ExtendedHeader, Message, MessageId, RawXml, StatusType, Timestamp, Uri,
};

pub fn message_id() -> impl Strategy<Value = MessageId> {
    "[0-9]{1,20}".prop_map(|s| MessageId::new(s).unwrap())
}

pub fn uri() -> impl Strategy<Value = Uri> {
    "(urn:[a-z]{1,6}:[a-zA-Z0-9._~-]{1,12}|https?://[a-z]{1,8}\\.example/[a-z0-9/&<>\"']{0,10})"
        .prop_map(|s| Uri::new(s).unwrap())
}

/// Free text as xs:string carries it: any XML character except CR (normalised by parsers).
pub fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 <>&\"'\\n\\t\u{e9}\u{4e2d}]{0,24}"
}

pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..4_000_000_000, 0u32..1_000_000, -14i32..=14).prop_map(|(s, us, h)| {
        let off = chrono::FixedOffset::east_opt(h * 3600).unwrap();
        let dt = chrono::DateTime::from_timestamp(s, us * 1000)
            .unwrap()
            .with_timezone(&off);
        // through the text form, so the test needs no optional feature; the fewest
        // fractional digits that keep the microseconds, as `Timestamp` writes them
        let fraction = format!("{us:06}");
        let fraction = fraction.trim_end_matches('0');
        let dot = if fraction.is_empty() { "" } else { "." };
        let zone = if h == 0 {
            "Z".to_owned()
        } else {
            dt.format("%:z").to_string()
        };
        let text = format!("{}{dot}{fraction}{zone}", dt.format("%Y-%m-%dT%H:%M:%S"));
        Timestamp::parse(&text).unwrap()
    })
}

fn raw() -> impl Strategy<Value = RawXml> {
    prop_oneof![
        text().prop_map(|t| RawXml::from_text(&t)),
        text().prop_map(|t| {
            let mut x = String::from("<p:e xmlns:p=\"urn:p\" a=\"1\">");
            x.push_str(&RawXml::from_text(&t).to_string());
            x.push_str("</p:e>");
            RawXml::new(x.into_bytes(), Vec::new()).expect("well-formed XML")
        }),
    ]
}

fn headers() -> impl Strategy<Value = Vec<ExtendedHeader>> {
    vec(
        (uri(), raw()).prop_map(|(n, v)| ExtendedHeader::new(n, v)),
        0..3,
    )
}

fn contact() -> impl Strategy<Value = ServiceContact> {
    (uri(), text(), vec(uri(), 1..3)).prop_map(|(p, a, m)| {
        let mut c = ServiceContact::new(p, a, m[0].clone());
        c.message_bindings = m;
        c
    })
}

fn push_parameters() -> impl Strategy<Value = PushParameters> {
    (uri(), text(), uri(), vec(uri(), 0..3)).prop_map(|(p, a, m, cb)| {
        let mut pp = PushParameters::new(p, a, m);
        pp.content_bindings = cb;
        pp
    })
}

fn content_block() -> impl Strategy<Value = ContentBlock> {
    (uri(), raw(), option::of(timestamp()), option::of(text())).prop_map(|(b, c, t, p)| {
        let mut cb = ContentBlock::new(b, c);
        cb.timestamp_label = t;
        cb.padding = p;
        cb
    })
}

fn status_type() -> impl Strategy<Value = StatusType> {
    prop_oneof![
        (0..STATUS_TYPES.len()).prop_map(|i| STATUS_TYPES[i].clone()),
        uri().prop_map(|u| StatusType::parse(u.as_str())),
    ]
}

fn service_instance() -> impl Strategy<Value = ServiceInstance> {
    (
        prop_oneof![
            Just(ServiceType::Discovery),
            Just(ServiceType::FeedManagement),
            Just(ServiceType::Inbox),
            Just(ServiceType::Poll)
        ],
        contact(),
        option::of(any::<bool>()),
        vec(uri(), 0..3),
        option::of(text()),
    )
        .prop_map(|(t, c, a, cb, m)| {
            let mut s = ServiceInstance::new(t, c);
            s.available = a;
            if t == ServiceType::Inbox {
                s.inbox_accepted_content = cb; // DRs10-8
            }
            s.message = m;
            s
        })
}

fn feed() -> impl Strategy<Value = Feed> {
    (
        uri(),
        option::of(any::<bool>()),
        text(),
        vec(uri(), 1..3),
        vec((uri(), vec(uri(), 1..3)), 0..2),
        vec(contact(), 0..2),
        vec(contact(), 0..2),
    )
        .prop_map(|(n, a, d, cb, pm, ps, ss)| {
            let mut f = Feed::new(n, d, cb);
            f.available = a;
            f.push_methods = pm
                .into_iter()
                .map(|(p, m)| {
                    let mut x = PushMethod::new(p, m[0].clone());
                    x.message_bindings = m;
                    x
                })
                .collect();
            f.polling_services = ps;
            if f.push_methods.is_empty() && f.polling_services.is_empty() {
                f.polling_services = ss.clone();
            }
            f.subscription_services = ss;
            f
        })
        .prop_filter("FIRs10-8", |f| {
            !f.push_methods.is_empty() || !f.polling_services.is_empty()
        })
}

fn ordered_range(inclusive: bool) -> impl Strategy<Value = (Option<Timestamp>, Option<Timestamp>)> {
    (option::of(timestamp()), option::of(timestamp())).prop_map(move |(a, b)| match (a, b) {
        (Some(a), Some(b)) if (inclusive && b < a) || (!inclusive && b <= a) => {
            if a == b {
                (Some(a), None)
            } else {
                (Some(b), Some(a))
            }
        }
        other => other,
    })
}

pub fn v10_message() -> impl Strategy<Value = v10::Message> {
    prop_oneof![
        (
            message_id(),
            message_id(),
            status_type(),
            headers(),
            option::of(text()),
            option::of(text())
        )
            .prop_map(|(id, irt, st, eh, d, m)| {
                let mut s = StatusMessage::new(id, irt, st);
                s.extended_headers = eh;
                s.status_detail = d;
                s.message = m;
                s.into()
            }),
        (message_id(), headers()).prop_map(|(id, eh)| {
            let mut r = DiscoveryRequest::new(id);
            r.extended_headers = eh;
            r.into()
        }),
        (
            message_id(),
            message_id(),
            headers(),
            vec(service_instance(), 0..3)
        )
            .prop_map(|(id, irt, eh, si)| {
                let mut r = DiscoveryResponse::new(id, irt);
                r.extended_headers = eh;
                r.service_instances = si;
                r.into()
            }),
        (message_id(), headers()).prop_map(|(id, eh)| {
            let mut r = FeedInformationRequest::new(id);
            r.extended_headers = eh;
            r.into()
        }),
        (message_id(), message_id(), headers(), vec(feed(), 0..3)).prop_map(|(id, irt, eh, f)| {
            let mut r = FeedInformationResponse::new(id, irt);
            r.extended_headers = eh;
            r.feeds = f;
            r.into()
        }),
        (
            message_id(),
            uri(),
            prop_oneof![
                Just(SubscriptionAction::Subscribe),
                Just(SubscriptionAction::Unsubscribe),
                Just(SubscriptionAction::Status)
            ],
            option::of(uri()),
            headers(),
            option::of(push_parameters())
        )
            .prop_map(|(id, f, a, sid, eh, pp)| {
                let mut r = ManageFeedSubscriptionRequest::new(id, f, a);
                r.subscription_id = sid;
                r.extended_headers = eh;
                r.push_parameters = pp;
                r
            })
            .prop_filter("MFSRq10-4", |r| r.action != SubscriptionAction::Unsubscribe
                || r.subscription_id.is_some())
            .prop_map(Into::into),
        (
            message_id(),
            message_id(),
            uri(),
            headers(),
            option::of(text()),
            vec(
                (uri(), option::of(push_parameters()), vec(contact(), 0..2)),
                0..3
            )
        )
            .prop_map(|(id, irt, f, eh, m, subs)| {
                let mut r = ManageFeedSubscriptionResponse::new(id, irt, f);
                r.extended_headers = eh;
                r.message = m;
                r.subscriptions = subs
                    .into_iter()
                    .map(|(sid, pp, pi)| {
                        let mut s = SubscriptionInstance::new(sid);
                        s.push_parameters = pp;
                        s.poll_instances = pi;
                        s
                    })
                    .collect();
                r.into()
            }),
        (
            message_id(),
            uri(),
            option::of(uri()),
            headers(),
            ordered_range(false),
            vec(uri(), 0..3)
        )
            .prop_map(|(id, f, sid, eh, (b, e), cb)| {
                let mut r = PollRequest::new(id, f);
                r.subscription_id = sid;
                r.extended_headers = eh;
                r.exclusive_begin_timestamp = b;
                r.inclusive_end_timestamp = e;
                r.content_bindings = cb;
                r.into()
            }),
        (
            message_id(),
            message_id(),
            uri(),
            option::of(uri()),
            headers(),
            option::of(text()),
            (option::of(timestamp()), timestamp()),
            vec(content_block(), 0..3)
        )
            .prop_map(|(id, irt, f, sid, eh, m, (b, e), blocks)| {
                let mut r = PollResponse::new(id, irt, f, e);
                r.subscription_id = sid;
                r.extended_headers = eh;
                r.message = m;
                r.inclusive_begin_timestamp = b.filter(|b| *b <= e);
                r.content_blocks = blocks;
                r.into()
            }),
        (
            message_id(),
            headers(),
            option::of(text()),
            option::of((uri(), uri(), option::of(timestamp()), timestamp())),
            vec(content_block(), 0..3)
        )
            .prop_map(|(id, eh, m, src, blocks)| {
                let mut r = InboxMessage::new(id);
                r.extended_headers = eh;
                r.message = m;
                r.source_subscription = src.map(|(f, s, b, e)| {
                    let mut ss = SourceSubscription::new(f, s, e);
                    ss.inclusive_begin_timestamp = b.filter(|b| *b <= e);
                    ss
                });
                r.content_blocks = blocks;
                r.into()
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Encode -> decode is the identity on TAXII 1.0 messages (strict mode).
    #[test]
    fn v10_encode_decode_identity(m in v10_message()) {
        let m = Message::V10(m);
        let xml = m.to_xml();
        let strict = taxii_messages::DecodeOptions::strict();
        let back = taxii_messages::decode_with(xml.clone().into_bytes().into(), &strict)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(&back, &m, "{}", xml);
        prop_assert_eq!(decode(xml.as_bytes()).unwrap(), m);
    }

    /// A poll response written in pieces (head, each block, tail) is byte for byte the
    /// whole message, and decodes to it.
    #[test]
    fn poll_responses_written_in_pieces_are_the_whole_message(
        m in v10_message(),
        signed in any::<bool>(),
    ) {
        let v10::Message::PollResponse(mut whole) = m else {
            return Ok(());
        };
        if signed {
            let sig = "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>";
            whole.signature = Some(RawXml::new(sig, vec![]).expect("well-formed XML"));
        }
        let mut pieces = Vec::new();
        whole.encode_head_into(&mut pieces);
        for block in &whole.content_blocks {
            block.encode_in_poll_response_into(&mut pieces);
        }
        whole.encode_tail_into(&mut pieces);
        let whole = Message::V10(v10::Message::PollResponse(whole));
        let mut expected = Vec::new();
        whole.encode_into(&mut expected);
        prop_assert_eq!(String::from_utf8_lossy(&pieces), String::from_utf8_lossy(&expected));
        prop_assert_eq!(decode(&pieces).unwrap(), whole);
    }
}

/// Blocks decoded from a real 1.0 poll response carry the root's bindings: written in
/// pieces they still declare nothing the root already does.
#[test]
fn a_decoded_poll_response_written_in_pieces_is_the_whole_message() {
    use crate::support::files::{read, testdata};
    let xml = read(&testdata().join("samples/taxii10_poll_response_1block.xml"));
    let Message::V10(v10::Message::PollResponse(whole)) = decode(&xml).unwrap() else {
        panic!("not a 1.0 poll response")
    };
    let mut pieces = Vec::new();
    whole.encode_head_into(&mut pieces);
    for block in &whole.content_blocks {
        block.encode_in_poll_response_into(&mut pieces);
    }
    whole.encode_tail_into(&mut pieces);
    let expected = Message::V10(v10::Message::PollResponse(whole)).to_xml();
    assert_eq!(String::from_utf8(pieces).unwrap(), expected);
}
