//! Command-line arguments and one module per subcommand.

mod abbreviations;
mod analyze;
mod bench;
mod collocates;
mod dispersion;
mod export;
mod index;
mod keywords;
mod kwic;
mod ngrams;
mod reuse;
mod search;
mod stats;
mod trend;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use tracuu_query::date_filter::parse_from_to;
use tracuu_query::{Origin, QuerySpec, Synonyms};

use crate::output::{Style, Term};

/// Full-text search for Vietnamese political and news articles.
///
/// Queries work with or without diacritics: "dang uy" finds "Đảng ủy" and "Đảng uỷ".
#[derive(Debug, Parser)]
#[command(name = "tracuu", version, about, long_about = None)]
pub struct Cli {
    /// Index directory [default: $TRACUU_INDEX, else ~/.local/share/tracuu/index; reading
    /// commands use the sample index until that one exists]
    #[arg(short, long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Width of human output in columns, at least 20 [default: the terminal's; none when stdout
    /// is not a terminal]; 0 for no limit
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = parse_width)]
    width: Option<usize>,

    /// Print nothing on stderr but errors: no notes, counts, warnings or progress
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,

    /// List every warning of a kind (by default the first five, then how many more)
    #[arg(short, long, global = true)]
    verbose: bool,

    /// Machine-readable output: one JSON record per line (README.md, "Output records")
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show how text is analysed into index terms
    Analyze(analyze::Args),
    /// Index article files, folders, compressed dumps or stdin
    Index(index::Args),
    /// Search the index: ranked hits with highlighted snippets
    Search(search::Args),
    /// Concordance: every occurrence of a query with its context, aligned
    Kwic(kwic::Args),
    /// Documents and occurrences of queries per year or month, with charts
    Trend(trend::Args),
    /// Collocates: words and n-grams near a query, with association scores (G², MI, t, logDice)
    Collocates(collocates::Args),
    /// Keywords of a set of documents against a reference (log-likelihood, log ratio)
    Keywords(keywords::Args),
    /// The most frequent syllable n-grams, with their documents
    Ngrams(ngrams::Args),
    /// How evenly a query spreads over documents and periods (Gries' DP), with a plot
    Dispersion(dispersion::Args),
    /// Export every matching document as CSV or JSON lines
    Export(export::Args),
    /// What the index holds: documents, dates, sources, years, size, last update
    Stats(stats::Args),
    /// Abbreviations and synonyms queries also match, and those defined in the documents
    Abbreviations(abbreviations::Args),
    /// Stories of republished and edited copies: who carried a text, when, what they changed
    Reuse(reuse::Args),
    /// Time a file of queries against the index: p50, p95 and p99 per class
    Bench(bench::Args),
}

/// Options shared by the research commands to choose documents.
#[derive(Debug, Clone, clap::Args)]
pub struct QueryFilters {
    /// Only documents dated from this period on (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only documents dated up to the end of this period (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Match accented query words without their diacritics too
    #[arg(long)]
    pub fold: bool,

    /// In a query without diacritics, match every spelling of its words, not only the reading
    /// chosen for them (`tham nhung` then also finds `thăm những`)
    #[arg(long)]
    pub any_spelling: bool,

    /// Each word also matches the index's words one typing slip away: one mark wrong or
    /// missing (`hội` also finds `hồi`), a letter typed twice (`ủyy`), Telex or VNI typed
    /// without an input method (`ddangr`, `d9a3ng`); shown as expansions
    #[arg(long)]
    pub fuzzy: bool,

    /// Take the query as text, not as a query: no operators, quotes or exclusions (for pasted
    /// sentences: `-F 'Bộ Lao động - Thương binh và Xã hội'`)
    #[arg(short = 'F', long)]
    pub literal: bool,

    /// Match abbreviations and synonyms only as typed: `UBND` then no longer also finds
    /// `Ủy ban nhân dân` (see `tracuu abbreviations`)
    #[arg(long)]
    pub no_expand: bool,

    /// A synonyms file for this query, besides the built-in abbreviations and the index's
    /// (one group per line: `Sài Gòn | TP.HCM | Thành phố Hồ Chí Minh`)
    #[arg(long, value_name = "FILE")]
    pub synonyms: Option<PathBuf>,
}

impl QueryFilters {
    /// The query `words` (joined with spaces) with the options.
    pub fn spec(&self, words: &[String]) -> anyhow::Result<QuerySpec> {
        self.spec_within(words.join(" "), self.from.as_deref(), self.to.as_deref())
    }

