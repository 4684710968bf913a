//! Issue 14: schema-valid requests that break a spec rule are decoded and answered with the
//! status the spec names (or the field is ignored), with in_response_to set; the answers
//! pass the self-check of `Fixture::send` (decode, no MUST diagnostic).

use taxii_messages::v11::{detail, Message as M};
use taxii_messages::{decode, Message, StatusType};

use crate::support::*;

const NS: &str = r#"xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1""#;

fn request(xml: &str) -> M {
    match decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{xml}")) {
        Message::V11(m) => m,
        other => panic!("{other:?}"),
    }
}

fn poll_xml(collection: &str, params: &str, window: &str) -> String {
    format!(
        r#"<taxii_11:Poll_Request {NS} message_id="77" collection_name="{collection}">{window}<taxii_11:Poll_Parameters{params}</taxii_11:Poll_Parameters></taxii_11:Poll_Request>"#
    )
}

fn query_xml(target: &str, test: &str) -> String {
    format!(
        r#"><taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"><tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>{target}</tdq:Target>{test}</tdq:Criterion></tdq:Criteria></tdq:Default_Query></taxii_11:Query>"#
    )
}

/// C11-3: Delivery_Parameters without allow_asynch="true" are ignored (Services 1.1).
#[test]
fn delivery_parameters_without_allow_asynch_are_ignored_c11_3() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    let delivery = r#" allow_asynch="false"><taxii_11:Delivery_Parameters><taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding><taxii_11:Address>http://127.0.0.1:1/inbox</taxii_11:Address><taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding></taxii_11:Delivery_Parameters>"#;
    let req = request(&poll_xml("collection-a", delivery, ""));
    let o = f.send("poll-a", &test_user(), req);
    assert_eq!(titles(poll_response(&o)), ["one"]);
    assert!(o.deliveries.is_empty());
}

/// C11-5: window timestamps of a poll of a Data Set are ignored.
#[test]
fn window_of_a_data_set_is_ignored_c11_5() {
    let f = Fixture::new();
    f.add(&coll_b(), "kept");
    let window = "<taxii_11:Exclusive_Begin_Timestamp>2030-01-01T00:00:00Z</taxii_11:Exclusive_Begin_Timestamp>";
    let req = request(&poll_xml("collection-b", ">", window));
    let o = f.send("poll-a", &test_user(), req);
    assert_eq!(titles(poll_response(&o)), ["kept"]);
}

/// TE-3 / TQ-8: a target outside the STIX notation decodes and is answered
/// UNSUPPORTED_TARGETING_EXPRESSION with the scopes (TST-2), in response to the request.
#[test]
fn target_outside_the_notation_is_unsupported_te_3() {
    let f = Fixture::new();
    let test = r#"<tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/>"#;
    let req = request(&poll_xml(
        "collection-a",
        &query_xml("Title[contains(., 'a')]", test),
        "",
    ));
    let o = f.send("poll-a", &test_user(), req);
    let s = assert_status(&o, StatusType::UnsupportedTargetingExpression);
    assert_eq!(s.in_response_to.as_str(), "77");
    assert!(!s
        .detail_values(detail::PREFERRED_SCOPE)
        .collect::<Vec<_>>()
        .is_empty());
    assert!(!s
        .detail_values(detail::ALLOWED_SCOPE)
        .collect::<Vec<_>>()
        .is_empty());
}

/// REL-1: `equals` without `match_type` decodes; the service answers BAD_MESSAGE saying
/// what is wrong.
#[test]
fn equals_without_match_type_is_bad_message_rel_1() {
    let f = Fixture::new();
    let test = r#"<tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="equals"><tdq:Parameter name="value">x</tdq:Parameter></tdq:Test>"#;
    let req = request(&poll_xml("collection-a", &query_xml("**/Title", test), ""));
    let o = f.send("poll-a", &test_user(), req);
    let s = assert_status(&o, StatusType::BadMessage);
    assert_eq!(s.in_response_to.as_str(), "77");
    assert!(
        s.message.as_deref().unwrap().contains("match_type"),
        "{:?}",
        s.message
    );
}

/// AMB-26: a number with an exponent, as libtaxii writes floats, is evaluated.
#[test]
fn numbers_with_exponents_are_evaluated_amb_26() {
    let f = Fixture::new();
    f.add(&coll_a(), "one");
    // Confidence is 42 in every fixture record.
    for (value, selected) in [("2.5e-07", true), ("1e+20", false), ("4.2E1", false)] {
        let test = format!(
            r#"<tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="greater_than"><tdq:Parameter name="value">{value}</tdq:Parameter></tdq:Test>"#
        );
        let req = request(&poll_xml(
            "collection-a",
            &query_xml("**/Confidence", &test),
            "",
        ));
        let o = f.send("poll-a", &test_user(), req);
        assert_eq!(!titles(poll_response(&o)).is_empty(), selected, "{value}");
    }
}

/// ERR-9: a query format the service does not support: UNSUPPORTED_QUERY with the
/// supported formats.
#[test]
fn unsupported_query_format_names_the_supported_ones_err_9() {
    let f = Fixture::new();
    let q = r#"><taxii_11:Query format_id="urn:example:query"><x xmlns="urn:example"/></taxii_11:Query>"#;
    let req = request(&poll_xml("collection-a", q, ""));
    let o = f.send("poll-a", &test_user(), req);
    let s = assert_status(&o, StatusType::UnsupportedQuery);
    assert_eq!(s.in_response_to.as_str(), "77");
    let formats: Vec<String> = s.detail_values(detail::SUPPORTED_QUERY).collect();
    assert_eq!(formats, ["urn:taxii.mitre.org:query:default:1.0"]);
}

/// TST-2: a service advertising a vocabulary without any scope cannot name one in an
/// UNSUPPORTED_TARGETING_EXPRESSION; it answers BAD_MESSAGE instead of an invalid status.
#[test]
fn no_scope_to_name_gives_bad_message_not_an_invalid_status_tst_2() {
    use taxii_messages::query::{DefaultQueryInfo, TargetingExpressionInfo};
    use taxii_messages::v11::SupportedQuery;
    use taxii_services::config::{ServerConfig, STIX_111};
    use taxii_services::query::CORE;
    let mut config = ServerConfig::new(services());
    for s in &mut config.services {
        if !s.supported_queries.is_empty() {
            s.supported_queries = vec![SupportedQuery::Default(DefaultQueryInfo::new(
                vec![TargetingExpressionInfo::new(uri(STIX_111), vec![], vec![])],
                vec![uri(CORE)],
            ))];
        }
    }
    let f = Fixture::with(config, policy());
    let test = r#"<tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/>"#;
    let req = request(&poll_xml("collection-a", &query_xml("**/Title", test), ""));
    let o = f.send("poll-a", &test_user(), req);
    let s = assert_status(&o, StatusType::BadMessage);
    assert!(
        s.message.as_deref().unwrap().contains("**/Title"),
        "{:?}",
        s.message
    );
}
