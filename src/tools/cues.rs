//! The per-cue audit behind `policy-mine cues`: how often each cue of the measures dictionary
//! fires on a corpus, in how many sentences, and what share of a hand-coded sample's false
//! positives it takes part in, so the dictionary can be maintained from data.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use crate::input::corpus::{Corpus, InputEncoding};
use crate::nlp::resources::Resources;
use crate::run::load::LoadedDoc;
use crate::text::normalize::normalize;
use crate::tools::validate::CodedRow;

/// One cue's audit row.
#[derive(Debug, Clone, Default)]
pub struct CueRow {
    pub measure_type: String,
    pub pattern: String,
    pub kind: &'static str,
    pub line: usize,
    /// Firings in the corpus, repeats within a sentence included.
    pub firings: u64,
    /// Corpus sentences where it fired.
    pub sentences: u64,
    /// Sample rows where it fired for a type the human did not code.
    pub gold_fp: u64,
    /// `gold_fp` over all false-positive (row, type) pairs of the sample (0 without a sample).
    pub gold_fp_share: f64,
    /// Up to `examples` corpus sentences where it fired, as `doc_id:sentence_id text`.
    pub examples: Vec<String>,
}

/// Columns of `cues --csv`.
pub const CUE_COLUMNS: [&str; 9] = [
    "measure_type",
    "pattern",
    "kind",
    "line",
    "firings",
    "sentences",
    "gold_fp",
    "gold_fp_share",
    "example",
];

/// Per-cue counts of one document: (firings, sentences, examples) indexed by cue.
type DocCounts = Vec<(u64, u64, Vec<String>)>;

fn count_doc(res: &Resources, doc_id: &str, text: &str, examples: usize) -> DocCounts {
    let mut counts: DocCounts = vec![(0, 0, Vec::new()); res.measures.cues.len()];
    for (sentence, tokens) in res.segmenter.segment_text(text) {
        let fired = res.measures.fired(&tokens);
        let mut seen = BTreeSet::new();
        for cue in fired {
            let c = &mut counts[cue];
            c.0 += 1;
            if seen.insert(cue) {
                c.1 += 1;
                if c.2.len() < examples {
                    c.2.push(format!("{doc_id}:{} {}", sentence.id, sentence.text(text)));
                }
            }
        }
    }
    counts
}

/// Audit every cue on the corpus (documents in parallel, summed in corpus order) and on the
/// hand-coded `gold` rows. Rows come in dictionary order.
pub fn audit(
    res: &Resources,
    corpus: &Path,
    encoding: InputEncoding,
    gold: &[CodedRow],
    examples: usize,
) -> Result<Vec<CueRow>> {
    let corpus = Corpus::open(corpus, false, &crate::input::group::GroupBy::default(), &[])?;
    let per_doc: Vec<DocCounts> = corpus
        .entries
        .par_iter()
        .map(|e| -> Result<_> {
            let doc = LoadedDoc::read(e, encoding)?;
            Ok(count_doc(res, &e.doc_id, &doc.text, examples))
        })
        .collect::<Result<_>>()?;
    let dict = &res.measures;
    let mut rows: Vec<CueRow> = dict
        .cues
        .iter()
        .map(|c| CueRow {
            measure_type: dict.types[c.type_idx].name.clone(),
            pattern: c.pattern.clone(),
            kind: c.kind.name(),
            line: c.line,
            ..Default::default()
        })
        .collect();
    for counts in per_doc {
        for (row, (firings, sentences, ex)) in rows.iter_mut().zip(counts) {
            row.firings += firings;
            row.sentences += sentences;
            let room = examples.saturating_sub(row.examples.len());
            row.examples.extend(ex.into_iter().take(room));
        }
    }
    let total_fp = gold_false_positives(res, gold, &mut rows);
    for row in &mut rows {
        row.gold_fp_share = if total_fp == 0 {
            0.0
        } else {
            row.gold_fp as f64 / total_fp as f64
        };
    }
    Ok(rows)
}

