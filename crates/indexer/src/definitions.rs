//! Abbreviations defined in running text: `tổ chức cơ sở Đảng (TCCSĐ)` and `BHXH (bảo hiểm xã
//! hội)`. Each document's definitions are indexed as raw terms of one field (see
//! [`Fields::definitions`](crate::Fields::definitions)), so the documents defining each are its
//! document frequency, kept by the index as documents are added, replaced and deleted.
//!
//! A definition is kept only when it checks: the abbreviation's capitals are the initials of
//! the full form's syllables, in order (`và` may be left out: `KH&CN` = `khoa học và công
//! nghệ`; `Đ` and `D` are one letter).

use crate::analysis::{fold_term, for_each_word};

/// Separates the abbreviation from its full form in an indexed definition.
pub const SEPARATOR: char = '\u{1f}';

/// Capitals of an abbreviation at least and at most.
const MIN_CAPITALS: usize = 2;
const MAX_CAPITALS: usize = 10;

/// A parenthesis holding more than this many bytes is no abbreviation or full form.
const MAX_INSIDE_BYTES: usize = 160;

/// What ends the clause a full form or an abbreviation before a parenthesis is in.
const CLAUSE_ENDS: [char; 10] = ['.', ',', ';', ':', '(', ')', '\n', '"', '“', '”'];

/// Bytes before a parenthesis looked at for the full form or the abbreviation.
const MAX_CLAUSE_BYTES: usize = 400;

/// The character boundary nearest `at` (clamped to `text`), moving by `step` (1 or -1).
fn boundary(text: &str, at: usize, step: isize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at = at.saturating_add_signed(step);
    }
    at
}

/// Definitions indexed per document at most (a glossary does not flood the field).
pub const MAX_PER_DOCUMENT: usize = 64;

/// One abbreviation defined in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Definition {
    /// As written (`TCCSĐ`, `TP.HCM`).
    pub abbreviation: String,
    /// Its full form's terms, joined by spaces (`tổ chức cơ sở đảng`).
    pub full: String,
}

impl Definition {
    /// The indexed term: abbreviation, [`SEPARATOR`], full form.
    pub fn term(&self) -> String {
        format!("{}{SEPARATOR}{}", self.abbreviation, self.full)
    }

    /// The definition of an indexed term.
    pub fn from_term(term: &str) -> Option<Definition> {
        let (abbreviation, full) = term.split_once(SEPARATOR)?;
        Some(Definition {
            abbreviation: abbreviation.to_string(),
            full: full.to_string(),
        })
    }
}

/// The capitals of `word` when it is written as an abbreviation: uppercase letters, at least
/// [`MIN_CAPITALS`], joined by nothing or by `.`, `&`, `-` (`UBND`, `TP.HCM`, `KH&CN`).
fn capitals(word: &str) -> Option<Vec<char>> {
    let mut letters = Vec::new();
    for c in word.chars() {
        match c {
            _ if c.is_uppercase() => letters.push(c),
            '.' | '&' | '-' => {}
            _ => return None,
        }
    }
    (MIN_CAPITALS..=MAX_CAPITALS)
        .contains(&letters.len())
        .then_some(letters)
}

/// The letter a syllable's initial counts as: without marks, in capitals (`đ`, `Á` as `D`,
/// `A`).
fn initial(word: &str) -> Option<char> {
    fold_term(word)
        .chars()
        .next()
        .map(|c| c.to_ascii_uppercase())
}

/// Whether `words` (the full form's, as written) have `letters` as initials, `và` left out
/// where it does not stand for a letter.
fn initials_match(letters: &[char], words: &[&str]) -> bool {
    let letters: Vec<Option<char>> = letters
        .iter()
        .map(|c| initial(c.encode_utf8(&mut [0; 4])))
        .collect();
    let mut at = 0;
    for word in words {
        let matches = at < letters.len() && initial(word) == letters[at];
        if matches {
            at += 1;
        } else if !word.eq_ignore_ascii_case("và") {
            return false;
        }
    }
    at == letters.len()
}

