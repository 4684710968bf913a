//! The 3 capability modules and their 17 relationships (REL-1..REL-17).

use taxii_messages::Timestamp;

use super::QueryError;

/// Capability module core-1.
pub const CORE: &str = "urn:taxii.mitre.org:query:capability:core-1";
/// Capability module regex-1.
pub const REGEX: &str = "urn:taxii.mitre.org:query:capability:regex-1";
/// Capability module timestamp-1.
pub const TIMESTAMP: &str = "urn:taxii.mitre.org:query:capability:timestamp-1";

/// The most bytes a `matches` pattern may have, and the compiled size allowed.
const MAX_REGEX_LEN: usize = 1024;
const MAX_REGEX_SIZE: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
}

impl Cmp {
    fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Cmp::Gt => o == Greater,
            Cmp::Ge => o != Less,
            Cmp::Lt => o == Less,
            Cmp::Le => o != Greater,
            Cmp::Eq => o == Equal,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Affix {
    Begins,
    Ends,
    Contains,
}

/// A validated relationship with its parameters, ready to test values.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MatchType {
    CaseSensitive,
    CaseInsensitive,
    Number,
}

struct Params<'a> {
    relationship: &'a str,
    list: &'a [(String, String)],
    allowed: &'static [&'static str],
}

impl<'a> Params<'a> {
    fn check(self) -> Result<Self, QueryError> {
        let mut seen: Vec<&str> = Vec::new();
        for (name, _) in self.list {
            if !self.allowed.contains(&name.as_str()) {
                return Err(self.bad(name, "not a parameter of this relationship"));
            }
            if seen.contains(&name.as_str()) {
                return Err(self.bad(name, "given more than once"));
            }
            seen.push(name);
        }
        Ok(self)
    }

    fn get(&self, name: &str) -> Option<&'a str> {
        self.list
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, name: &str) -> Result<&'a str, QueryError> {
        self.get(name)
            .ok_or_else(|| self.bad(name, "required parameter missing"))
    }

    fn boolean(&self, name: &str, default: bool) -> Result<bool, QueryError> {
        match self.get(name).map(str::trim) {
            None => Ok(default),
            Some("true") | Some("1") => Ok(true),
            Some("false") | Some("0") => Ok(false),
            Some(_) => Err(self.bad(name, "must be true or false")),
        }
    }

    fn number(&self) -> Result<f64, QueryError> {
        let v = self.required("value")?;
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .ok_or_else(|| self.bad("value", "must be a number"))
    }

    fn bad(&self, name: &str, reason: &'static str) -> QueryError {
        QueryError::Parameter {
            relationship: self.relationship.to_owned(),
            name: name.to_owned(),
            reason,
        }
    }
}

impl Relation {
    /// Validates `relationship` of module `capability` with `params`.
    pub fn new(
        capability: &str,
        relationship: &str,
        params: &[(String, String)],
    ) -> Result<Self, QueryError> {
        let p = |allowed| {
            Params {
                relationship,
                list: params,
                allowed,
            }
            .check()
        };
        let unknown = || QueryError::Relationship {
            capability: capability.to_owned(),
            relationship: relationship.to_owned(),
        };
        match capability {
            CORE => {
                let cmp = match relationship {
                    "exists" | "does_not_exist" => {
                        p(&[])?;
                        return Ok(if relationship == "exists" {
                            Relation::Exists
                        } else {
                            Relation::DoesNotExist
                        });
                    }
                    "equals" | "not_equals" => {
                        let p = p(&["match_type", "value"])?;
                        let kind = match p.required("match_type")?.trim() {
                            "case_sensitive_string" => MatchType::CaseSensitive,
                            "case_insensitive_string" => MatchType::CaseInsensitive,
                            "number" => MatchType::Number,
                            _ => return Err(p.bad(
                                "match_type",
                                "must be case_sensitive_string, case_insensitive_string or number",
                            )),
                        };
                        let value = p.required("value")?.to_owned();
                        if kind == MatchType::Number {
                            p.number()?;
                        }
                        return Ok(Relation::Equals {
                            kind,
                            value,
                            negated: relationship == "not_equals",
                        });
                    }
                    "greater_than" => Cmp::Gt,
                    "greater_than_or_equal" => Cmp::Ge,
                    "less_than" => Cmp::Lt,
                    "less_than_or_equal" => Cmp::Le,
                    "begins_with" | "ends_with" | "contains" => {
                        let p = p(&["case_sensitive", "value"])?;
                        let affix = match relationship {
                            "begins_with" => Affix::Begins,
                            "ends_with" => Affix::Ends,
                            _ => Affix::Contains,
                        };
                        return Ok(Relation::Affix {
                            affix,
                            case_sensitive: p.boolean("case_sensitive", true)?,
                            value: p.required("value")?.to_owned(),
                        });
                    }
                    _ => return Err(unknown()),
                };
                let p = p(&["value"])?;
                Ok(Relation::Number {
                    cmp,
                    value: p.number()?,
                })
            }
            REGEX if relationship == "matches" => {
                let p = p(&["case_sensitive", "value"])?;
                let case_sensitive = p.boolean("case_sensitive", true)?;
                let value = p.required("value")?;
                if value.len() > MAX_REGEX_LEN {
                    return Err(p.bad("value", "regular expression too long"));
                }
                regex::RegexBuilder::new(value)
                    .case_insensitive(!case_sensitive)
                    .size_limit(MAX_REGEX_SIZE)
                    .build()
                    .map(Relation::Regex)
                    .map_err(|_| p.bad("value", "not a valid regular expression"))
            }
            TIMESTAMP => {
                // FAQ TDQ-Q2: the spec spells `_equals`; libtaxii sends `_equal` (LT-Q1).
                let cmp = match relationship {
                    "equals" => Cmp::Eq,
                    "greater_than" => Cmp::Gt,
                    "greater_than_or_equals" | "greater_than_or_equal" => Cmp::Ge,
                    "less_than" => Cmp::Lt,
                    "less_than_or_equals" | "less_than_or_equal" => Cmp::Le,
                    _ => return Err(unknown()),
                };
                let p = p(&["value"])?;
                let value = Timestamp::parse(p.required("value")?)
                    .map_err(|_| p.bad("value", "must be an RFC 3339 timestamp with a zone"))?;
                Ok(Relation::Time { cmp, value })
            }
            _ => Err(unknown()),
        }
    }

    /// Whether the test holds over the values the target reached (any value suffices;
    /// `does_not_exist` holds when there is none).
    pub fn test<'v>(&self, mut values: impl Iterator<Item = &'v str>) -> bool {
        match self {
            Relation::Exists => values.next().is_some(),
            Relation::DoesNotExist => values.next().is_none(),
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
                    MatchType::CaseSensitive => v == value,
                    MatchType::CaseInsensitive => v.to_lowercase() == value.to_lowercase(),
                    MatchType::Number => {
                        match (v.trim().parse::<f64>(), value.trim().parse::<f64>()) {
                            (Ok(a), Ok(b)) => a == b,
                            _ => return false,
                        }
                    }
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
