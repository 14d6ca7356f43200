//! Helpers shared by the end-to-end tests: running the built `tracuu` binary, temporary index
//! directories, and the fixture table of `corpus/README.md` ("Every article"), from which the tests
//! derive what the corpus holds.
//!
//! Used by two test binaries (`tests/tests.rs` and `tests/shared_corpora.rs`), each of which uses only
//! some of these helpers.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
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

/// Runs a command with `input` on its standard input.
pub fn run_with_stdin(command: &mut Command, input: &str) -> (Output, String, String) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracuu starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("write to tracuu's stdin");
    let output = child.wait_with_output().expect("tracuu runs");
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

/// `tracuu search ARGS --json` over `index`: the exit status, the hits and stderr.
pub fn search_json(index: &Path, args: &[&str]) -> (i32, Vec<Value>, String) {
    let (output, stdout, stderr) = run(tracuu(index).arg("search").args(args).arg("--json"));
    let hits = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("`tracuu search --json` printed a line that is not JSON ({e}): {line:?}")
            })
        })
        .collect();
    (status(&output), hits, stderr)
}

/// The hits of `query` over `index` (up to 1,000 unless `extra` sets `--limit`), asserting the
/// command did not fail.
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
    hits
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
#[derive(Debug, Clone, Copy)]
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
    /// Title, in NFC.
    pub title: &'static str,
}

/// The republication that indexing skips, and the article it duplicates (corpus/README.md,
/// "Duplicates").
pub const DUPLICATE: &str = "jsonl/articles.jsonl line 9";
/// The article [`DUPLICATE`] is a copy of.
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

/// The articles labelled `labels` that an index holds: all but the skipped [`DUPLICATE`].
pub fn indexed(labels: &[&str]) -> BTreeSet<String> {
    labels
        .iter()
        .inspect(|label| {
            article(label);
        })
        .filter(|label| **label != DUPLICATE)
        .map(|label| label.to_string())
        .collect()
}

