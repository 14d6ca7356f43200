//! From a parsed query to one resolution of its words, and from that to a tantivy query (what
//! matches), the syllables [`crate::rank`] scores, and the [`Matcher`]s that find the same
//! matches in stored text.
//!
//! Title and body hold each word's normalised term only. Each query syllable is resolved once
//! ([`Mode`]): its own spelling when typed with diacritics, or when the query has diacritics
//! anywhere (then an unmarked syllable is the level-tone syllable, its own term); in a query
//! wholly without diacritics, the likeliest accented reading (see [`crate::reading`]); every
//! spelling with `fold` or `any_spelling`: the index's terms folding to it (see
//! [`crate::spellings`]). Adjacent words of a group are an occurrence where they stand
//! side by side (never across punctuation, which leaves a gap in positions).

use std::collections::HashSet;
use std::ops::{Bound, Range};

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field as TantivyField, IndexRecordOption};
use tantivy::{Searcher, Term};
use tracuu_indexer::analysis::{analyze, normalize_term, AnalyzedToken, TokenKind};
use tracuu_indexer::Fields;
use unicode_normalization::UnicodeNormalization;

use crate::exclusion::excluded;
use crate::expansion::{members, variants, Expansion, Member, MAX_EXPANDED};
use crate::fuzzy::fuzzy_terms;
use crate::matcher::{Key, MatchItem, Matcher};
use crate::parse::{DateRange, Field, QueryNode};
use crate::rank::{count_pairs, idf, pair_terms, RankedSyllable};
use crate::reading::{with_breaks, Readings, Syllable};
use crate::search::QuerySpec;
use crate::seeking::{all_of, any_of};
use crate::spellings::{any_of_terms, fold_prefix_terms, spelled_phrase, SpellingCache};
use crate::suggest::retypings;
use crate::synonyms::{Origin, Synonyms};

/// A query ready to run, with what to highlight.
pub(crate) struct Compiled {
    /// The tantivy query: what matches (its score only orders the candidates of the ranking).
    pub query: Box<dyn Query>,
    /// The same matches as `query`, better ordered to pick the candidates [`crate::rank`] ranks
    /// (`None`: `query`'s order).
    pub candidates: Option<Box<dyn Query>>,
    /// The positive query syllables in query order, as [`crate::rank`] scores them.
    pub ranked: Vec<RankedSyllable>,
    /// What counts as an occurrence in body text.
    pub matcher: Matcher,
    /// What a body snippet highlights.
    pub highlighter: Matcher,
    /// What a title highlights.
    pub title_matcher: Matcher,
    /// The query written back with its accent-free words read (`quốc hội -đang`), when a
    /// reading guessed marks.
    pub reading: Option<String>,
    /// The members of synonym groups in the query, and what each also matched.
    pub expansions: Vec<Expansion>,
    /// The query is one syllable typed with its marks, matching that one term in the title and
    /// the body (or the title): [`crate::rank::one_term_query`] orders all its matches as the
    /// ranking does.
    pub one_term: bool,
    /// The dates `query` is restricted to, when not every date.
    pub dates: Option<Box<dyn Query>>,
}

/// The documents holding some of the words of a long query (see
/// [`Compiler::compile_some_words`]). A union with a minimum of matching clauses cannot skip
/// ahead to a document (tantivy reads every match before it), so the words are looked up one by
/// one in the documents that may be shown.
pub(crate) struct SomeWords {
    /// Highlighting and ranking as for the query itself; its `query` matches the documents
    /// allowed (in the dates, without an excluded word) whatever words they hold; its ranked
    /// syllables are the words.
    pub allowed: Compiled,
    /// How many of the words a document must hold.
    pub minimum: usize,
}

/// How a query syllable is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Its own spelling: typed with diacritics, or in a query with diacritics anywhere (then an
    /// unmarked syllable is the level-tone syllable).
    Exact,
    /// The likeliest accented reading of an accent-free syllable.
    Reading,
    /// Every spelling folding to it (`fold`, or an accent-free query with `any_spelling`).
    Folded,
    /// The index's words one typing slip away (`fuzzy`: see [`crate::fuzzy`]).
    Fuzzy,
}

/// How leniently query words match spellings other than their own (see [`QuerySpec`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Leniency {
    pub fold: bool,
    pub any_spelling: bool,
    pub fuzzy: bool,
}

impl Leniency {
    pub(crate) fn of(spec: &QuerySpec) -> Leniency {
        Leniency {
            fold: spec.fold,
            any_spelling: spec.any_spelling,
            fuzzy: spec.fuzzy,
        }
    }
}

/// One query word, analysed.
#[derive(Debug, Clone)]
struct QueryWord {
    /// As typed.
    text: String,
    /// Byte offset in the text analysed.
    start: usize,
    term: String,
    folded: String,
    /// Position in the query text: one more than the previous word's, or two across punctuation.
    position: usize,
    /// The words of a code (`vắc-xin` -> `vắc`, `xin`), to match it also written with spaces.
    parts: Vec<QueryWord>,
}

impl QueryWord {
    /// The positions of `words` from the first's (a phrase's offsets).
    fn offsets(words: &[QueryWord]) -> Vec<usize> {
        let first = words.first().map_or(0, |w| w.position);
        words.iter().map(|w| w.position - first).collect()
    }

    /// The words of `text` (a code is one word; a word with several parts is several).
    fn analyse(text: &str) -> Vec<QueryWord> {
        let tokens = analyze(text);
        let word_tokens = || tokens.iter().filter(|t| t.kind == TokenKind::Word);
        let as_word = |t: &AnalyzedToken, parts: Vec<QueryWord>| QueryWord {
            text: t.text.clone(),
            start: t.start,
            term: t.term.clone(),
            folded: t.folded.clone(),
            position: t.position,
            parts,
        };
        match tokens.iter().find(|t| t.kind == TokenKind::Code) {
            Some(code)
                if tokens.iter().filter(|t| t.kind == TokenKind::Code).count() == 1
                    && tokens
                        .iter()
                        .all(|t| t.start >= code.start && t.end <= code.end) =>
            {
                let parts = word_tokens().map(|t| as_word(t, Vec::new())).collect();
                vec![as_word(code, parts)]
            }
            _ => word_tokens().map(|t| as_word(t, Vec::new())).collect(),
        }
    }

    fn is_marked(&self) -> bool {
        self.term != self.folded
    }
}

/// `text` with each of `words` (byte ranges in it, in order) written as given.
pub(crate) fn respelled<'a>(
    text: &str,
    words: impl IntoIterator<Item = (Range<usize>, &'a str)>,
) -> String {
    let mut written = String::with_capacity(text.len());
    let mut at = 0;
    for (range, spelled) in words {
        written.push_str(&text[at..range.start]);
        written.push_str(spelled);
        at = range.end;
    }
    written.push_str(&text[at..]);
    written
}

