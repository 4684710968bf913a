//! Default Query 1.0 evaluation against STIX 1.x XML content (checklist §4).
//!
//! A query is compiled once against what the service advertises ([`DefaultQueryInfo`]):
//! the targeting expression vocabulary, each target's scope, each capability module,
//! relationship and parameter are checked, and errors name what is unsupported. The
//! compiled query then tests records: a record is selected iff the top criteria hold.
//! Targets are slash paths of element local names and `@attribute` nodes from the STIX
//! root, with `*` (one node) and `**` (one or more nodes). A criterion holds when any node
//! the target reaches passes the test (`does_not_exist`: when none does); `negate` inverts
//! it. Content that is not STIX XML, or not well-formed, matches nothing (EX-9).

mod doc;
mod relation;
mod target;

use taxii_messages::query::{
    is_stix_vocabulary, CapabilityError, Criteria, DefaultQuery, DefaultQueryInfo, Operator,
};

use crate::store::Record;
use relation::Relation;
use target::Node;
pub use taxii_messages::query::{CORE, REGEX, TIMESTAMP};

/// Why a query cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The targeting expression vocabulary is not supported (TQ-2, TST-3).
    #[error("targeting expression vocabulary {given:?} is not supported")]
    TargetingExpressionId {
        /// The vocabulary asked for.
        given: String,
        /// The vocabularies supported.
        supported: Vec<String>,
    },
    /// The capability module is not supported (TQ-10, TST-1).
    #[error("capability module {given:?} is not supported")]
    CapabilityModule {
        /// The module asked for.
        given: String,
        /// The modules supported.
        supported: Vec<String>,
    },
    /// A target is malformed or outside the advertised scopes (TQ-8, TE-5, TST-2).
    #[error("targeting expression {target:?} is not supported")]
    TargetingExpression {
        /// The target.
        target: String,
        /// Advertised preferred scopes.
        preferred: Vec<String>,
        /// Advertised allowed scopes.
        allowed: Vec<String>,
    },
    /// A test breaks its capability module's rules: unknown relationship, missing,
    /// unexpected or invalid parameter (TQ-11, TQ-12).
    #[error("{error} ({rule})")]
    Test {
        /// What is wrong.
        error: CapabilityError,
        /// The checklist row.
        rule: &'static str,
    },
    /// A `matches` pattern that cannot be compiled within the limits.
    #[error("regular expression not usable: {0}")]
    Regex(String),
    /// A relationship this evaluator does not implement.
    #[error("{0} is not supported")]
    Unsupported(String),
    /// Criteria nested deeper than the engine evaluates.
    #[error("criteria nested deeper than {0} levels")]
    TooDeep(usize),
}

/// The deepest nesting of criteria accepted.
pub const MAX_CRITERIA_DEPTH: usize = 32;

/// A Default Query checked against a service's query information, ready to test records.
#[derive(Debug, Clone)]
pub struct CompiledQuery {
    root: Group,
}

#[derive(Debug, Clone)]
struct Group {
    and: bool,
    groups: Vec<Group>,
    tests: Vec<Test>,
}

#[derive(Debug, Clone)]
struct Test {
    negate: bool,
    target: Vec<Node>,
    relation: Relation,
}

impl CompiledQuery {
    /// Checks `query` against `info` (vocabulary, scopes, modules, relationships,
    /// parameters). Only STIX vocabularies can be evaluated.
    pub fn compile(query: &DefaultQuery, info: &DefaultQueryInfo) -> Result<Self, QueryError> {
        let vocab = query.targeting_expression_id.as_str();
        let supported_vocabs = || {
            info.targeting_expression_infos
                .iter()
                .filter(|t| is_stix_vocabulary(t.targeting_expression_id.as_str()))
                .map(|t| t.targeting_expression_id.as_str().to_owned())
                .collect()
        };
        let tei = info
            .targeting_expression_infos
            .iter()
            .find(|t| t.targeting_expression_id.as_str() == vocab)
            .filter(|_| is_stix_vocabulary(vocab))
            .ok_or_else(|| QueryError::TargetingExpressionId {
                given: vocab.to_owned(),
                supported: supported_vocabs(),
            })?;
        let scopes: Vec<Vec<Node>> = tei
            .preferred_scope
            .iter()
            .chain(&tei.allowed_scope)
            .filter_map(|s| target::parse(s))
            .collect();
        let ctx = Compile {
            info,
            scopes,
            preferred: &tei.preferred_scope,
            allowed: &tei.allowed_scope,
        };
        Ok(CompiledQuery {
            root: ctx.group(&query.criteria, 1)?,
        })
    }

