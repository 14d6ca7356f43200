//! Choosing the most likely accented reading of syllables typed without diacritics.
//!
//! `dang` may be `đang`, `đảng`, `đăng`, `dạng`... For each accent-free syllable the candidates
//! are every accented spelling that folds to it and occurs in the index. Adjacent syllables are
//! read together from the index's positions: where two candidates occur side by side, the
//! spellings found there are counted, on a sample of such places. A sequence is chosen by
//! those counts, then by how often each candidate occurs alone (Viterbi). So `dang uy` reads
//! `đảng ủy` and `dang vien` reads `đảng viên`, with nothing indexed for it beyond positions.

use std::cell::RefCell;
use std::collections::{BinaryHeap, HashMap};

use tantivy::fastfield::AliveBitSet;
use tantivy::postings::{Postings, TermInfo};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Searcher, SegmentOrdinal, TERMINATED};
use tracuu_indexer::Fields;

use crate::index_order::{IndexOrder, Stretch};
use crate::spellings::{SpellingCache, UnionPostings};

/// At most this many candidates are kept per syllable (the most frequent ones): `dang` has
/// more than eight spellings in real news, and the right one is not always among the top eight.
const MAX_CANDIDATES: usize = 16;

/// How much of the index is read to count the spellings of two syllables side by side.
#[derive(Debug, Clone, Copy)]
struct SampleLimits {
    /// Places where the two syllables stand side by side: enough to tell the usual readings
    /// apart, and a bound on the work (frequent pairs occur thousands of times).
    places: u32,
    /// Documents holding both syllables whose positions are read: two common syllables seldom
    /// side by side (`ban nhan`) are both in most documents, and finding all the places would
    /// read a quarter of the 105,000 vietnews articles, and ten times more in an index ten
    /// times larger. Past this bound the counts found are extrapolated to the whole index (see
    /// [`PairCounts::sample`]).
    documents: u32,
    /// The least size of a slice of the sample, in sequence numbers (about documents): the
    /// index is read in as many slices as it holds this many, one at least and [`MAX_SLICES`]
    /// at most, each up to its share of the places and documents.
    slice_documents: u64,
}

impl SampleLimits {
    /// Whether reading `documents` documents holding `places` places spends these limits.
    fn spent_by(&self, documents: u64, places: u64) -> bool {
        documents >= u64::from(self.documents) || places >= u64::from(self.places)
    }
}

/// The limits of every reading (chosen with `cargo bench --bench relevance`: see
/// benches/README.md).
const SAMPLE_LIMITS: SampleLimits = SampleLimits {
    places: 256,
    documents: 8_192,
    slice_documents: 8_192,
};

/// One syllable of a sequence to read: fixed (typed with diacritics) or to be guessed, or a
/// break between two syllables.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Syllable {
    /// A term typed with diacritics, kept as is.
    Fixed(String),
    /// An accent-free syllable whose reading is to be chosen.
    Folded(String),
    /// Punctuation between the syllables on either side: they are read apart, as no phrase
    /// spans it. It has no reading of its own.
    Break,
}

/// The syllables of words at `positions`, with a [`Syllable::Break`] wherever a position is
/// skipped (punctuation between two words).
pub(crate) fn with_breaks(words: impl IntoIterator<Item = (Syllable, usize)>) -> Vec<Syllable> {
    let mut syllables = Vec::new();
    let mut last = None;
    for (syllable, position) in words {
        if last.is_some_and(|last| position > last + 1) {
            syllables.push(Syllable::Break);
        }
        last = Some(position);
        syllables.push(syllable);
    }
    syllables
}

/// Picks the likeliest term for every syllable of `syllables` (in order), breaks left out.
/// A folded syllable with no accented candidate in the index reads as itself.
pub(crate) fn choose_reading(
    searcher: &Searcher,
    fields: &Fields,
    spellings: &SpellingCache,
    syllables: &[Syllable],
) -> Vec<String> {
    let runs: Vec<Vec<Vec<(String, u64)>>> = syllables
        .split(|s| *s == Syllable::Break)
        .map(|run| {
            run.iter()
                .map(|syllable| match syllable {
                    Syllable::Fixed(term) => vec![(term.clone(), 1)],
                    Syllable::Folded(folded) => candidates(searcher, fields, spellings, folded),
                    Syllable::Break => unreachable!("runs are split at breaks"),
                })
                .collect()
        })
        .collect();
    // A pair of syllables met again in the query, in the same run or another, is sampled once.
    let mut sampled = HashMap::new();
    let mut reading = Vec::with_capacity(syllables.len());
    for run in &runs {
        reading.extend(best_path(searcher, fields, spellings, run, &mut sampled));
    }
    reading
}

/// Pairs of syllables (their candidates) already sampled.
type Sampled<'c> = HashMap<[&'c [(String, u64)]; 2], PairCounts>;

/// The readings chosen for the accent-free words of one query, kept so that the calls made for
/// it choose each one once: a search reads its words for the query, its other spellings and its
/// partial matches, and a caller may also want the query's other spellings
/// ([`Searcher::other_spellings_with`](crate::Searcher::other_spellings_with)) or its compiled
/// form ([`Searcher::prepare_with`](crate::Searcher::prepare_with)). Use one per query and per
/// searcher: it does not see later commits.
#[derive(Default)]
pub struct Readings {
    read: RefCell<HashMap<Vec<Syllable>, Vec<String>>>,
}

