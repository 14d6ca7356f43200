//! Reliability on purpose: bad input files, killed and concurrent runs, damaged indexes and the
//! documented limits, each driven through the `tracuu` binary on files written at test time.
//!
//! Every bad-input test puts a good article beside the bad file and proves that it was indexed in
//! the same run. Expected messages name the path (and the line, where there is one); the exit
//! status of `tracuu index` is 0 when only warnings were given and 1 when a record or file was
//! rejected; errors of the index itself exit 2.
//!
//! Figures (peak memory, kill points) are printed: `cargo test --test tests reliability --
//! --nocapture` shows them.
#![cfg(unix)]

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;
use tracuu_research::unit_table::{TEMPORARY_PREFIX, TEMPORARY_SUFFIX, UNIT_TABLE_FILE};

use crate::util::{count, hits, run, status, temp_dir, tracuu};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The good article written beside every bad file: a header text with a known id.
const GOOD_ID: &str = "tin-tot-1";
const GOOD_TEXT: &str = "# doc_id = tin-tot-1\n# date = 20210315\n\
    Hội nghị toàn quốc về chuyển đổi số quốc gia\n\
    Sáng nay, hội nghị toàn quốc về chuyển đổi số quốc gia đã khai mạc tại Hà Nội.\n";
/// A query that finds the good article.
const GOOD_QUERY: &str = "chuyển đổi số";

/// A temporary folder with a `docs/` folder holding the good article, and an index path.
struct Case {
    dir: TempDir,
}

impl Case {
    fn new(prefix: &str) -> Case {
        let case = Case {
            dir: temp_dir(prefix),
        };
        fs::create_dir_all(case.docs()).unwrap();
        case.write("good.txt", GOOD_TEXT);
        case
    }

    fn docs(&self) -> PathBuf {
        self.dir.path().join("docs")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes `docs/<name>` and returns its path.
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.docs().join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// `tracuu index EXTRA... PATHS...` into this case's index.
    fn run_index(&self, extra: &[&str], paths: &[&Path]) -> Outcome {
        let mut command = tracuu(&self.index());
        command.arg("index").args(extra).args(paths);
        Outcome::of(run(&mut command))
    }

    /// `tracuu index docs/`.
    fn index_docs(&self) -> Outcome {
        self.run_index(&[], &[&self.docs()])
    }
}

/// What a `tracuu` run printed and how it exited.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Outcome {
    fn of((output, stdout, stderr): (Output, String, String)) -> Outcome {
        let outcome = Outcome {
            code: status(&output),
            stdout,
            stderr,
        };
        outcome.assert_no_panic();
        outcome
    }

    fn assert_no_panic(&self) {
        for text in [&self.stdout, &self.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "tracuu panicked: {text}"
            );
        }
    }

    fn lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// Asserts that stderr has `line` as one of its lines.
    fn assert_line(&self, line: &str) {
        assert!(
            self.lines().contains(&line),
            "expected the line\n  {line}\nin stderr:\n{}",
            self.stderr
        );
    }

    /// Asserts the summary line's counts.
    fn assert_summary(&self, indexed: usize, rejected: usize, warnings: usize) {
        let prefix = format!(
            "indexed {indexed}, replaced 0, unchanged 0, copies 0, rejected {rejected}, \
             warnings {warnings} in "
        );
        assert!(
            self.lines().last().is_some_and(|l| l.starts_with(&prefix)),
            "expected a summary starting {prefix:?}; stderr:\n{}",
            self.stderr
        );
    }
}

/// Asserts that the good article is in the index and found by a search.
fn assert_good_indexed(index: &Path) {
    let found = hits(index, GOOD_QUERY, &[]);
    assert!(
        found.iter().any(|hit| hit["id"] == GOOD_ID),
        "the good article {GOOD_ID} is not found by {GOOD_QUERY:?}: {found:?}"
    );
}

/// The ids of the documents stored in the index, read with tantivy directly (not through tracuu).
fn stored_ids(index: &Path) -> Vec<String> {
    let index = tantivy::Index::open_in_dir(index).expect("tantivy opens the index");
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .expect("tantivy reads the index");
    let searcher: tantivy::Searcher = reader.searcher();
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let column = segment
            .fast_fields()
            .str("id")
            .expect("id column")
            .expect("id is a fast field");
        for doc in segment.doc_ids_alive() {
            for ord in column.term_ords(doc) {
                let mut id = String::new();
                column.ord_to_str(ord, &mut id).unwrap();
                ids.push(id);
            }
        }
    }
    ids
}

/// Documents committed, according to the index's `meta.json` (`None` while there is none).
fn committed_docs(index: &Path) -> Option<u64> {
    let text = fs::read_to_string(index.join("meta.json")).ok()?;
    let meta: Value = serde_json::from_str(&text).ok()?;
    let segments = meta["segments"].as_array()?;
    Some(
        segments
            .iter()
            .map(|s| {
                s["max_doc"].as_u64().unwrap_or(0)
                    - s["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0)
            })
            .sum(),
    )
}

/// Whether this process runs as root (real uid 0), from /proc/self/status.
fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("Uid:"))?.to_owned();
            line.split_whitespace().nth(1).map(|uid| uid == "0")
        })
        .unwrap_or(false)
}

/// Runs `command` to completion, polling the child's peak resident memory (VmHWM) in
/// /proc/<pid>/status; returns the outcome and the peak in KiB.
fn run_measuring_peak_rss(command: &mut Command) -> (Outcome, u64) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tracuu starts");
    let pid = child.id();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut peak_kib = 0;
    loop {
        if let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        thread::sleep(Duration::from_millis(5));
    }
    let code = child.wait().unwrap().code().unwrap_or(-1);
    let outcome = Outcome {
        code,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    outcome.assert_no_panic();
    (outcome, peak_kib)
}

// ---------------------------------------------------------------------------------------------
// Synthetic articles for the large runs
// ---------------------------------------------------------------------------------------------

const SUBJECTS: [&str; 12] = [
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng",
    "Bộ Y tế",
    "Bộ Giáo dục và Đào tạo",
    "Ủy ban nhân dân tỉnh Nghệ An",
    "Hội đồng nhân dân thành phố",
    "Ngân hàng Nhà nước",
    "Bộ Tài chính",
    "Tổng Liên đoàn Lao động",
    "Mặt trận Tổ quốc",
    "Bộ Nông nghiệp",
];
const ACTIONS: [&str; 10] = [
    "thông qua",
    "khai mạc",
    "kiểm tra",
    "chỉ đạo",
    "tổng kết",
    "triển khai",
    "công bố",
    "đánh giá",
    "phê duyệt",
    "hướng dẫn",
];
const OBJECTS: [&str; 12] = [
    "nghị quyết về đầu tư công",
    "kế hoạch phòng chống thiên tai",
    "dự án đường cao tốc Bắc Nam",
    "chương trình chuyển giao công nghệ",
    "đề án phát triển nông nghiệp",
    "chính sách hỗ trợ doanh nghiệp",
    "báo cáo kinh tế xã hội",
    "quy hoạch vùng đồng bằng sông Cửu Long",
    "kết quả tuyển sinh đại học",
    "phương án giá điện",
    "chiến dịch tiêm chủng",
    "luật đất đai sửa đổi",
];
const PLACES: [&str; 8] = [
    "tại Hà Nội",
    "ở Đà Nẵng",
    "tại Thành phố Hồ Chí Minh",
    "ở Cần Thơ",
    "tại Hải Phòng",
    "ở Huế",
    "tại Quảng Ninh",
    "ở Nghệ An",
];
const TAILS: [&str; 6] = [
    "Nhiều ý kiến đề nghị đẩy nhanh tiến độ.",
    "Người dân bày tỏ đồng tình.",
    "Các địa phương được yêu cầu báo cáo trước cuối tháng.",
    "Đại biểu thảo luận sôi nổi.",
    "Kết quả sẽ được công bố công khai.",
    "Nguồn vốn được bố trí từ ngân sách.",
];

