//! The analyzer as tantivy tokenizers.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::syllable::SyllableNormalizer;
use super::TokenCursor;

/// Which form of each token a [`VietnameseTokenizer`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Normalised terms with their diacritics (`đảng`): what title and body index. An
    /// accent-free query finds them through the index's term dictionary (every term folding to
    /// the word it typed).
    Exact,
    /// Accent-free terms (`dang`).
    Folded,
}

/// Tantivy tokenizer producing words and codes in one [`Form`], and the first word after a
/// break a second time, marked with [`BREAK_MARK`](super::BREAK_MARK) (see
/// [Positions](super#positions)). The marked copy repeats the token as the stream gave it:
/// a filter chained after this tokenizer that rewrites or drops tokens acts on the copy apart.
///
/// It keeps the terms of the words it has normalised from one text to the next (a bounded
/// cache: most words of news text are among a few thousand syllables), so each tantivy
/// indexing thread, which has its own copy, normalises most syllables once.
#[derive(Clone)]
pub struct VietnameseTokenizer {
    form: Form,
    normalizer: SyllableNormalizer,
}

impl VietnameseTokenizer {
    /// A tokenizer producing `form`.
    pub fn new(form: Form) -> VietnameseTokenizer {
        VietnameseTokenizer {
            form,
            normalizer: SyllableNormalizer::with_cache(),
        }
    }
}

impl std::fmt::Debug for VietnameseTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VietnameseTokenizer")
            .field("form", &self.form)
            .finish_non_exhaustive()
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VietnameseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietnameseTokenStream<'a> {
        let normalizer = std::mem::take(&mut self.normalizer);
        VietnameseTokenStream {
            cursor: TokenCursor::with_normalizer(text, normalizer).giving_breaks(),
            form: self.form,
            token: Token::default(),
            normalizer_home: &mut self.normalizer,
        }
    }
}

/// Token stream of a [`VietnameseTokenizer`].
pub struct VietnameseTokenStream<'a> {
    cursor: TokenCursor<'a>,
    form: Form,
    token: Token,
    /// Where the tokenizer's normaliser goes back, with what it learnt, when the stream ends.
    normalizer_home: &'a mut SyllableNormalizer,
}

impl Drop for VietnameseTokenStream<'_> {
    fn drop(&mut self) {
        *self.normalizer_home = self.cursor.take_normalizer();
    }
}

impl TokenStream for VietnameseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(found) = self.cursor.advance(self.form, &mut self.token.text, None) else {
            return false;
        };
        self.token.offset_from = found.start;
        self.token.offset_to = found.end;
        self.token.position = found.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
