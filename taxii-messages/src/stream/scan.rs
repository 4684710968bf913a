//! Finds markup boundaries in a byte stream without validating anything: where a tag,
//! comment, CDATA section or whole element ends. Validation is left to the decoder, which
//! is run on each part the scanner cuts out.

use std::io::{self, BufRead};

use bytes::{Buf, Bytes, BytesMut};

/// Why the scanner stopped before finding what it looked for.
pub(crate) enum Stop {
    /// Reading failed.
    Io(io::Error),
    /// The input ended.
    Eof,
    /// The part being cut out grew past the size limit.
    TooBig,
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Io(e)
    }
}

/// What a piece of markup is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
    /// `<name ...>`
    Start,
    /// `<name .../>`
    Empty,
    /// `</name>`
    End,
    /// `<!-- -->` or `<? ?>`
    Ignorable,
    /// `<![CDATA[ ]]>`
    CData,
    /// Any other `<!...>` (a DOCTYPE, which the decoder refuses).
    Declaration,
}

/// A line:column position in the stream (both from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LineCol {
    pub line: u64,
    pub column: u64,
}

impl LineCol {
    pub(crate) const START: LineCol = LineCol { line: 1, column: 1 };

    /// The position after `bytes`, which start here.
    pub(crate) fn advance(self, bytes: &[u8]) -> LineCol {
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => LineCol {
                line: self.line + memchr::memchr_iter(b'\n', bytes).count() as u64,
                column: (bytes.len() - last) as u64,
            },
            None => LineCol {
                line: self.line,
                column: self.column + bytes.len() as u64,
            },
        }
    }
}

/// The most bytes taken from the reader at a time (the window stays small and is reused).
const CHUNK_MAX: usize = 256 << 10;

/// A window over a [`BufRead`]: the bytes of the part being cut out, read as needed. Parts
/// are handed out as shared slices of it; it is reused once none is left.
pub(crate) struct Scanner<R> {
    src: R,
    /// Bytes read; `data[..start]` are consumed, `data[start]` is at stream offset `base`.
    data: Bytes,
    start: usize,
    pub base: usize,
    /// Position of `data[0]` (that of `buf()[0]` is worked out only when asked for).
    data_at: LineCol,
    /// Most bytes `buf` may hold.
    max: usize,
    /// Stream offset before which no byte is a character XML forbids (checked as the
    /// input comes in, so parts need no check of their own).
    clean_until: usize,
    /// Whether a forbidden character was met (no check after it).
    dirty: bool,
}

impl<R: BufRead> Scanner<R> {
    pub(crate) fn new(src: R, max: usize) -> Self {
        Scanner {
            src,
            data: Bytes::new(),
            start: 0,
            base: 0,
            data_at: LineCol::START,
            max,
            clean_until: 0,
            dirty: false,
        }
    }

