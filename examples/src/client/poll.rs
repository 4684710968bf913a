//! A poll to the end: part after part of a multi-part result, and asynchronous results
//! announced with PENDING, driven by the `taxii-services` poll pager (PL-*, PF-*).

use std::path::Path;
use std::time::Duration;

use taxii_messages::v11::{PollRequest, PollResponse};
use taxii_messages::UuidGenerator;
use taxii_services::client::{PagerError, PagerLimits, PagerStep, PollPager, Requests};

use taxii_messages::{Message, RawXml};

use super::{save_blocks, Client, ClientError, DestDir, SaveError, Spooled};

/// What happens during a poll.
#[derive(Debug)]
pub enum PollEvent<'a> {
    /// A response part arrived.
    Part(&'a PollResponse),
    /// The server answered PENDING; waiting this many seconds before asking for the result.
    Waiting(u64),
    /// ([`poll_to_dir`]) A content block was written to this file.
    Saved(&'a Path),
    /// ([`poll_to_dir`]) A response part was read: its header (no content blocks) and
    /// how many blocks it carried.
    Header {
        /// The part without its content blocks.
        part: &'a PollResponse,
        /// Blocks saved from it.
        saved: usize,
    },
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
    /// The content could not be saved, or the answer broke off mid-stream.
    #[error(transparent)]
    Save(#[from] SaveError),
}

impl From<std::io::Error> for PollError {
    fn from(e: std::io::Error) -> Self {
        PollError::Save(SaveError::Write(e))
    }
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
            // PagerStep may grow; a step this client does not know asks for nothing.
            _ => {}
        }
    }
    Ok(())
}

/// [`poll_all`] writing every content block to `dest` as it is read (through `render`), so
/// the parts of the result are never held in memory whole. `on_event` sees each part's
/// header (without its blocks) once its blocks are saved, and each file written. Returns
/// how many blocks were saved. Reading the spooled answer back is blocking file I/O, as
/// suits a command-line client.
pub async fn poll_to_dir(
    client: &Client,
    url: &str,
    req: PollRequest,
    limits: PagerLimits,
    dest: &mut DestDir,
    render: impl Fn(&RawXml) -> String,
    mut on_event: impl FnMut(PollEvent<'_>),
) -> Result<usize, PollError> {
    let mut requests = Requests::new(UuidGenerator);
    let mut pager = PollPager::new(req, limits);
    let mut total = 0;
    while let Some(next) = pager.next_request(&mut requests) {
        let answer = client.exchange_spooled(url, &next, dest.path()).await?;
        let (answer, mut stream) = match answer {
            Spooled::Whole(m) => (*m, None),
            Spooled::Stream(s) => (s.head().clone().into(), Some(s)),
        };
        match pager.receive(Message::V11(answer))? {
            PagerStep::Part(part) => {
                let saved = match stream.as_mut() {
                    Some(s) => save_blocks(&mut s.stream, dest, &render, |p| {
                        on_event(PollEvent::Saved(p))
                    })?,
                    None => {
                        for b in &part.content_blocks {
                            let p = dest.write(render(&b.content).as_bytes())?;
                            on_event(PollEvent::Saved(&p));
                        }
                        part.content_blocks.len()
                    }
                };
                total += saved;
                on_event(PollEvent::Header { part: &part, saved });
            }
            PagerStep::Wait { secs } => {
                let secs = secs.min(MAX_WAIT_SECS);
                on_event(PollEvent::Waiting(secs));
                tokio::time::sleep(Duration::from_secs(secs)).await;
            }
            // PagerStep may grow; a step this client does not know asks for nothing.
            _ => {}
        }
    }
    Ok(total)
}
