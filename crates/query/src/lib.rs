pub mod date_filter;
pub mod parse;
