//! One streaming, parallel pass over the corpus: read → normalize → sentences → segment →
//! filter → count, batch by batch, then derive and write the tables.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::config::{RunConfig, RunFile};
use crate::input::corpus::InputRecord;
use crate::input::corpus::{Corpus, DocEntry, InputEncoding, Part, decode};
use crate::nlp::cache::with_analysis;
use crate::nlp::metrics::Metric;
use crate::nlp::resources::Resources;
use crate::nlp::tag::{MeasureDict, MeasureHit};
use crate::provenance::manifest::PartialInfo;
use crate::provenance::manifest::{
    DATAPACKAGE, InputEntry, MANIFEST, Manifest, Timing, ToolInfo, check_out_dir, datapackage,
    dictionary_entries, input_entries, to_json,
};
use crate::report::{REPORT, ReportInput, render};
use crate::stats::aggregate::{DocCounts, ProvinceAcc};
use crate::stats::headlines::{HEADLINES_PER_PROVINCE, Headline};
use crate::stats::keyness::{cooccurrence_rows, keyness_rows};
use crate::tables::output::TableRecord;
use crate::tables::output::{
    MeasureRow, MetricRow, Staging, SummaryRow, TableStyle, TableWriter, measure_family_rows,
    measure_type_rows, term_rows, write_rows, write_summary,
};
use crate::tables::schema::{schema, table_names};
use crate::text::normalize::normalize;
use crate::text::sentences::Sentence;
use crate::text::sentences::{MAX_SENTENCE_CHARS, split_sentences};
use crate::util::hash::sha256_hex;
use crate::util::interrupt::check_interrupted;

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
    /// Sentences whose analysis came from the sentence cache.
    pub cache_hits: u64,
    pub warnings: Vec<String>,
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
        if let Some(part) = &entry.part {
            let (_, sha256, encoding) = part.file.clone().unwrap_or_default();
            let text = part.text[part.range.0..part.range.1].to_owned();
            return Ok(Self {
                text,
                encoding,
                sha256,
            });
        }
        if let Some(text) = &entry.inline_text {
            return Ok(Self {
                text: normalize(text),
                encoding: "UTF-8",
                sha256: sha256_hex(text.as_bytes()),
            });
        }
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

/// Counts of one normalized document, its row-level results, and what it needs to report.
pub struct DocOutput<'a> {
    pub counts: DocCounts<'a>,
    pub coded: Vec<CodedSentence<'a>>,
    pub metrics: Vec<Metric>,
    /// The sentence text of each metric, for the report.
    pub metric_sentences: Vec<&'a str>,
    pub long_cuts: usize,
}

/// A sentence with at least one measure type.
pub struct CodedSentence<'a> {
    pub sentence: Sentence,
    pub text: &'a str,
    pub hits: Vec<MeasureHit>,
}

/// The per-document function: no I/O, and no state but the sentence cache, which never
/// changes a result. `cache` is the per-thread cache capacity (0 disables it).
pub fn process_doc<'a>(res: &'a Resources, text: &'a str, cache: usize) -> DocOutput<'a> {
    process_part(res, text, cache, None)
}

