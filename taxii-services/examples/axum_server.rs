//! A TAXII 1.1 + 1.0 server inside an axum application: discovery, poll and inbox share
//! the address `/taxii` (the message type picks the service), `/health` is axum's, and
//! every other path falls through to the TAXII service's 404.
//!
//! ```text
//! cargo run -p taxii-services --features tower --example axum_server -- 127.0.0.1:9600
//! ```

use axum::{routing::get, Router};
use taxii_http_binding::{ServerPolicy, Transport};
use taxii_messages::{v11::ServiceType, Uri, UuidGenerator};
use taxii_services::config::{ServerConfig, ServiceDefinition};
use taxii_services::memory::{AllowAll, MemoryStore};
use taxii_services::{store::CollectionDefinition, tower::TaxiiService, Engine, SystemClock};

/// The application, advertising its services at `url`.
fn app(url: &str) -> Router {
    let services = [
        ServiceType::Discovery,
        ServiceType::Poll,
        ServiceType::Inbox,
    ]
    .map(|t| ServiceDefinition::new(format!("{t:?}"), t, url));
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
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .fallback_service(taxii)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:9600".into());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app(&format!("http://{addr}/taxii"))).await
}

#[cfg(test)]
#[path = "support/client.rs"]
mod client;

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::IntoFuture;
    use taxii_http_binding::{ClientPolicy, ServicesVersion};
    use taxii_messages::v11::{self, ContentBlock, PollParameters};
    use taxii_messages::{v10, Message, MessageId, RawXml, StatusType};
    use taxii_services::client::Requests;

    /// The app on a free loopback port; its TAXII address.
    async fn start() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/taxii", listener.local_addr().unwrap());
        tokio::spawn(axum::serve(listener, app(&url)).into_future());
        url
    }

    #[tokio::test]
    async fn inbox_then_poll_at_one_address_and_404_elsewhere() {
        let url = start().await;
        let v11 = ClientPolicy::default();
        let mut r = Requests::new(UuidGenerator);
        let stix =
            r#"<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" version="1.1.1"/>"#;
        let stix = RawXml::new(stix.as_bytes().to_vec(), Vec::new()).unwrap();
        let block = ContentBlock::new(Uri::from_static(taxii_services::config::STIX_111), stix);
        let inbox = Message::V11(r.inbox(vec![block], vec![]).into());
        let answer = client::exchange(&url, &inbox, &v11).await.unwrap();
        assert!(
            matches!(&answer, Message::V11(v11::Message::StatusMessage(s)) if s.status_type == StatusType::Success),
            "{answer:?}"
        );

        let poll = r.poll(
            &Uri::from_static("default"),
            PollParameters::default(),
            None,
            None,
        );
        let answer = client::exchange(&url, &Message::V11(poll.into()), &v11)
            .await
            .unwrap();
        let Message::V11(v11::Message::PollResponse(p)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(p.content_blocks.len(), 1);

        let d10 = Message::V10(v10::DiscoveryRequest::new(MessageId::new("1").unwrap()).into());
        let answer = client::exchange(&url, &d10, &ClientPolicy::new(ServicesVersion::V10))
            .await
            .unwrap();
        let Message::V10(v10::Message::DiscoveryResponse(d)) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(d.service_instances.len(), 3);

        let elsewhere = url.replace("/taxii", "/nothing");
        let request =
            taxii_http_binding::request_for(&d10, &elsewhere, &Default::default()).unwrap();
        assert_eq!(
            client::send(request).await.unwrap().status(),
            http::StatusCode::NOT_FOUND
        );
    }
}
