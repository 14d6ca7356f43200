//! Tests of the whole reader on files: discovery, compression, encodings, bad input, and the real
//! corpora in `../shared/corpora` (ignored by plain `cargo test`: `.ci/shared-corpus-check` runs
//! them).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::*;

const HEADER_DOC: &str = "# doc_id = tin-1\n# url = https://dantri.com.vn/xa-hoi/tin-1.htm\n# date = 20201101\nQuốc hội khai mạc kỳ họp thứ 10\nSáng nay, Quốc hội khai mạc kỳ họp thứ 10 tại Hà Nội.\n";

fn jsonl_lines(count: usize) -> String {
    (1..=count)
        .map(|i| format!("{{\"id\": \"vn-{i}\", \"title\": \"Tin số {i}\", \"body\": \"Nội dung tin {i}.\\nĐoạn hai.\"}}\n"))
        .collect()
}

/// Reads `input`, returning the raw records and issues in order.
fn read(input: &Input) -> (Vec<RawRecord>, Vec<Issue>) {
    let (mut records, mut issues) = (Vec::new(), Vec::new());
    read_input(input, &mut |item| match item {
        Ok(record) => records.push(record),
        Err(issue) => issues.push(issue),
    });
    (records, issues)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

fn messages(issues: &[Issue]) -> Vec<String> {
    issues.iter().map(ToString::to_string).collect()
}

fn kinds(issues: &[Issue]) -> Vec<IssueKind> {
    issues.iter().map(|issue| issue.kind).collect()
}

#[test]
fn gzip_and_zstd_round_trip_by_magic_bytes_not_extension() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("tin.txt.gz", gzip(HEADER_DOC.as_bytes())),
        ("tin.zst", zstd(HEADER_DOC.as_bytes())),
        ("tin-nen.txt", zstd(HEADER_DOC.as_bytes())),
        ("tin-nen.bin", gzip(HEADER_DOC.as_bytes())),
    ];
    for (name, bytes) in cases {
        let (articles, issues) = read_all(&Input::File(write(dir.path(), name, bytes)));
        assert!(issues.is_empty(), "{name}: {issues:?}");
        assert_eq!(articles.len(), 1, "{name}");
        assert_eq!(articles[0].id, "tin-1");
        assert_eq!(articles[0].title, "Quốc hội khai mạc kỳ họp thứ 10");
        assert_eq!(articles[0].source.as_deref(), Some("dantri.com.vn"));
    }
    for (name, bytes) in [
        ("a.jsonl.gz", gzip(jsonl_lines(50).as_bytes())),
        ("a.data", zstd(jsonl_lines(50).as_bytes())),
    ] {
        let (articles, issues) = read_all(&Input::File(write(dir.path(), name, bytes)));
        assert!(issues.is_empty(), "{name}: {issues:?}");
        assert_eq!(articles.len(), 50, "{name}");
        assert_eq!(
            (articles[49].id.as_str(), articles[49].line),
            ("vn-50", Some(50))
        );
        assert_eq!(articles[49].body, "Nội dung tin 50.\nĐoạn hai.");
    }
}

#[test]
fn truncated_zstd_yields_complete_records_then_a_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let compressed = zstd(jsonl_lines(5000).as_bytes());
    let path = write(
        dir.path(),
        "cut.jsonl.zst",
        &compressed[..compressed.len() * 2 / 3],
    );
    let (records, issues) = read(&Input::File(path));
    assert!(records.len() > 100, "{} records", records.len());
    assert!(records.iter().all(|r| r.clone().parse().is_ok()));
    assert_eq!(issues.len(), 1, "{issues:?}");
    let issue = &issues[0];
    assert!(issue.is_rejected());
    assert!(
        issue
            .message
            .starts_with("truncated or corrupt zstd stream: "),
        "{issue}"
    );
    assert_eq!(issue.line, Some(records.len() + 1), "{issue}");
    assert_eq!(issue.kind, IssueKind::CorruptCompression);

    let compressed = gzip(HEADER_DOC.repeat(50).as_bytes());
    let path = write(
        dir.path(),
        "cut.txt.gz",
        &compressed[..compressed.len() / 2],
    );
    let (records, issues) = read(&Input::File(path));
    assert!(records.is_empty());
    assert!(
        issues[0]
            .message
            .starts_with("truncated or corrupt gzip stream: "),
        "{issues:?}"
    );
    assert_eq!(kinds(&issues), [IssueKind::CorruptCompression]);
}

