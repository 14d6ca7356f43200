//! Facets: how many matching documents, and how many stories among them, have each source or
//! each publication year.
//!
//! Counts come from the `source` (string) and `date` (days since 1970-01-01) fast fields through
//! a tantivy [`Collector`], so they cover every matching document, not only a page of hits, and
//! cost no stored-document reads.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};
use tracuu_indexer::{Date, Fields};

use crate::StoryTally;

/// A field documents can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    /// The source (publisher) name, as written.
    Source,
    /// The year of publication.
    Year,
}

impl FacetField {
    /// Every facet field, in display order.
    pub const ALL: [FacetField; 2] = [FacetField::Source, FacetField::Year];

    /// The field's name on the command line and in JSON (`source`, `year`).
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Source => "source",
            FacetField::Year => "year",
        }
    }
}

impl fmt::Display for FacetField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FacetField {
    type Err = String;

    /// Parses `source` or `year`.
    fn from_str(s: &str) -> Result<FacetField, String> {
        FacetField::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown facet {s:?} (expected `source` or `year`)"))
    }
}

/// One value of a facet field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FacetValue {
    /// A source name.
    Text(String),
    /// A year.
    Year(u16),
}

impl fmt::Display for FacetValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FacetValue::Text(text) => f.write_str(text),
            FacetValue::Year(year) => write!(f, "{year}"),
        }
    }
}

/// How many documents have one value: `{"value","count","stories"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// The value.
    pub value: FacetValue,
    /// Documents with this value.
    pub count: u64,
    /// Stories among them: a text and its republications count once.
    pub stories: u64,
}

/// The counts of one facet field over a set of documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facet {
    /// The field counted.
    pub field: FacetField,
    /// Counts per value: sources by decreasing count (then name), years in increasing order.
    /// Values no document has are left out.
    pub counts: Vec<FacetCount>,
    /// Documents without a value (no source, or undated).
    pub missing: u64,
    /// Stories among the documents without a value.
    pub missing_stories: u64,
}

impl Facet {
    /// Documents counted in all, with or without a value.
    pub fn total(&self) -> u64 {
        self.counts.iter().map(|c| c.count).sum::<u64>() + self.missing
    }

    /// Whether some value has fewer stories than documents (republications among them).
    pub fn has_copies(&self) -> bool {
        self.missing_stories != self.missing || self.counts.iter().any(|c| c.stories != c.count)
    }
}

/// The facet counts of a search as one record, the last line of `tracuu search --json --facet`:
/// `{"type":"facets","facets":{"source":[{"value","count","stories"}],"year":[...]}}`, the
/// documents without a value counted last, as `"value": null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "facets")]
pub struct FacetsLine {
    /// The counts of each field, by field name.
    pub facets: BTreeMap<FacetField, Vec<FacetsLineCount>>,
}

/// How many documents have one value (`None`: no value) in a [`FacetsLine`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetsLineCount {
    /// The value, `null` for the documents without one.
    pub value: Option<FacetValue>,
    /// Documents with this value.
    pub count: u64,
    /// Stories among them.
    pub stories: u64,
}

impl FacetsLine {
    /// The record of `facets`.
    pub fn new(facets: &[Facet]) -> FacetsLine {
        let facets = facets
            .iter()
            .map(|facet| {
                let mut counts: Vec<FacetsLineCount> = facet
                    .counts
                    .iter()
                    .map(|c| FacetsLineCount {
                        value: Some(c.value.clone()),
                        count: c.count,
                        stories: c.stories,
                    })
                    .collect();
                if facet.missing > 0 {
                    counts.push(FacetsLineCount {
                        value: None,
                        count: facet.missing,
                        stories: facet.missing_stories,
                    });
                }
                (facet.field, counts)
            })
            .collect();
        FacetsLine { facets }
    }
}

/// Counts matching documents, and their stories, per value of some [`FacetField`]s.
///
/// Its fruit has one [`Facet`] per distinct field asked for, in the order first asked.
#[derive(Debug, Clone, Default)]
pub(crate) struct FacetCollector {
    fields: Vec<FacetField>,
}

impl FacetCollector {
    /// A collector counting by each of `fields` (repeated fields are counted once).
    pub(crate) fn new(fields: &[FacetField]) -> FacetCollector {
        let mut unique = Vec::new();
        for &field in fields {
            if !unique.contains(&field) {
                unique.push(field);
            }
        }
        FacetCollector { fields: unique }
    }
}

/// Counts of one segment, before value names are merged across segments.
pub(crate) struct FacetSegmentCollector {
    stories: Option<Column<u64>>,
    sources: Option<SourceCounter>,
    years: Option<YearCounter>,
}

struct SourceCounter {
    column: Option<StrColumn>,
    by_ord: Vec<StoryTally>,
    missing: StoryTally,
}

