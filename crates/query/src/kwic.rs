//! Concordances (keyword in context): every occurrence of a query in the body of every matching
//! document, with the words around it, as the author wrote them.
//!
//! Occurrences are found with the query's [`Matcher`], so they follow the same
//! diacritic rules as the search (`tham nhũng` finds `Tham nhũng` in any Unicode form; `tham
//! nhung` also finds `thâm nhung`...). Only the documents the tantivy query matches are read;
//! their stored bodies are read and analysed in parallel.
//!
//! A document that matches only in its title has no line (lines point into the body text).

use std::cmp::Ordering;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::TantivyDocument;
use tracuu_indexer::analysis::{analyze, fold_term, AnalyzedToken, TokenKind};
use tracuu_indexer::Date;

use crate::date_filter::DateRange;
use crate::export::{map_stored, matching_docs, sort_by_date_and_id, text, DocRef, StoredFields};
use crate::matcher::{Key, MatchItem};
use crate::{Matcher, Occurrence, SearchError, SearchRequest, Searcher};

/// Words of context on each side by default.
pub const DEFAULT_CONTEXT: usize = 8;

/// Documents read and analysed at a time when the scan may stop early.
const CHUNK_DOCS: usize = 256;

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
    /// The query, in tracuu's query language (a word, a `"phrase"`, or any query: every positive
    /// word and phrase of it is shown).
    pub query: String,
    /// Match accented query words without their diacritics too.
    pub fold: bool,
    /// Only documents dated in this range (in addition to the query's `date:` filters).
    pub dates: DateRange,
    /// Words (syllables) of context on each side (default [`DEFAULT_CONTEXT`]).
    pub context: usize,
    /// Order of the lines.
    pub sort: KwicSort,
    /// At most this many lines (after sorting); `None` for all.
    pub limit: Option<usize>,
}

impl KwicRequest {
    /// A request for every occurrence of `query`, by date, with the default context.
    pub fn new(query: impl Into<String>) -> KwicRequest {
        KwicRequest {
            query: query.into(),
            fold: false,
            dates: DateRange::ALL,
            context: DEFAULT_CONTEXT,
            sort: KwicSort::Date,
            limit: None,
        }
    }

    /// Also matches accented query words without their diacritics.
    pub fn fold(mut self, yes: bool) -> KwicRequest {
        self.fold = yes;
        self
    }

    /// Restricts the documents to a date range.
    pub fn dates(mut self, dates: DateRange) -> KwicRequest {
        self.dates = dates;
        self
    }

    /// Sets the words of context on each side.
    pub fn context(mut self, words: usize) -> KwicRequest {
        self.context = words;
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
}

/// One occurrence with its context.
///
/// The context and the match are the document's own text with every run of white space
/// (line breaks included) shown as one space; `start..end` are the match's byte offsets in the
/// stored body, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
}

/// A line and its sort key.
struct Keyed {
    line: KwicLine,
    key: String,
    undated: bool,
}

