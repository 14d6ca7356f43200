//! Normalisation of one word (a syllable or a part of a code) into its two index forms.
//!
//! The **term** is lowercase, NFC, with the tone mark placed by one rule (see [`crate::analysis`]);
//! the **folded** form has every mark removed and `đ` written `d`.
//!
//! Vietnamese letters are read through a table built once from Unicode's canonical decompositions,
//! so precomposed (NFC), decomposed (NFD) and mixed input reach the same letters and tone without
//! running a full normaliser over the text.

use std::sync::LazyLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::UnicodeNormalization;

use super::chars::is_ignorable;

/// A Vietnamese tone. `Level` (thanh ngang) has no mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tone {
    Level = 0,
    Acute = 1,
    Grave = 2,
    Hook = 3,
    Tilde = 4,
    Dot = 5,
}

impl Tone {
    fn from_mark(mark: char) -> Option<Tone> {
        Some(match mark {
            '\u{301}' | '\u{341}' => Tone::Acute,
            '\u{300}' | '\u{340}' => Tone::Grave,
            '\u{309}' => Tone::Hook,
            '\u{303}' => Tone::Tilde,
            '\u{323}' => Tone::Dot,
            _ => return None,
        })
    }
}

/// The twelve Vietnamese vowel letters, with their vowel-quality marks but no tone.
const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

fn vowel_index(c: char) -> Option<usize> {
    Some(match c {
        'a' => 0,
        'ă' => 1,
        'â' => 2,
        'e' => 3,
        'ê' => 4,
        'i' => 5,
        'o' => 6,
        'ô' => 7,
        'ơ' => 8,
        'u' => 9,
        'ư' => 10,
        'y' => 11,
        _ => return None,
    })
}

fn has_quality_mark(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Adds a vowel-quality mark (circumflex, breve, horn) to a base letter, when Vietnamese has that letter.
fn with_quality_mark(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('a', '\u{302}') => 'â',
        ('a', '\u{306}') => 'ă',
        ('e', '\u{302}') => 'ê',
        ('o', '\u{302}') => 'ô',
        ('o', '\u{31B}') => 'ơ',
        ('u', '\u{31B}') => 'ư',
        _ => return None,
    })
}

/// The accent-free letter: `â` -> `a`, `đ` -> `d`.
fn fold_letter(c: char) -> char {
    match c {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        'đ' => 'd',
        other => other,
    }
}

/// Appends the folded form of one character of a normalised term to `out`: the term's folded
/// form is the concatenation of its characters' (`đảng` -> `d` `a` `n` `g`), which lets a walk of
/// the term dictionary fold terms byte by byte. Usually one character; none for a combining
/// mark, several where a character decomposes into several letters.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(viet) = lookup(c) {
        out.push(fold_letter(viet.letter));
        return;
    }
    if is_combining_mark(c) || is_ignorable(c) {
        return;
    }
    // As the normaliser reads a character (`push_char`), keeping letters only.
    let mut push_letters = |c: char| {
        decompose_canonical(c, |part| {
            if let Some(viet) = lookup(part) {
                out.push(fold_letter(viet.letter));
            } else if !is_combining_mark(part) {
                out.push(fold_letter(part));
            }
        })
    };
    if c.is_lowercase() {
        push_letters(c);
    } else {
        c.to_lowercase().for_each(push_letters);
    }
}

/// How many marks set two normalised terms with the same letters apart, or `None` when their
/// letters differ (`đảng`/`đang`: 1, the tone; `đảng`/`đẳng`: 1, the breve; `đảng`/`dang`: 2;
/// `đảng`/`đúng`: `None`). A tone written on another vowel counts once; so does the horn missing
/// from both letters of `ươ`, one slip of the hand.
pub fn mark_edits(a: &str, b: &str) -> Option<usize> {
    let letters = |term: &str| -> Vec<VietChar> {
        term.chars()
            .map(|c| {
                lookup(c).unwrap_or(VietChar {
                    letter: c,
                    tone: Tone::Level,
                })
            })
            .collect()
    };
    let (a, b) = (letters(a), letters(b));
    if a.len() != b.len() {
        return None;
    }
    let tone = |letters: &[VietChar]| (letters.iter().map(|l| l.tone)).find(|&t| t != Tone::Level);
    let mut edits = usize::from(tone(&a) != tone(&b));
    let mut previous_differs = false;
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if fold_letter(x.letter) != fold_letter(y.letter) {
            return None;
        }
        let differs = x.letter != y.letter;
        let horn_pair =
            previous_differs && fold_letter(x.letter) == 'o' && fold_letter(a[i - 1].letter) == 'u';
        if differs && !horn_pair {
            edits += 1;
        }
        previous_differs = differs;
    }
    Some(edits)
}

