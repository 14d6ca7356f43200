//! The query parser on any text: no panic; an error is one non-empty line whose column lies
//! within the query; a parsed query written back (within the length limit) parses to the same query.
//! The same text read as literal text is accepted unless it is blank or too long.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tracuu_indexer::analysis::{char_class, CharClass};
use tracuu_query::parse::{parse_literal, MAX_QUERY_CHARS};
use tracuu_query::parse_query;

fuzz_target!(|input: &str| {
    match parse_query(input) {
        Ok(query) => {
            // The written form may be longer (`"a"b` is written `"a" b`): past the length
            // limit it is rightly refused.
            let written = query.to_string();
            if written.chars().count() <= MAX_QUERY_CHARS {
                assert_eq!(parse_query(&written), Ok(query));
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.is_empty() && !message.contains(['\n', '\r']));
            if let Some(column) = error.column() {
                assert!(column >= 1 && column <= input.chars().count() + 1);
            }
        }
    }
    if let Err(error) = parse_literal(input) {
        let blank = |c| matches!(char_class(c), CharClass::Space | CharClass::Ignorable);
        assert!(
            input.chars().count() > MAX_QUERY_CHARS || input.chars().all(blank),
            "{error}"
        );
    }
});
