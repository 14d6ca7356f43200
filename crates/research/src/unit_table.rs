//! The unit table of an index: how often each unit of 1 to 3 words (see [`crate::units`])
//! occurs in the bodies of the whole index, for the units occurring at least
//! [`TABLE_MIN_COUNT`] times, with the index's documents and words. Keywords against the rest of
//! the index take the reference's counts from it (the whole less the target), so that a call
//! reads and analyses the target only.
//!
//! The table is kept in the index directory ([`UNIT_TABLE_FILE`]) with the
//! [`index_version`](tracuu_query::Searcher::index_version) it was counted from. It is built
//! on the first call that needs it, and again when the index has changed since (documents
//! added, replaced or deleted, segments merged): a table of another version is never used. It
//! is written to a temporary file renamed into place, so that two processes building it at
//! once, or a build cut short, leave either no table or a whole one. When the directory cannot
//! be written to, the table built is used for the call and not kept. A process ending without
//! unwinding (Ctrl-C) would leave its temporary file behind: it calls
//! [`remove_unfinished_tables`] first. One left by a process killed outright is removed by the
//! next build in the directory once it is [`STALE_AFTER`] old.
//!
//! The file: [`MAGIC`], the format (`u32`, little endian), the index version (`u32` length and
//! UTF-8), then a zstd frame (with its checksum) of LEB128 numbers: the least count, the
//! documents, the words, the number of terms and each term (length and UTF-8; a term's id is
//! its rank), the number of units and, in increasing order of key, each key's difference from
//! the one before and its count.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rustc_hash::FxHashMap;
use tracuu_query::{DateRange, Searcher};

use crate::units::{
    count_units, read_streams, unit_ids, unit_key, word_count, UnitKey, Vocabulary, BREAK,
};
use crate::Error;

/// The file name of the unit table in an index directory.
pub const UNIT_TABLE_FILE: &str = "tracuu-units.bin";

/// The least count of a unit in the table: the counts of keywords found with at least this
/// frequency are exact.
pub const TABLE_MIN_COUNT: u64 = 5;

/// The longest unit in the table, in words.
pub const TABLE_MAX_WORDS: usize = 3;

/// How a temporary unit table file is named in the index directory: this prefix, random
/// characters, [`TEMPORARY_SUFFIX`].
pub const TEMPORARY_PREFIX: &str = ".tracuu-units-";

/// The end of a temporary unit table file's name.
pub const TEMPORARY_SUFFIX: &str = ".tmp";

/// The age past which a temporary unit table file is taken for one left by a process that
/// ended while writing it, and removed: writing a table takes seconds, and its file's
/// modification time moves as it is written.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// The first bytes of a unit table file.
const MAGIC: &[u8] = b"tracuu unit table\n";

/// The version of the file layout; a file of another one is rebuilt.
const FORMAT: u32 = 1;

/// Where the unit table a call used came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableOrigin {
    /// Read from the index directory.
    Read,
    /// Built by this call and kept in the index directory.
    Built,
    /// Built by this call but not kept: why.
    NotSaved(String),
}

/// The counts of the whole index.
pub(crate) struct UnitTable {
    /// The words of the units' keys (and those of later texts analysed with it).
    pub vocabulary: Vocabulary,
    /// Each unit occurring at least [`TABLE_MIN_COUNT`] times, and its occurrences.
    pub units: Vec<(UnitKey, u32)>,
    /// The place of each unit in `units`.
    pub slots: FxHashMap<UnitKey, u32>,
    /// Documents of the index.
    pub documents: u64,
    /// Words of their bodies.
    pub words: u64,
}

impl UnitTable {
    fn new(vocabulary: Vocabulary, units: Vec<(UnitKey, u32)>, documents: u64, words: u64) -> Self {
        let slots = units
            .iter()
            .zip(0..)
            .map(|(&(key, _), slot)| (key, slot))
            .collect();
        UnitTable {
            vocabulary,
            units,
            slots,
            documents,
            words,
        }
    }
}

