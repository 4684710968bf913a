//! The streaming reader: same result and same errors as the whole-message decoder, with
//! limits enforced per part.

use std::io::{BufReader, Read};

use taxii_messages::stream::{MessageStream, StreamError, StreamedBlock, StreamedMessage};
use taxii_messages::{decode, v10, v11, DecodeErrorKind, DecodeOptions, Limits, Message};

const ROOT: &str = concat!(
    r#"<taxii_11:Poll_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" "#,
    r#"xmlns:ds="http://www.w3.org/2000/09/xmldsig#" "#,
    r#"message_id="2" in_response_to="1" collection_name="feed">"#
);

fn block(i: usize) -> String {
    format!(
        "<taxii_11:Content_Block>\n  <taxii_11:Content_Binding binding_id=\"urn:stix.mitre.org:xml:1.1.1\"/>\n  \
         <taxii_11:Content><p:x xmlns:p=\"urn:p\" n=\"{i}\">a &amp; b<![CDATA[<not/>]]><!-- > --></p:x></taxii_11:Content>\n\
         </taxii_11:Content_Block>\n"
    )
}

/// A poll response: `head` after the root tag, `n` blocks (block `i` replaced by
/// `special` when it is `Some((i, xml))`), then `tail`.
fn poll(head: &str, n: usize, special: Option<(usize, &str)>, tail: &str) -> Vec<u8> {
    let mut s =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- feed -->\n{ROOT}\n{head}");
    for i in 1..=n {
        match special {
            Some((j, xml)) if j == i => s.push_str(xml),
            _ => s.push_str(&block(i)),
        }
    }
    s.push_str(tail);
    s.push_str("</taxii_11:Poll_Response>\n<!-- end -->\n");
    s.into_bytes()
}

fn sample(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

/// Streams `xml` through a reader handing out `chunk` bytes at a time.
fn stream_with(
    xml: &[u8],
    chunk: usize,
    options: &DecodeOptions,
) -> Result<(StreamedMessage, Vec<StreamedBlock>), StreamError> {
    let reader = BufReader::with_capacity(chunk, xml);
    let mut s = MessageStream::with_options(reader, options)?;
    let mut blocks = Vec::new();
    while let Some(b) = s.next_block()? {
        blocks.push(b);
    }
    assert_eq!(s.blocks_read(), blocks.len());
    Ok((s.into_message(), blocks))
}

/// The whole-message decoder's result in the streaming reader's shape.
fn whole(xml: &[u8]) -> (StreamedMessage, Vec<StreamedBlock>) {
    fn take<T>(v: &mut Vec<T>, f: fn(T) -> StreamedBlock) -> Vec<StreamedBlock> {
        std::mem::take(v).into_iter().map(f).collect()
    }
    match decode(xml).unwrap() {
        Message::V11(v11::Message::PollResponse(mut m)) => {
            let blocks = take(&mut m.content_blocks, StreamedBlock::V11);
            (StreamedMessage::PollResponse(m), blocks)
        }
        Message::V11(v11::Message::InboxMessage(mut m)) => {
            let blocks = take(&mut m.content_blocks, StreamedBlock::V11);
            (StreamedMessage::InboxMessage(m), blocks)
        }
        Message::V10(v10::Message::PollResponse(mut m)) => {
            let blocks = take(&mut m.content_blocks, StreamedBlock::V10);
            (StreamedMessage::PollResponse10(m), blocks)
        }
        Message::V10(v10::Message::InboxMessage(mut m)) => {
            let blocks = take(&mut m.content_blocks, StreamedBlock::V10);
            (StreamedMessage::InboxMessage10(m), blocks)
        }
        other => panic!("not a streamable message: {}", other.root_element()),
    }
}

fn assert_equivalent(xml: &[u8]) {
    let expected = whole(xml);
    for chunk in [1, 7, 64, 8192] {
        let got = stream_with(xml, chunk, &DecodeOptions::default())
            .unwrap_or_else(|e| panic!("chunk {chunk}: {e}"));
        assert_eq!(got, expected, "chunk {chunk}");
    }
}

/// Both decoders fail on `xml` with the same error (kind, offset, line:column, path, rule).
fn assert_same_error(xml: &[u8]) -> taxii_messages::DecodeError {
    let expected = decode(xml).expect_err("the whole-message decoder accepts it");
    for chunk in [1, 13, 8192] {
        match stream_with(xml, chunk, &DecodeOptions::default()) {
            Err(StreamError::Decode(e)) => assert_eq!(e, expected, "chunk {chunk}"),
            other => panic!("chunk {chunk}: expected {expected}, got {other:?}"),
        }
    }
    expected
}

#[test]
fn samples_stream_like_they_decode() {
    for name in [
        "taxii11_poll_response_1block.xml",
        "taxii11_poll_response_100blocks.xml",
        "taxii11_inbox_message_1block.xml",
        "taxii10_poll_response_1block.xml",
        "taxii10_poll_response_100blocks.xml",
    ] {
        let xml = sample(name);
        assert_equivalent(&xml);
        let (_, blocks) = whole(&xml);
        assert!(!blocks.is_empty(), "{name}");
    }
}

#[test]
fn comments_cdata_whitespace_and_a_signature_stream_like_they_decode() {
    let head = "<taxii_11:Record_Count partial_count=\"true\">3</taxii_11:Record_Count>\
                <!-- before --><?pi x?>\n";
    let tail = "<ds:Signature Id=\"s\"><ds:SignedInfo>x</ds:SignedInfo></ds:Signature>\n";
    let xml = poll(head, 3, None, tail);
    assert_equivalent(&xml);
    let (msg, blocks) = stream_with(&xml, 5, &DecodeOptions::default()).unwrap();
    let StreamedMessage::PollResponse(p) = msg else {
        panic!()
    };
    assert!(p.signature.is_some());
    assert_eq!(blocks.len(), 3);
    assert_eq!(
        blocks[1].content().as_str(),
        "<p:x xmlns:p=\"urn:p\" n=\"2\">a &amp; b<![CDATA[<not/>]]><!-- > --></p:x>"
    );
}

#[test]
fn messages_without_blocks_and_utf8_bom_stream_like_they_decode() {
    assert_equivalent(&poll("", 0, None, ""));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&poll("", 2, None, ""));
    assert_equivalent(&bom);
    let empty_root = format!("{}/>", ROOT.trim_end_matches('>'));
    assert_equivalent(empty_root.as_bytes());
}

