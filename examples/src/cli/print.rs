//! Printing answers for people (or as JSON with `--json`).

use super::terminal::{say, say_err};
use taxii_messages::v11::{Message, PollResponse, StatusMessage};

/// Prints `msg` as JSON (one line) or as text.
pub fn message(msg: &Message, json: bool) {
    if json {
        let wrapped = taxii_messages::Message::V11(msg.clone());
        match serde_json::to_string(&wrapped) {
            Ok(s) => say!("{s}"),
            Err(e) => say_err!("cannot write JSON: {e}"),
        }
        return;
    }
    match msg {
        Message::DiscoveryResponse(r) => {
            for s in &r.service_instances {
                say!(
                    "{:<22} {}  ({})",
                    s.service_type.as_str(),
                    s.contact.address,
                    s.contact.protocol_binding
                );
                for b in &s.contact.message_bindings {
                    say!("{:<22}   message binding {b}", "");
                }
            }
        }
        Message::CollectionInformationResponse(r) => {
            for c in &r.collections {
                say!(
                    "{} ({}, {}){}",
                    c.collection_name,
                    c.kind().as_str(),
                    if c.available == Some(false) {
                        "unavailable"
                    } else {
                        "available"
                    },
                    c.collection_volume
                        .map(|v| format!(", {v} records"))
                        .unwrap_or_default()
                );
                if !c.description.is_empty() {
                    say!("  {}", c.description);
                }
                for p in &c.polling_services {
                    say!("  poll:      {}", p.address);
                }
                for s in &c.subscription_services {
                    say!("  subscribe: {}", s.address);
                }
                for i in &c.receiving_inbox_services {
                    say!("  inbox:     {}", i.contact.address);
                }
            }
        }
        Message::ManageCollectionSubscriptionResponse(r) => {
            for s in &r.subscriptions {
                say!(
                    "subscription {} on {}: {}",
                    s.subscription_id,
                    r.collection_name,
                    s.status.map_or("?", |st| st.as_str())
                );
            }
        }
        Message::PollResponse(r) => poll_summary(r),
        Message::StatusMessage(s) => status(s),
        other => say!("{}", other.to_xml()),
    }
}

/// One line about a poll response part.
pub fn poll_summary(r: &PollResponse) {
    let count = r
        .record_count
        .as_ref()
        .map(|c| format!("{}{}", c.count, if c.is_partial() { "+" } else { "" }))
        .unwrap_or_else(|| "?".into());
    say!(
        "collection {}: part {}{}, {} block(s) here, {} record(s) in all, window ({}, {}]",
        r.collection_name,
        r.part_number(),
        if r.has_more() { " (more follow)" } else { "" },
        r.content_blocks.len(),
        count,
        r.exclusive_begin_timestamp
            .as_ref()
            .map(|t| t.to_string())
            .unwrap_or_else(|| "-".into()),
        r.inclusive_end_timestamp
            .as_ref()
            .map(|t| t.to_string())
            .unwrap_or_else(|| "-".into()),
    );
}

/// A status message.
pub fn status(s: &StatusMessage) {
    say!(
        "{}{}",
        s.status_type.as_str(),
        s.message
            .as_deref()
            .map(|m| format!(": {m}"))
            .unwrap_or_default()
    );
    for d in &s.details {
        say!(
            "  {} = {}",
            d.name,
            d.value.text().unwrap_or_else(|| d.value.to_string())
        );
    }
}
