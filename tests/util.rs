//! Helpers shared by the end-to-end tests: running the built `tracuu` binary, temporary index
//! directories, and the fixture table of `corpus/README.md` ("Every article"), from which the tests
//! derive what the corpus holds. The table is read from the README itself when first used
//! ([`ARTICLES`]), so the README is its only copy.
//!
//! Used by two test binaries (`tests/tests.rs` and `tests/shared_corpora.rs`), each of which uses only
//! some of these helpers.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt;
use std::io::Write;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample corpus.
pub fn corpus() -> PathBuf {
    repo_root().join("corpus")
}

/// The five article folders of `corpus/`: the whole corpus except its `README.md`, which the
/// indexer would otherwise read as one more document (see corpus/README.md).
pub fn article_folders() -> Vec<PathBuf> {
    ["compressed", "header", "jsonl", "plain", "scraped"]
        .iter()
        .map(|folder| corpus().join(folder))
        .collect()
}

/// The `tracuu` binary built for these tests.
pub fn tracuu_binary() -> &'static str {
    env!("CARGO_BIN_EXE_tracuu")
}

/// A `tracuu` command with a private index directory and no colour.
pub fn tracuu(index: &Path) -> Command {
    let mut command = Command::new(tracuu_binary());
    command
        .arg("--index")
        .arg(index)
        .env_remove("TRACUU_INDEX")
        .env("NO_COLOR", "1");
    command
}

/// Runs a command and returns its output, with stdout and stderr as text.
pub fn run(command: &mut Command) -> (Output, String, String) {
    let output = command.output().expect("tracuu runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}

/// Runs a command with `input` on its standard input, written from another thread: a command
/// that prints while it reads must not block on a full pipe.
pub fn run_with_stdin(command: &mut Command, input: impl AsRef<[u8]>) -> (Output, String, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracuu starts");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.as_ref().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("tracuu runs");
    writer
        .join()
        .expect("the writer thread")
        .expect("write to tracuu's stdin");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}

/// The exit status, or -1 when killed by a signal.
pub fn status(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// A new temporary directory under Cargo's target/tmp (removed when dropped).
///
/// Indexes shared by a whole test module live in statics, which are never dropped: directories with
/// the same `prefix` left by earlier runs more than an hour ago are removed first, so they do not
/// pile up.
pub fn temp_dir(prefix: &str) -> TempDir {
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(parent).expect("create target/tmp");
    remove_stale(parent, prefix);
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(parent)
        .expect("create a temporary directory under target/tmp")
}

fn remove_stale(parent: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let stale = entry.file_name().to_string_lossy().starts_with(prefix)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified < hour_ago);
        if stale {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Indexes `paths` into `index` with `--json`; returns the exit status, the summary and stderr.
pub fn index_json(index: &Path, paths: &[PathBuf], extra: &[&str]) -> (i32, Value, String) {
    let (output, stdout, stderr) = run(tracuu(index)
        .arg("index")
        .args(extra)
        .args(paths)
        .arg("--json"));
    let summary: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!(
            "`tracuu index --json` printed no JSON summary on stdout ({e}); stdout: {stdout:?}, \
             stderr: {stderr}"
        )
    });
    (status(&output), summary, stderr)
}

/// A new index of `paths` in a fresh temporary directory; panics unless indexing succeeded.
pub fn build_index(prefix: &str, paths: &[PathBuf]) -> TempDir {
    let dir = temp_dir(prefix);
    let (code, summary, stderr) = index_json(dir.path(), paths, &[]);
    assert!(
        code == 0 && summary["rejected"].as_array().is_some_and(Vec::is_empty),
        "indexing {paths:?} failed (status {code}); summary {summary}; stderr: {stderr}"
    );
    dir
}

/// A new index of `articles` (`(id, title, body)`), written as JSON lines into a temporary
/// directory named after `name` and indexed with [`build_index`].
pub fn index_of_articles(name: &str, articles: &[(&str, &str, &str)]) -> TempDir {
    let dir = temp_dir(&format!("{name}-corpus-"));
    let lines: Vec<String> = articles
        .iter()
        .map(|(id, title, body)| {
            serde_json::json!({"id": id, "title": title, "body": body}).to_string()
        })
        .collect();
    let path = dir.path().join("articles.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("write the corpus");
    build_index(&format!("{name}-index-"), &[path])
}

/// `tracuu search ARGS --json` over `index`: the exit status, the hits and stderr.
pub fn search_json(index: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let (output, stdout, stderr) = run(tracuu(index).arg("search").args(args).arg("--json"));
    // Hit lines never have a `type` key; the facets and spellings lines, last, do.
    let hits = stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap_or_else(|e| {
                panic!("`tracuu search --json` printed a line that is not JSON ({e}): {line:?}")
            })
        })
        .filter(|line| line.get("type").is_none())
        .collect();
    (status(&output), hits, stderr)
}

/// The hits of `query` over `index` (up to 1,000 unless `extra` sets `--limit`), asserting the
/// command did not fail: the documents matching it, as counted. For an accent-free query, those
/// of its reading (the hits of other spellings that may follow, marked `other_spelling`, are left
/// out), and for a long query, those holding every word (the partial matches that may follow,
/// marked `partial`, are left out).
pub fn hits(index: &Path, query: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![query];
    if !extra.iter().any(|a| *a == "--limit" || *a == "-n") {
        args.extend(["--limit", "1000"]);
    }
    args.extend_from_slice(extra);
    let (code, hits, stderr) = search_json(index, &args);
    assert!(
        code == 0 || code == 1,
        "`tracuu search {query:?} {extra:?}` failed with status {code}: {stderr}"
    );
    hits.into_iter()
        .filter(|hit| hit["other_spelling"] != true && hit["partial"] != true)
        .collect()
}

/// `tracuu search QUERY --count` over `index`.
pub fn count(index: &Path, query: &str, extra: &[&str]) -> usize {
    let (output, stdout, stderr) = run(tracuu(index)
        .arg("search")
        .arg(query)
        .args(extra)
        .arg("--count"));
    assert!(
        status(&output) <= 1,
        "`tracuu search {query:?} {extra:?} --count` failed: {stderr}"
    );
    stdout.trim().parse().unwrap_or_else(|_| {
        panic!("`tracuu search --count` printed {stdout:?}, not a number; stderr: {stderr}")
    })
}

/// A hit's string field (empty when missing or null).
pub fn field<'a>(hit: &'a Value, name: &str) -> &'a str {
    hit[name].as_str().unwrap_or("")
}

