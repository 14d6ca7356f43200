//! Expanding command-line paths into inputs.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::issue::lowercase_first;
use super::{Input, Issue, IssueKind};

/// Expands path arguments into the inputs to read, in a deterministic order.
///
/// `-` is the standard input; a file is read as given (even if hidden, or a pipe); a directory is
/// walked recursively, following symbolic links, in file-name order, reading the files that look
/// like articles (see [`is_article_file`]) and skipping hidden entries (names starting with `.`)
/// and non-regular files. A file reached twice (through a link, or
/// named twice) is read once.
///
/// Nonexistent or unreadable paths and directory loops become [`Severity::Rejected`] issues
/// ([`IssueKind::Missing`], [`IssueKind::Unreadable`], [`IssueKind::DirectoryLoop`]) with the
/// operating system's reason; discovery goes on with the other paths.
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
            Err(error) => found.issues.push(Issue::io(path, None, &error)),
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
                Ok(entry) if entry.file_type().is_file() && is_article_file(entry.path()) => {
                    self.add_file(entry.into_path())
                }
                Ok(_) => {}
                Err(error) => self.issues.push(walk_issue(root, &error)),
            }
        }
    }
}

/// Extensions of the files read when walking a directory (after removing `.gz`/`.zst`/`.zstd`).
const ARTICLE_EXTENSIONS: [&str; 6] = ["txt", "text", "jsonl", "ndjson", "json", "jsonlines"];

/// Whether a file met while walking a directory is read: text and JSON-lines files
/// (`.txt`, `.text`, `.jsonl`, `.ndjson`, `.json`, `.jsonlines`), compressed or not, and files
/// without an extension (scraped pages are often saved so). Notes such as `README.md` beside the
/// articles are skipped; a file named on the command line is always read.
pub fn is_article_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = ["gz", "zst", "zstd"]
        .iter()
        .find_map(|ext| name.strip_suffix(&format!(".{ext}")))
        .unwrap_or(&name);
    match name.rsplit_once('.') {
        None => true,
        Some((_, extension)) => ARTICLE_EXTENSIONS.contains(&extension),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// `filesystem loop: links back to DIR`, or the operating system's reason.
fn walk_issue(root: &Path, error: &walkdir::Error) -> Issue {
    let path = error.path().unwrap_or(root);
    if let Some(ancestor) = error.loop_ancestor() {
        let message = format!("filesystem loop: links back to {}", ancestor.display());
        Issue::new(IssueKind::DirectoryLoop, path, None, message)
    } else if let Some(io) = error.io_error() {
        Issue::io(path, None, io)
    } else {
        let message = lowercase_first(&error.to_string());
        Issue::new(IssueKind::Unreadable, path, None, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_yield_article_files_only() {
        for name in [
            "a.txt",
            "b.jsonl",
            "c.JSONL.zst",
            "d.txt.gz",
            "e",
            "f.ndjson",
            "g.json",
        ] {
            assert!(is_article_file(Path::new(name)), "{name} is read");
        }
        for name in [
            "README.md",
            "notes.docx",
            "x.gz.bak",
            "photo.jpg",
            "h.md.gz",
        ] {
            assert!(!is_article_file(Path::new(name)), "{name} is skipped");
        }
    }
}