    /// Appends the next chunk of input.
    fn more(&mut self) -> Result<(), Stop> {
        self.drop_consumed();
        if self.data.len() > self.max {
            return Err(Stop::TooBig);
        }
        let chunk = loop {
            match self.src.fill_buf() {
                Ok(c) => break c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Stop::Io(e)),
            }
        };
        if chunk.is_empty() {
            return Err(Stop::Eof);
        }
        let n = chunk
            .len()
            .min(CHUNK_MAX)
            .min(self.max.saturating_add(1) - self.data.len());
        let old_len = self.data.len();
        let mut window = std::mem::take(&mut self.data)
            .try_into_mut()
            .unwrap_or_else(|shared| {
                let mut fresh = BytesMut::with_capacity((2 * old_len).max(old_len + n));
                fresh.extend_from_slice(&shared);
                fresh
            });
        window.extend_from_slice(&chunk[..n]);
        self.data = window.freeze();
        self.src.consume(n);
        self.check_chars(old_len);
        Ok(())
    }

    /// Moves `clean_until` over the bytes from `data[old_len]` on (a forbidden
    /// character takes up to 3 bytes, so the check starts 2 bytes earlier).
    fn check_chars(&mut self, old_len: usize) {
        if self.dirty {
            return;
        }
        let from = old_len.saturating_sub(2);
        let data0 = self.base - self.start;
        match crate::forbidden_char(&self.data[from..]) {
            None => self.clean_until = data0 + self.data.len(),
            Some((i, _)) => {
                self.clean_until = data0 + from + i;
                self.dirty = true;
            }
        }
    }

    /// How many bytes of `buf()` are known to hold no character XML forbids.
    pub(crate) fn clean_len(&self) -> usize {
        self.clean_until.saturating_sub(self.base)
    }

    /// Reads everything left (up to the size limit) into `buf`.
    pub(crate) fn read_to_end(&mut self) -> Result<(), Stop> {
        loop {
            match self.more() {
                Ok(()) => {}
                Err(Stop::Eof) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }

    /// The unconsumed bytes read so far; `buf()[0]` is at stream offset `base`.
    pub(crate) fn buf(&self) -> &[u8] {
        &self.data[self.start..]
    }

    /// `buf()[from..to]`, shared.
    pub(crate) fn slice(&self, from: usize, to: usize) -> Bytes {
        self.data.slice(self.start + from..self.start + to)
    }

    /// Takes the unconsumed bytes out.
    pub(crate) fn take_buf(&mut self) -> Bytes {
        self.drop_consumed();
        std::mem::take(&mut self.data)
    }

    /// Frees the consumed bytes, keeping their position.
    fn drop_consumed(&mut self) {
        if self.start > 0 {
            self.data_at = self.data_at.advance(&self.data[..self.start]);
            self.data.advance(self.start);
            self.start = 0;
        }
    }

    /// Forgets `buf()[..n]`, moving the window forward.
    pub(crate) fn consume(&mut self, n: usize) {
        self.base += n;
        self.start += n;
    }

    /// The line:column position of `buf()[0]`.
    pub(crate) fn at(&self) -> LineCol {
        self.data_at.advance(&self.data[..self.start])
    }

    fn byte(&mut self, i: usize) -> Result<u8, Stop> {
        while self.buf().len() <= i {
            self.more()?;
        }
        Ok(self.buf()[i])
    }

    fn starts_with(&mut self, i: usize, pat: &[u8]) -> Result<bool, Stop> {
        while self.buf().len() < i + pat.len() {
            match self.more() {
                Ok(()) => {}
                Err(Stop::Eof) => return Ok(false),
                Err(e) => return Err(e),
            }
        }
        Ok(self.buf()[i..].starts_with(pat))
    }

    /// Index of the first `pat` at or after `from`.
    pub(crate) fn find(&mut self, from: usize, pat: &[u8]) -> Result<usize, Stop> {
        match pat {
            [b] => self.find_with(from, 1, |hay| memchr::memchr(*b, hay)),
            _ => self.find_with(from, pat.len(), |hay| memchr::memmem::find(hay, pat)),
        }
    }

    fn find_with(
        &mut self,
        from: usize,
        len: usize,
        search: impl Fn(&[u8]) -> Option<usize>,
    ) -> Result<usize, Stop> {
        let mut start = from;
        loop {
            let buf = self.buf();
            if let Some(i) = search(&buf[start.min(buf.len())..]) {
                return Ok(start + i);
            }
            start = buf.len().saturating_sub(len - 1).max(from);
            self.more()?;
        }
    }

    /// Index of the `>` closing a tag whose attributes start at `from` (quotes respected).
    fn tag_end(&mut self, from: usize) -> Result<usize, Stop> {
        let mut i = from;
        loop {
            match memchr::memchr3(b'>', b'"', b'\'', &self.buf()[i.min(self.buf().len())..]) {
                Some(k) => {
                    let j = i + k;
                    let quote = self.buf()[j];
                    if quote == b'>' {
                        return Ok(j);
                    }
                    i = self.find(j + 1, &[quote])? + 1;
                }
                None => {
                    i = self.buf().len();
                    self.more()?;
                }
            }
        }
    }

    /// The markup at `p` (`buf[p]` is `<`): its kind and the index just past it.
    pub(crate) fn markup(&mut self, p: usize) -> Result<(Markup, usize), Stop> {
        Ok(match self.byte(p + 1)? {
            b'/' => (Markup::End, self.tag_end(p + 2)? + 1),
            b'?' => (Markup::Ignorable, self.find(p + 2, b"?>")? + 2),
            b'!' if self.starts_with(p, b"<!--")? => {
                (Markup::Ignorable, self.find(p + 4, b"-->")? + 3)
            }
            b'!' if self.starts_with(p, b"<![CDATA[")? => {
                (Markup::CData, self.find(p + 9, b"]]>")? + 3)
            }
            b'!' => (Markup::Declaration, self.tag_end(p + 2)? + 1),
            _ => {
                let e = self.tag_end(p + 1)?;
                let kind = if self.buf()[e - 1] == b'/' {
                    Markup::Empty
                } else {
                    Markup::Start
                };
                (kind, e + 1)
            }
        })
    }

    /// The end of the element whose start tag is at `p`.
    pub(crate) fn element_end(&mut self, p: usize) -> Result<usize, Stop> {
        let (kind, mut i) = self.markup(p)?;
        if kind == Markup::Empty {
            return Ok(i);
        }
        let mut depth = 1usize;
        loop {
            let q = self.find(i, b"<")?;
            let (kind, e) = self.markup(q)?;
            match kind {
                Markup::Start => depth += 1,
                Markup::End => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(e);
                    }
                }
                Markup::Empty | Markup::Ignorable | Markup::CData | Markup::Declaration => {}
            }
            i = e;
        }
    }

    /// The qualified name of the tag at `p` (`buf[p]` is `<`, the tag is in `buf`).
    pub(crate) fn tag_name(&self, p: usize) -> &[u8] {
        let rest = &self.buf()[p + 1..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
            .unwrap_or(rest.len());
        &rest[..end]
    }
}

