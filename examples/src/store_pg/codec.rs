//! Conversions between the store's values and their columns: timestamps as microseconds
//! since 1970, identities as text, and the structured parts of subscriptions and result
//! sets as JSON (through the message types' serde forms).

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use taxii_messages::v11::{ContentBinding, PushParameters, Query, QueryParameters};
use taxii_messages::{Timestamp, Uri};
use taxii_services::store::{
    RecordFilter, RecordKey, ResultSet, Scope, StoreError, Subscription, SubscriptionState, Window,
};
use taxii_services::Identity;

/// Microseconds since 1970 (labels and times in the database).
pub fn micros(t: &Timestamp) -> i64 {
    t.to_utc().timestamp_micros()
}

/// The UTC timestamp `m` microseconds after 1970.
pub fn timestamp(m: i64) -> Result<Timestamp, StoreError> {
    DateTime::from_timestamp_micros(m)
        .map(|t| Timestamp::new(t.fixed_offset()))
        .ok_or_else(|| StoreError::Failed(format!("label {m} out of range")))
}

/// An identity as stored: the user name, or `""` for anonymous (account names are never
/// empty).
pub fn owner(i: &Identity) -> &str {
    i.name().unwrap_or("")
}

/// The identity stored as `name`.
pub fn identity(name: &str) -> Identity {
    if name.is_empty() {
        Identity::Anonymous
    } else {
        Identity::user(name)
    }
}

/// A key as stored in JSON: `[label micros, seq]`.
type KeyJson = (i64, u64);

fn key_json(k: &RecordKey) -> KeyJson {
    (micros(&k.label), k.seq)
}

fn key_from(k: KeyJson) -> Result<RecordKey, StoreError> {
    Ok(RecordKey::new(timestamp(k.0)?, k.1))
}

/// The parts of a subscription not in their own columns.
#[derive(Serialize, Deserialize)]
struct SubscriptionJson {
    parameters: QueryParameters,
    push: Option<PushParameters>,
    created: Timestamp,
    paused_since: Option<Timestamp>,
}

/// A subscription's JSON column.
pub fn subscription_json(s: &Subscription) -> Result<serde_json::Value, StoreError> {
    let paused_since = match s.state {
        SubscriptionState::Active => None,
        SubscriptionState::Paused { since } => Some(since),
    };
    to_json(&SubscriptionJson {
        parameters: s.parameters.clone(),
        push: s.push.clone(),
        created: s.created,
        paused_since,
    })
}

/// A subscription from its columns.
pub fn subscription(
    id: &str,
    collection: &str,
    owner: &str,
    body: serde_json::Value,
) -> Result<Subscription, StoreError> {
    let j: SubscriptionJson = from_json(body)?;
    let mut s = Subscription::new(
        uri(id)?,
        uri(collection)?,
        identity(owner),
        j.parameters,
        j.created,
    );
    if let Some(p) = j.push {
        s = s.with_push(p);
    }
    if let Some(since) = j.paused_since {
        s = s.with_state(SubscriptionState::Paused { since });
    }
    Ok(s)
}

/// The parts of a result set not in their own columns.
#[derive(Serialize, Deserialize)]
struct ResultJson {
    subscription_id: Option<Uri>,
    will_push: bool,
    count_only: bool,
    ready_at: Timestamp,
    expires_at: Timestamp,
    window: (Option<Timestamp>, Option<Timestamp>),
    bindings: Vec<ContentBinding>,
    upto: Option<KeyJson>,
    query: Option<Query>,
    per_part: u64,
    record_count: u64,
    partial_count: bool,
    part_starts: Vec<Option<KeyJson>>,
}

/// A result set's JSON column.
pub fn result_json(r: &ResultSet) -> Result<serde_json::Value, StoreError> {
    to_json(&ResultJson {
        subscription_id: r.subscription_id.clone(),
        will_push: r.will_push,
        count_only: r.count_only,
        ready_at: r.ready_at,
        expires_at: r.expires_at,
        window: (r.scope.window.exclusive_begin, r.scope.window.inclusive_end),
        bindings: r.scope.filter.bindings.clone(),
        upto: r.scope.upto.as_ref().map(key_json),
        query: r.query.clone(),
        per_part: r.per_part as u64,
        record_count: r.record_count,
        partial_count: r.partial_count,
        part_starts: r
            .part_starts
            .iter()
            .map(|k| k.as_ref().map(key_json))
            .collect(),
    })
}

/// A result set from its columns.
pub fn result(
    id: &str,
    collection: &str,
    owner: &str,
    asynchronous: bool,
    body: serde_json::Value,
) -> Result<ResultSet, StoreError> {
    let j: ResultJson = from_json(body)?;
    let upto = j.upto.map(key_from).transpose()?;
    let scope = Scope::new(uri(collection)?, Window::new(j.window.0, j.window.1))
        .with_filter(RecordFilter::bindings(j.bindings))
        .upto(upto);
    let mut r = ResultSet::new(uri(id)?, identity(owner), scope, j.ready_at, j.expires_at);
    r.subscription_id = j.subscription_id;
    r.asynchronous = asynchronous;
    r.will_push = j.will_push;
    r.count_only = j.count_only;
    r.query = j.query;
    r.per_part = usize::try_from(j.per_part).unwrap_or(usize::MAX);
    r.record_count = j.record_count;
    r.partial_count = j.partial_count;
    r.part_starts = j
        .part_starts
        .into_iter()
        .map(|k| k.map(key_from).transpose())
        .collect::<Result<_, _>>()?;
    Ok(r)
}

/// A URI read back from a column.
pub fn uri(s: &str) -> Result<Uri, StoreError> {
    Uri::new(s).map_err(|e| StoreError::Failed(format!("stored URI {s:?}: {e}")))
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(v).map_err(|e| StoreError::Failed(format!("encode: {e}")))
}

pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(
    v: serde_json::Value,
) -> Result<T, StoreError> {
    serde_json::from_value(v).map_err(|e| StoreError::Failed(format!("decode stored row: {e}")))
}
