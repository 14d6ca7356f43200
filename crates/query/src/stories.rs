//! Stories at search time: one hit per story, the other members of a story, and how many
//! stories a query matches (see [`tracuu_indexer::story`] for how documents are grouped).

use std::collections::HashMap;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, DocId, Order, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};
use tracuu_indexer::{Date, Fields};

/// Members of a story listed at most with a hit (a story is rarely republished that often).
pub const MAX_COPIES_LISTED: usize = 1_000;

/// Another publication of a hit's story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Copy {
    /// Its id.
    pub id: String,
    /// Its source.
    pub source: Option<String>,
    /// Its date.
    pub date: Option<Date>,
}

/// A story id as text, as JSON shows it: 16 hexadecimal digits (a JSON number would lose
/// digits in most JSON readers).
pub fn story_text(story: u64) -> String {
    format!("{story:016x}")
}

/// Serde of a story id as [`story_text`].
pub(crate) mod story_hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(story: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::story_text(*story))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let text = String::deserialize(d)?;
        u64::from_str_radix(&text, 16).map_err(serde::de::Error::custom)
    }
}

/// The story column of each segment, read as needed.
pub(crate) struct StoryColumns<'a> {
    searcher: &'a tantivy::Searcher,
    columns: Vec<Option<SegmentColumns>>,
}

/// The columns of one segment that say a document's story and its place in it.
struct SegmentColumns {
    story: Column<u64>,
    date: Column<i64>,
    sequence: Column<u64>,
}

impl<'a> StoryColumns<'a> {
    pub(crate) fn new(searcher: &'a tantivy::Searcher) -> StoryColumns<'a> {
        StoryColumns {
            searcher,
            columns: (0..searcher.segment_readers().len())
                .map(|_| None)
                .collect(),
        }
    }

    fn segment(&mut self, address: DocAddress) -> tantivy::Result<&SegmentColumns> {
        let slot = &mut self.columns[address.segment_ord as usize];
        if slot.is_none() {
            let fast = self
                .searcher
                .segment_reader(address.segment_ord)
                .fast_fields();
            *slot = Some(SegmentColumns {
                story: fast.u64(Fields::STORY_NAME)?,
                date: fast.i64(Fields::DATE_NAME)?,
                sequence: fast.u64(Fields::SEQUENCE_NAME)?,
            });
        }
        Ok(slot.as_ref().expect("filled above"))
    }

    /// The story of the document at `address` (`None` if it has none).
    pub(crate) fn story(&mut self, address: DocAddress) -> tantivy::Result<Option<u64>> {
        Ok(self.segment(address)?.story.first(address.doc_id))
    }

    /// Where the document at `address` comes in its story: earliest dated first (undated
    /// last), then first indexed.
    fn place(&mut self, address: DocAddress) -> tantivy::Result<(bool, i64, u64)> {
        let columns = self.segment(address)?;
        let date = columns.date.first(address.doc_id);
        let sequence = columns.sequence.first(address.doc_id).unwrap_or(u64::MAX);
        Ok((date.is_none(), date.unwrap_or(i64::MAX), sequence))
    }
}

/// The best of `ranked` in each story, in the same order; of members ranked equal (copies
/// score alike), the story's original: earliest dated, then first indexed.
pub(crate) fn collapse<T: PartialEq>(
    searcher: &tantivy::Searcher,
    ranked: Vec<(T, DocAddress)>,
) -> tantivy::Result<Vec<(T, DocAddress)>> {
    let mut columns = StoryColumns::new(searcher);
    let mut kept_of_story: HashMap<u64, usize> = HashMap::new();
    let mut kept: Vec<(T, DocAddress)> = Vec::with_capacity(ranked.len());
    for (score, address) in ranked {
        let Some(story) = columns.story(address)? else {
            kept.push((score, address));
            continue;
        };
        match kept_of_story.get(&story) {
            None => {
                kept_of_story.insert(story, kept.len());
                kept.push((score, address));
            }
            Some(&at) if kept[at].0 == score => {
                if columns.place(address)? < columns.place(kept[at].1)? {
                    kept[at].1 = address;
                }
            }
            Some(_) => {}
        }
    }
    Ok(kept)
}

/// The members of `story` but the document `except` (an id), by date (undated last), then in the order indexed; at
/// most [`MAX_COPIES_LISTED`].
pub(crate) fn copies(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    story: u64,
    except: &str,
) -> tantivy::Result<Vec<Copy>> {
    let term = Term::from_field_u64(fields.story, story);
    // Most stories have one publication: a look at the term's document frequency (deleted
    // documents included) spares them a search.
    if searcher.doc_freq(&term)? <= 1 {
        return Ok(Vec::new());
    }
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    let members = members(searcher, &query, MAX_COPIES_LISTED + 1)?;
    Ok(members
        .into_iter()
        .filter(|m| m.id != except)
        .take(MAX_COPIES_LISTED)
        .map(|m| Copy {
            id: m.id,
            source: m.source,
            date: m.date,
        })
        .collect())
}

/// A document of a story, with what tells it from the story's other members.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StoryMember {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its body.
    pub body: String,
    /// Its source.
    pub source: Option<String>,
    /// Its date.
    pub date: Option<Date>,
}

