//! The regression check: a fresh run against the best of the last records of the same setup.
//!
//! Absolute times depend on the machine and its load, so speed is followed as a ratio to the
//! plain-tantivy baseline measured in the same run. A speed ratio fails when it is more than
//! 10% below the best of the last [`WINDOW`] comparable records; a relevance score when it is
//! more than 0.01 below theirs. Records before the last one marked `new_reference` (an intended
//! change) are not compared.

use std::fmt;

use crate::record::{Figures, Record, Rule};

/// How many of the latest comparable records a fresh run is compared with.
pub const WINDOW: usize = 5;

/// Differences smaller than this are rounding, not change (figures are kept as printed).
const EPSILON: f64 = 1e-9;

/// The verdict on one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub figure: String,
    pub fresh: f64,
    /// The best value of the records compared, `None` when none has this figure.
    pub best: Option<f64>,
    pub rule: Rule,
    pub regressed: bool,
}

/// The verdicts on every checked figure of a run, and what it was compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Commits (short) and dates of the records compared, oldest first.
    pub compared: Vec<String>,
}

impl Report {
    /// Whether any figure fell by more than its rule allows.
    pub fn regressed(&self) -> bool {
        self.findings.iter().any(|f| f.regressed)
    }
}

/// The records a fresh run with `figures` is compared with: those of the same setup, from the
/// last new reference on, at most the last [`WINDOW`].
pub fn reference_records<'a>(history: &'a [Record], figures: &Figures) -> Vec<&'a Record> {
    let comparable: Vec<&Record> = history
        .iter()
        .filter(|r| r.figures.same_setup(figures))
        .collect();
    let from = comparable
        .iter()
        .rposition(|r| r.new_reference.is_some())
        .unwrap_or(0);
    let window = &comparable[from..];
    window[window.len().saturating_sub(WINDOW)..].to_vec()
}

