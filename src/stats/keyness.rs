//! Keyness and measure co-occurrence: statistics derived from the merged per-group
//! accumulators at finalize time.
//!
//! Keyness compares each group (target) with all other groups together (reference), for
//! terms with at least [`MIN_CORPUS_COUNT`] occurrences in the corpus. To stay linear in the
//! data (not groups × vocabulary), a group gets a row for every such term it contains, plus
//! the [`ABSENT_PER_GROUP`] most under-used terms it lacks (for an absent term G² grows with
//! its corpus count, so these are the most frequent terms the group lacks).
//!
//! A comparison needs two non-empty sides: a group with no content tokens, or whose
//! reference has none (a single group), gets no rows; see [`no_reference_warning`].

use serde::Serialize;

use crate::nlp::tag::MeasureDict;
use crate::stats::aggregate::GroupAcc;
use crate::stats::trim::{TermTotals, TermTrim};
use crate::util::numeric::{round_sig, round4, share};

/// Terms rarer than this in the whole corpus get no keyness row.
pub const MIN_CORPUS_COUNT: u64 = 5;

/// Explicit zero rows per group: the most frequent corpus terms absent from the group.
pub const ABSENT_PER_GROUP: usize = 25;

/// Dunning's log-likelihood G² for `a` of `c` target tokens against `b` of `d` reference
/// tokens.
pub fn g2(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    if c + d == 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let term = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    2.0 * (term(a, e1) + term(b, e2))
}

/// p-value of G² under a χ² distribution with one degree of freedom.
pub fn p_value(g2: f64) -> f64 {
    libm::erfc((g2.max(0.0) / 2.0).sqrt())
}

/// Binary log of the ratio of relative frequencies; a zero count counts as 0.5.
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let fix = |x: u64| if x == 0 { 0.5 } else { x as f64 };
    ((fix(a) / c.max(1) as f64) / (fix(b) / d.max(1) as f64)).log2()
}

/// One row of `keyness.csv`. Sorted by group (corpus order), `g2` descending, term.
#[derive(Debug, Serialize, PartialEq)]
pub struct KeynessRow<'a> {
    /// Index of the group (its key columns are written before the row).
    #[serde(skip)]
    pub group: usize,
    pub term: &'a str,
    pub count_target: u64,
    pub count_reference: u64,
    pub g2: f64,
    pub p_value: f64,
    pub log_ratio: f64,
    /// `over` when the written `log_ratio` is positive, else `under`.
    pub direction: &'static str,
}

fn keyness_row(group: usize, term: &str, a: u64, total: u64, c: u64, d: u64) -> KeynessRow<'_> {
    let b = total - a;
    let g = g2(a, b, c, d);
    // The direction is read off the written (corrected, rounded) log ratio, so the two
    // columns never disagree.
    let lr = round4(log_ratio(a, b, c, d));
    KeynessRow {
        group,
        term,
        count_target: a,
        count_reference: b,
        g2: round4(g),
        p_value: round_sig(p_value(g), 6),
        log_ratio: lr,
        direction: if lr > 0.0 { "over" } else { "under" },
    }
}

/// The warning for a run whose `keyness.csv` can only be a header: fewer than two groups
/// have content tokens, so no group has a non-empty side to be compared with. Given where
/// `keyness.csv` is written (a run or a merge), not by a shard, which writes no tables.
pub fn no_reference_warning(accs: &[GroupAcc]) -> Option<String> {
    let with_tokens = accs.iter().filter(|a| a.counts.content_tokens > 0).count();
    (!accs.is_empty() && with_tokens < 2).then(|| {
        format!(
            "keyness.csv has no rows: it compares each group with the other groups, and {} of {} \
             group(s) have content tokens (use --group-by to form at least two groups)",
            with_tokens,
            accs.len()
        )
    })
}

