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

/// How core `equals` / `not_equals` compare (EN-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum MatchType {
    /// `case_sensitive_string`.
    CaseSensitiveString,
    /// `case_insensitive_string`.
    CaseInsensitiveString,
    /// `number`.
    Number,
}

impl MatchType {
    /// The wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchType::CaseSensitiveString => "case_sensitive_string",
            MatchType::CaseInsensitiveString => "case_insensitive_string",
            MatchType::Number => "number",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "case_sensitive_string" => MatchType::CaseSensitiveString,
            "case_insensitive_string" => MatchType::CaseInsensitiveString,
            "number" => MatchType::Number,
            _ => return None,
        })
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

/// A relationship of one of the three defined capability modules, with typed parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "relationship", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Relationship {
    /// core-1 `equals`: the whole target equals `value` (REL-1).
    Equals {
        /// How to compare.
        match_type: MatchType,
        /// The value compared with.
        value: String,
    },
    /// core-1 `not_equals` (REL-2).
    NotEquals {
        /// How to compare.
        match_type: MatchType,
        /// The value compared with.
        value: String,
    },
    /// core-1 `greater_than` (REL-3).
    GreaterThan(Number),
    /// core-1 `greater_than_or_equal` (REL-4).
    GreaterThanOrEqual(Number),
    /// core-1 `less_than` (REL-5).
    LessThan(Number),
    /// core-1 `less_than_or_equal` (REL-6).
    LessThanOrEqual(Number),
    /// core-1 `does_not_exist` (REL-7).
    DoesNotExist,
    /// core-1 `exists` (REL-8).
    Exists,
    /// core-1 `begins_with` (REL-9).
    BeginsWith {
        /// Compare case-sensitively (absent means true).
        case_sensitive: bool,
        /// The prefix.
        value: String,
    },
    /// core-1 `ends_with` (REL-10).
    EndsWith {
        /// Compare case-sensitively (absent means true).
        case_sensitive: bool,
        /// The suffix.
        value: String,
    },
    /// core-1 `contains` (REL-11).
    Contains {
        /// Compare case-sensitively (absent means true).
        case_sensitive: bool,
        /// The substring.
        value: String,
    },
    /// regex-1 `matches` (REL-12).
    Matches {
        /// Match case-sensitively (absent means true, AMB-24).
        case_sensitive: bool,
        /// The regular expression (CybOX common subset).
        value: String,
    },
    /// timestamp-1 `equals` (REL-13).
    TimestampEquals(Timestamp),
    /// timestamp-1 `greater_than` (REL-14).
    TimestampGreaterThan(Timestamp),
    /// timestamp-1 `greater_than_or_equals` (REL-15).
    TimestampGreaterThanOrEquals(Timestamp),
    /// timestamp-1 `less_than` (REL-16).
    TimestampLessThan(Timestamp),
    /// timestamp-1 `less_than_or_equals` (REL-17).
    TimestampLessThanOrEquals(Timestamp),
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

/// The spec's relationship names per module, with the checklist row of each.
const CORE_NAMES: [(&str, &str); 11] = [
    ("equals", "REL-1"),
    ("not_equals", "REL-2"),
    ("greater_than", "REL-3"),
    ("greater_than_or_equal", "REL-4"),
    ("less_than", "REL-5"),
    ("less_than_or_equal", "REL-6"),
    ("does_not_exist", "REL-7"),
    ("exists", "REL-8"),
    ("begins_with", "REL-9"),
    ("ends_with", "REL-10"),
    ("contains", "REL-11"),
];
const TIMESTAMP_NAMES: [(&str, &str); 5] = [
    ("equals", "REL-13"),
    ("greater_than", "REL-14"),
    ("greater_than_or_equals", "REL-15"),
    ("less_than", "REL-16"),
    ("less_than_or_equals", "REL-17"),
];

