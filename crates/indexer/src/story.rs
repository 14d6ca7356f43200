//! Stories: the publications of one text, republished as it is or lightly edited.
//!
//! A body is cut into *shingles*, runs of [`SHINGLE_WORDS`] consecutive words written without
//! diacritics and in lowercase (so NFC, NFD, tone placement and `đ`/`d` do not matter). Its
//! [`Signature`] is a one-permutation MinHash of them: each shingle is hashed once, the hash
//! picks one of [`BUCKETS`] buckets, which keeps the smallest value it receives; an empty bucket
//! takes the value of the next non-empty one (rotation densification). The share of buckets two
//! signatures agree on estimates the *resemblance* of the two bodies: the Jaccard similarity of
//! their shingle sets.
//!
//! The writer groups a new document with the indexed document it resembles most when the
//! resemblance reaches a threshold ([`DEFAULT_THRESHOLD`] unless configured): it joins that
//! document's story. Candidates are found by locality-sensitive hashing: the signature is cut
//! into [`BANDS`] bands of [`ROWS`] buckets, and documents sharing a band are compared. Two
//! bodies of resemblance 0.5 share a band with probability 0.996, of resemblance 0.1 with
//! probability 0.04.

use std::collections::HashMap;

use unicode_normalization::char::decompose_canonical;
use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Buckets of a signature.
pub const BUCKETS: usize = 128;
/// Buckets per band.
const ROWS: usize = 3;
/// Bands compared to find candidates (126 of the 128 buckets).
const BANDS: usize = BUCKETS / ROWS;
/// Bodies with fewer shingles than this (about 55 words, two or three sentences) join no story:
/// short notices and templated bulletins repeat legitimately.
pub const MIN_SHINGLES: usize = 50;
/// The resemblance from which a document joins a story, unless configured (chosen with
/// `cargo bench --bench reuse`, see benches/README.md).
pub const DEFAULT_THRESHOLD: f32 = 0.5;
/// Documents compared at most per band of a new document, so that a text republished
/// thousands of times costs no more than one republished a few times (any member of a story
/// leads to it).
const MAX_CANDIDATES_PER_BAND: usize = 16;

/// The MinHash signature of a body (see the [module](self)): 16 bits of each bucket's minimum
/// are kept (two different minima agree by chance once in 65,536 buckets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u16; BUCKETS]);

impl Signature {
    /// The signature of `body`, or `None` for a body too short to compare (see [`MIN_SHINGLES`]).
    pub fn of(body: &str) -> Option<Signature> {
        let mut minimum = [u64::MAX; BUCKETS];
        let shingles = for_each_shingle(body, |hash| {
            let bucket = (hash % BUCKETS as u64) as usize;
            let value = hash / BUCKETS as u64;
            minimum[bucket] = minimum[bucket].min(value);
        });
        if shingles < MIN_SHINGLES {
            return None;
        }
        let mut signature = [0u16; BUCKETS];
        for (i, slot) in signature.iter_mut().enumerate() {
            // The next non-empty bucket, marked with the distance travelled so that an empty
            // bucket never agrees with a full one by chance.
            let (distance, value) = (0..BUCKETS)
                .map(|d| (d, minimum[(i + d) % BUCKETS]))
                .find(|(_, v)| *v != u64::MAX)
                .expect("a body with shingles fills a bucket");
            *slot =
                (mix(value ^ (distance as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 48) as u16;
        }
        Some(Signature(signature))
    }

    /// The estimated resemblance of the two bodies: the share of buckets that agree.
    pub fn resemblance(&self, other: &Signature) -> f32 {
        let agree = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        agree as f32 / BUCKETS as f32
    }

    /// The signature as stored in the index (little-endian buckets).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// The signature stored by [`to_bytes`](Self::to_bytes), `None` if `bytes` is not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != BUCKETS * 2 {
            return None;
        }
        let mut signature = [0u16; BUCKETS];
        for (slot, chunk) in signature.iter_mut().zip(bytes.chunks_exact(2)) {
            *slot = u16::from_le_bytes(chunk.try_into().expect("chunks of 2 bytes"));
        }
        Some(Signature(signature))
    }

