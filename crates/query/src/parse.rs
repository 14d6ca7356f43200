//! The query language: turns what the user typed into a [`ParsedQuery`].
//!
//! This module only builds an abstract syntax tree; it does not normalise or
//! analyse any text (the search layer does that), so a word such as `đảng`
//! and its unaccented form `dang` are kept exactly as typed. [`parse_query`]
//! reads a query; [`parse_literal`] reads text that is not one (pasted
//! sentences, `tracuu -F`) and interprets nothing in it.
//!
//! # Syntax
//!
//! ```text
//! thông qua                       a group of adjacent words, all required
//! thông qua OR biểu quyết         either group: (thông qua) OR (biểu quyết)
//! "đảng viên" -"giáo viên"        a phrase, excluding another phrase
//! tham nhũng -vặt lãng phí        two groups, excluding the word vặt
//! -(a b)  -word  NOT word         exclusion of a parenthesised query or a word
//! a AND b                         a and b, written out (two terms, not one group)
//! Thươn*                          words starting with Thươn (a syllable prefix)
//! "quốc hội luật"~3               a phrase whose words may be 3 words apart in all
//! Lao động - Thương binh          one group: a dash between spaces is punctuation
//! title:"Quốc hội"  title:(a OR b)  source:dantri.com.vn
//! date:2021  date:2021-06  date:2021-06-15  date:2020-01..2021-06  date:2020..  date:..2021-06
//! ```
//!
//! # Grammar
//!
//! ```text
//! query       = { space } [ sequence ] { space } ;
//! sequence    = alternation { [ "AND" ] alternation } ; (* implicit or explicit AND *)
//! alternation = unary { "OR" unary } ;                (* OR binds tighter than AND *)
//! unary       = ( "-" | "NOT" ) term                  (* no space after "-" *)
//!             | run | term ;
//! run         = word { { dash } word } ;              (* as many words as follow *)
//! term        = word | prefix | phrase | subquery
//!             | ( "title" | "source" ) ":" value      (* no space after ":" *)
//!             | "date" ":" date-range ;               (* see crate::date_filter *)
//! value       = word | prefix | phrase | subquery ;
//! subquery    = "(" sequence ")" ;
//! prefix      = word-char { word-char } "*" ;         (* at least two letters or digits *)
//! phrase      = quote { any character but a quote } quote [ "~" distance ] ;
//! distance    = a number from 1 to 20 ;               (* no space around "~" *)
//! quote       = '"' | '“' | '”' | '„' ;              (* „ opens German-style „…“ *)
//! word        = word-char { word-char } ;             (* but not OR, AND, NOT or a dash *)
//! word-char   = any character but space, quote, "(", ")", "*" or "~" ;
//! dash        = "-" { dash-char } followed by a space or the end
//!             | dash-char { dash-char } ;             (* a token of dashes only *)
//! dash-char   = "-" | "‐" | "‑" | "‒" | "–" | "—" | "―" | "−" ;
//! space       = white space as the analyzer sees it: any Unicode white space
//!               (including U+00A0) or U+200B ;
//! ```
//!
//! Tokens are separated by spaces; parentheses and quotes also end a word. Invisible
//! characters (a BOM, a soft hyphen, a zero-width joiner: [`CharClass::Ignorable`]) count as
//! spaces between tokens but not inside a word, as in the analyzer, where they join the two
//! halves of a word.
//!
//! * **Groups**: nearly every Vietnamese word has several syllables, so a run of two or more
//!   adjacent words, with no operator, quote, parenthesis, field or exclusion between them, is
//!   one [`QueryNode::Group`] whose text is the words joined by single spaces, exactly as typed
//!   and with their punctuation: `tham nhũng, lãng phí` is the group `tham nhũng, lãng phí`,
//!   which the analyzer splits at the comma. A single word is a [`QueryNode::Word`]. A prefix is
//!   never part of a group.
//! * **Precedence**: `OR` binds tighter than AND, and its operands are groups, words, phrases,
//!   prefixes and parenthesised queries, never single syllables of a group: `a b OR c d` means
//!   `(a b) OR (c d)`, and `"x" a b OR c` means `"x" AND ((a b) OR c)`. Only the uppercase
//!   tokens `OR`, `AND` and `NOT` are operators; `or`, `and` and `not` are ordinary words and
//!   `"OR"` searches for OR.
//! * **AND**: `AND` between two terms is the implicit AND written out; it ends a group, so
//!   `thông qua AND biểu quyết` is two groups. At the start or the end of a query or a
//!   parenthesised query, or doubled (`a AND AND b`), it is an error, as is a lone `OR`.
//! * **Exclusion**: a `-` directly before a term, or `NOT` before it, excludes that term only: a
//!   word, prefix, phrase or parenthesised query. `tham nhũng -vặt lãng phí` needs the groups
//!   `tham nhũng` and `lãng phí` and excludes `vặt`; write `-(a b)` to exclude a group. A `-`
//!   excludes only at the start of a token (after a space, a parenthesis, a closing quote or the
//!   start of the query), so `Covid-19` and `vắc-xin` are single words. A query, each `OR`
//!   alternative and each excluded query must contain something to search for: `-tham` alone,
//!   `a OR -b` and `-(-a)` are errors, as are `a NOT`, `NOT NOT a` and `a -NOT b`.
//! * **Dashes**: a `-` followed by a space or the end of the query (`Lao động - Thương binh`,
//!   `a -- b`), and a token made of dashes only (`–`, `—`), is punctuation, neither an exclusion
//!   nor an error: between two words of a run it stays in the group's text (`Bộ Lao động -
//!   Thương binh và Xã hội` is one group), for the analyzer to split there; anywhere else it is
//!   ignored.
//! * **Prefixes**: `Thươn*` looks for words starting with `Thươn`: at least two letters or
//!   digits (and combining marks) before a final `*`. A `*` anywhere else in a word (`đả*ng`,
//!   `*ng`, `Covid-*`) is an error.
//! * **Proximity**: `"quốc hội luật"~3` is a phrase whose words may stand apart, with at most
//!   3 other words between them in all (the search layer says exactly how); the distance is 1
//!   to 20. A `~` anywhere else (`a~`, `"x"~`, `"x"~abc`) is an error. Between quotes every
//!   character is text (`"OR"` is a phrase), except `*` and `~`: a phrase matches whole words
//!   only, so `"người d*"` and `"quốc hội~2"` are errors rather than phrases whose `*` or `~` is
//!   silently dropped.
//! * **Fields**: `title:` and `source:` restrict the next term only, a word, prefix, phrase or
//!   parenthesised query, to the title or the source: `title:quốc hội` restricts `quốc` alone;
//!   write `title:"quốc hội"` or `title:(quốc hội)`. Without a field a term searches the title
//!   and body. `:` introduces a field only when the text before it is exactly `title`,
//!   `source` or `date`; `12:30` and `http://x.vn` are words. Any other name made of ASCII
//!   letters directly followed by a value (`tittle:x`) is an error, but a trailing colon
//!   (`Video:`) is part of the word.
//! * **Dates**: `date:` filters restrict the whole query to a period; several
//!   of them must all hold, so two with no day in common are an error. They
//!   cannot appear inside an `OR`, after `-` or inside a field group. A query
//!   may consist of date filters only.
//!
//! Queries longer than [`MAX_QUERY_CHARS`] characters or nested deeper than
//! [`MAX_DEPTH`] groups are rejected. Error columns count characters from 1.
//!
//! # Examples
//!
//! ```
//! use tracuu_query::parse::{parse_query, Field, QueryNode};
//!
//! let query = parse_query(r#"title:"Quốc hội" (thông qua OR biểu quyết)"#)?;
//! let group = |text: &str| QueryNode::Group { text: text.into(), field: None };
//! assert_eq!(
//!     query.node,
//!     Some(QueryNode::And(vec![
//!         QueryNode::Phrase { text: "Quốc hội".into(), field: Some(Field::Title), slop: 0 },
//!         QueryNode::Or(vec![group("thông qua"), group("biểu quyết")]),
//!     ]))
//! );
//! // Written back in query syntax, the tree parses to itself.
//! assert_eq!(query.to_string(), r#"title:"Quốc hội" thông qua OR biểu quyết"#);
//! assert_eq!(parse_query(&query.to_string())?, query);
//! # Ok::<(), tracuu_query::QueryError>(())
//! ```

