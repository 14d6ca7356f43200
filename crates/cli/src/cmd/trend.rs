//! `tracuu trend`: documents and occurrences of queries per year or month, as a table, bars,
//! CSV, JSON lines or a chart (SVG or PNG).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use tracuu_query::{Period, Searcher, Trend, TrendCount, TrendRequest};
use unicode_width::UnicodeWidthStr;

use crate::cmd::kwic::{csv_io, highlight, QueryFilters};
use crate::cmd::stats::thousands;
use crate::output::Style;

/// Arguments of `tracuu trend`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each QUERY is one query (quote it): `tracuu trend '\"tham nhũng\"' '\"lãng phí\"'`; \
a phrase in double quotes inside it is counted only where its words are adjacent.

Per period: docs = documents matching the query; occurrences = matches in their body text (the \
lines `tracuu kwic` shows); per 1,000 = matching documents per 1,000 articles of that period in \
the index. Undated documents are counted on a line of their own. Periods run without gaps from \
the first to the last period with articles.

--csv and --json write one record per query and period (undated: period \"undated\" in CSV, \
null in JSON) with the fields query, period, documents, occurrences, articles, per_thousand \
(empty/null when the period has no articles).

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
    #[arg(long, conflicts_with = "json")]
    csv: bool,

    /// One JSON object per query and period per line
    #[arg(long)]
    json: bool,

    /// Also draw a chart of documents per 1,000 articles into FILE (.svg or .png)
    #[arg(long, value_name = "FILE")]
    plot: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum By {
    /// Calendar years
    Year,
    /// Calendar months
    Month,
}

/// Runs `tracuu trend`: exit status 0 when some query matched, 1 when none did.
pub fn run(args: Args, index_dir: &Path, colour: bool) -> anyhow::Result<ExitCode> {
    let style = Style::new(colour);
    if let Some(path) = &args.plot {
        chart_kind(path)?;
    }
    let searcher = Searcher::open(index_dir)?;
    let request = TrendRequest::new(args.queries.iter().cloned())
        .by(match args.by {
            By::Year => Period::Year,
            By::Month => Period::Month,
        })
        .fold(args.filters.fold)
        .dates(args.filters.dates()?);
    let trend = searcher.trend(&request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.csv {
        write_csv(&mut out, &trend)?;
    } else if args.json {
        for row in rows(&trend) {
            serde_json::to_writer(&mut out, &row.json()).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    } else {
        print_table(&mut out, &trend, style)?;
        writeln!(out)?;
        print_bars(&mut out, &trend, style, colour)?;
    }
    out.flush()?;
    if let Some(path) = &args.plot {
        plot::draw(&trend, path).with_context(|| format!("drawing {}", path.display()))?;
        eprintln!("chart written to {}", path.display());
    }
    let matched = trend.series.iter().any(|s| s.total.documents > 0);
    Ok(if matched {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// One query in one period (or undated).
struct Row<'a> {
    query: &'a str,
    period: Option<String>,
    articles: u64,
    count: TrendCount,
}

/// The JSON record of a [`Row`], fields in the documented order.
#[derive(serde::Serialize)]
struct RowJson<'a> {
    query: &'a str,
    period: Option<&'a str>,
    documents: u64,
    occurrences: u64,
    articles: u64,
    per_thousand: Option<f64>,
}

impl Row<'_> {
    fn json(&self) -> RowJson<'_> {
        RowJson {
            query: self.query,
            period: self.period.as_deref(),
            documents: self.count.documents,
            occurrences: self.count.occurrences,
            articles: self.articles,
            per_thousand: self.count.per_thousand,
        }
    }
}

/// Every query's periods, then its undated line when the index has undated articles or the
/// query matched undated documents.
fn rows(trend: &Trend) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for series in &trend.series {
        for (period, count) in trend.periods.iter().zip(&series.counts) {
            rows.push(Row {
                query: &series.query,
                period: Some(period.period.to_string()),
                articles: period.articles,
                count: *count,
            });
        }
        if trend.undated_articles > 0 || series.undated.documents > 0 {
            rows.push(Row {
                query: &series.query,
                period: None,
                articles: trend.undated_articles,
                count: series.undated,
            });
        }
    }
    rows
}

fn write_csv(out: &mut impl Write, trend: &Trend) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "query",
        "period",
        "documents",
        "occurrences",
        "articles",
        "per_thousand",
    ])
    .map_err(csv_io)?;
    for row in rows(trend) {
        csv.write_record([
            row.query.to_string(),
            row.period.unwrap_or_else(|| "undated".to_string()),
            row.count.documents.to_string(),
            row.count.occurrences.to_string(),
            row.articles.to_string(),
            row.count
                .per_thousand
                .map(|v| format!("{v:.4}"))
                .unwrap_or_default(),
        ])
        .map_err(csv_io)?;
    }
    csv.flush()?;
    Ok(())
}

