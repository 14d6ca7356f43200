//! Finding a query's matches in long stored texts quickly, with exactly the results of
//! analysing the whole text: what snippets, concordances and trends read.

use std::iter::Peekable;
use std::ops::Range;
use std::slice;

use tracuu_indexer::analysis::{
    self, analyze, fold_term, for_each_token, AnalyzedToken, CharClass, TokenKind, TokenRef,
};

use crate::matcher::{Key, MatchItem, Matcher, Occurrence, Token};

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
/// rest of the longest phrase anchored there (a single word without context: its chunk alone).
/// Queries with a word or phrase without any consonant (`ủy`) are analysed whole, and so are
/// queries of [`WHOLE_TEXT_ITEMS`] words or phrases or more.
pub struct Finder<'m> {
    matcher: &'m Matcher,
    /// Skeletons of the query's words; `None` when texts are analysed whole.
    anchors: Option<Anchors>,
}

/// From this many query items on, texts are analysed whole: a long query's words, common ones
/// among them, are found all over a text, and comparing each word of the text with that many
/// skeletons costs more than analysing it (on the bench's pasted sentences cut to their first
/// 5, 8, 12, 16 and 20 words, analysing whole cost +11.6%, +6.4%, −0.6%, −4.3% and −7.5%
/// instructions per search).
const WHOLE_TEXT_ITEMS: usize = 12;

/// The skeletons a text is scanned for.
struct Anchors {
    /// Skeletons of single words, compared with whole words of the text.
    words: Vec<Vec<u8>>,
    /// Skeletons of codes (`tp.hcm` → `tphcm`), looked for inside chunks.
    codes: Vec<Vec<u8>>,
    /// For each query item, the skeletons (indices into `words`, then `codes`) of its words:
    /// any one of them locates every occurrence.
    items: Vec<Vec<usize>>,
    /// For each query item, the most words an occurrence spans.
    spans: Vec<usize>,
}

/// A chunk of text that may hold the start of an occurrence.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    /// The most words an occurrence located there spans.
    span: usize,
}

impl Candidate {
    /// Words needed on each side of the chunk: the rest of a phrase, then the context. A single
    /// word without context needs no other chunk, as no token straddles white space.
    fn words_needed(&self, context: usize) -> usize {
        context + self.span - 1
    }
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

/// Characters below this one are classified by a table built once; later ones as they come.
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

/// The skeleton class of `c`: the analyzer's character class, and for letters the ASCII
/// consonant or digit they fold to.
fn char_class(c: char) -> u8 {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let code = c as u32;
    if code < 128 {
        return ASCII_CLASSES[code as usize];
    }
    if code >= TABLE_END {
        return skeleton_class(c);
    }
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|code| char::from_u32(code).map_or(SEPARATOR, skeleton_class))
            .collect()
    })[code as usize]
}

fn skeleton_class(c: char) -> u8 {
    match analysis::char_class(c) {
        CharClass::Space => BOUNDARY,
        CharClass::Punctuation => SEPARATOR,
        CharClass::Ignorable => IN_WORD,
        // The analyzer's own folding of the letter alone: one ASCII letter for Vietnamese and
        // most Latin letters, nothing for a combining mark.
        CharClass::Word => match folded_letter(c).as_bytes() {
            [] => IN_WORD,
            [b] if is_ascii_vowel(*b) => IN_WORD,
            [b] if b.is_ascii_alphanumeric() => *b,
            _ => UNKNOWN,
        },
    }
}

