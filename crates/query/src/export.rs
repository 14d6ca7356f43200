//! Exporting every matching document, and the machinery the research views share: collecting
//! matching documents with their date and id from fast fields, and reading stored documents in
//! parallel.
//!
//! An export is an iterator of [`ExportedDoc`]s. Only the addresses, dates and ids of the
//! matches are held in memory (a few dozen bytes per document); stored documents are read
//! [`EXPORT_BATCH`] at a time, in parallel, as the iterator advances, so exporting 100,000
//! matches with their full text uses little memory.
//!
//! # Order
//! Oldest first: by publication date, then by id; undated documents come last, by id. The order
//! does not depend on how the index is split into segments, so two exports of the same
//! documents are identical.

use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};
use tracuu_indexer::{Date, Fields};

use crate::date_filter::DateRange;
use crate::{SearchError, SearchRequest, Searcher};

/// Stored documents read at a time (in parallel) by an export.
pub const EXPORT_BATCH: usize = 512;

/// What to export.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ExportRequest {
    /// The query, in tracuu's query language.
    pub query: String,
    /// Match accented query words without their diacritics too.
    pub fold: bool,
    /// Only documents dated in this range (in addition to the query's `date:` filters).
    pub dates: DateRange,
    /// Include each document's body text.
    pub with_text: bool,
}

impl ExportRequest {
    /// A request for every document matching `query`, without their text.
    pub fn new(query: impl Into<String>) -> ExportRequest {
        ExportRequest {
            query: query.into(),
            fold: false,
            dates: DateRange::ALL,
            with_text: false,
        }
    }

    /// Also matches accented query words without their diacritics.
    pub fn fold(mut self, yes: bool) -> ExportRequest {
        self.fold = yes;
        self
    }

    /// Restricts the export to a date range.
    pub fn dates(mut self, dates: DateRange) -> ExportRequest {
        self.dates = dates;
        self
    }

    /// Includes the body text of each document.
    pub fn with_text(mut self, yes: bool) -> ExportRequest {
        self.with_text = yes;
        self
    }
}

/// One exported document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Every document matching an export request, read lazily in batches (see the module docs).
pub struct Export {
    searcher: tantivy::Searcher,
    fields: Fields,
    with_text: bool,
    docs: Vec<DocRef>,
    next: usize,
    batch: std::vec::IntoIter<Result<ExportedDoc, SearchError>>,
}

impl Export {
    /// Number of matching documents (all of them, including those already returned).
    pub fn total(&self) -> usize {
        self.docs.len()
    }
}

impl Iterator for Export {
    type Item = Result<ExportedDoc, SearchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.batch.next() {
            return Some(item);
        }
        if self.next >= self.docs.len() {
            return None;
        }
        let end = (self.next + EXPORT_BATCH).min(self.docs.len());
        let (fields, with_text) = (self.fields, self.with_text);
        let batch: Vec<Result<ExportedDoc, SearchError>> = self.docs[self.next..end]
            .par_iter()
            .with_min_len(16)
            .map(|doc| {
                let stored: TantivyDocument = self.searcher.doc(doc.address)?;
                Ok(StoredFields::read(&stored, &fields).into_export(&stored, &fields, with_text))
            })
            .collect();
        self.next = end;
        self.batch = batch.into_iter();
        self.batch.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.batch.len() + self.docs.len() - self.next;
        (left, Some(left))
    }
}

impl Searcher {
    /// Every document matching the request, oldest first (see the [module docs](crate::export)).
    ///
    /// # Errors
    /// An invalid query, or tantivy failing to search.
    pub fn export(&self, request: &ExportRequest) -> Result<Export, SearchError> {
        let prepared = self.prepare(
            &SearchRequest::new(request.query.clone())
                .fold(request.fold)
                .dates(request.dates),
        )?;
        let searcher = self.tantivy();
        let mut docs = matching_docs(&searcher, prepared.query(), true)?;
        sort_by_date_and_id(&mut docs);
        Ok(Export {
            searcher,
            fields: self.fields(),
            with_text: request.with_text,
            docs,
            next: 0,
            batch: Vec::new().into_iter(),
        })
    }
}

/// A matching document: where it is, its date (days since 1970-01-01) and, when asked for, its id.
#[derive(Debug, Clone)]
pub(crate) struct DocRef {
    pub address: DocAddress,
    pub days: Option<i64>,
    pub id: Option<String>,
}

