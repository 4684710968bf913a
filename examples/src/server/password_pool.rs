//! Fair turns for password checks, and limits on failed logins.
//!
//! [`FairPool`] hands out a bounded number of hashing slots, round-robin across client
//! addresses: a flood from one address waits behind itself, not in front of everyone, and
//! each address may queue only so many checks. [`FailureLimits`] counts failed logins per
//! address and per user name in a sliding minute; past the limit a check is refused without
//! hashing (answered UNAUTHORIZED like any wrong password).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

/// Checks one address may have waiting.
pub const MAX_QUEUED_PER_ADDRESS: usize = 32;

/// Whose turn it is: the key of a queue (`None` for callers without an address).
type Key = Option<IpAddr>;

#[derive(Debug, Default)]
struct Inner {
    free: usize,
    queues: HashMap<Key, VecDeque<oneshot::Sender<()>>>,
    /// Addresses with waiters, in turn order.
    order: VecDeque<Key>,
}

/// A bounded pool of hashing slots shared fairly between client addresses.
#[derive(Debug, Clone)]
pub struct FairPool {
    inner: Arc<Mutex<Inner>>,
}

/// A slot of the pool; given back when dropped.
#[derive(Debug)]
pub struct Slot {
    pool: FairPool,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.pool.release();
    }
}

/// The address has too many checks waiting already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks queued for this address")]
pub struct Busy;

/// Gives a granted turn back if the waiter went away before using it.
struct Waiting {
    rx: Option<oneshot::Receiver<()>>,
    pool: FairPool,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if let Some(mut rx) = self.rx.take() {
            rx.close();
            if rx.try_recv().is_ok() {
                self.pool.release();
            }
        }
    }
}

impl FairPool {
    /// A pool of `slots` slots (at least one).
    pub fn new(slots: usize) -> FairPool {
        FairPool {
            inner: Arc::new(Mutex::new(Inner {
                free: slots.max(1),
                ..Inner::default()
            })),
        }
    }

    /// Half the cores (at least one): hashing never takes every core from serving.
    pub fn for_this_machine() -> FairPool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        FairPool::new(cores / 2)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a slot, taking turns with the other addresses.
    pub async fn acquire(&self, addr: Option<IpAddr>) -> Result<Slot, Busy> {
        let rx = {
            let mut inner = self.lock();
            if inner.free > 0 && inner.order.is_empty() {
                inner.free -= 1;
                return Ok(Slot { pool: self.clone() });
            }
            let queue = inner.queues.entry(addr).or_default();
            queue.retain(|tx| !tx.is_closed());
            if queue.len() >= MAX_QUEUED_PER_ADDRESS {
                return Err(Busy);
            }
            let (tx, rx) = oneshot::channel();
            queue.push_back(tx);
            if !inner.order.contains(&addr) {
                inner.order.push_back(addr);
            }
            rx
        };
        let mut waiting = Waiting {
            rx: Some(rx),
            pool: self.clone(),
        };
        let granted = waiting.rx.as_mut().expect("set above").await;
        waiting.rx = None;
        match granted {
            Ok(()) => Ok(Slot { pool: self.clone() }),
            Err(_) => Err(Busy),
        }
    }

    /// Checks waiting, all addresses together.
    pub fn queued(&self) -> usize {
        self.lock().queues.values().map(VecDeque::len).sum()
    }

    /// Hands a freed slot to the next address in turn, or keeps it free.
    fn release(&self) {
        let mut inner = self.lock();
        while let Some(addr) = inner.order.pop_front() {
            let Some(queue) = inner.queues.get_mut(&addr) else {
                continue;
            };
            let mut granted = false;
            while let Some(tx) = queue.pop_front() {
                if tx.send(()).is_ok() {
                    granted = true;
                    break;
                }
            }
            if queue.is_empty() {
                inner.queues.remove(&addr);
            } else {
                inner.order.push_back(addr);
            }
            if granted {
                return;
            }
        }
        inner.free += 1;
    }
}

/// Failed logins allowed per window before checks are refused without hashing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureLimitSettings {
    /// Failures allowed from one address.
    pub per_address: u32,
    /// Failures allowed for one user name, from anywhere.
    pub per_user: u32,
    /// The window.
    pub window: Duration,
}

impl Default for FailureLimitSettings {
    fn default() -> Self {
        FailureLimitSettings {
            per_address: 20,
            per_user: 10,
            window: Duration::from_secs(60),
        }
    }
}

/// Most addresses and user names tracked; past it, the oldest windows are forgotten.
const MAX_TRACKED: usize = 100_000;

/// Counts failed logins per address and per user name.
#[derive(Debug)]
pub struct FailureLimits {
    settings: FailureLimitSettings,
    addresses: Mutex<HashMap<Key, (Instant, u32)>>,
    users: Mutex<HashMap<String, (Instant, u32)>>,
}