/// `s` in NFC.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Whether `s` holds a combining diacritic (U+0300–U+036F), as NFD text does.
pub fn has_combining_mark(s: &str) -> bool {
    s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
}

/// The id the indexer must give an article (corpus/README.md, "Ids").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id {
    /// A JSON `id` or header `doc_id`, used as given.
    Given(&'static str),
    /// `<stem>-<8 hex digits>`, from the file name and its canonical path.
    Derived(&'static str),
    /// `<stem>-<8 hex digits>:<line>`, for a JSON line without an id.
    DerivedLine(&'static str, usize),
}

impl Id {
    /// Whether `id` is this id.
    pub fn matches(self, id: &str) -> bool {
        fn stem_hash<'a>(id: &'a str, stem: &str) -> Option<&'a str> {
            let rest = id.strip_prefix(stem)?.strip_prefix('-')?;
            let (hash, rest) = rest.split_at_checked(8)?;
            hash.bytes().all(|b| b.is_ascii_hexdigit()).then_some(rest)
        }
        match self {
            Id::Given(given) => id == given,
            Id::Derived(stem) => stem_hash(id, stem) == Some(""),
            Id::DerivedLine(stem, line) => stem_hash(id, stem) == Some(&format!(":{line}")),
        }
    }
}

impl Id {
    /// A given id; panics for a derived one.
    pub fn given(self) -> &'static str {
        match self {
            Id::Given(id) => id,
            other => panic!("{other:?} is derived, not given"),
        }
    }
}

/// The id as corpus/README.md writes it: `vn-2019-0712`, `<stem>-<hash>`, `<stem>-<hash>:<line>`.
impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Id::Given(id) => f.write_str(id),
            Id::Derived(stem) => write!(f, "{stem}-{HASH}"),
            Id::DerivedLine(stem, line) => write!(f, "{stem}-{HASH}:{line}"),
        }
    }
}

/// How corpus/README.md writes the 8 hex digits of a derived id.
const HASH: &str = "<hash>";

/// One row of the fixture table "Every article" of corpus/README.md.
#[derive(Debug)]
pub struct Article {
    /// File (and line) as the README names it: `jsonl/articles.jsonl line 9`.
    pub label: &'static str,
    /// The id the indexer must assign.
    pub id: Id,
    /// ISO date, if any.
    pub date: Option<&'static str>,
    /// Source, if any.
    pub source: Option<&'static str>,
    /// Author, if any.
    pub author: Option<&'static str>,
    /// Format, as the README writes it: `header text`, `JSON lines, zstd`, `scraped page`, …
    pub format: &'static str,
    /// Title, in NFC.
    pub title: &'static str,
}

