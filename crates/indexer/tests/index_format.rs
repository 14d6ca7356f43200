//! The index format version: indexes whose documents were analysed by an older tracuu (without
//! position gaps at punctuation) are refused until rebuilt, never searched with wrong phrases.

use std::path::Path;

use serde_json::Value;
use tracuu_indexer::{Article, ArticleIndex, ErrorKind, WriterOptions, INDEX_FORMAT};

fn articles() -> [Article; 2] {
    [
        Article::new(
            "dang-uy",
            "Đảng ủy xã Thạch Kim họp",
            "Đảng ủy xã Thạch Kim tổ chức hội nghị sơ kết quý I.",
        ),
        Article::new(
            "khoi-dang",
            "Kỷ luật đảng viên",
            "Ông N. bị khai trừ ra khỏi Đảng. Uỷ ban Kiểm tra đề nghị xử lý nghiêm.",
        ),
    ]
}

/// An index in `dir` holding [`articles`], committed.
fn build(dir: &Path) {
    let index = ArticleIndex::open_or_create(dir).unwrap();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    for article in &articles() {
        writer.add(article).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
}

fn meta(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap()
}

/// The format the last commit recorded in `meta.json`, as tracuu writes it.
fn recorded_format(dir: &Path) -> Option<u64> {
    let payload = meta(dir).get("payload")?.as_str()?.to_owned();
    serde_json::from_str::<Value>(&payload)
        .ok()?
        .get("tracuu_format")?
        .as_u64()
}

/// Replaces the commit payload in `meta.json` (`None` removes it, as older tracuu left it).
fn set_payload(dir: &Path, payload: Option<&str>) {
    let mut meta = meta(dir);
    let object = meta.as_object_mut().unwrap();
    match payload {
        Some(payload) => object.insert("payload".into(), payload.into()),
        None => object.remove("payload"),
    };
    std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
}

fn open_error(dir: &Path) -> tracuu_indexer::Error {
    match ArticleIndex::open(dir) {
        Ok(_) => panic!("{} opened", dir.display()),
        Err(error) => error,
    }
}

#[test]
fn every_commit_records_the_current_format() {
    assert_eq!(INDEX_FORMAT, 9);
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    assert_eq!(recorded_format(dir.path()), Some(u64::from(INDEX_FORMAT)));
    ArticleIndex::open(dir.path()).unwrap();

    let memory = ArticleIndex::in_memory();
    let mut writer = memory.writer(&WriterOptions::default()).unwrap();
    writer.add(&articles()[0]).unwrap();
    writer.commit().unwrap();
    let payload = memory.tantivy().load_metas().unwrap().payload.unwrap();
    assert_eq!(payload, r#"{"tracuu_format":9}"#);
}

/// Rebuilds the index in `dir` with `articles` and returns the documents it then holds.
fn rebuilt_with(dir: &Path, articles: &[Article]) -> u64 {
    let index = ArticleIndex::open_for_rebuild(dir).unwrap();
    let mut writer = index.rebuild_writer(&WriterOptions::default()).unwrap();
    for article in articles {
        writer.add(article).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    let rebuilt = ArticleIndex::open(dir).unwrap();
    rebuilt.tantivy().reader().unwrap().searcher().num_docs()
}

#[test]
fn an_index_without_a_format_is_outdated_and_open_for_rebuild_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    set_payload(dir.path(), None);

    let error = open_error(dir.path());
    assert_eq!(error.kind(), ErrorKind::Outdated);
    assert_eq!(error.path(), Some(dir.path()));
    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "index at {} was built by an older tracuu (index format 1, now 9)",
            dir.path().display()
        )),
        "{message}"
    );
    assert!(message.contains("positions have changed"), "{message}");
    let adding = ArticleIndex::open_or_create(dir.path()).err().unwrap();
    assert_eq!(
        adding.kind(),
        ErrorKind::Outdated,
        "adding to it is refused"
    );

    let index = ArticleIndex::open_for_rebuild(dir.path()).unwrap();
    let mixing = index.writer(&WriterOptions::default()).err().unwrap();
    assert_eq!(
        mixing.kind(),
        ErrorKind::Outdated,
        "no new documents among old ones"
    );
    let mut writer = index.rebuild_writer(&WriterOptions::default()).unwrap();
    for article in &articles() {
        writer.add(article).unwrap();
    }
    writer.commit().unwrap();
    writer.finish().unwrap();
    assert_eq!(recorded_format(dir.path()), Some(u64::from(INDEX_FORMAT)));
    let rebuilt = ArticleIndex::open(dir.path()).unwrap();
    let searcher = rebuilt.tantivy().reader().unwrap().searcher();
    assert_eq!(searcher.num_docs(), 2);
}

