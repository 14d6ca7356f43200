//! The research views `tracuu kwic`, `trend`, `export` and `stats` over the sample corpus, with
//! every command's `--json` (and `--csv`) output read back into the library's record types.
//!
//! Expected values are computed here without tracuu: the fixture table of corpus/README.md
//! (through tests/util.rs) gives each article's id, date, source and title, and the corpus files
//! are read and scanned for a phrase with a tokenizer of this file's own (NFC, lower case, one
//! tone-mark placement, words split at every character that is not a letter or digit).
//!
//! The views share one index of the five article folders, built once for the module.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tracuu_query::{FacetField, FacetValue, FacetsLine};
use tracuu_research::{ExportedDoc, IndexStats, KwicLine, TrendRow};
use unicode_normalization::UnicodeNormalization;

use crate::util::{
    article, article_folders, build_index, corpus, index_of_articles, label_of, nfc, run,
    search_hits, status, temp_dir, tracuu, Article, ARTICLES,
};

static INDEX: OnceLock<TempDir> = OnceLock::new();

/// The shared index of the 47 indexed articles.
fn index() -> &'static Path {
    INDEX
        .get_or_init(|| build_index("cli-views-", &article_folders()))
        .path()
}

/// The phrases the views are checked with: `đảng ủy` is written with either tone placement
/// (`Đảng uỷ` too), `đảng viên` also in an NFD file, once joined by a no-break space, and in an
/// undated document. Neither occurs in the boilerplate of the scraped pages, which this file's
/// scan reads along with the articles.
const PHRASES: [&str; 2] = ["đảng ủy", "đảng viên"];

// ---------------------------------------------------------------------------------------------
// Running tracuu
// ---------------------------------------------------------------------------------------------

/// Runs `tracuu ARGS` over the shared index and returns stdout, asserting the exit status.
fn stdout_of(args: &[&str], expected_status: i32) -> String {
    let (output, stdout, stderr) = run(tracuu(index()).args(args));
    assert_eq!(
        status(&output),
        expected_status,
        "`tracuu {args:?}`: exit status; stderr: {stderr}"
    );
    stdout
}

/// Each line of `stdout` as a JSON record of type `T`.
fn json_records<T: DeserializeOwned>(stdout: &str) -> Vec<T> {
    stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("not a {} record ({e}): {line}", std::any::type_name::<T>())
            })
        })
        .collect()
}

/// `stdout` as CSV with a header row, one record of type `T` per row.
fn csv_records<T: DeserializeOwned>(stdout: &str) -> Vec<T> {
    csv::Reader::from_reader(stdout.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            panic!(
                "not CSV of {} records ({e}): {stdout}",
                std::any::type_name::<T>()
            )
        })
}

/// `query` as one command-line argument: the phrase in double quotes.
fn quoted(phrase: &str) -> String {
    format!("\"{phrase}\"")
}

// ---------------------------------------------------------------------------------------------
// The corpus, read without tracuu
// ---------------------------------------------------------------------------------------------

/// The words of `text`: NFC, lower case, the tone mark of `oa`, `oe`, `uy` on the first vowel
/// (`uỷ` is `ủy`, corpus/README.md "Tone-mark placement"), split at every character that is not a
/// letter or digit.
fn words(text: &str) -> Vec<String> {
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
    let mut text: String = text.nfc().collect::<String>().to_lowercase();
    for (second, first) in SECOND_TO_FIRST {
        text = text.replace(second, first);
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// How often the words of `phrase` occur in `text`, side by side and in order.
fn occurrences(text: &str, phrase: &str) -> usize {
    let phrase = words(phrase);
    words(text)
        .windows(phrase.len())
        .filter(|w| *w == phrase.as_slice())
        .count()
}

/// A corpus file's text, gzip and zstd decompressed (detected by magic bytes, as the indexer
/// does).
fn file_text(file: &str) -> String {
    let bytes = std::fs::read(corpus().join(file)).expect("a corpus file");
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .expect("gzip");
        text
    } else if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        zstd::decode_all(&bytes[..]).expect("zstd")
    } else {
        bytes
    };
    String::from_utf8(bytes).expect("UTF-8")
}

/// An article's text as read from its file, by the rules of corpus/README.md "Input formats".
struct ArticleText {
    article: &'static Article,
    /// The text the body comes from: a JSON line's `text`/`body`/`content`; a text file without
    /// its `# key = value` header lines.
    text: String,
    /// Whether `text` holds the title line, which is not body: a header file without a `title`
    /// key, a scraped page (a plain document's body starts with its title line).
    holds_title: bool,
}

