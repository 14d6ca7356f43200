//! Search latency as `tracuu bench` measures it, so that users, CI and the benchmarks time the
//! same thing the same way: each query searched as `tracuu search --json` and the library do by
//! default (the 10 best hits, one per story, with snippets; the terminal's summary line also
//! counts the stories matched, which costs more the more documents match), once to warm up,
//! then in rounds over the whole list so that a busy spell of the machine falls on every query;
//! percentiles per class of queries.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::{Error, QuerySpec, SearchRequest, Searcher};

/// The class of queries given without one.
pub const DEFAULT_CLASS: &str = "query";

/// The row of every class together, when there are several.
pub const ALL_CLASSES: &str = "all";

/// One query of a queries file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedQuery {
    /// Its class (`one-word`, `phrase`…), [`DEFAULT_CLASS`] when none was given.
    pub class: String,
    /// The query, in the query language of `tracuu search`.
    pub query: String,
    /// Its line in the file (from 1).
    pub line: usize,
}

/// The queries of a queries file: one per line, `class<TAB>query` or just `query`; blank lines
/// and lines starting with `#` are skipped.
pub fn parse_queries(text: &str) -> Vec<TimedQuery> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|(at, line)| {
            let (class, query) = match line.split_once('\t') {
                Some((class, query)) if !class.trim().is_empty() => (class.trim(), query),
                Some((_, query)) => (DEFAULT_CLASS, query),
                None => (DEFAULT_CLASS, line),
            };
            TimedQuery {
                class: class.to_string(),
                query: query.trim().to_string(),
                line: at + 1,
            }
        })
        .collect()
}

/// The latency of one class of queries: the record of `tracuu bench --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassLatency {
    /// The class, or [`ALL_CLASSES`].
    pub class: String,
    /// Queries of the class.
    pub queries: usize,
    /// Searches timed: queries × rounds.
    pub runs: usize,
    /// Median, in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile (nearest rank), in milliseconds.
    pub p95_ms: f64,
    /// 99th percentile (nearest rank), in milliseconds.
    pub p99_ms: f64,
    /// The slowest search, in milliseconds.
    pub max_ms: f64,
    /// The mean, in milliseconds.
    pub mean_ms: f64,
}

/// A query that could not be searched, with its line.
#[derive(Debug)]
pub struct LatencyError {
    /// The query's line in the file.
    pub line: usize,
    /// Why it could not be searched.
    pub error: Error,
}

/// Times every query of `queries` `rounds` times (after one warm-up search each), each with
/// the options of `options` (its own query text is not used), and returns one row per class in
/// the order classes first appear, then an [`ALL_CLASSES`] row when there are several classes.
///
/// # Errors
/// The first query that cannot be searched (invalid, or the index failing to read).
pub fn measure_latency(
    searcher: &Searcher,
    queries: &[TimedQuery],
    options: &QuerySpec,
    rounds: usize,
) -> Result<Vec<ClassLatency>, LatencyError> {
    let requests: Vec<SearchRequest> = queries
        .iter()
        .map(|q| {
            SearchRequest::new(QuerySpec {
                query: q.query.clone(),
                ..options.clone()
            })
        })
        .collect();
    let search = |at: usize| -> Result<Duration, LatencyError> {
        let started = Instant::now();
        searcher
            .search(&requests[at])
            .map_err(|error| LatencyError {
                line: queries[at].line,
                error,
            })?;
        Ok(started.elapsed())
    };
    for at in 0..queries.len() {
        search(at)?;
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); queries.len()];
    for _ in 0..rounds {
        for (at, times) in samples.iter_mut().enumerate() {
            times.push(search(at)?);
        }
    }
    let mut classes: Vec<&str> = Vec::new();
    for query in queries {
        if !classes.contains(&query.class.as_str()) {
            classes.push(&query.class);
        }
    }
    let row = |class: &str, of_class: &dyn Fn(&TimedQuery) -> bool| {
        let times: Vec<Duration> = queries
            .iter()
            .zip(&samples)
            .filter(|(q, _)| of_class(q))
            .flat_map(|(_, times)| times.iter().copied())
            .collect();
        latency_row(class, queries.iter().filter(|q| of_class(q)).count(), times)
    };
    let mut rows: Vec<ClassLatency> = classes
        .iter()
        .map(|&class| row(class, &|q: &TimedQuery| q.class == class))
        .collect();
    if classes.len() > 1 {
        rows.push(row(ALL_CLASSES, &|_: &TimedQuery| true));
    }
    Ok(rows)
}

fn latency_row(class: &str, queries: usize, mut times: Vec<Duration>) -> ClassLatency {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let total: Duration = times.iter().sum();
    ClassLatency {
        class: class.to_string(),
        queries,
        runs: times.len(),
        p50_ms: percentile(&times, 50.0).map_or(0.0, ms),
        p95_ms: percentile(&times, 95.0).map_or(0.0, ms),
        p99_ms: percentile(&times, 99.0).map_or(0.0, ms),
        max_ms: times.last().copied().map_or(0.0, ms),
        mean_ms: if times.is_empty() {
            0.0
        } else {
            ms(total) / times.len() as f64
        },
    }
}

/// The `p`th percentile of `sorted` by the nearest-rank method: the smallest value with at
/// least `p`% of the values at or below it (`None` when empty).
pub fn percentile<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len().max(1)) - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_with_and_without_a_class() {
        let text = "# one word\none-word\tđảng\n\nphrase\t\"đảng ủy\"\n\tdang uy\ntham nhũng\n";
        let queries = parse_queries(text);
        let got: Vec<(&str, &str, usize)> = queries
            .iter()
            .map(|q| (q.class.as_str(), q.query.as_str(), q.line))
            .collect();
        assert_eq!(
            got,
            [
                ("one-word", "đảng", 2),
                ("phrase", "\"đảng ủy\"", 4),
                (DEFAULT_CLASS, "dang uy", 5),
                (DEFAULT_CLASS, "tham nhũng", 6),
            ]
        );
    }

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u32> = (1..=200).collect();
        assert_eq!(percentile(&values, 50.0), Some(100));
        assert_eq!(percentile(&values, 95.0), Some(190));
        assert_eq!(percentile(&values, 99.0), Some(198));
        assert_eq!(percentile(&values, 100.0), Some(200));
        assert_eq!(percentile(&[7], 99.0), Some(7));
        assert_eq!(percentile::<u32>(&[], 50.0), None);
    }

    #[test]
    fn every_query_is_timed_in_every_round_and_a_bad_one_is_named_by_its_line() {
        let searcher = Searcher::new(tracuu_testkit::index()).unwrap();
        let queries = parse_queries("a\ttham nhũng\na\tlãng phí\nb\t\"tham nhũng\"\n");
        let rows = measure_latency(&searcher, &queries, &QuerySpec::new(""), 3).unwrap();
        let shape: Vec<(&str, usize, usize)> = rows
            .iter()
            .map(|r| (r.class.as_str(), r.queries, r.runs))
            .collect();
        assert_eq!(shape, [("a", 2, 6), ("b", 1, 3), (ALL_CLASSES, 3, 9)]);
        for row in &rows {
            assert!(
                0.0 < row.p50_ms && row.p50_ms <= row.p95_ms && row.p95_ms <= row.p99_ms,
                "{row:?}"
            );
            assert!(row.p99_ms <= row.max_ms, "{row:?}");
        }

        let bad = parse_queries("đảng\n\n\"đảng ủy\n");
        let error = measure_latency(&searcher, &bad, &QuerySpec::new(""), 1).unwrap_err();
        assert_eq!(error.line, 3, "{:?}", error.error);
    }
}
