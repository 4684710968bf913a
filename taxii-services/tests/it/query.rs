//! Default Query evaluation against STIX content: 3 modules, 17 relationships (REL-1..17),
//! nesting and negation (TQ-4..TQ-7), and the ERR-10 statuses.

use taxii_messages::query::{
    Criteria, Criterion, DefaultQuery, DefaultQueryInfo, Operator, TargetingExpressionInfo, Test,
};
use taxii_messages::v11::{PollParameters, Query};
use taxii_messages::StatusType;
use taxii_services::config::STIX_111;
use taxii_services::query::{CompiledQuery, QueryError, CORE, REGEX, TIMESTAMP};

use crate::support::*;

const DOC: &str = r#"<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:indicator="http://stix.mitre.org/Indicator-2" id="example:Package-1" version="1.1.1" timestamp="2024-01-15T10:20:30Z">
  <stix:STIX_Header><stix:Title>Watch &amp; list</stix:Title></stix:STIX_Header>
  <stix:Indicators>
    <stix:Indicator id="example:indicator-1" timestamp="2024-01-15T10:20:30Z">
      <indicator:Title>C2 address</indicator:Title>
      <indicator:Confidence>42</indicator:Confidence>
      <indicator:Description><![CDATA[beacon to 198.51.100.7]]></indicator:Description>
    </stix:Indicator>
  </stix:Indicators>
</stix:STIX_Package>"#;

fn info(scope: &[&str]) -> DefaultQueryInfo {
    DefaultQueryInfo::new(
        vec![TargetingExpressionInfo::new(
            uri(STIX_111),
            vec![],
            scope.iter().map(|s| s.to_string()).collect(),
        )],
        vec![uri(CORE), uri(REGEX), uri(TIMESTAMP)],
    )
}

fn crit(target: &str, module: &str, rel: &str, params: &[(&str, &str)]) -> Criterion {
    Criterion::new(
        target,
        Test::new(
            uri(module),
            rel,
            params
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        ),
    )
}

fn query(op: Operator, groups: Vec<Criteria>, tests: Vec<Criterion>) -> DefaultQuery {
    DefaultQuery::new(uri(STIX_111), Criteria::new(op, groups, tests))
}

fn eval(c: Criterion) -> bool {
    let q = query(Operator::And, vec![], vec![c]);
    CompiledQuery::compile(&q, &info(&["**"]))
        .unwrap()
        .matches_xml(DOC)
}

const TITLE: &str = "STIX_Package/STIX_Header/Title";
const CONF: &str = "**/Confidence";

#[test]
fn rel1_rel2_equals_and_not_equals() {
    let cs = [
        ("match_type", "case_sensitive_string"),
        ("value", "Watch & list"),
    ];
    assert!(eval(crit(TITLE, CORE, "equals", &cs)));
    let ci = [
        ("match_type", "case_insensitive_string"),
        ("value", "WATCH & LIST"),
    ];
    assert!(eval(crit(TITLE, CORE, "equals", &ci)));
    assert!(!eval(crit(
        TITLE,
        CORE,
        "equals",
        &[("match_type", "case_sensitive_string"), ("value", "Watch")]
    )));
    assert!(eval(crit(
        CONF,
        CORE,
        "equals",
        &[("match_type", "number"), ("value", "42.0")]
    )));
    assert!(eval(crit(
        TITLE,
        CORE,
        "not_equals",
        &[("match_type", "case_sensitive_string"), ("value", "x")]
    )));
    assert!(!eval(crit(TITLE, CORE, "not_equals", &cs)));
}

#[test]
fn rel3_to_rel6_numeric_comparisons() {
    assert!(eval(crit(CONF, CORE, "greater_than", &[("value", "41")])));
    assert!(!eval(crit(CONF, CORE, "greater_than", &[("value", "42")])));
    assert!(eval(crit(
        CONF,
        CORE,
        "greater_than_or_equal",
        &[("value", "42")]
    )));
    assert!(eval(crit(CONF, CORE, "less_than", &[("value", "42.5")])));
    assert!(!eval(crit(CONF, CORE, "less_than", &[("value", "42")])));
    assert!(eval(crit(
        CONF,
        CORE,
        "less_than_or_equal",
        &[("value", "42")]
    )));
    // non-numeric targets never compare
    assert!(!eval(crit(TITLE, CORE, "greater_than", &[("value", "0")])));
}

