//! An indexing run its caller stops through `progress` (Ctrl-C in Python): what it added is
//! committed, a re-run completes it, and a stopped rebuild leaves the index as it was.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use tracuu_indexer::{index_paths, ArticleIndex, IndexOptions, IndexSummary};

/// A JSON lines dump of `count` articles: several batches of the run (256 records each).
fn dump(dir: &Path, count: usize) -> PathBuf {
    let lines: Vec<String> = (0..count)
        .map(|i| {
            serde_json::json!({
                "id": format!("tin-{i}"),
                "title": format!("Kỳ họp thứ {i} của Hội đồng nhân dân tỉnh"),
                "text": format!("Bản tin số {i}: Hội đồng nhân dân tỉnh thông qua nghị quyết."),
            })
            .to_string()
        })
        .collect();
    let path = dir.join("tin.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

/// Runs over `paths`, stopping at the `stop_at`-th call of `progress` (never with `None`).
fn run(
    index: &ArticleIndex,
    paths: &[PathBuf],
    rebuild: bool,
    stop_at: Option<usize>,
) -> IndexSummary {
    let options = IndexOptions {
        rebuild,
        ..IndexOptions::default()
    };
    let mut calls = 0;
    index_paths(index, paths, &options, &mut |_| {
        calls += 1;
        match Some(calls) == stop_at {
            true => ControlFlow::Break(()),
            false => ControlFlow::Continue(()),
        }
    })
    .unwrap()
}

fn documents(dir: &Path) -> u64 {
    let index = ArticleIndex::open(dir).unwrap();
    index.tantivy().reader().unwrap().searcher().num_docs()
}

#[test]
fn a_stopped_run_commits_what_it_added_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let paths = [dump(dir.path(), 1000)];
    let index_dir = dir.path().join("index");
    let index = ArticleIndex::open_or_create(&index_dir).unwrap();
    let stopped = run(&index, &paths, false, Some(2));
    assert!(0 < stopped.indexed && stopped.indexed < 1000, "{stopped:?}");
    assert!(stopped.stopped);
    assert_eq!(stopped.commits, 1);
    assert_eq!(documents(&index_dir), stopped.indexed as u64);

    let rest = run(&index, &paths, false, None);
    assert_eq!(rest.unchanged, stopped.indexed);
    assert_eq!(rest.indexed, 1000 - stopped.indexed);
    assert!(!rest.stopped);
    assert_eq!(documents(&index_dir), 1000);

    let rebuild = run(&index, &paths[..], true, Some(2));
    assert!(rebuild.stopped);
    assert_eq!(rebuild.commits, 0, "a stopped rebuild commits nothing");
    assert_eq!(documents(&index_dir), 1000);
}
