//! Property test: any generated TAXII 1.1 message (all 11 types, optional fields on or off)
//! encodes, decodes back equal, and encodes to the same bytes again.

use proptest::prelude::*;
use taxii_messages::query::{
    Criteria, Criterion, DefaultQuery, DefaultQueryInfo, MatchType, Number, Operator, Relationship,
    TargetingExpressionInfo, Test,
};
use taxii_messages::v11::{self, *};
use taxii_messages::{
    decode, ExtendedHeader, Message, MessageId, RawXml, StatusType, Timestamp, Uri,
};

/// Random primitives the builders draw from, round-robin.
#[derive(Debug, Clone)]
struct Draw {
    kind: usize,
    words: Vec<String>,
    texts: Vec<String>,
    flags: Vec<bool>,
    nums: Vec<u64>,
    times: Vec<String>,
    at: [usize; 5],
}

impl Draw {
    fn word(&mut self) -> String {
        self.at[0] += 1;
        self.words[self.at[0] % self.words.len()].clone()
    }
    fn uri(&mut self) -> Uri {
        Uri::new(self.word()).unwrap()
    }
    fn id(&mut self) -> MessageId {
        MessageId::new(self.word()).unwrap()
    }
    fn text(&mut self) -> String {
        self.at[1] += 1;
        self.texts[self.at[1] % self.texts.len()].clone()
    }
    fn flag(&mut self) -> bool {
        self.at[2] += 1;
        self.flags[self.at[2] % self.flags.len()]
    }
    fn num(&mut self) -> u64 {
        self.at[3] += 1;
        self.nums[self.at[3] % self.nums.len()]
    }
    fn time(&mut self) -> Timestamp {
        self.at[4] += 1;
        Timestamp::parse(&self.times[self.at[4] % self.times.len()]).unwrap()
    }
    fn maybe<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.flag() {
            Some(f(self))
        } else {
            None
        }
    }
    fn some<T>(&mut self, max: u64, mut f: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.num() % (max + 1);
        (0..n).map(|_| f(self)).collect()
    }
}

const CONTENTS: [&str; 5] = [
    "<stix:STIX_Package xmlns:stix=\"http://stix.mitre.org/stix-1\" id=\"x:1\"><stix:T>a &amp; b</stix:T></stix:STIX_Package>",
    "plain text &lt;not markup&gt;",
    "<![CDATA[<raw> & stuff]]>",
    "<a/>tail<b x='1'>mixed</b>",
    "",
];

fn raw(d: &mut Draw) -> RawXml {
    let i = (d.num() % CONTENTS.len() as u64) as usize;
    if i == 4 {
        RawXml::from_text(&d.text())
    } else {
        RawXml::new(CONTENTS[i], vec![]).expect("well-formed XML")
    }
}

fn headers(d: &mut Draw) -> Vec<ExtendedHeader> {
    d.some(2, |d| {
        let name = d.uri();
        ExtendedHeader::new(name, raw(d))
    })
}

fn binding(d: &mut Draw) -> ContentBinding {
    let mut b = ContentBinding::new(d.uri());
    b.subtypes = d.some(2, Draw::uri);
    b
}

fn contact(d: &mut Draw) -> ServiceContact {
    let mut c = ServiceContact::new(d.uri(), d.word(), d.uri());
    c.message_bindings.extend(d.some(1, Draw::uri));
    c
}

fn push(d: &mut Draw) -> PushParameters {
    PushParameters::new(d.uri(), d.word(), d.uri())
}

fn relationship(d: &mut Draw) -> Relationship {
    use Relationship::*;
    let value = d.text();
    let n = Number::new(&format!("{}.{}", d.num(), d.num() % 100)).unwrap();
    let cs = d.flag();
    match d.num() % 17 {
        0 => Equals {
            match_type: MatchType::CaseSensitiveString,
            value,
        },
        1 => NotEquals {
            match_type: MatchType::Number,
            value,
        },
        2 => GreaterThan(n),
        3 => GreaterThanOrEqual(n),
        4 => LessThan(n),
        5 => LessThanOrEqual(n),
        6 => DoesNotExist,
        7 => Exists,
        8 => BeginsWith {
            case_sensitive: cs,
            value,
        },
        9 => EndsWith {
            case_sensitive: cs,
            value,
        },
        10 => Contains {
            case_sensitive: cs,
            value,
        },
        11 => Matches {
            case_sensitive: cs,
            value,
        },
        12 => TimestampEquals(d.time()),
        13 => TimestampGreaterThan(d.time()),
        14 => TimestampGreaterThanOrEquals(d.time()),
        15 => TimestampLessThan(d.time()),
        _ => TimestampLessThanOrEquals(d.time()),
    }
}

