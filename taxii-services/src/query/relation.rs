//! Testing target values against the 17 relationships of the 3 capability modules
//! (REL-1..REL-17). Parameters are read and checked by `taxii_messages::query`; this
//! module compiles what needs compiling (regular expressions) and compares.

use std::cmp::Ordering;

use taxii_messages::query::{MatchType, Relationship};
use taxii_messages::Timestamp;

use super::QueryError;

/// The most bytes a `matches` pattern may have, and the compiled size allowed.
const MAX_REGEX_LEN: usize = 1024;
const MAX_REGEX_SIZE: usize = 1 << 20;

/// Which orderings satisfy a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
}

impl Cmp {
    fn holds(self, o: Ordering) -> bool {
        match self {
            Cmp::Gt => o == Ordering::Greater,
            Cmp::Ge => o != Ordering::Less,
            Cmp::Lt => o == Ordering::Less,
            Cmp::Le => o != Ordering::Greater,
            Cmp::Eq => o == Ordering::Equal,
        }
    }
}

/// Where a substring must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Affix {
    Begins,
    Ends,
    Contains,
}

/// A relationship ready to test values.
#[derive(Debug, Clone)]
pub(crate) enum Relation {
    Exists,
    DoesNotExist,
    Equals {
        kind: MatchType,
        value: String,
        negated: bool,
    },
    Number {
        cmp: Cmp,
        value: f64,
    },
    Affix {
        affix: Affix,
        case_sensitive: bool,
        value: String,
    },
    Regex(regex::Regex),
    Time {
        cmp: Cmp,
        value: Timestamp,
    },
}

impl Relation {
    /// Reads `relationship` of module `capability` with `params`; `Ok(None)` for a module
    /// this crate does not know.
    pub fn new(
        capability: &str,
        relationship: &str,
        params: &[(String, String)],
    ) -> Result<Option<Self>, QueryError> {
        let typed = Relationship::parse(capability, relationship, params)
            .map_err(|(error, rule)| QueryError::Test { error, rule })?;
        let Some(r) = typed else { return Ok(None) };
        use Relationship as R;
        let number = |cmp, n: &taxii_messages::query::Number| Relation::Number {
            cmp,
            value: n.to_f64(),
        };
        let affix = |affix, case_sensitive, value: &String| Relation::Affix {
            affix,
            case_sensitive,
            value: value.clone(),
        };
        Ok(Some(match &r {
            R::Equals { match_type, value } | R::NotEquals { match_type, value } => {
                Relation::Equals {
                    kind: *match_type,
                    value: value.clone(),
                    negated: matches!(r, R::NotEquals { .. }),
                }
            }
            R::GreaterThan(n) => number(Cmp::Gt, n),
            R::GreaterThanOrEqual(n) => number(Cmp::Ge, n),
            R::LessThan(n) => number(Cmp::Lt, n),
            R::LessThanOrEqual(n) => number(Cmp::Le, n),
            R::DoesNotExist => Relation::DoesNotExist,
            R::Exists => Relation::Exists,
            R::BeginsWith {
                case_sensitive,
                value,
            } => affix(Affix::Begins, *case_sensitive, value),
            R::EndsWith {
                case_sensitive,
                value,
            } => affix(Affix::Ends, *case_sensitive, value),
            R::Contains {
                case_sensitive,
                value,
            } => affix(Affix::Contains, *case_sensitive, value),
            R::Matches {
                case_sensitive,
                value,
            } => {
                if value.len() > MAX_REGEX_LEN {
                    return Err(QueryError::Regex("longer than 1024 bytes".into()));
                }
                regex::RegexBuilder::new(value)
                    .case_insensitive(!case_sensitive)
                    .size_limit(MAX_REGEX_SIZE)
                    .build()
                    .map(Relation::Regex)
                    .map_err(|e| QueryError::Regex(e.to_string()))?
            }
            R::TimestampEquals(t) => Relation::Time {
                cmp: Cmp::Eq,
                value: *t,
            },
            R::TimestampGreaterThan(t) => Relation::Time {
                cmp: Cmp::Gt,
                value: *t,
            },
            R::TimestampGreaterThanOrEquals(t) => Relation::Time {
                cmp: Cmp::Ge,
                value: *t,
            },
            R::TimestampLessThan(t) => Relation::Time {
                cmp: Cmp::Lt,
                value: *t,
            },
            R::TimestampLessThanOrEquals(t) => Relation::Time {
                cmp: Cmp::Le,
                value: *t,
            },
            other => {
                return Err(QueryError::Unsupported(format!(
                    "relationship {:?} of {:?}",
                    other.name(),
                    other.capability_id()
                )))
            }
        }))
    }

    /// Whether the test holds over the values the target reached (any value suffices;
    /// `does_not_exist` holds when there is none).
    pub fn test<'v>(&self, mut values: impl Iterator<Item = &'v str>) -> bool {
        match self {
            Relation::DoesNotExist => values.next().is_none(),
            // `exists`: any value at all (`test_one` holds for each).
            _ => values.any(|v| self.test_one(v)),
        }
    }

    fn test_one(&self, v: &str) -> bool {
        match self {
            Relation::Exists | Relation::DoesNotExist => true,
            Relation::Equals {
                kind,
                value,
                negated,
            } => {
                let eq = match kind {
                    MatchType::CaseSensitiveString => v == value,
                    MatchType::CaseInsensitiveString => v.to_lowercase() == value.to_lowercase(),
                    _ => match (v.trim().parse::<f64>(), value.trim().parse::<f64>()) {
                        (Ok(a), Ok(b)) => a == b,
                        _ => return false,
                    },
                };
                eq != *negated
            }
            Relation::Number { cmp, value } => v
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(|a| a.partial_cmp(value))
                .is_some_and(|o| cmp.holds(o)),
            Relation::Affix {
                affix,
                case_sensitive,
                value,
            } => {
                let (v, value) = if *case_sensitive {
                    (v.to_owned(), value.clone())
                } else {
                    (v.to_lowercase(), value.to_lowercase())
                };
                match affix {
                    Affix::Begins => v.starts_with(&value),
                    Affix::Ends => v.ends_with(&value),
                    Affix::Contains => v.contains(&value),
                }
            }
            Relation::Regex(re) => re.is_match(v),
            Relation::Time { cmp, value } => Timestamp::parse(v)
                .ok()
                .is_some_and(|t| cmp.holds(t.to_utc().cmp(&value.to_utc()))),
        }
    }
}