impl Article {
    /// The file under `corpus/`, without the line: `jsonl/articles.jsonl`.
    pub fn file(&self) -> &'static str {
        self.label
            .split_once(LINE)
            .map_or(self.label, |(file, _)| file)
    }

    /// The line of a JSON-lines article (counted from 1), `None` for a whole file.
    pub fn line(&self) -> Option<usize> {
        let (_, line) = self.label.split_once(LINE)?;
        Some(
            line.parse()
                .expect("labels are checked when the table is parsed"),
        )
    }
}

/// What separates a file from a line number in a label: `jsonl/articles.jsonl line 9`.
const LINE: &str = " line ";

/// The exact republication of [`ORIGINAL`] under another id and source (corpus/README.md,
/// "Copies and stories"): indexed, in the original's story, so a search collapses it under
/// the original.
pub const COPY: &str = "jsonl/articles.jsonl line 9";
/// The article [`COPY`] is a copy of, the original of their story.
pub const ORIGINAL: &str = "header/vn-2022-0517.txt";

/// The fixture article labelled `label`.
pub fn article(label: &str) -> &'static Article {
    ARTICLES
        .iter()
        .find(|a| a.label == label)
        .unwrap_or_else(|| panic!("no article {label:?} in the fixture table"))
}

/// The fixture label of the article with this id, or the id in angle brackets when no fixture has it.
pub fn label_of(id: &str) -> String {
    ARTICLES
        .iter()
        .find(|a| a.id.matches(id))
        .map_or_else(|| format!("<unknown id {id}>"), |a| a.label.to_string())
}

/// The fixture labels of `hits`.
pub fn labels(hits: &[Value]) -> BTreeSet<String> {
    hits.iter().map(|hit| label_of(field(hit, "id"))).collect()
}

/// The articles labelled `labels` that a search shows (stories collapsed): all but [`COPY`].
pub fn indexed(labels: &[&str]) -> BTreeSet<String> {
    labels
        .iter()
        .inspect(|label| {
            article(label);
        })
        .filter(|label| **label != COPY)
        .map(|label| label.to_string())
        .collect()
}

/// Every article of corpus/README.md, "Every article", in table order.
///
/// Read from the README the first time it is used (once per test binary); a table that cannot be
/// parsed panics there, naming the README line (and every later use panics too, the lock being
/// poisoned). Use it as a slice: `ARTICLES.len()`, `ARTICLES.iter()`, `for a in &ARTICLES`.
pub static ARTICLES: FixtureTable = FixtureTable(LazyLock::new(read_articles));

/// The type of [`ARTICLES`]: the parsed table, behind a lock that parses it on first use.
pub struct FixtureTable(LazyLock<Vec<Article>>);

impl Deref for FixtureTable {
    type Target = [Article];

