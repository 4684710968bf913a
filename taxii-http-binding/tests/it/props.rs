//! Property tests: a built request reads back to the same message and headers (HR-1,
//! H-1..H-6); a built response reads back to the same message (HR-3); headers render
//! and parse back; arbitrary input never panics and always gives a TAXII answer (§5).

use bytes::Bytes;
use http::{Response, StatusCode};
use proptest::prelude::*;
use taxii_http_binding::{
    inspect_response, read_request, read_response, request_for, response_for, AcceptBindings,
    ClientPolicy, Credentials, Error, MediaType, MessageBinding, ProtocolBinding, RequestOptions,
    ServerPolicy, ServicesVersion, TaxiiHeaders, Transport,
};
use taxii_messages::{v10, v11, Message, MessageId, StatusType, Uri};

fn id() -> impl Strategy<Value = MessageId> {
    "[A-Za-z0-9._:-]{1,24}".prop_map(|s| MessageId::new(s).unwrap())
}

/// TAXII 1.0 message ids are decimal digits (G10-2).
fn id10() -> impl Strategy<Value = MessageId> {
    "[0-9]{1,19}".prop_map(|s| MessageId::new(s).unwrap())
}

fn uri() -> impl Strategy<Value = Uri> {
    "[a-z][a-z0-9._:/-]{0,24}".prop_map(|s| Uri::new(s).unwrap())
}

fn text() -> impl Strategy<Value = String> {
    "[ -~\u{a0}-\u{ff}\u{4e00}-\u{4e20}]{1,40}"
}

fn status_type() -> impl Strategy<Value = StatusType> {
    prop_oneof![
        Just(StatusType::Success),
        Just(StatusType::Failure),
        Just(StatusType::BadMessage),
        Just(StatusType::Denied),
        Just(StatusType::Unauthorized),
    ]
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        id().prop_map(|i| Message::V11(v11::Message::DiscoveryRequest(
            v11::DiscoveryRequest::new(i)
        ))),
        id().prop_map(|i| Message::V11(v11::Message::CollectionInformationRequest(
            v11::CollectionInformationRequest::new(i)
        ))),
        (id(), uri(), uri(), 1u64..10_000).prop_map(|(i, c, r, p)| Message::V11(
            v11::Message::PollFulfillmentRequest(v11::PollFulfillmentRequest::new(i, c, r, p))
        )),
        (id(), proptest::option::of(text())).prop_map(|(i, t)| {
            let mut m = v11::InboxMessage::new(i);
            m.message = t;
            Message::V11(v11::Message::InboxMessage(m))
        }),
        (id(), id(), status_type(), proptest::option::of(text())).prop_map(|(i, r, st, t)| {
            let mut s = v11::StatusMessage::new(i, r, st);
            s.message = t;
            Message::V11(v11::Message::StatusMessage(s))
        }),
        id10().prop_map(|i| Message::V10(v10::Message::DiscoveryRequest(
            v10::DiscoveryRequest::new(i)
        ))),
    ]
}

fn url() -> impl Strategy<Value = (String, Transport)> {
    (
        prop_oneof![Just("http"), Just("https"), Just("HTTPS")],
        "[a-z]{1,10}(\\.[a-z]{2,5})?",
        proptest::option::of(1u16..),
        "(/[a-z0-9_-]{0,8}){0,3}/?",
        proptest::option::of("[a-z]{1,5}=[a-z0-9]{0,5}"),
    )
        .prop_map(|(scheme, host, port, path, query)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            let t = Transport::from_scheme(scheme).unwrap();
            (format!("{scheme}://{host}{port}{path}{query}"), t)
        })
}

fn binding() -> impl Strategy<Value = MessageBinding> {
    prop_oneof![
        Just(MessageBinding::Xml10),
        Just(MessageBinding::Xml11),
        Just(MessageBinding::Xml111),
        "urn:example\\.com:message:(xml|bin):[0-9]"
            .prop_map(|s| s.parse::<MessageBinding>().unwrap()),
    ]
}

