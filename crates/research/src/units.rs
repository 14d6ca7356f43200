//! Syllable units of body texts, as the collocation, keyword and n-gram views count them.
//!
//! A text is analysed as the index analyses it (`analysis::for_each_word`) and its words
//! (syllables, numbers, the parts of codes) are identified by their normalised term: lowercase,
//! NFC, one tone placement (`Uỷ` and `ủy` are one word). A **unit** is a word or a run of
//! adjacent words (an n-gram). Two words are adjacent when only white space stands between them
//! and it is not a phrase break (a line break): no n-gram crosses punctuation, a line break or
//! the connector inside a code (`TP.HCM`, `Covid-19`).
//!
//! Words are interned into a [`Vocabulary`] shared by the reading threads; a document becomes
//! a stream of word ids with [`BREAK`] between runs of adjacent words, and a unit of up to
//! [`MAX_UNIT`] words is packed into one [`UnitKey`].

use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash};
use std::ops::RangeInclusive;
use std::sync::RwLock;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use tracuu_indexer::analysis::{for_each_word, is_space};
use tracuu_query::{DocRef, QuerySpec, Searcher};

use crate::Error;

/// Stands between two runs of adjacent words in a stream.
pub const BREAK: u32 = u32::MAX;

/// The longest unit, in words.
pub const MAX_UNIT: usize = 5;

/// Bits of one word id in a [`UnitKey`].
const ID_BITS: u32 = 24;

/// Distinct words a vocabulary holds at most (ids are packed into 24 bits).
pub const MAX_WORDS: usize = (1 << ID_BITS) - 2;

/// A unit of one to [`MAX_UNIT`] words: each word's id plus one, in 24 bits, first word lowest.
pub type UnitKey = u128;

/// The key of the unit of `ids` (one to [`MAX_UNIT`] ids, none of them [`BREAK`]).
pub fn unit_key(ids: &[u32]) -> UnitKey {
    debug_assert!((1..=MAX_UNIT).contains(&ids.len()));
    ids.iter()
        .rev()
        .fold(0, |key, &id| (key << ID_BITS) | UnitKey::from(id + 1))
}

/// The word ids of a unit, in order.
pub fn unit_ids(mut key: UnitKey) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        let slot = (key & ((1 << ID_BITS) - 1)) as u32;
        key >>= ID_BITS;
        (slot != 0).then(|| slot - 1)
    })
}

/// The number of words of a unit.
pub fn unit_len(key: UnitKey) -> usize {
    unit_ids(key).count()
}

/// Word terms and their ids, shared by threads.
#[derive(Default)]
pub struct Vocabulary {
    inner: RwLock<Interned>,
}

#[derive(Default)]
struct Interned {
    ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
}

impl Vocabulary {
    /// The ids of `terms`, adding the new ones.
    ///
    /// # Errors
    /// More than [`MAX_WORDS`] distinct words.
    pub fn intern<'t>(
        &self,
        terms: impl Iterator<Item = &'t str> + Clone,
    ) -> Result<Vec<u32>, Error> {
        {
            let interned = self.inner.read().unwrap_or_else(|e| e.into_inner());
            let known: Option<Vec<u32>> = terms
                .clone()
                .map(|t| interned.ids.get(t).copied())
                .collect();
            if let Some(ids) = known {
                return Ok(ids);
            }
        }
        let mut interned = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let Interned { ids, terms: all } = &mut *interned;
        terms
            .map(|term| match ids.entry(term.into()) {
                Entry::Occupied(id) => Ok(*id.get()),
                Entry::Vacant(slot) => {
                    if all.len() >= MAX_WORDS {
                        return Err(Error::too_large(format!(
                            "the texts hold more than {MAX_WORDS} distinct words"
                        )));
                    }
                    let id = all.len() as u32;
                    all.push(slot.key().clone());
                    slot.insert(id);
                    Ok(id)
                }
            })
            .collect()
    }

    /// The id of `term`, if some text held it.
    #[cfg(test)]
    pub fn id(&self, term: &str) -> Option<u32> {
        let interned = self.inner.read().unwrap_or_else(|e| e.into_inner());
        interned.ids.get(term).copied()
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        let interned = self.inner.read().unwrap_or_else(|e| e.into_inner());
        interned.terms.len()
    }

    /// The term of a word id.
    pub fn term(&self, id: u32) -> String {
        let interned = self.inner.read().unwrap_or_else(|e| e.into_inner());
        interned.terms[id as usize].to_string()
    }

    /// The words of a unit, separated by spaces.
    pub fn text(&self, key: UnitKey) -> String {
        let interned = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let words: Vec<&str> = unit_ids(key)
            .map(|id| &*interned.terms[id as usize])
            .collect();
        words.join(" ")
    }
}

