//! The error of opening or writing an index.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::IndexSummary;

/// Why an index could not be opened or written. [`kind`](Error::kind) tells what to do about it.
#[derive(Debug)]
pub struct Error {
    inner: Inner,
}

/// What callers can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// There is no index at the path.
    NotFound,
    /// Another writer holds the index's lock.
    InUse,
    /// The files at the path are damaged or are not a tracuu index; rebuilding helps.
    Damaged,
    /// The index was built by an older tracuu whose word positions differ (phrases would match
    /// across punctuation in it); rebuilding helps.
    Outdated,
    /// A file-system operation failed on the path.
    Io,
    /// A rebuild found no document in its inputs: the index is left as it was.
    NothingToRebuild,
    /// Any other failure of the index library (tantivy), such as a full disk while committing.
    Other,
}

#[derive(Debug)]
enum Inner {
    NotFound(PathBuf),
    /// The index directory, `None` for an index in memory.
    InUse(Option<PathBuf>),
    Damaged {
        dir: Option<PathBuf>,
        /// What is wrong, in a few words on one line.
        detail: String,
    },
    Outdated {
        dir: Option<PathBuf>,
        /// The index format found (see [`crate::INDEX_FORMAT`]).
        found: u32,
    },
    Io {
        path: PathBuf,
        source: io::Error,
    },
    NothingToRebuild {
        dir: Option<PathBuf>,
        /// What the run read and rejected, to say why nothing was indexed.
        summary: Box<IndexSummary>,
    },
    Other(tantivy::TantivyError),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Error {
        Error {
            inner: Inner::Io {
                path: path.into(),
                source,
            },
        }
    }

    pub(crate) fn not_found(dir: &Path) -> Error {
        Error {
            inner: Inner::NotFound(dir.to_path_buf()),
        }
    }

    pub(crate) fn in_use(dir: Option<&Path>) -> Error {
        Error {
            inner: Inner::InUse(dir.map(Path::to_path_buf)),
        }
    }

    pub(crate) fn damaged(dir: Option<&Path>, detail: impl Into<String>) -> Error {
        Error {
            inner: Inner::Damaged {
                dir: dir.map(Path::to_path_buf),
                detail: detail.into(),
            },
        }
    }

    pub(crate) fn outdated(dir: Option<&Path>, found: u32) -> Error {
        Error {
            inner: Inner::Outdated {
                dir: dir.map(Path::to_path_buf),
                found,
            },
        }
    }

    pub(crate) fn nothing_to_rebuild(dir: Option<&Path>, summary: IndexSummary) -> Error {
        Error {
            inner: Inner::NothingToRebuild {
                dir: dir.map(Path::to_path_buf),
                summary: Box::new(summary),
            },
        }
    }

    /// The counts and problems of the run that ended in this error, when it read its inputs
    /// ([`ErrorKind::NothingToRebuild`]: what was rejected or skipped, and why).
    pub fn summary(&self) -> Option<&IndexSummary> {
        match &self.inner {
            Inner::NothingToRebuild { summary, .. } => Some(summary),
            _ => None,
        }
    }

    pub(crate) fn other(error: tantivy::TantivyError) -> Error {
        Error {
            inner: Inner::Other(error),
        }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        match self.inner {
            Inner::NotFound(_) => ErrorKind::NotFound,
            Inner::InUse(_) => ErrorKind::InUse,
            Inner::Damaged { .. } => ErrorKind::Damaged,
            Inner::Outdated { .. } => ErrorKind::Outdated,
            Inner::Io { .. } => ErrorKind::Io,
            Inner::NothingToRebuild { .. } => ErrorKind::NothingToRebuild,
            Inner::Other(_) => ErrorKind::Other,
        }
    }

    /// The index directory, or the file an I/O error happened on; `None` for an index in memory
    /// and for [`ErrorKind::Other`].
    pub fn path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::NotFound(dir) => Some(dir),
            Inner::InUse(dir)
            | Inner::Damaged { dir, .. }
            | Inner::Outdated { dir, .. }
            | Inner::NothingToRebuild { dir, .. } => dir.as_deref(),
            Inner::Io { path, .. } => Some(path),
            Inner::Other(_) => None,
        }
    }
}

