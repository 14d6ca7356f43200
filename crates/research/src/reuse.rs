//! Text reuse: the stories a query matches (or the story of one document), with every
//! publication and what it changed from the story's original.
//!
//! A story is the publications of one text, republished as it is or lightly edited (see
//! [`tracuu_indexer::story`]); its original is its earliest-dated member (then the first
//! indexed). Each member is compared with the original: its lag in days, the estimated
//! resemblance of the two bodies, whether the headline differs, and sentence by sentence
//! (sentences compared without case, diacritics or spacing) the share of the original's
//! sentences it keeps, and the sentences it adds and cuts.
//!
//! Cost, for a query: the stories of its matches and of the whole index are read from fast
//! fields (a few dozen bytes per document, no stored text), which finds every story with
//! copies among the matches; then the matches are ranked, [`MAX_LIMIT`] more at a time, only
//! until the stories to show are found, and only those stories' publications are read.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use tracuu_indexer::analysis::analyze;
use tracuu_indexer::story::Shingles;
use tracuu_query::{
    story_text, Date, DateRange, DocRef, PreparedQuery, QuerySpec, SearchRequest, Searcher,
    StoryMember, MAX_LIMIT,
};

use crate::Error;

/// Publications read at most per story.
pub const MAX_MEMBERS: usize = 1_000;

/// Which stories to show.
#[derive(Debug, Clone)]
pub enum ReuseRequest {
    /// The stories with copies among the documents a query matches, best match first (as
    /// `search` ranks them); at most `limit`.
    Query {
        /// The query.
        spec: QuerySpec,
        /// Stories shown at most.
        limit: usize,
    },
    /// The story of the document with this id (also without copies).
    Id(String),
}

/// A story and its publications: the record of `tracuu reuse --json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReuseStory {
    /// The story id (16 hexadecimal digits, as `search` shows it).
    pub story: String,
    /// The original's title.
    pub title: String,
    /// Its publications, the original first, then by date.
    pub members: Vec<ReuseMember>,
}

/// One publication of a story, compared with the story's original.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReuseMember {
    /// The document id.
    pub id: String,
    /// Its source.
    pub source: Option<String>,
    /// Its date.
    pub date: Option<Date>,
    /// Its title.
    pub title: String,
    /// Whether it is the story's original.
    pub original: bool,
    /// Days after the original (`None` when either is undated).
    pub lag_days: Option<i64>,
    /// Resemblance to the original's body, 0 to 1: the share of their distinct 5-word runs
    /// (written without diacritics) that both hold, counted exactly (`None` for a body too short
    /// to compare). Stories were grouped by its estimate, which may differ by a few hundredths.
    pub resemblance: Option<f32>,
    /// Whether its headline differs from the original's (ignoring case and diacritics).
    pub headline_changed: bool,
    /// Share of the original's sentences it keeps, 0 to 1.
    pub sentences_kept: f64,
    /// Its sentences that the original does not have.
    pub sentences_added: usize,
    /// The original's sentences it does not have.
    pub sentences_cut: usize,
}

/// The stories a request shows, and how many there are.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Reuse {
    /// The stories shown, best match first: at most the request's `limit`.
    pub stories: Vec<ReuseStory>,
    /// The stories with copies among the query's matches, shown or not (for an id: 1, its
    /// story).
    pub total: usize,
}

/// The stories of `request` (see the [module docs](self)).
///
/// # Errors
/// An invalid query, or the index failing to read; [`ErrorKind::NotFound`] for an id no
/// document has.
///
/// [`ErrorKind::NotFound`]: crate::ErrorKind::NotFound
pub fn reuse(searcher: &Searcher, request: &ReuseRequest) -> Result<Reuse, Error> {
    let (stories, total) = match request {
        ReuseRequest::Id(id) => match searcher.story_of(id)? {
            Some(story) => (vec![story], 1),
            None => return Err(Error::no_such_document(id)),
        },
        ReuseRequest::Query { spec, limit } => {
            let prepared = searcher.prepare(spec)?;
            let with_copies = stories_with_copies(searcher, &prepared)?;
            let shown = best_first(searcher, spec, &prepared, &with_copies, *limit)?;
            (shown, with_copies.len())
        }
    };
    let stories = stories
        .into_iter()
        .map(|story| {
            let members = searcher.story_members(story, MAX_MEMBERS)?;
            Ok(compare(story, &members))
        })
        .collect::<Result<_, Error>>()?;
    Ok(Reuse { stories, total })
}

