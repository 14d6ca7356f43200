//! Embedding tracuu: index a few articles, then search them with and without diacritics.
//!
//! Run: `cargo run -p tracuu-query --example search`. To search an index on disk instead,
//! open it with `Searcher::open(Path::new("my-index"))`.

use tracuu_indexer::{Article, ArticleIndex, Date, WriterOptions};
use tracuu_query::{SearchRequest, Searcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default())?;
    for (id, title, body, year) in [
        (
            "a1",
            "Đảng ủy xã kết nạp đảng viên",
            "Đảng uỷ xã Thạch Hà kết nạp 5 đảng viên mới.",
            2021,
        ),
        (
            "a2",
            "Đăng ký tuyển dụng",
            "Thông báo đăng ký tuyển dụng viên chức năm 2022.",
            2022,
        ),
    ] {
        writer.add(
            &Article::new(id, title, body)
                .with_date(Date::new(year, 1, 15))
                .with_source(Some("Báo Hà Tĩnh".into()))
                .with_path(format!("{id}.txt")),
        )?;
    }
    writer.commit()?;
    writer.finish()?;

    let searcher = Searcher::new(index)?;
    let results = searcher.search(&SearchRequest::new("dang uy").limit(5)?)?;
    println!("{} hit(s), read as {:?}", results.total, results.reading);
    for hit in &results.hits {
        println!(
            "{} [{}] {}",
            hit.id,
            hit.date.map(|d| d.to_string()).unwrap_or_default(),
            hit.snippet.marked("[", "]")
        );
    }
    assert_eq!(results.hits[0].id, "a1");
    assert_eq!(results.reading.as_deref(), Some("đảng ủy"));
    Ok(())
}
