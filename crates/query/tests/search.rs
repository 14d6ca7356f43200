//! Search behaviour through the public API, on a small in-memory index of Vietnamese articles.

use tracuu_indexer::{Article, ArticleIndex, Date, WriterOptions};
use tracuu_query::date_filter::DateRange;
use tracuu_query::{ErrorKind, QuerySpec, Readings, SearchRequest, Searcher, SortOrder};
use unicode_normalization::UnicodeNormalization;

fn article(
    id: &str,
    title: &str,
    body: &str,
    date: Option<(u16, u8, u8)>,
    source: &str,
) -> Article {
    Article::new(id, title, body)
        .with_date(date.and_then(|(y, m, d)| Date::new(y, m, d)))
        .with_source(Some(source.to_string()))
        .with_path(format!("{id}.txt"))
}

fn searcher() -> Searcher {
    let nfd_body: String =
        "Đảng uỷ phường Trường Thi họp bàn công tác cán bộ, kiểm điểm việc thực hiện nghị quyết."
            .nfd()
            .collect();
    let articles = vec![
        article(
            "ha-tinh-1",
            "Đảng ủy xã Thạch Hà kết nạp đảng viên mới",
            "Chiều 12/3, Đảng ủy xã Thạch Hà tổ chức lễ kết nạp 5 đảng viên mới. Đồng chí Bí thư Đảng ủy trao quyết định.",
            Some((2021, 3, 12)),
            "Báo Hà Tĩnh",
        ),
        article(
            "nghe-an-1",
            "Hội nghị giáo viên giỏi",
            "Đảng bộ huyện biểu dương giáo viên có thành tích; mỗi viên chức phải gương mẫu.",
            Some((2019, 11, 20)),
            "Báo Nghệ An",
        ),
        article("nghe-an-2", "Phường Trường Thi kiểm điểm", &nfd_body, Some((2020, 6, 1)), "Báo Nghệ An"),
        article(
            "quoc-hoi-1",
            "Quốc hội thông qua Luật",
            "Quốc hội biểu quyết thông qua Luật số 45/2019/QH14 tại TP.HCM; dịch Covid-19 được kiểm soát. Mức hỗ trợ 2.900.000 đồng.",
            Some((2019, 6, 20)),
            "Báo Đại biểu Nhân dân",
        ),
        article(
            "dang-tin-1",
            "Đăng tin tuyển dụng",
            "Trang thông tin điện tử đang đăng tải thông báo tuyển dụng nhiều dạng việc làm.",
            Some((2022, 1, 5)),
            "Báo Hà Tĩnh",
        ),
        article(
            "hoa-binh-1",
            "Giữ gìn hoà bình",
            "Các bên cam kết giữ gìn hoà bình và thuỷ chung với truyền thống hữu nghị, hợp tác sản xuất vắc xin.",
            None,
            "Báo Quốc tế",
        ),
    ];
    searcher_over(&articles)
}

