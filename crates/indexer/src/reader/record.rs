//! Records read but not yet parsed, their stable ids, and text format detection.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::text::{clean_line, lines, short_hash};
use super::{header, jsonl, plain, scraped, Article, Format, Issue, IssueKind, PUBLICATION_YEARS};

/// A record not yet parsed: a whole text file, or one JSON line.
///
/// [`read_input`](super::read_input) produces these sequentially; [`RawRecord::parse`] is the
/// CPU-heavy part, meant to run in parallel.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The input's path (`-` for stdin).
    pub path: PathBuf,
    /// 1-based line, for a JSON line.
    pub line: Option<usize>,
    /// How [`RawRecord::text`] is laid out.
    pub format: Format,
    /// The decoded text: the whole file or one JSON line (without its newline).
    pub text: String,
    pub(super) origin: Origin,
    /// Whether this JSON line was the last of its file and had no newline (it may be truncated).
    pub(super) unterminated: bool,
}

/// Where a record came from, for deriving its id.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    /// A file: `<file stem>-<hash of the canonical absolute path>`.
    File { id_prefix: Arc<str> },
    /// The standard input: ids hash the content.
    Stdin,
}

impl Origin {
    /// The origin of the file at `path` (its canonical absolute path, if it can be found).
    pub(super) fn for_file(path: &Path) -> Origin {
        let absolute = std::fs::canonicalize(path)
            .or_else(|_| std::path::absolute(path))
            .unwrap_or_else(|_| path.to_path_buf());
        Origin::File {
            id_prefix: id_prefix(path, &absolute).into(),
        }
    }
}

/// `text` with the HTML entity of the no-break space that scraped pages leave in (`&nbsp;`, or
/// `&nbsp` without its semicolon, as in `&nbspTại`) written as the space it stands for, or
/// `None` when there is none. (Other entities are left: `KH&CN` is an abbreviation.)
fn decode_nbsp(text: &str) -> Option<String> {
    text.contains("&nbsp")
        .then(|| text.replace("&nbsp;", "\u{a0}").replace("&nbsp", "\u{a0}"))
}

/// `<stem>-<8 hex digits>`: the file name without compression and format extensions, and a hash
/// of `absolute`.
fn id_prefix(path: &Path, absolute: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut stem: &str = &name;
    for ext in [".gz", ".zst", ".zstd", ".txt", ".jsonl", ".ndjson", ".json"] {
        stem = stem.strip_suffix(ext).unwrap_or(stem);
    }
    let stem = if stem.is_empty() { "file" } else { stem };
    format!(
        "{stem}-{}",
        short_hash(absolute.as_os_str().as_encoded_bytes())
    )
}

impl RawRecord {
    /// A record for text already in memory, as if read from a file at `path` (which need not
    /// exist): the format is found by [`detect_text_format`] and derived ids hash `path`.
    pub fn from_text(path: impl Into<PathBuf>, text: impl Into<String>) -> RawRecord {
        let (path, text) = (path.into(), text.into());
        let origin = Origin::File {
            id_prefix: id_prefix(&path, &path).into(),
        };
        RawRecord {
            format: detect_text_format(&text),
            path,
            line: None,
            text,
            origin,
            unterminated: false,
        }
    }

    /// Parses the record into an article, with warnings (an invalid date, a truncated body...).
    ///
    /// This is the CPU-heavy part of reading: JSON parsing, boilerplate removal and metadata
    /// extraction. It never panics.
    ///
    /// # Errors
    ///
    /// A [`Severity::Rejected`](super::Severity::Rejected) issue naming the path (and line) when
    /// the record cannot be indexed: invalid JSON, a JSON value that is not an object, a field of
    /// the wrong type, a missing body, no text at all, an id longer than
    /// [`MAX_ID_BYTES`](super::MAX_ID_BYTES).
    pub fn parse(self) -> Result<(Article, Vec<Issue>), Issue> {
        let path = self.path.clone();
        let line = self.line;
        let (mut article, mut issues) = match self.format {
            Format::JsonLine => jsonl::parse(self),
            Format::HeaderText => header::parse(self),
            Format::ScrapedPage => scraped::parse(self),
            Format::PlainDocument => plain::parse(self),
        }?;
        for text in [&mut article.title, &mut article.body] {
            if let Some(decoded) = decode_nbsp(text) {
                *text = decoded;
            }
        }
        if let Some(date) = article
            .date
            .filter(|d| !PUBLICATION_YEARS.contains(&d.year()))
        {
            article.date = None;
            let message = format!(
                "date {date} outside {}–{}, ignored",
                PUBLICATION_YEARS.start(),
                PUBLICATION_YEARS.end()
            );
            issues.push(Issue::new(IssueKind::InvalidDate, path, line, message));
        }
        Ok((article, issues))
    }

