//! Splitting text into words and codes, with byte offsets into the original text.
//!
//! A **word** is a run of letters, digits and combining marks (invisible characters such as the
//! soft hyphen or zero-width joiner may sit inside it). Words joined by a single `/`, `.`, `-`
//! (or `,` between digits) form a **code** (`45/2019/QH14`, `TP.HCM`, `Covid-19`, `2.900.000`):
//! the code is one more token, at the position of its first word, so it can be searched whole
//! while each part stays searchable alone.
//!
//! Each group also tells whether the separators before it end a phrase ([`ends_phrase`]): then
//! the analyzer leaves a position gap before it.

use super::chars::{
    ascii_class, char_class, ends_phrase, is_ignorable, phrase_break, CharClass, PhraseBreak,
};

/// Codes with more parts than this (URLs, long dotted lists) are indexed by their parts only.
pub(crate) const MAX_CODE_PARTS: usize = 8;

/// One word of a group, as byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    pub start: usize,
    pub end: usize,
}

/// Word or code connector between two words.
fn is_connector(c: char) -> bool {
    matches!(c, '/' | '.' | '-' | ',' | '\u{2010}' | '\u{2011}')
}

/// Walks a text group by group: a lone word, or the words of one code.
pub(crate) struct Segmenter<'a> {
    text: &'a str,
    offset: usize,
    phrase_ends: bool,
}

impl<'a> Segmenter<'a> {
    pub(crate) fn new(text: &'a str) -> Segmenter<'a> {
        Segmenter {
            text,
            offset: 0,
            phrase_ends: false,
        }
    }

    /// Fills `parts` with the words of the next group; returns false at the end of the text.
    pub(crate) fn next_group(&mut self, parts: &mut Vec<Part>) -> bool {
        parts.clear();
        let Some(first) = self.next_word() else {
            return false;
        };
        parts.push(first);
        while let Some(next) = self.joined_word(parts.last().expect("one part at least")) {
            parts.push(next);
        }
        true
    }

    /// Whether the separators before the group just read end a phrase (never before the first).
    pub(crate) fn phrase_ends(&self) -> bool {
        self.phrase_ends
    }

    /// Skips separators and reads the next word, noting whether the separators end a phrase.
    fn next_word(&mut self) -> Option<Part> {
        let bytes = self.text.as_bytes();
        let separators_start = self.offset;
        while let Some(&b) = bytes.get(self.offset) {
            let (class, len) = if b.is_ascii() {
                (ascii_class(b), 1)
            } else {
                let c = self.char_at(self.offset);
                (char_class(c), c.len_utf8())
            };
            match class {
                CharClass::Word => {
                    let start = self.offset;
                    let end = self.word_end(start);
                    self.offset = end;
                    if !b.is_ascii() && is_only_marks(&self.text[start..end]) {
                        continue;
                    }
                    // Most words follow one space, which ends no phrase, and separators at the
                    // start of the text follow no word. A first separator that always ends a
                    // phrase (`,` `.` a line break) spares a closer look.
                    let first = bytes[separators_start];
                    self.phrase_ends = !(first == b' ' && start == separators_start + 1)
                        && separators_start > 0
                        && ((first.is_ascii()
                            && phrase_break(char::from(first)) == PhraseBreak::Always)
                            || ends_phrase(&self.text[separators_start..start]));
                    return Some(Part { start, end });
                }
                // Spaces and punctuation end a word alike; invisible characters start none.
                CharClass::Space | CharClass::Punctuation | CharClass::Ignorable => {}
            }
            self.offset += len;
        }
        None
    }

    /// The word right after `prev` when exactly one connector joins them.
    fn joined_word(&mut self, prev: &Part) -> Option<Part> {
        let connector_at = prev.end;
        let connector = self.text[connector_at..].chars().next()?;
        if !is_connector(connector) {
            return None;
        }
        let start = connector_at + connector.len_utf8();
        let next = self.text[start..].chars().next()?;
        if char_class(next) != CharClass::Word {
            return None;
        }
        if connector == ',' {
            let before = self.text[..connector_at].chars().next_back()?;
            if !(before.is_ascii_digit() && next.is_ascii_digit()) {
                return None;
            }
        }
        let end = self.word_end(start);
        // Marks alone after a connector are no part: they would take a position with no term,
        // neither a word nor a break.
        if is_only_marks(&self.text[start..end]) {
            return None;
        }
        self.offset = end;
        Some(Part { start, end })
    }

    fn word_end(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut end = start;
        let mut ignorable_seen = false;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii() {
                if ascii_class(b) != CharClass::Word {
                    break;
                }
                end += 1;
                continue;
            }
            let c = self.char_at(end);
            match char_class(c) {
                CharClass::Word => {}
                CharClass::Ignorable => ignorable_seen = true,
                CharClass::Space | CharClass::Punctuation => break,
            }
            end += c.len_utf8();
        }
        // Invisible characters at the end are not part of the word.
        if ignorable_seen {
            while let Some(c) = self.text[start..end].chars().next_back() {
                if !is_ignorable(c) {
                    break;
                }
                end -= c.len_utf8();
            }
        }
        end
    }

