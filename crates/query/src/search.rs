//! Searching an index: requests, ranked hits with snippets, and errors.

use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{EnableScoring, Scorer};
use tantivy::schema::Value;
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument};
use tracuu_indexer::{ArticleIndex, Date, Fields};

use crate::compile::{AdjacentPair, Compiled, Compiler, Weights};
use crate::date_filter::DateRange;
use crate::facets::{Facet, FacetCollector, FacetField};
use crate::parse::{parse_query, QueryError};
use crate::snippet::{make_snippet, Snippet};
use crate::Matcher;

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;

/// The best matches (by the query's own score) that the adjacency of query syllables re-ranks:
/// reading positions for every match of frequent syllables would cost several milliseconds, and
/// adjacency only orders documents that already match well.
const RESCORED_MATCHES: usize = 200;

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query text is not valid.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The index could not be opened (the index error is also the [`source`] of this one).
    ///
    /// [`source`]: std::error::Error::source
    #[error("{0}")]
    Index(#[from] tracuu_indexer::Error),
    /// The request itself is not valid (limit too large...).
    #[error("{0}")]
    Request(String),
    /// Tantivy failed while searching (a damaged index, usually).
    #[error(
        "search failed: {0} (if the index is damaged, rebuild it with `tracuu index --rebuild`)"
    )]
    Tantivy(#[from] tantivy::TantivyError),
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

/// What to search for and how.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SearchRequest {
    /// The query, in tracuu's query language.
    pub query: String,
    /// Hits to return (default 10).
    pub limit: usize,
    /// Hits to skip first (default 0).
    pub offset: usize,
    /// Match accented query words without their diacritics too.
    pub fold: bool,
    /// Only documents dated in this range (in addition to the query's `date:` filters).
    pub dates: DateRange,
    /// Order of the hits.
    pub sort: SortOrder,
    /// Ranking weights.
    pub weights: Weights,
    /// Fields to count every matching document by (none by default); see [`SearchResults::facets`].
    pub facets: Vec<FacetField>,
}

impl SearchRequest {
    /// A request for `query` with the defaults.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            fold: false,
            dates: DateRange::ALL,
            sort: SortOrder::Relevance,
            weights: Weights::default(),
            facets: Vec::new(),
        }
    }

    /// Sets the number of hits to return.
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }

    /// Sets the number of hits to skip.
    pub fn offset(mut self, offset: usize) -> SearchRequest {
        self.offset = offset;
        self
    }

    /// Also matches accented query words without their diacritics.
    pub fn fold(mut self, yes: bool) -> SearchRequest {
        self.fold = yes;
        self
    }

    /// Restricts hits to a date range.
    pub fn dates(mut self, dates: DateRange) -> SearchRequest {
        self.dates = dates;
        self
    }

    /// Sets the order of hits.
    pub fn sort(mut self, sort: SortOrder) -> SearchRequest {
        self.sort = sort;
        self
    }

    /// Sets the ranking weights.
    pub fn weights(mut self, weights: Weights) -> SearchRequest {
        self.weights = weights;
        self
    }

    /// Counts every matching document (not only the page) by each of `fields`.
    pub fn facets(mut self, fields: &[FacetField]) -> SearchRequest {
        self.facets = fields.to_vec();
        self
    }
}

/// One matching document.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Hit {
    /// Stable document id.
    pub id: String,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// Title as written.
    pub title: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Source name.
    pub source: Option<String>,
    /// Original URL.
    pub url: Option<String>,
    /// File the document came from.
    pub path: String,
    /// Extract around the best matches.
    pub snippet: Snippet,
}

/// The hits of a search and what the engine understood.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SearchResults {
    /// Documents matching in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// The accented reading used to rank an accent-free query (`dang uy` -> `đảng ủy`).
    pub reading: Option<String>,
    /// Counts of all matching documents per value of each field in [`SearchRequest::facets`]
    /// (one [`Facet`] per distinct field, in request order; empty when none was asked for).
    pub facets: Vec<Facet>,
}

