//! Opening a tracuu index and writing articles into it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use tantivy::directory::error::{LockError, OpenDirectoryError};
use tantivy::schema::Schema;
use tantivy::{doc, IndexWriter, TantivyDocument, Term};
use unicode_normalization::UnicodeNormalization;

use crate::analysis;
use crate::definitions::{definitions, MAX_PER_DOCUMENT};
use crate::directory::IndexDirectory;
use crate::error::Error;
use crate::fingerprint::record_hash;
use crate::read_only::{self, ReadOnlyDirectory};
use crate::reader::Article;
use crate::schema::{build_schema, Fields};
use crate::story::{new_story_id, MemberSlot, Signature, StoryTable, DEFAULT_THRESHOLD};
use crate::writer_lock::WriterLock;

/// Name of the file, beside tantivy's, where tracuu notes when the index was last committed.
const UPDATED_FILE: &str = "tracuu-updated";

/// The version of the index format this tracuu writes and reads. Format 2 leaves a position gap
/// where punctuation ends a phrase (see [`analysis`](crate::analysis#positions)); indexes built
/// before it record no version and are format 1. Format 4 indexes the abbreviations each
/// document defines (see [`crate::definitions`]) and every publication, exact copies included,
/// grouped into stories (see [`crate::story`]). Format 5 indexes only the normalised term of
/// each word of title and body, no accent-free twin (accent-free queries expand through the
/// term dictionary). Format 6 reads `Ð` and `ð`, the eth some web text writes for `Đ` and `đ`,
/// as those letters. Format 7 computes story signatures another way: words hashed
/// without xxh3, 8 bits per bucket instead of 16 (see [`crate::story::Signature`]). Format 8
/// indexed a break term at each position gap; format 9 indexes the word after the gap a second
/// time, marked with [`BREAK_MARK`](crate::analysis::BREAK_MARK).
///
/// Every commit records the format in its payload (tantivy keeps it in `meta.json` and merges
/// carry it over), so a commit by an older tracuu, which records none, marks the index outdated.
pub const INDEX_FORMAT: u32 = 9;

/// The key of the format in the commit payload, a JSON object.
const FORMAT_KEY: &str = "tracuu_format";

/// A tracuu index: a tantivy index with the tracuu schema and tokenizers registered.
#[derive(Clone)]
pub struct ArticleIndex {
    index: tantivy::Index,
    fields: Fields,
    dir: Option<PathBuf>,
}

impl ArticleIndex {
    /// Opens the index in `dir`, creating it (and the directory) when there is none.
    ///
    /// # Errors
    /// As [`open`](Self::open); and [`ErrorKind::Damaged`](crate::ErrorKind::Damaged) for a
    /// directory that holds an index's files but no `meta.json`: creating an index there would
    /// delete them, so it is left as it is.
    pub fn open_or_create(dir: &Path) -> Result<ArticleIndex, Error> {
        if dir.join("meta.json").exists() {
            return ArticleIndex::open(dir);
        }
        if dir.join(".managed.json").exists() {
            let why = "meta.json is missing, but the index's files are there (left untouched)";
            return Err(Error::damaged(Some(dir), why));
        }
        ArticleIndex::create(dir)
    }

