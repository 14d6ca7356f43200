//! `tracuu search` and `tracuu analyze` over the sample corpus. Every expected set of articles is
//! taken from corpus/README.md ("Every article" and "Test fixtures the tests rely on"), written as
//! the README's labels (`jsonl/articles.jsonl line 10`), so a failure names the articles involved.
//!
//! The searches share one index of the five article folders (the corpus without its README, which
//! the indexer would read as one more document), built once for the module.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use tempfile::TempDir;
use tracuu_query::Hit;

use crate::util::{
    article, article_folders, build_index, corpus_readme, count, field, has_combining_mark, hits,
    index_of_articles, indexed, labels, nfc, run, run_with_stdin, search_hits, status, temp_dir,
    tracuu, tracuu_binary, ARTICLES, COPY, ORIGINAL,
};

static INDEX: OnceLock<TempDir> = OnceLock::new();

/// The shared index of the 48 publications of corpus/.
fn index() -> &'static Path {
    INDEX
        .get_or_init(|| build_index("cli-search-", &article_folders()))
        .path()
}

/// The hits of `query` as the library's records (up to 1,000 unless `extra` sets `--limit`),
/// asserting the command did not fail.
fn hit_records(query: &str, extra: &[&str]) -> Vec<Hit> {
    let mut args = vec![query];
    if !extra.iter().any(|a| *a == "--limit" || *a == "-n") {
        args.extend(["--limit", "1000"]);
    }
    args.extend_from_slice(extra);
    let (code, hits, stderr) = search_hits(index(), &args);
    assert!(
        code == 0 || code == 1,
        "`tracuu search {query:?} {extra:?}` failed with status {code}: {stderr}"
    );
    hits
}

/// The labels of the articles `query` finds (with `extra` options).
fn found(query: &str, extra: &[&str]) -> BTreeSet<String> {
    labels(&hits(index(), query, extra))
}

/// Asserts that `query` finds exactly the indexed articles among `expected`.
fn assert_finds(query: &str, extra: &[&str], expected: &[&str], why: &str) {
    let got = found(query, extra);
    let want = indexed(expected);
    assert_eq!(
        got,
        want,
        "`tracuu search {query:?} {extra:?}`: {why}\n  missing: {:?}\n  unexpected: {:?}",
        want.difference(&got).collect::<Vec<_>>(),
        got.difference(&want).collect::<Vec<_>>()
    );
}

/// Asserts that `query` finds at least the indexed articles among `expected`.
fn assert_finds_all(query: &str, expected: &[&str], why: &str) -> BTreeSet<String> {
    let got = found(query, &[]);
    let missing: Vec<_> = indexed(expected).difference(&got).cloned().collect();
    assert!(
        missing.is_empty(),
        "`tracuu search {query:?}`: {why}; missing: {missing:?}"
    );
    got
}

/// Fixture articles matching `keep`, as labels.
fn fixtures_where(keep: impl Fn(&crate::util::Article) -> bool) -> Vec<&'static str> {
    ARTICLES
        .iter()
        .filter(|a| keep(a))
        .map(|a| a.label)
        .collect()
}

/// corpus/README.md, "`Đảng ủy` / `Đảng uỷ`": the adjacent pair `đảng ủy`, either spelling.
const DANG_UY: [&str; 6] = [
    "header/gio-linh-quan-triet-quy-dinh-114.txt",
    "header/vn-2019-0320.txt",
    "header/vn-2024-0830.txt",
    "jsonl/articles.jsonl line 10",
    "scraped/2018-03-14-dang-uy-khoi-co-quan-sinh-hoat-chi-bo.txt",
    "scraped/2021-09-28-so-tay-dang-vien-dien-tu.txt",
];
/// The articles that (also) write `Đảng uỷ`, tone on the `y`.
const DANG_UY_TONE_ON_Y: [&str; 2] = ["header/vn-2024-0830.txt", "jsonl/articles.jsonl line 10"];

/// "Phrase trap `đảng viên`": `đảng` `viên` adjacent.
const DANG_VIEN: [&str; 15] = [
    "header/vn-2018-0125.txt",
    "header/vn-2018-1210.txt",
    "header/vn-2019-0320.txt",
    "header/vn-2020-1101.txt",
    "header/vn-2022-0517.txt",
    "header/vn-2022-1125.txt",
    "header/vn-2024-0830.txt",
    "jsonl/articles.jsonl line 8",
    "jsonl/articles.jsonl line 9",
    "jsonl/articles.jsonl line 10",
    "plain/nguoi-bi-thu-chi-bo-ban-huoi-moi.txt",
    "scraped/2018-03-14-dang-uy-khoi-co-quan-sinh-hoat-chi-bo.txt",
    "scraped/2020-09-15-dai-hoi-dang-bo-huyen-trieu-phong.txt",
    "scraped/2021-09-28-so-tay-dang-vien-dien-tu.txt",
    "scraped/2023-02-03-niem-tin-vao-dang.txt",
];
/// `đảng` and `viên` both occur, never adjacent.
const DANG_VIEN_TRAPS: [&str; 2] = [
    "jsonl/articles.jsonl line 12",
    "scraped/2019-11-20-huong-son-ton-vinh-nha-giao.txt",
];

/// "Words that fold to the same letters": the tokens folding to `dang` in each article.
const FOLDS_TO_DANG: [(&str, &[&str]); 32] = [
    ("compressed/2019-hoi-nghi.txt.gz", &["đăng", "đảng"]),
    (
        "compressed/international.jsonl.zst line 1",
        &["dâng", "đẳng"],
    ),
    ("compressed/international.jsonl.zst line 2", &["dạng"]),
    ("header/gio-linh-quan-triet-quy-dinh-114.txt", &["đảng"]),
    ("header/vn-2018-0125.txt", &["đảng"]),
    ("header/vn-2018-1210.txt", &["đảng"]),
    ("header/vn-2019-0320.txt", &["đảng"]),
    ("header/vn-2020-1101.txt", &["đang", "đảng"]),
    ("header/vn-2021-0315.txt", &["đang"]),
    ("header/vn-2022-0517.txt", &["dạng", "đăng", "đảng"]),
    ("header/vn-2022-1125.txt", &["dàng", "đảng"]),
    ("header/vn-2024-0116.txt", &["đang"]),
    ("header/vn-2024-0830.txt", &["đang", "đảng"]),
    ("jsonl/articles.jsonl line 2", &["đáng"]),
    ("jsonl/articles.jsonl line 6", &["đảng"]),
    ("jsonl/articles.jsonl line 7", &["đang"]),
    ("jsonl/articles.jsonl line 8", &["đang", "đảng"]),
    ("jsonl/articles.jsonl line 9", &["dạng", "đăng", "đảng"]),
    ("jsonl/articles.jsonl line 10", &["đang", "đăng", "đảng"]),
    ("jsonl/articles.jsonl line 12", &["đăng", "đảng"]),
    ("plain/dung-de-tu-duy-nhiem-ky.txt", &["dạng", "đảng"]),
    ("plain/nguoi-bi-thu-chi-bo-ban-huoi-moi.txt", &["đảng"]),
    (
        "scraped/2018-03-14-dang-uy-khoi-co-quan-sinh-hoat-chi-bo.txt",
        &["đảng"],
    ),
    (
        "scraped/2018-10-09-cam-xuyen-nong-thon-moi-kieu-mau.txt",
        &["dạng"],
    ),
    (
        "scraped/2019-11-20-huong-son-ton-vinh-nha-giao.txt",
        &["đáng", "đảng"],
    ),
    (
        "scraped/2020-04-02-nghe-an-ho-tro-nguoi-dan-covid-19.txt",
        &["đang"],
    ),
    (
        "scraped/2020-09-15-dai-hoi-dang-bo-huyen-trieu-phong.txt",
        &["đảng"],
    ),
    ("scraped/2021-09-28-so-tay-dang-vien-dien-tu.txt", &["đảng"]),
    ("scraped/2022-07-08-tiep-xuc-cu-tri-tp-vinh.txt", &["đặng"]),
    (
        "scraped/2023-02-03-niem-tin-vao-dang.txt",
        &["đáng", "đảng"],
    ),
    (
        "scraped/2023-08-22-thach-ha-mot-cua-cap-xa.txt",
        &["dạng", "đăng"],
    ),
    ("scraped/2024-05-19-le-hoi-lang-sen.txt", &["dâng"]),
];

