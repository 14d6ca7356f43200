//! Header text: `# key = value` lines, then the title line, then one paragraph per line.
//!
//! ```text
//! # doc_id = news_society_001
//! # url = https://dantri.com.vn/xa-hoi/....htm
//! # date = 20200918
//! Tuyến metro số 1 "tăng tốc"
//! Vào tháng 10, đoàn tàu đầu tiên cũng sẽ được chuyển về TPHCM.
//! ```
//!
//! Known keys: `doc_id` (or `id`), `url`, `date`, `title`, `source`, `author`; others (such as
//! `summary`) are ignored.

use super::record::{numbered_lines, RawRecord};
use super::text::{join_paragraphs, title_of_line, url_host};
use super::vietnamese_date::{find_date, DateMatch};
use super::{Article, Issue, IssueKind, MAX_ID_BYTES};

/// `(key, value)` of a `# key = value` line; the key is lowercase ASCII letters, digits, `_`, `-`.
pub(super) fn parse_header_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("# ")?;
    let (key, value) = rest.split_once('=')?;
    let key = key.trim();
    let valid_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && key.as_bytes()[0].is_ascii_alphabetic();
    valid_key.then(|| (key, value.trim()))
}

/// Parses a header text record.
pub(super) fn parse(raw: RawRecord) -> Result<(Article, Vec<Issue>), Issue> {
    let mut article = raw.empty_article();
    let mut issues = Vec::new();
    let mut lines = numbered_lines(&raw.text).peekable();
    while let Some((number, (key, value))) = lines
        .peek()
        .and_then(|&(n, line)| parse_header_line(line).map(|kv| (n, kv)))
    {
        apply(&raw, &mut article, &mut issues, number, key, value)?;
        lines.next();
    }
    let mut lead = None;
    if article.title.is_empty() {
        match lines.next() {
            Some((_, line)) => (article.title, lead) = title_of_line(line),
            None => {
                let message = "no article text after the header";
                return Err(raw.rejected(IssueKind::NoText, message));
            }
        }
    }
    article.body = join_paragraphs(lead.into_iter().chain(lines.map(|(_, line)| line)));
    if article.id.is_empty() {
        article.id = raw.derived_id();
    }
    if article.source.is_none() {
        article.source = article.url.as_deref().and_then(url_host);
    }
    Ok((article, issues))
}

/// Stores one header value into `article`; an id longer than [`MAX_ID_BYTES`] rejects the
/// record.
fn apply(
    raw: &RawRecord,
    article: &mut Article,
    issues: &mut Vec<Issue>,
    line: usize,
    key: &str,
    value: &str,
) -> Result<(), Issue> {
    if value.is_empty() {
        return Ok(());
    }
    let value_owned = || Some(value.to_owned());
    match key.to_ascii_lowercase().as_str() {
        "doc_id" | "id" if value.len() > MAX_ID_BYTES => {
            let message = format!("`{key}` of {} bytes (at most {MAX_ID_BYTES})", value.len());
            return Err(Issue::new(
                IssueKind::IdTooLong,
                raw.path.clone(),
                Some(line),
                message,
            ));
        }
        "doc_id" | "id" => article.id = value.to_owned(),
        "title" => article.title = value.to_owned(),
        "url" | "link" => article.url = value_owned(),
        "source" => article.source = value_owned(),
        "author" => article.author = value_owned(),
        "date" => match find_date(value) {
            DateMatch::Valid(date) => article.date = Some(date),
            DateMatch::Invalid => issues.push(raw.warning(
                IssueKind::InvalidDate,
                Some(line),
                format!("invalid date {value:?} ignored"),
            )),
            DateMatch::NotFound => {
                issues.push(raw.warning(
                    IssueKind::UnrecognisedDate,
                    Some(line),
                    format!("unrecognised date {value:?} ignored"),
                ));
            }
        },
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::{Format, Severity};

    fn parse_text(text: &str) -> Result<(Article, Vec<Issue>), Issue> {
        let raw = RawRecord::from_text("tin/news_politics_007.txt", text);
        assert_eq!(raw.format, Format::HeaderText);
        raw.parse()
    }

    #[test]
    fn reads_header_title_and_paragraphs() {
        let text = "# doc_id = news_politics_007\n# url = https://www.dantri.com.vn/xa-hoi/hop-quoc-hoi-2020.htm\n# date = 20201101\nQuốc hội thông qua nghị quyết về phòng, chống dịch\nSáng 1/11, Quốc hội biểu quyết thông qua nghị quyết.\n\nNghị quyết có hiệu lực từ ngày ký.\n";
        let (article, issues) = parse_text(text).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(article.id, "news_politics_007");
        assert_eq!(
            article.title,
            "Quốc hội thông qua nghị quyết về phòng, chống dịch"
        );
        assert_eq!(article.body, "Sáng 1/11, Quốc hội biểu quyết thông qua nghị quyết.\nNghị quyết có hiệu lực từ ngày ký.");
        assert_eq!(article.date.unwrap().to_string(), "2020-11-01");
        assert_eq!(article.source.as_deref(), Some("dantri.com.vn"));
        assert_eq!(
            article.url.as_deref(),
            Some("https://www.dantri.com.vn/xa-hoi/hop-quoc-hoi-2020.htm")
        );
    }

    #[test]
    fn header_title_source_and_date_forms() {
        let cases = [
            ("# date = 2020-11-01", "2020-11-01"),
            ("# date = 01/11/2020", "2020-11-01"),
            ("# date = ngày 1 tháng 11 năm 2020", "2020-11-01"),
            ("# date = Chủ Nhật, Tháng Mười Một 1, 2020", "2020-11-01"),
        ];
        for (date_line, expected) in cases {
            let text = format!("# title = Tiêu đề từ header\n# source = Báo Nhân Dân\n{date_line}\nĐoạn thứ nhất.\n");
            let (article, issues) = parse_text(&text).unwrap();
            assert!(issues.is_empty());
            assert_eq!(article.title, "Tiêu đề từ header");
            assert_eq!(article.body, "Đoạn thứ nhất.");
            assert_eq!(article.source.as_deref(), Some("Báo Nhân Dân"));
            assert_eq!(article.date.unwrap().to_string(), expected, "{date_line}");
            assert!(
                article.id.starts_with("news_politics_007-"),
                "{}",
                article.id
            );
        }
    }

    #[test]
    fn invalid_header_date_is_a_warning_with_its_line() {
        let (article, issues) =
            parse_text("# doc_id = x\n# date = 20210230\nTiêu đề\nThân.\n").unwrap();
        assert_eq!(article.date, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].severity, Severity::Warning);
        assert_eq!(
            issues[0].to_string(),
            "tin/news_politics_007.txt:2: invalid date \"20210230\" ignored"
        );
    }

    #[test]
    fn header_without_text_is_rejected() {
        let issue = parse_text("# doc_id = x\n# date = 20201101\n\n").unwrap_err();
        assert_eq!(
            issue.to_string(),
            "tin/news_politics_007.txt: no article text after the header"
        );
    }

    #[test]
    fn header_line_syntax() {
        assert_eq!(
            parse_header_line("# doc_id = a = b"),
            Some(("doc_id", "a = b"))
        );
        assert_eq!(
            parse_header_line("# url=https://x.vn"),
            Some(("url", "https://x.vn"))
        );
        assert_eq!(parse_header_line("# Tiêu đề = không"), None);
        assert_eq!(parse_header_line("#doc_id = x"), None);
        assert_eq!(parse_header_line("# 1 = x"), None);
    }
}
