//! A union and an intersection of queries that move their clauses only as far as asked, for
//! the queries of a search that sit inside intersections: a word in the title or the body, a
//! phrase in either, the expressions a synonym stands for, the alternatives of an `OR`, the
//! words of a group.
//!
//! Tantivy (0.27) runs a union of several clauses with its buffered union, which reads the
//! next 4,096 documents of every clause at once. That is fast when every matching document is
//! visited, and slow inside an intersection: each time a rarer word moves the intersection far
//! ahead, the union of a common word refills its whole window. Sought by an intersection, this
//! union only moves each clause to the target, as tantivy's own `SimpleUnion` does (which it
//! does not expose); visited whole, it runs as tantivy's union. Its score is the sum of its
//! clauses' scores at the document, in clause order, as the buffered union's sum.
//!
//! Tantivy's boolean query first aligns its required clauses in the order they were written,
//! asking each in turn, round after round, to move to the latest candidate: in a pasted
//! sentence, its common words are asked at nearly every document of its rare ones. This
//! intersection opens its clauses (none after one that is empty in the segment) and moves them
//! rarest first, with tantivy's `intersect_scorers`, which also scores the documents as the
//! boolean query does.

use std::sync::Arc;

use tantivy::query::{
    intersect_scorers, BooleanWeight, EmptyScorer, EnableScoring, Explanation, Occur, Query,
    Scorer, SumCombiner, Weight,
};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term, TERMINATED};

/// Any of `queries`, scored as the sum of those that match.
pub(crate) fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    combined(Occur::Should, queries)
}

/// All of `queries`, scored as the sum of their scores.
pub(crate) fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    combined(Occur::Must, queries)
}

/// `queries` united (`Should`) or intersected (`Must`); the query itself when it is alone.
fn combined(occur: Occur, mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    match queries.len() {
        1 => queries.pop().expect("one query"),
        _ => Box::new(Combined { occur, queries }),
    }
}

#[derive(Debug)]
struct Combined {
    occur: Occur,
    queries: Vec<Box<dyn Query>>,
}

impl Clone for Combined {
    fn clone(&self) -> Combined {
        Combined {
            occur: self.occur,
            queries: self.queries.iter().map(|query| query.box_clone()).collect(),
        }
    }
}

impl Query for Combined {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses: Vec<Arc<dyn Weight>> = (self.queries.iter())
            .map(|query| query.weight(scoring).map(Arc::from))
            .collect::<tantivy::Result<_>>()?;
        let whole = BooleanWeight::with_minimum_number_should_match(
            (clauses.iter())
                .map(|weight| {
                    (
                        self.occur,
                        Box::new(Shared(weight.clone())) as Box<dyn Weight>,
                    )
                })
                .collect(),
            usize::from(self.occur == Occur::Should),
            scoring.is_scoring_enabled(),
            Box::new(SumCombiner::default),
        );
        Ok(match self.occur {
            Occur::Must => Box::new(AllOfWeight { clauses, whole }),
            _ => Box::new(AnyOfWeight { clauses, whole }),
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.queries {
            query.query_terms(visitor);
        }
    }
}

/// The weight of [`all_of`]: its clauses' scorers intersected rarest first; tantivy's boolean
/// weight explains its scores.
struct AllOfWeight {
    clauses: Vec<Arc<dyn Weight>>,
    whole: BooleanWeight<SumCombiner>,
}

impl Weight for AllOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.clauses.len());
        for weight in &self.clauses {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() == TERMINATED {
                return Ok(Box::new(EmptyScorer));
            }
            scorers.push(scorer);
        }
        Ok(intersect_scorers(scorers, reader.num_docs()))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.whole.explain(reader, doc)
    }
}

/// The weight of [`any_of`]: its clauses' scorers united by [`SeekingUnion`] when it is one
/// part of a query, tantivy's own union (buffered, or skipping blocks for the best documents)
/// when all its matches are visited.
struct AnyOfWeight {
    clauses: Vec<Arc<dyn Weight>>,
    whole: BooleanWeight<SumCombiner>,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.clauses.len());
        for weight in &self.clauses {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.pop().expect("one scorer"),
            _ => Box::new(SeekingUnion::new(scorers)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.whole.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.whole.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.whole.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.whole.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.whole.for_each_pruning(threshold, reader, callback)
    }
}

/// A clause's weight, shared by [`AnyOfWeight`]'s two ways of running it.
struct Shared(Arc<dyn Weight>);

