//! `tracuu kwic`: a concordance, every occurrence of a query with its context, one per line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::date_filter::parse_from_to;
use tracuu_query::{QuerySpec, Searcher};
use tracuu_research::{kwic, Concordance, KwicLine, KwicRequest, KwicSort};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::cmd::stats::thousands;
use crate::output::Style;

/// Arguments of `tracuu kwic`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Lines show the date, the document id, the left context right-aligned, the match as written in \
the article (highlighted when colour is on) and the right context. Contexts are the article's \
own text, line breaks shown as spaces.

--csv writes a header and one row per occurrence, --json one object per line, both with the \
fields id, date (YYYY-MM-DD; empty/null when undated), source, left, match, right, start, end \
(start and end: byte offsets of the match in the stored body text).

Exit status: 0 when there are occurrences, 1 when there are none, 2 on error.")]
pub struct Args {
    /// The query: a word, a "phrase", or any search query (every word and phrase it
    /// requires is shown)
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Words (syllables) of context on each side
    #[arg(short = 'C', long, value_name = "N", default_value_t = tracuu_research::kwic::DEFAULT_CONTEXT)]
    context: usize,

    /// Order of the lines: date (oldest first), left (by the words just before the match,
    /// nearest first), right (by the words after it)
    #[arg(long, value_enum, default_value_t = Sort::Date)]
    sort: Sort,

    /// Show at most N lines (after sorting)
    #[arg(short = 'n', long, value_name = "N")]
    limit: Option<usize>,

    /// One JSON object per occurrence per line
    #[arg(long, conflicts_with = "csv")]
    json: bool,

    /// CSV with a header row
    #[arg(long)]
    csv: bool,
}

/// Options shared by the research commands to choose documents.
#[derive(Debug, Clone, clap::Args)]
pub struct QueryFilters {
    /// Only documents dated from this period on (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only documents dated up to the end of this period (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Match accented query words without their diacritics too
    #[arg(long)]
    pub fold: bool,
}

impl QueryFilters {
    /// The query `words` (joined with spaces) with `--fold`, `--from` and `--to`.
    pub fn spec(&self, words: &[String]) -> anyhow::Result<QuerySpec> {
        let dates = parse_from_to(self.from.as_deref(), self.to.as_deref())?;
        Ok(QuerySpec::new(words.join(" ")).fold(self.fold).dates(dates))
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

/// Runs `tracuu kwic`.
pub fn run(args: Args, index_dir: &Path, colour: bool) -> anyhow::Result<ExitCode> {
    let style = Style::new(colour);
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
    if args.json {
        for line in &concordance.lines {
            serde_json::to_writer(&mut out, line).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    } else if args.csv {
        write_csv(&mut out, &concordance.lines)?;
    } else {
        summary(&concordance);
        print_aligned(&mut out, &concordance.lines, args.context, style, colour)?;
    }
    out.flush()?;
    Ok(if concordance.lines.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
fn write_csv(out: &mut impl Write, lines: &[KwicLine]) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "id", "date", "source", "left", "match", "right", "start", "end",
    ])
    .map_err(csv_io)?;
    for line in lines {
        csv.write_record([
            line.id.as_str(),
            &line.date.map(|d| d.to_string()).unwrap_or_default(),
            line.source.as_deref().unwrap_or_default(),
            &line.left,
            &line.matched,
            &line.right,
            &line.start.to_string(),
            &line.end.to_string(),
        ])
        .map_err(csv_io)?;
    }
    csv.flush()?;
    Ok(())
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
    colour: bool,
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
    let id_width = lines.iter().map(|l| l.id.width()).max().unwrap_or(0);
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
            " ".repeat(id_width.saturating_sub(line.id.width())),
            " ".repeat(left_width.saturating_sub(left.width())),
            left,
            highlight(colour, &line.matched),
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

/// The I/O error inside a CSV error (so a closed pipe is recognised as one), or the error.
pub(crate) fn csv_io(error: csv::Error) -> std::io::Error {
    if error.is_io_error() {
        if let csv::ErrorKind::Io(io) = error.into_kind() {
            return io;
        }
        unreachable!("checked to be an I/O error");
    }
    std::io::Error::other(error)
}

/// `text` in bold red when `colour` is on.
pub(crate) fn highlight(colour: bool, text: &str) -> String {
    if colour {
        format!("\x1b[1;31m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The end of `text` that fits in `width` columns, with `…` when cut.
fn keep_end(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut used = 1;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        start = i;
    }
    format!("…{}", &text[start..])
}

/// The start of `text` that fits in `width` columns, with `…` when cut.
fn keep_start(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut used = 1;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", &text[..end])
}

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
        print_aligned(&mut out, &c.lines, 3, Style::new(false), false).unwrap();
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

    #[test]
    fn cuts_contexts_to_a_width() {
        assert_eq!(keep_end("phòng, chống", 20), "phòng, chống");
        assert_eq!(keep_end("phòng, chống", 6), "…chống");
        assert_eq!(keep_start("được đẩy mạnh", 5), "được…");
        assert_eq!(keep_end("", 3), "");
    }
}
