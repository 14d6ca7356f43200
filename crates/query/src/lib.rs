//! The tracuu search core: the query language, ranking, snippets, facets and document access
//! over a tracuu index. Research views (concordances, trends, exports...) are built on this
//! public API in `tracuu-research`; other tools embed it the same way.
//!
//! Open an index with [`Searcher::open`], describe a search with [`SearchRequest`], and read
//! typed [`Hit`]s with their [`Snippet`]s and highlight ranges.
//!
//! ```no_run
//! use tracuu_query::{SearchRequest, Searcher};
//!
//! let searcher = Searcher::open("tracuu-index".as_ref())?;
//! let results = searcher.search(&SearchRequest::new("dang uy").limit(5)?)?;
//! for hit in &results.hits {
//!     println!("{} {}", hit.id, hit.snippet.marked("[", "]"));
//! }
//! # Ok::<(), tracuu_query::Error>(())
//! ```
#![deny(missing_docs)]

mod abbreviations;
mod compile;
pub mod date_filter;
mod documents;
mod error;
mod exclusion;
mod expansion;
mod facets;
mod finder;
mod fuzzy;
mod index_order;
pub mod latency;
mod matcher;
mod near;
pub mod parse;
mod rank;
mod reading;
mod search;
mod seeking;
mod snippet;
mod spellings;
mod stories;
mod suggest;
pub mod synonyms;

pub use abbreviations::{AbbreviationEntry, FormCount};
pub use date_filter::DateRange;
pub use documents::{DocRef, Document, Located};
pub use error::{Error, ErrorKind};
pub use expansion::Expansion;
pub use facets::{Facet, FacetCount, FacetField, FacetValue, FacetsLine, FacetsLineCount};
pub use finder::Finder;
pub use matcher::{without_overlaps, Matcher, Occurrence};
pub use parse::{parse_query, ParsedQuery, QueryError};
pub use rank::Weights;
pub use reading::Readings;
pub use search::{
    CountLine, Hit, PreparedQuery, QuerySpec, Ranking, ScoredDoc, SearchRequest, SearchResults,
    Searcher, SortOrder, Spelling, Spellings, MAX_LIMIT, SYNONYMS_FILE,
};
pub use snippet::{make_snippet, mark_ranges, Snippet, SNIPPET_CHARS};
pub use stories::{story_text, Copy, Publication, StoryMember, StoryTally, MAX_COPIES_LISTED};
pub use suggest::{Suggestion, FEW_DOCUMENTS};
pub use synonyms::mined::MinedDefinition;
pub use synonyms::{Origin, SynonymGroup, Synonyms, SynonymsError};
pub use tracuu_indexer::analysis::{AnalyzedToken, TokenKind};
pub use tracuu_indexer::Date;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;
