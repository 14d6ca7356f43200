//! The terminal experience: output fitted to a width, the sample index kept apart from one's
//! own, `--quiet` and summarised warnings, hints when filters meet what the index lacks, and a
//! real pseudo-terminal of 80 columns.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::util::{article_folders, build_index, run, status, temp_dir, tracuu, tracuu_binary};

/// Display columns of a line once colour codes are removed.
fn columns(line: &str) -> usize {
    let mut plain = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("\x1b[") {
        plain.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find('m').map_or(after.len(), |m| m + 1);
        rest = &after[end..];
    }
    plain.push_str(rest);
    plain.width()
}

fn sample_index() -> &'static Path {
    static INDEX: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| build_index("cli-terminal-", &article_folders()))
        .path()
}

fn stdout_at_80(args: &[&str]) -> String {
    let (output, stdout, stderr) = run(tracuu(sample_index()).args(["--width", "80"]).args(args));
    assert!(status(&output) <= 1, "{args:?}: {stderr}");
    for line in stderr.lines() {
        assert!(
            columns(line) <= 80,
            "{args:?} stderr over 80 columns: {line:?}"
        );
    }
    stdout
}

#[test]
fn width_80_output_has_no_line_over_80_columns_for_any_command() {
    for args in [
        &["search", "dang uy"][..],
        &["search", "quoc hoi", "--facet", "source", "--facet", "year"],
        &[
            "search",
            "-F",
            "Ban Thường vụ Tỉnh ủy yêu cầu Đảng ủy xã Thạch Ngọc",
        ],
        &["kwic", "dang vien", "-C", "20"],
        &["kwic", "tham nhung", "--sort", "left"],
        &[
            "trend",
            "\"tham nhũng\"",
            "\"đảng viên\"",
            "\"quốc hội\"",
            "\"kỷ luật\"",
        ],
        &["stats"],
        &["collocates", "tham nhung"],
        &["keywords", "--from", "2020", "--to", "2020"],
        &["ngrams", "-n", "3"],
        &["dispersion", "tham nhung"],
        &["abbreviations"],
        &["reuse", "Hà Tĩnh"],
        &[
            "analyze",
            "Đảng uỷ TP.HCM họp bàn công tác nhiệm kỳ 2020-2025",
        ],
    ] {
        let stdout = stdout_at_80(args);
        assert!(!stdout.is_empty(), "{args:?}");
        for line in stdout.lines() {
            assert!(
                columns(line) <= 80,
                "{args:?}: {} columns: {line:?}",
                columns(line)
            );
        }
    }
}

