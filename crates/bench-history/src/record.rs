//! One benchmark run as kept in `benches/history/<bench>.jsonl`: when, where and on which commit
//! it ran, and its figures, read from the `BENCH_RESULT` line the benchmark prints.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The benchmarks with a history (each also the name of its `cargo bench --bench` target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum Bench {
    Indexing,
    QueryLatency,
    Relevance,
}

impl Bench {
    /// Every benchmark with a history, in the order they are run and drawn.
    pub const ALL: [Bench; 3] = [Bench::Indexing, Bench::QueryLatency, Bench::Relevance];

    /// The bench target's name, also the stem of its history file and chart.
    pub fn name(self) -> &'static str {
        match self {
            Bench::Indexing => "indexing",
            Bench::QueryLatency => "query_latency",
            Bench::Relevance => "relevance",
        }
    }
}

/// One recorded run of a benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The commit checked out when the benchmark ran (for a seeded record: the commit that wrote
    /// its figures into benches/README.md).
    pub commit: String,
    /// The work tree had uncommitted changes: the commit alone does not describe the code.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dirty: bool,
    /// When it ran, UTC (`YYYY-MM-DDTHH:MMZ`; only the day for seeded records).
    pub date: String,
    pub machine: Machine,
    /// Where the figures of a record not made by a recording run come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seeded: Option<String>,
    /// What the run measured, in a few words (`TRACUU_BENCH_NOTE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why this run starts a new reference: an intended change of speed or quality. The
    /// regression check compares only with this record and later ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_reference: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The machine a run was measured on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Machine {
    /// Cores available to the benchmark.
    pub cores: Option<u32>,
    /// The CPU model (`model name` of /proc/cpuinfo).
    pub cpu: Option<String>,
    /// The 1-minute load average when the run ended (/proc/loadavg): above `cores`, other work
    /// shared the machine and speed figures are less reliable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<f64>,
}

/// The figures of one run, by benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "bench", rename_all = "snake_case")]
pub enum Figures {
    /// Boxed: it is the largest by far.
    Indexing(Box<Indexing>),
    QueryLatency(Latency),
    Relevance(Relevance),
}

/// Indexing speed and cost, tracuu beside plain tantivy on the same input in the same run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indexing {
    pub corpus: IndexedCorpus,
    /// Rounds of turns between the engines; figures are medians over them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<u32>,
    pub tracuu: EngineRun,
    pub baseline: EngineRun,
    /// tracuu's MB/s divided by the baseline's: the figure the regression check follows.
    pub ratio: f64,
    /// The baseline's CPU seconds divided by tracuu's: throughput per CPU second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_ratio: Option<f64>,
}

/// The input of an indexing run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedCorpus {
    /// Relative to the repository root.
    pub path: String,
    /// Articles in the input (all of them, duplicates included).
    pub articles: u64,
    /// UTF-8 bytes of title + body of every article: what MB/s counts.
    pub text_bytes: u64,
}

/// One engine's indexing figures (a seeded record may lack some).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EngineRun {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mb_per_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_per_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// User + system time of the indexing process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rss_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_indexed: Option<u64>,
}

/// Warm search latency per query class, tracuu beside plain tantivy in the same run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    pub corpus: SearchedCorpus,
    /// Timed runs of each query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<u32>,
    pub classes: Vec<ClassLatency>,
}

/// The index a search benchmark ran on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchedCorpus {
    /// The corpus indexed, relative to the repository root.
    pub path: String,
    /// Documents in tracuu's index.
    pub docs: u64,
}

/// The latency of one query class, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassLatency {
    pub class: String,
    pub tracuu: Percentiles,
    pub baseline: Percentiles,
    /// tracuu's p50 divided by the baseline's (lower is faster).
    pub p50_ratio: f64,
}

/// Percentiles of a set of timings, in milliseconds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Percentiles {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p50: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p95: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99: Option<f64>,
}

/// Ranking quality per query set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relevance {
    pub collection: SearchedCorpus,
    pub sets: Vec<SetScores>,
}

/// The scores of one query set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetScores {
    pub set: String,
    pub queries: u64,
    /// Plain tantivy BM25.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Scores>,
    /// tracuu with its default weights, each query the OR of its words.
    pub tracuu: Scores,
    /// tracuu with each query as typed (`tracuu search -F`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_typed: Option<Scores>,
}

/// Mean MRR@10 and R@10 over a query set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub mrr10: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall10: Option<f64>,
}

