//! What an index holds: documents, dates, sources, years, size on disk and last update.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tracuu_query::{Date, DateRange, FacetCount, FacetField, Publication, Searcher};

use crate::Error;

/// A summary of an index: the record of `tracuu stats --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IndexStats {
    /// The index directory as it was opened (`None` in memory).
    pub index: Option<String>,
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
    /// Documents per source, most frequent first (then by name).
    pub sources: Vec<FacetCount>,
    /// Documents without a source.
    pub no_source: u64,
    /// Documents per year, in order (undated ones are counted by `undated`).
    pub years: Vec<FacetCount>,
    /// Total size of the files in the index directory, in bytes (`None` in memory).
    pub size_bytes: Option<u64>,
    /// When tracuu last committed to the index (`None` if unknown or in memory).
    pub updated_at: Option<UtcDateTime>,
    /// Stories: texts published once or more (see `tracuu reuse`).
    pub stories: u64,
    /// Stories published more than once.
    pub stories_with_copies: u64,
    /// Documents republishing the text of a story's original (every member of a story but its
    /// original, the earliest dated, then the first indexed).
    pub copies: u64,
    /// For each source with copies, most copies first (then by name): its documents, how many
    /// are copies, and their share.
    pub republished_by_source: Vec<SourceReuse>,
}

/// How much of a source's output republishes other publications' texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SourceReuse {
    /// The source (`None`: documents without a source).
    pub source: Option<String>,
    /// Its documents.
    pub documents: u64,
    /// Those that are copies of another story member, the original.
    pub copies: u64,
    /// `copies / documents`.
    pub share: f64,
}

/// Stories, stories with copies, copies, and copies per source, of `publications`.
fn reuse_counts(publications: Vec<Publication>) -> (u64, u64, u64, Vec<SourceReuse>) {
    let mut by_story: HashMap<u64, Vec<&Publication>> = HashMap::new();
    let mut alone = 0;
    for publication in &publications {
        match publication.story {
            Some(story) => by_story.entry(story).or_default().push(publication),
            None => alone += 1,
        }
    }
    let mut documents: HashMap<Option<&str>, u64> = HashMap::new();
    for publication in &publications {
        *documents.entry(publication.source.as_deref()).or_default() += 1;
    }
    let mut copies_by_source: HashMap<Option<&str>, u64> = HashMap::new();
    let mut copies = 0;
    let mut with_copies = 0;
    for members in by_story.values().filter(|m| m.len() > 1) {
        with_copies += 1;
        let original = members
            .iter()
            .min_by_key(|p| (p.date.is_none(), p.date, p.sequence))
            .expect("a story has members");
        for member in members.iter().filter(|m| !std::ptr::eq(**m, *original)) {
            copies += 1;
            *copies_by_source
                .entry(member.source.as_deref())
                .or_default() += 1;
        }
    }
    let mut by_source: Vec<SourceReuse> = copies_by_source
        .into_iter()
        .map(|(source, copies)| {
            let documents = documents[&source];
            SourceReuse {
                source: source.map(str::to_string),
                documents,
                copies,
                share: copies as f64 / documents as f64,
            }
        })
        .collect();
    by_source.sort_by(|a, b| {
        b.copies
            .cmp(&a.copies)
            .then_with(|| a.source.cmp(&b.source))
    });
    let stories = by_story.len() as u64 + alone;
    (stories, with_copies, copies, by_source)
}

