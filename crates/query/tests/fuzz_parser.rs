//! Fuzzing the query parser and the search path with proptest (the stable toolchain's stand-in
//! for `cargo fuzz`; the coverage-guided target is `fuzz/fuzz_targets/query_parser.rs`).
//!
//! On any text, and on soups of the query language's tokens (groups, `OR`/`AND`/`NOT`, dashes,
//! prefixes, proximity): parsing never panics; an error is a non-empty single line whose column,
//! when it has one, lies within the query; a parsed query written back parses to the same query.
//! Literal text (`parse_literal`) is accepted whenever it has a word and is within the length
//! limit. A whole search (parse, compile, run, snippets) on a small in-memory index never panics
//! either, and its errors are single lines.
//!
//! The number of cases per property is proptest's default (256), or `PROPTEST_CASES`:
//! `PROPTEST_CASES=20000 cargo test -p tracuu-query --test fuzz_parser` runs longer.

use std::sync::LazyLock;

use proptest::prelude::*;
use tracuu_indexer::analysis::{char_class, CharClass};
use tracuu_indexer::{Article, ArticleIndex, Date, WriterOptions};
use tracuu_query::date_filter::parse_from_to;
use tracuu_query::parse::{parse_literal, QueryNode, MAX_DEPTH, MAX_QUERY_CHARS};
use tracuu_query::{parse_query, QuerySpec, SearchRequest, Searcher, SortOrder};

/// Tokens of the query language, and words that stress it.
const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "(",
    ")",
    "-",
    ":",
    " ",
    "  ",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\t",
    "\n",
    "OR",
    "or",
    "AND",
    "NOT",
    "not",
    " - ",
    "--",
    "–",
    "—",
    "đả*",
    "Thươn*",
    "~2",
    "\"quốc hội\"~3",
    "title:",
    "source:",
    "date:",
    "tittle:",
    "Title:",
    "2021",
    "2021-06",
    "2021-06-15",
    "2021-02-30",
    "..",
    "…",
    "đảng",
    "ủy",
    "uỷ",
    "dang",
    "uy",
    "Covid-19",
    "45/2019/QH14",
    "TP.HCM",
    "http://",
    "12:30",
    "\u{301}",
    "e\u{302}\u{301}",
    "x",
    "*",
    "?",
    "\\",
    "'",
    "+",
    "~",
    "^",
    "😀",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..48).prop_map(|p| p.concat())
}

/// Checks one query: no panic; an error is one line with a column inside the query; a parsed
/// query round-trips through its written form.
fn check_parse(input: &str) -> Result<(), TestCaseError> {
    match parse_query(input) {
        Ok(query) => {
            // The written form may be longer (`"a"b` is written `"a" b`): past the length
            // limit it is rightly refused.
            let written = query.to_string();
            if written.chars().count() <= MAX_QUERY_CHARS {
                prop_assert_eq!(parse_query(&written), Ok(query.clone()), "{:?}", written);
            }
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(!message.is_empty());
            prop_assert!(!message.contains(['\n', '\r']), "{:?}", message);
            if let Some(column) = error.column() {
                prop_assert!(
                    column >= 1 && column <= input.chars().count() + 1,
                    "column {} of a {}-character query: {}",
                    column,
                    input.chars().count(),
                    message
                );
            }
        }
    }
    Ok(())
}

/// Checks literal text: accepted whenever it has a word and is within the limit, as one word or
/// group of its words.
fn check_literal(input: &str) -> Result<(), TestCaseError> {
    match parse_literal(input) {
        Ok(query) => {
            prop_assert!(input.chars().count() <= MAX_QUERY_CHARS);
            prop_assert!(query.dates.is_empty());
            match query.node {
                Some(QueryNode::Word { text, field: None }) => prop_assert!(!text.contains(' ')),
                Some(QueryNode::Group { text, field: None }) => prop_assert!(text.contains(' ')),
                node => prop_assert!(false, "{:?}", node),
            }
        }
        Err(error) => {
            prop_assert!(
                input.chars().count() > MAX_QUERY_CHARS || input.chars().all(is_blank),
                "{}",
                error
            );
        }
    }
    Ok(())
}

