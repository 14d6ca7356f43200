//! The `bench-history` binary end to end: a history folder, a saved benchmark output, the exit
//! code of the check and the charts it draws.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn bench_history(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bench-history"))
        .args(args)
        .output()
        .expect("run bench-history")
}

/// An indexing `BENCH_RESULT` of a run where tracuu indexed at `tracuu` MB/s and tantivy at
/// `baseline` MB/s.
fn indexing_result(tracuu: f64, baseline: f64) -> Value {
    let engine = |mb_per_s: f64| {
        json!({
            "seconds": 319.7 / mb_per_s, "cpu_seconds": 2.0 * 319.7 / mb_per_s,
            "mb_per_s": mb_per_s, "docs_per_s": 105_418.0 * mb_per_s / 319.7,
            "docs_indexed": 102_044, "index_bytes": 368_794_211u64,
            "peak_rss_bytes": 536_915_968u64, "rounds": [1.0, 2.0, 3.0],
        })
    };
    json!({
        "bench": "indexing", "date": "2026-12-01T20:29Z",
        "corpus": "../shared/corpora/vietnews/train.jsonl.zst",
        "articles": 105_418, "text_bytes": 319_710_373u64,
        "engines": {"tracuu": engine(tracuu), "baseline": engine(baseline)},
        "throughput_ratio": tracuu / baseline, "cpu_throughput_ratio": tracuu / baseline,
    })
}

/// A history line for the run of `result`.
fn record(result: &Value, new_reference: Option<&str>) -> String {
    let mut record = json!({
        "commit": "a4d825cbbaeef36e3bb773a5f614330f880cb501",
        "date": result["date"], "machine": {"cores": 2, "cpu": "AMD EPYC"},
        "bench": "indexing",
        "corpus": {"path": result["corpus"], "articles": result["articles"], "text_bytes": result["text_bytes"]},
        "tracuu": {"mb_per_s": result["engines"]["tracuu"]["mb_per_s"]},
        "baseline": {"mb_per_s": result["engines"]["baseline"]["mb_per_s"]},
        "ratio": result["throughput_ratio"],
    });
    if let Some(why) = new_reference {
        record["new_reference"] = json!(why);
    }
    record.to_string()
}

fn write_output(dir: &Path, result: &Value) -> String {
    let path = dir.join("indexing-output.txt");
    std::fs::write(
        &path,
        format!("round 1/3: tracuu 29.8 s\nBENCH_RESULT {result}\n"),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_slower_indexing_ratio_fails_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().to_str().unwrap();
    // Ratios 0.70, 0.78 (a new reference: the 0.70 before it no longer counts), 0.76.
    let lines = [
        record(&indexing_result(21.0, 30.0), None),
        record(&indexing_result(23.4, 30.0), Some("format 2")),
        record(&indexing_result(22.8, 30.0), None),
    ];
    std::fs::write(dir.path().join("indexing.jsonl"), lines.join("\n") + "\n").unwrap();

    // 0.71 is 9% below 0.78: within the rule, though below the first record's 0.70 + 10%.
    let output = write_output(dir.path(), &indexing_result(14.2, 20.0));
    let passed = bench_history(&["--history", history, "check", "--result", &output]);
    let stdout = String::from_utf8_lossy(&passed.stdout);
    assert_eq!(passed.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("best of 2 record(s)"), "{stdout}");
    assert!(stdout.contains("no regression"), "{stdout}");

    // 0.70 is 10.3% below 0.78: a regression, though the absolute MB/s are higher.
    let output = write_output(dir.path(), &indexing_result(28.0, 40.0));
    let failed = bench_history(&[
        "--history",
        history,
        "check",
        "indexing",
        "--result",
        &output,
    ]);
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert_eq!(failed.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("REGRESSED"), "{stdout}");
    assert!(stdout.contains("-10.3%"), "{stdout}");
}

#[test]
fn a_saved_output_without_the_named_benchmark_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().to_str().unwrap();
    let output = write_output(dir.path(), &indexing_result(14.2, 20.0));
    let run = bench_history(&[
        "--history",
        history,
        "check",
        "relevance",
        "--result",
        &output,
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("no relevance result to check"), "{stderr}");

    let empty = dir.path().join("empty.txt");
    std::fs::write(
        &empty,
        "skipped: ../shared/corpora/vietnews/train.jsonl.zst not found\n",
    )
    .unwrap();
    let run = bench_history(&[
        "--history",
        history,
        "check",
        "--result",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no BENCH_RESULT line"));
}

#[test]
fn charts_are_drawn_for_the_histories_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().to_str().unwrap();
    let line = record(&indexing_result(21.0, 30.0), None);
    std::fs::write(dir.path().join("indexing.jsonl"), line + "\n").unwrap();
    let run = bench_history(&["--history", history, "chart"]);
    assert!(run.status.success());
    let svg = std::fs::read_to_string(dir.path().join("indexing.svg")).unwrap();
    assert!(svg.contains("12-01 a4d825c"));
    assert!(!dir.path().join("relevance.svg").exists());
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("relevance: no history, no chart"),
        "{stdout}"
    );
}
