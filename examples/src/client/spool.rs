//! A poll answer's body written to a temporary file next to the content it carries, so a
//! response of any size is read back block by block instead of held in memory.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH, TRANSFER_ENCODING};
use http::{Response, StatusCode};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use taxii_http_binding::{binding_of, read_response, TaxiiHeaders};
use taxii_messages::stream::{MessageStream, StreamError, StreamedMessage};
use taxii_messages::{decode_with, v10, v11, DecodeOptions, Message, MessageId, StatusType};

use super::transport::synthetic;
use super::{Client, ClientError};

/// How many spool names are tried before giving up.
const MAX_SPOOL_TRIES: u32 = 1000;

/// A temporary file in the destination directory, removed when dropped.
#[derive(Debug)]
pub struct Spool {
    path: PathBuf,
    file: Option<File>,
}

impl Spool {
    /// Creates a fresh `.taxii-spool-PID-N.part` in `dir` (never an existing file).
    fn create(dir: &Path) -> std::io::Result<Spool> {
        for n in 0..MAX_SPOOL_TRIES {
            let path = dir.join(format!(".taxii-spool-{}-{n}.part", std::process::id()));
            match OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    return Ok(Spool {
                        path,
                        file: Some(file),
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{MAX_SPOOL_TRIES} spool files already exist"),
        ))
    }

    fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("spool file is open until dropped")
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        self.file = None;
        let _ = std::fs::remove_file(&self.path);
    }
}

/// An answer whose Poll_Response (TAXII 1.1 by default, `H`) is read one content block
/// at a time.
pub struct PollStream<H = v11::PollResponse> {
    /// The reader; the blocks are still to come.
    pub stream: MessageStream<BufReader<File>>,
    head: H,
    _spool: Spool,
}

impl<H> PollStream<H> {
    /// The Poll_Response without its content blocks.
    pub fn head(&self) -> &H {
        &self.head
    }

    /// The same stream with its header taken apart by `f`.
    fn map_head<K>(self, f: impl FnOnce(H) -> Result<K, String>) -> Result<PollStream<K>, String> {
        Ok(PollStream {
            stream: self.stream,
            head: f(self.head)?,
            _spool: self._spool,
        })
    }
}

impl<H: std::fmt::Debug> std::fmt::Debug for PollStream<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollStream")
            .field("head", &self.head)
            .finish()
    }
}

/// An answer read for a destination directory: by default a TAXII 1.1 one; `M` is how a
/// whole answer is held and `H` the header of a streamed Poll_Response.
#[derive(Debug)]
pub enum Spooled<M = v11::Message, H = v11::PollResponse> {
    /// Anything but a Poll_Response, read whole (as [`Client::exchange`] does).
    Whole(Box<M>),
    /// A Poll_Response, to be read block by block.
    Stream(Box<PollStream<H>>),
}

/// A spooled answer to a TAXII 1.0 request: a 1.0 Poll_Response is streamed; anything
/// else comes back whole, in whichever version it came.
pub type Spooled10 = Spooled<Message, v10::PollResponse>;

/// Largest single part (header, one block) held in memory while streaming.
const MAX_PART_BYTES: usize = 64 << 20;

impl Client {
    /// Sends `msg` (TAXII 1.1) to `url`; a 200 TAXII answer's body is spooled to a
    /// temporary file in `dir` and handed back as a [`PollStream`] when it is a
    /// Poll_Response. Any other answer (non-200, non-TAXII, compressed, another message)
    /// comes back whole, as from [`Client::exchange11`].
    pub async fn exchange_spooled(
        &self,
        url: &str,
        msg: &Message,
        dir: &Path,
    ) -> Result<Spooled, ClientError> {
        Ok(match self.spooled_any(url, msg, dir).await? {
            Spooled::Whole(m) => Spooled::Whole(Box::new(as_v11(*m))),
            Spooled::Stream(s) => Spooled::Stream(Box::new(
                s.map_head(|h| match h {
                    StreamedMessage::PollResponse(r) => Ok(r),
                    _ => Err("the answer is not a TAXII 1.1 Poll_Response".into()),
                })
                .map_err(|why| transport(url, why))?,
            )),
        })
    }

