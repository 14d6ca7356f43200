//! Keywords: the words and n-grams (2 or 3 words) that a target set of documents uses
//! relatively more (positive keywords) or less (negative keywords) than a reference set, by
//! log-likelihood and log ratio (see [`crate::association`]).
//!
//! The target is the documents a query matches, or every document in its dates when the query
//! is empty (`--from 2021 --to 2021`). The reference is, by default, every other document of
//! the index; given a query (and dates) of its own, the documents it matches, less any that
//! are also in the target. Frequencies are counted over the body text, `c` and `d` being the
//! words of the target's and the reference's bodies; each n-gram length is compared with the
//! same word totals.
//!
//! Cost: against the rest of the index, with `min_freq` at least
//! [`TABLE_MIN_COUNT`](crate::unit_table::TABLE_MIN_COUNT), only the target is read and
//! analysed: the reference's counts are the index's [unit table](crate::unit_table) less the
//! target's (the first such call on an index, or on a changed one, builds the table, which
//! costs a scan of the whole index). Otherwise every document of both sets is read and
//! analysed once and kept as a stream of word ids (4 bytes a word); the units are then counted
//! in passes of at most [`UNITS_PER_PASS`](crate::units::UNITS_PER_PASS) distinct units. Both
//! ways give the same counts.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::RangeInclusive;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tracuu_query::{DocRef, QuerySpec, Searcher};

use crate::association::{keyness, Keyness};
use crate::function_words::is_function_word;
use crate::unit_table::{unit_table, TableOrigin, TABLE_MIN_COUNT};
use crate::units::{
    count_in_slots, count_units, read_streams, subcorpus, unit_ids, unit_key, unit_len, word_count,
    UnitKey, Vocabulary, BREAK,
};
use crate::Error;

/// The longest keyword, in words.
pub const MAX_KEYWORD_WORDS: usize = 3;

/// The measure keywords are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeynessMeasure {
    /// Log-likelihood: how sure the difference is.
    #[default]
    LogLikelihood,
    /// Log ratio: how large the difference is.
    LogRatio,
}

/// Whether a keyword is more or less frequent in the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Relatively more frequent in the target.
    Positive,
    /// Relatively less frequent in the target.
    Negative,
}

/// What to compare.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KeywordsRequest {
    /// The target documents.
    pub target: QuerySpec,
    /// The reference documents; `None`: every document not in the target.
    pub reference: Option<QuerySpec>,
    /// Unit lengths compared, within `1..=3`.
    pub words: RangeInclusive<usize>,
    /// A positive keyword occurs at least this often in the target, a negative one in the
    /// reference.
    pub min_freq: u64,
    /// The ranking measure.
    pub by: KeynessMeasure,
    /// At most this many keywords of each direction (`None`: all).
    pub limit: Option<usize>,
    /// Leave out units made only of function words.
    pub no_function_words: bool,
    /// Take the counts of the rest of the index from its unit table when they are exact (see
    /// [`crate::unit_table`]); otherwise, or when `false`, read the reference.
    pub unit_table: bool,
}

impl KeywordsRequest {
    /// The target's keywords against the rest of the index: words and n-grams of 2 and 3
    /// words occurring at least 5 times, by log-likelihood, the best 50 of each direction.
    pub fn new(target: impl Into<QuerySpec>) -> KeywordsRequest {
        KeywordsRequest {
            target: target.into(),
            reference: None,
            words: 1..=MAX_KEYWORD_WORDS,
            min_freq: 5,
            by: KeynessMeasure::LogLikelihood,
            limit: Some(50),
            no_function_words: false,
            unit_table: true,
        }
    }

    /// Sets the reference documents.
    pub fn reference(mut self, reference: Option<QuerySpec>) -> KeywordsRequest {
        self.reference = reference;
        self
    }

    /// Sets the unit lengths.
    pub fn words(mut self, words: RangeInclusive<usize>) -> KeywordsRequest {
        self.words = words;
        self
    }

    /// Sets the least frequency.
    pub fn min_freq(mut self, min_freq: u64) -> KeywordsRequest {
        self.min_freq = min_freq;
        self
    }

    /// Sets the ranking measure.
    pub fn by(mut self, by: KeynessMeasure) -> KeywordsRequest {
        self.by = by;
        self
    }

    /// Keeps at most `limit` keywords of each direction.
    pub fn limit(mut self, limit: Option<usize>) -> KeywordsRequest {
        self.limit = limit;
        self
    }