impl ArticleText {
    fn read(article: &'static Article) -> ArticleText {
        let (file, line) = match article.label.split_once(" line ") {
            Some((file, line)) => (file, Some(line.parse::<usize>().unwrap())),
            None => (article.label, None),
        };
        let text = file_text(file);
        if let Some(line) = line {
            let record: serde_json::Value =
                serde_json::from_str(text.lines().nth(line - 1).unwrap()).unwrap();
            let body = ["text", "body", "content"]
                .iter()
                .find_map(|key| record[key].as_str())
                .unwrap_or_else(|| panic!("{}: no body field", article.label));
            return ArticleText {
                article,
                text: body.to_string(),
                holds_title: false,
            };
        }
        let mut lines = text.lines().peekable();
        let mut header = Vec::new();
        while let Some(line) = lines.next_if(|l| l.starts_with("# ") || l.trim().is_empty()) {
            header.push(line);
        }
        let is_header = header.iter().any(|l| l.starts_with("# "));
        let holds_title = if is_header {
            !header.iter().any(|l| l.starts_with("# title "))
        } else {
            !file.starts_with("plain/")
        };
        ArticleText {
            article,
            text: lines.collect::<Vec<_>>().join("\n"),
            holds_title,
        }
    }

    /// Occurrences of `phrase` in the body.
    fn body_occurrences(&self, phrase: &str) -> usize {
        let in_title = if self.holds_title {
            occurrences(self.article.title, phrase)
        } else {
            0
        };
        occurrences(&self.text, phrase) - in_title
    }

    /// Whether the title or the body has `phrase`.
    fn matches(&self, phrase: &str) -> bool {
        self.body_occurrences(phrase) > 0 || occurrences(self.article.title, phrase) > 0
    }
}

/// The indexed articles (every publication), read from their files.
fn texts() -> &'static [ArticleText] {
    static TEXTS: OnceLock<Vec<ArticleText>> = OnceLock::new();
    TEXTS.get_or_init(|| ARTICLES.iter().map(ArticleText::read).collect())
}

/// The labels of the indexed articles whose title or body has `phrase`.
fn matching(phrase: &str) -> BTreeSet<&'static str> {
    texts()
        .iter()
        .filter(|t| t.matches(phrase))
        .map(|t| t.article.label)
        .collect()
}

/// Occurrences of `phrase` in each indexed article's body (articles without any left out).
fn body_occurrences(phrase: &str) -> BTreeMap<&'static str, usize> {
    texts()
        .iter()
        .map(|t| (t.article.label, t.body_occurrences(phrase)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// An article's year, or `None` when undated.
fn year(article: &Article) -> Option<String> {
    article.date.map(|d| d[..4].to_string())
}

/// `value` in NFC (NFD files keep their own spelling of sources and titles).
fn nfc_opt(value: Option<&str>) -> Option<String> {
    value.map(nfc)
}

// ---------------------------------------------------------------------------------------------
// kwic
// ---------------------------------------------------------------------------------------------

#[test]
fn kwic_lines_are_every_body_occurrence_of_the_phrase() {
    for phrase in PHRASES {
        let query = quoted(phrase);
        let stdout = stdout_of(&["kwic", &query, "--json"], 0);
        let lines: Vec<KwicLine> = json_records(&stdout);

        let mut per_article: BTreeMap<&'static str, usize> = BTreeMap::new();
        for line in &lines {
            let fixture = article(&label_of(&line.id));
            *per_article.entry(fixture.label).or_default() += 1;
            assert_eq!(
                words(&line.matched),
                words(phrase),
                "a line's match is the phrase as written: {line:?}"
            );
            assert_eq!(line.date.map(|d| d.to_string()).as_deref(), fixture.date);
            assert_eq!(nfc_opt(line.source.as_deref()).as_deref(), fixture.source);
            assert!(line.start < line.end, "{line:?}");
        }
        assert_eq!(
            per_article,
            body_occurrences(phrase),
            "`tracuu kwic {query}`: lines per article must be the phrase's occurrences in the body"
        );
        let dates: Vec<_> = lines.iter().map(|l| (l.date.is_none(), l.date)).collect();
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "lines are oldest first, undated last: {dates:?}"
        );

        let csv: Vec<KwicLine> = csv_records(&stdout_of(&["kwic", &query, "--csv"], 0));
        assert_eq!(csv, lines, "--csv has the same records as --json");
        assert_eq!(
            stdout_of(&["--json", "kwic", &query], 0),
            stdout,
            "the global --json works before the subcommand too"
        );
    }
}

#[test]
fn kwic_offsets_point_into_the_exported_body_text() {
    let query = quoted("đảng viên");
    let lines: Vec<KwicLine> = json_records(&stdout_of(&["kwic", &query, "--json"], 0));
    let docs: Vec<ExportedDoc> = json_records(&stdout_of(&["export", &query, "--with-text"], 0));
    let text_of: BTreeMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_deref().expect("--with-text")))
        .collect();
    for line in &lines {
        let written = &text_of[line.id.as_str()][line.start..line.end];
        let spaced: Vec<&str> = written.split_whitespace().collect();
        assert_eq!(
            spaced.join(" "),
            line.matched,
            "start..end is the match in the body (white space shown as one space)"
        );
    }
}