/// Where a word of a text stands: its bytes, and its position (see `tracuu_indexer::analysis`).
#[derive(Debug, Clone, Copy)]
pub struct WordSpan {
    pub start: usize,
    pub end: usize,
    pub position: usize,
}

/// The stream of the words of `text` (see the [module docs](self)): their ids with [`BREAK`]
/// before every word not adjacent to the one before it (none before the first). With `spans`,
/// where each word stands is pushed onto it, in order.
///
/// # Errors
/// Too many distinct words.
pub fn text_stream(
    vocabulary: &Vocabulary,
    text: &str,
    mut spans: Option<&mut Vec<WordSpan>>,
) -> Result<Vec<u32>, Error> {
    let mut stream = Vec::with_capacity(text.len() / 4);
    // Words not interned yet: their index in the stream and their term.
    let mut missing: Vec<(usize, String)> = Vec::new();
    {
        let interned = vocabulary.inner.read().unwrap_or_else(|e| e.into_inner());
        let mut previous: Option<(usize, usize)> = None;
        for_each_word(text, |word| {
            if let Some((end, position)) = previous {
                let adjacent = position + 1 == word.position
                    && end < word.start
                    && text[end..word.start].chars().all(is_space);
                if !adjacent {
                    stream.push(BREAK);
                }
            }
            previous = Some((word.end, word.position));
            match interned.ids.get(word.term) {
                Some(&id) => stream.push(id),
                None => {
                    missing.push((stream.len(), word.term.to_string()));
                    stream.push(BREAK);
                }
            }
            if let Some(spans) = spans.as_deref_mut() {
                spans.push(WordSpan {
                    start: word.start,
                    end: word.end,
                    position: word.position,
                });
            }
        });
    }
    if !missing.is_empty() {
        let ids = vocabulary.intern(missing.iter().map(|(_, term)| term.as_str()))?;
        for ((at, _), id) in missing.iter().zip(ids) {
            stream[*at] = id;
        }
    }
    Ok(stream)
}

/// The stream of every body of `docs`, in the order of `docs`.
///
/// # Errors
/// The index failing to read, or too many distinct words.
pub fn read_streams(
    searcher: &Searcher,
    docs: &[DocRef],
    vocabulary: &Vocabulary,
) -> Result<Vec<Vec<u32>>, Error> {
    searcher
        .read_documents(docs, |_, doc| text_stream(vocabulary, doc.body(), None))?
        .into_iter()
        .collect()
}

/// The documents a subcorpus is made of: those `spec` matches, or every document in its dates
/// when its query is empty (`--from 2021 --to 2021` alone), with the reading chosen for an
/// accent-free query. With ids when `with_ids`.
///
/// # Errors
/// An invalid query, or the index failing to read.
pub fn subcorpus(
    searcher: &Searcher,
    spec: &QuerySpec,
    with_ids: bool,
) -> Result<(Vec<DocRef>, Option<String>), Error> {
    let prepared = if spec.query.trim().is_empty() {
        searcher.every_document(&spec.dates)
    } else {
        searcher.prepare(spec)?
    };
    let docs = searcher.matching_documents(&prepared, with_ids)?;
    Ok((docs, prepared.reading().map(str::to_string)))
}

/// The words of a stream (its length less its breaks).
pub fn word_count(stream: &[u32]) -> u64 {
    stream.iter().filter(|&&id| id != BREAK).count() as u64
}