fn criteria(d: &mut Draw, depth: u32) -> Criteria {
    let op = if d.flag() {
        Operator::And
    } else {
        Operator::Or
    };
    let nested = if depth < 2 {
        d.some(2, |d| criteria(d, depth + 1))
    } else {
        vec![]
    };
    let mut leaves = d.some(2, |d| {
        let mut c = Criterion::new(d.text(), Test::from(relationship(d)));
        c.negate = d.maybe(Draw::flag);
        c
    });
    if nested.is_empty() && leaves.is_empty() {
        leaves.push(Criterion::new(
            "**",
            Test::new(d.uri(), d.word(), vec![(d.word(), d.text())]),
        ));
    }
    Criteria::new(op, nested, leaves)
}

fn query(d: &mut Draw) -> Query {
    if d.flag() {
        Query::Default(DefaultQuery::new(d.uri(), criteria(d, 0)))
    } else {
        Query::Other {
            format_id: d.uri(),
            body: raw(d),
        }
    }
}

fn query_params(d: &mut Draw) -> QueryParameters {
    let mut q = QueryParameters::default();
    q.response_type = d.maybe(|d| {
        if d.flag() {
            ResponseType::Full
        } else {
            ResponseType::CountOnly
        }
    });
    q.content_bindings = d.some(2, binding);
    q.query = d.maybe(query);
    q
}

fn block(d: &mut Draw) -> ContentBlock {
    let mut b = ContentBlock::new(d.uri(), raw(d));
    b.content_binding.subtype = d.maybe(Draw::uri);
    b.timestamp_label = d.maybe(Draw::time);
    b.message = d.maybe(Draw::text);
    b.padding = d.maybe(Draw::text);
    b.signatures = d.some(1, |_| RawXml::new("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo/></ds:Signature>", vec![]).expect("well-formed XML"));
    b
}

fn signature(d: &mut Draw) -> Option<RawXml> {
    d.maybe(|_| {
        RawXml::new(
            "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>",
            vec![],
        )
        .expect("well-formed XML")
    })
}

fn record_count(d: &mut Draw, blocks: usize) -> Option<RecordCount> {
    d.maybe(|d| {
        let mut c = RecordCount::new(blocks as u64 + d.num());
        c.partial_count = d.maybe(Draw::flag);
        c
    })
}

fn service_instance(d: &mut Draw) -> ServiceInstance {
    let types = [
        ServiceType::Discovery,
        ServiceType::CollectionManagement,
        ServiceType::Inbox,
        ServiceType::Poll,
    ];
    let st = types[(d.num() % 4) as usize];
    let mut s = ServiceInstance::new(st, contact(d));
    s.available = d.maybe(Draw::flag);
    s.message = d.maybe(Draw::text);
    match st {
        ServiceType::Inbox => s.inbox_accepted_content = d.some(2, binding),
        ServiceType::Poll | ServiceType::CollectionManagement if d.flag() => {
            let info = TargetingExpressionInfo::new(d.uri(), vec![d.text()], d.some(1, Draw::text));
            s.supported_queries
                .push(SupportedQuery::Default(DefaultQueryInfo::new(
                    vec![info],
                    vec![d.uri()],
                )));
        }
        _ => {}
    }
    s
}

fn collection(d: &mut Draw) -> CollectionInformation {
    let mut c = CollectionInformation::new(d.uri(), d.text());
    c.collection_type = d.maybe(|d| {
        if d.flag() {
            CollectionType::DataFeed
        } else {
            CollectionType::DataSet
        }
    });
    c.available = d.maybe(Draw::flag);
    c.collection_volume = d.maybe(Draw::num);
    c.content_bindings = d.some(2, binding);
    c.push_methods = d.some(1, |d| PushMethod::new(d.uri(), d.uri()));
    c.polling_services = d.some(2, contact);
    c.subscription_services = d.some(1, contact);
    c.receiving_inbox_services = d.some(1, |d| {
        let mut i = InboxService::new(contact(d));
        i.content_bindings = d.some(1, binding);
        i
    });
    c
}

