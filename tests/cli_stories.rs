//! Stories: republished and lightly edited copies of real articles, indexed under other ids
//! and sources, grouped with their original; searches collapse them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Value};

use crate::util::{self, hits, index_json, run, search_hits, status, temp_dir, tracuu};

/// A header-format article of corpus/: its id, source, date, title and paragraphs.
struct Original {
    id: String,
    title: String,
    paragraphs: Vec<String>,
}

fn read_original(name: &str) -> Original {
    let text = std::fs::read_to_string(util::corpus().join("header").join(name)).unwrap();
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("# {key} = ")))
            .map(str::to_string)
    };
    let id = header("doc_id").unwrap();
    // The title is in the header, or else the first line.
    let title = header("title").unwrap_or_else(|| lines.next().unwrap().to_string());
    Original {
        id,
        title,
        paragraphs: lines.map(str::to_string).collect(),
    }
}

/// The originals copied: long articles of corpus/header on several topics.
const COPIED: [&str; 3] = ["vn-2020-1101.txt", "vn-2022-1125.txt", "vn-2018-0125.txt"];

/// Edited copies of `original` as JSON lines, as outlets republish: another source, id and a
/// later date; a new title, the last paragraph cut, a sentence added, a byline added.
fn copies(original: &Original, outlets: &[&str]) -> Vec<(String, Value)> {
    outlets
        .iter()
        .enumerate()
        .map(|(n, outlet)| {
            let mut paragraphs = original.paragraphs.clone();
            if n % 2 == 0 && paragraphs.len() > 3 {
                paragraphs.pop();
            }
            paragraphs.insert(0, format!("({outlet}) –"));
            paragraphs.push(format!(
                "Theo {outlet}, bài viết được đăng lại có chỉnh sửa."
            ));
            let id = format!("{}-copy-{n}", original.id);
            let record = json!({
                "id": id,
                "title": format!("{} (tin {outlet})", original.title),
                "body": paragraphs.join("\n"),
                "source": outlet,
                "date": format!("2025-01-{:02}", n + 1),
            });
            (id, record)
        })
        .collect()
}

/// An index of corpus/header and of the copies; the stories made, by original id.
fn index_with_copies(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let copies_file = dir.join("copies.jsonl");
    let mut lines = String::new();
    let mut made = BTreeMap::new();
    for name in COPIED {
        let original = read_original(name);
        let mut members = BTreeSet::from([original.id.clone()]);
        for (id, record) in copies(&original, &["Báo Nghệ An", "Báo Quảng Trị", "Dân Việt"])
        {
            lines.push_str(&format!("{record}\n"));
            members.insert(id);
        }
        made.insert(original.id, members);
    }
    std::fs::write(&copies_file, lines).unwrap();
    let index = dir.join("index");
    let paths = [util::corpus().join("header"), copies_file];
    let (code, summary, stderr) = index_json(&index, &paths, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        summary["copies"], 9,
        "every copy joins its original's story: {summary}"
    );
    made
}

