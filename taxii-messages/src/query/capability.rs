//! The three Default Query capability modules and their 17 relationships (checklist §4.4).

use std::fmt;

use crate::common::parse_bool;
use crate::timestamp::Timestamp;

/// Capability Module ID of the core module (VID-8).
pub const CORE: &str = "urn:taxii.mitre.org:query:capability:core-1";
/// Capability Module ID of the regular-expression module (VID-9).
pub const REGEX: &str = "urn:taxii.mitre.org:query:capability:regex-1";
/// Capability Module ID of the timestamp module (VID-10).
pub const TIMESTAMP: &str = "urn:taxii.mitre.org:query:capability:timestamp-1";

crate::wire_enum::wire_enum! {
    /// How core `equals` / `not_equals` compare (EN-8).
    pub enum MatchType {
        CaseSensitiveString = "case_sensitive_string",
        CaseInsensitiveString = "case_insensitive_string",
        Number = "number",
    }
}

/// A number as the numeric core relationships take it, kept as written: decimal or with an
/// exponent, the lexical space of `xs:double` without INF and NaN (AMB-26: "any number is
/// permitted"; libtaxii writes Python floats such as `2.5e-07` and `1e+20`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Number {
    /// Validates a number (surrounding whitespace removed).
    pub fn new(value: &str) -> Option<Self> {
        let v = value.trim();
        let (mantissa, exponent) = match v.find(['e', 'E']) {
            Some(i) => (&v[..i], Some(&v[i + 1..])),
            None => (v, None),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let digits = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mantissa_ok =
            all_digits(int) && all_digits(frac) && !(int.is_empty() && frac.is_empty());
        let exponent_ok = exponent.is_none_or(|e| {
            let d = e.strip_prefix(['+', '-']).unwrap_or(e);
            !d.is_empty() && all_digits(d)
        });
        (mantissa_ok && exponent_ok).then(|| Number(v.to_owned()))
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as a float (for comparisons).
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        Number::new(&s).ok_or_else(|| serde::de::Error::custom("not a decimal number"))
    }
}

/// Declares [`Relationship`] from a table, a row a relationship: the variant, its module,
/// its name as the specification spells it and its checklist row. A struct variant's fields
/// are the parameters of the same name; a tuple variant `(value: T)` takes `value`.
macro_rules! relationships {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $module:ident $name:literal $rule:literal
            $({ $($(#[$fdoc:meta])* $field:ident: $fty:ty,)* })? $(($tf:ident: $tty:ty))?,
    )*) => {
        /// A relationship of one of the three defined capability modules, with typed
        /// parameters.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(tag = "relationship", rename_all = "snake_case"))]
        #[non_exhaustive]
        pub enum Relationship {
            $($(#[$doc])* $variant $({ $($(#[$fdoc])* $field: $fty,)* })? $(($tty))?,)*
        }

        /// Every relationship: its module, name, checklist row and parameter names.
        const TABLE: &[(&str, &str, &str, &[&str])] = &[$((
            $module,
            $name,
            $rule,
            &[$($(stringify!($field)),*)? $(stringify!($tf))?],
        )),*];

        impl Relationship {
            /// Reads the parameters of `module`'s relationship `name`.
            fn read(
                module: &'static str,
                name: &str,
                p: &mut Params<'_>,
            ) -> Result<Self, CapabilityError> {
                Ok(match (module, name) {
                    $(($module, $name) => Self::$variant
                        $({ $($field: Param::read(p, stringify!($field))?,)* })?
                        $((Param::read(p, stringify!($tf))?))?,)*
                    _ => return Err(CapabilityError::UnknownRelationship {
                        module,
                        relationship: name.to_owned(),
                    }),
                })
            }

            /// The capability module id this relationship belongs to.
            pub fn capability_id(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $module,)*
                }
            }

            /// The relationship name as the specification spells it.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $name,)*
                }
            }

            /// The parameters as (name, value) pairs, in the order they are written.
            pub fn parameters(&self) -> Vec<(String, String)> {
                match self {
                    $(Self::$variant $({ $($field),* })? $(($tf))? => vec![
                        $($((stringify!($field).to_owned(), Param::text($field)),)*)?
                        $((stringify!($tf).to_owned(), Param::text($tf)),)?
                    ],)*
                }
            }
        }
    };
}

