//! The `[query]` section: the TAXII Default Query support `taxii serve` advertises on its
//! poll and collection management services (polls and subscriptions).
//!
//! ```toml
//! [query]
//! enabled = true                                   # default
//! capability_modules = ["core", "regex", "timestamp"]
//! targeting_expression_ids = ["urn:stix.mitre.org:xml:1.1.1"]  # default: every STIX 1.x id
//! preferred_scope = []                             # targets the service prefers
//! allowed_scope = ["**"]                           # targets it accepts (** = any)
//! ```

use serde::Deserialize;
use taxii_messages::query::{
    check_stix_expression, is_stix_vocabulary, DefaultQueryInfo, TargetingExpressionInfo,
};
use taxii_messages::query::{CORE, REGEX, TIMESTAMP};
use taxii_messages::v11::{content_binding, SupportedQuery};
use taxii_messages::Uri;

/// Default Query support (on by default).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuerySettings {
    /// Advertise and evaluate Default Query.
    pub enabled: bool,
    /// Capability modules: `core`, `regex`, `timestamp` (or their full ids).
    pub capability_modules: Vec<String>,
    /// The STIX 1.x targeting vocabularies (STIX content binding ids).
    pub targeting_expression_ids: Vec<String>,
    /// Targeting expressions the service prefers.
    pub preferred_scope: Vec<String>,
    /// Targeting expressions the service accepts.
    pub allowed_scope: Vec<String>,
}

impl Default for QuerySettings {
    fn default() -> Self {
        use content_binding::*;
        QuerySettings {
            enabled: true,
            capability_modules: vec!["core".into(), "regex".into(), "timestamp".into()],
            targeting_expression_ids: [STIX_XML_10, STIX_XML_101, STIX_XML_11, STIX_XML_111]
                .into_iter()
                .chain([STIX_XML_12, STIX_XML_121])
                .map(String::from)
                .collect(),
            preferred_scope: Vec::new(),
            allowed_scope: vec!["**".into()],
        }
    }
}

impl QuerySettings {
    /// Checks the section: known modules, STIX vocabularies, at least one scope (TQI-4),
    /// scopes in the STIX notation (TE-3).
    pub fn check(&self) -> Result<(), String> {
        if !self.enabled {
            return Ok(());
        }
        if self.capability_modules.is_empty() || self.targeting_expression_ids.is_empty() {
            return Err(
                "query: capability_modules and targeting_expression_ids must not be empty".into(),
            );
        }
        if let Some(m) = self
            .capability_modules
            .iter()
            .find(|m| module_id(m).is_none())
        {
            return Err(format!(
                "query: unknown capability module {m:?} (core, regex or timestamp)"
            ));
        }
        if let Some(t) = self
            .targeting_expression_ids
            .iter()
            .find(|t| !is_stix_vocabulary(t) || Uri::new(t.as_str()).is_err())
        {
            return Err(format!(
                "query: {t:?} is not a STIX targeting vocabulary (a STIX content binding id)"
            ));
        }
        if self.preferred_scope.is_empty() && self.allowed_scope.is_empty() {
            return Err("query: preferred_scope or allowed_scope needs a scope (TQI-4)".into());
        }
        let scopes = self.preferred_scope.iter().chain(&self.allowed_scope);
        if let Some(s) = scopes.clone().find(|s| check_stix_expression(s).is_err()) {
            return Err(format!(
                "query: scope {s:?} is not a STIX targeting expression (TE-3)"
            ));
        }
        Ok(())
    }

    /// What the services advertise (`None` when disabled).
    pub fn supported_query(&self) -> Option<SupportedQuery> {
        if !self.enabled {
            return None;
        }
        let infos = self
            .targeting_expression_ids
            .iter()
            .filter_map(|t| Uri::new(t.as_str()).ok())
            .map(|t| {
                TargetingExpressionInfo::new(
                    t,
                    self.preferred_scope.clone(),
                    self.allowed_scope.clone(),
                )
            })
            .collect();
        let modules = self
            .capability_modules
            .iter()
            .filter_map(|m| module_id(m))
            .filter_map(|m| Uri::new(m).ok())
            .collect();
        Some(SupportedQuery::Default(DefaultQueryInfo::new(
            infos, modules,
        )))
    }
}

/// The capability module id for a short name or a full id.
fn module_id(name: &str) -> Option<&'static str> {
    match name {
        "core" | CORE => Some(CORE),
        "regex" | REGEX => Some(REGEX),
        "timestamp" | TIMESTAMP => Some(TIMESTAMP),
        _ => None,
    }
}