impl Searcher {
    /// Every occurrence of the query in the matching documents, with context (see the
    /// [module docs](crate::kwic)).
    ///
    /// # Errors
    /// An invalid query, or tantivy failing to read the index.
    pub fn kwic(&self, request: &KwicRequest) -> Result<Concordance, SearchError> {
        let prepared = self.prepare(
            &SearchRequest::new(request.query.clone())
                .fold(request.fold)
                .dates(request.dates),
        )?;
        let searcher = self.tantivy();
        let fields = self.fields();
        let finder = Finder::new(prepared.matcher());
        let early_stop = request.sort == KwicSort::Date && request.limit.is_some();
        let mut docs = matching_docs(&searcher, prepared.query(), early_stop)?;
        let documents = docs.len();
        let context = request.context;
        let build = |_: &DocRef, doc: &TantivyDocument| {
            let body = text(doc, fields.body).unwrap_or_default();
            let stored = StoredFields::read(doc, &fields);
            doc_lines(body, &finder, context, &stored, request.sort)
        };
        let mut lines: Vec<Keyed> = Vec::new();
        let mut complete = true;
        if let (true, Some(limit)) = (early_stop, request.limit) {
            // Documents in line order: the first `limit` lines come from the first documents.
            sort_by_date_and_id(&mut docs);
            for (n, chunk) in docs.chunks(CHUNK_DOCS).enumerate() {
                if lines.len() >= limit {
                    complete = n * CHUNK_DOCS >= docs.len();
                    break;
                }
                lines.extend(map_stored(&searcher, chunk, build)?.into_iter().flatten());
            }
        } else {
            lines = map_stored(&searcher, &docs, build)?
                .into_iter()
                .flatten()
                .collect();
        }
        let occurrences = complete.then_some(lines.len());
        lines.par_sort_unstable_by(|a, b| compare(a, b, request.sort));
        if let Some(limit) = request.limit {
            lines.truncate(limit);
        }
        Ok(Concordance {
            lines: lines.into_iter().map(|k| k.line).collect(),
            documents,
            occurrences,
            reading: prepared.reading().map(str::to_string),
        })
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

/// Finds a query's occurrences in long texts quickly, with exactly the results of
/// `matcher.find(&analyze(text))`.
///
/// Analysing a whole article costs far more than reading it, and most of an article is far from
/// any match. So a first pass over the raw text reads the *consonant skeleton* of every word:
/// the ASCII consonants and digits of its accent-free form (`Phát` → `pht`), the same whatever
/// the Unicode form, case or tone placement, since vowels, marks and invisible characters are
/// skipped and `đ` reads `d`. A word can only match a query word with the same skeleton. For
/// each query item one *anchor* word is chosen per text (the word of a phrase whose skeleton is
/// the rarest in that text: every occurrence of the phrase contains it), and only the
/// space-separated chunks holding an anchor (or a letter the pass cannot read, to stay safe) are
/// candidates. The text around them is analysed in windows that start and end at white space
/// (where no token can straddle) and hold enough words on each side for the context and the
/// rest of a phrase. Queries with a word or phrase without any consonant (`ủy`) are analysed
/// whole.
pub(crate) struct Finder<'m> {
    matcher: &'m Matcher,
    /// Skeletons of the query's words; `None` when some item has none.
    anchors: Option<Anchors>,
    /// Words in the longest query item.
    span: usize,
}

/// The skeletons a text is scanned for.
struct Anchors {
    /// Skeletons of single words, compared with whole words of the text.
    words: Vec<Vec<u8>>,
    /// Skeletons of codes (`tp.hcm` → `tphcm`), looked for inside chunks.
    codes: Vec<Vec<u8>>,
    /// For each query item, the skeletons (indices into `words`, then `codes`) of its words:
    /// any one of them locates every occurrence.
    items: Vec<Vec<usize>>,
}

/// Skeleton classes of characters: part of a word, contributing nothing (vowels, marks,
/// invisible characters).
const IN_WORD: u8 = 0;
/// White space: chunks end there.
const BOUNDARY: u8 = 1;
/// A letter whose accent-free form is not one ASCII character.
const UNKNOWN: u8 = 2;
/// Punctuation and symbols: words end there.
const SEPARATOR: u8 = 3;
// Any other value: the ASCII consonant or digit the character folds to.

/// Characters below this one are classified by table; later ones by their Unicode properties.
const TABLE_END: u32 = 0x2500;

fn is_ascii_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// The skeleton classes of ASCII characters.
const ASCII_CLASSES: [u8; 128] = {
    let mut table = [SEPARATOR; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_whitespace() {
            BOUNDARY
        } else if c.is_ascii_alphanumeric() {
            let lower = c.to_ascii_lowercase();
            if matches!(lower, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
                IN_WORD
            } else {
                lower
            }
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

/// The skeleton class of `c`, consistent with how the analyzer splits and folds text.
fn char_class(c: char) -> u8 {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let code = c as u32;
    if code < 128 {
        return ASCII_CLASSES[code as usize];
    }
    if code >= TABLE_END {
        return if c.is_whitespace() || c == '\u{200B}' {
            BOUNDARY
        } else if c.is_alphanumeric() {
            UNKNOWN
        } else if fold_term(&format!("a{c}b")) == "ab" {
            // A combining mark or an invisible character inside a word.
            IN_WORD
        } else {
            SEPARATOR
        };
    }
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|code| match char::from_u32(code) {
                None => SEPARATOR,
                Some(c) if c.is_ascii() => ASCII_CLASSES[code as usize],
                Some(c) if c.is_whitespace() || c == '\u{200B}' => BOUNDARY,
                // The analyzer's own folding of the letter alone: one ASCII letter for
                // Vietnamese and most Latin letters.
                Some(c) if c.is_alphanumeric() => match fold_term(&c.to_string()).as_bytes() {
                    [] => IN_WORD,
                    [b] if is_ascii_vowel(*b) => IN_WORD,
                    [b] if b.is_ascii_alphanumeric() => *b,
                    _ => UNKNOWN,
                },
                // Marks and invisible characters do not split a word; anything else does.
                Some(c) if fold_term(&format!("a{c}b")) == "ab" => IN_WORD,
                Some(_) => SEPARATOR,
            })
            .collect()
    })[code as usize]
}

/// Whether the analyzer treats `c` as white space (never inside a token, never joining two).
fn is_boundary(c: char) -> bool {
    char_class(c) == BOUNDARY
}

/// The skeleton of an accent-free term, or `None` when it has no consonant or is not ASCII.
fn skeleton(folded: &str) -> Option<Vec<u8>> {
    if !folded.is_ascii() {
        return None;
    }
    let skeleton: Vec<u8> = folded
        .bytes()
        .map(|b| ASCII_CLASSES[usize::from(b)])
        .filter(|&b| b > SEPARATOR)
        .collect();
    (!skeleton.is_empty()).then_some(skeleton)
}

impl Anchors {
    /// The skeletons of `matcher`'s words, or `None` when some item has no word with one.
    fn new(matcher: &Matcher) -> Option<Anchors> {
        let mut anchors = Anchors {
            words: Vec::new(),
            codes: Vec::new(),
            items: Vec::new(),
        };
        let mut keys: Vec<Vec<(bool, Vec<u8>)>> = Vec::new();
        for item in &matcher.items {
            let item_keys = match item {
                MatchItem::Word(key) => std::slice::from_ref(key),
                MatchItem::Phrase(keys) => keys.as_slice(),
            };
            let skeletons: Vec<(bool, Vec<u8>)> = item_keys
                .iter()
                .filter_map(|key| {
                    let folded = match key {
                        Key::Exact(term) => fold_term(term),
                        Key::Folded(folded) => folded.clone(),
                    };
                    let is_code = !folded.bytes().all(|b| b.is_ascii_alphanumeric());
                    Some((is_code, skeleton(&folded)?))
                })
                .collect();
            // A word without consonants cannot be located; a phrase can, by its other words.
            if skeletons.is_empty() || (skeletons.len() < item_keys.len() && item_keys.len() == 1) {
                return None;
            }
            keys.push(skeletons);
        }
        if keys.is_empty() {
            return None;
        }
        for item in &keys {
            for (is_code, skeleton) in item {
                let list = if *is_code {
                    &mut anchors.codes
                } else {
                    &mut anchors.words
                };
                if !list.contains(skeleton) {
                    list.push(skeleton.clone());
                }
            }
        }
        for item in keys {
            anchors.items.push(
                item.iter()
                    .map(|(is_code, skeleton)| {
                        if *is_code {
                            anchors.words.len()
                                + anchors
                                    .codes
                                    .iter()
                                    .position(|s| s == skeleton)
                                    .expect("added")
                        } else {
                            anchors
                                .words
                                .iter()
                                .position(|s| s == skeleton)
                                .expect("added")
                        }
                    })
                    .collect(),
            );
        }
        Some(anchors)
    }

