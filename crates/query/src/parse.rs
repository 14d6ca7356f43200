//! The query language: turns what the user typed into a [`ParsedQuery`].
//!
//! This module only builds an abstract syntax tree; it does not normalise or
//! analyse any text (the search layer does that), so a word such as `đảng`
//! and its unaccented form `dang` are kept exactly as typed.
//!
//! # Syntax
//!
//! ```text
//! đảng ủy                         both words (implicit AND)
//! tham OR "lãng phí"              either alternative
//! "đảng viên" -"giáo viên"        a phrase, excluding another phrase
//! -(a b)  -word                   exclusion of a group or a word
//! title:"Quốc hội"  title:(a OR b)  source:dantri.com.vn
//! date:2021  date:2021-06  date:2021-06-15  date:2020-01..2021-06  date:2020..  date:..2021-06
//! ```
//!
//! # Grammar
//!
//! ```text
//! query       = { space } [ sequence ] { space } ;
//! sequence    = alternation { alternation } ;         (* implicit AND *)
//! alternation = unary { "OR" unary } ;                (* OR binds tighter than AND *)
//! unary       = [ "-" ] term ;                        (* no space after "-" *)
//! term        = word | phrase | group
//!             | ( "title" | "source" ) ":" value      (* no space after ":" *)
//!             | "date" ":" date-range ;               (* see crate::date_filter *)
//! value       = word | phrase | group ;
//! group       = "(" sequence ")" ;
//! phrase      = quote { any character but a quote } quote ;
//! quote       = '"' | '“' | '”' ;
//! word        = word-char { word-char } ;             (* but not the bare token OR *)
//! word-char   = any character but space, quote, "(" or ")" ;
//! space       = white space as the analyzer sees it: any Unicode white space
//!               (including U+00A0) or U+200B ;
//! ```
//!
//! Tokens are separated by spaces; parentheses and quotes also end a word. Invisible
//! characters (a BOM, a soft hyphen, a zero-width joiner: [`CharClass::Ignorable`]) count as
//! spaces between tokens but not inside a word, as in the analyzer, where they join the two
//! halves of a word.
//!
//! * **Precedence**: `OR` binds tighter than the implicit AND, as in web
//!   search engines: `a b OR c d` means `a AND (b OR c) AND d`. Vietnamese
//!   words often have several syllables, so quote them in alternatives:
//!   `"tham nhũng" OR "lãng phí"`. Only the uppercase token `OR` is an
//!   operator; `or` is an ordinary word and `"OR"` searches for it.
//! * **Exclusion**: a `-` means NOT only at the start of a token (after a space,
//!   a parenthesis, a closing quote or the start of the query), so `Covid-19`
//!   and `vắc-xin` are single words. A query, each `OR` alternative and each
//!   excluded group must contain something to search for: `-tham` alone,
//!   `a OR -b` and `-(-a)` are errors.
//! * **Fields**: `title:` and `source:` restrict a word, phrase or group to the
//!   title or the source; without a field a term searches the title and body.
//!   `:` introduces a field only when the text before it is exactly `title`,
//!   `source` or `date`; `12:30` and `http://x.vn` are words. Any other name
//!   made of ASCII letters directly followed by a value (`tittle:x`) is an
//!   error, but a trailing colon (`Video:`) is part of the word.
//! * **Dates**: `date:` filters restrict the whole query to a period; several
//!   of them must all hold. They cannot appear inside an `OR`, after `-` or
//!   inside a field group. A query may consist of date filters only.
//!
//! Queries longer than [`MAX_QUERY_CHARS`] characters or nested deeper than
//! [`MAX_DEPTH`] groups are rejected. Error columns count characters from 1.

use std::fmt;

use tracuu_indexer::analysis::{self, char_class, CharClass};

use crate::date_filter::parse_date_range;
pub use crate::date_filter::DateRange;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// The deepest nesting of parentheses accepted.
pub const MAX_DEPTH: usize = 32;

/// A field a word or phrase can be restricted to. A term without a field
/// (`None`) searches the title and the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The article title (`title:`).
    Title,
    /// The publishing source, e.g. `Báo Nghệ An` or `dantri.com.vn` (`source:`).
    Source,
}

impl Field {
    /// The name used in queries (`title`, `source`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Source => "source",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A node of the query tree.
///
/// Trees built by [`parse_query`] are flat (no `And` directly inside an `And`,
/// no `Or` directly inside an `Or`), every `And`/`Or` has at least two
/// children, and every `Or` alternative and `Not` operand contains a positive
/// term. `Display` writes the tree back in query syntax.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryNode {
    /// A single word, exactly as typed (e.g. `đảng`, `45/2019/QH14`, `Covid-19`).
    Word {
        /// The word as typed, not normalised.
        text: String,
        /// The field it is restricted to; `None` searches title and body.
        field: Option<Field>,
    },
    /// A quoted phrase whose syllables must be adjacent and in order.
    Phrase {
        /// The text between the quotes, as typed.
        text: String,
        /// The field it is restricted to; `None` searches title and body.
        field: Option<Field>,
    },
    /// All children must match.
    And(Vec<QueryNode>),
    /// At least one child must match.
    Or(Vec<QueryNode>),
    /// Documents matching the operand are excluded. Only appears as a child of
    /// `And` (a query, like `-a`, that only excludes is an error).
    Not(Box<QueryNode>),
}

impl QueryNode {
    /// Whether the node can match on its own: it contains a word or phrase
    /// that is required rather than excluded.
    #[must_use]
    pub fn is_positive(&self) -> bool {
        match self {
            QueryNode::Word { .. } | QueryNode::Phrase { .. } => true,
            QueryNode::And(children) => children.iter().any(QueryNode::is_positive),
            QueryNode::Or(children) => children.iter().all(QueryNode::is_positive),
            QueryNode::Not(_) => false,
        }
    }
}