use std::fmt;

use tracuu_indexer::analysis::{self, char_class, CharClass};

use crate::date_filter::parse_date_range;
pub use crate::date_filter::DateRange;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// The deepest nesting of parentheses accepted.
pub const MAX_DEPTH: usize = 32;

/// The largest distance of a proximity phrase (`"quốc hội luật"~20`).
pub const MAX_PROXIMITY: u32 = 20;

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
/// term. A `Word` has no space in it and a `Group` has at least one. `Display`
/// writes the tree back in query syntax, parenthesising what must stay apart
/// (`And[Word a, Word b]`, from `a (b)`, is written `a (b)`, as `a b` is a group).
#[derive(Debug, Clone, PartialEq)]
pub enum QueryNode {
    /// A single word, exactly as typed (e.g. `đảng`, `45/2019/QH14`, `Covid-19`).
    Word {
        /// The word as typed, not normalised.
        text: String,
        /// The field it is restricted to; `None` searches title and body.
        field: Option<Field>,
    },
    /// Two or more adjacent unquoted words, usually one multi-syllable word
    /// (`thông qua`): the search layer requires each of them and decides how
    /// their adjacency counts.
    Group {
        /// The words as typed, joined by single spaces, with the punctuation typed
        /// with them (`tham nhũng, lãng phí`, `Lao động - Thương binh`): the analyzer
        /// splits it there.
        text: String,
        /// The field it is restricted to (`title:(thông qua)`); `None` searches
        /// title and body.
        field: Option<Field>,
    },
    /// A syllable prefix (`Thươn*`): any word starting with `text`.
    Prefix {
        /// The text before the `*`, as typed: at least two letters or digits (and
        /// combining marks), nothing else.
        text: String,
        /// The field it is restricted to; `None` searches title and body.
        field: Option<Field>,
    },
    /// A quoted phrase whose syllables must be adjacent and in order, or near
    /// each other for a proximity phrase (`"quốc hội luật"~3`).
    Phrase {
        /// The text between the quotes, as typed.
        text: String,
        /// The field it is restricted to; `None` searches title and body.
        field: Option<Field>,
        /// How many other words may stand between the phrase's words, in all:
        /// 0 for a plain phrase, 1 to [`MAX_PROXIMITY`] for `"…"~N`.
        slop: u32,
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
    /// Whether the node can match on its own: it contains a word, group, prefix
    /// or phrase that is required rather than excluded.
    #[must_use]
    pub fn is_positive(&self) -> bool {
        match self {
            QueryNode::Word { .. }
            | QueryNode::Group { .. }
            | QueryNode::Prefix { .. }
            | QueryNode::Phrase { .. } => true,
            QueryNode::And(children) => children.iter().any(QueryNode::is_positive),
            QueryNode::Or(children) => children.iter().all(QueryNode::is_positive),
            QueryNode::Not(_) => false,
        }
    }

    /// Whether the node is written as bare words that would join a run of
    /// words written next to it: an unrestricted word or group.
    fn is_bare(&self) -> bool {
        matches!(
            self,
            QueryNode::Word { field: None, .. } | QueryNode::Group { field: None, .. }
        )
    }

    /// Whether the node's written form starts with bare words.
    fn starts_bare(&self) -> bool {
        match self {
            QueryNode::Or(children) => children.first().is_some_and(QueryNode::starts_bare),
            node => node.is_bare(),
        }
    }

    /// Whether the node's written form ends with bare words.
    fn ends_bare(&self) -> bool {
        match self {
            QueryNode::Or(children) => children.last().is_some_and(QueryNode::ends_bare),
            node => node.is_bare(),
        }
    }
}

impl fmt::Display for QueryNode {
    /// Writes the node in query syntax; a group is written as its text (and a
    /// restricted one as `title:(text)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryNode::Word { text, field } => write!(f, "{}{text}", FieldPrefix(*field)),
            QueryNode::Group { text, field: None } => f.write_str(text),
            QueryNode::Group {
                text,
                field: Some(field),
            } => write!(f, "{field}:({text})"),
            QueryNode::Prefix { text, field } => write!(f, "{}{text}*", FieldPrefix(*field)),
            QueryNode::Phrase { text, field, slop } => {
                write!(f, "{}\"{text}\"", FieldPrefix(*field))?;
                if *slop > 0 {
                    write!(f, "~{slop}")?;
                }
                Ok(())
            }
            QueryNode::And(children) => write_and(f, children),
            QueryNode::Or(children) => write_or(f, children),
            QueryNode::Not(operand) => match **operand {
                QueryNode::Word { .. }
                | QueryNode::Prefix { .. }
                | QueryNode::Phrase { .. }
                | QueryNode::Group { field: Some(_), .. } => write!(f, "-{operand}"),
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

/// Writes the children of an `And` separated by spaces. An `Or` child needs no
/// parentheses (OR binding tighter), unless bare words would run into bare
/// words next to it and make one group: then the second is parenthesised.
fn write_and(f: &mut fmt::Formatter<'_>, children: &[QueryNode]) -> fmt::Result {
    let mut after_bare = false;
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(" ")?;
        }
        if matches!(child, QueryNode::And(_)) || (after_bare && child.starts_bare()) {
            write!(f, "({child})")?;
            after_bare = false;
        } else {
            write!(f, "{child}")?;
            after_bare = child.ends_bare();
        }
    }
    Ok(())
}

/// Writes the alternatives of an `Or`, parenthesising `And`/`Or` alternatives.
fn write_or(f: &mut fmt::Formatter<'_>, children: &[QueryNode]) -> fmt::Result {
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(" OR ")?;
        }
        match child {
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
    /// are none). [`parse_query`] refuses filters that do not overlap, so for
    /// its queries this is never empty.
    #[must_use]
    pub fn date_range(&self) -> DateRange {
        self.dates
            .iter()
            .fold(DateRange::ALL, |acc, range| acc.intersect(range))
    }
}

impl fmt::Display for ParsedQuery {
    /// Writes the query back in query syntax (dates as full days). A query from
    /// [`parse_literal`] is written as its text, which [`parse_query`] may read
    /// differently.
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
    /// `AND` without a term on one of its sides (`AND a`, `a AND`, `a AND AND b`).
    #[error("`AND` at column {column} must be between two search terms")]
    LoneAnd {
        /// Column of the `AND`.
        column: usize,
    },
    /// `NOT` not followed by a word, phrase or group (`a NOT`, `NOT NOT a`, `a NOT -b`).
    #[error("`NOT` at column {column} must be followed by a word, phrase or group to exclude")]
    LoneNot {
        /// Column of the `NOT`.
        column: usize,
    },
    /// A `*` that does not end a syllable prefix (`đả*ng`, `*ng`, `Covid-*`).
    #[error("`*` at column {column} can only end a word of letters and digits (a prefix such as `Thươn*`)")]
    MisplacedStar {
        /// Column of the `*`.
        column: usize,
    },
    /// A `*` between quotes (`"người d*"`), where prefixes are not matched.
    #[error("`*` at column {column} is inside quotes, where prefixes are not matched (remove the quotes or the `*`)")]
    StarInPhrase {
        /// Column of the `*`.
        column: usize,
    },
    /// A `~` between quotes (`"quốc hội~2"`), where the analyzer would drop it as punctuation.
    #[error("`~` at column {column} is inside quotes; a proximity follows the closing quote (`\"quốc hội\"~2`)")]
    TildeInPhrase {
        /// Column of the `~`.
        column: usize,
    },
    /// A prefix of fewer than two letters or digits (`đ*`, `*`).
    #[error("`*` at column {column} must follow at least two letters or digits (a prefix such as `Thươn*`)")]
    ShortPrefix {
        /// Column of the `*`.
        column: usize,
    },
    /// A `~` that does not follow a closing quote (`a~`, `~3`).
    #[error("`~` at column {column} can only follow a closing quote (a proximity such as `\"quốc hội luật\"~3`)")]
    MisplacedTilde {
        /// Column of the `~`.
        column: usize,
    },
    /// A proximity without a distance from 1 to [`MAX_PROXIMITY`] (`"x"~`, `"x"~abc`, `"x"~0`).
    #[error("`~` at column {column} must be followed by a distance from 1 to {max} (as in `\"quốc hội luật\"~3`)", max = MAX_PROXIMITY)]
    InvalidProximity {
        /// Column of the `~`.
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
    /// Two `date:` filters with no day in common (`date:2021 date:2022`).
    #[error("the date filters date:{first} and date:{second} do not overlap: no document can match both")]
    DisjointDates {
        /// The value of the earlier filter, as typed.
        first: String,
        /// The value of the later filter, as typed.
        second: String,
        /// Column of the later filter's `date:`.
        column: usize,
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
            | E::LoneAnd { column }
            | E::LoneNot { column }
            | E::MisplacedStar { column }
            | E::StarInPhrase { column }
            | E::TildeInPhrase { column }
            | E::ShortPrefix { column }
            | E::MisplacedTilde { column }
            | E::InvalidProximity { column }
            | E::MissingFieldValue { column, .. }
            | E::MinusAfterField { column, .. }
            | E::NestedField { column, .. }
            | E::UnknownField { column, .. }
            | E::MisplacedDate { column }
            | E::DisjointDates { column, .. }
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

    /// Whether the error is one that text pasted as a query typically causes: a
    /// quote, parenthesis, dash, colon, `*` or `~` that ordinary text contains, or
    /// an uppercase `OR`, `AND` or `NOT` in it. A front end can then suggest
    /// reading the input as literal text ([`parse_literal`]).
    #[must_use]
    pub fn suggests_literal(&self) -> bool {
        use QueryError as E;
        match self {
            E::UnclosedQuote { .. }
            | E::EmptyPhrase { .. }
            | E::UnclosedParen { .. }
            | E::UnmatchedParen { .. }
            | E::EmptyGroup { .. }
            | E::LoneOr { .. }
            | E::LoneMinus { .. }
            | E::LoneAnd { .. }
            | E::LoneNot { .. }
            | E::MisplacedStar { .. }
            | E::StarInPhrase { .. }
            | E::TildeInPhrase { .. }
            | E::ShortPrefix { .. }
            | E::MisplacedTilde { .. }
            | E::InvalidProximity { .. }
            | E::MissingFieldValue { .. }
            | E::MinusAfterField { .. }
            | E::UnknownField { .. } => true,
            E::Empty
            | E::TooLong { .. }
            | E::TooDeep { .. }
            | E::NestedField { .. }
            | E::MisplacedDate { .. }
            | E::InvalidDate { .. }
            | E::ReversedDateRange { .. }
            | E::DisjointDates { .. }
            | E::FromAfterTo { .. }
            | E::OnlyExclusions
            | E::ExcludingAlternative { .. }
            | E::DoubleExclusion { .. } => false,
        }
    }
}

/// Parses a user query (see the [module documentation](self) for the syntax).
///
/// # Errors
///
/// A [`QueryError`] describing the first problem found: empty or too long
/// query, unbalanced quotes or parentheses, lone `OR`, `AND`, `NOT` or `-`,
/// misplaced `*` or `~` (inside quotes included), unknown or misplaced field, invalid date, or a query
/// that only excludes words.
pub fn parse_query(input: &str) -> Result<ParsedQuery, QueryError> {
    check_length(input)?;
    let tokens = lex(input)?;
    if tokens.is_empty() {
        return Err(QueryError::Empty);
    }
    Parser::new(&tokens).query()
}

/// Reads `input` as text, not as a query, for pasted sentences (`tracuu -F`):
/// no operator, quote, parenthesis, minus sign, `*`, `~`, field or date is
/// interpreted. The result is the whole text as one [`QueryNode::Group`] (one
/// [`QueryNode::Word`] if it has a single word), its words joined by single
/// spaces, quotes and brackets kept as punctuation for the analyzer to split at.
///
/// ```
/// use tracuu_query::parse::{parse_literal, QueryNode};
///
/// let query = parse_literal(r#"Ông nói: "Chúng ta phải chống tham nhũng"#)?;
/// let text = r#"Ông nói: "Chúng ta phải chống tham nhũng"#.to_string();
/// assert_eq!(query.node, Some(QueryNode::Group { text, field: None }));
/// # Ok::<(), tracuu_query::QueryError>(())
/// ```
///
/// # Errors
///
/// [`QueryError::Empty`] when `input` is empty or only white space, and
/// [`QueryError::TooLong`] past [`MAX_QUERY_CHARS`] characters, as for queries.
pub fn parse_literal(input: &str) -> Result<ParsedQuery, QueryError> {
    check_length(input)?;
    let words: Vec<&str> = input
        .split(analysis::is_space)
        .map(|word| word.trim_matches(is_blank))
        .filter(|word| !word.is_empty())
        .collect();
    let text = words.join(" ");
    let node = match words.len() {
        0 => return Err(QueryError::Empty),
        1 => QueryNode::Word { text, field: None },
        _ => QueryNode::Group { text, field: None },
    };
    Ok(ParsedQuery {
        node: Some(node),
        dates: Vec::new(),
    })
}

/// Errors if `input` is longer than [`MAX_QUERY_CHARS`].
fn check_length(input: &str) -> Result<(), QueryError> {
    let chars = input.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            chars,
            limit: MAX_QUERY_CHARS,
        });
    }
    Ok(())
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
    /// A word alone: the value of a field or an exclusion, or a run of one word.
    Word(String),
    /// A run of two or more words, with the dashes between them, joined by single spaces.
    Group(String),
    /// `word*`: the text before the `*`, checked.
    Prefix(String),
    /// A quoted phrase and its proximity (0 without `~N`).
    Phrase {
        text: String,
        slop: u32,
    },
    /// `title:` or `source:`; the lexer guarantees a non-space character follows.
    Field(Field),
    /// `date:` and its (unparsed, non-empty) value.
    Date(String),
    Or,
    And,
    /// A `-` directly followed by something other than a space, `)` or `-`.
    Minus,
    /// `NOT`.
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
    matches!(c, '"' | '“' | '”' | '„')
}

