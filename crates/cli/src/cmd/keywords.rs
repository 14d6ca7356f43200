//! `tracuu keywords`: the words and n-grams a set of documents uses more (or less) than a
//! reference, by log-likelihood and log ratio, as a table, CSV or JSON lines.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::keywords::MAX_KEYWORD_WORDS;
use tracuu_research::unit_table::{remove_unfinished_tables, UNIT_TABLE_FILE};
use tracuu_research::{
    keywords, KeynessMeasure, Keyword, Keywords, KeywordsRequest, ReferenceCounts, TableOrigin,
};

use crate::cmd::QueryFilters;
use crate::ctrl_c::on_ctrl_c;
use crate::output::{counted, fit, thousands, wrapped, write_records, Style, Term};

/// Arguments of `tracuu keywords`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The target is the documents QUERY matches within --from/--to, or every document within \
--from/--to without a query (`tracuu keywords --from 2021 --to 2021`). The reference is every \
other document of the index, or the documents --reference (with --reference-from and \
--reference-to) matches, less those in the target: `tracuu keywords --from 2020 --to 2020 \
--reference-from 2021 --reference-to 2021`, `tracuu keywords 'source:\"Nhân Dân\"'`. The \
reference query is read with the same options as QUERY (--fold, --any-spelling, --fuzzy, -F, \
--no-expand, --synonyms).

Units are syllables and runs of 2 or 3 adjacent syllables (never across punctuation), as \
normalised terms, counted in the body text. Positive keywords are relatively more frequent in \
the target, negative ones less; G² is the log-likelihood (Rayson & Garside 2000; 3.84: p < \
0.05, 6.63: p < 0.01, 15.13: p < 0.0001), log ratio the binary log of the ratio of relative \
frequencies (Hardie 2014), a zero frequency counted as 0.5. Where that stand-in would give the \
log ratio the other direction's sign (half an occurrence in a small set is more than a few in \
a large one), the counts cannot tell how large the difference is: no log ratio, shown as –. \
--by ratio ranks positive keywords from the highest log ratio, negative ones from the lowest, \
those without one last.

Against the rest of the index (no --reference) with --min-freq 5 or more, the units of the \
whole index are counted once and kept in the index directory (tracuu-units.bin, counted again \
after the index changes): a call then reads the target only. The counts are those of reading \
the rest (--no-unit-table).

--csv and --json write one record per keyword (fields: README.md, \"Output records\").")]
pub struct Args {
    /// The target documents: those this query matches (default: every document within
    /// --from/--to)
    #[arg(value_name = "QUERY", num_args = 0..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// The reference documents: those this query matches, read with QUERY's options (default:
    /// the rest of the index)
    #[arg(long, value_name = "QUERY")]
    reference: Option<String>,

    /// Reference documents dated from this period on (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    reference_from: Option<String>,

    /// Reference documents dated up to the end of this period
    #[arg(long, value_name = "DATE")]
    reference_to: Option<String>,

    /// Rank by this measure
    #[arg(long, value_enum, default_value_t = By::Ll)]
    by: By,

    /// Positive keywords occur at least N times in the target, negative ones in the reference
    #[arg(long, value_name = "N", default_value_t = 5)]
    min_freq: u64,

    /// Show at most N keywords of each direction (0: all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 30)]
    limit: usize,

    /// Longest keyword, in syllables (1 to 3)
    #[arg(long, value_name = "N", default_value_t = MAX_KEYWORD_WORDS,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_KEYWORD_WORDS as u64))]
    max_words: usize,

    /// Leave out keywords made only of function words
    #[arg(long)]
    no_function_words: bool,

    /// Read the rest of the index instead of taking its counts from the index's unit table
    #[arg(long)]
    no_unit_table: bool,

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
    /// Log-likelihood (how sure the difference is)
    Ll,
    /// Log ratio (how large it is): positive keywords from the highest, negative ones from
    /// the lowest
    Ratio,
}

