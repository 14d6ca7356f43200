//! Finding a query's matches in stored text, with the same diacritic rules as the search, so
//! snippets and concordances show exactly what matched, as the author wrote it.

use tracuu_indexer::analysis::{AnalyzedToken, TokenKind};

/// One query syllable as it must appear in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// The normalised term must be equal (diacritics matter).
    Exact(String),
    /// The accent-free term must be equal.
    Folded(String),
}

impl Key {
    fn matches(&self, token: &AnalyzedToken) -> bool {
        match self {
            Key::Exact(term) => token.term == *term,
            Key::Folded(folded) => token.folded == *folded,
        }
    }
}

/// A word or a phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MatchItem {
    /// One word or code.
    Word(Key),
    /// Syllables adjacent and in order.
    Phrase(Vec<Key>),
}

/// One match in a text: byte offsets into the text, and which query item matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset past the last character.
    pub end: usize,
    /// Index of the query word or phrase that matched (in query order).
    pub item: usize,
}

/// The positive words and phrases of a query.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub(crate) items: Vec<MatchItem>,
}

impl Matcher {
    /// Number of distinct query words and phrases.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the query has no positive word or phrase (a date-only query).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Every match in analysed text, by start offset, without overlaps (the longest match wins).
    pub fn find(&self, tokens: &[AnalyzedToken]) -> Vec<Occurrence> {
        let words: Vec<&AnalyzedToken> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        let mut found = Vec::new();
        for (item, query_item) in self.items.iter().enumerate() {
            match query_item {
                MatchItem::Word(key) => found.extend(tokens.iter().filter(|t| key.matches(t)).map(
                    |t| Occurrence {
                        start: t.start,
                        end: t.end,
                        item,
                    },
                )),
                MatchItem::Phrase(keys) => found.extend(find_phrase(&words, keys, item)),
            }
        }
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut merged: Vec<Occurrence> = Vec::with_capacity(found.len());
        for occurrence in found {
            match merged.last() {
                Some(last) if occurrence.start < last.end => {}
                _ => merged.push(occurrence),
            }
        }
        merged
    }
}

fn find_phrase(words: &[&AnalyzedToken], keys: &[Key], item: usize) -> Vec<Occurrence> {
    if keys.is_empty() || words.len() < keys.len() {
        return Vec::new();
    }
    (0..=words.len() - keys.len())
        .filter(|&i| {
            keys.iter().enumerate().all(|(k, key)| {
                let word = words[i + k];
                key.matches(word) && word.position == words[i].position + k
            })
        })
        .map(|i| Occurrence {
            start: words[i].start,
            end: words[i + keys.len() - 1].end,
            item,
        })
        .collect()
}
