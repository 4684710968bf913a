//! Body cap before decoding, Content-Encoding (gzip/deflate with `compression`), and the
//! request/response builders' errors.

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_ENCODING};
use http::Request;
use taxii_http_binding::{
    read_request, request_for, response_for, BodyLimits, BuildError, ClientPolicy, Error, NotTaxii,
    ProtocolBinding, RequestOptions, ServerPolicy, Transport,
};
use taxii_messages::{v11, Message, MessageId, StatusType};

fn inbox(size: usize) -> Message {
    let xml = format!(
        r#"<taxii_11:Inbox_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1"><taxii_11:Content_Block><taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/><taxii_11:Content>{}</taxii_11:Content></taxii_11:Content_Block></taxii_11:Inbox_Message>"#,
        "a".repeat(size)
    );
    taxii_messages::decode(xml.as_bytes()).unwrap()
}

fn request(size: usize) -> Request<Bytes> {
    request_for(&inbox(size), "http://h/inbox", &RequestOptions::default()).unwrap()
}

#[test]
fn body_cap_applies_before_decoding() {
    let req = request(2000);
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.body = BodyLimits::with_max(1000);
    let rej = read_request(&req, &policy).unwrap_err();
    assert!(
        matches!(rej.error(), Error::BodyTooLarge { max: 1000, size } if *size > 2000),
        "{:?}",
        rej.error()
    );
    assert_eq!(rej.status_type(), StatusType::BadMessage);
    // Not decoded even to find the message id.
    assert_eq!(rej.in_response_to().as_str(), "0");
    policy.body = BodyLimits::with_max(4000);
    read_request(&req, &policy).unwrap();
}

#[test]
fn client_body_cap_gives_failure_status() {
    let resp = response_for(&inbox(5000), &ProtocolBinding::Http10).unwrap();
    let mut policy = ClientPolicy::default();
    policy.body = BodyLimits::with_max(100);
    let read = taxii_http_binding::inspect_response(&resp, &MessageId::unknown(), &policy);
    assert!(matches!(
        read.not_taxii,
        Some(NotTaxii::Binding(Error::BodyTooLarge { max: 100, .. }))
    ));
    let Message::V11(v11::Message::StatusMessage(s)) = read.message else {
        panic!()
    };
    assert_eq!(s.status_type, StatusType::Failure);
}

#[cfg(not(feature = "compression"))]
#[test]
fn content_encoding_needs_the_feature() {
    let mut req = request(10);
    req.headers_mut()
        .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    let rej = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap_err();
    assert!(matches!(
        rej.error(),
        Error::UnsupportedContentEncoding { encoding, .. } if encoding == "gzip"
    ));
    assert_eq!(rej.status_type(), StatusType::UnsupportedMessage);
    assert_eq!(rej.error().rule(), "T2-7");
}

#[test]
fn identity_encoding_is_accepted() {
    let mut req = request(10);
    req.headers_mut()
        .insert(CONTENT_ENCODING, HeaderValue::from_static("identity"));
    let accepted = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap();
    assert_eq!(accepted.message, inbox(10), "the body is read as it is");
}

#[test]
fn unknown_encoding_is_unsupported_message() {
    let mut req = request(10);
    req.headers_mut()
        .insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
    let rej = read_request(&req, &ServerPolicy::new(Transport::Http)).unwrap_err();
    assert!(matches!(
        rej.error(),
        Error::UnsupportedContentEncoding { encoding, .. } if encoding == "br"
    ));
}

#[cfg(feature = "compression")]
mod compression {
    use super::*;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use flate2::Compression;
    use http::header::CONTENT_LENGTH;
    use std::io::Write;
    use taxii_http_binding::prepare_body;

