//! A poll to the end: part after part of a multi-part result (Poll_Fulfillment), and
//! asynchronous results announced with PENDING (PL-*, PF-*).

use std::time::Duration;

use taxii_messages::v11::{
    Message, PollFulfillmentRequest, PollRequest, PollResponse, StatusMessage,
};
use taxii_messages::{StatusType, Uri};

use super::{Client, ClientError};
use crate::server::state::new_message_id;

/// What happens during a poll.
#[derive(Debug)]
pub enum PollEvent<'a> {
    /// A response part arrived.
    Part(&'a PollResponse),
    /// The server answered PENDING; waiting this many seconds before asking for the result.
    Waiting(u64),
}

/// Most PENDING answers followed before giving up.
const MAX_PENDING: u32 = 20;
/// Longest wait honoured from a PENDING answer, in seconds.
const MAX_WAIT_SECS: u64 = 300;

/// Sends `req` and follows the result to its last part, calling `on_event` on each part.
/// Returns the final Status Message if the server refused (or failed) at some point.
pub async fn poll_all(
    client: &Client,
    url: &str,
    req: PollRequest,
    mut on_event: impl FnMut(PollEvent<'_>),
) -> Result<Option<StatusMessage>, ClientError> {
    let collection = req.collection_name.clone();
    let mut answer = client.exchange(url, &Message::PollRequest(req)).await?;
    let mut pending = 0;
    loop {
        match answer {
            Message::PollResponse(resp) => {
                on_event(PollEvent::Part(&resp));
                let (Some(true), Some(result_id)) = (resp.more, resp.result_id.clone()) else {
                    return Ok(None);
                };
                let next = resp.part_number() + 1;
                answer = fulfill(client, url, &collection, result_id, next).await?;
            }
            Message::StatusMessage(st)
                if st.status_type == StatusType::Pending && pending < MAX_PENDING =>
            {
                pending += 1;
                let Some(result_id) = st.result_id() else {
                    return Ok(Some(st));
                };
                let wait = st.estimated_wait().unwrap_or(1).min(MAX_WAIT_SECS);
                on_event(PollEvent::Waiting(wait));
                tokio::time::sleep(Duration::from_secs(wait)).await;
                answer = fulfill(client, url, &collection, result_id, 1).await?;
            }
            Message::StatusMessage(st) => return Ok(Some(st)),
            other => {
                let st = StatusMessage::new(
                    new_message_id(),
                    other.message_id().clone(),
                    StatusType::BadMessage,
                )
                .with_message(format!(
                    "unexpected {} in answer to a poll",
                    other.root_element()
                ));
                return Ok(Some(st));
            }
        }
    }
}

async fn fulfill(
    client: &Client,
    url: &str,
    collection: &Uri,
    result_id: Uri,
    part: u64,
) -> Result<Message, ClientError> {
    let f = PollFulfillmentRequest::new(new_message_id(), collection.clone(), result_id, part);
    client
        .exchange(url, &Message::PollFulfillmentRequest(f))
        .await
}
