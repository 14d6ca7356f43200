//! Queries crafted to be costly finish quickly: the work per word and per query is bounded
//! whatever the query holds (issue 14). The bounds are generous, as these run in debug builds on
//! shared machines: they catch work that grows exponentially, not small slowdowns.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use tracuu_query::parse::MAX_QUERY_CHARS;
use tracuu_query::{ErrorKind, QuerySpec, SearchRequest, Searcher};

/// Far above what these queries take (milliseconds), far below what they took unbounded (an
/// accent-free word of twelve letters alone had 3¹² × 6 spellings to look up).
const GENEROUS: Duration = Duration::from_secs(10);

fn searcher() -> Searcher {
    Searcher::new(tracuu_testkit::index()).unwrap()
}

/// A searcher over an in-memory index of `articles`.
fn searcher_over(articles: Vec<tracuu_indexer::Article>) -> Searcher {
    let index = tracuu_indexer::ArticleIndex::in_memory();
    let mut writer = index
        .writer(&tracuu_indexer::WriterOptions::default())
        .unwrap();
    for article in &articles {
        writer.add(article).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    Searcher::new(index).unwrap()
}

/// Runs `query` as a search, a count and the other-spellings report, and returns how long that
/// took; `valid` says whether the query must be accepted.
fn time_everything(searcher: &Searcher, query: &str) -> Duration {
    time_any(searcher, query, true)
}

/// Also with `--fuzzy`, whose words each look up several retypings.
fn time_any(searcher: &Searcher, query: &str, valid: bool) -> Duration {
    let started = Instant::now();
    for fuzzy in [false, true] {
        let spec = QuerySpec::new(query).fuzzy(fuzzy);
        let searched = searcher.search(&SearchRequest::new(spec.clone()));
        let counted = searcher
            .prepare(&spec)
            .and_then(|prepared| searcher.count(&prepared));
        let spelled = searcher.other_spellings(&spec);
        if valid {
            searched.unwrap();
            counted.unwrap();
            spelled.unwrap();
        }
    }
    started.elapsed()
}

#[test]
fn long_accent_free_words_are_not_spelled_out() {
    let searcher = searcher();
    let three_words = ["aaaaaaaaaaaa"; 3].join(" ");
    let took = time_everything(&searcher, &three_words);
    assert!(took < GENEROUS, "{three_words}: {took:?}");
    // 76 such words: 987 characters.
    let many_words = ["aaaaaaaaaaaa"; 76].join(" ");
    assert_eq!(many_words.len(), 987);
    let took = time_everything(&searcher, &many_words);
    assert!(took < GENEROUS, "76 words of 12 letters: {took:?}");
}

#[test]
fn words_of_two_spellings_are_not_combined_past_counting() {
    // `xa` is `xa` or `xã` here: 2⁶⁴ combinations once overflowed to none, and building them all
    // took every byte of memory.
    let searcher = searcher_over(vec![tracuu_indexer::Article::new(
        "xa",
        "Xã đảo",
        "Xã đảo ở xa đất liền.",
    )]);
    for words in [63, 64, 80] {
        let query = "xa ".repeat(words);
        let took = time_everything(&searcher, &query);
        assert!(took < GENEROUS, "{words} × `xa`: {took:?}");
    }
}

#[test]
fn real_syllables_are_still_read() {
    // Bounding the spellings keeps every syllable shape: `dang uy` still reads as `đảng ủy`.
    let results = searcher().search(&SearchRequest::new("dang uy")).unwrap();
    assert_eq!(results.reading.as_deref(), Some("đảng ủy"));
}

#[test]
fn a_document_with_many_matches_gets_its_snippet_quickly() {
    let body = "a ".repeat(300_000);
    let searcher = searcher_over(vec![tracuu_indexer::Article::new(
        "many",
        "Nhiều chữ a",
        body.as_str(),
    )]);
    let started = Instant::now();
    let results = searcher.search(&SearchRequest::new("a")).unwrap();
    let took = started.elapsed();
    assert!(took < GENEROUS, "300,000 matches: {took:?}");
    let hit = &results.hits[0];
    assert!(
        hit.snippet.text.starts_with("a a a"),
        "{}",
        hit.snippet.text
    );
    assert!(
        hit.snippet.highlights.len() > 50,
        "{:?}",
        hit.snippet.highlights.len()
    );
}

#[test]
fn prefixes_are_bounded_over_the_whole_query() {
    // 1,200 case numbers beginning with 20, and a1's `2020`: `20*` stands for over a thousand
    // words, within the limit of 2,000 for one prefix; a query's prefixes may stand for 8,000
    // in all, so `20*` may be used six times, not nine.
    let numbers: Vec<String> = (20_000..21_200).map(|n| n.to_string()).collect();
    let body = format!("Danh sách hồ sơ đã tiếp nhận: {}.", numbers.join(", "));
    let mut articles = tracuu_testkit::articles();
    articles.push(tracuu_indexer::Article::new(
        "ho-so",
        "Hồ sơ tiếp nhận",
        body.as_str(),
    ));
    let searcher = searcher_over(articles);

    let results = searcher.search(&SearchRequest::new("20*")).unwrap();
    let mut ids: Vec<&str> = results.hits.iter().map(|hit| hit.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["a1", "ho-so"]);

    let uses = |n: usize| vec!["20*"; n].join(" OR ");
    for query in [uses(2), uses(6), "20* -(20* tham)".to_string()] {
        let found = searcher.search(&SearchRequest::new(query.as_str()));
        assert!(found.is_ok(), "{query}: {found:?}");
    }
    for query in [uses(9), format!("{} -(20* tham)", uses(8))] {
        let error = searcher
            .search(&SearchRequest::new(query.as_str()))
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::PrefixTooBroad, "{query}");
        assert_eq!(
            error.to_string(),
            "the prefixes of the query (20*) stand for more than 8000 different words in all, \
             each use counted (use fewer or longer prefixes)",
            "{query}"
        );
    }
    let repeated = vec!["20*"; 140].join(" OR ");
    let error = searcher.search(&SearchRequest::new(repeated)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::PrefixTooBroad);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any query of accent-free words (the costly kind: each word is read, its spellings looked
    /// up) up to the length limit finishes within the bound.
    #[test]
    fn any_accent_free_query_up_to_the_length_limit_finishes(
        words in prop::collection::vec("[a-z]{1,12}", 1..150)
    ) {
        let mut query = words.join(" ");
        query.truncate(MAX_QUERY_CHARS);
        let took = time_everything(&SEARCHER, &query);
        prop_assert!(took < GENEROUS, "{} characters: {:?}", query.len(), took);
    }

    /// Any query made of the language's pieces (words with and without diacritics, phrases,
    /// proximity, prefixes, exclusions, alternatives, groups, fields, date ranges), valid or not,
    /// up to the length limit, finishes within the bound.
    #[test]
    fn any_query_of_operators_up_to_the_length_limit_finishes(
        pieces in prop::collection::vec(prop::sample::select(QUERY_PIECES), 1..200)
    ) {
        let mut query = pieces.join(" ");
        let mut end = query.len().min(MAX_QUERY_CHARS);
        while !query.is_char_boundary(end) {
            end -= 1;
        }
        query.truncate(end);
        let took = time_any(&SEARCHER, &query, false);
        prop_assert!(took < GENEROUS, "{query:?}: {took:?}");
    }
}

/// The pieces queries are made of in `any_query_of_operators_up_to_the_length_limit_finishes`.
const QUERY_PIECES: &[&str] = &[
    "tham",
    "nhũng",
    "tham nhung",
    "dang",
    "đảng",
    "uỷ",
    "ủy",
    "vien",
    "chong",
    "phòng",
    "aaaaaaaaaaaa",
    "nghe",
    "an",
    "OR",
    "AND",
    "NOT",
    "-",
    "\"",
    "\"đảng viên\"",
    "\"dang vien\"~3",
    "(",
    ")",
    "th*",
    "ng*",
    "a*",
    "title:",
    "title:dang",
    "source:",
    "source:\"Báo Nghệ An\"",
    "date:2020..2021",
    "date:2020-03",
    "~2",
    "*",
    "TP.HCM",
    "45/2019/QH14",
    "2.900.000",
    "Covid-19",
    "ddangr",
    "d9a3ng",
    "hộii",
];

/// One index for every case of the property.
static SEARCHER: LazyLock<Searcher> = LazyLock::new(searcher);
