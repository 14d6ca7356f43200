//! Expanding command-line paths into inputs.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::issue::{io_message, lowercase_first};
use super::{Input, Issue};

/// Expands path arguments into the inputs to read, in a deterministic order.
///
/// `-` is the standard input; a file is read as given (even if hidden, or a pipe); a directory is
/// walked recursively, following symbolic links, in file-name order, skipping hidden entries
/// (names starting with `.`) and non-regular files. A file reached twice (through a link, or
/// named twice) is read once.
///
/// Nonexistent or unreadable paths and directory loops become [`Severity::Rejected`] issues with
/// the operating system's reason; discovery goes on with the other paths.
///
/// [`Severity::Rejected`]: super::Severity::Rejected
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Issue>) {
    let mut found = Found::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => found.walk(path),
            Ok(_) => found.add_file(path.clone()),
            Err(error) => found.reject(path, io_message(&error)),
        }
    }
    (found.inputs, found.issues)
}

/// Inputs and issues found so far.
#[derive(Default)]
struct Found {
    inputs: Vec<Input>,
    issues: Vec<Issue>,
    /// Canonical paths of the files already added.
    seen: HashSet<PathBuf>,
}

impl Found {
    fn add_file(&mut self, path: PathBuf) {
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.seen.insert(canonical) {
            self.inputs.push(Input::File(path));
        }
    }

    fn reject(&mut self, path: &Path, message: String) {
        self.issues
            .push(Issue::rejected(path.display().to_string(), None, message));
    }

    /// Adds the regular files under `root`.
    fn walk(&mut self, root: &Path) {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        {
            match entry {
                Ok(entry) if entry.file_type().is_file() => self.add_file(entry.into_path()),
                Ok(_) => {}
                Err(error) => {
                    let path = error.path().unwrap_or(root).to_path_buf();
                    self.reject(&path, walk_error_message(&error));
                }
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// `filesystem loop: links back to DIR`, or the operating system's reason.
fn walk_error_message(error: &walkdir::Error) -> String {
    if let Some(ancestor) = error.loop_ancestor() {
        format!("filesystem loop: links back to {}", ancestor.display())
    } else if let Some(io) = error.io_error() {
        io_message(io)
    } else {
        lowercase_first(&error.to_string())
    }
}