impl Readings {
    /// Readings where `syllables` are read as `reading`, as if chosen before.
    pub(crate) fn fixed(syllables: Vec<Syllable>, reading: Vec<String>) -> Readings {
        Readings {
            read: RefCell::new(HashMap::from([(syllables, reading)])),
        }
    }

    /// [`choose_reading`], once per sequence of syllables.
    pub(crate) fn choose(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        spellings: &SpellingCache,
        syllables: &[Syllable],
    ) -> Vec<String> {
        if let Some(read) = self.read.borrow().get(syllables) {
            return read.clone();
        }
        let read = choose_reading(searcher, fields, spellings, syllables);
        self.read
            .borrow_mut()
            .insert(syllables.to_vec(), read.clone());
        read
    }
}

/// Accented terms in the index that fold to `folded`, most frequent first, with document frequencies.
/// They are the index's own spellings of the word ([`SpellingCache`]); a word past
/// [`MAX_SPELLINGS`](crate::spellings::MAX_SPELLINGS) has none.
pub(crate) fn candidates(
    searcher: &Searcher,
    fields: &Fields,
    spellings: &SpellingCache,
    folded: &str,
) -> Vec<(String, u64)> {
    let mut found: Vec<(String, u64)> = spellings
        .title_and_body_documents(searcher, fields, folded)
        .unwrap_or_default()
        .into_iter()
        .filter(|&(_, df)| df > 0)
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let plain = found.iter().position(|(t, _)| t == folded);
    if let Some(at) = plain.filter(|&at| at >= MAX_CANDIDATES) {
        found.swap(at, MAX_CANDIDATES - 1);
    }
    found.truncate(MAX_CANDIDATES);
    if found.is_empty() {
        found.push((folded.to_string(), 0));
    }
    found
}

/// Initial consonants of a Vietnamese syllable without diacritics (`đ` is folded to `d`; `q` is
/// always followed by the vowel `u`, `gi` by a vowel or not).
const INITIALS: [&str; 27] = [
    "", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
];

/// Final consonants of a Vietnamese syllable (final `i o u y` are counted with the vowels).
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Whether an accent-free word has the shape of a Vietnamese syllable: an initial, one to three
/// vowels, a final. Only such words are given accented spellings, which bounds the work per
/// word: at most 3 × 3 × 3 vowel qualities, 2 for `d`, 6 tones (324 spellings, two document
/// frequencies each), where a word such as `aaaaaaaaaaaa` would have had 3¹² × 6.
pub(crate) fn syllable_shaped(folded: &str) -> bool {
    let is_vowel = |b: u8| b"aeiouy".contains(&b);
    let bytes = folded.as_bytes();
    let Some(first) = bytes.iter().position(|&b| is_vowel(b)) else {
        return false;
    };
    let vowels = bytes[first..].iter().take_while(|&&b| is_vowel(b)).count();
    let (initial, rest) = folded.split_at(first);
    (1..=3).contains(&vowels) && INITIALS.contains(&initial) && FINALS.contains(&&rest[vowels..])
}

/// The sequence maximising the evidence of adjacent pairs, then the unigram frequencies
/// (Viterbi), with the pairs `sampled` before and those it samples kept there. Pairs are
/// sampled in the index's order, which `spellings` keeps. An index whose order cannot be read
/// gives no pair counts, so the unigram frequencies decide.
fn best_path<'c>(
    searcher: &Searcher,
    fields: &Fields,
    spellings: &SpellingCache,
    candidates: &'c [Vec<(String, u64)>],
    sampled: &mut Sampled<'c>,
) -> Vec<String> {
    let unigram = |df: u64| (1.0 + df as f64).ln();
    let Some(first) = candidates.first() else {
        return Vec::new();
    };
    // score[i][j]: best score of a path ending with candidate j of syllable i; back[i][j]: previous j.
    let mut scores: Vec<Vec<f64>> = vec![first.iter().map(|(_, df)| unigram(*df)).collect()];
    let mut back: Vec<Vec<usize>> = vec![vec![0; first.len()]];
    for i in 1..candidates.len() {
        let pair = [candidates[i - 1].as_slice(), candidates[i].as_slice()];
        let pairs = sampled.entry(pair).or_insert_with(|| {
            if pair.iter().all(|c| c.len() <= 1) {
                return PairCounts::none(pair);
            }
            match spellings.index_order(searcher) {
                Ok(order) => PairCounts::sample(searcher, fields, &order, pair, SAMPLE_LIMITS),
                Err(_) => PairCounts::none(pair),
            }
        });
        let (mut row, mut from) = (Vec::new(), Vec::new());
        for (j, (_, df)) in candidates[i].iter().enumerate() {
            let (best_prev, best_score) = (0..candidates[i - 1].len())
                .map(|k| (k, scores[i - 1][k] + 4.0 * (1.0 + pairs.get(k, j)).ln()))
                .fold(
                    (0, f64::MIN),
                    |best, next| if next.1 > best.1 { next } else { best },
                );
            row.push(best_score + unigram(*df));
            from.push(best_prev);
        }
        scores.push(row);
        back.push(from);
    }
    let last = scores.last().expect("one syllable at least");
    let mut j = (0..last.len()).fold(0, |best, k| if last[k] > last[best] { k } else { best });
    let mut path = vec![String::new(); candidates.len()];
    for i in (0..candidates.len()).rev() {
        path[i] = candidates[i][j].0.clone();
        j = back[i][j];
    }
    path
}

