//! HTTP proxies: which proxy a URL goes through (`--proxy`, or `http_proxy`,
//! `https_proxy`, `all_proxy` and `no_proxy` as curl reads them), and the CONNECT tunnel
//! that carries HTTPS through one.

use base64::Engine;
use http::HeaderValue;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Where the proxy setting comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxySetting {
    /// The environment, as curl reads it (the default).
    #[default]
    FromEnv,
    /// No proxy, whatever the environment says (`--proxy none`).
    Direct,
    /// This proxy URL for every request.
    Url(String),
}

impl ProxySetting {
    /// The setting `--proxy` names: `none` (or an empty value) means direct.
    pub fn from_flag(value: Option<&str>) -> ProxySetting {
        match value.map(str::trim) {
            None => ProxySetting::FromEnv,
            Some("" | "none") => ProxySetting::Direct,
            Some(url) => ProxySetting::Url(url.to_owned()),
        }
    }

    /// The proxy for a request to `scheme://host`, reading the environment with `env`.
    pub fn proxy_for(
        &self,
        scheme: &str,
        host: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Proxy>, String> {
        let url = match self {
            ProxySetting::Direct => return Ok(None),
            ProxySetting::Url(u) => u.clone(),
            ProxySetting::FromEnv => {
                let get = |names: &[&str]| {
                    names
                        .iter()
                        .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))
                };
                let no_proxy = get(&["no_proxy", "NO_PROXY"]).unwrap_or_default();
                if bypassed(&no_proxy, host) {
                    return Ok(None);
                }
                let found = if scheme == "https" {
                    get(&["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"])
                } else {
                    get(&["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"])
                };
                match found {
                    Some(u) => u,
                    None => return Ok(None),
                }
            }
        };
        Proxy::parse(&url).map(Some)
    }
}

/// Whether `no_proxy` (comma-separated host names, domain suffixes, IP addresses or `*`)
/// exempts `host`.
fn bypassed(no_proxy: &str, host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    no_proxy.split([',', ' ']).map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches('[').to_ascii_lowercase();
        // A port after a name (`host:8080`) is ignored, as curl does for names.
        let entry = match entry.rsplit_once(':') {
            Some((name, port))
                if !name.contains(':') && port.chars().all(|c| c.is_ascii_digit()) =>
            {
                name.to_owned()
            }
            _ => entry.trim_end_matches(']').to_owned(),
        };
        let entry = entry.trim_start_matches('.');
        !entry.is_empty() && (entry == "*" || host == entry || host.ends_with(&format!(".{entry}")))
    })
}