/// `at DIR`, or `in memory`.
struct Location<'a>(Option<&'a Path>);

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(dir) => write!(f, "at {}", dir.display()),
            None => f.write_str("in memory"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::NotFound(dir) => write!(f, "no index at {}", dir.display()),
            Inner::InUse(dir) => write!(
                f,
                "index {} is in use by another writer",
                Location(dir.as_deref())
            ),
            Inner::Damaged { dir, detail } => write!(
                f,
                "index {} is damaged or not a tracuu index ({detail})",
                Location(dir.as_deref())
            ),
            Inner::Outdated { dir, found } => write!(
                f,
                "index {} was built by an older tracuu (index format {found}, now {}): {}",
                Location(dir.as_deref()),
                crate::INDEX_FORMAT,
                match found {
                    0 | 1 => {
                        "word positions have changed since, so phrases would match across \
                         punctuation in it"
                    }
                    2 | 3 => {
                        "it does not hold the abbreviations its documents define, and it \
                         skipped republished copies and has no stories"
                    }
                    4 => {
                        "it indexes an accent-free twin of every word, which accent-free \
                         searches no longer read: they look the accented words up instead"
                    }
                    5 => {
                        "it keeps the words some web pages write with Ð (an eth) for Đ apart, \
                         where searches for Đ and d now find them"
                    }
                    6 => {
                        "its documents' fingerprints for finding republications are computed \
                         another way, so articles added now would not join the stories of \
                         those in it"
                    }
                    7 => {
                        "it does not mark where punctuation breaks the text, which phrases \
                         typed with punctuation (\"phòng, chống\") now look up"
                    }
                    _ => {
                        "it marks where punctuation breaks the text another way, so phrases \
                         typed with punctuation (\"phòng, chống\") would find nothing in it"
                    }
                }
            ),
            Inner::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Inner::NothingToRebuild { dir, .. } => write!(
                f,
                "no document to index in the paths given: the index {} is left as it was",
                Location(dir.as_deref())
            ),
            Inner::Other(error) => write!(f, "index error: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner {
            Inner::Io { source, .. } => Some(source),
            Inner::Other(error) => Some(error),
            Inner::NotFound(_)
            | Inner::InUse(_)
            | Inner::Damaged { .. }
            | Inner::Outdated { .. }
            | Inner::NothingToRebuild { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_path_and_no_command() {
        let dir = Path::new("/srv/chi-muc");
        let cases = [
            (Error::not_found(dir), ErrorKind::NotFound, "no index at /srv/chi-muc"),
            (
                Error::in_use(Some(dir)),
                ErrorKind::InUse,
                "index at /srv/chi-muc is in use by another writer",
            ),
            (
                Error::in_use(None),
                ErrorKind::InUse,
                "index in memory is in use by another writer",
            ),
            (
                Error::damaged(Some(dir), "file meta.json is missing"),
                ErrorKind::Damaged,
                "index at /srv/chi-muc is damaged or not a tracuu index (file meta.json is missing)",
            ),
            (
                Error::outdated(Some(dir), 1),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 1, now 9): \
                 word positions have changed since, so phrases would match across punctuation in it",
            ),
            (
                Error::outdated(Some(dir), 2),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 2, now 9): \
                 it does not hold the abbreviations its documents define, and it skipped \
                 republished copies and has no stories",
            ),
            (
                Error::outdated(Some(dir), 4),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 4, now 9): \
                 it indexes an accent-free twin of every word, which accent-free searches no \
                 longer read: they look the accented words up instead",
            ),
            (
                Error::outdated(Some(dir), 5),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 5, now 9): \
                 it keeps the words some web pages write with Ð (an eth) for Đ apart, where \
                 searches for Đ and d now find them",
            ),
            (
                Error::outdated(Some(dir), 6),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 6, now 9): \
                 its documents' fingerprints for finding republications are computed another \
                 way, so articles added now would not join the stories of those in it",
            ),
            (
                Error::outdated(Some(dir), 7),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 7, now 9): \
                 it does not mark where punctuation breaks the text, which phrases typed with \
                 punctuation (\"phòng, chống\") now look up",
            ),
            (
                Error::outdated(Some(dir), 8),
                ErrorKind::Outdated,
                "index at /srv/chi-muc was built by an older tracuu (index format 8, now 9): \
                 it marks where punctuation breaks the text another way, so phrases typed with \
                 punctuation (\"phòng, chống\") would find nothing in it",
            ),
            (
                Error::io(dir.join("tracuu-updated"), io::ErrorKind::StorageFull.into()),
                ErrorKind::Io,
                "/srv/chi-muc/tracuu-updated: no storage space",
            ),
        ];
        for (error, kind, message) in cases {
            assert_eq!(error.kind(), kind);
            assert_eq!(error.to_string(), message);
            assert!(!message.contains('`'), "no command in {message}");
        }
        assert_eq!(Error::not_found(dir).path(), Some(dir));
        assert_eq!(Error::in_use(None).path(), None);
    }
}
