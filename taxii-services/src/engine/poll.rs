//! Poll and Poll Fulfillment (SV-5, PR-*, MP-*, AS-*).

use taxii_messages::v11::{
    self, CollectionType, ContentBlock, PollFulfillmentRequest, PollRequest, PollResponse,
    PollSelection, PushParameters, RecordCount, StatusMessage,
};
use taxii_messages::{MessageId, StatusType, Timestamp, Uri};

use super::parts::split;
use super::select::Selection;
use super::{fault, Ctx, Engine, Fault, Reply};
use crate::push::{check_destination, Delivery};
use crate::store::legacy::{
    CollectionDefinition, Operation, Policy, Record, ResultPart, ResultSet, Store, Window,
};

/// Seconds between two timestamps, rounded up, never negative.
pub(crate) fn secs_until(now: &Timestamp, later: &Timestamp) -> u64 {
    let d = later.to_utc() - now.to_utc();
    let ms = d.num_milliseconds().max(0) as u64;
    ms.div_ceil(1000)
}

/// `t + secs`, saturating at the latest representable instant.
pub(crate) fn add_secs(t: &Timestamp, secs: u64) -> Timestamp {
    let later = i64::try_from(secs)
        .ok()
        .and_then(chrono::TimeDelta::try_seconds)
        .and_then(|d| t.to_utc().checked_add_signed(d))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC);
    Timestamp::from(later)
}

/// The instant one microsecond before `t` (labels have microsecond precision).
pub(crate) fn before(t: &Timestamp) -> Timestamp {
    let d = chrono::TimeDelta::microseconds(1);
    Timestamp::from(t.to_utc().checked_sub_signed(d).unwrap_or(t.to_utc()))
}

/// One microsecond after `t`: an exclusive lower bound as an inclusive one.
pub(crate) fn after(t: &Timestamp) -> Timestamp {
    let d = chrono::TimeDelta::microseconds(1);
    Timestamp::from(t.to_utc().checked_add_signed(d).unwrap_or(t.to_utc()))
}

/// What one poll asked for, after resolving a subscription.
struct Ask {
    selection: Selection,
    count_only: bool,
    subscription_id: Option<Uri>,
    allow_asynch: bool,
    delivery: Option<PushParameters>,
}

impl<S: Store, P: Policy> Engine<S, P> {
    /// Authorization first (it wins over everything), then existence (ERR-2, ERR-4).
    pub(super) fn readable_collection(
        &self,
        ctx: &Ctx<'_>,
        name: &Uri,
        op: Operation,
    ) -> Result<CollectionDefinition, Fault> {
        fault::check(self.policy.authorize(ctx.caller, op, name))?;
        self.store
            .collection(name)?
            .ok_or_else(|| Fault::not_found("collection", name.as_str()))
    }

    pub(super) fn poll(&self, ctx: &Ctx<'_>, req: &PollRequest) -> Result<Reply, Fault> {
        let coll = self.readable_collection(ctx, &req.collection_name, Operation::Read)?;
        if !coll.pollable {
            return Err(Fault::new(
                StatusType::Denied,
                "this collection cannot be polled",
            ));
        }
        let queries = &ctx.service.supported_queries;
        let ask = match &req.selection {
            PollSelection::SubscriptionId(id) => {
                let sub = self
                    .store
                    .subscription(id)?
                    .filter(|s| s.owner == *ctx.caller && s.collection == coll.name)
                    .ok_or_else(|| Fault::not_found("subscription", id.as_str()))?;
                Ask {
                    selection: Selection::new(&sub.parameters, &coll, queries)?,
                    count_only: sub.parameters.response_type() == v11::ResponseType::CountOnly,
                    subscription_id: Some(sub.id),
                    allow_asynch: false,
                    delivery: None,
                }
            }
            PollSelection::PollParameters(p) => {
                if self.policy.requires_subscription(ctx.caller, &coll.name) {
                    return Err(Fault::new(
                        StatusType::Denied,
                        "polling this collection requires a subscription",
                    ));
                }
                Ask {
                    selection: Selection::new(&p.query_parameters, &coll, queries)?,
                    count_only: p.query_parameters.response_type() == v11::ResponseType::CountOnly,
                    subscription_id: None,
                    allow_asynch: p.allows_asynch(),
                    delivery: p.delivery_parameters.clone(),
                }
            }
        };
        // PR-2..PR-4: report the range considered; the upper bound never lies in the
        // future, so it stays below any label assigned later. Data sets ignore bounds.
        let window = match coll.kind {
            CollectionType::DataSet => Window::all(),
            CollectionType::DataFeed => {
                // Content stored from now on is labelled `now` or later: stop just before.
                let latest = before(&ctx.now);
                let mut end = match req.inclusive_end_timestamp {
                    Some(e) if e <= latest => e,
                    _ => latest,
                };
                // A lower bound at or past it: nothing to report, but keep the reported
                // range well-formed (end after begin).
                if let Some(b) = req.exclusive_begin_timestamp {
                    if end <= b {
                        end = after(&b);
                    }
                }
                Window::new(req.exclusive_begin_timestamp, Some(end))
            }
        };
        let records: Vec<Record> = self
            .store
            .records(&coll.name, &window)?
            .into_iter()
            .filter(|r| window.contains(&r.label) && ask.selection.matches(r))
            .collect();
        self.answer(ctx, &req.message_id, &coll, records, window, ask)
    }

