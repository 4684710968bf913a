//! The client poll pager fed hostile servers (security-and-interop.md §3.3 item 35):
//! parts that never end, repeat, skip, change result id, answer PENDING forever, answer
//! the wrong request, or are not poll responses at all.
//!
//! Property: whatever the answers, the pager stops after at most
//! `max_parts + max_pending + 1` requests, never reports more than `max_parts` parts,
//! and once done asks for nothing more.

use arbitrary::{Result, Unstructured};
use taxii_messages::v11::{self, detail};
use taxii_messages::{decode, Message, MessageId, SequentialGenerator, StatusType, Uri};
use taxii_services::client::{PagerLimits, PagerStep, PollPager, Requests};

const RESULT_IDS: &[&str] = &["r1", "r2"];

/// One server answer to the request with id `request_id`.
fn answer(u: &mut Unstructured<'_>, request_id: &MessageId, requested: u64) -> Result<Message> {
    let irt = if u.ratio(15, 16)? {
        request_id.clone()
    } else {
        MessageId::new("stale").expect("valid")
    };
    let id = MessageId::new("s").expect("valid");
    Ok(match u.int_in_range(0..=9)? {
        0..=5 => {
            let mut r = v11::PollResponse::new(id, irt, Uri::new("c").expect("valid"));
            r.more = u.arbitrary()?;
            r.result_id = if u.ratio(7, 8)? {
                Some(Uri::new(*u.choose(RESULT_IDS)?).expect("valid"))
            } else {
                None
            };
            r.result_part_number = match u.int_in_range(0..=3)? {
                0 => None,
                1 => Some(requested.saturating_add(1)),
                2 => Some(u.int_in_range(1..=u64::MAX)?),
                _ => Some(requested.max(1)),
            };
            Message::V11(r.into())
        }
        6 | 7 => {
            let wait = u.int_in_range(0..=u64::MAX)?.to_string();
            let s = v11::StatusMessage::new(id, irt, StatusType::Pending)
                .with_detail(detail::ESTIMATED_WAIT, &wait)
                .with_detail(detail::RESULT_ID, u.choose(RESULT_IDS)?)
                .with_detail(detail::WILL_PUSH, "false");
            Message::V11(s.into())
        }
        8 => {
            let status = *u.choose(&["FAILURE", "RETRY", "INVALID_RESPONSE_PART", "urn:x"])?;
            let s = v11::StatusMessage::new(id, irt, StatusType::parse(status));
            Message::V11(s.into())
        }
        _ => {
            // Raw bytes a server might send, decoded as the client would.
            let raw: &[u8] = u.arbitrary()?;
            match decode(raw) {
                Ok(m) => m,
                Err(_) => Message::V11(v11::DiscoveryRequest::new(irt).into()),
            }
        }
    })
}

/// Target `poll_pager`.
pub fn poll_pager(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(max_parts) = u.int_in_range(1..=8u64) else {
        return;
    };
    let Ok(max_pending) = u.int_in_range(0..=4u32) else {
        return;
    };
    let limits = PagerLimits::new(max_parts, max_pending);
    let mut requests = Requests::new(SequentialGenerator::starting_at(1));
    let first = v11::PollRequest::new(
        requests.next_id(),
        Uri::new("c").expect("valid"),
        v11::PollSelection::PollParameters(Default::default()),
    );
    let mut pager = PollPager::new(first, limits);
    let bound = max_parts + u64::from(max_pending) + 1;
    let mut sent = 0u64;
    let mut parts = 0u64;
    while let Some(req) = pager.next_request(&mut requests) {
        sent += 1;
        assert!(sent <= bound, "pager sent {sent} requests, bound {bound}");
        let requested = match &req {
            Message::V11(v11::Message::PollFulfillmentRequest(f)) => f.result_part_number,
            Message::V11(v11::Message::PollRequest(_)) => 1,
            other => panic!("pager sent {other:?}"),
        };
        let Ok(reply) = answer(&mut u, req.message_id(), requested) else {
            break;
        };
        match pager.receive(reply) {
            Ok(PagerStep::Part(_)) => parts += 1,
            Ok(_) => {} // waits, and steps added later
            Err(e) => {
                let _ = e.to_string();
                assert!(pager.is_done(), "an error ends paging");
            }
        }
        assert!(
            pager.parts_received() <= max_parts,
            "more parts than the cap"
        );
    }
    assert!(parts <= max_parts);
    if pager.is_done() {
        assert!(
            pager.next_request(&mut requests).is_none(),
            "done means done"
        );
    }
}
