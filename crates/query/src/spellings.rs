//! Every spelling of an accent-free word, from the index's own term dictionary.
//!
//! Title and body index only the normalised term of each word (`đảng`), so a word looked for in
//! every spelling (`dang`: `đang`, `đảng`, `dạng`...) is the union of the index's terms that fold
//! to it. They are found by walking each segment's term dictionary with [`FoldsTo`], an automaton
//! that folds a term byte by byte and gives up at the first character that cannot fold to the
//! word, so a walk visits little more than the terms it finds.
//!
//! What is built on them: a union of terms scored as one term ([`any_of_terms`]), a phrase with
//! several terms at a position ([`spelled_phrase`]), and the postings of several terms read as
//! one ([`UnionPostings`]) for the ranking and the reading of accent-free words.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::postings::{SegmentPostings, TermInfo};
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, RegexPhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};
use tantivy_fst::Automaton;
use tracuu_indexer::analysis::{fold_char, BREAK_MARK};
use tracuu_indexer::Fields;

use crate::index_order::IndexOrder;
use crate::near::NearQuery;
use crate::rank::idf;

/// A word stands for at most this many terms of the index. A Vietnamese syllable has at most a
/// few dozen spellings in real text (`dang`: about fifteen); past the bound, a word is refused as
/// a prefix standing for too many words is, never silently cut.
pub(crate) const MAX_SPELLINGS: usize = 512;

/// Accepts the terms whose folded form is `target`, or, for a prefix, starts with it.
pub(crate) struct FoldsTo<'a> {
    target: &'a [u8],
    prefix: bool,
    /// The folded form of the character just read (kept to spare an allocation per character).
    folded: RefCell<String>,
}

/// Where a walk of [`FoldsTo`] stands: the bytes of the target matched so far by whole
/// characters, and the bytes of a character begun but not yet complete.
#[derive(Clone, Copy)]
pub(crate) enum FoldState {
    /// No term with these first bytes folds to the target.
    Dead,
    /// The term so far folds to `target[..matched]`, then `pending[..pending_len]` follows.
    At {
        matched: usize,
        pending: [u8; 4],
        pending_len: u8,
    },
}

