//! The analyzer on any text: no panic, offsets on character boundaries whose slice is the
//! token's text, positions that never go back, folded terms without marks, idempotent folding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracuu_indexer::analysis::{analyze, fold_term, normalize_term};
use unicode_normalization::char::is_combining_mark;

fuzz_target!(|text: &str| {
    let mut last_position = 0;
    for token in analyze(text) {
        assert!(token.start < token.end && token.end <= text.len());
        assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        assert_eq!(&text[token.start..token.end], token.text);
        assert!(token.position >= last_position);
        last_position = token.position;
        assert!(!token.term.is_empty() && !token.term.contains(char::is_whitespace));
        assert_eq!(fold_term(&token.folded), token.folded);
        assert_eq!(fold_term(&token.term), token.folded);
        assert!(!token.folded.chars().any(is_combining_mark));
        // Terms keep marks the analyzer does not understand as written; the others are fixed
        // points of normalisation (see crates/indexer/tests/fuzz_analysis.rs).
        if !token.term.chars().any(is_combining_mark) {
            assert_eq!(normalize_term(&token.term), token.term);
        }
    }
});
