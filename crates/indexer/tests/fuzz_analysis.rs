//! Fuzzing the analyzer with proptest (the stable toolchain's stand-in for `cargo fuzz`; the
//! coverage-guided target is `fuzz/fuzz_targets/analyzer.rs`).
//!
//! On any text, and on text built from the characters Vietnamese analysis treats specially
//! (combining marks, tone-mark placements, joiners, code punctuation), analysis never panics;
//! offsets are character boundaries whose slice is the token's text; positions never go back
//! (they are not consecutive: punctuation that ends a phrase leaves a gap of one);
//! terms are non-empty and contain no white space; normalisation and folding are idempotent; and
//! the tantivy tokenizers produce the same offsets.
//!
//! The tokenizer title and body are indexed with (found by the name the schema gives those
//! fields, among the tokenizers a tracuu index registers) is driven as tantivy drives it while
//! indexing: one token per term, [`analyze`]'s, whose characters fold one by one to its
//! accent-free form (what accent-free queries find it by). On sentences of Vietnamese words written in
//! several ways (case, NFC or NFD, either tone-mark placement, invisible characters, every kind of
//! space) and codes, separated by spaces, symbols and punctuation, the tokens expected (and the
//! position gaps where punctuation ends a phrase) are worked out from how the sentence was
//! written.
//!
//! The number of cases per property is proptest's default (256), or `PROPTEST_CASES`:
//! `PROPTEST_CASES=20000 cargo test -p tracuu-indexer --test fuzz_analysis` runs longer.

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::{select, Index};
use tantivy::schema::FieldType;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tracuu_indexer::analysis::{
    analyze, fold_char, fold_term, normalize_term, BlockAnalyzer, Form, TokenKind,
    VietnameseTokenizer, BREAK_MARK, EXACT_TOKENIZER,
};
use tracuu_indexer::ArticleIndex;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Characters and strings that exercise the segmenter and the syllable normaliser.
const PIECES: &[&str] = &[
    "a",
    "e",
    "o",
    "u",
    "i",
    "y",
    "đ",
    "Đ",
    "ư",
    "ơ",
    "â",
    "ă",
    "ê",
    "ô",
    "hoà",
    "hòa",
    "thuỷ",
    "thủy",
    "quý",
    "giữ",
    "người",
    "ngoài",
    "khoẻ",
    "Nguyễn",
    "café",
    "\u{300}",
    "\u{301}",
    "\u{303}",
    "\u{309}",
    "\u{323}",
    "\u{302}",
    "\u{306}",
    "\u{31b}",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{ad}",
    "\u{feff}",
    "\u{a0}",
    "\u{2009}",
    " ",
    "\n",
    "\t",
    ".",
    ",",
    "/",
    "-",
    "–",
    "_",
    "'",
    "’",
    "\"",
    "“",
    "(",
    ")",
    ":",
    "…",
    "0",
    "1",
    "9",
    "45",
    "2019",
    "QH14",
    "TP.HCM",
    "Covid-19",
    "2.900.000",
    "1,5",
    "x",
    "Ⅻ",
    "ǅ",
    "ß",
    "İ",
    "ﬁ",
    "😀",
    "🇻🇳",
    "中",
    "ا",
];

