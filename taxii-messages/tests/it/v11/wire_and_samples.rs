//! Known-answer + inverse tests over every TAXII 1.1 body captured on the wire between
//! cabby/libtaxii and OpenTAXII (testdata/wire/bodies/, split out of testdata/wire/*.http by
//! interop/extract_testdata.py) and over the libtaxii-generated testdata/samples.

use taxii_messages::query::{MatchType, Relationship};
use taxii_messages::v11::{Message as M, PollSelection, Query};
use taxii_messages::Message;

use crate::support::files::{files, known_answer_and_inverse, read};

/// A one-line summary of the fields a reader checks first.
fn summary(m: &M) -> String {
    let head = format!("{} {}", m.root_element(), m.message_id());
    let tail = match m {
        M::StatusMessage(s) => {
            let details: Vec<String> = s
                .details
                .iter()
                .map(|d| format!("{}={}", d.name, d.value.as_str()))
                .collect();
            format!("{} {details:?} {:?}", s.status_type, s.message)
        }
        M::PollResponse(r) => format!(
            "blocks={} more={:?} result_id={:?} part={:?} count={:?}",
            r.content_blocks.len(),
            r.more,
            r.result_id.as_ref().map(|u| u.as_str()),
            r.result_part_number,
            r.record_count.as_ref().map(|c| c.count)
        ),
        M::InboxMessage(r) => format!(
            "blocks={} dest={:?}",
            r.content_blocks.len(),
            r.destination_collection_names
                .iter()
                .map(|u| u.as_str())
                .collect::<Vec<_>>()
        ),
        M::DiscoveryResponse(r) => format!("services={}", r.service_instances.len()),
        M::CollectionInformationResponse(r) => format!(
            "{:?}",
            r.collections
                .iter()
                .map(|c| c.collection_name.as_str())
                .collect::<Vec<_>>()
        ),
        M::ManageCollectionSubscriptionRequest(r) => format!(
            "{} {}",
            r.action.as_str(),
            r.subscription_id.as_ref().map_or("-", |u| u.as_str())
        ),
        M::ManageCollectionSubscriptionResponse(r) => format!(
            "{:?}",
            r.subscriptions
                .iter()
                .map(|s| format!(
                    "{}:{}",
                    s.subscription_id,
                    s.status.map_or("-", |x| x.as_str())
                ))
                .collect::<Vec<_>>()
        ),
        M::PollRequest(r) => match &r.selection {
            PollSelection::PollParameters(p) => format!(
                "{} {}",
                r.collection_name,
                p.query_parameters.response_type().as_str()
            ),
            PollSelection::SubscriptionId(s) => format!("{} sub={s}", r.collection_name),
        },
        M::PollFulfillmentRequest(r) => format!("{} part={}", r.result_id, r.result_part_number),
        _ => String::new(),
    };
    format!("{head} {tail}").trim_end().to_owned()
}

