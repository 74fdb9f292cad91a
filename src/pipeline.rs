//! One streaming, parallel pass over the corpus: read → normalize → sentences → segment →
//! filter → count, batch by batch, then derive and write the tables.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::aggregate::{DocCounts, ProvinceAcc};
use crate::corpus::{Corpus, DocEntry, InputEncoding, decode};
use crate::filter::ContentFilter;
use crate::metrics::{Metric, extract};
use crate::normalize::normalize;
use crate::output::{
    MEASURE_COLUMNS, METRIC_COLUMNS, MeasureRow, MetricRow, Staging, SummaryRow, csv_stream_writer,
    measure_family_rows, measure_type_rows, term_rows, write_rows, write_summary,
};
use crate::resources::{DictPaths, Resources};
use crate::sentences::Sentence;
use crate::sentences::{MAX_SENTENCE_CHARS, split_sentences};
use crate::tag::{MeasureDict, MeasureHit};

/// A validated run configuration (see `cli::RunOpts`).
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub corpus: PathBuf,
    pub out: PathBuf,
    pub dicts: DictPaths,
    pub threads: usize,
    pub quiet: bool,
    pub encoding: InputEncoding,
    pub allow_outside_corpus: bool,
}

/// Batches are cut at this many documents or bytes, whichever comes first.
const BATCH_DOCS: usize = 64;
const BATCH_BYTES: u64 = 32 << 20;

/// What a finished run reports.
#[derive(Debug)]
pub struct RunReport {
    pub provinces: usize,
    pub documents: u64,
    pub sentences: u64,
    pub tokens: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    pub tables: Vec<PathBuf>,
    pub inputs: Vec<InputRecord>,
    pub warnings: Vec<String>,
}

/// Set by the Ctrl-C / SIGTERM handler; checked between batches, so an interrupted run stops
/// before any table is renamed into place.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The run stopped on Ctrl-C / SIGTERM before writing anything; `main` exits with 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted; the output folder was left as it was")]
pub struct Interrupted;

fn check_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::Relaxed) {
        return Err(Interrupted.into());
    }
    Ok(())
}

/// One input document as read: normalized text, the encoding it was read as, and the
/// SHA-256 of its bytes on disk (for the manifest).
pub struct LoadedDoc {
    pub text: String,
    pub encoding: &'static str,
    pub sha256: String,
}

impl LoadedDoc {
    pub fn read(entry: &DocEntry, encoding: InputEncoding) -> Result<Self> {
        let bytes = std::fs::read(&entry.path)
            .with_context(|| format!("cannot read {}", entry.path.display()))?;
        let sha256 = sha256_hex(&bytes);
        let (raw, encoding) = decode(&entry.path, bytes, encoding)?;
        Ok(Self {
            text: normalize(&raw),
            encoding,
            sha256,
        })
    }
}

/// What the manifest records of each input document.
#[derive(Debug, Clone)]
pub struct InputRecord {
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    pub encoding: &'static str,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Counts of one normalized document, its row-level results, and what it needs to report.
pub struct DocOutput<'a> {
    pub counts: DocCounts<'a>,
    pub coded: Vec<CodedSentence<'a>>,
    pub metrics: Vec<Metric>,
    pub long_cuts: usize,
}

/// A sentence with at least one measure type.
pub struct CodedSentence<'a> {
    pub sentence: Sentence,
    pub text: &'a str,
    pub hits: Vec<MeasureHit>,
}

/// The per-document pure function: no I/O, no global state.
pub fn process_doc<'a>(res: &'a Resources, text: &'a str) -> DocOutput<'a> {
    let split = split_sentences(text, MAX_SENTENCE_CHARS);
    let filter = ContentFilter {
        stopwords: &res.stopwords,
        keep_single_chars: res.keep_single_chars,
    };
    let mut counts = DocCounts {
        characters: text.chars().filter(|c| *c != '\n').count() as u64,
        sentences: split.sentences.len() as u64,
        ..Default::default()
    };
    let mut coded = Vec::new();
    let mut metrics = Vec::new();
    let mut tokens = Vec::new();
    for sentence in split.sentences {
        tokens.clear();
        res.segmenter.segment_sentence(text, &sentence, &mut tokens);
        counts.tokens += tokens.len() as u64;
        for t in &tokens {
            if filter.is_content(t.word, t.pos) {
                counts.add_term(t.word, t.pos);
            }
        }
        let hits = res.measures.tag(&tokens);
        counts
            .measures
            .add_sentence(sentence.is_heading, &hits, &res.measures);
        metrics.extend(extract(&res.units, text, &sentence));
        if !hits.is_empty() {
            coded.push(CodedSentence {
                text: sentence.text(text),
                sentence,
                hits,
            });
        }
    }
    counts.metrics = metrics.len() as u64;
    DocOutput {
        counts,
        coded,
        metrics,
        long_cuts: split.long_cuts,
    }
}

