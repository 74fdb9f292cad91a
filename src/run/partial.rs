//! Partial results and exact merging: `run --shard I/N`, `run --stdin-jsonl` and `merge`.
//!
//! A partial folder holds raw, mergeable counts instead of finished tables:
//! - `partial.json`: format version, per-province accumulators (term counts with POS tallies,
//!   sentence and token totals, measure counts), carried metadata and headline candidates;
//! - `measures.rows`, `metrics.rows`: each document's finished rows, framed as
//!   `#doc INDEX LEN\n` followed by LEN bytes, so rows from many partials can be put back in
//!   corpus order;
//! - `manifest.json`, whose `partial` section identifies the partial.
//!
//! Every derived quantity (doc_freq, tfidf, keyness, shares, most frequent POS) is computed
//! after merging, from the merged counts, by the same code as `run`; so the merged tables are
//! byte-identical to a single run over the whole corpus.

use std::io::Write;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::provenance::manifest::FORMAT;
use crate::run::finalize::Totals;
use crate::run::merge::TermRecord;
use crate::stats::aggregate::{MeasureCounts, GroupAcc, TermStats};
use crate::stats::headlines::Headline;
use crate::tables::staging::Staging;

pub const PARTIAL_JSON: &str = "partial.json";
pub const MEASURE_ROWS: &str = "measures.rows";
pub const METRIC_ROWS: &str = "metrics.rows";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProvinceRecord {
    pub name: String,
    pub first_index: u64,
    pub meta: Vec<String>,
    pub documents: u64,
    pub characters: u64,
    pub sentences: u64,
    pub tokens: u64,
    pub content_tokens: u64,
    pub metrics: u64,
    pub measures: MeasureCounts,
    /// Sorted by term.
    pub terms: Vec<TermRecord>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PartialData {
    pub format: String,
    pub meta_columns: Vec<String>,
    pub provinces: Vec<ProvinceRecord>,
    pub headlines: Vec<Vec<Headline>>,
    pub warnings: Vec<String>,
}

fn to_record(name: &str, first_index: u64, meta: &[String], acc: &GroupAcc) -> ProvinceRecord {
    let mut terms: Vec<TermRecord> = acc
        .terms
        .iter()
        .map(|(t, s)| {
            let mut pos = s.pos.clone();
            pos.sort();
            (t.clone(), s.count, pos)
        })
        .collect();
    terms.sort();
    ProvinceRecord {
        name: name.to_owned(),
        first_index,
        meta: meta.to_vec(),
        documents: acc.documents,
        characters: acc.characters,
        sentences: acc.sentences,
        tokens: acc.tokens,
        content_tokens: acc.content_tokens,
        metrics: acc.metrics,
        measures: acc.measures.clone(),
        terms,
    }
}

pub fn from_record(r: ProvinceRecord) -> GroupAcc {
    GroupAcc {
        documents: r.documents,
        characters: r.characters,
        sentences: r.sentences,
        tokens: r.tokens,
        content_tokens: r.content_tokens,
        metrics: r.metrics,
        measures: r.measures,
        terms: r
            .terms
            .into_iter()
            .map(|(t, count, pos)| (t, TermStats { count, pos }))
            .collect(),
    }
}

/// Stage `partial.json` (the row files are already staged by the run).
pub fn write_partial(staging: &mut Staging, totals: &Totals, warnings: &[String]) -> Result<()> {
    let data = PartialData {
        format: FORMAT.to_owned(),
        meta_columns: totals.meta_columns.clone(),
        provinces: totals
            .provinces
            .iter()
            .enumerate()
            .map(|(p, name)| {
                to_record(
                    name,
                    totals.first_index[p],
                    &totals.meta_values[p],
                    &totals.accs[p],
                )
            })
            .collect(),
        headlines: totals.headlines.clone(),
        warnings: warnings.to_vec(),
    };
    staging.write(PARTIAL_JSON, |w| {
        serde_json::to_writer(&mut *w, &data)?;
        w.write_all(b"\n")?;
        Ok(0)
    })
}

// ---------------------------------------------------------------------------------------
// stdin records

// ---------------------------------------------------------------------------------------
// merge