/// The story of the document with id `id`, if there is such a document.
pub(crate) fn story_of(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    id: &str,
) -> tantivy::Result<Option<u64>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let mut columns = StoryColumns::new(searcher);
    match found.first() {
        Some((_, address)) => columns.story(*address),
        None => Ok(None),
    }
}

/// The members of `story`, its original first (the earliest dated, then the first indexed),
/// at most `limit`, with their stored text.
pub(crate) fn story_members(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    story: u64,
    limit: usize,
) -> tantivy::Result<Vec<StoryMember>> {
    let query = TermQuery::new(
        Term::from_field_u64(fields.story, story),
        IndexRecordOption::Basic,
    );
    members(searcher, &query, limit)?
        .into_iter()
        .map(|m| {
            let doc: TantivyDocument = searcher.doc(m.address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            Ok(StoryMember {
                title: text(fields.title),
                body: text(fields.body),
                id: m.id,
                source: m.source,
                date: m.date,
            })
        })
        .collect()
}

/// A document of a story, read from the fast fields.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) address: DocAddress,
    pub(crate) id: String,
    pub(crate) source: Option<String>,
    pub(crate) date: Option<Date>,
    pub(crate) sequence: u64,
}

/// The first `limit` documents `query` matches in the order indexed, sorted by date (undated
/// last), then in the order indexed.
pub(crate) fn members(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    limit: usize,
) -> tantivy::Result<Vec<Member>> {
    let first = TopDocs::with_limit(limit.max(1))
        .order_by_fast_field::<u64>(Fields::SEQUENCE_NAME, Order::Asc);
    let found = searcher.search(query, &first)?;
    let mut members = Vec::with_capacity(found.len());
    for (sequence, address) in found {
        let fast = searcher.segment_reader(address.segment_ord).fast_fields();
        let doc = address.doc_id;
        let text = |name: &str| -> tantivy::Result<Option<String>> {
            let Some(column) = fast.str(name)? else {
                return Ok(None);
            };
            let Some(ord) = column.term_ords(doc).next() else {
                return Ok(None);
            };
            let mut text = String::new();
            column.ord_to_str(ord, &mut text)?;
            Ok(Some(text))
        };
        let date = fast
            .i64(Fields::DATE_NAME)?
            .first(doc)
            .and_then(Date::from_days);
        members.push(Member {
            address,
            id: text(Fields::ID_NAME)?.unwrap_or_default(),
            source: text(Fields::SOURCE_NAME)?,
            date,
            sequence: sequence.unwrap_or(u64::MAX),
        });
    }
    members.sort_by_key(|m| (m.date.is_none(), m.date, m.sequence));
    Ok(members)
}

/// Where a document stands in its story, read from the fast fields (see
/// [`Searcher::publications`](crate::Searcher::publications)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Publication {
    /// Its story (`None` for none: a document of no index written by this tracuu).
    pub story: Option<u64>,
    /// Its source.
    pub source: Option<String>,
    /// Its date.
    pub date: Option<Date>,
    /// Its place in the order documents were first indexed.
    pub sequence: u64,
}

