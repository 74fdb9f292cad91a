//! One batch analysed in parallel: each document's rows serialized in document order and
//! its counts folded per province.

use anyhow::Result;
use rayon::prelude::*;

use crate::config::RunConfig;
use crate::input::corpus::DocEntry;
use crate::input::corpus::InputRecord;
use crate::nlp::metrics::Metric;
use crate::nlp::resources::Resources;
use crate::nlp::tag::MeasureDict;
use crate::run::analyze::DocOutput;
use crate::run::analyze::process_part;
use crate::run::load::LoadedDoc;
use crate::stats::aggregate::ProvinceAcc;
use crate::stats::headlines::{HEADLINES_PER_PROVINCE, Headline};
use crate::tables::format::TableStyle;
use crate::tables::rows::{MeasureRow, MetricRow};
use crate::util::interrupt::check_interrupted;

/// One document's results, owned, ready to be merged and written in document order.
pub struct DocResult {
    /// None for the second and later chunks of a large document.
    pub input: Option<InputRecord>,
    /// Corpus position of the document.
    pub index: u64,
    pub empty: bool,
    pub long_cuts: usize,
    pub cache_hits: u64,
    pub measure_rows: u64,
    pub metric_rows: u64,
    pub measures: Vec<u8>,
    pub metrics: Vec<u8>,
    /// Candidates for the report, at most [`HEADLINES_PER_PROVINCE`].
    pub headlines: Vec<Headline>,
    pub province: usize,
}

/// A batch analysed in parallel: its documents in order and its counts folded per province.
pub struct BatchResult {
    pub accs: Vec<ProvinceAcc>,
    pub docs: Vec<DocResult>,
}

pub fn process_batch(
    n: usize,
    batch: &[DocEntry],
    res: &Resources,
    config: &RunConfig,
) -> Result<BatchResult> {
    let style = config.style;
    let loaded: Vec<LoadedDoc> = batch
        .par_iter()
        .map(|e| LoadedDoc::read(e, config.encoding))
        .collect::<Result<_>>()?;
    check_interrupted()?;
    let outputs: Vec<(DocOutput, DocResult)> = loaded
        .par_iter()
        .zip(batch)
        .map(|(doc, entry)| -> Result<_> {
            let out = process_part(res, &doc.text, config.sentence_cache, entry.part.as_ref());
            let measures = serialize(style, |w| write_measure_rows(w, entry, &out, &res.measures))?;
            let metrics = serialize(style, |w| write_metric_rows(w, entry, &out.metrics))?;
            let headlines = out
                .metrics
                .iter()
                .zip(&out.metric_sentences)
                .filter(|(m, _)| m.kind != "count" && !m.indicator.is_empty())
                .take(HEADLINES_PER_PROVINCE)
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
                .collect();
            let result = DocResult {
                input: entry
                    .part
                    .as_ref()
                    .is_none_or(|p| p.first)
                    .then(|| InputRecord {
                        index: entry.index,
                        doc_id: entry.doc_id.clone(),
                        province: entry.province.clone(),
                        rel_path: entry.rel_path.clone(),
                        title: entry.title.clone(),
                        path: entry.path.clone(),
                        bytes: entry
                            .part
                            .as_ref()
                            .and_then(|p| p.file.as_ref())
                            .map_or(entry.bytes, |f| f.0),
                        sha256: doc.sha256.clone(),
                        encoding: doc.encoding,
                    }),
                index: entry.index,
                empty: out.counts.characters == 0,
                long_cuts: out.long_cuts,
                cache_hits: out.counts.cache_hits,
                measure_rows: out.coded.iter().map(|c| c.hits.len() as u64).sum(),
                metric_rows: out.metrics.len() as u64,
                measures,
                metrics,
                headlines,
                province: entry.province_idx,
            };
            Ok((out, result))
        })
        .collect::<Result<_>>()?;
    let accs = outputs
        .par_iter()
        .fold(
            || vec![ProvinceAcc::default(); n],
            |mut accs, (out, r)| {
                accs[r.province].add_doc(&out.counts);
                accs
            },
        )
        .reduce(
            || vec![ProvinceAcc::default(); n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    x.merge(y);
                }
                a
            },
        );
    let docs = outputs.into_iter().map(|(_, r)| r).collect();
    Ok(BatchResult { accs, docs })
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
    out: &DocOutput<'_>,
    dict: &MeasureDict,
) -> Result<u64> {
    let mut n = 0;
    for coded in &out.coded {
        for hit in &coded.hits {
            let t = &dict.types[hit.type_idx];
            csv.serialize(MeasureRow {
                province: &entry.province,
                doc_id: &entry.doc_id,
                sentence_id: coded.sentence.id,
                is_heading: coded.sentence.is_heading,
                measure_type: &t.name,
                family: &t.family,
                cues: dict.cue_list(hit),
                sentence: coded.text,
                start: coded.sentence.start,
                end: coded.sentence.end,
            })?;
            n += 1;
        }
    }
    Ok(n)
}

fn write_metric_rows<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    entry: &DocEntry,
    metrics: &[Metric],
) -> Result<u64> {
    for m in metrics {
        csv.serialize(MetricRow {
            province: &entry.province,
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
