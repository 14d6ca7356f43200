//! Vietnamese function words, written for tracuu: what `--no-function-words` leaves out of
//! collocation, keyword and n-gram lists.
//!
//! The list holds grammatical words that keep company with any topic: conjunctions,
//! prepositions and relational nouns used as prepositions, tense, aspect and voice markers,
//! adverbs of degree and frequency, quantifiers and classifiers, demonstratives, personal
//! pronouns, question words and sentence-final particles. Content words that news writing uses
//! as often (`người`, `năm`, `nước`) are not in it: whether they matter depends on the question.
//! Terms are written as the analyzer normalises them (lowercase, traditional tone placement).
//!
//! Units are syllables, and many of these are also a syllable of a content word (`qua` in
//! `thông qua`): so a unit is left out only when every one of its words is a function word
//! (`của`, `của các`), never `thông qua`.

/// The function words, sorted (for a binary search).
const FUNCTION_WORDS: &[&str] = &[
    "ai", "anh", "bà", "bên", "bị", "bởi", "cho", "chúng", "chưa", "chẳng", "chỉ", "chứ", "các",
    "cái", "còn", "có", "cùng", "cũng", "cả", "của", "do", "dù", "dưới", "giữa", "gì", "hay",
    "hoặc", "hơn", "họ", "khi", "không", "là", "lên", "lúc", "lại", "mà", "mình", "mọi", "mỗi",
    "một", "nay", "nhiều", "nhưng", "những", "nào", "này", "nên", "nó", "nếu", "nữa", "qua", "ra",
    "rất", "rằng", "rồi", "sau", "sẽ", "sự", "theo", "thì", "thế", "trong", "trên", "trước", "tôi",
    "tại", "tới", "từ", "từng", "việc", "và", "vào", "vì", "vẫn", "vậy", "về", "với", "xuống", "à",
    "đang", "đây", "đã", "đó", "được", "đến", "đều", "để", "ạ", "ấy", "ở",
];

/// Whether `term` (a normalised word) is one of the function words.
pub fn is_function_word(term: &str) -> bool {
    FUNCTION_WORDS.binary_search(&term).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracuu_indexer::analysis::normalize_term;

    #[test]
    fn the_list_is_sorted_normalised_and_without_duplicates() {
        assert!(
            FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        for word in FUNCTION_WORDS {
            assert_eq!(
                normalize_term(word),
                *word,
                "written as the analyzer writes it"
            );
        }
        assert!(is_function_word("của") && is_function_word("và"));
        assert!(!is_function_word("tham") && !is_function_word("nhũng"));
    }
}
