//! A refused request: the status type, details and message the reply will carry.

use taxii_messages::v11::{self, detail, StatusMessage};
use taxii_messages::{MessageId, Requirement, StatusType};

use crate::store::{Decision, StoreError};

/// Why a request gets a Status Message instead of its normal response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub status: StatusType,
    pub message: Option<String>,
    pub details: Vec<(&'static str, String)>,
}

impl Fault {
    pub fn new(status: StatusType, message: impl Into<String>) -> Self {
        Fault {
            status,
            message: Some(message.into()),
            details: Vec::new(),
        }
    }

    pub fn detail(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.details.push((name, value.into()));
        self
    }

    pub fn details<I, S>(mut self, name: &'static str, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.details
            .extend(values.into_iter().map(|v| (name, v.into())));
        self
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// `NOT_FOUND` with the `ITEM` detail (ERR-4).
    pub fn not_found(what: &str, item: &str) -> Self {
        Fault::new(StatusType::NotFound, format!("{what} {item:?} not found"))
            .detail(detail::ITEM, item)
    }

    /// A policy refusal (ERR-2, ERR-3); `None` for `Allow`.
    pub fn from_decision(d: Decision) -> Option<Self> {
        match d {
            Decision::Allow => None,
            Decision::Unauthorized => Some(Fault::new(
                StatusType::Unauthorized,
                "not authorized for this request",
            )),
            Decision::Deny(reason) => Some(Fault::new(StatusType::Denied, reason)),
        }
    }

    pub fn into_status(self, message_id: MessageId, in_response_to: MessageId) -> StatusMessage {
        let mut s = StatusMessage::new(message_id, in_response_to, self.status);
        for (name, value) in &self.details {
            s = s.with_detail(name, value);
        }
        if let Some(m) = self.message {
            s = s.with_message(m);
        }
        sendable(s)
    }
}

impl From<StoreError> for Fault {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Busy { retry_after_secs } => {
                Fault::new(StatusType::Retry, "temporarily unable, try again later")
                    .detail(detail::ESTIMATED_WAIT, retry_after_secs.max(1).to_string())
            }
            // Backend details stay in the server's logs, not in the reply (ERR-17).
            StoreError::Failed(_) => Fault::new(StatusType::Failure, "internal storage error"),
        }
    }
}

/// `s`, or BAD_MESSAGE with its text when it lacks a detail its status type requires (e.g.
/// the scopes of UNSUPPORTED_TARGETING_EXPRESSION when the service advertises none, TST-2):
/// what is sent always validates.
fn sendable(mut s: StatusMessage) -> StatusMessage {
    let broken = v11::Message::StatusMessage(s.clone())
        .validate()
        .iter()
        .any(|d| d.level == Requirement::Must);
    if broken {
        s.status_type = StatusType::BadMessage;
        s.details.clear();
    }
    s
}

/// Turns a policy decision into `Err(Fault)` unless allowed.
pub(crate) fn check(d: Decision) -> Result<(), Fault> {
    match Fault::from_decision(d) {
        None => Ok(()),
        Some(f) => Err(f),
    }
}
