//! Helpers shared by the end-to-end tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample corpus.
pub fn corpus() -> PathBuf {
    repo_root().join("corpus")
}

/// A `tracuu` command with a private index directory and no colour.
pub fn tracuu(index: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tracuu"));
    command
        .arg("--index")
        .arg(index)
        .env_remove("TRACUU_INDEX")
        .env("NO_COLOR", "1");
    command
}

/// Runs a command and returns its output, with stdout and stderr as text.
pub fn run(command: &mut Command) -> (Output, String, String) {
    let output = command.output().expect("tracuu runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}
