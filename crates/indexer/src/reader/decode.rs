//! Turning bytes into text: decompression by magic bytes, byte-order marks, UTF-16, binary
//! detection and lossy UTF-8.

use std::io::{self, Read};

use super::issue::{io_message, CorruptStream};

/// How many decompressed bytes are looked at to detect the encoding, binary files and the format.
pub(super) const SNIFF_BYTES: usize = 8 * 1024;

/// A compression recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// The compression `head` (the first bytes of a stream) starts with.
    pub(super) fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// Wraps `reader` in a streaming decoder; decoding errors read as
    /// `truncated or corrupt zstd stream: ...`.
    pub(super) fn decoder(self, reader: Box<dyn Read>) -> io::Result<Box<dyn Read>> {
        Ok(match self {
            Compression::None => reader,
            Compression::Gzip => {
                let decoder = flate2::read::MultiGzDecoder::new(reader);
                Box::new(Labelled {
                    inner: decoder,
                    format: "gzip",
                })
            }
            Compression::Zstd => {
                let decoder = zstd::stream::read::Decoder::new(reader)?;
                Box::new(Labelled {
                    inner: decoder,
                    format: "zstd",
                })
            }
        })
    }
}

/// A decoder whose errors are [`CorruptStream`]s, so that messages say which layer failed.
struct Labelled<R> {
    inner: R,
    /// `gzip` or `zstd`.
    format: &'static str,
}

impl<R: Read> Read for Labelled<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted => e,
            kind => io::Error::new(
                kind,
                CorruptStream {
                    format: self.format,
                    reason: io_message(&e),
                },
            ),
        })
    }
}

/// The text encoding announced by a byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// UTF-8, with the length of its byte-order mark (0 or 3).
    Utf8 { bom: usize },
    /// UTF-16, little- or big-endian, after a 2-byte byte-order mark.
    Utf16 { big_endian: bool },
    /// UTF-32, after its 4-byte byte-order mark: not read (it would pass for UTF-16 with NULs
    /// between the letters).
    Utf32,
}

impl Encoding {
    /// The encoding of a stream starting with `head`.
    pub(super) fn sniff(head: &[u8]) -> Encoding {
        match head {
            [0xef, 0xbb, 0xbf, ..] => Encoding::Utf8 { bom: 3 },
            [0xff, 0xfe, 0, 0, ..] | [0, 0, 0xfe, 0xff, ..] => Encoding::Utf32,
            [0xff, 0xfe, ..] => Encoding::Utf16 { big_endian: false },
            [0xfe, 0xff, ..] => Encoding::Utf16 { big_endian: true },
            _ => Encoding::Utf8 { bom: 0 },
        }
    }
}

/// Whether `head` (the first bytes of UTF-8 text) looks binary: it contains a NUL byte.
pub(super) fn looks_binary(head: &[u8]) -> bool {
    head.contains(&0)
}

/// Reads up to `limit` bytes from `reader` (fewer only at end of stream).
pub(super) fn read_head(reader: &mut dyn Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(limit.min(SNIFF_BYTES));
    reader.take(limit as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Bytes as text: `Ok` if valid UTF-8, else lossily decoded with the 1-based line of the first
/// invalid sequence.
///
/// Valid text is checked with SIMD instructions (Vietnamese text is one third multi-byte
/// characters, which the standard library's check goes through one at a time) and copied,
/// which costs less than the standard check.
pub(super) fn decode_utf8(bytes: Vec<u8>) -> (String, Option<usize>) {
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return (text.to_owned(), None);
    }
    let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
    let line = line_ends(&bytes[..valid]) + 1;
    (String::from_utf8_lossy(&bytes).into_owned(), Some(line))
}

/// How many lines `bytes` ends: `\r\n`, `\n` and a lone `\r` each end one.
fn line_ends(bytes: &[u8]) -> usize {
    let lone_cr = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || bytes[i] == b'\r' && lone_cr(i))
        .count()
}

/// Cuts `bytes` (UTF-8) to at most `max` bytes without splitting a character.
pub(super) fn truncate_utf8(bytes: &mut Vec<u8>, max: usize) {
    if bytes.len() <= max {
        return;
    }
    let mut end = max;
    // Back off over at most three continuation bytes (0b10xx_xxxx).
    while end > 0 && max - end < 3 && (bytes[end] & 0xc0) == 0x80 {
        end -= 1;
    }
    bytes.truncate(end);
}

