//! Fingerprints of articles: of the body, to find the same text republished under another id,
//! and of everything indexed, to tell unchanged documents from changed ones on re-runs.
//!
//! Body words are split at the analyzer's spaces ([`is_space`]). Before they were, U+200B ZERO
//! WIDTH SPACE and U+1680 OGHAM SPACE MARK did not split words here: a body containing either one
//! now hashes differently from the hash an older index stored for it, so a republication of such
//! an article already in an older index is not recognised (other bodies hash as before).

use unicode_normalization::UnicodeNormalization;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::analysis::is_space;
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

/// The words of `text` (split at each [space](is_space)), each followed by a space; words with
/// Latin combining diacritics are put in NFC.
fn words_in_nfc(text: &str) -> Vec<u8> {
    words_of_plain_text(text).unwrap_or_else(|| words_in_general(text))
}

/// ASCII white space, as [`is_space`] has it (with the vertical tab).
static ASCII_SPACE: [bool; 256] = {
    let mut space = [false; 256];
    let mut b = 0;
    while b < 256 {
        space[b] = matches!(b, 0x09..=0x0d | 0x20);
        b += 1;
    }
    space
};

/// Bytes worth a closer look, as they may belong to a space that is not ASCII or to a combining
/// diacritic: the lead bytes `C2` (U+0085, U+00A0), `CC` and `CD` (U+0300..U+036F), `E2`
/// (U+2000..U+200B, U+2028, U+2029, U+202F, U+205F) and `E3` (U+3000), and `9A`, the second byte
/// of U+1680 `E1 9A 80` (its lead byte starts most Vietnamese letters, `9A` few characters).
static LOOK_CLOSER: [bool; 256] = {
    let mut look = [false; 256];
    let mut b = 0;
    while b < 256 {
        look[b] = matches!(b, 0x9a | 0xc2 | 0xcc | 0xcd | 0xe2 | 0xe3);
        b += 1;
    }
    look
};

/// [`words_in_nfc`] in one pass without branches, for text whose only spaces are ASCII and that
/// has no combining diacritic (most text); `None` for other text.
fn words_of_plain_text(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let needs_general_pass = bytes.iter().enumerate().any(|(i, &b)| {
        LOOK_CLOSER[b as usize]
            && match bytes[i..] {
                [0xcc | 0xcd, ..] => true,
                [0xc2, second, ..] => matches!(second, 0x85 | 0xa0),
                [0xe2, 0x80, third, ..] => matches!(third, 0x80..=0x8b | 0xa8 | 0xa9 | 0xaf),
                [0xe2, 0x81, 0x9f, ..] | [0xe3, 0x80, 0x80, ..] => true,
                [0x9a, 0x80, ..] => i > 0 && bytes[i - 1] == 0xe1,
                _ => false,
            }
    });
    if needs_general_pass {
        return None;
    }
    let mut out = vec![0u8; bytes.len() + 1];
    let mut len = 0;
    let mut after_space = true;
    for &b in bytes {
        let space = ASCII_SPACE[b as usize];
        // A space right after another (or at the start) is written where the next byte goes.
        out[len] = if space { b' ' } else { b };
        len += usize::from(!(space & after_space));
        after_space = space;
    }
    out.truncate(len);
    if out.last().is_some_and(|&b| b != b' ') {
        out.push(b' ');
    }
    Some(out)
}

/// [`words_in_nfc`] for any text. Composition never crosses white space, so composing word by
/// word gives the words of the whole text in NFC.
fn words_in_general(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 1);
    for word in text.split(is_space).filter(|word| !word.is_empty()) {
        // Combining diacritics (U+0300..U+036F) are the only characters encoded `CC xx`/`CD xx`.
        if word.bytes().any(|b| b == 0xcc || b == 0xcd) {
            out.extend(word.nfc().collect::<String>().bytes());
        } else {
            out.extend_from_slice(word.as_bytes());
        }
        out.push(b' ');
    }
    out
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
        for word in composed.split(is_space).filter(|w| !w.is_empty()) {
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

    #[test]
    fn the_hash_is_the_one_earlier_indexes_hold() {
        // Indexes written before the one-pass fingerprint hashed word by word.
        let body = "Ban Thường vụ Tỉnh uỷ  Nghệ An\u{a0}đã họp.\n".repeat(10);
        let mut word_by_word = Xxh3::new();
        for word in body.split_whitespace() {
            word_by_word.update(word.as_bytes());
            word_by_word.update(b" ");
        }
        assert_eq!(body_hash(&body), Some(word_by_word.digest()));
    }

    #[test]
    fn plain_text_takes_the_one_pass_way_and_other_text_the_general_way() {
        assert_eq!(
            words_of_plain_text(" Ủy ban\t nhân dân “tỉnh” – 2021\n"),
            Some("Ủy ban nhân dân “tỉnh” – 2021 ".as_bytes().to_vec())
        );
        for other in [
            "a\u{a0}b",
            "a\u{2009}b",
            "a\u{3000}b",
            "ủ\u{301}y",
            "a\u{200b}b",
            "a\u{1680}b",
        ] {
            assert_eq!(words_of_plain_text(other), None, "{other:?}");
        }
    }

    #[test]
    fn both_ways_agree_and_text_with_other_spaces_takes_the_general_way() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("Ớ{c}b");
            let plain = words_of_plain_text(&text);
            if let Some(words) = &plain {
                assert_eq!(*words, words_in_general(&text), "{c:?}");
            }
            if (!c.is_ascii() && is_space(c)) || ('\u{300}'..='\u{36f}').contains(&c) {
                assert_eq!(plain, None, "{c:?}");
            }
        }
        for c in ('\u{1ea0}'..='\u{1ef9}').chain("aZ đĐơƯăÂÚú“”–…".chars()) {
            let text = format!("{c} b");
            assert!(words_of_plain_text(&text).is_some(), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_reference_definition(
            text in "[a-zđĐ \t\n\u{b}\u{c}\u{1c}\u{85}\u{a0}\u{ab}\u{b0}\u{300}-\u{309}\u{323}\u{1680}\u{1ea0}-\u{1ef9}\u{2000}-\u{200b}\u{2013}\u{201c}\u{2026}\u{2028}\u{202f}\u{205f}\u{3000}\u{3001}]{0,40}"
        ) {
            proptest::prop_assert_eq!(words_in_nfc(&text), reference(&text));
        }
    }
}
