//! Exporting every matching document.
//!
//! An export is an iterator of [`ExportedDoc`]s. Only the locations, dates and ids of the
//! matches are held in memory (a few dozen bytes per document); stored documents are read
//! [`EXPORT_BATCH`] at a time, in parallel, as the iterator advances, so exporting 100,000
//! matches with their full text uses little memory.
//!
//! # Order
//! Oldest first: by publication date, then by id; undated documents come last, by id. The order
//! does not depend on how the index is split into segments, so two exports of the same
//! documents are identical.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tracuu_query::{Date, DocRef, Document, QuerySpec, Searcher};

use crate::Error;

/// Stored documents read at a time (in parallel) by an export.
pub const EXPORT_BATCH: usize = 512;

/// What to export.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ExportRequest {
    /// The documents to export: those the query matches, or every document in its dates when
    /// the query is empty.
    pub spec: QuerySpec,
    /// Include each document's body text.
    pub with_text: bool,
}

impl ExportRequest {
    /// A request for every document matching `spec` (a [`QuerySpec`] or just the query text),
    /// without their text.
    pub fn new(spec: impl Into<QuerySpec>) -> ExportRequest {
        ExportRequest {
            spec: spec.into(),
            with_text: false,
        }
    }

    /// Includes the body text of each document.
    pub fn with_text(mut self, yes: bool) -> ExportRequest {
        self.with_text = yes;
        self
    }
}

/// One exported document: the record of `tracuu export` (JSON lines and CSV).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExportedDoc {
    /// Stable document id.
    pub id: String,
    /// Title as written.
    pub title: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Source name.
    pub source: Option<String>,
    /// Original URL.
    pub url: Option<String>,
    /// File the document came from.
    pub path: String,
    /// Body text, when asked for ([`ExportRequest::with_text`]); omitted from JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ExportedDoc {
    fn new(doc: &Document, with_text: bool) -> ExportedDoc {
        ExportedDoc {
            id: doc.id().to_string(),
            title: doc.title().to_string(),
            date: doc.date(),
            source: doc.source().map(str::to_string),
            url: doc.url().map(str::to_string),
            path: doc.path().to_string(),
            text: with_text.then(|| doc.body().to_string()),
        }
    }
}

/// Every document matching an export request, read lazily in batches (see the module docs).
pub struct Export<'s> {
    searcher: &'s Searcher,
    with_text: bool,
    docs: Vec<DocRef>,
    next: usize,
    batch: std::vec::IntoIter<ExportedDoc>,
}

impl Export<'_> {
    /// Number of matching documents (all of them, including those already returned).
    pub fn total(&self) -> usize {
        self.docs.len()
    }
}

impl Iterator for Export<'_> {
    type Item = Result<ExportedDoc, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(doc) = self.batch.next() {
            return Some(Ok(doc));
        }
        if self.next >= self.docs.len() {
            return None;
        }
        let end = (self.next + EXPORT_BATCH).min(self.docs.len());
        let with_text = self.with_text;
        let batch = self
            .searcher
            .read_documents(&self.docs[self.next..end], |_, doc| {
                ExportedDoc::new(doc, with_text)
            });
        self.next = end;
        match batch {
            Ok(batch) => {
                self.batch = batch.into_iter();
                self.batch.next().map(Ok)
            }
            Err(error) => Some(Err(error.into())),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.batch.len() + self.docs.len() - self.next;
        (left, Some(left))
    }
}

/// Every document matching the request (every document in its dates for an empty query),
/// oldest first (see the [module docs](crate::export)).
///
/// # Errors
/// An invalid query, or the index failing to read.
pub fn export<'s>(searcher: &'s Searcher, request: &ExportRequest) -> Result<Export<'s>, Error> {
    let (mut docs, _) = crate::units::subcorpus(searcher, &request.spec, true)?;
    docs.par_sort_unstable_by(|a, b| a.chronological(b));
    Ok(Export {
        searcher,
        with_text: request.with_text,
        docs,
        next: 0,
        batch: Vec::new().into_iter(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    fn ids(export: Export) -> Vec<String> {
        export.map(|doc| doc.unwrap().id).collect()
    }

    #[test]
    fn exports_every_match_oldest_first_undated_last() {
        let searcher = searcher();
        let export = export(&searcher, &ExportRequest::new("\"lãng phí\" OR đảng")).unwrap();
        assert_eq!(export.total(), 6 - 1);
        assert_eq!(export.size_hint(), (5, Some(5)));
        assert_eq!(ids(export), ["a1", "a2", "a3", "a4", "a5"]);
    }

    #[test]
    fn exports_metadata_and_text_only_when_asked() {
        let searcher = searcher();
        let docs: Vec<ExportedDoc> = export(&searcher, &ExportRequest::new("nắng"))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        assert_eq!(doc.id, "a6");
        assert_eq!(doc.title, "Thời tiết");
        assert_eq!(doc.date.unwrap().to_string(), "2021-05-05");
        assert_eq!(doc.source.as_deref(), Some("Tuổi Trẻ"));
        assert_eq!(doc.url.as_deref(), Some("https://example.vn/a6.html"));
        assert_eq!(doc.path, "fixture/a6.txt");
        assert_eq!(doc.text, None);
        let json = serde_json::to_value(doc).unwrap();
        assert!(json.get("text").is_none());

        let with_text: Vec<ExportedDoc> =
            export(&searcher, &ExportRequest::new("nang").with_text(true))
                .unwrap()
                .map(Result::unwrap)
                .collect();
        assert_eq!(
            with_text[0].text.as_deref(),
            Some("Trời nắng nóng kéo dài ở Nghệ An.")
        );
    }

    #[test]
    fn exports_in_batches_without_losing_order() {
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .unwrap();
        let n = EXPORT_BATCH * 2 + 7;
        for i in 0..n {
            let mut article = tracuu_testkit::articles().remove(5);
            article.id = format!("doc-{i:05}");
            article.body = format!("Bản tin số {i}: trời nắng.");
            article.date = Date::new(2020, 1 + (i % 12) as u8, 1);
            writer.add(&article).unwrap();
        }
        writer.commit().unwrap();
        let searcher = Searcher::new(index).unwrap();
        let docs: Vec<ExportedDoc> = export(&searcher, &ExportRequest::new("nắng"))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(docs.len(), n);
        let keys: Vec<(Option<Date>, String)> =
            docs.iter().map(|d| (d.date, d.id.clone())).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn date_filters_apply() {
        let searcher = searcher();
        let dates = tracuu_query::date_filter::parse_from_to(Some("2021"), None).unwrap();
        let export = export(
            &searcher,
            &ExportRequest::new(QuerySpec::new("\"tham nhũng\"").dates(dates)),
        )
        .unwrap();
        assert_eq!(ids(export), ["a4"]);
    }
}
