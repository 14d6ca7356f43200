//! `tracuu index`: what indexing the sample corpus reports, re-indexing, replacing, rebuilding,
//! bad input and standard input. Expectations come from corpus/README.md ("What is in this
//! corpus", "Duplicates"), not from what the code happens to print.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{
    self, article, count, hits, index_json, run, run_with_stdin, status, temp_dir, tracuu,
    ARTICLES, DUPLICATE, ORIGINAL,
};

/// Documents from indexing the whole `corpus/` folder: every article but the skipped duplicate
/// (`corpus/README.md` is not an article file, so walking the folder skips it).
fn expected_corpus_documents() -> usize {
    ARTICLES.len() - 1
}

fn as_count(summary: &Value, key: &str) -> usize {
    summary[key].as_u64().unwrap_or_else(|| {
        panic!("the --json summary has no number `{key}` (renamed or removed?): {summary}")
    }) as usize
}

fn as_list<'a>(summary: &'a Value, key: &str) -> &'a Vec<Value> {
    summary[key].as_array().unwrap_or_else(|| {
        panic!("the --json summary has no list `{key}` (renamed or removed?): {summary}")
    })
}

/// A directory with one file per `(name, content)`.
fn files(prefix: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = temp_dir(prefix);
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    dir
}

const GOOD_JSON_LINE: &str = r#"{"id": "tot-1", "title": "Xã Quỳnh Lưu ra mắt câu lạc bộ", "body": "Câu lạc bộ Khuyến học xã Quỳnh Lưu ra mắt với 40 hội viên."}"#;
const OTHER_JSON_LINE: &str = r#"{"id": "tot-3", "title": "Diễn Châu khánh thành cầu", "body": "Cầu Diễn Hoàng được khánh thành sau 14 tháng thi công."}"#;

#[test]
fn indexing_the_corpus_reports_documents_duplicate_and_empty_file() {
    let index = temp_dir("cli-index-");
    let (output, stdout, stderr) = run(tracuu(index.path()).arg("index").arg(util::corpus()));
    assert_eq!(
        status(&output),
        0,
        "indexing corpus/ must succeed: a duplicate and an empty file are not errors; stderr: {stderr}"
    );
    assert!(
        stdout.is_empty(),
        "without --json, `tracuu index` reports on stderr only; stdout: {stdout}"
    );
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("indexed "))
        .unwrap_or_else(|| panic!("no `indexed N, ...` summary line on stderr: {stderr}"));
    let expected = format!(
        "indexed {}, replaced 0, unchanged 0, duplicates 1, rejected 0, warnings 1 ",
        expected_corpus_documents()
    );
    assert!(
        summary.starts_with(&expected),
        "corpus/README.md says: 48 articles, one duplicate skipped, and \
         one empty file; expected `{expected}...`, got `{summary}` (a corpus file or the reader changed?)"
    );

    let empty = stderr
        .lines()
        .find(|l| l.contains("empty.txt"))
        .unwrap_or_else(|| panic!("no warning about header/empty.txt on stderr: {stderr}"));
    assert!(
        empty.starts_with("tracuu: warning: ")
            && empty.contains(&format!("header{}empty.txt", std::path::MAIN_SEPARATOR))
            && empty.ends_with("empty file"),
        "the empty file must be a warning naming header/empty.txt: {empty:?}"
    );

    let duplicate = stderr
        .lines()
        .find(|l| l.contains("duplicate of"))
        .unwrap_or_else(|| panic!("no duplicate reported on stderr: {stderr}"));
    let original = article(ORIGINAL).id.given();
    assert!(
        duplicate.starts_with("tracuu: ")
            && duplicate.contains("articles.jsonl:9:")
            && duplicate.contains(&format!("duplicate of {original} ")),
        "the duplicate must name jsonl/articles.jsonl:9 and the id it duplicates ({original}): \
         {duplicate:?}"
    );
}