fn credentials() -> impl Strategy<Value = Credentials> {
    prop_oneof![
        ("[A-Za-z0-9._@-]{0,12}", "[ -~]{0,16}").prop_map(|(u, p)| Credentials::basic(u, p)),
        "[A-Za-z0-9._~+/=-]{1,40}".prop_map(Credentials::bearer),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn built_request_reads_back(
        msg in message(),
        (url, transport) in url(),
        accept in proptest::option::of(proptest::collection::vec(binding(), 1..4)),
        creds in proptest::option::of(credentials()),
    ) {
        let mut opts = RequestOptions::default();
        opts.accept = accept.clone().map(|a| AcceptBindings::new(a).unwrap());
        opts.credentials = creds.clone();
        let req = request_for(&msg, &url, &opts).unwrap();
        let own = taxii_http_binding::binding_of(&msg).unwrap();
        let acceptable = accept.as_ref().is_none_or(|a| a.contains(&own));
        // The server's transport is irrelevant: the absolute URI's scheme decides (H-5).
        let other = if transport == Transport::Http { Transport::Https } else { Transport::Http };
        match read_request(&req, &ServerPolicy::new(other)) {
            Ok(r) => {
                prop_assert!(acceptable);
                prop_assert_eq!(&r.message, &msg);
                prop_assert_eq!(r.response_binding, own.clone());
                prop_assert_eq!(r.protocol, transport.protocol_binding());
                prop_assert_eq!(r.headers.x_taxii_content_type, Some(own.clone()));
                prop_assert_eq!(r.headers.x_taxii_services, own.services_version());
                prop_assert_eq!(r.headers.x_taxii_protocol, Some(transport.protocol_binding()));
                let expected_accept = accept.clone().unwrap_or_else(|| vec![own.clone()]);
                let got = r.headers.x_taxii_accept.unwrap();
                prop_assert_eq!(got.bindings(), &expected_accept[..]);
                prop_assert_eq!(r.headers.content_type, Some(MediaType::application_xml()));
                prop_assert_eq!(Credentials::from_headers(req.headers()).unwrap(), creds);
            }
            Err(rej) => {
                prop_assert!(!acceptable, "{}", rej);
                let is_not_acceptable = matches!(rej.error(), Error::NotAcceptable { .. });
                prop_assert!(is_not_acceptable, "{:?}", rej.error());
                prop_assert_eq!(rej.status_type(), StatusType::UnsupportedMessage);
                prop_assert_eq!(rej.in_response_to(), msg.message_id());
            }
        }
    }

    #[test]
    fn built_response_reads_back(msg in message(), https in any::<bool>()) {
        let p = if https { ProtocolBinding::Https10 } else { ProtocolBinding::Http10 };
        let resp = response_for(&msg, &p).unwrap();
        let services = taxii_http_binding::binding_of(&msg).unwrap().services_version().unwrap();
        let read = inspect_response(&resp, &MessageId::unknown(), &ClientPolicy::new(services));
        prop_assert_eq!(read.not_taxii, None);
        prop_assert_eq!(read.message, msg);
        prop_assert_eq!(read.headers.unwrap().x_taxii_protocol, Some(p));
    }

    #[test]
    fn headers_render_and_parse_back(
        b in binding(),
        s in prop_oneof![Just(ServicesVersion::V10), Just(ServicesVersion::V11)],
        https in any::<bool>(),
        accept in proptest::option::of(proptest::collection::vec(binding(), 1..4)),
    ) {
        let p = if https { ProtocolBinding::Https10 } else { ProtocolBinding::Http10 };
        let mut h = TaxiiHeaders::for_message(b, s, p);
        h.x_taxii_accept = accept.map(|a| AcceptBindings::new(a).unwrap());
        let mut map = http::HeaderMap::new();
        h.write_to(&mut map);
        prop_assert_eq!(TaxiiHeaders::parse(&map).unwrap(), h);
    }

    /// Any body under valid headers: a message or a precise error, never a panic.
    #[test]
    fn arbitrary_request_body_never_panics(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let msg = Message::V11(v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(
            MessageId::new("1").unwrap(),
        )));
        let mut req = request_for(&msg, "http://h/", &RequestOptions::default()).unwrap();
        req.headers_mut().remove(http::header::CONTENT_LENGTH);
        *req.body_mut() = Bytes::from(body);
        if let Err(rej) = read_request(&req, &ServerPolicy::new(Transport::Http)) {
            let resp = rej.into_response(MessageId::new("2").unwrap());
            prop_assert_eq!(resp.status(), StatusCode::OK);
        }
    }

    /// Any answer reads as a TAXII message (section 5): never a panic, never an error.
    #[test]
    fn arbitrary_response_is_a_taxii_message(
        code in 100u16..600,
        taxii in any::<bool>(),
        body in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            Just(b"<html><body>502 Bad Gateway</body></html>".to_vec()),
        ],
    ) {
        let mut b = Response::builder().status(code);
        if taxii {
            b = b.header("x-taxii-content-type", "urn:taxii.mitre.org:message:xml:1.1");
        }
        let resp = b.body(Bytes::from(body)).unwrap();
        let m = read_response(&resp, &MessageId::unknown(), &ClientPolicy::default());
        let is_status = matches!(m, Message::V11(v11::Message::StatusMessage(_)));
        prop_assert!(is_status);
    }
}
