//! tracuu's ranking: one BM25F score per query syllable, and the order of the query's syllables
//! found again in the document.
//!
//! What a query matches is decided by its tantivy query (see [`crate::compile`]), which also
//! orders the matches roughly; the best [`CANDIDATES`] of them are then scored here from their
//! postings, without reading stored text:
//!
//! - **each syllable**, BM25F: its term frequencies in the title and the body, each divided by
//!   the field's length normalisation and weighted ([`Weights::title`]), summed, then saturated
//!   once ([`Weights::k1`]) and multiplied by the idf of the spelling looked for. For a syllable
//!   typed without diacritics, occurrences in another spelling (the other terms of the index
//!   folding to the same accent-free word: `bạn` for a reading `bàn`) count
//!   [`Weights::other_spelling`] each, so a document with a less likely reading keeps a chance
//!   when the rest of the query supports it, and a match counts once, not once per form. A
//!   syllable typed with its marks counts its own spelling only: its other spellings are other
//!   words (`qua` for `quá`);
//! - **each pair** of syllables that follow each other in the query: how often they stand side by
//!   side, in order, in the title and the body, scored the same way with [`Weights::pairs`], its
//!   own saturation ([`Weights::pair_k1`]) and the idf of the pair (counted: [`count_pairs`]) or
//!   of its rarer syllable. This is word order for every query, all words required or any,
//!   typed with diacritics or not.
//!
//! Where any word may match, the candidates themselves are picked with the pairs (see
//! `Compiler::candidates_query`): the union of a few common syllables holds most of the index.
//! A query of one syllable typed with its marks needs no candidates: [`one_term_query`] orders
//! every match as the model does, and only the page is scored here.

use std::sync::Arc;

use tantivy::collector::Count;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight,
};
use tantivy::schema::{Field as TantivyField, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, Term, TERMINATED,
};
use tracuu_indexer::Fields;

use crate::spellings::{any_of_terms, spelled_phrase, UnionPostings};

/// The matches scored by [`rerank`], best first by the tantivy query's own score: enough for
/// documents holding a short query's syllables side by side to reach the top (before the pairs
/// picked the candidates, 100 ranked the development set's phrases 0.14 MRR@10 lower than 300),
/// few enough to read their postings in a few milliseconds.
pub(crate) const CANDIDATES: usize = 300;

