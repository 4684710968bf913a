//! The streaming reader: header first, then content blocks one at a time.

use std::collections::VecDeque;
use std::io::BufRead;
use std::sync::Arc;

use bytes::Bytes;

use crate::error::{DecodeError, DecodeErrorKind as K};
use crate::namespaces::{NamespaceBinding, Ns};
use crate::stream::message::{StreamedBlock, StreamedMessage};
use crate::stream::scan::{local_name, LineCol, Markup, Scanner, Stop};
use crate::stream::StreamError;
use crate::xml::cursor::Cursor;
use crate::{decode_with, DecodeOptions, Limits};
use crate::{v10, v11};

/// The root element and what precedes the first block.
#[derive(Default)]
struct RootTag {
    /// The start tag.
    bytes: Vec<u8>,
    /// Where the start tag is in the stream.
    offset: usize,
    at: LineCol,
    qname: String,
    end_tag: Vec<u8>,
    /// The namespace bindings in scope inside the root.
    bindings: Arc<[NamespaceBinding]>,
    /// The stream up to the first content block: prolog, root tag and header fields,
    /// prepended to the trailing part when it is decoded.
    header: Vec<u8>,
}

impl RootTag {
    fn local(&self) -> &str {
        self.qname.rsplit(':').next().unwrap_or(&self.qname)
    }
}

/// Reads a Poll_Response or Inbox_Message from a [`BufRead`], content block by content
/// block (see the [module documentation](crate::stream)).
pub struct MessageStream<R> {
    scan: Scanner<R>,
    options: DecodeOptions,
    message: StreamedMessage,
    root: RootTag,
    /// Blocks decoded ahead, with where each starts and ends in the stream (all the blocks
    /// of a message read whole, which has nothing left to consume).
    ahead: VecDeque<(StreamedBlock, usize, usize)>,
    /// Where the block that did not decode at the window's end starts.
    cut_at: usize,
    blocks: usize,
    /// The name of the last block and how many blocks in a row had it (for paths).
    run: (Vec<u8>, usize),
    done: bool,
}

impl<R: BufRead> MessageStream<R> {
    /// Starts reading with the default options; decodes everything before the first
    /// content block.
    pub fn new(input: R) -> Result<Self, StreamError> {
        Self::with_options(input, &DecodeOptions::default())
    }

    /// Starts reading with explicit limits and strictness.
    pub fn with_options(input: R, options: &DecodeOptions) -> Result<Self, StreamError> {
        let mut scan = Scanner::new(input, options.limits.max_input_bytes);
        let found = Self::find_first_block(&mut scan);
        let (root, header_end) = match found {
            Ok(Some(found)) => found,
            Ok(None) | Err(Stop::Eof) => return Self::whole(scan, options),
            Err(stop) => return Err(stop_error(stop, &scan, options)),
        };
        let doc = Bytes::from([&scan.buf()[..header_end], &root.end_tag].concat());
        let message = StreamedMessage::from_message(decode_with(doc, options)?)?;
        let mut root = root;
        root.bindings = root_bindings(&root)?;
        root.header = scan.buf()[..header_end].to_vec();
        scan.consume(header_end);
        let mut stream = Self::started(scan, options, message, root);
        let block_next = stream.scan.buf().first() == Some(&b'<')
            && local_name(stream.scan.tag_name(0)) == b"Content_Block";
        if stream.message.signature_mut().is_some() && block_next {
            // The message signature comes last: no content block may follow it.
            let found = String::from_utf8_lossy(stream.scan.tag_name(0)).into_owned();
            return Err(stream.unexpected_element(0, found));
        }
        Ok(stream)
    }

