//! A readable, indented text form of every TAXII 1.0 message (like libtaxii's `to_text`).

use std::fmt::{self, Display};

use super::*;
use crate::v11::text::Text;

fn push(t: &mut Text<'_, '_>, p: &PushParameters) -> fmt::Result {
    t.nested("Push Parameters", |t| {
        t.line("Protocol Binding", &p.protocol_binding)?;
        t.line("Address", &p.address)?;
        t.line("Message Binding", &p.message_binding)?;
        for b in &p.content_bindings {
            t.line("Content Binding", b)?;
        }
        Ok(())
    })
}

fn blocks(t: &mut Text<'_, '_>, blocks: &[ContentBlock]) -> fmt::Result {
    for (i, b) in blocks.iter().enumerate() {
        t.nested(&format!("Content Block {}", i + 1), |t| {
            t.line("Content Binding", &b.content_binding)?;
            t.raw("Content", &b.content)?;
            t.opt("Timestamp Label", b.timestamp_label.as_ref())?;
            t.opt(
                "Padding",
                b.padding.as_deref().map(|p| format!("{} bytes", p.len())),
            )?;
            for _ in &b.signatures {
                t.line("Signature", "present (not verified)")?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

impl Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Text::new(f);
        t.line("Message Type", self.root_element())?;
        t.line("Message ID", self.message_id())?;
        t.opt("In Response To", self.in_response_to())?;
        match self {
            Message::StatusMessage(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Status Type", &m.status_type)?;
                t.opt("Status Detail", m.status_detail.as_deref())?;
                t.opt("Message", m.message.as_deref())?;
                t.signature(m.signature.as_ref())
            }
            Message::DiscoveryRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.signature(m.signature.as_ref())
            }
            Message::DiscoveryResponse(m) => {
                t.headers(&m.extended_headers)?;
                for s in &m.service_instances {
                    t.nested(
                        &format!("Service Instance {}", s.service_type.as_str()),
                        |t| {
                            t.line("Services Version", &s.service_version)?;
                            t.opt("Available", s.available)?;
                            t.contact_lines(&s.contact)?;
                            for b in &s.inbox_accepted_content {
                                t.line("Content Binding", b)?;
                            }
                            t.opt("Message", s.message.as_deref())
                        },
                    )?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::FeedInformationRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.signature(m.signature.as_ref())
            }
            Message::FeedInformationResponse(m) => {
                t.headers(&m.extended_headers)?;
                for feed in &m.feeds {
                    t.nested(&format!("Feed {}", feed.feed_name), |t| {
                        t.opt("Available", feed.available)?;
                        t.line("Description", &feed.description)?;
                        for b in &feed.content_bindings {
                            t.line("Content Binding", b)?;
                        }
                        for p in &feed.push_methods {
                            t.nested("Push Method", |t| {
                                t.line("Protocol Binding", &p.protocol_binding)?;
                                for b in &p.message_bindings {
                                    t.line("Message Binding", b)?;
                                }
                                Ok(())
                            })?;
                        }
                        for s in &feed.polling_services {
                            t.contact("Polling Service", s)?;
                        }
                        for s in &feed.subscription_services {
                            t.contact("Subscription Service", s)?;
                        }
                        Ok(())
                    })?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::ManageFeedSubscriptionRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Feed Name", &m.feed_name)?;
                t.line("Action", m.action.as_str())?;
                t.opt("Subscription ID", m.subscription_id.as_ref())?;
                if let Some(p) = &m.push_parameters {
                    push(&mut t, p)?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::ManageFeedSubscriptionResponse(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Feed Name", &m.feed_name)?;
                t.opt("Message", m.message.as_deref())?;
                for s in &m.subscriptions {
                    t.nested(&format!("Subscription {}", s.subscription_id), |t| {
                        if let Some(p) = &s.push_parameters {
                            push(t, p)?;
                        }
                        for p in &s.poll_instances {
                            t.contact("Poll Instance", p)?;
                        }
                        Ok(())
                    })?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::PollRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Feed Name", &m.feed_name)?;
                t.opt("Subscription ID", m.subscription_id.as_ref())?;
                t.opt(
                    "Exclusive Begin Timestamp",
                    m.exclusive_begin_timestamp.as_ref(),
                )?;
                t.opt(
                    "Inclusive End Timestamp",
                    m.inclusive_end_timestamp.as_ref(),
                )?;
                for b in &m.content_bindings {
                    t.line("Content Binding", b)?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::PollResponse(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Feed Name", &m.feed_name)?;
                t.opt("Subscription ID", m.subscription_id.as_ref())?;
                t.opt("Message", m.message.as_deref())?;
                t.opt(
                    "Inclusive Begin Timestamp",
                    m.inclusive_begin_timestamp.as_ref(),
                )?;
                t.line("Inclusive End Timestamp", m.inclusive_end_timestamp)?;
                blocks(&mut t, &m.content_blocks)?;
                t.signature(m.signature.as_ref())
            }
            Message::InboxMessage(m) => {
                t.headers(&m.extended_headers)?;
                t.opt("Message", m.message.as_deref())?;
                if let Some(s) = &m.source_subscription {
                    t.nested("Source Subscription", |t| {
                        t.line("Feed Name", &s.feed_name)?;
                        t.line("Subscription ID", &s.subscription_id)?;
                        t.opt(
                            "Inclusive Begin Timestamp",
                            s.inclusive_begin_timestamp.as_ref(),
                        )?;
                        t.line("Inclusive End Timestamp", s.inclusive_end_timestamp)
                    })?;
                }
                blocks(&mut t, &m.content_blocks)?;
                t.signature(m.signature.as_ref())
            }
        }
    }
}
