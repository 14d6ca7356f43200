//! The abbreviations and synonyms a searcher knows, with how many documents use each
//! expression: what `tracuu abbreviations` lists.

use serde::Serialize;
use tracuu_indexer::analysis::analyze;

use crate::synonyms::{Origin, SynonymGroup};
use crate::{Error, Searcher};

/// A group of equivalent expressions and how much each is used.
///
/// Its record, one line of `tracuu abbreviations --json` per group, is
/// `{"type":"abbreviation","forms":[{"text","documents"}],"origin","defined_in"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename = "abbreviation")]
#[non_exhaustive]
pub struct AbbreviationEntry {
    /// The expressions (the abbreviation first), each with the documents holding it as
    /// written, a phrase, without expansion.
    pub forms: Vec<FormCount>,
    /// Where the group comes from.
    pub origin: Origin,
    /// For a definition mined from the documents, the documents defining it so.
    pub defined_in: Option<u64>,
}

/// One expression and the documents holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FormCount {
    /// As written in the group.
    pub text: String,
    /// Documents holding it.
    pub documents: usize,
}

impl AbbreviationEntry {
    /// Documents holding any of the expressions, counted once per expression.
    pub fn uses(&self) -> usize {
        self.forms.iter().map(|f| f.documents).sum()
    }
}

/// The words of `text` without marks, joined by spaces, to compare expressions with a filter.
fn folded(text: &str) -> String {
    analyze(text)
        .iter()
        .map(|t| t.folded.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Searcher {
    /// The groups queries are expanded with (built-in, stored with the index, mined) and every
    /// definition mined from the documents, also those given too rarely to expand queries;
    /// with a `filter`, only those with an expression containing it (compared without marks or
    /// case: `tccsd` finds `TCCSĐ`). Each expression's documents are counted; the most used
    /// groups come first.
    ///
    /// # Errors
    /// Tantivy failing to read the index.
    pub fn abbreviations(&self, filter: Option<&str>) -> Result<Vec<AbbreviationEntry>, Error> {
        let wanted = filter.map(folded);
        let keep = |group: &SynonymGroup| match &wanted {
            None => true,
            Some(wanted) => group
                .forms
                .iter()
                .any(|f| folded(f).contains(wanted.as_str())),
        };
        let groups = self
            .synonyms()
            .groups()
            .iter()
            .filter(|g| g.origin != Origin::Mined)
            .cloned()
            .chain(self.mined_definitions().iter().map(|d| d.group()))
            .filter(keep);
        let mut entries = Vec::new();
        for group in groups {
            let forms = group
                .forms
                .iter()
                .map(|text| {
                    Ok(FormCount {
                        text: text.clone(),
                        documents: self.count_phrase(text)?,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            entries.push(AbbreviationEntry {
                forms,
                origin: group.origin,
                defined_in: group.documents,
            });
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.uses()));
        Ok(entries)
    }
}
