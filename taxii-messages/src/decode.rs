//! Version dispatch: a document's checks, its root element picking TAXII 1.1, 1.0 or
//! Draft 1, and the errors that name the version a misplaced message or element belongs to.

use bytes::Bytes;

use crate::namespaces::{Ns, TAXII_10, TAXII_11};
use crate::xml::cursor::{Cursor, Element};
use crate::{v10, v11, DecodeError, DecodeErrorKind, DecodeErrorKind as K, DecodeOptions, Message};

/// Decodes what the XSDs (and, when permissive, the peers' deviations) allow.
pub(crate) fn decode_schema(input: Bytes, options: &DecodeOptions) -> Result<Message, DecodeError> {
    decode_document(input, options, |c, root| match root.ns {
        Ns::Taxii11 if !v11::ROOT_ELEMENTS.contains(&root.local) => {
            Err(wrong_version_or_unknown(c, &root, Ns::Taxii11))
        }
        Ns::Taxii11 => v11::Message::decode_root(c, root)
            .map(Message::V11)
            .map_err(|e| foreign_element(c, e, Ns::Taxii11)),
        Ns::Taxii10 => Ok(Message::V10(v10::Message::decode_root(c, root)?)),
        Ns::Draft1 => {
            let what = "is a TAXII 1.0 Draft 1 message: decode it with `draft1::decode`";
            let kind = K::Constraint(format!("`{}` {what}", root.local));
            Err(c.error_in(&root, kind).with_rule("NS-5"))
        }
        _ => Err(unknown_root(c, &root)),
    })
}

/// Checks size and encoding, opens the root element and hands it to `body`, then
/// requires the document to end.
pub(crate) fn decode_document<T>(
    input: Bytes,
    options: &DecodeOptions,
    body: impl for<'a> FnOnce(&mut Cursor<'a>, Element<'a>) -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    let limits = options.limits;
    if input.len() > limits.max_input_bytes {
        return Err(DecodeError::new(
            K::LimitExceeded {
                limit: "max_input_bytes",
                max: limits.max_input_bytes,
            },
            limits.max_input_bytes,
            &input,
            "/".into(),
        ));
    }
    let bytes = strip_utf8_bom(&input);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let kind = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                K::UnsupportedEncoding("UTF-16".into())
            } else {
                K::InvalidUtf8
            };
            return Err(DecodeError::new(kind, e.valid_up_to(), bytes, "/".into()));
        }
    };
    if let Some((at, ch)) = forbidden_char(bytes) {
        return Err(DecodeError::new(
            forbidden_char_kind(ch),
            at,
            bytes,
            "/".into(),
        ));
    }
    let offset = input.len() - bytes.len();
    let shared = input.slice(offset..);
    let mut c = Cursor::new(text, &shared, limits);
    c.set_lenient(options.peer_leniency());
    let root = c.root()?;
    let value = body(&mut c, root)?;
    c.finish()?;
    Ok(value)
}

/// The error for a root element of no supported TAXII namespace.
pub(crate) fn unknown_root(c: &Cursor<'_>, root: &Element<'_>) -> DecodeError {
    let tag = &c.input()[root.offset..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let prefix = root.qname.split_once(':').map_or("", |(p, _)| p);
    let namespace = declared_uri(tag, prefix).unwrap_or("").to_owned();
    let name = root.local.to_owned();
    c.error_in(root, K::UnknownMessage { namespace, name })
}

/// The first character XML 1.0 forbids anywhere in a document: C0 controls other than
/// tab, line feed and carriage return, and U+FFFE / U+FFFF. (Surrogates cannot occur in
/// valid UTF-8; character references are checked where they are resolved.)
pub(crate) fn forbidden_char(body: &[u8]) -> Option<(usize, char)> {
    const CHUNK: usize = 64;
    // The C0 controls XML forbids, and 0xEF, the lead byte of U+FFFE / U+FFFF (EF BF BE,
    // EF BF BF): one pass over the input.
    let suspect = |b: u8| ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0xEF);
    body.chunks(CHUNK).enumerate().find_map(|(n, chunk)| {
        // Branch-free per chunk so the scan vectorises; look closer only on a hit.
        if !chunk.iter().fold(false, |acc, &b| acc | suspect(b)) {
            return None;
        }
        chunk.iter().enumerate().find_map(|(i, &b)| {
            let at = n * CHUNK + i;
            match b {
                0xEF => match body.get(at + 1..at + 3) {
                    Some([0xBF, 0xBE]) => Some((at, '\u{FFFE}')),
                    Some([0xBF, 0xBF]) => Some((at, '\u{FFFF}')),
                    _ => None,
                },
                _ if suspect(b) => Some((at, char::from(b))),
                _ => None,
            }
        })
    })
}

