//! Running engine work from Python: without the GIL, with panics and errors turned into
//! Python exceptions, and results turned into Python data.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::intern;
use pyo3::prelude::*;
use serde::Serialize;

use crate::errors::Failure;

/// Runs `work` with the GIL released, so that other Python threads run meanwhile; its error,
/// or a panic, becomes a `tracuu.errors` exception.
pub fn without_gil<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T, Failure> + Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(work))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(failure)) => Err(failure.into_py_err(py)),
        Err(panic) => Err(Failure::Panic(panic_message(panic.as_ref())).into_py_err(py)),
    }
}

/// What a panic said.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_string(),
        (_, Some(text)) => text.clone(),
        _ => "the engine panicked".to_string(),
    }
}

/// `value` as Python data: its serde record as the command's `--json` prints it, read by
/// Python's `json`, so that every number is the one printed (an f32 score or resemblance is
/// the f64 of its shortest decimal form, as [`float`] makes it).
pub fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| {
        Failure::Panic(format!("a record cannot be written as JSON: {e}")).into_py_err(py)
    })?;
    py.import(intern!(py, "json"))?
        .call_method1(intern!(py, "loads"), (text,))
}

/// An f32 as the Python float of its shortest decimal form, the number the command's JSON
/// prints: 15.647031, where widening it would give 15.6470308303833.
pub fn float(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}
