//! Media types of `Content-Type` and media ranges of `Accept` (RFC 2616 §3.7, §14.1).

use std::fmt;

/// A media type or media range: `type/subtype` with parameters, names lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaType {
    /// The top-level type (`application`, or `*` in a range).
    pub type_: String,
    /// The subtype (`xml`, or `*` in a range).
    pub subtype: String,
    /// Parameters in order, names lowercased, values unquoted (e.g. `charset`, `q`).
    pub params: Vec<(String, String)>,
}

/// Why a media type could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed media type {value:?}: {reason}")]
pub struct MediaTypeError {
    /// The text that was read.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl MediaType {
    /// `application/xml`, the media type of both XML message bindings.
    pub fn application_xml() -> MediaType {
        MediaType::new("application", "xml")
    }

    /// A media type without parameters.
    pub fn new(type_: &str, subtype: &str) -> MediaType {
        MediaType {
            type_: type_.to_ascii_lowercase(),
            subtype: subtype.to_ascii_lowercase(),
            params: Vec::new(),
        }
    }

    /// Reads one media type or media range (`type/subtype *(; name=value)`).
    pub fn parse(text: &str) -> Result<MediaType, MediaTypeError> {
        let err = |reason| MediaTypeError {
            value: text.to_owned(),
            reason,
        };
        let mut parts = text.split(';');
        let essence = parts.next().unwrap_or("").trim();
        let (type_, subtype) = essence
            .split_once('/')
            .ok_or_else(|| err("no '/' between type and subtype"))?;
        let (type_, subtype) = (type_.trim(), subtype.trim());
        if !is_token(type_) || !is_token(subtype) {
            return Err(err("type and subtype must be tokens"));
        }
        let mut params = Vec::new();
        for p in parts {
            let p = p.trim();
            if p.is_empty() {
                continue; // a trailing ';' is harmless
            }
            let (name, value) = p
                .split_once('=')
                .ok_or_else(|| err("parameter without '='"))?;
            let name = name.trim();
            if !is_token(name) {
                return Err(err("parameter name must be a token"));
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            params.push((name.to_ascii_lowercase(), value.to_owned()));
        }
        Ok(MediaType {
            type_: type_.to_ascii_lowercase(),
            subtype: subtype.to_ascii_lowercase(),
            params,
        })
    }

    /// Reads a comma-separated list of media ranges (an `Accept` value); empty members
    /// are skipped as RFC 2616 §2.1 allows.
    pub fn parse_list(text: &str) -> Result<Vec<MediaType>, MediaTypeError> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(MediaType::parse)
            .collect()
    }

    /// The value of a parameter (name matched case-insensitively).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The quality value of a media range (`q`, default 1, unreadable counts as 1).
    pub fn quality(&self) -> f32 {
        self.param("q")
            .and_then(|q| q.trim().parse::<f32>().ok())
            .filter(|q| (0.0..=1.0).contains(q))
            .unwrap_or(1.0)
    }

    /// Whether this media range (with `*` wildcards) includes `other`, ignoring parameters.
    pub fn includes(&self, other: &MediaType) -> bool {
        (self.type_ == "*" || self.type_ == other.type_)
            && (self.subtype == "*" || self.subtype == other.subtype)
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.type_, self.subtype)?;
        for (n, v) in &self.params {
            if is_token(v) {
                write!(f, "; {n}={v}")?;
            } else {
                write!(f, "; {n}=\"{v}\"")?;
            }
        }
        Ok(())
    }
}
