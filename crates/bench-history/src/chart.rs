//! An SVG chart per benchmark history, drawn with plotters: the records in order along the x
//! axis (labelled by date and commit), one panel per kind of figure, one line per series.
//! Seeded records are drawn hollow; a dashed vertical line marks each new reference.

use std::path::Path;

use anyhow::{anyhow, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::record::{Bench, Figures, Record};

const WIDTH: u32 = 1100;
const PANEL_HEIGHT: u32 = 400;
const TITLE_HEIGHT: u32 = 70;
/// Width of the legend, right of each panel.
const LEGEND_WIDTH: u32 = 250;
/// At most this many x labels (one per record) are written; beyond, every n-th.
const MAX_X_LABELS: usize = 45;

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

/// One series: a value per record (`None` where the record lacks it).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub dashed: bool,
}

/// One panel: its y axis and its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub y_desc: String,
    pub lines: Vec<Line>,
}

/// What a chart shows, before drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    /// One label per record: date and short commit.
    pub labels: Vec<String>,
    pub seeded: Vec<bool>,
    pub new_references: Vec<usize>,
    pub panels: Vec<Panel>,
}

impl Chart {
    /// The chart of `bench`'s records.
    pub fn of(bench: Bench, records: &[Record]) -> Chart {
        let labels = records
            .iter()
            .map(|r| {
                let day = r.date.get(5..10).unwrap_or(&r.date);
                let commit: String = r.commit.chars().take(7).collect();
                format!("{day} {commit}{}", if r.dirty { "+" } else { "" })
            })
            .collect();
        let panels = match bench {
            Bench::Indexing => indexing_panels(records),
            Bench::QueryLatency => latency_panels(records),
            Bench::Relevance => relevance_panels(records),
        };
        let title = match bench {
            Bench::Indexing => "Indexing: tracuu beside plain tantivy in the same run",
            Bench::QueryLatency => "Warm query latency per class (p50)",
            Bench::Relevance => "Ranking quality per query set (tracuu, default weights)",
        };
        Chart {
            title: title.into(),
            labels,
            seeded: records.iter().map(|r| r.seeded.is_some()).collect(),
            new_references: records
                .iter()
                .enumerate()
                .filter(|(_, r)| r.new_reference.is_some())
                .map(|(i, _)| i)
                .collect(),
            panels,
        }
    }