fn build(d: &mut Draw) -> v11::Message {
    match d.kind {
        0 => {
            let mut m = DiscoveryRequest::new(d.id());
            m.extended_headers = headers(d);
            m.signature = signature(d);
            m.into()
        }
        1 => {
            let mut m = DiscoveryResponse::new(d.id(), d.id());
            m.extended_headers = headers(d);
            m.service_instances = d.some(3, service_instance);
            m.signature = signature(d);
            m.into()
        }
        2 => {
            let mut m = CollectionInformationRequest::new(d.id());
            m.extended_headers = headers(d);
            m.into()
        }
        3 => {
            let mut m = CollectionInformationResponse::new(d.id(), d.id());
            m.collections = d.some(3, collection);
            m.signature = signature(d);
            m.into()
        }
        4 => {
            let actions = [
                SubscriptionAction::Subscribe,
                SubscriptionAction::Unsubscribe,
                SubscriptionAction::Pause,
                SubscriptionAction::Resume,
                SubscriptionAction::Status,
            ];
            let action = actions[(d.num() % 5) as usize];
            let mut m = ManageCollectionSubscriptionRequest::new(d.id(), action, d.uri());
            m.extended_headers = headers(d);
            if action == SubscriptionAction::Subscribe {
                m.subscription_parameters = Some(query_params(d));
                m.push_parameters = d.maybe(push);
            } else if action != SubscriptionAction::Status || d.flag() {
                m.subscription_id = Some(d.uri());
            }
            m.into()
        }
        5 => {
            let mut m = ManageCollectionSubscriptionResponse::new(d.id(), d.id(), d.uri());
            m.message = d.maybe(Draw::text);
            m.subscriptions = d.some(2, |d| {
                let mut s = SubscriptionInstance::new(d.uri());
                s.status = d.maybe(|d| {
                    [
                        SubscriptionStatus::Active,
                        SubscriptionStatus::Paused,
                        SubscriptionStatus::Unsubscribed,
                    ][(d.num() % 3) as usize]
                });
                s.subscription_parameters = d.maybe(query_params);
                s.push_parameters = d.maybe(push);
                s.poll_instances = d.some(2, contact);
                s
            });
            m.into()
        }
        6 => {
            let selection = if d.flag() {
                PollSelection::SubscriptionId(d.uri())
            } else {
                let mut p = PollParameters::default();
                p.allow_asynch = d.maybe(Draw::flag);
                p.query_parameters = query_params(d);
                if p.allows_asynch() {
                    p.delivery_parameters = d.maybe(push);
                }
                PollSelection::PollParameters(p)
            };
            let mut m = PollRequest::new(d.id(), d.uri(), selection);
            m.extended_headers = headers(d);
            m.exclusive_begin_timestamp = d.maybe(Draw::time);
            m.inclusive_end_timestamp = d.maybe(Draw::time);
            if let (Some(b), Some(e)) = (m.exclusive_begin_timestamp, m.inclusive_end_timestamp) {
                if e.cmp_instant(&b).is_le() {
                    m.exclusive_begin_timestamp = None; // C11-2
                }
            }
            m.into()
        }
        7 => {
            let mut m = PollResponse::new(d.id(), d.id(), d.uri());
            m.more = d.maybe(Draw::flag);
            m.result_id = if m.has_more() {
                Some(d.uri())
            } else {
                d.maybe(Draw::uri)
            };
            m.result_part_number = d.maybe(|d| d.num() + 1);
            m.extended_headers = headers(d);
            m.subscription_id = d.maybe(Draw::uri);
            m.exclusive_begin_timestamp = d.maybe(Draw::time);
            m.inclusive_end_timestamp = d.maybe(Draw::time);
            m.content_blocks = d.some(3, block);
            m.record_count = record_count(d, m.content_blocks.len());
            m.message = d.maybe(Draw::text);
            m.signature = signature(d);
            m.into()
        }
        8 => {
            let mut m = InboxMessage::new(d.id());
            m.result_id = d.maybe(Draw::uri);
            m.extended_headers = headers(d);
            m.destination_collection_names = d.some(2, Draw::uri);
            m.message = d.maybe(Draw::text);
            m.source_subscription = d.maybe(|d| {
                let mut s = SourceSubscription::new(d.uri(), d.uri());
                s.exclusive_begin_timestamp = d.maybe(Draw::time);
                s.inclusive_end_timestamp = d.maybe(Draw::time);
                s
            });
            m.content_blocks = d.some(3, block);
            m.record_count = record_count(d, m.content_blocks.len());
            m.into()
        }
        9 => {
            let mut m = PollFulfillmentRequest::new(d.id(), d.uri(), d.uri(), d.num() + 1);
            m.extended_headers = headers(d);
            m.into()
        }
        _ => {
            let mut m = match d.num() % 4 {
                0 => StatusMessage::pending(d.id(), d.id(), d.num() + 1, &d.uri(), d.flag()),
                1 => StatusMessage::new(d.id(), d.id(), StatusType::InvalidResponsePart)
                    .with_detail(detail::MAX_PART_NUMBER, &(d.num() + 1).to_string()),
                2 => StatusMessage::new(d.id(), d.id(), StatusType::parse(&d.word())),
                _ => StatusMessage::new(d.id(), d.id(), StatusType::Failure),
            };
            for _ in 0..d.num() % 3 {
                let name = d.word();
                let value = raw(d);
                m.details
                    .push(StatusDetail::new(Uri::new(name).unwrap(), value));
            }
            m.message = d.maybe(Draw::text);
            m.extended_headers = headers(d);
            m.signature = signature(d);
            m.into()
        }
    }
}