/// A searcher over `articles`, committed in one in-memory index.
fn searcher_over(articles: &[Article]) -> Searcher {
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for a in articles {
        writer.add(a).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    Searcher::new(index).unwrap()
}

/// The documents `query` matches (for an accent-free query, its reading's: the hits of other
/// spellings that may follow are left out).
fn ids(searcher: &Searcher, query: &str) -> Vec<String> {
    let mut ids: Vec<String> = searcher
        .search(&SearchRequest::new(query).limit(100).unwrap())
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .hits
        .into_iter()
        .filter(|h| !h.other_spelling)
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn accent_free_queries_match_their_reading_or_every_spelling() {
    let s = searcher();
    assert_eq!(ids(&s, "dang uy"), ["ha-tinh-1", "nghe-an-2"]);
    // `đảng` in three articles, `đang`/`đăng` in one: the reading is `đảng`.
    let results = s.search(&SearchRequest::new("dang")).unwrap();
    assert_eq!(results.reading.as_deref(), Some("đảng"));
    assert_eq!(results.total, 3);
    let others: Vec<&str> = results
        .hits
        .iter()
        .filter(|h| h.other_spelling)
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(
        others,
        ["dang-tin-1"],
        "the page goes on with other spellings"
    );
    assert!(results.hits[..3].iter().all(|h| !h.other_spelling));
    assert_eq!(ids(&s, "dang"), ["ha-tinh-1", "nghe-an-1", "nghe-an-2"]);
    let any = s
        .search(&SearchRequest::new(
            QuerySpec::new("dang").any_spelling(true),
        ))
        .unwrap();
    assert_eq!(any.total, 4);
}

#[test]
fn a_repeated_word_matches_as_a_word_met_once() {
    let s = searcher();
    let total = |query: &str| s.search(&SearchRequest::new(query)).unwrap().total;
    assert_eq!(total("đảng ủy"), 2);
    assert_eq!(total("đảng ủy đảng ủy đảng ủy"), 2);
    let repeated = s
        .search(&SearchRequest::new("dang uy dang uy dang uy"))
        .unwrap();
    assert_eq!(repeated.reading.as_deref(), Some("đảng ủy đảng ủy đảng ủy"));
    assert_eq!(repeated.total, 2);
    let spellings = s
        .other_spellings(&QuerySpec::new("dang uy dang uy dang uy"))
        .unwrap()
        .expect("an accent-free query");
    assert_eq!(spellings.any_spelling, total("dang uy"));
}

#[test]
fn accented_queries_match_that_spelling_in_any_form_or_tone_placement() {
    let s = searcher();
    assert_eq!(
        ids(&s, "đảng ủy"),
        ["ha-tinh-1", "nghe-an-2"],
        "uỷ in NFD matches ủy"
    );
    assert_eq!(ids(&s, "ĐẢNG UỶ"), ["ha-tinh-1", "nghe-an-2"]);
    assert_eq!(ids(&s, "đăng"), ["dang-tin-1"]);
    assert_eq!(ids(&s, "hòa bình"), ["hoa-binh-1"], "hoà is hòa");
    assert_eq!(ids(&s, "thủy chung"), ["hoa-binh-1"]);
}

#[test]
fn fold_makes_accented_queries_accent_insensitive() {
    let s = searcher();
    let folded = s
        .search(
            &SearchRequest::new(QuerySpec::new("đăng").fold(true))
                .limit(10)
                .unwrap(),
        )
        .unwrap();
    assert_eq!(folded.total, 4);
    assert_eq!(
        folded.hits[0].id, "dang-tin-1",
        "the exact spelling ranks first"
    );
}

#[test]
fn the_reading_of_an_accent_free_query_is_chosen_from_the_index() {
    let s = searcher();
    let results = s.search(&SearchRequest::new("dang uy")).unwrap();
    assert_eq!(results.reading.as_deref(), Some("đảng ủy"));
    let results = s.search(&SearchRequest::new("dang vien")).unwrap();
    assert_eq!(results.reading.as_deref(), Some("đảng viên"));
    assert_eq!(
        results.hits[0].id, "ha-tinh-1",
        "adjacent đảng viên ranks first"
    );
}

#[test]
fn the_calls_made_for_one_query_share_its_readings() {
    let s = searcher();
    let spec = QuerySpec::new("dang");
    let readings = Readings::default();
    let results = s
        .search_with(&SearchRequest::new(spec.clone()), &readings)
        .unwrap();
    assert_eq!(results.reading.as_deref(), Some("đảng"));
    assert_eq!(
        s.other_spellings_with(&spec, &readings).unwrap(),
        s.other_spellings(&spec).unwrap()
    );
    assert_eq!(
        s.count(&s.prepare_with(&spec, &readings).unwrap()).unwrap(),
        results.total
    );
    // Over another index, where `dang` reads `đang`, the readings kept are those of the first:
    // one `Readings` serves one query on one searcher.
    let other = searcher_over(&[
        article("a", "Tin", "Trường đang tuyển sinh.", None, "Báo A"),
        article("b", "Tin", "Công trình đang thi công.", None, "Báo B"),
    ]);
    let own = other.search(&SearchRequest::new("dang")).unwrap();
    assert_eq!(own.reading.as_deref(), Some("đang"));
    let kept = other
        .search_with(&SearchRequest::new("dang"), &readings)
        .unwrap();
    assert_eq!(kept.reading.as_deref(), Some("đảng"));
    assert_eq!(kept.total, 0);
}

#[test]
fn phrases_need_adjacent_syllables_in_order() {
    let s = searcher();
    assert_eq!(ids(&s, "\"đảng viên\""), ["ha-tinh-1"]);
    assert_eq!(ids(&s, "đảng viên"), ["ha-tinh-1", "nghe-an-1"]);
    assert_eq!(ids(&s, "\"dang vien\""), ["ha-tinh-1"]);
    assert_eq!(ids(&s, "\"viên đảng\""), Vec::<String>::new());
}

#[test]
fn operators_fields_and_codes() {
    let s = searcher();
    assert_eq!(ids(&s, "đảng -\"giáo viên\""), ["ha-tinh-1", "nghe-an-2"]);
    assert_eq!(ids(&s, "thạch OR trường"), ["ha-tinh-1", "nghe-an-2"]);
    assert_eq!(ids(&s, "title:kiểm"), ["nghe-an-2"]);
    assert_eq!(
        ids(&s, "source:\"nghe an\" đảng"),
        ["nghe-an-1", "nghe-an-2"]
    );
    assert_eq!(ids(&s, "45/2019/QH14"), ["quoc-hoi-1"]);
    assert_eq!(ids(&s, "QH14"), ["quoc-hoi-1"]);
    assert_eq!(ids(&s, "HCM"), ["quoc-hoi-1"]);
    assert_eq!(ids(&s, "covid-19"), ["quoc-hoi-1"]);
    assert_eq!(ids(&s, "2.900.000"), ["quoc-hoi-1"]);
}

#[test]
fn a_source_name_with_punctuation_is_found_as_written() {
    let body = "Thành phố khánh thành cầu vượt mới.";
    let s = searcher_over(&[
        article("tuoi-tre-hcm", "Cầu vượt", body, None, "Tuổi Trẻ - TP.HCM"),
        article("tuoi-tre-thu-do", "Cầu vượt", body, None, "Tuổi Trẻ Thủ đô"),
    ]);
    assert_eq!(ids(&s, "source:\"Tuổi Trẻ - TP.HCM\""), ["tuoi-tre-hcm"]);
    assert_eq!(ids(&s, "source:\"tuoi tre, tp.hcm\""), ["tuoi-tre-hcm"]);
    assert_eq!(ids(&s, "source:\"Trẻ Thủ\""), ["tuoi-tre-thu-do"]);
    assert_eq!(
        ids(&s, "source:\"Tuổi Trẻ\""),
        ["tuoi-tre-hcm", "tuoi-tre-thu-do"]
    );
}

#[test]
fn accent_free_words_are_read_apart_across_punctuation() {
    // `Hà Nội đã` is frequent, so `ha noi da nang` reads `hà nội đã nâng`; the comma in
    // `ha noi, da nang` leaves `da nang` to be read alone, as `Đà Nẵng`.
    let mut articles: Vec<Article> = ["Hà Nội đã họp.", "Hà Nội đã bàn.", "Hà Nội đã nâng giá."]
        .iter()
        .enumerate()
        .map(|(i, body)| article(&format!("ha-noi-{i}"), "Tin", body, None, "Báo"))
        .collect();
    articles.push(article(
        "lich",
        "Lịch",
        "Bay Hà Nội, Đà Nẵng mỗi ngày.",
        None,
        "Báo",
    ));
    articles.push(article(
        "du-lich",
        "Du lịch",
        "Đà Nẵng đón khách.",
        None,
        "Báo",
    ));
    let s = searcher_over(&articles);
    assert_eq!(ids(&s, "\"ha noi, da nang\""), ["lich"]);
    assert_eq!(ids(&s, "\"ha noi da nang\""), ["ha-noi-2"]);
}

#[test]
fn a_hyphenated_word_also_matches_its_syllables_written_apart() {
    let s = searcher();
    assert_eq!(ids(&s, "vắc-xin"), ["hoa-binh-1"]);
    assert_eq!(ids(&s, "vac-xin"), ["hoa-binh-1"]);
    let hit = &s.search(&SearchRequest::new("vắc-xin")).unwrap().hits[0];
    assert!(
        hit.snippet.marked("[", "]").contains("[vắc xin]"),
        "{}",
        hit.snippet.text
    );
}

#[test]
fn date_filters_in_the_query_and_the_request() {
    let s = searcher();
    assert_eq!(ids(&s, "đảng date:2021"), ["ha-tinh-1"]);
    assert_eq!(
        ids(&s, "dang date:2019..2020-06"),
        ["nghe-an-1", "nghe-an-2"]
    );
    let range = DateRange {
        from: Date::new(2020, 1, 1),
        to: None,
    };
    let results = s
        .search(&SearchRequest::new(
            QuerySpec::new("dang").dates(range).any_spelling(true),
        ))
        .unwrap();
    assert_eq!(results.total, 3);
}

#[test]
fn sort_by_date_puts_newest_first() {
    let s = searcher();
    let results = s
        .search(
            &SearchRequest::new(QuerySpec::new("dang").any_spelling(true)).sort(SortOrder::Date),
        )
        .unwrap();
    let dates: Vec<String> = results
        .hits
        .iter()
        .map(|h| h.date.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        dates,
        ["2022-01-05", "2021-03-12", "2020-06-01", "2019-11-20"]
    );
}

#[test]
fn a_title_match_adds_to_the_body_match() {
    // The same body, with the query words in the title of one article only.
    let body = "Tỉnh ủy tổ chức hội nghị sơ kết; các chi bộ kiểm điểm việc thực hiện nghị quyết.";
    let articles = [
        article(
            "body-only",
            "Hội nghị sơ kết quý I",
            body,
            None,
            "Báo Nghệ An",
        ),
        article(
            "title-too",
            "Chi bộ kiểm điểm cuối năm",
            body,
            None,
            "Báo Nghệ An",
        ),
        article(
            "neither",
            "Hội nghị cán bộ",
            "Tỉnh ủy tổ chức hội nghị.",
            None,
            "Báo Nghệ An",
        ),
    ];
    let s = searcher_over(&articles);
    let results = s.search(&SearchRequest::new("kiểm điểm")).unwrap();
    let ids: Vec<&str> = results.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["title-too", "body-only"]);
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn snippets_highlight_the_original_spelling_even_in_nfd() {
    let s = searcher();
    let results = s.search(&SearchRequest::new("dang uy")).unwrap();
    let nfd = results.hits.iter().find(|h| h.id == "nghe-an-2").unwrap();
    let highlighted: Vec<&str> = nfd
        .snippet
        .highlights
        .iter()
        .map(|r| &nfd.snippet.text[r.clone()])
        .collect();
    // The group is one occurrence where its words stand side by side.
    assert_eq!(highlighted, ["Đảng uỷ".nfd().collect::<String>()]);
    let exact = results.hits.iter().find(|h| h.id == "ha-tinh-1").unwrap();
    assert!(exact.snippet.marked("[", "]").contains("[Đảng ủy]"));
    assert!(exact.snippet.text.chars().count() <= 210);
}

/// The words of `text` (runs of letters and digits) that `wanted` accepts, in text order.
fn words_where(text: &str, wanted: impl Fn(&str) -> bool) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && wanted(w))
        .collect()
}

