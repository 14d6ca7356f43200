//! The analyzer as tantivy tokenizers.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

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

/// Tantivy tokenizer producing words and codes in one [`Form`].
#[derive(Debug, Clone)]
pub struct VietnameseTokenizer {
    form: Form,
}

impl VietnameseTokenizer {
    /// A tokenizer producing `form`.
    pub fn new(form: Form) -> VietnameseTokenizer {
        VietnameseTokenizer { form }
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VietnameseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietnameseTokenStream<'a> {
        VietnameseTokenStream {
            cursor: TokenCursor::new(text),
            form: self.form,
            token: Token::default(),
        }
    }
}

/// Token stream of a [`VietnameseTokenizer`].
pub struct VietnameseTokenStream<'a> {
    cursor: TokenCursor<'a>,
    form: Form,
    token: Token,
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
