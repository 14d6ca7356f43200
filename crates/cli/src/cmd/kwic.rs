//! `tracuu kwic`: a concordance, every occurrence of a query with its context, one per line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use tracuu_query::Searcher;
use tracuu_research::{kwic_each, KwicLine, KwicRequest, KwicSort, KwicSummary};
use unicode_width::UnicodeWidthStr;

use crate::cmd::QueryFilters;
use crate::ctrl_c::remove_on_ctrl_c;
use crate::output::{
    counted, json_line, keep_end, keep_start, thousands, visible, CsvRecords, Style, Term,
};

/// Arguments of `tracuu kwic`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Lines show the date, the document id, the left context right-aligned, the match as written in \
the article (highlighted when colour is on) and the right context. Contexts are the article's \
own text, line breaks shown as spaces, joined to the match as the text writes it (`Covid-19` \
stays whole when the match is `Covid`); -C 0 shows the match alone.

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

    /// Show at most N lines (after sorting; 0: only the summary, every line by default)
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

/// Runs `tracuu kwic`: aligned lines, or one [`KwicLine`] record per occurrence, each written
/// as soon as it is known (see [`kwic_each`]); the summary follows them on stderr.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    let searcher = Searcher::open(index_dir)?;
    let mut request = KwicRequest::new(args.filters.spec(&args.query)?)
        .context(args.context)
        .sort(match args.sort {
            Sort::Date => KwicSort::Date,
            Sort::Left => KwicSort::Left,
            Sort::Right => KwicSort::Right,
        })
        .limit(args.limit);
    // A sort by context spills lines to temporary files, which Ctrl-C would leave behind: they
    // go in a directory of this run's, removed on Ctrl-C as when the run ends (dropped).
    let _spill = match args.sort {
        Sort::Date => None,
        Sort::Left | Sort::Right => {
            let spill = (tempfile::Builder::new().prefix("tracuu-kwic-").tempdir())
                .map_err(|e| anyhow::anyhow!("{}: {e}", std::env::temp_dir().display()))?;
            remove_on_ctrl_c(spill.path().to_path_buf());
            request = request.spill_dir(spill.path());
            Some(spill)
        }
    };
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let summary = if json {
        let mut out = out;
        let summary = kwic_each(&searcher, &request, |line| {
            json_line(&mut out, &line).map_err(anyhow::Error::from)
        })?;
        out.flush()?;
        summary
    } else if args.csv {
        let mut csv = CsvRecords::new::<KwicLine>(out, &[])?;
        let summary = kwic_each(&searcher, &request, |line| {
            csv.write(&line).map_err(anyhow::Error::from)
        })?;
        csv.finish()?;
        summary
    } else {
        let mut aligned = Aligned::new(out, args.context, style, term.width);
        let summary = kwic_each(&searcher, &request, |line| {
            aligned.push(line).map_err(anyhow::Error::from)
        })?;
        aligned.finish()?;
        print_summary(&summary, term);
        crate::cmd::print_query_notes(&searcher, &request.spec, term)?;
        summary
    };
    // As grep: 1 when nothing occurs, whatever was printed (`-n 0` prints nothing).
    let occurs = match summary.occurrences {
        Some(occurrences) => occurrences > 0,
        None => summary.lines > 0 || summary.documents > 0,
    };
    Ok(if occurs {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_summary(c: &KwicSummary, term: Term) {
    let reading = c
        .reading
        .as_ref()
        .map(|r| format!(" (read as “{r}”)"))
        .unwrap_or_default();
    let without = match c.without_occurrences {
        Some(n) if n > 0 => format!(
            " ({} without an occurrence in the body)",
            thousands(n as u64)
        ),
        _ => String::new(),
    };
    let docs = format!(
        "{}{without}",
        counted(c.documents as u64, "document", "documents")
    );
    match c.occurrences {
        Some(n) if n == c.lines => term.note(format_args!(
            "{} in {docs}{reading}",
            counted(n as u64, "occurrence", "occurrences")
        )),
        Some(n) => term.note(format_args!(
            "{} of {} occurrences in {docs}{reading}",
            thousands(c.lines as u64),
            thousands(n as u64)
        )),
        None => term.note(format_args!(
            "first {} by date; {docs} match{reading}",
            counted(c.lines as u64, "occurrence", "occurrences")
        )),
    }
}

/// The widest context shown on either side, in terminal columns.
fn context_width(words: usize) -> usize {
    (words * 6 + 2).max(12)
}

/// Lines laid out before the columns are sized: enough to see the usual widths, few enough
/// that the first lines show at once.
const LAYOUT_LINES: usize = 1_000;

/// Writes concordance lines one per line, the matches aligned in one column: the left
/// context right-aligned before it, then the match and the right context.
///
/// The columns are sized by the first [`LAYOUT_LINES`] lines and kept for the rest (a longer
/// left context is cut at its start), so lines are written as they come. Within a width, the
/// id column takes at most a fifth of it, the contexts share the rest and are cut; the match is
/// never cut.
struct Aligned<W: Write> {
    out: W,
    style: Style,
    /// The widest context shown on either side, in columns.
    cap: usize,
    /// Columns each line fits in, if any.
    width: Option<usize>,
    pending: Vec<KwicLine>,
    columns: Option<Columns>,
}

/// Widths of the id and left-context columns.
#[derive(Clone, Copy)]
struct Columns {
    id: usize,
    left: usize,
}

impl<W: Write> Aligned<W> {
    fn new(out: W, context_words: usize, style: Style, width: Option<usize>) -> Aligned<W> {
        Aligned {
            out,
            style,
            cap: context_width(context_words),
            width,
            pending: Vec::new(),
            columns: None,
        }
    }

    fn push(&mut self, line: KwicLine) -> std::io::Result<()> {
        match self.columns {
            Some(columns) => self.write(&line, columns),
            None => {
                self.pending.push(line);
                if self.pending.len() == LAYOUT_LINES {
                    self.lay_out()?;
                }
                Ok(())
            }
        }
    }

    /// Writes what is pending and flushes.
    fn finish(mut self) -> std::io::Result<()> {
        if self.columns.is_none() {
            self.lay_out()?;
        }
        self.out.flush()
    }

    fn lay_out(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let widest = |column: &dyn Fn(&KwicLine) -> usize| -> usize {
            pending.iter().map(column).max().unwrap_or(0)
        };
        let mut columns = Columns {
            id: widest(&|l| visible(&l.id).width()),
            left: widest(&|l| left_column(&l.left, self.cap, l.space_before).width()),
        };
        if let Some(width) = self.width {
            columns.id = columns.id.min((width / 5).max(8));
            let matched = widest(&|l| visible(&l.matched).width()).min(width / 3);
            let room = width.saturating_sub(DATE_COLUMNS + columns.id + 2 + matched);
            columns.left = columns.left.min(room / 2);
        }
        self.columns = Some(columns);
        for line in &pending {
            self.write(line, columns)?;
        }
        Ok(())
    }

    fn write(&mut self, line: &KwicLine, columns: Columns) -> std::io::Result<()> {
        let mut left = left_column(&line.left, self.cap, line.space_before);
        if left.width() > columns.left {
            left = left_column(
                &line.left,
                columns.left.saturating_sub(1),
                line.space_before,
            );
        }
        let date = line
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let id = keep_start(&line.id, columns.id);
        let right_room = match self.width {
            Some(width) => width
                .saturating_sub(DATE_COLUMNS + columns.id + 2 + columns.left)
                .saturating_sub(visible(&line.matched).width() + 1)
                .min(self.cap),
            None => self.cap,
        };
        let right = if right_room == 0 {
            String::new()
        } else {
            keep_start(&line.right, right_room)
        };
        let gap = if right.is_empty() || !line.space_after {
            ""
        } else {
            " "
        };
        let style = self.style;
        writeln!(
            self.out,
            "{}  {}{}  {}{}{}{gap}{}",
            style.dim(&format!("{date:<10}")),
            style.dim(&id),
            " ".repeat(columns.id.saturating_sub(id.width())),
            " ".repeat(columns.left.saturating_sub(left.width())),
            left,
            style.highlight(&line.matched),
            right,
        )
    }
}

/// Columns of the date and the space after it.
const DATE_COLUMNS: usize = 12;

/// The left context cut to `width` columns and its separator from the match: a space when
/// the text has one there (`spaced`), none before a match written against it (`TP.` `HCM`).
fn left_column(left: &str, width: usize, spaced: bool) -> String {
    let left = if width == 0 {
        String::new()
    } else {
        keep_end(left, width)
    };
    if left.is_empty() || !spaced {
        left
    } else {
        left + " "
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracuu_research::kwic;

    fn lines(query: &str) -> Vec<KwicLine> {
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
                .add(
                    &tracuu_indexer::Article::new(id, String::new(), body)
                        .with_path(format!("{id}.txt")),
                )
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = Searcher::new(index).unwrap();
        let request = KwicRequest::new(query).sort(KwicSort::Right).context(3);
        kwic(&searcher, &request).unwrap().lines
    }

    fn aligned(lines: impl IntoIterator<Item = KwicLine>) -> String {
        let mut out = Vec::new();
        let mut aligned = Aligned::new(&mut out, 3, Style::new(false), None);
        for line in lines {
            aligned.push(line).unwrap();
        }
        aligned.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn aligns_matches_in_one_column() {
        let out = aligned(lines("\"tham nhũng\""));
        assert_eq!(
            out.lines().collect::<Vec<_>>(),
            [
                "undated     short                Chống tham nhũng.",
                "undated     long-id  tác phòng, chống (tham nhũng) được đẩy mạnh",
            ]
        );
    }

    #[test]
    fn columns_sized_by_the_first_lines_hold_for_the_rest() {
        let line = |left: &str| -> KwicLine {
            serde_json::from_value(serde_json::json!({
                "id": "a", "date": null, "source": null, "left": left,
                "match": "tham nhũng", "right": "", "start": 0, "end": 0,
                "space_before": true, "space_after": true,
            }))
            .unwrap()
        };
        let first = std::iter::repeat_with(|| line("chống")).take(LAYOUT_LINES);
        let out = aligned(first.chain([line("phòng, chống")]));
        let shown: Vec<&str> = out.lines().collect();
        assert_eq!(shown.len(), LAYOUT_LINES + 1);
        assert_eq!(shown[0], "undated     a  chống tham nhũng");
        assert_eq!(shown[LAYOUT_LINES], "undated     a  …hống tham nhũng");
    }
}
