//! Charts of trends, as SVG or PNG files, drawn with plotters. SVG text is left to the viewer
//! (no font needed); PNG text is drawn with ab_glyph from a system font that has Vietnamese
//! letters, found with fontdb (or given by `TRACUU_FONT`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use crate::dispersion::Dispersion;
use crate::trend::{Period, Trend};
use crate::Error;

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

/// The image formats charts are drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// Scalable vector graphics: text is left to the viewer, no font needed.
    Svg,
    /// A bitmap: text is drawn with a system font that has Vietnamese letters.
    Png,
}

impl ChartFormat {
    /// The format a file name asks for, by its extension (`.svg` or `.png`, in any case).
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedChartFormat`](crate::ErrorKind::UnsupportedChartFormat) for any
    /// other name.
    pub fn of_path(path: &Path) -> Result<ChartFormat, Error> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => Err(Error::unsupported_chart_format(path)),
        }
    }
}

/// Draws documents per 1,000 articles of every query of `trend` into `path` (.svg or .png).
///
/// # Errors
/// A file name that is not .svg or .png, no usable font for a PNG, or the file failing to write.
pub fn draw_trend(trend: &Trend, path: &Path) -> Result<(), Error> {
    render(&TrendChart(trend), path)
}

/// Draws where the occurrences of `dispersion` fall along the corpus into `path` (.svg or
/// .png): the corpus laid end to end oldest first, one stroke per occurrence, the periods
/// marked, as AntConc's Plot view does for one file.
///
/// # Errors
/// A file name that is not .svg or .png, no usable font for a PNG, or the file failing to write.
pub fn draw_dispersion(dispersion: &Dispersion, path: &Path) -> Result<(), Error> {
    render(&DispersionChart(dispersion), path)
}

/// A chart drawn on any plotters backend.
trait Chart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
        path: &Path,
    ) -> Result<(), Error>
    where
        DB::ErrorType: 'static;
}

/// Draws `chart` into `path`, as SVG or PNG by its extension.
fn render(chart: &impl Chart, path: &Path) -> Result<(), Error> {
    match ChartFormat::of_path(path)? {
        ChartFormat::Svg => {
            let backend = TextBackend {
                inner: SVGBackend::new(path, SIZE),
                font: system_font(),
                raster: false,
            };
            chart.draw(backend.into_drawing_area(), path)
        }
        ChartFormat::Png => {
            let font = system_font().ok_or_else(|| Error::no_font(path))?;
            let backend = TextBackend {
                inner: BitMapBackend::new(path, SIZE),
                font: Some(font),
                raster: true,
            };
            chart.draw(backend.into_drawing_area(), path)
        }
    }
}

struct TrendChart<'a>(&'a Trend);

impl Chart for TrendChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
        path: &Path,
    ) -> Result<(), Error>
    where
        DB::ErrorType: 'static,
    {
        chart(root, self.0, path)
    }
}

struct DispersionChart<'a>(&'a Dispersion);

impl Chart for DispersionChart<'_> {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
        path: &Path,
    ) -> Result<(), Error>
    where
        DB::ErrorType: 'static,
    {
        let d = self.0;
        let error = |e: DrawingAreaErrorKind<DB::ErrorType>| Error::chart(path, e.to_string());
        root.fill(&WHITE).map_err(error)?;
        let dp = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.3}"));
        let title = format!(
            "“{}”: {} occurrences in {} of {} documents",
            d.query.trim_matches('"'),
            d.occurrences,
            d.documents_with,
            d.documents
        );
        let below_title = root.titled(&title, ("sans-serif", 22)).map_err(error)?;
        let width = d.words.max(1) as f64;
        let mut chart = ChartBuilder::on(&below_title)
            .margin(20)
            .x_label_area_size(60)
            .y_label_area_size(10)
            .build_cartesian_2d(0.0..width, 0.0..1.0)
            .map_err(error)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_y_axis()
            .x_labels(0)
            .x_desc(format!(
                "The corpus, {} words, oldest first (undated last) · DP over documents {}, over {}s {}",
                d.words,
                dp(d.dp_documents),
                match d.by {
                    Period::Year => "year",
                    Period::Month => "month",
                },
                dp(d.dp_periods)
            ))
            .axis_desc_style(("sans-serif", 15))
            .draw()
            .map_err(error)?;
        // Period boundaries, and the names of those far enough from the last one named.
        let mut named: Option<f64> = None;
        for period in &d.periods {
            let x = period.start as f64;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, 0.0), (x, 1.0)],
                    RGBColor(200, 200, 200),
                )))
                .map_err(error)?;
            if named.is_some_and(|last| x - last < width / 16.0) {
                continue;
            }
            named = Some(x);
            let name = period
                .period
                .map_or_else(|| "undated".to_string(), |p| p.to_string());
            chart
                .draw_series(std::iter::once(Text::new(
                    name,
                    (x, 0.03),
                    TextStyle::from(("sans-serif", 13).into_font())
                        .pos(Pos::new(HPos::Left, VPos::Bottom)),
                )))
                .map_err(error)?;
        }
        chart
            .draw_series(d.positions.iter().map(|&x| {
                let x = x as f64;
                PathElement::new(
                    vec![(x, 0.1), (x, 0.9)],
                    Color::stroke_width(&COLOURS[0], 1),
                )
            }))
            .map_err(error)?;
        root.present().map_err(error)?;
        Ok(())
    }
}

fn chart<DB: DrawingBackend>(
    root: DrawingArea<DB, plotters::coord::Shift>,
    trend: &Trend,
    path: &Path,
) -> Result<(), Error>
where
    DB::ErrorType: 'static,
{
    let error = |e: DrawingAreaErrorKind<DB::ErrorType>| Error::chart(path, e.to_string());
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

/// A TrueType font with Vietnamese letters: `TRACUU_FONT` if set, else the first sans-serif
/// system font that has them, once per process.
fn system_font() -> Option<&'static FontVec> {
    static FONT: OnceLock<Option<FontVec>> = OnceLock::new();
    FONT.get_or_init(|| {
        let vietnamese = |font: FontVec| {
            // Vietnamese letters must be there, not drawn as boxes.
            "ệửđ"
                .chars()
                .all(|c| font.glyph_id(c).0 != 0)
                .then_some(font)
        };
        if let Some(path) = std::env::var_os("TRACUU_FONT") {
            return font_file(&PathBuf::from(path)).and_then(vietnamese);
        }
        let mut fonts = fontdb::Database::new();
        fonts.load_system_fonts();
        let families = [
            fontdb::Family::Name("DejaVu Sans"),
            fontdb::Family::Name("Noto Sans"),
            fontdb::Family::Name("Liberation Sans"),
            fontdb::Family::Name("Arial"),
            fontdb::Family::SansSerif,
        ];
        families.iter().find_map(|family| {
            let id = fonts.query(&fontdb::Query {
                families: std::slice::from_ref(family),
                ..fontdb::Query::default()
            })?;
            let (data, index) = fonts.with_face_data(id, |data, index| (data.to_vec(), index))?;
            let font = if index == 0 {
                FontVec::try_from_vec(data).ok()?
            } else {
                FontVec::try_from_vec_and_index(data, index).ok()?
            };
            vietnamese(font)
        })
    })
    .as_ref()
}

/// The font in a TrueType file, if it is one.
fn font_file(path: &Path) -> Option<FontVec> {
    FontVec::try_from_vec(std::fs::read(path).ok()?).ok()
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
#[cfg(test)]
mod tests {
    use tracuu_query::Searcher;

    use super::*;
    use crate::trend::{trend, TrendRequest};

    fn fixture_trend() -> Trend {
        let searcher = Searcher::new(tracuu_testkit::index()).unwrap();
        trend(
            &searcher,
            &TrendRequest::new(["\"tham nhũng\"", "\"lãng phí\""]),
        )
        .unwrap()
    }

    #[test]
    fn svg_charts_need_no_font() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trend.svg");
        draw_trend(&fixture_trend(), &path).unwrap();
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
    #[ignore = "needs a system font with Vietnamese letters (fonts-dejavu-core); run by .ci/run"]
    fn png_charts_with_a_system_font() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trend.png");
        draw_trend(&fixture_trend(), &path).unwrap();
        let png = std::fs::read(&path).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert!(png.len() > 5_000, "a chart with text, not a blank image");
    }

    #[test]
    fn charts_are_svg_or_png() {
        assert_eq!(
            ChartFormat::of_path(Path::new("a.svg")).unwrap(),
            ChartFormat::Svg
        );
        assert_eq!(
            ChartFormat::of_path(Path::new("a.PNG")).unwrap(),
            ChartFormat::Png
        );
        let error = draw_trend(&fixture_trend(), Path::new("a.pdf")).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::UnsupportedChartFormat);
        assert_eq!(error.path(), Some(Path::new("a.pdf")));
    }

    #[test]
    fn dispersion_plots_mark_occurrences_and_periods() {
        let searcher = Searcher::new(tracuu_testkit::index()).unwrap();
        let dispersion = crate::dispersion::dispersion(
            &searcher,
            &crate::dispersion::DispersionRequest::new("\"tham nhũng\""),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dispersion.svg");
        draw_dispersion(&dispersion, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        for text in [
            "“tham nhũng”: 4 occurrences in 3 of 6 documents",
            "2020",
            "2021",
            "undated",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        // One stroke per occurrence, in the occurrences' colour.
        assert_eq!(svg.matches("stroke=\"#1F77B4\"").count(), 4, "{svg}");
    }

    #[test]
    fn a_file_that_is_not_a_font_gives_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-font.ttf");
        std::fs::write(&path, "Đảng ủy").unwrap();
        assert!(font_file(&path).is_none());
        assert!(font_file(&dir.path().join("missing.ttf")).is_none());
    }
}