/// Every document `query` matches, in index order, with its date and (when `with_ids`) its id,
/// read from fast fields.
pub(crate) fn matching_docs(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    with_ids: bool,
) -> Result<Vec<DocRef>, SearchError> {
    Ok(searcher.search(query, &MatchingDocs { with_ids })?)
}

/// Oldest first, then by id; undated last.
pub(crate) fn sort_by_date_and_id(docs: &mut [DocRef]) {
    docs.par_sort_unstable_by(|a, b| {
        (a.days.is_none(), a.days, &a.id, a.address).cmp(&(
            b.days.is_none(),
            b.days,
            &b.id,
            b.address,
        ))
    });
}

/// Collects [`DocRef`]s.
struct MatchingDocs {
    with_ids: bool,
}

struct MatchingSegment {
    segment: SegmentOrdinal,
    dates: Option<Column<i64>>,
    ids: Option<StrColumn>,
    docs: Vec<DocRef>,
    id: String,
}

impl Collector for MatchingDocs {
    type Fruit = Vec<DocRef>;
    type Child = MatchingSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<MatchingSegment> {
        let fast = reader.fast_fields();
        Ok(MatchingSegment {
            segment,
            dates: fast.column_opt::<i64>(Fields::DATE_NAME)?,
            ids: if self.with_ids {
                fast.str(Fields::ID_NAME)?
            } else {
                None
            },
            docs: Vec::new(),
            id: String::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Vec<DocRef>>) -> tantivy::Result<Vec<DocRef>> {
        Ok(segments.into_iter().flatten().collect())
    }
}

impl SegmentCollector for MatchingSegment {
    type Fruit = Vec<DocRef>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let id = self.ids.as_ref().map(|ids| {
            self.id.clear();
            if let Some(ord) = ids.term_ords(doc).next() {
                // The dictionary is in memory: a failure would leave the id empty.
                let _ = ids.ord_to_str(ord, &mut self.id);
            }
            self.id.clone()
        });
        self.docs.push(DocRef {
            address: DocAddress::new(self.segment, doc),
            days: self.dates.as_ref().and_then(|d| d.first(doc)),
            id,
        });
    }

    fn harvest(self) -> Vec<DocRef> {
        self.docs
    }
}

/// Reads the stored document of each of `docs` in parallel and maps it with `f`, keeping order.
pub(crate) fn map_stored<T: Send>(
    searcher: &tantivy::Searcher,
    docs: &[DocRef],
    f: impl Fn(&DocRef, &TantivyDocument) -> T + Sync + Send,
) -> Result<Vec<T>, SearchError> {
    docs.par_iter()
        .with_min_len(8)
        .map(|doc| {
            let stored: TantivyDocument = searcher.doc(doc.address)?;
            Ok(f(doc, &stored))
        })
        .collect()
}

/// The short stored fields of a document, copied out.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredFields {
    pub id: String,
    pub date: Option<Date>,
    pub source: Option<String>,
}

impl StoredFields {
    pub(crate) fn read(doc: &TantivyDocument, f: &Fields) -> StoredFields {
        StoredFields {
            id: text(doc, f.id).unwrap_or_default().to_string(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .and_then(Date::from_days),
            source: text(doc, f.source).map(str::to_string),
        }
    }

    fn into_export(self, doc: &TantivyDocument, f: &Fields, with_text: bool) -> ExportedDoc {
        ExportedDoc {
            id: self.id,
            title: text(doc, f.title).unwrap_or_default().to_string(),
            date: self.date,
            source: self.source,
            url: text(doc, f.url).map(str::to_string),
            path: text(doc, f.path).unwrap_or_default().to_string(),
            text: with_text.then(|| text(doc, f.body).unwrap_or_default().to_string()),
        }
    }
}

/// The first value of a stored text field.
pub(crate) fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// A small in-memory index of articles whose counts are known by construction, for the tests
/// of the research views.
#[cfg(test)]
pub(crate) mod test_fixture {
    use tracuu_indexer::{Article, ArticleIndex, Date, WriterOptions};
    use unicode_normalization::UnicodeNormalization;

    use crate::Searcher;

    fn article(
        id: &str,
        date: Option<&str>,
        source: Option<&str>,
        title: &str,
        body: &str,
    ) -> Article {
        Article {
            id: id.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            summary: None,
            date: date.map(|d| d.parse::<Date>().unwrap()),
            source: source.map(str::to_string),
            url: Some(format!("https://example.vn/{id}.html")),
            author: None,
            path: format!("fixture/{id}.txt"),
            line: None,
        }
    }

