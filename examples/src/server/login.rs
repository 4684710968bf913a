//! The login endpoint, compatible with OpenTAXII's `/management/auth`: a JSON user name and
//! password in, `{"token": "..."}` out. The token is a JWT (HS256) naming the account and
//! its expiry; the server then accepts it as Bearer.
//!
//! The signing secret comes from `[login] secret`, or is generated into the data directory
//! (`login-secret`) on first start. A new secret revokes every token signed with the old.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use serde::Deserialize;
use sha2::Sha256;

use super::auth::Credentials;
use super::http::Peer;
use super::state::State;

/// Name of the generated secret's file in the data directory.
pub const SECRET_FILE: &str = "login-secret";

/// Largest login request body, in bytes.
const MAX_LOGIN_BODY: usize = 8 * 1024;

/// `[login]` settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoginSettings {
    /// Serve the login endpoint (only when accounts are configured).
    pub enabled: bool,
    /// URL path of the endpoint.
    pub path: String,
    /// Signing secret (at least 32 characters); generated into the data directory when
    /// absent. Changing it revokes every token.
    pub secret: Option<String>,
    /// Lifetime of a token, in seconds.
    pub token_ttl_secs: u64,
}

impl Default for LoginSettings {
    fn default() -> Self {
        LoginSettings {
            enabled: true,
            path: "/management/auth".into(),
            secret: None,
            token_ttl_secs: 3600,
        }
    }
}

/// Signs and checks login tokens.
#[derive(Clone)]
pub struct TokenKey {
    secret: Arc<Vec<u8>>,
    ttl: Duration,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey").field("ttl", &self.ttl).finish()
    }
}

#[derive(serde::Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: u64,
    exp: u64,
}

const JWT_HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

impl TokenKey {
    /// A key signing tokens that live `ttl`.
    pub fn new(secret: &[u8], ttl: Duration) -> TokenKey {
        TokenKey {
            secret: Arc::new(secret.to_vec()),
            ttl,
        }
    }

    /// The key the settings describe: the configured secret, else the one in `data`
    /// (created there, readable by the owner only, when missing).
    pub fn from_settings(s: &LoginSettings, data: &Path) -> Result<TokenKey, String> {
        let ttl = Duration::from_secs(s.token_ttl_secs);
        if let Some(secret) = &s.secret {
            if secret.len() < 32 {
                return Err("[login] secret must be at least 32 characters".into());
            }
            return Ok(TokenKey::new(secret.as_bytes(), ttl));
        }
        let path = data.join(SECRET_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().len() >= 32 => {
                return Ok(TokenKey::new(text.trim().as_bytes(), ttl))
            }
            Ok(_) => {
                return Err(format!(
                    "{}: secret shorter than 32 characters",
                    path.display()
                ))
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(format!("{}: {e}", path.display()))
            }
            Err(_) => {}
        }
        let mut raw = [0u8; 32];
        getrandom::getrandom(&mut raw).map_err(|e| e.to_string())?;
        let secret: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::create_dir_all(data).map_err(|e| format!("{}: {e}", data.display()))?;
        write_private(&path, &secret).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(TokenKey::new(secret.as_bytes(), ttl))
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.secret).expect("any key length")
    }

    /// A token for `username`, issued at `now`.
    pub fn issue(&self, username: &str, now: SystemTime) -> String {
        let iat = unix(now);
        let claims = Claims {
            sub: username.to_owned(),
            iat,
            exp: iat + self.ttl.as_secs(),
        };
        let payload = serde_json::to_vec(&claims).expect("claims serialise");
        let signed = format!("{}.{}", B64URL.encode(JWT_HEADER), B64URL.encode(payload));
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        let sig = B64URL.encode(mac.finalize().into_bytes());
        format!("{signed}.{sig}")
    }

    /// The user name of a valid, unexpired token signed with this key.
    pub fn verify(&self, token: &str, now: SystemTime) -> Option<String> {
        let (signed, sig) = token.rsplit_once('.')?;
        let (header, payload) = signed.split_once('.')?;
        let mut mac = self.mac();
        mac.update(signed.as_bytes());
        mac.verify_slice(&B64URL.decode(sig).ok()?).ok()?;
        let header: serde_json::Value =
            serde_json::from_slice(&B64URL.decode(header).ok()?).ok()?;
        if header.get("alg")?.as_str()? != "HS256" {
            return None;
        }
        let claims: Claims = serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()?;
        (unix(now) < claims.exp).then_some(claims.sub)
    }
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[derive(Deserialize)]
struct LoginRequest {
    username: String,
    password: String,
}

