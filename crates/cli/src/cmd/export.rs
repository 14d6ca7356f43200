//! `tracuu export`: every matching document's metadata (and text), streamed as CSV or JSON lines.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::{export, ExportRequest};

use crate::cmd::kwic::{csv_io, QueryFilters};
use crate::cmd::stats::thousands;

/// Arguments of `tracuu export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exports ALL matching documents, oldest first (by date, then id; undated documents last, by id). \
Documents are read in batches and written as they are read, so large exports use little memory.

Fields: id, title, date (YYYY-MM-DD; empty/null when undated), source, url, path, and text with \
--with-text. CSV has a header row; JSON lines have one object per document.

Exit status: 0 when something matched, 1 when nothing did, 2 on error.")]
pub struct Args {
    /// The query: words (all required), "phrases", OR, -excluded, (groups), title:, source:, date:
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,

    /// Include each document's body text (field `text`)
    #[arg(long)]
    with_text: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line
    Jsonl,
}

/// Runs `tracuu export`.
pub fn run(args: Args, index_dir: &Path) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(index_dir)?;
    let request = ExportRequest::new(args.filters.spec(&args.query)?).with_text(args.with_text);
    let export = export(&searcher, &request)?;
    let total = export.total();
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            let mut header = vec!["id", "title", "date", "source", "url", "path"];
            if args.with_text {
                header.push("text");
            }
            csv.write_record(&header).map_err(csv_io)?;
            for doc in export {
                let doc = doc?;
                let date = doc.date.map(|d| d.to_string()).unwrap_or_default();
                let mut record = vec![
                    doc.id.as_str(),
                    &doc.title,
                    &date,
                    doc.source.as_deref().unwrap_or_default(),
                    doc.url.as_deref().unwrap_or_default(),
                    &doc.path,
                ];
                if let Some(text) = &doc.text {
                    record.push(text);
                }
                csv.write_record(&record).map_err(csv_io)?;
            }
            csv.flush()?;
        }
        Format::Jsonl => {
            let mut out = out;
            for doc in export {
                serde_json::to_writer(&mut out, &doc?).map_err(std::io::Error::from)?;
                writeln!(out)?;
            }
            out.flush()?;
        }
    }
    eprintln!(
        "exported {} document{}",
        thousands(total as u64),
        if total == 1 { "" } else { "s" }
    );
    Ok(if total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
