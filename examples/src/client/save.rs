//! Content blocks from a [`MessageStream`] written to a [`DestDir`] as they are read, so
//! only one block is ever held in memory.

use std::io::BufRead;
use std::path::PathBuf;

use taxii_messages::stream::{MessageStream, StreamError};
use taxii_messages::RawXml;

use super::DestDir;

/// Why saving the blocks of a stream stopped.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The message is malformed from some block on (the files already written hold the
    /// blocks before it, each complete).
    #[error("the answer breaks off after {saved} saved block(s): {source}")]
    Stream {
        /// Blocks written before the error.
        saved: usize,
        /// What is wrong, and where.
        source: StreamError,
    },
    /// A block could not be written.
    #[error("writing a content block: {0}")]
    Write(#[from] std::io::Error),
}

/// Reads the remaining blocks of `stream`, writing each through `render` to the next
/// file of `dest` and calling `on_saved` with its path; returns how many were written.
pub fn save_blocks<R: BufRead>(
    stream: &mut MessageStream<R>,
    dest: &mut DestDir,
    render: impl Fn(&RawXml) -> String,
    mut on_saved: impl FnMut(&PathBuf),
) -> Result<usize, SaveError> {
    let mut saved = 0;
    loop {
        if dest.is_full() {
            return Ok(saved);
        }
        let block = match stream.next_block() {
            Ok(Some(b)) => b,
            Ok(None) => return Ok(saved),
            Err(source) => return Err(SaveError::Stream { saved, source }),
        };
        let path = dest.write(render(block.content()).as_bytes())?;
        saved += 1;
        on_saved(&path);
    }
}