/// Whether `path` is the login endpoint of this server.
pub fn is_login(state: &State, path: &str) -> bool {
    state.accounts.token_key().is_some() && path == state.config.login.path
}

/// Answers a login request.
pub async fn handle<B>(state: Arc<State>, peer: Arc<Peer>, req: Request<B>) -> Response<Full<Bytes>>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    if req.method() != Method::POST {
        return json(
            StatusCode::METHOD_NOT_ALLOWED,
            r#"{"error": "POST a JSON user name and password"}"#.into(),
        );
    }
    let timeout = Duration::from_secs(state.config.limits.body_timeout_secs);
    let body = Limited::new(req.into_body(), MAX_LOGIN_BODY).collect();
    let body = match tokio::time::timeout(timeout, body).await {
        Ok(Ok(b)) => b.to_bytes(),
        _ => {
            return json(
                StatusCode::BAD_REQUEST,
                r#"{"error": "login body unreadable, too large or too slow"}"#.into(),
            )
        }
    };
    let Ok(login) = serde_json::from_slice::<LoginRequest>(&body) else {
        return json(
            StatusCode::BAD_REQUEST,
            r#"{"error": "expected {\"username\": ..., \"password\": ...}"}"#.into(),
        );
    };
    let creds = Credentials::Basic {
        username: login.username,
        password: login.password,
    };
    let account = super::http::check_password(&state, &peer, creds).await;
    match (account, state.accounts.token_key()) {
        (Some(a), Some(key)) => {
            tracing::info!(peer = ?peer.addr, user = %a.username, "login");
            let token = key.issue(&a.username, SystemTime::now());
            json(
                StatusCode::OK,
                serde_json::json!({ "token": token }).to_string(),
            )
        }
        _ => {
            tracing::info!(peer = ?peer.addr, "login refused");
            json(
                StatusCode::UNAUTHORIZED,
                r#"{"error": "UNAUTHORIZED: wrong user name or password"}"#.into(),
            )
        }
    }
}

fn json(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expire_and_die_with_their_secret() {
        let key = TokenKey::new(&[7; 32], Duration::from_secs(60));
        let t0 = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let token = key.issue("alice", t0);
        assert_eq!(key.verify(&token, t0).as_deref(), Some("alice"));
        assert_eq!(
            key.verify(&token, t0 + Duration::from_secs(59)).as_deref(),
            Some("alice")
        );
        assert_eq!(key.verify(&token, t0 + Duration::from_secs(60)), None);
        let rotated = TokenKey::new(&[8; 32], Duration::from_secs(60));
        assert_eq!(rotated.verify(&token, t0), None);
        // A changed payload breaks the signature.
        let (h, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let forged = B64URL.encode(r#"{"sub":"root","iat":0,"exp":99999999999}"#);
        assert_eq!(key.verify(&format!("{h}.{forged}.{sig}"), t0), None);
        assert_eq!(key.verify("not-a-token", t0), None);
    }

    #[test]
    fn secret_is_generated_once_into_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let settings = LoginSettings::default();
        let a = TokenKey::from_settings(&settings, dir.path()).unwrap();
        let b = TokenKey::from_settings(&settings, dir.path()).unwrap();
        let now = SystemTime::now();
        assert_eq!(b.verify(&a.issue("u", now), now).as_deref(), Some("u"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "secret readable by others: {mode:o}");
        }
        let short = LoginSettings {
            secret: Some("short".into()),
            ..LoginSettings::default()
        };
        assert!(TokenKey::from_settings(&short, dir.path()).is_err());
    }
}