    /// Size in bytes of the raw text (for throughput figures).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the raw text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The id of an article from this record that has none of its own.
    pub(super) fn derived_id(&self) -> String {
        match (&self.origin, self.line) {
            (Origin::File { id_prefix }, None) => id_prefix.to_string(),
            (Origin::File { id_prefix }, Some(line)) => format!("{id_prefix}:{line}"),
            (Origin::Stdin, None) => format!("stdin-{}", short_hash(self.text.as_bytes())),
            (Origin::Stdin, Some(line)) => {
                format!("stdin-{}:{line}", short_hash(self.text.as_bytes()))
            }
        }
    }

    /// A warning about this record, at `line` (a line of the file for text records).
    pub(super) fn warning(
        &self,
        kind: IssueKind,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Issue {
        Issue::new(kind, self.path.clone(), line.or(self.line), message)
    }

    /// Rejects this record.
    pub(super) fn rejected(&self, kind: IssueKind, message: impl Into<String>) -> Issue {
        Issue::new(kind, self.path.clone(), self.line, message)
    }

    /// An article from this record with only the location filled in.
    pub(super) fn empty_article(&self) -> Article {
        Article {
            id: String::new(),
            title: String::new(),
            body: String::new(),
            date: None,
            source: None,
            url: None,
            author: None,
            path: self.path.display().to_string(),
            line: self.line,
        }
    }
}

/// The format of a whole text file (JSON Lines are recognised earlier, by extension or a leading
/// `{`):
///
/// - [`Format::HeaderText`] if the first line is `# key = value`;
/// - [`Format::ScrapedPage`] if there are page boilerplate markers: a `- Advertisement -` line, a
///   weekday date line (`Thứ Ba, Tháng Chín 28, 2021`) among the first non-empty lines, or at
///   least two distinct end-of-page markers (`BÌNH LUẬN`, `bài liên quan`, `Các tin khác`,
///   `Mới nhất`, `(Nguồn: ...)`...);
/// - otherwise [`Format::PlainDocument`].
pub fn detect_text_format(text: &str) -> Format {
    let first_line = lines(text).next().unwrap_or("");
    if header::parse_header_line(first_line).is_some() {
        Format::HeaderText
    } else if scraped::has_page_markers(text) {
        Format::ScrapedPage
    } else {
        Format::PlainDocument
    }
}

/// Numbered lines of `text` (1-based, whatever their line ends), cleaned, skipping empty ones.
pub(super) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    lines(text)
        .enumerate()
        .map(|(i, line)| (i + 1, clean_line(line)))
        .filter(|(_, line)| !line.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct_across_directories() {
        let a = id_prefix(Path::new("a/tin.txt"), Path::new("/data/a/tin.txt"));
        let b = id_prefix(Path::new("b/tin.txt"), Path::new("/data/b/tin.txt"));
        assert_ne!(a, b);
        assert!(a.starts_with("tin-") && a.len() == "tin-".len() + 8, "{a}");
        assert_eq!(
            a,
            id_prefix(Path::new("a/tin.txt"), Path::new("/data/a/tin.txt"))
        );
        let jsonl = id_prefix(
            Path::new("train.jsonl.zst"),
            Path::new("/x/train.jsonl.zst"),
        );
        assert!(jsonl.starts_with("train-"), "{jsonl}");
    }

    #[test]
    fn stdin_ids_hash_the_content() {
        let record = |text: &str, line| RawRecord {
            path: "-".into(),
            line,
            format: Format::PlainDocument,
            text: text.into(),
            origin: Origin::Stdin,
            unterminated: false,
        };
        let id = record("Tiêu đề\nNội dung", None).derived_id();
        assert!(
            id.starts_with("stdin-") && id.len() == "stdin-".len() + 8,
            "{id}"
        );
        assert_eq!(id, record("Tiêu đề\nNội dung", None).derived_id());
        assert_ne!(id, record("Tiêu đề khác", None).derived_id());
        assert!(record("{}", Some(3)).derived_id().ends_with(":3"));
    }

    #[test]
    fn detects_each_text_format() {
        let cases = [
            (
                "# doc_id = tin-1\n# date = 20201101\nTiêu đề\nThân bài.\n",
                Format::HeaderText,
            ),
            (
                "20 C\nNew York\nThứ Ba, Tháng Chín 28, 2021\n\nTiêu đề bài viết\n",
                Format::ScrapedPage,
            ),
            (
                "Tiêu đề\n\nĐoạn một.\n\n- Advertisement -\n\nĐoạn hai.\n",
                Format::ScrapedPage,
            ),
            (
                "Tiêu đề\n\nĐoạn.\n\n(Nguồn: Báo Nghệ An)\n\nCác tin khác\n",
                Format::ScrapedPage,
            ),
            (
                "QUỐC HỘI\n\nLUẬT\n\nBÁO CHÍ\n\nĐiều 1. Phạm vi\n",
                Format::PlainDocument,
            ),
            ("# Tiêu đề markdown\nĐoạn văn.\n", Format::PlainDocument),
            (
                "Bình luận\n\nMột văn bản có một tiêu đề Bình luận.\n",
                Format::PlainDocument,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_text_format(text), expected, "text {text:?}");
        }
    }
}
