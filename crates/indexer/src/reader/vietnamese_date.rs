//! Dates as Vietnamese pages and data files write them.
//!
//! Recognised, case- and Unicode-form-insensitively:
//! `Thứ Ba, Tháng Chín 28, 2021` (month names or `Tháng 9`), `ngày 20 tháng 11 năm 2019`,
//! `20 tháng 11, 2019`, `20/11/2019`, `20-11-2019`, `20.11.2019`, `2019-11-20`, `2019/11/20`,
//! an ISO date-time (`2019-11-20T08:00:00+07:00`) and `20191120`.
//!
//! An ISO date-time with an offset is dated in Vietnam time (UTC+07:00), the calendar of the
//! articles' own pages: `2021-03-01T20:00:00Z` is 2 March 2021, as is `…T17:00:00Z`, the
//! midnight of 2 March in Vietnam that many exports write in UTC. Without an offset, the date is
//! taken as written.
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

/// `20/11/2019`, `20-11-2019`, `20.11.2019`, `2019-11-20`, `2019/11/20`, `20191120`, and an
/// ISO date-time (folded, so with a lowercase `t` and `z`) in Vietnam time.
fn numeric_date(token: &str) -> Option<Option<Date>> {
    let Some((day, time)) = token
        .split_at_checked(10)
        .filter(|(_, t)| t.starts_with('t'))
    else {
        return numeric_day(token);
    };
    let date = numeric_day(day)?;
    let shift = days_to_vietnam_time(&time[1..]).unwrap_or(0);
    Some(date.and_then(|date| Date::from_days(date.to_days() + shift)))
}

/// The days to add to the date of an ISO date-time to date it in Vietnam time (UTC+07:00),
/// from its time (`08:30:00z`, `20:00:00.000-05:00`, `08:30+0700`); `None` when the time has
/// no offset (it is taken as Vietnam time) or is malformed.
fn days_to_vietnam_time(time: &str) -> Option<i64> {
    let (clock, offset_minutes) = match time.strip_suffix('z') {
        Some(clock) => (clock, 0),
        None => {
            let sign_at = time.rfind(['+', '-'])?;
            let (clock, offset) = time.split_at(sign_at);
            let digits = offset[1..].replace(':', "");
            let hours = number(digits.get(..2)?, 2, 2)?;
            let minutes = match digits.get(2..) {
                Some("") | None => 0,
                Some(minutes) => number(minutes, 2, 2)?,
            };
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            (clock, sign * i64::from(hours * 60 + minutes))
        }
    };
    let hours = number(clock.get(..2)?, 2, 2).filter(|&h| h < 24)?;
    let minutes = number(clock.get(3..5)?, 2, 2).filter(|&m| m < 60)?;
    let in_vietnam = i64::from(hours * 60 + minutes) - offset_minutes + VIETNAM_OFFSET_MINUTES;
    Some(in_vietnam.div_euclid(24 * 60))
}

/// Vietnam time, UTC+07:00.
const VIETNAM_OFFSET_MINUTES: i64 = 7 * 60;

/// A date without a time: every form of [`numeric_date`] but the ISO date-time.
fn numeric_day(token: &str) -> Option<Option<Date>> {
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
        check_dates(&cases);
    }

    #[test]
    fn a_date_time_with_an_offset_is_dated_in_vietnam_time() {
        let cases = [
            // Vietnam's day begins at 17:00 UTC.
            ("2021-03-01T16:59:59Z", "2021-03-01"),
            ("2021-03-01T17:00:00Z", "2021-03-02"),
            ("2021-03-01T00:00:00.000Z", "2021-03-01"),
            ("2021-03-01T23:30:00+07:00", "2021-03-01"),
            ("2021-03-01T23:30:00+0700", "2021-03-01"),
            ("2021-03-01T20:00:00-05:00", "2021-03-02"),
            ("2021-03-01T09:00+09", "2021-03-01"),
            ("2021-03-01T01:00:00+14:00", "2021-02-28"),
            // Across a month, a year, and 29 February.
            ("2020-12-31T18:00:00Z", "2021-01-01"),
            ("2020-02-28T20:00:00Z", "2020-02-29"),
            ("2021-02-28T20:00:00Z", "2021-03-01"),
            // No offset: as written. A malformed time: the date as written.
            ("2021-03-01T23:30:00", "2021-03-01"),
            ("2021-03-01Tabc+07:00", "2021-03-01"),
            ("2021-03-01T99:00:00Z", "2021-03-01"),
        ];
        check_dates(&cases);
    }

    fn check_dates(cases: &[(&str, &str)]) {
        for &(input, expected) in cases {
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
