//! Dispersion: how evenly a query's occurrences spread over the documents and the periods of
//! the corpus, and where they fall along it (drawn by [`draw_dispersion`](crate::draw_dispersion)).
//!
//! The corpus is every document of the index dated within the query's dates (all of them,
//! undated ones included, without dates), laid end to end oldest first, undated last (in
//! index order of their ids). Occurrences are those `kwic` shows, in the body text of the
//! documents the query matches; sizes are the words of every body.
//!
//! Gries' **DP** (Gries 2008, "Dispersions and adjusted frequencies in corpora"): with parts of
//! the corpus (documents, or periods) whose share of the corpus' words is `sᵢ` and whose share
//! of the occurrences is `vᵢ`, `DP = ½ Σ |vᵢ − sᵢ|`: 0 when the occurrences follow the parts'
//! sizes exactly, near 1 when they crowd into a small part. `DP_norm = DP / (1 − min sᵢ)`
//! (Lijffijt & Gries 2012) reaches 1 for occurrences all in the smallest part. Over a single
//! part neither says anything (the occurrences cannot fall otherwise than the words, and
//! DP_norm is 0/0): they are not given, as over periods when the corpus is one year (or only
//! undated documents).
//!
//! Cost: every document of the corpus is read and analysed once (its words counted), and the
//! query's matches found in those it matches.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use tracuu_indexer::analysis::for_each_word;
use tracuu_query::{Finder, QuerySpec, Searcher};

use crate::trend::{Period, PeriodKey};
use crate::Error;

/// What to measure.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DispersionRequest {
    /// The query.
    pub spec: QuerySpec,
    /// The periods of the DP over periods.
    pub by: Period,
}

impl DispersionRequest {
    /// The dispersion of `spec` over documents and years.
    pub fn new(spec: impl Into<QuerySpec>) -> DispersionRequest {
        DispersionRequest {
            spec: spec.into(),
            by: Period::Year,
        }
    }

    /// Sets the periods.
    pub fn by(mut self, by: Period) -> DispersionRequest {
        self.by = by;
        self
    }
}

/// One period of the corpus (or its undated documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodShare {
    /// The period, `None` for undated documents.
    pub period: Option<PeriodKey>,
    /// Documents in it.
    pub documents: u64,
    /// Words of their bodies.
    pub words: u64,
    /// Occurrences of the query.
    pub occurrences: u64,
    /// The word offset in the corpus where the period starts.
    pub start: u64,
}

/// The dispersion of a query.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Dispersion {
    /// The query as given.
    pub query: String,
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
    /// Years or months.
    pub by: Period,
    /// Occurrences in all.
    pub occurrences: u64,
    /// Documents in the corpus.
    pub documents: u64,
    /// Documents with at least one occurrence.
    pub documents_with: u64,
    /// Words in the corpus.
    pub words: u64,
    /// DP over documents (`None` without occurrences, or with a single document).
    pub dp_documents: Option<f64>,
    /// DP_norm over documents.
    pub dp_norm_documents: Option<f64>,
    /// DP over periods, undated documents as one more part (`None` without occurrences, or
    /// with a single part).
    pub dp_periods: Option<f64>,
    /// DP_norm over periods.
    pub dp_norm_periods: Option<f64>,
    /// The periods in order, undated last.
    pub periods: Vec<PeriodShare>,
    /// The word offset of every occurrence in the corpus, in order.
    pub positions: Vec<u64>,
}

/// One period's counts with the query's dispersion: the record of `tracuu dispersion --json`
/// and `--csv` (the dispersion figures are the same on every row of a query).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DispersionRow {
    /// The query as given.
    pub query: String,
    /// The period, `None` (JSON) or empty (CSV) for undated documents.
    pub period: Option<PeriodKey>,
    /// Documents in the period.
    pub documents: u64,
    /// Their words.
    pub words: u64,
    /// Occurrences in them.
    pub occurrences: u64,
    /// Occurrences per million words.
    pub per_million: f64,
    /// DP over documents (`None` without occurrences, or with a single document).
    pub dp_documents: Option<f64>,
    /// DP_norm over documents.
    pub dp_norm_documents: Option<f64>,
    /// DP over periods (`None` without occurrences, or with a single period).
    pub dp_periods: Option<f64>,
    /// DP_norm over periods.
    pub dp_norm_periods: Option<f64>,
}

