//! Abbreviations, synonyms and typos end to end, on a small corpus of news sentences: `UBND`
//! finds `Ủy ban nhân dân`, definitions in the text (`tổ chức cơ sở Đảng (TCCSĐ)`) are listed
//! and expand queries, and `quoc hoii` is answered with “quốc hội”. Expected documents are
//! found by a plain scan of the corpus in the test.

use std::path::Path;
use std::sync::LazyLock;

use serde_json::Value;
use tempfile::TempDir;

use crate::util::{index_of_articles, run, search_hits, status, temp_dir, tracuu};

/// `(id, title, body)` of each article, indexed as JSON lines.
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "ubnd-1",
        "Nghệ An họp bàn phòng chống dịch",
        "Chiều 5/8, UBND tỉnh Nghệ An tổ chức hội nghị trực tuyến với các huyện trong tỉnh.",
    ),
    (
        "ubnd-2",
        "Giải phóng mặt bằng dự án",
        "Chủ tịch UBND huyện yêu cầu hoàn thành giải phóng mặt bằng trước tháng 9.",
    ),
    (
        "uy-ban-1",
        "Kỳ họp HĐND tỉnh",
        "Ủy ban nhân dân tỉnh báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm.",
    ),
    (
        "uy-ban-2",
        "Thành phố Hồ Chí Minh tăng cường giãn cách",
        "Uỷ ban nhân dân Thành phố Hồ Chí Minh vừa ban hành chỉ thị mới.",
    ),
    (
        "uy-ban-3",
        "Tiếp dân",
        "Ủy ban tiếp nhận đơn của người dân.",
    ),
    (
        "tphcm-1",
        "TP.HCM mở lại dịch vụ",
        "Người dân TP.HCM phấn khởi khi nhiều dịch vụ được mở lại.",
    ),
    (
        "tphcm-2",
        "Giá nhà ở TPHCM",
        "Giá căn hộ ở TPHCM tiếp tục tăng trong quý III.",
    ),
    (
        "tphcm-3",
        "Kẹt xe ở cửa ngõ",
        "Các tuyến đường cửa ngõ TP. HCM kẹt xe kéo dài.",
    ),
    (
        "bac-ho-1",
        "Học tập và làm theo Bác",
        "Chi bộ sinh hoạt chuyên đề về tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    ),
    (
        "tccsd-1",
        "Đảng ủy Khối các cơ quan tỉnh sơ kết",
        "Đây là tiêu chí quan trọng để đánh giá, phân loại tổ chức cơ sở Đảng (TCCSĐ), đảng viên.",
    ),
    (
        "bqlda-1",
        "Tiến độ dự án đường ven biển",
        "Ban Quản lý dự án (BQLDA) giao thông tỉnh cho biết tiến độ đạt 60%.",
    ),
    (
        "bqlda-2",
        "Nghiệm thu cầu mới",
        "Đại diện Ban Quản lý dự án (BQLDA) đã nghiệm thu cây cầu.",
    ),
    (
        "bqlda-3",
        "Chậm giải ngân",
        "BQLDA chưa hoàn thành thủ tục thanh toán cho nhà thầu.",
    ),
    (
        "quoc-hoi-1",
        "Quốc hội thông qua luật",
        "Quốc hội biểu quyết thông qua Luật Cư trú sửa đổi.",
    ),
    (
        "quoc-hoi-2",
        "Đại biểu Quốc hội tiếp xúc cử tri",
        "Các đại biểu Quốc hội tiếp xúc cử tri huyện Nam Đàn.",
    ),
    (
        "dang-uy-1",
        "Đảng ủy xã tổ chức hội nghị",
        "Đảng ủy xã Thạch Kim tổ chức hội nghị sơ kết quý I.",
    ),
    (
        "dang-uy-2",
        "Đảng ủy phường ra nghị quyết",
        "Đảng ủy phường Bến Thủy ra nghị quyết về công tác cán bộ.",
    ),
    (
        "sai-gon",
        "Sài Gòn những ngày cuối năm",
        "Đường phố Sài Gòn rực rỡ đèn hoa.",
    ),
    (
        "tinh-cam-1",
        "Chuyện tình",
        "Một câu chuyện tình cảm cảm động.",
    ),
    (
        "tinh-cam-2",
        "Tình yêu quê hương",
        "Tình yêu quê hương đất nước.",
    ),
    ("tinh-cam-3", "Tình người", "Tình người trong đại dịch."),
    ("tinh-cam-4", "Tình bạn", "Tình bạn đẹp của những cô gái."),
    (
        "sat-1",
        "Mùa thi chuẩn hóa",
        "Nhiều học sinh đăng ký bài thi Scholastic Assessment Test (SAT) năm nay.",
    ),
    (
        "sat-2",
        "Du học Mỹ",
        "Điểm Scholastic Assessment Test (SAT) là một điều kiện xét tuyển.",
    ),
    (
        "sat-hai-1",
        "Khởi tố nghi phạm",
        "Công an huyện khởi tố nghi phạm sát hại hai người hàng xóm.",
    ),
];