    /// Creates an index in `dir` (and the directory).
    fn create(dir: &Path) -> Result<ArticleIndex, Error> {
        if dir.exists() && !dir.is_dir() {
            let source = std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a directory: an index is a directory",
            );
            return Err(Error::io(dir, source));
        }
        std::fs::create_dir_all(dir).map_err(|source| Error::io(dir, source))?;
        let (schema, fields) = build_schema();
        let index = IndexDirectory::open(dir)
            .and_then(|directory| tantivy::Index::create(directory, schema, settings()))
            .map_err(|e| damaged(dir, &e))?;
        Ok(ArticleIndex::with(index, fields, Some(dir)))
    }

    /// Opens an existing index.
    ///
    /// # Errors
    /// [`ErrorKind::NotFound`] when `dir` holds no index, [`ErrorKind::Damaged`] when its
    /// files cannot be read or were not written by tracuu, [`ErrorKind::Outdated`] when an older
    /// tracuu built it (see [`INDEX_FORMAT`]).
    ///
    /// [`ErrorKind::NotFound`]: crate::ErrorKind::NotFound
    /// [`ErrorKind::Damaged`]: crate::ErrorKind::Damaged
    /// [`ErrorKind::Outdated`]: crate::ErrorKind::Outdated
    pub fn open(dir: &Path) -> Result<ArticleIndex, Error> {
        if !dir.join("meta.json").exists() {
            return Err(Error::not_found(dir));
        }
        // An index that cannot be written (a read-only mount, another user's files) is
        // opened read-only: searching it needs no lock file.
        let opened = if read_only::cannot_be_written(dir) {
            ReadOnlyDirectory::open(dir).and_then(tantivy::Index::open)
        } else {
            IndexDirectory::open(dir).and_then(tantivy::Index::open)
        };
        let index = opened.map_err(|e| match e {
            tantivy::TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(_)) => {
                Error::not_found(dir)
            }
            other => damaged(dir, &other),
        })?;
        // The format first: an older tracuu's index has an older schema.
        check_format(&index, Some(dir))?;
        let fields =
            Fields::from_schema(&index.schema()).map_err(|why| {
                match older_tracuu_format(&index) {
                    Some(found) => Error::outdated(Some(dir), found),
                    None => Error::damaged(Some(dir), why),
                }
            })?;
        let index = ArticleIndex::with(index, fields, Some(dir));
        index.validate()?;
        Ok(index)
    }

    /// Opens the index in `dir` for `tracuu index --rebuild`: like [`open_or_create`], but an
    /// index whose segment files are missing or damaged is opened anyway (every document is about
    /// to be removed), and one whose `meta.json` cannot be read is created anew when the directory
    /// holds tantivy's `.managed.json` (so the old segment files are removed at the first commit).
    /// An index built by an older tracuu is opened too: its first commit records [`INDEX_FORMAT`];
    /// when its schema is an older one, it is created anew at once (it could not be read anyway).
    ///
    /// An index with another schema and no older format is still refused: it is not a tracuu
    /// index to overwrite.
    ///
    /// [`open_or_create`]: Self::open_or_create
    pub fn open_for_rebuild(dir: &Path) -> Result<ArticleIndex, Error> {
        if !dir.join("meta.json").exists() {
            return ArticleIndex::create(dir);
        }
        let index = match IndexDirectory::open(dir).and_then(tantivy::Index::open) {
            Ok(index) => index,
            Err(tantivy::TantivyError::DataCorruption(_)) if dir.join(".managed.json").exists() => {
                let meta = dir.join("meta.json");
                std::fs::remove_file(&meta).map_err(|source| Error::io(&meta, source))?;
                return ArticleIndex::create(dir);
            }
            Err(other) => return Err(damaged(dir, &other)),
        };
        let fields = match Fields::from_schema(&index.schema()) {
            Ok(fields) => fields,
            // An older tracuu's schema, without the fields added since: built anew (the old
            // segment files are removed at the first commit).
            Err(_) if older_tracuu_format(&index).is_some() => {
                let meta = dir.join("meta.json");
                std::fs::remove_file(&meta).map_err(|source| Error::io(&meta, source))?;
                return ArticleIndex::create(dir);
            }
            Err(why) => return Err(Error::damaged(Some(dir), why)),
        };
        Ok(ArticleIndex::with(index, fields, Some(dir)))
    }

    /// Opens every segment as a search would, so that a missing or truncated file is reported as
    /// [`ErrorKind::Damaged`](crate::ErrorKind::Damaged) now rather than as an obscure error in
    /// the middle of a search.
    ///
    /// Segments are opened under tantivy's meta lock (by [`tantivy::Index::reader`]), so a
    /// writer in another process cannot garbage-collect them meanwhile.
    fn validate(&self) -> Result<(), Error> {
        let dir = self.dir();
        let reader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| damaged_at(dir, &e))?;
        let schema = self.index.schema();
        for segment in reader.searcher().segment_readers() {
            let id = segment.segment_id().uuid_string();
            let segment_damaged =
                |what: String| Error::damaged(dir, format!("segment {id}: {what}"));
            for (field, entry) in schema.fields().filter(|(_, e)| e.is_indexed()) {
                segment.inverted_index(field).map_err(|_| {
                    segment_damaged(format!(
                        "the terms or positions of field `{}` are missing or damaged",
                        entry.name()
                    ))
                })?;
            }
            segment.get_store_reader(0).map_err(|_| {
                segment_damaged("the document store (.store file) is truncated or corrupt".into())
            })?;
        }
        Ok(())
    }

    /// A new, empty index held in memory (for tests and short-lived tools).
    pub fn in_memory() -> ArticleIndex {
        let (schema, fields) = build_schema();
        let index = tantivy::Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_ram()
            .expect("an index in memory is created");
        ArticleIndex::with(index, fields, None)
    }

    fn with(index: tantivy::Index, fields: Fields, dir: Option<&Path>) -> ArticleIndex {
        analysis::register(&index);
        ArticleIndex {
            index,
            fields,
            dir: dir.map(Path::to_path_buf),
        }
    }

    /// The underlying tantivy index, with the tracuu tokenizers registered.
    pub fn tantivy(&self) -> &tantivy::Index {
        &self.index
    }

    /// The schema's field handles.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The schema.
    pub fn schema(&self) -> Schema {
        self.index.schema()
    }

    /// The index directory (`None` for an in-memory index).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// When the index was last committed by tracuu, as seconds since 1970-01-01 UTC.
    pub fn updated_at(&self) -> Option<u64> {
        let text = std::fs::read_to_string(self.dir.as_ref()?.join(UPDATED_FILE)).ok()?;
        text.trim().parse().ok()
    }

    /// Takes the index's single writer lock and reads which documents it already holds.
    ///
    /// # Errors
    /// [`ErrorKind::InUse`](crate::ErrorKind::InUse) when another writer holds the lock,
    /// [`ErrorKind::Outdated`](crate::ErrorKind::Outdated) when an older tracuu built the index
    /// (documents added now would not match its old ones' positions: rebuild it instead, with
    /// [`rebuild_writer`](Self::rebuild_writer)).
    pub fn writer(&self, options: &WriterOptions) -> Result<ArticleWriter, Error> {
        check_format(&self.index, self.dir())?;
        let mut writer = self.writer_without_documents(options)?;
        writer.known = KnownDocuments::load(&self.index, self.dir(), options.story_threshold)?;
        Ok(writer)
    }

    /// Takes the writer lock and removes every document (at the next commit) without reading
    /// them first, so that an index with missing or damaged segment files can be rebuilt.
    ///
    /// # Errors
    /// [`ErrorKind::InUse`](crate::ErrorKind::InUse) when another writer holds the lock.
    pub fn rebuild_writer(&self, options: &WriterOptions) -> Result<ArticleWriter, Error> {
        let mut writer = self.writer_without_documents(options)?;
        writer.delete_all()?;
        Ok(writer)
    }

    fn writer_without_documents(&self, options: &WriterOptions) -> Result<ArticleWriter, Error> {
        let lock = self.dir().map(WriterLock::acquire).transpose()?;
        let threads = options.threads.clamp(1, MAX_THREADS);
        let budget = (options
            .memory_budget
            .min(threads.saturating_mul(MAX_BUDGET_PER_THREAD)))
        .max(threads * MIN_BUDGET_PER_THREAD);
        let writer = self
            .index
            .writer_with_num_threads(threads, budget)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
                    Error::in_use(self.dir())
                }
                // The index cannot be written: a read-only mount, another user's files.
                tantivy::TantivyError::LockFailure(LockError::IoError(error), _) => {
                    let path = self.dir().unwrap_or(Path::new("."));
                    Error::io(path, std::io::Error::new(error.kind(), error.to_string()))
                }
                other => Error::other(other),
            })?;
        Ok(ArticleWriter {
            writer,
            fields: self.fields,
            known: KnownDocuments::new(options.story_threshold),
            dir: self.dir.clone(),
            lock,
        })
    }
}

