//! `bench-history`: draws the charts of the benchmarks' history and checks a fresh run for
//! regressions. Run it from the checkout with `cargo run -p tracuu-bench-history -- …`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use serde_json::Value;
use tracuu_bench_history::chart::Chart;
use tracuu_bench_history::record::{bench_results, BENCH_RESULT_PREFIX};
use tracuu_bench_history::{check, history, Bench, Figures};

#[derive(Parser)]
#[command(about = "Charts of the benchmarks' history and the regression check")]
struct Cli {
    /// The history folder (default: benches/history of this checkout).
    #[arg(long, global = true)]
    history: Option<PathBuf>,
    #[command(subcommand)]
    command: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Redraws benches/history/<bench>.svg from each history file.
    Chart,
    /// Runs benchmarks (or reads their saved output) and compares each run with the history:
    /// exits with 1 when a speed ratio to the baseline is more than 10% below the best of the
    /// last five comparable records, or a relevance score more than 0.01 below.
    Check {
        /// The benchmarks to run (default: all three).
        #[arg(value_enum)]
        benches: Vec<Bench>,
        /// Read the BENCH_RESULT lines of this saved benchmark output instead of running them.
        #[arg(long, value_name = "FILE")]
        result: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let dir = cli.history.unwrap_or_else(history::default_dir);
    let outcome = match cli.command {
        Action::Chart => chart(&dir).map(|()| true),
        Action::Check { benches, result } => check_runs(&dir, &benches, result.as_deref()),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("bench-history: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn chart(dir: &Path) -> Result<()> {
    for bench in Bench::ALL {
        let records = history::read(&history::file(dir, bench))?;
        if records.is_empty() {
            println!("{}: no history, no chart", bench.name());
            continue;
        }
        let path = dir.join(format!("{}.svg", bench.name()));
        Chart::of(bench, &records).draw_svg(&path)?;
        println!(
            "{}: {} records -> {}",
            bench.name(),
            records.len(),
            path.display()
        );
    }
    Ok(())
}

/// Checks each fresh run of the benchmarks `named` (all when none); `Ok(false)` when any
/// regressed. A saved output is checked for the benchmarks it holds, unless some are named.
fn check_runs(dir: &Path, named: &[Bench], saved: Option<&Path>) -> Result<bool> {
    let wanted = |bench: &Bench| named.is_empty() || named.contains(bench);
    // Read before running: a run recorded with TRACUU_BENCH_RECORD=1 is not compared with itself.
    let histories = Bench::ALL
        .into_iter()
        .filter(wanted)
        .map(|bench| Ok((bench, history::read(&history::file(dir, bench))?)))
        .collect::<Result<Vec<_>>>()?;
    let results: Vec<Value> = match saved {
        Some(path) => {
            let output = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let results = bench_results(&output)?;
            if results.is_empty() {
                bail!("no BENCH_RESULT line in {}", path.display());
            }
            results
        }
        None => {
            let mut results = Vec::new();
            for (bench, _) in &histories {
                results.extend(run_bench(*bench)?);
            }
            results
        }
    };
    let mut passed = true;
    for (bench, history) in &histories {
        let fresh: Vec<Figures> = results
            .iter()
            .filter(|r| r["bench"].as_str() == Some(bench.name()))
            .map(Figures::from_bench_result)
            .collect::<Result<_>>()?;
        if fresh.is_empty() {
            if saved.is_some() && named.is_empty() {
                continue;
            }
            bail!(
                "no {} result to check (was its corpus found?)",
                bench.name()
            );
        }
        for figures in fresh {
            let report = check(history, &figures);
            println!("\n== {} ==\n{report}", bench.name());
            passed &= !report.regressed();
        }
    }
    if saved.is_none() {
        if let Some(warning) = history::busy_machine_warning() {
            println!("\nnote: {warning}");
        }
    }
    println!(
        "\n{}",
        if passed {
            "no regression"
        } else {
            "REGRESSION: see above (run again on a quiet machine before believing a speed ratio)"
        }
    );
    Ok(passed)
}

/// Runs `cargo bench --bench NAME` in the checkout, its output passed through, and returns its
/// BENCH_RESULT values.
fn run_bench(bench: Bench) -> Result<Vec<Value>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("== cargo bench --bench {}", bench.name());
    let mut child = Command::new(cargo)
        .args(["bench", "--bench", bench.name()])
        .current_dir(history::repository_root())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting cargo bench")?;
    let mut output = String::new();
    let stdout = child.stdout.take().context("the benchmark's output")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading the benchmark's output")?;
        println!("{line}");
        if line.starts_with(BENCH_RESULT_PREFIX) {
            output.push_str(&line);
            output.push('\n');
        }
    }
    let status = child.wait().context("waiting for cargo bench")?;
    if !status.success() {
        bail!("cargo bench --bench {} failed ({status})", bench.name());
    }
    bench_results(&output)
}
