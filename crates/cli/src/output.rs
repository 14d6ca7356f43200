//! Shared helpers for human output: colours (only when wanted) and rates.

use tracuu_query::Snippet;

/// Formats a byte count per second as MB/s.
pub fn megabytes_per_second(bytes: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        0.0
    }
}

/// Terminal styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Styling on when `colour` is true.
    pub fn new(colour: bool) -> Style {
        Style { colour }
    }

    fn wrap(&self, text: &str, code: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Bold text.
    pub fn bold(&self, text: &str) -> String {
        self.wrap(text, "1")
    }

    /// Dimmed text.
    pub fn dim(&self, text: &str) -> String {
        self.wrap(text, "2")
    }

    /// A snippet with its highlights coloured, or plain when colour is off.
    pub fn highlight_snippet(&self, snippet: &Snippet) -> String {
        if self.colour {
            snippet.marked("\x1b[1;31m", "\x1b[0m")
        } else {
            snippet.text.clone()
        }
    }
}
