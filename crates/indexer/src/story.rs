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
//! resemblance reaches a threshold ([`DEFAULT_THRESHOLD`] unless configured) and the first
//! document of that document's story resembles it by [`FOUNDER_SHARE`] of the threshold: it
//! joins that story. (Without the second condition, texts each like the next would chain unlike
//! texts into one story.) Candidates are found by locality-sensitive hashing: the signature is cut
//! into [`BANDS`] bands of [`ROWS`] buckets, and documents sharing a band are compared. Two
//! bodies of resemblance 0.5 share a band with probability 0.996, of resemblance 0.1 with
//! probability 0.04.

use std::collections::{HashMap, HashSet};

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
/// What a threshold given by a user must be, for the messages refusing one.
pub const THRESHOLD_RULE: &str = "a resemblance above 0 and at most 1 (e.g. 0.5)";

/// Whether `threshold` can be a story threshold ([`THRESHOLD_RULE`]): at 0 or below, every new
/// document would join the story of some indexed one, related or not, and stay there; above 1
/// none could; NaN is neither.
pub fn is_valid_threshold(threshold: f32) -> bool {
    threshold > 0.0 && threshold <= 1.0
}

/// The share of the threshold a document must resemble a story's first document by to join
/// the story. The whole threshold would split stories whose first document is a cut copy (other
/// cut copies resemble the original but not it): with copies indexed before their originals,
/// `cargo bench --bench reuse` finds 0.9655 of the copies keeping 80% of the text at the whole
/// threshold, 0.9852 at 0.8, 0.9934 at 0.5 and without the condition.
const FOUNDER_SHARE: f32 = 0.8;
/// Documents compared at most per band of a new document, so that a text republished
/// thousands of times costs no more than one republished a few times (any member of a story
/// leads to it).
const MAX_CANDIDATES_PER_BAND: usize = 16;

/// The MinHash signature of a body (see the [module](self)): 8 bits of each bucket's minimum
/// are kept. Two different minima agree by chance once in 256 buckets, which
/// [`resemblance`](Self::resemblance) corrects for (index format 7; before, 16 bits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u8; BUCKETS]);

/// The distinct shingles of a body, to count its resemblance to another exactly where a
/// [`Signature`] estimates it.
#[derive(Debug, Clone)]
pub struct Shingles(HashSet<u64>);

impl Shingles {
    /// The shingles of `body`, or `None` for a body too short to compare (as for a
    /// [`Signature`]: fewer than [`MIN_SHINGLES`]).
    pub fn of(body: &str) -> Option<Shingles> {
        let mut set = HashSet::new();
        let count = for_each_shingle(body, |hash| {
            set.insert(hash);
        });
        (count >= MIN_SHINGLES).then_some(Shingles(set))
    }

    /// The resemblance of the two bodies: the share of their distinct shingles that both hold
    /// (their Jaccard similarity), 0 to 1.
    pub fn resemblance(&self, other: &Shingles) -> f32 {
        let shared = self.0.intersection(&other.0).count();
        shared as f32 / (self.0.len() + other.0.len() - shared) as f32
    }
}

