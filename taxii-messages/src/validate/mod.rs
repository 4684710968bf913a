//! Spec rules beyond the XSDs, checked on a decoded or built message.
//!
//! Decoding accepts what the official schemas accept; the rules the specifications add
//! (most bind the sender) are reported here as [`Diagnostic`]s: the checklist row, the
//! element path, the requirement level and a text. A receiver answers a broken rule with
//! the status the spec names, or ignores the field; a sender fixes the message.
//!
//! ```
//! use taxii_messages::{decode, Requirement};
//!
//! let xml = br#"<taxii_11:Poll_Request
//!     xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
//!     message_id="1" collection_name="c">
//!   <taxii_11:Poll_Parameters allow_asynch="false">
//!     <taxii_11:Delivery_Parameters>
//!       <taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding>
//!       <taxii_11:Address>http://example.com/inbox</taxii_11:Address>
//!       <taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding>
//!     </taxii_11:Delivery_Parameters>
//!   </taxii_11:Poll_Parameters>
//! </taxii_11:Poll_Request>"#;
//! let msg = decode(xml).unwrap(); // schema-valid, so it decodes
//! let found = msg.validate();
//! assert_eq!(found[0].rule, "C11-3");
//! assert_eq!(found[0].level, Requirement::Must);
//! assert_eq!(found[0].path, "/Poll_Request/Poll_Parameters");
//! ```

mod query;
mod v10;
mod v11;

use std::fmt;

/// How strongly the specification states a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum Requirement {
    /// MUST / MUST NOT / REQUIRED.
    Must,
    /// SHOULD / SHOULD NOT / RECOMMENDED.
    Should,
}

impl Requirement {
    /// `MUST` or `SHOULD`.
    pub fn as_str(self) -> &'static str {
        match self {
            Requirement::Must => "MUST",
            Requirement::Should => "SHOULD",
        }
    }
}

/// One spec rule a message breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Diagnostic {
    /// The checklist row (e.g. `C11-3`).
    pub rule: &'static str,
    /// The element path, e.g. `/Poll_Request/Poll_Parameters`.
    pub path: String,
    /// MUST or SHOULD.
    pub level: Requirement,
    /// What is wrong.
    pub text: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (level, rule) = (self.level.as_str(), self.rule);
        write!(f, "{level} {rule} at {}: {}", self.path, self.text)
    }
}

/// Collects diagnostics while walking a message, tracking the element path.
pub(crate) struct Report {
    path: Vec<String>,
    found: Vec<Diagnostic>,
}

impl Report {
    /// The diagnostics `walk` finds in a message whose root element is `root`.
    fn run(root: &str, walk: impl FnOnce(&mut Self)) -> Vec<Diagnostic> {
        let (path, found) = (vec![root.to_owned()], Vec::new());
        let mut r = Report { path, found };
        walk(&mut r);
        r.found
    }

    /// Runs `f` one element deeper.
    pub(crate) fn within(&mut self, element: impl Into<String>, f: impl FnOnce(&mut Self)) {
        self.path.push(element.into());
        f(self);
        self.path.pop();
    }

    /// Runs `f` for each item, one element deeper (`name[i]`, 1-based, when several).
    pub(crate) fn each<T>(&mut self, name: &str, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        for (i, item) in items.iter().enumerate() {
            let seg = if items.len() > 1 {
                format!("{name}[{}]", i + 1)
            } else {
                name.to_owned()
            };
            self.within(seg, |r| f(r, item));
        }
    }

    fn push(&mut self, level: Requirement, rule: &'static str, text: impl Into<String>) {
        self.found.push(Diagnostic {
            rule,
            path: format!("/{}", self.path.join("/")),
            level,
            text: text.into(),
        });
    }

    /// A broken MUST rule.
    pub(crate) fn must(&mut self, rule: &'static str, text: impl Into<String>) {
        self.push(Requirement::Must, rule, text);
    }

    /// A broken SHOULD rule.
    pub(crate) fn should(&mut self, rule: &'static str, text: impl Into<String>) {
        self.push(Requirement::Should, rule, text);
    }
}

use crate::Message;

impl Message {
    /// The spec rules beyond the XSDs this message breaks (empty when none).
    pub fn validate(&self) -> Vec<Diagnostic> {
        crate::each_version!(self, m => m.validate())
    }
}

impl crate::v11::Message {
    /// The spec rules beyond the XSDs this message breaks (empty when none).
    pub fn validate(&self) -> Vec<Diagnostic> {
        Report::run(self.root_element(), |r| v11::message(r, self))
    }
}

impl crate::v10::Message {
    /// The spec rules beyond the XSDs this message breaks (empty when none).
    pub fn validate(&self) -> Vec<Diagnostic> {
        Report::run(self.root_element(), |r| v10::message(r, self))
    }
}

/// The first MUST diagnostic as a decode error (strict decoding).
pub(crate) fn first_must(found: &[Diagnostic], input: &[u8]) -> Option<crate::DecodeError> {
    let d = found.iter().find(|d| d.level == Requirement::Must)?;
    let kind = crate::DecodeErrorKind::Constraint(d.text.clone());
    Some(crate::DecodeError::new(kind, 0, input, d.path.clone()).with_rule(d.rule))
}
