//! What every example shares: the `--quick` switch (or `AIO_PRIMER_QUICK=1`)
//! that shortens every wait so CI can run all examples in seconds, and a
//! writer that shows output on the terminal while keeping a copy.
#![allow(dead_code)] // each example uses its own subset

use std::io::{self, Write};
use std::str::FromStr;
use std::time::Duration;

use aio_primer::spinner::SharedOutput;

/// The command line of an example: `--quick` anywhere, other words in order.
pub(crate) struct Options {
    pub(crate) quick: bool,
    pub(crate) args: Vec<String>,
}

impl Options {
    pub(crate) fn from_env() -> Self {
        let mut quick = std::env::var("AIO_PRIMER_QUICK").is_ok_and(|v| v == "1");
        let mut args = Vec::new();
        for arg in std::env::args().skip(1) {
            if arg == "--quick" {
                quick = true;
            } else {
                args.push(arg);
            }
        }
        Self { quick, args }
    }

    /// `full`, or a twentieth of it under `--quick`.
    pub(crate) fn time(&self, full: Duration) -> Duration {
        if self.quick { full / 20 } else { full }
    }

    /// `full`, or `quick` under `--quick`.
    pub(crate) fn size(&self, full: usize, quick: usize) -> usize {
        if self.quick { quick } else { full }
    }

    /// The `index`th positional argument parsed, or `default` when absent.
    pub(crate) fn arg<T: FromStr>(&self, index: usize, default: T) -> T {
        match self.args.get(index) {
            None => default,
            Some(text) => text.parse().unwrap_or_else(|_| {
                eprintln!("argument {} ({text:?}) is not valid here", index + 1);
                std::process::exit(2)
            }),
        }
    }
}

/// Writes to stdout and to a [`SharedOutput`] the example can read back.
#[derive(Clone, Default)]
pub(crate) struct Tee {
    pub(crate) copy: SharedOutput,
}

impl Write for Tee {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.copy.write_all(buf)?;
        io::stdout().write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush()
    }
}