relationships! {
    /// core-1 `equals`: the whole target equals `value` (REL-1).
    Equals = CORE "equals" "REL-1" {
        /// How to compare.
        match_type: MatchType,
        /// The value compared with.
        value: String,
    },
    /// core-1 `not_equals` (REL-2).
    NotEquals = CORE "not_equals" "REL-2" {
        /// How to compare.
        match_type: MatchType,
        /// The value compared with.
        value: String,
    },
    /// core-1 `greater_than` (REL-3).
    GreaterThan = CORE "greater_than" "REL-3" (value: Number),
    /// core-1 `greater_than_or_equal` (REL-4).
    GreaterThanOrEqual = CORE "greater_than_or_equal" "REL-4" (value: Number),
    /// core-1 `less_than` (REL-5).
    LessThan = CORE "less_than" "REL-5" (value: Number),
    /// core-1 `less_than_or_equal` (REL-6).
    LessThanOrEqual = CORE "less_than_or_equal" "REL-6" (value: Number),
    /// core-1 `does_not_exist` (REL-7).
    DoesNotExist = CORE "does_not_exist" "REL-7",
    /// core-1 `exists` (REL-8).
    Exists = CORE "exists" "REL-8",
    /// core-1 `begins_with` (REL-9).
    BeginsWith = CORE "begins_with" "REL-9" {
        /// Compare case-sensitively (absent means true).
        case_sensitive: bool,
        /// The prefix.
        value: String,
    },
    /// core-1 `ends_with` (REL-10).
    EndsWith = CORE "ends_with" "REL-10" {
        /// Compare case-sensitively (absent means true).
        case_sensitive: bool,
        /// The suffix.
        value: String,
    },
    /// core-1 `contains` (REL-11).
    Contains = CORE "contains" "REL-11" {
        /// Compare case-sensitively (absent means true).
        case_sensitive: bool,
        /// The substring.
        value: String,
    },
    /// regex-1 `matches` (REL-12).
    Matches = REGEX "matches" "REL-12" {
        /// Match case-sensitively (absent means true, AMB-24).
        case_sensitive: bool,
        /// The regular expression (CybOX common subset).
        value: String,
    },
    /// timestamp-1 `equals` (REL-13).
    TimestampEquals = TIMESTAMP "equals" "REL-13" (value: Timestamp),
    /// timestamp-1 `greater_than` (REL-14).
    TimestampGreaterThan = TIMESTAMP "greater_than" "REL-14" (value: Timestamp),
    /// timestamp-1 `greater_than_or_equals` (REL-15).
    TimestampGreaterThanOrEquals = TIMESTAMP "greater_than_or_equals" "REL-15" (value: Timestamp),
    /// timestamp-1 `less_than` (REL-16).
    TimestampLessThan = TIMESTAMP "less_than" "REL-16" (value: Timestamp),
    /// timestamp-1 `less_than_or_equals` (REL-17).
    TimestampLessThanOrEquals = TIMESTAMP "less_than_or_equals" "REL-17" (value: Timestamp),
}

/// Why a test does not satisfy its capability module's rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CapabilityError {
    /// The module defines no relationship of that name.
    #[error("capability module `{module}` has no relationship `{relationship}`")]
    UnknownRelationship {
        /// The capability module id.
        module: &'static str,
        /// The relationship as written.
        relationship: String,
    },
    /// A required parameter is missing.
    #[error("relationship `{relationship}` requires the parameter `{parameter}`")]
    MissingParameter {
        /// The relationship.
        relationship: &'static str,
        /// The parameter.
        parameter: &'static str,
    },
    /// A parameter the relationship does not take, or one given twice.
    #[error("relationship `{relationship}` does not take {what} parameter `{parameter}`")]
    UnexpectedParameter {
        /// The relationship.
        relationship: &'static str,
        /// The parameter as written.
        parameter: String,
        /// `a` or `a second`.
        what: &'static str,
    },
    /// A parameter value outside its permitted values.
    #[error("parameter `{parameter}` of `{relationship}` is `{value}`, expected {expected}")]
    InvalidParameter {
        /// The relationship.
        relationship: &'static str,
        /// The parameter.
        parameter: &'static str,
        /// The value as written.
        value: String,
        /// What is permitted.
        expected: &'static str,
    },
}

/// Reads the relationship name of `module`, accepting both `_equal` and `_equals` endings
/// (FAQ TDQ-Q2 / E-13: the spelling differs between core and timestamp, and libtaxii writes
/// `_equal` for both, LT-17).
fn canonical_name(module: &str, relationship: &str) -> Option<(&'static str, &'static str)> {
    let alt = match relationship.strip_suffix('s') {
        Some(stem) if stem.ends_with("_or_equal") => stem.to_owned(),
        _ if relationship.ends_with("_or_equal") => format!("{relationship}s"),
        _ => String::new(),
    };
    TABLE
        .iter()
        .find(|(m, n, ..)| *m == module && (*n == relationship || (!alt.is_empty() && *n == alt)))
        .map(|&(_, n, rule, _)| (n, rule))
}

