//! `tracuu search`: ranked hits with snippets highlighted in the original text.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::date_filter::DateRange;
use tracuu_query::{
    CountLine, Facet, FacetField, FacetsLine, QuerySpec, Readings, SearchRequest, SearchResults,
    Searcher, SortOrder, FEW_DOCUMENTS,
};

use crate::cmd::QueryFilters;
use crate::output::{
    expansion_note, json_line, keep_end, keep_start, plural, spellings_note, suggestion_note,
    thousands, visible, Style, Term,
};

/// Arguments of `tracuu search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: words (all required), "phrases", OR, -excluded, (groups), title:, source:, date:
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    /// Number of hits to show (0: only the summary on stderr, as `--count` without the number)
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,

    /// Number of hits to skip
    #[arg(long, default_value_t = 0)]
    offset: usize,

    /// Only print the number of matching documents (and, on stderr, of their stories)
    #[arg(short, long)]
    count: bool,

    /// Show every publication of a story as a hit of its own (by default, one hit per story
    /// with its copies)
    #[arg(long)]
    no_collapse: bool,

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
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let searcher = Searcher::open(index_dir)?;
    let spec = args.filters.spec(&args.query)?;
    // Stories are counted with the count, and for people (on stderr) beside the hits.
    let request = SearchRequest::new(spec.clone())
        .count_stories(args.count || (!term.quiet && !json))
        .limit(if args.count { 0 } else { args.limit })?
        .offset(args.offset)
        .collapse(!args.no_collapse)
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
    // The search and its other spellings read accent-free words alike.
    let readings = Readings::default();
    let results = searcher.search_with(&request, &readings)?;
    let spellings = searcher.other_spellings_with(&spec, &readings)?;
    let suggestion = match results.total <= FEW_DOCUMENTS {
        true => searcher.suggest(&spec)?,
        false => None,
    };
    let note = || {
        if let Some(suggestion) = &suggestion {
            term.note(suggestion_note(suggestion));
        }
        for expansion in &results.expansions {
            term.note(expansion_note(expansion));
        }
        if let Some(spellings) = &spellings {
            term.note(spellings_note(spellings));
        }
        if !json {
            for hint in filter_hints(&searcher, &spec, &results, args.sort) {
                term.note(format_args!("tracuu: {hint}"));
            }
        }
    };
    let mut out = std::io::stdout().lock();
    let stories = results.stories;
    if args.count {
        let stories = stories.expect("counted with the count");
        if json {
            let count = CountLine {
                documents: results.total,
                stories,
                reading: results.reading.clone(),
            };
            json_line(&mut out, &count)?;
        } else {
            writeln!(out, "{}", results.total)?;
            // The spellings note says how a query of words alone was counted.
            let reading = match (&results.reading, &spellings) {
                (Some(reading), None) => format!(" (read as “{reading}”)"),
                _ => String::new(),
            };
            term.note(format_args!(
                "{} {}, {} {}{reading}",
                thousands(results.total as u64),
                plural(results.total, "document", "documents"),
                thousands(stories as u64),
                plural(stories, "story", "stories")
            ));
        }
        note();
    } else if json {
        for hit in &results.hits {
            json_line(&mut out, hit)?;
        }
    } else {
        let differ = stories.filter(|&n| n != results.total);
        print_human(&mut out, &results, differ, args.offset, term)?;
        // Matches but no hit: the page starts past the last one (stories counted once).
        if results.hits.is_empty() && results.total > 0 && args.offset > 0 && args.limit > 0 {
            term.note(format_args!(
                "tracuu: --offset {} is past the last hit: nothing to show",
                thousands(args.offset as u64)
            ));
        }
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
        // Stories are shown beside documents where republications make them differ.
        let missing_stories = facet.has_copies().then_some(facet.missing_stories);
        let heading = match missing_stories {
            Some(_) => format!("Matching documents and stories by {}", facet.field),
            None => format!("Matching documents by {}", facet.field),
        };
        writeln!(out, "{}", style.bold(&heading))?;
        let missing = match facet.field {
            FacetField::Source => "(no source)",
            FacetField::Year => "undated",
        };
        crate::cmd::stats::print_counts(
            out,
            &facet.counts,
            (facet.missing, missing_stories),
            20,
            missing,
        )?;
    }
    Ok(())
}

fn print_human(
    out: &mut impl Write,
    results: &SearchResults,
    stories: Option<usize>,
    offset: usize,
    term: Term,
) -> std::io::Result<()> {
    let style = term.style;
    let reading = results
        .reading
        .as_ref()
        .map(|r| format!(" (read as “{r}”)"))
        .unwrap_or_default();
    let stories = match stories {
        Some(n) => format!(
            " ({} {})",
            thousands(n as u64),
            plural(n, "story", "stories")
        ),
        None => String::new(),
    };
    term.note(format_args!(
        "{} {}{stories} match{reading}",
        thousands(results.total as u64),
        plural(results.total, "document", "documents")
    ));
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
        let number = format!("{:>3}. ", offset + i + 1);
        // Every line after the title is indented under it.
        let indent = " ".repeat(number.len().max(INDENT));
        let inner = term.width.map(|w| w.saturating_sub(indent.len()).max(20));
        let fitted = |text: &str, keep: fn(&str, usize) -> String| match inner {
            Some(width) => keep(text, width),
            None => visible(text).into_owned(),
        };
        writeln!(out, "{number}{}", style.highlight_title(hit, inner))?;
        writeln!(
            out,
            "{indent}{}",
            style.dim(&fitted(&meta.join(" · "), keep_start))
        )?;
        for line in style.highlight_snippet(&hit.snippet, inner) {
            writeln!(out, "{indent}{line}")?;
        }
        writeln!(out, "{indent}{}", style.dim(&fitted(&hit.path, keep_end)))?;
        if !hit.copies.is_empty() {
            let copies = copies_line(&hit.copies);
            writeln!(out, "{indent}{}", style.dim(&fitted(&copies, keep_start)))?;
        }
    }
    Ok(())
}