/// Streams UTF-16 (after its byte-order mark) as UTF-8; unpaired surrogates and a dangling odd
/// byte become U+FFFD.
pub(super) struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// An odd byte left over from the previous chunk.
    odd_byte: Option<u8>,
    /// A high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    /// Encoded UTF-8 not yet returned, from `out_pos`.
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Decodes `inner`, which must be positioned after the byte-order mark.
    pub(super) fn new(inner: R, big_endian: bool) -> Self {
        Utf16Reader {
            inner,
            big_endian,
            odd_byte: None,
            high_surrogate: None,
            out: Vec::new(),
            out_pos: 0,
            eof: false,
        }
    }

    /// Decodes the next chunk of input into `out`.
    fn refill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        self.out.clear();
        self.out_pos = 0;
        let n = loop {
            match self.inner.read(&mut chunk) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                result => break result?,
            }
        };
        if n == 0 {
            self.eof = true;
            if self.odd_byte.take().is_some() | self.high_surrogate.take().is_some() {
                self.push_char(char::REPLACEMENT_CHARACTER);
            }
            return Ok(());
        }
        let mut bytes = &chunk[..n];
        if let Some(first) = self.odd_byte.take() {
            self.push_unit([first, bytes[0]]);
            bytes = &bytes[1..];
        }
        let mut pairs = bytes.chunks_exact(2);
        for pair in &mut pairs {
            self.push_unit([pair[0], pair[1]]);
        }
        self.odd_byte = pairs.remainder().first().copied();
        Ok(())
    }

    fn push_unit(&mut self, bytes: [u8; 2]) {
        let unit = if self.big_endian {
            u16::from_be_bytes(bytes)
        } else {
            u16::from_le_bytes(bytes)
        };
        if let Some(high) = self.high_surrogate.take() {
            if (0xdc00..0xe000).contains(&unit) {
                let code =
                    0x10000 + ((u32::from(high) - 0xd800) << 10) + (u32::from(unit) - 0xdc00);
                self.push_char(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            self.push_char(char::REPLACEMENT_CHARACTER);
        }
        match unit {
            0xd800..=0xdbff => self.high_surrogate = Some(unit),
            _ => self
                .push_char(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
    }

    fn push_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if self.eof {
                return Ok(0);
            }
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let units = text.encode_utf16();
        units
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf16_decodes_in_small_reads_both_endians() {
        let text = "Quốc hội 🇻🇳 khai mạc\n".repeat(3000);
        for big_endian in [false, true] {
            let mut reader =
                Utf16Reader::new(io::Cursor::new(utf16(&text, big_endian)), big_endian);
            let mut out = Vec::new();
            let mut buf = [0u8; 7];
            loop {
                let n = reader.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
    }

    #[test]
    fn utf16_replaces_unpaired_surrogates_and_odd_bytes() {
        let mut bytes = utf16("a", false);
        bytes.extend_from_slice(&0xd800u16.to_le_bytes());
        bytes.extend_from_slice(&utf16("b", false));
        bytes.push(0x41);
        let mut out = String::new();
        Utf16Reader::new(io::Cursor::new(bytes), false)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "a\u{fffd}b\u{fffd}");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        for max in 0..12 {
            let mut bytes = "đảng ủy".as_bytes().to_vec();
            truncate_utf8(&mut bytes, max);
            assert!(bytes.len() <= max);
            assert!(std::str::from_utf8(&bytes).is_ok(), "max {max}");
        }
    }

    #[test]
    fn lossy_decoding_reports_the_first_bad_line() {
        let (text, line) = decode_utf8(b"mot\nhai\nba \xff\xfe bon\n".to_vec());
        assert_eq!(line, Some(3));
        assert!(text.contains('\u{fffd}'));
        for bytes in [&b"mot\rhai\r\nba\r\xff"[..], b"mot\r\n\rba\n\xff"] {
            assert_eq!(decode_utf8(bytes.to_vec()).1, Some(4), "{bytes:?}");
        }
        assert_eq!(
            decode_utf8("đúng".as_bytes().to_vec()),
            ("đúng".to_owned(), None)
        );
    }
}
