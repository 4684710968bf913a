//! Known-answer tests: one hand-written TAXII 1.0 document per message type with every
//! optional field, decoded, compared with the expected value, encoded and decoded again
//! (checklist §5.1-§5.6).

use taxii_messages::v10::*;
use taxii_messages::{
    decode, ExtendedHeader, Message, MessageId, RawXml, StatusType, Timestamp, Uri,
};

const NS: &str = r#"xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1""#;
const EH: &str = r#"<taxii:Extended_Headers><taxii:Extended_Header name="urn:example.com:hdr">v</taxii:Extended_Header></taxii:Extended_Headers>"#;
const SIG: &str = r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>"#;
const HTTP: &str = "urn:taxii.mitre.org:protocol:http:1.0";
const STIX: &str = "urn:stix.mitre.org:xml:1.1.1";

fn id(s: &str) -> MessageId {
    MessageId::new(s).unwrap()
}
fn uri(s: &str) -> Uri {
    Uri::new(s).unwrap()
}
fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}
fn eh() -> Vec<ExtendedHeader> {
    vec![ExtendedHeader::text(uri("urn:example.com:hdr"), "v")]
}
fn contact(addr: &str) -> ServiceContact {
    ServiceContact::new(uri(HTTP), addr, uri(MESSAGE_BINDING))
}

/// Decodes `xml`, compares with `expected`, checks the signature survived, and round-trips.
fn kat(xml: &str, expected: Message) -> Message {
    let got = decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let sig_kept = got
        .to_xml()
        .contains("<ds:SignatureValue>AA==</ds:SignatureValue>");
    assert_eq!(sig_kept, xml.contains("ds:Signature>"), "signature kept");
    let mut stripped = got.clone();
    strip_signature(&mut stripped);
    assert_eq!(stripped, expected);
    let again = decode(got.to_xml().as_bytes()).unwrap();
    assert_eq!(again, got);
    got
}

fn strip_signature(m: &mut Message) {
    let Message::V10(m) = m else {
        panic!("not 1.0")
    };
    match m {
        taxii_messages::v10::Message::StatusMessage(x) => x.signature = None,
        taxii_messages::v10::Message::DiscoveryRequest(x) => x.signature = None,
        taxii_messages::v10::Message::DiscoveryResponse(x) => x.signature = None,
        taxii_messages::v10::Message::FeedInformationRequest(x) => x.signature = None,
        taxii_messages::v10::Message::FeedInformationResponse(x) => x.signature = None,
        taxii_messages::v10::Message::ManageFeedSubscriptionRequest(x) => x.signature = None,
        taxii_messages::v10::Message::ManageFeedSubscriptionResponse(x) => x.signature = None,
        taxii_messages::v10::Message::PollRequest(x) => x.signature = None,
        taxii_messages::v10::Message::PollResponse(x) => x.signature = None,
        taxii_messages::v10::Message::InboxMessage(x) => {
            x.signature = None;
            for b in &mut x.content_blocks {
                b.signatures.clear();
            }
        }
    }
}

fn v10m(m: impl Into<taxii_messages::v10::Message>) -> Message {
    Message::V10(m.into())
}

/// SM10-1..SM10-6, ST10-6.
#[test]
fn status_message_sm10() {
    let xml = format!(
        r#"<taxii:Status_Message {NS} message_id="1" in_response_to="0" status_type="RETRY">{EH}<taxii:Status_Detail>2014-12-19T00:00:00Z</taxii:Status_Detail><taxii:Message>busy</taxii:Message>{SIG}</taxii:Status_Message>"#
    );
    let mut s = StatusMessage::new(id("1"), id("0"), StatusType::Retry);
    s.extended_headers = eh();
    s.status_detail = Some("2014-12-19T00:00:00Z".into());
    s.message = Some("busy".into());
    let got = kat(&xml, v10m(s));
    let Message::V10(taxii_messages::v10::Message::StatusMessage(s)) = got else {
        panic!()
    };
    assert_eq!(s.retry_after(), Some(ts("2014-12-19T00:00:00Z")));
    assert!(s.supported_ids().is_empty());
}

