//! What an index holds: documents, dates, sources, years, size on disk and last update.

use std::fmt;
use std::path::Path;

use serde::Serialize;
use tantivy::query::AllQuery;
use tracuu_indexer::{Date, Fields};

use crate::facets::{Facet, FacetCollector, FacetField};
use crate::{SearchError, Searcher};

/// A summary of an index.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct IndexStats {
    /// Documents searchable (deleted ones not counted).
    pub documents: u64,
    /// Tantivy segments.
    pub segments: usize,
    /// The earliest publication date.
    pub first_date: Option<Date>,
    /// The latest publication date.
    pub last_date: Option<Date>,
    /// Documents without a date.
    pub undated: u64,
    /// Documents per source, most frequent first; `missing` counts those without a source.
    pub sources: Facet,
    /// Documents per year, in order; `missing` counts undated documents.
    pub years: Facet,
    /// Total size of the files in the index directory, in bytes (`None` in memory).
    pub size_bytes: Option<u64>,
    /// When tracuu last committed to the index (`None` if unknown or in memory).
    pub updated_at: Option<UtcDateTime>,
}

impl Searcher {
    /// Counts what the index holds.
    ///
    /// # Errors
    /// Tantivy failing to read the index, or the index directory failing to list.
    pub fn stats(&self) -> Result<IndexStats, SearchError> {
        let searcher = self.tantivy();
        let mut facets = searcher
            .search(&AllQuery, &FacetCollector::new(&FacetField::ALL))?
            .into_iter();
        let (Some(sources), Some(years)) = (facets.next(), facets.next()) else {
            unreachable!("one facet per field asked for");
        };
        let (mut first, mut last) = (None::<i64>, None::<i64>);
        for segment in searcher.segment_readers() {
            let Some(dates) = segment.fast_fields().column_opt::<i64>(Fields::DATE_NAME)? else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                if let Some(days) = dates.first(doc) {
                    first = Some(first.map_or(days, |f| f.min(days)));
                    last = Some(last.map_or(days, |l| l.max(days)));
                }
            }
        }
        let size_bytes = match self.index().dir() {
            Some(dir) => Some(
                dir_size(dir)
                    .map_err(|source| SearchError::Index(tracuu_indexer::Error::io(dir, source)))?,
            ),
            None => None,
        };
        Ok(IndexStats {
            documents: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            first_date: first.and_then(Date::from_days),
            last_date: last.and_then(Date::from_days),
            undated: years.missing,
            sources,
            years,
            size_bytes,
            updated_at: self.index().updated_at().map(UtcDateTime::from_unix),
        })
    }
}

/// Sum of the sizes of the files under `dir`.
fn dir_size(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

/// A moment in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcDateTime {
    /// The calendar date.
    pub date: Date,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 59.
    pub second: u8,
}

impl UtcDateTime {
    /// The moment `seconds` after 1970-01-01 00:00:00 UTC (clamped to 9999-12-31 23:59:59).
    pub fn from_unix(seconds: u64) -> UtcDateTime {
        const DAY: u64 = 86_400;
        let days = i64::try_from(seconds / DAY).unwrap_or(i64::MAX);
        let Some(date) = Date::from_days(days) else {
            return UtcDateTime {
                date: Date::new(9999, 12, 31).expect("a valid date"),
                hour: 23,
                minute: 59,
                second: 59,
            };
        };
        let rest = seconds % DAY;
        UtcDateTime {
            date,
            hour: (rest / 3600) as u8,
            minute: (rest % 3600 / 60) as u8,
            second: (rest % 60) as u8,
        }
    }
}

impl fmt::Display for UtcDateTime {
    /// `2021-06-15 08:30:00 UTC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:02}:{:02}:{:02} UTC",
            self.date, self.hour, self.minute, self.second
        )
    }
}

impl Serialize for UtcDateTime {
    /// RFC 3339: `2021-06-15T08:30:00Z`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!(
            "{}T{:02}:{:02}:{:02}Z",
            self.date, self.hour, self.minute, self.second
        ))
    }
}

#[cfg(test)]
mod tests {
    use tracuu_indexer::{ArticleIndex, WriterOptions};

    use super::*;
    use crate::export::test_fixture::{articles, searcher};

    #[test]
    fn counts_documents_dates_sources_and_years() {
        let stats = searcher().stats().unwrap();
        assert_eq!(stats.documents, 6);
        assert_eq!(stats.first_date.unwrap().to_string(), "2020-03-15");
        assert_eq!(stats.last_date.unwrap().to_string(), "2021-05-05");
        assert_eq!(stats.undated, 1);
        let sources: Vec<(String, u64)> = stats
            .sources
            .counts
            .iter()
            .map(|c| (c.value.to_string(), c.count))
            .collect();
        assert_eq!(
            sources,
            [("Tuổi Trẻ".to_string(), 3), ("Báo Nghệ An".to_string(), 2)]
        );
        assert_eq!(stats.sources.missing, 1);
        let years: Vec<(String, u64)> = stats
            .years
            .counts
            .iter()
            .map(|c| (c.value.to_string(), c.count))
            .collect();
        assert_eq!(years, [("2020".to_string(), 3), ("2021".to_string(), 2)]);
        assert_eq!(stats.size_bytes, None, "in memory");
        assert_eq!(stats.updated_at, None);
    }

    #[test]
    fn measures_an_index_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let index = ArticleIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        for article in articles() {
            writer.add(&article).unwrap();
        }
        writer.commit().unwrap();
        writer.finish().unwrap();
        let stats = Searcher::new(index).unwrap().stats().unwrap();
        assert_eq!(stats.documents, 6);
        assert!(stats.size_bytes.unwrap() > 1000);
        let updated = stats.updated_at.unwrap();
        assert!(updated.date.year() >= 2024);
    }

    #[test]
    fn converts_unix_seconds_to_utc() {
        assert_eq!(
            UtcDateTime::from_unix(0).to_string(),
            "1970-01-01 00:00:00 UTC"
        );
        let moment = UtcDateTime::from_unix(1_632_817_845);
        assert_eq!(moment.to_string(), "2021-09-28 08:30:45 UTC");
        assert_eq!(
            serde_json::to_string(&moment).unwrap(),
            "\"2021-09-28T08:30:45Z\""
        );
        assert_eq!(
            UtcDateTime::from_unix(951_782_400).to_string(),
            "2000-02-29 00:00:00 UTC"
        );
        assert_eq!(UtcDateTime::from_unix(u64::MAX).date.year(), 9999);
    }
}
