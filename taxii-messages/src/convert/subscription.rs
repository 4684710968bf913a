//! Manage Feed Subscription ⇄ Manage Collection Subscription (DIF-8..DIF-11, DIF-20).

use super::common::*;
use super::{convert, ConvertError, Result};
use crate::{v10, v11};

fn action_to11(a: v10::SubscriptionAction) -> v11::SubscriptionAction {
    match a {
        v10::SubscriptionAction::Subscribe => v11::SubscriptionAction::Subscribe,
        v10::SubscriptionAction::Unsubscribe => v11::SubscriptionAction::Unsubscribe,
        v10::SubscriptionAction::Status => v11::SubscriptionAction::Status,
    }
}

fn action_to10(a: v11::SubscriptionAction) -> Result<v10::SubscriptionAction> {
    Ok(match a {
        v11::SubscriptionAction::Subscribe => v10::SubscriptionAction::Subscribe,
        v11::SubscriptionAction::Unsubscribe => v10::SubscriptionAction::Unsubscribe,
        v11::SubscriptionAction::Status => v10::SubscriptionAction::Status,
        other => {
            return Err(ConvertError::value10(
                "@action",
                other.as_str(),
                "SUBSCRIBE, UNSUBSCRIBE or STATUS (DIF-8)",
            ))
        }
    })
}

/// 1.0 push parameters split into 1.1 push parameters and subscription parameters holding
/// the content bindings (DIF-10); SUBSCRIBE always gets subscription parameters (C11-7).
fn split_push(
    push: Option<v10::PushParameters>,
    subscribe: bool,
) -> (Option<v11::PushParameters>, Option<v11::QueryParameters>) {
    let (push, bindings) = match push {
        Some(p) => {
            let push = v11::PushParameters::new(p.protocol_binding, p.address, p.message_binding);
            (Some(push), p.content_bindings)
        }
        None => (None, Vec::new()),
    };
    let params = (subscribe || !bindings.is_empty()).then(|| v11::QueryParameters {
        content_bindings: bindings_to11(bindings),
        ..Default::default()
    });
    (push, params)
}

fn join_push(
    push: Option<v11::PushParameters>,
    params: Option<v11::QueryParameters>,
) -> Result<Option<v10::PushParameters>> {
    let bindings = subscription_bindings_to10(params, push.is_some(), "Subscription_Parameters")?;
    Ok(push.map(|p| {
        let mut out = v10::PushParameters::new(p.protocol_binding, p.address, p.message_binding);
        out.content_bindings = bindings;
        out
    }))
}

convert!(v10::ManageFeedSubscriptionRequest => v11::ManageCollectionSubscriptionRequest, |m| {
    let subscribe = m.action == v10::SubscriptionAction::Subscribe;
    let mut out = v11::ManageCollectionSubscriptionRequest::new(
        m.message_id,
        action_to11(m.action),
        m.feed_name,
    );
    out.subscription_id = m.subscription_id;
    (out.push_parameters, out.subscription_parameters) =
        split_push(m.push_parameters, subscribe);
    out
});

convert!(v11::ManageCollectionSubscriptionRequest => v10::ManageFeedSubscriptionRequest, |m| {
    let mut out = v10::ManageFeedSubscriptionRequest::new(
        id_to10(m.message_id, "@message_id")?,
        m.collection_name,
        action_to10(m.action)?,
    );
    out.subscription_id = m.subscription_id;
    out.push_parameters = join_push(m.push_parameters, m.subscription_parameters)?;
    out
});

convert!(v10::ManageFeedSubscriptionResponse => v11::ManageCollectionSubscriptionResponse, |m| {
    let mut out = v11::ManageCollectionSubscriptionResponse::new(
        m.message_id,
        m.in_response_to,
        m.feed_name,
    );
    out.message = m.message;
    out.subscriptions = m.subscriptions.into_iter().map(subscription_to11).collect();
    out
});

fn subscription_to11(s: v10::SubscriptionInstance) -> v11::SubscriptionInstance {
    let mut i = v11::SubscriptionInstance::new(s.subscription_id);
    (i.push_parameters, i.subscription_parameters) = split_push(s.push_parameters, false);
    i.poll_instances = s.poll_instances;
    i
}

convert!(v11::ManageCollectionSubscriptionResponse => v10::ManageFeedSubscriptionResponse, |m| {
    let mut out = v10::ManageFeedSubscriptionResponse::new(
        id_to10(m.message_id, "@message_id")?,
        id_to10(m.in_response_to, "@in_response_to")?,
        m.collection_name,
    );
    out.message = m.message;
    out.subscriptions = m
        .subscriptions
        .into_iter()
        .map(subscription_to10)
        .collect::<Result<_>>()?;
    out
});

fn subscription_to10(s: v11::SubscriptionInstance) -> Result<v10::SubscriptionInstance> {
    if s.status == Some(v11::SubscriptionStatus::Paused) {
        return Err(ConvertError::value10(
            "Subscription/@status",
            "PAUSED",
            "an active or ended subscription (DIF-8)",
        ));
    }
    let mut i = v10::SubscriptionInstance::new(s.subscription_id);
    i.push_parameters = join_push(s.push_parameters, s.subscription_parameters)?;
    i.poll_instances = s.poll_instances;
    Ok(i)
}