/// ST10-9: UNSUPPORTED_MESSAGE lists supported ids space-separated.
#[test]
fn status_unsupported_lists_st10_9() {
    let xml = format!(
        r#"<taxii:Status_Message {NS} message_id="2" in_response_to="1" status_type="UNSUPPORTED_MESSAGE"><taxii:Status_Detail>urn:taxii.mitre.org:message:xml:1.0  urn:taxii.mitre.org:message:xml:1.1</taxii:Status_Detail></taxii:Status_Message>"#
    );
    let Message::V10(taxii_messages::v10::Message::StatusMessage(s)) =
        decode(xml.as_bytes()).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        s.supported_ids(),
        [
            "urn:taxii.mitre.org:message:xml:1.0",
            "urn:taxii.mitre.org:message:xml:1.1"
        ]
    );
    assert_eq!(s.retry_after(), None);
}

/// Every one of the 11 status types (§5.7) and a third-party one round-trip.
#[test]
fn all_eleven_status_types_st10() {
    assert_eq!(STATUS_TYPES.len(), 11);
    let third = StatusType::parse("urn:example.com:status:OVERLOADED");
    for t in STATUS_TYPES.iter().chain([&third]) {
        let xml = format!(
            r#"<taxii:Status_Message {NS} message_id="3" in_response_to="2" status_type="{t}"/>"#
        );
        let m = kat(&xml, v10m(StatusMessage::new(id("3"), id("2"), t.clone())));
        assert_eq!(m.root_element(), "Status_Message");
    }
}

/// DRq10-1, DRs10-1..DRs10-10.
#[test]
fn discovery_drs10() {
    let xml = format!(
        r#"<taxii:Discovery_Request {NS} message_id="10">{EH}{SIG}</taxii:Discovery_Request>"#
    );
    let mut r = DiscoveryRequest::new(id("10"));
    r.extended_headers = eh();
    kat(&xml, v10m(r));

    let xml = format!(
        r#"<taxii:Discovery_Response {NS} message_id="11" in_response_to="10">{EH}
  <taxii:Service_Instance service_type="INBOX" service_version="urn:taxii.mitre.org:services:1.0" available="false">
    <taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding>
    <taxii:Address>/inbox/</taxii:Address>
    <taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding>
    <taxii:Content_Binding>{STIX}</taxii:Content_Binding>
    <taxii:Content_Binding>urn:stix.mitre.org:xml:1.0</taxii:Content_Binding>
    <taxii:Message>push here</taxii:Message>
  </taxii:Service_Instance>
  <taxii:Service_Instance service_type="FEED_MANAGEMENT" service_version="urn:taxii.mitre.org:services:1.0">
    <taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding>
    <taxii:Address>http://example.com/fm</taxii:Address>
    <taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding>
  </taxii:Service_Instance>{SIG}
</taxii:Discovery_Response>"#
    );
    let mut r = DiscoveryResponse::new(id("11"), id("10"));
    r.extended_headers = eh();
    let mut inbox = ServiceInstance::new(ServiceType::Inbox, contact("/inbox/"));
    inbox.available = Some(false);
    inbox.inbox_accepted_content = vec![uri(STIX), uri("urn:stix.mitre.org:xml:1.0")];
    inbox.message = Some("push here".into());
    r.service_instances = vec![
        inbox,
        ServiceInstance::new(
            ServiceType::FeedManagement,
            contact("http://example.com/fm"),
        ),
    ];
    kat(&xml, v10m(r));
}

/// FIRq10-1, FIRs10-1..FIRs10-11.
#[test]
fn feed_information_firs10() {
    let xml = format!(
        r#"<taxii:Feed_Information_Request {NS} message_id="20">{EH}{SIG}</taxii:Feed_Information_Request>"#
    );
    let mut r = FeedInformationRequest::new(id("20"));
    r.extended_headers = eh();
    kat(&xml, v10m(r));

    let xml = format!(
        r#"<taxii:Feed_Information_Response {NS} message_id="21" in_response_to="20">{EH}
  <taxii:Feed feed_name="urn:example.com:feed:1" available="true">
    <taxii:Description>Indicators</taxii:Description>
    <taxii:Content_Binding>{STIX}</taxii:Content_Binding>
    <taxii:Push_Method><taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding><taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding></taxii:Push_Method>
    <taxii:Polling_Service><taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding><taxii:Address>http://example.com/poll</taxii:Address><taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding></taxii:Polling_Service>
    <taxii:Subscription_Service><taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding><taxii:Address>http://example.com/fm</taxii:Address><taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding></taxii:Subscription_Service>
  </taxii:Feed>
  <taxii:Feed feed_name="push-only">
    <taxii:Description></taxii:Description>
    <taxii:Content_Binding>{STIX}</taxii:Content_Binding>
    <taxii:Push_Method><taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding><taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding></taxii:Push_Method>
  </taxii:Feed>{SIG}
</taxii:Feed_Information_Response>"#
    );
    let mut r = FeedInformationResponse::new(id("21"), id("20"));
    r.extended_headers = eh();
    let mut f = Feed::new(uri("urn:example.com:feed:1"), "Indicators", vec![uri(STIX)]);
    f.available = Some(true);
    f.push_methods = vec![PushMethod::new(uri(HTTP), uri(MESSAGE_BINDING))];
    f.polling_services = vec![contact("http://example.com/poll")];
    f.subscription_services = vec![contact("http://example.com/fm")];
    let mut g = Feed::new(uri("push-only"), "", vec![uri(STIX)]);
    g.push_methods = vec![PushMethod::new(uri(HTTP), uri(MESSAGE_BINDING))];
    r.feeds = vec![f, g];
    kat(&xml, v10m(r));
}

