//! Targeting expressions of the STIX vocabulary (checklist §4.2, TE-1..TE-3, AMB-23).

/// Whether `vocabulary` names the STIX targeting vocabulary, whose id is a STIX content
/// binding id (VID-11).
pub fn is_stix_vocabulary(vocabulary: &str) -> bool {
    vocabulary.starts_with("urn:stix.mitre.org:xml:")
        || vocabulary.starts_with("urn:oasis:cti:stix:xml:")
}

/// Checks the slash notation of a STIX targeting expression: one or more nodes separated
/// by `/`, each an element name, `@` and an attribute name, `*` or `**` (TE-1..TE-3,
/// AMB-23). Names are XML local names (no prefix). Returns the first bad node.
pub fn check_stix_expression(expression: &str) -> Result<(), &str> {
    for node in expression.split('/') {
        let name = node.strip_prefix('@').unwrap_or(node);
        let wildcard = node == "*" || node == "**";
        if !wildcard && !is_local_name(name) {
            return Err(node);
        }
    }
    Ok(())
}

fn is_local_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}
