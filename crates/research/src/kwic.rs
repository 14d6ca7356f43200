//! Concordances (keyword in context): every occurrence of a query in the body of every matching
//! document, with the words around it, as the author wrote them.
//!
//! Occurrences are found with the query's [`Matcher`](tracuu_query::Matcher), so they follow the same
//! diacritic rules as the search (`tham nhũng` finds `Tham nhũng` in any Unicode form; `tham
//! nhung` also finds `thâm nhung`...). Only the documents the tantivy query matches are read;
//! their stored bodies are read and analysed in parallel.
//!
//! A document that matches only in its title, or holds a group's words apart, has no line
//! (lines point into the body text, at occurrences); the summary counts such documents apart.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::io::{Read, Write};
use std::path::PathBuf;

use extsort::{ExternalSorter, Sortable};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tracuu_indexer::analysis::is_space;
use tracuu_query::{
    AnalyzedToken, Date, Document, Finder, Occurrence, QuerySpec, Searcher, TokenKind,
};

use crate::Error;

/// Words of context on each side by default.
pub const DEFAULT_CONTEXT: usize = 8;

/// Words of context on each side at most: a concordance line is read at a glance, and each
/// line's context is analysed and kept until printed.
pub const MAX_CONTEXT: usize = 100;

/// Documents read and analysed at a time (in parallel).
pub const CHUNK_DOCS: usize = 256;

/// How concordance lines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// Oldest document first, then by document id and position in the text; undated last.
    #[default]
    Date,
    /// By the words just left of the match, nearest word first (so `… chống tham nhũng` lines
    /// group together), ignoring diacritics first and then with them; ties by date.
    Left,
    /// By the words right of the match, in reading order, as for `Left`; ties by date.
    Right,
}

/// What to find and how to show it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KwicRequest {
    /// The query (a word, a `"phrase"`, or any query: every positive word and phrase of it is
    /// shown).
    pub spec: QuerySpec,
    /// Words (syllables) of context on each side (default [`DEFAULT_CONTEXT`]).
    pub context: usize,
    /// Order of the lines.
    pub sort: KwicSort,
    /// At most this many lines (after sorting); `None` for all.
    pub limit: Option<usize>,
    /// Where a sort by context makes the temporary directory it spills lines to; `None` for the
    /// system's temporary directory.
    pub spill_dir: Option<PathBuf>,
}

impl KwicRequest {
    /// A request for every occurrence of `spec` (a [`QuerySpec`] or just the query text), by
    /// date, with the default context.
    pub fn new(spec: impl Into<QuerySpec>) -> KwicRequest {
        KwicRequest {
            spec: spec.into(),
            context: DEFAULT_CONTEXT,
            sort: KwicSort::Date,
            limit: None,
            spill_dir: None,
        }
    }

    /// Sets the words of context on each side, at most [`MAX_CONTEXT`].
    pub fn context(mut self, words: usize) -> KwicRequest {
        self.context = words.min(MAX_CONTEXT);
        self
    }

    /// Sets the order of the lines.
    pub fn sort(mut self, sort: KwicSort) -> KwicRequest {
        self.sort = sort;
        self
    }

    /// Keeps at most `limit` lines (`None`: all).
    pub fn limit(mut self, limit: Option<usize>) -> KwicRequest {
        self.limit = limit;
        self
    }

    /// Makes the temporary directory of a sort by context in `dir` rather than in the system's
    /// temporary directory. It is removed when the sort ends, but a process killed meanwhile
    /// leaves it: a caller that may be interrupted passes a directory of its own to remove then.
    pub fn spill_dir(mut self, dir: impl Into<PathBuf>) -> KwicRequest {
        self.spill_dir = Some(dir.into());
        self
    }
}

