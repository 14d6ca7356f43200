//! Shared helpers for output: records as JSON lines or CSV, colours (only when wanted), numbers
//! and text fitted to terminal columns.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use serde::de::{DeserializeOwned, Visitor};
use serde::Serialize;
use tracuu_query::{Expansion, Hit, Snippet, Spellings, Suggestion};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Writes `record` as one line of JSON.
pub fn json_line(out: &mut impl Write, record: &impl Serialize) -> io::Result<()> {
    let line = serde_json::to_string(record).map_err(io::Error::from)?;
    // Valid in JSON strings, but line ends to many readers of lines (Python's
    // `str.splitlines`, JavaScript): written escaped, the record stays on one line for all.
    if line.contains(['\u{2028}', '\u{2029}']) {
        let escaped = line
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        return writeln!(out, "{escaped}");
    }
    writeln!(out, "{line}")
}

/// Records as CSV: a header row of the record type's fields, even when no record follows, then
/// one row per record.
pub struct CsvRecords<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> CsvRecords<W> {
    /// Writes the header row of record type `T` to `out`, leaving out the fields in `omit`
    /// (those its records skip).
    pub fn new<T: DeserializeOwned>(out: W, omit: &[&str]) -> io::Result<CsvRecords<W>> {
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        let header = field_names::<T>().iter().filter(|f| !omit.contains(f));
        csv.write_record(header).map_err(csv_io)?;
        Ok(CsvRecords { csv })
    }

    /// Writes one record as a row.
    pub fn write(&mut self, record: &impl Serialize) -> io::Result<()> {
        self.csv.serialize(record).map_err(csv_io)
    }

    /// Flushes the rows written.
    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()
    }
}

/// Writes `records` of type `R` as JSON lines, or as CSV with a header row when `csv`.
pub fn write_records<R: Serialize + DeserializeOwned>(
    out: &mut impl Write,
    records: impl IntoIterator<Item = impl std::borrow::Borrow<R>>,
    csv: bool,
) -> io::Result<()> {
    if !csv {
        for record in records {
            json_line(out, record.borrow())?;
        }
        return Ok(());
    }
    let mut rows = CsvRecords::new::<R>(out, &[])?;
    for record in records {
        rows.write(record.borrow())?;
    }
    rows.finish()
}

/// The field names of a record type, as its derived `Deserialize` lists them (serialised names,
/// in order): the header of a CSV output, which the `csv` crate writes only with a first record.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    /// A deserializer that only notes the fields a struct asks for.
    struct FieldNames<'a>(&'a mut &'static [&'static str]);

    impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
        type Error = serde::de::value::Error;

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("only the field names are read"))
        }

        fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("a record is a struct"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }

    let mut fields: &'static [&'static str] = &[];
    // Always an error: the deserializer stops once it has the names.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// The I/O error inside a CSV error (so a closed pipe is recognised as one), or the error.
fn csv_io(error: csv::Error) -> io::Error {
    if error.is_io_error() {
        if let csv::ErrorKind::Io(io) = error.into_kind() {
            return io;
        }
        unreachable!("checked to be an I/O error");
    }
    io::Error::other(error)
}

/// Formats a byte count per second as MB/s.
pub fn megabytes_per_second(bytes: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        0.0
    }
}