/// Calls `f` with the key of every unit of `stream` whose length is in `sizes`, and the index
/// of its first word in the stream.
pub fn for_each_unit(
    stream: &[u32],
    sizes: &RangeInclusive<usize>,
    mut f: impl FnMut(usize, UnitKey),
) {
    let mut offset = 0;
    for run in stream.split(|&id| id == BREAK) {
        for start in 0..run.len() {
            for n in sizes.clone() {
                if start + n > run.len() {
                    break;
                }
                f(offset + start, unit_key(&run[start..start + n]));
            }
        }
        offset += run.len() + 1;
    }
}

/// Calls `f` with the key of every unit of `stream` starting at `start` whose length is in
/// `sizes`, shortest first.
pub fn units_at(
    stream: &[u32],
    start: usize,
    sizes: &RangeInclusive<usize>,
    mut f: impl FnMut(UnitKey),
) {
    for n in sizes.clone() {
        let Some(words) = stream.get(start..start + n) else {
            return;
        };
        if words.contains(&BREAK) {
            return;
        }
        f(unit_key(words));
    }
}

/// The number of units of `stream` whose length is in `sizes`.
pub fn unit_count(stream: &[u32], sizes: &RangeInclusive<usize>) -> u64 {
    stream
        .split(|&id| id == BREAK)
        .map(|run| {
            sizes
                .clone()
                .map(|n| (run.len() + 1).saturating_sub(n) as u64)
                .sum::<u64>()
        })
        .sum()
}

/// Counts into `slots` counters numbered from 0: `count` adds what one item holds to the
/// counters of its thread. The items are split evenly between the threads, so that each holds
/// one array of counters, summed at the end.
pub fn count_in_slots<T: Sync>(
    items: &[T],
    slots: usize,
    count: impl Fn(&T, &mut [u64]) + Sync,
) -> Vec<u64> {
    let per_thread = items.len().div_ceil(rayon::current_num_threads()).max(1);
    items
        .par_chunks(per_thread)
        .map(|items| {
            let mut counts = vec![0; slots];
            for item in items {
                count(item, &mut counts);
            }
            counts
        })
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
            a
        })
        .unwrap_or_else(|| vec![0; slots])
}

/// Unit occurrences counted in one pass, at most: the counts of a pass are held in memory,
/// about 40 bytes per distinct unit, and a pass holds at most this many distinct units.
pub const UNITS_PER_PASS: u64 = 16_000_000;

/// Frequency and document frequency of one unit in each of two groups of streams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Occurrences in each group.
    pub freq: [u32; 2],
    /// Streams (documents) of each group holding it.
    pub docs: [u32; 2],
}

/// Counts the units (of the lengths in `sizes`) of `groups` of streams, calling `visit` with
/// each pass's counts: the units are split into as many passes (by a hash of their key) as
/// needed for no pass to hold more than [`UNITS_PER_PASS`] units, so memory stays bounded
/// whatever the number of distinct units.
pub fn count_units(
    groups: [&[Vec<u32>]; 2],
    sizes: &RangeInclusive<usize>,
    visit: impl FnMut(FxHashMap<UnitKey, Tally>),
) {
    count_units_in_passes(groups, sizes, UNITS_PER_PASS, visit);
}

fn count_units_in_passes(
    groups: [&[Vec<u32>]; 2],
    sizes: &RangeInclusive<usize>,
    units_per_pass: u64,
    mut visit: impl FnMut(FxHashMap<UnitKey, Tally>),
) {
    let total: u64 = groups
        .iter()
        .flat_map(|g| g.iter())
        .map(|s| unit_count(s, sizes))
        .sum();
    let passes = total.div_ceil(units_per_pass).max(1);
    let hasher = FxBuildHasher;
    for pass in 0..passes {
        let in_pass = |key: &UnitKey| passes == 1 || hasher.hash_one(key) % passes == pass;
        let mut counts: FxHashMap<UnitKey, Tally> = FxHashMap::default();
        for (group, streams) in groups.iter().enumerate() {
            let partial = streams
                .par_iter()
                .fold(
                    || (FxHashMap::<UnitKey, Tally>::default(), FxHashSet::default()),
                    |(mut counts, mut seen), stream| {
                        seen.clear();
                        for_each_unit(stream, sizes, |_, key| {
                            if in_pass(&key) {
                                let tally = counts.entry(key).or_default();
                                tally.freq[group] += 1;
                                if seen.insert(key) {
                                    tally.docs[group] += 1;
                                }
                            }
                        });
                        (counts, seen)
                    },
                )
                .map(|(counts, _)| counts)
                .reduce(FxHashMap::default, merge);
            counts = merge(counts, partial);
        }
        visit(counts);
    }
}

