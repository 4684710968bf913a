//! Progress of a long poll on stderr: a bar redrawn in place on a terminal (blocks received
//! against the server's Record_Count), plain lines otherwise.

use std::io::{IsTerminal, Write};

const WIDTH: usize = 30;

/// Blocks and parts received so far, and how they are shown.
#[derive(Debug)]
pub struct Progress {
    blocks: u64,
    saving: u64,
    parts: u64,
    total: Option<u64>,
    terminal: bool,
    drawn: bool,
}

impl Progress {
    /// Progress shown as a bar when stderr is a terminal.
    pub fn new() -> Progress {
        Progress::with_terminal(std::io::stderr().is_terminal())
    }

    fn with_terminal(terminal: bool) -> Progress {
        Progress {
            blocks: 0,
            saving: 0,
            parts: 0,
            total: None,
            terminal,
            drawn: false,
        }
    }

    /// Whether the bar replaces per-block lines.
    pub fn is_bar(&self) -> bool {
        self.terminal
    }

    /// A part arrived with `blocks` blocks (counting those already reported saved);
    /// `total` is its Record_Count, if any.
    pub fn part(&mut self, blocks: usize, total: Option<u64>, more: bool) {
        self.parts += 1;
        self.saving = 0;
        self.blocks += blocks as u64;
        self.total = total.or(self.total);
        if self.terminal {
            self.draw();
        } else if more {
            eprintln!(
                "… {} block(s) in {} part(s) so far",
                self.blocks, self.parts
            );
        }
    }

    /// One more block of the current part was saved (redraws the bar on a terminal).
    pub fn block_saved(&mut self) {
        self.saving += 1;
        if self.terminal {
            self.draw();
        }
    }

    /// Erases the bar so that other output can take its line (it is drawn again on the
    /// next update).
    pub fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.drawn = false;
        }
    }

    /// Ends the bar's line.
    pub fn finish(&mut self) {
        if self.drawn {
            eprintln!();
            self.drawn = false;
        }
    }

    fn draw(&mut self) {
        let line = self.line();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// The bar's text.
    fn line(&self) -> String {
        let blocks = self.blocks + self.saving;
        match self.total.filter(|t| *t > 0) {
            Some(total) => {
                let done = blocks.min(total);
                let filled = usize::try_from(done * WIDTH as u64 / total).unwrap_or(WIDTH);
                format!(
                    "[{}{}] {done}/{total} block(s), part {}",
                    "#".repeat(filled),
                    "-".repeat(WIDTH - filled),
                    self.parts
                )
            }
            None => format!("{blocks} block(s) in {} part(s)", self.parts),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn bar_fills_with_the_record_count() {
        let mut p = Progress::with_terminal(false);
        p.part(25, Some(100), true);
        assert_eq!(
            p.line(),
            "[#######-----------------------] 25/100 block(s), part 1"
        );
        p.part(75, None, false);
        assert_eq!(
            p.line(),
            "[##############################] 100/100 block(s), part 2"
        );
    }

    #[test]
    fn saved_blocks_count_until_their_part_is_reported() {
        let mut p = Progress::with_terminal(false);
        p.block_saved();
        p.block_saved();
        assert_eq!(p.line(), "2 block(s) in 0 part(s)");
        p.part(2, Some(4), true);
        assert_eq!(
            p.line(),
            "[###############---------------] 2/4 block(s), part 1"
        );
    }

    #[test]
    fn without_a_count_it_counts() {
        let mut p = Progress::with_terminal(false);
        p.part(3, None, true);
        assert_eq!(p.line(), "3 block(s) in 1 part(s)");
    }
}
