//! `tracuu stats`: what the index holds.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::{FacetCount, Searcher};
use tracuu_research::{stats, IndexStats};

use crate::output::{json_line, plural, thousands, visible, Style, Term};

/// Arguments of `tracuu stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show at most N sources (all with --json)
    #[arg(long, value_name = "N", default_value_t = 20)]
    sources: usize,
}

/// Runs `tracuu stats`; with `json`, one [`IndexStats`] record.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let stats = stats(&Searcher::open(index_dir)?)?;
    let mut out = std::io::stdout().lock();
    if json {
        json_line(&mut out, &stats)?;
    } else {
        print_human(&mut out, &stats, index_dir, args.sources, style)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_human(
    out: &mut impl Write,
    stats: &IndexStats,
    index_dir: &Path,
    max_sources: usize,
    style: Style,
) -> std::io::Result<()> {
    let label = |text: &str| style.bold(&format!("{text:<10}"));
    let shown_dir = index_dir.display().to_string();
    writeln!(out, "{} {}", label("Index"), visible(&shown_dir))?;
    writeln!(
        out,
        "{} {} ({} segment{})",
        label("Documents"),
        thousands(stats.documents),
        stats.segments,
        if stats.segments == 1 { "" } else { "s" }
    )?;
    let range = match (stats.first_date, stats.last_date) {
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => "none dated".to_string(),
    };
    writeln!(
        out,
        "{} {range} ({} undated)",
        label("Dates"),
        thousands(stats.undated)
    )?;
    if let Some(bytes) = stats.size_bytes {
        writeln!(out, "{} {}", label("Size"), human_bytes(bytes))?;
    }
    let updated = stats
        .updated_at
        .map_or_else(|| "unknown".to_string(), |t| t.to_string());
    writeln!(out, "{} {updated}", label("Updated"))?;
    writeln!(out)?;
    writeln!(out, "{}", style.bold("Sources"))?;
    print_counts(
        out,
        &stats.sources,
        (stats.no_source, None),
        max_sources,
        "(no source)",
    )?;
    writeln!(out)?;
    writeln!(out, "{}", style.bold("Years"))?;
    print_counts(
        out,
        &stats.years,
        (stats.undated, None),
        usize::MAX,
        "undated",
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{} {} {}, {} with copies; {} {}",
        label("Stories"),
        thousands(stats.stories),
        plural(stats.stories as usize, "story", "stories"),
        thousands(stats.stories_with_copies),
        thousands(stats.copies),
        plural(stats.copies as usize, "copy", "copies")
    )?;
    if !stats.republished_by_source.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold("Copies per source"))?;
    }
    for source in stats.republished_by_source.iter().take(max_sources) {
        writeln!(
            out,
            "  {} of {} ({:.1}%)  {}",
            thousands(source.copies),
            thousands(source.documents),
            source.share * 100.0,
            visible(source.source.as_deref().unwrap_or("(no source)"))
        )?;
    }
    Ok(())
}

/// Counts per value as an indented list of `count  value`, with a line for the rest (beyond
/// `max`) and one for the `missing` documents without a value. With `missing_stories` (the
/// stories among the missing documents), each line has the stories after the documents:
/// `count  stories  value` (the rest's line has no stories: a story may span several values).
pub(crate) fn print_counts(
    out: &mut impl Write,
    counts: &[FacetCount],
    (missing, missing_stories): (u64, Option<u64>),
    max: usize,
    missing_label: &str,
) -> std::io::Result<()> {
    let width = counts
        .iter()
        .map(|c| c.count)
        .chain([missing])
        .map(|n| thousands(n).len())
        .max()
        .unwrap_or(1);
    let stories_width = counts
        .iter()
        .map(|c| c.stories)
        .chain(missing_stories)
        .map(|n| thousands(n).len())
        .max()
        .unwrap_or(1);
    let stories = |n: u64| match missing_stories {
        Some(_) => format!("{:>stories_width$}  ", thousands(n)),
        None => String::new(),
    };
    for count in counts.iter().take(max) {
        writeln!(
            out,
            "  {:>width$}  {}{}",
            thousands(count.count),
            stories(count.stories),
            visible(&count.value.to_string())
        )?;
    }
    if counts.len() > max {
        let rest: u64 = counts[max..].iter().map(|c| c.count).sum();
        let blank = missing_stories.map_or(String::new(), |_| " ".repeat(stories_width + 2));
        writeln!(
            out,
            "  {:>width$}  {blank}({} more values)",
            thousands(rest),
            counts.len() - max
        )?;
    }
    if missing > 0 {
        writeln!(
            out,
            "  {:>width$}  {}{missing_label}",
            thousands(missing),
            stories(missing_stories.unwrap_or(0))
        )?;
    }
    Ok(())
}

/// Bytes in B, kB, MB or GB (powers of 1000).
fn human_bytes(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {} ({} bytes)", units[unit], thousands(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(45_300_000), "45.3 MB (45,300,000 bytes)");
    }
}