const DOCS_WIDTH: usize = 8;
const OCC_WIDTH: usize = 11;
const RATE_WIDTH: usize = 10;
const GROUP_WIDTH: usize = DOCS_WIDTH + OCC_WIDTH + RATE_WIDTH + 2;

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

/// Periods down, queries across: documents, occurrences and documents per 1,000 articles.
fn print_table(out: &mut impl Write, trend: &Trend, style: Style) -> std::io::Result<()> {
    let label_width = trend
        .periods
        .iter()
        .map(|p| p.period.to_string().len())
        .chain(["undated".len()])
        .max()
        .unwrap_or(7);
    let articles_width = thousands(trend.total_articles).len().max("articles".len());
    let lead = label_width + 2 + articles_width;
    // Query names over their columns.
    let mut names = " ".repeat(lead);
    for series in &trend.series {
        let mut name = series.query.clone();
        if let Some(reading) = &series.reading {
            if reading.to_lowercase() != series.query.trim_matches('"').to_lowercase() {
                name.push_str(&format!(" ({reading})"));
            }
        }
        names.push_str("  ");
        names.push_str(&fit(&name, GROUP_WIDTH));
    }
    writeln!(out, "{}", style.bold(names.trim_end()))?;
    let mut header = format!(
        "{:<label_width$}  {:>articles_width$}",
        "period", "articles"
    );
    for _ in &trend.series {
        header.push_str(&format!(
            "  {:>DOCS_WIDTH$} {:>OCC_WIDTH$} {:>RATE_WIDTH$}",
            "docs", "occurrences", "per 1,000"
        ));
    }
    writeln!(out, "{}", style.dim(&header))?;
    let line = |label: &str, articles: u64, counts: &mut dyn Iterator<Item = &TrendCount>| {
        let mut text = format!(
            "{label:<label_width$}  {:>articles_width$}",
            thousands(articles)
        );
        for count in counts {
            text.push_str(&format!(
                "  {:>DOCS_WIDTH$} {:>OCC_WIDTH$} {:>RATE_WIDTH$}",
                thousands(count.documents),
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
            &mut trend.series.iter().map(|s| &s.counts[i]),
        );
        writeln!(out, "{text}")?;
    }
    if trend.undated_articles > 0 || trend.series.iter().any(|s| s.undated.documents > 0) {
        let text = line(
            "undated",
            trend.undated_articles,
            &mut trend.series.iter().map(|s| &s.undated),
        );
        writeln!(out, "{text}")?;
    }
    let text = line(
        "total",
        trend.total_articles,
        &mut trend.series.iter().map(|s| &s.total),
    );
    writeln!(out, "{}", style.bold(&text))?;
    Ok(())
}

/// `text` padded or cut (with `…`) to exactly `width` columns.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text}{}", " ".repeat(width - text.width()));
    }
    let mut out = String::new();
    for c in text.chars() {
        if (out.clone() + &c.to_string()).width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    let pad = width.saturating_sub(out.width());
    out + &" ".repeat(pad)
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
fn print_bars(
    out: &mut impl Write,
    trend: &Trend,
    style: Style,
    colour: bool,
) -> std::io::Result<()> {
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
                highlight(colour, &bar(count.per_thousand.unwrap_or(0.0), max)),
                style.dim(&rate(count.per_thousand))
            )?;
        }
        if series.undated.documents > 0 {
            writeln!(
                out,
                "{}",
                style.dim(&format!(
                    "undated: {} documents, {} occurrences",
                    thousands(series.undated.documents),
                    thousands(series.undated.occurrences)
                ))
            )?;
        }
    }
    Ok(())
}

/// Whether `path` names an SVG (`true`) or PNG (`false`) file.
fn chart_kind(path: &Path) -> anyhow::Result<bool> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => Ok(true),
        Some("png") => Ok(false),
        _ => bail!(
            "--plot {}: the file name must end in .svg or .png",
            path.display()
        ),
    }
}

/// Charts with plotters. SVG text is left to the viewer (no font needed); PNG text is drawn
/// with ab_glyph from a TrueType font found on the machine.
mod plot {
    use std::path::Path;
    use std::sync::OnceLock;

