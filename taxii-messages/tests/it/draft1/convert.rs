//! TAXII 1.0 Draft 1 → TAXII 1.0 (checklist §1.6, §8.3) on the seed's figures.

use taxii_messages::convert::{draft1_id_to_v10, Draft1Context};
use taxii_messages::{draft1, v10, DecodeOptions, Message, SequentialGenerator, Uri};

use crate::v10::wire::testdata;

fn figure(name: &str) -> draft1::Message {
    draft1::decode(&std::fs::read(testdata("draft1").join(name)).unwrap()).unwrap()
}

fn ctx() -> Draft1Context {
    Draft1Context::new(SequentialGenerator::starting_at(1000))
}

/// The 1.0 message is valid 1.0: it encodes and decodes strictly to itself.
fn check_v10(m: &v10::Message) {
    let xml = Message::V10(m.clone()).to_xml();
    let back =
        taxii_messages::decode_with(xml.clone().into_bytes().into(), &DecodeOptions::strict())
            .unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(back, Message::V10(m.clone()));
}

/// D1-ID-1..D1-ID-5.
#[test]
fn identifiers_d1_id() {
    for (draft, urn) in [
        ("TAXII_1.0", "urn:taxii.mitre.org:services:1.0"),
        (
            "TAXII_XML_BINDING_1.0",
            "urn:taxii.mitre.org:message:xml:1.0",
        ),
        (
            "TAXII_HTTP_BINDING_1.0",
            "urn:taxii.mitre.org:protocol:http:1.0",
        ),
        (
            "TAXII_HTTPS_BINDING_1.0",
            "urn:taxii.mitre.org:protocol:https:1.0",
        ),
        ("STIX_XML_1.0", "urn:stix.mitre.org:xml:1.0"),
        (" urn:example.com:x ", "urn:example.com:x"),
    ] {
        assert_eq!(
            draft1_id_to_v10(draft),
            Some(Uri::new(urn).unwrap()),
            "{draft}"
        );
    }
    assert_eq!(draft1_id_to_v10("two words"), None);
}

/// Figures 5 and 16: discovery responses convert; addresses lose the seed's line wrap.
#[test]
fn fig05_fig16_discovery_to_v10() {
    let mut c = ctx();
    for name in [
        "fig05_discovery_response.xml",
        "fig16_discovery_response.xml",
    ] {
        let v10::Message::DiscoveryResponse(r) = figure(name).into_v10(&mut c).unwrap() else {
            panic!()
        };
        let s = &r.service_instances[r.service_instances.len() - 1];
        assert!(!s.contact.address.contains(char::is_whitespace), "{name}");
        assert_eq!(s.service_version.as_str(), v10::SERVICES_VERSION);
        assert!(s
            .contact
            .protocol_binding
            .as_str()
            .starts_with("urn:taxii.mitre.org:protocol:"));
        check_v10(&r.clone().into());
    }
    let v10::Message::DiscoveryResponse(r) = figure("fig16_discovery_response.xml")
        .into_v10(&mut c)
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(r.service_instances.len(), 4);
    assert_eq!(r.service_instances[0].service_type, v10::ServiceType::Inbox);
    assert_eq!(
        r.service_instances[3].inbox_accepted_content[0].as_str(),
        "urn:stix.mitre.org:xml:1.0"
    );
}

/// Figures 8 and 9: SUBSCRIBE with push delivery becomes Push_Parameters (D1-DIF-12).
#[test]
fn fig08_fig09_subscription_to_v10() {
    let mut c = ctx();
    let v10::Message::ManageFeedSubscriptionRequest(req) =
        figure("fig08_subscription_management_request.xml")
            .into_v10(&mut c)
            .unwrap()
    else {
        panic!()
    };
    assert_eq!(req.action, v10::SubscriptionAction::Subscribe);
    let p = req.push_parameters.as_ref().unwrap();
    assert_eq!(
        p.protocol_binding.as_str(),
        "urn:taxii.mitre.org:protocol:https:1.0"
    );
    assert_eq!(p.address, "https://www.customer.com/taxii/inbox");
    assert_eq!(p.content_bindings[0].as_str(), "urn:stix.mitre.org:xml:1.0");
    let v10::Message::ManageFeedSubscriptionResponse(resp) =
        figure("fig09_subscription_management_response.xml")
            .into_v10(&mut c)
            .unwrap()
    else {
        panic!()
    };
    // The same Draft 1 GUID maps to the same 1.0 id: the exchange still lines up.
    assert_eq!(resp.in_response_to, req.message_id);
    assert!(taxii_messages::v10::is_valid_message_id(
        resp.message_id.as_str()
    ));
    assert_eq!(
        resp.subscriptions[0].subscription_id.as_str(),
        "customer.com-JGK8H84BF"
    );
    check_v10(&req.into());
    check_v10(&resp.into());
}

