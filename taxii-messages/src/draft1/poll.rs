//! TAXII_PollRequest, TAXII_PollResponse and TAXII_STIXMessage (D1-M-9..D1-M-11).

use crate::draft1::common::*;
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

/// What a Draft 1 poll selects by: a subscription or one content binding (exactly one).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PollSelection {
    /// `<subscription-id>`
    SubscriptionId(String),
    /// `<content-binding>`
    ContentBinding(String),
}

crate::codec::element! {
    /// Asks for a feed's content in a time range (D1-M-9).
    pub struct PollRequest {
        /// Ids and extended headers.
        header: Header = flat,
        /// The feed.
        feed_name: String = child "feed-name",
        /// Lower bound (`xs:dateTime`, zone optional), as written.
        begin_timestamp: Option<String> = with(begin_timestamp, begin_timestamp_out),
        /// Upper bound, as written.
        end_timestamp: Option<String> = with(end_timestamp, end_timestamp_out),
        /// The subscription or the content wanted.
        selection: PollSelection = with(selection, selection_out),
    }
    new: "A poll of the whole feed.";
}

/// Reads consecutive `stix:STIX` payload elements, each kept whole and verbatim.
fn stix<'a>(c: &mut Cursor<'a>, parent: &Element<'a>, _: Ns) -> Result<Vec<RawXml>> {
    let max = ("max_content_blocks", c.limits().max_content_blocks);
    c.children_at_most(parent, Ns::Draft1Stix, "STIX", max, |c, el| {
        Ok(own_bindings(c.raw_element(el)?))
    })
}

/// Keeps only the in-scope bindings a payload element may rely on: a prefix it mentions
/// and does not declare on itself, and the default namespace unless it declares its own.
/// (Draft 1 roots declare extension prefixes that a `STIX` payload does not use; carrying
/// them would make the payload gain declarations on every re-encoding.)
fn own_bindings(raw: RawXml) -> RawXml {
    let text = raw.as_str();
    let start_tag = &text[..text.find('>').unwrap_or(text.len())];
    let kept: Vec<_> = raw
        .namespaces()
        .iter()
        .filter(|b| {
            if b.prefix.is_empty() {
                !start_tag.contains("xmlns=")
            } else {
                text.contains(&format!("{}:", b.prefix))
                    && !start_tag.contains(&format!("xmlns:{}=", b.prefix))
            }
        })
        .cloned()
        .collect();
    if kept.len() == raw.namespaces().len() {
        return raw;
    }
    RawXml::new_unchecked(raw.as_bytes().clone(), kept)
}

fn stix_out(list: &[RawXml], w: &mut XmlWriter<'_>) {
    for s in list {
        w.raw_whole_element(s);
    }
}

crate::codec::element! {
    /// A feed's content for a time range (D1-M-10).
    pub struct PollResponse {
        /// Ids and extended headers.
        header: Header = flat,
        /// Lower bound of the range covered, as written.
        begin_timestamp: Option<String> = with(begin_timestamp, begin_timestamp_out),
        /// Upper bound of the range covered, as written.
        end_timestamp: String = with(required_end_timestamp, required_end_timestamp_out),
        /// The subscription served.
        subscription_id: Option<String> = child "subscription-id",
        /// A human-readable message.
        message: Option<String> = child "message",
        /// The STIX Version ID of every payload.
        content_binding: String = child "content-binding",
        /// The `stix:STIX` elements, verbatim.
        stix: Vec<RawXml> = with(stix, stix_out),
    }
    new: "A response without payloads.";
}

crate::codec::element! {
    /// Pushes STIX content to an Inbox (D1-M-11).
    pub struct StixMessage {
        /// Ids and extended headers.
        header: Header = flat,
        /// The subscription fulfilled.
        subscription_id: Option<String> = child "subscription-id",
        /// A human-readable message.
        message: Option<String> = child "message",
        /// The STIX Version ID of every payload.
        content_binding: String = child "content-binding",
        /// The `stix:STIX` elements (1-n), verbatim.
        arg stix: Vec<RawXml> = with(stix, stix_out),
    }
    new: "A push of `stix` payloads.";
    check: some_stix;
}

fn begin_timestamp<'a>(c: &mut Cursor<'a>, el: &Element<'a>, _: Ns) -> Result<Option<String>> {
    datetime_element(c, el, "begin-timestamp")
}

fn begin_timestamp_out(t: &Option<String>, w: &mut XmlWriter<'_>) {
    w.opt_text_element("begin-timestamp", t.as_deref());
}

fn end_timestamp<'a>(c: &mut Cursor<'a>, el: &Element<'a>, _: Ns) -> Result<Option<String>> {
    datetime_element(c, el, "end-timestamp")
}

fn end_timestamp_out(t: &Option<String>, w: &mut XmlWriter<'_>) {
    w.opt_text_element("end-timestamp", t.as_deref());
}

fn required_end_timestamp<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<String> {
    end_timestamp(c, el, ns)?.ok_or_else(|| c.error_in(el, K::MissingElement("end-timestamp")))
}

fn required_end_timestamp_out(t: &str, w: &mut XmlWriter<'_>) {
    w.text_element("end-timestamp", t);
}

/// A `subscription-id` or a `content-binding` (D1-M-9).
fn selection<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<PollSelection> {
    if let Some(id) = crate::common::opt_string_element(c, el, ns, "subscription-id")? {
        return Ok(PollSelection::SubscriptionId(id));
    }
    if let Some(cb) = crate::common::opt_string_element(c, el, ns, "content-binding")? {
        return Ok(PollSelection::ContentBinding(cb));
    }
    let e = "a TAXII_PollRequest needs a subscription-id or a content-binding";
    Err(c.error_in(el, K::Constraint(e.into())).with_rule("D1-M-9"))
}

fn selection_out(s: &PollSelection, w: &mut XmlWriter<'_>) {
    match s {
        PollSelection::SubscriptionId(id) => w.text_element("subscription-id", id),
        PollSelection::ContentBinding(cb) => w.text_element("content-binding", cb),
    }
}

/// A STIX message carries at least one `stix:STIX` (D1-M-11).
fn some_stix(c: &Cursor<'_>, el: &Element<'_>, m: &StixMessage) -> Result<()> {
    if m.stix.is_empty() {
        return Err(c
            .error_in(el, K::MissingElement("stix:STIX"))
            .with_rule("D1-M-11"));
    }
    Ok(())
}

impl crate::text::Describe for PollSelection {
    fn describe(&self, t: &mut crate::text::Text<'_, '_>, _: &str) -> std::fmt::Result {
        match self {
            PollSelection::SubscriptionId(s) => t.line("Subscription ID", s),
            PollSelection::ContentBinding(s) => t.line("Content Binding", s),
        }
    }
}
