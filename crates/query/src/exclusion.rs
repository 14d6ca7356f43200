//! Exclusions (`-word`, `NOT "…"~N`, the documents already ranked) as tantivy can run them.
//!
//! Tantivy (0.27) checks an exclusion's documents with `seek_danger`, and its phrase scorer
//! asserts in debug builds that the target is never behind its current document, which an
//! intersection inside it can break: a debug build panics on `NOT "quốc hội"~3 đảng` (release
//! builds answer correctly). [`excluded`] wraps the excluded query so that its scorer is sought
//! with the plain `seek`, which accepts any target.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader};

/// `query`, to be used as a `MustNot` clause.
pub(crate) fn excluded(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(Excluded(query))
}

#[derive(Debug)]
struct Excluded(Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Excluded {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(scoring)?)))
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(PlainSeek(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A scorer whose `seek_danger` is DocSet's default, built on `seek`.
struct PlainSeek(Box<dyn Scorer>);

impl DocSet for PlainSeek {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for PlainSeek {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