#[test]
fn kwic_summary_counts_the_matching_documents_without_an_occurrence_in_the_body() {
    // `nâng cao` stands in two titles whose bodies lack it, and in four bodies.
    for phrase in ["nâng cao", "đảng viên"] {
        let without = texts()
            .iter()
            .filter(|t| t.matches(phrase) && t.body_occurrences(phrase) == 0)
            .count();
        let documents = matching(phrase).len();
        let occurrences: usize = body_occurrences(phrase).values().sum();
        let (output, _, stderr) = run(tracuu(index()).args(["kwic", &quoted(phrase)]));
        assert_eq!(status(&output), 0, "{stderr}");
        let summary = match without {
            0 => format!("{occurrences} occurrences in {documents} documents\n"),
            n => format!(
                "{occurrences} occurrences in {documents} documents \
                 ({n} without an occurrence in the body)\n"
            ),
        };
        assert!(
            stderr.ends_with(&summary),
            "`tracuu kwic \"{phrase}\"`: the summary should be {summary:?}; stderr: {stderr}"
        );
    }
    assert!(
        texts()
            .iter()
            .any(|t| t.matches("nâng cao") && t.body_occurrences("nâng cao") == 0),
        "the corpus still has a title-only match"
    );
}

#[test]
fn kwic_without_occurrences_exits_1_with_only_a_csv_header() {
    assert_eq!(
        stdout_of(&["kwic", "Châu Khê", "--csv"], 1),
        "id,date,source,left,match,right,start,end,space_before,space_after\n"
    );
    assert_eq!(stdout_of(&["kwic", "Châu Khê", "--json"], 1), "");
}

// ---------------------------------------------------------------------------------------------
// trend
// ---------------------------------------------------------------------------------------------

/// The fields of a trend row but `per_thousand`.
type RowKey = (String, Option<String>, u64, u64, u64);

fn row_key(row: &TrendRow) -> RowKey {
    (
        row.query.clone(),
        row.period.map(|p| p.to_string()),
        row.documents,
        row.occurrences,
        row.articles,
    )
}

#[test]
fn trend_rows_count_documents_and_occurrences_per_year() {
    let queries: Vec<String> = PHRASES.iter().map(|p| quoted(p)).collect();
    let mut args = vec!["trend"];
    args.extend(queries.iter().map(String::as_str));
    let json = stdout_of(&[&args[..], &["--json"]].concat(), 0);
    let rows: Vec<TrendRow> = json_records(&json);

    // Periods from the first to the last year with articles, then the undated documents.
    let articles_per_year: BTreeMap<Option<String>, u64> =
        texts().iter().fold(BTreeMap::new(), |mut years, t| {
            *years.entry(year(t.article)).or_default() += 1;
            years
        });
    let periods: Vec<Option<String>> = articles_per_year
        .keys()
        .filter(|y| y.is_some())
        .chain([&None])
        .cloned()
        .collect();
    let mut expected: Vec<RowKey> = Vec::new();
    for (query, phrase) in queries.iter().zip(PHRASES) {
        let occurrences = body_occurrences(phrase);
        let matching = matching(phrase);
        for period in &periods {
            let in_period = texts().iter().filter(|t| year(t.article) == *period);
            let (documents, found) = in_period.fold((0, 0), |(d, o), t| {
                let label = t.article.label;
                (
                    d + u64::from(matching.contains(label)),
                    o + occurrences.get(label).copied().unwrap_or(0) as u64,
                )
            });
            expected.push((
                query.clone(),
                period.clone(),
                documents,
                found,
                articles_per_year[period],
            ));
        }
    }
    assert_eq!(
        rows.iter().map(row_key).collect::<Vec<_>>(),
        expected,
        "trend rows: (query, period, documents, occurrences, articles)"
    );
    for row in &rows {
        let rate = row.documents as f64 * 1000.0 / row.articles as f64;
        assert!(
            row.per_thousand.is_some_and(|r| (r - rate).abs() < 1e-9),
            "per_thousand is documents per 1,000 articles: {row:?}"
        );
    }

    // The occurrences are the lines of the concordance.
    for (query, phrase) in queries.iter().zip(PHRASES) {
        let lines = stdout_of(&["kwic", query, "--json"], 0).lines().count();
        let total: u64 = rows
            .iter()
            .filter(|r| r.query == *query)
            .map(|r| r.occurrences)
            .sum();
        let independent: usize = body_occurrences(phrase).values().sum();
        assert_eq!(
            (lines, total as usize),
            (independent, independent),
            "{query}: kwic lines, trend occurrences and the independent count"
        );
    }

    let csv: Vec<TrendRow> = csv_records(&stdout_of(&[&args[..], &["--csv"]].concat(), 0));
    assert_eq!(
        csv.iter().map(row_key).collect::<Vec<_>>(),
        rows.iter().map(row_key).collect::<Vec<_>>(),
        "--csv has the same rows as --json"
    );
    for (csv, json) in csv.iter().zip(&rows) {
        let (a, b) = (csv.per_thousand.unwrap(), json.per_thousand.unwrap());
        assert!(
            (a - b).abs() <= 5e-5,
            "CSV rates have four decimals: {a} {b}"
        );
    }
    let raw = stdout_of(&[&args[..], &["--csv"]].concat(), 0);
    assert!(
        raw.lines().last().unwrap().contains(",undated,"),
        "the undated row's period is `undated` in CSV: {raw}"
    );
    assert!(
        json.lines().last().unwrap().contains("\"period\":null"),
        "and null in JSON: {json}"
    );
}

