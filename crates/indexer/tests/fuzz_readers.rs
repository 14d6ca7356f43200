//! Fuzzing the input readers with proptest (the stable toolchain's stand-in for `cargo fuzz`; the
//! coverage-guided target is `fuzz/fuzz_targets/readers.rs`).
//!
//! Any bytes written as a file, under any of the names that select a format, are read without a
//! panic and give at least one article or one issue; issues name the file and are one line;
//! articles have an id, their path, and a body within `MAX_DOCUMENT_BYTES`.
//!
//! The number of cases per property is proptest's default (256), or `PROPTEST_CASES`:
//! `PROPTEST_CASES=20000 cargo test -p tracuu-indexer --test fuzz_readers` runs longer.

use std::io::Write;
use std::path::Path;

use proptest::prelude::*;
use tracuu_indexer::reader::{read_all, Input, RawRecord, MAX_DOCUMENT_BYTES};

/// File names: plain text, JSON Lines, and compressed JSON Lines (compression is recognised by
/// magic bytes, not by name, so any name may hold compressed bytes).
const NAMES: [&str; 7] = [
    "tin.txt",
    "tin",
    "tin.jsonl",
    "tin.ndjson",
    "tin.json.gz",
    "tin.jsonl.zst",
    ".an.txt",
];

/// Pieces of the formats the readers know, so that random input reaches their deeper paths.
const PIECES: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"\\",
    b"\\u00e1",
    b"\\ud800",
    b"\n",
    b"\r\n",
    b" ",
    b"\t",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe1\xba",
    b"\xef\xbb\xbf",
    b"null",
    b"true",
    b"12",
    b"-1.5e9",
    b"\"id\"",
    b"\"title\"",
    b"\"body\"",
    b"\"text\"",
    b"\"content\"",
    b"\"date\"",
    b"\"url\"",
    b"\"source\"",
    b"\"author\"",
    b"\"summary\"",
    b"\"2020-11-01\"",
    b"\"https://www.dantri.com.vn/a.htm\"",
    "\"Quốc hội khai mạc\"".as_bytes(),
    b"# doc_id = tin-1\n",
    b"# date = 20201101\n",
    b"# date = 20210230\n",
    b"# url = https://vnexpress.net/x\n",
    b"# title = \n",
    "Thứ Ba, Tháng Chín 28, 2021\n".as_bytes(),
    "Thứ Hai, ngày 20 tháng 11 năm 2019\n".as_bytes(),
    b"20 C\n",
    b"- Advertisement -\n",
    "BÌNH LUẬN\n".as_bytes(),
    "bài liên quan\n".as_bytes(),
    "(Nguồn: Báo Nghệ An)\n".as_bytes(),
    "Theo TTXVN\n".as_bytes(),
    "Đ.V\n".as_bytes(),
    "QUỐC HỘI\n".as_bytes(),
    "LUẬT\n".as_bytes(),
    "BÁO CHÍ\n".as_bytes(),
    "Hà Nội, ngày 05 tháng 4 năm 2016\n".as_bytes(),
    "Điều 1. Phạm vi điều chỉnh\n".as_bytes(),
    "Sáng nay, Quốc hội khai mạc kỳ họp thứ mười với nhiều nội dung quan trọng.".as_bytes(),
    "Đảng uỷ".as_bytes(),
    "e\u{302}\u{301}".as_bytes(),
    "\u{200b}\u{a0}".as_bytes(),
    "66,540Thành viênThích\n".as_bytes(),
];

/// Bytes built from [`PIECES`] and random bytes.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        1 => prop::collection::vec(any::<u8>(), 0..8),
    ];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

/// JSON Lines records with fields of every JSON type, some lines damaged.
fn json_lines() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        Just("null".to_string()),
        Just("42".to_string()),
        Just("true".to_string()),
        Just("[1, \"a\"]".to_string()),
        Just("{\"a\": {}}".to_string()),
        "\\PC{0,40}".prop_map(|s| serde_json::Value::String(s).to_string()),
    ];
    let key = prop::sample::select(
        &[
            "id", "title", "body", "text", "content", "date", "source", "url", "author", "summary",
            "other",
        ][..],
    );
    let object = prop::collection::vec((key, value), 0..6).prop_map(|fields| {
        let body: Vec<String> = fields
            .into_iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", body.join(", "))
    });
    let line = prop_oneof![
        6 => object,
        1 => soup().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    (prop::collection::vec(line, 0..8), any::<bool>(), 0usize..64).prop_map(
        |(lines, newline_at_end, cut)| {
            let mut text = lines.join("\n");
            if newline_at_end {
                text.push('\n');
            } else {
                // A record truncated at end of file.
                let keep = text.len().saturating_sub(cut);
                let keep = (0..=keep)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                text.truncate(keep);
            }
            text.into_bytes()
        },
    )
}

