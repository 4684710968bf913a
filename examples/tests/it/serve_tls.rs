//! `taxii serve` over TLS: the client trusts a CA bundle, and a client certificate signed
//! by the configured CA authenticates its account (HS-*, TLS).

use std::path::Path;

use rcgen::{BasicConstraints, CertificateParams, ExtendedKeyUsagePurpose, IsCa, KeyPair};
use sha2::{Digest, Sha256};
use taxii::client::{Auth, Client, ClientOptions};
use taxii::config::{Account, Tls};
use taxii_messages::v11;
use taxii_messages::StatusType;

use crate::serve_support::{config, id, start};

struct Pki {
    ca: std::path::PathBuf,
    server: (std::path::PathBuf, std::path::PathBuf),
    client: (std::path::PathBuf, std::path::PathBuf),
    client_sha256: String,
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn pki(dir: &Path) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();

    let server_key = KeyPair::generate().unwrap();
    let mut server_params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server = server_params.signed_by(&server_key, &ca, &ca_key).unwrap();

    let client_key = KeyPair::generate().unwrap();
    let mut client_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client = client_params.signed_by(&client_key, &ca, &ca_key).unwrap();
    let client_sha256 = Sha256::digest(client.der())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Pki {
        ca: write(dir, "ca.pem", &ca.pem()),
        server: (
            write(dir, "server.pem", &server.pem()),
            write(dir, "server.key", &server_key.serialize_pem()),
        ),
        client: (
            write(dir, "client.pem", &client.pem()),
            write(dir, "client.key", &client_key.serialize_pem()),
        ),
        client_sha256,
    }
}

#[tokio::test]
async fn client_certificates_authenticate_over_tls() {
    let (mut cfg, dir) = config();
    let pki = pki(dir.path());
    cfg.tls = Some(Tls {
        cert: pki.server.0.clone(),
        key: pki.server.1.clone(),
        client_ca: Some(pki.ca.clone()),
        require_client_cert: false,
    });
    cfg.accounts = vec![Account {
        username: "device".into(),
        password_hash: None,
        token_sha256: None,
        cert_sha256: Some(pki.client_sha256.clone()),
        read: vec!["*".into()],
        write: vec![],
    }];
    let s = start(cfg, Some(dir)).await;
    let url = format!("https://localhost:{}/services/discovery", s.addr.port());
    let ask = |options: ClientOptions| {
        let url = url.clone();
        async move {
            Client::new(options)
                .unwrap()
                .exchange11(&url, v11::DiscoveryRequest::new(id()).into())
                .await
        }
    };
    let with_cert = ClientOptions {
        ca_bundle: Some(pki.ca.clone()),
        client_cert: Some(pki.client.clone()),
        ..ClientOptions::default()
    };
    let a = ask(with_cert).await.unwrap();
    let v11::Message::DiscoveryResponse(d) = a else {
        panic!("{a:?}")
    };
    // Advertised addresses say https.
    assert!(d.service_instances[0]
        .contact
        .address
        .starts_with("https://"));
    assert!(d.service_instances[0]
        .contact
        .protocol_binding
        .as_str()
        .contains("https"));

    let without_cert = ClientOptions {
        ca_bundle: Some(pki.ca.clone()),
        auth: Auth::None,
        ..ClientOptions::default()
    };
    let a = ask(without_cert).await.unwrap();
    let v11::Message::StatusMessage(st) = a else {
        panic!("{a:?}")
    };
    assert_eq!(st.status_type, StatusType::Unauthorized);

    // A client that does not trust the server's CA never gets an answer.
    let untrusting = ClientOptions::default();
    let err = ask(untrusting)
        .await
        .expect_err("untrusted server certificate");
    assert!(err.to_string().contains("TLS"), "{err}");
    s.stop().await;
}