/// The index is read in up to this many slices of the order its documents were first indexed
/// in ([`IndexOrder`]), each from its start up to its share of the limits, so that a sample
/// spreads over the whole corpus rather than its first articles, and is the same on every build
/// of the same articles: the order of the documents in the segments follows how the indexing
/// threads and merges shared them, and sampling in that order would make readings depend on the
/// build (`da nang` read as `đa năng`, not `đà nẵng`, in some builds of vietnews). Each slice costs
/// seeks of every spelling's postings, hence a least size ([`SampleLimits::slice_documents`]).
const MAX_SLICES: u64 = 8;

/// How often each candidate of a syllable stands right before each candidate of the next one,
/// counted on a sample of the places where the two syllables are side by side.
struct PairCounts {
    right_len: usize,
    /// The places estimated in the index, from those found (see [`PairCounts::sample`]).
    counts: Vec<f64>,
}

/// What was read of one slice: places counted, documents holding both syllables read,
/// sequence numbers passed (documents read or not), and whether a share of the limits ran out
/// before the slice did.
#[derive(Default)]
struct SliceRead {
    places: u32,
    documents: u32,
    passed: u64,
    cut_short: bool,
}

/// Hands out the limits of a sample to the slices of the index in proportion to their
/// sequence numbers, rounding so that the shares add up to the limits.
struct Shares {
    limits: SampleLimits,
    /// The sequence numbers of the whole index.
    total: u64,
    passed: u64,
    /// Places and documents handed out so far.
    given: (u32, u32),
}

impl Shares {
    fn new(limits: SampleLimits, total: u64) -> Shares {
        Shares {
            limits,
            total: total.max(1),
            passed: 0,
            given: (0, 0),
        }
    }

    /// The share of the next slice, of `sequences` sequence numbers.
    fn next(&mut self, sequences: u64) -> SampleLimits {
        self.passed += sequences;
        let upto = |limit: u32| (u64::from(limit) * self.passed).div_ceil(self.total) as u32;
        let share = SampleLimits {
            places: upto(self.limits.places) - self.given.0,
            documents: upto(self.limits.documents) - self.given.1,
            ..self.limits
        };
        self.given.0 += share.places;
        self.given.1 += share.documents;
        share
    }
}

impl PairCounts {
    /// No places counted for these candidates.
    fn none(candidates: [&[(String, u64)]; 2]) -> PairCounts {
        PairCounts {
            right_len: candidates[1].len(),
            counts: vec![0.0; candidates[0].len() * candidates[1].len()],
        }
    }

    /// The count of `left` before `right`, extrapolated to the places a whole sample would
    /// have counted.
    fn get(&self, left: usize, right: usize) -> f64 {
        self.counts[left * self.right_len + right]
    }

    /// Counts the candidates of two syllables where they stand side by side, within `limits`,
    /// in slices of the index's order (see [`MAX_SLICES`]), each read in that order from its
    /// start up to its share of the limits. Titles are read only when no body slice was cut
    /// short by its share and the limits are not spent.
    ///
    /// The counts are estimates of the places the index holds: a slice cut short holds them
    /// in the proportion found in the documents it passed, and the slices not read (a share of
    /// nothing) as many as those read. Estimates past the limits' places are scaled down to
    /// them, so that a frequent pair weighs as a whole sample does.
    fn sample(
        searcher: &Searcher,
        fields: &Fields,
        order: &IndexOrder,
        candidates: [&[(String, u64)]; 2],
        limits: SampleLimits,
    ) -> PairCounts {
        let mut pairs = PairCounts::none(candidates);
        let terms = candidates.map(|c| c.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>());
        let end = order.end();
        let slices = (end / limits.slice_documents.max(1)).clamp(1, MAX_SLICES);
        let mut left_over = limits;
        let mut slice_counts = vec![0; pairs.counts.len()];
        let mut field_counts = vec![0.0; pairs.counts.len()];
        for field in [fields.body, fields.title] {
            let mut shares = Shares::new(left_over, end);
            let mut cursors = RunCursors::new(searcher, field, &terms, order.runs());
            let (mut covered, mut cut_short) = (0, false);
            field_counts.fill(0.0);
            for slice in 0..slices {
                let range = end * slice / slices..end * (slice + 1) / slices;
                let share = shares.next(range.end - range.start);
                if share.places == 0 || share.documents == 0 {
                    continue;
                }
                slice_counts.fill(0);
                let read = count_in(
                    order,
                    &mut cursors,
                    range.clone(),
                    share,
                    (&mut slice_counts, pairs.right_len),
                );
                let whole = (range.end - range.start) as f64 / read.passed.max(1) as f64;
                for (estimate, &found) in field_counts.iter_mut().zip(&slice_counts) {
                    *estimate += f64::from(found) * whole;
                }
                covered += range.end - range.start;
                cut_short |= read.cut_short;
                left_over.places -= read.places.min(left_over.places);
                left_over.documents -= read.documents.min(left_over.documents);
            }
            if covered > 0 {
                let unread = end as f64 / covered as f64;
                for (total, estimate) in pairs.counts.iter_mut().zip(&field_counts) {
                    *total += estimate * unread;
                }
            }
            if cut_short || left_over.places == 0 || left_over.documents == 0 {
                break;
            }
        }
        let estimated: f64 = pairs.counts.iter().sum();
        if estimated > f64::from(limits.places) {
            let down = f64::from(limits.places) / estimated;
            pairs.counts.iter_mut().for_each(|count| *count *= down);
        }
        pairs
    }
}

