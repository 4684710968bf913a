//! Hostile inputs through the streaming reader (security-and-interop.md §3.3 items 12, 16,
//! 17, 35 at the message level): a server that never ends its Poll_Response, a block that
//! never closes, endless whitespace. The reader stops at a named limit, holding at most one
//! part in memory; nothing is read past the point of refusal.

use std::io::{BufReader, Read};

use taxii_messages::stream::{MessageStream, StreamError};
use taxii_messages::{DecodeErrorKind as K, DecodeOptions, Limits};

use crate::support::hostile::*;

/// A reader that serves `head`, then `unit` forever, counting the bytes served.
struct Endless {
    head: Vec<u8>,
    unit: Vec<u8>,
    at: usize,
    served: usize,
}

impl Endless {
    fn new(head: &str, unit: &str) -> Self {
        Endless {
            head: head.as_bytes().to_vec(),
            unit: unit.as_bytes().to_vec(),
            at: 0,
            served: 0,
        }
    }
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            let byte = if self.served < self.head.len() {
                self.head[self.served]
            } else {
                let b = self.unit[self.at];
                self.at = (self.at + 1) % self.unit.len();
                b
            };
            buf[n] = byte;
            n += 1;
            self.served += 1;
        }
        Ok(n)
    }
}

fn head() -> String {
    poll_response("", "").replace("</taxii_11:Poll_Response>", "")
}

fn limit_of(e: &StreamError) -> &'static str {
    match e {
        StreamError::Decode(d) => match d.kind() {
            K::LimitExceeded { limit, .. } => limit,
            other => panic!("expected a limit, got {other:?}: {d}"),
        },
        other => panic!("expected a decode error, got {other}"),
    }
}

#[test]
fn item35_a_poll_response_that_never_ends_stops_at_max_content_blocks() {
    let block = r#"<taxii_11:Content_Block><taxii_11:Content_Binding binding_id="b"/><taxii_11:Content>x</taxii_11:Content></taxii_11:Content_Block>"#;
    let limits = Limits {
        max_content_blocks: 500,
        ..Limits::default()
    };
    let options = DecodeOptions::with_limits(limits);
    let mut stream =
        MessageStream::with_options(BufReader::new(Endless::new(&head(), block)), &options)
            .expect("the header decodes");
    let mut blocks = 0;
    let err = loop {
        match stream.next_block() {
            Ok(Some(_)) => blocks += 1,
            Ok(None) => panic!("an endless stream ended"),
            Err(e) => break e,
        }
    };
    assert_eq!(limit_of(&err), "max_content_blocks");
    assert_eq!(blocks, 500);
    assert_usable();
}

#[test]
fn item12_a_block_that_never_closes_stops_at_max_input_bytes() {
    // One Content_Block whose Content grows forever: the part in memory is capped.
    let limits = Limits {
        max_input_bytes: 1 << 20,
        ..Limits::default()
    };
    let options = DecodeOptions::with_limits(limits);
    let open = format!(
        "{}<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/><taxii_11:Content>",
        head()
    );
    let reader = BufReader::new(Endless::new(&open, "<a>x</a>"));
    let result = MessageStream::with_options(reader, &options).and_then(|mut s| {
        while s.next_block()?.is_some() {}
        Ok(())
    });
    let err = result.expect_err("an endless block is refused");
    assert_eq!(limit_of(&err), "max_input_bytes");
}

#[test]
fn item17_endless_whitespace_stops_at_max_input_bytes() {
    let limits = Limits {
        max_input_bytes: 1 << 20,
        ..Limits::default()
    };
    let options = DecodeOptions::with_limits(limits);
    // Before the root, and between blocks.
    let before = BufReader::new(Endless::new("", " "));
    let Err(err) = MessageStream::with_options(before, &options) else {
        panic!("an endless prefix was accepted")
    };
    assert_eq!(limit_of(&err), "max_input_bytes");
    let between = BufReader::new(Endless::new(&head(), "\n"));
    let result = MessageStream::with_options(between, &options).and_then(|mut s| {
        while s.next_block()?.is_some() {}
        Ok(())
    });
    assert_eq!(
        limit_of(&result.expect_err("endless whitespace")),
        "max_input_bytes"
    );
}

#[test]
fn item07_doctype_in_a_streamed_message_is_refused() {
    let canary = Canary::new();
    let block = format!(
        "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/><taxii_11:Content>\
         <!DOCTYPE x SYSTEM \"{}\"></taxii_11:Content></taxii_11:Content_Block>",
        canary.url("s.dtd")
    );
    let doc = poll_response("", &block);
    let result = MessageStream::new(doc.as_bytes()).and_then(|mut s| {
        while s.next_block()?.is_some() {}
        Ok(())
    });
    match result {
        Err(StreamError::Decode(e)) => assert_eq!(e.kind(), &K::DoctypeForbidden, "{e}"),
        other => panic!("expected a DOCTYPE refusal, got {other:?}"),
    }
    canary.assert_untouched();
}
