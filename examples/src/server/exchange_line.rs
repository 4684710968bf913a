//! The one log line per exchange. When [`log::route_exchanges`](super::log::route_exchanges)
//! gave it the log buffer (plain-text output), the line is written straight into it, with
//! the same content as the `tracing` formatter's
//! (`TIME  INFO taxii::server::http: exchange peer=... user=... ms=...`); otherwise it is a
//! `tracing` event.

use std::cell::RefCell;
use std::io::Write;
use std::net::SocketAddr;
use std::time::SystemTime;

use chrono::{Datelike, Timelike};
use taxii_services::Identity;

/// The target the line is logged under (the module that answers exchanges).
const TARGET: &str = "taxii::server::http";

/// What an exchange's log line says.
#[derive(Debug)]
pub struct ExchangeFields<'a> {
    /// The peer's address.
    pub peer: Option<SocketAddr>,
    /// Who made the request.
    pub user: &'a Identity,
    /// The request's path.
    pub path: &'a str,
    /// The request message's root element.
    pub request: &'a str,
    /// The answer's status type or root element.
    pub status: &'a str,
    /// Bytes of the request body.
    pub in_bytes: usize,
    /// Bytes of the answer body.
    pub out_bytes: usize,
    /// Milliseconds from the request's arrival to the answer.
    pub ms: f64,
}

thread_local! {
    /// The line being formatted, reused by every exchange of the thread.
    static LINE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Logs the exchange's line, if the filter lets INFO of this target through.
pub fn log(fields: &ExchangeFields<'_>) {
    if !tracing::enabled!(target: TARGET, tracing::Level::INFO) {
        return;
    }
    let Some(writer) = super::log::exchanges() else {
        tracing::info!(
            target: TARGET,
            peer = ?fields.peer,
            user = %fields.user,
            path = %fields.path,
            request = fields.request,
            status = fields.status,
            in_bytes = fields.in_bytes,
            out_bytes = fields.out_bytes,
            ms = fields.ms,
            "exchange"
        );
        return;
    };
    LINE.with(|line| {
        let mut line = line.borrow_mut();
        line.clear();
        write_line(&mut line, SystemTime::now(), fields);
        writer.push(&line);
    });
}

/// Appends the line (with its newline) for `fields` at time `now` to `out`.
pub fn write_line(out: &mut Vec<u8>, now: SystemTime, f: &ExchangeFields<'_>) {
    write_timestamp(out, now);
    out.extend_from_slice(b"  INFO ");
    out.extend_from_slice(TARGET.as_bytes());
    out.extend_from_slice(b": exchange peer=");
    match f.peer {
        Some(addr) => {
            let _ = write!(out, "Some({addr})");
        }
        None => out.extend_from_slice(b"None"),
    }
    out.extend_from_slice(b" user=");
    match f.user {
        Identity::Anonymous => out.extend_from_slice(b"anonymous"),
        Identity::User(name) => out.extend_from_slice(name.as_bytes()),
        other => {
            let _ = write!(out, "{other}");
        }
    }
    out.extend_from_slice(b" path=");
    out.extend_from_slice(f.path.as_bytes());
    let _ = write!(
        out,
        " request={:?} status={:?} in_bytes=",
        f.request, f.status
    );
    write_decimal(out, f.in_bytes as u64);
    out.extend_from_slice(b" out_bytes=");
    write_decimal(out, f.out_bytes as u64);
    let _ = writeln!(out, " ms={:?}", f.ms);
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds), as `tracing_subscriber` writes it.
fn write_timestamp(out: &mut Vec<u8>, now: SystemTime) {
    let since = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
    let Some(t) = chrono::DateTime::from_timestamp(secs, 0) else {
        out.extend_from_slice(b"<unknown time>");
        return;
    };
    let year = u32::try_from(t.year()).unwrap_or(0);
    write_padded(out, year, 4);
    out.push(b'-');
    write_padded(out, t.month(), 2);
    out.push(b'-');
    write_padded(out, t.day(), 2);
    out.push(b'T');
    write_padded(out, t.hour(), 2);
    out.push(b':');
    write_padded(out, t.minute(), 2);
    out.push(b':');
    write_padded(out, t.second(), 2);
    out.push(b'.');
    write_padded(out, since.subsec_micros(), 6);
    out.push(b'Z');
}

/// `n` in decimal, left-padded with zeros to `width` digits.
fn write_padded(out: &mut Vec<u8>, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut rest = n;
    let mut start = digits.len();
    while rest > 0 || start == digits.len() {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let len = digits.len() - start;
    out.extend(std::iter::repeat_n(b'0', width.saturating_sub(len)));
    out.extend_from_slice(&digits[start..]);
}

/// `n` in decimal.
fn write_decimal(out: &mut Vec<u8>, n: u64) {
    let mut digits = [0u8; 20];
    let mut rest = n;
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    /// A `tracing` output the test reads back.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The line `tracing_subscriber`'s formatter writes for `fields` (the fallback path).
    fn formatted_by_tracing(fields: &ExchangeFields<'_>) -> String {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || log(fields));
        let bytes = out.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    fn written_by_hand(fields: &ExchangeFields<'_>, now: SystemTime) -> String {
        let mut out = Vec::new();
        write_line(&mut out, now, fields);
        String::from_utf8(out).unwrap()
    }

    /// The line without its timestamp (everything up to the first space).
    fn after_time(line: &str) -> &str {
        line.split_once(' ').unwrap().1
    }

    #[test]
    fn the_line_written_by_hand_says_what_tracing_would() {
        let user = Identity::user("alice \"a\"".to_owned());
        let cases = [
            ExchangeFields {
                peer: Some("127.0.0.1:48718".parse().unwrap()),
                user: &Identity::Anonymous,
                path: "/services/discovery",
                request: "Discovery_Request",
                status: "Discovery_Response",
                in_bytes: 151,
                out_bytes: 3940,
                ms: 0.7331040000000001,
            },
            ExchangeFields {
                peer: Some("[::1]:8443".parse().unwrap()),
                user: &user,
                path: "/services/inbox",
                request: "Inbox_Message",
                status: "SUCCESS",
                in_bytes: 0,
                out_bytes: 18_446_744,
                ms: 12.0,
            },
            ExchangeFields {
                peer: None,
                user: &user,
                path: "/a b",
                request: "Poll_Request",
                status: "",
                in_bytes: usize::MAX,
                out_bytes: 7,
                ms: 1e-7,
            },
        ];
        for fields in &cases {
            let by_tracing = formatted_by_tracing(fields);
            let by_hand = written_by_hand(fields, SystemTime::now());
            assert_eq!(after_time(&by_hand), after_time(&by_tracing));
            assert_eq!(by_hand.len(), by_tracing.len(), "{by_hand} / {by_tracing}");
        }
    }

    #[test]
    fn the_timestamp_is_rfc3339_utc_to_the_microsecond() {
        let fields = ExchangeFields {
            peer: None,
            user: &Identity::Anonymous,
            path: "/",
            request: "",
            status: "",
            in_bytes: 0,
            out_bytes: 0,
            ms: 0.0,
        };
        for (secs, micros) in [
            (0, 0),
            (1_796_538_200, 90_115),
            (951_782_400, 999_999),
            (4_102_444_799, 1),
        ] {
            let now = SystemTime::UNIX_EPOCH + Duration::new(secs, micros * 1000 + 999);
            let expected = chrono::DateTime::from_timestamp(secs as i64, micros * 1000)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let line = written_by_hand(&fields, now);
            assert_eq!(line.split_once(' ').unwrap().0, expected);
        }
    }
}
