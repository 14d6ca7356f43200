//! `"…"~N`: the words of a phrase in order, with at most N other positions between them in all.
//!
//! tantivy's sloppy phrase (0.27) means something else, and not one thing: its words may come in
//! either order (`"quốc hội"~2` matches `hội quốc`), and with three words or more, scoring the
//! matches and only counting them find different documents (on the sample corpus, 6 hits for
//! `"quốc hội thông qua"~3` and 7 exported). [`NearQuery`] reads the positions itself and looks
//! for the phrase as the concordance's matcher does, so `search`, its count, `export`, `trend`
//! and `kwic` find the same documents.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use crate::spellings::UnionPostings;

/// Documents holding `words` (each any of its spellings) in this order, with at most `slop`
/// positions in all between one word and the next (other words, and the gap punctuation
/// leaves). Scored as tantivy scores a phrase: BM25 of how often it occurs.
#[derive(Debug, Clone)]
pub(crate) struct NearQuery {
    field: Field,
    words: Vec<Vec<String>>,
    slop: u32,
}

impl NearQuery {
    /// The query of `words` in `field`; every word needs at least one spelling.
    pub(crate) fn new(field: Field, words: Vec<Vec<String>>, slop: u32) -> NearQuery {
        NearQuery { field, words, slop }
    }

    fn terms(&self) -> impl Iterator<Item = Term> + '_ {
        self.words
            .iter()
            .flatten()
            .map(|spelling| Term::from_field_text(self.field, spelling))
    }
}

impl Query for NearQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(
                statistics_provider,
                &self.terms().collect::<Vec<_>>(),
            )?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(NearWeight {
            query: self.clone(),
            bm25,
        }))
    }
}

struct NearWeight {
    query: NearQuery,
    bm25: Option<Bm25Weight>,
}

impl NearWeight {
    fn scorer_of(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<NearScorer>> {
        let field = self.query.field;
        let mut words = Vec::with_capacity(self.query.words.len());
        for spellings in &self.query.words {
            let union = UnionPostings::open(
                reader,
                field,
                spellings,
                IndexRecordOption::WithFreqsAndPositions,
            )?;
            if union.is_empty() {
                return Ok(None);
            }
            words.push(union);
        }
        let mut scorer = NearScorer {
            words,
            positions: vec![Vec::new(); self.query.words.len()],
            slop: self.query.slop,
            scoring: match &self.bm25 {
                Some(bm25) => Some((bm25.boost_by(boost), reader.get_fieldnorms_reader(field)?)),
                None => None,
            },
            doc: 0,
            count: 0,
        };
        scorer.doc = scorer.next_match(0);
        Ok(Some(scorer))
    }
}

impl Weight for NearWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.scorer_of(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let scorer = self.scorer_of(reader, 1.0)?;
        match scorer.and_then(|mut s| (s.seek(doc) == doc).then_some(s)) {
            Some(mut scorer) => Ok(Explanation::new("words in order, near", scorer.score())),
            None => Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold the phrase"
            ))),
        }
    }
}

/// The documents of one segment holding the words near each other, in order.
struct NearScorer {
    words: Vec<UnionPostings>,
    /// Each word's positions in the current document (all spellings, in order).
    positions: Vec<Vec<u32>>,
    slop: u32,
    /// The scoring and the field's lengths, when scores are asked for.
    scoring: Option<(Bm25Weight, FieldNormReader)>,
    doc: DocId,
    /// How often the words stand near each other in `doc` (1 when only matching is asked).
    count: u32,
}

impl NearScorer {
    /// The first document at or after `target` holding every word near the others.
    fn next_match(&mut self, mut target: DocId) -> DocId {
        loop {
            let Some(candidate) = self.next_holding_all(target) else {
                return TERMINATED;
            };
            self.read_positions(candidate);
            let every = self.scoring.is_some();
            self.count = occurrences(&self.positions, self.slop, every);
            if self.count > 0 {
                return candidate;
            }
            target = candidate + 1;
        }
    }

    /// The first document at or after `target` that every word's postings hold.
    fn next_holding_all(&mut self, mut target: DocId) -> Option<DocId> {
        'candidates: loop {
            for word in &mut self.words {
                let at = word.seek(target);
                if at == TERMINATED {
                    return None;
                }
                if at > target {
                    target = at;
                    continue 'candidates;
                }
            }
            return Some(target);
        }
    }

    fn read_positions(&mut self, doc: DocId) {
        for (word, positions) in self.words.iter_mut().zip(&mut self.positions) {
            positions.clear();
            for (_, postings) in word.holding(doc) {
                postings.append_positions_with_offset(0, positions);
            }
            positions.sort_unstable();
            positions.dedup();
        }
    }
}

impl DocSet for NearScorer {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.next_match(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.next_match(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.words
            .iter()
            .map(UnionPostings::size_hint)
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for NearScorer {
    fn score(&mut self) -> Score {
        match &self.scoring {
            Some((bm25, fieldnorms)) => bm25.score(fieldnorms.fieldnorm_id(self.doc), self.count),
            None => 1.0,
        }
    }
}

/// How many positions of the first word start the phrase: each next word found after the
/// previous one, nearest first, within what remains of `slop` (as the concordance's matcher
/// finds it). Stops at the first unless `every`.
fn occurrences(positions: &[Vec<u32>], slop: u32, every: bool) -> u32 {
    let Some((first, rest)) = positions.split_first() else {
        return 0;
    };
    let mut count = 0;
    for &start in first {
        let mut at = start;
        let mut spare = slop;
        let found = rest.iter().all(|word| {
            let next = word.partition_point(|&p| p <= at);
            match word.get(next) {
                Some(&p) if p - at - 1 <= spare => {
                    spare -= p - at - 1;
                    at = p;
                    true
                }
                _ => false,
            }
        });
        if found {
            count += 1;
            if !every {
                break;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    #[test]
    fn words_in_order_within_the_slop_in_all() {
        // quốc 0, hội 1, xem 2, xét 3, (comma) thông 5, qua 6: three positions between hội
        // and thông.
        let words = [vec![0], vec![1], vec![5], vec![6]];
        assert_eq!(occurrences(&words, 3, true), 1);
        assert_eq!(occurrences(&words, 2, true), 0);
        // A word standing twice earlier does not hide the later match.
        let words = [vec![0, 20], vec![1, 21], vec![25], vec![26]];
        assert_eq!(occurrences(&words, 3, true), 1);
        // Out of order never matches.
        assert_eq!(occurrences(&[vec![5], vec![4]], 3, true), 0);
        // Each start counts; one is enough when only matching.
        let words = [vec![0, 10], vec![2, 11]];
        assert_eq!(occurrences(&words, 1, true), 2);
        assert_eq!(occurrences(&words, 1, false), 1);
    }
}