    /// Another query of the same command with the same options, within its own dates `from`
    /// and `to` (`keywords --reference`).
    pub fn spec_within(
        &self,
        query: String,
        from: Option<&str>,
        to: Option<&str>,
    ) -> anyhow::Result<QuerySpec> {
        let dates = parse_from_to(from, to)?;
        let mut spec = QuerySpec::new(query)
            .fold(self.fold)
            .any_spelling(self.any_spelling)
            .fuzzy(self.fuzzy)
            .literal(self.literal)
            .expand(!self.no_expand)
            .dates(dates);
        if let Some(path) = &self.synonyms {
            spec = spec.synonyms(std::sync::Arc::new(read_synonyms(path)?));
        }
        Ok(spec)
    }
}

/// Reads a user's synonyms file.
pub fn read_synonyms(path: &Path) -> anyhow::Result<Synonyms> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("synonyms file {}: {e}", path.display()))?;
    Synonyms::parse_bytes(&bytes, Origin::User)
        .map_err(|e| anyhow::anyhow!("synonyms file {}: {e}", path.display()))
}

/// Says on stderr what the query's abbreviations and synonyms also matched, which reading an
/// accent-free query was counted with, the other spellings documents hold and the documents
/// of every spelling (nothing with `--quiet`).
pub fn print_query_notes(
    searcher: &tracuu_query::Searcher,
    spec: &QuerySpec,
    term: Term,
) -> anyhow::Result<()> {
    if term.quiet {
        return Ok(());
    }
    let readings = tracuu_query::Readings::default();
    for expansion in searcher.prepare_with(spec, &readings)?.expansions() {
        term.note(crate::output::expansion_note(expansion));
    }
    if let Some(spellings) = searcher.other_spellings_with(spec, &readings)? {
        term.note(crate::output::spellings_note(&spellings));
    }
    Ok(())
}

/// Parses the command line, exiting with a usage error when `--json` meets another output
/// format: clap cannot check that when the global `--json` comes before the subcommand.
pub fn parse() -> Cli {
    let cli = Cli::try_parse().unwrap_or_else(|error| with_query_hint(error).exit());
    let other_format = match &cli.command {
        Command::Kwic(args) => args.format_flag(),
        Command::Trend(args) => args.format_flag(),
        Command::Export(args) => args.format_flag(),
        Command::Collocates(args) => args.format_flag(),
        Command::Keywords(args) => args.format_flag(),
        Command::Ngrams(args) => args.format_flag(),
        Command::Dispersion(args) => args.format_flag(),
        Command::Reuse(args) => args.format_flag(),
        _ => None,
    };
    if let (true, Some(flag)) = (cli.json, other_format) {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("the argument '--json' cannot be used with '{flag}'"),
            )
            .exit();
    }
    cli
}

/// clap's error, or, when an argument of a command that takes a query was read as short options
/// it is not (`covid -vaccine`, `-vaccine` read as `-v -a …`), an error saying where such a
/// query goes.
fn with_query_hint(error: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let unknown = match error.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) if error.kind() == ErrorKind::UnknownArgument => arg,
        _ => return error,
    };
    let Some(letter) = unknown.strip_prefix('-').filter(|l| !l.starts_with('-')) else {
        return error;
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = Cli::command();
    command.build();
    let Some(name) = args.iter().find(|arg| takes_query(&command, arg)) else {
        return error;
    };
    let Some(word) = args
        .iter()
        .find(|arg| arg.starts_with('-') && !arg.starts_with("--") && arg[1..].contains(letter))
    else {
        return error;
    };
    let subcommand = command.find_subcommand_mut(name).expect("found above");
    let before = args
        .iter()
        .position(|arg| arg == word)
        .and_then(|i| i.checked_sub(1));
    let given_to_option = before.is_some_and(|i| takes_value(subcommand, &args[i]));
    if given_to_option && word.parse::<f64>().is_ok() {
        // `-n -1`: a negative number given to an option, not a word to leave out (`covid -19`).
        return subcommand.error(
            ErrorKind::InvalidValue,
            format!("'{word}' is negative: counts, limits and offsets are 0 or more"),
        );
    }
    let query = match word.contains(char::is_whitespace) {
        true => word.clone(),
        false => format!("… {word}"),
    };
    subcommand.error(
        ErrorKind::UnknownArgument,
        format!(
            "'{word}' was read as options ('{unknown}' is none). A query with a word starting \
             with '-' (a word to leave out) goes after '--', quoted: tracuu {name} [OPTIONS] -- \
             '{query}'"
        ),
    )
}

