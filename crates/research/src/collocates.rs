//! Collocates: the words and short n-grams that keep company with a query, with their
//! observed and expected frequencies and association scores (see [`crate::association`]).
//!
//! The **node** is every occurrence of the query in the body of the documents it matches,
//! found with the query's [`Matcher`](tracuu_query::Matcher) as `kwic` finds them (the same
//! diacritic rules and reading of accent-free words). Its **window** is the `left` words before
//! and the `right` words after each occurrence (white space and punctuation do not count as
//! words); a word inside the windows of two occurrences is counted once, and the node's own
//! words are never in a window. The **units** are words and runs of 2 or 3 adjacent words that
//! cross no punctuation (see [`crate::units`]), identified by their normalised terms and shown
//! in their most frequent spelling in the windows.
//!
//! The **corpus** is the body text of the documents the query matches: `N` is their words and
//! `C1` a unit's occurrences in them, so a unit is scored on how much more it stands near the
//! node than elsewhere in the same texts, not on the topic of those texts. A unit of `k` words
//! is counted where its words all lie on the side (or sides) asked for; `R1` is the words of
//! those sides for every unit length.
//!
//! Cost: each matching document is read and analysed once; the counts held are those of the
//! units in the windows, and the corpus frequencies of the units seen at least `min_freq` times
//! there.

use std::ops::RangeInclusive;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tracuu_query::{without_overlaps, Finder, Matcher, Occurrence, QuerySpec, Searcher};

use crate::association::{association, Association};
use crate::function_words::is_function_word;
use crate::units::{
    count_in_slots, text_stream, unit_ids, unit_len, units_at, word_count, UnitKey, Vocabulary,
    WordSpan, BREAK,
};
use crate::Error;

/// Words on each side of the node at most.
pub const MAX_WINDOW: usize = 50;

/// The longest collocate, in words.
pub const MAX_COLLOCATE_WORDS: usize = 3;

/// Which side of the node a collocate is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Before the node only.
    Left,
    /// After the node only.
    Right,
    /// Either side.
    #[default]
    Both,
}

/// The measure collocates are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// Signed log-likelihood G².
    #[default]
    LogLikelihood,
    /// Pointwise mutual information.
    Mi,
    /// t-score.
    TScore,
    /// logDice.
    LogDice,
}

impl Measure {
    fn of(self, a: &Association) -> f64 {
        match self {
            Measure::LogLikelihood => a.log_likelihood,
            Measure::Mi => a.mi,
            Measure::TScore => a.t_score,
            Measure::LogDice => a.log_dice,
        }
    }
}

/// What to look around and how to rank what is found.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CollocatesRequest {
    /// The query (the node).
    pub spec: QuerySpec,
    /// Words before each occurrence (at most [`MAX_WINDOW`]).
    pub left: usize,
    /// Words after each occurrence (at most [`MAX_WINDOW`]).
    pub right: usize,
    /// Which side to count.
    pub side: Side,
    /// Unit lengths counted, in words (within `1..=MAX_COLLOCATE_WORDS`).
    pub words: RangeInclusive<usize>,
    /// Units seen fewer times in the windows are left out.
    pub min_freq: u64,
    /// The ranking measure.
    pub by: Measure,
    /// At most this many collocates (`None`: all).
    pub limit: Option<usize>,
    /// Leave out units made only of function words (see [`crate::function_words`]).
    pub no_function_words: bool,
}

impl CollocatesRequest {
    /// Units of 1 to 3 words, 5 words on each side, seen at least 3 times, by log-likelihood,
    /// the best 50.
    pub fn new(spec: impl Into<QuerySpec>) -> CollocatesRequest {
        CollocatesRequest {
            spec: spec.into(),
            left: 5,
            right: 5,
            side: Side::Both,
            words: 1..=MAX_COLLOCATE_WORDS,
            min_freq: 3,
            by: Measure::LogLikelihood,
            limit: Some(50),
            no_function_words: false,
        }
    }

