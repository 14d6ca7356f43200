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
    /// term when it differs (`đảng`, `dang`), or the syllable's [level-tone term](level_tone_term)
    /// when it has no mark at all (`qua`, `=qua`): the plain `qua` stands for every spelling
    /// that folds to it (`quá`, `quả`...), so the level-tone syllable needs a term of its own.
    /// Accented terms never equal an accent-free one, so exact and accent-free queries can share
    /// the field.
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
    /// With [`Form::Both`]: the accent-free form of the token just produced, or its level-tone
    /// term.
    folded: String,
    /// With [`Form::Both`]: `folded` comes next, at the same position.
    folded_pending: bool,
}

/// Marks the level-tone term of a syllable.
const LEVEL_TONE_MARK: char = '=';

/// The term under which a syllable written without any mark (`qua`, `ban`, `thong`) is indexed
/// besides its plain term, which also stands for every accented spelling folding to it; `None`
/// for a word that is not a syllable without marks (`quá`, `2019`, `hcm`). `=` never occurs in a
/// term: the analyzer splits words there.
pub fn level_tone_term(term: &str) -> Option<String> {
    let mut marked = term.to_string();
    set_level_tone(&mut marked).then_some(marked)
}

/// Turns `term` into its level-tone term when it is a syllable without marks: ASCII letters
/// only, with a vowel (a word without one cannot carry a tone).
fn set_level_tone(term: &mut String) -> bool {
    let syllable = term.bytes().all(|b| b.is_ascii_lowercase())
        && term
            .bytes()
            .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'));
    if syllable {
        term.insert(0, LEVEL_TONE_MARK);
    }
    syllable
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
                self.folded_pending = found.is_some()
                    && (self.folded != self.token.text || set_level_tone(&mut self.folded));
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
