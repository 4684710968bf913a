//! TAXII 1.1 rules beyond the XSD (checklist §2, §2.12, §3).

use super::query::{query, query_info};
use super::Report;
use crate::common::{parse_bool, parse_u64};
use crate::error::excerpt;
use crate::ids::{MessageId, Uri};
use crate::v11::*;
use crate::StatusType;

pub(super) fn message(r: &mut Report, m: &Message) {
    message_id(r, m.message_id(), "message_id");
    if let Some(irt) = m.in_response_to() {
        message_id(r, irt, "in_response_to");
    }
    match m {
        Message::StatusMessage(m) => status(r, m),
        Message::DiscoveryResponse(m) => r.each("Service_Instance", &m.service_instances, service),
        Message::CollectionInformationResponse(m) => {
            r.each("Collection", &m.collections, collection)
        }
        Message::ManageCollectionSubscriptionRequest(m) => subscription_request(r, m),
        Message::ManageCollectionSubscriptionResponse(m) => {
            r.each("Subscription", &m.subscriptions, |r, s| {
                if let Some(p) = &s.subscription_parameters {
                    r.within("Subscription_Parameters", |r| query_parameters(r, p));
                }
            })
        }
        Message::PollRequest(m) => poll_request(r, m),
        Message::PollResponse(m) => {
            if m.more == Some(true) && m.result_id.is_none() {
                r.must("C11-4", "more=\"true\" requires a result_id");
            }
            content_blocks(r, m.record_count.as_ref(), &m.content_blocks);
        }
        Message::InboxMessage(m) => content_blocks(r, m.record_count.as_ref(), &m.content_blocks),
        _ => {}
    }
}

/// G11-5: a message id is a non-empty URI.
pub(super) fn message_id(r: &mut Report, id: &MessageId, attribute: &str) {
    if id.as_str().is_empty() {
        r.must("G11-5", format!("@{attribute} is empty"));
    }
}

fn poll_request(r: &mut Report, m: &PollRequest) {
    if let (Some(b), Some(e)) = (&m.exclusive_begin_timestamp, &m.inclusive_end_timestamp) {
        if e.cmp_instant(b) != std::cmp::Ordering::Greater {
            r.must(
                "C11-2",
                "Inclusive_End_Timestamp must be later than Exclusive_Begin_Timestamp",
            );
        }
    }
    if let PollSelection::PollParameters(p) = &m.selection {
        r.within("Poll_Parameters", |r| {
            if p.delivery_parameters.is_some() && p.allow_asynch != Some(true) {
                r.must(
                    "C11-3",
                    "Delivery_Parameters are only sent with allow_asynch=\"true\" (the service ignores them)",
                );
            }
            query_parameters(r, &p.query_parameters);
        });
    }
}

fn subscription_request(r: &mut Report, m: &ManageCollectionSubscriptionRequest) {
    let needs_id = matches!(
        m.action,
        SubscriptionAction::Unsubscribe | SubscriptionAction::Pause | SubscriptionAction::Resume
    );
    if needs_id && m.subscription_id.is_none() {
        r.must(
            "C11-7",
            format!("{} requires a Subscription_ID", m.action.as_str()),
        );
    }
    match (&m.subscription_parameters, m.action) {
        (None, SubscriptionAction::Subscribe) => {
            r.must("C11-7", "SUBSCRIBE requires Subscription_Parameters")
        }
        (Some(_), a) if a != SubscriptionAction::Subscribe => {
            let a = a.as_str();
            let text = format!("Subscription_Parameters are only sent with SUBSCRIBE, not {a}");
            r.must("C11-7", text)
        }
        (Some(p), _) => r.within("Subscription_Parameters", |r| query_parameters(r, p)),
        _ => {}
    }
}

fn query_parameters(r: &mut Report, p: &QueryParameters) {
    r.each("Content_Binding", &p.content_bindings, content_binding);
    if let Some(Query::Default(q)) = &p.query {
        r.within("Query", |r| query(r, q));
    }
}

/// CBT-2: no nesting expression outside Content Blocks.
fn content_binding(r: &mut Report, b: &ContentBinding) {
    if b.binding_id.as_str().contains('|') {
        let id = excerpt(b.binding_id.as_str());
        let text =
            format!("binding_id `{id}` is a nesting expression, allowed only in a Content_Block");
        r.must("CBT-2", text);
    }
}