/// The articles holding the token `word` (one of the `dang` spellings).
fn with_token(word: &str) -> Vec<&'static str> {
    FOLDS_TO_DANG
        .iter()
        .filter(|(_, tokens)| tokens.contains(&word))
        .map(|(label, _)| *label)
        .collect()
}

/// "`Covid-19` occurs in".
const COVID_19: [&str; 10] = [
    "compressed/international.jsonl.zst line 3",
    "compressed/international.jsonl.zst line 4",
    "header/vn-2020-0412.txt",
    "header/vn-2021-0315.txt",
    "header/vn-2021-0728.txt",
    "jsonl/articles.jsonl line 5",
    "jsonl/articles.jsonl line 6",
    "jsonl/articles.jsonl line 7",
    "scraped/2020-04-02-nghe-an-ho-tro-nguoi-dan-covid-19.txt",
    "scraped/2021-09-28-so-tay-dang-vien-dien-tu.txt",
];

/// The NFD files ("NFD (decomposed) files").
const NFD_SCRAPED: &str = "scraped/2020-09-15-dai-hoi-dang-bo-huyen-trieu-phong.txt";
const NFD_HEADER: &str = "header/vn-2020-1101.txt";

#[test]
fn accent_free_query_finds_both_spellings_of_dang_uy_and_shows_its_reading() {
    let got = assert_finds_all(
        "dang uy",
        &DANG_UY,
        "an accent-free query must find every article with `Đảng ủy` or `Đảng uỷ`",
    );
    assert!(
        got.is_superset(&indexed(&DANG_UY_TONE_ON_Y)),
        "`dang uy` must find the `Đảng uỷ` spelling too"
    );
    let top: Vec<String> = labels(&hits(index(), "dang uy", &["--limit", "3"]))
        .into_iter()
        .collect();
    assert!(
        top.iter().all(|l| DANG_UY.contains(&l.as_str())),
        "articles with the words `đảng ủy` side by side must rank first for `dang uy`; top 3: {top:?}"
    );

    let (output, _, stderr) = run(tracuu(index()).args(["search", "dang", "uy"]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(
        stderr.contains("(read as “đảng ủy”)"),
        "the human output must show the reading chosen for an accent-free query on stderr: {stderr}"
    );
    let (_, _, stderr) = run(tracuu(index()).args(["search", "đảng ủy"]));
    assert!(
        !stderr.contains("read as"),
        "an accented query needs no reading: {stderr}"
    );
}

#[test]
fn accented_query_matches_either_tone_placement() {
    let new = assert_finds_all(
        "đảng ủy",
        &DANG_UY,
        "`đảng ủy` must find every `Đảng ủy` / `Đảng uỷ` article",
    );
    let old = found("đảng uỷ", &[]);
    assert_eq!(new, old, "`đảng ủy` and `đảng uỷ` must be the same query");
    for phrase in ["\"đảng ủy\"", "\"đảng uỷ\"", "\"dang uy\"", "\"Đảng Ủy\""] {
        assert_finds(
            phrase,
            &[],
            &DANG_UY,
            "the phrase must find exactly the articles with the two words side by side, either spelling",
        );
    }
}

#[test]
fn accented_words_do_not_match_other_words_with_the_same_letters() {
    for word in ["đảng", "đăng", "đang", "dạng"] {
        assert_finds(
            word,
            &[],
            &with_token(word),
            "an accented word must match only itself, not the other words folding to `dang`",
        );
    }
    let all: Vec<&str> = FOLDS_TO_DANG.iter().map(|(label, _)| *label).collect();
    assert_finds(
        "dang",
        &["--any-spelling"],
        &all,
        "with --any-spelling, an accent-free word must match every word folding to it",
    );
    assert_finds(
        "dang",
        &[],
        &with_token("đảng"),
        "an accent-free word must match its reading, the most frequent spelling (`đảng`)",
    );
    let found_dang = found("đăng", &[]);
    assert!(
        found_dang.contains("scraped/2023-08-22-thach-ha-mot-cua-cap-xa.txt")
            && !found_dang.contains("header/vn-2018-0125.txt"),
        "`đăng` must find the article with `đăng` only and not the `đảng`-only ones: {found_dang:?}"
    );
}

#[test]
fn phrase_query_requires_adjacent_words() {
    assert_finds(
        "\"đảng viên\"",
        &[],
        &DANG_VIEN,
        "the phrase must find exactly the articles with `đảng viên` side by side",
    );
    let loose = found("đảng viên", &[]);
    for trap in DANG_VIEN_TRAPS {
        assert!(
            loose.contains(trap),
            "`đảng viên` without quotes must find {trap}, which has both words apart"
        );
    }
    assert_finds(
        "\"dang vien\"",
        &[],
        &DANG_VIEN,
        "the accent-free phrase must find the same articles",
    );
}

#[test]
fn no_break_space_separates_words() {
    let file = "scraped/2018-03-14-dang-uy-khoi-co-quan-sinh-hoat-chi-bo.txt";
    let text = std::fs::read_to_string(crate::util::corpus().join(file)).unwrap();
    assert!(
        text.contains("142\u{a0}TCCSĐ"),
        "fixture {file} must join `142` and `TCCSĐ` with U+00A0"
    );
    assert_finds(
        "\"142 TCCSĐ\"",
        &[],
        &[file],
        "a no-break space must separate words like a space",
    );
}

#[test]
fn every_snippet_is_cut_on_character_boundaries() {
    // Snippet windows start after a space; in scraped/2018-03-14-... some of those spaces are
    // U+00A0 (two bytes), which once made `tracuu search` panic on common words.
    for query in [
        "và", "của", "các", "được", "trong", "đảng", "viên", "người", "năm", "tỉnh",
    ] {
        let (code, hits, stderr) = search_hits(index(), &[query, "--limit", "100"]);
        assert_eq!(
            code, 0,
            "`tracuu search {query:?}` must succeed over the whole corpus (snippet panic?): {stderr}"
        );
        for hit in &hits {
            let snippet = &hit.snippet.text;
            for range in &hit.snippet.highlights {
                assert!(
                    snippet.get(range.clone()).is_some(),
                    "`{query}`: highlight {range:?} is not a character range of {snippet:?}"
                );
            }
        }
    }
}

#[test]
fn date_filters_follow_the_article_dates() {
    let in_period =
        |prefix: &str| fixtures_where(|a| a.date.is_some_and(|d| d.starts_with(prefix)));
    for year in 2018..=2024 {
        let year = year.to_string();
        let expected = in_period(&year);
        assert_finds(
            &format!("date:{year}"),
            &[],
            &expected,
            "a `date:` year filter alone must list that year's articles",
        );
        let dated_query = "date:0001..9999";
        assert_finds(
            dated_query,
            &["--from", &year, "--to", &year],
            &expected,
            "--from/--to a year must keep that year's articles",
        );
    }
    assert_finds("date:2019-11", &[], &in_period("2019-11"), "a month filter");
    assert_finds(
        "date:2019-11-16..2019-11-20",
        &[],
        &fixtures_where(|a| {
            a.date
                .is_some_and(|d| ("2019-11-16"..="2019-11-20").contains(&d))
        }),
        "a range of days, both ends included",
    );
    let covid_since_2021: Vec<&str> = COVID_19
        .iter()
        .copied()
        .filter(|l| article(l).date.is_some_and(|d| d >= "2021"))
        .collect();
    assert_finds(
        "Covid-19",
        &["--from", "2021"],
        &covid_since_2021,
        "--from combines with the query",
    );
    let dated = fixtures_where(|a| a.date.is_some());
    assert_finds("date:..9999", &[], &dated, "every dated article");
}

#[test]
fn date_filters_that_do_not_overlap_are_an_error_naming_both() {
    // Like `date:2022..2021`, a query whose date filters leave no day is refused before
    // searching, rather than reported as finding nothing in the dates asked for.
    for (query, first, second) in [
        ("quốc hội date:2021 date:2022", "2021", "2022"),
        (
            "date:2019-11 tham nhũng date:2019-12-01..",
            "2019-11",
            "2019-12-01..",
        ),
    ] {
        let (output, stdout, stderr) = run(tracuu(index()).args(["search", query]));
        assert_eq!(status(&output), 2, "{query}: {stderr}");
        assert!(stdout.is_empty(), "{query}: {stdout}");
        assert_eq!(
            stderr,
            format!(
                "tracuu: the date filters date:{first} and date:{second} do not overlap: no \
                 document can match both\n"
            ),
            "{query}"
        );
    }
    let since_june_2021 = fixtures_where(|a| {
        a.date
            .is_some_and(|d| ("2021-06"..="2021-12-31").contains(&d))
    });
    assert_finds(
        "date:2021 date:2021-06..",
        &[],
        &since_june_2021,
        "filters that overlap keep the days they have in common",
    );
}

#[test]
fn source_filter_matches_the_source_field() {
    for source in ["Báo Hà Tĩnh", "Báo Đại biểu Nhân dân", "tintuc.example.vn"] {
        let expected = fixtures_where(|a| a.source == Some(source));
        assert_finds(
            &format!("source:\"{source}\""),
            &[],
            &expected,
            "`source:` must match the articles of that source (NFD sources included)",
        );
    }
    assert_eq!(
        found("source:\"bao ha tinh\"", &[]),
        found("source:\"Báo Hà Tĩnh\"", &[]),
        "`source:` without diacritics must match the same articles"
    );
    let both = found("source:\"Báo Hà Tĩnh\" \"đảng viên\"", &[]);
    let expected: BTreeSet<String> = indexed(&DANG_VIEN)
        .into_iter()
        .filter(|l| article(l).source == Some("Báo Hà Tĩnh"))
        .collect();
    assert_eq!(both, expected, "`source:` must combine with words");
}

#[test]
fn a_source_matching_nothing_is_told_its_closest_names_even_when_only_punctuation_differs() {
    let corpus = temp_dir("source-hint-corpus-");
    let lines = [
        ("a", "Tuổi Trẻ, TP.HCM", "Hội nghị cán bộ thành phố."),
        ("b", "Báo Nghệ An", "Hội nghị cán bộ tỉnh."),
    ]
    .map(|(id, source, body)| {
        serde_json::json!({"id": id, "title": "Tin", "body": body, "source": source}).to_string()
    });
    let path = corpus.path().join("articles.jsonl");
    std::fs::write(&path, lines.join("\n")).expect("write the corpus");
    let index = build_index("source-hint-index-", &[path]);
    let search = |query: &str| {
        let (output, _, stderr) = run(tracuu(index.path()).args(["search", query]));
        (status(&output), stderr)
    };
    // As written, and without diacritics: found, no hint.
    for query in ["source:\"Tuổi Trẻ, TP.HCM\"", "source:\"tuoi tre, tp.hcm\""] {
        let (code, stderr) = search(query);
        assert_eq!(code, 0, "{query}: {stderr}");
        assert!(!stderr.contains("no source is named"), "{query}: {stderr}");
    }
    // Without the comma the phrase does not match across it, and the hint says why.
    let (code, stderr) = search("source:\"Tuổi Trẻ TP.HCM\"");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("no source is named “Tuổi Trẻ TP.HCM”; the closest: “Tuổi Trẻ, TP.HCM”"),
        "{stderr}"
    );
    let (code, stderr) = search("source:\"Báo Nghệ Anh\"");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("no source is named “Báo Nghệ Anh”; the closest: “Báo Nghệ An”"),
        "{stderr}"
    );
}

