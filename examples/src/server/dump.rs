//! Optional copies of every request and response body exchanged (`--dump-dir`), for
//! debugging and for validating what peers and the server sent against the XSDs.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes numbered body files into a directory.
#[derive(Debug)]
pub struct Dump {
    dir: PathBuf,
    next: AtomicU64,
}

impl Dump {
    /// Bodies go to `dir` (created if needed).
    pub fn new(dir: PathBuf) -> std::io::Result<Dump> {
        std::fs::create_dir_all(&dir)?;
        Ok(Dump {
            dir,
            next: AtomicU64::new(1),
        })
    }

    /// A fresh exchange number.
    pub fn next(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// Writes `body` as `NNNNNN-{kind}.xml`; failures are logged, never fatal.
    pub fn write(&self, n: u64, kind: &str, body: &[u8]) {
        let path = self.path(n, kind);
        if let Err(e) = std::fs::write(&path, body) {
            tracing::warn!(path = %path.display(), error = %e, "cannot dump a body");
        }
    }

    /// The file `NNNNNN-{kind}.xml`, created for a body written as it is sent; `None`
    /// (logged) when it cannot be created.
    pub fn file(&self, n: u64, kind: &str) -> Option<std::fs::File> {
        let path = self.path(n, kind);
        std::fs::File::create(&path)
            .map_err(|e| tracing::warn!(path = %path.display(), error = %e, "cannot dump a body"))
            .ok()
    }

    fn path(&self, n: u64, kind: &str) -> PathBuf {
        self.dir.join(format!("{n:06}-{kind}.xml"))
    }
}
