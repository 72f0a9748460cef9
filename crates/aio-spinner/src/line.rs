//! [`SpinnerLine`]: one status line redrawn in place with backspaces.

use std::fmt;
use std::io::{self, Write};

/// The frames a spinner cycles through, as in Python's `itertools.cycle("|/-\\")`.
pub const FRAMES: [char; 4] = ['|', '/', '-', '\\'];

/// The ASCII backspace (`"\x08"`): moves the cursor one column left.
pub const BACKSPACE: char = '\u{8}';

/// One line of a terminal that a spinner redraws in place.
///
/// Each [`draw`](SpinnerLine::draw) writes `"<frame> <message>"` and then as
/// many backspaces as it wrote characters, so the cursor returns to where the
/// line began and the next frame overwrites this one. [`clear`](SpinnerLine::clear)
/// overwrites the line with spaces and backs up again, leaving the terminal as
/// it was found. Python's seed does the same with `write("\x08" * len(status))`.
///
/// Both spinners of this crate (the thread one and the task one) draw through
/// this type, so their output is byte-for-byte comparable; tests read it back
/// with [`Transcript`](crate::Transcript).
///
/// The message is assumed to take one terminal column per `char` (true for
/// ASCII; wide CJK characters would need two backspaces each).
///
/// # Examples
///
/// ```
/// use aio_spinner::SpinnerLine;
///
/// let mut line = SpinnerLine::new("thinking!", Vec::new());
/// line.draw()?;
/// line.draw()?;
/// line.clear()?;
/// assert_eq!(line.frames_drawn(), 2);
/// let bytes = line.into_inner();
/// assert!(String::from_utf8(bytes).unwrap().starts_with("| thinking!\u{8}"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct SpinnerLine<W: Write> {
    message: String,
    frames_drawn: usize,
    out: W,
}

impl<W: Write> SpinnerLine<W> {
    /// A line that will show `message` after the spinning frame, written to `out`.
    ///
    /// ```
    /// let line = aio_spinner::SpinnerLine::new("working", std::io::sink());
    /// assert_eq!(line.frames_drawn(), 0);
    /// ```
    pub fn new(message: impl Into<String>, out: W) -> Self {
        Self {
            message: message.into(),
            frames_drawn: 0,
            out,
        }
    }

    /// Draws the next frame and moves the cursor back to the start of the line.
    ///
    /// # Errors
    /// Any error from writing to or flushing the output.
    ///
    /// ```
    /// let mut line = aio_spinner::SpinnerLine::new("x", Vec::new());
    /// line.draw()?;
    /// assert_eq!(line.into_inner(), b"| x\x08\x08\x08");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    // ANCHOR: draw
    pub fn draw(&mut self) -> io::Result<()> {
        let frame = FRAMES[self.frames_drawn % FRAMES.len()];
        let status = format!("{frame} {}", self.message);
        let width = status.chars().count();
        write!(self.out, "{status}{}", backspaces(width))?;
        self.out.flush()?;
        self.frames_drawn += 1;
        Ok(())
    }
    // ANCHOR_END: draw

    /// Blanks the line and moves the cursor back, so whatever is printed next
    /// starts on a clean line.
    ///
    /// # Errors
    /// Any error from writing to or flushing the output.
    ///
    /// ```
    /// let mut line = aio_spinner::SpinnerLine::new("x", Vec::new());
    /// line.clear()?;
    /// assert_eq!(line.into_inner(), b"   \x08\x08\x08");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn clear(&mut self) -> io::Result<()> {
        // A frame is one char, a space, then the message.
        let width = self.message.chars().count() + 2;
        write!(self.out, "{}{}", " ".repeat(width), backspaces(width))?;
        self.out.flush()
    }

    /// How many frames [`draw`](SpinnerLine::draw) has written so far.
    ///
    /// ```
    /// let mut line = aio_spinner::SpinnerLine::new("x", std::io::sink());
    /// line.draw()?;
    /// assert_eq!(line.frames_drawn(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn frames_drawn(&self) -> usize {
        self.frames_drawn
    }

    /// Gives the output back.
    ///
    /// ```
    /// let line = aio_spinner::SpinnerLine::new("x", vec![7u8]);
    /// assert_eq!(line.into_inner(), vec![7u8]);
    /// ```
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> fmt::Debug for SpinnerLine<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpinnerLine")
            .field("message", &self.message)
            .field("frames_drawn", &self.frames_drawn)
            .finish_non_exhaustive()
    }
}

fn backspaces(n: usize) -> String {
    std::iter::repeat_n(BACKSPACE, n).collect()
}
