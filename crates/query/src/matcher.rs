//! Finding a query's matches in stored text, with the same diacritic rules as the search, so
//! snippets and concordances show exactly what matched, as the author wrote it.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tracuu_indexer::analysis::{AnalyzedToken, TokenKind, TokenRef};

/// A token of analysed text as the matcher reads it: owned ([`AnalyzedToken`]) or borrowed
/// ([`TokenRef`], for texts analysed without allocating per token).
pub(crate) trait Token {
    fn term(&self) -> &str;
    fn folded(&self) -> &str;
    fn start(&self) -> usize;
    fn end(&self) -> usize;
    fn position(&self) -> usize;
    fn kind(&self) -> TokenKind;
}

/// Implements [`Token`] for token types with the fields of that name.
macro_rules! token_from_fields {
    ($($token:ty),*) => {$(
        impl Token for $token {
            fn term(&self) -> &str {
                &self.term
            }
            fn folded(&self) -> &str {
                &self.folded
            }
            fn start(&self) -> usize {
                self.start
            }
            fn end(&self) -> usize {
                self.end
            }
            fn position(&self) -> usize {
                self.position
            }
            fn kind(&self) -> TokenKind {
                self.kind
            }
        }
    )*};
}

token_from_fields!(AnalyzedToken, TokenRef<'_>);

/// One query syllable as it must appear in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// The normalised term must be equal (diacritics matter).
    Exact(String),
    /// The accent-free term must be equal.
    Folded(String),
    /// The normalised term must be one of these, sorted (`--fuzzy`).
    AnyOf(Vec<String>),
    /// The normalised term (or, when `folded`, the accent-free term) must start with one of
    /// `texts`.
    Prefix { texts: Vec<String>, folded: bool },
}

impl Key {
    fn matches(&self, token: &impl Token) -> bool {
        match self {
            Key::Exact(term) => token.term() == term,
            Key::Folded(folded) => token.folded() == folded,
            Key::AnyOf(terms) => terms
                .binary_search_by(|t| t.as_str().cmp(token.term()))
                .is_ok(),
            Key::Prefix { texts, folded } => {
                let word = if *folded {
                    token.folded()
                } else {
                    token.term()
                };
                texts.iter().any(|text| word.starts_with(text.as_str()))
            }
        }
    }
}

/// A word or a phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MatchItem {
    /// One word or code.
    Word(Key),
    /// Syllables in order, each at its offset from the first (consecutive, or one more across
    /// punctuation, as the query was written).
    Phrase(Vec<(usize, Key)>),
    /// Syllables in order, with at most `slop` other words between them in all.
    Near { keys: Vec<Key>, slop: usize },
}

impl MatchItem {
    /// The keys of the item, in order.
    pub(crate) fn keys(&self) -> Vec<&Key> {
        match self {
            MatchItem::Word(key) => vec![key],
            MatchItem::Phrase(keys) => keys.iter().map(|(_, key)| key).collect(),
            MatchItem::Near { keys, .. } => keys.iter().collect(),
        }
    }

    /// The most words an occurrence spans.
    pub(crate) fn span(&self) -> usize {
        match self {
            MatchItem::Word(_) => 1,
            MatchItem::Phrase(keys) => keys.last().map_or(1, |(offset, _)| offset + 1),
            MatchItem::Near { keys, slop } => keys.len() + slop,
        }
    }
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
    items: Vec<MatchItem>,
    /// For each item, the items it stands in for where none of them is found: a word of a
    /// group highlighted alone where the group is not side by side.
    stands_in_for: Vec<Option<Range<usize>>>,
    /// The items that are one word matched by its term, by that term: a text is read once
    /// for all of them, however many the query has (a pasted sentence has dozens).
    words_by_term: FxHashMap<String, Vec<usize>>,
    /// The same for words matched by their accent-free term.
    words_by_folded: FxHashMap<String, Vec<usize>>,
    /// The other items, each looked for on its own.
    others: Vec<usize>,
}

impl Matcher {
    /// Adds a word or phrase to find.
    pub(crate) fn push(&mut self, item: MatchItem) {
        let index = self.items.len();
        match &item {
            MatchItem::Word(Key::Exact(term)) => self
                .words_by_term
                .entry(term.clone())
                .or_default()
                .push(index),
            MatchItem::Word(Key::Folded(folded)) => self
                .words_by_folded
                .entry(folded.clone())
                .or_default()
                .push(index),
            _ => self.others.push(index),
        }
        self.items.push(item);
        self.stands_in_for.push(None);
    }

    /// Adds a word or phrase to find in texts where none of the items `wholes` is found.
    pub(crate) fn push_stand_in(&mut self, item: MatchItem, wholes: Range<usize>) {
        self.push(item);
        *self.stands_in_for.last_mut().expect("pushed") = Some(wholes);
    }

    /// `found` (the occurrences in one text) without those of items standing in for an item
    /// found there: `thị trường` highlights `thị` alone only in a text where `thị trường` is
    /// never side by side.
    pub fn without_stand_ins(&self, mut found: Vec<Occurrence>) -> Vec<Occurrence> {
        let mut is_found = vec![false; self.items.len()];
        for occurrence in &found {
            is_found[occurrence.item] = true;
        }
        let dropped: Vec<bool> = (self.stands_in_for.iter())
            .map(|wholes| {
                wholes
                    .clone()
                    .is_some_and(|mut w| w.any(|item| is_found[item]))
            })
            .collect();
        found.retain(|o| !dropped[o.item]);
        found
    }

    /// The words and phrases, in query order.
    pub(crate) fn items(&self) -> &[MatchItem] {
        &self.items
    }

