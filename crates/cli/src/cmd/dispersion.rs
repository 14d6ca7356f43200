//! `tracuu dispersion`: how evenly a query spreads over the documents and periods of the
//! corpus (Gries' DP), with a plot of where its occurrences fall.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::{
    dispersion, draw_dispersion, ChartFormat, Dispersion, DispersionRequest, DispersionRow, Period,
};

use crate::cmd::QueryFilters;
use crate::output::{counted, thousands, write_records, Style, Term};

/// Arguments of `tracuu dispersion`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The corpus is every document within --from/--to, oldest first, undated last. Occurrences are \
those `tracuu kwic` shows. DP (Gries 2008) is half the sum, over the parts of the corpus \
(documents, or periods), of the difference between the part's share of the occurrences and its \
share of the words: 0 when the query is spread like the words, near 1 when it crowds into a few \
parts; DP_norm (Lijffijt & Gries 2012) divides it by 1 - the smallest part's share. Over a \
single part (one period, or only undated documents) DP says nothing and is shown as –.

--plot FILE.svg (or .png) draws the corpus end to end with a stroke at each occurrence.
--csv and --json write one record per period (fields: README.md, \"Output records\").")]
pub struct Args {
    /// The query: a word, a "phrase", or any search query
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Periods of the DP over periods
    #[arg(long, value_enum, default_value_t = By::Year)]
    by: By,

    /// Draw where the occurrences fall into FILE (.svg or .png)
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,

    /// CSV with a header row
    #[arg(long)]
    csv: bool,
}

impl Args {
    /// The output format flag given, other than `--json`.
    pub fn format_flag(&self) -> Option<&'static str> {
        self.csv.then_some("--csv")
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum By {
    /// Calendar years
    Year,
    /// Calendar months
    Month,
}

/// Runs `tracuu dispersion`.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    if let Some(path) = &args.plot {
        ChartFormat::of_path(path)?;
    }
    let searcher = Searcher::open(index_dir)?;
    let request = DispersionRequest::new(args.filters.spec(&args.query)?).by(match args.by {
        By::Year => Period::Year,
        By::Month => Period::Month,
    });
    let found = dispersion(&searcher, &request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json || args.csv {
        write_records::<DispersionRow>(&mut out, found.rows(), args.csv)?;
    } else {
        crate::cmd::print_query_notes(&searcher, &request.spec, term)?;
        print_table(&mut out, &found, style)?;
    }
    out.flush()?;
    if let Some(path) = &args.plot {
        draw_dispersion(&found, path)?;
        term.note(format_args!("plot written to {}", path.display()));
    }
    Ok(if found.occurrences > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_table(out: &mut impl Write, d: &Dispersion, style: Style) -> std::io::Result<()> {
    let dp = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"));
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{}: {} in {} of {} ({})",
            d.query,
            counted(d.occurrences, "occurrence", "occurrences"),
            thousands(d.documents_with),
            counted(d.documents, "document", "documents"),
            counted(d.words, "word", "words")
        ))
    )?;
    writeln!(
        out,
        "DP over documents {} (normalised {})",
        dp(d.dp_documents),
        dp(d.dp_norm_documents)
    )?;
    writeln!(
        out,
        "DP over periods   {} (normalised {})",
        dp(d.dp_periods),
        dp(d.dp_norm_periods)
    )?;
    writeln!(
        out,
        "{}",
        style.dim(&format!(
            "{:<8} {:>10} {:>13} {:>12} {:>12}",
            "period", "documents", "words", "occurrences", "per million"
        ))
    )?;
    for row in d.rows() {
        writeln!(
            out,
            "{:<8} {:>10} {:>13} {:>12} {:>12.2}",
            row.period
                .map_or_else(|| "undated".to_string(), |p| p.to_string()),
            thousands(row.documents),
            thousands(row.words),
            thousands(row.occurrences),
            row.per_million
        )?;
    }
    Ok(())
}
