//! What a query means, end to end, on a small corpus written for the purpose: each article
//! holds one trap (punctuation between two words, a level-tone syllable beside an accented one,
//! other spellings of an accent-free query, a title-only match, a ministry name with a dash,
//! `Đ` written with a look-alike).

use std::path::Path;
use std::sync::LazyLock;

use tempfile::TempDir;
use tracuu_research::KwicLine;

use crate::util::{count, field, hits, index_of_articles, run, search_hits, status, tracuu};

/// `(id, title, body)` of each article, indexed as JSON lines.
const TRAPS: &[(&str, &str, &str)] = &[
    (
        "dang-uy",
        "Hội nghị Ban Chấp hành",
        "Đảng ủy xã tổ chức hội nghị. Đảng ủy cũng khen thưởng các chi bộ.",
    ),
    (
        "dang-cham",
        "Kỷ luật đảng viên",
        "Ông A bị khai trừ ra khỏi Đảng. Uỷ ban Kiểm tra đã kết luận vụ việc.",
    ),
    (
        "dang-phay",
        "Nhân sự mới",
        "Ông B là Ủy viên Trung ương Đảng, Uỷ viên Thường vụ Tỉnh ủy.",
    ),
    (
        "thong-qua",
        "Quốc hội họp",
        "Quốc hội thông qua Luật Đất đai sửa đổi với đa số phiếu.",
    ),
    (
        "luu-thong",
        "Giao thông",
        "Xe tải lưu thông quá tải trên quốc lộ gây hư hỏng mặt đường.",
    ),
    (
        "tham-nhung",
        "Phòng chống tiêu cực",
        "Tỉnh đẩy mạnh phòng, chống tham nhũng và tham nhũng vặt.",
    ),
    (
        "tham-nhung-2",
        "Hội nghị",
        "Cán bộ phải gương mẫu trong phòng, chống tham nhũng.",
    ),
    (
        "tham-nhung-3",
        "Thanh tra",
        "Kết luận thanh tra chỉ ra dấu hiệu tham nhũng tại dự án.",
    ),
    (
        "tham-nhung-4",
        "Thăm hỏi",
        "Đoàn đến thăm những gia đình chính sách ở xã.",
    ),
    (
        "tham-gia",
        "Hoạt động",
        "Nhiều người tham gia nhưng không ai phát biểu.",
    ),
    (
        "ha-noi",
        "Thủ đô",
        "Hà Nội đón khách quốc tế. Người dân Hà Nội vui mừng.",
    ),
    (
        "ha-noi-2",
        "Thời sự",
        "Chính quyền Hà Nội ra quân dọn dẹp vỉa hè.",
    ),
    ("ha-noi-3", "Phỏng vấn", "Ông Hà nói rằng dự án đã xong."),
    (
        "tieu-de",
        "Biểu dương gương người tốt việc tốt",
        "Buổi lễ diễn ra trang trọng tại hội trường xã.",
    ),
    (
        "bo-lao-dong",
        "Thông báo",
        "Bộ Lao động - Thương binh và Xã hội hướng dẫn chế độ mới.",
    ),
    (
        "thi-truong",
        "Giá nhà",
        "Thị trường nhà ở hồi phục khi môi trường đầu tư tốt lên và thị phần tăng.",
    ),
    (
        "thi-truong-apart",
        "Doanh nghiệp",
        "Thị phần của doanh nghiệp tăng nhờ môi trường kinh doanh tốt.",
    ),
    (
        "hoa-binh",
        "Đối ngoại",
        "Hai nước cam kết gìn giữ hoà bình trong khu vực.",
    ),
    (
        "hoan-thanh",
        "Tiến độ",
        "Công trình cầu vượt hoàn thành trước thời hạn.",
    ),
    (
        // `Đ` and `đ` written with their look-alikes, the Icelandic eth (U+00D0, U+00F0), as
        // some scraped pages do.
        "dieu-le",
        "Sinh hoạt chi bộ",
        "\u{d0}iều lệ \u{d0}ảng quy định quyền và nhiệm vụ của \u{f0}ảng viên.",
    ),
];

/// The index of [`TRAPS`], built once.
static INDEX: LazyLock<TempDir> = LazyLock::new(|| index_of_articles("meaning", TRAPS));

fn index() -> &'static Path {
    INDEX.path()
}

