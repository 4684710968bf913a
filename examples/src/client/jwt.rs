//! OpenTAXII-style login (`--jwt-auth URL`): the user name and password go as JSON to the
//! login URL, and the token in the JSON answer is then sent as Bearer.

use bytes::Bytes;
use http::{header, HeaderValue, Method, Request};

use super::transport::{Auth, Client, ClientError};
use crate::cli::terminal::clean;

/// Largest login answer read, in bytes.
const MAX_LOGIN_ANSWER: usize = 64 * 1024;

impl Client {
    /// Logs in at `auth_url` and sends the token it returns as Bearer from now on.
    pub async fn login_jwt(
        &mut self,
        auth_url: &str,
        username: &str,
        password: &str,
    ) -> Result<(), ClientError> {
        let token = tokio::time::timeout(
            self.options().timeout,
            self.fetch_token(auth_url, username, password),
        )
        .await
        .map_err(|_| ClientError::Transport {
            url: auth_url.to_owned(),
            why: format!("no answer within {:?}", self.options().timeout),
        })??;
        self.set_auth(Auth::Bearer(token));
        Ok(())
    }

    async fn fetch_token(
        &self,
        url: &str,
        username: &str,
        password: &str,
    ) -> Result<String, ClientError> {
        let refused = |why: String| ClientError::Login {
            url: url.to_owned(),
            why,
        };
        let body = serde_json::json!({ "username": username, "password": password }).to_string();
        let req = Request::builder()
            .method(Method::POST)
            .uri(url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(
                header::USER_AGENT,
                HeaderValue::from_static(concat!("taxii-rs/", env!("CARGO_PKG_VERSION"))),
            )
            .body(Bytes::from(body))
            .map_err(|e| ClientError::Setup(format!("login URL {url}: {e}")))?;
        let answer = self.send_http(url, req).await?;
        let status = answer.status();
        let answer = self
            .collect_at_most(answer, MAX_LOGIN_ANSWER)
            .await
            .map_err(refused)?;
        if !status.is_success() {
            let text = String::from_utf8_lossy(answer.body());
            return Err(refused(format!(
                "HTTP {status}: {}",
                clean(text.trim()).chars().take(200).collect::<String>()
            )));
        }
        token_of(answer.body()).map_err(refused)
    }
}

/// The token of a login answer: `{"token": "..."}`.
pub fn token_of(body: &[u8]) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the answer is not JSON: {e}"))?;
    let token = value
        .get("token")
        .and_then(|t| t.as_str())
        .ok_or("the answer has no \"token\" string")?;
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the token is empty or not printable ASCII".into());
    }
    Ok(token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_from_the_login_answer() {
        assert_eq!(token_of(br#"{"token": "a.b.c"}"#).unwrap(), "a.b.c");
        assert!(token_of(br#"{"error": "nope"}"#).is_err());
        assert!(token_of(b"<html>").is_err());
        assert!(token_of(br#"{"token": "a b"}"#).is_err());
    }
}