/// Refuses an index whose documents were analysed by another tracuu (see [`INDEX_FORMAT`]).
/// An index without segments holds no positions, so whichever tracuu created it, it is
/// current: its first commit records the format.
fn check_format(index: &tantivy::Index, dir: Option<&Path>) -> Result<(), Error> {
    let meta = index.load_metas().map_err(|e| damaged_at(dir, &e))?;
    if meta.segments.is_empty() {
        return Ok(());
    }
    let found = recorded_format(&meta);
    match found.cmp(&INDEX_FORMAT) {
        std::cmp::Ordering::Less => Err(Error::outdated(dir, found)),
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err(Error::damaged(
            dir,
            format!("written by a newer tracuu, in index format {found}"),
        )),
    }
}

/// Tantivy's error opening or creating the index in `dir`: a file system that refuses
/// (permission denied, read-only) is named as such, with the file refused when tantivy says
/// which, since no rebuild would help; anything else means the index's files are damaged.
fn damaged(dir: &Path, error: &tantivy::TantivyError) -> Error {
    match refusal(error) {
        Some((refused, file)) => Error::io(
            file.map_or_else(|| dir.to_path_buf(), |file| dir.join(file)),
            std::io::Error::new(refused.kind(), refused.to_string()),
        ),
        None => Error::damaged(Some(dir), describe(error)),
    }
}

