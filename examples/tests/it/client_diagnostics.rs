//! The client decodes answers permissively and shows the spec rules they break instead of
//! failing (issue 14): a Discovery_Response with a scope-less Targeting_Expression_Info
//! (TQI-4) from a sloppy server is still listed.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

/// Answers one TAXII 1.1 request with `body` (its `in_response_to` filled in).
fn serve_once(listener: TcpListener, body: &'static str) {
    let (mut s, _) = listener.accept().unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let request = loop {
        let n = s.read(&mut buf).unwrap();
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if rest.len() >= len {
                break rest.to_owned();
            }
        }
    };
    let id = taxii_messages::decode(request.as_bytes())
        .unwrap()
        .message_id()
        .clone();
    let body = body.replace("REQUEST_ID", id.as_str());
    let answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\
         X-TAXII-Content-Type: urn:taxii.mitre.org:message:xml:1.1\r\n\
         X-TAXII-Services: urn:taxii.mitre.org:services:1.1\r\n\
         X-TAXII-Protocol: urn:taxii.mitre.org:protocol:http:1.0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(answer.as_bytes()).unwrap();
}

const SLOPPY: &str = r#"<taxii_11:Discovery_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="2" in_response_to="REQUEST_ID"><taxii_11:Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.1"><taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding><taxii_11:Address>http://127.0.0.1:1/poll</taxii_11:Address><taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding><taxii_11:Supported_Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query_Info><tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"/><tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module></tdq:Default_Query_Info></taxii_11:Supported_Query></taxii_11:Service_Instance></taxii_11:Discovery_Response>"#;

#[test]
fn client_shows_diagnostics_of_a_sloppy_answer_instead_of_failing_tqi_4() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/services/discovery",
        listener.local_addr().unwrap()
    );
    let server = std::thread::spawn(move || serve_once(listener, SLOPPY));
    let o = Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(["discover", &url])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    server.join().unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("http://127.0.0.1:1/poll"), "{out}");
    assert!(
        err.contains("MUST TQI-4 at /Discovery_Response/Service_Instance"),
        "{err}"
    );
}
