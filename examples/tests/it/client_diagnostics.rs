//! The client decodes answers permissively and shows the spec rules they break instead of
//! failing (issue 14): a Discovery_Response with a scope-less Targeting_Expression_Info
//! (TQI-4) from a sloppy server is still listed.

use std::process::Command;

use crate::dest_dir_stream::serve_once;

const SLOPPY: &str = r#"<taxii_11:Discovery_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="2" in_response_to="REQUEST_ID"><taxii_11:Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.1"><taxii_11:Protocol_Binding>urn:taxii.mitre.org:protocol:http:1.0</taxii_11:Protocol_Binding><taxii_11:Address>http://127.0.0.1:1/poll</taxii_11:Address><taxii_11:Message_Binding>urn:taxii.mitre.org:message:xml:1.1</taxii_11:Message_Binding><taxii_11:Supported_Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query_Info><tdq:Targeting_Expression_Info targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"/><tdq:Capability_Module>urn:taxii.mitre.org:query:capability:core-1</tdq:Capability_Module></tdq:Default_Query_Info></taxii_11:Supported_Query></taxii_11:Service_Instance></taxii_11:Discovery_Response>"#;

#[test]
fn client_shows_diagnostics_of_a_sloppy_answer_instead_of_failing_tqi_4() {
    let (url, server) = serve_once(|id| SLOPPY.replace("REQUEST_ID", id));
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
