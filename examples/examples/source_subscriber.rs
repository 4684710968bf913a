//! The Source/Subscriber sharing model of the TAXII overview (seed 001, section 2), run
//! over loopback with two `taxii serve` instances: the Source publishes advisories into its
//! `advisories` feed; the Subscriber discovers the Source's services, reads its feeds,
//! subscribes, polls through the subscription and files what it receives in its own
//! server's inbox. Every step is printed.
//!
//! `cargo run --example source_subscriber`

use taxii_cmd::client::{poll_all, Client, ClientOptions, PollEvent};
use taxii_cmd::config::{Collection, Config};
use taxii_cmd::server::{Server, State};
use taxii_messages::v11::{self, ContentBlock, PollRequest, PollSelection, SubscriptionAction};
use taxii_messages::{MessageId, MessageIdGenerator, RawXml, Uri, UuidGenerator};
use taxii_services::client::PagerLimits;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn id() -> MessageId {
    UuidGenerator.next_id()
}

async fn server(name: &str, data: &std::path::Path) -> Result<String, Error> {
    let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = probe.local_addr()?;
    drop(probe);
    let config = Config {
        listen: addr,
        data: data.join(name),
        collections: vec![Collection::named(name)],
        ..Config::default()
    };
    let server = Server::bind(State::open(config)?).await?;
    tokio::spawn(server.run(std::future::pending()));
    Ok(format!("http://{addr}/services"))
}

fn inbox(collection: &str, contents: &[RawXml]) -> v11::Message {
    let mut m = v11::InboxMessage::new(id());
    m.destination_collection_names
        .push(Uri::new(collection).expect("valid name"));
    for c in contents {
        let binding = Uri::new("urn:stix.mitre.org:xml:1.1.1").expect("valid binding");
        m.content_blocks.push(ContentBlock::new(binding, c.clone()));
    }
    m.into()
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let tmp = tempfile::tempdir()?;
    let source = server("advisories", tmp.path()).await?;
    let subscriber = server("received", tmp.path()).await?;
    let client = Client::new(ClientOptions::default())?;
    println!("Source at {source}, Subscriber's own server at {subscriber}");

    let advisories: Vec<RawXml> = (1..=3)
        .map(|i| RawXml::from_text(&format!("advisory {i}: patch CVE-2026-{i:04}")))
        .collect();
    client
        .exchange11(&format!("{source}/inbox"), inbox("advisories", &advisories))
        .await?;
    println!("Source published {} advisories", advisories.len());

    let d = client
        .exchange11(
            &format!("{source}/discovery"),
            v11::DiscoveryRequest::new(id()).into(),
        )
        .await?;
    if let v11::Message::DiscoveryResponse(d) = &d {
        for s in &d.service_instances {
            println!(
                "Subscriber discovered {} at {}",
                s.service_type.as_str(),
                s.contact.address
            );
        }
    }
    let ci = client
        .exchange11(
            &format!("{source}/collection-management"),
            v11::CollectionInformationRequest::new(id()).into(),
        )
        .await?;
    if let v11::Message::CollectionInformationResponse(ci) = &ci {
        for c in &ci.collections {
            println!(
                "Subscriber sees feed {} ({})",
                c.collection_name, c.description
            );
        }
    }
    let feed = Uri::new("advisories")?;
    let mut req = v11::ManageCollectionSubscriptionRequest::new(
        id(),
        SubscriptionAction::Subscribe,
        feed.clone(),
    );
    let mut params = v11::QueryParameters::default();
    params.response_type = Some(v11::ResponseType::Full);
    req.subscription_parameters = Some(params);
    let answer = client
        .exchange11(&format!("{source}/collection-management"), req.into())
        .await?;
    let v11::Message::ManageCollectionSubscriptionResponse(sub) = answer else {
        return Err(format!("subscription refused: {answer:?}").into());
    };
    let sub_id = sub.subscriptions[0].subscription_id.clone();
    println!("Subscriber subscribed: {sub_id}");

    let poll = PollRequest::new(id(), feed, PollSelection::SubscriptionId(sub_id));
    let mut received = Vec::new();
    poll_all(
        &client,
        &format!("{source}/poll"),
        poll,
        PagerLimits::default(),
        |ev| {
            if let PollEvent::Part(p) = ev {
                received.extend(p.content_blocks.iter().map(|b| b.content.clone()));
            }
        },
    )
    .await?;
    println!(
        "Subscriber polled {} advisories through its subscription",
        received.len()
    );
    let answer = client
        .exchange11(&format!("{subscriber}/inbox"), inbox("received", &received))
        .await?;
    if let v11::Message::StatusMessage(s) = &answer {
        println!(
            "Subscriber filed them in its own server: {}",
            s.status_type.as_str()
        );
    }
    for r in &received {
        println!("  {}", r.text().unwrap_or_default());
    }
    assert_eq!(
        received, advisories,
        "the subscriber got exactly what the source published"
    );
    Ok(())
}