#[test]
fn trend_says_when_from_and_to_cut_a_period_short() {
    let trend = |dates: &[&str]| {
        let (output, _, stderr) = run(tracuu(index())
            .args(["trend", "\"đảng ủy\"", "--by", "month"])
            .args(dates));
        assert_eq!(status(&output), 0, "{stderr}");
        stderr
    };
    let cut = trend(&["--from", "2024-08-05", "--to", "2024-08-30"]);
    assert!(
        cut.contains("period 2024-08 counts from 2024-08-05 on (--from)")
            && cut.contains("period 2024-08 counts up to 2024-08-30 (--to)"),
        "{cut}"
    );
    let whole = trend(&["--from", "2024-08-01", "--to", "2024-08-31"]);
    assert!(!whole.contains("counts"), "{whole}");
    // Said with the records too: a row does not tell that its period was cut.
    for format in ["--json", "--csv"] {
        let cut = trend(&["--from", "2024-08-05", format]);
        assert!(
            cut.contains("period 2024-08 counts from 2024-08-05 on (--from)"),
            "{format}: {cut}"
        );
    }
}

#[test]
fn trend_plot_svg_is_a_labelled_chart() {
    let dir = temp_dir("cli-views-plot-");
    let chart = dir.path().join("trend.svg");
    let chart_arg = chart.to_str().unwrap();
    let (output, _, stderr) =
        run(tracuu(index()).args(["trend", "\"đảng ủy\"", "\"đảng viên\"", "--plot", chart_arg]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stderr.contains("chart written to"), "{stderr}");
    let svg = std::fs::read_to_string(&chart).expect("the chart file");
    assert!(svg.starts_with("<svg"), "an SVG document: {}", &svg[..80]);
    for label in ["đảng ủy", "đảng viên", "2018", "2024"] {
        assert!(svg.contains(label), "the chart shows `{label}`");
    }
}

#[test]
#[ignore = "needs fonts-dejavu-core; run by .ci/run"]
fn trend_plot_png_is_an_image_with_text() {
    let dir = temp_dir("cli-views-plot-");
    let chart = dir.path().join("trend.png");
    let (output, _, stderr) = run(tracuu(index())
        .args(["trend", "\"đảng ủy\"", "--plot"])
        .arg(&chart));
    assert_eq!(status(&output), 0, "{stderr}");
    let png = std::fs::read(&chart).expect("the chart file");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG magic bytes");
    assert!(png.len() > 5_000, "a chart with text, not a blank image");
}

#[test]
fn chart_errors_say_what_to_do() {
    let dir = temp_dir("cli-views-plot-");
    let not_a_font = dir.path().join("not-a-font.ttf");
    std::fs::write(&not_a_font, "Đảng ủy").unwrap();
    let png = dir.path().join("trend.png");
    let (output, _, stderr) = run(tracuu(index())
        .args(["trend", "\"đảng ủy\"", "--plot"])
        .arg(&png)
        .env("TRACUU_FONT", &not_a_font));
    assert_eq!(status(&output), 2, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "tracuu: {}: PNG charts need a TrueType font with Vietnamese letters: install one \
             (`apt-get install fonts-dejavu-core`) or set TRACUU_FONT=/path/to/font.ttf; SVG \
             charts (--plot FILE.svg) need none\n",
            png.display()
        )
    );

    let (output, stdout, stderr) =
        run(tracuu(index()).args(["trend", "\"đảng ủy\"", "--plot", "trend.pdf"]));
    assert_eq!(
        (status(&output), stdout.as_str(), stderr.as_str()),
        (
            2,
            "",
            "tracuu: --plot trend.pdf: the file name must end in .svg or .png\n"
        ),
        "a bad chart name is refused before anything is counted"
    );
}

// ---------------------------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------------------------

