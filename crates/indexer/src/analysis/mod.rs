//! Vietnamese text analysis: from raw text to index terms, with offsets into the original text.
//!
//! Text is split into **words** (syllables, numbers, parts of codes) and **codes** (`45/2019/QH14`,
//! `TP.HCM`, `Covid-19`, `2.900.000`, indexed whole at the position of their first word, and by
//! each part). Each token has two forms:
//!
//! - the **term**: lowercase, NFC, tone mark placed by one rule, whatever the input's Unicode
//!   form (NFC, NFD or mixed) or tone-mark placement; `Ð`, the eth some web text writes for `Đ`,
//!   is read as `Đ`;
//! - the **folded** term: no marks at all and `đ` written `d` (`Đảng ủy` -> `dang uy`), for
//!   queries typed without diacritics.
//!
//! # The canonical tone placement
//! Two conventions are in use, often in one article: `hòa`/`hoà`, `thủy`/`thuỷ`, `khỏe`/`khoẻ`.
//! Terms use the traditional one (`hòa`, `thủy`, `khỏe`): in open syllables with two vowels the
//! tone goes on the first (`mùa`, `hòa`, `thủy`), with three on the middle one (`ngoài`), and
//! after a final consonant on the last (`hoàn`); a vowel with a quality mark (`â ă ê ô ơ ư`)
//! always takes it (`người`, `quyết`); the `u` of `qu` and the `i` of `gi` are part of the
//! initial (`quý`, `giữ`). It is chosen because it is the more frequent one in the news corpora
//! this engine serves (it is what most newsrooms' input methods produce), so most stored terms
//! read exactly as written. Words that are not shaped like a Vietnamese syllable (`café`) keep
//! their marks where they were written.
//!
//! # Separators
//! Every character has a [`CharClass`] ([`char_class`]): spaces of every kind (including no-break
//! and zero-width spaces), quotes, dashes, ellipses and other punctuation separate words; the soft
//! hyphen, zero-width joiners and the BOM are skipped inside words. None of them ends up inside a
//! term. The readers, the fingerprints and the query parser use the same classes.
//!
//! # Positions
//! Words are numbered in order, and both forms of a word share its number. Where sentence or
//! clause punctuation, a dash, a quotation mark or a line break separates two words
//! ([`ends_phrase`] says which), one number is skipped, so no phrase matches across it:
//! `Đảng. Uỷ ban` puts `đảng` at 0 and `ủy` at 2. Codes (`TP.HCM`) hold no gap.
//!
//! The index's tokenizers give the first word after each skipped position twice (the first word
//! of a code, not the code): its term, and its term marked with [`BREAK_MARK`] (`¶chống`), at
//! the same position. A phrase typed
//! with punctuation (`"phòng, chống"`) is then a plain phrase query, `phòng` at 0 and `¶chống`
//! at 2: without the mark, any word at 1 would fill the gap. The marked term's postings are as
//! short as its word's, so such a phrase costs what one without punctuation does. [`analyze`]
//! and the other functions here give words only.
//!
//! # Tantivy tokenizers
//! [`register`] adds two tokenizers to an index: [`EXACT_TOKENIZER`] (terms: what title and body
//! use) and [`FOLDED_TOKENIZER`] (folded terms: the source name). Accent-free queries on title
//! and body expand each word to the index's terms that fold to it ([`fold_char`] folds a term
//! one character at a time, as a walk of the term dictionary needs).
//!
//! ```
//! use tracuu_indexer::analysis::analyze;
//!
//! let tokens = analyze("Đảng uỷ TP.HCM. Họp");
//! let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
//! assert_eq!(terms, ["đảng", "ủy", "tp.hcm", "tp", "hcm", "họp"]);
//! assert_eq!(tokens[1].folded, "uy");
//! let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
//! assert_eq!(positions, [0, 1, 2, 2, 3, 5]);
//! ```

mod char_properties;
mod chars;
mod segment;
mod syllable;
mod tokenizer;

use serde::Serialize;

pub use chars::{char_class, ends_phrase, is_space, phrase_break, CharClass, PhraseBreak};
pub use tokenizer::{Form, VietnameseTokenizer};