/// Any of `syllables` in the body (in the title for `title:`), under
/// [`RankedSyllable::any_forms`] (the spellings of one syllable scored as one term): a union of
/// terms.
pub(crate) fn any_syllable_query(
    searcher: &Searcher,
    fields: &Fields,
    syllables: &[RankedSyllable],
) -> Box<dyn Query> {
    let clauses = syllables
        .iter()
        .map(|syllable| {
            let field = if syllable.title_only {
                fields.title
            } else {
                fields.body
            };
            (
                Occur::Should,
                any_of_terms(searcher, field, syllable.any_forms()),
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// The weights of tracuu's ranking (chosen with `cargo bench --bench relevance`; the sweep is in
/// benches/README.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// An occurrence in the title against one in the body.
    pub title: f32,
    /// An occurrence in another spelling than the one read for an accent-free word against one
    /// in that spelling (a word typed with marks counts its own spelling only).
    pub other_spelling: f32,
    /// Two query syllables side by side in the document, in query order, against one syllable.
    pub pairs: f32,
    /// BM25's term-frequency saturation, for a syllable.
    pub k1: f32,
    /// The saturation for a pair: low, as finding a pair once tells most of what finding it
    /// often does.
    pub pair_k1: f32,
    /// BM25's length normalisation.
    pub b: f32,
}

impl Default for Weights {
    /// The best of the sweep in benches/README.md on every query set of the development set: a
    /// title weighs three body occurrences; b higher (0.9) than the usual 0.75; pairs saturated
    /// almost at once (pair_k1 0.2 against 1.2: +0.03 MRR@10 on phrases).
    fn default() -> Weights {
        Weights {
            title: 3.0,
            other_spelling: 0.3,
            pairs: 1.0,
            k1: 1.2,
            pair_k1: 0.2,
            b: 0.9,
        }
    }
}

/// One positive query syllable, as the ranking sees it.
#[derive(Debug, Clone)]
pub(crate) struct RankedSyllable {
    /// The index term of the spelling typed, or read for an accent-free word.
    pub spelling: String,
    /// Every term of the index folding to the syllable's accent-free form: its spellings.
    pub spellings: Vec<String>,
    /// Only its occurrences in the title count (`title:`).
    pub title_only: bool,
    /// It follows the previous syllable in the query (no punctuation between): the two score
    /// more where they stand side by side.
    pub follows: bool,
    /// Its spelling was typed (not read from an accent-free word).
    pub typed: bool,
    /// It matches in every spelling (`fold`, `any_spelling`), not only in `spelling`.
    pub every_spelling: bool,
    /// It is one of the alternatives of an OR of words: documents need not hold it.
    pub alternative: bool,
    /// When it follows the previous syllable: the documents holding the two side by side (in
    /// the spellings typed, or in any spelling when one was not typed), when counted (see
    /// [`count_pairs`]); else `None`, and the rarer syllable's stands for it.
    pub pair_documents: Option<u64>,
}

/// Pairs of a query counted at most (see [`count_pairs`]): each count reads the positions of two
/// syllables in every document holding both, a few hundred microseconds for common ones.
pub(crate) const MAX_COUNTED_PAIRS: usize = 7;

/// Counts the documents holding each pair of `syllables` side by side in the body, where one of
/// the two is an alternative (OR) and the query has at most [`MAX_COUNTED_PAIRS`] such pairs. A
/// pair's own frequency tells a set phrase of common syllables (`đã được`) from a rare meeting of
/// them (`điện đã`), which the syllables' frequencies cannot; where any word may match, the pair
/// is what tells the documents apart. Where every syllable is required, counting cost 1–4 ms a
/// query (every spelling of an accent-free pair makes long postings) for a gain measured only on
/// unquoted 3–5-syllable spans typed as they are (MRR@10 0.786 to 0.848): left out, and quoting
/// such a span is the way to ask for it.
pub(crate) fn count_pairs(
    searcher: &Searcher,
    fields: &Fields,
    syllables: &mut [RankedSyllable],
) -> tantivy::Result<()> {
    let counted = |i: usize| {
        syllables[i].follows && (syllables[i].alternative || syllables[i - 1].alternative)
    };
    let pairs = (1..syllables.len())
        .filter(|&i| counted(i))
        .collect::<Vec<_>>();
    if pairs.len() > MAX_COUNTED_PAIRS {
        return Ok(());
    }
    for i in pairs {
        let terms = pair_terms(&syllables[i - 1], &syllables[i]);
        let side_by_side = spelled_phrase(fields.body, &[0, 1], &terms, 0);
        syllables[i].pair_documents = Some(searcher.search(side_by_side.as_ref(), &Count)? as u64);
    }
    Ok(())
}

impl RankedSyllable {
    /// The terms of exactly the documents it matches.
    pub(crate) fn exact_forms(&self) -> &[String] {
        if self.every_spelling {
            &self.spellings
        } else {
            std::slice::from_ref(&self.spelling)
        }
    }

    /// Terms of every document it matches, and of more for a reading: its spelling when typed,
    /// else every spelling.
    pub(crate) fn any_forms(&self) -> &[String] {
        if self.typed {
            std::slice::from_ref(&self.spelling)
        } else {
            &self.spellings
        }
    }
}

/// The terms a pair is counted and looked for under, per syllable: as typed, or in any spelling
/// when one of the two was not typed.
pub(crate) fn pair_terms(left: &RankedSyllable, right: &RankedSyllable) -> [Vec<String>; 2] {
    if left.typed && right.typed {
        [vec![left.spelling.clone()], vec![right.spelling.clone()]]
    } else {
        [left.spellings.clone(), right.spellings.clone()]
    }
}

/// The idf of the pair ending at `syllables[i]`, given the idf of each syllable.
fn pair_idf(syllables: &[RankedSyllable], idfs: &[f32], i: usize, docs: f32) -> f32 {
    match syllables[i].pair_documents {
        Some(df) => idf(df as f32, docs),
        None => idfs[i - 1].max(idfs[i]),
    }
}

/// Per field: its tantivy field, and what one occurrence in it weighs by the field's length.
struct FieldModel {
    field: TantivyField,
    by_length: Vec<f32>,
}

/// What [`rerank`] needs from the whole index, computed once per query.
struct Model<'a> {
    syllables: &'a [RankedSyllable],
    idfs: Vec<f32>,
    /// For each syllable following the one before, the idf of the two side by side.
    pair_idfs: Vec<f32>,
    /// For each syllable, the other spellings that count (none for one typed with its marks).
    other_spellings: Vec<Vec<String>>,
    fields: [FieldModel; 2],
    weights: Weights,
}

/// One syllable's occurrences in one field of one document.
#[derive(Default)]
struct Occurrences {
    /// In the spelling looked for.
    spelling: u32,
    /// In every spelling.
    any: u32,
    /// Positions in every spelling, and whether each is the spelling looked for (read only when
    /// a pair needs them).
    positions: Vec<(u32, bool)>,
}

/// The postings of one syllable in one field of one segment.
struct SyllablePostings {
    /// Of the spelling looked for.
    spelling: Option<SegmentPostings>,
    /// Of its other spellings, when they count (not for a syllable typed with its marks).
    others: UnionPostings,
}

impl SyllablePostings {
    /// Reads the syllable's occurrences in `doc` into `found`, with their positions when
    /// `with_positions`. Documents must be read in order.
    fn read(
        &mut self,
        doc: DocId,
        with_positions: bool,
        found: &mut Occurrences,
        positions: &mut Vec<u32>,
    ) {
        found.positions.clear();
        found.spelling = 0;
        if let Some(p) = at(&mut self.spelling, doc) {
            found.spelling = p.term_freq();
            if with_positions {
                p.positions(positions);
                found
                    .positions
                    .extend(positions.iter().map(|&pos| (pos, true)));
            }
        }
        found.any = found.spelling;
        for (_, p) in self.others.holding(doc) {
            found.any += p.term_freq();
            if with_positions {
                p.positions(positions);
                found
                    .positions
                    .extend(positions.iter().map(|&pos| (pos, false)));
            }
        }
        found.positions.sort_unstable();
    }
}

/// `candidates` scored by the model of this module, best first (ties in the order given) in
/// each run of [`CANDIDATES`]: the first run holds the tantivy query's best matches, the next
/// its next best, and so on, so that more candidates of the same query keep the order of fewer
/// as their beginning, and pages of any size tile one order.
pub(crate) fn rerank(
    searcher: &Searcher,
    fields: &Fields,
    syllables: &[RankedSyllable],
    weights: Weights,
    candidates: Vec<(f32, DocAddress)>,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    if syllables.is_empty() || candidates.is_empty() {
        return Ok(candidates);
    }
    let model = Model::new(searcher, fields, syllables, weights)?;
    let mut by_doc: Vec<(usize, DocAddress)> = candidates
        .iter()
        .enumerate()
        .map(|(rank, (_, address))| (rank, *address))
        .collect();
    by_doc.sort_by_key(|(_, address)| *address);
    let mut scores = vec![0.0f32; candidates.len()];
    for segment in by_doc.chunk_by(|(_, a), (_, b)| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].1.segment_ord);
        model.score_segment(reader, segment, &mut scores)?;
    }
    let mut ranked: Vec<(usize, f32, DocAddress)> = candidates
        .into_iter()
        .enumerate()
        .map(|(rank, (_, address))| (rank, scores[rank], address))
        .collect();
    for run in ranked.chunks_mut(CANDIDATES) {
        run.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    Ok(ranked.into_iter().map(|(_, s, a)| (s, a)).collect())
}

impl<'a> Model<'a> {
    fn new(
        searcher: &Searcher,
        fields: &Fields,
        syllables: &'a [RankedSyllable],
        weights: Weights,
    ) -> tantivy::Result<Model<'a>> {
        let docs = searcher.num_docs().max(1) as f32;
        let mut idfs = Vec::with_capacity(syllables.len());
        for syllable in syllables {
            let df = |field| searcher.doc_freq(&Term::from_field_text(field, &syllable.spelling));
            let df = if syllable.title_only {
                df(fields.title)?
            } else {
                df(fields.body)?.max(df(fields.title)?)
            };
            idfs.push(idf(df as f32, docs));
        }
        let pair_idfs = (0..syllables.len())
            .map(|i| match syllables[i].follows {
                true => pair_idf(syllables, &idfs, i, docs),
                false => 0.0,
            })
            .collect();
        let other_spellings = syllables
            .iter()
            .map(|syllable| match syllable.typed {
                true => Vec::new(),
                false => (syllable.spellings.iter())
                    .filter(|&s| *s != syllable.spelling)
                    .cloned()
                    .collect(),
            })
            .collect();
        Ok(Model {
            syllables,
            idfs,
            pair_idfs,
            other_spellings,
            fields: [
                FieldModel {
                    field: fields.title,
                    by_length: by_length(searcher, fields.title, weights.title, weights.b)?,
                },
                FieldModel {
                    field: fields.body,
                    by_length: by_length(searcher, fields.body, 1.0, weights.b)?,
                },
            ],
            weights,
        })
    }

    /// Whether syllable `i` is in a pair (with the one before or the one after).
    fn in_pair(&self, i: usize) -> bool {
        self.syllables[i].follows || self.syllables.get(i + 1).is_some_and(|next| next.follows)
    }

    /// Adds the score of each document of `docs` (one segment's, in doc order, with their rank
    /// in the candidates) to `scores`.
    fn score_segment(
        &self,
        reader: &SegmentReader,
        docs: &[(usize, DocAddress)],
        scores: &mut [f32],
    ) -> tantivy::Result<()> {
        let mut postings: Vec<Vec<SyllablePostings>> = Vec::with_capacity(self.fields.len());
        let mut norms = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let inverted = reader.inverted_index(field.field)?;
            let with_positions = IndexRecordOption::WithFreqsAndPositions;
            let mut per_syllable = Vec::with_capacity(self.syllables.len());
            for (syllable, others) in self.syllables.iter().zip(&self.other_spellings) {
                let in_field = !syllable.title_only || field.field == self.fields[0].field;
                per_syllable.push(if in_field {
                    SyllablePostings {
                        spelling: inverted.read_postings(
                            &Term::from_field_text(field.field, &syllable.spelling),
                            with_positions,
                        )?,
                        others: UnionPostings::open(reader, field.field, others, with_positions)?,
                    }
                } else {
                    SyllablePostings {
                        spelling: None,
                        others: UnionPostings::open(reader, field.field, &[], with_positions)?,
                    }
                });
            }
            postings.push(per_syllable);
            norms.push(reader.get_fieldnorms_reader(field.field)?);
        }
        let mut occurrences: Vec<Vec<Occurrences>> = self
            .fields
            .iter()
            .map(|_| {
                self.syllables
                    .iter()
                    .map(|_| Occurrences::default())
                    .collect()
            })
            .collect();
        let mut positions = Vec::new();
        for &(rank, address) in docs {
            let doc = address.doc_id;
            for (f, field_postings) in postings.iter_mut().enumerate() {
                for (i, syllable) in field_postings.iter_mut().enumerate() {
                    syllable.read(doc, self.in_pair(i), &mut occurrences[f][i], &mut positions);
                }
            }
            let length =
                |f: usize| self.fields[f].by_length[usize::from(norms[f].fieldnorm_id(doc))];
            scores[rank] = self.score(&occurrences, [length(0), length(1)]);
        }
        Ok(())
    }

    /// The score of one document from its occurrences per field and syllable, and what an
    /// occurrence weighs in each of its fields by their lengths.
    fn score(&self, occurrences: &[Vec<Occurrences>], by_length: [f32; 2]) -> f32 {
        let w = &self.weights;
        let saturate = |weighted: f32, k1: f32| weighted * (k1 + 1.0) / (weighted + k1);
        // The field-weighted, length-normalised frequency of something counted per field.
        let weighted = |count: [f32; 2]| count[0] * by_length[0] + count[1] * by_length[1];
        let mut score = 0.0;
        for (i, idf) in self.idfs.iter().enumerate() {
            let count = |o: &Occurrences| {
                o.spelling as f32 + w.other_spelling * (o.any - o.spelling) as f32
            };
            let tf = weighted([count(&occurrences[0][i]), count(&occurrences[1][i])]);
            if tf > 0.0 {
                score += idf * saturate(tf, w.k1);
            }
            if i > 0 && self.syllables[i].follows {
                let pair = |f: usize| {
                    side_by_side(
                        &occurrences[f][i - 1].positions,
                        &occurrences[f][i].positions,
                        w.other_spelling,
                    )
                };
                let tf = weighted([pair(0), pair(1)]);
                if tf > 0.0 {
                    score += w.pairs * self.pair_idfs[i] * saturate(tf, w.pair_k1);
                }
            }
        }
        score
    }
}

