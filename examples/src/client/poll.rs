//! A poll to the end: part after part of a multi-part result, and asynchronous results
//! announced with PENDING, driven by the `taxii-services` poll pager (PL-*, PF-*).

use std::path::Path;
use std::time::{Duration, Instant};

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
    /// A limit on the whole poll was reached.
    #[error("stopped: the poll reached {0}; raise it to go on")]
    Total(String),
}

/// Limits on a whole poll, across its parts and PENDING waits, with defaults a user can
/// raise; and an optional cap on content blocks (`--limit`), which ends the poll quietly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollTotals {
    /// Most parts followed and PENDING answers waited for.
    pub pager: PagerLimits,
    /// Most content bytes received in all.
    pub max_bytes: u64,
    /// Most time for the whole poll, waits included.
    pub max_time: Duration,
    /// Stop quietly after this many content blocks.
    pub max_blocks: Option<u64>,
}

impl Default for PollTotals {
    fn default() -> Self {
        PollTotals {
            pager: PagerLimits::default(),
            max_bytes: 4 * 1024 * 1024 * 1024,
            max_time: Duration::from_secs(3600),
            max_blocks: None,
        }
    }
}

impl From<PagerLimits> for PollTotals {
    fn from(pager: PagerLimits) -> Self {
        PollTotals {
            pager,
            ..PollTotals::default()
        }
    }
}

/// The time left of a poll.
struct Deadline {
    end: Instant,
    max: Duration,
}

impl Deadline {
    fn new(max: Duration) -> Self {
        Deadline {
            end: Instant::now() + max,
            max,
        }
    }

    fn exceeded(&self) -> PollError {
        PollError::Total(format!("--max-total-secs ({} s)", self.max.as_secs()))
    }

    /// Runs `f` within the time left.
    async fn within<T>(
        &self,
        f: impl std::future::Future<Output = Result<T, ClientError>>,
    ) -> Result<T, PollError> {
        let left = self.end.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, f).await {
            Ok(r) => Ok(r?),
            Err(_) => Err(self.exceeded()),
        }
    }

    /// Waits `secs` (capped) as a PENDING answer asks, unless that would pass the end.
    async fn wait(&self, secs: u64) -> Result<u64, PollError> {
        let secs = secs.min(MAX_WAIT_SECS);
        if Instant::now() + Duration::from_secs(secs) > self.end {
            return Err(self.exceeded());
        }
        tokio::time::sleep(Duration::from_secs(secs)).await;
        Ok(secs)
    }
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
    totals: impl Into<PollTotals>,
    mut on_event: impl FnMut(PollEvent<'_>),
) -> Result<(), PollError> {
    let totals = totals.into();
    let deadline = Deadline::new(totals.max_time);
    let mut requests = Requests::new(UuidGenerator);
    let mut pager = PollPager::new(req, totals.pager);
    let (mut bytes, mut blocks) = (0u64, 0u64);
    while let Some(next) = pager.next_request(&mut requests) {
        let answer = deadline.within(client.exchange(url, &next)).await?;
        match pager.receive(answer)? {
            PagerStep::Part(mut part) => {
                let room = totals.max_blocks.map(|m| m.saturating_sub(blocks));
                if let Some(room) = room {
                    part.content_blocks
                        .truncate(usize::try_from(room).unwrap_or(usize::MAX));
                }
                blocks += part.content_blocks.len() as u64;
                bytes += part
                    .content_blocks
                    .iter()
                    .map(|b| b.content.as_bytes().len() as u64)
                    .sum::<u64>();
                if bytes > totals.max_bytes {
                    return Err(PollError::Total(format!(
                        "--max-total-bytes ({} content bytes)",
                        totals.max_bytes
                    )));
                }
                on_event(PollEvent::Part(&part));
                if totals.max_blocks.is_some_and(|m| blocks >= m) {
                    break;
                }
            }
            PagerStep::Wait { secs } => {
                on_event(PollEvent::Waiting(secs.min(MAX_WAIT_SECS)));
                deadline.wait(secs).await?;
            }
            // PagerStep may grow; a step this client does not know asks for nothing.
            _ => {}
        }
    }
    Ok(())
}

/// [`poll_all`] writing every content block to `dest` (the totals' bytes and blocks
/// become its caps: [`DestDir::set_caps`]) as it is read (through `render`), so
/// the parts of the result are never held in memory whole. `on_event` sees each part's
/// header (without its blocks) once its blocks are saved, and each file written. Returns
/// how many blocks were saved. Reading the spooled answer back is blocking file I/O, as
/// suits a command-line client.
pub async fn poll_to_dir(
    client: &Client,
    url: &str,
    req: PollRequest,
    totals: impl Into<PollTotals>,
    dest: &mut DestDir,
    render: impl Fn(&RawXml) -> String,
    mut on_event: impl FnMut(PollEvent<'_>),
) -> Result<usize, PollError> {
    let totals = totals.into();
    let deadline = Deadline::new(totals.max_time);
    let mut requests = Requests::new(UuidGenerator);
    let mut pager = PollPager::new(req, totals.pager);
    dest.set_caps(totals.max_blocks, totals.max_bytes);
    let mut total = 0;
    while let Some(next) = pager.next_request(&mut requests) {
        if dest.is_full() {
            break;
        }
        let answer = deadline
            .within(client.exchange_spooled(url, &next, dest.path()))
            .await?;
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
                        let mut saved = 0;
                        for b in &part.content_blocks {
                            if dest.is_full() {
                                break;
                            }
                            saved += 1;
                            let p = dest.write(render(&b.content).as_bytes())?;
                            on_event(PollEvent::Saved(&p));
                        }
                        saved
                    }
                };
                total += saved;
                on_event(PollEvent::Header { part: &part, saved });
            }
            PagerStep::Wait { secs } => {
                on_event(PollEvent::Waiting(secs.min(MAX_WAIT_SECS)));
                deadline.wait(secs).await?;
            }
            // PagerStep may grow; a step this client does not know asks for nothing.
            _ => {}
        }
    }
    Ok(total)
}