    /// The key of band `band`, mixed with the band's number so bands never meet each other.
    fn band_key(&self, band: usize) -> u32 {
        let rows = &self.0[band * ROWS..(band + 1) * ROWS];
        let mut key = band as u64;
        for &row in rows {
            key = mix(key.rotate_left(23) ^ u64::from(row));
        }
        (key >> 32) as u32
    }
}

/// A strong 64-bit mixer (the finaliser of SplitMix64).
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hash of a shingle from its words' hashes, in order: each rotated by its place (so order
/// counts), combined, and mixed once (index format 5; before, one mix per word).
fn shingle_hash(word_hashes: impl Iterator<Item = u64>) -> u64 {
    mix(word_hashes.enumerate().fold(0, |combined, (i, hash)| {
        combined ^ hash.rotate_left(13 * i as u32)
    }))
}

/// Calls `each` with the hash of every shingle of `text`, and returns how many there were.
///
/// Words are runs of letters and digits; each is folded (decomposed, marks dropped, `đ` as `d`,
/// lowercase) and hashed, and a shingle's hash combines the hashes of its words.
fn for_each_shingle(text: &str, mut each: impl FnMut(u64)) -> usize {
    let mut window = [0u64; SHINGLE_WORDS];
    let mut words = 0usize;
    let mut word = String::new();
    let mut shingles = 0;
    let mut end_word = |word: &mut String| {
        if word.is_empty() {
            return;
        }
        window[words % SHINGLE_WORDS] = xxh3_64(word.as_bytes());
        word.clear();
        words += 1;
        if words >= SHINGLE_WORDS {
            each(shingle_hash(
                (0..SHINGLE_WORDS).map(|i| window[(words + i) % SHINGLE_WORDS]),
            ));
            shingles += 1;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                end_word(&mut word);
            }
        } else if let Some(letter) = folded_latin(c) {
            word.push(letter);
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    match part {
                        'đ' | 'Đ' => word.push('d'),
                        other => word.extend(other.to_lowercase()),
                    }
                }
            });
        } else {
            end_word(&mut word);
        }
    }
    end_word(&mut word);
    shingles
}

/// Code points of the Latin blocks that hold every precomposed Vietnamese letter.
const LATIN: std::ops::Range<u32> = 0xC0..0x250;
const LATIN_EXTENDED_ADDITIONAL: std::ops::Range<u32> = 0x1E00..0x1F00;

/// For each code point of [`LATIN`] then [`LATIN_EXTENDED_ADDITIONAL`], the ASCII letter it
/// folds to (lowercase, marks dropped, `đ` as `d`), or 0 when it folds to something else.
static FOLDED_LATIN: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    LATIN
        .chain(LATIN_EXTENDED_ADDITIONAL)
        .map(|code| {
            let mut folded = String::new();
            if let Some(c) = char::from_u32(code).filter(|c| c.is_alphanumeric()) {
                decompose_canonical(c, |part| {
                    if !is_combining_mark(part) {
                        match part {
                            'đ' | 'Đ' => folded.push('d'),
                            other => folded.extend(other.to_lowercase()),
                        }
                    }
                });
            }
            match folded.as_bytes() {
                [letter] if letter.is_ascii_alphanumeric() => *letter,
                _ => 0,
            }
        })
        .collect()
});

/// The ASCII letter a precomposed Latin letter folds to, from [`FOLDED_LATIN`].
fn folded_latin(c: char) -> Option<char> {
    let code = u32::from(c);
    let at = if LATIN.contains(&code) {
        code - LATIN.start
    } else if LATIN_EXTENDED_ADDITIONAL.contains(&code) {
        code - LATIN_EXTENDED_ADDITIONAL.start + LATIN.len() as u32
    } else {
        return None;
    };
    match FOLDED_LATIN[at as usize] {
        0 => None,
        letter => Some(char::from(letter)),
    }
}