    /// Sets the window, in words before and after each occurrence.
    pub fn window(mut self, left: usize, right: usize) -> CollocatesRequest {
        (self.left, self.right) = (left, right);
        self
    }

    /// Sets the side counted.
    pub fn side(mut self, side: Side) -> CollocatesRequest {
        self.side = side;
        self
    }

    /// Sets the unit lengths counted.
    pub fn words(mut self, words: RangeInclusive<usize>) -> CollocatesRequest {
        self.words = words;
        self
    }

    /// Sets the least frequency in the windows.
    pub fn min_freq(mut self, min_freq: u64) -> CollocatesRequest {
        self.min_freq = min_freq;
        self
    }

    /// Sets the ranking measure.
    pub fn by(mut self, by: Measure) -> CollocatesRequest {
        self.by = by;
        self
    }

    /// Keeps at most `limit` collocates.
    pub fn limit(mut self, limit: Option<usize>) -> CollocatesRequest {
        self.limit = limit;
        self
    }

    /// Leaves out (or keeps) units made only of function words.
    pub fn no_function_words(mut self, yes: bool) -> CollocatesRequest {
        self.no_function_words = yes;
        self
    }

    fn check(&self) -> Result<(), Error> {
        if self.left > MAX_WINDOW || self.right > MAX_WINDOW {
            return Err(Error::invalid_request(format!(
                "a window has at most {MAX_WINDOW} words on each side"
            )));
        }
        let wanted = match self.side {
            Side::Left => self.left,
            Side::Right => self.right,
            Side::Both => self.left + self.right,
        };
        if wanted == 0 {
            return Err(Error::invalid_request(
                "the window holds no word on the side asked for".to_string(),
            ));
        }
        if self.words.is_empty()
            || *self.words.start() == 0
            || *self.words.end() > MAX_COLLOCATE_WORDS
        {
            return Err(Error::invalid_request(format!(
                "collocates are 1 to {MAX_COLLOCATE_WORDS} words long"
            )));
        }
        Ok(())
    }
}

/// One collocate: the record of `tracuu collocates --json` and `--csv`.
///
/// Each record carries the figures its scores come from (`observed` = O11, `window` = R1,
/// `frequency` = C1, `corpus` = N, `node`), so they can be recomputed from it alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collocate {
    /// The query as given.
    pub query: String,
    /// The unit in its most frequent spelling in the windows.
    pub collocate: String,
    /// The unit's normalised terms.
    pub term: String,
    /// Its length in words.
    pub words: usize,
    /// Occurrences in the windows on the side asked for (O11).
    pub observed: u64,
    /// Occurrences before the node.
    pub left: u64,
    /// Occurrences after the node.
    pub right: u64,
    /// Occurrences in the corpus, the matching documents' bodies (C1).
    pub frequency: u64,
    /// Occurrences of the node.
    pub node: u64,
    /// Words in the windows on the side asked for (R1).
    pub window: u64,
    /// Words in the corpus (N).
    pub corpus: u64,
    /// Expected occurrences in the windows (E11 = R1·C1/N).
    pub expected: f64,
    /// Signed log-likelihood G².
    pub log_likelihood: f64,
    /// Pointwise mutual information.
    pub mi: f64,
    /// t-score.
    pub t_score: f64,
    /// logDice.
    pub log_dice: f64,
}

/// The collocates of a query, best first.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Collocates {
    /// The collocates, ranked.
    pub collocates: Vec<Collocate>,
    /// Documents the query matches (the corpus).
    pub documents: usize,
    /// Occurrences of the node.
    pub node: u64,
    /// Words in the windows on the side asked for (R1).
    pub window: u64,
    /// Words in the corpus (N).
    pub corpus: u64,
    /// Units seen at least `min_freq` times, before the limit.
    pub candidates: usize,
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
}

/// Flags of a word of a stream.
const LEFT: u8 = 1;
const RIGHT: u8 = 2;

