//! Poll and Poll Fulfillment (SV-5, PR-*, MP-*, AS-*).

use taxii_messages::v11::{
    self, CollectionType, ContentBlock, PollFulfillmentRequest, PollRequest, PollResponse,
    PollSelection, PushParameters, RecordCount, StatusMessage,
};
use taxii_messages::{MessageId, StatusType, Timestamp, Uri};

use super::parts::Part;
use super::select::Selection;
use super::{fault, Ctx, Engine, Fault, Reply};
use crate::push::{check_destination, Delivery};
use crate::store::{
    CollectionDefinition, Operation, Policy, Record, ResultSet, Scope, Store, Window,
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

/// Most parts an asynchronous result may have and still be pushed (bounds the memory
/// of the deliveries an exchange returns).
pub(crate) const MAX_PUSHED_PARTS: u64 = 10;

/// What one poll asked for, after resolving a subscription.
pub(super) struct Ask {
    pub selection: Selection,
    pub count_only: bool,
    pub subscription_id: Option<Uri>,
    pub allow_asynch: bool,
    delivery: Option<PushParameters>,
}

/// A poll resolved: the collection, the snapshot scope it reads and what it asked for.
pub(super) struct Polled {
    pub coll: CollectionDefinition,
    pub scope: Scope,
    pub ask: Ask,
}

impl<S: Store, P: Policy + Sync> Engine<S, P> {
    /// Authorization first (it wins over everything), then existence (ERR-2, ERR-4).
    pub(super) async fn readable_collection(
        &self,
        ctx: &Ctx<'_>,
        name: &Uri,
        op: Operation,
    ) -> Result<CollectionDefinition, Fault> {
        fault::check(self.policy.authorize(ctx.caller, op, name))?;
        self.store
            .collection(name)
            .await?
            .ok_or_else(|| Fault::not_found("collection", name.as_str()))
    }

    pub(super) async fn poll(&self, ctx: &Ctx<'_>, req: &PollRequest) -> Result<Reply, Fault> {
        let Polled { coll, scope, ask } = self.resolve_poll(ctx, req).await?;
        self.poll_answer(ctx, &req.message_id, &coll, scope, ask)
            .await
    }

    /// The collection, snapshot scope and selection `req` asks for, after every check.
    pub(super) async fn resolve_poll(
        &self,
        ctx: &Ctx<'_>,
        req: &PollRequest,
    ) -> Result<Polled, Fault> {
        let coll = self
            .readable_collection(ctx, &req.collection_name, Operation::Read)
            .await?;
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
                    .subscription(id)
                    .await?
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
        // The snapshot bound: a block committed after this point never appears.
        let snapshot = self.store.snapshot().await?;
        // PR-2..PR-4: report the range considered; the upper bound never lies in the
        // future. Data sets ignore bounds.
        let window = match coll.kind {
            CollectionType::DataSet => Window::all(),
            CollectionType::DataFeed => {
                // Stop before now, and at the snapshot's label: every block labelled up
                // to it is in the snapshot and every later block is labelled after it,
                // whatever clock the store labels with, so the next poll starting there
                // misses nothing.
                let mut latest = before(&ctx.now);
                if let Some(s) = snapshot {
                    latest = latest.min(s.label);
                }
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
        let scope = Scope::new(coll.name.clone(), window)
            .with_filter(ask.selection.filter.clone())
            .upto(snapshot);
        Ok(Polled { coll, scope, ask })
    }

    pub(super) async fn poll_answer(
        &self,
        ctx: &Ctx<'_>,
        request_id: &MessageId,
        coll: &CollectionDefinition,
        scope: Scope,
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
        let per_part = if ask.count_only {
            usize::MAX
        } else {
            policy.max_records_per_part.max(1)
        };
        let (count, starts) = self.count_matches(&scope, &ask.selection, per_part).await?;
        let deferred =
            ask.allow_asynch && policy.defer_above_records.is_some_and(|n| count > n as u64);
        let multi = !ask.count_only && count > per_part as u64;
        let ready_at = if deferred {
            add_secs(&ctx.now, policy.estimated_wait_secs)
        } else {
            ctx.now
        };
        let mut set = self.result_set(ctx, &ask, scope, ready_at, deferred);
        set.per_part = per_part;
        set.record_count = count;
        set.part_starts = starts;
        if !deferred && !multi {
            let records = if ask.count_only {
                Vec::new()
            } else {
                self.read_matches(&set.scope, &ask.selection, None, per_part)
                    .await?
            };
            let part = Part {
                window: set.scope.window,
                records,
            };
            let resp = self.part_response(request_id, &set, &part, 1, false);
            return Ok(v11::Message::PollResponse(resp).into());
        }
        self.check_result_quota(ctx, deferred).await?;
        if !ask.count_only && set.part_starts.len() as u64 != set.part_count() {
            // Every part's cursor now, from the keys alone: any part is then one read.
            set.part_starts = self.part_starts(&set.scope, per_part).await?;
        }
        if deferred {
            // AS-4, AS-5: delivery parameters only matter now; unusable ones mean no push.
            let deliveries = match &ask.delivery {
                Some(push) => {
                    self.async_push(ctx, &mut set, &ask.selection, coll, push)
                        .await?
                }
                None => Vec::new(),
            };
            set.will_push = !deliveries.is_empty();
            self.store.put_result(&set).await?;
            let status = StatusMessage::pending(
                self.next_message_id(),
                request_id.clone(),
                policy.estimated_wait_secs.max(1),
                &set.id,
                set.will_push,
            );
            return Ok(Reply::pushing(
                v11::Message::StatusMessage(status),
                deliveries,
            ));
        }
        let (part, _) = self
            .read_part(&mut set, &ask.selection, 1, coll.kind)
            .await?;
        self.store.put_result(&set).await?;
        let resp = self.part_response(request_id, &set, &part, 1, true);
        Ok(v11::Message::PollResponse(resp).into())
    }

    /// A new result set is refused (`DENIED`) once the caller holds their quota of
    /// unexpired ones; nobody else's is evicted (security finding 4).
    async fn check_result_quota(&self, ctx: &Ctx<'_>, asynchronous: bool) -> Result<(), Fault> {
        let quotas = self.policy.quotas(ctx.caller);
        let held = self
            .store
            .results_owned(ctx.caller, false, &ctx.now)
            .await?;
        if held >= quotas.result_sets {
            return Err(Fault::new(
                StatusType::Denied,
                format!(
                    "result set quota of {} reached: collect or let earlier results expire",
                    quotas.result_sets
                ),
            ));
        }
        if asynchronous {
            let held = self.store.results_owned(ctx.caller, true, &ctx.now).await?;
            if held >= quotas.async_results {
                return Err(Fault::new(
                    StatusType::Denied,
                    format!(
                        "asynchronous result quota of {} reached",
                        quotas.async_results
                    ),
                ));
            }
        }
        Ok(())
    }

    fn result_set(
        &self,
        ctx: &Ctx<'_>,
        ask: &Ask,
        scope: Scope,
        ready_at: Timestamp,
        asynchronous: bool,
    ) -> ResultSet {
        let expires_at = add_secs(&ready_at, self.config.poll.result_ttl_secs);
        let mut set = ResultSet::new(
            self.next_uri(),
            ctx.caller.clone(),
            scope,
            ready_at,
            expires_at,
        );
        set.subscription_id = ask.subscription_id.clone();
        set.asynchronous = asynchronous;
        set.count_only = ask.count_only;
        set.query = ask.selection.query.clone();
        set
    }

    /// Inbox messages carrying an asynchronous result to the client's inbox (AS-4), one
    /// per part, each read from the store as the part is. A result of more than
    /// [`MAX_PUSHED_PARTS`] parts is not pushed (`WILL_PUSH` false: the client collects
    /// it by Poll_Fulfillment), so an exchange never holds more than that many parts.
    async fn async_push(
        &self,
        ctx: &Ctx<'_>,
        set: &mut ResultSet,
        sel: &Selection,
        coll: &CollectionDefinition,
        push: &PushParameters,
    ) -> Result<Vec<Delivery>, Fault> {
        let allow = self.policy.allow_private_destinations(ctx.caller);
        let Ok(destination) = check_destination(&push.address, allow) else {
            return Ok(Vec::new());
        };
        if !self.can_push_with(push) || set.part_count() > MAX_PUSHED_PARTS {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for n in 1..=set.part_count() {
            let records = if set.count_only {
                Vec::new()
            } else {
                self.read_part(set, sel, n, coll.kind).await?.0.records
            };
            let mut msg = v11::InboxMessage::new(self.next_message_id());
            msg.result_id = Some(set.id.clone());
            msg.record_count = Some(RecordCount::new(set.record_count));
            msg.content_blocks = records.iter().map(block).collect();
            out.push(Delivery {
                push: push.clone(),
                destination: destination.clone(),
                not_before: set.ready_at,
                subscription_id: None,
                result_id: Some(set.id.clone()),
                message: self.for_binding(msg, &push.message_binding, &ctx.now),
            });
        }
        Ok(out)
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
        part: &Part,
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
            resp.more = Some(n < set.part_count());
        }
        resp.subscription_id = set.subscription_id.clone();
        resp.exclusive_begin_timestamp = part.window.exclusive_begin;
        resp.inclusive_end_timestamp = part.window.inclusive_end;
        let mut count = RecordCount::new(set.record_count.max(part.records.len() as u64));
        count.partial_count = Some(set.partial_count);
        resp.record_count = Some(count);
        if !set.count_only {
            resp.content_blocks = part.records.iter().map(block).collect();
        }
        resp
    }

    pub(super) async fn fulfill(
        &self,
        ctx: &Ctx<'_>,
        req: &PollFulfillmentRequest,
    ) -> Result<Reply, Fault> {
        fault::check(
            self.policy
                .authorize(ctx.caller, Operation::Read, &req.collection_name),
        )?;
        // An unknown id, or another caller's, is NOT_FOUND (AMB-19, AS-6).
        let mut set = self
            .store
            .result(&req.collection_name, &req.result_id)
            .await?
            .filter(|s| s.owner == *ctx.caller)
            .ok_or_else(|| Fault::not_found("result set", req.result_id.as_str()))?;
        if ctx.now >= set.expires_at {
            self.store.remove_result(&set.collection, &set.id).await?;
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
            return Ok(v11::Message::StatusMessage(status).into());
        }
        let n = req.result_part_number;
        let max = set.part_count();
        if n == max + 1 && self.config.poll.empty_part_after_last {
            let end = set.scope.window.inclusive_end;
            let empty = Part {
                window: Window::new(end, end),
                records: Vec::new(),
            };
            let mut resp = self.part_response(&req.message_id, &set, &empty, n, true);
            resp.exclusive_begin_timestamp = None;
            return Ok(v11::Message::PollResponse(resp).into());
        }
        if n == 0 || n > max {
            return Err(Fault::new(
                StatusType::InvalidResponsePart,
                format!("part {n} requested; parts are 1..={max}"),
            )
            .detail(v11::detail::MAX_PART_NUMBER, max.to_string()));
        }
        let kind = self
            .store
            .collection(&set.collection)
            .await?
            .map_or(CollectionType::DataFeed, |c| c.kind);
        let sel = Selection::stored(
            set.scope.filter.clone(),
            set.query.clone(),
            &self.all_supported_queries(),
        )?;
        let part = if set.count_only {
            Part {
                window: set.scope.window,
                records: Vec::new(),
            }
        } else {
            let (part, learned) = self.read_part(&mut set, &sel, n, kind).await?;
            if learned {
                self.store.put_result(&set).await?;
            }
            part
        };
        let resp = self.part_response(&req.message_id, &set, &part, n, true);
        Ok(v11::Message::PollResponse(resp).into())
    }
}

/// A stored record as a content block.
pub(crate) fn block(r: &Record) -> ContentBlock {
    let mut b = ContentBlock::new(r.binding.binding_id.clone(), r.content.clone());
    b.content_binding = r.binding.clone();
    b.timestamp_label = Some(r.key.label);
    b.message = r.message.clone();
    b
}
