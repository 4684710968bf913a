//! Answers to requests `taxii serve` cannot decode (issue 14): a TAXII 1.0 request gets a
//! TAXII 1.0 Status Message with digit ids (G10-2) that decodes and validates.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::serve_support::{config, start};

/// POSTs `body` to the poll service as a TAXII 1.0 request; the answer's body.
async fn post10(addr: std::net::SocketAddr, body: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST /services/poll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.0\r\n\
         X-TAXII-Accept: urn:taxii.mitre.org:message:xml:1.0\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.0\r\n\
         X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_10_request_gets_a_10_answer_with_digit_ids_g10_2() {
    let (cfg, dir) = config();
    let s = start(cfg, Some(dir)).await;
    for bad in [
        "<taxii:Poll_Request",
        r#"<taxii:Poll_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="x-1" feed_name="default"/>"#,
    ] {
        let body = post10(s.addr, bad).await;
        let answer = taxii_messages::decode(body.as_bytes()).unwrap();
        let taxii_messages::Message::V10(taxii_messages::v10::Message::StatusMessage(m)) = &answer
        else {
            panic!("{body}")
        };
        assert!(
            m.message_id.as_str().bytes().all(|b| b.is_ascii_digit()),
            "{body}"
        );
        assert_eq!(m.in_response_to.as_str(), "0", "{body}");
        assert!(answer.validate().is_empty(), "{:?}", answer.validate());
    }
    // The self-check of `stop` reads every body sent once more.
    s.stop().await;
}
