//! The discourse views `tracuu collocates`, `keywords`, `ngrams` and `dispersion` over the
//! sample corpus: their `--json` and `--csv` records read back into the library's types, agree
//! with each other and with `tracuu kwic` (the lines of a phrase are its occurrences), and
//! every score is recomputed from the frequencies printed beside it.
//!
//! Counts compared with an independent scan of real articles are in tests/shared_corpora.rs.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tracuu_research::{association, keyness, Collocate, DispersionRow, Keyword, KwicLine, Ngram};

use crate::util::{article_folders, build_index, nfc, run, status, tracuu};

static INDEX: OnceLock<TempDir> = OnceLock::new();

fn index() -> &'static Path {
    INDEX
        .get_or_init(|| build_index("cli-discourse-", &article_folders()))
        .path()
}

/// `tracuu ARGS` over the shared index: stdout, asserting the exit status.
fn stdout_of(args: &[&str], expected_status: i32) -> String {
    let (output, stdout, stderr) = run(tracuu(index()).args(args));
    assert_eq!(
        status(&output),
        expected_status,
        "`tracuu {args:?}`; stderr: {stderr}"
    );
    stdout
}

fn json<T: DeserializeOwned>(args: &[&str]) -> Vec<T> {
    let mut all = args.to_vec();
    all.push("--json");
    stdout_of(&all, 0)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn csv<T: DeserializeOwned>(args: &[&str]) -> Vec<T> {
    let mut all = args.to_vec();
    all.push("--csv");
    csv::Reader::from_reader(stdout_of(&all, 0).as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The concordance of `query` (with extra arguments).
fn kwic(query: &str, extra: &[&str]) -> Vec<KwicLine> {
    let mut args = vec!["kwic", query];
    args.extend(extra);
    let (output, stdout, _) = run(tracuu(index()).args(&args).arg("--json"));
    assert!(status(&output) <= 1);
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

#[test]
fn collocates_in_json_and_csv_with_scores_from_their_counts() {
    let args = [
        "collocates",
        "\"đảng viên\"",
        "-n",
        "0",
        "--min-freq",
        "1",
        "-w",
        "4,3",
    ];
    let records: Vec<Collocate> = json(&args);
    assert!(!records.is_empty());
    // The same records (serde_json's float parsing may differ from CSV's in the last digit).
    let from_csv = csv::<Collocate>(&args);
    assert_eq!(from_csv.len(), records.len());
    for (a, b) in from_csv.iter().zip(&records) {
        assert_eq!(
            (&a.collocate, a.observed, a.frequency, a.window),
            (&b.collocate, b.observed, b.frequency, b.window)
        );
        assert!(close(a.log_likelihood, b.log_likelihood) && close(a.log_dice, b.log_dice));
    }
    let lines = kwic("\"đảng viên\"", &[]);
    for c in &records {
        assert_eq!(
            c.node,
            lines.len() as u64,
            "the node is the concordance's lines"
        );
        assert!(c.observed <= c.frequency && c.observed <= c.window && c.window <= c.corpus);
        let a = association(c.observed, c.node, c.window, c.frequency, c.corpus);
        assert!(close(a.expected, c.expected) && close(a.log_likelihood, c.log_likelihood));
        assert!(close(a.mi, c.mi) && close(a.t_score, c.t_score) && close(a.log_dice, c.log_dice));
    }
    assert!(records
        .windows(2)
        .all(|w| w[0].log_likelihood >= w[1].log_likelihood));
    // A left collocate is a word just left of a line of the concordance.
    let lefts: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| {
            nfc(&l.left)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .map(str::to_string)
        })
        .collect();
    let left: Vec<Collocate> = json(&[
        "collocates",
        "\"đảng viên\"",
        "-n",
        "0",
        "--min-freq",
        "1",
        "-w",
        "1,0",
        "--max-words",
        "1",
    ]);
    let found: BTreeSet<String> = left
        .iter()
        .map(|c| nfc(&c.collocate).to_lowercase())
        .collect();
    assert!(found.is_subset(&lefts), "{found:?} ⊄ {lefts:?}");
    assert!(left.iter().all(|c| c.right == 0));
    // A human table.
    let table = stdout_of(&["collocates", "dang vien", "--color", "never"], 0);
    assert!(
        table.contains("collocate") && table.contains("logDice"),
        "{table}"
    );
}

#[test]
fn ngrams_of_a_phrase_count_its_concordance_lines() {
    for phrase in ["đảng viên", "đảng ủy"] {
        let quoted = format!("\"{phrase}\"");
        let lines = kwic(&quoted, &[]);
        let records: Vec<Ngram> = json(&["ngrams", &quoted, "-n", "0", "--min-docs", "1"]);
        let record = records.iter().find(|n| n.ngram == phrase).unwrap();
        assert_eq!(record.frequency, lines.len() as u64, "{phrase}");
        let documents: BTreeSet<&str> = lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(record.documents, documents.len() as u64, "{phrase}");
        assert!(records.windows(2).all(|w| w[0].frequency >= w[1].frequency));
    }
    let all: Vec<Ngram> = json(&["ngrams", "-N", "2-4", "-n", "20"]);
    assert_eq!(all.len(), 20);
    assert!(all
        .iter()
        .all(|n| (2..=4).contains(&n.words) && n.documents >= 2));
    assert_eq!(csv::<Ngram>(&["ngrams", "-N", "2-4", "-n", "20"]), all);
}

#[test]
fn keywords_of_a_year_count_the_phrase_in_and_out_of_it() {
    let records: Vec<Keyword> = json(&[
        "keywords",
        "--from",
        "2020",
        "--to",
        "2020",
        "-n",
        "0",
        "--min-freq",
        "1",
        "--max-words",
        "2",
    ]);
    let in_year = kwic("\"đảng viên\"", &["--from", "2020", "--to", "2020"]).len() as u64;
    let all = kwic("\"đảng viên\"", &[]).len() as u64;
    let k = records.iter().find(|k| k.keyword == "đảng viên").unwrap();
    assert_eq!((k.target, k.reference), (in_year, all - in_year));
    for k in &records {
        let again = keyness(k.target, k.reference, k.target_words, k.reference_words);
        assert!(
            close(again.log_likelihood, k.log_likelihood),
            "{}",
            k.keyword
        );
        assert!(close(again.log_ratio, k.log_ratio), "{}", k.keyword);
    }
    // A reference of its own: 2021 only.
    let against: Vec<Keyword> = json(&[
        "keywords",
        "--from",
        "2020",
        "--to",
        "2020",
        "--reference-from",
        "2021",
        "--reference-to",
        "2021",
        "-n",
        "0",
        "--min-freq",
        "1",
    ]);
    let in_2021 = kwic("\"đảng viên\"", &["--from", "2021", "--to", "2021"]).len() as u64;
    let k = against.iter().find(|k| k.keyword == "đảng viên").unwrap();
    assert_eq!((k.target, k.reference), (in_year, in_2021));
    assert!(against[0].reference_words < records[0].reference_words);
}

#[test]
fn dispersion_rows_and_plot() {
    let rows: Vec<DispersionRow> = json(&["dispersion", "\"đảng viên\""]);
    let lines = kwic("\"đảng viên\"", &[]);
    assert_eq!(
        rows.iter().map(|r| r.occurrences).sum::<u64>(),
        lines.len() as u64
    );
    let from_csv = csv::<DispersionRow>(&["dispersion", "\"đảng viên\""]);
    assert_eq!(from_csv.len(), rows.len());
    for (a, b) in from_csv.iter().zip(&rows) {
        assert_eq!(
            (a.period, a.words, a.occurrences),
            (b.period, b.words, b.occurrences)
        );
        assert!(close(a.dp_periods.unwrap(), b.dp_periods.unwrap()));
    }
    let dp = rows[0].dp_documents.unwrap();
    assert!((0.0..=1.0).contains(&dp) && rows.iter().all(|r| r.dp_documents == Some(dp)));
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("plot.svg");
    let (output, _, stderr) = run(tracuu(index())
        .args(["dispersion", "\"đảng viên\"", "--plot"])
        .arg(&plot));
    assert_eq!(status(&output), 0, "{stderr}");
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(
        svg.contains(&format!("“đảng viên”: {} occurrences", lines.len())),
        "{svg}"
    );
}

#[test]
fn bad_requests_are_clear_errors() {
    for (args, message) in [
        (&["collocates", "đảng", "-w", "60,1"][..], "from 0 to 50"),
        (&["collocates", "date:2020"][..], "need a word or phrase"),
        (
            &["collocates", "đảng", "-w", "0,3", "--side", "left"][..],
            "no word on the side",
        ),
        (&["ngrams", "-N", "6"][..], "from 2 to 5"),
        (&["keywords"][..], "the reference holds no document"),
        (
            &["dispersion", "đảng", "--plot", "x.pdf"][..],
            ".svg or .png",
        ),
        (
            &["collocates", "đảng", "--csv", "--json"][..],
            "cannot be used with",
        ),
    ] {
        let (output, _, stderr) = run(tracuu(index()).args(args));
        assert_eq!(status(&output), 2, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn keywords_from_the_unit_table_are_those_of_reading_the_rest() {
    let folders = article_folders();
    let dir = build_index("cli-unit-table-", &folders[..2]);
    let keywords = |extra: &[&str]| {
        let (output, stdout, stderr) = run(tracuu(dir.path())
            .args([
                "keywords", "--from", "2020", "--to", "2020", "-n", "0", "--json",
            ])
            .args(extra));
        assert_eq!(status(&output), 0, "stderr: {stderr}");
        (stdout, stderr)
    };
    let table = dir.path().join("tracuu-units.bin");
    let (first, note) = keywords(&[]);
    assert!(note.contains(&table.display().to_string()), "{note}");
    assert!(table.is_file());
    let (later, note) = keywords(&[]);
    assert!(note.is_empty(), "{note}");
    let (scanned, _) = keywords(&["--no-unit-table"]);
    assert_eq!(first, scanned);
    assert_eq!(later, scanned);
    let records: Vec<Keyword> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.iter().all(|k| k.target >= 5 || k.reference >= 5));

    // Documents added since: the table is counted again, never used stale.
    let (code, _, stderr) = crate::util::index_json(dir.path(), &folders[2..], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (after, note) = keywords(&[]);
    assert!(note.contains("tracuu-units.bin"), "{note}");
    let (scanned, _) = keywords(&["--no-unit-table"]);
    assert_eq!(after, scanned);
    assert_ne!(after, first);
}