    /// The byte ranges of the white-space-separated chunks of `text` that may hold the start of
    /// an occurrence (see [`Finder`]), in text order.
    fn candidate_chunks(&self, text: &str) -> Vec<(usize, usize)> {
        let skeletons = self.words.len() + self.codes.len();
        // Chunks with a hit, and the hits: (skeleton, chunk index).
        let mut chunks: Vec<(usize, usize)> = Vec::new();
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let mut unknown: Vec<usize> = Vec::new();
        let mut word: Vec<u8> = Vec::new();
        let mut chunk: Vec<u8> = Vec::new();
        let mut chunk_start: Option<usize> = None;
        // The index in `chunks` of the current chunk, once it has a hit.
        let mut open: Option<usize> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i <= bytes.len() {
            let (class, width) = match bytes.get(i) {
                None => (BOUNDARY, 1),
                Some(&b) if b < 0x80 => (ASCII_CLASSES[usize::from(b)], 1),
                Some(_) => {
                    let c = text[i..].chars().next().expect("a char boundary");
                    (char_class(c), c.len_utf8())
                }
            };
            if class != BOUNDARY {
                chunk_start.get_or_insert(i);
            }
            let start = chunk_start.unwrap_or(i);
            let mut current = |chunks: &mut Vec<(usize, usize)>| {
                *open.get_or_insert_with(|| {
                    chunks.push((start, usize::MAX));
                    chunks.len() - 1
                })
            };
            match class {
                BOUNDARY | SEPARATOR => {
                    if !word.is_empty() {
                        if let Some(s) = self.words.iter().position(|s| *s == word) {
                            hits.push((s, current(&mut chunks)));
                        }
                        word.clear();
                    }
                    if class == BOUNDARY {
                        if let Some(c) = open.take() {
                            chunks[c].1 = i.min(bytes.len());
                        }
                        chunk.clear();
                        chunk_start = None;
                    }
                }
                IN_WORD => {}
                UNKNOWN => unknown.push(current(&mut chunks)),
                letter => {
                    word.push(letter);
                    if self.codes.is_empty() {
                        i += width;
                        continue;
                    }
                    chunk.push(letter);
                    for (n, code) in self.codes.iter().enumerate() {
                        if chunk.ends_with(code) {
                            hits.push((self.words.len() + n, current(&mut chunks)));
                        }
                    }
                }
            }
            i += width;
        }
        if chunks.is_empty() {
            return chunks;
        }
        // Per item, the skeleton with the fewest hits in this text locates all its occurrences.
        let mut counts = vec![0usize; skeletons];
        for &(skeleton, _) in &hits {
            counts[skeleton] += 1;
        }
        let mut keep = vec![false; chunks.len()];
        for &c in &unknown {
            keep[c] = true;
        }
        for item in &self.items {
            let anchor = *item
                .iter()
                .min_by_key(|&&s| counts[s])
                .expect("every item has a skeleton");
            for &(skeleton, c) in &hits {
                if skeleton == anchor {
                    keep[c] = true;
                }
            }
        }
        chunks
            .into_iter()
            .zip(keep)
            .filter_map(|(chunk, keep)| keep.then_some(chunk))
            .collect()
    }
}

impl<'m> Finder<'m> {
    /// A finder for `matcher`'s words and phrases.
    pub(crate) fn new(matcher: &'m Matcher) -> Finder<'m> {
        let span = matcher
            .items
            .iter()
            .map(|item| match item {
                MatchItem::Word(_) => 1,
                MatchItem::Phrase(keys) => keys.len(),
            })
            .max()
            .unwrap_or(1);
        Finder {
            matcher,
            anchors: Anchors::new(matcher),
            span,
        }
    }

    /// The occurrences in `text` and the analysed tokens around them: at least `context` words
    /// on each side of every occurrence (fewer at the ends of the text), in text order.
    pub(crate) fn find(&self, text: &str, context: usize) -> (Vec<AnalyzedToken>, Vec<Occurrence>) {
        if self.matcher.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let Some(anchors) = &self.anchors else {
            let tokens = analyze(text);
            let occurrences = self.matcher.find(&tokens);
            return (tokens, occurrences);
        };
        let candidates = anchors.candidate_chunks(text);
        if candidates.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // Words needed beyond a candidate chunk: the rest of a phrase, then the context.
        let need = context + self.span - 1;
        let mut margin = need + 2;
        loop {
            if let Some(found) = self.find_in_windows(text, &candidates, margin, need) {
                return found;
            }
            margin *= 2;
        }
    }

    /// Analyses the windows of `margin` chunks around the candidates, or `None` when one of them
    /// has fewer than `need` words before or after its candidates (chunks without words).
    fn find_in_windows(
        &self,
        text: &str,
        candidates: &[(usize, usize)],
        margin: usize,
        need: usize,
    ) -> Option<(Vec<AnalyzedToken>, Vec<Occurrence>)> {
        // (window start, window end, first candidate's start, last candidate's end)
        let mut windows: Vec<(usize, usize, usize, usize)> = Vec::new();
        for &(start, end) in candidates {
            let from = chunks_back(text, start, margin);
            let to = chunks_forward(text, end, margin);
            match windows.last_mut() {
                Some(last) if from <= last.1 => {
                    last.1 = last.1.max(to);
                    last.3 = end;
                }
                _ => windows.push((from, to, start, end)),
            }
        }
        let mut tokens = Vec::new();
        let mut occurrences = Vec::new();
        for (from, to, first, last) in windows {
            let mut window = analyze(&text[from..to]);
            for token in &mut window {
                token.start += from;
                token.end += from;
            }
            let words = |keep: &dyn Fn(&AnalyzedToken) -> bool| {
                window
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word && keep(t))
                    .count()
            };
            if (from > 0 && words(&|t| t.end <= first) < need)
                || (to < text.len() && words(&|t| t.start >= last) < need)
            {
                return None;
            }
            occurrences.extend(self.matcher.find(&window));
            tokens.extend(window);
        }
        Some((tokens, occurrences))
    }
}

/// The start of the `n`th chunk before the chunk starting at `at` (0 when there are fewer).
fn chunks_back(text: &str, at: usize, n: usize) -> usize {
    let mut chars = text[..at].char_indices().rev().peekable();
    let mut start = at;
    for _ in 0..n {
        while chars.next_if(|&(_, c)| is_boundary(c)).is_some() {}
        let mut found = false;
        while let Some((i, _)) = chars.next_if(|&(_, c)| !is_boundary(c)) {
            start = i;
            found = true;
        }
        if !found {
            return 0;
        }
    }
    start
}

/// The end of the `n`th chunk after the chunk ending at `at` (the end of the text when there
/// are fewer).
fn chunks_forward(text: &str, at: usize, n: usize) -> usize {
    let mut chars = text[at..].char_indices().peekable();
    let mut end = at;
    for _ in 0..n {
        while chars.next_if(|&(_, c)| is_boundary(c)).is_some() {}
        let mut found = false;
        while let Some((i, c)) = chars.next_if(|&(_, c)| !is_boundary(c)) {
            end = at + i + c.len_utf8();
            found = true;
        }
        if !found {
            return text.len();
        }
    }
    end
}

fn doc_lines(
    body: &str,
    finder: &Finder,
    context: usize,
    stored: &StoredFields,
    sort: KwicSort,
) -> Vec<Keyed> {
    let (tokens, occurrences) = finder.find(body, context);
    if occurrences.is_empty() {
        return Vec::new();
    }
    let words: Vec<&AnalyzedToken> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    occurrences
        .iter()
        .map(|occurrence| {
            // Words wholly before the match, and wholly after it.
            let first_inside = words.partition_point(|w| w.start < occurrence.start);
            let first_after = words.partition_point(|w| w.start < occurrence.end);
            let left_words = &words[first_inside.saturating_sub(context)..first_inside];
            let right_words = &words[first_after..(first_after + context).min(words.len())];
            let left_start = match left_words.first() {
                Some(word) => extend_back(body, word.start),
                None => occurrence.start,
            };
            let right_end = match right_words.last() {
                Some(word) => extend_forward(body, word.end),
                None => extend_forward(body, occurrence.end),
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
                    id: stored.id.clone(),
                    date: stored.date,
                    source: stored.source.clone(),
                    left: squash_spaces(&body[left_start..occurrence.start])
                        .trim()
                        .to_string(),
                    matched: squash_spaces(&body[occurrence.start..occurrence.end]),
                    right: squash_spaces(&body[occurrence.end..right_end])
                        .trim()
                        .to_string(),
                    start: occurrence.start,
                    end: occurrence.end,
                },
                key,
                undated: stored.date.is_none(),
            }
        })
        .collect()
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
        .take_while(|(_, c)| !c.is_whitespace())
        .last()
        .map_or(at, |(i, _)| i)
}

