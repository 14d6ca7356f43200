//! N-grams: the most frequent runs of 2 to 5 adjacent words (never across punctuation, see
//! [`crate::units`]) in the documents a query matches, or in the whole index, with the number
//! of documents holding each.
//!
//! Cost: every document of the subcorpus is read and analysed once, and kept as a stream of
//! word ids (4 bytes a word); the n-grams are then counted in as many passes as keep each
//! pass's counts within [`UNITS_PER_PASS`](crate::units::UNITS_PER_PASS) distinct n-grams.

use std::ops::RangeInclusive;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tracuu_query::{QuerySpec, Searcher};

use crate::function_words::is_function_word;
use crate::units::{
    count_units, read_streams, subcorpus, unit_ids, unit_len, UnitKey, Vocabulary, MAX_UNIT,
};
use crate::Error;

/// What to count.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NgramsRequest {
    /// The documents: those the query matches, or every document in its dates when the query
    /// is empty.
    pub spec: QuerySpec,
    /// N-gram lengths counted, within `2..=5`.
    pub words: RangeInclusive<usize>,
    /// N-grams found in fewer documents are left out.
    pub min_docs: u64,
    /// At most this many n-grams, the most frequent of those not left out (`None`: all).
    pub limit: Option<usize>,
    /// Leave out n-grams made only of function words.
    pub no_function_words: bool,
}

impl NgramsRequest {
    /// The 50 most frequent bigrams of `spec`'s documents found in at least 2 documents.
    pub fn new(spec: impl Into<QuerySpec>) -> NgramsRequest {
        NgramsRequest {
            spec: spec.into(),
            words: 2..=2,
            min_docs: 2,
            limit: Some(50),
            no_function_words: false,
        }
    }

    /// Sets the n-gram lengths.
    pub fn words(mut self, words: RangeInclusive<usize>) -> NgramsRequest {
        self.words = words;
        self
    }

    /// Sets the least number of documents.
    pub fn min_docs(mut self, min_docs: u64) -> NgramsRequest {
        self.min_docs = min_docs;
        self
    }

    /// Keeps at most `limit` n-grams.
    pub fn limit(mut self, limit: Option<usize>) -> NgramsRequest {
        self.limit = limit;
        self
    }

    /// Leaves out (or keeps) n-grams made only of function words.
    pub fn no_function_words(mut self, yes: bool) -> NgramsRequest {
        self.no_function_words = yes;
        self
    }
}

/// One n-gram: the record of `tracuu ngrams --json` and `--csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Ngram {
    /// Its words, as normalised terms, separated by spaces.
    pub ngram: String,
    /// Its length in words.
    pub words: usize,
    /// Occurrences in the documents' bodies.
    pub frequency: u64,
    /// Documents holding it.
    pub documents: u64,
}

/// The most frequent n-grams.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Ngrams {
    /// Most frequent first (ties: more documents first, then in Unicode order).
    pub ngrams: Vec<Ngram>,
    /// Documents read.
    pub documents: usize,
    /// Words in their bodies.
    pub corpus: u64,
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
}

