//! TAXII 1.0 rules beyond the XSD (checklist §5).

use super::Report;
use crate::timestamp::Timestamp;
use crate::v10::*;

pub(super) fn message(r: &mut Report, m: &Message) {
    match m {
        Message::StatusMessage(m) if !m.status_type.in_taxii_10() => r.must(
            "DIF-6",
            format!(
                "status type {} is TAXII 1.1 only; a TAXII 1.0 message uses a 1.0 type or a third-party URI",
                m.status_type
            ),
        ),
        Message::DiscoveryResponse(m) => r.each("Service_Instance", &m.service_instances, |r, s| {
            if !s.inbox_accepted_content.is_empty() && s.service_type != ServiceType::Inbox {
                r.should("DRs10-8", "Content_Binding is only sent for INBOX services");
            }
        }),
        Message::ManageFeedSubscriptionRequest(m)
            if m.action == SubscriptionAction::Unsubscribe && m.subscription_id.is_none() =>
        {
            r.must("MFSRq10-4", "UNSUBSCRIBE requires a subscription_id")
        }
        Message::PollRequest(m) => range(
            r,
            m.exclusive_begin_timestamp.as_ref(),
            m.inclusive_end_timestamp.as_ref(),
            false,
            "PRq10-6",
        ),
        Message::PollResponse(m) => range(
            r,
            m.inclusive_begin_timestamp.as_ref(),
            Some(&m.inclusive_end_timestamp),
            true,
            "PR-2",
        ),
        Message::InboxMessage(m) => {
            if let Some(s) = &m.source_subscription {
                r.within("Source_Subscription", |r| {
                    range(
                        r,
                        s.inclusive_begin_timestamp.as_ref(),
                        Some(&s.inclusive_end_timestamp),
                        true,
                        "IM10-7",
                    )
                });
            }
        }
        _ => {}
    }
}

/// A time range is non-empty when both ends are present: `end` after an exclusive
/// `begin`, or not before an inclusive one.
fn range(
    r: &mut Report,
    begin: Option<&Timestamp>,
    end: Option<&Timestamp>,
    begin_inclusive: bool,
    rule: &'static str,
) {
    if let (Some(b), Some(e)) = (begin, end) {
        let empty = if begin_inclusive { e < b } else { e <= b };
        if empty {
            r.must(rule, format!("the time range is empty: end {e}, begin {b}"));
        }
    }
}
