//! Quality of story grouping: edited copies of real articles, made here, against the stories
//! the writer finds (pair precision and recall), at several resemblance thresholds.
//!
//! The articles of `../shared/corpora/unc-news` (2,653, ten sections: many on the same topics)
//! are indexed with copies of every third one, one to three each, made as outlets republish: a
//! new title, another source, id and date (0 to 3 days later), a source line and boilerplate
//! around the text, and, by turns, paragraphs cut (0 to 40% of the text), a paragraph of another
//! article added, a sentence reworded (words dropped and replaced). A pair is two documents;
//! a pair is *made* when one is a copy of the other or both copies of one original; *found*
//! when the writer put both in one story. Recall is reported for copies keeping at least 80% of
//! the original's text (the goal) and below.
//!
//! `cargo bench --bench reuse`; `TRACUU_REUSE_THRESHOLDS=0.4,0.5` to try other thresholds.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::json;
use tracuu_indexer::{Article, ArticleIndex, Date, Fields, WriterOptions};

/// The corpus, relative to the repository root.
const CORPUS: &str = "../shared/corpora/unc-news";

/// A copy keeping at least this share of its original's text must be found.
const GOAL_KEPT: f64 = 0.8;

struct Made {
    article: Article,
    /// The article it copies (its own id for an original).
    original: String,
    /// Share of the original's characters kept.
    kept: f64,
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("not run: this benchmark runs with `cargo bench` (or pass --bench)");
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    if !corpus.is_dir() {
        println!("skipped: {CORPUS} not found");
        return;
    }
    let originals = read_corpus(&corpus);
    let made = with_copies(&originals);
    let copies = made.iter().filter(|m| m.original != m.article.id).count();
    println!(
        "{} articles of unc-news, {copies} copies of {} of them",
        originals.len(),
        made.iter()
            .filter(|m| m.original != m.article.id)
            .map(|m| &m.original)
            .collect::<HashSet<_>>()
            .len()
    );
    let thresholds: Vec<f32> = std::env::var("TRACUU_REUSE_THRESHOLDS")
        .ok()
        .map(|list| {
            list.split(',')
                .map(|t| t.trim().parse().expect("thresholds are numbers"))
                .collect()
        })
        .unwrap_or_else(|| vec![0.3, 0.4, 0.5, 0.6, 0.7]);
    for threshold in thresholds {
        let started = std::time::Instant::now();
        let stories = index_stories(&made, threshold);
        let seconds = started.elapsed().as_secs_f64();
        let scores = score(&made, &stories);
        println!(
            "threshold {threshold:.2}: precision {:.4} ({} of {} pairs found), recall {:.4} for \
             copies keeping >= 80% ({} of {}), {:.4} below ({} of {}); {seconds:.1} s",
            scores.precision(),
            scores.true_found,
            scores.found,
            ratio(scores.kept_found, scores.kept_made),
            scores.kept_found,
            scores.kept_made,
            ratio(scores.cut_found, scores.cut_made),
            scores.cut_found,
            scores.cut_made,
        );
        println!(
            "BENCH_RESULT {}",
            json!({
                "bench": "reuse",
                "threshold": threshold,
                "precision": scores.precision(),
                "recall_kept_80": ratio(scores.kept_found, scores.kept_made),
                "recall_below_80": ratio(scores.cut_found, scores.cut_made),
                "pairs_found": scores.found,
                "pairs_made": scores.kept_made + scores.cut_made,
            })
        );
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Every article of the corpus (header lines, a title line, one paragraph per line).
fn read_corpus(dir: &Path) -> Vec<Article> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read the corpus")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let mut id = None;
            let mut date = None;
            let mut lines = Vec::new();
            for line in text.lines() {
                if let Some(value) = line.strip_prefix("# doc_id = ") {
                    id = Some(value.trim().to_string());
                } else if let Some(value) = line.strip_prefix("# date = ") {
                    date = parse_date(value.trim());
                } else if !line.starts_with('#') && !line.trim().is_empty() {
                    lines.push(line.trim().to_string());
                }
            }
            let (title, body) = lines.split_first()?;
            let mut article = Article::new(id?, title.clone(), body.join("\n"));
            article.date = date;
            article.source = Some("Dân trí".to_string());
            Some(article)
        })
        .collect()
}

fn parse_date(text: &str) -> Option<Date> {
    let digits: u32 = text.parse().ok()?;
    Date::new(
        (digits / 10_000) as u16,
        (digits / 100 % 100) as u8,
        (digits % 100) as u8,
    )
}

/// A deterministic stream of numbers (xorshift64).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

const OUTLETS: [&str; 6] = [
    "Báo Nghệ An",
    "Báo Hà Tĩnh",
    "Tạp chí Tuyên giáo",
    "Báo Quảng Trị",
    "Dân Việt",
    "Báo Cần Thơ",
];

const BOILERPLATE: [&str; 3] = [
    "- Quảng cáo -",
    "Bài liên quan",
    "Theo dõi chúng tôi trên mạng xã hội để cập nhật tin tức mới nhất.",
];

