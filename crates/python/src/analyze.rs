//! `tracuu.analyze`: how text becomes index terms (words and codes, not the second, marked term
//! the index holds for each word after a break), as `tracuu analyze --json` shows it.

use pyo3::prelude::*;
use serde::Serialize;
use tracuu_indexer::analysis::{self, TokenKind};

use crate::run::to_python;

/// A token of `tracuu analyze --json`, with character offsets for Python strings besides the
/// byte offsets, and its kind (a word, or a whole code such as `TP.HCM`).
#[derive(Serialize)]
struct Token<'a> {
    text: &'a str,
    term: &'a str,
    folded: &'a str,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    position: usize,
    kind: &'static str,
}

/// The tokens of `text` as dicts (see `tracuu.Token`).
#[pyfunction]
pub fn analyze<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let tokens = py.detach(|| analysis::analyze(text));
    let mut chars = CharOffsets::new(text);
    let records: Vec<Token> = tokens
        .iter()
        .map(|token| Token {
            text: &token.text,
            term: &token.term,
            folded: &token.folded,
            start: token.start,
            end: token.end,
            char_start: chars.at(token.start),
            char_end: chars.at(token.end),
            position: token.position,
            kind: match token.kind {
                TokenKind::Word => "word",
                TokenKind::Code => "code",
            },
        })
        .collect();
    to_python(py, &records)
}

/// Character offsets of byte offsets into one text, counted on from the last one asked for
/// (tokens come in text order, so a text is counted about once).
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> CharOffsets<'a> {
        CharOffsets {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// The character offset of byte offset `byte` (a character boundary).
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.char) = (0, 0);
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}
