//! Output tables: row structs (column order = field order), writers into any `impl Write`,
//! and a staging folder that renames every table into place only when the whole run succeeds.

use serde::Serialize;

use crate::nlp::tag::MeasureDict;
use crate::stats::aggregate::GroupAcc;
use crate::stats::trim::{TermTotals, TermTrim};
use crate::util::numeric::{round4, share};

/// One row of `term_frequency.csv`. Sorted by group (corpus order), count desc, term.
#[derive(Debug, Serialize, PartialEq)]
pub struct TermRow<'a> {
    /// Index of the group (its key columns are written before the row).
    #[serde(skip)]
    pub group: usize,
    pub term: &'a str,
    pub pos: &'a str,
    pub count: u64,
    pub per_10k: f64,
    pub doc_freq: u64,
    pub tfidf: f64,
}

/// One row of `summary.csv`, before the carried metadata columns.
#[derive(Debug, Serialize, PartialEq, Default)]
pub struct SummaryRow {
    pub documents: u64,
    pub characters: u64,
    pub sentences: u64,
    pub tokens: u64,
    pub content_tokens: u64,
    pub types: u64,
    pub measure_sentences: u64,
    pub metrics: u64,
}

/// One row of `measures.csv`: one (sentence, measure type), after the grouping columns.
/// Rows stream out in document order, then sentence order, then measure-type order of the
/// dictionary.
#[derive(Debug, Serialize, PartialEq)]
pub struct MeasureRow<'a> {
    pub doc_id: &'a str,
    pub sentence_id: u32,
    pub is_heading: bool,
    pub measure_type: &'a str,
    pub family: &'a str,
    pub cues: String,
}

/// The fixed part of one row of `sentences.csv` (the type flags follow).
#[derive(Debug, Serialize, PartialEq)]
pub struct SentenceRow<'a> {
    pub doc_id: &'a str,
    pub sentence_id: u32,
    pub start: usize,
    pub end: usize,
    pub is_heading: bool,
    pub text: &'a str,
}

/// The counts of one row of `documents.csv` (after doc_id and the metadata columns; the
/// per-type counts follow).
#[derive(Debug, Serialize, PartialEq, Default, Clone)]
pub struct DocumentRow {
    pub characters: u64,
    pub sentences: u64,
    pub tokens: u64,
    pub content_tokens: u64,
    pub measure_sentences: u64,
    pub metrics: u64,
}

/// One row of `measure_types.csv`: every (group, measure type), zeros included.
#[derive(Debug, Serialize, PartialEq)]
pub struct MeasureTypeRow<'a> {
    #[serde(skip)]
    pub group: usize,
    pub measure_type: &'a str,
    pub label: &'a str,
    pub family: &'a str,
    pub sentences: u64,
    /// Empty when the group has no non-heading sentence (0 of 0).
    pub share: Option<f64>,
    pub cue_hits: u64,
}

/// One row of `measure_families.csv`: every (group, family), zeros included.
#[derive(Debug, Serialize, PartialEq)]
pub struct MeasureFamilyRow<'a> {
    #[serde(skip)]
    pub group: usize,
    pub family: &'a str,
    pub sentences: u64,
    /// Empty when the group has no non-heading sentence (0 of 0).
    pub share: Option<f64>,
    pub cue_hits: u64,
}

/// One row of `metrics.csv`: one quantity. Rows stream out in document order, then
/// sentence order, then text order.
#[derive(Debug, Serialize, PartialEq)]
pub struct MetricRow<'a> {
    pub doc_id: &'a str,
    pub sentence_id: u32,
    pub indicator: &'a str,
    pub indicator_fallback: bool,
    pub value: &'a str,
    pub value_high: &'a str,
    pub unit: &'a str,
    pub value_std: f64,
    pub value_std_high: Option<f64>,
    pub unit_std: &'a str,
    pub dimension: &'a str,
    pub kind: &'a str,
    pub direction: &'a str,
    pub qualifier: &'a str,
    pub period: &'a str,
    pub deadline: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