    /// Leaves out (or keeps) units made only of function words.
    pub fn no_function_words(mut self, yes: bool) -> KeywordsRequest {
        self.no_function_words = yes;
        self
    }

    /// Uses the index's unit table when it can (the default), or always reads the reference.
    pub fn unit_table(mut self, yes: bool) -> KeywordsRequest {
        self.unit_table = yes;
        self
    }
}

/// One keyword: the record of `tracuu keywords --json` and `--csv`. It carries the four
/// figures its scores come from (`target`, `reference`, `target_words`, `reference_words`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Keyword {
    /// Positive or negative.
    pub direction: Direction,
    /// Its words, as normalised terms, separated by spaces.
    pub keyword: String,
    /// Its length in words.
    pub words: usize,
    /// Occurrences in the target (a).
    pub target: u64,
    /// Occurrences in the reference (b).
    pub reference: u64,
    /// Words in the target (c).
    pub target_words: u64,
    /// Words in the reference (d).
    pub reference_words: u64,
    /// Occurrences per million words of the target.
    pub target_per_million: f64,
    /// Occurrences per million words of the reference.
    pub reference_per_million: f64,
    /// Signed log-likelihood (positive: more frequent in the target).
    pub log_likelihood: f64,
    /// log2 of the ratio of relative frequencies, a zero frequency counted as 0.5; `None` when
    /// that stand-in would give it the sign of the other direction (see [`crate::association`]).
    pub log_ratio: Option<f64>,
}

/// The keywords of a target against a reference.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Keywords {
    /// Positive keywords, the strongest first: by log-likelihood, or by log ratio from the
    /// highest (those without one last).
    pub positive: Vec<Keyword>,
    /// Negative keywords, the strongest first: by log-likelihood, or by log ratio from the
    /// lowest (those without one last).
    pub negative: Vec<Keyword>,
    /// Documents in the target.
    pub target_documents: usize,
    /// Documents in the reference.
    pub reference_documents: usize,
    /// Words in the target.
    pub target_words: u64,
    /// Words in the reference.
    pub reference_words: u64,
    /// How the reference's frequencies were counted.
    pub reference_counts: ReferenceCounts,
}

/// How the reference's frequencies were counted; the counts are the same either way.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReferenceCounts {
    /// By reading and analysing every reference document.
    Scanned,
    /// The whole index's, from its unit table (see [`crate::unit_table`]), less the target's.
    Table(TableOrigin),
}

/// The keywords of the target (see the [module docs](self)); none, with every count 0, for a
/// target matching no document.
///
/// # Errors
/// Lengths outside `1..=3`, an invalid query, the index failing to read, or a unit table file
/// that is not one.
pub fn keywords(searcher: &Searcher, request: &KeywordsRequest) -> Result<Keywords, Error> {
    let words = &request.words;
    if words.is_empty() || *words.start() < 1 || *words.end() > MAX_KEYWORD_WORDS {
        return Err(Error::invalid_request(format!(
            "keywords are 1 to {MAX_KEYWORD_WORDS} words long"
        )));
    }
    let (target_docs, _) = subcorpus(searcher, &request.target, true)?;
    if target_docs.is_empty() {
        // A target matching nothing has no keywords, as a query without matches has no hits.
        return Ok(Keywords {
            positive: Vec::new(),
            negative: Vec::new(),
            target_documents: 0,
            reference_documents: 0,
            target_words: 0,
            reference_words: 0,
            reference_counts: ReferenceCounts::Scanned,
        });
    }
    let table_dir = searcher
        .index()
        .dir()
        .filter(|_| request.unit_table && table_is_exact(request));
    let counted = match table_dir {
        Some(dir) => count_against_table(searcher, request, &target_docs, dir)?,
        None => count_by_scan(searcher, request, target_docs)?,
    };
    Ok(rank(counted, request))
}

/// Whether the unit table gives this request's counts exactly: against the rest of the index,
/// and with no unit left out of the table that could be a keyword. A positive keyword occurs
/// `min_freq` times in the target, a negative one in the reference, so at least as often in
/// the whole index.
fn table_is_exact(request: &KeywordsRequest) -> bool {
    request.reference.is_none() && request.min_freq >= TABLE_MIN_COUNT
}

fn no_document(set: &str) -> Error {
    Error::invalid_request(format!("the {set} holds no document"))
}