impl<'a> FoldsTo<'a> {
    /// Terms folding to `target` exactly.
    pub(crate) fn word(target: &'a str) -> FoldsTo<'a> {
        FoldsTo {
            target: target.as_bytes(),
            prefix: false,
            folded: RefCell::default(),
        }
    }

    /// Terms whose folded form starts with `target`.
    pub(crate) fn prefix(target: &'a str) -> FoldsTo<'a> {
        FoldsTo {
            target: target.as_bytes(),
            prefix: true,
            folded: RefCell::default(),
        }
    }

    /// The state after the folded form `folded` of one whole character.
    fn after(&self, matched: usize, folded: &[u8]) -> FoldState {
        let rest = &self.target[matched..];
        let matched = if self.prefix && rest.is_empty() {
            matched
        } else if rest.starts_with(folded) {
            matched + folded.len()
        } else if self.prefix && folded.starts_with(rest) {
            self.target.len()
        } else {
            return FoldState::Dead;
        };
        FoldState::At {
            matched,
            pending: [0; 4],
            pending_len: 0,
        }
    }
}

/// The length of the UTF-8 sequence starting with `first`, `None` for a byte that cannot start one.
fn utf8_length(first: u8) -> Option<usize> {
    match first {
        0x00..=0x7F => Some(1),
        0xC0..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF7 => Some(4),
        _ => None,
    }
}

impl Automaton for FoldsTo<'_> {
    type State = FoldState;

    fn start(&self) -> FoldState {
        FoldState::At {
            matched: 0,
            pending: [0; 4],
            pending_len: 0,
        }
    }

    fn is_match(&self, state: &FoldState) -> bool {
        matches!(state, FoldState::At { matched, pending_len: 0, .. } if *matched == self.target.len())
    }

    fn can_match(&self, state: &FoldState) -> bool {
        matches!(state, FoldState::At { .. })
    }

    fn will_always_match(&self, state: &FoldState) -> bool {
        self.prefix
            && matches!(state, FoldState::At { matched, pending_len: 0, .. } if *matched == self.target.len())
    }

    fn accept(&self, state: &FoldState, byte: u8) -> FoldState {
        let FoldState::At {
            matched,
            mut pending,
            pending_len,
        } = *state
        else {
            return FoldState::Dead;
        };
        if pending_len == 0 && byte.is_ascii() {
            // Terms are lowercase: an ASCII character folds to itself.
            return self.after(matched, &[byte]);
        }
        let len = usize::from(pending_len);
        pending[len] = byte;
        let Some(expected) = utf8_length(pending[0]) else {
            return FoldState::Dead;
        };
        if len + 1 < expected {
            return FoldState::At {
                matched,
                pending,
                pending_len: pending_len + 1,
            };
        }
        let Some(c) = std::str::from_utf8(&pending[..expected])
            .ok()
            .and_then(|s| s.chars().next())
        else {
            return FoldState::Dead;
        };
        let mut folded = self.folded.borrow_mut();
        folded.clear();
        fold_char(c, &mut folded);
        self.after(matched, folded.as_bytes())
    }
}

/// The folded form of a term of the index, as [`FoldsTo`] reads it.
pub(crate) fn fold_of(term: &str) -> String {
    let mut folded = String::with_capacity(term.len());
    for c in term.chars() {
        fold_char(c, &mut folded);
    }
    folded
}

/// The distinct terms of `fields` that `automaton` accepts, in order, each with the documents
/// holding it in any of `fields` (summed over fields and segments), or `None` once there are
/// more than `bound` (a segment whose dictionary cannot be read is skipped). With `live`,
/// deleted documents are not counted (the term's postings are read in segments that have
/// some); otherwise they are, as [`Searcher::doc_freq`] counts.
fn matching_terms(
    searcher: &Searcher,
    fields: &[Field],
    automaton: &FoldsTo<'_>,
    bound: usize,
    live: bool,
) -> Option<BTreeMap<String, u64>> {
    let mut terms = BTreeMap::new();
    for &field in fields {
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                continue;
            };
            let alive = segment.alive_bitset().filter(|_| live);
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    let info = stream.value();
                    let documents = u64::from(match alive {
                        Some(alive) => inverted
                            .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                            .map_or(info.doc_freq, |mut postings| postings.count(alive)),
                        None => info.doc_freq,
                    });
                    match terms.get_mut(term) {
                        Some(counted) => *counted += documents,
                        None => {
                            terms.insert(term.to_string(), documents);
                            if terms.len() > bound {
                                return None;
                            }
                        }
                    }
                }
            }
        }
    }
    Some(terms)
}

/// The terms of `fields` folding to `folded`, in order, with their live documents, or `None`
/// past [`MAX_SPELLINGS`]. A term's document frequency counts the old versions of replaced
/// articles until a merge drops them; they are left out, so that the counts, and the readings
/// chosen by them, do not depend on the merges.
fn spellings_of(searcher: &Searcher, fields: &[Field], folded: &str) -> Option<Vec<(String, u64)>> {
    let terms = matching_terms(
        searcher,
        fields,
        &FoldsTo::word(folded),
        MAX_SPELLINGS,
        true,
    )?;
    Some(terms.into_iter().collect())
}

/// Spellings a word found by a prefix has on average at most: `max_words` words stand for at
/// most this many times as many terms.
const PREFIX_SPELLINGS_PER_WORD: usize = 4;

/// Words whose spellings a [`SpellingCache`] keeps at most: about the Vietnamese syllables in
/// use, with room for names and numbers; when full, it starts again empty.
const CACHED_WORDS: usize = 20_000;

