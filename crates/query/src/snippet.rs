//! Snippets: one to three fragments of the original text around the best matches, with the
//! matched words' byte ranges, so a caller can highlight exactly what the author wrote.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use tracuu_indexer::analysis::is_space;

use crate::finder::Finder;
use crate::matcher::{Matcher, Occurrence};

/// About this many characters of text in a snippet, all fragments together.
pub const SNIPPET_CHARS: usize = 200;
/// At most this many fragments.
const MAX_FRAGMENTS: usize = 3;
/// Windows considered at most, in text order (see [`choose_windows`]).
const MAX_WINDOWS: usize = 1_000;
/// Occurrences a snippet is chosen among at most, the first in the text: a document can
/// repeat a query word a million times, and its first thousands are as good a choice as all.
const SNIPPET_OCCURRENCES: usize = 10_000;
/// Joins fragments, and marks text left out at either end.
const ELLIPSIS: &str = "…";

/// A short extract of a document with highlighted matches.
///
/// Serialised as the fields `snippet` (the text) and `highlights` (`[[start, end], ...]`), as
/// they appear in a [`Hit`](crate::Hit)'s record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Snippet {
    /// The extract, in the document's own spelling (line breaks shown as spaces).
    #[serde(rename = "snippet")]
    pub text: String,
    /// Byte ranges of `text` to highlight, in order, not overlapping.
    #[serde(with = "range_pairs")]
    pub highlights: Vec<Range<usize>>,
}

/// Byte ranges as JSON pairs: `[[start, end], ...]`.
pub(crate) mod range_pairs {
    use std::ops::Range;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        ranges: &[Range<usize>],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(ranges.iter().map(|r| [r.start, r.end]))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Range<usize>>, D::Error> {
        let pairs = Vec::<[usize; 2]>::deserialize(d)?;
        Ok(pairs.into_iter().map(|[start, end]| start..end).collect())
    }
}

impl Snippet {
    /// The extract with each highlight wrapped in `before` and `after` (for terminals or markup).
    pub fn marked(&self, before: &str, after: &str) -> String {
        mark_ranges(&self.text, &self.highlights, before, after)
    }
}

/// `text` with each of `ranges` (in order, not overlapping, on character boundaries) wrapped in
/// `before` and `after`.
pub fn mark_ranges(text: &str, ranges: &[Range<usize>], before: &str, after: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * (before.len() + after.len()));
    let mut at = 0;
    for range in ranges {
        out.push_str(&text[at..range.start]);
        out.push_str(before);
        out.push_str(&text[range.clone()]);
        out.push_str(after);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Builds the snippet of `text` for `matcher`: the window with the most distinct query words,
/// or several smaller windows when the query words are far apart; the start of the text when
/// nothing matches.
pub fn make_snippet(text: &str, matcher: &Matcher) -> Snippet {
    snippet_with(text, &Finder::new(matcher))
}

/// [`make_snippet`] for the matcher of `finder`, built once for all the texts of a query.
pub(crate) fn snippet_with(text: &str, finder: &Finder) -> Snippet {
    // The same occurrences as `matcher.find(&analyze(text))`, analysing only the text around
    // candidate words (see `Finder`): analysing whole bodies was most of a search's time. Only
    // the first ones, so that the work is bounded however often the text repeats a word.
    let occurrences = finder.first_occurrences(text, SNIPPET_OCCURRENCES);
    let occurrences = finder.matcher().without_stand_ins(occurrences);
    let windows = choose_windows(text, &occurrences);
    assemble(text, &windows, &occurrences)
}

/// Picks up to three byte windows of `text`, in text order.
///
/// The cost is the number of occurrences times the occurrences within one window, never their
/// square: a document can hold a common query word thousands of times.
fn choose_windows(text: &str, occurrences: &[Occurrence]) -> Vec<Range<usize>> {
    if occurrences.is_empty() {
        let end = advance_chars(text, 0, SNIPPET_CHARS);
        return std::iter::once(0..end).collect();
    }
    let mut by_start: Vec<&Occurrence> = occurrences.iter().collect();
    by_start.sort_by_key(|o| (o.start, o.end));
    let items = occurrences.iter().map(|o| o.item).max().unwrap_or(0) + 1;
    let mut all_items = vec![false; items];
    for o in occurrences {
        all_items[o.item] = true;
    }
    let all_items = all_items.iter().filter(|&&found| found).count();
    // The occurrences wholly inside `window`.
    let inside = |window: &Range<usize>| {
        let (start, end) = (window.start, window.end);
        let from = by_start.partition_point(|o| o.start < start);
        let to = by_start.partition_point(|o| o.start < end);
        by_start[from..to.max(from)]
            .iter()
            .filter(move |o| o.end <= end)
    };
    // Windows start at an occurrence of another query word than the one before: a window
    // starting at a repeat of the same word holds no more distinct words than the one before
    // it. This keeps the windows few where one word occurs thousands of times.
    let starts: Vec<&Occurrence> = by_start
        .iter()
        .enumerate()
        .filter(|(i, o)| *i == 0 || by_start[i - 1].item != o.item)
        .map(|(_, o)| *o)
        .take(MAX_WINDOWS)
        .collect();
    // Windows move by characters: where they would walk over more characters than the text
    // holds, find its characters once.
    let chars = (starts.len() * 2 * SNIPPET_CHARS > text.len()).then(|| CharStarts::of(text));
    for fragments in 1..=MAX_FRAGMENTS {
        let width = SNIPPET_CHARS / fragments;
        let windows: Vec<Range<usize>> = starts
            .iter()
            .map(|o| window_around(text, chars.as_ref(), o, width))
            .collect();
        let mut chosen: Vec<Range<usize>> = Vec::new();
        let mut covered = vec![false; items];
        for _ in 0..fragments {
            let mut new_in_window = vec![false; items];
            let best = windows
                .iter()
                .filter(|w| !chosen.iter().any(|c| c.start < w.end && w.start < c.end))
                .map(|w| {
                    new_in_window.fill(false);
                    let mut count = 0;
                    for o in inside(w) {
                        new_in_window[o.item] = !covered[o.item];
                        count += 1;
                    }
                    let new_items = new_in_window.iter().filter(|&&new| new).count();
                    ((new_items, count), w)
                })
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.start.cmp(&a.1.start)));
            let Some(((new_items, _), window)) = best else {
                break;
            };
            if new_items == 0 && !chosen.is_empty() {
                break;
            }
            for o in inside(window) {
                covered[o.item] = true;
            }
            chosen.push(window.clone());
        }
        let covered = covered.iter().filter(|&&found| found).count();
        if covered == all_items || fragments == MAX_FRAGMENTS {
            chosen.sort_by_key(|w| w.start);
            return chosen;
        }
    }
    unreachable!("the loop returns at its last fragment count")
}