#[test]
fn codes_are_searchable_whole_and_by_part() {
    let cases: [(&str, &[&str]); 9] = [
        ("45/2019/QH14", &["jsonl/articles.jsonl line 3"]),
        ("QH14", &["jsonl/articles.jsonl line 3"]),
        ("qh14", &["jsonl/articles.jsonl line 3"]),
        ("127/2023/QH15", &["header/vn-2023-0609.txt"]),
        ("31/2024/QH15", &["jsonl/articles.jsonl line 14"]),
        (
            "TP.HCM",
            &["header/vn-2020-0412.txt", "jsonl/articles.jsonl line 7"],
        ),
        (
            "tp.hcm",
            &["header/vn-2020-0412.txt", "jsonl/articles.jsonl line 7"],
        ),
        ("Covid-19", &COVID_19),
        ("covid-19", &COVID_19),
    ];
    for (query, expected) in cases {
        // As written: `TP.HCM` also finds `Thành phố Hồ Chí Minh` by default (see
        // `abbreviations_find_their_expansions_as_the_corpus_facts_say`).
        assert_finds(
            query,
            &["--no-expand"],
            expected,
            "a code must find exactly the articles that write it",
        );
    }
}

/// The rows of the corpus README's table of abbreviations: the abbreviation, its expansion,
/// and the articles holding both, the abbreviation only, the expansion only.
fn abbreviation_facts() -> Vec<[String; 5]> {
    let readme = corpus_readme();
    let lines: Vec<&str> = readme.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("**Abbreviations and expansions.**"))
        .expect("corpus/README.md has the abbreviations table");
    lines[start..]
        .iter()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<String> = row
                .trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().replace('`', ""))
                .collect();
            cells.try_into().expect("five cells")
        })
        .collect()
}

