//! TAXII 1.0 Draft 1 (checklist §8): every figure of the sample-usage seed decodes, reads
//! as the figure says, and round-trips; malformed Draft 1 input is refused precisely.

use taxii_messages::draft1::{self, *};

use crate::v10::wire::testdata;

fn figure(name: &str) -> Vec<u8> {
    std::fs::read(testdata("draft1").join(name)).unwrap()
}

fn figures_xml() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(testdata("draft1"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The query string of a GET figure's request line.
fn figure_query(name: &str) -> String {
    let text = String::from_utf8(figure(name)).unwrap();
    let line = text.lines().next().unwrap();
    let target = line.split(' ').nth(1).unwrap();
    target.split_once('?').unwrap().1.to_owned()
}

/// §8.5: the nine XML figures decode and round-trip (decode, encode, decode, compare).
#[test]
fn every_xml_figure_roundtrips() {
    let figures = figures_xml();
    assert_eq!(figures.len(), 9);
    for (name, bytes) in figures {
        let m = draft1::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let xml = m.to_xml();
        let again = draft1::decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}\n{xml}"));
        assert_eq!(again, m, "{name}");
        assert_eq!(again.to_xml(), xml, "{name}: encoding is a fixed point");
        assert!(xml.starts_with(&format!(
            "<{} xmlns=\"http://taxii.mitre.org/messages/xml/1\"",
            m.root_element()
        )));
    }
}

/// D1-M-3, Figure 5: service records with wrapped addresses and multi-line messages.
#[test]
fn fig05_discovery_response() {
    let Message::DiscoveryResponse(r) =
        draft1::decode(&figure("fig05_discovery_response.xml")).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        r.header.message_id,
        "984987DE-FEAA-95FF-894C-CBCC432988839023"
    );
    assert_eq!(
        r.header.in_response_to.as_deref(),
        Some("a847 98be ffe8 40ee 3722 c893 288b d375")
    );
    let types: Vec<_> = r.service_instances.iter().map(|s| s.service_type).collect();
    use draft1::ServiceType::*;
    assert_eq!(
        types,
        [Discovery, FeedManagement, Poll, FeedManagement, Poll]
    );
    let pay = &r.service_instances[3];
    assert_eq!(pay.protocol_binding, HTTPS_BINDING);
    assert_eq!(pay.message_bindings, [MESSAGE_BINDING]);
    assert_eq!(pay.service_version, SERVICES_VERSION);
    assert_eq!(
        pay.service_address,
        "https://taxiiserver.company.com/feeds/pay\n        "
    );
    assert!(pay
        .message
        .as_deref()
        .unwrap()
        .contains("http://www.company.com/sales"));
}

/// D1-M-5, Figure 7: delivery methods include the POLL designator (D1-ID-6).
#[test]
fn fig07_feed_information_response() {
    let Message::FeedInformationResponse(r) =
        draft1::decode(&figure("fig07_feed_information_response.xml")).unwrap()
    else {
        panic!()
    };
    let names: Vec<_> = r.feeds.iter().map(|f| f.feed_name.as_str()).collect();
    assert_eq!(names, ["Platinum", "Gold", "Silver"]);
    assert_eq!(r.feeds[0].delivery_methods, [HTTP_BINDING, POLL_DELIVERY]);
    assert_eq!(r.feeds[2].delivery_methods, [HTTP_BINDING]);
    assert_eq!(r.feeds[1].content_bindings, ["STIX_XML_1.0"]);
    assert_eq!(
        r.header.in_response_to.as_deref(),
        Some("a847 98be ffe8 40ee 3722 c893 288b de376")
    );
}

/// D1-M-6, D1-M-7, Figures 8 and 9: the subscription record without `<protect>` (§8.5).
#[test]
fn fig08_fig09_subscription() {
    let Message::SubscriptionManagementRequest(r) =
        draft1::decode(&figure("fig08_subscription_management_request.xml")).unwrap()
    else {
        panic!()
    };
    assert_eq!(r.feed_name, "Gold");
    assert_eq!(r.action, Action::Subscribe);
    let s = r.subscription.unwrap();
    assert_eq!(s.protect, None);
    assert_eq!(s.delivery_method, HTTPS_BINDING);
    assert_eq!(s.send_to, "https://www.customer.com/taxii/inbox");
    let Message::SubscriptionManagementResponse(r) =
        draft1::decode(&figure("fig09_subscription_management_response.xml")).unwrap()
    else {
        panic!()
    };
    assert_eq!(r.subscriptions.len(), 1);
    assert_eq!(r.subscriptions[0].subscription_id, "customer.com-JGK8H84BF");
    assert!(r
        .message
        .unwrap()
        .starts_with("Thank you for your business."));
}