/// Figures 11 and 12: inclusive Draft begin becomes an exclusive 1.0 begin; the Poll
/// Response needs the feed name from the context.
#[test]
fn fig11_fig12_poll_to_v10() {
    let mut c = ctx();
    let v10::Message::PollRequest(req) = figure("fig11_poll_request.xml").into_v10(&mut c).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        req.exclusive_begin_timestamp.unwrap().to_string(),
        "2012-11-06T23:59:59.999999Z"
    );
    assert_eq!(
        req.subscription_id.as_ref().unwrap().as_str(),
        "customer.com-JGK8H84BF"
    );
    let e = figure("fig12_poll_response.xml")
        .into_v10(&mut c)
        .unwrap_err();
    assert_eq!(e.field(), "feed_name");
    c.feed_name = Some(req.feed_name.clone());
    let v10::Message::PollResponse(resp) =
        figure("fig12_poll_response.xml").into_v10(&mut c).unwrap()
    else {
        panic!()
    };
    assert_eq!(resp.in_response_to, req.message_id);
    assert_eq!(
        resp.inclusive_end_timestamp.to_string(),
        "2012-11-12T14:43:34Z"
    );
    assert_eq!(resp.content_blocks.len(), 1);
    assert_eq!(
        resp.content_blocks[0].content_binding.as_str(),
        "urn:stix.mitre.org:xml:1.0"
    );
    check_v10(&req.into());
    check_v10(&resp.into());
}

/// What 1.0 cannot say is reported by field: POLL delivery without an address (Figure 7),
/// a subscription id on a push (Figures 10, 17), Draft-only actions and error types.
#[test]
fn draft1_fields_without_counterpart() {
    let mut c = ctx();
    let e = figure("fig07_feed_information_response.xml")
        .into_v10(&mut c)
        .unwrap_err();
    assert_eq!(e.field(), "feed/delivery-method");
    assert!(e.to_string().contains("POLL"), "{e}");
    for name in ["fig10_stix_message.xml", "fig17_stix_message.xml"] {
        let e = figure(name).into_v10(&mut c).unwrap_err();
        assert!(
            e.field().starts_with("subscription-id") || e.field() == "extended-headers",
            "{name}: {e}"
        );
    }
    let mut s = draft1::SubscriptionManagementRequest::new(
        draft1::Header::new("x"),
        "Gold",
        draft1::Action::Pause,
    );
    s.subscription_id = Some("s".into());
    assert_eq!(
        draft1::Message::from(s)
            .into_v10(&mut c)
            .unwrap_err()
            .field(),
        "action"
    );
    let e = draft1::Message::from(draft1::ErrorMessage::new(
        draft1::Header::response("y", "x"),
        "UNRECOGNIZED-VALUE",
    ))
    .into_v10(&mut c)
    .unwrap_err();
    assert_eq!(e.field(), "@error-type");
    let a = draft1::SubscriptionAlert::new(
        draft1::Header::new("a"),
        "Gold",
        draft1::Action::Unsubscribe,
        "2012-11-20T00:00:00Z",
        "s",
    );
    assert_eq!(
        draft1::Message::from(a)
            .into_v10(&mut c)
            .unwrap_err()
            .field(),
        "TAXII_SubscriptionAlert"
    );
    // A Draft response without in-response-to cannot be a 1.0 response (D1-DIF-6).
    let e = draft1::Message::from(draft1::ErrorMessage::new(
        draft1::Header::new("z"),
        "FAILURE",
    ))
    .into_v10(&mut c)
    .unwrap_err();
    assert_eq!(e.field(), "@in-response-to");
    // PENDING with a retry time is final 1.0's RETRY; UNSUPPORTED-* lists get URNs.
    let mut p = draft1::ErrorMessage::new(draft1::Header::response("p", "x"), "PENDING");
    p.error_detail = Some("2012-11-16T00:00:00Z".into());
    let v10::Message::StatusMessage(s) = draft1::Message::from(p).into_v10(&mut c).unwrap() else {
        panic!()
    };
    assert_eq!(s.status_type, taxii_messages::StatusType::Retry);
    assert!(s.retry_after().is_some());
    let mut u =
        draft1::ErrorMessage::new(draft1::Header::response("u", "x"), "UNSUPPORTED-PROTOCOL");
    u.error_detail = Some("TAXII_HTTP_BINDING_1.0 TAXII_HTTPS_BINDING_1.0".into());
    let v10::Message::StatusMessage(s) = draft1::Message::from(u).into_v10(&mut c).unwrap() else {
        panic!()
    };
    assert_eq!(
        s.supported_ids(),
        [
            "urn:taxii.mitre.org:protocol:http:1.0",
            "urn:taxii.mitre.org:protocol:https:1.0"
        ]
    );
}

/// D1-DIF-7 and Figure 7: what does have a 1.0 form converts once the rest is gone.
#[test]
fn blank_extended_headers_and_push_only_feeds_convert() {
    let mut c = ctx();
    let draft1::Message::DiscoveryResponse(mut r) = figure("fig05_discovery_response.xml") else {
        panic!()
    };
    r.header.extended_headers = Some(taxii_messages::RawXml::from_text(" \n "));
    let blank = draft1::Message::from(r.clone()).into_v10(&mut c);
    assert!(blank.is_ok(), "{blank:?}");
    r.header.extended_headers = Some(taxii_messages::RawXml::new("<a/>", vec![]).unwrap());
    let e = draft1::Message::from(r).into_v10(&mut c).unwrap_err();
    assert_eq!(e.field(), "extended-headers");

    let draft1::Message::FeedInformationResponse(mut r) =
        figure("fig07_feed_information_response.xml")
    else {
        panic!()
    };
    for f in &mut r.feeds {
        f.delivery_methods.retain(|d| d != draft1::POLL_DELIVERY);
    }
    let v10::Message::FeedInformationResponse(out) =
        draft1::Message::from(r).into_v10(&mut c).unwrap()
    else {
        panic!()
    };
    assert_eq!(out.feeds[2].push_methods.len(), 1, "Silver's HTTP push");
}
