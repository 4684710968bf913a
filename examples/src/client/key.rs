//! The client certificate's private key: plain PEM, or encrypted PKCS#8
//! (`-----BEGIN ENCRYPTED PRIVATE KEY-----`) opened with `--key-password`.

use std::path::Path;

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

/// Reads the key at `path`, decrypting it with `password` when it is encrypted.
pub fn load_client_key(
    path: &Path,
    password: Option<&str>,
) -> Result<PrivateKeyDer<'static>, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let encrypted = std::str::from_utf8(&text)
        .is_ok_and(|t| t.contains(&format!("-----BEGIN {ENCRYPTED_LABEL}-----")));
    if !encrypted {
        if password.is_some() {
            return Err(format!(
                "{}: --key-password given but the key is not encrypted PKCS#8",
                path.display()
            ));
        }
        return crate::server::tls::load_key(path).map_err(|e| e.to_string());
    }
    let password = password.ok_or_else(|| {
        format!(
            "{}: the key is encrypted; give --key-password (or $TAXII_KEY_PASSWORD)",
            path.display()
        )
    })?;
    decrypt_pem(&text, password).map_err(|e| format!("{}: {e}", path.display()))
}

/// Decrypts an `ENCRYPTED PRIVATE KEY` PEM document.
pub fn decrypt_pem(pem: &[u8], password: &str) -> Result<PrivateKeyDer<'static>, String> {
    let text = std::str::from_utf8(pem).map_err(|_| "the key file is not text".to_owned())?;
    let start = text
        .find(&format!("-----BEGIN {ENCRYPTED_LABEL}-----"))
        .ok_or("no encrypted private key found")?;
    let (label, der) = pkcs8::der::pem::decode_vec(&text.as_bytes()[start..])
        .map_err(|e| format!("bad PEM: {e}"))?;
    if label != ENCRYPTED_LABEL {
        return Err(format!("unexpected PEM label {label}"));
    }
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_slice())
        .map_err(|e| format!("bad encrypted key: {e}"))?;
    let plain = info
        .decrypt(password)
        .map_err(|_| "cannot decrypt the key: wrong --key-password or unsupported cipher")?;
    Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        plain.as_bytes().to_vec(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An encrypted PKCS#8 PEM of a fresh key, and the key's plain DER.
    fn encrypted_key(password: &str) -> (String, Vec<u8>) {
        let key = rcgen::KeyPair::generate().unwrap();
        let plain = key.serialize_der();
        let info = pkcs8::PrivateKeyInfo::try_from(plain.as_slice()).unwrap();
        let params = pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(
            2048,
            b"0123456789abcdef",
            b"fedcba9876543210",
        )
        .unwrap();
        let doc = info.encrypt_with_params(params, password).unwrap();
        let pem = pkcs8::der::pem::encode_string(
            ENCRYPTED_LABEL,
            pkcs8::der::pem::LineEnding::LF,
            doc.as_bytes(),
        )
        .unwrap();
        (pem, plain)
    }

    #[test]
    fn encrypted_key_opens_with_the_right_password_only() {
        let (pem, plain) = encrypted_key("s3cret");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key.pem");
        std::fs::write(&path, &pem).unwrap();
        let key = load_client_key(&path, Some("s3cret")).unwrap();
        assert_eq!(key.secret_der(), plain.as_slice());
        let wrong = load_client_key(&path, Some("nope")).unwrap_err();
        assert!(wrong.contains("wrong --key-password"), "{wrong}");
        let missing = load_client_key(&path, None).unwrap_err();
        assert!(missing.contains("--key-password"), "{missing}");
    }
}
