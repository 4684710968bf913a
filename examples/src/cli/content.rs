//! Content blocks to and from files: reading what is pushed, writing what is polled.

use super::terminal::{say, say_err};
use std::io::Read;

use taxii_messages::{RawXml, Timestamp};

use super::client_cmds::Error;
use crate::client::DestDir;

/// Reads a file (`-`: stdin) as content: markup is carried as it is (checked to be
/// well-formed), anything else as text.
pub fn read_content(path: &std::path::Path) -> Result<RawXml, Error> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if text.trim_start().starts_with('<') {
        checked_markup(&text).map_err(|e| format!("{}: {e}", path.display()).into())
    } else {
        Ok(RawXml::from_text(&text))
    }
}

/// XML markup for a content block, checked to be well-formed on its own.
fn checked_markup(text: &str) -> Result<RawXml, Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = match body.trim_start().strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, r)| r).trim_start(),
        None => body.trim_start(),
    };
    let value = serde_json::json!({ "xml": body });
    serde_json::from_value::<RawXml>(value).map_err(|e| format!("not well-formed XML: {e}").into())
}

/// Content as a document of its own: text unescaped, markup with the namespace
/// declarations it relies on (not the TAXII envelope's own).
pub fn standalone(content: &RawXml) -> String {
    use taxii_messages::namespaces::{DEFAULT_QUERY, TAXII_10, TAXII_11};
    if content.is_text() {
        return content.text().unwrap_or_default();
    }
    let own = content
        .namespaces()
        .iter()
        .filter(|n| ![TAXII_10, TAXII_11, DEFAULT_QUERY].contains(&n.uri.as_str()))
        .cloned()
        .collect();
    RawXml::new_unchecked(content.as_bytes().clone(), own).to_standalone()
}

/// Writes each content to its own file in `dest` (the content without the whitespace
/// around it, plus a newline).
pub fn write_all<'a>(
    dest: &mut DestDir,
    contents: impl Iterator<Item = &'a RawXml>,
) -> Result<(), Error> {
    for c in contents {
        let path = dest.write(format!("{}\n", standalone(c).trim()).as_bytes())?;
        say_err!("wrote {}", path.display());
    }
    Ok(())
}

/// Prints each content with its binding and label.
pub fn print_all<'a>(blocks: impl Iterator<Item = (&'a str, Option<&'a Timestamp>, &'a RawXml)>) {
    for (binding, label, content) in blocks {
        say!(
            "--- content block ({binding}{})",
            label.map(|t| format!(", {t}")).unwrap_or_default()
        );
        say!("{}", standalone(content));
    }
}
