//! A larger end-to-end check on the real corpora in `../shared/corpora` (beside the checkout):
//! `unc-news` (2,653 header-text news articles, 49 of them with NFD text) and `seeds` (the two
//! scraped pages the project started from).
//!
//! Not part of `cargo test`: every test is ignored, and `.ci/shared-corpus-check` runs them with
//! `cargo test --locked --test shared_corpora -- --ignored --test-threads 1` when `../shared`
//! exists. The corpora are read in place, never copied into the repository. One index is built
//! for the whole run under `target/tmp/shared-corpora-index` (about 20 MB, rebuilt every run).

mod util;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use util::{count, has_combining_mark, index_json, run, run_with_stdin, status, tracuu};

/// Articles in `unc-news`: one header-text file each (../shared/README.md).
const UNC_NEWS_ARTICLES: usize = 2_653;
/// Scraped pages in `seeds`.
const SEED_PAGES: usize = 2;
/// `unc-news` files that contain NFD (decomposed) diacritics (../shared/README.md).
const NFD_FILES: usize = 49;

/// `../shared/corpora`, or a panic saying why these tests cannot run.
fn shared_corpora() -> PathBuf {
    let corpora = util::repo_root().join("../shared/corpora");
    let unc_news = corpora.join("unc-news");
    assert!(
        unc_news.is_dir(),
        "{} not found: these tests need the shared corpora in ../shared/corpora beside the \
         checkout (.ci/run only runs them when that folder exists)",
        unc_news.display()
    );
    corpora
}

/// The inputs indexed: `unc-news` and `seeds`.
fn inputs() -> Vec<PathBuf> {
    let corpora = shared_corpora();
    vec![corpora.join("unc-news"), corpora.join("seeds")]
}

/// The index of [`inputs`] and the `--json` summary of the run that built it.
struct Built {
    dir: PathBuf,
    summary: Value,
    stderr: String,
}

static INDEX: OnceLock<Built> = OnceLock::new();

fn built() -> &'static Built {
    INDEX.get_or_init(|| {
        let inputs = inputs();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared-corpora-index");
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("remove the previous shared-corpora index");
        }
        let (code, summary, stderr) = index_json(&dir, &inputs, &[]);
        assert!(
            code == 0 || code == 1,
            "indexing {inputs:?} failed with status {code}: {stderr}"
        );
        Built {
            dir,
            summary,
            stderr,
        }
    })
}

fn index() -> &'static Path {
    &built().dir
}