/// The ids `tracuu search ARGS` finds, sorted.
fn ids(args: &[&str]) -> Vec<String> {
    let (code, hits, stderr) = search_hits(index(), args);
    assert!(code <= 1, "`tracuu search {args:?}` failed: {stderr}");
    let mut ids: Vec<String> = hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

/// The concordance lines of `tracuu kwic ARGS --json`.
fn kwic(args: &[&str]) -> Vec<KwicLine> {
    kwic_in(index(), args)
}

/// The concordance lines of `tracuu kwic ARGS --json` in `index`.
fn kwic_in(index: &Path, args: &[&str]) -> Vec<KwicLine> {
    let (output, stdout, stderr) = run(tracuu(index).arg("kwic").args(args).arg("--json"));
    assert!(
        status(&output) <= 1,
        "`tracuu kwic {args:?}` failed: {stderr}"
    );
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a kwic line"))
        .collect()
}

#[test]
fn punctuation_ends_phrases_and_groups() {
    assert_eq!(ids(&["\"đảng ủy\""]), ["dang-uy"]);
    let lines = kwic(&["đảng ủy"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.id == "dang-uy"), "{lines:?}");
    // Both words are in the three articles, side by side only in one.
    assert_eq!(ids(&["đảng ủy"])[..].len(), 3);
}

#[test]
fn an_unmarked_syllable_in_a_marked_query_is_the_level_tone_syllable() {
    assert_eq!(ids(&["thông qua"]), ["thong-qua"]);
    assert_eq!(ids(&["\"thông qua\""]), ["thong-qua"]);
    assert_eq!(ids(&["thông quá"]), ["luu-thong"]);
}

#[test]
fn accent_free_queries_count_their_reading_and_name_the_other_spellings() {
    let reading = ids(&["tham nhung", "-n", "3"]);
    assert_eq!(reading, ["tham-nhung", "tham-nhung-2", "tham-nhung-3"]);
    assert_eq!(reading, ids(&["\"tham nhũng\""]));
    let lines = kwic(&["tham nhung"]);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines.iter().all(|l| l.matched == "tham nhũng"), "{lines:?}");
    let any = ids(&["tham nhung", "--any-spelling"]);
    assert!(any.contains(&"tham-nhung-4".to_string()), "{any:?}");
    let (output, stdout, stderr) = run(tracuu(index()).args(["search", "-c", "tham nhung"]));
    assert_eq!((status(&output), stdout.trim()), (0, "3"));
    assert!(
        stderr.contains("counted as “tham nhũng”")
            && stderr.contains("thăm những 1")
            && stderr.contains("every spelling: 5"),
        "{stderr}"
    );
    // The page goes on past the reading's documents with the other spellings, marked.
    let (_, hits, _) = search_hits(index(), &["tham nhung"]);
    let marked: Vec<(&str, bool)> = hits
        .iter()
        .map(|h| (h.id.as_str(), h.other_spelling))
        .collect();
    assert_eq!(marked.len(), 5, "{marked:?}");
    assert!(marked[..3].iter().all(|(_, other)| !other), "{marked:?}");
    assert!(marked[3..].iter().all(|(_, other)| *other), "{marked:?}");
    let (_, first_page, _) = search_hits(index(), &["tham nhung", "-n", "2"]);
    assert!(first_page.iter().all(|h| !h.other_spelling));
    assert_eq!(ids(&["ha noi", "-n", "2"]), ["ha-noi", "ha-noi-2"]);
    assert!(kwic(&["\"ha noi\""]).iter().all(|l| l.matched != "Hà nói"));
}

#[test]
fn or_joins_groups() {
    assert_eq!(
        ids(&["thông qua OR tham nhũng"]),
        ids(&["(thông qua) OR (tham nhũng)"])
    );
    assert_eq!(
        ids(&["thông qua OR tham nhũng"]),
        ["tham-nhung", "tham-nhung-2", "tham-nhung-3", "thong-qua"]
    );
}

#[test]
fn a_title_only_match_highlights_the_title_and_shows_the_lead() {
    let (_, hits, _) = search_hits(index(), &["người tốt"]);
    let hit = hits
        .iter()
        .find(|h| h.id == "tieu-de")
        .expect("the title matches");
    // The group where its words stand side by side, and not its words elsewhere.
    assert_eq!(
        hit.marked_title("[", "]"),
        "Biểu dương gương [người tốt] việc tốt"
    );
    assert!(
        hit.snippet.text.starts_with("Buổi lễ"),
        "{}",
        hit.snippet.text
    );
}

