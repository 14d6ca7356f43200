//! The writer's bookkeeping of ids and stories within one run and across runs.

use tracuu_indexer::{AddOutcome, Article, ArticleIndex, ArticleWriter, WriterOptions};

/// A body long enough to join a story, on `topic`.
fn body(topic: &str) -> String {
    format!(
        "{topic}. Hội đồng nhân dân tỉnh tổ chức kỳ họp thường lệ để thảo luận và quyết định \
         nhiều nội dung quan trọng về phát triển kinh tế, xã hội, quốc phòng và an ninh của \
         địa phương trong năm tới. Các đại biểu cho ý kiến vào báo cáo của Ủy ban nhân dân \
         tỉnh về tình hình thực hiện nhiệm vụ sáu tháng đầu năm và phương hướng những tháng \
         cuối năm."
    )
}

/// Another text entirely, as long.
fn other_body(topic: &str) -> String {
    format!(
        "{topic}. Sáng nay, Bộ Giáo dục và Đào tạo công bố phương án thi tốt nghiệp trung học \
         phổ thông, theo đó thí sinh làm bài thi Toán, Ngữ văn, Ngoại ngữ và một bài thi tổ \
         hợp do mình lựa chọn; kết quả được dùng để xét tuyển đại học, cao đẳng trên cả nước \
         và các trường được tự chủ xây dựng đề án tuyển sinh riêng của mình."
    )
}

fn add(writer: &mut ArticleWriter, id: &str, body: &str) -> AddOutcome {
    writer.add(&Article::new(id, "Kỳ họp", body)).unwrap()
}

#[test]
fn a_copy_joins_the_story_of_the_indexed_text_and_a_replaced_article_leaves_it() {
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    let (old, new) = (body("Tin cũ"), other_body("Tin mới"));
    assert_eq!(add(&mut writer, "a1", &old), AddOutcome::Added);
    let AddOutcome::Copy { story } = add(&mut writer, "a2", &old) else {
        panic!("an exact copy under another id joins a story");
    };
    assert_eq!(add(&mut writer, "a1", &new), AddOutcome::Replaced);
    // `a2` still holds the old text: a third copy joins its story.
    assert_eq!(add(&mut writer, "a3", &old), AddOutcome::Copy { story });
    assert_eq!(add(&mut writer, "a2", &new), AddOutcome::Replaced);
    assert_eq!(add(&mut writer, "a3", &new), AddOutcome::Replaced);
    // No document holds the old text any more: it starts a story again.
    assert_eq!(add(&mut writer, "a4", &old), AddOutcome::Added);
}

#[test]
fn stories_are_found_across_commits_and_a_rerun_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = ArticleIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    assert_eq!(add(&mut writer, "a1", &body("Tin")), AddOutcome::Added);
    writer.commit().unwrap();
    drop(writer);
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    let edited = body("Tin").replace("thường lệ", "bất thường");
    assert!(matches!(
        add(&mut writer, "a2", &edited),
        AddOutcome::Copy { .. }
    ));
    assert_eq!(add(&mut writer, "a1", &body("Tin")), AddOutcome::Unchanged);
    assert_eq!(
        add(&mut writer, "b1", &other_body("Tin")),
        AddOutcome::Added
    );
}

#[test]
fn a_higher_threshold_keeps_edited_copies_apart() {
    let index = ArticleIndex::in_memory();
    let options = WriterOptions {
        story_threshold: 1.0,
        ..WriterOptions::default()
    };
    let mut writer = index.writer(&options).unwrap();
    let text = body("Tin");
    assert_eq!(add(&mut writer, "a1", &text), AddOutcome::Added);
    let edited = text.replace("thường lệ", "bất thường");
    assert_eq!(add(&mut writer, "a2", &edited), AddOutcome::Added);
    assert!(matches!(
        add(&mut writer, "a3", &text),
        AddOutcome::Copy { .. }
    ));
}
