//! Indexing speed and memory: tracuu against plain tantivy on the same articles, same machine.
//!
//! - **tracuu**: `tracuu_indexer::index_paths` with the default `IndexOptions` (exact terms
//!   with positions, story signatures and grouping, metadata, as `tracuu index` does);
//! - **baseline**: plain tantivy, `title` and `body` TEXT|STORED with the default tokenizer, `id`
//!   STRING|STORED, the same writer threads, memory budget and commit policy, reading the same
//!   zstd JSONL with serde_json in rayon batches.
//!
//! Each run is a child process (this binary with `--child tracuu|baseline INPUT DIR`) so peak
//! memory (`VmHWM`) is its own. Throughput counts the UTF-8 bytes of title + body of every
//! article of the input, the same number for both.
//!
//! With `TRACUU_BENCH_BREAKDOWN=1`, one more plain-tantivy run (same pipeline as the baseline)
//! shows what tracuu's analysis costs: `vi-exact` (title and body with tracuu's exact
//! tokenizer, as tracuu's schema), against tracuu's other work (stories, definitions, metadata).
//!
//! The engines take turns for `TRACUU_BENCH_ROUNDS` rounds (default 3); figures are medians.
//!
//! Run: `cargo bench --bench indexing` (`TRACUU_BENCH_DOCS=20000` for the first 20,000 articles).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Value};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::TantivyDocument;
use tracuu_indexer::analysis::{register, EXACT_TOKENIZER};

