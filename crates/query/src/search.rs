//! Searching an index: query specifications, requests, ranked hits with snippets.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, Term};
use tracuu_indexer::{ArticleIndex, Date, Fields};

use crate::compile::{
    respelled, CompileError, Compiled, Compiler, Leniency, SomeWords, MAX_PREFIX_WORDS,
    MAX_QUERY_PREFIX_WORDS,
};
use crate::date_filter::DateRange;
use crate::documents::Document;
use crate::exclusion;
use crate::facets::{Facet, FacetCollector, FacetField};
use crate::finder::Finder;
use crate::parse::{parse_literal, parse_query, ParsedQuery, QueryError, QueryNode};
use crate::rank::{
    any_syllable_query, one_term_query, rerank, RankedSyllable, Weights, CANDIDATES,
};
use crate::reading::{candidates, with_breaks, Readings, Syllable};
use crate::snippet::{mark_ranges, snippet_with, Snippet};
use crate::spellings::{SpellingCache, UnionPostings, MAX_SPELLINGS};
use crate::stories::{self, Copy, Publication, StoryCount, StoryMember};
use crate::synonyms::mined::{mined_definitions, MinedDefinition, MIN_DOCUMENTS_TO_EXPAND};
use crate::synonyms::{Origin, Synonyms};
use crate::{Error, Expansion, Matcher};
use tracuu_indexer::analysis::analyze;

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;

/// Documents ranked at most to fill a page of collapsed stories: beyond, the page may be
/// shorter than asked (a query whose every match is one of a few stories republished
/// thousands of times). A whole number of the ranking's runs of candidates (see `rerank`).
const MAX_COLLAPSE_WINDOW: usize = 64 * CANDIDATES;

/// A search of one term whose stories are collapsed ranks this many times the page at first:
/// each pass visits every match, and the best publications of a word are often copies of a
/// few stories.
const ONE_TERM_COLLAPSE_ROOM: usize = 4;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

/// What a query is: its text and the options that decide what it matches. Every request of the
/// search core and of the views built on it starts from one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct QuerySpec {
    /// The query, in tracuu's query language.
    pub query: String,
    /// Match accented query words without their diacritics too.
    pub fold: bool,
    /// Only documents dated in this range (in addition to the query's `date:` filters).
    pub dates: DateRange,
    /// In a query without diacritics, match every spelling of its words instead of the reading
    /// chosen for them (`tham nhung` finds `thăm những` too).
    pub any_spelling: bool,
    /// Each word also matches the index's words one typing slip away (a mark, a doubled letter,
    /// Telex or VNI typed without an input method): see [`crate::fuzzy`].
    pub fuzzy: bool,
    /// The query is text, not a query: no operators, quotes or exclusions (pasted sentences).
    pub literal: bool,
    /// Members of synonym groups (`UBND`) also match their other expressions (`Ủy ban nhân
    /// dân`): see [`crate::synonyms`].
    pub expand: bool,
    /// Groups of this search only, besides the index's (built-in, mined, stored).
    pub synonyms: Option<Arc<Synonyms>>,
}

impl QuerySpec {
    /// `query` with diacritics as typed and no date range.
    pub fn new(query: impl Into<String>) -> QuerySpec {
        QuerySpec {
            query: query.into(),
            fold: false,
            dates: DateRange::ALL,
            any_spelling: false,
            fuzzy: false,
            literal: false,
            expand: true,
            synonyms: None,
        }
    }

    /// Expands members of synonym groups (the default) or not.
    pub fn expand(mut self, yes: bool) -> QuerySpec {
        self.expand = yes;
        self
    }

    /// Adds groups of equivalent expressions for this search.
    pub fn synonyms(mut self, synonyms: Arc<Synonyms>) -> QuerySpec {
        self.synonyms = Some(synonyms);
        self
    }

    /// Also matches accented query words without their diacritics.
    pub fn fold(mut self, yes: bool) -> QuerySpec {
        self.fold = yes;
        self
    }

    /// Restricts the matches to a date range.
    pub fn dates(mut self, dates: DateRange) -> QuerySpec {
        self.dates = dates;
        self
    }

    /// Matches every spelling of accent-free words, not only their chosen reading.
    pub fn any_spelling(mut self, yes: bool) -> QuerySpec {
        self.any_spelling = yes;
        self
    }

    /// Also matches the index's words one typing slip away from each query word.
    pub fn fuzzy(mut self, yes: bool) -> QuerySpec {
        self.fuzzy = yes;
        self
    }

    /// Takes the query as text, without operators (see [`parse_literal`](crate::parse::parse_literal)).
    pub fn literal(mut self, yes: bool) -> QuerySpec {
        self.literal = yes;
        self
    }

    /// The dates the query is limited to: its `date:` filters and [`dates`](Self::dates)
    /// together.
    ///
    /// # Errors
    /// The query does not parse.
    pub fn date_range(&self) -> Result<DateRange, QueryError> {
        Ok(self.parse()?.date_range().intersect(&self.dates))
    }

    fn parse(&self) -> Result<ParsedQuery, QueryError> {
        if self.literal {
            parse_literal(&self.query)
        } else {
            parse_query(&self.query)
        }
    }
}

impl From<&str> for QuerySpec {
    fn from(query: &str) -> QuerySpec {
        QuerySpec::new(query)
    }
}

impl From<String> for QuerySpec {
    fn from(query: String) -> QuerySpec {
        QuerySpec::new(query)
    }
}

/// A search: the query, and which hits to return in which order.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    spec: QuerySpec,
    limit: usize,
    offset: usize,
    sort: SortOrder,
    weights: Weights,
    facets: Vec<FacetField>,
    collapse: bool,
    count_stories: bool,
}

impl SearchRequest {
    /// The 10 best hits of `spec` (a [`QuerySpec`] or just the query text).
    pub fn new(spec: impl Into<QuerySpec>) -> SearchRequest {
        SearchRequest {
            spec: spec.into(),
            limit: 10,
            offset: 0,
            sort: SortOrder::Relevance,
            weights: Weights::default(),
            facets: Vec::new(),
            collapse: true,
            count_stories: false,
        }
    }

