//! Scraped web pages: boilerplate removal and metadata extraction.
//!
//! A page saved as text looks like this (blank lines between all lines):
//!
//! ```text
//! 20 C                                  ┐
//! New York                              │ page header: dropped, the date is kept
//! Thứ Ba, Tháng Chín 28, 2021           ┘
//! Thi đua làm theo lời Bác ở ...          title
//! - Advertisement -                       dropped wherever it is
//! Với việc cụ thể hóa ...                 paragraphs
//! (Nguồn: Báo Nghệ An)                    source, taken out of the body
//! Đ.V                                     author signature, taken out of the body
//! bài liên quan                         ┐
//! BÌNH LUẬN                             │ end of the article: everything from the first
//! Vui lòng nhập bình luận của bạn       │ end marker on is dropped
//! 66,540Thành viênThích                 ┘
//! ```
//!
//! Cleaning is conservative: only whole lines matching a boilerplate pattern are dropped, and the
//! page is cut at an end marker only once at least one paragraph has been seen after the title.

use super::record::{numbered_lines, RawRecord};
use super::text::{fold, title_of_line};
use super::vietnamese_date::{find_date, DateMatch};
use super::{Article, Issue, IssueKind};

/// How many non-empty lines at the top may hold the page header (weather, city, date).
const HEADER_LINES: usize = 6;

/// Boilerplate lines are short: longer lines (in bytes) are never dropped as boilerplate.
const MAX_MARKER_BYTES: usize = 80;

/// Lines that end the article: related articles and the comment box (folded).
const END_MARKERS: [&str; 10] = [
    "bài liên quan",
    "bài viết liên quan",
    "tin liên quan",
    "tin cùng chuyên mục",
    "các tin khác",
    "tin khác",
    "bình luận",
    "để lại bình luận",
    "gửi bình luận",
    "ý kiến bạn đọc",
];

/// Page widgets dropped wherever they stand alone on a line (folded).
const WIDGETS: [&str; 13] = [
    "mới nhất",
    "tin mới nhất",
    "tin mới",
    "bài mới",
    "xem nhiều nhất",
    "đọc nhiều nhất",
    "được quan tâm",
    "kết nối",
    "chia sẻ",
    "share",
    "tweet",
    "in bài viết",
    "theo dõi",
];

/// What a follower counter says after its number (`66,540Thành viênThích`), folded.
const COUNTER_WORDS: [&str; 10] = [
    "thành viên",
    "người theo dõi",
    "lượt thích",
    "thích",
    "theo dõi",
    "đăng ký",
    "fans",
    "followers",
    "subscribers",
    "like",
];

/// Beginnings of a weekday (folded).
const WEEKDAYS: [&str; 13] = [
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "chủ nhật",
    "thứ 2",
    "thứ 3",
    "thứ 4",
    "thứ 5",
    "thứ 6",
    "thứ 7",
];

/// What a line of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `- Advertisement -`.
    Advertisement,
    /// An end-of-article marker ([`END_MARKERS`]).
    End,
    /// A widget, a follower counter or a comment form prompt: dropped.
    Widget,
    /// Anything else.
    Text,
}

/// Classifies one cleaned, non-empty line.
fn kind(line: &str) -> Kind {
    if line.len() > MAX_MARKER_BYTES {
        return Kind::Text;
    }
    let key = fold(line);
    let bare = key.trim_matches(|c: char| matches!(c, '-' | '–' | ' ' | ':'));
    if bare == "advertisement" || bare == "quảng cáo" {
        Kind::Advertisement
    } else if END_MARKERS.contains(&bare) {
        Kind::End
    } else if WIDGETS.contains(&bare) || key.starts_with("vui lòng nhập") || is_counter(&key) {
        Kind::Widget
    } else {
        Kind::Text
    }
}

