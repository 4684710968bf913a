//! Valid TAXII 1.1 messages and Default Queries built from fuzzer bytes.
//!
//! The builders respect every rule the decoder enforces (schema order is the encoder's
//! job; the cross-field rules C11-1..C11-11, SQ-2, TQ-5 and the status detail rules are
//! kept here), so any decode failure of their output is a bug in the codec.

use arbitrary::{Result, Unstructured};
use chrono::{FixedOffset, NaiveDate, TimeZone};
use taxii_messages::query::{check_stix_expression, is_stix_vocabulary};
use taxii_messages::query::{
    Criteria, Criterion, DefaultQuery, DefaultQueryInfo, MatchType, Number, Operator, Relationship,
    TargetingExpressionInfo, Test, CORE, REGEX, TIMESTAMP,
};
use taxii_messages::v11::{self, detail};
use taxii_messages::{
    ExtendedHeader, Message, MessageId, NamespaceBinding, RawXml, StatusType, Timestamp, Uri,
};

/// Identifiers seen in real traffic; mixed with arbitrary ones.
const URIS: &[&str] = &[
    "urn:stix.mitre.org:xml:1.1.1",
    "urn:stix.mitre.org:xml:1.0",
    "urn:taxii.mitre.org:protocol:http:1.0",
    "urn:taxii.mitre.org:protocol:https:1.0",
    "urn:taxii.mitre.org:message:xml:1.1",
    "urn:taxii.mitre.org:services:1.1",
    "urn:taxii.mitre.org:query:capability:core-1",
    "urn:taxii.mitre.org:query:default:1.0",
    "http://example.com/services/poll",
    "collection-a",
    "a&b<c>\"d'",
];

/// Element names used inside raw payloads.
const NAMES: &[&str] = &["a", "b", "Indicator", "STIX_Package", "x-y.z_1"];

/// Prefixes used inside raw payloads: ours, envelope ones (rebinding them is legal).
const PREFIXES: &[&str] = &["s", "t", "taxii_11", "tdq", "ds"];

/// A maximum for collection lengths, to keep inputs fast.
const MAX_ITEMS: u32 = 3;

fn clean_char(c: char, keep_space: bool) -> char {
    let legal = !matches!(c, '\u{FFFE}' | '\u{FFFF}');
    let space_ok = keep_space && matches!(c, ' ' | '\t' | '\n' | '\r');
    if space_ok || (legal && !c.is_control() && !c.is_whitespace()) {
        c
    } else {
        '_'
    }
}

/// A URI: non-empty, no whitespace or control characters, no `|` (nesting separator).
pub fn uri(u: &mut Unstructured<'_>) -> Result<Uri> {
    let s = if u.ratio(1, 2)? {
        (*u.choose(URIS)?).to_owned()
    } else {
        let raw: String = u.arbitrary()?;
        raw.chars()
            .map(|c| if c == '|' { '_' } else { clean_char(c, false) })
            .take(40)
            .collect()
    };
    let s = if s.is_empty() { "x".to_owned() } else { s };
    Ok(Uri::new(s).expect("cleaned URI is valid"))
}

/// A message id.
pub fn message_id(u: &mut Unstructured<'_>) -> Result<MessageId> {
    Ok(MessageId::new(uri(u)?.into_string()).expect("cleaned id is valid"))
}

/// Free text: any XML character, whitespace included.
pub fn text(u: &mut Unstructured<'_>) -> Result<String> {
    let raw: String = u.arbitrary()?;
    Ok(raw.chars().map(|c| clean_char(c, true)).take(60).collect())
}

