//! The engine's errors as the exceptions of `tracuu.errors`, with what the command line says
//! about them: the message, the column of a query error, the index directory, and the advice
//! the command adds (in Python's terms where the command's would not apply).

use std::path::Path;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use tracuu_query::{ErrorKind as SearchKind, QueryError, MAX_LIMIT};
use tracuu_research::ErrorKind as ViewKind;

/// Why a call failed, before it becomes a Python exception.
pub enum Failure {
    /// An error of the search core.
    Search(tracuu_query::Error),
    /// An error of a research view.
    View(tracuu_research::Error),
    /// An error of the index or its writer.
    Index(tracuu_indexer::Error),
    /// A request Python asked for that the engine does not take (an unknown sort order...).
    Request(String),
    /// A synonyms file given for a query that cannot be read.
    Synonyms(String),
    /// A panic in the engine: a bug, reported as an exception rather than a crash.
    Panic(String),
}

impl From<tracuu_query::Error> for Failure {
    fn from(error: tracuu_query::Error) -> Failure {
        Failure::Search(error)
    }
}

impl From<QueryError> for Failure {
    fn from(error: QueryError) -> Failure {
        Failure::Search(error.into())
    }
}

impl From<tracuu_research::Error> for Failure {
    fn from(error: tracuu_research::Error) -> Failure {
        Failure::View(error)
    }
}

impl From<tracuu_indexer::Error> for Failure {
    fn from(error: tracuu_indexer::Error) -> Failure {
        Failure::Index(error)
    }
}

/// An exception to raise: its class in `tracuu.errors`, message and attributes.
struct Raise {
    class: &'static str,
    message: String,
    kind: String,
    path: Option<String>,
    column: Option<usize>,
}

impl Raise {
    /// An exception whose `kind` is that of an engine error (`InvalidQuery` as
    /// `invalid_query`).
    fn new(class: &'static str, message: String, kind: impl std::fmt::Debug) -> Raise {
        Raise::named(class, message, &snake_case(&format!("{kind:?}")))
    }

    /// An exception of a kind the package names itself (`invalid_request`).
    fn named(class: &'static str, message: String, kind: &str) -> Raise {
        Raise {
            class,
            message,
            kind: kind.to_string(),
            path: None,
            column: None,
        }
    }

    fn path(mut self, path: Option<&Path>) -> Raise {
        self.path = path.map(|p| p.display().to_string());
        self
    }
}

impl Failure {
    /// The `tracuu.errors` exception for this failure.
    pub fn into_py_err(self, py: Python<'_>) -> PyErr {
        let raise = match self {
            Failure::Search(error) => search(&error),
            Failure::View(error) => view(error),
            Failure::Index(error) => index(&error),
            Failure::Request(message) => Raise::named("RequestError", message, "invalid_request"),
            Failure::Synonyms(message) => Raise::named("TracuuError", message, "invalid_synonyms"),
            Failure::Panic(message) => Raise::named(
                "TracuuError",
                format!("internal error (please report it): {message}"),
                "internal",
            ),
        };
        instantiate(py, raise).unwrap_or_else(|error| error)
    }
}

/// The exception object of `raise`, or the error of making it.
fn instantiate(py: Python<'_>, raise: Raise) -> PyResult<PyErr> {
    let class = py.import("tracuu.errors")?.getattr(raise.class)?;
    let options = PyDict::new(py);
    options.set_item("kind", raise.kind)?;
    options.set_item("path", raise.path)?;
    if raise.class == "QueryError" {
        options.set_item("column", raise.column)?;
    }
    Ok(PyErr::from_value(
        class.call((raise.message,), Some(&options))?,
    ))
}

fn search(error: &tracuu_query::Error) -> Raise {
    let kind = error.kind();
    match kind {
        SearchKind::InvalidQuery => {
            let query_error = error.query_error();
            let advice = match query_error.is_some_and(QueryError::suggests_literal) {
                true => {
                    " (to search for pasted text as written, without operators, use literal=True)"
                }
                false => "",
            };
            Raise {
                column: query_error.and_then(QueryError::column),
                ..Raise::new("QueryError", format!("{error}{advice}"), kind)
            }
        }
        SearchKind::NothingToSearch | SearchKind::PrefixTooBroad | SearchKind::TooManySpellings => {
            Raise::new("QueryError", error.to_string(), kind)
        }
        SearchKind::LimitTooLarge => Raise::new(
            "RequestError",
            format!(
                "limit={} is too large (the limit is {MAX_LIMIT}; kwic() and the other views \
                 read every match)",
                error.requested_limit().unwrap_or_default()
            ),
            kind,
        ),
        SearchKind::InvalidSynonyms => Raise::new("TracuuError", error.to_string(), kind),
        _ => match std::error::Error::source(error)
            .and_then(|source| source.downcast_ref::<tracuu_indexer::Error>())
        {
            Some(index_error) => self::index(index_error),
            None => Raise::new(
                "IndexError",
                format!(
                    "{error} (if the index is damaged, rebuild it with \
                     tracuu.Index.rebuild(path, paths))"
                ),
                kind,
            ),
        },
    }
}

fn view(error: tracuu_research::Error) -> Raise {
    let kind = error.kind();
    match kind {
        ViewKind::Search(_) => match error.search_error() {
            Some(search_error) => search(search_error),
            None => Raise::new("TracuuError", error.to_string(), kind),
        },
        ViewKind::TooLarge | ViewKind::InvalidRequest => {
            Raise::new("RequestError", error.to_string(), kind)
        }
        _ => Raise::new("TracuuError", error.to_string(), kind).path(error.path()),
    }
}

/// An index error, with the advice of the command line in Python's terms
/// (`Index.create(...).add(...)` builds an index, `Index.rebuild(...)` rebuilds one), and the
/// command's besides.
fn index(error: &tracuu_indexer::Error) -> Raise {
    use tracuu_indexer::ErrorKind;
    let kind = error.kind();
    let dir = error.path().map(|p| p.display().to_string());
    let (class, message) = match (kind, &dir) {
        (ErrorKind::NotFound, Some(dir)) => (
            "IndexNotFoundError",
            format!("{error} (build one with tracuu.Index.create({dir:?}).add(paths), or `tracuu index --index {dir} PATH...`)"),
        ),
        (ErrorKind::InUse, Some(dir)) => (
            "IndexInUseError",
            format!("index is in use: another writer (`tracuu index` or Index.add) is writing to {dir}"),
        ),
        (ErrorKind::InUse, None) => ("IndexInUseError", error.to_string()),
        (ErrorKind::Damaged | ErrorKind::Outdated, Some(dir)) => (
            if kind == ErrorKind::Outdated {
                "IndexOutdatedError"
            } else {
                "IndexError"
            },
            format!(
                "{error}; rebuild it with tracuu.Index.rebuild({dir:?}, paths) (or `tracuu \
                 index --rebuild --index {dir} PATH...`)"
            ),
        ),
        _ => ("IndexError", error.to_string()),
    };
    Raise::new(class, message, kind).path(error.path())
}

/// `InvalidQuery` as `invalid_query`; `Search(InvalidQuery)` as `invalid_query`.
fn snake_case(debug: &str) -> String {
    let name = debug
        .rsplit('(')
        .next()
        .unwrap_or(debug)
        .trim_end_matches(')');
    let mut snake = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !snake.is_empty() {
            snake.push('_');
        }
        snake.extend(c.to_lowercase());
    }
    snake
}