/// Whether the analyzer sees `c` as nothing: a space or an invisible character.
fn is_blank(c: char) -> bool {
    matches!(char_class(c), CharClass::Space | CharClass::Ignorable)
}

/// A small in-memory index for the whole-search property.
static SEARCHER: LazyLock<Searcher> = LazyLock::new(|| {
    let index = ArticleIndex::in_memory();
    let options = WriterOptions {
        memory_budget: 16 << 20,
        threads: 1,
        ..WriterOptions::default()
    };
    let mut writer = index.writer(&options).unwrap();
    let texts = [
        (
            "Đảng ủy khối họp bàn",
            "Đảng uỷ Khối các cơ quan tỉnh họp bàn về Covid-19 tại TP.HCM.",
        ),
        (
            "Luật 45/2019/QH14",
            "Quốc hội thông qua luật số 45/2019/QH14 lúc 12:30.",
        ),
        (
            "Tham nhũng và lãng phí",
            "Chống tham nhũng, lãng phí là nhiệm vụ thường xuyên.",
        ),
    ];
    for (i, (title, body)) in texts.iter().enumerate() {
        writer
            .add(
                &Article::new(format!("doc-{i}"), *title, *body)
                    .with_date(Date::new(2020 + i as u16, 6, 15))
                    .with_source(Some(
                        ["dantri.com.vn", "Báo Nhân Dân", "vnexpress.net"][i].to_string(),
                    ))
                    .with_path(format!("doc-{i}.txt")),
            )
            .unwrap();
    }
    writer.commit().unwrap();
    Searcher::new(index).unwrap()
});

proptest! {
    #[test]
    fn any_text(input in any::<String>()) {
        check_parse(&input)?;
    }

    #[test]
    fn query_language_soup(input in token_soup()) {
        check_parse(&input)?;
    }

    #[test]
    fn literal_text(input in any::<String>()) {
        check_literal(&input)?;
    }

    #[test]
    fn literal_query_soup(input in token_soup()) {
        check_literal(&input)?;
    }

    #[test]
    fn near_the_length_limit(word in prop::sample::select(PIECES), extra in 0usize..3) {
        let repeat = (MAX_QUERY_CHARS - 1 + extra) / word.chars().count().max(1) + 1;
        let input: String = word.repeat(repeat).chars().take(MAX_QUERY_CHARS - 1 + extra).collect();
        check_parse(&input)?;
        if input.chars().count() > MAX_QUERY_CHARS {
            prop_assert!(parse_query(&input).is_err());
        }
    }

    #[test]
    fn deep_nesting(depth in 0usize..(2 * MAX_DEPTH), inner in token_soup()) {
        let input = format!("{}{inner}{}", "(".repeat(depth), ")".repeat(depth));
        check_parse(&input)?;
    }

    #[test]
    fn from_and_to_dates(from in prop::option::of("[0-9.\\- ]{0,12}|\\PC{0,12}"),
                         to in prop::option::of("[0-9.\\- ]{0,12}|\\PC{0,12}")) {
        if let Err(error) = parse_from_to(from.as_deref(), to.as_deref()) {
            prop_assert!(!error.to_string().contains('\n'));
        }
    }

    #[test]
    fn whole_searches(input in token_soup(), fold in any::<bool>(), by_date in any::<bool>(),
                      limit in 0usize..5, offset in 0usize..3) {
        let request = SearchRequest::new(QuerySpec::new(input).fold(fold))
            .limit(limit)
            .unwrap()
            .offset(offset)
            .sort(if by_date { SortOrder::Date } else { SortOrder::Relevance });
        match SEARCHER.search(&request) {
            Ok(results) => {
                prop_assert!(results.hits.len() <= limit);
                prop_assert!(results.total <= 3);
                for hit in &results.hits {
                    let text = &hit.snippet.text;
                    for range in &hit.snippet.highlights {
                        prop_assert!(range.start < range.end && range.end <= text.len());
                        prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                    }
                }
            }
            Err(error) => {
                let message = error.to_string();
                prop_assert!(!message.is_empty() && !message.contains('\n'), "{:?}", message);
            }
        }
    }
}
