//! Reading one input: opening, decompressing, decoding, detecting the format and yielding records.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::decode::{self, Compression, Encoding, Utf16Reader, SNIFF_BYTES};
use super::record::{detect_text_format, Origin, RawRecord};
use super::text::clean_line;
use super::{jsonl, Article, Input, Issue, IssueKind, MAX_DOCUMENT_BYTES};

/// Buffer size for reading files and decompressed streams.
const BUFFER_BYTES: usize = 256 * 1024;

/// File extensions (before any `.gz`/`.zst`) that mean JSON Lines.
const JSON_EXTENSIONS: [&str; 4] = ["jsonl", "ndjson", "json", "jsonlines"];

/// Reads the raw records of one input, sequentially and streamed, calling `sink` for each record
/// or issue, in order.
///
/// gzip and zstd are decompressed whatever the file is called (by their magic bytes). The text is
/// decoded as UTF-8 (a byte-order mark is dropped; invalid sequences become U+FFFD with a warning)
/// or, after a UTF-16 byte-order mark, as UTF-16. Then:
///
/// - a file named `*.jsonl`, `*.ndjson`, `*.json` (optionally `.gz`/`.zst`), or whose text starts
///   with a JSON object (`{"` or `{}`), is JSON Lines: one [`RawRecord`] per non-blank line,
///   never holding the file in memory;
/// - any other text file is one record, whose [`Format`](super::Format) is found by
///   [`detect_text_format`]; only its first [`MAX_DOCUMENT_BYTES`] are read.
///
/// Empty and binary files give a warning and no record. Unreadable files, corrupt compressed
/// streams (after every complete record before the damage) and invalid records are rejected.
pub fn read_input(input: &Input, sink: &mut dyn FnMut(Result<RawRecord, Issue>)) {
    read_input_counted(input, &Arc::default(), sink);
}

/// [`read_input`], adding to `file_bytes` the bytes read from the file as they are read
/// (compressed bytes for a compressed file): how far a run has got.
pub(crate) fn read_input_counted(
    input: &Input,
    file_bytes: &Arc<AtomicU64>,
    sink: &mut dyn FnMut(Result<RawRecord, Issue>),
) {
    let path = input.path().to_path_buf();
    let (reader, origin, by_name) = match input {
        Input::Stdin => (
            Box::new(io::stdin().lock()) as Box<dyn Read>,
            Origin::Stdin,
            false,
        ),
        Input::File(file) => match File::open(file) {
            Ok(handle) => (
                Box::new(Counted {
                    inner: handle,
                    bytes: Arc::clone(file_bytes),
                }) as Box<dyn Read>,
                Origin::for_file(file),
                named_json_lines(file),
            ),
            Err(error) => return sink(Err(Issue::io(path, None, &error))),
        },
    };
    let stream = Stream {
        path,
        origin,
        json_by_name: by_name,
    };
    if let Err(issue) = stream.read(reader, sink) {
        sink(Err(issue));
    }
}

/// A reader that counts the bytes it reads.
struct Counted<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.bytes.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// Reads every input and parses every record, sequentially: handy for tests and small inputs.
/// Returns the articles and all issues, in order.
pub fn read_all(input: &Input) -> (Vec<Article>, Vec<Issue>) {
    let mut articles = Vec::new();
    let mut issues = Vec::new();
    read_input(input, &mut |item| match item.and_then(RawRecord::parse) {
        Ok((article, warnings)) => {
            articles.push(article);
            issues.extend(warnings);
        }
        Err(issue) => issues.push(issue),
    });
    (articles, issues)
}

/// Whether the file name says JSON Lines (`train.jsonl.zst`).
fn named_json_lines(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut name = name.as_str();
    for compressed in [".gz", ".zst", ".zstd"] {
        name = name.strip_suffix(compressed).unwrap_or(name);
    }
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| JSON_EXTENSIONS.contains(&ext))
}

/// One input being read.
struct Stream {
    path: PathBuf,
    origin: Origin,
    json_by_name: bool,
}

