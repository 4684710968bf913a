//! Default Query 1.0 (checklist §4): the 17 relationships of the three capability modules,
//! their parameter rules, the `_equal`/`_equals` spelling (E-13, LT-17), query information.

use taxii_messages::query::{
    CapabilityError, Criteria, Criterion, DefaultQuery, MatchType, Number, Operator, Relationship,
    Test, CORE, REGEX, TIMESTAMP,
};
use taxii_messages::v11::{
    Message as M, PollParameters, PollRequest, PollSelection, Query, QueryParameters,
};
use taxii_messages::{
    decode, decode_with, DecodeErrorKind, DecodeOptions, Message, MessageId, StatusType, Timestamp,
    Uri,
};

const POLL_HEAD: &str = r#"<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="1" collection_name="c">
<taxii_11:Poll_Parameters><taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0">
<tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1">"#;
const POLL_TAIL: &str =
    "</tdq:Default_Query></taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>";

/// A Poll_Request whose query holds `criteria` (the XML of one tdq:Criteria).
fn poll_with(criteria: &str) -> String {
    format!("{POLL_HEAD}{criteria}{POLL_TAIL}")
}

fn test_xml(module: &str, relationship: &str, params: &[(&str, &str)]) -> String {
    let params: String = params
        .iter()
        .map(|(n, v)| format!(r#"<tdq:Parameter name="{n}">{v}</tdq:Parameter>"#))
        .collect();
    poll_with(&format!(
        r#"<tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**/@id</tdq:Target><tdq:Test capability_id="{module}" relationship="{relationship}">{params}</tdq:Test></tdq:Criterion></tdq:Criteria>"#
    ))
}

pub(crate) fn query_of(m: &Message) -> &DefaultQuery {
    let Message::V11(M::PollRequest(r)) = m else {
        panic!("{m:?}")
    };
    let PollSelection::PollParameters(p) = &r.selection else {
        panic!()
    };
    let Some(Query::Default(q)) = &p.query_parameters.query else {
        panic!()
    };
    q
}

fn typed(module: &str, relationship: &str, params: &[(&str, &str)]) -> Relationship {
    let xml = test_xml(module, relationship, params);
    let m = decode(xml.as_bytes()).unwrap_or_else(|e| panic!("{relationship}: {e}"));
    let again = decode(m.to_xml().as_bytes()).unwrap();
    assert_eq!(m, again);
    query_of(&m).criteria.criterion[0]
        .test
        .relationship()
        .unwrap()
        .expect("defined module")
}

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn num(s: &str) -> Number {
    Number::new(s).unwrap()
}

#[test]
fn all_17_relationships_decode_typed() {
    use Relationship::*;
    let mt = ("match_type", "case_sensitive_string");
    let v = ("value", "x");
    let n = ("value", "-1.5");
    let t = ("value", "2014-12-19T00:00:00Z");
    type Case = (
        &'static str,
        &'static str,
        Vec<(&'static str, &'static str)>,
        Relationship,
    );
    let cases: Vec<Case> = vec![
        (
            CORE,
            "equals",
            vec![mt, v],
            Equals {
                match_type: MatchType::CaseSensitiveString,
                value: "x".into(),
            },
        ), // REL-1
        (
            CORE,
            "not_equals",
            vec![("match_type", "number"), ("value", "3")],
            NotEquals {
                match_type: MatchType::Number,
                value: "3".into(),
            },
        ), // REL-2
        (CORE, "greater_than", vec![n], GreaterThan(num("-1.5"))), // REL-3
        (
            CORE,
            "greater_than_or_equal",
            vec![n],
            GreaterThanOrEqual(num("-1.5")),
        ), // REL-4
        (CORE, "less_than", vec![("value", "7")], LessThan(num("7"))), // REL-5
        (
            CORE,
            "less_than_or_equal",
            vec![("value", ".5")],
            LessThanOrEqual(num(".5")),
        ), // REL-6
        (CORE, "does_not_exist", vec![], DoesNotExist),            // REL-7
        (CORE, "exists", vec![], Exists),                          // REL-8
        (
            CORE,
            "begins_with",
            vec![v],
            BeginsWith {
                case_sensitive: true,
                value: "x".into(),
            },
        ), // REL-9 default true
        (
            CORE,
            "ends_with",
            vec![("case_sensitive", "false"), v],
            EndsWith {
                case_sensitive: false,
                value: "x".into(),
            },
        ), // REL-10
        (
            CORE,
            "contains",
            vec![("case_sensitive", "true"), v],
            Contains {
                case_sensitive: true,
                value: "x".into(),
            },
        ), // REL-11
        (
            REGEX,
            "matches",
            vec![("value", "^a.*b$")],
            Matches {
                case_sensitive: true,
                value: "^a.*b$".into(),
            },
        ), // REL-12, AMB-24
        (
            TIMESTAMP,
            "equals",
            vec![t],
            TimestampEquals(ts("2014-12-19T00:00:00Z")),
        ), // REL-13
        (
            TIMESTAMP,
            "greater_than",
            vec![t],
            TimestampGreaterThan(ts("2014-12-19T00:00:00Z")),
        ), // REL-14
        (
            TIMESTAMP,
            "greater_than_or_equals",
            vec![t],
            TimestampGreaterThanOrEquals(ts("2014-12-19T00:00:00Z")),
        ), // REL-15
        (
            TIMESTAMP,
            "less_than",
            vec![t],
            TimestampLessThan(ts("2014-12-19T00:00:00Z")),
        ), // REL-16
        (
            TIMESTAMP,
            "less_than_or_equals",
            vec![("value", "2014-12-19T01:00:00.5+01:00")],
            TimestampLessThanOrEquals(ts("2014-12-19T01:00:00.5+01:00")),
        ), // REL-17
    ];
    assert_eq!(cases.len(), 17);
    for (module, name, params, want) in cases {
        let got = typed(module, name, &params);
        assert_eq!(got, want, "{module} {name}");
        assert_eq!((got.capability_id(), got.name()), (module, name));
        // Inverse: the typed value builds a Test that reads back to itself.
        let test = Test::from(got.clone());
        assert_eq!(test.relationship().unwrap(), Some(got));
    }
}

#[test]
fn equal_and_equals_spellings_are_both_accepted_e13_lt17() {
    // libtaxii writes the timestamp relationships with `_equal` (LT-17): accepted, typed as REL-15/17.
    let t = [("value", "2014-12-19T00:00:00Z")];
    assert_eq!(
        typed(TIMESTAMP, "greater_than_or_equal", &t),
        Relationship::TimestampGreaterThanOrEquals(ts("2014-12-19T00:00:00Z"))
    );
    assert_eq!(
        typed(TIMESTAMP, "less_than_or_equal", &t),
        Relationship::TimestampLessThanOrEquals(ts("2014-12-19T00:00:00Z"))
    );
    // and the core relationships with the timestamp module's `_equals` (REL-4/6).
    assert_eq!(
        typed(CORE, "greater_than_or_equals", &[("value", "1")]),
        Relationship::GreaterThanOrEqual(num("1"))
    );
    assert_eq!(
        typed(CORE, "less_than_or_equals", &[("value", "1")]),
        Relationship::LessThanOrEqual(num("1"))
    );
    // Only the `_or_equal(s)` endings vary: other names are taken as written.
    for (module, name) in [
        (CORE, "exist"),
        (CORE, "existss"),
        (CORE, "does_not_exists"),
        (CORE, "greater_than_or_equalss"),
        (TIMESTAMP, "greater_than_or_equa"),
    ] {
        let xml = test_xml(module, name, &[("value", "1"), ("match_type", "number")]);
        rejects(&xml, "TQ-11", "relationship");
    }
    // The spelling as written is what is encoded again.
    let xml = test_xml(TIMESTAMP, "greater_than_or_equal", &t);
    let m = decode(xml.as_bytes()).unwrap();
    assert!(m
        .to_xml()
        .contains(r#"relationship="greater_than_or_equal""#));
}

/// The relationship rules are beyond the XSD (relationship is an `xs:string`): `xml`
/// decodes, `validate` reports `rule` on the tdq:Test with a text containing `text`, and
/// strict decoding refuses it.
fn rejects(xml: &str, rule: &str, text: &str) {
    let path = "/Poll_Request/Poll_Parameters/Query/Default_Query/Criteria/Criterion/Test";
    let m = crate::support::files::spec_rule(xml, path, rule);
    let d = &m.validate()[0];
    assert!(d.text.contains(text), "{d}");
}

#[test]
fn relationship_parameters_are_validated_against_their_module() {
    rejects(
        &test_xml(CORE, "matches", &[("value", "x")]),
        "TQ-11",
        "relationship",
    );
    rejects(
        &test_xml(REGEX, "equals", &[("value", "x")]),
        "TQ-11",
        "relationship",
    );
    rejects(
        &test_xml(CORE, "equals", &[("value", "x")]),
        "REL-1",
        "requires the parameter `match_type`",
    );
    rejects(
        &test_xml(CORE, "equals", &[("match_type", "fuzzy"), ("value", "x")]),
        "REL-1",
        "match_type",
    );
    rejects(
        &test_xml(CORE, "greater_than", &[("value", "ten")]),
        "REL-3",
        "a number, decimal or with an exponent",
    );
    rejects(
        &test_xml(CORE, "exists", &[("value", "x")]),
        "REL-8",
        "does not take a parameter `value`",
    );
    rejects(
        &test_xml(
            CORE,
            "contains",
            &[("case_sensitive", "yes"), ("value", "x")],
        ),
        "REL-11",
        "case_sensitive",
    );
    rejects(
        &test_xml(CORE, "contains", &[("value", "x"), ("value", "y")]),
        "REL-11",
        "a second parameter `value`",
    );
    rejects(
        &test_xml(TIMESTAMP, "less_than", &[("value", "2014-12-19")]),
        "REL-16",
        "RFC 3339",
    );
    rejects(
        &test_xml(REGEX, "matches", &[]),
        "REL-12",
        "requires the parameter `value`",
    );
}

#[test]
fn third_party_modules_pass_unchecked() {
    let xml = test_xml(
        "urn:example:capability:geo-1",
        "within",
        &[("radius", "5km"), ("radius", "6km")],
    );
    let m = decode(xml.as_bytes()).unwrap();
    let test = &query_of(&m).criteria.criterion[0].test;
    assert_eq!(test.relationship(), Ok(None));
    assert_eq!(test.parameters.len(), 2);
}

#[test]
fn capability_error_is_typed() {
    let t = Test::new(
        Uri::new(CORE).unwrap(),
        "exists",
        vec![("x".into(), "1".into())],
    );
    assert_eq!(
        t.relationship(),
        Err((
            CapabilityError::UnexpectedParameter {
                relationship: "exists",
                parameter: "x".into(),
                what: "a"
            },
            "REL-8"
        ))
    );
}

#[test]
fn criteria_nesting_negation_and_order_amb4() {
    // Criterion before Criteria (the published XSD allows any order): accepted, emitted ordered.
    let xml = poll_with(
        r#"<tdq:Criteria operator="OR">
        <tdq:Criterion negate="true"><tdq:Target>**/Title</tdq:Target><tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="exists"/></tdq:Criterion>
        <tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>STIX_Package/*</tdq:Target><tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="does_not_exist"/></tdq:Criterion></tdq:Criteria>
        </tdq:Criteria>"#,
    );
    let m = decode(xml.as_bytes()).unwrap();
    let q = query_of(&m);
    assert_eq!(q.criteria.operator, Operator::Or);
    assert_eq!(q.criteria.criteria[0].operator, Operator::And);
    assert_eq!(q.criteria.criterion[0].negate, Some(true));
    let out = m.to_xml();
    assert!(
        out.find("<tdq:Criteria operator=\"AND\"").unwrap() < out.find("negate=\"true\"").unwrap()
    );
    assert_eq!(decode(out.as_bytes()).unwrap(), m);
}

#[test]
fn empty_criteria_is_rejected_tq5() {
    let e = decode(poll_with(r#"<tdq:Criteria operator="AND"/>"#).as_bytes()).unwrap_err();
    assert_eq!(e.rule(), Some("TQ-5"));
}

/// AMB-26: libtaxii writes Python floats; any number is permitted and kept as written.
#[test]
fn numbers_with_exponents_are_accepted_amb26() {
    for v in ["2.5e-07", "1e+20", "-3E5", "+.5", "7."] {
        assert_eq!(
            typed(CORE, "greater_than", &[("value", v)]),
            Relationship::GreaterThan(num(v)),
            "{v}"
        );
        let xml = test_xml(CORE, "less_than", &[("value", v)]);
        let m = decode(xml.as_bytes()).unwrap();
        assert!(m.validate().is_empty(), "{v}: {:?}", m.validate());
        assert!(m.to_xml().contains(&format!(">{v}</tdq:Parameter>")), "{v}");
    }
    assert!((num("2.5e-07").to_f64() - 2.5e-7).abs() < 1e-20);
    for bad in ["1e", "e5", "1e+", "1.5.2", "0x10", "INF"] {
        assert!(Number::new(bad).is_none(), "{bad}");
    }
}

/// An `equals` without `match_type` decodes (relationship parameters are beyond the XSD);
/// validate reports REL-1.
#[test]
fn equals_without_match_type_decodes_rel1() {
    let xml = test_xml(CORE, "equals", &[("value", "x")]);
    let m = decode(xml.as_bytes()).unwrap();
    assert_eq!(
        query_of(&m).criteria.criterion[0].test.relationship,
        "equals"
    );
    assert_eq!(m.validate()[0].rule, "REL-1");
}

#[test]
fn lower_case_operator_is_a_peer_leniency_amb25() {
    let xml = test_xml(CORE, "exists", &[]).replace(r#"operator="AND""#, r#"operator="and""#);
    let e = decode_with(xml.clone().into_bytes().into(), &DecodeOptions::schema()).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::InvalidValue {
                field: "operator",
                ..
            }
        ),
        "{e}"
    );
    let m = decode(xml.as_bytes()).unwrap();
    assert_eq!(query_of(&m).criteria.operator, Operator::And);
    let xml = xml.replace(r#"operator="and""#, r#"operator="or""#);
    let e = decode_with(xml.clone().into_bytes().into(), &DecodeOptions::schema()).unwrap_err();
    assert!(e.to_string().contains("`or`"), "{e}");
    let m = decode(xml.as_bytes()).unwrap();
    assert_eq!(query_of(&m).criteria.operator, Operator::Or);
}

fn discovery_with(info: &str) -> String {
    format!(
        r#"<taxii_11:Discovery_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="2" in_response_to="1">
<taxii_11:Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.1">
<taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding>
<taxii_11:Address>http://x/poll</taxii_11:Address>
<taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding>
<taxii_11:Supported_Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query_Info>{info}</tdq:Default_Query_Info></taxii_11:Supported_Query>
</taxii_11:Service_Instance></taxii_11:Discovery_Response>"#
    )
}

#[test]
fn query_info_rules_tqi() {
    let ok = discovery_with(
        r#"<tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"><tdq:Preferred_Scope>**/@id</tdq:Preferred_Scope><tdq:Allowed_Scope>**</tdq:Allowed_Scope></tdq:Targeting_Expression_Info>
        <tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.2"><tdq:Allowed_Scope>STIX_Package/*</tdq:Allowed_Scope></tdq:Targeting_Expression_Info>
        <tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module>"#,
    );
    crate::support::files::known_answer_and_inverse("two targeting infos (AMB-3)", ok.as_bytes());
    for (info, rule) in [
        ("<tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module>", "TQI-2"),
        (r#"<tdq:Targeting_Expression_Info targeting_expression_id="x"><tdq:Allowed_Scope>**</tdq:Allowed_Scope></tdq:Targeting_Expression_Info>"#, "TQI-6"),
    ] {
        let e = decode(discovery_with(info).as_bytes()).unwrap_err();
        assert_eq!(e.rule(), Some(rule), "{e}");
    }
    // TQI-4 is beyond the XSD (both scopes are 0-n): a scope-less info decodes, so a
    // client does not lose a whole Discovery_Response to one slip.
    let scopeless = discovery_with(
        r#"<tdq:Targeting_Expression_Info targeting_expression_id="x"/><tdq:Capability_Module>m</tdq:Capability_Module>"#,
    );
    let path = "/Discovery_Response/Service_Instance/Supported_Query/Default_Query_Info/Targeting_Expression_Info";
    crate::support::files::spec_rule(&scopeless, path, "TQI-4");
    // Either scope alone is enough.
    for scope in ["Preferred_Scope", "Allowed_Scope"] {
        let one = discovery_with(&format!(
            r#"<tdq:Targeting_Expression_Info targeting_expression_id="x"><tdq:{scope}>a</tdq:{scope}></tdq:Targeting_Expression_Info><tdq:Capability_Module>m</tdq:Capability_Module>"#
        ));
        assert_eq!(
            decode(one.as_bytes()).unwrap().validate(),
            vec![],
            "{scope}"
        );
    }
}

#[test]
fn built_query_encodes_and_decodes() {
    let test = Test::from(Relationship::Matches {
        case_sensitive: false,
        value: "^evil\\.".into(),
    });
    let criteria = Criteria::new(
        Operator::And,
        vec![],
        vec![Criterion::new("**/Value", test).negated()],
    );
    let query = DefaultQuery::new(Uri::new("urn:stix.mitre.org:xml:1.1.1").unwrap(), criteria);
    let mut params = QueryParameters::default();
    params.query = Some(Query::Default(query));
    let mut pp = PollParameters::default();
    pp.query_parameters = params;
    let req = PollRequest::new(
        MessageId::new("9").unwrap(),
        Uri::new("c").unwrap(),
        PollSelection::PollParameters(pp),
    );
    let m = Message::V11(req.into());
    let again = decode(m.to_xml().as_bytes()).unwrap();
    assert_eq!(again, m);
}

#[test]
fn stix_targeting_expressions_are_checked_te() {
    for ok in [
        "**/@id",
        "STIX_Package/*",
        "**",
        "STIX_Package/Indicators/Indicator/Title",
        "*/@timestamp",
    ] {
        let xml = test_xml(CORE, "exists", &[]).replace("**/@id", ok);
        assert!(decode(xml.as_bytes()).is_ok(), "{ok}");
    }
    for bad in [
        "stix:STIX_Package",
        "a//b",
        "***",
        "/STIX_Package",
        "@",
        "Title ",
    ] {
        let xml = test_xml(CORE, "exists", &[]).replace("**/@id", bad);
        let path = "/Poll_Request/Poll_Parameters/Query/Default_Query/Criteria/Criterion/Target";
        crate::support::files::spec_rule(&xml, path, "TE-3");
        let e = decode_with(xml.clone().into_bytes().into(), &DecodeOptions::strict()).unwrap_err();
        assert_eq!(
            StatusType::from(&e),
            StatusType::UnsupportedTargetingExpression,
            "TQ-8"
        );
        // Third-party vocabularies leave the expression alone.
        let other = xml.replace("urn:stix.mitre.org:xml:1.1.1", "urn:example:vocabulary");
        assert!(
            decode(other.as_bytes()).unwrap().validate().is_empty(),
            "{bad}"
        );
    }
    let scope = discovery_with(
        r#"<tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"><tdq:Preferred_Scope>x:y</tdq:Preferred_Scope></tdq:Targeting_Expression_Info><tdq:Capability_Module>m</tdq:Capability_Module>"#,
    );
    let path = "/Discovery_Response/Service_Instance/Supported_Query/Default_Query_Info/Targeting_Expression_Info/Preferred_Scope";
    crate::support::files::spec_rule(&scope, path, "TE-3");
}

/// `taxii poll --query`'s notation builds queries with no diagnostic (TQ-1, REL-1..REL-17).
#[test]
fn compact_notation_builds_valid_queries_tq_1() {
    use taxii_messages::query::compact;
    let all = [
        "**/Title equals x y",
        "**/Title equals/i X",
        "**/Confidence equals/n 42",
        "**/Title not_equals z",
        "**/Confidence greater_than 2.5e-07",
        "**/Confidence greater_than_or_equal 1",
        "**/Confidence less_than 1e+20",
        "**/Confidence less_than_or_equal -3",
        "**/Kill_Chain exists",
        "**/Kill_Chain does_not_exist",
        "**/Title begins_with/i Evil",
        "**/Title ends_with .",
        "not **/Title contains evil",
        "**/@id matches ^example:",
        "STIX_Package/@timestamp timestamp:greater_than 2024-01-01T00:00:00Z",
        "STIX_Package/@timestamp timestamp:less_than_or_equals 2024-01-01T00:00:00Z",
    ];
    let q = compact::query("urn:stix.mitre.org:xml:1.1.1", &all).unwrap();
    assert_eq!(q.criteria.criterion.len(), all.len());
    assert_eq!(q.criteria.criterion[0].test.parameters[1].1, "x y");
    assert_eq!(q.criteria.criterion[12].negate, Some(true));
    let mut p = PollParameters::default();
    p.query_parameters.query = Some(Query::Default(q));
    let req = PollRequest::new(
        MessageId::new("1").unwrap(),
        Uri::new("c").unwrap(),
        PollSelection::PollParameters(p),
    );
    let m = decode(Message::V11(req.into()).to_xml().as_bytes()).unwrap();
    assert!(m.validate().is_empty(), "{:?}", m.validate());
    for (bad, why) in [
        ("**/Title", "no relationship"),
        ("**/Title sounds_like x", "unknown relationship"),
        ("**/Title contains", "needs a value"),
        ("**/Title exists x", "takes no value"),
        ("**/Title contains/q x", "unknown flag"),
        ("**/Title contains/n 4", "unknown flag"),
        ("**/Confidence greater_than ten", "not a number"),
        ("**/@timestamp timestamp:equals 2024", "2024"),
    ] {
        let e = compact::criterion(bad).unwrap_err();
        assert!(e.contains(why), "{bad}: {e}");
    }
    assert!(compact::query("urn:stix.mitre.org:xml:1.1.1", &[]).is_err());
}

#[test]
fn only_a_te3_breach_at_a_target_is_an_unsupported_targeting_expression_tq8() {
    // At the Target, but not TE-3: a bad message.
    let xml = test_xml(CORE, "exists", &[]).replace("<tdq:Target>", "<tdq:Target extra=\"1\">");
    let e = decode(xml.as_bytes()).unwrap_err();
    assert!(e.path().ends_with("/Target"), "{e}");
    assert_ne!(e.rule(), Some("TE-3"), "{e}");
    assert_eq!(StatusType::from(&e), StatusType::BadMessage, "{e}");
}

#[test]
fn numbers_print_as_written() {
    assert_eq!(num("1.50").to_string(), "1.50");
    assert_eq!(num("-2e3").to_string(), "-2e3");
}

#[test]
fn query_information_shows_in_the_text_form() {
    let xml = discovery_with(
        r#"<tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"><tdq:Preferred_Scope>**/Title</tdq:Preferred_Scope></tdq:Targeting_Expression_Info><tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module>"#,
    );
    let text = decode(xml.as_bytes()).unwrap().to_string();
    for want in [
        "Targeting Expression urn:stix.mitre.org:xml:1.1.1: \n",
        "Preferred Scope: **/Title\n",
        "Capability Module: urn:taxii.mitre.org:query:capability:core-1\n",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}
