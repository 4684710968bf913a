//! A TAXII 1.0 front for a TAXII 1.1 server. TAXII 1.0 clients talk to this proxy; each
//! request is converted to 1.1 and forwarded upstream; a multi-part poll result is
//! followed to its end and merged (1.0 has no parts); the answer goes back in 1.0 with a
//! digit id, answering the client's id, and discovery advertises the proxy itself.
//!
//! ```text
//! cargo run -p taxii-services --features tower --example translating_proxy -- \
//!     127.0.0.1:9700 http://127.0.0.1:9600/taxii
//! ```

use std::future::Future;
use std::sync::Arc;

use axum::{body::Body, extract::State, http::Request, routing::post, Router};
use taxii_http_binding::{
    read_request, ClientPolicy, Rejection, ServerPolicy, ServicesVersion, Transport,
};
use taxii_messages::{v10, v11, DigitIds, Message, StatusType, UuidGenerator};
use taxii_services::client::{merge_parts, poll_all_async, AsyncExchanger, PagerLimits, Requests};

const MAX_BODY: usize = 16 << 20;

struct Proxy {
    /// The proxy's own TAXII 1.0 address, and the 1.1 server's.
    own: String,
    upstream: String,
    policy: ServerPolicy,
    ids: DigitIds,
}

/// The upstream over HTTP, for the client helpers.
struct Upstream;

impl AsyncExchanger for Upstream {
    type Error = std::io::Error;
    fn exchange(
        &self,
        url: &str,
        m: Message,
    ) -> impl Future<Output = std::io::Result<Message>> + Send {
        let url = url.to_owned();
        async move { client::exchange(&url, &m, &ClientPolicy::default()).await }
    }
    fn wait(&self, secs: u64) -> impl Future<Output = ()> + Send {
        tokio::time::sleep(std::time::Duration::from_secs(secs.min(60)))
    }
}

/// The 1.1 answer to a 1.0 request, whole.
async fn forward(proxy: &Proxy, request: v10::Message) -> Result<v10::Message, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let mut ids = Requests::new(UuidGenerator);
    let asked = request.message_id().clone();
    let mut request = v11::Message::try_from(request).map_err(|e| text(&e))?;
    *request.message_id_mut() = ids.next_id();
    let answer = match request {
        v11::Message::PollRequest(poll) => {
            let parts = poll_all_async(
                &Upstream,
                &mut ids,
                &proxy.upstream,
                poll,
                PagerLimits::default(),
            );
            let merged = merge_parts(parts.await.map_err(|e| text(&e))?).map_err(|e| text(&e))?;
            v11::Message::PollResponse(merged)
        }
        m => {
            let answer = Upstream
                .exchange(&proxy.upstream, m.into())
                .await
                .map_err(|e| text(&e))?;
            answer.into_v11().map_err(|e| text(&e))?
        }
    };
    let mut answer = Message::V11(answer);
    answer.set_message_id(proxy.ids.next()); // 1.0 ids are digits (G10-2)
    answer.set_in_response_to(asked);
    let mut answer = answer.into_v10().map_err(|e| text(&e))?;
    if let v10::Message::DiscoveryResponse(d) = &mut answer {
        d.service_instances
            .iter_mut()
            .for_each(|s| s.contact.address = proxy.own.clone());
    }
    Ok(answer)
}

async fn handle(State(proxy): State<Arc<Proxy>>, request: Request<Body>) -> http::Response<Body> {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        let rejection =
            Rejection::body_too_large(MAX_BODY as u64 + 1, MAX_BODY, &parts.headers, &proxy.policy);
        return rejection.into_response(proxy.ids.next()).map(Body::from);
    };
    let taxii = match read_request(&Request::from_parts(parts, body), &proxy.policy) {
        Ok(taxii) => taxii,
        Err(rejection) => return rejection.into_response(proxy.ids.next()).map(Body::from),
    };
    let asked = taxii.message.message_id().clone();
    let answer = match taxii.message.clone().into_v10() {
        Ok(request) => forward(&proxy, request).await,
        Err(e) => Err(e.to_string()),
    }
    .unwrap_or_else(|text| {
        let mut s = v10::StatusMessage::new(proxy.ids.next(), asked, StatusType::Failure);
        s.message = Some(text);
        s.into()
    });
    let answer = Message::V10(answer);
    taxii.respond(&answer).unwrap_or_default().map(Body::from)
}

/// The proxy answering at `own`, forwarding to `upstream`.
fn app(own: &str, upstream: &str) -> Router {
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.services = vec![ServicesVersion::V10];
    let proxy = Proxy {
        own: own.into(),
        upstream: upstream.into(),
        policy,
        ids: DigitIds::new(),
    };
    Router::new()
        .route("/taxii", post(handle))
        .with_state(Arc::new(proxy))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:9700".into());
    let upstream = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:9600/taxii".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app(&format!("http://{addr}/taxii"), &upstream)).await
}

