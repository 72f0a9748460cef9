//! [`SharedOutput`], a writer that several owners can read back, and
//! [`Transcript`], which turns a spinner's bytes back into frames.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, PoisonError};

use crate::line::{BACKSPACE, FRAMES};

/// An in-memory writer whose clones all append to one buffer.
///
/// A spinner task that is cancelled is dropped together with its writer, so a
/// test cannot get a `Vec<u8>` back from it. Give the task a clone of a
/// `SharedOutput` instead and read the bytes from the clone you kept.
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// use aio_spinner::SharedOutput;
///
/// let output = SharedOutput::new();
/// let mut writer = output.clone();
/// write!(writer, "hello")?;
/// drop(writer);
/// assert_eq!(output.contents(), "hello");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SharedOutput {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl SharedOutput {
    /// An empty buffer.
    ///
    /// ```
    /// assert!(aio_spinner::SharedOutput::new().contents().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything written so far, as text (invalid UTF-8 is replaced).
    ///
    /// ```
    /// use std::io::Write;
    /// let mut output = aio_spinner::SharedOutput::new();
    /// output.write_all(b"abc")?;
    /// assert_eq!(output.contents(), "abc");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn contents(&self) -> String {
        let bytes = self.bytes.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Reads back what a spinner wrote here: see [`Transcript`].
    ///
    /// ```
    /// use aio_spinner::{SharedOutput, SpinnerLine};
    /// let output = SharedOutput::new();
    /// let mut line = SpinnerLine::new("hi", output.clone());
    /// line.draw()?;
    /// assert_eq!(output.transcript().frames, vec!['|']);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn transcript(&self) -> Transcript {
        Transcript::parse(&self.contents())
    }
}

impl Write for SharedOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = self.bytes.lock().unwrap_or_else(PoisonError::into_inner);
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a spinner's output shows once the backspaces are read back: the frames
/// it drew, in order, and whether it left the line blank at the end.
///
/// # Examples
///
/// ```
/// use aio_spinner::Transcript;
///
/// let t = Transcript::parse("| go\u{8}\u{8}\u{8}\u{8}/ go\u{8}\u{8}\u{8}\u{8}    \u{8}\u{8}\u{8}\u{8}");
/// assert_eq!(t.frames, vec!['|', '/']);
/// assert!(t.cleared);
/// assert!(t.frames_cycle_in_order());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transcript {
    /// The first character of every frame drawn, in order.
    pub frames: Vec<char>,
    /// `true` when the last thing written was a blank line and the cursor
    /// was moved back over it, so the terminal is as the spinner found it.
    pub cleared: bool,
}

impl Transcript {
    /// Splits `output` at each run of backspaces: each piece is either a frame
    /// (`"<frame> <message>"`) or the blanking written by a clear.
    ///
    /// ```
    /// let t = aio_spinner::Transcript::parse("");
    /// assert!(t.frames.is_empty() && !t.cleared);
    /// ```
    pub fn parse(output: &str) -> Self {
        let mut transcript = Transcript::default();
        let ends_backed_up = output.ends_with(BACKSPACE);
        let pieces = output.split(BACKSPACE).filter(|piece| !piece.is_empty());
        for piece in pieces {
            if piece.chars().all(|c| c == ' ') {
                transcript.cleared = true;
            } else {
                let frame = piece.chars().next().unwrap_or(' ');
                transcript.frames.push(frame);
                transcript.cleared = false;
            }
        }
        transcript.cleared &= ends_backed_up;
        transcript
    }

    /// `true` when the frames follow `| / - \ | ...` from the first, with none
    /// skipped or repeated.
    ///
    /// ```
    /// let t = aio_spinner::Transcript { frames: vec!['|', '-'], cleared: false };
    /// assert!(!t.frames_cycle_in_order());
    /// ```
    pub fn frames_cycle_in_order(&self) -> bool {
        self.frames
            .iter()
            .zip(FRAMES.iter().cycle())
            .all(|(drawn, expected)| drawn == expected)
    }
}
