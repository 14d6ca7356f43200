//! Dates as Vietnamese pages and data files write them.
//!
//! Recognised, case- and Unicode-form-insensitively:
//! `Thứ Ba, Tháng Chín 28, 2021` (month names or `Tháng 9`), `ngày 20 tháng 11 năm 2019`,
//! `20 tháng 11, 2019`, `20/11/2019`, `20-11-2019`, `20.11.2019`, `2019-11-20`, `2019/11/20`,
//! an ISO date-time (`2019-11-20T08:00:00+07:00`) and `20191120`.
//!
//! `năm` is both the month May and the word "year": directly before a four-digit year it is
//! "year" (`Kinh tế 9 tháng năm 2020`, the economy in the first nine months of 2020, has no date)
//! unless written `Năm`, as a month name is (`9 tháng Năm 2020`, `ngày 9 tháng năm năm 2020`
//! and `Tháng Năm 9, 2020` are 9 May 2020).

use super::text::nfc;
use crate::Date;

/// What looking for a date in a string found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DateMatch {
    /// A valid date (the first one).
    Valid(Date),
    /// Only date-shaped text naming days that do not exist (`2021-02-30`).
    Invalid,
    /// Nothing date-shaped.
    NotFound,
}

/// Finds the first date in a short string such as a page header line or a `date` field.
///
/// Returns `None` when there is none, or when the only date-shaped text names a day that does not
/// exist (`30/02/2021`).
///
/// ```
/// use tracuu_indexer::reader::parse_vietnamese_date;
///
/// let date = parse_vietnamese_date("Thứ Ba, Tháng Chín 28, 2021").unwrap();
/// assert_eq!(date.to_string(), "2021-09-28");
/// let date = parse_vietnamese_date("Hà Nội, ngày 20 tháng 11 năm 2019").unwrap();
/// assert_eq!(date.to_string(), "2019-11-20");
/// assert_eq!(parse_vietnamese_date("30/02/2021"), None);
/// ```
pub fn parse_vietnamese_date(s: &str) -> Option<Date> {
    match find_date(s) {
        DateMatch::Valid(date) => Some(date),
        DateMatch::Invalid | DateMatch::NotFound => None,
    }
}

/// Like [`parse_vietnamese_date`], but tells an invalid date from no date at all.
pub(super) fn find_date(s: &str) -> DateMatch {
    let nfc = nfc(s);
    let written = tokenize(&nfc);
    let lowercase: Vec<String> = written.iter().map(|t| t.to_lowercase()).collect();
    let tokens: Vec<&str> = lowercase.iter().map(String::as_str).collect();
    let mut found = DateMatch::NotFound;
    for i in 0..tokens.len() {
        match match_at(&tokens, &written, i) {
            Some(Some(date)) => return DateMatch::Valid(date),
            Some(None) => found = DateMatch::Invalid,
            None => {}
        }
    }
    found
}

/// Splits on whitespace and commas, trimming surrounding punctuation but keeping the inner
/// separators of `20/11/2019`.
fn tokenize(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// A date starting (or, for `tháng`, centred) at token `i`: `None` if nothing date-shaped,
/// `Some(None)` if date-shaped but not a real day. `tokens` are lowercase, `written` the same
/// tokens as written.
fn match_at(tokens: &[&str], written: &[&str], i: usize) -> Option<Option<Date>> {
    if tokens[i] == "tháng" {
        month_phrase(tokens, written, i)
    } else {
        numeric_date(tokens[i])
    }
}

/// `[ngày] D tháng M năm Y`, `tháng M D, Y` and `D tháng M, Y`, with `tháng` at `i`.
fn month_phrase(tokens: &[&str], written: &[&str], i: usize) -> Option<Option<Date>> {
    let (month, after) = month_at(tokens, written, i + 1)?;
    let day_before = i.checked_sub(1).and_then(|j| day(tokens[j]));
    let at = |k: usize| tokens.get(k).copied();
    let (day, year) = if at(after) == Some("năm") {
        (day_before?, year(at(after + 1)?)?)
    } else if let (Some(d), Some(y)) = (at(after).and_then(day), at(after + 1).and_then(year)) {
        (d, y)
    } else {
        (day_before?, year(at(after)?)?)
    };
    Some(make(year, month, day))
}

/// The month at token `i`, as a number or a Vietnamese name, and the index after it.
fn month_at(tokens: &[&str], written: &[&str], i: usize) -> Option<(u32, usize)> {
    let token = *tokens.get(i)?;
    if token == "mười" {
        return Some(match tokens.get(i + 1).copied() {
            Some("một") => (11, i + 2),
            Some("hai") => (12, i + 2),
            _ => (10, i + 1),
        });
    }
    let month = match token {
        "một" | "giêng" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" | "bốn" => 4,
        // "Year" before a year, unless written as a month name (see the module docs).
        "năm" if written[i] != "Năm" && tokens.get(i + 1).is_some_and(|&t| year(t).is_some()) => {
            return None
        }
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "chạp" => 12,
        _ => number(token, 1, 2)?,
    };
    Some((month, i + 1))
}

/// `20/11/2019`, `20-11-2019`, `20.11.2019`, `2019-11-20`, `2019/11/20`, `20191120` and the
/// date part of an ISO date-time.
fn numeric_date(token: &str) -> Option<Option<Date>> {
    let token = iso_date_part(token);
    if token.len() == 8 && token.bytes().all(|b| b.is_ascii_digit()) {
        let year = number(&token[..4], 4, 4).filter(|y| (1900..=2100).contains(y))?;
        return Some(make(
            year,
            number(&token[4..6], 2, 2)?,
            number(&token[6..], 2, 2)?,
        ));
    }
    let separator = token.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = token.split(separator);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    if let (Some(y), Some(m), Some(d)) = (number(a, 4, 4), number(b, 1, 2), number(c, 1, 2)) {
        return Some(make(y, m, d));
    }
    let (d, m, y) = (number(a, 1, 2)?, number(b, 1, 2)?, number(c, 4, 4)?);
    Some(make(y, m, d))
}

/// `2019-11-20` from `2019-11-20t08:00:00+07:00` (folded, so lowercase `t`).
fn iso_date_part(token: &str) -> &str {
    match token.as_bytes().get(10) {
        Some(b't') if token.is_char_boundary(10) => &token[..10],
        _ => token,
    }
}

/// A day number, also glued to `ngày` as in `ngày03`.
fn day(token: &str) -> Option<u32> {
    let token = token.strip_prefix("ngày").unwrap_or(token);
    number(token, 1, 2)
}

fn year(token: &str) -> Option<u32> {
    number(token, 4, 4)
}

/// `token` as a number if it has between `min` and `max` ASCII digits and nothing else.
fn number(token: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| token.parse().ok()).flatten()
}

