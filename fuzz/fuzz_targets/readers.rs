//! The input readers on any bytes written as a file: no panic, at least one article or issue,
//! issues on one line naming the file, articles with an id and a body within the limit.
//!
//! The first byte chooses the file name (and so whether it is read as JSON Lines); the rest is
//! the file's content (compression and encodings are recognised from the bytes themselves).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tracuu_indexer::reader::{read_all, Input, MAX_DOCUMENT_BYTES};

const NAMES: [&str; 4] = ["tin.txt", "tin.jsonl", "tin.json.gz", "tin.jsonl.zst"];

fn scratch_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tracuu-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, content)) = data.split_first() else {
        return;
    };
    let path = scratch_dir().join(NAMES[usize::from(choice) % NAMES.len()]);
    std::fs::write(&path, content).unwrap();
    let shown = path.display().to_string();
    let (articles, issues) = read_all(&Input::File(path.clone()));
    assert!(!articles.is_empty() || !issues.is_empty());
    for issue in &issues {
        assert_eq!(issue.path, path);
        assert_eq!(issue.severity, issue.kind.severity());
        assert!(!issue.message.is_empty() && !issue.to_string().contains(['\n', '\r']));
    }
    for article in &articles {
        assert!(!article.id.trim().is_empty());
        assert_eq!(article.path, shown);
        assert!(article.body.len() <= MAX_DOCUMENT_BYTES);
    }
});