    /// Whether `record` is selected: STIX content for which the criteria hold.
    pub fn matches(&self, record: &Record) -> bool {
        if !is_stix_vocabulary(record.binding.binding_id.as_str()) {
            return false;
        }
        self.matches_xml(record.content.as_str())
    }

    /// Whether the criteria hold for the XML document `xml`.
    pub fn matches_xml(&self, xml: &str) -> bool {
        match doc::read(xml) {
            Some(nodes) => self.root.eval(&nodes),
            None => false,
        }
    }
}

struct Compile<'a> {
    info: &'a DefaultQueryInfo,
    scopes: Vec<Vec<Node>>,
    preferred: &'a [String],
    allowed: &'a [String],
}

impl Compile<'_> {
    fn group(&self, c: &Criteria, depth: usize) -> Result<Group, QueryError> {
        if depth > MAX_CRITERIA_DEPTH {
            return Err(QueryError::TooDeep(MAX_CRITERIA_DEPTH));
        }
        Ok(Group {
            and: c.operator == Operator::And,
            groups: c
                .criteria
                .iter()
                .map(|g| self.group(g, depth + 1))
                .collect::<Result<_, _>>()?,
            tests: c
                .criterion
                .iter()
                .map(|t| self.test(t))
                .collect::<Result<_, _>>()?,
        })
    }

    fn test(&self, c: &taxii_messages::query::Criterion) -> Result<Test, QueryError> {
        let bad_target = || QueryError::TargetingExpression {
            target: c.target.clone(),
            preferred: self.preferred.to_vec(),
            allowed: self.allowed.to_vec(),
        };
        let target = target::parse(&c.target).ok_or_else(bad_target)?;
        if !self.scopes.iter().any(|s| target::covers(s, &target)) {
            return Err(bad_target());
        }
        let module = c.test.capability_id.as_str();
        let known = [CORE, REGEX, TIMESTAMP];
        if !known.contains(&module)
            || !self
                .info
                .capability_modules
                .iter()
                .any(|m| m.as_str() == module)
        {
            return Err(QueryError::CapabilityModule {
                given: module.to_owned(),
                supported: self
                    .info
                    .capability_modules
                    .iter()
                    .map(|m| m.as_str().to_owned())
                    .filter(|m| known.contains(&m.as_str()))
                    .collect(),
            });
        }
        Ok(Test {
            negate: c.negate.unwrap_or(false),
            target,
            relation: Relation::new(module, &c.test.relationship, &c.test.parameters)?
                .ok_or_else(|| QueryError::Unsupported(format!("capability module {module:?}")))?,
        })
    }
}

impl Group {
    fn eval(&self, nodes: &doc::Nodes) -> bool {
        let mut results = self
            .groups
            .iter()
            .map(|g| g.eval(nodes))
            .chain(self.tests.iter().map(|t| t.eval(nodes)));
        if self.and {
            results.all(|r| r)
        } else {
            results.any(|r| r)
        }
    }
}

impl Test {
    fn eval(&self, nodes: &doc::Nodes) -> bool {
        let mut path = Vec::new();
        let values = (0..nodes.items.len()).filter_map(|i| {
            nodes.path(i, &mut path);
            target::matches(&self.target, &path).then_some(nodes.items[i].value.as_str())
        });
        self.relation.test(values) != self.negate
    }
}