/// The postings positioned on `doc`, when they hold it. Documents must be asked in order.
pub(crate) fn at(
    postings: &mut Option<SegmentPostings>,
    doc: DocId,
) -> Option<&mut SegmentPostings> {
    let p = postings.as_mut()?;
    if p.doc() < doc {
        p.seek(doc);
    }
    (p.doc() == doc && p.doc() != TERMINATED).then_some(p)
}

/// How often an occurrence of `left` is followed right after by one of `right`: 1 each when both
/// are in the spelling looked for, `other` otherwise.
fn side_by_side(left: &[(u32, bool)], right: &[(u32, bool)], other: f32) -> f32 {
    let mut count = 0.0;
    let mut j = 0;
    for &(position, exact) in left {
        while j < right.len() && right[j].0 <= position {
            j += 1;
        }
        if let Some(&(next, next_exact)) = right.get(j) {
            if next == position + 1 {
                count += if exact && next_exact { 1.0 } else { other };
            }
        }
    }
    count
}

/// By fieldnorm id (a field's length as tantivy stores it), what one occurrence in `field` weighs
/// in the model: the field's `weight` over BM25's length normalisation (`b`) of that length
/// against the field's average.
fn by_length(
    searcher: &Searcher,
    field: TantivyField,
    weight: f32,
    b: f32,
) -> tantivy::Result<Vec<f32>> {
    let mut tokens = 0u64;
    for segment in searcher.segment_readers() {
        tokens += segment.inverted_index(field)?.total_num_tokens();
    }
    let average = (tokens as f32 / searcher.num_docs().max(1) as f32).max(1.0);
    Ok((0..=u8::MAX)
        .map(|id| {
            let length = FieldNormReader::id_to_fieldnorm(id) as f32 / average;
            weight / (1.0 - b + b * length)
        })
        .collect())
}