fn draws() -> impl Strategy<Value = Draw> {
    let time = (
        1970u32..2100,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        0u32..60,
        0usize..4,
        -14i32..15,
    )
        .prop_map(|(y, mo, da, h, mi, s, frac, tz)| {
            let frac = [String::new(), ".5".into(), ".123".into(), ".000001".into()][frac].clone();
            let zone = if tz == 0 {
                "Z".to_owned()
            } else {
                format!("{:+03}:{:02}", tz, 30 * (tz.unsigned_abs() % 2))
            };
            format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}{frac}{zone}")
        });
    (
        0usize..11,
        proptest::collection::vec("[A-Za-z][A-Za-z0-9:._/-]{0,20}", 1..6),
        proptest::collection::vec("[ -~\u{e9}\u{4e2d}]{0,24}", 1..6),
        proptest::collection::vec(any::<bool>(), 1..12),
        proptest::collection::vec(0u64..1_000_000, 1..8),
        proptest::collection::vec(time, 1..4),
    )
        .prop_map(|(kind, words, texts, flags, nums, times)| Draw {
            kind,
            words,
            texts,
            flags,
            nums,
            times,
            at: [0; 5],
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_messages_round_trip(mut d in draws()) {
        let m = Message::V11(build(&mut d));
        let xml = m.to_xml();
        let back = decode(xml.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(back.to_xml(), xml);
        prop_assert_eq!(&back, &m);
        let again = decode(back.to_xml().as_bytes()).unwrap();
        prop_assert_eq!(again, back);
    }
}

#[test]
fn every_message_type_is_generated() {
    let mut roots: Vec<&str> = (0..11)
        .map(|kind| {
            let mut d = Draw {
                kind,
                words: vec!["w".into()],
                texts: vec!["t".into()],
                flags: vec![true, false],
                nums: vec![1, 2],
                times: vec!["2014-01-01T00:00:00Z".into()],
                at: [0; 5],
            };
            build(&mut d).root_element()
        })
        .collect();
    roots.sort();
    roots.dedup();
    assert_eq!(roots.len(), 11);
}

/// Regression (found by the property test): a raw `ds:Signature` declaring its own prefix
/// used to record that declaration as in scope too, so it never equalled the built value.
#[test]
fn signature_with_its_own_declaration_round_trips_equal() {
    let mut m = DiscoveryRequest::new(MessageId::new("1").unwrap());
    m.signature = Some(
        RawXml::new(
            "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>",
            vec![],
        )
        .expect("well-formed XML"),
    );
    let m = Message::V11(m.into());
    assert_eq!(decode(m.to_xml().as_bytes()).unwrap(), m);
}