#[test]
fn json_lines_errors_have_their_line_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = [
        r#"{"id": "a", "title": "Tin A", "body": "Nội dung A."}"#,
        r#"["không", "phải", "đối tượng"]"#,
        "",
        r#"{"id": "b", "title": 2021, "body": "Nội dung B."}"#,
        r#"{"id": "c", "title": "Tin C", "summary": "Tóm tắt C."}"#,
        r#"{"id": "d", "title": "Tin D", "content": "Nội dung D."}"#,
        r#"{"id": "e", "title": "Tin E", "bo"#,
    ]
    .join("\n");
    let path = write(dir.path(), "tin.ndjson", text);
    let (articles, issues) = read_all(&Input::File(path.clone()));
    let ids: Vec<_> = articles.iter().map(|a| (a.id.as_str(), a.line)).collect();
    assert_eq!(ids, [("a", Some(1)), ("d", Some(6))]);
    let p = path.display();
    let expected = [
        format!("{p}:2: not a JSON object (found an array)"),
        format!("{p}:4: `title` must be a string, found a number"),
        format!("{p}:5: missing body (expected one of text, body, content)"),
        format!(
            "{p}:7: truncated JSON record at end of file (EOF while parsing a string at column 33)"
        ),
    ];
    assert_eq!(messages(&issues), expected);
    assert!(issues.iter().all(Issue::is_rejected));
    assert_eq!(
        kinds(&issues),
        [
            IssueKind::NotAnObject,
            IssueKind::WrongFieldType,
            IssueKind::MissingBody,
            IssueKind::MalformedJson
        ]
    );
}

#[test]
fn json_detected_by_leading_brace_and_arrays_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "tin.txt", format!("\n  {}", jsonl_lines(3)));
    let (records, issues) = read(&Input::File(path));
    assert!(issues.is_empty());
    assert_eq!(
        records
            .iter()
            .map(|r| (r.format, r.line))
            .collect::<Vec<_>>(),
        [
            (Format::JsonLine, Some(2)),
            (Format::JsonLine, Some(3)),
            (Format::JsonLine, Some(4))
        ]
    );

    let path = write(dir.path(), "mang.json", "[\n{\"title\": \"x\"}\n]\n");
    let (records, issues) = read(&Input::File(path));
    assert!(records.is_empty());
    assert_eq!(issues.len(), 1);
    assert!(
        issues[0]
            .message
            .starts_with("a JSON array is not supported"),
        "{issues:?}"
    );
    assert_eq!(issues[0].kind, IssueKind::JsonArray);

    // JSON Lines whose first line happens to be an array lose that line only.
    let text = format!("[1, 2]\n{}", jsonl_lines(2));
    let path = write(dir.path(), "dong-dau-mang.jsonl", &text);
    let (articles, issues) = read_all(&Input::File(path));
    let lines: Vec<Option<usize>> = articles.iter().map(|a| a.line).collect();
    assert_eq!(lines, [Some(2), Some(3)]);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(
        (issues[0].line, issues[0].kind),
        (Some(1), IssueKind::NotAnObject)
    );
}

#[test]
fn over_long_json_line_is_rejected_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dai.jsonl");
    let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    file.write_all(jsonl_lines(1).as_bytes()).unwrap();
    file.write_all(b"{\"title\": \"x\", \"body\": \"").unwrap();
    let chunk = vec![b'a'; 1024 * 1024];
    for _ in 0..17 {
        file.write_all(&chunk).unwrap();
    }
    file.write_all(b"\"}\n").unwrap();
    file.write_all(jsonl_lines(1).replace("vn-1", "vn-3").as_bytes())
        .unwrap();
    drop(file);
    let (articles, issues) = read_all(&Input::File(path));
    assert_eq!(
        articles
            .iter()
            .map(|a| (a.id.as_str(), a.line))
            .collect::<Vec<_>>(),
        [("vn-1", Some(1)), ("vn-3", Some(3))]
    );
    assert_eq!(issues.len(), 1);
    assert_eq!(
        (issues[0].line, issues[0].message.as_str()),
        (Some(2), "line longer than 16 MiB skipped")
    );
    assert_eq!(issues[0].kind, IssueKind::LineTooLong);
}

