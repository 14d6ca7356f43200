//! `--fuzzy`: each query word also matches the index's words one typing slip away from it.
//!
//! The slips are those Vietnamese is mistyped with (the ones [`crate::suggest`] corrects), at
//! most one per word:
//!
//! - one mark wrong or missing: the tone, or one hat, horn or breve, or the stroke of `đ`
//!   (`hội` also matches `hồi` and `hợi`, not `hỏi`, two marks away; see
//!   [`mark_edits`]);
//! - a letter typed twice (`ủyy` matches `ủy`);
//! - Telex or VNI typed without an input method (`ddangr` and `d9a3ng` match `đảng`).
//!
//! In a query typed without any mark, a word matches every spelling of its letters, as with
//! `--any-spelling` (`quoc hoii` matches `quốc hội`, `quốc hỏi`…): marks left out altogether are
//! how accent-free text is typed, not a slip. In a query with marks, an unmarked word is the
//! level-tone word typed (`tham` in `tham nhũng`), one mark from `thăm` and `thám`, not from
//! `thẩm`. Only words of the index are matched, found in its term dictionary through
//! the searcher's [`SpellingCache`]; a word matching more than [`MAX_SPELLINGS`] terms is refused
//! as too broad.

use tantivy::Searcher;
use tracuu_indexer::analysis::{fold_term, mark_edits, normalize_term};
use tracuu_indexer::Fields;

use crate::spellings::{SpellingCache, MAX_SPELLINGS};
use crate::suggest::retypings;

/// The index terms (title and body) that `term`, a normalised query word, matches with
/// `--fuzzy`, sorted: every spelling of each retyping with `fold`, and of each unmarked one in
/// an `accent_free` query. `None` past [`MAX_SPELLINGS`].
pub(crate) fn fuzzy_terms(
    searcher: &Searcher,
    fields: &Fields,
    spellings: &SpellingCache,
    term: &str,
    fold: bool,
    accent_free: bool,
) -> Option<Vec<String>> {
    let mut terms = Vec::new();
    for (i, retyped) in retypings(term).iter().enumerate() {
        let retyped = normalize_term(retyped);
        let folded = fold_term(&retyped);
        // The word as typed may carry the slip; a retyping is the slip undone.
        let slips_left = if i == 0 { 1 } else { 0 };
        let every_spelling = fold || (accent_free && retyped == folded);
        let found = spellings.title_and_body(searcher, fields, &folded)?;
        terms.extend(found.into_iter().filter(|spelling| {
            every_spelling || mark_edits(&retyped, spelling).is_some_and(|n| n <= slips_left)
        }));
    }
    terms.sort_unstable();
    terms.dedup();
    (terms.len() <= MAX_SPELLINGS).then_some(terms)
}
