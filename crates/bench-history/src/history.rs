//! The history files, `benches/history/<bench>.jsonl` (one record a line, oldest first), and
//! recording a run into them.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::record::{Bench, Figures, Machine, Record};

/// The checkout this crate belongs to.
pub fn repository_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The committed history folder of the checkout, `benches/history/`.
pub fn default_dir() -> PathBuf {
    repository_root().join("benches/history")
}

/// The history file of `bench` in `dir`.
pub fn file(dir: &Path, bench: Bench) -> PathBuf {
    dir.join(format!("{}.jsonl", bench.name()))
}

/// The records of a history file, oldest first (none when the file does not exist).
///
/// # Errors
/// A file that cannot be read, or a line that is not a record (with its line number).
pub fn read(path: &Path) -> Result<Vec<Record>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a history record", path.display(), i + 1))
        })
        .collect()
}

/// Appends `record` as one line to a history file.
///
/// # Errors
/// The file cannot be written.
pub fn append(path: &Path, record: &Record) -> Result<()> {
    let line = serde_json::to_string(record).context("serialising a history record")?;
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    writeln!(file, "{line}").with_context(|| format!("writing {}", path.display()))
}

/// `TRACUU_BENCH_RECORD=1`: a benchmark appends its run to its history file.
pub const RECORD_VAR: &str = "TRACUU_BENCH_RECORD";
/// `TRACUU_BENCH_NOTE`: a few words on what the run measured, kept in its record.
pub const NOTE_VAR: &str = "TRACUU_BENCH_NOTE";
/// `TRACUU_BENCH_NEW_REFERENCE`: why this run's figures are an intended change; the regression
/// check compares only with it and later records.
pub const NEW_REFERENCE_VAR: &str = "TRACUU_BENCH_NEW_REFERENCE";

/// Whether the environment asks benchmarks to record their run (`TRACUU_BENCH_RECORD=1`).
pub fn recording_asked() -> bool {
    env(RECORD_VAR).as_deref() == Some("1")
}

/// Appends the run of a benchmark's `BENCH_RESULT` to its history file in the checkout, with
/// the commit, the machine, and the note and new reference given by the environment
/// (`TRACUU_BENCH_NOTE`, `TRACUU_BENCH_NEW_REFERENCE`). Returns the file written.
///
/// # Errors
/// A result without its figures, or the file failing to write.
pub fn record(bench_result: &Value) -> Result<PathBuf> {
    let figures = Figures::from_bench_result(bench_result)?;
    let root = repository_root();
    let (commit, dirty) = git_state(&root);
    let record = Record {
        commit,
        dirty,
        date: bench_result["date"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        machine: this_machine(),
        seeded: None,
        note: env(NOTE_VAR),
        new_reference: env(NEW_REFERENCE_VAR),
        figures,
    };
    let path = file(&default_dir(), record.figures.bench());
    append(&path, &record)?;
    Ok(path)
}

/// A variable of the environment, `None` when unset or blank.
fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The commit checked out in `root` and whether tracked files other than the history itself
/// have uncommitted changes (`("", false)` outside a git checkout).
fn git_state(root: &Path) -> (String, bool) {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_default();
    let dirty = git(&[
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":(exclude)benches/history",
    ])
    .is_some_and(|status| !status.is_empty());
    (commit, dirty)
}

/// The cores this process may use, the CPU model and the load average now.
pub fn this_machine() -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        });
    Machine {
        cores: std::thread::available_parallelism()
            .ok()
            .and_then(|n| u32::try_from(n.get()).ok()),
        cpu,
        load: std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|text| one_minute_load(&text)),
    }
}

/// The 1-minute load average of the text of /proc/loadavg (`0.52 0.58 0.59 1/467 12345`).
fn one_minute_load(loadavg: &str) -> Option<f64> {
    loadavg.split_whitespace().next()?.parse().ok()
}

/// A warning when the machine is busier than its cores: speed measured now is less reliable.
pub fn busy_machine_warning() -> Option<String> {
    let machine = this_machine();
    let (load, cores) = (machine.load?, machine.cores?);
    (load > f64::from(cores)).then(|| {
        format!(
            "the machine is busy (load average {load:.1} on {cores} cores): speed ratios \
             measured now are less reliable"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{EngineRun, IndexedCorpus, Indexing};

    fn record(ratio: f64) -> Record {
        Record {
            commit: "0b4d6cf".into(),
            dirty: false,
            date: "2026-12-01T20:00Z".into(),
            machine: this_machine(),
            seeded: None,
            note: Some("Đảng ủy, thủ tướng".into()),
            new_reference: None,
            figures: Figures::Indexing(Box::new(Indexing {
                corpus: IndexedCorpus {
                    path: "corpus.jsonl.zst".into(),
                    articles: 10,
                    text_bytes: 1_000,
                },
                rounds: Some(3),
                tracuu: EngineRun {
                    mb_per_s: Some(20.0 * ratio),
                    ..EngineRun::default()
                },
                baseline: EngineRun {
                    mb_per_s: Some(20.0),
                    ..EngineRun::default()
                },
                ratio,
                cpu_ratio: None,
            })),
        }
    }

    #[test]
    fn appended_records_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), Bench::Indexing);
        assert!(read(&path).unwrap().is_empty(), "no file, no history");
        let records = [record(0.8), record(0.75)];
        for r in &records {
            append(&path, r).unwrap();
        }
        assert_eq!(read(&path).unwrap(), records);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("{\"commit\":\"0b4d6cf\""));
        assert!(text.contains("\"bench\":\"indexing\""));
    }

    #[test]
    fn a_bad_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("indexing.jsonl");
        let good = serde_json::to_string(&record(0.8)).unwrap();
        std::fs::write(&path, format!("{good}\n\n{{\"commit\": 3}}\n")).unwrap();
        let error = format!("{:#}", read(&path).unwrap_err());
        assert!(
            error.contains("indexing.jsonl:3: not a history record"),
            "{error}"
        );
    }

    #[test]
    fn the_load_is_the_first_field_of_loadavg() {
        assert_eq!(one_minute_load("8.53 9.01 7.46 3/611 31768\n"), Some(8.53));
        assert_eq!(one_minute_load(""), None);
        assert_eq!(one_minute_load("busy"), None);
    }

    #[test]
    fn the_committed_history_reads() {
        for bench in Bench::ALL {
            let records = read(&file(&default_dir(), bench)).unwrap();
            assert!(!records.is_empty(), "{} has no history", bench.name());
            for r in &records {
                assert_eq!(r.figures.bench(), bench);
                assert!(r.seeded.is_some() || !r.commit.is_empty());
            }
        }
    }
}
