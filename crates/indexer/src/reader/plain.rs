//! Plain documents, such as laws: the whole text is the body.
//!
//! The title is the first non-empty line, except for Vietnamese legal documents, whose first lines
//! are a preamble (`QUỐC HỘI`, `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Số: 103/2016/QH13`...):
//! there the title is the document type line and the name below it (`LUẬT` + `BÁO CHÍ` gives
//! `LUẬT BÁO CHÍ`). The date is the first one written out among the first lines
//! (`Hà Nội, ngày 05 tháng 4 năm 2016`).

use super::record::{numbered_lines, RawRecord};
use super::text::{derived_title, fold, is_uppercase_line, join_paragraphs, lines};
use super::vietnamese_date::{find_date, DateMatch};
use super::{Article, Issue, IssueKind};

/// How many non-empty lines are searched for a legal title or a date.
const PREAMBLE_LINES: usize = 25;

/// Lines longer than this (in bytes) are not searched for a date: they are paragraphs.
const MAX_DATE_LINE_BYTES: usize = 160;

/// Document types that start the title of a legal text, folded.
const DOCUMENT_TYPES: [&str; 11] = [
    "luật",
    "bộ luật",
    "hiến pháp",
    "pháp lệnh",
    "nghị định",
    "nghị quyết",
    "quyết định",
    "thông tư",
    "chỉ thị",
    "sắc lệnh",
    "lệnh",
];

/// Parses a plain document.
pub(super) fn parse(raw: RawRecord) -> Result<(Article, Vec<Issue>), Issue> {
    let preamble: Vec<(usize, &str)> = numbered_lines(&raw.text).take(PREAMBLE_LINES).collect();
    let Some(&(_, first_line)) = preamble.first() else {
        return Err(raw.rejected(IssueKind::NoText, "no text"));
    };
    let mut article = raw.empty_article();
    let mut issues = Vec::new();
    article.title = legal_title(&preamble).unwrap_or_else(|| derived_title(first_line));
    article.date = preamble_date(&raw, &preamble, &mut issues);
    article.body = join_paragraphs(lines(&raw.text));
    article.id = raw.derived_id();
    Ok((article, issues))
}

/// `LUẬT BÁO CHÍ` from an uppercase document type line followed by an uppercase name line.
fn legal_title(preamble: &[(usize, &str)]) -> Option<String> {
    let position = preamble.iter().position(|&(_, line)| {
        line.len() <= 40 && is_uppercase_line(line) && DOCUMENT_TYPES.contains(&fold(line).as_str())
    })?;
    let kind = preamble[position].1;
    let title = match preamble.get(position + 1) {
        Some(&(_, name)) if is_uppercase_line(name) => format!("{kind} {name}"),
        _ => kind.to_owned(),
    };
    Some(derived_title(&title))
}

/// The first date among the short lines of the preamble; an invalid one gives a warning.
fn preamble_date(
    raw: &RawRecord,
    preamble: &[(usize, &str)],
    issues: &mut Vec<Issue>,
) -> Option<crate::Date> {
    for &(number, line) in preamble
        .iter()
        .filter(|(_, line)| line.len() <= MAX_DATE_LINE_BYTES)
    {
        match find_date(line) {
            DateMatch::Valid(date) => return Some(date),
            DateMatch::Invalid => {
                issues.push(raw.warning(
                    IssueKind::InvalidDate,
                    Some(number),
                    format!("invalid date in {line:?} ignored"),
                ));
                return None;
            }
            DateMatch::NotFound => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::Format;

    fn parse_text(text: &str) -> (Article, Vec<Issue>) {
        let raw = RawRecord::from_text("luat/luat-vi-du.txt", text);
        assert_eq!(raw.format, Format::PlainDocument);
        raw.parse().unwrap()
    }

    #[test]
    fn legal_preamble_gives_type_and_name_as_title() {
        let text = "QUỐC HỘI\n--------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n\nLuật số: 99/2016/QH13\n\nHà Nội, ngày 05 tháng 4 năm 2016\n\n\nLUẬT\n\nTIẾP CẬN THÔNG TIN\n\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n\nĐiều 1. Phạm vi điều chỉnh\n";
        let (article, issues) = parse_text(text);
        assert!(issues.is_empty());
        assert_eq!(article.title, "LUẬT TIẾP CẬN THÔNG TIN");
        assert_eq!(article.date.unwrap().to_string(), "2016-04-05");
        assert!(
            article.body.starts_with("QUỐC HỘI\n--------\nCỘNG HÒA"),
            "{}",
            article.body
        );
        assert!(article.body.ends_with("Điều 1. Phạm vi điều chỉnh"));
        assert!(article.id.starts_with("luat-vi-du-"), "{}", article.id);
        assert_eq!(article.source, None);
    }

    #[test]
    fn title_is_first_line_otherwise_capped() {
        let (article, _) = parse_text("\n  Quy chế làm việc của Ủy ban  \n\nĐiều 1. Nội dung.\n");
        assert_eq!(article.title, "Quy chế làm việc của Ủy ban");
        assert_eq!(article.date, None);

        let long = "chữ ".repeat(400);
        let (article, _) = parse_text(&format!("{long}\nĐoạn hai.\n"));
        assert!(article.title.chars().count() <= crate::reader::text::MAX_TITLE_CHARS);
        assert!(article.title.starts_with("chữ chữ"));
        assert!(article.body.starts_with(article.title.as_str()));
    }

    #[test]
    fn invalid_preamble_date_is_a_warning() {
        let (article, issues) =
            parse_text("NGHỊ QUYẾT\n\nHà Nội, ngày 30 tháng 2 năm 2021\n\nNội dung.\n");
        assert_eq!(article.title, "NGHỊ QUYẾT");
        assert_eq!(article.date, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].line, Some(3));
    }
}