/// The spellings of the words looked up so far in title and body, for one generation of the
/// index's searcher: a word's walk of every segment's dictionary (tens of microseconds per
/// segment and field, a few milliseconds for a long query) is done once, not at every query.
/// With them, the order the readings of accent-free words sample the index in ([`IndexOrder`]).
/// Emptied when the searcher it is asked with sees another commit.
#[derive(Default)]
pub(crate) struct SpellingCache {
    words: Mutex<CachedWords>,
    /// The searcher generation the order is of, and the order.
    order: Mutex<Option<(u64, Arc<IndexOrder>)>>,
}

/// The words of a [`SpellingCache`].
#[derive(Default)]
struct CachedWords {
    /// The searcher generation they are of.
    generation: u64,
    /// Each word's spellings with their documents (`None`: past [`MAX_SPELLINGS`]).
    spellings: HashMap<String, Option<Vec<(String, u64)>>>,
}

impl SpellingCache {
    /// The terms of title and body folding to `folded` ([`spellings_of`]), or `None` past
    /// [`MAX_SPELLINGS`].
    pub(crate) fn title_and_body(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        folded: &str,
    ) -> Option<Vec<String>> {
        let found = self.title_and_body_documents(searcher, fields, folded)?;
        Some(found.into_iter().map(|(term, _)| term).collect())
    }

    /// [`title_and_body`](Self::title_and_body), each term with the documents holding it in the
    /// title plus those holding it in the body.
    pub(crate) fn title_and_body_documents(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        folded: &str,
    ) -> Option<Vec<(String, u64)>> {
        let generation = searcher.generation().generation_id();
        {
            let mut cached = self.words.lock().unwrap_or_else(|e| e.into_inner());
            if cached.generation != generation || cached.spellings.len() >= CACHED_WORDS {
                *cached = CachedWords {
                    generation,
                    spellings: HashMap::new(),
                };
            }
            if let Some(found) = cached.spellings.get(folded) {
                return found.clone();
            }
        }
        let found = spellings_of(searcher, &[fields.title, fields.body], folded);
        let mut cached = self.words.lock().unwrap_or_else(|e| e.into_inner());
        if cached.generation == generation {
            cached.spellings.insert(folded.to_string(), found.clone());
        }
        found
    }

    /// The documents of `searcher` in the order they were first indexed, read once per
    /// generation.
    pub(crate) fn index_order(&self, searcher: &Searcher) -> tantivy::Result<Arc<IndexOrder>> {
        let generation = searcher.generation().generation_id();
        let mut cached = self.order.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((of, order)) if *of == generation => Ok(Arc::clone(order)),
            _ => {
                let order = Arc::new(IndexOrder::of(searcher)?);
                *cached = Some((generation, Arc::clone(&order)));
                Ok(order)
            }
        }
    }
}

/// The terms of `fields` whose folded form starts with `prefix`, and the distinct words they fold
/// to; `None` when those are more than `max_words` or the terms more than
/// [`PREFIX_SPELLINGS_PER_WORD`] times that.
pub(crate) fn fold_prefix_terms(
    searcher: &Searcher,
    fields: &[Field],
    prefix: &str,
    max_words: usize,
) -> Option<(Vec<String>, usize)> {
    let terms = matching_terms(
        searcher,
        fields,
        &FoldsTo::prefix(prefix),
        max_words.saturating_mul(PREFIX_SPELLINGS_PER_WORD),
        false,
    )?;
    let words: BTreeSet<String> = terms.keys().map(|t| fold_of(t)).collect();
    (words.len() <= max_words).then(|| (terms.into_keys().collect(), words.len()))
}