#[test]
fn an_id_too_long_to_be_a_term_is_rejected_with_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ma-dai.jsonl");
    let long_id = "đ".repeat(35_000); // 70,000 bytes
    let text = format!(
        "{}{{\"id\": \"{long_id}\", \"title\": \"Tin\", \"body\": \"Hội nghị.\"}}\n{}",
        jsonl_lines(1),
        jsonl_lines(1).replace("vn-1", "vn-3")
    );
    fs::write(&path, text).unwrap();
    let (articles, issues) = read_all(&Input::File(path));
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["vn-1", "vn-3"]);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].kind, IssueKind::IdTooLong);
    assert_eq!(issues[0].line, Some(2));
    assert_eq!(issues[0].message, "`id` of 70000 bytes (at most 1024)");
}

#[test]
fn numeric_ids_are_kept_exactly_or_rejected_never_rounded() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": 100000000000000000001, "text": "Bài thứ nhất về Đảng."}"#,
        r#"{"id": 100000000000000000002, "text": "Bài thứ hai về cử tri."}"#,
        r#"{"id": 9007199254740993, "text": "Số nguyên lớn vẫn giữ đúng."}"#,
        r#"{"id": 1e3, "text": "Mã viết theo số mũ."}"#,
        r#"{"id": 1000, "text": "Mã số nguyên."}"#,
        r#"{"id": 12.5, "text": "Mã có phần lẻ."}"#,
    ];
    let path = write(dir.path(), "ma-so.jsonl", lines.join("\n"));
    let (articles, issues) = read_all(&Input::File(path.clone()));
    let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["9007199254740993", "1000"]);
    let p = path.display();
    let why = "`id` must be a string or an integer, found a number with a fraction, an exponent \
        or too many digits to be kept exactly: write it as a string";
    let expected: Vec<String> = [1, 2, 4, 6].map(|line| format!("{p}:{line}: {why}")).into();
    assert_eq!(messages(&issues), expected);
    assert!(issues.iter().all(Issue::is_rejected));
}

#[test]
fn dates_outside_the_publication_years_are_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "xa", "title": "Tin", "body": "Hội nghị.", "date": "0001-01-01"}"#,
        r#"{"id": "xa-2", "title": "Tin", "body": "Hội nghị.", "date": "9999-12-31"}"#,
        r#"{"id": "dung", "title": "Tin", "body": "Hội nghị.", "date": "2021-06-15"}"#,
    ];
    let path = dir.path().join("ngay.jsonl");
    fs::write(&path, lines.join("\n")).unwrap();
    let (articles, issues) = read_all(&Input::File(path));
    let dates: Vec<Option<String>> = articles
        .iter()
        .map(|a| a.date.map(|d| d.to_string()))
        .collect();
    assert_eq!(dates, [None, None, Some("2021-06-15".to_string())]);
    let warned: Vec<(Option<usize>, IssueKind)> = issues.iter().map(|i| (i.line, i.kind)).collect();
    assert_eq!(
        warned,
        [
            (Some(1), IssueKind::InvalidDate),
            (Some(2), IssueKind::InvalidDate)
        ]
    );
    assert!(
        issues[0].message.contains("outside 1800–2100"),
        "{issues:?}"
    );
}

#[test]
fn utf32_text_is_skipped_with_a_warning_not_read_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bom, big_endian) in [
        ("le.txt", [0xff, 0xfe, 0, 0], false),
        ("be.txt", [0, 0, 0xfe, 0xff], true),
    ] {
        let mut bytes = bom.to_vec();
        for c in "Hội nghị Đảng ủy".chars() {
            let unit = c as u32;
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let (articles, issues) = read_all(&Input::File(path));
        assert!(articles.is_empty(), "{name}");
        assert_eq!(issues.len(), 1, "{name}: {issues:?}");
        assert_eq!(issues[0].severity, Severity::Warning);
        assert!(
            issues[0].message.starts_with("UTF-32 text is not read"),
            "{issues:?}"
        );
    }
}