#[test]
fn rel7_rel8_existence() {
    assert!(eval(crit("**/Description", CORE, "exists", &[])));
    assert!(!eval(crit("**/Producer", CORE, "exists", &[])));
    assert!(eval(crit("**/Producer", CORE, "does_not_exist", &[])));
    assert!(!eval(crit("**/@id", CORE, "does_not_exist", &[])));
}

#[test]
fn rel9_to_rel11_affixes_with_case_sensitivity() {
    assert!(eval(crit(
        TITLE,
        CORE,
        "begins_with",
        &[("value", "Watch")]
    )));
    assert!(!eval(crit(
        TITLE,
        CORE,
        "begins_with",
        &[("value", "watch")]
    )));
    assert!(eval(crit(
        TITLE,
        CORE,
        "begins_with",
        &[("value", "watch"), ("case_sensitive", "false")]
    )));
    assert!(eval(crit(TITLE, CORE, "ends_with", &[("value", "list")])));
    assert!(eval(crit(
        "**/Description",
        CORE,
        "contains",
        &[("value", "198.51.100.7")]
    )));
    assert!(!eval(crit(
        "**/Description",
        CORE,
        "contains",
        &[("value", "BEACON")]
    )));
}

#[test]
fn rel12_regex_matches() {
    assert!(eval(crit(
        "**/Description",
        REGEX,
        "matches",
        &[("value", r"\d+\.\d+\.\d+\.\d+")]
    )));
    assert!(!eval(crit(
        "**/Description",
        REGEX,
        "matches",
        &[("value", "^BEACON")]
    )));
    assert!(eval(crit(
        "**/Description",
        REGEX,
        "matches",
        &[("value", "^BEACON"), ("case_sensitive", "false")]
    )));
}

#[test]
fn rel13_to_rel17_timestamps() {
    let t = "STIX_Package/@timestamp";
    assert!(eval(crit(
        t,
        TIMESTAMP,
        "equals",
        &[("value", "2024-01-15T11:20:30+01:00")]
    )));
    assert!(eval(crit(
        t,
        TIMESTAMP,
        "greater_than",
        &[("value", "2024-01-01T00:00:00Z")]
    )));
    assert!(eval(crit(
        t,
        TIMESTAMP,
        "greater_than_or_equals",
        &[("value", "2024-01-15T10:20:30Z")]
    )));
    assert!(eval(crit(
        t,
        TIMESTAMP,
        "less_than",
        &[("value", "2025-01-01T00:00:00Z")]
    )));
    assert!(!eval(crit(
        t,
        TIMESTAMP,
        "less_than",
        &[("value", "2024-01-15T10:20:30Z")]
    )));
    assert!(eval(crit(
        t,
        TIMESTAMP,
        "less_than_or_equals",
        &[("value", "2024-01-15T10:20:30Z")]
    )));
    // libtaxii's spelling (LT-Q1) is accepted too
    assert!(eval(crit(
        t,
        TIMESTAMP,
        "less_than_or_equal",
        &[("value", "2024-01-15T10:20:30Z")]
    )));
}

fn eq(v: &str) -> [(&str, &str); 2] {
    [("match_type", "case_sensitive_string"), ("value", v)]
}

#[test]
fn te2_wildcards_and_attributes() {
    assert!(eval(crit(
        "STIX_Package/*/Indicator/@id",
        CORE,
        "equals",
        &eq("example:indicator-1")
    )));
    assert!(eval(crit(
        "**/@id",
        CORE,
        "equals",
        &eq("example:Package-1")
    )));
    assert!(!eval(crit(
        "STIX_Package/*/@id",
        CORE,
        "equals",
        &eq("example:indicator-1")
    )));
}

#[test]
fn tq4_tq5_tq7_nested_criteria_and_negation() {
    let yes = || crit(TITLE, CORE, "exists", &[]);
    let no = || crit("**/Nope", CORE, "exists", &[]);
    let run = |q: DefaultQuery| {
        CompiledQuery::compile(&q, &info(&["**"]))
            .unwrap()
            .matches_xml(DOC)
    };
    assert!(!run(query(Operator::And, vec![], vec![yes(), no()])));
    assert!(run(query(Operator::Or, vec![], vec![yes(), no()])));
    assert!(run(query(
        Operator::And,
        vec![],
        vec![yes(), no().negated()]
    )));
    let inner = Criteria::new(Operator::Or, vec![], vec![no(), yes()]);
    assert!(run(query(Operator::And, vec![inner.clone()], vec![yes()])));
    let inner_false = Criteria::new(Operator::And, vec![], vec![no(), yes()]);
    assert!(!run(query(
        Operator::And,
        vec![inner, inner_false.clone()],
        vec![]
    )));
    assert!(run(query(Operator::Or, vec![inner_false], vec![yes()])));
}

