//! The text form of timestamps against chrono's formatting (checklist TS-1..TS-3).

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use taxii_messages::{Timestamp, TimestampError};

/// chrono's form of a timestamp built from `value`: the fewest fractional digits that
/// keep its microseconds, `Z` for a zero offset.
fn chrono_form(value: DateTime<FixedOffset>) -> String {
    let fraction = value.format("%.6f").to_string();
    let fraction = fraction.trim_end_matches('0').trim_end_matches('.');
    let zone = match value.offset().local_minus_utc() {
        0 => "Z".to_owned(),
        _ => value.format("%:z").to_string(),
    };
    format!("{}{fraction}{zone}", value.format("%Y-%m-%dT%H:%M:%S"))
}

fn at(secs: i64, micros: u32, offset_minutes: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap();
    DateTime::from_timestamp(secs, micros * 1000)
        .unwrap()
        .with_timezone(&offset)
}

proptest! {
    /// Years 1..=9999: the digit-writing text form equals chrono's and parses back.
    #[test]
    fn text_form_equals_the_chrono_form(
        secs in -62_135_510_400i64..253_370_764_800,
        micros in 0u32..1_000_000,
        offset_minutes in -840i32..=840,
        zero_offset in any::<bool>(),
    ) {
        let value = at(secs, micros, if zero_offset { 0 } else { offset_minutes });
        let ts = Timestamp::from(value);
        let text = ts.to_string();
        prop_assert_eq!(&text, &chrono_form(value));
        prop_assert_eq!(Timestamp::parse(&text).unwrap(), ts);
    }

    /// Any year chrono holds, signed and wider outside 0..=9999, is written as chrono does.
    #[test]
    fn text_form_of_any_year_equals_the_chrono_form(
        secs in -8_210_000_000_000i64..8_210_000_000_000,
        micros in 0u32..1_000_000,
        offset_minutes in -840i32..=840,
    ) {
        let value = at(secs, micros, offset_minutes);
        prop_assert_eq!(Timestamp::from(value).to_string(), chrono_form(value));
    }
}

#[test]
fn offsets_reach_fourteen_hours_and_no_further() {
    let with = |zone: &str| Timestamp::parse(&format!("2026-01-01T00:00:00{zone}"));
    for ok in ["+14:00", "-14:00", "+13:59", "+00:59", "-05:30"] {
        assert!(with(ok).is_ok(), "{ok}");
    }
    for bad in ["+14:01", "-14:30", "+15:00", "+13:60", "+00:60"] {
        let got = with(bad);
        assert!(
            matches!(got, Err(TimestampError::OutOfRange)),
            "{bad}: {got:?}"
        );
    }
}

#[test]
fn a_timestamp_debugs_as_its_text() {
    let ts = Timestamp::parse("2026-01-02T03:04:05.5+05:30").unwrap();
    assert_eq!(format!("{ts:?}"), "Timestamp(2026-01-02T03:04:05.5+05:30)");
}