    fn compressed(req: &Request<Bytes>, coding: &'static str) -> Request<Bytes> {
        let raw = req.body().to_vec();
        let data = match coding {
            "gzip" => {
                let mut e = GzEncoder::new(Vec::new(), Compression::default());
                e.write_all(&raw).unwrap();
                e.finish().unwrap()
            }
            "deflate" => {
                let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
                e.write_all(&raw).unwrap();
                e.finish().unwrap()
            }
            _ => {
                let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
                e.write_all(&raw).unwrap();
                e.finish().unwrap()
            }
        };
        let mut out = req.clone();
        out.headers_mut().insert(
            CONTENT_ENCODING,
            HeaderValue::from_static(if coding == "raw" { "deflate" } else { coding }),
        );
        out.headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(data.len()));
        *out.body_mut() = Bytes::from(data);
        out
    }

    #[test]
    fn gzip_and_deflate_bodies_decode() {
        let req = request(300);
        for coding in ["gzip", "deflate", "raw"] {
            let c = compressed(&req, coding);
            let r = read_request(&c, &ServerPolicy::new(Transport::Http))
                .unwrap_or_else(|e| panic!("{coding}: {e}"));
            assert_eq!(r.message, inbox(300), "{coding}");
        }
    }

    #[test]
    fn expansion_is_bounded_by_ratio_and_size() {
        // 1 MB of 'a' compresses ~1000:1.
        let req = request(1 << 20);
        let c = compressed(&req, "gzip");
        let rej = read_request(&c, &ServerPolicy::new(Transport::Http)).unwrap_err();
        let Error::Decompression { encoding, reason } = rej.error() else {
            panic!("{:?}", rej.error())
        };
        assert_eq!(encoding, "gzip");
        assert!(reason.contains("times its compressed size"), "{reason}");
        assert_eq!(rej.status_type(), StatusType::BadMessage);

        let mut policy = ServerPolicy::new(Transport::Http);
        policy.body.max_ratio = 100_000;
        policy.body.max_decoded_bytes = 64 << 10;
        let rej = read_request(&c, &policy).unwrap_err();
        let Error::Decompression { reason, .. } = rej.error() else {
            panic!()
        };
        assert!(reason.contains("limit of 65536 bytes"), "{reason}");

        policy.body.max_decoded_bytes = 2 << 20;
        read_request(&c, &policy).unwrap();
    }

    #[test]
    fn with_max_caps_the_decoded_size_too() {
        let c = compressed(&request(3000), "gzip");
        let mut policy = ServerPolicy::new(Transport::Http);
        policy.body = BodyLimits::with_max(2000);
        assert!(c.body().len() < 2000);
        let rej = read_request(&c, &policy).unwrap_err();
        let Error::Decompression { reason, .. } = rej.error() else {
            panic!("{:?}", rej.error())
        };
        assert!(reason.contains("limit of 2000 bytes"), "{reason}");
    }

    #[test]
    fn corrupt_gzip_is_bad_message() {
        let mut c = compressed(&request(100), "gzip");
        let mut data = c.body().to_vec();
        let n = data.len();
        data[n / 2] ^= 0xFF;
        data.truncate(n - 4);
        c.headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(data.len()));
        *c.body_mut() = Bytes::from(data);
        let rej = read_request(&c, &ServerPolicy::new(Transport::Http)).unwrap_err();
        assert!(
            matches!(rej.error(), Error::Decompression { .. }),
            "{:?}",
            rej.error()
        );
    }

    fn deflate_headers() -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert(CONTENT_ENCODING, HeaderValue::from_static("deflate"));
        h
    }

    /// A body that decodes to exactly `max_decoded_bytes` is read; one byte more is not.
    #[test]
    fn a_body_decoding_to_exactly_the_cap_is_read() {
        let mut limits = BodyLimits::default();
        limits.max_decoded_bytes = 1000;
        let mut gzip = http::HeaderMap::new();
        gzip.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        for (size, fits) in [(1000, true), (1001, false)] {
            let mut e = GzEncoder::new(Vec::new(), Compression::default());
            e.write_all(&vec![b'a'; size]).unwrap();
            let body = Bytes::from(e.finish().unwrap());
            match prepare_body(&gzip, &body, &limits) {
                Ok(out) => assert!(fits && out.len() == size, "{size} bytes read"),
                Err(e) => assert!(
                    !fits
                        && matches!(e, Error::Decompression { ref reason, .. } if reason.contains("limit of 1000")),
                    "{size}: {e}"
                ),
            }
        }
    }

    /// Raw deflate (no zlib header) is told apart by the zlib header rules (RFC 1950):
    /// compression method 8 in the low nibble and a header divisible by 31, both needed.
    #[test]
    fn raw_deflate_resembling_half_a_zlib_header_decodes() {
        // A stored block of 23 bytes: `01 17` is divisible by 31 (279 = 9 * 31), method 1.
        let mut divisible = vec![0x01, 23, 0, !23, 0xFF];
        divisible.extend_from_slice(&[b'x'; 23]);
        // A non-final stored block whose padding bit gives method 8; `08 01` is not
        // divisible by 31. Then an empty final stored block.
        let method_8 = vec![0x08, 1, 0, 0xFE, 0xFF, b'y', 0x01, 0, 0, 0xFF, 0xFF];
        for (body, want) in [(divisible, vec![b'x'; 23]), (method_8, b"y".to_vec())] {
            let out = prepare_body(
                &deflate_headers(),
                &Bytes::from(body),
                &BodyLimits::default(),
            )
            .unwrap_or_else(|e| panic!("{want:?}: {e}"));
            assert_eq!(&out[..], &want[..]);
        }
    }

    #[test]
    fn accept_encoding_is_offered_when_asked() {
        let mut o = RequestOptions::default();
        o.accept_compressed = true;
        let req = request_for(&inbox(1), "http://h/", &o).unwrap();
        assert_eq!(req.headers()["accept-encoding"], "gzip, deflate");
    }
}

