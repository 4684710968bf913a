//! Subscription management (SM-*): subscribe, unsubscribe, pause, resume, status.
//! Subscribers poll with their subscription id; this server does not push.

use taxii_messages::v11::{
    ContentBinding, ManageCollectionSubscriptionRequest, ManageCollectionSubscriptionResponse,
    Message, QueryParameters, ResponseType, ServiceType, SubscriptionAction, SubscriptionInstance,
    SubscriptionStatus,
};
use taxii_messages::{StatusType, Uri};

use super::Exchange;
use crate::server::state::{new_message_id, new_uri_id};
use crate::store::{Subscription, SubscriptionState};

pub(super) fn answer(ex: &Exchange<'_>, req: ManageCollectionSubscriptionRequest) -> Message {
    let name = req.collection_name.as_str().to_owned();
    if ex.state.config.collection(&name).is_none() {
        return ex.not_found("collection", &name);
    }
    if !ex.may_read(&name) {
        return ex
            .status(
                StatusType::Unauthorized,
                format!("not allowed to subscribe to {name}"),
            )
            .into();
    }
    let store = &ex.state.store;
    let account = ex.account.map(|a| a.username.clone());
    let subs = match req.action {
        SubscriptionAction::Subscribe => {
            if req.push_parameters.is_some() {
                return ex
                    .status(
                        StatusType::UnsupportedProtocol,
                        "this server does not push to subscribers; subscribe without Push_Parameters and poll",
                    )
                    .into();
            }
            let params = req.subscription_parameters.clone().unwrap_or_default();
            if params.query.is_some() {
                return ex
                    .status(StatusType::UnsupportedQuery, "queries are not supported")
                    .into();
            }
            let sub = Subscription {
                id: new_uri_id().into_string(),
                collection: name.clone(),
                account,
                state: SubscriptionState::Active,
                bindings: params
                    .content_bindings
                    .iter()
                    .map(|b| b.binding_id.as_str().to_owned())
                    .collect(),
                count_only: params.response_type() == ResponseType::CountOnly,
            };
            if let Err(e) = store.add_subscription(&sub) {
                return ex.store_failed(e);
            }
            vec![sub]
        }
        SubscriptionAction::Status if req.subscription_id.is_none() => {
            match store.subscriptions(&name, account.as_deref()) {
                Ok(s) => s,
                Err(e) => return ex.store_failed(e),
            }
        }
        action => {
            let Some(id) = &req.subscription_id else {
                return ex
                    .status(
                        StatusType::BadMessage,
                        format!("{} needs a subscription id", action.as_str()),
                    )
                    .into();
            };
            let found = match store.subscription(id.as_str()) {
                Ok(s) => s,
                Err(e) => return ex.store_failed(e),
            };
            let Some(mut sub) = found.filter(|s| s.collection == name && s.account == account)
            else {
                return ex.not_found("subscription", id.as_str());
            };
            let new_state = match action {
                SubscriptionAction::Unsubscribe => Some(SubscriptionState::Unsubscribed),
                SubscriptionAction::Pause => Some(SubscriptionState::Paused),
                SubscriptionAction::Resume if sub.state != SubscriptionState::Unsubscribed => {
                    Some(SubscriptionState::Active)
                }
                _ => None,
            };
            if let Some(state) = new_state {
                if let Err(e) = store.set_subscription_state(&sub.id, state) {
                    return ex.store_failed(e);
                }
                sub.state = state;
            }
            vec![sub]
        }
    };
    let mut resp = ManageCollectionSubscriptionResponse::new(
        new_message_id(),
        ex.request_id.clone(),
        req.collection_name,
    );
    for s in subs {
        let Ok(id) = Uri::new(s.id.as_str()) else {
            continue;
        };
        let mut inst = SubscriptionInstance::new(id);
        inst.status = Some(match s.state {
            SubscriptionState::Active => SubscriptionStatus::Active,
            SubscriptionState::Paused => SubscriptionStatus::Paused,
            SubscriptionState::Unsubscribed => SubscriptionStatus::Unsubscribed,
        });
        let mut params = QueryParameters::default();
        params.response_type = Some(if s.count_only {
            ResponseType::CountOnly
        } else {
            ResponseType::Full
        });
        params.content_bindings = s
            .bindings
            .iter()
            .filter_map(|b| Uri::new(b.as_str()).ok())
            .map(ContentBinding::new)
            .collect();
        inst.subscription_parameters = Some(params);
        inst.poll_instances
            .push(ex.state.contact(ServiceType::Poll));
        resp.subscriptions.push(inst);
    }
    resp.into()
}