use segment::{Part, Segmenter, MAX_CODE_PARTS};
use syllable::SyllableNormalizer;

pub use syllable::{fold_char, mark_edits};

/// The mark before a term in the index when punctuation ending a phrase stands right before its
/// word (see [Positions](self#positions)): `, chống` gives `chống` and `¶chống` at one position.
/// No word's term holds it: `¶` separates words.
pub const BREAK_MARK: &str = "¶";

/// Name of the tokenizer that produces normalised terms.
pub const EXACT_TOKENIZER: &str = "vi";
/// Name of the tokenizer that produces accent-free terms.
pub const FOLDED_TOKENIZER: &str = "vi_folded";

/// Registers the two tracuu tokenizers on `index` under their names.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(EXACT_TOKENIZER, VietnameseTokenizer::new(Form::Exact));
    manager.register(FOLDED_TOKENIZER, VietnameseTokenizer::new(Form::Folded));
}

/// Whether a token is one word or a whole code made of several words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A syllable, a number, or one part of a code.
    Word,
    /// A whole code such as `45/2019/QH14`; its parts follow it as words.
    Code,
}

/// One token of analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalyzedToken {
    /// The text as written: `&original[start..end]`.
    pub text: String,
    /// The normalised term.
    pub term: String,
    /// The accent-free term.
    pub folded: String,
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just past the last character in the original text.
    pub end: usize,
    /// Word position; a code shares the position of its first word, and a word after
    /// punctuation that ends a phrase is one further (see [Positions](self#positions)).
    pub position: usize,
    /// Word or whole code.
    #[serde(skip)]
    pub kind: TokenKind,
}

/// Analyses `text` into words and codes with both forms and offsets into `text`.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    analyze_counting_positions(text).0
}

/// The tokens of `text`, and the position a word after it would take without a gap.
fn analyze_counting_positions(text: &str) -> (Vec<AnalyzedToken>, usize) {
    let mut cursor = TokenCursor::new(text);
    let mut tokens = Vec::new();
    let (mut term, mut folded) = (String::new(), String::new());
    while let Some(found) = cursor.advance(Form::Exact, &mut term, Some(&mut folded)) {
        tokens.push(AnalyzedToken {
            text: text[found.start..found.end].to_string(),
            term: term.clone(),
            folded: folded.clone(),
            start: found.start,
            end: found.end,
            position: found.position,
            kind: found.kind,
        });
    }
    (tokens, cursor.next_position)
}

/// Analyses a text that arrives in blocks, each ending just after a line break (or at the end
/// of the text), giving the offsets and positions [`analyze`] gives the whole text: a long
/// input is analysed with the memory of one block.
#[derive(Debug, Default)]
pub struct BlockAnalyzer {
    bytes_before: usize,
    /// The position a word would take after the blocks so far without a gap; `None` before
    /// the first word.
    next_position: Option<usize>,
}

impl BlockAnalyzer {
    /// The tokens of the next block, which must end with `\n` unless it is the last.
    pub fn analyze(&mut self, block: &str) -> Vec<AnalyzedToken> {
        let (mut tokens, next_position) = analyze_counting_positions(block);
        // The line break before this block ends a phrase: one position is skipped.
        let shift = self.next_position.map_or(0, |next| next + 1);
        for token in &mut tokens {
            token.start += self.bytes_before;
            token.end += self.bytes_before;
            token.position += shift;
        }
        if next_position > 0 {
            self.next_position = Some(shift + next_position);
        }
        self.bytes_before += block.len();
        tokens
    }
}

/// A word of analysed text, borrowed from [`for_each_word`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRef<'a> {
    /// The normalised term.
    pub term: &'a str,
    /// Byte offset of the first character in the text.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Word position (see [Positions](self#positions)).
    pub position: usize,
}

