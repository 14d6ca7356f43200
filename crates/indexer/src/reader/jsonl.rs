//! JSON Lines: one article object per line.
//!
//! ```text
//! {"id": "vn-1", "title": "...", "body": "Đoạn một.\nĐoạn hai.", "summary": "...", "date": "2020-11-01"}
//! ```
//!
//! The body is the first of `text`, `body` and `content` that is present and not null. Lines are
//! streamed: a file is never held in memory, and a line longer than [`MAX_LINE_BYTES`] is skipped
//! without being buffered whole. Errors are per line; the rest of the file is still read.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead};
use std::path::Path;

use serde::de::{Deserialize, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::decode::decode_utf8;
use super::record::{Origin, RawRecord};
use super::text::{derived_title, truncate_on_char_boundary, url_host};
use super::vietnamese_date::{find_date, DateMatch};
use super::{Article, Format, Issue, IssueKind, MAX_DOCUMENT_BYTES, MAX_ID_BYTES, MAX_LINE_BYTES};

/// Reads the JSON lines of `reader`, calling `sink` with one record per non-blank line, and with
/// issues in order: invalid UTF-8 (a warning), over-long lines and read errors (rejections). A read
/// error, such as a truncated zstd stream, ends the file after every complete line before it.
pub(super) fn read_lines(
    mut reader: impl BufRead,
    path: &Path,
    origin: &Origin,
    sink: &mut dyn FnMut(Result<RawRecord, Issue>),
) {
    let mut number = 0;
    let mut non_blank = 0;
    let mut capacity = LineCapacity::default();
    loop {
        number += 1;
        let mut buffer = Vec::with_capacity(capacity.next());
        let keep = |bytes: &[u8]| buffer.extend_from_slice(bytes);
        match read_line(&mut reader, MAX_LINE_BYTES + 1, keep) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) => return sink(Err(Issue::io(path, Some(number), &error))),
        }
        let terminated = matches!(buffer.last(), Some(b'\n' | b'\r'));
        if !terminated && buffer.len() > MAX_LINE_BYTES {
            non_blank += 1;
            let message = "line longer than 16 MiB skipped";
            sink(Err(Issue::new(
                IssueKind::LineTooLong,
                path,
                Some(number),
                message,
            )));
            if let Err(error) = read_line(&mut reader, usize::MAX, |_| {}) {
                return sink(Err(Issue::io(path, Some(number), &error)));
            }
            continue;
        }
        let len = buffer.trim_ascii_end().len();
        if buffer[..len].trim_ascii_start().is_empty() {
            continue;
        }
        non_blank += 1;
        capacity.record(&mut buffer, len);
        let (text, bad_line) = decode_utf8(buffer);
        if bad_line.is_some() {
            let message = "invalid UTF-8 decoded with replacement characters";
            sink(Err(Issue::new(
                IssueKind::InvalidUtf8,
                path,
                Some(number),
                message,
            )));
        }
        let origin = origin.clone();
        let line = Some(number);
        let format = Format::JsonLine;
        sink(Ok(RawRecord {
            path: path.to_owned(),
            line,
            format,
            text,
            origin,
            unterminated: !terminated,
        }));
    }
    if non_blank == 0 {
        sink(Err(Issue::new(IssueKind::Empty, path, None, "empty file")));
    }
}

/// Sizes line buffers from recent line lengths, so that most lines are read without growing their
/// buffer, and trims waste so that records waiting in the pipeline stay small.
struct LineCapacity {
    /// A moving average of twice the line length.
    average: usize,
}

impl Default for LineCapacity {
    fn default() -> Self {
        LineCapacity { average: 4096 }
    }
}

impl LineCapacity {
    /// The capacity for the next line's buffer.
    fn next(&self) -> usize {
        self.average
    }

    /// Truncates `buffer` to the line's `len` (without its newline), frees much unused capacity,
    /// and updates the average.
    fn record(&mut self, buffer: &mut Vec<u8>, len: usize) {
        self.average = (self.average * 7 + len * 2) / 8;
        buffer.truncate(len);
        if buffer.capacity() > len + len / 4 + 64 {
            buffer.shrink_to_fit();
        }
    }
}