/// [`damaged`] for an index on disk, else damage (an index in memory is never refused).
fn damaged_at(dir: Option<&Path>, error: &tantivy::TantivyError) -> Error {
    match dir {
        Some(dir) => damaged(dir, error),
        None => Error::damaged(None, describe(error)),
    }
}

/// The file system's refusal behind `error`, if that is what it is, and the path refused when
/// the error names one (relative to the index directory, or absolute).
fn refusal(error: &tantivy::TantivyError) -> Option<(&std::io::Error, Option<&Path>)> {
    use tantivy::directory::error::{OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as E;
    let (io_error, path) = match error {
        E::OpenReadError(OpenReadError::IoError { io_error, filepath })
        | E::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            (io_error, Some(filepath.as_path()))
        }
        E::OpenDirectoryError(OpenDirectoryError::IoError {
            io_error,
            directory_path,
        }) => (io_error, Some(directory_path.as_path())),
        E::LockFailure(LockError::IoError(io_error), _) => (io_error, None),
        E::IoError(io_error) => (io_error, None),
        _ => return None,
    };
    matches!(
        io_error.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
    .then_some((&**io_error, path))
}

/// What tantivy found wrong, in a few words on one line: `file 1a2b....term is missing`.
fn describe(error: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as E;
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let text = match error {
        E::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("file {} is missing", name(path))
        }
        E::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if matches!(
                io_error.kind(),
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
            ) =>
        {
            format!("file {} is truncated or corrupt", name(filepath))
        }
        E::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("file {}: {io_error}", name(filepath))
        }
        E::OpenReadError(OpenReadError::IncompatibleIndex(_)) => {
            "written by an incompatible version of tantivy".to_string()
        }
        // `Data corruption (in file "meta.json"): Meta file cannot be deserialized. ...
        // Content: "<the whole file>"`: the content is not worth showing.
        E::DataCorruption(corruption) => {
            let text = format!("{corruption:?}");
            match text.split_once(". Content:") {
                Some((before, _)) => before.to_string(),
                None => text,
            }
        }
        other => other.to_string(),
    };
    text.replace(['\n', '\r'], " ")
}

/// Tantivy refuses smaller budgets per indexing thread.
const MIN_BUDGET_PER_THREAD: usize = 16 * 1024 * 1024;
/// The most memory per indexing thread tantivy's writer takes (its arena is addressed with 32
/// bits): a larger budget is used up to this.
const MAX_BUDGET_PER_THREAD: usize = 4095 * 1024 * 1024;
/// Indexing threads at most, as in tantivy (`MAX_NUM_THREAD`): more only cost memory.
pub const MAX_THREADS: usize = 8;

