//! A content block's XML as the flat list of nodes a targeting expression can reach.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Element and attribute nodes with their paths (local names) and values.
#[derive(Debug, Default)]
pub(crate) struct Nodes {
    /// (path, value): an element's value is its own text, trimmed; an attribute's its value.
    pub items: Vec<(Vec<String>, String)>,
}

/// Limits that keep evaluation bounded on hostile content.
const MAX_DEPTH: usize = 256;
const MAX_NODES: usize = 200_000;

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

/// Reads `xml`; `None` when it is not well-formed XML or exceeds the limits (a record
/// the query cannot judge does not match, EX-9).
pub(crate) fn read(xml: &str) -> Option<Nodes> {
    let mut reader = Reader::from_str(xml);
    let mut out = Nodes::default();
    // stack of (path so far, index of its item in out.items)
    let mut path: Vec<String> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                start(&mut out, &mut path, &e)?;
                open.push(out.items.len() - 1 - attr_count(&e)?);
            }
            Event::Empty(e) => {
                start(&mut out, &mut path, &e)?;
                path.pop();
            }
            Event::End(_) => {
                path.pop();
                open.pop()?;
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out.items[i].1.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(&i) = open.last() {
                    out.items[i].1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    let s = format!("&{};", r.xml10_content());
                    let text = quick_xml::escape::unescape(&s).ok()?;
                    out.items[i].1.push_str(&text);
                }
            }
            Event::DocType(_) => return None,
            Event::Eof => break,
            _ => {}
        }
        if path.len() > MAX_DEPTH || out.items.len() > MAX_NODES {
            return None;
        }
    }
    if !path.is_empty() {
        return None;
    }
    for item in &mut out.items {
        let trimmed = item.1.trim();
        if trimmed.len() != item.1.len() {
            item.1 = trimmed.to_owned();
        }
    }
    Some(out)
}

fn attr_count(e: &quick_xml::events::BytesStart<'_>) -> Option<usize> {
    Some(
        e.attributes()
            .filter(|a| a.as_ref().is_ok_and(|a| !is_xmlns(a.key.as_ref())))
            .count(),
    )
}

fn is_xmlns(key: &str) -> bool {
    key == "xmlns" || key.starts_with("xmlns:")
}

fn start(
    out: &mut Nodes,
    path: &mut Vec<String>,
    e: &quick_xml::events::BytesStart<'_>,
) -> Option<()> {
    path.push(local(e.name().as_ref()));
    out.items.push((path.clone(), String::new()));
    for a in e.attributes() {
        let a = a.ok()?;
        if is_xmlns(a.key.as_ref()) {
            continue;
        }
        let mut p = path.clone();
        p.push(format!("@{}", local(a.key.as_ref())));
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?
            .into_owned();
        out.items.push((p, v));
    }
    Some(())
}