/// `66,540Thành viênThích`, `281Người theo dõiTheo dõi`, `1.2kFans` (folded): a number glued
/// to counter words, and nothing else. `1. Thành viên hợp danh...` is not one.
fn is_counter(key: &str) -> bool {
    let number_end = key
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '.')))
        .unwrap_or(key.len());
    let number = &key[..number_end];
    if !number.starts_with(|c: char| c.is_ascii_digit())
        || !number.ends_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let mut rest = key[number_end..]
        .strip_prefix('k')
        .unwrap_or(&key[number_end..]);
    let mut words = 0;
    while let Some(word) = COUNTER_WORDS.iter().find(|w| rest.starts_with(*w)) {
        rest = &rest[word.len()..];
        words += 1;
    }
    words > 0 && rest.is_empty()
}

/// `20 C`, `20°C`, `-3 °F`.
fn is_temperature(line: &str) -> bool {
    let Some(number) = line.strip_suffix(['C', 'F', 'c', 'f']) else {
        return false;
    };
    let number = number.trim_end().trim_end_matches('°').trim_end();
    let number = number.strip_prefix('-').unwrap_or(number);
    !number.is_empty()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// `Thứ Ba, Tháng Chín 28, 2021`: a weekday and a (possibly invalid) date.
fn is_weekday_date_line(line: &str) -> bool {
    if line.len() > MAX_MARKER_BYTES {
        return false;
    }
    let key = fold(line);
    WEEKDAYS.iter().any(|w| key.starts_with(w)) && find_date(line) != DateMatch::NotFound
}

/// Whether `text` looks like a scraped page: an advertisement marker, a weekday date line at the
/// top, or at least two distinct end-of-page markers or source lines.
pub(super) fn has_page_markers(text: &str) -> bool {
    let mut end_markers: Vec<String> = Vec::new();
    for (index, (_, line)) in numbered_lines(text).enumerate() {
        if line.len() > MAX_MARKER_BYTES {
            continue;
        }
        if index < HEADER_LINES && is_weekday_date_line(line) {
            return true;
        }
        let marker = match kind(line) {
            Kind::Advertisement => return true,
            Kind::End | Kind::Widget => fold(line),
            Kind::Text if source_line(line).is_some() => "(nguồn)".to_owned(),
            Kind::Text => continue,
        };
        if !end_markers.contains(&marker) {
            end_markers.push(marker);
        }
        if end_markers.len() >= 2 {
            return true;
        }
    }
    false
}

/// Parses a scraped page.
pub(super) fn parse(raw: RawRecord) -> Result<(Article, Vec<Issue>), Issue> {
    let lines: Vec<(usize, &str)> = numbered_lines(&raw.text).collect();
    let mut article = raw.empty_article();
    let mut issues = Vec::new();

    let (start, date_line) = page_header(&lines);
    if let Some((number, line)) = date_line {
        article.date = date_of(&raw, number, line, &mut issues);
    }
    let content: Vec<(usize, &str, Kind)> = lines[start..]
        .iter()
        .map(|&(n, line)| (n, line, kind(line)))
        .filter(|&(_, _, k)| k != Kind::Widget)
        .collect();
    let Some(title_index) = title_index(&content) else {
        let message = "no article text after removing page boilerplate";
        return Err(raw.rejected(IssueKind::NoText, message));
    };
    let lead;
    (article.title, lead) = title_of_line(content[title_index].1);

    let mut body: Vec<&str> = article_lines(&content[title_index + 1..]);
    if article.date.is_none() {
        article.date = dateline(&mut body);
    }
    body.splice(0..0, lead);
    (article.source, article.author) = signature(&mut body);
    article.body = body.join("\n");
    article.id = raw.derived_id();
    Ok((article, issues))
}

/// Where the article starts (an index into `lines`), and the page header's date line.
///
/// The header is everything up to a weekday date line among the first [`HEADER_LINES`], if all
/// lines before it are short widgets (`20 C`, `New York`); otherwise only leading temperatures.
fn page_header<'a>(lines: &[(usize, &'a str)]) -> (usize, Option<(usize, &'a str)>) {
    for (i, &(number, line)) in lines.iter().take(HEADER_LINES).enumerate() {
        if is_weekday_date_line(line) {
            if lines[..i].iter().all(|(_, l)| l.chars().count() <= 40) {
                return (i + 1, Some((number, line)));
            }
            break;
        }
    }
    (
        lines.iter().take_while(|(_, l)| is_temperature(l)).count(),
        None,
    )
}

/// The date of a header date line; an invalid one gives a warning.
fn date_of(
    raw: &RawRecord,
    number: usize,
    line: &str,
    issues: &mut Vec<Issue>,
) -> Option<crate::Date> {
    match find_date(line) {
        DateMatch::Valid(date) => Some(date),
        DateMatch::Invalid | DateMatch::NotFound => {
            issues.push(raw.warning(
                IssueKind::InvalidDate,
                Some(number),
                format!("invalid date {line:?} ignored"),
            ));
            None
        }
    }
}

/// The first substantial line (three words or more) among the first few lines, or the first line.
fn title_index(content: &[(usize, &str, Kind)]) -> Option<usize> {
    let text_lines = || {
        content
            .iter()
            .enumerate()
            .filter(|(_, &(_, _, k))| k == Kind::Text)
            .map(|(i, _)| i)
    };
    let substantial = text_lines()
        .take(5)
        .find(|&i| content[i].1.split_whitespace().count() >= 3);
    substantial.or_else(|| text_lines().next())
}

/// The article text after the title: text lines up to the first end marker that follows a
/// paragraph.
fn article_lines<'a>(after_title: &[(usize, &'a str, Kind)]) -> Vec<&'a str> {
    let mut body = Vec::new();
    let mut seen_paragraph = false;
    for &(_, line, kind) in after_title {
        match kind {
            Kind::End if seen_paragraph => break,
            Kind::Text => {
                seen_paragraph |= line.split_whitespace().count() >= 8;
                body.push(line);
            }
            Kind::End | Kind::Advertisement | Kind::Widget => {}
        }
    }
    body
}

