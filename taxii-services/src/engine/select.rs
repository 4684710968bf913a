//! Which records a poll or subscription wants: content bindings and query.

use taxii_messages::v11::{detail, ContentBinding, Query, QueryParameters, SupportedQuery};
use taxii_messages::StatusType;

use super::Fault;
use crate::query::{CompiledQuery, QueryError};
use crate::store::{CollectionDefinition, Record, RecordFilter};

pub(crate) use crate::store::binding_accepts;

/// Whether any requested binding is one the collection holds (both empty: anything).
fn any_supported(requested: &[ContentBinding], supported: &[ContentBinding]) -> bool {
    requested.is_empty()
        || supported.is_empty()
        || requested.iter().any(|r| {
            supported.iter().any(|s| {
                s.binding_id == r.binding_id
                    && (s.subtypes.is_empty()
                        || r.subtypes.is_empty()
                        || r.subtypes.iter().any(|t| s.subtypes.contains(t)))
            })
        })
}

/// `UNSUPPORTED_CONTENT` with one `SUPPORTED_CONTENT` per binding id (ERR-8).
pub(crate) fn unsupported_content(supported: &[ContentBinding]) -> Fault {
    Fault::new(
        StatusType::UnsupportedContent,
        "none of the requested content bindings is supported",
    )
    .details(
        detail::SUPPORTED_CONTENT,
        supported.iter().map(|b| b.binding_id.as_str().to_owned()),
    )
}

/// The records a set of query parameters selects: a binding filter the store applies,
/// and a query the engine evaluates on each page.
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    pub filter: RecordFilter,
    pub query: Option<Query>,
    compiled: Option<CompiledQuery>,
}

impl Selection {
    /// Checks `params` against the collection and the query support at hand (ERR-8..ERR-10).
    pub fn new(
        params: &QueryParameters,
        collection: &CollectionDefinition,
        supported_queries: &[SupportedQuery],
    ) -> Result<Self, Fault> {
        if !any_supported(&params.content_bindings, &collection.content_bindings) {
            return Err(unsupported_content(&collection.content_bindings));
        }
        Selection::stored(
            RecordFilter::bindings(params.content_bindings.clone()),
            params.query.clone(),
            supported_queries,
        )
    }

    /// The selection a result set describes.
    pub fn stored(
        filter: RecordFilter,
        query: Option<Query>,
        supported_queries: &[SupportedQuery],
    ) -> Result<Self, Fault> {
        let compiled = match &query {
            None => None,
            Some(q) => Some(compile(q, supported_queries)?),
        };
        Ok(Selection {
            filter,
            query,
            compiled,
        })
    }

    /// Whether the engine filters beyond the store (a query).
    pub fn has_query(&self) -> bool {
        self.compiled.is_some()
    }

    /// Whether `r` is selected (records a query cannot judge do not match, EX-9).
    pub fn matches(&self, r: &Record) -> bool {
        self.filter.accepts(&r.binding) && self.compiled.as_ref().is_none_or(|q| q.matches(r))
    }
}

/// Compiles a query the service supports, or says why not (ERR-9, ERR-10).
fn compile(q: &Query, supported: &[SupportedQuery]) -> Result<CompiledQuery, Fault> {
    let unsupported = || {
        Fault::new(StatusType::UnsupportedQuery, "query format not supported").details(
            detail::SUPPORTED_QUERY,
            supported.iter().map(|s| s.format_id().to_owned()),
        )
    };
    let Query::Default(dq) = q else {
        return Err(unsupported());
    };
    let info = supported
        .iter()
        .find_map(|s| match s {
            SupportedQuery::Default(info) => Some(info),
            _ => None,
        })
        .ok_or_else(unsupported)?;
    CompiledQuery::compile(dq, info).map_err(query_fault)
}

fn query_fault(e: QueryError) -> Fault {
    let message = e.to_string();
    match e {
        QueryError::TargetingExpressionId { supported, .. } => {
            Fault::new(StatusType::UnsupportedTargetingExpressionId, message)
                .details(detail::TARGETING_EXPRESSION_ID, supported)
        }
        QueryError::CapabilityModule { supported, .. } => {
            Fault::new(StatusType::UnsupportedCapabilityModule, message)
                .details(detail::CAPABILITY_MODULE, supported)
        }
        QueryError::TargetingExpression {
            preferred, allowed, ..
        } => Fault::new(StatusType::UnsupportedTargetingExpression, message)
            .details(detail::PREFERRED_SCOPE, preferred)
            .details(detail::ALLOWED_SCOPE, allowed),
        QueryError::Unsupported(_) => Fault::new(StatusType::UnsupportedCapabilityModule, message),
        _ => Fault::new(StatusType::BadMessage, message),
    }
}
