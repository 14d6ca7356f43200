//! "Did you mean “quốc hội”?": corrections of a query that finds nothing or little, from the
//! index's own syllables and the places where they stand side by side.
//!
//! Edit distance on whole words mostly finds noise in Vietnamese, whose syllables are short and
//! differ by a mark. The edits tried are those Vietnamese is mistyped with:
//!
//! - a wrong or missing tone, a missing hat, horn or breve (`quoc hoi`, `quốc hồi`): every
//!   spelling of the word without its marks, read in context (see [`crate::reading`]);
//! - a letter typed twice (`hoii`, `ủyy`);
//! - Telex typed without an input method (`ddangr uyr`: `dd` is `đ`, `aa ee oo` the hats, `w` the
//!   horn or breve, `s f r x j` the tones);
//! - VNI typed the same way (`d9a3ng u3y`: `9` is `đ`, `6 7 8` the hat, horn and breve, `1`–`5`
//!   the tones).
//!
//! Each word gets at most [`MAX_OPTIONS`] retypings found in the index, a query at most
//! [`MAX_WORDS`] words and [`MAX_COMBINATIONS`] combinations, each read and counted once: a few
//! milliseconds, spent only on queries that match at most [`FEW_DOCUMENTS`] documents.

use serde::Serialize;
use tracuu_indexer::analysis::{analyze, fold_char, fold_term, normalize_term, TokenKind};

use crate::parse::QueryNode;
use crate::reading::{candidates, choose_reading, syllable_shaped, with_breaks, Syllable};
use crate::search::{QuerySpec, Searcher};
use crate::Error;

/// Queries matching at most this many documents get a suggestion.
pub const FEW_DOCUMENTS: usize = 3;
/// A suggestion must match at least this many times more documents than the query (and one).
const BETTER_BY: usize = 10;
/// Words of a query corrected at most.
const MAX_WORDS: usize = 6;
/// Retypings of one word tried at most.
const MAX_OPTIONS: usize = 4;
/// Combinations of the words' retypings counted at most.
const MAX_COMBINATIONS: usize = 32;
/// Letters of a word retyped at most.
const MAX_LETTERS: usize = 16;

/// A correction of a query's words that finds more documents.
///
/// Its record, a line of `tracuu search --json` for a query that finds little, is
/// `{"type":"suggestion","text","documents"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename = "suggestion")]
#[non_exhaustive]
pub struct Suggestion {
    /// The corrected query (`quốc hội`).
    pub text: String,
    /// Documents it matches.
    pub documents: usize,
}

impl Searcher {
    /// A correction of `spec`'s words when it matches at most [`FEW_DOCUMENTS`] documents and
    /// the correction at least ten times more: for a query of one word or group of words (as
    /// typed in a search box) without field, operators or `--fold`.
    ///
    /// # Errors
    /// An invalid query, or tantivy failing to read the index.
    pub fn suggest(&self, spec: &QuerySpec) -> Result<Option<Suggestion>, Error> {
        let parsed = match spec.literal {
            true => crate::parse::parse_literal(&spec.query)?,
            false => crate::parse::parse_query(&spec.query)?,
        };
        let Some(QueryNode::Word { text, field: None } | QueryNode::Group { text, field: None }) =
            &parsed.node
        else {
            return Ok(None);
        };
        if spec.fold {
            return Ok(None);
        }
        let total = self.count(&self.prepare(spec)?)?;
        if total > FEW_DOCUMENTS {
            return Ok(None);
        }
        let words: Vec<_> = analyze(text)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        if words.is_empty() || words.len() > MAX_WORDS {
            return Ok(None);
        }
        let searcher = self.tantivy();
        let fields = self.fields();
        let in_index = |folded: &str| {
            candidates(&searcher, &fields, &self.spellings, folded)
                .first()
                .is_some_and(|(_, df)| *df > 0)
        };
        let mut options: Vec<Vec<Syllable>> = Vec::new();
        for word in &words {
            let mut these: Vec<Syllable> = Vec::new();
            for retyped in retypings(&word.text) {
                let folded = fold_term(&retyped);
                if !in_index(&folded) {
                    continue;
                }
                let term = normalize_term(&retyped);
                // As retyped when it has marks, and in any spelling (a wrong tone or hat).
                let mut add = |syllable: Syllable| {
                    if these.len() < MAX_OPTIONS && !these.iter().any(|s| same(s, &syllable)) {
                        these.push(syllable);
                    }
                };
                if term != folded {
                    add(Syllable::Fixed(term));
                }
                add(Syllable::Folded(folded));
            }
            if these.is_empty() {
                return Ok(None);
            }
            options.push(these);
        }
        let mut best: Option<(Suggestion, usize)> = None;
        let typed: Vec<String> = words.iter().map(|w| w.term.clone()).collect();
        for combination in combinations(&options) {
            let syllables = with_breaks(
                combination
                    .into_iter()
                    .zip(words.iter().map(|w| w.position)),
            );
            let reading = choose_reading(&searcher, &fields, &self.spellings, &syllables);
            if reading == typed {
                continue;
            }
            let text = reading.join(" ");
            let corrected = QuerySpec {
                query: text.clone(),
                literal: true,
                ..spec.clone()
            };
            let documents = self.count(&self.prepare(&corrected)?)?;
            let changed = reading.iter().zip(&typed).filter(|(r, t)| r != t).count();
            let better = match &best {
                None => true,
                Some((b, b_changed)) => {
                    documents > b.documents || (documents == b.documents && changed < *b_changed)
                }
            };
            if better && documents > 0 {
                best = Some((Suggestion { text, documents }, changed));
            }
        }
        Ok(best
            .map(|(suggestion, _)| suggestion)
            .filter(|s| s.documents >= (total * BETTER_BY).max(1)))
    }
}