/// MFSRq10-1..MFSRq10-7, MFSRs10-1..MFSRs10-9.
#[test]
fn manage_feed_subscription_mfsr10() {
    let push = format!(
        r#"<taxii:Push_Parameters><taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding><taxii:Address>http://example.com/inbox</taxii:Address><taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding><taxii:Content_Binding>{STIX}</taxii:Content_Binding></taxii:Push_Parameters>"#
    );
    let mut pp = PushParameters::new(uri(HTTP), "http://example.com/inbox", uri(MESSAGE_BINDING));
    pp.content_bindings = vec![uri(STIX)];

    let xml = format!(
        r#"<taxii:Subscription_Management_Request {NS} message_id="30" feed_name="f" action="SUBSCRIBE">{EH}{push}{SIG}</taxii:Subscription_Management_Request>"#
    );
    let mut r =
        ManageFeedSubscriptionRequest::new(id("30"), uri("f"), SubscriptionAction::Subscribe);
    r.extended_headers = eh();
    r.push_parameters = Some(pp.clone());
    kat(&xml, v10m(r));

    let xml = format!(
        r#"<taxii:Subscription_Management_Request {NS} message_id="31" feed_name="f" action="UNSUBSCRIBE" subscription_id="urn:sub:1"/>"#
    );
    let mut r =
        ManageFeedSubscriptionRequest::new(id("31"), uri("f"), SubscriptionAction::Unsubscribe);
    r.subscription_id = Some(uri("urn:sub:1"));
    kat(&xml, v10m(r));

    let xml = format!(
        r#"<taxii:Subscription_Management_Response {NS} message_id="32" in_response_to="31" feed_name="f">{EH}<taxii:Message>two</taxii:Message>
  <taxii:Subscription subscription_id="urn:sub:1">{push}</taxii:Subscription>
  <taxii:Subscription subscription_id="urn:sub:2"><taxii:Poll_Instance><taxii:Protocol_Binding>{HTTP}</taxii:Protocol_Binding><taxii:Address>http://example.com/poll</taxii:Address><taxii:Message_Binding>urn:taxii.mitre.org:message:xml:1.0</taxii:Message_Binding></taxii:Poll_Instance></taxii:Subscription>{SIG}
</taxii:Subscription_Management_Response>"#
    );
    let mut r = ManageFeedSubscriptionResponse::new(id("32"), id("31"), uri("f"));
    r.extended_headers = eh();
    r.message = Some("two".into());
    let mut s1 = SubscriptionInstance::new(uri("urn:sub:1"));
    s1.push_parameters = Some(pp);
    let mut s2 = SubscriptionInstance::new(uri("urn:sub:2"));
    s2.poll_instances = vec![contact("http://example.com/poll")];
    r.subscriptions = vec![s1, s2];
    kat(&xml, v10m(r));
}

