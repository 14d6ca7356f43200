//! Ranking quality: known-item search on the corpus, tracuu against plain tantivy.
//!
//! The indexes are those of `query_latency` (title + body only; the JSON `summary` is not indexed),
//! kept in `target/bench-index/`. `TRACUU_BENCH_QUERIES` articles (default 1000) are sampled
//! deterministically: the first article with a summary in each of that many equal slices of the
//! corpus. Each one's query is made from its summary:
//!
//! 1. split into words at every character that is not a letter or a digit;
//! 2. keep the words with at least one letter, lowercased;
//! 3. drop the Vietnamese function words of [`STOP_WORDS`] and repeated words;
//! 4. **long** query: the first [`QUERY_WORDS`] words joined by ` OR ` (any word may match;
//!    documents matching more words rank higher);
//! 5. **short** query: the first [`SHORT_WORDS`] of them, all required (tracuu's implicit AND;
//!    the baseline's `QueryParser` with conjunction by default), as a user would type a few words;
//!    only short queries use tracuu's adjacency weight (two-word phrases reward query words that are
//!    adjacent in the text, which OR alternatives are not).
//!
//! The accent-free (`a-f`) queries fold each word with `tracuu_indexer::analysis::fold_term`. The target
//! is the sampled article, or any article with the same body (republications: tracuu indexes one
//! of them). Reported: MRR@10 and Recall@10 for tracuu (with several `Weights`) and for the
//! baseline (tantivy's default tokenizer and `QueryParser` over title + body), both with the
//! accented and the accent-free queries.
//!
//! Run: `cargo bench --bench relevance`.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Value};
use tantivy::TantivyDocument;
use tracuu_indexer::analysis::fold_term;
use tracuu_query::{SearchRequest, Searcher, Weights};

/// Words of a long query, at most.
const QUERY_WORDS: usize = 12;
/// Words of a short query, at most.
const SHORT_WORDS: usize = 4;

/// Function words dropped from queries (single syllables, lowercase).
const STOP_WORDS: &[&str] = &[
    "và", "của", "là", "các", "những", "được", "trong", "cho", "có", "với", "đã", "này", "để",
    "một", "không", "đến", "khi", "từ", "thì", "mà", "ra", "vào", "về", "sau", "theo", "tại",
    "trên", "như", "đang", "sẽ", "bị", "do", "nhiều", "cũng", "rằng", "nên", "hay", "hoặc", "lại",
    "vì", "bởi", "nhưng", "còn", "rất", "đó", "nào", "gì", "ở", "qua", "tới", "đều", "vẫn",
];

/// Weight settings tried: name and weights (the current default is marked in the table).
fn settings() -> Vec<(&'static str, Weights)> {
    let w = |title_exact, body_exact, title_folded, body_folded, adjacency| Weights {
        title_exact,
        body_exact,
        title_folded,
        body_folded,
        adjacency,
    };
    vec![
        ("title x2", w(2.0, 1.0, 1.0, 0.5, 3.0)),
        ("title x1.5", w(1.5, 1.0, 0.75, 0.5, 3.0)),
        ("title x3", w(3.0, 1.0, 1.5, 0.5, 3.0)),
        ("title x2, folded low", w(2.0, 1.0, 0.5, 0.25, 3.0)),
        ("title x2, folded high", w(2.0, 1.0, 2.0, 1.0, 3.0)),
        ("near flat", w(1.2, 1.0, 1.0, 0.9, 3.0)),
        ("flat", w(1.0, 1.0, 1.0, 1.0, 3.0)),
        ("flat, folded x1.5", w(1.0, 1.0, 1.5, 1.5, 3.0)),
        ("body first", w(0.75, 1.0, 0.75, 1.0, 3.0)),
        ("flat, adjacency 0", w(1.0, 1.0, 1.0, 1.0, 0.0)),
        ("flat, adjacency 1", w(1.0, 1.0, 1.0, 1.0, 1.0)),
        ("flat, adjacency 6", w(1.0, 1.0, 1.0, 1.0, 6.0)),
        ("flat, adjacency 10", w(1.0, 1.0, 1.0, 1.0, 10.0)),
    ]
}