/// For a query that is one syllable typed with its marks and matches that one term in the title
/// and the body (or the title), the same matches ordered as [`rerank`] would order them all:
/// by the syllable's occurrences in each field times what one weighs there ([`by_length`]),
/// summed, the model's own frequency of the syllable. What the model adds (the saturation, the
/// idf) is the same increasing function for every match, so the best of this order are the
/// model's best among every match, with no candidates to pick. Within `dates` when given, which
/// add 0 to every score.
pub(crate) fn one_term_query(
    searcher: &Searcher,
    fields: &Fields,
    syllable: &RankedSyllable,
    weights: Weights,
    dates: Option<&dyn Query>,
) -> tantivy::Result<Box<dyn Query>> {
    let mut in_fields = vec![(fields.title, weights.title)];
    if !syllable.title_only {
        in_fields.push((fields.body, 1.0));
    }
    let parts = in_fields
        .into_iter()
        .map(|(field, weight)| {
            Ok(WeightedTerm {
                term: Term::from_field_text(field, &syllable.spelling),
                by_length: by_length(searcher, field, weight, weights.b)?.into(),
            })
        })
        .collect::<tantivy::Result<_>>()?;
    let term = Box::new(OneTerm { parts });
    Ok(match dates {
        None => term,
        Some(dates) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, term),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(dates.box_clone(), 0.0)),
            ),
        ])),
    })
}

