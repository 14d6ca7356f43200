//! The analyzer through its public API, on short Vietnamese phrases of the kinds found in news pages.

use proptest::prelude::*;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tracuu_indexer::analysis::{
    analyze, char_class, fold_char, fold_term, normalize_term, CharClass, Form, TokenKind,
    VietnameseTokenizer, BREAK_MARK,
};
use unicode_normalization::UnicodeNormalization;

fn terms(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|t| t.term).collect()
}

fn folded(text: &str) -> Vec<String> {
    analyze(text).into_iter().map(|t| t.folded).collect()
}

fn word_terms(text: &str) -> Vec<String> {
    analyze(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.term)
        .collect()
}

fn tantivy_terms(
    tokenizer: impl tantivy::tokenizer::Tokenizer,
    text: &str,
) -> Vec<(String, usize)> {
    let mut analyzer = TextAnalyzer::from(tokenizer);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push((stream.token().text.clone(), stream.token().position));
    }
    out
}

#[test]
fn nfd_and_mixed_input_give_the_terms_of_nfc_input() {
    let phrases = [
        "Đảng ủy Khối các cơ quan tỉnh",
        "Nghị quyết Trung ương 4 (khóa XI) về xây dựng Đảng",
        "Chủ tịch UBND tỉnh Nghệ An tiếp xúc cử tri",
        "Bộ trưởng Bộ Ngoại giao hội đàm với người đồng cấp",
        "Thủ tướng yêu cầu đẩy nhanh giải ngân vốn đầu tư công",
    ];
    for nfc in phrases {
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfd, nfc, "the NFD text really is decomposed");
        let mixed: String = nfc
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                if i % 2 == 0 {
                    w.nfd().collect()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(terms(&nfd), terms(nfc), "NFD: {nfc}");
        assert_eq!(terms(&mixed), terms(nfc), "mixed: {nfc}");
        assert_eq!(folded(&nfd), folded(nfc), "NFD folded: {nfc}");
    }
}