const WIRE: &[(&str, &str)] = &[
    ("001_taxii11_discovery_request.xml", "Discovery_Request fb36de09-41f9-4e83-bfc8-25ea126567ae"),
    ("001_taxii11_discovery_response.xml", "Discovery_Response 2665794939861578351 services=5"),
    ("002_taxii11_collections_request.xml", "Collection_Information_Request a0892a53-0854-4c49-9a0c-afde65b77a62"),
    ("002_taxii11_collections_response.xml", "Collection_Information_Response 3023068498239413242 [\"collection-a\", \"collection-b\"]"),
    ("005_taxii11_push_collection-a_request.xml", "Inbox_Message 4d3a1345-2bf3-4e78-ba2a-7d8f51c8bc0f blocks=1 dest=[\"collection-a\"]"),
    ("005_taxii11_push_collection-a_response.xml", "Status_Message 2398408069594128925 SUCCESS [] None"),
    ("006_taxii11_push_collection-b_readonly_request.xml", "Inbox_Message 37ab9df9-db37-466b-b062-b082ce6d5853 blocks=1 dest=[\"collection-b\"]"),
    ("006_taxii11_push_collection-b_readonly_response.xml", "Status_Message 5552008293729475711 UNAUTHORIZED [] Some(\"User can not write to collection collection-b\")"),
    ("007_taxii11_push_no_dest_request.xml", "Inbox_Message ffaa872f-58ec-4c68-9ed3-f4cfd4c8ff61 blocks=1 dest=[]"),
    ("007_taxii11_push_no_dest_response.xml", "Status_Message 1803006076158063012 DESTINATION_COLLECTION_ERROR [\"ACCEPTABLE_DESTINATION=collection-a\", \"ACCEPTABLE_DESTINATION=collection-b\"] Some(\"A Destination_Collection_Name is required and none were specified\")"),
    ("009_taxii11_poll_request.xml", "Poll_Request 7adb3491-1d4b-403d-860d-442844bedb25 collection-a FULL"),
    ("009_taxii11_poll_response.xml", "Poll_Response 1980382152354213769 blocks=2 more=Some(false) result_id=None part=Some(1) count=Some(2)"),
    ("010_taxii11_poll_bad_password_request.xml", "Poll_Request 957ff1fb-0ac1-426e-a4a3-44bc1c421e1e collection-a FULL"),
    ("010_taxii11_poll_bad_password_response.xml", "Status_Message 1072743849006379045 UNAUTHORIZED [] None"),
    ("011_taxii11_poll_unknown_coll_request.xml", "Poll_Request 2646d4e2-ac1c-41b6-97a2-45b600e5b5cb no-such-collection FULL"),
    ("011_taxii11_poll_unknown_coll_response.xml", "Status_Message 5607482031655663931 NOT_FOUND [\"ITEM=no-such-collection\"] Some(\"Requested collection was not found\")"),
    ("015_taxii11_poll_count_only_request.xml", "Poll_Request a5ec2e04-b29f-4a64-8e5f-61159380b535 collection-a COUNT_ONLY"),
    ("015_taxii11_poll_count_only_response.xml", "Poll_Response 8863903687458292299 blocks=0 more=Some(false) result_id=None part=Some(1) count=Some(2)"),
    ("016_taxii11_poll_multipart_request.xml", "Poll_Request ee3513dc-04c1-43b0-bfba-f7bec9e229b3 collection-a FULL"),
    ("016_taxii11_poll_multipart_response.xml", "Poll_Response 7468306335715467680 blocks=1 more=Some(true) result_id=Some(\"4402223582778920041\") part=Some(1) count=Some(2)"),
    ("017_taxii11_poll_multipart_request.xml", "Poll_Fulfillment ac4e45e7-957b-411f-bafd-25747e31e2e8 4402223582778920041 part=2"),
    ("017_taxii11_poll_multipart_response.xml", "Poll_Response 6187240153230483389 blocks=1 more=Some(false) result_id=Some(\"4402223582778920041\") part=Some(2) count=Some(2)"),
    ("018_taxii11_poll_multipart_request.xml", "Poll_Fulfillment 08a49016-4f31-4bc1-bed4-60f84c5787f2 4402223582778920041 part=3"),
    ("018_taxii11_poll_multipart_response.xml", "Poll_Response 1018245511912324359 blocks=0 more=Some(false) result_id=Some(\"4402223582778920041\") part=Some(3) count=Some(2)"),
    ("020_taxii11_poll_jwt_request.xml", "Poll_Request 5bfad6ee-5e71-40ae-b078-5fde684d6e57 collection-a FULL"),
    ("020_taxii11_poll_jwt_response.xml", "Poll_Response 945661217557267418 blocks=2 more=Some(false) result_id=None part=Some(1) count=Some(2)"),
    ("021_taxii11_subscribe_request.xml", "Subscription_Management_Request 239489d0-8e3e-486b-841f-5d22a20cb525 SUBSCRIBE -"),
    ("021_taxii11_subscribe_response.xml", "Subscription_Management_Response 3659614719694164582 [\"6322459460685864701:ACTIVE\"]"),
    ("022_taxii11_subscription_status_request.xml", "Subscription_Management_Request 6c9f5f28-067e-496e-a47b-150a9172f890 STATUS 6322459460685864701"),
    ("022_taxii11_subscription_status_response.xml", "Subscription_Management_Response 8764196604719986287 [\"6322459460685864701:ACTIVE\"]"),
    ("023_taxii11_subscription_pause_request.xml", "Subscription_Management_Request 810f55e6-3817-4a76-b04e-312dd0041aeb PAUSE 6322459460685864701"),
    ("023_taxii11_subscription_pause_response.xml", "Subscription_Management_Response 1052718742977811505 [\"6322459460685864701:PAUSED\"]"),
    ("024_taxii11_subscription_resume_request.xml", "Subscription_Management_Request ae46cb33-6474-49c7-8caa-427ed372ae08 RESUME 6322459460685864701"),
    ("024_taxii11_subscription_resume_response.xml", "Subscription_Management_Response 2055738778476676007 [\"6322459460685864701:ACTIVE\"]"),
    ("025_taxii11_subscription_unsubscribe_request.xml", "Subscription_Management_Request 81583880-70e8-4370-a9c7-65ff16ae73b9 UNSUBSCRIBE 6322459460685864701"),
    ("025_taxii11_subscription_unsubscribe_response.xml", "Subscription_Management_Response 4950009818477657021 [\"6322459460685864701:UNSUBSCRIBED\"]"),
    ("029_libtaxii11_discovery_client_request.xml", "Discovery_Request 6305343575009180630"),
    ("029_libtaxii11_discovery_client_response.xml", "Discovery_Response 4853719542637883831 services=5"),
    ("031_libtaxii11_poll_client_request.xml", "Poll_Request 7288301513315966126 collection-a FULL"),
    ("031_libtaxii11_poll_client_response.xml", "Poll_Response 3803463312196295841 blocks=2 more=Some(false) result_id=None part=Some(1) count=Some(2)"),
    ("032_libtaxii11_query_client_request.xml", "Poll_Request 569647227995984267 collection-a FULL"),
];

