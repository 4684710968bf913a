//! The body of a TAXII answer: whole bytes, or a TAXII 1.0 Poll_Response encoded from the
//! store page by page as it is read.

use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;

use crate::store::{Store, StoreError};
use crate::{Engine, PollStream};

/// The store failed while an answer was streamed; the body ended before the message's
/// closing tag, so what was sent does not decode (see [`crate::PollStream`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the answer was cut short: {0}")]
pub struct StreamFailed(pub StoreError);

/// A TAXII answer's body. With feature `tower` it is an [`http_body::Body`]; without,
/// [`ResponseBody::next_chunk`] reads it.
pub struct ResponseBody(Inner);

type Chunk = Result<Option<Vec<u8>>, StoreError>;
type Pending = Pin<Box<dyn Future<Output = (Box<dyn Pull>, Chunk)> + Send>>;

enum Inner {
    Whole(Option<Bytes>),
    Idle(Box<dyn Pull>),
    Pulling(Pending),
    Done,
}

/// A stream and the engine whose store it reads, without their types.
trait Pull: Send {
    fn pull(self: Box<Self>) -> Pending;
}

struct EnginePull<S, P> {
    engine: Arc<Engine<S, P>>,
    stream: PollStream,
}

impl<S: Store + 'static, P: Send + Sync + 'static> Pull for EnginePull<S, P> {
    fn pull(mut self: Box<Self>) -> Pending {
        Box::pin(async move {
            let EnginePull { engine, stream } = &mut *self;
            let chunk = stream.next_chunk(engine).await;
            (self as Box<dyn Pull>, chunk)
        })
    }
}

impl ResponseBody {
    /// No body.
    pub fn empty() -> Self {
        ResponseBody(Inner::Whole(None))
    }

    /// `stream`'s bytes, read from `engine`'s store as the body is.
    pub fn streamed<S, P>(engine: Arc<Engine<S, P>>, stream: PollStream) -> Self
    where
        S: Store + 'static,
        P: Send + Sync + 'static,
    {
        ResponseBody(Inner::Idle(Box::new(EnginePull { engine, stream })))
    }

    /// Whether the body is encoded as it is read (a TAXII 1.0 Poll_Response).
    pub fn is_streamed(&self) -> bool {
        !matches!(self.0, Inner::Whole(_))
    }

    /// The bytes of a whole body, without consuming it (for tests and logging); empty
    /// for a streamed one (see [`ResponseBody::collect`]).
    pub fn bytes(&self) -> &[u8] {
        match &self.0 {
            Inner::Whole(b) => b.as_deref().unwrap_or_default(),
            _ => &[],
        }
    }

    /// The bytes of a whole body; the body itself when it is streamed.
    pub fn into_whole(self) -> Result<Bytes, Self> {
        match self.0 {
            Inner::Whole(b) => Ok(b.unwrap_or_default()),
            other => Err(ResponseBody(other)),
        }
    }

    /// The next piece of the body; `None` at its end.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, StreamFailed>> {
        poll_fn(|cx| self.poll_chunk(cx)).await
    }

    /// The whole body in memory (for tests and small answers).
    pub async fn collect(mut self) -> Result<Bytes, StreamFailed> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(Bytes::from(out))
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, StreamFailed>>> {
        loop {
            match std::mem::replace(&mut self.0, Inner::Done) {
                Inner::Whole(b) => return Poll::Ready(b.map(Ok)),
                Inner::Done => return Poll::Ready(None),
                Inner::Idle(source) => self.0 = Inner::Pulling(source.pull()),
                Inner::Pulling(mut pending) => {
                    let Poll::Ready((source, chunk)) = pending.as_mut().poll(cx) else {
                        self.0 = Inner::Pulling(pending);
                        return Poll::Pending;
                    };
                    return Poll::Ready(match chunk {
                        Ok(Some(bytes)) => {
                            self.0 = Inner::Idle(source);
                            Some(Ok(Bytes::from(bytes)))
                        }
                        Ok(None) => None,
                        Err(e) => Some(Err(StreamFailed(e))),
                    });
                }
            }
        }
    }
}

impl Default for ResponseBody {
    fn default() -> Self {
        ResponseBody::empty()
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Inner::Whole(b) => f.debug_tuple("ResponseBody").field(b).finish(),
            Inner::Done => f.write_str("ResponseBody(ended)"),
            _ => f.write_str("ResponseBody(streamed)"),
        }
    }
}

impl From<Bytes> for ResponseBody {
    fn from(bytes: Bytes) -> Self {
        ResponseBody(Inner::Whole(Some(bytes).filter(|b| !b.is_empty())))
    }
}

#[cfg(feature = "tower")]
impl http_body::Body for ResponseBody {
    type Data = Bytes;
    type Error = StreamFailed;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, StreamFailed>>> {
        self.get_mut()
            .poll_chunk(cx)
            .map(|c| c.map(|c| c.map(http_body::Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self.0, Inner::Whole(None) | Inner::Done)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match &self.0 {
            Inner::Whole(b) => {
                http_body::SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64))
            }
            _ => http_body::SizeHint::default(),
        }
    }
}
