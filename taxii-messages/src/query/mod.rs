//! TAXII Default Query 1.0 (checklist §4): queries, query information, capability modules.
//!
//! A [`Test`] keeps its capability module id, relationship and parameters as written, so
//! any query round-trips unchanged. Tests of the three defined modules (core, regex,
//! timestamp) are checked against their module's rules when decoded, and
//! [`Test::relationship`] gives them typed ([`Relationship`]); tests of third-party modules
//! pass unchecked.
//!
//! ```
//! use taxii_messages::query::{Criteria, Criterion, MatchType, Operator, Relationship, Test};
//!
//! let test = Test::from(Relationship::Equals {
//!     match_type: MatchType::CaseInsensitiveString,
//!     value: "evil.example.com".into(),
//! });
//! let criteria = Criteria::new(Operator::And, vec![], vec![Criterion::new("**/Value", test)]);
//! assert_eq!(criteria.criterion[0].test.relationship, "equals");
//! ```

mod capability;
mod codec;
pub mod compact;
mod targeting;
mod text;

pub use capability::{CapabilityError, MatchType, Number, Relationship, CORE, REGEX, TIMESTAMP};
pub use targeting::{check_stix_expression, is_stix_vocabulary};

pub(crate) use codec::encode_in_query_ns;

use crate::ids::Uri;

/// The Query Format ID of the Default Query (VID-7).
pub const FORMAT_ID: &str = "urn:taxii.mitre.org:query:default:1.0";

crate::codec::element! {
    /// A Default Query: a targeting vocabulary and the top-level criteria (TQ-1..TQ-4).
    pub struct DefaultQuery {
        /// The targeting expression vocabulary (e.g. the STIX content binding id).
        targeting_expression_id: Uri = attr,
        /// The top-level criteria.
        criteria: Criteria = child "Criteria",
    }
    new: "A query over `targeting_expression_id` with the given criteria.";
    text: custom;
}

crate::wire_enum::wire_enum! {
    /// `AND` / `OR` (EN-7).
    pub enum Operator {
        /// True iff every child is true.
        And = "AND",
        /// True iff any child is true.
        Or = "OR",
    }
}

/// Criteria: an operator over nested criteria and criterion (TQ-4..TQ-6).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Criteria {
    /// How the children combine.
    pub operator: Operator,
    /// Nested criteria (written before the criterion children, AMB-4).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub criteria: Vec<Criteria>,
    /// Criterion children.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
    pub criterion: Vec<Criterion>,
}

crate::codec::element! {
    /// One test applied to a target (TQ-7..TQ-9).
    pub struct Criterion {
        /// Invert the test's result; `None` when the attribute is absent (false).
        negate: Option<bool> = attr,
        /// The targeting expression.
        target: String = child "Target",
        /// The test.
        test: Test = child "Test",
    }
    new: "A criterion applying `test` to `target`.";
    text: custom;
}

crate::codec::element! {
    /// A capability module's relationship with its parameters (TQ-10..TQ-13).
    pub struct Test {
        /// The capability module id.
        capability_id: Uri = attr,
        /// The relationship name.
        relationship: String = attr,
        /// Parameters as (name, value) pairs, in order.
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        arg parameters: Vec<(String, String)> = with(codec::parameters, codec::parameters_out),
    }
    new: "A test of `relationship` from capability module `capability_id`.";
}

crate::codec::element! {
    /// What a service supports of the Default Query (TQI-1..TQI-6).
    pub struct DefaultQueryInfo {
        /// One entry per supported targeting vocabulary (1-n).
        arg targeting_expression_infos: Vec<TargetingExpressionInfo> = with(codec::infos, codec::infos_out),
        /// Supported capability module ids (1-n).
        arg capability_modules: Vec<Uri> = with(codec::modules, codec::modules_out),
    }
    new: "Query information for the given vocabularies and modules.";
    text: custom;
}

crate::codec::element! {
    /// The scopes supported for one targeting vocabulary (TQI-2..TQI-5).
    pub struct TargetingExpressionInfo {
        /// The vocabulary id.
        targeting_expression_id: Uri = attr,
        /// Preferred scopes (targeting expressions).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        arg preferred_scope: Vec<String> = child "Preferred_Scope",
        /// Allowed scopes (targeting expressions).
        #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Vec::is_empty"))]
        arg allowed_scope: Vec<String> = child "Allowed_Scope",
    }
    new: "Scopes supported for one vocabulary.";
}

impl Criteria {
    /// Criteria combining `criteria` and `criterion` with `operator`.
    pub fn new(operator: Operator, criteria: Vec<Criteria>, criterion: Vec<Criterion>) -> Self {
        Criteria {
            operator,
            criteria,
            criterion,
        }
    }
}

impl Criterion {
    /// The same criterion with its result inverted.
    pub fn negated(mut self) -> Self {
        self.negate = Some(true);
        self
    }
}

impl Test {
    /// The typed relationship of a test of one of the three defined capability modules;
    /// `Ok(None)` for a third-party module. The error carries the checklist row broken.
    pub fn relationship(&self) -> Result<Option<Relationship>, (CapabilityError, &'static str)> {
        Relationship::parse(
            self.capability_id.as_str(),
            &self.relationship,
            &self.parameters,
        )
    }
}

impl From<Relationship> for Test {
    fn from(r: Relationship) -> Self {
        Test {
            capability_id: Uri::new(r.capability_id()).expect("module ids are valid URIs"),
            relationship: r.name().to_owned(),
            parameters: r.parameters(),
        }
    }
}