fn same(a: &Syllable, b: &Syllable) -> bool {
    match (a, b) {
        (Syllable::Fixed(a), Syllable::Fixed(b)) | (Syllable::Folded(a), Syllable::Folded(b)) => {
            a == b
        }
        _ => false,
    }
}

/// Every choice of one option per word, in order, the first options first, up to
/// [`MAX_COMBINATIONS`].
fn combinations(options: &[Vec<Syllable>]) -> Vec<Vec<Syllable>> {
    let mut all: Vec<Vec<Syllable>> = vec![Vec::new()];
    for choices in options {
        let mut longer = Vec::new();
        for prefix in &all {
            for choice in choices {
                if longer.len() < MAX_COMBINATIONS {
                    let mut next = prefix.clone();
                    next.push(choice.clone());
                    longer.push(next);
                }
            }
        }
        all = longer;
    }
    all
}

/// The ways `word` may have been meant: as typed, with a doubled letter single, and decoded
/// from Telex or VNI typed without an input method; lower case.
pub(crate) fn retypings(word: &str) -> Vec<String> {
    let lower = word.to_lowercase();
    let mut all = vec![lower.clone()];
    if lower.chars().count() > MAX_LETTERS {
        return all;
    }
    let chars: Vec<char> = lower.chars().collect();
    let letters: Vec<String> = chars
        .iter()
        .map(|&c| {
            let mut letter = String::new();
            fold_char(c, &mut letter);
            letter
        })
        .collect();
    for i in 1..chars.len() {
        // The same letter twice, whatever marks either carries (`uỷy`, the normal form of
        // `ủyy`): the one without marks goes.
        if !letters[i].is_empty() && letters[i] == letters[i - 1] {
            let unmarked = if letters[i] == chars[i].to_string() {
                i
            } else {
                i - 1
            };
            let mut single = chars.clone();
            single.remove(unmarked);
            all.push(single.into_iter().collect());
        }
    }
    all.extend(telex(&lower));
    all.extend(vni(&lower));
    all.dedup();
    all
}

const VOWELS: &str = "aăâeêioôơuưy";

/// The combining mark of a tone.
fn tone_mark(tone: char) -> &'static str {
    match tone {
        's' | '1' => "\u{301}",
        'f' | '2' => "\u{300}",
        'r' | '3' => "\u{309}",
        'x' | '4' => "\u{303}",
        _ => "\u{323}",
    }
}

/// `letters` with `tone` (a Telex or VNI key), normalised, when it reads as a Vietnamese
/// syllable.
fn syllable(letters: &[char], tone: Option<char>) -> Option<String> {
    let base: String = letters.iter().collect();
    let first_vowel = base
        .char_indices()
        .find(|(_, c)| VOWELS.contains(*c))
        .map(|(i, c)| i + c.len_utf8())?;
    let marked = match tone {
        Some(tone) => format!(
            "{}{}{}",
            &base[..first_vowel],
            tone_mark(tone),
            &base[first_vowel..]
        ),
        None => base,
    };
    let term = normalize_term(&marked);
    syllable_shaped(&fold_term(&term)).then_some(term)
}