/// The counts of both maps, summed.
fn merge<K: Hash + Eq>(
    mut a: FxHashMap<K, Tally>,
    mut b: FxHashMap<K, Tally>,
) -> FxHashMap<K, Tally> {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    for (key, tally) in b {
        let into = a.entry(key).or_default();
        for g in 0..2 {
            into.freq[g] += tally.freq[g];
            into.docs[g] += tally.docs[g];
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream_of(text: &str, vocabulary: &Vocabulary) -> Vec<u32> {
        text_stream(vocabulary, text, None).unwrap()
    }

    fn units(text: &str, sizes: RangeInclusive<usize>) -> Vec<String> {
        let vocabulary = Vocabulary::default();
        let stream = stream_of(text, &vocabulary);
        let mut out = Vec::new();
        for_each_unit(&stream, &sizes, |_, key| out.push(vocabulary.text(key)));
        assert_eq!(out.len() as u64, unit_count(&stream, &sizes));
        out
    }

    #[test]
    fn units_never_cross_punctuation_line_breaks_or_codes() {
        assert_eq!(
            units("Phòng, chống tham nhũng.\nTỉnh Uỷ họp", 2..=2),
            ["chống tham", "tham nhũng", "tỉnh ủy", "ủy họp"]
        );
        assert_eq!(
            units("TP.HCM mở rộng", 2..=3),
            ["hcm mở", "hcm mở rộng", "mở rộng"]
        );
        assert_eq!(
            units("a b c", 1..=5),
            ["a", "a b", "a b c", "b", "b c", "c"]
        );
    }

    #[test]
    fn keys_pack_ids_in_order() {
        let key = unit_key(&[0, 7, (MAX_WORDS - 1) as u32, 3, 9]);
        assert_eq!(
            unit_ids(key).collect::<Vec<_>>(),
            [0, 7, (MAX_WORDS - 1) as u32, 3, 9]
        );
        assert_eq!(unit_len(unit_key(&[5])), 1);
        assert_ne!(unit_key(&[1, 2]), unit_key(&[2, 1]));
    }

    #[test]
    fn passes_count_what_one_pass_counts() {
        let vocabulary = Vocabulary::default();
        let streams: Vec<Vec<u32>> = ["một hai ba một hai", "hai ba. Một hai", "ba"]
            .iter()
            .map(|t| stream_of(t, &vocabulary))
            .collect();
        let groups = [&streams[..2], &streams[2..]];
        let mut one_pass = FxHashMap::default();
        count_units(groups, &(1..=2), |counts| one_pass.extend(counts));
        let tally = |text: &str| {
            let ids: Vec<u32> = text.split(' ').map(|w| vocabulary.id(w).unwrap()).collect();
            one_pass[&unit_key(&ids)]
        };
        assert_eq!(
            tally("một hai"),
            Tally {
                freq: [3, 0],
                docs: [2, 0]
            }
        );
        assert_eq!(
            tally("ba"),
            Tally {
                freq: [2, 1],
                docs: [2, 1]
            }
        );
        assert_eq!(
            tally("ba một"),
            Tally {
                freq: [1, 0],
                docs: [1, 0]
            },
            "not across the full stop"
        );
        let (mut passes, mut in_passes) = (0, FxHashMap::default());
        count_units_in_passes(groups, &(1..=2), 4, |counts| {
            passes += 1;
            for (key, tally) in counts {
                assert!(
                    in_passes.insert(key, tally).is_none(),
                    "each unit in one pass"
                );
            }
        });
        assert_eq!(passes, 4, "14 units, 4 a pass");
        assert_eq!(in_passes, one_pass);
    }
}
