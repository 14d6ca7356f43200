//! `tracuu._tracuu.NativeIndex`: an index opened for searching and adding, and every view of
//! the command line over it. `tracuu.Index` (Python) wraps it: the defaults, the documentation
//! and the typed results are there.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use pyo3::prelude::*;
use pyo3::types::PyDict;
use tracuu_indexer::{index_paths, story, ArticleIndex, IndexOptions, IndexSummary, WriterOptions};
use tracuu_query::{FacetField, FacetsLine, SearchRequest, Searcher, SortOrder};
use tracuu_research::{
    CollocatesRequest, KeynessMeasure, KeywordsRequest, KwicRequest, KwicSort, Measure,
    NgramsRequest, Period, ReuseRequest, Side, TrendRequest,
};

use crate::errors::Failure;
use crate::query::QueryOptions;
use crate::run::{to_python, without_gil};

/// An index and a searcher on its last commit (replaced after each `add`).
#[pyclass(frozen, module = "tracuu._tracuu")]
pub struct NativeIndex {
    index: ArticleIndex,
    searcher: RwLock<Arc<Searcher>>,
}

impl NativeIndex {
    fn new(index: ArticleIndex) -> Result<NativeIndex, Failure> {
        let searcher = Searcher::new(index.clone())?;
        Ok(NativeIndex {
            index,
            searcher: RwLock::new(Arc::new(searcher)),
        })
    }

    /// The searcher of the last commit seen.
    fn searcher(&self) -> Arc<Searcher> {
        Arc::clone(&self.searcher.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// A choice among named values, or a `RequestError` naming them.
fn choose<T: Copy>(what: &str, given: &str, choices: &[(&str, T)]) -> Result<T, Failure> {
    match choices.iter().find(|(name, _)| *name == given) {
        Some((_, value)) => Ok(*value),
        None => {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("{n:?}")).collect();
            Err(Failure::Request(format!(
                "{what}={given:?} is not one of {}",
                names.join(", ")
            )))
        }
    }
}

fn facet_fields(names: &[String]) -> Result<Vec<FacetField>, Failure> {
    let choices = [("source", FacetField::Source), ("year", FacetField::Year)];
    names.iter().map(|n| choose("facet", n, &choices)).collect()
}

/// The options of an indexing run, as `tracuu index` takes them (a `RequestError` for a story
/// threshold out of its range).
fn index_options(
    rebuild: bool,
    threads: Option<usize>,
    memory_mb: usize,
    commit_every: usize,
    story_threshold: f32,
) -> Result<IndexOptions, Failure> {
    if !story::is_valid_threshold(story_threshold) {
        let rule = story::THRESHOLD_RULE;
        return Err(Failure::Request(format!(
            "story_threshold={story_threshold} is not {rule}"
        )));
    }
    let defaults = WriterOptions::default();
    Ok(IndexOptions {
        writer: WriterOptions {
            memory_budget: memory_mb.saturating_mul(1024 * 1024),
            threads: threads.unwrap_or(defaults.threads),
            story_threshold,
        },
        rebuild,
        commit_every_docs: commit_every.max(1),
        ..IndexOptions::default()
    })
}

/// Indexes `paths` into `index` without the GIL, then runs `then` (still without it);
/// `progress` is called after each batch with (documents, bytes read, input bytes, committing).
///
/// Ctrl-C (a pending signal) or an exception of `progress` stops the run at the next batch:
/// what it added is committed (a rebuild's is not), then that exception is raised.
fn index_with_progress(
    py: Python<'_>,
    index: &ArticleIndex,
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: Option<Py<PyAny>>,
    then: impl FnOnce() -> Result<(), Failure> + Send,
) -> PyResult<IndexSummary> {
    let mut stopped_by = None;
    let summary = without_gil(py, || {
        let summary = index_paths(index, paths, options, &mut |summary: &IndexSummary| {
            if stopped_by.is_none() {
                stopped_by = Python::attach(|py| {
                    py.check_signals()?;
                    if let Some(callback) = &progress {
                        let counts = (
                            summary.documents_seen(),
                            summary.input_bytes_read,
                            summary.input_bytes,
                            summary.committing,
                        );
                        callback.call1(py, counts)?;
                    }
                    Ok(())
                })
                .err();
            }
            match stopped_by {
                Some(_) => ControlFlow::Break(()),
                None => ControlFlow::Continue(()),
            }
        })?;
        then()?;
        Ok(summary)
    })?;
    match stopped_by {
        Some(error) => Err(error),
        None => Ok(summary),
    }
}

/// `0` for no limit, as the command line's `-n 0`.
fn some_limit(limit: usize) -> Option<usize> {
    (limit > 0).then_some(limit)
}

#[pymethods]
impl NativeIndex {
    /// Opens the index in `path` (`tracuu.errors.IndexNotFoundError` when there is none).
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<NativeIndex> {
        without_gil(py, || NativeIndex::new(ArticleIndex::open(&path)?))
    }

    /// Creates an index in `path`; an existing one is an error unless `exist_ok`, then opened.
    #[staticmethod]
    fn create(py: Python<'_>, path: PathBuf, exist_ok: bool) -> PyResult<NativeIndex> {
        without_gil(py, || {
            if path.join("meta.json").exists() && !exist_ok {
                return Err(Failure::Request(format!(
                    "{} already holds an index (open it with tracuu.Index.open, or pass \
                     exist_ok=True)",
                    path.display()
                )));
            }
            NativeIndex::new(ArticleIndex::open_or_create(&path)?)
        })
    }

    /// Indexes `paths` as `tracuu index` does and returns the summary record; `progress` is
    /// called after each batch with (documents, bytes read, input bytes, committing).
    #[allow(clippy::too_many_arguments)]
    fn add<'py>(
        &self,
        py: Python<'py>,
        paths: Vec<PathBuf>,
        rebuild: bool,
        threads: Option<usize>,
        memory_mb: usize,
        commit_every: usize,
        story_threshold: f32,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = index_options(rebuild, threads, memory_mb, commit_every, story_threshold)
            .map_err(|failure| failure.into_py_err(py))?;
        let summary = index_with_progress(py, &self.index, &paths, &options, progress, || {
            *self.searcher.write().unwrap_or_else(|e| e.into_inner()) =
                Arc::new(Searcher::new(self.index.clone())?);
            Ok(())
        })?;
        to_python(py, &summary)
    }

    /// Replaces the index in `path` by the documents of `paths`, as `tracuu index --rebuild`:
    /// an index an older tracuu built, or a damaged one, is rebuilt too (see
    /// `ArticleIndex::open_for_rebuild`), and one is created where there is none. Returns the
    /// summary record.
    #[staticmethod]
    #[allow(clippy::too_many_arguments)]
    fn rebuild<'py>(
        py: Python<'py>,
        path: PathBuf,
        paths: Vec<PathBuf>,
        threads: Option<usize>,
        memory_mb: usize,
        commit_every: usize,
        story_threshold: f32,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = index_options(true, threads, memory_mb, commit_every, story_threshold)
            .map_err(|failure| failure.into_py_err(py))?;
        let index = without_gil(py, || Ok(ArticleIndex::open_for_rebuild(&path)?))?;
        let summary = index_with_progress(py, &index, &paths, &options, progress, || Ok(()))?;
        to_python(py, &summary)
    }

