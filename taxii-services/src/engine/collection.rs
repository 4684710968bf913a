//! Collection information: only collections the caller may read, and for each only the
//! services the caller may use (SV-3, S7).

use taxii_messages::v11::{
    self, CollectionInformation, CollectionInformationRequest, CollectionInformationResponse,
    InboxService, ServiceType,
};

use super::{Ctx, Engine, Fault, Reply};
use crate::store::{CollectionDefinition, Operation, Policy, Store};

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    pub(super) async fn collection_information(
        &self,
        ctx: &Ctx<'_>,
        req: &CollectionInformationRequest,
    ) -> Result<Reply, Fault> {
        let collections = self.store.collections().await?;
        let mut resp =
            CollectionInformationResponse::new(self.next_message_id(), req.message_id.clone());
        for c in &collections {
            if self
                .policy
                .authorize(ctx.caller, Operation::Read, &c.name)
                .is_allowed()
            {
                resp.collections.push(self.describe(ctx, c, &collections));
            }
        }
        Ok(v11::Message::CollectionInformationResponse(resp).into())
    }

    fn describe(
        &self,
        ctx: &Ctx<'_>,
        c: &CollectionDefinition,
        all: &[CollectionDefinition],
    ) -> CollectionInformation {
        let who = ctx.caller;
        let mut info = CollectionInformation::new(c.name.clone(), c.description.clone());
        info.collection_type = Some(c.kind);
        info.available = Some(c.available);
        info.content_bindings = c.content_bindings.clone();
        let usable = |t: ServiceType| {
            self.config
                .of_type(t)
                .filter(|s| self.policy.may_use_service(who, s).is_allowed())
        };
        if c.pollable {
            info.polling_services = usable(ServiceType::Poll)
                .filter(|s| self.usable(who, s, all))
                .map(|s| s.contact.clone())
                .collect();
        }
        if c.subscribable
            && self
                .policy
                .authorize(who, Operation::Subscribe, &c.name)
                .is_allowed()
        {
            info.subscription_services = usable(ServiceType::CollectionManagement)
                .map(|s| s.contact.clone())
                .collect();
            info.push_methods = c.push_methods.clone();
        }
        if self
            .policy
            .authorize(who, Operation::Write, &c.name)
            .is_allowed()
        {
            info.receiving_inbox_services = usable(ServiceType::Inbox)
                .filter(|s| s.inbox.feeds(&c.name))
                .map(|s| {
                    let mut inbox = InboxService::new(s.contact.clone());
                    inbox.content_bindings = s.inbox.accepted_content.clone();
                    inbox
                })
                .collect();
        }
        info
    }
}
