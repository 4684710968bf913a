//! A readable, indented text form of every message (like libtaxii's `to_text`), driven by
//! the element declarations: each field is a `Label: value` line named after the field,
//! nested structures indent their fields.

use std::fmt::{self, Display};

use crate::common::ExtendedHeader;
use crate::ids::{MessageId, Uri};
use crate::raw_xml::RawXml;
use crate::status::StatusType;
use crate::timestamp::Timestamp;

/// Writes `label: value` lines at an indentation level.
pub(crate) struct Text<'f, 'w> {
    f: &'f mut fmt::Formatter<'w>,
    depth: usize,
}

impl<'f, 'w> Text<'f, 'w> {
    pub(crate) fn new(f: &'f mut fmt::Formatter<'w>) -> Self {
        Text { f, depth: 0 }
    }

    pub(crate) fn line(&mut self, label: &str, value: impl Display) -> fmt::Result {
        for _ in 0..self.depth {
            self.f.write_str("  ")?;
        }
        writeln!(self.f, "{label}: {value}")
    }

    pub(crate) fn nested(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Self) -> fmt::Result,
    ) -> fmt::Result {
        self.line(label, "")?;
        self.depth += 1;
        f(self)?;
        self.depth -= 1;
        Ok(())
    }

    /// A raw payload, shortened to its first 120 bytes.
    pub(crate) fn raw(&mut self, label: &str, raw: &RawXml) -> fmt::Result {
        let s = raw.as_str().trim();
        match crate::error::cut(s, 120) {
            Some(head) => self.line(label, format_args!("{head}… ({} bytes)", s.len())),
            None => self.line(label, s),
        }
    }
}

/// The label of a field: its words capitalised, `id` as `ID` (`message_id`: "Message ID").
pub(crate) fn label(field: &str) -> String {
    let words = field.split('_').map(|w| match w {
        "id" => "ID".to_owned(),
        w => w[..1].to_ascii_uppercase() + &w[1..],
    });
    words.collect::<Vec<_>>().join(" ")
}

/// A value's text form under a label.
pub(crate) trait Describe {
    /// Whether the items of a list are numbered (`Content Block 1`, ...).
    #[allow(non_upper_case_globals)]
    const numbered: bool = false;
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result;
}

/// Values written as they are on the wire.
macro_rules! describe_display {
    ($($ty:ty),*) => {
        $(impl Describe for $ty {
            fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
                t.line(label, self)
            }
        })*
    };
}

describe_display!(Uri, String, MessageId, Timestamp, u64, bool, StatusType);

impl<T: Describe> Describe for Option<T> {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        self.as_ref().map_or(Ok(()), |v| v.describe(t, label))
    }
}

/// Each item under the singular of the list's label, numbered if its type says so.
impl<T: Describe> Describe for Vec<T> {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        let one = label.strip_suffix('s').unwrap_or(label);
        for (i, v) in self.iter().enumerate() {
            match T::numbered {
                true => v.describe(t, &format!("{one} {}", i + 1))?,
                false => v.describe(t, one)?,
            }
        }
        Ok(())
    }
}

impl Describe for RawXml {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        t.raw(label, self)
    }
}

impl Describe for ExtendedHeader {
    fn describe(&self, t: &mut Text<'_, '_>, _: &str) -> fmt::Result {
        t.raw(&format!("Extended Header {}", self.name), &self.value)
    }
}

/// Signatures are named, never shown.
pub(crate) fn describe_signatures<'s>(
    t: &mut Text<'_, '_>,
    list: impl IntoIterator<Item = &'s RawXml>,
) -> fmt::Result {
    (list.into_iter()).try_for_each(|_| t.line("Signature", "present (not verified)"))
}