/// The originals, and copies of every third one with at least six paragraphs.
fn with_copies(originals: &[Article]) -> Vec<Made> {
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let mut made: Vec<Made> = originals
        .iter()
        .map(|a| Made {
            article: a.clone(),
            original: a.id.clone(),
            kept: 1.0,
        })
        .collect();
    for (i, original) in originals.iter().enumerate() {
        let paragraphs: Vec<&str> = original.body.lines().collect();
        if i % 3 != 0 || paragraphs.len() < 6 {
            continue;
        }
        for n in 0..1 + dice.below(3) {
            let outlet = OUTLETS[dice.below(OUTLETS.len())];
            let mut kept: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
            // Cut 0 to 40% of the text, whole paragraphs from the end or the middle.
            let cut_share = [0.0, 0.1, 0.2, 0.3, 0.4][dice.below(5)];
            let total: usize = paragraphs.iter().map(|p| p.len()).sum();
            let mut removed = 0;
            while (removed as f64) < cut_share * total as f64 && kept.len() > 2 {
                let at = if dice.below(2) == 0 {
                    kept.len() - 1
                } else {
                    1 + dice.below(kept.len() - 1)
                };
                removed += kept.remove(at).len();
            }
            // Reword a sentence: drop one word, replace another.
            if dice.below(2) == 0 {
                let at = dice.below(kept.len());
                let mut words: Vec<&str> = kept[at].split(' ').collect();
                if words.len() > 6 {
                    words.remove(dice.below(words.len()));
                    let replace = dice.below(words.len());
                    words[replace] = "những";
                    kept[at] = words.join(" ");
                }
            }
            // Add a paragraph of another article.
            if dice.below(3) == 0 {
                let other = &originals[dice.below(originals.len())];
                if let Some(line) = other.body.lines().next() {
                    kept.insert(dice.below(kept.len() + 1), line.to_string());
                }
            }
            let mut body = vec![format!("(Nguồn: {outlet})")];
            body.push(BOILERPLATE[dice.below(BOILERPLATE.len())].to_string());
            body.extend(kept);
            body.push(format!("Theo {outlet}"));
            let mut article = Article::new(
                format!("{}-{n}", original.id),
                format!("{}: {}", outlet, original.title),
                body.join("\n"),
            );
            article.source = Some(outlet.to_string());
            article.date = original
                .date
                .and_then(|d| Date::from_days(d.to_days() + dice.below(4) as i64));
            made.push(Made {
                article,
                original: original.id.clone(),
                kept: 1.0 - removed as f64 / total as f64,
            });
        }
    }
    // Copies arrive among the rest, not right after their original.
    let mut order: Vec<usize> = (0..made.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, dice.below(i + 1));
    }
    let mut slots: Vec<Option<Made>> = made.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| slots[i].take().expect("each once"))
        .collect()
}

/// Indexes `made` in memory and reads each document's story.
fn index_stories(made: &[Made], threshold: f32) -> HashMap<String, u64> {
    let index = ArticleIndex::in_memory();
    let options = WriterOptions {
        story_threshold: threshold,
        ..WriterOptions::default()
    };
    let mut writer = index.writer(&options).expect("a writer");
    for m in made {
        writer.add(&m.article).expect("added");
    }
    writer.commit().expect("committed");
    let searcher = index.tantivy().reader().expect("a reader").searcher();
    let mut stories = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let ids = fast
            .str(Fields::ID_NAME)
            .expect("ids")
            .expect("an id column");
        let story = fast.u64(Fields::STORY_NAME).expect("stories");
        for doc in segment.doc_ids_alive() {
            let mut id = String::new();
            let ord = ids.term_ords(doc).next().expect("an id");
            ids.ord_to_str(ord, &mut id).expect("readable");
            stories.insert(id, story.first(doc).expect("a story"));
        }
    }
    stories
}

#[derive(Default)]
struct Scores {
    found: usize,
    true_found: usize,
    kept_made: usize,
    kept_found: usize,
    cut_made: usize,
    cut_found: usize,
}

impl Scores {
    fn precision(&self) -> f64 {
        ratio(self.true_found, self.found)
    }
}

fn score(made: &[Made], stories: &HashMap<String, u64>) -> Scores {
    let mut scores = Scores::default();
    let original_of: HashMap<&str, &str> = made
        .iter()
        .map(|m| (m.article.id.as_str(), m.original.as_str()))
        .collect();
    // Found pairs: every pair within a story.
    let mut by_story: HashMap<u64, Vec<&str>> = HashMap::new();
    for (id, story) in stories {
        by_story.entry(*story).or_default().push(id);
    }
    for members in by_story.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                scores.found += 1;
                scores.true_found += usize::from(original_of[a] == original_of[b]);
            }
        }
    }
    // Made pairs: each copy with its original (the pairs of two copies follow from them).
    for m in made.iter().filter(|m| m.original != m.article.id) {
        let found = stories[&m.article.id] == stories[&m.original];
        if m.kept >= GOAL_KEPT {
            scores.kept_made += 1;
            scores.kept_found += usize::from(found);
        } else {
            scores.cut_made += 1;
            scores.cut_found += usize::from(found);
        }
    }
    scores
}
