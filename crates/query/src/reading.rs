//! Choosing the most likely accented reading of syllables typed without diacritics.
//!
//! `dang` may be `đang`, `đảng`, `đăng`, `dạng`... For each accent-free syllable the candidates
//! are every accented spelling that folds to it and occurs in the index. Adjacent syllables are
//! read together from the index's positions: where two candidates occur side by side, the
//! spellings found there are counted, on a sample of such places. A sequence is chosen by
//! those counts, then by how often each candidate occurs alone (Viterbi). So `dang uy` reads
//! `đảng ủy` and `dang vien` reads `đảng viên`, with nothing indexed for it beyond positions.

use std::cell::RefCell;
use std::collections::HashMap;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Searcher, TERMINATED};
use tracuu_indexer::Fields;

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
    /// The documents of a slice of a segment's sample: a segment is read in as many slices as
    /// it holds such runs of documents, one at least and [`MAX_SLICES`] at most, each up to its
    /// share of the places and documents.
    slice_documents: u64,
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
        reading.extend(best_path(searcher, fields, run, &mut sampled));
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
/// (Viterbi), with the pairs `sampled` before and those it samples kept there.
fn best_path<'c>(
    searcher: &Searcher,
    fields: &Fields,
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
        let pairs = sampled
            .entry(pair)
            .or_insert_with(|| PairCounts::sample(searcher, fields, pair, SAMPLE_LIMITS));
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

/// A segment is read in up to this many slices of its documents, each up to its share of the
/// limits, so that a sample spreads over the whole index rather than its first documents: their
/// order follows how the indexing threads shared the articles, and one region of the corpus
/// deciding every reading made them depend on the build (`da nang` read as `đa năng`, not
/// `đà nẵng`, in some builds of vietnews). Each slice costs a seek of every spelling's
/// postings, hence a least size ([`SampleLimits::slice_documents`]).
const MAX_SLICES: u64 = 8;

/// How often each candidate of a syllable stands right before each candidate of the next one,
/// counted on a sample of the places where the two syllables are side by side.
struct PairCounts {
    right_len: usize,
    /// The places estimated in the index, from those found (see [`PairCounts::sample`]).
    counts: Vec<f64>,
}

/// What was read of one slice: places counted, documents holding both syllables read,
/// documents of the slice passed (read or not), and whether a share of the limits ran out
/// before the slice did.
#[derive(Default)]
struct SliceRead {
    places: u32,
    documents: u32,
    passed: u32,
    cut_short: bool,
}

/// Hands out the limits of a sample to the slices of the index in proportion to their
/// documents, rounding so that the shares add up to the limits.
struct Shares {
    limits: SampleLimits,
    index: u64,
    passed: u64,
    /// Places and documents handed out so far.
    given: (u32, u32),
}

impl Shares {
    fn new(limits: SampleLimits, index: u64) -> Shares {
        Shares {
            limits,
            index: index.max(1),
            passed: 0,
            given: (0, 0),
        }
    }