/// The local part of a qualified name.
pub(crate) fn local_name(qname: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', qname) {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads all of `input` through a reader handing out `chunk` bytes at a time.
    fn scanned(input: &[u8], chunk: usize) -> Scanner<io::BufReader<&[u8]>> {
        let mut s = Scanner::new(io::BufReader::with_capacity(chunk, input), usize::MAX - 1);
        s.read_to_end().ok().unwrap();
        s
    }

    #[test]
    fn forbidden_characters_are_found_across_chunk_boundaries() {
        let input = "<a>abcdefg\u{FFFF}hij</a>".as_bytes();
        let bad = input.iter().position(|&b| b == 0xEF).unwrap();
        for chunk in 1..8 {
            let s = scanned(input, chunk);
            assert_eq!(s.clean_len(), bad, "chunk {chunk}");
        }
        let control = b"<a>abc\x01def</a>";
        let s = scanned(control, 2);
        assert_eq!(s.clean_len(), 6);
        assert_eq!(scanned(b"<a>clean\ttext\r\n</a>", 3).clean_len(), 19);
    }

    #[test]
    fn positions_count_the_consumed_lines() {
        let mut s = scanned(b"<a>\n<b>\r\n  <c/>", 2);
        s.consume(4);
        assert_eq!(s.at(), LineCol { line: 2, column: 1 });
        s.consume(7);
        assert_eq!(s.at(), LineCol { line: 3, column: 3 });
    }

    /// A scanner reading `input` one byte at a time, nothing read yet.
    fn bytewise(input: &[u8], max: usize) -> Scanner<io::BufReader<&[u8]>> {
        Scanner::new(io::BufReader::with_capacity(1, input), max)
    }

    #[test]
    fn markup_is_told_apart_however_little_has_been_read() {
        let cases: &[(&str, Markup, usize)] = &[
            ("<!-- a > b -->x", Markup::Ignorable, 14),
            ("<?pi a > b?>x", Markup::Ignorable, 12),
            ("<![CDATA[a > b]]>x", Markup::CData, 17),
            ("<!DOCTYPE a>x", Markup::Declaration, 12),
            ("</a >x", Markup::End, 5),
            ("<a b='/>'/>x", Markup::Empty, 11),
            ("<a b=\"/>\">x", Markup::Start, 10),
        ];
        for &(input, kind, end) in cases {
            let got = bytewise(input.as_bytes(), 1 << 20).markup(0).ok();
            assert_eq!(got, Some((kind, end)), "{input}");
            // After more text than the markup is long.
            let after = format!("{}{input}", "t".repeat(20));
            let got = bytewise(after.as_bytes(), 1 << 20).markup(20).ok();
            assert_eq!(got, Some((kind, end + 20)), "{after}");
            let got = scanned(after.as_bytes(), 8192).markup(20).ok();
            assert_eq!(got, Some((kind, end + 20)), "read whole: {after}");
        }
        // A pattern that ends exactly at the end of the input is still found.
        assert!(matches!(
            bytewise(b"<!--", 16).starts_with(0, b"<!--"),
            Ok(true)
        ));
        assert!(matches!(
            bytewise(b"<!-", 16).starts_with(0, b"<!--"),
            Ok(false)
        ));
    }

    #[test]
    fn the_window_may_hold_exactly_its_maximum() {
        let input = b"<a>0123456789</a>";
        let n = input.len();
        let mut s = bytewise(input, n);
        assert!(s.read_to_end().is_ok());
        assert_eq!(s.buf(), input);
        assert!(matches!(
            bytewise(input, n - 1).read_to_end(),
            Err(Stop::TooBig)
        ));
    }

    /// Hands out `input` after failing once with `Interrupted`.
    struct InterruptedOnce<'a> {
        input: &'a [u8],
        interrupted: bool,
    }

    impl io::Read for InterruptedOnce<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.interrupted {
                self.interrupted = true;
                return Err(io::ErrorKind::Interrupted.into());
            }
            self.input.read(buf)
        }
    }

    #[test]
    fn an_interrupted_read_is_retried() {
        let input = b"<a>x</a>";
        let reader = InterruptedOnce {
            input,
            interrupted: false,
        };
        let mut s = Scanner::new(io::BufReader::new(reader), 1 << 20);
        assert!(s.read_to_end().is_ok());
        assert_eq!(s.buf(), input);
    }
}