#[test]
fn json_summary_lists_counts_duplicates_warnings_and_rate() {
    let index = temp_dir("cli-index-");
    let (code, summary, _) = index_json(index.path(), &[util::corpus()], &[]);
    assert_eq!(code, 0, "indexing corpus/ must succeed: {summary}");
    assert_eq!(
        as_count(&summary, "indexed"),
        expected_corpus_documents(),
        "documents indexed from corpus/ (47 distinct articles): {summary}"
    );
    for key in ["replaced", "unchanged"] {
        assert_eq!(
            as_count(&summary, key),
            0,
            "`{key}` in a first run: {summary}"
        );
    }
    assert_eq!(
        as_count(&summary, "duplicates"),
        1,
        "`duplicates` is the number of skipped republications: {summary}"
    );
    assert!(
        as_list(&summary, "rejected").is_empty(),
        "nothing in corpus/ may be rejected: {summary}"
    );
    assert!(
        summary["mb_per_s"].as_f64().is_some_and(|r| r >= 0.0),
        "`mb_per_s` must be a non-negative number: {summary}"
    );
    assert!(
        summary["bytes"].as_u64().is_some_and(|b| b > 90_000),
        "`bytes` must count the text read (corpus/ articles hold over 90 kB of text): {summary}"
    );

    let duplicates = as_list(&summary, "duplicate_list");
    assert_eq!(
        duplicates.len(),
        1,
        "one republication in corpus/: {summary}"
    );
    let dup = &duplicates[0];
    let dup_article = article(DUPLICATE);
    assert!(
        dup_article.id.matches(util::field(dup, "id"))
            && article(ORIGINAL).id.matches(util::field(dup, "duplicate_of"))
            && util::field(dup, "path").ends_with("articles.jsonl")
            && dup["line"] == 9,
        "duplicate_list must name the skipped {DUPLICATE} ({:?}) and the original {ORIGINAL}: {dup}",
        dup_article.id
    );

    let warnings = as_list(&summary, "warnings");
    assert_eq!(
        warnings.len(),
        1,
        "the only warning is the empty file: {summary}"
    );
    assert!(
        util::field(&warnings[0], "path").ends_with("empty.txt")
            && util::field(&warnings[0], "message") == "empty file",
        "warning about header/empty.txt expected: {}",
        warnings[0]
    );
}

#[test]
fn reindexing_the_corpus_adds_nothing() {
    let index = temp_dir("cli-index-");
    let (code, _, stderr) = index_json(index.path(), &[util::corpus()], &[]);
    assert_eq!(code, 0, "first run: {stderr}");
    let queries = ["đảng", "dang uy", "\"đảng viên\"", "Covid-19"];
    let before: Vec<usize> = queries
        .iter()
        .map(|q| count(index.path(), q, &[]))
        .collect();

    let (code, summary, stderr) = index_json(index.path(), &[util::corpus()], &[]);
    assert_eq!(code, 0, "second run: {stderr}");
    assert_eq!(
        (
            as_count(&summary, "indexed"),
            as_count(&summary, "replaced"),
            as_count(&summary, "unchanged"),
            as_count(&summary, "duplicates"),
        ),
        (0, 0, expected_corpus_documents(), 1),
        "re-indexing unchanged files must find every document unchanged (indexed, replaced, \
         unchanged, duplicates): {summary}"
    );
    let after: Vec<usize> = queries
        .iter()
        .map(|q| count(index.path(), q, &[]))
        .collect();
    assert_eq!(
        before, after,
        "re-indexing must not change search counts for {queries:?}"
    );
}

