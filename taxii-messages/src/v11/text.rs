//! A readable, indented text form of every TAXII 1.1 message (like libtaxii's `to_text`).

use std::fmt::{self, Display};

use super::*;
use crate::common::ExtendedHeader;
use crate::query::{Criteria, DefaultQueryInfo};
use crate::raw_xml::RawXml;

/// Writes `label: value` lines at an indentation level.
pub(crate) struct Text<'f, 'w> {
    f: &'f mut fmt::Formatter<'w>,
    depth: usize,
}

impl<'f, 'w> Text<'f, 'w> {
    pub(crate) fn new(f: &'f mut fmt::Formatter<'w>) -> Self {
        Text { f, depth: 0 }
    }

    pub(crate) fn line(&mut self, label: &str, value: impl Display) -> fmt::Result {
        for _ in 0..self.depth {
            self.f.write_str("  ")?;
        }
        writeln!(self.f, "{label}: {value}")
    }

    pub(crate) fn opt(&mut self, label: &str, value: Option<impl Display>) -> fmt::Result {
        match value {
            Some(v) => self.line(label, v),
            None => Ok(()),
        }
    }

    pub(crate) fn nested(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Self) -> fmt::Result,
    ) -> fmt::Result {
        self.line(label, "")?;
        self.depth += 1;
        f(self)?;
        self.depth -= 1;
        Ok(())
    }

    pub(crate) fn raw(&mut self, label: &str, raw: &RawXml) -> fmt::Result {
        const MAX: usize = 120;
        let s = raw.as_str().trim();
        if s.len() <= MAX {
            return self.line(label, s);
        }
        let cut = (0..=MAX)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        self.line(label, format_args!("{}… ({} bytes)", &s[..cut], s.len()))
    }

    pub(crate) fn headers(&mut self, headers: &[ExtendedHeader]) -> fmt::Result {
        for h in headers {
            self.raw(&format!("Extended Header {}", h.name), &h.value)?;
        }
        Ok(())
    }

    pub(crate) fn signature(&mut self, sig: Option<&RawXml>) -> fmt::Result {
        if sig.is_some() {
            self.line("Signature", "present (not verified)")?;
        }
        Ok(())
    }

    fn bindings(&mut self, label: &str, bindings: &[ContentBinding]) -> fmt::Result {
        for b in bindings {
            let subtypes: Vec<&str> = b.subtypes.iter().map(|s| s.as_str()).collect();
            if subtypes.is_empty() {
                self.line(label, &b.binding_id)?;
            } else {
                self.line(
                    label,
                    format_args!("{} ({})", b.binding_id, subtypes.join(", ")),
                )?;
            }
        }
        Ok(())
    }

    pub(crate) fn contact(&mut self, label: &str, c: &ServiceContact) -> fmt::Result {
        self.nested(label, |t| t.contact_lines(c))
    }

    /// A contact's protocol, address and message bindings, at the current level.
    pub(crate) fn contact_lines(&mut self, c: &ServiceContact) -> fmt::Result {
        self.line("Protocol Binding", &c.protocol_binding)?;
        self.line("Address", &c.address)?;
        for m in &c.message_bindings {
            self.line("Message Binding", m)?;
        }
        Ok(())
    }

    fn push(&mut self, label: &str, p: &PushParameters) -> fmt::Result {
        self.nested(label, |t| {
            t.line("Protocol Binding", &p.protocol_binding)?;
            t.line("Address", &p.address)?;
            t.line("Message Binding", &p.message_binding)
        })
    }

    fn query_parameters(&mut self, q: &QueryParameters) -> fmt::Result {
        self.line("Response Type", q.response_type().as_str())?;
        self.bindings("Content Binding", &q.content_bindings)?;
        match &q.query {
            Some(Query::Default(d)) => self.nested("Default Query", |t| {
                t.line("Targeting Expression ID", &d.targeting_expression_id)?;
                t.criteria(&d.criteria)
            }),
            Some(Query::Other { format_id, body }) => self.raw(&format!("Query {format_id}"), body),
            None => Ok(()),
        }
    }

    fn criteria(&mut self, c: &Criteria) -> fmt::Result {
        let op = match c.operator {
            crate::query::Operator::And => "AND",
            crate::query::Operator::Or => "OR",
        };
        self.nested(&format!("Criteria {op}"), |t| {
            for inner in &c.criteria {
                t.criteria(inner)?;
            }
            for c in &c.criterion {
                let not = if c.negate == Some(true) { "NOT " } else { "" };
                let params: Vec<String> = c
                    .test
                    .parameters
                    .iter()
                    .map(|(n, v)| format!("{n}={v}"))
                    .collect();
                t.line(
                    "Criterion",
                    format_args!(
                        "{not}{} {} [{}] ({})",
                        c.target,
                        c.test.relationship,
                        params.join(", "),
                        c.test.capability_id
                    ),
                )?;
            }
            Ok(())
        })
    }

    fn query_info(&mut self, q: &DefaultQueryInfo) -> fmt::Result {
        self.nested("Default Query Info", |t| {
            for i in &q.targeting_expression_infos {
                t.nested(
                    &format!("Targeting Expression {}", i.targeting_expression_id),
                    |t| {
                        for s in &i.preferred_scope {
                            t.line("Preferred Scope", s)?;
                        }
                        for s in &i.allowed_scope {
                            t.line("Allowed Scope", s)?;
                        }
                        Ok(())
                    },
                )?;
            }
            for m in &q.capability_modules {
                t.line("Capability Module", m)?;
            }
            Ok(())
        })
    }

    fn blocks(
        &mut self,
        record_count: Option<&RecordCount>,
        blocks: &[ContentBlock],
    ) -> fmt::Result {
        if let Some(rc) = record_count {
            let partial = if rc.is_partial() { " (partial)" } else { "" };
            self.line("Record Count", format_args!("{}{partial}", rc.count))?;
        }
        for (i, b) in blocks.iter().enumerate() {
            self.nested(&format!("Content Block {}", i + 1), |t| {
                match &b.content_binding.subtype {
                    Some(s) => t.line(
                        "Content Binding",
                        format_args!("{} ({s})", b.content_binding.binding_id),
                    )?,
                    None => t.line("Content Binding", &b.content_binding.binding_id)?,
                }
                t.raw("Content", &b.content)?;
                t.opt("Timestamp Label", b.timestamp_label.as_ref())?;
                t.opt("Message", b.message.as_deref())?;
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
}

impl Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = Text { f, depth: 0 };
        t.line("Message Type", self.root_element())?;
        t.line("Message ID", self.message_id())?;
        t.opt("In Response To", self.in_response_to())?;
        match self {
            Message::StatusMessage(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Status Type", &m.status_type)?;
                for d in &m.details {
                    t.raw(&format!("Status Detail {}", d.name), &d.value)?;
                }
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
                            for q in &s.supported_queries {
                                match q {
                                    SupportedQuery::Default(i) => t.query_info(i)?,
                                    SupportedQuery::Other { format_id, body } => {
                                        t.raw(&format!("Supported Query {format_id}"), body)?
                                    }
                                }
                            }
                            t.bindings("Inbox Accepted Content", &s.inbox_accepted_content)?;
                            t.opt("Message", s.message.as_deref())
                        },
                    )?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::CollectionInformationRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.signature(m.signature.as_ref())
            }
            Message::CollectionInformationResponse(m) => {
                t.headers(&m.extended_headers)?;
                for c in &m.collections {
                    t.nested(&format!("Collection {}", c.collection_name), |t| {
                        t.line("Type", c.kind().as_str())?;
                        t.opt("Available", c.available)?;
                        t.line("Description", &c.description)?;
                        t.opt("Volume", c.collection_volume)?;
                        t.bindings("Content Binding", &c.content_bindings)?;
                        for p in &c.push_methods {
                            t.line("Push Method", &p.protocol_binding)?;
                        }
                        for s in &c.polling_services {
                            t.contact("Polling Service", s)?;
                        }
                        for s in &c.subscription_services {
                            t.contact("Subscription Service", s)?;
                        }
                        for s in &c.receiving_inbox_services {
                            t.contact("Receiving Inbox Service", &s.contact)?;
                            t.bindings("  Accepted Content", &s.content_bindings)?;
                        }
                        Ok(())
                    })?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::ManageCollectionSubscriptionRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Action", m.action.as_str())?;
                t.line("Collection Name", &m.collection_name)?;
                t.opt("Subscription ID", m.subscription_id.as_ref())?;
                if let Some(p) = &m.subscription_parameters {
                    t.nested("Subscription Parameters", |t| t.query_parameters(p))?;
                }
                if let Some(p) = &m.push_parameters {
                    t.push("Push Parameters", p)?;
                }
                t.signature(m.signature.as_ref())
            }
            Message::ManageCollectionSubscriptionResponse(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Collection Name", &m.collection_name)?;
                t.opt("Message", m.message.as_deref())?;
                for s in &m.subscriptions {
                    t.nested(&format!("Subscription {}", s.subscription_id), |t| {
                        t.opt("Status", s.status.map(|x| x.as_str()))?;
                        if let Some(p) = &s.subscription_parameters {
                            t.nested("Subscription Parameters", |t| t.query_parameters(p))?;
                        }
                        if let Some(p) = &s.push_parameters {
                            t.push("Push Parameters", p)?;
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
                t.line("Collection Name", &m.collection_name)?;
                t.opt(
                    "Exclusive Begin Timestamp",
                    m.exclusive_begin_timestamp.as_ref(),
                )?;
                t.opt(
                    "Inclusive End Timestamp",
                    m.inclusive_end_timestamp.as_ref(),
                )?;
                match &m.selection {
                    PollSelection::SubscriptionId(s) => t.line("Subscription ID", s)?,
                    PollSelection::PollParameters(p) => t.nested("Poll Parameters", |t| {
                        t.line("Allow Asynch", p.allows_asynch())?;
                        t.query_parameters(&p.query_parameters)?;
                        match &p.delivery_parameters {
                            Some(d) => t.push("Delivery Parameters", d),
                            None => Ok(()),
                        }
                    })?,
                }
                t.signature(m.signature.as_ref())
            }
            Message::PollResponse(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Collection Name", &m.collection_name)?;
                t.line("More", m.has_more())?;
                t.opt("Result ID", m.result_id.as_ref())?;
                t.line("Result Part Number", m.part_number())?;
                t.opt("Subscription ID", m.subscription_id.as_ref())?;
                t.opt(
                    "Exclusive Begin Timestamp",
                    m.exclusive_begin_timestamp.as_ref(),
                )?;
                t.opt(
                    "Inclusive End Timestamp",
                    m.inclusive_end_timestamp.as_ref(),
                )?;
                t.opt("Message", m.message.as_deref())?;
                t.blocks(m.record_count.as_ref(), &m.content_blocks)?;
                t.signature(m.signature.as_ref())
            }
            Message::InboxMessage(m) => {
                t.headers(&m.extended_headers)?;
                t.opt("Result ID", m.result_id.as_ref())?;
                for d in &m.destination_collection_names {
                    t.line("Destination Collection Name", d)?;
                }
                t.opt("Message", m.message.as_deref())?;
                if let Some(s) = &m.source_subscription {
                    t.nested("Source Subscription", |t| {
                        t.line("Collection Name", &s.collection_name)?;
                        t.line("Subscription ID", &s.subscription_id)?;
                        t.opt(
                            "Exclusive Begin Timestamp",
                            s.exclusive_begin_timestamp.as_ref(),
                        )?;
                        t.opt(
                            "Inclusive End Timestamp",
                            s.inclusive_end_timestamp.as_ref(),
                        )
                    })?;
                }
                t.blocks(m.record_count.as_ref(), &m.content_blocks)?;
                t.signature(m.signature.as_ref())
            }
            Message::PollFulfillmentRequest(m) => {
                t.headers(&m.extended_headers)?;
                t.line("Collection Name", &m.collection_name)?;
                t.line("Result ID", &m.result_id)?;
                t.line("Result Part Number", m.result_part_number)?;
                t.signature(m.signature.as_ref())
            }
        }
    }
}

impl Display for crate::Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            crate::Message::V11(m) => {
                f.write_str("TAXII 1.1\n")?;
                Display::fmt(m, f)
            }
            crate::Message::V10(m) => {
                f.write_str("TAXII 1.0\n")?;
                Display::fmt(m, f)
            }
            #[allow(unreachable_patterns)] // other versions bring their own text form
            other => writeln!(f, "{} {}", other.root_element(), other.message_id()),
        }
    }
}