/// One occurrence with its context.
///
/// The context and the match are the document's own text with every run of white space
/// (line breaks included) shown as one space, the white space between them left out (whether
/// there was some is `space_before` and `space_after`: `Covid` is followed by `-19` with none);
/// `start..end` are the match's byte offsets in the stored body, as written.
///
/// This is the record of `tracuu kwic --json` and `--csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct KwicLine {
    /// The document's id.
    pub id: String,
    /// The document's date.
    pub date: Option<Date>,
    /// The document's source.
    pub source: Option<String>,
    /// The words before the match (with the punctuation between them).
    pub left: String,
    /// The match as written.
    #[serde(rename = "match")]
    pub matched: String,
    /// The words after the match.
    pub right: String,
    /// Byte offset of the match in the body text.
    pub start: usize,
    /// Byte offset just past the match in the body text.
    pub end: usize,
    /// Whether white space stands just before the match in the text.
    pub space_before: bool,
    /// Whether white space stands just after the match in the text.
    pub space_after: bool,
}

/// The lines of a concordance, and how many there are in all.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Concordance {
    /// The lines, sorted, at most [`KwicRequest::limit`] of them.
    pub lines: Vec<KwicLine>,
    /// Documents the query matches (including those matching only in the title).
    pub documents: usize,
    /// Occurrences in all matching documents, or `None` when the scan stopped early because
    /// the first `limit` lines by date were found.
    pub occurrences: Option<usize>,
    /// Matching documents without an occurrence in the body (the query matches their title, or
    /// a group's words stand apart in them), or `None` when the scan stopped early.
    pub without_occurrences: Option<usize>,
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
}

/// What a streamed concordance ([`kwic_each`]) covered.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KwicSummary {
    /// Lines given to the callback.
    pub lines: usize,
    /// Documents the query matches (including those matching only in the title).
    pub documents: usize,
    /// Occurrences in all matching documents, or `None` when the scan stopped early because
    /// the first `limit` lines by date were found.
    pub occurrences: Option<usize>,
    /// Matching documents without an occurrence in the body (the query matches their title, or
    /// a group's words stand apart in them), or `None` when the scan stopped early.
    pub without_occurrences: Option<usize>,
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
}

/// A line and its sort key.
#[derive(Serialize, Deserialize)]
struct Keyed {
    line: KwicLine,
    key: String,
    undated: bool,
}

/// Sorted lines are spilled to temporary files past this many (a few hundred bytes each at
/// the default context, a few kilobytes at the largest).
const SORT_SEGMENT_LINES: usize = 20_000;

/// Every occurrence of the query in the matching documents, with context (see the
/// [module docs](crate::kwic)), collected; [`kwic_each`] streams them instead.
///
/// # Errors
/// An invalid query, or the index failing to read.
pub fn kwic(searcher: &Searcher, request: &KwicRequest) -> Result<Concordance, Error> {
    let mut lines = Vec::new();
    let summary = kwic_each(searcher, request, |line| {
        lines.push(line);
        Ok::<(), Error>(())
    })?;
    Ok(Concordance {
        lines,
        documents: summary.documents,
        occurrences: summary.occurrences,
        without_occurrences: summary.without_occurrences,
        reading: summary.reading,
    })
}

