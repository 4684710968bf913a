//! Cutting a result into parts (MP-1, MP-7).

use taxii_messages::v11::CollectionType;

use crate::store::legacy::{Record, ResultPart, Window};

/// Splits `records` (ordered by label) into parts of about `per_part` records.
///
/// For a data feed each part covers a contiguous label range holding every record in it:
/// a cut never separates records with the same label (so a part may exceed `per_part`),
/// the first part starts at the window's begin, the last ends at the window's end, and
/// each part ends at its last record's label. Always returns at least one part.
pub(crate) fn split(
    records: Vec<Record>,
    per_part: usize,
    window: Window,
    kind: CollectionType,
) -> Vec<ResultPart> {
    let per_part = per_part.max(1);
    let mut parts: Vec<ResultPart> = Vec::new();
    let mut current: Vec<Record> = Vec::new();
    let mut begin = window.exclusive_begin;
    let mut iter = records.into_iter().peekable();
    while let Some(r) = iter.next() {
        current.push(r);
        let full = current.len() >= per_part;
        let same_label_next = kind == CollectionType::DataFeed
            && iter
                .peek()
                .zip(current.last())
                .is_some_and(|(n, l)| n.label == l.label);
        if full && !same_label_next && iter.peek().is_some() {
            let end = current.last().map(|l| l.label);
            parts.push(ResultPart {
                window: Window::new(begin, end),
                records: std::mem::take(&mut current),
            });
            begin = end;
        }
    }
    parts.push(ResultPart {
        window: Window::new(begin, window.inclusive_end),
        records: current,
    });
    if kind == CollectionType::DataSet {
        for p in &mut parts {
            p.window = Window::all();
        }
    }
    parts
}