    /// The character at byte `offset`, which is on a character boundary.
    fn char_at(&self, offset: usize) -> char {
        self.text[offset..]
            .chars()
            .next()
            .expect("offset on a char boundary")
    }
}

fn is_only_marks(word: &str) -> bool {
    word.chars().all(|c| {
        !c.is_ascii() && (unicode_normalization::char::is_combining_mark(c) || is_ignorable(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str) -> Vec<Vec<&str>> {
        let mut segmenter = Segmenter::new(text);
        let mut parts = Vec::new();
        let mut out = Vec::new();
        while segmenter.next_group(&mut parts) {
            out.push(parts.iter().map(|p| &text[p.start..p.end]).collect());
        }
        out
    }

    /// The text of each group, after `|` when the separators before it end a phrase.
    fn phrases(text: &str) -> String {
        let mut segmenter = Segmenter::new(text);
        let mut parts = Vec::new();
        let mut out = String::new();
        while segmenter.next_group(&mut parts) {
            let (start, end) = (parts[0].start, parts[parts.len() - 1].end);
            if !out.is_empty() {
                out.push_str(if segmenter.phrase_ends() { " | " } else { " " });
            }
            out.push_str(&text[start..end]);
        }
        out
    }

    #[test]
    fn sentence_and_clause_punctuation_ends_phrases() {
        let cases = [
            ("khỏi Đảng. Uỷ ban Kiểm tra", "khỏi Đảng | Uỷ ban Kiểm tra"),
            ("Trung ương Đảng, Uỷ viên", "Trung ương Đảng | Uỷ viên"),
            ("Vì sao? Bởi vì!", "Vì sao | Bởi vì"),
            ("nhiệm vụ; giải pháp: một", "nhiệm vụ | giải pháp | một"),
            ("chờ… rồi... đi", "chờ | rồi | đi"),
            (
                "Nghị quyết (khóa XI) về [điều] {x}",
                "Nghị quyết | khóa XI | về | điều | x",
            ),
            ("nói “Đảng” và «ủy» \"ban\"", "nói | Đảng | và | ủy | ban"),
            (
                "Hà Nội – Hải Phòng — Huế ‒ Vinh",
                "Hà Nội | Hải Phòng | Huế | Vinh",
            ),
            (
                "dòng\ndòng\r\nđoạn\u{2029}đoạn",
                "dòng | dòng | đoạn | đoạn",
            ),
            ("Tin | Thời sự • Xã hội", "Tin | Thời sự | Xã hội"),
        ];
        for (text, expected) in cases {
            assert_eq!(phrases(text), expected, "{text:?}");
        }
    }

    #[test]
    fn hyphens_end_phrases_between_spaces_only() {
        assert_eq!(
            phrases("Lao động - Thương binh và Xã hội"),
            "Lao động | Thương binh và Xã hội"
        );
        assert_eq!(phrases("2019 -- 2020"), "2019 | 2020");
        assert_eq!(phrases("âm -5 độ, vắc- xin"), "âm 5 độ | vắc xin");
        assert_eq!(phrases("Covid-19 và vắc-xin"), "Covid-19 và vắc-xin");
    }

    #[test]
    fn single_quotes_end_phrases_outside_words_only() {
        assert_eq!(phrases("các ‘ông lớn’ ấy"), "các | ông lớn | ấy");
        assert_eq!(phrases("ông O’Neill và Kơ'nia"), "ông O Neill và Kơ nia");
        assert_eq!(phrases("'Đảng' ủy"), "Đảng | ủy");
    }

    #[test]
    fn other_separators_do_not_end_phrases() {
        let text = "Đảng  ủy\t\u{a0}\u{200b}xã / huyện & 5% + #tag @ban * = _ ~ ủy\u{ad} ban";
        assert!(!phrases(text).contains('|'), "{}", phrases(text));
        assert_eq!(phrases("TP.HCM, 45/2019/QH14"), "TP.HCM | 45/2019/QH14");
        assert_eq!(phrases("TP. HCM"), "TP | HCM");
    }

    #[test]
    fn codes_group_their_words() {
        assert_eq!(
            groups("Luật 45/2019/QH14, TP.HCM và Covid-19: 2.900.000 đồng; 61,5m."),
            vec![
                vec!["Luật"],
                vec!["45", "2019", "QH14"],
                vec!["TP", "HCM"],
                vec!["và"],
                vec!["Covid", "19"],
                vec!["2", "900", "000"],
                vec!["đồng"],
                vec!["61", "5m"],
            ]
        );
    }

    #[test]
    fn a_comma_between_words_is_punctuation() {
        assert_eq!(
            groups("cán bộ,đảng viên"),
            vec![vec!["cán"], vec!["bộ"], vec!["đảng"], vec!["viên"]]
        );
    }

    #[test]
    fn leading_marks_and_invisible_edges_are_not_words() {
        assert_eq!(
            groups("\u{301} \u{200D}Đảng\u{AD} ủy"),
            vec![vec!["Đảng"], vec!["ủy"]]
        );
    }
}
