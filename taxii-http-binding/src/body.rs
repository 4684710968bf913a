//! The entity body: size cap (applied before anything else), `Content-Length` agreement
//! and `Content-Encoding` (gzip/deflate with the `compression` feature).

use bytes::Bytes;
use http::header::{HeaderMap, CONTENT_ENCODING, CONTENT_LENGTH, TRANSFER_ENCODING};

use crate::error::Error;

/// Limits on bodies, checked before any decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BodyLimits {
    /// Largest body accepted as received (compressed or not), in bytes.
    pub max_body_bytes: usize,
    /// Largest body after decompression, in bytes.
    pub max_decoded_bytes: usize,
    /// Largest decompressed-to-compressed size ratio accepted (zip-bomb guard).
    pub max_ratio: usize,
}

impl Default for BodyLimits {
    /// 64 MiB received, 256 MiB decoded, ratio 200.
    fn default() -> Self {
        BodyLimits {
            max_body_bytes: 64 << 20,
            max_decoded_bytes: 256 << 20,
            max_ratio: 200,
        }
    }
}

impl BodyLimits {
    /// Limits with the given cap on received and decoded size.
    pub fn with_max(max_bytes: usize) -> Self {
        BodyLimits {
            max_body_bytes: max_bytes,
            max_decoded_bytes: max_bytes,
            ..BodyLimits::default()
        }
    }
}

/// The `Content-Encoding` values this build decodes.
pub const SUPPORTED_ENCODINGS: &str = if cfg!(feature = "compression") {
    "identity, gzip, x-gzip, deflate"
} else {
    "identity"
};

/// The body ready for decoding: the size cap enforced, `Content-Length` checked, and any
/// `Content-Encoding` undone.
///
/// Leniency: `Content-Length` is ignored when `Transfer-Encoding` is present (RFC 2616
/// §4.4), as the runtime has already de-chunked the body.
pub fn prepare_body(
    headers: &HeaderMap,
    body: &Bytes,
    limits: &BodyLimits,
) -> Result<Bytes, Error> {
    if body.len() > limits.max_body_bytes {
        return Err(Error::BodyTooLarge {
            size: body.len() as u64,
            max: limits.max_body_bytes,
        });
    }
    if !headers.contains_key(TRANSFER_ENCODING) {
        if let Some(v) = headers.get(CONTENT_LENGTH) {
            let declared = v
                .to_str()
                .ok()
                .and_then(|t| t.trim().parse::<u64>().ok())
                .ok_or_else(|| Error::InvalidHeader {
                    header: "Content-Length",
                    value: String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    reason: "not a decimal number".into(),
                    rule: "RFC 2616 §14.13",
                })?;
            if declared != body.len() as u64 {
                return Err(Error::ContentLengthMismatch {
                    declared,
                    actual: body.len(),
                });
            }
        }
    }
    let mut out = body.clone();
    for coding in encodings(headers)?.into_iter().rev() {
        out = decode_one(&coding, out, limits)?;
    }
    Ok(out)
}

/// The content codings in the order they were applied, `identity` left out.
fn encodings(headers: &HeaderMap) -> Result<Vec<String>, Error> {
    let mut v = Vec::new();
    for value in headers.get_all(CONTENT_ENCODING) {
        let text = value.to_str().map_err(|_| Error::InvalidHeader {
            header: "Content-Encoding",
            value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
            reason: "not visible ASCII".into(),
            rule: "RFC 2616 §14.11",
        })?;
        for c in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let c = c.to_ascii_lowercase();
            if c != "identity" {
                v.push(c);
            }
        }
    }
    Ok(v)
}

#[cfg(not(feature = "compression"))]
fn decode_one(coding: &str, _body: Bytes, _limits: &BodyLimits) -> Result<Bytes, Error> {
    Err(Error::UnsupportedContentEncoding {
        encoding: coding.to_owned(),
        supported: SUPPORTED_ENCODINGS,
    })
}

#[cfg(feature = "compression")]
fn decode_one(coding: &str, body: Bytes, limits: &BodyLimits) -> Result<Bytes, Error> {
    use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
    use std::io::Read;

    let cap = limits.max_decoded_bytes.min(
        body.len()
            .saturating_mul(limits.max_ratio)
            .max(limits.max_ratio),
    );
    let read_capped = |reader: &mut dyn Read| -> Result<Bytes, String> {
        let mut out = Vec::new();
        let n = reader
            .take(cap as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("corrupt data: {e}"))?;
        if n > cap {
            return Err(if cap == limits.max_decoded_bytes {
                format!(
                    "expands past the limit of {} bytes",
                    limits.max_decoded_bytes
                )
            } else {
                format!(
                    "expands more than {} times its compressed size of {} bytes",
                    limits.max_ratio,
                    body.len()
                )
            });
        }
        Ok(Bytes::from(out))
    };
    let result = match coding {
        "gzip" | "x-gzip" => read_capped(&mut MultiGzDecoder::new(&body[..])),
        // "deflate" is zlib-wrapped (RFC 2616 §3.5). Leniency: some servers send raw
        // deflate, recognised by the missing zlib header.
        "deflate" if is_zlib(&body) => read_capped(&mut ZlibDecoder::new(&body[..])),
        "deflate" => read_capped(&mut DeflateDecoder::new(&body[..])),
        _ => {
            return Err(Error::UnsupportedContentEncoding {
                encoding: coding.to_owned(),
                supported: SUPPORTED_ENCODINGS,
            })
        }
    };
    result.map_err(|reason| Error::Decompression {
        encoding: coding.to_owned(),
        reason,
    })
}

#[cfg(feature = "compression")]
fn is_zlib(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] & 0x0F == 8 && (u16::from(b[0]) << 8 | u16::from(b[1])) % 31 == 0
}
