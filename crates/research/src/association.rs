//! Association and keyness measures from frequency counts.
//!
//! **Collocation** (surface co-occurrence within a window, Evert 2005, *The Statistics of Word
//! Cooccurrences*, and Evert 2008, "Corpora and collocations", §5): a collocate's contingency
//! table is built from
//!
//! - `O11`, its occurrences inside the windows around the node (the query's matches),
//! - `R1`, the words inside the windows (each word counted once, however many windows hold it),
//! - `C1`, its occurrences in the corpus, and `N`, the words of the corpus;
//!
//! `O12 = R1 − O11`, `O21 = C1 − O11`, `O22 = N − R1 − C1 + O11` and each expected frequency
//! `Eij = Ri·Cj / N`, so `E11 = R1·C1 / N`. Then
//!
//! - log-likelihood `G² = 2 Σ Oij ln(Oij / Eij)` (cells with `Oij = 0` add nothing), given the
//!   sign of `O11 − E11` so that a word avoiding the node ranks last, not first;
//! - pointwise mutual information `MI = log2(O11 / E11)`;
//! - `t = (O11 − E11) / √O11`;
//! - `logDice = 14 + log2(2·O11 / (f(node) + C1))` (Rychlý 2008, "A lexicographer-friendly
//!   association score"), `f(node)` being the node's occurrences.
//!
//! **Keyness** (Rayson & Garside 2000, "Comparing corpora using frequency profiling"): a unit
//! occurring `a` times in a target of `c` words and `b` times in a reference of `d` words has
//! `E1 = c(a+b)/(c+d)`, `E2 = d(a+b)/(c+d)` and `LL = 2(a ln(a/E1) + b ln(b/E2))`, given the
//! sign of `a/c − b/d` (positive: more frequent in the target). Its effect size is Hardie's
//! (2014) log ratio `log2((a/c) / (b/d))`, a zero frequency counted as 0.5 so that it stays
//! finite. That stand-in is an estimate of a frequency too small to be seen, and it can be
//! wrong by the whole direction: in a set small enough, half an occurrence is relatively more
//! than the other set's real count (5 in 1.6 million words against none in 1,903: `log2((5 /
//! 1.6M) / (0.5 / 1,903)) = −6.4` for a unit only the first set has). Such a log ratio says the
//! opposite of the counts, so none is given: the counts cannot tell how large the difference is.

use serde::{Deserialize, Serialize};

/// The association of a collocate with a node (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Association {
    /// Expected co-occurrences `E11`.
    pub expected: f64,
    /// Signed log-likelihood `G²`.
    pub log_likelihood: f64,
    /// Pointwise mutual information, in bits.
    pub mi: f64,
    /// t-score.
    pub t_score: f64,
    /// logDice (at most 14).
    pub log_dice: f64,
}

/// The association of a collocate occurring `observed` times (`O11`) in `window` words (`R1`)
/// around `node` occurrences of the node, and `frequency` times (`C1`) in a corpus of `corpus`
/// words (`N`).
pub fn association(
    observed: u64,
    node: u64,
    window: u64,
    frequency: u64,
    corpus: u64,
) -> Association {
    let (o11, r1, c1, n) = (
        observed as f64,
        window as f64,
        frequency as f64,
        corpus as f64,
    );
    let expected = if n > 0.0 { r1 * c1 / n } else { 0.0 };
    let cells = [
        (o11, expected),
        (r1 - o11, r1 * (n - c1) / n),
        (c1 - o11, (n - r1) * c1 / n),
        (n - r1 - c1 + o11, (n - r1) * (n - c1) / n),
    ];
    let g2 = 2.0 * cells.iter().map(|&(o, e)| log_term(o, e)).sum::<f64>();
    Association {
        expected,
        log_likelihood: if o11 < expected { -g2 } else { g2 },
        mi: (o11 / expected).log2(),
        t_score: (o11 - expected) / o11.sqrt(),
        log_dice: 14.0 + (2.0 * o11 / (node as f64 + c1)).log2(),
    }
}

/// `O ln(O / E)`, 0 for an empty (or, from inconsistent counts, negative) cell.
fn log_term(observed: f64, expected: f64) -> f64 {
    if observed > 0.0 && expected > 0.0 {
        observed * (observed / expected).ln()
    } else {
        0.0
    }
}

/// How much more (or less) frequent a unit is in a target than in a reference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Keyness {
    /// Signed log-likelihood (positive: relatively more frequent in the target).
    pub log_likelihood: f64,
    /// log2 of the ratio of relative frequencies, a zero frequency counted as 0.5; `None` when
    /// that stand-in would reverse the direction of the counts (see the [module docs](self)).
    pub log_ratio: Option<f64>,
}