/// The definitions in `text`, each once, at most [`MAX_PER_DOCUMENT`].
pub fn definitions(text: &str) -> Vec<Definition> {
    // Only the text near parentheses is analysed: most documents have few or none.
    let words_in = |range: std::ops::Range<usize>| -> Vec<(&str, String)> {
        let mut words = Vec::new();
        for_each_word(&text[range.clone()], |w| {
            let written = &text[range.start + w.start..range.start + w.end];
            words.push((written, w.term.to_string()));
        });
        words
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('(') {
        let open = from + at + 1;
        from = open;
        // Both searches are bounded, so a text of parentheses costs linear time.
        let window_end = boundary(text, open + MAX_INSIDE_BYTES, 1);
        let Some(close) = text[open..window_end].find(')').map(|c| open + c) else {
            continue;
        };
        let inside = text[open..close].trim();
        // The clause before the parenthesis.
        let mut window_start = boundary(text, (open - 1).saturating_sub(MAX_CLAUSE_BYTES), -1);
        // A window that starts inside a word starts after it.
        if text[..window_start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            window_start += text[window_start..open - 1]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(open - 1 - window_start);
        }
        let clause_start =
            text[window_start..open - 1]
                .rfind(CLAUSE_ENDS)
                .map_or(window_start, |p| {
                    let end = text[window_start + p..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                    window_start + p + end
                });
        let before = text[clause_start..open - 1].trim_end();
        let definition = if let Some(letters) = capitals(inside) {
            // `Full Name (ABBR)`
            let words = words_in(clause_start..open - 1);
            full_form_ending(&letters, &words).map(|full| (inside, full))
        } else {
            // `ABBR (Full Name)`
            let abbreviation = before
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or_default();
            capitals(abbreviation).and_then(|letters| {
                let words = words_in(open..close);
                let written: Vec<&str> = words.iter().map(|w| w.0).collect();
                initials_match(&letters, &written).then(|| (abbreviation, terms(&words)))
            })
        };
        if let Some((abbreviation, full)) = definition {
            found.push(Definition {
                abbreviation: abbreviation.to_string(),
                full,
            });
        }
    }
    found.sort();
    found.dedup();
    found.truncate(MAX_PER_DOCUMENT);
    found
}

/// The full form whose initials are `letters`, ending the words `before`: the shortest run of
/// the last words that checks.
fn full_form_ending(letters: &[char], before: &[(&str, String)]) -> Option<String> {
    let longest = (letters.len() + 2).min(before.len());
    (letters.len()..=longest).find_map(|n| {
        let run = &before[before.len() - n..];
        let written: Vec<&str> = run.iter().map(|w| w.0).collect();
        initials_match(letters, &written).then(|| terms(run))
    })
}

fn terms(words: &[(&str, String)]) -> String {
    words
        .iter()
        .map(|w| w.1.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        definitions(text)
            .into_iter()
            .map(|d| (d.abbreviation, d.full))
            .collect()
    }

    #[test]
    fn full_name_then_abbreviation() {
        assert_eq!(
            pairs("Củng cố tổ chức cơ sở Đảng (TCCSĐ) vững mạnh."),
            [("TCCSĐ".into(), "tổ chức cơ sở đảng".into())]
        );
        assert_eq!(
            pairs("Sở Khoa học và Công nghệ (KH&CN) tỉnh"),
            [("KH&CN".into(), "khoa học và công nghệ".into())]
        );
        assert_eq!(
            pairs("tại Thành phố Hồ Chí Minh (TP.HCM), hôm qua"),
            [("TP.HCM".into(), "thành phố hồ chí minh".into())]
        );
    }

    #[test]
    fn abbreviation_then_full_name() {
        assert_eq!(
            pairs("đóng BHXH (bảo hiểm xã hội) cho người lao động"),
            [("BHXH".into(), "bảo hiểm xã hội".into())]
        );
    }

    #[test]
    fn definitions_that_do_not_check_are_left_out() {
        assert!(pairs("ông Nguyễn Văn A (SN 1970)").is_empty());
        assert!(
            pairs("Công ty cổ phần (CPX) ABC").is_empty(),
            "no run reads C P X"
        );
        assert!(pairs("theo Reuters (AFP)").is_empty());
        assert!(pairs("(UBND)").is_empty());
        assert_eq!(
            pairs("Ban Quản lý dự án (BQLDA) giao thông"),
            [("BQLDA".into(), "ban quản lý dự án".into())],
            "án is A"
        );
    }

    #[test]
    fn many_unclosed_parentheses_are_each_read_within_a_window() {
        // 200,000 opening parentheses and a definition: each is looked at within a window.
        let text = format!("{}Bảo hiểm xã hội (BHXH)", "(ư ".repeat(200_000));
        let found = pairs(&text);
        assert_eq!(found, [("BHXH".into(), "bảo hiểm xã hội".into())]);
    }

    #[test]
    fn curly_quotes_before_a_parenthesis_end_the_clause() {
        assert_eq!(
            pairs("gói “Bảo hiểm xã hội (BHXH)” mới"),
            [("BHXH".into(), "bảo hiểm xã hội".into())]
        );
        assert!(pairs("“(UBND)").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic(text in "[(a-zA-ZĐđƯư“”. )]{0,60}") {
            for definition in definitions(&text) {
                proptest::prop_assert!(!definition.full.is_empty());
            }
        }
    }
}