#[test]
fn huge_single_line_plain_file_is_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("luat-dai.txt");
    let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let chunk = "Điều khoản về quyền và nghĩa vụ của công dân. ".repeat(20_000);
    while file.get_ref().metadata().unwrap().len() < 3 * MAX_DOCUMENT_BYTES as u64 {
        file.write_all(chunk.as_bytes()).unwrap();
        file.flush().unwrap();
    }
    drop(file);
    let (records, issues) = read(&Input::File(path));
    assert_eq!(messages(&issues).len(), 1);
    assert_eq!(issues[0].message, "document truncated to 8 MiB");
    assert_eq!(issues[0].severity, Severity::Warning);
    assert_eq!(issues[0].kind, IssueKind::Truncated);
    assert_eq!(records.len(), 1);
    assert!(records[0].len() <= MAX_DOCUMENT_BYTES && records[0].len() > MAX_DOCUMENT_BYTES - 4);
    let (article, _) = records.into_iter().next().unwrap().parse().unwrap();
    assert!(article.title.starts_with("Điều khoản về quyền"));
}

#[test]
fn encodings_and_bad_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let mut invalid = b"Tieu de bai viet\nDong mot.\nDong \xff\xfe hai.\n".to_vec();
    invalid.extend_from_slice("Đoạn cuối.\n".as_bytes());
    let (articles, issues) = read_all(&Input::File(write(d, "sai.txt", invalid)));
    assert_eq!(articles.len(), 1);
    assert!(articles[0].body.contains('\u{fffd}'));
    let path = d.join("sai.txt").display().to_string();
    assert_eq!(
        messages(&issues),
        [format!(
            "{path}:3: invalid UTF-8 decoded with replacement characters"
        )]
    );
    assert_eq!(issues[0].severity, Severity::Warning);
    assert_eq!(issues[0].kind, IssueKind::InvalidUtf8);

    for big_endian in [false, true] {
        let mut bytes: Vec<u8> = if big_endian {
            vec![0xfe, 0xff]
        } else {
            vec![0xff, 0xfe]
        };
        for unit in HEADER_DOC.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        let (articles, issues) = read_all(&Input::File(write(d, "utf16.txt", bytes)));
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(articles[0].title, "Quốc hội khai mạc kỳ họp thứ 10");
        assert_eq!(articles[0].date.unwrap().to_string(), "2020-11-01");
    }

    let (articles, issues) = read_all(&Input::File(write(
        d,
        "bom.txt",
        format!("\u{feff}{HEADER_DOC}"),
    )));
    assert!(issues.is_empty());
    assert_eq!(articles[0].id, "tin-1");

    let (articles, issues) = read_all(&Input::File(write(
        d,
        "anh.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )));
    assert!(articles.is_empty());
    assert_eq!(
        messages(&issues),
        [format!(
            "{}: binary file skipped",
            d.join("anh.png").display()
        )]
    );
    assert_eq!(issues[0].severity, Severity::Warning);
    assert_eq!(issues[0].kind, IssueKind::Binary);

    for (name, bytes) in [
        ("rong.txt", &b""[..]),
        ("trang.txt", b" \n\t\r\n  \n"),
        ("rong.jsonl", b"\n\n"),
    ] {
        let (articles, issues) = read_all(&Input::File(write(d, name, bytes)));
        assert!(articles.is_empty(), "{name}");
        assert_eq!(
            messages(&issues),
            [format!("{}: empty file", d.join(name).display())]
        );
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(issues[0].kind, IssueKind::Empty);
    }
    let (articles, issues) = read_all(&Input::File(write(d, "rong.gz", gzip(b""))));
    assert!(articles.is_empty());
    assert_eq!(issues[0].message, "empty file");
    assert_eq!(issues[0].kind, IssueKind::Empty);
}

#[test]
fn nonexistent_and_directory_inputs_are_rejected_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.txt");
    let (articles, issues) = read_all(&Input::File(missing.clone()));
    assert!(articles.is_empty());
    assert_eq!(
        messages(&issues),
        [format!(
            "{}: no such file or directory (os error 2)",
            missing.display()
        )]
    );
    assert!(issues[0].is_rejected());
    assert_eq!(issues[0].kind, IssueKind::Missing);

    let (articles, issues) = read_all(&Input::File(dir.path().to_path_buf()));
    assert!(articles.is_empty());
    assert!(
        issues[0].is_rejected() && issues[0].message.contains("directory"),
        "{issues:?}"
    );
    assert_eq!(issues[0].kind, IssueKind::Unreadable);
}

#[test]
fn discover_walks_sorted_skips_hidden_and_reports_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in [
        "b/2.txt",
        "b/1.txt",
        "a.txt",
        ".an/x.txt",
        "b/.an.txt",
        "c/d/e.jsonl",
    ] {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }
    let missing = root.join("khong-co");
    let args = [
        root.to_path_buf(),
        PathBuf::from("-"),
        missing.clone(),
        root.join("b/.an.txt"),
        root.join("a.txt"),
    ];
    let (inputs, issues) = discover(&args, None);
    let expected: Vec<Input> = ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.jsonl"]
        .iter()
        .map(|n| Input::File(root.join(n)))
        .chain([Input::Stdin, Input::File(root.join("b/.an.txt"))])
        .collect();
    assert_eq!(inputs, expected);
    assert_eq!(
        messages(&issues),
        [format!(
            "{}: no such file or directory (os error 2)",
            missing.display()
        )]
    );
    assert_eq!(kinds(&issues), [IssueKind::Missing]);
}

