//! A content block's XML as the element and attribute nodes a targeting expression can
//! reach, each linked to its parent (no path is copied per node).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One element or attribute.
#[derive(Debug)]
pub(crate) struct Item {
    /// The enclosing element's index.
    pub parent: Option<usize>,
    /// Local name; `@name` for an attribute.
    pub name: String,
    /// An element's own text, trimmed; an attribute's value.
    pub value: String,
}

/// Every node of a document, in document order.
#[derive(Debug, Default)]
pub(crate) struct Nodes {
    pub items: Vec<Item>,
}

impl Nodes {
    /// The names from the root down to item `i` (into `out`, reused between calls).
    pub fn path<'s>(&'s self, mut i: usize, out: &mut Vec<&'s str>) {
        out.clear();
        loop {
            out.push(&self.items[i].name);
            match self.items[i].parent {
                Some(p) => i = p,
                None => break,
            }
        }
        out.reverse();
    }
}

/// Limits that keep evaluation bounded on hostile content.
const MAX_DEPTH: usize = 100;
const MAX_NODES: usize = 100_000;

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_owned()
}

fn is_xmlns(key: &str) -> bool {
    key == "xmlns" || key.starts_with("xmlns:")
}

/// Reads `xml`; `None` when it is not well-formed XML or exceeds the limits (a record
/// the query cannot judge does not match, EX-9).
pub(crate) fn read(xml: &str) -> Option<Nodes> {
    let mut reader = Reader::from_str(xml);
    let mut out = Nodes::default();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let i = start(&mut out, open.last().copied(), &e)?;
                open.push(i);
            }
            Event::Empty(e) => {
                start(&mut out, open.last().copied(), &e)?;
            }
            Event::End(_) => {
                open.pop()?;
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out.items[i].value.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(&i) = open.last() {
                    out.items[i].value.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    let s = format!("&{};", r.xml10_content());
                    let text = quick_xml::escape::unescape(&s).ok()?;
                    out.items[i].value.push_str(&text);
                }
            }
            Event::DocType(_) => return None,
            Event::Eof => break,
            _ => {}
        }
        if open.len() > MAX_DEPTH || out.items.len() > MAX_NODES {
            return None;
        }
    }
    if !open.is_empty() {
        return None;
    }
    for item in &mut out.items {
        let trimmed = item.value.trim();
        if trimmed.len() != item.value.len() {
            item.value = trimmed.to_owned();
        }
    }
    Some(out)
}

/// Adds an element and its attributes; returns the element's index.
fn start(out: &mut Nodes, parent: Option<usize>, e: &BytesStart<'_>) -> Option<usize> {
    let index = out.items.len();
    out.items.push(Item {
        parent,
        name: local(e.name().as_ref()),
        value: String::new(),
    });
    for a in e.attributes() {
        let a = a.ok()?;
        if is_xmlns(a.key.as_ref()) {
            continue;
        }
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?
            .into_owned();
        out.items.push(Item {
            parent: Some(index),
            name: format!("@{}", local(a.key.as_ref())),
            value,
        });
    }
    Some(index)
}
