//! `tracuu bench`: search latency of a file of queries against an index, per class of queries.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use tracuu_query::latency::{measure_latency, parse_queries, ClassLatency};
use tracuu_query::Searcher;

use crate::cmd::QueryFilters;
use crate::output::{fit, thousands, write_records, Term};

/// Arguments of `tracuu bench`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
FILE holds one query per line, `class<TAB>query` or just `query` (class \"query\"); blank lines \
and lines starting with # are skipped. Each query is searched as `tracuu search` does by default \
(the 10 best hits, one per story, with snippets), once to warm up, then --rounds times, the whole \
list in turn each round. Times are of the search in this process, without starting it or \
printing.

The query options (--fuzzy, --fold, --from…) apply to every query.

Per class: p50, p95 and p99 (nearest rank), the slowest and the mean, in milliseconds; with \
several classes a last row \"all\". --json writes one record per class (fields: README.md, \
\"Output records\").")]
pub struct Args {
    /// The queries to time
    #[arg(long, value_name = "FILE")]
    queries: PathBuf,

    /// Times each query is searched after its warm-up
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    rounds: u32,

    #[command(flatten)]
    filters: QueryFilters,
}

/// Runs `tracuu bench`.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let file = args.queries.display().to_string();
    let bytes = std::fs::read(&args.queries).with_context(|| format!("queries file {file}"))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow::anyhow!("{file}:{line}: not UTF-8 text")
    })?;
    let queries = parse_queries(&text);
    if queries.is_empty() {
        anyhow::bail!("queries file {file}: no query (one per line, `class<TAB>query`)");
    }
    let searcher = Searcher::open(index_dir)?;
    term.note(format!(
        "timing {} {} × {} {} on {} documents…",
        thousands(queries.len() as u64),
        if queries.len() == 1 {
            "query"
        } else {
            "queries"
        },
        args.rounds,
        if args.rounds == 1 { "round" } else { "rounds" },
        thousands(searcher.num_documents()),
    ));
    let rows = measure_latency(
        &searcher,
        &queries,
        &args.filters.spec(&[])?,
        args.rounds as usize,
    )
    .map_err(|failed| anyhow::anyhow!("{file}:{}: {}", failed.line, failed.error))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        write_records::<ClassLatency>(&mut out, &rows, false)?;
    } else {
        print_table(&mut out, &rows, term)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_table(out: &mut impl Write, rows: &[ClassLatency], term: Term) -> std::io::Result<()> {
    let class_width = rows
        .iter()
        .map(|r| r.class.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 24);
    writeln!(
        out,
        "{}",
        term.style.dim(&format!(
            "{:<class_width$} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8}",
            "class", "queries", "runs", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms"
        ))
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<class_width$} {:>7} {:>7} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
            fit(&row.class, class_width),
            thousands(row.queries as u64),
            thousands(row.runs as u64),
            row.p50_ms,
            row.p95_ms,
            row.p99_ms,
            row.max_ms,
            row.mean_ms
        )?;
    }
    Ok(())
}
