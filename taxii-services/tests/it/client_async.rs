//! The client from async code: an `AsyncExchanger` shared by `&self`, a pager fed by a
//! shared id source, and multi-part results merged into one (MP-2..MP-4, AS-2).

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use taxii_messages::v11::{self, PollResponse, StatusMessage};
use taxii_messages::{DigitIds, Message, MessageId};
use taxii_services::client::{
    merge_parts, poll_all_async, AsyncExchanger, MergeError, PagerLimits, PagerStep, PollPager,
};

use crate::support::*;

/// A future that is pending once before it gives its value, as real I/O would be.
struct YieldOnce<T>(Option<T>, bool);

impl<T: Unpin> Future for YieldOnce<T> {
    type Output = T;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.1 {
            self.1 = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.0.take().expect("polled after completion"))
    }
}

/// A server with a three-part result that is PENDING on the first poll.
struct ThreeParts {
    log: Mutex<Vec<String>>,
}

impl ThreeParts {
    fn answer(&self, request: &Message) -> Message {
        let Message::V11(m) = request else {
            panic!("1.1 only")
        };
        let id = m.message_id().clone();
        self.log.lock().unwrap().push(m.root_element().to_owned());
        let mid = MessageId::new("s").unwrap();
        let part = match m {
            v11::Message::PollRequest(_) => {
                return Message::V11(
                    StatusMessage::pending(mid, id, 3, &uri("result-1"), false).into(),
                )
            }
            v11::Message::PollFulfillmentRequest(f) => f.result_part_number,
            _ => panic!("unexpected {}", m.root_element()),
        };
        let mut p = PollResponse::new(mid, id, coll_a());
        p.result_id = Some(uri("result-1"));
        p.result_part_number = Some(part);
        p.more = Some(part < 3);
        p.content_blocks = vec![stix_block(&format!("part {part}"))];
        Message::V11(p.into())
    }
}

impl AsyncExchanger for ThreeParts {
    type Error = std::convert::Infallible;
    fn exchange(
        &self,
        _address: &str,
        request: Message,
    ) -> impl Future<Output = Result<Message, Self::Error>> + Send {
        YieldOnce(Some(Ok(wire_roundtrip(&self.answer(&request)))), false)
    }
    fn wait(&self, secs: u64) -> impl Future<Output = ()> + Send {
        self.log.lock().unwrap().push(format!("wait {secs}"));
        YieldOnce(Some(()), false)
    }
}

#[test]
fn poll_all_async_follows_pending_and_parts_and_merges_them() {
    let server = ThreeParts {
        log: Mutex::new(Vec::new()),
    };
    let mut r = requests();
    let first = r.poll(&coll_a(), Default::default(), None, None);
    let parts = pollster::block_on(poll_all_async(
        &server,
        &mut r,
        "http://x/poll",
        first,
        PagerLimits::default(),
    ))
    .unwrap();
    assert_eq!(parts.len(), 3);
    assert_eq!(
        server.log.lock().unwrap().as_slice(),
        [
            "Poll_Request",
            "wait 3",
            "Poll_Fulfillment",
            "Poll_Fulfillment",
            "Poll_Fulfillment"
        ]
    );
    let merged = merge_parts(parts).unwrap();
    assert_eq!(titles(&merged), ["part 1", "part 2", "part 3"]);
    assert_eq!(merged.more, None);
    assert_eq!(merged.result_part_number, None);
    assert_eq!(merged.result_id, None);
}

#[test]
fn pager_takes_ids_from_a_shared_source_without_requests() {
    let ids = DigitIds::starting_at(500);
    let first = requests().poll(&coll_a(), Default::default(), None, None);
    let server = ThreeParts {
        log: Mutex::new(Vec::new()),
    };
    let mut pager = PollPager::new(first, PagerLimits::default());
    let mut fulfillment_ids = Vec::new();
    while let Some(req) = pager.next_request_with(&ids) {
        if req.root_element() == "Poll_Fulfillment" {
            fulfillment_ids.push(req.message_id().as_str().to_owned());
        }
        match pager.receive(server.answer(&req)).unwrap() {
            PagerStep::Part(_) | PagerStep::Wait { .. } => {}
            other => panic!("unexpected step {other:?}"),
        }
    }
    assert_eq!(fulfillment_ids, ["500", "501", "502"]);
}

fn part(n: u64, more: bool, result: &str) -> PollResponse {
    let mut p = PollResponse::new(
        MessageId::new(format!("m{n}")).unwrap(),
        MessageId::new("1").unwrap(),
        coll_a(),
    );
    p.result_id = Some(uri(result));
    p.result_part_number = Some(n);
    p.more = Some(more);
    p.content_blocks = vec![stix_block(&format!("b{n}"))];
    p
}

#[test]
fn merge_parts_refuses_gaps_foreign_parts_and_incomplete_results() {
    assert_eq!(merge_parts(vec![]), Err(MergeError::Empty));
    assert_eq!(
        merge_parts(vec![part(1, true, "r"), part(3, false, "r")]),
        Err(MergeError::OutOfOrder {
            expected: 2,
            got: 3
        })
    );
    assert_eq!(
        merge_parts(vec![part(1, true, "r"), part(2, false, "other")]),
        Err(MergeError::OtherResult { part: 2 })
    );
    assert_eq!(
        merge_parts(vec![part(1, true, "r"), part(2, true, "r")]),
        Err(MergeError::Incomplete { last: 2 })
    );
    let one = merge_parts(vec![part(1, false, "r")]).unwrap();
    assert_eq!(titles(&one), ["b1"]);
}
