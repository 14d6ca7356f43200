//! `tracuu search`: ranked hits with snippets highlighted in the original text.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::{
    Facet, FacetField, FacetsLine, SearchRequest, SearchResults, Searcher, SortOrder, FEW_DOCUMENTS,
};

use crate::cmd::QueryFilters;
use crate::output::{expansion_note, json_line, spellings_note, suggestion_note, Style};

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

    #[command(flatten)]
    filters: QueryFilters,

    /// Order of hits
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,

    /// Also count ALL matching documents (not only the hits shown) per source or per year;
    /// repeatable. Shown after the hits; with --json, as one last line {"type":"facets",...}
    #[arg(long, value_enum, value_name = "FIELD")]
    facet: Vec<FacetArg>,
}

/// A field `--facet` counts by.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FacetArg {
    /// The source (publisher)
    Source,
    /// The year of publication
    Year,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Sort {
    /// Best match first
    Relevance,
    /// Newest first
    Date,
}

/// Runs `tracuu search`: exit status 0 with hits, 1 with none; with `json`, one [`Hit`] record
/// per line, and a [`FacetsLine`] last with `--facet`. The partial matches of a long query that
/// may end the page are announced by a line before the first of them.
///
/// [`Hit`]: tracuu_query::Hit
pub fn run(args: Args, index_dir: &Path, style: Style, json: bool) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(index_dir)?;
    let spec = args.filters.spec(&args.query)?;
    let request = SearchRequest::new(spec.clone())
        .limit(if args.count { 0 } else { args.limit })?
        .offset(args.offset)
        .sort(match args.sort {
            Sort::Relevance => SortOrder::Relevance,
            Sort::Date => SortOrder::Date,
        })
        .facets(
            &args
                .facet
                .iter()
                .map(|f| match f {
                    FacetArg::Source => FacetField::Source,
                    FacetArg::Year => FacetField::Year,
                })
                .collect::<Vec<_>>(),
        );
    let results = searcher.search(&request)?;
    let spellings = searcher.other_spellings(&spec)?;
    let suggestion = match results.total <= FEW_DOCUMENTS {
        true => searcher.suggest(&spec)?,
        false => None,
    };
    let note = || {
        if let Some(suggestion) = &suggestion {
            eprintln!("{}", suggestion_note(suggestion));
        }
        for expansion in &results.expansions {
            eprintln!("{}", expansion_note(expansion));
        }
        if let Some(spellings) = &spellings {
            eprintln!("{}", spellings_note(spellings));
        }
    };
    let mut out = std::io::stdout().lock();
    if args.count {
        writeln!(out, "{}", results.total)?;
        note();
    } else if json {
        for hit in &results.hits {
            json_line(&mut out, hit)?;
        }
    } else {
        print_human(&mut out, &results, args.offset, style)?;
        note();
    }
    if json {
        for expansion in &results.expansions {
            json_line(&mut out, expansion)?;
        }
        if let Some(suggestion) = &suggestion {
            json_line(&mut out, suggestion)?;
        }
    }
    if let (true, Some(spellings)) = (json, spellings) {
        json_line(&mut out, &spellings)?;
    }
    if !results.facets.is_empty() {
        if json {
            json_line(&mut out, &FacetsLine::new(&results.facets))?;
        } else {
            print_facets(&mut out, &results.facets, style)?;
        }
    }
    out.flush()?;
    Ok(if results.total > 0 || !results.hits.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Facet counts after the hits.
fn print_facets(out: &mut impl Write, facets: &[Facet], style: Style) -> std::io::Result<()> {
    for facet in facets {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            style.bold(&format!("Matching documents by {}", facet.field))
        )?;
        let missing = match facet.field {
            FacetField::Source => "(no source)",
            FacetField::Year => "undated",
        };
        crate::cmd::stats::print_counts(out, &facet.counts, facet.missing, 20, missing)?;
    }
    Ok(())
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
        let first_partial = hit.partial && (i == 0 || !results.hits[i - 1].partial);
        if first_partial {
            writeln!(
                out,
                "{}",
                style.bold("— documents with some of the words, not all:")
            )?;
        }
        let meta: Vec<String> = [
            hit.date.map(|d| d.to_string()),
            hit.source.clone(),
            Some(hit.id.clone()),
            hit.other_spelling
                .then(|| "another spelling than the reading".to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        writeln!(out, "{:>3}. {}", offset + i + 1, style.highlight_title(hit))?;
        writeln!(out, "     {}", style.dim(&meta.join(" · ")))?;
        writeln!(out, "     {}", style.highlight_snippet(&hit.snippet))?;
        writeln!(out, "     {}", style.dim(&hit.path))?;
    }
    Ok(())
}
