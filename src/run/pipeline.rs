//! One streaming, parallel pass over the corpus: read → normalize → sentences → segment →
//! filter → count, batch by batch, then derive and write the tables.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
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
use crate::run::partial::{DTM_ROWS, partial_rows_file};
use crate::run::sink::header_only;
use crate::run::sink::{RowTable, RowTables, Sink};
use crate::run::source::Source;
use crate::stats::aggregate::GroupAcc;
use crate::stats::keyness::no_reference_warning;
use crate::tables::schema::{SchemaContext, check_type_names, find_column_clash, schema};
use crate::tables::staging::Staging;
use crate::text::sentences::MAX_SENTENCE_CHARS;
use crate::util::interrupt::check_interrupted;

/// What a finished run reports.
#[derive(Debug)]
pub struct RunReport {
    pub groups: usize,
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

/// Where documents come from; the corpus listing's warnings go into `warnings`.
fn open_source(
    config: &RunConfig,
    warnings: &mut Vec<String>,
) -> Result<Source<std::io::BufReader<std::io::Stdin>>> {
    if config.stdin_jsonl {
        return Ok(Source::Stdin(crate::input::jsonl::StdinRecords::new(
            std::io::BufReader::new(std::io::stdin()),
            config.group_by.clone(),
        )));
    }
    let mut corpus = Corpus::open_writing_to(
        &config.corpus,
        config.allow_outside_corpus,
        &config.group_by,
        &config.filters,
        Some(&config.out),
    )?;
    warnings.append(&mut corpus.warnings);
    if let Some((i, n)) = config.shard {
        corpus.keep_shard(i, n);
    }
    Ok(Source::Files {
        corpus,
        next: 0,
        chunks: Default::default(),
        chunk_bytes: config.chunk_bytes,
        encoding: config.encoding,
    })
}

/// The schema context known before any document is read: the grouping columns, the
/// metadata columns and the dictionary's types.
fn schema_context<R: std::io::BufRead>(
    config: &RunConfig,
    source: &Source<R>,
    res: &Resources,
) -> SchemaContext {
    SchemaContext {
        group_columns: config.group_by.columns().to_vec(),
        carried_columns: source.carried_columns(),
        meta_columns: source.meta_columns(),
        type_names: res.measures.types.iter().map(|t| t.name.clone()).collect(),
    }
}

/// A metadata column named like a table's own column would write a header that names a
/// column twice (or rows longer than their header): refuse it before any work.
fn check_column_clash(config: &RunConfig, ctx: &SchemaContext) -> Result<()> {
    let Some(clash) = find_column_clash(ctx) else {
        return Ok(());
    };
    let (col, table) = (&clash.column, clash.table);
    let role = match ctx.group_columns.contains(col) {
        true => "grouping column",
        false => "column",
    };
    if config.stdin_jsonl {
        bail!(
            "--stdin-jsonl: {role} `{col}` has the name of a column of {table}.csv; rename the field"
        );
    }
    bail!(
        "{}:1: {role} `{col}` has the name of a column of {table}.csv; rename it in metadata.csv",
        config.corpus.join("metadata.csv").display()
    )
}

/// Open the streamed row tables (or, for a partial, the framed row files).
fn open_sink(
    config: &RunConfig,
    staging: &mut Staging,
    ctx: &SchemaContext,
    n_types: usize,
) -> Result<Sink> {
    let partial = config.shard.is_some() || config.stdin_jsonl;
    let style = config.style;
    let mut open = |table: &str| -> Result<RowTable> {
        if partial {
            let file = staging.open(&partial_rows_file(table))?;
            return Ok(RowTable { out: file, rows: 0 });
        }
        let file = staging.open(&style.file_name(table))?;
        let out = header_only(style, file, &schema(table).header(ctx))?;
        Ok(RowTable { out, rows: 0 })
    };
    let tables = RowTables {
        measures: open("measures")?,
        metrics: open("metrics")?,
        sentences: open("sentences")?,
        documents: open("documents")?,
        dtm: match config.dtm {
            Some(_) => Some(RowTable {
                out: staging.open(DTM_ROWS)?,
                rows: 0,
            }),
            None => None,
        },
    };
    Ok(Sink {
        accs: Vec::new(),
        headlines: Vec::new(),
        inputs: Vec::new(),
        empty_docs: Vec::new(),
        long_cuts: 0,
        cache_hits: 0,
        tables,
        framed: partial,
        style,
        n_types,
        open_doc: None,
    })
}

/// Batch N+1 is analysed while batch N is merged and written, so the serial part (merging
/// counts, writing and hashing rows) overlaps the parallel part.
fn drive<R: std::io::BufRead + Send>(
    config: &RunConfig,
    source: &mut Source<R>,
    res: &Resources,
    sink: &mut Sink,
    bar: &ProgressBar,
    pool: &rayon::ThreadPool,
) -> Result<()> {
    pool.install(|| -> Result<()> {
        let mut pending: Option<BatchResult> = None;
        while let Some(batch) = source.next_batch()? {
            check_interrupted()?;
            let (done, absorbed) = rayon::join(
                || process_batch(&batch, res, config),
                || pending.take().map_or(Ok(()), |p| sink.absorb(p, bar)),
            );
            absorbed?;
            pending = Some(done?);
        }
        if let Some(p) = pending {
            sink.absorb(p, bar)?;
        }
        sink.close_doc()
    })
}

/// Close the row tables and turn what the sink gathered into warnings.
fn close_sink(sink: &mut Sink, staging: &mut Staging, warnings: &mut Vec<String>) -> Result<()> {
    let tables = std::mem::replace(&mut sink.tables.dtm, None);
    if let Some(t) = tables {
        staging.close(t.out, t.rows)?;
    }
    for path in std::mem::take(&mut sink.empty_docs) {
        warnings.push(format!(
            "{path}: empty document; its group is counted with zeros"
        ));
    }
    if sink.long_cuts > 0 {
        warnings.push(format!(
            "{} sentence(s) longer than {MAX_SENTENCE_CHARS} chars were cut at a safe point",
            sink.long_cuts
        ));
    }
    Ok(())
}

pub fn run(config: &RunConfig) -> Result<RunReport> {
    let started = Instant::now();
    let started_at = std::time::SystemTime::now();
    check_out_dir(&config.out, config.force)?;
    let mut staging = Staging::new(&config.out)?;
    let mut warnings = Vec::new();
    let mut source = open_source(config, &mut warnings)?;
    let spinner = progress(config.quiet, 0, "{spinner} {msg}");
    spinner.set_message("loading dictionaries");
    let res = Resources::load(&config.dicts)?;
    spinner.finish_and_clear();
    let ctx = schema_context(config, &source, &res);
    check_type_names(&ctx)?;
    check_column_clash(config, &ctx)?;
    warnings.extend(res.warnings.iter().cloned());
    let partial = config.shard.is_some() || config.stdin_jsonl;
    let bar = progress(
        config.quiet,
        source.total_bytes(),
        "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
    );
    bar.set_prefix("processing");
    let mut sink = open_sink(config, &mut staging, &ctx, res.measures.types.len())?;
    // One pool for the run: the analysis and the derived tables use `--threads` threads.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .context("cannot start worker threads")?;
    drive(config, &mut source, &res, &mut sink, &bar, &pool)?;
    bar.finish_and_clear();
    close_sink(&mut sink, &mut staging, &mut warnings)?;
    let groups = source.groups();
    let n_groups = groups.len();
    sink.accs.resize(n_groups, GroupAcc::default());
    sink.headlines.resize(n_groups, Vec::new());
    let Sink {
        accs,
        headlines,
        inputs,
        cache_hits,
        tables,
        ..
    } = sink;
    for t in [
        tables.measures,
        tables.metrics,
        tables.sentences,
        tables.documents,
    ] {
        staging.close(t.out, t.rows)?;
    }
    let totals = Totals {
        group_columns: ctx.group_columns.clone(),
        groups: groups.keys.clone(),
        first_index: groups.first_index.clone(),
        meta_columns: ctx.meta_columns.clone(),
        carried_columns: ctx.carried_columns.clone(),
        meta_values: (0..n_groups).map(|g| source.meta_values(g)).collect(),
        accs,
        headlines,
        inputs: input_entries(&inputs),
    };
    if partial {
        crate::run::partial::write_partial(&mut staging, &totals, &warnings)?;
    }
    let finish = Finish {
        style: config.style,
        report: config.report,
        dtm_min_count: config.dtm,
        resolved: &config.resolved,
        partial: partial.then(|| PartialInfo::new(config.shard, &config.resolved, &totals.inputs)),
        timing: Timing::since(
            started,
            started_at,
            config.threads,
            &config.out,
            &config.arguments,
        ),
    };
    let tables = pool.install(|| finalize(staging, &totals, &res, finish))?;
    warnings.extend(no_reference_warning(&totals.accs).filter(|_| !partial));
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
        let sum = |f: fn(&GroupAcc) -> u64| totals.accs.iter().map(f).sum();
        Self {
            groups: totals.groups.len(),
            documents: sum(|a| a.counts.documents),
            sentences: sum(|a| a.counts.sentences),
            tokens: sum(|a| a.counts.tokens),
            bytes: totals.inputs.iter().map(|i| i.bytes).sum(),
            elapsed: started.elapsed(),
            tables,
            cache_hits: 0,
            warnings,
        }
    }
}
