//! Timestamp labels and other TAXII date-times: offset and fractional digits kept exactly.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike, Utc,
};

/// Why a string is not a TAXII timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// Not of the form `YYYY-MM-DDThh:mm:ss[.f{1,6}](Z|±hh:mm)` (checklist TS-1).
    #[error("not a timestamp of the form YYYY-MM-DDThh:mm:ss[.ffffff](Z|+hh:mm)")]
    Syntax,
    /// No time-zone designator (checklist TS-2).
    #[error("the time-zone designator (Z or +hh:mm) is missing")]
    MissingZone,
    /// More than six fractional-second digits (checklist TS-3).
    #[error("more than 6 fractional-second digits")]
    TooPrecise,
    /// The fields do not name a real instant (e.g. month 13, 24:00:00, a leap second).
    #[error("date or time out of range")]
    OutOfRange,
}

/// An `xs:dateTime` as TAXII restricts it: a time zone is mandatory and at most six
/// fractional digits are allowed. The written offset (`Z` or `±hh:mm`) and the number of
/// fractional digits are kept, so a decoded timestamp encodes to the same text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    value: DateTime<FixedOffset>,
    fraction_digits: u8,
    zulu: bool,
}

impl Timestamp {
    /// A timestamp from a date-time; written with `Z` for UTC and the fewest fractional
    /// digits (up to six) that keep its microseconds.
    #[cfg(feature = "chrono")]
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    pub fn new(value: DateTime<FixedOffset>) -> Self {
        Timestamp::from_datetime(value)
    }

    /// The instant with its written offset.
    #[cfg(feature = "chrono")]
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    pub fn value(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// The instant in UTC.
    #[cfg(feature = "chrono")]
    #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.utc()
    }

    /// Compares the instants alone, whatever their written offsets (the [`Ord`] of
    /// `Timestamp` orders equal instants by offset).
    pub fn cmp_instant(&self, other: &Timestamp) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }

    pub(crate) fn from_datetime(value: DateTime<FixedOffset>) -> Self {
        let micros = value.timestamp_subsec_micros();
        let value = value.with_nanosecond(micros * 1000).unwrap_or(value);
        // The fewest digits that keep the microseconds.
        let fraction_digits = (0..6u8)
            .find(|&d| micros % 10u32.pow(6 - u32::from(d)) == 0)
            .unwrap_or(6);
        Timestamp {
            value,
            fraction_digits,
            zulu: value.offset().local_minus_utc() == 0,
        }
    }

    /// The current time in UTC, to the microsecond.
    pub fn now() -> Self {
        Timestamp::from_datetime(Utc::now().with_timezone(&Utc.fix()))
    }

    pub(crate) fn datetime(&self) -> DateTime<FixedOffset> {
        self.value
    }

    pub(crate) fn utc(&self) -> DateTime<Utc> {
        self.value.with_timezone(&Utc)
    }

    /// Parses the XSD form (checklist TS-1..TS-3); surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        parse(text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r')))
    }
}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl From<DateTime<Utc>> for Timestamp {
    fn from(value: DateTime<Utc>) -> Self {
        Timestamp::from_datetime(value.with_timezone(&Utc.fix()))
    }
}

#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(value: DateTime<FixedOffset>) -> Self {
        Timestamp::from_datetime(value)
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Chronological order (across offsets); ties broken by the written form.
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |t: &Self| {
            let offset = t.value.offset().local_minus_utc();
            (t.value, offset, t.fraction_digits, t.zulu)
        };
        key(self).cmp(&key(other))
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.iter().try_fold(0u32, |acc, d| {
        acc.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })
}

fn parse(text: &str) -> Result<Timestamp, TimestampError> {
    use TimestampError::*;
    let b = text.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    // `YYYY-MM-DDThh:mm:ss`: separators, then two-digit fields but the year.
    if b.len() < 19 || [b[4], b[7], b[10], b[13], b[16]] != *b"--T::" {
        return Err(Syntax);
    }
    let field = |at: usize, len: usize| digits(&b[at..at + len]).ok_or(Syntax);
    let (year, month, day) = (field(0, 4)?, field(5, 2)?, field(8, 2)?);
    let (hour, minute, second) = (field(11, 2)?, field(14, 2)?, field(17, 2)?);
    let mut rest = &b[19..];
    let mut micros = 0u32;
    let mut fraction_digits = 0u8;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n > 6 {
            return Err(TooPrecise);
        }
        // No digit at all is a syntax error too.
        micros = digits(&frac[..n]).ok_or(Syntax)? * 10u32.pow(6 - n as u32);
        fraction_digits = n as u8;
        rest = &frac[n..];
    }
    let (offset_secs, zulu) = match rest {
        [] => return Err(MissingZone),
        [b'Z'] => (0i32, true),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2]).ok_or(Syntax)?;
            let m = digits(&[*m1, *m2]).ok_or(Syntax)?;
            if h > 14 || m > 59 || (h == 14 && m > 0) {
                return Err(OutOfRange);
            }
            let secs = i32::try_from(h * 3600 + m * 60).map_err(|_| OutOfRange)?;
            (if *sign == b'-' { -secs } else { secs }, false)
        }
        _ => return Err(Syntax),
    };
    let year = i32::try_from(year).map_err(|_| OutOfRange)?;
    let year = if negative { -year } else { year };
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(OutOfRange)?;
    if second > 59 {
        return Err(OutOfRange);
    }
    let time = NaiveTime::from_hms_micro_opt(hour, minute, second, micros).ok_or(OutOfRange)?;
    let offset = FixedOffset::east_opt(offset_secs).ok_or(OutOfRange)?;
    let value = NaiveDateTime::new(date, time)
        .and_local_timezone(offset)
        .single()
        .ok_or(OutOfRange)?;
    Ok(Timestamp {
        value,
        fraction_digits,
        zulu,
    })
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, TimestampError> {
        Timestamp::parse(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `%Y-%m-%dT%H:%M:%S`, fraction, zone: ASCII digits written into one buffer.
        let v = &self.value;
        let mut buf = [0u8; 40];
        let mut n = 0;
        let mut put = |sep: &[u8], value: u32, width: usize| {
            buf[n..n + sep.len()].copy_from_slice(sep);
            n += sep.len();
            let mut v = value;
            for i in (n..n + width).rev() {
                buf[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            n += width;
        };
        // As chrono's `%Y`: years outside 0..=9999 take a sign and the digits they need.
        let sign: &[u8] = match v.year() {
            ..=-1 => b"-",
            10_000.. => b"+",
            _ => b"",
        };
        let year = v.year().unsigned_abs();
        put(
            sign,
            year,
            year.checked_ilog10().map_or(4, |d| 4.max(d as usize + 1)),
        );
        put(b"-", v.month(), 2);
        put(b"-", v.day(), 2);
        put(b"T", v.hour(), 2);
        put(b":", v.minute(), 2);
        put(b":", v.second(), 2);
        if self.fraction_digits > 0 {
            let digits = u32::from(self.fraction_digits.min(6));
            let scaled = v.timestamp_subsec_micros() / 10u32.pow(6 - digits);
            put(b".", scaled, digits as usize);
        }
        if self.zulu {
            put(b"Z", 0, 0);
        } else {
            let secs = v.offset().local_minus_utc();
            let sign = if secs < 0 { b"-" } else { b"+" };
            put(sign, secs.unsigned_abs() / 3600, 2);
            put(b":", secs.unsigned_abs() / 60 % 60, 2);
        }
        f.write_str(std::str::from_utf8(&buf[..n]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

crate::ids::serde_as_text!(Timestamp);
