//! From a parsed query to a tantivy query with tracuu's ranking, and to a [`Matcher`] that
//! finds the same matches in stored text for snippets and concordances.
//!
//! Title and body hold each word's normalised term and, at the same position, its accent-free
//! term. Diacritics decide which one a query syllable looks for: a syllable typed with
//! diacritics matches its spelling (in any case, Unicode form or tone placement); a syllable
//! typed without them (or any syllable with `fold`) matches the accent-free term, and documents
//! containing the likeliest accented reading (see [`crate::reading`]) score higher. Adjacent query
//! syllables found adjacent in a document, in that reading, score higher (two-word phrases,
//! applied to the best matches only: see [`Compiled::adjacency`]).

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field as TantivyField, IndexRecordOption};
use tantivy::{Searcher, Term};
use tracuu_indexer::analysis::{analyze, fold_term, AnalyzedToken, TokenKind};
use tracuu_indexer::Fields;

use crate::matcher::{Key, MatchItem, Matcher};
use crate::parse::{DateRange, Field, QueryNode};
use crate::reading::{choose_reading, Syllable};

/// Relative weights of the ways a document can match.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// A match in the title, with the query's diacritics (or the chosen reading).
    pub title_exact: f32,
    /// A match in the body, with the query's diacritics (or the chosen reading).
    pub body_exact: f32,
    /// A match in the title, ignoring diacritics.
    pub title_folded: f32,
    /// A match in the body, ignoring diacritics.
    pub body_folded: f32,
    /// Two query syllables adjacent in the document (title or body), as in the query: a
    /// constant score of this weight times the rarer syllable's inverse document frequency.
    pub adjacency: f32,
}

impl Default for Weights {
    /// The weights chosen with the relevance check (`cargo bench --bench relevance`, figures in
    /// benches/README.md): equal field weights ranked known items best, long and short queries,
    /// accented or not (title x2 lost 0.06–0.08 MRR@10 on long queries). A title match still
    /// adds to the body's score, and a match with the query's diacritics (or reading) still
    /// counts more, as it matches both the exact and the accent-free clause. Adjacency 6 ranked
    /// short queries better than 3 (0.172 against 0.168 MRR@10) and almost as well as 10.
    fn default() -> Weights {
        Weights {
            title_exact: 1.0,
            body_exact: 1.0,
            title_folded: 1.0,
            body_folded: 1.0,
            adjacency: 6.0,
        }
    }
}

/// Two query syllables that score more where they stand side by side, in order.
pub(crate) struct AdjacentPair {
    /// The two syllables as a phrase, in the title and in the body.
    pub phrases: Vec<Box<dyn Query>>,
    /// What a document with either phrase gains.
    pub score: f32,
}

/// A query ready to run, with what to highlight.
pub(crate) struct Compiled {
    /// The tantivy query: what matches, and its score.
    pub query: Box<dyn Query>,
    /// Pairs of adjacent query syllables, whose score is added where they stand side by side.
    /// They match nothing by themselves and are looked up only in the best matches (see
    /// [`crate::search`]), as positions are costly to read for every match.
    pub adjacency: Vec<AdjacentPair>,
    /// What counts as an occurrence in body text.
    pub matcher: Matcher,
    /// What a body snippet highlights.
    pub highlighter: Matcher,
    /// What a title highlights.
    pub title_matcher: Matcher,
    /// The accented reading chosen for accent-free words, when there were any.
    pub reading: Option<String>,
}

/// One query word, analysed.
#[derive(Debug, Clone)]
struct QueryWord {
    term: String,
    folded: String,
    accented: bool,
    /// The words of a code (`vắc-xin` -> `vắc`, `xin`), to match it also written with spaces.
    parts: Vec<QueryWord>,
}