/// Columns fewer than this leave no room for a line of output: `--width` refuses them.
const MIN_WIDTH: usize = 20;

/// A `--width`: 0 (no limit) or at least [`MIN_WIDTH`] columns.
fn parse_width(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(columns) if columns == 0 || columns >= MIN_WIDTH => Ok(columns),
        _ => Err(format!(
            "`{text}` is not 0 (no limit) or a width of {MIN_WIDTH} columns or more"
        )),
    }
}

/// Whether `arg` (`-n`, `--limit`) is an option of `command` that takes a value.
fn takes_value(command: &clap::Command, arg: &str) -> bool {
    let option = match (arg.strip_prefix("--"), arg.strip_prefix('-')) {
        (Some(long), _) => command.get_arguments().find(|a| a.get_long() == Some(long)),
        (None, Some(short)) if short.chars().count() == 1 => {
            let short = short.chars().next();
            command.get_arguments().find(|a| a.get_short() == short)
        }
        _ => None,
    };
    option.is_some_and(|a| a.get_action().takes_values())
}

/// Whether `name` is a subcommand of `command` with a QUERY argument (or several: `trend`).
fn takes_query(command: &clap::Command, name: &str) -> bool {
    command.find_subcommand(name).is_some_and(|subcommand| {
        subcommand
            .get_positionals()
            .any(|arg| arg.get_id() == "query" || arg.get_id() == "queries")
    })
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let term = Term {
        style: Style::new(cli.color.enabled()),
        width: match cli.width {
            Some(columns) => (columns > 0).then_some(columns),
            None => terminal_width(),
        },
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let json = cli.json;
    let index_dir = match cli.index.or_else(index_from_env) {
        Some(dir) => dir,
        None => default_index_dir_for(&cli.command, term)?,
    };
    match cli.command {
        Command::Analyze(args) => analyze::run(args, json),
        Command::Index(args) => index::run(args, &index_dir, term, json),
        Command::Search(args) => search::run(args, &index_dir, term, json),
        Command::Kwic(args) => kwic::run(args, &index_dir, term, json),
        Command::Trend(args) => trend::run(args, &index_dir, term, json),
        Command::Collocates(args) => collocates::run(args, &index_dir, term, json),
        Command::Keywords(args) => keywords::run(args, &index_dir, term, json),
        Command::Ngrams(args) => ngrams::run(args, &index_dir, term, json),
        Command::Dispersion(args) => dispersion::run(args, &index_dir, term, json),
        Command::Export(args) => export::run(args, &index_dir, term),
        Command::Stats(args) => stats::run(args, &index_dir, term, json),
        Command::Abbreviations(args) => abbreviations::run(args, &index_dir, term, json),
        Command::Reuse(args) => reuse::run(args, &index_dir, term, json),
        Command::Bench(args) => bench::run(args, &index_dir, term, json),
    }
}

/// The width of the terminal on stdout, if it is one.
fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(width, _)| usize::from(width.0).max(MIN_WIDTH))
}

/// The index a command uses when none is given: the user's own (`index` always writes there);
/// for reading commands, the sample index until the user's exists, built on first use and
/// kept apart so that the user's articles never mix with the invented sample ones.
fn default_index_dir_for(command: &Command, term: Term) -> anyhow::Result<PathBuf> {
    let own = default_index_dir();
    if !command.searches() || own.join("meta.json").exists() {
        return Ok(own);
    }
    let sample = own.with_file_name("sample-index");
    let corpus = sample_corpus(&own.with_file_name("sample-corpus"))?;
    ensure_sample_index(&sample, &corpus, term)?;
    term.note(format_args!(
        "tracuu: searching the sample index of invented articles; index your own with `tracuu \
         index PATH...`"
    ));
    Ok(sample)
}

impl Command {
    /// Whether the command reads an index (and so uses the sample one when none is given).
    fn searches(&self) -> bool {
        !matches!(self, Command::Analyze(_) | Command::Index(_))
    }
}

/// The sample corpus bundled with the sources.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/sample_corpus.rs"));
}

/// The sample corpus to index: the sources' `corpus/` when it is there, else the copy embedded
/// in the binary, written out to `dir` (an installed tracuu, its checkout moved or removed).
fn sample_corpus(dir: &Path) -> anyhow::Result<PathBuf> {
    let bundled = bundled_corpus();
    if bundled.is_dir() {
        return Ok(bundled);
    }
    write_embedded_corpus(dir)?;
    Ok(dir.to_path_buf())
}

