//! Accounts: password hashes (PBKDF2-SHA256), bearer tokens, client certificates, and a
//! verification cache so a password is hashed once, not on every request.
//!
//! The cache keeps, per user name, an HMAC (under a random per-process key) of the
//! password together with the stored hash it was verified against. A changed password or
//! account changes the stored hash and so misses the cache; no plaintext is kept; the
//! comparison is constant-time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::Account;

/// PBKDF2 iterations used by `taxii hash-password` by default.
pub const DEFAULT_ITERATIONS: u32 = 600_000;

/// Credentials presented with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// HTTP Basic user name and password.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// HTTP Bearer token.
    Bearer(String),
    /// SHA-256 fingerprint of the TLS client certificate.
    ClientCert([u8; 32]),
}

/// Why a password hash string could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("password hash is not pbkdf2-sha256$ITERATIONS$SALT$HASH (base64): {0}")]
pub struct HashFormatError(&'static str);

/// Hashes `password` with a fresh random salt.
pub fn hash_password(password: &str, iterations: u32) -> String {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).expect("the operating system's random source failed");
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, iterations, &mut out);
    format!(
        "pbkdf2-sha256${iterations}${}${}",
        B64.encode(salt),
        B64.encode(out)
    )
}

/// Checks `password` against a hash made by [`hash_password`] (slow on purpose).
pub fn verify_password(password: &str, stored: &str) -> Result<bool, HashFormatError> {
    let mut parts = stored.split('$');
    if parts.next() != Some("pbkdf2-sha256") {
        return Err(HashFormatError("unknown scheme"));
    }
    let iterations: u32 = parts
        .next()
        .and_then(|i| i.parse().ok())
        .filter(|&i| i > 0)
        .ok_or(HashFormatError("bad iteration count"))?;
    let salt = parts
        .next()
        .and_then(|s| B64.decode(s).ok())
        .ok_or(HashFormatError("bad salt"))?;
    let expected = parts
        .next()
        .and_then(|s| B64.decode(s).ok())
        .filter(|h| h.len() == 32)
        .ok_or(HashFormatError("bad hash"))?;
    if parts.next().is_some() {
        return Err(HashFormatError("trailing fields"));
    }
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, iterations, &mut out);
    Ok(bool::from(out.ct_eq(&expected[..])))
}

/// SHA-256 of `data`, as lowercase hex.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hex_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && bool::from(
            a.to_ascii_lowercase()
                .as_bytes()
                .ct_eq(b.to_ascii_lowercase().as_bytes()),
        )
}

/// The accounts and the password verification cache.
#[derive(Debug)]
pub struct Accounts {
    accounts: Vec<Arc<Account>>,
    cache_key: [u8; 32],
    verified: RwLock<HashMap<String, [u8; 32]>>,
    gates: HashMap<String, Mutex<()>>,
}

impl Accounts {
    /// Accounts from the configuration; checks every password hash is readable.
    pub fn new(accounts: &[Account]) -> Result<Self, String> {
        for a in accounts {
            if let Some(h) = &a.password_hash {
                // An empty password only checks the format; the result does not matter.
                if let Err(e) = verify_format(h) {
                    return Err(format!("account {}: {e}", a.username));
                }
            }
        }
        let mut cache_key = [0u8; 32];
        getrandom::getrandom(&mut cache_key).map_err(|e| e.to_string())?;
        Ok(Accounts {
            accounts: accounts.iter().cloned().map(Arc::new).collect(),
            cache_key,
            verified: RwLock::new(HashMap::new()),
            gates: accounts
                .iter()
                .map(|a| (a.username.clone(), Mutex::new(())))
                .collect(),
        })
    }

    /// Whether any account is configured (if not, the server is open).
    pub fn is_open(&self) -> bool {
        self.accounts.is_empty()
    }

