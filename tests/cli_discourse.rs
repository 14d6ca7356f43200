//! The discourse views `tracuu collocates`, `keywords`, `ngrams` and `dispersion` over the
//! sample corpus: their `--json` and `--csv` records read back into the library's types, agree
//! with each other and with `tracuu kwic` (the lines of a phrase are its occurrences), and
//! every score is recomputed from the frequencies printed beside it.
//!
//! Counts compared with an independent scan of real articles are in tests/shared_corpora.rs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tracuu_research::{
    association, keyness, Collocate, Direction, DispersionRow, Keyword, KwicLine, Ngram,
};

use crate::util::{article_folders, build_index, index_of_articles, nfc, run, status, tracuu};

static INDEX: OnceLock<TempDir> = OnceLock::new();

fn index() -> &'static Path {
    INDEX
        .get_or_init(|| build_index("cli-discourse-", &article_folders()))
        .path()
}

/// `tracuu ARGS` over the shared index: stdout, asserting the exit status.
fn stdout_of(args: &[&str], expected_status: i32) -> String {
    let (output, stdout, stderr) = run(tracuu(index()).args(args));
    assert_eq!(
        status(&output),
        expected_status,
        "`tracuu {args:?}`; stderr: {stderr}"
    );
    stdout
}

fn json<T: DeserializeOwned>(args: &[&str]) -> Vec<T> {
    let mut all = args.to_vec();
    all.push("--json");
    stdout_of(&all, 0)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn csv<T: DeserializeOwned>(args: &[&str]) -> Vec<T> {
    let mut all = args.to_vec();
    all.push("--csv");
    csv::Reader::from_reader(stdout_of(&all, 0).as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The concordance of `query` (with extra arguments).
fn kwic(query: &str, extra: &[&str]) -> Vec<KwicLine> {
    let mut args = vec!["kwic", query];
    args.extend(extra);
    let (output, stdout, _) = run(tracuu(index()).args(&args).arg("--json"));
    assert!(status(&output) <= 1);
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

#[test]
fn collocates_in_json_and_csv_with_scores_from_their_counts() {
    let args = [
        "collocates",
        "\"đảng viên\"",
        "-n",
        "0",
        "--min-freq",
        "1",
        "-w",
        "4,3",
    ];
    let records: Vec<Collocate> = json(&args);
    assert!(!records.is_empty());
    // The same records (serde_json's float parsing may differ from CSV's in the last digit).
    let from_csv = csv::<Collocate>(&args);
    assert_eq!(from_csv.len(), records.len());
    for (a, b) in from_csv.iter().zip(&records) {
        assert_eq!(
            (&a.collocate, a.observed, a.frequency, a.window),
            (&b.collocate, b.observed, b.frequency, b.window)
        );
        assert!(close(a.log_likelihood, b.log_likelihood) && close(a.log_dice, b.log_dice));
    }
    let lines = kwic("\"đảng viên\"", &[]);
    for c in &records {
        assert_eq!(
            c.node,
            lines.len() as u64,
            "the node is the concordance's lines"
        );
        assert!(c.observed <= c.frequency && c.observed <= c.window && c.window <= c.corpus);
        let a = association(c.observed, c.node, c.window, c.frequency, c.corpus);
        assert!(close(a.expected, c.expected) && close(a.log_likelihood, c.log_likelihood));
        assert!(close(a.mi, c.mi) && close(a.t_score, c.t_score) && close(a.log_dice, c.log_dice));
    }
    assert!(records
        .windows(2)
        .all(|w| w[0].log_likelihood >= w[1].log_likelihood));
    // A left collocate is a word just left of a line of the concordance.
    let lefts: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| {
            nfc(&l.left)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .map(str::to_string)
        })
        .collect();
    let left: Vec<Collocate> = json(&[
        "collocates",
        "\"đảng viên\"",
        "-n",
        "0",
        "--min-freq",
        "1",
        "-w",
        "1,0",
        "--max-words",
        "1",
    ]);
    let found: BTreeSet<String> = left
        .iter()
        .map(|c| nfc(&c.collocate).to_lowercase())
        .collect();
    assert!(found.is_subset(&lefts), "{found:?} ⊄ {lefts:?}");
    assert!(left.iter().all(|c| c.right == 0));
    // A human table.
    let table = stdout_of(&["collocates", "dang vien", "--color", "never"], 0);
    assert!(
        table.contains("collocate") && table.contains("logDice"),
        "{table}"
    );
}

#[test]
fn ngrams_of_a_phrase_count_its_concordance_lines() {
    for phrase in ["đảng viên", "đảng ủy"] {
        let quoted = format!("\"{phrase}\"");
        let lines = kwic(&quoted, &[]);
        let records: Vec<Ngram> = json(&["ngrams", &quoted, "-n", "0", "--min-docs", "1"]);
        let record = records.iter().find(|n| n.ngram == phrase).unwrap();
        assert_eq!(record.frequency, lines.len() as u64, "{phrase}");
        let documents: BTreeSet<&str> = lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(record.documents, documents.len() as u64, "{phrase}");
        assert!(records.windows(2).all(|w| w[0].frequency >= w[1].frequency));
    }
    let all: Vec<Ngram> = json(&["ngrams", "-N", "2-4", "-n", "20"]);
    assert_eq!(all.len(), 20);
    assert!(all
        .iter()
        .all(|n| (2..=4).contains(&n.words) && n.documents >= 2));
    assert_eq!(csv::<Ngram>(&["ngrams", "-N", "2-4", "-n", "20"]), all);
}

/// Three reports in which `của các` and `và các`, function words only, are the most frequent
/// bigrams (4 times each in 3 documents).
const PROVINCE_REPORTS: &[(&str, &str, &str)] = &[
    (
        "r1",
        "Kiểm tra tiến độ",
        "Tỉnh yêu cầu các sở và các ngành kiểm tra tiến độ của các dự án của các huyện.",
    ),
    (
        "r2",
        "Báo cáo tiến độ",
        "Các sở và các ngành báo cáo tiến độ của các dự án và các công trình.",
    ),
    (
        "r3",
        "Đôn đốc tiến độ",
        "Tỉnh giao các sở và các ngành đôn đốc tiến độ của các dự án.",
    ),
];

#[test]
fn ngrams_without_function_words_fill_the_limit() {
    let dir = index_of_articles("ngrams-function-words", PROVINCE_REPORTS);
    // Bigrams by a plain scan: adjacent words of a run between punctuation marks, lowercased,
    // with their occurrences and documents.
    let mut counted: BTreeMap<String, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for (id, _, body) in PROVINCE_REPORTS {
        for run in body.split(['.', ',']) {
            let words: Vec<String> = run.split_whitespace().map(str::to_lowercase).collect();
            for pair in words.windows(2) {
                let entry = counted.entry(pair.join(" ")).or_default();
                entry.0 += 1;
                entry.1.insert(id);
            }
        }
    }
    // Of these texts' words, only `các`, `và` and `của` are function words.
    let function_words = ["các", "và", "của"];
    let mut ranked: Vec<(String, u64, u64)> = counted
        .into_iter()
        .map(|(ngram, (frequency, documents))| (ngram, frequency, documents.len() as u64))
        .filter(|(_, _, documents)| *documents >= 2)
        .collect();
    ranked.sort_by(|a, b| (b.1, b.2).cmp(&(a.1, a.2)).then(a.0.cmp(&b.0)));
    assert_eq!(
        (ranked[0].0.as_str(), ranked[1].0.as_str()),
        ("của các", "và các")
    );
    ranked.retain(|(ngram, _, _)| !ngram.split(' ').all(|w| function_words.contains(&w)));
    for limit in [1, 2, 3, 5] {
        let (output, stdout, stderr) = run(tracuu(dir.path()).args([
            "ngrams",
            "-N",
            "2",
            "--no-function-words",
            "-n",
            &limit.to_string(),
            "--json",
        ]));
        assert_eq!(status(&output), 0, "-n {limit}: {stderr}");
        let shown: Vec<(String, u64, u64)> = stdout
            .lines()
            .map(|l| serde_json::from_str::<Ngram>(l).unwrap())
            .map(|n| (nfc(&n.ngram), n.frequency, n.documents))
            .collect();
        assert_eq!(shown, ranked[..limit], "-n {limit}");
    }
}

#[test]
fn keywords_of_a_year_count_the_phrase_in_and_out_of_it() {
    let records: Vec<Keyword> = json(&[
        "keywords",
        "--from",
        "2020",
        "--to",
        "2020",
        "-n",
        "0",
        "--min-freq",
        "1",
        "--max-words",
        "2",
    ]);
    let in_year = kwic("\"đảng viên\"", &["--from", "2020", "--to", "2020"]).len() as u64;
    let all = kwic("\"đảng viên\"", &[]).len() as u64;
    let k = records.iter().find(|k| k.keyword == "đảng viên").unwrap();
    assert_eq!((k.target, k.reference), (in_year, all - in_year));
    for k in &records {
        let again = keyness(k.target, k.reference, k.target_words, k.reference_words);
        assert!(
            close(again.log_likelihood, k.log_likelihood),
            "{}",
            k.keyword
        );
        match (again.log_ratio, k.log_ratio) {
            (Some(again), Some(printed)) => assert!(close(again, printed), "{}", k.keyword),
            (again, printed) => assert_eq!(again, printed, "{}", k.keyword),
        }
    }
    // A reference of its own: 2021 only.
    let against: Vec<Keyword> = json(&[
        "keywords",
        "--from",
        "2020",
        "--to",
        "2020",
        "--reference-from",
        "2021",
        "--reference-to",
        "2021",
        "-n",
        "0",
        "--min-freq",
        "1",
    ]);
    let in_2021 = kwic("\"đảng viên\"", &["--from", "2021", "--to", "2021"]).len() as u64;
    let k = against.iter().find(|k| k.keyword == "đảng viên").unwrap();
    assert_eq!((k.target, k.reference), (in_year, in_2021));
    assert!(against[0].reference_words < records[0].reference_words);
}

/// Four articles about a province and one about the weather: 51 words against 7.
const PROVINCE_AND_WEATHER: &[(&str, &str, &str)] = &[
    (
        "t1",
        "Tin địa phương",
        "Tỉnh tổ chức hội nghị bàn kế hoạch phát triển kinh tế.",
    ),
    (
        "t2",
        "Tin địa phương",
        "Lãnh đạo tỉnh kiểm tra tiến độ các dự án giao thông.",
    ),
    (
        "t3",
        "Tin địa phương",
        "Kinh tế của tỉnh tăng trưởng khá nhờ du lịch và nông nghiệp.",
    ),
    (
        "t4",
        "Tin địa phương",
        "Tỉnh khen thưởng các tập thể có thành tích trong phát triển kinh tế.",
    ),
    ("w1", "Thời tiết", "Trời mưa to kéo dài nhiều ngày."),
];

/// The words of the bodies of `ids` in `articles`, lowercased, with their counts.
fn word_counts(articles: &[(&str, &str, &str)], ids: &[&str]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for (_, _, body) in articles.iter().filter(|(id, _, _)| ids.contains(id)) {
        for word in body.split_whitespace() {
            let word = word.trim_matches(|c: char| c.is_ascii_punctuation());
            *counts.entry(word.to_lowercase()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn keywords_by_log_ratio_rank_each_direction_by_its_sign() {
    let dir = index_of_articles("keywords-ratio", PROVINCE_AND_WEATHER);
    // Every one-word keyword of `target` against `reference`, by log ratio.
    let by_ratio = |target: &str, reference: &str, json: bool| {
        let mut args = vec![
            "keywords",
            target,
            "--reference",
            reference,
            "--by",
            "ratio",
            "--max-words",
            "1",
            "--min-freq",
            "1",
            "-n",
            "0",
        ];
        args.extend(json.then_some("--json"));
        run(tracuu(dir.path()).args(args))
    };
    let province = ["t1", "t2", "t3", "t4"];
    for (target_query, target_ids, reference_query, reference_ids) in [
        ("tỉnh", &province[..], "mưa", &["w1"][..]),
        ("mưa", &["w1"][..], "tỉnh", &province[..]),
    ] {
        let (output, stdout, stderr) = by_ratio(target_query, reference_query, true);
        assert_eq!(status(&output), 0, "{stderr}");
        let listed: Vec<Keyword> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Each word's log ratio from plain counts: log2((a/c) / (b/d)), a zero counted as
        // 0.5, and none where that stand-in gives the sign of the other direction.
        let target = word_counts(PROVINCE_AND_WEATHER, target_ids);
        let reference = word_counts(PROVINCE_AND_WEATHER, reference_ids);
        let (c, d) = (
            target.values().sum::<u64>(),
            reference.values().sum::<u64>(),
        );
        let mut expected: Vec<(String, bool, Option<f64>, u64)> = Vec::new();
        for word in target
            .keys()
            .chain(reference.keys())
            .collect::<BTreeSet<_>>()
        {
            let a = target.get(word).copied().unwrap_or(0);
            let b = reference.get(word).copied().unwrap_or(0);
            let rate = |f: u64, words: u64| if f == 0 { 0.5 } else { f as f64 } / words as f64;
            let ratio = (rate(a, c) / rate(b, d)).log2();
            let positive = a * d > b * c;
            let agrees = if positive { ratio > 0.0 } else { ratio < 0.0 };
            expected.push((word.clone(), positive, agrees.then_some(ratio), a + b));
        }
        // Positive keywords from the highest log ratio, negative ones from the lowest, those
        // without one last; ties: more occurrences first, then the word.
        let strength = |e: &(String, bool, Option<f64>, u64)| {
            e.2.map_or(f64::NEG_INFINITY, |r| if e.1 { r } else { -r })
        };
        expected.sort_by(|x, y| {
            y.1.cmp(&x.1)
                .then(strength(y).total_cmp(&strength(x)))
                .then(y.3.cmp(&x.3))
                .then(x.0.cmp(&y.0))
        });
        let shown: Vec<(String, bool)> = listed
            .iter()
            .map(|k| (nfc(&k.keyword), k.direction == Direction::Positive))
            .collect();
        let wanted: Vec<(String, bool)> = expected.iter().map(|e| (nfc(&e.0), e.1)).collect();
        assert_eq!(shown, wanted, "{target_query} against {reference_query}");
        for (k, e) in listed.iter().zip(&expected) {
            match (k.log_ratio, e.2) {
                (Some(printed), Some(ratio)) => assert!(close(printed, ratio), "{}", e.0),
                (printed, ratio) => assert_eq!(printed, ratio, "{}", e.0),
            }
        }
    }
    // `tỉnh`, 4 of 51 words against none of 7, is more frequent than the stand-in's half
    // occurrence in 7 words: log2((4/51) / (0.5/7)) = 0.13, the strongest. `kinh` (3 of 51) is
    // not: no log ratio, shown as `–`.
    let (_, table, _) = by_ratio("tỉnh", "mưa", false);
    let row = |word: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(word))
            .unwrap_or_else(|| panic!("{word} in {table}"))
            .to_string()
    };
    assert!(
        row("tỉnh").trim_start().starts_with("1 ") && row("tỉnh").ends_with(" 0.13"),
        "{table}"
    );
    assert!(row("kinh").ends_with(" –"), "{table}");
}

/// Two articles about transport (the target of `"giao thông"`), and a reference to choose
/// among: `UBND` written short or in full, and a bus written two ways.
const COMMITTEES_AND_BUSES: &[(&str, &str, &str)] = &[
    (
        "g1",
        "Giao thông",
        "Sở Giao thông vận tải đề xuất mở thêm tuyến đường mới.",
    ),
    (
        "g2",
        "Giao thông",
        "Tình hình giao thông dịp lễ được bảo đảm an toàn.",
    ),
    ("u1", "Họp", "UBND tỉnh họp bàn kế hoạch năm tới."),
    (
        "u2",
        "Phòng chống bão",
        "UBND huyện chỉ đạo phòng chống bão.",
    ),
    (
        "u3",
        "Tiếp dân",
        "Ủy ban nhân dân xã tổ chức tiếp dân định kỳ.",
    ),
    (
        "b1",
        "Hành khách",
        "Hành khách đi xe buýt tăng mạnh trong năm.",
    ),
    ("b2", "Tuyến mới", "Thành phố thêm tuyến xe bus mới."),
];

#[test]
fn keywords_reference_query_takes_the_query_options() {
    let dir = index_of_articles("keywords-reference", COMMITTEES_AND_BUSES);
    let synonyms = dir.path().join("synonyms.txt");
    std::fs::write(&synonyms, "xe buýt | xe bus\n").unwrap();
    let synonyms = synonyms.to_str().unwrap();
    let holding = |text: &str| {
        COMMITTEES_AND_BUSES
            .iter()
            .filter(|(_, _, body)| body.contains(text))
            .count()
    };
    let reference_documents = |reference: &str, options: &[&str]| -> usize {
        let (output, stdout, stderr) = run(tracuu(dir.path())
            .args(["keywords", "\"giao thông\"", "--reference", reference])
            .args(["--min-freq", "1", "-n", "1"])
            .args(options));
        assert_eq!(status(&output), 0, "{reference} {options:?}: {stderr}");
        let sizes = stdout.lines().next().unwrap();
        let documents = sizes.split("reference: ").nth(1).unwrap();
        documents.split(' ').next().unwrap().parse().unwrap()
    };
    // `UBND` also finds `Ủy ban nhân dân`, unless --no-expand.
    assert_eq!(
        reference_documents("UBND", &[]),
        holding("UBND") + holding("Ủy ban nhân dân")
    );
    assert_eq!(
        reference_documents("UBND", &["--no-expand"]),
        holding("UBND")
    );
    // A synonyms file for the query: `xe buýt` also finds `xe bus`.
    assert_eq!(reference_documents("xe buýt", &[]), holding("xe buýt"));
    assert_eq!(
        reference_documents("xe buýt", &["--synonyms", synonyms]),
        holding("xe buýt") + holding("xe bus")
    );
    // `UBND -tỉnh` leaves out `tỉnh`; taken as text (-F), it is the words `UBND tỉnh`.
    assert_eq!(
        reference_documents("UBND -tỉnh", &[]),
        holding("UBND huyện") + holding("Ủy ban nhân dân")
    );
    assert_eq!(
        reference_documents("UBND -tỉnh", &["-F"]),
        holding("UBND tỉnh")
    );
}

#[test]
fn dispersion_rows_and_plot() {
    let rows: Vec<DispersionRow> = json(&["dispersion", "\"đảng viên\""]);
    let lines = kwic("\"đảng viên\"", &[]);
    assert_eq!(
        rows.iter().map(|r| r.occurrences).sum::<u64>(),
        lines.len() as u64
    );
    let from_csv = csv::<DispersionRow>(&["dispersion", "\"đảng viên\""]);
    assert_eq!(from_csv.len(), rows.len());
    for (a, b) in from_csv.iter().zip(&rows) {
        assert_eq!(
            (a.period, a.words, a.occurrences),
            (b.period, b.words, b.occurrences)
        );
        assert!(close(a.dp_periods.unwrap(), b.dp_periods.unwrap()));
    }
    let dp = rows[0].dp_documents.unwrap();
    assert!((0.0..=1.0).contains(&dp) && rows.iter().all(|r| r.dp_documents == Some(dp)));
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("plot.svg");
    let (output, _, stderr) = run(tracuu(index())
        .args(["dispersion", "\"đảng viên\"", "--plot"])
        .arg(&plot));
    assert_eq!(status(&output), 0, "{stderr}");
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(
        svg.contains(&format!("“đảng viên”: {} occurrences", lines.len())),
        "{svg}"
    );
}

#[test]
fn dispersion_over_a_single_period_is_not_given() {
    // The undated articles of an index without dates: one part. `tuyến` twice, in g1 and b2.
    let dir = index_of_articles("dispersion-undated", COMMITTEES_AND_BUSES);
    let (output, stdout, stderr) = run(tracuu(dir.path()).args(["dispersion", "tuyến", "--json"]));
    assert_eq!(status(&output), 0, "{stderr}");
    let rows: Vec<DispersionRow> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].period, rows[0].occurrences), (None, 2));
    assert_eq!((rows[0].dp_periods, rows[0].dp_norm_periods), (None, None));
    // Over documents it is given: ½ Σ |vᵢ − sᵢ| with each body's share of the words.
    let words: Vec<f64> = COMMITTEES_AND_BUSES
        .iter()
        .map(|(_, _, body)| body.split_whitespace().count() as f64)
        .collect();
    let total: f64 = words.iter().sum();
    let expected: f64 = COMMITTEES_AND_BUSES
        .iter()
        .zip(&words)
        .map(|((_, _, body), w)| (body.matches("tuyến").count() as f64 / 2.0 - w / total).abs())
        .sum::<f64>()
        / 2.0;
    assert!(close(rows[0].dp_documents.unwrap(), expected));
    assert!(
        stdout.contains(r#""dp_periods":null,"dp_norm_periods":null"#),
        "{stdout}"
    );

    // A year of the sample corpus: one period, with occurrences.
    let rows: Vec<DispersionRow> = json(&[
        "dispersion",
        "\"đảng viên\"",
        "--from",
        "2021",
        "--to",
        "2021",
    ]);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].occurrences > 0);
    assert_eq!((rows[0].dp_periods, rows[0].dp_norm_periods), (None, None));
    let table = stdout_of(
        &[
            "dispersion",
            "\"đảng viên\"",
            "--from",
            "2021",
            "--to",
            "2021",
        ],
        0,
    );
    assert!(
        table.contains("DP over periods   – (normalised –)"),
        "{table}"
    );
    let from_csv = csv::<DispersionRow>(&[
        "dispersion",
        "\"đảng viên\"",
        "--from",
        "2021",
        "--to",
        "2021",
    ]);
    assert_eq!(from_csv[0].dp_periods, None);
}

#[test]
fn keywords_of_a_target_matching_nothing_are_none_as_a_search_without_hits() {
    let (output, stdout, stderr) = run(tracuu(index()).args(["keywords", "xyzqwv"]));
    assert_eq!(status(&output), 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("the target holds no document"), "{stderr}");
    let (output, stdout, stderr) = run(tracuu(index()).args(["keywords", "xyzqwv", "--csv"]));
    assert_eq!(status(&output), 1, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "a header row only: {stdout}");
}

#[test]
fn bad_requests_are_clear_errors() {
    for (args, message) in [
        (&["collocates", "đảng", "-w", "60,1"][..], "from 0 to 50"),
        (&["collocates", "date:2020"][..], "need a word or phrase"),
        (
            &["collocates", "đảng", "-w", "0,3", "--side", "left"][..],
            "no word on the side",
        ),
        (&["ngrams", "-N", "6"][..], "from 2 to 5"),
        (&["keywords"][..], "the reference holds no document"),
        (
            &["dispersion", "đảng", "--plot", "x.pdf"][..],
            ".svg or .png",
        ),
        (
            &["collocates", "đảng", "--csv", "--json"][..],
            "cannot be used with",
        ),
    ] {
        let (output, _, stderr) = run(tracuu(index()).args(args));
        assert_eq!(status(&output), 2, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn keywords_from_the_unit_table_are_those_of_reading_the_rest() {
    let folders = article_folders();
    let dir = build_index("cli-unit-table-", &folders[..2]);
    let keywords = |extra: &[&str]| {
        let (output, stdout, stderr) = run(tracuu(dir.path())
            .args([
                "keywords", "--from", "2020", "--to", "2020", "-n", "0", "--json",
            ])
            .args(extra));
        assert_eq!(status(&output), 0, "stderr: {stderr}");
        (stdout, stderr)
    };
    let table = dir.path().join("tracuu-units.bin");
    let (first, note) = keywords(&[]);
    assert!(note.contains(&table.display().to_string()), "{note}");
    assert!(table.is_file());
    let (later, note) = keywords(&[]);
    assert!(note.is_empty(), "{note}");
    let (scanned, _) = keywords(&["--no-unit-table"]);
    assert_eq!(first, scanned);
    assert_eq!(later, scanned);
    let records: Vec<Keyword> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.iter().all(|k| k.target >= 5 || k.reference >= 5));

    // Documents added since: the table is counted again, never used stale.
    let (code, _, stderr) = crate::util::index_json(dir.path(), &folders[2..], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (after, note) = keywords(&[]);
    assert!(note.contains("tracuu-units.bin"), "{note}");
    let (scanned, _) = keywords(&["--no-unit-table"]);
    assert_eq!(after, scanned);
    assert_ne!(after, first);
}
