//! Running engine work from Python: without the GIL, with panics and errors turned into
//! Python exceptions, and results turned into Python data.

use std::panic::{catch_unwind, AssertUnwindSafe};

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

/// `value` as Python data: its serde record (the `--json` record of the command) as dicts,
/// lists, strings and numbers.
pub fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}
