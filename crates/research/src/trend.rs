//! Trends: how often queries occur per year or month, absolutely and per 1,000 articles.
//!
//! For each query and period: the **documents** the query matches, the **occurrences** of the
//! query in their body text (found with the query's [`Matcher`](tracuu_query::Matcher) on the stored
//! text, exactly the lines `kwic` shows: a phrase counts where its words are adjacent, not where
//! its words merely occur), the **stories** among the documents (a text and its republications,
//! see [`tracuu_indexer::story`], count once in each period where one of them matched), and
//! the matching documents **per 1,000 articles** of that period,
//! the period totals being counted from the `date` fast field over the whole index (within the
//! request's date range). Undated documents are counted apart.
//!
//! The periods run without gaps from the first to the last period holding an article of the
//! index (within the date range), so periods without articles show as zeros.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tracuu_query::{Date, DateRange, Finder, QuerySpec, Searcher, StoryTally};

use crate::Error;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Calendar years.
    #[default]
    Year,
    /// Calendar months.
    Month,
}

/// One year, or one month of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodKey {
    /// The year.
    pub year: u16,
    /// The month (1 to 12), for monthly periods.
    pub month: Option<u8>,
}

impl PeriodKey {
    /// The period of `by` containing `date`.
    pub fn of(date: Date, by: Period) -> PeriodKey {
        PeriodKey {
            year: date.year(),
            month: (by == Period::Month).then_some(date.month()),
        }
    }

    /// The period after this one.
    pub fn next(self) -> PeriodKey {
        match self.month {
            None => PeriodKey {
                year: self.year + 1,
                month: None,
            },
            Some(12) => PeriodKey {
                year: self.year + 1,
                month: Some(1),
            },
            Some(month) => PeriodKey {
                year: self.year,
                month: Some(month + 1),
            },
        }
    }
}

impl fmt::Display for PeriodKey {
    /// `2021` or `2021-06`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.month {
            None => write!(f, "{:04}", self.year),
            Some(month) => write!(f, "{:04}-{month:02}", self.year),
        }
    }
}

impl FromStr for PeriodKey {
    type Err = String;

    /// Parses `2021` or `2021-06`.
    fn from_str(s: &str) -> Result<PeriodKey, String> {
        let bad = || format!("{s:?} is not a period (YYYY or YYYY-MM)");
        let (year, month) = match s.split_once('-') {
            Some((year, month)) if month.len() == 2 => {
                let month: u8 = month.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(bad());
                }
                (year, Some(month))
            }
            Some(_) => return Err(bad()),
            None => (s, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(PeriodKey {
            year: year.parse().map_err(|_| bad())?,
            month,
        })
    }
}

impl Serialize for PeriodKey {
    /// `2021` or `2021-06`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PeriodKey {
    /// `2021` or `2021-06`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PeriodKey, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What to count.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TrendRequest {
    /// The queries, counted separately.
    pub queries: Vec<QuerySpec>,
    /// Years or months.
    pub by: Period,
}

impl TrendRequest {
    /// Counts of each of `queries` (each a [`QuerySpec`] or just the query text) per year.
    pub fn new<S: Into<QuerySpec>>(queries: impl IntoIterator<Item = S>) -> TrendRequest {
        TrendRequest {
            queries: queries.into_iter().map(Into::into).collect(),
            by: Period::Year,
        }
    }

    /// Sets the period length.
    pub fn by(mut self, by: Period) -> TrendRequest {
        self.by = by;
        self
    }

    /// The dates any query covers: the period totals are counted over them.
    fn dates(&self) -> DateRange {
        let mut all = self.queries.iter().map(|spec| spec.dates);
        let Some(first) = all.next() else {
            return DateRange::ALL;
        };
        all.fold(first, |hull, dates| DateRange {
            from: hull.from.zip(dates.from).map(|(a, b)| a.min(b)),
            to: hull.to.zip(dates.to).map(|(a, b)| a.max(b)),
        })
    }
}

/// Counts of one query in one period.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct TrendCount {
    /// Documents matching the query.
    pub documents: u64,
    /// Stories among those documents: a text and its republications count once (see
    /// [`tracuu_indexer::story`]).
    pub stories: u64,
    /// Occurrences of the query in those documents' body text.
    pub occurrences: u64,
    /// Matching documents per 1,000 articles of the period (`None` when it has no articles).
    pub per_thousand: Option<f64>,
}

/// A period and the number of articles of the index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodTotal {
    /// The period.
    pub period: PeriodKey,
    /// Articles dated in it.
    pub articles: u64,
}

