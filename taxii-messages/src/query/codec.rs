//! XML codec of the Default Query structures.

use super::*;
use crate::common::*;
use crate::namespaces::Ns;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

const NS: Ns = Ns::Query;
const P: &str = "tdq:";

impl DefaultQuery {
    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let targeting_expression_id = uri_attr(c, &mut el, "targeting_expression_id")?;
        let crit = c.required_child(&el, NS, "Criteria")?;
        let criteria = Criteria::decode(c, crit)?;
        c.end(el)?;
        Ok(DefaultQuery {
            targeting_expression_id,
            criteria,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start_with(P, "Default_Query");
        w.attr(
            "targeting_expression_id",
            self.targeting_expression_id.as_str(),
        );
        self.criteria.encode(w);
        w.end_with(P, "Default_Query");
    }
}

/// Reads the text of `el` as a targeting expression, kept as written (TE-3 is checked by
/// `validate`).
fn expression<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<String> {
    Ok(c.text(el)?.into_owned())
}

impl Criteria {
    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        Criteria::decode_nested(c, el, 1)
    }

    /// `depth` counts this element among nested Criteria; each level is a recursive call,
    /// so the nesting is capped by `Limits::max_query_depth` well before the stack.
    fn decode_nested<'a>(c: &mut Cursor<'a>, mut el: Element<'a>, depth: usize) -> Result<Self> {
        let max = c.limits().max_query_depth;
        if depth > max {
            return Err(c.error_in(
                &el,
                K::LimitExceeded {
                    limit: "max_query_depth",
                    max,
                },
            ));
        }
        let op = c.required_attr(&mut el, "operator")?;
        let lenient = c.lenient();
        let operator = match op.as_ref() {
            "AND" => Operator::And,
            "OR" => Operator::Or,
            // AMB-25: the data model spells them in lower case; accepted when lenient.
            "and" if lenient => Operator::And,
            "or" if lenient => Operator::Or,
            other => return Err(c.invalid(&el, "operator", other, "AND or OR (TQ-4)")),
        };
        let mut criteria = Vec::new();
        let mut criterion = Vec::new();
        while let Some(child) = c.any_child(&el)? {
            if child.is(NS, "Criteria") {
                criteria.push(Criteria::decode_nested(c, child, depth + 1)?);
            } else if child.is(NS, "Criterion") {
                criterion.push(Criterion::decode(c, child)?);
            } else {
                return Err(c.error_in(
                    &child,
                    K::UnexpectedElement {
                        found: child.qname.to_owned(),
                        expected: "`Criteria` or `Criterion`".into(),
                    },
                ));
            }
        }
        if criteria.is_empty() && criterion.is_empty() {
            return Err(c
                .error_in(&el, K::MissingElement("Criteria or Criterion"))
                .with_rule("TQ-5"));
        }
        c.end(el)?;
        Ok(Criteria {
            operator,
            criteria,
            criterion,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start_with(P, "Criteria");
        w.attr(
            "operator",
            match self.operator {
                Operator::And => "AND",
                Operator::Or => "OR",
            },
        );
        for c in &self.criteria {
            c.encode(w);
        }
        for c in &self.criterion {
            c.encode(w);
        }
        w.end_with(P, "Criteria");
    }
}

impl Criterion {
    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, mut el: Element<'a>) -> Result<Self> {
        let negate = bool_attr(c, &mut el, "negate")?;
        let target_el = c.required_child(&el, NS, "Target")?;
        let target = expression(c, target_el)?;
        let mut t = c.required_child(&el, NS, "Test")?;
        let capability_id = uri_attr(c, &mut t, "capability_id")?;
        let relationship = c.required_attr(&mut t, "relationship")?.into_owned();
        let parameters = c.children(&t, NS, "Parameter", |c, mut p| {
            let name = c.required_attr(&mut p, "name")?.into_owned();
            let value = c.text(p)?.into_owned();
            Ok((name, value))
        })?;
        let test = Test {
            capability_id,
            relationship,
            parameters,
        };
        c.end(t)?;
        c.end(el)?;
        Ok(Criterion {
            negate,
            target,
            test,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start_with(P, "Criterion");
        w.bool_attr("negate", self.negate);
        w.start_with(P, "Target");
        w.text(&self.target);
        w.end_with(P, "Target");
        w.start_with(P, "Test");
        w.attr("capability_id", self.test.capability_id.as_str());
        w.attr("relationship", &self.test.relationship);
        for (name, value) in &self.test.parameters {
            w.start_with(P, "Parameter");
            w.attr("name", name);
            w.text(value);
            w.end_with(P, "Parameter");
        }
        w.end_with(P, "Test");
        w.end_with(P, "Criterion");
    }
}

impl DefaultQueryInfo {
    pub(crate) fn decode<'a>(c: &mut Cursor<'a>, el: Element<'a>) -> Result<Self> {
        let infos = c.children(&el, NS, "Targeting_Expression_Info", |c, mut t| {
            let targeting_expression_id = uri_attr(c, &mut t, "targeting_expression_id")?;
            let preferred_scope = c.children(&t, NS, "Preferred_Scope", |c, s| expression(c, s))?;
            let allowed_scope = c.children(&t, NS, "Allowed_Scope", |c, s| expression(c, s))?;
            c.end(t)?;
            Ok(TargetingExpressionInfo {
                targeting_expression_id,
                preferred_scope,
                allowed_scope,
            })
        })?;
        if infos.is_empty() {
            return Err(c
                .error_in(&el, K::MissingElement("Targeting_Expression_Info"))
                .with_rule("TQI-2"));
        }
        let capability_modules = uri_elements(c, &el, NS, "Capability_Module")?;
        if capability_modules.is_empty() {
            return Err(c
                .error_in(&el, K::MissingElement("Capability_Module"))
                .with_rule("TQI-6"));
        }
        c.end(el)?;
        Ok(DefaultQueryInfo {
            targeting_expression_infos: infos,
            capability_modules,
        })
    }

    pub(crate) fn encode(&self, w: &mut XmlWriter<'_>) {
        w.start_with(P, "Default_Query_Info");
        for t in &self.targeting_expression_infos {
            w.start_with(P, "Targeting_Expression_Info");
            w.attr(
                "targeting_expression_id",
                t.targeting_expression_id.as_str(),
            );
            for s in &t.preferred_scope {
                w.start_with(P, "Preferred_Scope");
                w.text(s);
                w.end_with(P, "Preferred_Scope");
            }
            for s in &t.allowed_scope {
                w.start_with(P, "Allowed_Scope");
                w.text(s);
                w.end_with(P, "Allowed_Scope");
            }
            w.end_with(P, "Targeting_Expression_Info");
        }
        for m in &self.capability_modules {
            w.start_with(P, "Capability_Module");
            w.text(m.as_str());
            w.end_with(P, "Capability_Module");
        }
        w.end_with(P, "Default_Query_Info");
    }
}