/// Gives every line of the concordance to `emit`, in order, as soon as it is known.
///
/// By date (the default order), documents are read oldest first, [`CHUNK_DOCS`] at a time,
/// and their lines given out before the next are read: memory holds one chunk, and the first
/// line comes early. With a limit, no document gives more lines than are still wanted, and
/// its occurrences are looked for only in the beginning of its text that holds them (see
/// [`Finder::find_first`]): the cost is bounded by the limit, however often a document repeats
/// the query. By context, every line must be seen before the first is known: with a limit,
/// only the best `limit` lines of each document and of all are kept; without one, lines are
/// sorted on disk past [`SORT_SEGMENT_LINES`].
///
/// # Errors
/// An invalid query, the index failing to read, a temporary file failing to write, or the
/// first error `emit` returns (which stops the scan).
pub fn kwic_each<E: From<Error>>(
    searcher: &Searcher,
    request: &KwicRequest,
    mut emit: impl FnMut(KwicLine) -> Result<(), E>,
) -> Result<KwicSummary, E> {
    let prepared = searcher.prepare(&request.spec).map_err(Error::from)?;
    let finder = Finder::new(prepared.matcher());
    let sort = request.sort;
    let by_date = sort == KwicSort::Date;
    let mut docs = searcher
        .matching_documents(&prepared, by_date)
        .map_err(Error::from)?;
    let context = request.context;
    let limit = request.limit.unwrap_or(usize::MAX);
    let mut without_occurrences = 0;
    let mut emitted = 0;
    let mut found = 0;
    let mut complete = true;
    if by_date {
        // Documents in line order: the lines of one chunk all come before the next chunk's.
        docs.par_sort_unstable_by(|a, b| a.chronological(b));
        for (n, chunk) in docs.chunks(CHUNK_DOCS).enumerate() {
            if emitted >= limit {
                complete = n * CHUNK_DOCS >= docs.len();
                break;
            }
            // No document gives more lines than are still wanted; finding one more occurrence
            // than that tells that the count is not known.
            let wanted = limit - emitted;
            let per_document = searcher
                .read_documents(chunk, |_, doc: &Document| {
                    let (tokens, occurrences) = match request.limit {
                        Some(_) => finder.find_first(doc.body(), context, wanted.saturating_add(1)),
                        None => finder.find(doc.body(), context),
                    };
                    let more = occurrences.len() > wanted;
                    let shown = &occurrences[..occurrences.len().min(wanted)];
                    let lines: Vec<Keyed> = doc_lines(doc, &tokens, shown, context, sort).collect();
                    (lines, more)
                })
                .map_err(Error::from)?;
            let mut lines = Vec::new();
            for (doc_lines, more) in per_document {
                without_occurrences += usize::from(doc_lines.is_empty());
                complete &= !more;
                lines.extend(doc_lines);
            }
            lines.sort_unstable_by(|a, b| compare(a, b, sort));
            found += lines.len();
            for keyed in lines.into_iter().take(limit - emitted) {
                emit(keyed.line)?;
                emitted += 1;
            }
        }
    } else if let Some(limit) = request.limit {
        // The best `limit` lines of each document, then of all: the first lines in order are
        // among them.
        let mut best = Best::new(limit, sort);
        for chunk in docs.chunks(CHUNK_DOCS) {
            let per_document = searcher
                .read_documents(chunk, |_, doc: &Document| {
                    let (tokens, occurrences) = finder.find(doc.body(), context);
                    let mut best = Best::new(limit, sort);
                    best.extend(doc_lines(doc, &tokens, &occurrences, context, sort));
                    (best, occurrences.len())
                })
                .map_err(Error::from)?;
            for (doc_best, occurrences) in per_document {
                without_occurrences += usize::from(occurrences == 0);
                found += occurrences;
                best.extend(doc_best.lines.into_vec().into_iter().map(|line| line.0));
            }
        }
        for keyed in best.into_sorted() {
            emit(keyed.line)?;
            emitted += 1;
        }
    } else {
        let parent = (request.spill_dir.clone()).unwrap_or_else(std::env::temp_dir);
        let sort_failed = |error| Error::io(&parent, error);
        // Made here rather than by the sorter, so that it is made in `parent`; removed when
        // dropped, after the sorted lines are read.
        let spill = tempfile::Builder::new()
            .prefix("tracuu-kwic-sort-")
            .tempdir_in(&parent)
            .map_err(sort_failed)?;
        let mut sorter = ExternalSorter::new()
            .with_segment_size(SORT_SEGMENT_LINES)
            .with_parallel_sort()
            .with_sort_dir(spill.path().to_path_buf())
            .pushed_by(move |a: &Keyed, b: &Keyed| compare(a, b, sort));
        for chunk in docs.chunks(CHUNK_DOCS) {
            let per_document = searcher
                .read_documents(chunk, |_, doc: &Document| {
                    let (tokens, occurrences) = finder.find(doc.body(), context);
                    doc_lines(doc, &tokens, &occurrences, context, sort).collect::<Vec<_>>()
                })
                .map_err(Error::from)?;
            for lines in per_document {
                without_occurrences += usize::from(lines.is_empty());
                for keyed in lines {
                    sorter.push(keyed).map_err(sort_failed)?;
                    found += 1;
                }
            }
        }
        for keyed in sorter.done().map_err(sort_failed)? {
            emit(keyed.map_err(sort_failed)?.line)?;
            emitted += 1;
        }
    }
    Ok(KwicSummary {
        lines: emitted,
        documents: docs.len(),
        occurrences: complete.then_some(found),
        without_occurrences: complete.then_some(without_occurrences),
        reading: prepared.reading().map(str::to_string),
    })
}