impl fmt::Display for QueryNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryNode::Word { text, field } => write!(f, "{}{text}", FieldPrefix(*field)),
            QueryNode::Phrase { text, field } => write!(f, "{}\"{text}\"", FieldPrefix(*field)),
            QueryNode::And(children) => write_joined(f, children, " "),
            QueryNode::Or(children) => write_joined(f, children, " OR "),
            QueryNode::Not(operand) => match **operand {
                QueryNode::Word { .. } | QueryNode::Phrase { .. } => write!(f, "-{operand}"),
                _ => write!(f, "-({operand})"),
            },
        }
    }
}

struct FieldPrefix(Option<Field>);

impl fmt::Display for FieldPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(field) => write!(f, "{field}:"),
            None => Ok(()),
        }
    }
}

/// Writes `children` separated by `separator`, parenthesising `And`/`Or`
/// children (an `Or` inside an `And` needs none, OR binding tighter).
fn write_joined(
    f: &mut fmt::Formatter<'_>,
    children: &[QueryNode],
    separator: &str,
) -> fmt::Result {
    let in_and = separator == " ";
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        match child {
            QueryNode::Or(_) if in_and => write!(f, "{child}")?,
            QueryNode::And(_) | QueryNode::Or(_) => write!(f, "({child})")?,
            _ => write!(f, "{child}")?,
        }
    }
    Ok(())
}

/// A parsed query: the text part and the `date:` filters.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedQuery {
    /// What to search for; `None` when the query only contains `date:` filters.
    pub node: Option<QueryNode>,
    /// The `date:` filters in query order; a document must fall in all of them.
    pub dates: Vec<DateRange>,
}

impl ParsedQuery {
    /// The intersection of all `date:` filters ([`DateRange::ALL`] when there
    /// are none). It may be empty when the filters do not overlap.
    #[must_use]
    pub fn date_range(&self) -> DateRange {
        self.dates
            .iter()
            .fold(DateRange::ALL, |acc, range| acc.intersect(range))
    }
}

impl fmt::Display for ParsedQuery {
    /// Writes the query back in query syntax (dates as full days).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut separator = "";
        if let Some(node) = &self.node {
            write!(f, "{node}")?;
            separator = " ";
        }
        for range in &self.dates {
            f.write_str(separator)?;
            separator = " ";
            f.write_str("date:")?;
            write_bound(f, range.from)?;
            if range.from.is_none() || range.from != range.to {
                f.write_str("..")?;
                write_bound(f, range.to)?;
            }
        }
        Ok(())
    }
}

fn write_bound(f: &mut fmt::Formatter<'_>, date: Option<tracuu_indexer::Date>) -> fmt::Result {
    match date {
        Some(date) => write!(f, "{date}"),
        None => Ok(()),
    }
}

/// Why a query or a date could not be parsed. Messages are single lowercase
/// lines meant to be shown to the user; columns count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The query is empty or only white space.
    #[error("empty query")]
    Empty,
    /// The query is longer than [`MAX_QUERY_CHARS`].
    #[error("query is {chars} characters long (the limit is {limit})")]
    TooLong {
        /// Length of the query in characters.
        chars: usize,
        /// The limit, [`MAX_QUERY_CHARS`].
        limit: usize,
    },
    /// A quote is never closed.
    #[error("unclosed quote starting at column {column}")]
    UnclosedQuote {
        /// Column of the opening quote.
        column: usize,
    },
    /// Two quotes with nothing (or only spaces) between them.
    #[error("empty quotes at column {column}")]
    EmptyPhrase {
        /// Column of the opening quote.
        column: usize,
    },
    /// A `(` is never closed.
    #[error("unclosed parenthesis `(` at column {column}")]
    UnclosedParen {
        /// Column of the `(`.
        column: usize,
    },
    /// A `)` closes nothing.
    #[error("unmatched `)` at column {column}")]
    UnmatchedParen {
        /// Column of the `)`.
        column: usize,
    },
    /// `()` with nothing inside.
    #[error("empty parentheses at column {column}")]
    EmptyGroup {
        /// Column of the `(`.
        column: usize,
    },
    /// Parentheses nested more than [`MAX_DEPTH`] levels.
    #[error("parentheses nested too deeply at column {column} (the limit is {limit})")]
    TooDeep {
        /// Column of the first `(` past the limit.
        column: usize,
        /// The limit, [`MAX_DEPTH`].
        limit: usize,
    },
    /// `OR` without a term on one of its sides.
    #[error("`OR` at column {column} must be between two search terms")]
    LoneOr {
        /// Column of the `OR`.
        column: usize,
    },
    /// `-` not directly followed by a word, phrase or group.
    #[error(
        "`-` at column {column} must be directly followed by a word, phrase or group to exclude"
    )]
    LoneMinus {
        /// Column of the `-`.
        column: usize,
    },
    /// A field name followed by nothing usable (`title:`, `title: x`, `title:OR`).
    #[error("`{field}:` at column {column} must be directly followed by a value (no space after the colon)")]
    MissingFieldValue {
        /// The field name (`title`, `source` or `date`).
        field: &'static str,
        /// Column of the field name.
        column: usize,
    },
    /// `title:-x`: the exclusion is written before the field.
    #[error("`-` after `{field}:` at column {column}: write `-{field}:word` to exclude a word")]
    MinusAfterField {
        /// The field name.
        field: &'static str,
        /// Column of the field name.
        column: usize,
    },
    /// A field inside a group of another field, e.g. `title:(source:x)`.
    #[error("`{inner}:` at column {column} cannot be used inside `{outer}:(...)`")]
    NestedField {
        /// The inner field.
        inner: Field,
        /// The field of the enclosing group.
        outer: Field,
        /// Column of the inner field name.
        column: usize,
    },
    /// A field name that does not exist, e.g. `tittle:x`.
    #[error("unknown field `{name}` (expected title, source or date)")]
    UnknownField {
        /// The name as typed.
        name: String,
        /// Column of the name.
        column: usize,
    },
    /// A `date:` filter inside `OR`, after `-` or inside a field group.
    #[error("`date:` at column {column} cannot be inside OR, after `-` or inside a field (date: filters apply to the whole query)")]
    MisplacedDate {
        /// Column of `date:`.
        column: usize,
    },
    /// Not a year, month or day (`2021-13`, `2021-02-30`, `21`).
    #[error("invalid date `{value}` (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    InvalidDate {
        /// The offending period as typed.
        value: String,
    },
    /// A `date:` range whose end is before its start (`2022..2021`).
    #[error("date range {range} ends before it starts")]
    ReversedDateRange {
        /// The range as typed.
        range: String,
    },
    /// The CLI's `--from` is after its `--to`.
    #[error("--from {from} is after --to {to}")]
    FromAfterTo {
        /// The `--from` value.
        from: String,
        /// The `--to` value.
        to: String,
    },
    /// The whole query only excludes (`-tham`).
    #[error("a query cannot only exclude words (add a word to search for)")]
    OnlyExclusions,
    /// An `OR` alternative that only excludes (`a OR -b`).
    #[error("the OR alternative at column {column} only excludes words (each alternative needs a word to search for)")]
    ExcludingAlternative {
        /// Column where the alternative starts.
        column: usize,
    },
    /// An excluded group that itself only excludes (`-(-a)`).
    #[error(
        "the excluded group at column {column} only excludes words (remove the double exclusion)"
    )]
    DoubleExclusion {
        /// Column of the group.
        column: usize,
    },
}