/// Reads the next line of `reader` up to and including its end (`\n`, `\r\n`, or a lone `\r` as in
/// old Mac files), handing its bytes to `keep` as they come; stops early after `limit` bytes
/// without a line end. Returns how many bytes were read: 0 at the end of the input.
fn read_line(
    reader: &mut impl BufRead,
    limit: usize,
    mut keep: impl FnMut(&[u8]),
) -> io::Result<usize> {
    let mut read = 0;
    // Whether the line ended with the last byte of the buffer, a `\r` that a `\n` may follow.
    let mut after_cr = false;
    loop {
        let available = match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            result => result?,
        };
        if after_cr {
            let lf = usize::from(available.first() == Some(&b'\n'));
            keep(&available[..lf]);
            reader.consume(lf);
            return Ok(read + lf);
        }
        let window = &available[..available.len().min(limit - read)];
        let Some(end) = memchr::memchr2(b'\n', b'\r', window) else {
            let n = window.len();
            keep(window);
            reader.consume(n);
            read += n;
            if n == 0 || read == limit {
                return Ok(read);
            }
            continue;
        };
        let cr = window[end] == b'\r';
        let n = end + 1 + usize::from(cr && available.get(end + 1) == Some(&b'\n'));
        after_cr = cr && n == available.len();
        keep(&available[..n]);
        reader.consume(n);
        read += n;
        if !after_cr {
            return Ok(read);
        }
    }
}

/// Parses one JSON line into an article.
pub(super) fn parse(raw: RawRecord) -> Result<(Article, Vec<Issue>), Issue> {
    let mut issues = Vec::new();
    let mut repaired = String::new();
    let record = parse_object(&raw, &mut repaired, &mut issues)?;
    let mut article = raw.empty_article();
    article.id = match record.id {
        None | Some(Value::Null) => raw.derived_id(),
        Some(Value::Str(id)) if id.trim().is_empty() => raw.derived_id(),
        Some(Value::Str(id)) => id.trim().to_owned(),
        Some(Value::Number(id)) => id,
        Some(Value::Inexact(_)) => {
            let message = "`id` must be a string or an integer, found a number with a fraction, \
                an exponent or too many digits to be kept exactly: write it as a string";
            return Err(raw.rejected(IssueKind::WrongFieldType, message));
        }
        Some(other) => {
            return Err(raw.rejected(
                IssueKind::WrongFieldType,
                format!(
                    "`id` must be a string or an integer, found {}",
                    other.kind()
                ),
            ))
        }
    };
    if article.id.len() > MAX_ID_BYTES {
        return Err(raw.rejected(
            IssueKind::IdTooLong,
            format!(
                "`id` of {} bytes (at most {MAX_ID_BYTES})",
                article.id.len()
            ),
        ));
    }
    let title = string(&raw, "title", record.title)?;
    article.body = body(&raw, record.text, record.body, record.content)?.into_owned();
    article.source = string(&raw, "source", record.source)?.map(Cow::into_owned);
    article.url = string(&raw, "url", record.url)?.map(Cow::into_owned);
    article.author = string(&raw, "author", record.author)?.map(Cow::into_owned);
    article.date = date(&raw, record.date, &mut issues)?;
    article.title = match title {
        Some(title) => title.into_owned(),
        None => article
            .body
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(derived_title)
            .unwrap_or_default(),
    };
    if article.title.is_empty() && article.body.trim().is_empty() {
        let message = "empty article (no title and no body text)";
        return Err(raw.rejected(IssueKind::NoText, message));
    }
    if truncate_on_char_boundary(&mut article.body, MAX_DOCUMENT_BYTES) {
        issues.push(raw.warning(IssueKind::Truncated, None, "body truncated to 8 MiB"));
    }
    if article.source.is_none() {
        article.source = article.url.as_deref().and_then(url_host);
    }
    Ok((article, issues))
}