impl Dispersion {
    /// One row per period.
    pub fn rows(&self) -> Vec<DispersionRow> {
        self.periods
            .iter()
            .map(|p| DispersionRow {
                query: self.query.clone(),
                period: p.period,
                documents: p.documents,
                words: p.words,
                occurrences: p.occurrences,
                per_million: if p.words == 0 {
                    0.0
                } else {
                    p.occurrences as f64 * 1e6 / p.words as f64
                },
                dp_documents: self.dp_documents,
                dp_norm_documents: self.dp_norm_documents,
                dp_periods: self.dp_periods,
                dp_norm_periods: self.dp_norm_periods,
            })
            .collect()
    }
}

/// Gries' DP and its normalised form over parts of `(words, occurrences)`; `None` without
/// occurrences or words, or with fewer than two parts (see the [module docs](self)).
pub fn dp(parts: impl Iterator<Item = (u64, u64)> + Clone) -> Option<(f64, f64)> {
    let (words, occurrences) = parts.clone().fold((0, 0), |a, p| (a.0 + p.0, a.1 + p.1));
    if words == 0 || occurrences == 0 || parts.clone().nth(1).is_none() {
        return None;
    }
    let mut sum = 0.0;
    let mut smallest = 1.0f64;
    for (w, o) in parts {
        let s = w as f64 / words as f64;
        sum += (o as f64 / occurrences as f64 - s).abs();
        smallest = smallest.min(s);
    }
    let dp = sum / 2.0;
    // With two parts or more, one holds at most half the words: 1 − min sᵢ ≥ ½.
    Some((dp, dp / (1.0 - smallest)))
}

/// The dispersion of the query (see the [module docs](self)).
///
/// # Errors
/// An invalid query, or the index failing to read.
pub fn dispersion(searcher: &Searcher, request: &DispersionRequest) -> Result<Dispersion, Error> {
    let prepared = searcher.prepare(&request.spec)?;
    let matcher = prepared.matcher();
    if matcher.is_empty() {
        return Err(Error::invalid_request(
            "dispersion needs a word or phrase to find".to_string(),
        ));
    }
    let matching: HashSet<String> = searcher
        .matching_documents(&prepared, true)?
        .into_iter()
        .filter_map(|d| d.id().map(str::to_string))
        .collect();
    let mut corpus =
        searcher.matching_documents(&searcher.every_document(&request.spec.dates), true)?;
    corpus.sort_unstable_by(|a, b| a.chronological(b));
    // Per document: its words, and the word index of each occurrence.
    let finder = Finder::new(matcher);
    let counted = searcher.read_documents(&corpus, |doc_ref, doc| {
        let body = doc.body();
        let mut starts = Vec::new();
        for_each_word(body, |word| starts.push(word.start));
        let at = if doc_ref.id().is_some_and(|id| matching.contains(id)) {
            finder
                .find(body, 0)
                .1
                .iter()
                .map(|o| starts.partition_point(|&start| start < o.start) as u64)
                .collect()
        } else {
            Vec::new()
        };
        (starts.len() as u64, at)
    })?;
    let mut periods: BTreeMap<(bool, Option<PeriodKey>), PeriodShare> = BTreeMap::new();
    let mut positions = Vec::new();
    let mut offset = 0;
    for (doc, (words, at)) in corpus.iter().zip(&counted) {
        let period = doc.date().map(|d| PeriodKey::of(d, request.by));
        let share = periods
            .entry((period.is_none(), period))
            .or_insert(PeriodShare {
                period,
                documents: 0,
                words: 0,
                occurrences: 0,
                start: offset,
            });
        share.documents += 1;
        share.words += words;
        share.occurrences += at.len() as u64;
        positions.extend(at.iter().map(|w| offset + w));
        offset += words;
    }
    let periods: Vec<PeriodShare> = periods.into_values().collect();
    let by_documents = dp(counted.iter().map(|(w, at)| (*w, at.len() as u64)));
    let by_periods = dp(periods.iter().map(|p| (p.words, p.occurrences)));
    Ok(Dispersion {
        query: request.spec.query.clone(),
        reading: prepared.reading().map(str::to_string),
        by: request.by,
        occurrences: positions.len() as u64,
        documents: corpus.len() as u64,
        documents_with: counted.iter().filter(|(_, at)| !at.is_empty()).count() as u64,
        words: offset,
        dp_documents: by_documents.map(|d| d.0),
        dp_norm_documents: by_documents.map(|d| d.1),
        dp_periods: by_periods.map(|d| d.0),
        dp_norm_periods: by_periods.map(|d| d.1),
        periods,
        positions,
    })
}

