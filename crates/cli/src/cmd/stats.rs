//! `tracuu stats`: what the index holds.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;
use tracuu_query::{Facet, FacetCount, Searcher};
use tracuu_research::{stats, IndexStats};

use crate::output::Style;

/// Arguments of `tracuu stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object: {"index","documents","segments","first_date","last_date","undated",
    /// "sources":[{"value","count"}],"no_source","years":[{"value","count"}],"size_bytes",
    /// "updated_at"} (dates YYYY-MM-DD, updated_at RFC 3339 UTC, null when unknown)
    #[arg(long)]
    json: bool,

    /// Show at most N sources (all with --json)
    #[arg(long, value_name = "N", default_value_t = 20)]
    sources: usize,
}

/// Runs `tracuu stats`.
pub fn run(args: Args, index_dir: &Path, style: Style) -> anyhow::Result<ExitCode> {
    let stats = stats(&Searcher::open(index_dir)?)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &stats_json(&stats, index_dir))
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        print_human(&mut out, &stats, index_dir, args.sources, style)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn stats_json(stats: &IndexStats, index_dir: &Path) -> serde_json::Value {
    json!({
        "index": index_dir.display().to_string(),
        "documents": stats.documents,
        "segments": stats.segments,
        "first_date": stats.first_date,
        "last_date": stats.last_date,
        "undated": stats.undated,
        "sources": stats.sources.counts,
        "no_source": stats.sources.missing,
        "years": stats.years.counts,
        "size_bytes": stats.size_bytes,
        "updated_at": stats.updated_at,
    })
}

fn print_human(
    out: &mut impl Write,
    stats: &IndexStats,
    index_dir: &Path,
    max_sources: usize,
    style: Style,
) -> std::io::Result<()> {
    let label = |text: &str| style.bold(&format!("{text:<10}"));
    writeln!(out, "{} {}", label("Index"), index_dir.display())?;
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
    print_counts(out, &stats.sources, max_sources, "(no source)")?;
    writeln!(out)?;
    writeln!(out, "{}", style.bold("Years"))?;
    print_counts(out, &stats.years, usize::MAX, "undated")?;
    Ok(())
}

/// A facet as an indented list of `count  value`, with a line for the rest and the missing.
pub(crate) fn print_counts(
    out: &mut impl Write,
    facet: &Facet,
    max: usize,
    missing_label: &str,
) -> std::io::Result<()> {
    let width = facet
        .counts
        .iter()
        .map(|c| c.count)
        .chain([facet.missing])
        .map(|n| thousands(n).len())
        .max()
        .unwrap_or(1);
    for FacetCount { value, count } in facet.counts.iter().take(max) {
        writeln!(out, "  {:>width$}  {value}", thousands(*count))?;
    }
    if facet.counts.len() > max {
        let rest: u64 = facet.counts[max..].iter().map(|c| c.count).sum();
        writeln!(
            out,
            "  {:>width$}  ({} more values)",
            thousands(rest),
            facet.counts.len() - max
        )?;
    }
    if facet.missing > 0 {
        writeln!(
            out,
            "  {:>width$}  {missing_label}",
            thousands(facet.missing)
        )?;
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
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
    fn formats_numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(45_300_000), "45.3 MB (45,300,000 bytes)");
    }
}