/// Past this many stretches in a slice (an index grown by many small commits holds thousands
/// of runs, and merges append them in any order), a slice is read segment by segment in the
/// order of the documents, up to the documents its share reaches ([`Reach`]), then sorted by
/// sequence number, where seeking every run's postings apart would cost a seek of every
/// spelling per run.
const MERGED_STRETCHES: usize = 32;

/// The postings of two syllables' candidates in one field, for each run of the index's order
/// ([`IndexOrder`]), opened when the run is first read. Slices are read in order, so each
/// run's postings only move forward.
struct RunCursors<'s> {
    searcher: &'s Searcher,
    field: Field,
    terms: &'s [Vec<String>; 2],
    /// For each segment, once looked up, where the postings of each syllable's candidates are:
    /// a segment holds several runs.
    found: Vec<Option<[FoundTerms; 2]>>,
    /// `None` until opened; then `None` inside when the run's segment has no postings to read.
    runs: Vec<Option<Option<PairPostings>>>,
}

/// Terms found in a segment, each with its index among those looked for
/// ([`UnionPostings::find`]).
type FoundTerms = Vec<(usize, TermInfo)>;

/// The postings of both syllables in one segment.
struct PairPostings {
    left: UnionPostings,
    right: UnionPostings,
    alive: Option<AliveBitSet>,
}

impl<'s> RunCursors<'s> {
    fn new(
        searcher: &'s Searcher,
        field: Field,
        terms: &'s [Vec<String>; 2],
        runs: usize,
    ) -> RunCursors<'s> {
        RunCursors {
            searcher,
            field,
            terms,
            found: (0..searcher.segment_readers().len())
                .map(|_| None)
                .collect(),
            runs: (0..runs).map(|_| None).collect(),
        }
    }

    /// The postings of `stretch`'s run, `None` when its segment lacks either syllable.
    fn of(&mut self, stretch: &Stretch) -> Option<&mut PairPostings> {
        if self.runs[stretch.run].is_none() {
            let opened = self.open(stretch.segment);
            self.runs[stretch.run] = Some(opened);
        }
        self.runs[stretch.run].as_mut().and_then(Option::as_mut)
    }

    /// New postings of both syllables in `segment`, `None` when it lacks either.
    fn open(&mut self, segment: SegmentOrdinal) -> Option<PairPostings> {
        let (field, terms) = (self.field, self.terms);
        let reader = self.searcher.segment_reader(segment);
        let found = self.found[segment as usize].get_or_insert_with(|| {
            terms
                .each_ref()
                .map(|terms| UnionPostings::find(reader, field, terms).unwrap_or_default())
        });
        let open = |found: &FoundTerms| {
            let option = IndexRecordOption::WithFreqsAndPositions;
            (UnionPostings::open_found(reader, field, found, option).ok())
                .filter(|union| !union.is_empty())
        };
        Some(PairPostings {
            left: open(&found[0])?,
            right: open(&found[1])?,
            alive: reader.alive_bitset().cloned(),
        })
    }

    /// The live documents of `stretches` holding both syllables that a reading within `share`
    /// reaches, by sequence number, each with its places ([`PairPostings::places`]): read
    /// segment by segment in the order of the documents, with postings of their own, leaving
    /// out the documents past the first one the share is spent before ([`Reach`]).
    fn sorted_documents(
        &mut self,
        order: &IndexOrder,
        stretches: &[Stretch],
        share: SampleLimits,
        right_len: usize,
    ) -> Vec<(u64, Vec<usize>)> {
        let mut by_segment: Vec<&Stretch> = stretches.iter().collect();
        by_segment.sort_by_key(|stretch| (stretch.segment, stretch.docs.start));
        let mut documents = Vec::new();
        let mut reach = Reach::new(share);
        let mut buffers = PlaceBuffers::default();
        for segment in by_segment.chunk_by(|a, b| a.segment == b.segment) {
            let Some(mut cursor) = self.open(segment[0].segment) else {
                continue;
            };
            for stretch in segment {
                // A stretch's documents come in the order of their sequence numbers.
                let mut next = cursor.next_shared(stretch.docs.start, stretch.docs.end);
                while let Some(doc) = next {
                    let sequence = order.sequence(stretch.segment, doc);
                    if sequence > reach.last() {
                        break;
                    }
                    let mut places = Vec::new();
                    cursor.places(doc, right_len, &mut places, &mut buffers);
                    reach.add(sequence, places.len());
                    documents.push((sequence, places));
                    next = cursor.next_shared(doc + 1, stretch.docs.end);
                }
            }
        }
        let last = reach.last();
        documents.retain(|(sequence, _)| *sequence <= last);
        documents.sort_unstable_by_key(|(sequence, _)| *sequence);
        documents
    }
}

