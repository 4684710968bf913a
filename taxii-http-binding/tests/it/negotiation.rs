//! The response binding chosen without `X-TAXII-Accept` (HR-6, H-3), media ranges that
//! include a media type (H-1), and a protocol named for the transport in use (H-5).

use taxii_http_binding::{
    negotiate, read_request, request_for, AcceptBindings, Error, MediaType, MessageBinding,
    ProtocolBinding, RequestOptions, ServerPolicy, ServicesVersion, TaxiiHeaders, Transport,
    X_TAXII_PROTOCOL,
};
use taxii_messages::{v11, Message, MessageId};

fn policy_with(bindings: &[MessageBinding]) -> ServerPolicy {
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.bindings = bindings.to_vec();
    policy
}

fn answer(request: MessageBinding, policy: &ServerPolicy) -> MessageBinding {
    negotiate(
        &TaxiiHeaders::default(),
        &request,
        &ServicesVersion::V11,
        policy,
    )
    .unwrap()
}

/// HR-6: without `X-TAXII-Accept` a supported request binding answers, even when the
/// server prefers another binding of the same services version.
#[test]
fn without_x_taxii_accept_the_request_binding_answers_hr6() {
    let both = policy_with(&[MessageBinding::Xml11, MessageBinding::Xml111]);
    assert_eq!(
        answer(MessageBinding::Xml111, &both),
        MessageBinding::Xml111
    );
    assert_eq!(answer(MessageBinding::Xml11, &both), MessageBinding::Xml11);
}

/// HR-6: a request binding the server cannot answer in gives way to the server's first.
#[test]
fn without_x_taxii_accept_an_unanswerable_binding_gives_way_hr6() {
    let only = policy_with(&[MessageBinding::Xml11]);
    assert_eq!(answer(MessageBinding::Xml111, &only), MessageBinding::Xml11);
}

/// H-3: `X-TAXII-Accept` accepts exactly the bindings it lists.
#[test]
fn x_taxii_accept_accepts_only_what_it_lists_h3() {
    let a: AcceptBindings = "urn:taxii.mitre.org:message:xml:1.1".parse().unwrap();
    assert!(a.accepts(&MessageBinding::Xml11));
    assert!(!a.accepts(&MessageBinding::Xml10));
}

/// H-1: a range includes a media type when both its type and its subtype match.
#[test]
fn media_ranges_match_type_and_subtype_h1() {
    let xml = MediaType::application_xml();
    for (range, included) in [
        ("application/xml", true),
        ("application/*", true),
        ("*/*", true),
        ("text/xml", false),
        ("text/*", false),
        ("application/json", false),
        ("*/json", false),
    ] {
        let r = MediaType::parse(range).unwrap();
        assert_eq!(r.includes(&xml), included, "{range}");
    }
}

/// H-1: `Accept` ranges are `application/*`; only the full wildcard `*/*` is let through.
#[test]
fn accept_wildcards_other_than_star_star_are_refused_h1() {
    for (range, ok) in [("*/*", true), ("text/*", false), ("*/xml", false)] {
        let mut headers = TaxiiHeaders::default();
        headers.accept = Some(vec![MediaType::parse(range).unwrap()]);
        let result = headers.check_agreement();
        assert_eq!(result.is_ok(), ok, "{range}: {result:?}");
        if let Err(e) = result {
            assert!(
                matches!(
                    e,
                    Error::NotApplicationType {
                        header: "Accept",
                        ..
                    }
                ),
                "{e:?}"
            );
        }
    }
}

/// H-5: a protocol of the transport in use that the server does not offer (TAXII 1.1.1
/// HTTP on a 1.0 HTTP server) is unsupported, not a transport mismatch.
#[test]
fn a_protocol_of_the_right_transport_not_offered_is_unsupported_h5() {
    let discovery = Message::V11(v11::Message::DiscoveryRequest(v11::DiscoveryRequest::new(
        MessageId::new("1").unwrap(),
    )));
    let mut req = request_for(&discovery, "http://h/d", &RequestOptions::default()).unwrap();
    req.headers_mut().insert(
        X_TAXII_PROTOCOL,
        http::HeaderValue::from_static("urn:oasis:cti:taxii:http:1.1.1"),
    );
    let rej = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap_err();
    assert_eq!(
        *rej.error(),
        Error::UnsupportedProtocol {
            found: ProtocolBinding::Http111,
            supported: vec![ProtocolBinding::Http10],
        }
    );
}