    fn answer(
        &self,
        ctx: &Ctx<'_>,
        request_id: &MessageId,
        coll: &CollectionDefinition,
        records: Vec<Record>,
        window: Window,
        ask: Ask,
    ) -> Result<Reply, Fault> {
        let mut policy = self.config.poll;
        if let Some(n) = ctx.service.max_records_per_part {
            policy.max_records_per_part = n;
        }
        if ctx.version == super::Version::V10 {
            // TAXII 1.0 has neither multi-part nor asynchronous results.
            policy.max_records_per_part = usize::MAX;
        }
        let count = records.len();
        let deferred = ask.allow_asynch && policy.defer_above_records.is_some_and(|n| count > n);
        let multi = !ask.count_only && count > policy.max_records_per_part;
        if !deferred && !multi {
            let set = self.result_set(ctx, coll, &ask, false, ctx.now, count, Vec::new());
            let part = crate::store::legacy::ResultPart { window, records };
            let resp = self.part_response(request_id, &set, &part, 1, false);
            return Ok((v11::Message::PollResponse(resp), Vec::new()));
        }
        let per_part = if ask.count_only {
            usize::MAX
        } else {
            policy.max_records_per_part
        };
        let parts = split(records, per_part, window, coll.kind);
        if deferred {
            let ready_at = add_secs(&ctx.now, policy.estimated_wait_secs);
            let mut set = self.result_set(ctx, coll, &ask, true, ready_at, count, parts);
            // AS-4, AS-5: delivery parameters only matter now; unusable ones mean no push.
            let deliveries = match &ask.delivery {
                Some(push) => self.async_push(ctx, &set, push),
                None => Vec::new(),
            };
            set.will_push = !deliveries.is_empty();
            self.store.put_result(&set)?;
            let status = StatusMessage::pending(
                self.next_message_id(),
                request_id.clone(),
                policy.estimated_wait_secs.max(1),
                &set.id,
                set.will_push,
            );
            return Ok((v11::Message::StatusMessage(status), deliveries));
        }
        let set = self.result_set(ctx, coll, &ask, false, ctx.now, count, parts);
        self.store.put_result(&set)?;
        let resp = self.part_response(request_id, &set, &set.parts[0], 1, true);
        Ok((v11::Message::PollResponse(resp), Vec::new()))
    }

    #[allow(clippy::too_many_arguments)]
    fn result_set(
        &self,
        ctx: &Ctx<'_>,
        coll: &CollectionDefinition,
        ask: &Ask,
        asynchronous: bool,
        ready_at: Timestamp,
        count: usize,
        parts: Vec<crate::store::legacy::ResultPart>,
    ) -> ResultSet {
        ResultSet {
            id: self.next_uri(),
            collection: coll.name.clone(),
            owner: ctx.caller.clone(),
            subscription_id: ask.subscription_id.clone(),
            asynchronous,
            will_push: false,
            ready_at,
            expires_at: add_secs(&ready_at, self.config.poll.result_ttl_secs),
            record_count: count as u64,
            count_only: ask.count_only,
            parts,
        }
    }

    /// Inbox messages carrying an asynchronous result to the client's inbox (AS-4).
    fn async_push(&self, ctx: &Ctx<'_>, set: &ResultSet, push: &PushParameters) -> Vec<Delivery> {
        let allow = self.policy.allow_private_destinations(ctx.caller);
        let Ok(destination) = check_destination(&push.address, allow) else {
            return Vec::new();
        };
        if !self.can_push_with(push) {
            return Vec::new();
        }
        set.parts
            .iter()
            .map(|part| {
                let mut msg = v11::InboxMessage::new(self.next_message_id());
                msg.result_id = Some(set.id.clone());
                msg.record_count = Some(RecordCount::new(set.record_count));
                msg.content_blocks = part.records.iter().map(block).collect();
                Delivery {
                    push: push.clone(),
                    destination: destination.clone(),
                    not_before: set.ready_at,
                    subscription_id: None,
                    result_id: Some(set.id.clone()),
                    message: self.for_binding(msg, &push.message_binding, &ctx.now),
                }
            })
            .collect()
    }

