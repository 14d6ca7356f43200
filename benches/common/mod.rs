//! Shared by the corpus benches (`indexing`, `query_latency`, `relevance`): where the corpus is,
//! reading it, building the tracuu and the plain-tantivy baseline index, and reporting.
#![allow(dead_code)] // each bench uses a different part

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Deserialize;
use tantivy::schema::{Field, Schema, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};
use tracuu_indexer::{index_paths, ArticleIndex, IndexOptions, IndexSummary, INDEX_FORMAT};

/// The corpus, relative to the repository root.
pub const CORPUS: &str = "../shared/corpora/vietnews/train.jsonl.zst";

/// Lines sent from the reading thread at once (as in `tracuu_indexer::index_paths`).
const BATCH_RECORDS: usize = 256;
/// Bytes sent from the reading thread at once (as in `tracuu_indexer::index_paths`).
const BATCH_BYTES: usize = 4 * 1024 * 1024;

/// The corpus path, or `None` after printing why the bench is skipped.
///
/// Also `None` when not run by `cargo bench` (which passes `--bench`): `cargo test --benches`
/// runs bench binaries without it, and these take minutes.
pub fn corpus_or_skip() -> Option<PathBuf> {
    if !std::env::args().any(|a| a == "--bench") {
        println!("not run: this benchmark runs with `cargo bench` (or pass --bench)");
        return None;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    if path.is_file() {
        Some(path)
    } else {
        println!("skipped: {CORPUS} not found");
        None
    }
}

/// A number from the environment (`None` when unset or empty; panics on garbage).
pub fn env_usize(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok().filter(|v| !v.trim().is_empty())?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
    )
}

/// `TRACUU_BENCH_DOCS`: use only the first N articles of the corpus (default: all).
pub fn docs_limit() -> Option<usize> {
    env_usize("TRACUU_BENCH_DOCS")
}

/// One article of the corpus as JSON.
#[derive(Debug, Deserialize)]
pub struct Record {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, alias = "text")]
    pub body: String,
    #[serde(default)]
    pub summary: Option<String>,
}

/// The JSONL input the benches index: the corpus itself, or a zstd file of its first N lines in
/// a temporary directory (outside the repository), removed when dropped.
pub struct Input {
    pub path: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Input {
    pub fn prepare(corpus: &Path, limit: Option<usize>) -> Input {
        let Some(limit) = limit else {
            return Input {
                path: corpus.to_path_buf(),
                _temp: None,
            };
        };
        let temp = tempfile::tempdir().expect("temporary directory");
        let path = temp.path().join(format!("first-{limit}.jsonl.zst"));
        let mut out = zstd::Encoder::new(File::create(&path).expect("create subset"), 3)
            .expect("zstd encoder");
        let mut lines = 0;
        for_each_line(corpus, |line| {
            if lines < limit {
                out.write_all(line).expect("write subset");
                out.write_all(b"\n").expect("write subset");
                lines += 1;
            }
            lines < limit
        });
        out.finish().expect("finish subset");
        Input {
            path,
            _temp: Some(temp),
        }
    }
}

/// Calls `f` with each non-blank line of a zstd JSONL file (without its newline) until it returns false.
pub fn for_each_line(path: &Path, mut f: impl FnMut(&[u8]) -> bool) {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader =
        BufReader::with_capacity(256 * 1024, zstd::Decoder::new(file).expect("zstd decoder"));
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).expect("read corpus") == 0 {
            return;
        }
        let trimmed = line.trim_ascii();
        if !trimmed.is_empty() && !f(trimmed) {
            return;
        }
    }
}

/// Every article of a JSONL file, parsed in parallel, in order.
pub fn read_records(path: &Path) -> Vec<Record> {
    let mut lines = Vec::new();
    for_each_line(path, |line| {
        lines.push(line.to_vec());
        true
    });
    lines
        .par_iter()
        .map(|line| serde_json::from_slice(line).expect("valid JSON line"))
        .collect()
}

/// The plain-tantivy baseline: title and body with the default tokenizer.
pub struct Baseline {
    pub index: Index,
    pub id: Field,
    pub title: Field,
    pub body: Field,
}

impl Baseline {
    pub fn schema() -> Schema {
        let mut builder = Schema::builder();
        builder.add_text_field("id", STRING | STORED);
        builder.add_text_field("title", TEXT | STORED);
        builder.add_text_field("body", TEXT | STORED);
        builder.build()
    }

    fn with(index: Index) -> Baseline {
        let schema = index.schema();
        let field = |name| schema.get_field(name).expect("baseline field");
        Baseline {
            id: field("id"),
            title: field("title"),
            body: field("body"),
            index,
        }
    }

