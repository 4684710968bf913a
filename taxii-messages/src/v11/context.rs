//! Cross-field rules that need context a message does not carry (checklist 2.12): the
//! type of the polled collection (C11-5) and the action a subscription response answers
//! (C11-8). A receiver that knows the context calls these after decoding.

use super::{
    CollectionType, ManageCollectionSubscriptionResponse, PollResponse, SourceSubscription,
    SubscriptionAction,
};
use crate::timestamp::Timestamp;

/// A message that breaks a rule depending on its exchange's context.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} [{rule}]")]
#[non_exhaustive]
pub struct ContextError {
    /// The checklist row.
    pub rule: &'static str,
    /// What is wrong.
    pub what: String,
}

fn fail(rule: &'static str, what: impl Into<String>) -> Result<(), ContextError> {
    Err(ContextError {
        rule,
        what: what.into(),
    })
}

/// C11-5: a Data Feed's range needs its end timestamp; a Data Set has no range.
fn check_range(
    kind: CollectionType,
    begin: Option<&Timestamp>,
    end: Option<&Timestamp>,
) -> Result<(), ContextError> {
    match kind {
        CollectionType::DataFeed if end.is_none() => fail(
            "C11-5",
            "Inclusive_End_Timestamp is required for a DATA_FEED collection",
        ),
        CollectionType::DataSet if begin.is_some() || end.is_some() => {
            fail("C11-5", "a DATA_SET collection has no timestamp range")
        }
        _ => Ok(()),
    }
}

/// `check_for_collection` of the messages with a timestamp range.
macro_rules! range_checks {
    ($($ty:ident: $whose:literal,)*) => {
        $(impl $ty {
            #[doc = concat!("Checks the timestamp range against the ", $whose, " type (C11-5).")]
            pub fn check_for_collection(&self, kind: CollectionType) -> Result<(), ContextError> {
                let begin = self.exclusive_begin_timestamp.as_ref();
                check_range(kind, begin, self.inclusive_end_timestamp.as_ref())
            }
        })*
    };
}

range_checks! {
    PollResponse: "polled collection's",
    SourceSubscription: "source collection's",
}

impl ManageCollectionSubscriptionResponse {
    /// Checks the response against the action of the request it answers (C11-8): one
    /// subscription unless STATUS, and subscription parameters in STATUS answers.
    pub fn check_for_action(&self, action: SubscriptionAction) -> Result<(), ContextError> {
        if action != SubscriptionAction::Status && self.subscriptions.len() != 1 {
            return fail(
                "C11-8",
                format!(
                    "a {} response holds exactly one Subscription, not {}",
                    action.as_str(),
                    self.subscriptions.len()
                ),
            );
        }
        if action == SubscriptionAction::Status
            && self
                .subscriptions
                .iter()
                .any(|s| s.subscription_parameters.is_none())
        {
            return fail(
                "C11-8",
                "a STATUS response gives each Subscription its Subscription_Parameters",
            );
        }
        Ok(())
    }
}