impl FailureLimits {
    /// Limits with `settings`.
    pub fn new(settings: FailureLimitSettings) -> Self {
        FailureLimits {
            settings,
            addresses: Mutex::new(HashMap::new()),
            users: Mutex::new(HashMap::new()),
        }
    }

    fn count<K: std::hash::Hash + Eq>(
        &self,
        map: &Mutex<HashMap<K, (Instant, u32)>>,
        key: &K,
        now: Instant,
    ) -> u32 {
        let map = map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|(start, _)| now.duration_since(*start) < self.settings.window)
            .map_or(0, |(_, n)| *n)
    }

    fn bump<K: std::hash::Hash + Eq>(
        &self,
        map: &Mutex<HashMap<K, (Instant, u32)>>,
        key: K,
        now: Instant,
    ) {
        let window = self.settings.window;
        let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        if map.len() >= MAX_TRACKED {
            map.clear();
        }
        let entry = map.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }

    /// Whether a check for `user` from `addr` may run now.
    pub fn allowed(&self, addr: Option<IpAddr>, user: &str, now: Instant) -> bool {
        self.count(&self.addresses, &addr, now) < self.settings.per_address
            && self.count(&self.users, &user.to_owned(), now) < self.settings.per_user
    }

    /// Records a failed check.
    pub fn failed(&self, addr: Option<IpAddr>, user: &str, now: Instant) {
        self.bump(&self.addresses, addr, now);
        self.bump(&self.users, user.to_owned(), now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    /// Issue 19 (3): with one slot busy, six checks queued from a flooding address and one
    /// from another, the other address gets the second turn, not the seventh.
    #[tokio::test]
    async fn a_flooding_address_waits_behind_itself() {
        let pool = FairPool::new(1);
        let held = pool.acquire(ip(1)).await.unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        let spawn = |who: &'static str, addr, tasks: &mut Vec<_>| {
            let (pool, log) = (pool.clone(), log.clone());
            tasks.push(tokio::spawn(async move {
                let _slot = pool.acquire(addr).await.unwrap();
                log.lock().unwrap().push(who);
            }));
        };
        for _ in 0..6 {
            spawn("flood", ip(1), &mut tasks);
            while pool.queued() < tasks.len() {
                tokio::task::yield_now().await;
            }
        }
        spawn("other", ip(2), &mut tasks);
        while pool.queued() < tasks.len() {
            tokio::task::yield_now().await;
        }
        drop(held);
        for t in tasks {
            t.await.unwrap();
        }
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 7);
        assert_eq!(log.iter().position(|w| *w == "other"), Some(1), "{log:?}");
        assert_eq!(pool.lock().free, 1, "every slot came back");
    }

    #[tokio::test]
    async fn queue_per_address_is_bounded_and_cancelled_waiters_free_their_turn() {
        let pool = FairPool::new(1);
        let held = pool.acquire(ip(1)).await.unwrap();
        let mut waiters = Vec::new();
        for _ in 0..MAX_QUEUED_PER_ADDRESS {
            let p = pool.clone();
            waiters.push(tokio::spawn(
                async move { p.acquire(ip(1)).await.map(drop) },
            ));
        }
        while pool.queued() < MAX_QUEUED_PER_ADDRESS {
            tokio::task::yield_now().await;
        }
        assert_eq!(pool.acquire(ip(1)).await.unwrap_err(), Busy);
        for w in &waiters {
            w.abort();
        }
        for w in waiters {
            let _ = w.await;
        }
        drop(held);
        // Every cancelled waiter is skipped and the slot is free again.
        let again = tokio::time::timeout(Duration::from_secs(5), pool.acquire(ip(2))).await;
        assert!(again.unwrap().is_ok());
    }

    #[test]
    fn failures_are_limited_per_address_and_per_user() {
        let limits = FailureLimits::new(FailureLimitSettings {
            per_address: 3,
            per_user: 2,
            window: Duration::from_secs(60),
        });
        let t0 = Instant::now();
        limits.failed(ip(1), "alice", t0);
        assert!(limits.allowed(ip(1), "alice", t0));
        limits.failed(ip(2), "alice", t0);
        // Two failures for alice, from two addresses: alice is refused from anywhere.
        assert!(!limits.allowed(ip(3), "alice", t0));
        assert!(limits.allowed(ip(3), "bob", t0));
        limits.failed(ip(1), "bob", t0);
        limits.failed(ip(1), "carol", t0);
        // Three failures from ip 1: refused there whatever the name.
        assert!(!limits.allowed(ip(1), "dave", t0));
        assert!(limits.allowed(ip(4), "dave", t0));
        // The window passes.
        let later = t0 + Duration::from_secs(61);
        assert!(limits.allowed(ip(1), "alice", later));
    }
}
