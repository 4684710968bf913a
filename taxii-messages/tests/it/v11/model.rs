//! The model's helpers: readable text form, injectable id generation, exact timestamps.

use taxii_messages::{
    decode, Message, MessageId, MessageIdGenerator, SequentialGenerator, Timestamp, UuidGenerator,
};

use crate::support::files::{files, read, testdata};

#[test]
fn every_message_has_a_readable_text_form() {
    for dir in ["seed-samples", "wire/bodies", "samples"] {
        for p in files(dir, ".xml") {
            let Ok(m) = decode(&read(&p)) else { continue };
            if !matches!(m, Message::V11(_)) {
                continue;
            }
            let text = m.to_string();
            assert!(
                text.starts_with("TAXII 1.1\nMessage Type: "),
                "{}: {text}",
                p.display()
            );
            assert!(
                text.contains(&format!("Message ID: {}\n", m.message_id())),
                "{text}"
            );
        }
    }
}

#[test]
fn text_form_shows_fields_and_nesting() {
    let m = decode(&read(
        &testdata().join("wire/bodies/007_taxii11_push_no_dest_response.xml"),
    ))
    .unwrap();
    let text = m.to_string();
    assert!(
        text.contains("Status Type: DESTINATION_COLLECTION_ERROR\n"),
        "{text}"
    );
    assert!(
        text.contains("Status Detail ACCEPTABLE_DESTINATION: collection-a\n"),
        "{text}"
    );
    let m = decode(&read(
        &testdata().join("wire/bodies/032_libtaxii11_query_client_request.xml"),
    ))
    .unwrap();
    let text = m.to_string();
    assert!(text.contains("\n  Default Query: \n"), "{text}");
    assert!(text.contains("Criterion: **/@id equals ["), "{text}");
    let m = decode(&read(
        &testdata().join("samples/taxii11_poll_response_100blocks.xml"),
    ))
    .unwrap();
    let text = m.to_string();
    assert!(
        text.contains("\nContent Block 100: \n  Content Binding: "),
        "long content is shortened; blocks are siblings, their fields nested"
    );
    assert!(text.len() < 100 * 1000, "{}", text.len());
}

#[test]
fn id_generation_is_injectable() {
    let mut seq = SequentialGenerator::starting_at(7);
    assert_eq!(
        (
            seq.next_id().as_str().to_owned(),
            seq.next_id().as_str().to_owned()
        ),
        ("7".into(), "8".into())
    );
    let mut uuids = UuidGenerator;
    let (a, b) = (uuids.next_id(), uuids.next_id());
    assert_ne!(a, b);
    assert_eq!(a.as_str().len(), 36);
    let mut n = 0;
    let mut fixed = || {
        n += 1;
        MessageId::new(format!("test-{n}")).unwrap()
    };
    assert_eq!(fixed.next_id(), "test-1");
    assert!(
        MessageId::new(" spaced id ").is_err(),
        "G11-5: ids are URIs without spaces"
    );
    assert_eq!(
        MessageId::new(" 42\n").unwrap(),
        "42",
        "surrounding whitespace collapsed"
    );
}

#[test]
fn timestamps_keep_offset_and_precision_ts() {
    for text in [
        "2014-12-19T00:00:00Z",
        "2014-12-19T00:00:00.1+05:30",
        "2014-12-19T23:59:59.123456-08:00",
        "2014-12-19T00:00:00+00:00",
    ] {
        assert_eq!(Timestamp::parse(text).unwrap().to_string(), text);
    }
    assert!(
        Timestamp::parse("2014-12-19T00:00:00").is_err(),
        "TS-2: zone required"
    );
    assert!(
        Timestamp::parse("2014-12-19T00:00:00.1234567Z").is_err(),
        "TS-3: at most 6 digits"
    );
    let a = Timestamp::parse("2014-12-19T01:00:00+01:00").unwrap();
    let b = Timestamp::parse("2014-12-19T00:00:00Z").unwrap();
    assert!(a.cmp_instant(&b).is_eq());
    assert_ne!(a, b, "the written offset is part of the value");
}