#[test]
fn the_blocks_are_handed_out_as_an_iterator() {
    let xml = poll("", 4, None, "");
    let s = MessageStream::new(&xml[..]).unwrap();
    let labels: Vec<String> = s
        .map(|b| b.unwrap().content().as_str().to_owned())
        .map(|c| c[c.find("n=").unwrap()..][..6].to_owned())
        .collect();
    assert_eq!(labels, ["n=\"1\">", "n=\"2\">", "n=\"3\">", "n=\"4\">"]);
}

#[test]
fn blocks_dropped_as_they_come_and_blocks_larger_than_the_read_ahead_stream_like_they_decode() {
    let big = format!(
        "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
         <taxii_11:Content><big>{}</big></taxii_11:Content></taxii_11:Content_Block>",
        "x&amp;\u{e9}".repeat(100_000)
    );
    let xml = poll("", 300, Some((150, &big)), "");
    let (_, expected) = whole(&xml);
    for chunk in [1, 100, 4096, 1 << 20] {
        let mut s = MessageStream::new(BufReader::with_capacity(chunk, &xml[..])).unwrap();
        for (i, want) in expected.iter().enumerate() {
            let got = s.next_block().unwrap().unwrap();
            assert_eq!(&got, want, "chunk {chunk}, block {i}");
        }
        assert!(s.next_block().unwrap().is_none());
    }
}

#[test]
fn an_invalid_block_fails_with_the_whole_decoders_error() {
    // CB1-2: Content_Binding is required; reported at the third block.
    let bad =
        "<taxii_11:Content_Block><taxii_11:Content>x</taxii_11:Content></taxii_11:Content_Block>";
    let e = assert_same_error(&poll("", 4, Some((3, bad)), ""));
    assert_eq!(e.path(), "/Poll_Response/Content_Block[3]/Content");
}

#[test]
fn bad_content_fails_with_the_whole_decoders_error() {
    for content in [
        "<x>&bogus;</x>",
        "<x>&#0;</x>",
        "<x><y></x>",
        "<!DOCTYPE x><x/>",
    ] {
        let bad = format!(
            "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
             <taxii_11:Content>{content}</taxii_11:Content></taxii_11:Content_Block>"
        );
        assert_same_error(&poll("", 3, Some((2, &bad)), ""));
    }
}