/// The labels of a cell of [`abbreviation_facts`] (`—` for none).
fn cell_labels(cell: &str) -> Vec<&str> {
    cell.split("<br>").filter(|l| *l != "—").collect()
}

#[test]
fn abbreviations_find_their_expansions_as_the_corpus_facts_say() {
    let facts = abbreviation_facts();
    assert_eq!(facts.len(), 5, "TCCSĐ, UBND, HĐND, TP.HCM, MTTQ");
    for [abbreviation, expansion, both, abbreviation_only, expansion_only] in &facts {
        let written: Vec<&str> = cell_labels(both)
            .into_iter()
            .chain(cell_labels(abbreviation_only))
            .collect();
        let every: Vec<&str> = written
            .iter()
            .copied()
            .chain(cell_labels(expansion_only))
            .collect();
        let phrase = format!("\"{expansion}\"");
        assert_finds(
            abbreviation,
            &[],
            &every,
            "the abbreviation also finds its expansion",
        );
        assert_finds(
            &phrase,
            &[],
            &every,
            "the expansion also finds its abbreviation",
        );
        assert_finds(abbreviation, &["--no-expand"], &written, "as written");
    }
}

#[test]
fn distinctive_phrases_find_their_one_article() {
    let cases = [
        ("Cầu Vồng Xanh", "jsonl/articles.jsonl line 11"),
        // Its README row reads `Cầu Treo – Nậm Phao`, but a dash between spaces ends a phrase:
        // see `phrases_stop_at_punctuation`.
        ("Nậm Phao", "compressed/international.jsonl.zst line 4"),
        ("Xiêng Khoảng", "compressed/international.jsonl.zst line 1"),
        ("RCEP", "compressed/international.jsonl.zst line 3"),
        ("EVFTA", "jsonl/articles.jsonl line 5"),
        (
            "sổ tay đảng viên điện tử",
            "scraped/2021-09-28-so-tay-dang-vien-dien-tu.txt",
        ),
        ("Huồi Mới", "plain/nguoi-bi-thu-chi-bo-ban-huoi-moi.txt"),
        ("Ea Sút", "header/vn-2019-1116.txt"),
        ("tư duy nhiệm kỳ", "plain/dung-de-tu-duy-nhiem-ky.txt"),
        ("Làng Sen", "scraped/2024-05-19-le-hoi-lang-sen.txt"),
        ("Quỳnh Thạch", "jsonl/articles.jsonl line 10"),
        ("Triệu Phong", NFD_SCRAPED),
        ("Vũng Áng", NFD_HEADER),
        ("Nam Sudan", "compressed/international.jsonl.zst line 5"),
    ];
    for (phrase, label) in cases {
        assert_finds(
            &format!("\"{phrase}\""),
            &[],
            &[label],
            "the phrase occurs in exactly one article (corpus/README.md, known answers)",
        );
        let unquoted = hits(index(), phrase, &["--limit", "1"]);
        assert_eq!(
            labels(&unquoted).into_iter().next().as_deref(),
            Some(label),
            "the one article with `{phrase}` must rank first without quotes too"
        );
    }
}

#[test]
fn phrases_stop_at_punctuation() {
    // "Diễn đàn Hữu nghị Cầu Treo – Nậm Phao", "cửa khẩu quốc tế Cầu Treo, UBND tỉnh".
    let label = "compressed/international.jsonl.zst line 4";
    for phrase in ["\"Cầu Treo\"", "\"Nậm Phao\"", "\"hữu nghị cầu treo\""] {
        assert_finds(phrase, &[], &[label], "the words stand side by side");
    }
    for phrase in ["\"Treo Nậm\"", "\"cau treo nam phao\"", "\"Cầu Treo UBND\""] {
        assert_finds(
            phrase,
            &[],
            &[],
            "a dash between spaces or a comma ends a phrase",
        );
    }
}

