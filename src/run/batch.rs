//! One batch analysed in parallel: each document's rows serialized in document order and
//! its counts folded per group (sparsely: a batch touches only its own groups).

use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::RunConfig;
use crate::input::corpus::DocEntry;
use crate::input::corpus::InputRecord;
use crate::nlp::metrics::Metric;
use crate::nlp::resources::Resources;
use crate::nlp::tag::MeasureDict;
use crate::run::analyze::DocOutput;
use crate::run::analyze::process_part;
use crate::run::load::LoadedDoc;
use crate::stats::aggregate::{BatchAcc, GroupAcc};
use crate::stats::headlines::{HEADLINES_PER_GROUP, Headline};
use crate::tables::format::{TableStyle, write_key};
use crate::tables::rows::{DocumentRow, MeasureRow, MetricRow, SentenceRow};
use crate::util::interrupt::check_interrupted;

/// One document's (or chunk's) serialized rows, without header or BOM.
#[derive(Default)]
pub struct RowBytes {
    pub measures: Vec<u8>,
    pub metrics: Vec<u8>,
    pub sentences: Vec<u8>,
    /// `--dtm`: `term\tcount\n` lines, sorted by term.
    pub dtm: Vec<u8>,
    pub measure_rows: u64,
    pub metric_rows: u64,
    pub sentence_rows: u64,
}

/// A document's counts for `documents.csv`; chunks of one document are added up.
#[derive(Default, Clone)]
pub struct DocTotals {
    pub row: DocumentRow,
    /// Non-heading sentences per measure type (dictionary order).
    pub types: Vec<u64>,
}

impl DocTotals {
    pub fn add(&mut self, other: &DocTotals) {
        let (a, b) = (&mut self.row, &other.row);
        a.characters += b.characters;
        a.sentences += b.sentences;
        a.tokens += b.tokens;
        a.content_tokens += b.content_tokens;
        a.measure_sentences += b.measure_sentences;
        a.metrics += b.metrics;
        if self.types.len() < other.types.len() {
            self.types.resize(other.types.len(), 0);
        }
        for (x, y) in self.types.iter_mut().zip(&other.types) {
            *x += y;
        }
    }
}

/// One document's results, owned, ready to be merged and written in document order.
pub struct DocResult {
    /// None for the second and later chunks of a large document.
    pub input: Option<InputRecord>,
    /// Corpus position of the document.
    pub index: u64,
    pub empty: bool,
    pub long_cuts: usize,
    pub cache_hits: u64,
    pub rows: RowBytes,
    pub totals: DocTotals,
    /// doc_id, province, title and the metadata values: the first columns of `documents.csv`.
    pub label: Vec<String>,
    /// Candidates for the report, at most [`HEADLINES_PER_GROUP`].
    pub headlines: Vec<Headline>,
    pub group: usize,
}

/// A batch analysed in parallel: its documents in order and its counts folded per group,
/// sorted by group index.
pub struct BatchResult {
    pub accs: Vec<(usize, GroupAcc)>,
    pub docs: Vec<DocResult>,
}

/// What every document of a run needs besides its text.
struct Ctx<'a> {
    res: &'a Resources,
    config: &'a RunConfig,
    /// Which grouping values the row tables carry (all but `doc_id`, which they have).
    row_key: Vec<bool>,
}

pub fn process_batch(
    batch: &[DocEntry],
    res: &Resources,
    config: &RunConfig,
) -> Result<BatchResult> {
    let loaded: Vec<LoadedDoc> = batch
        .par_iter()
        .map(|e| LoadedDoc::read(e, config.encoding))
        .collect::<Result<_>>()?;
    check_interrupted()?;
    let ctx = Ctx {
        res,
        config,
        row_key: config
            .group_by
            .columns()
            .iter()
            .map(|c| c != "doc_id")
            .collect(),
    };
    let outputs: Vec<(DocOutput, DocResult)> = loaded
        .par_iter()
        .zip(batch)
        .map(|(doc, entry)| {
            let out = process_part(res, &doc.text, config.sentence_cache, entry.part.as_ref());
            let result = doc_result(&ctx, doc, entry, &out)?;
            Ok((out, result))
        })
        .collect::<Result<_>>()?;
    let accs = fold_groups(&outputs);
    let docs = outputs.into_iter().map(|(_, r)| r).collect();
    Ok(BatchResult { accs, docs })
}