/// The line as a JSON object, or a rejection saying why not.
///
/// A line that serde_json refuses is parsed again with its lone surrogate escapes replaced (see
/// [`replace_lone_surrogates`]), held in `repaired`, with a warning pushed to `issues`; if that
/// fails too, its error is reported: the line's other mistake.
fn parse_object<'a>(
    raw: &'a RawRecord,
    repaired: &'a mut String,
    issues: &mut Vec<Issue>,
) -> Result<JsonRecord<'a>, Issue> {
    let found = match raw.text.trim_start().as_bytes().first() {
        Some(b'{') | None => None,
        Some(b'[') => Some("an array"),
        Some(b'"') => Some("a string"),
        Some(b'-' | b'0'..=b'9') => Some("a number"),
        Some(b't' | b'f') => Some("a boolean"),
        Some(b'n') => Some("null"),
        Some(_) => None,
    };
    if let Some(found) = found {
        let message = format!("not a JSON object (found {found})");
        return Err(raw.rejected(IssueKind::NotAnObject, message));
    }
    let rejected = |error: serde_json::Error| {
        raw.rejected(
            IssueKind::MalformedJson,
            json_error(&error, raw.unterminated),
        )
    };
    let error = match serde_json::from_str(&raw.text) {
        Ok(record) => return Ok(record),
        Err(error) => error,
    };
    let Some(lone) = replace_lone_surrogates(&raw.text) else {
        return Err(rejected(error));
    };
    *repaired = lone.text;
    // `\ufffd` is as long as the escape it replaces: a column of the repaired line is the
    // line's own, and its error names the line's other mistake.
    let record = serde_json::from_str(repaired).map_err(rejected)?;
    let message = match lone.count {
        1 => format!("lone surrogate {} replaced by U+FFFD", lone.first),
        n => format!(
            "{n} lone surrogates replaced by U+FFFD, the first {}",
            lone.first
        ),
    };
    issues.push(raw.warning(IssueKind::LoneSurrogate, None, message));
    Ok(record)
}

/// A line with its lone surrogate escapes replaced, from [`replace_lone_surrogates`].
struct LoneSurrogates<'a> {
    /// The line with `\ufffd` in place of each.
    text: String,
    /// The first, as written (`\ud83d`).
    first: &'a str,
    /// How many there were.
    count: usize,
}

/// `line` with each lone UTF-16 surrogate escape written `\ufffd`: a leading one (`\ud83d`) not
/// followed by a trailing one (`\ude00`), or a trailing one alone. serde_json refuses them in
/// strings, as JavaScript scrapers leave them when they cut a string inside an emoji. Other
/// escapes are skipped whole, so `\\ud83d` (an escaped backslash, then `ud83d`) is left.
/// `None` when there is none.
fn replace_lone_surrogates(line: &str) -> Option<LoneSurrogates<'_>> {
    let bytes = line.as_bytes();
    let mut lone: Option<LoneSurrogates<'_>> = None;
    // Bytes of `line` before `copied` are in `lone.text`; the search for escapes resumes at `at`.
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'\\', &bytes[at..]) {
        let start = at + found;
        let is_lone = match hex_escape(bytes, start) {
            Some(0xD800..=0xDBFF)
                if matches!(hex_escape(bytes, start + 6), Some(0xDC00..=0xDFFF)) =>
            {
                at = start + 12;
                continue;
            }
            Some(0xD800..=0xDFFF) => true,
            Some(_) => false,
            None => {
                at = (start + 2).min(bytes.len());
                continue;
            }
        };
        at = start + 6;
        if is_lone {
            let lone = lone.get_or_insert_with(|| LoneSurrogates {
                text: String::with_capacity(line.len()),
                first: &line[start..at],
                count: 0,
            });
            lone.text.push_str(&line[copied..start]);
            lone.text.push_str("\\ufffd");
            lone.count += 1;
            copied = at;
        }
    }
    let mut lone = lone?;
    lone.text.push_str(&line[copied..]);
    Some(lone)
}