/// D1-M-9..D1-M-11, Figures 10, 11, 12, 17.
#[test]
fn fig10_fig11_fig12_fig17_poll_and_push() {
    let Message::PollRequest(p) = draft1::decode(&figure("fig11_poll_request.xml")).unwrap() else {
        panic!()
    };
    assert_eq!(p.begin_timestamp.as_deref(), Some("2012-11-07T00:00:00Z"));
    assert_eq!(p.end_timestamp, None);
    assert_eq!(
        p.selection,
        PollSelection::SubscriptionId("customer.com-JGK8H84BF".into())
    );
    let Message::PollResponse(r) = draft1::decode(&figure("fig12_poll_response.xml")).unwrap()
    else {
        panic!()
    };
    assert_eq!(r.end_timestamp, "2012-11-12T14:43:34Z");
    assert_eq!(r.content_binding, "STIX_XML_1.0");
    assert_eq!(r.stix.len(), 1);
    assert_eq!(
        r.stix[0].as_str(),
        r#"<STIX xmlns="http://stix.mitre.org"/>"#
    );
    assert_eq!(r.header.in_response_to, Some(p.header.message_id));
    let Message::StixMessage(s) = draft1::decode(&figure("fig10_stix_message.xml")).unwrap() else {
        panic!()
    };
    assert_eq!(s.subscription_id.as_deref(), Some("customer.com-JGK8H84BF"));
    assert!(s.header.extended_headers.is_none());
    let Message::StixMessage(s) = draft1::decode(&figure("fig17_stix_message.xml")).unwrap() else {
        panic!()
    };
    let eh = s.header.extended_headers.unwrap();
    assert!(
        eh.as_str().contains("<share:source>Peer B</share:source>"),
        "{}",
        eh.as_str()
    );
    assert!(eh
        .namespaces()
        .iter()
        .any(|b| b.prefix == "share" && b.uri == "http://sharinggroupcoordinator.com/ext-hdr"));
}

/// §8.4, Figures 4, 6, 15: requests carried as GET query parameters.
#[test]
fn fig04_fig06_fig15_get_requests() {
    for (file, id, path_type) in [
        (
            "fig04_discovery_request.http",
            "a847 98be ffe8 40ee 3722 c893 288b d375",
            "discovery",
        ),
        // D1-H-1: labelled a Feed Information Request, sent as discovery_request.
        (
            "fig06_feed_information_request.http",
            "a847 98be ffe8 40ee 3722 c893 288b d376",
            "discovery",
        ),
        (
            "fig15_discovery_request.http",
            "a84798beffe840ee3722c893288bd375",
            "discovery",
        ),
    ] {
        let (m, extra) = request_from_query(&figure_query(file)).unwrap();
        assert!(extra.is_empty(), "{file}");
        assert_eq!(m.header().message_id, id, "{file}");
        assert_eq!(path_type, "discovery");
        assert!(matches!(m, Message::DiscoveryRequest(_)), "{file}");
        // As a Draft 1 XML message it round-trips too, and the query is re-created.
        let again = draft1::decode(m.to_xml().as_bytes()).unwrap();
        assert_eq!(again, m, "{file}");
        let q = request_to_query(&m).unwrap();
        assert_eq!(request_from_query(&q).unwrap().0, m, "{file}");
    }
    let (m, extra) = request_from_query(
        "MESSAGE_TYPE=x&message_type=Feed_Information_Request&message_id=7&label=Green",
    )
    .unwrap();
    assert!(matches!(m, Message::FeedInformationRequest(_)));
    // Written back: its type, and the id percent-encoded but for unreserved characters.
    let mut f = FeedInformationRequest::new(Header::new("a-b_c.d~e f/7"));
    f.header.message_id = "a-b_c.d~e f/7".into();
    assert_eq!(
        request_to_query(&f.into()).as_deref(),
        Some("message_type=feed_information_request&message_id=a-b_c.d~e%20f%2F7")
    );
    assert_eq!(
        extra,
        [
            ("MESSAGE_TYPE".to_owned(), "x".to_owned()),
            ("label".to_owned(), "Green".to_owned())
        ]
    );
    assert_eq!(
        request_from_query("message_type=poll_request&message_id=1").unwrap_err(),
        QueryError::UnknownMessageType("poll_request".into())
    );
    assert_eq!(
        request_from_query("message_type=discovery_request").unwrap_err(),
        QueryError::Missing("message_id")
    );
    assert!(matches!(
        request_from_query("message_type=discovery_request&message_id=%zz").unwrap_err(),
        QueryError::BadEncoding(_)
    ));
}

