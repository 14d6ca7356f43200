//! `tracuu._tracuu`, the native part of the Python package `tracuu`: the tracuu engine (the
//! same crates as the `tracuu` command) behind a small interface that the package's Python part
//! (`python/tracuu/`) wraps into typed records, sequences and DataFrames.
//!
//! Results cross into Python as the records of the command's `--json` output (the crates' serde
//! records, written as JSON and read by Python's `json`), so the Python field names and numbers
//! are those of README.md's "Output records"; a search's hits, on the hot path, are made as
//! `tracuu.Hit` objects at once. Every call releases the GIL while the engine works, and no
//! error or panic of the engine reaches Python as anything but an exception of `tracuu.errors`.

mod analyze;
mod errors;
mod hits;
mod index;
mod query;
mod run;

use pyo3::prelude::*;

/// The native module; `tracuu` re-exports what users need.
#[pymodule]
fn _tracuu(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<index::NativeIndex>()?;
    module.add_function(wrap_pyfunction!(analyze::analyze, module)?)?;
    Ok(())
}