/// Writes the sample corpus embedded in the binary under `dir`.
fn write_embedded_corpus(dir: &Path) -> anyhow::Result<()> {
    for (relative, bytes) in embedded::SAMPLE_CORPUS {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| anyhow::anyhow!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Builds the sample index from the sample `corpus` when there is none yet, so a new user's
/// first search just works, and marks it ([`SAMPLE_MARKER`]) so that `index` never adds to it.
/// A missing corpus is an error, and no index is created: an empty one would stay for good.
fn ensure_sample_index(index_dir: &Path, corpus: &Path, term: Term) -> anyhow::Result<()> {
    if index_dir.join("meta.json").exists() {
        return Ok(());
    }
    if !corpus.is_dir() {
        anyhow::bail!(
            "no index at {} and no sample corpus at {} to build one from (this tracuu was built \
             from a checkout that has moved); index your own articles with `tracuu index PATH...`",
            index_dir.display(),
            corpus.display()
        );
    }
    term.note(format_args!(
        "tracuu: building the sample index {} from the sample corpus {} first",
        index_dir.display(),
        corpus.display()
    ));
    let index = tracuu_indexer::ArticleIndex::open_or_create(index_dir)?;
    let summary = tracuu_indexer::index_paths(
        &index,
        &[corpus.to_path_buf()],
        &tracuu_indexer::IndexOptions::default(),
        &mut |_| std::ops::ControlFlow::Continue(()),
    )?;
    let marker = index_dir.join(SAMPLE_MARKER);
    std::fs::write(
        &marker,
        "the sample corpus: `tracuu index` refuses to add to this index\n",
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", marker.display()))?;
    term.note(format_args!(
        "tracuu: indexed {} sample articles",
        summary.indexed
    ));
    Ok(())
}

/// `$TRACUU_INDEX`, unless unset or empty (an empty value is as unset, as for the XDG
/// variables).
fn index_from_env() -> Option<PathBuf> {
    std::env::var_os("TRACUU_INDEX")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The file that marks the sample index.
pub const SAMPLE_MARKER: &str = ".tracuu-sample";

/// `$XDG_DATA_HOME/tracuu/index`, else `~/.local/share/tracuu/index`, else `./tracuu-index`.
/// A relative `XDG_DATA_HOME` is ignored, as the XDG specification says.
pub fn default_index_dir() -> PathBuf {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .filter(|dir| Path::new(dir).is_absolute())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|home| Path::new(home).is_absolute())
                .map(|home| PathBuf::from(home).join(".local/share"))
        });
    match data_home {
        Some(dir) => dir.join("tracuu").join("index"),
        None => PathBuf::from("tracuu-index"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIET: Term = Term {
        style: Style::new(false),
        width: None,
        quiet: true,
        verbose: false,
    };

    #[test]
    fn a_missing_sample_corpus_is_an_error_and_leaves_no_empty_index() {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = dir.path().join("index");
        let error =
            ensure_sample_index(&index_dir, &dir.path().join("corpus-moved"), QUIET).unwrap_err();
        assert!(error.to_string().contains("no sample corpus"), "{error}");
        assert!(!index_dir.exists(), "no index created");
        // With the corpus, the index is built.
        ensure_sample_index(&index_dir, &bundled_corpus(), QUIET).unwrap();
        assert!(index_dir.join("meta.json").exists());
        assert!(index_dir.join(SAMPLE_MARKER).exists());
    }

    #[test]
    fn the_embedded_sample_corpus_indexes_as_the_sources_corpus_does() {
        let dir = tempfile::tempdir().unwrap();
        let written = dir.path().join("sample-corpus");
        write_embedded_corpus(&written).unwrap();
        let indexed = |corpus: &Path, name: &str| {
            let index_dir = dir.path().join(name);
            ensure_sample_index(&index_dir, corpus, QUIET).unwrap();
            tracuu_query::Searcher::open(&index_dir)
                .unwrap()
                .num_documents()
        };
        assert_eq!(
            indexed(&written, "from-binary"),
            indexed(&bundled_corpus(), "from-sources")
        );
    }

    #[test]
    fn the_embedded_sample_corpus_is_the_sources_corpus() {
        for (relative, bytes) in embedded::SAMPLE_CORPUS {
            let on_disk = std::fs::read(bundled_corpus().join(relative)).unwrap();
            assert_eq!(&on_disk[..], *bytes, "{relative}");
        }
        let files = walk(&bundled_corpus());
        assert_eq!(files, embedded::SAMPLE_CORPUS.len());
    }

    /// The number of files under `dir`.
    fn walk(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| if p.is_dir() { walk(&p) } else { 1 })
            .sum()
    }
}
