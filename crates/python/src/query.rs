//! The query options every search and view takes, as the command line's `QueryFilters`.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use tracuu_query::date_filter::parse_from_to;
use tracuu_query::{Origin, QuerySpec, Synonyms};

use crate::errors::Failure;

/// A query and its options, as the Python part passes them (a dict with these keys).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct QueryOptions {
    query: String,
    fold: bool,
    any_spelling: bool,
    fuzzy: bool,
    literal: bool,
    expand: bool,
    synonyms: Option<PathBuf>,
    date_from: Option<String>,
    date_to: Option<String>,
}

impl QueryOptions {
    /// The query specification, as `tracuu search` builds it from its options.
    pub fn spec(&self) -> Result<QuerySpec, Failure> {
        self.spec_within(
            self.query.clone(),
            self.date_from.as_deref(),
            self.date_to.as_deref(),
        )
    }

    /// Another query of the same call with the same options, within its own dates
    /// `date_from` and `date_to` (the reference of `keywords`).
    pub fn spec_within(
        &self,
        query: String,
        date_from: Option<&str>,
        date_to: Option<&str>,
    ) -> Result<QuerySpec, Failure> {
        let dates = parse_from_to(date_from, date_to)?;
        let mut spec = QuerySpec::new(query)
            .fold(self.fold)
            .any_spelling(self.any_spelling)
            .fuzzy(self.fuzzy)
            .literal(self.literal)
            .expand(self.expand)
            .dates(dates);
        if let Some(path) = &self.synonyms {
            spec = spec.synonyms(Arc::new(read_synonyms(path)?));
        }
        Ok(spec)
    }
}

/// A user's synonyms file, read as `--synonyms FILE` reads it.
fn read_synonyms(path: &std::path::Path) -> Result<Synonyms, Failure> {
    let failure =
        |detail: String| Failure::Synonyms(format!("synonyms file {}: {detail}", path.display()));
    let bytes = std::fs::read(path).map_err(|e| failure(e.to_string()))?;
    Synonyms::parse_bytes(&bytes, Origin::User).map_err(|e| failure(e.to_string()))
}
