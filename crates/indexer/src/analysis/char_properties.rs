//! The definition of each character's class from its Unicode properties. The build script
//! (`build.rs`) compiles this file too, to tabulate the classes of the characters most text
//! is made of, so that no program computes them at start-up.

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

/// Characters below this are classified by a table: every Vietnamese letter (precomposed or
/// with combining marks), Latin, Greek and Cyrillic letters, and the general punctuation block
/// (curly quotes, dashes, ellipsis, no-break and zero-width spaces) are in it, so the Unicode
/// property lookups are left for the rare characters above.
pub(crate) const TABLE_LIMIT: u32 = 0x2070;

/// The definition the tables are built from.
pub(crate) fn classify_by_properties(c: char) -> CharClass {
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
