//! What each character is to the analyzer: word characters, invisible characters, spaces and
//! punctuation (defined in `char_properties`, looked up in a table written at build time) as
//! the readers, the fingerprints and the query parser share them, and the separators that end a
//! phrase.

pub(crate) use super::char_properties::is_ignorable;
use super::char_properties::{classify_by_properties, TABLE_LIMIT};
pub use super::char_properties::{is_space, CharClass};

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

/// What a separator (a [`CharClass::Space`] or [`CharClass::Punctuation`] character) standing
/// between two words does to phrases: where one ends, the analyzer leaves a position gap, so
/// that no phrase, group of adjacent query syllables or adjacency spans it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhraseBreak {
    /// Never ends a phrase: spaces, invisible characters, `/ & % + # @ * = _ ~` and every
    /// separator not listed under the other variants.
    Never,
    /// Ends a phrase wherever it stands: sentence and clause punctuation `. ! ? ; : , … ‥`,
    /// brackets `( ) [ ] { }`, double quotes `" “ ” „ ‟ « » ‹ ›`, dashes `‒ – — ―`, the
    /// separators `|` and `•`, line and paragraph breaks (LF, CR, VT, FF, NEL, U+2028, U+2029),
    /// and their full-width CJK forms.
    Always,
    /// A hyphen (`-`, U+2010, U+2011): a dash, ending a phrase, when it stands between spaces
    /// (`Lao động - Thương binh`), a word joiner or sign otherwise (`Covid-19`, `-5`).
    BetweenSpaces,
    /// A single quote (`' ‘ ’ ‛`): an apostrophe when it stands alone between two letters
    /// (`O’Neill`, `Kơ'nia`), a quotation mark, ending a phrase, otherwise (`‘ông lớn’ ấy`).
    OutsideWords,
}

/// The separators that can end a phrase, by [`PhraseBreak`]; every other character is
/// [`PhraseBreak::Never`]. All of them are spaces or punctuation (a test checks it).
const PHRASE_BREAKS: [(PhraseBreak, &str); 3] = [
    (
        PhraseBreak::Always,
        ".!?;:,()[]{}\"|\n\r\u{b}\u{c}\u{85}\u{2028}\u{2029}…‥“”„‟«»‹›‒–—―•\
         、。，．：；！？（）［］｛｝「」『』【】〈〉《》",
    ),
    (PhraseBreak::BetweenSpaces, "-\u{2010}\u{2011}"),
    (PhraseBreak::OutsideWords, "'‘’‛"),
];

/// [`PHRASE_BREAKS`] for ASCII, looked up by byte.
const ASCII_PHRASE_BREAKS: [PhraseBreak; 128] = {
    let mut table = [PhraseBreak::Never; 128];
    let mut i = 0;
    while i < PHRASE_BREAKS.len() {
        let (kind, chars) = PHRASE_BREAKS[i];
        let bytes = chars.as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            if bytes[j].is_ascii() {
                table[bytes[j] as usize] = kind;
            }
            j += 1;
        }
        i += 1;
    }
    table
};

/// What `c`, standing between two words, does to phrases. Word characters and invisible ones
/// are [`PhraseBreak::Never`]. Fast: ASCII is looked up in a table.
#[inline]
pub fn phrase_break(c: char) -> PhraseBreak {
    if c.is_ascii() {
        ASCII_PHRASE_BREAKS[c as usize]
    } else {
        non_ascii_phrase_break(c)
    }
}

/// [`phrase_break`] of the rarer characters, out of line so that the ASCII lookup inlines.
#[inline(never)]
fn non_ascii_phrase_break(c: char) -> PhraseBreak {
    PHRASE_BREAKS
        .iter()
        .find(|(_, chars)| chars.contains(c))
        .map_or(PhraseBreak::Never, |&(kind, _)| kind)
}

/// Whether `separators`, everything that stands between two words, end a phrase: one of them is
/// [`PhraseBreak::Always`], a run of hyphens stands between spaces, or a single quote is not the
/// only separator. Invisible characters and combining marks with no letter are not looked at.
pub fn ends_phrase(separators: &str) -> bool {
    let (mut visible, mut quote) = (0, false);
    // Whether the last separator was a space, and whether the hyphens just seen followed one.
    let (mut after_space, mut dash) = (false, false);
    for c in separators.chars() {
        let kind = phrase_break(c);
        if kind == PhraseBreak::Always {
            return true;
        }
        let class = char_class(c);
        match (kind, class) {
            (_, CharClass::Word | CharClass::Ignorable) => continue,
            (_, CharClass::Space) if dash => return true,
            (PhraseBreak::BetweenSpaces, _) => dash |= after_space,
            (PhraseBreak::OutsideWords, _) => quote = true,
            _ => {}
        }
        if kind != PhraseBreak::BetweenSpaces {
            dash = false;
        }
        after_space = class == CharClass::Space;
        visible += 1;
    }
    quote && visible > 1
}

// `static CLASS_TABLE: [CharClass; TABLE_LIMIT]`, written by the build script.
include!(concat!(env!("OUT_DIR"), "/char_classes.rs"));

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
    fn phrase_breaks_are_separators() {
        for (kind, chars) in PHRASE_BREAKS {
            for c in chars.chars() {
                assert!(
                    matches!(char_class(c), CharClass::Space | CharClass::Punctuation),
                    "{c:?}"
                );
                assert_eq!(phrase_break(c), kind, "{c:?} is listed once");
            }
        }
    }

    #[test]
    fn phrase_breaks_of_characters_met_in_vietnamese_text() {
        let cases = [
            (
                PhraseBreak::Never,
                " \t\u{a0}\u{200b}\u{ad}/&%+#@*=_~`aĐ\u{301}",
            ),
            (
                PhraseBreak::Always,
                ".!?;:,…()[]{}\"“”«»–—‒\n\r\u{2028}\u{2029}",
            ),
            (PhraseBreak::BetweenSpaces, "-\u{2010}\u{2011}"),
            (PhraseBreak::OutsideWords, "'‘’"),
        ];
        for (kind, chars) in cases {
            for c in chars.chars() {
                assert_eq!(phrase_break(c), kind, "{c:?}");
            }
        }
    }

    #[test]
    fn separators_that_end_a_phrase() {
        let cases = [
            (
                true,
                &[
                    ". ", ",", "; ", "…", " (", ")", "\n", "\r\n", " – ", "—", "” ", "\"",
                ][..],
            ),
            (
                true,
                &[
                    " - ",
                    " -- ",
                    " \u{2010} ",
                    "\u{a0}-\u{a0}",
                    " ‘",
                    "’ ",
                    "''",
                    "\n- ",
                ],
            ),
            (
                false,
                &[
                    " ", "  ", "\t", "\u{a0}", "\u{200b}", " / ", "&", " % ", " @",
                ],
            ),
            (
                false,
                &["-", " -", "- ", "’", "'", "\u{ad}’", "\u{301} ", ""],
            ),
        ];
        for (ends, separators) in cases {
            for separators in separators {
                assert_eq!(ends_phrase(separators), ends, "{separators:?}");
            }
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