/// What one precomposed character means to Vietnamese: a lowercase letter (with quality mark) and a tone.
#[derive(Clone, Copy)]
struct VietChar {
    letter: char,
    tone: Tone,
}

/// Code point ranges that hold every precomposed Vietnamese letter.
const LATIN_RANGE: std::ops::RangeInclusive<u32> = 0xC0..=0x24F;
const EXTENDED_ADDITIONAL_RANGE: std::ops::RangeInclusive<u32> = 0x1E00..=0x1EFF;

struct Tables {
    latin: Vec<Option<VietChar>>,
    extended_additional: Vec<Option<VietChar>>,
    /// `compose[vowel][tone]`: the precomposed lowercase vowel carrying a tone.
    compose: [[char; 6]; 12],
}

static TABLES: LazyLock<Tables> = LazyLock::new(build_tables);

fn build_tables() -> Tables {
    let mut compose = [['\0'; 6]; 12];
    for (i, &v) in VOWELS.iter().enumerate() {
        compose[i][0] = v;
    }
    let mut table_for = |range: std::ops::RangeInclusive<u32>| -> Vec<Option<VietChar>> {
        range
            .map(|cp| {
                let c = char::from_u32(cp)?;
                let viet = decode_precomposed(c)?;
                if viet.tone != Tone::Level && c.is_lowercase() {
                    compose[vowel_index(viet.letter)?][viet.tone as usize] = c;
                }
                Some(viet)
            })
            .collect()
    };
    let latin = table_for(LATIN_RANGE);
    let extended_additional = table_for(EXTENDED_ADDITIONAL_RANGE);
    debug_assert!(compose.iter().flatten().all(|&c| c != '\0'));
    Tables {
        latin,
        extended_additional,
        compose,
    }
}

/// The terms of recently normalised words, by word as written: one entry per slot chosen by
/// the word's hash, an older entry replaced, so its memory is bounded ([`TermCache::SLOTS`]
/// short words). Vietnamese has a few thousand syllables, so nearly every word of a long text
/// is found here. Only words with a non-ASCII character are kept: the others are lowercased
/// faster than looked up.
#[derive(Default)]
struct TermCache {
    slots: Vec<(String, String)>,
}

impl TermCache {
    const SLOTS: usize = 8192;

    /// The slot of `word` (holding `word` and its term, or another word and its term).
    fn slot_of(&mut self, word: &str) -> usize {
        if self.slots.is_empty() {
            self.slots = vec![(String::new(), String::new()); Self::SLOTS];
        }
        xxhash_rust::xxh3::xxh3_64(word.as_bytes()) as usize % Self::SLOTS
    }
}

/// A copy of a cache starts empty: tantivy clones a tokenizer for each thread, and for each
/// field's analyzer it hands out.
impl Clone for TermCache {
    fn clone(&self) -> TermCache {
        TermCache::default()
    }
}

/// Reads a precomposed character as a Vietnamese letter and tone, from its canonical decomposition.
fn decode_precomposed(c: char) -> Option<VietChar> {
    // Some web text writes `Đ` with its look-alike, the eth of Icelandic (`Ðảng`).
    if matches!(c, 'đ' | 'Đ' | 'ð' | 'Ð') {
        return Some(VietChar {
            letter: 'đ',
            tone: Tone::Level,
        });
    }
    let mut parts = Vec::with_capacity(3);
    decompose_canonical(c, |d| parts.push(d));
    let base = parts.first()?.to_ascii_lowercase();
    if parts.len() < 2 || !matches!(base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        return None;
    }
    let mut letter = base;
    let mut tone = Tone::Level;
    for &mark in &parts[1..] {
        match Tone::from_mark(mark) {
            Some(t) if tone == Tone::Level => tone = t,
            Some(_) => return None,
            None if letter == base => letter = with_quality_mark(letter, mark)?,
            None => return None,
        }
    }
    Some(VietChar { letter, tone })
}

impl Tables {
    /// The Vietnamese letter and tone of a precomposed character.
    fn lookup(&self, c: char) -> Option<VietChar> {
        let cp = c as u32;
        if LATIN_RANGE.contains(&cp) {
            self.latin[(cp - LATIN_RANGE.start()) as usize]
        } else if EXTENDED_ADDITIONAL_RANGE.contains(&cp) {
            self.extended_additional[(cp - EXTENDED_ADDITIONAL_RANGE.start()) as usize]
        } else {
            None
        }
    }
}