const CHILD_PREFIX: &str = "CHILD_RESULT ";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        let arg = |i: usize| args.get(at + i).expect("--child ENGINE INPUT DIR");
        child(arg(1), Path::new(arg(2)), Path::new(arg(3)));
        return;
    }
    let Some(corpus) = common::corpus_or_skip() else {
        return;
    };
    let limit = common::docs_limit();
    let input = common::Input::prepare(&corpus, limit);
    let (mut articles, mut text_bytes) = (0u64, 0u64);
    for record in common::read_records(&input.path) {
        articles += 1;
        text_bytes += (record.title.len() + record.body.len()) as u64;
    }
    let options = tracuu_indexer::IndexOptions::default();
    println!(
        "indexing {articles} articles, {:.1} MB of title+body text ({}), {} writer threads, {} MiB budget",
        text_bytes as f64 / 1e6,
        input.path.display(),
        options.writer.threads,
        options.writer.memory_budget >> 20,
    );

    let mut engines = vec!["baseline", "tracuu"];
    if common::env_usize("TRACUU_BENCH_BREAKDOWN").unwrap_or(0) > 0 {
        engines.push("vi-exact");
    }
    // The engines take turns, round after round, so that a busy spell of the machine falls on
    // all of them; each figure is the median over the rounds.
    let rounds = common::env_usize("TRACUU_BENCH_ROUNDS").unwrap_or(3).max(1);
    let mut runs: Vec<Vec<Value>> = vec![Vec::new(); engines.len()];
    for round in 1..=rounds {
        for (engine, engine_runs) in engines.iter().zip(&mut runs) {
            let child = run_child(engine, &input.path);
            println!(
                "round {round}/{rounds}: {engine:<9} {:>6.1} s, {:>6.1} CPU s",
                child["seconds"].as_f64().unwrap_or(0.0),
                child["cpu_seconds"].as_f64().unwrap_or(0.0),
            );
            engine_runs.push(child);
        }
    }
    let mut results = serde_json::Map::new();
    for (engine, engine_runs) in engines.iter().zip(&runs) {
        let median = |key: &str| {
            let mut values: Vec<f64> = engine_runs.iter().filter_map(|r| r[key].as_f64()).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let (seconds, cpu_seconds) = (median("seconds"), median("cpu_seconds"));
        let last = engine_runs.last().expect("one round at least");
        let peak = engine_runs
            .iter()
            .filter_map(|r| r["peak_rss_bytes"].as_u64())
            .max();
        let result = json!({
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "mb_per_cpu_s": text_bytes as f64 / 1e6 / cpu_seconds,
            "mb_per_s": text_bytes as f64 / 1e6 / seconds,
            "docs_per_s": articles as f64 / seconds,
            "docs_indexed": last["docs_indexed"],
            "index_bytes": last["index_bytes"],
            "peak_rss_bytes": peak,
            "rounds": engine_runs.iter().map(|r| &r["seconds"]).collect::<Vec<_>>(),
            "notes": last["notes"],
        });
        results.insert(engine.to_string(), result);
    }

    let (t, b) = (&results["tracuu"], &results["baseline"]);
    println!();
    println!(
        "{:<16} {:>8} {:>7} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9}",
        "engine",
        "seconds",
        "MB/s",
        "docs/s",
        "CPU s",
        "MB/CPU-s",
        "indexed",
        "index MB",
        "peak RSS"
    );
    for (name, r) in &results {
        println!(
            "{:<16} {:>8.1} {:>7.2} {:>8.0} {:>8.1} {:>8.2} {:>8} {:>9.1} {:>6.0} MB",
            name,
            r["seconds"].as_f64().unwrap_or(0.0),
            r["mb_per_s"].as_f64().unwrap_or(0.0),
            r["docs_per_s"].as_f64().unwrap_or(0.0),
            r["cpu_seconds"].as_f64().unwrap_or(0.0),
            r["mb_per_cpu_s"].as_f64().unwrap_or(0.0),
            r["docs_indexed"].as_u64().unwrap_or(0),
            r["index_bytes"].as_f64().unwrap_or(0.0) / 1e6,
            r["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1e6,
        );
    }
    let ratio = t["mb_per_s"].as_f64().unwrap_or(0.0) / b["mb_per_s"].as_f64().unwrap_or(1.0);
    let cpu_ratio =
        b["cpu_seconds"].as_f64().unwrap_or(0.0) / t["cpu_seconds"].as_f64().unwrap_or(1.0);
    let peak = t["peak_rss_bytes"].as_f64().unwrap_or(0.0);
    let size_ratio =
        t["index_bytes"].as_f64().unwrap_or(0.0) / b["index_bytes"].as_f64().unwrap_or(1.0);
    println!(
        "tracuu/baseline throughput: {ratio:.2} (goal >= 0.80: {})",
        verdict(ratio >= 0.8)
    );
    println!("tracuu/baseline throughput per CPU second: {cpu_ratio:.2}");
    println!(
        "tracuu peak RSS: {:.0} MB (goal < 1500 MB: {})",
        peak / 1e6,
        verdict(peak < 1.5e9)
    );
    println!("tracuu/baseline index size: {size_ratio:.2}");
    if let Some(notes) = t["notes"].as_str() {
        println!("tracuu: {notes}");
    }
    common::bench_result(json!({
        "bench": "indexing",
        "date": common::now(),
        "corpus": common::CORPUS,
        "articles": articles,
        "text_bytes": text_bytes,
        "threads": options.writer.threads,
        "memory_budget": options.writer.memory_budget,
        "engines": results,
        "throughput_ratio": ratio,
        "cpu_throughput_ratio": cpu_ratio,
        "index_size_ratio": size_ratio,
    }));
}

/// Runs one engine in a child process on a new index and returns what it reported.
fn run_child(engine: &str, input: &Path) -> Value {
    let dir = tempfile::tempdir().expect("temporary directory");
    let index_dir = dir.path().join(engine);
    let output = Command::new(std::env::current_exe().expect("own path"))
        .args(["--child", engine])
        .arg(input)
        .arg(&index_dir)
        .stderr(Stdio::inherit())
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{engine} run failed: {stdout}");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(CHILD_PREFIX))
        .and_then(|l| serde_json::from_str(l).ok())
        .expect("child result line")
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

/// One indexing run, reporting its time, output and own peak memory on stdout.
fn child(engine: &str, input: &Path, dir: &Path) {
    let started = Instant::now();
    let cpu_started = common::cpu_seconds();
    let (docs_indexed, notes) = match engine {
        "tracuu" => {
            let summary = common::build_tracuu(input, dir);
            let notes = format!(
                "{} indexed ({} copies in stories), {} rejected, {} warnings, {} commits",
                summary.indexed,
                summary.copies,
                summary.rejected.len(),
                summary.warnings.len(),
                summary.commits
            );
            (summary.indexed, notes)
        }
        "baseline" => (common::Baseline::build(input, dir), String::new()),
        variant => (build_variant(variant, input, dir), String::new()),
    };
    let seconds = started.elapsed().as_secs_f64();
    let result = json!({
        "seconds": seconds,
        "cpu_seconds": common::cpu_seconds() - cpu_started,
        "docs_indexed": docs_indexed,
        "index_bytes": common::dir_size(dir),
        "peak_rss_bytes": common::peak_rss(),
        "notes": notes,
    });
    println!("{CHILD_PREFIX}{result}");
}

/// A breakdown run: plain tantivy with tracuu's tokenizer for title and body.
fn build_variant(variant: &str, input: &Path, dir: &Path) -> usize {
    let tokenizer = match variant {
        "vi-exact" => EXACT_TOKENIZER,
        other => panic!("unknown engine {other:?}"),
    };
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let title = builder.add_text_field("title", text.clone() | STORED);
    let body = builder.add_text_field("body", text | STORED);
    common::build_plain(input, dir, builder.build(), register, move |r| {
        let mut doc = TantivyDocument::default();
        doc.add_text(id, &r.id);
        doc.add_text(title, &r.title);
        doc.add_text(body, &r.body);
        doc
    })
}
