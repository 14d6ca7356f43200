//! Groups of equivalent expressions: abbreviations and their full forms (`UBND` = `Ủy ban nhân
//! dân`), old and new names. A query word or words that are a member of a group also match the
//! other members, as phrases (see `Compiler` in `crate::compile`).
//!
//! Three sources are merged: tracuu's built-in table (`builtin.txt`, written by hand), the
//! definitions mined from the indexed documents (`Tên đầy đủ (TĐĐ)`, see
//! [`tracuu_indexer::definitions`] and [`mined`]), and the user's files.
//!
//! # The file format
//! One group per line, its expressions separated by `|`; `#` starts a comment; blank lines are
//! skipped:
//!
//! ```text
//! # abbreviations
//! UBND | Ủy ban nhân dân
//! # old and new names
//! Sài Gòn | TP.HCM | Thành phố Hồ Chí Minh
//! ```
//!
//! An expression found in several groups is **ambiguous** (`CP | Chính phủ` and `CP | cổ
//! phần`): typed alone it is expanded only to the group that the rest of the query or the index
//! supports, and it is never added to another member's expansion.
//!
//! An expression written after `>` is **narrower**: the group's other expressions also match
//! it, but typed it stands only for itself (`HCM | Hồ Chí Minh | > TPHCM`: `HCM` also finds
//! `TPHCM`, which names the city, not the man).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;
use tracuu_indexer::analysis::{analyze, AnalyzedToken, TokenKind};

use crate::reading::syllable_shaped;

pub mod mined;

/// Expressions of a group at most.
pub const MAX_GROUP_FORMS: usize = 32;
/// Words of an expression at most.
pub const MAX_FORM_WORDS: usize = 12;
/// Groups of one file at most.
pub const MAX_GROUPS: usize = 20_000;

/// Where a group of equivalent expressions comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// tracuu's own table.
    BuiltIn,
    /// A definition found in the indexed documents (`Full Name (ABBR)`).
    Mined,
    /// A synonyms file of the user's.
    User,
    /// Not a group: the index's words one typing slip away from a query word (`--fuzzy`).
    Fuzzy,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::BuiltIn => "built-in",
            Origin::Mined => "mined",
            Origin::User => "user",
            Origin::Fuzzy => "fuzzy",
        })
    }
}

/// One group of equivalent expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymGroup {
    /// The expressions as written, the first one first (an abbreviation, for the built-in
    /// table).
    pub forms: Vec<String>,
    /// Where the group comes from.
    pub origin: Origin,
    /// For a mined definition, the documents defining it so.
    pub documents: Option<u64>,
}

/// One expression of a group, analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    /// Its words' normalised terms (a code such as `TP.HCM` by its parts: `tp`, `hcm`).
    terms: Vec<String>,
    /// Its words' accent-free terms.
    folded: Vec<String>,
    /// How its words are written apart or together ([`Spelling`]).
    spelling: Spelling,
    /// A single word written with two capitals or more (`UBND`, `TTg`): typed in lower case or
    /// without its marks (`ubnd`, `hdnd`), it is still that abbreviation.
    abbreviation: bool,
    /// Matched when another expression of the group is typed, but not a member itself (see
    /// [the format](self#the-file-format)).
    narrower: bool,
}

/// Marks a narrower expression in a synonyms file.
const NARROWER: char = '>';

impl Form {
    /// The expression `text` as written in a file (a narrower one after [`NARROWER`]), and the
    /// text it is shown as.
    fn parse(text: &str) -> Option<(Form, String)> {
        let (narrower, text) = match text.trim().strip_prefix(NARROWER) {
            Some(rest) => (true, rest.trim()),
            None => (false, text.trim()),
        };
        let form = Form::of(text)?;
        Some((Form { narrower, ..form }, text.to_string()))
    }

    fn of(text: &str) -> Option<Form> {
        let tokens = analyze(text);
        let words: Vec<_> = tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        if words.is_empty() || words.len() > MAX_FORM_WORDS {
            return None;
        }
        Some(Form {
            abbreviation: words.len() == 1 && written_as_abbreviation(text),
            narrower: false,
            terms: words.iter().map(|w| w.term.clone()).collect(),
            folded: words.iter().map(|w| w.folded.clone()).collect(),
            spelling: Spelling::of(tokens),
        })
    }

    /// Whether `other` is this expression: the same words spelled the same way.
    fn same_as(&self, other: &Form) -> bool {
        self.terms == other.terms && self.spelling == other.spelling
    }
}