/// How a writer uses the machine.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Memory the writer may use for documents not yet flushed, in bytes (default 512 MiB; at
    /// least 16 MiB and at most 4,095 MiB per thread are used).
    pub memory_budget: usize,
    /// Indexing threads (default: the number of cores, at most 4; at most [`MAX_THREADS`] are
    /// used).
    pub threads: usize,
    /// The resemblance (above 0, at most 1: see [`is_valid_threshold`]) from which a new
    /// document joins the story of an indexed one (see [`crate::story`]; default 0.5).
    ///
    /// [`is_valid_threshold`]: crate::story::is_valid_threshold
    pub story_threshold: f32,
}

impl Default for WriterOptions {
    fn default() -> WriterOptions {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        WriterOptions {
            memory_budget: 512 * 1024 * 1024,
            threads: cores.clamp(1, 4),
            story_threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// What [`ArticleWriter::add`] did with an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddOutcome {
    /// A new document, starting a story.
    Added,
    /// A new document joining the story of an indexed document it resembles (a republication,
    /// exact or edited).
    Copy {
        /// The story it joined.
        story: u64,
    },
    /// A document with this id existed with other content; it was replaced.
    Replaced,
    /// A document with this id and exactly this content exists; nothing was written.
    Unchanged,
}

/// Ids, hashes and stories of the documents in the index, kept up to date while writing.
struct KnownDocuments {
    by_id: HashMap<String, KnownDocument>,
    stories: StoryTable,
    /// The sequence number of the next document indexed.
    next_sequence: u64,
}

/// What the writer knows of the document of an id.
struct KnownDocument {
    record_hash: u64,
    /// Its place among the stories' candidates, to forget it when it is replaced.
    slot: Option<MemberSlot>,
}

impl KnownDocuments {
    fn new(story_threshold: f32) -> KnownDocuments {
        KnownDocuments {
            by_id: HashMap::new(),
            stories: StoryTable::new(story_threshold),
            next_sequence: 0,
        }
    }

    fn load(
        index: &tantivy::Index,
        dir: Option<&Path>,
        story_threshold: f32,
    ) -> Result<KnownDocuments, Error> {
        let mut known = KnownDocuments::new(story_threshold);
        let unreadable = |what: &str, error: std::io::Error| {
            Error::damaged(dir, format!("the {what} column cannot be read: {error}"))
        };
        // Documents with a signature, inserted among the candidates in the order indexed.
        let mut signed: Vec<(u64, String, Signature, u64)> = Vec::new();
        let searcher = index.reader().map_err(Error::other)?.searcher();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let Some(ids) = fast.str(Fields::ID_NAME).map_err(Error::other)? else {
                continue;
            };
            let record_hashes = fast.u64(Fields::RECORD_HASH_NAME).map_err(Error::other)?;
            let stories = fast.u64(Fields::STORY_NAME).map_err(Error::other)?;
            let sequences = fast.u64(Fields::SEQUENCE_NAME).map_err(Error::other)?;
            let signatures = fast
                .bytes(Fields::STORY_SIGNATURE_NAME)
                .map_err(Error::other)?;
            let mut id = String::new();
            let mut bytes = Vec::new();
            for doc in segment.doc_ids_alive() {
                id.clear();
                let Some(ord) = ids.term_ords(doc).next() else {
                    continue;
                };
                ids.ord_to_str(ord, &mut id)
                    .map_err(|error| unreadable("id", error))?;
                if let Some(record_hash) = record_hashes.first(doc) {
                    let document = KnownDocument {
                        record_hash,
                        slot: None,
                    };
                    known.by_id.insert(id.clone(), document);
                }
                let sequence = sequences.first(doc).unwrap_or(0);
                known.next_sequence = known.next_sequence.max(sequence + 1);
                let Some(signatures) = &signatures else {
                    continue;
                };
                let Some(ord) = signatures.term_ords(doc).next() else {
                    continue;
                };
                bytes.clear();
                signatures
                    .ord_to_bytes(ord, &mut bytes)
                    .map_err(|error| unreadable("story signature", error))?;
                let (Some(signature), Some(story)) =
                    (Signature::from_bytes(&bytes), stories.first(doc))
                else {
                    return Err(Error::damaged(
                        dir,
                        format!("document {id} has no valid story"),
                    ));
                };
                signed.push((sequence, id.clone(), signature, story));
            }
        }
        signed.sort_by_key(|(sequence, ..)| *sequence);
        for (_, id, signature, story) in signed {
            let slot = known.stories.insert(signature, story);
            if let Some(document) = known.by_id.get_mut(&id) {
                document.slot = Some(slot);
            }
        }
        Ok(known)
    }
}

/// An article made ready for [`ArticleWriter::add_prepared`]: its hashes computed and its
/// document built. Preparing is the costly part of adding, and needs no writer, so that the
/// indexing pipeline does it on many threads at once.
pub struct PreparedArticle {
    id: String,
    record_hash: u64,
    signature: Option<Signature>,
    document: TantivyDocument,
}

impl PreparedArticle {
    /// Prepares `article` for an index with these `fields`.
    pub fn new(fields: &Fields, article: &Article) -> PreparedArticle {
        let record_hash = record_hash(article);
        let signature = Signature::of(&article.body);
        let mut document = document(fields, article, record_hash);
        if let Some(signature) = &signature {
            document.add_bytes(fields.story_signature, &signature.to_bytes());
        }
        PreparedArticle {
            id: article.id.clone(),
            record_hash,
            signature,
            document,
        }
    }