/// The first lines in an order, at most `limit` of them, kept as a heap whose top is the
/// last of them.
struct Best {
    limit: usize,
    sort: KwicSort,
    lines: BinaryHeap<Ordered>,
}

/// A line ordered for [`Best`]'s heap.
struct Ordered(Keyed, KwicSort);

impl PartialEq for Ordered {
    fn eq(&self, other: &Ordered) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Ordered) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Ordered) -> Ordering {
        compare(&self.0, &other.0, self.1)
    }
}

impl Best {
    fn new(limit: usize, sort: KwicSort) -> Best {
        Best {
            limit,
            sort,
            lines: BinaryHeap::new(),
        }
    }

    /// Keeps those of `lines` that are among the first `limit` so far.
    fn extend(&mut self, lines: impl IntoIterator<Item = Keyed>) {
        for keyed in lines {
            let line = Ordered(keyed, self.sort);
            if self.lines.len() < self.limit {
                self.lines.push(line);
            } else if let Some(mut last) = self.lines.peek_mut() {
                if line < *last {
                    *last = line;
                }
            }
        }
    }

    /// The lines kept, in order.
    fn into_sorted(self) -> impl Iterator<Item = Keyed> {
        self.lines.into_sorted_vec().into_iter().map(|line| line.0)
    }
}

impl Sortable for Keyed {
    fn encode<W: Write>(&self, writer: &mut W) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(self)?;
        writer.write_all(&(bytes.len() as u64).to_le_bytes())?;
        writer.write_all(&bytes)
    }

    fn decode<R: Read>(reader: &mut R) -> std::io::Result<Keyed> {
        let mut len = [0; 8];
        reader.read_exact(&mut len)?;
        let mut bytes = vec![0; u64::from_le_bytes(len) as usize];
        reader.read_exact(&mut bytes)?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

fn compare(a: &Keyed, b: &Keyed, sort: KwicSort) -> Ordering {
    let by_date = |a: &Keyed, b: &Keyed| {
        (a.undated, a.line.date, &a.line.id, a.line.start).cmp(&(
            b.undated,
            b.line.date,
            &b.line.id,
            b.line.start,
        ))
    };
    match sort {
        KwicSort::Date => by_date(a, b),
        KwicSort::Left | KwicSort::Right => a.key.cmp(&b.key).then_with(|| by_date(a, b)),
    }
}

/// The lines of one document from its analysed `tokens` (at least `context` words around each
/// of `occurrences`).
///
/// Lines are made as they are taken, so that a caller keeping few of them never holds all.
fn doc_lines<'a>(
    doc: &'a Document,
    tokens: &'a [AnalyzedToken],
    occurrences: &'a [Occurrence],
    context: usize,
    sort: KwicSort,
) -> impl Iterator<Item = Keyed> + 'a {
    let body = doc.body();
    let words: Vec<&AnalyzedToken> = match occurrences.is_empty() {
        true => Vec::new(),
        false => tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect(),
    };
    occurrences.iter().map(move |occurrence| {
        // Words wholly before the match, and wholly after it.
        let first_inside = words.partition_point(|w| w.start < occurrence.start);
        let first_after = words.partition_point(|w| w.start < occurrence.end);
        let left_words = &words[first_inside.saturating_sub(context)..first_inside];
        let right_words = &words[first_after..(first_after + context).min(words.len())];
        let left_start = match left_words.first() {
            Some(word) => extend_back(body, word.start),
            None => occurrence.start,
        };
        // The context ends at the end of its last word, or when there is no word after the
        // match, at the end of the punctuation closing it; with no context asked for, at
        // the match (whatever is attached to it, as `-19` to `Covid`, is context).
        let right_end = match right_words.last() {
            Some(word) => extend_forward(body, word.end),
            None if context > 0 => extend_forward(body, occurrence.end),
            None => occurrence.end,
        }
        .max(occurrence.end);
        let left_start = left_start.min(occurrence.start);
        let key = match sort {
            KwicSort::Date => String::new(),
            KwicSort::Left => sort_key(left_words.iter().rev().copied()),
            KwicSort::Right => sort_key(right_words.iter().copied()),
        };
        Keyed {
            line: KwicLine {
                id: doc.id().to_string(),
                date: doc.date(),
                source: doc.source().map(str::to_string),
                left: squash_spaces(&body[left_start..occurrence.start])
                    .trim()
                    .to_string(),
                matched: squash_spaces(&body[occurrence.start..occurrence.end]),
                right: squash_spaces(&body[occurrence.end..right_end])
                    .trim()
                    .to_string(),
                start: occurrence.start,
                end: occurrence.end,
                space_before: body[..occurrence.start]
                    .chars()
                    .next_back()
                    .is_some_and(is_space),
                space_after: body[occurrence.end..].chars().next().is_some_and(is_space),
            },
            key,
            undated: doc.date().is_none(),
        }
    })
}

