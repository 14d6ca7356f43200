//! End-to-end tests: they drive the built `tracuu` binary over the bundled `corpus/`.

mod util;

mod cli_abbreviations;
mod cli_bench;
mod cli_discourse;
mod cli_fuzzy;
mod cli_index;
mod cli_meaning;
mod cli_search;
mod cli_stories;
mod cli_terminal;
mod cli_views;
mod reliability;