impl Weight for Shared {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        self.0.scorer_danger(reader, target, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

/// The union of `scorers`, each moved only as far as asked.
struct SeekingUnion {
    scorers: Vec<Box<dyn Scorer>>,
    /// Each scorer's current document, kept here to spare a call per scorer and step.
    docs: Vec<DocId>,
    doc: DocId,
}

impl SeekingUnion {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> SeekingUnion {
        let docs: Vec<DocId> = scorers.iter().map(|s| s.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        SeekingUnion { scorers, docs, doc }
    }
}

impl DocSet for SeekingUnion {
    fn advance(&mut self) -> DocId {
        let mut next = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc == self.doc {
                *doc = scorer.advance();
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (scorer, doc) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *doc < target {
                *doc = scorer.seek(target);
            }
            next = next.min(*doc);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for SeekingUnion {
    fn score(&mut self) -> Score {
        let mut score = 0.0;
        for (scorer, &doc) in self.scorers.iter_mut().zip(&self.docs) {
            if doc == self.doc {
                score += scorer.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption};
    use tantivy::DocAddress;
    use tracuu_indexer::{Article, ArticleIndex, WriterOptions};

    use super::*;
    use crate::Searcher;

    /// Titles and bodies where `đảng` and `viên` stand in the title, the body, both or neither,
    /// in every combination and in runs long enough for an intersection to skip; `hiếm` in the
    /// bodies of the first 60 only. Four segments of 100 articles.
    fn searcher() -> Searcher {
        let index = ArticleIndex::in_memory();
        let mut writer = index.writer(&WriterOptions::default()).expect("writer");
        let places = ["", "đảng", "viên", "đảng viên", "viên chức đảng bộ"];
        for i in 0..400 {
            let title = format!("Tin {i} {}", places[i % 5]);
            let rare = if i < 60 { "hiếm" } else { "" };
            let body = format!(
                "Bài {i} về {} và kinh tế {rare}.",
                places[(i / 5 + i / 37) % 5]
            );
            let article = Article::new(format!("d{i}"), title, body).with_path("test");
            writer.add(&article).expect("add");
            if i % 100 == 99 {
                writer.commit().expect("commit");
            }
        }
        Searcher::new(index).expect("searcher")
    }

    fn in_either(fields: &[Field], word: &str) -> Vec<Box<dyn Query>> {
        fields
            .iter()
            .map(|&field| {
                let term = Term::from_field_text(field, word);
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>
            })
            .collect()
    }

    fn as_boolean(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    }

    fn both(first: Box<dyn Query>, second: Box<dyn Query>) -> BooleanQuery {
        BooleanQuery::new(vec![(Occur::Must, first), (Occur::Must, second)])
    }

    fn run(searcher: &tantivy::Searcher, query: &dyn Query) -> (usize, Vec<(f32, DocAddress)>) {
        let top = TopDocs::with_limit(1_000).order_by_score();
        searcher.search(query, &(Count, top)).expect("search")
    }

    #[test]
    fn matches_and_scores_as_tantivys_union_alone_and_in_an_intersection() {
        let searcher = searcher();
        let tantivy = searcher.tantivy();
        let fields = searcher.fields();
        let either = [fields.title, fields.body];

        let alone = run(&tantivy, any_of(in_either(&either, "đảng")).as_ref());
        let expected = run(&tantivy, as_boolean(in_either(&either, "đảng")).as_ref());
        assert!(expected.0 > 100 && expected.0 < 400, "{}", expected.0);
        assert_eq!(alone, expected);

        let seeking = both(
            any_of(in_either(&either, "đảng")),
            any_of(in_either(&either, "viên")),
        );
        let buffered = both(
            as_boolean(in_either(&either, "đảng")),
            as_boolean(in_either(&either, "viên")),
        );
        let expected = run(&tantivy, &buffered);
        assert!(expected.0 > 50 && expected.0 < alone.0, "{}", expected.0);
        assert_eq!(run(&tantivy, &seeking), expected);
    }

    #[test]
    fn intersects_and_scores_as_tantivys_required_clauses() {
        let searcher = searcher();
        assert!(searcher.num_segments() > 1, "{}", searcher.num_segments());
        let tantivy = searcher.tantivy();
        let fields = searcher.fields();
        let either = [fields.title, fields.body];
        let words = |words: &[&str]| -> Vec<Box<dyn Query>> {
            (words.iter())
                .map(|word| any_of(in_either(&either, word)))
                .collect()
        };
        let required = |queries: Vec<Box<dyn Query>>| {
            BooleanQuery::new(queries.into_iter().map(|q| (Occur::Must, q)).collect())
        };
        let group = ["kinh", "viên", "tế", "bộ", "đảng"];
        let expected = run(&tantivy, &required(words(&group)));
        assert!(expected.0 > 20 && expected.0 < 200, "{}", expected.0);
        assert_eq!(run(&tantivy, all_of(words(&group)).as_ref()), expected);

        // `hiếm` is in the first segment alone.
        let group = ["viên", "hiếm", "đảng"];
        let expected = run(&tantivy, &required(words(&group)));
        assert!(expected.0 > 5 && expected.0 < 60, "{}", expected.0);
        assert_eq!(run(&tantivy, all_of(words(&group)).as_ref()), expected);
    }

    /// A synonym's alternatives are phrases and groups of words: unions of scorers that are
    /// not single terms, sought inside the intersection of a longer group.
    #[test]
    fn unites_phrases_and_intersections_as_tantivys_union() {
        let searcher = searcher();
        let tantivy = searcher.tantivy();
        let body = searcher.fields().body;
        let alternatives = || -> Vec<Box<dyn Query>> {
            let phrase = ["đảng", "viên"].map(|word| Term::from_field_text(body, word));
            let group = in_either(&[body], "chức")
                .into_iter()
                .chain(in_either(&[body], "bộ"))
                .map(|query| (Occur::Must, query))
                .collect();
            vec![
                Box::new(PhraseQuery::new(phrase.to_vec())),
                Box::new(BooleanQuery::new(group)),
            ]
        };
        let title = searcher.fields().title;
        let with = |union: Box<dyn Query>| {
            let in_title = BooleanQuery::new(
                (in_either(&[title], "đảng").into_iter())
                    .chain(in_either(&[title], "viên"))
                    .map(|query| (Occur::Must, query))
                    .collect(),
            );
            both(Box::new(in_title), union)
        };
        let expected = run(&tantivy, &with(as_boolean(alternatives())));
        assert!(expected.0 > 20 && expected.0 < 100, "{}", expected.0);
        assert_eq!(run(&tantivy, &with(any_of(alternatives()))), expected);
    }
}
