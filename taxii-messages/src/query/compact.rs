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

use super::capability::parameter_names;
use super::{CapabilityError, Criteria, Criterion, DefaultQuery, Operator, Relationship, Test};
use super::{CORE, REGEX, TIMESTAMP};
use crate::Uri;

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
    let (name, flag) = match name.split_once('/') {
        Some((n, f)) => (n, Some(f)),
        None => (name, None),
    };
    let (match_type, case_sensitive) = match flag {
        None => ("case_sensitive_string", "true"),
        Some("i") => ("case_insensitive_string", "false"),
        Some("n") if matches!(name, "equals" | "not_equals") => ("number", "true"),
        Some(f) => return Err(format!("unknown flag `/{f}` on `{name}`")),
    };
    let (module, relationship) = match name.strip_prefix("timestamp:") {
        Some(r) => (TIMESTAMP, r),
        None if name == "matches" => (REGEX, name),
        None => (CORE, name),
    };
    let names = parameter_names(module, relationship)
        .ok_or_else(|| format!("unknown relationship `{name}`"))?;
    if names.is_empty() && value.is_some() {
        return Err(format!("`{name}` takes no value"));
    }
    let mut parameters = Vec::new();
    for &n in names {
        let v = match n {
            "match_type" => match_type,
            "case_sensitive" => case_sensitive,
            _ => value.ok_or(format!("`{name}` needs a value"))?,
        };
        parameters.push((n.to_owned(), v.to_owned()));
    }
    match Relationship::parse(module, relationship, &parameters) {
        Ok(Some(r)) => Ok(r),
        Err((
            CapabilityError::InvalidParameter {
                value, expected, ..
            },
            _,
        )) => Err(format!("`{value}` is not {expected}")),
        Err((e, _)) => Err(e.to_string()),
        Ok(None) => Err(format!("unknown relationship `{name}`")),
    }
}
