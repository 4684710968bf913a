//! Follows a poll to the end: multi-part results (MP-2..MP-4) and asynchronous ones
//! (AS-2, AS-3), guarded against servers that never stop or answer the wrong part.

use taxii_messages::v11::{self, PollFulfillmentRequest, PollRequest, PollResponse};
use taxii_messages::{Message, MessageId, MessageIdGenerator, Uri};

use super::exchange::{read_poll, ExchangeError, PollReply};
use super::requests::Requests;

/// How far a pager goes before giving up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagerLimits {
    /// Most parts accepted (cabby looped forever on a server repeating `more="true"`).
    pub max_parts: u64,
    /// Most PENDING answers accepted.
    pub max_pending: u32,
}

impl PagerLimits {
    /// Limits of `max_parts` parts and `max_pending` PENDING answers.
    pub fn new(max_parts: u64, max_pending: u32) -> Self {
        PagerLimits {
            max_parts,
            max_pending,
        }
    }
}

impl Default for PagerLimits {
    fn default() -> Self {
        PagerLimits::new(1000, 100)
    }
}

/// Why paging stopped early.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagerError {
    /// The exchange failed (status message, wrong in_response_to, wrong type).
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    /// More parts than the cap; the last part received is kept.
    #[error("more than {cap} parts; stopped")]
    TooManyParts {
        /// The cap.
        cap: u64,
        /// The part received when the cap was hit.
        last: Box<PollResponse>,
    },
    /// More PENDING answers than the cap.
    #[error("more than {cap} PENDING answers; stopped")]
    TooManyPending {
        /// The cap.
        cap: u32,
    },
    /// `more="true"` without a result id to fetch the next part with (MP-2).
    #[error("part {part} says more parts follow but carries no result_id")]
    MissingResultId {
        /// The part.
        part: u64,
    },
    /// The server answered another part than the one requested (MP-3).
    #[error("requested part {requested}, got part {got}")]
    WrongPart {
        /// Part requested.
        requested: u64,
        /// Part received.
        got: u64,
    },
    /// The result id changed in the middle of a result set.
    #[error("result id changed from {expected:?} to {got:?}")]
    ResultIdChanged {
        /// The id being followed.
        expected: String,
        /// The id received.
        got: String,
    },
    /// `receive` was called without an outstanding request.
    #[error("no request is outstanding")]
    NoRequest,
}

/// What to do after a response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagerStep {
    /// A part arrived; consume its content, then ask for the next request.
    Part(Box<PollResponse>),
    /// The result is pending: wait this many seconds, then ask for the next request.
    Wait {
        /// Seconds.
        secs: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Initial,
    Part(u64),
}

/// A sans-IO poll pager: call [`PollPager::next_request`], send it, pass the response to
/// [`PollPager::receive`]; repeat until `next_request` returns `None`.
#[derive(Debug, Clone)]
pub struct PollPager {
    collection: Uri,
    first: Option<PollRequest>,
    outstanding: Option<(MessageId, Expect)>,
    result_id: Option<Uri>,
    next_part: u64,
    parts: u64,
    pending: u32,
    done: bool,
    limits: PagerLimits,
}

impl PollPager {
    /// A pager that starts with `request`.
    pub fn new(request: PollRequest, limits: PagerLimits) -> Self {
        PollPager {
            collection: request.collection_name.clone(),
            first: Some(request),
            outstanding: None,
            result_id: None,
            next_part: 1,
            parts: 0,
            pending: 0,
            done: false,
            limits,
        }
    }

    /// Whether the result has been followed to its end (or paging stopped).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Parts received so far.
    pub fn parts_received(&self) -> u64 {
        self.parts
    }

    /// The next request to send: the poll first, then fulfillments; `None` when done or
    /// while a response is outstanding.
    pub fn next_request<G: MessageIdGenerator>(
        &mut self,
        requests: &mut Requests<G>,
    ) -> Option<Message> {
        self.next_request_with(|| requests.next_id())
    }

    /// [`PollPager::next_request`] with fulfillment ids from any source, e.g. a shared
    /// `&taxii_messages::DigitIds` or a copy of `UuidGenerator`, so a pager owned by an
    /// async task needs no shared `Requests` (nor a lock around one).
    pub fn next_request_with(&mut self, mut ids: impl MessageIdGenerator) -> Option<Message> {
        if self.done || self.outstanding.is_some() {
            return None;
        }
        if let Some(first) = self.first.take() {
            self.outstanding = Some((first.message_id.clone(), Expect::Initial));
            return Some(v11::Message::PollRequest(first).into());
        }
        let result_id = self.result_id.as_ref()?;
        let req = PollFulfillmentRequest::new(
            ids.next_id(),
            self.collection.clone(),
            result_id.clone(),
            self.next_part,
        );
        self.outstanding = Some((req.message_id.clone(), Expect::Part(self.next_part)));
        Some(v11::Message::PollFulfillmentRequest(req).into())
    }

    /// Takes the response to the outstanding request.
    pub fn receive(&mut self, response: Message) -> Result<PagerStep, PagerError> {
        let (id, expect) = self.outstanding.take().ok_or(PagerError::NoRequest)?;
        let result = self.step(&id, expect, response);
        if result.is_err() {
            self.done = true;
        }
        result
    }

    fn follow(&mut self, id: Option<&Uri>) -> Result<(), PagerError> {
        match (&self.result_id, id) {
            (Some(have), Some(got)) if have != got => Err(PagerError::ResultIdChanged {
                expected: have.as_str().to_owned(),
                got: got.as_str().to_owned(),
            }),
            (None, Some(got)) => {
                self.result_id = Some(got.clone());
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn step(
        &mut self,
        id: &MessageId,
        expect: Expect,
        response: Message,
    ) -> Result<PagerStep, PagerError> {
        match read_poll(id, response)? {
            PollReply::Pending {
                result_id,
                estimated_wait,
                ..
            } => {
                self.pending += 1;
                if self.pending > self.limits.max_pending {
                    return Err(PagerError::TooManyPending {
                        cap: self.limits.max_pending,
                    });
                }
                self.follow(Some(&result_id))?;
                self.next_part = match expect {
                    Expect::Initial => 1,
                    Expect::Part(n) => n,
                };
                Ok(PagerStep::Wait {
                    secs: estimated_wait,
                })
            }
            PollReply::Response(r) => {
                let requested = match expect {
                    Expect::Initial => 1,
                    Expect::Part(n) => n,
                };
                let got = r.result_part_number.unwrap_or(requested);
                if got != requested {
                    return Err(PagerError::WrongPart { requested, got });
                }
                if matches!(expect, Expect::Part(_)) || r.has_more() {
                    self.follow(r.result_id.as_ref())?;
                }
                self.parts += 1;
                if !r.has_more() {
                    self.done = true;
                    return Ok(PagerStep::Part(r));
                }
                if self.result_id.is_none() {
                    return Err(PagerError::MissingResultId { part: got });
                }
                if self.parts >= self.limits.max_parts {
                    return Err(PagerError::TooManyParts {
                        cap: self.limits.max_parts,
                        last: r,
                    });
                }
                self.next_part = got + 1;
                Ok(PagerStep::Part(r))
            }
        }
    }
}
