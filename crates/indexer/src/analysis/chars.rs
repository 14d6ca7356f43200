//! What each character is to the analyzer: the one definition of word characters, invisible
//! characters, spaces and punctuation that the readers, the fingerprints and the query parser
//! share.

use std::sync::LazyLock;

/// What a character is to the analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharClass {
    /// Part of a word: letters, digits and combining marks.
    Word,
    /// Invisible inside a word, which it does not end: the soft hyphen, zero-width (non-)joiners,
    /// the word joiner, the BOM (U+FEFF) and U+180E. Skipped; never part of a term.
    Ignorable,
    /// White space, which ends a word: Unicode `White_Space` (no-break spaces included) and
    /// U+200B ZERO WIDTH SPACE.
    Space,
    /// Anything else (quotes, dashes, ellipses, symbols, control characters): ends a word; a
    /// single `/`, `.`, `-` or `,` between two words joins them into a code (`45/2019/QH14`).
    Punctuation,
}

/// The class of `c`. Fast: ASCII and the characters of Vietnamese, Latin, Greek and Cyrillic text
/// and of the general punctuation block are looked up in tables.
pub fn char_class(c: char) -> CharClass {
    if c.is_ascii() {
        return ascii_class(c as u8);
    }
    match CLASS_TABLE.get(c as usize) {
        Some(&class) => class,
        None => classify_by_properties(c),
    }
}

/// Whether `c` is white space to the analyzer ([`CharClass::Space`]).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// Whether `c` is [`CharClass::Ignorable`].
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// The class of an ASCII byte.
pub(crate) const fn ascii_class(b: u8) -> CharClass {
    if b.is_ascii_alphanumeric() {
        CharClass::Word
    } else if matches!(b, b'\t'..=b'\r' | b' ') {
        CharClass::Space
    } else {
        CharClass::Punctuation
    }
}

/// Characters below this are classified by a table: every Vietnamese letter (precomposed or
/// with combining marks), Latin, Greek and Cyrillic letters, and the general punctuation block
/// (curly quotes, dashes, ellipsis, no-break and zero-width spaces) are in it, so the Unicode
/// property lookups are left for the rare characters above.
const TABLE_LIMIT: u32 = 0x2070;

static CLASS_TABLE: LazyLock<Vec<CharClass>> = LazyLock::new(|| {
    (0..TABLE_LIMIT)
        .map(|cp| char::from_u32(cp).map_or(CharClass::Punctuation, classify_by_properties))
        .collect()
});

/// The definition the tables are built from.
fn classify_by_properties(c: char) -> CharClass {
    if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
        CharClass::Word
    } else if is_ignorable(c) {
        CharClass::Ignorable
    } else if is_space(c) {
        CharClass::Space
    } else {
        CharClass::Punctuation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_agree_with_the_definition() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(char_class(c), classify_by_properties(c), "{c:?}");
            assert_eq!(is_space(c), char_class(c) == CharClass::Space, "{c:?}");
        }
    }

    #[test]
    fn classes_of_characters_met_in_vietnamese_text() {
        let cases = [
            (CharClass::Word, "aZ09đĐơƯẫỵ\u{301}\u{323}\u{303}éßдλ中"),
            (CharClass::Ignorable, "\u{ad}\u{200c}\u{200d}\u{2060}\u{feff}\u{180e}"),
            (
                CharClass::Space,
                " \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}\u{2009}\u{200a}\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}",
            ),
            (
                CharClass::Punctuation,
                ".,;:!?/-\"'()“”‘’«»–—…•\u{0}\u{1c}\u{7f}\u{2010}\u{2011}\u{3001}",
            ),
        ];
        for (class, chars) in cases {
            for c in chars.chars() {
                assert_eq!(char_class(c), class, "{c:?}");
            }
        }
    }
}
