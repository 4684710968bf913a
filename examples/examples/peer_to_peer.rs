//! The Peer-to-peer sharing model of the TAXII overview (seed 001, section 3), run over
//! loopback: three participants each run a `taxii serve` instance with an inbox and a
//! `shared` collection. From a shared list of discovery addresses every peer discovers the
//! others' inboxes, pushes its own sighting to each of them, then polls its own collection
//! and prints what the others sent. Every step is printed.
//!
//! `cargo run --example peer_to_peer`

use taxii_cmd::client::{poll_all, Client, ClientOptions, PollEvent};
use taxii_cmd::config::{Collection, Config};
use taxii_cmd::server::{Server, State};
use taxii_messages::v11::{
    self, ContentBlock, PollParameters, PollRequest, PollSelection, ServiceType,
};
use taxii_messages::{MessageId, MessageIdGenerator, RawXml, Uri, UuidGenerator};
use taxii_services::client::PagerLimits;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn id() -> MessageId {
    UuidGenerator.next_id()
}

async fn peer(name: &str, data: &std::path::Path) -> Result<String, Error> {
    let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = probe.local_addr()?;
    drop(probe);
    let config = Config {
        listen: addr,
        data: data.join(name),
        collections: vec![Collection::named("shared")],
        ..Config::default()
    };
    let server = Server::bind(State::open(config)?).await?;
    tokio::spawn(server.run(std::future::pending()));
    Ok(format!("http://{addr}/services"))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let tmp = tempfile::tempdir()?;
    let names = ["alpha", "bravo", "charlie"];
    let mut directory = Vec::new();
    for n in names {
        let base = peer(n, tmp.path()).await?;
        println!("{n} runs its TAXII server at {base}");
        directory.push((n, base));
    }
    let client = Client::new(ClientOptions::default())?;
    for (me, _) in &directory {
        for (other, base) in directory.iter().filter(|(o, _)| o != me) {
            let d = client
                .exchange11(
                    &format!("{base}/discovery"),
                    v11::DiscoveryRequest::new(id()).into(),
                )
                .await?;
            let v11::Message::DiscoveryResponse(d) = d else {
                return Err("no discovery".into());
            };
            let inbox = d
                .service_instances
                .iter()
                .find(|s| s.service_type == ServiceType::Inbox)
                .ok_or("no inbox")?
                .contact
                .address
                .clone();
            let mut m = v11::InboxMessage::new(id());
            m.destination_collection_names.push(Uri::new("shared")?);
            m.content_blocks.push(ContentBlock::new(
                Uri::new("urn:stix.mitre.org:xml:1.1.1")?,
                RawXml::from_text(&format!("{me} saw phishing from 203.0.113.{}", me.len())),
            ));
            let a = client.exchange11(&inbox, m.into()).await?;
            let status = match &a {
                v11::Message::StatusMessage(s) => s.status_type.as_str().to_owned(),
                other => other.root_element().to_owned(),
            };
            println!("{me} pushed its sighting to {other}'s inbox ({inbox}): {status}");
        }
    }
    for (me, base) in &directory {
        let poll = PollRequest::new(
            id(),
            Uri::new("shared")?,
            PollSelection::PollParameters(PollParameters::default()),
        );
        let mut got = Vec::new();
        poll_all(
            &client,
            &format!("{base}/poll"),
            poll,
            PagerLimits::default(),
            |ev| {
                if let PollEvent::Part(p) = ev {
                    got.extend(p.content_blocks.iter().filter_map(|b| b.content.text()));
                }
            },
        )
        .await?;
        println!("{me} received {} sightings: {}", got.len(), got.join("; "));
        assert_eq!(
            got.len(),
            names.len() - 1,
            "every other peer's sighting arrived"
        );
    }
    Ok(())
}
