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

/// Places where two syllables stand side by side that are looked at per pair: enough to tell
/// the usual readings apart, and a bound on the work (frequent pairs occur thousands of times).
const SAMPLED_PLACES: u32 = 256;

/// One syllable of a sequence to read: either fixed (typed with diacritics) or to be guessed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Syllable {
    /// A term typed with diacritics, kept as is.
    Fixed(String),
    /// An accent-free syllable whose reading is to be chosen.
    Folded(String),
}

/// Picks the likeliest term for every syllable of `syllables` (in order).
/// A folded syllable with no accented candidate in the index reads as itself.
pub(crate) fn choose_reading(
    searcher: &Searcher,
    fields: &Fields,
    spellings: &SpellingCache,
    syllables: &[Syllable],
) -> Vec<String> {
    let candidates: Vec<Vec<(String, u64)>> = syllables
        .iter()
        .map(|syllable| match syllable {
            Syllable::Fixed(term) => vec![(term.clone(), 1)],
            Syllable::Folded(folded) => candidates(searcher, fields, spellings, folded),
        })
        .collect();
    best_path(searcher, fields, &candidates)
}

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

/// The sequence maximising the evidence of adjacent pairs, then the unigram frequencies (Viterbi).
fn best_path(
    searcher: &Searcher,
    fields: &Fields,
    candidates: &[Vec<(String, u64)>],
) -> Vec<String> {
    let unigram = |df: u64| (1.0 + df as f64).ln();
    let Some(first) = candidates.first() else {
        return Vec::new();
    };
    // score[i][j]: best score of a path ending with candidate j of syllable i; back[i][j]: previous j.
    let mut scores: Vec<Vec<f64>> = vec![first.iter().map(|(_, df)| unigram(*df)).collect()];
    let mut back: Vec<Vec<usize>> = vec![vec![0; first.len()]];
    for i in 1..candidates.len() {
        let pairs = PairCounts::sample(searcher, fields, [&candidates[i - 1], &candidates[i]]);
        let (mut row, mut from) = (Vec::new(), Vec::new());
        for (j, (_, df)) in candidates[i].iter().enumerate() {
            let (best_prev, best_score) = (0..candidates[i - 1].len())
                .map(|k| {
                    let together = u64::from(pairs.get(k, j));
                    (k, scores[i - 1][k] + 4.0 * unigram(together))
                })
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

/// How often each candidate of a syllable stands right before each candidate of the next one,
/// counted on up to [`SAMPLED_PLACES`] places where the two syllables are side by side.
struct PairCounts {
    right_len: usize,
    counts: Vec<u32>,
}

impl PairCounts {
    fn get(&self, left: usize, right: usize) -> u32 {
        self.counts[left * self.right_len + right]
    }

    fn sample(
        searcher: &Searcher,
        fields: &Fields,
        candidates: [&[(String, u64)]; 2],
    ) -> PairCounts {
        let mut pairs = PairCounts {
            right_len: candidates[1].len(),
            counts: vec![0; candidates[0].len() * candidates[1].len()],
        };
        if candidates.iter().all(|c| c.len() <= 1) {
            return pairs;
        }
        let terms = candidates.map(|c| c.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>());
        let mut sampled = 0;
        'fields: for field in [fields.body, fields.title] {
            for segment in searcher.segment_readers() {
                let open = |terms: &[String]| {
                    UnionPostings::open(
                        segment,
                        field,
                        terms,
                        IndexRecordOption::WithFreqsAndPositions,
                    )
                };
                let (Ok(mut left), Ok(mut right)) = (open(&terms[0]), open(&terms[1])) else {
                    continue;
                };
                if left.is_empty() || right.is_empty() {
                    continue;
                }
                let budget = SAMPLED_PLACES - sampled;
                sampled += pairs.count_in(&mut left, &mut right, budget);
                if sampled >= SAMPLED_PLACES {
                    break 'fields;
                }
            }
        }
        pairs
    }

    /// Counts the candidates at up to `budget` places of one segment where one of `left` is
    /// right before one of `right`; returns how many places were counted.
    fn count_in(
        &mut self,
        left: &mut UnionPostings,
        right: &mut UnionPostings,
        budget: u32,
    ) -> u32 {
        let (mut left_at, mut right_at, mut buffer) = (Vec::new(), Vec::new(), Vec::new());
        let mut counted = 0;
        let mut doc = left.seek(0);
        while doc != TERMINATED && counted < budget {
            let right_doc = right.seek(doc);
            if right_doc != doc {
                doc = if right_doc == TERMINATED {
                    TERMINATED
                } else {
                    left.seek(right_doc)
                };
                continue;
            }
            spelled_positions(left, doc, &mut left_at, &mut buffer);
            spelled_positions(right, doc, &mut right_at, &mut buffer);
            for &(at, l) in &left_at {
                if counted == budget {
                    break;
                }
                if let Ok(k) = right_at.binary_search_by_key(&(at + 1), |&(p, _)| p) {
                    self.counts[l * self.right_len + right_at[k].1] += 1;
                    counted += 1;
                }
            }
            doc = left.seek(doc + 1);
        }
        counted
    }
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
    fn index_of(bodies: &[&str]) -> tracuu_indexer::ArticleIndex {
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .expect("writer");
        for (i, body) in bodies.iter().enumerate() {
            let article =
                tracuu_indexer::Article::new(format!("d{i}"), "", *body).with_path("test");
            writer.add(&article).expect("add");
        }
        writer.commit().expect("commit");
        index
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
    fn an_unaccented_syllable_can_read_as_itself_beside_its_neighbour() {
        // `tại` and `tài` are more frequent alone, but `tai nạn` and `ủy ban` go together.
        let bodies = [
            "Vụ tai nạn xảy ra tại ngã tư, tài xế bỏ chạy.",
            "Tai nạn giao thông tại Hà Nội.",
            "Ủy ban nhân dân tỉnh họp tại trụ sở, bàn về bản kế hoạch.",
            "Tại hội nghị, tài liệu được bàn kỹ; bản tin tại chỗ.",
        ];
        let index = index_of(&bodies);
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let cache = SpellingCache::default();
        let read =
            |syllables: &[Syllable]| choose_reading(&searcher, &index.fields(), &cache, syllables);
        let folded = |s: &str| Syllable::Folded(s.to_string());
        let fixed = |s: &str| Syllable::Fixed(s.to_string());
        assert_eq!(read(&[folded("tai"), fixed("nạn")]), ["tai", "nạn"]);
        assert_eq!(read(&[fixed("ủy"), folded("ban")]), ["ủy", "ban"]);
        assert_eq!(read(&[folded("tai")]), ["tại"]);
    }
}