/// The unit table of the index `searcher` sees, read from `dir` or built (and kept there).
///
/// # Errors
/// The index failing to read, or a table file in `dir` that is not one (named in the error).
pub(crate) fn unit_table(
    searcher: &Searcher,
    dir: &Path,
) -> Result<(UnitTable, TableOrigin), Error> {
    let path = dir.join(UNIT_TABLE_FILE);
    let version = searcher.index_version();
    match read(&path, &version) {
        Ok(Some(table)) => return Ok((table, TableOrigin::Read)),
        Ok(None) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(Error::io(&path, error)),
    }
    let table = build(searcher)?;
    let origin = match save(&table, &version, dir) {
        Ok(()) => TableOrigin::Built,
        Err(error) => TableOrigin::NotSaved(format!("{}: {error}", path.display())),
    };
    Ok((table, origin))
}

/// Counts the units of every document's body.
fn build(searcher: &Searcher) -> Result<UnitTable, Error> {
    let every = searcher.every_document(&DateRange::ALL);
    let docs = searcher.matching_documents(&every, false)?;
    let vocabulary = Vocabulary::default();
    let mut streams = read_streams(searcher, &docs, &vocabulary)?;
    let words = streams.iter().map(|s| word_count(s)).sum();
    // A unit is at most as frequent as its rarest word: words seen fewer than TABLE_MIN_COUNT
    // times become breaks, so that the units holding them are not counted at all.
    let mut word_counts = vec![0u64; vocabulary.len()];
    for &id in streams.iter().flatten().filter(|&&id| id != BREAK) {
        word_counts[id as usize] += 1;
    }
    for id in streams.iter_mut().flatten() {
        if *id != BREAK && word_counts[*id as usize] < TABLE_MIN_COUNT {
            *id = BREAK;
        }
    }
    let mut units = Vec::new();
    count_units([&streams, &[]], &(1..=TABLE_MAX_WORDS), |pass| {
        units.extend(
            pass.into_iter()
                .filter(|(_, tally)| u64::from(tally.freq[0]) >= TABLE_MIN_COUNT)
                .map(|(key, tally)| (key, tally.freq[0])),
        );
    });
    drop(streams);
    Ok(UnitTable::new(vocabulary, units, docs.len() as u64, words))
}

/// The temporary files of the tables this process is writing, and whether it may begin more.
struct Unfinished {
    files: Vec<PathBuf>,
    stopped: bool,
}

static UNFINISHED: Mutex<Unfinished> = Mutex::new(Unfinished {
    files: Vec::new(),
    stopped: false,
});

fn unfinished() -> MutexGuard<'static, Unfinished> {
    // The list stays whole whatever panicked while holding it.
    UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files of the unit tables this process is writing, and keeps it from