/// How file bytes are wrapped: as is, behind a byte-order mark, UTF-16, or compressed (whole or
/// cut short).
#[derive(Debug, Clone, Copy)]
enum Wrap {
    Raw,
    Utf8Bom,
    Utf16 { big_endian: bool },
    Gzip { cut: Option<usize> },
    Zstd { cut: Option<usize> },
}

fn wrap() -> impl Strategy<Value = Wrap> {
    prop_oneof![
        4 => Just(Wrap::Raw),
        1 => Just(Wrap::Utf8Bom),
        1 => any::<bool>().prop_map(|big_endian| Wrap::Utf16 { big_endian }),
        1 => prop::option::of(0usize..200).prop_map(|cut| Wrap::Gzip { cut }),
        1 => prop::option::of(0usize..200).prop_map(|cut| Wrap::Zstd { cut }),
    ]
}

fn apply(wrap: Wrap, bytes: Vec<u8>) -> Vec<u8> {
    let cut = |mut b: Vec<u8>, cut: Option<usize>| {
        if let Some(n) = cut {
            b.truncate(b.len().saturating_sub(n + 1));
        }
        b
    };
    match wrap {
        Wrap::Raw => bytes,
        Wrap::Utf8Bom => [b"\xef\xbb\xbf".as_slice(), &bytes].concat(),
        Wrap::Utf16 { big_endian } => {
            let text = String::from_utf8_lossy(&bytes);
            let mut out = if big_endian {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for unit in text.encode_utf16() {
                out.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            // An odd trailing byte now and then.
            if bytes.len() % 3 == 0 {
                out.push(0x41);
            }
            out
        }
        Wrap::Gzip { cut: n } => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&bytes).unwrap();
            cut(encoder.finish().unwrap(), n)
        }
        Wrap::Zstd { cut: n } => cut(zstd::encode_all(bytes.as_slice(), 1).unwrap(), n),
    }
}

/// Reads `bytes` as the file `name` and checks what comes out.
fn check_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let display = path.display().to_string();
    let (articles, issues) = read_all(&Input::File(path.clone()));
    prop_assert!(
        !articles.is_empty() || !issues.is_empty(),
        "neither an article nor an issue from {} bytes",
        bytes.len()
    );
    for issue in &issues {
        prop_assert_eq!(&issue.path, &path);
        prop_assert_eq!(issue.severity, issue.kind.severity());
        prop_assert!(!issue.message.is_empty());
        let shown = issue.to_string();
        prop_assert!(!shown.contains(['\n', '\r']), "{:?}", shown);
        prop_assert!(issue.line != Some(0));
    }
    for article in &articles {
        check_article(article, &display)?;
    }
    Ok(())
}

fn check_article(article: &tracuu_indexer::Article, display: &str) -> Result<(), TestCaseError> {
    prop_assert!(!article.id.trim().is_empty(), "{:?}", article);
    prop_assert_eq!(article.path.as_str(), display);
    prop_assert!(article.body.len() <= MAX_DOCUMENT_BYTES);
    prop_assert!(
        !article.title.trim().is_empty() || !article.body.trim().is_empty(),
        "{:?}",
        article
    );
    prop_assert!(article.line != Some(0));
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_bytes_as_a_file(bytes in prop::collection::vec(any::<u8>(), 0..2048),
                                 name in prop::sample::select(&NAMES[..])) {
        let dir = tempfile::tempdir().unwrap();
        check_file(dir.path(), name, &bytes)?;
    }

    #[test]
    fn format_pieces_as_a_file(bytes in soup(), wrapping in wrap(),
                               name in prop::sample::select(&NAMES[..])) {
        let dir = tempfile::tempdir().unwrap();
        check_file(dir.path(), name, &apply(wrapping, bytes))?;
    }

    #[test]
    fn json_lines_as_a_file(bytes in json_lines(), wrapping in wrap(),
                            name in prop::sample::select(&["tin.jsonl", "tin.txt", "tin.jsonl.zst"][..])) {
        let dir = tempfile::tempdir().unwrap();
        check_file(dir.path(), name, &apply(wrapping, bytes))?;
    }

    #[test]
    fn arbitrary_text_as_a_record(text in "\\PC{0,200}", pieces in soup()) {
        let text = text + &String::from_utf8_lossy(&pieces);
        let display = "thu/muc/tin.txt";
        match RawRecord::from_text(display, text).parse() {
            Ok((article, warnings)) => {
                check_article(&article, display)?;
                for warning in warnings {
                    prop_assert!(!warning.is_rejected());
                    prop_assert!(!warning.to_string().contains('\n'));
                }
            }
            Err(issue) => {
                prop_assert!(issue.is_rejected());
                prop_assert_eq!(issue.path.as_path(), Path::new(display));
                prop_assert!(!issue.to_string().contains('\n'));
            }
        }
    }
}
