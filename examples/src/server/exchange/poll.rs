//! Poll and Poll_Fulfillment (PL-*, PF-*): windows, bindings, count-only, subscriptions and
//! multi-part results.

use taxii_messages::v11::{
    self, ContentBlock, Message, PollFulfillmentRequest, PollRequest, PollResponse, PollSelection,
    RecordCount, ResponseType,
};
use taxii_messages::{NamespaceBinding, RawXml, StatusType, Uri};

use super::{label, micros, Exchange};
use crate::server::state::{new_message_id, new_uri_id};
use crate::store::{ResultSet, Selection, SubscriptionState};

pub(super) fn answer_poll(ex: &Exchange<'_>, req: PollRequest) -> Message {
    let name = req.collection_name.as_str();
    if ex.state.config.collection(name).is_none() {
        return ex.not_found("collection", name);
    }
    if !ex.may_read(name) {
        return ex
            .status(
                StatusType::Unauthorized,
                format!("not allowed to poll {name}"),
            )
            .into();
    }
    let (bindings, count_only, subscription_id) = match &req.selection {
        PollSelection::SubscriptionId(id) => {
            let sub = match ex.state.store.subscription(id.as_str()) {
                Ok(s) => s,
                Err(e) => return ex.store_failed(e),
            };
            let account = ex.account.map(|a| a.username.as_str());
            match sub {
                Some(s) if s.collection == name && s.account.as_deref() == account => {
                    if s.state != SubscriptionState::Active {
                        return ex
                            .status(
                                StatusType::Denied,
                                format!("subscription {id} is not active"),
                            )
                            .into();
                    }
                    (s.bindings, s.count_only, Some(id.clone()))
                }
                _ => return ex.not_found("subscription", id.as_str()),
            }
        }
        PollSelection::PollParameters(p) => {
            let q = &p.query_parameters;
            if let Some(query) = &q.query {
                return ex
                    .status(
                        StatusType::UnsupportedQuery,
                        format!("query format {} is not supported", query.format_id()),
                    )
                    .into();
            }
            if p.delivery_parameters.is_some() {
                return ex
                    .status(
                        StatusType::UnsupportedProtocol,
                        "this server does not push poll results; poll without Delivery_Parameters",
                    )
                    .into();
            }
            let bindings = q
                .content_bindings
                .iter()
                .map(|b| b.binding_id.as_str().to_owned())
                .collect();
            (bindings, q.response_type() == ResponseType::CountOnly, None)
        }
    };
    let newest = match ex.state.store.newest() {
        Ok(n) => n,
        Err(e) => return ex.store_failed(e),
    };
    // The newest label any client can see: later blocks get larger labels, so the next
    // window (starting here) misses nothing. An empty store ends the window now.
    let newest = if newest == 0 {
        chrono::Utc::now().timestamp_micros()
    } else {
        newest
    };
    let requested_end = req.inclusive_end_timestamp.as_ref().map(micros);
    let until = requested_end.map_or(newest, |e| e.min(newest));
    let sel = Selection {
        collection: name.to_owned(),
        after: req.exclusive_begin_timestamp.as_ref().map(micros),
        until: Some(until),
        bindings,
    };
    let total = match ex.state.store.count(&sel) {
        Ok(n) => n,
        Err(e) => return ex.store_failed(e),
    };
    let mut resp = PollResponse::new(new_message_id(), ex.request_id.clone(), req.collection_name);
    resp.subscription_id = subscription_id;
    resp.exclusive_begin_timestamp = req.exclusive_begin_timestamp;
    resp.inclusive_end_timestamp = Some(label(until));
    resp.record_count = Some(RecordCount::new(total));
    if count_only {
        return resp.into();
    }
    let page = ex.state.config.limits.poll_page_size as u64;
    if total > page {
        let result = ResultSet {
            id: new_uri_id().into_string(),
            selection: sel.clone(),
            total,
        };
        if let Err(e) = ex.state.store.save_result(&result) {
            return ex.store_failed(e);
        }
        resp.more = Some(true);
        resp.result_id = Some(Uri::new(result.id).expect("generated URI"));
        resp.result_part_number = Some(1);
    }
    fill(ex, resp, &sel, 0, page)
}

pub(super) fn answer_fulfillment(ex: &Exchange<'_>, req: PollFulfillmentRequest) -> Message {
    let result = match ex.state.store.result(req.result_id.as_str()) {
        Ok(r) => r,
        Err(e) => return ex.store_failed(e),
    };
    let Some(result) = result.filter(|r| r.selection.collection == req.collection_name.as_str())
    else {
        return ex.not_found("result", req.result_id.as_str());
    };
    if !ex.may_read(&result.selection.collection) {
        return ex
            .status(
                StatusType::Unauthorized,
                "not allowed to poll this collection",
            )
            .into();
    }
    let page = ex.state.config.limits.poll_page_size as u64;
    let parts = result.total.div_ceil(page).max(1);
    let part = req.result_part_number;
    if part == 0 || part > parts {
        return ex
            .status(
                StatusType::InvalidResponsePart,
                format!("result {} has parts 1 to {parts}", result.id),
            )
            .with_detail(v11::detail::MAX_PART_NUMBER, &parts.to_string())
            .into();
    }
    let mut resp = PollResponse::new(new_message_id(), ex.request_id.clone(), req.collection_name);
    resp.exclusive_begin_timestamp = result.selection.after.map(label);
    resp.inclusive_end_timestamp = result.selection.until.map(label);
    resp.record_count = Some(RecordCount::new(result.total));
    resp.more = Some(part < parts);
    resp.result_id = Some(req.result_id);
    resp.result_part_number = Some(part);
    fill(ex, resp, &result.selection, (part - 1) * page, page)
}

fn fill(
    ex: &Exchange<'_>,
    mut resp: PollResponse,
    sel: &Selection,
    offset: u64,
    limit: u64,
) -> Message {
    let rows = match ex.state.store.fetch(sel, offset, limit) {
        Ok(r) => r,
        Err(e) => return ex.store_failed(e),
    };
    for row in rows {
        let b = row.block;
        let Ok(binding) = Uri::new(b.binding) else {
            continue;
        };
        let ns = b
            .namespaces
            .into_iter()
            .map(|(p, u)| NamespaceBinding::new(p, u))
            .collect();
        let mut block = ContentBlock::new(binding, RawXml::new(b.body, ns));
        block.content_binding.subtype = b.subtype.and_then(|s| Uri::new(s).ok());
        block.timestamp_label = Some(label(row.ts));
        block.message = b.message;
        resp.content_blocks.push(block);
    }
    resp.into()
}