    fn cache_tag(&self, username: &str, password: &str, stored: &str) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.cache_key).expect("any key length");
        for part in [username, password, stored] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part.as_bytes());
        }
        mac.finalize().into_bytes().into()
    }

    /// The account the credentials authenticate when that is quick to tell: a cached
    /// password verification, a bearer token or a certificate; `None` means "ask
    /// [`Accounts::authenticate`]", not "refused".
    pub fn authenticate_cached(&self, creds: &Credentials) -> Option<Arc<Account>> {
        match creds {
            Credentials::Basic { username, password } => {
                let account = self.accounts.iter().find(|a| &a.username == username)?;
                let stored = account.password_hash.as_deref()?;
                let tag = self.cache_tag(username, password, stored);
                let hit = self
                    .verified
                    .read()
                    .ok()
                    .and_then(|m| m.get(username).map(|t| bool::from(t.ct_eq(&tag))))
                    .unwrap_or(false);
                hit.then(|| account.clone())
            }
            other => self.authenticate(other),
        }
    }

    /// The account the credentials authenticate, if any. Password checks that miss the
    /// cache are slow (run this off the async executor).
    pub fn authenticate(&self, creds: &Credentials) -> Option<Arc<Account>> {
        match creds {
            Credentials::Basic { username, password } => {
                if let Some(a) = self.authenticate_cached(creds) {
                    return Some(a);
                }
                let account = self.accounts.iter().find(|a| &a.username == username)?;
                let stored = account.password_hash.as_deref()?;
                // One verification per account at a time: a burst of requests with the
                // same new password hashes once, the others find it cached.
                let gate = self.gates.get(username)?;
                let _turn = gate.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(a) = self.authenticate_cached(creds) {
                    return Some(a);
                }
                let tag = self.cache_tag(username, password, stored);
                if verify_password(password, stored).unwrap_or(false) {
                    if let Ok(mut m) = self.verified.write() {
                        m.insert(username.clone(), tag);
                    }
                    return Some(account.clone());
                }
                None
            }
            Credentials::Bearer(token) => {
                let digest = sha256_hex(token.as_bytes());
                self.accounts
                    .iter()
                    .find(|a| {
                        a.token_sha256
                            .as_deref()
                            .is_some_and(|t| hex_eq(t, &digest))
                    })
                    .cloned()
            }
            Credentials::ClientCert(fp) => {
                let digest: String = fp.iter().map(|b| format!("{b:02x}")).collect();
                self.accounts
                    .iter()
                    .find(|a| {
                        a.cert_sha256
                            .as_deref()
                            .is_some_and(|t| hex_eq(&t.replace(':', ""), &digest))
                    })
                    .cloned()
            }
        }
    }

    /// These accounts, keeping the verifications `previous` cached (as a configuration
    /// reload would): an entry made against another stored hash never matches.
    pub fn keeping_cache_of(mut self, previous: &Accounts) -> Self {
        self.cache_key = previous.cache_key;
        if let (Ok(mut mine), Ok(old)) = (self.verified.write(), previous.verified.read()) {
            mine.clone_from(&old);
        }
        self
    }

    /// Whether a Basic verification for `username` is cached (for tests and metrics).
    pub fn is_cached(&self, username: &str) -> bool {
        self.verified
            .read()
            .map(|m| m.contains_key(username))
            .unwrap_or(false)
    }
}

fn verify_format(stored: &str) -> Result<(), HashFormatError> {
    // Parse without running PBKDF2: same checks as verify_password with 1 iteration.
    let mut fields: Vec<&str> = stored.split('$').collect();
    if fields.len() == 4 {
        if !fields[1].parse::<u32>().is_ok_and(|i| i > 0) {
            return Err(HashFormatError("bad iteration count"));
        }
        fields[1] = "1";
    }
    verify_password("", &fields.join("$")).map(|_| ())
}

/// Reads an `Authorization` header value.
pub fn parse_authorization(value: &str) -> Option<Credentials> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest)
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (u, p) = text.split_once(':')?;
        Some(Credentials::Basic {
            username: u.to_owned(),
            password: p.to_owned(),
        })
    } else if scheme.eq_ignore_ascii_case("bearer") && !rest.is_empty() {
        Some(Credentials::Bearer(rest.to_owned()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(hash: String) -> Account {
        Account {
            username: "alice".into(),
            password_hash: Some(hash),
            token_sha256: Some(sha256_hex(b"tok")),
            cert_sha256: None,
            read: vec!["*".into()],
            write: vec![],
        }
    }

    #[test]
    fn hash_then_verify() {
        let h = hash_password("s3cret", 1000);
        assert!(verify_password("s3cret", &h).unwrap());
        assert!(!verify_password("s3cret ", &h).unwrap());
        assert!(verify_password("x", "md5$1$a$b").is_err());
    }

    #[test]
    fn cache_is_keyed_by_the_stored_hash() {
        let accounts = Accounts::new(&[account(hash_password("pw", 1000))]).unwrap();
        let good = Credentials::Basic {
            username: "alice".into(),
            password: "pw".into(),
        };
        let bad = Credentials::Basic {
            username: "alice".into(),
            password: "pW".into(),
        };
        assert!(accounts.authenticate(&bad).is_none());
        assert!(!accounts.is_cached("alice"));
        assert!(accounts.authenticate(&good).is_some());
        assert!(accounts.is_cached("alice"));
        assert!(accounts.authenticate(&good).is_some());
        // A cached success never lets a different password in.
        assert!(accounts.authenticate(&bad).is_none());
        // Same user, new hash (password changed): the old password no longer works.
        let changed = Accounts::new(&[account(hash_password("new", 1000))]).unwrap();
        assert!(changed.authenticate(&good).is_none());
    }

    #[test]
    fn bearer_and_header_parsing() {
        let accounts = Accounts::new(&[account(hash_password("pw", 1000))]).unwrap();
        assert!(accounts
            .authenticate(&Credentials::Bearer("tok".into()))
            .is_some());
        assert!(accounts
            .authenticate(&Credentials::Bearer("tok2".into()))
            .is_none());
        assert_eq!(
            parse_authorization("Basic dGVzdDp0ZXN0"),
            Some(Credentials::Basic {
                username: "test".into(),
                password: "test".into()
            })
        );
        assert_eq!(
            parse_authorization("Bearer abc"),
            Some(Credentials::Bearer("abc".into()))
        );
        assert_eq!(parse_authorization("Basic !!!"), None);
        assert_eq!(parse_authorization("Digest x"), None);
    }

    #[test]
    fn bad_hash_in_config_is_reported() {
        let err = Accounts::new(&[account("pbkdf2-sha256$x$a$b".into())]).unwrap_err();
        assert!(err.contains("alice") && err.contains("iteration"), "{err}");
    }
}
