//! `tracuu analyze`: how text becomes index terms, like a search server's analyze endpoint.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use tracuu_indexer::analysis::{analyze, AnalyzedToken, TokenKind};

use crate::output::{json_line, visible};

/// Arguments of `tracuu analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text to analyse; `-` reads it from stdin
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    text: Vec<String>,
}

/// The record of `tracuu analyze --json`: `{"tokens":[...]}`, one [`AnalyzedToken`] each.
#[derive(Serialize)]
struct Analysis<'a> {
    tokens: &'a [AnalyzedToken],
}

/// Runs `tracuu analyze`; with `json`, one [`Analysis`] record.
pub fn run(args: Args, json: bool) -> anyhow::Result<ExitCode> {
    let text = if args.text == ["-"] {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading stdin (expected UTF-8 text)")?;
        text
    } else {
        args.text.join(" ")
    };
    let tokens = analyze(&text);
    let mut out = std::io::stdout().lock();
    if json {
        json_line(&mut out, &Analysis { tokens: &tokens })?;
    } else {
        writeln!(
            out,
            "{:>4}  {:<20} {:<20} {:<20} bytes",
            "pos", "text", "term", "folded"
        )?;
        for token in &tokens {
            let marker = if token.kind == TokenKind::Code {
                " (code)"
            } else {
                ""
            };
            writeln!(
                out,
                "{:>4}  {:<20} {:<20} {:<20} {}..{}{marker}",
                token.position,
                visible(&token.text),
                visible(&token.term),
                visible(&token.folded),
                token.start,
                token.end
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
