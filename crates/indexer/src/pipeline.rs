//! The indexing run: read inputs, parse them in parallel, write and commit periodically.
//!
//! One thread reads and decompresses inputs in order and sends batches of raw records; the
//! calling thread parses each batch in parallel (rayon) and adds the articles to the writer,
//! whose own threads analyse and index them. The index is committed every
//! [`IndexOptions::commit_every_docs`] documents or [`IndexOptions::commit_interval`], and at the
//! end, so a run that is killed keeps everything up to its last commit and a re-run completes it.
//! A run its caller stops (through `progress`) commits what it added, as at the end.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Error;
use crate::index::{AddOutcome, ArticleIndex, PreparedArticle, WriterOptions};
use crate::reader::{discover, read_input_counted, Input, Issue, IssueKind, RawRecord};
use crate::schema::Fields;

/// Options of an indexing run.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Writer memory and threads.
    pub writer: WriterOptions,
    /// Replace every document by those of the inputs, in one commit at the end: until then the
    /// old index is what readers see, and an interrupted or failed rebuild (an error, or no
    /// document found in the inputs) leaves it as it was.
    pub rebuild: bool,
    /// Commit after this many new or replaced documents (default 20,000).
    pub commit_every_docs: usize,
    /// Commit at least this often while documents arrive (default 60 s).
    pub commit_interval: Duration,
}

impl Default for IndexOptions {
    fn default() -> IndexOptions {
        IndexOptions {
            writer: WriterOptions::default(),
            rebuild: false,
            commit_every_docs: 20_000,
            commit_interval: Duration::from_secs(60),
        }
    }
}

/// Counts and problems of an indexing run, so far or at its end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// New documents.
    pub indexed: usize,
    /// New documents that joined the story of an indexed document they resemble, exact or
    /// edited republications (counted in `indexed` too).
    pub copies: usize,
    /// Documents that replaced an older version with the same id.
    pub replaced: usize,
    /// Documents already in the index with the same content.
    pub unchanged: usize,
    /// Records and files that could not be indexed.
    pub rejected: Vec<Issue>,
    /// Problems that did not stop a document from being indexed.
    pub warnings: Vec<Issue>,
    /// Bytes of text read.
    pub bytes: u64,
    /// Commits made.
    pub commits: usize,
    /// Whether the run stopped before the end of its input because `progress` asked it to
    /// (see [`index_paths`]). Not in the summary record: a stopped command says so by its exit
    /// status.
    #[serde(skip)]
    pub stopped: bool,
    /// Bytes of the input files (compressed or not; stdin and pipes not counted), to show
    /// progress against.
    #[serde(skip)]
    pub input_bytes: u64,
    /// Bytes read from the input files so far, as [`input_bytes`](Self::input_bytes) counts them.
    #[serde(skip)]
    pub input_bytes_read: u64,
    /// Whether a commit is under way (when progress is reported).
    #[serde(skip)]
    pub committing: bool,
    /// Time since the run started.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl IndexSummary {
    /// Documents read, whatever happened to them.
    pub fn documents_seen(&self) -> usize {
        self.indexed + self.replaced + self.unchanged
    }
}

/// Records sent from the reading thread at once.
const BATCH_RECORDS: usize = 256;
/// Bytes sent from the reading thread at once.
const BATCH_BYTES: usize = 4 * 1024 * 1024;