    /// Skips the prolog and the root's children before the first `Content_Block`.
    /// Returns the root tag and where that block starts, or `None` when the message
    /// has no block child to stream (it is then read whole).
    fn find_first_block(scan: &mut Scanner<R>) -> Result<Option<(RootTag, usize)>, Stop> {
        let mut i = 0;
        let (start, end) = loop {
            let q = scan.find(i, b"<")?;
            match scan.markup(q)? {
                (Markup::Ignorable, e) => i = e,
                (Markup::Start, e) => break (q, e),
                _ => return Ok(None),
            }
        };
        let qname = String::from_utf8_lossy(scan.tag_name(start)).into_owned();
        let root = RootTag {
            bytes: scan.buf()[start..end].to_vec(),
            offset: start,
            at: LineCol::START.advance(&scan.buf()[..start]),
            end_tag: format!("</{qname}>").into_bytes(),
            qname,
            ..RootTag::default()
        };
        let mut i = end;
        loop {
            let q = scan.find(i, b"<")?;
            if !is_blank(&scan.buf()[i..q]) {
                return Ok(Some((root, i)));
            }
            match scan.markup(q)? {
                (Markup::Ignorable, e) => i = e,
                (Markup::Start | Markup::Empty, _) => {
                    if local_name(scan.tag_name(q)) == b"Content_Block" {
                        return Ok(Some((root, q)));
                    }
                    i = scan.element_end(q)?;
                }
                (Markup::End, _) => return Ok(None),
                (Markup::CData | Markup::Declaration, _) => return Ok(Some((root, q))),
            }
        }
    }

    /// Reads a message without content blocks to stream in one go.
    fn whole(mut scan: Scanner<R>, options: &DecodeOptions) -> Result<Self, StreamError> {
        scan.read_to_end()
            .map_err(|stop| stop_error(stop, &scan, options))?;
        let mut message = StreamedMessage::from_message(decode_with(scan.take_buf(), options)?)?;
        let blocks = message.take_blocks();
        Ok(MessageStream {
            blocks: blocks.len(),
            ahead: blocks.into_iter().map(|b| (b, 0, 0)).collect(),
            done: true,
            ..Self::started(scan, options, message, RootTag::default())
        })
    }

    /// A stream that has read up to its first block.
    fn started(
        scan: Scanner<R>,
        options: &DecodeOptions,
        message: StreamedMessage,
        root: RootTag,
    ) -> Self {
        let (options, run) = (*options, (Vec::new(), 0));
        let (ahead, cut_at, blocks, done) = (VecDeque::new(), usize::MAX, 0, false);
        MessageStream {
            scan,
            options,
            message,
            root,
            ahead,
            cut_at,
            blocks,
            run,
            done,
        }
    }

    /// The message read so far: every field but the content blocks; the message
    /// signature is there once [`next_block`](Self::next_block) has returned `None`.
    pub fn message(&self) -> &StreamedMessage {
        &self.message
    }

    /// The message without its content blocks (see [`message`](Self::message)).
    pub fn into_message(self) -> StreamedMessage {
        self.message
    }

    /// How many content blocks have been handed out (or, for a message read whole,
    /// how many it holds).
    pub fn blocks_read(&self) -> usize {
        self.blocks
    }

    /// The next content block, or `None` after the last one, once the rest of the
    /// message (signature, end tag, Record_Count check) has been checked.
    pub fn next_block(&mut self) -> Result<Option<StreamedBlock>, StreamError> {
        if self.ahead.is_empty() && !self.done {
            let result = self.read_block();
            self.done = !matches!(result, Ok(Some(_)));
            return result;
        }
        Ok(self.pop_ahead())
    }

    /// Hands out the next block decoded ahead, consuming it.
    fn pop_ahead(&mut self) -> Option<StreamedBlock> {
        let (block, start, end) = self.ahead.pop_front()?;
        if !self.done {
            self.count_block(start - self.scan.base);
            self.scan.consume(end - self.scan.base);
        }
        Some(block)
    }

    fn read_block(&mut self) -> Result<Option<StreamedBlock>, StreamError> {
        let mut i = 0;
        loop {
            let q = match self.scan.find(i, b"<") {
                Ok(q) => q,
                Err(stop) => return Err(self.part_failed(stop, 0, false)),
            };
            if !is_blank(&self.scan.buf()[i..q]) {
                return Err(self.error_at(i, K::UnexpectedText, self.root.local().to_owned()));
            }
            let kind = match self.scan.markup(q) {
                Ok((Markup::Ignorable, e)) => {
                    i = e;
                    continue;
                }
                Ok((kind, _)) => kind,
                Err(stop) => return Err(self.part_failed(stop, q, false)),
            };
            match kind {
                Markup::CData => {
                    return Err(self.error_at(q, K::UnexpectedText, self.root.local().to_owned()))
                }
                Markup::Declaration => {
                    return Err(self.error_at(q, K::DoctypeForbidden, self.root.local().to_owned()))
                }
                Markup::Start | Markup::Empty
                    if local_name(self.scan.tag_name(q)) == b"Content_Block" =>
                {
                    return self.block_at(q);
                }
                _ => return self.trailer_at(q, kind).map(|()| None),
            }
        }
    }