impl QueryError {
    /// The column (from 1, in characters) the error points at, if any.
    #[must_use]
    pub fn column(&self) -> Option<usize> {
        use QueryError as E;
        match self {
            E::UnclosedQuote { column }
            | E::EmptyPhrase { column }
            | E::UnclosedParen { column }
            | E::UnmatchedParen { column }
            | E::EmptyGroup { column }
            | E::TooDeep { column, .. }
            | E::LoneOr { column }
            | E::LoneMinus { column }
            | E::MissingFieldValue { column, .. }
            | E::MinusAfterField { column, .. }
            | E::NestedField { column, .. }
            | E::UnknownField { column, .. }
            | E::MisplacedDate { column }
            | E::ExcludingAlternative { column }
            | E::DoubleExclusion { column } => Some(*column),
            E::Empty
            | E::TooLong { .. }
            | E::InvalidDate { .. }
            | E::ReversedDateRange { .. }
            | E::FromAfterTo { .. }
            | E::OnlyExclusions => None,
        }
    }
}

/// Parses a user query (see the [module documentation](self) for the syntax).
///
/// # Errors
///
/// A [`QueryError`] describing the first problem found: empty or too long
/// query, unbalanced quotes or parentheses, lone `OR` or `-`, unknown or
/// misplaced field, invalid date, or a query that only excludes words.
pub fn parse_query(input: &str) -> Result<ParsedQuery, QueryError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            chars,
            limit: MAX_QUERY_CHARS,
        });
    }
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err(QueryError::Empty);
    }
    Parser::new(&tokens).query()
}

// ---------------------------------------------------------------------------
// Lexer

/// A token and the column (from 1) where it starts.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    kind: TokenKind,
    column: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Word(String),
    Phrase(String),
    /// `title:` or `source:`; the lexer guarantees a non-space character follows.
    Field(Field),
    /// `date:` and its (unparsed, non-empty) value.
    Date(String),
    Or,
    /// A `-` directly followed by something other than a space, `)` or `-`.
    Not,
    Open,
    Close,
}

/// Whether `c` is skipped between tokens: a space or an invisible character (a BOM at the start
/// of pasted text), which the analyzer would not index either.
fn is_blank(c: char) -> bool {
    matches!(char_class(c), CharClass::Space | CharClass::Ignorable)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Whether `c` ends a word: the analyzer's spaces, quotes and parentheses.
fn is_delimiter(c: char) -> bool {
    analysis::is_space(c) || is_quote(c) || c == '(' || c == ')'
}

/// Whether `c` can start a field value, making `name:` look like a field.
fn starts_value(c: char) -> bool {
    c.is_alphanumeric() || is_quote(c) || c == '('
}

/// A name that introduces a field when followed by `:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldName {
    /// `title` or `source`, whose value is a word, phrase or group.
    Text(Field),
    /// `date`, whose value is a date range.
    Date,
}

impl FieldName {
    fn parse(name: &str) -> Option<FieldName> {
        match name {
            "title" => Some(FieldName::Text(Field::Title)),
            "source" => Some(FieldName::Text(Field::Source)),
            "date" => Some(FieldName::Date),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            FieldName::Text(field) => field.name(),
            FieldName::Date => "date",
        }
    }
}