#[test]
fn export_lists_every_matching_document_oldest_first() {
    for phrase in PHRASES {
        let query = quoted(phrase);
        let jsonl = stdout_of(&["export", &query], 0);
        let docs: Vec<ExportedDoc> = json_records(&jsonl);
        let labels: BTreeSet<&str> = docs
            .iter()
            .map(|d| article(&label_of(&d.id)).label)
            .collect();
        assert_eq!(
            labels,
            matching(phrase),
            "`tracuu export {query}` exports the articles whose title or body has the phrase"
        );
        assert_eq!(labels.len(), docs.len(), "each document once");
        for doc in &docs {
            let fixture = article(&label_of(&doc.id));
            assert_eq!(nfc(&doc.title), fixture.title);
            assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), fixture.date);
            assert_eq!(nfc_opt(doc.source.as_deref()).as_deref(), fixture.source);
            let file = fixture.label.split(" line ").next().unwrap();
            assert!(doc.path.ends_with(file), "{} from {file}", doc.path);
            assert_eq!(doc.text, None, "no text without --with-text");
        }
        let order: Vec<_> = docs
            .iter()
            .map(|d| (d.date.is_none(), d.date, d.id.clone()))
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "oldest first, then by id, undated last: {order:?}"
        );
        assert_eq!(stdout_of(&["export", &query, "--json"], 0), jsonl);

        let csv: Vec<ExportedDoc> = csv_records(&stdout_of(
            &["export", &query, "--format", "csv", "--with-text"],
            0,
        ));
        assert_eq!(
            csv.iter().map(|d| &d.id).collect::<Vec<_>>(),
            docs.iter().map(|d| &d.id).collect::<Vec<_>>(),
            "CSV has the same documents in the same order"
        );
        let in_bodies = body_occurrences(phrase);
        for doc in &csv {
            let label = article(&label_of(&doc.id)).label;
            let text = doc.text.as_deref().expect("--with-text");
            assert_eq!(
                occurrences(text, phrase),
                in_bodies.get(label).copied().unwrap_or(0),
                "{label}: the exported text is the body"
            );
        }
    }
    assert_eq!(
        stdout_of(&["export", "Châu Khê", "--format", "csv"], 1),
        "id,title,date,source,url,path\n",
        "nothing matched: the header row only"
    );
}

#[test]
fn export_without_a_query_lists_every_document_within_the_dates() {
    let docs: Vec<ExportedDoc> = json_records(&stdout_of(&["export"], 0));
    let every: BTreeSet<&str> = texts().iter().map(|t| t.article.label).collect();
    let labels: BTreeSet<&str> = docs
        .iter()
        .map(|d| article(&label_of(&d.id)).label)
        .collect();
    assert_eq!(
        labels, every,
        "every indexed article, undated ones included"
    );
    assert_eq!(docs.len(), every.len(), "each document once");
    let in_2019: BTreeSet<&str> = texts()
        .iter()
        .filter(|t| year(t.article).as_deref() == Some("2019"))
        .map(|t| t.article.label)
        .collect();
    let docs: Vec<ExportedDoc> =
        json_records(&stdout_of(&["export", "--from", "2019", "--to", "2019"], 0));
    let labels: BTreeSet<&str> = docs
        .iter()
        .map(|d| article(&label_of(&d.id)).label)
        .collect();
    assert_eq!(labels, in_2019);
}

// ---------------------------------------------------------------------------------------------
// stats
// ---------------------------------------------------------------------------------------------

#[test]
fn a_search_finding_nothing_in_dates_that_hold_documents_says_so() {
    let in_2019 = texts()
        .iter()
        .filter(|t| year(t.article).as_deref() == Some("2019"))
        .count();
    assert!(in_2019 > 0);
    let queries: [&[&str]; 2] = [
        &["search", "-c", "xyzqwv", "--from", "2019", "--to", "2019"],
        &["search", "-c", "date:2019", "xyzqwv", "--from", "2010"],
    ];
    for args in queries {
        let (output, _, stderr) = run(tracuu(index()).args(args));
        assert_eq!(status(&output), 1, "{stderr}");
        let hint = format!("{in_2019} documents in the dates asked for, none matching the query");
        assert!(stderr.contains(&hint), "{args:?}: {stderr}");
    }
    let (_, _, stderr) = run(tracuu(index()).args(["search", "-c", "đảng", "--from", "2030"]));
    assert!(
        stderr.contains("no document in the dates asked for; the index's"),
        "{stderr}"
    );
}

