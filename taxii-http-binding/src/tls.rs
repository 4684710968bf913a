//! Table 3: TLS alerts as TAXII status types (section 5.2, T3-1..T3-7).

use std::fmt;

use taxii_messages::{Message, MessageId, StatusType};

use crate::message::status_message;
use crate::version::ServicesVersion;

/// A TLS alert record's body: level (1 warning, 2 fatal) and description (TLS 1.2 §7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TlsAlert {
    /// The alert level.
    pub level: u8,
    /// The alert description number.
    pub description: u8,
}

impl TlsAlert {
    /// `handshake_failure` (40).
    pub const HANDSHAKE_FAILURE: u8 = 40;
    /// `no_certificate` (41, SSLv3).
    pub const NO_CERTIFICATE: u8 = 41;
    /// `bad_certificate` (42).
    pub const BAD_CERTIFICATE: u8 = 42;
    /// `unsupported_certificate` (43).
    pub const UNSUPPORTED_CERTIFICATE: u8 = 43;
    /// `unknown_ca` (48).
    pub const UNKNOWN_CA: u8 = 48;
    /// `access_denied` (49).
    pub const ACCESS_DENIED: u8 = 49;

    /// A fatal alert (level 2) with `description`.
    pub fn fatal(description: u8) -> TlsAlert {
        TlsAlert {
            level: 2,
            description,
        }
    }

    /// The TAXII status type equivalent to this alert (Table 3).
    pub fn status_type(&self) -> StatusType {
        match self.description {
            // T3-1..T3-6
            40 | 41 | 42 | 43 | 48 | 49 => StatusType::Unauthorized,
            // T3-7
            _ => StatusType::Failure,
        }
    }

    /// The alert as a hexadecimal string: level then description, e.g. `0228` (section 5.2).
    pub fn to_hex(&self) -> String {
        format!("{:02x}{:02x}", self.level, self.description)
    }

    /// The Status Message equivalent to this alert (section 5.2), in `services`' version.
    pub fn status_message(&self, services: &ServicesVersion, in_response_to: MessageId) -> Message {
        status_message(
            services,
            MessageId::unknown(),
            in_response_to,
            self.status_type(),
            &[],
            Some(self.to_hex()),
        )
    }
}

impl fmt::Display for TlsAlert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

#[cfg(feature = "rustls")]
#[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
impl From<rustls::AlertDescription> for TlsAlert {
    /// A fatal alert with rustls's description.
    fn from(d: rustls::AlertDescription) -> TlsAlert {
        TlsAlert::fatal(u8::from(d))
    }
}