#[test]
fn a_bad_timestamp_label_fails_with_the_whole_decoders_error() {
    let bad = "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
               <taxii_11:Content/><taxii_11:Timestamp_Label>yesterday</taxii_11:Timestamp_Label>\
               </taxii_11:Content_Block>";
    let e = assert_same_error(&poll("", 2, Some((2, bad)), ""));
    assert!(matches!(e.kind(), DecodeErrorKind::InvalidValue { .. }));
}

/// A rule beyond the XSD: both decoders accept `xml` by default, and both refuse it
/// with `rule` when strict.
fn assert_same_strict_rule(xml: &[u8], rule: &str) {
    assert_equivalent(xml);
    let strict = DecodeOptions::strict();
    let whole = taxii_messages::decode_with(xml.to_vec().into(), &strict).unwrap_err();
    assert_eq!(whole.rule(), Some(rule), "{whole}");
    for chunk in [1, 13, 8192] {
        match stream_with(xml, chunk, &strict) {
            Err(StreamError::Decode(e)) => assert_eq!(e.rule(), Some(rule), "chunk {chunk}: {e}"),
            other => panic!("chunk {chunk}: expected {rule}, got {other:?}"),
        }
    }
}

#[test]
fn header_errors_are_the_whole_decoders() {
    // C11-4: more="true" requires result_id.
    let xml = String::from_utf8(poll("", 2, None, "")).unwrap().replace(
        "collection_name=\"feed\"",
        "collection_name=\"feed\" more=\"true\"",
    );
    assert_same_strict_rule(xml.as_bytes(), "C11-4");
    // Undeclared prefix in the header.
    assert_same_error(&poll("<q:Message>x</q:Message>", 2, None, ""));
}

#[test]
fn misplaced_elements_and_text_between_blocks_are_errors() {
    // Record_Count after the blocks (G11-2).
    let e = assert_same_error(&poll(
        "",
        2,
        None,
        "<taxii_11:Record_Count>2</taxii_11:Record_Count>",
    ));
    assert!(matches!(
        e.kind(),
        DecodeErrorKind::UnexpectedElement { .. }
    ));
    // A block after the message signature.
    let sig = "<ds:Signature>x</ds:Signature>";
    assert_same_error(&poll(sig, 1, None, ""));
    // Character data after the message signature, with no block at all.
    assert_same_error(&poll(&format!("{sig}<![CDATA[x]]>"), 0, None, ""));
    assert_same_error(&poll(&format!("{sig}x"), 0, None, ""));
    // Text between blocks.
    let e = assert_same_error(&poll("", 2, Some((2, "stray text")), ""));
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedText);
    // CDATA or a document type declaration between blocks.
    let e = assert_same_error(&poll("", 2, Some((2, "<![CDATA[x]]>")), ""));
    assert_eq!(e.kind(), &DecodeErrorKind::UnexpectedText);
    let e = assert_same_error(&poll("", 2, Some((2, "<!DOCTYPE x>")), ""));
    assert_eq!(e.kind(), &DecodeErrorKind::DoctypeForbidden);
    // A fault inside the signature after the blocks, placed in the stream.
    let bad_sig = "<ds:Signature>\n<x a='1' a='2'/></ds:Signature>";
    let e = assert_same_error(&poll("", 2, None, bad_sig));
    assert!(matches!(e.kind(), DecodeErrorKind::DuplicateAttribute(a) if a == "a"));
    // Content after the root element.
    let mut xml = poll("", 2, None, "");
    xml.extend_from_slice(b"<again/>");
    assert_eq!(
        assert_same_error(&xml).kind(),
        &DecodeErrorKind::TrailingContent
    );
}

#[test]
fn record_count_below_the_blocks_carried_is_a_strict_error_c11_6() {
    let head = "<taxii_11:Record_Count>2</taxii_11:Record_Count>";
    let xml = poll(head, 3, None, "");
    assert_same_strict_rule(&xml, "C11-6");
    // Found only at the end, it is placed at the root element.
    let root = String::from_utf8_lossy(&xml)
        .find("<taxii_11:Poll_Response")
        .unwrap();
    let Err(StreamError::Decode(e)) = stream_with(&xml, 64, &DecodeOptions::strict()) else {
        panic!()
    };
    assert_eq!((e.offset(), e.line(), e.column()), (root, 3, 1), "{e}");
    assert_eq!(e.path(), "/Poll_Response");
}

