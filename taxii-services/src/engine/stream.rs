//! TAXII 1.0 poll answers encoded from the store one page at a time (security finding 9).

use taxii_messages::v11::{self, PollRequest};
use taxii_messages::{v10, Message, MessageId};

use super::parts::PAGE;
use super::poll::Polled;
use super::select::Selection;
use super::{Ctx, Engine, Fault, Outcome, Reply};
use crate::store::{Policy, Record, RecordKey, Scope, Store, StoreError};

/// What [`Engine::answer`] returns: a whole answer, or a TAXII 1.0 Poll_Response to
/// encode from the store page by page.
#[derive(Debug)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)] // one per exchange, moved once
pub enum Answer {
    /// The whole response message and any deliveries.
    Whole(Outcome),
    /// A TAXII 1.0 Poll_Response whose blocks are still in the store.
    Poll10(PollStream),
}

/// A TAXII 1.0 Poll_Response read from a snapshot of the store one page at a time and
/// encoded as it goes.
///
/// TAXII 1.0 has no multi-part results: a poll is answered with one Poll_Response
/// holding every block of the window. [`Engine::answer`] does not build it: it returns
/// this stream, the response's head plus the snapshot scope to read, and the runtime
/// pulls the encoded bytes with [`PollStream::next_chunk`], each chunk one store page of
/// blocks (the first carries the head, the last the closing tag). Whatever the
/// collection size, at most one page of records is held, and the bytes are exactly
/// those of the whole message's encoding.
///
/// # A failure half way
///
/// Once the first bytes are sent, the HTTP status (200) cannot change. A store failure
/// after that ends the stream with an error, and the root's end tag, written only after
/// the last block, is never sent: the body a client receives is not well-formed XML and
/// never decodes as a complete, shorter answer. Over HTTP/1.1 the runtime should also
/// abort the response (hyper does when a body yields an error: the chunked encoding is
/// left unterminated), so the client sees a broken transfer. The first page is read
/// before the answer is returned, so a store that fails at once is answered with a
/// Status Message as for any other exchange.
#[derive(Debug)]
pub struct PollStream {
    head: v10::PollResponse,
    scope: Scope,
    selection: Selection,
    /// Key of the last record read.
    cursor: Option<RecordKey>,
    /// Records read and not yet encoded (at most one page).
    page: Vec<Record>,
    /// Whether the store may hold records after `cursor`.
    more: bool,
    blocks: u64,
    stage: Stage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Head,
    Blocks,
    Done,
}

/// The 1.0 poll of a dispatch: answered whole (a Status Message, say) or streamed.
#[allow(clippy::large_enum_variant)] // one per exchange, moved once
pub(super) enum Poll10 {
    Reply(Reply),
    Stream(v11::PollResponse, Polled, u64),
}

impl PollStream {
    /// The response without its content blocks (ids, feed, time range).
    pub fn head(&self) -> &v10::PollResponse {
        &self.head
    }

    /// How many content blocks the answer carries (counted in the snapshot when the
    /// poll was answered).
    pub fn block_count(&self) -> u64 {
        self.blocks
    }

    /// The next piece of the encoded Poll_Response, `None` after the last. Every piece
    /// holds one store page of blocks at most; the first starts with the head, the last
    /// ends with the closing tag. After an error the stream is over (see
    /// [what a client then receives](PollStream#a-failure-half-way)).
    pub async fn next_chunk<S: Store, P>(
        &mut self,
        engine: &Engine<S, P>,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let mut out = Vec::new();
        match self.stage {
            Stage::Done => return Ok(None),
            Stage::Head => {
                self.head.encode_head_into(&mut out);
                self.stage = Stage::Blocks;
            }
            Stage::Blocks => {}
        }
        if let Err(e) = self.fill(&engine.store).await {
            self.stage = Stage::Done;
            return Err(e);
        }
        for r in self.page.drain(..) {
            block10(r).encode_in_poll_response_into(&mut out);
        }
        if !self.more {
            self.head.encode_tail_into(&mut out);
            self.stage = Stage::Done;
        }
        Ok(Some(out))
    }