fn vietnamese_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..64).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let tokens = analyze(text);
    let mut last_position = 0;
    for token in &tokens {
        prop_assert!(
            token.start < token.end && token.end <= text.len(),
            "{:?}",
            token
        );
        prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        prop_assert_eq!(&text[token.start..token.end], token.text.as_str());
        prop_assert!(
            token.position >= last_position,
            "positions go back: {:?}",
            tokens
        );
        last_position = token.position;
        prop_assert!(
            !token.term.is_empty() && !token.folded.is_empty(),
            "{:?}",
            token
        );
        prop_assert!(!token.term.contains(char::is_whitespace), "{:?}", token);
        prop_assert!(!token.folded.chars().any(is_combining_mark), "{:?}", token);
        prop_assert_eq!(
            fold_term(&token.folded),
            token.folded.clone(),
            "{:?}",
            token
        );
        prop_assert_eq!(fold_term(&token.term), token.folded.clone(), "{:?}", token);
        // Accent-free queries find terms by folding them one character at a time.
        let mut by_characters = String::new();
        token
            .term
            .chars()
            .for_each(|c| fold_char(c, &mut by_characters));
        prop_assert_eq!(by_characters, token.folded.clone(), "{:?}", token);
        // Marks the analyzer does not understand are kept as written (`café`, or a second tone
        // on a vowel), so only terms without such leftovers are expected to be fixed points:
        // `quý\u{302}\u{323}` gives `quỵ\u{301}\u{302}`, whose term is `quý\u{302}`.
        if !token.term.chars().any(is_combining_mark) {
            prop_assert_eq!(
                normalize_term(&token.term),
                token.term.clone(),
                "{:?}",
                token
            );
        }
    }
    for form in [Form::Exact, Form::Folded] {
        check_tokenizer(VietnameseTokenizer::new(form), text)?;
    }
    check_text_fields(text)
}

fn check_tokenizer(tokenizer: impl Tokenizer, text: &str) -> Result<(), TestCaseError> {
    let mut analyzer = TextAnalyzer::from(tokenizer);
    let mut stream = analyzer.token_stream(text);
    let mut last_position = 0;
    while stream.advance() {
        let token = stream.token();
        prop_assert!(token.offset_from <= token.offset_to && token.offset_to <= text.len());
        prop_assert!(
            text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to)
        );
        prop_assert!(!token.text.is_empty());
        prop_assert!(token.position >= last_position, "{:?}", token);
        last_position = token.position;
    }
    Ok(())
}

/// A token as tantivy indexes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Indexed {
    text: String,
    from: usize,
    to: usize,
    position: usize,
}

impl Indexed {
    fn of(token: &Token) -> Indexed {
        Indexed {
            text: token.text.clone(),
            from: token.offset_from,
            to: token.offset_to,
            position: token.position,
        }
    }
}

/// The analyzer of the title and body fields, as tantivy finds it when indexing: by the name the
/// schema gives both fields, among the tokenizers a tracuu index registers.
static TEXT_FIELDS: LazyLock<TextAnalyzer> = LazyLock::new(|| {
    let index = ArticleIndex::in_memory();
    let schema = index.schema();
    let fields = index.fields();
    let names =
        [fields.title, fields.body].map(|field| match schema.get_field_entry(field).field_type() {
            FieldType::Str(options) => options
                .get_indexing_options()
                .expect("title and body are indexed")
                .tokenizer()
                .to_owned(),
            other => panic!("title and body are text fields, not {other:?}"),
        });
    assert_eq!(names, [EXACT_TOKENIZER, EXACT_TOKENIZER]);
    index
        .tantivy()
        .tokenizers()
        .get(EXACT_TOKENIZER)
        .expect("the title and body tokenizer is registered")
});

/// The tokens tantivy indexes for `text` in the title or body.
fn text_field_tokens(text: &str) -> Vec<Indexed> {
    let mut analyzer = TEXT_FIELDS.clone();
    let mut tokens = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| tokens.push(Indexed::of(token)));
    tokens
}

