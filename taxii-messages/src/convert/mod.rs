//! Conversions between corresponding TAXII 1.0 and TAXII 1.1 messages (checklist §5.8), for
//! gateways that speak 1.0 on one side and 1.1 on the other.
//!
//! Every conversion is a `TryFrom`: a field set in the source that the target version
//! cannot express is a [`ConvertError`] naming it, never silently dropped. What maps:
//!
//! | TAXII 1.0 | TAXII 1.1 |
//! | --- | --- |
//! | Feed Information Request/Response, `Feed` | Collection Information Request/Response, `Collection` (DATA_FEED) |
//! | Manage Feed Subscription | Manage Collection Subscription; 1.0 `Push_Parameters/Content_Binding` ⇄ 1.1 `Subscription_Parameters/Content_Binding` |
//! | Poll Request `@subscription_id` / `Content_Binding` | `Subscription_ID` / `Poll_Parameters` |
//! | inclusive begin timestamps (Poll_Response, Source_Subscription) | exclusive begin = inclusive − 1 µs (labels have µs precision, AMB-6) |
//! | Status `Status_Detail` text | UNSUPPORTED_*: one `SUPPORTED_*` detail per listed id; NOT_FOUND: `ITEM` |
//! | digit-only message ids | any URI (1.1 → 1.0 requires digits, G10-2) |
//!
//! Service versions and message binding ids inside service descriptions are kept as
//! written: they describe services, not the message being converted. A 1.1
//! `Subscription/@status` other than PAUSED is implied by the request's action in 1.0 and
//! is not carried; PAUSED has no 1.0 counterpart. A RETRY detail cannot be converted
//! without a clock (1.0 gives a time, 1.1 a number of seconds): `TryFrom` reports it, and
//! [`status_to_v11_at`] / [`status_to_v10_at`] convert it at a time the caller passes in.

mod common;
mod draft1;
pub use draft1::{draft1_id_to_v10, Draft1Context};
pub use status::{status_to_v10_at, status_to_v11_at};
mod discovery;
mod feed;
mod inbox;
mod poll;
mod status;
mod subscription;

use crate::{v10, v11};

/// Why a message cannot be converted to the other TAXII version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// A field is set that the target version has no counterpart for.
    #[error("`{field}` has no counterpart in TAXII {target}")]
    NoCounterpart {
        /// The field, as an element path of the source message.
        field: &'static str,
        /// The target version, `1.0` or `1.1`.
        target: &'static str,
    },
    /// A field the target version can express only with something the source lacks.
    #[error("`{field}` has no counterpart in TAXII {target}: {reason}")]
    NotExpressible {
        /// The field, as an element path of the source message.
        field: &'static str,
        /// The target version, `1.0` or `1.1`.
        target: &'static str,
        /// Why, with the rule.
        reason: &'static str,
    },
    /// A value the target version cannot hold.
    #[error("`{field}` value `{value}` cannot be expressed in TAXII {target}: {expected}")]
    Unrepresentable {
        /// The field, as an element path of the source message.
        field: &'static str,
        /// The offending value.
        value: String,
        /// The target version, `1.0` or `1.1`.
        target: &'static str,
        /// What the target version requires.
        expected: &'static str,
    },
}

impl ConvertError {
    /// The source field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            ConvertError::NoCounterpart { field, .. }
            | ConvertError::NotExpressible { field, .. }
            | ConvertError::Unrepresentable { field, .. } => field,
        }
    }

    /// A value TAXII 1.0 cannot hold.
    pub(crate) fn value10(
        field: &'static str,
        value: impl Into<String>,
        expected: &'static str,
    ) -> Self {
        ConvertError::Unrepresentable {
            field,
            value: value.into(),
            target: "1.0",
            expected,
        }
    }

    pub(crate) fn to10(field: &'static str) -> Self {
        ConvertError::NoCounterpart {
            field,
            target: "1.0",
        }
    }

    pub(crate) fn only_with(
        field: &'static str,
        target: &'static str,
        reason: &'static str,
    ) -> Self {
        ConvertError::NotExpressible {
            field,
            target,
            reason,
        }
    }

    pub(crate) fn to11(field: &'static str) -> Self {
        ConvertError::NoCounterpart {
            field,
            target: "1.1",
        }
    }
}

pub(crate) type Result<T> = std::result::Result<T, ConvertError>;

/// `TryFrom<$from> for $to`: `$build` makes the target from `m`; the extended headers and
/// the signature are carried over unchanged.
macro_rules! convert {
    ($from:ty => $to:ty, |$m:ident| $build:expr) => {
        impl TryFrom<$from> for $to {
            type Error = ConvertError;
            fn try_from(mut $m: $from) -> Result<Self> {
                let extended_headers = std::mem::take(&mut $m.extended_headers);
                let signature = $m.signature.take();
                let mut out: $to = $build;
                out.extended_headers = extended_headers;
                out.signature = signature;
                Ok(out)
            }
        }
    };
}

pub(crate) use convert;

macro_rules! message_conversions {
    ($($v10:ident <=> $v11:ident,)*) => {
        impl TryFrom<v10::Message> for v11::Message {
            type Error = ConvertError;
            fn try_from(m: v10::Message) -> Result<Self> {
                Ok(match m {
                    $(v10::Message::$v10(x) => v11::Message::$v11(x.try_into()?),)*
                })
            }
        }

        impl TryFrom<v11::Message> for v10::Message {
            type Error = ConvertError;
            fn try_from(m: v11::Message) -> Result<Self> {
                Ok(match m {
                    $(v11::Message::$v11(x) => v10::Message::$v10(x.try_into()?),)*
                    v11::Message::PollFulfillmentRequest(_) => {
                        return Err(ConvertError::to10("Poll_Fulfillment"))
                    }
                })
            }
        }
    };
}

message_conversions! {
    StatusMessage <=> StatusMessage,
    DiscoveryRequest <=> DiscoveryRequest,
    DiscoveryResponse <=> DiscoveryResponse,
    FeedInformationRequest <=> CollectionInformationRequest,
    FeedInformationResponse <=> CollectionInformationResponse,
    ManageFeedSubscriptionRequest <=> ManageCollectionSubscriptionRequest,
    ManageFeedSubscriptionResponse <=> ManageCollectionSubscriptionResponse,
    PollRequest <=> PollRequest,
    PollResponse <=> PollResponse,
    InboxMessage <=> InboxMessage,
}

impl crate::Message {
    /// This message in TAXII 1.1 (unchanged when it already is).
    pub fn into_v11(self) -> Result<v11::Message> {
        match self {
            crate::Message::V11(m) => Ok(m),
            crate::Message::V10(m) => m.try_into(),
        }
    }

    /// This message in TAXII 1.0 (unchanged when it already is).
    pub fn into_v10(self) -> Result<v10::Message> {
        match self {
            crate::Message::V10(m) => Ok(m),
            crate::Message::V11(m) => m.try_into(),
        }
    }
}