#[test]
fn a_changed_document_replaces_its_old_version() {
    let source = temp_dir("cli-index-src-");
    let header = source.path().join("vn-2019-1116.txt");
    let plain = source.path().join("ghi-chep.txt");
    let original = fs::read_to_string(util::corpus().join("header/vn-2019-1116.txt")).unwrap();
    assert!(
        original.contains("Ea Sút"),
        "fixture header/vn-2019-1116.txt must mention Ea Sút"
    );
    fs::write(&header, &original).unwrap();
    fs::write(
        &plain,
        "Ghi chép ở bản Xốp Phe\nBản Xốp Phe có 80 hộ đồng bào Khơ Mú.\n",
    )
    .unwrap();
    let index = temp_dir("cli-index-");
    let paths = [source.path().to_path_buf()];
    let (code, summary, stderr) = index_json(index.path(), &paths, &[]);
    assert_eq!((code, as_count(&summary, "indexed")), (0, 2), "{stderr}");
    let before = hits(index.path(), "Xốp Phe", &[]);

    fs::write(&header, original.replace("Ea Sút", "Ea Kao")).unwrap();
    fs::write(
        &plain,
        "Ghi chép ở bản Xốp Phe\nBản Xốp Phe có 95 hộ đồng bào Thái.\n",
    )
    .unwrap();
    let (code, summary, stderr) = index_json(index.path(), &paths, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (
            as_count(&summary, "indexed"),
            as_count(&summary, "replaced"),
            as_count(&summary, "unchanged"),
            as_count(&summary, "duplicates"),
        ),
        (0, 2, 0, 0),
        "both changed files (given id and derived id) must replace their old version: {summary}"
    );

    let (code, old, _) = util::search_json(index.path(), &["\"Ea Sút\""]);
    assert_eq!(
        (code, old.len()),
        (1, 0),
        "the old text must be gone after the document was replaced: {old:?}"
    );
    let new = hits(index.path(), "\"Ea Kao\"", &[]);
    assert_eq!(
        new.iter().map(|h| util::field(h, "id")).collect::<Vec<_>>(),
        ["vn-2019-1116"],
        "the new text must be found under the same id"
    );
    assert_eq!(
        count(index.path(), "\"Khơ Mú\"", &[]),
        0,
        "old plain text still found"
    );
    let after = hits(index.path(), "Thái Xốp Phe", &[]);
    assert_eq!(
        (before.len(), after.len()),
        (1, 1),
        "the plain document must be found before and after the change"
    );
    assert_eq!(
        before[0]["id"], after[0]["id"],
        "a derived id must not change when the file's content changes"
    );
    assert_eq!(
        count(index.path(), "date:0001..9999", &[]),
        1,
        "one dated document"
    );
}

