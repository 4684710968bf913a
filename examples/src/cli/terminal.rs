//! Text from a server made safe for a terminal: control characters (C0 but tab and
//! newline, DEL, C1) and bidirectional overrides are shown as `\u{..}` escapes, so a
//! Status_Message cannot move the cursor, recolour the screen or reorder what is shown.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character escaped.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes arriving in pieces (a raw answer), made safe and printable: UTF-8 split across
/// pieces is reassembled, invalid bytes show as U+FFFD.
#[derive(Debug, Default)]
pub struct CleanStream {
    carry: Vec<u8>,
}

impl CleanStream {
    /// The printable text of the next piece.
    pub fn push(&mut self, piece: &[u8]) -> String {
        self.carry.extend_from_slice(piece);
        let mut out = String::new();
        loop {
            match std::str::from_utf8(&self.carry) {
                Ok(s) => {
                    out.push_str(&clean(s));
                    self.carry.clear();
                    return out;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.push_str(&clean(
                        std::str::from_utf8(&self.carry[..good]).unwrap_or_default(),
                    ));
                    match e.error_len() {
                        Some(n) => {
                            out.push('\u{fffd}');
                            self.carry.drain(..good + n);
                        }
                        None => {
                            // An incomplete character at the end: wait for the next piece.
                            self.carry.drain(..good);
                            return out;
                        }
                    }
                }
            }
        }
    }

    /// What is left at the end (an incomplete character).
    pub fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.carry);
        if rest.is_empty() {
            String::new()
        } else {
            String::from_utf8_lossy(&rest).into_owned()
        }
    }
}

/// `println!` with the text made safe for a terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::cli::terminal::clean(&format!($($arg)*)))
    };
}

/// `eprintln!` with the text made safe for a terminal.
macro_rules! say_err {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::cli::terminal::clean(&format!($($arg)*)))
    };
}

pub(crate) use say;
pub(crate) use say_err;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_controls_and_bidi_overrides_are_escaped() {
        // An ANSI escape (ESC [ 2 J), a C1 CSI (U+009B) and a right-to-left override.
        let hostile = "FAILURE: \u{1b}[2Jwiped \u{9b}31m red \u{202e}txt.exe\nnext\tline";
        let shown = clean(hostile);
        assert_eq!(
            shown,
            "FAILURE: \\u{1b}[2Jwiped \\u{9b}31m red \\u{202e}txt.exe\nnext\tline"
        );
        assert!(!shown.chars().any(unsafe_char));
        assert!(matches!(clean("plain text"), Cow::Borrowed(_)));
        for c in ['\u{2066}', '\u{2069}', '\u{200f}', '\u{7f}', '\u{85}', '\r'] {
            assert!(clean(&c.to_string()).starts_with("\\u{"), "{c:?}");
        }
    }

    #[test]
    fn streamed_pieces_split_inside_a_character() {
        let text = "a\u{202e}b\u{9b}c".as_bytes();
        let mut s = CleanStream::default();
        let mut out = String::new();
        for piece in text.chunks(1) {
            out.push_str(&s.push(piece));
        }
        out.push_str(&s.finish());
        assert_eq!(out, "a\\u{202e}b\\u{9b}c");
        let mut s = CleanStream::default();
        assert_eq!(s.push(b"x\xffy"), "x\u{fffd}y");
    }
}
