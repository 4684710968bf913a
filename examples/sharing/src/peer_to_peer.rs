//! Peer-to-peer (seed 001, section 3): a communal discovery service lists the inbox
//! services of the group's peers; one peer discovers them there and pushes its content
//! to each; every receiving peer then shows what its inbox stored.
//!
//! The communal server is a `taxii serve` whose configuration advertises the peers'
//! inboxes; unlike the seed's figure 16 its answer also lists its own discovery,
//! collection management and poll services. It hosts no inbox, so every inbox listed is
//! a peer's.

use std::path::Path;

use taxii_messages::v11::ContentBlock;
use taxii_messages::UuidGenerator;
use taxii_services::client::{push_to_peers, Requests, SessionOptions};
use tokio::runtime::Handle;

use super::narrate::{describe_bytes, NarratedClient, Narration};
use super::node::{config, Node};
use super::{client, contents, FlowError};
use taxii::server::advertise::{AdvertisedService, AdvertisedType};

/// Each receiving peer's collection fed by its inbox.
const SHARED: &str = "shared";

/// What the run produced, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerReport {
    /// The contents the sending peer pushed, in order.
    pub pushed: Vec<Vec<u8>>,
    /// Each inbox pushed to and whether it answered SUCCESS (else why not).
    pub deliveries: Vec<(String, Result<(), String>)>,
    /// Each receiving peer's name and the contents its inbox stored.
    pub received: Vec<(String, Vec<Vec<u8>>)>,
}

/// Runs the peer-to-peer exchange: `sender` pushes `blocks` to the inboxes of
/// `receivers` that the communal discovery service lists. Data lives under `data_root`;
/// every server is stopped before it returns.
pub fn peer_to_peer(
    rt: &Handle,
    data_root: &Path,
    sender: &str,
    receivers: &[&str],
    blocks: &[ContentBlock],
    story: &Narration,
) -> Result<PeerReport, FlowError> {
    let mut peers = Vec::new();
    for (i, name) in receivers.iter().enumerate() {
        let data = data_root.join(format!("peer-{i}"));
        match Node::start(rt, name, config(&data, &[SHARED])) {
            Ok(n) => peers.push(n),
            Err(e) => return stop_all(rt, peers, Err(e)),
        }
    }
    let mut communal = config(&data_root.join("communal"), &["directory"]);
    // The communal server hosts no inbox of its own, only the directory of the group.
    communal.collections[0].writable = false;
    communal.advertised = peers
        .iter()
        .map(|p| AdvertisedService {
            kind: AdvertisedType::Inbox,
            address: p.inbox(),
            message: Some(format!("Inbox service of {}", p.name())),
        })
        .collect();
    match Node::start(rt, "Communal discovery", communal) {
        Ok(n) => peers.push(n),
        Err(e) => return stop_all(rt, peers, Err(e)),
    }
    for p in &peers {
        story.name(&p.base_url(), p.name());
        story.say(format!("{}: TAXII services at {}", p.name(), p.base_url()));
    }
    let result = exchanges(rt, &peers, sender, blocks, story);
    stop_all(rt, peers, result)
}

fn stop_all<T>(rt: &Handle, nodes: Vec<Node>, result: T) -> T {
    for n in nodes {
        n.stop(rt);
    }
    result
}

fn exchanges(
    rt: &Handle,
    nodes: &[Node],
    sender: &str,
    blocks: &[ContentBlock],
    story: &Narration,
) -> Result<PeerReport, FlowError> {
    let (communal, peers) = nodes.split_last().ok_or("no communal discovery service")?;
    story.say(format!(
        "\nSteps 1 and 2: {sender} asks the communal discovery service for the group's \
         inboxes (discovery exchange), then pushes its content to each (data push exchanges)"
    ));
    let mut me = NarratedClient::new(client()?, rt.clone(), sender, story);
    let mut requests = Requests::new(UuidGenerator);
    let mut options = SessionOptions::default();
    // The communal service lists inboxes on the peers' own servers, not on its origin.
    options.same_origin = false;
    let outcome = push_to_peers(
        &mut me,
        &mut requests,
        &[communal.discovery().as_str()],
        blocks,
        &options,
    );
    let deliveries = outcome
        .into_iter()
        .map(|d| (d.address, d.result.map_err(|e| error_text(&e))))
        .collect::<Vec<_>>();

    story.say("\nStep 3: each receiving peer shows what its inbox stored");
    let mut received = Vec::new();
    for p in peers {
        let got = p.contents(SHARED)?;
        story.say(format!(
            "  {} holds {} content block(s) in {SHARED}",
            p.name(),
            got.len()
        ));
        for (i, c) in got.iter().enumerate() {
            story.say(format!(
                "      content block {}: {}",
                i + 1,
                describe_bytes(c)
            ));
        }
        received.push((p.name().to_owned(), got));
    }
    Ok(PeerReport {
        pushed: contents(blocks),
        deliveries,
        received,
    })
}

/// An error with its causes, on one line.
fn error_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}