#[test]
fn ex9_content_that_cannot_be_judged_does_not_match() {
    let q = query(
        Operator::Or,
        vec![],
        vec![crit("**", CORE, "does_not_exist", &[])],
    );
    let c = CompiledQuery::compile(&q, &info(&["**"])).unwrap();
    assert!(!c.matches_xml("<a><b></a>"));
    assert!(!c.matches_xml("<!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>"));
}

#[test]
fn err10_unsupported_capability_module_vocabulary_and_scope() {
    let q = query(
        Operator::And,
        vec![],
        vec![crit(TITLE, "urn:example:module", "x", &[])],
    );
    match CompiledQuery::compile(&q, &info(&["**"])) {
        Err(QueryError::CapabilityModule { supported, .. }) => assert_eq!(supported.len(), 3),
        other => panic!("{other:?}"),
    }
    let mut q = query(
        Operator::And,
        vec![],
        vec![crit(TITLE, CORE, "exists", &[])],
    );
    q.targeting_expression_id = uri("urn:example:vocab");
    assert!(matches!(
        CompiledQuery::compile(&q, &info(&["**"])),
        Err(QueryError::TargetingExpressionId { .. })
    ));
    let q = query(
        Operator::And,
        vec![],
        vec![crit(TITLE, CORE, "exists", &[])],
    );
    match CompiledQuery::compile(&q, &info(&["STIX_Package/Indicators/**"])) {
        Err(QueryError::TargetingExpression { allowed, .. }) => {
            assert_eq!(allowed, ["STIX_Package/Indicators/**"])
        }
        other => panic!("{other:?}"),
    }
    let inside = query(
        Operator::And,
        vec![],
        vec![crit(
            "STIX_Package/Indicators/Indicator/Title",
            CORE,
            "exists",
            &[],
        )],
    );
    assert!(CompiledQuery::compile(&inside, &info(&["STIX_Package/Indicators/**"])).is_ok());
}

#[test]
fn tq11_tq12_bad_relationships_and_parameters_are_refused() {
    for (rel, params) in [
        ("is_like", vec![]),
        ("equals", vec![("value", "x")]),
        ("equals", vec![("match_type", "fuzzy"), ("value", "x")]),
        ("greater_than", vec![("value", "many")]),
        ("exists", vec![("value", "x")]),
        ("contains", vec![("value", "a"), ("value", "b")]),
        (
            "begins_with",
            vec![("value", "a"), ("case_sensitive", "maybe")],
        ),
    ] {
        let q = query(Operator::And, vec![], vec![crit(TITLE, CORE, rel, &params)]);
        assert!(
            CompiledQuery::compile(&q, &info(&["**"])).is_err(),
            "{rel} {params:?}"
        );
    }
    let q = query(
        Operator::And,
        vec![],
        vec![crit(TITLE, REGEX, "matches", &[("value", "(unclosed")])],
    );
    assert!(CompiledQuery::compile(&q, &info(&["**"])).is_err());
}

#[test]
fn err10_statuses_from_the_poll_service() {
    let f = Fixture::new();
    let cases = [
        (
            crit(TITLE, "urn:example:module", "x", &[]),
            StatusType::UnsupportedCapabilityModule,
        ),
        (
            crit("STIX_Package//Title", CORE, "exists", &[]),
            StatusType::UnsupportedTargetingExpression,
        ),
        (
            crit(TITLE, CORE, "equals", &[("value", "x")]),
            StatusType::BadMessage,
        ),
    ];
    for (c, expected) in cases {
        let mut p = PollParameters::default();
        p.query_parameters.query = Some(Query::Default(query(Operator::And, vec![], vec![c])));
        let o = f.send(
            "poll-a",
            &test_user(),
            requests().poll(&coll_a(), p, None, None),
        );
        let s = assert_status(&o, expected.clone());
        if expected == StatusType::UnsupportedTargetingExpression {
            assert_eq!(s.preferred_scopes(), ["STIX_Package/Indicators/**"]);
            assert_eq!(s.allowed_scopes(), ["**"]);
        }
    }
    let mut q = query(
        Operator::And,
        vec![],
        vec![crit(TITLE, CORE, "exists", &[])],
    );
    q.targeting_expression_id = uri("urn:example:vocab");
    let mut p = PollParameters::default();
    p.query_parameters.query = Some(Query::Default(q));
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let s = assert_status(&o, StatusType::UnsupportedTargetingExpressionId);
    assert_eq!(s.targeting_expression_ids(), [STIX_111]);
}

