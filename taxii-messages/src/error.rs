//! Decode errors: what went wrong, where, and which rule was broken.

use std::fmt;

/// Why a document could not be decoded as a TAXII message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input is empty or holds only whitespace, comments and declarations.
    #[error("no root element")]
    Empty,
    /// The input is not UTF-8 (the only encoding accepted).
    #[error("input is not valid UTF-8")]
    InvalidUtf8,
    /// The XML declaration names an encoding other than UTF-8.
    #[error("unsupported encoding `{0}` (only UTF-8)")]
    UnsupportedEncoding(String),
    /// The XML is not well-formed; the text comes from the tokenizer.
    #[error("malformed XML: {0}")]
    Syntax(String),
    /// A `<!DOCTYPE` declaration was found; DTDs are never processed.
    #[error("DOCTYPE declarations are not allowed")]
    DoctypeForbidden,
    /// An entity reference other than the five predefined ones.
    #[error("unknown entity `&{0};`")]
    UnknownEntity(String),
    /// A character reference to a character XML does not allow.
    #[error("invalid character reference `&{0};`")]
    InvalidCharacterReference(String),
    /// A configured limit was exceeded.
    #[error("limit `{limit}` ({max}) exceeded")]
    LimitExceeded {
        /// Name of the limit (a field of [`crate::Limits`]).
        limit: &'static str,
        /// The configured maximum.
        max: usize,
    },
    /// A namespace prefix was used without a declaration in scope.
    #[error("namespace prefix `{0}` is not declared")]
    UndeclaredPrefix(String),
    /// The root element is not a message of any supported TAXII version.
    #[error("`{name}` in namespace `{namespace}` is not a TAXII message")]
    UnknownMessage {
        /// Namespace URI of the root element (empty when none).
        namespace: String,
        /// Local name of the root element.
        name: String,
    },
    /// An element that the schema does not allow at this point.
    #[error("unexpected element `{found}`, expected {expected}")]
    UnexpectedElement {
        /// Qualified name as written.
        found: String,
        /// What the schema allows here.
        expected: String,
    },
    /// A required child element is missing.
    #[error("missing required element `{0}`")]
    MissingElement(&'static str),
    /// A required attribute is missing.
    #[error("missing required attribute `{0}`")]
    MissingAttribute(&'static str),
    /// An attribute the schema does not define.
    #[error("attribute `{0}` is not allowed here")]
    UnexpectedAttribute(String),
    /// The same attribute appears twice.
    #[error("attribute `{0}` appears more than once")]
    DuplicateAttribute(String),
    /// Character data where only elements are allowed.
    #[error("text is not allowed here")]
    UnexpectedText,
    /// A value that does not satisfy its type.
    #[error("invalid `{field}` value `{value}`: expected {expected}")]
    InvalidValue {
        /// The attribute or element holding the value.
        field: &'static str,
        /// The offending value (shortened when long).
        value: String,
        /// What the value must look like.
        expected: &'static str,
    },
    /// A rule that spans several fields is broken.
    #[error("{0}")]
    Constraint(String),
    /// Markup after the end of the root element.
    #[error("content after the root element")]
    TrailingContent,
}

/// A decode failure with its position in the input.
///
/// `offset` is a byte offset into the input; `line` and `column` are 1-based (column counts
/// bytes). `path` is the element path, e.g. `/Poll_Response/Content_Block[2]/Content`.
/// `rule` names the row of the conformance checklist (or the XML rule) that was broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    offset: usize,
    line: u32,
    column: u32,
    path: String,
    rule: Option<&'static str>,
}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind, offset: usize, input: &[u8], path: String) -> Self {
        let (line, column) = line_column(input, offset);
        let rule = Some(default_rule(&kind));
        DecodeError {
            kind,
            offset,
            line,
            column,
            path,
            rule,
        }
    }

    /// The same error at another position (used when a part of a stream was decoded alone).
    pub(crate) fn relocated(mut self, offset: usize, line: u32, column: u32, path: String) -> Self {
        self.offset = offset;
        self.line = line;
        self.column = column;
        self.path = path;
        self
    }

    /// The same error located in the child `local` of the current path (for values read
    /// after their element was closed).
    pub(crate) fn in_child(mut self, local: &str) -> Self {
        if !self.path.ends_with('/') {
            self.path.push('/');
        }
        self.path.push_str(local);
        self
    }

    pub(crate) fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }
    /// Byte offset of the problem in the input.
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// 1-based line of the problem.
    pub fn line(&self) -> u32 {
        self.line
    }
    /// 1-based column (in bytes) of the problem.
    pub fn column(&self) -> u32 {
        self.column
    }
    /// Element path at the problem, `/` when before the root element.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// The checklist row or XML rule that was broken, when one applies.
    pub fn rule(&self) -> Option<&'static str> {
        self.rule
    }
}

fn default_rule(kind: &DecodeErrorKind) -> &'static str {
    use DecodeErrorKind::*;
    match kind {
        DoctypeForbidden | UnknownEntity(_) => "security 3.2: no DTD, no entities",
        InvalidUtf8 | UnsupportedEncoding(_) => "XML 1.0 §4.3.3: UTF-8 only",
        LimitExceeded { .. } => "security 3.2: configured limit",
        UnexpectedElement { .. } => "G11-2: schema sequence",
        UnknownMessage { .. } => "G11-1: root element is a message",
        MissingElement(_) | MissingAttribute(_) | UnexpectedAttribute(_) => XSD,
        UnexpectedText | InvalidValue { .. } => XSD,
        Empty | Syntax(_) | DuplicateAttribute(_) | InvalidCharacterReference(_) => WELL_FORMED,
        TrailingContent => WELL_FORMED,
        UndeclaredPrefix(_) => "Namespaces in XML 1.0: prefix declared",
        Constraint(_) => "C11: cross-field rule",
    }
}

const XSD: &str = "G11-4: valid against the binding's XSD";
const WELL_FORMED: &str = "XML 1.0: well-formed document";

fn line_column(input: &[u8], offset: usize) -> (u32, u32) {
    let upto = &input[..offset.min(input.len())];
    let line = memchr::memchr_iter(b'\n', upto).count() + 1;
    let line_start = memchr::memrchr(b'\n', upto).map_or(0, |p| p + 1);
    let column = upto.len() - line_start + 1;
    let saturated = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (saturated(line), saturated(column))
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column, offset, path) = (self.line, self.column, self.offset, &self.path);
        write!(
            f,
            "{line}:{column} (byte {offset}) at {path}: {}",
            self.kind
        )?;
        match self.rule {
            Some(rule) => write!(f, " [{rule}]"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The longest start of `value` of at most `max` bytes, when `value` is longer.
pub(crate) fn cut(value: &str, max: usize) -> Option<&str> {
    let end = (0..=max).rev().find(|&i| value.is_char_boundary(i))?;
    (value.len() > max).then(|| &value[..end])
}

/// Shortens a value for inclusion in an error message.
pub(crate) fn excerpt(value: &str) -> String {
    match cut(value, 64) {
        Some(head) => format!("{head}…"),
        None => value.to_owned(),
    }
}
