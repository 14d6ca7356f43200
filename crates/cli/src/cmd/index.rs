//! `tracuu index`: article files into the index, with progress and a summary of what failed.

use std::ffi::OsString;
use std::fs;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tracuu_indexer::reader::{Issue, IssueKind};
use tracuu_indexer::story;
use tracuu_indexer::{
    index_paths, ArticleIndex, ErrorKind, IndexOptions, IndexSummary, WriterOptions, MAX_THREADS,
};

use crate::cmd::SAMPLE_MARKER;
use crate::ctrl_c::{CtrlC, STOPPED_BY_CTRL_C};
use crate::output::{counted, json_line, megabytes_per_second, thousands, visible, Term};

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

    /// Indexing threads, 1 to 8 [default: number of cores, at most 4]
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,

    /// Commit after this many new documents
    #[arg(long, value_name = "DOCS", default_value_t = 20_000)]
    commit_every: usize,

    /// Resemblance (0 to 1, shared 5-word runs) from which a new document joins the story of an
    /// indexed one as a copy
    #[arg(long, value_name = "R", default_value_t = story::DEFAULT_THRESHOLD,
          value_parser = parse_threshold)]
    story_threshold: f32,
}

/// A resemblance threshold: a number above 0 and at most 1.
fn parse_threshold(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(r) if story::is_valid_threshold(r) => Ok(r),
        _ => Err(format!("`{text}` is not {}", story::THRESHOLD_RULE)),
    }
}

