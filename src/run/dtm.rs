//! `--dtm`: the document-term matrix as Matrix Market (`dtm.mtx`, documents × terms, counts
//! of content terms), its column labels (`dtm_terms`) and row labels (`dtm_docs`), built at
//! finalize from the framed per-document term counts the run (or merge) staged. Two
//! streaming passes over that file; memory holds only the vocabulary.

use std::io::{BufReader, Write};
use std::path::Path;

use anyhow::{Context, Result};
use rustc_hash::FxHashMap;

use crate::run::finalize::Totals;
use crate::run::partial::{DTM_ROWS, read_frame};
use crate::tables::format::{TableStyle, write_rows};
use crate::tables::schema::{SchemaContext, schema};
use crate::tables::staging::Staging;

pub const DTM_FILE: &str = "dtm.mtx";

/// One row of `dtm_terms.csv`.
#[derive(Debug, serde::Serialize)]
pub struct DtmTermRow<'a> {
    pub column: usize,
    pub term: &'a str,
    pub count: u64,
    pub documents: u64,
}

/// The kept terms (corpus count ≥ `min_count`), by count descending, then term.
fn columns(totals: &Totals, min_count: u64) -> Vec<(&str, u64)> {
    let mut counts: FxHashMap<&str, u64> = FxHashMap::default();
    for acc in &totals.accs {
        for (t, s) in &acc.terms {
            *counts.entry(t.as_str()).or_default() += s.count;
        }
    }
    let mut terms: Vec<(&str, u64)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= min_count)
        .collect();
    terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    terms
}

/// Call `f(row, entries)` for each document of the framed file, in order; chunks of one
/// document (consecutive frames with one index) are added up; entries sorted by column.
fn for_each_doc(
    path: &Path,
    rows: &FxHashMap<u64, usize>,
    cols: &FxHashMap<&str, usize>,
    mut f: impl FnMut(usize, &[(usize, u64)]) -> Result<()>,
) -> Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut r = BufReader::new(file);
    let mut current: Option<u64> = None;
    let mut entries: Vec<(usize, u64)> = Vec::new();
    let mut flush = |index: u64, entries: &mut Vec<(usize, u64)>| -> Result<()> {
        entries.sort_unstable();
        entries.dedup_by(|b, a| {
            a.0 == b.0 && {
                a.1 += b.1;
                true
            }
        });
        f(rows[&index], entries)?;
        entries.clear();
        Ok(())
    };
    let mut offset = 0;
    while let Some(frame) = read_frame(&mut r, path, &mut offset)? {
        if current.is_some_and(|c| c != frame.index) {
            flush(current.expect("set"), &mut entries)?;
        }
        current = Some(frame.index);
        let text = std::str::from_utf8(&frame.bytes).context("dtm rows are not UTF-8")?;
        for line in text.lines() {
            let (term, n) = line.split_once('\t').context("bad dtm row")?;
            if let Some(&c) = cols.get(term) {
                entries.push((c, n.parse().context("bad dtm count")?));
            }
        }
    }
    if let Some(c) = current {
        flush(c, &mut entries)?;
    }
    Ok(())
}

/// Write `dtm.mtx`, `dtm_terms` and `dtm_docs`, then drop the staged `dtm.rows`.
pub fn write_dtm(
    staging: &mut Staging,
    totals: &Totals,
    style: TableStyle,
    ctx: &SchemaContext,
    min_count: u64,
) -> Result<()> {
    let terms = columns(totals, min_count);
    let cols: FxHashMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.0, i + 1))
        .collect();
    let rows: FxHashMap<u64, usize> = totals
        .inputs
        .iter()
        .enumerate()
        .map(|(i, e)| (e.index, i + 1))
        .collect();
    let path = staging.staged_path(DTM_ROWS);
    let mut documents = vec![0u64; terms.len() + 1];
    let mut nnz = 0u64;
    for_each_doc(&path, &rows, &cols, |_, entries| {
        nnz += entries.len() as u64;
        for (c, _) in entries {
            documents[*c] += 1;
        }
        Ok(())
    })?;
    staging.write(DTM_FILE, |w| {
        writeln!(w, "%%MatrixMarket matrix coordinate integer general")?;
        writeln!(
            w,
            "% rows: documents (dtm_docs), columns: content terms (dtm_terms)"
        )?;
        writeln!(w, "{} {} {nnz}", totals.inputs.len(), terms.len())?;
        for_each_doc(&path, &rows, &cols, |row, entries| {
            for (c, n) in entries {
                writeln!(w, "{row} {c} {n}")?;
            }
            Ok(())
        })?;
        Ok(nnz)
    })?;
    let term_rows: Vec<DtmTermRow> = terms
        .iter()
        .enumerate()
        .map(|(i, (term, count))| DtmTermRow {
            column: i + 1,
            term,
            count: *count,
            documents: documents[i + 1],
        })
        .collect();
    staging.write(&style.file_name("dtm_terms"), |w| {
        write_rows(w, style, &schema("dtm_terms").header(ctx), &term_rows)
    })?;
    write_dtm_docs(staging, style, ctx)?;
    staging.discard(DTM_ROWS)
}

/// `dtm_docs`: the row number and the first columns (doc_id and metadata) of `documents`.
fn write_dtm_docs(staging: &mut Staging, style: TableStyle, ctx: &SchemaContext) -> Result<()> {
    let header = schema("dtm_docs").header(ctx);
    let keep = header.len() - 1;
    let documents = staging.staged_path(&style.file_name("documents"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(style.delimiter())
        .from_path(&documents)
        .with_context(|| format!("cannot read {}", documents.display()))?;
    staging.write(&style.file_name("dtm_docs"), |w| {
        let mut out = style.stream_writer(w, &header)?;
        let mut n = 0u64;
        for record in reader.records() {
            let record = record?;
            n += 1;
            out.write_field(n.to_string())?;
            for field in record.iter().take(keep) {
                out.write_field(field)?;
            }
            out.write_record(None::<&[u8]>)?;
        }
        out.flush()?;
        Ok(n)
    })
}