#[test]
fn message_enum_is_the_version_wrapper() {
    let m = decode(br#"<Discovery_Request xmlns="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="5"/>"#).unwrap();
    assert!(matches!(m, Message::V11(_)));
    assert_eq!(m.root_element(), "Discovery_Request");
}

#[test]
fn context_rules_c11_5_and_c11_8() {
    use taxii_messages::v11::{CollectionType, Message as M, SubscriptionAction};
    let Message::V11(M::PollResponse(r)) = decode(&read(
        &testdata().join("samples/taxii11_poll_response_1block.xml"),
    ))
    .unwrap() else {
        panic!()
    };
    let feed = r.check_for_collection(CollectionType::DataFeed);
    let set = r.check_for_collection(CollectionType::DataSet);
    assert_eq!(r.inclusive_end_timestamp.is_some(), feed.is_ok());
    assert_eq!(set.unwrap_err().rule, "C11-5");
    let Message::V11(M::ManageCollectionSubscriptionResponse(s)) = decode(&read(
        &testdata().join("wire/bodies/021_taxii11_subscribe_response.xml"),
    ))
    .unwrap() else {
        panic!()
    };
    assert!(s.check_for_action(SubscriptionAction::Subscribe).is_ok());
    let mut two = s.clone();
    two.subscriptions.push(s.subscriptions[0].clone());
    let e = two.check_for_action(SubscriptionAction::Pause).unwrap_err();
    assert_eq!(e.rule, "C11-8");
    assert!(
        e.to_string().contains("exactly one Subscription, not 2"),
        "{e}"
    );
}

#[test]
fn raw_xml_compares_the_bindings_an_encoder_does_not_supply() {
    use taxii_messages::{NamespaceBinding, RawXml};
    const TAXII_11: &str = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";
    let raw = |bindings: &[(&str, &str)]| {
        let ns = bindings
            .iter()
            .map(|(p, u)| NamespaceBinding::new(*p, *u))
            .collect();
        RawXml::new("<a/>", ns).expect("well-formed")
    };
    let bare = raw(&[]);
    // Supplied by every encoder: libtaxii's root prefixes and a rebound wrapper's `wrap_`.
    assert_eq!(raw(&[("taxii_11", TAXII_11)]), bare);
    assert_eq!(raw(&[("wrap_", TAXII_11)]), bare);
    // Anything else is part of the content.
    for other in [
        ("foo", "urn:x"),
        ("foo", TAXII_11),
        ("wrap_", "urn:x"),
        ("", "urn:x"),
    ] {
        assert_ne!(raw(&[other]), bare, "{other:?}");
    }
    let other = RawXml::new("<b/>", vec![]).expect("well-formed");
    assert_ne!(other, bare, "the markup differs");
}

#[test]
fn raw_xml_prints_its_markup() {
    let raw = taxii_messages::RawXml::new("<a x=\"1\"/>", vec![]).expect("well-formed");
    assert_eq!(raw.to_string(), "<a x=\"1\"/>");
    assert_eq!(
        format!("{raw:?}"),
        r#"RawXml { xml: "<a x=\"1\"/>", namespaces: 0 }"#
    );
}

#[test]
fn error_texts_cut_values_past_64_bytes() {
    let with = |n: &str| {
        format!(
            "<taxii_11:Poll_Fulfillment xmlns:taxii_11=\"http://taxii.mitre.org/messages/taxii_xml_binding-1.1\" \
             message_id=\"1\" collection_name=\"c\" result_id=\"r\" result_part_number=\"{n}\"/>"
        )
    };
    let whole = "x".repeat(64);
    let shown = decode(with(&whole).as_bytes()).unwrap_err().to_string();
    assert!(shown.contains(&format!("`{whole}`")), "{shown}");
    assert!(!shown.contains('…'), "{shown}");
    let long = "x".repeat(65);
    let shown = decode(with(&long).as_bytes()).unwrap_err().to_string();
    assert!(shown.contains(&format!("{whole}…")), "{shown}");
    assert!(!shown.contains(&long), "{shown}");
}

#[test]
fn text_form_of_an_inbox_message_in_full() {
    let xml = r#"<taxii_11:Inbox_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="9">
  <taxii_11:Extended_Headers>
    <taxii_11:Extended_Header name="urn:example:h">on <b xmlns="urn:x">bold</b></taxii_11:Extended_Header>
  </taxii_11:Extended_Headers>
  <taxii_11:Message>hello</taxii_11:Message>
  <taxii_11:Content_Block>
    <taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
    <taxii_11:Content><x:y xmlns:x="urn:y">payload</x:y></taxii_11:Content>
    <taxii_11:Timestamp_Label>2026-01-02T03:04:05.5+05:30</taxii_11:Timestamp_Label>
    <taxii_11:Padding>pad</taxii_11:Padding>
  </taxii_11:Content_Block>
  <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>
</taxii_11:Inbox_Message>"#;
    let text = decode(xml.as_bytes()).unwrap().to_string();
    let want = "TAXII 1.1
Message Type: Inbox_Message
Message ID: 9
Extended Header urn:example:h: on <b xmlns=\"urn:x\">bold</b>
Message: hello
Content Block 1: 
  Content Binding: urn:stix.mitre.org:xml:1.1.1
  Content: <x:y xmlns:x=\"urn:y\">payload</x:y>
  Timestamp Label: 2026-01-02T03:04:05.5+05:30
  Padding: pad
Signature: present (not verified)
";
    assert_eq!(text, want);
}

#[test]
fn a_collection_is_a_data_feed_unless_it_says_otherwise() {
    use taxii_messages::v11::{CollectionInformation, CollectionType};
    let name = taxii_messages::Uri::new("c").unwrap();
    let mut c = CollectionInformation::new(name, "d");
    assert_eq!(c.kind(), CollectionType::DataFeed);
    c.collection_type = Some(CollectionType::DataSet);
    assert_eq!(c.kind(), CollectionType::DataSet);
}

#[test]
fn a_nesting_expression_lists_its_bindings_outer_first() {
    use taxii_messages::{v11::ContentInstanceBinding, Uri};
    let binding = |id: &str| ContentInstanceBinding::new(Uri::new(id).unwrap());
    let nested = binding("urn:zip|urn:stix.mitre.org:xml:1.1.1");
    let ids: Vec<&str> = nested.nesting().collect();
    assert_eq!(ids, ["urn:zip", "urn:stix.mitre.org:xml:1.1.1"]);
    let plain = binding("urn:stix.mitre.org:xml:1.1.1");
    assert_eq!(
        plain.nesting().collect::<Vec<_>>(),
        ["urn:stix.mitre.org:xml:1.1.1"]
    );
}

#[test]
fn c11_5_a_feed_needs_its_end_and_a_set_has_no_range() {
    use taxii_messages::v11::{CollectionType, PollResponse};
    use taxii_messages::Uri;
    let t = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
    let id = |s: &str| MessageId::new(s).unwrap();
    for (begin, end, feed_ok, set_ok) in [
        (None, None, false, true),
        (None, Some(t), true, false),
        (Some(t), None, false, false),
        (Some(t), Some(t), true, false),
    ] {
        let mut r = PollResponse::new(id("2"), id("1"), Uri::new("c").unwrap());
        r.exclusive_begin_timestamp = begin;
        r.inclusive_end_timestamp = end;
        let feed = r.check_for_collection(CollectionType::DataFeed);
        let set = r.check_for_collection(CollectionType::DataSet);
        assert_eq!(
            (feed.is_ok(), set.is_ok()),
            (feed_ok, set_ok),
            "{begin:?} {end:?}"
        );
        for e in [feed.err(), set.err()].into_iter().flatten() {
            assert_eq!(e.rule, "C11-5");
        }
    }
}

#[test]
fn c11_8_one_subscription_unless_status_and_status_gives_parameters() {
    use taxii_messages::v11::{
        ManageCollectionSubscriptionResponse, QueryParameters, SubscriptionAction as A,
        SubscriptionInstance,
    };
    use taxii_messages::Uri;
    let id = |s: &str| MessageId::new(s).unwrap();
    let bare = SubscriptionInstance::new(Uri::new("s1").unwrap());
    let mut full = bare.clone();
    full.subscription_parameters = Some(QueryParameters::default());
    let response = |subs: Vec<SubscriptionInstance>| {
        let mut r =
            ManageCollectionSubscriptionResponse::new(id("2"), id("1"), Uri::new("c").unwrap());
        r.subscriptions = subs;
        r
    };
    let cases = [
        (A::Subscribe, vec![], false),
        (A::Subscribe, vec![bare.clone()], true),
        (A::Unsubscribe, vec![bare.clone(), bare.clone()], false),
        (A::Status, vec![], true),
        (A::Status, vec![full.clone(), full.clone()], true),
        (A::Status, vec![full.clone(), bare.clone()], false),
    ];
    for (action, subs, ok) in cases {
        let n = subs.len();
        let checked = response(subs).check_for_action(action);
        assert_eq!(checked.is_ok(), ok, "{action:?} with {n}");
        if let Err(e) = checked {
            assert_eq!(e.rule, "C11-8");
        }
    }
}

#[test]
fn absent_flags_read_as_false_and_part_one() {
    use taxii_messages::v11::{PollParameters, PollResponse};
    use taxii_messages::Uri;
    let id = |s: &str| MessageId::new(s).unwrap();
    let mut r = PollResponse::new(id("2"), id("1"), Uri::new("c").unwrap());
    let mut p = PollParameters::default();
    assert!(!r.has_more() && !p.allows_asynch());
    assert_eq!(r.part_number(), 1);
    for flag in [false, true] {
        r.more = Some(flag);
        p.allow_asynch = Some(flag);
        assert_eq!((r.has_more(), p.allows_asynch()), (flag, flag));
    }
    r.result_part_number = Some(7);
    assert_eq!(r.part_number(), 7);
}

#[test]
fn subtypes_and_partial_counts_are_in_the_text_form() {
    use taxii_messages::v11::{ContentBinding, PollResponse, RecordCount};
    use taxii_messages::Uri;
    let mut binding = ContentBinding::new(Uri::new("urn:b").unwrap());
    let id = |s: &str| MessageId::new(s).unwrap();
    let mut r = PollResponse::new(id("2"), id("1"), Uri::new("c").unwrap());
    let mut partial = RecordCount::new(5);
    partial.partial_count = Some(true);
    r.record_count = Some(partial);
    let text = Message::V11(r.clone().into()).to_string();
    assert!(text.contains("Record Count: 5 (partial)\n"), "{text}");
    r.record_count = Some(RecordCount::new(5));
    let text = Message::V11(r.into()).to_string();
    assert!(text.contains("Record Count: 5\n"), "{text}");
    binding.subtypes = vec![Uri::new("urn:s1").unwrap(), Uri::new("urn:s2").unwrap()];
    let mut info = taxii_messages::v11::CollectionInformation::new(Uri::new("c").unwrap(), "d");
    info.content_bindings = vec![binding, ContentBinding::new(Uri::new("urn:all").unwrap())];
    let mut response = taxii_messages::v11::CollectionInformationResponse::new(id("2"), id("1"));
    response.collections = vec![info];
    let text = Message::V11(response.into()).to_string();
    assert!(text.contains(": urn:b (urn:s1, urn:s2)\n"), "{text}");
    assert!(text.contains(": urn:all\n"), "{text}");
}
