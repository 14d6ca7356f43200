//! Ranking quality on the development set of `../shared/relevance-dev/` (see its README): tracuu
//! against a plain BM25 on tantivy, in the same run.
//!
//! Both engines index the set's collection (title and body), kept in `target/bench-relevance/`.
//! Every query of every set (summary, summary without diacritics, title, phrase, phrase without
//! diacritics) is sent as the OR of its words, as the set's reference figures were measured:
//! words are runs of letters, digits and combining marks, punctuation is dropped.
//!
//! - **baseline**: tantivy's default tokenizer and `QueryParser` over title + body, any word
//!   matching (BM25, k1 1.2, b 0.75);
//! - **tracuu**: `Searcher::rank` with each ranking setting of [`settings`] (the default first);
//!   and, with the default, each query as typed: its stored text as a literal query
//!   (`tracuu search -F`) through `Searcher::search`, every word required and a long query's
//!   page going on with partial matches.
//!
//! Reported per set, over the first 10 distinct ids returned: MRR@10 (1 / rank of the first
//! relevant id, 0 when none) and R@10 (relevant ids found / min(10, relevant ids)).
//! `TRACUU_BENCH_QUERIES` limits the queries of each set (default: all).
//!
//! Run: `cargo bench --bench relevance`.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Value};
use tantivy::TantivyDocument;
use tracuu_query::{QuerySpec, Ranking, SearchRequest, Searcher, Weights};

/// The development set, relative to the repository root.
const DEV_SET: &str = "../shared/relevance-dev";

/// The query sets: name and TSV file.
const SETS: [(&str, &str); 5] = [
    ("summary", "queries-summary.tsv"),
    ("summary-nodiac", "queries-summary-nodiac.tsv"),
    ("title", "queries-title.tsv"),
    ("phrase", "queries-phrase.tsv"),
    ("phrase-nodiac", "queries-phrase-nodiac.tsv"),
];

/// Ranking settings compared: a name and the weights (the default first).
fn settings() -> Vec<(&'static str, Weights)> {
    let default = Weights::default();
    let with = |change: fn(&mut Weights)| {
        let mut weights = default;
        change(&mut weights);
        weights
    };
    vec![
        ("default", default),
        ("title 1", with(|w| w.title = 1.0)),
        ("title 2", with(|w| w.title = 2.0)),
        ("title 5", with(|w| w.title = 5.0)),
        ("other spelling 0.1", with(|w| w.other_spelling = 0.1)),
        ("other spelling 0.6", with(|w| w.other_spelling = 0.6)),
        ("pairs 0 (no word order)", with(|w| w.pairs = 0.0)),
        ("pairs 0.5", with(|w| w.pairs = 0.5)),
        ("pairs 1.5", with(|w| w.pairs = 1.5)),
        ("k1 0.7", with(|w| w.k1 = 0.7)),
        ("k1 1.5", with(|w| w.k1 = 1.5)),
        ("pair k1 0.7", with(|w| w.pair_k1 = 0.7)),
        ("pair k1 1.2 (as a syllable)", with(|w| w.pair_k1 = 1.2)),
        ("b 0.75", with(|w| w.b = 0.75)),
        (
            "BM25F alone (k1 1.2, b 0.75, title 1, pairs 0)",
            with(|w| {
                *w = Weights {
                    k1: 1.2,
                    b: 0.75,
                    title: 1.0,
                    pairs: 0.0,
                    ..*w
                }
            }),
        ),
    ]
}

/// One query and the ids that count as found.
struct Query {
    /// As stored: what a user would paste.
    text: String,
    words: Vec<String>,
    relevant: HashSet<String>,
}

/// MRR@10 and R@10 of one engine on one set.
#[derive(Clone, Copy)]
struct Scores {
    mrr: f64,
    recall: f64,
}