/// `word` lowercased without its marks, `đ` read as `d`.
fn without_marks(word: &str) -> String {
    word.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[test]
fn snippets_highlight_every_word_of_the_query_wherever_it_stands() {
    let body = "Đảng viên đang đăng ký học tập; nhiều dạng tài liệu về Đảng được đăng tải.";
    let s = searcher_over(&[article("hoc-tap", "Học tập", body, None, "Báo Hà Tĩnh")]);
    let highlighted = |spec: QuerySpec| -> Vec<String> {
        let results = s.search(&SearchRequest::new(spec)).unwrap();
        let hit = &results.hits[0];
        assert_eq!(hit.snippet.text, body);
        let ranges = hit.snippet.highlights.iter();
        ranges
            .map(|r| hit.snippet.text[r.clone()].to_string())
            .collect()
    };
    // Every spelling of an accent-free word.
    assert_eq!(
        highlighted(QuerySpec::new("dang").any_spelling(true)),
        words_where(body, |w| without_marks(w) == "dang"),
    );
    // Many words typed with their marks, no two side by side in the body as in the query: each
    // is highlighted wherever it stands, in its own spelling only (`đăng`, not `đang`).
    let query = "tải viên tài học nhiều Đảng đăng";
    let words: Vec<String> = query.split(' ').map(str::to_lowercase).collect();
    assert_eq!(
        highlighted(QuerySpec::new(query)),
        words_where(body, |w| words.contains(&w.to_lowercase())),
    );
}

#[test]
fn a_hit_is_one_flat_record() {
    let s = searcher();
    let hit = &s.search(&SearchRequest::new("\"đảng ủy\"")).unwrap().hits[0];
    let json = serde_json::to_value(hit).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
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
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected, "{json}");
    assert_eq!(json["snippet"], hit.snippet.text.as_str());
    let first = &hit.snippet.highlights[0];
    assert_eq!(
        json["highlights"][0],
        serde_json::json!([first.start, first.end])
    );
    let back: tracuu_query::Hit = serde_json::from_value(json).unwrap();
    assert_eq!((&back.id, &back.snippet), (&hit.id, &hit.snippet));
    assert_eq!((back.score, back.date), (hit.score, hit.date));
    assert_eq!(
        back.story, hit.story,
        "the story id survives its hexadecimal form"
    );
}