/// The words of `alternatives` when each is one plain word (in every field, not a code).
fn words_of(alternatives: &[QueryNode]) -> Option<Vec<QueryWord>> {
    alternatives
        .iter()
        .map(|node| match node {
            QueryNode::Word { text, field: None } => match QueryWord::analyse(text).as_slice() {
                [word] if word.parts.is_empty() => Some(word.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether any word of `node` is written with diacritics.
fn has_marks(node: &QueryNode) -> bool {
    match node {
        QueryNode::Word { text, .. }
        | QueryNode::Group { text, .. }
        | QueryNode::Phrase { text, .. }
        | QueryNode::Prefix { text, .. } => analyze(text).iter().any(|t| t.term != t.folded),
        QueryNode::And(children) | QueryNode::Or(children) => children.iter().any(has_marks),
        QueryNode::Not(inner) => has_marks(inner),
    }
}

/// Queries of words of at least this many syllables are long: text pasted or summarised rather
/// than words chosen one by one, and a document lacking a word or two of them may still be the
/// one looked for. Vietnamese words are one to three syllables, so five syllables are two words
/// at least, most often a phrase or a sentence; shorter queries (`đảng ủy xã`, `luật đất đai`)
/// are terms whose every syllable was typed on purpose, and always require them all. (A code such
/// as `Covid-19` counts as one.)
pub(crate) const LONG_QUERY_WORDS: usize = 5;

/// The words a partial match of a long query of `words` words must hold: half of them, rounded
/// up, and two at least. Fewer would let the commonest syllables (`của`, `và`, `các`) make a
/// match on their own.
fn minimum_words(words: usize) -> usize {
    words.div_ceil(2).max(2)
}

/// A query of plain words: a word, a group, or an AND of them with exclusions, none restricted to
/// a field.
struct PlainQuery<'a> {
    /// The words of each positive word or group, in query order.
    groups: Vec<Vec<QueryWord>>,
    /// What the exclusions (`-word`) exclude.
    exclusions: Vec<&'a QueryNode>,
}

impl PlainQuery<'_> {
    /// `node` as plain words, or `None` when it has an OR, a phrase, a prefix or a field: such
    /// queries say what each word is for, and every word stays required.
    fn of(node: &QueryNode) -> Option<PlainQuery<'_>> {
        let children = match node {
            QueryNode::And(children) => children.as_slice(),
            other => std::slice::from_ref(other),
        };
        let mut plain = PlainQuery {
            groups: Vec::new(),
            exclusions: Vec::new(),
        };
        for child in children {
            match child {
                QueryNode::Word { text, field: None } | QueryNode::Group { text, field: None } => {
                    plain.groups.push(QueryWord::analyse(text));
                }
                QueryNode::Not(inner) => plain.exclusions.push(inner),
                _ => return None,
            }
        }
        Some(plain)
    }

    /// The positive words (a code such as `Covid-19` is one).
    fn words(&self) -> usize {
        self.groups.iter().map(Vec::len).sum()
    }
}

/// A prefix may stand for at most this many distinct words of the index: beyond, the query is
/// refused rather than made slow or silently cut.
pub(crate) const MAX_PREFIX_WORDS: usize = 2_000;

/// The prefixes of a query may stand for at most this many words in all, each use of a prefix
/// counted (`th* OR th*` costs twice what `th*` does): a few broad prefixes, not a query that
/// repeats one a hundred times.
pub(crate) const MAX_QUERY_PREFIX_WORDS: usize = 4 * MAX_PREFIX_WORDS;

/// Why a query cannot be compiled.
pub(crate) enum CompileError {
    /// Nothing to search for (only punctuation).
    NothingToSearch,
    /// A prefix standing for more than [`MAX_PREFIX_WORDS`] words.
    PrefixTooBroad(String),
    /// Prefixes (each named once, as typed) standing for more than [`MAX_QUERY_PREFIX_WORDS`]
    /// words together.
    PrefixesTooBroad(Vec<String>),
    /// A word looked for in every spelling that the index spells in more than
    /// [`MAX_SPELLINGS`](crate::spellings::MAX_SPELLINGS) ways.
    TooManySpellings(String),
}

/// Required and excluded queries, to be joined.
type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// Where the items a query finds in stored text go.
#[derive(Default)]
struct Matchers {
    body: Matcher,
    highlight: Matcher,
    title: Matcher,
    /// Occurrences are only highlighted, not counted: the parts of a group noted whole, kept
    /// in `parts` until the group is.
    highlighting_only: bool,
    /// The parts of a group with synonyms, to highlight where the group is not found (see
    /// [`parts_stand_in_for`](Self::parts_stand_in_for)).
    parts: Vec<(MatchItem, Option<Field>)>,
    /// Words of groups to highlight where their group is not found (see
    /// [`stand_in`](Self::stand_in)), added last.
    stand_ins: Vec<(MatchItem, Option<Field>, Wholes)>,
}

/// Where a group is in the highlight and the title matchers: the items of its occurrences.
type Wholes = (Range<usize>, Range<usize>);

impl Matchers {
    /// An occurrence of the query: counted in bodies (kwic, trend), highlighted in snippets and
    /// titles; with `title:`, only in titles. While `highlighting_only`, a part of a group,
    /// only highlighted (see [`parts_stand_in_for`](Self::parts_stand_in_for)).
    fn occurrence(&mut self, item: MatchItem, field: Option<Field>) {
        if self.highlighting_only {
            return self.parts.push((item, field));
        }
        if field != Some(Field::Title) {
            self.body.push(item.clone());
            self.highlight.push(item.clone());
        }
        self.title.push(item);
    }

    /// A word of a group highlighted but not counted, in texts where the group is not found
    /// side by side: `whole` is where the group is in the highlight and the title matchers.
    fn stand_in(&mut self, item: MatchItem, field: Option<Field>, whole: (usize, usize)) {
        if self.highlighting_only {
            return self.parts.push((item, field));
        }
        let wholes = (whole.0..whole.0 + 1, whole.1..whole.1 + 1);
        self.stand_ins.push((item, field, wholes));
    }

    /// Where the next item of the highlight and the title matchers goes.
    fn next_items(&self) -> (usize, usize) {
        (self.highlight.len(), self.title.len())
    }

    /// Makes the parts noted so far stand-ins of the group noted as the items from `first` on
    /// (`tỉnh` of `UBND tỉnh` is highlighted alone only where neither `UBND tỉnh` nor `Ủy ban
    /// nhân dân tỉnh` is found); with none noted, they are highlighted everywhere.
    fn parts_stand_in_for(&mut self, first: (usize, usize)) {
        let (highlight, title) = self.next_items();
        let wholes = (first.0..highlight, first.1..title);
        for (item, field) in std::mem::take(&mut self.parts) {
            match wholes.0.is_empty() && wholes.1.is_empty() {
                true => self.highlight(item, field),
                false => self.stand_ins.push((item, field, wholes.clone())),
            }
        }
    }

    /// Adds the stand-ins after every other item: where a stand-in and a word the query asks
    /// for match the same text, the word, first, is what is found (`thị trường OR thị`).
    fn add_stand_ins(&mut self) {
        for (item, field, (highlight, title)) in std::mem::take(&mut self.stand_ins) {
            if field != Some(Field::Title) {
                self.highlight.push_stand_in(item.clone(), highlight);
            }
            self.title.push_stand_in(item, title);
        }
    }

    /// An item highlighted but not counted.
    fn highlight(&mut self, item: MatchItem, field: Option<Field>) {
        if field != Some(Field::Title) {
            self.highlight.push(item.clone());
        }
        self.title.push(item);
    }
}

/// Compiles queries against one searcher.
pub(crate) struct Compiler<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    leniency: Leniency,
    /// The query has diacritics somewhere: its unmarked syllables are level-tone syllables.
    marked_query: bool,
    matchers: Matchers,
    ranked: Vec<RankedSyllable>,
    error: Option<CompileError>,
    /// The groups whose members also match their other expressions (`None`: no expansion).
    synonyms: Option<&'a Synonyms>,
    expansions: Vec<Expansion>,
    /// Members of groups expanded so far (at most [`MAX_EXPANDED`]).
    members_expanded: usize,
    /// The words the prefixes compiled so far stand for, counted for each use (at most
    /// [`MAX_QUERY_PREFIX_WORDS`]).
    prefix_words: usize,
    /// Those prefixes as typed (`th*`), each once.
    prefixes: Vec<String>,
    /// The index's spellings of the accent-free words looked up so far.
    spellings: &'a SpellingCache,
    /// The readings chosen so far, by this compilation or others of the same search.
    readings_chosen: &'a Readings,
}

/// An ambiguous abbreviation is read in the meaning whose support (see
/// `Compiler::supported`) is at least this many times any other's.
const SENSE_MARGIN: usize = 3;

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        spellings: &'a SpellingCache,
        readings_chosen: &'a Readings,
        fields: Fields,
        leniency: Leniency,
    ) -> Compiler<'a> {
        Compiler {
            searcher,
            fields,
            leniency,
            marked_query: false,
            matchers: Matchers::default(),
            ranked: Vec::new(),
            error: None,
            synonyms: None,
            expansions: Vec::new(),
            members_expanded: 0,
            prefix_words: 0,
            prefixes: Vec::new(),
            spellings,
            readings_chosen,
        }
    }

    /// Also matches the other expressions of the members of `synonyms`' groups in the query.
    pub(crate) fn with_synonyms(mut self, synonyms: &'a Synonyms) -> Compiler<'a> {
        self.synonyms = Some(synonyms);
        self
    }

    /// Compiles `node` (or matches every document when `None`) restricted to `dates`.
    pub(crate) fn compile(
        mut self,
        node: Option<&QueryNode>,
        dates: &DateRange,
    ) -> Result<Compiled, CompileError> {
        let query = match node {
            Some(node) => {
                self.marked_query = has_marks(node);
                let query = self.node(node, true);
                if let Some(error) = self.error.take() {
                    return Err(error);
                }
                Some(query.ok_or(CompileError::NothingToSearch)?)
            }
            None => None,
        };
        let one_word = matches!(node, Some(QueryNode::Word { .. } | QueryNode::Group { .. }));
        let one_term = one_word && query.as_deref().is_some_and(|q| self.is_one_term(q));
        let reading = node.and_then(|node| self.read_as(node));
        Ok(self.finish(query, dates, one_term, reading))
    }

    /// `node` written back with its words read as they are looked for (`quoc hoi -dang` ->
    /// `quốc hội -đang`), when a reading guessed marks: exclusions and alternatives are read
    /// too, and shown where they stand.
    fn read_as(&self, node: &QueryNode) -> Option<String> {
        let mut guessed = false;
        let read = self.read_node(node, &mut guessed);
        guessed.then(|| read.to_string())
    }

    /// [`read_as`](Self::read_as) of one node: each text read as [`node`](Self::node) reads
    /// it; `guessed` is set when a reading has marks its word was typed without.
    fn read_node(&self, node: &QueryNode, guessed: &mut bool) -> QueryNode {
        let mut read_text = |text: &str| {
            let words = QueryWord::analyse(text);
            let readings = self.read(&words);
            self.written_as_read(text, &words, &readings, guessed)
        };
        match node {
            QueryNode::Word { text, field } if *field != Some(Field::Source) => QueryNode::Word {
                text: read_text(text),
                field: *field,
            },
            QueryNode::Group { text, field } if *field != Some(Field::Source) => QueryNode::Group {
                text: read_text(text),
                field: *field,
            },
            QueryNode::Phrase { text, field, slop } if *field != Some(Field::Source) => {
                QueryNode::Phrase {
                    text: read_text(text),
                    field: *field,
                    slop: *slop,
                }
            }
            QueryNode::Or(children) if words_of(children).is_some() => {
                // Alternatives of single words are read together, as `node` reads them.
                let words = words_of(children).expect("checked in the guard");
                let readings = self.read(&words);
                let read = (children.iter().zip(words).zip(&readings))
                    .map(|((child, word), reading)| {
                        let text = child.to_string();
                        QueryNode::Word {
                            text: self.written_as_read(
                                &text,
                                &[word],
                                std::slice::from_ref(reading),
                                guessed,
                            ),
                            field: None,
                        }
                    })
                    .collect();
                QueryNode::Or(read)
            }
            QueryNode::And(children) => QueryNode::And(
                (children.iter())
                    .map(|child| self.read_node(child, guessed))
                    .collect(),
            ),
            QueryNode::Or(children) => QueryNode::Or(
                (children.iter())
                    .map(|child| self.read_node(child, guessed))
                    .collect(),
            ),
            QueryNode::Not(operand) => QueryNode::Not(Box::new(self.read_node(operand, guessed))),
            _ => node.clone(),
        }
    }

    /// `text` with each of its `words` looked for by a reading written as `readings` says;
    /// `guessed` is set when one of them has marks the word was typed without.
    fn written_as_read(
        &self,
        text: &str,
        words: &[QueryWord],
        readings: &[String],
        guessed: &mut bool,
    ) -> String {
        let read: Vec<(Range<usize>, &str)> = (words.iter().zip(readings))
            // Only a reading chooses one spelling: `--fold` and `--any-spelling` match them all.
            .filter(|(word, reading)| self.mode(word) == Mode::Reading && **reading != word.folded)
            .map(|(word, reading)| (word.start..word.start + word.text.len(), reading.as_str()))
            .collect();
        *guessed |= !read.is_empty();
        respelled(text, read)
    }

    /// For a long query (plain words, at least [`LONG_QUERY_WORDS`] of them), what finds and
    /// ranks the documents in `dates` holding at least [`minimum_words`] of its words and none
    /// of its exclusions, each word read as in the query; `None` for other queries.
    pub(crate) fn compile_some_words(
        mut self,
        node: &QueryNode,
        dates: &DateRange,
    ) -> Result<Option<SomeWords>, CompileError> {
        let Some(plain) = PlainQuery::of(node).filter(|q| q.words() >= LONG_QUERY_WORDS) else {
            return Ok(None);
        };
        self.marked_query = has_marks(node);
        let minimum = minimum_words(plain.words());
        for group in &plain.groups {
            // Noted for highlighting and ranking; the words are looked up by the caller.
            let readings = self.read(group);
            self.note_group(group, &readings, None);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for exclusion in plain.exclusions {
            clauses.extend(
                self.node(exclusion, false)
                    .map(|q| (Occur::MustNot, excluded(q))),
            );
        }
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let allowed = (!clauses.is_empty()).then(|| {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
            Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
        });
        Ok(Some(SomeWords {
            allowed: self.finish(allowed, dates, false, None),
            minimum,
        }))
    }

    /// `query` (or every document when `None`) restricted to `dates`, with what the compiler
    /// noted while compiling it (and `one_term`: see [`Compiled::one_term`]; `reading`: see
    /// [`Compiled::reading`]).
    fn finish(
        mut self,
        query: Option<Box<dyn Query>>,
        dates: &DateRange,
        one_term: bool,
        reading: Option<String>,
    ) -> Compiled {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        clauses.extend(query.map(|query| (Occur::Must, query)));
        let dates = self.date_query(dates);
        if let Some(range) = &dates {
            clauses.push((Occur::Must, range.box_clone()));
        }
        let query: Box<dyn Query> = match clauses.len() {
            0 => Box::new(tantivy::query::AllQuery),
            _ => required(clauses),
        };
        if count_pairs(self.searcher, &self.fields, &mut self.ranked).is_err() {
            // Unread counts are estimated from the syllables' frequencies.
            self.ranked.iter_mut().for_each(|s| s.pair_documents = None);
        }
        let candidates = self.candidates_query(query.as_ref());
        self.matchers.add_stand_ins();
        Compiled {
            query,
            candidates,
            ranked: self.ranked,
            matcher: self.matchers.body,
            highlighter: self.matchers.highlight,
            title_matcher: self.matchers.title,
            reading,
            expansions: self.expansions,
            one_term,
            dates,
        }
    }

    /// Whether `query`, compiled from a single word, is one syllable typed with its marks and
    /// matches exactly that term in the title and the body (or the title): no other term, no
    /// other spelling, no expansion.
    fn is_one_term(&self, query: &dyn Query) -> bool {
        let [syllable] = self.ranked.as_slice() else {
            return false;
        };
        if !syllable.typed || syllable.every_spelling || !self.expansions.is_empty() {
            return false;
        }
        let mut expected = vec![Term::from_field_text(self.fields.title, &syllable.spelling)];
        if !syllable.title_only {
            expected.push(Term::from_field_text(self.fields.body, &syllable.spelling));
        }
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| terms.push(term.clone()));
        terms.sort();
        expected.sort();
        terms == expected
    }

    /// The query whose best matches [`crate::rank`] ranks: `query`, scoring higher where two
    /// syllables that follow each other in the query stand side by side, by how rare the pair is,
    /// so that documents holding them together are among the candidates even when each syllable
    /// is common. Only for the pairs counted (see [`count_pairs`]); `None` without any, when
    /// `query`'s order is enough: a long query picks its candidates well by its words alone, and
    /// a union of many phrases would read positions in most documents.
    fn candidates_query(&self, query: &dyn Query) -> Option<Box<dyn Query>> {
        let docs = self.searcher.num_docs() as f32;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query.box_clone())];
        for pair in self.ranked.windows(2) {
            let Some(documents) = pair[1].pair_documents else {
                continue;
            };
            let terms = pair_terms(&pair[0], &pair[1]);
            for field in self.fields_of(None) {
                let side_by_side = ConstScoreQuery::new(
                    spelled_phrase(field, &[0, 1], &terms, 0),
                    idf(documents as f32, docs),
                );
                clauses.push((Occur::Should, Box::new(side_by_side)));
            }
        }
        (clauses.len() > 1).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    fn node(&mut self, node: &QueryNode, positive: bool) -> Option<Box<dyn Query>> {
        match node {
            QueryNode::Word { text, field } | QueryNode::Group { text, field } => {
                match self.members(text, *field) {
                    Some(members) => self.expanded_group(text, *field, positive, &members),
                    None => self.group(text, *field, positive),
                }
            }
            QueryNode::Prefix { text, field } => self.prefix(text, *field, positive),
            QueryNode::Phrase { text, field, slop } => match self.members(text, *field) {
                Some(members) => self.expanded_phrase(text, *field, *slop, positive, &members),
                None => self.phrase(text, *field, *slop, positive),
            },
            QueryNode::And(children) => self.and(children, positive),
            QueryNode::Or(children) if words_of(children).is_some() => {
                // Alternatives of single words (`đảng OR ủy`, a pasted text sent as any of its
                // words) are read together: the words around an accent-free one tell its
                // reading as they do in a group.
                let words = words_of(children).expect("checked in the guard");
                let readings = self.read(&words);
                let clauses = words
                    .iter()
                    .zip(children)
                    .zip(&readings)
                    .map(|((word, child), reading)| {
                        let query = self
                            .group_words(
                                std::slice::from_ref(word),
                                std::slice::from_ref(reading),
                                None,
                                positive,
                            )
                            .pop()
                            .expect("one query per word");
                        if positive {
                            if let Some(syllable) = self.ranked.last_mut() {
                                syllable.alternative = true;
                            }
                        }
                        self.or_other_expressions(query, child, positive)
                    })
                    .collect();
                Some(any_of(clauses))
            }
            QueryNode::Or(children) => {
                let clauses: Vec<_> = children
                    .iter()
                    .filter_map(|child| self.node(child, positive))
                    .collect();
                (!clauses.is_empty()).then(|| any_of(clauses))
            }
            QueryNode::Not(inner) => self.node(inner, false),
        }
    }

    fn and(&mut self, children: &[QueryNode], positive: bool) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for child in children {
            match child {
                QueryNode::Not(inner) => {
                    clauses.extend(
                        self.node(inner, false)
                            .map(|q| (Occur::MustNot, excluded(q))),
                    );
                }
                other => clauses.extend(self.node(other, positive).map(|q| (Occur::Must, q))),
            }
        }
        let has_required = clauses.iter().any(|(occur, _)| *occur == Occur::Must);
        has_required.then(|| required(clauses))
    }

    /// The members of synonym groups in `text` (see [`crate::expansion`]) while fewer than
    /// [`MAX_EXPANDED`] were expanded; `None` without any, without expansion, or for `source:`.
    fn members(&mut self, text: &str, field: Option<Field>) -> Option<Vec<Member>> {
        let synonyms = self.synonyms?;
        if field == Some(Field::Source) {
            return None;
        }
        let accent_free = self.leniency.fold || !self.marked_query;
        let mut found = members(text, synonyms, accent_free);
        found.truncate(MAX_EXPANDED.saturating_sub(self.members_expanded));
        self.members_expanded += found.len();
        (!found.is_empty()).then_some(found)
    }

    /// `query`, the query of the one word `node` of an OR of words, or the other expressions
    /// of its group when the word is a member of one.
    fn or_other_expressions(
        &mut self,
        query: Box<dyn Query>,
        node: &QueryNode,
        positive: bool,
    ) -> Box<dyn Query> {
        let QueryNode::Word { text, field } = node else {
            return query;
        };
        let Some(members) = self.members(text, *field) else {
            return query;
        };
        let mut alternatives = vec![query];
        for member in &members {
            for other in self.others_of(member, text, *field, positive) {
                alternatives.extend(self.other_expression(&other, *field, 0, positive));
            }
        }
        any_of(alternatives)
    }

    /// A word or group with members of synonym groups: its other words as a group, and each
    /// member as typed or as any other expression of its group (a phrase). An occurrence is the
    /// group's words side by side, as for any group, each member written as typed or as another
    /// expression (`UBND tỉnh`, `Ủy ban nhân dân tỉnh`); a part alone is only highlighted.
    fn expanded_group(
        &mut self,
        text: &str,
        field: Option<Field>,
        positive: bool,
        members: &[Member],
    ) -> Option<Box<dyn Query>> {
        // The words are read together, members included, so that each is read beside its
        // neighbours (`hdnd tinh`: `tỉnh`, where `tinh` alone reads `tình`).
        let words = QueryWord::analyse(text);
        let readings = self.read(&words);
        self.matchers.highlighting_only = true;
        let parts = self.expanded_parts(text, &words, &readings, field, positive, members);
        self.matchers.highlighting_only = false;
        let first = self.matchers.next_items();
        if let (true, Some((_, choices))) = (positive && field != Some(Field::Source), &parts) {
            self.note_runs(&words, &readings, field);
            self.note_expressed_runs(text, &words, members, choices, field);
        }
        self.matchers.parts_stand_in_for(first);
        let (clauses, _) = parts?;
        Some(required(clauses))
    }

    /// The clauses of [`expanded_group`](Self::expanded_group): each part between members as a
    /// group, each member as typed or as any of its other expressions (also given, one list
    /// per member). A part takes the `readings` of the `words` that start in it (a code such as
    /// `TP.HCM`, one word alone, is two among others: it is then read on its own).
    fn expanded_parts(
        &mut self,
        text: &str,
        words: &[QueryWord],
        readings: &[String],
        field: Option<Field>,
        positive: bool,
        members: &[Member],
    ) -> Option<(Clauses, Vec<Vec<String>>)> {
        let readings_in = |part: Range<usize>| -> Vec<String> {
            (words.iter().zip(readings))
                .filter(|(word, _)| part.contains(&word.start))
                .map(|(_, reading)| reading.clone())
                .collect()
        };
        let mut clauses: Clauses = Vec::new();
        let mut choices = Vec::with_capacity(members.len());
        let mut at = 0;
        for member in members {
            let before = at..member.start;
            clauses.extend(
                self.group_read_as(&text[before.clone()], &readings_in(before), field, positive)
                    .map(|q| (Occur::Must, q)),
            );
            let others = self.others_of(member, text, field, positive);
            let typed = member.start..member.end;
            let typed =
                self.group_read_as(&text[typed.clone()], &readings_in(typed), field, positive)?;
            let mut alternatives = vec![typed];
            for other in &others {
                alternatives.extend(self.other_expression(other, field, 0, positive));
            }
            clauses.push((Occur::Must, any_of(alternatives)));
            choices.push(others);
            at = member.end;
        }
        let after = at..text.len();
        clauses.extend(
            self.group_read_as(&text[after.clone()], &readings_in(after), field, positive)
                .map(|q| (Occur::Must, q)),
        );
        Some((clauses, choices))
    }

    /// Notes, as occurrences of a group with `members`, each run of its `words` side by side
    /// with its members written as other expressions (`choices`, one list per member): a phrase
    /// each. A member across punctuation is noted alone.
    fn note_expressed_runs(
        &mut self,
        text: &str,
        words: &[QueryWord],
        members: &[Member],
        choices: &[Vec<String>],
        field: Option<Field>,
    ) {
        // Each variant is compiled as a phrase for what it notes; its query is not needed (the
        // group's clauses match the documents). Each run's bytes go up to the next run.
        let spans: Vec<Range<usize>> = (runs(words).into_iter())
            .map(|run| words[run.start].start..words.get(run.end).map_or(text.len(), |w| w.start))
            .collect();
        let within = |span: &Range<usize>, member: &Member| {
            span.start <= member.start && member.end <= span.end
        };
        for span in &spans {
            let (inside, inside_choices): (Vec<Member>, Vec<Vec<String>>) = (members.iter())
                .zip(choices)
                .filter(|(member, _)| within(span, member))
                .map(|(member, others)| {
                    let rebased = Member {
                        start: member.start - span.start,
                        end: member.end - span.start,
                        ..member.clone()
                    };
                    (rebased, others.clone())
                })
                .unzip();
            for variant in variants(&text[span.clone()], &inside, &inside_choices)
                .iter()
                .skip(1)
            {
                self.other_expression(variant, field, 0, true);
            }
        }
        for (member, others) in members.iter().zip(choices) {
            if !spans.iter().any(|span| within(span, member)) {
                for other in others {
                    self.other_expression(other, field, 0, true);
                }
            }
        }
    }

    /// A phrase with members of synonym groups: the phrase as typed, or with its members
    /// written as other expressions of their groups.
    fn expanded_phrase(
        &mut self,
        text: &str,
        field: Option<Field>,
        slop: u32,
        positive: bool,
        members: &[Member],
    ) -> Option<Box<dyn Query>> {
        let choices: Vec<Vec<String>> = members
            .iter()
            .map(|member| self.others_of(member, text, field, positive))
            .collect();
        let spelled = variants(text, members, &choices);
        let mut alternatives = vec![self.phrase(text, field, slop, positive)?];
        for variant in &spelled[1..] {
            alternatives.extend(self.other_expression(variant, field, slop, positive));
        }
        Some(any_of(alternatives))
    }

    /// The other expressions `member` of `text` also stands for (for an ambiguous one, those
    /// of the meaning the rest of `text` or the index supports, if one is), noted for a
    /// positive member.
    fn others_of(
        &mut self,
        member: &Member,
        text: &str,
        field: Option<Field>,
        positive: bool,
    ) -> Vec<String> {
        let synonyms = self.synonyms.expect("members are found with synonyms");
        let typed = &text[member.start..member.end];
        let meaning = |group: usize| synonyms.others(group, typed).first().map(|s| s.to_string());
        let (group, senses) = match member.groups.as_slice() {
            [group] => (Some(*group), Vec::new()),
            groups => {
                let rest = format!("{} {}", &text[..member.start], &text[member.end..]);
                let senses: Vec<String> = groups.iter().filter_map(|&g| meaning(g)).collect();
                (self.supported(groups, typed, &rest, field), senses)
            }
        };
        let also: Vec<String> = group
            .map(|g| synonyms.others(g, typed))
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string)
            .collect();
        let noted = self.expansions.iter().any(|e| e.typed == typed);
        if positive && !noted && (!also.is_empty() || !senses.is_empty()) {
            self.expansions.push(Expansion {
                typed: typed.to_string(),
                also: also.clone(),
                senses,
                origin: synonyms.groups()[group.unwrap_or(member.groups[0])].origin,
            });
        }
        also
    }

    /// Of the `groups` an ambiguous `typed` abbreviation is in, the one whose meaning (its
    /// first other expression) the index supports far more than any other's, by the documents
    /// holding it with the `rest` of the words typed with it, or, alone, with the abbreviation
    /// itself: at least [`SENSE_MARGIN`] times more. One count per meaning.
    fn supported(
        &self,
        groups: &[usize],
        typed: &str,
        rest: &str,
        field: Option<Field>,
    ) -> Option<usize> {
        let synonyms = self.synonyms?;
        let with = if QueryWord::analyse(rest).is_empty() {
            typed
        } else {
            rest
        };
        let mut support: Vec<(usize, usize)> = groups
            .iter()
            .map(|&group| {
                // The abbreviation itself, ambiguous, is not among the others.
                let documents = synonyms.others(group, "").first().map_or(0, |meaning| {
                    let query = QueryNode::And(vec![
                        QueryNode::Group {
                            text: with.to_string(),
                            field,
                        },
                        QueryNode::Phrase {
                            text: meaning.to_string(),
                            field,
                            slop: 0,
                        },
                    ]);
                    self.count(&query)
                });
                (documents, group)
            })
            .collect();
        support.sort_by(|a, b| b.cmp(a));
        let best = support[0].0;
        let second = support.get(1).map_or(0, |s| s.0);
        (best > 0 && best >= SENSE_MARGIN * second).then_some(support[0].1)
    }

    /// Documents `node` matches, without expansion (0 when it cannot be compiled).
    fn count(&self, node: &QueryNode) -> usize {
        Compiler::new(
            self.searcher,
            self.spellings,
            self.readings_chosen,
            self.fields,
            self.leniency,
        )
        .compile(Some(node), &DateRange::ALL)
        .ok()
        .and_then(|compiled| {
            self.searcher
                .search(compiled.query.as_ref(), &tantivy::collector::Count)
                .ok()
        })
        .unwrap_or(0)
    }

    /// The query of an other expression of a member, `text` as a phrase: its occurrences are
    /// highlighted and counted as the query's, but it neither scores nor is ranked (its
    /// syllables, `ủy`, `ban`... would score wherever they stand apart) and its reading is not
    /// shown. The documents holding the expression typed rank as without expansion; those
    /// holding another only follow, ranked by the query's other words.
    fn other_expression(
        &mut self,
        text: &str,
        field: Option<Field>,
        slop: u32,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        let ranked = std::mem::take(&mut self.ranked);
        let query = self.phrase(text, field, slop, positive);
        self.ranked = ranked;
        query.map(|q| Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>)
    }

    /// A word, or a group of adjacent words: each word must match; the reading is chosen for
    /// the whole group; words side by side (not across punctuation) are an occurrence of the
    /// group and rank higher.
    fn group(
        &mut self,
        text: &str,
        field: Option<Field>,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        self.group_read_as(text, &[], field, positive)
    }

    /// [`group`](Self::group), its words read as `readings` when there is one per word (read
    /// with the words around them), else read on their own.
    fn group_read_as(
        &mut self,
        text: &str,
        readings: &[String],
        field: Option<Field>,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        let words = QueryWord::analyse(text);
        if words.is_empty() {
            return None;
        }
        if field == Some(Field::Source) {
            return self.source_query(&words);
        }
        let readings = match readings.len() == words.len() {
            true => readings.to_vec(),
            false => self.read(&words),
        };
        let clauses = self
            .group_words(&words, &readings, field, positive)
            .into_iter()
            .map(|query| (Occur::Must, query))
            .collect();
        Some(required(clauses))
    }

    /// The query of each word of a group, read as `readings`; a positive group's occurrences
    /// and syllables are noted for highlighting and ranking.
    fn group_words(
        &mut self,
        words: &[QueryWord],
        readings: &[String],
        field: Option<Field>,
        positive: bool,
    ) -> Vec<Box<dyn Query>> {
        // A word met again requires nothing more: it is matched once.
        let mut seen = HashSet::new();
        let queries = words
            .iter()
            .zip(readings)
            .filter(|(word, reading)| seen.insert((&word.term, *reading)))
            .map(|(word, reading)| self.word_query(word, reading, field))
            .collect();
        if positive {
            self.note_group(words, readings, field);
        }
        queries
    }

    /// Notes a positive group's words, read as `readings`: their occurrences for highlighting
    /// and counting (a run side by side is one occurrence), their syllables for ranking.
    fn note_group(&mut self, words: &[QueryWord], readings: &[String], field: Option<Field>) {
        self.note_readings(words, readings, field);
        self.note_runs(words, readings, field);
    }

    /// Notes each run of `words` side by side, read as `readings`, as an occurrence, and each
    /// word of a longer run for highlighting.
    fn note_runs(&mut self, words: &[QueryWord], readings: &[String], field: Option<Field>) {
        for run in runs(words) {
            let run_readings = &readings[run.clone()];
            let run_words = &words[run];
            if let [word] = run_words {
                self.word_occurrence(word, &run_readings[0], field);
                continue;
            }
            let keys = run_words
                .iter()
                .zip(run_readings)
                .map(|(word, reading)| {
                    (
                        word.position - run_words[0].position,
                        self.key(word, reading),
                    )
                })
                .collect();
            let whole = self.matchers.next_items();
            self.matchers.occurrence(MatchItem::Phrase(keys), field);
            for (word, reading) in run_words.iter().zip(run_readings) {
                let item = MatchItem::Word(self.key(word, reading));
                self.matchers.stand_in(item, field, whole);
            }
        }
    }

    /// Whether `word` was typed as the spelling to look for: with marks, or in a query with
    /// marks somewhere.
    fn typed_exactly(&self, word: &QueryWord) -> bool {
        word.is_marked() || self.marked_query
    }

    /// The terms of title and body folding to `folded`: every spelling of the word in the index
    /// (none, and the query refused, past [`MAX_SPELLINGS`](crate::spellings::MAX_SPELLINGS)).
    fn every_spelling(&mut self, folded: &str) -> Vec<String> {
        let found = self
            .spellings
            .title_and_body(self.searcher, &self.fields, folded);
        found.unwrap_or_else(|| {
            self.error
                .get_or_insert(CompileError::TooManySpellings(folded.to_string()));
            Vec::new()
        })
    }

    /// The index's words `word` matches with `fuzzy` (see [`crate::fuzzy`]), or `None` when
    /// they are too many.
    fn fuzzy_terms(&self, word: &QueryWord) -> Option<Vec<String>> {
        fuzzy_terms(
            self.searcher,
            &self.fields,
            self.spellings,
            &word.term,
            self.leniency.fold,
            !self.marked_query,
        )
    }

    /// [`Self::fuzzy_terms`], or none and the query refused when they are too many.
    fn fuzzy_terms_or_refuse(&mut self, word: &QueryWord) -> Vec<String> {
        self.fuzzy_terms(word).unwrap_or_else(|| {
            self.error
                .get_or_insert(CompileError::TooManySpellings(word.term.clone()));
            Vec::new()
        })
    }

    fn mode(&self, word: &QueryWord) -> Mode {
        if self.leniency.fuzzy && word.parts.len() <= 1 {
            // A code's words are matched as without `fuzzy`: its slips are not a syllable's.
            Mode::Fuzzy
        } else if self.leniency.fold {
            Mode::Folded
        } else if self.typed_exactly(word) {
            Mode::Exact
        } else if self.leniency.any_spelling || word.parts.len() > 1 {
            // An accent-free code (`vac-xin`) has no reading of its own: every spelling.
            Mode::Folded
        } else {
            Mode::Reading
        }
    }

    /// The chosen term of each word: its own spelling when matched exactly, else the likeliest
    /// reading.
    fn read(&self, words: &[QueryWord]) -> Vec<String> {
        let syllables = with_breaks(words.iter().map(|w| {
            let syllable = if self.typed_exactly(w) {
                Syllable::Fixed(w.term.clone())
            } else {
                Syllable::Folded(w.folded.clone())
            };
            (syllable, w.position)
        }));
        if syllables.iter().any(|s| matches!(s, Syllable::Folded(_))) {
            self.readings_chosen
                .choose(self.searcher, &self.fields, self.spellings, &syllables)
        } else {
            words.iter().map(|w| w.term.clone()).collect()
        }
    }

    /// Remembers the readings of positive words, to show which one was chosen, and the words
    /// for the ranking: each follows the one before unless punctuation stands between them.
    fn note_readings(&mut self, words: &[QueryWord], readings: &[String], field: Option<Field>) {
        for (i, (word, reading)) in words.iter().zip(readings).enumerate() {
            let mode = self.mode(word);
            let follows = match i {
                0 => !self.ranked.is_empty(),
                _ => word.position == words[i - 1].position + 1,
            };
            let spellings = match mode {
                Mode::Fuzzy => self.fuzzy_terms_or_refuse(word),
                _ => self.every_spelling(&word.folded),
            };
            // The index term of the spelling looked for: as typed, or the reading.
            let spelling = match mode {
                Mode::Exact => word.term.clone(),
                Mode::Reading | Mode::Folded => reading.to_string(),
                Mode::Fuzzy => intended(word, reading, &spellings),
            };
            if mode == Mode::Fuzzy {
                self.note_fuzzy(word, &spellings);
            }
            self.ranked.push(RankedSyllable {
                spelling,
                spellings,
                title_only: field == Some(Field::Title),
                follows,
                typed: mode == Mode::Exact,
                every_spelling: matches!(mode, Mode::Folded | Mode::Fuzzy),
                alternative: false,
                pair_documents: None,
            });
        }
    }

    /// Shows what a fuzzy word matched besides itself, as an expansion, once however often the
    /// word is compiled (the words of `TP.HCM`'s expressions are, for each expression).
    fn note_fuzzy(&mut self, word: &QueryWord, terms: &[String]) {
        let also: Vec<String> = terms.iter().filter(|t| **t != word.term).cloned().collect();
        let expansion = Expansion {
            typed: word.text.clone(),
            also,
            senses: Vec::new(),
            origin: Origin::Fuzzy,
        };
        if !expansion.also.is_empty() && !self.expansions.contains(&expansion) {
            self.expansions.push(expansion);
        }
    }

    /// How a query syllable must appear in stored text.
    fn key(&self, word: &QueryWord, reading: &str) -> Key {
        match self.mode(word) {
            Mode::Exact => Key::Exact(word.term.clone()),
            Mode::Reading => Key::Exact(reading.to_string()),
            Mode::Folded => Key::Folded(word.folded.clone()),
            Mode::Fuzzy => Key::AnyOf(self.fuzzy_terms(word).unwrap_or_default()),
        }
    }

    /// The index terms a query syllable is looked up under: one, or every spelling.
    fn looked_up(&mut self, word: &QueryWord, reading: &str) -> Vec<String> {
        match self.mode(word) {
            Mode::Exact => vec![word.term.clone()],
            Mode::Reading => vec![reading.to_string()],
            Mode::Folded => self.every_spelling(&word.folded),
            Mode::Fuzzy => self.fuzzy_terms_or_refuse(word),
        }
    }

    /// A word's occurrences: the word, and a code's words written apart.
    fn word_occurrence(&mut self, word: &QueryWord, reading: &str, field: Option<Field>) {
        self.matchers
            .occurrence(MatchItem::Word(self.key(word, reading)), field);
        if word.parts.len() > 1 {
            let folded = self.mode(word) == Mode::Folded;
            let keys = word
                .parts
                .iter()
                .enumerate()
                .map(|(i, part)| {
                    let key = if folded {
                        Key::Folded(part.folded.clone())
                    } else {
                        Key::Exact(part.term.clone())
                    };
                    (i, key)
                })
                .collect();
            self.matchers.occurrence(MatchItem::Phrase(keys), field);
        }
    }

    /// The fields a word is looked for in: the title, and the body unless `title:`.
    fn fields_of(&self, field: Option<Field>) -> Vec<TantivyField> {
        match field {
            Some(Field::Title) => vec![self.fields.title],
            _ => vec![self.fields.title, self.fields.body],
        }
    }

    /// The query matching `word`; its score only picks the candidates [`crate::rank`] ranks.
    fn word_query(
        &mut self,
        word: &QueryWord,
        reading: &str,
        field: Option<Field>,
    ) -> Box<dyn Query> {
        let looked_up = self.looked_up(word, reading);
        // A code also matches its words written apart (`vắc-xin` finds `vắc xin`).
        let parts: Vec<Vec<String>> = match self.mode(word) {
            Mode::Folded => word
                .parts
                .iter()
                .map(|part| self.every_spelling(&part.folded))
                .collect(),
            _ => word
                .parts
                .iter()
                .map(|part| vec![part.term.clone()])
                .collect(),
        };
        let offsets: Vec<usize> = (0..parts.len()).collect();
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for field in self.fields_of(field) {
            clauses.push(match looked_up.as_slice() {
                [term] => term_query(Term::from_field_text(field, term)),
                spellings => any_of_terms(self.searcher, field, spellings),
            });
            if parts.len() > 1 {
                clauses.push(spelled_phrase(field, &offsets, &parts, 0));
            }
        }
        any_of(clauses)
    }

    fn phrase(
        &mut self,
        text: &str,
        field: Option<Field>,
        slop: u32,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        let words = QueryWord::analyse(text);
        if words.is_empty() {
            return None;
        }
        if field == Some(Field::Source) {
            return self.source_query(&words);
        }
        let readings = self.read(&words);
        if positive {
            self.note_readings(&words, &readings, field);
        }
        if let [word] = words.as_slice() {
            if positive {
                self.word_occurrence(word, &readings[0], field);
            }
            return Some(self.word_query(word, &readings[0], field));
        }
        if positive {
            let first = words[0].position;
            let item = if slop == 0 {
                MatchItem::Phrase(
                    words
                        .iter()
                        .zip(&readings)
                        .map(|(w, r)| (w.position - first, self.key(w, r)))
                        .collect(),
                )
            } else {
                MatchItem::Near {
                    keys: words
                        .iter()
                        .zip(&readings)
                        .map(|(w, r)| self.key(w, r))
                        .collect(),
                    slop: slop as usize,
                }
            };
            self.matchers.occurrence(item, field);
        }
        Some(self.phrase_query(&words, &readings, field, slop))
    }

    fn phrase_query(
        &mut self,
        words: &[QueryWord],
        readings: &[String],
        field: Option<Field>,
        slop: u32,
    ) -> Box<dyn Query> {
        let offsets = QueryWord::offsets(words);
        let looked_up: Vec<Vec<String>> = words
            .iter()
            .zip(readings)
            .map(|(word, reading)| self.looked_up(word, reading))
            .collect();
        let in_each_field = self
            .fields_of(field)
            .into_iter()
            .map(|field| spelled_phrase(field, &offsets, &looked_up, slop))
            .collect();
        any_of(in_each_field)
    }

    /// Words starting with `text`: every such word of the index, up to [`MAX_PREFIX_WORDS`] and
    /// as long as the query's prefixes stand for at most [`MAX_QUERY_PREFIX_WORDS`] in all.
    fn prefix(
        &mut self,
        text: &str,
        field: Option<Field>,
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        if self.error.is_some() {
            return None;
        }
        let words = QueryWord::analyse(text);
        let [word] = words.as_slice() else {
            return None;
        };
        // A prefix is a word typed in part, whose marks may be in the part not typed: it is
        // matched as typed only when it has marks itself. Then it is also looked for as written,
        // for terms place the tone by one rule: `hoà*` (the newer placement) is `hòa` once
        // normalised, and as written begins `hoàn`, `hoàng`.
        let folded = field == Some(Field::Source) || self.leniency.fold || !word.is_marked();
        let prefixes = if folded {
            vec![word.folded.clone()]
        } else {
            let as_written = word.text.nfc().collect::<String>().to_lowercase();
            let mut prefixes = vec![word.term.clone()];
            if as_written != word.term {
                prefixes.push(as_written);
            }
            prefixes
        };
        let fields = match field {
            Some(Field::Source) => vec![self.fields.source_folded],
            Some(Field::Title) => vec![self.fields.title],
            None => vec![self.fields.title, self.fields.body],
        };
        let typed = format!("{text}*");
        if !self.prefixes.contains(&typed) {
            self.prefixes.push(typed.clone());
        }
        let left = MAX_QUERY_PREFIX_WORDS - self.prefix_words;
        let budget = MAX_PREFIX_WORDS.min(left);
        let expanded = match folded {
            true => fold_prefix_terms(self.searcher, &fields, &prefixes[0], budget),
            false => self.expand(&prefixes, &fields, budget).map(|terms| {
                let words = terms.len();
                (terms, words)
            }),
        };
        let Some((expansions, words)) = expanded else {
            self.error = Some(if left >= MAX_PREFIX_WORDS {
                CompileError::PrefixTooBroad(typed)
            } else {
                CompileError::PrefixesTooBroad(std::mem::take(&mut self.prefixes))
            });
            return None;
        };
        self.prefix_words += words;
        if positive && field != Some(Field::Source) {
            self.matchers.occurrence(
                MatchItem::Word(Key::Prefix {
                    texts: prefixes,
                    folded,
                }),
                field,
            );
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = fields
            .iter()
            .flat_map(|&field| {
                expansions.iter().map(move |term| {
                    (
                        Occur::Should,
                        term_query(Term::from_field_text(field, term)),
                    )
                })
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The terms of `fields` starting with one of `prefixes` as written, or `None` when there
    /// are more than `max_words` (an accent-free prefix is expanded by its folded form instead:
    /// [`fold_prefix_terms`]).
    fn expand(
        &self,
        prefixes: &[String],
        fields: &[TantivyField],
        max_words: usize,
    ) -> Option<Vec<String>> {
        let mut terms: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for prefix in prefixes {
            self.expand_into(prefix, fields, max_words, &mut terms)?;
        }
        Some(terms.into_iter().collect())
    }

    /// Adds the terms of `fields` starting with `prefix` to `terms`, or `None` once they are
    /// more than `max_words`.
    fn expand_into(
        &self,
        prefix: &str,
        fields: &[TantivyField],
        max_words: usize,
        terms: &mut std::collections::BTreeSet<String>,
    ) -> Option<()> {
        for &field in fields {
            for segment in self.searcher.segment_readers() {
                let Ok(inverted) = segment.inverted_index(field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
                else {
                    continue;
                };
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if !term.starts_with(prefix) {
                        break;
                    }
                    terms.insert(term.to_string());
                    if terms.len() > max_words {
                        return None;
                    }
                }
            }
        }
        Some(())
    }

    /// `source:` words match the source name's accent-free words, in order.
    fn source_query(&self, words: &[QueryWord]) -> Option<Box<dyn Query>> {
        let field = self.fields.source_folded;
        Some(match words {
            [] => return None,
            [word] => term_query(Term::from_field_text(field, &word.folded)),
            _ => {
                let terms: Vec<Vec<String>> =
                    words.iter().map(|w| vec![w.folded.clone()]).collect();
                spelled_phrase(field, &QueryWord::offsets(words), &terms, 0)
            }
        })
    }

    fn date_query(&self, dates: &DateRange) -> Option<Box<dyn Query>> {
        if dates.from.is_none() && dates.to.is_none() {
            return None;
        }
        let bound = |date: Option<tracuu_indexer::Date>| match date {
            Some(d) => Bound::Included(Term::from_field_i64(self.fields.date, d.to_days())),
            None => Bound::Unbounded,
        };
        Some(Box::new(RangeQuery::new(
            bound(dates.from),
            bound(dates.to),
        )))
    }
}

/// The spelling a fuzzy word most likely stands for, among the `terms` it matches: its reading,
/// else its first retyping the index holds (`hộii` -> `hội`), else its reading all the same.
fn intended(word: &QueryWord, reading: &str, terms: &[String]) -> String {
    let holds = |term: &String| terms.binary_search(term).is_ok();
    std::iter::once(reading.to_string())
        .chain(retypings(&word.term).iter().map(|r| normalize_term(r)))
        .find(holds)
        .unwrap_or_else(|| reading.to_string())
}

/// The runs of `words` standing side by side, as index ranges: a new run starts after a gap
/// (punctuation) in their positions.
fn runs(words: &[QueryWord]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=words.len() {
        if i == words.len() || words[i].position != words[i - 1].position + 1 {
            runs.push(start..i);
            start = i;
        }
    }
    runs
}

/// The query of required and excluded `clauses`; when all are required, their intersection
/// (see [`all_of`]), which is the clause itself when it is the only one, so that tantivy runs
/// its own shape: a union visited whole runs as a union (see [`any_of`]).
fn required(clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.iter().all(|(occur, _)| *occur == Occur::Must) {
        return all_of(clauses.into_iter().map(|(_, query)| query).collect());
    }
    Box::new(BooleanQuery::new(clauses))
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}
