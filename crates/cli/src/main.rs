//! `tracuu`: full-text search for Vietnamese political and news articles, from the terminal.

mod cmd;
mod output;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use cmd::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "tracuu: {}", one_line(&error));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, without repeating a cause whose text an outer error
/// already shows (library errors often include their source in their own message).
fn one_line(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message.replace(['\n', '\r'], " ")
}

/// Output piped into `head` and closed early is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}
