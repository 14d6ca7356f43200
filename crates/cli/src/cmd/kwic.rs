//! `tracuu kwic`: a concordance, every occurrence of a query with its context, one per line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::{kwic, Concordance, KwicLine, KwicRequest, KwicSort};
use unicode_width::UnicodeWidthStr;

use crate::cmd::QueryFilters;
use crate::output::{json_line, keep_end, keep_start, thousands, visible, CsvRecords, Style};

/// Arguments of `tracuu kwic`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Lines show the date, the document id, the left context right-aligned, the match as written in \
the article (highlighted when colour is on) and the right context. Contexts are the article's \
own text, line breaks shown as spaces.

--csv writes a header and one row per occurrence, --json one object per line (fields: README.md, \
\"Output records\").

Exit status: 0 when there are occurrences, 1 when there are none, 2 on error.")]
pub struct Args {
    /// The query: a word, a "phrase", or any search query (every word and phrase it
    /// requires is shown)
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Words (syllables) of context on each side (at most 100)
    #[arg(
        short = 'C',
        long,
        value_name = "N",
        default_value_t = tracuu_research::kwic::DEFAULT_CONTEXT,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new()
            .range(0..=tracuu_research::kwic::MAX_CONTEXT as u64)
    )]
    context: usize,

    /// Order of the lines: date (oldest first), left (by the words just before the match,
    /// nearest first), right (by the words after it)
    #[arg(long, value_enum, default_value_t = Sort::Date)]
    sort: Sort,

    /// Show at most N lines (after sorting)
    #[arg(short = 'n', long, value_name = "N")]
    limit: Option<usize>,

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
enum Sort {
    /// Oldest first, undated last
    Date,
    /// By the words left of the match, nearest first
    Left,
    /// By the words right of the match
    Right,
}

/// Runs `tracuu kwic`: aligned lines, or one [`KwicLine`] record per occurrence.
pub fn run(args: Args, index_dir: &Path, style: Style, json: bool) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(index_dir)?;
    let request = KwicRequest::new(args.filters.spec(&args.query)?)
        .context(args.context)
        .sort(match args.sort {
            Sort::Date => KwicSort::Date,
            Sort::Left => KwicSort::Left,
            Sort::Right => KwicSort::Right,
        })
        .limit(args.limit);
    let concordance = kwic(&searcher, &request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        for line in &concordance.lines {
            json_line(&mut out, line)?;
        }
    } else if args.csv {
        write_csv(&mut out, &concordance.lines)?;
    } else {
        summary(&concordance);
        crate::cmd::print_query_notes(&searcher, &request.spec)?;
        print_aligned(&mut out, &concordance.lines, args.context, style)?;
    }
    out.flush()?;
    // As grep: 1 when nothing occurs, whatever was printed (`-n 0` prints nothing).
    let occurs = match concordance.occurrences {
        Some(occurrences) => occurrences > 0,
        None => !concordance.lines.is_empty() || concordance.documents > 0,
    };
    Ok(if occurs {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn summary(c: &Concordance) {
    let reading = c
        .reading
        .as_ref()
        .map(|r| format!(" (read as “{r}”)"))
        .unwrap_or_default();
    let docs = format!(
        "{} document{}",
        thousands(c.documents as u64),
        if c.documents == 1 { "" } else { "s" }
    );
    match c.occurrences {
        Some(n) if n == c.lines.len() => eprintln!(
            "{} occurrence{} in {docs}{reading}",
            thousands(n as u64),
            if n == 1 { "" } else { "s" }
        ),
        Some(n) => eprintln!(
            "{} of {} occurrences in {docs}{reading}",
            thousands(c.lines.len() as u64),
            thousands(n as u64)
        ),
        None => eprintln!(
            "first {} occurrences by date; {docs} match{reading}",
            thousands(c.lines.len() as u64)
        ),
    }
}

/// Writes the lines as CSV with a header row.
fn write_csv(out: &mut impl Write, lines: &[KwicLine]) -> std::io::Result<()> {
    let mut csv = CsvRecords::new::<KwicLine>(out, &[])?;
    for line in lines {
        csv.write(line)?;
    }
    csv.finish()
}

/// The widest context shown on either side, in terminal columns.
fn context_width(words: usize) -> usize {
    (words * 6 + 2).max(12)
}

/// One line per occurrence, the matches aligned in one column.
fn print_aligned(
    out: &mut impl Write,
    lines: &[KwicLine],
    words: usize,
    style: Style,
) -> std::io::Result<()> {
    let cap = context_width(words);
    // The left context and its separator from the match, right-aligned in one column: a space,
    // unless the text had an opening quote or bracket just before the match.
    let lefts: Vec<String> = lines
        .iter()
        .map(|l| {
            let left = keep_end(&l.left, cap);
            if left.is_empty() || left.ends_with(OPENING) {
                left
            } else {
                left + " "
            }
        })
        .collect();
    let left_width = lefts.iter().map(|l| l.width()).max().unwrap_or(0);
    let id_width = lines
        .iter()
        .map(|l| visible(&l.id).width())
        .max()
        .unwrap_or(0);
    for (line, left) in lines.iter().zip(lefts) {
        let date = line
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let right = keep_start(&line.right, cap);
        let gap = if right.is_empty() || right.starts_with(CLOSING) {
            ""
        } else {
            " "
        };
        writeln!(
            out,
            "{}  {}{}  {}{}{}{gap}{}",
            style.dim(&format!("{date:<10}")),
            style.dim(&line.id),
            " ".repeat(id_width.saturating_sub(visible(&line.id).width())),
            " ".repeat(left_width.saturating_sub(left.width())),
            left,
            style.highlight(&line.matched),
            right,
        )?;
    }
    Ok(())
}

/// Characters written against the following word.
const OPENING: [char; 8] = ['(', '[', '{', '«', '“', '‘', '"', '\''];
/// Characters written against the preceding word.
const CLOSING: [char; 13] = [
    ',', '.', ';', ':', '!', '?', ')', ']', '}', '»', '”', '’', '…',
];

#[cfg(test)]
mod tests {
    use super::*;

    fn concordance(query: &str) -> Concordance {
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .unwrap();
        for (id, body) in [
            ("short", "Chống tham nhũng."),
            (
                "long-id",
                "Công tác phòng, chống (tham nhũng) được đẩy mạnh trong toàn tỉnh, nhất là ở cơ sở.",
            ),
        ] {
            writer
                .add(&tracuu_indexer::Article::new(id, String::new(), body)
.with_path(format!("{id}.txt")))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = Searcher::new(index).unwrap();
        kwic(
            &searcher,
            &KwicRequest::new(query).sort(KwicSort::Right).context(3),
        )
        .unwrap()
    }

    #[test]
    fn aligns_matches_in_one_column() {
        let c = concordance("\"tham nhũng\"");
        let mut out = Vec::new();
        print_aligned(&mut out, &c.lines, 3, Style::new(false)).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "undated     short                Chống tham nhũng.",
                "undated     long-id  tác phòng, chống (tham nhũng) được đẩy mạnh",
            ]
        );
        let mut csv = Vec::new();
        write_csv(&mut csv, &c.lines).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap().lines().nth(1).unwrap(),
            "short,,,Chống,tham nhũng,.,8,19"
        );
    }
}
