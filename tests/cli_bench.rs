//! `tracuu bench`: a file of queries timed in-process, per class.

use serde_json::Value;

use crate::util::{article_folders, build_index, corpus, run, status, temp_dir, tracuu};

#[test]
fn bench_times_every_query_of_every_class_and_names_a_bad_line() {
    let index = build_index("cli-bench-", &article_folders());
    let index = index.path();
    let dir = temp_dir("cli-bench-queries-");
    let queries = dir.path().join("queries.tsv");
    std::fs::write(
        &queries,
        "# classes as the latency benchmark has them\n\
         one-word\tđảng\n\
         one-word\tQuốc hội\n\
         phrase\t\"tham nhũng\"\n\
         \n\
         accent-free\tdang uy\n",
    )
    .unwrap();
    let (output, stdout, stderr) = run(tracuu(index).args([
        "bench",
        "--queries",
        queries.to_str().unwrap(),
        "--rounds",
        "3",
        "--json",
    ]));
    assert_eq!(status(&output), 0, "{stderr}");
    let rows: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let shape: Vec<(&str, u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["class"].as_str().unwrap(),
                r["queries"].as_u64().unwrap(),
                r["runs"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("one-word", 2, 6),
            ("phrase", 1, 3),
            ("accent-free", 1, 3),
            ("all", 4, 12)
        ]
    );
    for row in &rows {
        let ms = |key: &str| row[key].as_f64().unwrap();
        assert!(
            0.0 < ms("p50_ms") && ms("p50_ms") <= ms("p95_ms") && ms("p95_ms") <= ms("p99_ms"),
            "{row}"
        );
        assert!(ms("p99_ms") <= ms("max_ms"), "{row}");
    }

    let (output, stdout, stderr) = run(tracuu(index).args([
        "bench",
        "--queries",
        queries.to_str().unwrap(),
        "--rounds",
        "1",
    ]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stdout.starts_with("class"), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("all ")), "{stdout}");

    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "đảng\n\"tham nhũng\n").unwrap();
    let (output, _, stderr) =
        run(tracuu(index).args(["bench", "--queries", bad.to_str().unwrap()]));
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:2: ", bad.display())) && stderr.contains("quote"),
        "{stderr}"
    );
}

#[test]
fn bench_names_the_file_and_line_that_is_not_utf8() {
    let index = build_index("cli-bench-", &[corpus().join("jsonl")]);
    let dir = temp_dir("cli-bench-queries-");
    let queries = dir.path().join("queries.tsv");
    let mut bytes = "one-word\tđảng\r\nphrase\t\"tham nhũng\"\n\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"accent-free\tdang u\xfd\n");
    std::fs::write(&queries, bytes).unwrap();
    let (output, stdout, stderr) =
        run(tracuu(index.path()).args(["bench", "--queries", queries.to_str().unwrap()]));
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        stderr,
        format!("tracuu: {}:4: not UTF-8 text\n", queries.display())
    );
}