/// [`process_doc`] for one chunk of a large document: offsets and sentence ids continue
/// from `part`, and only the first chunk counts as a document.
pub fn process_part<'a>(
    res: &'a Resources,
    text: &'a str,
    cache: usize,
    part: Option<&Part>,
) -> DocOutput<'a> {
    let (base_char, base_sentence) = part.map_or((0, 0), |p| (p.base_char, p.base_sentence));
    let split = split_sentences(text, MAX_SENTENCE_CHARS);
    let mut counts = DocCounts {
        documents: u64::from(part.is_none_or(|p| p.first)),
        characters: text.chars().filter(|c| *c != '\n').count() as u64,
        sentences: split.sentences.len() as u64,
        ..Default::default()
    };
    let mut coded = Vec::new();
    let mut metrics = Vec::new();
    let mut metric_sentences = Vec::new();
    for sentence in split.sentences {
        let s_text: &'a str = sentence.text(text);
        let (hits, cached) = with_analysis(res, s_text, cache, |a| {
            counts.tokens += a.tokens.len() as u64;
            for t in a.tokens.iter().filter(|t| t.content) {
                counts.add_term(&s_text[t.byte_start as usize..t.byte_end as usize], t.pos);
            }
            metrics.extend(a.metrics.iter().map(|m| Metric {
                sentence_id: sentence.id + base_sentence,
                start: m.start + sentence.start + base_char,
                end: m.end + sentence.start + base_char,
                ..m.clone()
            }));
            metric_sentences.resize(metrics.len(), s_text);
            a.hits.clone()
        });
        counts.cache_hits += u64::from(cached);
        counts
            .measures
            .add_sentence(sentence.is_heading, &hits, &res.measures);
        if !hits.is_empty() {
            let sentence = Sentence {
                id: sentence.id + base_sentence,
                start: sentence.start + base_char,
                end: sentence.end + base_char,
                ..sentence
            };
            coded.push(CodedSentence {
                text: s_text,
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
        metric_sentences,
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
    let started_at = std::time::SystemTime::now();
    check_out_dir(&config.out, config.force)?;
    let mut source = if config.stdin_jsonl {
        Source::Stdin(crate::run::partial::StdinRecords::new(
            std::io::BufReader::new(std::io::stdin()),
        ))
    } else {
        let mut corpus = Corpus::open(&config.corpus, config.allow_outside_corpus)?;
        if let Some((i, n)) = config.shard {
            corpus.keep_shard(i, n);
        }
        Source::Files {
            corpus,
            next: 0,
            chunks: Default::default(),
            chunk_bytes: config.chunk_bytes,
            encoding: config.encoding,
        }
    };
    let spinner = progress(config.quiet, 0, "{spinner} {msg}");
    spinner.set_message("loading dictionaries");
    let res = Resources::load(&config.dicts)?;
    spinner.finish_and_clear();
    let mut warnings = res.warnings.clone();
    let mut staging = Staging::new(&config.out)?;
    let style = config.style;
    let partial = config.shard.is_some() || config.stdin_jsonl;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .context("cannot start worker threads")?;
    let bar = progress(
        config.quiet,
        source.total_bytes(),
        "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
    );
    bar.set_prefix("processing");
    let (measures_name, metrics_name) = if partial {
        (
            crate::run::partial::MEASURE_ROWS.to_owned(),
            crate::run::partial::METRIC_ROWS.to_owned(),
        )
    } else {
        (style.file_name("measures"), style.file_name("metrics"))
    };
    let open_rows = |staging: &mut Staging, name: &str, header: &[&str]| -> Result<TableWriter> {
        let file = staging.open(name)?;
        if partial {
            Ok(file)
        } else {
            header_only(style, file, header)
        }
    };
    let mut sink = Sink {
        accs: vec![ProvinceAcc::default(); source.provinces().len()],
        headlines: vec![Vec::new(); source.provinces().len()],
        inputs: Vec::new(),
        empty_docs: Vec::new(),
        long_cuts: 0,
        cache_hits: 0,
        measure_rows: 0,
        metric_rows: 0,
        measures: open_rows(
            &mut staging,
            &measures_name,
            &schema("measures").column_names(),
        )?,
        metrics: open_rows(
            &mut staging,
            &metrics_name,
            &schema("metrics").column_names(),
        )?,
        framed: partial,
    };
    // Batch N+1 is analysed while batch N is merged and written, so the serial part
    // (merging counts, writing and hashing rows) overlaps the parallel part.
    pool.install(|| -> Result<()> {
        let mut pending: Option<BatchResult> = None;
        while let Some(batch) = source.next_batch()? {
            check_interrupted()?;
            let n = source.provinces().len();
            let (done, absorbed) = rayon::join(
                || process_batch(n, &batch, &res, config),
                || pending.take().map_or(Ok(()), |p| sink.absorb(p, &bar)),
            );
            absorbed?;
            pending = Some(done?);
        }
        if let Some(p) = pending {
            sink.absorb(p, &bar)?;
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    let n_provinces = source.provinces().len();
    sink.accs.resize(n_provinces, ProvinceAcc::default());
    sink.headlines.resize(n_provinces, Vec::new());
    let Sink {
        accs,
        headlines,
        inputs,
        empty_docs,
        long_cuts,
        cache_hits,
        measure_rows,
        metric_rows,
        measures: measures_csv,
        metrics: metrics_csv,
        ..
    } = sink;
    staging.close(measures_csv, measure_rows)?;
    staging.close(metrics_csv, metric_rows)?;
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
    let totals = Totals {
        provinces: source.provinces().to_vec(),
        first_index: source.first_index(),
        meta_columns: source.meta_columns(),
        meta_values: (0..n_provinces).map(|p| source.meta_values(p)).collect(),
        accs,
        headlines,
        inputs: input_entries(&inputs),
    };
    if partial {
        crate::run::partial::write_partial(&mut staging, &totals, &warnings)?;
    }
    let timing = Timing::since(
        started,
        started_at,
        config.threads,
        &config.out,
        &config.arguments,
    );
    let finish = Finish {
        style: config.style,
        report: config.report,
        resolved: &config.resolved,
        partial: partial.then(|| PartialInfo::new(config.shard, &config.resolved, &totals.inputs)),
        timing,
    };
    let tables = finalize(staging, &totals, &res, finish)?;
    Ok(RunReport {
        cache_hits,
        ..RunReport::new(&totals, started, tables, warnings)
    })
}

impl RunReport {
    pub fn new(
        totals: &Totals,
        started: Instant,
        tables: Vec<PathBuf>,
        warnings: Vec<String>,
    ) -> Self {
        let sum = |f: fn(&ProvinceAcc) -> u64| totals.accs.iter().map(f).sum();
        Self {
            provinces: totals.provinces.len(),
            documents: sum(|a| a.documents),
            sentences: sum(|a| a.sentences),
            tokens: sum(|a| a.tokens),
            bytes: totals.inputs.iter().map(|i| i.bytes).sum(),
            elapsed: started.elapsed(),
            tables,
            cache_hits: 0,
            warnings,
        }
    }
}

/// Everything the tables are computed from, for a run or a merge of partials.
pub struct Totals {
    /// Provinces in output order (corpus order).
    pub provinces: Vec<String>,
    /// Corpus position of each province's first document; merge orders provinces by it.
    pub first_index: Vec<u64>,
    pub meta_columns: Vec<String>,
    /// Carried metadata values per province, in `meta_columns` order.
    pub meta_values: Vec<Vec<String>>,
    pub accs: Vec<ProvinceAcc>,
    pub headlines: Vec<Vec<Headline>>,
    /// Input documents in corpus order.
    pub inputs: Vec<InputEntry>,
}

/// What [`finalize`] needs of the options; the same for a run and a merge.
pub struct Finish<'a> {
    pub style: TableStyle,
    pub report: bool,
    /// The options that decide the tables, recorded in the manifest.
    pub resolved: &'a RunFile,
    /// Set when writing a partial instead of tables.
    pub partial: Option<PartialInfo>,
    pub timing: Timing,
}

/// Write the derived tables, the descriptors and the manifest, then commit. In partial mode
/// only the manifest is added (the partial files are already staged).
pub fn finalize(
    mut staging: Staging,
    totals: &Totals,
    res: &Resources,
    finish: Finish,
) -> Result<Vec<PathBuf>> {
    let style = finish.style;
    let partial = finish.partial.is_some();
    let provinces = &totals.provinces;
    let accs = &totals.accs;
    let tool = ToolInfo::current();
    let dictionaries = dictionary_entries(res);
    if !partial {
        let rows = term_rows(provinces, accs);
        staging.write(&style.file_name("term_frequency"), |w| {
            write_rows(w, style, &schema("term_frequency").column_names(), &rows)
        })?;
        let summary: Vec<_> = provinces
            .iter()
            .zip(accs)
            .zip(&totals.meta_values)
            .map(|((province, acc), meta)| {
                let row = SummaryRow {
                    province,
                    documents: acc.documents,
                    characters: acc.characters,
                    sentences: acc.sentences,
                    tokens: acc.tokens,
                    content_tokens: acc.content_tokens,
                    types: acc.terms.len() as u64,
                    measure_sentences: acc.measures.coded_sentences,
                    metrics: acc.metrics,
                };
                (row, meta.clone())
            })
            .collect();
        staging.write(&style.file_name("summary"), |w| {
            write_summary(w, style, &totals.meta_columns, &summary)
        })?;
        let type_rows = measure_type_rows(provinces, accs, &res.measures);
        staging.write(&style.file_name("measure_types"), |w| {
            write_rows(
                w,
                style,
                &schema("measure_types").column_names(),
                &type_rows,
            )
        })?;
        let family_rows = measure_family_rows(provinces, accs, &res.measures);
        staging.write(&style.file_name("measure_families"), |w| {
            write_rows(
                w,
                style,
                &schema("measure_families").column_names(),
                &family_rows,
            )
        })?;
        let pair_rows = cooccurrence_rows(provinces, accs, &res.measures);
        staging.write(&style.file_name("measure_cooccurrence"), |w| {
            write_rows(
                w,
                style,
                &schema("measure_cooccurrence").column_names(),
                &pair_rows,
            )
        })?;
        let key_rows = keyness_rows(provinces, accs);
        staging.write(&style.file_name("keyness"), |w| {
            write_rows(w, style, &schema("keyness").column_names(), &key_rows)
        })?;
        let order = table_names().collect::<Vec<_>>();
        let mut tables: Vec<TableRecord> = staging.records().to_vec();
        tables.sort_by_key(|t| order.iter().position(|n| style.file_name(n) == t.file));
        let package = datapackage(style, &totals.meta_columns, &tables);
        staging.write(DATAPACKAGE, |w| {
            Ok(w.write_all(&to_json(&package)?).map(|_| 0)?)
        })?;
        if finish.report {
            let html = render(&ReportInput {
                provinces,
                accs,
                dict: &res.measures,
                terms: &rows,
                keyness: &key_rows,
                headlines: &totals.headlines,
                tool: &tool,
                inputs: &totals.inputs,
                dictionaries: &dictionaries,
            });
            staging.write(REPORT, |w| Ok(w.write_all(html.as_bytes()).map(|_| 0)?))?;
        }
    }
    let order = table_names().collect::<Vec<_>>();
    let is_table = |file: &str| order.iter().any(|n| style.file_name(n) == file);
    let mut tables: Vec<TableRecord> = staging
        .records()
        .iter()
        .filter(|r| is_table(&r.file))
        .cloned()
        .collect();
    tables.sort_by_key(|t| order.iter().position(|n| style.file_name(n) == t.file));
    let files: Vec<TableRecord> = staging
        .records()
        .iter()
        .filter(|r| !is_table(&r.file))
        .cloned()
        .collect();
    let manifest = Manifest {
        tool,
        config: finish.resolved.clone(),
        inputs: totals.inputs.clone(),
        dictionaries,
        tables,
        files,
        partial: finish.partial,
        timing: finish.timing,
    };
    staging.write(MANIFEST, |w| {
        Ok(w.write_all(&to_json(&manifest)?).map(|_| 0)?)
    })?;
    check_interrupted()?;
    staging.commit()
}

/// Where documents come from: a corpus folder (possibly one shard of it) or JSON records.
enum Source<R: std::io::BufRead> {
    Files {
        corpus: Corpus,
        next: usize,
        /// Chunks of a large document waiting for their batch.
        chunks: std::collections::VecDeque<DocEntry>,
        chunk_bytes: u64,
        encoding: InputEncoding,
    },
    Stdin(crate::run::partial::StdinRecords<R>),
}

impl<R: std::io::BufRead> Source<R> {
    fn total_bytes(&self) -> u64 {
        match self {
            Source::Files { corpus, .. } => corpus.total_bytes(),
            Source::Stdin(_) => 0,
        }
    }

    fn provinces(&self) -> &[String] {
        match self {
            Source::Files { corpus, .. } => &corpus.provinces,
            Source::Stdin(s) => &s.provinces,
        }
    }

    fn first_index(&self) -> Vec<u64> {
        match self {
            Source::Files { corpus, .. } => corpus.first_index.clone(),
            Source::Stdin(s) => s.first_index.clone(),
        }
    }

    fn meta_columns(&self) -> Vec<String> {
        match self {
            Source::Files { corpus, .. } => corpus.meta_columns.clone(),
            Source::Stdin(_) => Vec::new(),
        }
    }

    fn meta_values(&self, province: usize) -> Vec<String> {
        match self {
            Source::Files { corpus, .. } => corpus.meta_values[province].clone(),
            Source::Stdin(_) => Vec::new(),
        }
    }

    /// The next batch: up to [`BATCH_DOCS`] documents or [`BATCH_BYTES`].
    fn next_batch(&mut self) -> Result<Option<Vec<DocEntry>>> {
        match self {
            Source::Files {
                corpus,
                next,
                chunks,
                chunk_bytes,
                encoding,
            } => {
                if !chunks.is_empty() {
                    let mut batch = Vec::new();
                    let mut bytes = 0;
                    while let Some(c) = chunks.front() {
                        if !batch.is_empty()
                            && (batch.len() >= BATCH_DOCS || bytes + c.bytes > BATCH_BYTES)
                        {
                            break;
                        }
                        bytes += c.bytes;
                        batch.extend(chunks.pop_front());
                    }
                    return Ok(Some(batch));
                }
                let rest = &corpus.entries[*next..];
                // A large document goes alone, in chunks, so it is analysed in parallel and
                // its rows are written as they come.
                if let Some(big) = rest.first().filter(|e| e.bytes > *chunk_bytes) {
                    *chunks = chunk_document(big, *encoding, *chunk_bytes)?.into();
                    *next += 1;
                    return self.next_batch();
                }
                let small = rest.iter().take_while(|e| e.bytes <= *chunk_bytes).count();
                let Some(batch) = batches(&rest[..small]).into_iter().next() else {
                    return Ok(None);
                };
                *next += batch.len();
                Ok(Some(batch.to_vec()))
            }
            Source::Stdin(s) => s.next_batch(BATCH_DOCS, BATCH_BYTES),
        }
    }
}

/// Cut a large document at sentence boundaries into chunks of about `chunk_bytes`. A chunk
/// only starts where the whole-document split ends a segment (not inside a run cut by the
/// length bound), so every chunk splits into the same sentences the whole document would.
fn chunk_document(
    entry: &DocEntry,
    encoding: InputEncoding,
    chunk_bytes: u64,
) -> Result<Vec<DocEntry>> {
    let doc = LoadedDoc::read(entry, encoding)?;
    let text = doc.text.as_str();
    let split = split_sentences(text, MAX_SENTENCE_CHARS);
    let file = (entry.bytes, doc.sha256.clone(), doc.encoding);
    let mut cuts = vec![(0usize, 0usize, 0u32)]; // (byte, char, sentences before)
    for (k, this) in split.sentences.iter().enumerate() {
        let since = (this.byte_end - cuts.last().expect("starts with 0").0) as u64;
        // The last sentence is followed by the end of the text, not by a new chunk.
        let safe = this.ends_segment && k + 1 < split.sentences.len();
        if since >= chunk_bytes && safe {
            cuts.push((this.byte_end, this.end, k as u32 + 1));
        }
    }
    drop(split);
    let len = text.len();
    let shared = std::sync::Arc::new(doc.text);
    let ends = cuts.iter().skip(1).map(|c| c.0).chain(std::iter::once(len));
    Ok(cuts
        .iter()
        .zip(ends)
        .enumerate()
        .map(|(i, (&(start, base_char, base_sentence), end))| DocEntry {
            bytes: (end - start) as u64,
            part: Some(Part {
                text: shared.clone(),
                range: (start, end),
                base_char,
                base_sentence,
                first: i == 0,
                file: (i == 0).then(|| file.clone()),
            }),
            ..entry.clone()
        })
        .collect())
}

/// One document's results, owned, ready to be merged and written in document order.
struct DocResult {
    /// None for the second and later chunks of a large document.
    input: Option<InputRecord>,
    /// Corpus position of the document.
    index: u64,
    empty: bool,
    long_cuts: usize,
    cache_hits: u64,
    measure_rows: u64,
    metric_rows: u64,
    measures: Vec<u8>,
    metrics: Vec<u8>,
    /// Candidates for the report, at most [`HEADLINES_PER_PROVINCE`].
    headlines: Vec<Headline>,
    province: usize,
}

/// A batch analysed in parallel: its documents in order and its counts folded per province.
struct BatchResult {
    accs: Vec<ProvinceAcc>,
    docs: Vec<DocResult>,
}

fn process_batch(
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

/// The serial end of the pipeline: running totals and the streamed row tables.
struct Sink {
    accs: Vec<ProvinceAcc>,
    headlines: Vec<Vec<Headline>>,
    inputs: Vec<InputRecord>,
    empty_docs: Vec<String>,
    long_cuts: usize,
    cache_hits: u64,
    measure_rows: u64,
    metric_rows: u64,
    measures: TableWriter,
    metrics: TableWriter,
    /// Partial mode: each document's rows are framed as `#doc INDEX LEN\n` + bytes, so
    /// `merge` can put several partials back into corpus order.
    framed: bool,
}

impl Sink {
    /// Merge a batch's counts and write its rows, in document order.
    fn absorb(&mut self, batch: BatchResult, bar: &ProgressBar) -> Result<()> {
        if self.accs.len() < batch.accs.len() {
            self.accs.resize(batch.accs.len(), ProvinceAcc::default());
            self.headlines.resize(batch.accs.len(), Vec::new());
        }
        for (acc, batch_acc) in self.accs.iter_mut().zip(batch.accs) {
            acc.merge(batch_acc);
        }
        for doc in batch.docs {
            if let (true, Some(input)) = (doc.empty, &doc.input) {
                self.empty_docs.push(input.path.display().to_string());
            }
            self.long_cuts += doc.long_cuts;
            self.cache_hits += doc.cache_hits;
            self.measure_rows += doc.measure_rows;
            self.metric_rows += doc.metric_rows;
            for (out, bytes) in [
                (&mut self.measures, &doc.measures),
                (&mut self.metrics, &doc.metrics),
            ] {
                if self.framed {
                    writeln!(out, "#doc {} {}", doc.index, bytes.len())?;
                }
                out.write_all(bytes)?;
            }
            let kept = &mut self.headlines[doc.province];
            let room = HEADLINES_PER_PROVINCE.saturating_sub(kept.len());
            kept.extend(doc.headlines.into_iter().take(room));
            if let Some(input) = doc.input {
                bar.inc(input.bytes);
                self.inputs.push(input);
            }
        }
        Ok(())
    }
}

/// Write a table's header (and BOM) and hand the file back for raw row bytes.
fn header_only(style: TableStyle, file: TableWriter, header: &[&str]) -> Result<TableWriter> {
    style
        .stream_writer(file, header)?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing header: {}", e.error()))
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
    Ok(metrics.len() as u64)
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
            rel_path: String::new(),
            title: String::new(),
            meta: vec![],
            bytes,
            index: 0,
            province_idx: 0,
            inline_text: None,
            part: None,
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
        let res = Resources::load(&crate::nlp::resources::DictPaths::default()).unwrap();
        let text = normalize(
            "(一)加强组织领导,全面统筹部署。山西省委、省政府高度重视整改工作,第一时间成立督察整改工作领导小组。\n",
        );
        let out = process_doc(&res, &text, 0);
        assert_eq!(out.counts.sentences, 2);
        let sum: u64 = out.counts.terms.values().map(|t| t.count).sum();
        assert_eq!(sum, out.counts.content_tokens);
        assert!(out.counts.terms.contains_key("督察整改"));
        assert!(out.counts.terms.contains_key("工作领导小组"));
        assert!(!out.counts.terms.contains_key("全面"), "stop word counted");
        assert!(out.counts.tokens > out.counts.content_tokens);
    }
}