    /// One hit per story, its best match, with the story's other members as
    /// [`Hit::copies`] (the default); `false`: every publication is a hit of its own.
    pub fn collapse(mut self, yes: bool) -> SearchRequest {
        self.collapse = yes;
        self
    }

    /// Sets the number of hits to return.
    ///
    /// # Errors
    /// [`ErrorKind::LimitTooLarge`](crate::ErrorKind::LimitTooLarge) above [`MAX_LIMIT`].
    pub fn limit(mut self, limit: usize) -> Result<SearchRequest, Error> {
        if limit > MAX_LIMIT {
            return Err(Error::limit_too_large(limit, MAX_LIMIT));
        }
        self.limit = limit;
        Ok(self)
    }

    /// Sets the number of hits to skip.
    pub fn offset(mut self, offset: usize) -> SearchRequest {
        self.offset = offset;
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

    /// Also counts the distinct stories among every matching document, in the same pass:
    /// [`SearchResults::stories`].
    pub fn count_stories(mut self, yes: bool) -> SearchRequest {
        self.count_stories = yes;
        self
    }

    /// The query searched.
    pub fn spec(&self) -> &QuerySpec {
        &self.spec
    }
}

/// One matching document.
///
/// The record of `tracuu search --json`, one flat object per hit:
/// `{"id","score","title","date","source","url","path","snippet","highlights",
/// "title_highlights","other_spelling","partial","story","copies"}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    #[serde(flatten)]
    pub snippet: Snippet,
    /// Byte ranges of `title` to highlight, in order, not overlapping (JSON: `[[start, end], ...]`).
    #[serde(with = "crate::snippet::range_pairs")]
    pub title_highlights: Vec<Range<usize>>,
    /// The document matches an accent-free query in another spelling than its reading: it comes
    /// after the reading's documents.
    pub other_spelling: bool,
    /// The document matches some of the words of a long query, not all: it comes after the
    /// documents matching every word (see [`Searcher::search`]).
    pub partial: bool,
    /// The story of the document: the publications of one text (JSON: 16 hexadecimal digits).
    #[serde(with = "crate::stories::story_hex")]
    pub story: u64,
    /// When stories are collapsed, the story's other publications, by date (at most
    /// [`MAX_COPIES_LISTED`](crate::MAX_COPIES_LISTED)); empty otherwise.
    pub copies: Vec<Copy>,
}

impl Hit {
    /// The hit for `doc`, with its title's matches and a snippet of its body found by
    /// `snippets` (the [`Finder`] of `prepared`'s highlighter, built once per query).
    fn new(doc: &Document, score: f32, prepared: &PreparedQuery, snippets: &Finder) -> Hit {
        let title = doc.title();
        let title_matcher = &prepared.compiled.title_matcher;
        let title_highlights = title_matcher
            .without_stand_ins(title_matcher.find(&analyze(title)))
            .into_iter()
            .map(|o| o.start..o.end)
            .collect();
        Hit {
            id: doc.id().to_string(),
            score,
            title: title.to_string(),
            date: doc.date(),
            source: doc.source().map(str::to_string),
            url: doc.url().map(str::to_string),
            path: doc.path().to_string(),
            snippet: snippet_with(doc.body(), snippets),
            title_highlights,
            other_spelling: false,
            partial: false,
            story: doc.story().unwrap_or_default(),
            copies: Vec::new(),
        }
    }
}

impl Hit {
    /// The title with each match wrapped in `before` and `after`.
    pub fn marked_title(&self, before: &str, after: &str) -> String {
        mark_ranges(&self.title, &self.title_highlights, before, after)
    }
}

/// The hits of a search and what the engine understood.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SearchResults {
    /// Documents matching in all (for an accent-free query, in its reading; the hits may go on
    /// with other spellings: [`Hit::other_spelling`]; for a long query, with documents holding
    /// only some of its words, never counted: [`Hit::partial`]).
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// The query as its accent-free words were read, when a reading guessed marks (`dang uy`
    /// -> `đảng ủy`; `quoc hoi -dang` -> `quốc hội -đang`).
    pub reading: Option<String>,
    /// Counts of all matching documents per value of each field asked for with
    /// [`SearchRequest::facets`] (one [`Facet`] per distinct field, in request order; empty when
    /// none was asked for).
    pub facets: Vec<Facet>,
    /// The members of synonym groups in the query and what each also matched.
    pub expansions: Vec<Expansion>,
    /// The distinct stories among the [`total`](Self::total) documents, when asked for with
    /// [`SearchRequest::count_stories`] (a document of an index written before stories counts
    /// as a story of its own).
    pub stories: Option<usize>,
}

/// The count of a search as one record, the line of `tracuu search --count --json`:
/// `{"type":"count","documents":N,"stories":M,"reading":R}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "count")]
pub struct CountLine {
    /// Documents matching, as [`SearchResults::total`].
    pub documents: usize,
    /// Stories among them, as [`SearchResults::stories`].
    pub stories: usize,
    /// The query as its accent-free words were read, as [`SearchResults::reading`] (`null`
    /// when none was).
    pub reading: Option<String>,
}

/// The most matches a collector is asked for: the documents of the index (at least one).
/// tantivy's top-documents collectors hold room for as many as asked, so a page far past the
/// last match (`--offset 10000000000`) would otherwise ask for more memory than there is.
fn index_documents(searcher: &tantivy::Searcher) -> usize {
    usize::try_from(searcher.num_docs())
        .unwrap_or(usize::MAX)
        .max(1)
}

/// The rest of `request`'s page after `shown` hits, for matches that come after `before`
/// documents.
fn rest_of_page(request: &SearchRequest, shown: usize, before: usize) -> SearchRequest {
    SearchRequest {
        limit: request.limit - shown,
        offset: request.offset.saturating_sub(before),
        facets: Vec::new(),
        count_stories: false,
        ..request.clone()
    }
}

