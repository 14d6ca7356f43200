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

// ---------------------------------------------------------------------------------------------
// Collocates, n-grams and keywords against a plain scan of unc-news
// ---------------------------------------------------------------------------------------------

/// An index of `unc-news` alone (the seed pages' boilerplate is not in the files' bodies), built
/// once for the run under `target/tmp/unc-news-index`.
fn unc_news_index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("unc-news-index");
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("remove the previous unc-news index");
        }
        let (code, _, stderr) = index_json(&dir, &[shared_corpora().join("unc-news")], &[]);
        assert_eq!(code, 0, "indexing unc-news: {stderr}");
        dir
    })
}

/// A word of the plain scan, and the run of adjacent words it belongs to.
struct PlainWord {
    term: String,
    run: usize,
}

/// An article of unc-news read without tracuu: its year, title and body words.
struct PlainArticle {
    year: Option<String>,
    title: Vec<PlainWord>,
    body: Vec<PlainWord>,
}

/// The words of `text` without tracuu: NFC, lower case, the tone mark of a final `oa`, `oe`, `uy`
/// on the first vowel (`hoà` is `hòa`; `hoạt` and `quỹ` stay); a word is a run of letters, digits and
/// combining marks with a letter or digit, invisible characters (soft hyphen, zero-width
/// joiners, BOM) skipped; runs of adjacent words end at every character that is neither
/// (punctuation) and at line breaks, never at other white space.
fn plain_words(text: &str) -> Vec<PlainWord> {
    const INVISIBLE: [char; 6] = [
        '\u{AD}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{180E}',
    ];
    use unicode_normalization::UnicodeNormalization;
    const SECOND_TO_FIRST: [(&str, &str); 15] = [
        ("oà", "òa"),
        ("oá", "óa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("oè", "òe"),
        ("oé", "óe"),
        ("oẻ", "ỏe"),
        ("oẽ", "õe"),
        ("oẹ", "ọe"),
        ("uỳ", "ùy"),
        ("uý", "úy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ];
    let text: String = text.nfc().collect::<String>().to_lowercase();
    let mut words = Vec::new();
    let (mut word, mut run) = (String::new(), 0);
    for c in text.chars().chain(['\n']) {
        if INVISIBLE.contains(&c) {
            continue;
        }
        if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            word.push(c);
            continue;
        }
        // A run of combining marks alone (after a symbol) is no word: it has nothing to index.
        if !word.chars().any(char::is_alphanumeric) {
            word.clear();
        }
        if !word.is_empty() {
            for (second, first) in SECOND_TO_FIRST {
                // The `u` of `qu` is part of the initial: `quý` keeps its mark.
                if let Some(stem) = word.strip_suffix(second).filter(|s| !s.ends_with('q')) {
                    word = format!("{stem}{first}");
                }
            }
            words.push(PlainWord {
                term: std::mem::take(&mut word),
                run,
            });
        }
        if c == '\n' || !(c.is_whitespace() || c == '\u{200B}') {
            run += 1;
        }
    }
    words
}

/// Every unc-news article, read from its file: `# key = value` lines, the title line, the body.
fn plain_articles() -> &'static [PlainArticle] {
    static ARTICLES: OnceLock<Vec<PlainArticle>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        let mut files: Vec<PathBuf> = fs::read_dir(shared_corpora().join("unc-news"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|file| {
                // The HTML entity of a no-break space that scraped pages leave in is a space
                // (README, "Separators"): 23 files hold `&nbsp` glued to the next word.
                let text = fs::read_to_string(file)
                    .unwrap()
                    .replace("&nbsp;", " ")
                    .replace("&nbsp", " ");
                let mut lines = text.lines();
                let mut year = None;
                let mut title = "";
                for line in lines.by_ref() {
                    if let Some(date) = line.strip_prefix("# date = ") {
                        year = Some(date.trim()[..4].to_string());
                    } else if !line.starts_with("# ") && !line.trim().is_empty() {
                        title = line;
                        break;
                    }
                }
                // A first line longer than a title (300 characters) is a lead paragraph: the
                // body keeps it whole (README, "Reliability and limits").
                let lead = (title.trim().chars().count() > 300).then_some(title);
                let body: Vec<&str> = lead.into_iter().chain(lines).collect();
                PlainArticle {
                    year,
                    title: plain_words(title),
                    body: plain_words(&body.join("\n")),
                }
            })
            .collect()
    })
}