/// Calls `f` with every word of `text` in order: the tokens of [`analyze`] of kind
/// [`TokenKind::Word`] (syllables, numbers, the parts of codes, not whole codes), with their
/// terms only, without allocating per word (for counting words in long texts).
pub fn for_each_word(text: &str, mut f: impl FnMut(WordRef<'_>)) {
    let mut cursor = TokenCursor::new(text);
    let mut term = String::new();
    while let Some(found) = cursor.advance(Form::Exact, &mut term, None) {
        if found.kind == TokenKind::Word {
            f(WordRef {
                term: &term,
                start: found.start,
                end: found.end,
                position: found.position,
            });
        }
    }
}

/// A token of analysed text, borrowed from [`for_each_token`]: an [`AnalyzedToken`] without
/// its text as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The normalised term.
    pub term: &'a str,
    /// The accent-free term.
    pub folded: &'a str,
    /// Byte offset of the first character in the text.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// Word position (see [Positions](self#positions)).
    pub position: usize,
    /// Word or whole code.
    pub kind: TokenKind,
}

/// Calls `f` with every token of `text` in order, as [`analyze`] gives them, without
/// allocating per token.
pub fn for_each_token(text: &str, mut f: impl FnMut(TokenRef<'_>)) {
    let mut cursor = TokenCursor::new(text);
    let (mut term, mut folded) = (String::new(), String::new());
    while let Some(found) = cursor.advance(Form::Exact, &mut term, Some(&mut folded)) {
        f(TokenRef {
            term: &term,
            folded: &folded,
            start: found.start,
            end: found.end,
            position: found.position,
            kind: found.kind,
        });
    }
}

/// The normalised term of a single word (`"Uỷ"` -> `"ủy"`), or of a code written without spaces.
pub fn normalize_term(word: &str) -> String {
    forms(word).0
}

/// The accent-free term of a single word (`"Đảng"` -> `"dang"`).
pub fn fold_term(word: &str) -> String {
    forms(word).1
}

fn forms(word: &str) -> (String, String) {
    let mut cursor = TokenCursor::new(word);
    let (mut term, mut folded) = (String::new(), String::new());
    let (mut all_terms, mut all_folded) = (String::new(), String::new());
    while let Some(found) = cursor.advance(Form::Exact, &mut term, Some(&mut folded)) {
        if found.kind == TokenKind::Code || all_terms.is_empty() {
            all_terms.clone_from(&term);
            all_folded.clone_from(&folded);
        }
    }
    (all_terms, all_folded)
}

/// Where the token just produced by [`TokenCursor::advance`] is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub position: usize,
    pub kind: TokenKind,
}

/// Produces tokens one at a time into caller-owned buffers, so the tokenizers never allocate per token.
pub(crate) struct TokenCursor<'a> {
    text: &'a str,
    segmenter: Segmenter<'a>,
    normalizer: SyllableNormalizer,
    parts: Vec<Part>,
    next_part: usize,
    code_pending: bool,
    group_position: usize,
    next_position: usize,
    /// Whether the first word after a break is given twice, the second time marked with
    /// [`BREAK_MARK`].
    gives_breaks: bool,
    /// Whether punctuation ending a phrase stands before the group being read.
    group_after_break: bool,
    /// The token just given, when it is to be given again marked with [`BREAK_MARK`].
    pending_marked: Option<Found>,
    scratch_term: String,
    scratch_folded: String,
}

impl<'a> TokenCursor<'a> {
    pub(crate) fn new(text: &'a str) -> TokenCursor<'a> {
        TokenCursor::with_normalizer(text, SyllableNormalizer::default())
    }

    /// A cursor normalising words with `normalizer` (see [`take_normalizer`](Self::take_normalizer)).
    pub(crate) fn with_normalizer(
        text: &'a str,
        normalizer: SyllableNormalizer,
    ) -> TokenCursor<'a> {
        TokenCursor {
            text,
            segmenter: Segmenter::new(text),
            normalizer,
            parts: Vec::new(),
            next_part: 0,
            code_pending: false,
            group_position: 0,
            next_position: 0,
            gives_breaks: false,
            group_after_break: false,
            pending_marked: None,
            scratch_term: String::new(),
            scratch_folded: String::new(),
        }
    }

