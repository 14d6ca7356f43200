//! Finding the members of synonym groups in a query's words, and what their expansion did.
//!
//! A word or a run of words of a query that is an expression of a group (see
//! [`crate::synonyms`]) also matches the group's other expressions, each as a phrase:
//! `UBND tỉnh` matches (`UBND` or `"Ủy ban nhân dân"`) and `tỉnh`; a phrase
//! `"UBND tỉnh Nghệ An"` also matches `"Ủy ban nhân dân tỉnh Nghệ An"`. The compiler builds the
//! queries (see `Compiler` in [`crate::compile`]); this module finds the runs and records them.

use serde::Serialize;
use tracuu_indexer::analysis::{analyze, TokenKind};

use crate::synonyms::{Origin, QueryTerm, Synonyms};

/// Members of groups expanded in one query at most: each adds a phrase per expression.
pub(crate) const MAX_EXPANDED: usize = 8;

/// Spellings of one phrase at most, with its members written each way (`"UBND TP.HCM"` has
/// 2 × 4).
pub(crate) const MAX_PHRASE_VARIANTS: usize = 16;

/// A member of a group typed in a query, and what it also matched.
///
/// Its record, a line of `tracuu search --json` (and of the other views' JSON) for a query
/// with one, is `{"type":"expansion","typed","also":[...],"senses":[...],"origin"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename = "expansion")]
#[non_exhaustive]
pub struct Expansion {
    /// The words as typed (`UBND`).
    pub typed: String,
    /// The other expressions it also matched (`Ủy ban nhân dân`); empty when it was not
    /// expanded (an ambiguous abbreviation that neither the query nor the index decides).
    pub also: Vec<String>,
    /// For an ambiguous abbreviation, every meaning it has (`Chính phủ`, `cổ phần`); else
    /// empty.
    pub senses: Vec<String>,
    /// Where the group comes from.
    pub origin: Origin,
}

/// A member of a group in a text of the query.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The groups it is an expression of (several: ambiguous).
    pub groups: Vec<usize>,
}

/// The members of groups in `text`, left to right, each the longest at its place.
pub(crate) fn members(text: &str, synonyms: &Synonyms, accent_free_query: bool) -> Vec<Member> {
    let tokens: Vec<_> = analyze(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .collect();
    let words: Vec<QueryTerm> = tokens
        .iter()
        .map(|t| QueryTerm::new(&text[t.start..t.end], t.term.clone(), t.folded.clone()))
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match synonyms.longest_at(&words, i, accent_free_query) {
            Some(member) => {
                let last = i + member.words - 1;
                found.push(Member {
                    start: tokens[i].start,
                    end: tokens[last].end,
                    groups: member.groups,
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// `text` with each member written as one of its choices, for every combination up to
/// [`MAX_PHRASE_VARIANTS`] (`text` itself first): `choices[i]` are the other expressions of
/// `members[i]`.
pub(crate) fn variants(text: &str, members: &[Member], choices: &[Vec<String>]) -> Vec<String> {
    let mut variants = vec![String::new()];
    let mut at = 0;
    for (member, others) in members.iter().zip(choices) {
        let before = &text[at..member.start];
        let typed = &text[member.start..member.end];
        let mut longer = Vec::new();
        for variant in &variants {
            for choice in std::iter::once(typed).chain(others.iter().map(String::as_str)) {
                if longer.len() < MAX_PHRASE_VARIANTS {
                    longer.push(format!("{variant}{before}{choice}"));
                }
            }
        }
        variants = longer;
        at = member.end;
    }
    variants
        .into_iter()
        .map(|variant| variant + &text[at..])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_in_running_text() {
        let text = "Chủ tịch UBND TP.HCM họp";
        let found = members(text, Synonyms::built_in(), false);
        let typed: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
        // `Chủ tịch` is a member too (CT | chủ tịch).
        assert_eq!(typed, ["Chủ tịch", "UBND", "TP.HCM"]);
    }

    #[test]
    fn a_phrase_is_spelled_each_way_its_members_can_be() {
        let text = "UBND tỉnh";
        let found = members(text, Synonyms::built_in(), false);
        let all = variants(text, &found, &[vec!["Ủy ban nhân dân".to_string()]]);
        assert_eq!(all, ["UBND tỉnh", "Ủy ban nhân dân tỉnh"]);
    }
}