#[test]
fn truncated_input_is_an_error_at_its_end() {
    let xml = poll("", 3, None, "");
    for cut in [40, ROOT.len() + 70, xml.len() / 2, xml.len() - 30] {
        let part = &xml[..cut];
        let expected = decode(part).unwrap_err();
        match stream_with(part, 9, &DecodeOptions::default()) {
            Err(StreamError::Decode(e)) => {
                assert_eq!(e.kind(), expected.kind(), "cut {cut}");
                assert_eq!(e.offset(), expected.offset(), "cut {cut}");
            }
            other => panic!("cut {cut}: {other:?}"),
        }
    }
}

#[test]
fn other_messages_are_not_streamable() {
    let xml = sample("taxii11_discovery_response_20svc.xml");
    assert!(matches!(
        MessageStream::new(&xml[..]),
        Err(StreamError::NotStreamable("Discovery_Response"))
    ));
}

#[test]
fn the_size_limit_bounds_each_part_not_the_message() {
    let xml = poll("", 50, None, "");
    let limits = Limits {
        max_input_bytes: 1024,
        ..Limits::default()
    };
    let options = DecodeOptions::with_limits(limits);
    assert!(xml.len() > 10 * limits.max_input_bytes);
    let (_, blocks) = stream_with(&xml, 100, &options).unwrap();
    assert_eq!(blocks.len(), 50);

    let big = format!(
        "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
         <taxii_11:Content>{}</taxii_11:Content></taxii_11:Content_Block>",
        "x".repeat(2000)
    );
    let xml = poll("", 3, Some((2, &big)), "");
    match stream_with(&xml, 100, &options) {
        Err(StreamError::Decode(e)) => assert_eq!(
            e.kind(),
            &DecodeErrorKind::LimitExceeded {
                limit: "max_input_bytes",
                max: 1024
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn block_count_element_count_and_depth_limits_hold() {
    let xml = poll("", 5, None, "");
    let check = |limits: Limits, limit: &str| match stream_with(
        &xml,
        64,
        &DecodeOptions::with_limits(limits),
    ) {
        Err(StreamError::Decode(e)) => match e.kind() {
            DecodeErrorKind::LimitExceeded { limit: l, .. } => assert_eq!(*l, limit),
            k => panic!("{limit}: {k}"),
        },
        other => panic!("{limit}: {other:?}"),
    };
    check(
        Limits {
            max_content_blocks: 4,
            ..Limits::default()
        },
        "max_content_blocks",
    );
    check(
        Limits {
            max_elements: 3,
            ..Limits::default()
        },
        "max_elements",
    );
    check(
        Limits {
            max_depth: 3,
            ..Limits::default()
        },
        "max_depth",
    );
}

#[test]
fn read_errors_are_reported() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let xml = poll("", 2, None, "");
            if self.0 >= ROOT.len() + 100 {
                return Err(std::io::Error::other("link down"));
            }
            let n = buf.len().min(xml.len() - self.0).min(10);
            buf[..n].copy_from_slice(&xml[self.0..self.0 + n]);
            self.0 += n;
            Ok(n)
        }
    }
    let r = MessageStream::new(BufReader::new(Failing(0))).and_then(|mut s| {
        while s.next_block()?.is_some() {}
        Ok(())
    });
    assert!(matches!(r, Err(StreamError::Io(_))), "{r:?}");
}

#[test]
fn end_tags_of_the_blocks_name_inside_content_do_not_cut_the_block() {
    for content in [
        "<![CDATA[</taxii_11:Content_Block>]]>",
        "<!-- </taxii_11:Content_Block > -->",
        "<w xmlns:taxii_11=\"urn:other\"><taxii_11:Content_Block>x</taxii_11:Content_Block></w>",
        "<w a=\"&lt;/taxii_11:Content_Block>\"/>",
    ] {
        let special = format!(
            "<taxii_11:Content_Block><taxii_11:Content_Binding binding_id=\"b\"/>\
             <taxii_11:Content>{content}</taxii_11:Content></taxii_11:Content_Block \n>"
        );
        let xml = poll("", 3, Some((2, &special)), "");
        assert_equivalent(&xml);
        let (_, blocks) = stream_with(&xml, 8192, &DecodeOptions::default()).unwrap();
        assert_eq!(blocks[1].content().as_str(), content);
    }
    // An empty block element (Content_Binding missing, CB1-2).
    let e = assert_same_error(&poll("", 3, Some((2, "<taxii_11:Content_Block/>")), ""));
    assert_eq!(e.path(), "/Poll_Response/Content_Block[2]");
}

mod mutations {
    use super::*;
    use proptest::prelude::*;

    fn edited(edits: &[(usize, u8, &str)], taxii10: bool) -> Vec<u8> {
        let head = "<taxii_11:Record_Count>3</taxii_11:Record_Count>";
        let tail = "<ds:Signature>x</ds:Signature>";
        let mut xml = if taxii10 {
            sample("taxii10_poll_response_1block.xml")
        } else {
            poll(head, 3, None, tail)
        };
        for &(at, op, text) in edits {
            let at = at % (xml.len() + 1);
            let end = (at + text.len()).min(xml.len());
            match op {
                0 => drop(xml.splice(at..at, text.bytes())),
                1 => drop(xml.drain(at..end)),
                _ => drop(xml.splice(at..end, text.bytes())),
            }
        }
        xml
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// Whatever the edits, the streaming reader never panics and succeeds exactly
        /// when the whole-message decoder does, with the same message. (When several
        /// things are wrong, the two may report different ones first: the whole-message
        /// decoder checks the root's attributes after its last child, the stream before
        /// its first block.)
        #[test]
        fn edited_messages_stream_like_they_decode(
            edits in proptest::collection::vec(
                (any::<usize>(), 0u8..3, proptest::sample::select(vec![
                    "<", ">", "&", "/", "\"", "-", "]]>", "<!--", "-->", "<![CDATA[",
                    "</taxii_11:Content_Block>", "<taxii_11:Content_Block>", "<x>", "</x>",
                    "</taxii:Content_Block>", "<taxii:Content_Block>", "taxii:",
                    "taxii_12", "\u{e9}", "\u{0}", " ",
                ])),
                1..4,
            ),
            chunk in 1usize..300,
            taxii10 in any::<bool>(),
        ) {
            let xml = edited(&edits, taxii10);
            let whole = decode(&xml);
            let streamed = stream_with(&xml, chunk, &DecodeOptions::default());
            match (whole, streamed) {
                (Ok(_), Ok(got)) => prop_assert_eq!(got, super::whole(&xml)),
                (Err(_), Err(StreamError::Decode(_) | StreamError::NotStreamable(_))) => {}
                (w, s) => prop_assert!(false, "whole {:?} but streamed {:?}", w.map(|_| ()), s.map(|_| ())),
            }
        }
    }
}

#[test]
fn taxii10_blocks_and_foreign_blocks_fail_with_the_whole_decoders_error() {
    // A TAXII 1.0 block without Content_Binding.
    let xml = String::from_utf8(sample("taxii10_poll_response_100blocks.xml")).unwrap();
    let bad = xml.replacen(
        "<taxii:Content_Binding>urn:stix.mitre.org:xml:1.1.1</taxii:Content_Binding>",
        "",
        2,
    );
    let e = assert_same_error(bad.as_bytes());
    assert!(e.path().starts_with("/Poll_Response/Content_Block"), "{e}");
    // A TAXII 1.0 block inside a TAXII 1.1 response (DIF-1).
    let foreign = "<taxii:Content_Block xmlns:taxii=\"http://taxii.mitre.org/messages/taxii_xml_binding-1\">\
                   <taxii:Content_Binding>b</taxii:Content_Binding><taxii:Content/></taxii:Content_Block>";
    let e = assert_same_error(&poll("", 3, Some((2, foreign)), ""));
    assert_eq!(e.rule(), Some("DIF-1"), "{e}");
}

#[test]
fn streamed_blocks_tell_their_binding_and_label_in_either_version() {
    for name in [
        "taxii11_poll_response_100blocks.xml",
        "taxii10_poll_response_100blocks.xml",
    ] {
        let xml = sample(name);
        let (_, blocks) = stream_with(&xml, 4096, &DecodeOptions::default()).unwrap();
        let (_, want) = whole(&xml);
        assert_eq!(blocks.len(), 100, "{name}");
        // Record_Count 100 for 100 blocks: strict reading agrees (C11-6).
        assert!(
            stream_with(&xml, 4096, &DecodeOptions::strict()).is_ok(),
            "{name}"
        );
        for (got, want) in blocks.iter().zip(&want) {
            let (binding, label) = match want {
                StreamedBlock::V11(b) => {
                    (b.content_binding.binding_id.as_str(), &b.timestamp_label)
                }
                StreamedBlock::V10(b) => (b.content_binding.as_str(), &b.timestamp_label),
                other => panic!("{other:?}"),
            };
            assert!(binding.starts_with("urn:"), "{name}: {binding}");
            assert!(label.is_some(), "{name}");
            assert_eq!(got.binding_id(), binding, "{name}");
            assert_eq!(got.timestamp_label(), label.as_ref(), "{name}");
            assert_eq!(got.content(), want.content(), "{name}");
        }
    }
}

#[test]
fn errors_after_a_bom_or_leading_blanks_are_placed_like_the_whole_decoders() {
    let bad = poll("<q:Message>x</q:Message>", 2, None, "");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(&bad);
    let e = assert_same_error(&bom);
    assert_eq!(e.line(), 4, "{e}");
    let mut blanks = b"\n\n  ".to_vec();
    blanks.extend_from_slice(&bad[bad.iter().position(|&b| b == b'\n').unwrap() + 1..]);
    let e = assert_same_error(&blanks);
    assert_eq!(e.line(), 5, "{e}");
}

/// Block `n` (1-based) of `xml` with `bad` put just inside its Content element.
fn spoil_block(xml: &[u8], n: usize, bad: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(xml);
    let mut at = 0;
    let mut seen = 0;
    while seen < n {
        at += text[at..].find("Content_Block>").unwrap() + 1;
        let tag = text[..at].rfind('<').unwrap();
        if text.as_bytes()[tag + 1] != b'/' {
            seen += 1;
        }
    }
    at += text[at..].find("Content>").unwrap() + "Content>".len();
    let mut out = xml[..at].to_vec();
    out.extend_from_slice(bad);
    out.extend_from_slice(&xml[at..]);
    out
}

#[test]
fn bad_bytes_deep_in_either_version_fail_like_the_whole_decoder() {
    for name in [
        "taxii11_poll_response_100blocks.xml",
        "taxii10_poll_response_100blocks.xml",
    ] {
        let xml = sample(name);
        for n in [1, 37] {
            let e = assert_same_error(&spoil_block(&xml, n, b"<unclosed>"));
            assert!(e.path().contains("Content_Block"), "{name} {n}: {e}");
            // Bytes the whole decoder refuses before parsing: the same error at the same
            // place (the stream also names the block it was reading).
            for bad in [&b"\x01"[..], b"\xff"] {
                let spoiled = spoil_block(&xml, n, bad);
                let want = decode(&spoiled).unwrap_err();
                for chunk in [13, 8192] {
                    let Err(StreamError::Decode(e)) =
                        stream_with(&spoiled, chunk, &DecodeOptions::default())
                    else {
                        panic!("{name} {n} chunk {chunk}: decoded")
                    };
                    let place = |e: &taxii_messages::DecodeError| {
                        (e.kind().clone(), e.offset(), e.line(), e.column())
                    };
                    assert_eq!(place(&e), place(&want), "{name} {n} chunk {chunk}");
                    let index = if n > 1 {
                        format!("[{n}]")
                    } else {
                        String::new()
                    };
                    assert_eq!(e.path(), format!("/Poll_Response/Content_Block{index}"));
                }
            }
        }
        // And read whole in one window or many, the unspoiled sample streams as it decodes.
        assert_equivalent(&xml);
    }
}

#[test]
#[allow(clippy::field_reassign_with_default)] // Limits is non_exhaustive
fn the_block_past_the_limit_is_named() {
    let mut limits = Limits::default();
    limits.max_content_blocks = 2;
    let options = DecodeOptions::with_limits(limits);
    for chunk in [13, 8192] {
        let Err(StreamError::Decode(e)) = stream_with(&poll("", 3, None, ""), chunk, &options)
        else {
            panic!("three blocks streamed under a limit of two")
        };
        assert!(
            matches!(
                e.kind(),
                DecodeErrorKind::LimitExceeded {
                    limit: "max_content_blocks",
                    ..
                }
            ),
            "{e}"
        );
        assert_eq!(e.path(), "/Poll_Response/Content_Block[3]", "chunk {chunk}");
    }
}
