//! Fuzzing the analyzer with proptest (the stable toolchain's stand-in for `cargo fuzz`; the
//! coverage-guided target is `fuzz/fuzz_targets/analyzer.rs`).
//!
//! On any text, and on text built from the characters Vietnamese analysis treats specially
//! (combining marks, tone-mark placements, joiners, code punctuation), analysis never panics;
//! offsets are character boundaries whose slice is the token's text; positions never go back;
//! terms are non-empty and contain no white space; normalisation and folding are idempotent; and
//! the tantivy tokenizers produce the same offsets.
//!
//! The number of cases per property is proptest's default (256), or `PROPTEST_CASES`:
//! `PROPTEST_CASES=20000 cargo test -p tracuu-indexer --test fuzz_analysis` runs longer.

use proptest::prelude::*;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer};
use tracuu_indexer::analysis::{analyze, fold_term, normalize_term, Form, VietnameseTokenizer};
use unicode_normalization::char::is_combining_mark;

/// Characters and strings that exercise the segmenter and the syllable normaliser.
const PIECES: &[&str] = &[
    "a",
    "e",
    "o",
    "u",
    "i",
    "y",
    "đ",
    "Đ",
    "ư",
    "ơ",
    "â",
    "ă",
    "ê",
    "ô",
    "hoà",
    "hòa",
    "thuỷ",
    "thủy",
    "quý",
    "giữ",
    "người",
    "ngoài",
    "khoẻ",
    "Nguyễn",
    "café",
    "\u{300}",
    "\u{301}",
    "\u{303}",
    "\u{309}",
    "\u{323}",
    "\u{302}",
    "\u{306}",
    "\u{31b}",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{ad}",
    "\u{feff}",
    "\u{a0}",
    "\u{2009}",
    " ",
    "\n",
    "\t",
    ".",
    ",",
    "/",
    "-",
    "–",
    "_",
    "'",
    "’",
    "\"",
    "“",
    "(",
    ")",
    ":",
    "…",
    "0",
    "1",
    "9",
    "45",
    "2019",
    "QH14",
    "TP.HCM",
    "Covid-19",
    "2.900.000",
    "1,5",
    "x",
    "Ⅻ",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "😀",
    "🇻🇳",
    "中",
    "ا",
];

fn vietnamese_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..64).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let tokens = analyze(text);
    let mut last_position = 0;
    for token in &tokens {
        prop_assert!(
            token.start < token.end && token.end <= text.len(),
            "{:?}",
            token
        );
        prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        prop_assert_eq!(&text[token.start..token.end], token.text.as_str());
        prop_assert!(
            token.position >= last_position,
            "positions go back: {:?}",
            tokens
        );
        last_position = token.position;
        prop_assert!(
            !token.term.is_empty() && !token.folded.is_empty(),
            "{:?}",
            token
        );
        prop_assert!(!token.term.contains(char::is_whitespace), "{:?}", token);
        prop_assert!(!token.folded.chars().any(is_combining_mark), "{:?}", token);
        prop_assert_eq!(
            fold_term(&token.folded),
            token.folded.clone(),
            "{:?}",
            token
        );
        prop_assert_eq!(fold_term(&token.term), token.folded.clone(), "{:?}", token);
        // Marks the analyzer does not understand are kept as written (`café`, or a second tone
        // on a vowel), so only terms without such leftovers are expected to be fixed points:
        // `quý\u{302}\u{323}` gives `quỵ\u{301}\u{302}`, whose term is `quý\u{302}`.
        if !token.term.chars().any(is_combining_mark) {
            prop_assert_eq!(
                normalize_term(&token.term),
                token.term.clone(),
                "{:?}",
                token
            );
        }
    }
    for form in [Form::Exact, Form::Folded] {
        check_tokenizer(VietnameseTokenizer::new(form), text)?;
    }
    Ok(())
}

fn check_tokenizer(tokenizer: impl Tokenizer, text: &str) -> Result<(), TestCaseError> {
    let mut analyzer = TextAnalyzer::from(tokenizer);
    let mut stream = analyzer.token_stream(text);
    let mut last_position = 0;
    while stream.advance() {
        let token = stream.token();
        prop_assert!(token.offset_from <= token.offset_to && token.offset_to <= text.len());
        prop_assert!(
            text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to)
        );
        prop_assert!(!token.text.is_empty());
        prop_assert!(token.position >= last_position, "{:?}", token);
        last_position = token.position;
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_text(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn vietnamese_characters_and_codes(text in vietnamese_soup()) {
        check(&text)?;
    }

    #[test]
    fn normalisation_of_single_words_is_idempotent(text in vietnamese_soup()) {
        let term = normalize_term(&text);
        if !term.chars().any(is_combining_mark) {
            prop_assert_eq!(normalize_term(&term), term.clone());
        }
        let folded = fold_term(&text);
        prop_assert_eq!(fold_term(&folded), folded.clone());
    }
}

/// Found by `vietnamese_characters_and_codes`: `İ` lowercases to `i` + U+0307, and the mark was
/// kept in the folded term, so `--fold` searches for `istanbul` missed `İstanbul`.
#[test]
fn regression_capital_i_with_dot_folds_without_a_mark() {
    let tokens = analyze("İstanbul");
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].folded, "istanbul");
    assert_eq!(tokens[0].term, normalize_term("i\u{307}stanbul"));
    assert_eq!(fold_term("İ"), "i");
}

/// Found by `vietnamese_characters_and_codes`: a code whose last part is a lone combining mark
/// (`𝒥-` + U+10F46) gave the term `𝒥-`, with a dangling connector no query can produce.
#[test]
fn regression_code_part_without_letters_adds_no_connector() {
    let tokens = analyze("𝒥-\u{10f46}");
    assert!(!tokens.is_empty());
    for token in &tokens {
        assert!(!token.term.ends_with('-'), "{token:?}");
        assert_eq!(normalize_term(&token.term), token.term, "{token:?}");
    }
    let terms: Vec<String> = analyze("45/2019/QH14")
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert_eq!(terms, ["45/2019/qh14", "45", "2019", "qh14"]);
}