/// Every message type encodes and decodes, including the ones the seed does not show.
/// A subscription alert with every optional field set.
fn sample_alert() -> SubscriptionAlert {
    let mut alert = SubscriptionAlert::new(
        Header::new("7"),
        "Gold",
        Action::Pause,
        "2012-11-20T00:00:00Z",
        "customer.com-JGK8H84BF",
    );
    alert.error_type = Some("DENIED".into());
    alert.subscription = Some(SubscriptionRecord::new(
        HTTPS_BINDING,
        MESSAGE_BINDING,
        "STIX_XML_1.0",
        "https://www.customer.com/taxii/inbox",
    ));
    alert.message = Some("payment overdue".into());
    alert
}

/// An error message with its detail and message set.
fn sample_error() -> ErrorMessage {
    let mut err = ErrorMessage::new(Header::response("1", "0"), "UNSUPPORTED-CONTENT");
    err.error_detail = Some("STIX_XML_1.0 STIX_XML_1.1".into());
    err.message = Some("m".into());
    err
}

#[test]
fn constructed_messages_roundtrip() {
    let err = sample_error();
    let mut sub = SubscriptionManagementRequest::new(Header::new("2"), "Gold", Action::Modify);
    sub.subscription_id = Some("s-1".into());
    let mut rec = SubscriptionRecord::new(POLL_DELIVERY, MESSAGE_BINDING, "STIX_XML_1.0", "");
    rec.protect = Some(true);
    sub.subscription = Some(rec);
    let mut poll = PollRequest::new(
        Header::new("3"),
        "Gold",
        PollSelection::ContentBinding("STIX_XML_1.0".into()),
    );
    poll.begin_timestamp = Some("2012-11-07T00:00:00".into()); // zone optional (D1-DIF-16)
    poll.end_timestamp = Some("2012-11-08T00:00:00.5-05:00".into());
    let mut feeds = FeedInformationResponse::new(Header::response("4", "3"));
    let mut f = FeedRecord::new("Silver", "digest", HTTP_BINDING, "STIX_XML_1.0");
    f.available = Some(false);
    feeds.feeds.push(f);
    let mut disc = DiscoveryResponse::new(Header::response("5", "4"));
    let mut s = ServiceRecord::new(draft1::ServiceType::Inbox, HTTP_BINDING, "http://x/");
    s.content_bindings = vec!["STIX_XML_1.0".into()];
    s.available = Some(true);
    disc.service_instances.push(s);
    let alert = sample_alert();
    let alert_xml = Message::from(alert.clone()).to_xml();
    assert!(alert_xml.contains(
        r#"<action effective-time="2012-11-20T00:00:00Z" error-type="DENIED">PAUSE</action>"#
    ));
    for m in [
        alert.into(),
        Message::from(err),
        sub.into(),
        poll.into(),
        feeds.into(),
        disc.into(),
        FeedInformationRequest::new(Header::new("6")).into(),
    ] {
        let again =
            draft1::decode(m.to_xml().as_bytes()).unwrap_or_else(|e| panic!("{e}\n{}", m.to_xml()));
        assert_eq!(again, m);
    }
}

