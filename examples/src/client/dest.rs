//! Writing polled content into a directory under names the client makes up itself
//! (`NNNNNN.xml`), so nothing a server sends can choose a path, escape the directory or
//! overwrite a file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A directory receiving content blocks, one file each.
#[derive(Debug)]
pub struct DestDir {
    dir: PathBuf,
    next: u64,
    files: u64,
    bytes: u64,
    max_files: Option<u64>,
    max_bytes: u64,
}

impl DestDir {
    /// Creates the directory if needed.
    pub fn new(dir: &Path) -> std::io::Result<DestDir> {
        std::fs::create_dir_all(dir)?;
        Ok(DestDir {
            dir: dir.to_owned(),
            next: 1,
            files: 0,
            bytes: 0,
            max_files: None,
            max_bytes: u64::MAX,
        })
    }

    /// At most `max_files` files (then [`DestDir::is_full`]) and `max_bytes` bytes (then
    /// writing fails), counting what is already written.
    pub fn set_caps(&mut self, max_files: Option<u64>, max_bytes: u64) {
        self.max_files = max_files;
        self.max_bytes = max_bytes;
    }

    /// Whether the file cap is reached.
    pub fn is_full(&self) -> bool {
        self.max_files.is_some_and(|m| self.files >= m)
    }

    /// Bytes written so far.
    pub fn bytes_written(&self) -> u64 {
        self.bytes
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `content` to the next free `NNNNNN.xml` (never replacing a file) and
    /// returns its path.
    pub fn write(&mut self, content: &[u8]) -> std::io::Result<PathBuf> {
        let total = self.bytes.saturating_add(content.len() as u64);
        if total > self.max_bytes {
            return Err(std::io::Error::other(format!(
                "stopped: the poll would pass {} content bytes (--max-total-bytes)",
                self.max_bytes
            )));
        }
        self.bytes = total;
        self.files += 1;
        loop {
            let path = self.dir.join(format!("{:06}.xml", self.next));
            self.next += 1;
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    if let Err(e) = f.write_all(content).and_then(|()| f.flush()) {
                        // Never leave a truncated block under a final name.
                        drop(f);
                        let _ = std::fs::remove_file(&path);
                        return Err(e);
                    }
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_ours_and_never_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("000001.xml"), b"keep").unwrap();
        let mut d = DestDir::new(tmp.path()).unwrap();
        let p = d.write(b"<a/>").unwrap();
        assert_eq!(p.file_name().unwrap(), "000002.xml");
        assert_eq!(
            std::fs::read(tmp.path().join("000001.xml")).unwrap(),
            b"keep"
        );
        assert_eq!(std::fs::read(&p).unwrap(), b"<a/>");
        assert_eq!(p.parent().unwrap(), tmp.path());
    }
}
