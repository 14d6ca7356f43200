//! Date filters: the periods accepted by `date:` in a query and by the CLI's
//! `--from` / `--to` options.
//!
//! A *period* is a whole year, month or day:
//!
//! ```text
//! period = year [ "-" month [ "-" day ] ] ;   (* 2021, 2021-06, 2021-06-15 *)
//! year   = 4 * digit ;                        (* 0001 to 9999 *)
//! month  = digit [ digit ] ;                  (* 1 to 12, "06" or "6" *)
//! day    = digit [ digit ] ;                  (* must exist in that month *)
//! range  = period                             (* the whole period *)
//!        | [ period ] ".." [ period ] ;       (* inclusive, at least one side *)
//! ```
//!
//! A range covers whole periods: `2020-01..2021-06` runs from 2020-01-01 to
//! 2021-06-30, `2021` from 2021-01-01 to 2021-12-31. `--from` takes the first
//! day of its period and `--to` the last one.

use std::ops::RangeInclusive;

use tracuu_indexer::Date;

use crate::parse::QueryError;

/// An inclusive range of days; a `None` bound leaves that side open.
///
/// The default value is unbounded and contains every date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    /// The first day included, or `None` for no lower bound.
    pub from: Option<Date>,
    /// The last day included, or `None` for no upper bound.
    pub to: Option<Date>,
}

impl DateRange {
    /// The unbounded range, which contains every date.
    pub const ALL: DateRange = DateRange {
        from: None,
        to: None,
    };

    /// Whether `date` lies within the range (bounds included).
    #[must_use]
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }

    /// The days that lie in both ranges (possibly none: see [`DateRange::is_empty`]).
    #[must_use]
    pub fn intersect(&self, other: &DateRange) -> DateRange {
        DateRange {
            from: max_bound(self.from, other.from),
            to: min_bound(self.to, other.to),
        }
    }

    /// Whether no date at all lies in the range (it ends before it starts).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.to), (Some(from), Some(to)) if from > to)
    }
}

