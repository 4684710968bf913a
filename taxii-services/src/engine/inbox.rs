//! Inbox: destination collections, content checks, storage, then SUCCESS (SV-4, EX-5, EX-6).

use taxii_messages::v11::{self, detail, InboxMessage, StatusMessage};
use taxii_messages::{StatusType, Uri};

use super::select::{binding_accepts, unsupported_content};
use super::{fault, Ctx, Engine, Fault, Reply, Version};
use crate::config::DestinationRule;
use crate::store::{
    keep_used_namespaces, CollectionDefinition, NewRecord, Operation, Policy, Record, Store,
};

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    pub(super) async fn inbox(&self, ctx: &Ctx<'_>, msg: &InboxMessage) -> Result<Reply, Fault> {
        let settings = &ctx.service.inbox;
        let collections = self.store.collections().await?;
        let writable = |c: &CollectionDefinition| {
            self.policy
                .authorize(ctx.caller, Operation::Write, &c.name)
                .is_allowed()
        };
        let fed: Vec<&CollectionDefinition> = collections
            .iter()
            .filter(|c| settings.feeds(&c.name))
            .collect();
        if !fed.iter().any(|c| writable(c)) {
            return Err(Fault::new(
                StatusType::Unauthorized,
                "not authorized to add content through this inbox",
            ));
        }
        let acceptable: Vec<&Uri> = fed
            .iter()
            .filter(|c| writable(c))
            .map(|c| &c.name)
            .collect();
        let destination_error = |why: String| {
            Fault::new(StatusType::DestinationCollectionError, why).details(
                detail::ACCEPTABLE_DESTINATION,
                acceptable.iter().map(|u| u.as_str().to_owned()),
            )
        };
        let names = &msg.destination_collection_names;
        match settings.destination_rule {
            // TAXII 1.0 cannot name destinations: its content goes where the inbox feeds.
            DestinationRule::Required if names.is_empty() && ctx.version == Version::V11 => {
                return Err(destination_error(
                    "this inbox requires Destination_Collection_Name".into(),
                ))
            }
            DestinationRule::Prohibited if !names.is_empty() => {
                return Err(destination_error(
                    "this inbox does not accept Destination_Collection_Name".into(),
                ))
            }
            _ => {}
        }
        let mut targets: Vec<&CollectionDefinition> = Vec::new();
        if names.is_empty() {
            targets.extend(fed.iter().copied().filter(|c| writable(c)));
        } else {
            for name in names {
                let Some(c) = fed.iter().find(|c| &c.name == name) else {
                    return Err(destination_error(format!(
                        "{:?} is not a destination of this inbox",
                        name.as_str()
                    )));
                };
                fault::check(self.policy.authorize(ctx.caller, Operation::Write, name))?;
                targets.push(c);
            }
        }
        // EX-5: a block the inbox does not accept fails the whole message.
        for b in &msg.content_blocks {
            if !binding_accepts(&settings.accepted_content, &b.content_binding) {
                return Err(unsupported_content(&settings.accepted_content));
            }
        }
        let mut batch = Vec::new();
        for b in &msg.content_blocks {
            for c in &targets {
                if binding_accepts(&c.content_bindings, &b.content_binding) {
                    let mut r = NewRecord::new(
                        c.name.clone(),
                        b.content_binding.clone(),
                        // Not the root's every declaration per block (security finding 1).
                        keep_used_namespaces(&b.content),
                    );
                    r.message = b.message.clone();
                    batch.push(r);
                }
            }
        }
        // Only the active push subscriptions are read (security finding 5).
        let mut pushing = Vec::new();
        for c in &targets {
            let subs = self.store.push_subscriptions(&c.name).await?;
            if !subs.is_empty() {
                pushing.push((*c, subs));
            }
        }
        let kept = if pushing.is_empty() {
            Vec::new()
        } else {
            batch.clone()
        };
        let keys = self.store.add_records(batch).await?;
        let records: Vec<Record> = kept
            .into_iter()
            .zip(keys)
            .map(|(r, k)| r.into_record(k))
            .collect();
        let mut deliveries = Vec::new();
        for (c, subs) in &pushing {
            let mine: Vec<Record> = records
                .iter()
                .filter(|r| r.collection == c.name)
                .cloned()
                .collect();
            if mine.is_empty() {
                continue;
            }
            for sub in subs {
                deliveries.extend(self.push_to(ctx.now, c, sub, &mine, None));
            }
        }
        let status = StatusMessage::new(
            self.next_message_id(),
            msg.message_id.clone(),
            StatusType::Success,
        );
        Ok(Reply::pushing(
            v11::Message::StatusMessage(status),
            deliveries,
        ))
    }
}
