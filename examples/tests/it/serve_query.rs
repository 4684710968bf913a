//! Default Query in `taxii serve` (issue 14): on by default on the poll service, sent by
//! `taxii poll --query`, configurable with `[query]`.

use std::process::Output;

use crate::serve_cli::taxii;
use crate::serve_support::{config, start};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn stix(title: &str, confidence: u32) -> String {
    format!(
        r#"<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:indicator="http://stix.mitre.org/Indicator-2" id="example:Package-{title}" version="1.1.1"><stix:STIX_Header><stix:Title>{title}</stix:Title></stix:STIX_Header><stix:Indicators><stix:Indicator id="example:i-{title}"><indicator:Confidence>{confidence}</indicator:Confidence></stix:Indicator></stix:Indicators></stix:STIX_Package>"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poll_with_a_query_gets_exactly_the_matching_blocks_tq_1() {
    let (cfg, dir) = config();
    let work = dir.path().to_owned();
    let s = start(cfg, Some(dir)).await;
    let (inbox, poll) = (s.url("/services/inbox"), s.url("/services/poll"));
    for (title, confidence) in [
        ("Phishing wave", 80),
        ("Botnet C2", 20),
        ("phishing kit", 55),
    ] {
        let f = work.join(format!("{confidence}.xml"));
        std::fs::write(&f, stix(title, confidence)).unwrap();
        let o = taxii(&["push", &inbox, f.to_str().unwrap(), "-c", "default"]);
        assert!(o.status.success(), "{}", text(&o));
    }
    let discover = text(&taxii(&[
        "discover",
        &s.url("/services/discovery"),
        "--json",
    ]));
    assert!(
        discover.contains("\"supported_queries\":[{\"Default\""),
        "{discover}"
    );
    for (criteria, expected) in [
        (&["**/Title contains/i phishing"][..], 2),
        (&["**/Title contains phishing"][..], 1),
        (
            &[
                "**/Title contains/i phishing",
                "**/Confidence greater_than 6e1",
            ][..],
            1,
        ),
        (&["not **/Title contains/i phishing"][..], 1),
    ] {
        let dest = work.join(format!("q{}", criteria.join("_").len()));
        // `-c` defaults to the `default` collection.
        let mut args = vec!["poll", poll.as_str(), "--dest-dir", dest.to_str().unwrap()];
        for c in criteria {
            args.extend(["--query", c]);
        }
        let o = taxii(&args);
        assert!(o.status.success(), "{criteria:?}: {}", text(&o));
        let n = std::fs::read_dir(&dest).map_or(0, |d| d.count());
        assert_eq!(n, expected, "{criteria:?}");
    }
    // A target outside the STIX notation: UNSUPPORTED_TARGETING_EXPRESSION (TE-3, TQ-8).
    let o = taxii(&["poll", &poll, "-c", "default", "--query", "Title[1] exists"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("UNSUPPORTED_TARGETING_EXPRESSION"),
        "{}",
        text(&o)
    );
    // A criterion the notation cannot read is refused before sending.
    let o = taxii(&["poll", &poll, "--query", "**/Title sounds_like x"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o).contains("unknown relationship"), "{}", text(&o));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_support_can_be_turned_off_err_9() {
    let (mut cfg, dir) = config();
    cfg.query.enabled = false;
    let s = start(cfg, Some(dir)).await;
    let o = taxii(&[
        "poll",
        &s.url("/services/poll"),
        "--query",
        "**/Title exists",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("UNSUPPORTED_QUERY"), "{}", text(&o));
    s.stop().await;
}

#[test]
fn query_section_is_checked_tqi_4_te_3() {
    let (mut cfg, _dir) = config();
    assert!(cfg.check().is_ok());
    cfg.query.allowed_scope.clear();
    assert!(cfg.check().unwrap_err().to_string().contains("TQI-4"));
    cfg.query.allowed_scope = vec!["a//b".into()];
    assert!(cfg.check().unwrap_err().to_string().contains("TE-3"));
    cfg.query.allowed_scope = vec!["**".into()];
    cfg.query.capability_modules = vec!["geo".into()];
    assert!(cfg.check().is_err());
}