/// Runs `tracuu keywords`.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let searcher = Searcher::open(index_dir)?;
    let target = args.filters.spec(&args.query)?;
    let reference =
        if args.reference.is_some() || args.reference_from.is_some() || args.reference_to.is_some()
        {
            Some(args.filters.spec_within(
                args.reference.clone().unwrap_or_default(),
                args.reference_from.as_deref(),
                args.reference_to.as_deref(),
            )?)
        } else {
            None
        };
    let request = KeywordsRequest::new(target)
        .reference(reference)
        .by(match args.by {
            By::Ll => KeynessMeasure::LogLikelihood,
            By::Ratio => KeynessMeasure::LogRatio,
        })
        .min_freq(args.min_freq)
        .limit((args.limit > 0).then_some(args.limit))
        .words(1..=args.max_words)
        .no_function_words(args.no_function_words)
        .unit_table(!args.no_unit_table);
    // The unit table is written to a temporary file in the index directory, which Ctrl-C
    // would leave there.
    on_ctrl_c(remove_unfinished_tables);
    let found = keywords(&searcher, &request)?;
    match &found.reference_counts {
        ReferenceCounts::Table(TableOrigin::Built) => term.note(format_args!(
            "counted the units of the whole index once, kept in {}: later keywords against \
             the rest of this index read them",
            index_dir.join(UNIT_TABLE_FILE).display()
        )),
        ReferenceCounts::Table(TableOrigin::NotSaved(why)) => term.note(format_args!(
            "counted the units of the whole index, but could not keep them ({why}): every \
             keywords call against the rest of this index counts them again"
        )),
        _ => {}
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let all = found.positive.iter().chain(&found.negative);
    if json || args.csv {
        write_records::<Keyword>(&mut out, all, args.csv)?;
    } else if found.target_documents == 0 {
        term.note("tracuu: the target holds no document: no keywords");
    } else {
        print_tables(&mut out, &found, style, term.width)?;
    }
    out.flush()?;
    Ok(if found.positive.is_empty() && found.negative.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Columns of a whole table.
const FULL_WIDTH: usize = 4 + 2 + 28 + 10 + 11 + 10 + 11 + 11 + 10;

fn print_tables(
    out: &mut impl Write,
    found: &Keywords,
    style: Style,
    width: Option<usize>,
) -> std::io::Result<()> {
    // Narrower than a whole table: the rates per million words are left out (--json has them).
    let compact = width.is_some_and(|w| w < FULL_WIDTH);
    let sizes = format!(
        "target: {}, {}; reference: {}, {}",
        counted(found.target_documents as u64, "document", "documents"),
        counted(found.target_words, "word", "words"),
        counted(found.reference_documents as u64, "document", "documents"),
        counted(found.reference_words, "word", "words")
    );
    for line in wrapped(&sizes, width) {
        writeln!(out, "{}", style.dim(line))?;
    }
    for (title, list) in [
        (
            "Positive keywords (more frequent in the target)",
            &found.positive,
        ),
        (
            "Negative keywords (less frequent in the target)",
            &found.negative,
        ),
    ] {
        writeln!(out)?;
        writeln!(out, "{}", style.bold(title))?;
        let header = if compact {
            format!(
                "{:>4}  {:<28} {:>9} {:>9} {:>10} {:>9}",
                "#", "keyword", "target", "reference", "G²", "log ratio"
            )
        } else {
            format!(
                "{:>4}  {:<28} {:>9} {:>10} {:>9} {:>10} {:>10} {:>9}",
                "#", "keyword", "target", "per mill.", "reference", "per mill.", "G²", "log ratio"
            )
        };
        writeln!(out, "{}", style.dim(&header))?;
        for (i, k) in list.iter().enumerate() {
            let keyword = style.highlight(&fit(&k.keyword, 28));
            let log_ratio = k
                .log_ratio
                .map_or_else(|| "–".to_string(), |r| format!("{r:.2}"));
            if compact {
                writeln!(
                    out,
                    "{:>4}  {keyword} {:>9} {:>9} {:>10.2} {log_ratio:>9}",
                    i + 1,
                    thousands(k.target),
                    thousands(k.reference),
                    k.log_likelihood,
                )?;
            } else {
                writeln!(
                    out,
                    "{:>4}  {keyword} {:>9} {:>10.1} {:>9} {:>10.1} {:>10.2} {log_ratio:>9}",
                    i + 1,
                    thousands(k.target),
                    k.target_per_million,
                    thousands(k.reference),
                    k.reference_per_million,
                    k.log_likelihood,
                )?;
            }
        }
    }
    Ok(())
}