impl QueryWord {
    /// The words of `text` (a code is one word; a word with several parts is several).
    fn analyse(text: &str) -> Vec<QueryWord> {
        let tokens = analyze(text);
        let word_tokens = || tokens.iter().filter(|t| t.kind == TokenKind::Word);
        let as_word = |t: &AnalyzedToken, parts: Vec<QueryWord>| QueryWord {
            accented: t.term != t.folded,
            term: t.term.clone(),
            folded: t.folded.clone(),
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
}

/// Compiles queries against one searcher.
pub(crate) struct Compiler<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    fold: bool,
    weights: Weights,
    matcher: Matcher,
    readings: Vec<String>,
    any_folded: bool,
    adjacency: Vec<AdjacentPair>,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        searcher: &'a Searcher,
        fields: Fields,
        fold: bool,
        weights: Weights,
    ) -> Compiler<'a> {
        Compiler {
            searcher,
            fields,
            fold,
            weights,
            matcher: Matcher::default(),
            readings: Vec::new(),
            any_folded: false,
            adjacency: Vec::new(),
        }
    }

    /// Compiles `node` (or matches every document when `None`) restricted to `dates`.
    pub(crate) fn compile(
        mut self,
        node: Option<&QueryNode>,
        dates: &DateRange,
    ) -> Option<Compiled> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(node) = node {
            clauses.push((Occur::Must, self.node(node, true)?));
        }
        if let Some(range) = self.date_query(dates) {
            clauses.push((Occur::Must, range));
        }
        let query: Box<dyn Query> = match clauses.len() {
            0 => Box::new(tantivy::query::AllQuery),
            _ => Box::new(BooleanQuery::new(clauses)),
        };
        let accents_guessed = self.readings.iter().any(|r| fold_term(r) != *r);
        let reading = (self.any_folded && accents_guessed).then(|| self.readings.join(" "));
        Some(Compiled {
            query,
            adjacency: self.adjacency,
            highlighter: self.matcher.clone(),
            title_matcher: self.matcher.clone(),
            matcher: self.matcher,
            reading,
        })
    }

    fn node(&mut self, node: &QueryNode, positive: bool) -> Option<Box<dyn Query>> {
        match node {
            QueryNode::Word { text, field } => self.sequence(&[(text.as_str(), *field)], positive),
            QueryNode::Group { text, field } => {
                // Each word of the group is required, as when words were separate nodes.
                let words: Vec<QueryNode> = text
                    .split(' ')
                    .map(|word| QueryNode::Word {
                        text: word.to_string(),
                        field: *field,
                    })
                    .collect();
                self.and(&words, positive)
            }
            QueryNode::Prefix { text, field } => self.prefix(text, *field),
            QueryNode::Phrase { text, field, slop } => self.phrase(text, *field, *slop, positive),
            QueryNode::And(children) => self.and(children, positive),
            QueryNode::Or(children) => {
                let clauses: Vec<_> = children
                    .iter()
                    .filter_map(|child| self.node(child, positive))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
            QueryNode::Not(inner) => self.node(inner, false),
        }
    }

    fn and(&mut self, children: &[QueryNode], positive: bool) -> Option<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut run: Vec<(&str, Option<Field>)> = Vec::new();
        for child in children {
            match child {
                QueryNode::Word { text, field } if *field != Some(Field::Source) => {
                    run.push((text, *field));
                    continue;
                }
                _ => {}
            }
            if !run.is_empty() {
                clauses.extend(
                    self.sequence(&std::mem::take(&mut run), positive)
                        .map(|q| (Occur::Must, q)),
                );
            }
            match child {
                QueryNode::Not(inner) => {
                    clauses.extend(self.node(inner, false).map(|q| (Occur::MustNot, q)));
                }
                other => clauses.extend(self.node(other, positive).map(|q| (Occur::Must, q))),
            }
        }
        if !run.is_empty() {
            clauses.extend(self.sequence(&run, positive).map(|q| (Occur::Must, q)));
        }
        let has_required = clauses.iter().any(|(occur, _)| *occur == Occur::Must);
        has_required.then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
    }

    /// Consecutive words of one `And`: each must match; their reading is chosen together and
    /// adjacent pairs are rewarded.
    fn sequence(
        &mut self,
        words: &[(&str, Option<Field>)],
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        let analysed: Vec<(Vec<QueryWord>, Option<Field>)> = words
            .iter()
            .map(|(text, field)| (QueryWord::analyse(text), *field))
            .filter(|(w, _)| !w.is_empty())
            .collect();
        if analysed.is_empty() {
            return None;
        }
        if let [(single, field)] = analysed.as_slice() {
            if *field == Some(Field::Source) {
                return self.source_query(single);
            }
        }
        let flat: Vec<&QueryWord> = analysed.iter().flat_map(|(w, _)| w).collect();
        let readings = self.read(&flat);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut at = 0;
        for (group, field) in &analysed {
            let group_readings = &readings[at..at + group.len()];
            at += group.len();
            let query = if group.len() == 1 {
                self.word_query(&group[0], &group_readings[0], *field, positive)
            } else {
                self.phrase_query(group, group_readings, *field, 0, positive)
            };
            clauses.push((Occur::Must, query));
        }
        if positive && self.weights.adjacency > 0.0 {
            // Adjacent query syllables found adjacent (and in order) score more: a two-word
            // phrase in the title or the body, in the chosen reading, scored as a constant (a
            // pair is at least as rare as its rarer syllable: its idf stands for the pair's).
            // Phrase BM25 (which sums both idfs and counts occurrences) ranked worse.
            for (pair, reading) in flat.windows(2).zip(readings.windows(2)) {
                // A code sits at the position of its first word, so it is followed by its last.
                let left = match pair[0].parts.last() {
                    Some(last) => self.as_typed(last),
                    None => &reading[0],
                };
                let terms = [left, reading[1].as_str()];
                let phrases = [self.fields.title, self.fields.body]
                    .into_iter()
                    .map(|field| phrase_on(field, &terms))
                    .collect();
                let score = self.weights.adjacency * self.idf(terms[0]).max(self.idf(terms[1]));
                self.adjacency.push(AdjacentPair { phrases, score });
            }
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// The inverse document frequency of `term` in bodies, as BM25 has it.
    fn idf(&self, term: &str) -> f32 {
        let df = self
            .searcher
            .doc_freq(&Term::from_field_text(self.fields.body, term))
            .unwrap_or(0) as f32;
        let docs = self.searcher.num_docs() as f32;
        (1.0 + (docs - df + 0.5) / (df + 0.5)).ln()
    }

    /// The chosen term of each word: its own spelling when matched exactly, else the likeliest reading.
    fn read(&mut self, words: &[&QueryWord]) -> Vec<String> {
        let syllables: Vec<Syllable> = words
            .iter()
            .map(|w| {
                if w.accented {
                    Syllable::Fixed(w.term.clone())
                } else {
                    Syllable::Folded(w.folded.clone())
                }
            })
            .collect();
        let readings = if syllables.iter().any(|s| matches!(s, Syllable::Folded(_))) {
            choose_reading(self.searcher, &self.fields, &syllables)
        } else {
            words.iter().map(|w| w.term.clone()).collect()
        };
        readings
    }

    fn is_folded(&self, word: &QueryWord) -> bool {
        self.fold || !word.accented
    }

    /// How a query syllable must appear in stored text (for snippets and concordances).
    fn key(&self, word: &QueryWord) -> Key {
        if self.is_folded(word) {
            Key::Folded(word.folded.clone())
        } else {
            Key::Exact(word.term.clone())
        }
    }

    /// The term a query syllable looks for: its accent-free form when matched without
    /// diacritics, else its normalised spelling.
    fn as_typed<'w>(&self, word: &'w QueryWord) -> &'w str {
        if self.is_folded(word) {
            &word.folded
        } else {
            &word.term
        }
    }

    fn word_query(
        &mut self,
        word: &QueryWord,
        reading: &str,
        field: Option<Field>,
        positive: bool,
    ) -> Box<dyn Query> {
        let f = self.fields;
        let w = self.weights;
        let title_only = field == Some(Field::Title);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |field: TantivyField, text: &str, weight: f32| {
            clauses.push((
                Occur::Should,
                boosted(term_query(Term::from_field_text(field, text)), weight),
            ));
        };
        if self.is_folded(word) {
            add(f.title, &word.folded, w.title_folded);
            add(f.title, reading, w.title_exact);
            if !title_only {
                add(f.body, &word.folded, w.body_folded);
                add(f.body, reading, w.body_exact);
            }
            if positive {
                self.any_folded |= !word.accented;
                self.readings.push(reading.to_string());
                self.matcher
                    .items
                    .push(MatchItem::Word(Key::Folded(word.folded.clone())));
            }
        } else {
            add(f.title, &word.term, w.title_exact);
            if !title_only {
                add(f.body, &word.term, w.body_exact);
            }
            if positive {
                self.readings.push(word.term.clone());
                self.matcher
                    .items
                    .push(MatchItem::Word(Key::Exact(word.term.clone())));
            }
        }
        if word.parts.len() > 1 {
            // A code also matches its words written apart (`vắc-xin` finds `vắc xin`).
            let folded = self.is_folded(word);
            let typed: Vec<&str> = word.parts.iter().map(|p| self.as_typed(p)).collect();
            let weights = if folded {
                [(f.title, w.title_folded), (f.body, w.body_folded)]
            } else {
                [(f.title, w.title_exact), (f.body, w.body_exact)]
            };
            for (field, weight) in weights.into_iter().take(if title_only { 1 } else { 2 }) {
                clauses.push((Occur::Should, boosted(phrase_on(field, &typed), weight)));
            }
            if positive {
                let keys = word.parts.iter().map(|p| self.key(p)).collect();
                self.matcher.items.push(MatchItem::Phrase(keys));
            }
        }
        Box::new(BooleanQuery::new(clauses))
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
        let refs: Vec<&QueryWord> = words.iter().collect();
        let readings = self.read(&refs);
        if words.len() == 1 {
            return Some(self.word_query(&words[0], &readings[0], field, positive));
        }
        Some(self.phrase_query(&words, &readings, field, slop, positive))
    }

    fn phrase_query(
        &mut self,
        words: &[QueryWord],
        readings: &[String],
        field: Option<Field>,
        slop: u32,
        positive: bool,
    ) -> Box<dyn Query> {
        let f = self.fields;
        let w = self.weights;
        let title_only = field == Some(Field::Title);
        let folded_mode = words.iter().any(|word| self.is_folded(word));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |field: TantivyField, terms: &[&str], weight: f32| {
            clauses.push((
                Occur::Should,
                boosted(phrase_within(field, terms, slop), weight),
            ));
        };
        // Each syllable as the user wrote it: exact when accented (unless folding), else folded.
        let as_typed: Vec<&str> = words.iter().map(|word| self.as_typed(word)).collect();
        let (title_weight, body_weight) = if folded_mode {
            (w.title_folded, w.body_folded)
        } else {
            (w.title_exact, w.body_exact)
        };
        add(f.title, &as_typed, title_weight);
        if !title_only {
            add(f.body, &as_typed, body_weight);
        }
        let exact: Vec<&str> = readings.iter().map(String::as_str).collect();
        if folded_mode {
            add(f.title, &exact, w.title_exact);
            if !title_only {
                add(f.body, &exact, w.body_exact);
            }
        }
        if positive {
            self.any_folded |= folded_mode && words.iter().any(|word| !word.accented);
            self.readings.extend(exact.iter().map(|t| t.to_string()));
            let keys: Vec<Key> = words.iter().map(|word| self.key(word)).collect();
            if slop == 0 {
                self.matcher.items.push(MatchItem::Phrase(keys));
            } else {
                // The matcher has no proximity: a proximity phrase highlights its words.
                self.matcher
                    .items
                    .extend(keys.into_iter().map(MatchItem::Word));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A syllable prefix (`Thươn*`): a title or body word (or a source word) starting with it,
    /// in its accent-free form when typed without diacritics or with `fold`. Every term with
    /// the prefix is looked up; nothing is highlighted (the matcher has no prefixes).
    fn prefix(&self, text: &str, field: Option<Field>) -> Option<Box<dyn Query>> {
        let words = QueryWord::analyse(text);
        let [word] = words.as_slice() else {
            return None;
        };
        let (fields, prefix) = match field {
            Some(Field::Source) => (vec![self.fields.source_folded], word.folded.as_str()),
            Some(Field::Title) => (vec![self.fields.title], self.as_typed(word)),
            None => (
                vec![self.fields.title, self.fields.body],
                self.as_typed(word),
            ),
        };
        let clauses = fields
            .into_iter()
            .map(|field| {
                let mut query = PhrasePrefixQuery::new(vec![Term::from_field_text(field, prefix)]);
                query.set_max_expansions(u32::MAX);
                (Occur::Should, Box::new(query) as Box<dyn Query>)
            })
            .collect();
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// `source:` words match the source name's accent-free words, in order.
    fn source_query(&self, words: &[QueryWord]) -> Option<Box<dyn Query>> {
        let terms: Vec<Term> = words
            .iter()
            .map(|w| Term::from_field_text(self.fields.source_folded, &w.folded))
            .collect();
        Some(match terms.len() {
            0 => return None,
            1 => term_query(terms.into_iter().next().expect("one term")),
            _ => Box::new(PhraseQuery::new(terms)),
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

/// The syllables `terms`, adjacent and in order, in `field`.
fn phrase_on(field: TantivyField, terms: &[&str]) -> Box<dyn Query> {
    phrase_within(field, terms, 0)
}

/// The syllables `terms` in `field`, with at most `slop` other words between them in all.
fn phrase_within(field: TantivyField, terms: &[&str], slop: u32) -> Box<dyn Query> {
    let terms = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (i, Term::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(query: Box<dyn Query>, weight: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, weight))
}