/// The UTF-16 code unit of the `\uXXXX` escape at `start` of `bytes`, if there is one.
fn hex_escape(bytes: &[u8], start: usize) -> Option<u16> {
    let escape = bytes.get(start..start + 6)?;
    let digits = escape.strip_prefix(b"\\u")?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// A serde_json error as a message with a column and no `line 1`.
fn json_error(error: &serde_json::Error, unterminated: bool) -> String {
    let full = error.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message);
    let column = error.column();
    match error.classify() {
        Category::Eof if unterminated => {
            format!("truncated JSON record at end of file ({message} at column {column})")
        }
        Category::Eof => format!("incomplete JSON object ({message} at column {column})"),
        _ => format!("invalid JSON at column {column}: {message}"),
    }
}

/// An optional string field, trimmed; empty strings and null are `None`.
fn string<'a>(
    raw: &RawRecord,
    name: &str,
    value: Option<Value<'a>>,
) -> Result<Option<Cow<'a, str>>, Issue> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::Str(Cow::Borrowed(s))) => Ok(Some(Cow::Borrowed(s.trim()))),
        Some(Value::Str(Cow::Owned(s))) if s.trim().len() == s.len() => Ok(Some(Cow::Owned(s))),
        Some(Value::Str(Cow::Owned(s))) => Ok(Some(Cow::Owned(s.trim().to_owned()))),
        Some(other) => Err(wrong_type(raw, name, &other)),
    }
}

/// The body: the first of `text`, `body`, `content` present and not null.
fn body<'a>(
    raw: &RawRecord,
    text: Option<Value<'a>>,
    body: Option<Value<'a>>,
    content: Option<Value<'a>>,
) -> Result<Cow<'a, str>, Issue> {
    let candidates = [("text", text), ("body", body), ("content", content)];
    let Some((name, value)) = candidates
        .into_iter()
        .find(|(_, v)| v.as_ref().is_some_and(|v| !v.is_null()))
    else {
        let message = "missing body (expected one of text, body, content)";
        return Err(raw.rejected(IssueKind::MissingBody, message));
    };
    match value {
        Some(Value::Str(s)) => Ok(s),
        Some(other) => Err(wrong_type(raw, name, &other)),
        None => unreachable!("filtered above"),
    }
}

/// The `date` field: a string or number in any form [`find_date`] knows; an invalid or
/// unrecognised date is a warning.
fn date(
    raw: &RawRecord,
    value: Option<Value<'_>>,
    issues: &mut Vec<Issue>,
) -> Result<Option<crate::Date>, Issue> {
    let text: Cow<'_, str> = match &value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Str(s)) => Cow::Borrowed(s),
        Some(Value::Number(n)) => Cow::Borrowed(n),
        Some(Value::Inexact(n)) => Cow::Owned(n.to_string()),
        Some(other) => return Err(wrong_type(raw, "date", other)),
    };
    let text = text.as_ref();
    match find_date(text) {
        DateMatch::Valid(date) => return Ok(Some(date)),
        DateMatch::Invalid => issues.push(raw.warning(
            IssueKind::InvalidDate,
            None,
            format!("invalid date {text:?} ignored"),
        )),
        DateMatch::NotFound if text.trim().is_empty() => {}
        DateMatch::NotFound => issues.push(raw.warning(
            IssueKind::UnrecognisedDate,
            None,
            format!("unrecognised date {text:?} ignored"),
        )),
    }
    Ok(None)
}

/// The rejection of a field `name` whose value is not a string.
fn wrong_type(raw: &RawRecord, name: &str, value: &Value<'_>) -> Issue {
    let message = format!("`{name}` must be a string, found {}", value.kind());
    raw.rejected(IssueKind::WrongFieldType, message)
}

/// The fields of a JSON line that articles use; others are skipped without being built.
#[derive(Default)]
struct JsonRecord<'a> {
    id: Option<Value<'a>>,
    title: Option<Value<'a>>,
    text: Option<Value<'a>>,
    body: Option<Value<'a>>,
    content: Option<Value<'a>>,
    date: Option<Value<'a>>,
    source: Option<Value<'a>>,
    url: Option<Value<'a>>,
    author: Option<Value<'a>>,
}