/// Words compared without diacritics first, then with them; a shorter run of equal words first.
fn sort_key<'a>(words: impl Iterator<Item = &'a AnalyzedToken> + Clone) -> String {
    let mut key = String::new();
    for (i, word) in words.clone().enumerate() {
        if i > 0 {
            key.push('\u{1}');
        }
        key.push_str(&word.folded);
    }
    key.push('\u{0}');
    for (i, word) in words.enumerate() {
        if i > 0 {
            key.push('\u{1}');
        }
        key.push_str(&word.term);
    }
    key
}

/// Moves `at` back over the non-space characters just before it (an opening quote or bracket).
fn extend_back(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !is_space(*c))
        .last()
        .map_or(at, |(i, _)| i)
}

/// Moves `at` forward over the non-space characters just after it (closing punctuation).
fn extend_forward(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| is_space(*c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// `text` with every run of white space replaced by one space.
fn squash_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if is_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use tracuu_indexer::analysis::{fold_term, normalize_term};
    use unicode_normalization::UnicodeNormalization;

    use super::*;

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    fn kwic(request: KwicRequest) -> Concordance {
        super::kwic(&searcher(), &request).unwrap()
    }

    /// `id|left|match|right`, in NFC so NFD articles compare with literals.
    fn shown(c: &Concordance) -> Vec<String> {
        c.lines
            .iter()
            .map(|l| {
                format!("{}|{}|{}|{}", l.id, l.left, l.matched, l.right)
                    .nfc()
                    .collect()
            })
            .collect()
    }

    fn nfc(texts: impl Iterator<Item = String>) -> Vec<String> {
        texts.map(|t| t.nfc().collect()).collect()
    }

    #[test]
    fn every_occurrence_with_context_by_date() {
        let c = kwic(KwicRequest::new("\"tham nhũng\"").context(2));
        assert_eq!(c.documents, 3);
        assert_eq!(c.occurrences, Some(4));
        assert_eq!(
            shown(&c),
            [
                "a1|phòng, chống|tham nhũng|được đẩy",
                "a1|các vụ|tham nhũng|, lãng phí",
                "a2|phòng, chống|tham nhũng|.",
                "a4|về chống|tham nhũng|vặt.",
            ]
        );
        assert_eq!(c.lines[0].date.unwrap().to_string(), "2020-03-15");
        assert_eq!(c.lines[0].source.as_deref(), Some("Báo Nghệ An"));
    }

    #[test]
    fn offsets_point_into_the_stored_body_as_written() {
        let c = kwic(KwicRequest::new("\"tham nhũng\""));
        let bodies = tracuu_testkit::articles();
        for line in &c.lines {
            let body = &bodies.iter().find(|a| a.id == line.id).unwrap().body;
            assert_eq!(&body[line.start..line.end], line.matched, "{}", line.id);
        }
        // The NFD article's match is written in NFD, as in the article.
        let nfd = c.lines.iter().find(|l| l.id == "a2").unwrap();
        assert_ne!(nfd.matched, "tham nhũng");
        assert_eq!(
            nfd.matched.chars().count(),
            "tham nhũng".chars().count() + 1
        );
    }

    #[test]
    fn phrase_needs_adjacent_words_and_spellings_are_equivalent() {
        let c = kwic(KwicRequest::new("\"đảng viên\""));
        let ids: Vec<&str> = c.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a2", "a3", "a3"], "not a4's `đảng bộ và các viên`");
        let c = kwic(KwicRequest::new("ủy"));
        let matched: Vec<&str> = c.lines.iter().map(|l| l.matched.as_str()).collect();
        assert_eq!(matched, ["uỷ", "uỷ", "ủy"]);
        // A group: documents with both words (a2, a3 and a4), occurrences where they stand side
        // by side (a2 once, a3 twice; a4's `đảng bộ và các viên` is not one).
        let words = kwic(KwicRequest::new("dang vien"));
        assert_eq!(words.documents, 3);
        assert_eq!(words.occurrences, Some(1 + 2));
    }

    #[test]
    fn a_huge_context_is_the_largest_allowed() {
        let c = kwic(KwicRequest::new("\"tham nhũng\"").context(usize::MAX));
        let widest = kwic(KwicRequest::new("\"tham nhũng\"").context(MAX_CONTEXT));
        assert_eq!(shown(&c), shown(&widest));
        assert_eq!(c.occurrences, Some(4));
    }

    #[test]
    fn sorts_by_left_and_right_context() {
        let c = kwic(
            KwicRequest::new("\"tham nhũng\"")
                .sort(KwicSort::Left)
                .context(1),
        );
        let left = nfc(c.lines.iter().map(|l| l.left.clone()));
        assert_eq!(left, ["chống", "chống", "chống", "vụ"]);
        let ids: Vec<&str> = c.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2", "a4", "a1"], "ties by date");
        let c = kwic(
            KwicRequest::new("\"tham nhũng\"")
                .sort(KwicSort::Right)
                .context(1),
        );
        let right = nfc(c.lines.iter().map(|l| l.right.clone()));
        assert_eq!(right, [".", "được", ", lãng", "vặt."]);
    }

    #[test]
    fn left_sort_uses_the_nearest_word_first() {
        let c = kwic(
            KwicRequest::new("\"đảng viên\"")
                .sort(KwicSort::Left)
                .context(2),
        );
        let left = nfc(c.lines.iter().map(|l| l.left.clone()));
        // Nearest words: none, then `các` (before `với`), then `dương` (before `biểu`).
        assert_eq!(left, ["", "với các", "biểu dương"]);
    }

    #[test]
    fn limit_by_date_stops_early_but_keeps_the_first_lines() {
        let all = kwic(KwicRequest::new("\"tham nhũng\""));
        let first = kwic(KwicRequest::new("\"tham nhũng\"").limit(Some(2)));
        assert_eq!(first.lines, all.lines[..2]);
        assert_eq!(first.documents, 3);
        let by_left = kwic(
            KwicRequest::new("\"tham nhũng\"")
                .limit(Some(2))
                .sort(KwicSort::Left),
        );
        assert_eq!(by_left.occurrences, Some(4));
        assert_eq!(by_left.lines.len(), 2);
    }

    /// An index of `docs` undated articles, each with its number and `per_doc` sentences `… <word> tham nhũng.`,
    /// the word cycling through spellings that share accent-free forms.
    fn many_occurrences(docs: usize, per_doc: usize) -> Searcher {
        const WORDS: [&str; 8] = ["chống", "chông", "phòng", "phong", "vụ", "vu", "các", "cạc"];
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .unwrap();
        for d in 0..docs {
            // A number of its own, so that no article is a copy of another.
            let body: Vec<String> = std::iter::once(format!("Bài {d}."))
                .chain((0..per_doc).map(|s| {
                    format!(
                        "Cán bộ {} tham nhũng.",
                        WORDS[(d * 7 + s * 3) % WORDS.len()]
                    )
                }))
                .collect();
            let article = tracuu_indexer::Article::new(format!("d{d:03}"), "", body.join(" "))
                .with_path("generated.txt");
            writer.add(&article).unwrap();
        }
        writer.commit().unwrap();
        Searcher::new(index).unwrap()
    }

    #[test]
    fn lines_sorted_by_context_beyond_one_sort_segment_are_in_order() {
        let searcher = many_occurrences(50, 500);
        const { assert!(50 * 500 > SORT_SEGMENT_LINES, "the sort spills to disk") };
        let spill = tempfile::tempdir().unwrap();
        let request = KwicRequest::new("\"tham nhũng\"")
            .sort(KwicSort::Left)
            .context(1)
            .spill_dir(spill.path());
        let mut spilled = Vec::new();
        let spill_dir = spill.path().to_path_buf();
        let summary = kwic_each(&searcher, &request, |_| {
            // The sort's files are in the directory asked for until the last line is given out.
            if spilled.is_empty() {
                spilled = std::fs::read_dir(&spill_dir).unwrap().flatten().collect();
            }
            Ok::<_, Error>(())
        })
        .unwrap();
        assert_eq!(summary.lines, 25_000);
        assert_eq!(spilled.len(), 1, "one directory of sort files");
        assert!(
            std::fs::read_dir(spill.path()).unwrap().next().is_none(),
            "removed"
        );
        let c = super::kwic(&searcher, &request).unwrap();
        assert_eq!(c.occurrences, Some(25_000));
        assert_eq!(c.lines.len(), 25_000);
        // Accent-free first, then as written, then (undated) by id and offset.
        let order = |l: &KwicLine| {
            let word = l.left.trim_start_matches("bộ ").to_string();
            let key = (fold_term(&word), normalize_term(&word));
            (key, l.id.clone(), l.start)
        };
        let mut expected = c.lines.clone();
        expected.sort_by_key(order);
        assert_eq!(c.lines, expected);
        assert_eq!(c.lines[0].left, "các");
        assert_eq!(c.lines[24_999].left, "vụ");
    }

    #[test]
    fn lines_by_date_stream_and_a_failing_callback_stops_the_scan() {
        let searcher = many_occurrences(2 * CHUNK_DOCS, 3);
        let mut given = 0;
        let stopped = kwic_each(&searcher, &KwicRequest::new("\"tham nhũng\""), |_| {
            given += 1;
            if given == 5 {
                Err(Error::io(
                    Path::new("stdout"),
                    std::io::ErrorKind::BrokenPipe.into(),
                ))
            } else {
                Ok(())
            }
        });
        assert_eq!(stopped.unwrap_err().kind(), crate::ErrorKind::Io);
        assert_eq!(given, 5);
        let mut ids = Vec::new();
        let summary = kwic_each(&searcher, &KwicRequest::new("\"tham nhũng\""), |line| {
            ids.push(line.id);
            Ok::<(), Error>(())
        })
        .unwrap();
        assert_eq!(summary.occurrences, Some(2 * CHUNK_DOCS * 3));
        assert_eq!(summary.lines, ids.len());
        assert!(ids.windows(2).all(|w| w[0] <= w[1]), "by id when undated");
    }

    #[test]
    fn text_helpers() {
        assert_eq!(squash_spaces("a \n\t b"), "a b");
        assert_eq!(extend_back("x «Đảng", "x «".len()), 2);
        assert_eq!(extend_forward("viên». Sau", "viên".len()), "viên».".len());
    }
}