#[test]
fn nfd_articles_are_found_and_highlighted_in_their_own_spelling() {
    for query in ["\"Triệu Phong\"", "\"trieu phong\"", "\"TRIỆU PHONG\""] {
        assert_finds(
            query,
            &[],
            &[NFD_SCRAPED],
            "an NFC or accent-free query must find the NFD file",
        );
    }
    for query in ["Vũng Áng", "vung ang"] {
        assert_finds(query, &[], &[NFD_HEADER], "the NFD header file");
    }

    let hit = &hit_records("\"Triệu Phong\"", &[])[0];
    let snippet = &hit.snippet.text;
    let highlights = &hit.snippet.highlights;
    assert!(
        !highlights.is_empty(),
        "the match must be highlighted: {hit:?}"
    );
    let mut words = Vec::new();
    for range in highlights {
        let word = snippet.get(range.clone()).unwrap_or_else(|| {
            panic!("highlight {range:?} is not a byte range of the snippet {snippet:?}")
        });
        words.push(word);
    }
    assert!(
        words.iter().any(|w| has_combining_mark(w)),
        "the highlighted text must be the file's own NFD spelling, not a re-composed copy: {words:?}"
    );
    let composed: BTreeSet<String> = words
        .iter()
        .flat_map(|w| {
            nfc(w)
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        composed,
        BTreeSet::from(["triệu".to_string(), "phong".to_string()]),
        "the highlights must cover the query words"
    );
    let title = &hit.title;
    assert!(
        has_combining_mark(title) && nfc(title) == article(NFD_SCRAPED).title,
        "the title is stored as written (NFD) and reads as the fixture title: {title:?}"
    );
}

#[test]
fn tone_placement_variants_find_the_same_articles() {
    let cases: [(&str, &str, &[&str]); 5] = [
        (
            "hoà",
            "hòa",
            &[
                "compressed/international.jsonl.zst line 2",
                "header/vn-2024-0830.txt",
                "scraped/2023-02-03-niem-tin-vao-dang.txt",
            ],
        ),
        (
            "khoẻ",
            "khỏe",
            &[
                "header/vn-2024-0830.txt",
                "scraped/2020-04-02-nghe-an-ho-tro-nguoi-dan-covid-19.txt",
                "scraped/2024-05-19-le-hoi-lang-sen.txt",
            ],
        ),
        (
            "uỷ",
            "ủy",
            &[
                "compressed/international.jsonl.zst line 2",
                "header/vn-2021-0315.txt",
                "header/vn-2024-0116.txt",
                "header/vn-2024-0830.txt",
                "jsonl/articles.jsonl line 10",
                "scraped/2020-04-02-nghe-an-ho-tro-nguoi-dan-covid-19.txt",
                "scraped/2024-05-19-le-hoi-lang-sen.txt",
            ],
        ),
        (
            "thuỷ",
            "thủy",
            &[
                "jsonl/articles.jsonl line 13",
                "scraped/2024-05-19-le-hoi-lang-sen.txt",
            ],
        ),
        ("toà", "tòa", &["header/vn-2024-0116.txt"]),
    ];
    for (second_vowel, first_vowel, expected) in cases {
        let a = assert_finds_all(
            second_vowel,
            expected,
            "either tone placement must find the articles written with either (Tone-mark placement)",
        );
        let b = found(first_vowel, &[]);
        assert_eq!(
            a, b,
            "`{second_vowel}` and `{first_vowel}` must be the same term"
        );
    }
}

#[test]
fn every_indexed_article_has_the_fixture_id_date_source_and_title() {
    let mut by_label = std::collections::BTreeMap::new();
    let undated = ["\"Huồi Mới\"", "\"tư duy nhiệm kỳ\""];
    let queries: Vec<String> = (2018..=2024)
        .map(|y| format!("date:{y}"))
        .chain(undated.iter().map(|q| q.to_string()))
        .collect();
    for query in &queries {
        for hit in hit_records(query, &[]) {
            by_label.insert(crate::util::label_of(&hit.id), hit);
        }
    }
    for article in &ARTICLES {
        let hit = by_label.get(article.label);
        if article.label == COPY {
            assert!(
                hit.is_none(),
                "the copy {COPY} is collapsed under its original {ORIGINAL}"
            );
            continue;
        }
        let hit = hit.unwrap_or_else(|| {
            panic!(
                "{} (id {:?}) is not in the index, or has another id or date",
                article.label, article.id
            )
        });
        let file = article.label.split(" line ").next().unwrap();
        let expected = (article.date, article.source, article.title);
        let source = hit.source.as_deref().map(nfc);
        let date = hit.date.map(|d| d.to_string());
        let actual = (date.as_deref(), source.as_deref(), nfc(&hit.title));
        assert_eq!(
            (expected.0, expected.1, expected.2.to_string()),
            (actual.0, actual.1, actual.2),
            "{}: (date, source, title) differ from corpus/README.md (reader or fixture changed?)",
            article.label
        );
        assert!(
            hit.path.ends_with(file),
            "{}: path {} must be the file the article came from",
            article.label,
            hit.path
        );
    }
}

#[test]
fn exit_status_is_0_with_hits_1_without_and_2_for_bad_queries() {
    let (code, hits, _) = search_hits(index(), &["Quỳnh Thạch"]);
    assert_eq!((code, hits.len()), (0, 1), "a query with hits exits 0");

    let (code, hits, stderr) = search_hits(index(), &["Châu Khê"]);
    assert_eq!(
        (code, hits.len()),
        (1, 0),
        "`Châu Khê` occurs only in page tail boilerplate (\"Các tin khác\"), which must not be \
         indexed: status 1, no hits; {stderr}"
    );

    let bad: [(&[&str], &str); 6] = [
        (&["\"đảng viên"], "unclosed quote"),
        (&[""], "empty query"),
        (&["   "], "empty query"),
        (&["date:2021-13"], "invalid date"),
        (&["đảng", "--from", "2021-02-30"], "invalid date"),
        (&["tacgia:Nam"], "unknown field"),
    ];
    for (args, what) in bad {
        let (output, stdout, stderr) = run(tracuu(index()).arg("search").args(args));
        assert_eq!(
            status(&output),
            2,
            "`tracuu search {args:?}` ({what}) must exit with status 2; stderr: {stderr}"
        );
        assert!(
            stdout.is_empty(),
            "no output on stdout for an error: {stdout}"
        );
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(
            lines.len() == 1 && lines[0].starts_with("tracuu: ") && lines[0].contains(what),
            "`tracuu search {args:?}` must explain the {what} in one line starting `tracuu: `; \
             stderr: {stderr:?}"
        );
    }
}

#[test]
fn a_negative_number_given_to_an_option_is_named_as_such_and_trend_gets_the_query_hint() {
    for (args, said) in [
        (&["search", "-n", "-1", "đảng"][..], "'-1' is negative"),
        (&["kwic", "đảng", "--limit", "-3"], "'-3' is negative"),
        (&["search", "covid", "-19"], "'-19' was read as options"),
        (
            &["trend", "tham nhũng", "-vặt"],
            "tracuu trend [OPTIONS] -- '… -vặt'",
        ),
    ] {
        let (output, _, stderr) = run(tracuu(index()).args(args));
        assert_eq!(status(&output), 2, "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}

#[test]
fn a_word_to_leave_out_typed_as_an_argument_says_to_put_the_query_after_double_dash() {
    // The shell passes `-ủy` on its own, and clap reads it as the options -ủ -y.
    let (output, stdout, stderr) = run(tracuu(index()).args(["search", "đảng", "-ủy"]));
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("'-ủy' was read as options")
            && stderr.contains("tracuu search [OPTIONS] -- '… -ủy'"),
        "{stderr}"
    );
    // As the message says, the query after `--` leaves the word out.
    let with = found("đảng", &[]);
    let without = found("đảng ủy", &[]);
    assert!(!without.is_empty(), "the fixtures hold both words");
    let (output, stdout, stderr) =
        run(tracuu(index()).args(["search", "--json", "--limit", "1000", "--", "đảng -ủy"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let hits: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected: BTreeSet<String> = with.difference(&without).cloned().collect();
    assert_eq!(labels(&hits), expected);
    // A mistyped long option keeps clap's own suggestion.
    let (output, _, stderr) = run(tracuu(index()).args(["search", "--limt", "3", "đảng"]));
    assert_eq!(status(&output), 2);
    assert!(
        stderr.contains("'--limit'") && !stderr.contains("after '--'"),
        "{stderr}"
    );
}

#[test]
fn json_hits_have_exactly_the_documented_fields() {
    let expected: BTreeSet<&str> = [
        "id",
        "score",
        "title",
        "date",
        "source",
        "url",
        "path",
        "snippet",
        "highlights",
        "title_highlights",
        "other_spelling",
        "partial",
        "story",
        "copies",
    ]
    .into();
    let mut all = hits(index(), "Covid-19", &[]);
    all.extend(hits(index(), "\"Huồi Mới\"", &[]));
    assert_eq!(all.len(), 11);
    for hit in &all {
        let keys: BTreeSet<&str> = hit
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, expected, "JSON hit fields changed: {hit}");
        assert!(hit["score"].is_number(), "score: {hit}");
        match &hit["date"] {
            Value::Null => {}
            Value::String(date) => assert!(
                date.len() == 10
                    && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }),
                "date must be YYYY-MM-DD: {hit}"
            ),
            other => panic!("date must be a string or null, found {other}: {hit}"),
        }
        for key in ["source", "url"] {
            assert!(
                hit[key].is_string() || hit[key].is_null(),
                "{key} must be a string or null: {hit}"
            );
        }
        let snippet = field(hit, "snippet");
        for range in hit["highlights"].as_array().expect("highlights is a list") {
            let pair = range.as_array().expect("a highlight is [start, end]");
            let (start, end) = (
                pair[0].as_u64().unwrap() as usize,
                pair[1].as_u64().unwrap() as usize,
            );
            assert!(
                start < end && snippet.get(start..end).is_some(),
                "highlight {start}..{end} must be a byte range of the snippet: {hit}"
            );
        }
    }
    let plain = all.last().unwrap();
    assert!(
        plain["date"].is_null() && plain["source"].is_null() && plain["url"].is_null(),
        "a plain document has no date, source or url: {plain}"
    );
    let covid = &all[0];
    let highlighted = &field(covid, "snippet")[covid["highlights"][0][0].as_u64().unwrap() as usize
        ..covid["highlights"][0][1].as_u64().unwrap() as usize];
    assert!(
        highlighted.to_lowercase().starts_with("covid"),
        "the first highlight of `Covid-19` must be the code: {highlighted:?}"
    );
}

#[test]
fn limit_offset_and_count() {
    let documents = with_token("đảng").len();
    assert_eq!(
        count(index(), "đảng", &[]),
        documents,
        "--count must print the number of matching documents (publications)"
    );
    let (output, _, stderr) = run(tracuu(index()).args(["search", "đảng", "--count"]));
    assert_eq!(status(&output), 0);
    // One publication is a copy of another: its story is the other's.
    let total = indexed(&with_token("đảng")).len();
    assert_eq!(total, documents - 1, "the copy holds `đảng`");
    assert!(
        stderr.contains(&format!("{documents} documents, {total} stories")),
        "{stderr}"
    );
    let (output, stdout, _) = run(tracuu(index()).args(["search", "đảng", "--count"]));
    assert_eq!(status(&output), 0);
    assert_eq!(
        stdout,
        format!("{documents}\n"),
        "--count prints only the number"
    );

    let ids = |extra: &[&str]| -> Vec<String> {
        let (_, hits, _) = search_hits(index(), &[&["đảng"][..], extra].concat());
        hits.into_iter().map(|h| h.id).collect()
    };
    let first_ten = ids(&[]);
    assert_eq!(first_ten.len(), 10, "10 hits by default");
    let all = ids(&["--limit", "100"]);
    assert_eq!(all.len(), total, "one hit per story");
    assert_eq!(ids(&["--limit", "100", "--no-collapse"]).len(), documents);
    assert_eq!(
        ids(&["--limit", "5"]),
        all[..5],
        "--limit 5: the first five hits"
    );
    assert_eq!(
        ids(&["--limit", "5", "--offset", "5"]),
        all[5..10],
        "--offset 5 --limit 5: the next five"
    );
    assert_eq!(
        ids(&["-n", "100", "--offset", &(total - 2).to_string()]),
        all[total - 2..],
        "--offset near the end: the last hits"
    );
    let (code, hits, _) = search_hits(index(), &["đảng", "--offset", "1000"]);
    assert_eq!(
        (code, hits.len()),
        (0, 0),
        "an offset past the end shows nothing but the query still matches (status 0)"
    );
}

#[test]
fn a_huge_offset_shows_nothing_without_asking_for_memory_for_it() {
    let documents = count(index(), "đảng", &[]);
    // Far more than the index holds (tantivy's collectors would hold room for offset + limit).
    for offset in ["10000000000", "18446744073709551615"] {
        for extra in [
            &[][..],
            &["--sort", "date"],
            &["--no-collapse"],
            &["-n", "10000"],
        ] {
            let args = [&["đảng", "--offset", offset][..], extra].concat();
            let (output, stdout, stderr) = run(tracuu(index()).arg("search").args(&args));
            assert_eq!(status(&output), 0, "{args:?}: {stderr}");
            assert!(stdout.is_empty(), "{args:?}: {stdout}");
            assert!(
                stderr.contains(&format!("{documents} documents"))
                    && stderr.contains("is past the last hit: nothing to show"),
                "{args:?}: {stderr}"
            );
            let (code, hits, stderr) = search_hits(index(), &args);
            assert_eq!((code, hits.len()), (0, 0), "{args:?}: {stderr}");
        }
        // The count is the count, whatever the offset.
        assert_eq!(count(index(), "đảng", &["--offset", offset]), documents);
        assert_eq!(
            count(index(), "đảng", &["--offset", offset, "--sort", "date"]),
            documents
        );
        // A long query's partial matches and an accent-free query's other spellings too.
        let (code, hits, stderr) = search_hits(index(), &["dang uy", "--offset", offset]);
        assert_eq!((code, hits.len()), (0, 0), "{stderr}");
        // (Its partial matches are not counted: with none on the page, the status is that of
        // its count.)
        let status_of_count = if count(index(), SIX_WORDS, &[]) > 0 {
            0
        } else {
            1
        };
        let (code, hits, stderr) =
            search_hits(index(), &[SIX_WORDS, "--offset", offset, "-n", "5"]);
        assert_eq!((code, hits.len()), (status_of_count, 0), "{stderr}");
    }
    // No match at all: status 1, as without an offset.
    let (output, _, _) =
        run(tracuu(index()).args(["search", "Châu Khê", "--offset", "10000000000"]));
    assert_eq!(status(&output), 1);
}

#[test]
fn pages_tile_the_whole_list_past_the_reading_with_stories_collapsed_or_not() {
    // `dang uy`: the reading's documents hold a copy, then come the other spellings'.
    let page = |extra: &[&str], limit: usize, offset: usize| -> Vec<Hit> {
        let (limit, offset) = (limit.to_string(), offset.to_string());
        let args = [&["dang uy", "-n", &limit, "--offset", &offset][..], extra].concat();
        search_hits(index(), &args).1
    };
    let collapsed = page(&[], 1000, 0);
    let every_document = page(&["--no-collapse"], 1000, 0);
    assert!(
        collapsed.len() < every_document.len(),
        "a copy is collapsed"
    );
    assert!(
        collapsed.iter().any(|h| h.other_spelling) && collapsed.iter().any(|h| !h.other_spelling),
        "the reading's hits, then the other spellings'"
    );
    for (extra, whole) in [
        (&[][..], &collapsed),
        (&["--no-collapse"][..], &every_document),
    ] {
        let ids = |hits: &[Hit]| hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
        for size in [1, 4, 7] {
            let pages: Vec<Hit> = (0..whole.len())
                .step_by(size)
                .flat_map(|offset| page(extra, size, offset))
                .collect();
            assert_eq!(ids(&pages), ids(whole), "pages of {size} {extra:?}");
        }
    }
}

#[test]
fn each_word_a_fuzzy_query_also_matched_is_said_once() {
    // `TP.HCM` stands for expressions that share words (`Hồ Chí Minh`): each word is compiled
    // once per expression, and said once.
    let (output, _, stderr) = run(tracuu(index()).args(["search", "-c", "--fuzzy", "TP.HCM"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with("Hồ — also:")),
        "{stderr}"
    );
    let distinct: BTreeSet<&str> = lines.iter().copied().collect();
    assert_eq!(distinct.len(), lines.len(), "{stderr}");
}

/// corpus/README.md, "Partial matches of a long query": six words, no article holding them all.
const SIX_WORDS: &str = "cơ chế đặc thù biển đảo";
/// The articles holding at least three of [`SIX_WORDS`] (half of them).
const HALF_OF_SIX_WORDS: [&str; 5] = [
    "header/vn-2023-0609.txt",
    "header/vn-2021-0728.txt",
    "header/vn-2022-0517.txt",
    "header/vn-2024-0116.txt",
    "jsonl/articles.jsonl line 9",
];
/// The one article holding five of [`SIX_WORDS`].
const FIVE_OF_SIX_WORDS: &str = "header/vn-2023-0609.txt";

/// The hits of `tracuu search ARGS --json`, partial matches included, asserting it succeeded.
fn every_hit(args: &[&str]) -> Vec<Value> {
    let (code, hits, stderr) = crate::util::search_json(index(), args);
    assert!(code <= 1, "`tracuu search {args:?}` failed: {stderr}");
    hits
}

#[test]
fn a_long_query_goes_on_with_the_articles_holding_half_its_words() {
    assert_eq!(
        count(index(), SIX_WORDS, &[]),
        0,
        "no article has every word"
    );
    let (code, partial, stderr) =
        crate::util::search_json(index(), &[SIX_WORDS, "--limit", "1000"]);
    assert_eq!(code, 0, "hits were shown: {stderr}");
    assert!(
        partial
            .iter()
            .all(|h| h["partial"] == true && h["other_spelling"] == false),
        "{partial:?}"
    );
    let want = indexed(&HALF_OF_SIX_WORDS);
    assert_eq!(labels(&partial), want);
    assert_eq!(partial.len(), want.len(), "each article once: {partial:?}");
    assert_eq!(
        crate::util::label_of(field(&partial[0], "id")),
        FIVE_OF_SIX_WORDS,
        "the article missing one word comes first"
    );
    let ids = |hits: &[Value]| -> Vec<String> {
        hits.iter().map(|h| field(h, "id").to_string()).collect()
    };
    assert_eq!(
        ids(&every_hit(&[SIX_WORDS, "-n", "2", "--offset", "1"])),
        ids(&partial[1..3]),
        "pages of partial matches follow each other"
    );
    let (output, stdout, _) = run(tracuu(index()).args(["search", SIX_WORDS]));
    assert_eq!(status(&output), 0);
    assert!(
        stdout.starts_with("— documents with some of the words, not all:\n")
            && stdout.matches("some of the words").count() == 1,
        "one line announces the partial matches: {stdout}"
    );
}

#[test]
fn a_long_query_lists_the_articles_with_every_word_first() {
    // Five words, all five in the article missing `đảo` above, three or more in others.
    let query = "cơ chế đặc thù biển";
    let full = hits(index(), query, &[]);
    assert_eq!(labels(&full), indexed(&[FIVE_OF_SIX_WORDS]));
    let all = every_hit(&[query, "--limit", "1000"]);
    let partial: Vec<bool> = all.iter().map(|h| h["partial"] == true).collect();
    assert_eq!(
        partial[..full.len()],
        vec![false; full.len()][..],
        "{all:?}"
    );
    assert!(partial[full.len()..].iter().all(|p| *p), "{all:?}");
    let rest = indexed(&HALF_OF_SIX_WORDS[1..]);
    assert_eq!(labels(&all[full.len()..]), rest, "three of five words");
    assert_eq!(all.len(), full.len() + rest.len(), "each article once");
    assert_eq!(count(index(), query, &[]), full.len(), "counts ignore them");
    let (output, stdout, _) = run(tracuu(index()).args(["search", query]));
    assert_eq!(status(&output), 0);
    let (first, after) = stdout
        .split_once("— documents with some of the words, not all:\n")
        .unwrap_or_else(|| panic!("a line before the partial matches: {stdout}"));
    assert!(
        first.starts_with("  1. ") && after.starts_with("  2. "),
        "{stdout}"
    );
}

#[test]
fn short_queries_and_queries_with_operators_require_every_word() {
    // Four words: only one article has all four; three others hold two or three of them.
    let all = every_hit(&["cơ chế đặc thù", "--limit", "1000"]);
    assert_eq!(labels(&all), indexed(&[FIVE_OF_SIX_WORDS]));
    assert!(all.iter().all(|h| h["partial"] == false), "{all:?}");
    let (code, none, _) = crate::util::search_json(index(), &["đặc thù biển đảo"]);
    assert_eq!((code, none.len()), (1, 0), "no article has the four words");
    for query in [
        format!("\"{SIX_WORDS}\""),
        format!("{SIX_WORDS} OR đảo"),
        format!("title:({SIX_WORDS})"),
        format!("{SIX_WORDS} cơ*"),
    ] {
        let (code, none, _) = crate::util::search_json(index(), &[&query]);
        assert_eq!((code, none.len()), (1, 0), "`{query}`: {none:?}");
    }
    let by_date = every_hit(&[SIX_WORDS, "--sort", "date"]);
    assert!(by_date.is_empty(), "only by relevance: {by_date:?}");
}

#[test]
fn sort_by_date_lists_newest_first_and_undated_last() {
    let hits = hit_records("đảng", &["--sort", "date"]);
    let dates: Vec<Option<String>> = hits.iter().map(|h| h.date.map(|d| d.to_string())).collect();
    let dates: Vec<Option<&str>> = dates.iter().map(Option::as_deref).collect();
    let mut expected = dates.clone();
    expected.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    assert_eq!(dates, expected, "--sort date: newest first, undated last");
    assert_eq!(
        dates.last(),
        Some(&None),
        "the undated plain documents mention `đảng` and must come last"
    );
    let newest = indexed(&with_token("đảng"))
        .iter()
        .filter_map(|label| article(label).date)
        .max();
    assert_eq!(
        dates.first(),
        Some(&newest),
        "the newest `đảng` article comes first"
    );
}

#[test]
fn analyze_prints_tokens_with_terms_folded_forms_and_offsets() {
    let text = "Đảng uỷ TP.HCM";
    let (output, stdout, stderr) =
        run(Command::new(tracuu_binary()).args(["analyze", "--json", text]));
    assert_eq!(status(&output), 0, "{stderr}");
    let analysis: Value = serde_json::from_str(stdout.trim()).expect("analyze --json prints JSON");
    let tokens = analysis["tokens"].as_array().expect("a `tokens` list");
    let expected: BTreeSet<&str> = ["text", "term", "folded", "start", "end", "position"].into();
    for token in tokens {
        let keys: BTreeSet<&str> = token
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys, expected,
            "analyze --json token fields changed: {token}"
        );
        let (start, end) = (
            token["start"].as_u64().unwrap() as usize,
            token["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text.get(start..end),
            token["text"].as_str(),
            "start..end must be the byte range of the token's text: {token}"
        );
    }
    let summary: Vec<(&str, &str, &str, u64)> = tokens
        .iter()
        .map(|t| {
            (
                field(t, "text"),
                field(t, "term"),
                field(t, "folded"),
                t["position"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary[..3],
        [
            ("Đảng", "đảng", "dang", 0),
            ("uỷ", "ủy", "uy", 1),
            ("TP.HCM", "tp.hcm", "tp.hcm", 2)
        ],
        "terms are lowercase with one tone placement; folded forms have no marks"
    );

    let (output, from_stdin, stderr) = run_with_stdin(
        Command::new(tracuu_binary()).args(["analyze", "--json", "-"]),
        text,
    );
    assert_eq!(status(&output), 0, "{stderr}");
    assert_eq!(
        from_stdin, stdout,
        "`analyze -` must read the text from stdin"
    );
}

/// The plain-text article files of the sample corpus (`header/`, `plain/`, `scraped/`), one
/// after another, repeated until the text is longer than `bytes`.
fn corpus_text_longer_than(bytes: usize) -> String {
    let mut files: Vec<_> = ["header", "plain", "scraped"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(crate::util::corpus().join(folder)).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let mut text = String::new();
    while text.len() <= bytes {
        for file in &files {
            text.push_str(&std::fs::read_to_string(file).unwrap());
            text.push('\n');
        }
    }
    text
}

#[test]
fn analyze_reads_a_long_stdin_block_by_block_with_the_offsets_of_the_whole_text() {
    // Longer than the blocks stdin is read in (1 MiB), so tokens come from several blocks.
    let text = corpus_text_longer_than(3 << 19);
    let (output, stdout, stderr) = run_with_stdin(
        Command::new(tracuu_binary()).args(["analyze", "--json", "-"]),
        &text,
    );
    assert_eq!(status(&output), 0, "{stderr}");
    let analysis: Value = serde_json::from_str(stdout.trim()).expect("one JSON record");
    let whole = serde_json::to_value(tracuu_indexer::analysis::analyze(&text)).unwrap();
    assert_eq!(analysis["tokens"], whole);
}

#[test]
fn analyze_names_the_stdin_line_that_is_not_utf8() {
    let (output, _, stderr) = run_with_stdin(
        Command::new(tracuu_binary()).args(["analyze", "-"]),
        b"\xc4\x90\xe1\xba\xa3ng\n\xe1\xbb\xa7y\nban \xff\n",
    );
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(stderr.contains("stdin line 3: not UTF-8"), "{stderr}");
}

#[test]
fn an_empty_tracuu_index_and_a_relative_xdg_data_home_are_as_unset() {
    let home = temp_dir("cli-search-env-home-");
    let cwd = temp_dir("cli-search-env-cwd-");
    let (output, stdout, stderr) = run(Command::new(tracuu_binary())
        .args(["search", "Cầu Vồng Xanh", "--json"])
        .current_dir(cwd.path())
        .env("TRACUU_INDEX", "")
        .env("XDG_DATA_HOME", "data")
        .env("NO_COLOR", "1")
        .env("HOME", home.path()));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stdout.contains("\"th-2022-1209\""), "{stdout}");
    let sample = home.path().join(".local/share/tracuu/sample-index");
    assert!(sample.join("meta.json").exists(), "{stderr}");
    assert!(!cwd.path().join("data").exists());
}

#[test]
fn search_without_an_index_builds_the_sample_index_first() {
    let home = temp_dir("cli-search-home-");
    let data = home.path().join("data");
    let first = |home: &Path, data: Option<&Path>| {
        let mut command = Command::new(tracuu_binary());
        command
            .args(["search", "Cầu Vồng Xanh", "--json"])
            .env_remove("TRACUU_INDEX")
            .env("NO_COLOR", "1")
            .env("HOME", home);
        match data {
            Some(data) => command.env("XDG_DATA_HOME", data),
            None => command.env_remove("XDG_DATA_HOME"),
        };
        run(&mut command)
    };
    let (output, stdout, stderr) = first(home.path(), Some(data.as_path()));
    assert_eq!(
        status(&output),
        0,
        "the first search with no index must build the sample index and find hits: {stderr}"
    );
    assert!(
        stderr.contains("building the sample index"),
        "stderr must say the sample index is being built: {stderr}"
    );
    assert!(
        stdout.contains("\"th-2022-1209\""),
        "the sample index must hold the corpus (Cầu Vồng Xanh is th-2022-1209): {stdout}"
    );
    assert!(
        data.join("tracuu/sample-index/meta.json").exists() && !data.join("tracuu/index").exists(),
        "the sample index goes to $XDG_DATA_HOME/tracuu/sample-index, apart from one's own"
    );
    let (output, _, stderr) = first(home.path(), Some(data.as_path()));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(
        !stderr.contains("building"),
        "the second search must reuse the sample index: {stderr}"
    );

    let other_home = temp_dir("cli-search-home-");
    let (output, _, stderr) = first(other_home.path(), None);
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(
        other_home
            .path()
            .join(".local/share/tracuu/sample-index/meta.json")
            .exists(),
        "without XDG_DATA_HOME the sample index goes to ~/.local/share/tracuu/sample-index: {stderr}"
    );
}

#[test]
fn json_lines_stay_one_record_per_line_for_readers_splitting_at_unicode_line_ends() {
    // U+2028 and U+2029 are valid in JSON strings, and line ends to Python's `splitlines`.
    let body = "Đoạn một.\u{2028}Đoạn hai về ngân sách.\u{2029}Đoạn ba.";
    let dir = index_of_articles(
        "unicode-line-ends",
        &[("ld-1", "Ngân sách\u{2028}tỉnh", body)],
    );
    for args in [
        &["export", "ngân sách", "--with-text", "--json"][..],
        &["search", "ngân sách", "--json"][..],
        &["kwic", "ngân sách", "--json"][..],
    ] {
        let (output, stdout, stderr) = run(tracuu(dir.path()).args(args));
        assert_eq!(status(&output), 0, "{args:?}: {stderr}");
        assert!(
            !stdout.contains(['\u{2028}', '\u{2029}']),
            "{args:?}: written escaped: {stdout}"
        );
        for line in stdout.lines() {
            serde_json::from_str::<Value>(line).unwrap();
        }
    }
    let (_, stdout, _) = run(tracuu(dir.path()).args(["export", "ngân sách", "--with-text"]));
    let record: Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert_eq!(record["text"], body, "the text reads back as written");
}

/// The arguments of a README command line after `tracuu search`, split as a shell would split
/// its plain words and quotes (all the README uses), without the trailing `# comment`.
fn readme_search_arguments(line: &str) -> Option<Vec<String>> {
    let rest = line.strip_prefix("tracuu search ")?;
    let command = rest.split("  #").next().unwrap_or(rest).trim();
    let (mut arguments, mut current, mut quote) = (Vec::new(), String::new(), None);
    let mut in_word = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, ' ') if in_word => {
                arguments.push(std::mem::take(&mut current));
                in_word = false;
            }
            (None, ' ') => {}
            (None, c) => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        arguments.push(current);
    }
    Some(arguments)
}

#[test]
fn every_search_example_of_the_readme_finds_articles_of_the_sample_corpus() {
    let readme = std::fs::read_to_string(crate::util::repo_root().join("README.md")).unwrap();
    let examples: Vec<Vec<String>> = readme
        .lines()
        // Those piped into another command find on other indexes, `--synonyms` needs the
        // reader's file; `quoc hoii` finds nothing, as its comment says.
        .filter(|line| {
            !line.contains(" | ") && !line.contains("--synonyms") && !line.contains("finds nothing")
        })
        .filter_map(readme_search_arguments)
        .collect();
    assert!(examples.len() >= 15, "{examples:?}");
    for mut arguments in examples {
        arguments.retain(|a| a != "-c");
        let (output, stdout, stderr) = run(tracuu(index())
            .arg("search")
            .args(&arguments)
            .arg("--count"));
        let found: usize = stdout
            .lines()
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        assert!(
            status(&output) == 0 && found > 0,
            "`tracuu search {arguments:?}` finds nothing in the sample corpus: {stderr}"
        );
    }
}