#[test]
fn rebuild_starts_from_an_empty_index() {
    let index = temp_dir("cli-index-");
    let (code, _, stderr) = index_json(index.path(), &[util::corpus()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(count(index.path(), "\"Cầu Vồng Xanh\"", &[]) > 0);

    let (code, summary, stderr) = index_json(index.path(), &[util::corpus()], &["--rebuild"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (
            as_count(&summary, "indexed"),
            as_count(&summary, "unchanged")
        ),
        (expected_corpus_documents(), 0),
        "--rebuild must index every document again, none unchanged: {summary}"
    );

    let other = files(
        "cli-index-src-",
        &[("tin.jsonl", GOOD_JSON_LINE.as_bytes())],
    );
    let (code, summary, stderr) =
        index_json(index.path(), &[other.path().to_path_buf()], &["--rebuild"]);
    assert_eq!((code, as_count(&summary, "indexed")), (0, 1), "{stderr}");
    assert_eq!(
        count(index.path(), "\"Cầu Vồng Xanh\"", &[]),
        0,
        "after --rebuild with other files, the corpus articles must be gone"
    );
    assert_eq!(count(index.path(), "Quỳnh Lưu", &[]), 1);
}

#[test]
fn a_malformed_json_line_is_rejected_and_the_other_lines_are_indexed() {
    let jsonl =
        format!("{GOOD_JSON_LINE}\n{{\"id\": \"tot-2\", \"title\": broken\n{OTHER_JSON_LINE}\n");
    let dir = files("cli-index-src-", &[("tin.jsonl", jsonl.as_bytes())]);
    let index = temp_dir("cli-index-");
    let (output, _, stderr) = run(tracuu(index.path()).arg("index").arg(dir.path()));
    assert_eq!(
        status(&output),
        1,
        "a rejected record must make `tracuu index` exit with status 1: {stderr}"
    );
    let message = stderr
        .lines()
        .find(|l| l.contains("tin.jsonl:2:"))
        .unwrap_or_else(|| panic!("no message naming tin.jsonl:2 on stderr: {stderr}"));
    assert!(
        message.starts_with("tracuu: ") && message.contains("invalid JSON"),
        "the message must say the line is invalid JSON: {message:?}"
    );
    assert!(
        stderr.contains("indexed 2,"),
        "lines 1 and 3 must still be indexed: {stderr}"
    );
    assert_eq!(
        count(index.path(), "Quỳnh Lưu", &[]),
        1,
        "line 1 not indexed"
    );
    assert_eq!(
        count(index.path(), "Diễn Hoàng", &[]),
        1,
        "line 3 not indexed"
    );

    let again = temp_dir("cli-index-");
    let (code, summary, _) = index_json(again.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 1);
    let rejected = as_list(&summary, "rejected");
    assert_eq!(rejected.len(), 1, "one rejected line: {summary}");
    let issue = &rejected[0];
    assert!(
        util::field(issue, "path").ends_with("tin.jsonl")
            && issue["line"] == 2
            && util::field(issue, "message").contains("invalid JSON"),
        "`rejected` entries are {{\"path\", \"line\", \"message\"}}: {issue}"
    );
}

#[test]
fn a_binary_file_is_skipped_with_a_warning() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
    let dir = files(
        "cli-index-src-",
        &[("anh.txt", png), ("tin.jsonl", GOOD_JSON_LINE.as_bytes())],
    );
    let index = temp_dir("cli-index-");
    let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "a skipped binary file is not an error: {stderr}");
    assert_eq!(as_count(&summary, "indexed"), 1, "{summary}");
    assert!(
        stderr.lines().any(|l| l.starts_with("tracuu: warning: ")
            && l.contains("anh.txt")
            && l.contains("binary")),
        "a warning must name the binary file: {stderr}"
    );
}

#[test]
fn a_nonexistent_path_is_reported_and_the_good_files_are_still_indexed() {
    let dir = files(
        "cli-index-src-",
        &[("tin.jsonl", GOOD_JSON_LINE.as_bytes())],
    );
    let missing: PathBuf = dir.path().join("khong-co.txt");
    let index = temp_dir("cli-index-");
    let (output, _, stderr) = run(tracuu(index.path())
        .arg("index")
        .arg(&missing)
        .arg(dir.path()));
    assert_ne!(
        status(&output),
        0,
        "a missing path must fail the run: {stderr}"
    );
    assert!(
        stderr.lines().any(|l| l.starts_with("tracuu: ")
            && l.contains(&missing.display().to_string())
            && l.contains("no such file")),
        "stderr must name the missing path and say why: {stderr}"
    );
    assert_eq!(
        count(index.path(), "Quỳnh Lưu", &[]),
        1,
        "the existing file must still be indexed"
    );
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let index = temp_dir("cli-index-");
    let (output, stdout, stderr) = run_with_stdin(
        tracuu(index.path()).args(["index", "-", "--json"]),
        &format!("{GOOD_JSON_LINE}\n"),
    );
    assert_eq!(status(&output), 0, "{stderr}");
    let summary: Value = serde_json::from_str(stdout.trim()).expect("a JSON summary");
    assert_eq!(as_count(&summary, "indexed"), 1, "{summary}");
    let found = hits(index.path(), "Quỳnh Lưu", &[]);
    assert_eq!(
        found.len(),
        1,
        "the JSON line from stdin must be searchable"
    );
    assert_eq!(found[0]["id"], "tot-1", "the JSON id is used as given");
    assert_eq!(found[0]["path"], "-", "stdin is shown as `-`");
}

/// The fixture table names files that exist (a renamed corpus file fails here with a clear message
/// rather than in every search test).
#[test]
fn fixture_table_names_existing_files() {
    for article in &ARTICLES {
        let file = article.label.split(" line ").next().unwrap();
        assert!(
            Path::new(&util::corpus()).join(file).is_file(),
            "corpus/README.md names {file}, which does not exist"
        );
    }
}
