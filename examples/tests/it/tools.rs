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
        assert!(
            text(&o.stderr).contains("usage: taxii validate FILE..."),
            "{args:?}"
        );
    }
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
