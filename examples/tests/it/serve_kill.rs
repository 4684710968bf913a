//! IN-* durability: content acknowledged with SUCCESS survives a `kill -9` of `taxii serve`
//! sent right after the acknowledgement (the server process, not an in-process server).

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(port: u16, data: &Path) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
        .arg(data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "taxii serve did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

fn taxii(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_taxii"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn acknowledged_pushes_survive_kill_dash_nine() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let port = free_port();
    let mut server = serve(port, &data);
    let inbox = format!("http://127.0.0.1:{port}/services/inbox");
    let mut pushed = Vec::new();
    for i in 0..5 {
        let file = work.path().join(format!("block{i}.xml"));
        let content = format!(
            "<stix:STIX_Package xmlns:stix=\"http://stix.mitre.org/stix-1\" id=\"k{i}\"/>\n"
        );
        std::fs::write(&file, &content).unwrap();
        let out = taxii(&["push", &inbox, "-c", "default", file.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("SUCCESS"),
            "{stdout}"
        );
        pushed.push(content);
    }
    // SIGKILL straight after the last SUCCESS: no graceful shutdown, no flush.
    server.kill().unwrap();
    server.wait().unwrap();

    let port = free_port();
    let mut server = serve(port, &data);
    let dest = work.path().join("polled");
    let out = taxii(&[
        "poll",
        &format!("http://127.0.0.1:{port}/services/poll"),
        "-c",
        "default",
        "--dest-dir",
        dest.to_str().unwrap(),
    ]);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(&dest)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let polled: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert_eq!(polled, pushed);
}