fn lex(input: &str) -> Result<Vec<Token>, QueryError> {
    let mut lexer = Lexer {
        chars: input.chars().collect(),
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    tokens: Vec<Token>,
}

impl Lexer {
    fn run(&mut self) -> Result<(), QueryError> {
        while let Some(c) = self.skip_spaces() {
            match c {
                '(' => self.single(TokenKind::Open),
                ')' => self.single(TokenKind::Close),
                '-' => self.minus()?,
                c if is_quote(c) => self.phrase()?,
                _ => self.word_or_field()?,
            }
        }
        Ok(())
    }

    /// Skips spaces and invisible characters and returns the next character, if any.
    fn skip_spaces(&mut self) -> Option<char> {
        while self.peek_at(self.pos).is_some_and(is_blank) {
            self.pos += 1;
        }
        self.peek_at(self.pos)
    }

    fn peek_at(&self, pos: usize) -> Option<char> {
        self.chars.get(pos).copied()
    }

    fn column(&self) -> usize {
        self.pos + 1
    }

    fn push(&mut self, kind: TokenKind, column: usize) {
        self.tokens.push(Token { kind, column });
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    fn single(&mut self, kind: TokenKind) {
        self.push(kind, self.column());
        self.pos += 1;
    }

    fn minus(&mut self) -> Result<(), QueryError> {
        let column = self.column();
        match self.peek_at(self.pos + 1) {
            Some(c) if !is_blank(c) && c != ')' && c != '-' => {
                self.single(TokenKind::Not);
                Ok(())
            }
            _ => Err(QueryError::LoneMinus { column }),
        }
    }

    fn phrase(&mut self) -> Result<(), QueryError> {
        let column = self.column();
        let start = self.pos + 1;
        let Some(len) = self.chars[start..].iter().position(|&c| is_quote(c)) else {
            return Err(QueryError::UnclosedQuote { column });
        };
        let text = self.text(start, start + len);
        if text.chars().all(is_blank) {
            return Err(QueryError::EmptyPhrase { column });
        }
        self.push(TokenKind::Phrase(text), column);
        self.pos = start + len + 1;
        Ok(())
    }

    fn word_or_field(&mut self) -> Result<(), QueryError> {
        if let Some((name, colon)) = self.field_name() {
            let next = self.peek_at(colon + 1);
            match FieldName::parse(&name) {
                Some(field) => return self.field(field, colon),
                None if next.is_some_and(starts_value) => {
                    let column = self.column();
                    return Err(QueryError::UnknownField { name, column });
                }
                None => {}
            }
        }
        self.word();
        Ok(())
    }

    /// An ASCII-letter name directly followed by `:` at the current position,
    /// and the position of the colon.
    fn field_name(&self) -> Option<(String, usize)> {
        let len = self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let colon = self.pos + len;
        (len > 0 && self.peek_at(colon) == Some(':')).then(|| (self.text(self.pos, colon), colon))
    }

    /// Lexes `title:`, `source:` or `date:value`, the colon being at `colon`.
    fn field(&mut self, name: FieldName, colon: usize) -> Result<(), QueryError> {
        let column = self.column();
        let field = name.as_str();
        match (self.peek_at(colon + 1), name) {
            (None, _) => return Err(QueryError::MissingFieldValue { field, column }),
            (Some(c), _) if is_blank(c) || c == ')' => {
                return Err(QueryError::MissingFieldValue { field, column });
            }
            (Some('-'), FieldName::Text(_)) => {
                return Err(QueryError::MinusAfterField { field, column });
            }
            _ => {}
        }
        self.pos = colon + 1;
        match name {
            FieldName::Text(field) => self.push(TokenKind::Field(field), column),
            FieldName::Date => {
                let start = self.pos;
                self.skip_while(|c| !is_blank(c) && c != ')');
                let value = self.text(start, self.pos);
                self.push(TokenKind::Date(value), column);
            }
        }
        Ok(())
    }

    fn word(&mut self) {
        let (start, column) = (self.pos, self.column());
        self.skip_while(|c| !is_delimiter(c));
        let text = self.text(start, self.pos);
        let kind = if text == "OR" {
            TokenKind::Or
        } else {
            TokenKind::Word(text)
        };
        self.push(kind, column);
    }

    fn skip_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.peek_at(self.pos).is_some_and(&keep) {
            self.pos += 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Parser

/// A recursive-descent parser over the tokens. Date filters are collected on
/// the side (with their column), so that a construct can reject any date
/// filter that appeared while it was being parsed.
struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    depth: usize,
    dates: Vec<(DateRange, usize)>,
}

impl<'t> Parser<'t> {
    fn new(tokens: &'t [Token]) -> Self {
        Parser {
            tokens,
            pos: 0,
            depth: 0,
            dates: Vec::new(),
        }
    }

    fn query(mut self) -> Result<ParsedQuery, QueryError> {
        let node = self.sequence(None)?;
        if let Some(token) = self.peek() {
            // `sequence` only stops early at a `)`.
            return Err(QueryError::UnmatchedParen {
                column: token.column,
            });
        }
        match &node {
            Some(node) if !node.is_positive() => return Err(QueryError::OnlyExclusions),
            None if self.dates.is_empty() => return Err(QueryError::Empty),
            _ => {}
        }
        let dates = self.dates.into_iter().map(|(range, _)| range).collect();
        Ok(ParsedQuery { node, dates })
    }

    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.pos)
    }

    fn peek_kind(&self) -> Option<&'t TokenKind> {
        self.peek().map(|token| &token.kind)
    }

    fn next(&mut self) -> Option<&'t Token> {
        let token = self.tokens.get(self.pos)?;
        self.pos += 1;
        Some(token)
    }

    /// Whether the next token can start a term.
    fn at_term(&self) -> bool {
        !matches!(
            self.peek_kind(),
            None | Some(TokenKind::Or | TokenKind::Close)
        )
    }

    /// `sequence = alternation { alternation }`, up to a `)` or the end.
    fn sequence(&mut self, field: Option<Field>) -> Result<Option<QueryNode>, QueryError> {
        let mut items = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                TokenKind::Close => break,
                TokenKind::Or => {
                    return Err(QueryError::LoneOr {
                        column: token.column,
                    })
                }
                _ => items.extend(self.alternation(field)?),
            }
        }
        Ok(combine(items, Connective::And))
    }

    /// `alternation = unary { "OR" unary }`.
    fn alternation(&mut self, field: Option<Field>) -> Result<Option<QueryNode>, QueryError> {
        let dates_before = self.dates.len();
        let mut alternatives = vec![self.located_unary(field)?];
        while let Some(token) = self.peek().filter(|t| t.kind == TokenKind::Or) {
            self.pos += 1;
            if !self.at_term() {
                return Err(QueryError::LoneOr {
                    column: token.column,
                });
            }
            alternatives.push(self.located_unary(field)?);
        }
        if alternatives.len() == 1 {
            return Ok(alternatives.pop().and_then(|(node, _)| node));
        }
        self.reject_dates_since(dates_before)?;
        let mut nodes = Vec::with_capacity(alternatives.len());
        for (node, column) in alternatives {
            match node {
                Some(node) if node.is_positive() => nodes.push(node),
                _ => return Err(QueryError::ExcludingAlternative { column }),
            }
        }
        Ok(combine(nodes, Connective::Or))
    }

    /// A unary and the column where it starts.
    fn located_unary(
        &mut self,
        field: Option<Field>,
    ) -> Result<(Option<QueryNode>, usize), QueryError> {
        let column = self.peek().map_or(0, |token| token.column);
        Ok((self.unary(field)?, column))
    }

    /// `unary = [ "-" ] term`.
    fn unary(&mut self, field: Option<Field>) -> Result<Option<QueryNode>, QueryError> {
        let Some(minus) = self.peek().filter(|t| t.kind == TokenKind::Not) else {
            return self.term(field);
        };
        self.pos += 1;
        if !self.at_term() || self.peek_kind() == Some(&TokenKind::Not) {
            return Err(QueryError::LoneMinus {
                column: minus.column,
            });
        }
        let dates_before = self.dates.len();
        let operand = self.term(field)?;
        self.reject_dates_since(dates_before)?;
        match operand {
            Some(node) if node.is_positive() => Ok(Some(QueryNode::Not(Box::new(node)))),
            _ => Err(QueryError::DoubleExclusion {
                column: minus.column + 1,
            }),
        }
    }

    /// `term = word | phrase | group | field ":" value | "date:" range`.
    /// Returns `None` for a date filter (recorded in `self.dates`).
    fn term(&mut self, field: Option<Field>) -> Result<Option<QueryNode>, QueryError> {
        let Some(token) = self.next() else {
            return Err(QueryError::Empty);
        };
        let column = token.column;
        match &token.kind {
            TokenKind::Word(text) => Ok(Some(QueryNode::Word {
                text: text.clone(),
                field,
            })),
            TokenKind::Phrase(text) => Ok(Some(QueryNode::Phrase {
                text: text.clone(),
                field,
            })),
            TokenKind::Open => self.group(field, column),
            TokenKind::Field(inner) => self.field_value(*inner, field, column),
            TokenKind::Date(value) => self.date(value, field, column),
            TokenKind::Or => Err(QueryError::LoneOr { column }),
            TokenKind::Not => Err(QueryError::LoneMinus { column }),
            TokenKind::Close => Err(QueryError::UnmatchedParen { column }),
        }
    }

    /// `group = "(" sequence ")"`, the `(` at `column` being already consumed.
    fn group(
        &mut self,
        field: Option<Field>,
        column: usize,
    ) -> Result<Option<QueryNode>, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(QueryError::TooDeep {
                column,
                limit: MAX_DEPTH,
            });
        }
        let dates_before = self.dates.len();
        self.depth += 1;
        let inner = self.sequence(field)?;
        self.depth -= 1;
        if self.next().is_none() {
            return Err(QueryError::UnclosedParen { column });
        }
        if inner.is_none() && self.dates.len() == dates_before {
            return Err(QueryError::EmptyGroup { column });
        }
        Ok(inner)
    }

    /// The value after `title:` or `source:` (the field token at `column`).
    fn field_value(
        &mut self,
        inner: Field,
        outer: Option<Field>,
        column: usize,
    ) -> Result<Option<QueryNode>, QueryError> {
        if let Some(outer) = outer.filter(|&outer| outer != inner) {
            return Err(QueryError::NestedField {
                inner,
                outer,
                column,
            });
        }
        match self.peek_kind() {
            Some(TokenKind::Word(_) | TokenKind::Phrase(_) | TokenKind::Open) => {
                self.term(Some(inner))
            }
            _ => Err(QueryError::MissingFieldValue {
                field: inner.name(),
                column,
            }),
        }
    }

    /// Records a `date:` filter; it may not be inside a field group.
    fn date(
        &mut self,
        value: &str,
        field: Option<Field>,
        column: usize,
    ) -> Result<Option<QueryNode>, QueryError> {
        if field.is_some() {
            return Err(QueryError::MisplacedDate { column });
        }
        self.dates.push((parse_date_range(value)?, column));
        Ok(None)
    }

    /// Errors if a date filter was recorded since `self.dates` had length `len`.
    fn reject_dates_since(&self, len: usize) -> Result<(), QueryError> {
        match self.dates.get(len) {
            Some(&(_, column)) => Err(QueryError::MisplacedDate { column }),
            None => Ok(()),
        }
    }
}