/// PRq10-1..PRq10-8, PRs10-1..PRs10-9, CB0.
#[test]
fn poll_prq10_prs10() {
    let xml = format!(
        r#"<taxii:Poll_Request {NS} message_id="40" feed_name="f" subscription_id="urn:sub:1">{EH}<taxii:Exclusive_Begin_Timestamp>2014-01-01T00:00:00Z</taxii:Exclusive_Begin_Timestamp><taxii:Inclusive_End_Timestamp>2014-01-02T00:00:00.5+02:00</taxii:Inclusive_End_Timestamp><taxii:Content_Binding>{STIX}</taxii:Content_Binding>{SIG}</taxii:Poll_Request>"#
    );
    let mut r = PollRequest::new(id("40"), uri("f"));
    r.subscription_id = Some(uri("urn:sub:1"));
    r.extended_headers = eh();
    r.exclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    r.inclusive_end_timestamp = Some(ts("2014-01-02T00:00:00.5+02:00"));
    r.content_bindings = vec![uri(STIX)];
    kat(&xml, v10m(r));

    let xml = format!(
        r#"<taxii:Poll_Response {NS} message_id="41" in_response_to="40" feed_name="f" subscription_id="urn:sub:1">{EH}<taxii:Message>m</taxii:Message><taxii:Inclusive_Begin_Timestamp>2014-01-01T00:00:00Z</taxii:Inclusive_Begin_Timestamp><taxii:Inclusive_End_Timestamp>2014-01-01T00:00:00Z</taxii:Inclusive_End_Timestamp>
  <taxii:Content_Block><taxii:Content_Binding>{STIX}</taxii:Content_Binding><taxii:Content><x:a xmlns:x="urn:x">1 &amp; 2</x:a></taxii:Content><taxii:Timestamp_Label>2014-01-01T00:00:00Z</taxii:Timestamp_Label><taxii:Padding>xxxx</taxii:Padding></taxii:Content_Block>
  <taxii:Content_Block><taxii:Content_Binding>urn:x|urn:y</taxii:Content_Binding><taxii:Content><![CDATA[<not parsed>]]></taxii:Content></taxii:Content_Block>{SIG}
</taxii:Poll_Response>"#
    );
    let mut r = PollResponse::new(id("41"), id("40"), uri("f"), ts("2014-01-01T00:00:00Z"));
    r.subscription_id = Some(uri("urn:sub:1"));
    r.extended_headers = eh();
    r.message = Some("m".into());
    r.inclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    let mut b1 = ContentBlock::new(
        uri(STIX),
        RawXml::new(&br#"<x:a xmlns:x="urn:x">1 &amp; 2</x:a>"#[..], Vec::new())
            .expect("well-formed XML"),
    );
    b1.timestamp_label = Some(ts("2014-01-01T00:00:00Z"));
    b1.padding = Some("xxxx".into());
    let b2 = ContentBlock::new(
        uri("urn:x|urn:y"),
        RawXml::new(&b"<![CDATA[<not parsed>]]>"[..], Vec::new()).expect("well-formed XML"),
    );
    r.content_blocks = vec![b1, b2];
    kat(&xml, v10m(r));
}

/// IM10-1..IM10-10 with a block-level signature (AMB-2).
#[test]
fn inbox_im10() {
    let xml = format!(
        r#"<taxii:Inbox_Message {NS} message_id="50">{EH}<taxii:Message>m</taxii:Message><taxii:Source_Subscription feed_name="f" subscription_id="urn:sub:1"><taxii:Inclusive_Begin_Timestamp>2014-01-01T00:00:00Z</taxii:Inclusive_Begin_Timestamp><taxii:Inclusive_End_Timestamp>2014-01-03T00:00:00Z</taxii:Inclusive_End_Timestamp></taxii:Source_Subscription><taxii:Content_Block><taxii:Content_Binding>{STIX}</taxii:Content_Binding><taxii:Content>text</taxii:Content>{SIG}{SIG}</taxii:Content_Block>{SIG}</taxii:Inbox_Message>"#
    );
    let mut r = InboxMessage::new(id("50"));
    r.extended_headers = eh();
    r.message = Some("m".into());
    let mut s = SourceSubscription::new(uri("f"), uri("urn:sub:1"), ts("2014-01-03T00:00:00Z"));
    s.inclusive_begin_timestamp = Some(ts("2014-01-01T00:00:00Z"));
    r.source_subscription = Some(s);
    r.content_blocks = vec![ContentBlock::new(uri(STIX), RawXml::from_text("text"))];
    let got = kat(&xml, v10m(r));
    let Message::V10(taxii_messages::v10::Message::InboxMessage(m)) = got else {
        panic!()
    };
    assert_eq!(m.content_blocks[0].signatures.len(), 2);
}

/// G10-1: the encoder writes the 1.0 namespace and the schema's element order.
#[test]
fn encoding_uses_the_10_namespace_g10_1() {
    let mut r = PollRequest::new(id("7"), uri("f"));
    r.content_bindings = vec![uri(STIX)];
    r.inclusive_end_timestamp = Some(ts("2014-01-02T00:00:00Z"));
    let xml = v10m(r).to_xml();
    assert!(xml.starts_with(
        r#"<taxii:Poll_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1""#
    ));
    let end = xml.find("Inclusive_End_Timestamp").unwrap();
    let cb = xml.find("Content_Binding").unwrap();
    assert!(end < cb);
}