/// A term in one field, scored as that field's part of the model's frequency: its frequency in
/// the document times what an occurrence weighs by the field's length ([`by_length`]).
#[derive(Debug, Clone)]
struct WeightedTerm {
    term: Term,
    by_length: Arc<[f32]>,
}

/// The query of [`one_term_query`]: one term in each of its fields, their parts summed in field
/// order (the title first), as the model sums them.
#[derive(Debug, Clone)]
struct OneTerm {
    parts: Vec<WeightedTerm>,
}

impl OneTerm {
    fn scorer_of(&self, reader: &SegmentReader) -> tantivy::Result<OneTermScorer> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            let field = part.term.field();
            let postings = reader
                .inverted_index(field)?
                .read_postings(&part.term, IndexRecordOption::WithFreqs)?;
            if let Some(postings) = postings {
                parts.push(WeightedPostings {
                    postings,
                    fieldnorms: reader.get_fieldnorms_reader(field)?,
                    by_length: part.by_length.clone(),
                });
            }
        }
        let doc = parts
            .iter()
            .map(|p| p.postings.doc())
            .min()
            .unwrap_or(TERMINATED);
        Ok(OneTermScorer { parts, doc })
    }
}

impl Query for OneTerm {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for part in &self.parts {
            visitor(&part.term, false);
        }
    }
}