#[test]
fn bad_requests_are_clear_errors() {
    let s = searcher();
    for query in [
        "\"đảng",
        "(đảng",
        "OR",
        "",
        "date:2021-13",
        "tittle:x",
        &"a".repeat(10_000),
    ] {
        match s.search(&SearchRequest::new(query)) {
            Err(e) if e.kind() == ErrorKind::InvalidQuery => {
                assert!(e.query_error().is_some());
                assert!(!e.to_string().contains('\n'));
            }
            other => panic!("{query:?}: expected a query error, got {other:?}"),
        }
    }
    let too_many = SearchRequest::new("đảng").limit(1_000_000).unwrap_err();
    assert_eq!(too_many.kind(), ErrorKind::LimitTooLarge);
    assert_eq!(too_many.requested_limit(), Some(1_000_000));
    let nothing = s.search(&SearchRequest::new("… !")).unwrap_err();
    assert_eq!(nothing.kind(), ErrorKind::NothingToSearch);
}

/// Adds one local news article to `index` in a commit of its own.
fn commit_article(index: &ArticleIndex, id: &str, body: &str) {
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    writer
        .add(&Article::new(id, "Tin địa phương", body))
        .unwrap();
    writer.commit().unwrap();
    writer.finish().unwrap();
}

#[test]
fn a_searcher_sees_new_commits_only_after_reload() {
    let index = ArticleIndex::in_memory();
    let add = |id: &str, body: &str| commit_article(&index, id, body);
    add("first", "Hội đồng nhân dân tỉnh họp phiên thường kỳ.");
    let searcher = Searcher::new(index.clone()).unwrap();
    let count = || {
        let prepared = searcher.prepare(&QuerySpec::new("hội đồng")).unwrap();
        searcher.count(&prepared).unwrap()
    };
    assert_eq!(count(), 1);
    add("second", "Hội đồng thi đua khen thưởng tổng kết năm.");
    assert_eq!(count(), 1, "the same snapshot until reloaded");
    searcher.reload().unwrap();
    assert_eq!(count(), 2);
    assert_eq!(searcher.num_documents(), 2);
}

