//! The two sharing models of the TAXII overview (seed 001): source/subscriber and
//! peer-to-peer, over an exchanger the caller supplies: blocking ([`Exchanger`]) or async
//! ([`AsyncExchanger`]), with the same session code behind both.

use taxii_messages::v11::{
    CollectionInformation, CollectionInformationResponse, ContentBlock, DiscoveryResponse,
    ManageCollectionSubscriptionResponse, PollResponse, QueryParameters, ServiceType,
    SubscriptionInstance,
};
use taxii_messages::{MessageIdGenerator, Uri};

use super::exchange::{read_reply, read_success, ExchangeError};
use super::exchanger::{run_ready, AsyncExchanger, Blocking, Exchanger};
use super::pager::{PagerError, PagerLimits, PagerStep, PollPager};
use super::requests::Requests;

/// Why a sharing session stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError<E> {
    /// The exchanger got no answer.
    #[error("no answer from the service")]
    Exchanger(E),
    /// An exchange failed.
    #[error(transparent)]
    Exchange(ExchangeError),
    /// Paging stopped early.
    #[error(transparent)]
    Pager(PagerError),
    /// The server advertises no such service or collection.
    #[error("server offers no {0}")]
    Missing(String),
    /// An advertised address lies on another origin than the one asked (security note S8:
    /// credentials would follow it).
    #[error("advertised address {address:?} is not on the origin of {asked:?}")]
    CrossOrigin {
        /// The advertised address.
        address: String,
        /// The address that advertised it.
        asked: String,
    },
}

/// How far a sharing session trusts the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionOptions {
    /// Caps for following poll results.
    pub pager: PagerLimits,
    /// Follow only advertised addresses on the discovery address's scheme, host and port
    /// (on by default; turn off for deployments behind a proxy that advertise another
    /// origin).
    pub same_origin: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            pager: PagerLimits::default(),
            same_origin: true,
        }
    }
}

impl SessionOptions {
    /// Whether `address` may be followed from `asked`.
    fn check<E>(&self, asked: &str, address: &str) -> Result<(), SessionError<E>> {
        if !self.same_origin || origin(asked).is_some_and(|o| Some(o) == origin(address)) {
            Ok(())
        } else {
            Err(SessionError::CrossOrigin {
                address: address.to_owned(),
                asked: asked.to_owned(),
            })
        }
    }
}

/// `(scheme, host, port)` of an absolute http(s) URL, lower-cased, default ports filled.
fn origin(url: &str) -> Option<(String, String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let authority = authority.rsplit('@').next()?.to_ascii_lowercase();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h.to_owned(), p.parse().ok()?),
        _ => {
            let port = match scheme.as_str() {
                "http" => 80,
                "https" => 443,
                _ => return None,
            };
            (authority.clone(), port)
        }
    };
    Some((scheme, host, port))
}

/// What a subscriber set up and collected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubscriberSession {
    /// The collection as advertised.
    pub collection: CollectionInformation,
    /// The subscription created (or the identical one that existed).
    pub subscription: SubscriptionInstance,
    /// The poll result, part by part.
    pub parts: Vec<PollResponse>,
}

/// Source/subscriber: discover, read collection information, subscribe, then poll
/// through the subscription following every part.
pub fn subscribe_and_poll<T: Exchanger<Error: Send>, G: MessageIdGenerator>(
    t: &mut T,
    requests: &mut Requests<G>,
    discovery_address: &str,
    collection: &Uri,
    params: QueryParameters,
    options: &SessionOptions,
) -> Result<SubscriberSession, SessionError<T::Error>> {
    let t = Blocking::new(t);
    run_ready(subscribe_and_poll_async(
        &t,
        requests,
        discovery_address,
        collection,
        params,
        options,
    ))
}

/// [`subscribe_and_poll`] over an [`AsyncExchanger`].
pub async fn subscribe_and_poll_async<T: AsyncExchanger, G: MessageIdGenerator>(
    t: &T,
    requests: &mut Requests<G>,
    discovery_address: &str,
    collection: &Uri,
    params: QueryParameters,
    options: &SessionOptions,
) -> Result<SubscriberSession, SessionError<T::Error>> {
    let req = requests.discovery();
    let id = req.message_id.clone();
    let resp: DiscoveryResponse = call(t, discovery_address, req.into(), &id).await?;
    let cm = resp
        .service_instances
        .iter()
        .find(|s| s.service_type == ServiceType::CollectionManagement)
        .ok_or_else(|| SessionError::Missing("collection management service".into()))?;
    options.check(discovery_address, &cm.contact.address)?;
    let req = requests.collection_information();
    let id = req.message_id.clone();
    let info: CollectionInformationResponse = call(t, &cm.contact.address, req.into(), &id).await?;
    let coll = info
        .collections
        .into_iter()
        .find(|c| &c.collection_name == collection)
        .ok_or_else(|| SessionError::Missing(format!("collection {collection}")))?;
    let sub_addr = coll
        .subscription_services
        .first()
        .map_or(cm.contact.address.clone(), |s| s.address.clone());
    options.check(discovery_address, &sub_addr)?;
    let req = requests.subscribe(collection, params, None);
    let id = req.message_id.clone();
    let sub: ManageCollectionSubscriptionResponse = call(t, &sub_addr, req.into(), &id).await?;
    let subscription = sub
        .subscriptions
        .into_iter()
        .next()
        .ok_or_else(|| SessionError::Missing("subscription in the response".into()))?;
    let poll_addr = subscription
        .poll_instances
        .first()
        .or(coll.polling_services.first())
        .map(|p| p.address.clone())
        .ok_or_else(|| SessionError::Missing("poll service".into()))?;
    options.check(discovery_address, &poll_addr)?;
    let first = requests.poll_subscription(collection, &subscription.subscription_id);
    let parts = poll_all_async(t, requests, &poll_addr, first, options.pager).await?;
    Ok(SubscriberSession {
        collection: coll,
        subscription,
        parts,
    })
}