/// The documents a reading within a share reaches, from documents found in any order: those
/// with the lowest sequence numbers, up to the first one the share is spent before (the
/// documents read before it reach the share's documents or places). Any document found
/// later with a higher sequence number than that one is not reached.
struct Reach {
    share: SampleLimits,
    /// Sequence numbers and places of the documents kept, the highest on top.
    kept: BinaryHeap<(u64, u32)>,
    places: u64,
}

impl Reach {
    fn new(share: SampleLimits) -> Reach {
        Reach {
            share,
            kept: BinaryHeap::new(),
            places: 0,
        }
    }

    /// Whether `documents` documents holding `places` places spend the share.
    fn spends(&self, documents: usize, places: u64) -> bool {
        self.share.spent_by(documents as u64, places)
    }

    /// The highest sequence number a reading may reach: the first document the share is
    /// spent before, when the documents kept have one.
    fn last(&self) -> u64 {
        match self.kept.peek() {
            Some(&(sequence, places))
                if self.spends(self.kept.len() - 1, self.places - u64::from(places)) =>
            {
                sequence
            }
            _ => u64::MAX,
        }
    }

    /// Keeps a document, and leaves out those it puts past the first one the share is spent
    /// before.
    fn add(&mut self, sequence: u64, places: usize) {
        self.kept.push((sequence, places as u32));
        self.places += places as u64;
        while self.kept.len() >= 2 {
            let (top, top_places) = self.kept.pop().expect("two documents kept");
            let &(_, next_places) = self.kept.peek().expect("one document kept");
            let before = self.places - u64::from(top_places) - u64::from(next_places);
            if self.spends(self.kept.len() - 1, before) {
                self.places -= u64::from(top_places);
            } else {
                self.kept.push((top, top_places));
                break;
            }
        }
    }
}

/// The positions read to find a document's places, kept between documents.
#[derive(Default)]
struct PlaceBuffers {
    left: Vec<(u32, usize)>,
    right: Vec<(u32, usize)>,
    term: Vec<u32>,
}

impl PairPostings {
    /// The first live document from `from` up to `end` (excluded) holding both syllables.
    fn next_shared(&mut self, from: DocId, end: DocId) -> Option<DocId> {
        let mut doc = self.left.seek(from);
        while doc < end {
            let right = self.right.seek(doc);
            if right != doc {
                doc = if right < end {
                    self.left.seek(right)
                } else {
                    TERMINATED
                };
                continue;
            }
            if self.alive.as_ref().is_none_or(|alive| alive.is_alive(doc)) {
                return Some(doc);
            }
            doc = self.left.seek(doc + 1);
        }
        None
    }

    /// The places of `doc` where a left candidate stands right before a right one, in the
    /// order of their positions, each as the pair's index in a row of `right_len` per left
    /// candidate.
    fn places(
        &mut self,
        doc: DocId,
        right_len: usize,
        places: &mut Vec<usize>,
        buffers: &mut PlaceBuffers,
    ) {
        spelled_positions(&mut self.left, doc, &mut buffers.left, &mut buffers.term);
        spelled_positions(&mut self.right, doc, &mut buffers.right, &mut buffers.term);
        let right_at = &buffers.right;
        places.clear();
        for &(position, l) in &buffers.left {
            if let Ok(k) = right_at.binary_search_by_key(&(position + 1), |&(p, _)| p) {
                places.push(l * right_len + right_at[k].1);
            }
        }
    }
}

/// Places counted in the order of the documents' sequence numbers, up to a share of the
/// limits.
struct Tally<'c> {
    read: SliceRead,
    share: SampleLimits,
    counts: &'c mut [u32],
}

impl Tally<'_> {
    /// Whether the share is spent, so that the next document is not read.
    fn spent(&self) -> bool {
        (self.share).spent_by(self.read.documents.into(), self.read.places.into())
    }

    /// Counts the places of one more document, up to the share.
    fn add(&mut self, places: &[usize]) {
        self.read.documents += 1;
        for &place in places {
            if self.read.places == self.share.places {
                break;
            }
            self.counts[place] += 1;
            self.read.places += 1;
        }
    }

    /// What was read, the slice cut short at sequence number `cut_at` (`None`: read to its
    /// end).
    fn finish(mut self, range: &std::ops::Range<u64>, cut_at: Option<u64>) -> SliceRead {
        self.read.cut_short = cut_at.is_some();
        self.read.passed = cut_at.unwrap_or(range.end) - range.start;
        self.read
    }
}

