//! `tracuu export`: every matching document's metadata (and text), streamed as CSV or JSON lines.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::{export, ExportRequest, ExportedDoc};

use crate::cmd::QueryFilters;
use crate::output::{json_line, thousands, CsvRecords, Term};

/// Arguments of `tracuu export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exports ALL matching documents, or every document (within --from/--to) without a query, oldest \
first (by date, then id; undated documents last, by id). \
Documents are read in batches and written as they are read, so large exports use little memory.

Each document is one record (fields: README.md, \"Output records\"), with its body text only with \
--with-text. CSV has a header row; JSON lines (--format jsonl, or --json) have one object per \
document.

Exit status: 0 when something matched, 1 when nothing did, 2 on error.")]
pub struct Args {
    /// The query: words (all required), "phrases", OR, -excluded, (groups), title:, source:,
    /// date: (default: every document)
    #[arg(value_name = "QUERY", num_args = 0..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Output format (--json is --format jsonl)
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,

    /// Include each document's body text (field `text`)
    #[arg(long)]
    with_text: bool,
}

impl Args {
    /// The output format flag given, other than `--json`.
    pub fn format_flag(&self) -> Option<&'static str> {
        (self.format == Format::Csv).then_some("--format csv")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line
    Jsonl,
}

/// Runs `tracuu export`: one [`ExportedDoc`] record per document, as CSV or JSON lines (the
/// global `--json` asks for the default format, and conflicts with `--format csv`).
pub fn run(args: Args, index_dir: &Path, term: Term) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(index_dir)?;
    let request = ExportRequest::new(args.filters.spec(&args.query)?).with_text(args.with_text);
    let export = export(&searcher, &request)?;
    if !request.spec.query.trim().is_empty() {
        crate::cmd::print_query_notes(&searcher, &request.spec, term)?;
    }
    let total = export.total();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == Format::Csv {
        let omit: &[&str] = if args.with_text { &[] } else { &["text"] };
        let mut csv = CsvRecords::new::<ExportedDoc>(out, omit)?;
        for doc in export {
            csv.write(&doc?)?;
        }
        csv.finish()?;
    } else {
        for doc in export {
            json_line(&mut out, &doc?)?;
        }
        out.flush()?;
    }
    term.note(format_args!(
        "exported {} document{}",
        thousands(total as u64),
        if total == 1 { "" } else { "s" }
    ));
    Ok(if total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