/// Keyness rows of every group: its terms with a corpus count of at least
/// [`MIN_CORPUS_COUNT`], plus its [`ABSENT_PER_GROUP`] most frequent absent ones.
/// Terms outside `trim` are left out. A group with no content tokens, or whose reference
/// (all other groups) has none, gets no rows: there is nothing to compare.
/// `totals` is [`TermTrim::totals`] of `accs`.
pub fn keyness_rows<'a>(
    accs: &'a [GroupAcc],
    trim: TermTrim,
    totals: &TermTotals<'a>,
) -> Vec<KeynessRow<'a>> {
    let total_tokens: u64 = accs.iter().map(|a| a.counts.content_tokens).sum();
    let corpus_counts: rustc_hash::FxHashMap<&str, u64> = totals
        .iter()
        .filter(|(_, (n, groups))| trim.keeps(*n, *groups, accs.len()))
        .map(|(t, (n, _))| (*t, *n))
        .collect();
    // Frequent terms by corpus count, descending: where absent terms are looked for.
    let mut by_count: Vec<(&str, u64)> = corpus_counts
        .iter()
        .filter(|(_, n)| **n >= MIN_CORPUS_COUNT)
        .map(|(t, n)| (*t, *n))
        .collect();
    by_count.sort_unstable_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    let mut rows = Vec::new();
    for (group, acc) in accs.iter().enumerate() {
        let c = acc.counts.content_tokens;
        let d = total_tokens - c;
        if c == 0 || d == 0 {
            continue;
        }
        let mut mine: Vec<KeynessRow> = acc
            .terms
            .iter()
            .filter_map(|(term, stats)| {
                let total = corpus_counts.get(term.as_str()).copied().unwrap_or(0);
                (total >= MIN_CORPUS_COUNT)
                    .then(|| keyness_row(group, term, stats.count, total, c, d))
            })
            .collect();
        mine.extend(
            by_count
                .iter()
                .filter(|(t, _)| !acc.terms.contains_key(*t))
                .take(ABSENT_PER_GROUP)
                .map(|&(t, total)| keyness_row(group, t, 0, total, c, d)),
        );
        mine.sort_by(|x, y| y.g2.total_cmp(&x.g2).then_with(|| x.term.cmp(y.term)));
        rows.extend(mine);
    }
    rows
}

/// One row of `measure_cooccurrence.csv`: every group × unordered pair of types.
#[derive(Debug, Serialize, PartialEq)]
pub struct CooccurrenceRow<'a> {
    #[serde(skip)]
    pub group: usize,
    pub measure_type_a: &'a str,
    pub measure_type_b: &'a str,
    /// Non-heading sentences coded with both types.
    pub sentences: u64,
    /// `sentences` / non-heading sentences of the group.
    /// Empty when the group has no non-heading sentence (0 of 0).
    pub share: Option<f64>,
}