    /// The article's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// The format a commit recorded (1 when none: tracuu recorded none before format 2).
fn recorded_format(meta: &tantivy::IndexMeta) -> u32 {
    meta.payload
        .as_ref()
        .and_then(|payload| serde_json::from_str::<serde_json::Value>(payload).ok())
        .and_then(|payload| payload.get(FORMAT_KEY)?.as_u64())
        .map_or(1, |format| u32::try_from(format).unwrap_or(u32::MAX))
}

/// For an index with an older tracuu's schema (its fields of then, without those added since)
/// and format, that format.
fn older_tracuu_format(index: &tantivy::Index) -> Option<u32> {
    let schema = index.schema();
    let tracuu = ["id", "title", "body", "record_hash"]
        .iter()
        .all(|name| schema.get_field(name).is_ok());
    let found = recorded_format(&index.load_metas().ok()?);
    (tracuu && found < INDEX_FORMAT).then_some(found)
}

/// The tantivy document of an article.
fn document(f: &Fields, article: &Article, record_hash: u64) -> TantivyDocument {
    let mut document = doc!(
        f.id => article.id.as_str(),
        f.title => article.title.as_str(),
        f.body => article.body.as_str(),
        f.path => article.path.as_str(),
        f.record_hash => record_hash,
    );
    if let Some(date) = article.date {
        document.add_i64(f.date, date.to_days());
    }
    if let Some(source) = &article.source {
        // One spelling per source, so facets and filters do not split NFC and NFD names.
        let source: String = source.nfc().collect();
        document.add_text(f.source, &source);
        document.add_text(f.source_folded, &source);
    }
    if let Some(url) = &article.url {
        document.add_text(f.url, url);
    }
    if let Some(author) = &article.author {
        document.add_text(f.author, author);
    }
    for definition in definitions(&article.title)
        .into_iter()
        .chain(definitions(&article.body))
        .take(MAX_PER_DOCUMENT)
    {
        document.add_text(f.definitions, definition.term());
    }
    document
}

/// Writes articles into an [`ArticleIndex`]; holds the index's writer lock until dropped.
pub struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
    known: KnownDocuments,
    dir: Option<PathBuf>,
    /// The operating-system lock of an index on disk (see [`WriterLock`]).
    lock: Option<WriterLock>,
}

impl ArticleWriter {
    /// Adds an article, replacing an older version with the same id (skipping it when
    /// unchanged), in the story of the indexed document it resembles most, if one resembles it
    /// enough. Visible to searches after [`commit`](Self::commit).
    pub fn add(&mut self, article: &Article) -> Result<AddOutcome, Error> {
        let prepared = PreparedArticle::new(&self.fields, article);
        self.add_prepared(prepared)
    }