/// Counts what the index holds.
///
/// # Errors
/// The index failing to read, or the index directory failing to list.
pub fn stats(searcher: &Searcher) -> Result<IndexStats, Error> {
    let every = searcher.every_document(&DateRange::ALL);
    let mut facets = searcher
        .count_by(&every, &[FacetField::Source, FacetField::Year])?
        .into_iter();
    let (Some(sources), Some(years)) = (facets.next(), facets.next()) else {
        unreachable!("one facet per field asked for");
    };
    let dates = searcher
        .matching_documents(&every, false)?
        .into_iter()
        .filter_map(|doc| doc.date());
    let (first_date, last_date) = dates.fold((None, None), |(first, last), date| {
        (
            Some(first.map_or(date, |f: Date| f.min(date))),
            Some(last.map_or(date, |l: Date| l.max(date))),
        )
    });
    let (stories, stories_with_copies, copies, republished_by_source) =
        reuse_counts(searcher.publications(&every)?);
    let size_bytes = match searcher.index().dir() {
        Some(dir) => Some(dir_size(dir).map_err(|source| Error::io(dir, source))?),
        None => None,
    };
    Ok(IndexStats {
        index: searcher.index().dir().map(|dir| dir.display().to_string()),
        documents: searcher.num_documents(),
        segments: searcher.num_segments(),
        first_date,
        last_date,
        undated: years.missing,
        sources: sources.counts,
        no_source: sources.missing,
        years: years.counts,
        size_bytes,
        updated_at: searcher.index().updated_at().map(UtcDateTime::from_unix),
        stories,
        stories_with_copies,
        copies,
        republished_by_source,
    })
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

impl FromStr for UtcDateTime {
    type Err = String;

    /// Parses RFC 3339 in UTC to the second: `2021-06-15T08:30:00Z`.
    fn from_str(s: &str) -> Result<UtcDateTime, String> {
        let bad = || format!("{s:?} is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
        let (date, time) = s
            .strip_suffix('Z')
            .and_then(|s| s.split_once('T'))
            .ok_or_else(bad)?;
        let mut parts = time.split(':').map(|part| match part.len() {
            2 => part.parse::<u8>().ok(),
            _ => None,
        });
        let (Some(Some(hour)), Some(Some(minute)), Some(Some(second)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if hour > 23 || minute > 59 || second > 59 {
            return Err(bad());
        }
        Ok(UtcDateTime {
            date: date.parse().map_err(|_| bad())?,
            hour,
            minute,
            second,
        })
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

impl<'de> Deserialize<'de> for UtcDateTime {
    /// RFC 3339: `2021-06-15T08:30:00Z`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<UtcDateTime, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use tracuu_indexer::{ArticleIndex, WriterOptions};

    use tracuu_testkit::articles;

    use super::*;

    #[test]
    fn counts_documents_dates_sources_and_years() {
        let stats = stats(&Searcher::new(tracuu_testkit::index()).unwrap()).unwrap();
        assert_eq!(stats.documents, 6);
        assert_eq!(stats.first_date.unwrap().to_string(), "2020-03-15");
        assert_eq!(stats.last_date.unwrap().to_string(), "2021-05-05");
        assert_eq!(stats.undated, 1);
        let sources: Vec<(String, u64)> = stats
            .sources
            .iter()
            .map(|c| (c.value.to_string(), c.count))
            .collect();
        assert_eq!(
            sources,
            [("Tuổi Trẻ".to_string(), 3), ("Báo Nghệ An".to_string(), 2)]
        );
        assert_eq!(stats.no_source, 1);
        let years: Vec<(String, u64)> = stats
            .years
            .iter()
            .map(|c| (c.value.to_string(), c.count))
            .collect();
        assert_eq!(years, [("2020".to_string(), 3), ("2021".to_string(), 2)]);
        assert_eq!(stats.size_bytes, None, "in memory");
        assert_eq!(stats.updated_at, None);
        assert_eq!(stats.index, None);
    }

    #[test]
    fn the_record_has_the_documented_fields_and_reads_back() {
        let stats = stats(&Searcher::new(tracuu_testkit::index()).unwrap()).unwrap();
        let json = serde_json::to_string(&stats).unwrap();
        let expected = concat!(
            r#"{"index":null,"documents":6,"segments":SEGMENTS,"first_date":"2020-03-15","#,
            r#""last_date":"2021-05-05","undated":1,"#,
            r#""sources":[{"value":"Tuổi Trẻ","count":3,"stories":3},"#,
            r#"{"value":"Báo Nghệ An","count":2,"stories":2}],"#,
            r#""no_source":1,"years":[{"value":2020,"count":3,"stories":3},"#,
            r#"{"value":2021,"count":2,"stories":2}],"#,
            r#""size_bytes":null,"updated_at":null,"stories":6,"stories_with_copies":0,"#,
            r#""copies":0,"republished_by_source":[]}"#
        );
        assert_eq!(
            json,
            expected.replace("SEGMENTS", &stats.segments.to_string())
        );
        assert_eq!(serde_json::from_str::<IndexStats>(&json).unwrap(), stats);
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
        let stats = stats(&Searcher::new(index).unwrap()).unwrap();
        assert_eq!(stats.documents, 6);
        assert!(stats.size_bytes.unwrap() > 1000);
        let updated = stats.updated_at.unwrap();
        assert!(updated.date.year() >= 2024);
        assert_eq!(stats.index, Some(dir.path().display().to_string()));
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
        assert_eq!("2021-09-28T08:30:45Z".parse(), Ok(moment));
        for bad in [
            "2021-09-28 08:30:45Z",
            "2021-09-28T08:30:45",
            "2021-09-28T24:00:00Z",
            "2021-09-28T8:30:45Z",
        ] {
            assert!(bad.parse::<UtcDateTime>().is_err(), "{bad}");
        }
        assert_eq!(
            UtcDateTime::from_unix(951_782_400).to_string(),
            "2000-02-29 00:00:00 UTC"
        );
        assert_eq!(UtcDateTime::from_unix(u64::MAX).date.year(), 9999);
    }
}
