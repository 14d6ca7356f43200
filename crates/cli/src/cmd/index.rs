//! `tracuu index`: article files into the index, with progress and a summary of what failed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tracuu_indexer::{index_paths, ArticleIndex, IndexOptions, IndexSummary, WriterOptions};

use crate::output::{json_line, megabytes_per_second, visible};

/// Arguments of `tracuu index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, directories (recursive), gzip/zstd dumps, or `-` for stdin
    #[arg(value_name = "PATH", required_unless_present = "synonyms", num_args = 1..)]
    paths: Vec<PathBuf>,

    /// Store this synonyms file with the index: its groups (`Sài Gòn | TP.HCM`, one per line)
    /// then expand every query of the index, as the built-in abbreviations do
    #[arg(long, value_name = "FILE")]
    synonyms: Option<PathBuf>,

    /// Remove every document before indexing
    #[arg(long)]
    rebuild: bool,

    /// Writer memory budget in MiB
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    memory_mb: usize,

    /// Indexing threads [default: number of cores, at most 4]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// Commit after this many new documents
    #[arg(long, value_name = "DOCS", default_value_t = 20_000)]
    commit_every: usize,
}

/// The record of `tracuu index --json`: the run's [`IndexSummary`] with where it went and how
/// fast.
#[derive(Serialize)]
struct IndexReport<'a> {
    /// The index directory, as given.
    index: String,
    #[serde(flatten)]
    summary: &'a IndexSummary,
    /// Megabytes of text read per second, to two decimals.
    mb_per_s: f64,
}

/// Runs `tracuu index`; exits 1 when any record was rejected; with `json`, the summary as one
/// JSON record.
pub fn run(args: Args, index_dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    if let Some(file) = &args.synonyms {
        store_synonyms(file, index_dir)?;
        if args.paths.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let index = if args.rebuild {
        ArticleIndex::open_for_rebuild(index_dir)?
    } else {
        ArticleIndex::open_or_create(index_dir)?
    };
    let defaults = WriterOptions::default();
    let options = IndexOptions {
        writer: WriterOptions {
            memory_budget: args.memory_mb.saturating_mul(1024 * 1024),
            threads: args.threads.unwrap_or(defaults.threads),
        },
        rebuild: args.rebuild,
        commit_every_docs: args.commit_every.max(1),
        ..IndexOptions::default()
    };
    let bar = progress_bar();
    let summary = index_paths(&index, &args.paths, &options, &mut |summary| {
        if let Some(bar) = &bar {
            let seconds = summary.elapsed.as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} documents, {:.0} docs/s, {:.1} MB/s",
                summary.documents_seen(),
                summary.documents_seen() as f64 / seconds,
                megabytes_per_second(summary.bytes, seconds)
            ));
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // The documents are committed: a summary that cannot be written (a full disk or a closed
    // pipe on stdout) is said, and does not make the run a failure.
    if let Err(error) = report(&summary, index_dir, json) {
        eprintln!("tracuu: indexed and committed, but the summary could not be written: {error}");
    }
    Ok(if summary.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").ok()?);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

fn report(summary: &IndexSummary, index_dir: &Path, json: bool) -> anyhow::Result<()> {
    let mut err = std::io::stderr().lock();
    for issue in summary.warnings.iter() {
        writeln!(err, "tracuu: warning: {}", visible(&issue.to_string()))?;
    }
    for issue in summary.rejected.iter() {
        writeln!(err, "tracuu: {}", visible(&issue.to_string()))?;
    }
    for dup in &summary.duplicates {
        writeln!(
            err,
            "tracuu: {}{}: duplicate of {} (same body), not indexed",
            dup.path,
            dup.line.map(|l| format!(":{l}")).unwrap_or_default(),
            dup.duplicate_of
        )?;
    }
    let seconds = summary.elapsed.as_secs_f64();
    if json {
        let report = IndexReport {
            index: index_dir.display().to_string(),
            summary,
            mb_per_s: (megabytes_per_second(summary.bytes, seconds) * 100.0).round() / 100.0,
        };
        json_line(&mut std::io::stdout().lock(), &report)?;
    } else {
        writeln!(
            err,
            "indexed {}, replaced {}, unchanged {}, duplicates {}, rejected {}, warnings {} \
             in {:.2} s ({:.1} MB/s) into {}",
            summary.indexed,
            summary.replaced,
            summary.unchanged,
            summary.duplicates.len(),
            summary.rejected.len(),
            summary.warnings.len(),
            seconds,
            megabytes_per_second(summary.bytes, seconds),
            index_dir.display()
        )?;
    }
    Ok(())
}

/// Checks a synonyms file and stores a copy with the index (creating the index when there is
/// none), saying how many groups it holds.
fn store_synonyms(file: &Path, index_dir: &Path) -> anyhow::Result<()> {
    let synonyms = crate::cmd::read_synonyms(file)?;
    ArticleIndex::open_or_create(index_dir)?;
    let stored = index_dir.join(tracuu_query::SYNONYMS_FILE);
    std::fs::copy(file, &stored).map_err(|e| anyhow::anyhow!("{}: {e}", stored.display()))?;
    eprintln!(
        "{} synonym groups stored with the index ({})",
        synonyms.groups().len(),
        stored.display()
    );
    Ok(())
}