/// How [`combine`] joins nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Connective {
    And,
    Or,
}

/// Joins nodes with `connective`, splicing the children of nodes with the
/// same connective; `None` for no node, the node itself for a single one.
fn combine(nodes: Vec<QueryNode>, connective: Connective) -> Option<QueryNode> {
    let mut flat = Vec::with_capacity(nodes.len());
    for node in nodes {
        match (connective, node) {
            (Connective::And, QueryNode::And(children))
            | (Connective::Or, QueryNode::Or(children)) => flat.extend(children),
            (_, node) => flat.push(node),
        }
    }
    match (flat.len(), connective) {
        (0, _) => None,
        (1, _) => flat.pop(),
        (_, Connective::And) => Some(QueryNode::And(flat)),
        (_, Connective::Or) => Some(QueryNode::Or(flat)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracuu_indexer::Date;

    fn word(text: &str) -> QueryNode {
        QueryNode::Word {
            text: text.to_string(),
            field: None,
        }
    }

    fn phrase(text: &str) -> QueryNode {
        QueryNode::Phrase {
            text: text.to_string(),
            field: None,
        }
    }

    /// Restricts a word or phrase to `field`.
    fn on(field: Field, node: QueryNode) -> QueryNode {
        match node {
            QueryNode::Word { text, .. } => QueryNode::Word {
                text,
                field: Some(field),
            },
            QueryNode::Phrase { text, .. } => QueryNode::Phrase {
                text,
                field: Some(field),
            },
            other => panic!("cannot restrict {other:?}"),
        }
    }

    fn and(nodes: impl IntoIterator<Item = QueryNode>) -> QueryNode {
        QueryNode::And(nodes.into_iter().collect())
    }

    fn or(nodes: impl IntoIterator<Item = QueryNode>) -> QueryNode {
        QueryNode::Or(nodes.into_iter().collect())
    }

    fn not(node: QueryNode) -> QueryNode {
        QueryNode::Not(Box::new(node))
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn range(from: Option<&str>, to: Option<&str>) -> DateRange {
        DateRange {
            from: from.map(day),
            to: to.map(day),
        }
    }

    fn parsed(node: Option<QueryNode>, dates: Vec<DateRange>) -> ParsedQuery {
        ParsedQuery { node, dates }
    }

    fn assert_text_queries(cases: &[(&str, QueryNode)]) {
        for (input, expected) in cases {
            assert_eq!(
                parse_query(input),
                Ok(parsed(Some(expected.clone()), vec![])),
                "{input:?}"
            );
        }
    }

    fn assert_errors(cases: &[(&str, &str)]) {
        for (input, message) in cases {
            let err = parse_query(input).unwrap_err();
            assert_eq!(err.to_string(), *message, "{input:?}");
        }
    }

    #[test]
    fn text_queries() {
        use Field::Title;
        let cases = [
            ("đảng ủy", and([word("đảng"), word("ủy")])),
            ("dang uy", and([word("dang"), word("uy")])),
            ("  đảng  ", word("đảng")),
            (
                r#""đảng viên" -"giáo viên""#,
                and([phrase("đảng viên"), not(phrase("giáo viên"))]),
            ),
            (
                r#"(tham nhũng OR "lãng phí") title:"Quốc hội""#,
                and([
                    word("tham"),
                    or([word("nhũng"), phrase("lãng phí")]),
                    on(Title, phrase("Quốc hội")),
                ]),
            ),
            (
                r#""tham nhũng" OR "lãng phí""#,
                or([phrase("tham nhũng"), phrase("lãng phí")]),
            ),
            ("45/2019/QH14", word("45/2019/QH14")),
            ("TP.HCM", word("TP.HCM")),
            ("2.900.000 đồng", and([word("2.900.000"), word("đồng")])),
            (
                "Covid-19 -vắc-xin",
                and([word("Covid-19"), not(word("vắc-xin"))]),
            ),
            ("“đảng viên”", phrase("đảng viên")),
            ("”đảng viên“", phrase("đảng viên")),
            ("“đảng viên\"", phrase("đảng viên")),
            ("đảng\u{a0}ủy", and([word("đảng"), word("ủy")])),
            ("đảng\u{3000}ủy\u{200b}", and([word("đảng"), word("ủy")])),
            ("\u{feff}ủy\tban\n", and([word("ủy"), word("ban")])),
            ("\u{feff}\u{200b} đảng \u{feff}", word("đảng")),
            // Invisible characters join a word, as in the analyzer.
            ("đảng\u{feff}ủy", word("đảng\u{feff}ủy")),
            ("đảng\u{ad}viên", word("đảng\u{ad}viên")),
            ("12:30", word("12:30")),
            ("http://dantri.com.vn/a", word("http://dantri.com.vn/a")),
            (
                "Video: Quốc hội",
                and([word("Video:"), word("Quốc"), word("hội")]),
            ),
            ("họp:", word("họp:")),
            ("or", word("or")),
            ("OReo", word("OReo")),
            (r#""OR""#, phrase("OR")),
        ];
        assert_text_queries(&cases);
    }

    #[test]
    fn operators_and_fields() {
        use Field::{Source, Title};
        let cases = [
            (
                "a b OR c d",
                and([word("a"), or([word("b"), word("c")]), word("d")]),
            ),
            ("a OR b OR c", or([word("a"), word("b"), word("c")])),
            ("a OR (b OR c)", or([word("a"), word("b"), word("c")])),
            (
                "(a (b c)) d",
                and([word("a"), word("b"), word("c"), word("d")]),
            ),
            ("(a b) OR c", or([and([word("a"), word("b")]), word("c")])),
            ("a OR(b)", or([word("a"), word("b")])),
            ("(a)-b", and([word("a"), not(word("b"))])),
            ("\"a\"-b", and([phrase("a"), not(word("b"))])),
            ("x-", word("x-")),
            ("-tham nhũng", and([not(word("tham")), word("nhũng")])),
            (
                "a -(b OR c)",
                and([word("a"), not(or([word("b"), word("c")]))]),
            ),
            (
                "a (-b -c)",
                and([word("a"), not(word("b")), not(word("c"))]),
            ),
            (
                "a -(b -c)",
                and([word("a"), not(and([word("b"), not(word("c"))]))]),
            ),
            ("title:đảng", on(Title, word("đảng"))),
            ("title:Covid-19", on(Title, word("Covid-19"))),
            (
                "title:(a OR b)",
                or([on(Title, word("a")), on(Title, word("b"))]),
            ),
            (
                "title:(a -\"b c\")",
                and([on(Title, word("a")), not(on(Title, phrase("b c")))]),
            ),
            ("title:(title:a)", on(Title, word("a"))),
            (
                "-title:đảng viên",
                and([not(on(Title, word("đảng"))), word("viên")]),
            ),
            ("source:dantri.com.vn", on(Source, word("dantri.com.vn"))),
            (
                "source:https://dantri.com.vn",
                on(Source, word("https://dantri.com.vn")),
            ),
            ("source:“Báo Nghệ An”", on(Source, phrase("Báo Nghệ An"))),
        ];
        assert_text_queries(&cases);
    }

    #[test]
    fn date_filters() {
        let year_2021 = range(Some("2021-01-01"), Some("2021-12-31"));
        let cases = [
            (
                r#"source:"Báo Nghệ An" date:2021"#,
                Some(on(Field::Source, phrase("Báo Nghệ An"))),
                vec![year_2021],
            ),
            (
                "date:2020-01..2021-06",
                None,
                vec![range(Some("2020-01-01"), Some("2021-06-30"))],
            ),
            (
                "đảng date:2020..",
                Some(word("đảng")),
                vec![range(Some("2020-01-01"), None)],
            ),
            (
                "date:..2021-06 đảng",
                Some(word("đảng")),
                vec![range(None, Some("2021-06-30"))],
            ),
            (
                "date:2021-06-15",
                None,
                vec![range(Some("2021-06-15"), Some("2021-06-15"))],
            ),
            (
                "a (b date:2021) c",
                Some(and([word("a"), word("b"), word("c")])),
                vec![year_2021],
            ),
            ("(date:2021)", None, vec![year_2021]),
            (
                "date:2021 date:2021-06..",
                None,
                vec![year_2021, range(Some("2021-06-01"), None)],
            ),
        ];
        for (input, node, dates) in cases {
            assert_eq!(parse_query(input), Ok(parsed(node, dates)), "{input:?}");
        }
    }

    #[test]
    fn date_range_intersects_filters() {
        let query = parse_query("a date:2021 date:2021-06..").unwrap();
        assert_eq!(
            query.date_range(),
            range(Some("2021-06-01"), Some("2021-12-31"))
        );
        assert_eq!(parse_query("a").unwrap().date_range(), DateRange::ALL);
    }

    #[test]
    fn syntax_errors() {
        let too_long = "a".repeat(10_000);
        let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
        let cases = [
            ("", "empty query"),
            ("   ", "empty query"),
            ("\u{a0}\u{2003}", "empty query"),
            ("\u{feff}\u{200b}", "empty query"),
            ("a \"\u{feff}\"", "empty quotes at column 3"),
            (
                "a -\u{feff}b",
                "`-` at column 3 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                too_long.as_str(),
                "query is 10000 characters long (the limit is 1000)",
            ),
            ("đảng \"viên", "unclosed quote starting at column 6"),
            ("“đảng viên", "unclosed quote starting at column 1"),
            ("a \"\"", "empty quotes at column 3"),
            ("a \" \"", "empty quotes at column 3"),
            ("(đảng viên", "unclosed parenthesis `(` at column 1"),
            ("a ((b) c", "unclosed parenthesis `(` at column 3"),
            ("đảng)", "unmatched `)` at column 5"),
            ("(a))", "unmatched `)` at column 4"),
            (")", "unmatched `)` at column 1"),
            ("( )", "empty parentheses at column 1"),
            ("a ()", "empty parentheses at column 3"),
            (
                deep.as_str(),
                "parentheses nested too deeply at column 33 (the limit is 32)",
            ),
            ("OR", "`OR` at column 1 must be between two search terms"),
            ("tham OR", "`OR` at column 6 must be between two search terms"),
            ("OR tham", "`OR` at column 1 must be between two search terms"),
            ("a OR OR b", "`OR` at column 3 must be between two search terms"),
            ("(a OR) b", "`OR` at column 4 must be between two search terms"),
            ("(OR a)", "`OR` at column 2 must be between two search terms"),
            (
                "-",
                "`-` at column 1 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                "tham - nhũng",
                "`-` at column 6 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                "a --b",
                "`-` at column 3 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                "(a -)",
                "`-` at column 4 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                "a -OR b",
                "`-` at column 3 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                "-tham",
                "a query cannot only exclude words (add a word to search for)",
            ),
            (
                "-tham -\"lãng phí\"",
                "a query cannot only exclude words (add a word to search for)",
            ),
            (
                "(-tham) date:2021",
                "a query cannot only exclude words (add a word to search for)",
            ),
            (
                "a OR -b",
                "the OR alternative at column 6 only excludes words (each alternative needs a word to search for)",
            ),
            (
                "a -(-b)",
                "the excluded group at column 4 only excludes words (remove the double exclusion)",
            ),
        ];
        assert_errors(&cases);
    }

    #[test]
    fn field_and_date_errors() {
        let cases = [
            (
                "date:2021-13",
                "invalid date `2021-13` (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            ),
            (
                "date:2021-02-30",
                "invalid date `2021-02-30` (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            ),
            (
                "date:(2021)",
                "invalid date `(2021` (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            ),
            ("date:2022..2021", "date range 2022..2021 ends before it starts"),
            (
                "date:",
                "`date:` at column 1 must be directly followed by a value (no space after the colon)",
            ),
            (
                "a title: Quốc hội",
                "`title:` at column 3 must be directly followed by a value (no space after the colon)",
            ),
            (
                "(title:)",
                "`title:` at column 2 must be directly followed by a value (no space after the colon)",
            ),
            (
                "title:OR",
                "`title:` at column 1 must be directly followed by a value (no space after the colon)",
            ),
            (
                "title:-x",
                "`-` after `title:` at column 1: write `-title:word` to exclude a word",
            ),
            (
                "title:(source:x)",
                "`source:` at column 8 cannot be used inside `title:(...)`",
            ),
            ("tittle:x", "unknown field `tittle` (expected title, source or date)"),
            ("a author:\"x\"", "unknown field `author` (expected title, source or date)"),
            ("Title:x", "unknown field `Title` (expected title, source or date)"),
            (
                "a OR date:2021",
                "`date:` at column 6 cannot be inside OR, after `-` or inside a field (date: filters apply to the whole query)",
            ),
            (
                "(a date:2021) OR b",
                "`date:` at column 4 cannot be inside OR, after `-` or inside a field (date: filters apply to the whole query)",
            ),
            (
                "a -date:2021",
                "`date:` at column 4 cannot be inside OR, after `-` or inside a field (date: filters apply to the whole query)",
            ),
            (
                "a -(b date:2021)",
                "`date:` at column 7 cannot be inside OR, after `-` or inside a field (date: filters apply to the whole query)",
            ),
            (
                "title:(a date:2021)",
                "`date:` at column 10 cannot be inside OR, after `-` or inside a field (date: filters apply to the whole query)",
            ),
        ];
        assert_errors(&cases);
    }

    #[test]
    fn error_columns() {
        assert_eq!(parse_query("đảng \"viên").unwrap_err().column(), Some(6));
        assert_eq!(parse_query("").unwrap_err().column(), None);
        assert_eq!(parse_query("tittle:x").unwrap_err().column(), Some(1));
    }

    #[test]
    fn longest_query_is_accepted() {
        let query = "đ".repeat(MAX_QUERY_CHARS);
        assert_eq!(parse_query(&query), Ok(parsed(Some(word(&query)), vec![])));
    }

    #[test]
    fn display_writes_query_syntax() {
        let cases = [
            ("a b OR c d", "a b OR c d"),
            ("(a b) OR c", "(a b) OR c"),
            (
                "“đảng viên” -(x OR y) title:(a OR \"b c\")",
                "\"đảng viên\" -(x OR y) title:a OR title:\"b c\"",
            ),
            ("date:2021 đảng", "đảng date:2021-01-01..2021-12-31"),
            ("date:2021-06-15", "date:2021-06-15"),
            ("date:..2021", "date:..2021-12-31"),
            ("date:2021..", "date:2021-01-01.."),
        ];
        for (input, expected) in cases {
            let query = parse_query(input).unwrap();
            assert_eq!(query.to_string(), expected, "{input:?}");
            assert_eq!(parse_query(expected), Ok(query), "{input:?}");
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const PIECES: &[&str] = &[
            "\"",
            "“",
            "”",
            "(",
            ")",
            "-",
            ":",
            " ",
            " ",
            "\u{a0}",
            "OR",
            "or",
            "title:",
            "source:",
            "date:",
            "tittle:",
            "2021",
            "2021-06",
            "..",
            "đảng",
            "ủy",
            "Covid-19",
            "45/2019/QH14",
            "http://",
            "12:30",
            "\u{200b}",
            "\u{301}",
            "x",
        ];

        fn token_soup() -> impl Strategy<Value = String> {
            prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
        }

        /// Mostly well-formed queries, so that the round trip gets exercised.
        fn well_formed() -> impl Strategy<Value = String> {
            let word = prop::sample::select(
                &[
                    "đảng",
                    "ủy",
                    "dang",
                    "Covid-19",
                    "45/2019/QH14",
                    "TP.HCM",
                    "12:30",
                    "x",
                ][..],
            )
            .prop_map(str::to_string);
            let leaf = prop_oneof![
                word.clone(),
                word.clone().prop_map(|w| format!("“{w} ủy”")),
                word.clone().prop_map(|w| format!("title:{w}")),
                word.prop_map(|w| format!("source:\"{w}\"")),
                Just("date:2020..2021-06".to_string()),
            ];
            leaf.prop_recursive(4, 32, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.join(" ")),
                    prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" OR ")),
                    inner.clone().prop_map(|q| format!("({q})")),
                    inner.clone().prop_map(|q| format!("x -({q})")),
                    inner.prop_map(|q| format!("title:({q})")),
                ]
            })
        }

        fn check(input: &str) -> Result<(), TestCaseError> {
            match parse_query(input) {
                Ok(query) => {
                    // Writing the query back and re-parsing gives the same query.
                    prop_assert_eq!(parse_query(&query.to_string()), Ok(query.clone()));
                    prop_assert!(query.node.is_some() || !query.dates.is_empty());
                    if let Some(node) = &query.node {
                        prop_assert!(node.is_positive());
                    }
                }
                Err(err) => {
                    let message = err.to_string();
                    prop_assert!(!message.is_empty());
                    prop_assert!(!message.contains('\n') && !message.contains('\r'));
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn never_panics_on_arbitrary_text(input in any::<String>()) {
                check(&input)?;
            }

            #[test]
            fn never_panics_on_query_syntax(input in token_soup()) {
                check(&input)?;
            }

            #[test]
            fn round_trips_well_formed_queries(input in well_formed()) {
                check(&input)?;
            }

            #[test]
            fn never_panics_on_date_values(input in "date:[0-9.\\-]{0,24}") {
                check(&input)?;
            }
        }
    }
}