pub fn cooccurrence_rows<'a>(
    accs: &'a [GroupAcc],
    dict: &'a MeasureDict,
) -> Vec<CooccurrenceRow<'a>> {
    let n = dict.types.len();
    let mut rows = Vec::new();
    for (group, acc) in accs.iter().enumerate() {
        let m = &acc.measures;
        for i in 0..n {
            for j in i + 1..n {
                let sentences = m.pair_sentences.get(i * n + j).copied().unwrap_or(0);
                rows.push(CooccurrenceRow {
                    group,
                    measure_type_a: &dict.types[i].name,
                    measure_type_b: &dict.types[j].name,
                    sentences,
                    share: share(sentences, m.non_heading_sentences),
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_match_hand_computed_values() {
        // a=10 of c=1000 vs b=20 of d=9000: E1=3, E2=27,
        // G2 = 2(10 ln(10/3) + 20 ln(20/27)) = 12.075272, log2((10/1000)/(20/9000)) = log2 4.5.
        assert!((g2(10, 20, 1000, 9000) - 12.075272).abs() < 1e-6);
        assert!((log_ratio(10, 20, 1000, 9000) - 2.169925).abs() < 1e-6);
        assert!((p_value(12.075272) - 5.1095e-4).abs() < 1e-7);
        // A zero target count: only the reference term contributes; log ratio uses 0.5.
        assert!((g2(0, 12, 500, 5000) - 2.287444).abs() < 1e-6);
        assert!((log_ratio(0, 12, 500, 5000) + 1.263034).abs() < 1e-6);
        assert!((p_value(2.287444) - 0.1304245).abs() < 1e-6);
        // Equal relative frequencies: no keyness.
        assert!(g2(5, 45, 100, 900).abs() < 1e-12);
        assert!((p_value(0.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn rows_cover_frequent_terms_sorted_by_g2() {
        use crate::stats::aggregate::DocCounts;
        let mut a = DocCounts::default();
        for _ in 0..8 {
            a.add_term("造林", "v");
        }
        for _ in 0..3 {
            a.add_term("督察", "v");
        }
        let mut b = DocCounts::default();
        for _ in 0..3 {
            b.add_term("督察", "v");
        }
        b.add_term("造林", "v");
        for _ in 0..6 {
            b.add_term("管网", "n");
        }
        let mut accs = vec![GroupAcc::default(), GroupAcc::default()];
        accs[0].add_doc(&a);
        accs[1].add_doc(&b);
        let rows = keyness_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        // 造林 (9), 督察 (6), 管网 (6) all reach 5: 3 terms × 2 groups (甲 lacks 管网,
        // which is among its most frequent absent terms, so it keeps its explicit zero).
        assert_eq!(rows.len(), 6);
        assert_eq!(
            (rows[0].group, rows[0].term, rows[0].direction),
            (0, "管网", "under")
        );
        assert!(rows[0].g2 >= rows[1].g2 && rows[1].g2 >= rows[2].g2);
        let zaolin = rows
            .iter()
            .find(|r| r.group == 0 && r.term == "造林")
            .unwrap();
        assert_eq!(
            (
                zaolin.count_target,
                zaolin.count_reference,
                zaolin.direction
            ),
            (8, 1, "over")
        );
        assert_eq!(zaolin.g2, round4(g2(8, 1, 11, 10)));
    }

    fn counts_of<'a>(words: &[(&'a str, usize)]) -> crate::stats::aggregate::DocCounts<'a> {
        let mut c = crate::stats::aggregate::DocCounts::default();
        for &(w, n) in words {
            for _ in 0..n {
                c.add_term(w, "n");
            }
        }
        c
    }

    #[test]
    fn one_group_or_an_empty_group_gets_no_rows() {
        let a = counts_of(&[("督察", 10), ("整改", 6)]);
        let mut accs = vec![GroupAcc::default()];
        accs[0].add_doc(&a);
        let rows = keyness_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        assert!(rows.is_empty(), "{rows:?}");
        assert!(no_reference_warning(&accs).is_some());
        // A second group with no tokens: still nothing to compare, for either group.
        accs.push(GroupAcc::default());
        accs[1].add_doc(&crate::stats::aggregate::DocCounts::default());
        let rows = keyness_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        assert!(rows.is_empty(), "{rows:?}");
        assert!(no_reference_warning(&accs).is_some());
        // A third, non-empty group: the two non-empty ones get rows, the empty one none.
        accs.push(GroupAcc::default());
        accs[2].add_doc(&counts_of(&[("下降", 5), ("督察", 1)]));
        let rows = keyness_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.group != 1), "{rows:?}");
        assert!(no_reference_warning(&accs).is_none());
    }

    #[test]
    fn direction_agrees_with_the_sign_of_log_ratio() {
        // A small group lacking a term the large reference uses rarely: the corrected ratio
        // (0.5/c)/(b/d) is above 1, so the row is `over`, as its log ratio says.
        let small = counts_of(&[("督察", 10)]);
        let big = counts_of(&[("督察", 900), ("整改", 5), ("排污", 95)]);
        let mut accs = vec![GroupAcc::default(), GroupAcc::default()];
        accs[0].add_doc(&small);
        accs[1].add_doc(&big);
        let rows = keyness_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        assert!(rows.len() >= 5, "{rows:?}");
        for r in &rows {
            let over = r.log_ratio > 0.0;
            assert_eq!(r.direction == "over", over, "{r:?}");
        }
        let absent = rows
            .iter()
            .find(|r| r.group == 0 && r.term == "整改")
            .unwrap();
        assert_eq!((absent.count_target, absent.direction), (0, "over"));
    }

    #[test]
    fn absent_terms_are_bounded_per_group() {
        use crate::stats::aggregate::DocCounts;
        // 40 frequent terms in group 0; group 1 has one term: it gets its own row plus
        // ABSENT_PER_GROUP explicit zeros, the most frequent absent terms first.
        let words: Vec<String> = (0..40).map(|i| format!("词{i:02}")).collect();
        let mut a = DocCounts::default();
        for (i, w) in words.iter().enumerate() {
            for _ in 0..(5 + i) {
                a.add_term(w, "n");
            }
        }
        let mut b = DocCounts::default();
        b.add_term(&words[0], "n");
        let mut accs = vec![GroupAcc::default(), GroupAcc::default()];
        accs[0].add_doc(&a);
        accs[1].add_doc(&b);
        let rows = keyness_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        let second: Vec<_> = rows.iter().filter(|r| r.group == 1).collect();
        assert_eq!(second.len(), 1 + ABSENT_PER_GROUP);
        assert_eq!(rows.iter().filter(|r| r.group == 0).count(), 40);
        let zeros: Vec<&str> = second
            .iter()
            .filter(|r| r.count_target == 0)
            .map(|r| r.term)
            .collect();
        assert!(
            zeros.contains(&"词39") && !zeros.contains(&"词05"),
            "{zeros:?}"
        );
    }
}