/// One document: its stream, the window flags of each stream entry, and the spelling of each
/// window word (by stream index, the spelling's id in the [`Vocabulary`] of spellings: a few
/// bytes each, for every window word of every matching document).
struct Scanned {
    stream: Vec<u32>,
    flags: Vec<u8>,
    spellings: Vec<(u32, u32)>,
    node: u64,
}

/// The side flags a unit must have on every word to count for each of left, right, both.
const SIDES: [u8; 3] = [LEFT, RIGHT, LEFT | RIGHT];

fn side_index(side: Side) -> usize {
    match side {
        Side::Left => 0,
        Side::Right => 1,
        Side::Both => 2,
    }
}

/// The node's words and phrases as word ids, when each is matched by its own terms (see
/// [`Matcher::exact_phrases`]): its occurrences are then found among a body's words, already
/// read for the counts, instead of analysing the body again.
struct ExactNode {
    /// Per word or phrase: each word's offset from the first and id.
    items: Vec<Vec<(usize, u32)>>,
}

impl ExactNode {
    fn of(matcher: &Matcher, vocabulary: &Vocabulary) -> Result<Option<ExactNode>, Error> {
        let Some(phrases) = matcher.exact_phrases() else {
            return Ok(None);
        };
        let mut items = Vec::with_capacity(phrases.len());
        for phrase in phrases {
            let ids = vocabulary.intern(phrase.iter().map(|(_, term)| *term))?;
            items.push(phrase.iter().map(|(offset, _)| *offset).zip(ids).collect());
        }
        Ok(Some(ExactNode { items }))
    }

    /// The occurrences among the words of a body (`stream` and `spans` from
    /// [`text_stream`]), as [`Matcher::find`] finds them.
    fn find(&self, stream: &[u32], spans: &[WordSpan]) -> Vec<Occurrence> {
        let ids: Vec<u32> = stream.iter().copied().filter(|&id| id != BREAK).collect();
        let mut found = Vec::new();
        for (item, words) in self.items.iter().enumerate() {
            let Some(&(_, first)) = words.first() else {
                continue;
            };
            for (i, _) in ids.iter().enumerate().filter(|(_, &id)| id == first) {
                // The words one after the other, each at its offset (a gap is a break).
                let last = i + words.len() - 1;
                let all = last < ids.len()
                    && words[1..].iter().zip(i + 1..).all(|(&(offset, id), at)| {
                        spans[at].position == spans[i].position + offset && ids[at] == id
                    });
                if all {
                    found.push(Occurrence {
                        start: spans[i].start,
                        end: spans[last].end,
                        item,
                    });
                }
            }
        }
        without_overlaps(found)
    }
}