#[test]
fn request_builder_rejects_bad_urls_h5() {
    let m = inbox(1);
    let o = RequestOptions::default();
    assert!(matches!(
        request_for(&m, "ftp://h/x", &o),
        Err(BuildError::UnsupportedScheme(s)) if s == "ftp"
    ));
    assert!(matches!(
        request_for(&m, "/relative/path", &o),
        Err(BuildError::InvalidUrl { .. })
    ));
    assert!(matches!(
        request_for(&m, "http://exa mple/", &o),
        Err(BuildError::InvalidUrl { .. })
    ));
}

#[test]
fn built_request_carries_every_header_hr1() {
    let o = RequestOptions::default()
        .with_credentials(taxii_http_binding::Credentials::basic("test", "test"));
    let req = request_for(&inbox(1), "https://h:8443/inbox", &o).unwrap();
    assert_eq!(req.method(), http::Method::POST);
    let h = req.headers();
    assert_eq!(h["content-type"], "application/xml");
    assert_eq!(h["accept"], "application/xml");
    assert_eq!(
        h["x-taxii-content-type"],
        "urn:taxii.mitre.org:message:xml:1.1"
    );
    assert_eq!(h["x-taxii-accept"], "urn:taxii.mitre.org:message:xml:1.1");
    assert_eq!(h["x-taxii-services"], "urn:taxii.mitre.org:services:1.1");
    assert_eq!(
        h["x-taxii-protocol"],
        "urn:taxii.mitre.org:protocol:https:1.0"
    );
    assert_eq!(h["authorization"], "Basic dGVzdDp0ZXN0");
    assert_eq!(h["content-length"], req.body().len().to_string().as_str());
    assert!(!h.contains_key("accept-encoding"));
}

#[test]
fn built_response_carries_every_header() {
    let m = Message::V11(v11::Message::StatusMessage(v11::StatusMessage::new(
        MessageId::new("2").unwrap(),
        MessageId::new("1").unwrap(),
        StatusType::Success,
    )));
    let resp = response_for(&m, &ProtocolBinding::Https10).unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers();
    assert_eq!(h["content-type"], "application/xml");
    assert_eq!(
        h["x-taxii-content-type"],
        "urn:taxii.mitre.org:message:xml:1.1"
    );
    assert_eq!(h["x-taxii-services"], "urn:taxii.mitre.org:services:1.1");
    assert_eq!(
        h["x-taxii-protocol"],
        "urn:taxii.mitre.org:protocol:https:1.0"
    );
    assert!(!h.contains_key("x-taxii-accept"), "H-3");
}

/// The cap is inclusive: a body of exactly `max_body_bytes` is read.
#[test]
fn a_body_exactly_at_the_cap_is_read() {
    let req = request(2000);
    let size = req.body().len();
    let mut policy = ServerPolicy::new(Transport::Http);
    policy.body = BodyLimits::with_max(size);
    read_request(&req, &policy).unwrap();
    policy.body = BodyLimits::with_max(size - 1);
    assert!(matches!(
        read_request(&req, &policy).unwrap_err().error(),
        Error::BodyTooLarge { .. }
    ));
}

/// HS-3: the credentials read from `Authorization` expose the secret that was sent.
#[test]
fn parsed_credentials_expose_their_secrets() {
    use taxii_http_binding::Credentials;
    for (sent, want) in [
        (Credentials::basic("alice", "s3cret"), "s3cret"),
        (Credentials::bearer("tok.en"), "tok.en"),
    ] {
        let read = Credentials::parse(&sent.to_header_value().unwrap()).unwrap();
        let secret = match &read {
            Credentials::Basic { password, .. } => password.expose(),
            Credentials::Bearer(token) => token.expose(),
            _ => unreachable!(),
        };
        assert_eq!(secret, want);
    }
}
