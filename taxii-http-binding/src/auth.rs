//! HTTP Basic and Bearer credentials (HS-3): parsing and rendering `Authorization`, with
//! secrets kept out of `Debug` output.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use http::header::{HeaderMap, HeaderValue, AUTHORIZATION};

/// A secret string whose `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Credentials carried in `Authorization`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// HTTP Basic (RFC 7617): a user name and a password.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// A bearer token (RFC 6750), e.g. the JWT OpenTAXII issues.
    Bearer(Secret),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"<redacted>")
                .finish(),
            Credentials::Bearer(_) => f.write_str("Bearer(<redacted>)"),
        }
    }
}

/// Why an `Authorization` value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The header is not visible ASCII or has no scheme and parameters.
    #[error("Authorization is malformed: {0}")]
    Malformed(&'static str),
    /// A scheme other than Basic or Bearer.
    #[error("authentication scheme {0:?} is not supported (Basic, Bearer)")]
    UnsupportedScheme(String),
    /// The Basic parameter is not base64 of UTF-8 `user:password`.
    #[error("Basic credentials are not base64 of UTF-8 user:password")]
    BadBasic,
    /// The value cannot be put in a header (control characters).
    #[error("credentials contain characters not allowed in a header")]
    NotRepresentable,
}

impl Credentials {
    /// Basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Credentials {
        Credentials::Basic {
            username: username.into(),
            password: Secret::new(password),
        }
    }

    /// A bearer token.
    pub fn bearer(token: impl Into<String>) -> Credentials {
        Credentials::Bearer(Secret::new(token))
    }

    /// Reads an `Authorization` value (scheme names match case-insensitively).
    pub fn parse(value: &HeaderValue) -> Result<Credentials, AuthError> {
        let text = value
            .to_str()
            .map_err(|_| AuthError::Malformed("not visible ASCII"))?
            .trim();
        let (scheme, param) = text
            .split_once(' ')
            .ok_or(AuthError::Malformed("expected `<scheme> <credentials>`"))?;
        let param = param.trim();
        if param.is_empty() {
            return Err(AuthError::Malformed("no credentials after the scheme"));
        }
        if scheme.eq_ignore_ascii_case("basic") {
            let raw = STANDARD.decode(param).map_err(|_| AuthError::BadBasic)?;
            let text = String::from_utf8(raw).map_err(|_| AuthError::BadBasic)?;
            let (user, pass) = text.split_once(':').ok_or(AuthError::BadBasic)?;
            Ok(Credentials::basic(user, pass))
        } else if scheme.eq_ignore_ascii_case("bearer") {
            Ok(Credentials::bearer(param))
        } else {
            Err(AuthError::UnsupportedScheme(scheme.to_owned()))
        }
    }

    /// Reads `Authorization` from a header map; `Ok(None)` when absent.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Credentials>, AuthError> {
        headers
            .get(AUTHORIZATION)
            .map(Credentials::parse)
            .transpose()
    }

    /// The `Authorization` value, marked sensitive.
    pub fn to_header_value(&self) -> Result<HeaderValue, AuthError> {
        let text = match self {
            Credentials::Basic { username, password } => {
                if username.contains(':') {
                    return Err(AuthError::NotRepresentable);
                }
                format!(
                    "Basic {}",
                    STANDARD.encode(format!("{username}:{}", password.0))
                )
            }
            Credentials::Bearer(t) => format!("Bearer {}", t.0),
        };
        let mut v = HeaderValue::from_str(&text).map_err(|_| AuthError::NotRepresentable)?;
        v.set_sensitive(true);
        Ok(v)
    }
}
