//! `tracuu abbreviations`: the abbreviations and synonyms queries are expanded with, and the
//! definitions found in the indexed documents, with how many documents use each.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::{AbbreviationEntry, Origin, Searcher};

use crate::output::{json_line, thousands, visible, wrapped, Style, Term};
use unicode_width::UnicodeWidthStr;

/// Arguments of `tracuu abbreviations`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only groups with an expression containing this, compared without marks or case
    /// (`tccsd` finds TCCSĐ)
    #[arg(value_name = "QUERY")]
    query: Option<String>,

    /// Groups to show at most, the most used first (0: all)
    #[arg(short = 'n', long, default_value_t = 50)]
    limit: usize,
}

/// Runs `tracuu abbreviations`: exit status 0 with groups listed, 1 with none; with `json`,
/// one [`AbbreviationEntry`] record per line.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let searcher = Searcher::open(index_dir)?;
    let entries = searcher.abbreviations(args.query.as_deref())?;
    let mut out = std::io::stdout().lock();
    let shown = match args.limit {
        0 => entries.len(),
        limit => limit.min(entries.len()),
    };
    for entry in &entries[..shown] {
        if json {
            json_line(&mut out, entry)?;
        } else {
            let styled = line(entry, style);
            let plain = line(entry, Style::new(false));
            match term.width {
                // Too wide: the plain text wrapped between words, continued under an indent.
                Some(width) if plain.width() > width => {
                    for (n, part) in wrapped(&plain, Some(width.saturating_sub(4).max(1)))
                        .iter()
                        .enumerate()
                    {
                        writeln!(out, "{}{part}", if n == 0 { "" } else { "    " })?;
                    }
                }
                _ => writeln!(out, "{styled}")?,
            }
        }
    }
    if !json && entries.len() > shown {
        term.note(format_args!(
            "{} more (--limit 0 for all)",
            entries.len() - shown
        ));
    }
    out.flush()?;
    Ok(if entries.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `UBND 269 = Ủy ban nhân dân 14   built-in`
fn line(entry: &AbbreviationEntry, style: Style) -> String {
    let forms: Vec<String> = entry
        .forms
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                style.bold(&visible(&f.text)),
                thousands(f.documents as u64)
            )
        })
        .collect();
    let origin = match (entry.origin, entry.defined_in) {
        (Origin::Mined, Some(n)) => format!(
            "defined in {} document{}",
            thousands(n),
            if n == 1 { "" } else { "s" }
        ),
        (origin, _) => origin.to_string(),
    };
    format!("{}   {}", forms.join(" = "), style.dim(&origin))
}
