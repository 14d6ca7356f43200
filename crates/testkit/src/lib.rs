//! Test fixtures shared by the tracuu crates: six articles whose counts are known by
//! construction, and an in-memory index of them. Not published; a dev-dependency only.

use tracuu_indexer::{Article, ArticleIndex, Date, WriterOptions};
use unicode_normalization::UnicodeNormalization;

fn article(id: &str, date: Option<&str>, source: Option<&str>, title: &str, body: &str) -> Article {
    Article::new(id, title, body)
        .with_date(date.map(|d| d.parse::<Date>().unwrap()))
        .with_source(source.map(str::to_string))
        .with_url(Some(format!("https://example.vn/{id}.html")))
        .with_path(format!("fixture/{id}.txt"))
}

/// The articles:
///
/// | id | date | source | `tham nhũng` | `lãng phí` | `đảng viên` |
/// |----|------|--------|--------------|------------|-------------|
/// | a1 | 2020-03-15 | Báo Nghệ An | 2 | 1 | 0 |
/// | a2 | 2020-07-01 | Báo Nghệ An | 1 (NFD text) | 0 | 1 (NFD) |
/// | a3 | 2020-11-20 | Tuổi Trẻ | 0 | 0 | 2 |
/// | a4 | 2021-02-10 | Tuổi Trẻ | 1 (+1 in the title) | 0 | 0 (`đảng ... viên`) |
/// | a5 | undated | none | 0 | 2 | 0 |
/// | a6 | 2021-05-05 | Tuổi Trẻ | 0 | 0 | 0 |
///
/// `uỷ` (a1, a3) and `ủy` (a3) are the same word; 3 articles contain `đảng` (a2, a3, a4).
pub fn articles() -> Vec<Article> {
    let nfd_body: String = "Đảng viên phải gương mẫu trong phòng, chống tham nhũng."
        .nfd()
        .collect();
    vec![
        article(
            "a1",
            Some("2020-03-15"),
            Some("Báo Nghệ An"),
            "Đẩy mạnh phòng, chống tiêu cực",
            "Công tác phòng, chống tham nhũng được đẩy mạnh.\nTỉnh uỷ yêu cầu xử lý nghiêm các vụ tham nhũng, lãng phí trong năm 2020.",
        ),
        article(
            "a2",
            Some("2020-07-01"),
            Some("Báo Nghệ An"),
            "Gương mẫu",
            &nfd_body,
        ),
        article(
            "a3",
            Some("2020-11-20"),
            Some("Tuổi Trẻ"),
            "Đảng uỷ xã họp",
            "Đảng uỷ xã họp với các đảng viên. Ban Thường vụ Đảng ủy biểu dương đảng viên trẻ.",
        ),
        article(
            "a4",
            Some("2021-02-10"),
            Some("Tuổi Trẻ"),
            "Tham nhũng vặt",
            "Ban chấp hành đảng bộ và các viên chức bàn về chống tham nhũng vặt.",
        ),
        article(
            "a5",
            None,
            None,
            "Chi tiêu công",
            "Chống lãng phí trong chi tiêu công. Lãng phí là có tội.",
        ),
        article(
            "a6",
            Some("2021-05-05"),
            Some("Tuổi Trẻ"),
            "Thời tiết",
            "Trời nắng nóng kéo dài ở Nghệ An.",
        ),
    ]
}

/// A committed in-memory index of [`articles`].
pub fn index() -> ArticleIndex {
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for article in articles() {
        writer.add(&article).unwrap();
    }
    writer.commit().unwrap();
    index
}