/// The collocates of the query (see the [module docs](self)).
///
/// # Errors
/// An invalid query or request (a window too wide, a query without a word to look around), or
/// the index failing to read.
pub fn collocates(searcher: &Searcher, request: &CollocatesRequest) -> Result<Collocates, Error> {
    request.check()?;
    let prepared = searcher.prepare(&request.spec)?;
    let matcher = prepared.matcher();
    if matcher.is_empty() {
        return Err(Error::invalid_request(
            "collocates need a word or phrase to look around".to_string(),
        ));
    }
    let docs = searcher.matching_documents(&prepared, false)?;
    let vocabulary = Vocabulary::default();
    let (left, right) = (request.left, request.right);
    let finder = Finder::new(matcher);
    let exact = ExactNode::of(matcher, &vocabulary)?;
    let written = Vocabulary::default();
    let scanned: Vec<Scanned> = searcher
        .read_documents(&docs, |_, doc| {
            let body = doc.body();
            let mut spans = Vec::new();
            let stream = text_stream(&vocabulary, body, Some(&mut spans))?;
            let occurrences = match &exact {
                Some(exact) => exact.find(&stream, &spans),
                None => finder.find(body, 0).1,
            };
            let mut word_flags = vec![0u8; spans.len()];
            let mut in_node = vec![false; spans.len()];
            for occurrence in &occurrences {
                let first = spans.partition_point(|s| s.start < occurrence.start);
                let after = spans.partition_point(|s| s.start < occurrence.end);
                in_node[first..after].fill(true);
                for flag in &mut word_flags[first.saturating_sub(left)..first] {
                    *flag |= LEFT;
                }
                for flag in &mut word_flags[after..(after + right).min(spans.len())] {
                    *flag |= RIGHT;
                }
            }
            let mut flags = vec![0u8; stream.len()];
            let mut at_window = Vec::new();
            let mut words = Vec::new();
            // Words in stream order: the entries that are not breaks.
            let at = (0..stream.len()).filter(|&i| stream[i] != BREAK);
            for (i, at) in at.enumerate() {
                if !in_node[i] && word_flags[i] != 0 {
                    flags[at] = word_flags[i];
                    at_window.push(at as u32);
                    words.push(&body[spans[i].start..spans[i].end]);
                }
            }
            let ids = written.intern(words.iter().copied())?;
            let spellings = at_window.into_iter().zip(ids).collect();
            Ok(Scanned {
                stream,
                flags,
                spellings,
                node: occurrences.len() as u64,
            })
        })?
        .into_iter()
        .collect::<Result<_, Error>>()?;

    let side = side_index(request.side);
    let sizes = &request.words;
    let in_window = |doc: &Scanned, start: usize, key: UnitKey, side: usize| {
        doc.flags[start..start + unit_len(key)]
            .iter()
            .all(|f| f & SIDES[side] != 0)
    };
    // Occurrences in the windows: left, right, either side.
    let observed: FxHashMap<UnitKey, [u64; 3]> = scanned
        .par_iter()
        .fold(FxHashMap::default, |mut counts, doc| {
            for start in (0..doc.flags.len()).filter(|&i| doc.flags[i] != 0) {
                units_at(&doc.stream, start, sizes, |key| {
                    for s in 0..3 {
                        if in_window(doc, start, key, s) {
                            counts.entry(key).or_insert([0; 3])[s] += 1;
                        }
                    }
                });
            }
            counts
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (key, counts) in b {
                let into = a.entry(key).or_insert([0; 3]);
                for s in 0..3 {
                    into[s] += counts[s];
                }
            }
            a
        });
    let function_word = |key: UnitKey| vocabulary.text(key).split(' ').all(is_function_word);
    let candidates: FxHashSet<UnitKey> = observed
        .iter()
        .filter(|(key, counts)| {
            counts[side] >= request.min_freq.max(1)
                && !(request.no_function_words && function_word(**key))
        })
        .map(|(key, _)| *key)
        .collect();
    // Their frequencies in the corpus; most units start with a word no candidate starts with.
    let slots: FxHashMap<UnitKey, usize> =
        candidates.iter().zip(0..).map(|(&k, s)| (k, s)).collect();
    let mut first_word = vec![false; vocabulary.len()];
    for id in candidates.iter().filter_map(|&key| unit_ids(key).next()) {
        first_word[id as usize] = true;
    }
    let counts = count_in_slots(&scanned, slots.len(), |doc, counts| {
        for (start, &id) in doc.stream.iter().enumerate() {
            if id != BREAK && first_word[id as usize] {
                units_at(&doc.stream, start, sizes, |key| {
                    if let Some(&slot) = slots.get(&key) {
                        counts[slot] += 1;
                    }
                });
            }
        }
    });
    let frequency = |key: &UnitKey| counts[slots[key]];
    let node: u64 = scanned.iter().map(|d| d.node).sum();
    let corpus: u64 = scanned.iter().map(|d| word_count(&d.stream)).sum();
    let window: u64 = scanned
        .iter()
        .map(|d| d.flags.iter().filter(|&&f| f & SIDES[side] != 0).count() as u64)
        .sum();

    let mut ranked: Vec<(UnitKey, [u64; 3], u64, Association)> = candidates
        .iter()
        .map(|&key| {
            let counts = observed[&key];
            let frequency = frequency(&key);
            (
                key,
                counts,
                frequency,
                association(counts[side], node, window, frequency, corpus),
            )
        })
        .collect();
    let terms: FxHashMap<UnitKey, String> =
        ranked.iter().map(|r| (r.0, vocabulary.text(r.0))).collect();
    ranked.sort_by(|a, b| {
        request
            .by
            .of(&b.3)
            .total_cmp(&request.by.of(&a.3))
            .then(b.1[side].cmp(&a.1[side]))
            .then_with(|| terms[&a.0].cmp(&terms[&b.0]))
    });
    let candidate_count = ranked.len();
    if let Some(limit) = request.limit {
        ranked.truncate(limit);
    }
    let keys = ranked.iter().map(|r| r.0).collect();
    let spellings = most_frequent_spellings(&scanned, &written, sizes, &keys);
    let collocates = ranked
        .into_iter()
        .map(|(key, counts, frequency, a)| Collocate {
            query: request.spec.query.clone(),
            collocate: spellings
                .get(&key)
                .cloned()
                .unwrap_or_else(|| terms[&key].clone()),
            term: terms[&key].clone(),
            words: unit_len(key),
            observed: counts[side],
            left: counts[0],
            right: counts[1],
            frequency,
            node,
            window,
            corpus,
            expected: a.expected,
            log_likelihood: a.log_likelihood,
            mi: a.mi,
            t_score: a.t_score,
            log_dice: a.log_dice,
        })
        .collect();
    Ok(Collocates {
        collocates,
        documents: docs.len(),
        node,
        window,
        corpus,
        candidates: candidate_count,
        reading: prepared.reading().map(str::to_string),
    })
}

