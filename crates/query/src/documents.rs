//! Document access for tools built on the search core: every document a query matches (located
//! from fast fields, with its date and id, without reading stored text), and stored documents
//! read in parallel.
//!
//! A research view (a concordance, a trend, an export) asks for the [`DocRef`]s of a
//! [`PreparedQuery`], orders or groups them by date, and reads the [`Document`]s it needs with
//! [`Searcher::read_documents`].

use std::cmp::Ordering;

use rayon::prelude::*;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};
use tracuu_indexer::{Date, Fields};

use crate::{Error, PreparedQuery, ScoredDoc, Searcher};

/// A matching document, located but not read: its address in the index, its date and, when
/// asked for, its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    address: DocAddress,
    days: Option<i64>,
    story: Option<u64>,
    id: Option<String>,
}

/// A document located in the index, which [`Searcher::read_documents`] can read: a [`DocRef`]
/// or a [`ScoredDoc`]. Implemented in this crate only.
pub trait Located: sealed::Located {}

mod sealed {
    /// Where a document is in the index.
    pub trait Located {
        fn address(&self) -> tantivy::DocAddress;
    }
}

impl Located for DocRef {}

impl sealed::Located for DocRef {
    fn address(&self) -> DocAddress {
        self.address
    }
}

impl Located for ScoredDoc {}

impl sealed::Located for ScoredDoc {
    fn address(&self) -> DocAddress {
        self.address
    }
}

impl DocRef {
    /// The publication date.
    pub fn date(&self) -> Option<Date> {
        self.days.and_then(Date::from_days)
    }

    /// The story the document belongs to (`None` in an index written before stories).
    pub fn story(&self) -> Option<u64> {
        self.story
    }

    /// The id, when the documents were collected with ids.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Oldest first, then by id; undated last. Independent of how the index is split into
    /// segments, so two runs over the same documents give the same order.
    pub fn chronological(&self, other: &DocRef) -> Ordering {
        (self.days.is_none(), self.days, &self.id, self.address).cmp(&(
            other.days.is_none(),
            other.days,
            &other.id,
            other.address,
        ))
    }
}

/// A stored document, read from the index.
pub struct Document {
    doc: TantivyDocument,
    fields: Fields,
}

impl Document {
    fn text(&self, field: tantivy::schema::Field) -> Option<&str> {
        self.doc.get_first(field).and_then(|v| v.as_str())
    }

    /// Stable document id.
    pub fn id(&self) -> &str {
        self.text(self.fields.id).unwrap_or_default()
    }

    /// Title as written.
    pub fn title(&self) -> &str {
        self.text(self.fields.title).unwrap_or_default()
    }

    /// Body text as written.
    pub fn body(&self) -> &str {
        self.text(self.fields.body).unwrap_or_default()
    }

    /// The story the document belongs to (see [`tracuu_indexer::story`]).
    pub fn story(&self) -> Option<u64> {
        self.doc
            .get_first(self.fields.story)
            .and_then(|v| v.as_u64())
    }

    /// Publication date.
    pub fn date(&self) -> Option<Date> {
        self.doc
            .get_first(self.fields.date)
            .and_then(|v| v.as_i64())
            .and_then(Date::from_days)
    }

    /// Source name.
    pub fn source(&self) -> Option<&str> {
        self.text(self.fields.source)
    }

    /// Original URL.
    pub fn url(&self) -> Option<&str> {
        self.text(self.fields.url)
    }

    /// File the document came from.
    pub fn path(&self) -> &str {
        self.text(self.fields.path).unwrap_or_default()
    }
}

impl Searcher {
    /// Every document `query` matches, in index order, with its date, story and (when
    /// `with_ids`) its id, read from fast fields: a few dozen bytes per document, no stored text read.
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn matching_documents(
        &self,
        query: &PreparedQuery,
        with_ids: bool,
    ) -> Result<Vec<DocRef>, Error> {
        Ok(self
            .tantivy()
            .search(query.query(), &MatchingDocs { with_ids })?)
    }

    /// Reads the stored document of each of `docs` in parallel and maps it with `f`, keeping
    /// the order of `docs`.
    ///
    /// # Errors
    /// Tantivy failing to read a stored document.
    pub fn read_documents<D: Located + Sync, T: Send>(
        &self,
        docs: &[D],
        f: impl Fn(&D, &Document) -> T + Sync + Send,
    ) -> Result<Vec<T>, Error> {
        let searcher = self.tantivy();
        let fields = self.fields();
        docs.par_iter()
            .with_min_len(8)
            .map(|doc| {
                let stored = Document {
                    doc: searcher.doc(sealed::Located::address(doc))?,
                    fields,
                };
                Ok(f(doc, &stored))
            })
            .collect()
    }
}

/// Collects [`DocRef`]s.
struct MatchingDocs {
    with_ids: bool,
}

struct MatchingSegment {
    segment: SegmentOrdinal,
    dates: Option<Column<i64>>,
    stories: Option<Column<u64>>,
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
            stories: fast.column_opt::<u64>(Fields::STORY_NAME)?,
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

impl MatchingSegment {
    fn doc_ref(&mut self, doc: DocId) -> DocRef {
        let id = self.ids.as_ref().map(|ids| {
            self.id.clear();
            if let Some(ord) = ids.term_ords(doc).next() {
                // The dictionary is in memory: a failure would leave the id empty.
                let _ = ids.ord_to_str(ord, &mut self.id);
            }
            self.id.clone()
        });
        DocRef {
            address: DocAddress::new(self.segment, doc),
            days: self.dates.as_ref().and_then(|d| d.first(doc)),
            story: self.stories.as_ref().and_then(|s| s.first(doc)),
            id,
        }
    }
}

impl SegmentCollector for MatchingSegment {
    type Fruit = Vec<DocRef>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let doc_ref = self.doc_ref(doc);
        self.docs.push(doc_ref);
    }

    fn harvest(self) -> Vec<DocRef> {
        self.docs
    }
}