    fn block_at(&mut self, q: usize) -> Result<Option<StreamedBlock>, StreamError> {
        let limits = self.options.limits;
        if self.blocks >= limits.max_content_blocks {
            let kind = K::LimitExceeded {
                limit: "max_content_blocks",
                max: limits.max_content_blocks,
            };
            return Err(self.error_at(q, kind, self.block_path_of(self.blocks + 1)));
        }
        if self.scan.base + q != self.cut_at {
            self.decode_ahead(q, 0);
        }
        if self.ahead.is_empty() {
            // Cut off by the window's end, or wrong: read all of it and try again.
            let end = match self.scan.element_end(q) {
                Ok(end) => end,
                Err(stop) => return Err(self.part_failed(stop, q, true)),
            };
            self.decode_ahead(q, end);
            if self.ahead.is_empty() {
                let block = self.decode_block(q, end)?;
                self.count_block(q);
                self.scan.consume(end);
                return Ok(Some(block));
            }
        }
        Ok(self.pop_ahead())
    }

    /// Counts the block at `q` (before it is consumed).
    fn count_block(&mut self, q: usize) {
        self.blocks += 1;
        let name = self.scan.tag_name(q);
        if self.run.0 == name {
            self.run.1 += 1;
        } else {
            self.run = (name.to_vec(), 1);
        }
    }

    /// How many blocks just before the one at `q` have its name.
    fn preceding(&self, q: usize) -> usize {
        if self.run.0 == self.scan.tag_name(q) {
            self.run.1
        } else {
            0
        }
    }

