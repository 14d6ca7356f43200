//! Vietnamese text analysis, article readers and index building for tracuu.
//!
//! - [`analysis`]: normalisation and tokenisation of Vietnamese text into index terms;
//! - [`reader`]: article files (scraped pages, header text, plain documents, JSON lines,
//!   gzip/zstd) into [`Article`]s, with problems reported as [`reader::Issue`]s;
//! - [`ArticleIndex`] / [`ArticleWriter`]: the tantivy index and its writer;
//! - [`story`]: republished and lightly edited copies grouped into stories;
//! - [`index_paths`]: a whole indexing run, parallel and committed periodically;
//! - [`definitions`]: abbreviations defined in running text (`tổ chức cơ sở Đảng (TCCSĐ)`);
//! - [`Error`]: why an index could not be opened or written, with an [`ErrorKind`] to match on.
#![deny(missing_docs)]

pub mod analysis;
pub mod date;
pub mod definitions;
mod directory;
mod error;
mod fingerprint;
mod index;
mod pipeline;
mod read_only;
pub mod reader;
mod schema;
pub mod story;
mod writer_lock;

pub use date::Date;
pub use error::{Error, ErrorKind};
pub use index::{
    AddOutcome, ArticleIndex, ArticleWriter, PreparedArticle, WriterOptions, INDEX_FORMAT,
    MAX_THREADS,
};
pub use pipeline::{index_paths, IndexOptions, IndexSummary};
pub use reader::Article;
pub use schema::Fields;