struct YearCounter {
    column: Option<Column<i64>>,
    years: YearCache,
    by_year: BTreeMap<u16, StoryTally>,
    missing: StoryTally,
}

/// The counts of one segment: per value, and for documents without one.
#[derive(Debug, Default)]
pub(crate) struct SegmentFacets {
    sources: Option<(HashMap<String, StoryTally>, StoryTally)>,
    years: Option<(BTreeMap<u16, StoryTally>, StoryTally)>,
}

impl Collector for FacetCollector {
    type Fruit = Vec<Facet>;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = segment.fast_fields();
        let sources = if self.fields.contains(&FacetField::Source) {
            let column = fast.str(Fields::SOURCE_NAME)?;
            let terms = column.as_ref().map_or(0, |c| c.num_terms());
            Some(SourceCounter {
                column,
                by_ord: vec![StoryTally::default(); terms],
                missing: StoryTally::default(),
            })
        } else {
            None
        };
        let years = if self.fields.contains(&FacetField::Year) {
            Some(YearCounter {
                column: fast.column_opt::<i64>(Fields::DATE_NAME)?,
                years: YearCache::default(),
                by_year: BTreeMap::new(),
                missing: StoryTally::default(),
            })
        } else {
            None
        };
        Ok(FacetSegmentCollector {
            stories: fast.column_opt::<u64>(Fields::STORY_NAME)?,
            sources,
            years,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentFacets>) -> tantivy::Result<Vec<Facet>> {
        let mut sources: HashMap<String, StoryTally> = HashMap::new();
        let mut years: BTreeMap<u16, StoryTally> = BTreeMap::new();
        let (mut no_source, mut undated) = (StoryTally::default(), StoryTally::default());
        for segment in segments {
            if let Some((counts, missing)) = segment.sources {
                for (value, tally) in counts {
                    sources.entry(value).or_default().merge(&tally);
                }
                no_source.merge(&missing);
            }
            if let Some((counts, missing)) = segment.years {
                for (year, tally) in counts {
                    years.entry(year).or_default().merge(&tally);
                }
                undated.merge(&missing);
            }
        }
        let count = |value: FacetValue, tally: &StoryTally| FacetCount {
            value,
            count: tally.documents(),
            stories: tally.stories(),
        };
        let mut facets = Vec::with_capacity(self.fields.len());
        for &field in &self.fields {
            let (mut counts, missing): (Vec<FacetCount>, &StoryTally) = match field {
                FacetField::Source => (
                    sources
                        .iter()
                        .map(|(value, tally)| count(FacetValue::Text(value.clone()), tally))
                        .collect(),
                    &no_source,
                ),
                FacetField::Year => (
                    years
                        .iter()
                        .map(|(&year, tally)| count(FacetValue::Year(year), tally))
                        .collect(),
                    &undated,
                ),
            };
            if field == FacetField::Source {
                counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            }
            facets.push(Facet {
                field,
                counts,
                missing: missing.documents(),
                missing_stories: missing.stories(),
            });
        }
        Ok(facets)
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentFacets;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let story = self.stories.as_ref().and_then(|c| c.first(doc));
        if let Some(sources) = &mut self.sources {
            match sources
                .column
                .as_ref()
                .and_then(|c| c.term_ords(doc).next())
            {
                Some(ord) => sources.by_ord[ord as usize].add(story),
                None => sources.missing.add(story),
            }
        }
        if let Some(years) = &mut self.years {
            match years
                .column
                .as_ref()
                .and_then(|c| c.first(doc))
                .and_then(|days| years.years.year(days))
            {
                Some(year) => years.by_year.entry(year).or_default().add(story),
                None => years.missing.add(story),
            }
        }
    }

    fn harvest(self) -> SegmentFacets {
        let sources = self.sources.map(|counter| {
            let mut by_name: HashMap<String, StoryTally> = HashMap::new();
            if let Some(column) = &counter.column {
                let mut name = String::new();
                for (ord, tally) in counter.by_ord.iter().enumerate() {
                    if tally.documents() == 0 {
                        continue;
                    }
                    name.clear();
                    // An ord from this column always has a name; an I/O error reading the
                    // in-memory dictionary would leave the name empty, which is visible.
                    let _ = column.ord_to_str(ord as u64, &mut name);
                    by_name.entry(name.clone()).or_default().merge(tally);
                }
            }
            (by_name, counter.missing)
        });
        let years = self.years.map(|counter| (counter.by_year, counter.missing));
        SegmentFacets { sources, years }
    }
}

/// Days since 1970-01-01 to calendar years, remembering the last year's bounds so runs of
/// documents from the same year cost one comparison each.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct YearCache {
    /// Days of the last year seen: `[first, end)` and the year (end 0 when empty).
    first: i64,
    end: i64,
    year: u16,
}

