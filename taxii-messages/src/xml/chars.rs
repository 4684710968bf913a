//! Characters, references and escaping.

use crate::error::{excerpt, DecodeErrorKind as K};

/// Resolves `&name;` (predefined entity or character reference) to its character.
pub(crate) fn resolve_reference(name: &str) -> std::result::Result<char, K> {
    Ok(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let Some(num) = name.strip_prefix('#') else {
                return Err(K::UnknownEntity(excerpt(name)));
            };
            // Digits only, as many as written (leading zeros are well-formed); a value
            // past u32 is no character.
            let code = match num.strip_prefix('x') {
                Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    u32::from_str_radix(hex, 16).ok()
                }
                None if num.bytes().all(|b| b.is_ascii_digit()) => num.parse::<u32>().ok(),
                _ => None,
            };
            match code.and_then(char::from_u32) {
                Some(c) if is_xml_char(c) => c,
                _ => return Err(K::InvalidCharacterReference(excerpt(name))),
            }
        }
    })
}

/// Whether XML 1.0 can carry `c` (production [2] Char).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` escaped as character data.
pub(crate) fn escape_text_into(text: &str, out: &mut Vec<u8>) {
    escape_into(text, false, out);
}

/// Appends `value` escaped for a double-quoted attribute value.
pub(crate) fn escape_attr_into(value: &str, out: &mut Vec<u8>) {
    escape_into(value, true, out);
}

fn escape_into(text: &str, attr: bool, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            // A bare carriage return would read back as a line feed.
            b'\r' => b"&#xD;",
            // In attributes, the quote, and tab and line feed (they would read back as spaces).
            b'"' if attr => b"&quot;",
            b'\t' if attr => b"&#x9;",
            b'\n' if attr => b"&#xA;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[last..i]);
        out.extend_from_slice(rep);
        last = i + 1;
    }
    out.extend_from_slice(&bytes[last..]);
}
