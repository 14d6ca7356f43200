//! `tracuu analyze`: how text becomes index terms, like a search server's analyze endpoint
//! (words and codes; not the second, marked term the index holds for each word after a break).

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;
use tracuu_indexer::analysis::{BlockAnalyzer, TokenKind};

use crate::output::visible;

/// Arguments of `tracuu analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text to analyse; `-` reads it from stdin
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    text: Vec<String>,
}

/// Text read from stdin is analysed this many bytes at a time (up to the end of a line), so a
/// text of any size is analysed with bounded memory and its first tokens shown at once.
const BLOCK_BYTES: usize = 1 << 20;

/// Runs `tracuu analyze`; with `json`, one record `{"tokens":[...]}` of
/// [`AnalyzedToken`](tracuu_indexer::analysis::AnalyzedToken)s.
pub fn run(args: Args, json: bool) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut tokens = TokenWriter::new(&mut out, json)?;
    if args.text == ["-"] {
        let mut stdin = std::io::stdin().lock();
        let mut block = Vec::new();
        let mut lines = 0;
        loop {
            block.clear();
            let start_line = lines + 1;
            while block.len() < BLOCK_BYTES {
                let read = stdin
                    .read_until(b'\n', &mut block)
                    .context("reading stdin")?;
                if read == 0 {
                    break;
                }
                lines += 1;
            }
            if block.is_empty() {
                break;
            }
            let text = std::str::from_utf8(&block).map_err(|error| {
                let line = start_line
                    + block[..error.valid_up_to()]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                anyhow::anyhow!("stdin line {line}: not UTF-8 text")
            })?;
            tokens.write(text)?;
        }
    } else {
        tokens.write(&args.text.join(" "))?;
    }
    tokens.finish()?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Writes tokens as they are analysed: a table, or the JSON record written piece by piece.
struct TokenWriter<W: Write> {
    out: W,
    json: bool,
    analyzer: BlockAnalyzer,
    first: bool,
}

impl<W: Write> TokenWriter<W> {
    fn new(mut out: W, json: bool) -> std::io::Result<TokenWriter<W>> {
        if json {
            write!(out, "{{\"tokens\":[")?;
        } else {
            writeln!(
                out,
                "{:>4}  {:<16} {:<16} {:<16} bytes",
                "pos", "text", "term", "folded"
            )?;
        }
        Ok(TokenWriter {
            out,
            json,
            analyzer: BlockAnalyzer::default(),
            first: true,
        })
    }

    /// Analyses the next block of text (ending with a line break unless it is the last).
    fn write(&mut self, block: &str) -> std::io::Result<()> {
        for token in self.analyzer.analyze(block) {
            if self.json {
                if !std::mem::take(&mut self.first) {
                    write!(self.out, ",")?;
                }
                serde_json::to_writer(&mut self.out, &token)?;
                continue;
            }
            let marker = if token.kind == TokenKind::Code {
                " (code)"
            } else {
                ""
            };
            writeln!(
                self.out,
                "{:>4}  {:<16} {:<16} {:<16} {}..{}{marker}",
                token.position,
                visible(&token.text),
                visible(&token.term),
                visible(&token.folded),
                token.start,
                token.end
            )?;
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        if self.json {
            writeln!(self.out, "]}}")?;
        }
        Ok(())
    }
}