/// beginning another (a table built later is used, not kept): for a process about to end
/// without unwinding, as on Ctrl-C, which would leave them in their index directories. Safe
/// to call from any thread while tables are written: a file is listed under the same lock
/// that it is created under.
pub fn remove_unfinished_tables() {
    let mut unfinished = unfinished();
    unfinished.stopped = true;
    for path in unfinished.files.drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

/// Writes the table to a temporary file in `dir` and renames it into place.
fn save(table: &UnitTable, version: &str, dir: &Path) -> io::Result<()> {
    remove_stale_temporaries(dir);
    let mut temporary = tempfile::Builder::new();
    temporary.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    // Readable by whoever reads the index, as the index's own files.
    #[cfg(unix)]
    temporary.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut file = {
        let mut unfinished = unfinished();
        if unfinished.stopped {
            return Err(io::Error::other("the process is ending"));
        }
        let file = temporary.tempfile_in(dir)?;
        unfinished.files.push(file.path().to_path_buf());
        file
    };
    let path = file.path().to_path_buf();
    let saved = (|| {
        write(table, version, file.as_file_mut())?;
        file.as_file().sync_all()?;
        file.persist(dir.join(UNIT_TABLE_FILE))?;
        Ok(())
    })();
    unfinished().files.retain(|listed| *listed != path);
    saved
}

/// Removes the temporary table files in `dir` older than [`STALE_AFTER`]: those of processes
/// killed while writing them. Younger ones may be being written by another process.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = || {
            let modified = entry.metadata().ok()?.modified().ok()?;
            Some(modified.elapsed().ok()? > STALE_AFTER)
        };
        if name.starts_with(TEMPORARY_PREFIX)
            && name.ends_with(TEMPORARY_SUFFIX)
            && stale() == Some(true)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write(table: &UnitTable, version: &str, file: &mut File) -> io::Result<()> {
    // The words of the table's units only, renumbered by their rank.
    let mut ids: Vec<u32> = table
        .units
        .iter()
        .flat_map(|&(key, _)| unit_ids(key))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let rank: FxHashMap<u32, u32> = ids.iter().zip(0..).map(|(&id, r)| (id, r)).collect();
    let mut units: Vec<(UnitKey, u32)> = table
        .units
        .iter()
        .map(|&(key, count)| {
            let renumbered: Vec<u32> = unit_ids(key).map(|id| rank[&id]).collect();
            (unit_key(&renumbered), count)
        })
        .collect();
    units.sort_unstable();

    let mut out = BufWriter::new(file);
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_le_bytes())?;
    out.write_all(&(version.len() as u32).to_le_bytes())?;
    out.write_all(version.as_bytes())?;
    let mut zstd = zstd::Encoder::new(out, 3)?;
    zstd.include_checksum(true)?;
    for number in [
        TABLE_MIN_COUNT,
        table.documents,
        table.words,
        ids.len() as u64,
    ] {
        write_number(&mut zstd, number.into())?;
    }
    for &id in &ids {
        let term = table.vocabulary.term(id);
        write_number(&mut zstd, term.len() as u128)?;
        zstd.write_all(term.as_bytes())?;
    }
    write_number(&mut zstd, units.len() as u128)?;
    let mut previous = 0;
    for (key, count) in units {
        write_number(&mut zstd, key - previous)?;
        write_number(&mut zstd, count.into())?;
        previous = key;
    }
    zstd.finish()?.flush()
}

/// The table in `path` if it is of `version` (`None`: of another version or format).
fn read(path: &Path, version: &str) -> io::Result<Option<UnitTable>> {
    let bytes = std::fs::read(path)?;
    let mut header = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| not_a_table("it does not start as one"))?;
    if read_u32(&mut header)? != FORMAT {
        return Ok(None);
    }
    let length = read_u32(&mut header)? as usize;
    if header.len() < length {
        return Err(not_a_table("truncated"));
    }
    let (stored, compressed) = header.split_at(length);
    if stored != version.as_bytes() {
        return Ok(None);
    }
    let payload = zstd::decode_all(compressed).map_err(|error| not_a_table(&error.to_string()))?;
    let mut input = payload.as_slice();
    let mut number = || read_number(&mut input);
    if number()? != u128::from(TABLE_MIN_COUNT) {
        return Ok(None);
    }
    let documents = small(number()?)?;
    let words = small(number()?)?;
    let terms = small(number()?)?;
    let mut list: Vec<&str> = Vec::new();
    for _ in 0..terms {
        let len = small(read_number(&mut input)?)? as usize;
        if input.len() < len {
            return Err(not_a_table("truncated"));
        }
        let (term, rest) = input.split_at(len);
        list.push(std::str::from_utf8(term).map_err(|_| not_a_table("a term is not UTF-8"))?);
        input = rest;
    }
    let vocabulary = Vocabulary::default();
    let ids = vocabulary
        .intern(list.iter().copied())
        .map_err(|_| not_a_table("too many terms"))?;
    if ids.iter().zip(0..).any(|(&id, rank)| id != rank) {
        return Err(not_a_table("a term is listed twice"));
    }
    let count = small(read_number(&mut input)?)?;
    let mut units = Vec::with_capacity(count.min(input.len() as u64 / 2) as usize);
    let mut key: UnitKey = 0;
    for _ in 0..count {
        key = key
            .checked_add(read_number(&mut input)?)
            .ok_or_else(|| not_a_table("a key out of range"))?;
        let n = u32::try_from(read_number(&mut input)?)
            .map_err(|_| not_a_table("a count out of range"))?;
        if unit_ids(key).any(|id| u64::from(id) >= terms) {
            return Err(not_a_table("a unit of an unknown term"));
        }
        units.push((key, n));
    }
    if !input.is_empty() {
        return Err(not_a_table("more data than listed"));
    }
    Ok(Some(UnitTable::new(vocabulary, units, documents, words)))
}