#[test]
fn pasted_text_and_dashes() {
    let ministry = "Bộ Lao động - Thương binh và Xã hội";
    assert_eq!(ids(&[ministry]), ["bo-lao-dong"]);
    assert_eq!(ids(&["-F", ministry]), ["bo-lao-dong"]);
    let pasted = "Ông nói: \"Chúng ta phải chống tham nhũng";
    let (output, _, stderr) = run(tracuu(index()).args(["search", pasted]));
    assert_eq!(status(&output), 2);
    assert!(
        stderr.contains("unclosed quote") && stderr.contains("-F"),
        "{stderr}"
    );
    let (output, _, stderr) = run(tracuu(index()).args(["search", "-F", pasted]));
    assert!(status(&output) <= 1, "{stderr}");
}

#[test]
fn unsupported_syntax_is_refused_and_supported_syntax_works() {
    for query in ["đảng*ng", "AND", "a~", "\"quốc hội\"~99"] {
        let (output, _, stderr) = run(tracuu(index()).args(["search", query]));
        assert_eq!(status(&output), 2, "{query}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(ids(&["\"đảng khen\"~3"]), ["dang-uy"]);
    assert_eq!(ids(&["thươn*"]), ["bo-lao-dong"]);
}

#[test]
fn the_reading_of_a_query_with_operators_is_said_where_each_word_stands() {
    // `-vat` is read too: it excludes `vặt`, and the reading says so.
    assert_eq!(count(index(), "tham nhung -vat", &[]), 2);
    for (query, reading) in [
        ("tham nhung -vat", "tham nhũng -vặt"),
        ("tham nhung OR ha noi", "tham nhũng OR hà nội"),
        (
            "title:\"thong bao\" lao dong",
            "title:\"thông báo\" lao động",
        ),
    ] {
        let (output, stdout, stderr) = run(tracuu(index()).args(["search", "-c", query]));
        assert_eq!(status(&output), 0, "{query}: {stderr}");
        assert!(
            stderr.contains(&format!("(read as “{reading}”)")),
            "{query}: {stderr}"
        );
        let (_, stdout_json, _) = run(tracuu(index()).args(["search", "-c", "--json", query]));
        let line: serde_json::Value =
            serde_json::from_str(stdout_json.lines().next().unwrap()).unwrap();
        assert_eq!(line["reading"], reading, "{query}");
        assert_eq!(line["documents"].to_string(), stdout.trim(), "{query}");
    }
    // Every spelling matches: no reading was chosen.
    for option in ["--any-spelling", "--fold"] {
        let (_, _, stderr) = run(tracuu(index()).args(["search", "-c", option, "tham nhung -vat"]));
        assert!(!stderr.contains("read as"), "{option}: {stderr}");
    }
}

#[test]
fn a_group_is_highlighted_side_by_side_and_its_words_alone_only_where_it_never_is() {
    let (_, hits, stderr) = search_hits(index(), &["thị trường"]);
    let highlighted = |id: &str| -> Vec<String> {
        let hit = hits
            .iter()
            .find(|h| h.id == id)
            .unwrap_or_else(|| panic!("{id}: {stderr}"));
        let snippet = &hit.snippet;
        let marked = snippet.marked("[", "]");
        marked
            .split('[')
            .skip(1)
            .map(|part| part.split(']').next().unwrap().to_string())
            .collect()
    };
    // `thị` of `thị phần` and `trường` of `môi trường` are not the group.
    assert_eq!(highlighted("thi-truong"), ["Thị trường"]);
    assert_eq!(highlighted("thi-truong-apart"), ["Thị", "trường"]);
    // A word asked for in its own right is highlighted wherever it stands, in either order.
    for query in ["thị trường OR thị", "thị OR thị trường"] {
        let (_, hits, _) = search_hits(index(), &[query]);
        let hit = hits.iter().find(|h| h.id == "thi-truong").unwrap();
        assert_eq!(
            hit.snippet.marked("[", "]"),
            "[Thị trường] nhà ở hồi phục khi môi trường đầu tư tốt lên và [thị] phần tăng.",
            "{query}"
        );
    }
}

#[test]
fn a_marked_prefix_finds_the_words_written_so_in_either_tone_placement() {
    // `hoà`, the newer tone placement, is stored as `hòa`: `hoà*` finds it and `hoàn`, which
    // both placements write alike; no word is written `hòa…` but `hòa` itself.
    assert_eq!(ids(&["hoà*"]), ["hoa-binh", "hoan-thanh"]);
    assert_eq!(ids(&["Hoà*"]), ["hoa-binh", "hoan-thanh"]);
    assert_eq!(ids(&["hòa*"]), ["hoa-binh"]);
    let matched: Vec<String> = kwic(&["hoà*"]).into_iter().map(|l| l.matched).collect();
    assert_eq!(matched, ["hoà", "hoàn"]);
}

