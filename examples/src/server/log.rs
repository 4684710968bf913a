//! The log's writer: an exchange hands its line to a buffer in memory and goes on; a
//! background thread writes the buffer out (to stderr) in large writes, at the latest 20 ms
//! after a line came in. Lines are never dropped: a writer waits only when the buffer is
//! full (the output cannot keep up). Everything buffered is written when the [`Flusher`]
//! is dropped (a process killed outright loses at most its last 20 ms of lines).

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// Bytes buffered at most before a writer waits for the output.
const CAPACITY: usize = 1 << 20;
/// Buffered bytes at which the background thread is woken at once rather than at its
/// next round.
const WAKE_AT: usize = 64 << 10;
/// Longest a line stays in the buffer.
const ROUND: Duration = Duration::from_millis(20);

/// Hands log lines to the background thread (a `tracing_subscriber` writer).
#[derive(Debug, Clone)]
pub struct LogWriter {
    shared: Arc<Shared>,
}

/// Owns the background thread; dropping it writes out what is buffered and stops it.
#[derive(Debug)]
pub struct Flusher {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Shared {
    pending: Mutex<Pending>,
    /// The background thread waits here for lines.
    lines: Condvar,
    /// Writers wait here for room.
    room: Condvar,
}

#[derive(Debug, Default)]
struct Pending {
    bytes: Vec<u8>,
    closed: bool,
}

/// A writer to stderr, and the thread that writes; an error when the thread cannot start.
pub fn stderr() -> io::Result<(LogWriter, Flusher)> {
    to(io::stderr())
}

/// A writer to `out`, and the thread that writes; an error when the thread cannot start.
pub fn to(out: impl Write + Send + 'static) -> io::Result<(LogWriter, Flusher)> {
    let shared = Arc::new(Shared::default());
    let thread = {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("log".into())
            .spawn(move || drain(&shared, out))?
    };
    let writer = LogWriter {
        shared: shared.clone(),
    };
    Ok((
        writer,
        Flusher {
            shared,
            thread: Some(thread),
        },
    ))
}

/// Where exchange lines go when written by hand (set once, at start-up).
static EXCHANGES: OnceLock<LogWriter> = OnceLock::new();

/// Lets [`exchange_line`](super::exchange_line) write each exchange's line straight into
/// `writer`'s buffer (for plain-text output only: the line carries no colours). Later calls
/// change nothing.
pub fn route_exchanges(writer: LogWriter) {
    let _ = EXCHANGES.set(writer);
}

/// The writer exchange lines go to, if [`route_exchanges`] set one.
pub(crate) fn exchanges() -> Option<&'static LogWriter> {
    EXCHANGES.get()
}

fn lock(shared: &Shared) -> MutexGuard<'_, Pending> {
    shared.pending.lock().unwrap_or_else(|e| e.into_inner())
}

/// The background thread: swaps the buffer for an empty one and writes it out.
fn drain(shared: &Shared, mut out: impl Write) {
    let mut spare = Vec::with_capacity(CAPACITY);
    loop {
        let mut p = lock(shared);
        if p.bytes.is_empty() && !p.closed {
            p = shared
                .lines
                .wait_timeout(p, ROUND)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        let closed = p.closed;
        std::mem::swap(&mut p.bytes, &mut spare);
        drop(p);
        shared.room.notify_all();
        if !spare.is_empty() {
            // Nowhere to report a failing stderr; the lines are lost, the server goes on.
            let _ = out.write_all(&spare).and_then(|()| out.flush());
            spare.clear();
        }
        if closed && lock(shared).bytes.is_empty() {
            return;
        }
    }
}

impl LogWriter {
    /// Appends `line` to the buffer (waiting while it is full).
    pub(crate) fn push(&self, line: &[u8]) {
        let mut p = lock(&self.shared);
        while !p.closed && !p.bytes.is_empty() && p.bytes.len() + line.len() > CAPACITY {
            p = self.shared.room.wait(p).unwrap_or_else(|e| e.into_inner());
        }
        let before = p.bytes.len();
        p.bytes.extend_from_slice(line);
        if p.closed || (before < WAKE_AT && p.bytes.len() >= WAKE_AT) {
            self.shared.lines.notify_one();
        }
    }
}

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.push(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> LogWriter {
        self.clone()
    }
}

impl Drop for Flusher {
    fn drop(&mut self) {
        lock(&self.shared).closed = true;
        self.shared.lines.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output the test can read after the flusher is gone.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_is_written_whole_and_in_order_per_thread() {
        let out = Shared::default();
        let (writer, flusher) = to(out.clone()).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let mut w = writer.clone();
                std::thread::spawn(move || {
                    for i in 0..5000 {
                        // Long enough lines to fill the buffer several times.
                        let line = format!("thread {t} line {i} {}\n", "x".repeat(200));
                        w.write_all(line.as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        drop(flusher);
        let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4 * 5000);
        for t in 0..4 {
            let prefix = format!("thread {t} line ");
            let seen: Vec<usize> = lines
                .iter()
                .filter_map(|l| l.strip_prefix(&prefix))
                .map(|rest| rest.split(' ').next().unwrap().parse().unwrap())
                .collect();
            assert_eq!(seen, (0..5000).collect::<Vec<_>>(), "thread {t}");
        }
    }

    #[test]
    fn a_single_line_reaches_the_output_without_a_flush() {
        let out = Shared::default();
        let (mut writer, _flusher) = to(out.clone()).unwrap();
        writer.write_all(b"one line\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while out.0.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(out.0.lock().unwrap().as_slice(), b"one line\n");
    }
}