/// The ranked matches of a search, before their documents are read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Ranking {
    /// Documents matching in all.
    pub total: usize,
    /// The requested page of matches with their scores (0 when sorted by date), best first.
    pub best: Vec<(f32, DocAddress)>,
    /// Counts per facet value, as in [`SearchResults::facets`].
    pub facets: Vec<Facet>,
}

/// A query that is ready to run many times or over many documents.
pub struct PreparedQuery {
    pub(crate) compiled: Compiled,
}

impl PreparedQuery {
    /// What a match looks like in stored text.
    pub fn matcher(&self) -> &Matcher {
        &self.compiled.matcher
    }

    /// The accented reading chosen for accent-free words, if any.
    pub fn reading(&self) -> Option<&str> {
        self.compiled.reading.as_deref()
    }

    /// The tantivy query.
    pub fn query(&self) -> &dyn tantivy::query::Query {
        self.compiled.query.as_ref()
    }
}

/// Searches one index. Cheap to share between threads; sees the last commit when created or reloaded.
pub struct Searcher {
    index: ArticleIndex,
    reader: IndexReader,
}

impl Searcher {
    /// Opens the index in `dir` for searching.
    pub fn open(dir: &Path) -> Result<Searcher, SearchError> {
        Searcher::new(ArticleIndex::open(dir)?)
    }

    /// Searches an index already open.
    pub fn new(index: ArticleIndex) -> Result<Searcher, SearchError> {
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher { index, reader })
    }

    /// The index searched.
    pub fn index(&self) -> &ArticleIndex {
        &self.index
    }

    /// The schema's fields.
    pub fn fields(&self) -> Fields {
        self.index.fields()
    }

    /// A tantivy searcher on the last commit seen.
    pub fn tantivy(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Parses and compiles a query with the request's options (not its limit or order).
    pub fn prepare(&self, request: &SearchRequest) -> Result<PreparedQuery, SearchError> {
        let parsed = parse_query(&request.query)?;
        let dates = parsed.date_range().intersect(&request.dates);
        let searcher = self.reader.searcher();
        let compiled = Compiler::new(&searcher, self.fields(), request.fold, request.weights)
            .compile(parsed.node.as_ref(), &dates)
            .ok_or_else(|| {
                SearchError::Request(format!(
                    "query {:?} has no word to search for (only punctuation?)",
                    request.query
                ))
            })?;
        Ok(PreparedQuery { compiled })
    }

    /// Runs a search and returns the requested page of hits with snippets.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        check_limit(request)?;
        let prepared = self.prepare(request)?;
        let searcher = self.reader.searcher();
        let ranking = self.rank(&prepared, request)?;
        let hits = ranking
            .best
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, address, score, prepared.matcher()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults {
            total: ranking.total,
            hits,
            reading: prepared.reading().map(str::to_string),
            facets: ranking.facets,
        })
    }

    /// The matches of a prepared query in the order and page of `request`, with their count and
    /// facets, without reading stored documents: what [`search`](Self::search) ranks (for
    /// evaluations and tools that need only the order).
    pub fn rank(
        &self,
        prepared: &PreparedQuery,
        request: &SearchRequest,
    ) -> Result<Ranking, SearchError> {
        check_limit(request)?;
        let searcher = self.reader.searcher();
        let query = prepared.query();
        let facets = (!request.facets.is_empty()).then(|| FacetCollector::new(&request.facets));
        let (total, best, facets) = match request.sort {
            SortOrder::Relevance => {
                let page = request.offset + request.limit;
                let adjacency = &prepared.compiled.adjacency;
                let window = if adjacency.is_empty() {
                    page.max(1)
                } else {
                    page.max(RESCORED_MATCHES)
                };
                let (total, best, facets) = searcher.search(
                    query,
                    &(Count, TopDocs::with_limit(window).order_by_score(), facets),
                )?;
                let ranked = add_adjacency(&searcher, adjacency, best)?;
                (total, ranked, facets)
            }
            SortOrder::Date => {
                let top = TopDocs::with_limit(request.offset + request.limit.max(1))
                    .order_by_fast_field::<i64>(Fields::DATE_NAME, Order::Desc);
                let (total, by_date, facets) = searcher.search(query, &(Count, top, facets))?;
                let best = by_date.into_iter().map(|(_, address)| (0.0, address));
                (total, best.collect(), facets)
            }
        };
        Ok(Ranking {
            total,
            best: best
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .collect(),
            facets: facets.unwrap_or_default(),
        })
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        score: f32,
        matcher: &Matcher,
    ) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let f = self.fields();
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let body = doc
            .get_first(f.body)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        Ok(Hit {
            id: text(f.id).unwrap_or_default(),
            score,
            title: text(f.title).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(Date::from_days),
            source: text(f.source),
            url: text(f.url),
            path: text(f.path).unwrap_or_default(),
            snippet: make_snippet(body, matcher),
        })
    }
}