/// The counts of one query.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TrendSeries {
    /// The query as given.
    pub query: String,
    /// The accented reading chosen for accent-free query words, if any.
    pub reading: Option<String>,
    /// One count per period of [`Trend::periods`], in the same order.
    pub counts: Vec<TrendCount>,
    /// Counts over undated documents.
    pub undated: TrendCount,
    /// Counts over all documents.
    pub total: TrendCount,
}

/// Counts of several queries per period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Trend {
    /// Years or months.
    pub by: Period,
    /// The periods, in order and without gaps, with the articles of each.
    pub periods: Vec<PeriodTotal>,
    /// Undated articles in the index (0 when the request has a date range).
    pub undated_articles: u64,
    /// Articles in all (dated and undated, within the date range).
    pub total_articles: u64,
    /// One series per query, in request order.
    pub series: Vec<TrendSeries>,
}

/// One query in one period (or undated): the record of `tracuu trend --json` and `--csv`.
///
/// In JSON lines the undated period is `null`; in CSV ([`TrendRow::csv`]) it is `undated`, and
/// `per_thousand` has four decimals. Both forms deserialise into this type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TrendRow {
    /// The query as given.
    pub query: String,
    /// The period, `None` for undated documents.
    #[serde(deserialize_with = "period_or_undated")]
    pub period: Option<PeriodKey>,
    /// Documents matching the query in the period.
    pub documents: u64,
    /// Stories among them (a text and its republications count once).
    pub stories: u64,
    /// Occurrences of the query in their body text.
    pub occurrences: u64,
    /// Articles of the index in the period.
    pub articles: u64,
    /// Matching documents per 1,000 articles (`None` when the period has no articles).
    pub per_thousand: Option<f64>,
}

/// The undated period as written in CSV.
const UNDATED: &str = "undated";

fn period_or_undated<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PeriodKey>, D::Error> {
    match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) if text == UNDATED => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl TrendRow {
    fn new(
        series: &TrendSeries,
        period: Option<PeriodKey>,
        articles: u64,
        count: TrendCount,
    ) -> TrendRow {
        TrendRow {
            query: series.query.clone(),
            period,
            documents: count.documents,
            stories: count.stories,
            occurrences: count.occurrences,
            articles,
            per_thousand: count.per_thousand,
        }
    }

    /// The row as written in CSV: the same fields, the undated period as `undated` and
    /// `per_thousand` with four decimals (empty when the period has no articles).
    pub fn csv(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Csv<'a> {
            query: &'a str,
            period: String,
            documents: u64,
            stories: u64,
            occurrences: u64,
            articles: u64,
            per_thousand: String,
        }
        Csv {
            query: &self.query,
            period: self
                .period
                .map_or_else(|| UNDATED.to_string(), |p| p.to_string()),
            documents: self.documents,
            stories: self.stories,
            occurrences: self.occurrences,
            articles: self.articles,
            per_thousand: self
                .per_thousand
                .map(|v| format!("{v:.4}"))
                .unwrap_or_default(),
        }
    }
}

impl Trend {
    /// One row per query and period: every query's periods in order, then its undated row when
    /// the index has undated articles or the query matched undated documents.
    pub fn rows(&self) -> Vec<TrendRow> {
        let mut rows = Vec::new();
        for series in &self.series {
            for (period, count) in self.periods.iter().zip(&series.counts) {
                rows.push(TrendRow::new(
                    series,
                    Some(period.period),
                    period.articles,
                    *count,
                ));
            }
            if self.undated_articles > 0 || series.undated.documents > 0 {
                rows.push(TrendRow::new(
                    series,
                    None,
                    self.undated_articles,
                    series.undated,
                ));
            }
        }
        rows
    }
}