/// A window of about `width` characters with the occurrence about a third of the way in,
/// starting and ending on word boundaries (`chars`: the text's characters, when found).
fn window_around(
    text: &str,
    chars: Option<&CharStarts>,
    occurrence: &Occurrence,
    width: usize,
) -> Range<usize> {
    let lead = width / 3;
    let mut start = match chars {
        Some(chars) => chars.back(occurrence.start, lead),
        None => retreat_chars(text, occurrence.start, lead),
    };
    if start > 0 {
        // Start on a word: skip the partial word the window begins in.
        start = text[start..occurrence.start]
            .char_indices()
            .find(|(_, c)| is_space(*c))
            .map_or(occurrence.start, |(i, c)| start + i + c.len_utf8());
    }
    let mut end = match chars {
        Some(chars) => chars.forward(start, width),
        None => advance_chars(text, start, width),
    }
    .max(occurrence.end);
    if end < text.len() {
        end = text[occurrence.end..end]
            .rfind(is_space)
            .map_or(end, |i| occurrence.end + i);
    }
    start..end
}

/// Where each character of a text starts, and where the text ends: a window moves by
/// characters in one step.
struct CharStarts(Vec<usize>);

impl CharStarts {
    fn of(text: &str) -> CharStarts {
        let starts = text.char_indices().map(|(at, _)| at);
        CharStarts(starts.chain([text.len()]).collect())
    }

    /// The character starting at `byte`, by its number.
    fn number(&self, byte: usize) -> usize {
        self.0.partition_point(|&at| at < byte)
    }

    /// As [`retreat_chars`].
    fn back(&self, from: usize, chars: usize) -> usize {
        let number = self.number(from).checked_sub(chars.max(1));
        number.map_or(0, |number| self.0[number])
    }

    /// As [`advance_chars`].
    fn forward(&self, from: usize, chars: usize) -> usize {
        let end = *self.0.last().expect("the end of the text");
        self.0
            .get(self.number(from) + chars)
            .copied()
            .unwrap_or(end)
    }
}

fn advance_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

fn retreat_chars(text: &str, from: usize, chars: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn assemble(text: &str, windows: &[Range<usize>], occurrences: &[Occurrence]) -> Snippet {
    let mut snippet = Snippet {
        text: String::new(),
        highlights: Vec::new(),
    };
    for (n, window) in windows.iter().enumerate() {
        let fragment = &text[window.clone()];
        let trimmed_start = window.start + (fragment.len() - fragment.trim_start().len());
        let trimmed_end = window.start + fragment.trim_end().len();
        if trimmed_start >= trimmed_end {
            continue;
        }
        if n > 0 {
            snippet.text.push(' ');
        }
        if trimmed_start > 0 {
            snippet.text.push_str(ELLIPSIS);
        }
        let base = snippet.text.len();
        snippet
            .text
            .extend(text[trimmed_start..trimmed_end].chars().map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            }));
        for occurrence in occurrences {
            if occurrence.start >= trimmed_start && occurrence.end <= trimmed_end {
                let start = base + occurrence.start - trimmed_start;
                snippet
                    .highlights
                    .push(start..start + occurrence.end - occurrence.start);
            }
        }
        if trimmed_end < text.trim_end().len() {
            snippet.text.push_str(ELLIPSIS);
        }
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_starts_move_as_walking_the_characters_does() {
        let text = "Ủy ban nhân dân tỉnh “Hà Tĩnh” – 12/3: Đảng ủy họp.";
        let chars = CharStarts::of(text);
        let boundaries = text.char_indices().map(|(at, _)| at).chain([text.len()]);
        for at in boundaries {
            for count in 0..=text.chars().count() + 1 {
                assert_eq!(
                    chars.back(at, count),
                    retreat_chars(text, at, count),
                    "{at} {count}"
                );
                assert_eq!(
                    chars.forward(at, count),
                    advance_chars(text, at, count),
                    "{at} {count}"
                );
            }
        }
    }
}
