//! From the common client options to a ready client: credentials (Basic, Bearer, a
//! `--jwt-auth` login), TLS, proxy, extra headers; and `--discovery`, which finds the
//! service URL of the needed type.

use std::time::Duration;

use http::{HeaderName, HeaderValue};
use taxii_messages::v11::{DiscoveryRequest, Message, ServiceType};

use super::client_cmds::Error;
use super::{ClientArgs, Command, TaxiiVersion};
use crate::client::{Auth, Client, ClientOptions, ProxySetting};

/// The client the common options describe, logged in when `--jwt-auth` is given.
pub(super) async fn client(a: &ClientArgs) -> Result<Client, Error> {
    let auth = match (&a.username, &a.password, &a.token) {
        (Some(_), Some(_), _) if a.jwt_auth.is_some() => Auth::None,
        (Some(u), Some(p), _) => Auth::Basic {
            username: u.clone(),
            password: p.clone(),
        },
        (Some(_), None, _) => return Err("--username needs --password or $TAXII_PASSWORD".into()),
        (None, _, Some(t)) => Auth::Bearer(t.clone()),
        _ => Auth::None,
    };
    let options = ClientOptions {
        auth,
        ca_bundle: a.ca_bundle.clone(),
        client_cert: a.cert.clone().zip(a.key.clone()),
        key_password: a.key_password.clone(),
        timeout: Duration::from_secs(a.timeout),
        proxy: ProxySetting::from_flag(a.proxy.as_deref()),
        headers: a
            .headers
            .iter()
            .map(|h| parse_header(h))
            .collect::<Result<_, _>>()?,
        raw: a.raw,
        ..ClientOptions::default()
    };
    let mut c = Client::new(options)?;
    if let (Some(url), Some(u), Some(p)) = (&a.jwt_auth, &a.username, &a.password) {
        c.login_jwt(url, u, p).await?;
    }
    Ok(c)
}

/// Reads `--header 'Name: value'`.
pub fn parse_header(h: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let (name, value) = h
        .split_once(':')
        .ok_or_else(|| format!("--header {h:?}: expected 'Name: value'"))?;
    let name = HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| format!("--header {h:?}: bad header name"))?;
    let value = HeaderValue::from_str(value.trim())
        .map_err(|_| format!("--header {h:?}: bad header value"))?;
    Ok((name, value))
}

/// The service type a subcommand talks to.
fn needed(cmd: &Command) -> Option<ServiceType> {
    Some(match cmd {
        Command::Discover(_) => ServiceType::Discovery,
        Command::Collections(_) | Command::Subscribe(_) => ServiceType::CollectionManagement,
        Command::Poll(_) | Command::Fulfill(_) => ServiceType::Poll,
        Command::Push(_) => ServiceType::Inbox,
        _ => return None,
    })
}

/// With `--discovery`, asks the Discovery service for the service the subcommand needs
/// and fills in its URL.
pub(super) async fn resolve_service(cmd: &mut Command) -> Result<(), Error> {
    let Some(wanted) = needed(cmd) else {
        return Ok(());
    };
    let Some(args) = super::client_cmds::common_args_mut(cmd) else {
        return Ok(());
    };
    let Some(discovery) = args.discovery.clone() else {
        return Ok(());
    };
    if let Some(first) = args.url.take() {
        // `push --discovery D FILE...`: the first positional is a file, not a URL.
        match cmd {
            Command::Push(p) => p.files.insert(0, first.into()),
            _ => return Err("give a service URL or --discovery, not both".into()),
        }
    }
    let Some(args) = super::client_cmds::common_args_mut(cmd) else {
        return Ok(());
    };
    if args.taxii != TaxiiVersion::V11 {
        return Err("--discovery needs TAXII 1.1".into());
    }
    let c = client(args).await?;
    let req = DiscoveryRequest::new(super::client_cmds::new_message_id());
    let answer = c.exchange11(&discovery, req.into()).await?;
    let services = match answer {
        Message::DiscoveryResponse(r) => r.service_instances,
        Message::StatusMessage(s) => {
            return Err(format!(
                "discovery at {discovery}: {}{}",
                s.status_type.as_str(),
                s.message.map(|m| format!(": {m}")).unwrap_or_default()
            )
            .into())
        }
        other => return Err(format!("discovery answered {}", other.root_element()).into()),
    };
    let https = discovery.starts_with("https:");
    let binding = if https {
        "urn:taxii.mitre.org:protocol:https:1.0"
    } else {
        "urn:taxii.mitre.org:protocol:http:1.0"
    };
    let found = services
        .iter()
        .filter(|s| s.service_type == wanted && s.available != Some(false))
        .filter(|s| s.service_version.as_str() == "urn:taxii.mitre.org:services:1.1")
        .find(|s| s.contact.protocol_binding.as_str() == binding)
        .ok_or_else(|| {
            format!(
                "discovery at {discovery} lists no available TAXII 1.1 {} service over {}",
                wanted.as_str(),
                if https { "HTTPS" } else { "HTTP" }
            )
        })?;
    args.url = Some(absolute(&discovery, &found.contact.address));
    Ok(())
}

/// `address` made absolute against the Discovery URL when it is a path.
fn absolute(base: &str, address: &str) -> String {
    if !address.starts_with('/') {
        return address.to_owned();
    }
    let origin_end = base
        .find("://")
        .map(|s| s + 3)
        .and_then(|s| base[s..].find('/').map(|p| s + p))
        .unwrap_or(base.len());
    format!("{}{address}", &base[..origin_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_flag() {
        let (n, v) = parse_header("X-Api-Key:  abc def ").unwrap();
        assert_eq!((n.as_str(), v.to_str().unwrap()), ("x-api-key", "abc def"));
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: x").is_err());
        assert!(parse_header("X: a\nb").is_err());
    }

    #[test]
    fn relative_service_address() {
        assert_eq!(
            absolute("http://h:1/services/discovery", "/services/poll"),
            "http://h:1/services/poll"
        );
        assert_eq!(absolute("http://h:1/d", "https://o/p"), "https://o/p");
        assert_eq!(absolute("http://h:1", "/p"), "http://h:1/p");
    }
}