#[cfg(unix)]
#[test]
fn discover_reports_directory_loops_and_follows_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("goc");
    fs::create_dir_all(root.join("con")).unwrap();
    fs::write(root.join("con/tin.txt"), "x").unwrap();
    std::os::unix::fs::symlink(&root, root.join("con/vong")).unwrap();
    let other = dir.path().join("ngoai.txt");
    fs::write(&other, "y").unwrap();
    std::os::unix::fs::symlink(&other, root.join("lien-ket.txt")).unwrap();
    let (inputs, issues) = discover(std::slice::from_ref(&root), None);
    assert_eq!(
        inputs,
        [
            Input::File(root.join("con/tin.txt")),
            Input::File(root.join("lien-ket.txt"))
        ]
    );
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].is_rejected());
    assert_eq!(issues[0].path, root.join("con/vong"));
    assert!(
        issues[0].message.starts_with("filesystem loop"),
        "{}",
        issues[0]
    );
    assert_eq!(issues[0].kind, IssueKind::DirectoryLoop);
}

/// `chmod 000` makes a file unreadable, except to root (CI runs the tests as root), which opens
/// any file whatever its mode: for root, the file is replaced by a symbolic link to itself, which
/// no one can open.
#[cfg(unix)]
#[test]
fn unreadable_file_is_rejected_with_the_os_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "kin.txt", "bí mật");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let reason = if fs::File::open(&path).is_err() {
        "permission denied (os error 13)"
    } else {
        println!("running as root, which opens any file: the file is made a link to itself");
        fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("kin.txt", &path).unwrap();
        "too many levels of symbolic links (os error 40)"
    };
    let (articles, issues) = read_all(&Input::File(path.clone()));
    assert!(articles.is_empty());
    assert_eq!(messages(&issues), [format!("{}: {reason}", path.display())]);
    assert_eq!(kinds(&issues), [IssueKind::Unreadable]);
}

#[test]
fn ids_are_stable_and_distinct_across_directories() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Tiêu đề văn bản\n\nNội dung văn bản.\n";
    for sub in ["a", "b"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        write(&dir.path().join(sub), "van-ban.txt", text);
    }
    let id = |sub: &str| {
        read_all(&Input::File(dir.path().join(sub).join("van-ban.txt"))).0[0]
            .id
            .clone()
    };
    assert_eq!(id("a"), id("a"));
    assert_ne!(id("a"), id("b"));
    assert!(id("a").starts_with("van-ban-"));
    let relative = read_all(&Input::File(dir.path().join("a/../a/van-ban.txt"))).0[0]
        .id
        .clone();
    assert_eq!(relative, id("a"));
}

