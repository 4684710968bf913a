//! The text form of timestamps against chrono's formatting (checklist TS-1..TS-3).

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use taxii_messages::Timestamp;

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