    pub fn open(dir: &Path) -> Baseline {
        Baseline::with(Index::open_in_dir(dir).expect("open baseline index"))
    }

    /// Indexes `input` into a new baseline index in `dir` (see [`build_plain`]).
    pub fn build(input: &Path, dir: &Path) -> usize {
        let schema = Baseline::schema();
        let field = |name| schema.get_field(name).expect("baseline field");
        let (id, title, body) = (field("id"), field("title"), field("body"));
        build_plain(
            input,
            dir,
            schema,
            |_| {},
            move |r| doc!(id => r.id, title => r.title, body => r.body),
        )
    }
}

/// Indexes `input` into a new plain tantivy index in `dir` the way `index_paths` does: one
/// thread reads and decompresses batches of lines, the calling thread parses each batch with
/// rayon and adds the documents made by `make`; same writer threads, memory budget and commit
/// policy as tracuu's default [`IndexOptions`]. `setup` may register tokenizers. Returns the
/// documents added.
pub fn build_plain(
    input: &Path,
    dir: &Path,
    schema: Schema,
    setup: impl FnOnce(&Index),
    make: impl Fn(Record) -> TantivyDocument + Sync,
) -> usize {
    let options = IndexOptions::default();
    std::fs::create_dir_all(dir).expect("create index dir");
    let index = Index::create_in_dir(dir, schema).expect("create index");
    setup(&index);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(options.writer.threads, options.writer.memory_budget)
        .expect("writer");
    let (sender, batches) = mpsc::sync_channel::<Vec<Vec<u8>>>(4);
    let input = input.to_path_buf();
    let reading = std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH_RECORDS);
        let mut batch_bytes = 0;
        for_each_line(&input, |line| {
            batch_bytes += line.len();
            batch.push(line.to_vec());
            if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
                batch_bytes = 0;
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                sender.send(full).is_ok()
            } else {
                true
            }
        });
        let _ = sender.send(batch);
    });
    let (mut added, mut since_commit, mut last_commit) = (0, 0, Instant::now());
    for batch in batches {
        let docs: Vec<TantivyDocument> = batch
            .into_par_iter()
            .map(|line| make(serde_json::from_slice(&line).expect("valid JSON line")))
            .collect();
        for document in docs {
            writer.add_document(document).expect("add document");
            added += 1;
            since_commit += 1;
        }
        if since_commit >= options.commit_every_docs
            || (since_commit > 0 && last_commit.elapsed() >= options.commit_interval)
        {
            writer.commit().expect("commit");
            since_commit = 0;
            last_commit = Instant::now();
        }
    }
    reading.join().expect("reading thread");
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    added
}

/// Indexes `input` into a new tracuu index in `dir` as `tracuu index` does (default options).
pub fn build_tracuu(input: &Path, dir: &Path) -> IndexSummary {
    let index = ArticleIndex::open_or_create(dir).expect("create tracuu index");
    index_paths(
        &index,
        &[input.to_path_buf()],
        &IndexOptions::default(),
        &mut |_| std::ops::ControlFlow::Continue(()),
    )
    .expect("tracuu indexing")
}

/// The two indexes of the corpus (or its first `limit` articles) kept under
/// `target/bench-index/`, built when absent or made from another corpus size, limit, tracuu
/// schema or index format (delete the folder to force a rebuild after other analysis changes).
pub fn bench_indexes(corpus: &Path, limit: Option<usize>) -> (PathBuf, PathBuf) {
    bench_indexes_in("bench-index", corpus, limit)
}

/// [`bench_indexes`] kept under `target/{folder}/`, for another corpus.
pub fn bench_indexes_in(folder: &str, corpus: &Path, limit: Option<usize>) -> (PathBuf, PathBuf) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let root = target.join(folder);
    let size = std::fs::metadata(corpus).expect("corpus metadata").len();
    let key = format!(
        "corpus-bytes={size} docs={}",
        limit.map_or("all".to_string(), |n| n.to_string())
    );
    let mut input: Option<Input> = None;
    let mut dirs = Vec::new();
    for name in ["tracuu", "baseline"] {
        let dir = root.join(name);
        let key_file = root.join(format!("{name}.key"));
        let key = if name == "tracuu" {
            format!(
                "{key} schema={:016x} format={INDEX_FORMAT}",
                tracuu_schema_hash()
            )
        } else {
            key.clone()
        };
        if std::fs::read_to_string(&key_file).ok().as_deref() == Some(key.as_str()) {
            println!("reusing {} ({key})", dir.display());
        } else {
            let input = input.get_or_insert_with(|| Input::prepare(corpus, limit));
            let _ = std::fs::remove_file(&key_file);
            let _ = std::fs::remove_dir_all(&dir);
            println!("building {} ({key})...", dir.display());
            let started = Instant::now();
            if name == "tracuu" {
                build_tracuu(&input.path, &dir);
            } else {
                Baseline::build(&input.path, &dir);
            }
            println!("  built in {:.1} s", started.elapsed().as_secs_f64());
            std::fs::write(&key_file, &key).expect("write index key");
        }
        dirs.push(dir);
    }
    let baseline = dirs.pop().expect("two dirs");
    (dirs.pop().expect("two dirs"), baseline)
}

