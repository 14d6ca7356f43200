//! The research views on the vietnews index: collocates, keywords, n-grams and dispersion, each
//! beside the floor it cannot go below, reading and analysing the same documents' bodies
//! (`Searcher::read_documents` + `analyze`, counting words), timed in the same run.
//!
//! Each task runs in a child process (this binary with `--child TASK INDEX`), so that its peak
//! memory (`VmHWM`) is its own: the floor runs once to warm the page cache, then the view, then
//! the floor again (the time reported). The index is the one `query_latency` keeps in
//! `target/bench-index/tracuu` (built when absent). Keywords run twice: first without the
//! index's unit table (the call builds and saves it), then with it.
//!
//! Run: `cargo bench --bench views`.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};
use tracuu_indexer::analysis::{analyze, TokenKind};
use tracuu_query::{QuerySpec, Searcher};
use tracuu_research::unit_table::UNIT_TABLE_FILE;
use tracuu_research::{
    collocates, dispersion, keywords, ngrams, CollocatesRequest, DispersionRequest,
    KeywordsRequest, NgramsRequest,
};

/// The query of the collocation and dispersion tasks (issue 18: about 33,000 occurrences).
const NODE: &str = "\"phát triển\"";
/// The target of the keywords task: a query matching about 10,000 documents (10,245 of the
/// 105,418 vietnews articles).
const KEYWORDS_TARGET: &str = "\"giáo dục\" OR \"học sinh\"";

/// Task, what it does, and its goal in seconds (issue 18; none for dispersion and for the
/// first keywords call, which builds the index's unit table).
const TASKS: [(&str, &str, Option<f64>); 5] = [
    ("collocates", "collocates of \"phát triển\" (window 5,5, units of 1-3 words)", Some(2.0)),
    ("keywords-1st", "the keywords task without the unit table: the call builds and saves it (floor: the whole index)", None),
    ("keywords", "keywords of the 10,245 documents of \"giáo dục\" OR \"học sinh\" against the rest (1-3 words; floor: the target)", Some(5.0)),
    ("ngrams", "the 50 most frequent bigrams of the whole index", Some(30.0)),
    ("dispersion", "dispersion of \"phát triển\" over every document", None),
];

/// Peak memory goal, in bytes.
const MEMORY_GOAL: u64 = 1 << 30;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let arg = |i: usize| args.get(at + i).expect("--child TASK INDEX");
        child(arg(1), Path::new(arg(2)));
        return;
    }
    let Some(corpus) = common::corpus_or_skip() else {
        return;
    };
    let (index, _) = common::bench_indexes(&corpus, common::docs_limit());
    let mut results = Vec::new();
    println!(
        "{:<11} {:>9} {:>9} {:>7} {:>8} {:>9} {:>7}  what",
        "task", "view s", "floor s", "ratio", "goal s", "peak MB", "docs"
    );
    for (task, what, goal) in TASKS {
        let output = Command::new(std::env::current_exe().expect("this binary"))
            .args(["--child", task])
            .arg(&index)
            .output()
            .expect("run child");
        assert!(
            output.status.success(),
            "{task}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let result: Value = stdout
            .lines()
            .find_map(|l| l.strip_prefix("CHILD "))
            .and_then(|l| serde_json::from_str(l).ok())
            .expect("child result line");
        let view = result["view_seconds"].as_f64().unwrap_or(f64::NAN);
        let floor = result["floor_seconds"].as_f64().unwrap_or(f64::NAN);
        let peak = result["peak_rss"].as_u64().unwrap_or(0);
        println!(
            "{task:<11} {view:>9.2} {floor:>9.2} {:>7.2} {:>8} {:>9.0} {:>7}  {what}",
            view / floor,
            goal.map_or("–".to_string(), |g| format!("{g:.0}")),
            peak as f64 / 1e6,
            result["documents"]
        );
        if let Some(detail) = result["detail"].as_str() {
            println!("{:<11} {detail}", "");
        }
        results.push(json!({
            "task": task,
            "view_seconds": view,
            "floor_seconds": floor,
            "ratio": view / floor,
            "goal_seconds": goal,
            "meets_goal": goal.map(|g| view <= g),
            "peak_rss": peak,
            "meets_memory_goal": peak <= MEMORY_GOAL,
            "documents": result["documents"],
        }));
    }
    common::bench_result(json!({
        "bench": "views",
        "date": common::now(),
        "tasks": results,
    }));
}

/// Runs one task and prints `CHILD {json}`.
fn child(task: &str, index: &Path) {
    let searcher = Searcher::open(index).expect("open the bench index");
    let documents = |query: &str| {
        let prepared = if query.is_empty() {
            searcher.every_document(&tracuu_query::DateRange::ALL)
        } else {
            searcher.prepare(&QuerySpec::new(query)).expect("query")
        };
        searcher
            .matching_documents(&prepared, false)
            .expect("documents")
    };
    let docs = match task {
        "collocates" => documents(NODE),
        "keywords" => documents(KEYWORDS_TARGET),
        _ => documents(""),
    };
    let table = index.join(UNIT_TABLE_FILE);
    if task == "keywords-1st" {
        match std::fs::remove_file(&table) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                panic!("{}: {e}", table.display())
            }
            _ => {}
        }
    }
    // The floor: read and analyse the bodies, counting words.
    let floor = || {
        let started = Instant::now();
        let words: usize = searcher
            .read_documents(&docs, |_, doc| {
                analyze(doc.body())
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word)
                    .count()
            })
            .expect("read")
            .into_iter()
            .sum();
        (started.elapsed().as_secs_f64(), words)
    };
    floor();
    let started = Instant::now();
    let detail = match task {
        "collocates" => {
            let found = collocates(&searcher, &CollocatesRequest::new(NODE)).expect("collocates");
            format!(
                "{} occurrences in {} documents; top: {}",
                found.node,
                found.documents,
                found
                    .collocates
                    .iter()
                    .take(5)
                    .map(|c| c.collocate.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        "keywords" | "keywords-1st" => {
            let found =
                keywords(&searcher, &KeywordsRequest::new(KEYWORDS_TARGET)).expect("keywords");
            let table_bytes = std::fs::metadata(&table).map_or(0, |m| m.len());
            format!(
                "reference counted by {:?} (table {:.1} MB); target {} documents, reference {}; top: {}",
                found.reference_counts,
                table_bytes as f64 / 1e6,
                found.target_documents,
                found.reference_documents,
                found
                    .positive
                    .iter()
                    .take(5)
                    .map(|k| k.keyword.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        "ngrams" => {
            let found = ngrams(&searcher, &NgramsRequest::new("")).expect("ngrams");
            format!(
                "{} words; top: {}",
                found.corpus,
                found
                    .ngrams
                    .iter()
                    .take(5)
                    .map(|n| n.ngram.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        "dispersion" => {
            let found = dispersion(&searcher, &DispersionRequest::new(NODE)).expect("dispersion");
            format!(
                "{} occurrences in {} of {} documents; DP {:.3}",
                found.occurrences,
                found.documents_with,
                found.documents,
                found.dp_documents.unwrap_or(f64::NAN)
            )
        }
        other => panic!("unknown task {other}"),
    };
    let view = started.elapsed().as_secs_f64();
    let peak = common::peak_rss();
    let (floor_seconds, _) = floor();
    println!(
        "CHILD {}",
        json!({
            "view_seconds": view,
            "floor_seconds": floor_seconds,
            "peak_rss": peak,
            "documents": docs.len(),
            "detail": detail,
        })
    );
}