/// A number of indexing threads: 1 to [`MAX_THREADS`].
fn parse_threads(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_THREADS).contains(&n) => Ok(n),
        _ => Err(format!("`{text}` is not a number from 1 to {MAX_THREADS}")),
    }
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
/// JSON record. A run that would create the index and indexes nothing leaves no index behind.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    if index_dir.join(SAMPLE_MARKER).exists() {
        anyhow::bail!(
            "{} is the sample index, kept apart from your own articles; index yours into your \
             own index: `tracuu index PATH...` (the default location) or `tracuu --index DIR \
             index PATH...`",
            index_dir.display()
        );
    }
    if let Some(file) = &args.synonyms {
        store_synonyms(file, index_dir, term)?;
        if args.paths.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let new_index = NewIndex::before_creating(index_dir);
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
            story_threshold: args.story_threshold,
        },
        rebuild: args.rebuild,
        commit_every_docs: args.commit_every.max(1),
        ..IndexOptions::default()
    };
    let mut bar = (!term.quiet && std::io::stderr().is_terminal()).then(Progress::default);
    // The first Ctrl-C stops the run after the batch in hand (what it added is then committed,
    // or a rebuild dropped); a second quits at once, keeping what was committed.
    let ctrl_c = CtrlC::watch(
        "tracuu: stopping after the batch in hand (Ctrl-C again to quit at once, keeping what \
         was committed)",
    );
    let result = index_paths(&index, &args.paths, &options, &mut |summary| {
        if let Some(bar) = &mut bar {
            bar.show(summary);
        }
        if ctrl_c.pressed() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    if let Some(Progress { bar: Some(bar) }) = bar {
        bar.finish_and_clear();
    }
    drop(index);
    let nothing_indexed = match &result {
        Ok(summary) => summary.indexed == 0,
        Err(error) => error.kind() == ErrorKind::NothingToRebuild,
    };
    let removed = new_index.filter(|_| nothing_indexed);
    if let Some(new_index) = &removed {
        new_index.remove().map_err(|e| {
            anyhow::anyhow!(
                "{}: nothing was indexed, but the empty index could not be removed: {e}",
                index_dir.display()
            )
        })?;
    }
    // A rebuild that found nothing to index says what it rejected and skipped, as any run does,
    // before the error.
    if let Some(summary) = result.as_ref().err().and_then(|error| error.summary()) {
        report(summary, index_dir, term, json)?;
    }
    let summary = result?;
    if summary.stopped && args.rebuild {
        eprintln!(
            "tracuu: rebuild stopped by Ctrl-C: the index in {} is as it was",
            index_dir.display()
        );
        return Ok(ExitCode::from(STOPPED_BY_CTRL_C));
    }
    // The documents are committed: a summary that cannot be written (a full disk or a closed
    // pipe on stdout) is said, and does not make the run a failure.
    if let Err(error) = report(&summary, index_dir, term, json) {
        eprintln!("tracuu: indexed and committed, but the summary could not be written: {error}");
    }
    if removed.is_some() {
        term.note(format_args!(
            "tracuu: nothing was indexed, so no index was created at {}",
            index_dir.display()
        ));
    }
    if ctrl_c.pressed() && !summary.stopped {
        eprintln!("tracuu: Ctrl-C came as the run ended: it is complete");
    }
    if summary.stopped {
        eprintln!(
            "tracuu: stopped by Ctrl-C; the documents above are committed, and indexing the same \
             paths again adds the rest"
        );
        return Ok(ExitCode::from(STOPPED_BY_CTRL_C));
    }
    Ok(if summary.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What a run that creates an index adds to the file system, to take away again when it indexes
/// nothing: an empty index left by a mistyped path would be searched by every later command,
/// with no hint that it is not the index meant.
struct NewIndex {
    dir: PathBuf,
    /// The first directory of `dir`'s path that did not exist (`dir` itself or a parent).
    first_created: Option<PathBuf>,
    /// The names that were in `dir` already, kept.
    kept: Vec<OsString>,
}

impl NewIndex {
    /// Notes what is there before the index in `dir` is created; `None` when `dir` holds an
    /// index already, or cannot hold one (a file: opening the index says so).
    fn before_creating(dir: &Path) -> Option<NewIndex> {
        if dir.join("meta.json").exists() {
            return None;
        }
        let missing = |d: &&Path| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err();
        let first_created = dir.ancestors().take_while(missing).last();
        let kept = match first_created {
            Some(_) => Vec::new(),
            None => fs::read_dir(dir)
                .ok()?
                .map(|entry| entry.map(|e| e.file_name()))
                .collect::<std::io::Result<_>>()
                .ok()?,
        };
        Some(NewIndex {
            dir: dir.to_path_buf(),
            first_created: first_created.map(Path::to_path_buf),
            kept,
        })
    }

    /// Removes what the run added: the index's files, and the directories created for it unless
    /// something else has been put in them meanwhile.
    fn remove(&self) -> std::io::Result<()> {
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            if self.kept.contains(&entry.file_name()) {
                continue;
            }
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::remove_file(entry.path())?;
            }
        }
        if let Some(first) = &self.first_created {
            for created in self.dir.ancestors().take_while(|d| d.starts_with(first)) {
                if fs::remove_dir(created).is_err() {
                    break;
                }
            }
        }
        Ok(())
    }
}

/// The progress line on a terminal: a bar with the share of the input read and the time
/// left when the input's size is known (files, compressed or not), a spinner otherwise
/// (stdin); counts and speed; "committing…" while a commit runs.
#[derive(Default)]
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn show(&mut self, summary: &IndexSummary) {
        let bar = self.bar.get_or_insert_with(|| new_bar(summary.input_bytes));
        bar.set_position(summary.input_bytes_read.min(summary.input_bytes));
        let seconds = summary.elapsed.as_secs_f64().max(1e-9);
        bar.set_message(if summary.committing {
            format!(
                "{}; committing…",
                counted(summary.documents_seen() as u64, "document", "documents")
            )
        } else {
            format!(
                "{}, {} docs/s, {:.1} MB/s",
                counted(summary.documents_seen() as u64, "document", "documents"),
                thousands((summary.documents_seen() as f64 / seconds) as u64),
                megabytes_per_second(summary.bytes, seconds)
            )
        });
    }
}

