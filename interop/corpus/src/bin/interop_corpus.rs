//! Writes one XML file per TAXII 1.1 message in a corpus covering every message type and
//! optional field, for the interop checks (`interop/run.sh`): libtaxii must decode each
//! file to the same message, and every file must validate against the official XSDs.
//!
//! Usage: `cargo run -p taxii-interop-corpus --bin interop_corpus -- OUT_DIR`

#![forbid(unsafe_code)]

use taxii_interop_corpus::{header, id, stix_content, ts, uri, HTTP, STIX};
use taxii_messages::query::*;
use taxii_messages::v11::*;
use taxii_messages::{ExtendedHeader, MessageId, RawXml, StatusType};

const XML11: &str = "urn:taxii.mitre.org:message:xml:1.1";

fn contact(addr: &str) -> ServiceContact {
    ServiceContact::new(uri(HTTP), addr, uri(XML11))
}

fn binding_with_subtype() -> ContentBinding {
    let mut b = ContentBinding::new(uri(STIX));
    b.subtypes.push(uri("urn:example.com:subtype:indicators"));
    b
}

fn default_query() -> Query {
    let test = |cap: &str, rel: &str, params: &[(&str, &str)]| {
        Test::new(
            uri(cap),
            rel,
            params
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        )
    };
    let inner = Criteria::new(
        Operator::Or,
        vec![],
        vec![
            Criterion::new(
                "**/@id",
                test(
                    "urn:taxii.mitre.org:query:capability:regex-1",
                    "matches",
                    &[("value", "^example:.*$"), ("case_sensitive", "false")],
                ),
            ),
            Criterion::new(
                "STIX_Package/@timestamp",
                test(
                    "urn:taxii.mitre.org:query:capability:timestamp-1",
                    "greater_than",
                    &[("value", "2014-01-01T00:00:00Z")],
                ),
            ),
        ],
    );
    let title = Criterion::new(
        "STIX_Package/STIX_Header/Title",
        test(
            "urn:taxii.mitre.org:query:capability:core-1",
            "contains",
            &[("value", "test"), ("case_sensitive", "true")],
        ),
    )
    .negated();
    Query::Default(DefaultQuery::new(
        uri(STIX),
        Criteria::new(Operator::And, vec![inner], vec![title]),
    ))
}

/// One criterion per relationship of the three capability modules (REL-1..REL-17).
fn all_relationships_query() -> Query {
    use Relationship::*;
    let t = ts("2024-01-01T00:00:00Z");
    let n = |v: &str| Number::new(v).expect("a number");
    let s = |v: &str| v.to_owned();
    let typed = vec![
        Equals {
            match_type: MatchType::CaseInsensitiveString,
            value: s("Evil"),
        },
        NotEquals {
            match_type: MatchType::Number,
            value: s("3"),
        },
        GreaterThan(n("1.5")),
        GreaterThanOrEqual(n("2")),
        LessThan(n("10")),
        LessThanOrEqual(n("-4.25")),
        DoesNotExist,
        Exists,
        BeginsWith {
            case_sensitive: false,
            value: s("mal"),
        },
        EndsWith {
            case_sensitive: true,
            value: s(".com"),
        },
        Contains {
            case_sensitive: true,
            value: s("bad"),
        },
        Matches {
            case_sensitive: true,
            value: s("^[a-z]+$"),
        },
        TimestampEquals(t),
        TimestampGreaterThan(t),
        TimestampLessThan(t),
    ];
    let mut criterion: Vec<Criterion> = typed
        .into_iter()
        .map(|r| Criterion::new("**/@id", Test::from(r)))
        .collect();
    // REL-15 / REL-17 in libtaxii's spelling (LT-17: it rejects the spec's `_equals`);
    // our decoder reads both spellings as the same relationship.
    for rel in ["greater_than_or_equal", "less_than_or_equal"] {
        criterion.push(Criterion::new(
            "STIX_Package/@timestamp",
            Test::new(
                uri(TIMESTAMP),
                rel,
                vec![("value".to_owned(), "2024-01-01T00:00:00Z".to_owned())],
            ),
        ));
    }
    Query::Default(DefaultQuery::new(
        uri(STIX),
        Criteria::new(Operator::Or, vec![], criterion),
    ))
}

fn signature() -> RawXml {
    RawXml::new(
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><ds:SignatureMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#rsa-sha1\"/><ds:Reference URI=\"\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>",
        vec![],
    ).expect("well-formed XML")
}