fn opt<T>(
    u: &mut Unstructured<'_>,
    f: impl FnOnce(&mut Unstructured<'_>) -> Result<T>,
) -> Result<Option<T>> {
    Ok(if u.arbitrary()? { Some(f(u)?) } else { None })
}

fn list<T>(
    u: &mut Unstructured<'_>,
    min: u32,
    mut f: impl FnMut(&mut Unstructured<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let n = u.int_in_range(min..=min + MAX_ITEMS)?;
    (0..n).map(|_| f(u)).collect()
}

/// A timestamp with any offset and 0..=6 fractional digits.
pub fn timestamp(u: &mut Unstructured<'_>) -> Result<Timestamp> {
    let date = NaiveDate::from_ymd_opt(
        u.int_in_range(1..=9999)?,
        u.int_in_range(1..=12)?,
        u.int_in_range(1..=28)?,
    )
    .expect("day <= 28 exists in every month");
    let micros: u32 = u.int_in_range(0..=999_999)?;
    let time = date
        .and_hms_micro_opt(
            u.int_in_range(0..=23)?,
            u.int_in_range(0..=59)?,
            u.int_in_range(0..=59)?,
            micros,
        )
        .expect("in range");
    let offset_min: i32 = if u.arbitrary()? {
        0
    } else {
        u.int_in_range(-(14 * 60)..=14 * 60)?
    };
    let offset = FixedOffset::east_opt(offset_min * 60).expect("within ±14h");
    let dt = offset
        .from_local_datetime(&time)
        .single()
        .expect("fixed offsets are unambiguous");
    Ok(Timestamp::new(dt))
}

/// Two timestamps, the second strictly later (C11-2).
fn ordered_range(u: &mut Unstructured<'_>) -> Result<(Option<Timestamp>, Option<Timestamp>)> {
    let a = opt(u, timestamp)?;
    let b = opt(u, timestamp)?;
    Ok(match (a, b) {
        (Some(a), Some(b)) if a.value() == b.value() => (Some(a), None),
        (Some(a), Some(b)) if a.value() > b.value() => (Some(b), Some(a)),
        other => other,
    })
}

/// Raw XML content: text, CDATA, comments, references and nested elements, with the
/// namespace bindings its prefixes need either declared inline or carried alongside.
pub fn raw_xml(u: &mut Unstructured<'_>) -> Result<RawXml> {
    let mut bindings: Vec<NamespaceBinding> = Vec::new();
    let mut out = String::new();
    let nodes = u.int_in_range(0..=MAX_ITEMS)?;
    for _ in 0..nodes {
        node(u, &mut out, &mut bindings, 0)?;
    }
    Ok(RawXml::new_unchecked(out.into_bytes(), bindings))
}

fn node(
    u: &mut Unstructured<'_>,
    out: &mut String,
    bindings: &mut Vec<NamespaceBinding>,
    depth: u32,
) -> Result<()> {
    match u.int_in_range(0..=5)? {
        0 => out.push_str(&RawXml::from_text(&text(u)?).to_string()),
        1 => {
            let t = text(u)?.replace("]]>", "]]]]><![CDATA[>");
            out.push_str("<![CDATA[");
            out.push_str(&t);
            out.push_str("]]>");
        }
        2 => {
            let t = text(u)?.replace("--", "- -");
            let t = t.strip_suffix('-').unwrap_or(&t).to_owned();
            out.push_str("<!--");
            out.push_str(&t);
            out.push_str("-->");
        }
        3 => out.push_str(u.choose(&["&amp;", "&lt;", "&#65;", "&#x1F600;", "&quot;"])?),
        _ => element(u, out, bindings, depth)?,
    }
    Ok(())
}

fn element(
    u: &mut Unstructured<'_>,
    out: &mut String,
    bindings: &mut Vec<NamespaceBinding>,
    depth: u32,
) -> Result<()> {
    let local = *u.choose(NAMES)?;
    let prefix = if u.arbitrary()? {
        Some(*u.choose(PREFIXES)?)
    } else {
        None
    };
    let mut name = String::new();
    let mut decl = String::new();
    if let Some(p) = prefix {
        name.push_str(p);
        name.push(':');
        let ns = format!("urn:ns:{p}");
        // Declare inline, or rely on a binding carried with the payload.
        if u.arbitrary()? || bindings.iter().any(|b| b.prefix == p && b.uri != ns) {
            decl = format!(" xmlns:{p}=\"{ns}\"");
        } else if !bindings.iter().any(|b| b.prefix == p) {
            bindings.push(NamespaceBinding::new(p, ns));
        }
    }
    name.push_str(local);
    out.push('<');
    out.push_str(&name);
    out.push_str(&decl);
    if u.arbitrary()? {
        out.push_str(" attr=\"");
        attr_escape_into(&text(u)?, out);
        out.push('"');
    }
    if depth >= 3 || u.arbitrary()? {
        out.push_str("/>");
        return Ok(());
    }
    out.push('>');
    let children = u.int_in_range(0..=2)?;
    for _ in 0..children {
        node(u, out, bindings, depth + 1)?;
    }
    out.push_str("</");
    out.push_str(&name);
    out.push('>');
    Ok(())
}

fn attr_escape_into(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// A `ds:Signature` element, kept raw. A whole captured element carries its own start
/// tag, so every declaration it needs is written there; its bindings are those of the
/// enclosing scope (the envelope's own, so none of significance).
fn signature(u: &mut Unstructured<'_>) -> Result<RawXml> {
    let dsig = taxii_messages::namespaces::XMLDSIG;
    let mut bindings = vec![NamespaceBinding::new("ds", dsig)];
    let mut inner = String::new();
    for _ in 0..u.int_in_range(0..=MAX_ITEMS)? {
        node(u, &mut inner, &mut bindings, 0)?;
    }
    let mut xml = String::from("<ds:Signature");
    for b in &bindings {
        xml.push_str(&format!(" xmlns:{}=\"{}\"", b.prefix, b.uri));
    }
    if inner.is_empty() {
        xml.push_str("/>");
    } else {
        xml.push('>');
        xml.push_str(&inner);
        xml.push_str("</ds:Signature>");
    }
    Ok(RawXml::new_unchecked(xml.into_bytes(), Vec::new()))
}

fn extended_headers(u: &mut Unstructured<'_>) -> Result<Vec<ExtendedHeader>> {
    list(u, 0, |u| Ok(ExtendedHeader::new(uri(u)?, raw_xml(u)?)))
}

fn content_binding(u: &mut Unstructured<'_>) -> Result<v11::ContentBinding> {
    let mut b = v11::ContentBinding::new(uri(u)?);
    b.subtypes = list(u, 0, uri)?;
    Ok(b)
}

fn content_block(u: &mut Unstructured<'_>) -> Result<v11::ContentBlock> {
    let nested = u.ratio(1, 4)?;
    let binding = if nested {
        let parts = list(u, 2, uri)?;
        let joined: Vec<&str> = parts.iter().map(Uri::as_str).collect();
        Uri::new(joined.join("|")).expect("joined URIs are valid")
    } else {
        uri(u)?
    };
    let mut b = v11::ContentBlock::new(binding, raw_xml(u)?);
    if !nested {
        b.content_binding.subtype = opt(u, uri)?;
    }
    b.timestamp_label = opt(u, timestamp)?;
    b.message = opt(u, text)?;
    b.padding = opt(u, text)?;
    b.signatures = list(u, 0, signature)?;
    Ok(b)
}

fn record_count(u: &mut Unstructured<'_>, at_least: usize) -> Result<Option<v11::RecordCount>> {
    opt(u, |u| {
        let extra: u64 = u.arbitrary()?;
        let mut rc = v11::RecordCount::new((at_least as u64).saturating_add(extra));
        rc.partial_count = u.arbitrary()?;
        Ok(rc)
    })
}

fn service_contact(u: &mut Unstructured<'_>) -> Result<v11::ServiceContact> {
    let mut c = v11::ServiceContact::new(uri(u)?, text(u)?, uri(u)?);
    c.message_bindings.extend(list(u, 0, uri)?);
    Ok(c)
}

fn push_parameters(u: &mut Unstructured<'_>) -> Result<v11::PushParameters> {
    Ok(v11::PushParameters::new(uri(u)?, text(u)?, uri(u)?))
}

fn query_parameters(u: &mut Unstructured<'_>) -> Result<v11::QueryParameters> {
    let mut q = v11::QueryParameters::default();
    q.response_type = opt(u, |u| {
        Ok(*u.choose(&[v11::ResponseType::Full, v11::ResponseType::CountOnly])?)
    })?;
    q.content_bindings = list(u, 0, content_binding)?;
    q.query = opt(u, |u| {
        Ok(if u.arbitrary()? {
            v11::Query::Default(default_query(u)?)
        } else {
            v11::Query::Other {
                format_id: other_format(u)?,
                body: raw_xml(u)?,
            }
        })
    })?;
    Ok(q)
}

/// A query format id other than the Default Query's.
fn other_format(u: &mut Unstructured<'_>) -> Result<Uri> {
    let id = uri(u)?;
    Ok(if id.as_str() == taxii_messages::query::FORMAT_ID {
        Uri::new("urn:example:query").expect("valid")
    } else {
        id
    })
}

/// A Default Query (TQ-1..TQ-13); every Criteria has at least one child (TQ-5).
pub fn default_query(u: &mut Unstructured<'_>) -> Result<DefaultQuery> {
    let vocabulary = uri(u)?;
    let criteria = criteria(u, 0, vocabulary.as_str())?;
    Ok(DefaultQuery::new(vocabulary, criteria))
}

/// A targeting expression (or scope) of `vocabulary`: the STIX vocabulary's use the slash
/// notation (TE-1..TE-3), others are free text.
fn target(u: &mut Unstructured<'_>, vocabulary: &str) -> Result<String> {
    let t = text(u)?;
    if !is_stix_vocabulary(vocabulary) || check_stix_expression(&t).is_ok() {
        return Ok(t);
    }
    const NODES: &[&str] = &[
        "STIX_Package",
        "Indicators",
        "Indicator",
        "@id",
        "Title",
        "*",
        "**",
    ];
    let nodes = (0..u.int_in_range(1..=4)?)
        .map(|_| u.choose(NODES).copied())
        .collect::<Result<Vec<_>>>()?;
    Ok(nodes.join("/"))
}

fn criteria(u: &mut Unstructured<'_>, depth: u32, vocabulary: &str) -> Result<Criteria> {
    let operator = *u.choose(&[Operator::And, Operator::Or])?;
    let nested = if depth < 3 {
        let n = u.int_in_range(0..=2)?;
        (0..n)
            .map(|_| criteria(u, depth + 1, vocabulary))
            .collect::<Result<_>>()?
    } else {
        Vec::new()
    };
    let min = u32::from(nested.is_empty());
    let criterion = list(u, min, |u| {
        let mut c = Criterion::new(target(u, vocabulary)?, test(u)?);
        c.negate = u.arbitrary()?;
        Ok(c)
    })?;
    Ok(Criteria::new(operator, nested, criterion))
}

/// A test: a typed relationship of a defined capability module (TQ-11, REL-1..REL-17),
/// or anything under a third-party module.
fn test(u: &mut Unstructured<'_>) -> Result<Test> {
    if u.ratio(1, 3)? {
        let mut id = uri(u)?;
        if matches!(id.as_str(), CORE | REGEX | TIMESTAMP) {
            id = Uri::new("urn:example:capability").expect("valid");
        }
        let params = list(u, 0, |u| Ok((text(u)?, text(u)?)))?;
        return Ok(Test::new(id, text(u)?, params));
    }
    let rel = relationship(u)?;
    Ok(Test::new(
        Uri::new(rel.capability_id()).expect("valid"),
        rel.name(),
        rel.parameters(),
    ))
}

fn relationship(u: &mut Unstructured<'_>) -> Result<Relationship> {
    use Relationship as R;
    let mt = *u.choose(&[
        MatchType::CaseSensitiveString,
        MatchType::CaseInsensitiveString,
        MatchType::Number,
    ])?;
    let number = |u: &mut Unstructured<'_>| -> Result<Number> {
        let n: i64 = u.arbitrary()?;
        let frac: u16 = u.arbitrary()?;
        let s = if u.arbitrary()? {
            format!("{n}")
        } else {
            format!("{n}.{frac}")
        };
        Ok(Number::new(&s).expect("a decimal number"))
    };
    Ok(match u.int_in_range(0..=16)? {
        0 => R::Equals {
            match_type: mt,
            value: text(u)?,
        },
        1 => R::NotEquals {
            match_type: mt,
            value: text(u)?,
        },
        2 => R::GreaterThan(number(u)?),
        3 => R::GreaterThanOrEqual(number(u)?),
        4 => R::LessThan(number(u)?),
        5 => R::LessThanOrEqual(number(u)?),
        6 => R::DoesNotExist,
        7 => R::Exists,
        8 => R::BeginsWith {
            case_sensitive: u.arbitrary()?,
            value: text(u)?,
        },
        9 => R::EndsWith {
            case_sensitive: u.arbitrary()?,
            value: text(u)?,
        },
        10 => R::Contains {
            case_sensitive: u.arbitrary()?,
            value: text(u)?,
        },
        11 => R::Matches {
            case_sensitive: u.arbitrary()?,
            value: text(u)?,
        },
        12 => R::TimestampEquals(timestamp(u)?),
        13 => R::TimestampGreaterThan(timestamp(u)?),
        14 => R::TimestampGreaterThanOrEquals(timestamp(u)?),
        15 => R::TimestampLessThan(timestamp(u)?),
        _ => R::TimestampLessThanOrEquals(timestamp(u)?),
    })
}

fn default_query_info(u: &mut Unstructured<'_>) -> Result<DefaultQueryInfo> {
    let infos = list(u, 1, |u| {
        // TQI-4: at least one scope.
        let vocabulary = uri(u)?;
        let v = vocabulary.as_str();
        let preferred = list(u, 0, |u| target(u, v))?;
        let allowed = list(u, u32::from(preferred.is_empty()), |u| target(u, v))?;
        Ok(TargetingExpressionInfo::new(vocabulary, preferred, allowed))
    })?;
    Ok(DefaultQueryInfo::new(infos, list(u, 1, uri)?))
}

/// A TAXII 1.1 message of any of the eleven types.
pub fn message(u: &mut Unstructured<'_>) -> Result<Message> {
    use v11::Message as M;
    let id = message_id(u)?;
    let m: M = match u.int_in_range(0..=10)? {
        0 => status_message(u, id)?.into(),
        1 => {
            let mut m = v11::DiscoveryRequest::new(id);
            m.extended_headers = extended_headers(u)?;
            m.signature = opt(u, signature)?;
            m.into()
        }
        2 => discovery_response(u, id)?.into(),
        3 => {
            let mut m = v11::CollectionInformationRequest::new(id);
            m.extended_headers = extended_headers(u)?;
            m.signature = opt(u, signature)?;
            m.into()
        }
        4 => collection_response(u, id)?.into(),
        5 => subscription_request(u, id)?.into(),
        6 => subscription_response(u, id)?.into(),
        7 => poll_request(u, id)?.into(),
        8 => poll_response(u, id)?.into(),
        9 => inbox_message(u, id)?.into(),
        _ => {
            let part = u.int_in_range(1..=u64::MAX)?;
            let mut m = v11::PollFulfillmentRequest::new(id, uri(u)?, uri(u)?, part);
            m.extended_headers = extended_headers(u)?;
            m.signature = opt(u, signature)?;
            m.into()
        }
    };
    Ok(Message::V11(m))
}

/// A Poll_Request carrying `query` (used by the Default Query round trip).
pub fn poll_request_with_query(query: DefaultQuery) -> Message {
    let mut p = v11::PollParameters::default();
    p.query_parameters.query = Some(v11::Query::Default(query));
    let req = v11::PollRequest::new(
        MessageId::new("1").expect("valid"),
        Uri::new("collection").expect("valid"),
        v11::PollSelection::PollParameters(p),
    );
    Message::V11(req.into())
}

fn status_message(u: &mut Unstructured<'_>, id: MessageId) -> Result<v11::StatusMessage> {
    const TYPES: &[&str] = &[
        "SUCCESS",
        "FAILURE",
        "BAD_MESSAGE",
        "DENIED",
        "NOT_FOUND",
        "PENDING",
        "RETRY",
        "INVALID_RESPONSE_PART",
        "UNSUPPORTED_TARGETING_EXPRESSION",
        "UNSUPPORTED_QUERY",
        "DESTINATION_COLLECTION_ERROR",
        "urn:example:status:custom",
    ];
    let status = StatusType::parse(u.choose(TYPES)?);
    let mut m = v11::StatusMessage::new(id, message_id(u)?, status.clone());
    m.extended_headers = extended_headers(u)?;
    let positive = |u: &mut Unstructured<'_>| -> Result<String> {
        Ok(u.int_in_range(1..=u64::MAX)?.to_string())
    };
    match status {
        StatusType::Pending => {
            m = m
                .with_detail(detail::ESTIMATED_WAIT, &positive(u)?)
                .with_detail(detail::RESULT_ID, uri(u)?.as_str())
                .with_detail(
                    detail::WILL_PUSH,
                    if u.arbitrary()? { "true" } else { "false" },
                );
        }
        StatusType::InvalidResponsePart => {
            m = m.with_detail(detail::MAX_PART_NUMBER, &positive(u)?);
        }
        StatusType::Retry if u.arbitrary()? => {
            m = m.with_detail(detail::ESTIMATED_WAIT, &positive(u)?);
        }
        StatusType::UnsupportedTargetingExpression => {
            m = m.with_detail(detail::PREFERRED_SCOPE, &text(u)?);
        }
        _ => {}
    }
    for _ in 0..u.int_in_range(0..=2)? {
        let name = format!("urn:example:detail:{}", u.int_in_range(0..=9)?);
        let mut d = v11::StatusDetail::text(&name, "");
        d.value = raw_xml(u)?;
        m.details.push(d);
    }
    m.message = opt(u, text)?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn discovery_response(u: &mut Unstructured<'_>, id: MessageId) -> Result<v11::DiscoveryResponse> {
    let mut m = v11::DiscoveryResponse::new(id, message_id(u)?);
    m.extended_headers = extended_headers(u)?;
    m.service_instances = list(u, 0, |u| {
        let kind = *u.choose(&[
            v11::ServiceType::Discovery,
            v11::ServiceType::CollectionManagement,
            v11::ServiceType::Inbox,
            v11::ServiceType::Poll,
        ])?;
        let mut s = v11::ServiceInstance::new(kind, service_contact(u)?);
        s.service_version = uri(u)?;
        s.available = u.arbitrary()?;
        // C11-9: queries only for POLL and COLLECTION_MANAGEMENT, content for INBOX.
        let queries = matches!(
            kind,
            v11::ServiceType::Poll | v11::ServiceType::CollectionManagement
        );
        if queries && u.arbitrary()? {
            s.supported_queries
                .push(v11::SupportedQuery::Default(default_query_info(u)?));
        }
        if queries && u.arbitrary()? {
            s.supported_queries.push(v11::SupportedQuery::Other {
                format_id: other_format(u)?,
                body: raw_xml(u)?,
            });
        }
        if kind == v11::ServiceType::Inbox {
            s.inbox_accepted_content = list(u, 0, content_binding)?;
        }
        s.message = opt(u, text)?;
        Ok(s)
    })?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn collection_response(
    u: &mut Unstructured<'_>,
    id: MessageId,
) -> Result<v11::CollectionInformationResponse> {
    let mut m = v11::CollectionInformationResponse::new(id, message_id(u)?);
    m.extended_headers = extended_headers(u)?;
    m.collections = list(u, 0, |u| {
        let mut c = v11::CollectionInformation::new(uri(u)?, text(u)?);
        c.collection_type = opt(u, |u| {
            Ok(*u.choose(&[v11::CollectionType::DataFeed, v11::CollectionType::DataSet])?)
        })?;
        c.available = u.arbitrary()?;
        c.collection_volume = u.arbitrary()?;
        c.content_bindings = list(u, 0, content_binding)?;
        c.push_methods = list(u, 0, |u| Ok(v11::PushMethod::new(uri(u)?, uri(u)?)))?;
        c.polling_services = list(u, 0, service_contact)?;
        c.subscription_services = list(u, 0, service_contact)?;
        c.receiving_inbox_services = list(u, 0, |u| {
            let mut s = v11::InboxService::new(service_contact(u)?);
            s.content_bindings = list(u, 0, content_binding)?;
            Ok(s)
        })?;
        Ok(c)
    })?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn subscription_request(
    u: &mut Unstructured<'_>,
    id: MessageId,
) -> Result<v11::ManageCollectionSubscriptionRequest> {
    use v11::SubscriptionAction as A;
    let action = *u.choose(&[A::Subscribe, A::Unsubscribe, A::Pause, A::Resume, A::Status])?;
    let mut m = v11::ManageCollectionSubscriptionRequest::new(id, action, uri(u)?);
    m.extended_headers = extended_headers(u)?;
    m.subscription_id = match action {
        A::Unsubscribe | A::Pause | A::Resume => Some(uri(u)?),
        _ => opt(u, uri)?,
    };
    m.subscription_parameters = match action {
        A::Subscribe => Some(query_parameters(u)?),
        _ => opt(u, query_parameters)?,
    };
    m.push_parameters = opt(u, push_parameters)?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn subscription_response(
    u: &mut Unstructured<'_>,
    id: MessageId,
) -> Result<v11::ManageCollectionSubscriptionResponse> {
    let mut m = v11::ManageCollectionSubscriptionResponse::new(id, message_id(u)?, uri(u)?);
    m.extended_headers = extended_headers(u)?;
    m.message = opt(u, text)?;
    m.subscriptions = list(u, 0, |u| {
        let mut s = v11::SubscriptionInstance::new(uri(u)?);
        s.status = opt(u, |u| {
            Ok(*u.choose(&[
                v11::SubscriptionStatus::Active,
                v11::SubscriptionStatus::Paused,
                v11::SubscriptionStatus::Unsubscribed,
            ])?)
        })?;
        s.subscription_parameters = opt(u, query_parameters)?;
        s.push_parameters = opt(u, push_parameters)?;
        s.poll_instances = list(u, 0, service_contact)?;
        Ok(s)
    })?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn poll_request(u: &mut Unstructured<'_>, id: MessageId) -> Result<v11::PollRequest> {
    let selection = if u.arbitrary()? {
        v11::PollSelection::SubscriptionId(uri(u)?)
    } else {
        let mut p = v11::PollParameters::default();
        p.allow_asynch = u.arbitrary()?;
        p.query_parameters = query_parameters(u)?;
        if p.allow_asynch == Some(true) {
            p.delivery_parameters = opt(u, push_parameters)?;
        }
        v11::PollSelection::PollParameters(p)
    };
    let mut m = v11::PollRequest::new(id, uri(u)?, selection);
    m.extended_headers = extended_headers(u)?;
    (m.exclusive_begin_timestamp, m.inclusive_end_timestamp) = ordered_range(u)?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn poll_response(u: &mut Unstructured<'_>, id: MessageId) -> Result<v11::PollResponse> {
    let mut m = v11::PollResponse::new(id, message_id(u)?, uri(u)?);
    m.more = u.arbitrary()?;
    m.result_id = if m.more == Some(true) {
        Some(uri(u)?)
    } else {
        opt(u, uri)?
    };
    m.result_part_number = opt(u, |u| u.int_in_range(1..=u64::MAX))?;
    m.extended_headers = extended_headers(u)?;
    m.subscription_id = opt(u, uri)?;
    (m.exclusive_begin_timestamp, m.inclusive_end_timestamp) = ordered_range(u)?;
    m.content_blocks = list(u, 0, content_block)?;
    m.record_count = record_count(u, m.content_blocks.len())?;
    m.message = opt(u, text)?;
    m.signature = opt(u, signature)?;
    Ok(m)
}

fn inbox_message(u: &mut Unstructured<'_>, id: MessageId) -> Result<v11::InboxMessage> {
    let mut m = v11::InboxMessage::new(id);
    m.result_id = opt(u, uri)?;
    m.extended_headers = extended_headers(u)?;
    m.destination_collection_names = list(u, 0, uri)?;
    m.message = opt(u, text)?;
    m.source_subscription = opt(u, |u| {
        let mut s = v11::SourceSubscription::new(uri(u)?, uri(u)?);
        (s.exclusive_begin_timestamp, s.inclusive_end_timestamp) = ordered_range(u)?;
        Ok(s)
    })?;
    m.content_blocks = list(u, 0, content_block)?;
    m.record_count = record_count(u, m.content_blocks.len())?;
    m.signature = opt(u, signature)?;
    Ok(m)
}
