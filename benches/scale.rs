//! Scale: indexing time, peak memory, index size and query latency at 100k, 300k and 1M
//! distinct articles made from the vietnews corpus (issue 19).
//!
//! Article `i` gets a new id, a date and source spread over ten years and twenty outlets, the
//! title of one vietnews article and a body of three runs of paragraphs from three different
//! articles (the first third of one, the middle third of another, the last third of a third),
//! chosen by a seeded generator: no two articles share more than a third of their text, so they
//! are distinct articles, not republications (a few pairs may still be grouped in stories).
//! They are written as zstd JSON lines in files of as many articles as the greatest common
//! divisor of the sizes (100,000 by default) in a temporary directory; each size indexes the
//! first files, in a child process (this binary with `--child index
//! INPUTS… DIR`) so that its peak memory is its own: resident (`VmHWM`), and allocated
//! (`RssAnon`, sampled every 20 ms: resident without the pages of the index's files mapped
//! while tantivy merges segments, which the kernel drops when memory is short). Latency is then measured in
//! another child with `tracuu_query::latency` (what `tracuu bench` runs) on a fixed list of
//! queries in four classes, after one warm-up, `TRACUU_BENCH_REPS` rounds (default 5).
//!
//! Checks (goals of issue 19): indexing time linear within ±15% (seconds per article at each
//! size against 100k), peak allocated memory ≤ 1.5 GB, p50 at the largest size ≤ 3× the
//! smallest.
//!
//! Run: `cargo bench --bench scale` (`TRACUU_SCALE_SIZES=100000,300000` for other sizes). Needs
//! about 10 GB of free disk for 1M articles.

mod common;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Value};
use tracuu_query::latency::{measure_latency, TimedQuery};
use tracuu_query::{QuerySpec, Searcher};

const CHILD_PREFIX: &str = "CHILD_RESULT ";

const SOURCES: [&str; 20] = [
    "Nhân Dân",
    "Quân đội nhân dân",
    "Tuổi Trẻ",
    "Thanh Niên",
    "VnExpress",
    "Dân trí",
    "Lao Động",
    "Tiền Phong",
    "Vietnamnet",
    "Báo Nghệ An",
    "Báo Hà Tĩnh",
    "Báo Quảng Trị",
    "Sài Gòn Giải Phóng",
    "Hà Nội Mới",
    "Công an nhân dân",
    "Pháp luật TP.HCM",
    "Người Lao Động",
    "Đại Đoàn Kết",
    "Dân Việt",
    "VTC News",
];