/// A query every synthetic article matches (each title starts `Bản tin số N`).
const ALL_SYNTHETIC: &str = "bản tin";

/// The id of synthetic article `i`.
fn synthetic_id(i: usize) -> String {
    format!("bai-{i:05}")
}

/// `n` short synthetic Vietnamese news articles as JSON Lines, each with a distinct body.
fn synthetic_articles(n: usize) -> String {
    let mut out = String::with_capacity(n * 400);
    let mut pick = picker();
    for i in 0..n {
        let (s, a, o, p, t) = (
            SUBJECTS[pick(SUBJECTS.len())],
            ACTIONS[pick(ACTIONS.len())],
            OBJECTS[pick(OBJECTS.len())],
            PLACES[pick(PLACES.len())],
            TAILS[pick(TAILS.len())],
        );
        let record = json!({
            "id": synthetic_id(i),
            "title": format!("Bản tin số {i}: {s} {a} {o}"),
            "body": format!("{s} {a} {o} {p}. {t}\nĐây là bản tin số {i} trong loạt bài tổng hợp."),
            "date": format!("2021-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

/// Picks indexes below a length, the same sequence on every run: xorshift64, no dependency.
fn picker() -> impl FnMut(usize) -> usize {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    move |len: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % len as u64) as usize
    }
}

/// Checks that what the index holds after a crash is consistent: it opens, `search --count`
/// equals the documents committed in `meta.json` and those stored, and they are exactly the
/// first articles of the input (each once). Returns how many there are.
fn assert_consistent_prefix(index: &Path, commit_every: usize) -> usize {
    if !index.join("meta.json").exists() {
        return 0; // killed before the index was created
    }
    let searched = count(index, ALL_SYNTHETIC, &[]);
    let committed = committed_docs(index).expect("a readable meta.json") as usize;
    let mut ids = stored_ids(index);
    ids.sort();
    let expected: Vec<String> = (0..searched).map(synthetic_id).collect();
    assert_eq!(searched, committed, "search --count vs meta.json");
    assert_eq!(ids.len(), searched, "documents stored vs search --count");
    assert_eq!(
        ids, expected,
        "the committed documents are the input's first ones, once each"
    );
    assert!(
        searched == 0 || searched >= commit_every,
        "{searched} documents committed: commits happen every {commit_every} documents"
    );
    searched
}

/// Polls until `done()` holds or the child exits; returns whether `done()` held first.
fn wait_until(child: &mut Child, timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    loop {
        if done() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(started.elapsed() < timeout, "timed out waiting on tracuu");
        thread::sleep(Duration::from_millis(10));
    }
}

/// Starts `tracuu index` in the background, its output discarded.
fn spawn_index(index: &Path, extra: &[&str], paths: &[&Path]) -> Child {
    tracuu(index)
        .arg("index")
        .args(extra)
        .args(paths)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tracuu index starts")
}

// ---------------------------------------------------------------------------------------------
// Bad input files
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_in_the_middle_is_decoded_with_a_warning_naming_the_line() {
    let case = Case::new("rel-utf8-");
    let mut bytes = "Báo cáo tình hình thanh niên khởi nghiệp\n\
        Dòng thứ hai bình thường.\nDòng thứ ba có byte hỏng: "
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xc3(");
    bytes
        .extend_from_slice(" rồi tiếp tục.\nDòng thứ tư nói về khởi nghiệp sáng tạo.\n".as_bytes());
    let bad = case.write("hong.txt", bytes);

    let outcome = case.index_docs();
    assert_eq!(
        outcome.code, 0,
        "a warning does not fail the run: {}",
        outcome.stderr
    );
    outcome.assert_line(&format!(
        "tracuu: warning: {}:3: invalid UTF-8 decoded with replacement characters",
        bad.display()
    ));
    outcome.assert_summary(2, 0, 1);
    assert_good_indexed(&case.index());
    // The text on both sides of the bad bytes is searchable.
    assert_eq!(count(&case.index(), "thanh niên khởi nghiệp", &[]), 1);
    assert_eq!(count(&case.index(), "sáng tạo", &[]), 1);
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_decoded_and_searchable() {
    let case = Case::new("rel-utf16-");
    let text = "Nông dân Thái Bình thu hoạch lúa chiêm xuân\n\
        Những ngày này, nông dân Thái Bình phấn khởi thu hoạch lúa chiêm xuân đạt năng suất cao.\n";
    let mut little = vec![0xff, 0xfe];
    let mut big = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        little.extend_from_slice(&unit.to_le_bytes());
    }
    for unit in text.replace("Thái Bình", "Nam Định").encode_utf16() {
        big.extend_from_slice(&unit.to_be_bytes());
    }
    case.write("utf16le.txt", little);
    case.write("utf16be.txt", big);

    let outcome = case.index_docs();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    outcome.assert_summary(3, 0, 0);
    assert_good_indexed(&case.index());
    let found = hits(&case.index(), "lúa chiêm", &[]);
    let titles: BTreeSet<&str> = found.iter().filter_map(|h| h["title"].as_str()).collect();
    assert_eq!(
        titles,
        BTreeSet::from([
            "Nông dân Thái Bình thu hoạch lúa chiêm xuân",
            "Nông dân Nam Định thu hoạch lúa chiêm xuân",
        ])
    );
    assert_eq!(count(&case.index(), "thai binh", &["--fold"]), 1);
}

#[test]
fn a_file_of_nul_bytes_is_skipped_as_binary() {
    let case = Case::new("rel-nul-");
    let bad = case.write("nul.txt", vec![0u8; 64 * 1024]);
    let outcome = case.index_docs();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    outcome.assert_line(&format!(
        "tracuu: warning: {}: binary file skipped",
        bad.display()
    ));
    outcome.assert_summary(1, 0, 1);
    assert_good_indexed(&case.index());
}

#[test]
fn an_empty_file_is_skipped_with_a_warning() {
    let case = Case::new("rel-empty-");
    let empty = case.write("rong.txt", "");
    let blank = case.write("trang.txt", " \n\n\t \n");
    let outcome = case.index_docs();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    outcome.assert_line(&format!("tracuu: warning: {}: empty file", empty.display()));
    outcome.assert_line(&format!("tracuu: warning: {}: empty file", blank.display()));
    outcome.assert_summary(1, 0, 2);
    assert_good_indexed(&case.index());
}

#[test]
fn a_file_of_invisible_characters_is_skipped_as_empty() {
    // Zero-width spaces, BOMs, soft hyphens and joiners hold no word: such a file is as empty as
    // a whitespace-only one.
    let case = Case::new("rel-invisible-");
    let zero_width = case.write("zw.txt", "\u{200b}\u{200b}\n\u{feff}\n");
    let mixed = case.write(
        "an.txt",
        "\u{a0}\u{ad}\r\n\u{2060}\u{200d}\u{200c} \u{feff}",
    );
    let outcome = case.index_docs();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    for path in [zero_width, mixed] {
        outcome.assert_line(&format!("tracuu: warning: {}: empty file", path.display()));
    }
    outcome.assert_summary(1, 0, 2);
    assert_good_indexed(&case.index());
}

#[test]
fn bad_json_lines_are_rejected_by_line_and_the_rest_is_indexed() {
    let case = Case::new("rel-jsonl-");
    let lines = [
        r#"{"id": "j-1", "title": "Tin tốt đầu tệp", "body": "Bộ Y tế họp báo về vắc xin."}"#,
        r#"["không", "phải", "đối tượng"]"#,
        r#"{"id": "j-3", "title": 2021, "body": "Tiêu đề là một con số."}"#,
        r#"{"id": "j-4", "title": "Tin tốt giữa tệp", "body": "Ngành giáo dục tổng kết năm học."}"#,
        r#"{"id": "j-5", "title": "Tin bị cắt", "body": "Dòng cuối không có"#,
    ];
    let bad = case.write("tin.jsonl", lines.join("\n"));
    let outcome = case.index_docs();
    assert_eq!(
        outcome.code, 1,
        "rejected records exit 1: {}",
        outcome.stderr
    );
    let p = bad.display();
    outcome.assert_line(&format!(
        "tracuu: {p}:2: not a JSON object (found an array)"
    ));
    outcome.assert_line(&format!(
        "tracuu: {p}:3: `title` must be a string, found a number"
    ));
    let truncated = format!("tracuu: {p}:5: truncated JSON record at end of file");
    assert!(
        outcome.lines().iter().any(|l| l.starts_with(&truncated)),
        "expected a line starting {truncated:?}: {}",
        outcome.stderr
    );
    outcome.assert_summary(3, 3, 0);
    assert_good_indexed(&case.index());
    let ids: BTreeSet<String> = hits(&case.index(), "tin tốt", &[])
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, BTreeSet::from(["j-1".into(), "j-4".into()]));
}

#[test]
fn a_truncated_zstd_dump_keeps_its_complete_records_and_names_the_damage() {
    let case = Case::new("rel-zstd-");
    let text = synthetic_articles(3000);
    let compressed = zstd::encode_all(text.as_bytes(), 3).unwrap();
    let bad = case.write("dump.jsonl.zst", &compressed[..compressed.len() / 2]);
    let outcome = case.index_docs();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let rejected: Vec<&str> = outcome
        .lines()
        .into_iter()
        .filter(|l| l.starts_with(&format!("tracuu: {}:", bad.display())))
        .collect();
    assert_eq!(rejected.len(), 1, "{}", outcome.stderr);
    assert!(
        rejected[0].contains(": truncated or corrupt zstd stream"),
        "{}",
        rejected[0]
    );
    // `path:LINE:` names the first line that could not be read; every line before it is indexed.
    let line: usize = rejected[0]
        .trim_start_matches(&format!("tracuu: {}:", bad.display()))
        .split(':')
        .next()
        .unwrap()
        .parse()
        .expect("the message names a line");
    let complete = line - 1;
    assert!(complete > 100 && complete < 3000, "line {line}");
    outcome.assert_summary(complete + 1, 1, 0);
    assert_good_indexed(&case.index());
    assert_eq!(count(&case.index(), ALL_SYNTHETIC, &[]), complete);
    let mut ids = stored_ids(&case.index());
    ids.retain(|id| id != GOOD_ID);
    ids.sort();
    assert_eq!(ids, (0..complete).map(synthetic_id).collect::<Vec<_>>());
}

#[test]
fn a_directory_loop_through_a_symlink_is_reported_once_and_not_followed() {
    let case = Case::new("rel-loop-");
    let inner = case.docs().join("chuyen-muc/con");
    fs::create_dir_all(&inner).unwrap();
    fs::write(
        inner.join("tin.txt"),
        "Đội tuyển bóng đá giành chiến thắng\nĐội tuyển bóng đá Việt Nam giành chiến thắng.\n",
    )
    .unwrap();
    let link = inner.join("vong");
    std::os::unix::fs::symlink(case.docs().join("chuyen-muc"), &link).unwrap();

    let outcome = case.index_docs();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    outcome.assert_line(&format!(
        "tracuu: {}: filesystem loop: links back to {}",
        link.display(),
        case.docs().join("chuyen-muc").display()
    ));
    outcome.assert_summary(2, 1, 0);
    assert_good_indexed(&case.index());
    assert_eq!(count(&case.index(), "bóng đá", &[]), 1, "indexed once");
}

/// Root reads a file whatever its mode, so for root `chmod 000` alone proves nothing: tracuu is
/// run as the unprivileged user `nobody` (uid 65534) instead, or, when this machine does not
/// allow that, the file is replaced by a symbolic link to itself, which no one can open.
#[test]
fn an_unreadable_file_is_rejected_with_the_os_reason() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let case = Case::new("rel-perm-");
    let secret = case.write("kin.txt", "Tài liệu mật\nNội dung không được đọc.\n");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = tracuu(&case.index());
    command.arg("index").arg(case.docs());
    if running_as_root() {
        println!(
            "running as root, which reads any file whatever its permissions: \
             running tracuu as uid 65534 (nobody) for this test"
        );
        for dir in [case.dir.path(), &case.docs()] {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
        }
        command.uid(65534).gid(65534);
    }
    let (outcome, reason) = match command.output() {
        Ok(output) => (
            Outcome::of((
                output.clone(),
                String::from_utf8_lossy(&output.stdout).into_owned(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )),
            "permission denied (os error 13)",
        ),
        Err(error) => {
            println!(
                "tracuu cannot be started as uid 65534 ({error}): \
                 the file is made a link to itself instead"
            );
            fs::remove_file(&secret).unwrap();
            std::os::unix::fs::symlink("kin.txt", &secret).unwrap();
            (
                case.index_docs(),
                "too many levels of symbolic links (os error 40)",
            )
        }
    };
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    outcome.assert_line(&format!("tracuu: {}: {reason}", secret.display()));
    outcome.assert_summary(1, 1, 0);
    assert_good_indexed(&case.index());
}

#[test]
fn a_path_that_does_not_exist_is_rejected_and_the_others_are_indexed() {
    let case = Case::new("rel-missing-");
    let missing = case.dir.path().join("khong-co/tin.txt");
    let outcome = case.run_index(&[], &[&missing, &case.docs()]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    outcome.assert_line(&format!(
        "tracuu: {}: no such file or directory (os error 2)",
        missing.display()
    ));
    outcome.assert_summary(1, 1, 0);
    assert_good_indexed(&case.index());
}

/// A single-line file of `size` bytes: a marker word at the start, Vietnamese words padded with
/// spaces (so that debug builds index the first 8 MiB in seconds), and a marker word at the end.
fn write_single_line_file(path: &Path, size: usize, dense: bool) {
    let mut file = std::io::BufWriter::with_capacity(1 << 20, fs::File::create(path).unwrap());
    let head = "khởiđầutệp Quốc hội khai mạc kỳ họp bất thường ";
    let tail = " kếtthúctệp";
    let mut chunk = String::new();
    while chunk.len() < 1 << 20 {
        chunk.push_str("Quốc hội thảo luận về kinh tế xã hội ");
        if !dense {
            chunk.push_str(&" ".repeat(200));
        }
    }
    let mut written = head.len();
    file.write_all(head.as_bytes()).unwrap();
    while written + chunk.len() + tail.len() <= size {
        file.write_all(chunk.as_bytes()).unwrap();
        written += chunk.len();
    }
    file.write_all(&b" ".repeat(size - written - tail.len()))
        .unwrap();
    file.write_all(tail.as_bytes()).unwrap();
    file.flush().unwrap();
}

/// A huge single-line text file is cut at MAX_DOCUMENT_BYTES (8 MiB) with a warning, the rest is
/// never read, and the process stays within the writer budget given.
fn huge_single_line_file(size: usize, dense: bool) {
    const BUDGET_MIB: u64 = 128;
    let case = Case::new("rel-huge-");
    let big = case.docs().join("mot-dong.txt");
    let started = Instant::now();
    write_single_line_file(&big, size, dense);
    assert_eq!(fs::metadata(&big).unwrap().len(), size as u64);
    let generated = started.elapsed();

    let started = Instant::now();
    let (outcome, peak_kib) = run_measuring_peak_rss(tracuu(&case.index()).args([
        OsStr::new("index"),
        OsStr::new("--memory-mb"),
        OsStr::new(&BUDGET_MIB.to_string()),
        OsStr::new("--threads"),
        OsStr::new("2"),
        case.docs().as_os_str(),
    ]));
    println!(
        "{} MB single-line file ({}): generated in {:.1} s, indexed in {:.1} s, \
         peak RSS {:.1} MiB (writer budget {BUDGET_MIB} MiB)",
        size / 1_000_000,
        if dense {
            "dense text"
        } else {
            "words padded with spaces"
        },
        generated.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        peak_kib as f64 / 1024.0
    );
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    outcome.assert_line(&format!(
        "tracuu: warning: {}: document truncated to 8 MiB",
        big.display()
    ));
    outcome.assert_summary(2, 0, 1);
    assert_good_indexed(&case.index());
    assert_eq!(count(&case.index(), "khởiđầutệp", &[]), 1);
    assert_eq!(
        count(&case.index(), "kếtthúctệp", &[]),
        0,
        "text past 8 MiB is not indexed"
    );
    assert!(peak_kib > 0, "VmHWM was read");
    assert!(
        peak_kib < BUDGET_MIB * 1024,
        "peak RSS {peak_kib} KiB exceeds the writer budget of {BUDGET_MIB} MiB"
    );
}

#[test]
fn a_20_mb_single_line_file_is_truncated_within_the_memory_budget() {
    huge_single_line_file(20_000_000, false);
}

#[test]
#[ignore = "writes 200 MB to target/tmp and indexes 8 MiB of dense text (8-15 s in a debug \
            build); run by hand: `cargo test --test tests -- --ignored --nocapture 200_mb`"]
fn a_200_mb_single_line_file_is_truncated_within_the_memory_budget() {
    huge_single_line_file(200_000_000, true);
}

// ---------------------------------------------------------------------------------------------
// Crashes and concurrency
// ---------------------------------------------------------------------------------------------

/// Records the indexer reads between two looks at Ctrl-C (its batch).
const BATCH_RECORDS: usize = 256;

/// What a pseudo-terminal has shown so far, read as it comes.
struct Screen(Arc<Mutex<String>>);

impl Screen {
    fn watch(mut reader: Box<dyn Read + Send>) -> Screen {
        let shown = Arc::new(Mutex::new(String::new()));
        let filling = Arc::clone(&shown);
        thread::spawn(move || {
            let mut buffer = [0; 4096];
            // The read ends with an error (EIO) on Linux once the child has closed the terminal.
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                filling
                    .lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        Screen(shown)
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }

    fn wait_for(&self, text: &str) {
        let started = Instant::now();
        while !self.text().contains(text) {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{text:?} never shown:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn ctrl_c_in_a_terminal_commits_the_batches_added_and_a_rerun_completes_the_index() {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    use std::sync::mpsc;

    const TOTAL: usize = 4 * BATCH_RECORDS;
    let dir = temp_dir("rel-ctrl-c-");
    let articles = synthetic_articles(TOTAL);
    let lines: Vec<String> = articles.lines().map(|l| format!("{l}\n")).collect();
    // The articles come through a named pipe, so that the test decides when each arrives.
    let feed = dir.path().join("feed.jsonl");
    assert!(Command::new("mkfifo")
        .arg(&feed)
        .status()
        .unwrap()
        .success());
    let index = dir.path().join("index");

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(crate::util::tracuu_binary());
    command.arg("--index");
    command.arg(&index);
    command.arg("index");
    command.arg(&feed);
    command.env_remove("TRACUU_INDEX");
    command.env("NO_COLOR", "1");
    let mut child = pair.slave.spawn_command(command).expect("tracuu starts");
    drop(pair.slave);
    let screen = Screen::watch(pair.master.try_clone_reader().unwrap());
    let mut keyboard = pair.master.take_writer().unwrap();

    // A batch and a half, then the rest once Ctrl-C has been pressed.
    let (rest_please, rest_wanted) = mpsc::channel::<()>();
    let writer = {
        let (feed, lines) = (feed.clone(), lines.clone());
        thread::spawn(move || {
            let mut pipe = fs::OpenOptions::new().write(true).open(&feed).unwrap();
            let (first, rest) = lines.split_at(BATCH_RECORDS * 3 / 2);
            pipe.write_all(first.concat().as_bytes()).unwrap();
            pipe.flush().unwrap();
            rest_wanted.recv().unwrap();
            // tracuu stops reading once it stops: what it never reads is refused.
            let _ = pipe.write_all(rest.concat().as_bytes());
        })
    };
    // The progress line appears after the first batch.
    screen.wait_for("documents");
    keyboard.write_all(b"\x03").unwrap();
    keyboard.flush().unwrap();
    screen.wait_for("tracuu: stopping after the batch in hand");
    rest_please.send(()).unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    // The terminal's output is read on another thread, which may not have read the end yet.
    screen.wait_for("tracuu: stopped by Ctrl-C");
    let shown = screen.text();
    assert_eq!(status.exit_code(), 130, "{shown}");
    assert!(!shown.contains("panicked"), "{shown}");
    // The first batch was added before Ctrl-C; the second is too when it was already read
    // (how far the reader got when the key came depends on the machine's load). Whole batches
    // only, and as many as the summary says.
    let added: usize = shown
        .split("indexed ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary: {shown}"));
    assert!(
        [BATCH_RECORDS, 2 * BATCH_RECORDS].contains(&added),
        "{added} documents: {shown}"
    );
    assert!(
        shown.contains(&format!("indexed {added}, replaced 0, unchanged 0,")),
        "{shown}"
    );
    assert!(
        shown.contains("tracuu: stopped by Ctrl-C; the documents above are committed"),
        "{shown}"
    );
    assert_eq!(committed_docs(&index), Some(added as u64));

    let all = dir.path().join("all.jsonl");
    fs::write(&all, &articles).unwrap();
    let outcome = Outcome::of(run(tracuu(&index).arg("index").arg(&all)));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let prefix = format!(
        "indexed {}, replaced 0, unchanged {added}, copies 0,",
        TOTAL - added
    );
    assert!(outcome.stderr.starts_with(&prefix), "{}", outcome.stderr);
    assert_eq!(committed_docs(&index), Some(TOTAL as u64));
}

/// The files anywhere under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => files.extend(files_under(&path)),
            Ok(_) => files.push(path),
            // Removed meanwhile.
            Err(_) => {}
        }
    }
    files
}

/// Regression: Ctrl-C (SIGINT) during `kwic --sort right` ended the process at once, leaving
/// the files it sorts lines in (past 20,000 lines) in the temporary directory. They are removed,
/// and the exit status is a shell's for SIGINT.
#[test]
fn ctrl_c_during_a_kwic_sorted_by_context_leaves_no_temporary_file() {
    // 25,000 lines, past the 20,000 sorted in memory.
    const DOCS: usize = 250;
    const PER_DOC: usize = 100;
    let dir = temp_dir("rel-kwic-ctrl-c-");
    let input = dir.path().join("hoi-nghi.jsonl");
    let mut articles = String::new();
    for i in 0..DOCS {
        let sentence = format!("Hội nghị lần thứ {i} bàn về phát triển kinh tế địa phương. ");
        let record = json!({
            "id": format!("hoi-nghi-{i}"),
            "title": format!("Bản tin hội nghị số {i}"),
            "body": sentence.repeat(PER_DOC),
        });
        articles.push_str(&format!("{record}\n"));
    }
    fs::write(&input, articles).unwrap();
    let index = dir.path().join("index");
    let outcome = Outcome::of(run(tracuu(&index).arg("index").arg(&input)));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);

    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let mut child = tracuu(&index)
        .args(["kwic", "--sort", "right", "--json", "hội nghị"])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tracuu kwic starts");
    // Its output is not read: once the lines are sorted, tracuu blocks writing them, with its
    // sort files still on disk.
    let spilled = wait_until(&mut child, Duration::from_secs(300), || {
        !files_under(&tmp).is_empty()
    });
    assert!(spilled, "kwic ended before sorting on disk");
    send(&child, "INT");
    let status = child.wait().unwrap();
    let left: Vec<_> = fs::read_dir(&tmp)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left in the temporary directory: {left:?}");
    assert_eq!(status.code(), Some(130), "{status}");
}

/// `n` articles of 8 sentences of 6 to 15 syllables drawn from about 700 Vietnamese ones, the
/// first far more often than the last: enough distinct pairs and triples of syllables seen 5
/// times or more that writing the unit table of a few thousand takes a moment.
fn syllable_articles(n: usize) -> String {
    const ONSETS: [&str; 21] = [
        "b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t",
        "th", "tr", "v", "x",
    ];
    const RHYMES: [&str; 33] = [
        "a", "à", "á", "ả", "ã", "ạ", "ai", "ái", "an", "ân", "ấn", "anh", "ành", "ao", "ảo",
        "ăng", "ằng", "ê", "ến", "i", "ình", "o", "ông", "ộng", "ơ", "ời", "u", "ức", "ưa", "ương",
        "ường", "iệt", "uyên",
    ];
    let syllables: Vec<String> = ONSETS
        .iter()
        .flat_map(|onset| RHYMES.iter().map(move |rhyme| format!("{onset}{rhyme}")))
        .collect();
    let mut pick = picker();
    let mut out = String::new();
    for i in 0..n {
        let mut body = String::new();
        for _ in 0..8 {
            let words = 6 + pick(10);
            let sentence: Vec<&str> = (0..words)
                .map(|_| {
                    let most = pick(syllables.len()) + 1;
                    syllables[pick(most)].as_str()
                })
                .collect();
            body.push_str(&sentence.join(" "));
            body.push_str(". ");
        }
        let record = json!({
            "id": format!("bai-{i}"),
            "title": format!("Bản tin số {i}"),
            "body": body.trim_end(),
            "date": format!("2021-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
        });
        out.push_str(&format!("{record}\n"));
    }
    out
}

/// The temporary unit table files in the index directory `index`.
fn unit_table_temporaries(index: &Path) -> Vec<PathBuf> {
    fs::read_dir(index)
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(TEMPORARY_PREFIX) && name.ends_with(TEMPORARY_SUFFIX)
        })
        .map(|e| e.path())
        .collect()
}

/// Sends `signal` (a name `kill` knows) to `child`.
fn send(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal}");
}

/// Regression: Ctrl-C (SIGINT) while `keywords` wrote the index's unit table ended the process
/// at once, leaving the table's temporary file in the index directory for good. It is removed,
/// the exit status is a shell's for SIGINT, and the next call works.
#[test]
fn ctrl_c_while_keywords_writes_the_unit_table_leaves_no_temporary_file() {
    const DOCS: usize = 5000;
    const ROUNDS: usize = 5;
    let dir = temp_dir("rel-units-ctrl-c-");
    let input = dir.path().join("bai.jsonl");
    fs::write(&input, syllable_articles(DOCS)).unwrap();
    let index = dir.path().join("index");
    let outcome = Outcome::of(run(tracuu(&index).arg("index").arg(&input)));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let table = index.join(UNIT_TABLE_FILE);
    let keywords = || {
        let mut command = tracuu(&index);
        command.args(["keywords", "--from", "2021-01", "--to", "2021-01"]);
        command
    };

    // The table is counted (seconds), then written to a temporary file (a fraction of one).
    // Seen, the process is stopped and looked at again: a round where the file was already in
    // place by then proves nothing, and the table is counted again.
    let mut interrupted = None;
    for round in 1..=ROUNDS {
        let mut child = keywords()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tracuu keywords starts");
        let seen = wait_until(&mut child, Duration::from_secs(600), || {
            !unit_table_temporaries(&index).is_empty()
        });
        if seen {
            send(&child, "STOP");
            let held = unit_table_temporaries(&index);
            if !held.is_empty() {
                send(&child, "INT");
                send(&child, "CONT");
                interrupted = Some((round, held, child.wait().unwrap()));
                break;
            }
            send(&child, "CONT");
        }
        let status = child.wait().unwrap();
        assert!(status.success(), "{status}");
        assert!(table.exists());
        fs::remove_file(&table).unwrap();
    }
    let Some((round, held, status)) = interrupted else {
        panic!("in {ROUNDS} rounds, the unit table's temporary file was never caught in place");
    };
    println!("SIGINT in round {round}, while {held:?} existed");
    let left = unit_table_temporaries(&index);
    assert!(left.is_empty(), "left in the index directory: {left:?}");
    assert_eq!(status.code(), Some(130), "{status}");

    let outcome = Outcome::of(run(&mut keywords()));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(!outcome.stdout.is_empty());
    assert!(table.exists());
    assert!(unit_table_temporaries(&index).is_empty());
}

#[test]
fn sigkill_at_several_points_leaves_a_consistent_index_and_a_rerun_completes_it() {
    const TOTAL: usize = 30_000;
    const COMMIT_EVERY: usize = 2000;
    let dir = temp_dir("rel-kill-");
    let input = dir.path().join("bai.jsonl");
    fs::write(&input, synthetic_articles(TOTAL)).unwrap();
    let index = dir.path().join("index");
    let args = ["--commit-every", "2000"];
    let timeout = Duration::from_secs(300);

    let mut report = Vec::new();
    let mut before = 0;
    // Kill points: early (likely before the first commit), right after a commit, and in the
    // middle of a batch some commits later.
    let kill_points: [(&str, usize, u64); 3] = [
        ("after 200 ms", 0, 200),
        ("right after the next commit", 1, 0),
        ("150 ms after the 3rd next commit", 3 * COMMIT_EVERY, 150),
    ];
    for (label, new_committed, delay_ms) in kill_points {
        let mut child = spawn_index(&index, &args, &[&input]);
        let target = before as u64 + new_committed as u64;
        let reached = wait_until(&mut child, timeout, || {
            new_committed == 0 || committed_docs(&index).is_some_and(|n| n >= target)
        });
        thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap();
        child.wait().unwrap();
        let after = assert_consistent_prefix(&index, COMMIT_EVERY);
        report.push(format!(
            "killed {label}: {after} documents committed{}",
            if !reached || finished {
                " (the run had already ended)"
            } else {
                ""
            }
        ));
        assert!(after >= before, "documents were lost: {before} -> {after}");
        before = after;
    }

    let outcome = Outcome::of(run(tracuu(&index).arg("index").args(args).arg(&input)));
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let prefix = format!(
        "indexed {}, replaced 0, unchanged {before}, copies 0, rejected 0,",
        TOTAL - before
    );
    assert!(
        outcome.stderr.starts_with(&prefix),
        "{prefix}\n{}",
        outcome.stderr
    );
    let done = assert_consistent_prefix(&index, COMMIT_EVERY);
    assert_eq!(
        done, TOTAL,
        "the re-run completes the index, every document once"
    );
    report.push(format!(
        "re-run: indexed {}, unchanged {before}; {done} documents, none twice",
        TOTAL - before
    ));
    println!("{}", report.join("\n"));
}

#[test]
fn a_second_index_run_on_the_same_index_is_refused_and_changes_nothing() {
    const TOTAL: usize = 6000;
    let dir = temp_dir("rel-lock-");
    let input = dir.path().join("bai.jsonl");
    fs::write(&input, synthetic_articles(TOTAL)).unwrap();
    let other = dir.path().join("khac.txt");
    fs::write(&other, GOOD_TEXT).unwrap();
    let index = dir.path().join("index");

    let mut first = spawn_index(&index, &["--commit-every", "500"], &[&input]);
    let started = wait_until(&mut first, Duration::from_secs(120), || {
        committed_docs(&index).is_some_and(|n| n > 0)
    });
    assert!(
        started,
        "the first run ended before its first commit was seen"
    );
    // The second run even asks for a rebuild: it must not remove anything.
    let second = Outcome::of(run(tracuu(&index)
        .arg("index")
        .arg("--rebuild")
        .arg(&other)));
    let still_running = first.try_wait().unwrap().is_none();
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert_eq!(
        second.stderr.trim_end(),
        format!(
            "tracuu: index is in use: another `tracuu index` is writing to {}",
            index.display()
        )
    );
    assert!(still_running, "the first run was still writing");

    let status = first.wait().unwrap();
    assert!(status.success(), "the first run completes: {status}");
    assert_eq!(count(&index, ALL_SYNTHETIC, &[]), TOTAL);
    assert_eq!(
        count(&index, GOOD_QUERY, &[]),
        0,
        "the second run added nothing"
    );
    assert_eq!(stored_ids(&index).len(), TOTAL);
}

#[test]
fn searches_during_an_index_run_succeed_and_see_the_last_commit() {
    const TOTAL: usize = 8000;
    let dir = temp_dir("rel-live-");
    let input = dir.path().join("bai.jsonl");
    fs::write(&input, synthetic_articles(TOTAL)).unwrap();
    let index = dir.path().join("index");

    let mut writer = spawn_index(&index, &["--commit-every", "1000"], &[&input]);
    wait_until(&mut writer, Duration::from_secs(120), || {
        index.join("meta.json").exists()
    });
    let mut seen = Vec::new();
    let mut during = 0;
    while writer.try_wait().unwrap().is_none() {
        let low = committed_docs(&index).unwrap_or(0) as usize;
        let (output, stdout, stderr) =
            run(tracuu(&index).args(["search", "--count", ALL_SYNTHETIC]));
        let high = committed_docs(&index).unwrap_or(0) as usize;
        let code = status(&output);
        assert!(
            code <= 1,
            "search failed during indexing (status {code}): {stderr}"
        );
        let n: usize = stdout.trim().parse().unwrap();
        assert!(
            low <= n && n <= high,
            "search saw {n} documents; commits before and after: {low}, {high}"
        );
        if writer.try_wait().unwrap().is_none() {
            during += 1;
        }
        seen.push(n);
    }
    assert!(writer.wait().unwrap().success());
    assert!(
        during > 0,
        "no search ran while the index was being written"
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "counts only grow: {seen:?}"
    );
    println!(
        "{} searches while indexing, counts seen: {:?}",
        seen.len(),
        seen.iter().collect::<BTreeSet<_>>()
    );
    assert_eq!(count(&index, ALL_SYNTHETIC, &[]), TOTAL);
}

// ---------------------------------------------------------------------------------------------
// Damaged indexes
// ---------------------------------------------------------------------------------------------

/// A small index of three articles, for damaging.
fn small_index(case: &Case) {
    for (name, word) in [("a.txt", "một"), ("b.txt", "hai"), ("c.txt", "ba")] {
        case.write(
            name,
            format!("Bản tin thử nghiệm số {word}\nNội dung bản tin thử nghiệm số {word}.\n"),
        );
    }
    let outcome = case.index_docs();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
}

/// Asserts a one-line error saying the index is damaged and how to rebuild it, exit status 2.
fn assert_damaged_error(outcome: &Outcome, index: &Path, names: &str) {
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    let lines = outcome.lines();
    assert_eq!(lines.len(), 1, "one line: {}", outcome.stderr);
    let line = lines[0];
    assert!(
        line.starts_with(&format!("tracuu: index at {} is damaged", index.display())),
        "{line}"
    );
    assert!(line.contains(names), "the message names {names}: {line}");
    assert!(
        line.ends_with(&format!(
            "rebuild it with `tracuu index --rebuild --index {} PATH...`",
            index.display()
        )),
        "{line}"
    );
}

#[test]
fn a_damaged_segment_gives_a_one_line_error_and_rebuild_repairs_it() {
    let case = Case::new("rel-damaged-");
    small_index(&case);
    let pristine = case.dir.path().join("pristine");
    fs::rename(case.index(), &pristine).unwrap();
    let segment_files: Vec<PathBuf> = fs::read_dir(&pristine)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.len() > 33 && name.as_bytes()[..32].iter().all(u8::is_ascii_hexdigit)
        })
        .collect();
    for ext in ["term", "idx", "pos", "store", "fast", "fieldnorm"] {
        for action in ["delete", "truncate"] {
            let file = segment_files
                .iter()
                .find(|p| p.extension() == Some(OsStr::new(ext)))
                .unwrap_or_else(|| panic!("no .{ext} file in {segment_files:?}"));
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let segment = &name[..32];
            let index = case.index();
            let _ = fs::remove_dir_all(&index);
            fs::create_dir_all(&index).unwrap();
            for entry in fs::read_dir(&pristine).unwrap() {
                let entry = entry.unwrap();
                fs::copy(entry.path(), index.join(entry.file_name())).unwrap();
            }
            let target = index.join(&name);
            match action {
                "delete" => fs::remove_file(&target).unwrap(),
                _ => {
                    let len = fs::metadata(&target).unwrap().len();
                    fs::OpenOptions::new()
                        .write(true)
                        .open(&target)
                        .unwrap()
                        .set_len(len / 2)
                        .unwrap();
                }
            }
            let context = format!("{action} {name}");
            let search = Outcome::of(run(tracuu(&index).args(["search", "thử nghiệm"])));
            assert_damaged_error(&search, &index, segment);
            let reindex = case.run_index(&[], &[&case.docs()]);
            assert_damaged_error(&reindex, &index, segment);
            // The advice works.
            let rebuild = case.run_index(&["--rebuild"], &[&case.docs()]);
            assert_eq!(rebuild.code, 0, "{context}: {}", rebuild.stderr);
            assert_eq!(count(&index, "thử nghiệm", &[]), 3, "{context}");
            assert!(
                !index.join(&name).exists(),
                "{context}: the damaged segment's files are removed by the rebuild"
            );
        }
    }
}