fn lookup(c: char) -> Option<VietChar> {
    TABLES.lookup(c)
}

/// One letter of a word being normalised.
#[derive(Clone, Copy)]
enum Letter {
    /// A letter (lowercase; Vietnamese vowels with their quality mark) and the tone written on it.
    Plain(char, Tone),
    /// A combining mark that is not Vietnamese (kept in the term, dropped when folding).
    Mark(char),
}

/// Normalises words into terms and folded terms, reusing its buffers between words.
#[derive(Default, Clone)]
pub(crate) struct SyllableNormalizer {
    letters: Vec<Letter>,
    /// The terms of words normalised before, when kept (see [`TermCache`]).
    cache: Option<TermCache>,
}

impl SyllableNormalizer {
    /// A normaliser that keeps the terms of the words it normalises (see [`TermCache`]): for
    /// tokenizers, which normalise the same few thousand syllables over and over.
    pub(crate) fn with_cache() -> SyllableNormalizer {
        SyllableNormalizer {
            letters: Vec::new(),
            cache: Some(TermCache::default()),
        }
    }

    /// Writes the normalised term of `word` into `term` and, when given, its folded form into `folded`.
    /// Both are cleared first. Separators are not expected in `word`; invisible characters are skipped.
    pub(crate) fn normalize(&mut self, word: &str, term: &mut String, folded: Option<&mut String>) {
        let Some(cache) = self
            .cache
            .as_mut()
            .filter(|_| folded.is_none() && !word.is_ascii())
        else {
            return self.normalize_uncached(word, term, folded);
        };
        let slot = cache.slot_of(word);
        let (cached_word, cached_term) = &cache.slots[slot];
        if cached_word == word {
            term.clone_from(cached_term);
            return;
        }
        self.normalize_uncached(word, term, None);
        let cache = self.cache.as_mut().expect("checked above");
        let (cached_word, cached_term) = &mut cache.slots[slot];
        cached_word.clear();
        cached_word.push_str(word);
        cached_term.clone_from(term);
    }

    /// [`normalize`](Self::normalize) without the cache.
    fn normalize_uncached(
        &mut self,
        word: &str,
        term: &mut String,
        mut folded: Option<&mut String>,
    ) {
        if word.is_ascii() {
            term.clear();
            term.push_str(word);
            term.make_ascii_lowercase();
            if let Some(folded) = folded {
                folded.clear();
                folded.push_str(term);
            }
            return;
        }
        if !normalize_precomposed(word, term, folded.as_deref_mut()) {
            self.normalize_general(word, term, folded);
        }
    }

    /// [`normalize`](Self::normalize) for any word: decomposed or mixed Unicode forms, foreign
    /// marks, other scripts, long words.
    fn normalize_general(&mut self, word: &str, term: &mut String, folded: Option<&mut String>) {
        term.clear();
        self.read_letters(word);
        self.place_tone();
        let mut has_foreign_mark = false;
        let compose = &TABLES.compose;
        for &letter in &self.letters {
            match letter {
                Letter::Plain(c, Tone::Level) => term.push(c),
                Letter::Plain(c, tone) => {
                    term.push(vowel_index(c).map_or(c, |vowel| compose[vowel][tone as usize]))
                }
                Letter::Mark(m) => {
                    has_foreign_mark = true;
                    term.push(m);
                }
            }
        }
        if has_foreign_mark {
            let composed: String = term.nfc().collect();
            *term = composed;
        }
        if let Some(folded) = folded {
            folded.clear();
            for &letter in &self.letters {
                if let Letter::Plain(c, _) = letter {
                    folded.push(fold_letter(c));
                }
            }
        }
    }

