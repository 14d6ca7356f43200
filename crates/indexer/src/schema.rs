//! The tantivy schema of a tracuu index, with typed handles to its fields.

use tantivy::schema::{
    BytesOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, STORED, STRING,
};

use crate::analysis::{EXACT_TOKENIZER, FOLDED_TOKENIZER};

/// Handles to every field of the schema, so no caller names a field by string.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable document id (raw string, fast, stored).
    pub id: Field,
    /// Title: normalised terms (see [`crate::analysis::Form::Exact`]), stored.
    pub title: Field,
    /// Body text: normalised terms, stored for snippets.
    pub body: Field,
    /// Publication date as days since 1970-01-01 (indexed, fast, stored).
    pub date: Field,
    /// Source name as written (raw string for filters and facets, fast, stored).
    pub source: Field,
    /// Source name, accent-free words, for `source:` queries.
    pub source_folded: Field,
    /// Original URL, stored.
    pub url: Field,
    /// Path of the file the article came from, stored.
    pub path: Field,
    /// Author signature, stored.
    pub author: Field,
    /// The story the document belongs to: the publications of one text (see
    /// [`crate::story`]), indexed, fast and stored.
    pub story: Field,
    /// The MinHash signature of the body ([`crate::story::Signature`]), fast, for documents
    /// long enough to join a story.
    pub story_signature: Field,
    /// The order in which documents were first indexed (fast), so that the first indexed
    /// member of a story can be told.
    pub sequence: Field,
    /// Hash of every indexed value, to tell unchanged documents from changed ones on re-runs.
    pub record_hash: Field,
    /// The abbreviations the document defines, as raw terms (see [`crate::definitions`]): the
    /// documents defining one are the term's document frequency.
    pub definitions: Field,
}

/// Field names, as stored in the index metadata.
mod names {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const DATE: &str = "date";
    pub const SOURCE: &str = "source";
    pub const SOURCE_FOLDED: &str = "source_folded";
    pub const URL: &str = "url";
    pub const PATH: &str = "path";
    pub const AUTHOR: &str = "author";
    pub const STORY: &str = "story";
    pub const STORY_SIGNATURE: &str = "story_signature";
    pub const SEQUENCE: &str = "sequence";
    pub const RECORD_HASH: &str = "record_hash";
    pub const DEFINITIONS: &str = "definitions";
}

/// Text analysed by `tokenizer`, with frequencies and positions (for phrases and adjacency).
fn analyzed(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Read as fast fields only (when a writer opens), never searched.
    let hash = NumericOptions::default().set_fast();
    let fields = Fields {
        id: builder.add_text_field(names::ID, STRING | STORED | FAST),
        title: builder.add_text_field(names::TITLE, analyzed(EXACT_TOKENIZER).set_stored()),
        body: builder.add_text_field(names::BODY, analyzed(EXACT_TOKENIZER).set_stored()),
        date: builder.add_i64_field(
            names::DATE,
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        source: builder.add_text_field(names::SOURCE, STRING | STORED | FAST),
        source_folded: builder.add_text_field(names::SOURCE_FOLDED, analyzed(FOLDED_TOKENIZER)),
        url: builder.add_text_field(names::URL, STORED),
        path: builder.add_text_field(names::PATH, STORED),
        author: builder.add_text_field(names::AUTHOR, STORED),
        story: builder.add_u64_field(
            names::STORY,
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        ),
        story_signature: builder
            .add_bytes_field(names::STORY_SIGNATURE, BytesOptions::default().set_fast()),
        sequence: builder.add_u64_field(names::SEQUENCE, hash.clone()),
        record_hash: builder.add_u64_field(names::RECORD_HASH, hash),
        definitions: builder.add_text_field(names::DEFINITIONS, STRING),
    };
    (builder.build(), fields)
}

impl Fields {
    /// The handles of an existing index's schema, or what makes it another schema than
    /// tracuu's: a field missing, or of another type or with other options (read as tracuu's,
    /// it would fail in the middle of a search).
    pub fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let (expected, _) = build_schema();
        let get = |name: &str| -> Result<Field, String> {
            let field = schema
                .get_field(name)
                .map_err(|_| format!("field `{name}` is missing"))?;
            let wanted = expected
                .get_field(name)
                .expect("a field of tracuu's schema");
            if schema.get_field_entry(field) != expected.get_field_entry(wanted) {
                return Err(format!(
                    "field `{name}` has another type or other options than tracuu's"
                ));
            }
            Ok(field)
        };
        Ok(Fields {
            id: get(names::ID)?,
            title: get(names::TITLE)?,
            body: get(names::BODY)?,
            date: get(names::DATE)?,
            source: get(names::SOURCE)?,
            source_folded: get(names::SOURCE_FOLDED)?,
            url: get(names::URL)?,
            path: get(names::PATH)?,
            author: get(names::AUTHOR)?,
            story: get(names::STORY)?,
            story_signature: get(names::STORY_SIGNATURE)?,
            sequence: get(names::SEQUENCE)?,
            record_hash: get(names::RECORD_HASH)?,
            definitions: get(names::DEFINITIONS)?,
        })
    }

    /// Name of the date field, for fast-field readers.
    pub const DATE_NAME: &'static str = names::DATE;
    /// Name of the source field, for fast-field readers.
    pub const SOURCE_NAME: &'static str = names::SOURCE;
    /// Name of the id field, for fast-field readers.
    pub const ID_NAME: &'static str = names::ID;
    /// Name of the story field, for fast-field readers.
    pub const STORY_NAME: &'static str = names::STORY;
    /// Name of the story signature field, for fast-field readers.
    pub const STORY_SIGNATURE_NAME: &'static str = names::STORY_SIGNATURE;
    /// Name of the sequence field, for fast-field readers.
    pub const SEQUENCE_NAME: &'static str = names::SEQUENCE;
    /// Name of the record hash field, for fast-field readers.
    pub const RECORD_HASH_NAME: &'static str = names::RECORD_HASH;
}