const SAMPLES: &[(&str, &str)] = &[
    ("taxii11_discovery_response_20svc.xml", "Discovery_Response 1001 services=20"),
    ("taxii11_inbox_message_1block.xml", "Inbox_Message 2001 blocks=1 dest=[\"collection-a\"]"),
    ("taxii11_poll_response_100blocks.xml", "Poll_Response 3001 blocks=100 more=Some(false) result_id=None part=Some(1) count=Some(100)"),
    ("taxii11_poll_response_1block.xml", "Poll_Response 3001 blocks=1 more=Some(false) result_id=None part=Some(1) count=Some(1)"),
];

fn check_dir(dir: &str, filter: &str, expected: &[(&str, &str)]) {
    let mut checked = 0;
    for p in files(dir, ".xml") {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains(filter) {
            continue;
        }
        let Message::V11(m) = known_answer_and_inverse(&name, &read(&p)) else {
            panic!("{name}: not 1.1")
        };
        let want = expected
            .iter()
            .find(|(f, _)| *f == name)
            .unwrap_or_else(|| panic!("{name} has no known answer"));
        assert_eq!(summary(&m), want.1, "{name}");
        checked += 1;
    }
    assert_eq!(
        checked,
        expected.len(),
        "every known answer has its file in {dir}"
    );
}

#[test]
fn wire_bodies_known_answers() {
    check_dir("wire/bodies", "", WIRE);
}

#[test]
fn libtaxii_samples_known_answers() {
    check_dir("samples", "taxii11_", SAMPLES);
}

#[test]
fn wire_query_is_typed_core_equals() {
    // wire 032: libtaxii's Default Query, core-1 `equals` (REL-1) with both parameters.
    let bytes = read(
        &crate::support::files::testdata()
            .join("wire/bodies/032_libtaxii11_query_client_request.xml"),
    );
    let Message::V11(M::PollRequest(r)) = taxii_messages::decode(&bytes).unwrap() else {
        panic!()
    };
    let PollSelection::PollParameters(p) = &r.selection else {
        panic!()
    };
    let Some(Query::Default(q)) = &p.query_parameters.query else {
        panic!()
    };
    assert_eq!(q.targeting_expression_id, "urn:stix.mitre.org:xml:1.1.1");
    let c = &q.criteria.criterion[0];
    assert_eq!((c.negate, c.target.as_str()), (Some(false), "**/@id"));
    assert_eq!(
        c.test.relationship().unwrap(),
        Some(Relationship::Equals {
            match_type: MatchType::CaseInsensitiveString,
            value: "example:indicator-1b7d3c2a-5e6f-4a8b-9c0d-1e2f3a4b5c6d".into()
        })
    );
}

#[test]
fn content_is_a_zero_copy_slice_of_the_input() {
    let bytes = bytes::Bytes::from(read(
        &crate::support::files::testdata().join("samples/taxii11_poll_response_1block.xml"),
    ));
    let Message::V11(M::PollResponse(r)) = taxii_messages::decode_bytes(bytes.clone()).unwrap()
    else {
        panic!()
    };
    let content = r.content_blocks[0].content.as_bytes();
    let start = content.as_ptr() as usize - bytes.as_ptr() as usize;
    assert!(
        start + content.len() <= bytes.len(),
        "content points into the input buffer"
    );
    assert_eq!(&bytes[start..start + content.len()], &content[..]);
}

/// What real peers and the seed documents send breaks no rule beyond the XSD, so no rule
/// fires where it should not.
#[test]
fn real_messages_validate_clean() {
    let mut checked = 0;
    for dir in ["wire/bodies", "samples", "seed-samples"] {
        for p in files(dir, ".xml") {
            // The STIX payload and the seed samples that break the XSD are not messages.
            let Ok(m) = taxii_messages::decode(&read(&p)) else {
                continue;
            };
            let found = m.validate();
            assert_eq!(found, vec![], "{}", p.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 64, "every message read");
}
