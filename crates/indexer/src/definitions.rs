//! Abbreviations defined in running text: `tổ chức cơ sở Đảng (TCCSĐ)` and `BHXH (bảo hiểm xã
//! hội)`. Each document's definitions are indexed as raw terms of one field (see
//! [`Fields::definitions`](crate::Fields::definitions)), so the documents defining each are its
//! document frequency, kept by the index as documents are added, replaced and deleted.
//!
//! A definition is kept only when it checks: the abbreviation's capitals are the initials of
//! the full form's syllables, in order (`và` may be left out: `KH&CN` = `khoa học và công
//! nghệ`; `Đ` and `D` are one letter).

use crate::analysis::{analyze, TokenKind};

/// Separates the abbreviation from its full form in an indexed definition.
pub const SEPARATOR: char = '\u{1f}';

/// Capitals of an abbreviation at least and at most.
const MIN_CAPITALS: usize = 2;
const MAX_CAPITALS: usize = 10;

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

/// The letter a syllable's initial counts as (`đ` as `D`).
fn initial(word: &str) -> Option<char> {
    let first = word.chars().next()?;
    let upper = first.to_uppercase().next()?;
    Some(if upper == 'Đ' { 'D' } else { upper })
}

/// Whether `words` (the full form's, as written) have `letters` as initials, `và` left out
/// where it does not stand for a letter.
fn initials_match(letters: &[char], words: &[&str]) -> bool {
    let letters: Vec<char> = letters
        .iter()
        .map(|&c| if c == 'Đ' { 'D' } else { c })
        .collect();
    let mut at = 0;
    for word in words {
        let matches = at < letters.len() && initial(word) == Some(letters[at]);
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
    let tokens: Vec<_> = analyze(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Code)
        .collect();
    let mut found = Vec::new();
    let mut open = 0;
    while let Some(at) = text[open..].find('(') {
        let paren = open + at;
        open = paren + 1;
        let Some(close) = text[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = text[open..close].trim();
        if inside.chars().count() > 80 {
            continue;
        }
        // Words, and codes as one word, up to a point.
        let words_in = |range: std::ops::Range<usize>| -> Vec<(usize, &str, String)> {
            let mut words: Vec<(usize, &str, String)> = Vec::new();
            for t in &tokens {
                if t.start < range.start || t.end > range.end {
                    continue;
                }
                if let Some(last) = words.last() {
                    if t.start < last.0 + last.1.len() {
                        continue; // a part of the code before
                    }
                }
                words.push((t.start, &text[t.start..t.end], t.term.clone()));
            }
            words
        };
        let before_start = text[..paren]
            .rfind(['.', ',', ';', ':', '(', ')', '\n', '"', '“', '”'])
            .map_or(0, |p| p + 1);
        let before = words_in(before_start..paren);
        let inner = words_in(open..close);
        // `Full Name (ABBR)`
        if let [(_, abbreviation, _)] = inner.as_slice() {
            if let Some(letters) = capitals(abbreviation) {
                if let Some(full) = full_form_ending(&letters, &before) {
                    found.push(Definition {
                        abbreviation: abbreviation.to_string(),
                        full,
                    });
                    continue;
                }
            }
        }
        // `ABBR (Full Name)`
        if let Some((_, abbreviation, _)) = before.last() {
            if let Some(letters) = capitals(abbreviation) {
                let written: Vec<&str> = inner.iter().map(|w| w.1).collect();
                if inner.len() >= letters.len() && initials_match(&letters, &written) {
                    found.push(Definition {
                        abbreviation: abbreviation.to_string(),
                        full: terms(&inner),
                    });
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found.truncate(MAX_PER_DOCUMENT);
    found
}

/// The full form whose initials are `letters`, ending the words `before`: the shortest run of
/// the last words that checks.
fn full_form_ending(letters: &[char], before: &[(usize, &str, String)]) -> Option<String> {
    let longest = (letters.len() + 2).min(before.len());
    (letters.len()..=longest).find_map(|n| {
        let run = &before[before.len() - n..];
        let written: Vec<&str> = run.iter().map(|w| w.1).collect();
        initials_match(letters, &written).then(|| terms(run))
    })
}

fn terms(words: &[(usize, &str, String)]) -> String {
    words
        .iter()
        .map(|w| w.2.as_str())
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
        assert!(pairs("Công ty cổ phần (CPX) ABC").is_empty(), "no run reads C P X");
        assert!(pairs("theo Reuters (AFP)").is_empty());
        assert!(pairs("(UBND)").is_empty());
    }
}