    use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
    use anyhow::anyhow;
    use plotters::prelude::*;
    use plotters_backend::text_anchor::{HPos, Pos, VPos};
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    };
    use tracuu_query::{Period, Trend};

    const SIZE: (u32, u32) = (1000, 560);
    /// Width of the legend, right of the plot.
    const LEGEND_WIDTH: u32 = 230;

    /// Distinct colours for the series (Tableau 10), readable on white.
    const COLOURS: [RGBColor; 10] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];

    /// Draws documents per 1,000 articles of every query of `trend` into `path` (.svg or .png).
    pub fn draw(trend: &Trend, path: &Path) -> anyhow::Result<()> {
        if super::chart_kind(path)? {
            let backend = TextBackend {
                inner: SVGBackend::new(path, SIZE),
                font: system_font(),
                raster: false,
            };
            chart(backend.into_drawing_area(), trend)
        } else {
            let font = system_font().ok_or_else(|| {
                anyhow!(
                    "PNG charts need a TrueType font with Vietnamese letters: install one \
                     (`apt-get install fonts-dejavu-core`) or set TRACUU_FONT=/path/to/font.ttf; \
                     SVG charts (--plot FILE.svg) need none"
                )
            })?;
            let backend = TextBackend {
                inner: BitMapBackend::new(path, SIZE),
                font: Some(font),
                raster: true,
            };
            chart(backend.into_drawing_area(), trend)
        }
    }

    fn chart<DB: DrawingBackend>(
        root: DrawingArea<DB, plotters::coord::Shift>,
        trend: &Trend,
    ) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let error = |e: DrawingAreaErrorKind<DB::ErrorType>| anyhow!("{e}");
        root.fill(&WHITE).map_err(error)?;
        let n = trend.periods.len() as i32;
        let max = trend
            .series
            .iter()
            .flat_map(|s| s.counts.iter().filter_map(|c| c.per_thousand))
            .fold(0.0_f64, f64::max);
        let y_max = if max > 0.0 { max * 1.1 } else { 1.0 };
        let unit = match trend.by {
            Period::Year => "year",
            Period::Month => "month",
        };
        let queries: Vec<String> = trend
            .series
            .iter()
            .map(|s| format!("“{}”", s.query.trim_matches('"')))
            .collect();
        let mut title = format!("{} per {unit}", queries.join(", "));
        if title.chars().count() > 80 {
            title = format!("{} queries per {unit}", queries.len());
        }
        let labels: Vec<String> = trend.periods.iter().map(|p| p.period.to_string()).collect();
        let below_title = root.titled(&title, ("sans-serif", 24)).map_err(error)?;
        let (plot_area, legend_area) = below_title.split_horizontally(SIZE.0 - LEGEND_WIDTH);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(20)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(-1..n, 0.0..y_max)
            .map_err(error)?;
        let label = |x: &i32| {
            usize::try_from(*x)
                .ok()
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels((n as usize + 2).min(14))
            .x_label_formatter(&label)
            .y_label_formatter(&|y| format!("{y:.1}"))
            .x_desc(if trend.by == Period::Year {
                "Year"
            } else {
                "Month"
            })
            .y_desc("Documents per 1,000 articles")
            .axis_desc_style(("sans-serif", 16))
            .label_style(("sans-serif", 14))
            .draw()
            .map_err(error)?;
        for (i, series) in trend.series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let points: Vec<Option<(i32, f64)>> = series
                .counts
                .iter()
                .enumerate()
                .map(|(x, c)| c.per_thousand.map(|v| (x as i32, v)))
                .collect();
            // One line per run of periods with articles: no line across periods without any.
            let runs: Vec<Vec<(i32, f64)>> = points
                .split(Option::is_none)
                .map(|run| run.iter().flatten().copied().collect::<Vec<_>>())
                .filter(|run| !run.is_empty())
                .collect();
            for run in runs {
                chart
                    .draw_series(LineSeries::new(run, Color::stroke_width(&colour, 2)))
                    .map_err(error)?;
            }
            chart
                .draw_series(
                    points
                        .iter()
                        .flatten()
                        .map(|&p| Circle::new(p, 3, Color::filled(&colour))),
                )
                .map_err(error)?;
        }
        if n == 0 {
            let (width, height) = plot_area.dim_in_pixel();
            plot_area
                .draw(&Text::new(
                    "No dated articles",
                    (width as i32 / 2, height as i32 / 2),
                    TextStyle::from(("sans-serif", 18).into_font())
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(error)?;
        }
        // The legend, right of the plot: a line sample and the query, one line per series.
        for (i, query) in queries.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let y = 40 + 26 * i as i32;
            legend_area
                .draw(&PathElement::new(
                    vec![(8, y), (36, y)],
                    Color::stroke_width(&colour, 3),
                ))
                .map_err(error)?;
            let mut name: String = query.chars().take(26).collect();
            if name.chars().count() < query.chars().count() {
                name.push('…');
            }
            legend_area
                .draw(&Text::new(
                    name,
                    (44, y),
                    TextStyle::from(("sans-serif", 15).into_font())
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(error)?;
        }
        root.present().map_err(error)?;
        Ok(())
    }

    /// A font for PNG text: `$TRACUU_FONT`, else a common sans-serif font with Vietnamese letters.
    fn system_font() -> Option<&'static FontVec> {
        static FONT: OnceLock<Option<FontVec>> = OnceLock::new();
        FONT.get_or_init(|| {
            let mut candidates: Vec<std::path::PathBuf> = Vec::new();
            if let Some(path) = std::env::var_os("TRACUU_FONT") {
                candidates.push(path.into());
            }
            for path in [
                "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/TTF/DejaVuSans.ttf",
                "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                "/usr/share/fonts/noto/NotoSans-Regular.ttf",
                "/Library/Fonts/Arial.ttf",
                "/System/Library/Fonts/Supplemental/Arial.ttf",
                "C:\\Windows\\Fonts\\arial.ttf",
            ] {
                candidates.push(path.into());
            }
            candidates.into_iter().find_map(|path| {
                let font = FontVec::try_from_vec(std::fs::read(&path).ok()?).ok()?;
                // Vietnamese letters must be there, not drawn as boxes.
                "ệửđ"
                    .chars()
                    .all(|c| font.glyph_id(c).0 != 0)
                    .then_some(font)
            })
        })
        .as_ref()
    }

    /// A backend that measures text with a real font when there is one, and draws text with it
    /// on bitmaps (plotters itself is built without a font engine).
    struct TextBackend<B> {
        inner: B,
        font: Option<&'static FontVec>,
        raster: bool,
    }

    /// Text width and height in pixels, and the font's ascent.
    fn measure(font: Option<&FontVec>, size: f64, text: &str) -> (f32, f32, f32) {
        match font {
            Some(font) => {
                let font = font.as_scaled(PxScale::from(size as f32));
                let mut width = 0.0;
                let mut previous = None;
                for c in text.chars() {
                    let id = font.glyph_id(c);
                    if let Some(p) = previous {
                        width += font.kern(p, id);
                    }
                    width += font.h_advance(id);
                    previous = Some(id);
                }
                (width, font.ascent() - font.descent(), font.ascent())
            }
            None => {
                // No font: about half an em per character, marks not counted.
                let chars = text
                    .chars()
                    .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
                    .count();
                let size = size as f32;
                (chars as f32 * size * 0.55, size, size * 0.8)
            }
        }
    }

    impl<B: DrawingBackend> DrawingBackend for TextBackend<B> {
        type ErrorType = B::ErrorType;

        fn get_size(&self) -> (u32, u32) {
            self.inner.get_size()
        }

        fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.ensure_prepared()
        }

        fn present(&mut self) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.present()
        }

        fn draw_pixel(
            &mut self,
            point: BackendCoord,
            color: BackendColor,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.draw_pixel(point, color)
        }

        fn draw_line<S: BackendStyle>(
            &mut self,
            from: BackendCoord,
            to: BackendCoord,
            style: &S,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.draw_line(from, to, style)
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.draw_rect(upper_left, bottom_right, style, fill)
        }

        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.draw_path(path, style)
        }

        fn draw_circle<S: BackendStyle>(
            &mut self,
            center: BackendCoord,
            radius: u32,
            style: &S,
            fill: bool,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.draw_circle(center, radius, style, fill)
        }

        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            style: &S,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.fill_polygon(vert, style)
        }

        fn blit_bitmap(
            &mut self,
            pos: BackendCoord,
            size: (u32, u32),
            src: &[u8],
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            self.inner.blit_bitmap(pos, size, src)
        }

        fn estimate_text_size<S: BackendTextStyle>(
            &self,
            text: &str,
            style: &S,
        ) -> Result<(u32, u32), DrawingErrorKind<B::ErrorType>> {
            let (width, height, _) = measure(self.font, style.size(), text);
            Ok((width.ceil() as u32, height.ceil() as u32))
        }

        fn draw_text<S: BackendTextStyle>(
            &mut self,
            text: &str,
            style: &S,
            pos: BackendCoord,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            match (self.raster, self.font) {
                (true, Some(font)) => self.raster_text(font, text, style, pos),
                _ => self.inner.draw_text(text, style, pos),
            }
        }
    }

    impl<B: DrawingBackend> TextBackend<B> {
        /// Draws `text` pixel by pixel with `font`, anchored and rotated as `style` says.
        fn raster_text<S: BackendTextStyle>(
            &mut self,
            font: &FontVec,
            text: &str,
            style: &S,
            pos: BackendCoord,
        ) -> Result<(), DrawingErrorKind<B::ErrorType>> {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let (width, height, ascent) = measure(Some(font), style.size(), text);
            let dx = match style.anchor().h_pos {
                HPos::Left => 0.0,
                HPos::Center => -width / 2.0,
                HPos::Right => -width,
            };
            let dy = match style.anchor().v_pos {
                VPos::Top => 0.0,
                VPos::Center => -height / 2.0,
                VPos::Bottom => -height,
            };
            let transform = style.transform();
            let scaled = font.as_scaled(PxScale::from(style.size() as f32));
            let mut caret = 0.0;
            let mut previous = None;
            for c in text.chars() {
                let id = scaled.glyph_id(c);
                if let Some(p) = previous {
                    caret += scaled.kern(p, id);
                }
                let glyph = id.with_scale_and_position(
                    PxScale::from(style.size() as f32),
                    ab_glyph::point(caret + dx, ascent + dy),
                );
                caret += scaled.h_advance(id);
                previous = Some(id);
                let Some(outline) = font.outline_glyph(glyph) else {
                    continue;
                };
                let bounds = outline.px_bounds();
                let mut pixels = Vec::new();
                outline.draw(|x, y, coverage| {
                    if coverage > 0.0 {
                        pixels.push((
                            bounds.min.x as i32 + x as i32,
                            bounds.min.y as i32 + y as i32,
                            coverage,
                        ));
                    }
                });
                for (x, y, coverage) in pixels {
                    let (x, y) = transform.transform(x, y);
                    self.inner.draw_pixel(
                        (pos.0 + x, pos.1 + y),
                        color.mix(f64::from(coverage.min(1.0))),
                    )?;
                }
            }
            Ok(())
        }
    }
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

    #[test]
    fn fits_names_to_columns() {
        assert_eq!(fit("tham nhũng", 12), "tham nhũng  ");
        assert_eq!(fit("tham nhũng", 6).width(), 6);
        assert!(fit("tham nhũng", 6).ends_with('…'));
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
                .add(&tracuu_indexer::Article {
                    id: id.to_string(),
                    title: String::new(),
                    body: body.to_string(),
                    summary: None,
                    date: date.parse().ok(),
                    source: None,
                    url: None,
                    author: None,
                    path: format!("{id}.txt"),
                    line: None,
                })
                .unwrap();
        }
        writer.commit().unwrap();
        Searcher::new(index)
            .unwrap()
            .trend(&TrendRequest::new(["\"tham nhũng\"", "\"lãng phí\""]))
            .unwrap()
    }

    #[test]
    fn svg_charts_need_no_font() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trend.svg");
        plot::draw(&small_trend(), &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        for text in [
            "“tham nhũng”",
            "“lãng phí”",
            "Documents per 1,000 articles",
            "2020",
            "2021",
        ] {
            assert!(svg.contains(text), "{text}");
        }
    }

    #[test]
    fn png_charts_when_a_font_is_installed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trend.png");
        match plot::draw(&small_trend(), &path) {
            Ok(()) => {
                let png = std::fs::read(&path).unwrap();
                assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            }
            // No font on this machine: the error says what to do.
            Err(error) => assert!(error.to_string().contains("fonts-dejavu-core")),
        }
    }

    #[test]
    fn tables_and_rows() {
        let trend = small_trend();
        let mut table = Vec::new();
        print_table(&mut table, &trend, Style::new(false)).unwrap();
        let table = String::from_utf8(table).unwrap();
        assert!(table.contains("2020            2         1           1     500.00         2           2    1000.00"), "{table}");
        let mut csv = Vec::new();
        write_csv(&mut csv, &trend).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "\"\"\"tham nhũng\"\"\",2020,1,1,2,500.0000"
        );
        assert_eq!(
            rows(&trend).len(),
            4,
            "two queries, two years, no undated articles"
        );
    }

    #[test]
    fn charts_are_svg_or_png() {
        assert!(chart_kind(Path::new("a.svg")).unwrap());
        assert!(!chart_kind(Path::new("a.PNG")).unwrap());
        assert!(chart_kind(Path::new("a.pdf")).is_err());
    }
}