/// An expression's tokens as matching sees them: accent-free, each a word or a code, with the
/// position gaps between them. `TP.HCM` (a code), `TP HCM` and `TP. HCM` (a gap at the full
/// stop) have the same words but match different texts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Spelling(Vec<(TokenKind, String, usize)>);

impl Spelling {
    /// The spelling of an expression analysed as `tokens`.
    fn of(tokens: Vec<AnalyzedToken>) -> Spelling {
        let first = tokens.first().map_or(0, |t| t.position);
        Spelling(
            tokens
                .into_iter()
                .map(|t| (t.kind, t.folded, t.position - first))
                .collect(),
        )
    }
}

/// A word of a query, as [`Synonyms::longest_at`] compares it.
#[derive(Debug, Clone)]
pub(crate) struct QueryTerm {
    pub term: String,
    pub folded: String,
    /// Typed as abbreviations are written ([`written_as_abbreviation`]: `SAT`).
    pub capitals: bool,
}

/// Whether `text` has two capitals or more, as abbreviations are written (`UBND`, `TTg`).
fn written_as_abbreviation(text: &str) -> bool {
    text.chars().filter(|c| c.is_uppercase()).count() >= 2
}

impl QueryTerm {
    /// The word typed as `typed`, analysed into `term` and `folded`.
    pub(crate) fn new(typed: &str, term: String, folded: String) -> QueryTerm {
        QueryTerm {
            term,
            folded,
            capitals: written_as_abbreviation(typed),
        }
    }

    fn is_marked(&self) -> bool {
        self.term != self.folded
    }
}

/// A run of query words that is a member of one group or more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// Words of the query it covers.
    pub words: usize,
    /// The groups it is a member of (several: ambiguous).
    pub groups: Vec<usize>,
}

/// Groups of equivalent expressions, looked up by their words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Synonyms {
    groups: Vec<SynonymGroup>,
    forms: Vec<Vec<Form>>,
    /// (group, form) by the first accent-free word of the form.
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
    /// The groups holding each expression as a member, by its terms.
    groups_of: HashMap<Vec<String>, Vec<usize>>,
    /// The groups holding each expression, member or narrower, by its terms.
    holding: HashMap<Vec<String>, Vec<usize>>,
}

/// A line of a synonyms file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct SynonymsError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

static BUILT_IN: LazyLock<Synonyms> = LazyLock::new(|| {
    Synonyms::parse(include_str!("builtin.txt"), Origin::BuiltIn)
        .unwrap_or_else(|error| panic!("the built-in table: {error}"))
});