    /// The whole message, every block in memory (what [`Engine::handle`] answers).
    pub async fn into_message<S: Store, P>(
        mut self,
        engine: &Engine<S, P>,
    ) -> Result<v10::PollResponse, StoreError> {
        let mut blocks = Vec::new();
        loop {
            self.fill(&engine.store).await?;
            blocks.extend(self.page.drain(..).map(block10));
            if !self.more {
                break;
            }
        }
        self.head.content_blocks = blocks;
        Ok(self.head)
    }

    /// Reads pages until one holds a selected record or the scope is exhausted (a
    /// query may select nothing in a page); does nothing while a page is held.
    async fn fill<S: Store>(&mut self, store: &S) -> Result<(), StoreError> {
        while self.page.is_empty() && self.more {
            let page = store.page(&self.scope, self.cursor, PAGE).await?;
            self.more = page.len() == PAGE;
            self.cursor = page.last().map(|r| r.key).or(self.cursor);
            let sel = &self.selection;
            self.page = page.into_iter().filter(|r| sel.matches(r)).collect();
        }
        Ok(())
    }
}

/// A stored record as a TAXII 1.0 content block (what 1.0 can say of it).
fn block10(r: Record) -> v10::ContentBlock {
    let mut b = v10::ContentBlock::new(r.binding.binding_id, r.content);
    b.timestamp_label = Some(r.key.label);
    b
}

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    /// Answers `request` (taken by value), which arrived at `service`, from `caller`:
    /// as [`Engine::handle`], except that a TAXII 1.0 poll is answered with a
    /// [`PollStream`] to encode page by page rather than a message holding every block.
    pub async fn answer(
        &self,
        request: Message,
        service: &crate::config::ServiceId,
        caller: &crate::Identity,
    ) -> Answer {
        match request {
            Message::V10(m) => self.answer_v10(m, service, caller).await,
            other => Answer::Whole(self.handle(&other, service, caller).await),
        }
    }

    /// The whole answer a stream would send, every block in memory.
    pub(super) async fn whole10(&self, stream: PollStream) -> Outcome {
        let in_response_to = stream.head.in_response_to.clone();
        let response = match stream.into_message(self).await {
            Ok(m) => v10::Message::PollResponse(m),
            Err(e) => {
                let s = Fault::from(e).into_status(MessageId::unknown(), in_response_to);
                v10::Message::StatusMessage(self.status10(s, &self.clock.now()))
            }
        };
        Outcome {
            response: Message::V10(response),
            deliveries: Vec::new(),
            backlog: None,
        }
    }

    /// A 1.0 poll: the head and the first page, or a whole answer (count-only or
    /// asynchronous polls cannot be asked in 1.0; any that get here are answered whole).
    pub(super) async fn poll10(&self, ctx: &Ctx<'_>, req: &PollRequest) -> Result<Poll10, Fault> {
        let polled = self.resolve_poll(ctx, req).await?;
        if polled.ask.count_only || polled.ask.allow_asynch {
            let Polled { coll, scope, ask } = polled;
            let reply = self
                .poll_answer(ctx, &req.message_id, &coll, scope, ask)
                .await?;
            return Ok(Poll10::Reply(reply));
        }
        let (count, _) = self
            .count_matches(&polled.scope, &polled.ask.selection, usize::MAX)
            .await?;
        let mut head = v11::PollResponse::new(
            self.next_message_id(),
            req.message_id.clone(),
            polled.coll.name.clone(),
        );
        head.subscription_id = polled.ask.subscription_id.clone();
        head.exclusive_begin_timestamp = polled.scope.window.exclusive_begin;
        head.inclusive_end_timestamp = polled.scope.window.inclusive_end;
        Ok(Poll10::Stream(head, polled, count))
    }

    /// The stream answering a 1.0 poll, its first page read (a store failing at once is
    /// then answered with a Status Message).
    pub(super) async fn poll_stream(
        &self,
        head: v10::PollResponse,
        polled: Polled,
        blocks: u64,
    ) -> Result<PollStream, StoreError> {
        let mut stream = PollStream {
            head,
            scope: polled.scope,
            selection: polled.ask.selection,
            cursor: None,
            page: Vec::new(),
            more: true,
            blocks,
            stage: Stage::Head,
        };
        stream.fill(&self.store).await?;
        Ok(stream)
    }
}