impl Stream {
    /// Decompresses and decodes `reader`, then reads it as JSON Lines or as one text record.
    fn read(
        self,
        mut reader: Box<dyn Read>,
        sink: &mut dyn FnMut(Result<RawRecord, Issue>),
    ) -> Result<(), Issue> {
        let magic = decode::read_head(&mut reader, 4).map_err(|e| self.rejected(&e))?;
        let compression = Compression::sniff(&magic);
        let mut reader = compression
            .decoder(Box::new(Cursor::new(magic).chain(reader)))
            .map_err(|e| self.rejected(&e))?;
        let mut head =
            decode::read_head(&mut reader, SNIFF_BYTES).map_err(|e| self.rejected(&e))?;
        match Encoding::sniff(&head) {
            Encoding::Utf8 { bom } => {
                head.drain(..bom);
                if decode::looks_binary(&head) {
                    let message = "binary file skipped";
                    return Err(Issue::new(IssueKind::Binary, self.path, None, message));
                }
            }
            Encoding::Utf32 => {
                let message = "UTF-32 text is not read (convert it to UTF-8): skipped";
                return Err(Issue::new(IssueKind::Binary, self.path, None, message));
            }
            Encoding::Utf16 { big_endian } => {
                let rest = Cursor::new(head.split_off(2)).chain(reader);
                reader = Box::new(Utf16Reader::new(rest, big_endian));
                head =
                    decode::read_head(&mut reader, SNIFF_BYTES).map_err(|e| self.rejected(&e))?;
            }
        }
        let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
        let json_array = first == Some(b'[') && !first_line_is_whole(&head);
        let json_object = starts_a_json_object(&head);
        let reader = Cursor::new(head).chain(reader);
        if self.json_by_name || json_object {
            if json_array {
                let message =
                    "a JSON array is not supported: expected JSON Lines (one object per line)";
                return Err(Issue::new(IssueKind::JsonArray, self.path, None, message));
            }
            jsonl::read_lines(
                BufReader::with_capacity(BUFFER_BYTES, reader),
                &self.path,
                &self.origin,
                sink,
            );
            Ok(())
        } else {
            self.read_document(reader, sink)
        }
    }

    /// Reads one text record of at most [`MAX_DOCUMENT_BYTES`].
    fn read_document(
        self,
        reader: impl Read,
        sink: &mut dyn FnMut(Result<RawRecord, Issue>),
    ) -> Result<(), Issue> {
        let mut bytes = Vec::new();
        let limit = MAX_DOCUMENT_BYTES as u64 + 1;
        reader
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| self.rejected(&e))?;
        let truncated = bytes.len() > MAX_DOCUMENT_BYTES;
        decode::truncate_utf8(&mut bytes, MAX_DOCUMENT_BYTES);
        let (text, bad_line) = decode::decode_utf8(bytes);
        if let Some(line) = bad_line {
            let message = "invalid UTF-8 decoded with replacement characters";
            let issue = Issue::new(
                IssueKind::InvalidUtf8,
                self.path.clone(),
                Some(line),
                message,
            );
            sink(Err(issue));
        }
        if truncated {
            let message = "document truncated to 8 MiB";
            sink(Err(Issue::new(
                IssueKind::Truncated,
                self.path.clone(),
                None,
                message,
            )));
        }
        // Invisible characters (zero-width spaces, BOMs, soft hyphens) count as white space,
        // as they hold no word for the analyzer.
        if clean_line(&text).is_empty() {
            return Err(Issue::new(IssueKind::Empty, self.path, None, "empty file"));
        }
        let format = detect_text_format(&text);
        let (path, origin) = (self.path, self.origin);
        sink(Ok(RawRecord {
            path,
            line: None,
            format,
            text,
            origin,
            unterminated: false,
        }));
        Ok(())
    }

    fn rejected(&self, error: &io::Error) -> Issue {
        Issue::io(self.path.clone(), None, error)
    }
}

/// Whether the first line of `head` is a whole JSON value followed by more lines: then the file
/// is JSON Lines whose first line is not an object (rejected alone), not a JSON array spread over
/// lines (rejected whole).
fn first_line_is_whole(head: &[u8]) -> bool {
    let Some(end) = head.iter().position(|&b| b == b'\n' || b == b'\r') else {
        return false;
    };
    serde_json::from_slice::<serde::de::IgnoredAny>(&head[..end]).is_ok()
}

/// Whether `head` starts with a JSON object: `{` and then `"` or `}` (white space and line breaks
/// aside), not text that opens with a brace (`{Ảnh: TTXVN} Hội nghị…`).
fn starts_a_json_object(head: &[u8]) -> bool {
    let mut significant = head.iter().copied().filter(|b| !b.is_ascii_whitespace());
    significant.next() == Some(b'{') && matches!(significant.next(), Some(b'"' | b'}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_names() {
        for yes in [
            "a.jsonl",
            "a.JSONL",
            "a.ndjson",
            "a.json",
            "train.jsonl.zst",
            "b.json.gz",
            "c.jsonl.zstd",
        ] {
            assert!(named_json_lines(Path::new(yes)), "{yes}");
        }
        for no in ["a.txt", "jsonl", "a.jsonl.txt", "a.gz", "a"] {
            assert!(!named_json_lines(Path::new(no)), "{no}");
        }
    }
}