/// The stories of `prepared`'s matches that have copies: two publications or more in the
/// index (a copy need not match the query itself).
fn stories_with_copies(
    searcher: &Searcher,
    prepared: &PreparedQuery,
) -> Result<HashSet<u64>, Error> {
    let matched: HashSet<u64> = searcher
        .matching_documents(prepared, false)?
        .iter()
        .filter_map(DocRef::story)
        .collect();
    let mut publications: HashMap<u64, usize> = HashMap::new();
    let every = searcher.every_document(&DateRange::ALL);
    for doc in searcher.matching_documents(&every, false)? {
        if let Some(story) = doc.story().filter(|story| matched.contains(story)) {
            *publications.entry(story).or_default() += 1;
        }
    }
    Ok(publications
        .into_iter()
        .filter(|&(_, publications)| publications > 1)
        .map(|(story, _)| story)
        .collect())
}

/// The first `limit` of `stories` in the order of their best match, as `search` ranks the
/// matches: pages of the ranking are read until they have been found.
fn best_first(
    searcher: &Searcher,
    spec: &QuerySpec,
    prepared: &PreparedQuery,
    stories: &HashSet<u64>,
    limit: usize,
) -> Result<Vec<u64>, Error> {
    let wanted = limit.min(stories.len());
    let mut found = Vec::with_capacity(wanted);
    let mut seen = HashSet::new();
    let mut offset = 0;
    while found.len() < wanted {
        // Every publication is ranked, so that each story comes where its best match does.
        let page = SearchRequest::new(spec.clone())
            .collapse(false)
            .limit(MAX_LIMIT)?
            .offset(offset);
        let ranked = searcher.rank(prepared, &page)?.best;
        if ranked.is_empty() {
            // Every story with copies holds a match: the ranking ends after the last of them.
            break;
        }
        for story in searcher.stories_of(&ranked)?.into_iter().flatten() {
            if found.len() < wanted && stories.contains(&story) && seen.insert(story) {
                found.push(story);
            }
        }
        offset += ranked.len();
    }
    Ok(found)
}

/// The story's members compared with the first, its original.
fn compare(story: u64, members: &[StoryMember]) -> ReuseStory {
    let original = &members[0];
    let original_sentences = sentences(&original.body);
    let original_shingles = Shingles::of(&original.body);
    let original_title = folded(&original.title);
    let members = members
        .iter()
        .enumerate()
        .map(|(i, member)| {
            let own = sentences(&member.body);
            let kept = original_sentences.intersection(&own).count();
            ReuseMember {
                id: member.id.clone(),
                source: member.source.clone(),
                date: member.date,
                title: member.title.clone(),
                original: i == 0,
                lag_days: member
                    .date
                    .zip(original.date)
                    .map(|(d, o)| d.to_days() - o.to_days()),
                resemblance: Shingles::of(&member.body)
                    .zip(original_shingles.as_ref())
                    .map(|(a, b)| a.resemblance(b)),
                headline_changed: folded(&member.title) != original_title,
                sentences_kept: if original_sentences.is_empty() {
                    1.0
                } else {
                    kept as f64 / original_sentences.len() as f64
                },
                sentences_added: own.len() - kept,
                sentences_cut: original_sentences.len() - kept,
            }
        })
        .collect();
    ReuseStory {
        story: story_text(story),
        title: original.title.clone(),
        members,
    }
}

/// The sentences of `text`, each as its folded words, without those holding no word. A
/// sentence ends at a line break, and after `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets after it) followed by white space or the end: `1.460.000 đồng` and `TP.HCM` end
/// none.
fn sentences(text: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end = match c {
            '\n' => Some(at),
            '.' | '!' | '?' | '…' => {
                while let Some(&(_, next)) = chars.peek() {
                    if !matches!(
                        next,
                        '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']'
                    ) {
                        break;
                    }
                    chars.next();
                }
                let after = chars.peek().map_or(text.len(), |&(i, _)| i);
                let ends = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
                ends.then_some(after)
            }
            _ => None,
        };
        if let Some(end) = end {
            found.insert(folded(&text[start..end]));
            start = end;
        }
    }
    found.insert(folded(&text[start..]));
    found.remove("");
    found
}

/// The words of `text` without case or diacritics, separated by single spaces.
fn folded(text: &str) -> String {
    analyze(text)
        .into_iter()
        .map(|token| token.folded)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_compared_without_case_diacritics_or_spacing() {
        let a = sentences("Đảng ủy họp.  Bàn việc lớn!\nKết thúc");
        let b = sentences("ĐẢNG UỶ HỌP. Bàn  việc lớn! Kết thúc");
        assert_eq!(a, b);
        assert_eq!(a.len(), 3);
    }

    #[test]
    fn a_sentence_ends_at_a_stop_before_a_space_not_inside_a_number_or_a_code() {
        let found = sentences(
            "Giá thóc lên 1.460.000 đồng/tấn tại TP.HCM. Ông nói: \"Thế là đủ.\" Rồi… Hết!",
        );
        let expected: HashSet<String> = [
            "Giá thóc lên 1.460.000 đồng/tấn tại TP.HCM.",
            "Ông nói: \"Thế là đủ.\"",
            "Rồi…",
            "Hết!",
        ]
        .map(folded)
        .into_iter()
        .collect();
        assert_eq!(found, expected);
    }
}