#[test]
fn the_look_alike_eth_reads_as_the_d_with_stroke() {
    let phrases = ["\"của đảng viên\"", "\"cua dang vien\""];
    for query in ["điều lệ", "dieu le", "\"\u{d0}iều lệ\""]
        .into_iter()
        .chain(phrases)
    {
        assert_eq!(ids(&[query]), ["dieu-le"], "{query}");
    }
    let with_d = ids(&["đảng"]);
    assert!(with_d.contains(&"dieu-le".to_string()), "{with_d:?}");
    assert_eq!(ids(&["\u{d0}ảng"]), with_d);
    let lines = kwic(&["điều lệ"]);
    let matched: Vec<&str> = lines.iter().map(|l| l.matched.as_str()).collect();
    assert_eq!(matched, ["\u{d0}iều lệ"], "shown as written");
}

/// Articles for the other spellings of an accent-free query: one holds its words without
/// diacritics, as text typed without an input method.
const SPELLINGS: &[(&str, &str, &str)] = &[
    (
        "xa",
        "Họp dân",
        "Ủy ban xã họp với người dân về đường làng.",
    ),
    (
        "kiem-tra",
        "Kiểm tra",
        "Ủy ban kiểm tra làm việc với chi bộ.",
    ),
    ("bau-cu", "Bầu cử", "Ủy ban bầu cử công bố kết quả."),
    (
        "ban-ghe",
        "Mua sắm",
        "Nhà trường được ủy quyền mua bàn ghế mới.",
    ),
    (
        "khong-dau",
        "Tin cũ",
        "Tai lieu cu cua uy ban xa ve dat dai.",
    ),
];

static SPELLINGS_INDEX: LazyLock<TempDir> =
    LazyLock::new(|| index_of_articles("spellings", SPELLINGS));

#[test]
fn other_spellings_are_counted_as_spelled_even_without_diacritics() {
    let (output, stdout, stderr) =
        run(tracuu(SPELLINGS_INDEX.path()).args(["search", "-c", "uy ban"]));
    assert_eq!((status(&output), stdout.trim()), (0, "3"), "{stderr}");
    // `uy ban` itself, without diacritics, in one article: not the reading's three.
    assert!(
        stderr.contains("counted as “ủy ban”") && stderr.contains("other spellings: uy ban 1"),
        "{stderr}"
    );
}

/// Articles for `"…"~N`, the words in order with at most N positions between them in all.
const NEAR: &[(&str, &str, &str)] = &[
    (
        // `Quốc hội` twice, the second 3 positions from `thông qua` (xem, xét, the comma's gap).
        "xem-xet",
        "Kỳ họp thứ năm",
        "Quốc hội khóa XIV thảo luận dự án luật. Cơ quan soạn thảo sẽ trình Quốc hội xem xét, \
         thông qua tại kỳ họp sau.",
    ),
    (
        "lien-ke",
        "Kỳ họp thứ sáu",
        "Quốc hội thông qua Luật Đất đai.",
    ),
    (
        // 7 words between `hội` and `thông`.
        "xa",
        "Kỳ họp bất thường",
        "Quốc hội đã thảo luận rất kỹ rồi mới thông qua nghị quyết.",
    ),
    (
        // `hội quốc`: the words side by side, in the other order.
        "nguoc",
        "Đại hội",
        "Đại hội quốc tế về thông tin và an ninh mạng.",
    ),
];

static NEAR_INDEX: LazyLock<TempDir> = LazyLock::new(|| index_of_articles("near", NEAR));

#[test]
fn near_phrases_keep_order_and_spend_their_slop_in_all_in_every_view() {
    let index = NEAR_INDEX.path();
    let cases: [(&str, &[&str]); 6] = [
        ("\"quốc hội thông qua\"~2", &["lien-ke"]),
        ("\"quốc hội thông qua\"~3", &["lien-ke", "xem-xet"]),
        ("\"quốc hội thông qua\"~6", &["lien-ke", "xem-xet"]),
        ("\"quốc hội thông qua\"~7", &["lien-ke", "xa", "xem-xet"]),
        ("\"quốc hội\"~2", &["lien-ke", "xa", "xem-xet"]),
        ("\"quoc hoi thong qua\"~3", &["lien-ke", "xem-xet"]),
    ];
    for (query, expected) in cases {
        assert_found_in_every_view(index, query, expected);
    }
}