    /// The hits of a search and what the engine understood: `total`, `reading`, `hits`,
    /// `facets` (the `--facet` record) and `expansions`.
    #[allow(clippy::too_many_arguments)]
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: QueryOptions,
        limit: usize,
        offset: usize,
        sort: &str,
        collapse: bool,
        facets: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let results = without_gil(py, || {
            let sort = choose(
                "sort",
                sort,
                &[
                    ("relevance", SortOrder::Relevance),
                    ("date", SortOrder::Date),
                ],
            )?;
            let request = SearchRequest::new(query.spec()?)
                .limit(limit)?
                .offset(offset)
                .collapse(collapse)
                .sort(sort)
                .facets(&facet_fields(&facets)?);
            Ok(searcher.search(&request)?)
        })?;
        let record = PyDict::new(py);
        record.set_item("total", results.total)?;
        record.set_item("reading", &results.reading)?;
        record.set_item("hits", crate::hits::to_python(py, &results.hits)?)?;
        record.set_item("facets", to_python(py, &FacetsLine::new(&results.facets))?)?;
        record.set_item("expansions", to_python(py, &results.expansions)?)?;
        Ok(record)
    }

    /// Documents matching the query, as `tracuu search --count` prints.
    fn count(&self, py: Python<'_>, query: QueryOptions) -> PyResult<usize> {
        let searcher = self.searcher();
        without_gil(py, || {
            let request = SearchRequest::new(query.spec()?).limit(0)?;
            Ok(searcher.search(&request)?.total)
        })
    }

    /// For an accent-free query, the reading counted and the other spellings documents hold
    /// (the `spellings` record), else `None`.
    fn spellings<'py>(&self, py: Python<'py>, query: QueryOptions) -> PyResult<Bound<'py, PyAny>> {
        let searcher = self.searcher();
        let spellings = without_gil(py, || Ok(searcher.other_spellings(&query.spec()?)?))?;
        to_python(py, &spellings)
    }

    /// A correction of a query that matches little (the `suggestion` record), else `None`.
    fn suggest<'py>(&self, py: Python<'py>, query: QueryOptions) -> PyResult<Bound<'py, PyAny>> {
        let searcher = self.searcher();
        let suggestion = without_gil(py, || Ok(searcher.suggest(&query.spec()?)?))?;
        to_python(py, &suggestion)
    }

    /// The concordance: `lines` (the `kwic --json` records), `documents`, `occurrences`,
    /// `without_occurrences`, `reading`.
    fn kwic<'py>(
        &self,
        py: Python<'py>,
        query: QueryOptions,
        context: usize,
        sort: &str,
        limit: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let concordance = without_gil(py, || {
            if context > tracuu_research::kwic::MAX_CONTEXT {
                return Err(Failure::Request(format!(
                    "context={context} words is more than the most, {}",
                    tracuu_research::kwic::MAX_CONTEXT
                )));
            }
            let sort = choose(
                "sort",
                sort,
                &[
                    ("date", KwicSort::Date),
                    ("left", KwicSort::Left),
                    ("right", KwicSort::Right),
                ],
            )?;
            let request = KwicRequest::new(query.spec()?)
                .context(context)
                .sort(sort)
                .limit(limit);
            Ok(tracuu_research::kwic(&searcher, &request)?)
        })?;
        let record = PyDict::new(py);
        record.set_item("lines", to_python(py, &concordance.lines)?)?;
        record.set_item("documents", concordance.documents)?;
        record.set_item("occurrences", concordance.occurrences)?;
        record.set_item("without_occurrences", concordance.without_occurrences)?;
        record.set_item("reading", &concordance.reading)?;
        Ok(record)
    }

    /// The trend of each query: `rows` (the `trend --json` records) and `readings` (one per
    /// query).
    fn trend<'py>(
        &self,
        py: Python<'py>,
        queries: Vec<QueryOptions>,
        by: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let trend = without_gil(py, || {
            let by = choose(
                "by",
                by,
                &[("year", Period::Year), ("month", Period::Month)],
            )?;
            let specs = queries
                .iter()
                .map(QueryOptions::spec)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(tracuu_research::trend(
                &searcher,
                &TrendRequest::new(specs).by(by),
            )?)
        })?;
        let readings: Vec<Option<&str>> =
            trend.series.iter().map(|s| s.reading.as_deref()).collect();
        let record = PyDict::new(py);
        record.set_item("rows", to_python(py, &trend.rows())?)?;
        record.set_item("readings", readings)?;
        Ok(record)
    }

    /// Collocates of the query: `collocates` (the `collocates --json` records) and the sizes
    /// they were counted on.
    #[allow(clippy::too_many_arguments)]
    fn collocates<'py>(
        &self,
        py: Python<'py>,
        query: QueryOptions,
        window: (usize, usize),
        side: &str,
        by: &str,
        min_freq: u64,
        limit: usize,
        max_words: usize,
        no_function_words: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let found = without_gil(py, || {
            let side = choose(
                "side",
                side,
                &[
                    ("both", Side::Both),
                    ("left", Side::Left),
                    ("right", Side::Right),
                ],
            )?;
            let by = choose(
                "by",
                by,
                &[
                    ("ll", Measure::LogLikelihood),
                    ("mi", Measure::Mi),
                    ("t", Measure::TScore),
                    ("logdice", Measure::LogDice),
                ],
            )?;
            let request = CollocatesRequest::new(query.spec()?)
                .window(window.0, window.1)
                .side(side)
                .by(by)
                .min_freq(min_freq)
                .limit(some_limit(limit))
                .words(1..=max_words)
                .no_function_words(no_function_words);
            Ok(tracuu_research::collocates(&searcher, &request)?)
        })?;
        let record = PyDict::new(py);
        record.set_item("collocates", to_python(py, &found.collocates)?)?;
        record.set_item("documents", found.documents)?;
        record.set_item("node", found.node)?;
        record.set_item("window", found.window)?;
        record.set_item("corpus", found.corpus)?;
        record.set_item("reading", &found.reading)?;
        Ok(record)
    }

    /// Keywords of the target against the reference: `positive`, `negative` (the
    /// `keywords --json` records) and the sizes of both sets.
    #[allow(clippy::too_many_arguments)]
    fn keywords<'py>(
        &self,
        py: Python<'py>,
        query: QueryOptions,
        reference: Option<String>,
        reference_from: Option<String>,
        reference_to: Option<String>,
        by: &str,
        min_freq: u64,
        limit: usize,
        max_words: usize,
        no_function_words: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let found = without_gil(py, || {
            let target = query.spec()?;
            // As the command line: the reference takes every option of the target's query.
            let reference = match (&reference, &reference_from, &reference_to) {
                (None, None, None) => None,
                _ => Some(query.spec_within(
                    reference.clone().unwrap_or_default(),
                    reference_from.as_deref(),
                    reference_to.as_deref(),
                )?),
            };
            let by = choose(
                "by",
                by,
                &[
                    ("ll", KeynessMeasure::LogLikelihood),
                    ("ratio", KeynessMeasure::LogRatio),
                ],
            )?;
            let request = KeywordsRequest::new(target)
                .reference(reference)
                .by(by)
                .min_freq(min_freq)
                .limit(some_limit(limit))
                .words(1..=max_words)
                .no_function_words(no_function_words);
            Ok(tracuu_research::keywords(&searcher, &request)?)
        })?;
        let record = PyDict::new(py);
        record.set_item("positive", to_python(py, &found.positive)?)?;
        record.set_item("negative", to_python(py, &found.negative)?)?;
        record.set_item("target_documents", found.target_documents)?;
        record.set_item("reference_documents", found.reference_documents)?;
        record.set_item("target_words", found.target_words)?;
        record.set_item("reference_words", found.reference_words)?;
        Ok(record)
    }

    /// The most frequent n-grams: `ngrams` (the `ngrams --json` records), `documents`,
    /// `corpus`, `reading`.
    fn ngrams<'py>(
        &self,
        py: Python<'py>,
        query: QueryOptions,
        sizes: (usize, usize),
        min_docs: u64,
        limit: usize,
        no_function_words: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let found = without_gil(py, || {
            let request = NgramsRequest::new(query.spec()?)
                .words(sizes.0..=sizes.1)
                .min_docs(min_docs)
                .limit(some_limit(limit))
                .no_function_words(no_function_words);
            Ok(tracuu_research::ngrams(&searcher, &request)?)
        })?;
        let record = PyDict::new(py);
        record.set_item("ngrams", to_python(py, &found.ngrams)?)?;
        record.set_item("documents", found.documents)?;
        record.set_item("corpus", found.corpus)?;
        record.set_item("reading", &found.reading)?;
        Ok(record)
    }

    /// Stories with copies among the query's matches, or the story of the document `id`:
    /// `stories` (the `reuse --json` records, at most `limit`) and `total`, the stories with
    /// copies shown or not.
    fn reuse<'py>(
        &self,
        py: Python<'py>,
        query: Option<QueryOptions>,
        id: Option<String>,
        limit: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let searcher = self.searcher();
        let found = without_gil(py, || {
            let request = match (id, query) {
                (Some(id), None) => ReuseRequest::Id(id),
                (None, Some(query)) => ReuseRequest::Query {
                    spec: query.spec()?,
                    limit,
                },
                (Some(_), Some(_)) => {
                    return Err(Failure::Request(
                        "reuse takes a query or an id, not both".into(),
                    ))
                }
                (None, None) => {
                    return Err(Failure::Request("reuse needs a query or an id".into()))
                }
            };
            Ok(tracuu_research::reuse(&searcher, &request)?)
        })?;
        let record = PyDict::new(py);
        record.set_item("stories", to_python(py, &found.stories)?)?;
        record.set_item("total", found.total)?;
        Ok(record)
    }

    /// What the index holds (the `stats --json` record).
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let searcher = self.searcher();
        let stats = without_gil(py, || Ok(tracuu_research::stats(&searcher)?))?;
        to_python(py, &stats)
    }

    /// Seconds that `repeat` searches take through the Rust API alone (`Searcher::search`, no
    /// conversion to Python): the reference of `bench/overhead.py`.
    fn time_rust_search(
        &self,
        py: Python<'_>,
        query: QueryOptions,
        limit: usize,
        repeat: usize,
    ) -> PyResult<f64> {
        let searcher = self.searcher();
        without_gil(py, || {
            let request = SearchRequest::new(query.spec()?).limit(limit)?;
            let started = std::time::Instant::now();
            for _ in 0..repeat {
                std::hint::black_box(searcher.search(&request)?);
            }
            Ok(started.elapsed().as_secs_f64())
        })
    }

    /// Sees what other writers committed since the index was opened.
    fn reload(&self, py: Python<'_>) -> PyResult<()> {
        without_gil(py, || {
            *self.searcher.write().unwrap_or_else(|e| e.into_inner()) =
                Arc::new(Searcher::new(self.index.clone())?);
            Ok(())
        })
    }
}