/// Latin combining diacritics, as Vietnamese text decomposes into.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A story id for a document that starts a story: derived from its id and content, so that a
/// re-run finds the same id, and new content under an old id starts another story.
pub(crate) fn new_story_id(id: &str, record_hash: u64) -> u64 {
    mix(xxh3_64(id.as_bytes()) ^ record_hash)
}

/// No entry in a chain.
const NONE: u32 = u32::MAX;

/// The documents of an index, by band, to find the story a new document joins.
///
/// Memory: for each document 256 bytes of signature, and a band entry of about 14 bytes in each
/// of 42 bands, about 0.9 KiB in all (85 MiB for 100,000 documents).
pub(crate) struct StoryTable {
    threshold: f32,
    members: Vec<Member>,
    /// The last entry (`member * BANDS + band`) with each band key.
    heads: HashMap<u32, u32>,
    /// For each entry, the previous one with the same key (or [`NONE`]).
    previous: Vec<u32>,
}

struct Member {
    signature: Signature,
    story: u64,
    alive: bool,
}

/// A handle to a document in a [`StoryTable`], to remove it when it is replaced.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemberSlot(u32);

impl StoryTable {
    pub(crate) fn new(threshold: f32) -> StoryTable {
        StoryTable {
            threshold,
            members: Vec::new(),
            heads: HashMap::new(),
            previous: Vec::new(),
        }
    }

    /// The story of the most resembling document, if one resembles `signature` enough.
    pub(crate) fn find(&self, signature: &Signature) -> Option<u64> {
        let mut best: Option<(f32, u32)> = None;
        let mut compared: Vec<u32> = Vec::new();
        for band in 0..BANDS {
            let mut entry = self
                .heads
                .get(&signature.band_key(band))
                .copied()
                .unwrap_or(NONE);
            let mut seen = 0;
            while entry != NONE && seen < MAX_CANDIDATES_PER_BAND {
                let member = entry / BANDS as u32;
                entry = self.previous[entry as usize];
                if compared.contains(&member) || !self.members[member as usize].alive {
                    continue;
                }
                seen += 1;
                compared.push(member);
                let resemblance = self.members[member as usize]
                    .signature
                    .resemblance(signature);
                // The earliest member wins ties: its story is the oldest.
                let better =
                    best.is_none_or(|(r, m)| resemblance > r || (resemblance == r && member < m));
                if resemblance >= self.threshold && better {
                    best = Some((resemblance, member));
                }
            }
        }
        best.map(|(_, member)| self.members[member as usize].story)
    }

    /// Adds a document of `story`.
    pub(crate) fn insert(&mut self, signature: Signature, story: u64) -> MemberSlot {
        let member = u32::try_from(self.members.len()).expect("fewer than 4 billion documents");
        for band in 0..BANDS {
            let entry = member * BANDS as u32 + band as u32;
            let previous = self
                .heads
                .insert(signature.band_key(band), entry)
                .unwrap_or(NONE);
            self.previous.push(previous);
        }
        self.members.push(Member {
            signature,
            story,
            alive: true,
        });
        MemberSlot(member)
    }

    /// Forgets a document (replaced or deleted): it is no longer a candidate.
    pub(crate) fn remove(&mut self, slot: MemberSlot) {
        self.members[slot.0 as usize].alive = false;
    }