/// An HTTP proxy: where it listens and the credentials it wants.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    /// Host name or address.
    pub host: String,
    /// Port (default 1080 like curl's, when the URL names none).
    pub port: u16,
    /// The `Proxy-Authorization` value for the URL's credentials.
    pub authorization: Option<HeaderValue>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("authorization", &self.authorization.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Proxy {
    /// Reads `http://[user:password@]host[:port]` (the scheme may be left out).
    pub fn parse(url: &str) -> Result<Proxy, String> {
        let bad = |why: &str| format!("proxy URL {:?}: {why}", redact(url));
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => {
                return Err(bad(&format!(
                    "scheme {scheme} is not supported (only http:// proxies)"
                )))
            }
            None => url,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let uri: http::uri::Authority = hostport.parse().map_err(|_| bad("bad host or port"))?;
        let host = uri
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let authorization = userinfo
            .map(|u| {
                let (user, pass) = u.split_once(':').unwrap_or((u, ""));
                let pair = format!("{}:{}", percent_decode(user)?, percent_decode(pass)?);
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                HeaderValue::from_str(&format!("Basic {encoded}"))
                    .map_err(|_| "bad credentials".to_owned())
            })
            .transpose()
            .map_err(|e| bad(&e))?;
        Ok(Proxy {
            host,
            port: uri.port_u16().unwrap_or(1080),
            authorization,
        })
    }

    /// Connects to the proxy.
    pub async fn connect(&self) -> std::io::Result<TcpStream> {
        TcpStream::connect((self.host.as_str(), self.port)).await
    }

    /// Opens a tunnel to `host:port` (HTTP CONNECT); the stream then carries TLS.
    pub async fn tunnel(&self, host: &str, port: u16) -> Result<TcpStream, String> {
        let mut tcp = self.connect().await.map_err(|e| {
            format!(
                "cannot connect to the proxy {}:{}: {e}",
                self.host, self.port
            )
        })?;
        let target = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if let Some(a) = &self.authorization {
            head.push_str("Proxy-Authorization: ");
            head.push_str(a.to_str().unwrap_or_default());
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        tcp.write_all(head.as_bytes())
            .await
            .map_err(|e| format!("proxy: {e}"))?;
        let answer = read_head(&mut tcp).await?;
        let status_line = answer.lines().next().unwrap_or_default();
        let code = status_line.split_whitespace().nth(1).unwrap_or_default();
        if code.starts_with('2') && code.len() == 3 {
            Ok(tcp)
        } else {
            Err(format!(
                "the proxy refused CONNECT {target}: {}",
                crate::cli::terminal::clean(status_line.trim())
            ))
        }
    }
}

/// Reads an HTTP answer head, byte by byte so nothing of the tunnel is consumed.
async fn read_head(tcp: &mut TcpStream) -> Result<String, String> {
    const MAX_HEAD: usize = 16 * 1024;
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_HEAD {
            return Err(format!("the proxy's answer head is over {MAX_HEAD} bytes"));
        }
        let b = tcp
            .read_u8()
            .await
            .map_err(|e| format!("proxy closed the connection: {e}"))?;
        head.push(b);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("bad percent-encoding in the credentials")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "credentials are not UTF-8".to_owned())
}

/// `url` with any password replaced, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_owned(),
        },
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn proxy_url_with_credentials() {
        let p = Proxy::parse("http://us%40er:p%3Ass@127.0.0.1:3128").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("127.0.0.1", 3128));
        let expected = base64::engine::general_purpose::STANDARD.encode("us@er:p:ss");
        assert_eq!(
            p.authorization.unwrap().to_str().unwrap(),
            format!("Basic {expected}")
        );
        assert_eq!(Proxy::parse("proxy.example").unwrap().port, 1080);
        let err = Proxy::parse("socks5://u:secret@h:1").unwrap_err();
        assert!(err.contains("socks5") && !err.contains("secret"), "{err}");
    }

    #[test]
    fn environment_as_curl_reads_it() {
        let vars = [
            ("HTTP_PROXY", "http://p1:1"),
            ("https_proxy", "http://p2:2"),
            ("NO_PROXY", "internal.example, .corp.example,10.0.0.1"),
        ];
        let s = ProxySetting::FromEnv;
        let port = |scheme, host| {
            s.proxy_for(scheme, host, env(&vars))
                .unwrap()
                .map(|p| p.port)
        };
        assert_eq!(port("http", "taxii.example"), Some(1));
        assert_eq!(port("https", "taxii.example"), Some(2));
        assert_eq!(port("http", "internal.example"), None);
        assert_eq!(port("http", "a.internal.example"), None);
        assert_eq!(port("https", "x.corp.example"), None);
        assert_eq!(port("http", "notinternal.example"), Some(1));
        assert_eq!(port("http", "10.0.0.1"), None);
        let all = [("ALL_PROXY", "http://p3:3"), ("no_proxy", "*")];
        assert_eq!(
            ProxySetting::FromEnv
                .proxy_for("http", "a", env(&all))
                .unwrap(),
            None
        );
        let only_all = [("all_proxy", "p3:3")];
        assert_eq!(
            ProxySetting::FromEnv
                .proxy_for("https", "a", env(&only_all))
                .unwrap()
                .map(|p| p.port),
            Some(3)
        );
    }

    #[test]
    fn proxy_none_overrides_the_environment() {
        let vars = [
            ("http_proxy", "http://p1:1"),
            ("https_proxy", "http://p1:1"),
        ];
        let direct = ProxySetting::from_flag(Some("none"));
        assert_eq!(direct, ProxySetting::Direct);
        assert_eq!(direct.proxy_for("http", "h", env(&vars)).unwrap(), None);
        let given = ProxySetting::from_flag(Some("http://p9:9"));
        assert_eq!(
            given
                .proxy_for("http", "h", env(&[]))
                .unwrap()
                .map(|p| p.port),
            Some(9)
        );
    }
}
