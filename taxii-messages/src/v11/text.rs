//! The text form of the TAXII 1.1 structures whose lines are not one per field.

use std::fmt;

use crate::text::{Describe, Text};
use crate::v11::{self, ContentBinding, ContentInstanceBinding, Query, RecordCount};

impl Describe for ContentBinding {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        let subtypes: Vec<&str> = self.subtypes.iter().map(|s| s.as_str()).collect();
        if subtypes.is_empty() {
            return t.line(label, &self.binding_id);
        }
        t.line(
            label,
            format_args!("{} ({})", self.binding_id, subtypes.join(", ")),
        )
    }
}

impl Describe for ContentInstanceBinding {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        match &self.subtype {
            Some(s) => t.line(label, format_args!("{} ({s})", self.binding_id)),
            None => t.line(label, &self.binding_id),
        }
    }
}

impl Describe for RecordCount {
    fn describe(&self, t: &mut Text<'_, '_>, label: &str) -> fmt::Result {
        let partial = if self.is_partial() { " (partial)" } else { "" };
        t.line(label, format_args!("{}{partial}", self.count))
    }
}

impl Describe for v11::StatusDetail {
    fn describe(&self, t: &mut Text<'_, '_>, _: &str) -> fmt::Result {
        t.raw(&format!("Status Detail {}", self.name), &self.value)
    }
}

impl Describe for v11::PollSelection {
    fn describe(&self, t: &mut Text<'_, '_>, _: &str) -> fmt::Result {
        match self {
            v11::PollSelection::SubscriptionId(s) => t.line("Subscription ID", s),
            v11::PollSelection::PollParameters(p) => p.describe(t, "Poll Parameters"),
        }
    }
}

impl Describe for Query {
    fn describe(&self, t: &mut Text<'_, '_>, _: &str) -> fmt::Result {
        match self {
            Query::Default(d) => t.nested("Default Query", |t| {
                t.line("Targeting Expression ID", &d.targeting_expression_id)?;
                d.criteria.describe(t, "Criteria")
            }),
            Query::Other { format_id, body } => t.raw(&format!("Query {format_id}"), body),
        }
    }
}

impl Describe for v11::SupportedQuery {
    fn describe(&self, t: &mut Text<'_, '_>, _: &str) -> fmt::Result {
        match self {
            v11::SupportedQuery::Default(i) => i.describe(t, "Default Query Info"),
            v11::SupportedQuery::Other { format_id, body } => {
                t.raw(&format!("Supported Query {format_id}"), body)
            }
        }
    }
}
