//! Known-answer + inverse tests over the TAXII 1.1 samples of seeds 002 and 004
//! (extracted to testdata/seed-samples/ by interop/extract_testdata.py). Seed samples that
//! break the specification are asserted to fail with the precise error.

use taxii_messages::v11::{self, PollSelection, ServiceType, SubscriptionAction};
use taxii_messages::{decode, DecodeErrorKind, Message, StatusType};

use crate::support::files::{files, known_answer_and_inverse, read};

fn v11(m: Message) -> v11::Message {
    match m {
        Message::V11(m) => m,
        other => panic!("not TAXII 1.1: {other:?}"),
    }
}

/// The invalid seed samples: file, expected line:column, path, rule, and error kind check.
type Expectation = (
    &'static str,
    (u32, u32),
    &'static str,
    &'static str,
    fn(&DecodeErrorKind) -> bool,
);

const INVALID: [Expectation; 7] = [
    // Service_Instance/@service_version is required by the 1.1 XSD.
    (
        "002_02_Discovery_Response.xml",
        (6, 1),
        "/Discovery_Response/Service_Instance",
        "G11-4: valid against the binding's XSD",
        |k| matches!(k, DecodeErrorKind::MissingAttribute("service_version")),
    ),
    // Polling_Service needs its Message_Binding (1-n).
    (
        "002_04_Collection_Information_Response.xml",
        (11, 1),
        "/Collection_Information_Response/Collection/Polling_Service",
        "G11-4: valid against the binding's XSD",
        |k| matches!(k, DecodeErrorKind::MissingElement("Message_Binding")),
    ),
    // C11-1: a Poll_Request names a subscription or carries Poll_Parameters.
    (
        "002_05_Poll_Request.xml",
        (2, 1),
        "/Poll_Request",
        "C11-1",
        |k| {
            matches!(
                k,
                DecodeErrorKind::MissingElement("Subscription_ID or Poll_Parameters")
            )
        },
    ),
    (
        "002_06_Poll_Request.xml",
        (2, 1),
        "/Poll_Request",
        "C11-1",
        |k| {
            matches!(
                k,
                DecodeErrorKind::MissingElement("Subscription_ID or Poll_Parameters")
            )
        },
    ),
    (
        "002_12_Poll_Request.xml",
        (2, 1),
        "/Poll_Request",
        "C11-1",
        |k| {
            matches!(
                k,
                DecodeErrorKind::MissingElement("Subscription_ID or Poll_Parameters")
            )
        },
    ),
    // The content uses the prefix `indicator` that nothing declares: libtaxii (lxml) and
    // xmllint refuse the document too, and the content could not be written back out as
    // namespace-well-formed XML (see content_wellformed.rs).
    (
        "002_08_Inbox_Message.xml",
        (15, 1),
        "/Inbox_Message/Content_Block/Content/STIX_Package/Indicators/Indicator/Title",
        "Namespaces in XML 1.0 NSC: Prefix Declared",
        |k| matches!(k, DecodeErrorKind::UndeclaredPrefix(p) if p == "indicator"),
    ),
    // `...binding-1.1"message_id=` has no whitespace between two attributes.
    (
        "004_08_Collection_Information_Request.xml",
        (1, 112),
        "/",
        "XML 1.0: well-formed document",
        |k| matches!(k, DecodeErrorKind::Syntax(s) if s.contains("separated by whitespace")),
    ),
];

#[test]
fn invalid_seed_samples_fail_with_the_precise_error() {
    for (file, (line, column), path, rule, kind) in INVALID {
        let bytes = read(
            &crate::support::files::testdata()
                .join("seed-samples")
                .join(file),
        );
        let e = decode(&bytes).expect_err(file);
        assert_eq!((e.line(), e.column()), (line, column), "{file}: {e}");
        assert_eq!(e.path(), path, "{file}: {e}");
        assert_eq!(
            e.rule(),
            Some(rule).filter(|r| !r.is_empty()),
            "{file}: {e}"
        );
        assert!(kind(e.kind()), "{file}: {e}");
        assert_eq!(StatusType::from(&e), StatusType::BadMessage, "{file}");
    }
}

#[test]
fn valid_seed_samples_known_answers() {
    let mut seen = Vec::new();
    for p in files("seed-samples", ".xml") {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if INVALID.iter().any(|(f, ..)| *f == name) {
            continue;
        }
        let m = v11(known_answer_and_inverse(&name, &read(&p)));
        check_known_answer(&name, &m);
        assert!(
            name.contains(m.root_element()),
            "{name}: {}",
            m.root_element()
        );
        seen.push(m.root_element());
    }
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        11,
        "every 1.1 message type is covered: {seen:?}"
    );
}

