//! `tracuu trend`: documents and occurrences of queries per year or month, as a table, bars,
//! CSV, JSON lines or a chart (SVG or PNG).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tracuu_query::{Date, DateRange, Searcher};
use tracuu_research::{
    draw_trend, trend, ChartFormat, Period, PeriodKey, Trend, TrendCount, TrendRequest, TrendRow,
    TrendSeries,
};

use crate::cmd::QueryFilters;
use crate::output::{fit, json_line, plural, thousands, CsvRecords, Style, Term};

/// Arguments of `tracuu trend`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each QUERY is one query (quote it): `tracuu trend '\"tham nhũng\"' '\"lãng phí\"'`; \
a phrase in double quotes inside it is counted only where its words are adjacent.

Per period: docs = documents matching the query; stories = the texts among them, a text and its \
republications counted once (shown when they differ from docs); occurrences = matches in their body text (the \
lines `tracuu kwic` shows); per 1,000 = matching documents per 1,000 articles of that period in \
the index. Undated documents are counted on a line of their own. Periods run without gaps from \
the first to the last period with articles.

--csv and --json write one record per query and period (fields: README.md, \"Output records\"); \
the undated documents' period is \"undated\" in CSV and null in JSON.

--plot FILE.svg always works; FILE.png needs a TrueType font with Vietnamese letters (DejaVu \
Sans, e.g. `apt-get install fonts-dejavu-core`, or TRACUU_FONT=/path/to/font.ttf).")]
pub struct Args {
    /// Queries to compare, one per argument
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    queries: Vec<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Length of a period
    #[arg(long, value_enum, default_value_t = By::Year)]
    by: By,

    /// One CSV row per query and period, with a header row
    #[arg(long)]
    csv: bool,

    /// Also draw a chart of documents per 1,000 articles into FILE (.svg or .png)
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
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

/// Runs `tracuu trend`: a table and bars, or one [`TrendRow`] record per query and period;
/// exit status 0 when some query matched, 1 when none did.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let style = term.style;
    if let Some(path) = &args.plot {
        ChartFormat::of_path(path)?;
    }
    let searcher = Searcher::open(index_dir)?;
    let specs = args
        .queries
        .iter()
        .map(|query| args.filters.spec(std::slice::from_ref(query)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let request = TrendRequest::new(specs).by(match args.by {
        By::Year => Period::Year,
        By::Month => Period::Month,
    });
    let trend = trend(&searcher, &request)?;
    if !json && !args.csv {
        for spec in &request.queries {
            crate::cmd::print_query_notes(&searcher, spec, term)?;
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.csv {
        write_csv(&mut out, &trend)?;
    } else if json {
        for row in trend.rows() {
            json_line(&mut out, &row)?;
        }
    } else {
        print_table(&mut out, &trend, style, term.width)?;
        writeln!(out)?;
        print_bars(&mut out, &trend, style)?;
    }
    out.flush()?;
    // On stderr whatever the format: a row's figures do not say that its period was cut.
    if let Some(spec) = request.queries.first() {
        note_cut_periods(&trend, &spec.dates, term);
    }
    if let Some(path) = &args.plot {
        draw_trend(&trend, path)?;
        term.note(format_args!("chart written to {}", path.display()));
    }
    let matched = trend.series.iter().any(|s| s.total.documents > 0);
    Ok(if matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Notes a first or last period that `--from`/`--to` cut short: its label names the whole year
/// or month, its figures count only the days asked for.
fn note_cut_periods(trend: &Trend, dates: &DateRange, term: Term) {
    let (Some(first), Some(last)) = (trend.periods.first(), trend.periods.last()) else {
        return;
    };
    let period_of = |date: Date| PeriodKey::of(date, trend.by);
    // Whether the day `step` days from `date` is in another period (or not a date).
    let crosses_period = |date: Date, step: i64| {
        Date::from_days(date.to_days() + step).is_none_or(|day| period_of(day) != period_of(date))
    };
    if let Some(from) = dates.from {
        if period_of(from) == first.period && !crosses_period(from, -1) {
            term.note(format_args!(
                "tracuu: period {} counts from {from} on (--from)",
                first.period
            ));
        }
    }
    if let Some(to) = dates.to {
        if period_of(to) == last.period && !crosses_period(to, 1) {
            term.note(format_args!(
                "tracuu: period {} counts up to {to} (--to)",
                last.period
            ));
        }
    }
}

/// Writes the rows as CSV with a header row.
fn write_csv(out: &mut impl Write, trend: &Trend) -> std::io::Result<()> {
    let mut csv = CsvRecords::new::<TrendRow>(out, &[])?;
    for row in trend.rows() {
        csv.write(&row.csv())?;
    }
    csv.finish()
}

const DOCS_WIDTH: usize = 8;
const OCC_WIDTH: usize = 11;
const RATE_WIDTH: usize = 10;
const STORIES_WIDTH: usize = 8;
const GROUP_WIDTH: usize = DOCS_WIDTH + OCC_WIDTH + RATE_WIDTH + 2;

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

/// Periods down, queries across: documents, stories (when they differ from documents anywhere),
/// occurrences and documents per 1,000 articles; in as many tables, one under the other, as it
/// takes for the queries to fit in `width`.
fn print_table(
    out: &mut impl Write,
    trend: &Trend,
    style: Style,
    width: Option<usize>,
) -> std::io::Result<()> {
    let label_width = trend
        .periods
        .iter()
        .map(|p| p.period.to_string().len())
        .chain(["undated".len()])
        .max()
        .unwrap_or(7);
    let articles_width = thousands(trend.total_articles).len().max("articles".len());
    let lead = label_width + 2 + articles_width;
    let with_stories = trend.series.iter().any(|s| {
        s.counts
            .iter()
            .chain([&s.undated])
            .any(|c| c.stories != c.documents)
    });
    let group_width = GROUP_WIDTH + if with_stories { STORIES_WIDTH + 1 } else { 0 };
    let per_table = width.map_or(usize::MAX, |w| {
        (w.saturating_sub(lead) / (group_width + 2)).max(1)
    });
    let layout = Layout {
        label_width,
        articles_width,
        group_width,
        with_stories,
    };
    for (n, series) in trend.series.chunks(per_table).enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        print_columns(out, trend, series, style, &layout)?;
    }
    Ok(())
}

/// The columns of the tables of [`print_table`].
struct Layout {
    label_width: usize,
    articles_width: usize,
    /// The width of one query's columns.
    group_width: usize,
    with_stories: bool,
}

/// One table of [`print_table`]: the columns of `series`.
fn print_columns(
    out: &mut impl Write,
    trend: &Trend,
    series: &[TrendSeries],
    style: Style,
    layout: &Layout,
) -> std::io::Result<()> {
    let (label_width, articles_width) = (layout.label_width, layout.articles_width);
    let lead = label_width + 2 + articles_width;
    // Query names over their columns.
    let mut names = " ".repeat(lead);
    for series in series {
        let mut name = series.query.clone();
        if let Some(reading) = &series.reading {
            if reading.to_lowercase() != series.query.trim_matches('"').to_lowercase() {
                name.push_str(&format!(" ({reading})"));
            }
        }
        names.push_str("  ");
        names.push_str(&fit(&name, layout.group_width));
    }
    writeln!(out, "{}", style.bold(names.trim_end()))?;
    let mut header = format!(
        "{:<label_width$}  {:>articles_width$}",
        "period", "articles"
    );
    for _ in series {
        header.push_str(&format!("  {:>DOCS_WIDTH$}", "docs"));
        if layout.with_stories {
            header.push_str(&format!(" {:>STORIES_WIDTH$}", "stories"));
        }
        header.push_str(&format!(
            " {:>OCC_WIDTH$} {:>RATE_WIDTH$}",
            "occurrences", "per 1,000"
        ));
    }
    writeln!(out, "{}", style.dim(&header))?;
    let line = |label: &str, articles: u64, counts: &mut dyn Iterator<Item = &TrendCount>| {
        let mut text = format!(
            "{label:<label_width$}  {:>articles_width$}",
            thousands(articles)
        );
        for count in counts {
            text.push_str(&format!("  {:>DOCS_WIDTH$}", thousands(count.documents)));
            if layout.with_stories {
                text.push_str(&format!(" {:>STORIES_WIDTH$}", thousands(count.stories)));
            }
            text.push_str(&format!(
                " {:>OCC_WIDTH$} {:>RATE_WIDTH$}",
                thousands(count.occurrences),
                rate(count.per_thousand)
            ));
        }
        text
    };
    for (i, period) in trend.periods.iter().enumerate() {
        let text = line(
            &period.period.to_string(),
            period.articles,
            &mut series.iter().map(|s| &s.counts[i]),
        );
        writeln!(out, "{text}")?;
    }
    if trend.undated_articles > 0 || series.iter().any(|s| s.undated.documents > 0) {
        let text = line(
            "undated",
            trend.undated_articles,
            &mut series.iter().map(|s| &s.undated),
        );
        writeln!(out, "{text}")?;
    }
    let text = line(
        "total",
        trend.total_articles,
        &mut series.iter().map(|s| &s.total),
    );
    writeln!(out, "{}", style.bold(&text))?;
    Ok(())
}

/// Width of the longest bar, in terminal columns.
const BAR_WIDTH: usize = 40;

/// A bar of `value / max` of [`BAR_WIDTH`] columns, in eighths of a column.
fn bar(value: f64, max: f64) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut bar = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    bar.push_str(PARTS[eighths % 8]);
    if bar.is_empty() {
        bar.push('▏');
    }
    bar
}

/// One bar chart per query of documents per 1,000 articles, all on the same scale.
fn print_bars(out: &mut impl Write, trend: &Trend, style: Style) -> std::io::Result<()> {
    let max = trend
        .series
        .iter()
        .flat_map(|s| s.counts.iter().filter_map(|c| c.per_thousand))
        .fold(0.0_f64, f64::max);
    let label_width = trend
        .periods
        .iter()
        .map(|p| p.period.to_string().len())
        .max()
        .unwrap_or(4);
    for (n, series) in trend.series.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} {}",
            style.bold(&series.query),
            style.dim("— documents per 1,000 articles")
        )?;
        for (period, count) in trend.periods.iter().zip(&series.counts) {
            writeln!(
                out,
                "{:<label_width$} │{} {}",
                period.period.to_string(),
                style.highlight(&bar(count.per_thousand.unwrap_or(0.0), max)),
                style.dim(&rate(count.per_thousand))
            )?;
        }
        if series.undated.documents > 0 {
            writeln!(
                out,
                "{}",
                style.dim(&format!(
                    "undated: {} {}, {} {}",
                    thousands(series.undated.documents),
                    plural(series.undated.documents as usize, "document", "documents"),
                    thousands(series.undated.occurrences),
                    plural(
                        series.undated.occurrences as usize,
                        "occurrence",
                        "occurrences"
                    )
                ))
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_in_eighths() {
        assert_eq!(bar(10.0, 10.0).chars().count(), BAR_WIDTH);
        assert_eq!(bar(0.0, 10.0), "");
        assert_eq!(bar(5.0 / 320.0, 10.0), "▏");
        assert_eq!(bar(10.0 * 12.0 / 320.0, 10.0), "█▌");
    }

    /// A trend over three small articles of 2020 and 2021.
    fn small_trend() -> Trend {
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .unwrap();
        for (id, date, body) in [
            ("a", "2020-05-01", "Phòng, chống tham nhũng, lãng phí."),
            ("b", "2020-06-01", "Chống lãng phí trong chi tiêu công."),
            ("c", "2021-01-01", "Tham nhũng vặt."),
        ] {
            writer
                .add(
                    &tracuu_indexer::Article::new(id, String::new(), body)
                        .with_date(date.parse().ok())
                        .with_path(format!("{id}.txt")),
                )
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = Searcher::new(index).unwrap();
        trend(
            &searcher,
            &TrendRequest::new(["\"tham nhũng\"", "\"lãng phí\""]),
        )
        .unwrap()
    }

    #[test]
    fn tables_and_rows() {
        let trend = small_trend();
        let mut table = Vec::new();
        print_table(&mut table, &trend, Style::new(false), None).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(table.contains("2020            2         1           1     500.00         2           2    1000.00"), "{table}");
        let mut csv = Vec::new();
        write_csv(&mut csv, &trend).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "\"\"\"tham nhũng\"\"\",2020,1,1,1,2,500.0000"
        );
        assert_eq!(
            trend.rows().len(),
            4,
            "two queries, two years, no undated articles"
        );
    }
}