/// Fold the documents' counts into one accumulator per group present in the batch (terms
/// borrowed while folding, owned once per group at the end).
fn fold_groups(outputs: &[(DocOutput, DocResult)]) -> Vec<(usize, GroupAcc)> {
    let merged = outputs
        .par_iter()
        .fold(
            FxHashMap::<usize, BatchAcc>::default,
            |mut accs, (out, r)| {
                accs.entry(r.group).or_default().add_doc(&out.counts);
                accs
            },
        )
        .reduce(FxHashMap::default, |mut a, b| {
            for (g, acc) in b {
                a.entry(g).or_default().merge(acc);
            }
            a
        });
    let mut accs: Vec<(usize, GroupAcc)> = merged
        .into_iter()
        .map(|(g, acc)| (g, acc.into_group_acc()))
        .collect();
    accs.sort_unstable_by_key(|(g, _)| *g);
    accs
}

fn doc_result(ctx: &Ctx, doc: &LoadedDoc, entry: &DocEntry, out: &DocOutput) -> Result<DocResult> {
    let key: Vec<String> = entry
        .group
        .iter()
        .zip(&ctx.row_key)
        .filter(|(_, keep)| **keep)
        .map(|(v, _)| v.clone())
        .collect();
    let rows = row_bytes(ctx, entry, &key, out)?;
    let mut label = vec![
        entry.doc_id.clone(),
        entry.province.clone(),
        entry.title.clone(),
    ];
    label.extend(entry.meta.iter().cloned());
    Ok(DocResult {
        input: input_record(entry, doc),
        index: entry.index,
        empty: out.counts.counts.characters == 0,
        long_cuts: out.long_cuts,
        cache_hits: out.counts.cache_hits,
        rows,
        totals: doc_totals(out),
        label,
        headlines: headlines(entry, out),
        group: entry.group_idx,
    })
}

fn doc_totals(out: &DocOutput) -> DocTotals {
    let c = &out.counts;
    DocTotals {
        row: DocumentRow {
            characters: c.counts.characters,
            sentences: c.counts.sentences,
            tokens: c.counts.tokens,
            content_tokens: c.counts.content_tokens,
            measure_sentences: c.measures.coded_sentences,
            metrics: c.counts.metrics,
        },
        types: c.measures.type_sentences.clone(),
    }
}

fn headlines(entry: &DocEntry, out: &DocOutput) -> Vec<Headline> {
    out.metrics
        .iter()
        .zip(&out.metric_sentences)
        .filter(|(m, _)| m.kind != "count" && !m.indicator.is_empty())
        .take(HEADLINES_PER_GROUP)
        .map(|(m, sentence)| Headline {
            index: entry.index,
            doc_id: entry.doc_id.clone(),
            sentence_id: m.sentence_id,
            indicator: m.indicator.clone(),
            value: m.value.clone(),
            unit: m.unit.clone(),
            kind: m.kind.to_owned(),
            direction: m.direction.to_owned(),
            sentence: sentence.to_string(),
        })
        .collect()
}

fn row_bytes(ctx: &Ctx, entry: &DocEntry, key: &[String], out: &DocOutput) -> Result<RowBytes> {
    let style = ctx.config.style;
    let dict = &ctx.res.measures;
    let mut rows = RowBytes::default();
    rows.measures = serialize(style, |w| write_measure_rows(w, entry, key, out, dict))?;
    rows.metrics = serialize(style, |w| write_metric_rows(w, entry, key, &out.metrics))?;
    rows.sentences = serialize(style, |w| write_sentence_rows(w, entry, key, out, dict))?;
    rows.measure_rows = out.sentences.iter().map(|c| c.hits.len() as u64).sum();
    rows.metric_rows = out.metrics.len() as u64;
    rows.sentence_rows = out.sentences.len() as u64;
    if ctx.config.dtm.is_some() {
        let mut terms: Vec<(&str, u64)> = out
            .counts
            .terms
            .iter()
            .map(|(t, tally)| (*t, tally.count))
            .collect();
        terms.sort_unstable();
        for (t, n) in terms {
            use std::io::Write;
            writeln!(rows.dtm, "{t}\t{n}")?;
        }
    }
    Ok(rows)
}