/// A JSON value, kept only as far as articles need: strings borrow from the line when they have
/// no escapes; arrays and objects are skipped.
enum Value<'a> {
    Str(Cow<'a, str>),
    /// An integer that fits 64 bits, in decimal.
    Number(String),
    /// Any other number (a fraction, an exponent, or an integer beyond 64 bits), which serde_json
    /// can only give as the nearest `f64`.
    Inexact(f64),
    Bool,
    Null,
    Array,
    Object,
}

impl Value<'_> {
    fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The JSON type, for messages (`found a number`).
    fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Number(_) | Value::Inexact(_) => "a number",
            Value::Bool => "a boolean",
            Value::Null => "null",
            Value::Array => "an array",
            Value::Object => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::Str(Cow::Owned(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Value::Inexact(v))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool)
    }

    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Object)
    }
}

/// An `id` value, read from its JSON text: serde_json gives the integer `-0` as the float `-0.0`,
/// which would be refused like `0.5`.
struct Id<'a>(Value<'a>);

impl<'de> Deserialize<'de> for Id<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <&RawValue>::deserialize(deserializer)?.get();
        if text == "-0" {
            return Ok(Id(Value::Number("0".to_owned())));
        }
        serde_json::from_str(text).map(Id).map_err(D::Error::custom)
    }
}

/// The keys of [`JsonRecord`], matched without allocating.
enum Key {
    Id,
    Title,
    Text,
    Body,
    Content,
    Date,
    Source,
    Url,
    Author,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(match v {
            "id" => Key::Id,
            "title" => Key::Title,
            "text" => Key::Text,
            "body" => Key::Body,
            "content" => Key::Content,
            "date" => Key::Date,
            "source" => Key::Source,
            "url" => Key::Url,
            "author" => Key::Author,
            _ => Key::Other,
        })
    }
}

