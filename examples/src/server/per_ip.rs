//! Connections per client address: one host holding idle connections cannot take every
//! connection slot from the others.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Open connections counted per client IP address, each capped at a limit.
#[derive(Debug, Clone)]
pub struct PerIp {
    limit: usize,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One connection of one address; dropping it gives the slot back.
#[derive(Debug)]
pub struct IpSlot {
    ip: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerIp {
    /// At most `limit` connections per address.
    pub fn new(limit: usize) -> Self {
        PerIp {
            limit,
            open: Arc::default(),
        }
    }

    /// A slot for another connection from `ip`, or `None` when it already has `limit`.
    pub fn try_take(&self, ip: IpAddr) -> Option<IpSlot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= self.limit {
            return None;
        }
        *n += 1;
        Some(IpSlot {
            ip,
            open: self.open.clone(),
        })
    }
}

impl Drop for IpSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_address_and_gives_slots_back() {
        let per_ip = PerIp::new(2);
        let a: IpAddr = [127, 0, 0, 1].into();
        let b: IpAddr = [127, 0, 0, 2].into();
        let a1 = per_ip.try_take(a).unwrap();
        let _a2 = per_ip.try_take(a).unwrap();
        assert!(per_ip.try_take(a).is_none());
        assert!(per_ip.try_take(b).is_some());
        drop(a1);
        assert!(per_ip.try_take(a).is_some());
        // Entries go away with their last connection: memory follows open connections.
        drop(_a2);
        assert!(per_ip.open.lock().unwrap().is_empty());
    }
}