/// `one` or `many`, as `n` asks.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n` with thousands separators and the noun that agrees with it: `1 document`,
/// `2,653 documents`.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `text` in lines of at most `width` columns (one line when `None`), broken between words.
pub fn wrapped(text: &str, width: Option<usize>) -> Vec<&str> {
    match width {
        Some(width) => wrap(text, &[], width)
            .into_iter()
            .map(|line| &text[line])
            .collect(),
        None => vec![text],
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` with its control characters and bidirectional overrides made visible (`\e`, `\n`,
/// `\t`, `\r`, `\a`, or `\u{…}`), so that a document or a path cannot move the cursor, ring
/// the bell, rewrite the terminal or reverse the text around it. For human output only: JSON
/// and CSV keep the text as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\x1b' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether [`visible`] shows `c` escaped: a control character, or a bidirectional embedding,
/// override or isolate (U+202A–U+202E, U+2066–U+2069), which reorders the text after it.
fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text[within]` made [`visible`], with each of `ranges` (in order, on character boundaries;
/// clipped to `within`) wrapped in `before` and `after`.
fn marked_visible(
    text: &str,
    within: Range<usize>,
    ranges: &[Range<usize>],
    before: &str,
    after: &str,
) -> String {
    let mut out = String::with_capacity(within.len() + ranges.len() * (before.len() + after.len()));
    let mut at = within.start;
    for range in ranges {
        let (start, end) = (range.start.max(at), range.end.min(within.end));
        if start >= end {
            continue;
        }
        out.push_str(&visible(&text[at..start]));
        out.push_str(before);
        out.push_str(&visible(&text[start..end]));
        out.push_str(after);
        at = end;
    }
    out.push_str(&visible(&text[at..within.end]));
    out
}

/// Byte ranges of the lines `text` wraps into at `width` columns (as [`visible`] shows it).
/// Lines break only at white space (not a no-break space) outside `marks` (in order), so neither
/// a word nor a match
/// is split, unless it is wider than `width` on its own: such a match breaks at its spaces,
/// such a word anywhere. The white space at a break is dropped.
pub fn wrap(text: &str, marks: &[Range<usize>], width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let shown_width = |range: Range<usize>| visible(&text[range]).width();
    let mut unbreakable = marks
        .iter()
        .filter(|m| shown_width((*m).clone()) <= width)
        .peekable();
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        while unbreakable.peek().is_some_and(|m| m.end <= i) {
            unbreakable.next();
        }
        let in_mark = unbreakable.peek().is_some_and(|m| m.start <= i);
        let breaks = c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}');
        match (breaks && !in_mark, word_start) {
            (true, Some(start)) => {
                words.push(start..i);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    words.extend(word_start.map(|start| start..text.len()));
    let mut lines = Vec::new();
    let mut line: Option<Range<usize>> = None;
    for word in words.into_iter().flat_map(|w| split_wide(text, w, width)) {
        line = Some(match line {
            Some(current) if shown_width(current.start..word.end) <= width => {
                current.start..word.end
            }
            Some(current) => {
                lines.push(current);
                word
            }
            None => word,
        });
    }
    lines.extend(line);
    lines
}

/// `word` in pieces of at most `width` columns (itself when it fits).
fn split_wide(text: &str, word: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let (mut start, mut used) = (word.start, 0);
    for (i, c) in text[word.clone()].char_indices() {
        let at = word.start + i;
        let columns = visible(&text[at..at + c.len_utf8()]).width();
        if used + columns > width && at > start {
            pieces.push(start..at);
            (start, used) = (at, 0);
        }
        used += columns;
    }
    pieces.push(start..word.end);
    pieces
}

/// How human output is shown: colours, width, and what goes to stderr.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// Colours or none.
    pub style: Style,
    /// Columns human output fits in; `None` for no limit (stdout is not a terminal).
    pub width: Option<usize>,
    /// Only errors on stderr.
    pub quiet: bool,
    /// Every warning, not the first few of each kind.
    pub verbose: bool,
}

impl Term {
    /// Writes a note (a count, a hint, a warning) on stderr, wrapped to the width, unless
    /// quiet.
    pub fn note(&self, text: impl std::fmt::Display) {
        if self.quiet {
            return;
        }
        let text = text.to_string();
        match self.width {
            Some(width) => {
                for line in wrap(&text, &[], width) {
                    eprintln!("{}", &text[line]);
                }
            }
            None => eprintln!("{text}"),
        }
    }
}

/// Terminal styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Styling on when `colour` is true.
    pub const fn new(colour: bool) -> Style {
        Style { colour }
    }

    /// `text`, made [`visible`], in the style of `code`.
    fn wrap(&self, text: &str, code: &str) -> String {
        let text = visible(text);
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.into_owned()
        }
    }

    /// Bold text.
    pub fn bold(&self, text: &str) -> String {
        self.wrap(text, "1")
    }

    /// Dimmed text.
    pub fn dim(&self, text: &str) -> String {
        self.wrap(text, "2")
    }

    /// A match, in bold red.
    pub fn highlight(&self, text: &str) -> String {
        self.wrap(text, "1;31")
    }

    /// A snippet's lines at `width` columns (one line when `None`), its highlights coloured.
    pub fn highlight_snippet(&self, snippet: &Snippet, width: Option<usize>) -> Vec<String> {
        let (text, marks) = (&snippet.text, &snippet.highlights);
        let whole = std::iter::once(0..text.len());
        let lines: Vec<Range<usize>> = match width {
            Some(width) => wrap(text, marks, width),
            None => whole.collect(),
        };
        lines
            .into_iter()
            .map(|line| self.marked(text, line, marks, "\x1b[1;31m", "\x1b[0m"))
            .collect()
    }

    /// A hit's title in bold, its matches also in red, cut at a word with `…` to fit `width`.
    pub fn highlight_title(&self, hit: &Hit, width: Option<usize>) -> String {
        let (text, marks) = (&hit.title, &hit.title_highlights);
        let mut shown = 0..text.len();
        let mut cut = false;
        if let Some(width) = width {
            if visible(text).width() > width {
                shown = wrap(text, marks, width.saturating_sub(1))
                    .first()
                    .cloned()
                    .unwrap_or(0..0);
                cut = true;
            }
        }
        let mut title = self.marked(text, shown, marks, "\x1b[31m", "\x1b[39m");
        if cut {
            title.push('…');
        }
        if self.colour {
            format!("\x1b[1m{title}\x1b[0m")
        } else {
            title
        }
    }

    fn marked(
        &self,
        text: &str,
        within: Range<usize>,
        marks: &[Range<usize>],
        before: &str,
        after: &str,
    ) -> String {
        if self.colour {
            marked_visible(text, within, marks, before, after)
        } else {
            visible(&text[within]).into_owned()
        }
    }
}

/// `text`, made [`visible`], padded or cut (with `…`) to exactly `width` columns.
pub fn fit(text: &str, width: usize) -> String {
    let text = &*visible(text);
    let cut = if text.width() <= width {
        text.to_string()
    } else {
        keep_start(text, width)
    };
    let pad = width.saturating_sub(cut.width());
    cut + &" ".repeat(pad)
}

/// The end of `text`, made [`visible`], that fits in `width` columns, with `…` when cut.
pub fn keep_end(text: &str, width: usize) -> String {
    let text = &*visible(text);
    if text.width() <= width {
        return text.to_string();
    }
    let mut used = 1;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        start = i;
    }
    format!("…{}", &text[start..])
}