    fn deref(&self) -> &[Article] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a FixtureTable {
    type Item = &'a Article;
    type IntoIter = std::slice::Iter<'a, Article>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The corpus README, as the panics name it.
pub const CORPUS_README: &str = "corpus/README.md";

/// The text of corpus/README.md.
pub fn corpus_readme() -> String {
    let path = repo_root().join(CORPUS_README);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the fixture table from {}: {e}", path.display()))
}

fn read_articles() -> Vec<Article> {
    parse_articles(&corpus_readme(), CORPUS_README)
}

/// The heading of the fixture table in corpus/README.md.
pub const ARTICLES_HEADING: &str = "Every article";

/// The columns of the fixture table, in order.
pub const ARTICLES_COLUMNS: [&str; 8] = [
    "#", "file", "id", "date", "source", "author", "format", "title",
];

/// Parses the table "Every article" of `readme` (named `name` in panics).
///
/// Cells are read as Markdown: code spans lose their backticks (`` `vn-2019-0712` `` is
/// `vn-2019-0712`), `\|` and other backslash escapes of punctuation are unescaped, and `—` is an
/// empty value. Panics, naming the line, unless every row has the eight columns of
/// [`ARTICLES_COLUMNS`], rows are numbered 1, 2, 3… in order, files are `path` or `path line N`,
/// ids are given or `<stem>-<hash>` / `<stem>-<hash>:N`, dates are ISO, and titles are non-empty
/// and in NFC.
pub fn parse_articles(readme: &str, name: &str) -> Vec<Article> {
    let rows = markdown_table(readme, name, ARTICLES_HEADING, &ARTICLES_COLUMNS);
    rows.iter()
        .enumerate()
        .map(|(i, row)| parse_article(i + 1, row, name))
        .collect()
}

/// One body row of a Markdown table: its line number (from 1) and its cells as plain text.
#[derive(Debug)]
pub struct TableRow {
    /// The line of the README the row is on.
    pub line: usize,
    /// The cells, as plain text (see [`parse_articles`]).
    pub cells: Vec<String>,
}

/// The body rows of the first table after the heading `heading` (of any level) in `text`, whose
/// header row must be `columns`. Panics, naming the line, when the heading is missing or repeated,
/// the table is missing or empty, or a row does not have one cell per column.
pub fn markdown_table(text: &str, name: &str, heading: &str, columns: &[&str]) -> Vec<TableRow> {
    let lines: Vec<&str> = text.lines().collect();
    let is_heading = |line: &str| {
        let rest = line.trim_start_matches('#');
        rest.len() < line.len() && rest.strip_prefix(' ').map(str::trim) == Some(heading)
    };
    let headings: Vec<usize> = (0..lines.len()).filter(|&i| is_heading(lines[i])).collect();
    let start = match headings[..] {
        [i] => i,
        [] => panic!("{name}: no heading {heading:?} (the fixture table is read from under it)"),
        _ => panic!(
            "{name}: the heading {heading:?} occurs {} times (lines {}); the fixture table is read \
             from under it, so it must be unique",
            headings.len(),
            headings.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ")
        ),
    };
    let table_start = (start + 1..lines.len())
        .take_while(|&i| !lines[i].starts_with('#'))
        .find(|&i| lines[i].starts_with('|'))
        .unwrap_or_else(|| {
            panic!(
                "{name}:{}: no table under the heading {heading:?} (before the next heading)",
                start + 1
            )
        });
    let mut rows = (table_start..lines.len())
        .take_while(|&i| lines[i].starts_with('|'))
        .map(|i| (i + 1, lines[i]));

    let (line, header) = rows.next().expect("the table has a first line");
    let header = split_row(header, line, name);
    if header != columns {
        panic!(
            "{name}:{line}: the table under {heading:?} has the columns {header:?}, expected \
             {columns:?}"
        );
    }
    let (line, delimiter) = rows.next().unwrap_or_else(|| {
        panic!("{name}:{line}: the table under {heading:?} ends after its header row")
    });
    let delimiter = split_row(delimiter, line, name);
    let is_delimiter = |cell: &String| {
        let dashes = cell.trim_start_matches(':').trim_end_matches(':');
        !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
    };
    if delimiter.len() != columns.len() || !delimiter.iter().all(is_delimiter) {
        panic!(
            "{name}:{line}: expected the delimiter row of the table under {heading:?} \
             (`| --- |` for each of its {} columns), found {delimiter:?}",
            columns.len()
        );
    }
    let body: Vec<TableRow> = rows
        .map(|(line, row)| {
            let cells = split_row(row, line, name);
            if cells.len() != columns.len() {
                panic!(
                    "{name}:{line}: {} cells, expected {} ({}): {row}",
                    cells.len(),
                    columns.len(),
                    columns.join(", ")
                );
            }
            TableRow { line, cells }
        })
        .collect();
    if body.is_empty() {
        panic!("{name}:{line}: the table under {heading:?} has no rows");
    }
    body
}

/// The cells of a table row `| a | b |`, as plain text. A `|` inside a cell must be escaped (`\|`),
/// even in a code span, as in GitHub Markdown.
fn split_row(row: &str, line: usize, name: &str) -> Vec<String> {
    let inner = row
        .trim_end()
        .strip_prefix('|')
        .and_then(|r| r.strip_suffix('|').filter(|r| !r.ends_with('\\')))
        .unwrap_or_else(|| panic!("{name}:{line}: a table row must start and end with `|`: {row}"));
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cells.last_mut().unwrap().push('|');
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
        .iter()
        .map(|cell| inline_text(cell.trim(), line, name))
        .collect()
}

/// The plain text of a cell: code spans without their backticks, backslash escapes of ASCII
/// punctuation unescaped. Panics on a backtick that opens no code span.
fn inline_text(cell: &str, line: usize, name: &str) -> String {
    let mut text = String::new();
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let after = &rest[ticks..];
            let end = closing_ticks(after, ticks).unwrap_or_else(|| {
                panic!(
                    "{name}:{line}: unclosed code span (`{}`) in the cell {cell:?}",
                    &rest[..ticks]
                )
            });
            let code = &after[..end];
            let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                Some(inner) if !inner.trim().is_empty() => inner,
                _ => code,
            };
            text.push_str(code);
            rest = &after[end + ticks..];
        } else if let Some(p) = rest
            .strip_prefix('\\')
            .and_then(|r| r.chars().next())
            .filter(char::is_ascii_punctuation)
        {
            text.push(p);
            rest = &rest[2..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    text.trim().to_string()
}

/// Where the first run of exactly `n` backticks in `s` starts.
fn closing_ticks(s: &str, n: usize) -> Option<usize> {
    let mut i = 0;
    while let Some(at) = s[i..].find('`') {
        let start = i + at;
        let run = s[start..].len() - s[start..].trim_start_matches('`').len();
        if run == n {
            return Some(start);
        }
        i = start + run;
    }
    None
}

/// The empty value of a cell.
const NONE: &str = "—";

fn parse_article(number: usize, row: &TableRow, name: &str) -> Article {
    let line = row.line;
    let bad = |column: &str, why: &str| -> ! {
        panic!(
            "{name}:{line}: column `{column}` of row {number}: {why}: {:?}",
            row.cells
        )
    };
    let [n, file, id, date, source, author, format, title] = &row.cells[..] else {
        unreachable!("markdown_table checks the number of cells")
    };
    if n.parse::<usize>().ok() != Some(number) {
        bad(
            "#",
            &format!("{n:?} where {number} was expected (rows are numbered 1, 2, 3… in order)"),
        );
    }

    let is_path = |path: &str| {
        !path.is_empty()
            && !path.starts_with('/')
            && !path.contains(char::is_whitespace)
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..")
    };
    let label = match file.split_once(LINE) {
        None if is_path(file) => file.clone(),
        Some((path, n)) if is_path(path) && n.parse::<usize>().is_ok_and(|n| n > 0) => {
            format!("{path}{LINE}{}", n.parse::<usize>().unwrap())
        }
        _ => bad(
            "file",
            "expected a relative path under corpus/, or `path` line N",
        ),
    };

    let derived_stem = |id: &str| {
        id.strip_suffix(HASH)
            .and_then(|stem| stem.strip_suffix('-'))
            .filter(|stem| !stem.is_empty() && !stem.contains(['<', '>']))
            .map(|stem| leak(stem.to_string()))
    };
    let id = if let Some(stem) = derived_stem(id) {
        Id::Derived(stem)
    } else if let Some((stem, n)) = id
        .rsplit_once(':')
        .and_then(|(head, n)| Some((derived_stem(head)?, n.parse::<usize>().ok()?)))
    {
        Id::DerivedLine(stem, n)
    } else if !id.is_empty()
        && id != NONE
        && !id.contains(['<', '>'])
        && !id.contains(char::is_whitespace)
    {
        Id::Given(leak(id.clone()))
    } else {
        bad("id", "expected an id, `<stem>-<hash>` or `<stem>-<hash>:N`")
    };

    let date = (date != NONE).then(|| {
        if !is_iso_date(date) {
            bad("date", "expected an ISO date (YYYY-MM-DD) or —");
        }
        leak(date.clone())
    });
    let optional = |column: &str, value: &String| {
        if value.is_empty() {
            bad(column, "empty (write — for no value)");
        }
        (value != NONE).then(|| leak(value.clone()))
    };
    let source = optional("source", source);
    let author = optional("author", author);
    if format.is_empty() || format == NONE {
        bad("format", "no format");
    }
    if title.is_empty() || title == NONE {
        bad("title", "no title");
    }
    if *title != nfc(title) {
        bad("title", "not in NFC (the table's titles are NFC)");
    }
    Article {
        label: leak(label),
        id,
        date,
        source,
        author,
        format: leak(format.clone()),
        title: leak(title.clone()),
    }
}

/// Whether `s` is a date `YYYY-MM-DD` with a month 01–12 and a day 01–31.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[range].parse::<u32>().unwrap())
    };
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4).is_some()
        && digits(5..7).is_some_and(|m| (1..=12).contains(&m))
        && digits(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// A string that lives as long as the test process, as the literal table it replaces did: the
/// table is parsed once per test binary, so this leaks a few kilobytes once.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// `tracuu search ARGS --json` over `index`: the exit status, the hits as the library's records
/// (the facets and spellings lines left out) and stderr.
pub fn search_hits(index: &Path, args: &[&str]) -> (i32, Vec<tracuu_query::Hit>, String) {
    let (code, hits, stderr) = search_json(index, args);
    let hits = hits
        .into_iter()
        .map(|hit| {
            serde_json::from_value(hit.clone()).unwrap_or_else(|e| {
                panic!("`tracuu search --json` printed a line that is not a hit ({e}): {hit}")
            })
        })
        .collect();
    (code, hits, stderr)
}
