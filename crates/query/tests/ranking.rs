//! Ranking through the public API: word order, other spellings and field weights, on small
//! in-memory indexes of Vietnamese text whose expected order follows from the text alone.

use tracuu_indexer::{Article, ArticleIndex, WriterOptions};
use tracuu_query::{SearchRequest, Searcher, Weights};

/// A searcher over articles given as (id, title, body).
fn searcher_over(articles: &[(impl AsRef<str>, impl AsRef<str>, impl AsRef<str>)]) -> Searcher {
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for (id, title, body) in articles {
        let article = Article::new(id.as_ref(), title.as_ref(), body.as_ref());
        writer.add(&article).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    Searcher::new(index).unwrap()
}

/// The hits of `query`, best first: id and score.
fn scored(searcher: &Searcher, query: &str, weights: Weights) -> Vec<(String, f32)> {
    let request = SearchRequest::new(query)
        .limit(20)
        .unwrap()
        .weights(weights);
    searcher
        .search(&request)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .hits
        .into_iter()
        .map(|hit| (hit.id, hit.score))
        .collect()
}

/// The ids `query` returns, best first.
fn ranked(searcher: &Searcher, query: &str, weights: Weights) -> Vec<String> {
    scored(searcher, query, weights)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// Filler sentences, so that the articles differ only where the test says.
const FILLER: &str = "Hội nghị diễn ra trong hai ngày tại hội trường của tỉnh. Các đại biểu \
                      thảo luận nhiều nội dung quan trọng về công tác cán bộ.";

#[test]
fn words_side_by_side_in_query_order_rank_first_even_when_any_word_may_match() {
    // The same four syllables and the same length (twelve syllables before the filler); only
    // their order and places differ.
    let articles = [
        (
            "scattered",
            "Tin địa phương",
            &*format!("Phòng họp mới. Chống nắng tốt. Tham quan vui. Nhũng nhiễu hết. {FILLER}"),
        ),
        (
            "side-by-side",
            "Tin địa phương",
            &*format!("Mới. Tốt. Vui. Hết. Công tác phòng chống tham nhũng nhiễu dân. {FILLER}"),
        ),
        (
            "reversed",
            "Tin địa phương",
            &*format!("Mới. Tốt. Vui. Hết. Công tác nhũng tham chống phòng nhiễu dân. {FILLER}"),
        ),
    ];
    let searcher = searcher_over(&articles);
    let query = "phòng OR chống OR tham OR nhũng";
    let hits = scored(&searcher, query, Weights::default());
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert_eq!(hits[0].0, "side-by-side", "{hits:?}");
    assert!(hits[0].1 > hits[1].1, "{hits:?}");
    // Without the pair weight, word order no longer counts: the three score the same.
    let no_pairs = Weights {
        pairs: 0.0,
        ..Weights::default()
    };
    let hits = scored(&searcher, query, no_pairs);
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|(_, s)| *s == hits[0].1), "{hits:?}");
}

/// Articles where `ban` stands in one spelling or another beside other words of the queries.
fn ban_articles() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "ban",
            "Ban chấp hành",
            format!("Ban chấp hành họp. {FILLER}"),
        ),
        (
            "ban-thao",
            "Ban thảo luận",
            format!("Ban thảo luận kế hoạch năm. {FILLER}"),
        ),
        (
            "ban-thao-other-spelling",
            "Bàn thảo luận",
            format!("Bàn thảo luận kế hoạch năm. {FILLER}"),
        ),
        (
            "khac",
            "Tin khác",
            format!("Thời tiết hôm nay đẹp. {FILLER}"),
        ),
    ]
}

fn ban_searcher() -> Searcher {
    searcher_over(&ban_articles())
}

#[test]
fn another_spelling_counts_less_than_the_one_read_but_counts() {
    // `ban` typed without diacritics reads `ban`, its commoner spelling here; `bàn` is another.
    let searcher = ban_searcher();
    let order = ranked(&searcher, "ban OR ke OR hoach", Weights::default());
    assert_eq!(
        order,
        ["ban-thao", "ban-thao-other-spelling", "ban"],
        "the article in another spelling but with the rest of the query comes before the one \
         with only the word read"
    );
    // Weighted like the spelling read, it ties with it on every word.
    let equal = Weights {
        other_spelling: 1.0,
        ..Weights::default()
    };
    let hits = scored(&searcher, "ban OR ke OR hoach", equal);
    assert_eq!(hits[0].1, hits[1].1, "{hits:?}");
}

#[test]
fn a_word_typed_with_its_marks_counts_its_own_spelling_only() {
    // In a query with diacritics `ban` is the level-tone syllable, and `bàn` another word: even
    // weighted like it, `bàn` adds nothing.
    let searcher = ban_searcher();
    let equal = Weights {
        other_spelling: 1.0,
        ..Weights::default()
    };
    let hits = scored(&searcher, "ban OR kế OR hoạch", equal);
    let ids: Vec<&str> = hits.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["ban-thao", "ban-thao-other-spelling", "ban"]);
    assert!(hits[0].1 > hits[1].1, "{hits:?}");
    let without_ban = scored(&searcher, "kế OR hoạch", equal);
    assert_eq!(
        without_ban[0].1, hits[1].1,
        "`bàn` scores nothing: {hits:?}"
    );
}

