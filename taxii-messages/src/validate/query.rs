//! Default Query rules beyond its XSD: targeting expression syntax (TE-3), scopes (TQI-4)
//! and the capability modules' relationships and parameters (TQ-11, REL-1..REL-17).

use super::Report;
use crate::error::excerpt;
use crate::query::{check_stix_expression, is_stix_vocabulary, Criteria, DefaultQuery};
use crate::query::{DefaultQueryInfo, TargetingExpressionInfo};

/// A query of the Default Query format.
pub(crate) fn query(r: &mut Report, q: &DefaultQuery) {
    let stix = is_stix_vocabulary(q.targeting_expression_id.as_str());
    r.within("Default_Query", |r| {
        r.within("Criteria", |r| criteria(r, &q.criteria, stix))
    });
}

fn criteria(r: &mut Report, c: &Criteria, stix: bool) {
    r.each("Criteria", &c.criteria, |r, c| criteria(r, c, stix));
    r.each("Criterion", &c.criterion, |r, c| {
        if stix {
            r.within("Target", |r| expression(r, &c.target));
        }
        r.within("Test", |r| {
            if let Err((e, rule)) = c.test.relationship() {
                r.must(rule, e.to_string());
            }
        });
    });
}

/// TE-3: a STIX targeting expression follows the slash notation.
fn expression(r: &mut Report, text: &str) {
    if let Err(node) = check_stix_expression(text) {
        let (node, text) = (excerpt(node), excerpt(text));
        let what = "is not a STIX node (name, @name, * or **)";
        r.must(
            "TE-3",
            format!("`{node}` in targeting expression `{text}` {what}"),
        );
    }
}

/// The query capabilities a service advertises.
pub(crate) fn query_info(r: &mut Report, q: &DefaultQueryInfo) {
    r.within("Default_Query_Info", |r| {
        r.each(
            "Targeting_Expression_Info",
            &q.targeting_expression_infos,
            targeting_info,
        )
    });
}

fn targeting_info(r: &mut Report, t: &TargetingExpressionInfo) {
    if t.preferred_scope.is_empty() && t.allowed_scope.is_empty() {
        r.must(
            "TQI-4",
            "a Targeting_Expression_Info needs a Preferred_Scope or an Allowed_Scope",
        );
    }
    if is_stix_vocabulary(t.targeting_expression_id.as_str()) {
        r.each("Preferred_Scope", &t.preferred_scope, |r, s| {
            expression(r, s)
        });
        r.each("Allowed_Scope", &t.allowed_scope, |r, s| expression(r, s));
    }
}