/// Compares a fresh run with the history of its benchmark.
pub fn check(history: &[Record], fresh: &Figures) -> Report {
    let references = reference_records(history, fresh);
    let findings = fresh
        .checked()
        .into_iter()
        .map(|figure| {
            let best = references
                .iter()
                .flat_map(|r| r.figures.checked())
                .filter(|c| c.name == figure.name)
                .map(|c| c.value)
                .reduce(f64::max);
            let regressed = best.is_some_and(|best| match figure.rule {
                Rule::RelativeDrop(fraction) => figure.value < best * (1.0 - fraction) - EPSILON,
                Rule::AbsoluteDrop(amount) => figure.value < best - amount - EPSILON,
            });
            Finding {
                figure: figure.name,
                fresh: figure.value,
                best,
                rule: figure.rule,
                regressed,
            }
        })
        .collect();
    Report {
        findings,
        compared: references
            .iter()
            .map(|r| {
                let commit: String = r.commit.chars().take(7).collect();
                format!("{commit} {}", r.date)
            })
            .collect(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.compared.is_empty() {
            return writeln!(f, "no comparable record in the history: nothing to compare");
        }
        writeln!(
            f,
            "compared with the best of {} record(s): {}",
            self.compared.len(),
            self.compared.join(", ")
        )?;
        let width = self
            .findings
            .iter()
            .map(|x| x.figure.chars().count())
            .max()
            .unwrap_or(0);
        for finding in &self.findings {
            let (best, change) = match finding.best {
                Some(best) => (
                    format!("{best:.3}"),
                    match finding.rule {
                        Rule::RelativeDrop(_) => {
                            format!("{:+.1}%", (finding.fresh / best - 1.0) * 100.0)
                        }
                        // Differences below the last digit shown print as +0.000, not -0.000.
                        Rule::AbsoluteDrop(_) => {
                            let change = finding.fresh - best;
                            format!("{:+.3}", if change.abs() < 5e-4 { 0.0 } else { change })
                        }
                    },
                ),
                None => ("-".into(), "-".into()),
            };
            let allowed = match finding.rule {
                Rule::RelativeDrop(fraction) => format!("-{:.0}%", fraction * 100.0),
                Rule::AbsoluteDrop(amount) => format!("-{amount}"),
            };
            let verdict = match (finding.best, finding.regressed) {
                (None, _) => "no history",
                (_, true) => "REGRESSED",
                (_, false) => "ok",
            };
            writeln!(
                f,
                "  {:<width$}  fresh {:.3}  best {best:>6}  change {change:>7} (allowed {allowed})  {verdict}",
                finding.figure, finding.fresh
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{
        EngineRun, IndexedCorpus, Indexing, Machine, Relevance, Scores, SearchedCorpus, SetScores,
    };

    fn indexing(articles: u64, ratio: f64) -> Figures {
        Figures::Indexing(Box::new(Indexing {
            corpus: IndexedCorpus {
                path: "../shared/corpora/vietnews/train.jsonl.zst".into(),
                articles,
                text_bytes: 319_700_000,
            },
            rounds: Some(3),
            tracuu: EngineRun::default(),
            baseline: EngineRun::default(),
            ratio,
            cpu_ratio: None,
        }))
    }

    fn record(figures: Figures) -> Record {
        Record {
            commit: "c7ad508aaaa".into(),
            dirty: false,
            date: "2026-12-01".into(),
            machine: Machine::default(),
            seeded: None,
            note: None,
            new_reference: None,
            figures,
        }
    }

    fn history(ratios: &[f64]) -> Vec<Record> {
        ratios
            .iter()
            .map(|&r| record(indexing(105_418, r)))
            .collect()
    }

    /// The verdict of the plain rule, computed apart: more than 10% below the best of the last
    /// five.
    fn expected(ratios: &[f64], fresh: f64) -> bool {
        let last = &ratios[ratios.len().saturating_sub(5)..];
        let best = last.iter().copied().fold(f64::MIN, f64::max);
        fresh / best < 0.9
    }

    #[test]
    fn a_ratio_more_than_ten_percent_below_the_best_of_the_last_five_fails() {
        let ratios = [0.95, 0.78, 0.80, 0.76, 0.79, 0.77];
        let history = history(&ratios);
        // 0.95 is six records back: the best of the last five is 0.80.
        for fresh in [0.80, 0.73, 0.721, 0.719, 0.70, 0.50] {
            let report = check(&history, &indexing(105_418, fresh));
            assert_eq!(report.findings.len(), 1);
            let finding = &report.findings[0];
            assert_eq!(finding.best, Some(0.80));
            assert_eq!(finding.regressed, expected(&ratios, fresh), "{fresh}");
            assert_eq!(report.regressed(), finding.regressed);
        }
        assert_eq!(check(&history, &indexing(105_418, 0.72)).compared.len(), 5);
    }

    #[test]
    fn only_runs_of_the_same_corpus_size_are_compared() {
        let mut history = history(&[0.80]);
        history.push(record(indexing(5_000, 0.99)));
        let report = check(&history, &indexing(105_418, 0.75));
        assert_eq!(report.findings[0].best, Some(0.80));
        assert!(!report.regressed());
        let report = check(&history, &indexing(20_000, 0.10));
        assert_eq!(report.findings[0].best, None);
        assert!(!report.regressed(), "no history is not a regression");
        assert!(report.to_string().contains("nothing to compare"));
    }

    #[test]
    fn a_new_reference_hides_the_records_before_it() {
        let mut history = history(&[0.88, 0.86]);
        let mut accepted = record(indexing(105_418, 0.77));
        accepted.new_reference = Some("index format 2 costs 6%".into());
        history.push(accepted);
        let report = check(&history, &indexing(105_418, 0.76));
        assert_eq!(report.findings[0].best, Some(0.77));
        assert!(!report.regressed());
        history.push(record(indexing(105_418, 0.90)));
        assert!(check(&history, &indexing(105_418, 0.80)).regressed());
    }

    fn relevance(summary: f64, phrase_recall: f64) -> Figures {
        let set = |name: &str, mrr10: f64, recall10: f64| SetScores {
            set: name.into(),
            queries: 500,
            baseline: None,
            tracuu: Scores {
                mrr10,
                recall10: Some(recall10),
            },
            as_typed: None,
        };
        Figures::Relevance(Relevance {
            collection: SearchedCorpus {
                path: "../shared/relevance-dev/collection.jsonl.zst".into(),
                docs: 22_496,
            },
            sets: vec![
                set("summary", summary, 0.952),
                set("phrase", 0.952, phrase_recall),
            ],
        })
    }

    #[test]
    fn a_relevance_score_more_than_a_hundredth_below_fails() {
        let history = vec![
            record(relevance(0.872, 0.940)),
            record(relevance(0.870, 0.941)),
        ];
        let report = check(&history, &relevance(0.862, 0.931));
        assert!(!report.regressed(), "{report}");
        let report = check(&history, &relevance(0.861, 0.941));
        let failed: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.regressed)
            .map(|f| f.figure.as_str())
            .collect();
        assert_eq!(failed, ["summary MRR@10"]);
        let report = check(&history, &relevance(0.872, 0.9305));
        assert!(report.regressed());
        let text = report.to_string();
        assert!(text.contains("phrase R@10"), "{text}");
        assert!(text.contains("REGRESSED"), "{text}");
    }

    #[test]
    fn a_different_query_set_is_not_compared() {
        let history = vec![record(relevance(0.95, 0.95))];
        let Figures::Relevance(mut fewer) = relevance(0.5, 0.5) else {
            unreachable!()
        };
        fewer.sets[0].queries = 50;
        let report = check(&history, &Figures::Relevance(fewer));
        assert!(report.compared.is_empty());
        assert!(!report.regressed());
    }
}