/// The start of `text`, made [`visible`], that fits in `width` columns, with `…` when cut.
pub fn keep_start(text: &str, width: usize) -> String {
    let text = &*visible(text);
    if text.width() <= width {
        return text.to_string();
    }
    let mut used = 1;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", &text[..end])
}

/// `counted as “tham nhũng”; other spellings: thăm những 39 · thâm nhung 2 · every spelling: 41
/// documents (--any-spelling)`.
pub fn spellings_note(spellings: &Spellings) -> String {
    let mut note = format!("counted as “{}”", spellings.reading);
    if !spellings.others.is_empty() {
        let others: Vec<String> = spellings
            .others
            .iter()
            .map(|s| format!("{} {}", s.text, thousands(s.documents as u64)))
            .collect();
        note.push_str(&format!("; other spellings: {}", others.join(" · ")));
    }
    note.push_str(&format!(
        "; every spelling: {} (--any-spelling)",
        thousands(spellings.any_spelling as u64)
    ));
    note
}

/// What a member of a synonym group typed in the query also matched: `UBND — also: Ủy ban nhân
/// dân`, or why it matched only itself.
pub fn expansion_note(expansion: &Expansion) -> String {
    let typed = visible(&expansion.typed);
    let senses = expansion.senses.join(" | ");
    match (expansion.also.is_empty(), expansion.senses.is_empty()) {
        (false, true) => format!("{typed} — also: {}", expansion.also.join(" · ")),
        (false, false) => format!(
            "{typed} — also: {} (ambiguous: {senses}; the query and the index support this one)",
            expansion.also.join(" · ")
        ),
        (true, _) => {
            format!("{typed} — ambiguous ({senses}): matched as typed only; type the meaning meant")
        }
    }
}

/// `did you mean “quốc hội”? (1,234 documents)`
pub fn suggestion_note(suggestion: &Suggestion) -> String {
    format!(
        "did you mean “{}”? ({} document{})",
        visible(&suggestion.text),
        thousands(suggestion.documents as u64),
        if suggestion.documents == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(counted(1, "document", "documents"), "1 document");
        assert_eq!(counted(0, "document", "documents"), "0 documents");
        assert_eq!(counted(2653, "document", "documents"), "2,653 documents");
    }

    #[test]
    fn fits_text_to_columns() {
        assert_eq!(fit("tham nhũng", 12), "tham nhũng  ");
        assert_eq!(fit("tham nhũng", 6).width(), 6);
        assert!(fit("tham nhũng", 6).ends_with('…'));
        assert_eq!(keep_end("phòng, chống", 20), "phòng, chống");
        assert_eq!(keep_end("phòng, chống", 6), "…chống");
        assert_eq!(keep_start("được đẩy mạnh", 5), "được…");
        assert_eq!(keep_end("", 3), "");
    }

    /// The lines of `text` wrapped at `width` with `marks`.
    fn wrapped<'a>(text: &'a str, marks: &[Range<usize>], width: usize) -> Vec<&'a str> {
        wrap(text, marks, width)
            .into_iter()
            .map(|line| &text[line])
            .collect()
    }

    #[test]
    fn wraps_between_words_never_inside_a_match() {
        let text = "Ban Thường vụ Đảng ủy xã Thạch Ngọc họp";
        assert_eq!(
            wrapped(text, &[], 12),
            ["Ban Thường", "vụ Đảng ủy", "xã Thạch", "Ngọc họp"]
        );
        let match_at = text.find("Đảng ủy").unwrap();
        let mark = match_at..match_at + "Đảng ủy".len();
        assert_eq!(
            wrapped(text, &[mark], 9),
            ["Ban", "Thường vụ", "Đảng ủy", "xã Thạch", "Ngọc họp"]
        );
        // A no-break space joins; a word wider than the width is split as a last resort.
        assert_eq!(wrapped("TP.\u{a0}HCM ok", &[], 8), ["TP.\u{a0}HCM", "ok"]);
        assert_eq!(wrapped("abcdefghij", &[], 4), ["abcd", "efgh", "ij"]);
        assert!(wrapped("", &[], 10).is_empty());
    }

    #[test]
    fn csv_headers_come_from_the_record_type() {
        let mut out = Vec::new();
        CsvRecords::new::<tracuu_research::ExportedDoc>(&mut out, &["text"])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,title,date,source,url,path\n"
        );
        assert_eq!(
            field_names::<tracuu_research::KwicLine>(),
            [
                "id",
                "date",
                "source",
                "left",
                "match",
                "right",
                "start",
                "end",
                "space_before",
                "space_after"
            ]
        );
    }
}