#[test]
fn stats_describe_the_fixture_table() {
    let json = stdout_of(&["stats", "--json"], 0);
    let stats: IndexStats = json_records(&json).remove(0);
    let indexed: Vec<&Article> = ARTICLES.iter().collect();
    assert_eq!(stats.index, Some(index().display().to_string()));
    assert_eq!(stats.documents, indexed.len() as u64);
    let dates: Vec<&str> = indexed.iter().filter_map(|a| a.date).collect();
    assert_eq!(
        stats.first_date.map(|d| d.to_string()).as_deref(),
        dates.iter().min().copied()
    );
    assert_eq!(
        stats.last_date.map(|d| d.to_string()).as_deref(),
        dates.iter().max().copied()
    );
    assert_eq!(stats.undated, (indexed.len() - dates.len()) as u64);
    // One article of corpus/ is an exact copy of an earlier one under another source.
    let copy = crate::util::article(crate::util::COPY);
    let copy_source = copy.source.unwrap();
    assert_eq!(
        (stats.stories, stats.stories_with_copies, stats.copies),
        (indexed.len() as u64 - 1, 1, 1)
    );
    let republished = &stats.republished_by_source;
    assert_eq!(republished.len(), 1, "{republished:?}");
    let of_source = indexed
        .iter()
        .filter(|a| a.source == Some(copy_source))
        .count() as u64;
    assert_eq!(
        (
            republished[0].source.as_deref().map(nfc),
            republished[0].copies,
            republished[0].documents
        ),
        (Some(nfc(copy_source)), 1, of_source)
    );

    let mut sources: BTreeMap<String, u64> = BTreeMap::new();
    let mut years: BTreeMap<u16, u64> = BTreeMap::new();
    for article in &indexed {
        if let Some(source) = article.source {
            *sources.entry(source.to_string()).or_default() += 1;
        }
        if let Some(year) = year(article) {
            *years.entry(year.parse().unwrap()).or_default() += 1;
        }
    }
    let counted_sources: BTreeMap<String, u64> = stats
        .sources
        .iter()
        .map(|c| (nfc(&c.value.to_string()), c.count))
        .collect();
    assert_eq!(counted_sources, sources, "documents per source");
    let counts: Vec<u64> = stats.sources.iter().map(|c| c.count).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent source first: {counts:?}"
    );
    assert_eq!(
        stats.no_source,
        indexed.iter().filter(|a| a.source.is_none()).count() as u64
    );
    let counted_years: Vec<(u16, u64)> = stats
        .years
        .iter()
        .map(|c| match c.value {
            FacetValue::Year(year) => (year, c.count),
            ref other => panic!("a year is a number: {other:?}"),
        })
        .collect();
    assert_eq!(
        counted_years,
        years.into_iter().collect::<Vec<_>>(),
        "documents per year, in order"
    );
    assert!(stats.size_bytes.is_some_and(|b| b > 10_000));
    assert!(stats.updated_at.is_some_and(|t| t.date.year() >= 2024));
    assert_eq!(stdout_of(&["--json", "stats"], 0), json);
}

// ---------------------------------------------------------------------------------------------
// search --facet
// ---------------------------------------------------------------------------------------------

#[test]
fn search_facets_line_counts_the_matching_articles() {
    let phrase = "đảng viên";
    let query = quoted(phrase);
    let stdout = stdout_of(
        &[
            "search",
            &query,
            "--json",
            "--limit",
            "100",
            "--no-collapse",
            "--facet",
            "year",
            "--facet",
            "source",
        ],
        0,
    );
    let (facets, hit_lines) = stdout.trim_end().rsplit_once('\n').map_or_else(
        || panic!("hits and a facets line: {stdout}"),
        |(hits, last)| (last, hits),
    );
    let facets: FacetsLine = serde_json::from_str(facets).expect("the last line is the facets");
    assert!(facets
        .facets
        .keys()
        .eq([FacetField::Source, FacetField::Year].iter()));

    // Facets count publications: every one is a hit without collapsing.
    let (code, hits, _) = search_hits(index(), &[&query, "--limit", "100", "--no-collapse"]);
    assert_eq!(code, 0);
    assert_eq!(hit_lines.lines().count(), hits.len());
    let matching = matching(phrase);
    let found: BTreeSet<&str> = hits
        .iter()
        .map(|h| article(&label_of(&h.id)).label)
        .collect();
    assert_eq!(
        found, matching,
        "`tracuu search {query}` finds the articles with the phrase"
    );

    let mut years: BTreeMap<Option<u16>, u64> = BTreeMap::new();
    let mut sources: BTreeMap<Option<String>, u64> = BTreeMap::new();
    for label in &matching {
        let article = article(label);
        *years
            .entry(year(article).map(|y| y.parse().unwrap()))
            .or_default() += 1;
        *sources
            .entry(article.source.map(str::to_string))
            .or_default() += 1;
    }
    let counted_years: BTreeMap<Option<u16>, u64> = facets.facets[&FacetField::Year]
        .iter()
        .map(|c| match &c.value {
            Some(FacetValue::Year(year)) => (Some(*year), c.count),
            None => (None, c.count),
            Some(other) => panic!("a year is a number: {other:?}"),
        })
        .collect();
    assert_eq!(counted_years, years, "matching documents per year");
    let counted_sources: BTreeMap<Option<String>, u64> = facets.facets[&FacetField::Source]
        .iter()
        .map(|c| (c.value.as_ref().map(|v| nfc(&v.to_string())), c.count))
        .collect();
    assert_eq!(counted_sources, sources, "matching documents per source");
    assert!(
        facets.facets[&FacetField::Source]
            .last()
            .is_some_and(|c| c.value.is_none()),
        "the documents without a source come last"
    );
}