/// `search`, its count, `export` and `kwic` (which finds the query in the text itself, with its
/// own matcher) find the documents `expected` for `query`.
fn assert_found_in_every_view(index: &Path, query: &str, expected: &[&str]) {
    let mut found: Vec<String> = hits(index, query, &[])
        .iter()
        .map(|hit| field(hit, "id").to_string())
        .collect();
    found.sort();
    assert_eq!(found, expected, "search {query}");
    assert_eq!(
        count(index, query, &[]),
        expected.len(),
        "search --count {query}"
    );
    let (output, stdout, stderr) = run(tracuu(index).args(["export", query, "--json"]));
    assert!(status(&output) <= 1, "export {query}: {stderr}");
    let mut exported: Vec<String> = stdout
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a record");
            record["id"].as_str().expect("an id").to_string()
        })
        .collect();
    exported.sort();
    assert_eq!(exported, expected, "export {query}");
    let mut in_text: Vec<String> = kwic_in(index, &[query])
        .into_iter()
        .map(|line| line.id)
        .collect();
    in_text.dedup();
    in_text.sort();
    assert_eq!(in_text, expected, "kwic {query}");
}

/// Articles for phrases typed with punctuation, which stands for a break in the text (any
/// punctuation that ends a phrase, or a line break), never for a word.
const BREAKS: &[(&str, &str, &str)] = &[
    (
        "phay",
        "Hội nghị cán bộ",
        "Tỉnh đẩy mạnh phòng, chống tham nhũng trong năm nay.",
    ),
    (
        "cham",
        "Sinh hoạt chi bộ",
        "Các đơn vị đã bàn cách phòng. Chống dịch vẫn là việc đầu tiên.",
    ),
    (
        // `phòng thủ chống`: one word where the phrase has punctuation.
        "phong-thu",
        "Quân sự",
        "Hệ thống phòng thủ chống tên lửa được nâng cấp.",
    ),
    (
        "phay-2",
        "Quân khu",
        "Quân khu bàn việc phòng, chống thiên tai và nâng cấp hệ thống phòng thủ chống tên lửa.",
    ),
    ("lien", "Y tế", "Công tác phòng chống dịch được tăng cường."),
    (
        // Another spelling of `phong`, for the phrase read in every spelling.
        "phong-ve-tinh",
        "Vũ trụ",
        "Vệ tinh được phóng, chống rung nhờ khung mới.",
    ),
    (
        "phong-ve-tinh-2",
        "Vũ trụ",
        "Tên lửa được phóng lên chống lại trọng lực.",
    ),
];

static BREAKS_INDEX: LazyLock<TempDir> = LazyLock::new(|| index_of_articles("breaks", BREAKS));

#[test]
fn punctuation_typed_in_a_phrase_stands_for_a_break_not_for_a_word_in_every_view() {
    let index = BREAKS_INDEX.path();
    let cases: [(&str, &[&str]); 6] = [
        ("\"phòng, chống\"", &["cham", "phay", "phay-2"]),
        ("\"phòng; chống\"", &["cham", "phay", "phay-2"]),
        ("\"phòng, chống tham nhũng\"", &["phay"]),
        ("\"phong, chong\"", &["cham", "phay", "phay-2"]),
        ("\"phòng chống\"", &["lien"]),
        ("\"được phóng, chống\"", &["phong-ve-tinh"]),
    ];
    for (query, expected) in cases {
        assert_found_in_every_view(index, query, expected);
    }
    // Every spelling at once: a phrase of several terms at a position is read another way.
    let mut every_spelling: Vec<String> = hits(index, "\"phong, chong\"", &["--any-spelling"])
        .iter()
        .map(|hit| field(hit, "id").to_string())
        .collect();
    every_spelling.sort();
    assert_eq!(every_spelling, ["cham", "phay", "phay-2", "phong-ve-tinh"]);
    // One line each, not one more for `phòng thủ chống` beside a match.
    assert_eq!(kwic_in(index, &["\"phòng, chống\""]).len(), 3);
    // Collocates find the node among the words they read, with a matcher of their own.
    let (output, stdout, stderr) = run(tracuu(index).args([
        "collocates",
        "\"phòng, chống\"",
        "--min-freq",
        "1",
        "--json",
    ]));
    assert_eq!(status(&output), 0, "{stderr}");
    let first: serde_json::Value =
        serde_json::from_str(stdout.lines().next().expect("a collocate")).expect("a record");
    assert_eq!(first["node"], 3, "{stdout}");
}