    /// Number of distinct query words and phrases.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the query has no positive word or phrase (a date-only query).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Each word and phrase of the query as the terms its words must have, at their offsets
    /// from the first, when every one is a word or phrase of words matched by their own term;
    /// `None` for any other query (a code, a prefix, a proximity, a word in several spellings),
    /// whose matches only [`Matcher::find`] finds. With these, matches can be found among the
    /// words of a text (what `analysis::for_each_word` gives) without analysing it again.
    pub fn exact_phrases(&self) -> Option<Vec<Vec<(usize, &str)>>> {
        fn exact(offset: usize, key: &Key) -> Option<(usize, &str)> {
            match key {
                Key::Exact(term) if term.chars().all(char::is_alphanumeric) => {
                    Some((offset, term.as_str()))
                }
                _ => None,
            }
        }
        self.items
            .iter()
            .map(|item| match item {
                MatchItem::Word(key) => Some(vec![exact(0, key)?]),
                MatchItem::Phrase(keys) => keys.iter().map(|(o, key)| exact(*o, key)).collect(),
                MatchItem::Near { .. } => None,
            })
            .collect()
    }

    /// Every match in analysed text, by start offset, without overlaps (the longest match wins).
    pub fn find(&self, tokens: &[AnalyzedToken]) -> Vec<Occurrence> {
        self.find_in(tokens)
    }

    /// [`find`](Self::find) in tokens owned or borrowed.
    pub(crate) fn find_in<T: Token>(&self, tokens: &[T]) -> Vec<Occurrence> {
        let words: Vec<&T> = tokens
            .iter()
            .filter(|t| t.kind() == TokenKind::Word)
            .collect();
        let mut found = Vec::new();
        for token in tokens {
            let by_term = self.words_by_term.get(token.term());
            let by_folded = self.words_by_folded.get(token.folded());
            for &item in [by_term, by_folded].into_iter().flatten().flatten() {
                found.push(Occurrence {
                    start: token.start(),
                    end: token.end(),
                    item,
                });
            }
        }
        for &item in &self.others {
            match &self.items[item] {
                MatchItem::Word(key) => found.extend(
                    tokens
                        .iter()
                        .filter(|t| key.matches(*t))
                        .map(|t| Occurrence {
                            start: t.start(),
                            end: t.end(),
                            item,
                        }),
                ),
                MatchItem::Phrase(keys) => found.extend(find_phrase(&words, keys, item)),
                MatchItem::Near { keys, slop } => {
                    found.extend(find_near(&words, keys, *slop, item));
                }
            }
        }
        without_overlaps(found)
    }
}

/// `found` by start offset, without overlaps: where matches overlap, the first, longest one
/// (of the first item, when several match there).
pub fn without_overlaps(mut found: Vec<Occurrence>) -> Vec<Occurrence> {
    found.sort_unstable_by(|a, b| {
        (a.start.cmp(&b.start).then(b.end.cmp(&a.end))).then(a.item.cmp(&b.item))
    });
    let mut merged: Vec<Occurrence> = Vec::with_capacity(found.len());
    for occurrence in found {
        match merged.last() {
            Some(last) if occurrence.start < last.end => {}
            _ => merged.push(occurrence),
        }
    }
    merged
}

/// Occurrences of `keys` in words one after the other, each at its offset from the first
/// (positions, not indices: where the offsets leave a gap, typed as punctuation, the text must
/// have a break, which leaves a gap too, and not a word).
fn find_phrase<T: Token>(words: &[&T], keys: &[(usize, Key)], item: usize) -> Vec<Occurrence> {
    let Some(((_, first), rest)) = keys.split_first() else {
        return Vec::new();
    };
    occurrences(words, first, item, |i, start| {
        let following = words.get(i + 1..=i + rest.len())?;
        let all = rest.iter().zip(following).all(|((offset, key), word)| {
            word.position() == start.position() + offset && key.matches(*word)
        });
        all.then(|| following.last().map_or(start.end(), |last| last.end()))
    })
}

/// Occurrences of `keys` in order, the first word of each and the next ones at most `slop`
/// positions further than adjacent in all (the nearest match of each key is taken).
fn find_near<T: Token>(words: &[&T], keys: &[Key], slop: usize, item: usize) -> Vec<Occurrence> {
    let Some((first, rest)) = keys.split_first() else {
        return Vec::new();
    };
    occurrences(words, first, item, |i, start| {
        let (mut at, mut extra, mut end) = (i, 0, start.end());
        let all = rest.iter().all(|key| {
            let previous = words[at].position();
            let next = words[at + 1..]
                .iter()
                .take_while(|w| w.position() - previous - 1 <= slop - extra)
                .position(|w| key.matches(*w));
            match next {
                Some(n) => {
                    at += n + 1;
                    extra += words[at].position() - previous - 1;
                    end = words[at].end();
                    true
                }
                None => false,
            }
        });
        all.then_some(end)
    })
}

/// The occurrences starting at each word matching `first`, ending where `rest_end` finds the
/// rest of the item from that word (its index and token), if it does.
fn occurrences<T: Token>(
    words: &[&T],
    first: &Key,
    item: usize,
    rest_end: impl Fn(usize, &T) -> Option<usize>,
) -> Vec<Occurrence> {
    words
        .iter()
        .enumerate()
        .filter(|(_, start)| first.matches(**start))
        .filter_map(|(i, start)| {
            rest_end(i, start).map(|end| Occurrence {
                start: start.start(),
                end,
                item,
            })
        })
        .collect()
}