/// Count, per cue, the sample rows where it fired for a type the human did not code;
/// returns the number of false-positive (row, type) pairs.
fn gold_false_positives(res: &Resources, gold: &[CodedRow], rows: &mut [CueRow]) -> u64 {
    let dict = &res.measures;
    let mut total = 0;
    for g in gold {
        let text = normalize(&g.sentence);
        let mut fp_types = BTreeSet::new();
        let mut fp_cues = BTreeSet::new();
        for (_, tokens) in res.segmenter.segment_text(&text) {
            for cue in dict.fired(&tokens) {
                let t = &dict.types[dict.cues[cue].type_idx].name;
                if !g.human.contains(t) {
                    fp_types.insert(dict.cues[cue].type_idx);
                    fp_cues.insert(cue);
                }
            }
        }
        total += fp_types.len() as u64;
        for cue in fp_cues {
            rows[cue].gold_fp += 1;
        }
    }
    total
}

/// `cues` as a table, most firings first within each type (dictionary order on ties), with
/// the example sentences under each row.
pub fn write_table(w: &mut impl std::io::Write, rows: &[CueRow]) -> Result<()> {
    writeln!(
        w,
        "{:<14} {:<24} {:<8} {:>5} {:>8} {:>9} {:>7} {:>8}",
        "type", "pattern", "kind", "line", "firings", "sentences", "gold_fp", "fp_share"
    )?;
    let mut order: Vec<&CueRow> = rows.iter().collect();
    order.sort_by(|a, b| {
        a.measure_type
            .cmp(&b.measure_type)
            .then(b.firings.cmp(&a.firings))
            .then(a.line.cmp(&b.line))
    });
    for r in order {
        writeln!(
            w,
            "{:<14} {:<24} {:<8} {:>5} {:>8} {:>9} {:>7} {:>8.3}",
            r.measure_type,
            r.pattern,
            r.kind,
            r.line,
            r.firings,
            r.sentences,
            r.gold_fp,
            r.gold_fp_share
        )?;
        for e in &r.examples {
            writeln!(w, "    {e}")?;
        }
    }
    Ok(())
}

/// `cues --csv`, in dictionary order; `example` is the first example sentence.
pub fn write_csv(w: &mut impl std::io::Write, rows: &[CueRow]) -> Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(CUE_COLUMNS)?;
    for r in rows {
        csv.write_record([
            r.measure_type.clone(),
            r.pattern.clone(),
            r.kind.to_owned(),
            r.line.to_string(),
            r.firings.to_string(),
            r.sentences.to_string(),
            r.gold_fp.to_string(),
            format!("{:.4}", r.gold_fp_share),
            r.examples.first().cloned().unwrap_or_default(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_firings_on_a_corpus_and_gold_false_positives() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.txt"),
            "江西省累计投入资金190亿元。\n资金到位,资金拨付。\n",
        )
        .unwrap();
        let res = crate::nlp::resources::load_bundled();
        let gold = vec![CodedRow {
            key: "line 2".into(),
            sentence: "共召开新闻发布会19场。".into(),
            human: BTreeSet::new(),
        }];
        let rows = audit(&res, dir.path(), InputEncoding::Utf8, &gold, 1).unwrap();
        let funds = rows
            .iter()
            .find(|r| r.pattern == "资金" && r.kind == "term")
            .unwrap();
        assert_eq!((funds.firings, funds.sentences), (3, 2));
        assert!(
            funds.examples[0].contains("投入资金"),
            "{:?}",
            funds.examples
        );
        assert_eq!(funds.gold_fp, 0);
        let fp: u64 = rows.iter().map(|r| r.gold_fp).sum();
        assert!(fp >= 1);
        let share: f64 = rows
            .iter()
            .filter(|r| r.gold_fp > 0)
            .map(|r| r.gold_fp_share)
            .fold(0.0, f64::max);
        assert!(share > 0.0 && share <= 1.0);
    }
}