fn query_params() -> QueryParameters {
    let mut q = QueryParameters::default();
    q.response_type = Some(ResponseType::Full);
    q.content_bindings = vec![binding_with_subtype()];
    q.query = Some(default_query());
    q
}

fn poll_params() -> PollParameters {
    let mut p = PollParameters::default();
    p.allow_asynch = Some(true);
    p.query_parameters = query_params();
    p.delivery_parameters = Some(PushParameters::new(
        uri(HTTP),
        "http://127.0.0.1:9001/inbox",
        uri(XML11),
    ));
    p
}

fn block() -> ContentBlock {
    let mut b = ContentBlock::new(uri(STIX), stix_content());
    b.content_binding.subtype = Some(uri("urn:example.com:subtype:indicators"));
    b.timestamp_label = Some(ts("2024-01-15T10:20:30.123456Z"));
    b.message = Some("a block".into());
    b.padding = Some("xxxx".into());
    b
}

fn corpus() -> Vec<(&'static str, Message)> {
    let mut out: Vec<(&'static str, Message)> = Vec::new();

    let mut dreq = DiscoveryRequest::new(id("1001"));
    dreq.extended_headers = header();
    out.push(("discovery_request", dreq.into()));
    let mut signed = DiscoveryRequest::new(id("1000"));
    signed.extended_headers.push(ExtendedHeader::new(
        uri("urn:example.com:header:xml"),
        RawXml::new("<ex:Hint xmlns:ex=\"urn:example\">fast</ex:Hint>", vec![])
            .expect("well-formed XML"),
    ));
    signed.signature = Some(signature());
    out.push(("discovery_request_signed", signed.into()));

    let mut dres = DiscoveryResponse::new(id("1002"), id("1001"));
    dres.extended_headers = header();
    let mut poll = ServiceInstance::new(
        ServiceType::Poll,
        contact("http://127.0.0.1:9000/services/poll"),
    );
    poll.available = Some(true);
    poll.supported_queries
        .push(SupportedQuery::Default(DefaultQueryInfo::new(
            vec![TargetingExpressionInfo::new(
                uri(STIX),
                vec!["STIX_Package/Indicators/**".into()],
                vec!["**".into()],
            )],
            vec![uri("urn:taxii.mitre.org:query:capability:core-1")],
        )));
    poll.message = Some("poll here".into());
    let mut inbox = ServiceInstance::new(
        ServiceType::Inbox,
        contact("http://127.0.0.1:9000/services/inbox"),
    );
    inbox.inbox_accepted_content.push(binding_with_subtype());
    dres.service_instances = vec![poll, inbox];
    out.push(("discovery_response", dres.into()));

    out.push((
        "collection_information_request",
        CollectionInformationRequest::new(id("1003")).into(),
    ));

    let mut cres = CollectionInformationResponse::new(id("1004"), id("1003"));
    let mut col = CollectionInformation::new(uri("default"), "The default collection");
    col.collection_type = Some(CollectionType::DataFeed);
    col.available = Some(true);
    col.collection_volume = Some(42);
    col.content_bindings.push(binding_with_subtype());
    col.push_methods
        .push(PushMethod::new(uri(HTTP), uri(XML11)));
    col.polling_services
        .push(contact("http://127.0.0.1:9000/services/poll"));
    col.subscription_services.push(contact(
        "http://127.0.0.1:9000/services/collection-management",
    ));
    let mut rin = InboxService::new(contact("http://127.0.0.1:9000/services/inbox"));
    rin.content_bindings.push(ContentBinding::new(uri(STIX)));
    col.receiving_inbox_services.push(rin);
    let mut set = CollectionInformation::new(uri("a-set"), "A data set");
    set.collection_type = Some(CollectionType::DataSet);
    set.available = Some(false);
    cres.collections = vec![col, set];
    out.push(("collection_information_response", cres.into()));

    let mut sub = ManageCollectionSubscriptionRequest::new(
        id("1005"),
        SubscriptionAction::Subscribe,
        uri("default"),
    );
    sub.subscription_parameters = Some(query_params());
    sub.push_parameters = Some(PushParameters::new(
        uri(HTTP),
        "http://127.0.0.1:9001/inbox",
        uri(XML11),
    ));
    out.push(("subscription_request_subscribe", sub.into()));
    let mut unsub = ManageCollectionSubscriptionRequest::new(
        id("1006"),
        SubscriptionAction::Unsubscribe,
        uri("default"),
    );
    unsub.subscription_id = Some(uri("sub-1"));
    out.push(("subscription_request_unsubscribe", unsub.into()));
    for (name, action) in [
        ("subscription_request_pause", SubscriptionAction::Pause),
        ("subscription_request_resume", SubscriptionAction::Resume),
        ("subscription_request_status", SubscriptionAction::Status),
    ] {
        let mut r = ManageCollectionSubscriptionRequest::new(id("1013"), action, uri("default"));
        r.subscription_id = Some(uri("sub-1"));
        out.push((name, r.into()));
    }

    let mut sres =
        ManageCollectionSubscriptionResponse::new(id("1007"), id("1005"), uri("default"));
    sres.message = Some("subscribed".into());
    let mut si = SubscriptionInstance::new(uri("sub-1"));
    si.status = Some(SubscriptionStatus::Active);
    si.subscription_parameters = Some(query_params());
    si.push_parameters = Some(PushParameters::new(
        uri(HTTP),
        "http://127.0.0.1:9001/inbox",
        uri(XML11),
    ));
    si.poll_instances
        .push(contact("http://127.0.0.1:9000/services/poll"));
    sres.subscriptions = vec![si];
    out.push(("subscription_response", sres.into()));

    let mut preq = PollRequest::new(
        id("1008"),
        uri("default"),
        PollSelection::PollParameters(poll_params()),
    );
    preq.exclusive_begin_timestamp = Some(ts("2024-01-01T00:00:00Z"));
    preq.inclusive_end_timestamp = Some(ts("2024-02-01T00:00:00+02:00"));
    out.push(("poll_request_parameters", preq.into()));
    let mut all = PollParameters::default();
    all.query_parameters.query = Some(all_relationships_query());
    out.push((
        "poll_request_all_relationships",
        PollRequest::new(
            id("1014"),
            uri("default"),
            PollSelection::PollParameters(all),
        )
        .into(),
    ));
    out.push((
        "poll_request_subscription",
        PollRequest::new(
            id("1009"),
            uri("default"),
            PollSelection::SubscriptionId(uri("sub-1")),
        )
        .into(),
    ));

    let mut pres = PollResponse::new(id("1010"), id("1008"), uri("default"));
    pres.more = Some(true);
    pres.result_id = Some(uri("result-1"));
    pres.result_part_number = Some(1);
    pres.subscription_id = Some(uri("sub-1"));
    pres.exclusive_begin_timestamp = Some(ts("2024-01-01T00:00:00Z"));
    pres.inclusive_end_timestamp = Some(ts("2024-02-01T00:00:00Z"));
    let mut count = RecordCount::new(2);
    count.partial_count = Some(true);
    pres.record_count = Some(count);
    pres.message = Some("part one".into());
    pres.content_blocks = vec![
        block(),
        ContentBlock::new(uri(STIX), RawXml::from_text("plain text & more")),
    ];
    pres.content_blocks[0].signatures.push(signature());
    pres.signature = Some(signature());
    out.push(("poll_response", pres.into()));

    let mut inbox_msg = InboxMessage::new(id("1011"));
    inbox_msg.result_id = Some(uri("result-1"));
    inbox_msg.destination_collection_names = vec![uri("default")];
    inbox_msg.message = Some("pushed".into());
    let mut ss = SourceSubscription::new(uri("upstream"), uri("sub-9"));
    ss.inclusive_end_timestamp = Some(ts("2024-02-01T00:00:00Z"));
    inbox_msg.source_subscription = Some(ss);
    inbox_msg.record_count = Some(RecordCount::new(1));
    inbox_msg.content_blocks = vec![block()];
    out.push(("inbox_message", inbox_msg.into()));

    out.push((
        "poll_fulfillment",
        PollFulfillmentRequest::new(id("1012"), uri("default"), uri("result-1"), 2).into(),
    ));

    let statuses: Vec<(&str, StatusMessage)> = vec![
        (
            "status_success",
            StatusMessage::new(id("2001"), id("1011"), StatusType::Success).with_message("stored"),
        ),
        (
            "status_pending",
            StatusMessage::pending(id("2002"), id("1008"), 30, &uri("result-1"), true),
        ),
        (
            "status_retry",
            StatusMessage::new(id("2003"), id("1008"), StatusType::Retry)
                .with_detail(detail::ESTIMATED_WAIT, "10"),
        ),
        (
            "status_not_found",
            StatusMessage::new(id("2004"), id("1008"), StatusType::NotFound)
                .with_detail(detail::ITEM, "nope"),
        ),
        (
            "status_invalid_part",
            StatusMessage::new(id("2005"), id("1012"), StatusType::InvalidResponsePart)
                .with_detail(detail::MAX_PART_NUMBER, "3"),
        ),
        (
            "status_unsupported_protocol",
            StatusMessage::new(id("2006"), id("1005"), StatusType::UnsupportedProtocol)
                .with_detail(detail::SUPPORTED_PROTOCOL, HTTP),
        ),
        (
            "status_unsupported_message",
            StatusMessage::new(id("2007"), id("1005"), StatusType::UnsupportedMessage)
                .with_detail(detail::SUPPORTED_BINDING, XML11),
        ),
        (
            "status_unsupported_query",
            StatusMessage::new(id("2008"), id("1008"), StatusType::UnsupportedQuery)
                .with_detail(detail::SUPPORTED_QUERY, FORMAT_ID),
        ),
        (
            "status_destination_error",
            StatusMessage::new(
                id("2009"),
                id("1011"),
                StatusType::DestinationCollectionError,
            )
            .with_detail(detail::ACCEPTABLE_DESTINATION, "default"),
        ),
        (
            "status_unsupported_content",
            StatusMessage::new(id("2011"), id("1011"), StatusType::UnsupportedContent)
                .with_detail(detail::SUPPORTED_CONTENT, STIX)
                .with_detail(detail::SUPPORTED_CONTENT, "urn:stix.mitre.org:xml:1.2"),
        ),
        (
            "status_unsupported_capability_module",
            StatusMessage::new(
                id("2012"),
                id("1008"),
                StatusType::UnsupportedCapabilityModule,
            )
            .with_detail(detail::CAPABILITY_MODULE, CORE),
        ),
        (
            "status_unsupported_targeting_expression",
            StatusMessage::new(
                id("2013"),
                id("1008"),
                StatusType::UnsupportedTargetingExpression,
            )
            .with_detail(detail::PREFERRED_SCOPE, "**/@id")
            .with_detail(detail::ALLOWED_SCOPE, "**"),
        ),
        (
            "status_unsupported_targeting_expression_id",
            StatusMessage::new(
                id("2014"),
                id("1008"),
                StatusType::UnsupportedTargetingExpressionId,
            )
            .with_detail(detail::TARGETING_EXPRESSION_ID, STIX),
        ),
        (
            "status_third_party",
            StatusMessage::new(
                id("2015"),
                id("1008"),
                StatusType::Other("urn:example.com:status:QUOTA".into()),
            )
            .with_detail("urn:example.com:detail:used", "7"),
        ),
        (
            "status_bad_message",
            StatusMessage::new(id("2010"), MessageId::unknown(), StatusType::BadMessage)
                .with_message("could not parse"),
        ),
    ];
    let plain = [
        (
            "status_asynchronous_poll_error",
            StatusType::AsynchronousPollError,
        ),
        ("status_denied", StatusType::Denied),
        ("status_failure", StatusType::Failure),
        ("status_network_error", StatusType::NetworkError),
        ("status_polling_unsupported", StatusType::PollingUnsupported),
        ("status_unauthorized", StatusType::Unauthorized),
    ];
    let statuses = statuses.into_iter().chain(
        plain
            .into_iter()
            .map(|(name, t)| (name, StatusMessage::new(id("2020"), id("1008"), t))),
    );
    for (name, mut s) in statuses {
        s.extended_headers = header();
        out.push((name, s.into()));
    }
    out
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: interop_corpus OUT_DIR");
        std::process::exit(2);
    });
    std::fs::create_dir_all(&dir).expect("create output directory");
    let corpus = corpus();
    for (i, (name, msg)) in corpus.iter().enumerate() {
        let xml = taxii_messages::Message::V11(msg.clone()).to_xml();
        let back = taxii_messages::decode(xml.as_bytes()).expect("our own output decodes");
        assert_eq!(back, taxii_messages::Message::V11(msg.clone()), "{name}");
        let path = format!("{dir}/ours11_{i:02}_{name}.xml");
        std::fs::write(&path, xml).expect("write corpus file");
    }
    println!("wrote {} messages to {dir}", corpus.len());
}
