//! Discovery: advertise the services the caller may actually use (SV-1, S7).

use taxii_messages::v11::{
    self, DiscoveryRequest, DiscoveryResponse, ServiceInstance, ServiceType,
};

use super::{Ctx, Engine, Fault, Reply};
use crate::config::ServiceDefinition;
use crate::identity::Identity;
use crate::store::{CollectionDefinition, Operation, Policy, Store};

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    pub(super) async fn discovery(
        &self,
        ctx: &Ctx<'_>,
        req: &DiscoveryRequest,
    ) -> Result<Reply, Fault> {
        let collections = self.store.collections().await?;
        let mut resp = DiscoveryResponse::new(self.next_message_id(), req.message_id.clone());
        for svc in &self.config.services {
            if self.usable(ctx.caller, svc, &collections) {
                resp.service_instances.push(advertise(svc));
            }
        }
        Ok(v11::Message::DiscoveryResponse(resp).into())
    }

    /// Whether `who` can do anything at `svc`: advertised iff usable (security note S7).
    pub(super) fn usable(
        &self,
        who: &Identity,
        svc: &ServiceDefinition,
        collections: &[CollectionDefinition],
    ) -> bool {
        if !self.policy.may_use_service(who, svc).is_allowed() {
            return false;
        }
        let may =
            |op, c: &CollectionDefinition| self.policy.authorize(who, op, &c.name).is_allowed();
        match svc.service_type {
            ServiceType::Discovery => true,
            ServiceType::CollectionManagement => collections.iter().any(|c| {
                may(Operation::Read, c) || (c.subscribable && may(Operation::Subscribe, c))
            }),
            ServiceType::Poll => collections
                .iter()
                .any(|c| c.pollable && may(Operation::Read, c)),
            ServiceType::Inbox => collections
                .iter()
                .any(|c| svc.inbox.feeds(&c.name) && may(Operation::Write, c)),
        }
    }
}

/// The service instance advertised for `svc`.
pub(super) fn advertise(svc: &ServiceDefinition) -> ServiceInstance {
    let mut inst = ServiceInstance::new(svc.service_type, svc.contact.clone());
    inst.available = Some(svc.available);
    inst.message = svc.message.clone();
    match svc.service_type {
        ServiceType::Poll => inst.supported_queries = svc.supported_queries.clone(),
        ServiceType::Inbox => inst.inbox_accepted_content = svc.inbox.accepted_content.clone(),
        _ => {}
    }
    inst
}