/// The matches of `query` but those of any of `excluded`.
fn without(query: Box<dyn Query>, excluded: &[Box<dyn Query>]) -> Box<dyn Query> {
    let mut clauses = vec![(Occur::Must, query)];
    clauses.extend(
        excluded
            .iter()
            .map(|q| (Occur::MustNot, exclusion::excluded(q.box_clone()))),
    );
    Box::new(BooleanQuery::new(clauses))
}

/// Partial matches of a long query are picked and ranked among this many candidates at a
/// time (see [`Searcher::rank_partial`]).
const PARTIAL_CANDIDATES: usize = 100;

/// The most candidates read for partial matches, however far the page.
const MAX_PARTIAL_WINDOW: usize = 64 * PARTIAL_CANDIDATES;

/// The documents a phase of a search ranked, which the phases after it leave out.
enum Ranked {
    /// Every one, as its ranking saw them.
    Documents(Vec<DocAddress>),
    /// Too many to list: the query matching them.
    Query(Box<dyn Query>),
}

impl Ranked {
    /// The matches of `prepared`, given every one of them when its ranking saw them all.
    fn of(prepared: &PreparedQuery, every_match: Option<Vec<DocAddress>>) -> Ranked {
        match every_match {
            Some(documents) => Ranked::Documents(documents),
            None => Ranked::Query(prepared.query().box_clone()),
        }
    }

    /// The documents, read from the index for a query.
    fn documents(self, searcher: &tantivy::Searcher) -> tantivy::Result<Vec<DocAddress>> {
        match self {
            Ranked::Documents(documents) => Ok(documents),
            Ranked::Query(query) => Ok(Vec::from_iter(searcher.search(&query, &DocSetCollector)?)),
        }
    }
}

/// The partial matches of a long query: documents allowed by `prepared`'s query holding at
/// least `minimum` of its words (its ranked syllables), but for those of `excluded`; not
/// counted.
struct PartialMatches {
    prepared: PreparedQuery,
    minimum: usize,
    excluded: HashSet<DocAddress>,
}

impl PartialMatches {
    /// The documents of `ranked` that are partial matches, in the same order.
    fn matching(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        ranked: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<(f32, DocAddress)>, Error> {
        let allowed = self
            .prepared
            .query()
            .weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut in_doc_order: Vec<DocAddress> = (ranked.iter().map(|(_, a)| *a))
            .filter(|address| !self.excluded.contains(address))
            .collect();
        in_doc_order.sort();
        let mut matching = HashSet::new();
        for segment in in_doc_order.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let reader = searcher.segment_reader(segment[0].segment_ord);
            let mut allowed = allowed.scorer(reader, 1.0)?;
            let mut words = self.postings(reader, fields)?;
            for &address in segment {
                let doc = address.doc_id;
                let held = words
                    .iter_mut()
                    .map(|[title, body]| title.holds(doc) | body.holds(doc))
                    .filter(|&held| held)
                    .count();
                if held >= self.minimum {
                    if allowed.doc() < doc {
                        allowed.seek(doc);
                    }
                    if allowed.doc() == doc {
                        matching.insert(address);
                    }
                }
            }
        }
        Ok(ranked
            .into_iter()
            .filter(|(_, address)| matching.contains(address))
            .collect())
    }

    /// Each word's postings in one segment, in the title and in the body (none in the body for
    /// `title:`).
    fn postings(
        &self,
        reader: &tantivy::SegmentReader,
        fields: &Fields,
    ) -> tantivy::Result<Vec<[UnionPostings; 2]>> {
        let postings = |field, terms: &[String]| {
            UnionPostings::open(reader, field, terms, IndexRecordOption::Basic)
        };
        self.prepared
            .compiled
            .ranked
            .iter()
            .map(|word| {
                let body = match word.title_only {
                    true => postings(fields.body, &[])?,
                    false => postings(fields.body, word.exact_forms())?,
                };
                Ok([postings(fields.title, word.exact_forms())?, body])
            })
            .collect()
    }
}

/// The library's error for a query that cannot be compiled.
fn compile_error(spec: &QuerySpec, error: CompileError) -> Error {
    match error {
        CompileError::NothingToSearch => Error::nothing_to_search(&spec.query),
        CompileError::PrefixTooBroad(prefix) => Error::prefix_too_broad(prefix, MAX_PREFIX_WORDS),
        CompileError::PrefixesTooBroad(prefixes) => {
            Error::prefixes_too_broad(prefixes, MAX_QUERY_PREFIX_WORDS)
        }
        CompileError::TooManySpellings(word) => Error::too_many_spellings(word, MAX_SPELLINGS),
    }
}

/// Other spellings of an accent-free word shown at most, by how many documents hold them.
const MAX_OTHER_SPELLINGS: usize = 5;
/// Spellings tried per word (the most frequent ones).
const OTHER_SPELLINGS_PER_WORD: usize = 3;
/// Spellings of a whole query counted at most: beyond, one word at a time is spelled otherwise,
/// in this many of the ways held by most documents.
const MAX_SPELLINGS_COUNTED: usize = 27;

/// How an accent-free query was read, and what its other spellings would match: see
/// [`Searcher::other_spellings`]. Its record, the last line of `tracuu search --json` for such a
/// query, is `{"type":"spellings","reading","others":[{"text","documents"}],"any_spelling"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "spellings")]
#[non_exhaustive]
pub struct Spellings {
    /// The reading every count uses.
    pub reading: String,
    /// Other spellings documents hold, most frequent first, with the documents each matches.
    pub others: Vec<Spelling>,
    /// Documents matching any spelling (`--any-spelling`).
    pub any_spelling: usize,
}

/// One spelling of a query and the documents it matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Spelling {
    /// The query written with this spelling.
    pub text: String,
    /// Documents it matches.
    pub documents: usize,
}

/// A ranked match, before its document is read (see [`Searcher::read_documents`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ScoredDoc {
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    pub(crate) address: DocAddress,
}

