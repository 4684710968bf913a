//! TLS for the server: certificate and key from PEM files, optional client certificates
//! checked against a CA bundle, and the fingerprint that maps a client certificate to an
//! account.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::RootCertStore;
use sha2::{Digest, Sha256};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::config::Tls;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Reads every certificate of a PEM file.
pub fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let f = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let certs = rustls_pemfile::certs(&mut BufReader::new(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no certificate found", path.display()).into());
    }
    Ok(certs)
}

/// Reads the first private key of a PEM file.
pub fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>, Error> {
    let f = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    rustls_pemfile::private_key(&mut BufReader::new(f))
        .map_err(|e| format!("{}: {e}", path.display()))?
        .ok_or_else(|| format!("{}: no private key found", path.display()).into())
}

/// A root store holding the certificates of a PEM bundle.
pub fn root_store(path: &Path) -> Result<RootCertStore, Error> {
    let mut roots = RootCertStore::empty();
    for c in load_certs(path)? {
        roots
            .add(c)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(roots)
}

/// The TLS acceptor the configuration describes.
pub fn acceptor(t: &Tls) -> Result<TlsAcceptor, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let builder = match &t.client_ca {
        Some(ca) => {
            let v =
                WebPkiClientVerifier::builder_with_provider(Arc::new(root_store(ca)?), provider);
            let v = if t.require_client_cert {
                v.build()?
            } else {
                v.allow_unauthenticated().build()?
            };
            builder.with_client_cert_verifier(v)
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder.with_single_cert(load_certs(&t.cert)?, load_key(&t.key)?)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// SHA-256 of the client's (verified) end-entity certificate.
pub fn peer_fingerprint<I>(s: &TlsStream<I>) -> Option<[u8; 32]> {
    let (_, conn) = s.get_ref();
    let cert = conn.peer_certificates()?.first()?;
    Some(Sha256::digest(cert.as_ref()).into())
}