fn progress(quiet: bool, len: u64, template: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn batches(entries: &[DocEntry]) -> Vec<&[DocEntry]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, e) in entries.iter().enumerate() {
        if i > start && (i - start >= BATCH_DOCS || bytes + e.bytes > BATCH_BYTES) {
            out.push(&entries[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += e.bytes;
    }
    if start < entries.len() {
        out.push(&entries[start..]);
    }
    out
}

pub fn run(config: &RunConfig) -> Result<RunReport> {
    let started = Instant::now();
    let corpus = Corpus::open(&config.corpus, config.allow_outside_corpus)?;
    let spinner = progress(config.quiet, 0, "{spinner} {msg}");
    spinner.set_message("loading dictionaries");
    let res = Resources::load(&config.dicts)?;
    spinner.finish_and_clear();
    let mut warnings = res.warnings.clone();
    let mut staging = Staging::new(&config.out)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .context("cannot start worker threads")?;
    let bar = progress(
        config.quiet,
        corpus.total_bytes(),
        "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
    );
    bar.set_prefix("processing");
    let mut accs = vec![ProvinceAcc::default(); corpus.provinces.len()];
    let mut long_cuts = 0;
    let mut empty_docs = Vec::new();
    let mut inputs = Vec::with_capacity(corpus.entries.len());
    let mut measures_csv = csv_stream_writer(staging.open("measures.csv")?, &MEASURE_COLUMNS)?;
    let mut metrics_csv = csv_stream_writer(staging.open("metrics.csv")?, &METRIC_COLUMNS)?;
    pool.install(|| -> Result<()> {
        for batch in batches(&corpus.entries) {
            check_interrupted()?;
            let loaded: Vec<LoadedDoc> = batch
                .par_iter()
                .map(|e| LoadedDoc::read(e, config.encoding))
                .collect::<Result<_>>()?;
            check_interrupted()?;
            let outputs: Vec<DocOutput> = loaded
                .par_iter()
                .map(|d| process_doc(&res, &d.text))
                .collect();
            for (doc, entry) in loaded.iter().zip(batch) {
                inputs.push(InputRecord {
                    path: entry.path.clone(),
                    bytes: entry.bytes,
                    sha256: doc.sha256.clone(),
                    encoding: doc.encoding,
                });
            }
            for (entry, out) in batch.iter().zip(&outputs) {
                if out.counts.characters == 0 {
                    empty_docs.push(entry.path.display().to_string());
                }
                long_cuts += out.long_cuts;
                accs[corpus.province_index(&entry.province)].add_doc(&out.counts);
                write_measure_rows(&mut measures_csv, entry, out, &res.measures)?;
                write_metric_rows(&mut metrics_csv, entry, &out.metrics)?;
                bar.inc(entry.bytes);
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    measures_csv.flush()?;
    drop(measures_csv);
    metrics_csv.flush()?;
    drop(metrics_csv);
    for path in empty_docs {
        warnings.push(format!(
            "{path}: empty document; its province is counted with zeros"
        ));
    }
    if long_cuts > 0 {
        warnings.push(format!(
            "{long_cuts} sentence(s) longer than {MAX_SENTENCE_CHARS} chars were cut at a safe point"
        ));
    }

    let rows = term_rows(&corpus.provinces, &accs);
    staging.write("term_frequency.csv", |w| write_rows(w, &rows))?;
    let summary: Vec<_> = corpus
        .provinces
        .iter()
        .zip(&accs)
        .map(|(province, acc)| {
            let row = SummaryRow {
                province,
                documents: acc.documents,
                characters: acc.characters,
                sentences: acc.sentences,
                tokens: acc.tokens,
                content_tokens: acc.content_tokens,
                types: acc.terms.len() as u64,
            };
            let extra = vec![
                acc.measures.coded_sentences.to_string(),
                acc.metrics.to_string(),
            ];
            (row, extra, carried_metadata(&corpus, province))
        })
        .collect();
    staging.write("summary.csv", |w| {
        write_summary(
            w,
            &["measure_sentences", "metrics"],
            &corpus.meta_columns,
            &summary,
        )
    })?;
    let type_rows = measure_type_rows(&corpus.provinces, &accs, &res.measures);
    staging.write("measure_types.csv", |w| write_rows(w, &type_rows))?;
    let family_rows = measure_family_rows(&corpus.provinces, &accs, &res.measures);
    staging.write("measure_families.csv", |w| write_rows(w, &family_rows))?;
    check_interrupted()?;
    let tables = staging.commit()?;

    Ok(RunReport {
        provinces: corpus.provinces.len(),
        documents: accs.iter().map(|a| a.documents).sum(),
        sentences: accs.iter().map(|a| a.sentences).sum(),
        tokens: accs.iter().map(|a| a.tokens).sum(),
        bytes: corpus.total_bytes(),
        elapsed: started.elapsed(),
        tables,
        inputs,
        warnings,
    })
}

fn write_measure_rows<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    entry: &DocEntry,
    out: &DocOutput<'_>,
    dict: &MeasureDict,
) -> Result<()> {
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
        }
    }
    Ok(())
}

fn write_metric_rows<W: std::io::Write>(
    csv: &mut csv::Writer<W>,
    entry: &DocEntry,
    metrics: &[Metric],
) -> Result<()> {
    for m in metrics {
        csv.serialize(MetricRow {
            province: &entry.province,
            doc_id: &entry.doc_id,
            sentence_id: m.sentence_id,
            indicator: &m.indicator,
            value: &m.value,
            unit: &m.unit,
            value_std: m.value_std,
            unit_std: &m.unit_std,
            dimension: &m.dimension,
            kind: m.kind,
            direction: m.direction,
            qualifier: m.qualifier,
            period: &m.period,
            text: &m.text,
            start: m.start,
            end: m.end,
        })?;
    }
    Ok(())
}

/// Metadata values of a province's documents: distinct values in corpus order, joined by `|`.
fn carried_metadata(corpus: &Corpus, province: &str) -> Vec<String> {
    (0..corpus.meta_columns.len())
        .map(|col| {
            let mut values: Vec<&str> = Vec::new();
            for e in corpus.entries.iter().filter(|e| e.province == province) {
                let v = e.meta[col].as_str();
                if !v.is_empty() && !values.contains(&v) {
                    values.push(v);
                }
            }
            values.join("|")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_doc_and_byte_bounds() {
        let entry = |bytes| DocEntry {
            doc_id: String::new(),
            province: String::new(),
            path: PathBuf::new(),
            title: String::new(),
            meta: vec![],
            bytes,
        };
        let entries: Vec<_> = (0..130).map(|_| entry(1)).collect();
        let sizes: Vec<_> = batches(&entries).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, vec![64, 64, 2]);
        let big = vec![entry(BATCH_BYTES), entry(1), entry(BATCH_BYTES)];
        let sizes: Vec<_> = batches(&big).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, vec![1, 1, 1]);
    }

    #[test]
    fn process_doc_counts_add_up_on_corpus_text() {
        let res = Resources::load(&DictPaths::default()).unwrap();
        let text = normalize(
            "(一)加强组织领导,全面统筹部署。山西省委、省政府高度重视整改工作,第一时间成立督察整改工作领导小组。\n",
        );
        let out = process_doc(&res, &text);
        assert_eq!(out.counts.sentences, 2);
        let sum: u64 = out.counts.terms.values().map(|t| t.count).sum();
        assert_eq!(sum, out.counts.content_tokens);
        assert!(out.counts.terms.contains_key("督察整改"));
        assert!(out.counts.terms.contains_key("工作领导小组"));
        assert!(!out.counts.terms.contains_key("全面"), "stop word counted");
        assert!(out.counts.tokens > out.counts.content_tokens);
    }
}
