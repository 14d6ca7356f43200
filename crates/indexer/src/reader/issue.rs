//! Problems met while reading, with where they happened.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// How bad an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input was read anyway or skipped harmlessly: an empty or binary file skipped, invalid
    /// UTF-8 or a lone surrogate escape decoded lossily, an over-long document truncated, an
    /// invalid date ignored.
    Warning,
    /// A record or file could not be indexed.
    Rejected,
}

/// What kind of problem an [`Issue`] is; its [`severity`](IssueKind::severity) follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IssueKind {
    /// The path does not exist (rejected).
    Missing,
    /// The path could not be opened or read: permission denied, a directory given as a file,
    /// a read error... (rejected; the message is the operating system's reason).
    Unreadable,
    /// A directory links back to one of its ancestors; it is not walked again (rejected).
    DirectoryLoop,
    /// A gzip or zstd stream is truncated or corrupt; the records before the damage are read
    /// (rejected).
    CorruptCompression,
    /// The file is not text (warning: skipped).
    Binary,
    /// The file has no text (warning: skipped).
    Empty,
    /// Invalid UTF-8, decoded with replacement characters (warning).
    InvalidUtf8,
    /// A JSON string with a lone UTF-16 surrogate escape (`\ud83d` without its pair), read with
    /// U+FFFD in its place (warning).
    LoneSurrogate,
    /// A document or body longer than [`MAX_DOCUMENT_BYTES`](super::MAX_DOCUMENT_BYTES),
    /// truncated (warning).
    Truncated,
    /// A JSON line longer than [`MAX_LINE_BYTES`](super::MAX_LINE_BYTES), skipped (rejected).
    LineTooLong,
    /// A JSON array instead of JSON Lines (rejected).
    JsonArray,
    /// A JSON line that is not valid JSON, incomplete or cut at the end of the file (rejected).
    MalformedJson,
    /// A JSON line that is not an object (rejected).
    NotAnObject,
    /// A JSON field of the wrong type, such as a number for `title` (rejected).
    WrongFieldType,
    /// A JSON line without a body field (rejected).
    MissingBody,
    /// An id longer than [`MAX_ID_BYTES`](super::MAX_ID_BYTES) (rejected).
    IdTooLong,
    /// A record with no article text, once headers or page boilerplate are removed (rejected).
    NoText,
    /// A date that does not exist, such as `2021-02-30`, ignored (warning).
    InvalidDate,
    /// A date field in no form tracuu reads, ignored (warning).
    UnrecognisedDate,
    /// The index being written, or a file in it, or another tantivy index, met among the paths
    /// to read: not read (warning).
    IndexDirectory,
    /// An id given earlier in the same run: the later article replaced the earlier one, or,
    /// the same, was skipped (warning).
    RepeatedId,
}

impl IssueKind {
    /// Whether an issue of this kind still lets the input be indexed.
    pub fn severity(self) -> Severity {
        use IssueKind as K;
        match self {
            K::Binary
            | K::Empty
            | K::InvalidUtf8
            | K::LoneSurrogate
            | K::Truncated
            | K::InvalidDate
            | K::UnrecognisedDate
            | K::IndexDirectory
            | K::RepeatedId => Severity::Warning,
            K::Missing
            | K::Unreadable
            | K::DirectoryLoop
            | K::CorruptCompression
            | K::LineTooLong
            | K::JsonArray
            | K::MalformedJson
            | K::NotAnObject
            | K::WrongFieldType
            | K::MissingBody
            | K::IdTooLong
            | K::NoText => Severity::Rejected,
        }
    }
}

/// Where a problem happened and what it was.
///
/// Displays as `path:line: message`, or `path: message` when there is no line; messages are
/// lowercase without a final period. Serialised with the path as a string.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Issue {
    /// The input's path (`-` for stdin).
    #[serde(serialize_with = "displayed")]
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// What kind of problem it is.
    pub kind: IssueKind,
    /// Whether the input was still indexed (follows from the kind).
    pub severity: Severity,
    /// What went wrong, in lowercase without a final period.
    pub message: String,
}

fn displayed<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&path.display())
}

impl Issue {
    /// An issue of `kind` about `path` (and `line`).
    pub(crate) fn new(
        kind: IssueKind,
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            path: path.into(),
            line,
            kind,
            severity: kind.severity(),
            message: message.into(),
        }
    }

    /// An I/O error on `path` (and `line`), with the operating system's reason as the message.
    pub(super) fn io(path: impl Into<PathBuf>, line: Option<usize>, error: &io::Error) -> Issue {
        let kind = if error.get_ref().is_some_and(|e| e.is::<CorruptStream>()) {
            IssueKind::CorruptCompression
        } else if error.kind() == io::ErrorKind::NotFound {
            IssueKind::Missing
        } else {
            IssueKind::Unreadable
        };
        Issue::new(kind, path, line, io_message(error))
    }

    /// Whether this is a [`Severity::Rejected`] issue.
    pub fn is_rejected(&self) -> bool {
        self.severity == Severity::Rejected
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for Issue {}

/// The error of a compressed stream that is truncated or corrupt, as the decoders report it
/// inside an [`io::Error`]: `truncated or corrupt zstd stream: <reason>`.
#[derive(Debug)]
pub(super) struct CorruptStream {
    /// `gzip` or `zstd`.
    pub(super) format: &'static str,
    /// What the decoder said, starting lowercase.
    pub(super) reason: String,
}

impl fmt::Display for CorruptStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "truncated or corrupt {} stream: {}",
            self.format, self.reason
        )
    }
}

impl std::error::Error for CorruptStream {}

/// An I/O error as an issue message: the OS reason, starting lowercase (`no such file or
/// directory (os error 2)`).
pub(super) fn io_message(error: &std::io::Error) -> String {
    lowercase_first(&error.to_string())
}

/// `s` with its first character lowercased, as messages are.
pub(super) fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