#[test]
fn an_unreadable_meta_json_gives_a_one_line_error_and_rebuild_repairs_it() {
    let case = Case::new("rel-meta-");
    small_index(&case);
    let meta = case.index().join("meta.json");
    let len = fs::metadata(&meta).unwrap().len();
    fs::OpenOptions::new()
        .write(true)
        .open(&meta)
        .unwrap()
        .set_len(len / 3)
        .unwrap();
    let search = Outcome::of(run(tracuu(&case.index()).args(["search", "thử nghiệm"])));
    assert_damaged_error(&search, &case.index(), "meta.json");
    let rebuild = case.run_index(&["--rebuild"], &[&case.docs()]);
    assert_eq!(rebuild.code, 0, "{}", rebuild.stderr);
    assert_eq!(count(&case.index(), "thử nghiệm", &[]), 3);
    assert_eq!(
        stored_ids(&case.index()).len(),
        4,
        "three articles and the good one"
    );
}

#[test]
fn an_index_built_by_an_older_tracuu_is_refused_until_rebuilt() {
    let case = Case::new("rel-outdated-");
    small_index(&case);
    // Indexes built before punctuation left position gaps recorded no format in meta.json.
    let meta = case.index().join("meta.json");
    let mut json: Value = serde_json::from_str(&fs::read_to_string(&meta).unwrap()).unwrap();
    assert!(json.as_object_mut().unwrap().remove("payload").is_some());
    fs::write(&meta, json.to_string()).unwrap();
    let rebuild_hint = format!(
        "rebuild it with `tracuu index --rebuild --index {} PATH...`",
        case.index().display()
    );
    let search = Outcome::of(run(tracuu(&case.index()).args(["search", "thử nghiệm"])));
    let add = case.index_docs();
    for outcome in [&search, &add] {
        assert_eq!(outcome.code, 2, "{}", outcome.stderr);
        let lines = outcome.lines();
        assert_eq!(lines.len(), 1, "one line: {}", outcome.stderr);
        assert!(
            lines[0].starts_with(&format!(
                "tracuu: index at {} was built by an older tracuu",
                case.index().display()
            )),
            "{}",
            lines[0]
        );
        assert!(lines[0].ends_with(&rebuild_hint), "{}", lines[0]);
    }
    let rebuild = case.run_index(&["--rebuild"], &[&case.docs()]);
    assert_eq!(rebuild.code, 0, "{}", rebuild.stderr);
    assert_eq!(count(&case.index(), "thử nghiệm", &[]), 3);
    assert_eq!(
        case.index_docs().code,
        0,
        "a rebuilt index takes more documents"
    );
}

