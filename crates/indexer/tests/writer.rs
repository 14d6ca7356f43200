//! The writer's bookkeeping of ids and bodies within one run.

use tracuu_indexer::{AddOutcome, Article, ArticleIndex, WriterOptions};

/// A body long enough (200 bytes or more) to be checked for republication.
fn body(topic: &str) -> String {
    format!(
        "{topic}. Hội đồng nhân dân tỉnh tổ chức kỳ họp thường lệ để thảo luận và quyết định \
         nhiều nội dung quan trọng về phát triển kinh tế, xã hội, quốc phòng và an ninh của \
         địa phương trong năm tới."
    )
}

#[test]
fn an_article_replaced_gives_up_its_old_body() {
    let index = ArticleIndex::in_memory();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    let (old, new) = (body("Tin cũ"), body("Tin mới"));
    let add = |writer: &mut tracuu_indexer::ArticleWriter, id: &str, body: &str| {
        writer.add(&Article::new(id, "Kỳ họp", body)).unwrap()
    };
    assert_eq!(add(&mut writer, "a1", &old), AddOutcome::Added);
    assert_eq!(
        add(&mut writer, "a2", &old),
        AddOutcome::Duplicate { of: "a1".into() }
    );
    assert_eq!(add(&mut writer, "a1", &new), AddOutcome::Replaced);
    // `a1` no longer holds the old body: another article with it is new, not a duplicate.
    assert_eq!(add(&mut writer, "a3", &old), AddOutcome::Added);
    assert_eq!(
        add(&mut writer, "a4", &new),
        AddOutcome::Duplicate { of: "a1".into() }
    );
}
