//! Reading article files: the input side of `tracuu index`.
//!
//! Reading happens in three steps:
//!
//! 1. [`discover`] expands command-line paths (files, directories, `-` for stdin) into [`Input`]s,
//!    in a deterministic order;
//! 2. [`read_input`] streams one input sequentially: it decompresses gzip or zstd (recognised by
//!    their magic bytes), decodes UTF-8 or UTF-16, detects the [`Format`] and yields
//!    [`RawRecord`]s: a whole text file, or one line of a JSON Lines file;
//! 3. [`RawRecord::parse`] does the CPU-heavy work (JSON parsing, boilerplate removal, metadata
//!    extraction) and returns an [`Article`]; callers run it in parallel.
//!
//! Bad input never panics: every problem becomes an [`Issue`] naming the path, and the line when
//! there is one, with an [`IssueKind`] to match on. A [`Severity::Warning`] means the input was
//! still read (lossy decoding, truncation, an empty or binary file skipped);
//! [`Severity::Rejected`] means a record or file could not be indexed.
//!
//! The four formats are described on [`Format`]; in all of them a line ends with `\n`, `\r\n` or
//! a lone `\r` (old Mac files). Vietnamese dates are read by [`parse_vietnamese_date`].
//!
//! # Example
//!
//! ```
//! use tracuu_indexer::reader::{read_input, Input};
//!
//! let dir = std::env::temp_dir().join(format!("tracuu-reader-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("tin.txt");
//! std::fs::write(
//!     &path,
//!     "# doc_id = tin-1\n# date = 20201101\nQuốc hội khai mạc kỳ họp\nSáng nay, Quốc hội khai mạc kỳ họp thứ 10.\n",
//! )?;
//!
//! let mut articles = Vec::new();
//! read_input(&Input::File(path), &mut |item| match item {
//!     Ok(raw) => articles.push(raw.parse().expect("a valid article").0),
//!     Err(issue) => eprintln!("{issue}"),
//! });
//! assert_eq!(articles[0].id, "tin-1");
//! assert_eq!(articles[0].title, "Quốc hội khai mạc kỳ họp");
//! assert_eq!(articles[0].date.unwrap().to_string(), "2020-11-01");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), std::io::Error>(())
//! ```
#![deny(missing_docs)]

mod decode;
mod discover;
mod header;
mod input;
mod issue;
mod jsonl;
mod plain;
mod record;
mod scraped;
mod text;
mod vietnamese_date;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

pub use discover::{discover, is_article_file};
pub(crate) use input::read_input_counted;
pub use input::{read_all, read_input};
pub use issue::{Issue, IssueKind, Severity};
pub use record::{detect_text_format, RawRecord};
pub use vietnamese_date::parse_vietnamese_date;

/// Largest article body kept, in bytes: longer text files and JSON bodies are truncated on a
/// character boundary, with a [`Severity::Warning`].
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// The years a publication date may have: a date outside them (`0001-01-01`, `9999-12-31` for
/// "unknown") is ignored with a warning, as it would stretch every trend over centuries.
pub const PUBLICATION_YEARS: std::ops::RangeInclusive<u16> = 1800..=2100;

/// Longest document id accepted, in bytes: an id is one term of the index, which cannot hold
/// terms of 64 KiB or more (a longer id could not be found again, so each run would add the
/// article anew). A longer id is [`Severity::Rejected`].
pub const MAX_ID_BYTES: usize = 1024;

/// Longest JSON line accepted, in bytes: a longer line is [`Severity::Rejected`] and skipped up to
/// the next line end without being held in memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// One article ready for indexing: built by the readers, or with [`Article::new`] and the
/// `with_` methods.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Article {
    /// Stable identifier: the JSON `id` or header `doc_id` when given, otherwise derived from the
    /// file stem and a hash of its canonical path (`000_0538a5d340dbff31-1a2b3c4d`), with
    /// `:<line>` appended for a JSON line; for stdin, from a hash of the content.
    pub id: String,
    /// The title: given, or the first substantial line of the text.
    pub title: String,
    /// The article text without title and boilerplate, paragraphs separated by `"\n"`.
    pub body: String,
    /// The publication date, when one was found and valid.
    pub date: Option<crate::Date>,
    /// The publisher: `(Nguồn: Báo Nghệ An)` gives `Báo Nghệ An`; else the JSON or header
    /// `source`; else the URL's host without `www.` (`dantri.com.vn`).
    pub source: Option<String>,
    /// The original URL, when given.
    pub url: Option<String>,
    /// The author: the signature line at the end of a scraped page (`Đ.V`) or the given `author`.
    pub author: Option<String>,
    /// Display path of the file the article came from (`-` for stdin).
    pub path: String,
    /// 1-based line of the record in a JSON Lines file.
    pub line: Option<usize>,
}

impl Article {
    /// An article with an id, a title and a body, and nothing else known yet.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        body: impl Into<String>,
    ) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            date: None,
            source: None,
            url: None,
            author: None,
            path: String::new(),
            line: None,
        }
    }

    /// Sets the publication date.
    pub fn with_date(mut self, date: Option<crate::Date>) -> Article {
        self.date = date;
        self
    }

    /// Sets the publisher.
    pub fn with_source(mut self, source: Option<String>) -> Article {
        self.source = source;
        self
    }

    /// Sets the original URL.
    pub fn with_url(mut self, url: Option<String>) -> Article {
        self.url = url;
        self
    }

    /// Sets the author.
    pub fn with_author(mut self, author: Option<String>) -> Article {
        self.author = author;
        self
    }

    /// Sets the display path of the file the article came from.
    pub fn with_path(mut self, path: impl Into<String>) -> Article {
        self.path = path.into();
        self
    }
}

/// How a [`RawRecord`]'s text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A web page saved as text: site boilerplate at the top and bottom (weather, a weekday date,
    /// `- Advertisement -`, comment box, related articles), a title line, paragraphs, a
    /// `(Nguồn: ...)` line and an author signature.
    ScrapedPage,
    /// `# key = value` header lines (`doc_id`, `url`, `date`, optionally `title`, `source`,
    /// `author`, `summary`), then the title line, then one paragraph per line.
    HeaderText,
    /// Any other text, such as a law: the title is its first non-empty line (or, for Vietnamese
    /// legal documents, the document type and name, `LUẬT BÁO CHÍ`).
    PlainDocument,
    /// One JSON object of a JSON Lines file: `id`, `title`, `text`/`body`/`content`, `summary`,
    /// `date`, `source`, `url`, `author`.
    JsonLine,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::ScrapedPage => "scraped page",
            Format::HeaderText => "header text",
            Format::PlainDocument => "plain document",
            Format::JsonLine => "JSON line",
        })
    }
}

/// Something to read articles from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    /// The standard input, named `-` on the command line and in messages.
    Stdin,
    /// A file (or a pipe, such as `<(zcat x.gz)`).
    File(PathBuf),
}

impl Input {
    /// The path as given, or `-`: in issues and, displayed, in [`Article::path`].
    pub fn path(&self) -> &Path {
        match self {
            Input::Stdin => Path::new("-"),
            Input::File(path) => path,
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path().display())
    }
}
