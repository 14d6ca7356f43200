//! Analyzer throughput on real Vietnamese text, beside tantivy's
//! `SimpleTokenizer` + `LowerCaser` + `AsciiFoldingFilter` on the same text, and the story
//! signature the indexer computes for every body (`story::Signature::of`).
//!
//! Text: `../shared/corpora/unc-news` (news) and `../shared/corpora/vlc-legal` (laws), falling
//! back to the bundled `corpus/` when `../shared` is absent. Run: `cargo bench --bench analysis`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use tracuu_indexer::analysis::{Form, VietnameseTokenizer};
use tracuu_indexer::story::Signature;

/// At most this much text per sample set, so a run stays short.
const SAMPLE_BYTES: usize = 8 * 1024 * 1024;

fn load_text(dir: &Path) -> Option<String> {
    let mut files: Vec<_> = walk(dir);
    files.sort();
    let mut text = String::new();
    for file in files {
        if let Ok(content) = std::fs::read_to_string(&file) {
            text.push_str(&content);
            text.push('\n');
        }
        if text.len() >= SAMPLE_BYTES {
            break;
        }
    }
    (!text.trim().is_empty()).then_some(text)
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "txt" || e == "jsonl") {
            out.push(path);
        }
    }
    out
}

fn samples() -> Vec<(&'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpora");
    let mut samples = Vec::new();
    for (name, dir) in [("news", "unc-news"), ("laws", "vlc-legal")] {
        if let Some(text) = load_text(&shared.join(dir)) {
            samples.push((name, text));
        }
    }
    if samples.is_empty() {
        eprintln!("../shared/corpora not found: measuring on the bundled corpus/ instead");
        samples.push((
            "corpus",
            load_text(&root.join("corpus")).expect("corpus/ has text"),
        ));
    }
    samples
}

fn count_tokens(tokenizer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = tokenizer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        count += stream.token().text.len();
    }
    count
}

fn bench_analysis(c: &mut Criterion) {
    for (name, text) in samples() {
        let mut group = c.benchmark_group(format!("analysis/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(10);
        let mut baseline = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        group.bench_function("baseline: tantivy simple+lowercase+asciifolding", |b| {
            b.iter(|| count_tokens(&mut baseline, &text))
        });
        let mut exact = TextAnalyzer::from(VietnameseTokenizer::new(Form::Exact));
        group.bench_function("tracuu: exact terms (what title and body index)", |b| {
            b.iter(|| count_tokens(&mut exact, &text))
        });
        group.bench_function("tracuu: story signature of the text", |b| {
            b.iter(|| Signature::of(&text))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
