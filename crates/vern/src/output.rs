//! The commands' answers on standard output and standard error, written so that a reader who
//! leaves early cannot crash the command.
//!
//! `println!` panics when a write fails, and the usual failure is a reader that closed the pipe
//! early: `vern keys list | head -1` printed a panic and exited 101. Here a closed pipe ends the
//! output quietly: the command still finishes its work and exits with its own code. Any other
//! failure to write standard output (a full disk) is an error the command reports, so that an
//! answer that was not written never looks like one that was. Standard error is where failures
//! are reported, so a failure to write it has nowhere to go and is dropped.
//!
//! Written by hand: it is a dozen lines over `std::io`. Restoring SIGPIPE's default instead
//! would need `unsafe`, and would end the process by a signal rather than with its own code.

use std::fmt;
use std::io::{self, Write as _};

/// Write one line to standard output; `outln!` is the way to call it. A reader that has gone is
/// not an error.
pub(crate) fn out(line: fmt::Arguments<'_>) -> anyhow::Result<()> {
    match writeln!(io::stdout().lock(), "{line}") {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

/// Write a secret shown once (a new API key, a generated password): unlike [`out`], a reader
/// that has gone is an error here, since nobody else will ever see it.
pub(crate) fn secret(line: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()
}

/// Write one line to standard error; `errln!` is the way to call it.
pub(crate) fn err(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// `println!` that cannot panic: `outln!("…", …)?`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::out(format_args!($($arg)*))
    };
}

/// `eprintln!` that cannot panic.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::err(format_args!($($arg)*))
    };
}

pub(crate) use {errln, outln};
