//! `--fuzzy` end to end, on news sentences whose words stand one or two typing slips from each
//! other (`hội`, `hồi`, `hỏi`, `hơi`; `đảng`, `đang`, `đáng`, `dạng`). The words each query
//! must match are listed here by the rule the README states (one mark wrong or missing, a
//! letter typed twice, Telex or VNI decoded), and the documents holding them found by a plain
//! scan of the sentences.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

use serde_json::Value;
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

use crate::util::{index_of_articles, nfc, run, search_hits, status, tracuu};

/// `(id, title, body)` of each article, indexed as JSON lines.
const ARTICLES: &[(&str, &str, &str)] = &[
    (
        "hoi-nghi",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        "Đảng ủy tỉnh tổ chức hội nghị sơ kết công tác 6 tháng đầu năm.",
    ),
    (
        "hoi-ky",
        "Ra mắt hồi ký của cựu chiến binh",
        "Cuốn hồi ký kể lại những năm tháng ở chiến trường miền Đông.",
    ),
    (
        "cau-hoi",
        "Cử tri đặt câu hỏi về giá điện",
        "Nhiều cử tri hỏi về việc tăng giá điện trong mùa nắng nóng.",
    ),
    (
        "boc-hoi",
        "Xe bồn chở khí hóa lỏng gặp sự cố",
        "Khí gas rò rỉ bốc hơi trên quốc lộ 1A, giao thông ùn tắc.",
    ),
    (
        "quoc-hoi",
        "Quốc hội thông qua luật",
        "Quốc hội biểu quyết thông qua Luật Cư trú sửa đổi.",
    ),
    (
        "tuoi-dang",
        "Trao Huy hiệu 50 năm tuổi Đảng",
        "Các đảng viên cao tuổi được trao huy hiệu tại trụ sở.",
    ),
    (
        "on-thi",
        "Học sinh ôn thi tốt nghiệp",
        "Các em đang ôn tập cho kỳ thi tốt nghiệp trung học phổ thông.",
    ),
    (
        "khich-le",
        "Kết quả đáng khích lệ của ngành giáo dục",
        "Tỷ lệ tốt nghiệp năm nay đạt kết quả đáng khích lệ.",
    ),
    (
        "dang-bai",
        "Đề thi có nhiều dạng bài mới",
        "Giáo viên cho biết đề thi năm nay có nhiều dạng bài tập mới.",
    ),
    (
        "tham-nhung",
        "Đẩy mạnh phòng chống tham nhũng",
        "Tỉnh ủy chỉ đạo đẩy mạnh công tác phòng chống tham nhũng, tiêu cực.",
    ),
    (
        "tham-hoi",
        "Lãnh đạo tỉnh thăm gia đình chính sách",
        "Đoàn công tác của tỉnh đến thăm và tặng quà các gia đình chính sách.",
    ),
    (
        "tham-dinh",
        "Hội đồng thẩm định dự án của tỉnh họp",
        "Hội đồng thẩm định đã họp để xem xét hồ sơ dự án đường ven biển của tỉnh.",
    ),
    (
        "uy-ban",
        "Ủy ban nhân dân xã họp",
        "Uỷ ban nhân dân xã Thạch Kim họp bàn kế hoạch phòng chống bão.",
    ),
];

/// The index of [`ARTICLES`], built once.
static INDEX: LazyLock<TempDir> = LazyLock::new(|| index_of_articles("fuzzy", ARTICLES));

fn index() -> &'static Path {
    INDEX.path()
}

/// The words of `text`: lower case, NFC, the tone of `uỷ` on the `u` as the index writes it.
fn words(text: &str) -> Vec<String> {
    nfc(&text.to_lowercase())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.replace("uỷ", "ủy"))
        .collect()
}

/// `word` without marks, `đ` as `d`.
fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect::<String>()
        .replace('đ', "d")
}

/// The ids of the articles holding, for each list of `all_of`, a word of that list.
fn scanned(all_of: &[&dyn Fn(&str) -> bool]) -> BTreeSet<String> {
    ARTICLES
        .iter()
        .filter(|(_, title, body)| {
            let words = words(&format!("{title} {body}"));
            all_of.iter().all(|wanted| words.iter().any(|w| wanted(w)))
        })
        .map(|(id, _, _)| id.to_string())
        .collect()
}

/// The ids `tracuu search ARGS` finds.
fn ids(args: &[&str]) -> BTreeSet<String> {
    let (code, hits, stderr) = search_hits(index(), args);
    assert!(code <= 1, "`tracuu search {args:?}` failed: {stderr}");
    hits.into_iter().map(|h| h.id).collect()
}

/// Runs `tracuu ARGS`: exit status, stdout, stderr.
fn tracuu_in(args: &[&str]) -> (i32, String, String) {
    let (output, stdout, stderr) = run(tracuu(index()).args(args));
    (status(&output), stdout, stderr)
}

