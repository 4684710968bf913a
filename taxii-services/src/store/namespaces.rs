//! Keeping with each block only the namespace bindings its content uses, so stored size
//! follows the body, not the number of blocks times the root's declarations.

use std::collections::HashSet;

use taxii_messages::{NamespaceBinding, RawXml};

/// `content` with only the in-scope bindings its markup can refer to: prefixes written
/// before a `:` anywhere in it (element and attribute names, and QName values such as
/// `xsi:type="stix:Indicator"`), and the default namespace when it holds an unprefixed
/// element. Text-only content keeps none. The payload reads as the same XML.
pub fn keep_used_namespaces(content: &RawXml) -> RawXml {
    let ns = content.namespaces();
    if ns.is_empty() {
        return content.clone();
    }
    let text = content.as_str();
    let used = used_prefixes(text);
    let default_used = has_unprefixed_element(text);
    let kept: Vec<NamespaceBinding> = ns
        .iter()
        .filter(|b| {
            if b.prefix.is_empty() {
                default_used
            } else {
                used.contains(b.prefix.as_str())
            }
        })
        .cloned()
        .collect();
    if kept.len() == ns.len() {
        return content.clone();
    }
    // Same checked bytes; fewer bindings, all of them still declared.
    RawXml::new_unchecked(content.as_bytes().clone(), kept)
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') || c >= 0x80
}

/// Every run of name characters followed by `:`.
fn used_prefixes(text: &str) -> HashSet<&str> {
    let bytes = text.as_bytes();
    let mut out = HashSet::new();
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b':' {
            if start < i {
                out.insert(&text[start..i]);
            }
            start = i + 1;
        } else if !is_name_char(c) {
            start = i + 1;
        }
    }
    out
}

/// Whether some start tag names an element without a prefix.
fn has_unprefixed_element(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &c)| {
        if c != b'<' {
            return false;
        }
        let name: Vec<u8> = bytes[i + 1..]
            .iter()
            .copied()
            .take_while(|&b| is_name_char(b) || b == b':')
            .collect();
        !name.is_empty() && !name[0].is_ascii_digit() && !name.contains(&b':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(p: &str, u: &str) -> NamespaceBinding {
        NamespaceBinding::new(p, u)
    }

    #[test]
    fn keeps_element_attribute_and_value_prefixes_only() {
        let raw = RawXml::new(
            r#"<stix:P xsi:type="ind:X" a="1"><b/></stix:P>"#,
            vec![
                ns("stix", "s"),
                ns("xsi", "x"),
                ns("ind", "i"),
                ns("big", "unused"),
                ns("", "d"),
            ],
        )
        .unwrap();
        let kept = keep_used_namespaces(&raw);
        let prefixes: Vec<&str> = kept
            .namespaces()
            .iter()
            .map(|b| b.prefix.as_str())
            .collect();
        assert_eq!(prefixes, ["stix", "xsi", "ind", ""]);
        assert_eq!(kept.as_str(), raw.as_str());
    }

    #[test]
    fn prefixes_with_punctuation_or_beyond_ascii_are_kept() {
        let bindings = vec![
            ns("my-ns", "a"),
            ns("n_2", "b"),
            ns("v.1", "c"),
            ns("é", "d"),
        ];
        let raw = RawXml::new(
            "<my-ns:a n_2:x='1' v.1:y='2'><é:b/></my-ns:a>",
            bindings.clone(),
        );
        assert_eq!(keep_used_namespaces(&raw.unwrap()).namespaces(), bindings);
    }

    #[test]
    fn the_default_namespace_stays_only_for_unprefixed_elements() {
        let bindings = || vec![ns("p", "x"), ns("", "d")];
        let prefixed = RawXml::new("<p:a><p:b/></p:a>", bindings()).unwrap();
        let kept = keep_used_namespaces(&prefixed);
        assert_eq!(kept.namespaces(), [ns("p", "x")]);
        let plain = RawXml::new("<a/>", bindings()).unwrap();
        assert_eq!(keep_used_namespaces(&plain).namespaces(), [ns("", "d")]);
    }

    #[test]
    fn empty_and_text_blocks_keep_no_bindings() {
        for body in ["", "plain text", "<!-- c -->"] {
            let raw = RawXml::new(body, vec![ns("a", "x"), ns("", "d")]).unwrap();
            assert!(keep_used_namespaces(&raw).namespaces().is_empty(), "{body}");
        }
    }
}
