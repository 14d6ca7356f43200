//! `tracuu ngrams`: the most frequent runs of adjacent syllables, with the documents holding
//! them, as a table, CSV or JSON lines.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::{ngrams, Ngram, NgramsRequest};

use crate::cmd::QueryFilters;
use crate::output::{counted, fit, thousands, write_records, Term};

/// Arguments of `tracuu ngrams`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Counts the n-grams of the body text of the documents QUERY matches, or of every document \
(within --from/--to) without a query. An n-gram is a run of adjacent syllables (as normalised \
terms: lowercase, one tone placement) that never crosses punctuation or a line break.

--csv and --json write one record per n-gram (fields: README.md, \"Output records\").")]
pub struct Args {
    /// The documents to count: those this query matches (default: every document)
    #[arg(value_name = "QUERY", num_args = 0..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// N-gram length in syllables: N, or a range MIN-MAX (2 to 5)
    #[arg(short = 'N', long = "size", value_name = "N", default_value = "2", value_parser = parse_sizes)]
    size: (usize, usize),

    /// Only n-grams found in at least N documents
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_docs: u64,

    /// Show at most N n-grams (0: all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 50)]
    limit: usize,

    /// Leave out n-grams made only of function words (của các, và các…)
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

/// `3` or `2-4`, within 2 to 5.
pub fn parse_sizes(text: &str) -> Result<(usize, usize), String> {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (2..=5).contains(n))
            .ok_or_else(|| format!("{s:?} is not an n-gram length from 2 to 5"))
    };
    let (low, high) = match text.split_once('-') {
        Some((low, high)) => (number(low)?, number(high)?),
        None => (number(text)?, number(text)?),
    };
    if low > high {
        return Err(format!("{text:?}: the shorter length comes first"));
    }
    Ok((low, high))
}

/// Runs `tracuu ngrams`.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let searcher = Searcher::open(index_dir)?;
    let request = NgramsRequest::new(args.filters.spec(&args.query)?)
        .words(args.size.0..=args.size.1)
        .min_docs(args.min_docs)
        .limit((args.limit > 0).then_some(args.limit))
        .no_function_words(args.no_function_words);
    let found = ngrams(&searcher, &request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json || args.csv {
        write_records::<Ngram>(&mut out, &found.ngrams, args.csv)?;
    } else {
        if !request.spec.query.trim().is_empty() {
            crate::cmd::print_query_notes(&searcher, &request.spec, term)?;
        }
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "{}, {}",
                counted(found.documents as u64, "document", "documents"),
                counted(found.corpus, "word", "words")
            ))
        )?;
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "{:>4}  {:<36} {:>10} {:>10}",
                "#", "n-gram", "frequency", "documents"
            ))
        )?;
        for (i, ngram) in found.ngrams.iter().enumerate() {
            writeln!(
                out,
                "{:>4}  {} {:>10} {:>10}",
                i + 1,
                style.highlight(&fit(&ngram.ngram, 36)),
                thousands(ngram.frequency),
                thousands(ngram.documents)
            )?;
        }
    }
    out.flush()?;
    Ok(if found.ngrams.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_sizes("2"), Ok((2, 2)));
        assert_eq!(parse_sizes("2-5"), Ok((2, 5)));
        for bad in ["1", "6", "4-3", "2-", "x"] {
            assert!(parse_sizes(bad).is_err(), "{bad}");
        }
    }
}