#[test]
fn old_and_new_tone_placement_are_one_term() {
    let table = [
        ("hoà", "hòa"),
        ("uỷ", "ủy"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("toà", "tòa"),
        ("hoạ", "họa"),
        ("Thuỵ", "thụy"),
        ("luỹ", "lũy"),
        ("tuỳ", "tùy"),
        ("hoả", "hỏa"),
        ("thoả", "thỏa"),
    ];
    for (old, new) in table {
        assert_eq!(normalize_term(old), normalize_term(new), "{old} / {new}");
        assert_eq!(
            normalize_term(old),
            new.to_lowercase(),
            "canonical form of {old}"
        );
    }
    assert_eq!(terms("Cấp uỷ hoà giải"), terms("cấp ủy hòa giải"));
}

#[test]
fn qu_and_gi_syllables_keep_their_tone_on_the_main_vowel() {
    for word in [
        "quả", "quý", "quyết", "quốc", "quỹ", "giữ", "giá", "giải", "gìn", "giếng",
    ] {
        assert_eq!(normalize_term(word), word);
    }
    assert_eq!(
        normalize_term("qúa"),
        "quá",
        "a tone typed on the u of qu moves to the vowel"
    );
}

#[test]
fn case_does_not_matter() {
    assert_eq!(terms("ĐẢNG Đảng đảng ĐảNg"), ["đảng"; 4]);
    assert_eq!(terms("ỦY BAN NHÂN DÂN"), ["ủy", "ban", "nhân", "dân"]);
}

#[test]
fn the_eth_some_web_text_writes_for_d_with_stroke_is_read_as_it() {
    // U+00D0 and U+00F0, the Icelandic eth, look like `Đ` and `đ` (U+0110, U+0111).
    assert_eq!(terms("\u{d0}ảng \u{f0}iều"), ["đảng", "điều"]);
    assert_eq!(folded("\u{d0}ảng \u{f0}iều"), ["dang", "dieu"]);
    assert_eq!(fold_term("\u{d0}\u{c2}NG"), "dang");
}

#[test]
fn folding_gives_accent_free_terms() {
    assert_eq!(folded("Đảng ủy"), ["dang", "uy"]);
    assert_eq!(
        folded("Người dân được hưởng lợi"),
        ["nguoi", "dan", "duoc", "huong", "loi"]
    );
    assert_eq!(fold_term("Đắk Lắk"), "dak");
    assert_eq!(fold_term("ĐĂNG"), "dang");
}

#[test]
fn separators_and_invisible_characters_never_enter_terms() {
    let cases = [
        ("Đảng\u{a0}ủy", vec!["đảng", "ủy"]),
        ("“Tuổi trẻ” và \"Đoàn\"", vec!["tuổi", "trẻ", "và", "đoàn"]),
        ("‘lấy dân làm gốc’", vec!["lấy", "dân", "làm", "gốc"]),
        ("\u{feff}Hà Nội", vec!["hà", "nội"]),
        ("đảng\u{200b}viên", vec!["đảng", "viên"]),
        ("đảng\u{ad}viên", vec!["đảngviên"]),
        (
            "cán bộ—đảng viên – nhân dân…",
            vec!["cán", "bộ", "đảng", "viên", "nhân", "dân"],
        ),
        ("Hội\u{200d}nghị\u{2060}", vec!["hộinghị"]),
        ("lối sống...", vec!["lối", "sống"]),
    ];
    for (text, expected) in cases {
        assert_eq!(word_terms(text), expected, "{text:?}");
        for token in analyze(text) {
            assert!(
                !token.term.chars().any(|c| c.is_whitespace()
                    || "\u{ad}\u{200b}\u{200d}\u{2060}\u{feff}“”‘’\"—–…".contains(c)),
                "{:?} in {text:?}",
                token.term
            );
        }
    }
}

#[test]
fn codes_and_numbers_are_findable_whole_and_by_part() {
    let cases = [
        (
            "Luật số 45/2019/QH14",
            "45/2019/qh14",
            vec!["45", "2019", "qh14"],
        ),
        ("ngày 28/9/2021", "28/9/2021", vec!["28", "9", "2021"]),
        ("2.900.000 đồng", "2.900.000", vec!["2", "900", "000"]),
        ("tại TP.HCM", "tp.hcm", vec!["tp", "hcm"]),
        ("dịch Covid-19", "covid-19", vec!["covid", "19"]),
        ("Quyết định 47-QĐ/TW", "47-qđ/tw", vec!["47", "qđ", "tw"]),
        ("tăng 61,5%", "61,5", vec!["61", "5"]),
    ];
    for (text, code, parts) in cases {
        let tokens = analyze(text);
        let code_token = tokens
            .iter()
            .find(|t| t.kind == TokenKind::Code)
            .unwrap_or_else(|| panic!("no code in {text:?}"));
        assert_eq!(code_token.term, code);
        let part_tokens: Vec<_> = tokens
            .iter()
            .filter(|t| {
                t.kind == TokenKind::Word && t.start >= code_token.start && t.end <= code_token.end
            })
            .collect();
        assert_eq!(
            part_tokens
                .iter()
                .map(|t| t.term.as_str())
                .collect::<Vec<_>>(),
            parts
        );
        assert_eq!(part_tokens[0].position, code_token.position, "{text}");
        assert_eq!(&text[code_token.start..code_token.end], code_token.text);
    }
    assert_eq!(fold_term("QĐ"), "qd");
    assert_eq!(normalize_term("45/2019/QH14"), "45/2019/qh14");
}

#[test]
fn trailing_and_leading_punctuation_does_not_make_a_code() {
    assert_eq!(terms("năm 2021. Sau đó"), ["năm", "2021", "sau", "đó"]);
    assert_eq!(terms("-Hà Nội/"), ["hà", "nội"]);
    assert_eq!(terms("cán bộ, đảng viên"), ["cán", "bộ", "đảng", "viên"]);
}

#[test]
fn offsets_point_into_the_original_text_even_in_nfd() {
    let nfc = "Đảng uỷ Khối: “Hoà hợp” 45/2019/QH14";
    let nfd: String = nfc.nfd().collect();
    for text in [nfc, nfd.as_str()] {
        for token in analyze(text) {
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            assert_eq!(&text[token.start..token.end], token.text);
        }
    }
    let tokens = analyze(&nfd);
    assert_eq!(tokens[0].text, "Đảng".nfd().collect::<String>());
    assert_eq!(tokens[0].term, "đảng");
    assert_eq!(
        tokens[1].text,
        "uỷ".nfd().collect::<String>(),
        "the surface keeps the author's spelling"
    );
    assert_eq!(tokens[1].term, "ủy");
}

#[test]
fn positions_count_words_so_phrases_match_in_both_forms() {
    let text = "Đảng viên, TP.HCM và cán bộ";
    let exact = tantivy_terms(VietnameseTokenizer::new(Form::Exact), text);
    let folded = tantivy_terms(VietnameseTokenizer::new(Form::Folded), text);
    let positions = |tokens: &[(String, usize)]| tokens.iter().map(|t| t.1).collect::<Vec<_>>();
    // The comma leaves a gap: `viên` at 1, `TP.HCM` at 3, where its first word is given again,
    // marked as after a break.
    assert_eq!(positions(&exact), [0, 1, 3, 3, 3, 4, 5, 6, 7]);
    assert_eq!(positions(&exact), positions(&folded));
    assert_eq!(
        folded.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
        ["dang", "vien", "tp.hcm", "tp", "¶tp", "hcm", "va", "can", "bo"]
    );
}

/// Each word's term and position.
fn positions(text: &str) -> Vec<(String, usize)> {
    analyze(text)
        .into_iter()
        .map(|t| (t.term, t.position))
        .collect()
}

/// `(term, position)` pairs from `expected`.
fn at(expected: &[(&str, usize)]) -> Vec<(String, usize)> {
    expected.iter().map(|&(t, p)| (t.to_owned(), p)).collect()
}

#[test]
fn sentence_and_clause_punctuation_leaves_a_position_gap() {
    // Each pair: two words separated by one kind of punctuation, the second one position further
    // than if a space separated them.
    let cases = [
        ("khỏi Đảng. Uỷ ban", "full stop"),
        ("Đảng! Uỷ ban", "exclamation mark"),
        ("Đảng? Uỷ ban", "question mark"),
        ("Đảng; Uỷ ban", "semicolon"),
        ("Đảng: Uỷ ban", "colon"),
        ("Đảng, Uỷ ban", "comma"),
        ("Đảng… Uỷ ban", "ellipsis"),
        ("Đảng... Uỷ ban", "three dots"),
        ("Đảng (Uỷ ban", "opening bracket"),
        ("Đảng) Uỷ ban", "closing bracket"),
        ("Đảng [Uỷ] ban", "square bracket"),
        ("Đảng {Uỷ} ban", "brace"),
        ("Đảng – Uỷ ban", "en dash"),
        ("Đảng—Uỷ ban", "em dash without spaces"),
        ("Đảng ‒ Uỷ ban", "figure dash"),
        ("Đảng - Uỷ ban", "hyphen between spaces"),
        ("Đảng “Uỷ” ban", "curly double quotes"),
        ("Đảng \"Uỷ\" ban", "straight double quotes"),
        ("Đảng ‘Uỷ’ ban", "curly single quotes"),
        ("Đảng 'Uỷ' ban", "straight single quotes"),
        ("Đảng «Uỷ» ban", "guillemets"),
        ("Đảng\nUỷ ban", "line break"),
        ("Đảng\r\n\r\nUỷ ban", "paragraph break"),
        ("Đảng\u{2028}Uỷ ban", "line separator"),
    ];
    for (text, what) in cases {
        let tokens = positions(text);
        let dang = tokens.iter().find(|t| t.0 == "đảng").expect(text);
        let uy = tokens.iter().find(|t| t.0 == "ủy").expect(text);
        assert_eq!(uy.1, dang.1 + 2, "{what}: {text:?} gives {tokens:?}");
    }
}

#[test]
fn spaces_symbols_apostrophes_and_codes_leave_no_gap() {
    assert_eq!(
        positions("Đảng  ủy\u{a0}xã\tThạch\u{200b}Kim"),
        at(&[("đảng", 0), ("ủy", 1), ("xã", 2), ("thạch", 3), ("kim", 4)])
    );
    assert_eq!(
        positions("lãi 5% / năm & phí + thuế #1 @ban"),
        at(&[
            ("lãi", 0),
            ("5", 1),
            ("năm", 2),
            ("phí", 3),
            ("thuế", 4),
            ("1", 5),
            ("ban", 6)
        ])
    );
    assert_eq!(
        positions("ông O’Neill, Kơ'nia"),
        at(&[("ông", 0), ("o", 1), ("neill", 2), ("kơ", 4), ("nia", 5)])
    );
    // A code and its parts: no gap inside, a gap after the sentence's final dot.
    assert_eq!(
        positions("tại TP.HCM. Luật 45/2019/QH14, vắc-xin Covid-19 giá 2.900.000 đồng"),
        at(&[
            ("tại", 0),
            ("tp.hcm", 1),
            ("tp", 1),
            ("hcm", 2),
            ("luật", 4),
            ("45/2019/qh14", 5),
            ("45", 5),
            ("2019", 6),
            ("qh14", 7),
            ("vắc-xin", 9),
            ("vắc", 9),
            ("xin", 10),
            ("covid-19", 11),
            ("covid", 11),
            ("19", 12),
            ("giá", 13),
            ("2.900.000", 14),
            ("2", 14),
            ("900", 15),
            ("000", 16),
            ("đồng", 17),
        ])
    );
    // A hyphen touching a word is no dash; written with a space, the abbreviation's dot is.
    assert_eq!(positions("âm -5 độ"), at(&[("âm", 0), ("5", 1), ("độ", 2)]));
    assert_eq!(positions("TP. HCM"), at(&[("tp", 0), ("hcm", 2)]));
}

#[test]
fn leading_and_repeated_punctuation_leave_one_gap_between_words() {
    assert_eq!(
        positions("“(Đảng)” ... !? – Uỷ ban."),
        at(&[("đảng", 0), ("ủy", 2), ("ban", 3)])
    );
    assert_eq!(positions("\n\n– Đảng"), at(&[("đảng", 0)]));
}

#[test]
fn gaps_are_the_same_in_nfd_text_and_in_both_forms() {
    let nfc = "Trung ương Đảng, Uỷ viên Thường vụ. Lao động - Thương binh";
    let nfd: String = nfc.nfd().collect();
    let expected = at(&[
        ("trung", 0),
        ("ương", 1),
        ("đảng", 2),
        ("ủy", 4),
        ("viên", 5),
        ("thường", 6),
        ("vụ", 7),
        ("lao", 9),
        ("động", 10),
        ("thương", 12),
        ("binh", 13),
    ]);
    assert_eq!(positions(nfc), expected);
    assert_eq!(positions(&nfd), expected);
    for text in [nfc, nfd.as_str()] {
        let exact = tantivy_terms(VietnameseTokenizer::new(Form::Exact), text);
        let at = |term: &str| -> Vec<usize> {
            exact.iter().filter(|t| t.0 == term).map(|t| t.1).collect()
        };
        assert_eq!((at("đảng"), at("ủy")), (vec![2], vec![4]), "{text:?}");
        let folded = tantivy_terms(VietnameseTokenizer::new(Form::Folded), text);
        let exact = tantivy_terms(VietnameseTokenizer::new(Form::Exact), text);
        let positions_of =
            |tokens: &[(String, usize)]| tokens.iter().map(|t| t.1).collect::<Vec<_>>();
        assert_eq!(positions_of(&folded), positions_of(&exact), "{text:?}");
        let (marked, words): (Vec<_>, Vec<_>) =
            exact.into_iter().partition(|t| t.0.starts_with(BREAK_MARK));
        assert_eq!(
            positions_of(&words),
            expected.iter().map(|t| t.1).collect::<Vec<_>>()
        );
        // The word after each position skipped (3, 8 and 11), and no other, is given again
        // marked.
        assert_eq!(
            marked,
            [("¶ủy", 4), ("¶lao", 9), ("¶thương", 12)].map(|(t, p)| (t.to_string(), p)),
            "{text:?}"
        );
    }
}

#[test]
fn every_position_skipped_is_followed_by_a_marked_word() {
    // Marks alone after a connector (broken NFD text) take no position of their own: the
    // positions without a word are exactly the breaks, in the text and in a query typed alike.
    for text in [
        "Văn bản x.\u{300} y lạ",
        "0/\u{300}.0 và",
        "a-\u{b3e}-b",
        "Họp: TP.HCM, 45/2019/QH14.",
    ] {
        let tokens = tantivy_terms(VietnameseTokenizer::new(Form::Exact), text);
        let (marked, words): (Vec<_>, Vec<_>) =
            tokens.iter().partition(|t| t.0.starts_with(BREAK_MARK));
        let held: Vec<usize> = words.iter().map(|t| t.1).collect();
        let (first, last) = (held[0], held[held.len() - 1]);
        let skipped: Vec<usize> = (first..=last).filter(|p| !held.contains(p)).collect();
        let after_skipped: Vec<usize> = marked.iter().map(|t| t.1 - 1).collect();
        assert_eq!(skipped, after_skipped, "{text:?}: {tokens:?}");
    }
    assert_eq!(
        positions("Văn bản x.\u{300} y lạ"),
        at(&[("văn", 0), ("bản", 1), ("x", 2), ("y", 4), ("lạ", 5)])
    );
}

#[test]
fn no_word_holds_the_break_mark() {
    for c in BREAK_MARK.chars() {
        assert_ne!(char_class(c), CharClass::Word, "{c:?}");
    }
    assert!(analyze(&format!(
        "Đảng{BREAK_MARK}ủy {BREAK_MARK} {BREAK_MARK}{BREAK_MARK}"
    ))
    .iter()
    .all(|t| !t.term.contains(BREAK_MARK)));
}

#[test]
fn title_and_body_index_each_word_once_under_its_exact_term() {
    let exact = tantivy_terms(
        VietnameseTokenizer::new(Form::Exact),
        "Đảng viên cho TP.HCM thông qua quá",
    );
    let expected = [
        ("đảng", 0),
        ("viên", 1),
        ("cho", 2),
        ("tp.hcm", 3),
        ("tp", 3),
        ("hcm", 4),
        ("thông", 5),
        ("qua", 6),
        ("quá", 7),
    ];
    let expected: Vec<(String, usize)> =
        expected.iter().map(|(t, p)| (t.to_string(), *p)).collect();
    assert_eq!(
        exact, expected,
        "no accent-free twin: an unmarked syllable is its own term"
    );
}

#[test]
fn a_term_folds_character_by_character_as_the_analyzer_folds_it() {
    for word in [
        "Đảng",
        "ỦY",
        "Nguyễn",
        "café",
        "España",
        "TP.HCM",
        "vắc-xin",
        "Ἀθῆναι",
        "한국",
    ] {
        let mut folded = String::new();
        for c in normalize_term(word).chars() {
            fold_char(c, &mut folded);
        }
        assert_eq!(folded, fold_term(word), "{word}");
    }
}

#[test]
fn nothing_to_index_gives_no_tokens() {
    for text in [
        "",
        "   ",
        "…",
        "\u{301}\u{300}",
        "\u{feff}\u{200b}",
        "– “ ” –",
    ] {
        assert!(analyze(text).is_empty(), "{text:?}");
    }
}

fn vietnamese_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Đảng",
        "ủy",
        "uỷ",
        "hoà",
        "hòa",
        "khoẻ",
        "QUỐC",
        "hội",
        "45/2019/QH14",
        "TP.HCM",
        "Covid-19",
        "2.900.000",
        "“",
        "”",
        "\"",
        "…",
        "—",
        "\u{a0}",
        "\u{200b}",
        "\u{ad}",
        "\u{feff}",
        " ",
        ", ",
        ". ",
        "người",
        "giữ",
        "quý",
        "café",
        "\u{301}",
        "e\u{302}\u{301}",
        "Nguyễn",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn normalisation_is_idempotent(text in vietnamese_text()) {
        for token in analyze(&text) {
            prop_assert_eq!(normalize_term(&token.term), token.term.clone());
            prop_assert_eq!(fold_term(&token.folded), token.folded.clone());
            prop_assert_eq!(fold_term(&token.term), token.folded.clone());
        }
    }

    #[test]
    fn nfd_and_nfc_input_give_identical_terms(text in vietnamese_text()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        let key = |t: &str| analyze(t).into_iter().map(|t| (t.term, t.folded, t.position)).collect::<Vec<_>>();
        prop_assert_eq!(key(&nfc), key(&nfd));
    }

    #[test]
    fn offsets_are_char_boundaries_and_surfaces(text in "\\PC{0,64}") {
        for token in analyze(&text) {
            prop_assert!(token.start < token.end && token.end <= text.len());
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            prop_assert_eq!(&text[token.start..token.end], token.text.as_str());
            prop_assert!(!token.term.is_empty());
        }
    }

    #[test]
    fn a_tokenizer_used_for_many_texts_gives_the_tokens_of_each(
        texts in prop::collection::vec(vietnamese_text(), 1..12)
    ) {
        // Twice over: the second time, the words' terms come from the tokenizer's cache.
        let mut analyzer = TextAnalyzer::from(VietnameseTokenizer::new(Form::Exact));
        for text in texts.iter().chain(&texts) {
            let mut stream = analyzer.token_stream(text);
            let mut tokens = Vec::new();
            while stream.advance() {
                let t = stream.token();
                tokens.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            let expected: Vec<_> = analyze(text)
                .into_iter()
                .map(|t| (t.term, t.start, t.end, t.position))
                .collect();
            // The marked words after breaks are checked in fuzz_analysis.rs.
            tokens.retain(|t| !t.0.starts_with(BREAK_MARK));
            prop_assert_eq!(tokens, expected);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let _ = analyze(&text);
        let _ = tantivy_terms(VietnameseTokenizer::new(Form::Folded), &text);
    }
}

/// A word: its term, start, end and position.
type Word = (String, usize, usize, usize);

/// `for_each_word` passes on exactly the words of `analyze`.
fn words_both_ways(text: &str) -> (Vec<Word>, Vec<Word>) {
    let analysed = analyze(text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| (t.term, t.start, t.end, t.position))
        .collect();
    let mut borrowed = Vec::new();
    tracuu_indexer::analysis::for_each_word(text, |w| {
        borrowed.push((w.term.to_string(), w.start, w.end, w.position));
    });
    (analysed, borrowed)
}

#[test]
fn for_each_word_is_analyze_without_codes() {
    let nfd: String = "Đảng uỷ TP.HCM. Họp về Covid-19, 45/2019/QH14 và 2.900.000 đồng"
        .nfd()
        .collect();
    for text in [
        "Đảng uỷ TP.HCM. Họp về Covid-19, 45/2019/QH14 và 2.900.000 đồng",
        &nfd,
        "",
        "…",
    ] {
        let (analysed, borrowed) = words_both_ways(text);
        assert_eq!(borrowed, analysed, "{text}");
    }
    let (_, borrowed) = words_both_ways("TP.HCM mở");
    let terms: Vec<&str> = borrowed.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(terms, ["tp", "hcm", "mở"]);
}

proptest! {
    #[test]
    fn for_each_word_agrees_with_analyze(text in "[a-zA-Zàáảãạăắđêếệôơưừ0-9 .,/\\-–\n\u{301}\u{AD}]{0,60}") {
        let (analysed, borrowed) = words_both_ways(&text);
        prop_assert_eq!(borrowed, analysed);
    }
}

/// A token: its term, folded term, start, end, position and kind.
type Token = (String, String, usize, usize, usize, TokenKind);

/// `for_each_token` passes on exactly the tokens of `analyze`, codes included.
fn tokens_both_ways(text: &str) -> (Vec<Token>, Vec<Token>) {
    let analysed = analyze(text)
        .into_iter()
        .map(|t| (t.term, t.folded, t.start, t.end, t.position, t.kind))
        .collect();
    let mut borrowed = Vec::new();
    tracuu_indexer::analysis::for_each_token(text, |t| {
        let (term, folded) = (t.term.to_string(), t.folded.to_string());
        borrowed.push((term, folded, t.start, t.end, t.position, t.kind));
    });
    (analysed, borrowed)
}

#[test]
fn for_each_token_is_analyze_without_allocating() {
    let nfd: String = "Đảng uỷ TP.HCM. Họp về Covid-19, 45/2019/QH14 và 2.900.000 đồng"
        .nfd()
        .collect();
    let (analysed, borrowed) = tokens_both_ways(&nfd);
    assert_eq!(borrowed, analysed);
    let folded: Vec<&str> = borrowed.iter().take(5).map(|t| t.1.as_str()).collect();
    assert_eq!(folded, ["dang", "uy", "tp.hcm", "tp", "hcm"]);
    assert_eq!(borrowed[2].5, TokenKind::Code);
}

proptest! {
    #[test]
    fn for_each_token_agrees_with_analyze(text in "[a-zA-Zàáảãạăắđêếệôơưừ0-9 .,/\\-–\n\u{301}\u{AD}]{0,60}") {
        let (analysed, borrowed) = tokens_both_ways(&text);
        prop_assert_eq!(borrowed, analysed);
    }
}