impl<'de> Deserialize<'de> for JsonRecord<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = JsonRecord<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonRecord<'de>, A::Error> {
        let mut record = JsonRecord::default();
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::Id => {
                    record.id = Some(map.next_value::<Id<'de>>()?.0);
                    continue;
                }
                Key::Title => &mut record.title,
                Key::Text => &mut record.text,
                Key::Body => &mut record.body,
                Key::Content => &mut record.content,
                Key::Date => &mut record.date,
                Key::Source => &mut record.source,
                Key::Url => &mut record.url,
                Key::Author => &mut record.author,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::Severity;

    fn record(line: &str, number: usize) -> RawRecord {
        let origin = Origin::File {
            id_prefix: "tin-0badcafe".into(),
        };
        let format = Format::JsonLine;
        let text = line.to_owned();
        RawRecord {
            path: "tin.jsonl".into(),
            line: Some(number),
            format,
            text,
            origin,
            unterminated: false,
        }
    }

    fn parse_line(line: &str) -> Result<(Article, Vec<Issue>), Issue> {
        parse(record(line, 7))
    }

    #[test]
    fn reads_every_field() {
        let line = r#"{"id": "vn-1", "title": " Khởi tố vụ án ", "summary": "Tóm tắt.", "body": "Đoạn một.\nĐoạn \"hai\".", "date": "2020-03-27", "url": "https://www.baomoi.com/a.epi", "author": "Thu Hà", "extra": {"a": [1, 2]}}"#;
        let (article, issues) = parse_line(line).unwrap();
        assert!(issues.is_empty());
        assert_eq!(article.id, "vn-1");
        assert_eq!(article.title, "Khởi tố vụ án");
        assert_eq!(article.body, "Đoạn một.\nĐoạn \"hai\".");
        assert_eq!(article.date.unwrap().to_string(), "2020-03-27");
        assert_eq!(article.source.as_deref(), Some("baomoi.com"));
        assert_eq!(article.author.as_deref(), Some("Thu Hà"));
        assert_eq!(
            (article.path.as_str(), article.line),
            ("tin.jsonl", Some(7))
        );
    }

    #[test]
    fn body_field_names_ids_and_derived_titles() {
        let (a, _) = parse_line(r#"{"id": 42, "title": "T", "text": "Văn bản"}"#).unwrap();
        assert_eq!((a.id.as_str(), a.body.as_str()), ("42", "Văn bản"));
        for id in ["18446744073709551615", "-9223372036854775808"] {
            let (a, _) = parse_line(&format!(r#"{{"id": {id}, "text": "Văn bản"}}"#)).unwrap();
            assert_eq!(a.id, id);
        }
        for id in ["-0", "0", " -0 "] {
            let (a, _) = parse_line(&format!(r#"{{"id":{id}, "text": "Văn bản"}}"#)).unwrap();
            assert_eq!(a.id, "0", "{id}");
        }
        let (a, _) = parse_line(
            r#"{"title": "T", "text": null, "content": "Nội dung", "source": "VnExpress"}"#,
        )
        .unwrap();
        assert_eq!(
            (a.id.as_str(), a.body.as_str()),
            ("tin-0badcafe:7", "Nội dung")
        );
        assert_eq!(a.source.as_deref(), Some("VnExpress"));
        let (a, _) = parse_line(r#"{"body": "\n Dòng đầu tiên \nDòng hai"}"#).unwrap();
        assert_eq!(a.title, "Dòng đầu tiên");
    }

    #[test]
    fn date_forms_and_invalid_dates() {
        let cases = [
            (r#""2020-11-01""#, Some("2020-11-01")),
            (r#""20201101""#, Some("2020-11-01")),
            ("20201101", Some("2020-11-01")),
            ("20201101.0", Some("2020-11-01")),
            (r#""01/11/2020""#, Some("2020-11-01")),
            (r#""2020-11-01T08:30:00+07:00""#, Some("2020-11-01")),
            (r#""2020-11-01T20:00:00Z""#, Some("2020-11-02")),
            (r#""Chủ Nhật, Tháng Mười Một 1, 2020""#, Some("2020-11-01")),
            (r#""ngày 1 tháng 11 năm 2020""#, Some("2020-11-01")),
            (r#""2021-02-30""#, None),
            (r#""hôm qua""#, None),
        ];
        for (date, expected) in cases {
            let (a, issues) =
                parse_line(&format!(r#"{{"title": "T", "body": "B", "date": {date}}}"#)).unwrap();
            assert_eq!(a.date.map(|d| d.to_string()).as_deref(), expected, "{date}");
            assert_eq!(issues.len(), usize::from(expected.is_none()), "{date}");
            if let Some(issue) = issues.first() {
                assert_eq!(issue.severity, Severity::Warning);
                assert_eq!(issue.line, Some(7));
            }
        }
    }

    const INEXACT_ID: &str = "`id` must be a string or an integer, found a number with a \
        fraction, an exponent or too many digits to be kept exactly: write it as a string";

    #[test]
    fn rejections_name_the_line_and_the_problem() {
        let cases = [
            ("[1, 2]", "not a JSON object (found an array)"),
            ("\"chuỗi\"", "not a JSON object (found a string)"),
            ("12", "not a JSON object (found a number)"),
            (
                r#"{"title": 12, "body": "B"}"#,
                "`title` must be a string, found a number",
            ),
            (
                r#"{"title": "T", "body": ["B"]}"#,
                "`body` must be a string, found an array",
            ),
            (
                r#"{"id": true, "title": "T", "body": "B"}"#,
                "`id` must be a string or an integer, found a boolean",
            ),
            (r#"{"id": 12.5, "title": "T", "body": "B"}"#, INEXACT_ID),
            (r#"{"id": 1e3, "title": "T", "body": "B"}"#, INEXACT_ID),
            (r#"{"id": -0.0, "title": "T", "body": "B"}"#, INEXACT_ID),
            (r#"{"id": -0e0, "title": "T", "body": "B"}"#, INEXACT_ID),
            (
                r#"{"id": 18446744073709551616, "title": "T", "body": "B"}"#,
                INEXACT_ID,
            ),
            (
                r#"{"title": "T", "summary": "S"}"#,
                "missing body (expected one of text, body, content)",
            ),
            (
                r#"{"title": "", "body": " "}"#,
                "empty article (no title and no body text)",
            ),
            (
                r#"{"title": "T" "body": "B"}"#,
                "invalid JSON at column 15: expected `,` or `}`",
            ),
            (
                r#"{"title": "T", "body": "B"} x"#,
                "invalid JSON at column 29: trailing characters",
            ),
            (
                r#"{"title": "T", "body": "B"#,
                "incomplete JSON object (EOF while parsing a string at column 25)",
            ),
        ];
        for (line, message) in cases {
            let issue = parse_line(line).unwrap_err();
            assert_eq!(issue.severity, Severity::Rejected);
            assert_eq!(
                issue.to_string(),
                format!("tin.jsonl:7: {message}"),
                "{line}"
            );
        }
        let mut last = record(r#"{"title": "T", "bo"#, 9);
        last.unterminated = true;
        let issue = parse(last).unwrap_err();
        assert!(
            issue
                .message
                .starts_with("truncated JSON record at end of file"),
            "{issue}"
        );
    }

    /// The title and warnings of a line whose title is `title` (as written in JSON).
    fn with_title(title: &str) -> (String, Vec<String>) {
        let line = format!(r#"{{"title": "{title}", "body": "Quốc hội họp."}}"#);
        let (article, issues) = parse_line(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        for issue in &issues {
            assert_eq!(issue.kind, IssueKind::LoneSurrogate);
            assert_eq!(issue.severity, Severity::Warning);
        }
        let issues = issues.iter().map(ToString::to_string).collect();
        (article.title, issues)
    }

    #[test]
    fn a_lone_leading_surrogate_at_the_end_of_a_string_is_replaced() {
        let (title, issues) = with_title(r"Tin nóng \ud83d");
        assert_eq!(title, "Tin nóng \u{fffd}");
        assert_eq!(
            issues,
            [r"tin.jsonl:7: lone surrogate \ud83d replaced by U+FFFD"]
        );
    }

    #[test]
    fn a_lone_leading_surrogate_before_another_character_is_replaced() {
        let (title, issues) = with_title(r"Tin \uD83D\u0061 nóng");
        assert_eq!(title, "Tin \u{fffd}a nóng");
        assert_eq!(
            issues,
            [r"tin.jsonl:7: lone surrogate \uD83D replaced by U+FFFD"]
        );
        let (title, _) = with_title(r"\ud83d\ud83d\ude00\ud83dx");
        assert_eq!(title, "\u{fffd}😀\u{fffd}x");
    }

    #[test]
    fn a_lone_trailing_surrogate_is_replaced_and_several_are_counted() {
        let (title, issues) = with_title(r"\udc00");
        assert_eq!(title, "\u{fffd}");
        assert_eq!(
            issues,
            [r"tin.jsonl:7: lone surrogate \udc00 replaced by U+FFFD"]
        );
        let (title, issues) = with_title(r"a\ude00b\ud83dc\udfff");
        assert_eq!(title, "a\u{fffd}b\u{fffd}c\u{fffd}");
        assert_eq!(
            issues,
            [r"tin.jsonl:7: 3 lone surrogates replaced by U+FFFD, the first \ude00"]
        );
    }

    #[test]
    fn escaped_backslashes_and_valid_pairs_are_left_as_they_are() {
        // `\\ud83d` is a backslash and `ud83d`; the lone surrogate after it is still found.
        let (title, issues) = with_title(r"C:\\ud83d \\\ud83d \ud83d\ude00");
        assert_eq!(title, "C:\\ud83d \\\u{fffd} 😀");
        assert_eq!(
            issues,
            [r"tin.jsonl:7: lone surrogate \ud83d replaced by U+FFFD"]
        );
        let (title, issues) = with_title(r"Cười \ud83d\ude00 \\ud83d");
        assert_eq!((title.as_str(), issues.len()), ("Cười 😀 \\ud83d", 0));
        let text = r#"{"t": "\\ud83d \ud83d\ude00 \"\\"}"#;
        assert!(replace_lone_surrogates(text).is_none());
    }

    #[test]
    fn a_line_also_invalid_otherwise_is_rejected_for_that_mistake() {
        let cases = [
            (
                r#"{"title": "\ud83d", "body": "B",}"#,
                "invalid JSON at column 33: trailing comma",
            ),
            (
                r#"{"title": "T" "body": "B"}"#,
                "invalid JSON at column 15: expected `,` or `}`",
            ),
            (
                r#"{"title": \ud83d, "body": "B"}"#,
                "invalid JSON at column 11: expected value",
            ),
            (
                r#"{"title": "T", "body": "\ud83d"#,
                "incomplete JSON object (EOF while parsing a string at column 30)",
            ),
        ];
        for (line, message) in cases {
            let issue = parse_line(line).unwrap_err();
            assert_eq!(issue.kind, IssueKind::MalformedJson, "{line}");
            assert_eq!(issue.message, message, "{line}");
        }
    }

    #[test]
    fn over_long_body_is_truncated_with_a_warning() {
        let body = "ệ".repeat(MAX_DOCUMENT_BYTES / 3 + 5);
        let (a, issues) = parse_line(&format!(r#"{{"title": "T", "body": "{body}"}}"#)).unwrap();
        assert!(a.body.len() <= MAX_DOCUMENT_BYTES && a.body.len() > MAX_DOCUMENT_BYTES - 4);
        assert_eq!(issues[0].message, "body truncated to 8 MiB");
    }

    #[test]
    fn lines_end_at_every_kind_of_line_end_across_buffer_boundaries() {
        let input =
            "{\"title\": \"Hà Nội\"}\r{\"title\": \"Huế\"}\r\n\r{\"title\": \"Đà Nẵng\"}\n\r\n";
        for capacity in 1..=input.len() {
            let mut reader = io::BufReader::with_capacity(capacity, input.as_bytes());
            let mut lines = Vec::new();
            loop {
                let mut line = Vec::new();
                match read_line(&mut reader, usize::MAX, |b| line.extend_from_slice(b)) {
                    Ok(0) => break,
                    read => assert_eq!(read.unwrap(), line.len()),
                }
                lines.push(String::from_utf8(line).unwrap());
            }
            let expected = [
                "{\"title\": \"Hà Nội\"}\r",
                "{\"title\": \"Huế\"}\r\n",
                "\r",
                "{\"title\": \"Đà Nẵng\"}\n",
                "\r\n",
            ];
            assert_eq!(lines, expected, "buffer of {capacity} bytes");
        }
    }

    #[test]
    fn a_line_stops_at_the_limit_and_its_rest_can_be_skipped() {
        let mut reader = io::BufReader::with_capacity(3, "Quốc hội\r\nkỳ họp\r".as_bytes());
        let mut line = Vec::new();
        let read = read_line(&mut reader, 5, |b| line.extend_from_slice(b)).unwrap();
        assert_eq!((read, line.as_slice()), (5, "Quố".as_bytes()));
        assert_eq!(read_line(&mut reader, usize::MAX, |_| {}).unwrap(), 9);
        line.clear();
        read_line(&mut reader, 5, |b| line.extend_from_slice(b)).unwrap();
        assert_eq!(line, "kỳ ".as_bytes());
    }

    #[test]
    fn streams_lines_with_numbers_and_skips_blank_ones() {
        let input = "{\"title\": \"A\", \"body\": \"a\"}\r\n\n   \n{\"title\": \"B\", \"body\": \"b\"}\n{\"title\": \"C\"";
        let origin = Origin::File {
            id_prefix: "x-00000000".into(),
        };
        let mut got = Vec::new();
        read_lines(
            io::Cursor::new(input),
            Path::new("x.jsonl"),
            &origin,
            &mut |item| got.push(item),
        );
        let records: Vec<_> = got.into_iter().map(Result::unwrap).collect();
        let lines: Vec<_> = records.iter().map(|r| (r.line, r.unterminated)).collect();
        assert_eq!(lines, [(Some(1), false), (Some(4), false), (Some(5), true)]);
        assert_eq!(records[0].text, "{\"title\": \"A\", \"body\": \"a\"}");
        let results: Vec<_> = records.into_iter().map(RawRecord::parse).collect();
        assert!(results[0].is_ok() && results[1].is_ok());
        let issue = results[2].as_ref().unwrap_err();
        assert_eq!(issue.line, Some(5));
        assert!(
            issue
                .message
                .starts_with("truncated JSON record at end of file"),
            "{issue}"
        );
    }
}
