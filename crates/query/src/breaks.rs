//! Phrases typed with punctuation inside (`"phòng, chống"`): the punctuation stands for a break
//! in the text (see [Positions](tracuu_indexer::analysis#positions)).
//!
//! The index leaves a position where punctuation breaks the text but holds no term there, so a
//! phrase query with a gap at that offset also matches any one word in it (`phòng thủ chống`).
//! [`BreakQuery`] keeps, of the documents such a phrase matches, those whose stored text holds
//! it with nothing but a break at each gap, analysed as the concordance reads it. Only phrases
//! typed with punctuation pay for it: one stored document read per document the phrase matches.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, Value};
use tantivy::store::StoreReader;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyDocument, TantivyError, TERMINATED};
use tracuu_indexer::analysis::for_each_word;

/// Stored blocks a scorer keeps decompressed: candidates come in document order, so the block of
/// the last one read is usually the next one's too.
const STORE_CACHE_BLOCKS: usize = 4;

/// The words of a phrase with at least one break: at each offset from the first word, one of
/// that position's terms, and no word at the offsets between (where the phrase was typed with
/// punctuation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenPhrase {
    /// Each word's offset from the first, increasing; a gap stands for a break.
    offsets: Vec<usize>,
    /// Each word's terms, sorted.
    terms: Vec<Vec<String>>,
}

impl BrokenPhrase {
    /// The phrase of `terms` at `offsets`, when the offsets leave a gap (a phrase without a break
    /// needs no check: its words are adjacent positions, which only words fill).
    pub(crate) fn new(offsets: &[usize], terms: &[Vec<String>]) -> Option<BrokenPhrase> {
        let has_gap = offsets.windows(2).any(|pair| pair[1] > pair[0] + 1);
        has_gap.then(|| BrokenPhrase {
            offsets: offsets.to_vec(),
            terms: terms
                .iter()
                .map(|spellings| {
                    let mut sorted = spellings.clone();
                    sorted.sort_unstable();
                    sorted
                })
                .collect(),
        })
    }

    /// Whether `text` holds the phrase: its words one after the other (no word between them),
    /// each at its offset from the first (so a break, punctuation, where the offsets leave a gap).
    pub(crate) fn is_held_by(&self, text: &str) -> bool {
        let length = self.offsets.len();
        // The last `length` words read, as (position, term), the oldest at `read % length`.
        let mut window: Vec<(usize, String)> = vec![(0, String::new()); length];
        let mut read = 0usize;
        let mut held = false;
        for_each_word(text, |word| {
            if held {
                return;
            }
            let slot = &mut window[read % length];
            slot.0 = word.position;
            slot.1.clear();
            slot.1.push_str(word.term);
            read += 1;
            if read >= length {
                let oldest = read % length;
                let first = window[oldest].0;
                held = (0..length).all(|j| {
                    let (position, term) = &window[(oldest + j) % length];
                    *position == first + self.offsets[j]
                        && self.terms[j].binary_search(term).is_ok()
                });
            }
        });
        held
    }
}

/// The documents of `phrase` (a phrase query with gaps in `field`) whose stored `field` holds
/// `words`, with a break at each gap.
#[derive(Debug)]
pub(crate) struct BreakQuery {
    phrase: Box<dyn Query>,
    field: Field,
    words: BrokenPhrase,
}

impl BreakQuery {
    /// `phrase`, checked against the stored text of `field`.
    pub(crate) fn new(phrase: Box<dyn Query>, field: Field, words: BrokenPhrase) -> BreakQuery {
        BreakQuery {
            phrase,
            field,
            words,
        }
    }
}

impl Clone for BreakQuery {
    fn clone(&self) -> BreakQuery {
        BreakQuery::new(self.phrase.box_clone(), self.field, self.words.clone())
    }
}

impl Query for BreakQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(BreakWeight {
            phrase: self.phrase.weight(scoring)?,
            field: self.field,
            words: self.words.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.phrase.query_terms(visitor);
    }
}

struct BreakWeight {
    phrase: Box<dyn Weight>,
    field: Field,
    words: BrokenPhrase,
}

impl BreakWeight {
    fn checked(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<BreakScorer> {
        let mut scorer = BreakScorer {
            phrase: self.phrase.scorer(reader, boost)?,
            store: reader.get_store_reader(STORE_CACHE_BLOCKS)?,
            field: self.field,
            words: self.words.clone(),
        };
        scorer.skip_unbroken();
        Ok(scorer)
    }
}

impl Weight for BreakWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.checked(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.checked(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold the phrase with its breaks"
            )));
        }
        Ok(Explanation::new("phrase with breaks", scorer.score()))
    }
}

/// The documents of a phrase scorer whose stored text holds the phrase with its breaks.
struct BreakScorer {
    phrase: Box<dyn Scorer>,
    store: StoreReader,
    field: Field,
    words: BrokenPhrase,
}

impl BreakScorer {
    /// Moves past the phrase's documents whose text does not hold it with its breaks.
    fn skip_unbroken(&mut self) -> DocId {
        let mut doc = self.phrase.doc();
        while doc != TERMINATED && !self.holds_phrase(doc) {
            doc = self.phrase.advance();
        }
        doc
    }

    /// Whether the stored field of `doc` holds the phrase. A document that cannot be read is
    /// kept: the phrase query matched it, and dropping it silently would be worse.
    fn holds_phrase(&self, doc: DocId) -> bool {
        let Ok(stored) = self.store.get::<TantivyDocument>(doc) else {
            return true;
        };
        let held = stored
            .get_all(self.field)
            .filter_map(|value| value.as_str())
            .any(|text| self.words.is_held_by(text));
        held
    }
}

impl DocSet for BreakScorer {
    fn advance(&mut self) -> DocId {
        self.phrase.advance();
        self.skip_unbroken()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.doc() {
            return self.doc();
        }
        self.phrase.seek(target);
        self.skip_unbroken()
    }

    fn doc(&self) -> DocId {
        self.phrase.doc()
    }

    fn size_hint(&self) -> u32 {
        self.phrase.size_hint()
    }
}

impl Scorer for BreakScorer {
    fn score(&mut self) -> Score {
        self.phrase.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(offsets: &[usize], terms: &[&[&str]]) -> Option<BrokenPhrase> {
        let terms: Vec<Vec<String>> = terms
            .iter()
            .map(|t| t.iter().map(|s| s.to_string()).collect())
            .collect();
        BrokenPhrase::new(offsets, &terms)
    }

    #[test]
    fn a_phrase_without_a_gap_needs_no_check() {
        assert_eq!(phrase(&[0, 1], &[&["phòng"], &["chống"]]), None);
    }

    #[test]
    fn a_gap_is_held_by_punctuation_and_not_by_a_word() {
        let words = phrase(&[0, 2], &[&["phòng"], &["chống"]]).unwrap();
        assert!(words.is_held_by("công tác phòng, chống dịch"));
        assert!(words.is_held_by("Phòng. Chống tham nhũng"));
        assert!(words.is_held_by("phòng thủ chống tăng, rồi phòng; chống"));
        assert!(!words.is_held_by("hệ thống phòng thủ chống tên lửa"));
        assert!(!words.is_held_by("phòng chống dịch"));
        assert!(!words.is_held_by("phòng"));
    }

    #[test]
    fn any_spelling_of_each_word_is_held() {
        let words = phrase(&[0, 2, 3], &[&["phòng", "phóng"], &["chống"], &["dịch"]]).unwrap();
        assert!(words.is_held_by("phóng, chống dịch"));
        assert!(!words.is_held_by("phóng, chống lại dịch"));
    }
}
