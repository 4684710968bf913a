//! Status_Message (checklist §2.1) and its status details (§3, §4.5).

use crate::codec::{Elem, Name};
use crate::common::*;
use crate::ids::{MessageId, Uri};
use crate::namespaces::Ns;
use crate::raw_xml::RawXml;
use crate::status::StatusType;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

/// Names of the defined status details.
pub mod detail {
    /// DESTINATION_COLLECTION_ERROR: a collection the sender may target (ST-4).
    pub const ACCEPTABLE_DESTINATION: &str = "ACCEPTABLE_DESTINATION";
    /// INVALID_RESPONSE_PART: the largest valid part number (ST-6).
    pub const MAX_PART_NUMBER: &str = "MAX_PART_NUMBER";
    /// NOT_FOUND: the missing target (ST-8).
    pub const ITEM: &str = "ITEM";
    /// PENDING and RETRY: seconds to wait (ST-9, ST-11).
    pub const ESTIMATED_WAIT: &str = "ESTIMATED_WAIT";
    /// PENDING: the result set's id (ST-9).
    pub const RESULT_ID: &str = "RESULT_ID";
    /// PENDING: whether results will be pushed (ST-9).
    pub const WILL_PUSH: &str = "WILL_PUSH";
    /// UNSUPPORTED_MESSAGE: a supported message binding (ST-14).
    pub const SUPPORTED_BINDING: &str = "SUPPORTED_BINDING";
    /// UNSUPPORTED_CONTENT: a supported content binding (ST-15).
    pub const SUPPORTED_CONTENT: &str = "SUPPORTED_CONTENT";
    /// UNSUPPORTED_PROTOCOL: a supported protocol binding (ST-16).
    pub const SUPPORTED_PROTOCOL: &str = "SUPPORTED_PROTOCOL";
    /// UNSUPPORTED_QUERY: a supported query format (ST-17).
    pub const SUPPORTED_QUERY: &str = "SUPPORTED_QUERY";
    /// UNSUPPORTED_CAPABILITY_MODULE: a supported module (TST-1).
    pub const CAPABILITY_MODULE: &str = "CAPABILITY_MODULE";
    /// UNSUPPORTED_TARGETING_EXPRESSION: a preferred scope (TST-2).
    pub const PREFERRED_SCOPE: &str = "PREFERRED_SCOPE";
    /// UNSUPPORTED_TARGETING_EXPRESSION: an allowed scope (TST-2).
    pub const ALLOWED_SCOPE: &str = "ALLOWED_SCOPE";
    /// UNSUPPORTED_TARGETING_EXPRESSION_ID: a supported vocabulary (TST-3).
    pub const TARGETING_EXPRESSION_ID: &str = "TARGETING_EXPRESSION_ID";
}

/// One status detail: a name and a value of any XML (SM11-6, SM11-7).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StatusDetail {
    /// The detail name.
    pub name: Uri,
    /// The value, verbatim.
    pub value: RawXml,
}

impl StatusDetail {
    /// A detail with a value of any XML.
    pub fn new(name: Uri, value: RawXml) -> Self {
        StatusDetail { name, value }
    }

    /// A detail whose value is text.
    pub fn text(name: &str, value: &str) -> Self {
        StatusDetail {
            name: Uri::new(name).expect("detail names are non-empty URIs"),
            value: RawXml::from_text(value),
        }
    }
}

crate::codec::element! {
    /// Reports the outcome of a request: a status type, details and a message (§2.1, §3).
    ///
    /// Details are kept in order, unknown ones included; the typed accessors read the
    /// defined ones.
    pub struct StatusMessage {
        message_id,
        /// The request's id (`0` when it was unreadable).
        in_response_to: MessageId = attr,
        /// The status type.
        status_type: StatusType = attr,
        extended_headers,
        /// Status details, in order.
        details: Vec<StatusDetail> = with(details, details_out),
        message,
        signature,
    }
    new: "A status message without details.";
}

impl StatusMessage {
    /// Adds a detail with a text value.
    pub fn with_detail(mut self, name: &str, value: &str) -> Self {
        self.details.push(StatusDetail::text(name, value));
        self
    }

    /// Sets the human-readable message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// A PENDING status with its three required details (ST-9).
    pub fn pending(
        message_id: MessageId,
        in_response_to: MessageId,
        estimated_wait: u64,
        result_id: &Uri,
        will_push: bool,
    ) -> Self {
        StatusMessage::new(message_id, in_response_to, StatusType::Pending)
            .with_detail(detail::ESTIMATED_WAIT, &estimated_wait.to_string())
            .with_detail(detail::RESULT_ID, result_id.as_str())
            .with_detail(detail::WILL_PUSH, if will_push { "true" } else { "false" })
    }

