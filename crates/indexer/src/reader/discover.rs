//! Expanding command-line paths into inputs.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
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
/// `index_dir`, the index being written, is never read: a folder of articles may hold it (its
/// `meta.json` is no article), so it is skipped, walked into or named, with an
/// [`IssueKind::IndexDirectory`] warning. Any other directory that is a tantivy index (see
/// [`is_tantivy_index`]), walked into or named, is skipped with the same kind of warning, and
/// so is a file named in one.
///
/// Nonexistent or unreadable paths and directory loops become [`Severity::Rejected`] issues
/// ([`IssueKind::Missing`], [`IssueKind::Unreadable`], [`IssueKind::DirectoryLoop`]) with the
/// operating system's reason; discovery goes on with the other paths.
///
/// [`Severity::Rejected`]: super::Severity::Rejected
pub fn discover(paths: &[PathBuf], index_dir: Option<&Path>) -> (Vec<Input>, Vec<Issue>) {
    let mut found = Found {
        index_dir: index_dir.and_then(|dir| fs::canonicalize(dir).ok()),
        ..Found::default()
    };
    for path in paths {
        if path.as_os_str() == "-" {
            found.inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => found.walk(path),
            // A file named in another index: its folder was not walked, so not checked yet.
            Ok(_) if path.parent().is_some_and(is_tantivy_index) => {
                let message = "a file of another index, skipped";
                (found.issues).push(Issue::new(IssueKind::IndexDirectory, path, None, message));
            }
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
    /// The canonical path of the index being written, never read.
    index_dir: Option<PathBuf>,
}

impl Found {
    fn add_file(&mut self, path: PathBuf) {
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if in_index(self.index_dir.as_deref(), &canonical) {
            self.issues.push(index_issue(path));
        } else if self.seen.insert(canonical) {
            self.inputs.push(Input::File(path));
        }
    }

    /// Adds the regular files under `root`.
    fn walk(&mut self, root: &Path) {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        let index_dir = self.index_dir.clone();
        // Folders that are indexes, met while walking: not walked, and reported after the walk.
        let mut index_met = Vec::new();
        let entries = walker.into_iter().filter_entry(|entry| {
            if entry.depth() > 0 && is_hidden(entry.file_name()) {
                return false;
            }
            if !entry.file_type().is_dir() {
                return true;
            }
            let path = entry.path();
            let issue =
                if fs::canonicalize(path).is_ok_and(|dir| in_index(index_dir.as_deref(), &dir)) {
                    index_issue(path.to_path_buf())
                } else if is_tantivy_index(path) {
                    other_index_issue(path.to_path_buf())
                } else {
                    return true;
                };
            index_met.push(issue);
            false
        });
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_article_file(entry.path()) => {
                    self.add_file(entry.into_path())
                }
                Ok(_) => {}
                Err(error) => self.issues.push(walk_issue(root, &error)),
            }
        }
        self.issues.extend(index_met);
    }
}

/// Whether `canonical` is the index being written, `index_dir` (canonical), or lies in it.
fn in_index(index_dir: Option<&Path>, canonical: &Path) -> bool {
    index_dir.is_some_and(|index| canonical.starts_with(index))
}

/// The warning for the index being written, met among the paths to read.
fn index_issue(path: PathBuf) -> Issue {
    let message = "the index being written, skipped";
    Issue::new(IssueKind::IndexDirectory, path, None, message)
}

/// The warning for a directory that is an index other than the one being written.
fn other_index_issue(path: PathBuf) -> Issue {
    let message = "another index, skipped";
    Issue::new(IssueKind::IndexDirectory, path, None, message)
}

/// Whether `dir` is a tantivy index (a tracuu index or any other): it holds a `meta.json` that is
/// a JSON object with `segments` and `schema` keys, as tantivy writes it.
///
/// Its files are no articles: the `meta.json` would be rejected line by line as bad JSON, and
/// tracuu's `tracuu-updated` read as an article.
fn is_tantivy_index(dir: &Path) -> bool {
    // Opening is the one check every walked directory pays; the file is read only when present.
    let Ok(file) = fs::File::open(dir.join("meta.json")) else {
        return false;
    };
    // Keys only, values skipped, so an article file named `meta.json` is not held in memory:
    // anything but an object fails at its first byte, JSON Lines after their first line.
    let keys: Result<HashMap<String, serde::de::IgnoredAny>, _> =
        serde_json::from_reader(io::BufReader::new(file));
    keys.is_ok_and(|keys| keys.contains_key("segments") && keys.contains_key("schema"))
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
    fn the_index_being_written_is_never_read_walked_into_or_named() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("chi-muc");
        fs::create_dir(&index).unwrap();
        fs::write(index.join("meta.json"), "{}").unwrap();
        fs::write(index.join("tracuu-updated"), "1700000000").unwrap();
        let article = dir.path().join("tin.txt");
        fs::write(
            &article,
            "Hội nghị Trung ương\nHội nghị bế mạc chiều nay.\n",
        )
        .unwrap();
        let named = index.join("meta.json");
        let (inputs, issues) = discover(&[dir.path().to_path_buf(), named.clone()], Some(&index));
        assert_eq!(inputs, [Input::File(article)]);
        let skipped: Vec<(&Path, IssueKind)> =
            issues.iter().map(|i| (i.path.as_path(), i.kind)).collect();
        assert_eq!(
            skipped,
            [
                (index.as_path(), IssueKind::IndexDirectory),
                (named.as_path(), IssueKind::IndexDirectory)
            ]
        );
        assert!(issues.iter().all(|issue| !issue.is_rejected()));
    }

    #[test]
    fn another_index_is_never_read_walked_into_or_named() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("chi-muc-cu");
        fs::create_dir(&other).unwrap();
        let meta = r#"{"index_settings":{},"segments":[],"schema":[],"opstamp":0}"#;
        fs::write(other.join("meta.json"), meta).unwrap();
        fs::write(other.join("tracuu-updated"), "1700000000").unwrap();
        // A `meta.json` that is no tantivy meta is an article file like any other.
        let articles = dir.path().join("tin");
        fs::create_dir(&articles).unwrap();
        let line = r#"{"id": "a", "title": "segments", "body": "schema"}"#;
        let not_meta = articles.join("meta.json");
        fs::write(&not_meta, format!("{line}\n{line}\n")).unwrap();
        let named_file = other.join("tracuu-updated");
        let (inputs, issues) = discover(
            &[dir.path().to_path_buf(), other.clone(), named_file.clone()],
            None,
        );
        assert_eq!(inputs, [Input::File(not_meta)]);
        let skipped: Vec<(&Path, IssueKind)> =
            issues.iter().map(|i| (i.path.as_path(), i.kind)).collect();
        assert_eq!(
            skipped,
            [
                (other.as_path(), IssueKind::IndexDirectory),
                (other.as_path(), IssueKind::IndexDirectory),
                (named_file.as_path(), IssueKind::IndexDirectory)
            ]
        );
        assert!(issues.iter().all(|issue| !issue.is_rejected()));
    }

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