/// The accent-free form of the letter `c` written alone, as the analyzer folds it (a word of
/// one letter), without analysing it as a word: the skeleton table folds thousands of them.
fn folded_letter(c: char) -> String {
    let mut folded = String::new();
    analysis::fold_char(c, &mut folded);
    folded
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
            spans: matcher.items().iter().map(MatchItem::span).collect(),
        };
        let mut keys: Vec<Vec<(bool, Vec<u8>)>> = Vec::new();
        for item in matcher.items() {
            let item_keys = item.keys();
            let skeletons: Vec<(bool, Vec<u8>)> = item_keys
                .iter()
                .filter_map(|key| {
                    let folded = match key {
                        Key::Exact(term) => fold_term(term),
                        Key::Folded(folded) => folded.clone(),
                        // Terms folding alike share a skeleton; else they locate nothing.
                        Key::AnyOf(terms) => {
                            let mut folds = terms.iter().map(|t| fold_term(t));
                            let first = folds.next()?;
                            if !folds.all(|f| f == first) {
                                return None;
                            }
                            first
                        }
                        // A prefix's skeleton is not a whole word's: it locates nothing.
                        Key::Prefix { .. } => return None,
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

    /// The white-space-separated chunks of `text` that may hold the start of an occurrence (see
    /// [`Finder`]), in text order.
    fn candidate_chunks(&self, text: &str) -> Vec<Candidate> {
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
            return Vec::new();
        }
        // Per item, the skeleton with the fewest hits in this text locates all its occurrences.
        let mut counts = vec![0usize; skeletons];
        for &(skeleton, _) in &hits {
            counts[skeleton] += 1;
        }
        // The span of the longest item located at each chunk; 0 where none is.
        let mut spans = vec![0; chunks.len()];
        let longest = self.spans.iter().copied().max().unwrap_or(1);
        for &c in &unknown {
            spans[c] = longest;
        }
        for (item, span) in self.items.iter().zip(&self.spans) {
            let anchor = *item
                .iter()
                .min_by_key(|&&s| counts[s])
                .expect("every item has a skeleton");
            for &(skeleton, c) in &hits {
                if skeleton == anchor {
                    spans[c] = spans[c].max(*span);
                }
            }
        }
        chunks
            .into_iter()
            .zip(spans)
            .filter(|&(_, span)| span > 0)
            .map(|((start, end), span)| Candidate { start, end, span })
            .collect()
    }
}

impl<'m> Finder<'m> {
    /// A finder for `matcher`'s words and phrases.
    pub fn new(matcher: &'m Matcher) -> Finder<'m> {
        Finder {
            matcher,
            anchors: if matcher.items().len() >= WHOLE_TEXT_ITEMS {
                None
            } else {
                Anchors::new(matcher)
            },
        }
    }

    /// The matcher whose words and phrases it finds.
    pub fn matcher(&self) -> &'m Matcher {
        self.matcher
    }

    /// The occurrences in `text` and the analysed tokens around them: at least `context` words
    /// on each side of every occurrence (fewer at the ends of the text), in text order.
    pub fn find(&self, text: &str, context: usize) -> (Vec<AnalyzedToken>, Vec<Occurrence>) {
        let mut tokens = Vec::new();
        let occurrences = self.search(text, context, Some(&mut tokens));
        (tokens, occurrences)
    }

    /// The occurrences in `text`, in text order: [`find`](Self::find) without the tokens, and
    /// without allocating per token (what snippets need).
    pub fn occurrences(&self, text: &str) -> Vec<Occurrence> {
        self.search(text, 0, None)
    }

    /// The first `limit` occurrences in `text` and the tokens around them: the first `limit`
    /// of [`find`](Self::find), their context words the same, at a cost bounded by the text
    /// they lie in rather than by the whole text (a text can repeat a word a million times).
    pub fn find_first(
        &self,
        text: &str,
        context: usize,
        limit: usize,
    ) -> (Vec<AnalyzedToken>, Vec<Occurrence>) {
        let mut tokens = Vec::new();
        let occurrences = self.search_first(text, context, limit, FIRST_PREFIX, Some(&mut tokens));
        (tokens, occurrences)
    }

    /// The first `limit` occurrences in `text`: [`find_first`](Self::find_first) without the
    /// tokens.
    pub fn first_occurrences(&self, text: &str, limit: usize) -> Vec<Occurrence> {
        self.search_first(text, 0, limit, FIRST_PREFIX, None)
    }

    /// The first `limit` occurrences, searched for in ever longer beginnings of `text` (from
    /// `length` bytes, four times longer each time) until one of them holds enough.
    ///
    /// A beginning cut at white space is analysed as the whole text is up to the cut, so its
    /// occurrences are the text's, but for those reaching past the cut. With at least
    /// `max(context, span)` words between the end of the first `limit` and the cut (`span`:
    /// the most words an occurrence spans), no occurrence reaching past the cut starts before
    /// them or overlaps them, and their context words are all before the cut.
    fn search_first(
        &self,
        text: &str,
        context: usize,
        limit: usize,
        mut length: usize,
        mut tokens: Option<&mut Vec<AnalyzedToken>>,
    ) -> Vec<Occurrence> {
        if limit == 0 {
            return Vec::new();
        }
        let span = self.matcher.items().iter().map(MatchItem::span).max();
        let need = context.max(span.unwrap_or(1));
        while length < text.len() {
            let Some(cut) = boundary_after(text, length) else {
                break;
            };
            let beginning = &text[..cut];
            let mut found = self.search(beginning, context, tokens.as_deref_mut());
            if found.len() >= limit {
                found.truncate(limit);
                let end = found.iter().map(|o| o.end).max().unwrap_or(0);
                if words_at_least(beginning, end, need) {
                    return found;
                }
            }
            if let Some(tokens) = tokens.as_deref_mut() {
                tokens.clear();
            }
            length = length.saturating_mul(4).max(1);
        }
        let mut found = self.search(text, context, tokens);
        found.truncate(limit);
        found
    }

    /// The occurrences in `text`, and into `tokens` when given the tokens around them (see
    /// [`find`](Self::find)).
    fn search(
        &self,
        text: &str,
        context: usize,
        mut tokens: Option<&mut Vec<AnalyzedToken>>,
    ) -> Vec<Occurrence> {
        if self.matcher.is_empty() {
            return Vec::new();
        }
        let Some(anchors) = &self.anchors else {
            return match tokens {
                Some(tokens) => {
                    *tokens = analyze(text);
                    self.matcher.find(tokens)
                }
                None => self.matcher.find_in(&BorrowedTokens::default().of(text, 0)),
            };
        };
        let candidates = anchors.candidate_chunks(text);
        if candidates.is_empty() {
            return Vec::new();
        }
        let mut scale = 1;
        loop {
            let found =
                self.find_in_windows(text, &candidates, context, scale, tokens.as_deref_mut());
            if let Some(found) = found {
                return found;
            }
            if let Some(tokens) = tokens.as_deref_mut() {
                tokens.clear();
            }
            scale *= 2;
        }
    }

    /// Analyses the windows around the candidates, each reaching `scale` times as many chunks
    /// on each side as the words it needs, and keeps their tokens in `tokens` when given; `None`
    /// when a candidate has fewer words than it needs in its window before or after it (a chunk
    /// may hold no word: `–`).
    fn find_in_windows(
        &self,
        text: &str,
        candidates: &[Candidate],
        context: usize,
        scale: usize,
        mut tokens: Option<&mut Vec<AnalyzedToken>>,
    ) -> Option<Vec<Occurrence>> {
        let mut windows: Vec<(usize, usize)> = candidates
            .iter()
            .map(|candidate| {
                let margin = match candidate.words_needed(context) {
                    0 => 0,
                    need => (need + need / 2) * scale,
                };
                (
                    chunks_back(text, candidate.start, margin),
                    chunks_forward(text, candidate.end, margin),
                )
            })
            .collect();
        windows.sort_unstable();
        windows.dedup_by(|next, last| {
            let overlaps = next.0 <= last.1;
            if overlaps {
                last.1 = last.1.max(next.1);
            }
            overlaps
        });
        let mut occurrences = Vec::new();
        let mut candidates = candidates.iter().peekable();
        let mut borrowed = BorrowedTokens::default();
        for (from, to) in windows {
            let window = from..to;
            match tokens.as_deref_mut() {
                Some(tokens) => {
                    let mut analysed = analyze(&text[from..to]);
                    for token in &mut analysed {
                        token.start += from;
                        token.end += from;
                    }
                    occurrences.extend(self.window_matches(
                        &analysed,
                        &window,
                        text.len(),
                        context,
                        &mut candidates,
                    )?);
                    tokens.extend(analysed);
                }
                None => {
                    let analysed = borrowed.of(&text[from..to], from);
                    occurrences.extend(self.window_matches(
                        &analysed,
                        &window,
                        text.len(),
                        context,
                        &mut candidates,
                    )?);
                }
            }
        }
        Some(occurrences)
    }

    /// The matches among `tokens`, the tokens of `window` of a text of `text_len` bytes; `None`
    /// when one of the `candidates` in it (taken from the iterator) has fewer words around it
    /// than it needs for `context`.
    fn window_matches<T: Token>(
        &self,
        tokens: &[T],
        window: &Range<usize>,
        text_len: usize,
        context: usize,
        candidates: &mut Peekable<slice::Iter<'_, Candidate>>,
    ) -> Option<Vec<Occurrence>> {
        let words: Vec<&T> = tokens
            .iter()
            .filter(|t| t.kind() == TokenKind::Word)
            .collect();
        while let Some(candidate) = candidates.next_if(|c| c.start < window.end) {
            let need = candidate.words_needed(context);
            let before = words.partition_point(|w| w.end() <= candidate.start);
            let after = words.len() - words.partition_point(|w| w.start() < candidate.end);
            if (window.start > 0 && before < need) || (window.end < text_len && after < need) {
                return None;
            }
        }
        Some(self.matcher.find_in(tokens))
    }
}

/// The tokens of a text analysed without allocating per token: their terms in one buffer,
/// reused from one text to the next.
#[derive(Default)]
struct BorrowedTokens {
    /// The term and the folded term of each token, one after the other.
    terms: String,
    tokens: Vec<Span>,
}

/// A token of [`BorrowedTokens`]: where its terms end in the buffer, and where it stands.
struct Span {
    term_end: usize,
    folded_end: usize,
    start: usize,
    end: usize,
    position: usize,
    kind: TokenKind,
}

impl BorrowedTokens {
    /// The tokens of `text`, their offsets shifted by `offset`.
    fn of(&mut self, text: &str, offset: usize) -> Vec<TokenRef<'_>> {
        self.terms.clear();
        self.tokens.clear();
        for_each_token(text, |token| {
            self.terms.push_str(token.term);
            let term_end = self.terms.len();
            self.terms.push_str(token.folded);
            self.tokens.push(Span {
                term_end,
                folded_end: self.terms.len(),
                start: token.start + offset,
                end: token.end + offset,
                position: token.position,
                kind: token.kind,
            });
        });
        let mut at = 0;
        self.tokens
            .iter()
            .map(|span| {
                let token = TokenRef {
                    term: &self.terms[at..span.term_end],
                    folded: &self.terms[span.term_end..span.folded_end],
                    start: span.start,
                    end: span.end,
                    position: span.position,
                    kind: span.kind,
                };
                at = span.folded_end;
                token
            })
            .collect()
    }
}

/// Bytes of a text searched first for its first occurrences (see [`Finder::find_first`]): more
/// than almost any article holds, so that most are searched once, whole.
const FIRST_PREFIX: usize = 256 * 1024;

/// The end of the first chunk ending at or after byte `at` of `text` (where white space
/// starts), or `None` when that chunk ends the text.
fn boundary_after(text: &str, mut at: usize) -> Option<usize> {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    text[at..]
        .char_indices()
        .find(|&(_, c)| is_boundary(c))
        .map(|(i, _)| at + i)
}

/// Whether `text` holds at least `n` words wholly after byte `from` (a token's end): those of
/// the chunks after the one `from` is in, counted `n` chunks at a time.
fn words_at_least(text: &str, from: usize, n: usize) -> bool {
    let Some((start, _)) = text[from..].char_indices().find(|&(_, c)| is_boundary(c)) else {
        return n == 0;
    };
    let mut at = from + start;
    let mut words = 0;
    while words < n && at < text.len() {
        // A chunk may hold no word (`–`) or several (`Covid-19`): count them.
        let end = chunks_forward(text, at, n - words);
        for_each_token(&text[at..end], |token| {
            words += usize::from(token.kind == TokenKind::Word);
        });
        at = end;
    }
    words >= n
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PreparedQuery, QuerySpec, Searcher};

    #[test]
    fn a_letter_folds_as_the_analyzer_folds_a_word_of_that_letter() {
        // Those of the table and those classified as they come (the first two planes).
        let letters = (0..0x2_0000).filter_map(char::from_u32);
        for c in letters.filter(|&c| analysis::char_class(c) == CharClass::Word) {
            assert_eq!(
                folded_letter(c),
                fold_term(&c.to_string()),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
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

    fn matcher(searcher: &Searcher, query: &str) -> Matcher {
        prepared(searcher, query).matcher().clone()
    }

    /// What snippets find: the matcher's items, and for a group its words one by one.
    fn highlighter(searcher: &Searcher, query: &str) -> Matcher {
        prepared(searcher, query).highlighter().clone()
    }

    fn prepared(searcher: &Searcher, query: &str) -> PreparedQuery {
        searcher.prepare(&QuerySpec::new(query)).unwrap()
    }

    /// The words of `tokens` within `context` words of each occurrence, on both sides.
    fn context_words(
        tokens: &[AnalyzedToken],
        occurrences: &[Occurrence],
        context: usize,
    ) -> Vec<(usize, usize)> {
        let words: Vec<&AnalyzedToken> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        let mut out = Vec::new();
        for occurrence in occurrences {
            let first_inside = words.partition_point(|w| w.start < occurrence.start);
            let first_after = words.partition_point(|w| w.start < occurrence.end);
            let left = &words[first_inside.saturating_sub(context)..first_inside];
            let right = &words[first_after..(first_after + context).min(words.len())];
            out.extend(left.iter().chain(right).map(|w| (w.start, w.end)));
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn the_skeleton_pass_finds_what_full_analysis_finds(text in text_strategy(), context in 0..4usize, prefix in 0..200usize) {
            static MATCHERS: std::sync::OnceLock<Vec<(&str, Matcher)>> = std::sync::OnceLock::new();
            let matchers = MATCHERS.get_or_init(|| {
                let searcher = Searcher::new(tracuu_testkit::index()).unwrap();
                let queries = [
                    "\"phát triển\"", "phat trien", "\"tham nhũng\"", "tham", "ủy", "TP.HCM",
                    "\"đảng viên\"", "covid-19", "\"kinh tế xã hội\"", "phát OR ủy", "façade",
                    "tham nhũng", "phát triển TP.HCM",
                ];
                queries
                    .into_iter()
                    .map(|q| (q, matcher(&searcher, q)))
                    .chain(queries.into_iter().map(|q| (q, highlighter(&searcher, q))))
                    .collect()
            });
            for (query, matcher) in matchers {
                let all = analyze(&text);
                let expected = matcher.find(&all);
                let finder = Finder::new(matcher);
                let (tokens, found) = finder.find(&text, context);
                proptest::prop_assert_eq!(&found, &expected, "{}", query);
                proptest::prop_assert_eq!(&finder.occurrences(&text), &expected, "{}", query);
                proptest::prop_assert_eq!(
                    context_words(&tokens, &found, context),
                    context_words(&all, &expected, context),
                    "{}", query
                );
                // The first occurrences, from beginnings cut anywhere, are the text's own.
                for limit in [1, 2, 5] {
                    let mut tokens = Vec::new();
                    let first = finder.search_first(&text, context, limit, prefix, Some(&mut tokens));
                    let expected = &expected[..expected.len().min(limit)];
                    proptest::prop_assert_eq!(&first, expected, "{} first {}", query, limit);
                    proptest::prop_assert_eq!(
                        context_words(&tokens, &first, context),
                        context_words(&all, expected, context),
                        "{} first {}", query, limit
                    );
                }
            }
        }
    }

    #[test]
    fn the_first_occurrences_of_a_long_text_are_found_in_its_beginning() {
        let searcher = Searcher::new(tracuu_testkit::index()).unwrap();
        let matcher = matcher(&searcher, "\"đảng viên\"");
        let finder = Finder::new(&matcher);
        // Far longer than the first beginning searched: a phrase a hundred thousand times.
        let text = "Các đảng viên trẻ, ".repeat(100_000);
        assert!(text.len() > 4 * FIRST_PREFIX);
        let (all_tokens, all) = finder.find(&text, 2);
        assert_eq!(all.len(), 100_000);
        let (tokens, first) = finder.find_first(&text, 2, 3);
        assert_eq!(first, all[..3]);
        assert_eq!(&text[first[2].start..first[2].end], "đảng viên");
        assert_eq!(
            context_words(&tokens, &first, 2),
            context_words(&all_tokens, &all[..3], 2)
        );
        // Only the beginning was analysed.
        assert!(
            tokens.last().unwrap().end <= FIRST_PREFIX,
            "{}",
            tokens.len()
        );
        assert_eq!(finder.first_occurrences(&text, 10_000), all[..10_000]);
        // More than the text holds: every one, the whole text searched.
        assert_eq!(finder.first_occurrences(&text, 200_000), all);
        assert!(finder.first_occurrences(&text, 0).is_empty());
    }

    #[test]
    fn the_skeleton_pass_widens_windows_over_chunks_without_words() {
        let searcher = Searcher::new(tracuu_testkit::index()).unwrap();
        let matcher = matcher(&searcher, "\"tham nhũng\"");
        let finder = Finder::new(&matcher);
        assert!(finder.anchors.is_some());
        // Symbols between the phrase's words (dashes would end the phrase).
        let text = "một hai ba – – – – – – – – – – – – – – – chống tham & & & & & & & & & & nhũng bốn năm sáu bảy";
        let (tokens, found) = finder.find(text, 3);
        assert_eq!(found.len(), 1);
        let words: Vec<&str> = context_words(&tokens, &found, 3)
            .into_iter()
            .map(|(start, end)| &text[start..end])
            .collect();
        assert_eq!(words, ["hai", "ba", "chống", "bốn", "năm", "sáu"]);
        let vowels_only = self::matcher(&searcher, "ủy");
        assert!(Finder::new(&vowels_only).anchors.is_none());
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
}