/// The most frequent spelling in the windows of each of `keys` (ties: the first in Unicode
/// order); `written` holds the words' spellings.
fn most_frequent_spellings(
    scanned: &[Scanned],
    written: &Vocabulary,
    sizes: &RangeInclusive<usize>,
    keys: &FxHashSet<UnitKey>,
) -> FxHashMap<UnitKey, String> {
    let mut spellings: FxHashMap<UnitKey, FxHashMap<Vec<u32>, u64>> = FxHashMap::default();
    for doc in scanned {
        for (first, &(start, _)) in doc.spellings.iter().enumerate() {
            let start = start as usize;
            units_at(&doc.stream, start, sizes, |key| {
                let n = unit_len(key);
                let words = &doc.spellings[first..];
                if !keys.contains(&key)
                    || words.len() < n
                    || words[n - 1].0 as usize != start + n - 1
                {
                    return; // not a unit asked for, or not wholly in a window
                }
                let forms = words[..n].iter().map(|&(_, id)| id).collect();
                *spellings.entry(key).or_default().entry(forms).or_insert(0) += 1;
            });
        }
    }
    let text = |forms: &[u32]| -> String {
        let words: Vec<String> = forms.iter().map(|&id| written.term(id)).collect();
        words.join(" ")
    };
    spellings
        .into_iter()
        .filter_map(|(key, forms)| {
            let best = (forms.into_iter())
                .map(|(forms, n)| (text(&forms), n))
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
            Some((key, best.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use tracuu_indexer::analysis::analyze;

    use super::*;

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    #[test]
    fn a_node_of_exact_words_is_found_among_the_words_as_the_finder_finds_it() {
        let searcher = searcher();
        let vocabulary = Vocabulary::default();
        let exact_queries = [
            "\"đảng viên\"",
            "đảng",
            "tham nhũng",
            "dang uy",
            "\"phòng, chống\"",
            "năm OR chống",
            "\"tham nhũng\" xử lý",
        ];
        for query in exact_queries {
            let prepared = searcher.prepare(&QuerySpec::new(query)).unwrap();
            let exact = ExactNode::of(prepared.matcher(), &vocabulary).unwrap();
            let exact = exact.unwrap_or_else(|| panic!("{query}: words matched exactly"));
            let finder = Finder::new(prepared.matcher());
            let mut found = 0;
            for article in tracuu_testkit::articles() {
                let mut spans = Vec::new();
                let stream = text_stream(&vocabulary, &article.body, Some(&mut spans)).unwrap();
                let expected = finder.find(&article.body, 0).1;
                assert_eq!(exact.find(&stream, &spans), expected, "{query}");
                found += expected.len();
            }
            assert!(found > 0, "{query} occurs in the corpus");
        }
        for query in ["TP.HCM", "Thươn*", "\"quốc hội luật\"~3"] {
            let prepared = searcher.prepare(&QuerySpec::new(query)).unwrap();
            assert!(
                ExactNode::of(prepared.matcher(), &vocabulary)
                    .unwrap()
                    .is_none(),
                "{query}"
            );
        }
        let folded = searcher
            .prepare(&QuerySpec::new("đảng").fold(true))
            .unwrap();
        assert!(ExactNode::of(folded.matcher(), &vocabulary)
            .unwrap()
            .is_none());
    }

    fn all(request: CollocatesRequest) -> Collocates {
        collocates(&searcher(), &request.min_freq(1).limit(None)).unwrap()
    }

    /// A plain scan: the terms of every body, the phrase `first second` where its words stand
    /// side by side (no punctuation between them), and the terms within `left`/`right` words
    /// of it, each word counted once.
    fn plain_scan(
        first: &str,
        second: &str,
        left: usize,
        right: usize,
    ) -> (BTreeMap<String, u64>, BTreeMap<String, u64>, u64, u64, u64) {
        let (mut near, mut everywhere) = (BTreeMap::new(), BTreeMap::new());
        let (mut node, mut window, mut corpus) = (0, 0, 0);
        for article in tracuu_testkit::articles() {
            let tokens = analyze(&article.body);
            let words: Vec<_> = tokens
                .iter()
                .filter(|t| t.kind == tracuu_query::TokenKind::Word)
                .collect();
            let at: Vec<usize> = (0..words.len().saturating_sub(1))
                .filter(|&i| {
                    words[i].term == first
                        && words[i + 1].term == second
                        && article.body[words[i].end..words[i + 1].start]
                            .trim()
                            .is_empty()
                })
                .collect();
            if at.is_empty() {
                continue;
            }
            node += at.len() as u64;
            let mut inside = BTreeSet::new();
            for &i in &at {
                inside.extend(i.saturating_sub(left)..i);
                inside.extend(i + 2..(i + 2 + right).min(words.len()));
            }
            for &i in &at {
                inside.remove(&i);
                inside.remove(&(i + 1));
            }
            window += inside.len() as u64;
            for i in inside {
                *near.entry(words[i].term.clone()).or_insert(0) += 1;
            }
            corpus += words.len() as u64;
            for word in words {
                *everywhere.entry(word.term.clone()).or_insert(0) += 1;
            }
        }
        (near, everywhere, node, window, corpus)
    }

    #[test]
    fn words_near_a_phrase_match_a_plain_scan() {
        for (left, right) in [(2, 2), (5, 5), (0, 3), (1, 0)] {
            let found = all(CollocatesRequest::new("\"tham nhũng\"")
                .window(left, right)
                .words(1..=1));
            let (near, everywhere, node, window, corpus) = plain_scan("tham", "nhũng", left, right);
            assert_eq!(
                (found.node, found.window, found.corpus),
                (node, window, corpus)
            );
            let observed: BTreeMap<String, u64> = found
                .collocates
                .iter()
                .map(|c| (c.term.clone(), c.observed))
                .collect();
            assert_eq!(observed, near, "window {left},{right}");
            for c in &found.collocates {
                assert_eq!(c.frequency, everywhere[&c.term], "{}", c.term);
                assert_eq!(
                    c.left + c.right,
                    c.observed,
                    "no word between two matches here"
                );
            }
        }
    }

    #[test]
    fn counts_sides_spellings_and_ngrams() {
        let found = all(CollocatesRequest::new("\"tham nhũng\"").window(2, 2));
        let get = |term: &str| found.collocates.iter().find(|c| c.term == term).unwrap();
        // `phòng, chống tham nhũng` in a1 and a2, `về chống tham nhũng` in a4.
        let against = get("chống");
        assert_eq!((against.left, against.right, against.observed), (3, 0, 3));
        // The documents matching: a1, a2, a4 (its title too); `chống` is in each once.
        assert_eq!(against.frequency, 3);
        assert_eq!(found.documents, 3);
        // `phòng, chống` crosses a comma: never a unit; `các vụ` (a1) is.
        assert!(found.collocates.iter().all(|c| c.term != "phòng chống"));
        assert_eq!(get("các vụ").observed, 1);
        assert_eq!(get("các vụ").words, 2);
        // Shown as written: `Tỉnh uỷ` is written with the old tone placement.
        let found = all(CollocatesRequest::new("yêu cầu").window(2, 0));
        assert_eq!(
            found
                .collocates
                .iter()
                .find(|c| c.term == "tỉnh ủy")
                .unwrap()
                .collocate,
            "Tỉnh uỷ"
        );
        let right = all(CollocatesRequest::new("\"tham nhũng\"")
            .window(2, 2)
            .side(Side::Right));
        assert!(right.collocates.iter().all(|c| c.term != "chống"));
        assert_eq!(right.window, plain_scan("tham", "nhũng", 0, 2).3);
    }

    #[test]
    fn scores_are_those_of_the_printed_counts() {
        let found = all(CollocatesRequest::new("dang vien").window(3, 3));
        assert_eq!(found.reading.as_deref(), Some("đảng viên"));
        assert!(!found.collocates.is_empty());
        for c in &found.collocates {
            let a = association(c.observed, c.node, c.window, c.frequency, c.corpus);
            assert_eq!(
                (a.log_likelihood, a.mi, a.t_score, a.log_dice),
                (c.log_likelihood, c.mi, c.t_score, c.log_dice)
            );
        }
        let by_dice = all(CollocatesRequest::new("dang vien")
            .window(3, 3)
            .by(Measure::LogDice));
        assert!(by_dice
            .collocates
            .windows(2)
            .all(|w| w[0].log_dice >= w[1].log_dice));
    }

    #[test]
    fn function_words_and_limits() {
        let with = all(CollocatesRequest::new("\"tham nhũng\"").window(3, 3));
        let without = all(CollocatesRequest::new("\"tham nhũng\"")
            .window(3, 3)
            .no_function_words(true));
        assert!(with.collocates.iter().any(|c| c.term == "các"));
        assert!(without.collocates.iter().all(|c| c.term != "các"));
        assert!(
            without.collocates.iter().any(|c| c.term == "các vụ"),
            "a content word in it"
        );
        let limited = collocates(
            &searcher(),
            &CollocatesRequest::new("\"tham nhũng\"")
                .min_freq(2)
                .limit(Some(1)),
        )
        .unwrap();
        assert_eq!(limited.collocates.len(), 1);
        assert!(limited.candidates >= 1);
        let error =
            |request: CollocatesRequest| collocates(&searcher(), &request).unwrap_err().kind();
        assert_eq!(
            error(CollocatesRequest::new("tham").window(51, 0)),
            crate::ErrorKind::InvalidRequest
        );
        assert_eq!(
            error(CollocatesRequest::new("tham").window(0, 3).side(Side::Left)),
            crate::ErrorKind::InvalidRequest
        );
        assert_eq!(
            error(CollocatesRequest::new("tham").words(1..=4)),
            crate::ErrorKind::InvalidRequest
        );
        assert_eq!(
            error(CollocatesRequest::new("date:2020")),
            crate::ErrorKind::InvalidRequest
        );
    }
}
