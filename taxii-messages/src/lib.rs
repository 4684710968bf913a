//! TAXII 1.x messages with their XML binding.
//!
//! The message model of TAXII 1.1 (Services 1.1, XML Message Binding 1.1, Default Query
//! 1.0) and TAXII 1.0 (Services 1.0, XML Message Binding 1.0, module [`v10`]), decoded and
//! encoded. No IO: bytes in, typed values out, and back.
//!
//! ```
//! use taxii_messages::{decode, Message, v11};
//!
//! let xml = br#"<taxii_11:Discovery_Request
//!     xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
//!     message_id="42"/>"#;
//! let msg = decode(xml).unwrap();
//! let Message::V11(v11::Message::DiscoveryRequest(req)) = &msg else { panic!() };
//! assert_eq!(req.message_id.as_str(), "42");
//! let again = decode(msg.to_xml().as_bytes()).unwrap();
//! assert_eq!(again, msg);
//! ```
//!
//! # Decoding: liberal in what we accept, exact in what we send
//!
//! [`decode`] picks the version and message type from the root element's namespace and
//! name (any prefix): `…/taxii_xml_binding-1.1` is TAXII 1.1, `…/taxii_xml_binding-1`
//! TAXII 1.0; a message of one version in the other's namespace is an error that says so.
//! A [`DecodeError`] carries the byte offset, line:column, element path and the checklist
//! rule broken, and maps to the status a server should answer ([`StatusType::from`]).
//!
//! Decoding accepts every message the official XSDs accept, plus the documented
//! deviations of real peers, and keeps values as written. It fails on malformed XML, DTDs
//! and entities, [`Limits`], bad UTF-8, and what the XSDs refuse (structure, order,
//! cardinality, simple types, enumerations, the choices they encode, version, namespace).
//! The rules the specifications add beyond the XSDs are checked by [`Message::validate`]
//! ([`validate`]), each broken one a [`Diagnostic`]; everything a sender builds should
//! have no MUST diagnostic. [`DecodeOptions`] picks a [`DecodeLevel`].
//!
//! ```
//! use taxii_messages::{decode, decode_with, DecodeOptions};
//!
//! // Schema-valid, but `equals` needs a `match_type` (REL-1): decodes, then a diagnostic.
//! let xml = br#"<taxii_11:Poll_Request
//!     xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
//!     xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1"
//!     message_id="1" collection_name="c"><taxii_11:Poll_Parameters>
//!   <taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0">
//!     <tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1">
//!       <tdq:Criteria operator="AND"><tdq:Criterion><tdq:Target>**/Title</tdq:Target>
//!         <tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="equals">
//!           <tdq:Parameter name="value">x</tdq:Parameter></tdq:Test>
//!       </tdq:Criterion></tdq:Criteria>
//!     </tdq:Default_Query></taxii_11:Query></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"#;
//! let found = decode(xml).unwrap().validate();
//! assert_eq!(found[0].rule, "REL-1");
//! let strict = decode_with(xml.to_vec().into(), &DecodeOptions::strict()).unwrap_err();
//! assert_eq!(strict.rule(), Some("REL-1"));
//! ```
//!
//! Untrusted input is safe to decode: DTDs are refused, no entity is expanded, nothing
//! external is ever read, and [`Limits`] bound size, depth, width and names.
//!
//! # Versions and conversion
//!
//! [`v11`] and [`v10`] hold the messages of each version; [`convert`] translates between
//! corresponding 1.0 and 1.1 messages with `TryFrom`, reporting any field the target
//! version cannot express. [`draft1`] reads and writes the TAXII 1.0 Draft 1 format of
//! 2012 (namespace `http://taxii.mitre.org/messages/xml/1`, its own [`draft1::decode`]) and
//! converts it to TAXII 1.0.
//!
//! # Content
//!
//! Payloads (`Content`, extended header and status detail values, unknown queries,
//! `ds:Signature`) are [`RawXml`], written back unchanged; built by hand, they are checked
//! ([`RawXml::new`], [`RawXml::try_from_text`]) so malformed content cannot reach the wire.
//!
//! # Features
//!
//! | feature | what |
//! | --- | --- |
//! | `serde` | `Serialize`/`Deserialize` for every message (JSON and other formats) |
//! | `chrono` (default) | `Timestamp` from and to `chrono` 0.4 date-times; the only place a non-1.0 dependency's types appear in this crate's API |
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

/// The crate README's example, compiled and run as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

mod codec;
mod common;
mod contact;
pub mod convert;
mod decode;
pub mod draft1;
mod error;
mod ids;
mod limits;
mod message_enum;
pub mod namespaces;
mod plain_messages;
pub mod query;
mod raw_xml;
mod status;
pub mod stream;
mod text;
mod timestamp;
pub mod v10;
pub mod v11;
pub mod validate;
mod wire_enum;
mod xml;

use bytes::Bytes;

pub use common::ExtendedHeader;
pub use error::{DecodeError, DecodeErrorKind};
pub use ids::{
    DigitIds, IdError, MessageId, MessageIdGenerator, SequentialGenerator, Uri, UuidGenerator,
};
pub use limits::Limits;
pub use namespaces::NamespaceBinding;
pub use raw_xml::RawXml;
pub use status::StatusType;
pub use timestamp::{Timestamp, TimestampError};
pub use validate::{Diagnostic, Requirement};