/// Moves `at` forward over the non-space characters just after it (closing punctuation).
fn extend_forward(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

/// `text` with every run of white space replaced by one space.
fn squash_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
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
    use unicode_normalization::UnicodeNormalization;

    use super::*;
    use crate::export::test_fixture::searcher;

    fn kwic(request: KwicRequest) -> Concordance {
        searcher().kwic(&request).unwrap()
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
        let bodies = crate::export::test_fixture::articles();
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
        // Two words, not a phrase: every `đảng` and every `viên` of a2, a3 and a4.
        let words = kwic(KwicRequest::new("dang vien"));
        assert_eq!(words.documents, 3);
        assert_eq!(words.occurrences, Some(2 + 6 + 2));
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

    /// Pieces of text that stress the skeleton pass: forms, cases, codes, punctuation-only
    /// chunks, invisible characters, foreign letters, odd spaces.
    const PIECES: &[&str] = &[
        "phát",
        "triển",
        "Phát",
        "TRIỂN",
        "pha\u{301}t",
        "trie\u{302}\u{309}n",
        "phat",
        "trien",
        "phốt",
        "tham",
        "nhũng",
        "Tham",
        "NHŨNG",
        "nhu\u{303}ng",
        "đảng",
        "Đảng",
        "viên",
        "vie\u{302}n",
        "uỷ",
        "ủy",
        "Uỷ",
        "TP.HCM",
        "Covid-19",
        "covid",
        "19",
        "45/2019/QH14",
        "–",
        "-",
        "...",
        "…",
        "«",
        "»",
        "(",
        ")",
        ",",
        ".",
        "ph\u{AD}át",
        "tri\u{200D}ển",
        "façade",
        "ø",
        "Ⅻ",
        "ｐhát",
        "2.900.000",
        "và",
        "các",
        "kinh",
        "tế",
        "xã",
        "hội",
        "\u{301}",
    ];
    const SPACES: &[&str] = &[
        " ", " ", " ", "\n", "\u{A0}", "\u{200B}", "\t", "  ", "\u{3000}", "\u{B}",
    ];

    fn text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec((0..PIECES.len(), 0..SPACES.len(), 0..4usize), 0..60).prop_map(
            |parts| {
                let mut text = String::new();
                for (piece, space, glue) in parts {
                    text.push_str(PIECES[piece]);
                    // Mostly spaces; sometimes pieces run together.
                    if glue > 0 {
                        text.push_str(SPACES[space]);
                    }
                }
                text
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn the_skeleton_pass_finds_what_full_analysis_finds(text in text_strategy(), context in 0..4usize) {
            static MATCHERS: std::sync::OnceLock<Vec<(&str, Matcher)>> = std::sync::OnceLock::new();
            let matchers = MATCHERS.get_or_init(|| {
                let searcher = searcher();
                [
                    "\"phát triển\"", "phat trien", "\"tham nhũng\"", "tham", "ủy", "TP.HCM",
                    "\"đảng viên\"", "covid-19", "\"kinh tế xã hội\"", "phát OR ủy", "façade",
                ]
                .into_iter()
                .map(|q| (q, searcher.prepare(&SearchRequest::new(q)).unwrap().matcher().clone()))
                .collect()
            });
            for (query, matcher) in matchers {
                let fast = Finder::new(matcher);
                let full = Finder { anchors: None, ..Finder::new(matcher) };
                let expected = matcher.find(&analyze(&text));
                proptest::prop_assert_eq!(&fast.find(&text, context).1, &expected, "{}", query);
                let stored = StoredFields::default();
                let lines = |finder: &Finder| -> Vec<(KwicLine, String)> {
                    [KwicSort::Left, KwicSort::Right]
                        .into_iter()
                        .flat_map(|sort| doc_lines(&text, finder, context, &stored, sort))
                        .map(|k| (k.line, k.key))
                        .collect()
                };
                proptest::prop_assert_eq!(lines(&fast), lines(&full), "{}", query);
            }
        }
    }

    #[test]
    fn the_skeleton_pass_widens_windows_over_chunks_without_words() {
        let searcher = searcher();
        let prepared = searcher
            .prepare(&SearchRequest::new("\"tham nhũng\""))
            .unwrap();
        let finder = Finder::new(prepared.matcher());
        assert!(finder.anchors.is_some());
        let text = "một hai ba – – – – – – – – – – – – – – – chống tham – – – – – – – – – – nhũng bốn năm sáu bảy";
        let (_, found) = finder.find(text, 3);
        assert_eq!(found.len(), 1);
        let stored = StoredFields::default();
        let lines = doc_lines(text, &finder, 3, &stored, KwicSort::Date);
        assert_eq!(
            lines[0].line.left,
            "hai ba – – – – – – – – – – – – – – – chống"
        );
        assert_eq!(lines[0].line.right, "bốn năm sáu");
        let vowels_only = searcher.prepare(&SearchRequest::new("ủy")).unwrap();
        assert!(Finder::new(vowels_only.matcher()).anchors.is_none());
    }

    #[test]
    fn skeletons_skip_vowels_marks_and_read_d_stroke() {
        assert_eq!(skeleton("phat"), Some(b"pht".to_vec()));
        assert_eq!(skeleton("uy"), None);
        assert_eq!(skeleton("tp.hcm"), Some(b"tphcm".to_vec()));
        assert_eq!(char_class('Đ'), b'd');
        assert_eq!(char_class('ệ'), IN_WORD);
        assert_eq!(char_class('\u{301}'), IN_WORD);
        assert_eq!(char_class('\u{AD}'), IN_WORD);
        assert_eq!(char_class('–'), SEPARATOR);
        assert_eq!(char_class('.'), SEPARATOR);
        assert_eq!(char_class('\u{A0}'), BOUNDARY);
        assert_eq!(char_class('ç'), b'c');
        assert_eq!(char_class('ø'), UNKNOWN);
    }

    #[test]
    fn text_helpers() {
        assert_eq!(squash_spaces("a \n\t b"), "a b");
        assert_eq!(extend_back("x «Đảng", "x «".len()), 2);
        assert_eq!(extend_forward("viên». Sau", "viên".len()), "viên».".len());
    }
}
