//! `tracuu`: full-text search for Vietnamese political and news articles, from the terminal.

mod cmd;
mod ctrl_c;
mod hints;
mod output;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match cmd::run(cmd::parse()) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "tracuu: {}", hints::message(&error));
            ExitCode::from(2)
        }
    }
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