/// A fingerprint of tracuu's current schema, so an index kept from an older schema is rebuilt.
fn tracuu_schema_hash() -> u64 {
    use std::hash::{Hash, Hasher};
    let schema = serde_json::to_string(&ArticleIndex::in_memory().schema()).expect("schema JSON");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    schema.hash(&mut hasher);
    hasher.finish()
}

/// Total size of the files under `dir`, in bytes.
pub fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// CPU time (user + system) used by this process so far, in seconds (0 where /proc is missing).
pub fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat (after the parenthesised command name), in clock
    // ticks of 1/100 s on Linux.
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| {
            let rest = &stat[stat.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let ticks: u64 =
                fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
            Some(ticks as f64 / 100.0)
        })
        .unwrap_or(0.0)
}

/// This process's peak resident set size (`VmHWM`), in bytes (0 where /proc is missing).
pub fn peak_rss() -> u64 {
    status_bytes("VmHWM:")
}

/// The peak of this process's anonymous memory (`RssAnon`: what it allocated, without the
/// pages of files it maps, such as index segments read while they merge, which the kernel can
/// drop at any time), sampled every 20 ms by a thread from [`AnonymousPeak::start`] on.
pub struct AnonymousPeak {
    peak: std::sync::Arc<std::sync::atomic::AtomicU64>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    sampler: std::thread::JoinHandle<()>,
}

impl AnonymousPeak {
    pub fn start() -> AnonymousPeak {
        use std::sync::atomic::Ordering;
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (peak_seen, stopped) = (peak.clone(), stop.clone());
        let sampler = std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                peak_seen.fetch_max(status_bytes("RssAnon:"), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        AnonymousPeak {
            peak,
            stop,
            sampler,
        }
    }

    /// The peak in bytes (0 where /proc is missing).
    pub fn stop(self) -> u64 {
        use std::sync::atomic::Ordering;
        self.stop.store(true, Ordering::Relaxed);
        self.sampler.join().expect("the sampler does not panic");
        self.peak
            .load(Ordering::Relaxed)
            .max(status_bytes("RssAnon:"))
    }
}

/// A field of `/proc/self/status` given in kB, in bytes (0 where missing).
fn status_bytes(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with(field))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb * 1024)
        })
        .unwrap_or(0)
}

/// The `p`-th percentile (0–100, nearest rank) of `samples`, in milliseconds.
pub fn percentile_ms(samples: &[Duration], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    tracuu_query::latency::percentile(&sorted, p).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

/// Prints the machine-readable result line and, with `TRACUU_BENCH_RECORD=1`, appends the run
/// to the benchmark's history in `benches/history/` (whole corpora only: a run limited by
/// `TRACUU_BENCH_DOCS` or `TRACUU_BENCH_QUERIES` is not comparable with the others).
pub fn bench_result(value: serde_json::Value) {
    println!("BENCH_RESULT {value}");
    if !tracuu_bench_history::history::recording_asked() {
        return;
    }
    let limits: Vec<&str> = ["TRACUU_BENCH_DOCS", "TRACUU_BENCH_QUERIES"]
        .into_iter()
        .filter(|name| env_usize(name).is_some())
        .collect();
    if !limits.is_empty() {
        println!(
            "not recorded: the history keeps runs over whole corpora ({} set)",
            limits.join(", ")
        );
        return;
    }
    match tracuu_bench_history::history::record(&value) {
        Ok(path) => println!("recorded in {}", path.display()),
        Err(e) => panic!("recording the run: {e:#}"),
    }
}

/// The time now (UTC) as `YYYY-MM-DDTHH:MMZ`, for the result line.
pub fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = tracuu_indexer::Date::from_days((seconds / 86_400) as i64)
        .map_or_else(String::new, |d| d.to_string());
    let minutes = seconds % 86_400 / 60;
    format!("{day}T{:02}:{:02}Z", minutes / 60, minutes % 60)
}