fn main() {
    let Some(dev) = dev_set_or_skip() else {
        return;
    };
    let collection = dev.join("collection.jsonl.zst");
    let (tracuu_dir, baseline_dir) = common::bench_indexes_in("bench-relevance", &collection, None);
    let tracuu = Searcher::open(&tracuu_dir).expect("open tracuu index");
    let baseline = common::Baseline::open(&baseline_dir);
    let baseline_searcher = baseline.index.reader().expect("baseline reader").searcher();
    let any_word = QueryParser::for_index(&baseline.index, vec![baseline.title, baseline.body]);
    let wanted = common::env_usize("TRACUU_BENCH_QUERIES");
    let sets: Vec<(&str, Vec<Query>)> = SETS
        .iter()
        .map(|(name, file)| (*name, read_queries(&dev.join(file), wanted)))
        .collect();
    println!(
        "{} documents; queries: {}",
        tracuu.num_documents(),
        sets.iter()
            .map(|(name, queries)| format!("{name} {}", queries.len()))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let baseline_top = |query: &Query| -> Vec<String> {
        let text = query.words.join(" ");
        let Ok(parsed) = any_word.parse_query(&text) else {
            return Vec::new();
        };
        let top = baseline_searcher
            .search(&parsed, &TopDocs::with_limit(10).order_by_score())
            .expect("baseline search");
        top.into_iter()
            .map(|(_, address)| stored_id(&baseline_searcher, address, baseline.id))
            .collect()
    };
    let tracuu_top = |query: &Query, weights: Weights| -> Vec<String> {
        let text = query.words.join(" OR ");
        let request = SearchRequest::new(text)
            .limit(10)
            .expect("a valid limit")
            .weights(weights);
        let ranking: Ranking = tracuu
            .prepare_search(&request)
            .and_then(|prepared| tracuu.rank(&prepared, &request))
            .expect("tracuu search");
        tracuu
            .read_documents(&ranking.best, |_, doc| doc.id().to_string())
            .expect("stored documents")
    };

    let started = Instant::now();
    println!("\nMRR@10 / R@10, each query as the OR of its words");
    let header: Vec<String> = SETS.iter().map(|(name, _)| format!("{name:>15}")).collect();
    println!("{:<48} {}", "engine / setting", header.join(" "));
    let row = |name: &str, scores: &[Scores]| {
        let cells: Vec<String> = scores
            .iter()
            .map(|s| format!("{:>15}", format!("{:.3} / {:.3}", s.mrr, s.recall)))
            .collect();
        println!("{name:<48} {}", cells.join(" "));
    };
    let baseline_scores: Vec<Scores> = sets
        .iter()
        .map(|(_, queries)| evaluate(queries, baseline_top))
        .collect();
    row("baseline (tantivy BM25)", &baseline_scores);
    let mut tracuu_rows = Vec::new();
    for (name, weights) in settings() {
        let scores: Vec<Scores> = sets
            .iter()
            .map(|(_, queries)| evaluate(queries, |q| tracuu_top(q, weights)))
            .collect();
        row(&format!("tracuu {name}"), &scores);
        tracuu_rows.push(json!({
            "setting": name,
            "weights": format!("{weights:?}"),
            "scores": scores_json(&scores),
        }));
    }
    // As a user would paste them: every word required, partial matches after (long queries).
    let typed_top = |query: &Query| -> Vec<String> {
        let spec = QuerySpec::new(query.text.as_str()).literal(true);
        let request = SearchRequest::new(spec).limit(10).expect("a valid limit");
        let results = tracuu.search(&request).expect("tracuu search");
        results.hits.into_iter().map(|hit| hit.id).collect()
    };
    let typed: Vec<Scores> = sets
        .iter()
        .map(|(_, queries)| evaluate(queries, typed_top))
        .collect();
    row("tracuu as typed (-F)", &typed);
    println!(
        "(evaluated in {:.0} s; as typed: the query text pasted, every word required, a long \
         query's page going on with partial matches)",
        started.elapsed().as_secs_f64()
    );
    common::bench_result(json!({
        "bench": "relevance",
        "date": common::now(),
        "collection": format!("{DEV_SET}/collection.jsonl.zst"),
        "docs": tracuu.num_documents(),
        "sets": sets
            .iter()
            .map(|(name, queries)| json!({"set": name, "queries": queries.len()}))
            .collect::<Vec<_>>(),
        "baseline": scores_json(&baseline_scores),
        "tracuu": tracuu_rows,
        "tracuu_as_typed": scores_json(&typed),
    }));
}

/// The development set's folder, or `None` after printing why the bench is skipped.
fn dev_set_or_skip() -> Option<PathBuf> {
    if !std::env::args().any(|a| a == "--bench") {
        println!("not run: this benchmark runs with `cargo bench` (or pass --bench)");
        return None;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEV_SET);
    if dir.join("collection.jsonl.zst").is_file() {
        Some(dir)
    } else {
        println!("skipped: {DEV_SET}/collection.jsonl.zst not found");
        None
    }
}

/// The queries of a TSV file (`qid`, `query`, comma-separated `relevant_ids`), at most `wanted`.
fn read_queries(path: &Path, wanted: Option<usize>) -> Vec<Query> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .take(wanted.unwrap_or(usize::MAX))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [_, query, relevant] = fields[..] else {
                panic!("{}: not three fields: {line:?}", path.display());
            };
            Query {
                text: query.to_string(),
                words: words(query),
                relevant: relevant.split(',').map(str::to_string).collect(),
            }
        })
        .collect()
}

/// The words of a query: runs of letters, digits and combining marks, lower-cased (so that no
/// word is read as an operator).
fn words(query: &str) -> Vec<String> {
    let is_word_char = |c: char| c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c);
    query
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn stored_id(searcher: &tantivy::Searcher, address: tantivy::DocAddress, field: Field) -> String {
    let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// MRR@10 and R@10 of `top` (the ranked ids for a query) over `queries`.
fn evaluate(queries: &[Query], top: impl Fn(&Query) -> Vec<String> + Sync) -> Scores {
    let per_query: Vec<(f64, f64)> = queries
        .par_iter()
        .map(|query| {
            let mut seen = HashSet::new();
            let ranked: Vec<String> = top(query)
                .into_iter()
                .filter(|id| seen.insert(id.clone()))
                .take(10)
                .collect();
            let first = ranked.iter().position(|id| query.relevant.contains(id));
            let found = ranked
                .iter()
                .filter(|id| query.relevant.contains(*id))
                .count();
            let reciprocal = first.map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
            (
                reciprocal,
                found as f64 / query.relevant.len().min(10) as f64,
            )
        })
        .collect();
    let n = queries.len().max(1) as f64;
    Scores {
        mrr: per_query.iter().map(|(m, _)| m).sum::<f64>() / n,
        recall: per_query.iter().map(|(_, r)| r).sum::<f64>() / n,
    }
}

/// The scores of every set, in the order of [`SETS`].
fn scores_json(scores: &[Scores]) -> serde_json::Value {
    SETS.iter()
        .zip(scores)
        .map(|((name, _), s)| json!({"set": name, "mrr10": s.mrr, "recall10": s.recall}))
        .collect::<Vec<_>>()
        .into()
}
