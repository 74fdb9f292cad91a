//! One streaming, parallel pass over the corpus: read → normalize → sentences → segment →
//! filter → count, batch by batch, then derive and write the tables.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::RunConfig;
use crate::input::corpus::Corpus;
use crate::nlp::resources::Resources;
use crate::provenance::manifest::PartialInfo;
use crate::provenance::manifest::{Timing, check_out_dir, input_entries};
use crate::run::batch::BatchResult;
use crate::run::batch::process_batch;
use crate::run::finalize::finalize;
use crate::run::finalize::{Finish, Totals};
use crate::run::sink::Sink;
use crate::run::sink::header_only;
use crate::run::source::Source;
use crate::stats::aggregate::ProvinceAcc;
use crate::tables::schema::schema;
use crate::tables::staging::{Staging, TableWriter};
use crate::text::sentences::MAX_SENTENCE_CHARS;
use crate::util::interrupt::check_interrupted;

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

pub fn run(config: &RunConfig) -> Result<RunReport> {
    let started = Instant::now();
    let started_at = std::time::SystemTime::now();
    check_out_dir(&config.out, config.force)?;
    let mut staging = Staging::new(&config.out)?;
    let mut early_warnings = Vec::new();
    let mut source = if config.stdin_jsonl {
        Source::Stdin(crate::input::jsonl::StdinRecords::new(
            std::io::BufReader::new(std::io::stdin()),
        ))
    } else {
        let mut corpus = Corpus::open(&config.corpus, config.allow_outside_corpus)?;
        early_warnings.append(&mut corpus.warnings);
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
    let mut warnings = early_warnings;
    warnings.extend(res.warnings.iter().cloned());
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
