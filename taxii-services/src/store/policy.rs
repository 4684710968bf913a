//! Who may do what, how much of the store each account may hold, and the time.

use taxii_messages::{Timestamp, Uri};

use crate::config::ServiceDefinition;
use crate::identity::Identity;

/// What a caller wants to do with a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// See it in collection information and poll it.
    Read,
    /// Add content through an inbox.
    Write,
    /// Manage subscriptions to it.
    Subscribe,
}

/// A policy's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Credentials missing or insufficient (`UNAUTHORIZED`, ERR-2).
    Unauthorized,
    /// Authenticated but refused (`DENIED`, ERR-3), with a reason for the caller.
    Deny(String),
}

impl Decision {
    /// Whether this is `Allow`.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allow)
    }
}

/// How much stored state one account may hold. A full quota is answered with a status
/// (`DENIED` for subscriptions, `RETRY` for result sets); another account's state is
/// never evicted to make room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Quotas {
    /// Unexpired result sets (multi-part and asynchronous).
    pub result_sets: u64,
    /// Unexpired asynchronous result sets (counted in `result_sets` too).
    pub async_results: u64,
    /// Subscriptions, over every collection.
    pub subscriptions: u64,
    /// Encoded size of one subscription's parameters (bindings and query), in bytes.
    pub subscription_parameter_bytes: usize,
}

impl Default for Quotas {
    /// 64 result sets, 16 asynchronous, 100 subscriptions of at most 64 KiB of
    /// parameters each.
    fn default() -> Self {
        Quotas {
            result_sets: 64,
            async_results: 16,
            subscriptions: 100,
            subscription_parameter_bytes: 64 * 1024,
        }
    }
}

impl Quotas {
    /// The quotas given.
    pub fn new(
        result_sets: u64,
        async_results: u64,
        subscriptions: u64,
        subscription_parameter_bytes: usize,
    ) -> Self {
        Quotas {
            result_sets,
            async_results,
            subscriptions,
            subscription_parameter_bytes,
        }
    }
}

/// Who may do what.
pub trait Policy {
    /// Whether `who` may perform `op` on `collection`.
    fn authorize(&self, who: &Identity, op: Operation, collection: &Uri) -> Decision;

    /// Whether `who` may use `service` at all (discovery advertises only these).
    fn may_use_service(&self, who: &Identity, service: &ServiceDefinition) -> Decision {
        let _ = (who, service);
        Decision::Allow
    }

    /// Whether polling `collection` requires a subscription (`DENIED` otherwise, ERR-3).
    fn requires_subscription(&self, who: &Identity, collection: &Uri) -> bool {
        let _ = (who, collection);
        false
    }

    /// How many subscriptions `who` may hold (`DENIED` past it, SUB-8); `None` leaves
    /// the limit to [`Policy::quotas`].
    fn max_subscriptions(&self, who: &Identity) -> Option<usize> {
        let _ = who;
        None
    }

    /// The store quotas of `who` (default: [`Quotas::default`]).
    fn quotas(&self, who: &Identity) -> Quotas {
        let _ = who;
        Quotas::default()
    }

    /// Whether pushes for `who` may go to loopback, private or link-local addresses
    /// (refused by default: SSRF, security note S8).
    fn allow_private_destinations(&self, who: &Identity) -> bool {
        let _ = who;
        false
    }
}

/// The time, injected so the engine has no clock of its own.
pub trait Clock {
    /// Now.
    fn now(&self) -> Timestamp;
}
