//! `tracuu collocates`: the words and n-grams that keep company with a query, with their
//! frequencies and association scores, as a table, CSV or JSON lines.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::collocates::{MAX_COLLOCATE_WORDS, MAX_WINDOW};
use tracuu_research::{collocates, Collocate, Collocates, CollocatesRequest, Measure, Side};

use crate::cmd::QueryFilters;
use crate::output::{counted, fit, thousands, wrapped, write_records, Style, Term};

/// Arguments of `tracuu collocates`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The node is every occurrence of QUERY in the body text of the documents it matches (the lines \
`tracuu kwic` shows). Collocates are words and runs of up to 3 adjacent words (never across \
punctuation) within the window around the node, shown in their most frequent spelling there. \
The corpus is the body text of the documents the query matches: observed = occurrences in the \
windows (O11), frequency = occurrences in the corpus (C1), expected = window words × frequency \
÷ corpus words. Scores: G² (log-likelihood, negative when rarer than expected), MI, t-score, \
logDice; formulas and references in README.md.

--csv and --json write one record per collocate (fields: README.md, \"Output records\").

Exit status: 0 when the query occurs, 1 when it does not, 2 on error.")]
pub struct Args {
    /// The query: a word, a "phrase", or any search query
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Words before and after each occurrence: L,R (at most 50 each), or one number for both
    #[arg(short = 'w', long, value_name = "L,R", default_value = "5,5", value_parser = parse_window)]
    window: (usize, usize),

    /// Count collocates on this side of the query only
    #[arg(long, value_enum, default_value_t = SideArg::Both)]
    side: SideArg,

    /// Rank by this measure
    #[arg(long, value_enum, default_value_t = By::Ll)]
    by: By,

    /// Only collocates seen at least N times in the windows
    #[arg(long, value_name = "N", default_value_t = 3)]
    min_freq: u64,

    /// Show at most N collocates (0: all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 50)]
    limit: usize,

    /// Longest collocate, in syllables (1 to 3)
    #[arg(long, value_name = "N", default_value_t = MAX_COLLOCATE_WORDS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_COLLOCATE_WORDS as u64))]
    max_words: usize,

    /// Leave out collocates made only of function words (của, và, các, được…; README.md)
    #[arg(long)]
    no_function_words: bool,

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
enum SideArg {
    /// Before the query
    Left,
    /// After the query
    Right,
    /// Either side
    Both,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum By {
    /// Log-likelihood (G²)
    Ll,
    /// Mutual information
    Mi,
    /// t-score
    T,
    /// logDice
    Logdice,
}

/// `5,5`, `3,0` or `4` (both sides).
fn parse_window(text: &str) -> Result<(usize, usize), String> {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= MAX_WINDOW)
            .ok_or_else(|| format!("{s:?} is not a number of words from 0 to {MAX_WINDOW}"))
    };
    match text.split_once(',') {
        Some((left, right)) => Ok((number(left)?, number(right)?)),
        None => number(text).map(|n| (n, n)),
    }
}

/// Runs `tracuu collocates`.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let searcher = Searcher::open(index_dir)?;
    let request = CollocatesRequest::new(args.filters.spec(&args.query)?)
        .window(args.window.0, args.window.1)
        .side(match args.side {
            SideArg::Left => Side::Left,
            SideArg::Right => Side::Right,
            SideArg::Both => Side::Both,
        })
        .by(match args.by {
            By::Ll => Measure::LogLikelihood,
            By::Mi => Measure::Mi,
            By::T => Measure::TScore,
            By::Logdice => Measure::LogDice,
        })
        .min_freq(args.min_freq)
        .limit((args.limit > 0).then_some(args.limit))
        .words(1..=args.max_words)
        .no_function_words(args.no_function_words);
    let found = collocates(&searcher, &request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json || args.csv {
        write_records::<Collocate>(&mut out, &found.collocates, args.csv)?;
    } else {
        crate::cmd::print_query_notes(&searcher, &request.spec, term)?;
        print_table(&mut out, &found, &request, style, term.width)?;
    }
    out.flush()?;
    Ok(if found.node > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

const UNIT_WIDTH: usize = 24;

/// Columns of the whole table.
const FULL_WIDTH: usize = 4 + 2 + UNIT_WIDTH + 9 + 7 + 7 + 10 + 10 + 10 + 7 + 8 + 8;

fn print_table(
    out: &mut impl Write,
    found: &Collocates,
    request: &CollocatesRequest,
    style: Style,
    width: Option<usize>,
) -> std::io::Result<()> {
    // Narrower than the whole table: the left, right and expected counts are left out (the
    // scores are kept; --json has everything).
    let compact = width.is_some_and(|w| w < FULL_WIDTH);
    let unit_width = if compact { UNIT_WIDTH - 4 } else { UNIT_WIDTH };
    let reading = found
        .reading
        .as_ref()
        .map(|r| format!(" (read as “{r}”)"))
        .unwrap_or_default();
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{}{reading}: {} in {}",
            request.spec.query,
            counted(found.node, "occurrence", "occurrences"),
            counted(found.documents as u64, "document", "documents")
        ))
    )?;
    let window = format!(
        "window {} left, {} right ({}): {} words; corpus {} words; {} collocates seen at least {}",
        request.left,
        request.right,
        match request.side {
            Side::Left => "left side",
            Side::Right => "right side",
            Side::Both => "both sides",
        },
        thousands(found.window),
        thousands(found.corpus),
        thousands(found.candidates as u64),
        match request.min_freq.max(1) {
            1 => "once".to_string(),
            n => format!("{} times", thousands(n)),
        }
    );
    for line in wrapped(&window, width) {
        writeln!(out, "{}", style.dim(line))?;
    }
    let header = if compact {
        format!(
            "{:>4}  {:<unit_width$} {:>8} {:>9} {:>9} {:>6} {:>7} {:>7}",
            "#", "collocate", "observed", "frequency", "G²", "MI", "t", "logDice"
        )
    } else {
        format!(
            "{:>4}  {:<unit_width$} {:>8} {:>6} {:>6} {:>9} {:>9} {:>9} {:>6} {:>7} {:>7}",
            "#",
            "collocate",
            "observed",
            "left",
            "right",
            "frequency",
            "expected",
            "G²",
            "MI",
            "t",
            "logDice"
        )
    };
    writeln!(out, "{}", style.dim(&header))?;
    for (i, c) in found.collocates.iter().enumerate() {
        let unit = style.highlight(&fit(&c.collocate, unit_width));
        if compact {
            writeln!(
                out,
                "{:>4}  {unit} {:>8} {:>9} {:>9.2} {:>6.2} {:>7.2} {:>7.2}",
                i + 1,
                thousands(c.observed),
                thousands(c.frequency),
                c.log_likelihood,
                c.mi,
                c.t_score,
                c.log_dice
            )?;
        } else {
            writeln!(
                out,
                "{:>4}  {unit} {:>8} {:>6} {:>6} {:>9} {:>9.2} {:>9.2} {:>6.2} {:>7.2} {:>7.2}",
                i + 1,
                thousands(c.observed),
                thousands(c.left),
                thousands(c.right),
                thousands(c.frequency),
                c.expected,
                c.log_likelihood,
                c.mi,
                c.t_score,
                c.log_dice
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        assert_eq!(parse_window("5,5"), Ok((5, 5)));
        assert_eq!(parse_window("3, 0"), Ok((3, 0)));
        assert_eq!(parse_window("4"), Ok((4, 4)));
        for bad in ["51", "a,b", "1,2,3", "-1,2", ""] {
            assert!(parse_window(bad).is_err(), "{bad}");
        }
    }
}
