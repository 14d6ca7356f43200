//! The error of every research view, with a kind callers can match on.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a research view failed. [`Error::kind`] says which way; the message names what was
/// wrong, without advice for any particular front end.
#[derive(Debug)]
pub struct Error {
    inner: Inner,
}

/// The ways a research view can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The search core failed: an invalid query, a missing or damaged index... (its own kind).
    Search(tracuu_query::ErrorKind),
    /// A chart file name that is not `.svg` or `.png`.
    UnsupportedChartFormat,
    /// No TrueType font with Vietnamese letters for a PNG chart.
    NoFont,
    /// Drawing or writing a chart failed.
    Chart,
    /// A file-system error.
    Io,
    /// A request whose work would exceed a documented bound.
    TooLarge,
    /// A request that cannot be answered as asked (a collocation query without words...).
    InvalidRequest,
    /// No document has the id asked for.
    NoSuchDocument,
}

#[derive(Debug)]
enum Inner {
    Search(tracuu_query::Error),
    UnsupportedChartFormat {
        path: PathBuf,
    },
    NoFont {
        path: PathBuf,
    },
    Chart {
        path: PathBuf,
        detail: String,
    },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    TooLarge {
        detail: String,
    },
    InvalidRequest {
        detail: String,
    },
    NoSuchDocument {
        id: String,
    },
}

impl Error {
    /// Which way the view failed.
    pub fn kind(&self) -> ErrorKind {
        match &self.inner {
            Inner::Search(error) => ErrorKind::Search(error.kind()),
            Inner::UnsupportedChartFormat { .. } => ErrorKind::UnsupportedChartFormat,
            Inner::NoFont { .. } => ErrorKind::NoFont,
            Inner::Chart { .. } => ErrorKind::Chart,
            Inner::Io { .. } => ErrorKind::Io,
            Inner::TooLarge { .. } => ErrorKind::TooLarge,
            Inner::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Inner::NoSuchDocument { .. } => ErrorKind::NoSuchDocument,
        }
    }

    /// The file involved, if any.
    pub fn path(&self) -> Option<&Path> {
        match &self.inner {
            Inner::Search(_)
            | Inner::TooLarge { .. }
            | Inner::InvalidRequest { .. }
            | Inner::NoSuchDocument { .. } => None,
            Inner::UnsupportedChartFormat { path }
            | Inner::NoFont { path }
            | Inner::Chart { path, .. }
            | Inner::Io { path, .. } => Some(path),
        }
    }

    /// The search core's error, for [`ErrorKind::Search`].
    pub fn search_error(&self) -> Option<&tracuu_query::Error> {
        match &self.inner {
            Inner::Search(error) => Some(error),
            _ => None,
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Error {
        Error {
            inner: Inner::Io {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    pub(crate) fn unsupported_chart_format(path: &Path) -> Error {
        Error {
            inner: Inner::UnsupportedChartFormat {
                path: path.to_path_buf(),
            },
        }
    }

    pub(crate) fn no_font(path: &Path) -> Error {
        Error {
            inner: Inner::NoFont {
                path: path.to_path_buf(),
            },
        }
    }

    pub(crate) fn too_large(detail: String) -> Error {
        Error {
            inner: Inner::TooLarge { detail },
        }
    }

    pub(crate) fn invalid_request(detail: String) -> Error {
        Error {
            inner: Inner::InvalidRequest { detail },
        }
    }

    pub(crate) fn no_such_document(id: &str) -> Error {
        Error {
            inner: Inner::NoSuchDocument { id: id.to_string() },
        }
    }

    pub(crate) fn chart(path: &Path, detail: String) -> Error {
        Error {
            inner: Inner::Chart {
                path: path.to_path_buf(),
                detail,
            },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Search(error) => error.fmt(f),
            Inner::UnsupportedChartFormat { path } => write!(
                f,
                "{}: a chart's file name must end in .svg or .png",
                path.display()
            ),
            Inner::NoFont { path } => write!(
                f,
                "{}: PNG charts need a TrueType font with Vietnamese letters",
                path.display()
            ),
            Inner::Chart { path, detail } => write!(f, "{}: {detail}", path.display()),
            Inner::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Inner::TooLarge { detail } | Inner::InvalidRequest { detail } => f.write_str(detail),
            Inner::NoSuchDocument { id } => write!(f, "no document has the id {id:?}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner {
            Inner::Search(error) => Some(error),
            Inner::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<tracuu_query::Error> for Error {
    fn from(error: tracuu_query::Error) -> Error {
        Error {
            inner: Inner::Search(error),
        }
    }
}
