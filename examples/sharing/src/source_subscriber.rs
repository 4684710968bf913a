//! Source/subscriber (seed 001, section 2.3): the Subscriber discovers the Source's
//! services, reads its collection information, subscribes with push parameters naming
//! its own inbox service, receives what the Source publishes, and polls it too.

use std::path::Path;
use std::time::Duration;

use taxii_messages::v11::{
    self, CollectionInformationResponse, ContentBlock, DiscoveryResponse,
    ManageCollectionSubscriptionResponse, PushParameters, QueryParameters, ServiceType,
};
use taxii_messages::{Uri, UuidGenerator};
use taxii_services::client::{poll_all, read_success, Exchanger, PagerLimits, Requests};
use taxii_services::config::{MESSAGE_BINDING_11, PROTOCOL_HTTP};
use tokio::runtime::Handle;

use super::narrate::{describe_bytes, NarratedClient, Narration};
use super::node::{config, Node};
use super::{call, client, contents, FlowError};

/// The Source's data feed.
const FEED: &str = "threat-feed";
/// The Subscriber's collection fed by its inbox.
const RECEIVED: &str = "received";
/// Longest wait for the pushed content to reach the Subscriber.
const DELIVERY_WAIT: Duration = Duration::from_secs(10);

/// What the run produced, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSubscriberReport {
    /// The subscription the Subscriber holds.
    pub subscription_id: String,
    /// The contents published at the Source, in order.
    pub published: Vec<Vec<u8>>,
    /// The contents the Source pushed into the Subscriber's inbox, as stored there.
    pub delivered: Vec<Vec<u8>>,
    /// The contents the Subscriber polled through its subscription.
    pub polled: Vec<Vec<u8>>,
}

/// Runs the source/subscriber exchange with `blocks` as the published content; data
/// lives under `data_root`; both servers are stopped before it returns.
pub fn source_subscriber(
    rt: &Handle,
    data_root: &Path,
    blocks: &[ContentBlock],
    story: &Narration,
) -> Result<SourceSubscriberReport, FlowError> {
    let mut source_config = config(&data_root.join("source"), &[FEED]);
    source_config.push.enabled = true;
    // Both parties are on this machine's loopback interface.
    source_config.push.allow_private_destinations = true;
    let source = Node::start(rt, "Source", source_config)?;
    let subscriber = match Node::start(
        rt,
        "Subscriber",
        config(&data_root.join("subscriber"), &[RECEIVED]),
    ) {
        Ok(n) => n,
        Err(e) => {
            source.stop(rt);
            return Err(e);
        }
    };
    for n in [&source, &subscriber] {
        story.name(&n.base_url(), n.name());
    }
    story.say(format!(
        "Source: TAXII services at {}, discovery at {}",
        source.base_url(),
        source.discovery()
    ));
    story.say(format!(
        "Subscriber: inbox service at {} (feeding its collection {RECEIVED})",
        subscriber.inbox()
    ));
    let result = exchanges(rt, &source, &subscriber, blocks, story);
    subscriber.stop(rt);
    source.stop(rt);
    story.say("Both servers stopped.");
    result
}

fn exchanges(
    rt: &Handle,
    source: &Node,
    subscriber: &Node,
    blocks: &[ContentBlock],
    story: &Narration,
) -> Result<SourceSubscriberReport, FlowError> {
    let feed = Uri::new(FEED)?;
    let mut me = NarratedClient::new(client()?, rt.clone(), "Subscriber", story);
    let mut requests = Requests::new(UuidGenerator);

    story.say("\nStep 1: discovery exchange");
    let discovery: DiscoveryResponse = call(&mut me, &mut requests, &source.discovery(), |r| {
        r.discovery().into()
    })?;
    let management = discovery
        .service_instances
        .iter()
        .find(|s| s.service_type == ServiceType::CollectionManagement)
        .ok_or("the Source offers no collection management service")?
        .contact
        .address
        .clone();

    story.say("\nStep 2: collection information exchange");
    let info: CollectionInformationResponse = call(&mut me, &mut requests, &management, |r| {
        r.collection_information().into()
    })?;
    let collection = info
        .collections
        .into_iter()
        .find(|c| c.collection_name == feed)
        .ok_or("the Source offers no collection threat-feed")?;

    story.say("\nStep 3: (outside TAXII) the Subscriber and the Source agree on terms");

    story.say("\nStep 4: subscription management exchange: subscribe, push to my inbox");
    let push = PushParameters::new(
        Uri::new(PROTOCOL_HTTP)?,
        subscriber.inbox(),
        Uri::new(MESSAGE_BINDING_11)?,
    );
    let address = collection
        .subscription_services
        .first()
        .map_or(management, |s| s.address.clone());
    let subscribed: ManageCollectionSubscriptionResponse =
        call(&mut me, &mut requests, &address, |r| {
            r.subscribe(&feed, QueryParameters::default(), Some(push))
                .into()
        })?;
    let subscription = subscribed
        .subscriptions
        .into_iter()
        .next()
        .ok_or("the subscription response holds no subscription")?;

    story.say("\nStep 5: the Source publishes content; it is pushed to the Subscriber's inbox");
    let inbox = discovery
        .service_instances
        .iter()
        .find(|s| s.service_type == ServiceType::Inbox)
        .ok_or("the Source offers no inbox service")?
        .contact
        .address
        .clone();
    let mut producer = NarratedClient::new(client()?, rt.clone(), "Producer", story);
    let message = requests.inbox(blocks.to_vec(), vec![feed.clone()]);
    let id = message.message_id.clone();
    read_success(
        &id,
        producer.exchange(&inbox, v11::Message::from(message).into())?,
    )?;
    let delivered = subscriber.wait_for(RECEIVED, blocks.len(), DELIVERY_WAIT)?;
    story.say(format!(
        "  Source -> Subscriber  POST {} (push for subscription {})",
        subscriber.inbox(),
        subscription.subscription_id.as_str()
    ));
    for (i, c) in delivered.iter().enumerate() {
        story.say(format!(
            "      Subscriber stored content block {}: {}",
            i + 1,
            describe_bytes(c)
        ));
    }

    story.say("\nStep 6: the Subscriber polls the Source through its subscription as well");
    let poll = subscription
        .poll_instances
        .first()
        .or(collection.polling_services.first())
        .map(|p| p.address.clone())
        .ok_or("the Source offers no poll service")?;
    let first = requests.poll_subscription(&feed, &subscription.subscription_id);
    let parts = poll_all(&mut me, &mut requests, &poll, first, PagerLimits::default())?;
    Ok(SourceSubscriberReport {
        subscription_id: subscription.subscription_id.as_str().to_owned(),
        published: contents(blocks),
        delivered,
        polled: contents(parts.iter().flat_map(|p| &p.content_blocks)),
    })
}
