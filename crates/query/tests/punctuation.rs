//! Punctuation ends phrases: through the public API, on an in-memory index, a quoted phrase
//! never matches across sentence or clause punctuation or a dash, in hits, counts and highlights.

use tracuu_indexer::{Article, ArticleIndex, WriterOptions};
use tracuu_query::{SearchRequest, Searcher};

fn searcher() -> Searcher {
    let articles = [
        Article::new(
            "dang-uy-xa",
            "Đảng ủy xã Thạch Kim sơ kết quý I",
            "Sáng 5/4, Đảng ủy xã Thạch Kim tổ chức hội nghị sơ kết công tác quý I.",
        ),
        Article::new(
            "khoi-dang",
            "Kỷ luật cán bộ vi phạm",
            "Ông N. bị khai trừ ra khỏi Đảng. Uỷ ban Kiểm tra đề nghị xử lý nghiêm.",
        ),
        Article::new(
            "trung-uong",
            "Kiện toàn nhân sự",
            "Đồng chí là Ủy viên Trung ương Đảng, Uỷ viên Ban Thường vụ.",
        ),
        Article::new(
            "ca-hai",
            "Hội nghị kiểm điểm",
            "Ông bị khai trừ ra khỏi Đảng. Uỷ ban Kiểm tra và Đảng ủy xã đã họp.",
        ),
        Article::new(
            "bo-lao-dong",
            "Trợ cấp tăng từ tháng 7",
            "Theo Bộ Lao động - Thương binh và Xã hội, mức trợ cấp tăng từ tháng 7.",
        ),
    ];
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for article in &articles {
        writer.add(article).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    Searcher::new(index).unwrap()
}

fn ids(searcher: &Searcher, query: &str) -> Vec<String> {
    let results = searcher
        .search(&SearchRequest::new(query).limit(100).unwrap())
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut ids: Vec<String> = results.hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    assert_eq!(results.total, ids.len(), "{query}: the count agrees");
    ids
}

#[test]
fn a_phrase_does_not_match_across_a_full_stop_or_a_comma() {
    let s = searcher();
    assert_eq!(ids(&s, "\"đảng ủy\""), ["ca-hai", "dang-uy-xa"]);
    assert_eq!(ids(&s, "\"Đảng uỷ\""), ["ca-hai", "dang-uy-xa"]);
    assert_eq!(ids(&s, "\"dang uy\""), ["ca-hai", "dang-uy-xa"]);
    assert_eq!(ids(&s, "\"đảng ủy viên\""), Vec::<String>::new());
    assert_eq!(ids(&s, "\"ủy viên\""), ["trung-uong"]);
    assert_eq!(ids(&s, "\"khỏi đảng\""), ["ca-hai", "khoi-dang"]);
}

#[test]
fn a_dash_between_spaces_ends_a_phrase() {
    let s = searcher();
    assert_eq!(ids(&s, "\"lao động thương binh\""), Vec::<String>::new());
    assert_eq!(ids(&s, "\"thương binh và xã hội\""), ["bo-lao-dong"]);
    assert_eq!(ids(&s, "\"bộ lao động\""), ["bo-lao-dong"]);
}

#[test]
fn only_the_phrase_within_a_sentence_is_highlighted() {
    let s = searcher();
    let results = s.search(&SearchRequest::new("\"đảng ủy\"")).unwrap();
    let hit = results.hits.iter().find(|h| h.id == "ca-hai").unwrap();
    let marked = hit.snippet.marked("[", "]");
    assert!(marked.contains("khỏi Đảng. Uỷ ban"), "{marked}");
    let second = hit.snippet.text.find("và Đảng ủy").unwrap();
    let highlighted: String = hit
        .snippet
        .highlights
        .iter()
        .inspect(|range| assert!(range.start > second, "{marked}"))
        .map(|range| &hit.snippet.text[range.clone()])
        .collect();
    assert_eq!(highlighted.replace(' ', ""), "Đảngủy", "{marked}");
}
