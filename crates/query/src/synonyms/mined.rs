//! The definitions of abbreviations found in the indexed documents, with the documents
//! defining each (see [`tracuu_indexer::definitions`]).

use std::collections::BTreeMap;

use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, TERMINATED};
use tracuu_indexer::definitions::Definition;

use super::{Origin, SynonymGroup};

/// A definition expands queries once this many documents give it (one may be a slip); every
/// one is listed by `tracuu abbreviations`.
pub const MIN_DOCUMENTS_TO_EXPAND: u64 = 2;

/// Distinct definitions read at most (a bound on the work of opening a searcher).
pub const MAX_DEFINITIONS: usize = 100_000;

/// One definition and the documents giving it (deleted ones not counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinedDefinition {
    /// The abbreviation and its full form.
    pub definition: Definition,
    /// Documents defining it so.
    pub documents: u64,
}

impl MinedDefinition {
    /// As a group of two equivalent expressions.
    pub fn group(&self) -> SynonymGroup {
        SynonymGroup {
            forms: vec![
                self.definition.abbreviation.clone(),
                self.definition.full.clone(),
            ],
            origin: Origin::Mined,
            documents: Some(self.documents),
        }
    }
}

/// Every definition in `field` of the index `searcher` sees, most documents first.
pub(crate) fn mined_definitions(
    searcher: &tantivy::Searcher,
    field: Field,
) -> tantivy::Result<Vec<MinedDefinition>> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let alive = segment.alive_bitset();
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if counts.len() >= MAX_DEFINITIONS && !counts.contains_key(term) {
                continue;
            }
            let info = stream.value();
            let documents = match alive {
                None => u64::from(info.doc_freq),
                Some(alive) => {
                    let mut postings =
                        inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
                    let mut documents = 0;
                    while postings.doc() != TERMINATED {
                        documents += u64::from(alive.is_alive(postings.doc()));
                        postings.advance();
                    }
                    documents
                }
            };
            *counts.entry(term.to_string()).or_default() += documents;
        }
    }
    let mut mined: Vec<MinedDefinition> = counts
        .into_iter()
        .filter(|(_, documents)| *documents > 0)
        .filter_map(|(term, documents)| {
            Some(MinedDefinition {
                definition: Definition::from_term(&term)?,
                documents,
            })
        })
        .collect();
    mined.sort_by_key(|m| std::cmp::Reverse(m.documents));
    Ok(mined)
}
