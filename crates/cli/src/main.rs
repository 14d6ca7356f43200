//! `tracuu`: full-text search for Vietnamese political and news articles, from the terminal.

mod cmd;
mod output;

use std::io::Write;
use std::path::Path;
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
/// already shows (library errors often include their source in their own message); a cause that
/// shows all the outer errors say (with a hint added, say) replaces them.
fn one_line(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = match cause.downcast_ref::<tracuu_indexer::Error>() {
            Some(index_error) => with_hint(index_error),
            None => cause.to_string(),
        };
        if text.contains(&message) {
            message = text;
        } else if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message.replace(['\n', '\r'], " ")
}

/// An index error with the `tracuu` command that helps, by kind.
fn with_hint(error: &tracuu_indexer::Error) -> String {
    use tracuu_indexer::ErrorKind;
    let Some(dir) = error.path().map(Path::display) else {
        return error.to_string();
    };
    match error.kind() {
        ErrorKind::NotFound => {
            format!("{error} (build one with `tracuu index --index {dir} PATH...`)")
        }
        ErrorKind::InUse => {
            format!("index is in use: another `tracuu index` is writing to {dir}")
        }
        ErrorKind::Damaged => {
            format!("{error}; rebuild it with `tracuu index --rebuild --index {dir} PATH...`")
        }
        _ => error.to_string(),
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