    /// The cursor, also giving the word at the first position after a break again, its term
    /// (and other form) marked with [`BREAK_MARK`] (what the index's tokenizers give). A code
    /// there is not marked: a phrase seeks a code's words, the first of which is. The marked
    /// copy is made from `out` (and `other`) as the word left them.
    pub(crate) fn giving_breaks(mut self) -> TokenCursor<'a> {
        self.gives_breaks = true;
        self
    }

    /// The normaliser, to use again for another text; the cursor is left with a new one.
    pub(crate) fn take_normalizer(&mut self) -> SyllableNormalizer {
        std::mem::take(&mut self.normalizer)
    }

    /// Writes the next token's `form` into `out`, and its other form into `other` when given.
    pub(crate) fn advance(
        &mut self,
        form: Form,
        out: &mut String,
        other: Option<&mut String>,
    ) -> Option<Found> {
        if let Some(found) = self.pending_marked.take() {
            out.insert_str(0, BREAK_MARK);
            if let Some(other) = other {
                other.insert_str(0, BREAK_MARK);
            }
            return Some(found);
        }
        let found = self.next_token(form, out, other)?;
        if self.group_after_break
            && found.position == self.group_position
            && found.kind == TokenKind::Word
        {
            self.pending_marked = Some(found);
        }
        Some(found)
    }

    /// The next token, unmarked.
    fn next_token(
        &mut self,
        form: Form,
        out: &mut String,
        mut other: Option<&mut String>,
    ) -> Option<Found> {
        loop {
            if self.code_pending {
                self.code_pending = false;
                self.write_code(form, out, other.as_deref_mut());
                let (first, last) = (self.parts[0], self.parts[self.parts.len() - 1]);
                return Some(Found {
                    start: first.start,
                    end: last.end,
                    position: self.group_position,
                    kind: TokenKind::Code,
                });
            }
            if let Some(&part) = self.parts.get(self.next_part) {
                let position = self.group_position + self.next_part;
                self.next_part += 1;
                self.write_word(part, form, out, other.as_deref_mut());
                if out.is_empty() {
                    continue;
                }
                return Some(Found {
                    start: part.start,
                    end: part.end,
                    position,
                    kind: TokenKind::Word,
                });
            }
            if !self.segmenter.next_group(&mut self.parts) {
                return None;
            }
            // A gap where punctuation ends a phrase: the words on either side are not adjacent.
            let phrase_ends = self.segmenter.phrase_ends();
            self.next_position += usize::from(phrase_ends);
            self.group_position = self.next_position;
            self.next_position += self.parts.len();
            self.group_after_break = phrase_ends && self.gives_breaks;
            self.next_part = 0;
            self.code_pending = self.parts.len() > 1 && self.parts.len() <= MAX_CODE_PARTS;
        }
    }

    fn write_word(&mut self, part: Part, form: Form, out: &mut String, other: Option<&mut String>) {
        let word = &self.text[part.start..part.end];
        match (form, other) {
            (Form::Exact, folded) => self.normalizer.normalize(word, out, folded),
            (Form::Folded, Some(term)) => {
                self.normalizer.normalize(word, term, Some(out));
            }
            (Form::Folded, None) => {
                self.normalizer
                    .normalize(word, &mut self.scratch_term, Some(out));
            }
        }
    }

    fn write_code(&mut self, form: Form, out: &mut String, mut other: Option<&mut String>) {
        out.clear();
        if let Some(f) = other.as_deref_mut() {
            f.clear();
        }
        for i in 0..self.parts.len() {
            let part = self.parts[i];
            let (mut term, mut fold) = (
                std::mem::take(&mut self.scratch_term),
                std::mem::take(&mut self.scratch_folded),
            );
            self.normalizer
                .normalize(&self.text[part.start..part.end], &mut term, Some(&mut fold));
            if term.is_empty() {
                // A part with nothing to index (a lone combining mark): no word, no connector.
                self.scratch_term = term;
                self.scratch_folded = fold;
                continue;
            }
            if !out.is_empty() {
                let connector = match self.text[..part.start].chars().next_back() {
                    Some('\u{2010}' | '\u{2011}') | None => '-',
                    Some(c) => c,
                };
                out.push(connector);
                if let Some(f) = other.as_deref_mut() {
                    f.push(connector);
                }
            }
            let (primary, secondary) = match form {
                Form::Exact => (&term, &fold),
                Form::Folded => (&fold, &term),
            };
            out.push_str(primary);
            if let Some(f) = other.as_deref_mut() {
                f.push_str(secondary);
            }
            self.scratch_term = term;
            self.scratch_folded = fold;
        }
    }
}
