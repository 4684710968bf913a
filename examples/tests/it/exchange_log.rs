//! The exchange log of `taxii serve` as a process whose stderr is not a terminal (the line
//! is then written by hand into the log buffer): one line per exchange, in the `tracing`
//! format, written out at shutdown, and still filtered by `RUST_LOG`.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `taxii serve` with `RUST_LOG=log`, makes `discoveries` Discovery exchanges with
/// the CLI, stops it with SIGTERM, and returns what it wrote to stderr.
fn serve_log(work: &Path, log: &str, discoveries: usize) -> String {
    let port = free_port();
    let stderr = std::fs::File::create(work.join(format!("{log}.log"))).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(work.join(format!("data-{log}")))
        .env("RUST_LOG", log)
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "taxii serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("http://127.0.0.1:{port}/services/discovery");
    for _ in 0..discoveries {
        let out = Command::new(env!("CARGO_BIN_EXE_taxii"))
            .args(["discover", &url])
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let term = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert!(server.wait().unwrap().success());
    std::fs::read_to_string(work.join(format!("{log}.log"))).unwrap()
}

#[test]
fn one_line_per_exchange_in_the_tracing_format_and_none_below_the_filter() {
    let work = tempfile::tempdir().unwrap();
    let text = serve_log(work.path(), "info", 3);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(" taxii::server::http: exchange "))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    for line in lines {
        let (time, rest) = line
            .split_once("  INFO taxii::server::http: exchange ")
            .unwrap();
        assert!(time.len() == 27 && time.ends_with('Z'), "{line}");
        assert!(
            rest.starts_with("peer=Some(127.0.0.1:")
                && rest.contains(" user=anonymous path=/services/discovery ")
                && rest.contains(" request=\"Discovery_Request\" status=\"Discovery_Response\" ")
                && rest.contains(" ms="),
            "{line}"
        );
    }
    let quiet = serve_log(work.path(), "warn", 1);
    assert!(!quiet.contains("exchange"), "{quiet}");
}
