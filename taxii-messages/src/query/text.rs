//! The text form of the Default Query: one line per criterion.

use std::fmt;

use super::{Criteria, DefaultQueryInfo};
use crate::text::{Describe, Text};

impl Describe for Criteria {
    fn describe(&self, t: &mut Text<'_, '_>, _: &str) -> fmt::Result {
        criteria(t, self)
    }
}

/// A query test parameter.
impl Describe for (String, String) {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        t.line(label, format_args!("{}={}", self.0, self.1))
    }
}

fn criteria(t: &mut Text<'_, '_>, c: &Criteria) -> fmt::Result {
    t.nested(&format!("Criteria {}", c.operator.as_str()), |t| {
        for inner in &c.criteria {
            criteria(t, inner)?;
        }
        for c in &c.criterion {
            let not = if c.negate == Some(true) { "NOT " } else { "" };
            let params: Vec<String> = c
                .test
                .parameters
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            let (target, test) = (&c.target, &c.test);
            t.line(
                "Criterion",
                format_args!(
                    "{not}{target} {} [{}] ({})",
                    test.relationship,
                    params.join(", "),
                    test.capability_id
                ),
            )?;
        }
        Ok(())
    })
}

impl Describe for DefaultQueryInfo {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        let q = self;
        t.nested(label, |t| {
            for i in &q.targeting_expression_infos {
                let label = format!("Targeting Expression {}", i.targeting_expression_id);
                t.nested(&label, |t| {
                    i.preferred_scope.describe(t, "Preferred Scope")?;
                    i.allowed_scope.describe(t, "Allowed Scope")
                })?;
            }
            q.capability_modules.describe(t, "Capability Module")
        })
    }
}