/// Any of `terms` in `field`, scored as if they were one term (as the accent-free twin of every
/// spelling was): each term's BM25 is boosted from its own idf to the idf of all of them
/// together (their document frequencies summed, at most every document). Scored apart, a rare
/// spelling of a common word (`đàng` beside `đang`) would outweigh it and fill the candidates.
pub(crate) fn any_of_terms(searcher: &Searcher, field: Field, terms: &[String]) -> Box<dyn Query> {
    let docs = searcher.num_docs().max(1);
    let found: Vec<(Term, u64)> = terms
        .iter()
        .map(|t| {
            let term = Term::from_field_text(field, t);
            let df = searcher.doc_freq(&term).unwrap_or(0);
            (term, df)
        })
        .filter(|(_, df)| *df > 0)
        .collect();
    let together = found.iter().map(|(_, df)| df).sum::<u64>().min(docs);
    let clauses = found
        .into_iter()
        .map(|(term, df)| {
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            let boost = idf(together as f32, docs as f32) / idf(df as f32, docs as f32);
            let query: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(query), boost));
            (Occur::Should, query)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// A phrase in `field`: at each offset from the first, any of that position's terms. A position
/// with one term each is a plain phrase; otherwise each position is an alternation of its terms
/// (tantivy's regex phrase, which reads the union of their postings). With a `slop`, the words
/// in order with at most that many positions between them in all, wherever they stand
/// ([`NearQuery`]; the offsets are not used). Where the offsets leave a gap (punctuation typed in
/// the phrase), the text must have a break there, not a word: the word after the gap is sought
/// in its terms marked with [`BREAK_MARK`]. A position without any term matches nothing.
pub(crate) fn spelled_phrase(
    field: Field,
    offsets: &[usize],
    terms: &[Vec<String>],
    slop: u32,
) -> Box<dyn Query> {
    if terms.iter().any(Vec::is_empty) {
        return Box::new(EmptyQuery);
    }
    if slop > 0 {
        return Box::new(NearQuery::new(field, terms.to_vec(), slop));
    }
    let terms = marked_after_gaps(offsets, terms);
    if terms.iter().all(|t| t.len() == 1) {
        let terms = offsets
            .iter()
            .zip(&terms)
            .map(|(&offset, t)| (offset, Term::from_field_text(field, &t[0])))
            .collect();
        return Box::new(PhraseQuery::new_with_offset(terms));
    }
    let patterns = offsets
        .iter()
        .zip(&terms)
        .map(|(&offset, alternatives)| {
            let escaped: Vec<String> = alternatives
                .iter()
                .map(|t| regex_syntax::escape(t))
                .collect();
            (offset, format!("(?:{})", escaped.join("|")))
        })
        .collect();
    Box::new(RegexPhraseQuery::new_with_offset(field, patterns))
}

/// The terms of a phrase, those of each word after a gap in `offsets` marked as after a break.
fn marked_after_gaps(offsets: &[usize], terms: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut marked = terms.to_vec();
    for (i, pair) in offsets.windows(2).enumerate() {
        if pair[1] > pair[0] + 1 {
            marked[i + 1]
                .iter_mut()
                .for_each(|t| t.insert_str(0, BREAK_MARK));
        }
    }
    marked
}

/// The postings of several terms of one field of one segment, read together: a document is held
/// when any term holds it. Documents must be asked in increasing order.
pub(crate) struct UnionPostings {
    /// Each term's postings, in the order of the terms given (absent terms left out, so
    /// `terms[i]` is the index of the term the `i`-th postings are of).
    postings: Vec<SegmentPostings>,
    terms: Vec<usize>,
}

impl UnionPostings {
    /// The postings of `terms` in `field` of `reader`, with `option`'s detail.
    pub(crate) fn open(
        reader: &SegmentReader,
        field: Field,
        terms: &[String],
        option: IndexRecordOption,
    ) -> tantivy::Result<UnionPostings> {
        let found = UnionPostings::find(reader, field, terms)?;
        UnionPostings::open_found(reader, field, &found, option)
    }

    /// The terms of `terms` that `field` of `reader` holds, each with its index among `terms`
    /// and where its postings are: found once, they are opened again and again
    /// ([`open_found`](Self::open_found)) without looking the terms up.
    pub(crate) fn find(
        reader: &SegmentReader,
        field: Field,
        terms: &[String],
    ) -> tantivy::Result<Vec<(usize, TermInfo)>> {
        let inverted = reader.inverted_index(field)?;
        let mut found = Vec::with_capacity(terms.len());
        for (i, term) in terms.iter().enumerate() {
            if let Some(info) = inverted.get_term_info(&Term::from_field_text(field, term))? {
                found.push((i, info));
            }
        }
        Ok(found)
    }

    /// The postings of the terms `found` in `field` of `reader`, with `option`'s detail.
    pub(crate) fn open_found(
        reader: &SegmentReader,
        field: Field,
        found: &[(usize, TermInfo)],
        option: IndexRecordOption,
    ) -> tantivy::Result<UnionPostings> {
        let inverted = reader.inverted_index(field)?;
        let mut union = UnionPostings {
            postings: Vec::with_capacity(found.len()),
            terms: Vec::with_capacity(found.len()),
        };
        for (i, info) in found {
            union
                .postings
                .push(inverted.read_postings_from_terminfo(info, option)?);
            union.terms.push(*i);
        }
        Ok(union)
    }

    /// How many documents hold some term, at most (the terms' document counts summed).
    pub(crate) fn size_hint(&self) -> u32 {
        self.postings.iter().map(|p| p.size_hint()).sum()
    }

    /// Whether no term has any postings.
    pub(crate) fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// The first document at or after `doc` that some term holds (`TERMINATED` past the last).
    pub(crate) fn seek(&mut self, doc: DocId) -> DocId {
        let mut first = TERMINATED;
        for p in &mut self.postings {
            let at = if p.doc() < doc { p.seek(doc) } else { p.doc() };
            first = first.min(at);
        }
        first
    }

    /// Whether some term holds `doc`.
    pub(crate) fn holds(&mut self, doc: DocId) -> bool {
        self.seek(doc) == doc
    }

    /// The postings of the terms holding `doc`, each with the index of its term among those
    /// given to [`open`](Self::open) or [`find`](Self::find).
    pub(crate) fn holding(
        &mut self,
        doc: DocId,
    ) -> impl Iterator<Item = (usize, &mut SegmentPostings)> {
        self.postings
            .iter_mut()
            .zip(&self.terms)
            .filter_map(move |(p, &term)| {
                if p.doc() < doc {
                    p.seek(doc);
                }
                (p.doc() == doc && doc != TERMINATED).then_some((term, p))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(automaton: &FoldsTo<'_>, term: &str) -> bool {
        let state = term
            .bytes()
            .fold(automaton.start(), |state, b| automaton.accept(&state, b));
        automaton.is_match(&state)
    }

    #[test]
    fn a_word_accepts_exactly_the_terms_folding_to_it() {
        let dang = FoldsTo::word("dang");
        for term in ["dang", "đảng", "đang", "dạng", "đăng"] {
            assert!(accepts(&dang, term), "{term}");
        }
        for term in ["dan", "dangg", "đảnh", "ang", "đảng-viên"] {
            assert!(!accepts(&dang, term), "{term}");
        }
        assert!(accepts(&FoldsTo::word("cafe"), "café"));
        assert!(accepts(&FoldsTo::word("vac-xin"), "vắc-xin"));
    }

    #[test]
    fn a_prefix_accepts_the_terms_whose_fold_starts_with_it() {
        let ng = FoldsTo::prefix("nguo");
        for term in ["người", "nguồn", "nguo"] {
            assert!(accepts(&ng, term), "{term}");
        }
        assert!(!accepts(&ng, "ngũ"));
    }

    #[test]
    fn folding_a_term_by_characters_agrees_with_the_analyzer() {
        for word in ["Đảng", "ỦY", "café", "España", "vắc-xin", "Ἀθῆναι", "한국"]
        {
            let term = tracuu_indexer::analysis::normalize_term(word);
            assert_eq!(
                fold_of(&term),
                tracuu_indexer::analysis::fold_term(word),
                "{word}"
            );
        }
    }
}