/// The error for a character [`forbidden_char`] found.
pub(crate) fn forbidden_char_kind(ch: char) -> DecodeErrorKind {
    DecodeErrorKind::Syntax(format!(
        "character U+{:04X} is not allowed in XML (XML 1.0 [2])",
        u32::from(ch)
    ))
}

fn strip_utf8_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(input)
}

type Str = &'static str;

/// The version `ns` stands for and its namespace, then the other TAXII version's, with
/// the other version's message names.
fn versions(ns: Ns) -> (Str, Str, Str, Str, &'static [Str]) {
    match ns {
        Ns::Taxii10 => ("1.0", TAXII_10, "1.1", TAXII_11, v11::ROOT_ELEMENTS),
        _ => ("1.1", TAXII_11, "1.0", TAXII_10, v10::ROOT_ELEMENTS),
    }
}

/// The error for a root element that is not a message of `ns`: when it names a message of
/// the other TAXII version, the error says so (checklist §1.5, DIF-1).
pub(crate) fn wrong_version_or_unknown(c: &Cursor<'_>, el: &Element<'_>, ns: Ns) -> DecodeError {
    let (here, here_uri, there, _, there_roots) = versions(ns);
    let name = el.local.to_owned();
    if !there_roots.contains(&el.local) {
        let namespace = here_uri.to_owned();
        return c.error_in(el, K::UnknownMessage { namespace, name });
    }
    let text = format!(
        "`{name}` is a TAXII {there} message but is in the TAXII {here} namespace `{here_uri}`"
    );
    c.error_in(el, K::Constraint(text)).with_rule("DIF-1")
}

/// Element names TAXII 1.1 introduced (checklist §5.8).
const TAXII_11_ONLY: &[&str] = &[
    "Subscription_ID",
    "Subscription_Parameters",
    "Poll_Parameters",
    "Delivery_Parameters",
    "Response_Type",
    "Record_Count",
    "Destination_Collection_Name",
    "Collection",
    "Collection_Volume",
    "Receiving_Inbox_Service",
    "Supported_Query",
    "Query",
];

/// Rewrites an "unexpected element" error when the element belongs to the other TAXII
/// version (by namespace, or by a 1.1-only name in the 1.0 namespace), so the error says so.
pub(crate) fn foreign_element(c: &Cursor<'_>, e: DecodeError, here: Ns) -> DecodeError {
    let K::UnexpectedElement { found, .. } = e.kind() else {
        return e;
    };
    let (prefix, local) = found.split_once(':').unwrap_or(("", found));
    let uri = declared_uri(c.input(), prefix);
    let (here_v, _, there_v, there_uri, _) = versions(here);
    let message = if uri == Some(there_uri) {
        format!("`{found}` is a TAXII {there_v} element inside a TAXII {here_v} message")
    } else if here == Ns::Taxii10 && uri == Some(TAXII_10) && TAXII_11_ONLY.contains(&local) {
        format!("`{found}`: `{local}` is a TAXII 1.1 element; TAXII 1.0 has none")
    } else {
        return e;
    };
    let (offset, path) = (e.offset(), e.path().to_owned());
    DecodeError::new(K::Constraint(message), offset, c.input().as_bytes(), path).with_rule("DIF-1")
}

/// The URI the document binds `prefix` to (its first declaration; for messages).
fn declared_uri<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let decl = if prefix.is_empty() {
        "xmlns=".to_owned()
    } else {
        format!("xmlns:{prefix}=")
    };
    let at = text.find(&decl)? + decl.len();
    let quote = text[at..].chars().next()?;
    let rest = &text[at + 1..];
    rest.split(quote).next()
}