/// Rows of one document as CSV bytes (no header, no BOM), for writing in document order.
fn serialize(
    style: TableStyle,
    fill: impl FnOnce(&mut csv::Writer<&mut Vec<u8>>) -> Result<u64>,
) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let plain = TableStyle {
        bom: false,
        ..style
    };
    let mut w = plain.row_writer(&mut bytes);
    fill(&mut w)?;
    w.flush()?;
    drop(w);
    Ok(bytes)
}

fn write_measure_rows<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    entry: &DocEntry,
    key: &[String],
    out: &DocOutput<'_>,
    dict: &MeasureDict,
) -> Result<u64> {
    let mut n = 0;
    for coded in &out.sentences {
        for hit in &coded.hits {
            let t = &dict.types[hit.type_idx];
            write_key(csv, key)?;
            csv.serialize(MeasureRow {
                doc_id: &entry.doc_id,
                sentence_id: coded.sentence.id,
                is_heading: coded.sentence.is_heading,
                measure_type: &t.name,
                family: &t.family,
                cues: dict.cue_list(hit),
            })?;
            n += 1;
        }
    }
    Ok(n)
}

fn write_sentence_rows<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    entry: &DocEntry,
    key: &[String],
    out: &DocOutput<'_>,
    dict: &MeasureDict,
) -> Result<u64> {
    let mut flags = vec![false; dict.types.len()];
    for s in &out.sentences {
        write_key(csv, key)?;
        let row = SentenceRow {
            doc_id: &entry.doc_id,
            sentence_id: s.sentence.id,
            start: s.sentence.start,
            end: s.sentence.end,
            is_heading: s.sentence.is_heading,
            text: s.text,
        };
        flags.fill(false);
        for h in &s.hits {
            flags[h.type_idx] = true;
        }
        // The fixed fields, then one 0/1 field per type, as one record.
        csv.write_field(row.doc_id)?;
        csv.write_field(row.sentence_id.to_string())?;
        csv.write_field(row.start.to_string())?;
        csv.write_field(row.end.to_string())?;
        csv.write_field(if row.is_heading { "true" } else { "false" })?;
        csv.write_field(row.text)?;
        for f in &flags {
            csv.write_field(if *f { "1" } else { "0" })?;
        }
        csv.write_record(None::<&[u8]>)?;
    }
    Ok(out.sentences.len() as u64)
}

fn write_metric_rows<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    entry: &DocEntry,
    key: &[String],
    metrics: &[Metric],
) -> Result<u64> {
    for m in metrics {
        write_key(csv, key)?;
        csv.serialize(MetricRow {
            doc_id: &entry.doc_id,
            sentence_id: m.sentence_id,
            indicator: &m.indicator,
            indicator_fallback: m.indicator_fallback,
            value: &m.value,
            value_high: &m.value_high,
            unit: &m.unit,
            value_std: m.value_std,
            value_std_high: m.value_std_high,
            unit_std: &m.unit_std,
            dimension: &m.dimension,
            kind: m.kind,
            direction: m.direction,
            qualifier: m.qualifier,
            period: &m.period,
            deadline: &m.deadline,
            text: &m.text,
            start: m.start,
            end: m.end,
        })?;
    }
    Ok(metrics.len() as u64)
}

/// What the manifest records of a document: once per file (by its first chunk), with
/// metadata.csv's title, else the one the file gives itself.
fn input_record(entry: &DocEntry, doc: &LoadedDoc) -> Option<InputRecord> {
    if entry.part.as_ref().is_some_and(|p| !p.first) {
        return None;
    }
    Some(InputRecord {
        index: entry.index,
        doc_id: entry.doc_id.clone(),
        province: entry.province.clone(),
        rel_path: entry.rel_path.clone(),
        title: match (&entry.title, &doc.file.title) {
            (t, Some(own)) if t.is_empty() => own.clone(),
            (t, _) => t.clone(),
        },
        path: entry.path.clone(),
        bytes: doc.file.bytes,
        sha256: doc.file.sha256.clone(),
        encoding: doc.file.encoding,
        format: doc.file.format,
        text_sha256: doc.file.text_sha256.clone(),
    })
}