/// Every document `query` matches as a [`Publication`].
pub(crate) fn publications(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
) -> tantivy::Result<Vec<Publication>> {
    let mut all = Vec::new();
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        searcher,
    ))?;
    for reader in searcher.segment_readers() {
        let fast = reader.fast_fields();
        let stories = fast.u64(Fields::STORY_NAME)?;
        let sequences = fast.u64(Fields::SEQUENCE_NAME)?;
        let dates = fast.i64(Fields::DATE_NAME)?;
        let sources = fast.str(Fields::SOURCE_NAME)?;
        let mut source = String::new();
        let mut docs = Vec::new();
        weight.for_each_no_score(reader, &mut |found| docs.extend_from_slice(found))?;
        for doc in docs {
            let alive = reader
                .alive_bitset()
                .is_none_or(|alive| alive.is_alive(doc));
            if !alive {
                continue;
            }
            let name = match sources.as_ref().and_then(|c| c.term_ords(doc).next()) {
                Some(term) => {
                    source.clear();
                    sources
                        .as_ref()
                        .expect("a column")
                        .ord_to_str(term, &mut source)?;
                    Some(source.clone())
                }
                None => None,
            };
            all.push(Publication {
                story: stories.first(doc),
                source: name,
                date: dates.first(doc).and_then(Date::from_days),
                sequence: sequences.first(doc).unwrap_or(u64::MAX),
            });
        }
    }
    Ok(all)
}

/// Documents, and the distinct stories among them (a document of an index written before
/// stories counts as a story of its own).
///
/// The story of each document is kept as it comes and the distinct ones are counted once, when
/// asked, in a set sized for them: a broad query matches hundreds of thousands of documents in
/// nearly as many stories, and a set grown as they come (per segment, then their union) costs
/// several times more (see benches/README.md, "A whole `tracuu search` at a million articles").
#[derive(Debug, Clone, Default)]
pub struct StoryTally {
    documents: u64,
    story_ids: Vec<u64>,
    without_story: u64,
}

impl StoryTally {
    /// Counts one document of `story`.
    pub fn add(&mut self, story: Option<u64>) {
        self.documents += 1;
        match story {
            Some(story) => self.story_ids.push(story),
            None => self.without_story += 1,
        }
    }

    /// Counts the documents of `other` too.
    pub fn merge(&mut self, other: &StoryTally) {
        self.documents += other.documents;
        self.story_ids.extend_from_slice(&other.story_ids);
        self.without_story += other.without_story;
    }

    /// The documents counted.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The distinct stories among them (counted on each call).
    pub fn stories(&self) -> u64 {
        let mut distinct: FxHashSet<u64> =
            FxHashSet::with_capacity_and_hasher(self.story_ids.len(), Default::default());
        distinct.extend(&self.story_ids);
        distinct.len() as u64 + self.without_story
    }
}

/// Counts the matching documents and the distinct stories among them.
pub(crate) struct StoryCount;

/// The stories of one segment's matches.
pub(crate) struct SegmentStories {
    column: Option<Column<u64>>,
    tally: StoryTally,
}

impl Collector for StoryCount {
    type Fruit = StoryTally;
    type Child = SegmentStories;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentStories> {
        Ok(SegmentStories {
            column: reader.fast_fields().column_opt::<u64>(Fields::STORY_NAME)?,
            tally: StoryTally::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<StoryTally>) -> tantivy::Result<StoryTally> {
        let mut all = StoryTally::default();
        for tally in &fruits {
            all.merge(tally);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentStories {
    type Fruit = StoryTally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.tally
            .add(self.column.as_ref().and_then(|c| c.first(doc)));
    }

    fn harvest(self) -> StoryTally {
        self.tally
    }
}

#[cfg(test)]
mod tests {
    use super::StoryTally;

    #[test]
    fn a_story_met_in_several_tallies_counts_once() {
        let mut first = StoryTally::default();
        for story in [7, 9, 7, 11] {
            first.add(Some(story));
        }
        first.add(None);
        let mut second = StoryTally::default();
        for story in [9, 13] {
            second.add(Some(story));
        }
        second.add(None);
        first.merge(&second);
        assert_eq!(first.documents(), 8);
        // 7, 9, 11 and 13, and each document without a story.
        assert_eq!(first.stories(), 6);
        assert_eq!(second.stories(), 3);
    }
}
