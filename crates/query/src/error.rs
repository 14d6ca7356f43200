//! The error of every search-core operation, with a kind callers can match on.

use std::fmt;

use crate::parse::QueryError;

/// Why a search-core operation failed. [`Error::kind`] says which way; the message names what
/// was wrong, without advice for any particular front end.
#[derive(Debug)]
pub struct Error {
    inner: Inner,
}

/// The ways a search-core operation can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The query text is not valid: see [`Error::query_error`].
    InvalidQuery,
    /// The query has no word to search for (only punctuation, say).
    NothingToSearch,
    /// More hits were asked for than [`MAX_LIMIT`](crate::MAX_LIMIT).
    LimitTooLarge,
    /// A prefix (`th*`) that stands for too many words of the index, or a query whose prefixes do
    /// together (`th* OR th* OR …`).
    PrefixTooBroad,
    /// A word looked for in every spelling that the index spells in too many ways.
    TooManySpellings,
    /// No index at the path given.
    IndexNotFound,
    /// The index is damaged or not a tracuu index.
    IndexDamaged,
    /// The index was built by an older tracuu and must be rebuilt.
    IndexOutdated,
    /// A file-system error.
    Io,
    /// The synonyms file stored with the index cannot be read.
    InvalidSynonyms,
    /// Any other failure of the index while searching.
    Index,
}

#[derive(Debug)]
enum Inner {
    Query(QueryError),
    NothingToSearch {
        query: String,
    },
    PrefixTooBroad {
        prefix: String,
        max: usize,
    },
    PrefixesTooBroad {
        prefixes: Vec<String>,
        max: usize,
    },
    TooManySpellings {
        word: String,
        max: usize,
    },
    LimitTooLarge {
        limit: usize,
        max: usize,
    },
    Index(tracuu_indexer::Error),
    Tantivy(tantivy::TantivyError),
    Synonyms {
        path: std::path::PathBuf,
        detail: String,
    },
}

impl Error {
    /// Which way the operation failed.
    pub fn kind(&self) -> ErrorKind {
        match &self.inner {
            Inner::Query(_) => ErrorKind::InvalidQuery,
            Inner::NothingToSearch { .. } => ErrorKind::NothingToSearch,
            Inner::PrefixTooBroad { .. } | Inner::PrefixesTooBroad { .. } => {
                ErrorKind::PrefixTooBroad
            }
            Inner::TooManySpellings { .. } => ErrorKind::TooManySpellings,
            Inner::LimitTooLarge { .. } => ErrorKind::LimitTooLarge,
            Inner::Index(error) => match error.kind() {
                tracuu_indexer::ErrorKind::NotFound => ErrorKind::IndexNotFound,
                tracuu_indexer::ErrorKind::Damaged => ErrorKind::IndexDamaged,
                tracuu_indexer::ErrorKind::Outdated => ErrorKind::IndexOutdated,
                tracuu_indexer::ErrorKind::Io => ErrorKind::Io,
                _ => ErrorKind::Index,
            },
            Inner::Tantivy(_) => ErrorKind::Index,
            Inner::Synonyms { .. } => ErrorKind::InvalidSynonyms,
        }
    }

    /// The parse error, for [`ErrorKind::InvalidQuery`].
    pub fn query_error(&self) -> Option<&QueryError> {
        match &self.inner {
            Inner::Query(error) => Some(error),
            _ => None,
        }
    }

    /// The number of hits asked for, for [`ErrorKind::LimitTooLarge`].
    pub fn requested_limit(&self) -> Option<usize> {
        match self.inner {
            Inner::LimitTooLarge { limit, .. } => Some(limit),
            _ => None,
        }
    }

    pub(crate) fn nothing_to_search(query: &str) -> Error {
        Error {
            inner: Inner::NothingToSearch {
                query: query.to_string(),
            },
        }
    }

    pub(crate) fn prefix_too_broad(prefix: String, max: usize) -> Error {
        Error {
            inner: Inner::PrefixTooBroad { prefix, max },
        }
    }

    pub(crate) fn prefixes_too_broad(prefixes: Vec<String>, max: usize) -> Error {
        Error {
            inner: Inner::PrefixesTooBroad { prefixes, max },
        }
    }

    pub(crate) fn too_many_spellings(word: String, max: usize) -> Error {
        Error {
            inner: Inner::TooManySpellings { word, max },
        }
    }

    pub(crate) fn synonyms_file(path: &std::path::Path, detail: String) -> Error {
        Error {
            inner: Inner::Synonyms {
                path: path.to_path_buf(),
                detail,
            },
        }
    }

    pub(crate) fn limit_too_large(limit: usize, max: usize) -> Error {
        Error {
            inner: Inner::LimitTooLarge { limit, max },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Query(error) => error.fmt(f),
            Inner::PrefixTooBroad { prefix, max } => write!(
                f,
                "{prefix} stands for more than {max} different words (make the prefix longer)"
            ),
            Inner::PrefixesTooBroad { prefixes, max } => write!(
                f,
                "the prefixes of the query ({}) stand for more than {max} different words in \
                 all, each use counted (use fewer or longer prefixes)",
                prefixes.join(", ")
            ),
            Inner::TooManySpellings { word, max } => write!(
                f,
                "{word} is spelled in more than {max} different ways in the index (type it \
                 with its diacritics)"
            ),
            Inner::NothingToSearch { query } => write!(
                f,
                "query {query:?} has no word to search for (only punctuation?)"
            ),
            Inner::LimitTooLarge { limit, max } => {
                write!(f, "{limit} hits asked for (the limit is {max})")
            }
            Inner::Index(error) => error.fmt(f),
            Inner::Tantivy(error) => write!(f, "search failed: {error}"),
            Inner::Synonyms { path, detail } => {
                write!(f, "synonyms file {}: {detail}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner {
            Inner::Query(error) => Some(error),
            Inner::Index(error) => Some(error),
            Inner::Tantivy(error) => Some(error),
            Inner::NothingToSearch { .. }
            | Inner::PrefixTooBroad { .. }
            | Inner::PrefixesTooBroad { .. }
            | Inner::TooManySpellings { .. }
            | Inner::LimitTooLarge { .. }
            | Inner::Synonyms { .. } => None,
        }
    }
}

impl From<QueryError> for Error {
    fn from(error: QueryError) -> Error {
        Error {
            inner: Inner::Query(error),
        }
    }
}

impl From<tracuu_indexer::Error> for Error {
    fn from(error: tracuu_indexer::Error) -> Error {
        Error {
            inner: Inner::Index(error),
        }
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Error {
        Error {
            inner: Inner::Tantivy(error),
        }
    }
}
