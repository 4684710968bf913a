//! Message ids for the server's messages: version 4 UUIDs, unique within the process,
//! without a system call per id (128 bits from the OS once, then a counter mixed by a
//! bijection, so no two ids of one process are equal).

use std::sync::atomic::{AtomicU64, Ordering};

use taxii_messages::MessageId;
use uuid::Uuid;

/// Length of a hyphenated UUID.
pub const UUID_LEN: usize = 36;

/// The server's source of message ids.
#[derive(Debug)]
pub struct Ids {
    key: [u64; 2],
    counter: AtomicU64,
}

/// Low 62 bits: the part of a UUID's second half not taken by the variant.
const LOW62: u64 = (1 << 62) - 1;

impl Ids {
    /// A source keyed by 128 bits from the operating system.
    pub fn new() -> std::io::Result<Ids> {
        let mut seed = [0u8; 16];
        getrandom::getrandom(&mut seed)
            .map_err(|e| std::io::Error::other(format!("no random seed for message ids: {e}")))?;
        let (a, b) = seed.split_at(8);
        Ok(Ids {
            key: [
                u64::from_le_bytes(a.try_into().expect("8 bytes")),
                u64::from_le_bytes(b.try_into().expect("8 bytes")),
            ],
            counter: AtomicU64::new(0),
        })
    }

    /// The next id, written as a hyphenated lowercase UUID into `out`.
    pub fn next_into(&self, out: &mut [u8; UUID_LEN]) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // Unique: `mix62` is a bijection of 62-bit values, and `n` stays below 2^62.
        let low = mix62((n ^ self.key[1]) & LOW62) | (0b10 << 62);
        let high = (mix64(n.wrapping_add(self.key[0])) & !0xf000) | 0x4000;
        Uuid::from_u64_pair(high, low)
            .hyphenated()
            .encode_lower(out);
    }

    /// The next id.
    pub fn next_id(&self) -> MessageId {
        let mut buf = [0u8; UUID_LEN];
        self.next_into(&mut buf);
        MessageId::new(String::from_utf8_lossy(&buf).into_owned()).expect("a UUID is a valid id")
    }
}

/// A bijection of 62-bit values (xor-shifts and odd multiplications modulo 2^62).
fn mix62(mut x: u64) -> u64 {
    x ^= x >> 31;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9) & LOW62;
    x ^= x >> 29;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb) & LOW62;
    x ^ (x >> 32)
}

/// SplitMix64's finaliser.
fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_version_4_uuids() {
        let ids = Ids::new().unwrap();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..100_000 {
            let id = ids.next_id();
            let u = Uuid::parse_str(id.as_str()).unwrap();
            assert_eq!(u.get_version_num(), 4, "{id}");
            assert_eq!(u.get_variant(), uuid::Variant::RFC4122, "{id}");
            assert!(seen.insert(id.into_string()));
        }
    }

    #[test]
    fn mix62_is_a_bijection_on_a_sample() {
        // Distinct inputs that differ in every bit position give distinct outputs.
        let mut out = std::collections::HashSet::new();
        for i in 0..62 {
            for j in 0..62 {
                assert!(i == j || mix62(1 << i) != mix62(1 << j));
            }
            out.insert(mix62(1 << i));
        }
        assert_eq!(out.len(), 62);
        assert!(out.iter().all(|&v| v <= LOW62));
    }

    #[test]
    fn two_sources_do_not_repeat_each_other() {
        let (a, b) = (Ids::new().unwrap(), Ids::new().unwrap());
        assert_ne!(a.next_id(), b.next_id());
    }
}