/// The units compared, with their frequencies in the target (a) and the reference (b).
struct Counted {
    vocabulary: Vocabulary,
    units: Vec<(UnitKey, u64, u64)>,
    target_documents: usize,
    reference_documents: usize,
    target_words: u64,
    reference_words: u64,
    reference_counts: ReferenceCounts,
}

impl Counted {
    /// Whether a unit is listed: relatively more frequent in the target and `min_freq` times
    /// there, or relatively less and `min_freq` times in the reference.
    fn is_keyword(&self, a: u64, b: u64, min_freq: u64) -> bool {
        match direction(a, b, self.target_words, self.reference_words) {
            Some(Direction::Positive) => a >= min_freq,
            Some(Direction::Negative) => b >= min_freq,
            None => false,
        }
    }
}

/// Whether a unit occurring `a` times in `c` words and `b` times in `d` is relatively more or
/// less frequent in the first (`None`: as frequent).
fn direction(a: u64, b: u64, c: u64, d: u64) -> Option<Direction> {
    // a/c against b/d, without division.
    match (u128::from(a) * u128::from(d)).cmp(&(u128::from(b) * u128::from(c))) {
        Ordering::Greater => Some(Direction::Positive),
        Ordering::Less => Some(Direction::Negative),
        Ordering::Equal => None,
    }
}

/// Reads and analyses the target and the reference.
fn count_by_scan(
    searcher: &Searcher,
    request: &KeywordsRequest,
    target_docs: Vec<DocRef>,
) -> Result<Counted, Error> {
    let all = QuerySpec::new("");
    let (reference_docs, _) =
        subcorpus(searcher, request.reference.as_ref().unwrap_or(&all), true)?;
    let in_target: HashSet<&str> = target_docs.iter().filter_map(|d| d.id()).collect();
    let reference_docs: Vec<_> = reference_docs
        .into_iter()
        .filter(|d| !d.id().is_some_and(|id| in_target.contains(id)))
        .collect();
    if reference_docs.is_empty() {
        return Err(no_document("reference"));
    }
    let vocabulary = Vocabulary::default();
    let target = read_streams(searcher, &target_docs, &vocabulary)?;
    let reference = read_streams(searcher, &reference_docs, &vocabulary)?;
    let mut counted = Counted {
        vocabulary,
        units: Vec::new(),
        target_documents: target_docs.len(),
        reference_documents: reference_docs.len(),
        target_words: target.iter().map(|s| word_count(s)).sum(),
        reference_words: reference.iter().map(|s| word_count(s)).sum(),
        reference_counts: ReferenceCounts::Scanned,
    };
    let mut units = Vec::new();
    count_units([&target, &reference], &request.words, |counts| {
        units.extend(counts.into_iter().filter_map(|(key, tally)| {
            let (a, b) = (u64::from(tally.freq[0]), u64::from(tally.freq[1]));
            counted
                .is_keyword(a, b, request.min_freq)
                .then_some((key, a, b))
        }));
    });
    counted.units = units;
    Ok(counted)
}

/// Reads and analyses the target only: the reference's counts are the whole index's, from
/// its unit table, less the target's. Ids are unique in an index (the writer replaces a
/// document by id), so the rest of the index by address is the rest by id.
fn count_against_table(
    searcher: &Searcher,
    request: &KeywordsRequest,
    target_docs: &[DocRef],
    dir: &Path,
) -> Result<Counted, Error> {
    if target_docs.len() as u64 >= searcher.num_documents() {
        return Err(no_document("reference"));
    }
    let (table, origin) = unit_table(searcher, dir)?;
    let target = read_streams(searcher, target_docs, &table.vocabulary)?;
    let target_words: u64 = target.iter().map(|s| word_count(s)).sum();
    // Only the table's units: one missing from it occurs fewer than TABLE_MIN_COUNT times in
    // the whole index, so it is no keyword at any `min_freq` the table is used for. A unit
    // occurs at most as often as its first words: once they are missing, so are longer units.
    let in_target = count_in_slots(&target, table.units.len(), |stream, counts| {
        for run in stream.split(|&id| id == BREAK) {
            for start in 0..run.len() {
                for n in 1..=(*request.words.end()).min(run.len() - start) {
                    let Some(&slot) = table.slots.get(&unit_key(&run[start..start + n])) else {
                        break;
                    };
                    if request.words.contains(&n) {
                        counts[slot as usize] += 1;
                    }
                }
            }
        }
    });
    let mut counted = Counted {
        vocabulary: Vocabulary::default(),
        units: Vec::new(),
        target_documents: target_docs.len(),
        reference_documents: (table.documents as usize).saturating_sub(target_docs.len()),
        target_words,
        reference_words: table.words.saturating_sub(target_words),
        reference_counts: ReferenceCounts::Table(origin),
    };
    counted.units = table
        .units
        .iter()
        .zip(in_target)
        .filter(|((key, _), _)| request.words.contains(&unit_len(*key)))
        .filter_map(|(&(key, whole), a)| {
            let b = u64::from(whole).saturating_sub(a);
            counted
                .is_keyword(a, b, request.min_freq)
                .then_some((key, a, b))
        })
        .collect();
    counted.vocabulary = table.vocabulary;
    Ok(counted)
}