    /// Draws the chart into an SVG file.
    ///
    /// # Errors
    /// The file failing to write.
    pub fn draw_svg(&self, path: &Path) -> Result<()> {
        let height = TITLE_HEIGHT + PANEL_HEIGHT * self.panels.len().max(1) as u32;
        let root = SVGBackend::new(path, (WIDTH, height)).into_drawing_area();
        self.draw(&root)
            .map_err(|e| anyhow!("drawing {}: {e}", path.display()))?;
        root.present()
            .map_err(|e| anyhow!("writing {}: {e}", path.display()))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        root.fill(&WHITE)?;
        let (title_area, panels_area) = root.split_vertically(TITLE_HEIGHT);
        title_area.draw(&Text::new(
            self.title.clone(),
            (20, 12),
            ("sans-serif", 22).into_font(),
        ))?;
        title_area.draw(&Text::new(
            "hollow: seeded from benches/README.md · dashed vertical line: new reference (intended change) · commit+: uncommitted changes",
            (20, 44),
            ("sans-serif", 13).into_font().color(&RGBColor(90, 90, 90)),
        ))?;
        let areas = panels_area.split_evenly((self.panels.len().max(1), 1));
        for (panel, area) in self.panels.iter().zip(&areas) {
            self.draw_panel(panel, area)?;
        }
        Ok(())
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        panel: &Panel,
        area: &DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let n = self.labels.len() as i32;
        let (plot_area, legend_area) = area.split_horizontally(WIDTH - LEGEND_WIDTH);
        let values = panel.lines.iter().flat_map(|l| l.values.iter().flatten());
        let (low, high) = values.fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let (low, high) = if low > high {
            (0.0, 1.0)
        } else {
            let pad = ((high - low) * 0.08).max(high.abs() * 0.02).max(1e-3);
            ((low - pad).max(0.0), high + pad)
        };
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(12)
            .x_label_area_size(95)
            .y_label_area_size(60)
            .build_cartesian_2d(-1..n, low..high)?;
        let decimals = if high >= 10.0 { 1 } else { 2 };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(self.labels.len() + 2)
            .x_label_formatter(&|_| String::new())
            .label_style(("sans-serif", 12))
            .y_desc(panel.y_desc.as_str())
            .y_label_formatter(&|y| format!("{y:.decimals$}"))
            .axis_desc_style(("sans-serif", 14))
            .draw()?;
        // plotters centres x labels on their ticks, rotated or not: long labels are drawn here,
        // downwards from the axis, every `step`-th one when there are too many to fit.
        let step = self.labels.len().div_ceil(MAX_X_LABELS).max(1);
        let (base_x, base_y) = area.get_base_pixel();
        for (x, text) in self.labels.iter().enumerate().step_by(step) {
            let (px, py) = chart.backend_coord(&(x as i32, low));
            area.draw(&Text::new(
                text.clone(),
                (px - base_x, py - base_y + 8),
                TextStyle::from(
                    ("sans-serif", 11)
                        .into_font()
                        .transform(FontTransform::Rotate90),
                )
                .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        for &x in &self.new_references {
            chart.draw_series(DashedLineSeries::new(
                [(x as i32, low), (x as i32, high)],
                6,
                4,
                RGBColor(120, 120, 120).stroke_width(1),
            ))?;
        }
        for (i, line) in panel.lines.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let points: Vec<Option<(i32, f64)>> = line
                .values
                .iter()
                .enumerate()
                .map(|(x, v)| v.map(|v| (x as i32, v)))
                .collect();
            // One line per run of records that have the figure.
            for run in points.split(Option::is_none) {
                let run: Vec<(i32, f64)> = run.iter().flatten().copied().collect();
                if line.dashed {
                    chart.draw_series(DashedLineSeries::new(run, 6, 4, colour.stroke_width(2)))?;
                } else {
                    chart.draw_series(LineSeries::new(run, colour.stroke_width(2)))?;
                }
            }
            chart.draw_series(points.iter().enumerate().filter_map(|(x, p)| {
                let seeded = self.seeded.get(x).copied().unwrap_or(false);
                p.map(|p| {
                    let style = if seeded {
                        colour.stroke_width(2)
                    } else {
                        colour.filled()
                    };
                    Circle::new(p, 4, style)
                })
            }))?;
        }
        for (i, line) in panel.lines.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let y = 30 + 24 * i as i32;
            let sample = vec![(8, y), (36, y)];
            if line.dashed {
                legend_area.draw(&PathElement::new(
                    vec![(8, y), (18, y)],
                    colour.stroke_width(3),
                ))?;
                legend_area.draw(&PathElement::new(
                    vec![(26, y), (36, y)],
                    colour.stroke_width(3),
                ))?;
            } else {
                legend_area.draw(&PathElement::new(sample, colour.stroke_width(3)))?;
            }
            legend_area.draw(&Text::new(
                line.name.clone(),
                (44, y),
                TextStyle::from(("sans-serif", 13).into_font())
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        Ok(())
    }
}

/// A line of the values `value` reads from each record (`None` for other benchmarks' records).
fn line<T>(
    name: impl Into<String>,
    dashed: bool,
    records: &[Record],
    value: impl Fn(&T) -> Option<f64>,
    figures: impl Fn(&Figures) -> Option<&T>,
) -> Line {
    Line {
        name: name.into(),
        values: records
            .iter()
            .map(|r| figures(&r.figures).and_then(&value))
            .collect(),
        dashed,
    }
}

fn indexing_panels(records: &[Record]) -> Vec<Panel> {
    fn of(figures: &Figures) -> Option<&crate::record::Indexing> {
        match figures {
            Figures::Indexing(run) => Some(run.as_ref()),
            _ => None,
        }
    }
    vec![
        Panel {
            y_desc: "tracuu / tantivy throughput".into(),
            lines: vec![
                line(
                    "MB/s ratio (checked)",
                    false,
                    records,
                    |r| Some(r.ratio),
                    of,
                ),
                line("per CPU second", true, records, |r| r.cpu_ratio, of),
            ],
        },
        Panel {
            y_desc: "MB/s of title + body text".into(),
            lines: vec![
                line("tracuu", false, records, |r| r.tracuu.mb_per_s, of),
                line("tantivy", true, records, |r| r.baseline.mb_per_s, of),
            ],
        },
    ]
}

/// The names of the classes or sets of `records`, in the order they first appear.
fn names_in_order<'a>(
    records: &'a [Record],
    names: impl Fn(&'a Figures) -> Vec<&'a str>,
) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for record in records {
        for name in names(&record.figures) {
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
    }
    seen
}

fn latency_panels(records: &[Record]) -> Vec<Panel> {
    let classes = names_in_order(records, |f| match f {
        Figures::QueryLatency(run) => run.classes.iter().map(|c| c.class.as_str()).collect(),
        _ => Vec::new(),
    });
    let per_class = |value: fn(&crate::record::ClassLatency) -> Option<f64>| -> Vec<Line> {
        classes
            .iter()
            .map(|&class| {
                line(class, false, records, value, move |f| match f {
                    Figures::QueryLatency(run) => run.classes.iter().find(|c| c.class == class),
                    _ => None,
                })
            })
            .collect()
    };
    vec![
        Panel {
            y_desc: "tracuu p50, ms".into(),
            lines: per_class(|c| c.tracuu.p50),
        },
        Panel {
            y_desc: "tracuu p50 / tantivy p50".into(),
            lines: per_class(|c| Some(c.p50_ratio)),
        },
    ]
}

fn relevance_panels(records: &[Record]) -> Vec<Panel> {
    let sets = names_in_order(records, |f| match f {
        Figures::Relevance(run) => run.sets.iter().map(|s| s.set.as_str()).collect(),
        _ => Vec::new(),
    });
    let per_set = |value: fn(&crate::record::SetScores) -> Option<f64>| -> Vec<Line> {
        sets.iter()
            .map(|&set| {
                line(set, false, records, value, move |f| match f {
                    Figures::Relevance(run) => run.sets.iter().find(|s| s.set == set),
                    _ => None,
                })
            })
            .collect()
    };
    vec![
        Panel {
            y_desc: "MRR@10".into(),
            lines: per_set(|s| Some(s.tracuu.mrr10)),
        },
        Panel {
            y_desc: "R@10".into(),
            lines: per_set(|s| s.tracuu.recall10),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ClassLatency, Latency, Machine, Percentiles, SearchedCorpus};

    fn latency(commit: &str, classes: &[(&str, f64, f64)]) -> Record {
        Record {
            commit: commit.into(),
            dirty: false,
            date: "2026-12-01T20:40Z".into(),
            machine: Machine::default(),
            seeded: None,
            note: None,
            new_reference: None,
            figures: Figures::QueryLatency(Latency {
                corpus: SearchedCorpus {
                    path: "train.jsonl.zst".into(),
                    docs: 102_044,
                },
                reps: Some(5),
                classes: classes
                    .iter()
                    .map(|&(class, t50, b50)| ClassLatency {
                        class: class.into(),
                        tracuu: Percentiles {
                            p50: Some(t50),
                            ..Percentiles::default()
                        },
                        baseline: Percentiles {
                            p50: Some(b50),
                            ..Percentiles::default()
                        },
                        p50_ratio: t50 / b50,
                    })
                    .collect(),
            }),
        }
    }

    fn records() -> Vec<Record> {
        let mut seeded = latency(
            "17eed030a4",
            &[("one-word", 1.47, 1.45), ("phrase", 3.06, 2.83)],
        );
        seeded.seeded = Some("benches/README.md".into());
        seeded.date = "2026-11-22".into();
        let mut accepted = latency(
            "f46a3a1184",
            &[("one-word", 1.53, 1.25), ("sentence", 11.63, 9.28)],
        );
        accepted.new_reference = Some("ranking from postings".into());
        accepted.dirty = true;
        vec![seeded, accepted]
    }

    #[test]
    fn a_line_per_class_in_the_order_they_appear_with_gaps() {
        let chart = Chart::of(Bench::QueryLatency, &records());
        assert_eq!(chart.labels, ["11-22 17eed03", "12-01 f46a3a1+"]);
        assert_eq!(chart.seeded, [true, false]);
        assert_eq!(chart.new_references, [1]);
        let p50 = &chart.panels[0];
        let names: Vec<&str> = p50.lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["one-word", "phrase", "sentence"]);
        assert_eq!(p50.lines[0].values, [Some(1.47), Some(1.53)]);
        assert_eq!(p50.lines[1].values, [Some(3.06), None]);
        assert_eq!(p50.lines[2].values, [None, Some(11.63)]);
        assert_eq!(chart.panels[1].lines[2].values, [None, Some(11.63 / 9.28)]);
    }

    #[test]
    fn the_chart_is_an_svg_with_its_labels() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("query_latency.svg");
        Chart::of(Bench::QueryLatency, &records())
            .draw_svg(&path)
            .unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        for text in [
            "Warm query latency per class",
            "tracuu p50, ms",
            "sentence",
            "11-22 17eed03",
            "12-01 f46a3a1+",
        ] {
            assert!(svg.contains(text), "{text}");
        }
    }
}
