//! TAXII 1.0 (Services 1.0 is a subset of 1.1: feeds instead of collections, no
//! multi-part or asynchronous polls, no destination collections, fewer status types,
//! digit-only message ids). Requests are translated to 1.1 with `taxii_messages::convert`
//! and answered by the same handlers; the answers are mapped back here. Unlike the strict
//! gateway conversion, a server answering in 1.0 drops what 1.0 cannot say (collection
//! type, record counts, PAUSED state) and turns 1.1-only status types into FAILURE.

use taxii_messages::convert;
use taxii_messages::v10;
use taxii_messages::v11::{self, ContentBinding, ServiceType};
use taxii_messages::{Message, MessageId, StatusType, Timestamp, Uri};

use super::poll::{after, before};
use super::stream::{Answer, Poll10};
use super::{Ctx, Engine, Fault, Outcome, Version};
use crate::config::{ServiceId, MESSAGE_BINDING_10};
use crate::identity::Identity;
use crate::store::{Policy, Store};

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    /// Answers a 1.0 request; a poll's blocks are left in the store ([`Answer::Poll10`]).
    pub(super) async fn answer_v10(
        &self,
        request: v10::Message,
        service: &ServiceId,
        caller: &Identity,
    ) -> Answer {
        let request_id = request.message_id().clone();
        let now = self.clock.now();
        let result = match self.config.service(service) {
            None => Err(Fault::new(
                StatusType::Failure,
                format!("no service {service:?} is configured"),
            )),
            Some(svc) => {
                let ctx = Ctx {
                    service: svc,
                    caller,
                    now,
                    version: Version::V10,
                };
                self.dispatch_v10(&ctx, request).await
            }
        };
        let whole = |response, deliveries, backlog| {
            Answer::Whole(Outcome {
                response: Message::V10(response),
                deliveries,
                backlog,
            })
        };
        let failed = |f: Fault| {
            let s = f.into_status(MessageId::unknown(), request_id.clone());
            whole(
                v10::Message::StatusMessage(self.status10(s, &now)),
                Vec::new(),
                None,
            )
        };
        match result {
            Ok(Poll10::Reply(r)) => whole(self.to_v10(r.message, &now), r.deliveries, r.backlog),
            Ok(Poll10::Stream(head, polled, blocks)) => {
                let head = self.poll_head10(head, &now);
                match self.poll_stream(head, polled, blocks).await {
                    Ok(stream) => Answer::Poll10(stream),
                    Err(e) => failed(Fault::from(e)),
                }
            }
            Err(f) => failed(f),
        }
    }

    /// Which service takes which 1.0 request (SV-1, SV-2, SV-4, SV-5); a taken request is
    /// translated with `taxii_messages::convert` and answered by the 1.1 handlers, a poll
    /// by [`Engine::poll10`].
    async fn dispatch_v10(&self, ctx: &Ctx<'_>, request: v10::Message) -> Result<Poll10, Fault> {
        use v10::Message as M;
        let taken = matches!(
            (ctx.service.service_type, &request),
            (ServiceType::Discovery, M::DiscoveryRequest(_))
                | (
                    ServiceType::CollectionManagement,
                    M::FeedInformationRequest(_)
                )
                | (
                    ServiceType::CollectionManagement,
                    M::ManageFeedSubscriptionRequest(_)
                )
                | (ServiceType::Poll, M::PollRequest(_))
                | (ServiceType::Inbox, M::InboxMessage(_))
        );
        if !taken {
            return Err(Fault::new(
                StatusType::Failure,
                format!(
                    "Message not supported by this service: {} sent to a {} service",
                    request.root_element(),
                    service_type(ctx.service.service_type).as_str()
                ),
            ));
        }
        let mut request = v11::Message::try_from(request)
            .map_err(|e| Fault::new(StatusType::Failure, format!("not supported: {e}")))?;
        if let v11::Message::ManageCollectionSubscriptionRequest(r) = &mut request {
            // SUB-5: a 1.0 STATUS ignores the subscription id
            if r.action == v11::SubscriptionAction::Status {
                r.subscription_id = None;
            }
        }
        if let v11::Message::PollRequest(poll) = &request {
            super::fault::check(self.policy.may_use_service(ctx.caller, ctx.service))?;
            return self.poll10(ctx, poll).await;
        }
        self.dispatch_v11(ctx, &request).await.map(Poll10::Reply)
    }

    /// A fresh digit-only message id, valid in TAXII 1.0 and 1.1 (MID-3).
    pub fn next_message_id_v10(&self) -> MessageId {
        let n = self
            .ids10
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        MessageId::new(n.to_string()).expect("digits are a valid id")
    }

    /// The 1.0 form of a 1.1 Poll_Response.
    fn poll_head10(&self, r: v11::PollResponse, now: &Timestamp) -> v10::PollResponse {
        let id = self.next_message_id_v10();
        let end = r.inclusive_end_timestamp.unwrap_or_else(|| before(now));
        let mut out = v10::PollResponse::new(id, r.in_response_to, r.collection_name, end);
        out.subscription_id = r.subscription_id;
        out.message = r.message;
        out.inclusive_begin_timestamp = r.exclusive_begin_timestamp.map(|b| after(&b));
        out.content_blocks = r.content_blocks.iter().map(block10).collect();
        out
    }

    /// The 1.0 form of a 1.1 answer.
    fn to_v10(&self, m: v11::Message, now: &Timestamp) -> v10::Message {
        if let v11::Message::PollResponse(r) = m {
            return self.poll_head10(r, now).into();
        }
        let id = self.next_message_id_v10();
        match m {
            v11::Message::DiscoveryResponse(r) => {
                let mut out = v10::DiscoveryResponse::new(id, r.in_response_to);
                out.service_instances = r.service_instances.iter().map(instance10).collect();
                out.into()
            }
            v11::Message::CollectionInformationResponse(r) => {
                let mut out = v10::FeedInformationResponse::new(id, r.in_response_to);
                out.feeds = r
                    .collections
                    .iter()
                    .map(|c| feed10(c, &self.config.v10_feed_bindings))
                    .collect();
                out.into()
            }
            v11::Message::ManageCollectionSubscriptionResponse(r) => {
                let mut out = v10::ManageFeedSubscriptionResponse::new(
                    id,
                    r.in_response_to,
                    r.collection_name,
                );
                out.message = r.message;
                out.subscriptions = r.subscriptions.iter().map(subscription10).collect();
                out.into()
            }
            v11::Message::StatusMessage(mut s) => {
                s.message_id = id;
                v10::Message::StatusMessage(self.status10(s, now))
            }
            other => {
                let s =
                    v11::StatusMessage::new(id, other.message_id().clone(), StatusType::Failure);
                v10::Message::StatusMessage(self.status10(s, now))
            }
        }
    }

    /// A 1.1 status in 1.0 terms: types 1.0 lacks become FAILURE (their name kept in the
    /// message); the rest converts with `taxii_messages::convert` (details as one
    /// space-separated value, RETRY's as a time, ERR-11).
    pub(super) fn status10(
        &self,
        mut s: v11::StatusMessage,
        now: &Timestamp,
    ) -> v10::StatusMessage {
        if s.message_id.as_str() == "0" || !is_digits(s.message_id.as_str()) {
            s.message_id = self.next_message_id_v10();
        }
        if !s.status_type.in_taxii_10() {
            s.message = Some(match &s.message {
                Some(m) => format!("{}: {m}", s.status_type.as_str()),
                None => s.status_type.as_str().to_owned(),
            });
            s.status_type = StatusType::Failure;
            s.details.clear();
        }
        let mut plain = v10::StatusMessage::new(
            s.message_id.clone(),
            s.in_response_to.clone(),
            s.status_type.clone(),
        );
        plain.message = s.message.clone();
        convert::status_to_v10_at(s, *now).unwrap_or(plain)
    }

    /// An Inbox_Message in the binding its push parameters ask for.
    pub(super) fn for_binding(
        &self,
        m: v11::InboxMessage,
        binding: &Uri,
        now: &Timestamp,
    ) -> Message {
        if binding.as_str() != MESSAGE_BINDING_10 {
            return v11::Message::InboxMessage(m).into();
        }
        let mut out = v10::InboxMessage::new(self.next_message_id_v10());
        out.message = m.message;
        out.source_subscription = m.source_subscription.map(|s| {
            let end = s.inclusive_end_timestamp.unwrap_or_else(|| before(now));
            let mut src = v10::SourceSubscription::new(s.collection_name, s.subscription_id, end);
            src.inclusive_begin_timestamp = s.exclusive_begin_timestamp.map(|b| after(&b));
            src
        });
        out.content_blocks = m.content_blocks.iter().map(block10).collect();
        Message::V10(v10::Message::InboxMessage(out))
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn service_type(t: ServiceType) -> v10::ServiceType {
    match t {
        ServiceType::Discovery => v10::ServiceType::Discovery,
        ServiceType::CollectionManagement => v10::ServiceType::FeedManagement,
        ServiceType::Inbox => v10::ServiceType::Inbox,
        ServiceType::Poll => v10::ServiceType::Poll,
    }
}

fn contact10(c: &v11::ServiceContact) -> v10::ServiceContact {
    let mut out = v10::ServiceContact::new(
        c.protocol_binding.clone(),
        c.address.clone(),
        crate::config::uri(MESSAGE_BINDING_10),
    );
    if !c.message_bindings.is_empty() {
        out.message_bindings = c.message_bindings.clone();
    }
    out
}

fn ids(bindings: &[ContentBinding]) -> Vec<Uri> {
    bindings.iter().map(|b| b.binding_id.clone()).collect()
}

fn instance10(s: &v11::ServiceInstance) -> v10::ServiceInstance {
    let mut out = v10::ServiceInstance::new(service_type(s.service_type), contact10(&s.contact));
    out.available = s.available;
    out.inbox_accepted_content = ids(&s.inbox_accepted_content);
    out.message = s.message.clone();
    out
}

fn feed10(c: &v11::CollectionInformation, any: &[Uri]) -> v10::Feed {
    let mut bindings = ids(&c.content_bindings);
    if bindings.is_empty() {
        bindings = any.to_vec();
    }
    let mut f = v10::Feed::new(c.collection_name.clone(), c.description.clone(), bindings);
    f.available = c.available;
    f.push_methods = c
        .push_methods
        .iter()
        .map(|m| {
            let mut p = v10::PushMethod::new(
                m.protocol_binding.clone(),
                crate::config::uri(MESSAGE_BINDING_10),
            );
            if !m.message_bindings.is_empty() {
                p.message_bindings = m.message_bindings.clone();
            }
            p
        })
        .collect();
    f.polling_services = c.polling_services.iter().map(contact10).collect();
    f.subscription_services = c.subscription_services.iter().map(contact10).collect();
    f
}

fn subscription10(s: &v11::SubscriptionInstance) -> v10::SubscriptionInstance {
    let mut out = v10::SubscriptionInstance::new(s.subscription_id.clone());
    out.push_parameters = s.push_parameters.as_ref().map(|p| {
        let mut q = v10::PushParameters::new(
            p.protocol_binding.clone(),
            p.address.clone(),
            p.message_binding.clone(),
        );
        if let Some(params) = &s.subscription_parameters {
            q.content_bindings = ids(&params.content_bindings);
        }
        q
    });
    out.poll_instances = s.poll_instances.iter().map(contact10).collect();
    out
}

fn block10(b: &v11::ContentBlock) -> v10::ContentBlock {
    let mut out = v10::ContentBlock::new(b.content_binding.binding_id.clone(), b.content.clone());
    out.timestamp_label = b.timestamp_label;
    out.padding = b.padding.clone();
    out
}