/// How a checked figure may change before the regression check fails (all are higher-is-better).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Fails when the figure is more than this fraction below the reference.
    RelativeDrop(f64),
    /// Fails when the figure is more than this much below the reference.
    AbsoluteDrop(f64),
}

/// The largest fall of a speed ratio to the baseline the check lets through: 10%.
pub const MAX_RATIO_DROP: f64 = 0.10;
/// The largest fall of a relevance score the check lets through.
pub const MAX_SCORE_DROP: f64 = 0.01;

/// A figure the regression check follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub name: String,
    pub value: f64,
    pub rule: Rule,
}

impl Figures {
    /// Which benchmark these figures are of.
    pub fn bench(&self) -> Bench {
        match self {
            Figures::Indexing(_) => Bench::Indexing,
            Figures::QueryLatency(_) => Bench::QueryLatency,
            Figures::Relevance(_) => Bench::Relevance,
        }
    }

    /// Whether two runs measured the same thing (same benchmark, corpus and size, and for
    /// relevance the same query sets), so that their figures can be compared.
    pub fn same_setup(&self, other: &Figures) -> bool {
        match (self, other) {
            (Figures::Indexing(a), Figures::Indexing(b)) => {
                a.corpus.path == b.corpus.path && a.corpus.articles == b.corpus.articles
            }
            (Figures::QueryLatency(a), Figures::QueryLatency(b)) => a.corpus == b.corpus,
            (Figures::Relevance(a), Figures::Relevance(b)) => {
                let sets = |r: &Relevance| -> Vec<(String, u64)> {
                    r.sets.iter().map(|s| (s.set.clone(), s.queries)).collect()
                };
                a.collection == b.collection && sets(a) == sets(b)
            }
            _ => false,
        }
    }

    /// The figures the regression check follows, each higher-is-better: indexing's throughput
    /// ratio to the baseline; per query class the baseline's p50 over tracuu's; per query set
    /// tracuu's MRR@10 and R@10 (with the OR of the words, and as typed).
    pub fn checked(&self) -> Vec<Checked> {
        let ratio = |name: String, value: f64| Checked {
            name,
            value,
            rule: Rule::RelativeDrop(MAX_RATIO_DROP),
        };
        match self {
            Figures::Indexing(run) => {
                vec![ratio("throughput ratio to tantivy".into(), run.ratio)]
            }
            Figures::QueryLatency(run) => run
                .classes
                .iter()
                .map(|c| {
                    ratio(
                        format!("{}: tantivy p50 / tracuu p50", c.class),
                        1.0 / c.p50_ratio,
                    )
                })
                .collect(),
            Figures::Relevance(run) => {
                let mut checked = Vec::new();
                for set in &run.sets {
                    let mut add = |what: &str, scores: Option<&Scores>| {
                        let Some(scores) = scores else { return };
                        let score = |metric: &str, value: f64| Checked {
                            name: format!("{} {what}{metric}", set.set),
                            value,
                            rule: Rule::AbsoluteDrop(MAX_SCORE_DROP),
                        };
                        checked.push(score("MRR@10", scores.mrr10));
                        if let Some(recall) = scores.recall10 {
                            checked.push(score("R@10", recall));
                        }
                    };
                    add("", Some(&set.tracuu));
                    add("as typed ", set.as_typed.as_ref());
                }
                checked
            }
        }
    }

    /// The figures of a benchmark's `BENCH_RESULT` JSON.
    ///
    /// # Errors
    /// An unknown benchmark or a result without the figures it should have.
    pub fn from_bench_result(result: &Value) -> Result<Figures> {
        let bench = result["bench"].as_str().unwrap_or_default();
        let parsed = match bench {
            "indexing" => Figures::Indexing(Box::new(indexing(result)?)),
            "query_latency" => Figures::QueryLatency(latency(result)?),
            "relevance" => Figures::Relevance(relevance(result)?),
            other => bail!("not a benchmark with a history: {other:?}"),
        };
        Ok(parsed)
    }
}

/// The benchmark's own fields of an indexing `BENCH_RESULT`.
#[derive(Deserialize)]
struct IndexingResult {
    corpus: String,
    articles: u64,
    text_bytes: u64,
    engines: HashMap<String, IndexingEngineResult>,
    throughput_ratio: f64,
    cpu_throughput_ratio: f64,
}

#[derive(Deserialize)]
struct IndexingEngineResult {
    seconds: f64,
    cpu_seconds: f64,
    mb_per_s: f64,
    docs_per_s: f64,
    docs_indexed: u64,
    index_bytes: u64,
    peak_rss_bytes: u64,
    rounds: Vec<f64>,
}