fn max_bound(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_bound(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The first day of the period `s` (`2021` → 2021-01-01, `2021-06` → 2021-06-01).
///
/// This is what `--from` means. Surrounding whitespace is ignored.
///
/// # Errors
///
/// [`QueryError::InvalidDate`] when `s` is not a valid `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD` (month and day may have one digit).
pub fn parse_period_start(s: &str) -> Result<Date, QueryError> {
    parse_period(s).map(|(start, _)| start)
}

/// The last day of the period `s` (`2021` → 2021-12-31, `2020-02` → 2020-02-29).
///
/// This is what `--to` means. Surrounding whitespace is ignored.
///
/// # Errors
///
/// [`QueryError::InvalidDate`], as for [`parse_period_start`].
pub fn parse_period_end(s: &str) -> Result<Date, QueryError> {
    parse_period(s).map(|(_, end)| end)
}

/// Parses the value of a `date:` filter: a single period (`2021-06`), a range
/// of whole periods (`2020-01..2021-06`) or an open range (`2020..`, `..2021-06`).
///
/// # Errors
///
/// [`QueryError::InvalidDate`] when a period is invalid or both sides are
/// missing (`..`); [`QueryError::ReversedDateRange`] when the range ends
/// before it starts (`2022..2021`).
pub fn parse_date_range(s: &str) -> Result<DateRange, QueryError> {
    let s = s.trim();
    let Some((start, end)) = s.split_once("..") else {
        let (from, to) = parse_period(s)?;
        return Ok(bounded(from, to));
    };
    if start.is_empty() && end.is_empty() {
        return Err(invalid_date(s));
    }
    let range = DateRange {
        from: optional(start, parse_period_start)?,
        to: optional(end, parse_period_end)?,
    };
    if range.is_empty() {
        return Err(QueryError::ReversedDateRange {
            range: s.to_string(),
        });
    }
    Ok(range)
}

/// Builds the range selected by the CLI's `--from` and `--to` options (either
/// may be absent).
///
/// # Errors
///
/// [`QueryError::InvalidDate`] when a value is invalid;
/// [`QueryError::FromAfterTo`] when `--from` is after `--to`.
pub fn parse_from_to(from: Option<&str>, to: Option<&str>) -> Result<DateRange, QueryError> {
    let range = DateRange {
        from: from.map(parse_period_start).transpose()?,
        to: to.map(parse_period_end).transpose()?,
    };
    if range.is_empty() {
        return Err(QueryError::FromAfterTo {
            from: from.unwrap_or_default().trim().to_string(),
            to: to.unwrap_or_default().trim().to_string(),
        });
    }
    Ok(range)
}

fn bounded(from: Date, to: Date) -> DateRange {
    DateRange {
        from: Some(from),
        to: Some(to),
    }
}

fn optional(
    s: &str,
    parse: fn(&str) -> Result<Date, QueryError>,
) -> Result<Option<Date>, QueryError> {
    if s.is_empty() {
        Ok(None)
    } else {
        parse(s).map(Some)
    }
}

/// The first and last day of a year, month or day period.
fn parse_period(s: &str) -> Result<(Date, Date), QueryError> {
    let s = s.trim();
    period_bounds(s).ok_or_else(|| invalid_date(s))
}

fn period_bounds(s: &str) -> Option<(Date, Date)> {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [year] => {
            let year = year_number(year)?;
            Some((Date::new(year, 1, 1)?, Date::new(year, 12, 31)?))
        }
        [year, month] => {
            let (year, month) = (year_number(year)?, small_number(month)?);
            Some((Date::new(year, month, 1)?, Date::end_of_month(year, month)?))
        }
        [year, month, day] => {
            let date = Date::new(year_number(year)?, small_number(month)?, small_number(day)?)?;
            Some((date, date))
        }
        _ => None,
    }
}

/// A 4-digit year.
fn year_number(s: &str) -> Option<u16> {
    digits(s, 4..=4)?.parse().ok()
}

/// A 1- or 2-digit month or day.
fn small_number(s: &str) -> Option<u8> {
    digits(s, 1..=2)?.parse().ok()
}

/// `s` if it is only ASCII digits (no sign) and its length lies in `len`.
fn digits(s: &str, len: RangeInclusive<usize>) -> Option<&str> {
    (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

fn invalid_date(s: &str) -> QueryError {
    QueryError::InvalidDate {
        value: s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn range(from: Option<&str>, to: Option<&str>) -> DateRange {
        DateRange {
            from: from.map(d),
            to: to.map(d),
        }
    }

    #[test]
    fn period_starts_and_ends() {
        let cases = [
            ("2021", "2021-01-01", "2021-12-31"),
            ("2021-06", "2021-06-01", "2021-06-30"),
            ("2021-6", "2021-06-01", "2021-06-30"),
            ("2020-02", "2020-02-01", "2020-02-29"),
            ("2021-02", "2021-02-01", "2021-02-28"),
            ("2021-06-15", "2021-06-15", "2021-06-15"),
            ("2021-6-5", "2021-06-05", "2021-06-05"),
            (" 2019 ", "2019-01-01", "2019-12-31"),
        ];
        for (input, start, end) in cases {
            assert_eq!(parse_period_start(input), Ok(d(start)), "{input}");
            assert_eq!(parse_period_end(input), Ok(d(end)), "{input}");
        }
    }

    #[test]
    fn ranges() {
        let cases = [
            ("2021", range(Some("2021-01-01"), Some("2021-12-31"))),
            (
                "2020-01..2021-06",
                range(Some("2020-01-01"), Some("2021-06-30")),
            ),
            ("2020..", range(Some("2020-01-01"), None)),
            ("..2021-06", range(None, Some("2021-06-30"))),
            ("2021..2021", range(Some("2021-01-01"), Some("2021-12-31"))),
            (
                "2021-06-15..2021-06",
                range(Some("2021-06-15"), Some("2021-06-30")),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_date_range(input), Ok(expected), "{input}");
        }
    }

    #[test]
    fn invalid_periods() {
        let cases = [
            ("2021-13", "2021-13"),
            ("2021-02-30", "2021-02-30"),
            ("2021-00", "2021-00"),
            ("0000", "0000"),
            ("21", "21"),
            ("20210", "20210"),
            ("2021-06-15-1", "2021-06-15-1"),
            ("2021-", "2021-"),
            ("+202", "+202"),
            ("2021-+6", "2021-+6"),
            ("tháng", "tháng"),
            ("", ""),
            ("..", ".."),
            ("2020...2021", ".2021"),
            ("2020-01..2021-13", "2021-13"),
            ("2021/06", "2021/06"),
        ];
        for (input, bad) in cases {
            let err = parse_date_range(input).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("invalid date `{bad}` (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
                "{input}"
            );
        }
    }

    #[test]
    fn reversed_range_is_an_error() {
        let err = parse_date_range("2022..2021").unwrap_err();
        assert_eq!(
            err.to_string(),
            "date range 2022..2021 ends before it starts"
        );
        assert!(parse_date_range("2021-06-16..2021-06-15").is_err());
    }

    #[test]
    fn from_to_options() {
        assert_eq!(parse_from_to(None, None), Ok(DateRange::ALL));
        assert_eq!(
            parse_from_to(Some("2020-03"), Some("2021")),
            Ok(range(Some("2020-03-01"), Some("2021-12-31")))
        );
        assert_eq!(
            parse_from_to(None, Some("2021-02")),
            Ok(range(None, Some("2021-02-28")))
        );
        let err = parse_from_to(Some("2022"), Some("2021")).unwrap_err();
        assert_eq!(err.to_string(), "--from 2022 is after --to 2021");
        assert!(parse_from_to(Some("2021-13"), None).is_err());
    }

    #[test]
    fn contains_and_intersect() {
        let year = range(Some("2021-01-01"), Some("2021-12-31"));
        assert!(year.contains(d("2021-01-01")));
        assert!(year.contains(d("2021-12-31")));
        assert!(!year.contains(d("2022-01-01")));
        assert!(DateRange::ALL.contains(d("0001-01-01")));
        let since = range(Some("2021-06-01"), None);
        assert_eq!(
            year.intersect(&since),
            range(Some("2021-06-01"), Some("2021-12-31"))
        );
        let before = range(None, Some("2020-12-31"));
        assert!(year.intersect(&before).is_empty());
        assert!(!DateRange::ALL.is_empty());
    }
}