/// The parameter names of `module`'s relationship `name` as the specification spells it.
pub(super) fn parameter_names(module: &str, name: &str) -> Option<&'static [&'static str]> {
    let row = TABLE.iter().find(|(m, n, ..)| *m == module && *n == name);
    row.map(|&(.., params)| params)
}

/// The parameters of one test, checked off as they are read.
struct Params<'p> {
    relationship: &'static str,
    list: &'p [(String, String)],
    taken: Vec<bool>,
}

impl<'p> Params<'p> {
    fn get(&mut self, name: &'static str) -> Result<Option<&'p str>, CapabilityError> {
        let mut found = None;
        for (i, (n, v)) in self.list.iter().enumerate() {
            if n == name {
                if found.is_some() {
                    return Err(CapabilityError::UnexpectedParameter {
                        relationship: self.relationship,
                        parameter: n.clone(),
                        what: "a second",
                    });
                }
                self.taken[i] = true;
                found = Some(v.as_str());
            }
        }
        Ok(found)
    }

    fn required(&mut self, name: &'static str) -> Result<&'p str, CapabilityError> {
        self.get(name)?.ok_or(CapabilityError::MissingParameter {
            relationship: self.relationship,
            parameter: name,
        })
    }

    fn invalid(
        &self,
        parameter: &'static str,
        value: &str,
        expected: &'static str,
    ) -> CapabilityError {
        CapabilityError::InvalidParameter {
            relationship: self.relationship,
            parameter,
            value: crate::error::excerpt(value),
            expected,
        }
    }

    fn finish(self) -> Result<(), CapabilityError> {
        match self.taken.iter().position(|t| !t) {
            Some(i) => Err(CapabilityError::UnexpectedParameter {
                relationship: self.relationship,
                parameter: self.list[i].0.clone(),
                what: "a",
            }),
            None => Ok(()),
        }
    }
}

/// A relationship parameter's value: read from a test by name, written back as text.
trait Param: Sized {
    fn read(p: &mut Params<'_>, name: &'static str) -> Result<Self, CapabilityError>;
    fn text(&self) -> String;
}

impl Param for String {
    fn read(p: &mut Params<'_>, name: &'static str) -> Result<Self, CapabilityError> {
        p.required(name).map(str::to_owned)
    }
    fn text(&self) -> String {
        self.clone()
    }
}

impl Param for MatchType {
    fn read(p: &mut Params<'_>, name: &'static str) -> Result<Self, CapabilityError> {
        let v = p.required(name)?;
        MatchType::parse(v.trim()).ok_or_else(|| {
            let expected = "case_sensitive_string, case_insensitive_string or number (EN-8)";
            p.invalid(name, v, expected)
        })
    }
    fn text(&self) -> String {
        self.as_str().to_owned()
    }
}

/// `case_sensitive`: absent means true.
impl Param for bool {
    fn read(p: &mut Params<'_>, name: &'static str) -> Result<Self, CapabilityError> {
        match p.get(name)? {
            None => Ok(true),
            Some(v) => {
                parse_bool(v.trim()).ok_or_else(|| p.invalid(name, v, "true or false (EN-9)"))
            }
        }
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

impl Param for Number {
    fn read(p: &mut Params<'_>, name: &'static str) -> Result<Self, CapabilityError> {
        let v = p.required(name)?;
        Number::new(v)
            .ok_or_else(|| p.invalid(name, v, "a number, decimal or with an exponent (AMB-26)"))
    }
    fn text(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Param for Timestamp {
    fn read(p: &mut Params<'_>, name: &'static str) -> Result<Self, CapabilityError> {
        let v = p.required(name)?;
        Timestamp::parse(v.trim()).map_err(|_| p.invalid(name, v, "an RFC 3339 timestamp"))
    }
    fn text(&self) -> String {
        self.to_string()
    }
}

impl Relationship {
    /// Reads a test of a defined capability module; `Ok(None)` for any other module (whose
    /// rules are not known here).
    pub fn parse(
        capability_id: &str,
        relationship: &str,
        parameters: &[(String, String)],
    ) -> Result<Option<Relationship>, (CapabilityError, &'static str)> {
        let Some(module) = [CORE, REGEX, TIMESTAMP]
            .into_iter()
            .find(|m| *m == capability_id)
        else {
            return Ok(None);
        };
        let Some((name, rule)) = canonical_name(module, relationship) else {
            return Err((
                CapabilityError::UnknownRelationship {
                    module,
                    relationship: crate::error::excerpt(relationship),
                },
                "TQ-11",
            ));
        };
        let mut p = Params {
            relationship: name,
            list: parameters,
            taken: vec![false; parameters.len()],
        };
        let rel = Self::read(module, name, &mut p).map_err(|e| (e, rule))?;
        p.finish().map_err(|e| (e, rule))?;
        Ok(Some(rel))
    }
}