/// Draft 1 input that must be refused, each with a precise error.
#[test]
fn draft1_errors() {
    let ns = r#"xmlns="http://taxii.mitre.org/messages/xml/1""#;
    let err = |xml: String| draft1::decode(xml.as_bytes()).expect_err(&xml);
    // D1-M-9: exactly one of subscription-id / content-binding.
    let e = err(format!(
        r#"<TAXII_PollRequest {ns} message-id="1"><feed-name>f</feed-name></TAXII_PollRequest>"#
    ));
    assert_eq!(e.rule(), Some("D1-M-9"));
    // D1-M-11: a STIX message carries at least one STIX document.
    let e = err(format!(
        r#"<TAXII_STIXMessage {ns} message-id="1"><content-binding>STIX_XML_1.0</content-binding></TAXII_STIXMessage>"#
    ));
    assert_eq!(e.rule(), Some("D1-M-11"));
    // D1-DIF-9: final 1.0's FEED_MANAGEMENT is not the Draft's FEED-MANAGEMENT.
    let e = err(format!(
        r#"<TAXII_DiscoveryResponse {ns} message-id="1"><service-instance service-type="FEED_MANAGEMENT" service-version="TAXII_1.0"><protocol-binding>p</protocol-binding><message-binding>m</message-binding><service-address>a</service-address></service-instance></TAXII_DiscoveryResponse>"#
    ));
    assert_eq!(e.rule(), Some("D1-DIF-9"));
    // Unknown action, bad timestamp, missing message-id.
    let e = err(format!(
        r#"<TAXII_SubscriptionManagementRequest {ns} message-id="1"><feed-name>f</feed-name><action>DELETE</action></TAXII_SubscriptionManagementRequest>"#
    ));
    assert!(e.to_string().contains("DELETE"), "{e}");
    let e = err(format!(
        r#"<TAXII_PollResponse {ns} message-id="1"><end-timestamp>yesterday</end-timestamp><content-binding>c</content-binding></TAXII_PollResponse>"#
    ));
    assert!(e.to_string().contains("end-timestamp"), "{e}");
    let e = err(format!(
        r#"<TAXII_SubscriptionAlert {ns} message-id="1"><feed-name>f</feed-name><action effective-time="soon">PAUSE</action><subscription-id>s</subscription-id></TAXII_SubscriptionAlert>"#
    ));
    assert!(e.to_string().contains("effective-time"), "{e}");
    let e = err(format!(r#"<TAXII_DiscoveryRequest {ns}/>"#));
    assert!(e.to_string().contains("message-id"), "{e}");
    // A final-1.0 message is not Draft 1, and the version decoder points to draft1::decode.
    let e = err(r#"<taxii:Discovery_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="1"/>"#.into());
    assert!(e.to_string().contains("Discovery_Request"), "{e}");
    let e = taxii_messages::decode(&figure("fig11_poll_request.xml")).unwrap_err();
    assert_eq!(e.rule(), Some("NS-5"));
    assert!(e.to_string().contains("draft1::decode"), "{e}");
}

/// Character data and attribute values of `xml` (namespace declarations aside), with
/// whitespace collapsed and the predefined entities resolved.
fn values_of(xml: &str) -> Vec<String> {
    let tidy = |s: &str| {
        let s = s
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"");
        s.replace("&apos;", "'")
            .replace("&amp;", "&")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = Vec::new();
    for piece in xml.split('<').skip(1) {
        let Some((tag, text)) = piece.split_once('>') else {
            continue;
        };
        out.push(tidy(text));
        let mut rest = tag;
        while let Some(eq) = rest.find("=\"") {
            let name = rest[..eq].rsplit(char::is_whitespace).next().unwrap_or("");
            let after = &rest[eq + 2..];
            let end = after.find('"').unwrap_or(after.len());
            if !name.starts_with("xmlns") {
                out.push(tidy(&after[..end]));
            }
            rest = &after[(end + 1).min(after.len())..];
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

/// The text form shows every value a message carries (D1-M-*).
#[test]
fn text_forms_show_every_value() {
    let alert = sample_alert();
    let err = sample_error();
    let mut messages: Vec<Message> = vec![alert.into(), err.into()];
    for (_, xml) in figures_xml() {
        messages.push(draft1::decode(&xml).unwrap());
    }
    for m in messages {
        let xml = m.to_xml();
        let text = m
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let values = values_of(&xml);
        assert!(values.len() >= 3, "{xml}");
        for v in values {
            assert!(text.contains(&v), "{v:?} missing from\n{m}");
        }
    }
}

/// A payload keeps the bindings it relies on and drops the root's others, so it does not
/// gain declarations each time it is written again.
#[test]
fn stix_payloads_keep_only_the_bindings_they_use() {
    let fig12 = String::from_utf8(figure("fig12_poll_response.xml")).unwrap();
    let bindings = |xml: &str| {
        let Message::PollResponse(r) = draft1::decode(xml.as_bytes()).unwrap() else {
            panic!()
        };
        let mut b: Vec<(String, String)> = (r.stix[0].namespaces().iter())
            .map(|b| (b.prefix.clone(), b.uri.clone()))
            .collect();
        b.sort();
        b
    };
    // The figure's payload declares its own default namespace: it needs none of the root's.
    assert_eq!(bindings(&fig12), []);
    let xml = fig12
        .replace(
            "<TAXII_PollResponse xmlns=\"http://taxii.mitre.org/messages/xml/1\"",
            "<TAXII_PollResponse xmlns=\"http://taxii.mitre.org/messages/xml/1\" \
             xmlns:s=\"http://stix.mitre.org\" xmlns:unused=\"urn:u\"",
        )
        .replace(
            "<STIX xmlns=\"http://stix.mitre.org\"/>",
            "<s:STIX><plain/></s:STIX>",
        );
    let want = [
        (
            String::new(),
            "http://taxii.mitre.org/messages/xml/1".to_owned(),
        ),
        ("s".to_owned(), "http://stix.mitre.org".to_owned()),
    ];
    assert_eq!(bindings(&xml), want);
}