    /// [`add`](Self::add) for an article prepared beforehand, possibly on another thread.
    pub fn add_prepared(&mut self, article: PreparedArticle) -> Result<AddOutcome, Error> {
        let previous = (self.known.by_id.get(&article.id)).map(|d| (d.record_hash, d.slot));
        if previous.is_some_and(|(hash, _)| hash == article.record_hash) {
            return Ok(AddOutcome::Unchanged);
        }
        if let Some((_, slot)) = previous {
            self.writer
                .delete_term(Term::from_field_text(self.fields.id, &article.id));
            // The old text is no longer this id's: a later article like it does not join it.
            if let Some(slot) = slot {
                self.known.stories.remove(slot);
            }
        }
        let joined = article
            .signature
            .as_ref()
            .and_then(|signature| self.known.stories.find(signature));
        let story = joined.unwrap_or_else(|| new_story_id(&article.id, article.record_hash));
        let mut document = article.document;
        document.add_u64(self.fields.story, story);
        document.add_u64(self.fields.sequence, self.known.next_sequence);
        self.known.next_sequence += 1;
        self.writer.add_document(document).map_err(Error::other)?;
        let slot = (article.signature).map(|signature| self.known.stories.insert(signature, story));
        let known = KnownDocument {
            record_hash: article.record_hash,
            slot,
        };
        self.known.by_id.insert(article.id, known);
        Ok(match (previous, joined) {
            (Some(_), _) => AddOutcome::Replaced,
            (None, Some(story)) => AddOutcome::Copy { story },
            (None, None) => AddOutcome::Added,
        })
    }

    /// Makes everything added so far durable and visible to searches, and records the index's
    /// format ([`INDEX_FORMAT`]).
    pub fn commit(&mut self) -> Result<(), Error> {
        if let Some(lock) = &self.lock {
            lock.check()?;
        }
        let mut commit = self.writer.prepare_commit().map_err(Error::other)?;
        commit.set_payload(&serde_json::json!({ FORMAT_KEY: INDEX_FORMAT }).to_string());
        commit.commit().map_err(Error::other)?;
        if let Some(dir) = &self.dir {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let path = dir.join(UPDATED_FILE);
            std::fs::write(&path, now.to_string()).map_err(|source| Error::io(&path, source))?;
        }
        Ok(())
    }

    /// Removes every document (takes effect at the next commit).
    pub fn delete_all(&mut self) -> Result<(), Error> {
        self.writer.delete_all_documents().map_err(Error::other)?;
        self.known.by_id.clear();
        self.known.stories.clear();
        Ok(())
    }

    /// Waits for merges to finish and releases the writer lock.
    pub fn finish(self) -> Result<(), Error> {
        self.writer.wait_merging_threads().map_err(Error::other)?;
        Ok(())
    }
}

/// Bytes of stored text compressed together: twice tantivy's default, which stores Vietnamese
/// news in 4.4% less space (LZ4 on vietnews: 0.494 of the text against 0.517) for about 4 µs
/// more per document read.
const DOCSTORE_BLOCK_BYTES: usize = 32 * 1024;

fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tantivy::directory::error::OpenWriteError;

    use super::*;
    use crate::ErrorKind;

    fn write_refused(kind: std::io::ErrorKind) -> tantivy::TantivyError {
        tantivy::TantivyError::OpenWriteError(OpenWriteError::IoError {
            io_error: Arc::new(std::io::Error::from(kind)),
            filepath: PathBuf::from("/srv/index/.tmp1234"),
        })
    }

    #[test]
    fn a_file_system_that_refuses_is_named_not_called_damage() {
        let dir = Path::new("/srv/index");
        for kind in [
            std::io::ErrorKind::PermissionDenied,
            std::io::ErrorKind::ReadOnlyFilesystem,
        ] {
            let error = damaged(dir, &write_refused(kind));
            assert_eq!(error.kind(), ErrorKind::Io, "{error}");
            assert!(!error.to_string().contains("damaged"), "{error}");
            // The file refused is named, not only the index directory.
            assert_eq!(error.path(), Some(Path::new("/srv/index/.tmp1234")));
        }
        let corrupt = tantivy::TantivyError::SchemaError("no such field".into());
        assert_eq!(damaged(dir, &corrupt).kind(), ErrorKind::Damaged);
    }
}