    /// [`Client::exchange_spooled`] for a TAXII 1.0 request (`msg`): a TAXII 1.0
    /// Poll_Response is handed back as a [`PollStream`]; any other answer comes back whole,
    /// as from [`Client::exchange`].
    pub async fn exchange_spooled10(
        &self,
        url: &str,
        msg: &Message,
        dir: &Path,
    ) -> Result<Spooled10, ClientError> {
        Ok(match self.spooled_any(url, msg, dir).await? {
            Spooled::Whole(m) => Spooled::Whole(m),
            Spooled::Stream(s) => Spooled::Stream(Box::new(
                s.map_head(|h| match h {
                    StreamedMessage::PollResponse10(r) => Ok(r),
                    _ => Err("the answer is not a TAXII 1.0 Poll_Response".into()),
                })
                .map_err(|why| transport(url, why))?,
            )),
        })
    }

    /// Either version: the whole answer, or a streamed Poll_Response or Inbox_Message.
    async fn spooled_any(
        &self,
        url: &str,
        msg: &Message,
        dir: &Path,
    ) -> Result<Spooled<Message, StreamedMessage>, ClientError> {
        let timeout = self.options().timeout;
        match tokio::time::timeout(timeout, self.spooled_inner(url, msg, dir)).await {
            Ok(r) => r,
            Err(_) => Err(transport(url, format!("no answer within {timeout:?}"))),
        }
    }

    async fn spooled_inner(
        &self,
        url: &str,
        msg: &Message,
        dir: &Path,
    ) -> Result<Spooled<Message, StreamedMessage>, ClientError> {
        let fail = |why: String| transport(url, why);
        let response = match self.request(url, msg).await {
            Ok(response) => response,
            Err(e) => {
                return e
                    .into_answer(self, msg)
                    .map(|m| Spooled::Whole(Box::new(m)))
            }
        };
        let headers = TaxiiHeaders::parse(response.headers()).ok();
        let encoded = response
            .headers()
            .get(CONTENT_ENCODING)
            .is_some_and(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"));
        let streamable = response.status() == StatusCode::OK
            && !encoded
            && headers.as_ref().is_some_and(|h| h.declares_taxii_message());
        if !streamable {
            // Small by nature (a Status Message, an error page): read as the binding says.
            let response = self.collect(response).await.map_err(fail)?;
            return Ok(Spooled::Whole(Box::new(read_response(
                &response,
                msg.message_id(),
                &self.policy(msg),
            ))));
        }
        let declared = declared_length(&response);
        let mut spool = Spool::create(dir).map_err(|e| fail(format!("{}: {e}", dir.display())))?;
        let written = self
            .copy_body(response.into_body(), spool.file())
            .await
            .map_err(fail)?;
        if let Some(declared) = declared.filter(|d| *d != written) {
            return Ok(Spooled::Whole(Box::new(failure_like(
                msg,
                format!(
                    "body is {written} bytes but Content-Length says {declared} (RFC 2616 §14.13)"
                ),
            ))));
        }
        let file = spool.file();
        file.seek(SeekFrom::Start(0))
            .map_err(|e| fail(format!("reading back the answer: {e}")))?;
        let reader = BufReader::new(file.try_clone().map_err(|e| fail(e.to_string()))?);
        let mut options = self.policy(msg).decode;
        options.limits.max_input_bytes = MAX_PART_BYTES.min(self.options().max_response_bytes);
        match MessageStream::with_options(reader, &options) {
            Ok(stream) => {
                check_binding(stream.message(), headers.as_ref()).map_err(fail)?;
                let head = stream.message().clone();
                Ok(Spooled::Stream(Box::new(PollStream {
                    stream,
                    head,
                    _spool: spool,
                })))
            }
            Err(StreamError::NotStreamable(_)) => {
                let whole = self.read_back(spool.file(), &self.policy(msg).decode);
                Ok(Spooled::Whole(Box::new(whole.map_err(fail)?)))
            }
            Err(e) => Err(fail(format!(
                "the answer is not a valid TAXII message: {e}"
            ))),
        }
    }

    /// Copies the body into `file`, up to the size limit.
    async fn copy_body(&self, mut body: Incoming, file: &mut File) -> Result<u64, String> {
        let max = self.options().max_response_bytes as u64;
        let mut written = 0u64;
        let mut raw = self
            .options()
            .raw
            .then(crate::cli::terminal::CleanStream::default);
        if raw.is_some() {
            eprintln!("--- answer (streamed)");
        }
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| format!("reading the answer: {e}"))?;
            if let Ok(data) = frame.into_data() {
                written += data.len() as u64;
                if written > max {
                    return Err(format!("the answer is larger than {max} bytes"));
                }
                file.write_all(&data)
                    .map_err(|e| format!("spooling the answer: {e}"))?;
                if let Some(r) = raw.as_mut() {
                    eprint!("{}", r.push(&data));
                }
            }
        }
        if let Some(r) = raw.as_mut() {
            eprintln!("{}\n--- end", r.finish());
        }
        file.flush()
            .map_err(|e| format!("spooling the answer: {e}"))?;
        Ok(written)
    }

    /// A message other than a Poll_Response (a Status Message in a 200), read whole.
    fn read_back(&self, file: &mut File, options: &DecodeOptions) -> Result<Message, String> {
        let mut body = Vec::new();
        file.seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut body))
            .map_err(|e| format!("reading back the answer: {e}"))?;
        decode_with(Bytes::from(body), options)
            .map_err(|e| format!("the answer is not a valid TAXII message: {e}"))
    }
}

