//! Query parsing, ranking and snippets over a tracuu index: the library other tools embed.
//!
//! Open an index with [`Searcher::open`], describe a search with [`SearchRequest`], and read
//! typed [`Hit`]s with their [`Snippet`]s and highlight ranges.
//!
//! ```no_run
//! use tracuu_query::{SearchRequest, Searcher};
//!
//! let searcher = Searcher::open("tracuu-index".as_ref())?;
//! let results = searcher.search(&SearchRequest::new("dang uy").limit(5))?;
//! for hit in &results.hits {
//!     println!("{} {}", hit.id, hit.snippet.marked("[", "]"));
//! }
//! # Ok::<(), tracuu_query::SearchError>(())
//! ```
#![deny(missing_docs)]

mod compile;
pub mod date_filter;
pub mod export;
pub mod facets;
pub mod kwic;
mod matcher;
pub mod parse;
mod reading;
mod search;
mod snippet;
pub mod stats;
pub mod trend;

pub use compile::Weights;
pub use export::{Export, ExportRequest, ExportedDoc};
pub use facets::{Facet, FacetCollector, FacetCount, FacetField, FacetValue};
pub use kwic::{Concordance, KwicLine, KwicRequest, KwicSort};
pub use matcher::{Matcher, Occurrence};
pub use parse::{parse_query, ParsedQuery, QueryError};
pub use search::{Hit, Ranking, SearchError, SearchRequest, SearchResults, Searcher, SortOrder};
pub use snippet::{make_snippet, Snippet};
pub use stats::{IndexStats, UtcDateTime};
pub use trend::{Period, PeriodKey, PeriodTotal, Trend, TrendCount, TrendRequest, TrendSeries};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeExamples;
