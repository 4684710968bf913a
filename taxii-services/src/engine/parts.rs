//! Reading a scope page by page: counts, parts and their keyset cursors (MP-1, MP-7).
//!
//! Memory stays bounded by a page: the store returns at most [`PAGE`] records per read
//! and a part holds at most `per_part` selected records.

use taxii_messages::v11::CollectionType;

use super::select::Selection;
use super::Engine;
use crate::store::{Record, RecordKey, ResultSet, Scope, Store, StoreError, Window};

/// Records per store read when the engine filters further (a Default Query).
pub(crate) const PAGE: usize = 500;

/// Keys per store read when stepping through a scope for part cursors.
const KEY_PAGE: usize = 10_000;

/// One part as answered: the label range it covers and its records.
pub(crate) struct Part {
    pub window: Window,
    pub records: Vec<Record>,
}

impl<S: Store, P> Engine<S, P> {
    /// The records of `scope` after `after` that `sel` selects, at most `want`, in key
    /// order, read page by page.
    pub(super) async fn read_matches(
        &self,
        scope: &Scope,
        sel: &Selection,
        after: Option<RecordKey>,
        want: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let mut out = Vec::new();
        let mut cursor = after;
        while out.len() < want {
            let limit = if sel.has_query() {
                PAGE
            } else {
                (want - out.len()).min(PAGE)
            };
            let page = self.store.page(scope, cursor, limit).await?;
            let done = page.len() < limit;
            cursor = page.last().map(|r| r.key).or(cursor);
            for r in page {
                if out.len() < want && sel.matches(&r) {
                    out.push(r);
                }
            }
            if done {
                break;
            }
        }
        Ok(out)
    }

    /// How many records of `scope` `sel` selects, with the cursors of parts of
    /// `per_part` learned on the way (`[None]` when the store counts alone).
    ///
    /// Without a query the store counts (an index range). With a Default Query the
    /// count is exact: every page of the scope is read once and evaluated, holding one
    /// page at a time, and every part's cursor is recorded, so the Record_Count is
    /// never partial (`partial_count="false"`).
    pub(super) async fn count_matches(
        &self,
        scope: &Scope,
        sel: &Selection,
        per_part: usize,
    ) -> Result<(u64, Vec<Option<RecordKey>>), StoreError> {
        if !sel.has_query() {
            return Ok((self.store.count(scope).await?, vec![None]));
        }
        let per_part = per_part.max(1) as u64;
        let (mut n, mut starts, mut cursor) = (0u64, vec![None], None);
        loop {
            let page = self.store.page(scope, cursor, PAGE).await?;
            let done = page.len() < PAGE;
            cursor = page.last().map(|r| r.key).or(cursor);
            for r in page.iter().filter(|r| sel.matches(r)) {
                n += 1;
                if n % per_part == 0 {
                    starts.push(Some(r.key));
                }
            }
            if done {
                break;
            }
        }
        if n > 0 && n % per_part == 0 {
            // the last cursor would begin an empty part
            starts.pop();
        }
        Ok((n, starts))
    }

    /// Where each part of `per_part` records of `scope` starts (`[None, k1, k2, ...]`),
    /// stepping through its keys a bounded chunk at a time, without content.
    pub(super) async fn part_starts(
        &self,
        scope: &Scope,
        per_part: usize,
    ) -> Result<Vec<Option<RecordKey>>, StoreError> {
        let per_part = per_part.max(1) as u64;
        let (mut n, mut starts, mut cursor) = (0u64, vec![None], None);
        loop {
            let keys = self.store.keys(scope, cursor, KEY_PAGE).await?;
            let done = keys.len() < KEY_PAGE;
            cursor = keys.last().copied().or(cursor);
            for k in keys {
                n += 1;
                if n % per_part == 0 {
                    starts.push(Some(k));
                }
            }
            if done {
                break;
            }
        }
        if n > 0 && n % per_part == 0 {
            starts.pop();
        }
        Ok(starts)
    }

    /// Part `n` (from 1) of `set`: one bounded read from its cursor. Cursors met on the
    /// way (parts before `n` read for the first time, and part `n + 1`'s) are recorded in
    /// `set.part_starts`; returns whether any was.
    ///
    /// For a data feed part `n` covers the labels after its cursor up to its last record
    /// (the window's end for the last part); data-set parts carry no range.
    pub(super) async fn read_part(
        &self,
        set: &mut ResultSet,
        sel: &Selection,
        n: u64,
        kind: CollectionType,
    ) -> Result<(Part, bool), StoreError> {
        let per = set.per_part.max(1);
        let mut learned = false;
        while (set.part_starts.len() as u64) < n {
            let after = set.part_starts.last().copied().flatten();
            let skipped = self.read_matches(&set.scope, sel, after, per).await?;
            let Some(last) = skipped.last() else { break };
            set.part_starts.push(Some(last.key));
            learned = true;
        }
        let Some(after) = set.part_starts.get(n as usize - 1).copied() else {
            return Ok((part_without_records(set, kind), learned));
        };
        let records = self.read_matches(&set.scope, sel, after, per).await?;
        let last_part = n >= set.part_count();
        if !last_part && set.part_starts.len() as u64 == n {
            if let Some(last) = records.last() {
                set.part_starts.push(Some(last.key));
                learned = true;
            }
        }
        let window = match kind {
            CollectionType::DataSet => Window::all(),
            _ => {
                let begin = after.map(|k| k.label).or(set.scope.window.exclusive_begin);
                let end = match records.last() {
                    Some(r) if !last_part => Some(r.key.label),
                    _ => set.scope.window.inclusive_end,
                };
                Window::new(begin, end)
            }
        };
        Ok((Part { window, records }, learned))
    }
}

/// An empty part at the end of `set`'s window.
fn part_without_records(set: &ResultSet, kind: CollectionType) -> Part {
    let window = match kind {
        CollectionType::DataSet => Window::all(),
        _ => Window::new(
            set.scope.window.inclusive_end,
            set.scope.window.inclusive_end,
        ),
    };
    Part {
        window,
        records: Vec::new(),
    }
}