// ---------------------------------------------------------------------------------------------
// Other users
// ---------------------------------------------------------------------------------------------

/// `tracuu index ARGS...` into the case's index under umask 022, as run by a user whose files
/// others may read.
fn index_under_umask_022(case: &Case, args: &[&OsStr]) -> Outcome {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(crate::util::tracuu_binary())
        .arg("--index")
        .arg(case.index())
        .arg("index")
        .args(args)
        .env_remove("TRACUU_INDEX")
        .env("NO_COLOR", "1");
    Outcome::of(run(&mut command))
}

/// The files of `dir` that group or others cannot read, with their modes.
fn files_private_to_their_owner(dir: &Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter_map(|entry| {
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            (mode & 0o044 != 0o044)
                .then(|| format!("{} {mode:o}", entry.file_name().to_string_lossy()))
        })
        .collect()
}

/// Regression: tantivy writes `meta.json` and `.managed.json` through temporary files created
/// with mode 0600, so another user could not search the index. Under umask 022 every file of
/// the index is readable by all, after creating, adding to and rebuilding it; and, run as
/// `nobody` when the test runs as root, a search by another user finds the article, and a file
/// it cannot read is named in the error.
#[test]
fn an_index_written_under_umask_022_is_readable_by_other_users() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let case = Case::new("rel-umask-");
    let outcome = index_under_umask_022(&case, &[case.docs().as_os_str()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        files_private_to_their_owner(&case.index()),
        Vec::<String>::new()
    );

    let more = case.write(
        "them.txt",
        "# doc_id = tin-them-2\nKỳ họp thứ tám Quốc hội khóa XV\n\
         Quốc hội thảo luận dự án Luật Đất đai sửa đổi tại hội trường Diên Hồng.\n",
    );
    let outcome = index_under_umask_022(&case, &[more.as_os_str()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        files_private_to_their_owner(&case.index()),
        Vec::<String>::new()
    );

    let outcome = index_under_umask_022(&case, &[OsStr::new("--rebuild"), case.docs().as_os_str()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert_eq!(
        files_private_to_their_owner(&case.index()),
        Vec::<String>::new()
    );
    assert_good_indexed(&case.index());

    if !running_as_root() {
        println!("not running as root: no other user to search the index as");
        return;
    }
    fs::set_permissions(case.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = || {
        let mut command = tracuu(&case.index());
        command
            .args(["search", "--json", "Luật Đất đai"])
            .uid(65534)
            .gid(65534);
        command
    };
    let outcome = match as_nobody().output() {
        Ok(output) => Outcome::of((
            output.clone(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )),
        Err(error) => {
            println!(
                "tracuu cannot be started as uid 65534 ({error}): not searched as another user"
            );
            return;
        }
    };
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(
        outcome.stdout.contains("\"tin-them-2\""),
        "{}",
        outcome.stdout
    );

    // A file the other user cannot read is named, and no rebuild is suggested.
    let meta = case.index().join("meta.json");
    fs::set_permissions(&meta, fs::Permissions::from_mode(0o600)).unwrap();
    let outcome = Outcome::of(run(&mut as_nobody()));
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert_eq!(
        outcome.stderr,
        format!(
            "tracuu: {}: Permission denied (os error 13)\n",
            meta.display()
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

#[test]
fn query_limits_are_enforced_with_one_line_errors() {
    let case = Case::new("rel-qlimits-");
    assert_eq!(case.index_docs().code, 0);
    let index = case.index();
    let search = |args: &[&str]| Outcome::of(run(tracuu(&index).arg("search").args(args)));

    // MAX_QUERY_CHARS = 1000 characters (not bytes: `đ` is two bytes).
    let at_limit = format!("chuyển {}", "đ".repeat(1000 - "chuyển ".chars().count()));
    assert_eq!(at_limit.chars().count(), 1000);
    let ok = search(&[&at_limit]);
    assert!(ok.code <= 1, "{}", ok.stderr);
    let over = search(&[&format!("{at_limit}đ")]);
    assert_eq!(over.code, 2);
    assert_eq!(
        over.stderr,
        "tracuu: query is 1001 characters long (the limit is 1000)\n"
    );

    // MAX_DEPTH = 32 nested groups.
    let nested = |depth: usize| format!("{}số{}", "(".repeat(depth), ")".repeat(depth));
    assert_eq!(search(&["--count", &nested(32)]).code, 0);
    let deep = search(&[&nested(33)]);
    assert_eq!(deep.code, 2);
    assert_eq!(
        deep.stderr,
        "tracuu: parentheses nested too deeply at column 33 (the limit is 32)\n"
    );

    // MAX_LIMIT = 10,000 hits per request.
    assert_eq!(search(&["--limit", "10000", GOOD_QUERY]).code, 0);
    let many = search(&["--limit", "10001", GOOD_QUERY]);
    assert_eq!(many.code, 2);
    assert_eq!(many.lines().len(), 1, "{}", many.stderr);
    assert!(
        many.stderr
            .starts_with("tracuu: --limit 10001 is too large (the limit is 10000"),
        "{}",
        many.stderr
    );
}

#[test]
fn input_limits_are_enforced_for_json_lines() {
    // MAX_DOCUMENT_BYTES = 8 MiB for a JSON body; MAX_LINE_BYTES = 16 MiB for a JSON line.
    let case = Case::new("rel-ilimits-");
    let mut text = String::new();
    // Line 1: a body of 9 MiB (words padded with spaces) is truncated to 8 MiB, with a warning.
    let mut body = String::from("mởđầuthân ");
    while body.len() < 9 << 20 {
        body.push_str("ngân sách nhà nước");
        body.push_str(&" ".repeat(500));
    }
    body.push_str(" cuốithân");
    text.push_str(&json!({"id": "dai", "title": "Thân bài rất dài", "body": body}).to_string());
    text.push('\n');
    // Line 2: a 17 MiB line is skipped without being held in memory whole.
    text.push_str(r#"{"id": "qua-dai", "title": "Dòng quá dài", "body": ""#);
    text.push_str(&"x".repeat(17 << 20));
    text.push_str("\"}\n");
    // Line 3: read after the over-long line.
    text.push_str(
        r#"{"id": "sau", "title": "Tin sau dòng dài", "body": "Tin sau dòng dài vẫn được đọc."}"#,
    );
    text.push('\n');
    let path = case.write("gioi-han.jsonl", text);

    let outcome = case.index_docs();
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    let p = path.display();
    outcome.assert_line(&format!("tracuu: warning: {p}:1: body truncated to 8 MiB"));
    outcome.assert_line(&format!("tracuu: {p}:2: line longer than 16 MiB skipped"));
    outcome.assert_summary(3, 1, 1);
    assert_good_indexed(&case.index());
    assert_eq!(count(&case.index(), "mởđầuthân", &[]), 1);
    assert_eq!(
        count(&case.index(), "cuốithân", &[]),
        0,
        "text past 8 MiB is cut"
    );
    assert_eq!(count(&case.index(), "dòng dài", &[]), 1);
}

/// Regression: errors whose message already includes their cause printed the cause again
/// (`x/index: Not a directory (os error 20): Not a directory (os error 20)`).
#[test]
fn an_index_directory_that_cannot_be_created_gives_one_clean_line() {
    let case = Case::new("rel-notdir-");
    let file = case.write("tep.txt", "không phải thư mục");
    let index = file.join("index");
    let outcome = Outcome::of(run(tracuu(&index).arg("index").arg(case.docs())));
    assert_eq!(outcome.code, 2);
    assert_eq!(
        outcome.stderr,
        format!(
            "tracuu: {}: Not a directory (os error 20)\n",
            index.display()
        )
    );
}

/// MAX_TITLE_CHARS: a title taken from the first line of a text is cut to 300 characters (at a
/// space near the end when there is one).
#[test]
fn a_derived_title_is_capped_at_300_characters() {
    let case = Case::new("rel-title-");
    let first_line = "Tiêu đề rất dài về phát triển kinh tế biển bền vững ".repeat(20);
    case.write(
        "tieu-de.txt",
        format!("{first_line}\nĐoạn văn đầu tiên của bài viết về kinh tế biển.\n"),
    );
    let outcome = case.index_docs();
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let found = hits(&case.index(), "kinh tế biển", &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    let title = found[0]["title"].as_str().unwrap();
    assert!(
        title.chars().count() <= 300,
        "{} characters",
        title.chars().count()
    );
    assert!(title.chars().count() > 250, "{title}");
    assert!(first_line.starts_with(title), "{title}");
}