/// Puts a hat, horn or breve on the last of `letters` that takes it: `a` -> `â` or `ă`, ...;
/// `uo` -> `ươ` for the horn.
fn modify(letters: &mut [char], mark: char) -> bool {
    let n = letters.len();
    if mark == 'w' && n >= 2 && letters[n - 2] == 'u' && letters[n - 1] == 'o' {
        letters[n - 2] = 'ư';
        letters[n - 1] = 'ơ';
        return true;
    }
    let modified = |c: char| match (mark, c) {
        ('^', 'a') => Some('â'),
        ('^', 'e') => Some('ê'),
        ('^', 'o') => Some('ô'),
        ('w', 'o') => Some('ơ'),
        ('w', 'u') => Some('ư'),
        ('w' | '(', 'a') => Some('ă'),
        _ => None,
    };
    match letters.iter().rposition(|&c| modified(c).is_some()) {
        Some(i) => {
            letters[i] = modified(letters[i]).expect("found above");
            true
        }
        None => false,
    }
}

/// `word` (lower case) read as Telex typed without an input method (`ddangr` -> `đảng`), when
/// that changes it into a Vietnamese syllable.
pub(crate) fn telex(word: &str) -> Option<String> {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut letters: Vec<char> = Vec::new();
    let mut tone = None;
    for c in word.chars() {
        let seen_vowel = letters.iter().any(|l| VOWELS.contains(*l));
        match c {
            'd' if letters.last() == Some(&'d') => *letters.last_mut().expect("a d") = 'đ',
            'a' | 'e' | 'o' if letters.last() == Some(&c) => {
                modify(&mut letters, '^');
            }
            'w' => {
                if !modify(&mut letters, 'w') {
                    letters.push('ư');
                }
            }
            's' | 'f' | 'r' | 'x' | 'j' if seen_vowel => tone = Some(c),
            _ => letters.push(c),
        }
    }
    syllable(&letters, tone).filter(|s| s != word)
}

/// `word` (lower case) read as VNI typed without an input method (`d9a3ng` -> `đảng`), when it
/// has VNI digits and reads as a Vietnamese syllable.
pub(crate) fn vni(word: &str) -> Option<String> {
    if !word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        || !word.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut letters: Vec<char> = Vec::new();
    let mut tone = None;
    for c in word.chars() {
        match c {
            '1'..='5' => tone = Some(c),
            '6' => {
                modify(&mut letters, '^').then_some(())?;
            }
            '7' => {
                modify(&mut letters, 'w').then_some(())?;
            }
            '8' => {
                modify(&mut letters, '(').then_some(())?;
            }
            '9' => {
                let d = letters.iter().rposition(|&l| l == 'd')?;
                letters[d] = 'đ';
            }
            '0' => return None,
            _ => letters.push(c),
        }
    }
    syllable(&letters, tone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn telex_typed_without_an_input_method_is_decoded() {
        for (typed, meant) in [
            ("ddangr", "đảng"),
            ("uyr", "ủy"),
            ("quoocs", "quốc"),
            ("hooij", "hội"),
            ("nguwowif", "người"),
            ("ddawngs", "đắng"),
            ("thuwr", "thử"),
        ] {
            assert_eq!(telex(typed).as_deref(), Some(meant), "{typed}");
        }
        assert_eq!(telex("dang"), None, "nothing to decode");
        assert_eq!(telex("đảng"), None, "already Vietnamese");
    }

    #[test]
    fn vni_typed_without_an_input_method_is_decoded() {
        for (typed, meant) in [
            ("d9a3ng", "đảng"),
            ("u3y", "ủy"),
            ("quo6c1", "quốc"),
            ("ho6i5", "hội"),
            ("ngu7o7i2", "người"),
        ] {
            assert_eq!(vni(typed).as_deref(), Some(meant), "{typed}");
        }
        assert_eq!(vni("covid19"), None, "not a syllable");
        assert_eq!(vni("2019"), None);
    }

    #[test]
    fn a_doubled_letter_is_made_single() {
        let retyped = retypings("hoii");
        assert!(retyped.contains(&"hoi".to_string()), "{retyped:?}");
        let retyped = retypings("ủyy");
        assert!(retyped.contains(&"ủy".to_string()), "{retyped:?}");
        // As the analyser normalises it, the tone on the second `y`.
        let retyped: Vec<String> = retypings(&normalize_term("ủyy"))
            .iter()
            .map(|r| normalize_term(r))
            .collect();
        assert!(retyped.contains(&"ủy".to_string()), "{retyped:?}");
    }
}
