//! `taxii validate`, `taxii fmt`, `taxii json`: exit codes, stdout and stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn testdata(rel: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "testdata", rel]
        .iter()
        .collect();
    p.to_string_lossy().into_owned()
}

fn taxii(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("taxii runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const POLL: &str = "samples/taxii11_poll_response_1block.xml";
const INVALID_SEED: &str = "seed-samples/002_05_Poll_Request.xml";

#[test]
fn validate_all_valid_exits_0() {
    let o = taxii(
        &[
            "validate",
            &testdata(POLL),
            &testdata("wire/bodies/009_taxii11_poll_request.xml"),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("ok Poll_Response (TAXII 1.1)"), "{out}");
    assert!(out.contains("ok Poll_Request (TAXII 1.1)"), "{out}");
    assert!(o.stderr.is_empty());
}

#[test]
fn validate_any_invalid_exits_1_with_position_path_and_rule() {
    let o = taxii(&["validate", &testdata(POLL), &testdata(INVALID_SEED)], b"");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("002_05_Poll_Request.xml:2:1 (byte 39) at /Poll_Request: missing required element `Subscription_ID or Poll_Parameters` [C11-1]"),
        "{err}"
    );
    assert!(text(&o.stdout).contains("ok Poll_Response"));
}

#[test]
fn validate_reads_stdin_for_dash() {
    let o = taxii(&["validate", "-"], b"<x/>");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.starts_with("<stdin>:1:1 (byte 0) at /x:"), "{err}");
    assert!(err.contains("[G11-1: root element is a message]"), "{err}");
}

#[test]
fn validate_unreadable_file_exits_1() {
    let o = taxii(&["validate", "/nonexistent/taxii.xml"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("/nonexistent/taxii.xml: cannot read"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["validate"][..],
        &["fmt"][..],
        &["fmt", "a", "b"][..],
        &["json", "--bogus", "x"][..],
        &["frobnicate"][..],
    ] {
        let o = taxii(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(text(&o.stderr).contains("Usage: taxii"), "{args:?}");
    }
}

/// The message tools are clap subcommands: `--help` describes each.
#[test]
fn tools_have_help() {
    for tool in ["validate", "fmt", "json"] {
        let o = taxii(&[tool, "--help"], b"");
        assert_eq!(o.status.code(), Some(0), "{tool}");
        let out = text(&o.stdout);
        assert!(out.contains(&format!("Usage: taxii {tool}")), "{out}");
    }
    let out = text(&taxii(&["validate", "--help"], b"").stdout);
    assert!(out.contains("--strict"), "{out}");
    assert!(out.contains("MUST or SHOULD"), "{out}");
}

/// Issue 14 (C11-3): a schema-valid message that breaks a spec rule decodes (exit 0) and
/// its diagnostics are printed; `--strict` exits 1 on a MUST diagnostic.
#[test]
fn validate_prints_diagnostics_and_strict_fails_on_must_c11_3() {
    let xml = br#"<taxii_11:Poll_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="1" collection_name="c"><taxii_11:Poll_Parameters allow_asynch="false"><taxii_11:Delivery_Parameters><taxii_11:Protocol_Binding>p</taxii_11:Protocol_Binding><taxii_11:Address>a</taxii_11:Address><taxii_11:Message_Binding>m</taxii_11:Message_Binding></taxii_11:Delivery_Parameters></taxii_11:Poll_Parameters></taxii_11:Poll_Request>"#;
    let o = taxii(&["validate", "-"], xml);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("<stdin>: ok Poll_Request (TAXII 1.1)"),
        "{out}"
    );
    assert!(
        out.contains("<stdin>: MUST C11-3 at /Poll_Request/Poll_Parameters: "),
        "{out}"
    );
    let o = taxii(&["validate", "--strict", "-"], xml);
    assert_eq!(o.status.code(), Some(1));
    // A SHOULD diagnostic alone passes --strict (DRs10-8).
    let should = br#"<taxii:Discovery_Response xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1" message_id="2" in_response_to="1"><taxii:Service_Instance service_type="POLL" service_version="urn:taxii.mitre.org:services:1.0"><taxii:Protocol_Binding>p</taxii:Protocol_Binding><taxii:Address>a</taxii:Address><taxii:Message_Binding>m</taxii:Message_Binding><taxii:Content_Binding>c</taxii:Content_Binding></taxii:Service_Instance></taxii:Discovery_Response>"#;
    let o = taxii(&["validate", "--strict", "-"], should);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("SHOULD DRs10-8"));
}

#[test]
fn fmt_reencodes_and_is_idempotent() {
    let o = taxii(
        &["fmt", &testdata("seed-samples/004_05_Poll_Request.xml")],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let first = text(&o.stdout);
    assert!(first.starts_with("<taxii_11:Poll_Request "), "{first}");
    assert!(first.contains("<taxii_11:Exclusive_Begin_Timestamp>2014-12-19T00:00:00Z</taxii_11:Exclusive_Begin_Timestamp>"));
    let again = taxii(&["fmt", "-"], first.as_bytes());
    assert_eq!(text(&again.stdout), first);
}

#[test]
fn fmt_invalid_exits_1() {
    let o = taxii(&["fmt", &testdata(INVALID_SEED)], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(text(&o.stderr).contains("[C11-1]"));
}

#[test]
fn json_and_back_to_xml() {
    let o = taxii(
        &[
            "json",
            &testdata("wire/bodies/007_taxii11_push_no_dest_response.xml"),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let json = text(&o.stdout);
    assert!(json.contains("\"DESTINATION_COLLECTION_ERROR\""), "{json}");
    let xml = taxii(&["json", "--to-xml", "-"], json.as_bytes());
    assert_eq!(xml.status.code(), Some(0), "{}", text(&xml.stderr));
    let direct = taxii(
        &[
            "fmt",
            &testdata("wire/bodies/007_taxii11_push_no_dest_response.xml"),
        ],
        b"",
    );
    assert_eq!(text(&xml.stdout), text(&direct.stdout));
}

#[test]
fn json_to_xml_rejects_bad_json_with_position() {
    let o = taxii(&["json", "--to-xml", "-"], b"{\n  \"version\": \"9\"\n}");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.starts_with("<stdin>:"), "{err}");
    assert!(err.contains("invalid JSON message"), "{err}");
}

/// The Draft 1 figures of seed 001 that are XML documents.
fn draft1_figures() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(testdata("draft1"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.contains("/fig") && p.ends_with(".xml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 9, "{files:?}");
    files
}

#[test]
fn validate_reads_draft1_documents_by_their_root_namespace_ns_5() {
    let mut args = vec!["validate".to_owned()];
    args.extend(draft1_figures());
    args.push(testdata("samples/taxii10_poll_response_1block.xml"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = taxii(&args, b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert_eq!(out.matches("(TAXII 1.0 Draft 1)").count(), 9, "{out}");
    assert!(
        out.contains("fig12_poll_response.xml: ok TAXII_PollResponse (TAXII 1.0 Draft 1)"),
        "{out}"
    );
    assert!(
        out.contains("taxii10_poll_response_1block.xml: ok Poll_Response (TAXII 1.0)"),
        "{out}"
    );
}

#[test]
fn validate_reports_draft1_errors_from_the_draft1_decoder() {
    let doc = b"<TAXII_PollRequest xmlns=\"http://taxii.mitre.org/messages/xml/1\" message-id=\"1\">\n<bogus/></TAXII_PollRequest>";
    let o = taxii(&["validate", "-"], doc);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("<stdin>:2:1 (byte 81) at /TAXII_PollRequest"),
        "{err}"
    );
    assert!(!err.contains("draft1::decode"), "{err}");
    // Something in no TAXII namespace is still refused as before.
    let o = taxii(&["validate", "-"], b"<TAXII_PollRequest/>");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("G11-1"), "{}", text(&o.stderr));
}

#[test]
fn fmt_reencodes_draft1_and_is_idempotent() {
    for fig in draft1_figures() {
        let o = taxii(&["fmt", &fig], b"");
        assert_eq!(o.status.code(), Some(0), "{fig}: {}", text(&o.stderr));
        let first = text(&o.stdout);
        assert!(
            first.starts_with("<TAXII_")
                && first.contains("xmlns=\"http://taxii.mitre.org/messages/xml/1\""),
            "{fig}: {first}"
        );
        let again = taxii(&["fmt", "-"], first.as_bytes());
        assert_eq!(text(&again.stdout), first, "{fig}");
    }
}

#[test]
fn json_and_back_to_xml_for_draft1() {
    for fig in draft1_figures() {
        let o = taxii(&["json", &fig], b"");
        assert_eq!(o.status.code(), Some(0), "{fig}: {}", text(&o.stderr));
        let json = text(&o.stdout);
        assert!(
            json.contains("\"version\": \"1.0-draft1\""),
            "{fig}: {json}"
        );
        let xml = taxii(&["json", "--to-xml", "-"], json.as_bytes());
        assert_eq!(xml.status.code(), Some(0), "{fig}: {}", text(&xml.stderr));
        let direct = taxii(&["fmt", &fig], b"");
        assert_eq!(text(&xml.stdout), text(&direct.stdout), "{fig}");
    }
    let bad = br#"{"version": "1.0-draft1", "message": {"message_type": "Nope"}}"#;
    let o = taxii(&["json", "--to-xml", "-"], bad);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("invalid JSON message"),
        "{}",
        text(&o.stderr)
    );
}
