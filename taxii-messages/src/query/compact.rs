//! A one-line notation for Default Query criteria, for command lines:
//! `[not] TARGET RELATIONSHIP [VALUE]`.
//!
//! RELATIONSHIP is a core-1 name (`equals`, `not_equals`, `greater_than`,
//! `greater_than_or_equal`, `less_than`, `less_than_or_equal`, `exists`,
//! `does_not_exist`, `begins_with`, `ends_with`, `contains`), `matches` (regex-1) or a
//! timestamp-1 name prefixed with `timestamp:` (e.g. `timestamp:greater_than`). A `/i`
//! suffix makes a string test case-insensitive; `equals/n` and `not_equals/n` compare
//! numbers. The VALUE is the rest of the line. Every criterion must hold (AND).
//!
//! ```
//! use taxii_messages::query::compact;
//! let q = compact::query(
//!     "urn:stix.mitre.org:xml:1.1.1",
//!     &["**/Title contains/i evil", "not **/@version equals 1.0"],
//! )
//! .unwrap();
//! assert_eq!(q.criteria.criterion.len(), 2);
//! assert!(compact::query("urn:stix.mitre.org:xml:1.1.1", &["**/Title sounds_like x"]).is_err());
//! ```

use super::{Criteria, Criterion, DefaultQuery, MatchType, Number, Operator, Relationship, Test};
use crate::{Timestamp, Uri};

/// A query over `vocabulary` requiring every criterion of `criteria`.
pub fn query(vocabulary: &str, criteria: &[&str]) -> Result<DefaultQuery, String> {
    let vocabulary =
        Uri::new(vocabulary).map_err(|e| format!("targeting vocabulary {vocabulary:?}: {e}"))?;
    if criteria.is_empty() {
        return Err("a query needs at least one criterion".into());
    }
    let criterion = criteria
        .iter()
        .map(|c| criterion(c).map_err(|e| format!("query {c:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DefaultQuery::new(
        vocabulary,
        Criteria::new(Operator::And, Vec::new(), criterion),
    ))
}

/// One criterion, `[not] TARGET RELATIONSHIP [VALUE]`.
pub fn criterion(text: &str) -> Result<Criterion, String> {
    let text = text.trim();
    let (negate, text) = match text.strip_prefix("not ") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let mut words = text.splitn(3, char::is_whitespace);
    let target = words.next().filter(|t| !t.is_empty()).ok_or("no target")?;
    let relationship = words.next().ok_or("no relationship after the target")?;
    let value = words.next().map(str::trim);
    let c = Criterion::new(target, Test::from(relation(relationship, value)?));
    Ok(if negate { c.negated() } else { c })
}

fn relation(name: &str, value: Option<&str>) -> Result<Relationship, String> {
    use Relationship as R;
    let (name, flag) = match name.split_once('/') {
        Some((n, f)) => (n, Some(f)),
        None => (name, None),
    };
    let text = || {
        value
            .map(str::to_owned)
            .ok_or(format!("`{name}` needs a value"))
    };
    let number = || {
        let v = value.ok_or(format!("`{name}` needs a value"))?;
        Number::new(v).ok_or(format!("`{v}` is not a number"))
    };
    let time = || {
        let v = value.ok_or(format!("`{name}` needs a value"))?;
        Timestamp::parse(v).map_err(|e| format!("`{v}`: {e}"))
    };
    let case_sensitive = match flag {
        None => true,
        Some("i") => false,
        Some("n") if matches!(name, "equals" | "not_equals") => true,
        Some(f) => return Err(format!("unknown flag `/{f}` on `{name}`")),
    };
    let match_type = match flag {
        Some("i") => MatchType::CaseInsensitiveString,
        Some("n") => MatchType::Number,
        _ => MatchType::CaseSensitiveString,
    };
    let no_value = |r: Relationship| match value {
        Some(_) => Err(format!("`{name}` takes no value")),
        None => Ok(r),
    };
    Ok(match name {
        "equals" | "not_equals" => {
            let value = text()?;
            match name {
                "equals" => R::Equals { match_type, value },
                _ => R::NotEquals { match_type, value },
            }
        }
        "begins_with" | "ends_with" | "contains" | "matches" => {
            let value = text()?;
            match name {
                "begins_with" => R::BeginsWith {
                    case_sensitive,
                    value,
                },
                "ends_with" => R::EndsWith {
                    case_sensitive,
                    value,
                },
                "contains" => R::Contains {
                    case_sensitive,
                    value,
                },
                _ => R::Matches {
                    case_sensitive,
                    value,
                },
            }
        }
        "greater_than" => R::GreaterThan(number()?),
        "greater_than_or_equal" => R::GreaterThanOrEqual(number()?),
        "less_than" => R::LessThan(number()?),
        "less_than_or_equal" => R::LessThanOrEqual(number()?),
        "exists" => no_value(R::Exists)?,
        "does_not_exist" => no_value(R::DoesNotExist)?,
        "timestamp:equals" => R::TimestampEquals(time()?),
        "timestamp:greater_than" => R::TimestampGreaterThan(time()?),
        "timestamp:greater_than_or_equals" => R::TimestampGreaterThanOrEquals(time()?),
        "timestamp:less_than" => R::TimestampLessThan(time()?),
        "timestamp:less_than_or_equals" => R::TimestampLessThanOrEquals(time()?),
        other => return Err(format!("unknown relationship `{other}`")),
    })
}
