//! A throwaway PostgreSQL cluster for tests: `initdb` in a temporary directory, the server
//! on a free loopback port, run as an unprivileged account when the tests run as root
//! (`taxii-ci`, made by `.ci/postgres.sh`), stopped and removed on drop (a panicking test
//! drops it too). Missing PostgreSQL is a failure naming the install script, never a skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Account the cluster runs as when the tests run as root.
const CI_USER: &str = "taxii-ci";

/// Superuser of the throwaway cluster (trust authentication on loopback).
pub const SUPERUSER: &str = "taxii";

/// A running cluster; stopped (immediate mode) and deleted on drop.
pub struct PgCluster {
    bindir: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    run_as: Option<&'static str>,
}

impl PgCluster {
    /// Starts a new cluster, panicking with the fix when PostgreSQL is missing.
    pub fn start() -> PgCluster {
        let bindir = bindir().unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: \
                 run `bash .ci/postgres.sh` (installs Debian's postgresql package)"
            )
        });
        let run_as = is_root().then_some(CI_USER);
        if let Some(user) = run_as {
            let known = Command::new("id").arg(user).output().unwrap();
            assert!(
                known.status.success(),
                "account {user} missing: run `bash .ci/postgres.sh` (PostgreSQL refuses to run as root)"
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("taxii-pg-")
            .tempdir()
            .unwrap();
        if let Some(user) = run_as {
            run(Command::new("chown").arg(user).arg(dir.path()));
        }
        let data = dir.path().join("data");
        let cluster = PgCluster {
            bindir,
            dir,
            port: free_port(),
            run_as,
        };
        cluster.tool(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off -c max_connections=200",
            cluster.port,
            cluster.dir.path().display()
        );
        let log = cluster.dir.path().join("server.log");
        cluster.tool(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &options,
            ],
        );
        cluster.wait_ready();
        cluster
    }

    /// The port the server listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Creates database `name` and returns its `postgres://` URL.
    pub fn database(&self, name: &str) -> String {
        let port = self.port.to_string();
        self.tool("createdb", &[&self.connection(&port), &[name][..]].concat());
        self.url(name)
    }

    /// The URL of database `name` (which may not exist).
    pub fn url(&self, name: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{name}", self.port)
    }

    /// Runs one SQL statement with psql and returns its unaligned output.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let port = self.port.to_string();
        let args = [&["-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql][..]];
        let out = self.tool("psql", &[&self.connection(&port)[..], args[0]].concat());
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Client options reaching the cluster as its superuser (`port` as text).
    fn connection<'a>(&self, port: &'a str) -> [&'a str; 6] {
        ["-h", "127.0.0.1", "-p", port, "-U", SUPERUSER]
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ok = Command::new(self.bindir.join("pg_isready"))
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            if ok {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "PostgreSQL did not become ready; log: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Runs a server binary as the cluster's account; panics with its output on failure.
    fn tool(&self, name: &str, args: &[&str]) -> Output {
        let program = self.bindir.join(name);
        let mut cmd = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        cmd.args(args).current_dir(self.dir.path());
        run(&mut cmd)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let program = self.bindir.join("pg_ctl");
        let mut cmd = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        let _ = cmd
            .args(["stop", "-m", "immediate", "-w", "-D"])
            .arg(&data)
            .current_dir(self.dir.path())
            .output();
    }
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The newest server binary directory: Debian's /usr/lib/postgresql/N/bin, else PATH.
fn bindir() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
        .map(|d| d.canonicalize().unwrap_or(d))
        .filter(|d: &PathBuf| Path::new(d).join("postgres").exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A loopback port free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_throwaway_cluster_starts_answers_and_stops() {
    let cluster = PgCluster::start();
    let url = cluster.database("probe");
    assert!(url.ends_with("/probe"));
    assert_eq!(cluster.psql("probe", "SELECT 40 + 2"), "42");
    let port = cluster.port();
    drop(cluster);
    let again = std::net::TcpStream::connect(("127.0.0.1", port));
    assert!(again.is_err(), "the cluster still listens after drop");
}