    /// Whether the engine can deliver with this protocol and message binding.
    pub(super) fn can_push_with(&self, push: &PushParameters) -> bool {
        let p = push.protocol_binding.as_str();
        let b = push.message_binding.as_str();
        (p == crate::config::PROTOCOL_HTTP || p == crate::config::PROTOCOL_HTTPS)
            && (b == crate::config::MESSAGE_BINDING_11 || b == crate::config::MESSAGE_BINDING_10)
    }

    /// The Poll_Response for part `n` of `set`.
    fn part_response(
        &self,
        request_id: &MessageId,
        set: &ResultSet,
        part: &crate::store::legacy::ResultPart,
        n: u64,
        multi: bool,
    ) -> PollResponse {
        let mut resp = PollResponse::new(
            self.next_message_id(),
            request_id.clone(),
            set.collection.clone(),
        );
        if multi {
            resp.result_id = Some(set.id.clone());
            resp.result_part_number = Some(n);
            resp.more = Some(n < set.parts.len() as u64);
        }
        resp.subscription_id = set.subscription_id.clone();
        resp.exclusive_begin_timestamp = part.window.exclusive_begin;
        resp.inclusive_end_timestamp = part.window.inclusive_end;
        let mut count = RecordCount::new(set.record_count.max(part.records.len() as u64));
        count.partial_count = Some(false);
        resp.record_count = Some(count);
        if !set.count_only {
            resp.content_blocks = part.records.iter().map(block).collect();
        }
        resp
    }

    pub(super) fn fulfill(
        &self,
        ctx: &Ctx<'_>,
        req: &PollFulfillmentRequest,
    ) -> Result<Reply, Fault> {
        fault::check(
            self.policy
                .authorize(ctx.caller, Operation::Read, &req.collection_name),
        )?;
        // An unknown id, or another caller's, is NOT_FOUND (AMB-19, AS-6).
        let set = self
            .store
            .result(&req.collection_name, &req.result_id)?
            .filter(|s| s.owner == *ctx.caller)
            .ok_or_else(|| Fault::not_found("result set", req.result_id.as_str()))?;
        if ctx.now >= set.expires_at {
            self.store.remove_result(&set.collection, &set.id)?;
            return Err(if set.asynchronous {
                Fault::new(
                    StatusType::AsynchronousPollError,
                    "the result set has expired",
                )
            } else {
                Fault::not_found("result set", req.result_id.as_str())
                    .with_message("the result set has expired")
            });
        }
        if ctx.now < set.ready_at {
            let status = StatusMessage::pending(
                self.next_message_id(),
                req.message_id.clone(),
                secs_until(&ctx.now, &set.ready_at).max(1),
                &set.id,
                set.will_push,
            );
            return Ok((v11::Message::StatusMessage(status), Vec::new()));
        }
        let n = req.result_part_number;
        let max = set.parts.len() as u64;
        if n == max + 1 && self.config.poll.empty_part_after_last {
            let last = &set.parts[set.parts.len() - 1];
            let empty = ResultPart {
                window: Window::new(last.window.inclusive_end, last.window.inclusive_end),
                records: Vec::new(),
            };
            let mut resp = self.part_response(&req.message_id, &set, &empty, n, true);
            resp.exclusive_begin_timestamp = None;
            return Ok((v11::Message::PollResponse(resp), Vec::new()));
        }
        if n == 0 || n > max {
            return Err(Fault::new(
                StatusType::InvalidResponsePart,
                format!("part {n} requested; parts are 1..={max}"),
            )
            .detail(v11::detail::MAX_PART_NUMBER, max.to_string()));
        }
        let part = &set.parts[(n - 1) as usize];
        let resp = self.part_response(&req.message_id, &set, part, n, true);
        Ok((v11::Message::PollResponse(resp), Vec::new()))
    }
}

/// A stored record as a content block.
pub(crate) fn block(r: &Record) -> ContentBlock {
    let mut b = ContentBlock::new(r.binding.binding_id.clone(), r.content.clone());
    b.content_binding = r.binding.clone();
    b.timestamp_label = Some(r.label);
    b.message = r.message.clone();
    b
}