/// Every (group, measure type) in corpus × dictionary order, with explicit zeros.
pub fn measure_type_rows<'a>(
    accs: &'a [GroupAcc],
    dict: &'a MeasureDict,
) -> Vec<MeasureTypeRow<'a>> {
    let mut rows = Vec::new();
    for (group, acc) in accs.iter().enumerate() {
        let m = &acc.measures;
        for (i, t) in dict.types.iter().enumerate() {
            let sentences = m.type_sentences.get(i).copied().unwrap_or(0);
            rows.push(MeasureTypeRow {
                group,
                measure_type: &t.name,
                label: &t.label,
                family: &t.family,
                sentences,
                share: share(sentences, m.non_heading_sentences),
                cue_hits: m.type_cue_hits.get(i).copied().unwrap_or(0),
            });
        }
    }
    rows
}

/// Every (group, family) in corpus × dictionary order, with explicit zeros.
pub fn measure_family_rows<'a>(
    accs: &'a [GroupAcc],
    dict: &'a MeasureDict,
) -> Vec<MeasureFamilyRow<'a>> {
    let mut rows = Vec::new();
    for (group, acc) in accs.iter().enumerate() {
        let m = &acc.measures;
        for (i, family) in dict.families.iter().enumerate() {
            let sentences = m.family_sentences.get(i).copied().unwrap_or(0);
            rows.push(MeasureFamilyRow {
                group,
                family,
                sentences,
                share: share(sentences, m.non_heading_sentences),
                cue_hits: m.family_cue_hits.get(i).copied().unwrap_or(0),
            });
        }
    }
    rows
}

/// Build the term rows of all groups, in the table's sort order. Terms outside `trim` are
/// left out (`doc_freq` and tf-idf still count every group).
/// `totals` is [`TermTrim::totals`] of `accs`.
pub fn term_rows<'a>(
    accs: &'a [GroupAcc],
    trim: TermTrim,
    totals: &TermTotals,
) -> Vec<TermRow<'a>> {
    let kept = |term: &str| {
        let (total, groups) = totals[term];
        trim.keeps(total, groups, accs.len())
    };
    let n = accs.len() as f64;
    let mut rows = Vec::new();
    for (group, acc) in accs.iter().enumerate() {
        let mut terms: Vec<_> = acc.terms.iter().filter(|(t, _)| kept(t)).collect();
        terms.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(b.0)));
        for (term, stats) in terms {
            let d = totals[term.as_str()].1;
            rows.push(TermRow {
                group,
                term,
                pos: stats.top_pos(),
                count: stats.count,
                per_10k: round4(
                    stats.count as f64 * 10_000.0 / acc.counts.content_tokens.max(1) as f64,
                ),
                doc_freq: d,
                tfidf: round4(stats.count as f64 * (n / d as f64).ln()),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::aggregate::DocCounts;

    #[test]
    fn term_rows_compute_share_df_and_tfidf() {
        let mut a = DocCounts::default();
        for w in ["督察整改", "督察整改", "造林", "管网"] {
            a.add_term(w, "n");
        }
        let mut b = DocCounts::default();
        b.add_term("督察整改", "nz");
        let mut accs = vec![GroupAcc::default(), GroupAcc::default()];
        accs[0].add_doc(&a);
        accs[1].add_doc(&b);
        let rows = term_rows(&accs, TermTrim::default(), &TermTrim::totals(&accs));
        assert_eq!(rows.len(), 4);
        assert_eq!(
            (rows[0].term, rows[0].count, rows[0].doc_freq, rows[0].tfidf),
            ("督察整改", 2, 2, 0.0)
        );
        assert_eq!(rows[0].per_10k, 5000.0);
        // Ties on count sort by term: 管网 (U+7BA1) before 造林 (U+9020).
        assert_eq!(rows[1].term, "管网");
        assert_eq!(rows[1].tfidf, round4(2f64.ln()));
        assert_eq!(rows[3].group, 1);
    }
}
