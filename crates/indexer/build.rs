//! Writes the class of every character below `TABLE_LIMIT` as a table
//! (`$OUT_DIR/char_classes.rs`, included by `src/analysis/chars.rs`), from the one definition
//! in `src/analysis/char_properties.rs`: computing it from Unicode properties took a tenth of a
//! one-shot `tracuu search`.

use std::path::PathBuf;

#[path = "src/analysis/char_properties.rs"]
mod char_properties;

use char_properties::{classify_by_properties, CharClass, TABLE_LIMIT};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/analysis/char_properties.rs");
    let classes: Vec<String> = (0..TABLE_LIMIT)
        .map(|code| char::from_u32(code).map_or(CharClass::Punctuation, classify_by_properties))
        .map(|class| format!("{class:?}"))
        .collect();
    let table = format!(
        "/// The class of every character below [`TABLE_LIMIT`], by code point.\n\
         static CLASS_TABLE: [CharClass; TABLE_LIMIT as usize] = {{\n    \
         use CharClass::*;\n    [{}]\n}};\n",
        classes.join(", ")
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("char_classes.rs"), table).expect("writing the class table");
}
