//! Fingerprints of articles: of the body, to find the same text republished under another id,
//! and of everything indexed, to tell unchanged documents from changed ones on re-runs.

use unicode_normalization::UnicodeNormalization;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::reader::Article;

/// Bodies shorter than this are not checked for republication (short notices repeat legitimately).
const MIN_DUPLICATE_BODY_BYTES: usize = 200;

/// Hash of the body's words, each followed by one space, with Latin combining diacritics
/// (U+0300..U+036F) composed, or `None` for bodies too short to compare: an NFD copy of an
/// article, or one with other line breaks and spacing (no-break spaces included), is the same
/// article.
pub(crate) fn body_hash(body: &str) -> Option<u64> {
    if body.len() < MIN_DUPLICATE_BODY_BYTES {
        return None;
    }
    Some(xxh3_64(&words_in_nfc(body)))
}

/// Bytes that may start a separator (ASCII spaces and controls, `C2` for U+0085 and U+00A0, `E2`
/// for U+2000..U+205F, `E3` for U+3000) or a combining diacritic (`CC`, `CD`). Runs of other
/// bytes are copied at once.
static STOP: [bool; 256] = {
    let mut stop = [false; 256];
    let mut b = 0;
    while b < 256 {
        stop[b] = matches!(b, 0x09..=0x0d | 0x20 | 0xc2 | 0xcc | 0xcd | 0xe2 | 0xe3);
        b += 1;
    }
    stop
};

/// Whether `c` separates words: Unicode white space, except U+1680 OGHAM SPACE MARK, a letter-like
/// mark that shares its lead byte with most Vietnamese letters and would make the scan stop at
/// each of them.
fn is_separator(c: char) -> bool {
    c.is_whitespace() && c != '\u{1680}'
}

/// The words of `text` (split at each [separator](is_separator)), each followed by a space; words
/// with Latin combining diacritics are put in NFC. Hashing word by word, or normalising whole
/// texts, costs several times more.
fn words_in_nfc(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 1);
    let mut word_start: Option<usize> = None;
    let mut word_has_marks = false;
    let mut at = 0;
    while at < bytes.len() {
        let run = bytes[at..]
            .iter()
            .position(|&b| STOP[b as usize])
            .unwrap_or(bytes.len() - at);
        if run > 0 {
            if word_start.is_none() {
                word_start = Some(out.len());
                word_has_marks = false;
            }
            out.extend_from_slice(&bytes[at..at + run]);
            at += run;
            continue;
        }
        let c = text[at..].chars().next().expect("at a character boundary");
        let len = c.len_utf8();
        if is_separator(c) {
            if let Some(start) = word_start.take() {
                end_word(&mut out, start, word_has_marks);
            }
        } else {
            if word_start.is_none() {
                word_start = Some(out.len());
                word_has_marks = false;
            }
            word_has_marks |= ('\u{300}'..='\u{36f}').contains(&c);
            out.extend_from_slice(&bytes[at..at + len]);
        }
        at += len;
    }
    if let Some(start) = word_start {
        end_word(&mut out, start, word_has_marks);
    }
    out
}

/// Composes the word `out[start..]` when it has combining marks (composition never crosses
/// whitespace, so word by word gives the NFC of the whole text), then adds the space after it.
fn end_word(out: &mut Vec<u8>, start: usize, has_marks: bool) {
    if has_marks {
        let composed: String = String::from_utf8_lossy(&out[start..]).nfc().collect();
        out.truncate(start);
        out.extend_from_slice(composed.as_bytes());
    }
    out.push(b' ');
}

/// Hash of the article's content and metadata, not of its path (the path is stored, but a
/// document whose content did not change is not rewritten).
pub(crate) fn record_hash(article: &Article) -> u64 {
    let mut hasher = Xxh3::new();
    let date = article.date.map(|d| d.to_string());
    for value in [
        Some(article.title.as_str()),
        Some(article.body.as_str()),
        date.as_deref(),
        article.source.as_deref(),
        article.url.as_deref(),
        article.author.as_deref(),
    ] {
        match value {
            Some(v) => {
                hasher.update(&(v.len() as u64).to_le_bytes());
                hasher.update(v.as_bytes());
            }
            None => hasher.update(&u64::MAX.to_le_bytes()),
        }
    }
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, slowly: the whole text in NFC, each word followed by a space (the same
    /// for text whose only combining marks are U+0300..U+036F, as generated below).
    fn reference(text: &str) -> Vec<u8> {
        let composed: String = text.nfc().collect();
        let mut out = Vec::new();
        for word in composed.split(is_separator).filter(|w| !w.is_empty()) {
            out.extend_from_slice(word.as_bytes());
            out.push(b' ');
        }
        out
    }

    #[test]
    fn spacing_and_unicode_form_do_not_change_the_words() {
        let nfc = "Đảng ủy  xã\u{a0}Nghĩa Đàn\r\nhọp\u{2003}phiên   thứ nhất. ";
        let nfd: String = nfc.nfd().collect();
        assert_eq!(
            words_in_nfc(nfc),
            "Đảng ủy xã Nghĩa Đàn họp phiên thứ nhất. ".as_bytes()
        );
        assert_eq!(words_in_nfc(&nfd), words_in_nfc(nfc));
        assert_eq!(words_in_nfc(""), b"");
        assert_eq!(words_in_nfc(" \u{3000}\n"), b"");
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_reference_definition(
            text in "[a-zđĐ \t\n\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{300}-\u{309}\u{323}\u{1ea0}-\u{1ef9}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{3000}]{0,40}"
        ) {
            proptest::prop_assert_eq!(words_in_nfc(&text), reference(&text));
        }
    }
}