#[test]
fn every_spelling_of_a_word_includes_those_committed_since_a_reload() {
    let index = ArticleIndex::in_memory();
    let add = |id: &str, body: &str| commit_article(&index, id, body);
    add("first", "Đảng ủy xã họp.");
    let searcher = Searcher::new(index.clone()).unwrap();
    let count = || {
        let prepared = searcher
            .prepare(&QuerySpec::new("dang").fold(true))
            .unwrap();
        searcher.count(&prepared).unwrap()
    };
    assert_eq!(count(), 1);
    add("second", "Báo đăng tin.");
    searcher.reload().unwrap();
    assert_eq!(
        count(),
        2,
        "`đăng`, new since the reload, is a spelling of `dang`"
    );
}

#[test]
fn a_word_alone_is_ranked_among_all_its_matches_as_the_ranking_orders_them() {
    // Thirty flood reports holding `ngập` in the title, the body or both, from once to four
    // times, in bodies of different lengths; every one dated in 2020.
    let filler = [
        "nước", "lên", "nhanh", "tại", "các", "xã", "ven", "sông", "Lam", "người", "dân",
    ];
    let articles: Vec<Article> = (0..30)
        .map(|i| {
            let title = match i % 4 {
                0 => "Nhiều tuyến đường ngập sâu".to_string(),
                _ => format!("Mưa lớn kéo dài ngày thứ {i}"),
            };
            let mut body =
                vec!["Mưa lớn khiến nhiều nơi ngập."; i % 4 + usize::from(i % 5 != 0)];
            body.extend(filler.iter().cycle().take((i * 7) % 23));
            article(
                &format!("lu-{i}"),
                &title,
                &body.join(" "),
                Some((2020, 1 + (i % 12) as u8, 1)),
                "Báo Nghệ An",
            )
        })
        .collect();
    let s = searcher_over(&articles);
    let best = |spec: QuerySpec| {
        let request = SearchRequest::new(spec).limit(5).unwrap().collapse(false);
        let results = s.search(&request).unwrap();
        let hits = results.hits.iter().map(|h| (h.id.clone(), h.score));
        (results.total, hits.collect::<Vec<_>>())
    };
    // Beside an exclusion that leaves every match, the word takes the general path: its best
    // 300 by tantivy's score reranked, here every match. Alone, its matches are ordered by the
    // ranking itself, within dates too.
    let (total, alone) = best(QuerySpec::new("ngập"));
    assert_eq!(total, 30);
    assert_eq!(alone.len(), 5);
    assert_eq!(alone, best(QuerySpec::new("ngập -xyzzy")).1);
    let summer = DateRange {
        from: Date::new(2020, 6, 1),
        to: Date::new(2020, 9, 30),
    };
    let (total, dated) = best(QuerySpec::new("ngập").dates(summer));
    assert_eq!(
        total, 9,
        "articles 5-8, 17-20 and 29 are dated June to September"
    );
    assert_eq!(dated, best(QuerySpec::new("ngập -xyzzy").dates(summer)).1);
    assert_ne!(dated, alone);
}
