//! TAXII status types (1.1, 1.0 and the Default Query's), an open vocabulary.

use std::fmt;
use std::str::FromStr;

macro_rules! status_types {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, v10: $v10:tt;)*) => {
        /// A `@status_type` value: the defined types plus any third-party URI, kept as written.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum StatusType {
            $( $(#[$doc])* $variant, )*
            /// A third-party status type (handled like `FAILURE` when not understood, ST-G3).
            Other(String),
        }

        impl StatusType {
            /// The type as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( StatusType::$variant => $text, )*
                    StatusType::Other(s) => s,
                }
            }

            /// Reads a status type; unknown values become [`StatusType::Other`].
            pub fn parse(text: &str) -> StatusType {
                match text {
                    $( $text => StatusType::$variant, )*
                    other => StatusType::Other(other.to_owned()),
                }
            }

            /// Every defined status type (1.1 and Default Query).
            pub const DEFINED: [StatusType; [$($text),*].len()] = [$(StatusType::$variant),*];

            /// Whether TAXII 1.0 defines this type (checklist §5.7).
            pub fn in_taxii_10(&self) -> bool {
                match self {
                    $( StatusType::$variant => $v10, )*
                    StatusType::Other(_) => true,
                }
            }
        }

        status_types!(@v10 [] $($variant $v10,)*);
    };
    // The types TAXII 1.0 defines, in the same order.
    (@v10 [$($acc:ident)*] $variant:ident true, $($rest:tt)*) => {
        status_types!(@v10 [$($acc)* $variant] $($rest)*);
    };
    (@v10 [$($acc:ident)*] $variant:ident false, $($rest:tt)*) => {
        status_types!(@v10 [$($acc)*] $($rest)*);
    };
    (@v10 [$($acc:ident)*]) => {
        /// The eleven status types TAXII 1.0 defines (ST10-1..ST10-11).
        pub(crate) const TAXII_10: [StatusType; [$(stringify!($acc)),*].len()] =
            [$(StatusType::$acc),*];
    };
}

status_types! {
    /// The result set of an asynchronous poll cannot be produced or collected (ST-1).
    AsynchronousPollError = "ASYNCHRONOUS_POLL_ERROR", v10: false;
    /// The request could not be parsed or interpreted (ST-2).
    BadMessage = "BAD_MESSAGE", v10: true;
    /// Refused for a reason other than authentication (ST-3).
    Denied = "DENIED", v10: true;
    /// Destination collections were required but missing, or forbidden but given (ST-4).
    DestinationCollectionError = "DESTINATION_COLLECTION_ERROR", v10: false;
    /// Anything else, or deliberately vague (ST-5).
    Failure = "FAILURE", v10: true;
    /// A Poll_Fulfillment asked for a part past the last one (ST-6).
    InvalidResponsePart = "INVALID_RESPONSE_PART", v10: false;
    /// A transport-level error expressed as TAXII (ST-7).
    NetworkError = "NETWORK_ERROR", v10: false;
    /// The named target does not exist (ST-8).
    NotFound = "NOT_FOUND", v10: true;
    /// The result will exist later (ST-9).
    Pending = "PENDING", v10: false;
    /// A poll-only subscription on a collection the requester cannot poll (ST-10).
    PollingUnsupported = "POLLING_UNSUPPORTED", v10: true;
    /// Try again later (ST-11).
    Retry = "RETRY", v10: true;
    /// Received and accepted (ST-12).
    Success = "SUCCESS", v10: true;
    /// Authentication missing or insufficient (ST-13).
    Unauthorized = "UNAUTHORIZED", v10: true;
    /// None of the requested message bindings is supported (ST-14).
    UnsupportedMessage = "UNSUPPORTED_MESSAGE", v10: true;
    /// None of the requested content bindings is supported (ST-15).
    UnsupportedContent = "UNSUPPORTED_CONTENT", v10: true;
    /// None of the requested protocol bindings is supported (ST-16).
    UnsupportedProtocol = "UNSUPPORTED_PROTOCOL", v10: true;
    /// The query format is not supported (ST-17).
    UnsupportedQuery = "UNSUPPORTED_QUERY", v10: false;
    /// A Default Query capability module is not supported (TST-1).
    UnsupportedCapabilityModule = "UNSUPPORTED_CAPABILITY_MODULE", v10: false;
    /// A Default Query targeting expression is not supported (TST-2).
    UnsupportedTargetingExpression = "UNSUPPORTED_TARGETING_EXPRESSION", v10: false;
    /// A Default Query targeting expression vocabulary is not supported (TST-3).
    UnsupportedTargetingExpressionId = "UNSUPPORTED_TARGETING_EXPRESSION_ID", v10: false;
}

impl StatusType {
    /// Whether this reports an error (everything but SUCCESS and PENDING).
    pub fn is_error(&self) -> bool {
        !matches!(self, StatusType::Success | StatusType::Pending)
    }
}

impl fmt::Display for StatusType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StatusType {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(StatusType::parse(s))
    }
}

crate::ids::serde_as_text!(StatusType);

/// The status a server should answer with when a request fails to decode.
impl From<&crate::DecodeError> for StatusType {
    fn from(e: &crate::DecodeError) -> Self {
        match e.kind() {
            crate::DecodeErrorKind::UnknownMessage { namespace, .. }
                if namespace != crate::namespaces::TAXII_11
                    && namespace != crate::namespaces::TAXII_10 =>
            {
                StatusType::UnsupportedMessage
            }
            // TQ-8: a target outside the vocabulary's notation is an unsupported targeting
            // expression (the answer needs PREFERRED_SCOPE / ALLOWED_SCOPE details, TST-2).
            _ if e.rule() == Some("TE-3") && e.path().ends_with("/Target") => {
                StatusType::UnsupportedTargetingExpression
            }
            _ => StatusType::BadMessage,
        }
    }
}
