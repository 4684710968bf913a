//! TAXII 1.0 Draft 1 → TAXII 1.0 (checklist §8.3): identifiers become URNs (§1.6), GUID
//! message ids become digit ids through a [`Draft1Context`], hyphenated structures become
//! their 1.0 counterparts. What 1.0 cannot say is a [`ConvertError`] naming the field.

use std::collections::HashMap;

use super::common::exclusive_of;
use super::ConvertError;
use crate::draft1::{self, draft_time_to_timestamp, Action, PollSelection};
use crate::ids::{MessageId, MessageIdGenerator, SequentialGenerator, Uri};
use crate::raw_xml::RawXml;
use crate::status::StatusType;
use crate::timestamp::Timestamp;
use crate::v10;

type Result<T> = std::result::Result<T, ConvertError>;

/// What converting Draft 1 messages needs that the messages do not carry: TAXII 1.0 ids
/// for Draft 1 GUIDs (the same GUID always gets the same id, so a response's
/// `in_response_to` matches its converted request) and the feed a Poll Response answers.
#[derive(Debug, Clone)]
pub struct Draft1Context<G = SequentialGenerator> {
    ids: HashMap<String, MessageId>,
    generator: G,
    /// The feed polled, for Poll Responses (Draft 1 responses do not name it).
    pub feed_name: Option<Uri>,
}

impl<G: MessageIdGenerator> Draft1Context<G> {
    /// A context minting 1.0 message ids with `generator` (it must produce digits).
    pub fn new(generator: G) -> Self {
        Draft1Context {
            ids: HashMap::new(),
            generator,
            feed_name: None,
        }
    }

    /// The 1.0 id standing for a Draft 1 id.
    pub fn message_id(&mut self, draft_id: &str) -> Result<MessageId> {
        if let Some(id) = self.ids.get(draft_id) {
            return Ok(id.clone());
        }
        let id = self.generator.next_id();
        if !v10::is_valid_message_id(id.as_str()) {
            return Err(ConvertError::value10(
                "@message-id",
                id.into_string(),
                "the id generator to produce digits (G10-2)",
            ));
        }
        self.ids.insert(draft_id.to_owned(), id.clone());
        Ok(id)
    }
}

/// The TAXII 1.0 identifier for a Draft 1 one (D1-ID-1..D1-ID-5); other values must
/// already be URIs and are kept.
pub fn draft1_id_to_v10(id: &str) -> Option<Uri> {
    let id = id.trim();
    let mapped = match id {
        draft1::SERVICES_VERSION => v10::SERVICES_VERSION.to_owned(),
        draft1::MESSAGE_BINDING => v10::MESSAGE_BINDING.to_owned(),
        draft1::HTTP_BINDING => "urn:taxii.mitre.org:protocol:http:1.0".to_owned(),
        draft1::HTTPS_BINDING => "urn:taxii.mitre.org:protocol:https:1.0".to_owned(),
        _ => match id.strip_prefix("STIX_XML_") {
            Some(v) => format!("urn:stix.mitre.org:xml:{v}"),
            None => id.to_owned(),
        },
    };
    Uri::new(mapped).ok()
}

fn uri(value: &str, field: &'static str) -> Result<Uri> {
    draft1_id_to_v10(value)
        .ok_or_else(|| ConvertError::value10(field, value, "a Draft 1 identifier or a URI"))
}

fn uris(list: &[String], field: &'static str) -> Result<Vec<Uri>> {
    list.iter().map(|v| uri(v, field)).collect()
}

fn name(value: &str, field: &'static str) -> Result<Uri> {
    Uri::new(value).map_err(|_| ConvertError::value10(field, value, "a URI (no whitespace)"))
}

fn time(value: &str, field: &'static str) -> Result<Timestamp> {
    draft_time_to_timestamp(value).ok_or_else(|| {
        ConvertError::value10(
            field,
            value,
            "a time with a zone (a zoneless Draft 1 time is local time, D1-DIF-16)",
        )
    })
}