impl Synonyms {
    /// tracuu's built-in table of political and administrative abbreviations.
    pub fn built_in() -> &'static Synonyms {
        &BUILT_IN
    }

    /// Reads a synonyms file's bytes, as [`parse`](Self::parse) reads its text.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), and the line of the first byte that is not UTF-8.
    pub fn parse_bytes(bytes: &[u8], origin: Origin) -> Result<Synonyms, SynonymsError> {
        let text = std::str::from_utf8(bytes).map_err(|error| SynonymsError {
            line: bytes[..error.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
            message: "not UTF-8 text".to_string(),
        })?;
        Synonyms::parse(text, origin)
    }

    /// Reads a synonyms file (see [the format](self#the-file-format)).
    ///
    /// # Errors
    /// A line with a single expression, an expression without a word, more than
    /// [`MAX_GROUP_FORMS`] expressions or [`MAX_FORM_WORDS`] words in one, or more than
    /// [`MAX_GROUPS`] groups.
    pub fn parse(text: &str, origin: Origin) -> Result<Synonyms, SynonymsError> {
        let mut synonyms = Synonyms::default();
        for (i, line) in text.lines().enumerate() {
            let error = |message: String| SynonymsError {
                line: i + 1,
                message,
            };
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let forms: Vec<String> = line.split('|').map(|f| f.trim().to_string()).collect();
            if forms.len() < 2 {
                return Err(error(format!(
                    "{line:?} has one expression; a group needs two or more, separated by `|`"
                )));
            }
            if forms.len() > MAX_GROUP_FORMS {
                return Err(error(format!(
                    "{} expressions in one group (at most {MAX_GROUP_FORMS})",
                    forms.len()
                )));
            }
            let parsed = (forms.iter())
                .map(|form| {
                    Form::parse(form).ok_or_else(|| {
                        error(format!(
                            "expression {form:?} has no word or more than {MAX_FORM_WORDS}"
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            if synonyms.groups.len() == MAX_GROUPS {
                return Err(error(format!("more than {MAX_GROUPS} groups")));
            }
            synonyms.add_parsed(parsed, origin, None);
        }
        Ok(synonyms)
    }

    /// Adds a group (expressions without a word, or beyond the limits, are left out; a group
    /// left with fewer than two, or whose expressions are all in one group already, is not
    /// added). A user's group sharing expressions with one group only extends that group.
    pub fn add(&mut self, group: SynonymGroup) {
        let parsed = (group.forms.iter().take(MAX_GROUP_FORMS))
            .filter_map(|text| Form::parse(text))
            .collect();
        self.add_parsed(parsed, group.origin, group.documents);
    }

    /// [`add`](Self::add) of a group whose expressions (at most [`MAX_GROUP_FORMS`]) are parsed
    /// as `parsed`.
    fn add_parsed(&mut self, parsed: Vec<(Form, String)>, origin: Origin, documents: Option<u64>) {
        let mut forms: Vec<Form> = Vec::new();
        let mut texts = Vec::new();
        for (form, text) in parsed {
            if !forms.iter().any(|f| f.same_as(&form)) {
                forms.push(form);
                texts.push(text);
            }
        }
        let members = forms.iter().filter(|f| !f.narrower).count();
        if members == 0 || forms.len() < 2 || self.covers(&forms) {
            return;
        }
        if origin == Origin::User {
            // `Sài Gòn | TP.HCM` extends the one group TP.HCM is in already.
            let mut sharing: Vec<usize> = forms
                .iter()
                .filter_map(|f| self.groups_of.get(&f.terms))
                .flatten()
                .copied()
                .collect();
            sharing.sort_unstable();
            sharing.dedup();
            if let [existing] = sharing[..] {
                self.groups[existing].origin = Origin::User;
                for (form, text) in forms.into_iter().zip(texts) {
                    let known = self.forms[existing].iter().any(|f| f.same_as(&form));
                    if !known && self.forms[existing].len() < MAX_GROUP_FORMS {
                        self.push_form(existing, form, text);
                    }
                }
                return;
            }
        }
        self.groups.push(SynonymGroup {
            forms: Vec::new(),
            origin,
            documents,
        });
        self.forms.push(Vec::new());
        let index = self.groups.len() - 1;
        for (form, text) in forms.into_iter().zip(texts) {
            self.push_form(index, form, text);
        }
    }

    /// Whether one group holds every expression of `forms` already.
    fn covers(&self, forms: &[Form]) -> bool {
        let Some(groups) = self.holding.get(&forms[0].terms) else {
            return false;
        };
        groups.iter().any(|&group| {
            (forms.iter()).all(|form| self.forms[group].iter().any(|f| f.same_as(form)))
        })
    }

    /// Adds an expression to the group `index`, and to the lookups (a narrower one to
    /// [`holding`](Self::holding) alone: typed, it is no member of the group).
    fn push_form(&mut self, index: usize, form: Form, text: String) {
        // Once per group, though its words may be there spelled otherwise (`TP HCM`, `TP. HCM`).
        let add_once = |groups: &mut Vec<usize>| {
            if !groups.contains(&index) {
                groups.push(index);
            }
        };
        add_once(self.holding.entry(form.terms.clone()).or_default());
        if !form.narrower {
            self.by_first_word
                .entry(form.folded[0].clone())
                .or_default()
                .push((index, self.forms[index].len()));
            add_once(self.groups_of.entry(form.terms.clone()).or_default());
        }
        self.forms[index].push(form);
        self.groups[index].forms.push(text);
    }

    /// Adds every group of `other`.
    pub fn extend(&mut self, other: &Synonyms) {
        for group in &other.groups {
            self.add(group.clone());
        }
    }

    /// Every group, in the order added.
    pub fn groups(&self) -> &[SynonymGroup] {
        &self.groups
    }

    /// Whether the expression `form` of `group` is in another group too.
    pub(crate) fn is_ambiguous(&self, group: usize, form: usize) -> bool {
        self.groups_of
            .get(&self.forms[group][form].terms)
            .is_some_and(|groups| groups.len() > 1)
    }

    /// The longest member of a group starting at `words[start]`: words equal to an
    /// expression's, or typed without marks where the expression has them, for an abbreviation
    /// (`hdnd`) or in a query typed wholly without marks (`uy ban nhan dan`). An abbreviation
    /// of the documents or the user's shaped like a Vietnamese syllable (`SAT`, `THE`, `DA`
    /// defined in news articles) is one only typed in capitals: in lower case it is the
    /// syllable (`sat hai` is `sát hại`).
    pub(crate) fn longest_at(
        &self,
        words: &[QueryTerm],
        start: usize,
        accent_free_query: bool,
    ) -> Option<Member> {
        let candidates = self.by_first_word.get(&words[start].folded)?;
        let mut best: Option<Member> = None;
        for &(group, form) in candidates {
            let form = &self.forms[group][form];
            let Some(span) = words.get(start..start + form.terms.len()) else {
                continue;
            };
            // The built-in table has no abbreviation that is also a word (a test checks it;
            // `BYT` is syllable-shaped but no syllable).
            let built_in = self.groups[group].origin == Origin::BuiltIn;
            if form.abbreviation
                && !built_in
                && !span[0].capitals
                && syllable_shaped(&form.folded[0])
            {
                continue;
            }
            let matches = span.iter().enumerate().all(|(i, word)| {
                word.term == form.terms[i]
                    || (word.folded == form.folded[i]
                        && !word.is_marked()
                        && (form.abbreviation || accent_free_query))
            });
            if !matches {
                continue;
            }
            match &mut best {
                Some(member) if member.words == span.len() => {
                    if !member.groups.contains(&group) {
                        member.groups.push(group);
                    }
                }
                Some(member) if member.words > span.len() => {}
                _ => {
                    best = Some(Member {
                        words: span.len(),
                        groups: vec![group],
                    });
                }
            }
        }
        best
    }

    /// The expressions of `group` a member typed as `typed` also stands for: the others, but
    /// ambiguous ones, one per wording. Its own words spelled otherwise are others too (typed
    /// `TP.HCM`, `TP. HCM` is one): they match texts that `typed` does not.
    pub(crate) fn others(&self, group: usize, typed: &str) -> Vec<&str> {
        let typed_form = Form::of(typed);
        self.forms[group]
            .iter()
            .enumerate()
            .filter(|(i, form)| {
                // The spelling holds the words' accent-free forms: `uy ban nhan dan` is
                // `Ủy ban nhân dân` typed.
                let same = typed_form
                    .as_ref()
                    .is_some_and(|t| form.spelling == t.spelling);
                !same && !self.is_ambiguous(group, *i)
            })
            .map(|(i, _)| self.groups[group].forms[i].as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<QueryTerm> {
        analyze(text)
            .into_iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| QueryTerm::new(&t.text, t.term, t.folded))
            .collect()
    }

    #[test]
    fn a_narrower_expression_is_matched_but_is_no_member() {
        let table = Synonyms::parse("HCM | Hồ Chí Minh | > TPHCM\n", Origin::User).unwrap();
        assert_eq!(table.groups()[0].forms, ["HCM", "Hồ Chí Minh", "TPHCM"]);
        let member = table.longest_at(&words("HCM"), 0, false).unwrap();
        assert_eq!(member.groups, [0]);
        assert_eq!(table.others(0, "HCM"), ["Hồ Chí Minh", "TPHCM"]);
        assert!(table.longest_at(&words("TPHCM"), 0, false).is_none());
        assert!(
            Synonyms::parse("> TPHCM | > TP.HCM\n", Origin::User)
                .unwrap()
                .groups()
                .is_empty(),
            "a group of narrower expressions only has no member"
        );
    }

    #[test]
    fn the_built_in_table_has_the_abbreviations_the_team_wrote() {
        let table = Synonyms::built_in();
        assert!(table.groups().len() >= 150, "{}", table.groups().len());
        let text = include_str!("builtin.txt");
        let lines = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(table.groups().len(), lines, "every line is a group");
    }

    /// Every text file under `dir`.
    fn texts(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                texts(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }

    #[test]
    fn no_built_in_abbreviation_is_also_an_ordinary_word() {
        // `TU` (Tỉnh ủy) would expand every `tu`, `tú`, `từ` typed without marks: no
        // abbreviation may be a syllable the sample corpus writes in lower case (`ubkt` in a
        // URL is no syllable).
        let mut corpus = Vec::new();
        texts(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus"),
            &mut corpus,
        );
        let lower_case: std::collections::HashSet<String> = corpus
            .iter()
            .flat_map(|text| analyze(text))
            .filter(|t| t.kind == TokenKind::Word && t.text.chars().all(|c| !c.is_uppercase()))
            .map(|t| t.folded)
            .filter(|folded| crate::reading::syllable_shaped(folded))
            .collect();
        assert!(lower_case.contains("uy"), "the corpus was read");
        for group in Synonyms::built_in().groups() {
            for form in &group.forms {
                let analysed = Form::of(form).unwrap();
                if analysed.abbreviation {
                    assert!(
                        !lower_case.contains(&analysed.folded[0]),
                        "{form} is also a word"
                    );
                }
            }
        }
    }

    #[test]
    fn an_abbreviation_shaped_like_a_syllable_is_one_only_in_capitals() {
        let table = Synonyms::parse("SAT | Scholastic Assessment Test\n", Origin::Mined).unwrap();
        assert!(table.longest_at(&words("SAT"), 0, true).is_some());
        assert!(table.longest_at(&words("sat hai"), 0, true).is_none());
        assert!(table.longest_at(&words("Sat"), 0, false).is_none());
        let built_in = Synonyms::built_in();
        assert!(built_in.longest_at(&words("byt"), 0, false).is_some());
    }

    #[test]
    fn members_are_found_longest_first_with_or_without_marks() {
        let table = Synonyms::built_in();
        let query = words("UBND tỉnh Nghệ An");
        let member = table.longest_at(&query, 0, false).unwrap();
        assert_eq!(member.words, 1);
        let group = member.groups[0];
        assert_eq!(table.others(group, "UBND"), ["Ủy ban nhân dân"]);

        let query = words("Ủy ban Kiểm tra Trung ương");
        let member = table.longest_at(&query, 0, false).unwrap();
        assert_eq!(member.words, 6, "the longer expression wins");

        // An abbreviation typed without marks; a full form only in an accent-free query.
        assert!(table.longest_at(&words("hdnd"), 0, false).is_some());
        assert!(table
            .longest_at(&words("uy ban nhan dan"), 0, true)
            .is_some());
        assert!(table
            .longest_at(&words("uy ban nhan dan"), 0, false)
            .is_none());
    }

    #[test]
    fn the_same_words_spelled_otherwise_are_other_expressions() {
        let table = Synonyms::parse("TP.HCM | TP HCM | TP. HCM | TPHCM\n", Origin::User).unwrap();
        assert_eq!(table.groups()[0].forms.len(), 4);
        assert_eq!(table.others(0, "tp.hcm"), ["TP HCM", "TP. HCM", "TPHCM"]);
        assert_eq!(table.others(0, "tp. hcm"), ["TP.HCM", "TP HCM", "TPHCM"]);
        let member = table.longest_at(&words("TP. HCM"), 0, false).unwrap();
        assert_eq!(member.groups, [0], "one group, not an ambiguous expression");
        assert!(!table.is_ambiguous(0, 1));
    }

    #[test]
    fn a_users_group_adding_another_spelling_extends_the_group() {
        let mut table = Synonyms::parse("TP.HCM | Sài Gòn\n", Origin::BuiltIn).unwrap();
        table.extend(&Synonyms::parse("Sài Gòn | TP. HCM\n", Origin::User).unwrap());
        assert_eq!(table.groups().len(), 1);
        assert_eq!(table.groups()[0].forms, ["TP.HCM", "Sài Gòn", "TP. HCM"]);
    }

    #[test]
    fn a_group_whose_expressions_one_group_holds_already_is_not_added() {
        let text = "HCM | Hồ Chí Minh | > TPHCM\nUBND | Ủy ban nhân dân\n\
                    ủy ban nhân dân | ubnd\nTPHCM | HCM\nTPHCM | Sài Gòn";
        let synonyms = Synonyms::parse(text, Origin::BuiltIn).expect("parsed");
        let forms: Vec<&[String]> = (synonyms.groups().iter())
            .map(|group| group.forms.as_slice())
            .collect();
        assert_eq!(
            forms,
            [
                &["HCM", "Hồ Chí Minh", "TPHCM"][..],
                &["UBND", "Ủy ban nhân dân"],
                &["TPHCM", "Sài Gòn"],
            ]
        );
    }

    #[test]
    fn an_expression_in_two_groups_is_ambiguous_and_never_added_to_another() {
        let table = Synonyms::built_in();
        let member = table.longest_at(&words("CP"), 0, false).unwrap();
        assert_eq!(member.groups.len(), 2);
        let chinh_phu = words("Chính phủ");
        let member = table.longest_at(&chinh_phu, 0, false).unwrap();
        assert!(table.others(member.groups[0], "Chính phủ").is_empty());
    }

    #[test]
    fn a_file_is_read_line_by_line_with_clear_errors() {
        let table = Synonyms::parse(
            "# old names\nSài Gòn | TP.HCM  # same city\n\n",
            Origin::User,
        )
        .unwrap();
        assert_eq!(table.groups()[0].forms, ["Sài Gòn", "TP.HCM"]);
        let error = Synonyms::parse("a | b\nUBND\n", Origin::User).unwrap_err();
        assert_eq!(error.line, 2);
        let error = Synonyms::parse("a | ...", Origin::User).unwrap_err();
        assert!(error.message.contains("\"...\""), "{error}");
    }
}