/// The index of [`ARTICLES`], built once.
static INDEX: LazyLock<TempDir> = LazyLock::new(|| index_of_articles("abbrev", ARTICLES));

fn index() -> &'static Path {
    INDEX.path()
}

/// The ids of the articles whose title or body contains any of `texts`, compared in lower
/// case with `uỷ` written `ủy`: the plain scan the search must agree with.
fn scanned(texts: &[&str]) -> Vec<String> {
    let fold = |s: &str| s.to_lowercase().replace("uỷ", "ủy");
    let mut ids: Vec<String> = ARTICLES
        .iter()
        .filter(|(_, title, body)| {
            texts
                .iter()
                .any(|t| fold(title).contains(&fold(t)) || fold(body).contains(&fold(t)))
        })
        .map(|(id, _, _)| id.to_string())
        .collect();
    ids.sort();
    ids
}

/// The ids of the articles holding every one of `words` as a whole word, sorted.
fn holding_words(words: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = ARTICLES
        .iter()
        .filter(|(_, title, body)| {
            let text = format!("{title} {body}").to_lowercase().replace("uỷ", "ủy");
            let text_words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            words.iter().all(|w| text_words.contains(w))
        })
        .map(|(id, _, _)| id.to_string())
        .collect();
    ids.sort();
    ids
}

/// The ids `tracuu search ARGS` finds, sorted.
fn ids(args: &[&str]) -> Vec<String> {
    let (code, hits, stderr) = search_hits(index(), args);
    assert!(code <= 1, "`tracuu search {args:?}` failed: {stderr}");
    let mut ids: Vec<String> = hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    ids
}

/// Runs `tracuu ARGS`: exit status, stdout, stderr.
fn tracuu_in(index: &Path, args: &[&str]) -> (i32, String, String) {
    let (output, stdout, stderr) = run(tracuu(index).args(args));
    (status(&output), stdout, stderr)
}

#[test]
fn an_abbreviation_and_its_full_form_find_the_same_documents() {
    let both = scanned(&["UBND", "Ủy ban nhân dân"]);
    assert_eq!(both.len(), 4);
    assert_eq!(ids(&["UBND"]), both);
    let (_, _, stderr) = tracuu_in(index(), &["search", "UBND"]);
    assert!(stderr.contains("UBND — also: Ủy ban nhân dân"), "{stderr}");
    assert_eq!(ids(&["\"Ủy ban nhân dân\""]), both);
    let (_, _, stderr) = tracuu_in(index(), &["search", "\"Ủy ban nhân dân\""]);
    assert!(stderr.contains("Ủy ban nhân dân — also: UBND"), "{stderr}");
    // Accent-free, in lower case, unquoted.
    assert_eq!(ids(&["ubnd"]), both);
    // Its reading's documents; the page goes on with another spelling's (`ủy ban nhận dân`).
    let (_, hits, _) = search_hits(index(), &["uy ban nhan dan"]);
    let (others, mut read): (Vec<_>, Vec<_>) = hits.into_iter().partition(|h| h.other_spelling);
    read.sort_by(|a, b| a.id.cmp(&b.id));
    let read: Vec<&str> = read.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(read, both);
    let others: Vec<String> = others.into_iter().map(|h| h.id).collect();
    assert_eq!(others, holding_words(&["ủy", "ban", "nhận", "dân"]));

    // As typed only with --no-expand, and nothing said.
    assert_eq!(ids(&["UBND", "--no-expand"]), scanned(&["UBND"]));
    let (_, _, stderr) = tracuu_in(index(), &["search", "UBND", "--no-expand"]);
    assert!(!stderr.contains("also:"), "{stderr}");
    assert_eq!(
        ids(&["\"Ủy ban nhân dân\"", "--no-expand"]),
        scanned(&["Ủy ban nhân dân"])
    );
}