/// Counts the places of `range`, sequence numbers of the index's order, where one of the left
/// syllable's candidates is right before one of the right one's, within `share`: into
/// `counts`, a row of `right_len` per left candidate. Documents are read in the order of their
/// sequence numbers, from the stretches of every run that hold some of them: each run's next
/// document, the lowest sequence number first, a stretch's postings sought only once the
/// documents before it are read (a slice cut short reads few of them); past
/// [`MERGED_STRETCHES`], every document of the slice, sorted.
fn count_in(
    order: &IndexOrder,
    cursors: &mut RunCursors,
    range: std::ops::Range<u64>,
    share: SampleLimits,
    (counts, right_len): (&mut [u32], usize),
) -> SliceRead {
    let mut tally = Tally {
        read: SliceRead::default(),
        share,
        counts,
    };
    let stretches: Vec<Stretch> = order.stretches(range.clone()).collect();
    if stretches.len() > MERGED_STRETCHES {
        for (sequence, places) in cursors.sorted_documents(order, &stretches, share, right_len) {
            if tally.spent() {
                return tally.finish(&range, Some(sequence));
            }
            tally.add(&places);
        }
        return tally.finish(&range, None);
    }
    // Each stretch's next document to read (`Some`) with its sequence number, or, until its
    // postings are sought (`None`), the sequence number of its first document.
    let mut next: Vec<Option<(u64, Option<DocId>)>> = (stretches.iter())
        .map(|stretch| Some((order.sequence(stretch.segment, stretch.docs.start), None)))
        .collect();
    let (mut places, mut buffers) = (Vec::new(), PlaceBuffers::default());
    while let Some((at, (sequence, doc))) = (next.iter().enumerate())
        .filter_map(|(at, next)| next.map(|next| (at, next)))
        .min_by_key(|(_, next)| *next)
    {
        let stretch = &stretches[at];
        let Some(doc) = doc else {
            next[at] = (cursors.of(stretch))
                .and_then(|cursor| cursor.next_shared(stretch.docs.start, stretch.docs.end))
                .map(|doc| (order.sequence(stretch.segment, doc), Some(doc)));
            continue;
        };
        if tally.spent() {
            return tally.finish(&range, Some(sequence));
        }
        let cursor = cursors.of(stretch).expect("a stretch with a next document");
        cursor.places(doc, right_len, &mut places, &mut buffers);
        tally.add(&places);
        next[at] = (cursor.next_shared(doc + 1, stretch.docs.end))
            .map(|doc| (order.sequence(stretch.segment, doc), Some(doc)));
    }
    tally.finish(&range, None)
}