/// A queried poll finds a match past the first store page: reading goes on while pages
/// come back full.
#[test]
fn a_query_finds_a_match_past_the_first_store_page() {
    use taxii_services::store::{CollectionStore, NewRecord};
    let f = Fixture::new();
    let records = (0..600)
        .map(|i| {
            let b = stix_block(&format!("t{i}"));
            NewRecord::new(coll_a(), b.content_binding, b.content)
        })
        .collect();
    block_on(f.engine.store().add_records(records)).unwrap();
    f.clock.advance_secs(1);
    let mut p = PollParameters::default();
    let wanted = crit(TITLE, CORE, "equals", &eq("t599"));
    p.query_parameters.query = Some(Query::Default(query(Operator::And, vec![], vec![wanted])));
    let o = f.send(
        "poll-a",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    assert_eq!(titles(poll_response(&o)), ["t599"]);
}

#[test]
fn hostile_content_is_bounded_and_does_not_match() {
    let q = query(Operator::Or, vec![], vec![crit("**", CORE, "exists", &[])]);
    let c = CompiledQuery::compile(&q, &info(&["**"])).unwrap();
    let deep = format!("{}{}", "<a>".repeat(500), "</a>".repeat(500));
    assert!(!c.matches_xml(&deep), "deeper than the limit: not judged");
    let wide = format!("<r>{}</r>", "<x/>".repeat(200_000));
    assert!(
        !c.matches_xml(&wide),
        "more nodes than the limit: not judged"
    );
    let fine = format!("<r>{}</r>", "<x/>".repeat(1000));
    assert!(c.matches_xml(&fine));
}

#[test]
fn err10_a_listed_third_party_module_is_unsupported_capability_module() {
    // The service lists a third-party module the engine has no evaluator for.
    let module = "urn:example:capability:geo-1";
    let mut with_geo = query_info();
    if let taxii_messages::v11::SupportedQuery::Default(i) = &mut with_geo {
        i.capability_modules.push(uri(module));
    }
    let mut svcs = services();
    svcs.push(
        taxii_services::config::ServiceDefinition::new(
            "poll-geo",
            taxii_messages::v11::ServiceType::Poll,
            "http://h/geo",
        )
        .with_queries(vec![with_geo]),
    );
    let f = Fixture::with(taxii_services::config::ServerConfig::new(svcs), policy());
    let mut p = PollParameters::default();
    p.query_parameters.query = Some(Query::Default(query(
        Operator::And,
        vec![],
        vec![crit(TITLE, module, "within", &[("radius", "5km")])],
    )));
    let o = f.send(
        "poll-geo",
        &test_user(),
        requests().poll(&coll_a(), p, None, None),
    );
    let s = assert_status(&o, StatusType::UnsupportedCapabilityModule);
    assert!(s.message.as_deref().unwrap_or("").contains(module), "{s:?}");
}

#[test]
fn criteria_nest_up_to_the_depth_limit() {
    use taxii_services::query::MAX_CRITERIA_DEPTH;
    let nested = |levels: usize| {
        let mut c = Criteria::new(Operator::Or, vec![], vec![crit(TITLE, CORE, "exists", &[])]);
        for _ in 1..levels {
            c = Criteria::new(Operator::And, vec![c], vec![]);
        }
        DefaultQuery::new(uri(STIX_111), c)
    };
    let deepest = CompiledQuery::compile(&nested(MAX_CRITERIA_DEPTH), &info(&["**"]));
    assert!(deepest.expect("at the limit").matches_xml(DOC));
    match CompiledQuery::compile(&nested(MAX_CRITERIA_DEPTH + 1), &info(&["**"])) {
        Err(QueryError::TooDeep(n)) => assert_eq!(n, MAX_CRITERIA_DEPTH),
        other => panic!("{other:?}"),
    }
}

#[test]
fn err10_a_known_module_the_service_does_not_list_is_unsupported() {
    let core_only =
        DefaultQueryInfo::new(info(&["**"]).targeting_expression_infos, vec![uri(CORE)]);
    let q = query(
        Operator::And,
        vec![],
        vec![crit(
            TITLE,
            REGEX,
            "matches",
            &[("value", "W.*"), ("case_sensitive", "true")],
        )],
    );
    match CompiledQuery::compile(&q, &core_only) {
        Err(QueryError::CapabilityModule { given, supported }) => {
            assert_eq!(given, REGEX);
            assert_eq!(supported, [CORE]);
        }
        other => panic!("{other:?}"),
    }
    let core = query(
        Operator::And,
        vec![],
        vec![crit(TITLE, CORE, "exists", &[])],
    );
    assert!(CompiledQuery::compile(&core, &core_only).is_ok());
}

#[test]
fn namespace_declarations_are_not_attributes_and_a_doctype_is_not_judged() {
    // DOC declares xmlns:stix and xmlns:indicator; neither is an attribute to a query.
    assert!(!eval(crit("**/@stix", CORE, "exists", &[])));
    assert!(!eval(crit("**/@xmlns", CORE, "exists", &[])));
    assert!(eval(crit("**/@version", CORE, "exists", &[])));
    // EX-9: a document type declaration, even an empty one, leaves the record unjudged.
    let q = query(Operator::And, vec![], vec![crit("**", CORE, "exists", &[])]);
    let c = CompiledQuery::compile(&q, &info(&["**"])).unwrap();
    assert!(c.matches_xml("<x/>"));
    assert!(!c.matches_xml("<!DOCTYPE x><x/>"));
}

#[test]
fn te2_a_double_star_inside_a_target_spans_one_or_more_levels() {
    // Confidence sits two levels below STIX_Package, the header's Title one.
    for hit in [
        "STIX_Package/**/Confidence",
        "STIX_Package/**/Indicator/Title",
        "**/Indicators/**",
    ] {
        assert!(eval(crit(hit, CORE, "exists", &[])), "{hit}");
    }
    for miss in [
        "STIX_Package/**/STIX_Package",
        "STIX_Package/**/Indicators/Confidence",
    ] {
        assert!(!eval(crit(miss, CORE, "exists", &[])), "{miss}");
    }
}

#[test]
fn te5_a_star_in_a_scope_covers_names_but_only_a_double_star_covers_a_double_star() {
    let compiles = |scope: &str, target: &str| {
        let q = query(
            Operator::And,
            vec![],
            vec![crit(target, CORE, "exists", &[])],
        );
        CompiledQuery::compile(&q, &info(&[scope])).is_ok()
    };
    assert!(compiles("STIX_Package/*", "STIX_Package/Indicators"));
    assert!(compiles(
        "STIX_Package/*",
        "STIX_Package/Indicators/Indicator/Title"
    ));
    assert!(!compiles("STIX_Package/*", "STIX_Package/**"));
    assert!(compiles("STIX_Package/**", "STIX_Package/**"));
}

#[test]
fn ex9_documents_are_judged_up_to_the_depth_and_size_limits() {
    let q = query(
        Operator::And,
        vec![],
        vec![crit(
            "**",
            CORE,
            "equals",
            &[("value", "x"), ("match_type", "case_sensitive_string")],
        )],
    );
    let c = CompiledQuery::compile(&q, &info(&["**"])).unwrap();
    // Values are compared trimmed.
    assert!(c.matches_xml("<a>\n  x  </a>"));
    let nested = |depth: usize| format!("{}x{}", "<a>".repeat(depth), "</a>".repeat(depth));
    assert!(c.matches_xml(&nested(100)));
    assert!(
        !c.matches_xml(&nested(101)),
        "deeper than 100 is not judged"
    );
    let wide = |nodes: usize| format!("<r>{}<a>x</a></r>", "<a/>".repeat(nodes - 2));
    assert!(c.matches_xml(&wide(100_000)));
    assert!(
        !c.matches_xml(&wide(100_001)),
        "more than 100,000 nodes is not judged"
    );
}
