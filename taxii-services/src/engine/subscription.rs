//! Subscription management: the five actions in the order the spec prescribes (SUB-1..SUB-9).

use taxii_messages::v11::{
    self, detail, ManageCollectionSubscriptionRequest, ManageCollectionSubscriptionResponse,
    RecordCount, ResponseType, ServiceType, SourceSubscription, SubscriptionAction,
    SubscriptionInstance, SubscriptionStatus, SupportedQuery,
};
use taxii_messages::{StatusType, Timestamp, Uri};

use super::poll::block;
use super::select::Selection;
use super::{Backlog, Ctx, Engine, Fault, Reply};
use crate::push::{check_destination, Delivery};
use crate::store::{
    CollectionDefinition, Operation, Policy, Record, Store, Subscription, SubscriptionState, Window,
};

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    pub(super) async fn manage_subscription(
        &self,
        ctx: &Ctx<'_>,
        req: &ManageCollectionSubscriptionRequest,
    ) -> Result<Reply, Fault> {
        // Items 1 and 2: authorization, then the collection.
        let coll = self
            .readable_collection(ctx, &req.collection_name, Operation::Subscribe)
            .await?;
        if !coll.subscribable {
            return Err(Fault::new(
                StatusType::Denied,
                "this collection does not offer subscriptions",
            ));
        }
        let mut resp = ManageCollectionSubscriptionResponse::new(
            self.next_message_id(),
            req.message_id.clone(),
            coll.name.clone(),
        );
        let mut backlog = None;
        let required_id = || {
            req.subscription_id.as_ref().ok_or_else(|| {
                Fault::new(
                    StatusType::BadMessage,
                    format!("{} requires a Subscription_ID", req.action.as_str()),
                )
            })
        };
        match req.action {
            SubscriptionAction::Subscribe => {
                let sub = self.subscribe(ctx, &coll, req).await?;
                resp.subscriptions.push(self.instance(&coll, &sub, None));
            }
            SubscriptionAction::Unsubscribe => {
                // Item 3: an unknown subscription is a success that changes nothing.
                let id = required_id()?;
                let inst = match self.owned(ctx, &coll, id).await? {
                    Some(sub) => {
                        self.store.remove_subscription(&sub.id).await?;
                        self.instance(&coll, &sub, Some(SubscriptionStatus::Unsubscribed))
                    }
                    None => {
                        let mut inst = SubscriptionInstance::new(id.clone());
                        inst.status = Some(SubscriptionStatus::Unsubscribed);
                        inst
                    }
                };
                resp.subscriptions.push(inst);
            }
            SubscriptionAction::Pause | SubscriptionAction::Resume => {
                let id = required_id()?;
                // Item 7: PAUSE / RESUME of an unknown subscription is NOT_FOUND.
                let mut sub = self
                    .owned(ctx, &coll, id)
                    .await?
                    .ok_or_else(|| Fault::not_found("subscription", id.as_str()))?;
                match (req.action, sub.state) {
                    (SubscriptionAction::Pause, SubscriptionState::Active) => {
                        sub.state = SubscriptionState::Paused { since: ctx.now };
                        self.store.put_subscription(&sub).await?;
                    }
                    (SubscriptionAction::Resume, SubscriptionState::Paused { since }) => {
                        sub.state = SubscriptionState::Active;
                        self.store.put_subscription(&sub).await?;
                        // EX-7: deliver what accumulated while paused, a page at a time.
                        let window = Window::new(Some(since), Some(ctx.now));
                        let upto = self.store.snapshot().await?;
                        backlog = Some(Backlog::new(
                            coll.name.clone(),
                            sub.id.clone(),
                            window,
                            upto,
                            ctx.now,
                        ));
                    }
                    // Item 6: already in the requested state: success, unchanged.
                    _ => {}
                }
                resp.subscriptions.push(self.instance(&coll, &sub, None));
            }
            SubscriptionAction::Status => {
                let subs = match &req.subscription_id {
                    Some(id) => {
                        vec![self
                            .owned(ctx, &coll, id)
                            .await?
                            .ok_or_else(|| Fault::not_found("subscription", id.as_str()))?]
                    }
                    None => self.store.subscriptions_of(&coll.name, ctx.caller).await?,
                };
                for s in &subs {
                    resp.subscriptions.push(self.instance(&coll, s, None));
                }
            }
        }
        Ok(Reply {
            message: v11::Message::ManageCollectionSubscriptionResponse(resp),
            deliveries: Vec::new(),
            backlog,
        })
    }

    /// The caller's subscription `id` to `coll`, if any.
    async fn owned(
        &self,
        ctx: &Ctx<'_>,
        coll: &CollectionDefinition,
        id: &Uri,
    ) -> Result<Option<Subscription>, Fault> {
        Ok(self
            .store
            .subscription(id)
            .await?
            .filter(|s| s.owner == *ctx.caller && s.collection == coll.name))
    }

    /// SUBSCRIBE: items 4 and 5, SUB-7, SUB-8, then create.
    async fn subscribe(
        &self,
        ctx: &Ctx<'_>,
        coll: &CollectionDefinition,
        req: &ManageCollectionSubscriptionRequest,
    ) -> Result<Subscription, Fault> {
        let parameters = req.subscription_parameters.clone().unwrap_or_default();
        if let Some(push) = &req.push_parameters {
            let methods = &coll.push_methods;
            let Some(method) = methods
                .iter()
                .find(|m| m.protocol_binding == push.protocol_binding)
            else {
                return Err(Fault::new(
                    StatusType::UnsupportedProtocol,
                    "push protocol binding not supported",
                )
                .details(
                    detail::SUPPORTED_PROTOCOL,
                    methods
                        .iter()
                        .map(|m| m.protocol_binding.as_str().to_owned()),
                ));
            };
            if !method.message_bindings.contains(&push.message_binding) {
                return Err(Fault::new(
                    StatusType::UnsupportedMessage,
                    "push message binding not supported",
                )
                .details(
                    detail::SUPPORTED_BINDING,
                    method
                        .message_bindings
                        .iter()
                        .map(|b| b.as_str().to_owned()),
                ));
            }
        }
        Selection::new(&parameters, coll, &self.all_supported_queries())?;
        if req.push_parameters.is_none() && !coll.pollable {
            return Err(Fault::new(
                StatusType::PollingUnsupported,
                "this collection cannot be polled; give Push_Parameters",
            ));
        }
        if let Some(push) = &req.push_parameters {
            let allow = self.policy.allow_private_destinations(ctx.caller);
            if let Err(e) = check_destination(&push.address, allow) {
                return Err(Fault::new(StatusType::Denied, e.to_string()));
            }
        }
        let mine = self.store.subscriptions_of(&coll.name, ctx.caller).await?;
        if let Some(same) = mine
            .into_iter()
            .find(|s| s.parameters == parameters && s.push == req.push_parameters)
        {
            return Ok(same);
        }
        self.check_subscription_quota(ctx, req).await?;
        let sub = Subscription {
            id: self.next_uri(),
            collection: coll.name.clone(),
            owner: ctx.caller.clone(),
            parameters,
            push: req.push_parameters.clone(),
            state: SubscriptionState::Active,
            created: ctx.now,
        };
        self.store.put_subscription(&sub).await?;
        Ok(sub)
    }

    /// SUB-8 and security finding 5: a new subscription is `DENIED` past the caller's
    /// quota (the policy's `max_subscriptions` per collection, and [`crate::store::Quotas`]
    /// over all collections and per subscription's encoded size).
    async fn check_subscription_quota(
        &self,
        ctx: &Ctx<'_>,
        req: &ManageCollectionSubscriptionRequest,
    ) -> Result<(), Fault> {
        let quotas = self.policy.quotas(ctx.caller);
        let size = v11::Message::ManageCollectionSubscriptionRequest(req.clone())
            .to_xml()
            .len();
        if size > quotas.subscription_parameter_bytes {
            return Err(Fault::new(
                StatusType::Denied,
                format!(
                    "subscription parameters of {size} bytes exceed the limit of {}",
                    quotas.subscription_parameter_bytes
                ),
            ));
        }
        if let Some(max) = self.policy.max_subscriptions(ctx.caller) {
            let here = self
                .store
                .subscriptions_of(&req.collection_name, ctx.caller)
                .await?;
            if here.len() >= max {
                return Err(Fault::new(
                    StatusType::Denied,
                    format!("subscription quota of {max} reached"),
                ));
            }
        }
        if self.store.subscriptions_owned(ctx.caller).await? >= quotas.subscriptions {
            return Err(Fault::new(
                StatusType::Denied,
                format!("subscription quota of {} reached", quotas.subscriptions),
            ));
        }
        Ok(())
    }

    /// The `Subscription` element describing `sub`.
    fn instance(
        &self,
        coll: &CollectionDefinition,
        sub: &Subscription,
        status: Option<SubscriptionStatus>,
    ) -> SubscriptionInstance {
        let mut inst = SubscriptionInstance::new(sub.id.clone());
        inst.status = Some(status.unwrap_or(match sub.state {
            SubscriptionState::Active => SubscriptionStatus::Active,
            SubscriptionState::Paused { .. } => SubscriptionStatus::Paused,
        }));
        inst.subscription_parameters = Some(sub.parameters.clone());
        inst.push_parameters = sub.push.clone();
        if coll.pollable {
            inst.poll_instances = self
                .config
                .of_type(ServiceType::Poll)
                .map(|s| s.contact.clone())
                .collect();
        }
        inst
    }

    /// Every query format the poll services support.
    pub(super) fn all_supported_queries(&self) -> Vec<SupportedQuery> {
        let mut out: Vec<SupportedQuery> = Vec::new();
        for s in self.config.of_type(ServiceType::Poll) {
            for q in &s.supported_queries {
                if !out.contains(q) {
                    out.push(q.clone());
                }
            }
        }
        out
    }

    /// The Inbox_Message pushing `records` to `sub`, if it pushes, still may read the
    /// collection (EX-10), selects any of them and has an acceptable destination.
    pub(super) fn push_to(
        &self,
        now: Timestamp,
        coll: &CollectionDefinition,
        sub: &Subscription,
        records: &[Record],
        window: Option<Window>,
    ) -> Option<Delivery> {
        let push = sub.push.as_ref()?;
        if !self
            .policy
            .authorize(&sub.owner, Operation::Read, &coll.name)
            .is_allowed()
            || !self.can_push_with(push)
        {
            return None;
        }
        let selection =
            Selection::new(&sub.parameters, coll, &self.all_supported_queries()).ok()?;
        let chosen: Vec<&Record> = records.iter().filter(|r| selection.matches(r)).collect();
        if chosen.is_empty() {
            return None;
        }
        let allow = self.policy.allow_private_destinations(&sub.owner);
        let destination = check_destination(&push.address, allow).ok()?;
        let mut source = SourceSubscription::new(coll.name.clone(), sub.id.clone());
        let last = chosen.iter().map(|r| r.key.label).max();
        let window = window.unwrap_or(Window::new(None, last));
        source.exclusive_begin_timestamp = window.exclusive_begin;
        source.inclusive_end_timestamp = window.inclusive_end;
        let mut msg = v11::InboxMessage::new(self.next_message_id());
        msg.source_subscription = Some(source);
        msg.record_count = Some(RecordCount::new(chosen.len() as u64));
        if sub.parameters.response_type() == ResponseType::Full {
            msg.content_blocks = chosen.iter().map(|r| block(r)).collect();
        }
        Some(Delivery {
            push: push.clone(),
            destination,
            not_before: now,
            subscription_id: Some(sub.id.clone()),
            result_id: None,
            message: self.for_binding(msg, &push.message_binding, &now),
        })
    }
}