/// The units of `words`: runs of `n` adjacent words, as their terms joined by spaces.
fn plain_units(words: &[PlainWord], n: usize) -> impl Iterator<Item = (usize, String)> + '_ {
    words
        .windows(n)
        .enumerate()
        .filter(|(_, w)| w.iter().all(|x| x.run == w[0].run))
        .map(|(i, w)| {
            let terms: Vec<&str> = w.iter().map(|x| x.term.as_str()).collect();
            (i, terms.join(" "))
        })
}

/// Where the adjacent words `phrase` start in `words`.
fn plain_matches(words: &[PlainWord], phrase: &[&str]) -> Vec<usize> {
    plain_units(words, phrase.len())
        .filter(|(_, unit)| *unit == phrase.join(" "))
        .map(|(i, _)| i)
        .collect()
}

fn views_json(args: &[&str]) -> Vec<Value> {
    let (output, stdout, stderr) = run(tracuu(unc_news_index()).args(args).arg("--json"));
    assert_eq!(status(&output), 0, "`tracuu {args:?}`: {stderr}");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn int(record: &Value, key: &str) -> u64 {
    record[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {record}"))
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn collocates_count_what_a_plain_scan_counts() {
    use std::collections::{BTreeMap, BTreeSet};
    let phrase = ["phát", "triển"];
    let (left, right) = (5, 5);
    // The corpus: articles with the phrase in the title or the body; the node: body matches.
    let (mut near, mut everywhere) = (
        BTreeMap::<String, u64>::new(),
        BTreeMap::<String, u64>::new(),
    );
    let (mut node, mut window, mut corpus) = (0, 0, 0);
    for article in plain_articles() {
        let at = plain_matches(&article.body, &phrase);
        if at.is_empty() && plain_matches(&article.title, &phrase).is_empty() {
            continue;
        }
        node += at.len() as u64;
        let mut inside = BTreeSet::new();
        for &i in &at {
            inside.extend(i.saturating_sub(left)..i);
            inside.extend(i + 2..(i + 2 + right).min(article.body.len()));
        }
        for &i in &at {
            inside.remove(&i);
            inside.remove(&(i + 1));
        }
        window += inside.len() as u64;
        corpus += article.body.len() as u64;
        for n in 1..=2 {
            for (i, unit) in plain_units(&article.body, n) {
                *everywhere.entry(unit.clone()).or_default() += 1;
                if (i..i + n).all(|j| inside.contains(&j)) {
                    *near.entry(unit).or_default() += 1;
                }
            }
        }
    }
    let records = views_json(&[
        "collocates",
        "\"phát triển\"",
        "-w",
        "5,5",
        "--max-words",
        "2",
        "-n",
        "200",
    ]);
    assert_eq!(records.len(), 200);
    for record in &records {
        let term = record["term"].as_str().unwrap();
        assert_eq!(
            (
                int(record, "node"),
                int(record, "window"),
                int(record, "corpus")
            ),
            (node, window, corpus)
        );
        assert_eq!(
            int(record, "observed"),
            near.get(term).copied().unwrap_or(0),
            "{term}: in the windows"
        );
        assert_eq!(
            int(record, "frequency"),
            everywhere.get(term).copied().unwrap_or(0),
            "{term}: in the corpus"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn ngrams_count_what_a_plain_scan_counts() {
    use std::collections::{BTreeMap, BTreeSet};
    for n in [2, 4] {
        let mut counts = BTreeMap::<String, (u64, u64)>::new();
        for article in plain_articles() {
            let mut seen = BTreeSet::new();
            for (_, unit) in plain_units(&article.body, n) {
                let entry = counts.entry(unit.clone()).or_default();
                entry.0 += 1;
                if seen.insert(unit) {
                    entry.1 += 1;
                }
            }
        }
        let records = views_json(&["ngrams", "-N", &n.to_string(), "-n", "100"]);
        let mut expected: Vec<(&String, &(u64, u64))> =
            counts.iter().filter(|(_, c)| c.1 >= 2).collect();
        expected.sort_by(|a, b| (b.1 .0, b.1 .1).cmp(&(a.1 .0, a.1 .1)).then(a.0.cmp(b.0)));
        let found: Vec<(String, u64, u64)> = records
            .iter()
            .map(|r| {
                (
                    r["ngram"].as_str().unwrap().to_string(),
                    int(r, "frequency"),
                    int(r, "documents"),
                )
            })
            .collect();
        let expected: Vec<(String, u64, u64)> = expected
            .into_iter()
            .take(100)
            .map(|(unit, c)| (unit.clone(), c.0, c.1))
            .collect();
        assert_eq!(found, expected, "{n}-grams");
    }
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn keywords_of_2020_against_2021_count_directly() {
    use std::collections::BTreeMap;
    let mut counts = BTreeMap::<String, [u64; 2]>::new();
    let mut words = [0u64; 2];
    for article in plain_articles() {
        let side = match article.year.as_deref() {
            Some("2020") => 0,
            Some("2021") => 1,
            _ => continue,
        };
        words[side] += article.body.len() as u64;
        for n in 1..=3 {
            for (_, unit) in plain_units(&article.body, n) {
                counts.entry(unit).or_default()[side] += 1;
            }
        }
    }
    let records = views_json(&[
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
        "100",
    ]);
    assert!(records.len() > 100, "positive and negative keywords");
    for record in &records {
        let keyword = record["keyword"].as_str().unwrap();
        assert_eq!(
            (int(record, "target_words"), int(record, "reference_words")),
            (words[0], words[1])
        );
        let expected = counts.get(keyword).copied().unwrap_or_default();
        assert_eq!(
            [int(record, "target"), int(record, "reference")],
            expected,
            "{keyword}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn abbreviations_and_their_full_forms_find_the_same_documents() {
    let groups: [&[&str]; 3] = [
        &["UBND", "\"Ủy ban nhân dân\""],
        &[
            "TP.HCM",
            "TPHCM",
            "\"TP Hồ Chí Minh\"",
            "\"Thành phố Hồ Chí Minh\"",
        ],
        &["MTTQ", "\"Mặt trận Tổ quốc\""],
    ];
    for forms in groups {
        let expanded = count(index(), forms[0], &[]);
        let written: Vec<usize> = forms
            .iter()
            .map(|form| {
                assert_eq!(count(index(), form, &[]), expanded, "{form}");
                count(index(), form, &["--no-expand"])
            })
            .collect();
        let most = written.iter().copied().max().unwrap_or_default();
        assert!(
            expanded > most && expanded <= written.iter().sum(),
            "{forms:?}: {expanded} documents expanded, {written:?} as written"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpora; run by .ci/run"]
fn the_seed_page_defines_tccsd_and_typos_are_corrected() {
    let (output, stdout, stderr) = run(tracuu(index()).args(["abbreviations", "TCCSĐ", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let mined = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["origin"] == "mined" && e["forms"][0]["text"] == "TCCSĐ")
        .expect("the seed page's definition of TCCSĐ");
    assert_eq!(mined["forms"][1]["text"], "tổ chức cơ sở đảng");
    for (typed, meant) in [
        ("quoc hoii", "quốc hội"),
        ("ddangr uyr", "đảng ủy"),
        ("d9a3ng u3y", "đảng ủy"),
    ] {
        let (_, _, stderr) = run(tracuu(index()).args(["search", typed]));
        assert!(
            stderr.contains(&format!("did you mean “{meant}”?")),
            "{typed}: {stderr}"
        );
    }
}