/// Whether `c` is a dash: the hyphen-minus and the Unicode hyphens, dashes and minus sign.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
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
    /// `title` or `source`, whose value is a word, prefix, phrase or subquery.
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
        run: None,
        dashes: Vec::new(),
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

/// Reads tokens, joining each run of adjacent words into one [`TokenKind::Group`] as it goes.
struct Lexer {
    chars: Vec<char>,
    pos: usize,
    tokens: Vec<Token>,
    /// The run of words being read: its words (and the dashes between them) and the column of
    /// its first word.
    run: Option<(Vec<String>, usize)>,
    /// The dashes read since the run's last word, part of the run if another word follows.
    dashes: Vec<String>,
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
        self.end_run();
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

    /// Adds a token other than a word, which ends the run of words.
    fn push(&mut self, kind: TokenKind, column: usize) {
        self.end_run();
        self.tokens.push(Token { kind, column });
    }

    /// Adds a word: to the run being read, or alone as the value of a field or an exclusion
    /// (which take one term), or as the start of a run.
    fn push_word(&mut self, text: String, column: usize) {
        if let Some((words, _)) = &mut self.run {
            words.append(&mut self.dashes);
            words.push(text);
            return;
        }
        let last = self.tokens.last().map(|token| &token.kind);
        if matches!(
            last,
            Some(TokenKind::Field(_) | TokenKind::Minus | TokenKind::Not)
        ) {
            self.tokens.push(Token {
                kind: TokenKind::Word(text),
                column,
            });
        } else {
            self.run = Some((vec![text], column));
        }
    }

