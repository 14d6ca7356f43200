//! `tracuu index`: what indexing the sample corpus reports, re-indexing, replacing, rebuilding,
//! bad input and standard input. Expectations come from corpus/README.md ("What is in this
//! corpus", "Duplicates"), not from what the code happens to print.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::util::{
    self, count, hits, index_json, run, run_with_stdin, status, temp_dir, tracuu, ARTICLES,
};

/// Documents from indexing the whole `corpus/` folder: every article but the skipped duplicate
/// (`corpus/README.md` is not an article file, so walking the folder skips it).
fn expected_corpus_documents() -> usize {
    ARTICLES.len()
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
fn indexing_the_corpus_reports_documents_copy_and_empty_file() {
    let index = temp_dir("cli-index-");
    let (output, stdout, stderr) = run(tracuu(index.path()).arg("index").arg(util::corpus()));
    assert_eq!(
        status(&output),
        0,
        "indexing corpus/ must succeed: a copy and an empty file are not errors; stderr: {stderr}"
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
        "indexed {}, replaced 0, unchanged 0, copies 1, rejected 0, warnings 1 ",
        expected_corpus_documents()
    );
    assert!(
        summary.starts_with(&expected),
        "corpus/README.md says: 48 articles, one an exact copy of another, and \
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

    assert!(
        !stderr.contains("duplicate"),
        "copies are counted, not listed: {stderr}"
    );
}

#[test]
fn json_summary_lists_counts_copies_warnings_and_rate() {
    let index = temp_dir("cli-index-");
    let (code, summary, _) = index_json(index.path(), &[util::corpus()], &[]);
    assert_eq!(code, 0, "indexing corpus/ must succeed: {summary}");
    assert_eq!(
        as_count(&summary, "indexed"),
        expected_corpus_documents(),
        "documents indexed from corpus/ (48 publications): {summary}"
    );
    for key in ["replaced", "unchanged"] {
        assert_eq!(
            as_count(&summary, key),
            0,
            "`{key}` in a first run: {summary}"
        );
    }
    assert_eq!(
        as_count(&summary, "copies"),
        1,
        "`copies` is the number of documents that joined an indexed story: {summary}"
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

    assert!(
        summary.get("duplicate_list").is_none(),
        "no list of copies: {summary}"
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
            as_count(&summary, "copies"),
        ),
        (0, 0, expected_corpus_documents(), 0),
        "re-indexing unchanged files must find every document unchanged (indexed, replaced, \
         unchanged, copies): {summary}"
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
            as_count(&summary, "copies"),
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
fn a_rebuild_that_finds_nothing_to_index_leaves_the_index_as_it_was() {
    let index = temp_dir("cli-index-");
    let (code, _, stderr) = index_json(index.path(), &[util::corpus()], &[]);
    assert_eq!(code, 0, "{stderr}");
    let before = count(index.path(), "\"Cầu Vồng Xanh\"", &[]);
    assert!(before > 0);
    let binary_only = files(
        "cli-index-src-",
        &[("anh.jsonl", &[0u8, 159, 146, 150, 0, 1][..])],
    );
    let mistyped = index.path().join("khong-co-thu-muc-nay");
    let problems = [
        (mistyped, "khong-co-thu-muc-nay: no such file or directory"),
        (
            binary_only.path().to_path_buf(),
            "anh.jsonl: binary file skipped",
        ),
    ];
    for (path, problem) in problems {
        let (output, _, stderr) = run(tracuu(index.path()).args(["index", "--rebuild"]).arg(&path));
        assert_eq!(status(&output), 2, "{path:?}: {stderr}");
        // Why nothing was indexed, as a run without --rebuild says it, then the error.
        assert!(
            stderr.contains(problem) && stderr.ends_with("left as it was\n"),
            "{stderr}"
        );
        assert_eq!(
            count(index.path(), "\"Cầu Vồng Xanh\"", &[]),
            before,
            "{path:?}: the index must keep its documents"
        );
    }
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
fn a_lone_surrogate_escape_is_read_as_u_fffd_with_a_warning() {
    // A JavaScript scraper that cuts a title inside an emoji leaves half of its UTF-16 pair,
    // which serde_json refuses; the pair in the body is the emoji, and stays one.
    let surrogate = r#"{"id": "nong-1", "title": "Tin nóng \ud83d", "body": "Quốc hội họp \ud83d\ude00 phiên thứ nhất."}"#;
    let jsonl = format!("{GOOD_JSON_LINE}\n{surrogate}\n");
    let dir = files("cli-index-src-", &[("tin.jsonl", jsonl.as_bytes())]);
    let index = temp_dir("cli-index-");
    let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "a warning is not a rejection: {stderr}");
    assert_eq!(as_count(&summary, "indexed"), 2, "{summary}");
    let warnings = as_list(&summary, "warnings");
    assert_eq!(warnings.len(), 1, "one warning for the line: {summary}");
    let warning = &warnings[0];
    assert!(
        util::field(warning, "path").ends_with("tin.jsonl")
            && warning["line"] == 2
            && util::field(warning, "kind") == "lone_surrogate"
            && util::field(warning, "severity") == "warning"
            && util::field(warning, "message") == r"lone surrogate \ud83d replaced by U+FFFD",
        "{warning}"
    );
    assert!(
        stderr.lines().any(|l| l.starts_with("tracuu: warning: ")
            && l.ends_with(r"tin.jsonl:2: lone surrogate \ud83d replaced by U+FFFD")),
        "{stderr}"
    );

    let (output, stdout, stderr) =
        run(tracuu(index.path()).args(["export", "--with-text", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let record = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| util::field(r, "id") == "nong-1")
        .unwrap_or_else(|| panic!("nong-1 not exported: {stdout}"));
    assert_eq!(util::field(&record, "title"), "Tin nóng \u{fffd}");
    assert_eq!(
        util::field(&record, "text"),
        "Quốc hội họp 😀 phiên thứ nhất."
    );
    let found = hits(index.path(), "\"phiên thứ nhất\"", &[]);
    let ids: Vec<&str> = found.iter().map(|hit| util::field(hit, "id")).collect();
    assert_eq!(ids, ["nong-1"]);
}

#[test]
fn lines_ended_by_a_lone_carriage_return_are_read_as_lines() {
    // Old Mac files end their lines with `\r` alone: each JSON line is a record, the header of a
    // text article is read line by line, and messages name the line they are about.
    let jsonl =
        format!("{GOOD_JSON_LINE}\r{{\"id\": \"tot-2\", \"title\": broken\r{OTHER_JSON_LINE}\r");
    let article =
        "# doc_id = mac-1\r# date = 20210230\r# url = https://baonghean.vn/cau-ben-thuy-3.html\r\
        Nghệ An khánh thành cầu Bến Thủy 3\r\
        Cầu Bến Thủy 3 nối thành phố Vinh với huyện Nghi Xuân, Hà Tĩnh.\r\
        Cây cầu dài hơn 2 km, được xây dựng trong hai năm.\r";
    let dir = files(
        "cli-index-src-",
        &[
            ("tin.jsonl", jsonl.as_bytes()),
            ("bai.txt", article.as_bytes()),
        ],
    );
    let index = temp_dir("cli-index-");
    let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 1, "line 2 of tin.jsonl is rejected: {stderr}");
    assert_eq!(as_count(&summary, "indexed"), 3, "{summary}");
    let rejected = as_list(&summary, "rejected");
    assert!(
        rejected.len() == 1
            && util::field(&rejected[0], "path").ends_with("tin.jsonl")
            && rejected[0]["line"] == 2
            && util::field(&rejected[0], "message").contains("invalid JSON"),
        "{summary}"
    );
    let warnings = as_list(&summary, "warnings");
    assert!(
        warnings.len() == 1
            && util::field(&warnings[0], "path").ends_with("bai.txt")
            && warnings[0]["line"] == 2
            && util::field(&warnings[0], "message") == "invalid date \"20210230\" ignored",
        "{summary}"
    );

    let found = hits(index.path(), "Bến Thủy", &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    let hit = &found[0];
    assert_eq!(
        (
            util::field(hit, "id"),
            util::field(hit, "title"),
            util::field(hit, "source")
        ),
        (
            "mac-1",
            "Nghệ An khánh thành cầu Bến Thủy 3",
            "baonghean.vn"
        ),
        "{hit}"
    );
    assert_eq!(count(index.path(), "\"Nghi Xuân\"", &[]), 1);
    let ids: Vec<String> = ["Quỳnh Lưu", "Diễn Hoàng"]
        .iter()
        .flat_map(|query| hits(index.path(), query, &[]))
        .map(|hit| util::field(&hit, "id").to_owned())
        .collect();
    assert_eq!(ids, ["tot-1", "tot-3"]);
}

#[test]
fn numeric_ids_that_cannot_be_kept_exactly_are_rejected_not_rounded() {
    // As f64, the first two ids are both 1e20 and `1e3` is 1000: read that way, one article
    // replaced another and `1e3` collided with the id 1000.
    let lines = [
        r#"{"id": 100000000000000000001, "title": "Đảng bộ tỉnh họp", "body": "Đảng bộ tỉnh họp phiên thường kỳ."}"#,
        r#"{"id": 100000000000000000002, "title": "Cử tri góp ý", "body": "Cử tri huyện góp ý dự thảo luật."}"#,
        r#"{"id": 1e3, "title": "Mã viết theo số mũ", "body": "Bài về phong trào khuyến học."}"#,
        r#"{"id": 1000, "title": "Khánh thành trường", "body": "Trường tiểu học xã được khánh thành."}"#,
    ];
    let jsonl = lines.join("\n");
    let dir = files("cli-index-src-", &[("tin.jsonl", jsonl.as_bytes())]);
    let index = temp_dir("cli-index-");
    let (output, _, stderr) = run(tracuu(index.path()).arg("index").arg(dir.path()));
    assert_eq!(status(&output), 1, "{stderr}");
    for line in 1..=3 {
        let message = stderr
            .lines()
            .find(|l| l.contains(&format!("tin.jsonl:{line}:")))
            .unwrap_or_else(|| panic!("no message naming tin.jsonl:{line} on stderr: {stderr}"));
        assert!(
            message.contains("`id` must be a string or an integer")
                && message.ends_with("write it as a string"),
            "{message:?}"
        );
    }
    assert!(
        stderr.contains("indexed 1, replaced 0,") && stderr.contains("rejected 3,"),
        "{stderr}"
    );
    let found = hits(index.path(), "khánh thành", &[]);
    let ids: Vec<&str> = found.iter().map(|hit| util::field(hit, "id")).collect();
    assert_eq!(ids, ["1000"]);
    assert_eq!(count(index.path(), "cử tri", &[]), 0);
}

#[test]
fn the_integer_id_minus_zero_is_the_id_0() {
    // serde_json reads `-0` as a float; it is an integer all the same, unlike `-0.0`.
    let lines = [
        r#"{"id": -0, "title": "Hội nghị cử tri phường Bến Thủy", "body": "Cử tri phường Bến Thủy góp ý dự thảo luật đất đai."}"#,
        r#"{"id": -0.0, "title": "Mã có phần lẻ", "body": "Bài về phong trào khuyến học."}"#,
    ];
    let dir = files(
        "cli-index-src-",
        &[("tin.jsonl", lines.join("\n").as_bytes())],
    );
    let index = temp_dir("cli-index-");
    let (output, _, stderr) = run(tracuu(index.path()).arg("index").arg(dir.path()));
    assert_eq!(status(&output), 1, "{stderr}");
    assert!(
        stderr.contains("indexed 1, replaced 0,") && stderr.contains("rejected 1,"),
        "{stderr}"
    );
    assert!(
        stderr.lines().any(
            |l| l.contains("tin.jsonl:2:") && l.contains("`id` must be a string or an integer")
        ),
        "{stderr}"
    );
    let found = hits(index.path(), "Bến Thủy", &[]);
    let ids: Vec<&str> = found.iter().map(|hit| util::field(hit, "id")).collect();
    assert_eq!(ids, ["0"]);
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
        format!("{GOOD_JSON_LINE}\n"),
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

/// The fixture table itself: [`ARTICLES`] is parsed from corpus/README.md ("Every article"), so
/// these tests check that parse against the corpus files, read here without tracuu, and check that
/// a malformed table fails loudly.
mod fixture_table {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fs;
    use std::panic::{self, AssertUnwindSafe};
    use std::path::Path;

    use serde_json::{Map, Value};

    use crate::util::{self, article, nfc, parse_articles, Article, Id, ARTICLES, COPY, ORIGINAL};

    /// The README's rows agree with the article records of `corpus/` (every non-empty article
    /// file, and every non-blank line of a JSON-lines file), found by walking the folder here: the
    /// same labels (so each row's file exists and the counts agree), unique labels and ids, each
    /// row's format, the id each file gives or implies, and for header-text and JSON-lines
    /// articles the date, source, author and title the file gives. The per-format counts of
    /// "What is in this corpus" agree with the table too.
    #[test]
    fn fixture_table_matches_the_corpus_records() {
        let records = corpus_records();

        let table: BTreeMap<&str, &Article> = ARTICLES.iter().map(|a| (a.label, a)).collect();
        assert_eq!(
            table.len(),
            ARTICLES.len(),
            "two rows of the fixture table in corpus/README.md name the same article"
        );
        let ids: BTreeSet<String> = ARTICLES.iter().map(|a| a.id.to_string()).collect();
        assert_eq!(
            ids.len(),
            ARTICLES.len(),
            "two rows of the fixture table in corpus/README.md have the same id"
        );
        let unlisted: Vec<&str> = records
            .keys()
            .map(String::as_str)
            .filter(|label| !table.contains_key(label))
            .collect();
        let absent: Vec<&str> = table
            .keys()
            .copied()
            .filter(|label| !records.contains_key(*label))
            .collect();
        assert!(
            unlisted.is_empty() && absent.is_empty(),
            "the fixture table in corpus/README.md and the corpus differ; articles of the corpus \
             with no row: {unlisted:?}; rows with no such article in the corpus: {absent:?}"
        );
        assert_eq!(
            ARTICLES.len(),
            records.len(),
            "rows of the fixture table vs article records in corpus/"
        );

        for article in &ARTICLES {
            let record = &records[article.label];
            let label = article.label;
            assert!(
                record.formats.iter().any(|f| f == article.format),
                "{label}: the table says format {:?}, the file is {:?}",
                article.format,
                record.formats
            );
            if let Some(id) = &record.id {
                assert_eq!(&article.id.to_string(), id, "{label}: id");
            }
            if let Some(meta) = &record.meta {
                let table_side = (
                    article.date.map(str::to_string),
                    article.source.map(nfc),
                    article.author.map(nfc),
                );
                assert_eq!(
                    table_side,
                    (meta.date.clone(), meta.source.clone(), meta.author.clone()),
                    "{label}: (date, source, author) in corpus/README.md vs the file"
                );
                if let Some(title) = &meta.title {
                    assert_eq!(article.title, title, "{label}: title");
                }
            }
            if let Some(line) = article.line() {
                assert!(
                    match article.id {
                        Id::Given(_) => true,
                        Id::DerivedLine(_, n) => n == line,
                        Id::Derived(_) => false,
                    },
                    "{label}: a JSON line's derived id carries its line number: {}",
                    article.id
                );
            }
        }
        for label in [COPY, ORIGINAL] {
            article(label);
        }

        let readme = util::corpus_readme();
        let summary = util::markdown_table(
            &readme,
            util::CORPUS_README,
            "What is in this corpus",
            &["format", "files", "articles"],
        );
        let mut stated = BTreeMap::new();
        let mut stated_total = None;
        for row in &summary {
            let n: usize = row.cells[2].trim_matches('*').parse().unwrap_or_else(|_| {
                panic!(
                    "{}:{}: the number of articles is {:?}",
                    util::CORPUS_README,
                    row.line,
                    row.cells[2]
                )
            });
            if row.cells[0] == "**total**" {
                stated_total = Some(n);
            } else {
                stated.insert(row.cells[0].as_str(), n);
            }
        }
        let mut counted = BTreeMap::new();
        for article in &ARTICLES {
            *counted.entry(article.format).or_insert(0) += 1;
        }
        assert_eq!(
            counted, stated,
            "articles per format: the table \"Every article\" vs the summary in \"What is in this \
             corpus\" (corpus/README.md)"
        );
        assert_eq!(
            stated_total,
            Some(ARTICLES.len()),
            "the total in \"What is in this corpus\" vs the rows of \"Every article\""
        );
    }

    /// The parser reads Markdown cells: code spans, `\|`, `—`, file lines and the forms of ids.
    #[test]
    fn fixture_table_parser_reads_markdown_cells() {
        let articles = parse_articles(
            &readme_with_rows(&[
                GOOD_ROW,
                r"| 2 | `plain/c.txt` | `c-<hash>` | — | — | — | plain | A \| B `x\|y` |",
                "| 3 | `j/a.jsonl` line 13 | ``a-<hash>:13`` | 2024-03-12 | `host.vn` | Đ.V | JSON \
                 lines | T |",
            ]),
            "test.md",
        );
        let rows: Vec<_> = articles
            .iter()
            .map(|a| (a.label, a.id, a.date, a.source, a.author, a.format, a.title))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "a/b.jsonl line 2",
                    Id::Given("x-1"),
                    Some("2020-01-02"),
                    Some("Báo A"),
                    None,
                    "JSON lines",
                    "Tiêu đề",
                ),
                (
                    "plain/c.txt",
                    Id::Derived("c"),
                    None,
                    None,
                    None,
                    "plain",
                    "A | B x|y"
                ),
                (
                    "j/a.jsonl line 13",
                    Id::DerivedLine("a", 13),
                    Some("2024-03-12"),
                    Some("host.vn"),
                    Some("Đ.V"),
                    "JSON lines",
                    "T",
                ),
            ]
        );
        assert_eq!(articles[0].file(), "a/b.jsonl");
        assert_eq!(articles[0].line(), Some(2));
        assert_eq!(articles[1].line(), None);
    }

    /// A README edit that breaks the table fails with a message naming the line.
    #[test]
    fn fixture_table_parser_rejects_malformed_tables() {
        let row = |n: &str, id: &str, date: &str, title: &str| {
            format!("| {n} | `a/b.txt` | `{id}` | {date} | — | — | plain | {title} |")
        };
        let nfd_title = "Tie\u{302}u đề";
        let cases: Vec<(String, &str)> = vec![
            (
                readme_with_rows(&[GOOD_ROW, "| 2 | x |"]),
                "test.md:10: 2 cells, expected 8",
            ),
            (
                readme_with_rows(&[&row("1", "x", "2020-01-02", "T"), "| 2 | `a` | `b` |"]),
                "test.md:10: 3 cells",
            ),
            (
                readme_with_rows(&[GOOD_ROW, &row("3", "y", "—", "T")]),
                "test.md:10: column `#` of row 2",
            ),
            (
                readme_with_rows(&[&row("1", "x", "2020-13-02", "T")]),
                "test.md:9: column `date` of row 1",
            ),
            (
                readme_with_rows(&[&row("1", "<x>", "—", "T")]),
                "test.md:9: column `id` of row 1",
            ),
            (
                readme_with_rows(&[&row("1", "x", "—", nfd_title)]),
                "test.md:9: column `title` of row 1: not in NFC",
            ),
            (
                readme_with_rows(&["| 1 | `a/b.txt | `x` | — | — | — | plain | T |"]),
                "test.md:9: unclosed code span",
            ),
            (
                readme_with_rows(&["| 1 | `a/b.txt` | `x` | — | — | — | plain | T"]),
                "test.md:9: a table row must start and end with `|`",
            ),
            (
                readme_with_rows(&[]),
                "test.md:8: the table under \"Every article\" has no rows",
            ),
            (
                readme_with_rows(&[GOOD_ROW]).replace("| author |", "| writer |"),
                "test.md:7: the table under \"Every article\" has the columns",
            ),
            (
                readme_with_rows(&[GOOD_ROW]).replace("Every article", "All articles"),
                "test.md: no heading \"Every article\"",
            ),
            (
                readme_with_rows(&[GOOD_ROW]) + "\n## Every article\n",
                "test.md: the heading \"Every article\" occurs 2 times (lines 3, 13)",
            ),
        ];
        for (readme, expected) in &cases {
            let result =
                panic::catch_unwind(AssertUnwindSafe(|| parse_articles(readme, "test.md")));
            let message = match result {
                Ok(articles) => panic!("parsed {articles:?} from a malformed table:\n{readme}"),
                Err(payload) => payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            };
            assert!(
                message.contains(expected),
                "expected a panic containing {expected:?}, got {message:?} for:\n{readme}"
            );
        }
    }

    /// A well-formed row 1 for the parser tests.
    const GOOD_ROW: &str =
        "| 1 | `a/b.jsonl` line 2 | `x-1` | 2020-01-02 | Báo A | — | JSON lines | Tiêu đề |";

    /// A README whose "Every article" table has `rows`: its header is line 7, its first row line 9.
    fn readme_with_rows(rows: &[&str]) -> String {
        let mut text = String::from(
            "# Corpus\n\n### Every article\n\nSome text.\n\n\
             | # | file | id | date | source | author | format | title |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        );
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text.push_str("\n## Next\n");
        text
    }

    /// One article record of the corpus as read here, to compare with its row.
    struct Record {
        /// The formats the row may give: one, except for a gzip text file (not decompressed here:
        /// the tests have no gzip decoder), which may hold any kind of text document.
        formats: Vec<String>,
        /// The id as the README writes it (`<stem>-<hash>`), when the file tells it.
        id: Option<String>,
        /// Metadata the file gives (header text and JSON lines only).
        meta: Option<Meta>,
    }

    /// An article's metadata as its file gives it, in NFC; dates made ISO.
    struct Meta {
        date: Option<String>,
        source: Option<String>,
        author: Option<String>,
        /// `None` when the title is not checked (a JSON line without `title`).
        title: Option<String>,
    }

    /// Extensions of article files (corpus/README.md, "Finding, decoding and ordering files").
    const ARTICLE_EXTENSIONS: [&str; 6] = ["txt", "text", "jsonl", "ndjson", "json", "jsonlines"];
    /// Extensions of JSON-lines files.
    const JSON_EXTENSIONS: [&str; 4] = ["jsonl", "ndjson", "json", "jsonlines"];
    /// Compression suffixes, removed before the extension is looked at.
    const COMPRESSION_SUFFIXES: [&str; 3] = [".gz", ".zst", ".zstd"];

    /// Every article record of `corpus/`, by its README label (`path` or `path line N`).
    ///
    /// Walks the folder in byte order of names, and asserts on the way that the only file that is
    /// not an article file is the README and the only empty one is `header/empty.txt`, as the
    /// README's layout says.
    fn corpus_records() -> BTreeMap<String, Record> {
        let mut files = Vec::new();
        walk(&util::corpus(), "", &mut files);
        let (articles, others): (Vec<String>, Vec<String>) =
            files.into_iter().partition(|path| is_article_name(path));
        assert_eq!(
            others,
            ["README.md"],
            "corpus/ holds files that are not article files, besides its README"
        );

        let mut records = BTreeMap::new();
        let mut empty = Vec::new();
        for path in &articles {
            let bytes = fs::read(util::corpus().join(path)).unwrap();
            let (bytes, compression) = if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
                (zstd::decode_all(&bytes[..]).unwrap(), ", zstd")
            } else if bytes.starts_with(&[0x1f, 0x8b]) {
                let formats = ["header text", "scraped page", "plain"];
                let formats = formats.iter().map(|f| format!("{f}, gzip")).collect();
                assert!(
                    !is_json_name(path),
                    "{path}: a gzip JSON-lines file cannot be counted here (no gzip decoder)"
                );
                let record = Record {
                    formats,
                    id: None,
                    meta: None,
                };
                records.insert(path.clone(), record);
                continue;
            } else {
                (bytes, "")
            };
            let text =
                String::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: not UTF-8 ({e})"));
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            if text.trim().is_empty() {
                empty.push(path.clone());
            } else if is_json_name(path) || text.starts_with('{') {
                for (i, line) in text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let label = format!("{path} line {}", i + 1);
                    let record = json_record(path, i + 1, line, compression);
                    records.insert(label, record);
                }
            } else {
                records.insert(path.clone(), text_record(path, text, compression));
            }
        }
        assert_eq!(
            empty,
            ["header/empty.txt"],
            "the empty article files of corpus/ (corpus/README.md documents one)"
        );
        assert_eq!(
            fs::metadata(util::corpus().join("header/empty.txt"))
                .unwrap()
                .len(),
            0,
            "header/empty.txt is documented as 0 bytes"
        );
        records
    }

    /// The files under `dir`, as paths relative to the corpus (`header/vn-2018-0125.txt`), in
    /// byte order of names, depth first.
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap())
            .collect();
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            let name = entry.file_name().into_string().unwrap();
            let path = format!("{prefix}{name}");
            if name.starts_with('.') {
                continue;
            }
            if entry.path().is_dir() {
                walk(&entry.path(), &format!("{path}/"), out);
            } else {
                out.push(path);
            }
        }
    }

    fn without_compression(path: &str) -> &str {
        COMPRESSION_SUFFIXES
            .iter()
            .find_map(|suffix| path.strip_suffix(suffix))
            .unwrap_or(path)
    }

    /// The extension of a file name after its compression suffix, if any.
    fn extension(path: &str) -> Option<String> {
        let name = without_compression(path).rsplit('/').next().unwrap();
        name.rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase())
    }

    fn is_article_name(path: &str) -> bool {
        extension(path).is_none_or(|e| ARTICLE_EXTENSIONS.contains(&e.as_str()))
    }

    fn is_json_name(path: &str) -> bool {
        extension(path).is_some_and(|e| JSON_EXTENSIONS.contains(&e.as_str()))
    }

    /// The stem of a derived id (corpus/README.md, "Ids").
    fn stem(path: &str) -> &str {
        let name = without_compression(path).rsplit('/').next().unwrap();
        [".txt", ".jsonl", ".ndjson", ".json"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name)
    }

    /// The host of a URL without `www.`.
    fn host(url: &str) -> String {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', '?', '#']).next().unwrap();
        host.strip_prefix("www.").unwrap_or(host).to_string()
    }

    /// `date` in ISO form; it must be `YYYY-MM-DD`, `YYYYMMDD` or `DD/MM/YYYY`.
    fn iso(date: &str, label: &str) -> String {
        let date = date.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = date.split(['-', '/']).collect();
        match parts[..] {
            [y, m, d]
                if date.contains('-') && y.len() == 4 && digits(y) && digits(m) && digits(d) =>
            {
                format!("{y}-{m:0>2}-{d:0>2}")
            }
            [d, m, y]
                if date.contains('/') && y.len() == 4 && digits(y) && digits(m) && digits(d) =>
            {
                format!("{y}-{m:0>2}-{d:0>2}")
            }
            [ymd] if ymd.len() == 8 && digits(ymd) => {
                format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..])
            }
            _ => panic!("{label}: the date {date:?} is in a form this test does not read"),
        }
    }

    /// A non-empty trimmed string value, or `None`.
    fn string<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn json_record(path: &str, line: usize, text: &str, compression: &str) -> Record {
        let label = format!("{path} line {line}");
        let value: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{label}: not JSON ({e})"));
        let object = value
            .as_object()
            .unwrap_or_else(|| panic!("{label}: not a JSON object"));
        let id = match object.get("id") {
            Some(Value::String(id)) => id.trim().to_string(),
            Some(Value::Number(id)) => id.to_string(),
            _ => format!("{}-<hash>:{line}", stem(path)),
        };
        let source = string(object, "source")
            .map(str::to_string)
            .or_else(|| string(object, "url").map(host));
        Record {
            formats: vec![format!("JSON lines{compression}")],
            id: Some(id),
            meta: Some(Meta {
                date: string(object, "date").map(|d| iso(d, &label)),
                source: source.as_deref().map(nfc),
                author: string(object, "author").map(nfc),
                title: string(object, "title").map(nfc),
            }),
        }
    }

    /// The key and value of a header line `# key = value`.
    fn header_line(line: &str) -> Option<(&str, &str)> {
        let (key, value) = line.strip_prefix("# ")?.split_once('=')?;
        let key = key.trim_end();
        let valid = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        valid.then_some((key, value.trim()))
    }

    fn text_record(path: &str, text: &str, compression: &str) -> Record {
        let Some(_) = text.lines().next().and_then(header_line) else {
            // Scraped page or plain document: which one is decided by the content (not read
            // here); the corpus keeps them in folders named after their format.
            let format = match path.split('/').next() {
                Some("scraped") => "scraped page",
                Some("plain") => "plain",
                _ => panic!("{path}: neither header text nor in scraped/ or plain/"),
            };
            return Record {
                formats: vec![format!("{format}{compression}")],
                id: Some(format!("{}-<hash>", stem(path))),
                meta: None,
            };
        };
        let mut header = BTreeMap::new();
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.peek() {
            if line.trim().is_empty() {
                lines.next();
            } else if let Some((key, value)) = header_line(line) {
                if !value.is_empty() {
                    header.entry(key).or_insert(value);
                }
                lines.next();
            } else {
                break;
            }
        }
        let key = |keys: &[&str]| keys.iter().find_map(|k| header.get(k).copied());
        let title = match key(&["title"]) {
            Some(title) => title,
            None => lines
                .find(|line| !line.trim().is_empty())
                .unwrap_or_else(|| panic!("{path}: a header with no text after it"))
                .trim(),
        };
        let source = key(&["source"])
            .map(str::to_string)
            .or_else(|| key(&["url", "link"]).map(host));
        Record {
            formats: vec![format!("header text{compression}")],
            id: Some(
                key(&["doc_id", "id"])
                    .map_or_else(|| format!("{}-<hash>", stem(path)), str::to_string),
            ),
            meta: Some(Meta {
                date: key(&["date"]).map(|d| iso(d, path)),
                source: source.as_deref().map(nfc),
                author: key(&["author", "description"])
                    .and(key(&["author"]))
                    .map(nfc),
                title: Some(nfc(title)),
            }),
        }
    }
}