/// The four queries of a sample, in this order.
const KINDS: [&str; 4] = ["long", "long a-f", "short", "short a-f"];

/// One known-item search: its queries (see [`KINDS`]) and the ids that count as found.
struct Sample {
    queries: [String; 4],
    targets: HashSet<String>,
}

/// MRR@10 and Recall@10.
#[derive(Clone, Copy)]
struct Scores {
    mrr: f64,
    recall: f64,
}

fn main() {
    let Some(corpus) = common::corpus_or_skip() else {
        return;
    };
    let limit = common::docs_limit();
    let wanted = common::env_usize("TRACUU_BENCH_QUERIES")
        .unwrap_or(1000)
        .max(1);
    let (tracuu_dir, baseline_dir) = common::bench_indexes(&corpus, limit);
    let tracuu = Searcher::open(&tracuu_dir).expect("open tracuu index");
    let schema = tracuu.index().schema();
    let summary_indexed = schema
        .fields()
        .any(|(_, entry)| entry.name().contains("summary"));
    println!(
        "tracuu index fields: {}; summary indexed: {}",
        schema
            .fields()
            .map(|(_, e)| e.name().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        if summary_indexed { "YES (!)" } else { "no" }
    );

    let input = common::Input::prepare(&corpus, limit);
    let samples = make_samples(&common::read_records(&input.path), wanted);
    println!("{} queries, e.g.:", samples.len());
    for sample in samples.iter().take(2) {
        for query in &sample.queries {
            println!("  {query}");
        }
    }

    let baseline = common::Baseline::open(&baseline_dir);
    let baseline_searcher = baseline.index.reader().expect("baseline reader").searcher();
    let any_word = QueryParser::for_index(&baseline.index, vec![baseline.title, baseline.body]);
    let mut all_words = any_word.clone();
    all_words.set_conjunction_by_default();
    let baseline_ids = |query: &str, parser: &QueryParser| -> Vec<String> {
        let query = parser.parse_query(query).expect("baseline query");
        let top = baseline_searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .expect("baseline search");
        ids(&baseline_searcher, top, baseline.id)
    };
    let tracuu_ids = |query: &str, weights: Weights| -> Vec<String> {
        let request = SearchRequest::new(query)
            .limit(10)
            .expect("a valid limit")
            .weights(weights);
        let prepared = tracuu.prepare_search(&request).expect("tracuu query");
        let ranking = tracuu.rank(&prepared, &request).expect("tracuu search");
        tracuu
            .read_documents(&ranking.best, |_, doc| doc.id().to_string())
            .expect("stored docs")
    };

    let started = Instant::now();
    println!("\nMRR@10 / Recall@10 over {} known items", samples.len());
    println!(
        "{:<34} {:<20} {:>13} {:>13} {:>13} {:>13}",
        "engine / setting", "tE bE tF bF adj", KINDS[0], KINDS[1], KINDS[2], KINDS[3]
    );
    let print_row = |name: &str, weights: &str, scores: &[Scores]| {
        let cells: Vec<String> = scores
            .iter()
            .map(|s| format!("{:.3} / {:.3}", s.mrr, s.recall))
            .collect();
        println!(
            "{:<34} {:<20} {:>13} {:>13} {:>13} {:>13}",
            name, weights, cells[0], cells[1], cells[2], cells[3]
        );
    };
    let baseline_scores: Vec<Scores> = (0..KINDS.len())
        .map(|k| {
            let parser = if k < 2 { &any_word } else { &all_words };
            evaluate(&samples, |s| baseline_ids(&s.queries[k], parser))
        })
        .collect();
    print_row("baseline (tantivy default)", "-", &baseline_scores);
    let scores_json = |scores: &[Scores]| -> serde_json::Value {
        KINDS
            .iter()
            .zip(scores)
            .map(|(kind, s)| {
                (
                    kind.to_string(),
                    json!({"mrr10": s.mrr, "recall10": s.recall}),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let default = Weights::default();
    let mut rows = Vec::new();
    for (name, weights) in settings() {
        let scores: Vec<Scores> = (0..KINDS.len())
            .map(|k| evaluate(&samples, |s| tracuu_ids(&s.queries[k], weights)))
            .collect();
        let is_default = format!("{weights:?}") == format!("{default:?}");
        let shown = format!(
            "{} {} {} {} {}",
            weights.title_exact,
            weights.body_exact,
            weights.title_folded,
            weights.body_folded,
            weights.adjacency
        );
        let label = format!(
            "tracuu {name}{}",
            if is_default { " [default]" } else { "" }
        );
        print_row(&label, &shown, &scores);
        rows.push(json!({
            "setting": name,
            "is_default": is_default,
            "weights": {
                "title_exact": weights.title_exact,
                "body_exact": weights.body_exact,
                "title_folded": weights.title_folded,
                "body_folded": weights.body_folded,
                "adjacency": weights.adjacency,
            },
            "scores": scores_json(&scores),
        }));
    }
    println!(
        "(evaluated in {:.0} s; long: {QUERY_WORDS} words, any may match; short: {SHORT_WORDS} \
         words, all required; a-f: without diacritics)",
        started.elapsed().as_secs_f64()
    );
    common::bench_result(json!({
        "bench": "relevance",
        "date": common::today(),
        "corpus": common::CORPUS,
        "docs": tracuu.num_documents(),
        "queries": samples.len(),
        "query_words": QUERY_WORDS,
        "summary_indexed": summary_indexed,
        "short_words": SHORT_WORDS,
        "baseline": scores_json(&baseline_scores),
        "tracuu": rows,
    }));
}

/// The known-item queries of `wanted` articles spread evenly over `records`.
fn make_samples(records: &[common::Record], wanted: usize) -> Vec<Sample> {
    let mut by_body: HashMap<u64, Vec<&str>> = HashMap::new();
    for record in records {
        by_body
            .entry(body_hash(&record.body))
            .or_default()
            .push(&record.id);
    }
    let slice = (records.len() / wanted.min(records.len()).max(1)).max(1);
    records
        .chunks(slice)
        .take(wanted)
        .filter_map(|chunk| {
            chunk.iter().find_map(|record| {
                let words = query_words(record.summary.as_deref()?);
                let folded: Vec<String> = words.iter().map(|w| fold_term(w)).collect();
                let short = words.len().min(SHORT_WORDS);
                (!words.is_empty()).then(|| Sample {
                    queries: [
                        words.join(" OR "),
                        folded.join(" OR "),
                        words[..short].join(" "),
                        folded[..short].join(" "),
                    ],
                    targets: by_body[&body_hash(&record.body)]
                        .iter()
                        .map(|id| id.to_string())
                        .collect(),
                })
            })
        })
        .collect()
}

/// The query words of a summary (see the module documentation).
fn query_words(summary: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in summary.split(|c: char| !c.is_alphanumeric()) {
        let word = word.to_lowercase();
        if word.chars().any(char::is_alphabetic)
            && !STOP_WORDS.contains(&word.as_str())
            && !words.contains(&word)
        {
            words.push(word);
        }
        if words.len() == QUERY_WORDS {
            break;
        }
    }
    words
}

/// Hash of a body with its whitespace collapsed, to find republished articles.
fn body_hash(body: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    for word in body.split_whitespace() {
        word.hash(&mut hasher);
    }
    hasher.finish()
}

fn ids(
    searcher: &tantivy::Searcher,
    top: Vec<(f32, tantivy::DocAddress)>,
    field: Field,
) -> Vec<String> {
    top.into_iter()
        .map(|(_, address)| {
            let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// MRR@10 and Recall@10 of `search` (top ids of a sample) over `samples`.
fn evaluate(samples: &[Sample], search: impl Fn(&Sample) -> Vec<String> + Sync) -> Scores {
    let ranks: Vec<Option<usize>> = samples
        .par_iter()
        .map(|sample| {
            search(sample)
                .iter()
                .take(10)
                .position(|id| sample.targets.contains(id))
        })
        .collect();
    let n = samples.len().max(1) as f64;
    Scores {
        mrr: ranks
            .iter()
            .flatten()
            .map(|r| 1.0 / (r + 1) as f64)
            .sum::<f64>()
            / n,
        recall: ranks.iter().filter(|r| r.is_some()).count() as f64 / n,
    }
}