#[path = "support/client.rs"]
mod client;

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::IntoFuture;
    use taxii_messages::v11::ServiceType;
    use taxii_messages::{MessageId, RawXml, Uri};
    use taxii_services::config::{ServerConfig, ServiceDefinition, STIX_111};
    use taxii_services::memory::{AllowAll, MemoryStore};
    use taxii_services::store::CollectionDefinition;
    use taxii_services::tower::TaxiiService;
    use taxii_services::{Engine, SystemClock};

    /// A 1.1 server whose polls come in parts of two blocks, and the proxy in front.
    async fn start() -> (String, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let upstream = format!("http://{}/taxii", listener.local_addr().unwrap());
        let services = [
            ServiceType::Discovery,
            ServiceType::Poll,
            ServiceType::Inbox,
        ]
        .map(|t| ServiceDefinition::new(format!("{t:?}"), t, &upstream).with_part_size(2));
        let feed = CollectionDefinition::feed(Uri::from_static("default"), "All content");
        let store = MemoryStore::new().with_collection(feed);
        let engine = Engine::new(
            ServerConfig::new(services.to_vec()),
            store,
            AllowAll,
            SystemClock,
            UuidGenerator,
        );
        let taxii = TaxiiService::new(engine, ServerPolicy::new(Transport::Http));
        tokio::spawn(axum::serve(listener, Router::new().fallback_service(taxii)).into_future());
        let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let own = format!("http://{}/taxii", proxy.local_addr().unwrap());
        tokio::spawn(axum::serve(proxy, app(&own, &upstream)).into_future());
        (own, upstream)
    }

    fn digits(id: &MessageId) -> bool {
        id.as_str().bytes().all(|b| b.is_ascii_digit())
    }

    #[tokio::test]
    async fn v10_inbox_then_poll_through_the_proxy_gets_every_part_merged() {
        let (proxy, _upstream) = start().await;
        let v10 = ClientPolicy::new(ServicesVersion::V10);
        let stix = |n: usize| {
            format!(
                r#"<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" id="example:Package-{n}" version="1.1.1"/>"#
            )
        };
        let blocks = (0..5)
            .map(|n| {
                v10::ContentBlock::new(
                    Uri::from_static(STIX_111),
                    RawXml::new(stix(n).into_bytes(), Vec::new()).unwrap(),
                )
            })
            .collect();
        let mut inbox = v10::InboxMessage::new(MessageId::new("11").unwrap());
        inbox.content_blocks = blocks;
        let answer = client::exchange(&proxy, &Message::V10(inbox.into()), &v10)
            .await
            .unwrap();
        let Message::V10(v10::Message::StatusMessage(s)) = &answer else {
            panic!("{answer:?}")
        };
        assert_eq!(s.status_type, StatusType::Success, "{s:?}");
        assert_eq!(s.in_response_to.as_str(), "11");

        let poll =
            v10::PollRequest::new(MessageId::new("12").unwrap(), Uri::from_static("default"));
        let answer = client::exchange(&proxy, &Message::V10(poll.into()), &v10)
            .await
            .unwrap();
        let Message::V10(v10::Message::PollResponse(p)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(
            p.content_blocks.len(),
            5,
            "three 1.1 parts merged into one 1.0 answer"
        );
        assert_eq!(p.in_response_to.as_str(), "12");
        assert!(digits(&p.message_id));
    }

    #[tokio::test]
    async fn v10_discovery_advertises_the_proxy_and_v11_requests_are_refused() {
        let (proxy, upstream) = start().await;
        let d = v10::DiscoveryRequest::new(MessageId::new("1").unwrap());
        let answer = client::exchange(
            &proxy,
            &Message::V10(d.into()),
            &ClientPolicy::new(ServicesVersion::V10),
        )
        .await
        .unwrap();
        let Message::V10(v10::Message::DiscoveryResponse(d)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(d.service_instances.len(), 3);
        assert!(d
            .service_instances
            .iter()
            .all(|s| s.contact.address == proxy && s.contact.address != upstream));

        let d11 = Message::V11(v11::DiscoveryRequest::new(MessageId::new("x").unwrap()).into());
        let answer = client::exchange(&proxy, &d11, &ClientPolicy::default())
            .await
            .unwrap();
        // refused in 1.1, the version its sender speaks (the proxy serves 1.0 only)
        let Message::V11(v11::Message::StatusMessage(s)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(s.status_type, StatusType::UnsupportedMessage, "{s:?}");
        assert_eq!(s.in_response_to.as_str(), "x");
    }
}
