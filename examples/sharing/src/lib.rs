//! The two sharing models of the TAXII overview (seed 001) run end to end over loopback:
//! every participant is a `taxii serve` started in-process on an ephemeral port, every
//! exchange goes through the project's client, and what happens is narrated step by step.
//! The `source_subscriber` and `peer_to_peer` cargo examples and the integration tests
//! run these flows.

mod narrate;
mod node;
mod peer_to_peer;
mod source_subscriber;

pub use narrate::{describe, describe_bytes, NarratedClient, Narration};
pub use node::{config, Node};
pub use peer_to_peer::{peer_to_peer, PeerReport};
pub use source_subscriber::{source_subscriber, SourceSubscriberReport};

use std::time::Duration;

use taxii_messages::v11::{self, ContentBlock};
use taxii_messages::{RawXml, Uri};
use taxii_services::client::{read_reply, Exchanger, Reply, Requests};
use taxii_services::config::STIX_111;

use taxii::client::{Client, ClientOptions};

/// An error ending a flow, with what went wrong.
pub type FlowError = Box<dyn std::error::Error + Send + Sync>;

/// Time allowed for each exchange of a flow.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// The STIX content the flows share: the sample package of the test data and a small
/// indicator.
pub fn sample_blocks() -> Vec<ContentBlock> {
    const PACKAGE: &str = include_str!("../../../testdata/samples/stix_package_1.1.1.xml");
    const INDICATOR: &str = concat!(
        r#"<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" "#,
        r#"xmlns:indicator="http://stix.mitre.org/Indicator-2" "#,
        r#"xmlns:example="http://example.com/" id="example:Package-sharing-1" version="1.1.1">"#,
        r#"<stix:Indicators><stix:Indicator xsi:type="indicator:IndicatorType" "#,
        r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="example:Indicator-sharing-1">"#,
        r#"<indicator:Title>Shared over TAXII</indicator:Title></stix:Indicator></stix:Indicators>"#,
        r#"</stix:STIX_Package>"#
    );
    [PACKAGE.trim_end(), INDICATOR]
        .into_iter()
        .map(|c| {
            ContentBlock::new(
                Uri::new(STIX_111).expect("constant URI"),
                RawXml::new(c.as_bytes().to_vec(), Vec::new()).expect("well-formed XML"),
            )
        })
        .collect()
}

/// Sends the servers' warnings and errors (a failed push, say) to stderr; `RUST_LOG`
/// overrides the level (`RUST_LOG=info` shows every exchange as the servers see it).
pub fn log_to_stderr() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

/// The client every participant uses.
fn client() -> Result<Client, FlowError> {
    Ok(Client::new(ClientOptions {
        timeout: EXCHANGE_TIMEOUT,
        ..ClientOptions::default()
    })?)
}

/// One request/response exchange expecting an `R`.
fn call<R: Reply, G: taxii_messages::MessageIdGenerator>(
    t: &mut NarratedClient<'_>,
    requests: &mut Requests<G>,
    address: &str,
    make: impl FnOnce(&mut Requests<G>) -> v11::Message,
) -> Result<R, FlowError> {
    let request = make(requests);
    let id = request.message_id().clone();
    let answer = t.exchange(address, request.into())?;
    Ok(read_reply(&id, answer)?)
}

/// The contents of some content blocks, as bytes.
fn contents<'a>(blocks: impl IntoIterator<Item = &'a ContentBlock>) -> Vec<Vec<u8>> {
    blocks
        .into_iter()
        .map(|b| b.content.as_bytes().to_vec())
        .collect()
}
