//! Embeds the sample corpus (`corpus/`) in the `tracuu` binary, so that an installed binary can
//! build its first index wherever it runs: `OUT_DIR/sample_corpus.rs` lists every file with its
//! bytes (`include_bytes!`).

use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = root.join("corpus");
    println!("cargo:rerun-if-changed=corpus");
    let mut files = Vec::new();
    collect(&corpus, &mut files);
    files.sort();
    let mut code =
        String::from("/// The sample corpus: each file's path under `corpus/`, and its bytes.\n");
    code.push_str("pub const SAMPLE_CORPUS: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&corpus).expect("under corpus/");
        let relative = relative.to_str().expect("UTF-8 file names in corpus/");
        code.push_str(&format!(
            "    ({relative:?}, include_bytes!({:?})),\n",
            file.to_str().expect("UTF-8 paths")
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("sample_corpus.rs"), code).expect("write sample_corpus.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