    /// Decodes `word` into lowercase letters with tones, whatever its Unicode form.
    fn read_letters(&mut self, word: &str) {
        self.letters.clear();
        for c in word.chars() {
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if c.is_ascii() {
            self.letters
                .push(Letter::Plain(c.to_ascii_lowercase(), Tone::Level));
        } else if let Some(viet) = lookup(c) {
            self.letters.push(Letter::Plain(viet.letter, viet.tone));
        } else if is_combining_mark(c) {
            self.push_mark(c);
        } else if is_ignorable(c) {
        } else if c.is_lowercase() {
            self.push_decomposed(c);
        } else {
            for lower in c.to_lowercase() {
                self.push_decomposed(lower);
            }
        }
    }

    fn push_decomposed(&mut self, c: char) {
        let mut parts = [None; 4];
        let mut count = 0;
        let mut overflow = Vec::new();
        decompose_canonical(c, |d| {
            if count < parts.len() {
                parts[count] = Some(d);
                count += 1;
            } else {
                overflow.push(d);
            }
        });
        if count == 1 && parts[0] == Some(c) {
            if is_combining_mark(c) {
                // A mark produced by lowercasing (`İ` lowercases to `i` + U+0307) is a mark like
                // any other, so that the folded form has none.
                self.push_mark(c);
            } else {
                self.letters.push(Letter::Plain(c, Tone::Level));
            }
            return;
        }
        for d in parts.into_iter().flatten().chain(overflow) {
            if is_combining_mark(d) {
                self.push_mark(d);
            } else if let Some(viet) = lookup(d) {
                self.letters.push(Letter::Plain(viet.letter, viet.tone));
            } else {
                self.letters.push(Letter::Plain(d, Tone::Level));
            }
        }
    }

    /// Applies a combining mark to the previous letter: a tone or quality mark on a Vietnamese
    /// vowel, otherwise a foreign mark kept as written. A mark with no letter before it is dropped.
    fn push_mark(&mut self, mark: char) {
        let Some(Letter::Plain(prev, prev_tone)) = self.letters.last().copied() else {
            if !self.letters.is_empty() {
                self.letters.push(Letter::Mark(mark));
            }
            return;
        };
        if vowel_index(prev).is_some() {
            if let Some(tone) = Tone::from_mark(mark) {
                *self.letters.last_mut().expect("checked above") = Letter::Plain(prev, tone);
                return;
            }
            if let Some(with_mark) = with_quality_mark(prev, mark) {
                *self.letters.last_mut().expect("checked above") =
                    Letter::Plain(with_mark, prev_tone);
                return;
            }
        }
        self.letters.push(Letter::Mark(mark));
    }

    /// Moves a single tone mark to its canonical vowel, when the word is shaped like a Vietnamese
    /// syllable (consonants, one run of vowels, consonants). Other words keep their marks as written.
    fn place_tone(&mut self) {
        let mut toned = self
            .letters
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Letter::Plain(_, t) if *t != Tone::Level));
        let Some((written_at, &Letter::Plain(_, tone))) = toned.next() else {
            return;
        };
        if toned.next().is_some() {
            return;
        }
        if self.letters.len() > MAX_SYLLABLE_LETTERS {
            return;
        }
        let mut chars = ['\0'; MAX_SYLLABLE_LETTERS];
        for (slot, letter) in chars.iter_mut().zip(&self.letters) {
            match letter {
                Letter::Plain(c, _) => *slot = *c,
                Letter::Mark(_) => return,
            }
        }
        let Some(target) = canonical_tone_position(&chars[..self.letters.len()]) else {
            return;
        };
        if target != written_at {
            if let Letter::Plain(c, _) = self.letters[written_at] {
                self.letters[written_at] = Letter::Plain(c, Tone::Level);
            }
            if let Letter::Plain(c, _) = self.letters[target] {
                self.letters[target] = Letter::Plain(c, tone);
            }
        }
    }
}

/// The common case of [`SyllableNormalizer::normalize`], in one pass without allocating: a
/// word of at most [`MAX_SYLLABLE_LETTERS`] letters, each ASCII or a precomposed letter of the
/// table (so no combining marks), with at most one tone. Writes the forms and returns true, or
/// returns false without writing anything, for the general path.
fn normalize_precomposed(word: &str, term: &mut String, folded: Option<&mut String>) -> bool {
    let tables = &*TABLES;
    let mut letters = ['\0'; MAX_SYLLABLE_LETTERS];
    let mut count = 0;
    let mut toned: Option<(usize, Tone)> = None;
    let mut vowels = 0;
    let mut last_quality_mark = None;
    for c in word.chars() {
        if count == MAX_SYLLABLE_LETTERS {
            return false;
        }
        let (letter, tone) = if c.is_ascii() {
            (c.to_ascii_lowercase(), Tone::Level)
        } else {
            match tables.lookup(c) {
                Some(viet) => (viet.letter, viet.tone),
                None => return false,
            }
        };
        if tone != Tone::Level {
            if toned.is_some() {
                return false;
            }
            toned = Some((count, tone));
        }
        if vowel_index(letter).is_some() {
            vowels += 1;
            if has_quality_mark(letter) {
                last_quality_mark = Some(count);
            }
        }
        letters[count] = letter;
        count += 1;
    }
    let letters = &letters[..count];
    let toned = toned.map(|(written_at, tone)| {
        // The rule cannot move a tone that is the only vowel's, or on the last vowel with a
        // quality mark (which always takes it): the common cases need no syllable analysis.
        let settled = vowels == 1 || last_quality_mark == Some(written_at);
        let at = if settled {
            written_at
        } else {
            canonical_tone_position(letters).unwrap_or(written_at)
        };
        (at, tone)
    });
    term.clear();
    for (i, &c) in letters.iter().enumerate() {
        match toned {
            Some((at, tone)) if at == i => {
                term.push(vowel_index(c).map_or(c, |vowel| tables.compose[vowel][tone as usize]))
            }
            _ => term.push(c),
        }
    }
    if let Some(folded) = folded {
        folded.clear();
        folded.extend(letters.iter().map(|&c| fold_letter(c)));
    }
    true
}