fn number(summary: &Value, key: &str) -> usize {
    summary[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no number `{key}` in the summary: {summary}")) as usize
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn every_article_is_indexed_and_nothing_is_rejected() {
    let files = fs::read_dir(shared_corpora().join("unc-news"))
        .expect("read unc-news")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file()))
        .count();
    assert_eq!(
        files, UNC_NEWS_ARTICLES,
        "../shared/corpora/unc-news should hold one file per article"
    );
    let built = built();
    let summary = &built.summary;
    assert!(
        summary["rejected"].as_array().is_some_and(Vec::is_empty),
        "nothing in unc-news or seeds may be rejected: {}\n{}",
        summary["rejected"],
        built.stderr
    );
    assert_eq!(
        number(summary, "indexed"),
        UNC_NEWS_ARTICLES + SEED_PAGES,
        "every unc-news article and both seed pages must be indexed (copies: {}; warnings: {})",
        summary["copies"],
        summary["warnings"]
    );
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn reindexing_finds_every_document_unchanged() {
    let before = count(index(), "đảng", &[]);
    let (code, summary, stderr) = index_json(index(), &inputs(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (
            number(&summary, "indexed"),
            number(&summary, "replaced"),
            number(&summary, "unchanged"),
        ),
        (0, 0, UNC_NEWS_ARTICLES + SEED_PAGES),
        "re-indexing the same files must find every document unchanged (indexed, replaced, \
         unchanged): {summary}"
    );
    assert_eq!(
        count(index(), "đảng", &[]),
        before,
        "re-indexing changed a count"
    );
}

/// A phrase of up to six consecutive words around the first NFD word of `line`, as index terms
/// (NFC) and as folded terms, from `tracuu analyze`.
fn phrases_around_nfd_word(line: &str) -> Option<(String, String)> {
    let (output, stdout, stderr) = run_with_stdin(
        Command::new(util::tracuu_binary()).args(["analyze", "--json", "-"]),
        line,
    );
    assert_eq!(status(&output), 0, "tracuu analyze failed: {stderr}");
    let analysis: Value = serde_json::from_str(stdout.trim()).expect("analyze --json prints JSON");
    // One word per position (a code and its first part share one), letters only.
    let mut words: Vec<&Value> = Vec::new();
    for token in analysis["tokens"].as_array()? {
        if words
            .last()
            .is_none_or(|w| w["position"] != token["position"])
        {
            words.push(token);
        }
    }
    let is_word = |t: &Value| util::field(t, "term").chars().all(char::is_alphabetic);
    let next_to =
        |a: &Value, b: &Value| a["position"].as_u64().map(|p| p + 1) == b["position"].as_u64();
    let nfd = words
        .iter()
        .position(|t| has_combining_mark(util::field(t, "text")))?;
    let mut start = nfd;
    while start > 0
        && nfd - start < 2
        && is_word(words[start - 1])
        && next_to(words[start - 1], words[start])
    {
        start -= 1;
    }
    let mut window = vec![words[start]];
    for &word in &words[start + 1..] {
        if window.len() == 6 || !is_word(word) || !next_to(window[window.len() - 1], word) {
            break;
        }
        window.push(word);
    }
    let phrase = |key: &str| {
        let terms: Vec<&str> = window.iter().map(|t| util::field(t, key)).collect();
        format!("\"{}\"", terms.join(" "))
    };
    Some((phrase("term"), phrase("folded")))
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn nfd_files_are_found_by_accented_and_accent_free_queries() {
    let unc_news = shared_corpora().join("unc-news");
    let mut names: Vec<String> = fs::read_dir(&unc_news)
        .expect("read unc-news")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut nfd_files = 0;
    let mut failures = Vec::new();
    for name in &names {
        let text = fs::read_to_string(unc_news.join(name)).expect("unc-news is UTF-8");
        let Some(line) = text
            .lines()
            .find(|l| !l.starts_with("# ") && has_combining_mark(l))
        else {
            continue;
        };
        nfd_files += 1;
        let Some((accented, folded)) = phrases_around_nfd_word(line) else {
            failures.push(format!("{name}: no word with a combining mark in {line:?}"));
            continue;
        };
        for query in [&accented, &folded] {
            // An accent-free query's hits are its reading's documents, then, marked, those of
            // its other spellings: the article must be among them either way.
            let (_, hits, _) = util::search_json(index(), &[query, "--limit", "100"]);
            if !hits
                .iter()
                .any(|h| util::field(h, "path").ends_with(name.as_str()))
            {
                failures.push(format!(
                    "{name}: {query} does not find it ({} hits)",
                    hits.len()
                ));
            }
        }
    }
    assert_eq!(
        nfd_files, NFD_FILES,
        "unc-news files with NFD text (../shared/README.md says 49)"
    );
    assert!(
        failures.is_empty(),
        "NFD articles must be found by NFC and accent-free queries taken from their NFD text \
         (analysis normalisation broken?):\n{}",
        failures.join("\n")
    );
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn dang_uy_reads_as_dang_uy() {
    let (output, _, stderr) = run(tracuu(index()).args(["search", "dang uy", "--limit", "3"]));
    assert_eq!(status(&output), 0, "`dang uy` must find articles: {stderr}");
    assert!(
        stderr.contains("(read as “đảng ủy”)"),
        "the accent-free `dang uy` must be read as `đảng ủy` on real news: {stderr}"
    );
    let accented = count(index(), "đảng ủy", &[]);
    let folded = count(index(), "dang uy", &[]);
    assert!(
        accented > 0 && folded >= accented,
        "`dang uy` ({folded}) must match at least what `đảng ủy` ({accented}) matches"
    );
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn phrases_match_fewer_documents_than_their_words() {
    let mut strictly_fewer = 0;
    for words in ["đảng viên", "Quốc hội", "Hà Nội", "dịch bệnh", "giáo dục"] {
        let loose = count(index(), words, &[]);
        let phrase = count(index(), &format!("\"{words}\""), &[]);
        assert!(
            0 < phrase && phrase <= loose,
            "`\"{words}\"` matched {phrase} documents and `{words}` {loose}: a phrase must match \
             some documents and never more than its words"
        );
        strictly_fewer += usize::from(phrase < loose);
    }
    assert!(
        strictly_fewer > 0,
        "some words also occur apart, so some phrase must match fewer documents than its words"
    );
    let accented = count(index(), "\"đảng viên\"", &[]);
    let folded = count(index(), "\"dang vien\"", &[]);
    assert!(
        folded >= accented,
        "the accent-free phrase ({folded}) must match at least the accented one ({accented})"
    );
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn month_filters_add_up_to_the_dated_documents() {
    let dated = count(index(), "date:..9999", &[]);
    assert!(
        dated > UNC_NEWS_ARTICLES / 2 && dated <= UNC_NEWS_ARTICLES + SEED_PAGES,
        "unc-news articles have `# date` headers: {dated} dated documents"
    );
    let mut by_year = 0;
    let mut by_month = 0;
    for year in 1990..=2030 {
        let in_year = count(index(), &format!("date:{year}"), &[]);
        by_year += in_year;
        if in_year == 0 {
            continue;
        }
        let mut months = 0;
        for month in 1..=12 {
            months += count(index(), &format!("date:{year}-{month:02}"), &[]);
        }
        assert_eq!(
            months, in_year,
            "the months of {year} must add up to the year"
        );
        by_month += months;
        let period = format!("{year}-06");
        let with_options = count(
            index(),
            "date:..9999",
            &["--from", &period, "--to", &period],
        );
        assert_eq!(
            with_options,
            count(index(), &format!("date:{period}"), &[]),
            "--from/--to {period} must agree with date:{period}"
        );
    }
    assert_eq!(
        by_year, dated,
        "years 1990–2030 must hold every dated document"
    );
    assert_eq!(
        by_month, dated,
        "month counts must add up to the dated documents"
    );
}