/// The ranked matches of a search, before their documents are read.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Ranking {
    /// Documents matching in all.
    pub total: usize,
    /// The requested page of matches, best first.
    pub best: Vec<ScoredDoc>,
    /// Counts per facet value, as in [`SearchResults::facets`].
    pub facets: Vec<Facet>,
    /// Stories among the matching documents, as in [`SearchResults::stories`].
    pub stories: Option<usize>,
    /// Every matching document, when the ranking saw every one (a later phase of a search
    /// leaves them out without running the query again).
    pub(crate) every_match: Option<Vec<DocAddress>>,
    /// The places the matches take in the whole list when a page reaches past its end: the
    /// documents, or with stories collapsed the stories ranked (a later phase's hits come after
    /// them).
    pub(crate) places: usize,
}

/// A query parsed and compiled against one index, ready to run many times or to find its
/// matches in stored text.
pub struct PreparedQuery {
    compiled: Compiled,
}

impl PreparedQuery {
    /// What counts as an occurrence in body text: what concordances show and trends count.
    pub fn matcher(&self) -> &Matcher {
        &self.compiled.matcher
    }

    /// What a snippet of body text highlights: the occurrences, and in a text where a group
    /// never stands side by side, its words apart (see [`Matcher::without_stand_ins`]).
    pub fn highlighter(&self) -> &Matcher {
        &self.compiled.highlighter
    }

    /// What a title highlights: occurrences in the title, `title:` terms included.
    pub fn title_matcher(&self) -> &Matcher {
        &self.compiled.title_matcher
    }

    /// The query as its accent-free words were read, when a reading guessed marks (see
    /// [`SearchResults::reading`]).
    pub fn reading(&self) -> Option<&str> {
        self.compiled.reading.as_deref()
    }

    /// The members of synonym groups in the query and what each also matched (empty without
    /// any, or with [`QuerySpec::expand`] off).
    pub fn expansions(&self) -> &[Expansion] {
        &self.compiled.expansions
    }

    pub(crate) fn query(&self) -> &dyn Query {
        self.compiled.query.as_ref()
    }
}

/// Searches one index. Cheap to share between threads. It sees the index as committed when it
/// was created, until [`reload`](Searcher::reload): every query of one program then counts the
/// same documents, even while another process adds to the index.
pub struct Searcher {
    index: ArticleIndex,
    reader: IndexReader,
    synonyms: Synonyms,
    mined: Vec<MinedDefinition>,
    /// The index's spellings of accent-free words, found once per commit seen.
    pub(crate) spellings: SpellingCache,
}

/// The synonyms file stored with an index (`tracuu index --synonyms FILE` writes it): its
/// groups expand every query of the index.
pub const SYNONYMS_FILE: &str = "tracuu-synonyms.txt";

impl Searcher {
    /// Opens the index in `dir` for searching.
    pub fn open(dir: &Path) -> Result<Searcher, Error> {
        Searcher::new(ArticleIndex::open(dir)?)
    }

    /// Searches an index already open.
    pub fn new(index: ArticleIndex) -> Result<Searcher, Error> {
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mined = mined_definitions(&reader.searcher(), index.fields().definitions)?;
        let mut synonyms = Synonyms::built_in().clone();
        if let Some(stored) = index.dir().map(|dir| dir.join(SYNONYMS_FILE)) {
            if stored.exists() {
                let text = std::fs::read_to_string(&stored)
                    .map_err(|error| Error::synonyms_file(&stored, error.to_string()))?;
                let user = Synonyms::parse(&text, Origin::User)
                    .map_err(|error| Error::synonyms_file(&stored, error.to_string()))?;
                synonyms.extend(&user);
            }
        }
        for definition in &mined {
            if definition.documents >= MIN_DOCUMENTS_TO_EXPAND {
                synonyms.add(definition.group());
            }
        }
        Ok(Searcher {
            index,
            reader,
            synonyms,
            mined,
            spellings: SpellingCache::default(),
        })
    }

    /// Sees the documents committed since the searcher was created or last reloaded.
    ///
    /// # Errors
    /// Tantivy failing to read the index's new segments.
    pub fn reload(&self) -> Result<(), Error> {
        Ok(self.reader.reload()?)
    }

    /// The index searched.
    pub fn index(&self) -> &ArticleIndex {
        &self.index
    }

    /// Documents searchable (deleted ones not counted).
    pub fn num_documents(&self) -> u64 {
        self.tantivy().num_docs()
    }

    /// Segments the index is split into.
    pub fn num_segments(&self) -> usize {
        self.tantivy().segment_readers().len()
    }

    /// Names the documents the searcher sees, for what is computed from them and kept on disk:
    /// each segment's id and the stamp of its last deletions. A commit that adds, replaces or
    /// deletes documents, or a merge, gives another version; reopening the same commit gives
    /// the same one.
    pub fn index_version(&self) -> String {
        let searcher = self.tantivy();
        let segments: Vec<String> = searcher
            .generation()
            .segments()
            .iter()
            .map(|(segment, deletes)| match deletes {
                Some(stamp) => format!("{}-{stamp}", segment.uuid_string()),
                None => segment.uuid_string(),
            })
            .collect();
        segments.join(",")
    }

    pub(crate) fn fields(&self) -> Fields {
        self.index.fields()
    }

