//! The analyzer as tantivy tokenizers.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::TokenCursor;

/// Which form of each token a [`VietnameseTokenizer`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Normalised terms with their diacritics (`đảng`).
    Exact,
    /// Accent-free terms (`dang`).
    Folded,
    /// Both in one field: the normalised term, then, at the same position, the accent-free
    /// term when it differs (`đảng`, `dang`; `cho` alone). Accented terms never equal an
    /// accent-free one, so exact and accent-free queries can share the field.
    Both,
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
            folded: String::new(),
            folded_pending: false,
        }
    }
}

/// Token stream of a [`VietnameseTokenizer`].
pub struct VietnameseTokenStream<'a> {
    cursor: TokenCursor<'a>,
    form: Form,
    token: Token,
    /// With [`Form::Both`]: the accent-free form of the token just produced.
    folded: String,
    /// With [`Form::Both`]: `folded` differs from the token and comes next.
    folded_pending: bool,
}

impl TokenStream for VietnameseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.folded_pending {
            self.folded_pending = false;
            std::mem::swap(&mut self.token.text, &mut self.folded);
            return true;
        }
        let found = match self.form {
            Form::Both => {
                let found =
                    self.cursor
                        .advance(Form::Exact, &mut self.token.text, Some(&mut self.folded));
                self.folded_pending = found.is_some() && self.folded != self.token.text;
                found
            }
            form => self.cursor.advance(form, &mut self.token.text, None),
        };
        let Some(found) = found else {
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