    /// The text values of every detail named `name`, in order.
    pub fn detail_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = String> + 's {
        self.details
            .iter()
            .filter(move |d| d.name.as_str() == name)
            .filter_map(|d| d.value.text())
    }

    pub(crate) fn first_detail(&self, name: &str) -> Option<String> {
        self.detail_values(name).next()
    }

    /// PENDING / RETRY: seconds to wait.
    pub fn estimated_wait(&self) -> Option<u64> {
        self.first_detail(detail::ESTIMATED_WAIT)
            .and_then(|v| parse_u64(&v))
    }
    /// PENDING: the result id.
    pub fn result_id(&self) -> Option<Uri> {
        self.first_detail(detail::RESULT_ID)
            .and_then(|v| Uri::new(v).ok())
    }
    /// PENDING: whether the results will be pushed.
    pub fn will_push(&self) -> Option<bool> {
        self.first_detail(detail::WILL_PUSH)
            .and_then(|v| parse_bool(&v.to_ascii_lowercase()))
    }
    /// INVALID_RESPONSE_PART: the largest valid part number.
    pub fn max_part_number(&self) -> Option<u64> {
        self.first_detail(detail::MAX_PART_NUMBER)
            .and_then(|v| parse_u64(&v))
    }
    /// NOT_FOUND: the missing item.
    pub fn item(&self) -> Option<String> {
        self.first_detail(detail::ITEM)
    }
}

/// The accessors of the details that list values: name, detail, doc.
macro_rules! detail_lists {
    ($($name:ident: $detail:ident, $doc:literal;)*) => {
        impl StatusMessage {
            $(
                #[doc = $doc]
                pub fn $name(&self) -> Vec<String> {
                    self.detail_values(detail::$detail).collect()
                }
            )*
        }
    };
}

detail_lists! {
    supported_bindings: SUPPORTED_BINDING, "UNSUPPORTED_MESSAGE: supported message bindings.";
    supported_content: SUPPORTED_CONTENT, "UNSUPPORTED_CONTENT: supported content bindings.";
    supported_protocols: SUPPORTED_PROTOCOL, "UNSUPPORTED_PROTOCOL: supported protocol bindings.";
    supported_queries: SUPPORTED_QUERY, "UNSUPPORTED_QUERY: supported query formats.";
    acceptable_destinations: ACCEPTABLE_DESTINATION,
        "DESTINATION_COLLECTION_ERROR: collections the sender may target.";
    capability_modules: CAPABILITY_MODULE, "UNSUPPORTED_CAPABILITY_MODULE: supported modules.";
    preferred_scopes: PREFERRED_SCOPE, "UNSUPPORTED_TARGETING_EXPRESSION: preferred scopes.";
    allowed_scopes: ALLOWED_SCOPE, "UNSUPPORTED_TARGETING_EXPRESSION: allowed scopes.";
    targeting_expression_ids: TARGETING_EXPRESSION_ID,
        "UNSUPPORTED_TARGETING_EXPRESSION_ID: supported vocabularies.";
}

impl Elem for StatusDetail {
    fn decode_elem<'a>(c: &mut Cursor<'a>, mut el: Element<'a>, _: Ns, _: Name) -> Result<Self> {
        let name = uri_attr(c, &mut el, "name")?;
        let value = c.raw_content(el)?;
        Ok(StatusDetail { name, value })
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.raw_element(local, &[("name", self.name.as_str())], &self.value);
    }
}

/// An optional `Status_Detail` holding one or more `Detail` (SM11-6).
fn details<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Vec<StatusDetail>> {
    let Some(list) = c.child(el, ns, "Status_Detail")? else {
        return Ok(Vec::new());
    };
    let details = c.children(&list, ns, "Detail", |c, d| {
        StatusDetail::decode_elem(c, d, ns, "Detail")
    })?;
    if details.is_empty() {
        let e = c.error_in(&list, K::MissingElement("Detail"));
        return Err(e.with_rule("SM11-6"));
    }
    c.end(list)?;
    Ok(details)
}

fn details_out(details: &[StatusDetail], w: &mut XmlWriter<'_>) {
    if !details.is_empty() {
        w.start("Status_Detail");
        for d in details {
            d.encode_elem(w, "Detail");
        }
        w.end("Status_Detail");
    }
}
