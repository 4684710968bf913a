//! The `taxii` client subcommands run as a process against an in-process server, in both
//! TAXII versions: push files, poll them back into `--dest-dir`, byte for byte.

use std::process::{Command, Output};

use crate::serve_support::{config, start};

pub(crate) fn taxii(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/samples/stix_package_1.1.1.xml"
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_and_poll_with_the_cli_in_both_versions() {
    let (cfg, dir) = config();
    let work = dir.path().to_owned();
    let s = start(cfg, Some(dir)).await;
    let (inbox, poll) = (s.url("/services/inbox"), s.url("/services/poll"));
    let out = ok(&taxii(&["push", &inbox, SAMPLE, "-c", "default"]));
    assert!(out.contains("SUCCESS"), "{out}");
    // TAXII 1.0 inbox messages name no collection: the content goes to every writable one.
    let out = ok(&taxii(&["push", &inbox, SAMPLE, "--taxii", "1.0"]));
    assert!(out.contains("SUCCESS"), "{out}");
    let out = ok(&taxii(&[
        "discover",
        &s.url("/services/discovery"),
        "--taxii",
        "1.0",
    ]));
    assert!(out.contains("POLL"), "{out}");
    let out = ok(&taxii(&[
        "collections",
        &s.url("/services/collection-management"),
        "--json",
    ]));
    assert!(out.contains("\"collection_name\":\"second\""), "{out}");

    let expected = std::fs::read(SAMPLE).unwrap();
    for (version, dest) in [("1.1", "d11"), ("1.0", "d10")] {
        let dest = work.join(dest);
        let d = dest.to_str().unwrap();
        ok(&taxii(&[
            "poll",
            &poll,
            "-c",
            "default",
            "--taxii",
            version,
            "--dest-dir",
            d,
        ]));
        let mut files: Vec<_> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 2, "{version}: {files:?}");
        for f in files {
            assert_eq!(
                std::fs::read(&f).unwrap(),
                expected,
                "{version}: {}",
                f.display()
            );
        }
    }
    // count-only and an error status (exit 1)
    let out = ok(&taxii(&["poll", &poll, "-c", "second", "--count-only"]));
    assert!(out.contains("1 record(s) in all"), "{out}");
    let o = taxii(&["poll", &poll, "-c", "missing"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("NOT_FOUND"));
    s.stop().await;
}