#[test]
fn a_member_inside_a_group_or_phrase_is_expanded_in_place() {
    let in_province: Vec<String> = scanned(&["UBND", "Ủy ban nhân dân"])
        .into_iter()
        .filter(|id| scanned(&["tỉnh"]).contains(id))
        .collect();
    assert_eq!(in_province, ["ubnd-1", "uy-ban-1"]);
    assert_eq!(ids(&["UBND tỉnh"]), in_province);
    assert_eq!(
        ids(&["\"UBND tỉnh\""]),
        scanned(&["UBND tỉnh", "Ủy ban nhân dân tỉnh"])
    );
    // `TP. HCM`, the abbreviation's full stop set apart, is the city too.
    let city = scanned(&["TP.HCM", "TPHCM", "TP. HCM", "Thành phố Hồ Chí Minh"]);
    assert_eq!(city.len(), 4);
    let spellings = ["TP.HCM", "TPHCM", "\"TP. HCM\"", "TP HCM", "tphcm"];
    for query in spellings.into_iter().chain(["\"Thành phố Hồ Chí Minh\""]) {
        assert_eq!(ids(&[query]), city, "{query}");
    }
    // `HCM` is also the man: it finds the city however written (`TPHCM` is narrower: the
    // table's `HCM | Hồ Chí Minh | > TPHCM`), and the city's names do not find the man.
    let city_or_man = scanned(&["HCM", "Hồ Chí Minh"]);
    assert_eq!(city_or_man.len(), city.len() + 1, "{city_or_man:?}");
    assert_eq!(ids(&["HCM"]), city_or_man);
    assert_eq!(ids(&["\"Hồ Chí Minh\""]), city_or_man);
}

#[test]
fn counts_kwic_trend_and_export_follow_the_expansion_and_say_so() {
    let both = scanned(&["UBND", "Ủy ban nhân dân"]);
    let (code, stdout, stderr) = tracuu_in(index(), &["search", "-c", "UBND"]);
    assert_eq!((code, stdout.trim()), (0, both.len().to_string().as_str()));
    assert!(stderr.contains("also: Ủy ban nhân dân"), "{stderr}");
    let (_, stdout, _) = tracuu_in(index(), &["search", "-c", "UBND", "--no-expand"]);
    assert_eq!(stdout.trim(), scanned(&["UBND"]).len().to_string());

    // Every occurrence of every form is a concordance line, highlighted as written.
    let matched = kwic_matches("UBND");
    let mut forms = matched.clone();
    forms.sort();
    forms.dedup();
    assert_eq!(
        forms,
        ["UBND", "Uỷ ban nhân dân", "Ủy ban nhân dân"],
        "{matched:?}"
    );
    assert_eq!(matched.len(), 4);
    let (_, _, stderr) = tracuu_in(index(), &["kwic", "UBND"]);
    assert!(stderr.contains("also: Ủy ban nhân dân"), "{stderr}");

    assert_eq!(trend_total("UBND", "documents"), both.len() as u64);

    let (code, stdout, stderr) = tracuu_in(index(), &["export", "UBND"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), both.len());
    assert!(stderr.contains("also: Ủy ban nhân dân"), "{stderr}");
}