/// The most frequent n-grams of the documents (see the [module docs](self)).
///
/// # Errors
/// Lengths outside `2..=5`, an invalid query, or the index failing to read.
pub fn ngrams(searcher: &Searcher, request: &NgramsRequest) -> Result<Ngrams, Error> {
    if request.words.is_empty() || *request.words.start() < 2 || *request.words.end() > MAX_UNIT {
        return Err(Error::invalid_request(format!(
            "n-grams are 2 to {MAX_UNIT} words long"
        )));
    }
    let (docs, reading) = subcorpus(searcher, &request.spec, false)?;
    let vocabulary = Vocabulary::default();
    let streams = read_streams(searcher, &docs, &vocabulary)?;
    let corpus = streams.iter().map(|s| crate::units::word_count(s)).sum();
    let limit = request.limit;
    let mut function_words = FxHashMap::default();
    let mut only_function_words = |key: UnitKey| {
        unit_ids(key).all(|id| {
            *function_words
                .entry(id)
                .or_insert_with(|| is_function_word(&vocabulary.term(id)))
        })
    };
    // (frequency, documents, key): the best so far, with every tie of the last one kept. The
    // n-grams left out go before the cut, so that `limit` are left when as many qualify.
    let mut kept: Vec<(u32, u32, u128)> = Vec::new();
    count_units([&streams, &[]], &request.words, |counts| {
        kept.extend(
            counts
                .into_iter()
                .filter(|(_, t)| u64::from(t.docs[0]) >= request.min_docs)
                .filter(|&(key, _)| !(request.no_function_words && only_function_words(key)))
                .map(|(key, t)| (t.freq[0], t.docs[0], key)),
        );
        if let Some(limit) = limit {
            if kept.len() > limit {
                kept.sort_unstable_by_key(|k| std::cmp::Reverse((k.0, k.1)));
                let last = kept[limit.max(1) - 1];
                kept.retain(|k| (k.0, k.1) >= (last.0, last.1));
            }
        }
    });
    let mut ngrams: Vec<Ngram> = kept
        .into_iter()
        .map(|(frequency, documents, key)| Ngram {
            ngram: vocabulary.text(key),
            words: unit_len(key),
            frequency: frequency.into(),
            documents: documents.into(),
        })
        .collect();
    ngrams.sort_by(|a, b| {
        (b.frequency, b.documents)
            .cmp(&(a.frequency, a.documents))
            .then_with(|| a.ngram.cmp(&b.ngram))
    });
    if let Some(limit) = limit {
        ngrams.truncate(limit);
    }
    Ok(Ngrams {
        ngrams,
        documents: docs.len(),
        corpus,
        reading,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use tracuu_indexer::analysis::analyze;

    use super::*;

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    /// A plain scan of the bodies of `ids`: n-grams of `n` words separated by spaces only.
    fn plain_scan(ids: &[&str], n: usize) -> BTreeMap<String, (u64, u64)> {
        let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        for article in tracuu_testkit::articles() {
            if !ids.contains(&article.id.as_str()) {
                continue;
            }
            let body = &article.body;
            let tokens = analyze(body);
            let words: Vec<_> = tokens
                .iter()
                .filter(|t| t.kind == tracuu_query::TokenKind::Word)
                .collect();
            let mut seen = BTreeSet::new();
            for run in words.windows(n) {
                let joined = run.windows(2).all(|p| {
                    let between = &body[p[0].end..p[1].start];
                    !between.is_empty() && between.chars().all(|c| c == ' ')
                });
                if joined {
                    let text: Vec<&str> = run.iter().map(|w| w.term.as_str()).collect();
                    let text = text.join(" ");
                    let entry = counts.entry(text.clone()).or_default();
                    entry.0 += 1;
                    if seen.insert(text) {
                        entry.1 += 1;
                    }
                }
            }
        }
        counts
    }

    #[test]
    fn counts_match_a_plain_scan() {
        let all_ids = ["a1", "a2", "a3", "a4", "a5", "a6"];
        for n in 2..=5 {
            let found = ngrams(
                &searcher(),
                &NgramsRequest::new("").words(n..=n).min_docs(1).limit(None),
            )
            .unwrap();
            let counted: BTreeMap<String, (u64, u64)> = found
                .ngrams
                .iter()
                .map(|g| (g.ngram.clone(), (g.frequency, g.documents)))
                .collect();
            assert_eq!(counted, plain_scan(&all_ids, n), "n = {n}");
            assert_eq!(found.documents, 6);
        }
        // The documents of a query only.
        let found = ngrams(
            &searcher(),
            &NgramsRequest::new("\"tham nhũng\"").min_docs(1).limit(None),
        )
        .unwrap();
        let counted: BTreeMap<String, (u64, u64)> = found
            .ngrams
            .iter()
            .map(|g| (g.ngram.clone(), (g.frequency, g.documents)))
            .collect();
        assert_eq!(counted, plain_scan(&["a1", "a2", "a4"], 2));
    }

    #[test]
    fn most_frequent_first_with_min_docs_and_limit() {
        let found = ngrams(&searcher(), &NgramsRequest::new("")).unwrap();
        let top: Vec<(&str, u64, u64)> = found
            .ngrams
            .iter()
            .map(|g| (g.ngram.as_str(), g.frequency, g.documents))
            .collect();
        // `tham nhũng` 4 times in 3 bodies, `chống tham` 3 times in 3, `lãng phí` and `đảng
        // viên` 3 times in 2 (ties in Unicode order).
        assert_eq!(
            top[..4],
            [
                ("tham nhũng", 4, 3),
                ("chống tham", 3, 3),
                ("lãng phí", 3, 2),
                ("đảng viên", 3, 2)
            ]
        );
        assert!(top.iter().all(|g| g.2 >= 2));
        let one = ngrams(&searcher(), &NgramsRequest::new("").limit(Some(1))).unwrap();
        assert_eq!(one.ngrams, found.ngrams[..1]);
        let dated = ngrams(
            &searcher(),
            &NgramsRequest::new(
                QuerySpec::new("")
                    .dates(tracuu_query::date_filter::parse_from_to(Some("2021"), None).unwrap()),
            )
            .min_docs(1),
        )
        .unwrap();
        assert_eq!(dated.documents, 2);
        assert_eq!(
            ngrams(&searcher(), &NgramsRequest::new("").words(1..=2))
                .unwrap_err()
                .kind(),
            crate::ErrorKind::InvalidRequest
        );
    }
}
