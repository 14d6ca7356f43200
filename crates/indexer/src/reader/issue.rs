//! Problems met while reading, with where they happened.

use std::fmt;

/// How bad an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input was read anyway or skipped harmlessly: an empty or binary file skipped, invalid
    /// UTF-8 decoded lossily, an over-long document truncated, an invalid date ignored.
    Warning,
    /// A record or file could not be indexed.
    Rejected,
}

/// Where a problem happened and what it was.
///
/// Displays as `path:line: message`, or `path: message` when there is no line; messages are
/// lowercase without a final period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    /// Display path of the input (`-` for stdin).
    pub path: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// Whether the input was still indexed.
    pub severity: Severity,
    /// What went wrong, in lowercase without a final period.
    pub message: String,
}

impl Issue {
    /// A [`Severity::Warning`] about `path` (and `line`).
    pub fn warning(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Issue {
        Issue::new(path, line, Severity::Warning, message)
    }

    /// A [`Severity::Rejected`] record or file at `path` (and `line`).
    pub fn rejected(
        path: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Issue {
        Issue::new(path, line, Severity::Rejected, message)
    }

    fn new(
        path: impl Into<String>,
        line: Option<usize>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            path: path.into(),
            line,
            severity,
            message: message.into(),
        }
    }

    /// Whether this is a [`Severity::Rejected`] issue.
    pub fn is_rejected(&self) -> bool {
        self.severity == Severity::Rejected
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for Issue {}

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