    /// A dash standing alone: kept if it is between two words of a run, ignored elsewhere.
    fn push_dash(&mut self, text: String) {
        if self.run.is_some() {
            self.dashes.push(text);
        }
    }

    /// Adds the run of words read, if any, as a word or a group; dashes after its last word
    /// are dropped.
    fn end_run(&mut self) {
        self.dashes.clear();
        if let Some((words, column)) = self.run.take() {
            let text = words.join(" ");
            let kind = if words.len() == 1 {
                TokenKind::Word(text)
            } else {
                TokenKind::Group(text)
            };
            self.tokens.push(Token { kind, column });
        }
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    fn single(&mut self, kind: TokenKind) {
        self.push(kind, self.column());
        self.pos += 1;
    }

    /// A `-` at the start of a token: punctuation when its dashes are followed by a space or
    /// the end, else an exclusion.
    fn minus(&mut self) -> Result<(), QueryError> {
        let column = self.column();
        let dashes = self.chars[self.pos..]
            .iter()
            .take_while(|&&c| is_dash(c))
            .count();
        let end = self.pos + dashes;
        if self.peek_at(end).is_none_or(analysis::is_space) {
            let text = self.text(self.pos, end);
            self.pos = end;
            self.push_dash(text);
            return Ok(());
        }
        match self.peek_at(self.pos + 1) {
            Some(c) if !is_blank(c) && c != ')' && c != '-' => {
                self.single(TokenKind::Minus);
                Ok(())
            }
            _ => Err(QueryError::LoneMinus { column }),
        }
    }

    /// A quoted phrase, and its proximity `~N` if one follows the closing quote. A `*` or `~` in
    /// it is an error: the analyzer would drop it as punctuation, matching `"người d*"` as
    /// `người d` and `"quốc hội~2"` as `quốc hội 2`.
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
        if let Some((i, c)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| matches!(c, '*' | '~'))
        {
            let column = column + 1 + i;
            return Err(if c == '*' {
                QueryError::StarInPhrase { column }
            } else {
                QueryError::TildeInPhrase { column }
            });
        }
        self.pos = start + len + 1;
        let slop = if self.peek_at(self.pos) == Some('~') {
            self.proximity()?
        } else {
            0
        };
        self.push(TokenKind::Phrase { text, slop }, column);
        Ok(())
    }