/// Refuses a request for more hits than [`MAX_LIMIT`].
fn check_limit(request: &SearchRequest) -> Result<(), SearchError> {
    if request.limit > MAX_LIMIT {
        return Err(SearchError::Request(format!(
            "--limit {} is too large (the limit is {MAX_LIMIT}; use `tracuu export` for every match)",
            request.limit
        )));
    }
    Ok(())
}

/// The scorers of one pair's phrases (title, body) in one segment.
type PhraseScorers = Vec<Box<dyn Scorer>>;

/// `ranked` with the score of each pair of `pairs` added to the documents where it is found,
/// best first. Each phrase is sought document by document (in document order): a union of them
/// would read positions through whole blocks of documents at each step.
fn add_adjacency(
    searcher: &tantivy::Searcher,
    pairs: &[AdjacentPair],
    ranked: Vec<(f32, DocAddress)>,
) -> Result<Vec<(f32, DocAddress)>, SearchError> {
    if pairs.is_empty() {
        return Ok(ranked);
    }
    let weights = pairs
        .iter()
        .map(|pair| {
            let phrases = pair
                .phrases
                .iter()
                .map(|phrase| phrase.weight(EnableScoring::disabled_from_searcher(searcher)))
                .collect::<tantivy::Result<Vec<_>>>()?;
            Ok((phrases, pair.score))
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut by_doc: Vec<(DocAddress, f32)> = ranked.into_iter().map(|(s, a)| (a, s)).collect();
    by_doc.sort_by_key(|(address, _)| *address);
    // The segment whose scorers are open, and for each pair its phrases' scorers.
    let mut segment: Option<(u32, Vec<PhraseScorers>)> = None;
    for (address, score) in &mut by_doc {
        if segment.as_ref().map(|(ord, _)| *ord) != Some(address.segment_ord) {
            let reader = searcher.segment_reader(address.segment_ord);
            let scorers = weights
                .iter()
                .map(|(phrases, _)| {
                    phrases
                        .iter()
                        .map(|weight| weight.scorer(reader, 1.0))
                        .collect::<tantivy::Result<Vec<_>>>()
                })
                .collect::<tantivy::Result<Vec<_>>>()?;
            segment = Some((address.segment_ord, scorers));
        }
        let (_, scorers) = segment.as_mut().expect("set above");
        for (phrases, (_, pair_score)) in scorers.iter_mut().zip(&weights) {
            let found = phrases.iter_mut().any(|scorer| {
                if scorer.doc() < address.doc_id {
                    scorer.seek(address.doc_id);
                }
                scorer.doc() == address.doc_id
            });
            if found {
                *score += pair_score;
            }
        }
    }
    let mut ranked: Vec<(f32, DocAddress)> = by_doc.into_iter().map(|(a, s)| (s, a)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(ranked)
}
