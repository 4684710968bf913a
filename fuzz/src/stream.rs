//! The streaming reader against the whole-buffer decoder (differential).
//!
//! The first input byte picks the `BufReader` capacity (1..=256) so that reads end at
//! every kind of boundary: inside names, references, CDATA, comments, multi-byte UTF-8.
//! Property: the stream accepts exactly what `decode_with` accepts for Poll_Response and
//! Inbox_Message (TAXII 1.1 and 1.0), and yields the same message (header, blocks, trailing signature);
//! other messages are `NotStreamable`.

use std::io::BufReader;

use bytes::Bytes;
use taxii_messages::stream::{MessageStream, StreamError, StreamedBlock, StreamedMessage};
use taxii_messages::{decode_with, DecodeOptions, Message};
use taxii_messages::{v10, v11};

fn stream_all(doc: &[u8], capacity: usize) -> Result<Message, StreamError> {
    let options = DecodeOptions::default();
    let reader = BufReader::with_capacity(capacity, doc);
    let mut stream = MessageStream::with_options(reader, &options)?;
    let mut blocks: Vec<StreamedBlock> = Vec::new();
    while let Some(b) = stream.next_block()? {
        blocks.push(b);
        assert!(
            blocks.len() <= options.limits.max_content_blocks,
            "more blocks than the limit"
        );
    }
    assert_eq!(stream.blocks_read(), blocks.len());
    let v11_blocks = |blocks: Vec<StreamedBlock>| -> Vec<v11::ContentBlock> {
        blocks
            .into_iter()
            .map(|b| match b {
                StreamedBlock::V11(b) => b,
                other => panic!("a 1.0 block in a 1.1 message: {other:?}"),
            })
            .collect()
    };
    let v10_blocks = |blocks: Vec<StreamedBlock>| -> Vec<v10::ContentBlock> {
        blocks
            .into_iter()
            .map(|b| match b {
                StreamedBlock::V10(b) => b,
                other => panic!("a 1.1 block in a 1.0 message: {other:?}"),
            })
            .collect()
    };
    Ok(match stream.into_message() {
        StreamedMessage::PollResponse(mut m) => {
            m.content_blocks = v11_blocks(blocks);
            Message::V11(m.into())
        }
        StreamedMessage::InboxMessage(mut m) => {
            m.content_blocks = v11_blocks(blocks);
            Message::V11(m.into())
        }
        StreamedMessage::PollResponse10(mut m) => {
            m.content_blocks = v10_blocks(blocks);
            Message::V10(m.into())
        }
        StreamedMessage::InboxMessage10(mut m) => {
            m.content_blocks = v10_blocks(blocks);
            Message::V10(m.into())
        }
        other => panic!("unknown streamed message {other:?}"),
    })
}

fn streamable(m: &Message) -> bool {
    matches!(
        m,
        Message::V11(v11::Message::PollResponse(_))
            | Message::V11(v11::Message::InboxMessage(_))
            | Message::V10(v10::Message::PollResponse(_))
            | Message::V10(v10::Message::InboxMessage(_))
    )
}

/// Target `stream_message`.
pub fn stream_matches_decode(data: &[u8]) {
    let Some((&cap, doc)) = data.split_first() else {
        return;
    };
    let capacity = usize::from(cap) + 1;
    let whole = decode_with(Bytes::copy_from_slice(doc), &DecodeOptions::default());
    let streamed = stream_all(doc, capacity);
    match (whole, streamed) {
        (Ok(w), Ok(s)) => {
            assert!(streamable(&w), "streamed a {}", w.root_element());
            assert_eq!(s, w, "the stream and the whole decode disagree");
        }
        (Ok(w), Err(StreamError::NotStreamable(_))) => {
            assert!(!streamable(&w), "{} not streamed", w.root_element());
        }
        (Ok(w), Err(e)) => panic!(
            "stream rejects what decode accepts ({}): {e}",
            w.root_element()
        ),
        (Err(e), Ok(s)) => panic!("stream accepts what decode rejects ({e}): {s:?}"),
        (Err(_), Err(_)) => {}
    }
}