#[test]
fn kwic_context_beyond_the_maximum_is_a_clear_error_not_a_panic() {
    let query = quoted("đảng viên");
    let (output, stdout, stderr) =
        run(tracuu(index()).args(["kwic", "-C", "18446744073709551615", "-n", "3", &query]));
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("0..=100"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The largest context allowed works.
    stdout_of(&["kwic", "-C", "100", "-n", "3", &query], 0);
}

/// Two dated documents repeating `đảng` 60,000 and 100,000 times, and their bodies.
fn repeating_documents() -> (TempDir, String, String) {
    let inputs = temp_dir("kwic-repeats-input");
    let older = format!("Mở đầu hội nghị. {}", "Các đảng viên trẻ, ".repeat(60_000));
    let newer = "đảng ".repeat(100_000);
    let lines = [
        serde_json::json!({"id": "moi", "title": "Bài mới", "body": newer, "date": "2021-06-01"}),
        serde_json::json!({"id": "cu", "title": "Bài cũ", "body": older, "date": "2020-01-15"}),
    ];
    let path = inputs.path().join("repeats.jsonl");
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(&path, text.join("\n")).unwrap();
    (build_index("kwic-repeats-index-", &[path]), older, newer)
}

/// The `n` words before byte `at` of `text` and the `n` after byte `end`, as split at spaces.
fn words_around(text: &str, at: usize, end: usize, n: usize) -> (String, String) {
    let before: Vec<&str> = text[..at].split_whitespace().collect();
    let after: Vec<&str> = text[end..].split_whitespace().take(n).collect();
    (
        before[before.len().saturating_sub(n)..].join(" "),
        after.join(" "),
    )
}

#[test]
fn kwic_with_a_limit_gives_the_first_lines_of_documents_repeating_the_query() {
    let (index, older, newer) = repeating_documents();
    let kwic = |args: &[&str]| run(tracuu(index.path()).arg("kwic").args(args));
    // The first line by date: the older document's first occurrence, and only it.
    let (output, stdout, stderr) = kwic(&["đảng", "-n", "1", "-C", "3", "--json"]);
    assert_eq!(status(&output), 0, "{stderr}");
    let lines: Vec<KwicLine> = json_records(&stdout);
    assert_eq!(lines.len(), 1);
    let start = older.find("đảng").unwrap();
    let end = start + "đảng".len();
    let (left, right) = words_around(&older, start, end, 3);
    assert_eq!(
        (lines[0].id.as_str(), lines[0].start, lines[0].end),
        ("cu", start, end)
    );
    assert_eq!(
        (lines[0].left.as_str(), lines[0].right.as_str()),
        (left.as_str(), right.as_str())
    );
    assert_eq!(left, "hội nghị. Các");
    // A few more: the scan stops before counting every occurrence, and says so.
    let (output, stdout, stderr) = kwic(&["đảng", "-n", "3", "-C", "2"]);
    assert_eq!(status(&output), 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(stdout.lines().all(|l| l.contains(" cu ")), "{stdout}");
    assert!(
        stderr.contains("first 3 occurrences by date; 2 documents match"),
        "{stderr}"
    );
    // By context with a limit, every occurrence is counted, exactly: 60,000 + 100,000. The
    // first by the words after them: the newer document's last `đảng` (nothing after it), then
    // its others (`đảng` after them, dated before the older's `viên`), from its first.
    let (output, stdout, stderr) =
        kwic(&["đảng", "-n", "2", "-C", "1", "--sort", "right", "--json"]);
    assert_eq!(status(&output), 0, "{stderr}");
    let lines: Vec<KwicLine> = json_records(&stdout);
    let starts: Vec<(&str, usize)> = lines.iter().map(|l| (l.id.as_str(), l.start)).collect();
    assert_eq!(starts, [("moi", newer.rfind("đảng").unwrap()), ("moi", 0)]);
    let (_, _, stderr) = kwic(&["đảng", "-n", "2", "-C", "1", "--sort", "right"]);
    assert!(
        stderr.contains("2 of 160,000 occurrences in 2 documents"),
        "{stderr}"
    );
    // Search snippets on such documents still highlight the word.
    let (code, hits, stderr) = search_hits(index.path(), &["đảng"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(hits.len(), 2);
    for hit in &hits {
        let snippet = &hit.snippet;
        let first = snippet.highlights.first().expect("a highlight");
        assert_eq!(&snippet.text[first.clone()], "đảng", "{}", hit.id);
    }
}

#[test]
fn control_characters_from_documents_are_shown_escaped_in_human_output_only() {
    // Bidirectional overrides (U+202E) too: they would reverse the line around them.
    let inputs = temp_dir("escapes-input");
    let file = inputs.path().join("escapes.jsonl");
    let record = serde_json::json!({
        "id": "esc\u{1b}[2J",
        "title": "Tin \u{1b}]0;đổi tên cửa sổ\u{7} mới \u{202e}ngược\u{202c}",
        "body": "Hội nghị \u{1b}[31mđỏ\u{1b}[0m bàn về phòng chống tham nhũng.",
        "source": "Báo\u{7}X",
    });
    std::fs::write(&file, format!("{record}\n")).unwrap();
    let index = build_index("escapes-index", &[file]);
    let query = quoted("tham nhũng");
    for args in [
        vec!["search", query.as_str(), "--color", "never"],
        vec!["search", query.as_str(), "--color", "always"],
        vec!["kwic", query.as_str(), "--color", "never"],
        vec!["stats"],
    ] {
        let (output, stdout, _) = run(tracuu(index.path()).args(&args));
        assert_eq!(status(&output), 0, "{args:?}");
        let raw_from_document = stdout.contains('\u{7}')
            || stdout.contains("\u{1b}[2J")
            || stdout.contains("\u{1b}]0")
            || stdout.contains("\u{1b}[31mđỏ")
            || stdout.contains('\u{202e}');
        assert!(!raw_from_document, "{args:?}: {stdout:?}");
        assert!(
            stdout.contains("\\e") || stdout.contains("\\a"),
            "{args:?}: {stdout:?}"
        );
    }
    // Records for tools keep the text as it is.
    let (_, hits, _) = search_hits(index.path(), &[query.as_str()]);
    assert_eq!(hits[0].id, "esc\u{1b}[2J");
}

#[test]
fn kwic_with_no_line_asked_still_exits_0_when_the_query_occurs() {
    let query = quoted("đảng viên");
    stdout_of(&["kwic", "-n", "0", &query], 0);
    stdout_of(&["kwic", "-n", "0", "xyzqwv"], 1);
}

/// Codes whose parts are words: `Covid-19` and `TP.HCM`.
const CODES: &[(&str, &str, &str)] = &[
    (
        "c1",
        "Phòng chống dịch",
        "Trong bối cảnh dịch Covid-19 diễn biến phức tạp, tỉnh tăng cường phòng chống dịch.",
    ),
    (
        "c2",
        "Hỗ trợ",
        "Các tỉnh gửi hàng hỗ trợ TP.HCM chống dịch Covid-19.",
    ),
];

#[test]
fn kwic_context_is_what_was_asked_and_joined_as_written() {
    let dir = index_of_articles("kwic-codes", CODES);
    let kwic = |args: &[&str]| {
        let (output, stdout, stderr) = run(tracuu(dir.path()).arg("kwic").args(args));
        assert_eq!(status(&output), 0, "{args:?}: {stderr}");
        stdout
    };
    let bodies: Vec<&str> = CODES.iter().map(|(_, _, body)| *body).collect();
    // No context asked: none, not the rest of the code after the match.
    let table = kwic(&["covid", "-C", "0"]);
    assert!(table.lines().all(|l| l.ends_with(" Covid")), "{table}");
    let lines: Vec<KwicLine> = json_records(&kwic(&["covid", "-C", "0", "--json"]));
    assert_eq!(
        lines.len(),
        bodies
            .iter()
            .map(|b| b.matches("Covid").count())
            .sum::<usize>()
    );
    for line in &lines {
        assert_eq!(
            (
                line.left.as_str(),
                line.matched.as_str(),
                line.right.as_str()
            ),
            ("", "Covid", "")
        );
        assert!(line.space_before && !line.space_after, "{line:?}");
    }
    // With context, the match is joined to it as the text writes it: no space inserted
    // into a code.
    for (query, context, written) in [
        ("covid", "2", "cảnh dịch Covid-19 diễn"),
        ("covid", "1", "dịch Covid-19."),
        ("HCM", "1", "TP.HCM chống"),
    ] {
        assert!(bodies.iter().any(|b| b.contains(written)), "{written}");
        let table = kwic(&[query, "-C", context]);
        assert!(
            table.lines().any(|l| l.ends_with(&format!(" {written}"))),
            "{query} -C {context}: {table}"
        );
    }
    let lines: Vec<KwicLine> = json_records(&kwic(&["HCM", "-C", "1", "--json"]));
    assert_eq!(
        (lines[0].left.as_str(), lines[0].right.as_str()),
        ("TP.", "chống")
    );
    assert!(!lines[0].space_before && lines[0].space_after);
}