fn not_a_table(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("not a unit table of tracuu ({why}); delete it to have it built again"),
    )
}

fn small(number: u128) -> io::Result<u64> {
    u64::try_from(number).map_err(|_| not_a_table("a number out of range"))
}

/// The little-endian `u32` at the start of `input`, which moves past it.
fn read_u32(input: &mut &[u8]) -> io::Result<u32> {
    let (number, rest) = input
        .split_first_chunk()
        .ok_or_else(|| not_a_table("truncated"))?;
    *input = rest;
    Ok(u32::from_le_bytes(*number))
}

/// LEB128: seven bits a byte, lowest first, the high bit set on every byte but the last.
fn write_number(out: &mut impl Write, mut number: u128) -> io::Result<()> {
    loop {
        let low = (number & 0x7f) as u8;
        number >>= 7;
        if number == 0 {
            return out.write_all(&[low]);
        }
        out.write_all(&[low | 0x80])?;
    }
}

/// The LEB128 number at the start of `input`, which moves past it.
fn read_number(input: &mut &[u8]) -> io::Result<u128> {
    let mut number = 0u128;
    for shift in (0..128).step_by(7) {
        let (&byte, rest) = input
            .split_first()
            .ok_or_else(|| not_a_table("truncated"))?;
        *input = rest;
        number |= u128::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(number);
        }
    }
    Err(not_a_table("a number out of range"))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use tracuu_indexer::{index_paths, ArticleIndex, IndexOptions};
    use tracuu_query::date_filter::parse_from_to;
    use tracuu_query::QuerySpec;

    use super::*;
    use crate::{keywords, KeynessMeasure, Keywords, KeywordsRequest, ReferenceCounts};

    /// Folders of the sample corpus (corpus/README.md: every article file, not the README).
    fn corpus(folders: &[&str]) -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        folders.iter().map(|f| root.join(f)).collect()
    }

    /// An index of `folders` in a new temporary directory.
    fn index_of(folders: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        add(dir.path(), folders);
        dir
    }

    fn add(dir: &Path, folders: &[&str]) {
        let index = ArticleIndex::open_or_create(dir).unwrap();
        index_paths(
            &index,
            &corpus(folders),
            &IndexOptions::default(),
            &mut |_| std::ops::ControlFlow::Continue(()),
        )
        .unwrap();
    }

    const ALL: [&str; 5] = ["compressed", "header", "jsonl", "plain", "scraped"];

    /// Targets: a year, a query, a source.
    fn targets() -> Vec<QuerySpec> {
        vec![
            QuerySpec::new("").dates(parse_from_to(Some("2020"), Some("2020")).unwrap()),
            QuerySpec::new("\"tham nhũng\""),
            QuerySpec::new("kinh tế"),
        ]
    }

    /// The keywords of `request` with the table, and read from the reference (the plain scan).
    fn both(searcher: &Searcher, request: &KeywordsRequest) -> (Keywords, Keywords) {
        let with = keywords(searcher, request).unwrap();
        let scanned = keywords(searcher, &request.clone().unit_table(false)).unwrap();
        assert_eq!(scanned.reference_counts, ReferenceCounts::Scanned);
        (with, scanned)
    }

    fn assert_same(with: &Keywords, scanned: &Keywords, what: &str) {
        assert_eq!(
            (
                with.target_documents,
                with.reference_documents,
                with.target_words,
                with.reference_words
            ),
            (
                scanned.target_documents,
                scanned.reference_documents,
                scanned.target_words,
                scanned.reference_words
            ),
            "{what}"
        );
        assert_eq!(with.positive, scanned.positive, "{what}");
        assert_eq!(with.negative, scanned.negative, "{what}");
    }

    #[test]
    fn keywords_from_the_table_are_those_of_reading_the_reference() {
        let dir = index_of(&ALL);
        let searcher = Searcher::open(dir.path()).unwrap();
        let mut origins = Vec::new();
        for target in targets() {
            for (words, min_freq, by) in [
                (1..=3, 5, KeynessMeasure::LogLikelihood),
                (2..=3, 5, KeynessMeasure::LogRatio),
                (1..=1, 9, KeynessMeasure::LogLikelihood),
            ] {
                let request = KeywordsRequest::new(target.clone())
                    .words(words.clone())
                    .min_freq(min_freq)
                    .by(by)
                    .limit(None);
                let (with, scanned) = both(&searcher, &request);
                let what = format!("{:?} {words:?} {min_freq}", target.query);
                assert_same(&with, &scanned, &what);
                assert!(
                    !with.positive.is_empty() && !with.negative.is_empty(),
                    "{what}"
                );
                let ReferenceCounts::Table(origin) = with.reference_counts else {
                    panic!("{what}: the table is not used");
                };
                origins.push(origin);
            }
        }
        assert_eq!(origins[0], TableOrigin::Built);
        assert!(origins[1..].iter().all(|o| *o == TableOrigin::Read));
        // Another process (a new searcher) reads it too.
        let again = keywords(
            &Searcher::open(dir.path()).unwrap(),
            &KeywordsRequest::new(targets().remove(0)),
        )
        .unwrap();
        assert_eq!(
            again.reference_counts,
            ReferenceCounts::Table(TableOrigin::Read)
        );
    }

    #[test]
    fn a_changed_index_is_counted_again() {
        let dir = index_of(&["header", "jsonl"]);
        let request = KeywordsRequest::new(targets().remove(0)).limit(None);
        let before = keywords(&Searcher::open(dir.path()).unwrap(), &request).unwrap();
        assert_eq!(
            before.reference_counts,
            ReferenceCounts::Table(TableOrigin::Built)
        );
        add(dir.path(), &["scraped", "plain", "compressed"]);
        let searcher = Searcher::open(dir.path()).unwrap();
        let (after, scanned) = both(&searcher, &request);
        assert_same(&after, &scanned, "after adding documents");
        assert_eq!(
            after.reference_counts,
            ReferenceCounts::Table(TableOrigin::Built)
        );
        assert!(after.reference_words > before.reference_words);
    }

    #[test]
    fn requests_the_table_cannot_answer_exactly_read_the_reference() {
        let dir = index_of(&ALL);
        let searcher = Searcher::open(dir.path()).unwrap();
        let target = targets().remove(0);
        for request in [
            KeywordsRequest::new(target.clone()).min_freq(TABLE_MIN_COUNT - 1),
            KeywordsRequest::new(target.clone()).reference(Some(QuerySpec::new("kinh tế"))),
            KeywordsRequest::new(target.clone()).unit_table(false),
        ] {
            let found = keywords(&searcher, &request).unwrap();
            assert_eq!(found.reference_counts, ReferenceCounts::Scanned);
        }
        assert!(!dir.path().join(UNIT_TABLE_FILE).exists());
        // An index in memory has no directory to keep a table in.
        let in_memory = Searcher::new(tracuu_testkit::index()).unwrap();
        let found = keywords(&in_memory, &KeywordsRequest::new("\"tham nhũng\"")).unwrap();
        assert_eq!(found.reference_counts, ReferenceCounts::Scanned);
    }

    /// A process killed while writing the table leaves its temporary file: it is in the way of
    /// nothing, and the next build removes it once it is old enough not to be another
    /// process's, being written.
    #[test]
    fn a_stale_temporary_file_is_removed_by_the_next_build() {
        let dir = index_of(&["header", "jsonl"]);
        let temporary = |name: &str, age: Duration| {
            let path = dir
                .path()
                .join(format!("{TEMPORARY_PREFIX}{name}{TEMPORARY_SUFFIX}"));
            let mut file = File::create(&path).unwrap();
            file.write_all(MAGIC).unwrap();
            file.set_modified(std::time::SystemTime::now() - age)
                .unwrap();
            path
        };
        let stale = temporary("killed", STALE_AFTER + Duration::from_secs(60));
        let young = temporary("writing", Duration::ZERO);
        let searcher = Searcher::open(dir.path()).unwrap();
        let (table, origin) = unit_table(&searcher, dir.path()).unwrap();
        assert_eq!(origin, TableOrigin::Built);
        assert!(!stale.exists());
        assert!(young.exists());
        let (read_back, origin) = unit_table(&searcher, dir.path()).unwrap();
        assert_eq!(origin, TableOrigin::Read);
        assert_eq!(
            (read_back.documents, read_back.words, read_back.units.len()),
            (table.documents, table.words, table.units.len())
        );
    }

    #[test]
    fn a_table_that_cannot_be_kept_is_used_once() {
        let dir = index_of(&["header", "jsonl"]);
        let searcher = Searcher::open(dir.path()).unwrap();
        let nowhere = dir.path().join("no such folder");
        let (table, origin) = unit_table(&searcher, &nowhere).unwrap();
        assert!(matches!(origin, TableOrigin::NotSaved(why) if why.contains("no such folder")));
        assert!(table.words > 0 && !table.units.is_empty());
        assert!(!dir.path().join(UNIT_TABLE_FILE).exists());
    }

    #[test]
    fn two_builds_at_once_leave_one_whole_table() {
        let dir = index_of(&["header", "jsonl"]);
        let version = Searcher::open(dir.path()).unwrap().index_version();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    let searcher = Searcher::open(dir.path()).unwrap();
                    unit_table(&searcher, dir.path()).unwrap();
                });
            }
        });
        let path = dir.path().join(UNIT_TABLE_FILE);
        let read_back = read(&path, &version).unwrap().unwrap();
        let built = build(&Searcher::open(dir.path()).unwrap()).unwrap();
        assert_eq!(
            (read_back.documents, read_back.words),
            (built.documents, built.words)
        );
        let texts = |table: &UnitTable| {
            let mut all: Vec<(String, u32)> = table
                .units
                .iter()
                .map(|&(key, n)| (table.vocabulary.text(key), n))
                .collect();
            all.sort();
            all
        };
        assert_eq!(texts(&read_back), texts(&built));
        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn a_damaged_table_is_an_error_naming_its_file() {
        let dir = index_of(&["header", "jsonl"]);
        let searcher = Searcher::open(dir.path()).unwrap();
        let request = KeywordsRequest::new(targets().remove(0));
        keywords(&searcher, &request).unwrap();
        let path = dir.path().join(UNIT_TABLE_FILE);
        let whole = std::fs::read(&path).unwrap();
        for damaged in [
            whole[..whole.len() - 20].to_vec(),
            b"not a table at all".to_vec(),
            [&whole[..whole.len() - 9], &[0xff; 9][..]].concat(),
        ] {
            std::fs::write(&path, damaged).unwrap();
            let error = keywords(&searcher, &request).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::Io);
            assert_eq!(error.path(), Some(path.as_path()));
            assert!(error.to_string().contains("delete it"), "{error}");
        }
    }
}
