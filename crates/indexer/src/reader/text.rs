//! Small text helpers shared by the format parsers: line cleaning, Unicode-insensitive keys,
//! truncation, URL hosts and stable hashes.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::analysis::{char_class, CharClass};

/// Longest derived title, in characters.
pub(super) const MAX_TITLE_CHARS: usize = 300;

/// `line` without the spaces (no-break and zero-width ones included) and invisible characters
/// (BOMs, soft hyphens, joiners) around it: [`CharClass::Space`] and [`CharClass::Ignorable`].
pub(super) fn clean_line(line: &str) -> &str {
    line.trim_matches(|c| matches!(char_class(c), CharClass::Space | CharClass::Ignorable))
}

/// The lines of `text` without their ends: `\r\n`, `\n` and a lone `\r` (old Mac files) each end
/// a line. As with [`str::lines`], a line end at the very end of `text` starts no empty line.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = (!text.is_empty()).then_some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let Some(end) = current.find(['\r', '\n']) else {
            rest = None;
            return Some(current);
        };
        let next = if current[end..].starts_with("\r\n") {
            end + 2
        } else {
            end + 1
        };
        rest = Some(&current[next..]).filter(|r| !r.is_empty());
        Some(&current[..end])
    })
}

/// A matching key for a short string: NFC, lowercase, inner whitespace runs collapsed to one
/// space, so that `BÌNH LUẬN` in NFD matches `bình luận`.
pub(super) fn fold(s: &str) -> String {
    let lower = nfc(s).to_lowercase();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` in NFC, borrowed when it already is.
pub(super) fn nfc(s: &str) -> Cow<'_, str> {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// Whether every letter of `s` is uppercase and there is at least one.
pub(super) fn is_uppercase_line(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// The largest index `<= max` that is a char boundary of `s`.
pub(super) fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// Truncates `s` to at most `max` bytes on a char boundary; returns whether it was cut.
pub(super) fn truncate_on_char_boundary(s: &mut String, max: usize) -> bool {
    if s.len() <= max {
        return false;
    }
    let end = floor_char_boundary(s, max);
    s.truncate(end);
    true
}

/// A derived title: `line` trimmed and capped at [`MAX_TITLE_CHARS`], cut at a space if one is
/// near the end.
pub(super) fn derived_title(line: &str) -> String {
    let line = clean_line(line);
    match line.char_indices().nth(MAX_TITLE_CHARS) {
        None => line.to_owned(),
        Some((end, _)) => {
            let cut = &line[..end];
            let at_space = cut.rfind(' ').filter(|&i| i > end / 2).unwrap_or(end);
            clean_line(&cut[..at_space]).to_owned()
        }
    }
}

/// The title of an article's first line, as [`derived_title`], and the line itself when it is
/// longer than a title (a lead paragraph standing first), for the body to keep it whole.
pub(super) fn title_of_line(line: &str) -> (String, Option<&str>) {
    let title = derived_title(line);
    let cut = title.len() < clean_line(line).len();
    (title, cut.then_some(line))
}

/// The host of `url` without `www.`, lowercase (`https://www.dantri.com.vn/x` → `dantri.com.vn`).
pub(super) fn url_host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .split_once("://")
        .map_or(url.trim(), |(_, rest)| rest);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty() && !host.contains(char::is_whitespace)).then(|| host.to_owned())
}

/// 64-bit FNV-1a: small, stable across runs, platforms and Rust versions.
pub(super) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The first 8 hex digits of [`fnv1a`] of `bytes`.
pub(super) fn short_hash(bytes: &[u8]) -> String {
    format!("{:08x}", fnv1a(bytes) >> 32)
}

/// Joins the non-empty cleaned `lines` with `"\n"`.
pub(super) fn join_paragraphs<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut body = String::new();
    for line in lines.into_iter().map(clean_line).filter(|l| !l.is_empty()) {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(line);
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_end_ends_one_line() {
        let text = "Quốc hội\r\nkhai mạc\rkỳ họp\n\r\rthứ 10\r";
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            ["Quốc hội", "khai mạc", "kỳ họp", "", "", "thứ 10"]
        );
        for text in ["", "a", "a\n", "a\n\n", "\n", "a\r\nb", "\r\n\r\n"] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn lines_lose_spaces_and_invisible_characters_at_their_ends_only() {
        assert_eq!(
            clean_line("\u{feff}\u{200b}\t Tiêu\u{a0}đề\u{ad}mới \u{3000}\u{200d}\r"),
            "Tiêu\u{a0}đề\u{ad}mới"
        );
        assert_eq!(clean_line("“Tin”."), "“Tin”.");
        assert_eq!(clean_line("\u{2060} \u{180e}"), "");
    }
}
