//! The documents of an index in the order they were first indexed, whatever its segments.

use std::ops::Range;
use std::sync::Arc;

use tantivy::columnar::{Cardinality, ColumnValues};
use tantivy::{DocId, Searcher, SegmentOrdinal};
use tracuu_indexer::Fields;

/// The documents of an index in the order they were first indexed: by their sequence numbers
/// ([`Fields::sequence`]), which the same articles indexed in the same order get on every
/// build, whatever the indexing threads and merges made of the segments. Within a segment
/// documents come in runs of increasing sequence numbers (each indexing thread writes its
/// documents in order, and a merge appends its segments one after another), found by
/// reading the sequence column once.
pub(crate) struct IndexOrder {
    runs: Vec<Run>,
    /// Each segment's sequence numbers, by document.
    sequences: Vec<Arc<dyn ColumnValues<u64>>>,
    end: u64,
}

/// Documents of one segment, consecutive, whose sequence numbers increase with them.
struct Run {
    segment: SegmentOrdinal,
    docs: Range<DocId>,
    /// The sequence numbers of its first and last documents.
    first: u64,
    last: u64,
}

/// The documents of one run whose sequence numbers fall in a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stretch {
    /// The run's place among the index's runs.
    pub(crate) run: usize,
    pub(crate) segment: SegmentOrdinal,
    pub(crate) docs: Range<DocId>,
}

/// Sequence numbers read from a column at a time.
const CHUNK: usize = 4_096;

impl IndexOrder {
    /// Reads the sequence numbers of every segment of `searcher`.
    pub(crate) fn of(searcher: &Searcher) -> tantivy::Result<IndexOrder> {
        let mut order = IndexOrder {
            runs: Vec::new(),
            sequences: Vec::new(),
            end: 0,
        };
        let mut chunk = vec![0; CHUNK];
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let segment = segment as SegmentOrdinal;
            let column = reader.fast_fields().u64(Fields::SEQUENCE_NAME)?;
            // Every document has a sequence number, so the values are the documents' (read
            // by ranges, where a column with an index reads value by value).
            let sequences = match column.get_cardinality() {
                Cardinality::Full => Arc::clone(&column.values),
                _ => column.first_or_default_col(0),
            };
            let max_doc = reader.max_doc();
            let mut run: Option<Run> = None;
            for from in (0..max_doc).step_by(CHUNK) {
                let read = &mut chunk[..CHUNK.min((max_doc - from) as usize)];
                sequences.get_range(u64::from(from), read);
                for (doc, &sequence) in (from..).zip(read.iter()) {
                    match &mut run {
                        Some(open) if sequence > open.last => {
                            open.docs.end = doc + 1;
                            open.last = sequence;
                        }
                        _ => {
                            order.runs.extend(run.take());
                            run = Some(Run {
                                segment,
                                docs: doc..doc + 1,
                                first: sequence,
                                last: sequence,
                            });
                        }
                    }
                }
            }
            order.runs.extend(run);
            order.sequences.push(sequences);
        }
        order.end = (order.runs.iter())
            .map(|run| run.last + 1)
            .max()
            .unwrap_or(0);
        Ok(order)
    }

    /// One past the highest sequence number.
    pub(crate) fn end(&self) -> u64 {
        self.end
    }

    /// The number of runs, the bound of [`Stretch::run`].
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    /// The sequence number of document `doc` of `segment`.
    pub(crate) fn sequence(&self, segment: SegmentOrdinal, doc: DocId) -> u64 {
        self.sequences[segment as usize].get_val(doc)
    }

    /// The documents of each run whose sequence numbers are in `range`.
    pub(crate) fn stretches(&self, range: Range<u64>) -> impl Iterator<Item = Stretch> + '_ {
        (self.runs.iter().enumerate())
            .filter(move |(_, run)| run.first < range.end && range.start <= run.last)
            .map(move |(at, run)| Stretch {
                run: at,
                segment: run.segment,
                docs: self.first_from(run, range.start)..self.first_from(run, range.end),
            })
            .filter(|stretch| !stretch.docs.is_empty())
    }

    /// The first document of `run` whose sequence number is `sequence` or more (the run's end
    /// if none).
    fn first_from(&self, run: &Run, sequence: u64) -> DocId {
        let sequences = &self.sequences[run.segment as usize];
        let (mut low, mut high) = (run.docs.start, run.docs.end);
        while low < high {
            let middle = low + (high - low) / 2;
            if sequences.get_val(middle) < sequence {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }
}

/// An index of `articles` (id and body; an id met again replaces the article), written by
/// `threads` threads and committed after every `per_commit`; with `merge_backwards`, its
/// segments are then merged into one in the reverse of the order they were written, so that
/// its documents' order is not the order they were indexed in.
#[cfg(test)]
pub(crate) fn index_written(
    articles: &[(String, String)],
    threads: usize,
    per_commit: usize,
    merge_backwards: bool,
) -> tracuu_indexer::ArticleIndex {
    let index = tracuu_indexer::ArticleIndex::in_memory();
    let options = tracuu_indexer::WriterOptions {
        threads,
        ..Default::default()
    };
    let mut writer = index.writer(&options).expect("writer");
    for (i, (id, body)) in articles.iter().enumerate() {
        let article = tracuu_indexer::Article::new(id.clone(), "", body.clone());
        writer.add(&article.with_path("t")).expect("add");
        if (i + 1) % per_commit == 0 {
            writer.commit().expect("commit");
        }
    }
    writer.commit().expect("commit");
    drop(writer);
    if merge_backwards {
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let mut segments: Vec<_> = (searcher.segment_readers().iter())
            .map(|reader| {
                let sequences = reader.fast_fields().u64(Fields::SEQUENCE_NAME);
                let first = sequences.expect("column").first(0).expect("a sequence");
                (std::cmp::Reverse(first), reader.segment_id())
            })
            .collect();
        segments.sort();
        let ids: Vec<_> = segments.into_iter().map(|(_, id)| id).collect();
        let mut merger = index
            .tantivy()
            .writer::<tantivy::TantivyDocument>(50_000_000)
            .expect("tantivy writer");
        merger.merge(&ids).wait().expect("merge");
        merger.wait_merging_threads().expect("merged");
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merged_segment_is_read_in_runs_of_increasing_sequence() {
        let articles: Vec<(String, String)> = (0..12)
            .map(|i| (format!("d{i}"), format!("Bài số {i} về kinh tế.")))
            .collect();
        let index = index_written(&articles, 1, 4, true);
        let searcher = index.tantivy().reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        let order = IndexOrder::of(&searcher).expect("order");
        assert_eq!(order.end(), 12);
        // Documents 0..4 hold sequence numbers 8..12, 4..8 hold 4..8, 8..12 hold 0..4.
        let stretch = |run, docs| Stretch {
            run,
            segment: 0,
            docs,
        };
        assert_eq!(
            order.stretches(0..12).collect::<Vec<_>>(),
            [stretch(0, 0..4), stretch(1, 4..8), stretch(2, 8..12)]
        );
        assert_eq!(
            order.stretches(3..9).collect::<Vec<_>>(),
            [stretch(0, 0..1), stretch(1, 4..8), stretch(2, 11..12)]
        );
        assert_eq!(order.sequence(0, 11), 3);
        assert_eq!(order.stretches(12..20).count(), 0);
    }
}
