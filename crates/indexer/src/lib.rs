//! Vietnamese text analysis, article readers and index building for tracuu.
pub mod analysis;
pub mod date;
pub mod reader;

pub use date::Date;