/// A short date line right after the title (`28/09/2021 08:30`), taken out of the body.
fn dateline(body: &mut Vec<&str>) -> Option<crate::Date> {
    let first = *body.first()?;
    if first.len() > 50 || first.split_whitespace().count() > 8 {
        return None;
    }
    match find_date(first) {
        DateMatch::Valid(date) => {
            body.remove(0);
            Some(date)
        }
        DateMatch::Invalid | DateMatch::NotFound => None,
    }
}

/// The source and author lines at the end of the body, taken out of it.
fn signature(body: &mut Vec<&str>) -> (Option<String>, Option<String>) {
    let (mut source, mut author) = (None, None);
    while let Some(&last) = body.last() {
        if source.is_none() {
            if let Some(found) = source_line(last).or_else(|| theo_line(last)) {
                source = Some(found);
                body.pop();
                continue;
            }
        }
        if author.is_none() && is_author(last) {
            author = Some(last.to_owned());
            body.pop();
            continue;
        }
        break;
    }
    (source, author)
}

/// `Đ.V.`, `N.T.H.`: dotted initials of at most three letters each, at least two of them.
fn is_initials(line: &str) -> bool {
    let parts: Vec<&str> = line.split('.').filter(|p| !p.is_empty()).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() <= 3 && !p.contains(' '))
}