/// Queries timed at every size.
const QUERIES: [(&str, &str); 16] = [
    ("one-word", "Quốc"),
    ("one-word", "tỉnh"),
    ("one-word", "bệnh"),
    ("one-word", "trường"),
    ("two-word", "công an"),
    ("two-word", "giá vàng"),
    ("two-word", "học sinh"),
    ("two-word", "tai nạn"),
    ("phrase", "\"phát triển kinh tế\""),
    ("phrase", "\"Ủy ban nhân dân\""),
    ("phrase", "\"bóng đá\""),
    ("phrase", "\"cơ quan điều tra\""),
    ("accent-free", "dang uy"),
    ("accent-free", "quoc hoi"),
    ("accent-free", "tham nhung"),
    ("accent-free", "giao duc"),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(&args[at + 1..]);
        return;
    }
    let Some(corpus) = common::corpus_or_skip() else {
        return;
    };
    let sizes: Vec<usize> = std::env::var("TRACUU_SCALE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 300_000, 1_000_000]);
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let file_articles = sizes.iter().copied().fold(0, gcd).max(1);
    // `TRACUU_SCALE_KEEP=DIR` keeps the articles and indexes in DIR, to time other commands on
    // them (a whole `tracuu search` process, say); by default they go in a temporary directory.
    let keep = std::env::var_os("TRACUU_SCALE_KEEP").map(PathBuf::from);
    let temp = tempfile::tempdir().expect("temporary directory");
    let work = keep.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(work).expect("the directory kept");
    let started = Instant::now();
    let (files, text_bytes) = write_articles(&corpus, work, largest, file_articles);
    println!(
        "made {} articles in {} files in {:.0} s",
        largest,
        files.len(),
        started.elapsed().as_secs_f64()
    );
    let mut results = Vec::new();
    for &size in &sizes {
        let count = size / file_articles;
        let dir = work.join(format!("index-{size}"));
        let mut command = child_command("index");
        command.args(&files[..count]).arg(&dir);
        let indexed = run(command);
        assert_eq!(indexed["indexed"], size, "every article indexed: {indexed}");
        let mut command = child_command("latency");
        command.arg(&dir);
        let latency = run(command);
        let bytes: u64 = text_bytes[..count].iter().sum();
        let result = json!({
            "articles": size,
            "text_bytes": bytes,
            "index": indexed,
            "latency": latency["classes"],
        });
        println!(
            "{size:>9} articles: {:>7.1} s, {:>6.2} MB/s, peak {:>5.0} MB ({:>5.0} MB allocated), index {:>6.0} MB ({:.2}× the text)",
            indexed["seconds"].as_f64().unwrap_or(0.0),
            bytes as f64 / 1e6 / indexed["seconds"].as_f64().unwrap_or(1.0),
            indexed["peak_rss_bytes"].as_f64().unwrap_or(0.0) / 1e6,
            indexed["peak_anonymous_bytes"].as_f64().unwrap_or(0.0) / 1e6,
            indexed["index_bytes"].as_f64().unwrap_or(0.0) / 1e6,
            indexed["index_bytes"].as_f64().unwrap_or(0.0) / bytes as f64,
        );
        for class in latency["classes"].as_array().into_iter().flatten() {
            println!(
                "{:>20} p50 {:>6.2} ms  p99 {:>6.2} ms",
                class["class"].as_str().unwrap_or(""),
                class["p50_ms"].as_f64().unwrap_or(0.0),
                class["p99_ms"].as_f64().unwrap_or(0.0),
            );
        }
        if keep.is_none() {
            std::fs::remove_dir_all(&dir).expect("remove the index");
        }
        results.push(result);
    }
    report(&results);
    common::bench_result(json!({
        "bench": "scale",
        "date": common::now(),
        "corpus": common::CORPUS,
        "sizes": results,
    }));
}