/// Follows a poll to its end and returns every part.
pub fn poll_all<T: Exchanger<Error: Send>, G: MessageIdGenerator>(
    t: &mut T,
    requests: &mut Requests<G>,
    address: &str,
    first: taxii_messages::v11::PollRequest,
    limits: PagerLimits,
) -> Result<Vec<PollResponse>, SessionError<T::Error>> {
    run_ready(poll_all_async(
        &Blocking::new(t),
        requests,
        address,
        first,
        limits,
    ))
}

/// [`poll_all`] over an [`AsyncExchanger`]; parts can be merged with
/// [`super::merge_parts`].
pub async fn poll_all_async<T: AsyncExchanger, G: MessageIdGenerator>(
    t: &T,
    requests: &mut Requests<G>,
    address: &str,
    first: taxii_messages::v11::PollRequest,
    limits: PagerLimits,
) -> Result<Vec<PollResponse>, SessionError<T::Error>> {
    let mut pager = PollPager::new(first, limits);
    let mut parts = Vec::new();
    while let Some(req) = pager.next_request(requests) {
        let resp = t
            .exchange(address, req)
            .await
            .map_err(SessionError::Exchanger)?;
        match pager.receive(resp).map_err(SessionError::Pager)? {
            PagerStep::Part(p) => parts.push(*p),
            PagerStep::Wait { secs } => t.wait(secs).await,
        }
    }
    Ok(parts)
}

/// The outcome of pushing to one peer inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PeerDelivery<E> {
    /// The inbox address.
    pub address: String,
    /// `Ok` on SUCCESS, else why not.
    pub result: Result<(), SessionError<E>>,
}

/// Peer-to-peer: discover each peer's inbox services and push `blocks` to every one.
pub fn push_to_peers<T: Exchanger<Error: Send>, G: MessageIdGenerator>(
    t: &mut T,
    requests: &mut Requests<G>,
    discovery_addresses: &[&str],
    blocks: &[ContentBlock],
    options: &SessionOptions,
) -> Vec<PeerDelivery<T::Error>> {
    let t = Blocking::new(t);
    run_ready(push_to_peers_async(
        &t,
        requests,
        discovery_addresses,
        blocks,
        options,
    ))
}

/// [`push_to_peers`] over an [`AsyncExchanger`].
pub async fn push_to_peers_async<T: AsyncExchanger, G: MessageIdGenerator>(
    t: &T,
    requests: &mut Requests<G>,
    discovery_addresses: &[&str],
    blocks: &[ContentBlock],
    options: &SessionOptions,
) -> Vec<PeerDelivery<T::Error>> {
    let mut out = Vec::new();
    for peer in discovery_addresses {
        let req = requests.discovery();
        let id = req.message_id.clone();
        let resp: DiscoveryResponse = match call(t, peer, req.into(), &id).await {
            Ok(r) => r,
            Err(e) => {
                out.push(PeerDelivery {
                    address: (*peer).to_owned(),
                    result: Err(e),
                });
                continue;
            }
        };
        for inbox in resp
            .service_instances
            .iter()
            .filter(|s| s.service_type == ServiceType::Inbox)
        {
            let msg = requests.inbox(blocks.to_vec(), Vec::new());
            let id = msg.message_id.clone();
            let address = inbox.contact.address.clone();
            let result = match options.check(peer, &address) {
                Ok(()) => t
                    .exchange(&address, taxii_messages::v11::Message::from(msg).into())
                    .await
                    .map_err(SessionError::Exchanger)
                    .and_then(|r| read_success(&id, r).map_err(SessionError::Exchange)),
                Err(e) => Err(e),
            };
            out.push(PeerDelivery { address, result });
        }
    }
    out
}

async fn call<T: AsyncExchanger, R: super::exchange::Reply>(
    t: &T,
    address: &str,
    request: taxii_messages::v11::Message,
    id: &taxii_messages::MessageId,
) -> Result<R, SessionError<T::Error>> {
    let resp = t
        .exchange(address, request.into())
        .await
        .map_err(SessionError::Exchanger)?;
    read_reply(id, resp).map_err(SessionError::Exchange)
}
