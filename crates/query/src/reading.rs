//! Choosing the most likely accented reading of syllables typed without diacritics.
//!
//! `dang` may be `đang`, `đảng`, `đăng`, `dạng`... For each accent-free syllable the candidates
//! are every accented spelling that folds to it and occurs in the index; a sequence is chosen by
//! how often adjacent candidates occur together (the bigram field's document frequencies), then
//! by how often each occurs alone. So `dang uy` reads `đảng ủy` and `dang vien` reads `đảng viên`.

use tantivy::{Searcher, Term};
use tracuu_indexer::analysis::normalize_term;
use tracuu_indexer::Fields;

/// At most this many candidates are kept per syllable (the most frequent ones): `dang` has
/// more than eight spellings in real news, and the right one is not always among the top eight.
const MAX_CANDIDATES: usize = 16;

/// The tone marks, as combining characters, that a candidate may carry.
const TONE_MARKS: [&str; 6] = ["", "\u{301}", "\u{300}", "\u{309}", "\u{303}", "\u{323}"];

/// One syllable of a sequence to read: either fixed (typed with diacritics) or to be guessed.
#[derive(Debug, Clone)]
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
    syllables: &[Syllable],
) -> Vec<String> {
    let candidates: Vec<Vec<(String, u64)>> = syllables
        .iter()
        .map(|syllable| match syllable {
            Syllable::Fixed(term) => vec![(term.clone(), 1)],
            Syllable::Folded(folded) => candidates(searcher, fields, folded),
        })
        .collect();
    best_path(searcher, fields, &candidates)
}

/// Accented terms in the index that fold to `folded`, most frequent first, with document frequencies.
fn candidates(searcher: &Searcher, fields: &Fields, folded: &str) -> Vec<(String, u64)> {
    let mut found: Vec<(String, u64)> = spellings(folded)
        .into_iter()
        .filter_map(|term| {
            let df = searcher
                .doc_freq(&Term::from_field_text(fields.body, &term))
                .unwrap_or(0)
                + searcher
                    .doc_freq(&Term::from_field_text(fields.title, &term))
                    .unwrap_or(0);
            (df > 0).then_some((term, df))
        })
        .collect();
    // The accent-free spelling's own term also counts every accented word folding to it:
    // estimate its own share, conservatively.
    let accented_total: u64 = found
        .iter()
        .filter(|(t, _)| t != folded)
        .map(|(_, df)| df)
        .sum();
    // Document frequencies overlap, so the difference is often 0 even for a common unaccented
    // syllable (`ban`, `tai`, `vi`): keep it as a candidate with at least 1, so adjacent words
    // can still choose it (`ủy ban`, `tai nạn`, `vi phạm`) through the bigram evidence.
    for (term, df) in &mut found {
        if term == folded {
            *df = df.saturating_sub(accented_total).max(1);
        }
    }
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

/// Every Vietnamese spelling of an accent-free syllable: quality marks on its vowels,
/// `đ` for `d`, and each tone, placed by the analyzer's rule.
fn spellings(folded: &str) -> Vec<String> {
    if folded.is_empty() || folded.len() > 12 || !folded.bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![folded.to_string()];
    }
    let mut bases = vec![String::new()];
    for c in folded.chars() {
        let variants: &[char] = match c {
            'a' => &['a', 'ă', 'â'],
            'e' => &['e', 'ê'],
            'o' => &['o', 'ô', 'ơ'],
            'u' => &['u', 'ư'],
            'd' => &['d', 'đ'],
            _ => &[c],
        };
        bases = bases
            .iter()
            .flat_map(|base| variants.iter().map(move |v| format!("{base}{v}")))
            .collect();
    }
    let mut out: Vec<String> = bases
        .iter()
        .flat_map(|base| {
            let first_vowel = base
                .char_indices()
                .find(|(_, c)| "aăâeêioôơuưy".contains(*c))
                .map(|(i, c)| i + c.len_utf8());
            TONE_MARKS.iter().filter_map(move |mark| match first_vowel {
                Some(at) => Some(normalize_term(&format!(
                    "{}{mark}{}",
                    &base[..at],
                    &base[at..]
                ))),
                None if mark.is_empty() => Some(base.clone()),
                None => None,
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The sequence maximising the bigram evidence, then the unigram frequencies (Viterbi).
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
        let (mut row, mut from) = (Vec::new(), Vec::new());
        for (term, df) in &candidates[i] {
            let (best_prev, best_score) = candidates[i - 1]
                .iter()
                .enumerate()
                .map(|(k, (prev, _))| {
                    let pair = Term::from_field_text(fields.bigrams, &format!("{prev} {term}"));
                    let pair_df = searcher.doc_freq(&pair).unwrap_or(0);
                    (k, scores[i - 1][k] + 4.0 * unigram(pair_df))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_cover_the_accented_forms_of_a_syllable() {
        let dang = spellings("dang");
        for expected in ["đảng", "đang", "đăng", "dạng", "đắng", "dang", "đặng"] {
            assert!(
                dang.contains(&expected.to_string()),
                "{expected} missing from {dang:?}"
            );
        }
        assert!(spellings("uy").contains(&"ủy".to_string()));
        assert!(spellings("nguoi").contains(&"người".to_string()));
        assert_eq!(spellings("2021"), ["2021"]);
    }

    #[test]
    fn an_unaccented_syllable_can_read_as_itself_beside_its_neighbour() {
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let mut writer = index
            .writer(&tracuu_indexer::WriterOptions::default())
            .expect("writer");
        // `tại` and `tài` are more frequent alone, but `tai nạn` and `ủy ban` go together.
        let bodies = [
            "Vụ tai nạn xảy ra tại ngã tư, tài xế bỏ chạy.",
            "Tai nạn giao thông tại Hà Nội.",
            "Ủy ban nhân dân tỉnh họp tại trụ sở, bàn về bản kế hoạch.",
            "Tại hội nghị, tài liệu được bàn kỹ; bản tin tại chỗ.",
        ];
        for (i, body) in bodies.iter().enumerate() {
            let article = tracuu_indexer::Article {
                id: format!("d{i}"),
                title: String::new(),
                body: body.to_string(),
                summary: None,
                date: None,
                source: None,
                url: None,
                author: None,
                path: "test".to_string(),
                line: None,
            };
            writer.add(&article).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.tantivy().reader().expect("reader").searcher();
        let read = |syllables: &[Syllable]| choose_reading(&searcher, &index.fields(), syllables);
        let folded = |s: &str| Syllable::Folded(s.to_string());
        let fixed = |s: &str| Syllable::Fixed(s.to_string());
        assert_eq!(read(&[folded("tai"), fixed("nạn")]), ["tai", "nạn"]);
        assert_eq!(read(&[fixed("ủy"), folded("ban")]), ["ủy", "ban"]);
        assert_eq!(read(&[folded("tai")]), ["tại"]);
    }
}