#[cfg(test)]
mod tests {
    use tracuu_indexer::analysis::analyze;
    use tracuu_query::TokenKind;

    use super::*;
    use crate::kwic::{kwic, KwicRequest};

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Gries (2008)'s example: parts of 10, 20, 30, 40 words... here three equal parts and all
    /// occurrences in one: DP = ½(|1 − ⅓| + ⅓ + ⅓) = ⅔, DP_norm = ⅔ / (1 − ⅓) = 1.
    #[test]
    fn dp_of_small_tables() {
        let (dp_value, norm) = dp([(10, 6), (10, 0), (10, 0)].into_iter()).unwrap();
        assert!(close(dp_value, 2.0 / 3.0) && close(norm, 1.0));
        // Occurrences following the sizes: 0.
        let (dp_value, _) = dp([(10, 1), (30, 3)].into_iter()).unwrap();
        assert!(close(dp_value, 0.0));
        // Sizes 1/4, 3/4; occurrences 3/4, 1/4: DP = ½(½ + ½) = ½, DP_norm = ½ / ¾.
        let (dp_value, norm) = dp([(10, 3), (30, 1)].into_iter()).unwrap();
        assert!(close(dp_value, 0.5) && close(norm, 2.0 / 3.0));
        assert_eq!(dp([(10, 0)].into_iter()), None);
        // One part: the occurrences can only fall as the words do.
        assert_eq!(dp([(10, 4)].into_iter()), None);
        // Two, one of them empty: every word and occurrence in the other, DP 0.
        assert_eq!(dp([(10, 4), (0, 0)].into_iter()), Some((0.0, 0.0)));
    }

    #[test]
    fn counts_documents_periods_and_positions() {
        let found = dispersion(&searcher(), &DispersionRequest::new("\"tham nhũng\"")).unwrap();
        let concordance = kwic(&searcher(), &KwicRequest::new("\"tham nhũng\"")).unwrap();
        assert_eq!(Some(found.occurrences as usize), concordance.occurrences);
        assert_eq!((found.documents, found.documents_with), (6, 3));
        // Words of every body, counted by a plain scan.
        let words = |id: &str| {
            let article = tracuu_testkit::articles()
                .into_iter()
                .find(|a| a.id == id)
                .unwrap();
            analyze(&article.body)
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .count() as u64
        };
        let total: u64 = ["a1", "a2", "a3", "a4", "a5", "a6"]
            .iter()
            .map(|id| words(id))
            .sum();
        assert_eq!(found.words, total);
        let periods: Vec<(Option<String>, u64, u64)> = found
            .periods
            .iter()
            .map(|p| (p.period.map(|p| p.to_string()), p.documents, p.occurrences))
            .collect();
        assert_eq!(
            periods,
            [
                (Some("2020".into()), 3, 3),
                (Some("2021".into()), 2, 1),
                (None, 1, 0)
            ]
        );
        // a1 comes first: its occurrences start at its 5th and 19th words.
        assert_eq!(found.positions[..2], [4, 18]);
        assert_eq!(found.positions.len(), 4);
        let expected = dp(["a1", "a2", "a3", "a4", "a6", "a5"]
            .iter()
            .zip([2, 1, 0, 1, 0, 0])
            .map(|(id, o)| (words(id), o)));
        assert_eq!(found.dp_documents, expected.map(|d| d.0));
        let rows = found.rows();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].period, None);
        assert_eq!(
            rows[0].per_million,
            3.0 * 1e6 / found.periods[0].words as f64
        );
    }
}