fn declared_length(response: &Response<Incoming>) -> Option<u64> {
    if response.headers().contains_key(TRANSFER_ENCODING) {
        return None;
    }
    response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// The streamed message's header, whose binding must be the one `X-TAXII-Content-Type`
/// declares (H-4).
fn check_binding(head: &StreamedMessage, headers: Option<&TaxiiHeaders>) -> Result<(), String> {
    let message = match head.clone() {
        StreamedMessage::PollResponse(r) => Message::V11(r.into()),
        StreamedMessage::InboxMessage(m) => Message::V11(m.into()),
        StreamedMessage::PollResponse10(r) => Message::V10(r.into()),
        StreamedMessage::InboxMessage10(m) => Message::V10(m.into()),
        other => return Err(format!("the answer is an unexpected message: {other:?}")),
    };
    match (
        binding_of(&message),
        headers.and_then(|h| h.x_taxii_content_type.as_ref()),
    ) {
        (Some(found), Some(declared)) if found != *declared => Err(format!(
            "X-TAXII-Content-Type says {declared} but the body is {found} (H-4)"
        )),
        _ => Ok(()),
    }
}

/// A Failure Status Message in the version of `request`, standing for an answer that
/// could not be read.
fn failure_like(request: &Message, why: String) -> Message {
    match request {
        Message::V10(_) => {
            let mut s = v10::StatusMessage::new(
                MessageId::unknown(),
                MessageId::unknown(),
                StatusType::Failure,
            );
            s.message = Some(why);
            Message::V10(s.into())
        }
        _ => Message::V11(synthetic(StatusType::Failure, why)),
    }
}

fn transport(url: &str, why: String) -> ClientError {
    ClientError::Transport {
        url: url.to_owned(),
        why,
    }
}

fn as_v11(m: Message) -> v11::Message {
    match m {
        Message::V11(m) => m,
        other => synthetic(
            StatusType::BadMessage,
            format!("answer is not TAXII 1.1: {}", other.root_element()),
        ),
    }
}
