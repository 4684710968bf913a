//! Validated identifiers: message ids and the URIs TAXII uses as names.

use std::fmt;
use std::str::FromStr;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The identifier is empty (after whitespace collapsing).
    #[error("identifier is empty")]
    Empty,
    /// The identifier holds a control character or whitespace.
    #[error("identifier contains whitespace or a control character at byte {0}")]
    BadCharacter(usize),
}

fn check_uri(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some(i) = s.find(|c: char| c.is_control() || c.is_whitespace()) {
        return Err(IdError::BadCharacter(i));
    }
    Ok(())
}

/// `Serialize` as the `Display` text and `Deserialize` through `FromStr`, for a type
/// written as one string.
macro_rules! serde_as_text {
    ($ty:ty) => {
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_as_text;

macro_rules! uri_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` (an `xs:anyURI` without whitespace; surrounding whitespace is
            /// removed first, as XML Schema collapses it).
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let mut value = value.into();
                let trimmed = value.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'));
                if trimmed.len() != value.len() {
                    value = trimmed.to_owned();
                }
                check_uri(&value)?;
                Ok($name(value))
            }
            /// A constant identifier, such as a binding id.
            ///
            /// # Panics
            ///
            /// If `value` is not valid (empty, or holds whitespace or a control
            /// character), like `http::HeaderValue::from_static`.
            pub fn from_static(value: &'static str) -> Self {
                match check_uri(value) {
                    Ok(()) => $name(value.to_owned()),
                    Err(e) => panic!("invalid identifier {value:?}: {e}"),
                }
            }
            /// The identifier as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// The identifier as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                $name::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                $name::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                $name::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        serde_as_text!($name);
    };
}

uri_newtype!(
    /// A message id (`@message_id`, `@in_response_to`): unique per sender while a response
    /// is outstanding (checklist G11-5). `"0"` answers a request whose id is unknown (E-11).
    MessageId
);

uri_newtype!(
    /// A URI-typed name or identifier: collection and feed names, subscription and result
    /// ids, binding ids, query format ids, extended header and status detail names.
    Uri
);

impl MessageId {
    /// The id used in a response to a request whose id could not be read (FAQ T-Q1).
    pub fn unknown() -> Self {
        MessageId("0".to_owned())
    }

    /// An id as a message carries it: `xs:anyURI` allows the empty string, which decoding
    /// keeps (G11-5 is reported by `validate`).
    pub(crate) fn decoded(value: &str) -> Result<Self, IdError> {
        let trimmed = value.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\r'));
        match check_uri(trimmed) {
            Ok(()) | Err(IdError::Empty) => Ok(MessageId(trimmed.to_owned())),
            Err(e) => Err(e),
        }
    }
}

/// A source of fresh message ids, injectable so tests and simulations are deterministic.
pub trait MessageIdGenerator {
    /// A message id not used before by this generator.
    fn next_id(&mut self) -> MessageId;
}

/// Random version-4 UUIDs, the usual choice of libtaxii and cabby.
#[derive(Debug, Default, Clone, Copy)]
pub struct UuidGenerator;

impl MessageIdGenerator for UuidGenerator {
    fn next_id(&mut self) -> MessageId {
        MessageId(uuid::Uuid::new_v4().to_string())
    }
}

/// Sequential decimal ids starting from a chosen number (TAXII 1.0 peers expect digits).
#[derive(Debug, Clone, Copy)]
pub struct SequentialGenerator {
    next: u64,
}

impl SequentialGenerator {
    /// Ids counting up from `first`.
    pub fn starting_at(first: u64) -> Self {
        SequentialGenerator { next: first }
    }
}

impl MessageIdGenerator for SequentialGenerator {
    fn next_id(&mut self) -> MessageId {
        let id = MessageId(self.next.to_string());
        self.next = self.next.wrapping_add(1);
        id
    }
}

impl<F: FnMut() -> MessageId> MessageIdGenerator for F {
    fn next_id(&mut self) -> MessageId {
        self()
    }
}

/// Decimal ids for TAXII 1.0 peers (libtaxii 1.0 and OpenTAXII expect digits), shareable
/// between threads: [`DigitIds::next`] takes `&self`.
///
/// [`DigitIds::new`] starts at a random point in `[10^12, 10^18)`, so two processes (or two
/// runs of one) are unlikely to hand out the same ids; [`DigitIds::starting_at`] counts from
/// a chosen number for reproducible tests.
#[derive(Debug)]
pub struct DigitIds {
    next: std::sync::atomic::AtomicU64,
}

impl DigitIds {
    /// Ids counting up from a random start.
    pub fn new() -> Self {
        const LOW: u64 = 1_000_000_000_000;
        let random = uuid::Uuid::new_v4().as_u64_pair().0;
        DigitIds::starting_at(LOW + random % (1_000_000_000_000_000_000 - LOW))
    }

    /// Ids counting up from `first`.
    pub fn starting_at(first: u64) -> Self {
        DigitIds {
            next: std::sync::atomic::AtomicU64::new(first),
        }
    }

    /// A fresh id, all digits.
    pub fn next(&self) -> MessageId {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        MessageId(n.to_string())
    }
}

impl Default for DigitIds {
    fn default() -> Self {
        DigitIds::new()
    }
}

impl MessageIdGenerator for DigitIds {
    fn next_id(&mut self) -> MessageId {
        self.next()
    }
}

impl MessageIdGenerator for &DigitIds {
    fn next_id(&mut self) -> MessageId {
        self.next()
    }
}

/// Whether `id` is a TAXII 1.0 message id: decimal digits only (G10-2, MID-3).
pub fn is_valid_message_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}
