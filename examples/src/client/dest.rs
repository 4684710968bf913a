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
}

impl DestDir {
    /// Creates the directory if needed.
    pub fn new(dir: &Path) -> std::io::Result<DestDir> {
        std::fs::create_dir_all(dir)?;
        Ok(DestDir {
            dir: dir.to_owned(),
            next: 1,
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `content` to the next free `NNNNNN.xml` (never replacing a file) and
    /// returns its path.
    pub fn write(&mut self, content: &[u8]) -> std::io::Result<PathBuf> {
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