#[test]
fn a_title_counts_more_than_the_body_by_the_title_weight() {
    let articles = [
        (
            "in-title",
            "Đại hội đảng bộ tỉnh",
            &*format!("Tin trong nước. {FILLER}"),
        ),
        (
            "in-body",
            "Tin trong nước",
            &*format!("Đại hội đảng bộ tỉnh. {FILLER}"),
        ),
    ];
    let searcher = searcher_over(&articles);
    assert_eq!(
        ranked(&searcher, "đảng bộ", Weights::default()),
        ["in-title", "in-body"]
    );
    let body_first = Weights {
        title: 0.1,
        ..Weights::default()
    };
    assert_eq!(
        ranked(&searcher, "đảng bộ", body_first),
        ["in-body", "in-title"]
    );
}

/// Pages of any size tile one order, past the candidates the ranking scores at a time: articles
/// where `quốc` and `hội` stand apart once or three times (`khách quốc tế`, `hội chợ`), which the
/// tantivy query puts first, and articles holding `Quốc hội` once, which the ranking's word
/// order brings up from deeper down.
#[test]
fn pages_tile_one_order_past_the_candidates_ranked_at_a_time() {
    let fillers = [
        "Trời nắng nóng kéo dài ở Nghệ An.",
        "Giá xăng dầu giảm nhẹ trong kỳ điều hành.",
        "Nhiều tuyến đường ngập sâu sau mưa lớn.",
        "Học sinh bước vào kỳ thi tốt nghiệp.",
        "Nông dân thu hoạch lúa hè thu.",
    ];
    let articles: Vec<(String, String, String)> = (0..700)
        .map(|i| {
            let filler = fillers[..1 + i % fillers.len()].join(" ");
            let body = if i % 2 == 0 {
                "Đoàn khách quốc tế đến thăm hội chợ. ".repeat(1 + i % 4)
            } else {
                "Quốc hội họp phiên bế mạc. ".to_string()
            };
            (
                format!("tin-{i:03}"),
                format!("Tin số {i}"),
                format!("{body}Bản tin số {i}. {filler}"),
            )
        })
        .collect();
    let searcher = searcher_over(&articles);
    let page = |offset: usize, limit: usize| -> Vec<String> {
        let request = SearchRequest::new("quốc hội")
            .collapse(false)
            .limit(limit)
            .unwrap()
            .offset(offset);
        let results = searcher.search(&request).unwrap();
        assert_eq!(results.total, 700);
        results.hits.into_iter().map(|hit| hit.id).collect()
    };
    let whole = page(0, 700);
    let paged: Vec<String> = (0..700).step_by(50).flat_map(|o| page(o, 50)).collect();
    assert_eq!(paged, whole);
    assert_eq!(page(0, 10), whole[..10]);
    assert_eq!(page(0, 350), whole[..350]);
    // The ranking did reorder: articles with `Quốc hội` lead although the query puts the others
    // first.
    assert!(whole[..10].iter().all(|id| {
        let n: usize = id["tin-".len()..].parse().unwrap();
        n % 2 == 1
    }));
}

/// Pages of partial matches (a long query's documents holding half its words or more, but not
/// all) tile one order too, past the candidates they are picked among at a time. The tantivy
/// query picking them reads the body only, where some articles repeat five of the words apart;
/// the ranking brings up from deeper down the articles that also hold seven side by side in
/// their title. Articles with one of the words are candidates but not partial matches.
#[test]
fn pages_of_partial_matches_tile_one_order() {
    let apart = "Sách mới ở nhà; ngân hàng năm ấy bên nước. ";
    let articles: Vec<(String, String, String)> = (0..700)
        .map(|i| {
            let (title, body) = match i % 7 {
                6 => (format!("Bản tin số {i}"), "Ngân hàng mở cửa.".to_string()),
                1 | 4 => (format!("Bản tin số {i}"), apart.repeat(2 + i % 3)),
                _ => (
                    "Ngân sách nhà nước năm nay tăng".to_string(),
                    apart.to_string(),
                ),
            };
            (
                format!("tin-{i:03}"),
                title,
                format!("{body} Bản tin số {i}."),
            )
        })
        .collect();
    let searcher = searcher_over(&articles);
    let page = |offset: usize, limit: usize| -> Vec<String> {
        let request = SearchRequest::new("ngân sách nhà nước năm nay tăng mạnh")
            .collapse(false)
            .limit(limit)
            .unwrap()
            .offset(offset);
        let results = searcher.search(&request).unwrap();
        assert_eq!(results.total, 0, "no article holds every word");
        assert!(results.hits.iter().all(|hit| hit.partial));
        results.hits.into_iter().map(|hit| hit.id).collect()
    };
    let whole = page(0, 700);
    let expected = (0..700).filter(|i| i % 7 != 6).count();
    assert_eq!(
        whole.len(),
        expected,
        "every article with four words or more"
    );
    let paged: Vec<String> = (0..700).step_by(50).flat_map(|o| page(o, 50)).collect();
    assert_eq!(paged, whole);
    assert_eq!(page(0, 10), whole[..10]);
    assert_eq!(page(0, 250), whole[..250]);
}
