//! `tracuu search`: ranked hits with snippets highlighted in the original text.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use tracuu_query::date_filter::parse_from_to;
use tracuu_query::{Hit, SearchRequest, SearchResults, Searcher, SortOrder};

use crate::output::Style;

/// Arguments of `tracuu search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: words (all required), "phrases", OR, -excluded, (groups), title:, source:, date:
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    /// Number of hits to show
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,

    /// Number of hits to skip
    #[arg(long, default_value_t = 0)]
    offset: usize,

    /// Only print the number of matching documents
    #[arg(short, long)]
    count: bool,

    /// Only documents dated from this period on (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    from: Option<String>,

    /// Only documents dated up to the end of this period (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    to: Option<String>,

    /// Match accented query words without their diacritics too
    #[arg(long)]
    fold: bool,

    /// Order of hits
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,

    /// One JSON object per hit per line:
    /// {"id","score","title","date","source","url","path","snippet","highlights"}
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Sort {
    /// Best match first
    Relevance,
    /// Newest first
    Date,
}

/// Runs `tracuu search`: exit status 0 with hits, 1 with none.
pub fn run(args: Args, index_dir: &Path, style: Style) -> anyhow::Result<ExitCode> {
    let dates = parse_from_to(args.from.as_deref(), args.to.as_deref())?;
    let searcher = Searcher::open(index_dir)?;
    let request = SearchRequest::new(args.query.join(" "))
        .limit(if args.count { 0 } else { args.limit })
        .offset(args.offset)
        .fold(args.fold)
        .dates(dates)
        .sort(match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Date => SortOrder::Date,
        });
    let results = searcher.search(&request)?;
    let mut out = std::io::stdout().lock();
    if args.count {
        writeln!(out, "{}", results.total)?;
    } else if args.json {
        for hit in &results.hits {
            serde_json::to_writer(&mut out, &hit_json(hit))?;
            writeln!(out)?;
        }
    } else {
        print_human(&mut out, &results, args.offset, style)?;
    }
    out.flush()?;
    Ok(if results.total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The stable JSON-lines record of one hit.
pub fn hit_json(hit: &Hit) -> serde_json::Value {
    json!({
        "id": hit.id,
        "score": hit.score,
        "title": hit.title,
        "date": hit.date.map(|d| d.to_string()),
        "source": hit.source,
        "url": hit.url,
        "path": hit.path,
        "snippet": hit.snippet.text,
        "highlights": hit.snippet.highlights.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>(),
    })
}

fn print_human(
    out: &mut impl Write,
    results: &SearchResults,
    offset: usize,
    style: Style,
) -> std::io::Result<()> {
    let reading = results
        .reading
        .as_ref()
        .map(|r| format!(" (read as “{r}”)"))
        .unwrap_or_default();
    eprintln!(
        "{} document{} match{reading}",
        results.total,
        if results.total == 1 { "" } else { "s" }
    );
    for (i, hit) in results.hits.iter().enumerate() {
        let meta: Vec<String> = [
            hit.date.map(|d| d.to_string()),
            hit.source.clone(),
            Some(hit.id.clone()),
        ]
        .into_iter()
        .flatten()
        .collect();
        writeln!(out, "{:>3}. {}", offset + i + 1, style.bold(&hit.title))?;
        writeln!(out, "     {}", style.dim(&meta.join(" · ")))?;
        writeln!(out, "     {}", style.highlight_snippet(&hit.snippet))?;
        writeln!(out, "     {}", style.dim(&hit.path))?;
    }
    Ok(())
}