#[test]
fn an_index_of_format_4_with_accent_free_twins_is_outdated_and_rebuilt_anew() {
    // Format 4's schema: today's, with title and body analysed by the tokenizer of both forms.
    let dir = tempfile::tempdir().unwrap();
    let current = ArticleIndex::in_memory().tantivy().schema();
    let mut builder = tantivy::schema::Schema::builder();
    for (_, entry) in current.fields() {
        match entry.field_type() {
            tantivy::schema::FieldType::Str(options)
                if ["title", "body"].contains(&entry.name()) =>
            {
                let indexing = options.get_indexing_options().unwrap().clone();
                let options = options
                    .clone()
                    .set_indexing_options(indexing.set_tokenizer("vi_text"));
                builder.add_text_field(entry.name(), options);
            }
            _ => {
                builder.add_field(entry.clone());
            }
        }
    }
    let old = tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
    tracuu_indexer::analysis::register(&old);
    old.tokenizers().register(
        "vi_text",
        tracuu_indexer::analysis::VietnameseTokenizer::new(tracuu_indexer::analysis::Form::Exact),
    );
    let id = old.schema().get_field("id").unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(20_000_000).unwrap();
    writer.add_document(tantivy::doc!(id => "old")).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(r#"{"tracuu_format":4}"#);
    commit.commit().unwrap();
    drop(writer);

    let error = open_error(dir.path());
    assert_eq!(error.kind(), ErrorKind::Outdated, "{error}");
    assert!(
        error.to_string().contains("(index format 4, now 9)"),
        "{error}"
    );

    assert_eq!(rebuilt_with(dir.path(), &articles()), 2);
}

#[test]
fn an_index_of_format_2_without_the_definitions_field_is_outdated_and_rebuilt_anew() {
    // Format 2's schema: today's without the field of definitions.
    let dir = tempfile::tempdir().unwrap();
    let current = ArticleIndex::in_memory().tantivy().schema();
    let mut builder = tantivy::schema::Schema::builder();
    for (_, entry) in current.fields() {
        if entry.name() != "definitions" {
            builder.add_field(entry.clone());
        }
    }
    let schema = builder.build();
    let body = schema.get_field("body").unwrap();
    let old = tantivy::Index::create_in_dir(dir.path(), schema).unwrap();
    tracuu_indexer::analysis::register(&old);
    let mut writer: tantivy::IndexWriter = old.writer(20_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(body => "Đảng ủy xã họp"))
        .unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(r#"{"tracuu_format":2}"#);
    commit.commit().unwrap();
    drop(writer);

    let error = open_error(dir.path());
    assert_eq!(error.kind(), ErrorKind::Outdated, "{error}");
    let message = error.to_string();
    assert!(message.contains("(index format 2, now 9)"), "{message}");
    assert!(message.contains("abbreviations"), "{message}");

    assert_eq!(rebuilt_with(dir.path(), &articles()), 2);
}

#[test]
fn a_commit_without_the_format_marks_the_index_outdated() {
    // An older tracuu committing into a current index (it records no format) mixes documents
    // analysed both ways: the index is outdated from then on.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let index = ArticleIndex::open(dir.path()).unwrap();
    let mut older: tantivy::IndexWriter = index.tantivy().writer(20_000_000).unwrap();
    older.commit().unwrap();
    drop(older);
    assert_eq!(recorded_format(dir.path()), None);
    assert_eq!(open_error(dir.path()).kind(), ErrorKind::Outdated);
}

#[test]
fn older_and_newer_formats_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    set_payload(dir.path(), Some(r#"{"tracuu_format":1}"#));
    assert_eq!(open_error(dir.path()).kind(), ErrorKind::Outdated);
    set_payload(dir.path(), Some("written by another tool"));
    assert_eq!(open_error(dir.path()).kind(), ErrorKind::Outdated);
    set_payload(dir.path(), Some(r#"{"tracuu_format":2}"#));
    assert_eq!(open_error(dir.path()).kind(), ErrorKind::Outdated);
    set_payload(dir.path(), Some(r#"{"tracuu_format":4}"#));
    let twins = open_error(dir.path());
    assert_eq!(twins.kind(), ErrorKind::Outdated);
    assert!(twins.to_string().contains("accent-free twin"), "{twins}");
    set_payload(dir.path(), Some(r#"{"tracuu_format":5}"#));
    let eth = open_error(dir.path());
    assert_eq!(eth.kind(), ErrorKind::Outdated);
    assert!(eth.to_string().contains("Ð"), "{eth}");
    set_payload(dir.path(), Some(r#"{"tracuu_format":6}"#));
    let fingerprints = open_error(dir.path());
    assert_eq!(fingerprints.kind(), ErrorKind::Outdated);
    assert!(
        fingerprints.to_string().contains("republications"),
        "{fingerprints}"
    );
    set_payload(dir.path(), Some(r#"{"tracuu_format":7}"#));
    let breaks = open_error(dir.path());
    assert_eq!(breaks.kind(), ErrorKind::Outdated);
    assert!(breaks.to_string().contains("does not mark"), "{breaks}");
    set_payload(dir.path(), Some(r#"{"tracuu_format":8}"#));
    let marks = open_error(dir.path());
    assert_eq!(marks.kind(), ErrorKind::Outdated);
    assert!(marks.to_string().contains("another way"), "{marks}");
    set_payload(dir.path(), Some(r#"{"tracuu_format":10}"#));
    let newer = open_error(dir.path());
    assert_eq!(newer.kind(), ErrorKind::Damaged);
    assert!(newer.to_string().contains("newer tracuu"), "{newer}");
}

#[test]
fn an_index_of_format_2_without_stories_is_outdated_and_rebuilt_anew() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    // Format 2's schema: no story fields.
    let mut older = meta(dir.path());
    older["schema"].as_array_mut().unwrap().retain(|field| {
        !["story", "story_signature", "sequence"].contains(&field["name"].as_str().unwrap())
    });
    std::fs::write(dir.path().join("meta.json"), older.to_string()).unwrap();
    set_payload(dir.path(), Some(r#"{"tracuu_format":2}"#));
    let error = open_error(dir.path());
    assert_eq!(error.kind(), ErrorKind::Outdated);
    assert!(
        error.to_string().contains("skipped republished copies"),
        "{error}"
    );

    assert_eq!(rebuilt_with(dir.path(), &articles()[1..2]), 1);
}

#[test]
fn an_index_never_committed_opens_whatever_created_it() {
    // No segment, no positions: nothing analysed the old way (a run killed before its first
    // commit leaves such an index).
    let dir = tempfile::tempdir().unwrap();
    ArticleIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(recorded_format(dir.path()), None);
    ArticleIndex::open(dir.path()).unwrap();
}

#[test]
fn a_schema_with_a_field_of_another_type_is_refused_before_any_search() {
    for (name, new_type, options) in [
        (
            "body",
            "u64",
            serde_json::json!({"indexed": true, "fieldnorms": true, "fast": false, "stored": true}),
        ),
        (
            "date",
            "text",
            serde_json::json!({"indexing": null, "stored": true, "fast": false}),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path());
        let mut edited = meta(dir.path());
        for field in edited["schema"].as_array_mut().unwrap() {
            if field["name"] == name {
                field["type"] = Value::from(new_type);
                field["options"] = options.clone();
            }
        }
        std::fs::write(dir.path().join("meta.json"), edited.to_string()).unwrap();
        let error = ArticleIndex::open(dir.path()).err().expect("refused");
        assert_eq!(error.kind(), ErrorKind::Damaged, "{name}: {error}");
        assert!(error.to_string().contains(&format!("`{name}`")), "{error}");
    }
}

#[test]
fn an_index_without_meta_json_is_left_untouched_by_a_plain_open() {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    std::fs::remove_file(dir.path().join("meta.json")).unwrap();
    let files = || std::fs::read_dir(dir.path()).unwrap().count();
    let before = files();
    let error = ArticleIndex::open_or_create(dir.path())
        .err()
        .expect("refused");
    assert_eq!(error.kind(), ErrorKind::Damaged, "{error}");
    assert!(
        error.to_string().contains("meta.json is missing"),
        "{error}"
    );
    assert_eq!(files(), before, "nothing created or removed");
    // Rebuilding is the way out.
    let index = ArticleIndex::open_for_rebuild(dir.path()).unwrap();
    let mut writer = index.writer(&WriterOptions::default()).unwrap();
    writer.add(&articles()[0]).unwrap();
    writer.commit().unwrap();
    writer.finish().unwrap();
    assert_eq!(
        ArticleIndex::open(dir.path())
            .unwrap()
            .tantivy()
            .reader()
            .unwrap()
            .searcher()
            .num_docs(),
        1
    );
}