/// Indexes every article found under `paths` (files, directories, `-` for stdin) into `index`.
///
/// Bad records are reported in the summary and do not stop the run; `progress` is called after
/// each batch and before each commit. Whatever happens, the documents added before an error are
/// committed (except in a rebuild, which commits only when it is complete: see
/// [`IndexOptions::rebuild`]).
///
/// When `progress` returns [`ControlFlow::Break`] (the user pressed Ctrl-C, say), the run stops
/// after that batch, or after the commit it announced: the documents added so far are committed
/// as at the end (a rebuild's are dropped, leaving the index as it was) and the summary says
/// what was done, with [`IndexSummary::stopped`] set; indexing the same paths again completes
/// the index.
///
/// # Errors
/// Errors of the index itself (lock held by another writer, disk full...), and
/// [`ErrorKind::NothingToRebuild`](crate::ErrorKind::NothingToRebuild).
pub fn index_paths(
    index: &ArticleIndex,
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: &mut dyn FnMut(&IndexSummary) -> ControlFlow<()>,
) -> Result<IndexSummary, Error> {
    let started = Instant::now();
    let mut summary = IndexSummary::default();
    let mut writer = if options.rebuild {
        index.rebuild_writer(&options.writer)?
    } else {
        index.writer(&options.writer)?
    };
    let (inputs, issues) = discover(paths, index.dir());
    record_issues(&mut summary, issues);
    summary.input_bytes = inputs
        .iter()
        .filter_map(|input| match input {
            Input::File(path) => std::fs::metadata(path).ok().filter(|m| m.is_file()),
            Input::Stdin => None,
        })
        .map(|metadata| metadata.len())
        .sum();
    let read_bytes = Arc::new(AtomicU64::new(0));
    let reading_bytes = Arc::clone(&read_bytes);

    let (sender, batches) = mpsc::sync_channel::<Vec<Result<RawRecord, Issue>>>(4);
    let reading = std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH_RECORDS);
        let mut batch_bytes = 0;
        // A closed channel means the run stopped (an error, or its caller): the rest of the
        // input at hand is skipped, and the inputs after it are not opened.
        let mut closed = false;
        for input in &inputs {
            if closed {
                break;
            }
            read_input_counted(input, &reading_bytes, &mut |record| {
                if closed {
                    return;
                }
                batch_bytes += record.as_ref().map_or(0, RawRecord::len);
                batch.push(record);
                if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
                    batch_bytes = 0;
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                    closed = sender.send(full).is_err();
                }
            });
        }
        let _ = sender.send(batch);
    });

    let fields = index.fields();
    let mut ids = IdsOfRun::default();
    let mut since_commit = 0;
    let mut last_commit = Instant::now();
    let mut result = Ok(());
    for batch in batches {
        summary.bytes += batch
            .iter()
            .map(|r| r.as_ref().map_or(0, |r| r.len() as u64))
            .sum::<u64>();
        let parsed: Vec<Result<Parsed, Issue>> = batch
            .into_par_iter()
            .map(|record| record.and_then(|record| Parsed::new(&fields, record)))
            .collect();
        let added = add_parsed(
            &mut writer,
            parsed,
            &mut ids,
            &mut summary,
            &mut since_commit,
        );
        if let Err(error) = added {
            result = Err(error);
            break;
        }
        // A rebuild commits once, at the end: until then the old index is what readers see,
        // and an interrupted or failed rebuild leaves it as it was.
        let due = since_commit >= options.commit_every_docs
            || (since_commit > 0 && last_commit.elapsed() >= options.commit_interval);
        summary.input_bytes_read = read_bytes.load(Ordering::Relaxed);
        summary.elapsed = started.elapsed();
        if due && !options.rebuild {
            let flow = commit(&mut writer, &mut summary, progress)?;
            since_commit = 0;
            last_commit = Instant::now();
            if flow.is_break() {
                summary.stopped = true;
                break;
            }
        }
        if progress(&summary).is_break() {
            summary.stopped = true;
            break;
        }
    }
    if result.is_ok() && !summary.stopped {
        // The reader has sent its last batch; a panic in it is a bug worth surfacing.
        reading.join().expect("reading thread panicked");
    }
    if options.rebuild {
        if let Err(error) = result {
            return Err(error);
        }
        if summary.stopped {
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }
        if summary.indexed == 0 {
            summary.elapsed = started.elapsed();
            return Err(Error::nothing_to_rebuild(index.dir(), summary));
        }
    }
    summary.input_bytes_read = read_bytes.load(Ordering::Relaxed);
    // The run ends here anyway: a stop asked for during the last commit changes nothing.
    let _ = commit(&mut writer, &mut summary, progress)?;
    writer.finish()?;
    summary.elapsed = started.elapsed();
    result.map(|()| summary)
}