fn new_bar(input_bytes: u64) -> ProgressBar {
    let (bar, template) = if input_bytes > 0 {
        (
            ProgressBar::new(input_bytes),
            "{spinner} {elapsed} [{bar:20}] {percent:>3}% of {total_bytes}, {eta} left  {msg}",
        )
    } else {
        (ProgressBar::new_spinner(), "{spinner} {elapsed} {msg}")
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Problems of one kind shown before the rest are only counted (all with `--verbose`).
const SHOWN_PER_KIND: usize = 5;

fn report(summary: &IndexSummary, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<()> {
    let mut err = std::io::stderr().lock();
    let shown = if term.verbose {
        usize::MAX
    } else {
        SHOWN_PER_KIND
    };
    // Rejected records are errors, shown even with --quiet.
    for (kind, issues) in by_kind(&summary.rejected) {
        for issue in issues.iter().take(shown) {
            writeln!(err, "tracuu: {}", visible(&issue.to_string()))?;
        }
        more(&mut err, issues.len(), shown, &format!("rejected ({kind})"))?;
    }
    if !term.quiet {
        for (kind, issues) in by_kind(&summary.warnings) {
            for issue in issues.iter().take(shown) {
                writeln!(err, "tracuu: warning: {}", visible(&issue.to_string()))?;
            }
            more(&mut err, issues.len(), shown, &format!("warnings ({kind})"))?;
        }
    }
    let seconds = summary.elapsed.as_secs_f64();
    if json {
        let report = IndexReport {
            index: index_dir.display().to_string(),
            summary,
            mb_per_s: (megabytes_per_second(summary.bytes, seconds) * 100.0).round() / 100.0,
        };
        json_line(&mut std::io::stdout().lock(), &report)?;
    } else if !term.quiet {
        writeln!(
            err,
            "indexed {}, replaced {}, unchanged {}, copies {}, rejected {}, warnings {} in {:.2} \
             s ({:.1} MB/s) into {}",
            summary.indexed,
            summary.replaced,
            summary.unchanged,
            summary.copies,
            summary.rejected.len(),
            summary.warnings.len(),
            seconds,
            megabytes_per_second(summary.bytes, seconds),
            index_dir.display()
        )?;
    }
    Ok(())
}

/// `issues` grouped by kind, kinds in order of first appearance.
fn by_kind(issues: &[Issue]) -> Vec<(String, Vec<&Issue>)> {
    let mut groups: Vec<(IssueKind, Vec<&Issue>)> = Vec::new();
    for issue in issues {
        match groups.iter_mut().find(|(kind, _)| *kind == issue.kind) {
            Some((_, group)) => group.push(issue),
            None => groups.push((issue.kind, vec![issue])),
        }
    }
    groups
        .into_iter()
        .map(|(kind, group)| (kind_name(kind), group))
        .collect()
}

/// `InvalidUtf8` as `invalid utf8`.
fn kind_name(kind: IssueKind) -> String {
    let mut name = String::new();
    for c in format!("{kind:?}").chars() {
        if c.is_uppercase() && !name.is_empty() {
            name.push(' ');
        }
        name.extend(c.to_lowercase());
    }
    name
}

/// `… and 280 more warnings (empty file); --verbose lists all`, when more than `shown` of `total`.
fn more(err: &mut impl Write, total: usize, shown: usize, what: &str) -> std::io::Result<()> {
    if total > shown {
        writeln!(
            err,
            "tracuu: … and {} more {what}; --verbose lists all",
            thousands((total - shown) as u64)
        )?;
    }
    Ok(())
}

/// Checks a synonyms file and stores a copy with the index (creating the index when there is
/// none), saying how many groups it holds.
fn store_synonyms(file: &Path, index_dir: &Path, term: Term) -> anyhow::Result<()> {
    let synonyms = crate::cmd::read_synonyms(file)?;
    ArticleIndex::open_or_create(index_dir)?;
    let stored = index_dir.join(tracuu_query::SYNONYMS_FILE);
    std::fs::copy(file, &stored).map_err(|e| anyhow::anyhow!("{}: {e}", stored.display()))?;
    term.note(format_args!(
        "{} synonym groups stored with the index ({})",
        synonyms.groups().len(),
        stored.display()
    ));
    Ok(())
}