/// Reads the relationship name of `module`, accepting both `_equal` and `_equals` endings
/// (FAQ TDQ-Q2 / E-13: the spelling differs between core and timestamp, and libtaxii writes
/// `_equal` for both, LT-17).
fn canonical_name(
    module: &'static str,
    relationship: &str,
) -> Option<(&'static str, &'static str)> {
    let names: &[(&'static str, &'static str)] = match module {
        CORE => &CORE_NAMES,
        TIMESTAMP => &TIMESTAMP_NAMES,
        _ => &[("matches", "REL-12")],
    };
    let alt = match relationship.strip_suffix('s') {
        Some(stem) if stem.ends_with("_or_equal") => stem.to_owned(),
        _ if relationship.ends_with("_or_equal") => format!("{relationship}s"),
        _ => String::new(),
    };
    names
        .iter()
        .find(|(n, _)| *n == relationship || (!alt.is_empty() && *n == alt))
        .copied()
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

    fn match_type(&mut self) -> Result<MatchType, CapabilityError> {
        let v = self.required("match_type")?;
        MatchType::parse(v.trim()).ok_or_else(|| {
            self.invalid(
                "match_type",
                v,
                "case_sensitive_string, case_insensitive_string or number (EN-8)",
            )
        })
    }

    fn case_sensitive(&mut self) -> Result<bool, CapabilityError> {
        match self.get("case_sensitive")? {
            None => Ok(true),
            Some(v) => parse_bool(v.trim())
                .ok_or_else(|| self.invalid("case_sensitive", v, "true or false (EN-9)")),
        }
    }

    fn number(&mut self) -> Result<Number, CapabilityError> {
        let v = self.required("value")?;
        Number::new(v).ok_or_else(|| {
            self.invalid("value", v, "a number, decimal or with an exponent (AMB-26)")
        })
    }

    fn timestamp(&mut self) -> Result<Timestamp, CapabilityError> {
        let v = self.required("value")?;
        Timestamp::parse(v.trim()).map_err(|_| self.invalid("value", v, "an RFC 3339 timestamp"))
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

impl Relationship {
    /// Reads a test of a defined capability module; `Ok(None)` for any other module (whose
    /// rules are not known here).
    pub fn parse(
        capability_id: &str,
        relationship: &str,
        parameters: &[(String, String)],
    ) -> Result<Option<Relationship>, (CapabilityError, &'static str)> {
        let module = match capability_id {
            CORE => CORE,
            REGEX => REGEX,
            TIMESTAMP => TIMESTAMP,
            _ => return Ok(None),
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

    fn read(module: &str, name: &str, p: &mut Params<'_>) -> Result<Self, CapabilityError> {
        use Relationship::*;
        let string = |p: &mut Params<'_>| p.required("value").map(str::to_owned);
        Ok(match (module, name) {
            (TIMESTAMP, "equals") => TimestampEquals(p.timestamp()?),
            (TIMESTAMP, "greater_than") => TimestampGreaterThan(p.timestamp()?),
            (TIMESTAMP, "greater_than_or_equals") => TimestampGreaterThanOrEquals(p.timestamp()?),
            (TIMESTAMP, "less_than") => TimestampLessThan(p.timestamp()?),
            (TIMESTAMP, _) => TimestampLessThanOrEquals(p.timestamp()?),
            (REGEX, _) => Matches {
                case_sensitive: p.case_sensitive()?,
                value: string(p)?,
            },
            (_, "equals") => Equals {
                match_type: p.match_type()?,
                value: string(p)?,
            },
            (_, "not_equals") => NotEquals {
                match_type: p.match_type()?,
                value: string(p)?,
            },
            (_, "greater_than") => GreaterThan(p.number()?),
            (_, "greater_than_or_equal") => GreaterThanOrEqual(p.number()?),
            (_, "less_than") => LessThan(p.number()?),
            (_, "less_than_or_equal") => LessThanOrEqual(p.number()?),
            (_, "does_not_exist") => DoesNotExist,
            (_, "exists") => Exists,
            (_, "begins_with") => BeginsWith {
                case_sensitive: p.case_sensitive()?,
                value: string(p)?,
            },
            (_, "ends_with") => EndsWith {
                case_sensitive: p.case_sensitive()?,
                value: string(p)?,
            },
            _ => Contains {
                case_sensitive: p.case_sensitive()?,
                value: string(p)?,
            },
        })
    }

    /// The capability module id this relationship belongs to.
    pub fn capability_id(&self) -> &'static str {
        use Relationship::*;
        match self {
            Matches { .. } => REGEX,
            TimestampEquals(_)
            | TimestampGreaterThan(_)
            | TimestampGreaterThanOrEquals(_)
            | TimestampLessThan(_)
            | TimestampLessThanOrEquals(_) => TIMESTAMP,
            _ => CORE,
        }
    }

    /// The relationship name as the specification spells it.
    pub fn name(&self) -> &'static str {
        use Relationship::*;
        match self {
            Equals { .. } | TimestampEquals(_) => "equals",
            NotEquals { .. } => "not_equals",
            GreaterThan(_) | TimestampGreaterThan(_) => "greater_than",
            GreaterThanOrEqual(_) => "greater_than_or_equal",
            LessThan(_) | TimestampLessThan(_) => "less_than",
            LessThanOrEqual(_) => "less_than_or_equal",
            DoesNotExist => "does_not_exist",
            Exists => "exists",
            BeginsWith { .. } => "begins_with",
            EndsWith { .. } => "ends_with",
            Contains { .. } => "contains",
            Matches { .. } => "matches",
            TimestampGreaterThanOrEquals(_) => "greater_than_or_equals",
            TimestampLessThanOrEquals(_) => "less_than_or_equals",
        }
    }

    /// The parameters as (name, value) pairs, in the order they are written.
    pub fn parameters(&self) -> Vec<(String, String)> {
        use Relationship::*;
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        let flag = |b: bool| if b { "true" } else { "false" };
        match self {
            Equals { match_type, value } | NotEquals { match_type, value } => {
                vec![
                    pair("match_type", match_type.as_str()),
                    pair("value", value),
                ]
            }
            GreaterThan(n) | GreaterThanOrEqual(n) | LessThan(n) | LessThanOrEqual(n) => {
                vec![pair("value", n.as_str())]
            }
            DoesNotExist | Exists => Vec::new(),
            BeginsWith {
                case_sensitive,
                value,
            }
            | EndsWith {
                case_sensitive,
                value,
            }
            | Contains {
                case_sensitive,
                value,
            }
            | Matches {
                case_sensitive,
                value,
            } => vec![
                pair("case_sensitive", flag(*case_sensitive)),
                pair("value", value),
            ],
            TimestampEquals(t)
            | TimestampGreaterThan(t)
            | TimestampGreaterThanOrEquals(t)
            | TimestampLessThan(t)
            | TimestampLessThanOrEquals(t) => vec![pair("value", &t.to_string())],
        }
    }
}