/// The keyness of a unit occurring `target` times in `target_words` words and `reference`
/// times in `reference_words` words (see the [module docs](self)).
pub fn keyness(target: u64, reference: u64, target_words: u64, reference_words: u64) -> Keyness {
    let (a, b, c, d) = (
        target as f64,
        reference as f64,
        target_words as f64,
        reference_words as f64,
    );
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let ll = 2.0 * (log_term(a, e1) + log_term(b, e2));
    let relative = |f: f64, words: f64| f.max(0.5) / words;
    let log_ratio = (relative(a, c) / relative(b, d)).log2();
    // Only a stand-in for a zero can point the wrong way: with both counts seen, the ratio's
    // sign is that of a/c − b/d.
    let reversed = (target == 0 && log_ratio >= 0.0) || (reference == 0 && log_ratio <= 0.0);
    // a/c < b/d, exactly.
    let less_frequent = u128::from(target) * u128::from(reference_words)
        < u128::from(reference) * u128::from(target_words);
    Keyness {
        log_likelihood: if less_frequent { -ll } else { ll },
        log_ratio: (!reversed).then_some(log_ratio),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    /// O11 = 10 in R1 = 100 window words, C1 = 50, N = 10,000, the node 20 times:
    /// E11 = 100·50/10,000 = 0.5; MI = log2(20); t = 9.5/√10;
    /// logDice = 14 + log2(20/70);
    /// G² = 2(10 ln 20 + 90 ln(90/99.5) + 40 ln(40/49.5) + 9860 ln(9860/9850.5)).
    #[test]
    fn association_of_a_small_table() {
        let a = association(10, 20, 100, 50, 10_000);
        assert!(close(a.expected, 0.5));
        assert!(close(a.mi, 20f64.log2()));
        assert!(close(a.mi, 4.321_928_094_887_363));
        assert!(close(a.t_score, 3.004_163_777_159_96));
        assert!(close(a.log_dice, 12.192_645_077_942_396));
        let g2 = 2.0
            * (10.0 * 20f64.ln()
                + 90.0 * (90.0 / 99.5f64).ln()
                + 40.0 * (40.0 / 49.5f64).ln()
                + 9860.0 * (9860.0 / 9850.5f64).ln());
        assert!(close(a.log_likelihood, g2));
        assert!(close(a.log_likelihood, 43.813_711_971_621_12));
    }

    #[test]
    fn a_collocate_rarer_than_expected_has_a_negative_log_likelihood() {
        // E11 = 100·5,000/10,000 = 50 > 10.
        let a = association(10, 20, 100, 5_000, 10_000);
        assert!(close(a.expected, 50.0));
        assert!(a.log_likelihood < 0.0 && a.mi < 0.0 && a.t_score < 0.0);
        // Every window word is the collocate, and it occurs nowhere else: logDice's maximum.
        assert!(close(association(10, 10, 10, 10, 1000).log_dice, 14.0));
    }

    /// a = 30 in c = 10,000 words, b = 20 in d = 40,000: E1 = 10, E2 = 40,
    /// LL = 2(30 ln 3 + 20 ln 0.5), log ratio = log2(0.003/0.0005) = log2 6.
    #[test]
    fn keyness_of_a_small_table() {
        let k = keyness(30, 20, 10_000, 40_000);
        assert!(close(
            k.log_likelihood,
            2.0 * (30.0 * 3f64.ln() + 20.0 * 0.5f64.ln())
        ));
        assert!(close(k.log_likelihood, 38.190_850_097_688_77));
        assert!(close(k.log_ratio.unwrap(), 6f64.log2()));
        // Absent from the target: negative, and the log ratio uses 0.5 for the zero.
        let k = keyness(0, 40, 10_000, 40_000);
        assert!(close(k.log_likelihood, -2.0 * 40.0 * (40.0 / 32.0f64).ln()));
        assert!(close(k.log_ratio.unwrap(), -20f64.log2()));
        // Equal relative frequencies: no keyness.
        let k = keyness(10, 40, 10_000, 40_000);
        assert!(close(k.log_likelihood, 0.0) && close(k.log_ratio.unwrap(), 0.0));
    }

    /// 5 occurrences in 1,000,000 words against none in 1,000: the stand-in, 0.5 in 1,000
    /// words, is 100 times the target's rate, log2(5e-6 / 5e-4) = −6.6 for a unit only the
    /// target has. No log ratio; the log-likelihood keeps its sign. 5,000 in the target: 5e-3
    /// against 5e-4, log2 10, which has the counts' direction.
    #[test]
    fn a_stand_in_for_zero_never_reverses_the_log_ratio() {
        let k = keyness(5, 0, 1_000_000, 1_000);
        assert!(k.log_likelihood > 0.0);
        assert_eq!(k.log_ratio, None);
        let k = keyness(0, 5, 1_000, 1_000_000);
        assert!(k.log_likelihood < 0.0);
        assert_eq!(k.log_ratio, None);
        assert!(close(
            keyness(5_000, 0, 1_000_000, 1_000).log_ratio.unwrap(),
            10f64.log2()
        ));
        assert!(close(
            keyness(0, 5_000, 1_000, 1_000_000).log_ratio.unwrap(),
            -10f64.log2()
        ));
    }
}