/// The `match` of each `tracuu kwic QUERY --json` line (the query occurring).
fn kwic_matches(query: &str) -> Vec<String> {
    let (code, stdout, stderr) = tracuu_in(index(), &["kwic", query, "--json"]);
    assert_eq!(code, 0, "`tracuu kwic {query}`: {stderr}");
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["match"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The `key` figure of `tracuu trend QUERY --json` summed over its periods.
fn trend_total(query: &str, key: &str) -> u64 {
    let (code, stdout, stderr) = tracuu_in(index(), &["trend", query, "--json"]);
    assert_eq!(code, 0, "`tracuu trend {query}`: {stderr}");
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()[key]
                .as_u64()
                .unwrap()
        })
        .sum()
}

#[test]
fn a_group_with_an_abbreviation_occurs_where_its_words_stand_side_by_side() {
    // In the bodies, compared as `scanned` compares: the group written either way.
    let fold = |s: &str| s.to_lowercase().replace("uỷ", "ủy");
    let forms = ["ubnd tỉnh", "ủy ban nhân dân tỉnh"];
    let expected: usize = ARTICLES
        .iter()
        .map(|(_, _, body)| {
            forms
                .iter()
                .map(|f| fold(body).matches(f).count())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(expected, 2);
    for query in ["UBND tỉnh", "Ủy ban nhân dân tỉnh", "ubnd tinh"] {
        let matched = kwic_matches(query);
        assert_eq!(matched.len(), expected, "{query}: {matched:?}");
        assert!(
            matched.iter().all(|m| forms.contains(&fold(m).as_str())),
            "{query}: each line is the whole group, never `tỉnh` or `UBND` alone: {matched:?}"
        );
        assert_eq!(
            trend_total(query, "occurrences"),
            expected as u64,
            "{query}: trend"
        );
    }
}

#[test]
fn another_spelling_is_counted_as_typed_without_the_readings_expansion() {
    // `uy ban nhan dan` reads `ủy ban nhân dân`, UBND's full form: its count has UBND's
    // articles. `ủy ban nhận dân` is no expression of the group: its count is of the articles
    // holding its four words, as when it is typed.
    let (code, stdout, stderr) = tracuu_in(index(), &["search", "-c", "uy ban nhan dan"]);
    let reading = scanned(&["UBND", "Ủy ban nhân dân"]).len().to_string();
    assert_eq!((code, stdout.trim()), (0, reading.as_str()), "{stderr}");
    let other = holding_words(&["ủy", "ban", "nhận", "dân"]);
    assert_eq!(other, ["uy-ban-3"]);
    assert!(
        stderr.contains("other spellings: ủy ban nhận dân 1"),
        "{stderr}"
    );
    let (_, typed, _) = tracuu_in(index(), &["search", "-c", "ủy ban nhận dân"]);
    assert_eq!(typed.trim(), "1");
    // Within the query's dates, as the reading is: no article is dated.
    let (_, stdout, stderr) = tracuu_in(index(), &["search", "-c", "uy ban nhan dan date:2020"]);
    assert_eq!(stdout.trim(), "0");
    assert!(!stderr.contains("ủy ban nhận dân"), "{stderr}");
}

#[test]
fn search_json_ends_with_the_expansion_record() {
    let (code, stdout, stderr) = tracuu_in(index(), &["search", "UBND", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expansion = records
        .iter()
        .find(|r| r["type"] == "expansion")
        .expect("an expansion record");
    assert_eq!(expansion["typed"], "UBND");
    assert_eq!(expansion["also"], serde_json::json!(["Ủy ban nhân dân"]));
    assert_eq!(expansion["origin"], "built-in");
    // The snippets highlight every form.
    let (_, hits, _) = search_hits(index(), &["UBND"]);
    let marked: Vec<String> = hits.iter().map(|h| h.snippet.marked("[", "]")).collect();
    assert!(marked.iter().any(|s| s.contains("[UBND]")), "{marked:?}");
    assert!(
        marked.iter().any(|s| s.contains("[Ủy ban nhân dân]")),
        "{marked:?}"
    );
    // A group with an abbreviation is highlighted where its words stand side by side, and not
    // its words elsewhere.
    let (_, hits, _) = search_hits(index(), &["UBND tỉnh"]);
    let hit = hits.iter().find(|h| h.id == "ubnd-1").unwrap();
    assert_eq!(
        hit.snippet.marked("[", "]"),
        "Chiều 5/8, [UBND tỉnh] Nghệ An tổ chức hội nghị trực tuyến với các huyện trong tỉnh."
    );
}

#[test]
fn definitions_in_the_documents_are_listed_and_expand_queries() {
    let (code, stdout, stderr) = tracuu_in(index(), &["abbreviations", "tccsd", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let entries: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mined = entries
        .iter()
        .find(|e| e["origin"] == "mined")
        .expect("the definition of TCCSĐ");
    assert_eq!(mined["forms"][0]["text"], "TCCSĐ");
    assert_eq!(mined["forms"][1]["text"], "tổ chức cơ sở đảng");
    assert_eq!(mined["defined_in"], 1);

    // Defined twice: BQLDA also finds its full form, and the full form BQLDA.
    let all = scanned(&["BQLDA", "Ban Quản lý dự án"]);
    assert_eq!(all.len(), 3);
    assert_eq!(ids(&["BQLDA"]), all);
    let (_, _, stderr) = tracuu_in(index(), &["search", "BQLDA"]);
    assert!(
        stderr.contains("BQLDA — also: ban quản lý dự án"),
        "{stderr}"
    );
    assert_eq!(ids(&["\"Ban Quản lý dự án\""]), all);

    // Built-in entries are listed with each form's documents.
    let (code, stdout, _) = tracuu_in(index(), &["abbreviations", "UBND"]);
    assert_eq!(code, 0);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("UBND "))
        .expect("UBND listed");
    assert!(
        line.contains(&format!("UBND {}", scanned(&["UBND"]).len()))
            && line.contains(&format!(
                "Ủy ban nhân dân {}",
                scanned(&["Ủy ban nhân dân"]).len()
            ))
            && line.contains("built-in"),
        "{line}"
    );
    let (code, _, _) = tracuu_in(index(), &["abbreviations", "khong co dau"]);
    assert_eq!(code, 1);
}

#[test]
fn abbreviations_limit_zero_lists_every_group_as_the_other_ranked_views_do() {
    let lines = |args: &[&str]| -> usize {
        let (code, stdout, stderr) = tracuu_in(index(), args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        stdout.lines().count()
    };
    let every = lines(&["abbreviations", "--json", "-n", "100000"]);
    assert!(
        every > 50,
        "the built-in table alone has more groups: {every}"
    );
    assert_eq!(lines(&["abbreviations", "--json"]), 50);
    assert_eq!(lines(&["abbreviations", "--json", "-n", "3"]), 3);
    assert_eq!(lines(&["abbreviations", "--json", "-n", "0"]), every);
    assert_eq!(lines(&["abbreviations", "-n", "0"]), every);

    let (_, _, stderr) = tracuu_in(index(), &["abbreviations", "-n", "3"]);
    assert!(
        stderr.contains(&format!("{} more (--limit 0 for all)", every - 3)),
        "{stderr}"
    );
}

#[test]
fn an_abbreviation_shaped_like_a_syllable_expands_only_in_capitals() {
    // `SAT` is defined twice, so it expands; `sat` in lower case is the syllable `sát`.
    let (code, _, stderr) = tracuu_in(index(), &["search", "SAT"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("SAT — also: scholastic assessment test"),
        "{stderr}"
    );
    let (code, stdout, stderr) = tracuu_in(index(), &["search", "sat hai", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains("\"type\":\"expansion\"") && !stderr.contains("scholastic"),
        "{stdout}{stderr}"
    );
    assert!(stdout.contains("\"reading\":\"sát hại\""), "{stdout}");
    assert_eq!(ids(&["sat hai"]), scanned(&["sát hại"]));
    assert_eq!(scanned(&["sát hại"]), ["sat-hai-1"]);
}

#[test]
fn the_words_beside_an_abbreviation_are_read_with_it() {
    // Alone, `tinh` reads `tình`, the commoner here; beside `hdnd` it reads `tỉnh`.
    let (code, _, stderr) = tracuu_in(index(), &["search", "tinh"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("read as “tình”"), "{stderr}");
    let (code, _, stderr) = tracuu_in(index(), &["search", "hdnd tinh"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("read as “hđnd tỉnh”"), "{stderr}");
    // A code is one word alone and two among other words (`TP.HCM`: `tp`, `hcm`): the words
    // after it keep their own readings.
    let (code, _, stderr) = tracuu_in(index(), &["search", "TP.HCM mo lai"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("read as “TP.HCM mở lại”"), "{stderr}");
    assert_eq!(ids(&["TP.HCM mo lai"]), ids(&["TP.HCM mở lại"]));
}

#[test]
fn mistyped_queries_are_answered_with_a_correction() {
    for (typed, meant) in [
        ("quoc hoii", "quốc hội"),
        ("ddangr uyr", "đảng ủy"),
        ("d9a3ng u3y", "đảng ủy"),
        ("đảng ủyy", "đảng ủy"),
        ("quốc hồi", "quốc hội"),
    ] {
        let (code, _, stderr) = tracuu_in(index(), &["search", typed]);
        assert_eq!(code, 1, "{typed} finds nothing: {stderr}");
        let documents = scanned(&[meant]).len();
        assert!(
            stderr.contains(&format!("did you mean “{meant}”? ({documents} documents)")),
            "{typed}: {stderr}"
        );
    }
    let (_, stdout, _) = tracuu_in(index(), &["search", "quoc hoii", "--json"]);
    let suggestion: Value = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["type"] == "suggestion")
        .expect("a suggestion record");
    assert_eq!(suggestion["text"], "quốc hội");
    // A query that finds enough gets none.
    let (_, _, stderr) = tracuu_in(index(), &["search", "quốc hội"]);
    assert!(!stderr.contains("did you mean"), "{stderr}");
}

#[test]
fn user_synonyms_are_given_per_search_or_stored_with_the_index() {
    let dir = temp_dir("abbrev-synonyms-");
    let file = dir.path().join("synonyms.txt");
    std::fs::write(
        &file,
        "# old and new names\nSài Gòn | TP.HCM | Thành phố Hồ Chí Minh\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let city = scanned(&[
        "Sài Gòn",
        "TP.HCM",
        "TPHCM",
        "TP. HCM",
        "Thành phố Hồ Chí Minh",
    ]);
    assert_eq!(ids(&["Sài Gòn", "--synonyms", file]), city);
    assert_eq!(ids(&["Sài Gòn"]), scanned(&["Sài Gòn"]));

    // Stored with a copy of the index, the group expands every query of it.
    let copy = temp_dir("abbrev-stored-");
    for entry in std::fs::read_dir(index()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
    }
    let (code, _, stderr) = tracuu_in(copy.path(), &["index", "--synonyms", file]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 synonym groups stored"), "{stderr}");
    let (code, hits, stderr) = search_hits(copy.path(), &["Sài Gòn"]);
    assert_eq!(code, 0, "{stderr}");
    let mut found: Vec<String> = hits.into_iter().map(|h| h.id).collect();
    found.sort();
    assert_eq!(found, city);

    // A bad file is a clear error naming the line.
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "Sài Gòn | TP.HCM\nchỉ một\n").unwrap();
    let (code, _, stderr) = tracuu_in(
        index(),
        &["search", "x", "--synonyms", bad.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("line 2") && stderr.contains("bad.txt"),
        "{stderr}"
    );
    // So is a file that is not UTF-8 (here Latin-1 on its third line).
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(
        &latin1,
        b"# nh\xc3\xb3m\nS\xc3\xa0i G\xc3\xb2n | TP.HCM\nS\xe0i G\xf2n | TPHCM\n",
    )
    .unwrap();
    let (code, _, stderr) = tracuu_in(
        index(),
        &["search", "x", "--synonyms", latin1.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        format!(
            "tracuu: synonyms file {}: line 3: not UTF-8 text\n",
            latin1.display()
        ),
    );
}
