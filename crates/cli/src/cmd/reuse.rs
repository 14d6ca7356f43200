//! `tracuu reuse`: stories of republished and edited copies, with what each copy changed.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};
use tracuu_query::Searcher;
use tracuu_research::{reuse, ReuseMember, ReuseRequest, ReuseStory};
use unicode_width::UnicodeWidthStr;

use crate::cmd::QueryFilters;
use crate::output::{json_line, plural, thousands, visible, wrapped, CsvRecords, Term};

/// Arguments of `tracuu reuse`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
A story is the publications of one text, republished as it is or lightly edited; its original \
is the earliest dated (then the first indexed). Each publication is compared with it: lag in \
days, resemblance of the bodies (shared 5-word runs, 0 to 1), headline changed, share of the \
original's sentences kept, sentences added and cut.

With a query, every matching document is considered: stderr counts all the stories with copies \
among the matches, -n limits those shown (best match first, as `tracuu search` ranks them), and \
the exit status is 1 only when there is none.

--json writes one record per story with its members; --csv one row per publication (fields: \
README.md, \"Output records\").")]
#[command(group = clap::ArgGroup::new("what").required(true).args(["query", "id"]))]
pub struct Args {
    /// The stories with copies among the documents this query matches, best match first
    #[arg(value_name = "QUERY", num_args = 1..)]
    query: Vec<String>,

    /// The story of the document with this id
    #[arg(long, value_name = "ID", conflicts_with = "query")]
    id: Option<String>,

    #[command(flatten)]
    filters: QueryFilters,

    /// Stories to show at most, best match first (0: all; the count on stderr is of them all)
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    limit: usize,

    /// One CSV row per publication, with a header row
    #[arg(long)]
    csv: bool,
}

impl Args {
    /// The output format flag given, other than `--json`.
    pub fn format_flag(&self) -> Option<&'static str> {
        self.csv.then_some("--csv")
    }
}

/// A row of `tracuu reuse --csv`: one publication of a story.
#[derive(Serialize, Deserialize)]
struct ReuseRow {
    story: String,
    id: String,
    source: Option<String>,
    date: Option<String>,
    original: bool,
    lag_days: Option<i64>,
    resemblance: Option<f32>,
    headline_changed: bool,
    sentences_kept: f64,
    sentences_added: usize,
    sentences_cut: usize,
    title: String,
}

impl ReuseRow {
    fn of(story: &ReuseStory, member: &ReuseMember) -> ReuseRow {
        ReuseRow {
            story: story.story.clone(),
            id: member.id.clone(),
            source: member.source.clone(),
            date: member.date.map(|d| d.to_string()),
            original: member.original,
            lag_days: member.lag_days,
            resemblance: member.resemblance,
            headline_changed: member.headline_changed,
            sentences_kept: member.sentences_kept,
            sentences_added: member.sentences_added,
            sentences_cut: member.sentences_cut,
            title: member.title.clone(),
        }
    }
}

/// Runs `tracuu reuse`: exit status 0 when there are stories (with copies, for a query), shown
/// or not, 1 when there are none.
pub fn run(args: Args, index_dir: &Path, term: Term, json: bool) -> anyhow::Result<ExitCode> {
    let searcher = Searcher::open(index_dir)?;
    let request = match &args.id {
        Some(id) => ReuseRequest::Id(id.clone()),
        None => ReuseRequest::Query {
            spec: args.filters.spec(&args.query)?,
            limit: match args.limit {
                0 => usize::MAX,
                n => n,
            },
        },
    };
    let found = reuse(&searcher, &request)?;
    let stories = &found.stories;
    let mut out = std::io::stdout().lock();
    if json {
        for story in stories {
            json_line(&mut out, story)?;
        }
    } else if args.csv {
        let mut csv = CsvRecords::new::<ReuseRow>(&mut out, &[])?;
        for story in stories {
            for member in &story.members {
                csv.write(&ReuseRow::of(story, member))?;
            }
        }
        csv.finish()?;
    } else {
        match (&args.id, stories.first()) {
            (Some(id), Some(story)) if story.members.len() == 1 => term.note(format_args!(
                "{id} has no copies: its story is itself alone"
            )),
            _ => {
                let shown = if stories.len() < found.total {
                    format!(", {} shown (-n {})", stories.len(), args.limit)
                } else {
                    String::new()
                };
                term.note(format_args!(
                    "{} {} with copies{shown}",
                    thousands(found.total as u64),
                    plural(found.total, "story", "stories")
                ));
            }
        }
        for story in stories {
            print_story(&mut out, story, term)?;
        }
    }
    out.flush()?;
    Ok(if found.total == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_story(out: &mut impl Write, story: &ReuseStory, term: Term) -> std::io::Result<()> {
    let style = term.style;
    writeln!(out)?;
    let title = visible(&story.title);
    let about = format!(
        "· story {} · {} {}",
        story.story,
        story.members.len(),
        plural(story.members.len(), "publication", "publications")
    );
    match term.width {
        Some(width) if title.width() + 1 + about.width() > width => {
            for line in wrapped(&title, Some(width)) {
                writeln!(out, "{}", style.bold(line))?;
            }
            for line in wrapped(&about, Some(width)) {
                writeln!(out, "{}", style.dim(line))?;
            }
        }
        _ => writeln!(out, "{} {}", style.bold(&title), style.dim(&about))?,
    }
    for member in &story.members {
        let date = member
            .date
            .map_or_else(|| "undated".into(), |d| d.to_string());
        let source = member.source.as_deref().unwrap_or("(no source)");
        let change = if member.original {
            "original".to_string()
        } else {
            format!(
                "{} · resemblance {} · kept {:.0}% of sentences, +{} −{}{}",
                member
                    .lag_days
                    .map_or_else(|| "lag unknown".into(), |d| format!("+{d} d")),
                member
                    .resemblance
                    .map_or_else(|| "–".into(), |r| format!("{r:.2}")),
                member.sentences_kept * 100.0,
                member.sentences_added,
                member.sentences_cut,
                if member.headline_changed {
                    " · new headline"
                } else {
                    ""
                }
            )
        };
        let publication = format!("  {date}  {}  {}", visible(source), visible(&member.id));
        match term.width {
            // Too wide: the change on lines of its own, under an indent.
            Some(width) if publication.width() + 2 + change.width() > width => {
                writeln!(out, "{publication}")?;
                for line in wrapped(&change, Some(width.saturating_sub(4).max(1))) {
                    writeln!(out, "    {}", style.dim(line))?;
                }
            }
            _ => writeln!(out, "{publication}  {}", style.dim(&change))?,
        }
    }
    Ok(())
}