    /// A tantivy searcher on the last commit seen.
    pub(crate) fn tantivy(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// Parses and compiles a query, with the default ranking weights.
    ///
    /// # Errors
    /// An invalid query, or one with nothing to search for.
    pub fn prepare(&self, spec: &QuerySpec) -> Result<PreparedQuery, Error> {
        self.prepare_with(spec, &Readings::default())
    }

    /// [`prepare`](Self::prepare), taking the readings of accent-free words from `readings`
    /// when they were chosen before, and keeping there those it chooses.
    ///
    /// # Errors
    /// As [`prepare`](Self::prepare).
    pub fn prepare_with(
        &self,
        spec: &QuerySpec,
        readings: &Readings,
    ) -> Result<PreparedQuery, Error> {
        let parsed = spec.parse()?;
        let dates = parsed.date_range().intersect(&spec.dates);
        let searcher = self.reader.searcher();
        let with_extra;
        let synonyms = match &spec.synonyms {
            Some(extra) => {
                let mut all = self.synonyms.clone();
                all.extend(extra);
                with_extra = all;
                &with_extra
            }
            None => &self.synonyms,
        };
        let mut compiler = Compiler::new(
            &searcher,
            &self.spellings,
            readings,
            self.fields(),
            Leniency::of(spec),
        );
        if spec.expand {
            compiler = compiler.with_synonyms(synonyms);
        }
        let compiled = compiler
            .compile(parsed.node.as_ref(), &dates)
            .map_err(|error| compile_error(spec, error))?;
        Ok(PreparedQuery { compiled })
    }

    /// [`prepare`](Self::prepare) for the query of a search.
    ///
    /// # Errors
    /// As [`prepare`](Self::prepare).
    pub fn prepare_search(&self, request: &SearchRequest) -> Result<PreparedQuery, Error> {
        self.prepare(&request.spec)
    }

    /// The groups of equivalent expressions queries are expanded with (see
    /// [`crate::synonyms`]): built-in, stored with the index ([`SYNONYMS_FILE`]), and mined
    /// from its documents by at least [`MIN_DOCUMENTS_TO_EXPAND`] documents each.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// Every definition of an abbreviation found in the index's documents, most documents
    /// first (as of the last commit seen when the searcher was created).
    pub fn mined_definitions(&self) -> &[MinedDefinition] {
        &self.mined
    }

    /// Documents holding `text` as a phrase, as written, without expansion.
    pub(crate) fn count_phrase(&self, text: &str) -> Result<usize, Error> {
        let phrase = QueryNode::Phrase {
            text: text.to_string(),
            field: None,
            slop: 0,
        };
        let searcher = self.reader.searcher();
        match Compiler::new(
            &searcher,
            &self.spellings,
            &Readings::default(),
            self.fields(),
            Leniency::default(),
        )
        .compile(Some(&phrase), &DateRange::ALL)
        {
            Ok(compiled) => Ok(searcher.search(compiled.query.as_ref(), &Count)?),
            Err(_) => Ok(0),
        }
    }

    /// Every document dated in `dates` (every document for [`DateRange::ALL`]), as a query with
    /// nothing to highlight.
    pub fn every_document(&self, dates: &DateRange) -> PreparedQuery {
        let searcher = self.reader.searcher();
        let compiled = Compiler::new(
            &searcher,
            &self.spellings,
            &Readings::default(),
            self.fields(),
            Leniency::default(),
        )
        .compile(None, dates)
        .unwrap_or_else(|_| unreachable!("a query without words compiles to its date range"));
        PreparedQuery { compiled }
    }

    /// Counts every document `query` matches by each of `fields` (one [`Facet`] per distinct
    /// field, in the order given).
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn count_by(
        &self,
        query: &PreparedQuery,
        fields: &[FacetField],
    ) -> Result<Vec<Facet>, Error> {
        Ok(self
            .tantivy()
            .search(query.query(), &FacetCollector::new(fields))?)
    }

    /// Documents `query` matches in all, without reading any.
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn count(&self, query: &PreparedQuery) -> Result<usize, Error> {
        Ok(self.tantivy().search(query.query(), &Count)?)
    }

    /// For a query of accent-free words (one word or group, as most are), the spellings other
    /// than the chosen reading that documents hold, with how many documents each matches, and
    /// how many match any spelling; `None` for other queries. Counts come from the index's
    /// postings, no document is read.
    ///
    /// # Errors
    /// An invalid query ([`ErrorKind::InvalidQuery`](crate::ErrorKind::InvalidQuery), as
    /// [`search`](Self::search) says), or tantivy failing to read the index.
    pub fn other_spellings(&self, spec: &QuerySpec) -> Result<Option<Spellings>, Error> {
        self.other_spellings_with(spec, &Readings::default())
    }

    /// [`other_spellings`](Self::other_spellings), taking the query's reading from `readings`
    /// when it was chosen before (by [`search_with`](Self::search_with), say), and keeping it
    /// there otherwise.
    ///
    /// # Errors
    /// As [`other_spellings`](Self::other_spellings).
    pub fn other_spellings_with(
        &self,
        spec: &QuerySpec,
        readings: &Readings,
    ) -> Result<Option<Spellings>, Error> {
        let parsed = spec.parse()?;
        if spec.fold || spec.any_spelling || spec.fuzzy {
            return Ok(None);
        }
        let Some(QueryNode::Word { text, field: None } | QueryNode::Group { text, field: None }) =
            &parsed.node
        else {
            return Ok(None);
        };
        let words: Vec<_> = analyze(text)
            .into_iter()
            .filter(|t| t.kind == tracuu_indexer::analysis::TokenKind::Word)
            .collect();
        if words.is_empty() || words.iter().any(|w| w.term != w.folded) {
            return Ok(None);
        }
        let searcher = self.tantivy();
        let fields = self.fields();
        let syllables =
            with_breaks((words.iter()).map(|w| (Syllable::Folded(w.folded.clone()), w.position)));
        let reading = readings.choose(&searcher, &fields, &self.spellings, &syllables);
        // The query with every option and date as given, its words written as `spelling`:
        // counted as typed so, a spelling that is no expression of a group (`ủy ban nhận dân`)
        // does not count the documents of the group's other expressions (`UBND`) as the reading
        // may. Its words without diacritics are read as they are, not read again.
        let count_of = |spelling: &[String]| -> Result<usize, Error> {
            let respelled_words = (words.iter().zip(spelling))
                .map(|(word, spelled)| (word.start..word.end, spelled.as_str()));
            let typed = QuerySpec {
                query: respelled(text, respelled_words),
                dates: spec.dates.intersect(&parsed.date_range()),
                ..spec.clone()
            };
            let fixed = Readings::fixed(syllables.clone(), spelling.to_vec());
            self.count(&self.prepare_with(&typed, &fixed)?)
        };
        // Every combination of each word's most frequent spellings, or, for long queries, the
        // reading with one word spelled otherwise: the spellings held by most documents, up to
        // MAX_SPELLINGS_COUNTED, so that the counts grow with the query's length, not with its
        // square.
        let per_word: Vec<Vec<(String, u64)>> = words
            .iter()
            .map(|word| {
                candidates(&searcher, &fields, &self.spellings, &word.folded)
                    .into_iter()
                    .filter(|(_, df)| *df > 0)
                    .take(OTHER_SPELLINGS_PER_WORD)
                    .collect()
            })
            .collect();
        // Saturating: sixty-four words of two spellings each would wrap around to 0.
        let combinations = (per_word.iter()).fold(1usize, |n, c| n.saturating_mul(c.len().max(1)));
        let mut spellings: Vec<Vec<String>> = Vec::new();
        if combinations <= MAX_SPELLINGS_COUNTED {
            spellings.push(Vec::new());
            for (i, candidates) in per_word.iter().enumerate() {
                let choices: Vec<String> = match candidates.is_empty() {
                    true => vec![reading[i].clone()],
                    false => candidates.iter().map(|(term, _)| term.clone()).collect(),
                };
                spellings = spellings
                    .into_iter()
                    .flat_map(|prefix| {
                        choices.iter().map(move |choice| {
                            let mut longer = prefix.clone();
                            longer.push(choice.clone());
                            longer
                        })
                    })
                    .collect();
            }
        } else {
            let mut changes: Vec<(u64, usize, &String)> = (per_word.iter().enumerate())
                .flat_map(|(i, candidates)| candidates.iter().map(move |(t, df)| (*df, i, t)))
                .filter(|&(_, i, term)| *term != reading[i])
                .collect();
            changes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, i, candidate) in changes.into_iter().take(MAX_SPELLINGS_COUNTED) {
                let mut spelling = reading.clone();
                spelling[i] = candidate.clone();
                spellings.push(spelling);
            }
        }
        let mut alternatives: Vec<Spelling> = Vec::new();
        for spelling in spellings.into_iter().filter(|s| *s != reading) {
            let text = spelling.join(" ");
            let documents = count_of(&spelling)?;
            if documents > 0 && !alternatives.iter().any(|a| a.text == text) {
                alternatives.push(Spelling { text, documents });
            }
        }
        alternatives.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.text.cmp(&b.text)));
        alternatives.truncate(MAX_OTHER_SPELLINGS);
        let every = self.prepare_with(&spec.clone().any_spelling(true), readings)?;
        Ok(Some(Spellings {
            reading: reading.join(" "),
            others: alternatives,
            any_spelling: self.count(&every)?,
        }))
    }

    /// Runs a search and returns the requested page of hits with snippets.
    ///
    /// # Errors
    /// An invalid query, or tantivy failing to read the index.
    ///
    /// For an accent-free query, the hits are the documents of its reading; when they run out
    /// before the page does, the page goes on with documents of other spellings only, marked
    /// [`Hit::other_spelling`] (their number: [`other_spellings`](Self::other_spellings)).
    ///
    /// A long query (plain words, no OR, phrase, prefix or field, of at least five syllables)
    /// sorted by relevance goes on the same way, after them, with the documents holding at least
    /// half its words but not all, marked [`Hit::partial`]: a pasted sentence finds its article
    /// even when a word or two of it are missing there. They are never counted in
    /// [`SearchResults::total`].
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, Error> {
        self.search_with(request, &Readings::default())
    }

    /// [`search`](Self::search), taking the readings of accent-free words from `readings` when
    /// they were chosen before, and keeping there those it chooses: share one [`Readings`]
    /// among the calls made for one query (a search, its other spellings, its compiled form for
    /// a count) so that each reading is chosen once.
    ///
    /// # Errors
    /// As [`search`](Self::search).
    pub fn search_with(
        &self,
        request: &SearchRequest,
        readings: &Readings,
    ) -> Result<SearchResults, Error> {
        // The query, its other spellings and its partial matches read its words alike.
        let prepared = self.prepare_with(&request.spec, readings)?;
        let ranking = self.rank(&prepared, request)?;
        let snippets = Finder::new(&prepared.compiled.highlighter);
        let mut hits = self.read_documents(&ranking.best, |scored, doc| {
            Hit::new(doc, scored.score, &prepared, &snippets)
        })?;
        // The documents ranked so far, and how many: each continuation leaves them out and
        // starts after them.
        let mut ranked = vec![Ranked::of(&prepared, ranking.every_match)];
        let mut before = ranking.places;
        let spec = &request.spec;
        let read = prepared.reading().is_some() && !spec.any_spelling && !spec.fold && !spec.fuzzy;
        if read && hits.len() < request.limit {
            let others = self.other_spellings_only(request, &prepared, readings)?;
            let more = self.rank(&others, &rest_of_page(request, hits.len(), before))?;
            let snippets = Finder::new(&others.compiled.highlighter);
            hits.extend(self.read_documents(&more.best, |scored, doc| {
                let mut hit = Hit::new(doc, scored.score, &others, &snippets);
                hit.other_spelling = true;
                hit
            })?);
            before += more.places;
            ranked.push(Ranked::of(&others, more.every_match));
        }
        if request.sort == SortOrder::Relevance && hits.len() < request.limit {
            if let Some(partial) = self.partial_matches(request, ranked, readings)? {
                let rest = rest_of_page(request, hits.len(), before);
                let best = self.rank_partial(&partial, &rest)?;
                let snippets = Finder::new(&partial.prepared.compiled.highlighter);
                hits.extend(self.read_documents(&best, |scored, doc| {
                    let mut hit = Hit::new(doc, scored.score, &partial.prepared, &snippets);
                    hit.partial = true;
                    hit
                })?);
            }
        }
        if request.collapse {
            self.collapse_hits(&mut hits)?;
        }
        Ok(SearchResults {
            total: ranking.total,
            hits,
            reading: prepared.reading().map(str::to_string),
            facets: ranking.facets,
            expansions: prepared.expansions().to_vec(),
            stories: ranking.stories,
        })
    }

    /// Keeps the first hit of each story (the phases of a search are collapsed each on its own,
    /// a story may come back in a later one) and lists the other members of its story.
    fn collapse_hits(&self, hits: &mut Vec<Hit>) -> Result<(), Error> {
        let mut seen = HashSet::new();
        hits.retain(|hit| seen.insert(hit.story));
        let searcher = self.tantivy();
        let fields = self.fields();
        for hit in hits {
            hit.copies = stories::copies(&searcher, &fields, hit.story, &hit.id)?;
        }
        Ok(())
    }

    /// The story of the document with this id, `None` when no document has it.
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn story_of(&self, id: &str) -> Result<Option<u64>, Error> {
        Ok(stories::story_of(&self.tantivy(), &self.fields(), id)?)
    }

    /// The story of each of `docs`, in order (`None` for a document of an index written before
    /// stories), read from fast fields (no stored document is read).
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn stories_of(&self, docs: &[ScoredDoc]) -> Result<Vec<Option<u64>>, Error> {
        let searcher = self.tantivy();
        let mut columns = stories::StoryColumns::new(&searcher);
        Ok(docs
            .iter()
            .map(|doc| columns.story(doc.address))
            .collect::<tantivy::Result<_>>()?)
    }

    /// The publications of `story`, its original first (the earliest dated, then the first
    /// indexed), then by date (undated last) and order indexed; at most `limit`.
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn story_members(&self, story: u64, limit: usize) -> Result<Vec<StoryMember>, Error> {
        Ok(stories::story_members(
            &self.tantivy(),
            &self.fields(),
            story,
            limit,
        )?)
    }

    /// Every document `query` matches with its story, source, date and order indexed, read
    /// from the fast fields (no stored document is read).
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn publications(&self, query: &PreparedQuery) -> Result<Vec<Publication>, Error> {
        Ok(stories::publications(&self.tantivy(), query.query())?)
    }

    /// The page of `request` among the partial matches of `partial`, which are not counted.
    ///
    /// Candidates are the documents that score best on any of the rarest syllables that every
    /// partial match holds one of (a union of terms), taken in runs of [`PARTIAL_CANDIDATES`]:
    /// the partial matches of each run (those holding enough of the words, and allowed) are
    /// ranked, and come before those of the next run. Runs are added until the page is full,
    /// the candidates run out or [`MAX_PARTIAL_WINDOW`] were read, so that a later page goes on
    /// from where an earlier one stopped.
    fn rank_partial(
        &self,
        partial: &PartialMatches,
        request: &SearchRequest,
    ) -> Result<Vec<ScoredDoc>, Error> {
        let searcher = self.tantivy();
        let fields = self.fields();
        let syllables = &partial.prepared.compiled.ranked;
        let page = request.offset.saturating_add(request.limit);
        let documents = index_documents(&searcher);
        // A document holding `minimum` of n words holds one of the n - minimum + 1 rarest.
        let mut by_rarity: Vec<(u64, &RankedSyllable)> = syllables
            .iter()
            .map(|s| {
                let mut df = 0;
                for term in s.any_forms() {
                    df += searcher.doc_freq(&Term::from_field_text(fields.body, term))?;
                }
                Ok((df, s))
            })
            .collect::<tantivy::Result<_>>()?;
        by_rarity.sort_by_key(|(df, _)| *df);
        let rarest: Vec<RankedSyllable> = by_rarity
            .iter()
            .take((syllables.len() + 1).saturating_sub(partial.minimum).min(6))
            .map(|(_, s)| (*s).clone())
            .collect();
        let candidates = any_syllable_query(&searcher, &fields, &rarest);
        let mut window = page
            .div_ceil(PARTIAL_CANDIDATES)
            .max(1)
            .saturating_mul(PARTIAL_CANDIDATES)
            .min(documents);
        let mut ranked = Vec::new();
        let mut ranked_candidates = 0;
        let kept = loop {
            // Counted along, so that tantivy visits every match: for this many candidates its
            // block-max pruning skips little and costs more than it saves (a tenth of a
            // sentence's search).
            let (_, best) = searcher.search(
                candidates.as_ref(),
                &(Count, TopDocs::with_limit(window).order_by_score()),
            )?;
            let read_all = best.len() < window || window == documents;
            // A wider window starts with the runs already ranked.
            for run in best[ranked_candidates..].chunks(PARTIAL_CANDIDATES) {
                let matching = partial.matching(&searcher, &fields, run.to_vec())?;
                ranked.extend(rerank(
                    &searcher,
                    &fields,
                    syllables,
                    request.weights,
                    matching,
                )?);
            }
            ranked_candidates = best.len();
            let kept = match request.collapse {
                true => stories::collapse(&searcher, ranked.clone())?,
                false => ranked.clone(),
            };
            if kept.len() >= page || read_all || window >= MAX_PARTIAL_WINDOW {
                break kept;
            }
            window = (window * 4).min(MAX_PARTIAL_WINDOW).min(documents);
        };
        Ok(kept
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|(score, address)| ScoredDoc { score, address })
            .collect())
    }

    /// For a long query (see [`LONG_QUERY_WORDS`](crate::compile::LONG_QUERY_WORDS)), the
    /// documents holding at least half its words (each read as in the query), none excluded, and
    /// none that `ranked` match (those holding every word, and any other spellings ranked before
    /// them on the page); `None` for other queries.
    fn partial_matches(
        &self,
        request: &SearchRequest,
        ranked: Vec<Ranked>,
        readings: &Readings,
    ) -> Result<Option<PartialMatches>, Error> {
        let spec = &request.spec;
        let parsed = spec.parse()?;
        let Some(node) = &parsed.node else {
            return Ok(None);
        };
        let dates = parsed.date_range().intersect(&spec.dates);
        let searcher = self.reader.searcher();
        let some_words = Compiler::new(
            &searcher,
            &self.spellings,
            readings,
            self.fields(),
            Leniency::of(spec),
        )
        .compile_some_words(node, &dates)
        .map_err(|error| compile_error(spec, error))?;
        let Some(SomeWords {
            allowed: mut compiled,
            minimum,
        }) = some_words
        else {
            return Ok(None);
        };
        let mut excluded = HashSet::new();
        for phase in ranked {
            excluded.extend(phase.documents(&searcher)?);
        }
        compiled.candidates = None;
        compiled.reading = None;
        Ok(Some(PartialMatches {
            prepared: PreparedQuery { compiled },
            minimum,
            excluded,
        }))
    }

    /// The documents an accent-free query matches in any spelling but its reading's.
    fn other_spellings_only(
        &self,
        request: &SearchRequest,
        reading: &PreparedQuery,
        readings: &Readings,
    ) -> Result<PreparedQuery, Error> {
        let mut any = self.prepare_with(&request.spec.clone().any_spelling(true), readings)?;
        let read = [reading.query().box_clone()];
        any.compiled.query = without(any.compiled.query, &read);
        any.compiled.candidates = any.compiled.candidates.map(|q| without(q, &read));
        any.compiled.reading = None;
        Ok(any)
    }

    /// The matches of a prepared query in the order and page of `request`, with their count and
    /// facets, without reading stored documents: what [`search`](Self::search) ranks (for
    /// evaluations and tools that need only the order).
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn rank(
        &self,
        prepared: &PreparedQuery,
        request: &SearchRequest,
    ) -> Result<Ranking, Error> {
        let searcher = self.reader.searcher();
        let query = prepared.query();
        let page = request.offset.saturating_add(request.limit);
        let documents = index_documents(&searcher);
        let compiled = &prepared.compiled;
        // One typed term is ordered as the ranking orders it (see `one_term_query`).
        let one_term = match request.sort {
            SortOrder::Relevance if compiled.one_term => Some(one_term_query(
                &searcher,
                &self.fields(),
                &compiled.ranked[0],
                request.weights,
                compiled.dates.as_deref(),
            )?),
            _ => None,
        };
        // The best matches ranked: the ranking's candidates, or the page when they come in the
        // ranking's order (with room for the copies collapsing leaves out). Collapsed stories
        // leave fewer documents than ranked: rank more until the page is full, every match was
        // ranked, or MAX_COLLAPSE_WINDOW were.
        let mut window = match (request.sort, &one_term) {
            (SortOrder::Relevance, Some(_)) if request.collapse => {
                page.saturating_mul(ONE_TERM_COLLAPSE_ROOM)
            }
            (SortOrder::Relevance, None) if !compiled.ranked.is_empty() => {
                page.div_ceil(CANDIDATES).saturating_mul(CANDIDATES)
            }
            _ => page,
        }
        .clamp(1, documents);
        let (total, best, every_match, facets, stories, places) = loop {
            let facets = (!request.facets.is_empty()).then(|| FacetCollector::new(&request.facets));
            let stories = request.count_stories.then_some(StoryCount);
            let (total, best, facets, stories) = match request.sort {
                SortOrder::Relevance => {
                    let syllables = &compiled.ranked;
                    let candidates = (one_term.as_deref())
                        .or(compiled.candidates.as_deref())
                        .unwrap_or(query);
                    let (total, best, facets, stories) = searcher.search(
                        candidates,
                        &(
                            Count,
                            TopDocs::with_limit(window).order_by_score(),
                            facets,
                            stories,
                        ),
                    )?;
                    let ranked =
                        rerank(&searcher, &self.fields(), syllables, request.weights, best)?;
                    (total, ranked, facets, stories)
                }
                SortOrder::Date => {
                    let top = TopDocs::with_limit(window)
                        .order_by_fast_field::<i64>(Fields::DATE_NAME, Order::Desc);
                    let (total, by_date, facets, stories) =
                        searcher.search(query, &(Count, top, facets, stories))?;
                    let best = by_date.into_iter().map(|(_, address)| (0.0, address));
                    (total, best.collect(), facets, stories)
                }
            };
            let every_match = (best.len() == total).then(|| best.iter().map(|&(_, a)| a).collect());
            let stories = stories.map(|tally| tally.stories() as usize);
            if !request.collapse {
                break (total, best, every_match, facets, stories, total);
            }
            let ranked_all = best.len() < window || window == documents;
            let kept = stories::collapse(&searcher, best)?;
            if kept.len() >= page || ranked_all || window >= MAX_COLLAPSE_WINDOW {
                let places = kept.len();
                break (total, kept, every_match, facets, stories, places);
            }
            window = (window * 4).min(MAX_COLLAPSE_WINDOW).min(documents);
        };
        Ok(Ranking {
            total,
            best: best
                .into_iter()
                .skip(request.offset)
                .take(request.limit)
                .map(|(score, address)| ScoredDoc { score, address })
                .collect(),
            facets: facets.unwrap_or_default(),
            stories,
            every_match,
            places,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_leaves_out_the_same_documents_listed_or_by_its_query() {
        let index = ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .expect("writer");
        let bodies = [
            "Ủy ban nhân dân tỉnh họp bàn kế hoạch phòng chống thiên tai.",
            "Hội nghị bàn về kế hoạch phát triển kinh tế của tỉnh.",
            "Tỉnh ủy họp, ủy ban nhân dân báo cáo kế hoạch năm 2024.",
            "Giá vàng hôm nay tăng mạnh.",
        ];
        for (i, body) in bodies.iter().enumerate() {
            let article =
                tracuu_indexer::Article::new(format!("d{i}"), "", *body).with_path("test");
            writer.add(&article).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = Searcher::new(index).expect("searcher");
        let request = SearchRequest::new(QuerySpec::new("kế hoạch tỉnh"));
        let prepared = searcher.prepare_search(&request).expect("prepared");
        let ranking = searcher.rank(&prepared, &request).expect("ranking");
        let listed = ranking.every_match.expect("three matches, all ranked");
        let by_query = Ranked::of(&prepared, None)
            .documents(&searcher.tantivy())
            .expect("documents");
        let sorted = |mut documents: Vec<DocAddress>| {
            documents.sort();
            documents
        };
        assert_eq!(listed.len(), 3);
        assert_eq!(sorted(listed), sorted(by_query));
    }
}