#[test]
fn an_index_path_that_is_a_file_is_refused_and_the_file_kept() {
    let dir = temp_dir("cli-index-");
    let file = dir.path().join("ghi-chu.txt");
    fs::write(&file, "Ghi chú của tôi.").unwrap();
    let (output, _, stderr) = run(tracuu(&file).args(["index"]).arg(util::corpus()));
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(stderr.contains("not a directory"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "Ghi chú của tôi.");
}

/// `/dev/full` fails every write with "no space left on device".
#[cfg(target_os = "linux")]
#[test]
fn a_summary_that_cannot_be_written_does_not_fail_a_committed_run() {
    let index = temp_dir("cli-index-");
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = tracuu(index.path())
        .args(["index", "--json"])
        .arg(util::corpus())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(
        stderr.contains("the summary could not be written"),
        "{stderr}"
    );
    assert!(
        count(index.path(), "\"Cầu Vồng Xanh\"", &[]) > 0,
        "committed"
    );
}

#[test]
fn n_thang_nam_before_a_year_is_n_months_of_that_year_not_a_day_in_may() {
    // `năm` is the month May and the word "year": `9 tháng năm 2020` is the first nine months of
    // 2020. A day in May writes the month `5` or `Năm`, or puts `năm` ("year") before the year.
    let may_9 = Some("2020-05-09");
    let plain = [
        (
            "kinh-te.txt",
            "Kinh tế 9 tháng năm 2020: GDP tăng 2,12%",
            None,
        ),
        (
            "xuat-khau.txt",
            "Xuất khẩu 6 tháng năm 2021 đạt 157 tỷ USD",
            None,
        ),
        ("ten-thang.txt", "Hà Nội, ngày 9 tháng Năm năm 2020", may_9),
        ("nam-nam.txt", "Hà Nội, ngày 9 tháng năm năm 2020", may_9),
        ("so-thang.txt", "Hà Nội, ngày 9 tháng 5 năm 2020", may_9),
        ("khong-nam.txt", "Hà Nội, 9 tháng Năm 2020", may_9),
    ];
    let mut inputs: Vec<(String, String)> = plain
        .iter()
        .map(|(name, line, _)| {
            let text = format!(
                "{line}\n\nSáng 15/3, tại Hà Nội, Tổng cục Thống kê công bố số liệu kinh tế.\n"
            );
            (name.to_string(), text)
        })
        .collect();
    let json = r#"{"id": "xk-2021", "title": "Xuất khẩu tăng", "body": "Kim ngạch xuất khẩu tăng 28%.", "date": "6 tháng năm 2021"}"#;
    inputs.push(("tin.jsonl".to_owned(), json.to_owned()));
    let inputs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    let dir = files("cli-index-src-", &inputs);
    let index = temp_dir("cli-index-");
    let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "{stderr}");
    let warnings = as_list(&summary, "warnings");
    assert!(
        warnings.len() == 1
            && util::field(&warnings[0], "message")
                == "unrecognised date \"6 tháng năm 2021\" ignored",
        "{summary}"
    );

    let (output, stdout, stderr) = run(tracuu(index.path()).args(["export", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let date_of = |file: &str| -> Option<String> {
        let records = stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap());
        let record = records
            .into_iter()
            .find(|r| util::field(r, "path").ends_with(file))
            .unwrap_or_else(|| panic!("{file} not exported: {stdout}"));
        record["date"].as_str().map(str::to_owned)
    };
    for (file, line, expected) in plain {
        assert_eq!(date_of(file).as_deref(), expected, "{line:?}");
    }
    assert_eq!(date_of("tin.jsonl"), None);
}

#[test]
fn a_date_time_with_an_offset_is_dated_in_vietnam_time_in_every_view() {
    // 2021-03-31T18:00:00Z is 1 April, 01:00 in Vietnam: an article of April, not of March.
    let json = [
        (
            "utc-evening",
            "2021-03-31T18:00:00Z",
            "Quốc hội bầu Chủ tịch nước",
        ),
        (
            "utc-morning",
            "2021-03-31T02:00:00Z",
            "Quốc hội miễn nhiệm Thủ tướng",
        ),
        (
            "vietnam-time",
            "2021-03-31T23:30:00+07:00",
            "Quốc hội phê chuẩn Phó Thủ tướng",
        ),
        ("no-offset", "2021-03-31T23:30:00", "Quốc hội bế mạc kỳ họp"),
    ];
    let lines: String = json
        .iter()
        .map(|(id, date, title)| {
            let body = format!("{title} tại kỳ họp thứ 11.");
            format!(
                "{}\n",
                serde_json::json!({"id": id, "title": title, "body": body, "date": date})
            )
        })
        .collect();
    let header = "# doc_id = header-utc\n# date = 2021-03-31T17:00:00Z\nQuốc hội khai mạc\nQuốc hội khai mạc phiên họp.\n";
    let dir = files(
        "cli-index-src-",
        &[
            ("tin.jsonl", lines.as_bytes()),
            ("khai-mac.txt", header.as_bytes()),
        ],
    );
    let index = temp_dir("cli-index-");
    let (code, _, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "{stderr}");

    let expected = [
        ("utc-evening", "2021-04-01"),
        ("utc-morning", "2021-03-31"),
        ("vietnam-time", "2021-03-31"),
        ("no-offset", "2021-03-31"),
        ("header-utc", "2021-04-01"),
    ];
    let (output, stdout, stderr) = run(tracuu(index.path()).args(["export", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let dates: BTreeMap<String, String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| {
            (
                util::field(&r, "id").to_owned(),
                util::field(&r, "date").to_owned(),
            )
        })
        .collect();
    let wanted: BTreeMap<String, String> = expected
        .iter()
        .map(|(id, date)| (id.to_string(), date.to_string()))
        .collect();
    assert_eq!(dates, wanted);

    // Counted in the month of their Vietnamese date.
    let (output, stdout, stderr) =
        run(tracuu(index.path()).args(["trend", "quốc hội", "--by", "month", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let by_month: BTreeMap<String, u64> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| {
            (
                util::field(&r, "period").to_owned(),
                r["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        by_month,
        BTreeMap::from([("2021-03".to_owned(), 3), ("2021-04".to_owned(), 2)])
    );
}

#[test]
fn a_first_line_longer_than_a_title_stays_whole_in_the_body() {
    // Files that start with their lead paragraph: its end was neither title nor body.
    let lead =
        "Sáng nay, Quốc hội khóa XV khai mạc kỳ họp bất thường lần thứ nhất tại Nhà Quốc hội \
                ở Hà Nội, với nhiều nội dung quan trọng về tài chính, ngân sách và cơ chế đặc thù \
                nhằm hỗ trợ người dân và doanh nghiệp bị ảnh hưởng bởi dịch bệnh, cũng như bàn về \
                chương trình phục hồi và phát triển kinh tế xã hội giai đoạn tới, trong đó có \
                gói hỗ trợ lãi suất cho các doanh nghiệp nhỏ và vừa ở vùng sâu vùng xa.";
    let rest = "Các đại biểu thảo luận tại tổ về dự thảo nghị quyết.";
    assert!(lead.chars().count() > 300);
    let header = format!("# doc_id = ky-hop\n# date = 2022-01-04\n{lead}\n{rest}\n");
    let json = serde_json::json!({"id": "ky-hop-json", "body": format!("{lead}\n{rest}")});
    let scraped = format!(
        "20 C\nHà Nội\nThứ Ba, Tháng Một 4, 2022\n{lead}\n{rest}\nNguyễn Văn A\nBÌNH LUẬN\n"
    );
    let dir = files(
        "cli-index-src-",
        &[
            ("ky-hop.txt", header.as_bytes()),
            ("ky-hop.jsonl", format!("{json}\n").as_bytes()),
            ("ky-hop-trang.txt", scraped.as_bytes()),
        ],
    );
    let index = temp_dir("cli-index-");
    let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(
        (code, summary["indexed"].as_u64()),
        (0, Some(3)),
        "{stderr}"
    );

    let (output, stdout, stderr) =
        run(tracuu(index.path()).args(["export", "--json", "--with-text"]));
    assert_eq!(status(&output), 0, "{stderr}");
    for record in stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
    {
        let title = util::field(&record, "title");
        assert!(
            title.chars().count() <= 300 && lead.starts_with(title),
            "{record}"
        );
        let text = util::field(&record, "text");
        assert!(text.contains(lead) && text.contains(rest), "{record}");
    }
    // The lead's last words are found, in all three.
    let (output, stdout, stderr) = run(tracuu(index.path()).args([
        "search",
        "-c",
        "\"doanh nghiệp nhỏ và vừa ở vùng sâu vùng xa\"",
    ]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert_eq!(stdout.trim(), "3");
}

#[test]
fn a_header_id_over_1024_bytes_is_rejected_as_a_json_one_is() {
    // An id is one index term, which cannot hold 64 KiB: a 70,000-byte id could not be found
    // again, so each run added the article once more.
    let article = |key: &str, id_bytes: usize| {
        let id = "y".repeat(id_bytes);
        format!(
            "# {key} = {id}\nHội nghị cử tri xã Nghi Phong\nCử tri góp ý dự thảo luật đất đai.\n"
        )
    };
    let (longest, too_long, far_too_long) = (
        article("doc_id", 1024),
        article("doc_id", 2000),
        article("id", 70_000),
    );
    let dir = files(
        "cli-index-src-",
        &[
            ("vua-du.txt", longest.as_bytes()),
            ("qua-dai.txt", too_long.as_bytes()),
            ("rat-dai.txt", far_too_long.as_bytes()),
        ],
    );
    let index = temp_dir("cli-index-");
    for run in 1..=3 {
        let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
        assert_eq!(code, 1, "run {run}: {stderr}");
        let new = usize::from(run == 1);
        assert_eq!(
            (
                as_count(&summary, "indexed"),
                as_count(&summary, "unchanged")
            ),
            (new, 1 - new),
            "run {run}: {summary}"
        );
        let mut rejected: Vec<(String, u64, String)> = as_list(&summary, "rejected")
            .iter()
            .map(|issue| {
                let path = util::field(issue, "path");
                let file = Path::new(path).file_name().unwrap().to_string_lossy();
                let line = issue["line"].as_u64().unwrap_or(0);
                (
                    file.into_owned(),
                    line,
                    util::field(issue, "message").to_owned(),
                )
            })
            .collect();
        rejected.sort();
        assert_eq!(
            rejected,
            [
                (
                    "qua-dai.txt".to_owned(),
                    1,
                    "`doc_id` of 2000 bytes (at most 1024)".to_owned()
                ),
                (
                    "rat-dai.txt".to_owned(),
                    1,
                    "`id` of 70000 bytes (at most 1024)".to_owned()
                ),
            ],
            "run {run}"
        );
    }
    let (output, stdout, stderr) = run(tracuu(index.path()).args(["stats", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let stats: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(stats["documents"], 1, "{stats}");
}

/// Two plain-text articles with header ids, for the folders the tests below index.
const PRESS_BRIEFING: &str = "# doc_id = hop-bao-1\nHọp báo Chính phủ thường kỳ tháng Ba\n\
    Bộ trưởng Văn phòng Chính phủ chủ trì họp báo thông tin về kinh tế xã hội.\n";
const RICE_HARVEST: &str = "# doc_id = mua-lua-2\nNông dân Thái Bình vào vụ gặt lúa xuân\n\
    Nông dân các huyện trong tỉnh khẩn trương thu hoạch lúa xuân khi trời nắng ráo.\n";

/// Regression: indexing a folder that holds the index walked into it, rejecting the lines of its
/// `meta.json` and indexing its `tracuu-updated` file as an article. The index is skipped with
/// one warning naming it, wherever it lies: given with `--index` (here through a link to the
/// folder, so only canonical paths compare equal) or at the default location.
#[test]
fn a_folder_holding_the_index_is_indexed_without_the_index() {
    let articles: &[(&str, &[u8])] = &[
        ("bai/hop-bao.txt", PRESS_BRIEFING.as_bytes()),
        ("bai/mua-lua.txt", RICE_HARVEST.as_bytes()),
    ];
    let folder = files("cli-index-inside-", articles);
    let links = temp_dir("cli-index-link-");
    let link = links.path().join("kho");
    std::os::unix::fs::symlink(folder.path(), &link).unwrap();
    let index = link.join("chi-muc");
    for run_number in [1, 2] {
        let (code, summary, stderr) = index_json(&index, &[folder.path().to_path_buf()], &[]);
        assert_eq!(code, 0, "run {run_number}: {stderr}");
        let (indexed, unchanged) = if run_number == 1 { (2, 0) } else { (0, 2) };
        assert_eq!(as_count(&summary, "indexed"), indexed, "{summary}");
        assert_eq!(as_count(&summary, "unchanged"), unchanged, "{summary}");
        assert_eq!(as_list(&summary, "rejected").len(), 0, "{summary}");
        let warnings = as_list(&summary, "warnings");
        assert_eq!(warnings.len(), 1, "{summary}");
        assert_eq!(util::field(&warnings[0], "kind"), "index_directory");
        let walked = folder.path().join("chi-muc");
        assert_eq!(
            stderr,
            format!(
                "tracuu: warning: {}: the index being written, skipped\n",
                walked.display()
            )
        );
    }
    assert_eq!(count(&index, "lúa xuân", &[]), 1);
    let (output, stdout, stderr) = run(tracuu(&index).args(["export", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "the two articles only: {stdout}");

    // The default index location, $XDG_DATA_HOME/tracuu/index, inside the folder indexed: the
    // index is created by this run, and a second run skips it as well.
    let folder = files("cli-index-inside-", articles);
    for indexed in [2, 0] {
        let (output, stdout, stderr) = run(std::process::Command::new(util::tracuu_binary())
            .args(["index", "--json"])
            .arg(folder.path())
            .env("XDG_DATA_HOME", folder.path())
            .env_remove("TRACUU_INDEX"));
        assert_eq!(status(&output), 0, "{stderr}");
        let summary: Value = serde_json::from_str(stdout.trim()).unwrap();
        assert_eq!(as_count(&summary, "indexed"), indexed, "{summary}");
        assert_eq!(as_list(&summary, "rejected").len(), 0, "{summary}");
        let warnings = as_list(&summary, "warnings");
        assert_eq!(warnings.len(), 1, "{summary}");
        let walked = folder.path().join("tracuu/index");
        assert_eq!(util::field(&warnings[0], "path"), walked.to_str().unwrap());
    }
}

#[test]
fn a_folder_holding_another_index_is_indexed_without_that_index() {
    let articles: &[(&str, &[u8])] = &[
        ("hop-bao.txt", PRESS_BRIEFING.as_bytes()),
        ("mua-lua.txt", RICE_HARVEST.as_bytes()),
    ];
    let folder = files("cli-index-other-", articles);
    // A real tracuu index of another article, in a subfolder of the folder indexed.
    let other_articles = files(
        "cli-index-other-src-",
        &[("cau.jsonl", OTHER_JSON_LINE.as_bytes())],
    );
    let other = folder.path().join("chi-muc-cu");
    let (code, summary, stderr) = index_json(&other, &[other_articles.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(as_count(&summary, "indexed"), 1, "{summary}");
    let other_word = "khánh thành";
    assert_eq!(count(&other, other_word, &[]), 1);

    let index = temp_dir("cli-index-other-index-");
    let (code, summary, stderr) = index_json(index.path(), &[folder.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(as_count(&summary, "indexed"), articles.len(), "{summary}");
    assert_eq!(as_list(&summary, "rejected").len(), 0, "{summary}");
    let warnings = as_list(&summary, "warnings");
    assert_eq!(warnings.len(), 1, "{summary}");
    assert_eq!(util::field(&warnings[0], "kind"), "index_directory");
    assert_eq!(util::field(&warnings[0], "path"), other.to_str().unwrap());
    let lines: Vec<&str> = stderr.lines().collect();
    let named = format!("tracuu: warning: {}: ", other.display());
    assert!(
        lines.len() == 1 && lines[0].starts_with(&named) && lines[0].contains("index"),
        "one warning naming the other index: {stderr}"
    );

    let (output, stdout, stderr) = run(tracuu(index.path()).args(["export", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let mut exported: Vec<PathBuf> = stdout
        .lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).unwrap();
            PathBuf::from(util::field(&record, "path"))
        })
        .collect();
    exported.sort();
    let expected: Vec<PathBuf> = articles
        .iter()
        .map(|(name, _)| folder.path().join(name))
        .collect();
    assert_eq!(exported, expected, "the two articles only: {stdout}");
    assert_eq!(count(index.path(), other_word, &[]), 0);
    assert_eq!(
        count(&other, other_word, &[]),
        1,
        "the other index is left as it was"
    );

    // The other index named on the command line: skipped with the same warning, so nothing is
    // indexed and no index is created.
    let data = temp_dir("cli-index-other-data-");
    let fresh = data.path().join("chi-muc");
    let (output, _, stderr) = run(tracuu(&fresh).arg("index").arg(&other));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stderr.contains(&named), "{stderr}");
    assert!(stderr.contains("nothing was indexed"), "{stderr}");
    assert!(!fresh.exists(), "{stderr}");
}

#[test]
fn a_run_that_would_create_the_index_and_indexes_nothing_leaves_no_index() {
    // An empty index left by a mistyped path would be searched by every later command.
    let data = temp_dir("cli-index-data-");
    let mistyped = data.path().join("bai-viet-khong-co");
    let (output, _, stderr) = run(std::process::Command::new(util::tracuu_binary())
        .arg("index")
        .arg(&mistyped)
        .env("XDG_DATA_HOME", data.path())
        .env_remove("TRACUU_INDEX"));
    assert_eq!(status(&output), 1, "{stderr}");
    assert!(
        !data.path().join("tracuu").exists(),
        "the default location $XDG_DATA_HOME/tracuu/index must not be created: {stderr}"
    );
    assert!(stderr.contains("no index was created"), "{stderr}");

    // An empty directory given with --index is left empty, also by a rebuild, and by a run that
    // finds only an empty file.
    let empty_file = files("cli-index-src-", &[("trong.txt", b" \n\n")]);
    let dir = data.path().join("chi-muc");
    fs::create_dir(&dir).unwrap();
    let runs: [(&[&str], &Path, i32); 3] = [
        (&[], &mistyped, 1),
        (&["--rebuild"], &mistyped, 2),
        (&[], empty_file.path(), 0),
    ];
    for (extra, path, code) in runs {
        let (output, _, stderr) = run(tracuu(&dir).arg("index").args(extra).arg(path));
        assert_eq!(status(&output), code, "{extra:?} {path:?}: {stderr}");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert!(left.is_empty(), "{extra:?} {path:?}: {left:?}");
    }

    // An index that exists is kept as it was.
    let good = files(
        "cli-index-src-",
        &[("tin.jsonl", GOOD_JSON_LINE.as_bytes())],
    );
    let (output, _, stderr) = run(tracuu(&dir).arg("index").arg(good.path()));
    assert_eq!(status(&output), 0, "{stderr}");
    let (output, _, stderr) = run(tracuu(&dir).arg("index").arg(&mistyped));
    assert_eq!(status(&output), 1, "{stderr}");
    assert!(!stderr.contains("no index was created"), "{stderr}");
    assert_eq!(count(&dir, "Quỳnh Lưu", &[]), 1);
}

#[test]
fn the_no_break_space_entity_scraped_pages_leave_in_is_a_space() {
    // As in 23 files of a scraped news corpus: `&nbsp` glued to the next word, with or without
    // its semicolon. `KH&CN` (Khoa học và Công nghệ) is an abbreviation, not an entity.
    let text = "Sở KH&CN tổ chức hội nghị\n\nTheo kế hoạch,&nbspTại hội nghị các đại biểu \
                thảo luận&nbsp;sôi nổi về đổi mới sáng tạo.\n";
    let dir = files("cli-index-src-", &[("nbsp.txt", text.as_bytes())]);
    let index = temp_dir("cli-index-");
    let (code, _, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (output, stdout, stderr) =
        run(tracuu(index.path()).args(["export", "--with-text", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let record: Value = serde_json::from_str(stdout.trim()).expect("one record");
    let body = util::field(&record, "text");
    assert!(
        body.contains("kế hoạch,\u{a0}Tại hội nghị") && body.contains("luận\u{a0}sôi nổi"),
        "{body}"
    );
    assert_eq!(util::field(&record, "title"), "Sở KH&CN tổ chức hội nghị");
    for word in ["tại", "luận", "kh&cn"] {
        assert_eq!(count(index.path(), word, &[]), 1, "{word}");
    }
}

#[test]
fn a_text_opening_with_a_brace_is_a_document_and_a_json_object_is_json_lines() {
    let caption = "{Ảnh: TTXVN} Hội nghị Trung ương lần thứ tư khai mạc tại Hà Nội\n\n\
                   Sáng nay, Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khai mạc.\n";
    let json = "{\"id\": \"hn-4\", \"title\": \"Hội nghị lần thứ tư\", \"body\": \"Khai mạc.\"}\n";
    let dir = files(
        "cli-index-src-",
        &[
            ("anh.txt", caption.as_bytes()),
            ("tin.txt", json.as_bytes()),
        ],
    );
    let index = temp_dir("cli-index-");
    let (code, summary, stderr) = index_json(index.path(), &[dir.path().to_path_buf()], &[]);
    assert_eq!((code, as_count(&summary, "indexed")), (0, 2), "{stderr}");
    let (output, stdout, stderr) = run(tracuu(index.path()).args(["export", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let titles: std::collections::BTreeSet<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| util::field(&r, "title").to_string())
        .collect();
    assert_eq!(
        titles,
        std::collections::BTreeSet::from([
            "{Ảnh: TTXVN} Hội nghị Trung ương lần thứ tư khai mạc tại Hà Nội".to_string(),
            "Hội nghị lần thứ tư".to_string(),
        ])
    );
}

#[test]
fn machine_options_out_of_range_are_refused_or_bounded() {
    let dir = temp_dir("cli-index-machine-");
    let index = dir.path().join("index");
    for threads in ["0", "9", "1000"] {
        let (output, _, stderr) = run(tracuu(&index)
            .args(["index", "--threads", threads])
            .arg(util::corpus()));
        assert_eq!(status(&output), 2, "--threads {threads}: {stderr}");
        assert!(stderr.contains("from 1 to 8"), "{stderr}");
    }
    assert!(!index.exists());
    // A budget past what the writer can take is used up to its limit, not an error.
    let (code, summary, stderr) = index_json(
        &index,
        &util::article_folders(),
        &["--threads", "1", "--memory-mb", "99999999"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(as_count(&summary, "indexed"), expected_corpus_documents());
}

#[test]
fn an_id_repeated_in_one_run_is_a_warning_at_the_repeat_and_the_last_version_is_kept() {
    let lines = [
        json!({"id": "hop-1", "title": "Quốc hội họp phiên bế mạc", "body": "Quốc hội họp phiên bế mạc kỳ họp thứ sáu."}),
        json!({"id": "lua-2", "title": "Nông dân gặt lúa xuân", "body": "Nông dân Thái Bình gặt lúa xuân khi trời nắng ráo."}),
        json!({"id": "hop-1", "title": "Quốc hội bế mạc kỳ họp", "body": "Quốc hội bế mạc kỳ họp và thông qua luật đất đai sửa đổi."}),
        json!({"id": "lua-2", "title": "Nông dân gặt lúa xuân", "body": "Nông dân Thái Bình gặt lúa xuân khi trời nắng ráo."}),
    ];
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    let folder = files("cli-index-repeat-", &[("tin.jsonl", text.as_bytes())]);
    let input = folder.path().join("tin.jsonl");
    let index = temp_dir("cli-index-");
    // The repeats, by line: the first line (1-based) after an earlier one with the same id.
    let mut seen = std::collections::HashMap::new();
    let mut repeats = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let id = line["id"].as_str().unwrap();
        if let Some(earlier) = seen.insert(id, line) {
            repeats.push((i + 1, id, earlier == line));
        }
    }
    assert_eq!(repeats.len(), 2);

    let (code, summary, stderr) = index_json(index.path(), std::slice::from_ref(&input), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(as_count(&summary, "indexed"), 2, "{summary}");
    let changed = repeats.iter().filter(|r| !r.2).count();
    assert_eq!(as_count(&summary, "replaced"), changed, "{summary}");
    assert_eq!(as_count(&summary, "unchanged"), repeats.len() - changed);
    let warnings = as_list(&summary, "warnings");
    assert_eq!(warnings.len(), repeats.len(), "{summary}");
    for (warning, (line, id, same)) in warnings.iter().zip(&repeats) {
        assert_eq!(util::field(warning, "kind"), "repeated_id");
        assert_eq!(warning["line"], json!(line));
        let what = if *same {
            "this article is the same and is skipped"
        } else {
            "this article replaces that one"
        };
        let message = format!("id \"{id}\" was given earlier in this run: {what}");
        assert_eq!(util::field(warning, "message"), message);
        assert!(
            stderr.contains(&format!("{}:{line}: {message}", input.display())),
            "{stderr}"
        );
    }
    // The last version of each id is what the index holds.
    assert_eq!(count(index.path(), "\"đất đai\"", &[]), 1);
    assert_eq!(count(index.path(), "\"kỳ họp thứ sáu\"", &[]), 0);
    assert_eq!(count(index.path(), "\"lúa xuân\"", &[]), 1);

    // A re-run replaces nothing it did not replace before, and names the same repeats only.
    let (code, summary, _) = index_json(index.path(), &[input], &[]);
    assert_eq!(code, 0);
    assert_eq!(
        as_list(&summary, "warnings").len(),
        repeats.len(),
        "{summary}"
    );
}