/// C11-11: no Subtype with a nesting expression.
fn content_block(r: &mut Report, b: &ContentBlock) {
    let binding = &b.content_binding;
    if binding.subtype.is_some() && binding.binding_id.as_str().contains('|') {
        r.within("Content_Binding", |r| {
            r.must(
                "C11-11",
                "a Subtype cannot be combined with a nesting expression",
            )
        });
    }
}

/// A message's Record_Count, not below the blocks carried (C11-6), then its blocks.
fn content_blocks(r: &mut Report, rc: Option<&RecordCount>, blocks: &[ContentBlock]) {
    if let Some(count) = rc
        .map(|rc| rc.count)
        .filter(|&n| (n as u128) < blocks.len() as u128)
    {
        let text = format!(
            "Record_Count {count} is less than the {} content blocks carried",
            blocks.len()
        );
        r.within("Record_Count", |r| r.must("C11-6", text));
    }
    r.each("Content_Block", blocks, content_block);
}

fn service(r: &mut Report, s: &ServiceInstance) {
    let queries = &s.supported_queries;
    for (i, id) in queries.iter().map(|q| q.format_id()).enumerate() {
        if queries[..i].iter().any(|p| p.format_id() == id) {
            let text = format!("two Supported_Query elements share format_id `{id}`");
            r.must("SQ-2", text);
        }
    }
    r.each("Supported_Query", &s.supported_queries, |r, q| {
        if let SupportedQuery::Default(info) = q {
            query_info(r, info);
        }
    });
    r.each(
        "Content_Binding",
        &s.inbox_accepted_content,
        content_binding,
    );
}

fn collection(r: &mut Report, c: &CollectionInformation) {
    r.each("Content_Binding", &c.content_bindings, content_binding);
    r.each(
        "Receiving_Inbox_Service",
        &c.receiving_inbox_services,
        |r, s| r.each("Content_Binding", &s.content_bindings, content_binding),
    );
}

/// The per-type detail rules (C11-10, SM11-5, ST-9, AMB-10, TST-2).
fn status(r: &mut Report, m: &StatusMessage) {
    let need = |r: &mut Report, name: &str| {
        let v = m.first_detail(name);
        if v.is_none() {
            r.must(
                "C11-10",
                format!("{} requires the {name} status detail", m.status_type),
            );
        }
        v
    };
    let positive = |r: &mut Report, name: &str, v: Option<String>| match v {
        Some(v) if !matches!(parse_u64(&v), Some(n) if n > 0) => {
            let v = excerpt(&v);
            r.must(
                "AMB-10",
                format!("status detail {name} is `{v}`, expected a positive integer"),
            )
        }
        _ => {}
    };
    r.within("Status_Detail", |r| match m.status_type {
        StatusType::Pending => {
            let wait = need(r, detail::ESTIMATED_WAIT);
            positive(r, detail::ESTIMATED_WAIT, wait);
            if need(r, detail::RESULT_ID).is_some_and(|id| Uri::new(id).is_err()) {
                r.must("ST-9", "status detail RESULT_ID is not a non-empty URI");
            }
            let will_push = need(r, detail::WILL_PUSH);
            if will_push.is_some_and(|wp| parse_bool(&wp.to_ascii_lowercase()).is_none()) {
                r.must("ST-9", "status detail WILL_PUSH is not a boolean");
            }
        }
        StatusType::InvalidResponsePart => {
            let max = need(r, detail::MAX_PART_NUMBER);
            positive(r, detail::MAX_PART_NUMBER, max);
        }
        StatusType::Retry => {
            positive(r, detail::ESTIMATED_WAIT, m.first_detail(detail::ESTIMATED_WAIT))
        }
        StatusType::UnsupportedTargetingExpression
            if m.first_detail(detail::PREFERRED_SCOPE).is_none()
                && m.first_detail(detail::ALLOWED_SCOPE).is_none() =>
        {
            r.must(
                "TST-2",
                "UNSUPPORTED_TARGETING_EXPRESSION requires a PREFERRED_SCOPE or ALLOWED_SCOPE detail",
            )
        }
        _ => {}
    });
}
