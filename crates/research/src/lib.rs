//! Research views over a tracuu index, built on the public API of the search core
//! (`tracuu-query`): what a researcher of political discourse reads besides a ranked page.
//!
//! - [`kwic()`]: a concordance, every occurrence of a query with its context;
//! - [`trend()`]: documents and occurrences per year or month, per 1,000 articles, and
//!   [`draw_trend`] for a chart of it;
//! - [`export()`]: every matching document, streamed oldest first;
//! - [`reuse()`]: stories of republished and edited copies, and what each copy changed;
//! - [`stats()`]: what an index holds;
//! - [`collocates()`]: the words and n-grams near a query, with association scores;
//! - [`keywords()`]: what a set of documents says more (or less) than a reference;
//! - [`ngrams()`]: the most frequent runs of syllables;
//! - [`dispersion()`]: how evenly a query spreads (Gries' DP), and [`draw_dispersion`] for a
//!   plot of where it falls.
//!
//! Each view takes a [`Searcher`](tracuu_query::Searcher) and a request whose query is a
//! [`QuerySpec`](tracuu_query::QuerySpec), and follows the same diacritic rules as the search.
//!
//! ```no_run
//! use tracuu_query::Searcher;
//! use tracuu_research::{kwic, KwicRequest};
//!
//! let searcher = Searcher::open("tracuu-index".as_ref())?;
//! let concordance = kwic(&searcher, &KwicRequest::new("\"đảng viên\"").context(5))?;
//! for line in &concordance.lines {
//!     println!("{} [{}] {}", line.left, line.matched, line.right);
//! }
//! # Ok::<(), tracuu_research::Error>(())
//! ```
#![deny(missing_docs)]

pub mod association;
mod chart;
pub mod collocates;
pub mod dispersion;
mod error;
pub mod export;
pub mod function_words;
pub mod keywords;
pub mod kwic;
pub mod ngrams;
pub mod reuse;
pub mod stats;
pub mod trend;
pub mod unit_table;
mod units;

pub use association::{association, keyness, Association, Keyness};
pub use chart::{draw_dispersion, draw_trend, ChartFormat};
pub use collocates::{collocates, Collocate, Collocates, CollocatesRequest, Measure, Side};
pub use dispersion::{dispersion, Dispersion, DispersionRequest, DispersionRow, PeriodShare};
pub use error::{Error, ErrorKind};
pub use export::{export, Export, ExportRequest, ExportedDoc};
pub use keywords::{
    keywords, Direction, KeynessMeasure, Keyword, Keywords, KeywordsRequest, ReferenceCounts,
};
pub use kwic::{kwic, kwic_each, Concordance, KwicLine, KwicRequest, KwicSort, KwicSummary};
pub use ngrams::{ngrams, Ngram, Ngrams, NgramsRequest};
pub use reuse::{reuse, Reuse, ReuseMember, ReuseRequest, ReuseStory};
pub use stats::{stats, IndexStats, SourceReuse, UtcDateTime};
pub use trend::{
    trend, Period, PeriodKey, PeriodTotal, Trend, TrendCount, TrendRequest, TrendRow, TrendSeries,
};
pub use unit_table::TableOrigin;