/// The longest Vietnamese syllable has seven letters (`nghiêng`); longer words are not syllables.
const MAX_SYLLABLE_LETTERS: usize = 8;

/// Where the tone goes in a syllable, by the traditional rule (`hòa`, `khỏe`, `thủy`):
/// - the `u` of `qu` and the `i` of `gi` (before another vowel) belong to the initial consonant;
/// - a vowel with a quality mark (`â ă ê ô ơ ư`) takes the tone (the last one: `ươ` -> `ơ`);
/// - otherwise, with a final consonant the last vowel takes it (`hoàn`, `toán`);
/// - otherwise, two vowels: the first (`hòa`, `mùa`, `thủy`); three: the middle (`ngoài`, `khuỷu`).
///
/// Returns `None` when the word is not shaped like one Vietnamese syllable.
fn canonical_tone_position(chars: &[char]) -> Option<usize> {
    let is_vowel = |i: usize| chars.get(i).is_some_and(|&c| vowel_index(c).is_some());
    let mut start = chars.iter().position(|&c| vowel_index(c).is_some())?;
    if chars[..start]
        .iter()
        .any(|&c| !(c.is_ascii_lowercase() || c == 'đ' || c.is_alphabetic()))
    {
        return None;
    }
    let initial_then_vowel = |first: char, second: char| {
        start == 1 && chars[0] == first && chars[1] == second && is_vowel(2)
    };
    if initial_then_vowel('q', 'u') || initial_then_vowel('g', 'i') {
        start = 2;
    }
    let end = (start..chars.len())
        .find(|&i| !is_vowel(i))
        .unwrap_or(chars.len());
    let finals = &chars[end..];
    let is_final_consonant = matches!(
        finals,
        [] | ['c'] | ['m'] | ['n'] | ['p'] | ['t'] | ['c', 'h'] | ['n', 'g'] | ['n', 'h']
    );
    if !is_final_consonant {
        return None;
    }
    let nucleus = &chars[start..end];
    if let Some(last_marked) = nucleus.iter().rposition(|&c| has_quality_mark(c)) {
        return Some(start + last_marked);
    }
    Some(match (nucleus.len(), finals.is_empty()) {
        (1, _) => start,
        (_, false) => end - 1,
        (2, true) => start,
        (3, true) => start + 1,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(word: &str) -> String {
        let mut out = String::new();
        SyllableNormalizer::default().normalize(word, &mut out, None);
        out
    }

    #[test]
    fn the_cache_gives_the_terms_of_a_normaliser_without_one() {
        // Enough words, written in NFC, NFD and either tone placement, to share slots.
        let mut words = Vec::new();
        for initial in ["", "b", "ch", "ngh", "qu", "gi", "đ", "Đ", "TH"] {
            for vowel in ["oà", "òa", "uỷ", "ủy", "ươ", "ướ", "ệ", "Ả", "ă", "ý", "ơ"]
            {
                for last in ["", "c", "ng", "nh", "t", "i"] {
                    let word = format!("{initial}{vowel}{last}");
                    words.push(word.nfd().collect::<String>());
                    words.push(word);
                }
            }
        }
        assert!(words.len() > 1000);
        let mut cached = SyllableNormalizer::with_cache();
        let mut out = String::new();
        for word in words.iter().chain(&words).chain(words.iter().rev()) {
            cached.normalize(word, &mut out, None);
            assert_eq!(out, term(word), "{word:?}");
        }
    }

    #[test]
    fn mark_edits_count_the_tone_and_each_quality_mark() {
        let edits = |a: &str, b: &str| mark_edits(&term(a), &term(b));
        assert_eq!(edits("đảng", "đảng"), Some(0));
        assert_eq!(edits("đảng", "đang"), Some(1));
        assert_eq!(edits("đảng", "đẳng"), Some(1));
        assert_eq!(edits("đảng", "dảng"), Some(1));
        assert_eq!(edits("đảng", "dang"), Some(2));
        assert_eq!(edits("hội", "hỏi"), Some(2));
        assert_eq!(edits("hội", "hồi"), Some(1));
        // The old tone placement is normalised first: `hoà` is `hòa`.
        assert_eq!(edits("hoà", "hòa"), Some(0));
        // The horn missing from both letters of `ươ` is one slip, from one of them too.
        assert_eq!(edits("trường", "truòng"), Some(1));
        assert_eq!(edits("trường", "trưòng"), Some(1));
        assert_eq!(edits("trường", "truong"), Some(2));
        assert_eq!(edits("đảng", "đúng"), None);
        assert_eq!(edits("đảng", "đản"), None);
    }

    fn folded(word: &str) -> String {
        let (mut t, mut f) = (String::new(), String::new());
        SyllableNormalizer::default().normalize(word, &mut t, Some(&mut f));
        f
    }

    #[test]
    fn every_vowel_and_tone_has_a_precomposed_form() {
        for row in TABLES.compose {
            for c in row {
                assert_ne!(c, '\0');
            }
        }
    }

    #[test]
    fn tone_placement_variants_give_one_term() {
        let pairs = [
            ("hoà", "hòa"),
            ("uỷ", "ủy"),
            ("thuý", "thúy"),
            ("khoẻ", "khỏe"),
            ("toà", "tòa"),
            ("hoạ", "họa"),
            ("Thuỵ", "thụy"),
            ("thuỷ", "thủy"),
            ("loà", "lòa"),
        ];
        for (old, canonical) in pairs {
            assert_eq!(term(old), canonical, "{old}");
            assert_eq!(term(canonical), canonical, "{canonical}");
        }
    }

    #[test]
    fn qu_and_gi_belong_to_the_initial() {
        for word in [
            "quả", "quý", "quyết", "quốc", "giữ", "già", "giếng", "gì", "gìn", "quỳnh",
        ] {
            assert_eq!(term(word), word);
        }
    }

    #[test]
    fn syllables_already_canonical_are_unchanged() {
        let text =
            "người được rượu cửa mùa ngoài khuỷu khuya thuở tuần khuấy chiếu hoàn toán nguyễn";
        for word in text.split(' ') {
            assert_eq!(term(word), word);
        }
    }

    #[test]
    fn foreign_words_keep_their_marks() {
        assert_eq!(term("café"), "café");
        assert_eq!(term("España"), "españa");
        assert_eq!(term("Citroe\u{308}n"), "citroën");
        assert_eq!(folded("España"), "espana");
    }

    proptest::proptest! {
        /// The one-pass path gives what the general path gives, on words of Vietnamese and
        /// other precomposed letters in any case.
        #[test]
        fn the_fast_path_agrees_with_the_general_path(
            word in "[a-zA-Z\u{C0}-\u{24F}\u{1EA0}-\u{1EF9}]{1,10}"
        ) {
            let (mut term, mut folded) = (String::new(), String::new());
            if normalize_precomposed(&word, &mut term, Some(&mut folded)) {
                let (mut general_term, mut general_folded) = (String::new(), String::new());
                SyllableNormalizer::default().normalize_general(
                    &word,
                    &mut general_term,
                    Some(&mut general_folded),
                );
                proptest::prop_assert_eq!(term, general_term);
                proptest::prop_assert_eq!(folded, general_folded);
            }
        }
    }

    #[test]
    fn vowel_indexes_follow_the_vowel_table() {
        for (i, &vowel) in VOWELS.iter().enumerate() {
            assert_eq!(vowel_index(vowel), Some(i));
        }
        assert_eq!(vowel_index('b'), None);
    }

    #[test]
    fn folding_removes_every_mark() {
        assert_eq!(folded("Đảng"), "dang");
        assert_eq!(folded("ỦY"), "uy");
        assert_eq!(folded("Nguyễn"), "nguyen");
        assert_eq!(folded("ươn"), "uon");
    }
}