#[test]
fn a_width_too_narrow_for_a_line_is_refused() {
    for columns in ["1", "19"] {
        let (output, _, stderr) =
            run(tracuu(sample_index()).args(["--width", columns, "abbreviations"]));
        assert_eq!(status(&output), 2, "{stderr}");
        assert!(stderr.contains("20 columns or more"), "{stderr}");
    }
    let (output, stdout, stderr) =
        run(tracuu(sample_index()).args(["--width", "20", "abbreviations"]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stdout.lines().all(|line| columns(line) <= 20), "{stdout}");
}

#[test]
fn search_wraps_snippets_between_words_and_never_inside_a_match() {
    let stdout = stdout_at_80(&["search", "\"đảng viên\"", "-n", "20"]);
    let hits: Vec<Value> = {
        let (_, json, _) =
            run(tracuu(sample_index()).args(["search", "\"đảng viên\"", "-n", "20", "--json"]));
        json.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    // Every word of every snippet is on one line, whole, in the human output.
    let shown: Vec<&str> = stdout.lines().map(str::trim).collect();
    let shown_words: Vec<&str> = shown.iter().flat_map(|l| l.split_whitespace()).collect();
    for hit in &hits {
        let snippet = hit["snippet"].as_str().unwrap();
        for word in snippet.split_whitespace() {
            assert!(shown_words.contains(&word), "{word:?} split across lines");
        }
        for highlight in hit["highlights"].as_array().unwrap() {
            let (start, end) = (
                highlight[0].as_u64().unwrap() as usize,
                highlight[1].as_u64().unwrap() as usize,
            );
            let matched = &snippet[start..end];
            assert!(
                shown.iter().any(|line| line.contains(matched)),
                "match {matched:?} split across lines"
            );
        }
    }
}

#[test]
fn kwic_at_80_columns_keeps_every_match_whole() {
    let (_, json, _) = run(tracuu(sample_index()).args(["kwic", "dang vien", "--json"]));
    let matches: Vec<String> = json
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["match"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let stdout = stdout_at_80(&["kwic", "dang vien"]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), matches.len());
    for (line, matched) in lines.iter().zip(&matches) {
        assert!(
            line.contains(matched.as_str()),
            "{matched:?} not whole in {line:?}"
        );
    }
}

/// A `tracuu` command with no `--index`, its data under `home`.
fn without_index(home: &Path) -> Command {
    let mut command = Command::new(tracuu_binary());
    command
        .env_remove("TRACUU_INDEX")
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"));
    command
}

fn own_articles(dir: &Path, count: usize) -> PathBuf {
    let folder = dir.join("mine");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..count {
        std::fs::write(
            folder.join(format!("bai-{n}.txt")),
            format!("Hội nghị lần thứ {n} của Đảng ủy phường Bến Nghé\n\nĐảng ủy phường họp lần thứ {n}."),
        )
        .unwrap();
    }
    folder
}

#[test]
fn indexing_ones_own_articles_after_the_sample_never_mixes_them() {
    let home = temp_dir("cli-terminal-home-");
    let (output, _, stderr) = run(without_index(home.path()).args(["search", "đảng ủy"]));
    assert_eq!(status(&output), 0, "{stderr}");
    assert!(stderr.contains("sample index"), "{stderr}");
    let mine = own_articles(home.path(), 2);
    let (output, _, stderr) = run(without_index(home.path()).arg("index").arg(&mine));
    assert_eq!(status(&output), 0, "{stderr}");
    let (_, stats, _) = run(without_index(home.path()).args(["stats", "--json"]));
    let stats: Value = serde_json::from_str(stats.trim()).unwrap();
    assert_eq!(stats["documents"], 2, "only one's own articles: {stats}");
    let (_, hits, stderr) = run(without_index(home.path()).args(["search", "đảng ủy", "--json"]));
    assert_eq!(hits.lines().count(), 2, "{stderr}");
    assert!(!stderr.contains("sample index"), "{stderr}");
    // The sample index itself refuses new articles, and says how to start one's own.
    let sample = home.path().join("data/tracuu/sample-index");
    let (output, _, stderr) = run(without_index(home.path())
        .arg("--index")
        .arg(&sample)
        .arg("index")
        .arg(&mine));
    assert_eq!(status(&output), 2);
    assert!(
        stderr.contains("is the sample index") && stderr.contains("tracuu index PATH"),
        "{stderr}"
    );
}

#[test]
fn quiet_prints_nothing_on_a_corpus_of_copies_and_the_summary_counts_them() {
    let dir = temp_dir("cli-terminal-dups-");
    let folder = dir.path().join("copies");
    std::fs::create_dir_all(&folder).unwrap();
    // Long enough to join a story (short notices repeat legitimately).
    let body =
        "Ban Thường vụ Tỉnh ủy Nghệ An họp phiên thường kỳ tháng 3 bàn nhiều việc. ".repeat(5);
    for n in 0..8 {
        std::fs::write(
            folder.join(format!("copy-{n}.txt")),
            format!("Bản tin\n\n{body}"),
        )
        .unwrap();
    }
    let index = dir.path().join("index");
    let (output, stdout, stderr) = run(tracuu(&index).args(["index", "-q"]).arg(&folder));
    assert_eq!(status(&output), 0, "{stderr}");
    assert_eq!(
        (stdout.as_str(), stderr.as_str()),
        ("", ""),
        "--quiet prints nothing"
    );

    let index = dir.path().join("index-2");
    let (_, _, stderr) = run(tracuu(&index).args(["index", "--verbose"]).arg(&folder));
    assert_eq!(
        stderr.lines().count(),
        1,
        "no line per copy, even with --verbose: {stderr}"
    );
    assert!(
        stderr.starts_with("indexed 8, replaced 0, unchanged 0, copies 7,"),
        "every copy is indexed and the first starts the story: {stderr}"
    );
}

#[test]
fn a_date_filter_on_an_undated_index_says_why_it_found_nothing() {
    let dir = temp_dir("cli-terminal-undated-");
    let mine = own_articles(dir.path(), 3);
    let index = dir.path().join("index");
    let (output, _, stderr) = run(tracuu(&index).arg("index").arg(&mine));
    assert_eq!(status(&output), 0, "{stderr}");
    let (output, stdout, stderr) =
        run(tracuu(&index).args(["search", "--from", "2019", "\"đảng ủy\"", "-c"]));
    assert_eq!((status(&output), stdout.trim()), (1, "0"));
    assert!(
        stderr.contains("no document in this index has a date (3 undated)"),
        "{stderr}"
    );
    let (_, _, stderr) = run(tracuu(&index).args(["search", "--sort", "date", "đảng ủy"]));
    assert!(stderr.contains("--sort date cannot order them"), "{stderr}");
    assert!(stderr.contains("3 documents match"), "{stderr}");
    let (_, _, stderr) = run(tracuu(&index).args(["search", "source:\"Báo Nghệ An\" đảng ủy"]));
    assert!(
        stderr.contains("no document in this index has a source"),
        "{stderr}"
    );
}

/// The README's first-command output, between its "```text" fence and the next fence.
fn readme_first_output() -> Vec<String> {
    let readme = std::fs::read_to_string(crate::util::repo_root().join("README.md")).unwrap();
    let start = readme
        .find("```text\n")
        .expect("a text block in the README")
        + "```text\n".len();
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].lines().map(str::to_string).collect()
}

/// `text` without its white space: notes wrap wherever the width (and the paths in them)
/// make them wrap.
fn unwrapped(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn the_readme_first_command_output_is_what_the_binary_prints() {
    let home = temp_dir("cli-terminal-readme-");
    let (output, stdout, stderr) = run(without_index(home.path())
        .env_remove("XDG_DATA_HOME")
        .args(["--width", "80", "search", "dang uy"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let readme = readme_first_output();
    // The notes on stderr, up to the count, then the first hit on stdout.
    let count_line = readme
        .iter()
        .position(|l| l.contains(" match (read as"))
        .unwrap();
    let (notes, hit) = readme.split_at(count_line + 1);
    let stderr = stderr
        .replace(&home.path().display().to_string(), "/home/you")
        .replace(&crate::util::corpus().display().to_string(), "…/corpus");
    assert!(
        unwrapped(&stderr).contains(&unwrapped(&notes.join("\n"))),
        "README notes differ from stderr:\n{stderr}"
    );
    let printed: Vec<&str> = stdout.lines().collect();
    for (line, printed) in hit.iter().take_while(|l| l.trim() != "…").zip(&printed) {
        // A path is shown from its end; the README's starts at the corpus.
        let same = printed == line
            || line.trim_start().starts_with('…')
                && printed.ends_with(line.trim_start().trim_start_matches('…'));
        assert!(same, "README {line:?}, binary {printed:?}");
    }
}

/// What `tracuu ARGS` prints in a pseudo-terminal of 80 columns (stdout and stderr together, as
/// a terminal shows them), with `NO_COLOR` set or not.
fn in_terminal_of_80_columns(args: &[&str], no_color: bool) -> String {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut command = CommandBuilder::new(tracuu_binary());
    command.arg("--index");
    command.arg(sample_index());
    command.args(args);
    command.env_remove("TRACUU_INDEX");
    command.env_remove("NO_COLOR");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    let mut child = pair.slave.spawn_command(command).expect("tracuu starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut bytes = Vec::new();
    // The read ends with an error (EIO) on Linux once the child has closed the terminal.
    let _ = std::io::Read::read_to_end(&mut reader, &mut bytes);
    assert!(child.wait().unwrap().success(), "{args:?}");
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

#[test]
fn a_terminal_of_80_columns_gets_lines_that_fit_with_colours_unless_no_color() {
    for args in [
        &["search", "dang uy"][..],
        &["kwic", "tham nhung"],
        &["stats"],
    ] {
        let shown = in_terminal_of_80_columns(args, false);
        assert!(shown.contains("\x1b["), "{args:?}: colours on a terminal");
        for line in shown.lines() {
            assert!(
                columns(line) <= 80,
                "{args:?}: {} columns: {line:?}",
                columns(line)
            );
        }
        let plain = in_terminal_of_80_columns(args, true);
        assert!(!plain.contains("\x1b["), "{args:?}: NO_COLOR: {plain:?}");
        assert_eq!(
            plain.lines().count(),
            shown.lines().count(),
            "{args:?}: the same lines"
        );
    }
}

#[test]
fn problems_of_one_kind_are_listed_five_at_a_time_then_counted() {
    let dir = temp_dir("cli-terminal-warnings-");
    let folder = dir.path().join("empty-files");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..8 {
        std::fs::write(folder.join(format!("trong-{n}.txt")), "").unwrap();
    }
    std::fs::write(folder.join("bai.txt"), "Tin vắn\n\nĐảng ủy xã họp.").unwrap();
    let listed = |stderr: &str| stderr.lines().filter(|l| l.contains("warning:")).count();
    let (output, _, stderr) = run(tracuu(&dir.path().join("index")).arg("index").arg(&folder));
    assert_eq!(status(&output), 0, "{stderr}");
    assert_eq!(listed(&stderr), 5, "{stderr}");
    assert!(
        stderr.contains("… and 3 more warnings (empty); --verbose lists all"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warnings 8"),
        "the summary counts every one: {stderr}"
    );
    let (_, _, stderr) = run(tracuu(&dir.path().join("index-2"))
        .args(["index", "--verbose"])
        .arg(&folder));
    assert_eq!(listed(&stderr), 8, "{stderr}");
}