/// `Báo Nghệ An` from `(Nguồn: Báo Nghệ An)` or `Nguồn: Báo Nghệ An.`
fn source_line(line: &str) -> Option<String> {
    if line.len() > MAX_MARKER_BYTES * 2 {
        return None;
    }
    let inner = match line.strip_prefix('(') {
        Some(rest) => rest.strip_suffix(')')?,
        None => line,
    };
    let (label, name) = inner.split_once(':')?;
    if fold(label) != "nguồn" {
        return None;
    }
    let name = name.trim().trim_end_matches('.').trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// `Báo Nghệ An` from a closing `Theo Báo Nghệ An` or `(Theo TTXVN)`.
fn theo_line(line: &str) -> Option<String> {
    let inner = line
        .strip_prefix('(')
        .and_then(|l| l.strip_suffix(')'))
        .unwrap_or(line);
    let name = inner
        .strip_prefix("Theo ")
        .or_else(|| inner.strip_prefix("theo "))?
        .trim();
    let words = name.split_whitespace().count();
    let capitalised = name.starts_with(|c: char| c.is_uppercase());
    (capitalised && (1..=6).contains(&words) && !name.ends_with(['.', '!', '?', ':']))
        .then(|| name.to_owned())
}

/// An author signature: a short line of capitalised words or initials (`Đ.V`, `Thu Hà`,
/// `Minh Anh - Hồng Nhung`), without digits or sentence punctuation.
fn is_author(line: &str) -> bool {
    if line.chars().count() > 40
        || line.contains(|c: char| c.is_ascii_digit() || matches!(c, ':' | '(' | '"' | '“'))
    {
        return false;
    }
    if line.ends_with(['!', '?', ',', ';']) {
        return false;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() > 6 {
        return false;
    }
    if line.ends_with('.') && !is_initials(line) {
        return false;
    }
    words
        .iter()
        .all(|w| matches!(*w, "-" | "–" | "&") || w.starts_with(|c: char| c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{Format, Severity};

    /// A page in the style of the seeds, with blank lines between lines as saved from a browser.
    fn page(lines: &[&str]) -> String {
        lines.join("\n\n") + "\n"
    }

    fn parse_page(text: &str) -> (Article, Vec<Issue>) {
        let raw = RawRecord::from_text("seeds/trang.txt", text);
        assert_eq!(raw.format, Format::ScrapedPage, "{text}");
        raw.parse().unwrap()
    }

    const TITLE: &str = "Đảng bộ Khối thi đua làm theo lời Bác";
    const P1: &str = "Với việc cụ thể hóa các nội dung của Chỉ thị, Đảng bộ Khối đã có cách làm sinh động, thiết thực.";
    const P2: &str = "Đồng chí Bí thư Đảng ủy Khối cho biết: phong trào được đẩy mạnh và mang lại nhiều hiệu quả.";

    #[test]
    fn removes_each_boilerplate_kind_and_keeps_the_article() {
        let text = page(&[
            "20 C",
            "New York",
            "Thứ Ba, Tháng Chín 28, 2021",
            TITLE,
            "- Advertisement -",
            P1,
            "Quảng cáo",
            P2,
            "Đ.V",
            "- Advertisement -",
            "bài liên quan",
            "BÌNH LUẬN",
            "Vui lòng nhập bình luận của bạn\nVui lòng nhập tên của bạn ở đây",
            "kết nối",
            "66,540Thành viênThích\n281Người theo dõiTheo dõi\n21,400Người theo dõiĐăng Ký",
            "bài mới",
            "được quan tâm",
        ]);
        let (article, issues) = parse_page(&text);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(article.title, TITLE);
        assert_eq!(article.body, format!("{P1}\n{P2}"));
        assert_eq!(article.date.unwrap().to_string(), "2021-09-28");
        assert_eq!(article.author.as_deref(), Some("Đ.V"));
        assert_eq!(article.source, None);
        assert!(article.id.starts_with("trang-"), "{}", article.id);
    }

    #[test]
    fn source_line_and_trailing_widgets() {
        let text = page(&[
            "Những kinh nghiệm bước đầu...",
            P1,
            "\u{a0}",
            "Đảng bộ khối Doanh nghiệp: Bốn \"bí quyết\" trong triển khai Cuộc vận động",
            P2,
            "\u{a0}",
            "(Nguồn: Báo Nghệ An)",
            "\u{a0}",
            "Các tin khác",
            "Mới nhất",
            "Xem nhiều nhất",
        ]);
        let (article, _) = parse_page(&text);
        assert_eq!(article.title, "Những kinh nghiệm bước đầu...");
        assert_eq!(article.source.as_deref(), Some("Báo Nghệ An"));
        assert_eq!(article.author, None);
        assert_eq!(article.date, None);
        assert_eq!(
            article.body,
            format!("{P1}\nĐảng bộ khối Doanh nghiệp: Bốn \"bí quyết\" trong triển khai Cuộc vận động\n{P2}")
        );
    }

    #[test]
    fn dates_in_each_header_form() {
        let cases = [
            ("Thứ Ba, Tháng Chín 28, 2021", "2021-09-28"),
            ("Chủ Nhật, Tháng Mười Hai 5, 2021", "2021-12-05"),
            ("Thứ Sáu, Tháng 9 24, 2021", "2021-09-24"),
            ("Thứ Hai, ngày 20 tháng 11 năm 2019", "2019-11-20"),
            ("Thứ 4, 20/11/2019", "2019-11-20"),
            ("Thứ Tư, 20-11-2019", "2019-11-20"),
            ("Thứ Tư, 2019-11-20", "2019-11-20"),
        ];
        for (header, expected) in cases {
            let (article, _) = parse_page(&page(&[
                "20 C",
                "Hà Nội",
                header,
                TITLE,
                P1,
                "- Advertisement -",
            ]));
            assert_eq!(
                article.date.map(|d| d.to_string()).as_deref(),
                Some(expected),
                "{header}"
            );
            assert_eq!(article.title, TITLE);
            assert_eq!(article.body, P1);
        }
    }

    #[test]
    fn invalid_header_date_is_a_warning_with_its_line() {
        let (article, issues) =
            parse_page(&page(&["20 C", "Thứ Ba, Tháng Hai 30, 2021", TITLE, P1]));
        assert_eq!(article.date, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(issues[0].line, Some(3));
        assert!(issues[0].message.starts_with("invalid date"));
    }

    #[test]
    fn nfd_page_is_cleaned_like_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfc = page(&[
            "Thứ Ba, Tháng Chín 28, 2021",
            TITLE,
            P1,
            "Thu Hà",
            "BÌNH LUẬN",
            "Vui lòng nhập bình luận",
        ]);
        let nfd: String = nfc.nfd().collect();
        let (article, _) = parse_page(&nfd);
        assert_eq!(article.date.unwrap().to_string(), "2021-09-28");
        assert_eq!(article.body, P1.nfd().collect::<String>());
        assert_eq!(article.author, Some("Thu Hà".nfd().collect()));
    }

    #[test]
    fn end_marker_before_any_paragraph_does_not_cut() {
        let (article, _) = parse_page(&page(&[
            "- Advertisement -",
            TITLE,
            "Tin liên quan",
            P1,
            P2,
            "Bình luận",
            "Lời bình sau bài",
        ]));
        assert_eq!(article.body, format!("{P1}\n{P2}"));
    }

    #[test]
    fn author_and_source_rules() {
        for yes in ["Đ.V", "Đ.V.", "Thu Hà", "Minh Anh - Hồng Nhung", "PV"] {
            assert!(is_author(yes), "{yes}");
        }
        for no in [
            "Hết.",
            "Trân trọng cảm ơn!",
            "năm 2021",
            "Xin chào các bạn đọc",
            "Ghi chú: x",
            P1,
        ] {
            assert!(!is_author(no), "{no}");
        }
        assert_eq!(
            source_line("(Nguồn: Báo Nghệ An)").as_deref(),
            Some("Báo Nghệ An")
        );
        assert_eq!(source_line("Nguồn: TTXVN.").as_deref(), Some("TTXVN"));
        assert_eq!(
            source_line("(NGUỒN : Báo Nhân Dân)").as_deref(),
            Some("Báo Nhân Dân")
        );
        assert_eq!(source_line("Nguồn vốn: ngân sách"), None);
        assert_eq!(theo_line("Theo VnExpress").as_deref(), Some("VnExpress"));
        assert_eq!(theo_line("theo quy định của pháp luật."), None);
    }

    #[test]
    fn temperature_and_counters() {
        for yes in ["20 C", "20°C", "-3 °F", "28,5 C"] {
            assert!(is_temperature(yes), "{yes}");
        }
        for no in ["C", "20 CM", "Hà Nội"] {
            assert!(!is_temperature(no), "{no}");
        }
        assert_eq!(kind("66,540Thành viênThích"), Kind::Widget);
        assert_eq!(kind("281Người theo dõiTheo dõi"), Kind::Widget);
        assert_eq!(kind("21,400Người theo dõiĐăng Ký"), Kind::Widget);
        assert_eq!(kind("1.2kFans"), Kind::Widget);
        assert_eq!(kind("281 người bị thương"), Kind::Text);
        assert_eq!(kind("1. Thành viên hợp danh"), Kind::Text);
        assert_eq!(kind("2.Thành viên"), Kind::Text);
        assert_eq!(kind("100Thành viên Hội đồng quản trị"), Kind::Text);
    }
}