/// The title and body tokenizer on `text`: valid offsets, positions that never go back, and
/// exactly [`analyze`]'s terms, one token per term, and each word (not code) at the first
/// position after a skipped one given again, marked with [`BREAK_MARK`].
fn check_text_fields(text: &str) -> Result<(), TestCaseError> {
    let tokens = text_field_tokens(text);
    let mut last_position = 0;
    for token in &tokens {
        prop_assert!(
            token.from < token.to && token.to <= text.len(),
            "{:?}",
            token
        );
        prop_assert!(text.is_char_boundary(token.from) && text.is_char_boundary(token.to));
        prop_assert!(!token.text.is_empty() && !token.text.contains(char::is_whitespace));
        prop_assert!(token.position >= last_position, "{:?}", tokens);
        last_position = token.position;
    }
    // Analyze's tokens, each word at the first position after a skipped one (a break: no word
    // takes a position without a term) given again, marked, with the same span.
    let mut expected: Vec<Indexed> = Vec::new();
    let mut last_position: Option<usize> = None;
    let mut after_break = None;
    for t in analyze(text) {
        if last_position.is_some_and(|last| t.position > last + 1) {
            after_break = Some(t.position);
        }
        last_position = Some(last_position.map_or(t.position, |last| last.max(t.position)));
        let marked =
            (after_break == Some(t.position) && t.kind == TokenKind::Word).then(|| Indexed {
                text: format!("{BREAK_MARK}{}", t.term),
                from: t.start,
                to: t.end,
                position: t.position,
            });
        expected.push(Indexed {
            text: t.term,
            from: t.start,
            to: t.end,
            position: t.position,
        });
        expected.extend(marked);
    }
    prop_assert_eq!(tokens, expected);
    Ok(())
}