/// `read` applied to an optional value.
fn opt<T>(v: &Option<String>, field: &'static str, read: Reader<T>) -> Result<Option<T>> {
    v.as_deref().map(|v| read(v, field)).transpose()
}

type Reader<T> = fn(&str, &'static str) -> Result<T>;

struct Ids {
    message_id: MessageId,
    in_response_to: Option<MessageId>,
}

fn header<G: MessageIdGenerator>(h: &draft1::Header, ctx: &mut Draft1Context<G>) -> Result<Ids> {
    if h.extended_headers
        .as_ref()
        .is_some_and(|x| !x.as_str().trim().is_empty())
    {
        return Err(ConvertError::value10(
            "extended-headers",
            h.extended_headers
                .as_ref()
                .map(RawXml::to_string)
                .unwrap_or_default(),
            "named Extended_Header values; Draft 1 headers are bare elements (D1-DIF-7)",
        ));
    }
    Ok(Ids {
        message_id: ctx.message_id(&h.message_id)?,
        in_response_to: match &h.in_response_to {
            Some(r) => Some(ctx.message_id(r)?),
            None => None,
        },
    })
}

fn response_to(ids: &Ids) -> Result<MessageId> {
    ids.in_response_to
        .clone()
        .ok_or(ConvertError::to10_required("@in-response-to"))
}

impl ConvertError {
    fn to10_required(field: &'static str) -> Self {
        ConvertError::value10(
            field,
            "",
            "a value (required on TAXII 1.0 responses, D1-DIF-6)",
        )
    }
}

fn status_type(error_type: &str) -> Result<StatusType> {
    Ok(match error_type.trim() {
        "BAD-MESSAGE" => StatusType::BadMessage,
        "UNAUTHORIZED" => StatusType::Unauthorized,
        "DENIED" => StatusType::Denied,
        "UNSUPPORTED-PROTOCOL" => StatusType::UnsupportedProtocol,
        "UNSUPPORTED-MESSAGE" => StatusType::UnsupportedMessage,
        "UNSUPPORTED-CONTENT" => StatusType::UnsupportedContent,
        "NOT-FOUND" => StatusType::NotFound,
        "FAILURE" => StatusType::Failure,
        // The sample's delayed reply: a retry time, RETRY in final 1.0 (§8.4).
        "PENDING" => StatusType::Retry,
        other @ ("UNSUPPORTED-SERVICE" | "UNRECOGNIZED-VALUE" | "PROTECTION-UNSUPPORTED") => {
            return Err(ConvertError::value10(
                "@error-type",
                other,
                "an error type TAXII 1.0 kept (D1-DIF-4)",
            ))
        }
        other => StatusType::parse(name(other, "@error-type")?.as_str()),
    })
}

fn push_parameters(r: &draft1::SubscriptionRecord) -> Result<Option<v10::PushParameters>> {
    if r.protect == Some(true) {
        return Err(ConvertError::to10("subscription/protect"));
    }
    if r.delivery_method.trim() == draft1::POLL_DELIVERY {
        // A 1.0 poll subscription has no Push_Parameters and so no content binding.
        return Err(ConvertError::only_with(
            "subscription/content-binding",
            "1.0",
            "a 1.0 poll subscription (delivery-method POLL) carries no content binding",
        ));
    }
    let mut p = v10::PushParameters::new(
        uri(&r.delivery_method, "subscription/delivery-method")?,
        r.send_to.trim(),
        uri(&r.message_binding, "subscription/message-binding")?,
    );
    p.content_bindings = vec![uri(&r.content_binding, "subscription/content-binding")?];
    Ok(Some(p))
}

fn stix_blocks(binding: &str, stix: Vec<RawXml>) -> Result<Vec<v10::ContentBlock>> {
    let binding = uri(binding, "content-binding")?;
    Ok(stix
        .into_iter()
        .map(|s| v10::ContentBlock::new(binding.clone(), s))
        .collect())
}

impl draft1::Message {
    /// This message in TAXII 1.0, where 1.0 has a counterpart.
    pub fn into_v10<G: MessageIdGenerator>(
        self,
        ctx: &mut Draft1Context<G>,
    ) -> Result<v10::Message> {
        use draft1::Message as D;
        let ids = header(self.header(), ctx)?;
        Ok(match self {
            D::ErrorMessage(m) => {
                let st = status_type(&m.error_type)?;
                let mut s = v10::StatusMessage::new(ids.message_id.clone(), response_to(&ids)?, st);
                s.status_detail = match (&s.status_type, m.error_detail) {
                    (
                        StatusType::UnsupportedContent
                        | StatusType::UnsupportedMessage
                        | StatusType::UnsupportedProtocol,
                        Some(d),
                    ) => Some(
                        d.split_whitespace()
                            .map(|id| uri(id, "error-detail").map(Uri::into_string))
                            .collect::<Result<Vec<_>>>()?
                            .join(" "),
                    ),
                    (_, d) => d,
                };
                s.message = m.message;
                s.into()
            }
            D::DiscoveryRequest(_) => v10::DiscoveryRequest::new(ids.message_id).into(),
            D::FeedInformationRequest(_) => v10::FeedInformationRequest::new(ids.message_id).into(),
            D::DiscoveryResponse(m) => {
                let mut r = v10::DiscoveryResponse::new(ids.message_id.clone(), response_to(&ids)?);
                for s in m.service_instances {
                    let st = match s.service_type {
                        draft1::ServiceType::Discovery => v10::ServiceType::Discovery,
                        draft1::ServiceType::FeedManagement => v10::ServiceType::FeedManagement,
                        draft1::ServiceType::Inbox => v10::ServiceType::Inbox,
                        draft1::ServiceType::Poll => v10::ServiceType::Poll,
                    };
                    let mut contact = v10::ServiceContact::new(
                        uri(&s.protocol_binding, "service-instance/protocol-binding")?,
                        s.service_address.trim(),
                        uri(v10::MESSAGE_BINDING, "message-binding")?,
                    );
                    contact.message_bindings =
                        uris(&s.message_bindings, "service-instance/message-binding")?;
                    let mut i = v10::ServiceInstance::new(st, contact);
                    i.service_version =
                        uri(&s.service_version, "service-instance/@service-version")?;
                    i.available = s.available;
                    i.inbox_accepted_content =
                        uris(&s.content_bindings, "service-instance/content-binding")?;
                    i.message = s.message;
                    r.service_instances.push(i);
                }
                r.into()
            }
            D::FeedInformationResponse(m) => {
                let mut r =
                    v10::FeedInformationResponse::new(ids.message_id.clone(), response_to(&ids)?);
                for f in m.feeds {
                    let message_bindings = uris(&f.message_bindings, "feed/message-binding")?;
                    let mut feed = v10::Feed::new(
                        name(&f.feed_name, "feed/@feed-name")?,
                        f.description,
                        uris(&f.content_bindings, "feed/content-binding")?,
                    );
                    feed.available = f.available;
                    for d in &f.delivery_methods {
                        if d.trim() == draft1::POLL_DELIVERY {
                            // 1.0 names the Poll service's address; Draft 1 does not.
                            return Err(ConvertError::only_with(
                                "feed/delivery-method",
                                "1.0",
                                "POLL: a 1.0 Polling_Service needs an address Draft 1 does not give",
                            ));
                        }
                        let mut pm = v10::PushMethod::new(
                            uri(d, "feed/delivery-method")?,
                            uri(v10::MESSAGE_BINDING, "message-binding")?,
                        );
                        pm.message_bindings = message_bindings.clone();
                        feed.push_methods.push(pm);
                    }
                    r.feeds.push(feed);
                }
                r.into()
            }
            D::SubscriptionManagementRequest(m) => {
                let action = match m.action {
                    Action::Subscribe => v10::SubscriptionAction::Subscribe,
                    Action::Unsubscribe => v10::SubscriptionAction::Unsubscribe,
                    Action::Status | Action::Query => v10::SubscriptionAction::Status,
                    other @ (Action::Pause | Action::Resume | Action::Modify) => {
                        return Err(ConvertError::value10(
                            "action",
                            other.as_str(),
                            "SUBSCRIBE, UNSUBSCRIBE or STATUS (D1-DIF-13)",
                        ))
                    }
                };
                let mut r = v10::ManageFeedSubscriptionRequest::new(
                    ids.message_id,
                    name(&m.feed_name, "feed-name")?,
                    action,
                );
                r.subscription_id = opt(&m.subscription_id, "subscription-id", name)?;
                r.push_parameters = match &m.subscription {
                    Some(s) => push_parameters(s)?,
                    None => None,
                };
                r.into()
            }
            D::SubscriptionManagementResponse(m) => {
                let mut r = v10::ManageFeedSubscriptionResponse::new(
                    ids.message_id.clone(),
                    response_to(&ids)?,
                    name(&m.feed_name, "feed-name")?,
                );
                r.message = m.message;
                for s in m.subscriptions {
                    let mut i = v10::SubscriptionInstance::new(name(
                        &s.subscription_id,
                        "subscription/@subscription-id",
                    )?);
                    i.push_parameters = push_parameters(&s.record)?;
                    r.subscriptions.push(i);
                }
                r.into()
            }
            D::PollRequest(m) => {
                let mut r = v10::PollRequest::new(ids.message_id, name(&m.feed_name, "feed-name")?);
                // Draft 1 bounds are both inclusive (begin ≤ end, D1-DIF-15).
                let begin = opt(&m.begin_timestamp, "begin-timestamp", time)?;
                r.exclusive_begin_timestamp = begin.map(exclusive_of);
                r.inclusive_end_timestamp = opt(&m.end_timestamp, "end-timestamp", time)?;
                match &m.selection {
                    PollSelection::SubscriptionId(s) => {
                        r.subscription_id = Some(name(s, "subscription-id")?)
                    }
                    PollSelection::ContentBinding(cb) => {
                        r.content_bindings = vec![uri(cb, "content-binding")?]
                    }
                }
                r.into()
            }
            D::PollResponse(m) => {
                let feed = ctx.feed_name.clone().ok_or(ConvertError::value10(
                    "feed_name",
                    "",
                    "the polled feed, from Draft1Context::feed_name (Draft 1 omits it)",
                ))?;
                let mut r = v10::PollResponse::new(
                    ids.message_id.clone(),
                    response_to(&ids)?,
                    feed,
                    time(&m.end_timestamp, "end-timestamp")?,
                );
                r.inclusive_begin_timestamp = opt(&m.begin_timestamp, "begin-timestamp", time)?;
                r.subscription_id = opt(&m.subscription_id, "subscription-id", name)?;
                r.message = m.message;
                r.content_blocks = stix_blocks(&m.content_binding, m.stix)?;
                r.into()
            }
            D::SubscriptionAlert(_) => {
                // Final 1.0 removed it (D1-DIF-18).
                return Err(ConvertError::to10("TAXII_SubscriptionAlert"));
            }
            D::StixMessage(m) => {
                if m.subscription_id.is_some() {
                    // 1.0 Source_Subscription also needs the feed and the time range.
                    return Err(ConvertError::only_with(
                        "subscription-id",
                        "1.0",
                        "a 1.0 Source_Subscription also needs the feed name and time range",
                    ));
                }
                let mut r = v10::InboxMessage::new(ids.message_id);
                r.message = m.message;
                r.content_blocks = stix_blocks(&m.content_binding, m.stix)?;
                r.into()
            }
        })
    }
}