pub(crate) use decode::{decode_document, forbidden_char, forbidden_char_kind, unknown_root};

/// A TAXII message of any supported version.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "version", content = "message"))]
#[non_exhaustive]
pub enum Message {
    /// TAXII 1.1.
    #[cfg_attr(feature = "serde", serde(rename = "1.1"))]
    V11(v11::Message),
    /// TAXII 1.0.
    #[cfg_attr(feature = "serde", serde(rename = "1.0"))]
    V10(v10::Message),
}

/// `$body` with `$m` bound to the message inside a [`Message`], whatever its version.
macro_rules! each_version {
    ($message:expr, $m:ident => $body:expr) => {
        match $message {
            $crate::Message::V11($m) => $body,
            $crate::Message::V10($m) => $body,
        }
    };
}
pub(crate) use each_version;

impl Message {
    /// Appends the XML encoding to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        each_version!(self, m => m.encode_into(out))
    }

    /// The XML encoding as a string.
    pub fn to_xml(&self) -> String {
        each_version!(self, m => m.to_xml())
    }

    /// The message's id.
    pub fn message_id(&self) -> &MessageId {
        each_version!(self, m => m.message_id())
    }

    /// Replaces the message's id (e.g. when a gateway forwards it under its own ids).
    pub fn set_message_id(&mut self, id: MessageId) {
        *each_version!(self, m => m.message_id_mut()) = id;
    }

    /// The id of the request a response answers (`None` for requests).
    pub fn in_response_to(&self) -> Option<&MessageId> {
        each_version!(self, m => m.in_response_to())
    }

    /// Replaces the id of the request a response answers; returns `false` (and changes
    /// nothing) for a request, which has no `in_response_to`.
    pub fn set_in_response_to(&mut self, id: MessageId) -> bool {
        let slot = each_version!(self, m => m.in_response_to_mut());
        slot.map(|s| *s = id).is_some()
    }

    /// The root element name.
    pub fn root_element(&self) -> &'static str {
        each_version!(self, m => m.root_element())
    }
}

impl From<v11::Message> for Message {
    fn from(m: v11::Message) -> Self {
        Message::V11(m)
    }
}

impl From<v10::Message> for Message {
    fn from(m: v10::Message) -> Self {
        Message::V10(m)
    }
}

/// How much of the specifications decoding enforces.
///
/// Decoding always checks well-formedness, refuses DTDs and entities, applies [`Limits`],
/// requires UTF-8, and checks what the official XSDs check (structure, order, cardinality,
/// simple types, enumerations, the choices they encode) and the version and namespace. The
/// level decides the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum DecodeLevel {
    /// The XSDs plus the documented deviations of real peers (a TAXII 1.0 `Feed` without
    /// `Content_Binding`, AMB-27; operators `and`/`or` in lower case, AMB-25). Spec rules
    /// beyond the XSDs are left to [`Message::validate`].
    #[default]
    Permissive,
    /// The XSDs to the letter: the peers' deviations are refused too.
    Schema,
    /// [`DecodeLevel::Schema`] plus every MUST diagnostic of [`Message::validate`] as an error.
    Strict,
}

/// How to decode: limits and the [`DecodeLevel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Resource limits.
    pub limits: Limits,
    /// How much of the specifications is enforced.
    pub level: DecodeLevel,
}

impl DecodeOptions {
    /// Permissive decoding with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        let level = DecodeLevel::default();
        DecodeOptions { limits, level }
    }

    /// Decoding at `level` with default limits.
    pub fn with_level(level: DecodeLevel) -> Self {
        let limits = Limits::default();
        DecodeOptions { limits, level }
    }

    /// Permissive decoding with default limits (the default).
    pub fn permissive() -> Self {
        Self::with_level(DecodeLevel::Permissive)
    }

    /// The XSDs to the letter, with default limits.
    pub fn schema() -> Self {
        Self::with_level(DecodeLevel::Schema)
    }

    /// The XSDs plus the MUST rules of [`Message::validate`], with default limits.
    pub fn strict() -> Self {
        Self::with_level(DecodeLevel::Strict)
    }

    /// Whether the peers' documented deviations are accepted.
    pub(crate) fn peer_leniency(&self) -> bool {
        self.level == DecodeLevel::Permissive
    }
}

/// Decodes a message from bytes (copied once into a shared buffer).
pub fn decode(input: &[u8]) -> Result<Message, DecodeError> {
    decode_with(Bytes::copy_from_slice(input), &DecodeOptions::default())
}

/// Decodes a message from a shared buffer; content slices point into it (no copy).
pub fn decode_bytes(input: Bytes) -> Result<Message, DecodeError> {
    decode_with(input, &DecodeOptions::default())
}

/// Decodes with explicit options.
pub fn decode_with(input: Bytes, options: &DecodeOptions) -> Result<Message, DecodeError> {
    let msg = decode::decode_schema(input.clone(), options)?;
    if options.level != DecodeLevel::Strict {
        return Ok(msg);
    }
    validate::first_must(&msg.validate(), &input).map_or(Ok(msg), Err)
}

/// A readable text form: the version, then the message (like libtaxii's `to_text`).
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let version = match self {
            Message::V11(_) => "1.1",
            Message::V10(_) => "1.0",
        };
        writeln!(f, "TAXII {version}")?;
        each_version!(self, m => std::fmt::Display::fmt(m, f))
    }
}