/// Every article of corpus/README.md, "Every article", in table order.
pub const ARTICLES: [Article; 48] = [
    Article {
        label: "compressed/2019-hoi-nghi.txt.gz",
        id: Id::Given("vn-2019-0712"),
        date: Some("2019-07-12"),
        source: Some("Báo Nghệ An"),
        title: "Hội nghị Ban Chấp hành Đảng bộ tỉnh đánh giá kết quả 6 tháng đầu năm 2019",
    },
    Article {
        label: "compressed/international.jsonl.zst line 1",
        id: Id::Given("bqt-2018-0820"),
        date: Some("2018-08-20"),
        source: Some("Báo Quốc tế"),
        title: "Đoàn đại biểu HĐND tỉnh Nghệ An thăm và làm việc tại tỉnh Xiêng Khoảng",
    },
    Article {
        label: "compressed/international.jsonl.zst line 2",
        id: Id::Given("bqt-2019-0608"),
        date: Some("2019-06-08"),
        source: Some("Báo Quốc tế"),
        title: "Việt Nam trúng cử Ủy viên không thường trực Hội đồng Bảo an nhiệm kỳ 2020 – 2021",
    },
    Article {
        label: "compressed/international.jsonl.zst line 3",
        id: Id::Given("bqt-2020-1116"),
        date: Some("2020-11-16"),
        source: Some("Báo Quốc tế"),
        title: "Hiệp định RCEP được ký kết tại Hội nghị Cấp cao ASEAN lần thứ 37",
    },
    Article {
        label: "compressed/international.jsonl.zst line 4",
        id: Id::Given("ht-2022-0926"),
        date: Some("2022-09-26"),
        source: Some("Báo Hà Tĩnh"),
        title: "Khai mạc Diễn đàn Hữu nghị Cầu Treo – Nậm Phao lần thứ nhất",
    },
    Article {
        label: "compressed/international.jsonl.zst line 5",
        id: Id::Given("qdnd-2024-0627"),
        date: Some("2024-06-27"),
        source: Some("Báo Quân đội nhân dân"),
        title: "Mười năm Việt Nam tham gia hoạt động gìn giữ hòa bình Liên Hợp Quốc",
    },
    Article {
        label: "header/gio-linh-quan-triet-quy-dinh-114.txt",
        id: Id::Derived("gio-linh-quan-triet-quy-dinh-114"),
        date: Some("2023-10-27"),
        source: Some("tintuc.example.vn"),
        title: "Gio Linh quán triệt quy định về kiểm soát quyền lực trong công tác cán bộ",
    },
    Article {
        label: "header/vn-2018-0125.txt",
        id: Id::Given("vn-2018-0125"),
        date: Some("2018-01-25"),
        source: Some("Tạp chí Xây dựng Đảng"),
        title: "Quảng Trị triển khai nhiệm vụ công tác tổ chức xây dựng Đảng năm 2018",
    },
    Article {
        label: "header/vn-2018-0612.txt",
        id: Id::Given("vn-2018-0612"),
        date: Some("2018-06-12"),
        source: Some("Báo Đại biểu Nhân dân"),
        title: "Đại biểu Quốc hội đề nghị siết chặt kiểm soát tài sản, thu nhập",
    },
    Article {
        label: "header/vn-2018-1210.txt",
        id: Id::Given("vn-2018-1210"),
        date: Some("2018-12-10"),
        source: Some("Báo Nghệ An"),
        title: "Tân Kỳ hợp nhất 96 chi bộ sau khi sáp nhập thôn, xóm",
    },
    Article {
        label: "header/vn-2019-0320.txt",
        id: Id::Given("vn-2019-0320"),
        date: Some("2019-03-20"),
        source: Some("Báo Hà Tĩnh"),
        title: "Ủy ban Kiểm tra Tỉnh ủy thi hành kỷ luật 3 đảng viên vi phạm",
    },
    Article {
        label: "header/vn-2019-1116.txt",
        id: Id::Given("vn-2019-1116"),
        date: Some("2019-11-16"),
        source: Some("Báo Đắk Lắk"),
        title: "Ngày hội Đại đoàn kết toàn dân tộc ở buôn Ea Sút",
    },
    Article {
        label: "header/vn-2020-0412.txt",
        id: Id::Given("vn-2020-0412"),
        date: Some("2020-04-12"),
        source: Some("tintuc.example.vn"),
        title: "TP.HCM chi trả hỗ trợ cho hơn 100.000 người lao động mất việc do Covid-19",
    },
    Article {
        label: "header/vn-2020-1101.txt",
        id: Id::Given("vn-2020-1101"),
        date: Some("2020-11-01"),
        source: Some("Báo Hà Tĩnh"),
        title: "Hà Tĩnh triển khai chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX",
    },
    Article {
        label: "header/vn-2021-0315.txt",
        id: Id::Given("vn-2021-0315"),
        date: Some("2021-03-15"),
        source: Some("Báo Quảng Trị"),
        title: "Quảng Trị sẵn sàng cho cuộc bầu cử đại biểu Quốc hội và HĐND các cấp",
    },
    Article {
        label: "header/vn-2021-0728.txt",
        id: Id::Given("vn-2021-0728"),
        date: Some("2021-07-28"),
        source: Some("Báo Đại biểu Nhân dân"),
        title: "Bế mạc Kỳ họp thứ nhất, Quốc hội khóa XV",
    },
    Article {
        label: "header/vn-2022-0517.txt",
        id: Id::Given("vn-2022-0517"),
        date: Some("2022-05-17"),
        source: Some("Báo Hà Tĩnh"),
        title: "Hà Tĩnh nâng cao hiệu quả đấu tranh, phản bác quan điểm sai trái trên không gian mạng",
    },
    Article {
        label: "header/vn-2022-1125.txt",
        id: Id::Given("vn-2022-1125"),
        date: Some("2022-11-25"),
        source: Some("Tạp chí Tuyên giáo"),
        title: "Xây dựng Nhà nước pháp quyền xã hội chủ nghĩa: từ nhận thức đến hành động",
    },
    Article {
        label: "header/vn-2023-0609.txt",
        id: Id::Given("vn-2023-0609"),
        date: Some("2023-06-09"),
        source: Some("Báo Đại biểu Nhân dân"),
        title: "Quốc hội thông qua Nghị quyết 127/2023/QH15 về thí điểm cơ chế phát triển dải ven biển Bắc Trung Bộ",
    },
    Article {
        label: "header/vn-2024-0116.txt",
        id: Id::Given("vn-2024-0116"),
        date: Some("2024-01-16"),
        source: Some("Báo Nghệ An"),
        title: "Nghệ An đưa ra xét xử 14 vụ án tham nhũng, chức vụ trong năm 2023",
    },
    Article {
        label: "header/vn-2024-0830.txt",
        id: Id::Given("vn-2024-0830"),
        date: Some("2024-08-30"),
        source: Some("Báo Cần Thơ"),
        title: "Đảng uỷ phường Tân An trao Huy hiệu Đảng dịp Quốc khánh 2/9",
    },
    Article {
        label: "jsonl/articles.jsonl line 1",
        id: Id::Given("ht-2018-1214"),
        date: Some("2018-12-14"),
        source: Some("Báo Hà Tĩnh"),
        title: "Kỳ họp thứ 8 HĐND tỉnh khóa XVII thông qua 21 nghị quyết",
    },
    Article {
        label: "jsonl/articles.jsonl line 2",
        id: Id::Given("qt-2019-0425"),
        date: Some("2019-04-25"),
        source: Some("Báo Quảng Trị"),
        title: "Thanh tra tỉnh kiến nghị thu hồi hơn 9,8 tỷ đồng sai phạm",
    },
    Article {
        label: "jsonl/articles.jsonl line 3",
        id: Id::Given("dbnd-2019-1121"),
        date: Some("2019-11-21"),
        source: Some("Báo Đại biểu Nhân dân"),
        title: "Quốc hội thông qua Bộ luật Lao động (sửa đổi), nâng dần tuổi nghỉ hưu",
    },
    Article {
        label: "jsonl/articles.jsonl line 4",
        id: Id::Given("qb-2020-1025"),
        date: Some("2020-10-25"),
        source: Some("Báo Quảng Bình"),
        title: "Ủy ban MTTQ tỉnh Quảng Bình tiếp nhận hơn 86 tỷ đồng ủng hộ người dân vùng lũ",
    },
    Article {
        label: "jsonl/articles.jsonl line 5",
        id: Id::Given("dbnd-2020-0608"),
        date: Some("2020-06-08"),
        source: Some("Báo Đại biểu Nhân dân"),
        title: "Quốc hội phê chuẩn Hiệp định Thương mại tự do Việt Nam – EU",
    },
    Article {
        label: "jsonl/articles.jsonl line 6",
        id: Id::Given("ht-2021-0531"),
        date: Some("2021-05-31"),
        source: Some("Báo Hà Tĩnh"),
        title: "Hà Tĩnh công bố kết quả bầu cử đại biểu HĐND tỉnh khóa XVIII",
    },
    Article {
        label: "jsonl/articles.jsonl line 7",
        id: Id::Given("ct-2021-0726"),
        date: Some("2021-07-26"),
        source: Some("Báo Cần Thơ"),
        title: "Cần Thơ gửi 200 tấn nông sản hỗ trợ TP.HCM chống dịch Covid-19",
    },
    Article {
        label: "jsonl/articles.jsonl line 8",
        id: Id::Given("tgiao-2021-1028"),
        date: Some("2021-10-28"),
        source: Some("Tạp chí Tuyên giáo"),
        title: "Kiên quyết ngăn chặn, đẩy lùi suy thoái về tư tưởng chính trị, đạo đức, lối sống",
    },
    Article {
        label: "jsonl/articles.jsonl line 9",
        id: Id::Given("tg-2022-0520"),
        date: Some("2022-05-20"),
        source: Some("Tạp chí Tuyên giáo"),
        title: "Hà Tĩnh nâng cao hiệu quả đấu tranh, phản bác quan điểm sai trái trên không gian mạng",
    },
    Article {
        label: "jsonl/articles.jsonl line 10",
        id: Id::Given("na-2022-0902"),
        date: Some("2022-09-02"),
        source: Some("Báo Nghệ An"),
        title: "Đảng uỷ xã Quỳnh Thạch lãnh đạo xây dựng nông thôn mới nâng cao",
    },
    Article {
        label: "jsonl/articles.jsonl line 11",
        id: Id::Given("th-2022-1209"),
        date: Some("2022-12-09"),
        source: Some("Báo Thanh Hóa"),
        title: "Xét xử sơ thẩm vụ án Cầu Vồng Xanh: 9 bị cáo hầu tòa",
    },
    Article {
        label: "jsonl/articles.jsonl line 12",
        id: Id::Given("tgiao-2023-0620"),
        date: Some("2023-06-20"),
        source: Some("Tạp chí Tuyên giáo"),
        title: "Phát huy vai trò báo chí cách mạng trong thời kỳ chuyển đổi số",
    },
    Article {
        label: "jsonl/articles.jsonl line 13",
        id: Id::DerivedLine("articles", 13),
        date: Some("2024-03-12"),
        source: Some("Báo Hà Tĩnh"),
        title: "Hà Tĩnh lấy ý kiến cử tri về sắp xếp đơn vị hành chính cấp xã",
    },
    Article {
        label: "jsonl/articles.jsonl line 14",
        id: Id::Given("dbnd-2024-0118"),
        date: Some("2024-01-18"),
        source: Some("Báo Đại biểu Nhân dân"),
        title: "Quốc hội thông qua Luật Đất đai (sửa đổi) tại kỳ họp bất thường",
    },
    Article {
        label: "plain/dung-de-tu-duy-nhiem-ky.txt",
        id: Id::Derived("dung-de-tu-duy-nhiem-ky"),
        date: None,
        source: None,
        title: "Đừng để “tư duy nhiệm kỳ” làm chậm bước phát triển",
    },
    Article {
        label: "plain/nguoi-bi-thu-chi-bo-ban-huoi-moi.txt",
        id: Id::Derived("nguoi-bi-thu-chi-bo-ban-huoi-moi"),
        date: None,
        source: None,
        title: "Người bí thư chi bộ ở bản Huồi Mới",
    },
    Article {
        label: "scraped/2018-03-14-dang-uy-khoi-co-quan-sinh-hoat-chi-bo.txt",
        id: Id::Derived("2018-03-14-dang-uy-khoi-co-quan-sinh-hoat-chi-bo"),
        date: Some("2018-03-14"),
        source: Some("Báo Nghệ An"),
        title: "Đảng ủy Khối các cơ quan tỉnh nâng cao chất lượng sinh hoạt chi bộ",
    },
    Article {
        label: "scraped/2018-10-09-cam-xuyen-nong-thon-moi-kieu-mau.txt",
        id: Id::Derived("2018-10-09-cam-xuyen-nong-thon-moi-kieu-mau"),
        date: Some("2018-10-09"),
        source: Some("Báo Hà Tĩnh"),
        title: "Cẩm Xuyên: Huy động hơn 48 tỷ đồng xây dựng nông thôn mới kiểu mẫu",
    },
    Article {
        label: "scraped/2019-11-20-huong-son-ton-vinh-nha-giao.txt",
        id: Id::Derived("2019-11-20-huong-son-ton-vinh-nha-giao"),
        date: Some("2019-11-20"),
        source: Some("Báo Hà Tĩnh"),
        title: "Hương Sơn tôn vinh 52 nhà giáo tiêu biểu nhân Ngày Nhà giáo Việt Nam",
    },
    Article {
        label: "scraped/2020-04-02-nghe-an-ho-tro-nguoi-dan-covid-19.txt",
        id: Id::Derived("2020-04-02-nghe-an-ho-tro-nguoi-dan-covid-19"),
        date: Some("2020-04-02"),
        source: Some("Báo Nghệ An"),
        title: "Nghệ An chi hơn 35 tỷ đồng hỗ trợ người dân gặp khó khăn do Covid-19",
    },
    Article {
        label: "scraped/2020-09-15-dai-hoi-dang-bo-huyen-trieu-phong.txt",
        id: Id::Derived("2020-09-15-dai-hoi-dang-bo-huyen-trieu-phong"),
        date: Some("2020-09-15"),
        source: Some("Báo Quảng Trị"),
        title: "Đại hội đại biểu Đảng bộ huyện Triệu Phong lần thứ XX thành công tốt đẹp",
    },
    Article {
        label: "scraped/2021-09-28-so-tay-dang-vien-dien-tu.txt",
        id: Id::Derived("2021-09-28-so-tay-dang-vien-dien-tu"),
        date: Some("2021-09-28"),
        source: Some("Báo Nghệ An"),
        title: "Đảng bộ Khối Doanh nghiệp tỉnh triển khai sổ tay đảng viên điện tử",
    },
    Article {
        label: "scraped/2022-07-08-tiep-xuc-cu-tri-tp-vinh.txt",
        id: Id::Derived("2022-07-08-tiep-xuc-cu-tri-tp-vinh"),
        date: Some("2022-07-08"),
        source: Some("Báo Nghệ An"),
        title: "Đại biểu Quốc hội tiếp xúc cử tri TP. Vinh sau Kỳ họp thứ ba",
    },
    Article {
        label: "scraped/2023-02-03-niem-tin-vao-dang.txt",
        id: Id::Derived("2023-02-03-niem-tin-vao-dang"),
        date: Some("2023-02-03"),
        source: Some("Tạp chí Tuyên giáo"),
        title: "Niềm tin vào Đảng – nguồn sức mạnh trên chặng đường mới",
    },
    Article {
        label: "scraped/2023-08-22-thach-ha-mot-cua-cap-xa.txt",
        id: Id::Derived("2023-08-22-thach-ha-mot-cua-cap-xa"),
        date: Some("2023-08-22"),
        source: Some("Báo Hà Tĩnh"),
        title: "Thạch Hà: Người dân hài lòng với bộ phận một cửa cấp xã",
    },
    Article {
        label: "scraped/2023-12-06-can-tho-lay-phieu-tin-nhiem.txt",
        id: Id::Derived("2023-12-06-can-tho-lay-phieu-tin-nhiem"),
        date: Some("2023-12-06"),
        source: Some("Báo Cần Thơ"),
        title: "Hội đồng nhân dân thành phố Cần Thơ lấy phiếu tín nhiệm 33 người giữ chức vụ",
    },
    Article {
        label: "scraped/2024-05-19-le-hoi-lang-sen.txt",
        id: Id::Derived("2024-05-19-le-hoi-lang-sen"),
        date: Some("2024-05-19"),
        source: Some("Báo Nghệ An"),
        title: "Hơn 20.000 lượt du khách về Kim Liên dự Lễ hội Làng Sen năm 2024",
    },
];

/// `tracuu search ARGS --json` over `index`: the exit status, the hits as the library's records
/// and stderr.
pub fn search_hits(index: &Path, args: &[&str]) -> (i32, Vec<tracuu_query::Hit>, String) {
    let (output, stdout, stderr) = run(tracuu(index).arg("search").args(args).arg("--json"));
    let hits = stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("`tracuu search --json` printed a line that is not a hit ({e}): {line:?}")
            })
        })
        .collect();
    (status(&output), hits, stderr)
}
