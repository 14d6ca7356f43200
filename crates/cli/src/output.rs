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
    serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
    writeln!(out)
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

/// `text` with its control characters made visible (`\e`, `\n`, `\t`, `\r`, `\a`, or
/// `\u{…}`), so that a document or a path cannot move the cursor, ring the bell or rewrite the
/// terminal. For human output only: JSON and CSV keep the text as it is.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
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
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` made [`visible`], with each of `ranges` (in order, on character boundaries) wrapped in
/// `before` and `after`.
fn marked_visible(text: &str, ranges: &[Range<usize>], before: &str, after: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * (before.len() + after.len()));
    let mut at = 0;
    for range in ranges {
        out.push_str(&visible(&text[at..range.start]));
        out.push_str(before);
        out.push_str(&visible(&text[range.clone()]));
        out.push_str(after);
        at = range.end;
    }
    out.push_str(&visible(&text[at..]));
    out
}

/// Terminal styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Styling on when `colour` is true.
    pub fn new(colour: bool) -> Style {
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

    /// A snippet with its highlights coloured, or plain when colour is off.
    pub fn highlight_snippet(&self, snippet: &Snippet) -> String {
        if self.colour {
            marked_visible(&snippet.text, &snippet.highlights, "\x1b[1;31m", "\x1b[0m")
        } else {
            visible(&snippet.text).into_owned()
        }
    }

    /// A hit's title in bold, its matches also in red.
    pub fn highlight_title(&self, hit: &Hit) -> String {
        if self.colour {
            let marked = marked_visible(&hit.title, &hit.title_highlights, "\x1b[31m", "\x1b[39m");
            format!("\x1b[1m{marked}\x1b[0m")
        } else {
            visible(&hit.title).into_owned()
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
            ["id", "date", "source", "left", "match", "right", "start", "end"]
        );
    }
}