/// How often two buckets with different minima agree by chance.
const CHANCE_AGREEMENT: f32 = 1.0 / 256.0;

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
        let mut signature = [0u8; BUCKETS];
        for (i, slot) in signature.iter_mut().enumerate() {
            // The next non-empty bucket, marked with the distance travelled so that an empty
            // bucket never agrees with a full one by chance.
            let (distance, value) = (0..BUCKETS)
                .map(|d| (d, minimum[(i + d) % BUCKETS]))
                .find(|(_, v)| *v != u64::MAX)
                .expect("a body with shingles fills a bucket");
            *slot =
                (mix(value ^ (distance as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 56) as u8;
        }
        Some(Signature(signature))
    }

    /// The estimated resemblance of the two bodies: the share of buckets that agree, less
    /// those expected to agree by chance ([`CHANCE_AGREEMENT`]), so that the estimate is
    /// unbiased: 0 for unrelated bodies, 1 for identical ones.
    pub fn resemblance(&self, other: &Signature) -> f32 {
        let agree = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        let share = agree as f32 / BUCKETS as f32;
        ((share - CHANCE_AGREEMENT) / (1.0 - CHANCE_AGREEMENT)).max(0.0)
    }

    /// The signature as stored in the index (one byte per bucket).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    /// The signature stored by [`to_bytes`](Self::to_bytes), `None` if `bytes` is not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        bytes.try_into().ok().map(Signature)
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
#[cfg(test)]
fn shingle_hash(word_hashes: impl Iterator<Item = u64>) -> u64 {
    mix(word_hashes.enumerate().fold(0, |combined, (i, hash)| {
        combined ^ hash.rotate_left(13 * i as u32)
    }))
}

/// The combined hashes of the last [`SHINGLE_WORDS`] words, kept as words arrive: what
/// [`shingle_hash`] mixes, without recombining the whole window for every word (rotations
/// commute with the exclusive or, so the oldest word leaves by one exclusive or and every
/// other word moves one place by one rotation; until the window is full, the oldest words
/// are zeros, which change nothing).
#[derive(Default)]
struct ShingleWindow {
    word_hashes: [u64; SHINGLE_WORDS],
    words: usize,
    combined: u64,
}

impl ShingleWindow {
    /// Adds a word; returns the hash of the shingle it completes, if the window is full.
    fn push(&mut self, word_hash: u64) -> Option<u64> {
        let oldest =
            std::mem::replace(&mut self.word_hashes[self.words % SHINGLE_WORDS], word_hash);
        self.words += 1;
        let last = 13 * (SHINGLE_WORDS as u32 - 1);
        self.combined = (self.combined ^ oldest).rotate_right(13) ^ word_hash.rotate_left(last);
        (self.words >= SHINGLE_WORDS).then(|| mix(self.combined))
    }
}

/// The hash of a word, built one folded byte at a time with no buffer (index format 7; before,
/// xxh3 of the whole word): bytes are packed into a number 8 at a time, and each full number
/// mixed into the next. Words of up to 8 bytes, every folded Vietnamese syllable among them,
/// never share a hash: their bytes (none of them zero) are the number, and [`mix`] is a
/// bijection.
#[derive(Default)]
struct WordHash {
    packed: u64,
    /// Bytes in `packed`: 1 to 8 once a byte was pushed.
    packed_bytes: u8,
    mixed: u64,
}

impl WordHash {
    fn push(&mut self, byte: u8) {
        if self.packed_bytes == 8 {
            self.mixed = mix(self.mixed ^ self.packed);
            self.packed = 0;
            self.packed_bytes = 0;
        }
        self.packed = (self.packed << 8) | u64::from(byte);
        self.packed_bytes += 1;
    }

    fn is_empty(&self) -> bool {
        self.packed_bytes == 0
    }

    /// The hash of the word pushed so far; starts the next word.
    fn finish(&mut self) -> u64 {
        let hash = mix(self.mixed ^ self.packed);
        *self = WordHash::default();
        hash
    }
}

/// For each ASCII byte, what it adds to a word: its lowercase for a letter or a digit, 0 for a
/// byte that ends the word.
const ASCII_FOLDED: [u8; 128] = {
    let mut table = [0; 128];
    let mut byte: u8 = 0;
    while byte < 128 {
        if byte.is_ascii_alphanumeric() {
            table[byte as usize] = byte.to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};

/// Calls `each` with the hash of every shingle of `text`, and returns how many there were.
///
/// Words are runs of letters and digits; each is folded (decomposed, marks dropped, `đ` and its
/// look-alike `ð` as `d`, lowercase) and hashed ([`WordHash`]), and a shingle's hash combines
/// the hashes of its words.
fn for_each_shingle(text: &str, mut each: impl FnMut(u64)) -> usize {
    let mut window = ShingleWindow::default();
    let mut word = WordHash::default();
    let mut shingles = 0;
    let mut end_word = |word: &mut WordHash| {
        if word.is_empty() {
            return;
        }
        if let Some(hash) = window.push(word.finish()) {
            each(hash);
            shingles += 1;
        }
    };
    let mut buffer = [0; 4];
    let folded_latin_table: &[u8] = &FOLDED_LATIN;
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // ASCII, most of the bytes of Vietnamese text, by table without decoding characters.
        if byte.is_ascii() {
            match ASCII_FOLDED[usize::from(byte)] {
                0 => end_word(&mut word),
                folded => word.push(folded),
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().expect("a character starts here");
        at += c.len_utf8();
        if let Some(letter) = folded_latin(folded_latin_table, u32::from(c)) {
            word.push(letter);
        } else if c.is_alphanumeric() || is_combining_mark(c) {
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    match part {
                        'đ' | 'Đ' | 'ð' | 'Ð' => word.push(b'd'),
                        other => {
                            for lower in other.to_lowercase() {
                                for &byte in lower.encode_utf8(&mut buffer).as_bytes() {
                                    word.push(byte);
                                }
                            }
                        }
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
/// folds to (lowercase, marks dropped, `đ` and `ð` as `d`), or 0 when it folds to something else.
static FOLDED_LATIN: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    LATIN
        .chain(LATIN_EXTENDED_ADDITIONAL)
        .map(|code| {
            let mut folded = String::new();
            if let Some(c) = char::from_u32(code).filter(|c| c.is_alphanumeric()) {
                decompose_canonical(c, |part| {
                    if !is_combining_mark(part) {
                        match part {
                            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('d'),
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

/// The ASCII letter the precomposed Latin letter `code` folds to, from `table`
/// ([`FOLDED_LATIN`]).
fn folded_latin(table: &[u8], code: u32) -> Option<u8> {
    let at = if LATIN.contains(&code) {
        code - LATIN.start
    } else if LATIN_EXTENDED_ADDITIONAL.contains(&code) {
        code - LATIN_EXTENDED_ADDITIONAL.start + LATIN.len() as u32
    } else {
        return None;
    };
    match table[at as usize] {
        0 => None,
        letter => Some(letter),
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

/// The documents of an index, by band, to find the story a new document joins.
///
/// Memory: for each document 128 bytes of signature and [`BANDS`] band entries of 8 bytes,
/// about 0.5 KiB (the band entries in a sorted table, not a hash map, which took about twice
/// as much and doubled at once as it grew: see [`Bands`]), and some 30 bytes per story.
pub(crate) struct StoryTable {
    threshold: f32,
    members: Vec<Member>,
    bands: Bands,
    /// Each story's first member (the document that started it; in a table loaded from an
    /// index, its first indexed document still there). A document joins a story only if it
    /// resembles this one enough too, so that a chain of texts each like the next (A like B,
    /// B like C) never puts texts unlike each other (A and C) in one story.
    founders: HashMap<u64, u32>,
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
            bands: Bands::default(),
            founders: HashMap::new(),
        }
    }

    /// The story of the most resembling document, if one resembles `signature` enough and so
    /// does the first member of its story.
    pub(crate) fn find(&self, signature: &Signature) -> Option<u64> {
        let keys: [u32; BANDS] = std::array::from_fn(|band| signature.band_key(band));
        let mut best: Option<(f32, u32)> = None;
        let mut compared: Vec<u32> = Vec::new();
        for holders in self.bands.holders(&keys) {
            let mut seen = 0;
            for member in self.bands.members(&holders) {
                if seen == MAX_CANDIDATES_PER_BAND {
                    break;
                }
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
                if resemblance >= self.threshold
                    && better
                    && self.founder_resembles(member, signature)
                {
                    best = Some((resemblance, member));
                }
            }
        }
        best.map(|(_, member)| self.members[member as usize].story)
    }

    /// Whether the first member of `member`'s story resembles `signature` enough.
    fn founder_resembles(&self, member: u32, signature: &Signature) -> bool {
        let founder = self.founders[&self.members[member as usize].story];
        founder == member
            || self.members[founder as usize]
                .signature
                .resemblance(signature)
                >= self.threshold * FOUNDER_SHARE
    }

    /// Adds a document of `story`.
    pub(crate) fn insert(&mut self, signature: Signature, story: u64) -> MemberSlot {
        let member = u32::try_from(self.members.len()).expect("fewer than 4 billion documents");
        self.founders.entry(story).or_insert(member);
        for band in 0..BANDS {
            self.bands.insert(signature.band_key(band), member);
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
        self.bands = Bands::default();
        self.founders.clear();
    }
}

/// No entry in a chain.
const NONE: u32 = u32::MAX;

/// Band entries added since the last fold, at most: about 50,000 documents' (24 MiB, and 16 MiB
/// of bucket heads).
const RECENT_ENTRIES: usize = 1 << 21;

/// Entries of the sorted table per directory slot, about.
const ENTRIES_PER_SLOT: usize = 32;

/// The members holding each band key, the latest first.
///
/// Most entries are in `sorted`, 8 bytes each (`key << 32 | member`) with a directory by the
/// key's first bits (keys are hashes, so the slots fill evenly): finding a key reads one slot's
/// few dozen entries. The latest entries are in chains from buckets chosen by the key's last
/// bits until there are [`RECENT_ENTRIES`] of them; they are then sorted and merged in (a few
/// milliseconds per million entries), so the table grows by its entries only, never doubling
/// at once.
struct Bands {
    /// Recent entries folded at most ([`RECENT_ENTRIES`] but in tests).
    fold_at: usize,
    sorted: Vec<u64>,
    /// Where the entries whose key starts with each value of its first `directory_bits` bits
    /// start in `sorted`, and one more: the end.
    directory: Vec<usize>,
    directory_bits: u32,
    /// For each bucket, the latest recent entry whose key's last bits choose it (an index into
    /// `recent`), or [`NONE`]. Twice as many buckets as entries, so chains are short.
    recent_buckets: Vec<u32>,
    /// For each recent entry: its key, its member, and the previous recent entry in its bucket
    /// (or [`NONE`]).
    recent: Vec<(u32, u32, u32)>,
}

/// Where the members holding `key` are in [`Bands`]: the chain of recent entries from its
/// bucket (which also holds entries with other keys), and a run of the sorted table.
struct Holders {
    key: u32,
    recent: u32,
    sorted: std::ops::Range<usize>,
}

impl Default for Bands {
    fn default() -> Bands {
        Bands::folding_at(RECENT_ENTRIES)
    }
}

impl Bands {
    fn folding_at(fold_at: usize) -> Bands {
        Bands {
            fold_at,
            sorted: Vec::new(),
            directory: Vec::new(),
            directory_bits: 0,
            recent_buckets: vec![NONE; (2 * fold_at).next_power_of_two()],
            recent: Vec::new(),
        }
    }

    fn insert(&mut self, key: u32, member: u32) {
        let entry = u32::try_from(self.recent.len()).expect("recent entries are bounded");
        let bucket = self.bucket(key);
        let previous = std::mem::replace(&mut self.recent_buckets[bucket], entry);
        self.recent.push((key, member, previous));
        if self.recent.len() >= self.fold_at {
            self.fold();
        }
    }

    /// Where the members holding each of `keys` are. Each step looks up every key before the
    /// next step, so that the memory reads for different keys overlap rather than wait for
    /// each other (most of them miss the caches: the table is tens of megabytes).
    fn holders<const N: usize>(&self, keys: &[u32; N]) -> [Holders; N] {
        let recent = keys.map(|key| self.recent_buckets[self.bucket(key)]);
        let slots = keys.map(|key| match self.directory_bits {
            0 => 0..self.sorted.len(),
            bits => {
                let at = (key >> (32 - bits)) as usize;
                self.directory[at]..self.directory[at + 1]
            }
        });
        // Read every cache line of the slots and the first entry of the chains at once, before
        // the searches, each of which would otherwise wait for its lines in turn.
        let lines = slots
            .iter()
            .flat_map(|slot| self.sorted[slot.clone()].iter().step_by(8))
            .copied()
            .chain(
                recent
                    .iter()
                    .filter(|&&entry| entry != NONE)
                    .map(|&entry| u64::from(self.recent[entry as usize].0)),
            )
            .fold(0, |sum, value| sum ^ value);
        std::hint::black_box(lines);
        std::array::from_fn(|i| {
            let key = keys[i];
            let slot = slots[i].clone();
            let first = slot.start
                + self.sorted[slot.clone()].partition_point(|entry| ((entry >> 32) as u32) < key);
            let end = first
                + self.sorted[first..slot.end]
                    .iter()
                    .take_while(|entry| (*entry >> 32) as u32 == key)
                    .count();
            Holders {
                key,
                recent: recent[i],
                sorted: first..end,
            }
        })
    }

    /// The members `holders` lists, the latest first.
    fn members<'a>(&'a self, holders: &Holders) -> impl Iterator<Item = u32> + 'a {
        let (key, head) = (holders.key, holders.recent);
        let recent = std::iter::successors((head != NONE).then_some(head), |&entry| {
            let previous = self.recent[entry as usize].2;
            (previous != NONE).then_some(previous)
        })
        .map(|entry| self.recent[entry as usize])
        .filter(move |&(entry_key, _, _)| entry_key == key)
        .map(|(_, member, _)| member);
        let sorted = self.sorted[holders.sorted.clone()]
            .iter()
            .rev()
            .map(|entry| *entry as u32);
        recent.chain(sorted)
    }

    /// The bucket of recent entries with `key`.
    fn bucket(&self, key: u32) -> usize {
        key as usize & (self.recent_buckets.len() - 1)
    }

    /// Merges the recent entries into the sorted table and rebuilds its directory.
    fn fold(&mut self) {
        let mut recent: Vec<u64> = self
            .recent
            .iter()
            .map(|&(key, member, _)| (u64::from(key) << 32) | u64::from(member))
            .collect();
        recent.sort_unstable();
        self.recent.clear();
        self.recent_buckets.fill(NONE);
        // Merged in place from the end: no second copy of the table.
        let mut old = self.sorted.len();
        self.sorted.reserve_exact(recent.len());
        self.sorted.resize(old + recent.len(), 0);
        for at in (0..self.sorted.len()).rev() {
            let take_old = old > 0 && recent.last().is_none_or(|&r| self.sorted[old - 1] > r);
            self.sorted[at] = if take_old {
                old -= 1;
                self.sorted[old]
            } else {
                recent.pop().expect("entries remain")
            };
        }
        let slots = (self.sorted.len() / ENTRIES_PER_SLOT).max(1);
        self.directory_bits = slots.ilog2().min(24);
        self.directory.clear();
        if self.directory_bits > 0 {
            let bits = self.directory_bits;
            let slot_of = |entry: &u64| (entry >> (64 - bits)) as usize;
            self.directory = (0..=1usize << bits)
                .map(|slot| self.sorted.partition_point(|entry| slot_of(entry) < slot))
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use unicode_normalization::UnicodeNormalization;

    const TEXT: &str =
        "Chiều 12/5, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị sơ kết công tác \
        xây dựng Đảng sáu tháng đầu năm. Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị và nhấn mạnh \
        yêu cầu nâng cao chất lượng sinh hoạt chi bộ, đẩy mạnh phòng, chống tham nhũng, tiêu \
        cực. Các đại biểu đã thảo luận nhiều giải pháp cụ thể cho những tháng cuối năm.";

    /// The shingles of `text`, in order, the slow way: fold the whole text with NFD and
    /// filtering, then hash each word from its bytes and each run of words whole.
    fn reference_shingles(text: &str) -> Vec<u64> {
        let words: Vec<String> = text
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .collect::<String>()
            .replace(['đ', 'Đ', 'ð', 'Ð'], "d")
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        words
            .windows(SHINGLE_WORDS)
            .map(|w| shingle_hash(w.iter().map(|word| word_hash(word))))
            .collect()
    }

    /// [`WordHash`] of a whole word, as its definition says: bytes packed 8 at a time, each
    /// full number mixed into the next.
    fn word_hash(word: &str) -> u64 {
        let chunks: Vec<u64> = word
            .as_bytes()
            .chunks(8)
            .map(|chunk| chunk.iter().fold(0, |n, &b| (n << 8) | u64::from(b)))
            .collect();
        let (last, full) = chunks.split_last().expect("a word has bytes");
        mix(full.iter().fold(0, |mixed, &n| mix(mixed ^ n)) ^ last)
    }

    fn shingles(text: &str) -> Vec<u64> {
        let mut found = Vec::new();
        let count = for_each_shingle(text, |h| found.push(h));
        assert_eq!(count, found.len());
        found
    }

    #[test]
    fn shingles_are_those_of_the_folded_words() {
        assert_eq!(shingles(TEXT), reference_shingles(TEXT));
        let nfd: String = TEXT.nfd().collect();
        assert_eq!(shingles(&nfd), reference_shingles(TEXT));
    }

    proptest::proptest! {
        /// Any mix of ASCII, precomposed and decomposed Vietnamese, other scripts, marks,
        /// spaces and punctuation, with long words (not the Greek capital sigma, which the
        /// whole-string lowercasing of the reference reads by its context).
        #[test]
        fn shingles_of_any_text_are_those_of_the_folded_words(
            text in "([a-zA-Z0-9 ,.\\-]|[àáảãạăằắẳẵặâầấẩẫậđĐðÐêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]|[\\u{300}\\u{301}\\u{303}\\u{309}\\u{323}\\u{306}\\u{302}\\u{31b}\\u{483}]|[\\u{a0}\\u{2019}«²ßİΩЖ中ﬁ😀]|nghiêngnghiêng|x{17}){0,120}"
        ) {
            proptest::prop_assert_eq!(shingles(&text), reference_shingles(&text));
        }
    }

    #[test]
    fn words_of_up_to_8_bytes_have_hashes_of_their_own() {
        let words = [
            "a", "aa", "ab", "ba", "nghieng", "nghieng1", "1", "01", "001",
        ];
        let hash = |word: &str| {
            let mut hash = WordHash::default();
            word.bytes().for_each(|byte| hash.push(byte));
            hash.finish()
        };
        let hashes: std::collections::BTreeSet<u64> = words.iter().map(|w| hash(w)).collect();
        assert_eq!(hashes.len(), words.len());
    }

    #[test]
    fn unicode_form_case_and_tone_placement_do_not_change_the_signature() {
        let nfd: String = TEXT.nfd().collect();
        let old_tones = TEXT.replace("ủy", "uỷ");
        let upper = TEXT.to_uppercase();
        let signature = Signature::of(TEXT).unwrap();
        // Some web text writes `Đ` with its look-alike, the eth (U+00D0).
        let eth = TEXT.replace('Đ', "\u{d0}");
        assert_ne!(eth, TEXT);
        for other in [nfd, old_tones, upper, eth] {
            assert_eq!(Signature::of(&other).unwrap(), signature);
        }
    }

    #[test]
    fn resemblance_estimates_the_jaccard_similarity() {
        let long = TEXT.to_string() + " " + &TEXT.replace("Nghệ An", "Hà Tĩnh");
        let words: Vec<&str> = long.split(' ').collect();
        let cut = words[..words.len() * 3 / 4].join(" ");
        let set = |text: &str| -> std::collections::BTreeSet<u64> {
            reference_shingles(text).into_iter().collect()
        };
        let (a, b) = (set(&long), set(&cut));
        let jaccard = a.intersection(&b).count() as f32 / a.union(&b).count() as f32;
        let estimate = Signature::of(&long)
            .unwrap()
            .resemblance(&Signature::of(&cut).unwrap());
        assert!((estimate - jaccard).abs() < 0.15, "{estimate} vs {jaccard}");
    }

    #[test]
    fn the_folding_table_agrees_with_decomposition() {
        for c in ('\u{c0}'..'\u{250}').chain('\u{1e00}'..'\u{1f00}') {
            if let Some(letter) = folded_latin(&FOLDED_LATIN, u32::from(c)) {
                let slow: String = c
                    .to_string()
                    .nfd()
                    .filter(|c| !is_combining_mark(*c))
                    .collect::<String>()
                    .replace(['đ', 'Đ', 'ð', 'Ð'], "d")
                    .to_lowercase();
                assert_eq!(char::from(letter).to_string(), slow, "{c:?}");
            }
        }
        for c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ".chars()
        {
            assert!(folded_latin(&FOLDED_LATIN, u32::from(c)).is_some(), "{c:?}");
        }
    }

    #[test]
    fn unrelated_bodies_resemble_not_at_all_and_identical_ones_fully() {
        let other = "Sáng 3/9, Ủy ban nhân dân thành phố Hải Phòng họp báo công bố kết quả kỳ thi \
            tuyển sinh vào lớp 10 trung học phổ thông năm học mới. Theo Sở Giáo dục và Đào tạo, \
            tỷ lệ thí sinh trúng tuyển tăng so với năm trước, nhiều trường tuyển đủ chỉ tiêu ngay \
            trong đợt đầu. Phụ huynh và học sinh có thể tra cứu điểm trên cổng thông tin của Sở \
            từ chiều cùng ngày, và nộp đơn phúc khảo trong mười ngày làm việc.";
        let (a, b) = (Signature::of(TEXT).unwrap(), Signature::of(other).unwrap());
        assert!(a.resemblance(&b) < 0.05, "{}", a.resemblance(&b));
        assert_eq!(a.resemblance(&a.clone()), 1.0);
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
    fn band_entries_are_found_latest_first_before_and_after_folds() {
        let mut bands = Bands::folding_at(100);
        let mut expected: HashMap<u32, Vec<u32>> = HashMap::new();
        // Keys spread over the whole range and repeated, as band keys of similar documents.
        let key_of = |i: u32| mix(u64::from(i % 97)) as u32;
        for member in 0..5_000u32 {
            for key in [key_of(member), key_of(member * 7 + 3), 0, u32::MAX] {
                bands.insert(key, member);
                expected.entry(key).or_default().push(member);
            }
            if member % 1_237 == 0 || member == 4_999 {
                assert!(bands.directory_bits > 0 || bands.sorted.len() < 64);
                for (key, members) in &expected {
                    let [holders] = bands.holders(&[*key]);
                    let found: Vec<u32> = bands.members(&holders).collect();
                    let latest_first: Vec<u32> = members.iter().rev().copied().collect();
                    assert_eq!(found, latest_first, "key {key:#x}");
                }
                assert_eq!(bands.members(&bands.holders(&[12_345])[0]).count(), 0);
            }
        }
        assert!(
            bands.sorted.len() > 19_000,
            "folded: {}",
            bands.sorted.len()
        );
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