fn make(year: u32, month: u32, day: u32) -> Option<Date> {
    Date::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn recognises_each_form() {
        let cases = [
            ("Thứ Ba, Tháng Chín 28, 2021", "2021-09-28"),
            ("THỨ BA, THÁNG CHÍN 28, 2021", "2021-09-28"),
            ("Chủ Nhật, Tháng Mười Hai 5, 2021", "2021-12-05"),
            ("Thứ Hai, Tháng Mười Một 1, 2021", "2021-11-01"),
            ("Thứ Sáu, Tháng Mười 1, 2021", "2021-10-01"),
            ("Thứ Năm, Tháng Tư 1, 2021", "2021-04-01"),
            ("Thứ Năm, Tháng Bốn 1, 2021", "2021-04-01"),
            ("Thứ Tư, Tháng Năm 5, 2021", "2021-05-05"),
            ("Thứ Bảy, Tháng Giêng 2, 2021", "2021-01-02"),
            ("Thứ Ba, Tháng 9 28, 2021", "2021-09-28"),
            ("ngày 20 tháng 11 năm 2019", "2019-11-20"),
            ("Hà Nội, ngày 05 tháng 4 năm 2016", "2016-04-05"),
            ("Hà Nội, ngày03 tháng 12 năm 2004", "2004-12-03"),
            ("Hà Nội, ngày 26  tháng 11 năm 2003", "2003-11-26"),
            ("28 tháng 9, 2021", "2021-09-28"),
            ("Hà Nội, 9 tháng Năm 2020", "2020-05-09"),
            ("ngày 9 tháng năm năm 2020", "2020-05-09"),
            ("20/11/2019", "2019-11-20"),
            ("Cập nhật 20-11-2019 08:30", "2019-11-20"),
            ("20.11.2019.", "2019-11-20"),
            ("2019-11-20", "2019-11-20"),
            ("2019/11/20", "2019-11-20"),
            ("2019-11-20T08:00:00+07:00", "2019-11-20"),
            ("20201101", "2020-11-01"),
            ("(Thứ Ba, 28/09/2021)", "2021-09-28"),
        ];
        for (input, expected) in cases {
            let date = parse_vietnamese_date(input).map(|d| d.to_string());
            assert_eq!(date.as_deref(), Some(expected), "input {input:?}");
            let nfd: String = input.nfd().collect();
            let date = parse_vietnamese_date(&nfd).map(|d| d.to_string());
            assert_eq!(date.as_deref(), Some(expected), "NFD input {input:?}");
        }
    }

    #[test]
    fn tells_invalid_dates_from_missing_ones() {
        let cases = [
            ("2021-02-30", DateMatch::Invalid),
            ("30/02/2021", DateMatch::Invalid),
            ("20210230", DateMatch::Invalid),
            ("ngày 31 tháng 4 năm 2021", DateMatch::Invalid),
            ("Thứ Ba, Tháng Hai 30, 2021", DateMatch::Invalid),
            ("hôm qua", DateMatch::NotFound),
            ("Ngày 27/3, Cơ quan Cảnh sát điều tra", DateMatch::NotFound),
            (
                "Thứ hai, gắn Cuộc vận động với nhiệm vụ",
                DateMatch::NotFound,
            ),
            ("tháng 11/2019", DateMatch::NotFound),
            (
                "Kinh tế 9 tháng năm 2020: GDP tăng 2,12%",
                DateMatch::NotFound,
            ),
            ("KINH TẾ 9 THÁNG NĂM 2020", DateMatch::NotFound),
            ("gọi 09123456", DateMatch::NotFound),
            ("", DateMatch::NotFound),
        ];
        for (input, expected) in cases {
            assert_eq!(find_date(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn skips_an_invalid_date_for_a_later_valid_one() {
        let date = parse_vietnamese_date("31/02/2021 hoặc 01/03/2021");
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2021-03-01"));
    }
}
