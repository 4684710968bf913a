//! XML codec of the Default Query structures.

use super::*;
use crate::codec::{one_or_more, Child, Elem, Name};
use crate::ids::Uri;
use crate::namespaces::Ns;
use crate::xml::cursor::{Cursor, Element, Result};
use crate::xml::writer::XmlWriter;
use crate::DecodeErrorKind as K;

const NS: Ns = Ns::Query;
const P: &str = "tdq:";

impl Criteria {
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
                criterion.push(Criterion::decode_elem(c, child, NS, "Criterion")?);
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
}

/// A Default Query element: its children are in the query namespace, written `tdq:`.
pub(crate) fn encode_in_query_ns<T: Elem>(v: &T, w: &mut XmlWriter<'_>, local: &str) {
    w.with_prefix(P, |w| v.encode_elem(w, local));
}

impl Elem for Criteria {
    fn decode_elem<'a>(c: &mut Cursor<'a>, el: Element<'a>, _: Ns, _: Name) -> Result<Self> {
        Criteria::decode_nested(c, el, 1)
    }
    fn encode_elem(&self, w: &mut XmlWriter<'_>, local: &str) {
        w.start(local);
        w.attr("operator", self.operator.as_str());
        self.criteria.encode_child(w, "Criteria");
        self.criterion.encode_child(w, "Criterion");
        w.end(local);
    }
}

/// A test's parameters: `<Parameter name="...">value</Parameter>`.
pub(super) fn parameters<'a>(
    c: &mut Cursor<'a>,
    el: &Element<'a>,
    ns: Ns,
) -> Result<Vec<(String, String)>> {
    c.children(el, ns, "Parameter", |c, mut p| {
        let name = c.required_attr(&mut p, "name")?.into_owned();
        let value = c.text(p)?.into_owned();
        Ok((name, value))
    })
}

pub(super) fn parameters_out(list: &[(String, String)], w: &mut XmlWriter<'_>) {
    for (name, value) in list {
        w.start("Parameter");
        w.attr("name", name);
        w.text(value);
        w.end("Parameter");
    }
}

pub(super) fn infos<'a>(
    c: &mut Cursor<'a>,
    el: &Element<'a>,
    ns: Ns,
) -> Result<Vec<TargetingExpressionInfo>> {
    one_or_more(c, el, ns, "Targeting_Expression_Info").map_err(|e| e.with_rule("TQI-2"))
}

pub(super) fn infos_out(list: &Vec<TargetingExpressionInfo>, w: &mut XmlWriter<'_>) {
    list.encode_child(w, "Targeting_Expression_Info");
}

pub(super) fn modules<'a>(c: &mut Cursor<'a>, el: &Element<'a>, ns: Ns) -> Result<Vec<Uri>> {
    one_or_more(c, el, ns, "Capability_Module").map_err(|e| e.with_rule("TQI-6"))
}

pub(super) fn modules_out(list: &Vec<Uri>, w: &mut XmlWriter<'_>) {
    list.encode_child(w, "Capability_Module");
}
