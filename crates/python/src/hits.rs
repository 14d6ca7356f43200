//! The hits of a search as `tracuu.Hit` objects, made here rather than through dicts: a
//! search's results are on the hot path of a notebook (the package's overhead over the Rust
//! API is measured by `bench/overhead.py`), the views' are not.

use pyo3::prelude::*;
use pyo3::types::{PyDate, PyList, PyTuple};
use pyo3::{intern, IntoPyObjectExt};
use tracuu_query::{story_text, Date, Hit};

/// `hits` as a list of `tracuu.Hit` (with `tracuu.Copy`s), fields in the record's order.
pub fn to_python<'py>(py: Python<'py>, hits: &[Hit]) -> PyResult<Bound<'py, PyList>> {
    let records = py.import(intern!(py, "tracuu._records"))?;
    let hit_class = records.getattr(intern!(py, "Hit"))?;
    let copy_class = records.getattr(intern!(py, "Copy"))?;
    let objects = hits
        .iter()
        .map(|hit| {
            let copies = hit
                .copies
                .iter()
                .map(|copy| copy_class.call1((&copy.id, &copy.source, date(py, copy.date)?)))
                .collect::<PyResult<Vec<_>>>()?;
            let fields = [
                hit.id.as_str().into_bound_py_any(py)?,
                crate::run::float(hit.score).into_bound_py_any(py)?,
                hit.title.as_str().into_bound_py_any(py)?,
                date(py, hit.date)?.into_bound_py_any(py)?,
                hit.source.as_deref().into_bound_py_any(py)?,
                hit.url.as_deref().into_bound_py_any(py)?,
                hit.path.as_str().into_bound_py_any(py)?,
                hit.snippet.text.as_str().into_bound_py_any(py)?,
                ranges(py, &hit.snippet.highlights)?.into_any(),
                ranges(py, &hit.title_highlights)?.into_any(),
                hit.other_spelling.into_bound_py_any(py)?,
                hit.partial.into_bound_py_any(py)?,
                story_text(hit.story).into_bound_py_any(py)?,
                PyList::new(py, copies)?.into_any(),
            ];
            hit_class.call1(PyTuple::new(py, fields)?)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, objects)
}

fn date(py: Python<'_>, date: Option<Date>) -> PyResult<Option<Bound<'_, PyDate>>> {
    date.map(|d| PyDate::new(py, i32::from(d.year()), d.month(), d.day()))
        .transpose()
}

/// Byte ranges as a list of `(start, end)` tuples.
fn ranges<'py>(py: Python<'py>, ranges: &[std::ops::Range<usize>]) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, ranges.iter().map(|r| (r.start, r.end)))
}