    /// The articles:
    ///
    /// | id | date | source | `tham nhũng` | `lãng phí` | `đảng viên` |
    /// |----|------|--------|--------------|------------|-------------|
    /// | a1 | 2020-03-15 | Báo Nghệ An | 2 | 1 | 0 |
    /// | a2 | 2020-07-01 | Báo Nghệ An | 1 (NFD text) | 0 | 1 (NFD) |
    /// | a3 | 2020-11-20 | Tuổi Trẻ | 0 | 0 | 2 |
    /// | a4 | 2021-02-10 | Tuổi Trẻ | 1 (+1 in the title) | 0 | 0 (`đảng ... viên`) |
    /// | a5 | undated | none | 0 | 2 | 0 |
    /// | a6 | 2021-05-05 | Tuổi Trẻ | 0 | 0 | 0 |
    ///
    /// `uỷ` (a1, a3) and `ủy` (a3) are the same word; 3 articles contain `đảng` (a2, a3, a4).
    pub(crate) fn articles() -> Vec<Article> {
        let nfd_body: String = "Đảng viên phải gương mẫu trong phòng, chống tham nhũng."
            .nfd()
            .collect();
        vec![
            article(
                "a1",
                Some("2020-03-15"),
                Some("Báo Nghệ An"),
                "Đẩy mạnh phòng, chống tiêu cực",
                "Công tác phòng, chống tham nhũng được đẩy mạnh.\nTỉnh uỷ yêu cầu xử lý nghiêm các vụ tham nhũng, lãng phí trong năm 2020.",
            ),
            article(
                "a2",
                Some("2020-07-01"),
                Some("Báo Nghệ An"),
                "Gương mẫu",
                &nfd_body,
            ),
            article(
                "a3",
                Some("2020-11-20"),
                Some("Tuổi Trẻ"),
                "Đảng uỷ xã họp",
                "Đảng uỷ xã họp với các đảng viên. Ban Thường vụ Đảng ủy biểu dương đảng viên trẻ.",
            ),
            article(
                "a4",
                Some("2021-02-10"),
                Some("Tuổi Trẻ"),
                "Tham nhũng vặt",
                "Ban chấp hành đảng bộ và các viên chức bàn về chống tham nhũng vặt.",
            ),
            article(
                "a5",
                None,
                None,
                "Chi tiêu công",
                "Chống lãng phí trong chi tiêu công. Lãng phí là có tội.",
            ),
            article(
                "a6",
                Some("2021-05-05"),
                Some("Tuổi Trẻ"),
                "Thời tiết",
                "Trời nắng nóng kéo dài ở Nghệ An.",
            ),
        ]
    }

    /// A searcher over [`articles`] in one in-memory index.
    pub(crate) fn searcher() -> Searcher {
        let index = ArticleIndex::in_memory();
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for article in articles() {
            writer.add(&article).unwrap();
        }
        writer.commit().unwrap();
        Searcher::new(index).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::test_fixture::searcher;
    use super::*;

    fn ids(export: Export) -> Vec<String> {
        export.map(|doc| doc.unwrap().id).collect()
    }

    #[test]
    fn exports_every_match_oldest_first_undated_last() {
        let searcher = searcher();
        let export = searcher
            .export(&ExportRequest::new("\"lãng phí\" OR đảng"))
            .unwrap();
        assert_eq!(export.total(), 6 - 1);
        assert_eq!(export.size_hint(), (5, Some(5)));
        assert_eq!(ids(export), ["a1", "a2", "a3", "a4", "a5"]);
    }

    #[test]
    fn exports_metadata_and_text_only_when_asked() {
        let searcher = searcher();
        let docs: Vec<ExportedDoc> = searcher
            .export(&ExportRequest::new("nắng"))
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

        let with_text: Vec<ExportedDoc> = searcher
            .export(&ExportRequest::new("nang").with_text(true))
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
            let mut article = test_fixture::articles().remove(5);
            article.id = format!("doc-{i:05}");
            article.body = format!("Bản tin số {i}: trời nắng.");
            article.date = Date::new(2020, 1 + (i % 12) as u8, 1);
            writer.add(&article).unwrap();
        }
        writer.commit().unwrap();
        let searcher = Searcher::new(index).unwrap();
        let docs: Vec<ExportedDoc> = searcher
            .export(&ExportRequest::new("nắng"))
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
        let export = searcher
            .export(
                &ExportRequest::new("\"tham nhũng\"")
                    .dates(crate::date_filter::parse_from_to(Some("2021"), None).unwrap()),
            )
            .unwrap();
        assert_eq!(ids(export), ["a4"]);
    }
}
