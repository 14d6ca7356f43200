//! Command-line arguments and one module per subcommand.

mod analyze;
mod index;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Full-text search for Vietnamese political and news articles.
///
/// Queries work with or without diacritics: "dang uy" finds "Đảng ủy" and "Đảng uỷ".
#[derive(Debug, Parser)]
#[command(name = "tracuu", version, about, long_about = None)]
pub struct Cli {
    /// Index directory [default: $TRACUU_INDEX, else ~/.local/share/tracuu/index]
    #[arg(short, long, global = true, env = "TRACUU_INDEX", value_name = "DIR")]
    index: Option<PathBuf>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

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
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let index_dir = cli.index.unwrap_or_else(default_index_dir);
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Index(args) => index::run(args, &index_dir),
    }
}

/// `$XDG_DATA_HOME/tracuu/index`, else `~/.local/share/tracuu/index`, else `./tracuu-index`.
pub fn default_index_dir() -> PathBuf {
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")));
    match data_home {
        Some(dir) => dir.join("tracuu").join("index"),
        None => PathBuf::from("tracuu-index"),
    }
}
