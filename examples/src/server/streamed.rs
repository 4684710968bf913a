//! A streamed TAXII answer (a TAXII 1.0 Poll_Response read from the store page by page)
//! on its way out: copied to the dump directory as it goes, its exchange logged when it
//! ends. A store failure half way ends the body with an error: hyper then aborts the
//! response (the chunked encoding is left unterminated) and the message's closing tag
//! is never sent, so no client takes what it got for a whole answer.

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use taxii_services::http::{ResponseBody, StreamFailed};

/// What to do once the body has ended: with the bytes sent, or the failure.
pub type OnEnd = Box<dyn FnOnce(Result<u64, &StreamFailed>) + Send>;

/// A streamed answer with its dump copy and end-of-exchange hook.
pub struct Outgoing {
    body: ResponseBody,
    dump: Option<std::fs::File>,
    sent: u64,
    on_end: Option<OnEnd>,
}

impl Outgoing {
    /// `body`, copied to `dump` if any, `on_end` called once when it ends.
    pub fn new(body: ResponseBody, dump: Option<std::fs::File>, on_end: OnEnd) -> Self {
        Outgoing {
            body,
            dump,
            sent: 0,
            on_end: Some(on_end),
        }
    }

    fn end(&mut self, result: Result<u64, &StreamFailed>) {
        if let Some(f) = self.on_end.take() {
            f(result);
        }
    }
}

impl Body for Outgoing {
    type Data = Bytes;
    type Error = StreamFailed;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, StreamFailed>>> {
        let this = self.get_mut();
        let frame = std::task::ready!(Pin::new(&mut this.body).poll_frame(cx));
        match &frame {
            Some(Ok(f)) => {
                if let Some(data) = f.data_ref() {
                    this.sent += data.len() as u64;
                    if let Some(file) = &mut this.dump {
                        if let Err(e) = file.write_all(data) {
                            tracing::warn!(error = %e, "cannot dump a body");
                            this.dump = None;
                        }
                    }
                }
            }
            Some(Err(e)) => this.end(Err(e)),
            None => {
                let sent = this.sent;
                this.end(Ok(sent));
            }
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl Drop for Outgoing {
    fn drop(&mut self) {
        if self.on_end.is_some() {
            tracing::info!(sent = self.sent, "streamed answer abandoned before its end");
        }
    }
}