    /// The distance after a phrase's `~`, the `~` being at the current position.
    fn proximity(&mut self) -> Result<u32, QueryError> {
        let column = self.column();
        self.pos += 1;
        let start = self.pos;
        self.skip_while(|c| !is_delimiter(c));
        let digits = self.text(start, self.pos);
        match digits.parse::<u32>() {
            Ok(distance)
                if digits.bytes().all(|b| b.is_ascii_digit())
                    && (1..=MAX_PROXIMITY).contains(&distance) =>
            {
                Ok(distance)
            }
            _ => Err(QueryError::InvalidProximity { column }),
        }
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
        self.word()
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

    /// A word, an operator, a prefix (`word*`) or a token of dashes only.
    fn word(&mut self) -> Result<(), QueryError> {
        let (start, column) = (self.pos, self.column());
        self.skip_while(|c| !is_delimiter(c));
        let len = self.pos - start;
        for (i, &c) in self.chars[start..self.pos].iter().enumerate() {
            match c {
                '~' => return Err(QueryError::MisplacedTilde { column: column + i }),
                '*' if i + 1 < len => return Err(QueryError::MisplacedStar { column: column + i }),
                _ => {}
            }
        }
        let text = self.text(start, self.pos);
        if let Some(prefix) = text.strip_suffix('*') {
            return self.prefix(prefix, column, column + len - 1);
        }
        match text.as_str() {
            "OR" => self.push(TokenKind::Or, column),
            "AND" => self.push(TokenKind::And, column),
            "NOT" => self.push(TokenKind::Not, column),
            _ if text.chars().all(is_dash) => self.push_dash(text),
            _ => self.push_word(text, column),
        }
        Ok(())
    }

    /// A prefix (`Thươn*`) at `column`, its `*` at `star`: letters, digits and combining marks,
    /// at least two letters or digits.
    fn prefix(&mut self, prefix: &str, column: usize, star: usize) -> Result<(), QueryError> {
        let word_chars = prefix
            .chars()
            .all(|c| matches!(char_class(c), CharClass::Word | CharClass::Ignorable));
        if !word_chars {
            return Err(QueryError::MisplacedStar { column: star });
        }
        if prefix.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return Err(QueryError::ShortPrefix { column: star });
        }
        self.push(TokenKind::Prefix(prefix.to_string()), column);
        Ok(())
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
/// the side (with their column and value as typed), so that a construct can
/// reject any date filter that appeared while it was being parsed.
struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    depth: usize,
    dates: Vec<(DateRange, usize, &'t str)>,
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
        self.check_dates_overlap()?;
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
        let dates = self.dates.into_iter().map(|(range, ..)| range).collect();
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

    /// Whether the next token can start a term (possibly excluded).
    fn at_term(&self) -> bool {
        !matches!(
            self.peek_kind(),
            None | Some(TokenKind::Or | TokenKind::And | TokenKind::Close)
        )
    }

    /// `sequence = alternation { [ "AND" ] alternation }`, up to a `)` or the end.
    fn sequence(&mut self, field: Option<Field>) -> Result<Option<QueryNode>, QueryError> {
        let mut items = Vec::new();
        let mut started = false;
        while let Some(token) = self.peek() {
            match token.kind {
                TokenKind::Close => break,
                TokenKind::Or => {
                    return Err(QueryError::LoneOr {
                        column: token.column,
                    })
                }
                TokenKind::And => {
                    self.pos += 1;
                    if !started || !self.at_term() {
                        return Err(QueryError::LoneAnd {
                            column: token.column,
                        });
                    }
                }
                _ => {}
            }
            started = true;
            items.extend(self.alternation(field)?);
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

    /// `unary = ( "-" | "NOT" ) term | run | term` (the lexer made each run one token).
    fn unary(&mut self, field: Option<Field>) -> Result<Option<QueryNode>, QueryError> {
        let Some(operator) = self
            .peek()
            .filter(|t| matches!(t.kind, TokenKind::Minus | TokenKind::Not))
        else {
            return self.term(field);
        };
        self.pos += 1;
        if !self.at_term() || matches!(self.peek_kind(), Some(TokenKind::Minus | TokenKind::Not)) {
            let column = operator.column;
            return Err(match operator.kind {
                TokenKind::Minus => QueryError::LoneMinus { column },
                _ => QueryError::LoneNot { column },
            });
        }
        let column = self.peek().map_or(0, |token| token.column);
        let dates_before = self.dates.len();
        let operand = self.term(field)?;
        self.reject_dates_since(dates_before)?;
        match operand {
            Some(node) if node.is_positive() => Ok(Some(QueryNode::Not(Box::new(node)))),
            _ => Err(QueryError::DoubleExclusion { column }),
        }
    }

    /// `term = word | prefix | phrase | subquery | field ":" value | "date:" range`, or a run
    /// (a word or group token).
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
            TokenKind::Group(text) => Ok(Some(QueryNode::Group {
                text: text.clone(),
                field,
            })),
            TokenKind::Prefix(text) => Ok(Some(QueryNode::Prefix {
                text: text.clone(),
                field,
            })),
            TokenKind::Phrase { text, slop } => Ok(Some(QueryNode::Phrase {
                text: text.clone(),
                field,
                slop: *slop,
            })),
            TokenKind::Open => self.subquery(field, column),
            TokenKind::Field(inner) => self.field_value(*inner, field, column),
            TokenKind::Date(value) => self.date(value, field, column),
            TokenKind::Or => Err(QueryError::LoneOr { column }),
            TokenKind::And => Err(QueryError::LoneAnd { column }),
            TokenKind::Minus => Err(QueryError::LoneMinus { column }),
            TokenKind::Not => Err(QueryError::LoneNot { column }),
            TokenKind::Close => Err(QueryError::UnmatchedParen { column }),
        }
    }

    /// `subquery = "(" sequence ")"`, the `(` at `column` being already consumed.
    fn subquery(
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
            Some(
                TokenKind::Word(_)
                | TokenKind::Prefix(_)
                | TokenKind::Phrase { .. }
                | TokenKind::Open,
            ) => self.term(Some(inner)),
            _ => Err(QueryError::MissingFieldValue {
                field: inner.name(),
                column,
            }),
        }
    }

    /// Records a `date:` filter; it may not be inside a field group, nor miss
    /// every day of an earlier filter.
    fn date(
        &mut self,
        value: &'t str,
        field: Option<Field>,
        column: usize,
    ) -> Result<Option<QueryNode>, QueryError> {
        if field.is_some() {
            return Err(QueryError::MisplacedDate { column });
        }
        let range = parse_date_range(value)?;
        self.dates.push((range, column, value));
        Ok(None)
    }

    /// Errors if two date filters have no day in common. Checked once the whole query is read,
    /// so that a filter misplaced inside `OR` is reported as such first.
    fn check_dates_overlap(&self) -> Result<(), QueryError> {
        // Ranges of days that overlap two by two have days in common all together, so
        // checking each pair finds every query whose filters leave no day.
        for (i, &(range, column, second)) in self.dates.iter().enumerate() {
            let disjoint = self.dates[..i]
                .iter()
                .find(|(earlier, ..)| earlier.intersect(&range).is_empty());
            if let Some(&(_, _, first)) = disjoint {
                return Err(QueryError::DisjointDates {
                    first: first.to_string(),
                    second: second.to_string(),
                    column,
                });
            }
        }
        Ok(())
    }

    /// Errors if a date filter was recorded since `self.dates` had length `len`.
    fn reject_dates_since(&self, len: usize) -> Result<(), QueryError> {
        match self.dates.get(len) {
            Some(&(_, column, _)) => Err(QueryError::MisplacedDate { column }),
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

    fn group(text: &str) -> QueryNode {
        QueryNode::Group {
            text: text.to_string(),
            field: None,
        }
    }

    fn prefix(text: &str) -> QueryNode {
        QueryNode::Prefix {
            text: text.to_string(),
            field: None,
        }
    }

    fn phrase(text: &str) -> QueryNode {
        near(text, 0)
    }

    /// A proximity phrase.
    fn near(text: &str, slop: u32) -> QueryNode {
        QueryNode::Phrase {
            text: text.to_string(),
            field: None,
            slop,
        }
    }

    /// Restricts a word, group, prefix or phrase to `field`.
    fn on(field: Field, node: QueryNode) -> QueryNode {
        let field = Some(field);
        match node {
            QueryNode::Word { text, .. } => QueryNode::Word { text, field },
            QueryNode::Group { text, .. } => QueryNode::Group { text, field },
            QueryNode::Prefix { text, .. } => QueryNode::Prefix { text, field },
            QueryNode::Phrase { text, slop, .. } => QueryNode::Phrase { text, field, slop },
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
            ("đảng ủy", group("đảng ủy")),
            ("dang uy", group("dang uy")),
            ("  đảng  ", word("đảng")),
            (
                r#""đảng viên" -"giáo viên""#,
                and([phrase("đảng viên"), not(phrase("giáo viên"))]),
            ),
            (
                r#"(tham nhũng OR "lãng phí") title:"Quốc hội""#,
                and([
                    or([group("tham nhũng"), phrase("lãng phí")]),
                    on(Title, phrase("Quốc hội")),
                ]),
            ),
            (
                r#""tham nhũng" OR "lãng phí""#,
                or([phrase("tham nhũng"), phrase("lãng phí")]),
            ),
            ("45/2019/QH14", word("45/2019/QH14")),
            ("TP.HCM", word("TP.HCM")),
            ("2.900.000 đồng", group("2.900.000 đồng")),
            (
                "Covid-19 -vắc-xin",
                and([word("Covid-19"), not(word("vắc-xin"))]),
            ),
            ("“đảng viên”", phrase("đảng viên")),
            ("”đảng viên“", phrase("đảng viên")),
            ("“đảng viên\"", phrase("đảng viên")),
            ("„đảng viên“", phrase("đảng viên")),
            ("đảng\u{a0}ủy", group("đảng ủy")),
            ("đảng\u{3000}ủy\u{200b}", group("đảng ủy")),
            ("\u{feff}ủy\tban\n", group("ủy ban")),
            ("\u{feff}\u{200b} đảng \u{feff}", word("đảng")),
            // Invisible characters join a word, as in the analyzer.
            ("đảng\u{feff}ủy", word("đảng\u{feff}ủy")),
            ("đảng\u{ad}viên", word("đảng\u{ad}viên")),
            ("12:30", word("12:30")),
            ("http://dantri.com.vn/a", word("http://dantri.com.vn/a")),
            ("Video: Quốc hội", group("Video: Quốc hội")),
            ("họp:", word("họp:")),
            ("or", word("or")),
            ("OReo", word("OReo")),
            ("and not", group("and not")),
            ("ANDROID NOTE", group("ANDROID NOTE")),
            (r#""OR""#, phrase("OR")),
            (r#""AND" "NOT""#, and([phrase("AND"), phrase("NOT")])),
            // Between quotes every character but `*` and `~` is text (see operator_errors).
            (r#""đảng -3 (a)""#, phrase("đảng -3 (a)")),
        ];
        assert_text_queries(&cases);
    }

    #[test]
    fn operators_and_fields() {
        use Field::{Source, Title};
        let cases = [
            ("a b OR c d", or([group("a b"), group("c d")])),
            ("a OR b OR c", or([word("a"), word("b"), word("c")])),
            ("a OR (b OR c)", or([word("a"), word("b"), word("c")])),
            ("(a (b c)) d", and([word("a"), group("b c"), word("d")])),
            ("(a b) OR c", or([group("a b"), word("c")])),
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

    /// Issue 12, item 4: adjacent words form one group, which OR, `-` and fields
    /// never split.
    #[test]
    fn groups_of_adjacent_words() {
        use Field::Title;
        let cases = [
            ("thông qua", group("thông qua")),
            ("tham nhũng, lãng phí", group("tham nhũng, lãng phí")),
            (
                "thông qua OR biểu quyết",
                or([group("thông qua"), group("biểu quyết")]),
            ),
            ("a b OR c d", or([group("a b"), group("c d")])),
            ("a OR b c", or([word("a"), group("b c")])),
            (
                "x \"y\" a b OR c",
                and([word("x"), phrase("y"), or([group("a b"), word("c")])]),
            ),
            (
                r#"title:"Quốc hội" (thông qua OR biểu quyết)"#,
                and([
                    on(Title, phrase("Quốc hội")),
                    or([group("thông qua"), group("biểu quyết")]),
                ]),
            ),
            (
                "tham nhũng -vặt lãng phí",
                and([group("tham nhũng"), not(word("vặt")), group("lãng phí")]),
            ),
            (
                "tham nhũng -\"vặt vãnh\" lãng phí",
                and([
                    group("tham nhũng"),
                    not(phrase("vặt vãnh")),
                    group("lãng phí"),
                ]),
            ),
            (
                "tham nhũng -(lãng phí) quan liêu",
                and([
                    group("tham nhũng"),
                    not(group("lãng phí")),
                    group("quan liêu"),
                ]),
            ),
            (
                "title:quốc hội",
                and([on(Title, word("quốc")), word("hội")]),
            ),
            (
                "title:quốc hội khóa XV",
                and([on(Title, word("quốc")), group("hội khóa XV")]),
            ),
            ("title:(thông qua)", on(Title, group("thông qua"))),
            (
                "title:(thông qua OR biểu quyết)",
                or([
                    on(Title, group("thông qua")),
                    on(Title, group("biểu quyết")),
                ]),
            ),
            ("(a b) c", and([group("a b"), word("c")])),
            ("a (b)", and([word("a"), word("b")])),
            ("a\"b\"c d", and([word("a"), phrase("b"), group("c d")])),
            (
                "a b đả* c d",
                and([group("a b"), prefix("đả"), group("c d")]),
            ),
        ];
        assert_text_queries(&cases);
    }

    /// Issue 12, item 7: a dash between spaces is punctuation, kept in the group.
    #[test]
    fn dashes_between_spaces() {
        let cases = [
            (
                "Bộ Lao động - Thương binh và Xã hội",
                group("Bộ Lao động - Thương binh và Xã hội"),
            ),
            ("tham - nhũng", group("tham - nhũng")),
            ("a -- b", group("a -- b")),
            ("a – b — c", group("a – b — c")),
            ("a\u{a0}-\u{a0}b", group("a - b")),
            ("a - - b", group("a - - b")),
            ("Covid-19", word("Covid-19")),
            ("vắc-xin", word("vắc-xin")),
            ("vắc- xin", group("vắc- xin")),
            ("–x", word("–x")),
            // Attached, `-` still excludes.
            ("a -b", and([word("a"), not(word("b"))])),
            ("a - -b", and([word("a"), not(word("b"))])),
            // Elsewhere than between words of a run, a dash is ignored.
            ("a -", word("a")),
            ("- a", word("a")),
            ("– a b", group("a b")),
            ("a - OR b", or([word("a"), word("b")])),
            ("\"a\" - \"b\"", and([phrase("a"), phrase("b")])),
            ("\"a\"- b", and([phrase("a"), word("b")])),
            ("(a) - b", and([word("a"), word("b")])),
            ("-a - b", and([not(word("a")), word("b")])),
            ("title:a - b", and([on(Field::Title, word("a")), word("b")])),
            ("(a —)", word("a")),
            ("a NOT - b", and([word("a"), not(word("b"))])),
        ];
        assert_text_queries(&cases);
        for input in ["-", "–", " — ", "- -- –"] {
            assert_eq!(parse_query(input), Err(QueryError::Empty), "{input:?}");
        }
    }

    /// Issue 12, item 8: `AND` is the implicit AND written out, `NOT` is `-`.
    #[test]
    fn and_and_not() {
        let cases = [
            ("a AND b", and([word("a"), word("b")])),
            (
                "thông qua AND biểu quyết",
                and([group("thông qua"), group("biểu quyết")]),
            ),
            ("a OR b AND c", and([or([word("a"), word("b")]), word("c")])),
            ("a NOT b", and([word("a"), not(word("b"))])),
            ("a AND NOT b", and([word("a"), not(word("b"))])),
            (
                "tham nhũng NOT lãng phí",
                and([group("tham nhũng"), not(word("lãng")), word("phí")]),
            ),
            ("a NOT (b c)", and([word("a"), not(group("b c"))])),
            (
                "a NOT title:b",
                and([word("a"), not(on(Field::Title, word("b")))]),
            ),
            ("NOT a b", and([not(word("a")), word("b")])),
            ("a AND (b)", and([word("a"), word("b")])),
        ];
        assert_text_queries(&cases);
        assert_eq!(
            parse_query("date:2021 AND a"),
            Ok(parsed(
                Some(word("a")),
                vec![range(Some("2021-01-01"), Some("2021-12-31"))]
            ))
        );
    }

    /// Issue 12, item 8: `word*` is a prefix.
    #[test]
    fn prefixes() {
        use Field::{Source, Title};
        let cases = [
            ("Thươn*", prefix("Thươn")),
            ("đả*", prefix("đả")),
            ("QH1*", prefix("QH1")),
            ("20*", prefix("20")),
            // Combining marks (NFD) do not count as letters but are part of the prefix.
            ("đa\u{309}*", prefix("đa\u{309}")),
            ("OR*", prefix("OR")),
            ("title:đả*", on(Title, prefix("đả"))),
            ("source:dantri*", on(Source, prefix("dantri"))),
            ("-đả* đảng", and([not(prefix("đả")), word("đảng")])),
            ("đả* OR Thươn*", or([prefix("đả"), prefix("Thươn")])),
            ("quốc hộ*", and([word("quốc"), prefix("hộ")])),
            (
                "title:(đả* ủy)",
                and([on(Title, prefix("đả")), on(Title, word("ủy"))]),
            ),
        ];
        assert_text_queries(&cases);
    }

    /// Issue 12, item 8: `"…"~N` is a proximity phrase.
    #[test]
    fn proximity() {
        let cases = [
            ("\"quốc hội luật\"~3", near("quốc hội luật", 3)),
            ("“quốc hội luật”~20", near("quốc hội luật", 20)),
            ("\"a b\"~1", near("a b", 1)),
            ("\"a b\"~03", near("a b", 3)),
            (
                "title:\"a b\"~2 c",
                and([on(Field::Title, near("a b", 2)), word("c")]),
            ),
            ("-\"a b\"~2 c", and([not(near("a b", 2)), word("c")])),
            ("\"a b\"~2\"c\"", and([near("a b", 2), phrase("c")])),
            ("(\"a b\"~2)", near("a b", 2)),
        ];
        assert_text_queries(&cases);
    }

    /// Issue 12, item 7: `-F` reads text, not a query.
    #[test]
    fn literal_text() {
        let cases = [
            (
                "Bộ Lao động - Thương binh và Xã hội",
                group("Bộ Lao động - Thương binh và Xã hội"),
            ),
            (
                "Ông nói: \"Chúng ta phải chống tham nhũng",
                group("Ông nói: \"Chúng ta phải chống tham nhũng"),
            ),
            (
                "  a OR -b (c) title:x date:2021 đả* \"y\"~3 NOT AND  ",
                group("a OR -b (c) title:x date:2021 đả* \"y\"~3 NOT AND"),
            ),
            ("\u{feff}a\u{a0}\u{a0}b\tc\n", group("a b c")),
            ("-", word("-")),
            ("\"đảng\"", word("\"đảng\"")),
        ];
        for (input, node) in cases {
            assert_eq!(
                parse_literal(input),
                Ok(parsed(Some(node), vec![])),
                "{input:?}"
            );
        }
        for input in ["", "  ", "\u{feff}\u{200b}\n"] {
            assert_eq!(parse_literal(input), Err(QueryError::Empty), "{input:?}");
        }
        assert_eq!(
            parse_literal(&"a".repeat(MAX_QUERY_CHARS + 1)),
            Err(QueryError::TooLong {
                chars: MAX_QUERY_CHARS + 1,
                limit: MAX_QUERY_CHARS
            })
        );
        let longest = "đ".repeat(MAX_QUERY_CHARS);
        assert_eq!(
            parse_literal(&longest),
            Ok(parsed(Some(word(&longest)), vec![]))
        );
    }

    /// The README's queries (as the shell passes them) parse to what they look like.
    #[test]
    fn readme_examples() {
        use Field::{Source, Title};
        let year_range = |from, to| vec![range(Some(from), Some(to))];
        let cases = [
            ("dang uy", Some(group("dang uy")), vec![]),
            ("đảng ủy", Some(group("đảng ủy")), vec![]),
            ("đăng", Some(word("đăng")), vec![]),
            ("\"đảng viên\"", Some(phrase("đảng viên")), vec![]),
            (
                "\"đảng viên\" -\"giáo viên\"",
                Some(and([phrase("đảng viên"), not(phrase("giáo viên"))])),
                vec![],
            ),
            (
                "tham OR \"lãng phí\"",
                Some(or([word("tham"), phrase("lãng phí")])),
                vec![],
            ),
            (
                "title:\"Quốc hội\" (thông qua OR biểu quyết)",
                Some(and([
                    on(Title, phrase("Quốc hội")),
                    or([group("thông qua"), group("biểu quyết")]),
                ])),
                vec![],
            ),
            (
                "source:\"Bao Nghe An\" kỷ luật",
                Some(and([on(Source, phrase("Bao Nghe An")), group("kỷ luật")])),
                vec![],
            ),
            (
                "quoc hoi date:2023..2024-06",
                Some(group("quoc hoi")),
                year_range("2023-01-01", "2024-06-30"),
            ),
            ("quoc hoi", Some(group("quoc hoi")), vec![]),
            ("45/2019/QH14", Some(word("45/2019/QH14")), vec![]),
            ("tham nhung", Some(group("tham nhung")), vec![]),
            (
                "source:\"Ha Tinh\" tham nhung",
                Some(and([on(Source, phrase("Ha Tinh")), group("tham nhung")])),
                vec![],
            ),
            ("\"tham nhũng\"", Some(phrase("tham nhũng")), vec![]),
            ("\"lãng phí\"", Some(phrase("lãng phí")), vec![]),
        ];
        for (input, node, dates) in cases {
            assert_eq!(parse_query(input), Ok(parsed(node, dates)), "{input:?}");
        }
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
                "quoc hoi date:2021 ky hop",
                Some(and([group("quoc hoi"), group("ky hop")])),
                vec![year_2021],
            ),
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
            // `-` alone and `tham - nhũng` are punctuation now (see dashes_between_spaces).
            (
                "(- )",
                "empty parentheses at column 1",
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
                "a -NOT b",
                "`-` at column 3 must be directly followed by a word, phrase or group to exclude",
            ),
            (
                "\"a\"-)",
                "`-` at column 4 must be directly followed by a word, phrase or group to exclude",
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
                "quốc hội date:2021 date:2022",
                "the date filters date:2021 and date:2022 do not overlap: no document can match both",
            ),
            (
                "date:2020..2022 date:2021-6 date:2023-01-01",
                "the date filters date:2020..2022 and date:2023-01-01 do not overlap: no document can match both",
            ),
            (
                "date:2021-06-15.. đảng date:..2021-06-14",
                "the date filters date:2021-06-15.. and date:..2021-06-14 do not overlap: no document can match both",
            ),
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
                // Misplaced before disjoint: each alternative's filter is inside OR.
                "(a date:2021-01) OR (b date:2021-02)",
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
    fn operator_errors() {
        let cases = [
            ("AND", "`AND` at column 1 must be between two search terms"),
            ("AND a", "`AND` at column 1 must be between two search terms"),
            ("a AND", "`AND` at column 3 must be between two search terms"),
            ("a AND AND b", "`AND` at column 3 must be between two search terms"),
            ("(AND a) b", "`AND` at column 2 must be between two search terms"),
            ("(a AND) b", "`AND` at column 4 must be between two search terms"),
            ("a AND OR b", "`AND` at column 3 must be between two search terms"),
            ("a OR AND b", "`OR` at column 3 must be between two search terms"),
            (
                "title:AND",
                "`title:` at column 1 must be directly followed by a value (no space after the colon)",
            ),
            (
                "NOT",
                "`NOT` at column 1 must be followed by a word, phrase or group to exclude",
            ),
            (
                "a NOT",
                "`NOT` at column 3 must be followed by a word, phrase or group to exclude",
            ),
            (
                "a NOT NOT b",
                "`NOT` at column 3 must be followed by a word, phrase or group to exclude",
            ),
            (
                "a NOT -b",
                "`NOT` at column 3 must be followed by a word, phrase or group to exclude",
            ),
            (
                "(a NOT) b",
                "`NOT` at column 4 must be followed by a word, phrase or group to exclude",
            ),
            (
                "a NOT AND b",
                "`NOT` at column 3 must be followed by a word, phrase or group to exclude",
            ),
            (
                "NOT a",
                "a query cannot only exclude words (add a word to search for)",
            ),
            (
                "a OR NOT b",
                "the OR alternative at column 6 only excludes words (each alternative needs a word to search for)",
            ),
            (
                "a NOT (NOT b)",
                "the excluded group at column 7 only excludes words (remove the double exclusion)",
            ),
            (
                "đả*ng",
                "`*` at column 3 can only end a word of letters and digits (a prefix such as `Thươn*`)",
            ),
            (
                "*ng",
                "`*` at column 1 can only end a word of letters and digits (a prefix such as `Thươn*`)",
            ),
            (
                "a**",
                "`*` at column 2 can only end a word of letters and digits (a prefix such as `Thươn*`)",
            ),
            (
                "Covid-*",
                "`*` at column 7 can only end a word of letters and digits (a prefix such as `Thươn*`)",
            ),
            (
                "x đ*",
                "`*` at column 4 must follow at least two letters or digits (a prefix such as `Thươn*`)",
            ),
            (
                "*",
                "`*` at column 1 must follow at least two letters or digits (a prefix such as `Thươn*`)",
            ),
            (
                "a\u{301}*",
                "`*` at column 3 must follow at least two letters or digits (a prefix such as `Thươn*`)",
            ),
            (
                "title:x*",
                "`*` at column 8 must follow at least two letters or digits (a prefix such as `Thươn*`)",
            ),
            (
                "\"người d*\"",
                "`*` at column 9 is inside quotes, where prefixes are not matched (remove the quotes or the `*`)",
            ),
            (
                "đảng \"người tha*\"~2",
                "`*` at column 16 is inside quotes, where prefixes are not matched (remove the quotes or the `*`)",
            ),
            (
                "title:“* Hà Nội”",
                "`*` at column 8 is inside quotes, where prefixes are not matched (remove the quotes or the `*`)",
            ),
            (
                "\"quốc hội~2\"",
                "`~` at column 10 is inside quotes; a proximity follows the closing quote (`\"quốc hội\"~2`)",
            ),
            (
                "luật “đất đai ~3”",
                "`~` at column 15 is inside quotes; a proximity follows the closing quote (`\"quốc hội\"~2`)",
            ),
            (
                "a~",
                "`~` at column 2 can only follow a closing quote (a proximity such as `\"quốc hội luật\"~3`)",
            ),
            (
                "~3 a",
                "`~` at column 1 can only follow a closing quote (a proximity such as `\"quốc hội luật\"~3`)",
            ),
            (
                "a \"b\" ~3",
                "`~` at column 7 can only follow a closing quote (a proximity such as `\"quốc hội luật\"~3`)",
            ),
            (
                "a~b*",
                "`~` at column 2 can only follow a closing quote (a proximity such as `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~abc",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~0",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~21",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~+3",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~3a",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
            (
                "\"x\"~99999999999",
                "`~` at column 4 must be followed by a distance from 1 to 20 (as in `\"quốc hội luật\"~3`)",
            ),
        ];
        assert_errors(&cases);
    }

    #[test]
    fn errors_that_suggest_literal_text() {
        let suggests = |input: &str| parse_query(input).unwrap_err().suggests_literal();
        for input in [
            "Ông nói: \"Chúng ta phải chống tham nhũng",
            "(xem ảnh",
            "xem ảnh)",
            "Tin:Hà Nội",
            "PHẦN I AND",
            "điểm 9* và 10",
            "khoảng ~30 người",
            "Ông nói: \"điểm 9*\"",
            "-)",
        ] {
            assert!(suggests(input), "{input:?}");
        }
        for input in ["", "date:2021-13", "a OR -b", "-tham", "title:(source:x)"] {
            assert!(!suggests(input), "{input:?}");
        }
    }

    #[test]
    fn error_columns() {
        assert_eq!(parse_query("đảng \"viên").unwrap_err().column(), Some(6));
        assert_eq!(parse_query("").unwrap_err().column(), None);
        assert_eq!(parse_query("tittle:x").unwrap_err().column(), Some(1));
        let disjoint = parse_query("đảng date:2021 date:2022").unwrap_err();
        assert_eq!(disjoint.column(), Some(16));
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
            ("(a b) OR c", "a b OR c"),
            ("a (b)", "a (b)"),
            ("(a) b c", "a (b c)"),
            ("(a b) c", "a b (c)"),
            ("x (a b OR c)", "x (a b OR c)"),
            ("(a OR b c) d", "a OR b c (d)"),
            ("(a OR b) (c OR d)", "a OR b (c OR d)"),
            ("\"x\" a b OR c", "\"x\" a b OR c"),
            ("title:x a b", "title:x a b"),
            ("-x a b", "-x a b"),
            ("a date:2021 b", "a (b) date:2021-01-01..2021-12-31"),
            ("title:(a b) -(c d)", "title:(a b) -(c d)"),
            ("-title:(a b) c", "-title:(a b) c"),
            ("title:(a b OR c)", "title:(a b) OR title:c"),
            ("a AND b NOT c", "a (b) -c"),
            ("Lao động - Thương binh", "Lao động - Thương binh"),
            ("a - (b)", "a (b)"),
            ("đả* OR \"a b\"~3", "đả* OR \"a b\"~3"),
            ("title:Thươn* a", "title:Thươn* a"),
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
            "AND",
            "NOT",
            "not",
            "*",
            "~",
            "~3",
            "~21",
            " - ",
            "–",
            "—",
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
                Just("thông qua".to_string()),
                Just("Lao động - Thương binh".to_string()),
                Just("tham nhũng, lãng phí".to_string()),
                Just("đả*".to_string()),
                Just("title:Thươn*".to_string()),
                (1..=MAX_PROXIMITY).prop_map(|n| format!("\"quốc hội luật\"~{n}")),
            ];
            leaf.prop_recursive(4, 32, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.join(" ")),
                    prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" OR ")),
                    prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" AND ")),
                    inner.clone().prop_map(|q| format!("({q})")),
                    inner.clone().prop_map(|q| format!("x -({q})")),
                    inner.clone().prop_map(|q| format!("x NOT ({q})")),
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
                        check_shape(node)?;
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

        /// The shape [`QueryNode`] documents for parsed trees.
        fn check_shape(node: &QueryNode) -> Result<(), TestCaseError> {
            let is_words = |text: &str| {
                text.split(' ')
                    .all(|w| !w.is_empty() && !w.contains(analysis::is_space))
            };
            match node {
                QueryNode::Word { text, .. } => {
                    prop_assert!(is_words(text) && !text.contains(' '), "{:?}", node);
                }
                QueryNode::Group { text, .. } => {
                    prop_assert!(is_words(text) && text.contains(' '), "{:?}", node);
                }
                QueryNode::Prefix { text, .. } => {
                    prop_assert!(text.chars().filter(|c| c.is_alphanumeric()).count() >= 2);
                }
                QueryNode::Phrase { slop, .. } => prop_assert!(*slop <= MAX_PROXIMITY),
                QueryNode::And(children) | QueryNode::Or(children) => {
                    prop_assert!(children.len() >= 2);
                    for child in children {
                        prop_assert!(
                            std::mem::discriminant(child) != std::mem::discriminant(node),
                            "{:?}",
                            node
                        );
                        check_shape(child)?;
                    }
                }
                QueryNode::Not(operand) => {
                    prop_assert!(operand.is_positive());
                    check_shape(operand)?;
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
            fn literal_text_is_always_read(input in any::<String>()) {
                let chars = input.chars().count();
                match parse_literal(&input) {
                    Ok(query) => {
                        prop_assert!(chars <= MAX_QUERY_CHARS);
                        prop_assert!(query.dates.is_empty());
                        let node = query.node.expect("a literal has a node");
                        check_shape(&node)?;
                        let words: Vec<&str> = input
                            .split(analysis::is_space)
                            .map(|w| w.trim_matches(is_blank))
                            .filter(|w| !w.is_empty())
                            .collect();
                        prop_assert_eq!(node.to_string(), words.join(" "));
                    }
                    Err(QueryError::Empty) => prop_assert!(input.chars().all(is_blank)),
                    Err(err) => prop_assert!(
                        matches!(err, QueryError::TooLong { .. }) && chars > MAX_QUERY_CHARS,
                        "{:?}",
                        err
                    ),
                }
            }

            #[test]
            fn never_panics_on_date_values(input in "date:[0-9.\\-]{0,24}") {
                check(&input)?;
            }
        }
    }
}