/// The positions of `doc` where one of the terms of `union` stands, in order, each with the
/// index of that term (`buffer` holds one term's positions at a time).
fn spelled_positions(
    union: &mut UnionPostings,
    doc: DocId,
    out: &mut Vec<(u32, usize)>,
    buffer: &mut Vec<u32>,
) {
    out.clear();
    let mut terms = 0;
    for (term, postings) in union.holding(doc) {
        postings.positions(buffer);
        out.extend(buffer.iter().map(|&position| (position, term)));
        terms += 1;
    }
    // One term's positions come in order; those of several interleave.
    if terms > 1 {
        out.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index in memory of articles with these bodies.
    fn index_of(bodies: &[impl AsRef<str>]) -> tracuu_indexer::ArticleIndex {
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .expect("writer");
        for (i, body) in bodies.iter().enumerate() {
            let article =
                tracuu_indexer::Article::new(format!("d{i}"), "", body.as_ref()).with_path("test");
            writer.add(&article).expect("add");
        }
        writer.commit().expect("commit");
        index
    }

    /// [`PairCounts::sample`] in the order of `searcher`'s index.
    fn sample(
        searcher: &Searcher,
        fields: &Fields,
        candidates: [&[(String, u64)]; 2],
        limits: SampleLimits,
    ) -> PairCounts {
        let order = IndexOrder::of(searcher).expect("order");
        PairCounts::sample(searcher, fields, &order, candidates, limits)
    }

    /// The readings [`choose_reading`] gives over an index of articles with these bodies.
    fn reader(bodies: &[&str]) -> impl Fn(&[Syllable]) -> Vec<String> {
        let index = index_of(bodies);
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let cache = SpellingCache::default();
        move |syllables| choose_reading(&searcher, &index.fields(), &cache, syllables)
    }

    #[test]
    fn candidates_are_the_index_spellings_most_frequent_first() {
        let bodies = [
            "Đảng ủy xã họp năm 2021.",
            "Đảng viên đang học tập.",
            "Đảng bộ tỉnh.",
            "Nhiều dạng bài tập khác nhau.",
        ];
        let index = index_of(&bodies);
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let cache = SpellingCache::default();
        let of = |folded: &str| candidates(&searcher, &index.fields(), &cache, folded);
        assert_eq!(
            of("dang"),
            [
                ("đảng".to_string(), 3),
                ("dạng".to_string(), 1),
                ("đang".to_string(), 1)
            ]
        );
        assert_eq!(of("uy"), [("ủy".to_string(), 1)]);
        assert_eq!(of("2021"), [("2021".to_string(), 1)]);
        assert_eq!(
            of("xyzzy"),
            [("xyzzy".to_string(), 0)],
            "no spelling: itself"
        );
    }

    #[test]
    fn candidates_count_the_live_documents_only() {
        // Written with a replacement, whose old version stays deleted in its segment, and
        // written once as the articles end up: the same candidates and counts.
        let article = |id: &str, body: &str| (id.to_string(), body.to_string());
        let replaced = crate::index_order::index_written(
            &[
                article("a", "Đảng ủy họp."),
                article("b", "Đang họp."),
                article("a", "Đang nghỉ."),
                article("c", "Đảng viên."),
            ],
            1,
            2,
            false,
        );
        let once = crate::index_order::index_written(
            &[
                article("b", "Đang họp."),
                article("a", "Đang nghỉ."),
                article("c", "Đảng viên."),
            ],
            1,
            10,
            false,
        );
        let of = |index: &tracuu_indexer::ArticleIndex| {
            let searcher = index.tantivy().reader().expect("reader").searcher();
            assert_eq!(searcher.num_docs(), 3);
            candidates(
                &searcher,
                &index.fields(),
                &SpellingCache::default(),
                "dang",
            )
        };
        let expected = [("đang".to_string(), 2), ("đảng".to_string(), 1)];
        assert_eq!(of(&once), expected);
        assert_eq!(of(&replaced), expected);
    }

    #[test]
    fn a_pair_met_again_reads_alike() {
        let read = reader(&[
            "Đảng ủy xã họp năm 2021.",
            "Đảng viên đang học tập.",
            "Ủy ban nhân dân tỉnh họp.",
        ]);
        let folded = |words: &[&str]| -> Vec<Syllable> {
            words
                .iter()
                .map(|w| Syllable::Folded(w.to_string()))
                .collect()
        };
        assert_eq!(read(&folded(&["dang", "uy"])), ["đảng", "ủy"]);
        assert_eq!(
            read(&folded(&["dang", "uy", "ban", "dang", "uy"])),
            ["đảng", "ủy", "ban", "đảng", "ủy"]
        );
    }

    #[test]
    fn a_sample_cut_short_by_its_documents_is_extrapolated_to_the_index() {
        // 64 documents each hold `ban nhân` once, and `bạn` and `nhân` apart.
        let bodies: Vec<String> = (0..64)
            .map(|i| format!("Bạn đọc số {i} hỏi về nhân sự. Ban nhân sự trả lời."))
            .collect();
        let index = index_of(&bodies);
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let spelled = |terms: &[&str]| -> Vec<(String, u64)> {
            terms.iter().map(|t| (t.to_string(), 1)).collect()
        };
        let (left, right) = (spelled(&["ban", "bạn"]), spelled(&["nhân"]));
        let count = |places: u32, documents: u32| {
            let limits = SampleLimits {
                places,
                documents,
                slice_documents: 8,
            };
            let pairs = sample(&searcher, &index.fields(), [&left, &right], limits);
            (pairs.get(0, 0), pairs.get(1, 0))
        };
        assert_eq!(count(256, 1_000), (64.0, 0.0), "every place");
        assert_eq!(count(5, 1_000), (5.0, 0.0), "places spread over the slices");
        // 16 of the 64 documents read, holding 16 places: 16 × 64 / 16.
        assert_eq!(count(256, 16), (64.0, 0.0), "extrapolated");
        // Never beyond the places a whole sample counts.
        assert_eq!(count(32, 16), (32.0, 0.0), "extrapolated to the places");
    }

    #[test]
    fn syllables_are_read_apart_across_punctuation() {
        // `Hà Nội đã` goes together, so `ha noi da nang` reads `đã nâng`; after a comma, `da
        // nang` is read alone, as `Đà Nẵng`.
        let read = reader(&[
            "Hà Nội đã họp.",
            "Hà Nội đã họp lại.",
            "Hà Nội đã bàn.",
            "Hà Nội đã nâng giá.",
            "Đà Nẵng đẹp.",
            "Đến Đà Nẵng.",
            "Đà Nẵng mưa.",
        ]);
        let syllables = |words: &[(&str, usize)]| {
            with_breaks((words.iter()).map(|&(w, at)| (Syllable::Folded(w.to_string()), at)))
        };
        let apart = syllables(&[("ha", 0), ("noi", 1), ("da", 3), ("nang", 4)]);
        assert_eq!(apart[2], Syllable::Break);
        assert_eq!(read(&apart), ["hà", "nội", "đà", "nẵng"]);
        let together = syllables(&[("ha", 0), ("noi", 1), ("da", 2), ("nang", 3)]);
        assert_eq!(read(&together), ["hà", "nội", "đã", "nâng"]);
    }

    #[test]
    fn a_sample_spreads_over_the_index_not_its_first_documents() {
        // One writer thread: one segment, in the order written. The first quarter says `đa
        // năng`, the rest `đà nẵng`; a sample of 8 places taking the first ones would find
        // `đa năng` only.
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let options = tracuu_indexer::WriterOptions {
            threads: 1,
            ..Default::default()
        };
        let mut writer = index.writer(&options).expect("writer");
        for i in 0..64 {
            let body = if i < 16 {
                "Máy đa năng giá rẻ."
            } else {
                "Du khách đến Đà Nẵng."
            };
            let article = tracuu_indexer::Article::new(format!("d{i}"), "", body).with_path("t");
            writer.add(&article).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.tantivy().reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        let spelled = |terms: &[&str]| -> Vec<(String, u64)> {
            terms.iter().map(|t| (t.to_string(), 1)).collect()
        };
        let (left, right) = (spelled(&["đa", "đà"]), spelled(&["năng", "nẵng"]));
        let limits = SampleLimits {
            places: 8,
            documents: 1_000,
            slice_documents: 8,
        };
        let pairs = sample(&searcher, &index.fields(), [&left, &right], limits);
        // One place in each eighth of the documents: two in the first quarter.
        assert_eq!((pairs.get(0, 0), pairs.get(1, 1)), (2.0, 6.0));
        assert_eq!((pairs.get(0, 1), pairs.get(1, 0)), (0.0, 0.0));
    }

    /// Articles numbered `0..count` with ids of their own, each saying `đa năng` or `đà nẵng`
    /// (both, or neither) as `says` decides.
    fn articles(count: usize, says: impl Fn(usize) -> &'static str) -> Vec<(String, String)> {
        (0..count)
            .map(|i| (format!("d{i}"), says(i).to_string()))
            .collect()
    }

    /// The counts of `đa`/`đà` before `năng`/`nẵng` in a sample of `index` within `limits`.
    fn dang_counts(index: &tracuu_indexer::ArticleIndex, limits: SampleLimits) -> Vec<f64> {
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let spelled = |terms: &[&str]| -> Vec<(String, u64)> {
            terms.iter().map(|t| (t.to_string(), 1)).collect()
        };
        let (left, right) = (spelled(&["đa", "đà"]), spelled(&["năng", "nẵng"]));
        sample(&searcher, &index.fields(), [&left, &right], limits).counts
    }

    #[test]
    fn a_sample_reads_the_articles_in_the_order_they_were_indexed() {
        // The first quarter of the articles says `đa năng`, the rest `đà nẵng`; written in
        // four commits whose segments are then merged backwards, the index holds the last
        // quarter first. The sample is the same as in one segment written in order.
        let written = articles(64, |i| match i < 16 {
            true => "Máy đa năng giá rẻ.",
            false => "Du khách đến Đà Nẵng.",
        });
        let in_order = crate::index_order::index_written(&written, 1, 64, false);
        let backwards = crate::index_order::index_written(&written, 1, 16, true);
        let count = |index, places, slice_documents| {
            let limits = SampleLimits {
                places,
                documents: 1_000,
                slice_documents,
            };
            let counts = dang_counts(index, limits);
            [counts[0], counts[3]]
        };
        // One slice, one place: the first article indexed.
        assert_eq!(count(&in_order, 1, 64), [1.0, 0.0]);
        assert_eq!(count(&backwards, 1, 64), [1.0, 0.0]);
        // Eight slices of eight articles, a place in each.
        assert_eq!(count(&in_order, 8, 8), [2.0, 6.0]);
        assert_eq!(count(&backwards, 8, 8), [2.0, 6.0]);
        // Four places in one slice: the first four articles, extrapolated to all 64 and
        // scaled down to the four places.
        assert_eq!(count(&backwards, 4, 64), [4.0, 0.0]);
    }

    #[test]
    fn a_sample_is_the_same_however_the_index_was_written() {
        // Articles saying one spelling or the other in stretches, some replaced at the end (the
        // old versions deleted), written at once by one thread, by two threads in many small
        // commits (more runs than a slice merges one by one), and in fewer commits (runs of the
        // two threads interleaved, merged one by one).
        let mut written = articles(600, |i| match (i / 7) % 5 {
            0 => "Máy đa năng giá rẻ, đa năng thật.",
            1 | 2 => "Du khách đến Đà Nẵng.",
            3 => "Đà Nẵng có máy đa năng.",
            _ => "Tin khác.",
        });
        written.extend(articles(30, |_| "Đà Nẵng, Đà Nẵng và Đà Nẵng."));
        let at_once = crate::index_order::index_written(&written, 1, written.len(), false);
        let small_commits = crate::index_order::index_written(&written, 2, 3, false);
        let few_commits = crate::index_order::index_written(&written, 2, 90, false);
        let stretches = |index: &tracuu_indexer::ArticleIndex| {
            let searcher = index.tantivy().reader().expect("reader").searcher();
            let order = IndexOrder::of(&searcher).expect("order");
            order.stretches(0..order.end()).count()
        };
        assert_eq!(stretches(&at_once), 1);
        assert!(stretches(&small_commits) > MERGED_STRETCHES);
        assert!((2..=MERGED_STRETCHES).contains(&stretches(&few_commits)));
        for places in [1, 5, 40, 100_000] {
            for documents in [3, 50, 100_000] {
                for slice_documents in [7, 100, 100_000] {
                    let limits = SampleLimits {
                        places,
                        documents,
                        slice_documents,
                    };
                    let expected = dang_counts(&at_once, limits);
                    for index in [&small_commits, &few_commits] {
                        assert_eq!(dang_counts(index, limits), expected, "{limits:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_unaccented_syllable_can_read_as_itself_beside_its_neighbour() {
        // `tại` and `tài` are more frequent alone, but `tai nạn` and `ủy ban` go together.
        let read = reader(&[
            "Vụ tai nạn xảy ra tại ngã tư, tài xế bỏ chạy.",
            "Tai nạn giao thông tại Hà Nội.",
            "Ủy ban nhân dân tỉnh họp tại trụ sở, bàn về bản kế hoạch.",
            "Tại hội nghị, tài liệu được bàn kỹ; bản tin tại chỗ.",
        ]);
        let folded = |s: &str| Syllable::Folded(s.to_string());
        let fixed = |s: &str| Syllable::Fixed(s.to_string());
        assert_eq!(read(&[folded("tai"), fixed("nạn")]), ["tai", "nạn"]);
        assert_eq!(read(&[fixed("ủy"), folded("ban")]), ["ủy", "ban"]);
        assert_eq!(read(&[folded("tai")]), ["tại"]);
    }
}
