//! The benchmarks' committed history: `benches/history/<bench>.jsonl`, one record per run of
//! the `indexing`, `query_latency` and `relevance` benchmarks (appended by the benchmarks
//! themselves with `TRACUU_BENCH_RECORD=1`), an SVG chart per benchmark, and the regression
//! check that compares a fresh run with the history. The `bench-history` binary runs the last
//! two; see benches/README.md.

pub mod chart;
pub mod check;
pub mod history;
pub mod record;

pub use check::{check, Report};
pub use record::{Bench, Figures, Record};