/// `../shared/corpora/<name>` beside the checkout, or a panic saying why the test cannot run.
fn corpus(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora")
        .join(name);
    assert!(
        path.is_dir(),
        "{} not found: this test needs the shared corpora in ../shared/corpora beside the \
         checkout (.ci/shared-corpus-check runs it when they are there)",
        path.display()
    );
    path
}

#[test]
#[ignore = "needs ../shared/corpora (run by .ci/shared-corpus-check)"]
fn corpus_seeds_give_two_articles_with_metadata() {
    let seeds = corpus("seeds");
    let (inputs, issues) = discover(&[seeds], None);
    assert!(issues.is_empty(), "{issues:?}");
    let articles: Vec<Article> = inputs.iter().flat_map(|input| read_all(input).0).collect();
    assert_eq!(articles.len(), 2);

    let first = &articles[0];
    assert_eq!(
        first.title,
        "Thi đua làm theo lời Bác ở Đảng bộ Khối các cơ quan tỉnh"
    );
    assert_eq!(
        first.date.map(|d| d.to_string()).as_deref(),
        Some("2021-09-28")
    );
    assert_eq!(first.author.as_deref(), Some("Đ.V"));
    assert!(
        first.body.starts_with("ới việc cụ thể hóa"),
        "{}",
        &first.body[..80]
    );
    assert!(first.body.ends_with("nhiệm kỳ 2015-2020."));
    for boilerplate in [
        "Advertisement",
        "BÌNH LUẬN",
        "Vui lòng",
        "Thành viên",
        "New York",
        "bài liên quan",
    ] {
        assert!(!first.body.contains(boilerplate), "{boilerplate}");
    }
    assert_eq!(first.body.lines().count(), 19);

    let second = &articles[1];
    assert_eq!(second.title, "Những kinh nghiệm bước đầu...");
    assert_eq!(second.source.as_deref(), Some("Báo Nghệ An"));
    assert_eq!(second.date, None);
    assert!(second.body.ends_with("năng lực yếu."), "{}", second.body);
    for boilerplate in ["Nguồn", "Các tin khác", "Mới nhất", "Xem nhiều nhất"] {
        assert!(!second.body.contains(boilerplate), "{boilerplate}");
    }
    assert_ne!(first.id, second.id);
}

#[test]
#[ignore = "needs ../shared/corpora (run by .ci/shared-corpus-check)"]
fn corpus_unc_news_first_50_parse_with_dates() {
    let (inputs, issues) = discover(&[corpus("unc-news")], None);
    assert!(issues.is_empty());
    assert_eq!(inputs.len(), 2653);
    for input in &inputs[..50] {
        let (articles, issues) = read_all(input);
        assert!(issues.is_empty(), "{issues:?}");
        let article = &articles[0];
        assert!(article.date.is_some(), "{input}");
        assert!(article.id.starts_with("news_"), "{}", article.id);
        assert_eq!(article.source.as_deref(), Some("dantri.com.vn"));
        assert!(
            !article.title.is_empty() && !article.body.is_empty(),
            "{input}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpora/vlc-legal (run by .ci/shared-corpus-check when it is there)"]
fn corpus_legal_titles_and_empty_file() {
    let legal = corpus("vlc-legal");
    let (articles, issues) = read_all(&Input::File(legal.join("luat-bao-chi.txt")));
    assert!(issues.is_empty());
    assert_eq!(articles[0].title, "LUẬT BÁO CHÍ");
    assert_eq!(
        articles[0].date.map(|d| d.to_string()).as_deref(),
        Some("2016-04-05")
    );
    let (articles, issues) = read_all(&Input::File(legal.join("hien-phap.txt")));
    assert!(issues.is_empty());
    assert_eq!(
        articles[0].title,
        "HIẾN PHÁP NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    );
    let (articles, issues) = read_all(&Input::File(
        legal.join("luat-ban-hanh-van-ban-quy-pham-phap-luat.txt"),
    ));
    assert!(articles.is_empty());
    assert_eq!(issues[0].message, "empty file");
}