fn indexing(result: &Value) -> Result<Indexing> {
    let result = IndexingResult::deserialize(result).context("an indexing BENCH_RESULT")?;
    let engine = |name: &str| {
        result
            .engines
            .get(name)
            .with_context(|| format!("no {name} run in the indexing BENCH_RESULT"))
    };
    let (tracuu, baseline) = (engine("tracuu")?, engine("baseline")?);
    let run = |e: &IndexingEngineResult| EngineRun {
        mb_per_s: Some(e.mb_per_s),
        docs_per_s: Some(e.docs_per_s),
        seconds: Some(e.seconds),
        cpu_seconds: Some(e.cpu_seconds),
        peak_rss_bytes: Some(e.peak_rss_bytes),
        index_bytes: Some(e.index_bytes),
        docs_indexed: Some(e.docs_indexed),
    };
    Ok(Indexing {
        corpus: IndexedCorpus {
            path: result.corpus.clone(),
            articles: result.articles,
            text_bytes: result.text_bytes,
        },
        rounds: u32::try_from(tracuu.rounds.len()).ok(),
        tracuu: run(tracuu),
        baseline: run(baseline),
        ratio: result.throughput_ratio,
        cpu_ratio: Some(result.cpu_throughput_ratio),
    })
}

/// The benchmark's own fields of a query-latency `BENCH_RESULT`.
#[derive(Deserialize)]
struct LatencyResult {
    corpus: String,
    docs: u64,
    reps: u32,
    classes: Vec<ClassResult>,
}

#[derive(Deserialize)]
struct ClassResult {
    class: String,
    tracuu_p50_ms: f64,
    tracuu_p95_ms: f64,
    tracuu_p99_ms: f64,
    baseline_p50_ms: f64,
    baseline_p95_ms: f64,
    baseline_p99_ms: f64,
}

fn latency(result: &Value) -> Result<Latency> {
    let result = LatencyResult::deserialize(result).context("a query_latency BENCH_RESULT")?;
    let classes = result
        .classes
        .into_iter()
        .map(|c| ClassLatency {
            p50_ratio: c.tracuu_p50_ms / c.baseline_p50_ms,
            tracuu: Percentiles {
                p50: Some(c.tracuu_p50_ms),
                p95: Some(c.tracuu_p95_ms),
                p99: Some(c.tracuu_p99_ms),
            },
            baseline: Percentiles {
                p50: Some(c.baseline_p50_ms),
                p95: Some(c.baseline_p95_ms),
                p99: Some(c.baseline_p99_ms),
            },
            class: c.class,
        })
        .collect();
    Ok(Latency {
        corpus: SearchedCorpus {
            path: result.corpus,
            docs: result.docs,
        },
        reps: Some(result.reps),
        classes,
    })
}

/// The benchmark's own fields of a relevance `BENCH_RESULT`.
#[derive(Deserialize)]
struct RelevanceResult {
    collection: String,
    docs: u64,
    sets: Vec<SetResult>,
    baseline: Vec<SetScoresResult>,
    tracuu: Vec<SettingResult>,
    tracuu_as_typed: Vec<SetScoresResult>,
}

#[derive(Deserialize)]
struct SetResult {
    set: String,
    queries: u64,
}

#[derive(Deserialize)]
struct SettingResult {
    setting: String,
    scores: Vec<SetScoresResult>,
}

#[derive(Deserialize)]
struct SetScoresResult {
    set: String,
    mrr10: f64,
    recall10: f64,
}

fn relevance(result: &Value) -> Result<Relevance> {
    let result = RelevanceResult::deserialize(result).context("a relevance BENCH_RESULT")?;
    let default = result
        .tracuu
        .iter()
        .find(|s| s.setting == "default")
        .context("no tracuu run with the default setting in the relevance BENCH_RESULT")?;
    let find = |scores: &[SetScoresResult], set: &str| {
        scores.iter().find(|s| s.set == set).map(|s| Scores {
            mrr10: s.mrr10,
            recall10: Some(s.recall10),
        })
    };
    let sets = result
        .sets
        .iter()
        .map(|set| {
            Ok(SetScores {
                set: set.set.clone(),
                queries: set.queries,
                baseline: find(&result.baseline, &set.set),
                tracuu: find(&default.scores, &set.set)
                    .with_context(|| format!("no tracuu score for the {} set", set.set))?,
                as_typed: find(&result.tracuu_as_typed, &set.set),
            })
        })
        .collect::<Result<_>>()?;
    Ok(Relevance {
        collection: SearchedCorpus {
            path: result.collection,
            docs: result.docs,
        },
        sets,
    })
}