    /// The share of the next slice, of `documents` documents.
    fn next(&mut self, documents: u64) -> SampleLimits {
        self.passed += documents;
        let upto = |limit: u32| (u64::from(limit) * self.passed).div_ceil(self.index) as u32;
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
    /// The count of `left` before `right`, extrapolated to the places a whole sample would
    /// have counted.
    fn get(&self, left: usize, right: usize) -> f64 {
        self.counts[left * self.right_len + right]
    }

    /// Counts the candidates of two syllables where they stand side by side, within `limits`,
    /// in slices of each segment (see [`MAX_SLICES`]), each read from its start up to its
    /// share of the limits. Titles are read only when no body slice was cut short by its share
    /// and the limits are not spent.
    ///
    /// The counts are estimates of the places the index holds: a slice cut short holds them
    /// in the proportion found in the documents it passed, and the slices not read (a share of
    /// nothing) as many as those read. Estimates past the limits' places are scaled down to
    /// them, so that a frequent pair weighs as a whole sample does.
    fn sample(
        searcher: &Searcher,
        fields: &Fields,
        candidates: [&[(String, u64)]; 2],
        limits: SampleLimits,
    ) -> PairCounts {
        let mut pairs = PairCounts {
            right_len: candidates[1].len(),
            counts: vec![0.0; candidates[0].len() * candidates[1].len()],
        };
        if candidates.iter().all(|c| c.len() <= 1) {
            return pairs;
        }
        let terms = candidates.map(|c| c.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>());
        let index: u64 = (searcher.segment_readers().iter())
            .map(|segment| u64::from(segment.max_doc()))
            .sum();
        let mut left_over = limits;
        let mut slice_counts = vec![0; pairs.counts.len()];
        let mut field_counts = vec![0.0; pairs.counts.len()];
        for field in [fields.body, fields.title] {
            let mut shares = Shares::new(left_over, index);
            let (mut covered, mut cut_short) = (0, false);
            field_counts.fill(0.0);
            for segment in searcher.segment_readers() {
                let open = |terms: &[String]| {
                    UnionPostings::open(
                        segment,
                        field,
                        terms,
                        IndexRecordOption::WithFreqsAndPositions,
                    )
                };
                let mut unions = (open(&terms[0]), open(&terms[1]));
                let max_doc = u64::from(segment.max_doc());
                let slices = (max_doc / limits.slice_documents.max(1)).clamp(1, MAX_SLICES);
                for slice in 0..slices {
                    let (from, to) = (max_doc * slice / slices, max_doc * (slice + 1) / slices);
                    let share = shares.next(to - from);
                    let (Ok(left), Ok(right)) = (&mut unions.0, &mut unions.1) else {
                        continue;
                    };
                    if share.places == 0 || share.documents == 0 {
                        continue;
                    }
                    let range = from as DocId..to as DocId;
                    slice_counts.fill(0);
                    let read = count_in(
                        left,
                        right,
                        range,
                        share,
                        (&mut slice_counts, pairs.right_len),
                    );
                    let whole = (to - from) as f64 / f64::from(read.passed.max(1));
                    for (estimate, &found) in field_counts.iter_mut().zip(&slice_counts) {
                        *estimate += f64::from(found) * whole;
                    }
                    covered += to - from;
                    cut_short |= read.cut_short;
                    left_over.places -= read.places.min(left_over.places);
                    left_over.documents -= read.documents.min(left_over.documents);
                }
            }
            if covered > 0 {
                let unread = index as f64 / covered as f64;
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

/// Counts the places of `range`, documents of one segment, where one of `left` is right before
/// one of `right`, within `share`: into `counts`, a row of `right_len` per left candidate.
fn count_in(
    left: &mut UnionPostings,
    right: &mut UnionPostings,
    range: std::ops::Range<DocId>,
    share: SampleLimits,
    (counts, right_len): (&mut [u32], usize),
) -> SliceRead {
    let mut read = SliceRead::default();
    if left.is_empty() || right.is_empty() {
        return read;
    }
    let (mut left_at, mut right_at, mut buffer) = (Vec::new(), Vec::new(), Vec::new());
    let mut doc = left.seek(range.start);
    while doc < range.end {
        if read.places >= share.places || read.documents >= share.documents {
            read.cut_short = true;
            read.passed = doc - range.start;
            return read;
        }
        let right_doc = right.seek(doc);
        if right_doc != doc {
            doc = if right_doc == TERMINATED {
                TERMINATED
            } else {
                left.seek(right_doc)
            };
            continue;
        }
        read.documents += 1;
        spelled_positions(left, doc, &mut left_at, &mut buffer);
        spelled_positions(right, doc, &mut right_at, &mut buffer);
        for &(at, l) in &left_at {
            if read.places == share.places {
                break;
            }
            if let Ok(k) = right_at.binary_search_by_key(&(at + 1), |&(p, _)| p) {
                counts[l * right_len + right_at[k].1] += 1;
                read.places += 1;
            }
        }
        doc = left.seek(doc + 1);
    }
    read.passed = range.len() as u32;
    read
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
            let pairs = PairCounts::sample(&searcher, &index.fields(), [&left, &right], limits);
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
        let pairs = PairCounts::sample(&searcher, &index.fields(), [&left, &right], limits);
        // One place in each eighth of the documents: two in the first quarter.
        assert_eq!((pairs.get(0, 0), pairs.get(1, 1)), (2.0, 6.0));
        assert_eq!((pairs.get(0, 1), pairs.get(1, 0)), (0.0, 0.0));
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