/// Sources named at most on a hit's line of copies.
const SOURCES_NAMED: usize = 5;

/// `+3 copies (Báo Hà Tĩnh, Tạp chí Tuyên giáo, …)`: the other publications of a hit's story
/// and their distinct sources, in order of publication.
fn copies_line(copies: &[tracuu_query::Copy]) -> String {
    let mut sources: Vec<&str> = Vec::new();
    for source in copies.iter().filter_map(|c| c.source.as_deref()) {
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    let mut named = sources
        .iter()
        .take(SOURCES_NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if sources.len() > SOURCES_NAMED {
        named.push_str(", …");
    }
    let count = format!(
        "+{} {}",
        thousands(copies.len() as u64),
        plural(copies.len(), "copy", "copies")
    );
    match named.is_empty() {
        true => count,
        false => format!("{count} ({named})"),
    }
}

/// Columns the lines of a hit are indented by.
const INDENT: usize = 5;

/// Why filters found nothing or less than asked, when the index lacks what they look for: no
/// dates at all, none in the range asked, a source name no document has (with the closest
/// ones), a sort by date over undated documents.
/// How many documents the query's dates (`date:` and `--from`/`--to` together) hold, whatever
/// its words; `None` when they cannot be counted.
fn documents_in_dates(searcher: &Searcher, spec: &QuerySpec) -> Option<usize> {
    let dates = spec.date_range().ok()?;
    searcher.count(&searcher.every_document(&dates)).ok()
}

fn filter_hints(
    searcher: &Searcher,
    spec: &QuerySpec,
    results: &SearchResults,
    sort: Sort,
) -> Vec<String> {
    let dated_query = spec.dates != DateRange::ALL || spec.query.contains("date:");
    let sources = source_names(&spec.query);
    let by_date = matches!(sort, Sort::Date);
    if !(dated_query && results.total == 0 || by_date || !sources.is_empty() && results.total == 0)
    {
        return Vec::new();
    }
    let Ok(stats) = tracuu_research::stats(searcher) else {
        return Vec::new();
    };
    let mut hints = Vec::new();
    let dated = stats.documents.saturating_sub(stats.undated);
    match (stats.first_date, stats.last_date) {
        (Some(first), Some(last)) if dated_query && results.total == 0 => {
            hints.push(match documents_in_dates(searcher, spec) {
                Some(0) | None => format!(
                    "no document in the dates asked for; the index's {} dated {} run from \
                     {first} to {last}",
                    thousands(dated),
                    plural(dated as usize, "document", "documents"),
                ),
                Some(n) => format!(
                    "{} {} in the dates asked for, none matching the query",
                    thousands(n as u64),
                    plural(n, "document", "documents"),
                ),
            })
        }
        (None, _) if dated_query || by_date => hints.push(format!(
            "no document in this index has a date ({} undated): date filters match nothing{}",
            thousands(stats.undated),
            if by_date {
                "; --sort date cannot order them (the default order is by relevance)"
            } else {
                ""
            }
        )),
        _ if by_date && stats.undated > 0 => hints.push(format!(
            "{} undated {} of the index come last with --sort date",
            thousands(stats.undated),
            plural(stats.undated as usize, "document", "documents"),
        )),
        _ => {}
    }
    if results.total == 0 {
        let known: Vec<String> = stats.sources.iter().map(|s| s.value.to_string()).collect();
        for name in sources {
            let folded = fold(&name);
            if known.iter().any(|k| fold(k).contains(&folded)) {
                continue;
            }
            let mut closest: Vec<(f64, &String)> = known
                .iter()
                .map(|k| (strsim::normalized_levenshtein(&fold(k), &folded), k))
                .collect();
            closest.sort_by(|a, b| b.0.total_cmp(&a.0));
            let names: Vec<String> = closest
                .iter()
                .take(3)
                .map(|(_, k)| format!("“{k}”"))
                .collect();
            hints.push(if names.is_empty() {
                "no document in this index has a source".to_string()
            } else {
                format!(
                    "no source is named “{name}”; the closest: {}",
                    names.join(", ")
                )
            });
        }
    }
    hints
}

/// The values of the `source:` filters in `query` (`source:"Báo Nghệ An"`, `source:vnexpress`).
fn source_names(query: &str) -> Vec<String> {
    query
        .match_indices("source:")
        .map(|(at, field)| {
            let value = &query[at + field.len()..];
            match value.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or_default(),
                None => value.split([' ', ')']).next().unwrap_or_default(),
            }
            .to_string()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// Lowercase, without diacritics, words separated by one space, and by ` | ` where punctuation
/// ends a phrase (`source:` phrases do not match across it): how sources are compared.
fn fold(text: &str) -> String {
    let mut folded = String::new();
    let mut next_position = None;
    for token in tracuu_indexer::analysis::analyze(text) {
        if token.kind != tracuu_indexer::analysis::TokenKind::Word {
            continue;
        }
        match next_position {
            None => {}
            Some(next) if token.position > next => folded.push_str(" | "),
            Some(_) => folded.push(' '),
        }
        folded.push_str(&token.folded);
        next_position = Some(token.position + 1);
    }
    folded
}
