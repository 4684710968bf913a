//! How the sharing helpers reach a server: an exchanger sends a TAXII request to a
//! service address and returns the answer, blocking ([`Exchanger`]) or async
//! ([`AsyncExchanger`]); both drive the same session code. (The HTTP or HTTPS transport
//! underneath is `taxii_http_binding::Transport`.)

use std::cell::RefCell;
use std::future::{ready, Future};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use taxii_messages::Message;

/// Sends one request to a service address and returns the decoded response (blocking).
pub trait Exchanger {
    /// Why a request got no answer (connection, HTTP or decoding failure).
    type Error;
    /// One request/response exchange with the service at `address`.
    fn exchange(&mut self, address: &str, request: Message) -> Result<Message, Self::Error>;
    /// Waits before asking for a pending result again (default: not at all).
    fn wait(&mut self, secs: u64) {
        let _ = secs;
    }
}

/// Sends one request to a service address and returns the decoded response, for async
/// runtimes. Methods take `&self`, so one exchanger (over an HTTP client pool) serves many
/// tasks without a lock; the futures are `Send`, so sessions can run on a multi-threaded
/// runtime.
pub trait AsyncExchanger {
    /// Why a request got no answer (connection, HTTP or decoding failure).
    type Error;
    /// One request/response exchange with the service at `address`.
    fn exchange(
        &self,
        address: &str,
        request: Message,
    ) -> impl Future<Output = Result<Message, Self::Error>> + Send;
    /// Waits `secs` seconds before asking for a pending result again (e.g. with the
    /// runtime's sleep). Default: not at all.
    fn wait(&self, secs: u64) -> impl Future<Output = ()> + Send {
        let _ = secs;
        ready(())
    }
}

/// A blocking [`Exchanger`] as an [`AsyncExchanger`] whose futures are always ready.
pub(crate) struct Blocking<'a, T>(RefCell<&'a mut T>);

impl<'a, T: Exchanger> Blocking<'a, T> {
    pub(crate) fn new(exchanger: &'a mut T) -> Self {
        Blocking(RefCell::new(exchanger))
    }
}

impl<T: Exchanger<Error: Send>> AsyncExchanger for Blocking<'_, T> {
    type Error = T::Error;
    fn exchange(
        &self,
        address: &str,
        request: Message,
    ) -> impl Future<Output = Result<Message, T::Error>> + Send {
        ready(self.0.borrow_mut().exchange(address, request))
    }
    fn wait(&self, secs: u64) -> impl Future<Output = ()> + Send {
        self.0.borrow_mut().wait(secs);
        ready(())
    }
}

/// Runs session code over [`Blocking`]: every future it awaits is ready, so one poll
/// finishes it.
pub(crate) fn run_ready<F: Future>(session: F) -> F::Output {
    let mut session = pin!(session);
    match session
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(out) => out,
        Poll::Pending => unreachable!("blocking exchangers only produce ready futures"),
    }
}
