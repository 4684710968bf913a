//! Who is calling: the authenticated principal the runtime hands to the engine.

use std::fmt;

/// The caller's identity as established by the transport (HTTP auth, client certificate).
///
/// TAXII messages carry no credentials (checklist HS-1); the runtime authenticates and
/// passes the result here. `Anonymous` is a caller that presented no valid credentials.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum Identity {
    /// No (valid) credentials.
    #[default]
    Anonymous,
    /// An authenticated principal, by name.
    User(String),
}

impl Identity {
    /// An authenticated principal.
    pub fn user(name: impl Into<String>) -> Self {
        Identity::User(name.into())
    }

    /// The principal's name, if authenticated.
    pub fn name(&self) -> Option<&str> {
        match self {
            Identity::Anonymous => None,
            Identity::User(n) => Some(n),
        }
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identity::Anonymous => f.write_str("anonymous"),
            Identity::User(n) => f.write_str(n),
        }
    }
}