/// Vietnamese words as terms have them (one tone-mark placement), and as they may also be
/// written (the other placement).
const WORDS: &[(&str, &str)] = &[
    ("đảng", "đảng"),
    ("ủy", "uỷ"),
    ("hòa", "hoà"),
    ("hóa", "hoá"),
    ("tòa", "toà"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("quý", "quý"),
    ("giữ", "giữ"),
    ("người", "người"),
    ("ngoài", "ngoài"),
    ("hoàn", "hoàn"),
    ("quyết", "quyết"),
    ("nguyễn", "nguyễn"),
    ("việt", "việt"),
    ("nam", "nam"),
    ("cho", "cho"),
    ("và", "và"),
    ("của", "của"),
    ("được", "được"),
    ("trường", "trường"),
    ("thuế", "thuế"),
    ("án", "án"),
    ("nhân", "nhân"),
    ("dân", "dân"),
    ("xã", "xã"),
    ("hội", "hội"),
    ("nghĩa", "nghĩa"),
    ("phường", "phường"),
    ("quận", "quận"),
    ("tỉnh", "tỉnh"),
    ("hà", "hà"),
    ("nội", "nội"),
    ("bộ", "bộ"),
    ("trưởng", "trưởng"),
    ("ý", "ý"),
    ("kiến", "kiến"),
    ("yêu", "yêu"),
    ("khuya", "khuya"),
    ("thuở", "thuở"),
    ("mùa", "mùa"),
    ("lũ", "lũ"),
    ("đồng", "đồng"),
    ("bằng", "bằng"),
];

/// Parts of codes (`45/2019/QH14`, `TP.HCM`, `Covid-19`).
const CODE_PARTS: &[&str] = &[
    "45", "2019", "QH14", "TP", "HCM", "Covid", "19", "ND", "CP", "x",
];

/// What may separate words: spaces of every kind, punctuation, invisible characters beside a
/// space (between two letters they would join the words); and whether it ends a phrase, so that
/// the next word's position is one further (sentence and clause punctuation, brackets, dashes,
/// quotes, line breaks; not a hyphen touching a word, nor an apostrophe between two letters).
const SEPARATORS: &[(&str, bool)] = &[
    (" ", false),
    ("  ", false),
    ("\u{a0}", false),
    ("\u{200b}", false),
    ("\u{3000}", false),
    ("\u{2009}", false),
    ("\u{1680}", false),
    ("\u{202f}", false),
    ("\t", false),
    (" / ", false),
    (" & ", false),
    (" + ", false),
    (" -", false),
    ("- ", false),
    ("’", false),
    ("'", false),
    (" \u{feff}", false),
    ("\u{ad} ", false),
    (" \u{2060}", false),
    ("\n", true),
    ("\r\n", true),
    ("\u{2029}", true),
    (", ", true),
    (". ", true),
    ("; ", true),
    (": ", true),
    ("! ", true),
    ("? ", true),
    (" – ", true),
    (" — ", true),
    (" - ", true),
    (" -- ", true),
    (" (", true),
    (") ", true),
    ("“", true),
    ("” ", true),
    ("\"", true),
    (" ‘", true),
    ("’ ", true),
    (" «", true),
    ("…", true),
    (" | ", true),
    ("\u{200d}\n", true),
];

/// Invisible characters that may sit inside a word.
const INVISIBLE: &[&str] = &["\u{ad}", "\u{200c}", "\u{200d}", "\u{2060}", "\u{feff}"];

/// How a word is written.
#[derive(Debug, Clone)]
struct Spelling {
    word: (&'static str, &'static str),
    other_placement: bool,
    case: u8,
    nfd: bool,
    invisible: Option<(Index, &'static str)>,
}

impl Spelling {
    fn written(&self) -> String {
        let (term, other) = self.word;
        let word = if self.other_placement { other } else { term };
        let mut chars = word.chars();
        let cased: String = match self.case {
            0 => word.to_owned(),
            1 => chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
                .collect(),
            _ => word.to_uppercase(),
        };
        let mut written: String = if self.nfd {
            cased.nfd().collect()
        } else {
            cased
        };
        if let Some((at, invisible)) = &self.invisible {
            // Between two characters, not before a combining mark (it would leave its letter).
            let inside: Vec<usize> = written
                .char_indices()
                .skip(1)
                .filter(|&(_, c)| !is_combining_mark(c))
                .map(|(i, _)| i)
                .collect();
            if !inside.is_empty() {
                written.insert_str(inside[at.index(inside.len())], invisible);
            }
        }
        written
    }
}

#[derive(Debug, Clone)]
enum Piece {
    Word(Spelling),
    Code(Vec<&'static str>, &'static str),
}

/// A text and the tokens the title and body fields must get for it.
#[derive(Debug, Clone)]
struct Sentence {
    text: String,
    expected: Vec<Indexed>,
}

/// Independent of the analyzer: no marks at all, and `đ` written `d`.
fn accent_free(term: &str) -> String {
    term.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

fn sentence() -> impl Strategy<Value = Sentence> {
    let spelling = (
        select(WORDS),
        any::<bool>(),
        0..3u8,
        any::<bool>(),
        prop::option::weighted(0.2, (any::<Index>(), select(INVISIBLE))),
    )
        .prop_map(|(word, other_placement, case, nfd, invisible)| Spelling {
            word,
            other_placement,
            case,
            nfd,
            invisible,
        });
    let piece = prop_oneof![
        5 => spelling.prop_map(Piece::Word),
        1 => (prop::collection::vec(select(CODE_PARTS), 2..=4), select(&["/", ".", "-"][..]))
            .prop_map(|(parts, connector)| Piece::Code(parts, connector)),
    ];
    (
        select(SEPARATORS),
        prop::collection::vec((piece, select(SEPARATORS)), 0..24),
    )
        .prop_map(|((first, _), pieces)| {
            let mut text = first.to_owned();
            let mut expected = Vec::new();
            let mut position = 0;
            // Whether the separator since the previous piece ends a phrase (none before the first).
            let mut phrase_ended = false;
            // Each token, and again marked when it stands first after a break.
            let mut push = |text: String, from, to, position, after_break: bool| {
                let marked = after_break.then(|| format!("{BREAK_MARK}{text}"));
                for text in std::iter::once(text).chain(marked) {
                    expected.push(Indexed {
                        text,
                        from,
                        to,
                        position,
                    });
                }
            };
            for (piece, (separator, ends_phrase)) in pieces {
                // The position skipped at a break.
                position += usize::from(phrase_ended);
                let start = text.len();
                match piece {
                    Piece::Word(spelling) => {
                        text.push_str(&spelling.written());
                        let term = spelling.word.0.to_owned();
                        push(term, start, text.len(), position, phrase_ended);
                        position += 1;
                    }
                    Piece::Code(parts, connector) => {
                        let mut bounds = Vec::new();
                        for part in &parts {
                            if !bounds.is_empty() {
                                text.push_str(connector);
                            }
                            bounds.push((text.len(), text.len() + part.len()));
                            text.push_str(part);
                        }
                        let whole = parts.join(connector).to_lowercase();
                        push(whole, start, text.len(), position, false);
                        for (i, (part, (from, to))) in parts.iter().zip(bounds).enumerate() {
                            let first = i == 0 && phrase_ended;
                            push(part.to_lowercase(), from, to, position + i, first);
                        }
                        position += parts.len();
                    }
                }
                text.push_str(separator);
                phrase_ended = ends_phrase;
            }
            Sentence { text, expected }
        })
}

proptest! {
    #[test]
    fn any_text(text in any::<String>()) {
        check(&text)?;
        // Definitions are read from the same text, at any character boundary.
        tracuu_indexer::definitions::definitions(&text);
    }

    #[test]
    fn title_and_body_tokens_of_vietnamese_sentences(sentence in sentence()) {
        prop_assert_eq!(text_field_tokens(&sentence.text), sentence.expected.clone(), "{:?}", sentence.text);
        for token in &sentence.expected {
            let mut folded = String::new();
            token.text.chars().for_each(|c| fold_char(c, &mut folded));
            prop_assert_eq!(folded, accent_free(&token.text), "{:?}", token);
        }
        check(&sentence.text)?;
    }

    #[test]
    fn vietnamese_characters_and_codes(text in vietnamese_soup()) {
        check(&text)?;
    }

    #[test]
    fn text_analysed_in_blocks_of_lines_gives_what_the_whole_gives(
        text in vietnamese_soup(),
        cuts in proptest::collection::vec(any::<bool>(), 0..64),
    ) {
        // Blocks end after a line break, wherever `cuts` says so.
        let mut blocks = Vec::new();
        let mut start = 0;
        for (n, (i, _)) in text.match_indices('\n').enumerate() {
            if cuts.get(n).copied().unwrap_or(true) {
                blocks.push(&text[start..=i]);
                start = i + 1;
            }
        }
        blocks.push(&text[start..]);
        let mut analyzer = BlockAnalyzer::default();
        let in_blocks: Vec<_> = blocks.iter().flat_map(|b| analyzer.analyze(b)).collect();
        prop_assert_eq!(in_blocks, analyze(&text), "{:?}", blocks);
    }

    #[test]
    fn normalisation_of_single_words_is_idempotent(text in vietnamese_soup()) {
        let term = normalize_term(&text);
        if !term.chars().any(is_combining_mark) {
            prop_assert_eq!(normalize_term(&term), term.clone());
        }
        let folded = fold_term(&text);
        prop_assert_eq!(fold_term(&folded), folded.clone());
    }
}

/// Found by `vietnamese_characters_and_codes`: `İ` lowercases to `i` + U+0307, and the mark was
/// kept in the folded term, so `--fold` searches for `istanbul` missed `İstanbul`.
#[test]
fn regression_capital_i_with_dot_folds_without_a_mark() {
    let tokens = analyze("İstanbul");
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].folded, "istanbul");
    assert_eq!(tokens[0].term, normalize_term("i\u{307}stanbul"));
    assert_eq!(fold_term("İ"), "i");
}

/// Found by `vietnamese_characters_and_codes`: a code whose last part is a lone combining mark
/// (`𝒥-` + U+10F46) gave the term `𝒥-`, with a dangling connector no query can produce.
#[test]
fn regression_code_part_without_letters_adds_no_connector() {
    let tokens = analyze("𝒥-\u{10f46}");
    assert!(!tokens.is_empty());
    for token in &tokens {
        assert!(!token.term.ends_with('-'), "{token:?}");
        assert_eq!(normalize_term(&token.term), token.term, "{token:?}");
    }
    let terms: Vec<String> = analyze("45/2019/QH14")
        .into_iter()
        .map(|t| t.term)
        .collect();
    assert_eq!(terms, ["45/2019/qh14", "45", "2019", "qh14"]);
}