/// Commits, saying so through `progress` first (a commit can take seconds); what `progress`
/// answered, to stop after the commit.
fn commit(
    writer: &mut crate::index::ArticleWriter,
    summary: &mut IndexSummary,
    progress: &mut dyn FnMut(&IndexSummary) -> ControlFlow<()>,
) -> Result<ControlFlow<()>, Error> {
    summary.committing = true;
    let flow = progress(summary);
    writer.commit()?;
    summary.committing = false;
    summary.commits += 1;
    Ok(flow)
}

/// A record parsed and prepared for the writer, with its problems and where it was read.
struct Parsed {
    article: PreparedArticle,
    issues: Vec<Issue>,
    path: String,
    line: Option<usize>,
}

impl Parsed {
    fn new(fields: &Fields, record: RawRecord) -> Result<Parsed, Issue> {
        let (article, issues) = record.parse()?;
        Ok(Parsed {
            article: PreparedArticle::new(fields, &article),
            issues,
            path: article.path,
            line: article.line,
        })
    }
}

/// The ids added in this run, hashed (8 bytes each, whatever the id's length). The writer
/// replaces an article whose id it knows, which is the point of a re-run; an id known only
/// because this run already gave it is a repeat in the inputs, which the summary's count of
/// replaced articles alone would not show.
#[derive(Default)]
struct IdsOfRun(HashSet<u64>);

impl IdsOfRun {
    /// Notes `id`; whether it was noted before.
    fn repeated(&mut self, id: &str) -> bool {
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        !self.0.insert(hasher.finish())
    }
}

fn add_parsed(
    writer: &mut crate::index::ArticleWriter,
    parsed: Vec<Result<Parsed, Issue>>,
    ids: &mut IdsOfRun,
    summary: &mut IndexSummary,
    since_commit: &mut usize,
) -> Result<(), Error> {
    for item in parsed {
        let parsed = match item {
            Ok(ok) => ok,
            Err(issue) => {
                record_issues(summary, vec![issue]);
                continue;
            }
        };
        record_issues(summary, parsed.issues);
        let repeated = (ids.repeated(parsed.article.id())).then(|| parsed.article.id().to_owned());
        let outcome = writer.add_prepared(parsed.article)?;
        // A repeat is certain only when the writer knew the id too (two ids may hash alike).
        let repeat = match &outcome {
            AddOutcome::Replaced => Some("this article replaces that one"),
            AddOutcome::Unchanged => Some("this article is the same and is skipped"),
            _ => None,
        };
        if let (Some(id), Some(what)) = (repeated, repeat) {
            let message = format!("id {id:?} was given earlier in this run: {what}");
            let issue = Issue::new(IssueKind::RepeatedId, &parsed.path, parsed.line, message);
            summary.warnings.push(issue);
        }
        match outcome {
            AddOutcome::Added => {
                summary.indexed += 1;
                *since_commit += 1;
            }
            AddOutcome::Copy { .. } => {
                summary.indexed += 1;
                summary.copies += 1;
                *since_commit += 1;
            }
            AddOutcome::Replaced => {
                summary.replaced += 1;
                *since_commit += 1;
            }
            AddOutcome::Unchanged => summary.unchanged += 1,
        }
    }
    Ok(())
}

fn record_issues(summary: &mut IndexSummary, issues: Vec<Issue>) {
    for issue in issues {
        if issue.is_rejected() {
            summary.rejected.push(issue);
        } else {
            summary.warnings.push(issue);
        }
    }
}