/// A unit to list, with its scores.
struct Scored {
    key: UnitKey,
    target: u64,
    reference: u64,
    direction: Direction,
    keyness: Keyness,
}

impl Scored {
    /// How strong a keyword it is by `measure`, larger first: the log-likelihood's size, or the
    /// log ratio on the keyword's side (highest first for a positive keyword, lowest first for
    /// a negative one; a keyword without a log ratio last).
    fn strength(&self, measure: KeynessMeasure) -> f64 {
        match measure {
            KeynessMeasure::LogLikelihood => self.keyness.log_likelihood.abs(),
            KeynessMeasure::LogRatio => match (self.keyness.log_ratio, self.direction) {
                (Some(ratio), Direction::Positive) => ratio,
                (Some(ratio), Direction::Negative) => -ratio,
                (None, _) => f64::NEG_INFINITY,
            },
        }
    }
}

/// The keywords of both directions, strongest first, as the request asks.
fn rank(counted: Counted, request: &KeywordsRequest) -> Keywords {
    let Counted {
        vocabulary,
        units,
        target_documents,
        reference_documents,
        target_words,
        reference_words,
        reference_counts,
    } = counted;
    let mut function_words = FxHashMap::default();
    let mut only_function_words = |key: UnitKey| {
        unit_ids(key).all(|id| {
            *function_words
                .entry(id)
                .or_insert_with(|| is_function_word(&vocabulary.term(id)))
        })
    };
    let (mut positive, mut negative): (Vec<_>, Vec<_>) = units
        .into_iter()
        .filter(|&(key, _, _)| !(request.no_function_words && only_function_words(key)))
        .filter_map(|(key, a, b)| {
            Some(Scored {
                key,
                target: a,
                reference: b,
                direction: direction(a, b, target_words, reference_words)?,
                keyness: keyness(a, b, target_words, reference_words),
            })
        })
        .partition(|unit| unit.direction == Direction::Positive);
    let record = |unit: Scored| {
        let per_million = |f: u64, words: u64| {
            if words == 0 {
                0.0
            } else {
                f as f64 * 1e6 / words as f64
            }
        };
        Keyword {
            direction: unit.direction,
            keyword: vocabulary.text(unit.key),
            words: unit_len(unit.key),
            target: unit.target,
            reference: unit.reference,
            target_words,
            reference_words,
            target_per_million: per_million(unit.target, target_words),
            reference_per_million: per_million(unit.reference, reference_words),
            log_likelihood: unit.keyness.log_likelihood,
            log_ratio: unit.keyness.log_ratio,
        }
    };
    let [positive, negative] = [&mut positive, &mut negative].map(|units| {
        let of = |unit: &Scored| unit.strength(request.by);
        // The strongest `limit` and every unit as strong as the last of them, before
        // spelling them out: ties are ordered by their text.
        if let Some(limit) = request.limit {
            if limit == 0 {
                units.clear();
            } else if units.len() > limit {
                units.select_nth_unstable_by(limit - 1, |a, b| of(b).total_cmp(&of(a)));
                let last = of(&units[limit - 1]);
                units.retain(|unit| of(unit) >= last);
            }
        }
        let mut list: Vec<(f64, Keyword)> = units.drain(..).map(|u| (of(&u), record(u))).collect();
        list.sort_by(|(a_strength, a), (b_strength, b)| {
            b_strength
                .total_cmp(a_strength)
                .then_with(|| (b.target + b.reference).cmp(&(a.target + a.reference)))
                .then_with(|| a.keyword.cmp(&b.keyword))
        });
        if let Some(limit) = request.limit {
            list.truncate(limit);
        }
        list.into_iter()
            .map(|(_, keyword)| keyword)
            .collect::<Vec<_>>()
    });
    Keywords {
        positive,
        negative,
        target_documents,
        reference_documents,
        target_words,
        reference_words,
        reference_counts,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tracuu_indexer::analysis::analyze;
    use tracuu_query::date_filter::parse_from_to;

    use super::*;

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    /// Plain counts of the terms of the bodies of `ids`, and their words.
    fn plain_counts(ids: &[&str]) -> (BTreeMap<String, u64>, u64) {
        let mut counts = BTreeMap::new();
        let mut total = 0;
        for article in tracuu_testkit::articles() {
            if ids.contains(&article.id.as_str()) {
                for token in analyze(&article.body) {
                    if token.kind == tracuu_query::TokenKind::Word {
                        *counts.entry(token.term).or_insert(0) += 1;
                        total += 1;
                    }
                }
            }
        }
        (counts, total)
    }

    fn every(request: KeywordsRequest) -> Keywords {
        keywords(&searcher(), &request.words(1..=1).min_freq(1).limit(None)).unwrap()
    }

    #[test]
    fn a_year_against_the_rest_counts_as_a_plain_scan() {
        let dates = parse_from_to(Some("2020"), Some("2020")).unwrap();
        let found = every(KeywordsRequest::new(QuerySpec::new("").dates(dates)));
        let (target, c) = plain_counts(&["a1", "a2", "a3"]);
        let (reference, d) = plain_counts(&["a4", "a5", "a6"]);
        assert_eq!((found.target_documents, found.reference_documents), (3, 3));
        assert_eq!((found.target_words, found.reference_words), (c, d));
        let listed: Vec<&Keyword> = found.positive.iter().chain(&found.negative).collect();
        for k in &listed {
            assert_eq!(
                k.target,
                target.get(&k.keyword).copied().unwrap_or(0),
                "{}",
                k.keyword
            );
            assert_eq!(
                k.reference,
                reference.get(&k.keyword).copied().unwrap_or(0),
                "{}",
                k.keyword
            );
            let again = keyness(k.target, k.reference, c, d);
            assert_eq!(
                (again.log_likelihood, again.log_ratio),
                (k.log_likelihood, k.log_ratio)
            );
        }
        // Every word whose relative frequencies differ is listed once, on its side.
        let differing = target
            .keys()
            .chain(reference.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter(|w| {
                let (a, b) = (
                    target.get(*w).copied().unwrap_or(0),
                    reference.get(*w).copied().unwrap_or(0),
                );
                a * d != b * c
            })
            .count();
        assert_eq!(listed.len(), differing);
        assert!(found
            .positive
            .iter()
            .all(|k| k.log_likelihood > 0.0 && k.target_per_million > k.reference_per_million));
        assert!(found.negative.iter().all(|k| k.log_likelihood < 0.0));
        assert!(found
            .positive
            .windows(2)
            .all(|w| w[0].log_likelihood >= w[1].log_likelihood));
        // `đảng` is a 2020 word here (a2 once, a3 four times; a4 once).
        assert!(found.positive.iter().any(|k| k.keyword == "đảng"));
        assert!(
            found.negative.iter().any(|k| k.keyword == "lãng"),
            "a5 twice, a1 once"
        );
    }

    /// Against a6 alone (8 words), half an occurrence is a rate of 1/16, more than most words
    /// of a1–a5 have: a word only they hold has no log ratio unless more frequent than that.
    #[test]
    fn by_log_ratio_each_direction_from_its_strongest_with_no_reversed_ratio() {
        let request = |target: &str, reference: &str| {
            KeywordsRequest::new(target)
                .reference(Some(QuerySpec::new(reference)))
                .words(1..=1)
                .min_freq(1)
                .limit(None)
                .by(KeynessMeasure::LogRatio)
        };
        let (in_five, c) = plain_counts(&["a1", "a2", "a3", "a4", "a5"]);
        let (in_a6, d) = plain_counts(&["a6"]);
        for (found, (target, c), (reference, d)) in [
            (
                keywords(&searcher(), &request("chống OR đảng OR lãng", "nắng")).unwrap(),
                (&in_five, c),
                (&in_a6, d),
            ),
            (
                keywords(&searcher(), &request("nắng", "chống OR đảng OR lãng")).unwrap(),
                (&in_a6, d),
                (&in_five, c),
            ),
        ] {
            // Each word's direction and log ratio, from the plain counts.
            let (mut positive, mut negative) = (Vec::new(), Vec::new());
            let words: std::collections::BTreeSet<&String> =
                target.keys().chain(reference.keys()).collect();
            for word in words {
                let a = target.get(word).copied().unwrap_or(0);
                let b = reference.get(word).copied().unwrap_or(0);
                if a * d == b * c {
                    continue;
                }
                let more = a * d > b * c;
                let rate = |f: u64, n: u64| {
                    if f == 0 {
                        0.5 / n as f64
                    } else {
                        f as f64 / n as f64
                    }
                };
                let ratio = (rate(a, c) / rate(b, d)).log2();
                let shown = (ratio > 0.0) == more && ratio != 0.0;
                let list = if more { &mut positive } else { &mut negative };
                list.push((word.clone(), shown.then_some(ratio), a + b));
            }
            for (list, sign) in [(&mut positive, 1.0), (&mut negative, -1.0)] {
                let strength = |r: Option<f64>| r.map_or(f64::NEG_INFINITY, |r| sign * r);
                list.sort_by(|x, y| {
                    strength(y.1)
                        .total_cmp(&strength(x.1))
                        .then(y.2.cmp(&x.2))
                        .then(x.0.cmp(&y.0))
                });
            }
            for (listed, expected) in [(&found.positive, &positive), (&found.negative, &negative)] {
                let names: Vec<&str> = listed.iter().map(|k| k.keyword.as_str()).collect();
                let wanted: Vec<&str> = expected.iter().map(|e| e.0.as_str()).collect();
                assert_eq!(names, wanted);
                for (k, e) in listed.iter().zip(expected) {
                    match (k.log_ratio, e.1) {
                        (Some(r), Some(x)) => assert!((r - x).abs() < 1e-9, "{}", k.keyword),
                        (r, x) => assert_eq!(r, x, "{}", k.keyword),
                    }
                }
            }
        }
        // `đảng` 6 times in a1–a5's c words, above 1/16 of them: a log ratio. `tham` 4 times,
        // below: none, and it comes after every word with one.
        let found = keywords(&searcher(), &request("chống OR đảng OR lãng", "nắng")).unwrap();
        let of = |word: &str| found.positive.iter().find(|k| k.keyword == word).unwrap();
        assert_eq!((of("đảng").target, of("tham").target), (6, 4));
        assert!(6 * 16 > c && 4 * 16 < c, "c = {c}");
        assert!(of("đảng").log_ratio.unwrap() > 0.0);
        assert_eq!(of("tham").log_ratio, None);
        assert_eq!(
            found.positive[0].log_ratio,
            found
                .positive
                .iter()
                .filter_map(|k| k.log_ratio)
                .reduce(f64::max)
        );
    }

    #[test]
    fn a_query_against_a_reference_query() {
        let found = keywords(
            &searcher(),
            &KeywordsRequest::new("\"tham nhũng\"")
                .reference(Some(QuerySpec::new("source:\"Tuổi Trẻ\"")))
                .min_freq(1)
                .limit(None),
        )
        .unwrap();
        // Target a1, a2, a4; reference a3, a6 (a4, from Tuổi Trẻ, is in the target).
        assert_eq!((found.target_documents, found.reference_documents), (3, 2));
        let (_, c) = plain_counts(&["a1", "a2", "a4"]);
        let (_, d) = plain_counts(&["a3", "a6"]);
        assert_eq!((found.target_words, found.reference_words), (c, d));
        let k = found
            .positive
            .iter()
            .find(|k| k.keyword == "tham nhũng")
            .unwrap();
        assert_eq!((k.target, k.reference, k.words), (4, 0, 2));
        let min5 = keywords(&searcher(), &KeywordsRequest::new("\"tham nhũng\"")).unwrap();
        assert!(min5.positive.iter().all(|k| k.target >= 5));
        let error = |request: KeywordsRequest| keywords(&searcher(), &request).unwrap_err().kind();
        assert_eq!(
            error(KeywordsRequest::new("").words(2..=4)),
            crate::ErrorKind::InvalidRequest
        );
        // The whole index against the rest: nothing to compare with.
        assert_eq!(
            error(KeywordsRequest::new("")),
            crate::ErrorKind::InvalidRequest
        );
        // A target matching nothing has no keywords.
        let none = keywords(&searcher(), &KeywordsRequest::new("\"không có\"")).unwrap();
        assert!(none.positive.is_empty() && none.negative.is_empty());
        assert_eq!((none.target_documents, none.target_words), (0, 0));
    }
}