impl Weight for OneTerm {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.scorer_of(reader)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer_of(reader)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold the term"
            )));
        }
        Ok(Explanation::new(
            "weighted, length-normalised frequency",
            scorer.score(),
        ))
    }

    /// Every match with its score, without a boxed scorer between (this is the whole search).
    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let mut scorer = self.scorer_of(reader)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            callback(doc, scorer.score());
            doc = scorer.advance();
        }
        Ok(())
    }
}

/// The postings of a [`WeightedTerm`] in one segment.
struct WeightedPostings {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    by_length: Arc<[f32]>,
}

impl WeightedPostings {
    fn score(&self) -> f32 {
        let doc = self.postings.doc();
        let by_length = self.by_length[usize::from(self.fieldnorms.fieldnorm_id(doc))];
        self.postings.term_freq() as f32 * by_length
    }
}

/// The documents holding the term in one of its fields, in order.
struct OneTermScorer {
    parts: Vec<WeightedPostings>,
    doc: DocId,
}

impl OneTermScorer {
    fn move_to(&mut self, doc: impl Fn(&mut SegmentPostings) -> DocId) -> DocId {
        self.doc = TERMINATED;
        for part in &mut self.parts {
            self.doc = self.doc.min(doc(&mut part.postings));
        }
        self.doc
    }
}

impl DocSet for OneTermScorer {
    fn advance(&mut self) -> DocId {
        let at = self.doc;
        self.move_to(|p| if p.doc() == at { p.advance() } else { p.doc() })
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.move_to(|p| {
            if p.doc() < target {
                p.seek(target)
            } else {
                p.doc()
            }
        })
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .map(|p| p.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for OneTermScorer {
    fn score(&mut self) -> Score {
        let mut score = 0.0;
        for part in &self.parts {
            if part.postings.doc() == self.doc {
                score += part.score();
            }
        }
        score
    }
}

/// BM25's inverse document frequency.
pub(crate) fn idf(df: f32, docs: f32) -> f32 {
    (1.0 + (docs - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_count_each_left_occurrence_followed_right_after() {
        let exact = |positions: &[u32]| positions.iter().map(|&p| (p, true)).collect::<Vec<_>>();
        // `phòng chống` at 3-4 and 10-11; 7 is `phòng` alone; 20 is `chống` alone.
        let left = exact(&[3, 7, 10]);
        let right = exact(&[4, 11, 20]);
        assert_eq!(side_by_side(&left, &right, 0.3), 2.0);
        // In order only.
        assert_eq!(side_by_side(&right, &left, 0.3), 0.0);
        // A pair with either syllable in another spelling counts `other`.
        let right = vec![(4, true), (11, false)];
        assert_eq!(side_by_side(&left, &right, 0.3), 1.3);
    }

    #[test]
    fn rarer_is_more_informative() {
        assert!(idf(1.0, 1000.0) > idf(10.0, 1000.0));
        assert!(idf(1000.0, 1000.0) > 0.0);
    }
}