/// One of `words`.
fn one_of<'a>(words: &'a [&'a str]) -> impl Fn(&str) -> bool + 'a {
    move |w| words.contains(&w)
}

/// Words one mark from `hội`: another tone, or `ô` written `o` or `ơ` with the same tone.
const NEAR_HOI: &[&str] = &["hội", "hôi", "hồi", "hối", "hổi", "hỗi", "họi", "hợi"];
/// Words one mark from `đảng`: another tone, `ă` or `â` for `a`, or `d` for `đ`.
const NEAR_DANG: &[&str] = &[
    "đảng", "đang", "đàng", "đáng", "đãng", "đạng", "đẳng", "đẩng", "dảng",
];

#[test]
fn a_word_also_matches_the_words_one_mark_away_and_no_further() {
    let near_hoi = scanned(&[&one_of(NEAR_HOI)]);
    assert_eq!(ids(&["hội", "--fuzzy"]), near_hoi);
    // The facts the lists stand for: `hồi` is one tone away, `hỏi` and `hơi` two marks.
    assert!(near_hoi.contains("hoi-ky"), "{near_hoi:?}");
    assert!(!near_hoi.contains("cau-hoi") && !near_hoi.contains("boc-hoi"));
    // Without `--fuzzy`, the word as typed.
    assert_eq!(ids(&["hội"]), scanned(&[&one_of(&["hội"])]));

    let near_dang = scanned(&[&one_of(NEAR_DANG)]);
    assert_eq!(ids(&["đảng", "--fuzzy"]), near_dang);
    assert!(near_dang.contains("on-thi") && near_dang.contains("khich-le"));
    assert!(
        !near_dang.contains("dang-bai"),
        "dạng is two marks from đảng"
    );
}

/// Words one mark from the level-tone `tham`: a tone, or `ă` or `â` for `a`.
const NEAR_THAM: &[&str] = &[
    "tham", "thám", "thàm", "thảm", "thãm", "thạm", "thăm", "thâm",
];
/// Words one mark from `tỉnh`: another tone or none.
const NEAR_TINH: &[&str] = &["tỉnh", "tinh", "tính", "tình", "tĩnh", "tịnh"];

#[test]
fn in_a_query_with_marks_an_unmarked_word_is_the_level_tone_word() {
    let expected = scanned(&[&one_of(NEAR_THAM), &one_of(NEAR_TINH)]);
    assert_eq!(ids(&["tham tỉnh", "--fuzzy"]), expected);
    // `thăm` is one mark from `tham`, `thẩm` two.
    assert!(expected.contains("tham-hoi") && !expected.contains("tham-dinh"));
}

#[test]
fn a_doubled_letter_and_telex_or_vni_typed_without_an_input_method_are_undone() {
    let dang_uy = scanned(&[&one_of(&["đảng"]), &one_of(&["ủy"])]);
    assert!(!dang_uy.is_empty());
    assert_eq!(ids(&["ddangr uyr", "--fuzzy"]), dang_uy);
    assert_eq!(ids(&["d9a3ng u3y", "--fuzzy"]), dang_uy);
    // Without `--fuzzy` they find nothing: the words are not in the index.
    assert!(ids(&["ddangr uyr"]).is_empty());

    // The doubled letter is the slip: `ủyy` is `ủy` exactly; `đảng` keeps its own slip.
    assert_eq!(
        ids(&["đảng ủyy", "--fuzzy"]),
        scanned(&[&one_of(NEAR_DANG), &one_of(&["ủy"])])
    );
    assert_eq!(ids(&["ủyy", "--fuzzy"]), scanned(&[&one_of(&["ủy"])]));
    assert_eq!(ids(&["hộii", "--fuzzy"]), scanned(&[&one_of(&["hội"])]));
}

#[test]
fn in_an_accent_free_query_a_word_matches_every_spelling_of_its_letters() {
    // `quoc hoii`: the marks left out are no slip, the doubled `i` is.
    let expected = scanned(&[&|w: &str| fold(w) == "quoc", &|w: &str| fold(w) == "hoi"]);
    assert!(expected.contains("boc-hoi") && expected.contains("quoc-hoi"));
    assert_eq!(ids(&["quoc hoii", "--fuzzy"]), expected);
}

#[test]
fn what_a_word_also_matched_is_shown_and_highlighted() {
    let (code, stdout, stderr) = tracuu_in(&["search", "hội", "--fuzzy", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let expansion: Value = stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["type"] == "expansion")
        .expect("an expansion record");
    assert_eq!(expansion["typed"], "hội");
    assert_eq!(expansion["origin"], "fuzzy");
    // Only the index's words, each one mark from `hội`.
    let corpus_words: BTreeSet<String> = ARTICLES
        .iter()
        .flat_map(|(_, title, body)| words(&format!("{title} {body}")))
        .collect();
    let also: BTreeSet<String> = expansion["also"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = NEAR_HOI
        .iter()
        .filter(|w| **w != "hội" && corpus_words.contains(**w))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(also, expected);
    let (_, _, stderr) = tracuu_in(&["search", "hội", "--fuzzy"]);
    assert!(stderr.contains("hội — also: hồi"), "{stderr}");

    // Every occurrence of every word matched in a body is a concordance line.
    let (code, stdout, stderr) = tracuu_in(&["kwic", "hội", "--fuzzy", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let mut matched: Vec<String> = stdout
        .lines()
        .map(|l| {
            let line: Value = serde_json::from_str(l).unwrap();
            words(line["match"].as_str().unwrap()).join(" ")
        })
        .collect();
    matched.sort();
    let mut occurrences: Vec<String> = ARTICLES
        .iter()
        .flat_map(|(_, _, body)| words(body))
        .filter(|w| NEAR_HOI.contains(&w.as_str()))
        .collect();
    occurrences.sort();
    assert_eq!(matched, occurrences);
}