    /// Decodes the blocks lying whole in the window from `buf[q]` on (up to
    /// `buf[q + AHEAD_BYTES]` or `buf[to]`, and the block limit) with one cursor, into
    /// `ahead`. The first that does not decode there (cut off, or wrong) is left to
    /// [`decode_block`](Self::decode_block), and so are the errors.
    fn decode_ahead(&mut self, q: usize, to: usize) {
        let to = self.scan.buf().len().min(to.max(q + AHEAD_BYTES));
        let region = self.scan.slice(q, to.min(self.scan.clean_len()).max(q));
        let text = match std::str::from_utf8(&region) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&region[..e.valid_up_to()]).unwrap_or_default(),
        };
        let limits = self.options.limits;
        let parent = &self.root.qname;
        let preceding = self.preceding(q);
        let mut c = Cursor::fragment(
            text,
            &region,
            limits,
            &self.root.bindings,
            parent,
            preceding,
        );
        c.set_lenient(self.options.peer_leniency());
        let (ns, at) = (self.message.ns(), self.scan.base + q);
        let parent = c.fragment_parent();
        while self.blocks + self.ahead.len() < limits.max_content_blocks {
            let Ok(Some(el)) = c.child(&parent, ns, "Content_Block") else {
                break;
            };
            let start = at + el.offset;
            let block = match ns {
                Ns::Taxii10 => v10::ContentBlock::decode(&mut c, el).map(StreamedBlock::V10),
                _ => v11::ContentBlock::decode(&mut c, el).map(StreamedBlock::V11),
            };
            match block {
                Ok(block) => self.ahead.push_back((block, start, at + c.pos())),
                Err(_) if to == self.scan.buf().len() => {
                    self.cut_at = start;
                    break;
                }
                Err(_) => break,
            }
        }
    }

    /// Decodes `buf[from..to]`, one `Content_Block` element, in the root's scope.
    fn decode_block(&self, from: usize, to: usize) -> Result<StreamedBlock, StreamError> {
        let part = self.scan.slice(from, to);
        let text = match std::str::from_utf8(&part) {
            Ok(text) => text,
            Err(e) => {
                let path = self.block_path_of(self.blocks + 1);
                return Err(self.error_at(from + e.valid_up_to(), K::InvalidUtf8, path));
            }
        };
        let clean = to <= self.scan.clean_len();
        if let Some((at, ch)) = (!clean).then(|| crate::forbidden_char(&part)).flatten() {
            let path = self.block_path_of(self.blocks + 1);
            return Err(self.error_at(from + at, crate::forbidden_char_kind(ch), path));
        }
        let mut c = Cursor::fragment(
            text,
            &part,
            self.options.limits,
            &self.root.bindings,
            &self.root.qname,
            self.preceding(from),
        );
        c.set_lenient(self.options.peer_leniency());
        let ns = self.message.ns();
        let decoded = (|| {
            let parent = c.fragment_parent();
            match c.child(&parent, ns, "Content_Block")? {
                Some(el) => {
                    let block = match ns {
                        Ns::Taxii10 => StreamedBlock::V10(v10::ContentBlock::decode(&mut c, el)?),
                        _ => StreamedBlock::V11(v11::ContentBlock::decode(&mut c, el)?),
                    };
                    c.finish()?;
                    Ok(block)
                }
                None => Err(c
                    .end(parent)
                    .err()
                    .unwrap_or_else(|| c.error_at(0, K::MissingElement("Content_Block")))),
            }
        })();
        decoded.map_err(|e| {
            // As the whole-message decoder says it: an element of the other version.
            let e = if matches!(e.kind(), K::UnexpectedElement { .. }) {
                let doc = Bytes::from([&self.root.header[..], &part].concat());
                let text = std::str::from_utf8(&doc).unwrap_or_default();
                v10::foreign_element(&Cursor::new(text, &doc, Limits::default()), e, ns)
            } else {
                e
            };
            let rel = e.offset().min(to - from);
            let at = self.scan.at().advance(&self.scan.buf()[..from + rel]);
            let path = e.path().to_owned();
            e.relocated(
                self.scan.base + from + rel,
                clamp(at.line),
                clamp(at.column),
                path,
            )
            .into()
        })
    }

    /// After the last block: only a signature and the end of the message may follow.
    fn trailer_at(&mut self, q: usize, kind: Markup) -> Result<(), StreamError> {
        if matches!(kind, Markup::Start | Markup::Empty) {
            let name = self.scan.tag_name(q);
            if local_name(name) != b"Signature" {
                let found = String::from_utf8_lossy(name).into_owned();
                return Err(self.unexpected_element(q, found));
            }
        }
        if let Err(stop) = self.scan.read_to_end() {
            return Err(self.part_failed(stop, q, false));
        }
        let len = self.scan.buf().len();
        let mut rest = self.decode_part(q, len)?;
        let signature = rest.signature_mut().take();
        *self.message.signature_mut() = signature;
        self.check_record_count()
    }

    /// Strict decoding: Record_Count must not be below the number of blocks carried (C11-6).
    fn check_record_count(&self) -> Result<(), StreamError> {
        let Some(count) = self.message.record_count() else {
            return Ok(());
        };
        if self.options.level != crate::DecodeLevel::Strict {
            return Ok(());
        }
        if (count as u128) >= self.blocks as u128 {
            return Ok(());
        }
        let kind = K::Constraint(format!(
            "Record_Count {count} is less than the {} content blocks carried",
            self.blocks
        ));
        let path = format!("/{}", self.root.local());
        let e = DecodeError::new(kind, 0, &[], String::new()).relocated(
            self.root.offset,
            clamp(self.root.at.line),
            clamp(self.root.at.column),
            path,
        );
        Err(e.with_rule("C11-6").into())
    }

    /// Decodes the header + `buf[from..to]` as one message.
    fn decode_part(&self, from: usize, to: usize) -> Result<StreamedMessage, StreamError> {
        let doc = [&self.root.header[..], &self.scan.buf()[from..to]].concat();
        match decode_with(Bytes::from(doc), &self.options) {
            Ok(m) => StreamedMessage::from_message(m),
            Err(e) => Err(self.relocate(e, from, to).into()),
        }
    }

    /// Moves an error found in a part decoded alone to its place in the stream.
    fn relocate(&self, e: DecodeError, from: usize, to: usize) -> DecodeError {
        let root_len = self.root.header.len();
        let (offset, at) = if e.offset() < root_len {
            let o = e.offset();
            // The header is the stream's prefix.
            (o, LineCol::START.advance(&self.root.header[..o]))
        } else {
            let rel = (e.offset() - root_len).min(to - from);
            let at = self.scan.at().advance(&self.scan.buf()[..from + rel]);
            (self.scan.base + from + rel, at)
        };
        let path = e.path().to_owned();
        e.relocated(offset, clamp(at.line), clamp(at.column), path)
    }

    /// The path of content block number `n`.
    fn block_path_of(&self, n: usize) -> String {
        let mut path = format!("/{}/Content_Block", self.root.local());
        if n > 1 {
            path.push_str(&format!("[{n}]"));
        }
        path
    }

    /// An error at `buf[i]`, with the given path below the root.
    fn error_at(&self, i: usize, kind: K, path: String) -> StreamError {
        let at = self.scan.at().advance(&self.scan.buf()[..i]);
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        let e = DecodeError::new(kind, 0, &[], String::new()).relocated(
            self.scan.base + i,
            clamp(at.line),
            clamp(at.column),
            path,
        );
        e.into()
    }

    fn unexpected_element(&self, q: usize, found: String) -> StreamError {
        let local = String::from_utf8_lossy(local_name(found.as_bytes())).into_owned();
        let kind = K::UnexpectedElement {
            found,
            expected: format!("end of `{}`", self.root.qname),
        };
        self.error_at(q, kind, format!("{}/{local}", self.root.local()))
    }

    /// The scanner stopped inside a part starting at `buf[from]`: the decoder, given what
    /// there is, says precisely what is wrong.
    fn part_failed(&self, stop: Stop, from: usize, block: bool) -> StreamError {
        match stop {
            Stop::Io(e) => StreamError::Io(e),
            Stop::TooBig => {
                let max = self.options.limits.max_input_bytes;
                let kind = K::LimitExceeded {
                    limit: "max_input_bytes",
                    max,
                };
                self.error_at(
                    self.scan.buf().len().min(max),
                    kind,
                    self.root.local().into(),
                )
            }
            Stop::Eof => {
                let len = self.scan.buf().len();
                let decoded = if block {
                    self.decode_block(from, len).map(|_| ())
                } else {
                    self.decode_part(from, len).map(|_| ())
                };
                match decoded {
                    Err(e) => e,
                    Ok(()) => self.error_at(
                        len,
                        K::Syntax("unexpected end of input".into()),
                        self.root.local().into(),
                    ),
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for MessageStream<R> {
    type Item = Result<StreamedBlock, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_block().transpose()
    }
}

/// The error for a scanner stop while reading the header or a whole message.
fn stop_error<R: BufRead>(stop: Stop, scan: &Scanner<R>, options: &DecodeOptions) -> StreamError {
    match stop {
        Stop::Io(e) => StreamError::Io(e),
        Stop::TooBig | Stop::Eof => {
            let max = options.limits.max_input_bytes;
            let e = DecodeError::new(
                K::LimitExceeded {
                    limit: "max_input_bytes",
                    max,
                },
                max,
                scan.buf(),
                "/".into(),
            );
            e.into()
        }
    }
}

/// The namespace bindings in scope inside the root element.
fn root_bindings(root: &RootTag) -> Result<Arc<[NamespaceBinding]>, DecodeError> {
    let doc = Bytes::from([&root.bytes[..], &root.end_tag].concat());
    let text = std::str::from_utf8(&doc).unwrap_or_default();
    let mut c = Cursor::new(text, &doc, Limits::default());
    c.root()?;
    Ok(c.bindings())
}

/// How far ahead of the block being read [`MessageStream::decode_ahead`] looks.
const AHEAD_BYTES: usize = 256 << 10;

fn is_blank(text: &[u8]) -> bool {
    text.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
