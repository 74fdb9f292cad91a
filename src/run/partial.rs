//! Partial results and exact merging: `run --shard I/N`, `run --stdin-jsonl` and `merge`.
//!
//! A partial folder holds raw, mergeable counts instead of finished tables:
//! - `partial.json`: format version, grouping columns, per-group accumulators (term counts
//!   with POS tallies, sentence and token totals, measure counts), carried metadata and
//!   headline candidates;
//! - `measures.rows`, `metrics.rows`, `sentences.rows`, `documents.rows` (and `dtm.rows`
//!   with `--dtm`): each document's finished rows, framed as `#doc INDEX LEN\n` followed by
//!   LEN bytes, so rows from many partials can be put back in corpus order;
//! - `manifest.json`, whose `partial` section identifies the partial.
//!
//! Every derived quantity (doc_freq, tfidf, keyness, shares, most frequent POS) is computed
//! after merging, from the merged counts, by the same code as `run`; so the merged tables are
//! byte-identical to a single run over the whole corpus.

use std::io::{BufRead, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::nlp::segment::intern_tag;
use crate::provenance::manifest::FORMAT;
use crate::run::finalize::Totals;
use crate::run::merge::TermRecord;
use crate::stats::aggregate::{Counters, GroupAcc, MeasureCounts, TermStats};
use crate::stats::headlines::Headline;
use crate::tables::staging::Staging;

pub const PARTIAL_JSON: &str = "partial.json";
/// The row tables a run streams, in the order `merge` writes them.
pub const ROW_TABLES: [&str; 4] = ["measures", "metrics", "sentences", "documents"];
/// `--dtm`: each document's term counts (`term\tcount` lines), framed.
pub const DTM_ROWS: &str = "dtm.rows";

/// The framed file of a row table in a partial: `measures` → `measures.rows`.
pub fn partial_rows_file(table: &str) -> String {
    format!("{table}.rows")
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupRecord {
    /// Values of the grouping columns.
    pub key: Vec<String>,
    pub first_index: u64,
    pub meta: Vec<String>,
    #[serde(flatten)]
    pub counts: Counters,
    pub measures: MeasureCounts,
    /// Sorted by term.
    pub terms: Vec<TermRecord>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PartialData {
    pub format: String,
    pub group_columns: Vec<String>,
    pub meta_columns: Vec<String>,
    pub carried_columns: Vec<String>,
    pub groups: Vec<GroupRecord>,
    pub headlines: Vec<Vec<Headline>>,
    pub warnings: Vec<String>,
}

fn to_record(key: &[String], first_index: u64, meta: &[String], acc: &GroupAcc) -> GroupRecord {
    let mut terms: Vec<TermRecord> = acc
        .terms
        .iter()
        .map(|(t, s)| {
            let mut pos: Vec<(String, u64)> =
                s.pos.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect();
            pos.sort();
            (t.clone(), s.count, pos)
        })
        .collect();
    terms.sort();
    GroupRecord {
        key: key.to_vec(),
        first_index,
        meta: meta.to_vec(),
        counts: acc.counts,
        measures: acc.measures.clone(),
        terms,
    }
}

pub fn from_record(r: GroupRecord) -> GroupAcc {
    GroupAcc {
        counts: r.counts,
        measures: r.measures,
        terms: r
            .terms
            .into_iter()
            .map(|(t, count, pos)| {
                let pos = pos.iter().map(|(p, n)| (intern_tag(p), *n)).collect();
                (t, TermStats { count, pos })
            })
            .collect(),
    }
}

/// Stage `partial.json` (the row files are already staged by the run).
pub fn write_partial(staging: &mut Staging, totals: &Totals, warnings: &[String]) -> Result<()> {
    let data = PartialData {
        format: FORMAT.to_owned(),
        group_columns: totals.group_columns.clone(),
        meta_columns: totals.meta_columns.clone(),
        carried_columns: totals.carried_columns.clone(),
        groups: totals
            .groups
            .iter()
            .enumerate()
            .map(|(p, key)| {
                to_record(
                    key,
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

/// One framed document of a `.rows` file.
#[derive(Debug)]
pub struct Frame {
    pub index: u64,
    pub bytes: Vec<u8>,
}

/// Read one frame; `offset` is the byte position in the file, for errors.
pub fn read_frame(r: &mut impl BufRead, file: &Path, offset: &mut u64) -> Result<Option<Frame>> {
    let mut raw = Vec::new();
    let at = *offset;
    let n = r
        .read_until(b'\n', &mut raw)
        .with_context(|| format!("{}: cannot read at byte {at}", file.display()))?;
    if n == 0 {
        return Ok(None);
    }
    let header = String::from_utf8_lossy(&raw);
    let bad = || {
        anyhow::anyhow!(
            "{}: bad frame header at byte {at}: `{}`",
            file.display(),
            header.trim_end().chars().take(60).collect::<String>()
        )
    };
    let mut parts = header.trim_end().split(' ');
    if parts.next() != Some("#doc") {
        return Err(bad());
    }
    let index: u64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let len: usize = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if parts.next().is_some() {
        return Err(bad());
    }
    let mut bytes = Vec::new();
    let got = r
        .take(len as u64)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{}: cannot read at byte {at}", file.display()))?;
    if got != len {
        bail!(
            "{}: frame at byte {at} says {len} bytes but the file ends after {got}",
            file.display()
        );
    }
    *offset += (n + len) as u64;
    Ok(Some(Frame { index, bytes }))
}

/// Fuzzing entry: read frames from bytes until the end or the first error.
pub fn fuzz_rows(bytes: &[u8]) -> Result<usize> {
    let mut r = std::io::Cursor::new(bytes);
    let mut at = 0;
    let mut n = 0;
    while read_frame(&mut r, Path::new("fuzz"), &mut at)?.is_some() {
        n += 1;
    }
    Ok(n)
}