impl YearCache {
    /// The year of the day `days` after 1970-01-01, or `None` outside years 1..=9999.
    pub(crate) fn year(&mut self, days: i64) -> Option<u16> {
        if days >= self.first && days < self.end {
            return Some(self.year);
        }
        let year = Date::from_days(days)?.year();
        self.first = Date::new(year, 1, 1)?.to_days();
        self.end = Date::new(year, 12, 31)?.to_days() + 1;
        self.year = year;
        Some(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateRange, SearchRequest, Searcher};

    fn searcher() -> Searcher {
        Searcher::new(tracuu_testkit::index()).unwrap()
    }

    fn facet_search(searcher: &Searcher, query: &str, fields: &[FacetField]) -> Vec<Facet> {
        searcher
            .search(&SearchRequest::new(query).facets(fields))
            .unwrap()
            .facets
    }

    fn pairs(facet: &Facet) -> Vec<(String, u64)> {
        facet
            .counts
            .iter()
            .map(|c| (c.value.to_string(), c.count))
            .collect()
    }

    #[test]
    fn counts_every_match_by_source_and_year() {
        let searcher = searcher();
        let facets = facet_search(
            &searcher,
            "\"tham nhũng\"",
            &[FacetField::Source, FacetField::Year],
        );
        assert_eq!(facets.len(), 2);
        assert_eq!(facets[0].field, FacetField::Source);
        assert_eq!(
            pairs(&facets[0]),
            [("Báo Nghệ An".to_string(), 2), ("Tuổi Trẻ".to_string(), 1)]
        );
        assert_eq!(facets[0].missing, 0);
        assert_eq!(
            pairs(&facets[1]),
            [("2020".to_string(), 2), ("2021".to_string(), 1)]
        );
        assert_eq!(facets[1].total(), 3);
    }

    #[test]
    fn counts_documents_without_a_value_as_missing() {
        let searcher = searcher();
        let facets = facet_search(&searcher, "\"lãng phí\"", &[FacetField::Year]);
        assert_eq!(pairs(&facets[0]), [("2020".to_string(), 1)]);
        assert_eq!(facets[0].missing, 1, "the undated article");
        let facets = facet_search(&searcher, "\"lãng phí\"", &[FacetField::Source]);
        assert_eq!(facets[0].missing, 1, "the article without a source");
    }

    #[test]
    fn repeated_fields_are_counted_once_and_the_page_does_not_matter() {
        let searcher = searcher();
        let facets = searcher
            .search(
                &SearchRequest::new("đảng")
                    .limit(1)
                    .unwrap()
                    .facets(&[FacetField::Year, FacetField::Year]),
            )
            .unwrap()
            .facets;
        assert_eq!(facets.len(), 1);
        assert_eq!(facets[0].total(), 3, "every article mentioning đảng");
    }

    #[test]
    fn no_facets_unless_asked() {
        let searcher = searcher();
        assert!(facet_search(&searcher, "đảng", &[]).is_empty());
    }

    #[test]
    fn counts_every_document() {
        let searcher = searcher();
        let facets = searcher
            .count_by(&searcher.every_document(&DateRange::ALL), &FacetField::ALL)
            .unwrap();
        assert_eq!(facets[0].total(), 6);
        assert_eq!(facets[1].missing, 1);
        assert_eq!("year".parse::<FacetField>(), Ok(FacetField::Year));
        assert!("author".parse::<FacetField>().is_err());
    }

    #[test]
    fn the_facets_line_lists_documents_without_a_value_last_as_null() {
        let searcher = searcher();
        let facets = searcher
            .count_by(&searcher.every_document(&DateRange::ALL), &FacetField::ALL)
            .unwrap();
        let line = FacetsLine::new(&facets);
        let json = serde_json::to_string(&line).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"type":"facets","facets":{"#,
                r#""source":[{"value":"Tuổi Trẻ","count":3,"stories":3},"#,
                r#"{"value":"Báo Nghệ An","count":2,"stories":2},"#,
                r#"{"value":null,"count":1,"stories":1}],"#,
                r#""year":[{"value":2020,"count":3,"stories":3},"#,
                r#"{"value":2021,"count":2,"stories":2},"#,
                r#"{"value":null,"count":1,"stories":1}]}}"#
            )
        );
        assert_eq!(serde_json::from_str::<FacetsLine>(&json).unwrap(), line);
    }

    #[test]
    fn year_cache_matches_the_calendar() {
        let mut cache = YearCache::default();
        for (date, year) in [
            ("2020-01-01", 2020),
            ("2020-12-31", 2020),
            ("2021-01-01", 2021),
            ("1969-12-31", 1969),
            ("2020-06-15", 2020),
        ] {
            let days = date.parse::<Date>().unwrap().to_days();
            assert_eq!(cache.year(days), Some(year), "{date}");
        }
    }
}