/// The `BENCH_RESULT` JSON values in a benchmark's output, in order.
///
/// # Errors
/// A `BENCH_RESULT` line whose JSON does not parse.
pub fn bench_results(output: &str) -> Result<Vec<Value>> {
    output
        .lines()
        .filter_map(|line| line.strip_prefix(BENCH_RESULT_PREFIX))
        .map(|json| serde_json::from_str(json).context("a BENCH_RESULT line that is not JSON"))
        .collect()
}

/// What starts the machine-readable line of a benchmark's output.
pub const BENCH_RESULT_PREFIX: &str = "BENCH_RESULT ";

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// An indexing BENCH_RESULT as `benches/indexing.rs` prints it (breakdown engines included).
    fn indexing_result() -> Value {
        let engine = |mb_per_s: f64, cpu_seconds: f64, rounds: &[f64]| {
            json!({
                "seconds": 319.7 / mb_per_s, "cpu_seconds": cpu_seconds,
                "mb_per_cpu_s": 319.7 / cpu_seconds, "mb_per_s": mb_per_s,
                "docs_per_s": 105_418.0 * mb_per_s / 319.7, "docs_indexed": 102_044,
                "index_bytes": 368_800_000u64, "peak_rss_bytes": 570_000_000u64,
                "rounds": rounds, "notes": "102044 indexed",
            })
        };
        json!({
            "bench": "indexing", "date": "2026-12-01T20:31Z",
            "corpus": "../shared/corpora/vietnews/train.jsonl.zst",
            "articles": 105_418, "text_bytes": 319_712_345u64, "threads": 2,
            "memory_budget": 536_870_912u64,
            "engines": {
                "baseline": engine(33.9, 17.0, &[9.5, 9.4, 9.6]),
                "tracuu": engine(26.3, 21.0, &[12.1, 12.2, 12.0]),
                "vi-exact": engine(40.0, 15.0, &[8.0, 8.0, 8.0]),
            },
            "throughput_ratio": 26.3 / 33.9, "cpu_throughput_ratio": 17.0 / 21.0,
            "index_size_ratio": 1.29,
        })
    }

    #[test]
    fn indexing_figures_come_from_the_tracuu_and_baseline_runs() {
        let Figures::Indexing(run) = Figures::from_bench_result(&indexing_result()).unwrap() else {
            panic!("not indexing figures");
        };
        assert_eq!(run.corpus.articles, 105_418);
        assert_eq!(run.corpus.text_bytes, 319_712_345);
        assert_eq!(run.rounds, Some(3));
        assert_eq!(run.tracuu.mb_per_s, Some(26.3));
        assert_eq!(run.baseline.mb_per_s, Some(33.9));
        assert_eq!(run.tracuu.cpu_seconds, Some(21.0));
        assert_eq!(run.tracuu.peak_rss_bytes, Some(570_000_000));
        assert_eq!(run.ratio, 26.3 / 33.9);
        assert_eq!(run.cpu_ratio, Some(17.0 / 21.0));
        let checked = Figures::Indexing(run).checked();
        assert_eq!(checked.len(), 1);
        assert_eq!(checked[0].value, 26.3 / 33.9);
        assert_eq!(checked[0].rule, Rule::RelativeDrop(0.10));
    }

    #[test]
    fn latency_ratios_are_worked_out_per_class_in_order() {
        let class = |name: &str, t50: f64, b50: f64| {
            json!({
                "class": name, "tracuu_p50_ms": t50, "tracuu_p95_ms": t50 * 1.5,
                "tracuu_p99_ms": t50 * 2.0, "baseline_p50_ms": b50, "baseline_p95_ms": b50 * 1.5,
                "baseline_p99_ms": b50 * 2.0, "goal_met": true,
            })
        };
        let result = json!({
            "bench": "query_latency", "date": "2026-12-01T20:40Z",
            "corpus": "../shared/corpora/vietnews/train.jsonl.zst", "docs": 102_044, "reps": 5,
            "classes": [class("one-word", 1.5, 1.2), class("accent-free", 2.9, 0.7), class("sentence", 11.0, 9.0)],
        });
        let figures = Figures::from_bench_result(&result).unwrap();
        let Figures::QueryLatency(run) = &figures else {
            panic!("not latency figures");
        };
        let names: Vec<&str> = run.classes.iter().map(|c| c.class.as_str()).collect();
        assert_eq!(names, ["one-word", "accent-free", "sentence"]);
        assert_eq!(run.classes[1].p50_ratio, 2.9 / 0.7);
        assert_eq!(run.classes[1].tracuu.p95, Some(2.9 * 1.5));
        assert_eq!(run.classes[1].baseline.p99, Some(0.7 * 2.0));
        let checked = figures.checked();
        assert_eq!(checked[0].name, "one-word: tantivy p50 / tracuu p50");
        assert!((checked[0].value - 1.2 / 1.5).abs() < 1e-12);
    }

    fn relevance_result() -> Value {
        let scores = |mrr: f64| {
            json!([
                {"set": "summary", "mrr10": mrr, "recall10": 0.95},
                {"set": "phrase", "mrr10": mrr + 0.05, "recall10": 0.94},
            ])
        };
        json!({
            "bench": "relevance", "date": "2026-12-01T21:00Z",
            "collection": "../shared/relevance-dev/collection.jsonl.zst", "docs": 22_496,
            "sets": [{"set": "summary", "queries": 500}, {"set": "phrase", "queries": 300}],
            "baseline": scores(0.779),
            "tracuu": [
                {"setting": "title 1", "weights": "…", "scores": scores(0.5)},
                {"setting": "default", "weights": "…", "scores": scores(0.872)},
            ],
            "tracuu_as_typed": scores(0.836),
        })
    }

    #[test]
    fn relevance_figures_are_the_default_settings() {
        let figures = Figures::from_bench_result(&relevance_result()).unwrap();
        let Figures::Relevance(run) = &figures else {
            panic!("not relevance figures");
        };
        assert_eq!(run.collection.docs, 22_496);
        assert_eq!(run.sets[1].set, "phrase");
        assert_eq!(run.sets[1].queries, 300);
        assert_eq!(run.sets[0].tracuu.mrr10, 0.872);
        assert_eq!(run.sets[1].tracuu.mrr10, 0.872 + 0.05);
        assert_eq!(run.sets[0].baseline.unwrap().mrr10, 0.779);
        assert_eq!(run.sets[0].as_typed.unwrap().mrr10, 0.836);
        let names: Vec<String> = figures.checked().into_iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "summary MRR@10",
                "summary R@10",
                "summary as typed MRR@10",
                "summary as typed R@10",
                "phrase MRR@10",
                "phrase R@10",
                "phrase as typed MRR@10",
                "phrase as typed R@10",
            ]
        );
    }

    #[test]
    fn a_result_without_its_figures_is_an_error() {
        let mut result = relevance_result();
        result["tracuu"] = json!([]);
        let error = format!("{:#}", Figures::from_bench_result(&result).unwrap_err());
        assert!(error.contains("default setting"), "{error}");
        let mut result = indexing_result();
        result["engines"].as_object_mut().unwrap().remove("tracuu");
        let error = format!("{:#}", Figures::from_bench_result(&result).unwrap_err());
        assert!(error.contains("no tracuu run"), "{error}");
        let error = Figures::from_bench_result(&json!({"bench": "analysis"})).unwrap_err();
        assert!(error.to_string().contains("\"analysis\""));
    }

    #[test]
    fn records_keep_their_figures_through_json() {
        let record = Record {
            commit: "c7ad50862ad8bfc271174098cdab15d3faeb7ce6".into(),
            dirty: true,
            date: "2026-12-01T21:00Z".into(),
            machine: Machine {
                cores: Some(2),
                cpu: Some("AMD EPYC".into()),
                load: Some(8.53),
            },
            seeded: None,
            note: None,
            new_reference: Some("pairs cost 5%".into()),
            figures: Figures::from_bench_result(&relevance_result()).unwrap(),
        };
        let line = serde_json::to_string(&record).unwrap();
        assert!(
            !line.contains("seeded"),
            "empty fields are left out: {line}"
        );
        assert!(line.contains("\"bench\":\"relevance\""));
        assert_eq!(serde_json::from_str::<Record>(&line).unwrap(), record);
    }

    #[test]
    fn bench_results_are_read_from_the_output() {
        let output = format!(
            "indexing 105418 articles\nround 1/3: baseline 9.5 s\nBENCH_RESULT {}\nrecorded in x\n",
            indexing_result()
        );
        let results = bench_results(&output).unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(
            results[0]["engines"]["tracuu"]["rounds"],
            json!([12.1, 12.2, 12.0])
        );
        assert_eq!(results[0]["text_bytes"], 319_712_345);
        assert!(bench_results("BENCH_RESULT {\"bench\": ").is_err());
        assert!(bench_results("no result here").unwrap().is_empty());
    }
}
