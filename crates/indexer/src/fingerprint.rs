//! The fingerprint of everything indexed of an article, to tell unchanged documents from changed
//! ones on re-runs.

use xxhash_rust::xxh3::Xxh3;

use crate::reader::Article;

/// Hash of the article's content and metadata, not of its path (the path is stored, but a
/// document whose content did not change is not rewritten).
pub(crate) fn record_hash(article: &Article) -> u64 {
    let mut hasher = Xxh3::new();
    let date = article.date.map(|d| d.to_string());
    for value in [
        Some(article.title.as_str()),
        Some(article.body.as_str()),
        date.as_deref(),
        article.source.as_deref(),
        article.url.as_deref(),
        article.author.as_deref(),
    ] {
        match value {
            Some(v) => {
                hasher.update(&(v.len() as u64).to_le_bytes());
                hasher.update(v.as_bytes());
            }
            None => hasher.update(&u64::MAX.to_le_bytes()),
        }
    }
    hasher.digest()
}