/// Counts each query's documents, stories and occurrences per period (see the
/// [module docs](crate::trend)).
///
/// # Errors
/// An invalid query, or the index failing to read.
pub fn trend(searcher: &Searcher, request: &TrendRequest) -> Result<Trend, Error> {
    let by = request.by;
    let mut totals: BTreeMap<PeriodKey, u64> = BTreeMap::new();
    let mut undated_articles = 0;
    let every = searcher.every_document(&request.dates());
    for doc in searcher.matching_documents(&every, false)? {
        match doc.date() {
            Some(date) => *totals.entry(PeriodKey::of(date, by)).or_default() += 1,
            None => undated_articles += 1,
        }
    }
    let periods: Vec<PeriodTotal> = match (totals.keys().next(), totals.keys().next_back()) {
        (Some(&first), Some(&last)) => {
            let mut all = Vec::new();
            let mut period = first;
            while period <= last {
                all.push(PeriodTotal {
                    period,
                    articles: totals.get(&period).copied().unwrap_or(0),
                });
                period = period.next();
            }
            all
        }
        _ => Vec::new(),
    };
    let total_articles = periods.iter().map(|p| p.articles).sum::<u64>() + undated_articles;
    let series = request
        .queries
        .iter()
        .map(|spec| {
            series(
                searcher,
                spec,
                by,
                &periods,
                undated_articles,
                total_articles,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Trend {
        by,
        periods,
        undated_articles,
        total_articles,
        series,
    })
}

fn series(
    searcher: &Searcher,
    spec: &QuerySpec,
    by: Period,
    periods: &[PeriodTotal],
    undated_articles: u64,
    total_articles: u64,
) -> Result<TrendSeries, Error> {
    let prepared = searcher.prepare(spec)?;
    let finder = Finder::new(prepared.matcher());
    let docs = searcher.matching_documents(&prepared, false)?;
    let occurrences =
        searcher.read_documents(&docs, |_, doc| finder.find(doc.body(), 0).1.len() as u64)?;
    let mut counter = PeriodCounter::new(by);
    for (doc, occurrences) in docs.iter().zip(occurrences) {
        counter.add(doc.date(), doc.story(), occurrences);
    }
    let count = |tally: &Tally, articles: u64| {
        let documents = tally.matched.documents();
        TrendCount {
            documents,
            stories: tally.matched.stories(),
            occurrences: tally.occurrences,
            per_thousand: (articles > 0).then(|| documents as f64 * 1000.0 / articles as f64),
        }
    };
    let counts = periods
        .iter()
        .map(|p| {
            count(
                counter
                    .by_period
                    .get(&p.period)
                    .unwrap_or(&Tally::default()),
                p.articles,
            )
        })
        .collect();
    let mut all = Tally::default();
    for tally in counter.by_period.values().chain([&counter.undated]) {
        all.matched.merge(&tally.matched);
        all.occurrences += tally.occurrences;
    }
    Ok(TrendSeries {
        query: spec.query.clone(),
        reading: prepared.reading().map(str::to_string),
        counts,
        undated: count(&counter.undated, undated_articles),
        total: count(&all, total_articles),
    })
}

/// Matching documents, their stories and occurrences.
#[derive(Default)]
struct Tally {
    matched: StoryTally,
    occurrences: u64,
}

/// A [`Tally`] per period, and one for undated documents.
struct PeriodCounter {
    by: Period,
    by_period: BTreeMap<PeriodKey, Tally>,
    undated: Tally,
}

impl PeriodCounter {
    fn new(by: Period) -> PeriodCounter {
        PeriodCounter {
            by,
            by_period: BTreeMap::new(),
            undated: Tally::default(),
        }
    }

    fn add(&mut self, date: Option<Date>, story: Option<u64>, occurrences: u64) {
        let tally = match date {
            Some(date) => self
                .by_period
                .entry(PeriodKey::of(date, self.by))
                .or_default(),
            None => &mut self.undated,
        };
        tally.matched.add(story);
        tally.occurrences += occurrences;
    }
}

#[cfg(test)]
mod tests {
    use tracuu_query::date_filter::parse_from_to;

    use super::*;
    use crate::kwic::{kwic, KwicRequest};

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    fn docs_occ(counts: &[TrendCount]) -> Vec<(u64, u64)> {
        counts
            .iter()
            .map(|c| (c.documents, c.occurrences))
            .collect()
    }

    #[test]
    fn counts_documents_and_phrase_occurrences_per_year() {
        let searcher = searcher();
        let trend = trend(
            &searcher,
            &TrendRequest::new(["\"tham nhũng\"", "\"lãng phí\"", "\"đảng viên\""]),
        )
        .unwrap();
        let periods: Vec<(String, u64)> = trend
            .periods
            .iter()
            .map(|p| (p.period.to_string(), p.articles))
            .collect();
        assert_eq!(periods, [("2020".to_string(), 3), ("2021".to_string(), 2)]);
        assert_eq!(trend.undated_articles, 1);
        assert_eq!(trend.total_articles, 6);

        let corruption = &trend.series[0];
        // a1 twice and a2 (NFD) in 2020; a4 in 2021 (its title's match is not counted).
        assert_eq!(docs_occ(&corruption.counts), [(2, 3), (1, 1)]);
        assert_eq!(corruption.counts[0].per_thousand, Some(2000.0 / 3.0));
        assert_eq!(corruption.counts[1].per_thousand, Some(500.0));
        assert_eq!(
            (corruption.total.documents, corruption.total.occurrences),
            (3, 4)
        );
        assert_eq!(corruption.total.per_thousand, Some(500.0));

        let waste = &trend.series[1];
        assert_eq!(docs_occ(&waste.counts), [(1, 1), (0, 0)]);
        assert_eq!(waste.counts[1].per_thousand, Some(0.0));
        assert_eq!((waste.undated.documents, waste.undated.occurrences), (1, 2));
        assert_eq!(waste.undated.per_thousand, Some(1000.0));

        // a4's `đảng bộ và các viên chức` is not the phrase.
        assert_eq!(docs_occ(&trend.series[2].counts), [(2, 3), (0, 0)]);
    }

    #[test]
    fn occurrences_are_the_lines_of_the_concordance() {
        let searcher = searcher();
        for query in ["\"tham nhũng\"", "dang vien", "ủy", "lãng OR nắng"] {
            let trend = trend(&searcher, &TrendRequest::new([query])).unwrap();
            let kwic = kwic(&searcher, &KwicRequest::new(query)).unwrap();
            assert_eq!(
                trend.series[0].total.occurrences,
                kwic.occurrences.unwrap() as u64,
                "{query}"
            );
            assert_eq!(trend.series[0].total.documents, kwic.documents as u64);
        }
    }

    #[test]
    fn months_run_without_gaps() {
        let searcher = searcher();
        let trend = trend(
            &searcher,
            &TrendRequest::new(["\"tham nhũng\""]).by(Period::Month),
        )
        .unwrap();
        let first = trend.periods.first().unwrap();
        let last = trend.periods.last().unwrap();
        assert_eq!(first.period.to_string(), "2020-03");
        assert_eq!(last.period.to_string(), "2021-05");
        assert_eq!(trend.periods.len(), 10 + 5);
        let april = &trend.periods[1];
        assert_eq!(
            (april.period.to_string(), april.articles),
            ("2020-04".to_string(), 0)
        );
        assert_eq!(trend.series[0].counts[1].per_thousand, None);
        assert_eq!(trend.series[0].counts[0].documents, 1);
    }

    #[test]
    fn a_date_range_limits_documents_and_totals() {
        let searcher = searcher();
        let dates = parse_from_to(Some("2021"), None).unwrap();
        let trend = trend(
            &searcher,
            &TrendRequest::new([QuerySpec::new("\"tham nhũng\"").dates(dates)]),
        )
        .unwrap();
        assert_eq!(trend.periods.len(), 1);
        assert_eq!(trend.periods[0].articles, 2);
        assert_eq!(trend.undated_articles, 0);
        assert_eq!(docs_occ(&trend.series[0].counts), [(1, 1)]);
    }

    #[test]
    fn rows_in_json_and_csv() {
        let trend = trend(&searcher(), &TrendRequest::new(["\"lãng phí\""])).unwrap();
        let rows = trend.rows();
        assert_eq!(rows.len(), 3, "2020, 2021 and the undated row");
        assert_eq!(
            serde_json::to_string(&rows[2]).unwrap(),
            concat!(
                r#"{"query":"\"lãng phí\"","period":null,"documents":1,"stories":1,"#,
                r#""occurrences":2,"#,
                r#""articles":1,"per_thousand":1000.0}"#
            )
        );
        for row in &rows {
            let json = serde_json::to_string(row).unwrap();
            assert_eq!(&serde_json::from_str::<TrendRow>(&json).unwrap(), row);
        }
        let mut csv = csv::Writer::from_writer(Vec::new());
        for row in &rows {
            csv.serialize(row.csv()).unwrap();
        }
        let csv = String::from_utf8(csv.into_inner().unwrap()).unwrap();
        assert_eq!(
            csv.lines().collect::<Vec<_>>(),
            [
                "query,period,documents,stories,occurrences,articles,per_thousand",
                "\"\"\"lãng phí\"\"\",2020,1,1,1,3,333.3333",
                "\"\"\"lãng phí\"\"\",2021,0,0,0,2,0.0000",
                "\"\"\"lãng phí\"\"\",undated,1,1,2,1,1000.0000",
            ]
        );
        let read: Vec<TrendRow> = csv::Reader::from_reader(csv.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(read.len(), rows.len());
        assert_eq!(read[2], rows[2], "the CSV form reads back");
        assert_eq!(read[0].period, rows[0].period);
    }

    #[test]
    fn period_keys() {
        let key = PeriodKey::of(Date::new(2020, 12, 31).unwrap(), Period::Month);
        assert_eq!(key.to_string(), "2020-12");
        assert_eq!(key.next().to_string(), "2021-01");
        let year = PeriodKey::of(Date::new(2020, 12, 31).unwrap(), Period::Year);
        assert_eq!(year.next().to_string(), "2021");
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"2020-12\"");
        assert_eq!("2020-12".parse::<PeriodKey>(), Ok(key));
        assert_eq!("2020".parse::<PeriodKey>(), Ok(year));
        for bad in ["2020-13", "2020-1", "20", "undated", "2020-12-31"] {
            assert!(bad.parse::<PeriodKey>().is_err(), "{bad}");
        }
    }
}
