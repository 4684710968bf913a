//! A poll to the end: part after part of a multi-part result, and asynchronous results
//! announced with PENDING, driven by the `taxii-services` poll pager (PL-*, PF-*).

use std::time::Duration;

use taxii_messages::v11::{PollRequest, PollResponse};
use taxii_messages::UuidGenerator;
use taxii_services::client::{PagerError, PagerLimits, PagerStep, PollPager, Requests};

use super::{Client, ClientError};

/// What happens during a poll.
#[derive(Debug)]
pub enum PollEvent<'a> {
    /// A response part arrived.
    Part(&'a PollResponse),
    /// The server answered PENDING; waiting this many seconds before asking for the result.
    Waiting(u64),
}

/// Why a poll stopped early.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    /// The answer never arrived.
    #[error(transparent)]
    Transport(#[from] ClientError),
    /// The server refused or answered out of turn (a Status Message, a wrong part...).
    #[error(transparent)]
    Taxii(#[from] PagerError),
}

/// Longest wait honoured from a PENDING answer, in seconds.
const MAX_WAIT_SECS: u64 = 300;

/// Sends `req` and follows the result to its last part, calling `on_event` on each part.
pub async fn poll_all(
    client: &Client,
    url: &str,
    req: PollRequest,
    limits: PagerLimits,
    mut on_event: impl FnMut(PollEvent<'_>),
) -> Result<(), PollError> {
    let mut requests = Requests::new(UuidGenerator);
    let mut pager = PollPager::new(req, limits);
    while let Some(next) = pager.next_request(&mut requests) {
        let answer = client.exchange(url, &next).await?;
        match pager.receive(answer)? {
            PagerStep::Part(part) => on_event(PollEvent::Part(&part)),
            PagerStep::Wait { secs } => {
                let secs = secs.min(MAX_WAIT_SECS);
                on_event(PollEvent::Waiting(secs));
                tokio::time::sleep(Duration::from_secs(secs)).await;
            }
        }
    }
    Ok(())
}