    /// Forgets every document.
    pub(crate) fn clear(&mut self) {
        self.members.clear();
        self.heads.clear();
        self.previous.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    const TEXT: &str =
        "Chiều 12/5, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị sơ kết công tác \
        xây dựng Đảng sáu tháng đầu năm. Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị và nhấn mạnh \
        yêu cầu nâng cao chất lượng sinh hoạt chi bộ, đẩy mạnh phòng, chống tham nhũng, tiêu \
        cực. Các đại biểu đã thảo luận nhiều giải pháp cụ thể cho những tháng cuối năm.";

    /// The shingles of `text` the slow way: fold each word with NFD and filtering.
    fn reference_shingles(text: &str) -> std::collections::BTreeSet<u64> {
        let words: Vec<String> = text
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .collect::<String>()
            .replace(['đ', 'Đ'], "d")
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        words
            .windows(SHINGLE_WORDS)
            .map(|w| shingle_hash(w.iter().map(|word| xxh3_64(word.as_bytes()))))
            .collect()
    }

    #[test]
    fn shingles_are_those_of_the_folded_words() {
        let mut found = std::collections::BTreeSet::new();
        let count = for_each_shingle(TEXT, |h| {
            found.insert(h);
        });
        assert_eq!(found, reference_shingles(TEXT));
        assert_eq!(count, found.len());
    }

    #[test]
    fn unicode_form_case_and_tone_placement_do_not_change_the_signature() {
        let nfd: String = TEXT.nfd().collect();
        let old_tones = TEXT.replace("ủy", "uỷ");
        let upper = TEXT.to_uppercase();
        let signature = Signature::of(TEXT).unwrap();
        for other in [nfd, old_tones, upper] {
            assert_eq!(Signature::of(&other).unwrap(), signature);
        }
    }

    #[test]
    fn resemblance_estimates_the_jaccard_similarity() {
        let long = TEXT.to_string() + " " + &TEXT.replace("Nghệ An", "Hà Tĩnh");
        let words: Vec<&str> = long.split(' ').collect();
        let cut = words[..words.len() * 3 / 4].join(" ");
        let (a, b) = (reference_shingles(&long), reference_shingles(&cut));
        let jaccard = a.intersection(&b).count() as f32 / a.union(&b).count() as f32;
        let estimate = Signature::of(&long)
            .unwrap()
            .resemblance(&Signature::of(&cut).unwrap());
        assert!((estimate - jaccard).abs() < 0.15, "{estimate} vs {jaccard}");
    }

    #[test]
    fn the_folding_table_agrees_with_decomposition() {
        for c in ('\u{c0}'..'\u{250}').chain('\u{1e00}'..'\u{1f00}') {
            if let Some(letter) = folded_latin(c) {
                let slow: String = c
                    .to_string()
                    .nfd()
                    .filter(|c| !is_combining_mark(*c))
                    .collect::<String>()
                    .replace(['đ', 'Đ'], "d")
                    .to_lowercase();
                assert_eq!(letter.to_string(), slow, "{c:?}");
            }
        }
        for c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ".chars()
        {
            assert!(folded_latin(c).is_some(), "{c:?}");
        }
    }

    #[test]
    fn short_bodies_have_no_signature() {
        assert_eq!(Signature::of("Thông báo nghỉ lễ Quốc khánh 2/9."), None);
    }

    #[test]
    fn signatures_survive_storage() {
        let signature = Signature::of(TEXT).unwrap();
        assert_eq!(
            Signature::from_bytes(&signature.to_bytes()),
            Some(signature)
        );
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn the_table_finds_the_story_of_a_resembling_document_only() {
        let mut table = StoryTable::new(DEFAULT_THRESHOLD);
        let original = Signature::of(TEXT).unwrap();
        let slot = table.insert(original, 7);
        let edited = TEXT.replace("nhiều giải pháp cụ thể", "một số biện pháp");
        assert_eq!(table.find(&Signature::of(&edited).unwrap()), Some(7));
        let other = "Sáng 3/6, Quốc hội thảo luận ở tổ về dự án Luật Đất đai sửa đổi, tập trung \
            vào các quy định về bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất và cơ \
            chế định giá đất theo nguyên tắc thị trường, bảo đảm hài hòa lợi ích.";
        assert_eq!(table.find(&Signature::of(other).unwrap()), None);
        table.remove(slot);
        assert_eq!(table.find(&Signature::of(&edited).unwrap()), None);
    }
}