/// Checks of linearity, memory and latency growth over the sizes measured.
fn report(results: &[Value]) {
    let (Some(first), Some(last)) = (results.first(), results.last()) else {
        return;
    };
    let per_article = |r: &Value| {
        r["index"]["seconds"].as_f64().unwrap_or(0.0) / r["articles"].as_f64().unwrap_or(1.0)
    };
    println!();
    for result in results {
        let ratio = per_article(result) / per_article(first);
        println!(
            "{:>9} articles: seconds per article {:.2}× those at {} (goal within ±15%: {})",
            result["articles"],
            ratio,
            first["articles"],
            verdict((0.85..=1.15).contains(&ratio))
        );
    }
    let peak = |field: &str| {
        results
            .iter()
            .filter_map(|r| r["index"][field].as_f64())
            .fold(0.0, f64::max)
    };
    let (resident, allocated) = (peak("peak_rss_bytes"), peak("peak_anonymous_bytes"));
    println!(
        "peak memory {:.0} MB allocated (goal ≤ 1500 MB: {}); {:.0} MB resident with the index \
         files mapped while segments merge",
        allocated / 1e6,
        verdict(allocated <= 1.5e9),
        resident / 1e6,
    );
    let p50 = |r: &Value, class: &str| {
        r["latency"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["class"] == class)
            .and_then(|c| c["p50_ms"].as_f64())
            .unwrap_or(f64::NAN)
    };
    for (class, _) in QUERIES.iter().step_by(4) {
        let growth = p50(last, class) / p50(first, class);
        println!(
            "{class}: p50 {:.2} ms at {} articles, {:.2} ms at {} ({growth:.2}×; goal ≤ 3×: {})",
            p50(first, class),
            first["articles"],
            p50(last, class),
            last["articles"],
            verdict(growth <= 3.0)
        );
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

fn child_command(task: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("own path"));
    command.args(["--child", task]).stderr(Stdio::inherit());
    command
}

fn run(mut command: Command) -> Value {
    let output = command.output().expect("run child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "child failed: {stdout}");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(CHILD_PREFIX))
        .and_then(|l| serde_json::from_str(l).ok())
        .expect("child result line")
}

fn child(args: &[String]) {
    let result = match args[0].as_str() {
        "index" => {
            let (dir, inputs) = args[1..].split_last().expect("--child index INPUTS… DIR");
            let inputs: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
            let index = tracuu_indexer::ArticleIndex::open_or_create(Path::new(dir))
                .expect("create the index");
            let started = Instant::now();
            let cpu = common::cpu_seconds();
            let anonymous = common::AnonymousPeak::start();
            let summary = tracuu_indexer::index_paths(
                &index,
                &inputs,
                &tracuu_indexer::IndexOptions::default(),
                &mut |_| std::ops::ControlFlow::Continue(()),
            )
            .expect("indexing");
            json!({
                "seconds": started.elapsed().as_secs_f64(),
                "cpu_seconds": common::cpu_seconds() - cpu,
                "indexed": summary.indexed,
                "copies": summary.copies,
                "rejected": summary.rejected.len(),
                "index_bytes": common::dir_size(Path::new(dir)),
                "peak_rss_bytes": common::peak_rss(),
                "peak_anonymous_bytes": anonymous.stop(),
            })
        }
        "latency" => {
            let searcher = Searcher::open(Path::new(&args[1])).expect("open the index");
            let queries: Vec<TimedQuery> = QUERIES
                .iter()
                .enumerate()
                .map(|(line, (class, query))| TimedQuery {
                    class: class.to_string(),
                    query: query.to_string(),
                    line: line + 1,
                })
                .collect();
            let rounds = common::env_usize("TRACUU_BENCH_REPS").unwrap_or(5);
            let classes = measure_latency(&searcher, &queries, &QuerySpec::new(""), rounds)
                .unwrap_or_else(|failed| panic!("query {}: {}", failed.line, failed.error));
            json!({ "classes": classes, "peak_rss_bytes": common::peak_rss() })
        }
        other => panic!("unknown child task {other}"),
    };
    println!("{CHILD_PREFIX}{result}");
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Writes `count` articles made from `corpus` (see the module docs) into files of
/// `file_articles`; returns the files and the bytes of title and body text of each.
fn write_articles(
    corpus: &Path,
    dir: &Path,
    count: usize,
    file_articles: usize,
) -> (Vec<PathBuf>, Vec<u64>) {
    let records = common::read_records(corpus);
    let paragraphs: Vec<Vec<&str>> = records
        .iter()
        .map(|r| r.body.lines().filter(|l| !l.trim().is_empty()).collect())
        .collect();
    let usable: Vec<usize> = (0..records.len())
        .filter(|&i| paragraphs[i].len() >= 3)
        .collect();
    let mut random = SplitMix(0x7472_6163_7575);
    let (mut files, mut bytes) = (Vec::new(), Vec::new());
    let mut out: Option<zstd::Encoder<'static, File>> = None;
    for i in 0..count {
        if i % file_articles == 0 {
            if let Some(done) = out.take() {
                done.finish().expect("finish a file");
            }
            let path = dir.join(format!("articles-{:02}.jsonl.zst", files.len()));
            out = Some(zstd::Encoder::new(File::create(&path).expect("create"), 1).expect("zstd"));
            files.push(path);
            bytes.push(0);
        }
        let pick = |random: &mut SplitMix| usable[random.below(usable.len())];
        let (a, b, c) = (pick(&mut random), pick(&mut random), pick(&mut random));
        let third = |p: &[&str], part: usize| {
            let n = p.len();
            p[part * n / 3..(part + 1) * n / 3].join("\n")
        };
        let body = [
            third(&paragraphs[a], 0),
            third(&paragraphs[b], 1),
            third(&paragraphs[c], 2),
        ]
        .join("\n");
        let title = &records[a].title;
        *bytes.last_mut().expect("a file") += (title.len() + body.len()) as u64;
        let day = 16_436 + (i % 3_650) as i64; // from 2015-01-01
        let date = tracuu_indexer::Date::from_days(day).expect("a date");
        let record = json!({
            "id": format!("scale-{i:07}"),
            "title": title,
            "body": body,
            "date": date.to_string(),
            "source": SOURCES[random.below(SOURCES.len())],
        });
        let out = out.as_mut().expect("an open file");
        writeln!(out, "{record}").expect("write an article");
    }
    if let Some(done) = out {
        done.finish().expect("finish a file");
    }
    (files, bytes)
}

/// A small seeded generator (SplitMix64), so every run makes the same articles.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((x ^ (x >> 31)) % n as u64) as usize
    }
}