#[test]
fn a_search_shows_one_hit_per_story_with_its_copies_and_every_copy_without_collapsing() {
    let dir = temp_dir("cli-stories-");
    let made = index_with_copies(dir.path());
    let index = dir.path().join("index");
    for name in COPIED {
        let original = read_original(name);
        // A phrase of the first paragraph, which every copy keeps.
        let words: Vec<&str> = original.paragraphs[0].split(' ').skip(2).take(6).collect();
        let phrase = format!("\"{}\"", words.join(" "));
        let members = &made[&original.id];

        let collapsed = hits(&index, &phrase, &[]);
        let in_story: Vec<&Value> = collapsed
            .iter()
            .filter(|h| members.contains(util::field(h, "id")))
            .collect();
        assert_eq!(
            in_story.len(),
            1,
            "{phrase}: one hit for the story: {collapsed:?}"
        );
        let hit = in_story[0];
        let mut shown: BTreeSet<String> = hit["copies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| util::field(c, "id").to_string())
            .collect();
        shown.insert(util::field(hit, "id").to_string());
        assert_eq!(
            &shown, members,
            "{phrase}: the hit and its copies are the story"
        );

        let every = hits(&index, &phrase, &["--no-collapse"]);
        let ids: BTreeSet<String> = every
            .iter()
            .map(|h| util::field(h, "id").to_string())
            .filter(|id| members.contains(id))
            .collect();
        assert_eq!(&ids, members, "{phrase}: --no-collapse shows every copy");
        let stories: BTreeSet<&str> = every
            .iter()
            .filter(|h| members.contains(util::field(h, "id")))
            .map(|h| util::field(h, "story"))
            .collect();
        assert_eq!(
            stories.len(),
            1,
            "{phrase}: one story id for all: {stories:?}"
        );
    }

    // Human output names the copies and their sources.
    let original = read_original(COPIED[0]);
    let words: Vec<&str> = original.paragraphs[0].split(' ').skip(2).take(6).collect();
    let (output, stdout, stderr) =
        run(tracuu(&index).args(["search", &format!("\"{}\"", words.join(" "))]));
    assert_eq!(status(&output), 0, "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.contains("+3 copies ("))
        .unwrap_or_else(|| panic!("a line of copies: {stdout}"));
    let sources = ["Báo Hà Tĩnh", "Báo Nghệ An", "Báo Quảng Trị", "Dân Việt"];
    assert_eq!(
        sources.iter().filter(|s| line.contains(*s)).count(),
        3,
        "the sources of the other three: {line}"
    );
    assert!(stderr.contains("documents (1 story) match"), "{stderr}");
}

#[test]
fn a_rerun_adds_no_story_and_loses_no_member() {
    let dir = temp_dir("cli-stories-rerun-");
    index_with_copies(dir.path());
    let index = dir.path().join("index");
    let story_of = |index: &Path| -> BTreeMap<String, String> {
        let (_, hits, _) = search_hits(index, &["và", "--no-collapse", "--limit", "1000"]);
        hits.into_iter()
            .map(|h| (h.id, format!("{:016x}", h.story)))
            .collect()
    };
    let before = story_of(&index);
    let paths = [
        util::corpus().join("header"),
        dir.path().join("copies.jsonl"),
    ];
    let (code, summary, stderr) = index_json(&index, &paths, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        (summary["indexed"].as_u64(), summary["copies"].as_u64()),
        (Some(0), Some(0)),
        "{summary}"
    );
    assert_eq!(story_of(&index), before);
}

/// The share of the distinct 5-word runs of two texts that both hold, their words (runs of
/// letters and digits) written in lowercase without diacritics: the resemblance `reuse` prints.
fn shared_runs(a: &str, b: &str) -> f64 {
    use unicode_normalization::UnicodeNormalization;
    let runs = |text: &str| -> BTreeSet<String> {
        let nfc: String = text.nfc().collect();
        let words: Vec<String> = nfc
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                w.nfd()
                    .filter(|&c| !('\u{300}'..='\u{36f}').contains(&c))
                    .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
                    .flat_map(char::to_lowercase)
                    .collect()
            })
            .collect();
        words.windows(5).map(|w| w.join(" ")).collect()
    };
    let (a, b) = (runs(a), runs(b));
    let shared = a.intersection(&b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

#[test]
fn reuse_lists_each_story_with_what_every_copy_changed() {
    let dir = temp_dir("cli-stories-reuse-");
    let made = index_with_copies(dir.path());
    let index = dir.path().join("index");
    let original = read_original(COPIED[0]);
    let (output, stdout, stderr) = run(tracuu(&index).args([
        "reuse",
        "--json",
        "--id",
        &format!("{}-copy-1", original.id),
    ]));
    assert_eq!(status(&output), 0, "{stderr}");
    let stories: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(stories.len(), 1, "{stdout}");
    let members = stories[0]["members"].as_array().unwrap();
    let ids: BTreeSet<String> = members
        .iter()
        .map(|m| util::field(m, "id").to_string())
        .collect();
    assert_eq!(&ids, &made[&original.id]);
    // The original is the earliest dated, listed first.
    assert_eq!(util::field(&members[0], "id"), original.id);
    assert_eq!(members[0]["original"], true);
    let paragraphs = original.paragraphs.len();
    for (n, copy) in members[1..].iter().enumerate() {
        // How the copy was made (see `copies`): a source line and a byline added, the last
        // paragraph cut from copies 0 and 2, a new headline; published in January 2025.
        assert_eq!(util::field(copy, "id"), format!("{}-copy-{n}", original.id));
        assert_eq!(copy["headline_changed"], true, "{copy}");
        assert_eq!(copy["sentences_added"], 2, "{copy}");
        let cut = usize::from(n % 2 == 0);
        let last_sentences = original.paragraphs[paragraphs - 1]
            .split_inclusive(['.', '!', '?'])
            .filter(|s| s.chars().any(char::is_alphanumeric))
            .count();
        assert_eq!(
            copy["sentences_cut"].as_u64().unwrap() as usize,
            cut * last_sentences,
            "{copy}"
        );
        let original_date = tracuu_query::Date::new(2020, 11, 1).unwrap();
        let date = tracuu_query::Date::new(2025, 1, n as u8 + 1).unwrap();
        assert_eq!(
            copy["lag_days"].as_i64(),
            Some(date.to_days() - original_date.to_days()),
            "{copy}"
        );
        let resemblance = copy["resemblance"].as_f64().unwrap();
        assert!((0.5..1.0).contains(&resemblance), "{copy}");
    }
    // Each resemblance is the share of 5-word runs counted here from the stored bodies.
    let (output, stdout, stderr) = run(tracuu(&index).args(["export", "--json", "--with-text"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let bodies: BTreeMap<String, String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|r| {
            (
                util::field(&r, "id").to_owned(),
                util::field(&r, "text").to_owned(),
            )
        })
        .collect();
    let original_body = &bodies[&original.id];
    for member in members {
        let counted = shared_runs(&bodies[util::field(member, "id")], original_body);
        let printed = member["resemblance"].as_f64().unwrap();
        assert!(
            (printed - counted).abs() < 1e-6,
            "{printed} vs {counted}: {member}"
        );
    }

    // By query: the stories with copies among the matches; CSV has a row per publication.
    let (output, stdout, stderr) = run(tracuu(&index).args(["reuse", "--csv", "Hà Tĩnh"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let mut rows = stdout.lines();
    assert!(rows
        .next()
        .unwrap()
        .starts_with("story,id,source,date,original,lag_days"));
    assert!(
        stdout.contains(&format!("{}-copy-2", original.id)),
        "{stdout}"
    );

    let (output, _, stderr) = run(tracuu(&index).args(["reuse", "--id", "no-such-id"]));
    assert_eq!(status(&output), 2, "{stderr}");
    assert!(
        stderr.contains("no document has the id \"no-such-id\""),
        "{stderr}"
    );
}

#[test]
fn trend_and_facets_count_stories_beside_documents() {
    let dir = temp_dir("cli-stories-counts-");
    let made = index_with_copies(dir.path());
    let index = dir.path().join("index");
    let phrases: Vec<String> = COPIED
        .iter()
        .map(|name| {
            let original = read_original(name);
            let words: Vec<&str> = original.paragraphs[0].split(' ').skip(2).take(6).collect();
            format!("\"{}\"", words.join(" "))
        })
        .collect();
    let query = phrases.join(" OR ");

    // What the counts must be, from the stories made: every publication matched, and each
    // story once (a document of no story made here is a story of its own).
    let ids: BTreeSet<String> = hits(&index, &query, &["--no-collapse"])
        .iter()
        .map(|h| util::field(h, "id").to_string())
        .collect();
    let story_of = |id: &String| -> String {
        made.iter()
            .find(|(_, members)| members.contains(id))
            .map_or(id.clone(), |(original, _)| original.clone())
    };
    let stories: BTreeSet<String> = ids.iter().map(story_of).collect();
    let copies = ids.iter().filter(|id| id.contains("-copy-")).count() as u64;
    assert!(ids.len() >= 12 && copies == 9, "{ids:?}");

    let (output, stdout, stderr) = run(tracuu(&index).args(["trend", &query, "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let rows: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let documents: u64 = rows.iter().map(|r| r["documents"].as_u64().unwrap()).sum();
    assert_eq!(documents, ids.len() as u64, "{stdout}");
    let copies_year = rows
        .iter()
        .find(|r| r["period"] == "2025")
        .unwrap_or_else(|| panic!("a 2025 row: {stdout}"));
    assert_eq!(copies_year["documents"], copies, "{copies_year}");
    assert_eq!(
        copies_year["stories"],
        COPIED.len(),
        "the copies of one text count once: {copies_year}"
    );

    let (output, stdout, stderr) = run(tracuu(&index).args(["trend", &query]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stdout.contains("stories"), "{stdout}");

    let (output, stdout, stderr) = run(tracuu(&index).args([
        "search", &query, "--json", "--facet", "year", "--facet", "source", "--limit", "0",
    ]));
    assert_eq!(status(&output), 0, "{stderr}");
    let facets: Value = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["type"] == "facets")
        .unwrap_or_else(|| panic!("a facets line: {stdout}"));
    let year = facets["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == 2025)
        .unwrap();
    assert_eq!(year["count"], copies, "{facets}");
    assert_eq!(year["stories"], COPIED.len(), "{facets}");
    let all_stories: u64 = facets["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["value"] != 2025)
        .map(|c| c["stories"].as_u64().unwrap())
        .sum();
    // Outside 2025 only originals and other documents: as many stories as documents there.
    assert_eq!(all_stories, ids.len() as u64 - copies, "{facets}");
    assert_eq!(stories.len(), ids.len() - copies as usize, "{stories:?}");
    let outlet = facets["facets"]["source"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == "Dân Việt")
        .unwrap();
    assert_eq!(
        (outlet["count"].as_u64(), outlet["stories"].as_u64()),
        (Some(3), Some(3))
    );

    let (output, stdout, stderr) =
        run(tracuu(&index).args(["search", &query, "--facet", "year", "--limit", "1"]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(
        stdout.contains("Matching documents and stories by year")
            && stdout.lines().any(|l| l.trim_end().ends_with("9  3  2025")),
        "{stdout}"
    );

    // The count people read says the stories too, in either order of the hits.
    let said = format!("{} documents, {} stories", ids.len(), stories.len());
    for sort in ["relevance", "date"] {
        let (output, stdout, stderr) =
            run(tracuu(&index).args(["search", &query, "--count", "--sort", sort]));
        assert_eq!(status(&output), 0, "{stderr}");
        assert_eq!(stdout.trim(), ids.len().to_string(), "{sort}");
        assert!(stderr.contains(&said), "{sort}: {said}: {stderr}");
    }
    // And the record programs read.
    let (output, stdout, stderr) = run(tracuu(&index).args(["search", &query, "-c", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let count: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        count,
        serde_json::json!({
            "type": "count", "documents": ids.len(), "stories": stories.len(), "reading": null
        })
    );
}

/// Two long articles mentioning the budget once, each republished under another id.
const BUDGET_STORIES: [(&str, &str); 2] = [
    (
        "ns-kiem-toan",
        "Kiểm toán Nhà nước công bố kết quả kiểm toán năm nay tại nhiều bộ, ngành và địa \
         phương. Đoàn kiểm toán đã chỉ ra những hạn chế trong công tác lập dự toán, quản lý \
         và sử dụng ngân sách tại một số đơn vị, đồng thời kiến nghị xử lý tài chính đối với \
         các khoản chi sai chế độ. Lãnh đạo các đơn vị được kiểm toán cam kết khắc phục các \
         tồn tại, báo cáo kết quả thực hiện kiến nghị trước ngày ba mươi tháng sáu năm sau.",
    ),
    (
        "ns-dau-tu-cong",
        "Chính phủ yêu cầu các bộ, ngành và địa phương đẩy nhanh tiến độ giải ngân vốn đầu tư \
         công trong những tháng cuối năm. Theo báo cáo của Bộ Tài chính, tỷ lệ giải ngân đến \
         hết tháng mười mới đạt khoảng một nửa kế hoạch được giao từ ngân sách. Nhiều dự án \
         trọng điểm về giao thông vẫn vướng mắc trong khâu giải phóng mặt bằng và điều chỉnh \
         thiết kế, khiến khối lượng hoàn thành không đạt như kỳ vọng của người dân.",
    ),
];

#[test]
fn reuse_finds_every_story_with_copies_however_many_match_before_it() {
    // 1,200 short bulletins about budgets, each its own story (too short to join one), rank
    // above the two long articles, which name the budget once in the body only: the stories
    // with copies come after 1,200 others.
    let provinces = ["Nghệ An", "Hà Tĩnh", "Quảng Trị", "Thanh Hóa", "Quảng Bình"];
    let mut articles: Vec<(String, String, String)> = (0..1_200)
        .map(|i| {
            let province = provinces[i % provinces.len()];
            (
                format!("bt-{i:04}"),
                format!("Bản tin số {i}"),
                format!(
                    "Bản tin số {i}: {province} công khai ngân sách năm {}, ngân sách chi \
                     thường xuyên tăng {} phần trăm.",
                    2000 + i % 25,
                    i % 17 + 1
                ),
            )
        })
        .collect();
    for (id, body) in BUDGET_STORIES {
        articles.push((id.into(), "Tin tài chính".into(), body.into()));
        let copy = format!("{body} (Theo Báo Nhân Dân)");
        articles.push((format!("{id}-lai"), "Tin tài chính (đăng lại)".into(), copy));
    }
    let articles: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|(id, title, body)| (id.as_str(), title.as_str(), body.as_str()))
        .collect();
    let dir = util::index_of_articles("reuse-beyond", &articles);
    let reuse = |query: &str, extra: &[&str]| {
        let (output, stdout, stderr) = run(tracuu(dir.path()).args(["reuse", query]).args(extra));
        (status(&output), stdout, stderr)
    };
    // The two stories, in the order of their best match in the search.
    let ranked: Vec<String> = hits(dir.path(), "ngân sách", &["-n", "2000", "--no-collapse"])
        .iter()
        .map(|h| util::field(h, "id").to_string())
        .collect();
    assert_eq!(ranked.len(), 1_204);
    let mut expected: Vec<&str> = BUDGET_STORIES.iter().map(|(id, _)| *id).collect();
    expected.sort_by_key(|id| ranked.iter().position(|r| r.starts_with(id)));
    assert!(ranked.iter().position(|r| r.starts_with(expected[0])) > Some(1_000));

    let (code, stdout, stderr) = reuse("ngân sách", &["--json"]);
    assert_eq!(code, 0, "{stderr}");
    let stories: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let members: Vec<BTreeSet<&str>> = stories
        .iter()
        .map(|s| {
            s["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| util::field(m, "id"))
                .collect()
        })
        .collect();
    let wanted: Vec<BTreeSet<String>> = expected
        .iter()
        .map(|id| BTreeSet::from([id.to_string(), format!("{id}-lai")]))
        .collect();
    assert_eq!(members.len(), wanted.len(), "{stdout}");
    for (found, wanted) in members.iter().zip(&wanted) {
        assert!(found.iter().copied().eq(wanted.iter().map(String::as_str)));
    }
    // The count on stderr is of every story with copies, shown or not; so is the exit status.
    let (code, _, stderr) = reuse("ngân sách", &[]);
    assert_eq!(code, 0);
    assert!(stderr.contains("2 stories with copies\n"), "{stderr}");
    let (code, stdout, stderr) = reuse("ngân sách", &["-n", "1"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("2 stories with copies, 1 shown (-n 1)"),
        "{stderr}"
    );
    assert!(
        stdout.contains(expected[0]) && !stdout.contains(expected[1]),
        "{stdout}"
    );
    // `-n 0` shows them all, as for the other views.
    let (code, stdout, stderr) = reuse("ngân sách", &["-n", "0"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("2 stories with copies\n"), "{stderr}");
    assert!(expected.iter().all(|id| stdout.contains(id)), "{stdout}");
    let (code, _, stderr) = reuse("thời tiết", &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("0 stories with copies"), "{stderr}");
    // A bulletin is its own story: said so, not counted as a story with copies.
    let (output, _, stderr) = run(tracuu(dir.path()).args(["reuse", "--id", "bt-0007"]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(
        stderr.contains("bt-0007 has no copies: its story is itself alone"),
        "{stderr}"
    );
}

/// The words of the body of an article of corpus/header.
fn body_words(name: &str) -> Vec<String> {
    let original = read_original(name);
    original
        .paragraphs
        .join(" ")
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn texts_each_like_the_next_do_not_chain_unlike_texts_into_one_story() {
    // From one article to another in four steps of 70 words: each text shares three quarters
    // of its words with the next, the first and the last none.
    let (x, y) = (body_words(COPIED[2]), body_words(COPIED[1]));
    let chain: Vec<Vec<String>> = (0..5)
        .map(|step| [&x[70 * step..280], &y[..70 * step]].concat())
        .collect();
    let dir = temp_dir("story-chain");
    let input = dir.path().join("chain.jsonl");
    let lines: String = chain
        .iter()
        .enumerate()
        .map(|(n, words)| {
            let record = json!({
                "id": format!("step-{n}"),
                "title": format!("Bài {n}"),
                "body": words.join(" "),
                "date": format!("2025-02-{:02}", n + 1),
            });
            format!("{record}\n")
        })
        .collect();
    std::fs::write(&input, lines).unwrap();
    let index = dir.path().join("index");
    let (code, _, stderr) = index_json(&index, &[input], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (output, stdout, stderr) = run(tracuu(&index).args(["reuse", "--id", "step-0", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let story: Value = serde_json::from_str(stdout.trim()).expect("one story");
    let members: Vec<&str> = story["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    // Step 1 shares 75% of its words with step 0 and joins it; step 4 shares none.
    assert!(members.contains(&"step-1"), "{members:?}");
    assert!(!members.contains(&"step-4"), "{members:?}");
    for member in story["members"].as_array().unwrap() {
        let resemblance = member["resemblance"].as_f64().unwrap_or(1.0);
        assert!(
            resemblance >= 0.4,
            "every member resembles the original: {story}"
        );
    }
}
