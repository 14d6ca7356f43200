//! Error messages for the terminal: one line per error, with the command-line advice the
//! libraries leave out, chosen by the kind of their errors.

use std::path::Path;

use tracuu_query::{ErrorKind as SearchKind, MAX_LIMIT};
use tracuu_research::ErrorKind as ViewKind;

/// The message printed after `tracuu: ` for `error`.
pub fn message(error: &anyhow::Error) -> String {
    let text = one_line(error);
    match advice(error) {
        Some(Advice::Instead(message)) => message,
        Some(Advice::After(hint)) => format!("{text} ({hint})"),
        Some(Advice::Then(hint)) => format!("{text}: {hint}"),
        None => text,
    }
}

/// What the command line adds to a library's message.
enum Advice {
    /// A message in the command line's terms, replacing the library's.
    Instead(String),
    /// A hint in parentheses after the message.
    After(&'static str),
    /// What to do, after a colon.
    Then(&'static str),
}

fn advice(error: &anyhow::Error) -> Option<Advice> {
    error.chain().find_map(|cause| {
        if let Some(error) = cause.downcast_ref::<tracuu_research::Error>() {
            return match error.kind() {
                ViewKind::Search(_) => error.search_error().and_then(search_advice),
                ViewKind::UnsupportedChartFormat => {
                    let path = error.path().unwrap_or(Path::new(""));
                    Some(Advice::Instead(format!(
                        "--plot {}: the file name must end in .svg or .png",
                        path.display()
                    )))
                }
                ViewKind::NoFont => Some(Advice::Then(
                    "install one (`apt-get install fonts-dejavu-core`) or set \
                     TRACUU_FONT=/path/to/font.ttf; SVG charts (--plot FILE.svg) need none",
                )),
                _ => None,
            };
        }
        cause
            .downcast_ref::<tracuu_query::Error>()
            .and_then(search_advice)
    })
}

fn search_advice(error: &tracuu_query::Error) -> Option<Advice> {
    match error.kind() {
        SearchKind::LimitTooLarge => {
            let limit = error.requested_limit()?;
            Some(Advice::Instead(format!(
                "--limit {limit} is too large (the limit is {MAX_LIMIT}; use `tracuu export` for \
                 every match)"
            )))
        }
        SearchKind::Index => Some(Advice::After(
            "if the index is damaged, rebuild it with `tracuu index --rebuild`",
        )),
        SearchKind::InvalidQuery if error.query_error().is_some_and(|e| e.suggests_literal()) => {
            Some(Advice::After(
                "to search for pasted text as written, without operators, use -F",
            ))
        }
        _ => None,
    }
}

/// The error and its causes on one line, without repeating a cause whose text an outer error
/// already shows (library errors often include their source in their own message); a cause that
/// shows all the outer errors say (with a hint added, say) replaces them.
fn one_line(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = match cause.downcast_ref::<tracuu_indexer::Error>() {
            Some(index_error) => with_index_hint(index_error),
            None => cause.to_string(),
        };
        if text.contains(&message) {
            message = text;
        } else if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message.replace(['\n', '\r'], " ")
}

/// An index error with the `tracuu` command that helps, by kind.
fn with_index_hint(error: &tracuu_indexer::Error) -> String {
    use tracuu_indexer::ErrorKind;
    let Some(dir) = error.path().map(Path::display) else {
        return error.to_string();
    };
    match error.kind() {
        ErrorKind::NotFound => {
            format!("{error} (build one with `tracuu index --index {dir} PATH...`)")
        }
        ErrorKind::InUse => {
            format!("index is in use: another `tracuu index` is writing to {dir}")
        }
        ErrorKind::Damaged | ErrorKind::Outdated => {
            format!("{error}; rebuild it with `tracuu index --rebuild --index {dir} PATH...`")
        }
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search_error(limit: usize) -> anyhow::Error {
        tracuu_query::SearchRequest::new("đảng")
            .limit(limit)
            .unwrap_err()
            .into()
    }

    #[test]
    fn limits_are_explained_in_the_command_line_terms() {
        assert_eq!(
            message(&search_error(20_000)),
            "--limit 20000 is too large (the limit is 10000; use `tracuu export` for every match)"
        );
    }

    #[test]
    fn chart_errors_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let index = tracuu_indexer::ArticleIndex::in_memory();
        let searcher = tracuu_query::Searcher::new(index).unwrap();
        let trend =
            tracuu_research::trend(&searcher, &tracuu_research::TrendRequest::new(["đảng"]))
                .unwrap();
        let pdf = dir.path().join("trend.pdf");
        let error = tracuu_research::draw_trend(&trend, &pdf).unwrap_err();
        assert_eq!(
            message(&error.into()),
            format!(
                "--plot {}: the file name must end in .svg or .png",
                pdf.display()
            )
        );
    }
}