fn check_known_answer(name: &str, m: &v11::Message) {
    use v11::Message as M;
    match (name, m) {
        ("004_01_Discovery_Request.xml", M::DiscoveryRequest(r)) => {
            assert_eq!(r.message_id, "1");
        }
        ("004_02_Discovery_Response.xml", M::DiscoveryResponse(r)) => {
            assert_eq!(
                (r.message_id.as_str(), r.in_response_to.as_str()),
                ("1466", "1")
            );
            let types: Vec<_> = r.service_instances.iter().map(|s| s.service_type).collect();
            assert_eq!(
                types,
                [
                    ServiceType::Inbox,
                    ServiceType::Poll,
                    ServiceType::Discovery
                ]
            );
            let inbox = &r.service_instances[0];
            assert_eq!(
                inbox.contact.address,
                "http://taxiitest.mitre.org/services/inbox/default"
            );
            assert_eq!(
                inbox.inbox_accepted_content[0].binding_id,
                "urn:stix.mitre.org:xml:1.0"
            );
            assert_eq!(inbox.available, Some(true));
        }
        ("004_03_Inbox_Message.xml", M::InboxMessage(r)) => {
            assert_eq!(r.message_id, "34502");
            assert_eq!(r.content_blocks.len(), 1);
            let b = &r.content_blocks[0];
            assert_eq!(b.content_binding.binding_id, "urn:stix.mitre.org:xml:1.1.1");
            assert!(b
                .content
                .as_str()
                .trim_start()
                .starts_with("<stix:STIX_Package"));
            assert!(b
                .content
                .as_str()
                .contains("malicious1.example.com##comma##"));
        }
        ("004_04_Status_Message.xml", M::StatusMessage(r)) => {
            assert_eq!(
                (r.message_id.as_str(), r.in_response_to.as_str()),
                ("42902", "34502")
            );
            assert_eq!(r.status_type, StatusType::Success);
        }
        ("004_05_Poll_Request.xml", M::PollRequest(r)) => {
            assert_eq!(r.collection_name, "default");
            assert_eq!(
                r.exclusive_begin_timestamp.unwrap().to_string(),
                "2014-12-19T00:00:00Z"
            );
            assert_eq!(
                r.inclusive_end_timestamp.unwrap().to_string(),
                "2014-12-19T12:00:00Z"
            );
            let PollSelection::PollParameters(p) = &r.selection else {
                panic!("{name}")
            };
            assert_eq!(p.allow_asynch, Some(false));
            assert_eq!(
                p.query_parameters.response_type,
                Some(v11::ResponseType::Full)
            );
        }
        ("004_06_Poll_Fulfillment.xml", M::PollFulfillmentRequest(r)) => {
            assert_eq!(r.message_id, "83013");
            assert_eq!(r.result_id, "29321");
            assert_eq!(r.result_part_number, 1);
        }
        ("004_07_Poll_Response.xml", M::PollResponse(r)) => {
            assert_eq!(
                (r.message_id.as_str(), r.in_response_to.as_str()),
                ("42158", "20079")
            );
            assert_eq!((r.more, r.result_part_number), (Some(false), Some(1)));
            assert_eq!(
                r.record_count.as_ref().map(|c| (c.count, c.partial_count)),
                Some((1, Some(false)))
            );
            assert_eq!(r.content_blocks.len(), 1);
        }
        (
            "004_09_Subscription_Management_Request.xml",
            M::ManageCollectionSubscriptionRequest(r),
        ) => {
            assert_eq!(r.action, SubscriptionAction::Subscribe);
            assert_eq!(r.collection_name, "default");
            let p = r.subscription_parameters.as_ref().expect(name);
            assert_eq!(p.response_type, Some(v11::ResponseType::Full));
        }
        ("004_10_Collection_Information_Response.xml", M::CollectionInformationResponse(r)) => {
            let c = &r.collections[0];
            assert_eq!(c.collection_name, "default");
            assert_eq!(c.description, "");
            assert_eq!(c.polling_services.len(), 2);
            assert_eq!(c.polling_services[0].address, "/services/poll/");
            assert_eq!(c.subscription_services.len(), 2);
            assert!(!c.receiving_inbox_services.is_empty());
        }
        (
            "004_11_Subscription_Management_Response.xml",
            M::ManageCollectionSubscriptionResponse(r),
        ) => {
            assert_eq!(r.subscriptions[0].subscription_id, "Subscription001");
            assert_eq!(
                r.subscriptions[0].status,
                Some(v11::SubscriptionStatus::Active)
            );
        }
        ("002_13_Status_Message.xml", M::StatusMessage(r)) => {
            assert_eq!(r.status_type, StatusType::Unauthorized);
            assert_eq!(r.message.as_deref(), Some("Authentication required"));
        }
        (_, m) => {
            // The remaining 002 samples are minimal requests and responses: check the ids.
            assert!(!m.message_id().as_str().is_empty(), "{name}");
            assert!(name.starts_with("002_"), "{name} has no known answer");
        }
    }
}
